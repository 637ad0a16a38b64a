package clv

import (
	"math"
	"testing"
)

func TestSummarize(t *testing.T) {
	type row = Purchase
	tests := []struct {
		name string
		rows []row
		end  int32
		unit Unit
		want []Summary
	}{
		{
			name: "single purchase",
			rows: []row{{"a", 10, 5}},
			end:  24, unit: Week,
			want: []Summary{{Customer: "a", X: 0, Tx: 0, T: 2, Spend: 0, Total: 5, First: 10, Last: 10}},
		},
		{
			name: "zero-amount rows are purchase occasions",
			rows: []row{{"a", 0, 10}, {"a", 7, 0}, {"a", 14, 4}},
			end:  14, unit: Week,
			want: []Summary{{Customer: "a", X: 2, Tx: 2, T: 2, Spend: 2, Total: 14, First: 0, Last: 14}},
		},
		{
			name: "negative rows are left out",
			rows: []row{{"a", 0, 10}, {"a", 3, -10}, {"b", 5, -1}},
			end:  7, unit: Day,
			want: []Summary{{Customer: "a", X: 0, Tx: 0, T: 7, Total: 10, First: 0, Last: 0}},
		},
		{
			name: "a negative row does not cancel a purchase on its day",
			rows: []row{{"a", 0, 10}, {"a", 2, 6}, {"a", 2, -6}},
			end:  2, unit: Day,
			want: []Summary{{Customer: "a", X: 1, Tx: 2, T: 2, Spend: 6, Total: 16, First: 0, Last: 2}},
		},
		{
			name: "same-day purchases merge and their amounts add up",
			rows: []row{{"a", 1, 10}, {"a", 1, 5}, {"a", 3, 2}, {"a", 3, 4}, {"a", 8, 9}},
			end:  8, unit: Day,
			want: []Summary{{Customer: "a", X: 2, Tx: 7, T: 7, Spend: 7.5, Total: 30, First: 1, Last: 8}},
		},
		{
			name: "unit day",
			rows: []row{{"a", 100, 1}, {"a", 110, 3}},
			end:  121, unit: Day,
			want: []Summary{{Customer: "a", X: 1, Tx: 10, T: 21, Spend: 3, Total: 4, First: 100, Last: 110}},
		},
		{
			name: "unit week divides by seven",
			rows: []row{{"a", 100, 1}, {"a", 110, 3}},
			end:  121, unit: Week,
			want: []Summary{{Customer: "a", X: 1, Tx: 10.0 / 7, T: 3, Spend: 3, Total: 4, First: 100, Last: 110}},
		},
		{
			name: "the calibration end counts, later rows do not",
			rows: []row{{"a", 0, 1}, {"a", 7, 2}, {"a", 8, 4}, {"c", 9, 1}},
			end:  7, unit: Week,
			want: []Summary{{Customer: "a", X: 1, Tx: 1, T: 1, Spend: 2, Total: 3, First: 0, Last: 7}},
		},
		{
			name: "customers sorted by id in byte order, input order irrelevant",
			rows: []row{{"b", 3, 1}, {"B", 2, 1}, {"a", 5, 2}, {"a", 1, 1}},
			end:  7, unit: Day,
			want: []Summary{
				{Customer: "B", T: 5, Total: 1, First: 2, Last: 2},
				{Customer: "a", X: 1, Tx: 4, T: 6, Spend: 2, Total: 3, First: 1, Last: 5},
				{Customer: "b", T: 4, Total: 1, First: 3, Last: 3},
			},
		},
		{
			name: "first purchase on the end day gives T = 0",
			rows: []row{{"a", 7, 1}},
			end:  7, unit: Week,
			want: []Summary{{Customer: "a", Total: 1, First: 7, Last: 7}},
		},
		{
			name: "no rows",
			end:  7, unit: Week,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Summarize(tc.rows, tc.end, tc.unit)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tc.want) {
				t.Fatalf("got %d summaries %+v, want %d %+v", len(got), got, len(tc.want), tc.want)
			}
			for i := range got {
				if !sameSummary(got[i], tc.want[i]) {
					t.Errorf("got %+v\nwant %+v", got[i], tc.want[i])
				}
			}
		})
	}
}

func sameSummary(a, b Summary) bool {
	near := func(x, y float64) bool { return math.Abs(x-y) <= 1e-12*math.Max(1, math.Abs(y)) }
	return a.Customer == b.Customer && a.X == b.X && near(a.Tx, b.Tx) && near(a.T, b.T) &&
		near(a.Spend, b.Spend) && near(a.Total, b.Total) && a.First == b.First && a.Last == b.Last
}

func TestSummarizeErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		rows []Purchase
		unit Unit
	}{
		{"unit 3 days", nil, 3},
		{"zero unit", nil, 0},
		{"NaN amount", []Purchase{{"a", 0, math.NaN()}}, Day},
		{"infinite amount", []Purchase{{"a", 0, math.Inf(1)}}, Day},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := Summarize(tc.rows, 10, tc.unit); err == nil {
				t.Error("got no error")
			}
		})
	}
}

func TestParseUnit(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Unit
		ok   bool
	}{
		{"week", Week, true},
		{"Day", Day, true},
		{" w ", Week, true},
		{"month", 0, false},
		{"", 0, false},
	} {
		got, err := ParseUnit(tc.in)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("ParseUnit(%q) = %v, %v; want %v, ok %v", tc.in, got, err, tc.want, tc.ok)
		}
	}
}

func TestCountDays(t *testing.T) {
	rows := []Purchase{
		{"a", 5, 1}, {"a", 11, 1}, {"a", 11, 2}, {"a", 12, 0}, {"a", 13, -4}, {"a", 20, 1}, {"a", 21, 1},
		{"b", 10, 1},
	}
	got := CountDays(rows, 10, 20)
	if len(got) != 1 || got["a"] != 3 {
		t.Errorf("got %v, want map[a:3]", got)
	}
}
