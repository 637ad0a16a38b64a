package main

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// csvRecords reads a whole CSV file or fails the test.
func csvRecords(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

func column(t *testing.T, head []string, name string) int {
	t.Helper()
	for i, h := range head {
		if h == name {
			return i
		}
	}
	t.Fatalf("no column %q in %q", name, head)
	return -1
}

// R's rfm_table_customer data, scored end to end: every customer scored,
// the orders R's tests count (393,223), the recency days as given, no
// first order date.
func TestScoreRCustomerData(t *testing.T) {
	in := sharedDataFile(t, "rfm_r_package/rfm_data_customer.csv")
	out := filepath.Join(t.TempDir(), "customers.csv")
	var errb bytes.Buffer
	if code := run([]string{"score", in, "-o", out, "--keep", "email"}, nil, &bytes.Buffer{}, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	for _, want := range []string{
		"columns (one row per customer): customer=customer_id; recency days=recency_days; frequency=number_of_orders; monetary=revenue",
		"customers: 39999 scored\n",
		"rows read 39999 = used 39999 + rejected 0 + filtered 0 + after as-of 0",
	} {
		if !strings.Contains(errb.String(), want) {
			t.Errorf("stderr lacks %q:\n%s", want, errb.String())
		}
	}
	src, got := csvRecords(t, in), csvRecords(t, out)
	if len(got) != 40000 {
		t.Fatalf("%d customers, want 39999", len(got)-1)
	}
	byID := map[string][]string{}
	for _, r := range src[1:] {
		byID[r[0]] = r
	}
	h := got[0]
	rec, fr, first, email := column(t, h, "recency_days"), column(t, h, "frequency"), column(t, h, "first_order_date"), column(t, h, "email")
	orders := 0
	for _, r := range got[1:] {
		s := byID[r[0]]
		n, _ := strconv.Atoi(r[fr])
		orders += n
		if r[rec] != s[4] || r[fr] != s[3] || r[email] != s[7] || r[first] != "" {
			t.Fatalf("customer %s: %q from %q", r[0], r, s)
		}
	}
	if orders != 393223 {
		t.Errorf("%d orders, want 393223 (R's tests)", orders)
	}

	// With the visit date instead, recency counts from the day after the
	// latest visit, 2006-12-31; R's recency_days count from 2007-01-01.
	var out2 bytes.Buffer
	if code := run([]string{"score", in, "-o", "-", "--last-date-col", "most_recent_visit", "-q"}, nil, &out2, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	recs, err := csv.NewReader(&out2).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	last, rec2 := column(t, recs[0], "last_order_date"), column(t, recs[0], "recency_days")
	for _, r := range recs[1:] {
		s := byID[r[0]]
		days, _ := strconv.Atoi(s[4])
		if r[rec2] != strconv.Itoa(days-1) || r[last] != s[2] {
			t.Fatalf("customer %s: recency %s last %s, want %d and %s", r[0], r[rec2], r[last], days-1, s[2])
		}
	}
}

// The committed excerpt of R's customer data gives the golden output.
func TestScoreCustomerExcerpt(t *testing.T) {
	var out, errb bytes.Buffer
	args := []string{"score", "../../testdata/customers-r.csv", "-o", "-", "--keep", "first_name,email", "--weights", "1,1,2"}
	if code := run(args, nil, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	checkGolden(t, filepath.Join("testdata", "customers-r.golden.csv"), out.Bytes())
}
