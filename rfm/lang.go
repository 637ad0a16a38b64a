package rfm

import "github.com/rfmtool/rfm/rfm/i18n"

// Localize names the metric in l, as a message argument: "recency",
// R（最近一次购买距今天数）.
func (m Metric) Localize(l i18n.Lang) string { return l.T(m.String()) }

// Localize names the reason in l: "no purchase row", 没有购买记录.
func (n NotScored) Localize(l i18n.Lang) string { return l.T(string(n)) }
