package main

import (
	"os"
	"runtime/debug"
	"strconv"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

// TestMain lets the test binary act as the rfm command inside scripts.
func TestMain(m *testing.M) {
	testscript.Main(gcDefault{m}, map[string]func(){
		"rfm": func() { os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) },
	})
}

// gcDefault runs the tests with GOGC=100 unless GOGC is set. Without it the
// first in-process run would lower the whole test binary's GC target to
// 25 %, as the command does for its peak memory (see runEnv), and the
// collector would take a third of the tests' CPU. The test binary's own
// process and the processes it starts itself see the setting; the scripts'
// rfm commands get testscript's environment and scriptGC's settings.
type gcDefault struct{ m *testing.M }

func (g gcDefault) Run() int {
	if os.Getenv("GOGC") == "" {
		os.Setenv("GOGC", "100")
	}
	// In-process runs read the interface language from the environment:
	// the tests run without a locale, and those that need a language say
	// which (scripts' rfm commands get testscript's environment).
	for _, k := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		os.Unsetenv(k)
	}
	return g.m.Run()
}

// TestScripts runs the CLI scenarios in testdata/script/*.txtar: each holds
// its input files, the commands, and the expected output and exit status.
// Every script starts with the bundled testdata/orders.csv and
// testdata/xlsx-orders.xlsx in its work folder, under those names, and
// the 150-customer CDNOW excerpt cmd/rfm/testdata/cdnow150.txt.
func TestScripts(t *testing.T) {
	restoreGC()
	sample, err := os.ReadFile("../../testdata/orders.csv")
	if err != nil {
		t.Fatal(err)
	}
	book, err := os.ReadFile("../../testdata/xlsx-orders.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	cdnow, err := os.ReadFile("testdata/cdnow150.txt")
	if err != nil {
		t.Fatal(err)
	}
	testscript.Run(t, testscript.Params{
		Dir: "../../testdata/script",
		Setup: func(env *testscript.Env) error {
			scriptGC(env)
			if err := os.WriteFile(env.WorkDir+"/orders.csv", sample, 0o644); err != nil {
				return err
			}
			if err := os.WriteFile(env.WorkDir+"/cdnow150.txt", cdnow, 0o644); err != nil {
				return err
			}
			return os.WriteFile(env.WorkDir+"/xlsx-orders.xlsx", book, 0o644)
		},
		UpdateScripts: *update,
	})
}

// restoreGC sets the test binary's GC target back to $GOGC (100, see
// gcDefault). An in-process runEnv given an environment without GOGC, as the
// help-layout and interface-language tests give theirs, sets the command's
// 25 % for the whole test binary, and every in-process run after it (the
// cross-check, all the parallel tests) then spent a third of its CPU in the
// collector. TestScripts runs after those tests and before the parallel
// ones. What a command writes does not depend on it.
func restoreGC() {
	if n, err := strconv.Atoi(os.Getenv("GOGC")); err == nil {
		debug.SetGCPercent(n)
	}
}

// scriptGC turns the collector off in the scripts' rfm processes, up to a
// heap of 256 MiB: each handles a few kilobytes, and the command's own GC
// target of 25 % made collection a third of the 400 runs' CPU. What a
// command writes does not depend on it.
func scriptGC(env *testscript.Env) {
	env.Setenv("GOGC", "off")
	env.Setenv("GOMEMLIMIT", "256MiB")
}
