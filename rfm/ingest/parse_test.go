package ingest

import (
	"testing"
	"unicode/utf8"

	"github.com/rfmtool/rfm/rfm"
)

func TestParseDate(t *testing.T) {
	tests := []struct {
		in       string
		order    DateOrder
		want     string // "" means an error
		dayFirst bool
	}{
		{"2024-07-01", OrderMDY, "2024-07-01", false},
		{"2024/7/1", OrderMDY, "2024-07-01", false},
		{"2024.7.1", OrderMDY, "2024-07-01", false},
		{"20240701", OrderMDY, "2024-07-01", false},
		{"2024年7月1日", OrderMDY, "2024-07-01", false},
		{"2024年7月1日 09:30", OrderMDY, "2024-07-01", false},
		{"7/1/2024", OrderMDY, "2024-07-01", false},
		{"7/1/2024", OrderDMY, "2024-01-07", false},
		{"13/1/2024", OrderDMY, "2024-01-13", true},
		{"13/1/2024", OrderMDY, "", true},
		{"1/13/2024", OrderDMY, "", false},
		{"1/2/06", OrderMDY, "2006-01-02", false},
		{"1/2/68", OrderMDY, "2068-01-02", false},
		{"1/2/69", OrderMDY, "1969-01-02", false},
		{"12/1/2010 8:26", OrderMDY, "2010-12-01", false},
		{"2019-06-30 22:46:22.511", OrderMDY, "2019-06-30", false},
		{"2024-07-01T23:59:59Z", OrderMDY, "2024-07-01", false},
		{"2024-07-01T23:59:59+08:00", OrderMDY, "2024-07-01", false},
		{"2024-07-01 23:59:59 -0500", OrderMDY, "2024-07-01", false},
		{"2024-07-01 11:59 PM", OrderMDY, "2024-07-01", false},
		{"7/1/2024 11:59:00 am", OrderMDY, "2024-07-01", false},
		{"20240701 10:00", OrderMDY, "2024-07-01", false},
		{"  2024-07-01  ", OrderMDY, "2024-07-01", false},
		{"2024-02-30", OrderMDY, "", false},
		{"2023-02-29", OrderMDY, "", false},
		{"2024-07-01 25:00", OrderMDY, "", false},
		{"2024-07-01 13:00 PM", OrderMDY, "", false},
		{"2024-07-01x", OrderMDY, "", false},
		{"July 1, 2024", OrderMDY, "", false},
		{"", OrderMDY, "", false},
		{"202407011", OrderMDY, "", false},
		{"1/2/206", OrderMDY, "", false},
	}
	for _, tt := range tests {
		d, _, dayFirst, err := ParseDate([]byte(tt.in), tt.order)
		got := ""
		if err == nil {
			got = d.String()
		}
		if got != tt.want || dayFirst != tt.dayFirst {
			t.Errorf("ParseDate(%q, %v) = %q (day first %v, err %v), want %q (day first %v)", tt.in, tt.order, got, dayFirst, err, tt.want, tt.dayFirst)
		}
	}
}

func TestParseAmount(t *testing.T) {
	tests := []struct {
		in    string
		comma bool
		want  string // "" means rejected
	}{
		{"1234.5", false, "1234.5"},
		{"1,234.50", false, "1234.5"},
		{"¥1,234.50", false, "1234.5"},
		{"￥1,234.50", false, "1234.5"},
		{"-￥12", false, "-12"},
		{"￥-12", false, "-12"},
		{"$ 12", false, "12"},
		{"€3", false, "3"},
		{"£0.99", false, "0.99"},
		{"12元", false, "12"},
		{"12 元", false, "12"},
		{"-12元", false, "-12"},
		{"(12.50)", false, "-12.5"},
		{"($12.50)", false, "-12.5"},
		{"+7", false, "7"},
		{"0", false, "0"},
		{"-0", false, "0"},
		{"1,234,567.891", false, "1234567.891"},
		{"0.0000001", false, "0.0000001"},
		{"12345678901234567890.5", false, "12345678901234567890.5"},
		{"12,5", false, ""},
		{"1e3", false, ""},
		{"NaN", false, ""},
		{"--5", false, ""},
		{"1,23", false, ""},
		{"1234,567", false, ""},
		{"12.", false, ""},
		{".5", false, ""},
		{"", false, ""},
		{"$", false, ""},
		{"(-12)", false, ""},
		{"$12元", false, ""},
		{"12 34", false, ""},
		{"1.234,50", true, "1234.5"},
		{"12,5", true, "12.5"},
		{"1.234", true, "1234"},
		{"1,234.50", true, ""},
	}
	for _, tt := range tests {
		a, err := ParseAmount([]byte(tt.in), tt.comma)
		got := ""
		if err == nil {
			got = a.String()
		}
		if got != tt.want {
			t.Errorf("ParseAmount(%q, comma=%v) = %q (err %v), want %q", tt.in, tt.comma, got, err, tt.want)
		}
	}
}

func TestNormalizeHeader(t *testing.T) {
	tests := map[string]string{
		"Customer ID":  "customerid",
		"customer_id":  "customerid",
		"Invoice-Date": "invoicedate",
		"金额(元)":        "金额",
		"实付金额（元）":      "实付金额",
		"ＡＭＯＵＮＴ":       "amount",
		"\uFEFFdate":   "date",
		"Price [USD]":  "price",
	}
	for in, want := range tests {
		if got := NormalizeHeader(in); got != want {
			t.Errorf("NormalizeHeader(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2024-07-01", "7/1/2024", "13/1/24 10:00 PM", "2024年7月1日", "20240701T10:00Z", "2024-07-01 10:00:00.5+08:00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, order := range []DateOrder{OrderMDY, OrderDMY} {
			d, _, _, err := ParseDate([]byte(s), order)
			if err != nil {
				continue
			}
			y, m, day := d.Civil()
			if !rfm.ValidDate(y, m, day) {
				t.Fatalf("%q parsed to invalid %d-%d-%d", s, y, m, day)
			}
			// The date as written must survive a round trip through ISO.
			iso := d.String()
			d2, _, _, err := ParseDate([]byte(iso), order)
			if err != nil || d2 != d {
				t.Fatalf("%q → %s does not parse back (%v)", s, iso, err)
			}
		}
	})
}

func FuzzParseAmount(f *testing.F) {
	for _, s := range []string{"1,234.50", "¥1,234.50", "-￥12", "(12.50)", "12元", "1.234,50", "0.000001", "99999999999999999999"} {
		f.Add(s, false)
	}
	f.Fuzz(func(t *testing.T, s string, comma bool) {
		a, err := ParseAmount([]byte(s), comma)
		if err != nil {
			return
		}
		// A parsed amount prints as a plain decimal that parses to itself.
		out := a.String()
		if !utf8.ValidString(out) {
			t.Fatalf("%q → invalid text %q", s, out)
		}
		if a.Rat().IsInt() || isPlainDecimal(out) {
			b, err := ParseAmount([]byte(out), false)
			if err != nil || b.Rat().Cmp(a.Rat()) != 0 {
				t.Fatalf("%q → %q does not parse back: %v", s, out, err)
			}
		}
	})
}

func isPlainDecimal(s string) bool {
	for _, c := range s {
		if c == '/' {
			return false
		}
	}
	return true
}
