package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
	"unicode"

	"github.com/spf13/cobra"
	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/rfmtool/rfm/rfm"
	"github.com/rfmtool/rfm/rfm/i18n"
	"github.com/rfmtool/rfm/segment"
)

// langSetting is one way a user picks the interface language.
type langSetting struct {
	name string
	env  map[string]string
	flag []string // before the command's own arguments
	want i18n.Lang
}

var langSettings = []langSetting{
	{"--lang zh", map[string]string{"LANG": "C"}, []string{"--lang", "zh"}, i18n.ZH},
	{"LANG=zh_CN.UTF-8", map[string]string{"LANG": "zh_CN.UTF-8"}, nil, i18n.ZH},
	{"LANG=C", map[string]string{"LANG": "C"}, nil, i18n.EN},
}

// commandPaths returns every command's path below the root: "", "score",
// "completion bash", …
func commandPaths() []string {
	var paths []string
	var walk func(c *cobra.Command, prefix []string)
	walk = func(c *cobra.Command, prefix []string) {
		paths = append(paths, strings.Join(prefix, " "))
		for _, sub := range c.Commands() {
			walk(sub, append(append([]string(nil), prefix...), sub.Name()))
		}
	}
	s := streams{lang: &langs{ui: i18n.EN}}
	walk(newRootCmd(s), nil)
	return paths
}

// badRun is a command line that fails (or warns), and the files it needs.
type badRun struct {
	name  string
	args  []string
	files map[string]string
}

func badRuns(dir string) []badRun {
	sample := filepath.Join("..", "..", "testdata", "orders.csv")
	return []badRun{
		{"missing file", []string{"score", filepath.Join(dir, "nope.csv")}, nil},
		{"directory", []string{"score", dir}, nil},
		{"bad --bins", []string{"score", sample, "--bins", "x"}, nil},
		{"--bins out of range", []string{"score", sample, "--bins", "12"}, nil},
		{"unknown flag", []string{"score", sample, "--binz", "5"}, nil},
		{"unknown command", []string{"scroe", sample}, nil},
		{"two inputs", []string{"score", sample, sample}, nil},
		{"no input", []string{"inspect"}, nil},
		{"bad --as-of", []string{"score", sample, "--as-of", "2024-13-01"}, nil},
		{"bad --method", []string{"score", sample, "--method", "median"}, nil},
		{"excel-bom without CSV", []string{"score", sample, "--excel-bom", "-o", filepath.Join(dir, "x.xlsx")}, nil},
		{"no customer column", []string{"score", filepath.Join(dir, "nocust.csv")}, map[string]string{"nocust.csv": "who,order_date,amount\na,2024-01-02,5\n"}},
		{"bad rows", []string{"score", filepath.Join(dir, "bad.csv"), "-o", filepath.Join(dir, "bad.out.csv")}, map[string]string{"bad.csv": "customer_id,order_date,amount\na,2024-01-02,5\nb,yesterday,5\nc,2024-01-03,lots\n,2024-01-03,4\n"}},
		{"bad rows strict", []string{"score", filepath.Join(dir, "bad.csv"), "--strict"}, nil},
		{"junk xlsx", []string{"score", filepath.Join(dir, "junk.xlsx")}, map[string]string{"junk.xlsx": "PK\x03\x04 not really a zip"}},
		{"bad --where", []string{"score", sample, "--where", "nothing"}, nil},
		{"--where unknown column", []string{"score", sample, "--where", "状态=成功"}, nil},
		{"bad scheme", []string{"segments", filepath.Join(dir, "scheme.csv"), "--check"}, map[string]string{"scheme.csv": "segment,r_min,r_max\nx,9,1\n"}},
		{"clv on a few customers", []string{"clv", filepath.Join(dir, "bad.csv")}, nil},
		{"diff of non-customer files", []string{"diff", sample, sample}, nil},
		{"sql without dialect", []string{"sql", "--table", "t"}, nil},
		{"split-by to a file", []string{"score", sample, "--split-by", "segment", "-o", sample}, nil},
		{"scheme with gaps", []string{"segments", filepath.Join(dir, "gaps.csv"), "--check"}, map[string]string{"gaps.csv": "segment,r_min,r_max,f_min,f_max,m_min,m_max\nTop,5,5,5,5,5,5\n"}},
		{"score with a scheme with gaps", []string{"score", sample, "--segments", filepath.Join(dir, "gaps.csv")}, nil},
		{"run a", []string{"score", sample, "-o", filepath.Join(dir, "a.csv"), "-q"}, nil},
		{"run b", []string{"score", sample, "-o", filepath.Join(dir, "b.csv"), "-q", "--method", "mean", "--as-of", "2024-05-01"}, nil},
		{"run c", []string{"score", sample, "-o", filepath.Join(dir, "c.csv"), "-q", "--tiers", "pareto", "--as-of", "2024-05-01"}, nil},
		{"diff of runs scored differently", []string{"diff", filepath.Join(dir, "b.csv"), filepath.Join(dir, "a.csv")}, nil},
		{"diff with warnings", []string{"diff", filepath.Join(dir, "a.csv"), filepath.Join(dir, "c.csv")}, nil},
		{"clv fits that fail", []string{"clv", sample}, nil},
	}
}

// goodRuns are command lines that succeed and print a report or notes.
func goodRuns(dir string) []badRun {
	sample := filepath.Join("..", "..", "testdata", "orders.csv")
	return []badRun{
		{"score table", []string{"score", sample}, nil},
		{"score csv", []string{"score", sample, "-o", filepath.Join(dir, "out.csv"), "--lifecycle", "--weights", "1,1,1"}, nil},
		{"inspect", []string{"inspect", sample}, nil},
		{"segments", []string{"segments"}, nil},
		{"segments cn8", []string{"segments", "cn8"}, nil},
		{"clv", []string{"clv", filepath.Join("testdata", "cdnow150.txt")}, nil},
		{"version", []string{"version"}, nil},
	}
}

// TestInterfaceLanguage runs every command's help, a set of bad inputs and
// the main reports under each way of choosing the language, and fails on
// any line in the other language (class names, column values and the
// project's names aside), and on any message looked up without a
// translation.
func TestInterfaceLanguage(t *testing.T) {
	var mu sync.Mutex
	missed := map[string]bool{}
	i18n.SetMissing(func(k string) { mu.Lock(); missed[k] = true; mu.Unlock() })
	defer i18n.SetMissing(nil)

	dir := t.TempDir()
	runs := badRuns(dir)
	for _, r := range runs {
		for name, text := range r.files {
			if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	runs = append(runs, goodRuns(dir)...)
	for _, p := range commandPaths() {
		args := append(strings.Fields(p), "--help")
		runs = append(runs, badRun{name: "help " + p, args: args})
	}
	allowHan := hanAllowed()
	for _, set := range langSettings {
		for _, r := range runs {
			args := append(append([]string(nil), set.flag...), r.args...)
			var out, errb bytes.Buffer
			runEnv(args, testEnv(set.env), strings.NewReader(""), &out, &errb)
			for _, stream := range []struct {
				name, text string
			}{{"stdout", out.String()}, {"stderr", errb.String()}} {
				if strings.HasPrefix(r.name, "sql") && stream.name == "stdout" {
					continue
				}
				if bad := misaligned(stream.text); bad != "" {
					t.Errorf("%s, %s (rfm %s): a table's lines differ in width:\n%s", set.name, r.name, strings.Join(r.args, " "), bad)
				}
				for _, line := range strings.Split(stream.text, "\n") {
					var bad string
					if set.want == i18n.ZH {
						bad = englishIn(line)
					} else {
						bad = chineseIn(line, allowHan)
					}
					if bad != "" {
						t.Errorf("%s, %s (rfm %s): %s line in the other language (%q):\n\t%s",
							set.name, r.name, strings.Join(r.args, " "), stream.name, bad, line)
					}
				}
			}
		}
	}
	var keys []string
	for k := range missed {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		t.Errorf("looked up without a Chinese translation: %q", k)
	}
}

// allowedWords are the ASCII words a Chinese line may hold: names of
// formats, methods, models and flag values, units and type placeholders.
var allowedWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`rfm RFM CSV csv XLSX xlsx HTML html SQL sql JSON json UTF utf GBK gbk gb18030 GB18030 BOM
		Excel WPS LibreOffice Windows macOS Linux ID id IDs R F M A B C N K BG NBD NBD/BG Gamma Pareto NBD MBG BB bgnbd bgbb mbgnbd pareto nbd
		zh en quantile rank thresholds mean median sum net ignore class tier segment lifecycle orders customers auto mdy dmy
		postgres duckdb bigquery spark PostgreSQL DuckDB BigQuery Spark cn8 rfgrid week day sheet mail
		string int strings stringArray float bool uint duration FILE DIR COL V1 V2 N
		MB KB GB GiB MiB KiB bash zsh fish powershell PowerShell cron SHA SHA-256 YYYY MM DD
		stdin stdout stderr LANG LC_ALL LC_MESSAGES CR LF TAB tab CLV clv P alive p_alive
		amount email name`) { // the last: the sample's column names, data
		allowedWords[w] = true
	}
}

var (
	quotedRE = regexp.MustCompile("\"[^\"]*\"|'[^']*'|`[^`]*`|“[^”]*”|「[^」]*」")
	tokenRE  = regexp.MustCompile(`[^\s,;:()（），；：、。]+`)
	wordRE   = regexp.MustCompile(`^[A-Za-z][a-z]+$`)
)

// englishIn returns the English words of a Chinese line: two or more
// ordinary English words in a row, or "" if there are none.
func englishIn(line string) string {
	line = quotedRE.ReplaceAllString(line, " ")
	if isCommandLine(line) {
		return ""
	}
	var run []string
	best := ""
	for _, tok := range tokenRE.FindAllString(line, -1) {
		tok = strings.TrimRight(tok, ".!?…")
		if wordRE.MatchString(tok) && !allowedWords[tok] {
			run = append(run, tok)
			if len(run) >= 2 && best == "" {
				best = strings.Join(run, " ")
			}
			continue
		}
		run = run[:0]
	}
	return best
}

// isCommandLine reports whether a help line is a shell command of an
// example, which stays as typed.
func isCommandLine(line string) bool {
	s := strings.TrimSpace(line)
	for _, p := range []string{"rfm ", "$ ", "source ", "echo ", "autoload ", "compdef ", "PS>", "&", "printf ", "./", "rfm\t"} {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return strings.Contains(s, "<(") || strings.Contains(s, ">>") || strings.Contains(s, "| ")
}

// chineseIn returns the first run of Han characters in an English line,
// outside quotes (input values), that is not a class, stage or header name,
// or "".
func chineseIn(line string, allowed map[string]bool) string {
	line = quotedRE.ReplaceAllString(line, " ")
	for _, run := range hanRuns(line) {
		if !allowed[run] {
			return run
		}
	}
	return ""
}

func hanRuns(s string) []string {
	var runs []string
	var b strings.Builder
	for _, r := range s + " " {
		if unicode.Is(unicode.Han, r) {
			b.WriteRune(r)
			continue
		}
		if b.Len() > 0 {
			runs = append(runs, b.String())
			b.Reset()
		}
	}
	return runs
}

// hanAllowed are the Chinese words an English line may hold: the built-in
// schemes' class names and actions and the stage names (data, in Chinese
// unless --lang en), and the Chinese in the English texts themselves
// (examples of Chinese headers and values).
func hanAllowed() map[string]bool {
	ok := map[string]bool{}
	add := func(s string) {
		for _, r := range hanRuns(s) {
			ok[r] = true
		}
	}
	for _, sc := range segment.Builtins() {
		for _, seg := range sc.Segments {
			add(seg.ZH)
			add(seg.ActionZH)
		}
	}
	add(segment.Other.ZH)
	add(segment.Other.ActionZH)
	for _, st := range rfm.Stages {
		add(st.ZH())
	}
	for k := range i18n.Keys() {
		add(k)
	}
	add("A级客户 B级客户 C级客户 其他")
	return ok
}

// misaligned returns the first two lines of a box-drawn table that differ in
// display width (a Han or full-width character is two columns, a box line
// one), or "".
func misaligned(text string) string {
	prev := ""
	for _, line := range strings.Split(text, "\n") {
		if !strings.ContainsAny(line, "┌│├└") {
			prev = ""
			continue
		}
		if prev != "" && displayWidth(line) != displayWidth(prev) {
			return prev + "\n" + line
		}
		prev = line
	}
	return ""
}

func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Han, r), r >= 0x3000 && r <= 0x303F, r >= 0xFF00 && r <= 0xFF60:
			n += 2
		default:
			n++
		}
	}
	return n
}

// TestGBKTerminal: in a GBK locale the messages are written in GB18030 (a
// GBK terminal reads them), while data on standard output that is not a
// terminal stays UTF-8.
func TestGBKTerminal(t *testing.T) {
	env := map[string]string{"LANG": "zh_CN.GBK"}
	var out, errb bytes.Buffer
	runEnv([]string{"score", filepath.Join(t.TempDir(), "nope.csv")}, testEnv(env), strings.NewReader(""), &out, &errb)
	got, err := simplifiedchinese.GB18030.NewDecoder().String(errb.String())
	if err != nil || !strings.Contains(got, "：文件或文件夹不存在") {
		t.Errorf("stderr in a GBK locale, decoded from GB18030: %q (%v)", got, err)
	}
	out.Reset()
	runEnv([]string{"score", filepath.Join("..", "..", "testdata", "orders.csv"), "-o", "-", "-q"}, testEnv(env), strings.NewReader(""), &out, &errb)
	if !strings.Contains(out.String(), ",重要价值客户,A\n") {
		t.Errorf("the CSV on standard output is not UTF-8:\n%.300s", out.String())
	}
}

// testEnv is the environment of an in-process run: the locale of env (none
// when env leaves it out), the rest of the test process's environment, so
// that its GOGC keeps a run from lowering the test binary's GC target.
func testEnv(env map[string]string) func(string) string {
	return func(k string) string {
		if v, ok := env[k]; ok {
			return v
		}
		switch k {
		case "LC_ALL", "LC_MESSAGES", "LC_CTYPE", "LANG":
			return ""
		}
		return os.Getenv(k)
	}
}
