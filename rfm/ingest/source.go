package ingest

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"

	"github.com/rfmtool/rfm/rfm/i18n"
)

// Table is an opened input: its header and a reader of its data records.
type Table struct {
	// Name is the file name used in messages.
	Name      string
	Format    string // "csv" or "xlsx"
	Encoding  string
	Delimiter byte
	Sheet     string
	// HeaderLine is the line (or sheet row) of the header.
	HeaderLine int
	Header     []string
	Records    Records
	// Size is the file's size in bytes; 0 for standard input.
	Size int64
	// BadText counts the bytes of a CSV file that were replaced because they
	// are not text; nil for a workbook.
	BadText *BadText
	closer  io.Closer
	// csv is the CSV reader behind Records, for the parallel path.
	csv *csvReader
}

// DelimiterName names a CSV table's delimiter as a user writes it:
// ",", ";", "|", "tab" or "whitespace".
func (t *Table) DelimiterName() string {
	switch t.Delimiter {
	case '\t':
		return "tab"
	case Whitespace:
		return "whitespace"
	}
	return string(t.Delimiter)
}

// Close releases the table's file. A workbook's records are closed first,
// so that the goroutine reading the sheet ahead has ended when Close returns.
// Close may be called more than once, and while the records are read.
func (t *Table) Close() error {
	if c, ok := t.Records.(io.Closer); ok {
		c.Close()
	}
	if t.closer != nil {
		return t.closer.Close()
	}
	return nil
}

// Source opens a table; Scan may open it twice.
type Source interface {
	Open() (*Table, error)
}

// File is a CSV or XLSX file on disk.
type File struct {
	Path string
	// Encoding is "", "utf-8", "gbk" or "gb18030"; "" detects it.
	Encoding string
	// Delimiter is 0 to detect it, or Whitespace.
	Delimiter byte
	// Header, when set, says the CSV file has no header row and names its
	// columns; the first line is then data.
	Header []string
	// Sheet is the XLSX sheet name or 1-based number; "" for the first.
	// SheetFlag is the flag that named it, for messages ("--sheet" when
	// empty).
	Sheet, SheetFlag string
	// Format is "csv", "xlsx" or "" to decide by content.
	Format string
}

// Whitespace as File.Delimiter splits fields on runs of spaces and tabs,
// ignoring them at the start and end of a line, as in the CDNOW data
// (" 00004 0001 19970101  2   29.33"). Quotes have no special meaning then.
const Whitespace byte = ' '

// ErrNotTable is returned for input that is neither CSV text nor XLSX.
var ErrNotTable = i18n.New("not a CSV or XLSX file")

// Open opens the file and reads its header.
func (f File) Open() (*Table, error) {
	if st, err := os.Stat(f.Path); err == nil && !st.Mode().IsRegular() && !st.IsDir() {
		// Opening a named pipe would wait for a writer, and a pipe or a
		// device cannot be read twice, as a day-first file is.
		return nil, &ParseError{File: f.Path, Err: i18n.New("not a regular file but a pipe or a device; save it to a file first, or send it to standard input and name the file -")}
	}
	fh, err := os.Open(f.Path)
	if err != nil {
		return nil, err
	}
	st, err := fh.Stat()
	if err != nil {
		fh.Close()
		return nil, err
	}
	if st.IsDir() {
		fh.Close()
		return nil, i18n.Errorf("%s: is a directory, not a file", f.Path)
	}
	var magic [4]byte
	n, _ := io.ReadFull(fh, magic[:])
	format := f.Format
	if format == "" {
		switch {
		case n == 4 && string(magic[:]) == "PK\x03\x04":
			format = "xlsx"
		case n == 4 && bytes.Equal(magic[:], []byte{0xD0, 0xCF, 0x11, 0xE0}):
			fh.Close()
			return nil, &ParseError{File: f.Path, Err: i18n.New("an encrypted or legacy (.xls) Excel file; save it as .xlsx without a password, or export CSV")}
		default:
			format = "csv"
		}
	}
	if _, err := fh.Seek(0, io.SeekStart); err != nil {
		fh.Close()
		return nil, err
	}
	if format == "xlsx" && f.Header != nil {
		fh.Close()
		return nil, &ParseError{File: f.Path, Err: i18n.New("column names for a file without a header row apply to CSV only; an XLSX sheet needs its header row")}
	}
	var t *Table
	if format == "xlsx" {
		t, err = openXLSX(fh, st.Size(), f)
	} else {
		t, err = openCSV(fh, f)
	}
	if err != nil {
		fh.Close()
		var pe *ParseError
		if !errors.As(err, &pe) {
			err = &ParseError{File: f.Path, Err: err}
		}
		return nil, err
	}
	if t.Name == "" {
		t.Name = f.Path
	}
	t.closer = fh
	t.Size = st.Size()
	return t, nil
}

// openXLSX opens the chosen worksheet of an XLSX file (xlsx.go).
var openXLSX = readXLSX

// openCSV detects the encoding, line ends and delimiter and reads the header.
func openCSV(r io.Reader, f File) (*Table, error) {
	br := bufio.NewReaderSize(r, 1<<16)
	sample, _ := br.Peek(1 << 16)
	t := &Table{Name: f.Path, Format: "csv"}
	var dec *encoding.Decoder
	enc := strings.ToLower(f.Encoding)
	switch {
	case bytes.HasPrefix(sample, []byte{0xEF, 0xBB, 0xBF}):
		br.Discard(3)
		sample = sample[3:]
		t.Encoding = "utf-8 (BOM)"
	case bytes.HasPrefix(sample, []byte{0xFF, 0xFE}) || bytes.HasPrefix(sample, []byte{0xFE, 0xFF}):
		dec = unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder()
		t.Encoding = "utf-16"
	case enc == "gbk" || enc == "gb18030" || enc == "gb2312":
		dec = simplifiedchinese.GB18030.NewDecoder()
		t.Encoding = enc
	case enc == "utf-8" || enc == "utf8":
		t.Encoding = "utf-8"
	case enc != "":
		return nil, i18n.Errorf("unknown encoding %q (want utf-8, gbk or gb18030)", f.Encoding)
	case isUTF16(sample):
		// UTF-16 without a byte order mark, as some exports write it.
		order, _ := utf16Order(sample)
		dec = unicode.UTF16(order, unicode.IgnoreBOM).NewDecoder()
		t.Encoding = "utf-16 (detected)"
	case looksGB18030(sample):
		dec = simplifiedchinese.GB18030.NewDecoder()
		t.Encoding = "gb18030 (detected)"
	default:
		// UTF-8, also with a few stray bytes that are not: they become
		// U+FFFD below and are reported with their lines.
		t.Encoding = "utf-8"
	}
	var src io.Reader = br
	if dec != nil {
		src = transform.NewReader(br, dec)
	}
	src = bufio.NewReaderSize(src, 1<<16)
	head, _ := src.(*bufio.Reader).Peek(1 << 16)
	if binary(head) {
		return nil, ErrNotTable
	}
	if bytes.IndexByte(head, '\r') >= 0 && bytes.IndexByte(head, '\n') < 0 {
		// Classic Mac line ends: bare CR.
		src = transform.NewReader(src, crToLF{})
		t.Encoding += ", CR line ends"
	}
	// Every byte read from here on is checked: the reader, sequential or
	// parallel, and so every output, sees UTF-8 text without NUL.
	t.BadText = &BadText{decoded: dec != nil}
	src = &textChecker{r: src, bad: t.BadText}
	delim := f.Delimiter
	cr := newCSVReader(src, ',')
	if delim == 0 {
		// Sniff from the first non-blank line.
		peek, _ := cr.r.Peek(1 << 20)
		for len(peek) > 0 {
			line := peek
			if i := bytes.IndexByte(peek, '\n'); i >= 0 {
				line, peek = peek[:i], peek[i+1:]
			} else {
				peek = nil
			}
			if !isBlank(line) {
				delim = sniffDelimiter(line)
				break
			}
		}
		if delim == 0 {
			delim = ','
		}
	}
	cr.delim = delim
	t.Delimiter = delim
	if f.Header != nil {
		for _, h := range f.Header {
			t.Header = append(t.Header, string(trimSpace([]byte(h))))
		}
		t.Records = cr
		return t, nil
	}
	fields, line, err := cr.Next()
	if err == io.EOF {
		return nil, errNoHeader
	}
	if err != nil {
		return nil, err
	}
	t.HeaderLine = line
	for _, h := range fields {
		t.Header = append(t.Header, string(trimSpace(h)))
	}
	t.Records = cr
	t.csv = cr
	return t, nil
}

// utf16Order recognises UTF-16 text without a byte order mark by the zero
// bytes of its ASCII characters, all on odd offsets (little endian) or all on
// even ones (big endian); ok is false for anything else.
func utf16Order(b []byte) (order unicode.Endianness, ok bool) {
	if len(b) < 8 {
		return false, false
	}
	var zeros [2]int
	n := len(b) &^ 1
	for i := range n {
		if b[i] == 0 {
			zeros[i&1]++
		}
	}
	half := n / 2
	switch {
	case zeros[1] >= half/4 && zeros[0] <= zeros[1]/50:
		return unicode.LittleEndian, true
	case zeros[0] >= half/4 && zeros[1] <= zeros[0]/50:
		return unicode.BigEndian, true
	}
	return false, false
}

func isUTF16(b []byte) bool {
	_, ok := utf16Order(b)
	return ok
}

// binary reports whether decoded text looks like binary data: more than one
// character in a hundred is a control character other than tab and line
// ends, or a replacement character for bytes that did not decode.
func binary(text []byte) bool {
	bad := 0
	for _, r := range string(text) {
		if r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r == 0x7F || r == utf8.RuneError {
			bad++
		}
	}
	return bad >= 4 && bad*100 > utf8.RuneCount(text)
}

// crToLF turns bare CR line ends into LF.
type crToLF struct{ transform.NopResetter }

func (crToLF) Transform(dst, src []byte, atEOF bool) (nDst, nSrc int, err error) {
	n := copy(dst, src)
	for i := 0; i < n; i++ {
		if dst[i] == '\r' {
			dst[i] = '\n'
		}
	}
	if n < len(src) {
		return n, n, transform.ErrShortDst
	}
	return n, n, nil
}

// looksGB18030 decides the encoding of a sample that is not pure UTF-8 on
// evidence: GB18030 (GBK) when the valid multi-byte UTF-8 characters are
// fewer than two per byte that is not UTF-8, and nearly every byte above
// ASCII belongs to a GB18030 character, most of them two such bytes in a
// row (as Chinese text is). A UTF-8 file with a few stray bytes is UTF-8;
// a GBK file of Chinese text has about three bytes that are not UTF-8 for
// each that happens to read as a UTF-8 character.
func looksGB18030(b []byte) bool {
	multi, bad := utf8Evidence(b)
	if bad == 0 || multi >= 2*bad {
		return false
	}
	chars, strong, gbBad := gbEvidence(b)
	return chars > 0 && 4*gbBad <= chars && 2*strong >= chars
}

// utf8Evidence counts the valid multi-byte UTF-8 characters in b and the
// bytes that are not UTF-8; a character cut by the end of b is neither.
func utf8Evidence(b []byte) (multi, bad int) {
	for i := 0; i < len(b); {
		if b[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 {
			if !utf8.FullRune(b[i:]) {
				break
			}
			bad++
		} else {
			multi++
		}
		i += n
	}
	return multi, bad
}

// gbEvidence counts the GB18030 characters above ASCII in b, those of them
// whose second byte is above ASCII too (strong), and the bytes that begin
// no GB18030 character; a character cut by the end of b is none of them.
func gbEvidence(b []byte) (chars, strong, bad int) {
	for i := 0; i < len(b); {
		c := b[i]
		switch {
		case c < 0x80:
			i++
			continue
		case c == 0x80 || c == 0xFF:
			bad++
			i++
			continue
		case i+1 == len(b):
			return chars, strong, bad
		}
		c2 := b[i+1]
		switch {
		case c2 >= 0x40 && c2 <= 0xFE && c2 != 0x7F:
			chars++
			if c2 >= 0x80 {
				strong++
			}
			i += 2
		case c2 >= 0x30 && c2 <= 0x39:
			if i+3 >= len(b) {
				return chars, strong, bad
			}
			if b[i+2] >= 0x81 && b[i+2] <= 0xFE && b[i+3] >= 0x30 && b[i+3] <= 0x39 {
				chars++
				strong++
				i += 4
			} else {
				bad++
				i++
			}
		default:
			bad++
			i++
		}
	}
	return chars, strong, bad
}

// BadText counts the bytes of a CSV file that are not text: bytes that are
// not UTF-8 (or, in a file read through a decoder, not of its encoding) and
// NUL bytes. Each was replaced by U+FFFD as the file was read, so that every
// output holds the same text, and the rows that hold them are kept.
type BadText struct {
	// Invalid counts the replaced bytes that are not of the encoding, NUL
	// the NUL bytes.
	Invalid, NUL int
	// Lines counts the lines holding any; First lists the first of them.
	Lines int
	First []int
	// decoded says the text came through a decoder, which writes U+FFFD for
	// what it cannot decode: those are counted as Invalid.
	decoded bool
	last    int
}

// maxBadLines is how many lines BadText lists.
const maxBadLines = 10

func (b *BadText) add(line int, nul bool) {
	if nul {
		b.NUL++
	} else {
		b.Invalid++
	}
	if line != b.last {
		b.last = line
		b.Lines++
		if len(b.First) < maxBadLines {
			b.First = append(b.First, line)
		}
	}
}

// Warning says what was replaced and on which lines, naming the file; ""
// when nothing was. encoding is the table's, as Table.Encoding says it.
func (b *BadText) Warning(file, encoding string) string {
	if b == nil || b.Invalid+b.NUL == 0 {
		return ""
	}
	enc := strings.TrimSuffix(strings.SplitN(encoding, ",", 2)[0], " (detected)")
	enc = strings.ToUpper(strings.TrimSuffix(enc, " (BOM)"))
	var what []string
	if b.Invalid > 0 {
		what = append(what, fmt.Sprintf("%d %s not %s", b.Invalid, plural(b.Invalid, "byte that is", "bytes that are"), enc))
	}
	if b.NUL > 0 {
		what = append(what, fmt.Sprintf("%d NUL %s", b.NUL, plural(b.NUL, "byte", "bytes")))
	}
	lines := make([]string, len(b.First))
	for i, l := range b.First {
		lines[i] = fmt.Sprint(l)
	}
	where := plural(b.Lines, "line ", "lines ") + strings.Join(lines, ", ")
	if b.Lines > len(b.First) {
		where += fmt.Sprintf(" and %d more", b.Lines-len(b.First))
	}
	msg := fmt.Sprintf("%s: %s became U+FFFD, on %s (%s kept", file, strings.Join(what, " and "), where, plural(b.Lines, "the row is", "the rows are"))
	if b.Invalid > 0 {
		msg += "; if the file is in another encoding, give --encoding"
	}
	return msg + ")"
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// textChecker passes text on unchanged while it is UTF-8 without NUL, which
// costs a utf8.Valid and a count of line ends per read; a read holding
// anything else is copied with each such byte replaced by U+FFFD and counted
// in bad with its line. Lines end at LF, CR LF and a lone CR, as the CSV
// reader counts them outside quoted fields.
type textChecker struct {
	r   io.Reader
	bad *BadText
	// out is replaced text not yet returned; carry the start of a
	// character cut by the end of the last read.
	out    []byte
	buf    []byte
	small  []byte
	carry  [utf8.UTFMax]byte
	nCarry int
	// line is the number of line ends passed on; cr says the last byte
	// passed on was a CR, whose line end the next byte decides.
	line int
	cr   bool
	err  error
}

func (c *textChecker) Read(p []byte) (int, error) {
	for {
		if len(c.out) > 0 {
			n := copy(p, c.out)
			c.out = c.out[n:]
			return n, nil
		}
		if c.err != nil {
			return 0, c.err
		}
		if len(p) < 2*utf8.UTFMax {
			// Too small to hold a carried character and more: read
			// through out.
			if c.small == nil {
				c.small = make([]byte, 1<<12)
			}
			c.out = c.fill(c.small)
			continue
		}
		out := c.fill(p)
		if len(out) == 0 {
			continue
		}
		if &out[0] == &p[0] {
			return len(out), nil // clean, in place
		}
		n := copy(p, out)
		c.out = out[n:]
		return n, nil
	}
}

// fill reads into b and returns the checked text: b's prefix when it is
// clean, or replaced text in c.buf.
func (c *textChecker) fill(b []byte) []byte {
	n := copy(b, c.carry[:c.nCarry])
	c.nCarry = 0
	m, err := c.r.Read(b[n:])
	n += m
	if err != nil {
		c.err = err
	}
	b = b[:n]
	if c.err == nil {
		// Hold back a character cut by the end of the read.
		for k := 1; k < utf8.UTFMax && k <= len(b); k++ {
			if utf8.RuneStart(b[len(b)-k]) {
				if !utf8.FullRune(b[len(b)-k:]) {
					c.nCarry = copy(c.carry[:], b[len(b)-k:])
					b = b[:len(b)-k]
				}
				break
			}
		}
	}
	if utf8.Valid(b) && bytes.IndexByte(b, 0) < 0 && (!c.bad.decoded || !bytes.Contains(b, replacement)) {
		c.countLines(b)
		return b
	}
	return c.replace(b)
}

var replacement = []byte(string(utf8.RuneError))

// countLines adds the line ends of clean text b.
func (c *textChecker) countLines(b []byte) {
	if len(b) == 0 {
		return
	}
	if c.cr && b[0] != '\n' {
		c.line++
	}
	c.line += bytes.Count(b, []byte{'\n'})
	if bytes.IndexByte(b, '\r') >= 0 {
		c.line += bytes.Count(b, []byte{'\r'}) - bytes.Count(b, []byte("\r\n"))
		if b[len(b)-1] == '\r' {
			c.line-- // the next byte decides
		}
	}
	c.cr = b[len(b)-1] == '\r'
}

// replace copies b into c.buf with each byte that is not text replaced by
// U+FFFD, counting each with its line.
func (c *textChecker) replace(b []byte) []byte {
	out := c.buf[:0]
	for i := 0; i < len(b); {
		ch := b[i]
		if c.cr && ch != '\n' {
			c.line++
		}
		c.cr = ch == '\r'
		if ch < utf8.RuneSelf {
			switch ch {
			case '\n':
				c.line++
			case 0:
				c.bad.add(c.line+1, true)
				out = append(out, replacement...)
				i++
				continue
			}
			out = append(out, ch)
			i++
			continue
		}
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && (n == 1 || c.bad.decoded) {
			c.bad.add(c.line+1, false)
			out = append(out, replacement...)
		} else {
			out = append(out, b[i:i+n]...)
		}
		i += n
	}
	c.buf = out[:0]
	return out
}
