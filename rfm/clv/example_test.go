package clv_test

import (
	"fmt"

	"github.com/rfmtool/rfm/rfm/clv"
)

func ExampleSummarize() {
	// Days counted from 1970-01-01: 9862 is 1997-01-01.
	rows := []clv.Purchase{
		{Customer: "0001", Day: 9862, Amount: 29.33},
		{Customer: "0001", Day: 9879, Amount: 29.73},
		{Customer: "0001", Day: 10075, Amount: 14.96},
		{Customer: "0001", Day: 10075, Amount: 0},     // same day: merged
		{Customer: "0001", Day: 10207, Amount: 26.48}, // after the calibration end
	}
	sums, _ := clv.Summarize(rows, 10134, clv.Week) // 1997-09-30
	s := sums[0]
	fmt.Printf("x=%v t_x=%.2f T=%.2f m̄=%.3f\n", s.X, s.Tx, s.T, s.Spend)
	// Output: x=2 t_x=30.43 T=38.86 m̄=22.345
}

func ExampleBGNBD() {
	// The BG/NBD fit to the CDNOW sample, weeks 1–39.
	m := clv.BGNBD{R: 0.2425945, Alpha: 4.4136019, A: 0.7929199, B: 2.4258881}
	fmt.Printf("a new customer's repeat purchases in 52 weeks: %.4f\n", m.ExpectedPurchases(52))
	fmt.Printf("x=2, t_x=30.43, T=38.86: P(alive) %.4f, next 39 weeks %.4f\n",
		m.PAlive(2, 30.43, 38.86), m.ConditionalExpectedPurchases(39, 2, 30.43, 38.86))
	// Output:
	// a new customer's repeat purchases in 52 weeks: 1.4440
	// x=2, t_x=30.43, T=38.86: P(alive) 0.7266, next 39 weeks 1.2259
}
