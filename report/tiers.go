package report

// TierRank orders tiers: A 3, B 2, C 1; anything else 0.
func TierRank(t string) int {
	switch t {
	case "A":
		return 3
	case "B":
		return 2
	case "C":
		return 1
	}
	return 0
}
