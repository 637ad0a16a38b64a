package clv

import (
	"sync"
	"testing"
)

// million is one million synthetic customers drawn from CDNOW-like
// parameters, built once for all benchmarks.
var million = sync.OnceValues(func() ([]Purchase, []Summary) {
	ps, end := synthetic(1_000_000, paper, paperGG, 42)
	sums, err := Summarize(ps, end, Week)
	if err != nil {
		panic(err)
	}
	return ps, sums
})

func BenchmarkSummarize1M(b *testing.B) {
	ps, _ := million()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Summarize(ps, 272, Week); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(ps)), "rows")
}

func BenchmarkFitBGNBD1M(b *testing.B) {
	_, sums := million()
	b.ReportAllocs()
	var fit BGNBDFit
	for b.Loop() {
		var err error
		if fit, err = FitBGNBD(sums, FitOptions{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(fit.Groups), "groups")
	b.ReportMetric(float64(fit.Evaluations), "evals")
}

func BenchmarkFitGammaGamma1M(b *testing.B) {
	_, sums := million()
	b.ReportAllocs()
	var fit GammaGammaFit
	for b.Loop() {
		var err error
		if fit, err = FitGammaGamma(sums, FitOptions{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(fit.Customers), "repeat-buyers")
	b.ReportMetric(float64(fit.Evaluations), "evals")
}

func BenchmarkPredict1M(b *testing.B) {
	_, sums := million()
	opts := ValueOptions{Horizon: 52, DiscountRate: 0.01, Margin: 0.3}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Predict(sums, paper, paperGG, opts); err != nil {
			b.Fatal(err)
		}
	}
}
