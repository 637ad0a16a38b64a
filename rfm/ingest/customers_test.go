package ingest

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/rfmtool/rfm/rfm"
)

type rejectList struct{ got []Reject }

func (r *rejectList) Start([]string) error { r.got = nil; return nil }
func (r *rejectList) Reject(x Reject) error {
	r.got = append(r.got, x)
	return nil
}

// rowText is a customer row as text, for comparison.
func rowText(r rfm.CustomerRow) string {
	rec := "R" + itoa64(r.Recency)
	if r.Last != rfm.NoDate {
		rec = r.Last.String()
	}
	return strings.Join(append([]string{r.ID, rec, "F" + itoa64(r.Frequency), r.Monetary.String()}, r.Kept...), " ")
}

func itoa64(n int64) string { return rfm.Cents(n * 100).String()[:len(rfm.Cents(n*100).String())-3] }

func TestScanCustomers(t *testing.T) {
	for _, tt := range []struct {
		name    string
		body    string
		opt     Options
		rows    []string
		rejects []string // line: reason
		read    int
		after   int
	}{
		{
			name: "English headers, recency days",
			body: "customer_id,recency_days,frequency,monetary,email\nc1,10,3,120.50,a@x\nc2,0,1,\"1,000\",b@x\n",
			opt:  Options{Keep: []string{"email"}},
			rows: []string{"c1 R10 F3 120.5 a@x", "c2 R0 F1 1000 b@x"},
			read: 2,
		},
		{
			name: "R's rfm_table_customer columns: recency days win over the date",
			body: "customer_id,revenue,most_recent_visit,number_of_orders,recency_days\n22086,777,2006-05-14,9,232\n",
			rows: []string{"22086 R232 F9 777"},
			read: 1,
		},
		{
			name: "Chinese headers with a last purchase date and units",
			body: "会员ID,最近消费日期,消费次数,累计消费金额(元)\nm1,2024年3月1日,2,¥88.80\nm2,2024/3/5,5,12元\n",
			rows: []string{"m1 2024-03-01 F2 88.8", "m2 2024-03-05 F5 12"},
			read: 2,
		},
		{
			name: "Chinese headers with days",
			body: "客户编号,距今天数,购买次数,消费金额\nk1,30,1,50\n",
			rows: []string{"k1 R30 F1 50"},
			read: 1,
		},
		{
			name: "flags name the columns",
			body: "id,tage,anzahl,umsatz\nx,5,2,9.99\n",
			opt:  Options{Columns: [numRoles]string{RoleCustomer: "id"}, Customers: &CustomerOptions{Columns: [NumMetrics]string{MetricRecency: "tage", MetricFrequency: "anzahl", MetricMonetary: "umsatz"}}},
			rows: []string{"x R5 F2 9.99"},
			read: 1,
		},
		{
			name: "--last-date-col wins over detected recency days",
			body: "customer_id,recency_days,last_order_date,orders,total_spent\nc,99,2024-01-02,1,5\n",
			opt:  Options{Customers: &CustomerOptions{Columns: [NumMetrics]string{MetricLastDate: "last_order_date"}}},
			rows: []string{"c 2024-01-02 F1 5"},
			read: 1,
		},
		{
			name: "day/month decided over the whole file",
			body: "customer_id,last_purchase_date,frequency,monetary\na,1/2/2024,1,5\nb,13/2/2024,1,5\n",
			rows: []string{"a 2024-02-01 F1 5", "b 2024-02-13 F1 5"},
			read: 2,
		},
		{
			name: "bad values are rejected with one reason each",
			body: "customer_id,recency_days,frequency,monetary\n" +
				"a,-1,1,5\n" + // 2
				"b,1.5,1,5\n" + // 3
				"c,1,x,5\n" + // 4
				"d,1,2,12,5\n" + // 5: wrong number of fields
				"e,1,2,1e3\n" + // 6
				" ,1,2,5\n" + // 7
				"f,1,,5\n" + // 8
				"g,1,3.0,5\n" + // 9: 3.0 is 3
				"h,,2,5\n", // 10
			rows: []string{"g R1 F3 5"},
			rejects: []string{
				`2: bad recency: "-1" (want a whole number ≥ 0)`,
				`3: bad recency: "1.5" (want a whole number ≥ 0)`,
				`4: bad frequency: "x" (want a whole number ≥ 0)`,
				`5: wrong number of fields: 5, want 4`,
				`6: bad monetary: "1e3"`,
				`7: empty customer id`,
				`8: empty frequency`,
				`10: empty recency`,
			},
			read: 9,
		},
		{
			name: "bad dates",
			body: "customer_id,last_purchase_date,frequency,monetary\na,2024-02-30,1,5\nb,,1,5\n",
			rejects: []string{
				`2: bad date: "2024-02-30"`,
				`3: empty date`,
			},
			read: 2,
		},
		{
			name: "a customer id twice is rejected the second time",
			body: "customer_id,recency_days,frequency,monetary\na,1,1,5\n a ,2,2,6\nb,1,1,1\n",
			rows: []string{"a R1 F1 5", "b R1 F1 1"},
			rejects: []string{
				`3: duplicate customer id: "a"`,
			},
			read: 3,
		},
		{
			name:  "filters and the as-of date count rows",
			body:  "customer_id,last_purchase_date,frequency,monetary,status\na,2024-01-01,1,5,ok\nb,2024-03-01,1,5,ok\nc,2024-01-01,1,5,closed\n",
			opt:   Options{AsOf: rfm.DateOf(2024, 2, 1), WhereNot: []Filter{{Column: "status", Values: []string{"closed"}}}},
			rows:  []string{"a 2024-01-01 F1 5"},
			read:  3,
			after: 1,
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			path := writeTemp(t, "customers.csv", tt.body)
			rej := &rejectList{}
			opt := tt.opt
			opt.Rejects = rej
			if opt.AsOf == 0 {
				opt.AsOf = rfm.NoDate
			}
			rows, rep, err := ScanCustomers(context.Background(), File{Path: path}, opt)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, r := range rows {
				got = append(got, rowText(r))
			}
			if strings.Join(got, "\n") != strings.Join(tt.rows, "\n") {
				t.Errorf("rows\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.rows, "\n"))
			}
			var rj []string
			for _, r := range rej.got {
				rj = append(rj, itoa64(int64(r.Line))+": "+r.Reason)
			}
			if strings.Join(rj, "\n") != strings.Join(tt.rejects, "\n") {
				t.Errorf("rejects\n%s\nwant\n%s", strings.Join(rj, "\n"), strings.Join(tt.rejects, "\n"))
			}
			if rep.Read != tt.read || rep.AfterAsOf != tt.after || !rep.Accounted() {
				t.Errorf("read %d after %d accounted %v; want read %d after %d", rep.Read, rep.AfterAsOf, rep.Accounted(), tt.read, tt.after)
			}
		})
	}
}

func TestScanCustomersColumns(t *testing.T) {
	for _, tt := range []struct {
		name, body, want string
	}{
		{"no frequency", "customer_id,recency_days,monetary\na,1,5\n", "no frequency column among [customer_id, recency_days, monetary]; name it with --frequency-col"},
		{"no recency", "customer_id,frequency,monetary\na,1,5\n", "no recency column among [customer_id, frequency, monetary]; name the days since the last purchase with --recency-col, or the last purchase date with --last-date-col"},
		{"no customer", "name,recency,frequency,monetary\na,1,1,5\n", "no customer column among [name, recency, frequency, monetary]; name it with --customer-col"},
		{"two monetary columns", "customer_id,recency,frequency,monetary,monetary\na,1,1,5,5\n", `two columns are headed "monetary" (columns 4 and 5); rename one or name the column with --monetary-col`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			path := writeTemp(t, "c.csv", tt.body)
			_, _, err := ScanCustomers(context.Background(), File{Path: path}, Options{AsOf: rfm.NoDate})
			var pe *ParseError
			if !errors.As(err, &pe) || pe.Err.Error() != tt.want || pe.Line != 1 {
				t.Errorf("error %v, want line 1: %s", err, tt.want)
			}
		})
	}
}

// Scan says when a header is a customer table, unless the kind or a
// transaction column flag says otherwise.
func TestScanDetectsCustomerTables(t *testing.T) {
	for _, tt := range []struct {
		name   string
		header string
		opt    Options
		want   bool
	}{
		{"R's customer data", "customer_id,revenue,most_recent_visit,number_of_orders,recency_days", Options{}, true},
		{"Chinese CRM export", "会员ID,最近消费日期,消费次数,累计消费金额", Options{}, true},
		{"transactions", "customer_id,order_date,amount", Options{}, false},
		{"a date column makes it transactions", "customer_id,order_date,amount,frequency,recency", Options{}, false},
		{"--input-kind orders", "customer_id,revenue,most_recent_visit,number_of_orders,recency_days", Options{Customers: &CustomerOptions{Kind: KindOrders}}, false},
		{"--date-col", "customer_id,recency_days,frequency,monetary,last_order_date", Options{Columns: [numRoles]string{RoleDate: "last_order_date"}}, false},
		{"--frequency-col", "id,date,amount,n", Options{Customers: &CustomerOptions{Columns: [NumMetrics]string{MetricFrequency: "n"}}}, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			opt := tt.opt
			if opt.Customers == nil {
				opt.Customers = &CustomerOptions{}
			}
			body := tt.header + "\n" + strings.Repeat("x,", strings.Count(tt.header, ",")) + "x\n"
			path := writeTemp(t, "in.csv", body)
			_, _, err := Scan(context.Background(), File{Path: path}, opt, rfm.ReturnsNet)
			if got := errors.Is(err, ErrCustomerLevel); got != tt.want {
				t.Errorf("customer-level %v (err %v), want %v", got, err, tt.want)
			}
		})
	}
}

func FuzzWholeNumber(f *testing.F) {
	for _, s := range []string{"0", "12", "3.0", "1,234", "-1", "+1", "1.5", "", "9999999999", "１２"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, reason := wholeNumber([]byte(s), "frequency")
		if reason == "" && n < 0 {
			t.Fatalf("wholeNumber(%q) = %d", s, n)
		}
		if reason != "" && n != 0 {
			t.Fatalf("wholeNumber(%q) = %d with reason %q", s, n, reason)
		}
	})
}
