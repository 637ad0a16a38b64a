package segment

import (
	"slices"
	"strings"
	"testing"
)

func TestCoverage(t *testing.T) {
	tests := []struct {
		name       string
		bins       int
		file       string
		won        []int
		taken      []int
		other      []string // boxes, formatted
		otherCells int
		shadowed   map[int][]int
	}{
		{"complete", 3, header + "All,,,,,,\n", []int{27}, []int{0}, nil, 0, nil},
		{"one gap cell", 2, header + "High R,2,2,,,,\nLow R,1,1,1,2,1,2\nAlmost,1,1,1,1,1,1\n",
			[]int{4, 4, 0}, []int{0, 0, 1}, nil, 0, map[int][]int{2: {1}}},
		{"gap at low R", 3, header + "Recent,2,3,,,,\n",
			[]int{18}, []int{0}, []string{"R 1, F any, M any"}, 9, nil},
		{"two gaps", 3, header + "Recent,3,3,,,,\nBig,1,2,,,3,3\n",
			[]int{9, 6}, []int{0, 0}, []string{"R 1–2, F any, M 1–2"}, 12, nil},
		{"L-shaped gap", 2, header + "Corner,2,2,2,2,,\n",
			[]int{2}, []int{0}, []string{"R 1, F any, M any", "R 2, F 1, M any"}, 6, nil},
		{"shadowed by two rows", 5, header + "Recent,4,5,,,,\nOld,1,3,,,,\nTop,5,5,5,5,5,5\nMid,3,4,,,,\n",
			[]int{50, 75, 0, 0}, []int{0, 0, 1, 50}, nil, 0, map[int][]int{2: {0}, 3: {0, 1}}},
		{"partly taken is not shadowed", 5, header + "A,1,3,,,,\nB,3,5,,,,\n",
			[]int{75, 50}, []int{0, 25}, nil, 0, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Parse(strings.NewReader(tt.file), "s.csv", tt.bins)
			if err != nil {
				t.Fatal(err)
			}
			c := s.Coverage(tt.bins)
			if !slices.Equal(c.Won, tt.won) || !slices.Equal(c.Taken, tt.taken) {
				t.Errorf("won %v taken %v, want %v %v", c.Won, c.Taken, tt.won, tt.taken)
			}
			var other []string
			n := 0
			for _, b := range c.Other {
				other = append(other, b.Format(tt.bins, EN))
				n += (b.RMax - b.RMin + 1) * (b.FMax - b.FMin + 1) * (b.MMax - b.MMin + 1)
			}
			if !slices.Equal(other, tt.other) || c.OtherCells != tt.otherCells || n != tt.otherCells {
				t.Errorf("other %q (%d cells, boxes hold %d), want %q (%d)", other, c.OtherCells, n, tt.other, tt.otherCells)
			}
			sum := c.OtherCells
			for _, w := range c.Won {
				sum += w
			}
			if sum != c.Cells() {
				t.Errorf("won + other = %d, want %d", sum, c.Cells())
			}
			for k, by := range c.ShadowedBy {
				if want, ok := tt.shadowed[k]; ok != (by != nil) || !slices.Equal(by, want) {
					t.Errorf("row %d shadowed by %v, want %v", k, by, want)
				}
			}
		})
	}
}

func TestWarnings(t *testing.T) {
	file := header + "Recent,4,5,,,,\nOld,1,2,,,,\nTop,5,5,5,5,5,5\nBack,4,4,,,1,1\n"
	s, err := Parse(strings.NewReader(file), "shop.csv", 5)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"shop.csv: no tier column: every segment is tier C; add a tier column (A, B or C) or use --tiers pareto",
		"shop.csv: 25 of 125 score cells match no row and fall to Other (tier C): R 3, F any, M any",
		`shop.csv:4: segment "Top" can never match: the earlier row "Recent" (line 2) matches all its cells first`,
		`shop.csv:5: segment "Back" can never match: the earlier row "Recent" (line 2) matches all its cells first`,
	}
	if got := s.Warnings(); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n\t%s\nwant\n\t%s", strings.Join(got, "\n\t"), strings.Join(want, "\n\t"))
	}
	for _, b := range Builtins() {
		if w := b.Warnings(); len(w) != 0 {
			t.Errorf("%s: %q", b.Name, w)
		}
	}
}

func TestBounds(t *testing.T) {
	tests := []struct {
		lo, hi, bins int
		lang         Lang
		want         string
	}{
		{0, 0, 5, EN, "any"},
		{1, 5, 5, EN, "any"},
		{1, 5, 5, ZH, "任意"},
		{1, 5, 7, EN, "1–5"},
		{0, 3, 5, EN, "1–3"},
		{4, 0, 5, EN, "4–5"},
		{3, 3, 5, EN, "3"},
		{0, 0, 0, EN, "any"},
		{0, 3, 0, EN, "≤ 3"},
		{4, 0, 0, EN, "≥ 4"},
		{2, 3, 0, EN, "2–3"},
	}
	for _, tt := range tests {
		if got := Bounds(tt.lo, tt.hi, tt.bins, tt.lang); got != tt.want {
			t.Errorf("Bounds(%d, %d, %d) = %q, want %q", tt.lo, tt.hi, tt.bins, got, tt.want)
		}
	}
}
