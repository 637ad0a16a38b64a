package report

import (
	"bytes"
	"reflect"
	"strings"
	"testing"

	"github.com/rfmtool/rfm/segment"
)

func TestSettingsRoundTrip(t *testing.T) {
	s := &Settings{Format: SettingsFormat, Method: "quantile", Bins: 5, Segments: SchemeSettingsOf(segment.CN8()), Kept: []string{"email"}}
	var b bytes.Buffer
	if err := WriteSettings(&b, s); err != nil {
		t.Fatal(err)
	}
	back, err := ReadSettings(&b)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(s, back) {
		t.Errorf("got %+v, want %+v", back, s)
	}
	if _, err := ReadSettings(strings.NewReader(`{"format":"other/9"}`)); err == nil {
		t.Error("another format was accepted")
	}
	// The digest depends on the rules, not on the name.
	a, g := SchemeSettingsOf(segment.CN8()), SchemeSettingsOf(segment.RFGrid())
	if a.Digest == g.Digest {
		t.Error("cn8 and rfgrid have the same digest")
	}
	if len(a.Classes) != 8 || a.Classes[0].Slug != "important-value" || a.Classes[7].Slug != "general-win-back" {
		t.Errorf("cn8 classes %+v", a.Classes)
	}
	if len(g.Classes) != 11 || g.Classes[10].Slug != "other" {
		t.Errorf("rfgrid classes end with %+v, want Other", g.Classes[len(g.Classes)-1])
	}
}

// FuzzReadSettings: the settings sidecar reader returns settings or an
// error; settings it returns survive a write and a second read.
func FuzzReadSettings(f *testing.F) {
	f.Add(`{"format":"` + SettingsFormat + `"}`)
	f.Add(`{"format":"x"}`)
	f.Add(`[]`)
	f.Fuzz(func(t *testing.T, text string) {
		s, err := ReadSettings(bytes.NewReader([]byte(text)))
		if err != nil {
			return
		}
		var buf bytes.Buffer
		if err := WriteSettings(&buf, s); err != nil {
			t.Fatalf("write: %v", err)
		}
		if _, err := ReadSettings(&buf); err != nil {
			t.Fatalf("settings written by WriteSettings do not read back: %v\n%s", err, buf.String())
		}
	})
}
