package main

import (
	"bytes"
	"os"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"
)

// TestCronRecipeInREADME checks that the script and crontab that
// testdata/script/cron.txtar runs are the ones the README shows, character
// for character, so that the documented recipe is the tested one.
func TestCronRecipeInREADME(t *testing.T) {
	a, err := txtar.ParseFile("../../testdata/script/cron.txtar")
	if err != nil {
		t.Fatal(err)
	}
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(readme, []byte("### Weekly runs with cron")) {
		t.Skip("README.md has no section \"Weekly runs with cron\" yet")
	}
	for _, name := range []string{"weekly-rfm.sh", "crontab"} {
		var data []byte
		for _, f := range a.Files {
			if f.Name == name {
				data = f.Data
			}
		}
		if data == nil {
			t.Fatalf("cron.txtar has no %s", name)
		}
		// A fenced block of the README holds exactly the file.
		if !bytes.Contains(readme, append(append([]byte("```\n"), data...), "```\n"...)) &&
			!bytes.Contains(readme, append(append([]byte("```sh\n"), data...), "```\n"...)) {
			t.Errorf("README.md does not show %s as cron.txtar runs it:\n%s", name, data)
		}
	}
}
