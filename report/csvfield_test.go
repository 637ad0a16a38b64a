package report

import (
	"encoding/csv"
	"strings"
	"testing"
)

// TestAppendCSVField checks that a field is quoted exactly when it holds a
// comma, a quote or a line break, and reads back as written.
func TestAppendCSVField(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"", ""},
		{"C123", "C123"},
		{"重要价值客户", "重要价值客户"},
		{"'=1+2", "'=1+2"},
		{"a,b", `"a,b"`},
		{`say "hi"`, `"say ""hi"""`},
		{"two\nlines", "\"two\nlines\""},
		{"cr\r", "\"cr\r\""},
		{",", `","`},
		{"tab\there;semi", "tab\there;semi"},
	} {
		got := string(AppendCSVField([]byte("x,"), c.in))
		if got != "x,"+c.want {
			t.Errorf("AppendCSVField(%q) = %q, want %q", c.in, got, "x,"+c.want)
			continue
		}
		rec, err := csv.NewReader(strings.NewReader(got + "\n")).Read()
		if err != nil || len(rec) != 2 || rec[1] != c.in {
			t.Errorf("%q reads back as %q (%v)", got, rec, err)
		}
	}
}
