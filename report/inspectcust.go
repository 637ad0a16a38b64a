package report

import "github.com/rfmtool/rfm/rfm/ingest"

// customerColumnsOf adds a customer table's columns to c.
func customerColumnsOf(c *columnsDoc, cc *ingest.CustomerColumns) {
	col := func(m ingest.Metric) *columnDoc {
		ch := cc.Metrics[m]
		if ch.Index < 0 {
			return nil
		}
		others := ch.Others
		if others == nil {
			others = []string{}
		}
		return &columnDoc{Column: ch.Header, Index: ch.Index + 1, ByFlag: ch.ByFlag, Rejected: others}
	}
	c.RecencyDays = col(ingest.MetricRecency)
	c.LastDate = col(ingest.MetricLastDate)
	c.Frequency = col(ingest.MetricFrequency)
	c.Monetary = col(ingest.MetricMonetary)
}

// customerRoles lists a customer table's columns for the text report.
func customerRoles(c *columnsDoc) []struct {
	name string
	c    *columnDoc
} {
	return []struct {
		name string
		c    *columnDoc
	}{{"customer", c.Customer}, {"recency days", c.RecencyDays}, {"last date", c.LastDate},
		{"frequency", c.Frequency}, {"monetary", c.Monetary}}
}
