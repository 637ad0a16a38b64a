package segment

import (
	"strings"
	"testing"

	"github.com/rfmtool/rfm/rfm/i18n"
)

// TestSchemeProblemsInChinese checks a bad scheme file's problems, each on
// its line, in Chinese, and in English as errors.Join wrote them.
func TestSchemeProblemsInChinese(t *testing.T) {
	file := "segment,r_min,r_max,f_min,f_max,m_min,m_max,tier\nA,1,9,,,,,A\nB,x,,,,,,Q\n"
	_, err := Parse(strings.NewReader(file), "s.csv", 5)
	if err == nil {
		t.Fatal("no error")
	}
	en := "s.csv:2: r_max 9 outside the scores 1–5 (--bins 5)\n" +
		"s.csv:3: column \"r_min\": \"x\" is not a whole number\n" +
		"s.csv:3: column \"tier\": \"Q\" is not a tier: want A, B or C"
	if err.Error() != en {
		t.Errorf("English:\n got %s\nwant %s", err, en)
	}
	zh := "s.csv:2：r_max 9 超出了评分范围 1–5（--bins 5）\n" +
		"s.csv:3：列 \"r_min\"：\"x\" 不是整数\n" +
		"s.csv:3：列 \"tier\"：\"Q\" 不是等级：应为 A、B 或 C"
	if got := i18n.ZH.Error(err); got != zh {
		t.Errorf("Chinese:\n got %s\nwant %s", got, zh)
	}
}

// TestWarningsInChinese checks a scheme file's coverage warnings in Chinese.
func TestWarningsInChinese(t *testing.T) {
	file := "segment,r_min,r_max,f_min,f_max,m_min,m_max\nA,4,5,,,,\nB,5,5,,,,\n"
	s, err := Parse(strings.NewReader(file), "s.csv", 5)
	if err != nil {
		t.Fatal(err)
	}
	if en, l := s.Warnings(), s.WarningsIn(EN); strings.Join(en, "\n") != strings.Join(l, "\n") {
		t.Errorf("WarningsIn(EN) %q differs from Warnings %q", l, en)
	}
	got := strings.Join(s.WarningsIn(ZH), "\n")
	for _, want := range []string{
		"s.csv：没有 tier 列，所有客户类别都是 C 等级",
		"s.csv：75 个评分格（共 125 个）不匹配任何一行，归入“其他”（等级 C）：R 1–3, F 任意, M 任意",
		"s.csv:3：客户类别 \"B\" 永远不会被匹配：前面一行 \"A\"（第 2 行）已先匹配了它的全部评分格",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("Chinese warnings lack %q:\n%s", want, got)
		}
	}
}
