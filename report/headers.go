package report

import (
	"github.com/rfmtool/rfm/rfm/i18n"
)

// columnNames are the Chinese names of the customer output's columns (SPEC
// §6, --weights, --lifecycle, --with-clv and rfm clv's): the workbook's
// customer sheet uses them in a Chinese interface, a CSV file with
// --headers zh, and rfm diff reads either.
var columnNames = map[string]string{
	"customer_id":            "客户ID",
	"recency_days":           "最近购买距今天数",
	"frequency":              "购买次数",
	"monetary":               "消费金额",
	"first_order_date":       "首次购买日期",
	"last_order_date":        "最近购买日期",
	"r_score":                "R评分",
	"f_score":                "F评分",
	"m_score":                "M评分",
	"rfm_code":               "RFM代码",
	"rfm_sum":                "RFM总分",
	"segment":                "客户类别",
	"tier":                   "等级",
	WeightedColumn:           "综合得分",
	"tenure_days":            "首购至今天数",
	"purchase_days":          "购买天数",
	"lifecycle":              "生命周期阶段",
	"mean_gap_days":          "平均购买间隔天数",
	"churn_warning":          "流失预警",
	"expected_next_date":     "预计下次购买日期",
	"p_alive":                "存活概率",
	"clv":                    "客户终身价值",
	"churn_risk":             "流失风险",
	"x":                      "重复购买天数",
	"t_x":                    "首末购买间隔",
	"T":                      "观察期",
	"m_bar":                  "平均复购金额",
	"past_value":             "历史消费额",
	"expected_purchases":     "预期购买次数",
	"expected_spend":         "预期单次消费",
	"expected_purchases_p05": "预期购买次数P05",
	"expected_purchases_p95": "预期购买次数P95",
	"clv_p05":                "客户终身价值P05",
	"clv_p95":                "客户终身价值P95",
	// rfm diff's moves.
	"from_segment":  "原客户类别",
	"to_segment":    "现客户类别",
	"from_tier":     "原等级",
	"to_tier":       "现等级",
	"from_rfm_code": "原RFM代码",
	"to_rfm_code":   "现RFM代码",
	"d_recency":     "R变化(天)",
	"d_frequency":   "F变化",
	"d_monetary":    "M变化",
	"direction":     "变化方向",
}

// columnOf maps a Chinese column name back to SPEC's.
var columnOf = func() map[string]string {
	m := make(map[string]string, len(columnNames))
	for en, zh := range columnNames {
		m[zh] = en
	}
	return m
}()

// ColumnName returns an output column's name in l: SPEC's English name, or
// its Chinese name.
func ColumnName(col string, l i18n.Lang) string {
	if zh, ok := columnNames[col]; ok && l == i18n.ZH {
		return zh
	}
	return col
}

// ColumnOf returns SPEC's name of an output column written in either
// language, and whether name is one.
func ColumnOf(name string) (string, bool) {
	if _, ok := columnNames[name]; ok {
		return name, true
	}
	en, ok := columnOf[name]
	return en, ok
}

// headerIn returns the header h in l. A kept column keeps the input's name:
// it cannot have the name of an output column (score refuses such a --keep).
func headerIn(h []string, l i18n.Lang) []string {
	if l != i18n.ZH {
		return h
	}
	out := make([]string, len(h))
	for i, n := range h {
		out[i] = ColumnName(n, l)
	}
	return out
}
