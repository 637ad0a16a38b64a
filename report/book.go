package report

import (
	"io"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/rfmtool/rfm/segment"
)

// Book is a workbook with the score workbook's font, cell styles, document
// properties and print setup, for the workbooks of other commands (rfm
// diff's) to build on, so that every workbook rfm writes looks alike.
type Book struct {
	// File is the workbook being written.
	File *excelize.File
	// Title, Header, HeaderLeft, Label, Note, Count, Money and Indent are
	// the score workbook's styles of the same names: a sheet's title, a
	// column header centred or on the left, a bold label, an italic note,
	// a whole number grouped in thousands, an amount with two decimals and
	// indented text.
	Title, Header, HeaderLeft, Label, Note, Count, Money, Indent int

	x *xlsxWriter
}

// NewBook returns an empty workbook in the font of names in language l and
// labels in ui, with the score workbook's styles. Close it when done.
func NewBook(l, ui segment.Lang) (*Book, error) {
	// The score workbook's writer lends its styles and cell helpers; its
	// styles for cn8's classes come along so that the styles part is the
	// same whichever workbook uses it.
	x := &xlsxWriter{f: newWorkbook(), r: &Result{Scheme: segment.CN8(), Lang: l, UI: ui}, lb: xlsxLabelsFor(ui)}
	if err := x.styles(); err != nil {
		x.f.Close()
		return nil, err
	}
	return &Book{File: x.f, Title: x.title, Header: x.header, HeaderLeft: x.headerLeft, Label: x.label,
		Note: x.note, Count: x.count, Money: x.money, Indent: x.indent, x: x}, nil
}

// NewStyle adds style s in the workbook's font and returns its id.
func (b *Book) NewStyle(s *excelize.Style) (int, error) { return b.x.newStyle(s) }

// Set writes v with style at the 1-based col and row of sheet; text stays
// text, cut to what a cell holds.
func (b *Book) Set(sheet string, col, row int, v any, style int) error {
	return b.x.set(sheet, col, row, v, style)
}

// PrintSetup prints sheet in landscape, one page wide, rows 1…titles
// repeated on every page (none for 0), the cells up to lastCol and lastRow
// as its print area.
func (b *Book) PrintSetup(sheet string, titles, lastCol, lastRow int) error {
	return printSetup(b.File, sheet, titles, lastCol, lastRow)
}

// PrintUsed is PrintSetup with the print area of the cells sheet holds, at
// least minCols columns and minRows rows; for sheets written cell by cell.
func (b *Book) PrintUsed(sheet string, titles, minCols, minRows int) error {
	return printUsed(b.File, sheet, titles, minCols, minRows)
}

// WriteTo names rfm the author, title the title and created the time of the
// workbook, and writes it to w with its parts in a stable order, so that
// the same run gives the same bytes.
func (b *Book) WriteTo(w io.Writer, title string, created time.Time) error {
	if err := setBookProps(b.File, title, created); err != nil {
		return err
	}
	return writeStable(b.File, w)
}

// Close releases the workbook's temporary files.
func (b *Book) Close() error { return b.File.Close() }

// TextWidth estimates the width of s in Excel's character units, wide
// (CJK) characters counting twice.
func TextWidth(s string) float64 { return textWidth(s) }

// CellText returns s cut to the characters an Excel cell holds.
func CellText(s string) string { return cutText(s) }

// CheckCustomerCells refuses, before a workbook is written, customer ids,
// kept values and kept headers that an Excel cell cannot hold: row(i)
// returns customer i's id and kept values, for i below n.
func CheckCustomerCells(kept []string, n int, row func(i int) (id string, vals []string)) error {
	return checkCustomerCells(kept, n, row)
}

// AppendCSVField appends s to b as one CSV field, quoted only when it holds
// a comma, quote or line break, as every CSV file of rfm writes it.
func AppendCSVField(b []byte, s string) []byte { return appendField(b, s) }
