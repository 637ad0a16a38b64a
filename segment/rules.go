package segment

// Rule is one row of a scheme's rules, in the order a reader should see
// them: for cn8 SPEC §5's table order, for range schemes the order they are
// tried in.
type Rule struct {
	// Index is the segment's index in Scheme.Segments.
	Index   int
	Segment *Segment
	// High, for high/low schemes, is the R, F and M split (1 high, 0 low)
	// that names the segment.
	High [3]int
	// Range, for range schemes, is the segment's score range.
	Range Range
	// Line, for scheme files, is the row's line in the file.
	Line int
}

// highLowOrder is SPEC §5's table order of the R·4 + F·2 + M classes.
var highLowOrder = [8]int{7, 5, 3, 1, 6, 4, 2, 0}

// Rules lists the scheme's rules.
func (s *Scheme) Rules() []Rule {
	var out []Rule
	if s.HighLow {
		for _, bits := range highLowOrder {
			if bits < len(s.Segments) {
				out = append(out, Rule{Index: bits, Segment: &s.Segments[bits], High: [3]int{bits >> 2, bits >> 1 & 1, bits & 1}})
			}
		}
		return out
	}
	for k := range s.Segments {
		r := Rule{Index: k, Segment: &s.Segments[k]}
		if k < len(s.Ranges) {
			r.Range = s.Ranges[k]
		}
		if k < len(s.Lines) {
			r.Line = s.Lines[k]
		}
		out = append(out, r)
	}
	return out
}
