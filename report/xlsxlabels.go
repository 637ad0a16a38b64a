package report

import (
	"github.com/rfmtool/rfm/rfm"
	"github.com/rfmtool/rfm/segment"
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

func xlsxLabelsFor(l segment.Lang) xlsxLabels {
	if l == segment.EN {
		return xlsxLabels{
			summary: "Summary", customers: "Customers", method: "Method", quality: "Data quality",
			title: "RFM customer segmentation", input: "Input", asOf: "as of", scored: "customers scored",
			methodWord: "method", bins: "bins", binsLabel: "Bins (score levels)", segments: "segments",
			asOfLabel: "As-of date", methodLabel: "Scoring method", schemeLabel: "Segment scheme",
			contNote: "The customers continue on %d sheets: %s (at most %s rows each).",
			total:    "Total",
			heatmap:  "Customers by R and F score", heatmapNote: "Rows: R score (recent at the top); columns: F score; colour: number of customers.",
			rScore: "R", fScore: "F",
			chartTitle: "Share of customers and of monetary by class", custShare: "Customer share", monShare: "Monetary share",
			class: "Class", tier: "Tier", customersCol: "Customers", monetary: "Monetary", meanR: "Mean R (days)", meanF: "Mean F", meanM: "Mean M", action: "Recommended action",
			item: "Item", value: "Value", file: "Input file", sha: "Input SHA-256", sheet: "Sheet", format: "Input format",
			asOfGiven: "given with --as-of", asOfData: "the day after the latest used row", notGiven: "not known",
			split: "High/low split", splitMean: "score ≥ its mean", splitMedian: "score ≥ its median",
			thresholds: "High when", allEqual: "all equal: low for everyone",
			cuts: "%s cut points", means: "%s mean",
			unused: "Unused %s scores", none: "none",
			dateFormat: "Date format detected", columns: "Columns used", tiers: "Tiers", tiersClass: "by class",
			version: "rfm version", classes: "Classes and their rules",
			ruleNote: "R, F, M: high or low by the split above; for range schemes, the inclusive score ranges, tried in order.",
			stdin:    "standard input", byFlag: "named by flag",
			rowsRead: "Rows read", rowsUsed: "Rows used", rowsRejected: "Rows rejected", rowsFiltered: "Rows filtered (--where)",
			rowsAfter: "Rows after the as-of date", rowsDup: "Duplicate rows (--dedupe)",
			rejectedBy: "Rejected rows by reason", notScored: "Customers not scored", notScoredBy: "Customers not scored by reason",
			customersScored: "Customers scored", identity: "Accounting",
			floatIDs:  "Every customer id ended in \".0\": the column was probably converted to numbers; ids are kept as written.",
			reasonCol: "Reason", countCol: "Rows", shareCol: "Share of rows read",
		}
	}
	return xlsxLabels{
		summary: "概览", customers: "客户明细", method: "方法", quality: "数据质量",
		title: "RFM 客户分层报告", input: "输入", asOf: "截止日期", scored: "已评分客户",
		methodWord: "方法", bins: "级", binsLabel: "评分级数", segments: "分层方案",
		asOfLabel: "截止日期", methodLabel: "评分方法", schemeLabel: "分层方案",
		contNote: "客户明细分在 %d 张工作表：%s（每张最多 %s 行）。",
		total:    "合计",
		heatmap:  "R × F 客户数分布", heatmapNote: "行：R 评分（上方为最近购买）；列：F 评分；颜色越深客户越多。",
		rScore: "R", fScore: "F",
		chartTitle: "各类客户的人数占比与金额占比", custShare: "客户占比", monShare: "金额占比",
		class: "客户类别", tier: "等级", customersCol: "客户数", monetary: "消费总额", meanR: "平均R(天)", meanF: "平均F", meanM: "平均M", action: "建议动作",
		item: "项目", value: "内容", file: "输入文件", sha: "输入文件 SHA-256", sheet: "工作表", format: "输入格式",
		asOfGiven: "由 --as-of 指定", asOfData: "最后一笔使用记录的次日", notGiven: "未知",
		split: "高低划分", splitMean: "评分 ≥ 均值", splitMedian: "评分 ≥ 中位数",
		thresholds: "判为高的条件", allEqual: "全部相同：均为低",
		cuts: "%s 切分点", means: "%s 均值",
		unused: "未使用的 %s 评分", none: "无",
		dateFormat: "识别的日期格式", columns: "使用的列", tiers: "等级规则", tiersClass: "按客户类别",
		version: "rfm 版本", classes: "客户类别及规则",
		ruleNote: "R、F、M：按上面的高低划分；区间方案为包含两端的评分区间，按顺序匹配。",
		stdin:    "标准输入", byFlag: "由参数指定",
		rowsRead: "读取行数", rowsUsed: "使用行数", rowsRejected: "拒绝行数", rowsFiltered: "筛除行数（--where）",
		rowsAfter: "晚于截止日期的行数", rowsDup: "重复行数（--dedupe）",
		rejectedBy: "按原因统计的拒绝行", notScored: "未评分客户", notScoredBy: "按原因统计的未评分客户",
		customersScored: "已评分客户", identity: "行数核对",
		floatIDs:  "所有客户 ID 都以 \".0\" 结尾：该列可能被转换成了数字；ID 按原样保留。",
		reasonCol: "原因", countCol: "行数", shareCol: "占读取行数",
	}
}

// metricName names a metric on the method sheet.
func metricName(m rfm.Metric, l segment.Lang) string {
	return [3]string{l.Pick("R（距今天数）", "Recency (days)"), l.Pick("F（购买次数）", "Frequency (orders)"), l.Pick("M（消费金额）", "Monetary")}[m]
}

// reasonsZH translates the reasons rows are rejected and customers are not
// scored for; the English words stay beside them, as the rejects file has
// them.
var reasonsZH = map[string]string{
	"wrong number of fields":               "字段数不符",
	"unbalanced quotes":                    "引号不成对",
	"empty customer id":                    "客户 ID 为空",
	"empty date":                           "日期为空",
	"bad date":                             "日期无法识别",
	"date contradicts the day/month order": "日期与文件的日/月顺序矛盾",
	"empty amount":                         "金额为空",
	"bad amount":                           "金额无法识别",
	"empty quantity":                       "数量为空",
	"bad quantity":                         "数量无法识别",
	"empty unit price":                     "单价为空",
	"bad unit price":                       "单价无法识别",
	string(rfm.NoPurchase):                 "没有购买记录",
	string(rfm.NonPositiveSpend):           "净消费额 ≤ 0",
}

// reason names a reject or not-scored reason in the language.
func reason(k string, l segment.Lang) string {
	if zh, ok := reasonsZH[k]; ok && l == segment.ZH {
		return zh + "（" + k + "）"
	}
	return k
}
