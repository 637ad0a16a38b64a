package segment

import (
	"fmt"
	"testing"

	"github.com/rfmtool/rfm/rfm"
)

// spec is SPEC §5's table: R F M high (1) or low (0) → class and tier.
var spec = []struct {
	r, f, m int
	zh, en  string
	tier    string
}{
	{1, 1, 1, "重要价值客户", "Important value", "A"},
	{1, 0, 1, "重要发展客户", "Important development", "A"},
	{0, 1, 1, "重要保持客户", "Important retention", "A"},
	{0, 0, 1, "重要挽留客户", "Important win-back", "B"},
	{1, 1, 0, "一般价值客户", "General value", "B"},
	{1, 0, 0, "一般发展客户", "General development", "B"},
	{0, 1, 0, "一般保持客户", "General retention", "C"},
	{0, 0, 0, "一般挽留客户", "General win-back", "C"},
}

// grid returns one customer per cell of the n×n×n grid of scores.
func grid(n int) []rfm.Customer {
	var cs []rfm.Customer
	for r := 1; r <= n; r++ {
		for f := 1; f <= n; f++ {
			for m := 1; m <= n; m++ {
				cs = append(cs, rfm.Customer{ID: fmt.Sprintf("%d%d%d", r, f, m), R: r, F: f, M: m, Net: 100})
			}
		}
	}
	return cs
}

// TestCN8Grid checks every cell of the 5×5×5 grid against SPEC §5's table.
// Over the whole grid each score's mean and median are 3, so a dimension is
// high exactly when its score is 3 or more.
func TestCN8Grid(t *testing.T) {
	for _, split := range []Split{SplitMean, SplitMedian} {
		cs := grid(5)
		s := CN8()
		a, err := s.Assign(cs, Options{Bins: 5, Split: split})
		if err != nil {
			t.Fatal(err)
		}
		for d, th := range a.Thresholds {
			if th == nil || th.RatString() != "3" {
				t.Errorf("split %d: threshold %d = %v, want 3", split, d, th)
			}
		}
		for i, c := range cs {
			hi := func(v int) int { return b2i(v >= 3) }
			want := spec[0]
			for _, row := range spec {
				if row.r == hi(c.R) && row.f == hi(c.F) && row.m == hi(c.M) {
					want = row
				}
			}
			seg := s.SegmentOf(a.Segment[i])
			if seg.Name(ZH) != want.zh || seg.Name(EN) != want.en || a.Tier[i] != want.tier || seg.Tier != want.tier {
				t.Errorf("split %d, scores %d%d%d: got %s / %s tier %s, want %s / %s tier %s",
					split, c.R, c.F, c.M, seg.ZH, seg.EN, a.Tier[i], want.zh, want.en, want.tier)
			}
		}
	}
}

// TestCN8Mean checks the mean method's 0/1 scores, which are the split.
func TestCN8Mean(t *testing.T) {
	var cs []rfm.Customer
	for _, row := range spec {
		cs = append(cs, rfm.Customer{R: row.r, F: row.f, M: row.m})
	}
	s := CN8()
	a, err := s.Assign(cs, Options{MeanMethod: true})
	if err != nil {
		t.Fatal(err)
	}
	for i, row := range spec {
		if got := s.SegmentOf(a.Segment[i]); got.ZH != row.zh || a.Tier[i] != row.tier {
			t.Errorf("%d%d%d: got %s tier %s, want %s tier %s", row.r, row.f, row.m, got.ZH, a.Tier[i], row.zh, row.tier)
		}
	}
}

// TestCN8Rules checks that the rules list SPEC §5's table in its order.
func TestCN8Rules(t *testing.T) {
	rules := CN8().Rules()
	if len(rules) != len(spec) {
		t.Fatalf("got %d rules, want %d", len(rules), len(spec))
	}
	for i, row := range spec {
		r := rules[i]
		if r.High != [3]int{row.r, row.f, row.m} || r.Segment.ZH != row.zh || r.Segment.EN != row.en || r.Segment.Tier != row.tier {
			t.Errorf("rule %d: got %v %s %s %s, want %d%d%d %s %s %s", i, r.High, r.Segment.ZH, r.Segment.EN, r.Segment.Tier,
				row.r, row.f, row.m, row.zh, row.en, row.tier)
		}
	}
}

// TestRFGridCovers checks that rfgrid names every (R, F) cell exactly once.
func TestRFGridCovers(t *testing.T) {
	s := RFGrid()
	c := s.Coverage(5)
	if c.OtherCells != 0 || len(c.Shadowed()) != 0 {
		t.Fatalf("rfgrid: %d cells to Other, shadowed %v", c.OtherCells, c.Shadowed())
	}
	for k, taken := range c.Taken {
		if taken != 0 {
			t.Errorf("%s: %d cells also in an earlier segment", s.Segments[k].EN, taken)
		}
	}
}

func TestFits(t *testing.T) {
	file := &Scheme{Name: "shop.csv", Bins: 5, Ranges: []Range{{}}, Segments: []Segment{{ZH: "x", EN: "x"}}}
	tests := []struct {
		name string
		s    *Scheme
		mean bool
		bins int
		want string
	}{
		{"cn8 mean", CN8(), true, 5, ""},
		{"cn8 3 bins", CN8(), false, 3, ""},
		{"rfgrid 5", RFGrid(), false, 5, ""},
		{"rfgrid 3", RFGrid(), false, 3, "the rfgrid scheme needs 5-level scores: use --method quantile, rank or thresholds with --bins 5 (got --bins 3)"},
		{"rfgrid mean", RFGrid(), true, 5, "the rfgrid scheme needs 5-level scores: use --method quantile, rank or thresholds with --bins 5 (got --method mean)"},
		{"file same bins", file, false, 5, ""},
		{"file other bins", file, false, 4, "scheme file shop.csv was checked for scores 1–5, not --bins 4"},
		{"file mean", file, true, 5, "scheme file shop.csv needs 1..N scores, but --method mean scores are 0/1: use --segments cn8, or --method quantile with --bins 5"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.s.Fits(tt.mean, tt.bins)
			got := ""
			if err != nil {
				got = err.Error()
			}
			if got != tt.want {
				t.Errorf("got %q\nwant %q", got, tt.want)
			}
			_, aerr := tt.s.Assign(nil, Options{MeanMethod: tt.mean, Bins: tt.bins})
			if (aerr == nil) != (err == nil) {
				t.Errorf("Assign: got %v, Fits: %v", aerr, err)
			}
		})
	}
}
