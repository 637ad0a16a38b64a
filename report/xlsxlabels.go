package report

import (
	"github.com/rfmtool/rfm/rfm"
	"github.com/rfmtool/rfm/rfm/i18n"
)

// xlsxLabels are the workbook's words in one language.
type xlsxLabels struct {
	summary, customers, method, quality string

	title, input, asOf, scored, methodWord, bins, binsLabel, segments string
	asOfLabel, methodLabel, schemeLabel                               string
	contNote                                                          string
	total                                                             string
	heatmap, heatmapNote, rScore, fScore                              string
	chartTitle, custShare, monShare                                   string
	class, tier, customersCol, monetary, meanR, meanF, meanM, action  string

	item, value, file, sha, sheet, format, asOfGiven, asOfData, notGiven   string
	split, splitMean, splitMedian, thresholds, allEqual, cuts, means       string
	unused, none, dateFormat, columns, tiers, tiersClass, version, classes string
	ruleNote, stdin, byFlag                                                string

	rowsRead, rowsUsed, rowsRejected, rowsFiltered, rowsAfter, rowsDup string
	rejectedBy, notScored, notScoredBy, customersScored, identity      string
	floatIDs, reasonCol, countCol, shareCol                            string
}

func xlsxLabelsFor(l i18n.Lang) xlsxLabels {
	return xlsxLabels{
		summary: l.T("Summary"), customers: TC(l, "sheet", "Customers"), method: l.T("Method"), quality: l.T("Data quality"),
		title: l.T("RFM customer segmentation"), input: l.T("Input"), asOf: l.T("as of"), scored: l.T("customers scored"),
		methodWord: l.T("method"), bins: l.T("bins"), binsLabel: l.T("Bins (score levels)"), segments: l.T("segments"),
		asOfLabel: l.T("As-of date"), methodLabel: l.T("Scoring method"), schemeLabel: l.T("Segment scheme"),
		contNote: l.T("The customers continue on %d sheets: %s (at most %s rows each)."),
		total:    l.T("Total"),
		heatmap:  l.T("Customers by R and F score"), heatmapNote: l.T("Rows: R score (recent at the top); columns: F score; colour: number of customers."),
		rScore: "R", fScore: "F",
		chartTitle: l.T("Share of customers and of monetary by class"), custShare: l.T("Customer share"), monShare: l.T("Monetary share"),
		class: l.T("Class"), tier: l.T("Tier"), customersCol: l.T("Customers"), monetary: TC(l, "total of a class", "Monetary"), meanR: l.T("Mean R (days)"), meanF: l.T("Mean F"), meanM: l.T("Mean M"), action: l.T("Recommended action"),
		item: l.T("Item"), value: TC(l, "of an item", "Value"), file: l.T("Input file"), sha: l.T("Input SHA-256"), sheet: l.T("Sheet"), format: l.T("Input format"),
		asOfGiven: l.T("given with --as-of"), asOfData: l.T("the day after the latest used row"), notGiven: l.T("not known"),
		split: l.T("High/low split"), splitMean: l.T("score ≥ its mean"), splitMedian: l.T("score ≥ its median"),
		thresholds: l.T("High when"), allEqual: l.T("all equal: low for everyone"),
		cuts: l.T("%s cut points"), means: l.T("%s mean"),
		unused: l.T("Unused %s scores"), none: l.T("none"),
		dateFormat: l.T("Date format detected"), columns: l.T("Columns used"), tiers: l.T("Tiers"), tiersClass: l.T("by class"),
		version: l.T("rfm version"), classes: l.T("Classes and their rules"),
		ruleNote: l.T("R, F, M: high or low by the split above; for range schemes, the inclusive score ranges, tried in order."),
		stdin:    l.T("standard input"), byFlag: l.T("named by flag"),
		rowsRead: l.T("Rows read"), rowsUsed: l.T("Rows used"), rowsRejected: l.T("Rows rejected"), rowsFiltered: l.T("Rows filtered (--where)"),
		rowsAfter: l.T("Rows after the as-of date"), rowsDup: l.T("Duplicate rows (--dedupe)"),
		rejectedBy: l.T("Rejected rows by reason"), notScored: l.T("Customers not scored"), notScoredBy: l.T("Customers not scored by reason"),
		customersScored: l.T("Customers scored"), identity: l.T("Accounting"),
		floatIDs:  l.T("Every customer id ended in \".0\": the column was probably converted to numbers; ids are kept as written."),
		reasonCol: l.T("Reason"), countCol: l.T("Rows"), shareCol: l.T("Share of rows read"),
	}
}

// metricName names a metric on the method sheet.
func metricName(m rfm.Metric, l i18n.Lang) string {
	return [3]string{l.T("Recency (days)"), l.T("Frequency (orders)"), TC(l, "metric", "Monetary")}[m]
}

// reason names a reject or not-scored reason in the language: translated,
// with the English words beside it, as the rejects file has them.
func reason(k string, l i18n.Lang) string {
	if t := l.T(k); t != k {
		return t + "（" + k + "）"
	}
	return k
}
