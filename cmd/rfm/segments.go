package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"unicode/utf8"

	"github.com/spf13/cobra"
	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/rfmtool/rfm/report"
	"github.com/rfmtool/rfm/rfm/i18n"
	"github.com/rfmtool/rfm/segment"
)

// segmentsOptions holds the flags of `rfm segments`.
type segmentsOptions struct {
	scheme string // "" lists the built-in schemes
	check  bool
	bins   int
}

func newSegmentsCmd(s streams) *cobra.Command {
	o := &segmentsOptions{}
	cmd := &cobra.Command{
		Use:   "segments [SCHEME]",
		Short: "List the segment schemes, print a scheme's rules, or check a scheme file",
		Long: `Segments lists the built-in segment schemes. With a SCHEME — cn8, rfgrid or
a scheme FILE.csv — it prints the scheme's rules as a table: the scores that
name each segment, its tier and its recommended action.

A scheme file has the columns segment, r_min, r_max, f_min, f_max, m_min,
m_max (inclusive score ranges; an empty cell leaves that end open) and
optionally tier (A, B or C), zh and en (names per language), action, and
action_zh and action_en (the action per language). Rows are tried in order
and the first that contains a customer's scores names it; a customer that
matches none is Other (其他, tier C). Lines starting with # are comments.

--check validates a file against the N×N×N grid of scores (N = --bins) and
prints, per row, the cells it is the first match of, the rows that can never
match, and the cells that fall to Other. Warnings go to standard error; a
file with errors exits 1, each error with its line.

Exit status: 0 success, 1 failure (invalid scheme file, I/O error), 2 usage error.`,
		Example: `  rfm segments
  rfm segments cn8 --lang en
  rfm segments my-scheme.csv --check
  rfm segments my-scheme.csv --check --bins 3`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				o.scheme = args[0]
			}
			if err := o.validate(); err != nil {
				return err
			}
			return runSegments(cmd.Context(), s, o)
		},
	}
	f := cmd.Flags()
	f.BoolVar(&o.check, "check", false, "validate the scheme and print its coverage of the score grid")
	f.IntVar(&o.bins, "bins", 5, "score levels N the scheme is checked against, 2–9")
	return cmd
}

// validate checks every flag before any file is touched.
func (o *segmentsOptions) validate() error {
	if o.bins < 2 || o.bins > 9 {
		return usagef("--bins must be 2–9, got %d", o.bins)
	}
	if o.check && o.scheme == "" {
		return usagef("--check needs a scheme: rfm segments FILE.csv --check")
	}
	return nil
}

func runSegments(ctx context.Context, s streams, o *segmentsOptions) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if o.scheme == "" {
		return report.WriteSchemes(s.out, segment.Builtins(), s.lang.ui)
	}
	sch, err := openScheme(o.scheme, o.bins)
	if err != nil {
		return err
	}
	log := s.reporter(false)
	for _, w := range sch.WarningsIn(s.lang.ui) {
		log.notef("warning: %s", w)
	}
	if !o.check {
		return report.WriteRules(s.out, sch, s.lang.names(), s.lang.ui)
	}
	if err := sch.Fits(false, o.bins); err != nil {
		return usageError{err}
	}
	return report.WriteCoverage(s.out, sch, o.bins, s.lang.names(), s.lang.ui)
}

// loadScheme resolves --segments: a built-in name or a scheme file, which
// must fit the scores: rfgrid needs 5 levels, a file 1..bins scores.
func loadScheme(name string, meanMethod bool, bins int) (*segment.Scheme, error) {
	if s, ok := segment.Builtin(name); ok {
		if err := s.Fits(meanMethod, bins); err != nil {
			return nil, usageError{err}
		}
		return s, nil
	}
	if meanMethod {
		// A file's ranges are 1..N; the mean method's scores are 0/1.
		return nil, usagef("--segments %s: a scheme file needs 1..N scores, but --method mean scores are 0/1: use --segments cn8, or --method quantile with --bins N", name)
	}
	return openScheme(name, bins)
}

// openScheme returns a built-in scheme, or reads a scheme file for scores
// 1..bins. A file that is not UTF-8 is read as GB18030 (GBK), the encoding
// Excel saves CSV in on Chinese Windows.
func openScheme(name string, bins int) (*segment.Scheme, error) {
	if s, ok := segment.Builtin(name); ok {
		return s, nil
	}
	f, err := os.Open(name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, usagef("unknown segment scheme %q: not cn8 or rfgrid, and no such file", name)
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	// Parse refuses anything over 1 MiB; read one byte more to know.
	data, err := io.ReadAll(io.LimitReader(f, 1<<20+1))
	if err != nil {
		return nil, i18n.Errorf("%s: %w", name, err)
	}
	if !utf8.Valid(data) && !bytes.HasPrefix(data, []byte("\xEF\xBB\xBF")) {
		// Bytes that are not GB18030 either decode to U+FFFD: keep the file
		// as it is then, for Parse to refuse.
		if d, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data); err == nil && !bytes.ContainsRune(d, utf8.RuneError) {
			data = d
		}
	}
	return segment.Parse(bytes.NewReader(data), name, bins)
}
