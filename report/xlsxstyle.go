package report

import (
	"fmt"
	"sort"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/rfmtool/rfm/segment"
)

// classFills colour the classes, in report order; the customer sheet uses the
// same colour for a class as the summary.
var classFills = []string{"#B7E1CD", "#D9EAD3", "#CFE2F3", "#FCE5CD", "#FFF2CC", "#EAD1DC", "#D9D2E9", "#F4CCCC",
	"#C9DAF8", "#D0E0E3", "#E6B8AF", "#FFE599"}

const otherFill = "#EEEEEE"

// bookFont is the font family of a workbook whose names are in l and labels
// in ui: Excel's own default, and when either is Chinese the one with its
// glyphs (等线, DengXian).
func bookFont(l, ui segment.Lang) string {
	if l == segment.ZH || ui == segment.ZH {
		return "等线"
	}
	return "Calibri"
}

// namedFont returns a copy of s whose font names family (and 11 points
// when s gives no size), so that no style falls back to the reader's own
// default face.
func namedFont(s *excelize.Style, family string) *excelize.Style {
	c := *s
	fnt := excelize.Font{}
	if s.Font != nil {
		fnt = *s.Font
	}
	if fnt.Family == "" {
		fnt.Family = family
	}
	if fnt.Size == 0 {
		fnt.Size = 11
	}
	c.Font = &fnt
	return &c
}

// newStyle adds style s to the workbook in the workbook's font.
func (x *xlsxWriter) newStyle(s *excelize.Style) (int, error) {
	return x.f.NewStyle(namedFont(s, x.font))
}

// setBookProps names rfm as the author of f, title as its title and
// created as the time it was created and last modified, in place of
// excelize's template ("xuri", 2006-09-16).
func setBookProps(f *excelize.File, title string, created time.Time) error {
	t := created.UTC().Format(time.RFC3339)
	if err := f.SetDocProps(&excelize.DocProperties{Creator: "rfm", LastModifiedBy: "rfm", Title: title,
		Created: t, Modified: t}); err != nil {
		return err
	}
	return f.SetAppProps(&excelize.AppProperties{Application: "rfm"})
}

// stableParts sorts the file-extension entries of f's [Content_Types].xml,
// which excelize adds from a map when a sheet gets a drawing: without it
// two runs of the same input give two different files.
func stableParts(f *excelize.File) {
	if f.ContentTypes == nil {
		return
	}
	d := f.ContentTypes.Defaults
	sort.SliceStable(d, func(i, j int) bool { return d[i].Extension < d[j].Extension })
}

// printSetup prints sheet in landscape, one page wide, the rows 1…titles
// repeated at the top of every page (none for 0), and the cells
// A1:lastCol lastRow as its print area.
func printSetup(f *excelize.File, sheet string, titles, lastCol, lastRow int) error {
	if err := printWide(f, sheet); err != nil {
		return err
	}
	q := quoteSheet(sheet)
	if titles > 0 {
		if err := f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles",
			RefersTo: fmt.Sprintf("%s!$1:$%d", q, titles), Scope: sheet}); err != nil {
			return err
		}
	}
	col, err := excelize.ColumnNumberToName(max(1, lastCol))
	if err != nil {
		return err
	}
	return f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Area",
		RefersTo: fmt.Sprintf("%s!$A$1:$%s$%d", q, col, max(1, lastRow)), Scope: sheet})
}

// printUsed is printSetup with the print area of the cells sheet holds,
// and at least minCols columns and minRows rows (the reach of a chart or of
// text running over); for sheets written cell by cell, not with the stream
// writer.
func printUsed(f *excelize.File, sheet string, titles, minCols, minRows int) error {
	rows, err := f.GetRows(sheet)
	if err != nil {
		return err
	}
	cols := minCols
	for _, r := range rows {
		cols = max(cols, len(r))
	}
	return printSetup(f, sheet, titles, cols, max(len(rows), minRows))
}

// printWide prints a sheet of f in landscape, as wide as one page.
func printWide(f *excelize.File, sheet string) error {
	land, one, zero, yes := "landscape", 1, 0, true
	if err := f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &yes}); err != nil {
		return err
	}
	return f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Orientation: &land, FitToWidth: &one, FitToHeight: &zero})
}

func (x *xlsxWriter) styles() error {
	x.font = bookFont(x.r.Lang, x.r.UI)
	err := x.f.SetDefaultFont(x.font)
	style := func(s *excelize.Style) int {
		if err != nil {
			return 0
		}
		var id int
		id, err = x.newStyle(s)
		return id
	}
	border := []excelize.Border{{Type: "bottom", Color: "#7F7F7F", Style: 1}}
	headFill := excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"#DDEBF7"}}
	fmtp := func(s string) *string { return &s }
	x.title = style(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 16}})
	x.subtitle = style(&excelize.Style{Font: &excelize.Font{Color: "#595959"}})
	x.note = style(&excelize.Style{Font: &excelize.Font{Italic: true, Color: "#595959"}})
	x.noteWrap = style(&excelize.Style{Font: &excelize.Font{Italic: true, Color: "#595959"},
		Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}})
	x.header = style(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: headFill, Border: border,
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}})
	x.headerLeft = style(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: headFill, Border: border,
		Alignment: &excelize.Alignment{Vertical: "center"}})
	x.label = style(&excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: &excelize.Alignment{Vertical: "top"}})
	x.text = style(&excelize.Style{Alignment: &excelize.Alignment{Vertical: "top"}})
	x.indent = style(&excelize.Style{Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "top", Indent: 1}})
	x.center = style(&excelize.Style{Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "top"}})
	x.wrap = style(&excelize.Style{Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}})
	x.count = style(&excelize.Style{NumFmt: 3})
	x.money = style(&excelize.Style{NumFmt: 4})
	x.share = style(&excelize.Style{CustomNumFmt: fmtp("0.0%")})
	x.mean1 = style(&excelize.Style{CustomNumFmt: fmtp("0.0")})
	x.mean2 = style(&excelize.Style{NumFmt: 2})
	x.date = style(&excelize.Style{CustomNumFmt: fmtp("yyyy-mm-dd")})
	top := []excelize.Border{{Type: "top", Color: "#7F7F7F", Style: 1}}
	x.bold = style(&excelize.Style{Font: &excelize.Font{Bold: true}, Border: top})
	x.boldCount = style(&excelize.Style{Font: &excelize.Font{Bold: true}, Border: top, NumFmt: 3})
	x.boldMoney = style(&excelize.Style{Font: &excelize.Font{Bold: true}, Border: top, NumFmt: 4})
	x.boldShare = style(&excelize.Style{Font: &excelize.Font{Bold: true}, Border: top, CustomNumFmt: fmtp("0.0%")})
	x.heat = style(&excelize.Style{NumFmt: 3, Alignment: &excelize.Alignment{Horizontal: "center"},
		Border: []excelize.Border{{Type: "left", Color: "#FFFFFF", Style: 1}, {Type: "right", Color: "#FFFFFF", Style: 1},
			{Type: "top", Color: "#FFFFFF", Style: 1}, {Type: "bottom", Color: "#FFFFFF", Style: 1}}})
	x.heatMoney = style(&excelize.Style{NumFmt: 4, Alignment: &excelize.Alignment{Horizontal: "center"},
		Border: []excelize.Border{{Type: "left", Color: "#FFFFFF", Style: 1}, {Type: "right", Color: "#FFFFFF", Style: 1},
			{Type: "top", Color: "#FFFFFF", Style: 1}, {Type: "bottom", Color: "#FFFFFF", Style: 1}}})
	x.boldMean1 = style(&excelize.Style{Font: &excelize.Font{Bold: true}, Border: top, CustomNumFmt: fmtp("0.0")})
	x.boldMean2 = style(&excelize.Style{Font: &excelize.Font{Bold: true}, Border: top, NumFmt: 2})
	x.classes = SchemeClasses(x.r.Scheme)
	x.classStyle = map[*segment.Segment]int{}
	x.fill = map[*segment.Segment]string{}
	for i, seg := range append(x.classes, &segment.Other) {
		if _, ok := x.fill[seg]; ok {
			continue
		}
		c := otherFill
		if seg != &segment.Other {
			c = classFills[i%len(classFills)]
		}
		x.fill[seg] = c
		x.classStyle[seg] = style(&excelize.Style{Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{c}},
			Alignment: &excelize.Alignment{Vertical: "top"}}) // as the text beside it
	}
	return err
}
