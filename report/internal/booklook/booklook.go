// Package booklook reads back what a workbook written by rfm looks like
// beyond its cells — fonts, document properties, print setup — for the
// workbook tests of package report and its subpackages.
package booklook

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"io"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// ZipPart returns one part of a workbook.
func ZipPart(t testing.TB, book []byte, name string) string {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(book), int64(len(book)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range z.File {
		if f.Name == name {
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			defer rc.Close()
			b, err := io.ReadAll(rc)
			if err != nil {
				t.Fatal(err)
			}
			return string(b)
		}
	}
	t.Fatalf("no %s in the workbook", name)
	return ""
}

var fontRE = regexp.MustCompile(`<font>.*?</font>`)
var fontNameRE = regexp.MustCompile(`<name val="([^"]*)"`)

// Look is what a workbook looks like beyond its cells: the golden form
// of its styles, properties and print setup.
type Look struct {
	Fonts       []string          // the family of every font of xl/styles.xml
	DefaultFont string            // GetDefaultFont
	Creator     string            // docProps/core.xml
	Modified    string            //
	Created     string            //
	Title       string            //
	Application string            // docProps/app.xml
	Sheets      []SheetLook       //
	Names       map[string]string // defined names: sheet!name → refers to
	Charts      int               // chart parts
}

// SheetLook is one sheet's print setup.
type SheetLook struct {
	Name                 string
	Orientation          string
	FitToWidth, FitToHgt int
	FitToPage            bool
}

// Of reads a workbook's look back with excelize.
func Of(t testing.TB, book []byte) Look {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(book))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var lk Look
	styles := ZipPart(t, book, "xl/styles.xml")
	fonts := styles[strings.Index(styles, "<fonts"):strings.Index(styles, "</fonts>")]
	for _, fnt := range fontRE.FindAllString(fonts, -1) {
		name := ""
		if m := fontNameRE.FindStringSubmatch(fnt); m != nil {
			name = m[1]
		}
		lk.Fonts = append(lk.Fonts, name)
	}
	slices.Sort(lk.Fonts)
	lk.Fonts = slices.Compact(lk.Fonts)
	if lk.DefaultFont, err = f.GetDefaultFont(); err != nil {
		t.Fatal(err)
	}
	props, err := f.GetDocProps()
	if err != nil {
		t.Fatal(err)
	}
	lk.Creator, lk.Modified, lk.Created, lk.Title = props.Creator, props.LastModifiedBy, props.Created, props.Title
	app, err := f.GetAppProps()
	if err != nil {
		t.Fatal(err)
	}
	lk.Application = app.Application
	for _, s := range f.GetSheetList() {
		pl, err := f.GetPageLayout(s)
		if err != nil {
			t.Fatal(err)
		}
		sp, err := f.GetSheetProps(s)
		if err != nil {
			t.Fatal(err)
		}
		sl := SheetLook{Name: s}
		if pl.Orientation != nil {
			sl.Orientation = *pl.Orientation
		}
		if pl.FitToWidth != nil {
			sl.FitToWidth = *pl.FitToWidth
		}
		if pl.FitToHeight != nil {
			sl.FitToHgt = *pl.FitToHeight
		}
		if sp.FitToPage != nil {
			sl.FitToPage = *sp.FitToPage
		}
		lk.Sheets = append(lk.Sheets, sl)
	}
	lk.Names = map[string]string{}
	for _, dn := range f.GetDefinedName() {
		if strings.HasPrefix(dn.Name, "_xlnm.Print_") {
			lk.Names[dn.Scope+"!"+dn.Name] = dn.RefersTo
		}
	}
	z, err := zip.NewReader(bytes.NewReader(book), int64(len(book)))
	if err != nil {
		t.Fatal(err)
	}
	for _, zf := range z.File {
		if strings.HasPrefix(zf.Name, "xl/charts/chart") {
			lk.Charts++
		}
	}
	return lk
}

// Check compares a workbook's look with the golden file at path, which it
// rewrites first when update is set, and checks the rules every workbook
// keeps: each font named (one family), rfm the author, the run's time,
// every sheet printed landscape and one page wide with a print area.
func Check(t testing.TB, book []byte, path, family string, update bool) Look {
	t.Helper()
	lk := Of(t, book)
	if !slices.Equal(lk.Fonts, []string{family}) {
		t.Errorf("font families %q, want every font named %q", lk.Fonts, family)
	}
	if lk.DefaultFont != family {
		t.Errorf("default font %q, want %q", lk.DefaultFont, family)
	}
	if lk.Creator != "rfm" || lk.Modified != "rfm" || lk.Application != "rfm" {
		t.Errorf("creator %q, last modified by %q, application %q; want rfm", lk.Creator, lk.Modified, lk.Application)
	}
	if lk.Created != "2023-11-14T22:13:20Z" {
		t.Errorf("created %q, want the run time 2023-11-14T22:13:20Z", lk.Created)
	}
	for _, s := range lk.Sheets {
		if s.Orientation != "landscape" || s.FitToWidth != 1 || !s.FitToPage {
			t.Errorf("sheet %s: %+v, want landscape, fit to one page wide", s.Name, s)
		}
		if lk.Names[s.Name+"!_xlnm.Print_Area"] == "" {
			t.Errorf("sheet %s has no print area", s.Name)
		}
	}
	got, err := json.MarshalIndent(lk, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	if update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (refresh with go test -run TestWorkbookLook -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs (refresh with go test -run TestWorkbookLook -update):\ngot\n%s\nwant\n%s", path, got, want)
	}
	return lk
}
