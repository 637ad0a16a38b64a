package ingest

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rfmtool/rfm/rfm"
)

// withBounds sets the chunk size, the lines per chunk and the quoted-field
// span for the rest of the test.
func withBounds(t testing.TB, size, lines, span int) {
	oldSize, oldLines, oldSpan := chunkSize, chunkLines, maxQuotedSpan
	t.Cleanup(func() { chunkSize, chunkLines, maxQuotedSpan = oldSize, oldLines, oldSpan })
	chunkSize, chunkLines, maxQuotedSpan = size, lines, span
}

func ids(cs []rfm.Customer) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.ID)
	}
	return out
}

// TestUnbalancedQuoteLosesNothing checks that a quote left open swallows no
// row: its line is rejected and every line after it is read again, in both
// readers and at every chunk size.
func TestUnbalancedQuoteLosesNothing(t *testing.T) {
	body := "customer_id,order_date,amount,note\n" +
		"a,2024-01-01,1,\"open\n" +
		"b,2024-01-02,2,x\n" +
		"c,2024-01-03,3,z\n" +
		"\n" +
		"d,2024-01-04,4,y\n"
	path := writeTemp(t, "quote.csv", body)
	for _, size := range []int{1, 5, 30, 4 << 20} {
		for _, seq := range []bool{false, true} {
			t.Run(fmt.Sprintf("chunk%d/seq=%v", size, seq), func(t *testing.T) {
				withBounds(t, size, 1<<16, 1<<20)
				got := scanWith(t, path, Options{AsOf: rfm.NoDate, Sequential: seq})
				if got.err != "" {
					t.Fatal(got.err)
				}
				if want := []string{"b", "c", "d"}; !reflect.DeepEqual(ids(got.customers), want) {
					t.Errorf("customers %v, want %v", ids(got.customers), want)
				}
				r := got.report
				if r.Read != 4 || r.Used != 3 || r.Rejected != 1 {
					t.Errorf("read %d used %d rejected %d, want 4, 3, 1", r.Read, r.Used, r.Rejected)
				}
				if len(got.rejects) != 1 || got.rejects[0].Line != 2 || got.rejects[0].Reason != "unbalanced quotes" {
					t.Errorf("rejects %+v, want line 2: unbalanced quotes", got.rejects)
				}
				if len(got.customers) == 3 && got.customers[1].Monetary != 300 {
					t.Errorf("c's monetary %v, want 3.00", got.customers[1].Monetary)
				}
			})
		}
	}
}

// TestQuotedSpan checks the bound on a quoted field that runs over line
// ends: within it the field is one value, beyond it the quote counts as
// unbalanced and the lines after the quote are read again.
func TestQuotedSpan(t *testing.T) {
	body := "customer_id,order_date,amount,note\n" +
		"a,2024-01-01,1,\"one\n" + // 20 bytes with its line end
		"two\n" + // 4 more
		"three\"\n" +
		"b,2024-01-02,2,x\n"
	path := writeTemp(t, "span.csv", body)
	for _, tt := range []struct {
		span      int
		customers []string
		rejected  int
	}{
		{span: 1 << 20, customers: []string{"a", "b"}},
		{span: 24, customers: []string{"a", "b"}},
		{span: 23, customers: []string{"b"}, rejected: 3}, // the quote line, two, three"
		{span: 1, customers: []string{"b"}, rejected: 3},
	} {
		for _, seq := range []bool{false, true} {
			withBounds(t, 4<<20, 1<<16, tt.span)
			got := scanWith(t, path, Options{AsOf: rfm.NoDate, Sequential: seq})
			if !reflect.DeepEqual(ids(got.customers), tt.customers) || got.report.Rejected != tt.rejected {
				t.Errorf("span %d seq=%v: customers %v rejected %d, want %v and %d (%s)",
					tt.span, seq, ids(got.customers), got.report.Rejected, tt.customers, tt.rejected, got.err)
			}
		}
	}
}

// TestBoundsMatchSequential runs the messy exports with small chunks, few
// lines per chunk and short quoted spans: the parallel reader must still give
// exactly what the row-by-row reader gives.
func TestBoundsMatchSequential(t *testing.T) {
	// More cores than CI may have, so that the aggregation is split.
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))
	dir := t.TempDir()
	// Four seeds: two with a stray quote (odd), one ending in an
	// unterminated quote (0, 3).
	for seed := range uint64(4) {
		path := filepath.Join(dir, fmt.Sprintf("messy%d.csv", seed))
		body := messyCSV(seed, 300)
		if seed%2 == 1 {
			// A stray quote early on, so that the rest is read again.
			body = strings.Replace(body, "\r\n", "\r\nx,c7,1/1/2024,\"5,stray\r\n", 3)
		}
		if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		for _, b := range [][3]int{{7, 1, 1}, {64, 2, 10}, {1000, 3, 40}, {4 << 20, 5, 200}, {4 << 20, 1 << 16, 1 << 20}} {
			withBounds(t, b[0], b[1], b[2])
			for _, opt := range []Options{{AsOf: rfm.NoDate}, {AsOf: rfm.NoDate, Dedupe: true, Keep: []string{"note"}}} {
				seqOpt := opt
				seqOpt.Sequential = true
				want := scanWith(t, path, seqOpt)
				got := scanWith(t, path, opt)
				if !reflect.DeepEqual(got, want) {
					t.Fatalf("seed %d bounds %v: parallel and sequential differ\nparallel:   %+v\nsequential: %+v",
						seed, b, got.report, want.report)
				}
			}
		}
	}
}

// TestStrayQuotes: two quotes that open fields and do not close them where
// RFC 4180 allows used to merge rows, even under --strict. After a closing
// quote only a delimiter or a line end may follow: a record that breaks this
// is rejected on its first line, and the lines after it are read again.
func TestStrayQuotes(t *testing.T) {
	for _, tt := range []struct {
		name, body string
		ids        []string
		rejects    []Reject
	}{
		{"two stray quotes", "C1,2024-01-01,10,\"5 inch\nC2,2024-01-02,20,\"6 inch\nC3,2024-01-03,30,ok\n",
			[]string{"C3"}, []Reject{
				{Line: 2, Fields: []string{"C1", "2024-01-01", "10", "\"5 inch"}, Reason: "unbalanced quotes"},
				{Line: 3, Fields: []string{"C2", "2024-01-02", "20", "\"6 inch"}, Reason: "unbalanced quotes"}}},
		{"text after a quote on one line", "C1,2024-01-01,10,\"5\" inch\nC2,2024-01-02,20,\"ok\"\n",
			[]string{"C2"}, []Reject{{Line: 2, Fields: []string{"C1", "2024-01-01", "10", "\"5\" inch"}, Reason: "text after a closing quote: field 4"}}},
		{"a later quoted field closes early", "C1,2024-01-01,10,\"open\nC2,2024-01-02,20,\"a\"b\nC3,2024-01-03,30,\"x\"\n",
			[]string{"C3"}, []Reject{
				{Line: 2, Fields: []string{"C1", "2024-01-01", "10", "\"open"}, Reason: "unbalanced quotes"},
				{Line: 3, Fields: []string{"C2", "2024-01-02", "20", "\"a\"b"}, Reason: "text after a closing quote: field 4"}}},
		// A lone CR after the quote that proved no quote ends the rejected
		// line: the record after it is read, not rejected with it.
		{"a lone CR after text after a quote", "C1,2024-01-01,10,\"5\"x\rC2,2024-01-02,20,ok\nC3,2024-01-03,30,ok\n",
			[]string{"C2", "C3"}, []Reject{{Line: 2, Fields: []string{"C1", "2024-01-01", "10", "\"5\"x"}, Reason: "text after a closing quote: field 4"}}},
		{"a lone CR after an unbalanced quote", "C1,2024-01-01,10,\"5\rC2,2024-01-02,20,ok\nC3,2024-01-03,30,ok\n",
			[]string{"C2", "C3"}, []Reject{{Line: 2, Fields: []string{"C1", "2024-01-01", "10", "\"5"}, Reason: "unbalanced quotes"}}},
		{"CRLF", "C1,2024-01-01,10,\"5 inch\r\nC2,2024-01-02,20,\"6 inch\r\nC3,2024-01-03,30,ok\r\n",
			[]string{"C3"}, []Reject{
				{Line: 2, Fields: []string{"C1", "2024-01-01", "10", "\"5 inch"}, Reason: "unbalanced quotes"},
				{Line: 3, Fields: []string{"C2", "2024-01-02", "20", "\"6 inch"}, Reason: "unbalanced quotes"}}},
	} {
		path := writeTemp(t, "q.csv", "customer_id,order_date,amount,note\n"+tt.body)
		for _, size := range []int{1, 9, 40, 4 << 20} {
			for _, seq := range []bool{false, true} {
				withBounds(t, size, 1<<16, 1<<20)
				got := scanWith(t, path, Options{AsOf: rfm.NoDate, Sequential: seq})
				if got.err != "" || !reflect.DeepEqual(ids(got.customers), tt.ids) || !reflect.DeepEqual(got.rejects, tt.rejects) {
					t.Errorf("%s chunk %d seq=%v: customers %v rejects %+v (%s), want %v and %+v",
						tt.name, size, seq, ids(got.customers), got.rejects, got.err, tt.ids, tt.rejects)
				}
				strict := scanWith(t, path, Options{AsOf: rfm.NoDate, Sequential: seq, Strict: true})
				if want := fmt.Sprintf("%s:2: %s", path, tt.rejects[0].Reason); strict.err != want {
					t.Errorf("%s chunk %d seq=%v strict: %q, want %q", tt.name, size, seq, strict.err, want)
				}
			}
		}
	}
}

// TestLoneCR: a CR on its own inside an LF file ends a line, as it does in
// a file of CR line ends, instead of joining two records into one; inside a
// quoted field it is data, as RFC 4180 and encoding/csv read it.
func TestLoneCR(t *testing.T) {
	body := "customer_id,order_date,amount,note\n" +
		"a,2024-01-01,1,x\rb,2024-01-02,2,y\n" +
		"c,2024-01-03,3,\"two\rlines\"\r\n" +
		"d,2024-01-04,4,z\r\r\n" +
		"e,2024-01-05,5,w\r" +
		"\"f\",2024-01-06,6,\"q\"\rg,2024-01-07,7,\"x\ry\""
	path := writeTemp(t, "cr.csv", body)
	for _, size := range []int{1, 7, 30, 4 << 20} {
		for _, seq := range []bool{false, true} {
			withBounds(t, size, 2, 1<<20)
			got := scanWith(t, path, Options{AsOf: rfm.NoDate, Sequential: seq, Keep: []string{"note"}})
			if want := []string{"a", "b", "c", "d", "e", "f", "g"}; got.err != "" || !reflect.DeepEqual(ids(got.customers), want) || got.report.Read != 7 {
				t.Errorf("chunk %d seq=%v: customers %v, read %d (%s), want %v", size, seq, ids(got.customers), got.report.Read, got.err, want)
				continue
			}
			if note := got.customers[2].Kept[0]; note != "two\rlines" {
				t.Errorf("chunk %d seq=%v: c's note %q, want %q", size, seq, note, "two\rlines")
			}
			if note := got.customers[6].Kept[0]; note != "x\ry" {
				t.Errorf("chunk %d seq=%v: g's note %q, want %q", size, seq, note, "x\ry")
			}
			if l := got.report.Latest.Line; l != 9 {
				t.Errorf("chunk %d seq=%v: g read on line %d, want 9 (a blank line 6)", size, seq, l)
			}
		}
	}
}

func FuzzBoundsMatchSequential(f *testing.F) {
	// More cores than CI may have, so that the aggregation is split.
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))
	f.Add("customer_id,order_date,amount,note\nC1,2024-01-01,10,\"5 inch\nC2,2024-01-02,20,\"6 inch\nC3,2024-01-03,30,ok\n", uint8(11), uint8(1), uint8(30))
	f.Add("customer_id,order_date,amount\na,2024-01-01,1\rb,2024-01-02,\"2\r\"\r\nc,2024-01-03,\"3\"x\r\r\n", uint8(13), uint8(2), uint8(9))
	f.Add("customer_id,order_date,amount\na,2024-01-01,1\n\"b\nc\",2024-01-02,2\n", uint8(5), uint8(1), uint8(3))
	f.Add("customer_id,order_date,amount\n\"a\n\n\nb\",2024-01-01,1\nc,2024-01-02,\"3\"\n\"open,1\n", uint8(9), uint8(2), uint8(4))
	f.Add("customer_id,order_date,amount\r\nx,2024-01-01,\"1\r\n2\r\n3\"\r\ny,2024-01-01,2\r\n", uint8(64), uint8(7), uint8(6))
	// Order ids alike in length and last 8 bytes, an order that comes back.
	f.Add("order_id,customer_id,order_date,amount\nA-00000001,c,2024-01-01,1\nB-00000001,c,2024-01-02,2\nA-00000001,c,2024-01-03,3\n12345678,d,2024-01-01,1\n,d,2024-01-01,1\n", uint8(20), uint8(2), uint8(5))
	f.Fuzz(func(t *testing.T, body string, size, lines, span uint8) {
		path := filepath.Join(t.TempDir(), "f.csv")
		if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		withBounds(t, int(size%64)+1, int(lines%8)+1, int(span%32)+1)
		want := scanWith(t, path, Options{AsOf: rfm.NoDate, Sequential: true})
		got := scanWith(t, path, Options{AsOf: rfm.NoDate})
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("parallel %+v\nsequential %+v", got, want)
		}
	})
}

// peakHeap runs fn and returns the most heap in use seen while it ran.
func peakHeap(fn func()) uint64 {
	runtime.GC()
	var peak atomic.Uint64
	done := make(chan struct{})
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > peak.Load() {
				peak.Store(ms.HeapInuse)
			}
			select {
			case <-done:
				return
			case <-time.After(5 * time.Millisecond):
			}
		}
	}()
	fn()
	close(done)
	<-stopped
	return peak.Load()
}

// countRejects counts rejected rows and keeps none.
type countRejects struct{ n int }

func (c *countRejects) Start([]string) error { c.n = 0; return nil }
func (c *countRejects) Reject(Reject) error  { c.n++; return nil }

// writeLines writes a file of the header, then line(i) for i < n.
func writeLines(t testing.TB, header string, n int, line func(w *bufio.Writer, i int)) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "big.csv")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	w.WriteString(header)
	for i := range n {
		line(w, i)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// scanCounting scans path, counting rejects without keeping them.
func scanCounting(t testing.TB, path string) (*Report, int) {
	t.Helper()
	sink := &countRejects{}
	_, rep, err := Scan(context.Background(), File{Path: path}, Options{AsOf: rfm.NoDate, Rejects: sink}, rfm.ReturnsNet)
	if err != nil {
		t.Fatal(err)
	}
	if !rep.Accounted() {
		t.Errorf("accounting does not add up: %+v", rep)
	}
	return rep, sink.n
}

// TestStrayQuoteMemory: one quote left open near the top of a file with
// millions of short lines used to hold the rest of the file, and every line
// rejected after it, in memory at once (gigabytes for a 100 MB file).
//
// The file and the bounds are an eighth of the default scale: 384K lines
// in chunks of at most 8K lines (512 KB) with a quoted span of 128 KB, so
// the file still spans 48 chunks and the open quote still runs past the
// span, as 3M lines do with the defaults. Measured peaks: about 33 MB as
// the reader is; 128 MB without the lines-per-chunk limit (one chunk's
// rejected lines at once) and 163 MB without the span bound (the rest of
// the file as one field), against 205, 1157 and 1508 MB at full scale.
func TestStrayQuoteMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("writes a 750 KB file of 384K lines")
	}
	withBounds(t, 512<<10, 8<<10, 128<<10)
	const n = 3 << 17
	path := writeLines(t, "customer_id,order_date,amount,note\na,2024-01-01,5,\"open\n", n, func(w *bufio.Writer, i int) {
		if i%1000 == 0 {
			fmt.Fprintf(w, "c%d,2024-01-02,1,x\n", i)
		} else {
			w.WriteString("x\n")
		}
	})
	var rep *Report
	var rejected int
	peak := peakHeap(func() { rep, rejected = scanCounting(t, path) })
	used := (n + 999) / 1000
	if rep.Read != n+1 || rep.Used != used || rep.Rejected != n+1-used || rejected != rep.Rejected {
		t.Errorf("read %d used %d rejected %d (%d to the sink), want %d, %d, %d", rep.Read, rep.Used, rep.Rejected, rejected, n+1, used, n+1-used)
	}
	t.Logf("peak heap %d MB", peak>>20)
	// Bounded by the batches in flight, not by the file: 50 million such
	// lines take no more. The bound leaves room for the collector's
	// timing, and is under half of what either missing bound takes.
	if peak > 60<<20 {
		t.Errorf("peak heap %d MB reading a 750 KB file, want under 60 MB", peak>>20)
	}
}

// TestHugeField reads a row with a field of 12.5 MB, plain, quoted and with
// its quote left open: the row is read (or rejected) whole, the row after it
// is read, and memory stays within a small multiple of the field. Chunks are
// cut at 512 KB instead of 4 MB: the field spans 25 of them, as a 100 MB
// field spans 25 chunks of the default size, and the batches' buffers are
// the same share of the bound, at an eighth of the bytes to write and read.
// (At a quarter of this size the runtime's own heap is too large a share of
// the bound and the peaks came within 10 % of it.)
func TestHugeField(t *testing.T) {
	if testing.Short() {
		t.Skip("writes a 12.5 MB file")
	}
	const chunkBytes = 512 << 10
	const size = 25 * chunkBytes
	chunk := strings.Repeat("x", chunkBytes)
	for _, tt := range []struct {
		name, open, close string
		used              int
	}{
		{"plain", "", "", 2},
		{"quoted", `"`, `"`, 2},
		{"open quote", `"`, "", 1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			withBounds(t, chunkBytes, 1<<16, 1<<20)
			path := writeLines(t, "customer_id,order_date,amount,note\n", 1, func(w *bufio.Writer, _ int) {
				w.WriteString("a,2024-01-01,5," + tt.open)
				for range size / len(chunk) {
					w.WriteString(chunk)
				}
				w.WriteString(tt.close + "\nb,2024-01-02,6,y\n")
			})
			var rep *Report
			peak := peakHeap(func() { rep, _ = scanCounting(t, path) })
			if rep.Read != 2 || rep.Used != tt.used {
				t.Errorf("read %d used %d, want 2 and %d", rep.Read, rep.Used, tt.used)
			}
			t.Logf("peak heap %d MB", peak>>20)
			// The chunk, the unescaped field and the rejected row's copy,
			// and garbage the collector has not reached yet.
			if peak > 5*size {
				t.Errorf("peak heap %d MB for a field of %d MB, want under %d MB", peak>>20, size>>20, 5*size>>20)
			}
		})
	}
}
