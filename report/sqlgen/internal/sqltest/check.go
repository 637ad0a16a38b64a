package sqltest

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// Oracle checks a database's customer table against packages rfm and
// segment in process and, when Bin is set, against the rfm command run on
// the same rows written as CSV. Its Check may be called from parallel
// subtests.
type Oracle struct {
	// Bin is the rfm command; "" skips that comparison.
	Bin string
	// Dir holds the CSV inputs and scheme files written for Bin.
	Dir string
	// Rows counts the customer rows compared.
	Rows int
	// Runs counts the rfm command's runs compared.
	Runs int
	// Refused counts, by the command's message, the command lines that the
	// rfm command refused as usage errors (e.g. a scheme file before it takes
	// them); those cases are compared in process only.
	Refused map[string]int

	mu      sync.Mutex        // guards the counts and the files written
	inputs  map[string]string // table.variant → CSV input
	schemes map[string]string // case name → scheme file
}

// NewOracle returns an oracle that writes its files under dir and runs bin
// ("" for none).
func NewOracle(bin, dir string) *Oracle {
	return &Oracle{Bin: bin, Dir: dir, Refused: map[string]int{}, inputs: map[string]string{}, schemes: map[string]string{}}
}

// Check compares got, the database's result with its header, with what
// `rfm score` computes for table tb read as v under case c.
func (o *Oracle) Check(t *testing.T, tb Table, v Variant, c Case, got [][]string) {
	t.Helper()
	if head := HeaderFor(c.Opts); len(got) == 0 || strings.Join(got[0], ",") != strings.Join(head, ",") {
		t.Fatalf("header: got %q, want %q", got, head)
	}
	got = got[1:]
	want, err := Engine(tb.Rows, c.Opts, v)
	if err != nil {
		t.Fatal(err)
	}
	if d := Diff(got, want); d != "" {
		t.Errorf("the SQL and packages rfm and segment differ:\n%s", d)
	}
	o.count(func() { o.Rows += len(want) })
	if o.Bin == "" {
		return
	}
	input, schemeFile, err := o.files(tb, v, c)
	if err != nil {
		t.Fatal(err)
	}
	cli, err := RunScore(o.Bin, ScoreArgs(input, v, c.Opts, schemeFile))
	var unsupported ErrUnsupported
	if errors.As(err, &unsupported) {
		msg, _, _ := strings.Cut(unsupported.Stderr, "\n")
		o.count(func() { o.Refused[msg]++ })
		return
	}
	if err != nil {
		t.Fatal(err)
	}
	if d := Diff(got, cli); d != "" {
		t.Errorf("the SQL and the rfm command differ:\n%s", d)
	}
	o.count(func() { o.Runs++ })
}

// count updates the counts under the lock.
func (o *Oracle) count(f func()) {
	o.mu.Lock()
	defer o.mu.Unlock()
	f()
}

// files writes, once each, the CSV input of table tb read as v and the
// scheme file of case c ("" when its scheme is built in).
func (o *Oracle) files(tb Table, v Variant, c Case) (input, scheme string, err error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if input, err = o.input(tb, v); err != nil {
		return "", "", err
	}
	s := c.Opts.Scheme
	if s == nil || s.HighLow || s.Name == "rfgrid" {
		return input, "", nil
	}
	if p, ok := o.schemes[c.Name]; ok {
		return input, p, nil
	}
	p := filepath.Join(o.Dir, c.Name+".scheme.csv")
	if err := os.WriteFile(p, []byte(SchemeCSV(s)), 0o644); err != nil {
		return "", "", err
	}
	o.schemes[c.Name] = p
	return input, p, nil
}

// Summary says how much was compared, for the test log.
func (o *Oracle) Summary() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d customer rows compared with packages rfm and segment", o.Rows)
	if o.Bin != "" {
		fmt.Fprintf(&b, "; %d runs compared with the rfm command", o.Runs)
	}
	for msg, n := range o.Refused {
		fmt.Fprintf(&b, "\n%d cases not run through the rfm command, which refused them: %s", n, msg)
	}
	return b.String()
}

// input writes, once, the CSV input of table tb read as v; o.mu is held.
func (o *Oracle) input(tb Table, v Variant) (string, error) {
	key := tb.Name + "." + v.Name
	if p, ok := o.inputs[key]; ok {
		return p, nil
	}
	p := filepath.Join(o.Dir, key+".csv")
	if err := v.WriteCSV(p, tb.Rows); err != nil {
		return "", err
	}
	o.inputs[key] = p
	return p, nil
}
