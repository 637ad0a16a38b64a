package ingest

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/rfmtool/rfm/rfm/i18n"
)

// Role is what a column means to the tool.
type Role int

// The roles of SPEC §1.
const (
	RoleCustomer Role = iota
	RoleDate
	RoleAmount
	RoleQuantity
	RolePrice
	RoleOrder
	numRoles
)

var roleNames = [...]string{"customer", "date", "amount", "quantity", "unit price", "order id"}
var roleFlags = [...]string{"--customer-col", "--date-col", "--amount-col", "--quantity-col", "--price-col", "--order-col"}

func (r Role) String() string { return roleNames[r] }

// Flag returns the flag that names the role's column.
func (r Role) Flag() string { return roleFlags[r] }

// synonyms lists the recognised headers of each role, most preferred first.
var synonyms = [numRoles][]string{
	RoleCustomer: {"customer_id", "customerid", "customer", "cust_id", "client_id", "member_id", "user_id", "buyer_id", "客户ID", "客户编号", "客户", "客户名称", "会员ID", "会员编号", "会员名", "用户ID", "买家", "买家ID", "买家昵称"},
	RoleDate:     {"order_date", "date", "invoicedate", "invoice_date", "order_time", "created_at", "purchase_date", "transaction_date", "订单日期", "下单时间", "日期", "交易时间", "付款时间", "付款日期", "支付时间", "成交时间", "购买日期"},
	RoleAmount:   {"amount", "total", "grand_total", "revenue", "sales", "order_amount", "payment", "金额", "订单金额", "实付金额", "销售额", "交易金额", "付款金额"},
	RoleQuantity: {"quantity", "qty", "数量"},
	RolePrice:    {"unitprice", "unit_price", "price", "单价"},
	RoleOrder:    {"order_id", "orderid", "invoice", "invoiceno", "invoice_no", "transaction_id", "订单号", "订单编号", "单号"},
}

// NormalizeHeader folds a header for matching: NFKC, lower case, without
// spaces, '_' and '-', and without a trailing unit in brackets (金额(元)).
func NormalizeHeader(h string) string {
	h = norm.NFKC.String(h)
	h = strings.ToLower(h)
	h = strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '_' || r == '-' || r == '\uFEFF' {
			return -1
		}
		return r
	}, h)
	for _, p := range [][2]string{{"(", ")"}, {"[", "]"}, {"【", "】"}} {
		if strings.HasSuffix(h, p[1]) {
			if i := strings.LastIndex(h, p[0]); i > 0 {
				h = h[:i]
				break
			}
		}
	}
	return h
}

// Choice records how a role's column was chosen.
type Choice struct {
	Role   Role
	Index  int    // column index, -1 when absent
	Header string // the header as written
	// Others lists the other headers that matched the role and lost.
	Others []string
	// ByFlag says the column was named by a flag.
	ByFlag bool
}

// Columns is the resolved column layout of a file.
type Columns struct {
	Roles [numRoles]Choice
	Keep  []int
	// Status is the index of a column headed like an order status
	// (statusSynonyms) that no role uses, or -1.
	Status int
	// Header is the header row as written (trimmed).
	Header []string
}

// Has reports whether the role has a column.
func (c *Columns) Has(r Role) bool { return c.Roles[r].Index >= 0 }

// resolve chooses the column of every role and of every kept column.
func resolve(header []string, names [numRoles]string, keep, reserved []string) (*Columns, error) {
	cols := &Columns{Header: header}
	normed := make([]string, len(header))
	for i, h := range header {
		normed[i] = NormalizeHeader(h)
	}
	used := map[int]Role{}
	find := func(r Role) error {
		ch := Choice{Role: r, Index: -1}
		if name := names[r]; name != "" {
			i, err := lookup(header, normed, name)
			if err != nil {
				return i18n.Errorf("%s %q: %w", r.Flag(), name, err)
			}
			ch.Index, ch.Header, ch.ByFlag = i, header[i], true
		} else {
			for _, syn := range synonyms[r] {
				want := NormalizeHeader(syn)
				for i, n := range normed {
					if n != want || i == ch.Index || contains(ch.Others, header[i]) {
						continue
					}
					if ch.Index >= 0 && NormalizeHeader(header[ch.Index]) == n {
						return i18n.Errorf("two columns are headed %q (columns %d and %d); rename one or name the column with %s", header[i], ch.Index+1, i+1, r.Flag())
					}
					if ch.Index < 0 {
						ch.Index, ch.Header = i, header[i]
					} else {
						ch.Others = append(ch.Others, header[i])
					}
				}
			}
		}
		if ch.Index >= 0 {
			if other, ok := used[ch.Index]; ok {
				return i18n.Errorf("column %q cannot be both the %s and the %s column", ch.Header, other, r)
			}
			used[ch.Index] = r
		}
		cols.Roles[r] = ch
		return nil
	}
	for r := Role(0); r < numRoles; r++ {
		if err := find(r); err != nil {
			return nil, err
		}
	}
	cols.Status = findStatus(normed, func(i int) bool { _, ok := used[i]; return ok })
	qtyByFlag := cols.Roles[RoleQuantity].ByFlag && cols.Roles[RolePrice].ByFlag && !cols.Roles[RoleAmount].ByFlag
	noAmount := (!cols.Has(RoleAmount) || qtyByFlag) && (!cols.Has(RoleQuantity) || !cols.Has(RolePrice))
	if err := missingColumns(header, !cols.Has(RoleCustomer), !cols.Has(RoleDate), noAmount); err != nil {
		return nil, err
	}
	if !cols.Has(RoleAmount) || qtyByFlag {
		cols.Roles[RoleAmount] = Choice{Role: RoleAmount, Index: -1}
	} else {
		cols.Roles[RoleQuantity].Index, cols.Roles[RolePrice].Index = -1, -1
	}
	for _, k := range keep {
		i, err := lookup(header, normed, k)
		if err != nil {
			return nil, i18n.Errorf("--keep %q: %w", k, err)
		}
		for _, out := range slices.Concat(OutputColumns(), reserved) {
			if header[i] == out {
				return nil, i18n.Errorf("--keep %q: the output already has a column %q", k, out)
			}
		}
		cols.Keep = append(cols.Keep, i)
	}
	return cols, nil
}

// missingColumns names every required column the header lacks, in one
// message, with the headers found and the flag that names each.
func missingColumns(header []string, customer, date, amount bool) error {
	var roles, flags []any
	if customer {
		roles, flags = append(roles, RoleCustomer), append(flags, RoleCustomer.Flag())
	}
	if date {
		roles, flags = append(roles, RoleDate), append(flags, RoleDate.Flag())
	}
	if amount {
		roles, flags = append(roles, RoleAmount), append(flags, "--amount-col")
	}
	if len(roles) == 0 {
		return nil
	}
	found := bracketed(header)
	hint := delimiterHint(header)
	if len(roles) == 1 {
		if amount {
			return i18n.Errorf("no amount column among %s; name it with --amount-col, or give --quantity-col and --price-col%s", found, hint)
		}
		return i18n.Errorf("no %s column among %s; name it with %s%s", roles[0], found, flags[0], hint)
	}
	list := wordList{words: roles}
	var fl any = wordList{words: flags, and: true}
	if amount {
		fl = i18n.Errorf("%s (or --quantity-col and --price-col)", fl)
	}
	return i18n.Errorf("no %s column among %s; name them with %s%s", list, found, fl, hint)
}

// bracketed is the header list in brackets, as the messages that name the
// columns found write it: [a, b, c].
func bracketed(header []string) i18n.Localizer {
	return i18n.Errorf("[%s]", headerList(header)).(i18n.Localizer)
}

// OutputColumns returns the customer output's own column names (SPEC §6).
func OutputColumns() []string {
	return []string{"customer_id", "recency_days", "frequency", "monetary", "first_order_date",
		"last_order_date", "r_score", "f_score", "m_score", "rfm_code", "rfm_sum", "segment", "tier"}
}

// lookup finds a column by its header as written, else by normalised header.
func lookup(header, normed []string, name string) (int, error) {
	match := -1
	for i, h := range header {
		if h == name {
			if match >= 0 {
				return 0, i18n.Errorf("two columns are headed %q (columns %d and %d)", name, match+1, i+1)
			}
			match = i
		}
	}
	if match >= 0 {
		return match, nil
	}
	want := NormalizeHeader(name)
	for i, n := range normed {
		if n == want {
			if match >= 0 {
				return 0, i18n.Errorf("two columns match %q (%q and %q)", name, header[match], header[i])
			}
			match = i
		}
	}
	if match < 0 {
		return 0, i18n.Errorf("no such column among [%s]", headerList(header))
	}
	return match, nil
}

// HeaderList joins headers for a message, each cut to 40 characters and at
// most 30 of them, so that a binary or one-line file cannot flood the screen.
func HeaderList(header []string) string {
	const maxHeaders, maxLen = maxListHeaders, 40
	var b strings.Builder
	for i, h := range header {
		if i == maxHeaders {
			fmt.Fprintf(&b, ", … %d more", len(header)-maxHeaders)
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		for j, r := range []rune(h) {
			if j == maxLen-1 && utf8.RuneCountInString(h) > maxLen {
				b.WriteRune('…')
				break
			}
			if unicode.IsPrint(r) {
				b.WriteRune(r)
			} else {
				q := strconv.QuoteRune(r)
				b.WriteString(q[1 : len(q)-1])
			}
		}
	}
	return b.String()
}

// maxListHeaders is how many headers HeaderList writes.
const maxListHeaders = 30

// delimiterHint says, for a header read as one column that holds one of the
// other delimiters, which --delimiter would split it; it is empty otherwise.
func delimiterHint(header []string) i18n.Localizer {
	if len(header) != 1 {
		return i18n.Text("")
	}
	d := sniffDelimiter([]byte(header[0]))
	if !strings.ContainsRune(header[0], rune(d)) {
		return i18n.Text("")
	}
	name := string(d)
	if d == '\t' {
		name = "tab"
	}
	return i18n.Errorf(" (the header reads as one column; if %q separates its fields, give --delimiter %s)", string(d), name).(i18n.Localizer)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
