package ingest

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"
	"testing/iotest"
	"unicode/utf8"

	"github.com/rfmtool/rfm/rfm"
)

// strayByteCSV is a UTF-8 file of n rows of Chinese ids, 张三0 to 张三n-1,
// with a byte 0xE9 after the id of row 10 (line 11).
func strayByteCSV(header string, n int) []byte {
	var b bytes.Buffer
	b.WriteString(header + "\n")
	for i := range n {
		fmt.Fprintf(&b, "张三%d", i)
		if i == 9 {
			b.WriteByte(0xE9)
		}
		fmt.Fprintf(&b, ",2024-01-%02d,%d\n", 1+i%28, 1+i%50)
	}
	return b.Bytes()
}

func writeBytes(t testing.TB, name string, body []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, body, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// scanText scans path and returns the customers' ids, the report and its
// warnings.
func scanText(t *testing.T, path string, opt Options) ([]string, *Report, []string) {
	t.Helper()
	opt.AsOf = rfm.NoDate
	agg, rep, err := Scan(context.Background(), File{Path: path}, opt, rfm.ReturnsNet)
	if err != nil {
		t.Fatal(err)
	}
	if !rep.Accounted() {
		t.Errorf("accounting does not add up: %+v", rep)
	}
	cs, _ := agg.Customers(agg.MaxDate()+1, rfm.MonetarySum)
	return ids(cs), rep, rep.Warnings(rfm.NoDate)
}

// TestStrayByteKeepsUTF8 is the repro of a UTF-8 file with one byte that is
// not UTF-8: it was read as GB18030, every id garbled, and with Chinese
// headers no customer column was found. It stays UTF-8; the byte becomes
// U+FFFD and is reported with its line.
func TestStrayByteKeepsUTF8(t *testing.T) {
	for _, header := range []string{"customer_id,order_date,amount", "客户ID,订单日期,金额"} {
		path := writeBytes(t, "stray.csv", strayByteCSV(header, 2000))
		for _, seq := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/seq=%v", header, seq), func(t *testing.T) {
				withBounds(t, 4096, 100, 1<<20)
				got, rep, warns := scanText(t, path, Options{Sequential: seq})
				if rep.Table.Encoding != "utf-8" {
					t.Errorf("encoding %q, want utf-8", rep.Table.Encoding)
				}
				if rep.Read != 2000 || rep.Used != 2000 || len(got) != 2000 {
					t.Fatalf("read %d used %d customers %d, want 2000 each", rep.Read, rep.Used, len(got))
				}
				for _, id := range []string{"张三0", "张三8", "张三9\ufffd", "张三10", "张三1999"} {
					if !slices.Contains(got, id) {
						t.Errorf("id %q missing", id)
					}
				}
				for _, id := range got {
					if !strings.HasPrefix(id, "张三") {
						t.Fatalf("id %q garbled", id)
					}
				}
				b := rep.Table.BadText
				if b.Invalid != 1 || b.NUL != 0 || !reflect.DeepEqual(b.First, []int{11}) {
					t.Errorf("bad text %+v, want 1 byte on line 11", b)
				}
				want := "stray.csv: 1 byte that is not UTF-8 became U+FFFD, on line 11 (the row is kept; if the file is in another encoding, give --encoding)"
				if !slices.ContainsFunc(warns, func(w string) bool { return strings.HasSuffix(w, want) }) {
					t.Errorf("warnings %q, want one ending %q", warns, want)
				}
			})
		}
	}
}

// TestGBKDetected checks that GBK text is still read as GB18030: short files,
// a file whose Chinese text happens to hold valid UTF-8 sequences, and the
// Taobao export when it is there.
func TestGBKDetected(t *testing.T) {
	for _, s := range []string{
		"客户ID,订单日期,金额\n张三,2024-01-01,5\n",
		"customer_id,order_date,amount\n王五,2024-01-01,5\n",
		"会员ID,付款时间,实付金额（元）,收货人\n张三,2024/3/5 10:20,\"￥1,234.50\",张三\n李四,2024/3/18,￥88,李四\n",
		strings.Repeat("customer_id,order_date,amount,备注\n", 1) + strings.Repeat("陈晓明,2024-01-01,5,北京市朝阳区建国路八十八号\n", 200),
	} {
		path := writeBytes(t, "gbk.csv", gbk(t, s))
		tab, err := File{Path: path}.Open()
		if err != nil {
			t.Fatal(err)
		}
		fields, _, err := tab.Records.Next()
		tab.Close()
		if err != nil {
			t.Fatal(err)
		}
		if tab.Encoding != "gb18030 (detected)" {
			t.Errorf("%.20q: encoding %q, want gb18030 (detected)", s, tab.Encoding)
		}
		line := strings.SplitN(s, "\n", 3)[1]
		if got := string(bytes.Join(fields, []byte(","))); !strings.HasPrefix(line, strings.SplitN(got, ",", 2)[0]) {
			t.Errorf("first record %q, want %q", got, line)
		}
	}
	var dir string
	if d := os.Getenv("RFM_DATA"); d != "" {
		dir = filepath.Join(d, "cn_taobao_rfm")
	} else {
		dir = filepath.Dir(sharedData(t, "cn_taobao_rfm/rfm_cn_orders.gbk.csv"))
	}
	gb, u8 := filepath.Join(dir, "rfm_cn_orders.gbk.csv"), filepath.Join(dir, "rfm_cn_orders.utf8.csv")
	a, b := readRecords(t, gb, ""), readRecords(t, u8, "")
	if a.enc != "gb18030 (detected)" || b.enc != "utf-8" {
		t.Errorf("encodings %q and %q, want gb18030 (detected) and utf-8", a.enc, b.enc)
	}
	if !reflect.DeepEqual(a.recs, b.recs) || a.bad != 0 {
		t.Errorf("the GBK file reads differently from the UTF-8 one, or has %d bad bytes", a.bad)
	}
}

type records struct {
	enc   string
	recs  []string
	bad   int
	lines []int
}

func readRecords(t *testing.T, path, encoding string) records {
	t.Helper()
	tab, err := File{Path: path, Encoding: encoding}.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer tab.Close()
	r := records{enc: tab.Encoding}
	for {
		fields, _, err := tab.Records.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		r.recs = append(r.recs, string(bytes.Join(fields, []byte{0})))
	}
	r.bad = tab.BadText.Invalid + tab.BadText.NUL
	r.lines = tab.BadText.First
	return r
}

// TestBadBytesAfterSample puts GBK bytes, a lone byte and a NUL in ids past
// the first 64 KiB of a UTF-8 file, where detection does not look: they were
// copied raw into the outputs. Both readers now replace each such byte by
// U+FFFD, keep the rows and report the lines.
func TestBadBytesAfterSample(t *testing.T) {
	var b bytes.Buffer
	b.WriteString("customer_id,order_date,amount\r\n")
	line := 1
	for b.Len() < 70000 {
		fmt.Fprintf(&b, "c%d,2024-01-01,1\r\n", line)
		line++
	}
	b.WriteString("g\xd5\xc5\xc8\xfd,2024-01-02,2\r\n") // GBK 张三
	b.WriteString("n\x00,2024-01-03,3\r\n")
	b.WriteString("\"q\n\xff\",2024-01-04,4\r\n") // a quoted line break
	b.WriteString("z,2024-01-05,5\r\n")
	path := writeBytes(t, "late.csv", b.Bytes())
	gLine := line + 1
	var first []string
	for _, seq := range []bool{false, true} {
		for _, size := range []int{1 << 10, 4 << 20} {
			t.Run(fmt.Sprintf("seq=%v/chunk%d", seq, size), func(t *testing.T) {
				withBounds(t, size, 1<<16, 1<<20)
				got, rep, warns := scanText(t, path, Options{Sequential: seq})
				for _, id := range got {
					if !utf8.ValidString(id) || strings.IndexByte(id, 0) >= 0 {
						t.Errorf("id %q is not clean UTF-8", id)
					}
				}
				for _, id := range []string{"g\ufffd\ufffd\ufffd\ufffd", "n\ufffd", "q\n\ufffd", "z"} {
					if !slices.Contains(got, id) {
						t.Errorf("id %q missing", id)
					}
				}
				bt := rep.Table.BadText
				if bt.Invalid != 5 || bt.NUL != 1 || !reflect.DeepEqual(bt.First, []int{gLine, gLine + 1, gLine + 3}) {
					t.Errorf("bad text %+v, want 5 invalid and 1 NUL on lines %d, %d, %d", bt, gLine, gLine+1, gLine+3)
				}
				want := fmt.Sprintf("late.csv: 5 bytes that are not UTF-8 and 1 NUL byte became U+FFFD, on lines %d, %d, %d (the rows are kept;", gLine, gLine+1, gLine+3)
				if !slices.ContainsFunc(warns, func(w string) bool { return strings.Contains(w, want) }) {
					t.Errorf("warnings %q, want %q", warns, want)
				}
				if first == nil {
					first = got
				} else if !reflect.DeepEqual(got, first) {
					t.Errorf("customers differ between readers")
				}
			})
		}
	}
}

// TestEncodingOverride checks that --encoding still decides: a file that
// looks UTF-8 is read as GBK when told, and a GBK file as UTF-8, its bytes
// then replaced and counted.
func TestEncodingOverride(t *testing.T) {
	body := "customer_id,order_date,amount\n" + strings.Repeat("a,2024-01-01,5\n", 100) + "张三,2024-01-01,5\n"
	path := writeBytes(t, "gbk.csv", gbk(t, body))
	for _, tt := range []struct {
		flag, enc string
		bad       []int
	}{
		{"", "gb18030 (detected)", nil},
		{"utf-8", "utf-8", []int{102}},
		{"gbk", "gbk", nil},
	} {
		r := readRecords(t, path, tt.flag)
		if r.enc != tt.enc || !slices.Equal(r.lines, tt.bad) || len(r.recs) != 101 {
			t.Errorf("--encoding %q: %q, bad bytes on lines %v, %d records; want %q, %v, 101", tt.flag, r.enc, r.lines, len(r.recs), tt.enc, tt.bad)
		}
	}
}

// TestTextChecker reads text through the checker in reads of every size and
// compares it with each bad byte replaced, and its lines, counted at once.
func TestTextChecker(t *testing.T) {
	for _, in := range []string{
		"",
		"abc\n",
		"张三\n李四\r\n王五\r赵六",
		"a\xe9b\n\xe5\xbc\nc\x00\r\n\xff\xfe\n\xf0\x9f\x98",
		"\r\r\n\xe9\r\xe9\n\xe9",
		"x\r",
		strings.Repeat("é", 3000) + "\xc3",
	} {
		want, wantLines := replaceAll(in)
		for _, r := range []func(io.Reader) io.Reader{
			func(r io.Reader) io.Reader { return r },
			iotest.OneByteReader, iotest.HalfReader, iotest.DataErrReader,
		} {
			bad := &BadText{}
			c := &textChecker{r: r(strings.NewReader(in)), bad: bad}
			got, err := io.ReadAll(iotest.OneByteReader(c))
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != want || !slices.Equal(bad.First, wantLines) {
				t.Errorf("%q: got %q on lines %v, want %q on %v", in, got, bad.First, want, wantLines)
			}
			bad = &BadText{}
			c = &textChecker{r: r(strings.NewReader(in)), bad: bad}
			got, _ = io.ReadAll(c)
			if string(got) != want || !slices.Equal(bad.First, wantLines) {
				t.Errorf("%q in large reads: got %q on lines %v, want %q on %v", in, got, bad.First, want, wantLines)
			}
		}
	}
}

// replaceAll is the checker's result worked out at once: each byte that is
// not UTF-8 and each NUL replaced, and the lines they are on.
func replaceAll(s string) (string, []int) {
	var out strings.Builder
	var lines []int
	line := 1
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 || r == 0 {
			out.WriteRune(utf8.RuneError)
			if len(lines) == 0 || lines[len(lines)-1] != line {
				lines = append(lines, line)
			}
		} else {
			out.WriteString(s[i : i+n])
		}
		if r == '\n' || r == '\r' && (i+1 == len(s) || s[i+1] != '\n') {
			line++
		}
		i += n
	}
	return out.String(), lines
}

// FuzzEncoding feeds mixed UTF-8, GBK, bytes of neither and NUL through the
// real open path and both readers: nothing panics, every id is UTF-8 without
// NUL, every row is accounted for, and the readers agree.
func FuzzEncoding(f *testing.F) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))
	f.Add([]byte("customer_id,order_date,amount\n张三,2024-01-01,1\n李\xe9,2024-01-02,2\n"), uint8(5))
	f.Add([]byte("客户ID,订单日期,金额\n\xd5\xc5\xc8\xfd,2024-01-01,1\n"), uint8(1))
	f.Add([]byte("\xbf\xcd\xbb\xa7ID,\xb6\xa9\xb5\xa5\xc8\xd5\xc6\xda,\xbd\xf0\xb6\xee\n\xd5\xc5\xc8\xfd,2024-01-01,5\n"), uint8(9))
	f.Add([]byte("customer_id,order_date,amount\na\x00b,2024-01-01,1\n\"x\n\xff\",2024-01-02,2\r\nc\r\xe5\xbc,2024-01-03,3\n"), uint8(3))
	f.Add([]byte("\xef\xbb\xbfcustomer_id;order_date;amount\r\n\xf0\x9f\x98\x80;2024-01-01;1\r\n"), uint8(2))
	f.Fuzz(func(t *testing.T, body []byte, size uint8) {
		path := filepath.Join(t.TempDir(), "f.csv")
		if err := os.WriteFile(path, body, 0o644); err != nil {
			t.Fatal(err)
		}
		defer func(n int) { chunkSize = n }(chunkSize)
		chunkSize = int(size%64) + 1
		var res [2]outcome
		for i, seq := range []bool{true, false} {
			res[i] = scanWith(t, path, Options{AsOf: rfm.NoDate, Sequential: seq})
			for _, c := range res[i].customers {
				if !utf8.ValidString(c.ID) || strings.IndexByte(c.ID, 0) >= 0 {
					t.Fatalf("id %q is not UTF-8 without NUL", c.ID)
				}
			}
			r := res[i].report
			if res[i].err == "" && r.Read != r.Used+r.Rejected+r.Filtered+r.AfterAsOf {
				t.Fatalf("read %d != used %d + rejected %d + filtered %d + after as-of %d", r.Read, r.Used, r.Rejected, r.Filtered, r.AfterAsOf)
			}
			for _, rj := range res[i].rejects {
				for _, f := range rj.Fields {
					if !utf8.ValidString(f) || strings.IndexByte(f, 0) >= 0 {
						t.Fatalf("rejected field %q on line %d is not UTF-8 without NUL", f, rj.Line)
					}
				}
			}
		}
		if !reflect.DeepEqual(res[0], res[1]) {
			t.Fatalf("sequential %+v\nparallel %+v", res[0], res[1])
		}
	})
}

// TestBadTextWarning checks the warning's counts and its list of lines,
// which stops at ten.
func TestBadTextWarning(t *testing.T) {
	var b BadText
	if w := b.Warning("a.csv", "utf-8"); w != "" {
		t.Errorf("nothing replaced, but warned %q", w)
	}
	for line := 2; line <= 13; line++ {
		b.add(line, false)
		b.add(line, line%2 == 0)
	}
	want := "a.csv: 18 bytes that are not GB18030 and 6 NUL bytes became U+FFFD, on lines 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 and 2 more (the rows are kept; if the file is in another encoding, give --encoding)"
	if w := b.Warning("a.csv", "gb18030 (detected), CR line ends"); w != want {
		t.Errorf("got  %q\nwant %q", w, want)
	}
	b = BadText{}
	b.add(4, true)
	want = "a.csv: 1 NUL byte became U+FFFD, on line 4 (the row is kept)"
	if w := b.Warning("a.csv", "utf-8 (BOM)"); w != want {
		t.Errorf("got  %q\nwant %q", w, want)
	}
}
