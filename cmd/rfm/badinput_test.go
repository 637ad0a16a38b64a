package main

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"
)

// utf16Text encodes s as UTF-16, little or big endian, with or without a
// byte order mark.
func utf16Text(s string, bigEndian, bom bool) []byte {
	units := utf16.Encode([]rune(s))
	if bom {
		units = append([]uint16{0xFEFF}, units...)
	}
	var b []byte
	for _, u := range units {
		if bigEndian {
			b = append(b, byte(u>>8), byte(u))
		} else {
			b = append(b, byte(u), byte(u>>8))
		}
	}
	return b
}

// ordersBook is a workbook of n orders, as a spreadsheet program writes it.
func ordersBook(t *testing.T, n int) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	f.SetSheetRow("Sheet1", "A1", &[]any{"customer_id", "order_date", "amount", "note"})
	for i := range n {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		f.SetSheetRow("Sheet1", cell, &[]any{fmt.Sprintf("c%d", i%97), fmt.Sprintf("2024-%02d-%02d", 1+i%12, 1+i%28), 1 + i%50,
			fmt.Sprintf("a note long enough to compress, row %d", i)})
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// rezip copies the archive, letting edit change each entry's header and its
// compressed bytes.
func rezip(t *testing.T, book []byte, edit func(h *zip.FileHeader, raw []byte) []byte) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(book), int64(len(book)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		rc, err := f.OpenRaw()
		if err != nil {
			t.Fatal(err)
		}
		raw, err := io.ReadAll(rc)
		if err != nil {
			t.Fatal(err)
		}
		h := f.FileHeader
		raw = edit(&h, raw)
		w, err := zw.CreateRaw(&h)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(raw)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// TestBadInputBytes runs rfm score on files whose bytes a script cannot hold:
// binary data, UTF-16, and damaged, encrypted and booby-trapped workbooks.
// Each either reads correctly or fails with status 1, a message naming the
// file and saying what to do, and no output.
func TestBadInputBytes(t *testing.T) {
	const good = "customer_id,order_date,amount\na,2024-01-01,5\nb,2024-01-02,7\n"
	rng := rand.New(rand.NewPCG(7, 7))
	garbage := make([]byte, 4096)
	for i := range garbage {
		garbage[i] = byte(rng.IntN(256))
	}
	printable := make([]byte, 4096)
	for i := range printable {
		printable[i] = byte(0x21 + rng.IntN(0x7f-0x21))
	}
	book := ordersBook(t, 3000)
	for _, tt := range []struct {
		name string
		body []byte
		// want is the whole message on stderr, or, with a run that
		// succeeds, a line of it.
		want string
		ok   bool
	}{
		{name: "garbage.csv", body: garbage, want: "rfm: garbage.csv: not a CSV or XLSX file"},
		// Printable ASCII is text: its first line is a header without the columns.
		{name: "printable.csv", body: printable, want: "rfm: printable.csv:1: no customer, date or amount column among ["},
		{name: "garbage.xlsx", body: garbage, want: "rfm: garbage.xlsx: not a CSV or XLSX file"},
		{name: "le-bom.csv", body: utf16Text(good, false, true), ok: true, want: `le-bom.csv: csv, utf-16, delimiter ","; date format YYYY-MM-DD`},
		{name: "be-bom.csv", body: utf16Text(good, true, true), ok: true, want: `be-bom.csv: csv, utf-16, delimiter ","; date format YYYY-MM-DD`},
		{name: "le.csv", body: utf16Text(good, false, false), ok: true, want: `le.csv: csv, utf-16 (detected), delimiter ","; date format YYYY-MM-DD`},
		{name: "be.csv", body: utf16Text("客户ID\t订单日期\t金额\n张三\t2024-01-01\t5\n", true, false), ok: true, want: `be.csv: csv, utf-16 (detected), delimiter "tab"; date format YYYY-MM-DD`},
		{name: "ok.xlsx", body: book, ok: true, want: "rows read 3000 = used 3000 + rejected 0 + filtered 0 + after as-of 0"},
		{name: "encrypted.xlsx", body: append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 4096)...),
			want: "rfm: encrypted.xlsx: an encrypted or legacy (.xls) Excel file; save it as .xlsx without a password, or export CSV"},
		{name: "truncated.xlsx", body: book[:len(book)/2],
			want: "rfm: truncated.xlsx: not a readable XLSX file (the zip archive is damaged: zip: not a valid zip file); open it in Excel and save it again, or export CSV"},
		{name: "corrupt.xlsx", body: rezip(t, book, func(h *zip.FileHeader, raw []byte) []byte {
			if h.Name == "xl/worksheets/sheet1.xml" {
				for i := len(raw) / 2; i < len(raw)/2+64; i++ {
					raw[i] ^= 0x55
				}
			}
			return raw
		}), want: "rfm: corrupt.xlsx[Sheet1]:"}, // and a row, where the damage shows
		{name: "bomb.xlsx", body: rezip(t, book, func(h *zip.FileHeader, raw []byte) []byte {
			if h.Name == "xl/worksheets/sheet1.xml" {
				h.UncompressedSize64 = 20 << 30
			}
			return raw
		}), want: "rfm: bomb.xlsx[Sheet1]: xl/worksheets/sheet1.xml unpacks to 20.0 GiB, over the 16.0 GiB this reader allows; the file is damaged or a zip bomb"},
		{name: "styles-bomb.xlsx", body: rezip(t, book, func(h *zip.FileHeader, raw []byte) []byte {
			if h.Name == "xl/styles.xml" {
				h.UncompressedSize64 = 1 << 40
			}
			return raw
		}), want: "xl/styles.xml unpacks to 1024.0 GiB, over the 64.0 MiB this reader allows; the file is damaged or a zip bomb"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, tt.name), tt.body, 0o644); err != nil {
				t.Fatal(err)
			}
			t.Chdir(dir)
			_, stderr, code := runRFM(t, "", "score", tt.name, "-o", "out.csv")
			if tt.ok {
				if code != 0 || !strings.Contains(stderr, tt.want+"\n") {
					t.Fatalf("exit status %d, stderr:\n%s\nwant status 0 and a line %q", code, stderr, tt.want)
				}
				return
			}
			if code != 1 || !strings.Contains(stderr, tt.want) || !strings.HasPrefix(stderr, "rfm: "+tt.name) {
				t.Errorf("exit status %d, stderr %q; want status 1 and %q", code, stderr, tt.want)
			}
			if _, err := os.Stat("out.csv"); err == nil {
				t.Errorf("out.csv written")
			}
			if left := listDir(t, dir); len(left) != 1 {
				t.Errorf("left in the folder: %v", left)
			}
		})
	}
}
