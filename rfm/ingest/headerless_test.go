package ingest

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/rfmtool/rfm/rfm"
)

func TestWhitespaceReader(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []rec
	}{
		{"CDNOW lines", " 00004 0001 19970101  2   29.33\r\n 00004 0001 19970118  2   29.73\r\n",
			[]rec{{1, []string{"00004", "0001", "19970101", "2", "29.33"}, ""}, {2, []string{"00004", "0001", "19970118", "2", "29.73"}, ""}}},
		{"tabs and runs of spaces", "a\t\tb  c\n", []rec{{1, []string{"a", "b", "c"}, ""}}},
		{"blank lines are skipped but counted", "a b\n \t \n\nc d\n", []rec{{1, []string{"a", "b"}, ""}, {4, []string{"c", "d"}, ""}}},
		{"quotes are plain characters", "\"a b\" c\n", []rec{{1, []string{`"a`, `b"`, "c"}, ""}}},
		{"no final newline", "x y", []rec{{1, []string{"x", "y"}, ""}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := readAll(t, tt.in, Whitespace)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

// rowSink collects used rows as (customer, date, amount) text.
type rowSink struct {
	starts int
	rows   []string
}

func (s *rowSink) Start() error { s.starts++; s.rows = nil; return nil }

func (s *rowSink) Add(r *rfm.Row) error {
	s.rows = append(s.rows, string(r.Customer)+" "+r.Date.String()+" "+r.Amount.String())
	return nil
}

func writeTemp(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestHeaderlessWhitespaceFile(t *testing.T) {
	path := writeTemp(t, "cdnow.txt", " 00004 0001 19970101  2   29.33\r\n"+
		" 00004 0001 19970118  2   29.73\r\n"+
		" 00021 0002 19970101  3\r\n"+ // a field short
		"\r\n"+
		" 00021 0002 19970113  1   0.00\r\n")
	f := File{Path: path, Delimiter: Whitespace, Header: []string{"master", " customer_id ", "order_date", "cds", "amount"}}
	sink := &rowSink{}
	agg, rep, err := Scan(context.Background(), f, Options{Rows: sink, AsOf: rfm.NoDate}, rfm.ReturnsNet)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Read != 4 || rep.Used != 3 || rep.Rejected != 1 || !rep.Accounted() || agg.Rows() != 3 {
		t.Errorf("read %d used %d rejected %d; want 4, 3, 1", rep.Read, rep.Used, rep.Rejected)
	}
	if rep.Table.HeaderLine != 0 || rep.Columns.Roles[RoleCustomer].Header != "customer_id" {
		t.Errorf("header line %d, customer column %q; want 0 and customer_id", rep.Table.HeaderLine, rep.Columns.Roles[RoleCustomer].Header)
	}
	want := []string{"0001 1997-01-01 29.33", "0001 1997-01-18 29.73", "0002 1997-01-13 0"}
	if sink.starts != 1 || !reflect.DeepEqual(sink.rows, want) {
		t.Errorf("sink started %d times with rows %q, want once with %q", sink.starts, sink.rows, want)
	}
	// The short row is on line 3: without a header, data starts at line 1.
	_, _, err = Scan(context.Background(), f, Options{Strict: true, AsOf: rfm.NoDate}, rfm.ReturnsNet)
	if err == nil || !strings.Contains(err.Error(), "cdnow.txt:3: wrong number of fields") {
		t.Errorf("strict: got %v, want an error at line 3", err)
	}
}

func TestHeaderlessComma(t *testing.T) {
	path := writeTemp(t, "x.csv", "a,2024-01-02,5\nb,2024-01-03,\"1,000.50\"\n")
	f := File{Path: path, Header: []string{"customer", "date", "amount"}}
	sink := &rowSink{}
	if _, rep, err := Scan(context.Background(), f, Options{Rows: sink, AsOf: rfm.NoDate}, rfm.ReturnsNet); err != nil || rep.Used != 2 {
		t.Fatalf("used %v, err %v", rep, err)
	}
	if want := []string{"a 2024-01-02 5", "b 2024-01-03 1000.5"}; !reflect.DeepEqual(sink.rows, want) {
		t.Errorf("rows %q, want %q", sink.rows, want)
	}
}

// TestRowSinkRestart: a day-first date late in the file makes Scan read the
// table again, and the sink must then see each used row once.
func TestRowSinkRestart(t *testing.T) {
	path := writeTemp(t, "orders.csv", "customer,date,amount\na,1/2/2024,5\nb,13/2/2024,7\n")
	sink := &rowSink{}
	if _, _, err := Scan(context.Background(), File{Path: path}, Options{Rows: sink, AsOf: rfm.NoDate}, rfm.ReturnsNet); err != nil {
		t.Fatal(err)
	}
	want := []string{"a 2024-02-01 5", "b 2024-02-13 7"}
	if sink.starts != 2 || !reflect.DeepEqual(sink.rows, want) {
		t.Errorf("sink started %d times with rows %q, want twice with %q", sink.starts, sink.rows, want)
	}
}

func TestHeaderlessXLSXRefused(t *testing.T) {
	path := writeTemp(t, "book.xlsx", "PK\x03\x04 not really a workbook")
	_, err := File{Path: path, Header: []string{"customer", "date", "amount"}}.Open()
	if err == nil || !strings.Contains(err.Error(), "CSV only") {
		t.Errorf("got %v, want a CSV-only error", err)
	}
}
