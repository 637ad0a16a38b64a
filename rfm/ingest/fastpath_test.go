package ingest

import (
	"fmt"
	"math/rand/v2"
	"regexp"
	"testing"
)

// The fast paths of ParseDate (isoDate), ParseAmount (plainAmount) and the
// CSV reader (splitPlain's 8-byte scan) must read exactly what the general
// paths read. A leading space keeps a value off the fast path: the general
// path trims it and must agree.

func checkDateFast(t *testing.T, s string) {
	t.Helper()
	d, form, dayFirst, err := ParseDate([]byte(s), OrderMDY)
	gd, gform, gdayFirst, gerr := ParseDate([]byte(" "+s), OrderMDY)
	if d != gd || form != gform || dayFirst != gdayFirst || (err == nil) != (gerr == nil) {
		t.Errorf("ParseDate(%q) = %v %v %v %v, general path %v %v %v %v", s, d, form, dayFirst, err, gd, gform, gdayFirst, gerr)
	}
	if _, ok := isoDate([]byte(s)); ok && err != nil {
		t.Errorf("isoDate(%q) accepts what ParseDate rejects", s)
	}
	// The fast path takes every valid date of its two forms.
	if err == nil && isoForm.MatchString(s) {
		if fd, ok := isoDate([]byte(s)); !ok || fd != d {
			t.Errorf("isoDate(%q) = %v %v, want %v true", s, fd, ok, d)
		}
	}
}

// isoForm is what isoDate reads: YYYY-MM-DD, with hh:mm:ss or without.
var isoForm = regexp.MustCompile(`^\d{4}-\d\d-\d\d( \d\d:\d\d:\d\d)?$`)

func checkAmountFast(t *testing.T, s string) {
	t.Helper()
	a, err := ParseAmount([]byte(s), false)
	ga, gerr := ParseAmount([]byte(" "+s), false)
	if (err == nil) != (gerr == nil) || (err == nil && a.String() != ga.String()) {
		t.Errorf("ParseAmount(%q) = %v %v, general path %v %v", s, a, err, ga, gerr)
	}
}

func TestFastPathsMatchGeneral(t *testing.T) {
	dates := []string{"2024-01-05", "2024-02-29", "2023-02-29", "2024-13-01", "2024-00-10", "0000-01-01",
		"9999-12-31", "2024-01-05 00:00:00", "2024-01-05 23:59:59", "2024-01-05 24:00:00", "2024-01-05 12:60:00",
		"2024-01-05 12:00:60", "2024-01-05T12:00:00", "2024/01/05", "2024-1-05 12:00:0", "2024-01-05 1:00:00 ",
		"20240105", "2024-01-0a", "2024-01-05 12:00:00Z", "2024-01-05 12:00:00", "2024-04-31", "a024-01-05"}
	amounts := []string{"0", "-0", "12", "12.5", "12.50", "-12.50", "0.000001", "0.0000001", "999999999999",
		"9999999999999", "999999999999.999999", "-999999999999.999999", "1.", ".5", "-", "", "+1", "1,234.5",
		"12.5a", "1.2.3", "007.10", "--1", "1e5"}
	// Each place of the fast path's forms holding a byte just outside the
	// digits, or a separator where a digit goes.
	for _, form := range []string{"2024-01-05", "2024-01-05 12:34:56"} {
		for i := range form {
			for _, c := range "/:;<=>?- " {
				dates = append(dates, form[:i]+string(c)+form[i+1:])
			}
		}
	}
	rng := rand.New(rand.NewPCG(7, 7))
	for range 20000 {
		s := fmt.Sprintf("%04d-%02d-%02d", rng.IntN(10001), rng.IntN(14), rng.IntN(33))
		if rng.IntN(2) == 0 {
			s += fmt.Sprintf(" %02d:%02d:%02d", rng.IntN(26), rng.IntN(62), rng.IntN(62))
		}
		dates = append(dates, s)
		a := fmt.Sprintf("%d", rng.Int64N(1<<rng.IntN(50)))
		if rng.IntN(2) == 0 {
			a += "." + fmt.Sprintf("%08d", rng.IntN(100000000))[:1+rng.IntN(8)]
		}
		if rng.IntN(3) == 0 {
			a = "-" + a
		}
		amounts = append(amounts, a)
	}
	for _, s := range dates {
		checkDateFast(t, s)
	}
	for _, s := range amounts {
		checkAmountFast(t, s)
	}
}

func FuzzFastPaths(f *testing.F) {
	f.Add("2024-01-05 12:00:00")
	f.Add("-123.45")
	f.Fuzz(func(t *testing.T, s string) {
		checkDateFast(t, s)
		checkAmountFast(t, s)
	})
}

// TestSplitPlainMatchesSplit reads lines of every length around the 8-byte
// steps, with delimiters and quotes at every place, and compares the fields
// with a plain split (or, for a quoted line, with the quoted reader).
func TestSplitPlainMatchesSplit(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 3))
	alphabet := []byte("ab,;\"x ")
	for range 20000 {
		l := make([]byte, rng.IntN(40))
		for i := range l {
			l[i] = alphabet[rng.IntN(len(alphabet))]
		}
		for _, delim := range []byte{',', ';'} {
			c := &csvReader{delim: delim, slice: true, size: len(l), lineOff: 0}
			got, _, err := c.splitPlain(l, 1)
			q := &csvReader{delim: delim, slice: true, size: len(l)}
			want, _, werr := q.splitQuoted(l, 1)
			if (err == nil) != (werr == nil) || fmt.Sprintf("%q", got) != fmt.Sprintf("%q", want) {
				t.Fatalf("line %q delim %q: splitPlain %q %v, splitQuoted %q %v", l, delim, got, err, want, werr)
			}
			if err == nil && c.inPlace {
				for k, f := range got {
					if string(l[c.offs[k]:c.offs[k]+len(f)]) != string(f) {
						t.Fatalf("line %q: field %d at offset %d is not %q", l, k, c.offs[k], f)
					}
				}
			}
		}
	}
}
