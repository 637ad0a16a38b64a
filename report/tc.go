package report

import (
	"github.com/rfmtool/rfm/rfm"
	"github.com/rfmtool/rfm/rfm/i18n"
	"github.com/rfmtool/rfm/rfm/ingest"
)

// TC returns key in l where one English word needs two translations by
// where it stands ("Customers": a sheet of customers, 客户明细, or a
// count of them, 客户数): the catalog holds the Chinese under
// "context: key"; English is key itself.
func TC(l i18n.Lang, context, key string) string {
	if l == i18n.EN {
		return key
	}
	return l.T(context + ": " + key)
}

// ListSep is the separator of a list's items in l: ", " or "、".
func ListSep(l i18n.Lang) string { return TC(l, "list", ", ") }

// MethodText names a scoring method in l: the flag's value, in Chinese
// after its name ("分位数（quantile）").
func MethodText(m rfm.Method, l i18n.Lang) string { return TC(l, "method", m.String()) }

// RoleText names a column's role in l ("customer", "客户").
func RoleText(r ingest.Role, l i18n.Lang) string { return TC(l, "role", r.String()) }
