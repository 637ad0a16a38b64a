package ingest

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rfmtool/rfm/rfm"
	"github.com/xuri/excelize/v2"
)

// testBook writes a minimal XLSX package by hand, so that tests control
// every byte of the XML the reader meets.
type testBook struct {
	sheets []testSheet
	// strings holds the inner XML of each <si>.
	strings []string
	// numFmts maps custom format ids to their codes; xfs lists the numFmtId
	// of each cell format (cellXfs), index 0 first.
	numFmts  map[int]string
	xfs      []int
	date1904 bool
	// absolute writes relationship targets as absolute part names.
	absolute bool
	// edit, when set, may change any part before it is written.
	edit func(name, body string) string
}

type testSheet struct {
	name string
	// rows is the inner XML of <sheetData>; whole, when set, is the entire
	// worksheet part instead.
	rows  string
	whole string
	chart bool // a chart sheet, which has no cells
}

func (b testBook) bytes(t testing.TB) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	add := func(name, body string) {
		if b.edit != nil {
			body = b.edit(name, body)
		}
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(w, body)
	}
	const rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
	add("[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`)
	add("_rels/.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="`+rel+`/officeDocument" Target="xl/workbook.xml"/></Relationships>`)
	var wb, rels strings.Builder
	wb.WriteString(`<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="` + rel + `">`)
	if b.date1904 {
		wb.WriteString(`<workbookPr date1904="1"/>`)
	}
	wb.WriteString(`<sheets>`)
	rels.WriteString(`<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`)
	prefix := "worksheets/"
	if b.absolute {
		prefix = "/xl/worksheets/"
	}
	for i, s := range b.sheets {
		fmt.Fprintf(&wb, `<sheet name="%s" sheetId="%d" r:id="rId%d"/>`, xmlEscape(s.name), i+1, i+1)
		typ := "worksheet"
		if s.chart {
			typ = "chartsheet"
		}
		fmt.Fprintf(&rels, `<Relationship Id="rId%d" Type="%s/%s" Target="%ssheet%d.xml"/>`, i+1, rel, typ, prefix, i+1)
		body := s.whole
		if body == "" {
			body = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
				`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` + s.rows + `</sheetData></worksheet>`
		}
		add(fmt.Sprintf("xl/worksheets/sheet%d.xml", i+1), body)
	}
	wb.WriteString(`</sheets></workbook>`)
	n := len(b.sheets)
	if b.strings != nil {
		fmt.Fprintf(&rels, `<Relationship Id="rId%d" Type="%s/sharedStrings" Target="sharedStrings.xml"/>`, n+1, rel)
		var ss strings.Builder
		ss.WriteString(`<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`)
		for _, s := range b.strings {
			ss.WriteString("<si>" + s + "</si>")
		}
		ss.WriteString(`</sst>`)
		add("xl/sharedStrings.xml", ss.String())
	}
	if b.xfs != nil {
		fmt.Fprintf(&rels, `<Relationship Id="rId%d" Type="%s/styles" Target="styles.xml"/>`, n+2, rel)
		var st strings.Builder
		st.WriteString(`<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`)
		if len(b.numFmts) > 0 {
			st.WriteString(`<numFmts>`)
			ids := make([]int, 0, len(b.numFmts))
			for id := range b.numFmts {
				ids = append(ids, id)
			}
			sort.Ints(ids)
			for _, id := range ids {
				fmt.Fprintf(&st, `<numFmt numFmtId="%d" formatCode="%s"/>`, id, xmlEscape(b.numFmts[id]))
			}
			st.WriteString(`</numFmts>`)
		}
		st.WriteString(`<cellXfs>`)
		for _, id := range b.xfs {
			fmt.Fprintf(&st, `<xf numFmtId="%d" fontId="0" fillId="0" borderId="0" xfId="0"/>`, id)
		}
		st.WriteString(`</cellXfs></styleSheet>`)
		add("xl/styles.xml", st.String())
	}
	rels.WriteString(`</Relationships>`)
	add("xl/workbook.xml", wb.String())
	add("xl/_rels/workbook.xml.rels", rels.String())
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func xmlEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '"':
			b.WriteString("&quot;")
		case '\'':
			b.WriteString("&apos;")
		case '\r':
			b.WriteString("&#13;")
		case '\t':
			b.WriteString("&#9;")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// writeFile writes data to a file named name in a new temporary directory.
func writeFile(t testing.TB, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// xrec is one record as read: header first.
type xrec struct {
	line   int
	fields []string
}

// readTable opens a file and reads all its records, the header first.
func readTable(t testing.TB, f File) (*Table, []xrec, error) {
	t.Helper()
	tab, out, err := readTableOnce(f)
	// Again with bufio's smallest buffer: nearly every token straddles
	// its end, so the tokenizer's slow path must read the same.
	defer func(n int) { xmlBufferSize = n }(xmlBufferSize)
	xmlBufferSize = 16
	_, small, serr := readTableOnce(f)
	if !reflect.DeepEqual(small, out) || fmt.Sprint(serr) != fmt.Sprint(err) {
		t.Fatalf("with a 16-byte buffer: %+v, %v\nwith the default: %+v, %v", small, serr, out, err)
	}
	return tab, out, err
}

func readTableOnce(f File) (*Table, []xrec, error) {
	tab, err := f.Open()
	if err != nil {
		return nil, nil, err
	}
	defer tab.Close()
	out := []xrec{{tab.HeaderLine, tab.Header}}
	for {
		fields, line, err := tab.Records.Next()
		if err == io.EOF {
			return tab, out, nil
		}
		if err != nil {
			// As Scan reports it.
			return tab, out, &ParseError{File: tab.Name, Sheet: tab.Sheet, Line: line, Err: err}
		}
		out = append(out, xrec{line, strs(fields)})
	}
}

func readBook(t *testing.T, b testBook, sheet string) []xrec {
	t.Helper()
	_, recs, err := readTable(t, File{Path: writeFile(t, "book.xlsx", b.bytes(t)), Sheet: sheet})
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

// Styles used by the cell tests: the index in cellXfs is the s attribute.
var testXfs = []int{0, 14, 22, 164, 165, 166, 167, 2, 46, 168, 20, 31, 49}

var testFmts = map[int]string{
	164: `yyyy/m/d\ h:mm;@`,
	165: "hh:mm:ss.000",
	166: `0.00" kg"`,
	167: `[$-409]mmmm d, yyyy;@`,
	168: `[Red]#,##0.00;(#,##0.00)`,
}

func TestXLSXCells(t *testing.T) {
	tests := []struct {
		name     string
		cell     string // a <c> element in column B of row 2
		want     string
		date1904 bool
	}{
		{"whole number float", `<c r="B2"><v>17850.0</v></c>`, "17850", false},
		{"whole number", `<c r="B2" t="n"><v>17850</v></c>`, "17850", false},
		{"float noise", `<c r="B2"><v>2.5500000000000003</v></c>`, "2.55", false},
		{"float noise below", `<c r="B2"><v>0.30000000000000004</v></c>`, "0.3", false},
		{"exponent", `<c r="B2"><v>1.5E-3</v></c>`, "0.0015", false},
		{"large exponent", `<c r="B2"><v>1.2345E+20</v></c>`, "123450000000000000000", false},
		{"negative", `<c r="B2"><v>-12.5</v></c>`, "-12.5", false},
		{"negative zero", `<c r="B2"><v>-0</v></c>`, "0", false},
		{"leading zeros", `<c r="B2"><v>007</v></c>`, "7", false},
		{"more than 15 digits", `<c r="B2"><v>12345678901234567</v></c>`, "12345678901234600", false},
		{"not a number", `<c r="B2"><v>abc</v></c>`, "abc", false},
		{"no digit before the point", `<c r="B2"><v>.5</v></c>`, "0.5", false},
		{"negative, no digit before the point", `<c r="B2"><v>-.25</v></c>`, "-0.25", false},
		{"no digit after the point", `<c r="B2"><v>5.</v></c>`, "5", false},
		{"signed exponent", `<c r="B2"><v>+1.5e+2</v></c>`, "150", false},
		{"hexadecimal stays text", `<c r="B2"><v>0x1p3</v></c>`, "0x1p3", false},
		{"digit separators stay text", `<c r="B2"><v>1_000</v></c>`, "1_000", false},
		{"infinity stays text", `<c r="B2"><v>+Inf</v></c>`, "+Inf", false},
		{"hexadecimal date stays text", `<c r="B2" s="1"><v>0x1p3</v></c>`, "0x1p3", false},
		{"exponent without digits stays text", `<c r="B2"><v>2E+</v></c>`, "2E+", false},
		{"number format 0.00", `<c r="B2" s="7"><v>3</v></c>`, "3", false},
		{"custom number format with text", `<c r="B2" s="5"><v>2.5</v></c>`, "2.5", false},
		{"colour and brackets", `<c r="B2" s="9"><v>1234.5</v></c>`, "1234.5", false},
		{"text format", `<c r="B2" s="12"><v>42</v></c>`, "42", false},
		{"date 14", `<c r="B2" s="1"><v>40513</v></c>`, "2010-12-01 00:00:00", false},
		{"date-time 22", `<c r="B2" s="2"><v>40513.35138888889</v></c>`, "2010-12-01 08:26:00", false},
		{"custom date-time", `<c r="B2" s="3"><v>43466.012488425898</v></c>`, "2019-01-01 00:17:59", false},
		{"milliseconds", `<c r="B2" s="3"><v>43646.948871655093</v></c>`, "2019-06-30 22:46:22.511", false},
		{"a millisecond before midnight", `<c r="B2" s="2"><v>43646.99999998843</v></c>`, "2019-06-30 23:59:59.999", false},
		{"rounds up to midnight", `<c r="B2" s="2"><v>43646.9999999999</v></c>`, "2019-07-01 00:00:00", false},
		{"custom month name and locale", `<c r="B2" s="6"><v>45000</v></c>`, "2023-03-15 00:00:00", false},
		{"CJK built-in date 31", `<c r="B2" s="11"><v>45000</v></c>`, "2023-03-15 00:00:00", false},
		{"time only", `<c r="B2" s="10"><v>0.5</v></c>`, "12:00:00", false},
		{"time with milliseconds", `<c r="B2" s="4"><v>0.25000578703703706</v></c>`, "06:00:00.500", false},
		{"elapsed time is a number", `<c r="B2" s="8"><v>1.5</v></c>`, "1.5", false},
		{"serial 1", `<c r="B2" s="1"><v>1</v></c>`, "1900-01-01 00:00:00", false},
		{"serial 59", `<c r="B2" s="1"><v>59</v></c>`, "1900-02-28 00:00:00", false},
		{"serial 60 is Excel's 1900-02-29", `<c r="B2" s="1"><v>60</v></c>`, "1900-02-29 00:00:00", false},
		{"serial 61", `<c r="B2" s="1"><v>61</v></c>`, "1900-03-01 00:00:00", false},
		{"serial 0", `<c r="B2" s="1"><v>0</v></c>`, "1900-01-00 00:00:00", false},
		{"last day", `<c r="B2" s="1"><v>2958465</v></c>`, "9999-12-31 00:00:00", false},
		{"past the last day", `<c r="B2" s="1"><v>2958466</v></c>`, "2958466", false},
		{"negative serial", `<c r="B2" s="1"><v>-1</v></c>`, "-1", false},
		{"1904 system", `<c r="B2" s="2"><v>39051.35138888889</v></c>`, "2010-12-01 08:26:00", true},
		{"1904 serial 0", `<c r="B2" s="1"><v>0</v></c>`, "1904-01-01 00:00:00", true},
		{"style out of range", `<c r="B2" s="99"><v>40513</v></c>`, "40513", false},
		{"shared string", `<c r="B2" t="s"><v>1</v></c>`, "Zoë & co", false},
		{"shared rich text", `<c r="B2" t="s"><v>2</v></c>`, "bold plain", false},
		{"shared string without phonetic runs", `<c r="B2" t="s"><v>3</v></c>`, "東京", false},
		{"shared string escapes", `<c r="B2" t="s"><v>4</v></c>`, "a\rb_x0041_", false},
		{"shared string with spaces", `<c r="B2" t="s"><v> 5 </v></c>`, "  padded  ", false},
		{"inline string", `<c r="B2" t="inlineStr"><is><t>hello</t></is></c>`, "hello", false},
		{"inline rich text", `<c r="B2" t="inlineStr"><is><r><t>he</t></r><r><rPr><b/></rPr><t xml:space="preserve">llo </t></r></is></c>`, "hello ", false},
		{"inline entities", `<c r="B2" t="inlineStr"><is><t>&lt;a&gt; &amp;&#32;&#x4e2d;&quot;&apos;</t></is></c>`, `<a> & 中"'`, false},
		{"inline CDATA", `<c r="B2" t="inlineStr"><is><t>x<![CDATA[<y> & z]]>w</t></is></c>`, "x<y> & zw", false},
		{"comment inside text", `<c r="B2" t="inlineStr"><is><t>a<!-- > -->b</t></is></c>`, "ab", false},
		{"line ends", "<c r=\"B2\" t=\"inlineStr\"><is><t>a\r\nb\rc</t></is></c>", "a\nb\nc", false},
		{"unknown entity kept", `<c r="B2" t="inlineStr"><is><t>&nbsp;&#xZZ;</t></is></c>`, "&nbsp;&#xZZ;", false},
		{"formula string", `<c r="B2" t="str"><f>A1&amp;"x"</f><v>=not a formula</v></c>`, "=not a formula", false},
		{"formula number", `<c r="B2"><f>1/3</f><v>0.33333333333333331</v></c>`, "0.333333333333333", false},
		{"boolean true", `<c r="B2" t="b"><v>1</v></c>`, "TRUE", false},
		{"boolean false", `<c r="B2" t="b"><v>0</v></c>`, "FALSE", false},
		{"error", `<c r="B2" t="e"><v>#N/A</v></c>`, "#N/A", false},
		{"ISO date cell", `<c r="B2" t="d"><v>2024-03-01T10:00:00</v></c>`, "2024-03-01T10:00:00", false},
		{"empty value", `<c r="B2"><v></v></c>`, "", false},
		{"self-closing", `<c r="B2" s="1"/>`, "", false},
		{"single quotes and spaces", `<c r = 'B2'  t = 'inlineStr' ><is><t>q</t></is></c>`, "q", false},
		{"prefixed elements", `<x:c r="B2" t="inlineStr"><x:is><x:t>p</x:t></x:is></x:c>`, "p", false},
		{"quoted > in an attribute", `<c r="B2" foo="a>b" t="inlineStr"><is><t>gt</t></is></c>`, "gt", false},
		{"no reference follows the last cell", `<c t="inlineStr"><is><t>next</t></is></c>`, "next", false},
	}
	strs := []string{
		`<t>zero</t>`,
		`<t>Zoë &amp; co</t>`,
		`<r><rPr><b/></rPr><t>bold</t></r><r><t xml:space="preserve"> plain</t></r>`,
		`<t>東京</t><rPh sb="0" eb="2"><t>トウキョウ</t></rPh><phoneticPr fontId="1"/>`,
		`<t>a_x000D_b_x005F_x0041_</t>`,
		`<t xml:space="preserve">  padded  </t>`,
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := testBook{
				sheets:   []testSheet{{name: "S", rows: `<row r="1"><c r="A1" t="inlineStr"><is><t>id</t></is></c><c r="B1" t="inlineStr"><is><t>value</t></is></c></row><row r="2"><c r="A2"><v>1</v></c>` + tt.cell + `</row>`}},
				strings:  strs,
				numFmts:  testFmts,
				xfs:      testXfs,
				date1904: tt.date1904,
			}
			recs := readBook(t, b, "")
			if len(recs) != 2 {
				t.Fatalf("got %d records %v, want 2", len(recs), recs)
			}
			if got := recs[1].fields; len(got) != 2 || got[1] != tt.want {
				t.Errorf("got %q, want [\"1\" %q]", got, tt.want)
			}
		})
	}
}

func TestFormatKind(t *testing.T) {
	tests := []struct {
		code string
		want numKind
	}{
		{"General", kindNumber},
		{"0.00", kindNumber},
		{"#,##0.00 ;[Red](#,##0.00)", kindNumber},
		{`0.00" days"`, kindNumber},
		{`0.00E+00`, kindNumber},
		{"@", kindNumber},
		{`_(* #,##0_);_(* \(#,##0\);_(* "-"_);_(@_)`, kindNumber},
		{"yyyy-mm-dd", kindDate},
		{"yyyy-mm-dd h:mm:ss", kindDate},
		{`yyyy/m/d\ h:mm;@`, kindDate},
		{`yyyy"年"m"月"d"日"`, kindDate},
		{"[$-409]mmmm d, yyyy;@", kindDate},
		{"[$-F800]dddd, mmmm dd, yyyy", kindDate},
		{"mmm-yy", kindDate},
		{"m/d/yy h:mm AM/PM", kindDate},
		{"d-mmm", kindDate},
		{"DD.MM.YYYY", kindDate},
		{"h:mm", kindTime},
		{"hh:mm:ss AM/PM", kindTime},
		{"h:mm A/P", kindTime},
		{"mm:ss", kindTime},
		{"mm:ss.0", kindTime},
		{`h"时"mm"分"`, kindTime},
		{"[h]:mm:ss", kindNumber},
		{"[mm]:ss", kindNumber},
		{"[Red][<=100]0;[Blue]0", kindNumber},
		{`"yyyy"0`, kindNumber},
		{`\y0`, kindNumber},
		{`0;yyyy`, kindNumber},
	}
	for _, tt := range tests {
		if got := formatKind(tt.code); got != tt.want {
			t.Errorf("formatKind(%q) = %d, want %d", tt.code, got, tt.want)
		}
	}
}

// TestAppendSerial checks the serial conversion against the time package
// over a range of days and times of day, in both date systems.
func TestAppendSerial(t *testing.T) {
	for _, sys := range []struct {
		date1904 bool
		epoch    time.Time
	}{
		{false, time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)},
		{true, time.Date(1904, 1, 1, 0, 0, 0, 0, time.UTC)},
	} {
		for day := int64(61); day < 2958000; day += 9973 {
			for _, ms := range []int64{0, 1, 999, 1000, 43199999, 43200000, 86399999} {
				serial := float64(day) + float64(ms)/msPerDay
				got, ok := appendSerial(nil, serial, kindDate, sys.date1904)
				want := sys.epoch.AddDate(0, 0, int(day)).Add(time.Duration(ms) * time.Millisecond)
				ws := want.Format("2006-01-02 15:04:05")
				if ms%1000 != 0 {
					ws = want.Format("2006-01-02 15:04:05.000")
				}
				if !ok || string(got) != ws {
					t.Fatalf("1904=%v serial %v (day %d, %d ms): got %q, want %q", sys.date1904, serial, day, ms, got, ws)
				}
			}
		}
	}
}

func TestXLSXRows(t *testing.T) {
	is := func(ref, s string) string {
		return `<c r="` + ref + `" t="inlineStr"><is><t>` + s + `</t></is></c>`
	}
	tests := []struct {
		name string
		rows string
		want []xrec
	}{
		{"header is the first non-empty row; blank rows skipped",
			`<row r="1"/><row r="2"><c r="A2" s="1"/><c r="B2" t="inlineStr"><is><t>  </t></is></c></row>` +
				`<row r="3">` + is("A3", "id") + is("B3", "amount") + `</row>` +
				`<row r="4"></row><row r="7">` + is("A7", "x") + `<c r="B7"><v>5</v></c></row>`,
			[]xrec{{3, []string{"id", "amount"}}, {7, []string{"x", "5"}}}},
		{"trailing cells padded to the header",
			`<row r="1">` + is("A1", "a") + is("B1", "b") + is("C1", "c") + `</row><row r="2">` + is("A2", "1") + `</row>` +
				`<row r="3">` + is("B3", "2") + `</row>`,
			[]xrec{{1, []string{"a", "b", "c"}}, {2, []string{"1", "", ""}}, {3, []string{"", "2", ""}}}},
		{"a cell past the header makes the row wider",
			`<row r="1">` + is("A1", "a") + is("B1", "b") + `</row><row r="2">` + is("A2", "1") + is("D2", "extra") + `</row>`,
			[]xrec{{1, []string{"a", "b"}}, {2, []string{"1", "", "", "extra"}}}},
		{"blank cells past the header do not",
			`<row r="1">` + is("A1", "a") + is("B1", "b") + `</row><row r="2">` + is("A2", "1") + `<c r="E2" s="1"/>` + is("F2", " ") + `</row>`,
			[]xrec{{1, []string{"a", "b"}}, {2, []string{"1", ""}}}},
		{"header width stops at its last non-empty cell",
			`<row r="1">` + is("A1", "a") + is("B1", "b") + `<c r="C1" s="1"/></row><row r="2">` + is("A2", "1") + `</row>`,
			[]xrec{{1, []string{"a", "b"}}, {2, []string{"1", ""}}}},
		{"a leading empty column is kept",
			`<row r="2">` + is("B2", "a") + is("C2", "b") + `</row><row r="3">` + is("B3", "1") + is("C3", "2") + `</row>`,
			[]xrec{{2, []string{"", "a", "b"}}, {3, []string{"", "1", "2"}}}},
		{"rows and cells without references",
			`<row>` + `<c t="inlineStr"><is><t>a</t></is></c><c t="inlineStr"><is><t>b</t></is></c></row><row><c><v>1</v></c><c><v>2</v></c></row>`,
			[]xrec{{1, []string{"a", "b"}}, {2, []string{"1", "2"}}}},
		{"cells out of order",
			`<row r="1">` + is("B1", "b") + is("A1", "a") + `</row>`,
			[]xrec{{1, []string{"a", "b"}}}},
		{"columns past Z",
			`<row r="1">` + is("A1", "a") + is("AA1", "aa") + `</row>`,
			[]xrec{{1, append(append([]string{"a"}, make([]string, 25)...), "aa")}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := readBook(t, testBook{sheets: []testSheet{{name: "S", rows: tt.rows}}, xfs: []int{0, 14}}, "")
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestXLSXSheets(t *testing.T) {
	sheet := func(v string) string {
		return `<row r="1"><c r="A1" t="inlineStr"><is><t>` + v + `</t></is></c></row>`
	}
	b := testBook{sheets: []testSheet{
		{name: "Chart", chart: true},
		{name: "Notes", rows: sheet("notes")},
		{name: "Orders 2024", rows: sheet("orders")},
		{name: "1", rows: sheet("named one")},
	}, absolute: true}
	path := writeFile(t, "book.xlsx", b.bytes(t))
	tests := []struct{ sheet, want, name string }{
		{"", "notes", "Notes"},
		{"Orders 2024", "orders", "Orders 2024"},
		{"orders 2024", "orders", "Orders 2024"},
		{"2", "orders", "Orders 2024"},
		{"3", "named one", "1"},
		{"1", "named one", "1"},
	}
	for _, tt := range tests {
		tab, recs, err := readTable(t, File{Path: path, Sheet: tt.sheet})
		if err != nil {
			t.Fatalf("--sheet %q: %v", tt.sheet, err)
		}
		if recs[0].fields[0] != tt.want || tab.Sheet != tt.name || tab.Format != "xlsx" {
			t.Errorf("--sheet %q: got %q from sheet %q (%s), want %q from %q", tt.sheet, recs[0].fields[0], tab.Sheet, tab.Format, tt.want, tt.name)
		}
	}
	_, _, err := readTable(t, File{Path: path, Sheet: "Sales"})
	want := `--sheet "Sales": no such sheet among [Notes, Orders 2024, 1] (give a name or a number from 1 to 3)`
	if err == nil || !strings.Contains(err.Error(), want) || !strings.HasPrefix(err.Error(), path+": ") {
		t.Errorf("got %v, want %s: %s", err, path, want)
	}
}

func TestXLSXErrors(t *testing.T) {
	good := testBook{sheets: []testSheet{{name: "S", rows: `<row r="1"><c r="A1"><v>1</v></c></row>`}}}.bytes(t)
	odsBuf := new(bytes.Buffer)
	zw := zip.NewWriter(odsBuf)
	w, _ := zw.Create("mimetype")
	io.WriteString(w, "application/vnd.oasis.opendocument.spreadsheet")
	zw.Close()
	docx := new(bytes.Buffer)
	zw = zip.NewWriter(docx)
	w, _ = zw.Create("word/document.xml")
	io.WriteString(w, "<document/>")
	zw.Close()
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"truncated", good[:len(good)/2], "not a readable XLSX file (the zip archive is damaged"},
		{"encrypted", append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 512)...), "an encrypted or legacy (.xls) Excel file"},
		{"OpenDocument", odsBuf.Bytes(), "an OpenDocument spreadsheet, not XLSX"},
		{"not a workbook", docx.Bytes(), "not an XLSX workbook: the archive has no xl/workbook.xml"},
		{"empty sheet", testBook{sheets: []testSheet{{name: "S"}}}.bytes(t), "[S]: no header row: the sheet has no non-empty row"},
		{"missing sheet part", func() []byte {
			b := testBook{sheets: []testSheet{{name: "S", rows: "x"}}}.bytes(t)
			return bytes.Replace(b, []byte("worksheets/sheet1.xml"), []byte("worksheets/sheetX.xml"), -1)
		}(), "the sheet's part xl/worksheets/sheet1.xml is missing"},
		{"shared string out of range", testBook{strings: []string{"<t>a</t>"}, sheets: []testSheet{{name: "S", rows: `<row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2"><c r="A2" t="s"><v>7</v></c></row>`}}}.bytes(t),
			`[S]:2: cell A2 refers to shared string "7", but the workbook has 1: the file is damaged; open it in Excel and save it again, or export CSV`},
		{"cell past XFD", testBook{sheets: []testSheet{{name: "S", rows: `<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="XFE2"><v>1</v></c></row>`}}}.bytes(t),
			`[S]:2: cell reference "XFE2" is not a cell in columns A to XFD`},
		{"bad workbook XML", testBook{sheets: []testSheet{{name: "S", rows: "x"}}, edit: func(name, body string) string {
			return strings.Replace(body, `<sheets>`, `<sheets<`, 1)
		}}.bytes(t), "xl/workbook.xml: XML syntax error"},
		{"bad deflate data", func() []byte {
			rows := strings.Repeat(`<row><c t="inlineStr"><is><t>some text to compress</t></is></c></row>`, 2000)
			b := testBook{sheets: []testSheet{{name: "S", rows: rows}}}.bytes(t)
			i := bytes.Index(b, []byte("xl/worksheets/sheet1.xml")) + 200
			for k := i; k < i+64; k++ {
				b[k] ^= 0x55
			}
			return b
		}(), "the sheet cannot be read past this row; the file is damaged"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeFile(t, "bad.xlsx", tt.data)
			_, _, err := readTable(t, File{Path: path, Format: "xlsx"})
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), path) {
				t.Errorf("got %v, want an error naming %s with %q", err, path, tt.want)
			}
		})
	}
	// Format detection finds the encrypted file without being told.
	_, _, err := readTable(t, File{Path: writeFile(t, "x.xlsx", tests[1].data)})
	if err == nil || !strings.Contains(err.Error(), "encrypted") {
		t.Errorf("detected format: got %v", err)
	}
}

// TestXLSXZipBomb lowers the limits and checks that parts over them are
// refused before they are unpacked.
func TestXLSXZipBomb(t *testing.T) {
	defer func(a, b, c int64) { maxXLSXSheet, maxXLSXStrings, maxXLSXPart = a, b, c }(maxXLSXSheet, maxXLSXStrings, maxXLSXPart)
	maxXLSXSheet, maxXLSXStrings, maxXLSXPart = 1<<20, 1<<20, 1<<20
	pad := strings.Repeat(`<row/>`, 400000) // 2.4 MB that deflates to a few KB
	tests := []struct {
		name string
		b    testBook
		want string
	}{
		{"sheet", testBook{sheets: []testSheet{{name: "S", rows: `<row r="1"><c r="A1"><v>1</v></c></row>` + pad}}},
			"xl/worksheets/sheet1.xml unpacks to 2.3 MiB, over the 1.0 MiB this reader allows"},
		{"shared strings", testBook{strings: []string{strings.Repeat("<t>bomb</t>", 300000)}, sheets: []testSheet{{name: "S", rows: `<row r="1"><c r="A1"><v>1</v></c></row>`}}},
			"xl/sharedStrings.xml unpacks to 3.1 MiB"},
		{"styles", testBook{xfs: make([]int, 40000), sheets: []testSheet{{name: "S", rows: `<row r="1"><c r="A1"><v>1</v></c></row>`}}},
			"xl/styles.xml unpacks to 2.4 MiB"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := tt.b.bytes(t)
			if len(data) > 64<<10 {
				t.Fatalf("the test archive is %d bytes; it should compress well", len(data))
			}
			_, _, err := readTable(t, File{Path: writeFile(t, "bomb.xlsx", data)})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want %q", err, tt.want)
			}
		})
	}
	// A lying size in the archive is caught while unpacking.
	maxXLSXPart = 1 << 20
	data := testBook{xfs: make([]int, 40000), sheets: []testSheet{{name: "S", rows: `<row r="1"><c r="A1"><v>1</v></c></row>`}}}.bytes(t)
	zr, _ := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	for _, f := range zr.File {
		if f.Name == "xl/styles.xml" {
			f.UncompressedSize64 = 100
			if _, err := readPart(f, maxXLSXPart); err == nil {
				t.Errorf("a part with a false size was read whole")
			}
		}
	}
}

// excelizeBook writes a workbook with excelize, as another writer would.
func excelizeBook(t *testing.T, date1904 bool, sheet string, rows [][]any) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	if date1904 {
		yes := true
		if err := f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &yes}); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		t.Fatal(err)
	}
	dateStyle, err := f.NewStyle(&excelize.Style{NumFmt: 22})
	if err != nil {
		t.Fatal(err)
	}
	for r, row := range rows {
		for c, v := range row {
			ref, _ := excelize.CoordinatesToCellName(c+1, r+1)
			if tm, ok := v.(time.Time); ok {
				// The serial, written in the workbook's date system.
				epoch := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)
				if date1904 {
					epoch = time.Date(1904, 1, 1, 0, 0, 0, 0, time.UTC)
				}
				v = float64(tm.Sub(epoch)) / float64(24*time.Hour)
				if err := f.SetCellStyle(sheet, ref, ref, dateStyle); err != nil {
					t.Fatal(err)
				}
			}
			if v == nil {
				continue
			}
			if err := f.SetCellValue(sheet, ref, v); err != nil {
				t.Fatal(err)
			}
		}
	}
	p := filepath.Join(t.TempDir(), "orders.xlsx")
	if err := f.SaveAs(p); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestXLSXScan runs workbooks written by excelize through Scan: date cells
// in both date systems, float customer ids, quantity × unit price, and
// rejects that carry the sheet and row.
func TestXLSXScan(t *testing.T) {
	ts := func(s string) time.Time {
		tm, err := time.Parse("2006-01-02 15:04:05.000", s)
		if err != nil {
			t.Fatal(err)
		}
		return tm
	}
	rows := [][]any{
		{"InvoiceNo", "CustomerID", "InvoiceDate", "Quantity", "UnitPrice", "Country"},
		{536365, 17850.0, ts("2010-12-01 08:26:00.000"), 6, 2.55, "United Kingdom"},
		{536366, 17850.0, ts("2010-12-01 23:59:59.999"), 2, 1.85, "United Kingdom"},
		{nil, nil, nil, nil, nil, nil},
		{536367, 13047.0, ts("2010-12-02 00:00:00.000"), 3, 0.1 + 0.2, "France"},
		{"C536379", 13047.0, ts("2010-12-03 09:41:00.000"), -1, 27.5, "France"},
		{536370, nil, ts("2010-12-03 10:00:00.000"), 1, 1.0, "France"},
		{536371, 12583.0, "not a date", 1, 1.0, "France"},
	}
	for _, date1904 := range []bool{false, true} {
		t.Run(fmt.Sprintf("1904=%v", date1904), func(t *testing.T) {
			path := excelizeBook(t, date1904, "Orders", rows)
			var rejects collectRejects
			agg, rep, err := Scan(context.Background(), File{Path: path}, Options{AsOf: rfm.NoDate, Rejects: &rejects}, rfm.ReturnsNet)
			if err != nil {
				t.Fatal(err)
			}
			if rep.Read != 6 || rep.Used != 4 || rep.Rejected != 2 || !rep.Accounted() {
				t.Errorf("read %d used %d rejected %d, want 6, 4, 2", rep.Read, rep.Used, rep.Rejected)
			}
			if rep.Table.Sheet != "Orders" || rep.Table.Format != "xlsx" {
				t.Errorf("table %q %q", rep.Table.Sheet, rep.Table.Format)
			}
			if rep.FloatIDs {
				t.Errorf("float ids reported for whole-number cells")
			}
			wantRejects := []string{"7 empty customer id", `8 bad date: "not a date"`}
			if !reflect.DeepEqual(rejects.lines, wantRejects) {
				t.Errorf("rejects %q, want %q", rejects.lines, wantRejects)
			}
			custs, skipped := agg.Customers(rfm.DateOf(2010, 12, 10), rfm.MonetarySum)
			var got []string
			for _, c := range custs {
				got = append(got, fmt.Sprintf("%s %s..%s %s f=%d", c.ID, c.First, c.Last, c.Net, c.Frequency))
			}
			// 6 × 2.55 + 2 × 1.85; 13047 nets 3 × 0.3 − 27.50 < 0.
			want := []string{"17850 2010-12-01..2010-12-01 19.00 f=2"}
			if !reflect.DeepEqual(got, want) || skipped[rfm.NonPositiveSpend] != 1 {
				t.Errorf("customers %q, not scored %v; want %q and 13047 not scored", got, skipped, want)
			}
		})
	}
	// --strict names the file, the sheet and the row.
	path := excelizeBook(t, false, "Orders", rows)
	_, _, err := Scan(context.Background(), File{Path: path}, Options{AsOf: rfm.NoDate, Strict: true}, rfm.ReturnsNet)
	want := path + `[Orders]:7: column "CustomerID": empty customer id`
	if err == nil || err.Error() != want {
		t.Errorf("strict: got %v, want %s", err, want)
	}
}

type collectRejects struct{ lines []string }

func (c *collectRejects) Start([]string) error { c.lines = nil; return nil }
func (c *collectRejects) Reject(r Reject) error {
	c.lines = append(c.lines, fmt.Sprintf("%d %s", r.Line, r.Reason))
	return nil
}

// TestXLSXOnlineRetail reads the UCI Online Retail workbook end to end and
// checks the accounting of SPEC §2 against the data set's published counts.
func TestXLSXOnlineRetail(t *testing.T) {
	path := sharedData(t, "online_retail/Online_Retail.xlsx")
	if testing.Short() {
		t.Skip("-short: skipping the 541,909-row workbook")
	}
	start := time.Now()
	agg, rep, err := Scan(context.Background(), File{Path: path}, Options{AsOf: rfm.NoDate}, rfm.ReturnsNet)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("read %d rows in %v", rep.Read, time.Since(start))
	if rep.Read != 541909 || rep.Rejected != 135080 || rep.Reasons["empty customer id"] != 135080 || rep.Used != 406829 || !rep.Accounted() {
		t.Errorf("read %d used %d rejected %d (%v), want 541909, 406829, 135080 empty customer ids", rep.Read, rep.Used, rep.Rejected, rep.Reasons)
	}
	if rep.Table.Sheet != "Online Retail" {
		t.Errorf("sheet %q", rep.Table.Sheet)
	}
	if rep.FloatIDs {
		t.Errorf("CustomerID 17850.0 cells were read with their .0")
	}
	if got := agg.MaxDate(); got != rfm.DateOf(2011, 12, 9) {
		t.Errorf("latest date %v, want 2011-12-09", got)
	}
}

// sharedData returns a file under ../shared/data next to the module root,
// or skips the test when it is absent, as in a fresh clone.
func sharedData(t *testing.T, rel string) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		if filepath.Dir(dir) == dir {
			t.Fatal("go.mod not found above the test directory")
		}
		dir = filepath.Dir(dir)
	}
	p := filepath.Join(dir, "..", "shared", "data", filepath.FromSlash(rel))
	if _, err := os.Stat(p); err != nil {
		t.Skipf("shared data set %s not present (it lives next to the repository, not in it): %v", rel, err)
	}
	return p
}

// BenchmarkXLSX reads the UCI workbook's rows, nothing scored.
func BenchmarkXLSX(b *testing.B) {
	path := filepath.Join("..", "..", "..", "shared", "data", "online_retail", "Online_Retail.xlsx")
	if _, err := os.Stat(path); err != nil {
		b.Skip("the UCI workbook is not present in ../shared/data")
	}
	for b.Loop() {
		tab, err := File{Path: path}.Open()
		if err != nil {
			b.Fatal(err)
		}
		for {
			_, _, err := tab.Records.Next()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
		}
		tab.Close()
	}
}

// fuzzGen draws choices from fuzz input; past its end every draw is zero.
type fuzzGen struct{ b []byte }

func (g *fuzzGen) byte() byte {
	if len(g.b) == 0 {
		return 0
	}
	c := g.b[0]
	g.b = g.b[1:]
	return c
}

func (g *fuzzGen) intn(n int) int { return int(g.byte()) % n }

func (g *fuzzGen) uint64() uint64 {
	var v uint64
	for range 8 {
		v = v<<8 | uint64(g.byte())
	}
	return v
}

// text draws a short string of characters XML can carry.
func (g *fuzzGen) text() string {
	alphabet := []rune{'a', 'Z', '0', '7', ' ', '_', 'x', '&', '<', '>', '"', '\'', ';', '#', '\t', '\n', '\r', ']', '中', '€', '\u3000', 'é', '-', '=', '.'}
	n := g.intn(8)
	var b strings.Builder
	for range n {
		b.WriteRune(alphabet[g.intn(len(alphabet))])
	}
	return b.String()
}

// xmlText writes s as element text in one of several equivalent ways.
func (g *fuzzGen) xmlText(s string) string {
	s = strings.ReplaceAll(s, "_", "_x005F_")
	switch g.intn(4) {
	case 1:
		if !strings.Contains(s, "]]>") && !strings.Contains(s, "\r") {
			return "<![CDATA[" + s + "]]>"
		}
	case 2:
		var b strings.Builder
		for _, r := range s {
			fmt.Fprintf(&b, "&#%d;", r)
		}
		return b.String()
	case 3:
		var b strings.Builder
		for _, r := range s {
			fmt.Fprintf(&b, "&#x%x;", r)
		}
		return b.String() + "<!-- c -->"
	}
	return xmlEscape(s)
}

// FuzzXLSX reads workbooks generated from the fuzz input — varied cell types,
// styles, date systems and XML spellings — and compares every record with
// what the generator put in.
func FuzzXLSX(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte("\x01\x03\x02\x01\x01\x02abc\x03\x04\x05\x06\x07\x08\x09\x0a\x0b"))
	for i := range 24 {
		seed := make([]byte, 200)
		x := uint32(i*2654435761 + 1)
		for k := range seed {
			x ^= x << 13
			x ^= x >> 17
			x ^= x << 5
			seed[k] = byte(x)
		}
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		g := &fuzzGen{b: data}
		book := testBook{date1904: g.intn(2) == 1, strings: []string{}, xfs: []int{0, 22, 21, 164, 2}, numFmts: map[int]string{164: `yyyy/m/d\ h:mm;@`}}
		epoch := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)
		if book.date1904 {
			epoch = time.Date(1904, 1, 1, 0, 0, 0, 0, time.UTC)
		}
		prefix := ""
		if g.intn(4) == 0 {
			prefix = "x:"
		}
		q := `"`
		if g.intn(4) == 0 {
			q = `'`
		}
		type cellOut struct {
			col  int
			text string
		}
		var rows strings.Builder
		var all [][]cellOut
		var lines []int
		rowNum := 0
		nrows := 1 + g.intn(6)
		for range nrows {
			prev := rowNum
			rowNum += 1 + g.intn(3)/2*g.intn(4)
			lines = append(lines, rowNum)
			ref := fmt.Sprintf(` r=%s%d%s`, q, rowNum, q)
			if rowNum == prev+1 && g.intn(3) == 0 {
				ref = ""
			}
			if g.intn(8) == 0 {
				fmt.Fprintf(&rows, `<%srow%s/>`, prefix, ref)
				all = append(all, nil)
				continue
			}
			fmt.Fprintf(&rows, `<%srow%s %s>`, prefix, ref, strings.Repeat(" ", g.intn(2)))
			var cells []cellOut
			col := -1
			ncells := g.intn(6)
			for range ncells {
				col += 1 + g.intn(3)/2
				cref := fmt.Sprintf(` r=%s%s%d%s`, q, columnName(col), rowNum, q)
				if len(cells) > 0 && cells[len(cells)-1].col == col-1 && g.intn(2) == 0 {
					cref = ""
				}
				c := func(attrs, body string) {
					if body == "" {
						fmt.Fprintf(&rows, `<%sc%s%s/>`, prefix, cref, attrs)
						return
					}
					fmt.Fprintf(&rows, `<%sc%s%s>%s</%sc>`, prefix, cref, attrs, body, prefix)
				}
				v := func(s string) string { return fmt.Sprintf(`<%sv>%s</%sv>`, prefix, s, prefix) }
				var text string
				switch g.intn(8) {
				case 0: // styled, empty
					c(fmt.Sprintf(` s=%s1%s`, q, q), "")
				case 1: // inline string, perhaps in runs
					text = g.text()
					if g.intn(2) == 0 {
						c(` t=`+q+`inlineStr`+q, fmt.Sprintf(`<%sis><%st>%s</%st></%sis>`, prefix, prefix, g.xmlText(text), prefix, prefix))
					} else {
						a, b := text[:len(text)/2], text[len(text)/2:]
						if !utf8Valid(a) {
							a, b = "", text
						}
						c(` t=`+q+`inlineStr`+q, fmt.Sprintf(`<%sis><%sr><%st>%s</%st></%sr><%sr><%srPr/><%st xml:space="preserve">%s</%st></%sr><%srPh><%st>ignored</%st></%srPh></%sis>`,
							prefix, prefix, prefix, g.xmlText(a), prefix, prefix, prefix, prefix, prefix, g.xmlText(b), prefix, prefix, prefix, prefix, prefix, prefix, prefix))
					}
				case 2: // shared string
					text = g.text()
					book.strings = append(book.strings, "<t>"+g.xmlText(text)+"</t>")
					c(` t=`+q+`s`+q, v(fmt.Sprint(len(book.strings)-1)))
				case 3: // number
					x := math.Float64frombits(g.uint64())
					if math.IsNaN(x) || math.IsInf(x, 0) {
						x = float64(g.intn(100)) / 8
					}
					var s string
					switch g.intn(3) {
					case 0:
						s = strconv.FormatFloat(x, 'g', -1, 64)
					case 1:
						s = strconv.FormatFloat(x, 'E', -1, 64)
					default:
						s = strconv.FormatFloat(x, 'f', -1, 64)
						if !strings.Contains(s, ".") {
							s += ".0"
						}
					}
					c("", v(s))
					r, _ := strconv.ParseFloat(strconv.FormatFloat(x, 'e', 14, 64), 64)
					text = strconv.FormatFloat(math.Abs(r), 'f', -1, 64)
					if r < 0 {
						text = "-" + text
					}
				case 4: // date-time or time
					// Up to 9999-12-31, the last day Excel has: serial
					// 2958465, or 2957003 in the 1904 system.
					days := int64(2958000)
					if book.date1904 {
						days = 2957000
					}
					ms := int64(g.uint64() % uint64(days*msPerDay))
					if !book.date1904 && ms < 61*msPerDay {
						ms += 61 * msPerDay
					}
					serial := float64(ms) / msPerDay
					style := []int{1, 2, 3, 4}[g.intn(4)]
					c(fmt.Sprintf(` s=%s%d%s`, q, style, q), v(strconv.FormatFloat(serial, 'g', -1, 64)))
					tm := epoch.AddDate(0, 0, int(ms/msPerDay)).Add(time.Duration(ms%msPerDay) * time.Millisecond)
					layout := "2006-01-02 15:04:05"
					if style == 2 {
						layout = "15:04:05"
					}
					if style == 4 {
						text = strconv.FormatFloat(serial, 'g', -1, 64)
						r, _ := strconv.ParseFloat(strconv.FormatFloat(serial, 'e', 14, 64), 64)
						text = strconv.FormatFloat(r, 'f', -1, 64)
						break
					}
					if ms%1000 != 0 {
						layout += ".000"
					}
					text = tm.Format(layout)
				case 5: // boolean
					b := g.intn(2)
					c(` t=`+q+`b`+q, v(fmt.Sprint(b)))
					text = []string{"FALSE", "TRUE"}[b]
				case 6: // a formula's string
					text = g.text()
					c(` t=`+q+`str`+q, fmt.Sprintf(`<%sf>A1&amp;"&lt;"</%sf>`, prefix, prefix)+v(g.xmlText(text)))
				default: // no cell at all
					col--
					continue
				}
				cells = append(cells, cellOut{col, text})
			}
			fmt.Fprintf(&rows, `</%srow>`, prefix)
			all = append(all, cells)
		}
		book.sheets = []testSheet{{name: "F", whole: `<?xml version="1.0" encoding="UTF-8"?>` +
			`<` + prefix + `worksheet xmlns` + strings.TrimSuffix(":"+prefix, ":") + `="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><` + prefix + `sheetData>` +
			rows.String() + `</` + prefix + `sheetData></` + prefix + `worksheet>`}}
		// What the reader should make of it.
		var want []xrec
		width := 0
		for i, cells := range all {
			n := 0
			for _, c := range cells {
				if len(trimSpace([]byte(c.text))) > 0 {
					n = c.col + 1
				}
			}
			if n == 0 {
				continue
			}
			n = max(n, width)
			fields := make([]string, n)
			for _, c := range cells {
				if c.col < n {
					fields[c.col] = c.text
				}
			}
			if width == 0 {
				width = n
				for k := range fields {
					fields[k] = string(trimSpace([]byte(fields[k])))
				}
			}
			want = append(want, xrec{lines[i], fields})
		}
		_, got, err := readTable(t, File{Path: writeFile(t, "f.xlsx", book.bytes(t))})
		if len(want) == 0 {
			if err == nil || !strings.Contains(err.Error(), "no header row") {
				t.Fatalf("no rows: got %v", err)
			}
			return
		}
		if err != nil {
			t.Fatalf("%v\n%s", err, rows.String())
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("got  %+v\nwant %+v\n%s", got, want, rows.String())
		}
	})
}

func utf8Valid(s string) bool { return strings.ToValidUTF8(s, "\uFFFD") == s }

// FuzzXLSXSheet reads arbitrary sheet XML: the reader must neither panic nor
// return a record narrower than the header.
func FuzzXLSXSheet(f *testing.F) {
	f.Add(`<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>b</t></is></c></row><row r="2"><c r="A2" s="1"><v>45000.5</v></c></row></sheetData></worksheet>`)
	f.Add(`<worksheet><sheetData><row><c><v>1</v></c><c t="b"><v>1</v></c></row><row r="9"><c r="C9"><v>x</v></c></row></sheetData>`)
	f.Add(`<x:worksheet><x:sheetData><x:row><x:c t='inlineStr'><x:is><x:t><![CDATA[a]]>&amp;&#x4e2d;</x:t></x:is></x:c><!-- > --></x:row></x:sheetData></x:worksheet>`)
	f.Add(`<worksheet><sheetData><row r="1"><c r="A1"><v>1</c><c r="B1" t="inlineStr"><is><t>a</is></c><row r="2"><c r="ZZZZ2"/><c r="A2" t="s"><v>-1</v></c>`)
	f.Add(`<worksheet><sheetData><row r="1"><c r="A1" t="e"><v>#N/A</v></c><c r="B1" foo="a>b"><v>2</v><v>3</v></c></row><row r="0"><c r="A"><v>1`)
	f.Fuzz(func(t *testing.T, sheet string) {
		book := testBook{sheets: []testSheet{{name: "F", whole: sheet}}, strings: []string{"<t>s</t>"}, xfs: []int{0, 22}}
		path := writeFile(t, "f.xlsx", book.bytes(t))
		defer func(n int) { xmlBufferSize = n }(xmlBufferSize)
		for _, size := range []int{xmlBufferSize, 16} {
			xmlBufferSize = size
			tab, err := File{Path: path}.Open()
			if err != nil {
				continue
			}
			for range 10000 {
				fields, _, err := tab.Records.Next()
				if err != nil {
					break
				}
				if len(fields) < len(tab.Header) {
					t.Fatalf("a record of %d fields under a header of %d (buffer %d)", len(fields), len(tab.Header), size)
				}
			}
			tab.Close()
		}
	})
}

// TestXLSXFixture reads the bundled testdata/xlsx-orders.xlsx, a workbook
// written by excelize with notes on its first sheet, and checks that the CLI
// script carries the same bytes.
func TestXLSXFixture(t *testing.T) {
	const path = "../../testdata/xlsx-orders.xlsx"
	tab, recs, err := readTable(t, File{Path: path, Sheet: "2"})
	if err != nil {
		t.Fatal(err)
	}
	want := []xrec{
		{1, []string{"订单号", "买家ID", "下单时间", "数量", "单价", "商品"}},
		{2, []string{"536365", "17850", "2024-03-01 08:26:00", "6", "2.55", "白色心形挂饰"}},
		{3, []string{"536365", "17850", "2024-03-01 08:26:00", "8", "2.75", "奶油色衣架"}},
		{4, []string{"536401", "17850", "2024-05-20 23:59:59.600", "2", "1.85", "手提袋"}},
		{6, []string{"536402", "13047", "2024-04-02 10:15:30.511", "3", "4.95", "蓝色花瓶"}},
		{7, []string{"C536403", "13047", "2024-04-09 11:00:00", "-1", "4.95", "蓝色花瓶（退货）"}},
		{8, []string{"536404", "12583", "2024/6/1 9:30", "24", "0.85", "文字日期"}},
		{9, []string{"536405", "", "2024-06-02 12:00:00", "1", "9.99", "无买家ID"}},
		{10, []string{"536406", "12583", "2024-06-28 16:45:00", "12", "1.25", "彩色铅笔"}},
		{11, []string{"536407", "14688", "2024-06-30 09:00:00", "1", "0.3", "样品"}},
	}
	if tab.Sheet != "订单" || !reflect.DeepEqual(recs, want) {
		t.Errorf("sheet %q:\ngot  %+v\nwant %+v", tab.Sheet, recs, want)
	}
	script, err := os.ReadFile("../../testdata/script/xlsx-score.txtar")
	if err != nil {
		t.Fatal(err)
	}
	_, b64, _ := strings.Cut(string(script), "-- orders.xlsx.b64 --\n")
	got, err := base64.StdEncoding.DecodeString(strings.ReplaceAll(b64, "\n", ""))
	fixture, err2 := os.ReadFile(path)
	if err != nil || err2 != nil || !bytes.Equal(got, fixture) {
		t.Errorf("testdata/script/xlsx-score.txtar does not hold testdata/xlsx-orders.xlsx (%v, %v); refresh it with base64 -w 76", err, err2)
	}
}

// TestXLSXCloseEndsReadAhead stops reading a large sheet after its first
// rows: Close must end the goroutine that unzips ahead, without the help of
// the garbage collector, and a read after Close must fail, not wait.
func TestXLSXCloseEndsReadAhead(t *testing.T) {
	var rows strings.Builder
	for i := 1; i <= 40000; i++ {
		fmt.Fprintf(&rows, `<row r="%d"><c r="A%d" t="inlineStr"><is><t>customer %d</t></is></c><c r="B%d"><v>%d.5</v></c></row>`, i, i, i, i, i)
	}
	path := writeFile(t, "big.xlsx", testBook{sheets: []testSheet{{name: "S", rows: rows.String()}}}.bytes(t))
	damaged := writeFile(t, "damaged.xlsx", testBook{sheets: []testSheet{{name: "S", rows: "</oops>" + rows.String()}}}.bytes(t))
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	before := runtime.NumGoroutine()
	for range 3 {
		tab, err := File{Path: path}.Open()
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := tab.Records.Next(); err != nil {
			t.Fatal(err)
		}
		ahead := tab.Records.(*sheetReader).ahead
		tab.Close()
		select {
		case <-ahead.exited:
		default:
			t.Fatal("the goroutine reading ahead runs on after Close")
		}
		tab.Close() // a second Close does no harm
		// What was unzipped before Close may still come through.
		err = nil
		for n := 0; err == nil; n++ {
			if n > 40000 {
				t.Fatal("the whole sheet came through after Close")
			}
			_, _, err = tab.Records.Next()
		}
		if !errors.Is(err, errReadAfterClose) {
			t.Fatalf("Next after Close: got %v, want %v", err, errReadAfterClose)
		}
	}
	// Close while Next runs on another goroutine, as a cancelled scan does.
	tab, err := File{Path: path}.Open()
	if err != nil {
		t.Fatal(err)
	}
	started, errc := make(chan struct{}), make(chan error, 1)
	go func() {
		_, _, err := tab.Records.Next()
		close(started)
		for err == nil {
			_, _, err = tab.Records.Next()
		}
		errc <- err
	}()
	<-started
	tab.Close()
	select {
	case err := <-errc:
		if err != io.EOF && !errors.Is(err, errReadAfterClose) {
			t.Fatalf("Next while closed: got %v, want %v", err, errReadAfterClose)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Next waits on after Close")
	}
	// A sheet whose header row cannot be read fails to open, and stops its
	// goroutine.
	if _, err := (File{Path: damaged}).Open(); err == nil || !strings.Contains(err.Error(), "</oops>") {
		t.Fatalf("got %v, want the error of </oops>", err)
	}
	for i := 0; i < 100 && runtime.NumGoroutine() > before; i++ {
		time.Sleep(10 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before {
		t.Errorf("%d goroutines after closing the readers, %d before", n, before)
	}
	// Read to the end, the rows all come through.
	_, recs, err := readTable(t, File{Path: path})
	if err != nil || len(recs) != 40000 || recs[39999].fields[1] != "40000.5" {
		t.Errorf("read %d records, %v", len(recs), err)
	}
}
