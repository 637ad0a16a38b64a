package rfm_test

import (
	"os/exec"
	"strings"
	"testing"
)

// TestLayering checks the promise of the package docs: the domain packages
// (the scoring core, the lifetime value models and the segment schemes) are
// pure. They import nothing of the command, nothing that writes reports, and
// none of the adapters' libraries, not even through another package; and
// they neither touch files nor read the clock themselves.
func TestLayering(t *testing.T) {
	domain := []string{
		"github.com/rfmtool/rfm/rfm",
		"github.com/rfmtool/rfm/rfm/clv",
		"github.com/rfmtool/rfm/segment",
	}
	forbiddenDeps := []string{
		"github.com/rfmtool/rfm/cmd",
		"github.com/rfmtool/rfm/report",
		"github.com/rfmtool/rfm/rfm/ingest",
		"github.com/spf13/cobra",
		"github.com/spf13/pflag",
		"github.com/xuri/excelize",
		"github.com/gocarina/gocsv",
		"github.com/olekukonko/tablewriter",
	}
	// The standard library's own packages import os and time, so these are
	// checked among a package's direct imports only.
	forbiddenDirect := []string{"os", "os/exec", "time", "net", "net/http"}

	for _, pkg := range domain {
		deps := goList(t, "{{join .Deps \"\\n\"}}", pkg)
		for _, d := range deps {
			for _, f := range forbiddenDeps {
				if d == f || strings.HasPrefix(d, f+"/") {
					t.Errorf("%s depends on %s; the domain packages must not", pkg, d)
				}
			}
		}
		for _, d := range goList(t, "{{join .Imports \"\\n\"}}", pkg) {
			for _, f := range forbiddenDirect {
				if d == f {
					t.Errorf("%s imports %s; the domain packages take files and dates as values", pkg, d)
				}
			}
		}
	}
}

// goList runs go list with a template on one package and returns its lines.
func goList(t *testing.T, format, pkg string) []string {
	t.Helper()
	out, err := exec.Command("go", "list", "-f", format, pkg).Output()
	if err != nil {
		if ee, ok := err.(*exec.ExitError); ok {
			t.Fatalf("go list %s: %v\n%s", pkg, err, ee.Stderr)
		}
		t.Fatalf("go list %s: %v", pkg, err)
	}
	var lines []string
	for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		if l != "" {
			lines = append(lines, l)
		}
	}
	if len(lines) == 0 {
		t.Fatalf("go list %s printed nothing", pkg)
	}
	return lines
}
