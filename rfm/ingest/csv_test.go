package ingest

import (
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"
)

type rec struct {
	line   int
	fields []string
	bad    string
}

func readAll(t *testing.T, in string, delim byte) []rec {
	t.Helper()
	r := newCSVReader(strings.NewReader(in), delim)
	var out []rec
	for {
		f, line, err := r.Next()
		if err == io.EOF {
			return out
		}
		var re *RecordError
		if errors.As(err, &re) {
			out = append(out, rec{line: re.Line, fields: strs(re.Fields), bad: re.Reason})
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, rec{line: line, fields: strs(f)})
	}
}

func TestCSVReader(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []rec
	}{
		{"plain", "a,b\n1,2\n", []rec{{1, []string{"a", "b"}, ""}, {2, []string{"1", "2"}, ""}}},
		{"crlf and no final newline", "a,b\r\n1,2", []rec{{1, []string{"a", "b"}, ""}, {2, []string{"1", "2"}, ""}}},
		{"blank lines are skipped but counted", "a,b\n\n  \n1,2\n", []rec{{1, []string{"a", "b"}, ""}, {4, []string{"1", "2"}, ""}}},
		{"quoted delimiter and quotes", "a,b\n\"x,y\",\"say \"\"hi\"\"\"\n", []rec{{1, []string{"a", "b"}, ""}, {2, []string{"x,y", `say "hi"`}, ""}}},
		{"embedded newline keeps the start line", "a,b\n\"line1\nline2\",2\n3,4\n",
			[]rec{{1, []string{"a", "b"}, ""}, {2, []string{"line1\nline2", "2"}, ""}, {4, []string{"3", "4"}, ""}}},
		{"empty fields", "a,b,c\n,,\n", []rec{{1, []string{"a", "b", "c"}, ""}, {2, []string{"", "", ""}, ""}}},
		{"bare quote inside a field is literal", "a,b\nx\"y,2\n", []rec{{1, []string{"a", "b"}, ""}, {2, []string{`x"y`, "2"}, ""}}},
		{"unbalanced quote loses nothing", "a,b\n\"open,1\n2,3\n4,5\n",
			[]rec{{1, []string{"a", "b"}, ""}, {2, []string{`"open`, "1"}, "unbalanced quotes"}, {3, []string{"2", "3"}, ""}, {4, []string{"4", "5"}, ""}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := readAll(t, tt.in, ',')
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestSniffDelimiter(t *testing.T) {
	tests := map[string]byte{
		"a,b,c":     ',',
		"a;b;c":     ';',
		"a\tb\tc":   '\t',
		"a|b|c":     '|',
		`"x;y",b,c`: ',',
		"only":      ',',
		"a;b,c;d":   ';',
		"订单号;客户;金额": ';',
	}
	for in, want := range tests {
		if got := sniffDelimiter([]byte(in)); got != want {
			t.Errorf("sniffDelimiter(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzReadCSV checks that the reader never loses a line: every non-blank
// line of an unquoted input comes back as a record on its own line number.
func FuzzReadCSV(f *testing.F) {
	f.Add("a,b\n1,2\n")
	f.Add("a,b\n\"x\ny\",2\n")
	f.Add("a,b\r\n\"open,1\r\n2,3")
	f.Add("\"\"\"\n,\n\"")
	f.Add("\r0")
	f.Fuzz(func(t *testing.T, in string) {
		r := newCSVReader(strings.NewReader(in), ',')
		// Line ends are LF, CR LF and a lone CR (outside quotes; counting
		// every lone CR bounds the lines from above).
		oneLF := strings.ReplaceAll(strings.ReplaceAll(in, "\r\n", "\n"), "\r", "\n")
		lines := strings.Count(oneLF, "\n") + 1
		last := 0
		for n := 0; ; n++ {
			_, line, err := r.Next()
			if err == io.EOF {
				break
			}
			var re *RecordError
			if err != nil && !errors.As(err, &re) {
				t.Fatal(err)
			}
			if line <= last || line > lines {
				t.Fatalf("record line %d after %d (input has %d lines)", line, last, lines)
			}
			last = line
			if n > len(in)+1 {
				t.Fatal("more records than bytes")
			}
		}
		if !strings.Contains(in, "\"") {
			want := 0
			for _, l := range strings.Split(oneLF, "\n") {
				if !isBlank([]byte(l)) {
					want++
				}
			}
			got := len(readAll(t, in, ','))
			if got != want {
				t.Fatalf("%d records, want %d", got, want)
			}
		}
	})
}
