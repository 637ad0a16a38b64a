package ingest

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"math/bits"
	"slices"

	"github.com/rfmtool/rfm/rfm/i18n"
)

// Records yields the records of a table, header first. Blank lines are
// skipped and not counted as records.
type Records interface {
	// Next returns the next record and the line (or sheet row) it starts on.
	// The fields are valid until the next call. At the end it returns io.EOF.
	// A record that cannot be read whole comes back with a *RecordError, and
	// reading may go on.
	Next() (fields [][]byte, line int, err error)
}

// RecordError is a record the reader could not split into fields; Fields holds
// what it has, so the row can still be written to the rejects.
type RecordError struct {
	Line   int
	Fields [][]byte
	Reason string
}

func (e *RecordError) Error() string { return e.Reason }

// csvReader reads RFC 4180 CSV with a given delimiter: quoted fields with ""
// escapes and embedded line breaks; \n, \r\n and bare \r line ends.
type csvReader struct {
	r      *bufio.Reader
	delim  byte
	line   int // line number of the next line to read
	buf    []byte
	ends   []int
	fields [][]byte
	long   []byte
	// pending holds lines to re-read after an unterminated quote swallowed
	// them, so that nothing after a bad quote is lost.
	pending [][]byte
	// reread says the last line came from pending: in slice mode it is not
	// at lineOff, so its fields cannot be located in place.
	reread bool
	// data, in slice mode, is the rest of a chunk held in memory; hasCR
	// says the chunk holds a CR, so that its lines are looked at for one.
	data  []byte
	slice bool
	hasCR bool
	// In slice mode, offs holds the offset in the chunk of each field of the
	// last record when inPlace; quoted records are unescaped into buf.
	size    int
	lineOff int
	offs    []int
	inPlace bool
}

// newChunkReader reads the records of a chunk that starts on line.
func newChunkReader(data []byte, delim byte, line int) *csvReader {
	return &csvReader{data: data, slice: true, delim: delim, line: line, size: len(data), hasCR: bytes.IndexByte(data, '\r') >= 0}
}

func newCSVReader(r io.Reader, delim byte) *csvReader {
	return &csvReader{r: bufio.NewReaderSize(r, 1<<20), delim: delim, line: 1}
}

// readLine returns the next physical line without its line end. A line ends
// at LF, CR LF, or a CR on its own outside a quoted field (as in a file with
// CR line ends): a lone CR inside an LF file ends a line too, so that it
// cannot join two records into one. A line with a quote before its first CR
// is returned whole up to its LF: Next finds its lone CRs, since only it
// knows which of them stand inside a quoted field, where a CR is data.
func (c *csvReader) readLine() ([]byte, error) {
	l, err := c.readRaw()
	if err != nil || (c.slice && !c.hasCR) {
		return l, err
	}
	i := bytes.IndexByte(l, '\r')
	if i < 0 {
		return l, nil
	}
	if q := bytes.IndexByte(l[:i], '"'); q >= 0 && c.delim != Whitespace {
		return l, nil // a quote before the CR: Next decides
	}
	return c.hold(l, i), nil
}

// hold ends line l at its lone CR at i and keeps the rest of it to be read
// as the next line.
func (c *csvReader) hold(l []byte, i int) []byte {
	rest := l[i+1:]
	if !c.slice && !c.reread {
		rest = append([]byte(nil), rest...) // l is in the bufio buffer
	}
	c.pending = append([][]byte{rest}, c.pending...)
	return l[:i]
}

// readRaw returns the next line ended by LF or CR LF, or by the end of the
// input, or the next line held back in pending.
func (c *csvReader) readRaw() ([]byte, error) {
	c.reread = len(c.pending) > 0
	if c.reread {
		l := c.pending[0]
		c.pending = c.pending[1:]
		c.line++
		return l, nil
	}
	if c.slice {
		if len(c.data) == 0 {
			return nil, io.EOF
		}
		l := c.data
		c.lineOff = c.size - len(c.data)
		if i := bytes.IndexByte(l, '\n'); i >= 0 {
			l, c.data = l[:i], l[i+1:]
		} else {
			c.data = nil
		}
		c.line++
		if n := len(l); n > 0 && l[n-1] == '\r' {
			l = l[:n-1]
		}
		return l, nil
	}
	l, err := c.r.ReadSlice('\n')
	if err == bufio.ErrBufferFull {
		c.long = append(c.long[:0], l...)
		for err == bufio.ErrBufferFull {
			l, err = c.r.ReadSlice('\n')
			c.long = append(c.long, l...)
		}
		l = c.long
	}
	if len(l) == 0 && err != nil {
		return nil, err
	}
	if err != nil && err != io.EOF {
		return nil, err
	}
	c.line++
	if n := len(l); n > 0 && l[n-1] == '\n' {
		l = l[:n-1]
	}
	// A CR before the line end, or before the end of the file, ends the
	// line too (as in slice mode, and as encoding/csv reads it).
	if n := len(l); n > 0 && l[n-1] == '\r' {
		l = l[:n-1]
	}
	return l, nil
}

func isBlank(l []byte) bool {
	return len(trimSpace(l)) == 0
}

// Next returns the next record that is not blank.
func (c *csvReader) Next() ([][]byte, int, error) {
	var l []byte
	var err error
	for {
		l, err = c.readLine()
		if err != nil {
			return nil, c.line, err
		}
		if !isBlank(l) {
			break
		}
	}
	start := c.line - 1
	c.buf = c.buf[:0]
	c.fields = c.fields[:0]
	c.ends = c.ends[:0]
	c.inPlace = false
	if c.delim == Whitespace {
		c.fields = append(c.fields, bytes.Fields(l)...)
		return c.fields, start, nil
	}
	return c.splitPlain(l, start)
}

// splitPlain splits line l in place when it holds no quote, the common
// case, and hands it to splitQuoted when it does. It looks at 8 bytes at a
// time for the delimiter and the quote.
func (c *csvReader) splitPlain(l []byte, start int) ([][]byte, int, error) {
	c.offs = c.offs[:0]
	pos := c.lineOff
	dm, qm := uint64(c.delim)*swarOnes, uint64('"')*swarOnes
	from := 0 // where the current field starts
	i := 0
	for ; i+8 <= len(l); i += 8 {
		b := l[i : i+8 : i+8]
		x := uint64(b[0]) | uint64(b[1])<<8 | uint64(b[2])<<16 | uint64(b[3])<<24 |
			uint64(b[4])<<32 | uint64(b[5])<<40 | uint64(b[6])<<48 | uint64(b[7])<<56
		q, d := swarEq(x, qm), swarEq(x, dm)
		if q != 0 {
			return c.quotedLine(l, start)
		}
		for d != 0 {
			j := i + bits.TrailingZeros64(d)>>3
			c.offs = append(c.offs, pos+from)
			c.fields = append(c.fields, l[from:j:j])
			from = j + 1
			d &= d - 1
		}
	}
	for ; i < len(l); i++ {
		switch l[i] {
		case '"':
			return c.quotedLine(l, start)
		case c.delim:
			c.offs = append(c.offs, pos+from)
			c.fields = append(c.fields, l[from:i:i])
			from = i + 1
		}
	}
	c.offs = append(c.offs, pos+from)
	c.fields = append(c.fields, l[from:])
	c.inPlace = c.slice && !c.reread
	return c.fields, start, nil
}

// quotedLine forgets what splitPlain found in line l and splits it with
// splitQuoted.
func (c *csvReader) quotedLine(l []byte, start int) ([][]byte, int, error) {
	c.fields = c.fields[:0]
	c.offs = c.offs[:0]
	return c.splitQuoted(l, start)
}

// swarOnes has a 1 in every byte. swarEq returns a word with the high bit
// set in each byte of x that equals the byte repeated in m, and no other
// bit set (no carry crosses a byte).
const swarOnes = 0x0101010101010101

func swarEq(x, m uint64) uint64 {
	const low7 = 0x7f7f7f7f7f7f7f7f
	y := x ^ m
	return ^(((y & low7) + low7) | y) &^ low7
}

// splitQuoted splits the record that starts with line l, which holds a
// quote, unescaping its fields into c.buf; a quoted field may go on over
// the lines after l.
func (c *csvReader) splitQuoted(l []byte, start int) ([][]byte, int, error) {
	var err error
	var raw [][]byte // the physical lines of this record, kept for recovery
	span := 0        // their length, each counted with one byte of line end
	inQuote, atStart := false, true
	for {
		// Room for the whole line at once: a field of many megabytes
		// then costs one copy, not a chain of doublings.
		c.buf = slices.Grow(c.buf, len(l)+1)
		for i := 0; i < len(l); i++ {
			b := l[i]
			switch {
			case inQuote && b == '"':
				if i+1 < len(l) && l[i+1] == '"' {
					c.buf = append(c.buf, '"')
					i++
				} else if i+1 < len(l) && l[i+1] != c.delim && l[i+1] != '\r' {
					// RFC 4180: only a delimiter or a line end may follow a
					// closing quote.
					return c.badQuote(start, raw, l, len(c.ends)+1)
				} else {
					inQuote = false
				}
			case inQuote:
				c.buf = append(c.buf, b)
			case b == '\r':
				// A lone CR outside a quoted field ends the line, and
				// with it the record.
				l = c.hold(l, i)
				continue
			case b == c.delim:
				c.ends = append(c.ends, len(c.buf))
				atStart = true
				continue
			case b == '"' && atStart:
				inQuote = true
			default:
				c.buf = append(c.buf, b)
			}
			atStart = false
		}
		if !inQuote {
			break
		}
		// A quoted field goes on past the line end.
		if c.slice {
			raw = append(raw, l) // the chunk stays put while it is read
		} else {
			raw = append(raw, append([]byte(nil), l...))
		}
		span += len(l) + 1
		if span > maxQuotedSpan {
			return c.unterminated(start, raw)
		}
		c.buf = append(c.buf, '\n')
		l, err = c.readRaw() // inside the quote a CR is data
		if err == io.EOF {
			return c.unterminated(start, raw)
		}
		if err != nil {
			return nil, start, err
		}
	}
	c.ends = append(c.ends, len(c.buf))
	prev := 0
	for _, e := range c.ends {
		c.fields = append(c.fields, c.buf[prev:e:e])
		prev = e
	}
	return c.fields, start, nil
}

// maxQuotedSpan bounds how far a quoted field may run over line ends: a quote
// still open at the end of a line when the record's lines so far exceed this
// many bytes (each counted with one byte of line end) is taken as unbalanced,
// as one left open at the end of the input is. Without a bound, one stray
// quote near the top of a large file would hold the rest of the file in
// memory. recordBoundary follows the same rule; tests lower it.
var maxQuotedSpan = 1 << 20

// unterminated handles a quote left open at the end of the input, or for more
// than maxQuotedSpan: the line it opened on is returned as a bad record, and
// the lines after it are read again as records of their own.
func (c *csvReader) unterminated(start int, raw [][]byte) ([][]byte, int, error) {
	first, rest := firstLine(raw[0])
	c.pending = append(append(rest, raw[1:len(raw):len(raw)]...), c.pending...)
	c.line = start + 1
	fields := bytes.Split(first, []byte{c.delim})
	return nil, start, &RecordError{Line: start, Fields: fields, Reason: "unbalanced quotes"}
}

// badQuote handles text after a closing quote: the record's first line is
// returned as a bad record, and the lines after it, up to and including the
// line of the quote, are read again as records of their own, so that a stray
// quote costs its own line only.
func (c *csvReader) badQuote(start int, raw [][]byte, l []byte, field int) ([][]byte, int, error) {
	if !c.slice && !c.reread {
		l = append([]byte(nil), l...) // l is in the bufio buffer
	}
	var first []byte
	var rest [][]byte
	if len(raw) > 0 {
		first, rest = firstLine(raw[0])
		rest = append(append(rest, raw[1:]...), l)
	} else {
		first, rest = firstLine(l)
	}
	c.pending = append(rest, c.pending...)
	c.line = start + 1
	fields := bytes.Split(first, []byte{c.delim})
	// A quote opened on an earlier line and "closed" here never closed: that
	// is what the chunked reader, which may not see this far, says too.
	reason := "unbalanced quotes"
	if len(raw) == 0 {
		reason = fmt.Sprintf("text after a closing quote: field %d", field)
	}
	return nil, start, &RecordError{Line: start, Fields: fields, Reason: reason}
}

// firstLine cuts the first line of a rejected record at its first lone CR:
// the quote that made the record span it proved no quote, so the CR ends a
// line as it does outside quotes (recordBoundary cuts there too). It
// returns the line and, as a line to read again, the rest.
func firstLine(l []byte) ([]byte, [][]byte) {
	if i := bytes.IndexByte(l, '\r'); i >= 0 {
		return l[:i], [][]byte{l[i+1:]}
	}
	return l, nil
}

var errNoHeader = i18n.New("no header row: the file has no non-blank line")

// sniffDelimiter picks the delimiter of a header line: the most frequent of
// , ; tab | outside quotes; ',' when none occurs.
func sniffDelimiter(header []byte) byte {
	best, bestN := byte(','), 0
	for _, d := range []byte{',', ';', '\t', '|'} {
		n, inQ := 0, false
		for _, b := range header {
			if b == '"' {
				inQ = !inQ
			} else if b == d && !inQ {
				n++
			}
		}
		if n > bestN {
			best, bestN = d, n
		}
	}
	return best
}
