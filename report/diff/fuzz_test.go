package diff

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/rfmtool/rfm/rfm/ingest"
)

// FuzzReadCustomerFile feeds rfm diff's reader of customer files arbitrary
// text: it must return a file or an error, never panic, and a file it reads
// compared with itself shows no movement.
func FuzzReadCustomerFile(f *testing.F) {
	f.Add(thisWeek)
	f.Add(lastWeek)
	f.Add("customer_id," + hdr + "A,1,1,1.00,2024-01-01,2024-01-01,1,1,1,111,3,x,C\n")
	f.Add("customer_id," + hdr + "A,1,1,-0.5,2024-01-01,2024-01-01,9,9,9,999,27,x,\n")
	f.Add("customer_id,lifecycle," + hdr + "A,沉睡客户,1,1,1.00,2024-01-01,2024-01-01,1,1,1,111,3,x,C\nB,lapsed,1,1,1.00,2024-01-01,2024-01-01,1,1,1,111,3,x,C\n")
	// One file, rewritten for every input: a worker runs them one by one.
	path := filepath.Join(f.TempDir(), "c.csv")
	f.Fuzz(func(t *testing.T, text string) {
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		tab, err := ingest.File{Path: path}.Open()
		if err != nil {
			return
		}
		defer tab.Close()
		cf, err := ReadCustomerFile(tab)
		if err != nil {
			return
		}
		d, err := Compare(cf, cf)
		if err != nil {
			return // e.g. a customer listed twice
		}
		if c := d.Counts; c.Up != 0 || c.Down != 0 || c.New != 0 || c.Gone != 0 || c.Changed != 0 {
			t.Fatalf("a file compared with itself moved: %+v", c)
		}
		if st := d.Stages; st != nil {
			for a := range st.Matrix {
				for b, n := range st.Matrix[a] {
					if a != b && n != 0 {
						t.Fatalf("a file compared with itself changed stage: %v", st.Matrix)
					}
				}
			}
		}
	})
}
