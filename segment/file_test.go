package segment

import (
	"bytes"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/rfmtool/rfm/rfm"
)

const header = "segment,r_min,r_max,f_min,f_max,m_min,m_max\n"

// TestMatch checks the range matcher: first match wins, gaps go to Other,
// open bounds match any score.
func TestMatch(t *testing.T) {
	tests := []struct {
		name    string
		file    string
		r, f, m int
		want    string // EN name
	}{
		{"only row", header + "All,1,5,1,5,1,5\n", 3, 3, 3, "All"},
		{"first match wins", header + "Top,4,5,4,5,1,5\nRecent,4,5,1,5,1,5\n", 5, 5, 1, "Top"},
		{"second row when first misses", header + "Top,4,5,4,5,1,5\nRecent,4,5,1,5,1,5\n", 5, 1, 1, "Recent"},
		{"overlap: order decides", header + "Recent,4,5,1,5,1,5\nTop,4,5,4,5,1,5\n", 5, 5, 5, "Recent"},
		{"gap falls to Other", header + "Top,4,5,4,5,1,5\n", 3, 5, 5, "Other"},
		{"lower bound inclusive", header + "Mid,2,4,1,5,1,5\n", 2, 1, 1, "Mid"},
		{"upper bound inclusive", header + "Mid,2,4,1,5,1,5\n", 4, 1, 1, "Mid"},
		{"just outside", header + "Mid,2,4,1,5,1,5\n", 5, 1, 1, "Other"},
		{"open bounds", header + "Big spenders,,,,,5,\n", 1, 1, 5, "Big spenders"},
		{"open bounds miss", header + "Big spenders,,,,,5,\n", 5, 5, 4, "Other"},
		{"single cell", header + "Exact,3,3,2,2,1,1\nRest,1,5,1,5,1,5\n", 3, 2, 1, "Exact"},
		{"single cell neighbour", header + "Exact,3,3,2,2,1,1\nRest,1,5,1,5,1,5\n", 3, 2, 2, "Rest"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Parse(strings.NewReader(tt.file), "s.csv", 5)
			if err != nil {
				t.Fatal(err)
			}
			cs := []rfm.Customer{{R: tt.r, F: tt.f, M: tt.m}}
			a, err := s.Assign(cs, Options{Bins: 5})
			if err != nil {
				t.Fatal(err)
			}
			seg := s.SegmentOf(a.Segment[0])
			if seg.EN != tt.want {
				t.Errorf("scores %d%d%d: got %q, want %q", tt.r, tt.f, tt.m, seg.EN, tt.want)
			}
			if seg.Tier != a.Tier[0] {
				t.Errorf("tier %q, segment's tier %q", a.Tier[0], seg.Tier)
			}
		})
	}
}

// TestParseErrors checks that every problem is reported with its line.
func TestParseErrors(t *testing.T) {
	tests := []struct {
		name string
		bins int
		file string
		want []string
	}{
		{"empty", 5, "", []string{`s.csv: empty file: want a header segment, r_min, r_max, f_min, f_max, m_min, m_max`}},
		{"header only", 5, header, []string{`s.csv: no segments: add a row per segment under the header`}},
		{"unknown column", 5, "segment,r_min,r_max,f_min,f_max,m_min,m_max,colour\nA,1,5,1,5,1,5,red\n",
			[]string{`s.csv:1: unknown column "colour" (want segment, r_min, r_max, f_min, f_max, m_min, m_max, tier, action, zh, en, action_zh, action_en)`}},
		{"missing column", 5, "segment,r_min,r_max,f_min,f_max,m_min\nA,1,5,1,5,1\n",
			[]string{`s.csv:1: missing column "m_max": a scheme file needs segment, r_min, r_max, f_min, f_max, m_min, m_max`}},
		{"column twice", 5, "segment,r_min,r_max,f_min,f_max,m_min,m_max,R_MIN\n",
			[]string{`s.csv:1: column "r_min" appears twice`}},
		{"min > max", 5, header + "A,1,5,1,5,1,5\nB,4,2,1,5,1,5\n",
			[]string{`s.csv:3: r_min 4 > r_max 2: empty range`}},
		{"outside bins", 3, header + "A,1,3,1,3,1,5\n",
			[]string{`s.csv:2: m_max 5 outside the scores 1–3 (--bins 3)`}},
		{"outside bins, several", 3, header + "A,1,4,1,3,0,5\nB,1,1,1,1,1,1\n",
			[]string{`s.csv:2: r_max 4, m_min 0, m_max 5 outside the scores 1–3 (--bins 3)`}},
		{"zero score", 5, header + "A,0,5,1,5,1,5\n",
			[]string{`s.csv:2: r_min 0 outside the scores 1–5 (--bins 5)`}},
		{"not integer", 5, header + "A,1,5,1.5,5,1,five\n", []string{
			`s.csv:2: column "f_min": "1.5" is not a whole number`,
			`s.csv:2: column "m_max": "five" is not a whole number`}},
		{"empty name", 5, header + "A,1,5,1,5,1,5\n  ,1,5,1,5,1,5\n",
			[]string{`s.csv:3: column "segment": empty segment name`}},
		{"duplicate name", 5, header + "VIP,5,5,1,5,1,5\nLoyal,1,5,4,5,1,5\nVIP,1,5,1,5,5,5\n",
			[]string{`s.csv:4: duplicate segment name "VIP" (first on line 2)`}},
		{"duplicate across languages", 5, "segment,zh,r_min,r_max,f_min,f_max,m_min,m_max\nVIP,贵宾,5,5,1,5,1,5\n贵宾,,1,5,4,5,1,5\n",
			[]string{`s.csv:3: duplicate segment name "贵宾" (first on line 2)`}},
		{"bad tier", 5, "segment,r_min,r_max,f_min,f_max,m_min,m_max,tier\nA,1,5,1,5,1,5,S\n",
			[]string{`s.csv:2: column "tier": "S" is not a tier: want A, B or C`}},
		{"field count", 5, header + "A,1,5,1,5,1\n", []string{`s.csv:2: 6 fields, but the header has 7`}},
		{"bare quote", 5, header + "A\"b,1,5,1,5,1,5\n", []string{`s.csv:2: bare " in non-quoted-field`}},
		{"line break in name", 5, header + "\"A\nB\",1,5,1,5,1,5\n",
			[]string{`s.csv:2: column "segment": a line break or control character in "A\nB"`}},
		{"value under blank header", 5, "segment,r_min,r_max,f_min,f_max,m_min,m_max,\nA,1,5,1,5,1,5,x\n",
			[]string{`s.csv:2: field 8 has a value but its column has no name`}},
		{"line numbers skip comments", 5, "# my scheme\n" + header + "# the best\nA,1,5,1,5,1,5\n\nB,3,1,1,5,1,5\n",
			[]string{`s.csv:6: r_min 3 > r_max 1: empty range`}},
		{"not utf-8", 5, header + "\xb9\xd8\xbc\xfc,1,5,1,5,1,5\n", []string{`s.csv: not UTF-8 text: save the file as CSV UTF-8`}},
		{"bad bins", 10, header + "A,1,5,1,5,1,5\n", []string{`s.csv: scores must have 2–9 levels, got 10`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Parse(strings.NewReader(tt.file), "s.csv", tt.bins)
			if err == nil {
				t.Fatalf("no error; got scheme %+v", s)
			}
			got := strings.Split(err.Error(), "\n")
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got\n\t%s\nwant\n\t%s", strings.Join(got, "\n\t"), strings.Join(tt.want, "\n\t"))
			}
			var pe *ParseError
			if !errors.As(err, &pe) || pe.File != "s.csv" {
				t.Errorf("not a *ParseError: %#v", err)
			}
		})
	}
}

// TestParseManyErrors checks that the list of problems is bounded.
func TestParseManyErrors(t *testing.T) {
	// 30 rows with a bad range, 29 of them duplicates too: 59 problems.
	file := header + strings.Repeat("A,9,1,1,5,1,5\n", 30)
	_, err := Parse(strings.NewReader(file), "s.csv", 5)
	lines := strings.Split(err.Error(), "\n")
	if len(lines) != maxErrors+1 || lines[maxErrors] != "s.csv: 39 more problems not shown" {
		t.Errorf("got %d lines, last %q", len(lines), lines[len(lines)-1])
	}
}

func TestParse(t *testing.T) {
	file := "\ufeffSegment; R-Min; R_Max; F_min; F_max; M min; M_max; Tier; Action; zh; en\n" +
		"VIP;5;5;4;5;;;a;Call them personally;贵宾;\n" +
		"Champions;4;5;4;5;;;;;;\n" +
		"重要挽留客户;1;2;;;4;5;;Win-back coupon;;\n" +
		"新客;5;5;1;1;;;B;;;Newcomers\n" +
		"Everyone else;;;;;;;C;;其余客户;\n"
	s, err := Parse(strings.NewReader(file), "shop.csv", 5)
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		slug, zh, en, tier, actZH, actEN string
		rg                               Range
		line                             int
	}{
		{"vip", "贵宾", "VIP", "A", "Call them personally", "Call them personally", Range{5, 5, 4, 5, 0, 0}, 2},
		// A built-in name brings its other name, tier and action.
		{"champions", "冠军客户", "Champions", "A", "奖励并邀请评价与推荐", "Reward them; ask for reviews and referrals", Range{4, 5, 4, 5, 0, 0}, 3},
		{"important-win-back", "重要挽留客户", "Important win-back", "B", "Win-back coupon", "Win-back coupon", Range{1, 2, 0, 0, 4, 5}, 4},
		{"newcomers", "新客", "Newcomers", "B", "", "", Range{5, 5, 1, 1, 0, 0}, 5},
		{"everyone-else", "其余客户", "Everyone else", "C", "", "", Range{}, 6},
	}
	if len(s.Segments) != len(want) {
		t.Fatalf("got %d segments, want %d", len(s.Segments), len(want))
	}
	for i, w := range want {
		g := s.Segments[i]
		if g.Slug != w.slug || g.ZH != w.zh || g.EN != w.en || g.Tier != w.tier || g.ActionZH != w.actZH || g.ActionEN != w.actEN {
			t.Errorf("segment %d: got %+v\nwant %+v", i, g, w)
		}
		if s.Ranges[i] != w.rg || s.Lines[i] != w.line {
			t.Errorf("segment %d: got range %+v line %d, want %+v line %d", i, s.Ranges[i], s.Lines[i], w.rg, w.line)
		}
	}
	if s.Name != "shop.csv" || s.Bins != 5 || s.HighLow || s.FiveLevel {
		t.Errorf("got scheme %q bins %d", s.Name, s.Bins)
	}
	if w := s.Warnings(); len(w) != 0 {
		t.Errorf("warnings: %q", w)
	}
}

func TestParseNoTier(t *testing.T) {
	s, err := Parse(strings.NewReader(header+"A,1,5,1,5,1,5\n"), "s.csv", 5)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"s.csv: no tier column: every segment is tier C; add a tier column (A, B or C) or use --tiers pareto"}
	if got := s.Warnings(); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got %q\nwant %q", got, want)
	}
}

func TestSlugs(t *testing.T) {
	file := header + "Can't Lose,1,1,1,1,1,1\nCan't lose!,1,1,1,1,1,2\n客户,1,1,1,1,1,3\nOther,1,1,1,1,1,4\n"
	s, err := Parse(strings.NewReader(file), "s.csv", 5)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"cant-lose", "cant-lose-2", "segment-3", "other-2"}
	for i, w := range want {
		if s.Segments[i].Slug != w {
			t.Errorf("row %d: slug %q, want %q", i, s.Segments[i].Slug, w)
		}
	}
}

// TestRFGridFile checks that the rfgrid template in testdata/schemes names
// every cell of the 5×5×5 grid as the built-in rfgrid does.
func TestRFGridFile(t *testing.T) {
	f, err := os.Open("../testdata/schemes/rfgrid.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	file, err := Parse(f, "rfgrid.csv", 5)
	if err != nil {
		t.Fatal(err)
	}
	if w := file.Warnings(); len(w) != 0 {
		t.Errorf("warnings: %q", w)
	}
	builtin := RFGrid()
	cs := grid(5)
	fa, err := file.Assign(cs, Options{Bins: 5})
	if err != nil {
		t.Fatal(err)
	}
	ba, err := builtin.Assign(cs, Options{Bins: 5})
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range cs {
		got, want := file.SegmentOf(fa.Segment[i]), builtin.SegmentOf(ba.Segment[i])
		if *got != *want || fa.Tier[i] != ba.Tier[i] {
			t.Errorf("%d%d%d: file %+v, built-in %+v", c.R, c.F, c.M, *got, *want)
		}
	}
}

// TestSchemeFiles checks that the example scheme files are valid.
func TestSchemeFiles(t *testing.T) {
	for name, bins := range map[string]int{"shop.csv": 5, "three-levels.csv": 3, "rfgrid.csv": 5} {
		data, err := os.ReadFile("../testdata/schemes/" + name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := Parse(bytes.NewReader(data), name, bins); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestParseActions(t *testing.T) {
	file := "segment,action,action_zh,action_en,r_min,r_max,f_min,f_max,m_min,m_max\n" +
		"A,both,,,1,1,,,,\n" +
		"B,both,只有中文,,2,2,,,,\n" +
		"C,,,English only,3,3,,,,\n" +
		"Champions,,,Say thanks,4,4,,,,\n"
	s, err := Parse(strings.NewReader(file), "s.csv", 5)
	if err != nil {
		t.Fatal(err)
	}
	want := [][2]string{{"both", "both"}, {"只有中文", "both"}, {"English only", "English only"}, {"奖励并邀请评价与推荐", "Say thanks"}}
	for i, w := range want {
		if g := s.Segments[i]; g.ActionZH != w[0] || g.ActionEN != w[1] {
			t.Errorf("row %d: actions %q / %q, want %q / %q", i, g.ActionZH, g.ActionEN, w[0], w[1])
		}
	}
}
