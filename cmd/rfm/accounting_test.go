package main

import (
	"encoding/csv"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// A messy row's fate, decided when it is generated (SPEC §2).
const (
	fateUsed = iota
	fateRejected
	fateFiltered
	fateAfter
	fateDuplicate
)

// messyRow is a generated data row: its fields and what was chosen for each,
// from which its fate follows without reading the text back.
type messyRow struct {
	fields []string
	width  bool   // the wrong number of fields
	status string // trimmed
	noID   bool
	date   int // 0 good, 1 empty, 2 bad
	day    int // of 2024, for a good date
	amount int // 0 good, 1 empty, 2 bad
	quote  bool
}

var (
	messyStatuses  = []string{"paid", "paid", "shipped", "refunded", "cancelled", "pending", ""}
	messyBadDates  = []string{"2024-02-30", "2024-13-01", "not a date", "2024-1-1x", "20241301", "2024年13月1日"}
	messyBadAmount = []string{"1e308", "NaN", "--5", "12,5", "abc", "1.2.3", "Infinity", "0x10", "5-", "(-3)"}
	messyAmounts   = []string{"5", "12.50", "-3", "1,234.50", "(2.00)", "¥7", "0", "$ 9.99", "8元", "99999999999999999999"}
	messyNotes     = []string{"", "x", "a,b", `say "hi"`, "two\nlines", "=HYPERLINK(\"http://x\",\"y\")", "-2+3", "cr\r\nlf"}
)

// pad surrounds s with white space that trimming removes.
func pad(rng *rand.Rand, s string) string {
	switch rng.IntN(8) {
	case 0:
		return " " + s + " "
	case 1:
		return "  " + s
	case 2:
		return s + "\t"
	}
	return s
}

// csvField writes a field, quoted when it must be or at random.
func csvField(rng *rand.Rand, s string) string {
	if strings.ContainsAny(s, ",\"\r\n") || rng.IntN(6) == 0 {
		return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
	}
	return s
}

func newMessyRow(rng *rand.Rand) messyRow {
	r := messyRow{status: messyStatuses[rng.IntN(len(messyStatuses))]}
	id := fmt.Sprintf("c%d", rng.IntN(40))
	switch rng.IntN(14) {
	case 0:
		r.noID, id = true, ""
	case 1:
		r.noID, id = true, "\u3000"
	case 2:
		id = "=c" + id // a formula-like id is still an id
	}
	date := ""
	switch k := rng.IntN(20); {
	case k == 0:
		r.date = 1
	case k <= 2:
		r.date, date = 2, messyBadDates[rng.IntN(len(messyBadDates))]
	default:
		r.day = rng.IntN(366)
		d := dateOfYear2024(r.day)
		switch rng.IntN(4) {
		case 0:
			date = d + " 10:30"
		case 1:
			date = strings.ReplaceAll(d, "-", "")
		default:
			date = d
		}
	}
	amount := ""
	switch k := rng.IntN(20); {
	case k == 0:
		r.amount = 1
	case k <= 2:
		r.amount, amount = 2, messyBadAmount[rng.IntN(len(messyBadAmount))]
	default:
		amount = messyAmounts[rng.IntN(len(messyAmounts))]
	}
	note := messyNotes[rng.IntN(len(messyNotes))]
	r.fields = []string{strconv.Itoa(rng.IntN(1000)), id, date, amount, r.status, note}
	switch rng.IntN(14) {
	case 0:
		r.width, r.fields = true, r.fields[:5]
	case 1:
		r.width, r.fields = true, append(r.fields, "extra")
	}
	return r
}

// dateOfYear2024 is day d (from 0) of 2024 as YYYY-MM-DD.
func dateOfYear2024(d int) string {
	months := []int{31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}
	m := 0
	for d >= months[m] {
		d -= months[m]
		m++
	}
	return fmt.Sprintf("2024-%02d-%02d", m+1, d+1)
}

// messyFlags are the flags of one run and what they decide.
type messyFlags struct {
	where, whereNot, asOf, dedupe bool
}

// asOfDay is --as-of 2024-06-30 as a day of 2024.
const asOfDay = 181

// fate applies SPEC §2's steps to a row; seen holds the trimmed fields of
// the used rows so far, for --dedupe. It returns the fate and, for a
// rejected row, the kind of reason.
func (r messyRow) fate(f messyFlags, seen map[string]bool) (int, string) {
	switch {
	case r.quote:
		return fateRejected, "unbalanced quotes"
	case r.width:
		return fateRejected, "wrong number of fields"
	case f.where && r.status != "paid" && r.status != "shipped" && r.status != "refunded",
		f.whereNot && (r.status == "refunded" || r.status == "cancelled"):
		return fateFiltered, ""
	case r.noID:
		return fateRejected, "empty customer id"
	case r.date == 1:
		return fateRejected, "empty date"
	case r.date == 2:
		return fateRejected, "bad date"
	case r.amount == 1:
		return fateRejected, "empty amount"
	case r.amount == 2:
		return fateRejected, "bad amount"
	case f.asOf && r.day > asOfDay:
		return fateAfter, ""
	}
	if f.dedupe {
		var key strings.Builder
		for _, s := range r.fields {
			key.WriteString(strings.TrimSpace(strings.TrimFunc(s, func(c rune) bool { return c == '\u3000' })))
			key.WriteByte(0)
		}
		if seen[key.String()] {
			return fateDuplicate, ""
		}
		seen[key.String()] = true
	}
	return fateUsed, ""
}

// writeMessy writes n rows (some copies of earlier ones, as duplicates are),
// blank lines among them, and returns each row with the line it starts on.
func writeMessy(rng *rand.Rand, path string, n int) ([]messyRow, []int) {
	eol := "\n"
	if rng.IntN(3) == 0 {
		eol = "\r\n"
	}
	var b strings.Builder
	b.WriteString("order_id,customer_id,order_date,amount,status,note" + eol)
	line := 2
	var rows []messyRow
	var lines []int
	for range n {
		if rng.IntN(25) == 0 {
			b.WriteString(eol)
			line++
		}
		var r messyRow
		if len(rows) > 0 && rng.IntN(8) == 0 {
			r = rows[rng.IntN(len(rows))]
		} else {
			r = newMessyRow(rng)
		}
		rows = append(rows, r)
		lines = append(lines, line)
		for i, f := range r.fields {
			if i > 0 {
				b.WriteByte(',')
			}
			text := csvField(rng, pad(rng, f))
			b.WriteString(text)
			line += strings.Count(text, "\n")
		}
		b.WriteString(eol)
		line++
	}
	if rng.IntN(4) == 0 {
		// A quote that never closes, on the last line.
		rows = append(rows, messyRow{quote: true})
		lines = append(lines, line)
		b.WriteString(`9,c1,2024-01-05,5,paid,"never closed` + eol)
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		panic(err)
	}
	return rows, lines
}

var (
	accountingRE = regexp.MustCompile(`(?m)^rows read (\d+) = used (\d+) \+ rejected (\d+) \+ filtered (\d+) \+ after as-of (\d+)(?: \+ duplicates (\d+))?$`)
	rejectedRE   = regexp.MustCompile(`(?m)^rejected (\d+) rows: (.*)$`)
)

// TestAccountingProperty runs rfm score on random messy exports — bad dates
// and amounts, empty ids, wrong field counts, quoted fields over several
// lines, duplicates, filtered rows, rows after --as-of, a quote left open —
// with random flags, and checks SPEC §2 on every run: the accounting line adds
// up, each count and each reason's count equals the count made from how the
// rows were generated, and the --rejects file holds exactly the rejected rows,
// by line and reason.
func TestAccountingProperty(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	// 30 seeds: each flag is drawn on and off many times over (--where one
	// time in three), with files of 50 to 300 rows.
	for seed := range uint64(30) {
		rng := rand.New(rand.NewPCG(seed, 0xacc0))
		path := filepath.Join(dir, fmt.Sprintf("messy%d.csv", seed))
		rows, lines := writeMessy(rng, path, 50+rng.IntN(250))
		f := messyFlags{where: rng.IntN(3) == 0, whereNot: rng.IntN(2) == 0, asOf: rng.IntN(2) == 0, dedupe: rng.IntN(2) == 0}
		rejects := filepath.Join(dir, fmt.Sprintf("rejects%d.csv", seed))
		args := []string{"score", path, "-o", filepath.Join(dir, "out.csv"), "--rejects", rejects}
		if f.where {
			args = append(args, "--where", "status=paid,shipped,refunded")
		}
		if f.whereNot {
			args = append(args, "--where-not", "status=refunded,cancelled")
		}
		if f.asOf {
			args = append(args, "--as-of", "2024-06-30")
		}
		if f.dedupe {
			args = append(args, "--dedupe")
		}
		if rng.IntN(2) == 0 {
			args = append(args, "--keep", "note")
		}
		name := fmt.Sprintf("seed %d: rfm %s", seed, strings.Join(args, " "))

		// The independent count.
		var want [5]int
		wantReasons := map[string]int{}
		type rejected struct {
			line int
			kind string
		}
		var wantRejects []rejected
		seen := map[string]bool{}
		for i, r := range rows {
			fate, kind := r.fate(f, seen)
			want[fate]++
			if fate == fateRejected {
				wantReasons[kind]++
				wantRejects = append(wantRejects, rejected{lines[i], kind})
			}
		}

		_, stderr, code := runRFM(t, "", args...)
		if code != 0 {
			t.Fatalf("%s: exit status %d\n%s", name, code, stderr)
		}
		m := accountingRE.FindStringSubmatch(stderr)
		if m == nil {
			t.Fatalf("%s: no accounting line\n%s", name, stderr)
		}
		var got [6]int
		for i := range got {
			got[i], _ = strconv.Atoi(m[i+1])
		}
		if got[0] != got[1]+got[2]+got[3]+got[4]+got[5] {
			t.Errorf("%s: does not add up: %s", name, m[0])
		}
		if got[5] != 0 && !f.dedupe {
			t.Errorf("%s: duplicates without --dedupe: %s", name, m[0])
		}
		wantLine := [6]int{len(rows), want[fateUsed], want[fateRejected], want[fateFiltered], want[fateAfter], want[fateDuplicate]}
		if got != wantLine {
			t.Errorf("%s:\ngot  %s\nwant rows read %d = used %d + rejected %d + filtered %d + after as-of %d + duplicates %d",
				name, m[0], wantLine[0], wantLine[1], wantLine[2], wantLine[3], wantLine[4], wantLine[5])
		}

		gotReasons := map[string]int{}
		if m := rejectedRE.FindStringSubmatch(stderr); m != nil {
			sum := 0
			for _, part := range strings.Split(m[2], ", ") {
				i := strings.LastIndexByte(part, ' ')
				n, err := strconv.Atoi(part[i+1:])
				if i < 0 || err != nil {
					t.Fatalf("%s: cannot read %q in %q", name, part, m[0])
				}
				gotReasons[part[:i]] = n
				sum += n
			}
			if n, _ := strconv.Atoi(m[1]); n != sum || n != got[2] {
				t.Errorf("%s: %q does not add up to the %d rejected", name, m[0], got[2])
			}
		}
		if fmt.Sprint(gotReasons) != fmt.Sprint(wantReasons) {
			t.Errorf("%s: reasons %v, want %v", name, gotReasons, wantReasons)
		}

		// The rejects file: a header, then one record per rejected row.
		fr, err := os.Open(rejects)
		if err != nil {
			t.Fatal(err)
		}
		cr := csv.NewReader(fr)
		cr.FieldsPerRecord = -1
		recs, err := cr.ReadAll()
		fr.Close()
		if err != nil || len(recs) == 0 {
			t.Fatalf("%s: rejects file: %v", name, err)
		}
		if len(recs)-1 != got[2] {
			t.Errorf("%s: the rejects file has %d rows, the accounting line %d rejected", name, len(recs)-1, got[2])
		}
		for i, rec := range recs[1:] {
			if i >= len(wantRejects) {
				t.Errorf("%s: rejects row %q not expected", name, rec)
				break
			}
			line, reason := rec[len(rec)-2], rec[len(rec)-1]
			w := wantRejects[i]
			if line != strconv.Itoa(w.line) || !strings.HasPrefix(reason, w.kind) {
				t.Errorf("%s: rejects row %d: line %s %q, want line %d %s", name, i+1, line, reason, w.line, w.kind)
			}
		}
	}
}
