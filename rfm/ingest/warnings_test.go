package ingest

import (
	"context"
	"reflect"
	"testing"

	"github.com/rfmtool/rfm/rfm"
)

func TestWarnings(t *testing.T) {
	today := rfm.DateOf(2024, 6, 1)
	for _, tt := range []struct {
		name, body string
		opt        Options
		want       []string
	}{
		{name: "clean", body: "customer_id,order_date,amount\na,2024-01-01,5\nb,2024-06-02,1\n"},
		{name: "header only", body: "customer_id,order_date,amount\n",
			want: []string{"no data rows: the file has a header and nothing else"}},
		{name: "nothing usable", body: "customer_id,order_date,amount\na,x,5\nb,2024-01-01,NaN\n",
			want: []string{"no row was used: of 2 rows read, 2 rejected, 0 filtered, 0 after the as-of date; --rejects FILE writes the rejected rows with their reasons"}},
		{name: "nothing usable, rejects kept", body: "customer_id,order_date,amount\na,x,5\n", opt: Options{Rejects: discardRejects{}},
			want: []string{"no row was used: of 1 rows read, 1 rejected, 0 filtered, 0 after the as-of date; the rejects file lists the rejected rows with their reasons"}},
		{name: "all after the as-of date", body: "customer_id,order_date,amount\na,2024-01-01,5\na,2024-01-01,5\n",
			opt:  Options{AsOf: rfm.DateOf(2023, 1, 1), Dedupe: true},
			want: []string{"no row was used: of 2 rows read, 0 rejected, 0 filtered, 2 after the as-of date"}},
		{name: "wrong delimiter", body: "customer_id,order_date,amount\na;2024-01-01;5\nb,2024-01-01,5\nc;2024-01-01;5\n",
			want: []string{`2 of 3 rows have a different number of fields than the header: check the delimiter ("," here; --delimiter sets it) and quotes in the data`}},
		{name: "open quote", body: "customer_id,order_date,amount\na,2024-01-01,\"5\nb,2024-01-01,5\n",
			want: []string{"1 line opens a quote that does not close: it was rejected and the lines after it read again"}},
		{name: "old and future dates", body: "customer_id,order_date,amount\na,2024-01-01,5\nb,1899-12-31,5\nc,2204-01-01,1\nd,0001-01-01,1\ne,2204-01-01,1\n",
			want: []string{"the earliest date, 0001-01-01 on line 5, is before 1900: check the date column",
				"the latest date, 2204-01-01 on line 4, is after today: check the date column (recency counts from the day after the latest date unless --as-of says otherwise)"}},
		{name: "tomorrow is not the future", body: "customer_id,order_date,amount\na,2024-06-02,5\n"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			path := writeTemp(t, "w.csv", tt.body)
			opt := tt.opt
			if opt.AsOf == 0 {
				opt.AsOf = rfm.NoDate
			}
			_, rep, err := Scan(context.Background(), File{Path: path, Delimiter: ','}, opt, rfm.ReturnsNet)
			if err != nil {
				t.Fatal(err)
			}
			if got := rep.Warnings(today); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestDateRange(t *testing.T) {
	path := writeTemp(t, "r.csv", "customer_id,order_date,amount\na,2024-01-05,5\nb,2024-01-01,x\nc,2024-01-02,1\nd,2024-01-09,1\ne,2024-01-02,1\n")
	for _, seq := range []bool{false, true} {
		_, rep, err := Scan(context.Background(), File{Path: path}, Options{AsOf: rfm.NoDate, Sequential: seq}, rfm.ReturnsNet)
		if err != nil {
			t.Fatal(err)
		}
		want := [2]DatedLine{{rfm.DateOf(2024, 1, 2), 4}, {rfm.DateOf(2024, 1, 9), 5}}
		if got := [2]DatedLine{rep.Earliest, rep.Latest}; got != want {
			t.Errorf("sequential=%v: got %v, want %v", seq, got, want)
		}
	}
}

type discardRejects struct{}

func (discardRejects) Start([]string) error { return nil }
func (discardRejects) Reject(Reject) error  { return nil }
