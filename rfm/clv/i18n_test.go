package clv

import (
	"strings"
	"testing"

	"github.com/rfmtool/rfm/rfm/i18n"
)

// TestConvergenceErrorInChinese checks a fit's failure, its reason and its
// advice in Chinese, and the English text unchanged.
func TestConvergenceErrorInChinese(t *testing.T) {
	var obj objective
	m := minimum{logp: []float64{0, 2 * logBound}, iter: 3}
	var r FitResult
	err := diagnose("bg/nbd", obj, m, []string{"r", "alpha"}, []float64{1, 1e9}, &r,
		[]error{i18n.New("no customer bought more than once: use a longer calibration period or more customers")},
		[]error{i18n.New("check --unit and --calibration-end")})
	if err == nil {
		t.Fatal("no error")
	}
	en := "bg/nbd fit did not converge: parameter alpha ran off to 1e+09, so the data cannot determine it; no customer bought more than once: use a longer calibration period or more customers; try a penalizer such as --penalizer 0.001 (raise it tenfold if that is not enough); check --unit and --calibration-end"
	if err.Error() != en || i18n.EN.Error(err) != en {
		t.Errorf("English:\n got %s\nwant %s", err, en)
	}
	zh := "bg/nbd 模型拟合没有收敛：参数 alpha 发散到 1e+09，数据无法确定它；没有客户购买超过一次：请使用更长的校准期或更多客户；请尝试加惩罚系数，例如 --penalizer 0.001（不够时再增大十倍）；请检查 --unit 和 --calibration-end"
	if got := i18n.ZH.Error(err); got != zh {
		t.Errorf("Chinese:\n got %s\nwant %s", got, zh)
	}
	if got := i18n.ZH.Error(i18n.Errorf("%w: gamma-gamma needs customers with a repeat purchase and positive spend", ErrNoData)); !strings.HasPrefix(got, "没有可用于拟合的客户：") {
		t.Errorf("no data: %s", got)
	}
}
