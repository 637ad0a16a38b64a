package main

import (
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
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
//
// "exec rfm ..." starts the command as a process; "inproc rfm ..." runs it
// in the test process (see inprocRFM), without the 10 ms of a process
// start. Commands that need a process of their own (standard input, a
// shell's redirection, a signal) use exec or sh.
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
	// Absolute: the in-process runs change the working folder while other
	// scripts are read.
	dir, err := filepath.Abs("../../testdata/script")
	if err != nil {
		t.Fatal(err)
	}
	testscript.Run(t, testscript.Params{
		Dir: dir,
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
		Cmds:          map[string]func(*testscript.TestScript, bool, []string){"inproc": inprocRFM},
		UpdateScripts: *update,
	})
}

// inprocMu serialises the in-process runs: each one works in its script's
// folder and sees its script's environment, and the working folder and the
// environment are the process's.
var inprocMu sync.Mutex

// inprocEnv are the variables the command or its libraries read from the
// process environment (os.CreateTemp's TMPDIR, SOURCE_DATE_EPOCH, the
// table library's terminal and locale variables) or that scripts set; an
// in-process run has them as its script has them, and the test process
// gets its own back afterwards. The command reads the rest through the
// getenv that runEnv is given, the script's.
var inprocEnv = []string{"TMPDIR", "HOME", "SOURCE_DATE_EPOCH", "TZ",
	"LANG", "LC_ALL", "LC_CTYPE", "LC_MESSAGES", "LANGUAGE",
	"TERM", "TERM_PROGRAM", "NO_COLOR", "RUNEWIDTH_EASTASIAN", "GOGC"}

// inprocRFM is the script command "inproc rfm ARGS": rfm ARGS run by run in
// the test process, in the script's current folder and environment, with
// empty standard input (as exec gives a command without a stdin line), its
// standard output and error kept for the stdout and stderr commands, and
// its exit status checked as exec checks it: not 0 fails the script, and
// with "!" 0 does.
func inprocRFM(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) == 0 || args[0] != "rfm" {
		ts.Fatalf("usage: inproc rfm [args]")
	}
	stdout, stderr := ts.Stdout(), ts.Stderr()
	code := func() int {
		inprocMu.Lock()
		defer inprocMu.Unlock()
		wd, err := os.Getwd()
		ts.Check(err)
		ts.Check(os.Chdir(ts.MkAbs(".")))
		defer os.Chdir(wd)
		for _, k := range inprocEnv {
			old, had := os.LookupEnv(k)
			if v := ts.Getenv(k); v != "" {
				os.Setenv(k, v)
			} else {
				os.Unsetenv(k)
			}
			if had {
				defer os.Setenv(k, old)
			} else {
				defer os.Unsetenv(k)
			}
		}
		gc := debug.SetGCPercent(-1)
		debug.SetGCPercent(gc)
		defer debug.SetGCPercent(gc)
		return runEnv(args[1:], ts.Getenv, strings.NewReader(""), stdout, stderr)
	}()
	switch {
	case code == 0 && neg:
		ts.Fatalf("unexpected rfm success")
	case code != 0 && !neg:
		ts.Fatalf("unexpected rfm failure: exit status %d", code)
	}
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
