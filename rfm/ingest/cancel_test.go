package ingest

import (
	"context"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/rfmtool/rfm/rfm"
)

// pipeSource is a CSV table whose input comes from a pipe that the test
// writes, as from a slow disk or a named pipe.
type pipeSource struct{ r *io.PipeReader }

func (p pipeSource) Open() (*Table, error) {
	t, err := openCSV(p.r, File{Path: "pipe.csv"})
	if err != nil {
		return nil, err
	}
	t.closer = p.r
	return t, nil
}

// TestScanStopsWhenCancelled checks that a cancelled scan returns the
// context's error at once, also while it waits for input that does not come.
func TestScanStopsWhenCancelled(t *testing.T) {
	for _, seq := range []bool{false, true} {
		r, w := io.Pipe()
		go func() {
			w.Write([]byte("customer_id,order_date,amount\n" + strings.Repeat("a,2024-01-01,1\n", 200000)))
			// The writer stays open: once past the header and the first
			// megabyte it opens with, the reader waits for more.
		}()
		ctx, cancel := context.WithCancel(context.Background())
		errc := make(chan error, 1)
		go func() {
			_, _, err := Scan(ctx, pipeSource{r}, Options{AsOf: rfm.NoDate, Sequential: seq}, rfm.ReturnsNet)
			errc <- err
		}()
		time.Sleep(50 * time.Millisecond)
		cancel()
		select {
		case err := <-errc:
			if !errors.Is(err, context.Canceled) {
				t.Errorf("sequential=%v: got %v, want %v", seq, err, context.Canceled)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("sequential=%v: the scan did not stop when cancelled", seq)
		}
		w.Close()
	}
}
