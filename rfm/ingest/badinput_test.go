package ingest

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/rfmtool/rfm/rfm"
)

func utf16Bytes(s string, bigEndian, bom bool) []byte {
	var b []byte
	units := utf16.Encode([]rune(s))
	if bom {
		units = append([]uint16{0xFEFF}, units...)
	}
	for _, u := range units {
		if bigEndian {
			b = append(b, byte(u>>8), byte(u))
		} else {
			b = append(b, byte(u), byte(u>>8))
		}
	}
	return b
}

func gbk(t *testing.T, s string) []byte {
	b, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func randomBytes(seed uint64, n int, min byte) []byte {
	rng := rand.New(rand.NewPCG(seed, 1))
	b := make([]byte, n)
	for i := range b {
		b[i] = min + byte(rng.IntN(256-int(min)))
	}
	return b
}

// TestBadInputFiles opens and scans files that are not what the tool
// expects and checks what it says: each message names the file, and the
// line and column where there is one.
func TestBadInputFiles(t *testing.T) {
	const good = "customer_id,order_date,amount\na,2024-01-01,5\n"
	for _, tt := range []struct {
		name string
		body []byte
		opt  Options
		// delim is the --delimiter given, 0 to detect it.
		delim byte
		// want is a piece of the error, or "" for success; encoding is the
		// encoding reported on success.
		want     string
		encoding string
		used     int
	}{
		{name: "empty", body: nil, want: "empty.csv: no header row: the file has no non-blank line"},
		{name: "blank lines only", body: []byte("\n \r\n\t\n"), want: "no header row"},
		{name: "header only", body: []byte("customer_id,order_date,amount\n"), encoding: "utf-8"},
		{name: "utf-16 le with bom", body: utf16Bytes(good, false, true), encoding: "utf-16", used: 1},
		{name: "utf-16 be with bom", body: utf16Bytes(good, true, true), encoding: "utf-16", used: 1},
		{name: "utf-16 le", body: utf16Bytes(good, false, false), encoding: "utf-16 (detected)", used: 1},
		{name: "utf-16 be chinese", body: utf16Bytes("客户ID,订单日期,金额\n张三,2024-01-01,5\n", true, false), encoding: "utf-16 (detected)", used: 1},
		{name: "gbk", body: gbk(t, "客户ID,订单日期,金额\n张三,2024-01-01,5\n李四,2024-01-02,6\n"), encoding: "gb18030 (detected)", used: 2},
		{name: "binary with zero bytes", body: randomBytes(1, 3000, 0), want: "binary with zero bytes.csv: not a CSV or XLSX file"},
		{name: "binary without zero bytes", body: randomBytes(2, 3000, 1), want: "not a CSV or XLSX file"},
		{name: "binary of printable bytes", body: randomBytes(3, 3000, 0x20), want: "not a CSV or XLSX file"},
		{name: "encrypted xlsx", body: append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 512)...),
			want: "an encrypted or legacy (.xls) Excel file; save it as .xlsx without a password, or export CSV"},
		{name: "semicolons read with commas", body: []byte("customer_id;order_date;amount\na;2024-01-01;5\n"), delim: ',',
			want: `no customer, date or amount column among [customer_id;order_date;amount]; name them with --customer-col, --date-col and --amount-col (or --quantity-col and --price-col) (the header reads as one column; if ";" separates its fields, give --delimiter ;)`},
		{name: "missing column", body: []byte("Kunde,Datum,Betrag\na,2024-01-01,5\n"),
			want: ":1: no customer, date or amount column among [Kunde, Datum, Betrag]; name them with --customer-col, --date-col and --amount-col (or --quantity-col and --price-col)"},
		{name: "missing customer and date", body: []byte("Kunde,Datum,amount\na,2024-01-01,5\n"),
			want: ":1: no customer or date column among [Kunde, Datum, amount]; name them with --customer-col and --date-col"},
		{name: "missing amount", body: []byte("customer_id,order_date,qty\na,2024-01-01,5\n"),
			want: "no amount column among [customer_id, order_date, qty]; name it with --amount-col, or give --quantity-col and --price-col"},
		{name: "amount headed twice", body: []byte("customer_id,order_date,amount,amount\na,2024-01-01,5,6\n"),
			want: `two columns are headed "amount" (columns 3 and 4); rename one or name the column with --amount-col`},
		{name: "unused column headed twice", body: []byte("customer_id,order_date,amount,note,note\na,2024-01-01,5,x,y\n"), encoding: "utf-8", used: 1},
		{name: "kept column headed twice", body: []byte("customer_id,order_date,amount,note,note\na,2024-01-01,5,x,y\n"),
			opt: Options{Keep: []string{"note"}}, want: `--keep "note": two columns are headed "note" (columns 4 and 5)`},
		{name: "where column headed twice", body: []byte("customer_id,order_date,amount,note,note\na,2024-01-01,5,x,y\n"),
			opt: Options{Where: []Filter{{Column: "note", Values: []string{"x"}}}}, want: `two columns are headed "note"`},
		{name: "flag names a missing column", body: []byte(good), opt: Options{Columns: [numRoles]string{RoleCustomer: "kunde"}},
			want: `--customer-col "kunde": no such column among [customer_id, order_date, amount]`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), tt.name+".csv")
			if err := os.WriteFile(path, tt.body, 0o644); err != nil {
				t.Fatal(err)
			}
			opt := tt.opt
			opt.AsOf = rfm.NoDate
			_, rep, err := Scan(context.Background(), File{Path: path, Delimiter: tt.delim}, opt, rfm.ReturnsNet)
			switch {
			case tt.want == "" && err != nil:
				t.Fatalf("got %v, want no error", err)
			case tt.want != "" && err == nil:
				t.Fatalf("got no error, want %q", tt.want)
			case tt.want != "":
				if !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), filepath.Base(path)) {
					t.Fatalf("got %q, want the file name and %q", err, tt.want)
				}
				return
			}
			if rep.Table.Encoding != tt.encoding || rep.Used != tt.used || !rep.Accounted() {
				t.Errorf("encoding %q, used %d; want %q and %d", rep.Table.Encoding, rep.Used, tt.encoding, tt.used)
			}
		})
	}
}

// TestBinaryHeuristic checks that text with a stray control character or an
// odd byte is still text.
func TestBinaryHeuristic(t *testing.T) {
	for _, tt := range []struct {
		text string
		want bool
	}{
		{"customer_id,order_date,amount\na,2024-01-01,5\n", false},
		{"customer_id,order_date,amount\na,2024-01-01,5\n\x1a", false}, // DOS end of file
		{"a\x01b\x02c\x03d\x04", true},
		{strings.Repeat("\ufffd", 10), true},
		{strings.Repeat("customer,date,amount\n", 30) + "\x01\x02\x03\x04", false},
	} {
		if got := binary([]byte(tt.text)); got != tt.want {
			t.Errorf("binary(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
}

// TestOpenErrors covers files that cannot be opened as a table at all.
func TestOpenErrors(t *testing.T) {
	dir := t.TempDir()
	_, err := File{Path: filepath.Join(dir, "missing.csv")}.Open()
	if !errors.Is(err, fs.ErrNotExist) || !strings.Contains(err.Error(), "missing.csv") {
		t.Errorf("missing file: got %v, want a not-exist error naming the file", err)
	}
	_, err = File{Path: dir}.Open()
	if err == nil || !strings.Contains(err.Error(), "is a directory, not a file") {
		t.Errorf("directory: got %v", err)
	}
	fifo := filepath.Join(dir, "fifo.csv")
	if err := mkfifo(fifo); err == nil {
		_, err = File{Path: fifo}.Open() // must not wait for a writer
		if err == nil || !strings.Contains(err.Error(), "fifo.csv: not a regular file but a pipe or a device") {
			t.Errorf("named pipe: got %v", err)
		}
	}
	if os.Geteuid() != 0 {
		locked := filepath.Join(dir, "locked.csv")
		os.WriteFile(locked, []byte("a\n"), 0o000)
		_, err = File{Path: locked}.Open()
		if !errors.Is(err, fs.ErrPermission) || !strings.Contains(err.Error(), "locked.csv") {
			t.Errorf("unreadable file: got %v, want a permission error naming the file", err)
		}
	}
}

// TestHeaderList checks that a long or hostile header is cut for messages.
func TestHeaderList(t *testing.T) {
	many := make([]string, 35)
	for i := range many {
		many[i] = "c"
	}
	for _, tt := range []struct {
		header []string
		want   string
	}{
		{[]string{"Kunde", "Datum", "Betrag"}, "Kunde, Datum, Betrag"},
		{[]string{"客户", "a\x1bb\tc"}, `客户, a\x1bb\tc`},
		{[]string{strings.Repeat("x", 100)}, strings.Repeat("x", 39) + "…"},
		{many, strings.Repeat("c, ", 29) + "c, … 5 more"},
	} {
		if got := HeaderList(tt.header); got != tt.want {
			t.Errorf("HeaderList(%q) = %q, want %q", tt.header, got, tt.want)
		}
	}
	if got := HeaderList([]string{string(bytes.Repeat([]byte("é"), 50))}); strings.Count(got, "é") != 39 {
		t.Errorf("cut inside a character: %q", got)
	}
}
