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
	closer     io.Closer
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

// Close releases the table's file.
func (t *Table) Close() error {
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
	Sheet string
	// Format is "csv", "xlsx" or "" to decide by content.
	Format string
}

// Whitespace as File.Delimiter splits fields on runs of spaces and tabs,
// ignoring them at the start and end of a line, as in the CDNOW data
// (" 00004 0001 19970101  2   29.33"). Quotes have no special meaning then.
const Whitespace byte = ' '

// ErrNotTable is returned for input that is neither CSV text nor XLSX.
var ErrNotTable = errors.New("not a CSV or XLSX file")

// Open opens the file and reads its header.
func (f File) Open() (*Table, error) {
	if st, err := os.Stat(f.Path); err == nil && !st.Mode().IsRegular() && !st.IsDir() {
		// Opening a named pipe would wait for a writer, and a pipe or a
		// device cannot be read twice, as a day-first file is.
		return nil, &ParseError{File: f.Path, Err: errors.New("not a regular file but a pipe or a device; save it to a file first, or send it to standard input and name the file -")}
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
		return nil, fmt.Errorf("%s: is a directory, not a file", f.Path)
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
			return nil, &ParseError{File: f.Path, Err: errors.New("an encrypted or legacy (.xls) Excel file; save it as .xlsx without a password, or export CSV")}
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
		return nil, &ParseError{File: f.Path, Err: errors.New("column names for a file without a header row apply to CSV only; an XLSX sheet needs its header row")}
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
		return nil, fmt.Errorf("unknown encoding %q (want utf-8, gbk or gb18030)", f.Encoding)
	case isUTF16(sample):
		// UTF-16 without a byte order mark, as some exports write it.
		order, _ := utf16Order(sample)
		dec = unicode.UTF16(order, unicode.IgnoreBOM).NewDecoder()
		t.Encoding = "utf-16 (detected)"
	case validUTF8Prefix(sample):
		t.Encoding = "utf-8"
	case bytes.IndexByte(sample, 0) >= 0:
		return nil, ErrNotTable
	default:
		dec = simplifiedchinese.GB18030.NewDecoder()
		t.Encoding = "gb18030 (detected)"
	}
	var src io.Reader = br
	if dec != nil {
		src = transform.NewReader(br, dec)
	}
	src = bufio.NewReaderSize(src, 1<<16)
	head, _ := src.(*bufio.Reader).Peek(1 << 16)
	if bytes.IndexByte(head, 0) >= 0 || binary(head) {
		return nil, ErrNotTable
	}
	if bytes.IndexByte(head, '\r') >= 0 && bytes.IndexByte(head, '\n') < 0 {
		// Classic Mac line ends: bare CR.
		src = transform.NewReader(src, crToLF{})
		t.Encoding += ", CR line ends"
	}
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

// validUTF8Prefix reports whether b is UTF-8, allowing a rune cut at the end.
func validUTF8Prefix(b []byte) bool {
	for i := 0; i < 3 && len(b) > 0 && !utf8.Valid(b); i++ {
		b = b[:len(b)-1]
	}
	return utf8.Valid(b)
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
