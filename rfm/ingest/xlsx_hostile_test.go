package ingest

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"context"
	"fmt"
	"hash/crc32"
	"io"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/rfmtool/rfm/rfm"
)

// ordersSheet is a sheet of orders: a header row of customer_id, order_date
// and amount, then the given rows (inner XML of <sheetData>).
func ordersSheet(rows string) string {
	is := func(ref, s string) string {
		return `<c r="` + ref + `" t="inlineStr"><is><t>` + s + `</t></is></c>`
	}
	return `<row r="1">` + is("A1", "customer_id") + is("B1", "order_date") + is("C1", "amount") + `</row>` + rows
}

// scanBook runs a workbook through Scan and returns its report and the
// rejected rows as "line reason".
func scanBook(t *testing.T, b testBook) (*Report, []string) {
	t.Helper()
	var rejects collectRejects
	_, rep, err := Scan(context.Background(), File{Path: writeFile(t, "book.xlsx", b.bytes(t))}, Options{AsOf: rfm.NoDate, Rejects: &rejects}, rfm.ReturnsNet)
	if err != nil {
		t.Fatal(err)
	}
	if !rep.Accounted() {
		t.Errorf("rows not accounted for: %+v", rep)
	}
	return rep, rejects.lines
}

// TestXLSXNumberForms checks that a numeric cell is read as a number only in
// the lexical form of XML Schema's decimal and double, as Excel writes it;
// anything else (hexadecimal, digit separators, INF, NaN) stays text, so the
// amount or date column rejects its row.
func TestXLSXNumberForms(t *testing.T) {
	tests := []struct {
		v      string
		amount string // the amount read, or "" when rejected
		reject string
	}{
		{"12.5", "12.50", ""},
		{".5", "0.50", ""},
		{"5.", "5.00", ""},
		{"+1.5E+2", "150.00", ""},
		{"2e-2", "0.02", ""},
		{" 7 ", "7.00", ""},
		{"0x1p3", "", `bad amount: "0x1p3"`},
		{"0X10", "", `bad amount: "0X10"`},
		{"1_000", "", `bad amount: "1_000"`},
		{"Inf", "", `bad amount: "Inf"`},
		{"-INF", "", `bad amount: "-INF"`},
		{"NaN", "", `bad amount: "NaN"`},
		{"infinity", "", `bad amount: "infinity"`},
		{"1e", "", `bad amount: "1e"`},
		{".", "", `bad amount: "."`},
		{"1e999", "", `bad amount: "1e999"`},
	}
	for _, tt := range tests {
		t.Run(tt.v, func(t *testing.T) {
			rows := `<row r="2"><c r="A2" t="inlineStr"><is><t>C1</t></is></c><c r="B2" t="inlineStr"><is><t>2024-01-05</t></is></c><c r="C2" t="n"><v>` + tt.v + `</v></c></row>`
			b := testBook{sheets: []testSheet{{name: "S", rows: ordersSheet(rows)}}}
			var got []string
			var rejects collectRejects
			agg, rep, err := Scan(context.Background(), File{Path: writeFile(t, "n.xlsx", b.bytes(t))}, Options{AsOf: rfm.NoDate, Rejects: &rejects}, rfm.ReturnsNet)
			if err != nil {
				t.Fatal(err)
			}
			custs, _ := agg.Customers(rfm.DateOf(2024, 2, 1), rfm.MonetarySum)
			for _, c := range custs {
				got = append(got, c.Net.String())
			}
			if tt.reject != "" {
				want := []string{"2 " + tt.reject}
				if rep.Read != 1 || rep.Rejected != 1 || !reflect.DeepEqual(rejects.lines, want) {
					t.Errorf("read %d rejected %d %q (amounts %q), want the row rejected: %q", rep.Read, rep.Rejected, rejects.lines, got, want)
				}
				return
			}
			if rep.Used != 1 || len(got) != 1 || got[0] != tt.amount {
				t.Errorf("used %d, amounts %q, rejects %q; want %s", rep.Used, got, rejects.lines, tt.amount)
			}
		})
	}
	// A date cell (format 14) whose value is not a number is a bad date.
	for _, v := range []string{"0x1p3", "1_0", "NaN"} {
		rows := `<row r="2"><c r="A2" t="inlineStr"><is><t>C1</t></is></c><c r="B2" s="1"><v>` + v + `</v></c><c r="C2"><v>3</v></c></row>` +
			`<row r="3"><c r="A3" t="inlineStr"><is><t>C1</t></is></c><c r="B3" s="1"><v>.5e5</v></c><c r="C3"><v>4</v></c></row>`
		rep, rejects := scanBook(t, testBook{sheets: []testSheet{{name: "S", rows: ordersSheet(rows)}}, xfs: []int{0, 14}})
		want := []string{fmt.Sprintf("2 bad date: %q", v)}
		if rep.Read != 2 || rep.Used != 1 || !reflect.DeepEqual(rejects, want) {
			t.Errorf("date %s: read %d used %d rejects %q, want 2, 1, %q", v, rep.Read, rep.Used, rejects, want)
		}
	}
}

// TestXLSXUncachedFormulas checks that a row whose only content is formulas
// without a cached value is counted and rejected, not skipped as blank.
func TestXLSXUncachedFormulas(t *testing.T) {
	row := func(n int, cells string) string { return fmt.Sprintf(`<row r="%d">%s</row>`, n, cells) }
	rows := row(2, `<c r="A2" t="inlineStr"><is><t>C1</t></is></c><c r="B2" t="inlineStr"><is><t>2024-01-05</t></is></c><c r="C2"><v>10</v></c>`) +
		row(3, `<c r="A3" t="str"><f>A2</f></c><c r="B3"><f>B2+1</f></c><c r="C3"><f>C2*2</f></c>`) +
		row(4, `<c r="A4"><f t="shared" ref="A4:C4" si="0"/></c><c r="B4" s="1"/>`) +
		// A formula whose cached value is empty text is a blank cell.
		row(5, `<c r="A5" t="str"><f>""</f><v></v></c>`) +
		row(6, `<c r="A6" t="inlineStr"><is><t>C2</t></is></c><c r="B6" t="inlineStr"><is><t>2024-01-06</t></is></c><c r="C6"><f>1+1</f><v>2</v></c>`)
	rep, rejects := scanBook(t, testBook{sheets: []testSheet{{name: "S", rows: ordersSheet(rows)}}, xfs: []int{0, 14}})
	want := []string{
		"3 formula without a cached value: cell A3; open the file in Excel and save it again, or export CSV",
		"4 formula without a cached value: cell A4; open the file in Excel and save it again, or export CSV",
	}
	if rep.Read != 4 || rep.Used != 2 || rep.Rejected != 2 || !reflect.DeepEqual(rejects, want) {
		t.Errorf("read %d used %d rejected %d %q\nwant 4, 2, 2 %q", rep.Read, rep.Used, rep.Rejected, rejects, want)
	}
	if rep.Reasons["formula without a cached value"] != 2 {
		t.Errorf("reasons %v", rep.Reasons)
	}
}

// TestXLSXDamagedXML checks that sheet and shared-string XML whose tags do
// not match, or which ends inside an element, stops the run as damaged.
func TestXLSXDamagedXML(t *testing.T) {
	const head = `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`
	row1 := `<row r="1"><c r="A1" t="inlineStr"><is><t>id</t></is></c></row>`
	tests := []struct {
		name  string
		sheet string // the whole worksheet part
		strs  []string
		want  string
	}{
		{"end tag of another element", head + row1 + `<row r="2"><c r="A2"><v>2</v></c></col><row r="3"><c r="A3"><v>3</v></c></row></sheetData></worksheet>`, nil,
			"[S]:2: the sheet cannot be read past this row; the file is damaged: </col> in place of </row>"},
		{"text closed by another tag", head + row1 + `<row r="2"><c r="A2" t="inlineStr"><is><t>b</x></is></c></row></sheetData></worksheet>`, nil,
			"[S]:2: the sheet cannot be read past this row; the file is damaged: </x> in place of </t>"},
		{"an end tag with nothing open", `</row>` + head + row1 + `</sheetData></worksheet>`, nil,
			"[S]: the sheet cannot be read past this row; the file is damaged: </row> closes no element"},
		{"an unclosed row", head + row1 + `<row r="2"><c r="A2"><v>1</v></c><row r="3"><c r="A3"><v>2</v></c></row></sheetData></worksheet>`, nil,
			"[S]:3: the sheet cannot be read past this row; the file is damaged: </sheetData> in place of </row>"},
		{"cut in a value", head + row1 + `<row r="2"><c r="A2"><v>12`, nil,
			"[S]:2: the sheet cannot be read past this row; the file is damaged: the XML ends inside <v>"},
		{"cut in a tag", head + row1 + `<row r="2"><c r="A2"`, nil,
			"[S]:2: the sheet cannot be read past this row; the file is damaged: unexpected EOF"},
		{"cut between rows", head + row1 + `<row r="2"><c r="A2"><v>1</v></c></row>`, nil,
			"[S]:2: the sheet cannot be read past this row; the file is damaged: the XML ends inside <sheetData>"},
		{"shared strings", head + row1 + `</sheetData></worksheet>`, []string{`<t>a</x>`},
			"xl/sharedStrings.xml cannot be read; the file is damaged: </x> in place of </t>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeFile(t, "bad.xlsx", testBook{sheets: []testSheet{{name: "S", whole: tt.sheet}}, strings: tt.strs}.bytes(t))
			_, _, err := readTable(t, File{Path: path})
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), path) {
				t.Errorf("got %v\nwant an error naming %s with %q", err, path, tt.want)
			}
		})
	}
}

// deflateRepeat returns a raw deflate stream of head, then body n times,
// then tail, with the size and CRC-32 of what it inflates to. Each piece is
// compressed on its own and flushed to a byte boundary, so the body is
// compressed once and copied: a stream of gigabytes takes milliseconds.
func deflateRepeat(t testing.TB, head, body string, n int, tail string) (z []byte, size uint64, crc uint32) {
	t.Helper()
	piece := func(s string, last bool) []byte {
		var buf bytes.Buffer
		w, err := flate.NewWriter(&buf, flate.BestCompression)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(w, s)
		if last {
			err = w.Close()
		} else {
			err = w.Flush()
		}
		if err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	z = append(z, piece(head, false)...)
	zb := piece(body, false)
	crc = crc32.Update(0, crc32.IEEETable, []byte(head))
	for range n {
		z = append(z, zb...)
		crc = crc32.Update(crc, crc32.IEEETable, []byte(body))
	}
	z = append(z, piece(tail, true)...)
	crc = crc32.Update(crc, crc32.IEEETable, []byte(tail))
	return z, uint64(len(head)) + uint64(n)*uint64(len(body)) + uint64(len(tail)), crc
}

// withPart returns the archive data with part name replaced by a deflate
// stream made with deflateRepeat.
func withPart(t testing.TB, data []byte, name string, z []byte, size uint64, crc uint32) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		if f.Name == name {
			continue
		}
		if err := zw.Copy(f); err != nil {
			t.Fatal(err)
		}
	}
	w, err := zw.CreateRaw(&zip.FileHeader{Name: name, Method: zip.Deflate, CRC32: crc, CompressedSize64: uint64(len(z)), UncompressedSize64: size})
	if err != nil {
		t.Fatal(err)
	}
	w.Write(z)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// bombSI is the size of the shared-strings bomb: 256 MiB of <si/>, which
// the old reader took 12 s and over a gigabyte to load.
const bombSI = 256 << 20

// stringsBomb returns a workbook whose sheet refers to shared strings 0 and
// ref, and whose shared-strings part is two strings and then bombSI bytes of
// empty strings, deflated to well under a megabyte.
func stringsBomb(t testing.TB, ref int) []byte {
	t.Helper()
	sheet := fmt.Sprintf(`<row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2"><c r="A2" t="s"><v>%d</v></c></row>`, ref)
	data := testBook{sheets: []testSheet{{name: "S", rows: sheet}}, strings: []string{"<t>id</t>"}}.bytes(t)
	body := strings.Repeat("<si/>", (1<<20)/5)
	z, size, crc := deflateRepeat(t,
		`<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="2" uniqueCount="2000000000"><si><t>id</t></si><si><t>C1</t></si>`,
		body, bombSI/len(body), `</sst>`)
	return withPart(t, data, "xl/sharedStrings.xml", z, size, crc)
}

// TestXLSXStringsBomb reads a workbook whose shared strings unpack to
// 256 MiB of empty strings: the strings past what its sheet has cells for
// are not kept, so it reads in little time and memory.
func TestXLSXStringsBomb(t *testing.T) {
	data := stringsBomb(t, 1)
	if len(data) > 1<<20 {
		t.Fatalf("the bomb is %d bytes; it should deflate to under a megabyte", len(data))
	}
	path := writeFile(t, "bomb.xlsx", data)
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	_, recs, err := readTableOnce(File{Path: path})
	elapsed := time.Since(start)
	runtime.ReadMemStats(&after)
	if err != nil {
		t.Fatal(err)
	}
	want := []xrec{{1, []string{"id"}}, {2, []string{"C1"}}}
	if !reflect.DeepEqual(recs, want) {
		t.Errorf("got %+v, want %+v", recs, want)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 16<<20 {
		t.Errorf("reading allocated %s; the strings the sheet cannot refer to should not be kept", byteSize(alloc))
	}
	t.Logf("read in %v", elapsed)

	// A cell that refers to a string past what the sheets have room for
	// names the cell and the limit.
	path = writeFile(t, "bomb.xlsx", stringsBomb(t, 5000000))
	_, _, err = readTable(t, File{Path: path})
	wantErr := `[S]:2: cell A2 refers to shared string 5000000, but the workbook's sheets have room to refer to only`
	if err == nil || !strings.HasPrefix(err.Error(), path) || !strings.Contains(err.Error(), wantErr) || !strings.Contains(err.Error(), "damaged or a zip bomb") {
		t.Errorf("got %v, want %q", err, wantErr)
	}
}

// TestXLSXStringsMemory lowers the memory the shared strings may take and
// checks that a table over it is refused with a message that says so, both
// for long strings and for many empty ones.
func TestXLSXStringsMemory(t *testing.T) {
	defer func(n int64) { maxXLSXStringMemory = n }(maxXLSXStringMemory)
	maxXLSXStringMemory = 1 << 20
	// A sheet with room for many string cells: padding after its data, which
	// is never read, makes the part large.
	sheet := `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` +
		`<row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData><!--` + strings.Repeat(" ", 8<<20) + `--></worksheet>`
	long := strings.Repeat("<t>"+strings.Repeat("x", 1000)+"</t>", 2000)
	tests := []struct {
		name string
		strs []string
	}{
		{"long strings", []string{long}},
		{"empty strings", append([]string{"<t>id</t>"}, make([]string, 300000)...)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeFile(t, "big.xlsx", testBook{sheets: []testSheet{{name: "S", whole: sheet}}, strings: tt.strs}.bytes(t))
			_, _, err := readTable(t, File{Path: path})
			want := "xl/sharedStrings.xml: the workbook's shared strings take over 1.0 MiB of memory"
			if err == nil || !strings.HasPrefix(err.Error(), path) || !strings.Contains(err.Error(), want) {
				t.Errorf("got %v, want %q", err, want)
			}
		})
	}
	// Under the limit, the same workbook reads.
	maxXLSXStringMemory = 8 << 20
	path := writeFile(t, "big.xlsx", testBook{sheets: []testSheet{{name: "S", whole: sheet}}, strings: tests[1].strs}.bytes(t))
	if _, recs, err := readTable(t, File{Path: path}); err != nil || len(recs) != 1 {
		t.Errorf("under the limit: %v, %d records", err, len(recs))
	}
}
