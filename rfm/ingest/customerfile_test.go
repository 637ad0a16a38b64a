package ingest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// listText renders a customer list for comparison: one "id|kept…@line" per
// customer, then one "!line reason" per rejected row.
func listText(l *CustomerList) []string {
	var out []string
	for _, r := range l.Rows {
		out = append(out, fmt.Sprintf("%s|%s@%d", r.ID, strings.Join(r.Kept, "|"), r.Line))
	}
	for _, r := range l.Rejects {
		out = append(out, fmt.Sprintf("!%d %s", r.Line, r.Reason))
	}
	return out
}

func TestReadCustomerList(t *testing.T) {
	tests := []struct {
		name     string
		csv      string
		opt      CustomerListOptions
		want     []string
		wantKeep []string
		wantID   string
	}{{
		name: "ids trimmed of Unicode white space and BOM",
		csv:  "customer_id,email\n\u3000C1\u00a0,a@x\n\uFEFFC2 ,b@x\n\tC3\u2003,c@x\n",
		opt:  CustomerListOptions{Keep: []string{"email"}},
		want: []string{"C1|a@x@2", "C2|b@x@3", "C3|c@x@4"},

		wantKeep: []string{"email"}, wantID: "customer_id",
	}, {
		name: "a duplicate id is rejected the second time, with the first line",
		csv:  "customer_id,phone\nC1,111\nC2,222\n C1,999\nC1\u3000,888\n",
		opt:  CustomerListOptions{Keep: []string{"phone"}},
		want: []string{"C1|111@2", "C2|222@3",
			`!4 duplicate customer id: "C1" (first on line 2)`, `!5 duplicate customer id: "C1" (first on line 2)`},
		wantKeep: []string{"phone"}, wantID: "customer_id",
	}, {
		name: "empty id and wrong number of fields are rejected",
		csv:  "customer_id,phone\n ,111\nC2\nC3,333\n",
		opt:  CustomerListOptions{Keep: []string{"phone"}},
		want: []string{"C3|333@4", "!2 empty customer id", "!3 wrong number of fields: 1, want 2"},

		wantKeep: []string{"phone"}, wantID: "customer_id",
	}, {
		name: "Chinese id header by the transactions' synonyms; a kept name it lacks is empty",
		csv:  "姓名,会员ID,手机\n张三,M1,13800000000\n李四,M2,\n",
		opt:  CustomerListOptions{Keep: []string{"手机", "email", "姓名"}},
		want: []string{"M1|13800000000||张三@2", "M2|||李四@3"},

		wantKeep: []string{"手机", "", "姓名"}, wantID: "会员ID",
	}, {
		name: "the id column named by the flag, kept values trimmed",
		csv:  "customer_id,crm_no,Email\nX,K1, k1@x \nY,K2,k2@x\n",
		opt:  CustomerListOptions{IDColumn: "crm_no", Keep: []string{"email"}},
		want: []string{"K1|k1@x@2", "K2|k2@x@3"},

		wantKeep: []string{"Email"}, wantID: "crm_no",
	}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := writeFile(t, "customers.csv", []byte(tc.csv))
			l, err := ReadCustomerList(context.Background(), File{Path: p}, tc.opt)
			if err != nil {
				t.Fatal(err)
			}
			if got := listText(l); !slices.Equal(got, tc.want) {
				t.Errorf("got  %q\nwant %q", got, tc.want)
			}
			if !slices.Equal(l.Keep, tc.wantKeep) {
				t.Errorf("kept headers: got %q, want %q", l.Keep, tc.wantKeep)
			}
			if l.ID.Header != tc.wantID {
				t.Errorf("id column: got %q, want %q", l.ID.Header, tc.wantID)
			}
			if l.Read != len(l.Rows)+len(l.Rejects) {
				t.Errorf("read %d ≠ %d customers + %d rejected", l.Read, len(l.Rows), len(l.Rejects))
			}
		})
	}
}

func TestReadCustomerListErrors(t *testing.T) {
	tests := []struct {
		name, csv string
		opt       CustomerListOptions
		want      string
	}{
		{"no id column", "name,email\na,b\n", CustomerListOptions{IDFlag: "--customers-id-col"},
			"customers.csv:1: no customer column among [name, email]; name it with --customers-id-col"},
		{"two id columns", "customer_id,Customer ID\na,b\n", CustomerListOptions{IDFlag: "--customers-id-col"},
			`two columns are headed "Customer ID" (columns 1 and 2); name the id column with --customers-id-col`},
		{"flag names a missing column", "customer_id,email\na,b\n", CustomerListOptions{IDColumn: "crm", IDFlag: "--customers-id-col"},
			`--customers-id-col "crm": no such column among [customer_id, email]`},
		{"strict stops at the duplicate", "customer_id\na\nb\na\n", CustomerListOptions{Strict: true},
			`customers.csv:4: column "customer_id": duplicate customer id: "a" (first on line 2)`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := writeFile(t, "customers.csv", []byte(tc.csv))
			_, err := ReadCustomerList(context.Background(), File{Path: p}, tc.opt)
			var pe *ParseError
			if err == nil || !errors.As(err, &pe) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v, want a ParseError with %q", err, tc.want)
			}
		})
	}
}

// TestReadCustomerListEncodings reads the same customers from a GBK CSV
// with ; between fields and from a workbook whose ids are numbers: the
// table reader of transactions, detection and all.
func TestReadCustomerListEncodings(t *testing.T) {
	text := "会员ID;姓名;手机\n1001;张三;13800000000\n1002 ;李四;13900000000\n"
	gbk, err := simplifiedchinese.GBK.NewEncoder().String(text)
	if err != nil {
		t.Fatal(err)
	}
	book := excelizeBook(t, false, "客户", [][]any{
		{"会员ID", "姓名", "手机"}, {1001, "张三", "13800000000"}, {"1002 ", "李四", "13900000000"}})
	want := []string{"1001|13800000000|张三@2", "1002|13900000000|李四@3"}
	for _, f := range []File{{Path: writeFile(t, "customers.csv", []byte(gbk))}, {Path: book}} {
		l, err := ReadCustomerList(context.Background(), f, CustomerListOptions{Keep: []string{"手机", "姓名"}})
		if err != nil {
			t.Fatal(err)
		}
		if got := listText(l); !slices.Equal(got, want) {
			t.Errorf("%s (%s, %s): got %q, want %q", f.Path, l.Table.Format, l.Table.Encoding, got, want)
		}
	}
}

func TestFindColumn(t *testing.T) {
	header := []string{"customer_id", "E-Mail", "手机(号码)"}
	for name, want := range map[string]int{"customer_id": 0, "email": 1, "E-Mail": 1, "手机": 2, "phone": -1} {
		i, err := FindColumn(header, name)
		if (want < 0) != (err != nil) || (want >= 0 && i != want) {
			t.Errorf("FindColumn(%q) = %d, %v; want %d", name, i, err, want)
		}
	}
}
