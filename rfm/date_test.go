package rfm

import (
	"testing"
	"time"
)

func TestDateRoundTrip(t *testing.T) {
	for _, s := range []string{"1970-01-01", "1969-12-31", "1900-02-28", "2000-02-29", "2024-12-31", "0001-01-01", "9999-12-31"} {
		d, ok := ParseISODate(s)
		if !ok {
			t.Fatalf("ParseISODate(%q) failed", s)
		}
		if got := d.String(); got != s {
			t.Errorf("%s → %d → %s", s, d, got)
		}
		tm, _ := time.Parse("2006-01-02", s)
		if want := Date(tm.Unix() / 86400); tm.Unix() >= 0 && d != want {
			t.Errorf("%s = day %d, want %d", s, d, want)
		}
	}
	for _, s := range []string{"2023-02-29", "2024-13-01", "2024-1-01", "20240101", "2024-00-10"} {
		if _, ok := ParseISODate(s); ok {
			t.Errorf("ParseISODate(%q) accepted", s)
		}
	}
}

func TestDateAgainstTime(t *testing.T) {
	start := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)
	for i := 0; i < 80000; i += 7 {
		tm := start.AddDate(0, 0, i)
		d := DateOf(tm.Year(), int(tm.Month()), tm.Day())
		if got := d.String(); got != tm.Format("2006-01-02") {
			t.Fatalf("%s → %s", tm.Format("2006-01-02"), got)
		}
		if i > 0 && d != DateOf(start.AddDate(0, 0, i-7).Year(), int(start.AddDate(0, 0, i-7).Month()), start.AddDate(0, 0, i-7).Day())+7 {
			t.Fatalf("day numbers are not consecutive at %s", tm.Format("2006-01-02"))
		}
	}
}

// TestCheckedDateOf compares the table of month starts with ValidDate and
// DateOf on every day of the years around the table's ends and of a few
// inside and outside it, months 0–13 and days 0–32.
func TestCheckedDateOf(t *testing.T) {
	for _, y := range []int{0, 1, 4, 100, 400, 1600, 1898, 1899, 1900, 1901, 2000, 2024, 2100, 2154, 2155, 2156, 2157, 9999, 10000} {
		for m := 0; m <= 13; m++ {
			for d := 0; d <= 32; d++ {
				got, ok := CheckedDateOf(y, m, d)
				want := ValidDate(y, m, d)
				if ok != want || ok && got != DateOf(y, m, d) {
					t.Fatalf("CheckedDateOf(%d, %d, %d) = %v %v, want %v %v", y, m, d, got, ok, DateOf(y, m, d), want)
				}
			}
		}
	}
}
