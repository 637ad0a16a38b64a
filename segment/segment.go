package segment

import (
	"fmt"
	"math/big"
	"slices"
	"strings"

	"github.com/rfmtool/rfm/rfm"
	"github.com/rfmtool/rfm/rfm/i18n"
)

// Lang is the language of segment names and labels: the interface's
// language type (package i18n).
type Lang = i18n.Lang

// The languages.
const (
	ZH = i18n.ZH
	EN = i18n.EN
)

// ParseLang reads "zh" or "en".
func ParseLang(s string) (Lang, error) { return i18n.Parse(s) }

// Segment is one named class of customers.
type Segment struct {
	// Slug is a stable ASCII name, safe in file names.
	Slug     string
	ZH, EN   string
	Tier     string
	ActionZH string
	ActionEN string
}

// Name returns the segment's name in lang.
func (s *Segment) Name(l Lang) string { return l.Pick(s.ZH, s.EN) }

// Action returns the recommended action in lang.
func (s *Segment) Action(l Lang) string { return l.Pick(s.ActionZH, s.ActionEN) }

// Range is an inclusive score range for R, F and M; 0 bounds mean "any".
type Range struct {
	RMin, RMax, FMin, FMax, MMin, MMax int
}

// Contains reports whether the scores fall in the range.
func (g Range) Contains(r, f, m int) bool {
	in := func(v, lo, hi int) bool { return (lo == 0 || v >= lo) && (hi == 0 || v <= hi) }
	return in(r, g.RMin, g.RMax) && in(f, g.FMin, g.FMax) && in(m, g.MMin, g.MMax)
}

// Scheme maps scores to segments.
type Scheme struct {
	Name     string
	Segments []Segment
	// HighLow, when set, makes this a high/low scheme: Segments are indexed by
	// the bits R·4 + F·2 + M of the high (1) / low (0) split, and Ranges is unused.
	HighLow bool
	// Ranges, for range schemes, parallels Segments: the first that contains a
	// customer's scores decides its segment; none means Other.
	Ranges []Range
	// FiveLevel requires 1–5 scores (rfgrid).
	FiveLevel bool
	// Bins, for a scheme file, is the number of score levels its ranges were
	// checked against (Parse); Assign refuses other scores. 0 for built-ins.
	Bins int
	// Lines, for a scheme file, parallels Segments: the line of each row.
	Lines []int
	// AboutZH and AboutEN describe a built-in scheme in one line.
	AboutZH, AboutEN string

	// notes are findings of Parse that are not errors, for Warnings.
	notes []error
}

// About describes the scheme in lang.
func (s *Scheme) About(l Lang) string { return l.Pick(s.AboutZH, s.AboutEN) }

// Other is the segment of customers that match no range.
var Other = Segment{Slug: "other", ZH: "其他", EN: "Other", Tier: "C",
	ActionZH: "单独查看：方案未覆盖的客户", ActionEN: "Review: customers the scheme does not cover"}

// CN8 returns the default eight-class scheme of SPEC §5.
func CN8() *Scheme {
	seg := func(slug, zh, en, tier, azh, aen string) Segment {
		return Segment{Slug: slug, ZH: zh, EN: en, Tier: tier, ActionZH: azh, ActionEN: aen}
	}
	// Indexed by R·4 + F·2 + M.
	return &Scheme{Name: "cn8", HighLow: true,
		AboutZH: "八类客户：R、F、M 各分高低（默认）",
		AboutEN: "eight classes from high/low R, F and M (the default)",
		Segments: []Segment{
			0: seg("general-win-back", "一般挽留客户", "General win-back", "C",
				"低成本唤醒或放弃：仅做自动化触达", "Low-cost reactivation only, or let go"),
			1: seg("important-win-back", "重要挽留客户", "Important win-back", "B",
				"重点挽回：定向优惠与回访，查明流失原因", "Win back with targeted offers and a call; find out why they left"),
			2: seg("general-retention", "一般保持客户", "General retention", "C",
				"提升客单价：搭配推荐与满减", "Raise basket size with bundles and threshold discounts"),
			3: seg("important-retention", "重要保持客户", "Important retention", "A",
				"主动唤醒：专属关怀，防止流失", "Re-engage before they lapse: personal care and reminders"),
			4: seg("general-development", "一般发展客户", "General development", "B",
				"培育复购：新客礼包与首单后跟进", "Nurture a second purchase: welcome series and follow-up"),
			5: seg("important-development", "重要发展客户", "Important development", "A",
				"提高购买频次：会员计划与复购激励", "Raise purchase frequency: loyalty programme and repeat incentives"),
			6: seg("general-value", "一般价值客户", "General value", "B",
				"交叉销售与升级：提升消费金额", "Cross-sell and upsell to lift spend"),
			7: seg("important-value", "重要价值客户", "Important value", "A",
				"重点维护：VIP 服务与专属权益", "Keep and reward: VIP service and exclusive benefits"),
		}}
}

// RFGrid returns the English R×F grid of SPEC §5, for 5-level scores.
func RFGrid() *Scheme {
	s := &Scheme{Name: "rfgrid", FiveLevel: true,
		AboutZH: "R×F 网格十类（需 5 级评分）",
		AboutEN: "ten segments on the R×F grid (5-level scores only)"}
	add := func(slug, en, zh, tier string, rmin, rmax, fmin, fmax int, aen, azh string) {
		s.Segments = append(s.Segments, Segment{Slug: slug, ZH: zh, EN: en, Tier: tier, ActionZH: azh, ActionEN: aen})
		s.Ranges = append(s.Ranges, Range{RMin: rmin, RMax: rmax, FMin: fmin, FMax: fmax})
	}
	add("champions", "Champions", "冠军客户", "A", 5, 5, 4, 5, "Reward them; ask for reviews and referrals", "奖励并邀请评价与推荐")
	add("loyal-customers", "Loyal Customers", "忠诚客户", "A", 3, 4, 4, 5, "Upsell higher-value products; loyalty perks", "推荐高价值商品，提供会员权益")
	add("potential-loyalists", "Potential Loyalists", "潜在忠诚客户", "A", 4, 5, 2, 3, "Offer membership and personal recommendations", "邀请加入会员，个性化推荐")
	add("new-customers", "New Customers", "新客户", "B", 5, 5, 1, 1, "Onboard well: welcome series and early support", "做好新客引导与早期关怀")
	add("promising", "Promising", "有潜力客户", "B", 4, 4, 1, 1, "Build awareness: free trials and small offers", "试用与小额优惠，建立认知")
	add("need-attention", "Need Attention", "需要关注客户", "B", 3, 3, 3, 3, "Limited-time offers based on past purchases", "基于历史购买的限时优惠")
	add("cant-lose-them", "Can't Lose Them", "不能失去的客户", "B", 1, 2, 5, 5, "Win them back with renewals and a personal call", "个人回访与续订优惠，务必挽回")
	add("about-to-sleep", "About to Sleep", "即将沉睡客户", "C", 3, 3, 1, 2, "Share popular products and discounts to reconnect", "推送热门商品与折扣重新连接")
	add("at-risk", "At Risk", "有流失风险客户", "C", 1, 2, 3, 4, "Personalised reactivation emails and offers", "个性化召回邮件与优惠")
	add("hibernating", "Hibernating", "沉睡客户", "C", 1, 2, 1, 2, "Recreate interest with relevant offers, or let go", "相关优惠重新激发兴趣，或放弃")
	return s
}

// Builtins returns the built-in schemes, the default first.
func Builtins() []*Scheme { return []*Scheme{CN8(), RFGrid()} }

// Builtin returns a built-in scheme by name.
func Builtin(name string) (*Scheme, bool) {
	for _, s := range Builtins() {
		if s.Name == name {
			return s, true
		}
	}
	return nil, false
}

// Split selects the high/low threshold of high/low schemes.
type Split int

// The split rules.
const (
	SplitMean Split = iota
	SplitMedian
)

// Tiers selects how tiers are assigned.
type Tiers struct {
	// Pareto, when set, assigns tiers by cumulative share of net spend.
	Pareto bool
	// A and B are the Pareto percentages (80, 95 by default).
	A, B int64
}

// Options configures Assign.
type Options struct {
	// MeanMethod says the scores are the 0/1 scores of rfm.Mean.
	MeanMethod bool
	Bins       int
	Split      Split
	Tiers      Tiers
}

// Assignment is the segment and tier of every customer.
type Assignment struct {
	// Segment indexes Scheme.Segments; -1 means Other.
	Segment []int
	Tier    []string
	// Thresholds holds, for high/low schemes, the split value per dimension
	// (nil where the dimension is low for everyone).
	Thresholds [3]*big.Rat
}

// SegmentOf returns the segment at index i of the assignment; -1, or any
// index past Segments (such as len(Segments), where a summary puts Other
// after the scheme's segments), is Other.
func (s *Scheme) SegmentOf(i int) *Segment {
	if i < 0 || i >= len(s.Segments) {
		return &Other
	}
	return &s.Segments[i]
}

// Assign gives every scored customer a segment and a tier.
func (s *Scheme) Assign(cs []rfm.Customer, opt Options) (Assignment, error) {
	if err := s.Fits(opt.MeanMethod, opt.Bins); err != nil {
		return Assignment{}, err
	}
	a := Assignment{Segment: make([]int, len(cs)), Tier: make([]string, len(cs))}
	if s.HighLow {
		var high [3]func(int) bool
		for d := range 3 {
			high[d], a.Thresholds[d] = highRule(cs, d, opt)
		}
		for i := range cs {
			c := &cs[i]
			a.Segment[i] = b2i(high[0](c.R))*4 + b2i(high[1](c.F))*2 + b2i(high[2](c.M))
		}
	} else {
		for i := range cs {
			a.Segment[i] = -1
			for k, g := range s.Ranges {
				if g.Contains(cs[i].R, cs[i].F, cs[i].M) {
					a.Segment[i] = k
					break
				}
			}
		}
	}
	if opt.Tiers.Pareto {
		paretoTiers(cs, opt.Tiers, a.Tier)
	} else {
		for i := range cs {
			a.Tier[i] = s.SegmentOf(a.Segment[i]).Tier
		}
	}
	return a, nil
}

// Fits reports whether the scheme can name scores of the given kind: the
// mean method's 0/1 scores (meanMethod) or 1..bins scores. cn8 fits every
// kind; rfgrid needs 5-level scores; a scheme file needs the bins it was
// checked against, and never fits 0/1 scores, whose 0 its ranges cannot
// express. The error names the flags that fix it.
func (s *Scheme) Fits(meanMethod bool, bins int) error {
	got := fmt.Sprintf("--bins %d", bins)
	if meanMethod {
		got = "--method mean"
	}
	switch {
	case s.HighLow:
		return nil
	case s.FiveLevel && (meanMethod || bins != 5):
		return i18n.Errorf("the %s scheme needs 5-level scores: use --method quantile, rank or thresholds with --bins 5 (got %s)", s.Name, got)
	case s.Bins != 0 && meanMethod:
		return i18n.Errorf("scheme file %s needs 1..N scores, but --method mean scores are 0/1: use --segments cn8, or --method quantile with --bins %d", s.Name, s.Bins)
	case s.Bins != 0 && bins != s.Bins:
		return i18n.Errorf("scheme file %s was checked for scores 1–%d, not %s", s.Name, s.Bins, got)
	}
	return nil
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

func score(c *rfm.Customer, d int) int {
	switch d {
	case 0:
		return c.R
	case 1:
		return c.F
	}
	return c.M
}

// highRule returns the high/low test for dimension d and its threshold.
func highRule(cs []rfm.Customer, d int, opt Options) (func(int) bool, *big.Rat) {
	low := func(int) bool { return false }
	if len(cs) == 0 {
		return low, nil
	}
	first, same := score(&cs[0], d), true
	for i := range cs {
		if score(&cs[i], d) != first {
			same = false
			break
		}
	}
	if same {
		return low, nil
	}
	if opt.MeanMethod {
		return func(v int) bool { return v == 1 }, big.NewRat(1, 1)
	}
	if opt.Split == SplitMedian {
		v := make([]int, len(cs))
		for i := range cs {
			v[i] = score(&cs[i], d)
		}
		slices.Sort(v)
		n := len(v)
		twice := 2 * v[n/2] // 2·median
		if n%2 == 0 {
			twice = v[n/2-1] + v[n/2]
		}
		return func(s int) bool { return 2*s >= twice }, big.NewRat(int64(twice), 2)
	}
	var sum int64
	for i := range cs {
		sum += int64(score(&cs[i], d))
	}
	n := int64(len(cs))
	return func(s int) bool { return int64(s)*n >= sum }, big.NewRat(sum, n)
}

// paretoTiers sorts by net spend descending (ties by id ascending) and gives
// A while 100·before < A·total, B while 100·before < B·total, C otherwise.
func paretoTiers(cs []rfm.Customer, t Tiers, out []string) {
	idx := make([]int, len(cs))
	total := new(big.Int)
	for i := range cs {
		idx[i] = i
		total.Add(total, big.NewInt(int64(cs[i].Net)))
	}
	slices.SortFunc(idx, func(x, y int) int {
		if cs[x].Net != cs[y].Net {
			if cs[x].Net > cs[y].Net {
				return -1
			}
			return 1
		}
		return strings.Compare(cs[x].ID, cs[y].ID)
	})
	limA := new(big.Int).Mul(total, big.NewInt(t.A))
	limB := new(big.Int).Mul(total, big.NewInt(t.B))
	before := new(big.Int)
	lhs := new(big.Int)
	hundred := big.NewInt(100)
	for _, i := range idx {
		lhs.Mul(before, hundred)
		switch {
		case lhs.Cmp(limA) < 0:
			out[i] = "A"
		case lhs.Cmp(limB) < 0:
			out[i] = "B"
		default:
			out[i] = "C"
		}
		before.Add(before, big.NewInt(int64(cs[i].Net)))
	}
}
