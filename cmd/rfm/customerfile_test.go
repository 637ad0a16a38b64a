package main

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/rfmtool/rfm/report"
	"github.com/rfmtool/rfm/rfm"
	"github.com/rfmtool/rfm/rfm/ingest"
)

// TestJoinCustomerFile joins customer files to scored customers: which
// customers become prospects, whose kept value wins, and the counts.
func TestJoinCustomerFile(t *testing.T) {
	scored := func(id string, kept ...string) rfm.Customer { return rfm.Customer{ID: id, Kept: kept} }
	row := func(id string, kept ...string) ingest.CustomerListRow {
		return ingest.CustomerListRow{ID: id, Kept: kept}
	}
	tests := []struct {
		name      string
		customers []rfm.Customer
		unscored  []rfm.Customer
		rows      []ingest.CustomerListRow
		from      []keptFrom
		// want lists the scored customers as id:kept…, then the prospects
		// as +id:kept…
		want      []string
		wantKept  []string
		wantCount report.CustomerFileJoin
	}{{
		name:      "no kept columns: prospects by id, counts",
		customers: []rfm.Customer{scored("A"), scored("C")},
		unscored:  []rfm.Customer{{ID: "N"}},
		rows:      []ingest.CustomerListRow{row("Z"), row("C"), row("N"), row("B")},
		want:      []string{"A:", "C:", "+B:", "+Z:"},
		wantKept:  []string{},
		wantCount: report.CustomerFileJoin{Customers: 4, Scored: 1, NotScored: 1, Missing: 1},
	}, {
		name:      "a column in both: the customer file's non-empty value wins",
		customers: []rfm.Customer{scored("A", "a@tx"), scored("B", "b@tx"), scored("C", "")},
		rows:      []ingest.CustomerListRow{row("A", "a@crm"), row("B", ""), row("C", "c@crm"), row("P", "p@crm")},
		from:      []keptFrom{{tx: 0, cf: 0, header: "email"}},
		want:      []string{"A:a@crm", "B:b@tx", "C:c@crm", "+P:p@crm"},
		wantKept:  []string{"email"},
		wantCount: report.CustomerFileJoin{Customers: 4, Scored: 3},
	}, {
		name:      "columns of one side only, in --keep order",
		customers: []rfm.Customer{scored("A", "Shanghai"), scored("M", "Beijing")},
		rows:      []ingest.CustomerListRow{row("A", "111", "Ann"), row("P", "", "Pat")},
		from: []keptFrom{{tx: -1, cf: 1, header: "name"}, {tx: 0, cf: -1, header: "city"},
			{tx: -1, cf: 0, header: "phone"}},
		want:      []string{"A:Ann|Shanghai|111", "M:|Beijing|", "+P:Pat||"},
		wantKept:  []string{"name", "city", "phone"},
		wantCount: report.CustomerFileJoin{Customers: 2, Scored: 1, Missing: 1},
	}, {
		name:      "every customer of the file bought: no prospects, an empty list",
		customers: []rfm.Customer{scored("A")},
		rows:      []ingest.CustomerListRow{row("A")},
		want:      []string{"A:"},
		wantKept:  []string{},
		wantCount: report.CustomerFileJoin{Customers: 1, Scored: 1},
	}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := &report.Result{Customers: slices.Clone(tc.customers)}
			l := &ingest.CustomerList{Table: &ingest.Table{Name: "c.csv"}, Rows: tc.rows, Read: len(tc.rows)}
			joinCustomerFile(res, l, tc.from, tc.unscored)
			var got []string
			for _, c := range res.Customers {
				got = append(got, fmt.Sprintf("%s:%s", c.ID, strings.Join(c.Kept, "|")))
			}
			for _, p := range res.Prospects {
				got = append(got, fmt.Sprintf("+%s:%s", p.ID, strings.Join(p.Kept, "|")))
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("got  %q\nwant %q", got, tc.want)
			}
			if !slices.Equal(res.Kept, tc.wantKept) {
				t.Errorf("kept headers: got %q, want %q", res.Kept, tc.wantKept)
			}
			if res.Prospects == nil {
				t.Error("prospects nil: the prospect list needs an empty, non-nil list")
			}
			j := *res.CustomerFile
			tc.wantCount.File, tc.wantCount.Read = "c.csv", len(tc.rows)
			if fmt.Sprint(j) != fmt.Sprint(tc.wantCount) {
				t.Errorf("counts: got %+v, want %+v", j, tc.wantCount)
			}
		})
	}
}
