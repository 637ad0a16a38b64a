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

	// One go list for the three packages: a line each, the package, its
	// dependencies and its direct imports separated by tabs.
	lines := goList(t, "{{.ImportPath}}\t{{join .Deps \" \"}}\t{{join .Imports \" \"}}", domain...)
	if len(lines) != len(domain) {
		t.Fatalf("go list printed %d packages, want %d:\n%s", len(lines), len(domain), strings.Join(lines, "\n"))
	}
	for _, line := range lines {
		fields := strings.Split(line, "\t")
		if len(fields) != 3 || len(strings.Fields(fields[1])) == 0 {
			t.Fatalf("go list printed %q, want a package, its dependencies and its imports", line)
		}
		pkg := fields[0]
		for _, d := range strings.Fields(fields[1]) {
			for _, f := range forbiddenDeps {
				if d == f || strings.HasPrefix(d, f+"/") {
					t.Errorf("%s depends on %s; the domain packages must not", pkg, d)
				}
			}
		}
		for _, d := range strings.Fields(fields[2]) {
			for _, f := range forbiddenDirect {
				if d == f {
					t.Errorf("%s imports %s; the domain packages take files and dates as values", pkg, d)
				}
			}
		}
	}
}

// goList runs go list with a template on packages and returns its lines.
func goList(t *testing.T, format string, pkgs ...string) []string {
	t.Helper()
	out, err := exec.Command("go", append([]string{"list", "-f", format}, pkgs...)...).Output()
	if err != nil {
		if ee, ok := err.(*exec.ExitError); ok {
			t.Fatalf("go list %s: %v\n%s", strings.Join(pkgs, " "), err, ee.Stderr)
		}
		t.Fatalf("go list %s: %v", strings.Join(pkgs, " "), err)
	}
	var lines []string
	for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		if l != "" {
			lines = append(lines, l)
		}
	}
	if len(lines) == 0 {
		t.Fatalf("go list %s printed nothing", strings.Join(pkgs, " "))
	}
	return lines
}
