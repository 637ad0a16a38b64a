package main

// The cross-check: a second, deliberately plain implementation of SPEC.md §1–§6
// (encoding/csv, exact decimals and big.Rat, sorting) run side by side with the
// rfm command's run, in this process (the scripts run the command as a
// process). Every customer row of
// `rfm score FILE -o -` must be byte for byte what the reference computes; the
// --rejects file must hold the same lines for the same kind of reason; the
// accounting line on stderr must add up and match the reference's counts.
//
// Inputs: the UCI Online Retail export from ../shared/data (skipped when absent;
// with -short only four of its runs), generated data with every awkward case
// SPEC names, and tiny hand-written files.

import (
	"bytes"
	"compress/gzip"
	"encoding/csv"
	"fmt"
	"io"
	"math/big"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"
)

// refConfig is what one run of the reference computes: the columns and every
// flag of §1–§6 that the cross-check exercises.
type refConfig struct {
	customer, date, amount, qty, price, order string

	keep     []string
	where    []refFilter
	whereNot []refFilter

	hasAsOf bool
	asOf    int // days since 1970-01-01

	method    string // quantile, rank, thresholds, mean
	bins      int
	cuts      [3][]*big.Rat // r, f, m threshold cut points
	monMean   bool
	retIgnore bool
	pareto    bool
	parA      *big.Rat
	parB      *big.Rat
	median    bool
	en        bool
	dateOrder string // "", "mdy" or "dmy" (--date-format)
	decComma  bool
	dedupe    bool
	bom       bool // --excel-bom
	comma     rune // the file's delimiter, when not ','
}

type refFilter struct {
	col  string
	vals []string
}

// refApplyArgs sets the reference configuration from the same flags that are
// given to the binary, so the two cannot drift apart.
func refApplyArgs(t *testing.T, cfg refConfig, args []string) refConfig {
	t.Helper()
	cfg.method, cfg.bins = "quantile", 5
	cfg.parA, cfg.parB = big.NewRat(80, 1), big.NewRat(95, 1)
	for i := 0; i < len(args); i++ {
		name := args[i]
		val := ""
		if k := strings.IndexByte(name, '='); k >= 0 && strings.HasPrefix(name, "--") {
			name, val = name[:k], name[k+1:]
		} else if name == "--decimal-comma" || name == "--dedupe" || name == "--excel-bom" {
			// switches take no value
		} else if i+1 < len(args) {
			val = args[i+1]
			i++
		}
		switch name {
		case "--method":
			cfg.method = val
		case "--bins":
			n, err := strconv.Atoi(val)
			if err != nil {
				t.Fatalf("bad --bins %q", val)
			}
			cfg.bins = n
		case "--monetary":
			cfg.monMean = val == "mean"
		case "--returns":
			cfg.retIgnore = val == "ignore"
		case "--as-of":
			d, ok := refParseDate(val, "")
			if !ok {
				t.Fatalf("bad --as-of %q", val)
			}
			cfg.hasAsOf, cfg.asOf = true, d
		case "--tiers":
			cfg.pareto = strings.HasPrefix(val, "pareto")
			if rest, ok := strings.CutPrefix(val, "pareto="); ok {
				a, b, _ := strings.Cut(rest, ",")
				cfg.parA, cfg.parB = refRat(t, a), refRat(t, b)
			}
		case "--split":
			cfg.median = val == "median"
		case "--lang":
			cfg.en = val == "en"
		case "--keep":
			cfg.keep = strings.Split(val, ",")
		case "--where", "--where-not":
			col, vs, _ := strings.Cut(val, "=")
			f := refFilter{col: col}
			for _, v := range strings.Split(vs, ",") {
				f.vals = append(f.vals, refTrim(v))
			}
			if name == "--where" {
				cfg.where = append(cfg.where, f)
			} else {
				cfg.whereNot = append(cfg.whereNot, f)
			}
		case "--r-cuts", "--f-cuts", "--m-cuts":
			var cuts []*big.Rat
			for _, c := range strings.Split(val, ",") {
				cuts = append(cuts, refRat(t, c))
			}
			cfg.cuts[strings.Index("rfm", name[2:3])] = cuts
		case "--date-format":
			cfg.dateOrder = val
		case "--decimal-comma":
			cfg.decComma = true
		case "--dedupe":
			cfg.dedupe = true
		case "--excel-bom":
			cfg.bom = true
		default:
			t.Fatalf("reference does not know flag %q", name)
		}
	}
	return cfg
}

func refRat(t *testing.T, s string) *big.Rat {
	t.Helper()
	r, ok := new(big.Rat).SetString(strings.TrimSpace(s))
	if !ok {
		t.Fatalf("bad number %q", s)
	}
	return r
}

// refTrim trims Unicode white space and U+FEFF (§1 ids, §1 filters).
func refTrim(s string) string {
	return strings.TrimFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r == '\uFEFF' })
}

// ---- §1 dates ----

var (
	refDateForms = []*regexp.Regexp{
		regexp.MustCompile(`^(\d{4})-(\d{1,2})-(\d{1,2})`),
		regexp.MustCompile(`^(\d{4})/(\d{1,2})/(\d{1,2})`),
		regexp.MustCompile(`^(\d{4})\.(\d{1,2})\.(\d{1,2})`),
		regexp.MustCompile(`^(\d{4})(\d{2})(\d{2})`),
		regexp.MustCompile(`^(\d{4})年(\d{1,2})月(\d{1,2})日`),
	}
	refABY    = regexp.MustCompile(`^(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})`)
	refTimeRE = regexp.MustCompile(`^\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?( ?[AaPp][Mm])?(Z|[+-]\d{2}:?\d{2})?$`)
)

// refDays is the day number of a calendar date, or false when it does not exist.
func refDays(y, m, d int) (int, bool) {
	tm := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if tm.Year() != y || int(tm.Month()) != m || tm.Day() != d {
		return 0, false
	}
	return int(tm.Unix() / 86400), true
}

func refTimeTail(rest string) bool {
	if rest == "" {
		return true
	}
	if rest[0] != ' ' && rest[0] != 'T' {
		return false
	}
	if len(rest) == 9 && rest[3] == ':' && rest[6] == ':' && refAllDigits(rest[1:3]) && refAllDigits(rest[4:6]) && refAllDigits(rest[7:9]) {
		return true
	}
	return refTimeRE.MatchString(rest[1:])
}

// refParseDate reads the §1 date forms used by the cross-check data; order is
// "mdy" or "dmy" for a/b/y dates.
func refParseDate(s, order string) (int, bool) {
	s = refTrim(s)
	// fast path: 2006-01-02 with an optional time
	if len(s) >= 10 && s[4] == '-' && s[7] == '-' && refAllDigits(s[:4]) && refAllDigits(s[5:7]) && refAllDigits(s[8:10]) {
		if !refTimeTail(s[10:]) {
			return 0, false
		}
		y, _ := strconv.Atoi(s[:4])
		m, _ := strconv.Atoi(s[5:7])
		d, _ := strconv.Atoi(s[8:10])
		return refDays(y, m, d)
	}
	for _, re := range refDateForms {
		if m := re.FindStringSubmatch(s); m != nil {
			if !refTimeTail(s[len(m[0]):]) {
				return 0, false
			}
			y, _ := strconv.Atoi(m[1])
			mo, _ := strconv.Atoi(m[2])
			d, _ := strconv.Atoi(m[3])
			return refDays(y, mo, d)
		}
	}
	if m := refABY.FindStringSubmatch(s); m != nil && order != "" {
		if !refTimeTail(s[len(m[0]):]) {
			return 0, false
		}
		a, _ := strconv.Atoi(m[1])
		b, _ := strconv.Atoi(m[2])
		y, _ := strconv.Atoi(m[3])
		if len(m[3]) == 2 {
			if y <= 68 {
				y += 2000
			} else {
				y += 1900
			}
		}
		if order == "dmy" {
			a, b = b, a
		}
		return refDays(y, a, b)
	}
	return 0, false
}

func refAllDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

func refFormatDay(d int) string {
	return time.Unix(int64(d)*86400, 0).UTC().Format("2006-01-02")
}

// ---- §1 amounts ----

// refAmount is an exact decimal: m × 10^−s.
type refAmount struct {
	m int64
	s int
}

// refNumber reads digits with optional groups of three and a fraction.
func refNumber(s string) (refAmount, bool) {
	intPart, frac, hasDot := strings.Cut(s, ".")
	if hasDot && !refAllDigits(frac) {
		return refAmount{}, false
	}
	if strings.Contains(intPart, ",") {
		groups := strings.Split(intPart, ",")
		if len(groups[0]) < 1 || len(groups[0]) > 3 || !refAllDigits(groups[0]) {
			return refAmount{}, false
		}
		for _, g := range groups[1:] {
			if len(g) != 3 || !refAllDigits(g) {
				return refAmount{}, false
			}
		}
		intPart = strings.Join(groups, "")
	} else if !refAllDigits(intPart) {
		return refAmount{}, false
	}
	if len(intPart)+len(frac) > 18 {
		panic("reference: amount " + s + " has too many digits")
	}
	m, err := strconv.ParseInt(intPart+frac, 10, 64)
	if err != nil {
		return refAmount{}, false
	}
	return refAmount{m, len(frac)}, true
}

// refParseAmount reads the §1 amount forms exactly; with decComma, `,` and
// `.` trade places.
func refParseAmount(s string, decComma bool) (refAmount, bool) {
	s = refTrim(s)
	if decComma {
		s = strings.Map(func(r rune) rune {
			switch r {
			case ',':
				return '.'
			case '.':
				return ','
			}
			return r
		}, s)
	}
	if a, ok := refNumber(s); ok { // the common case first
		return a, true
	}
	neg := false
	if strings.HasPrefix(s, "(") && strings.HasSuffix(s, ")") {
		neg = true
		s = s[1 : len(s)-1]
	}
	signed := false
	takeSign := func() {
		if !signed && s != "" && (s[0] == '+' || s[0] == '-') {
			if s[0] == '-' {
				neg = !neg
			}
			s = s[1:]
			signed = true
		}
	}
	takeSign()
	cur := false
	for _, sym := range []string{"¥", "￥", "$", "€", "£"} {
		if rest, ok := strings.CutPrefix(s, sym); ok {
			s = strings.TrimLeft(rest, " ")
			cur = true
			break
		}
	}
	if cur {
		takeSign()
	} else if rest, ok := strings.CutSuffix(s, "元"); ok {
		s = rest
	}
	a, ok := refNumber(s)
	if !ok {
		return refAmount{}, false
	}
	if neg {
		a.m = -a.m
	}
	return a, true
}

// refMul is the exact product of two amounts.
func refMul(a, b refAmount) refAmount {
	p := new(big.Int).Mul(big.NewInt(a.m), big.NewInt(b.m))
	if !p.IsInt64() {
		panic("reference: product too large")
	}
	return refAmount{p.Int64(), a.s + b.s}
}

// ---- §2 rows ----

type refRow struct {
	cust, order string
	date        int
	amt         refAmount
	keep        []string
	all         string // every trimmed field, for --dedupe
}

// refReject is a rejected row: its first line in the file and the kind of
// reason (fields, customer, date or amount).
type refReject struct {
	line int
	why  string
}

type refCounts struct {
	read, used, rejected, filtered, after, dups int
}

type refInput struct {
	rows    []refRow // rows that passed steps 1–3, in file order
	scale   int      // the largest number of decimals among them
	rejects []refReject
	counts  refCounts
}

// refLoad reads a comma-separated UTF-8 file and applies §2 steps 1–3.
func refLoad(t *testing.T, r io.Reader, cfg refConfig) refInput {
	t.Helper()
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	if cfg.comma != 0 {
		cr.Comma = cfg.comma
	}
	var recs [][]string
	var lines []int
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("reference: reading csv: %v", err)
		}
		line, _ := cr.FieldPos(0)
		recs = append(recs, rec)
		lines = append(lines, line)
	}
	if len(recs) == 0 {
		t.Fatal("reference: no header")
	}
	header := recs[0]
	header[0] = strings.TrimPrefix(header[0], "\uFEFF")
	col := func(name string) int {
		if name == "" {
			return -1
		}
		k := slices.Index(header, name)
		if k < 0 {
			t.Fatalf("reference: no column %q in %q", name, header)
		}
		return k
	}
	ci, di, ai, qi, pi, oi := col(cfg.customer), col(cfg.date), col(cfg.amount), col(cfg.qty), col(cfg.price), col(cfg.order)
	var ki []int
	for _, k := range cfg.keep {
		ki = append(ki, col(k))
	}
	type fi struct {
		idx  int
		vals []string
	}
	var wh, whn []fi
	for _, f := range cfg.where {
		wh = append(wh, fi{col(f.col), f.vals})
	}
	for _, f := range cfg.whereNot {
		whn = append(whn, fi{col(f.col), f.vals})
	}
	data := recs[1:]

	order := cfg.dateOrder
	if order == "" || order == "auto" {
		order = "mdy"
		for _, rec := range data {
			if len(rec) != len(header) {
				continue
			}
			if k := strings.IndexByte(rec[di], '/'); k < 0 || k > 4 {
				continue
			}
			if m := refABY.FindStringSubmatch(refTrim(rec[di])); m != nil {
				if a, _ := strconv.Atoi(m[1]); a > 12 {
					order = "dmy"
					break
				}
			}
		}
	}

	var in refInput
	reject := func(i int, why string) {
		in.counts.rejected++
		in.rejects = append(in.rejects, refReject{lines[i+1], why})
	}
	for i, rec := range data {
		in.counts.read++
		if len(rec) != len(header) {
			reject(i, "fields")
			continue
		}
		pass := true
		for _, f := range wh {
			if !slices.Contains(f.vals, refTrim(rec[f.idx])) {
				pass = false
			}
		}
		for _, f := range whn {
			if slices.Contains(f.vals, refTrim(rec[f.idx])) {
				pass = false
			}
		}
		if !pass {
			in.counts.filtered++
			continue
		}
		cust := refTrim(rec[ci])
		if cust == "" {
			reject(i, "customer")
			continue
		}
		d, ok := refParseDate(rec[di], order)
		if !ok {
			reject(i, "date")
			continue
		}
		var amt refAmount
		if ai >= 0 {
			amt, ok = refParseAmount(rec[ai], cfg.decComma)
		} else {
			var q, p refAmount
			q, ok = refParseAmount(rec[qi], cfg.decComma)
			if ok {
				p, ok = refParseAmount(rec[pi], cfg.decComma)
			}
			if ok {
				amt = refMul(q, p)
			}
		}
		if !ok {
			reject(i, "amount")
			continue
		}
		in.scale = max(in.scale, amt.s)
		row := refRow{cust: cust, date: d, amt: amt}
		if oi >= 0 {
			row.order = refTrim(rec[oi])
		}
		for _, k := range ki {
			row.keep = append(row.keep, refTrim(rec[k]))
		}
		if cfg.dedupe {
			var b strings.Builder
			for _, f := range rec {
				b.WriteString(refTrim(f))
				b.WriteByte(0)
			}
			row.all = b.String()
		}
		in.rows = append(in.rows, row)
	}
	return in
}

// ---- §3–§6 ----

type refCust struct {
	id          string
	sum         big.Int // × 10^−scale: net, or purchases only with --returns ignore
	purchases   int
	orders      map[string]bool
	emptyOrders int
	first, last int
	keep        []string
	keepDate    []int
}

type refResult struct {
	rejects   []refReject
	csv       []byte
	counts    refCounts
	scored    int
	notScored int
	noBuy     int // not scored: no purchase row
}

var (
	// index = R<<2 | F<<1 | M
	refClassZh = [8]string{"一般挽留客户", "重要挽留客户", "一般保持客户", "重要保持客户", "一般发展客户", "重要发展客户", "一般价值客户", "重要价值客户"}
	refClassEn = [8]string{"General win-back", "Important win-back", "General retention", "Important retention", "General development", "Important development", "General value", "Important value"}
	refClassT  = [8]string{"C", "B", "C", "A", "B", "A", "B", "A"}
)

// refRound rounds to a whole number, half away from zero.
func refRound(r *big.Rat) *big.Int {
	a := new(big.Rat).Abs(r)
	a.Add(a, big.NewRat(1, 2))
	n := new(big.Int).Quo(a.Num(), a.Denom())
	if r.Sign() < 0 {
		n.Neg(n)
	}
	return n
}

// refCents is the value rounded to cents, as a number of cents.
func refCents(r *big.Rat) *big.Int {
	return refRound(new(big.Rat).Mul(r, big.NewRat(100, 1)))
}

func refFormatCents(c *big.Int) string {
	neg := c.Sign() < 0
	a := new(big.Int).Abs(c)
	q, m := new(big.Int).QuoRem(a, big.NewInt(100), new(big.Int))
	s := fmt.Sprintf("%s.%02d", q, m.Int64())
	if neg {
		s = "-" + s
	}
	return s
}

// refQuantileCuts gives the type-7 k/N quantiles, k = 1…N−1, exactly.
func refQuantileCuts(vals []*big.Rat, n int) []*big.Rat {
	x := slices.Clone(vals)
	slices.SortFunc(x, func(a, b *big.Rat) int { return a.Cmp(b) })
	cnt := len(x)
	var cuts []*big.Rat
	for k := 1; k < n; k++ {
		h := big.NewRat(int64((cnt-1)*k), int64(n))
		j := int(new(big.Int).Quo(h.Num(), h.Denom()).Int64())
		frac := new(big.Rat).Sub(h, big.NewRat(int64(j), 1))
		q := new(big.Rat).Set(x[j])
		if j+1 < cnt {
			d := new(big.Rat).Sub(x[j+1], x[j])
			q.Add(q, d.Mul(d, frac))
		}
		cuts = append(cuts, q)
	}
	return cuts
}

// refCutScores applies the quantile rule with the given cut points.
func refCutScores(vals, cuts []*big.Rat, n int, recency bool) []int {
	out := make([]int, len(vals))
	for i, v := range vals {
		c := 0
		for _, q := range cuts {
			if v.Cmp(q) > 0 {
				c++
			}
		}
		if recency {
			out[i] = n - c
		} else {
			out[i] = 1 + c
		}
	}
	return out
}

// refRankScores: ⌈average rank ÷ count × N⌉.
func refRankScores(vals []*big.Rat, n int) []int {
	cnt := len(vals)
	out := make([]int, cnt)
	for i, v := range vals {
		less, eq := 0, 0
		for _, w := range vals {
			switch w.Cmp(v) {
			case -1:
				less++
			case 0:
				eq++
			}
		}
		// average of ranks less+1 … less+eq = (2·less + eq + 1) / 2
		p := big.NewRat(int64((2*less+eq+1)*n), int64(2*cnt))
		c := new(big.Int).Quo(p.Num(), p.Denom())
		if new(big.Rat).SetInt(c).Cmp(p) < 0 {
			c.Add(c, big.NewInt(1))
		}
		out[i] = int(c.Int64())
	}
	return out
}

// refRankScoresFast is refRankScores in O(n log n) for the large data set.
func refRankScoresFast(vals []*big.Rat, n int) []int {
	cnt := len(vals)
	idx := make([]int, cnt)
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(a, b int) int { return vals[a].Cmp(vals[b]) })
	out := make([]int, cnt)
	for i := 0; i < cnt; {
		j := i
		for j < cnt && vals[idx[j]].Cmp(vals[idx[i]]) == 0 {
			j++
		}
		less, eq := i, j-i
		p := big.NewRat(int64((2*less+eq+1)*n), int64(2*cnt))
		c := new(big.Int).Quo(p.Num(), p.Denom())
		if new(big.Rat).SetInt(c).Cmp(p) < 0 {
			c.Add(c, big.NewInt(1))
		}
		for k := i; k < j; k++ {
			out[idx[k]] = int(c.Int64())
		}
		i = j
	}
	return out
}

func refMean(vals []*big.Rat) *big.Rat {
	s := new(big.Rat)
	for _, v := range vals {
		s.Add(s, v)
	}
	return s.Quo(s, big.NewRat(int64(len(vals)), 1))
}

func refMedian(vals []*big.Rat) *big.Rat {
	x := slices.Clone(vals)
	slices.SortFunc(x, func(a, b *big.Rat) int { return a.Cmp(b) })
	n := len(x)
	if n%2 == 1 {
		return new(big.Rat).Set(x[n/2])
	}
	m := new(big.Rat).Add(x[n/2-1], x[n/2])
	return m.Quo(m, big.NewRat(2, 1))
}

func refInts(xs []int) []*big.Rat {
	out := make([]*big.Rat, len(xs))
	for i, x := range xs {
		out[i] = big.NewRat(int64(x), 1)
	}
	return out
}

// refCSVField quotes only when RFC 4180 needs it.
func refCSVField(s string) string {
	if strings.ContainsAny(s, ",\"\r\n") {
		return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
	}
	return s
}

// refGuard prefixes text that a spreadsheet would run as a formula, and
// text that begins with the guard's ' itself, so that no two texts are
// written alike.
func refGuard(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r'", rune(s[0])) {
		return "'" + s
	}
	return s
}

// refCompute is §2 step 4 onwards: as-of, per-customer metrics, scores,
// classes, tiers and the customer CSV.
func refCompute(in refInput, cfg refConfig, keepHeaders []string) refResult {
	res := refResult{counts: in.counts, rejects: in.rejects}
	// §2 steps 4 and 5: after the as-of date, duplicates
	skip := make([]bool, len(in.rows))
	seen := map[string]bool{}
	maxDay := 0
	for i := range in.rows {
		r := &in.rows[i]
		if cfg.hasAsOf && r.date > cfg.asOf {
			res.counts.after++
			skip[i] = true
			continue
		}
		if cfg.dedupe {
			if seen[r.all] {
				res.counts.dups++
				skip[i] = true
				continue
			}
			seen[r.all] = true
		}
		if res.counts.used == 0 || r.date > maxDay {
			maxDay = r.date
		}
		res.counts.used++
	}
	asOf := maxDay + 1
	if cfg.hasAsOf {
		asOf = cfg.asOf
	}

	custs := map[string]*refCust{}
	var ids []string
	var tmp big.Int
	pow10 := []*big.Int{big.NewInt(1)}
	for len(pow10) <= in.scale {
		pow10 = append(pow10, new(big.Int).Mul(pow10[len(pow10)-1], big.NewInt(10)))
	}
	for i := range in.rows {
		r := &in.rows[i]
		if skip[i] {
			continue
		}
		c := custs[r.cust]
		if c == nil {
			c = &refCust{id: r.cust, orders: map[string]bool{},
				keep: make([]string, len(r.keep)), keepDate: make([]int, len(r.keep))}
			custs[r.cust] = c
			ids = append(ids, r.cust)
		}
		purchase := r.amt.m > 0
		if purchase || !cfg.retIgnore {
			tmp.SetInt64(r.amt.m)
			if d := in.scale - r.amt.s; d > 0 {
				tmp.Mul(&tmp, pow10[d])
			}
			c.sum.Add(&c.sum, &tmp)
		}
		if purchase {
			if c.purchases == 0 || r.date < c.first {
				c.first = r.date
			}
			if c.purchases == 0 || r.date > c.last {
				c.last = r.date
			}
			c.purchases++
			if r.order == "" {
				c.emptyOrders++
			} else {
				c.orders[r.order] = true
			}
		}
		for k, v := range r.keep {
			if v != "" && (c.keep[k] == "" || r.date >= c.keepDate[k]) {
				c.keep[k], c.keepDate[k] = v, r.date
			}
		}
	}

	type scored struct {
		c        *refCust
		sumCents *big.Int
		monCents *big.Int
		rec, frq int
	}
	var sc []scored
	for _, id := range ids {
		c := custs[id]
		if c.purchases == 0 {
			res.notScored++
			res.noBuy++
			continue
		}
		cents := refCents(new(big.Rat).SetFrac(&c.sum, pow10[in.scale]))
		if cents.Sign() <= 0 {
			res.notScored++
			continue
		}
		f := c.purchases
		if cfg.order != "" {
			f = len(c.orders) + c.emptyOrders
		}
		mon := cents
		if cfg.monMean {
			mon = refRound(new(big.Rat).SetFrac(cents, big.NewInt(int64(f))))
		}
		sc = append(sc, scored{c: c, sumCents: cents, monCents: mon, rec: asOf - c.last, frq: f})
	}
	res.scored = len(sc)
	slices.SortFunc(sc, func(a, b scored) int { return strings.Compare(a.c.id, b.c.id) })

	var buf bytes.Buffer
	if cfg.bom {
		buf.WriteString("\uFEFF")
	}
	buf.WriteString("customer_id")
	for _, h := range keepHeaders {
		buf.WriteString("," + refCSVField(h))
	}
	buf.WriteString(",recency_days,frequency,monetary,first_order_date,last_order_date,r_score,f_score,m_score,rfm_code,rfm_sum,segment,tier\n")
	if len(sc) == 0 {
		res.csv = buf.Bytes()
		return res
	}

	n := len(sc)
	R, F, M := make([]*big.Rat, n), make([]*big.Rat, n), make([]*big.Rat, n)
	for i, s := range sc {
		R[i] = big.NewRat(int64(s.rec), 1)
		F[i] = big.NewRat(int64(s.frq), 1)
		M[i] = new(big.Rat).SetFrac(s.monCents, big.NewInt(100))
	}
	N := cfg.bins
	var rs, fs, ms []int
	switch cfg.method {
	case "quantile":
		rs = refCutScores(R, refQuantileCuts(R, N), N, true)
		fs = refCutScores(F, refQuantileCuts(F, N), N, false)
		ms = refCutScores(M, refQuantileCuts(M, N), N, false)
	case "thresholds":
		rs = refCutScores(R, cfg.cuts[0], N, true)
		fs = refCutScores(F, cfg.cuts[1], N, false)
		ms = refCutScores(M, cfg.cuts[2], N, false)
	case "rank":
		negR := make([]*big.Rat, n)
		for i, r := range R {
			negR[i] = new(big.Rat).Neg(r)
		}
		rank := refRankScores
		if n > 500 {
			rank = refRankScoresFast
		}
		rs, fs, ms = rank(negR, N), rank(F, N), rank(M, N)
	case "mean":
		mr, mf, mm := refMean(R), refMean(F), refMean(M)
		rs, fs, ms = make([]int, n), make([]int, n), make([]int, n)
		for i := range sc {
			if R[i].Cmp(mr) < 0 {
				rs[i] = 1
			}
			if F[i].Cmp(mf) > 0 {
				fs[i] = 1
			}
			if M[i].Cmp(mm) > 0 {
				ms[i] = 1
			}
		}
	default:
		panic("reference: unknown method " + cfg.method)
	}

	high := func(scores []int) []int {
		if cfg.method == "mean" {
			return scores
		}
		out := make([]int, len(scores))
		if slices.Min(scores) == slices.Max(scores) {
			return out
		}
		v := refInts(scores)
		split := refMean(v)
		if cfg.median {
			split = refMedian(v)
		}
		for i, x := range v {
			if x.Cmp(split) >= 0 {
				out[i] = 1
			}
		}
		return out
	}
	hr, hf, hm := high(rs), high(fs), high(ms)

	tiers := make([]string, n)
	if cfg.pareto {
		order := make([]int, n)
		for i := range order {
			order[i] = i
		}
		slices.SortStableFunc(order, func(a, b int) int {
			if c := sc[b].sumCents.Cmp(sc[a].sumCents); c != 0 {
				return c
			}
			return strings.Compare(sc[a].c.id, sc[b].c.id)
		})
		total := new(big.Int)
		for _, s := range sc {
			total.Add(total, s.sumCents)
		}
		totA := new(big.Rat).Mul(new(big.Rat).SetInt(total), cfg.parA)
		totB := new(big.Rat).Mul(new(big.Rat).SetInt(total), cfg.parB)
		before := new(big.Int)
		for _, i := range order {
			b := new(big.Rat).SetInt(new(big.Int).Mul(before, big.NewInt(100)))
			switch {
			case b.Cmp(totA) < 0:
				tiers[i] = "A"
			case b.Cmp(totB) < 0:
				tiers[i] = "B"
			default:
				tiers[i] = "C"
			}
			before.Add(before, sc[i].sumCents)
		}
	}

	for i, s := range sc {
		cls := hr[i]<<2 | hf[i]<<1 | hm[i]
		name := refClassZh[cls]
		if cfg.en {
			name = refClassEn[cls]
		}
		tier := refClassT[cls]
		if cfg.pareto {
			tier = tiers[i]
		}
		f := []string{refCSVField(refGuard(s.c.id))}
		for _, k := range s.c.keep[:len(keepHeaders)] {
			f = append(f, refCSVField(refGuard(k)))
		}
		f = append(f,
			strconv.Itoa(s.rec), strconv.Itoa(s.frq), refFormatCents(s.monCents),
			refFormatDay(s.c.first), refFormatDay(s.c.last),
			strconv.Itoa(rs[i]), strconv.Itoa(fs[i]), strconv.Itoa(ms[i]),
			fmt.Sprintf("%d%d%d", rs[i], fs[i], ms[i]), strconv.Itoa(rs[i]+fs[i]+ms[i]),
			refCSVField(name), tier)
		buf.WriteString(strings.Join(f, ",") + "\n")
	}
	res.csv = buf.Bytes()
	return res
}

// ---- running the binary and comparing ----

var (
	refAccountRE = regexp.MustCompile(`rows read (\d+) = used (\d+) \+ rejected (\d+) \+ filtered (\d+) \+ after as-of (\d+)(?: \+ duplicates (\d+))?`)
	refScoredRE  = regexp.MustCompile(`customers: (\d+) scored(?:, (\d+) not scored)?`)
	refNoBuyRE   = regexp.MustCompile(`no purchase row (\d+)`)
	refNetRE     = regexp.MustCompile(`net monetary ≤ 0 (\d+)`)
)

// refCheck runs `rfm score file -o - args...` and compares it with what
// reference computes meanwhile.
func refCheck(t *testing.T, file string, args []string, reference func() refResult) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	rejects := filepath.Join(t.TempDir(), "rejects.csv")
	done := make(chan int, 1)
	go func() {
		done <- run(append([]string{"score", file, "-o", "-", "--rejects", rejects}, args...), nil, &stdout, &stderr)
	}()
	want := reference()
	if code := <-done; code != 0 {
		t.Fatalf("rfm score %s: exit status %d\nstderr:\n%s", strings.Join(args, " "), code, stderr.String())
	}
	refCompareCSV(t, stdout.Bytes(), want.csv)
	refCompareRejects(t, rejects, want.rejects)

	m := refAccountRE.FindStringSubmatch(stderr.String())
	if m == nil {
		t.Errorf("no accounting line on stderr:\n%s", stderr.String())
	} else {
		var v [6]int
		for i := range v {
			v[i], _ = strconv.Atoi(m[i+1])
		}
		if v[0] != v[1]+v[2]+v[3]+v[4]+v[5] {
			t.Errorf("accounting does not add up: %s", m[0])
		}
		c := want.counts
		if w := [6]int{c.read, c.used, c.rejected, c.filtered, c.after, c.dups}; v != w {
			t.Errorf("accounting: got %q, want rows read %d = used %d + rejected %d + filtered %d + after as-of %d + duplicates %d",
				m[0], w[0], w[1], w[2], w[3], w[4], w[5])
		}
	}
	if m := refScoredRE.FindStringSubmatch(stderr.String()); m != nil {
		notScored := m[2]
		if notScored == "" {
			notScored = "0"
		}
		if m[1] != strconv.Itoa(want.scored) || notScored != strconv.Itoa(want.notScored) {
			t.Errorf("got %q, want %d scored, %d not scored", m[0], want.scored, want.notScored)
		}
	} else if want.scored > 0 {
		t.Errorf("no \"customers: … scored\" line on stderr:\n%s", stderr.String())
	}
	count := func(re *regexp.Regexp) int {
		if m := re.FindStringSubmatch(stderr.String()); m != nil {
			n, _ := strconv.Atoi(m[1])
			return n
		}
		return 0
	}
	if nb, net := count(refNoBuyRE), count(refNetRE); nb != want.noBuy || net != want.notScored-want.noBuy {
		t.Errorf("not scored: got no purchase row %d, net monetary ≤ 0 %d; want %d, %d", nb, net, want.noBuy, want.notScored-want.noBuy)
	}
}

// refCompareRejects checks the --rejects file: the same rows, by line, for
// the same kind of reason.
func refCompareRejects(t *testing.T, path string, want []refReject) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		if len(want) > 0 {
			t.Errorf("no rejects file: %v", err)
		}
		return
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	if err != nil || len(recs) == 0 {
		t.Errorf("rejects file is not CSV: %v", err)
		return
	}
	var got []refReject
	for _, rec := range recs[1:] {
		if len(rec) < 2 {
			t.Errorf("rejects row too short: %q", rec)
			continue
		}
		line, _ := strconv.Atoi(rec[len(rec)-2])
		reason := rec[len(rec)-1]
		why := "?"
		for _, k := range []string{"fields", "customer", "date", "amount"} {
			if strings.Contains(reason, k) {
				why = k
				break
			}
		}
		got = append(got, refReject{line, why + ": " + reason})
	}
	n := 0
	for i := range max(len(got), len(want)) {
		switch {
		case i >= len(got):
			t.Errorf("rejects: line %d (%s) missing", want[i].line, want[i].why)
		case i >= len(want):
			t.Errorf("rejects: line %d (%s) not expected", got[i].line, got[i].why)
		case got[i].line != want[i].line || !strings.HasPrefix(got[i].why, want[i].why+":"):
			t.Errorf("rejects: got line %d (%s), want line %d (%s)", got[i].line, got[i].why, want[i].line, want[i].why)
		default:
			continue
		}
		if n++; n == 10 {
			t.Errorf("rejects: more differences left out")
			return
		}
	}
}

// refCompareCSV reports differences customer by customer, then byte by byte.
func refCompareCSV(t *testing.T, got, want []byte) {
	t.Helper()
	if bytes.Equal(got, want) {
		return
	}
	read := func(b []byte) ([][]string, error) {
		r := csv.NewReader(bytes.NewReader(b))
		r.FieldsPerRecord = -1
		return r.ReadAll()
	}
	g, gerr := read(got)
	w, _ := read(want)
	if gerr != nil || len(g) == 0 {
		t.Errorf("output is not CSV (%v):\n%.2000s", gerr, got)
		return
	}
	if !slices.Equal(g[0], w[0]) {
		t.Errorf("header: got %q, want %q", g[0], w[0])
		return
	}
	hdr := w[0]
	gm, wm := map[string][]string{}, map[string][]string{}
	for _, r := range g[1:] {
		gm[r[0]] = r
	}
	for _, r := range w[1:] {
		wm[r[0]] = r
	}
	shown := 0
	show := func(format string, a ...any) {
		if shown < 15 {
			t.Errorf(format, a...)
		}
		shown++
	}
	for _, r := range w[1:] {
		gr, ok := gm[r[0]]
		if !ok {
			show("customer %q missing from output; want %q", r[0], r)
			continue
		}
		for k := range hdr {
			if k >= len(gr) || gr[k] != r[k] {
				show("customer %q: got %q, want %q (first difference in %s)", r[0], gr, r, hdr[k])
				break
			}
		}
	}
	for _, r := range g[1:] {
		if _, ok := wm[r[0]]; !ok {
			show("customer %q in output but not expected: %q", r[0], r)
		}
	}
	if shown > 15 {
		t.Errorf("… %d differences in all (%d rows got, %d want)", shown, len(g)-1, len(w)-1)
	}
	if shown == 0 {
		gl, wl := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
		for i := range max(len(gl), len(wl)) {
			var a, b string
			if i < len(gl) {
				a = gl[i]
			}
			if i < len(wl) {
				b = wl[i]
			}
			if a != b {
				t.Errorf("same fields, different bytes at line %d:\ngot  %q\nwant %q", i+1, a, b)
				return
			}
		}
	}
}

// ---- the tests ----

// TestCrosscheck compares rfm score with the reference on the UCI Online
// Retail data (when ../shared/data is present), on generated data with every
// awkward case §1–§6 name, and on tiny inputs.
func TestCrosscheck(t *testing.T) {
	t.Parallel()
	t.Run("retail", refTestRetail)
	t.Run("generated", refTestGenerated)
	t.Run("tiny", refTestTiny)
	t.Run("errors", refTestErrors)
}

// refTestErrors: what SPEC calls an error must not produce a customer file,
// and --strict must name the first bad row.
func refTestErrors(t *testing.T) {
	dir := t.TempDir()
	write := func(name, data string) string {
		f := filepath.Join(dir, name)
		if err := os.WriteFile(f, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		return f
	}
	good := write("good.csv", "customer_id,order_date,amount,recency_days\nA,2024-03-01,10,x\nB,2024-03-02,5,y\n")
	dup := write("dup.csv", "customer_id,order_date,amount,amount\nA,2024-03-01,10,5\n")
	bad := write("bad.csv", "customer_id,order_date,amount\nA,2024-03-01,10\nB,2024-02-30,5\n,2024-03-01,1\n")
	floats := write("floats.csv", "customer_id,order_date,amount\n123.0,2024-03-01,10\n45.0,2024-03-02,5\n")
	cases := []struct {
		name   string
		args   []string
		code   int    // 0: any failure
		stderr string // must appear on stderr
	}{
		{"two amount columns", []string{dup}, 0, "amount"},
		{"keep an output column", []string{good, "--keep", "customer_id"}, 0, "customer_id"},
		{"keep a column named like an output column", []string{good, "--keep", "recency_days"}, 0, "recency_days"},
		{"cuts not ascending", []string{good, "--method", "thresholds", "--r-cuts", "1,1,2,3", "--f-cuts", "1,2,3,4", "--m-cuts", "1,2,3,4"}, 2, "r-cuts"},
		{"too few cuts", []string{good, "--method", "thresholds", "--bins", "3", "--r-cuts", "1", "--f-cuts", "1,2", "--m-cuts", "1,2"}, 2, "r-cuts"},
		{"bins 1", []string{good, "--bins", "1"}, 2, "bins"},
		{"bins 10", []string{good, "--bins", "10"}, 2, "bins"},
		{"strict", []string{bad, "--strict"}, 1, bad + ":3: "},
		{"ids ending in .0", []string{floats}, -1, ".0"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			var stdout, stderr bytes.Buffer
			code := run(append([]string{"score", "-o", "-"}, c.args...), nil, &stdout, &stderr)
			switch {
			case c.code < 0 && code != 0:
				t.Errorf("exit status %d, want 0; stderr:\n%s", code, stderr.String())
			case c.code == 0 && code == 0:
				t.Errorf("exit status 0, want a failure; stdout:\n%s", stdout.String())
			case c.code > 0 && code != c.code:
				t.Errorf("exit status %d, want %d; stderr:\n%s", code, c.code, stderr.String())
			}
			if !strings.Contains(stderr.String(), c.stderr) {
				t.Errorf("stderr does not mention %q:\n%s", c.stderr, stderr.String())
			}
			if c.code >= 0 && bytes.Contains(stdout.Bytes(), []byte("\n")) {
				t.Errorf("customer rows written despite the error:\n%s", stdout.String())
			}
		})
	}
}

func refTestRetail(t *testing.T) {
	root, _ := filepath.Abs("../..")
	gz := filepath.Join(root, "..", "shared", "data", "online_retail", "online_retail.csv.gz")
	f, err := os.Open(gz)
	if err != nil {
		t.Skipf("UCI Online Retail data not available (%v); skipping", err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	var rawBuf bytes.Buffer
	rawBuf.Grow(48 << 20)
	if _, err := rawBuf.ReadFrom(zr); err != nil {
		t.Fatal(err)
	}
	raw := rawBuf.Bytes()
	file := filepath.Join(t.TempDir(), "online_retail.csv")
	if err := os.WriteFile(file, raw, 0o644); err != nil {
		t.Fatal(err)
	}
	base := refConfig{customer: "CustomerID", date: "InvoiceDate", qty: "Quantity", price: "UnitPrice", order: "InvoiceNo"}
	// one reading serves every run; only the --keep run prints the kept values
	keep := []string{"--keep", "Description,Country"}
	in := refLoad(t, bytes.NewReader(raw), refApplyArgs(t, base, keep))
	if in.counts.rejected != 135080 {
		t.Errorf("reference rejects %d rows, want 135080 with empty CustomerID", in.counts.rejected)
	}
	runs := [][]string{
		nil,
		{"--method", "rank"},
		{"--method", "mean"},
		{"--monetary", "mean"},
		{"--returns", "ignore"},
		{"--as-of", "2011-06-30"},
		{"--tiers", "pareto"},
		{"--split", "median"},
		{"--bins", "3"},
		{"--bins", "9"},
		keep, // date ties everywhere: the later row must win
	}
	if testing.Short() {
		runs = [][]string{nil, {"--method", "rank"}, {"--as-of", "2011-06-30", "--tiers", "pareto"}, keep}
	}
	for _, args := range runs {
		t.Run(refName(args), func(t *testing.T) {
			t.Parallel()
			cfg := refApplyArgs(t, base, args)
			refCheck(t, file, args, func() refResult { return refCompute(in, cfg, cfg.keep) })
		})
	}

	// The workbook holds the same rows as cells: dates as serial numbers,
	// ids as numbers, prices as floating-point numbers. Its customers must be
	// the reference's computed from the CSV, customer by customer.
	book := filepath.Join(root, "..", "shared", "data", "online_retail", "Online_Retail.xlsx")
	if _, err := os.Stat(book); err != nil {
		t.Logf("UCI Online Retail workbook not available (%v); skipping its runs", err)
		return
	}
	xruns := [][]string{nil, {"--method", "rank", "--tiers", "pareto"}, keep}
	if testing.Short() {
		xruns = xruns[:1]
	}
	for _, args := range xruns {
		t.Run("xlsx "+refName(args), func(t *testing.T) {
			t.Parallel()
			var stdout, stderr bytes.Buffer
			if code := run(append([]string{"score", book, "-o", "-"}, args...), nil, &stdout, &stderr); code != 0 {
				t.Fatalf("rfm score %s: exit status %d\nstderr:\n%s", book, code, stderr.String())
			}
			cfg := refApplyArgs(t, base, args)
			want := refCompute(in, cfg, cfg.keep)
			refCompareCSV(t, stdout.Bytes(), want.csv)
			c := want.counts
			line := fmt.Sprintf("rows read %d = used %d + rejected %d + filtered %d + after as-of %d", c.read, c.used, c.rejected, c.filtered, c.after)
			if !strings.Contains(stderr.String(), line) {
				t.Errorf("stderr lacks %q:\n%s", line, stderr.String())
			}
		})
	}
}

func refName(args []string) string {
	if len(args) == 0 {
		return "default"
	}
	return strings.Join(args, " ")
}

// refGenerate writes a deterministic transaction file full of ties, returns,
// zero rows, odd ids, odd amounts, duplicates and rows that must be rejected;
// orderCol names the order id column; nCust sets the size.
func refGenerate(orderCol string, nCust int) []byte {
	rng := rand.New(rand.NewPCG(20240601, 7))
	base, _ := refDays(2023, 1, 1)
	day := func(d int) time.Time { return time.Unix(int64(base+d)*86400, 0).UTC() }
	// heavy ties: only a handful of distinct days
	days := []int{0, 3, 3, 10, 17, 17, 17, 30, 31, 45, 45, 59}
	dateText := func(d int) string {
		tm := day(d)
		switch rng.IntN(12) {
		case 0:
			return tm.Format("2006/1/2")
		case 1:
			return tm.Format("20060102")
		case 2:
			return tm.Format("2006年1月2日")
		case 3:
			return tm.Format("2006.1.2") + fmt.Sprintf(" %d:%02d PM", 1+rng.IntN(11), rng.IntN(60))
		case 4:
			return tm.Format("2006-01-02") + fmt.Sprintf("T%02d:%02d:00+08:00", rng.IntN(24), rng.IntN(60))
		case 5:
			return tm.Format("2006-01-02") + fmt.Sprintf(" %02d:%02d:%02d", rng.IntN(24), rng.IntN(60), rng.IntN(60))
		case 6:
			return tm.Format("2006-01-02") + "T23:59:59.999Z"
		default:
			return tm.Format("2006-01-02")
		}
	}
	purchases := []string{"10.00", "10", "20.00", "5.50", "0.005", "2.675", "1.115", "100", "1,234.50",
		"¥12.34", "￥1,000", "$ 7", "8元", "+3.333", "€0.10", "£19.99", "10.00", "20.00", "10.00"}
	returns := []string{"-10.00", "(5.00)", "-￥3", "$-2.50", "-0.005", "-20.00"}
	emails := []string{"", "", "  ", "a@x.org", "b@y.org", "=HYPERLINK(\"http://x\")", "+44 20 7946", "-", "@home", "o'neil@z.org"}
	names := []string{"Smith, J", `O"Neil`, "李雷", "", "Ann",
		// a quoted field whose second line looks like a whole record
		"two\nc001,2023-01-05,999.00,o1,a@x.org,Ann,ok", "\"\n\"", "cr\r\nlf"}
	statuses := []string{"ok", "ok", "ok", " ok ", "refunded", "pending"}

	ids := []string{"=x", "+1", "-5", "@a", " padded ", "\u3000wide\u3000", "\u00a0nb", "\uFEFFbom", "客户7",
		"a,b", `q"t`, "Z", "a", "é", "'apos", "\tTab", "ABC", "abc", "c001 ", "c1", "c10", "c2",
		"c002\u3000", "\u00a0c003", "\uFEFFc004", "x\ry", "new\nline",
		"\u2003em\u2003", "\u0085nel", "\u200bzero-width", "\u180emvs", "\u3000=y", "-", "+", "e\u0301"}
	for i := range nCust {
		ids = append(ids, fmt.Sprintf("c%03d", i))
	}

	var recs [][]string
	order := 0
	add := func(id, date, amt, ord string) {
		recs = append(recs, []string{id, date, amt, ord,
			emails[rng.IntN(len(emails))], names[rng.IntN(len(names))], statuses[rng.IntN(len(statuses))]})
	}
	for i, id := range ids {
		profile := rng.IntN(10)
		if i < 16 {
			profile = 0 // the odd ids are ordinary buyers
		}
		switch profile {
		case 7: // refund only
			for range 1 + rng.IntN(2) {
				add(id, dateText(days[rng.IntN(len(days))]), returns[rng.IntN(len(returns))], "")
			}
		case 8: // net ≤ 0: buy, then return at least as much
			add(id, dateText(days[rng.IntN(len(days))]), "10.00", "r"+strconv.Itoa(i))
			add(id, dateText(days[rng.IntN(len(days))]), []string{"-10.00", "-15", "-9.995"}[rng.IntN(3)], "r"+strconv.Itoa(i))
		case 9: // zero rows only, or zero plus a tiny purchase
			add(id, dateText(days[rng.IntN(len(days))]), "0.00", "")
			if rng.IntN(2) == 0 {
				add(id, dateText(days[rng.IntN(len(days))]), "0.004", "")
			}
		default:
			nOrders := 1 + rng.IntN(3)
			if rng.IntN(4) == 0 {
				nOrders += rng.IntN(5)
			}
			for range nOrders {
				ord := ""
				if rng.IntN(6) != 0 {
					order++
					ord = "o" + strconv.Itoa(order%40) // order ids shared between customers
				}
				lines := 1
				if rng.IntN(3) == 0 {
					lines += rng.IntN(3)
				}
				d := days[rng.IntN(len(days))]
				for range lines {
					od := ord
					if od != "" && rng.IntN(4) == 0 {
						od = " " + od + "\u3000"
					}
					dd := d
					if rng.IntN(4) == 0 {
						dd = days[rng.IntN(len(days))] // several dates in one order
					}
					add(id, dateText(dd), purchases[rng.IntN(len(purchases))], od)
				}
			}
			if rng.IntN(4) == 0 {
				add(id, dateText(days[rng.IntN(len(days))]), returns[rng.IntN(len(returns))], "ret")
			}
			if rng.IntN(5) == 0 {
				add(id, dateText(days[rng.IntN(len(days))]), "0", "z")
			}
		}
	}
	// The latest date of all is a zero row and the next is a return: the default
	// as-of date is the day after it, though nobody bought anything then.
	add("c003", day(72).Format("2006-01-02"), "0.00", "late")
	add("c004", day(70).Format("2006-01-02"), "-1.00", "late")
	// kept values: a date tie between rows decides by file order
	add("c005", day(59).Format("2006-01-02 23:00"), "1.00", "k1")
	add("c005", day(59).Format("2006-01-02 01:00"), "1.00", "k2")
	// rows to reject, one reason each
	bad := [][]string{
		{"", "2023-01-05", "10", "x"},
		{"\u3000 ", "2023-01-05", "10", "x"},
		{"c006", "2023-02-30", "10", "x"},
		{"c006", "yesterday", "10", "x"},
		{"c006", "2023-01-05", "12,5", "x"},
		{"c006", "2023-01-05", "1e3", "x"},
		{"c006", "2023-01-05", "NaN", "x"},
		{"c006", "2023-01-05", "--5", "x"},
		{"c006", "2023-01-05", "", "x"},
		{"c006", "2023-01-05", "1,23.4", "x"},
		// rejected rows dated after everything: they move no as-of date
		{"", "2023-12-30", "10", "x"},
		{"c006", "2023-12-31", "abc", "x"},
		// several faults: the first in §2's order is the reason
		{"", "nodate", "abc", "x"},
		{"c006", "nodate", "abc", "x"},
	}
	for _, b := range bad {
		recs = append(recs, append(b, "bad@x.org", "Bad", statuses[rng.IntN(len(statuses))]))
	}
	// exact duplicates, and duplicates once trimmed
	for range 25 {
		r := slices.Clone(recs[rng.IntN(len(recs))])
		if rng.IntN(2) == 0 {
			r[0] = " " + r[0]
			r[6] += "\u3000"
		}
		recs = append(recs, r)
	}
	rng.Shuffle(len(recs), func(i, j int) {
		// keep the deliberate c005 tie in file order
		if recs[i][3] == "k1" || recs[i][3] == "k2" || recs[j][3] == "k1" || recs[j][3] == "k2" {
			return
		}
		recs[i], recs[j] = recs[j], recs[i]
	})

	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.Write([]string{"customer_id", "order_date", "amount", orderCol, "email", "name", "status"})
	for i, r := range recs {
		w.Write(r)
		if i%97 == 50 {
			w.Write([]string{"c007", "2023-01-05", "10"}) // wrong number of fields
		}
		if i%131 == 7 {
			w.Flush()
			buf.WriteString("\n") // blank lines are not rows
		}
	}
	w.Flush()
	return buf.Bytes()
}

func refTestGenerated(t *testing.T) {
	dir := t.TempDir()
	data := refGenerate("order_id", 220)
	file := filepath.Join(dir, "generated.csv")
	if err := os.WriteFile(file, data, 0o644); err != nil {
		t.Fatal(err)
	}
	base := refConfig{customer: "customer_id", date: "order_date", amount: "amount", order: "order_id"}
	// Without an order column, frequency counts purchase rows.
	noOrder := refGenerate("ref_no", 220)
	noOrderFile := filepath.Join(dir, "no-order.csv")
	if err := os.WriteFile(noOrderFile, noOrder, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{nil, {"--method", "rank", "--bins", "9"}, {"--monetary", "mean", "--split", "median"}} {
		t.Run("no order column/"+refName(args), func(t *testing.T) {
			t.Parallel()
			cfg := refApplyArgs(t, refConfig{customer: "customer_id", date: "order_date", amount: "amount"}, args)
			refCheck(t, noOrderFile, args, func() refResult {
				return refCompute(refLoad(t, bytes.NewReader(noOrder), cfg), cfg, cfg.keep)
			})
		})
	}
	// A larger file, so that any splitting of the input into chunks meets
	// quoted fields that span lines: larger than the 4 MiB chunks that
	// package ingest cuts, by about 4 %.
	big := refGenerate("order_id", 24000)
	if len(big) <= 4<<20 {
		t.Fatalf("the big file has %d bytes: it must be larger than one 4 MiB chunk", len(big))
	}
	bigFile := filepath.Join(dir, "big.csv")
	if err := os.WriteFile(bigFile, big, 0o644); err != nil {
		t.Fatal(err)
	}
	// One run with the flags whose work crosses chunk boundaries: kept
	// values (names with line breaks inside quotes), a filter on a column,
	// duplicates across chunks; the others are the small file's.
	for _, args := range [][]string{{"--keep", "name,email", "--where", "status=ok", "--dedupe", "--method", "rank", "--bins", "9", "--tiers", "pareto"}} {
		t.Run("big/"+refName(args), func(t *testing.T) {
			t.Parallel()
			cfg := refApplyArgs(t, base, args)
			refCheck(t, bigFile, args, func() refResult {
				return refCompute(refLoad(t, bytes.NewReader(big), cfg), cfg, cfg.keep)
			})
		})
	}
	runs := [][]string{
		nil,
		{"--method", "rank"},
		{"--method", "mean"},
		{"--monetary", "mean"},
		{"--returns", "ignore"},
		{"--tiers", "pareto"},
		{"--tiers", "pareto=50,90"},
		{"--where", "status=ok", "--where", "name=Ann,李雷"},
		{"--split", "median"},
		{"--lang", "en"},
		{"--as-of", "2023-02-15"},
		{"--as-of", "2023-01-18", "--method", "rank", "--bins", "3"},
		{"--keep", "email"},
		{"--keep", "email,name", "--lang", "en"},
		{"--where", "status=ok"},
		{"--where", "status=ok,pending", "--where-not", "status=pending"},
		{"--where-not", "status=refunded", "--keep", "name"},
		{"--method", "thresholds", "--bins", "2", "--r-cuts", "20", "--f-cuts", "1", "--m-cuts", "25.5"},
		{"--method", "thresholds", "--bins", "3", "--r-cuts", "10,30", "--f-cuts", "1,3", "--m-cuts", "20,100.005"},
		{"--method", "thresholds", "--bins", "5", "--r-cuts", "5,14,29,45", "--f-cuts", "1,2,3,5", "--m-cuts", "10,20,40,1000"},
		{"--method", "thresholds", "--bins", "9", "--r-cuts", "1,2,3,14,15,29,42,57", "--f-cuts", "1,2,3,4,5,6,7,8", "--m-cuts", "0.5,5,10,12.34,20,30.01,50,1000"},
		{"--method", "thresholds", "--bins", "3", "--monetary", "mean", "--r-cuts", "14.5,30", "--f-cuts", "1,2", "--m-cuts", "10.005,50"},
		{"--tiers", "pareto", "--monetary", "mean"},
		{"--tiers", "pareto=33,67", "--method", "mean"},
		{"--as-of", "2023-12-31"},
		{"--dedupe"},
		{"--dedupe", "--where-not", "status=refunded,pending", "--as-of", "2023-02-01", "--keep", "email"},
		{"--excel-bom", "--keep", "name,email"},
		{"--tiers", "pareto", "--returns", "ignore"},
	}
	for _, n := range []string{"2", "3", "5", "9"} {
		if n != "5" { // --bins 5 is the default: nil and --method rank above
			runs = append(runs,
				[]string{"--bins", n},
				[]string{"--bins", n, "--method", "rank"})
		}
		runs = append(runs, []string{"--bins", n, "--split", "median", "--monetary", "mean"})
	}
	for _, args := range runs {
		t.Run(refName(args), func(t *testing.T) {
			t.Parallel()
			cfg := refApplyArgs(t, base, args)
			refCheck(t, file, args, func() refResult {
				return refCompute(refLoad(t, bytes.NewReader(data), cfg), cfg, cfg.keep)
			})
		})
	}
}

// refTiny is a small input; a forms case is about reading, so it runs with
// the default flags (and --date-format dmy) only.
type refTiny struct {
	name  string
	data  string
	base  refConfig
	forms bool
}

func refTestTiny(t *testing.T) {
	plain := refConfig{customer: "customer_id", date: "order_date", amount: "amount"}
	cases := []refTiny{
		{"one customer", "customer_id,order_date,amount\nA,2024-03-01,10.00\n",
			plain, false},
		{"two customers", "customer_id,order_date,amount,order_id\nB,2024-03-01,10.00,1\nA,2024-02-01,30.00,2\nA,2024-02-01,5,3\n",
			refConfig{customer: "customer_id", date: "order_date", amount: "amount", order: "order_id"}, false},
		{"all equal", "customer_id,order_date,amount\n" +
			"E,2024-03-01,9.99\nD,2024-03-01,9.99\nC,2024-03-01,9.99\nB,2024-03-01,9.99\nA,2024-03-01,9.99\n",
			plain, false},
		{"nobody scored", "customer_id,order_date,amount\nA,2024-03-01,-1\nB,2024-03-02,0\n",
			plain, false},
		{"rounding half away from zero", "customer_id,order_date,amount\nA,2024-03-01,2.675\nB,2024-03-01,1.005\nC,2024-03-02,0.125\nC,2024-03-02,-0.12\nD,2024-03-03,1.015\n",
			plain, false},
		{"day/month file", "customer_id,order_date,amount\nA,13/1/2024,5\nB,2/3/2024,6\nC,3/2/24,7\nD,1/13/2024,8\nE,5/6/70,9\n",
			plain, true},
		{"month/day file", "customer_id,order_date,amount\nA,1/13/2024 10:00 AM,5\nB,2/3/2024,6\nC,3/2/24,7\nD,12/31/68,8\n",
			plain, true},
		{"chinese headers", "客户ID,订单日期,实付金额（元）,订单号\n张三,2024年3月1日,¥1,2\n张三,2024年3月2日,\"¥1,000.50\",3\n李四,2024年3月1日,12元,4\n",
			refConfig{customer: "客户ID", date: "订单日期", amount: "实付金额（元）", order: "订单号"}, true},
		// the first header in SPEC's list wins, whatever the column order
		{"header preference", "Total,Date,Customer ID,Order-Date,Amount (USD),Invoice No,order\n" +
			"1,2024-01-01,A,2024-03-01,10,i1,x\n2,2024-01-01,A,2024-03-02,20,i1,y\n3,2024-01-05,B,2024-02-01,5,i2,x\n4,2024-01-01,C,2024-02-11,50,i3,z\n",
			refConfig{customer: "Customer ID", date: "Order-Date", amount: "Amount (USD)", order: "Invoice No"}, true},
		{"byte order mark", "\uFEFFcustomer_id,order_date,amount\nA,2024-03-01,10\nB,2024-03-01,11\nC,2024-03-02,12\n",
			plain, true},
		{"semicolons, decimal comma", "customer_id;order_date;amount\nA;2024-03-01;1.234,50\nB;2024-03-01;12,5\nC;2024-03-02;-0,5\nC;2024-03-02;7\nD;2024-03-03;12.5\n",
			refConfig{customer: "customer_id", date: "order_date", amount: "amount", decComma: true, comma: ';'}, true},
		{"tabs", "customer_id\torder_date\tamount\nA\t2024-03-01\t1,234.50\nB\t2024-03-01\t12.5\nC\t2024-03-02\t(1.00)\nC\t2024-03-02\t7\n",
			refConfig{customer: "customer_id", date: "order_date", amount: "amount", comma: '\t'}, true},
		{"pipes", "customer_id|order_date|amount\nA|2024-03-01|$1,234.50\nB|2024-03-01|-$2\nB|2024-03-01|£12.5\nC|2024-03-02|-12元\nC|2024-03-02|€ 70\n",
			refConfig{customer: "customer_id", date: "order_date", amount: "amount", comma: '|'}, true},
		{"crlf", "customer_id,order_date,amount,email\r\nA,2024-03-01,10,a@x\r\nB,2024-03-01,\"1,000\",\"b\r\nx\"\r\n\r\nC,2024-03-02,12,\r\n",
			plain, true},
		{"an unused column twice", "customer_id,order_date,amount,note,note\nA,2024-03-01,10,x,y\nB,2024-03-02,5,,\n",
			plain, true},
		{"header only", "customer_id,order_date,amount\n",
			plain, true},
		// shares 80, 15, 5: A, then exactly 80 % before (B), then exactly 95 % before (C)
		{"pareto boundaries", "customer_id,order_date,amount\nA,2024-03-01,80\nB,2024-03-01,15\nC,2024-03-01,5\nD,2024-03-01,-3\nD,2024-03-01,0.004\n",
			plain, false},
		// sums past 2^53 cents: a float64 would lose the cents
		{"huge amounts", "customer_id,order_date,amount\nA,2024-03-01,900719925474099.35\nA,2024-03-01,0.01\nB,2024-03-01,900719925474099.37\n" +
			"C,2024-03-02,\"450,359,962,737,049.67\"\nC,2024-03-02,\"450,359,962,737,049.69\"\nD,2024-03-01,0.1\nD,2024-03-01,0.2\nE,2024-03-01,0.3\n",
			plain, false},
	}
	// every amount and date form SPEC §1 names, and forms it rules out; each
	// row is its own customer, so a misread shows as a wrong monetary or date
	var amounts, dates strings.Builder
	amounts.WriteString("customer_id,order_date,amount\n")
	for i, a := range []string{"1234.5", "1,234.50", "¥1,234.50", "-￥12", "$ 12", "12元", "(12.50)", "+5", "$-12", "-$12",
		"€7", "£7.5", "0.001", "007", "1,234,567.891", "+¥3", "-12元", "0",
		"12,5", "1e3", "NaN", "--5", "1,23", "12,3456", ",123", "1 234", "abc", "Inf", "0x10", "+-5", "12.5.3", "$$5", "¥12元", "5-", "１２"} {
		fmt.Fprintf(&amounts, "a%02d,2024-03-01,%s\n", i, refCSVField(a))
		if !strings.HasPrefix(a, "-") && !strings.HasPrefix(a, "(") && a != "0" {
			fmt.Fprintf(&amounts, "a%02d,2024-03-02,-0.0001\n", i) // the as-of date does not hang on one row
		}
	}
	dates.WriteString("customer_id,order_date,amount\n")
	for i, d := range []string{"2024-02-29", "2024/2/29", "2024.2.29", "20240229", "2024年2月29日", "2024-03-01T10:00", "2024-03-01 10:00:00.123456",
		"2024-03-01T10:00:00+05:30", "2024-03-01T01:00:00-08:00", "2024-03-01T23:30:00Z", "2024/3/1 10:00:00 PM", "2024-03-01 7:05 AM", "2024-03-01T10:00:00+0530",
		"2023-02-29", "2024-13-01", "2024/2/30", "20240230", "2024-03-01x", "2024年2月30日", "March 1, 2024", "2024-03", "0000-00-00"} {
		fmt.Fprintf(&dates, "d%02d,%s,%d.00\n", i, d, i+1)
	}
	cases = append(cases,
		refTiny{"amount forms", amounts.String(), plain, true},
		refTiny{"date forms", dates.String(), plain, true})
	flagSets := [][]string{
		nil,
		{"--method", "rank"},
		{"--method", "mean"},
		{"--bins", "2", "--split", "median"},
		{"--tiers", "pareto"},
		{"--method", "thresholds", "--bins", "3", "--r-cuts", "1,30", "--f-cuts", "1,2", "--m-cuts", "9.99,10"},
		{"--monetary", "mean", "--tiers", "pareto=50,90", "--bins", "9"},
		{"--date-format", "dmy"},
	}
	dir := t.TempDir()
	for i, c := range cases {
		file := filepath.Join(dir, fmt.Sprintf("tiny%d.csv", i))
		if err := os.WriteFile(file, []byte(c.data), 0o644); err != nil {
			t.Fatal(err)
		}
		for _, args := range flagSets {
			if c.forms && args != nil && args[0] != "--date-format" {
				continue
			}
			t.Run(c.name+"/"+refName(args), func(t *testing.T) {
				t.Parallel()
				cfg := refApplyArgs(t, c.base, args)
				if c.base.decComma {
					args = append(slices.Clone(args), "--decimal-comma")
				}
				refCheck(t, file, args, func() refResult {
					return refCompute(refLoad(t, strings.NewReader(c.data), cfg), cfg, nil)
				})
			})
		}
	}
}
