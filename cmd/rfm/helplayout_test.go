package main

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"github.com/rfmtool/rfm/rfm/i18n"
)

// helpPaths returns every command's path: "", "score", "completion bash", …
func helpPaths() []string {
	var paths []string
	var walk func(c *cobra.Command, path string)
	walk = func(c *cobra.Command, path string) {
		paths = append(paths, path)
		for _, sub := range c.Commands() {
			walk(sub, strings.TrimSpace(path+" "+sub.Name()))
		}
	}
	walk(newRootCmd(streams{lang: &langs{ui: i18n.EN}}), "")
	return paths
}

// flagLineRE is a line of a flag list that names a flag: its names and
// placeholder, three spaces or more, its usage.
var flagLineRE = regexp.MustCompile(`^((?:  -\S, --|      --)\S.*?   +)\S`)

// TestChineseHelpLayout checks the Chinese help as a terminal shows it:
// every usage of a flag list starts at one column although placeholders
// such as 列名 take two columns a character, the next lines of a wrapped
// usage start there too, no line is wider than 80 columns apart from the
// examples and the list of commands, and cobra's [flags] and [command] are
// translated.
func TestChineseHelpLayout(t *testing.T) {
	for _, p := range helpPaths() {
		args := append([]string{"--lang", "zh"}, strings.Fields(p)...)
		args = append(args, "--help")
		var out, errb bytes.Buffer
		if code := runEnv(args, testEnv(nil), strings.NewReader(""), &out, &errb); code != 0 {
			t.Fatalf("rfm %s: exit %d: %s", strings.Join(args, " "), code, errb.String())
		}
		text := out.String()
		if strings.Contains(text, "[flags]") || strings.Contains(text, "[command]") {
			t.Errorf("rfm %s --help: cobra's [flags] or [command] untranslated:\n%s", p, text)
		}
		section, col := "", 0
		for _, line := range strings.Split(text, "\n") {
			switch {
			case line == "示例：" || line == "可用命令：":
				section = "examples"
				continue
			case line == "选项：" || line == "全局选项：":
				section, col = "flags", 0
				continue
			case line == "":
				section = ""
				continue
			}
			if section != "examples" && columns(line) > 80 {
				t.Errorf("rfm %s --help: line of %d columns:\n%s", p, columns(line), line)
			}
			if section != "flags" {
				continue
			}
			var start int
			if m := flagLineRE.FindStringSubmatchIndex(line); m != nil {
				start = columns(line[:m[3]])
			} else {
				start = columns(line) - columns(strings.TrimLeft(line, " "))
			}
			if col == 0 {
				col = start
			}
			if start != col {
				t.Errorf("rfm %s --help: usage at column %d, not %d:\n%s", p, start, col, line)
			}
		}
	}
}

// TestEnglishHelpUntranslated checks that the English help keeps cobra's
// words and pflag's layout.
func TestEnglishHelpUntranslated(t *testing.T) {
	var out, errb bytes.Buffer
	runEnv([]string{"score", "--help"}, testEnv(map[string]string{"LANG": "C"}), strings.NewReader(""), &out, &errb)
	for _, want := range []string{
		"Usage:\n  rfm score FILE [flags]\n",
		"\n      --amount-col column                amount column\n",
		"\n      --keep columns                     carry these columns to the output (e.g. email,name)\n",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("rfm score --help in English lacks %q:\n%s", want, out.String())
		}
	}
}
