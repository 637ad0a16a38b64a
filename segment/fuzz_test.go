package segment

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzParse checks that Parse never panics and that an accepted scheme is
// well formed: names, ranges within the grid, and a coverage that accounts
// for every cell.
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.csv"))
	more, _ := filepath.Glob(filepath.Join("..", "testdata", "schemes", "*.csv"))
	files = append(files, more...)
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data, 5)
	}
	f.Add([]byte(header+"A,1,5,1,5,1,5\n"), 5)
	f.Add([]byte(header+"A,4,2,1,5,1,5\nA,,,,,,\n"), 3)
	f.Add([]byte("segment;r_min;r_max;f_min;f_max;m_min;m_max;tier\nx;1;1;1;1;1;1;b\n"), 2)
	f.Add([]byte("\ufeffsegment\tr_min\tr_max\tf_min\tf_max\tm_min\tm_max\n\"a\"\"b\"\t\t\t\t\t\t9\n"), 9)
	f.Fuzz(func(t *testing.T, data []byte, bins int) {
		s, err := Parse(bytes.NewReader(data), "f.csv", bins)
		if err != nil {
			if s != nil {
				t.Fatal("a scheme and an error")
			}
			for _, line := range strings.Split(err.Error(), "\n") {
				if !strings.HasPrefix(line, "f.csv") {
					t.Fatalf("error line without its place: %q", line)
				}
			}
			return
		}
		if len(s.Segments) == 0 || len(s.Ranges) != len(s.Segments) || len(s.Lines) != len(s.Segments) {
			t.Fatalf("%d segments, %d ranges, %d lines", len(s.Segments), len(s.Ranges), len(s.Lines))
		}
		names := map[string]bool{}
		for k, g := range s.Segments {
			if g.ZH == "" || g.EN == "" || !utf8.ValidString(g.ZH+g.EN+g.ActionZH+g.ActionEN) || g.Slug == "" {
				t.Fatalf("segment %d: %+v", k, g)
			}
			if g.Tier != "A" && g.Tier != "B" && g.Tier != "C" {
				t.Fatalf("segment %d: tier %q", k, g.Tier)
			}
			if names["slug:"+g.Slug] {
				t.Fatalf("slug %q twice", g.Slug)
			}
			names["slug:"+g.Slug] = true
			r := s.Ranges[k]
			for _, b := range [][2]int{{r.RMin, r.RMax}, {r.FMin, r.FMax}, {r.MMin, r.MMax}} {
				if b[0] < 0 || b[0] > bins || b[1] < 0 || b[1] > bins || (b[0] > 0 && b[1] > 0 && b[0] > b[1]) {
					t.Fatalf("segment %d: range %+v for %d bins", k, r, bins)
				}
			}
			if k > 0 && s.Lines[k] <= s.Lines[k-1] {
				t.Fatalf("lines %v not ascending", s.Lines)
			}
		}
		c := s.Coverage(bins)
		sum := c.OtherCells
		for k, w := range c.Won {
			sum += w
			if (w == 0) != (c.ShadowedBy[k] != nil) {
				t.Fatalf("row %d wins %d cells, shadowed by %v", k, w, c.ShadowedBy[k])
			}
		}
		n := 0
		for _, b := range c.Other {
			n += (b.RMax - b.RMin + 1) * (b.FMax - b.FMin + 1) * (b.MMax - b.MMin + 1)
		}
		if sum != c.Cells() || n != c.OtherCells {
			t.Fatalf("won + other = %d, boxes %d, other %d, cells %d", sum, n, c.OtherCells, c.Cells())
		}
		s.Warnings()
	})
}
