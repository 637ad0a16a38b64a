package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"syscall"

	"github.com/olekukonko/tablewriter/pkg/twwidth"
	"github.com/spf13/cobra"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/transform"

	"github.com/rfmtool/rfm/rfm/i18n"
)

// version is the tool's version, reported by `rfm version` and in reports.
const version = "0.1.0"

// Exit statuses.
const (
	exitOK      = 0
	exitFailure = 1
	exitUsage   = 2
	// exitWarned: every output written, with warnings that change what was
	// published (a warnedError), printed even with --quiet.
	exitWarned = 3
)

// usageError marks a mistake in the command line: usage is printed and the
// exit status is 2.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

// Localize returns the mistake in l.
func (e usageError) Localize(l i18n.Lang) string { return l.Error(e.err) }

func usagef(format string, a ...any) error { return usageError{i18n.Errorf(format, a...)} }

func newRootCmd(s streams) *cobra.Command {
	root := &cobra.Command{
		Use:   "rfm",
		Short: "RFM customer scoring and segmentation from transaction exports",
		Long: `rfm reads a transaction export (CSV or XLSX, English or Chinese headers,
UTF-8 or GBK) and gives every customer recency, frequency and monetary value,
1–5 scores, one of eight RFM classes (重要价值客户 … 一般挽留客户) and an A/B/C tier.

Exit status: 0 success, 1 failure (bad input, I/O error), 2 usage error,
3 done with a warning that changes what was published (printed even with
--quiet).`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetIn(s.in)
	root.SetOut(s.out)
	root.SetErr(s.err)
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error { return usageError{cobraError(err)} })
	addLangFlag(root, s.lang)
	root.PersistentPreRunE = func(c *cobra.Command, args []string) error { return s.lang.flag.check() }
	root.AddCommand(
		newScoreCmd(s),
		newInspectCmd(s),
		newCLVCmd(s),
		newSQLCmd(s),
		newSegmentsCmd(s),
		newDiffCmd(s),
		newVersionCmd(s),
	)
	// Without a subcommand rfm shows its help; an unknown one is a usage
	// error, as is every command's wrong number of arguments.
	root.Args = func(c *cobra.Command, args []string) error {
		if len(args) == 0 {
			return nil
		}
		if sug := c.SuggestionsFor(args[0]); len(sug) > 0 {
			return usagef("unknown command %q for %q; did you mean %s?", args[0], c.CommandPath(), orList(sug))
		}
		return usagef("unknown command %q for %q", args[0], c.CommandPath())
	}
	root.RunE = func(c *cobra.Command, args []string) error { return c.Help() }
	root.InitDefaultHelpCmd()
	root.InitDefaultCompletionCmd()
	argsAreUsage(root)
	localize(root, s.lang.ui)
	return root
}

// orList is a list of names written "a or b", in a message's language.
type orList []string

func (o orList) String() string { return strings.Join(o, " or ") }

// Localize joins the names with l's "or".
func (o orList) Localize(l i18n.Lang) string { return strings.Join(o, l.T(" or ")) }

// argsAreUsage makes the argument checks of c and its subcommands return
// usage errors.
func argsAreUsage(c *cobra.Command) {
	if check := c.Args; check != nil {
		c.Args = func(c *cobra.Command, args []string) error {
			if err := check(c, args); err != nil {
				var ue usageError
				if errors.As(err, &ue) {
					return err
				}
				return usageError{cobraError(err)}
			}
			return nil
		}
	}
	for _, sub := range c.Commands() {
		argsAreUsage(sub)
	}
}

// run executes the command line and returns the exit status.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return runEnv(args, os.Getenv, stdin, stdout, stderr)
}

// runEnv is run with the environment read through getenv.
func runEnv(args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) int {
	if gbCodeset(getenv) {
		// A GBK (or GB18030) terminal: messages in its encoding, and
		// standard output too when it is that terminal; data sent to a
		// file or a pipe stays UTF-8, as SPEC §6 writes it.
		e := transform.NewWriter(stderr, simplifiedchinese.GB18030.NewEncoder())
		defer e.Close()
		stderr = e
		if isTerminal(stdout) {
			o := transform.NewWriter(stdout, simplifiedchinese.GB18030.NewEncoder())
			defer o.Close()
			stdout = o
		}
	}
	return runStreams(args, getenv, stdin, stdout, stderr)
}

// gbCodeset reports whether the locale's character set (LC_ALL, LC_CTYPE,
// LANG: zh_CN.GBK, zh_CN.GB18030, …) is one of the GB family.
func gbCodeset(getenv func(string) string) bool {
	for _, k := range []string{"LC_ALL", "LC_CTYPE", "LANG"} {
		v := getenv(k)
		if v == "" {
			continue
		}
		_, cs, _ := strings.Cut(v, ".")
		cs, _, _ = strings.Cut(cs, "@")
		switch strings.ReplaceAll(strings.ToLower(cs), "-", "") {
		case "gbk", "gb2312", "gb18030", "euccn", "cp936":
			return true
		}
		return false
	}
	return false
}

// runStreams is runEnv with the streams in their final encoding.
func runStreams(args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) int {
	if getenv("GOGC") == "" {
		// The heap is mostly large pointer-free tables, cheap to collect: a
		// low target keeps peak memory near what is live (10M rows of 1M
		// customers: 450 MB instead of 580 MB) for a few percent of time.
		debug.SetGCPercent(25)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	out := &checkedWriter{w: stdout}
	if getenv("RUNEWIDTH_EASTASIAN") == "" {
		// The terminal tables' box lines are one column wide, as terminals
		// draw them today, also in a Chinese locale (where the table
		// library would count them as two and draw them half as long);
		// RUNEWIDTH_EASTASIAN=1 asks for the old CJK width.
		twwidth.SetEastAsian(false)
	}
	lang := &langs{ui: interfaceLang(args, getenv)}
	s := streams{in: stdin, out: out, err: stderr, today: localToday, lang: lang}
	root := newRootCmd(s)
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	warned := errors.As(err, new(warnedError))
	if warned {
		err = nil
	}
	if err == nil && out.err != nil {
		// A report that did not reach standard output (a full disk, a
		// closed pipe) is a failure, whichever writer dropped the error.
		err = i18n.Errorf("writing standard output: %w", out.err)
	}
	if err == nil && warned {
		return exitWarned
	}
	if err == nil {
		return exitOK
	}
	if ctx.Err() != nil && errors.Is(err, context.Canceled) {
		// Not "context canceled": the files being written were removed.
		fmt.Fprintln(stderr, "rfm: "+lang.ui.T("interrupted"))
		return 130
	}
	if errors.As(err, new(reportedError)) && out.err == nil {
		// The report on standard output gives the reason already.
		return exitFailure
	}
	fmt.Fprintf(stderr, "rfm: %s\n", lang.ui.Error(err))
	var ue usageError
	if errors.As(err, &ue) {
		if c, _, ferr := root.Find(args); ferr == nil && c != nil {
			fmt.Fprintln(stderr, lang.ui.Tf("Run '%s --help' for usage.", c.CommandPath()))
		}
		return exitUsage
	}
	if ctx.Err() != nil {
		return 130
	}
	return exitFailure
}

func newVersionCmd(s streams) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			_, err := fmt.Fprintf(s.out, "rfm %s\n", version)
			return err
		},
	}
}
