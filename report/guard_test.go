package report

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"encoding/xml"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/rfmtool/rfm/rfm"
	"github.com/rfmtool/rfm/segment"
)

// formulaLike are texts a spreadsheet or a mail tool would run as a formula.
var formulaLike = []string{
	`=HYPERLINK("http://x","y")`, "+1", "-2+3", "@SUM(A1)", "\t=1+2", "\r=1+2", "=cmd|' /C calc'!A0", "-",
}

// guardedResult scores a small file whose kept column is headed like a
// formula, then gives its customers formula-like ids and kept values as
// written, leading tab and CR included (reading would trim those).
func guardedResult(t *testing.T) *Result {
	t.Helper()
	var in strings.Builder
	in.WriteString("customer_id,order_date,amount,=evil()\n")
	for i := range formulaLike {
		in.WriteString("c" + strconv.Itoa(i) + ",2024-01-0" + strconv.Itoa(1+i) + ",1" + strconv.Itoa(i) + ",x\n")
	}
	path := filepath.Join(t.TempDir(), "orders.csv")
	if err := os.WriteFile(path, []byte(in.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	r := scoreFile(t, path, segment.EN, rfm.Quantile, "=evil()")
	if len(r.Customers) != len(formulaLike) {
		t.Fatalf("%d customers, want %d", len(r.Customers), len(formulaLike))
	}
	for i := range r.Customers {
		r.Customers[i].ID = formulaLike[i]
		r.Customers[i].Kept = []string{formulaLike[(i+1)%len(formulaLike)]}
	}
	return r
}

// checkGuardedCSV checks that no field of a CSV output begins with a
// character that starts a formula, and that each formula-like text is there
// behind a '.
func checkGuardedCSV(t *testing.T, name string, data []byte) {
	t.Helper()
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1
	recs, err := cr.ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	found := map[string]int{}
	for _, rec := range recs {
		for _, f := range rec {
			if f != "" && strings.ContainsRune("=+-@\t\r", rune(f[0])) {
				t.Errorf("%s: field %q is not guarded", name, f)
			}
			found[f]++
		}
	}
	for _, v := range append(formulaLike, "=evil()") {
		if found["'"+v] == 0 {
			t.Errorf("%s: %q not written as %q", name, v, "'"+v)
		}
	}
}

// TestFormulaGuard writes formula-like ids, kept values and a kept column's
// header through every writer: the CSV outputs guard them with a leading ',
// and the workbook stores them as text cells, never as formulas.
func TestFormulaGuard(t *testing.T) {
	r := guardedResult(t)

	var buf bytes.Buffer
	if err := WriteCSV(&buf, r, CSVOptions{}); err != nil {
		t.Fatal(err)
	}
	checkGuardedCSV(t, "customer CSV", buf.Bytes())

	all := make([]int, len(r.Customers))
	for i := range all {
		all[i] = i
	}
	buf.Reset()
	if err := WriteSplitCSV(&buf, r, all, CSVOptions{}); err != nil {
		t.Fatal(err)
	}
	checkGuardedCSV(t, "per-segment CSV", buf.Bytes())

	buf.Reset()
	w := NewCSVRecordWriter(&buf)
	w.Write(append([]string{"customer_id", "=evil()"}, "line", "reason"))
	for i, v := range formulaLike {
		w.Write([]string{v, formulaLike[(i+1)%len(formulaLike)], strconv.Itoa(i + 2), "bad amount"})
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	checkGuardedCSV(t, "rejects CSV", buf.Bytes())

	buf.Reset()
	if err := WriteXLSX(&buf, r, XLSXOptions{}); err != nil {
		t.Fatal(err)
	}
	cells := sheetCells(t, buf.Bytes())
	for _, v := range append(formulaLike, "=evil()") {
		types := cells[v]
		if len(types) == 0 {
			t.Errorf("workbook: no cell holds %q", v)
		}
		for _, typ := range types {
			if typ != "s" && typ != "inlineStr" {
				t.Errorf("workbook: %q is in a cell of type %q, want a string", v, typ)
			}
		}
		if len(cells["'"+v]) > 0 {
			t.Errorf("workbook: %q is stored with a ' in front; a text cell needs none", v)
		}
	}
}

// sheetCells reads every worksheet of a workbook from its XML, fails on any
// formula, and returns the type attribute of each cell by the text it holds
// (shared strings looked up).
func sheetCells(t *testing.T, book []byte) map[string][]string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(book), int64(len(book)))
	if err != nil {
		t.Fatal(err)
	}
	read := func(name string) []byte {
		for _, f := range zr.File {
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
				return b
			}
		}
		return nil
	}
	// The shared strings: the text of each <si>, its runs joined.
	var shared []string
	d := xml.NewDecoder(bytes.NewReader(read("xl/sharedStrings.xml")))
	var cur *strings.Builder
	inT := false
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			switch tok.Name.Local {
			case "si":
				cur = new(strings.Builder)
			case "t":
				inT = true
			}
		case xml.EndElement:
			switch tok.Name.Local {
			case "si":
				shared = append(shared, cur.String())
			case "t":
				inT = false
			}
		case xml.CharData:
			if inT && cur != nil {
				cur.Write(tok)
			}
		}
	}

	cells := map[string][]string{}
	sheets := 0
	for _, f := range zr.File {
		if !strings.HasPrefix(f.Name, "xl/worksheets/sheet") {
			continue
		}
		sheets++
		d := xml.NewDecoder(bytes.NewReader(read(f.Name)))
		var typ, ref string
		var text strings.Builder
		in := ""
		for {
			tok, err := d.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("%s: %v", f.Name, err)
			}
			switch tok := tok.(type) {
			case xml.StartElement:
				switch tok.Name.Local {
				case "c":
					typ, ref = "", ""
					text.Reset()
					for _, a := range tok.Attr {
						switch a.Name.Local {
						case "t":
							typ = a.Value
						case "r":
							ref = a.Value
						}
					}
				case "f":
					t.Errorf("%s: cell %s holds a formula", f.Name, ref)
				case "v", "t":
					in = tok.Name.Local
				}
			case xml.EndElement:
				switch tok.Name.Local {
				case "c":
					v := text.String()
					if typ == "s" {
						i, err := strconv.Atoi(v)
						if err != nil || i < 0 || i >= len(shared) {
							t.Fatalf("%s: cell %s refers to shared string %q", f.Name, ref, v)
						}
						v = shared[i]
					}
					cells[v] = append(cells[v], typ)
				case "v", "t":
					in = ""
				}
			case xml.CharData:
				if in != "" {
					text.Write(tok)
				}
			}
		}
	}
	if sheets == 0 {
		t.Fatal("the workbook has no worksheet")
	}
	return cells
}
