package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"
)

// cronHeading is the README section that shows the weekly recipe.
const cronHeading = "### Weekly runs with cron\n"

// cronFiles extracts the recipe from the README's section "Weekly runs with
// cron": the fenced block that starts with #!/bin/sh is weekly-rfm.sh, the
// one that starts with the crontab's comment line is the crontab. A missing
// section or block is an error, never a skip: the recipe must not go
// untested because a heading was renamed.
func cronFiles(readme string) (map[string][]byte, error) {
	i := strings.Index(readme, cronHeading)
	if i < 0 {
		return nil, fmt.Errorf("README.md has no section %q: the weekly recipe cannot be checked", strings.TrimSpace(cronHeading))
	}
	files := map[string][]byte{}
	for _, block := range fencedBlocks(cutSection(readme[i+len(cronHeading):])) {
		switch {
		case strings.HasPrefix(block, "#!/bin/sh\n"):
			files["weekly-rfm.sh"] = []byte(block)
		case strings.HasPrefix(block, "# m  h  dom mon dow"):
			files["crontab"] = []byte(block)
		}
	}
	for _, name := range []string{"weekly-rfm.sh", "crontab"} {
		if files[name] == nil {
			return nil, fmt.Errorf("README.md's section %q shows no %s", strings.TrimSpace(cronHeading), name)
		}
	}
	return files, nil
}

// cutSection returns text up to the next Markdown heading that is not inside
// a fenced block.
func cutSection(text string) string {
	fenced := false
	off := 0
	for _, line := range strings.SplitAfter(text, "\n") {
		if strings.HasPrefix(line, "```") {
			fenced = !fenced
		} else if !fenced && strings.HasPrefix(line, "#") {
			return text[:off]
		}
		off += len(line)
	}
	return text
}

// fencedBlocks returns the contents of the fenced code blocks of text.
func fencedBlocks(text string) []string {
	var blocks []string
	var cur *strings.Builder
	for _, line := range strings.SplitAfter(text, "\n") {
		switch {
		case strings.HasPrefix(line, "```") && cur == nil:
			cur = &strings.Builder{}
		case strings.HasPrefix(line, "```"):
			blocks = append(blocks, cur.String())
			cur = nil
		case cur != nil:
			cur.WriteString(line)
		}
	}
	return blocks
}

// TestCronRecipeInREADME checks that the scripts that run the recipe —
// cron.txtar and cron_retail.txtar, and any other testdata/script/*.txtar
// with a weekly-rfm.sh — run the script the README shows, character for
// character, so that the documented recipe is the tested one; cron.txtar
// carries the crontab too.
func TestCronRecipeInREADME(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	want, err := cronFiles(string(readme))
	if err != nil {
		t.Fatal(err)
	}
	required := map[string][]string{
		"cron.txtar":        {"weekly-rfm.sh", "crontab"},
		"cron_retail.txtar": {"weekly-rfm.sh"},
	}
	scripts, err := filepath.Glob("../../testdata/script/*.txtar")
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range scripts {
		base := filepath.Base(path)
		a, err := txtar.ParseFile(path)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string][]byte{}
		for _, f := range a.Files {
			got[f.Name] = f.Data
		}
		for _, name := range required[base] {
			if got[name] == nil {
				t.Errorf("%s has no %s", base, name)
			}
		}
		delete(required, base)
		for name, data := range want {
			if g, ok := got[name]; ok && !bytes.Equal(g, data) {
				t.Errorf("%s runs another %s than README.md shows:\n%s", base, name, g)
			}
		}
	}
	for base := range required {
		t.Errorf("testdata/script/%s is missing: the README's recipe is not run", base)
	}
}

// TestCronSectionParsing checks the extraction itself: the section ends at
// the next heading outside a code block, and a renamed heading or a missing
// block is an error, which fails TestCronRecipeInREADME.
func TestCronSectionParsing(t *testing.T) {
	script := "#!/bin/sh\necho hi\n# not a heading\n"
	tab := "# m  h  dom mon dow  command\n"
	doc := "intro\n" + cronHeading + "text\n```sh\n" + script + "```\n\n```\n" + tab + "```\n## Next\n```sh\n#!/bin/sh\nother\n```\n"
	files, err := cronFiles(doc)
	if err != nil || string(files["weekly-rfm.sh"]) != script || string(files["crontab"]) != tab {
		t.Errorf("got %q, %v; want the script and crontab of the section", files, err)
	}
	for name, bad := range map[string]string{
		"renamed heading": strings.Replace(doc, cronHeading, "### Weekly runs\n", 1),
		"no crontab":      strings.Replace(doc, tab, "", 1),
		"script outside":  strings.Replace(doc, "```sh\n"+script+"```\n", "", 1),
	} {
		if _, err := cronFiles(bad); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}
