package segment

import (
	"fmt"
	"slices"
	"strings"
)

// Coverage says how a range scheme's rows share the bins×bins×bins grid of
// (R, F, M) scores: which row is the first match of each cell, which cells
// match no row and fall to Other, and which rows can never match.
type Coverage struct {
	Bins int
	// Won parallels Scheme.Segments: the cells each row is the first match of.
	Won []int
	// Taken parallels Scheme.Segments: the cells of each row's range that an
	// earlier row matches first.
	Taken []int
	// ShadowedBy parallels Scheme.Segments: for a row that wins no cell, the
	// earlier rows that match its cells first (indexes into Segments); nil
	// for a row that wins a cell.
	ShadowedBy [][]int
	// Other lists the cells no row matches, as disjoint boxes with explicit
	// bounds, in (R, F, M) order; OtherCells counts them.
	Other      []Range
	OtherCells int
}

// Cells is the number of cells in the grid.
func (c *Coverage) Cells() int { return c.Bins * c.Bins * c.Bins }

// Shadowed returns the rows that can never match, as indexes into Segments.
func (c *Coverage) Shadowed() []int {
	var out []int
	for k, by := range c.ShadowedBy {
		if by != nil {
			out = append(out, k)
		}
	}
	return out
}

// Coverage computes the coverage of the bins-level grid by a range scheme;
// it returns nil for a high/low scheme, which names every customer.
func (s *Scheme) Coverage(bins int) *Coverage {
	if s.HighLow || bins < 1 {
		return nil
	}
	n := len(s.Ranges)
	c := &Coverage{Bins: bins, Won: make([]int, n), Taken: make([]int, n), ShadowedBy: make([][]int, n)}
	// first[r][f][m] is the first row containing the cell, -1 for none.
	first := make([]int, bins*bins*bins)
	idx := func(r, f, m int) int { return ((r-1)*bins+(f-1))*bins + (m - 1) }
	for r := 1; r <= bins; r++ {
		for f := 1; f <= bins; f++ {
			for m := 1; m <= bins; m++ {
				w := -1
				for k, g := range s.Ranges {
					if g.Contains(r, f, m) {
						if w < 0 {
							w = k
							c.Won[k]++
						} else {
							c.Taken[k]++
						}
					}
				}
				first[idx(r, f, m)] = w
				if w < 0 {
					c.OtherCells++
				}
			}
		}
	}
	for k, g := range s.Ranges {
		if c.Won[k] > 0 {
			continue
		}
		by := []int{}
		g.each(bins, func(r, f, m int) {
			if w := first[idx(r, f, m)]; w >= 0 && !slices.Contains(by, w) {
				by = append(by, w)
			}
		})
		slices.Sort(by)
		c.ShadowedBy[k] = by
	}
	c.Other = boxes(bins, func(r, f, m int) bool { return first[idx(r, f, m)] < 0 })
	return c
}

// each calls fn for every cell of the range within the bins-level grid.
func (g Range) each(bins int, fn func(r, f, m int)) {
	lo := func(v int) int { return max(v, 1) }
	hi := func(v int) int {
		if v == 0 {
			return bins
		}
		return min(v, bins)
	}
	for r := lo(g.RMin); r <= hi(g.RMax); r++ {
		for f := lo(g.FMin); f <= hi(g.FMax); f++ {
			for m := lo(g.MMin); m <= hi(g.MMax); m++ {
				fn(r, f, m)
			}
		}
	}
}

// boxes covers the cells where in holds with disjoint boxes, greedily: from
// the first free cell in (R, F, M) order it grows the box along M, then F,
// then R while every cell added holds and is free.
func boxes(bins int, in func(r, f, m int) bool) []Range {
	used := make([]bool, bins*bins*bins)
	idx := func(r, f, m int) int { return ((r-1)*bins+(f-1))*bins + (m - 1) }
	free := func(r, f, m int) bool { return in(r, f, m) && !used[idx(r, f, m)] }
	all := func(r0, r1, f0, f1, m0, m1 int) bool {
		for r := r0; r <= r1; r++ {
			for f := f0; f <= f1; f++ {
				for m := m0; m <= m1; m++ {
					if !free(r, f, m) {
						return false
					}
				}
			}
		}
		return true
	}
	var out []Range
	for r := 1; r <= bins; r++ {
		for f := 1; f <= bins; f++ {
			for m := 1; m <= bins; m++ {
				if !free(r, f, m) {
					continue
				}
				m1 := m
				for m1 < bins && free(r, f, m1+1) {
					m1++
				}
				f1 := f
				for f1 < bins && all(r, r, f1+1, f1+1, m, m1) {
					f1++
				}
				r1 := r
				for r1 < bins && all(r1+1, r1+1, f, f1, m, m1) {
					r1++
				}
				for x := r; x <= r1; x++ {
					for y := f; y <= f1; y++ {
						for z := m; z <= m1; z++ {
							used[idx(x, y, z)] = true
						}
					}
				}
				out = append(out, Range{RMin: r, RMax: r1, FMin: f, FMax: f1, MMin: m, MMax: m1})
			}
		}
	}
	return out
}

// Format writes the range for a bins-level grid, e.g. "R 4–5, F 1, M any";
// any is a bound pair that spans the grid.
func (g Range) Format(bins int, l Lang) string {
	return fmt.Sprintf("R %s, F %s, M %s", Bounds(g.RMin, g.RMax, bins, l), Bounds(g.FMin, g.FMax, bins, l), Bounds(g.MMin, g.MMax, bins, l))
}

// Bounds writes one inclusive range of scores: "3", "4–5", "≥ 2", "≤ 4" or
// "any" (任意) when it spans 1..bins; 0 bounds are open. bins 0 means the
// grid is unknown, so only open bounds read as any.
func Bounds(lo, hi, bins int, l Lang) string {
	if bins > 0 {
		lo, hi = max(lo, 1), cmpOrInt(hi, bins)
		if lo == 1 && hi == bins {
			lo, hi = 0, 0
		}
	}
	switch {
	case lo == 0 && hi == 0:
		return l.Pick("任意", "any")
	case lo == hi:
		return fmt.Sprint(lo)
	case lo == 0:
		return fmt.Sprintf("≤ %d", hi)
	case hi == 0:
		return fmt.Sprintf("≥ %d", lo)
	}
	return fmt.Sprintf("%d–%d", lo, hi)
}

func cmpOrInt(a, b int) int {
	if a != 0 {
		return a
	}
	return b
}

// Warnings describes, one line each, what a user should know about a scheme
// file before trusting it: the cells that fall to Other, the rows that can
// never match, and a missing tier column. Built-in schemes have none.
func (s *Scheme) Warnings() []string { return s.WarningsIn(EN) }

// WarningsIn is Warnings in l, with the segments named in l.
func (s *Scheme) WarningsIn(l Lang) []string {
	var out []string
	for _, n := range s.notes {
		out = append(out, l.Error(n))
	}
	if s.Bins == 0 {
		return out
	}
	c := s.Coverage(s.Bins)
	if c.OtherCells > 0 {
		parts := make([]string, len(c.Other))
		for i, b := range c.Other {
			parts[i] = b.Format(s.Bins, l)
		}
		const show = 8
		if len(parts) > show {
			parts = append(parts[:show], l.Tf("… %d more boxes (rfm segments %s --check lists them)", len(c.Other)-show, s.Name))
		}
		out = append(out, l.Tf("%s: %d of %d score cells match no row and fall to %s (tier %s): %s",
			s.Name, c.OtherCells, c.Cells(), Other.Name(l), Other.Tier, strings.Join(parts, l.Pick("；", "; "))))
	}
	for _, k := range c.Shadowed() {
		out = append(out, l.Tf("%s: segment %q can never match: %s", s.place(k), s.Segments[k].Name(l), s.coveredBy(c.ShadowedBy[k], l)))
	}
	return out
}

// coveredBy says, in l, which earlier rows take a shadowed row's cells.
func (s *Scheme) coveredBy(by []int, l Lang) string {
	if len(by) == 0 {
		return l.T("its range holds no score")
	}
	parts := make([]string, len(by))
	for i, j := range by {
		parts[i] = fmt.Sprintf("%q", s.Segments[j].Name(l))
		if j < len(s.Lines) {
			parts[i] = l.Tf("%s (line %d)", parts[i], s.Lines[j])
		}
	}
	if len(parts) == 1 {
		return l.Tf("the earlier row %s matches all its cells first", parts[0])
	}
	return l.Tf("the earlier rows %s match all its cells first", strings.Join(parts, l.Pick("、", ", ")))
}

// place is "file:line" of row k, or the file alone.
func (s *Scheme) place(k int) string {
	if k < len(s.Lines) {
		return fmt.Sprintf("%s:%d", s.Name, s.Lines[k])
	}
	return s.Name
}
