package ingest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"

	"github.com/rfmtool/rfm/rfm"
)

type collect struct {
	header  []string
	rejects []Reject
	starts  int
}

func (c *collect) Start(h []string) error { c.header, c.rejects = h, nil; c.starts++; return nil }
func (c *collect) Reject(r Reject) error  { c.rejects = append(c.rejects, r); return nil }

type outcome struct {
	customers []rfm.Customer
	skipped   map[rfm.NotScored]int
	report    Report
	rejects   []Reject
	err       string
}

func scanWith(t *testing.T, path string, opt Options) outcome {
	t.Helper()
	sink := &collect{}
	opt.Rejects = sink
	agg, rep, err := Scan(context.Background(), File{Path: path}, opt, rfm.ReturnsNet)
	if err != nil {
		return outcome{err: err.Error()}
	}
	if !rep.Accounted() {
		t.Errorf("accounting does not add up: %+v", rep)
	}
	asOf := agg.MaxDate() + 1
	cs, sk := agg.Customers(asOf, rfm.MonetarySum)
	r := *rep
	r.Table = nil
	return outcome{customers: cs, skipped: sk, report: r, rejects: sink.rejects}
}

// messyCSV makes an export with quotes, embedded line breaks, bad rows,
// blank lines, day-first dates and CRLF line ends, deterministic by seed.
func messyCSV(seed uint64, rows int) string {
	rng := rand.New(rand.NewPCG(seed, 7))
	var b strings.Builder
	b.WriteString("order_id,customer_id,order_date,amount,note\r\n")
	for i := range rows {
		cust := fmt.Sprintf("c%d", rng.IntN(40))
		date := fmt.Sprintf("%d/%d/2024", 1+rng.IntN(12), 1+rng.IntN(28))
		if rng.IntN(50) == 0 {
			date = fmt.Sprintf("%d/%d/2024", 13+rng.IntN(15), 1+rng.IntN(12)) // day first
		}
		amt := fmt.Sprintf("%d.%02d", rng.IntN(500)-20, rng.IntN(100))
		note := "plain"
		switch rng.IntN(10) {
		case 0:
			note = "\"two\nlines, with \"\"quotes\"\"\""
		case 1:
			note = "\"a,b\""
		case 2:
			amt = "12,5" // bad amount
		case 3:
			cust = " " // empty id
		case 4:
			note = "x,extra" // wrong number of fields
		}
		if rng.IntN(30) == 0 {
			b.WriteString("\r\n")
		}
		fmt.Fprintf(&b, "o%d,%s,%s,%s,%s\r\n", i/2, cust, date, amt, note)
	}
	if seed%3 == 0 {
		b.WriteString("o9,c1,1/1/2024,1,\"unterminated\nc2,2/2/2024,3,x\n")
	}
	return b.String()
}

// TestParallelMatchesSequential checks that the chunked parallel reader gives
// exactly what the row-by-row reader gives, with chunks as small as a few
// records so that every boundary case is met.
func TestParallelMatchesSequential(t *testing.T) {
	// More cores than CI may have, so that the aggregation is split.
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))
	dir := t.TempDir()
	defaultSize := chunkSize
	defer func(n int) { chunkSize = n }(chunkSize)
	opts := []Options{
		{AsOf: rfm.NoDate},
		{AsOf: rfm.NoDate, Dedupe: true, Keep: []string{"note"}},
		{AsOf: rfm.NoDate, Strict: true},
	}
	// Six seeds: two of them (0, 3) end in an unterminated quote; chunks of
	// 7 bytes already meet every boundary case in each file.
	for seed := range uint64(6) {
		path := filepath.Join(dir, fmt.Sprintf("messy%d.csv", seed))
		if err := os.WriteFile(path, []byte(messyCSV(seed, 400)), 0o644); err != nil {
			t.Fatal(err)
		}
		// The row-by-row reader cuts no chunks (chunkSize is the parallel
		// reader's): it reads each file once per option, at the default
		// size, and every chunk size must give what it gave.
		chunkSize = defaultSize
		wants := make([]outcome, len(opts))
		for i, opt := range opts {
			opt.Sequential = true
			wants[i] = scanWith(t, path, opt)
		}
		for _, size := range []int{7, 64, 1000, 4 << 20} {
			chunkSize = size
			for i, opt := range opts {
				want := wants[i]
				got := scanWith(t, path, opt)
				if !reflect.DeepEqual(got, want) {
					t.Fatalf("seed %d chunk %d opt %+v: parallel and sequential differ\nparallel:   %+v\nsequential: %+v",
						seed, size, opt, got.report, want.report)
				}
			}
		}
	}
}

func FuzzParallelMatchesSequential(f *testing.F) {
	// More cores than CI may have, so that the aggregation is split.
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))
	f.Add("customer_id,order_date,amount\na,2024-01-01,1\n\"b\nc\",2024-01-02,2\n", uint8(5))
	f.Add("customer_id,order_date,amount\na,13/1/2024,1\nb,1/2/2024,\"3\"\n\"open,1\n", uint8(1))
	f.Fuzz(func(t *testing.T, body string, size uint8) {
		path := filepath.Join(t.TempDir(), "f.csv")
		if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		defer func(n int) { chunkSize = n }(chunkSize)
		chunkSize = int(size%64) + 1
		want := scanWith(t, path, Options{AsOf: rfm.NoDate, Sequential: true})
		got := scanWith(t, path, Options{AsOf: rfm.NoDate})
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("parallel %+v\nsequential %+v", got, want)
		}
	})
}
