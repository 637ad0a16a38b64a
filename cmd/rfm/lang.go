package main

import (
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
	"unicode"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"golang.org/x/text/width"

	"github.com/rfmtool/rfm/rfm/i18n"
)

// The interface's language: every word of help, notes, warnings, errors and
// terminal reports comes from the catalog of package i18n, in the language
// --lang names, else the locale's (LC_ALL, LC_MESSAGES, LANG: zh* is
// Chinese), else English. Class names are a result, not the interface: they
// stay in SPEC's default, Chinese, unless --lang en (or a scheme) says
// otherwise, so that a cron job's output does not change with the machine's
// locale.

// langs are a run's two languages.
type langs struct {
	// ui is the interface's language.
	ui i18n.Lang
	// flag is --lang, a persistent flag of every command.
	flag flagValue[i18n.Lang]
}

// names is the language of class, stage and tier names in the outputs:
// --lang when given, else Chinese.
func (l *langs) names() i18n.Lang {
	if l.flag.given() && l.flag.err == nil {
		return l.flag.v
	}
	return i18n.ZH
}

// interfaceLang returns the language of a run's interface before its command
// line is parsed (the help is built in it): --lang zh|en among the flags,
// else the locale of getenv, else English.
func interfaceLang(args []string, getenv func(string) string) i18n.Lang {
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			break
		}
		v, ok := strings.CutPrefix(a, "--lang=")
		if !ok && a == "--lang" && i+1 < len(args) {
			v, ok = args[i+1], true
		}
		if ok {
			if l, err := i18n.Parse(v); err == nil {
				return l
			}
			break
		}
	}
	l, _ := i18n.FromLocale(getenv)
	return l
}

// addLangFlag registers --lang on root, for every command.
func addLangFlag(root *cobra.Command, l *langs) {
	addFlag(root.PersistentFlags(), &l.flag, "lang", "", "language of the interface and the reports, and of class names: zh or en (default: the locale's language for the interface, Chinese class names)", func(s string) (i18n.Lang, error) {
		if s == "" {
			return l.ui, nil
		}
		v, err := i18n.Parse(s)
		return v, usageOf(err)
	})
}

// localize puts the help of c and its subcommands in l: short and long
// texts, examples and flag usages are keys of the catalog, as are cobra's
// own help and completion commands; the usage text is written by usage.
func localize(c *cobra.Command, l i18n.Lang) {
	seen := map[*pflag.Flag]bool{}
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		c.InitDefaultHelpFlag()
		c.Short = l.T(c.Short)
		c.Long = l.T(c.Long)
		c.Example = l.T(c.Example)
		each := func(f *pflag.Flag) {
			if seen[f] || f.Usage == "" {
				return
			}
			seen[f] = true
			if name, ok := strings.CutPrefix(f.Usage, "help for "); ok {
				f.Usage = l.Tf("help for %s", name)
				return
			}
			f.Usage = l.T(f.Usage)
		}
		c.PersistentFlags().VisitAll(each)
		c.Flags().VisitAll(each)
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(c)
	c.SetUsageFunc(func(c *cobra.Command) error { return usage(c.OutOrStderr(), c, l) })
}

// usage writes c's usage as cobra's default usage does, with its headings in
// l.
func usage(w io.Writer, c *cobra.Command, l i18n.Lang) error {
	var b strings.Builder
	b.WriteString(l.T("Usage:"))
	if c.Runnable() {
		fmt.Fprintf(&b, "\n  %s", useLine(c, l))
	}
	if c.HasAvailableSubCommands() {
		fmt.Fprintf(&b, "\n  %s %s", c.CommandPath(), l.T("[command]"))
	}
	if len(c.Aliases) > 0 {
		fmt.Fprintf(&b, "\n\n%s\n  %s", l.T("Aliases:"), c.NameAndAliases())
	}
	if c.HasExample() {
		fmt.Fprintf(&b, "\n\n%s\n%s", l.T("Examples:"), c.Example)
	}
	if c.HasAvailableSubCommands() {
		b.WriteString("\n\n" + l.T("Available Commands:"))
		for _, sub := range c.Commands() {
			if sub.IsAvailableCommand() || sub.Name() == "help" {
				fmt.Fprintf(&b, "\n  %-*s %s", sub.NamePadding(), sub.Name(), sub.Short)
			}
		}
	}
	if c.HasAvailableLocalFlags() {
		fmt.Fprintf(&b, "\n\n%s\n%s", l.T("Flags:"), flagUsages(c.LocalFlags(), l))
	}
	if c.HasAvailableInheritedFlags() {
		fmt.Fprintf(&b, "\n\n%s\n%s", l.T("Global Flags:"), flagUsages(c.InheritedFlags(), l))
	}
	if c.HasAvailableSubCommands() {
		b.WriteString("\n\n" + l.Tf("Use \"%s [command] --help\" for more information about a command.", c.CommandPath()))
	}
	b.WriteString("\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// useLine is c's use line with cobra's "[flags]" and "[command]" in l.
func useLine(c *cobra.Command, l i18n.Lang) string {
	s := c.UseLine()
	if l == i18n.EN {
		return s
	}
	return strings.NewReplacer("[flags]", l.T("[flags]"), "[command]", l.T("[command]")).Replace(s)
}

// defaultRE is pflag's note of a flag's default value, at the end of a line.
var defaultRE = regexp.MustCompile(` ?\(default (.*)\)$`)

// flagUsages is pflag's list of flags, its "(default …)" notes in l. pflag
// aligns the usages by bytes; in l they are aligned by columns, a Chinese
// character (of a translated placeholder) taking two.
func flagUsages(f *pflag.FlagSet, l i18n.Lang) string {
	s := strings.TrimRightFunc(f.FlagUsages(), unicode.IsSpace)
	if l == i18n.EN {
		return s
	}
	lines := strings.Split(s, "\n")
	// Every usage starts at the same byte, col, of its line: after the
	// flag's names and placeholder and three spaces or more; its next lines
	// are indented to col.
	col, names := 0, make([]string, len(lines))
	for i, line := range lines {
		if strings.HasPrefix(line, strings.Repeat(" ", 7)) {
			continue
		}
		start := strings.IndexByte(line, '-')
		if start < 0 {
			continue
		}
		end := start + strings.Index(line[start:]+"  ", "  ")
		names[i] = line[:end]
		if k := strings.LastIndexByte(names[i], ' '); k > start {
			// pflag's placeholder of the value's type: string, int, …
			if t, ok := typeWords[names[i][k+1:]]; ok {
				names[i] = names[i][:k+1] + l.T(t)
			}
		}
		if col == 0 && end < len(line) {
			col = end + len(line[end:]) - len(strings.TrimLeft(line[end:], " "))
		}
	}
	wide := 0
	for _, n := range names {
		wide = max(wide, columns(n))
	}
	for i, line := range lines {
		if names[i] != "" && col > 0 && len(line) >= col {
			line = names[i] + strings.Repeat(" ", wide+3-columns(names[i])) + line[col:]
		} else if col > 0 && len(line) >= col && strings.TrimLeft(line[:col], " ") == "" {
			line = strings.Repeat(" ", wide+3) + line[col:]
		}
		lines[i] = defaultRE.ReplaceAllStringFunc(line, func(m string) string {
			return l.Tf("(default %s)", defaultRE.FindStringSubmatch(m)[1])
		})
	}
	return strings.Join(lines, "\n")
}

// typeWords are the catalog keys of pflag's placeholders, by type name.
var typeWords = map[string]string{
	"string": "placeholder: text", "strings": "placeholder: list", "stringArray": "placeholder: text",
	"int": "placeholder: whole number", "uint": "placeholder: whole number", "float": "placeholder: number",
}

// columns is the width of s on a terminal: East Asian wide and full-width
// characters take two columns.
func columns(s string) int {
	n := 0
	for _, r := range s {
		switch width.LookupRune(r).Kind() {
		case width.EastAsianWide, width.EastAsianFullwidth:
			n += 2
		default:
			n++
		}
	}
	return n
}

// cobraMessages are the errors cobra and pflag write in English, as keys of
// the catalog: each pattern's groups become the key's %s arguments, so the
// English text is unchanged.
var cobraMessages = []struct {
	re  *regexp.Regexp
	key string
}{
	{regexp.MustCompile(`^unknown flag: (\S+)$`), "unknown flag: %s"},
	{regexp.MustCompile(`^unknown shorthand flag: ('.+') in (\S+)$`), "unknown shorthand flag: %s in %s"},
	{regexp.MustCompile(`^flag needs an argument: (.+)$`), "flag needs an argument: %s"},
	{regexp.MustCompile(`^bad flag syntax: (.+)$`), "bad flag syntax: %s"},
	{regexp.MustCompile(`^accepts (\d+) arg\(s\), received (\d+)$`), "accepts %s arg(s), received %s"},
	{regexp.MustCompile(`^requires at least (\d+) arg\(s\), only received (\d+)$`), "requires at least %s arg(s), only received %s"},
	{regexp.MustCompile(`^accepts at most (\d+) arg\(s\), received (\d+)$`), "accepts at most %s arg(s), received %s"},
	{regexp.MustCompile(`^accepts between (\d+) and (\d+) arg\(s\), received (\d+)$`), "accepts between %s and %s arg(s), received %s"},
	{regexp.MustCompile(`^required flag\(s\) (.+) not set$`), "required flag(s) %s not set"},
}

// cobraError returns err with cobra's or pflag's English text made a
// message of the catalog; an invalid flag value keeps its cause.
func cobraError(err error) error {
	var iv *pflag.InvalidValueError
	if errors.As(err, &iv) {
		name := "--" + iv.GetFlag().Name
		if sh := iv.GetFlag().Shorthand; sh != "" {
			name = "-" + sh + ", " + name
		}
		return i18n.Errorf("invalid argument %q for %q flag: %v", iv.GetValue(), name, flagCause{iv.Unwrap(), iv.GetFlag().Value.Type()})
	}
	msg := err.Error()
	for _, m := range cobraMessages {
		if g := m.re.FindStringSubmatch(msg); g != nil {
			args := make([]any, len(g)-1)
			for i, s := range g[1:] {
				args[i] = s
			}
			return i18n.Errorf(m.key, args...)
		}
	}
	return err
}

// flagCause is why a flag's value did not parse: strconv's text in English,
// the kind of value wanted in another language.
type flagCause struct {
	err error
	typ string
}

func (c flagCause) Error() string { return c.err.Error() }

func (c flagCause) Localize(l i18n.Lang) string {
	if l == i18n.EN {
		return c.err.Error()
	}
	switch c.typ {
	case "int", "int64", "uint", "uint64":
		return l.T("want a whole number")
	case "float64", "float32":
		return l.T("want a number")
	case "bool":
		return l.T("want true or false")
	case "duration":
		return l.T("want a duration such as 30s or 5m")
	}
	return l.Error(c.err)
}
