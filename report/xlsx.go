package report

import (
	"archive/zip"
	"compress/flate"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/rfmtool/rfm/rfm"
	"github.com/rfmtool/rfm/segment"
)

// XLSXOptions configures WriteXLSX.
type XLSXOptions struct {
	// InputSHA256 is the hex SHA-256 of the input file, shown on the method
	// sheet; empty when it is not known (standard input).
	InputSHA256 string
	// MaxRows is the number of customers on one customer sheet before the
	// next ("Customers (2)", …) begins; 0 means as many as Excel allows,
	// MaxSheetRows.
	MaxRows int
	// Created is the time of the run, written as the workbook's created
	// and modified times (the caller honours SOURCE_DATE_EPOCH).
	Created time.Time
}

// MaxSheetRows is the number of customers one sheet holds: Excel's
// 1,048,576 rows less the header.
const MaxSheetRows = 1048575

// maxCellChars is Excel's limit on the characters in a cell; longer text
// (a kept column, say) is cut to it on the customer sheet.
const maxCellChars = 32767

// xlsxWriter holds the workbook being written and its styles.
type xlsxWriter struct {
	f   *excelize.File
	r   *Result
	opt XLSXOptions
	lb  xlsxLabels
	// font is the family every style names.
	font string

	classes []*segment.Segment
	// classStyle is the customer sheet's style of a class's cell, by segment.
	classStyle map[*segment.Segment]int
	fill       map[*segment.Segment]string

	title, subtitle, note, noteWrap, header, headerLeft, label, text, indent, center, wrap int
	count, money, share, mean1, mean2, date, heat, heatMoney                               int
	bold, boldCount, boldMoney, boldShare, boldMean1, boldMean2                            int

	// clv writes the lifetime value cells and sheets of rfm score --with-clv.
	clv *clvBook
}

// WriteXLSX writes the annotated workbook of a scored run: a summary per
// class with a chart and an R × F heat map, every customer (SPEC §6) on one
// or more sheets, the method and the data quality, labelled in the result's
// language. Text is always written as text, never as a formula.
func WriteXLSX(w io.Writer, r *Result, opt XLSXOptions) error {
	if err := r.CheckTotals(); err != nil {
		return err
	}
	if err := checkCustomerCells(r.Kept, len(r.Customers), func(i int) (string, []string) {
		return r.Customers[i].ID, r.Customers[i].Kept
	}); err != nil {
		return err
	}
	if err := checkCustomerCells(r.Kept, len(r.Prospects), func(k int) (string, []string) {
		return r.Prospects[k].ID, r.Prospects[k].Kept
	}); err != nil {
		return err
	}
	if opt.MaxRows <= 0 || opt.MaxRows > MaxSheetRows {
		opt.MaxRows = MaxSheetRows
	}
	x := &xlsxWriter{f: newWorkbook(), r: r, opt: opt, lb: xlsxLabelsFor(r.UI)}
	defer x.f.Close()
	if err := x.styles(); err != nil {
		return err
	}
	sheets := x.customerSheets()
	if err := x.f.SetSheetName("Sheet1", x.lb.summary); err != nil {
		return err
	}
	var clvSheets []string
	if r.CLV != nil {
		var err error
		if x.clv, err = newCLVBook(x, r.CLV, r.UI, opt.MaxRows); err != nil {
			return err
		}
		clvSheets = x.clv.scoreSheets(r)
	}
	var life *sheetTable
	var lifeSheets []string
	if r.Lifecycle != nil {
		life = x.lifecycleTable()
		lifeSheets = life.sheets(r.UI.T("Lifecycle"))
	}
	for _, name := range slices.Concat(sheets, lifeSheets, clvSheets, []string{x.lb.method, x.lb.quality}) {
		if _, err := x.f.NewSheet(name); err != nil {
			return err
		}
	}
	for _, step := range []func() error{
		func() error { return x.summary(sheets) },
		func() error { return x.customers(sheets) },
		func() error {
			if life == nil {
				return nil
			}
			return life.write(x.f, lifeSheets)
		},
		func() error { return x.clv.writeScoreSheets(r) },
		x.method,
		x.quality,
		func() error { return setBookProps(x.f, x.lb.title, opt.Created) },
	} {
		if err := step(); err != nil {
			return err
		}
	}
	return writeStable(x.f, w)
}

// newWorkbook returns an empty workbook that is written with deflate's
// fastest level: on a million customers the default level spends three
// times as long for a file a quarter smaller.
func newWorkbook() *excelize.File {
	f := excelize.NewFile()
	f.SetZipWriter(func(w io.Writer) excelize.ZipWriter {
		zw := zip.NewWriter(w)
		zw.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) {
			return flate.NewWriter(out, flate.BestSpeed)
		})
		return zw
	})
	return f
}

// set writes a value with a style; strings stay strings.
func (x *xlsxWriter) set(sheet string, col, row int, v any, style int) error {
	cell, err := excelize.CoordinatesToCellName(col, row)
	if err != nil {
		return err
	}
	switch v := v.(type) {
	case string:
		err = x.f.SetCellStr(sheet, cell, cutText(v))
	case nil:
	default:
		err = x.f.SetCellValue(sheet, cell, v)
	}
	if err == nil && style != 0 {
		err = x.f.SetCellStyle(sheet, cell, cell, style)
	}
	return err
}

func cutText(s string) string {
	if len(s) <= maxCellChars || utf8.RuneCountInString(s) <= maxCellChars {
		return s
	}
	return string([]rune(s)[:maxCellChars])
}

func cell(col, row int) string {
	c, _ := excelize.CoordinatesToCellName(col, row)
	return c
}

// quoteSheet quotes a sheet name for a cell reference.
func quoteSheet(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// widths sets the widths of the sheet's first columns.
func (x *xlsxWriter) widths(sheet string, w ...float64) error {
	for i, v := range w {
		name, err := excelize.ColumnNumberToName(i + 1)
		if err != nil {
			return err
		}
		if err := x.f.SetColWidth(sheet, name, name, v); err != nil {
			return err
		}
	}
	return nil
}

// groupThousands writes n with , between groups of three digits.
func groupThousands(n int) string {
	s := fmt.Sprint(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

func firstErr(errs []error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}

// money is an amount in cents as a number of currency units.
func money(c rfm.Cents) float64 { return float64(c) / 100 }

// textWidth estimates the width of text in Excel's character units: wide
// (CJK) characters count twice.
func textWidth(s string) float64 {
	n := 0.0
	for _, r := range s {
		switch {
		case r >= 0x1100 && (r <= 0x115F || r >= 0x2E80 && r <= 0xA4CF || r >= 0xAC00 && r <= 0xD7A3 ||
			r >= 0xF900 && r <= 0xFAFF || r >= 0xFE30 && r <= 0xFE4F || r >= 0xFF00 && r <= 0xFF60 || r >= 0xFFE0 && r <= 0xFFE6):
			n += 2
		default:
			n++
		}
	}
	return n
}

// excelSerial is a date as an Excel serial day number (1900 system).
func excelSerial(d rfm.Date) int {
	return int(d - rfm.DateOf(1899, 12, 30))
}
