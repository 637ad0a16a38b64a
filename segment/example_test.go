package segment_test

import (
	"fmt"
	"strings"

	"github.com/rfmtool/rfm/rfm"
	"github.com/rfmtool/rfm/segment"
)

func ExampleParse() {
	file := `segment,zh,r_min,r_max,f_min,f_max,m_min,m_max,tier,action
VIP,贵宾,4,5,4,5,,,A,Personal call and early access
Champions,,5,5,4,5,,,,
Lost,已流失,1,2,,,,,C,Low-cost win-back
`
	s, err := segment.Parse(strings.NewReader(file), "shop.csv", 5)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, w := range s.Warnings() {
		fmt.Println("warning:", w)
	}
	cs := []rfm.Customer{{ID: "c1", R: 5, F: 5, M: 1}, {ID: "c2", R: 1, F: 3, M: 3}, {ID: "c3", R: 3, F: 3, M: 3}}
	a, _ := s.Assign(cs, segment.Options{Bins: 5})
	for i, c := range cs {
		seg := s.SegmentOf(a.Segment[i])
		fmt.Printf("%s %d%d%d %s / %s, tier %s: %s\n", c.ID, c.R, c.F, c.M, seg.Name(segment.ZH), seg.Name(segment.EN), a.Tier[i], seg.Action(segment.EN))
	}
	// Output:
	// warning: shop.csv: 55 of 125 score cells match no row and fall to Other (tier C): R 3, F any, M any; R 4–5, F 1–3, M any
	// warning: shop.csv:3: segment "Champions" can never match: the earlier row "VIP" (line 2) matches all its cells first
	// c1 551 贵宾 / VIP, tier A: Personal call and early access
	// c2 133 已流失 / Lost, tier C: Low-cost win-back
	// c3 333 其他 / Other, tier C: Review: customers the scheme does not cover
}
