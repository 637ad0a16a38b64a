package report

import (
	"bytes"
	"fmt"
	"slices"
	"testing"

	"github.com/rfmtool/rfm/segment"
)

// TestWriteSplitCSVBlocks writes a split file of more lines than a block of
// the writer's (formatted on every core, written in order), with and without
// kept values: each line is the customer's kept values, then its line of
// the customer file.
func TestWriteSplitCSVBlocks(t *testing.T) {
	base := lifecycleResult(t, segment.EN)
	r := *base
	r.Customers, r.Assigned.Segment, r.Assigned.Tier, r.Lifecycle = nil, nil, nil, &Lifecycle{}
	for k := 0; len(r.Customers) < 40000; k++ {
		for i, c := range base.Customers {
			c.ID = fmt.Sprintf("%s-%05d", c.ID, k)
			r.Customers = append(r.Customers, c)
			r.Assigned.Segment = append(r.Assigned.Segment, base.Assigned.Segment[i])
			r.Assigned.Tier = append(r.Assigned.Tier, base.Assigned.Tier[i])
			r.Lifecycle.Lives = append(r.Lifecycle.Lives, base.Lifecycle.Lives[i])
		}
	}
	var rows []int
	for i := range r.Customers {
		if i%3 != 1 {
			rows = append(rows, i)
		}
	}
	for _, kept := range []bool{false, true} {
		if kept {
			r.Kept = []string{"email"}
			r.Customers = slices.Clone(r.Customers)
			for i := range r.Customers {
				r.Customers[i].Kept = []string{fmt.Sprintf("=c%d@example.com", i)}
			}
		}
		plain := r
		plain.Customers = slices.Clone(r.Customers)
		for i := range plain.Customers {
			plain.Customers[i].Kept = nil
		}
		var got, want bytes.Buffer
		if err := WriteSplitCSV(&got, &r, rows, CSVOptions{Guard: GuardSheet}); err != nil {
			t.Fatal(err)
		}
		head, _, _ := bytes.Cut(got.Bytes(), []byte("\n"))
		want.Write(append(head, '\n'))
		for _, i := range rows {
			var b []byte
			for _, k := range r.Customers[i].Kept {
				b = append(appendField(b, GuardSheet.Guard(k)), ',')
			}
			want.Write(AppendCustomer(b, &plain, i, GuardSheet))
		}
		if !bytes.Equal(got.Bytes(), want.Bytes()) {
			g, w := bytes.Split(got.Bytes(), []byte("\n")), bytes.Split(want.Bytes(), []byte("\n"))
			for k := range min(len(g), len(w)) {
				if !bytes.Equal(g[k], w[k]) {
					t.Fatalf("kept %v: line %d is %q, want %q", kept, k+1, g[k], w[k])
				}
			}
			t.Fatalf("kept %v: %d lines, want %d", kept, len(g), len(w))
		}
	}
}
