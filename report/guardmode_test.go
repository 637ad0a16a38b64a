package report

import (
	"bytes"
	"strings"
	"testing"
)

// TestGuardModes: what each mode writes, text by text.
func TestGuardModes(t *testing.T) {
	tests := []struct {
		name, in, sheet, mail string
	}{
		{"plain", "abc", "abc", "abc"},
		{"empty", "", "", ""},
		{"formula", "=1+2", "'=1+2", "'=1+2"},
		{"hyperlink", `=HYPERLINK("http://x","y")`, `'=HYPERLINK("http://x","y")`, `'=HYPERLINK("http://x","y")`},
		{"dde", "=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"},
		{"plus dde", "+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"},
		{"at", "@SUM(A1)", "'@SUM(A1)", "'@SUM(A1)"},
		{"minus", "-2+3", "'-2+3", "'-2+3"},
		{"tab", "\t=1", "'\t=1", "'\t=1"},
		{"cr", "\r=1", "'\r=1", "'\r=1"},
		{"quote", "'=A", "''=A", "''=A"},
		{"quote text", "'abc", "''abc", "''abc"},
		{"phone", "+44 20 7946 0000", "'+44 20 7946 0000", "+44 20 7946 0000"},
		{"phone dashes", "+1-555-010-0199", "'+1-555-010-0199", "+1-555-010-0199"},
		{"phone brackets", "+44 (0)20 7946 0000", "'+44 (0)20 7946 0000", "+44 (0)20 7946 0000"},
		{"phone china", "+86 138 0013 8000", "'+86 138 0013 8000", "+86 138 0013 8000"},
		{"short number", "+1", "'+1", "'+1"},
		{"sum of numbers", "+1+2+3+4+5+6", "'+1+2+3+4+5+6", "'+1+2+3+4+5+6"},
		{"phone with letters", "+44 20 A1", "'+44 20 A1", "'+44 20 A1"},
		{"email dash", "-sales@example.com", "'-sales@example.com", "-sales@example.com"},
		{"email plus", "+tag@example.co.uk", "'+tag@example.co.uk", "+tag@example.co.uk"},
		{"email formula", "=x@example.com", "'=x@example.com", "'=x@example.com"},
		{"email call", "-a(1)@example.com", "'-a(1)@example.com", "'-a(1)@example.com"},
		{"email dde", "-cmd|x@example.com", "'-cmd|x@example.com", "'-cmd|x@example.com"},
		{"at domain", "@example.com", "'@example.com", "'@example.com"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := GuardSheet.Guard(tc.in); got != tc.sheet {
				t.Errorf("sheet: got %q, want %q", got, tc.sheet)
			}
			if got := Guard(tc.in); got != tc.sheet {
				t.Errorf("Guard: got %q, want %q", got, tc.sheet)
			}
			if got := GuardMail.Guard(tc.in); got != tc.mail {
				t.Errorf("mail: got %q, want %q", got, tc.mail)
			}
			for _, g := range []GuardMode{GuardSheet, GuardMail} {
				if got := Unguard(g.Guard(tc.in)); got != tc.in {
					t.Errorf("Unguard(%s guard): got %q, want %q", g, got, tc.in)
				}
			}
		})
	}
}

// TestGuardOneToOne: distinct texts stay distinct after either guard, and
// Unguard undoes it — '=A and =A among them.
func TestGuardOneToOne(t *testing.T) {
	texts := []string{"=A", "'=A", "''=A", "A", "'A", "''A", "+1 555 0100 99", "'+1 555 0100 99",
		"-a@b.com", "'-a@b.com", "'", "''", "-", "'-", "\t", "'\t"}
	for _, g := range []GuardMode{GuardSheet, GuardMail} {
		seen := map[string]string{}
		for _, s := range texts {
			w := g.Guard(s)
			if prev, ok := seen[w]; ok {
				t.Errorf("%s: %q and %q are both written %q", g, prev, s, w)
			}
			seen[w] = s
			if u := Unguard(w); u != s {
				t.Errorf("%s: Unguard(%q) = %q, want %q", g, w, u, s)
			}
		}
	}
}

// TestSegmentNamesGuarded: segment names come from a scheme file, so the
// customer CSV and the per-segment files guard them like ids.
func TestSegmentNamesGuarded(t *testing.T) {
	r := guardedResult(t)
	for i := range r.Scheme.Segments {
		r.Scheme.Segments[i].EN = "=HYPERLINK(\"http://x\",\"y\")"
		r.Scheme.Segments[i].ZH = "=cmd|' /C calc'!A0"
	}
	all := make([]int, len(r.Customers))
	for i := range all {
		all[i] = i
	}
	for _, g := range []GuardMode{GuardSheet, GuardMail} {
		var a, b bytes.Buffer
		if err := WriteCSV(&a, r, CSVOptions{Guard: g}); err != nil {
			t.Fatal(err)
		}
		if err := WriteSplitCSV(&b, r, all, CSVOptions{Guard: g}); err != nil {
			t.Fatal(err)
		}
		for name, out := range map[string]string{"customer CSV": a.String(), "per-segment CSV": b.String()} {
			if !strings.Contains(out, `,"'=HYPERLINK(""http://x"",""y"")",`) {
				t.Errorf("%s %s: segment name not guarded:\n%s", g, name, out)
			}
			if strings.Contains(out, `,"=HYPERLINK`) {
				t.Errorf("%s %s: an unguarded segment name:\n%s", g, name, out)
			}
		}
	}
}

// TestGBKWriter: GBK bytes out, a character split across writes, and a
// character GBK cannot encode named with its line.
func TestGBKWriter(t *testing.T) {
	var out bytes.Buffer
	w := NewGBKWriter(&out)
	in := []byte("id,name\n张三,李四\n")
	for i := range in { // one byte at a time: every character is split
		if _, err := w.Write(in[i : i+1]); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	want := "id,name\n\xd5\xc5\xc8\xfd,\xc0\xee\xcb\xc4\n"
	if out.String() != want {
		t.Errorf("got %q, want %q", out.String(), want)
	}
	w = NewGBKWriter(&bytes.Buffer{})
	_, err := w.Write([]byte("id,name\n张三,ok\nC3,笑😀\n"))
	if err == nil {
		t.Fatal("an emoji written in GBK without an error")
	}
	if msg := err.Error(); !strings.Contains(msg, `line 3: "😀" (U+1F600) cannot be written in GBK, in "C3,笑😀"`) {
		t.Errorf("error %q does not name the line and the character", msg)
	}
}
