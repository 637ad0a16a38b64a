package ingest

import (
	"fmt"
	"io"
	"strconv"
	"sync"

	"github.com/rfmtool/rfm/rfm/i18n"
)

// The XLSX reader's worksheet: the state machine that turns the sheet's
// tags into records, one row at a time, and the goroutine that unzips the
// sheet a few chunks ahead of it until the end or Close.

// maxXLSXColumns is Excel's column limit (XFD).
const maxXLSXColumns = 16384

// sheetReader yields a worksheet's rows as records.
type sheetReader struct {
	x        *xmlReader
	ahead    *aheadReader // what x reads
	strs     *sharedStrings
	styles   []numKind
	date1904 bool
	width    int // the header's width; 0 while reading the header
	done     bool

	rowNum  int // the current row's number
	pending int // a row started before the last one ended
	inRow   bool
	// uncached is the column of the row's first formula without a cached
	// value, or -1.
	uncached int
	cells    []cell
	buf      []byte
	fields   [][]byte
	scratch  []byte

	// The cell being read.
	inCell, inV, inIS, inT bool
	phonetic               int
	col                    int
	typ                    []byte
	style                  int
	vStart, vEnd, isStart  int
	hasV, hasIS, hasF      bool
}

// newSheetReader reads the rows of the worksheet part rc of wb. Its Close
// ends the goroutine that unzips rc.
func newSheetReader(rc io.ReadCloser, wb *workbook) *sheetReader {
	ahead := newAheadReader(rc, maxXLSXSheet)
	s := &sheetReader{
		x:        newXMLReader(ahead),
		ahead:    ahead,
		strs:     &wb.strs,
		styles:   wb.styles,
		date1904: wb.date1904,
	}
	s.x.check = true
	return s
}

// Close ends the goroutine that unzips the sheet ahead of Next, and closes
// the sheet's part, before it returns. It may be called more than once, and
// while Next runs on another goroutine (a scan being cancelled), which then
// fails. The error is always nil: an error of the sheet's data comes back
// from Next.
func (s *sheetReader) Close() error {
	s.ahead.stop()
	return nil
}

type cell struct {
	col      int
	ext      []byte // a shared string, used in place
	off, end int    // or the value in buf
}

// finish ends the sheet: the row still open, if it holds anything, then
// io.EOF.
func (s *sheetReader) finish() ([][]byte, int, error) {
	s.done = true
	if s.inRow {
		s.inRow = false
		if f, err := s.endRow(); f != nil || err != nil {
			return f, s.rowNum, err
		}
	}
	return nil, s.rowNum, io.EOF
}

// Next returns the record of the next row that is not blank (see endRow).
func (s *sheetReader) Next() ([][]byte, int, error) {
	if s.done {
		return nil, s.rowNum, io.EOF
	}
	if s.pending > 0 {
		s.beginRow(s.pending)
		s.pending = 0
	}
	x := s.x
	for {
		kind, name, err := x.next(s.inV || s.inT)
		if err == io.EOF {
			return s.finish()
		}
		if err != nil {
			s.done = true
			return nil, s.rowNum, i18n.Errorf("the sheet cannot be read past this row; the file is damaged: %w", err)
		}
		if kind == tokText {
			s.buf = append(s.buf, x.text...)
			continue
		}
		if kind == tokOther {
			continue
		}
		switch string(name) {
		case "row":
			if f, ended, err := s.rowTag(kind); ended {
				return f, s.rowNum, err
			}
		case "c":
			if err := s.cellTag(kind); err != nil {
				return nil, s.rowNum, err
			}
		case "f":
			if s.inCell && kind != tokEnd {
				s.hasF = true
			}
		case "v":
			if s.inCell && kind == tokStart && !s.hasV {
				s.inV, s.hasV, s.vStart = true, true, len(s.buf)
			} else if kind == tokEnd && s.inV {
				s.inV, s.vEnd = false, len(s.buf)
			}
		case "is":
			if s.inCell && kind == tokStart {
				s.inIS, s.hasIS, s.isStart = true, true, len(s.buf)
			} else if kind == tokEnd {
				s.inIS, s.inT = false, false
			}
		case "t":
			s.inT = kind == tokStart && s.inIS && s.phonetic == 0
		case "rPh":
			if kind == tokStart {
				s.phonetic++
			} else if kind == tokEnd && s.phonetic > 0 {
				s.phonetic--
			}
		case "sheetData":
			if kind == tokEnd || kind == tokEmpty {
				return s.finish()
			}
		}
	}
}

// rowTag takes a <row>, </row> or <row/>: it ends the row open, if any, and
// begins the next. ended says a row ended that is not blank (or cannot be
// read): Next returns its fields, or err.
func (s *sheetReader) rowTag(kind int) (fields [][]byte, ended bool, err error) {
	if kind == tokEnd {
		if s.inRow {
			s.inRow = false
			if f, err := s.endRow(); f != nil || err != nil {
				return f, true, err
			}
		}
		return nil, false, nil
	}
	n := s.rowNum + 1
	if v, ok := s.x.attr("r"); ok {
		if r, err := strconv.Atoi(string(v)); err == nil && r > 0 {
			n = r
		}
	}
	if s.inRow {
		// The last row was never closed.
		s.inRow = false
		if f, err := s.endRow(); f != nil || err != nil {
			if kind == tokStart {
				s.pending = n
			}
			return f, true, err
		}
	}
	if kind == tokStart {
		s.beginRow(n)
	} else {
		s.rowNum = n
	}
	return nil, false, nil
}

// cellTag takes a <c>, </c> or <c/>: it ends the cell open, if any, and
// begins the next, in a row of its own if none is open.
func (s *sheetReader) cellTag(kind int) error {
	if s.inCell {
		if err := s.endCell(); err != nil {
			return err
		}
	}
	if kind == tokEnd {
		return nil
	}
	if !s.inRow {
		s.beginRow(s.rowNum + 1)
	}
	if err := s.beginCell(); err != nil {
		return err
	}
	if kind == tokEmpty {
		return s.endCell()
	}
	return nil
}

func (s *sheetReader) beginRow(n int) {
	s.inRow = true
	s.rowNum = n
	s.cells = s.cells[:0]
	s.buf = s.buf[:0]
	s.inCell = false
	s.uncached = -1
}

func (s *sheetReader) beginCell() error {
	s.inCell, s.inV, s.inIS, s.inT, s.phonetic = true, false, false, false, 0
	s.hasV, s.hasIS, s.hasF = false, false, false
	s.typ, s.style = s.typ[:0], 0
	col := -1
	if len(s.cells) > 0 {
		col = s.cells[len(s.cells)-1].col
	}
	col++
	var err error
	s.x.attrs(func(name, val []byte) {
		switch string(name) {
		case "r":
			c, ok := columnIndex(val)
			if !ok {
				err = i18n.Errorf("cell reference %q is not a cell in columns A to XFD", val)
				return
			}
			col = c
		case "t":
			s.typ = append(s.typ, val...)
		case "s":
			if n, e := strconv.Atoi(string(val)); e == nil {
				s.style = n
			}
		}
	})
	if err != nil {
		return err
	}
	if col >= maxXLSXColumns {
		return i18n.Errorf("a cell beyond column XFD")
	}
	s.cells = append(s.cells, cell{col: col, off: len(s.buf), end: len(s.buf)})
	return nil
}

// columnIndex reads the column of a cell reference such as "AB12" (0-based).
func columnIndex(ref []byte) (int, bool) {
	col, i := 0, 0
	for ; i < len(ref); i++ {
		c := ref[i] | 0x20
		if c < 'a' || c > 'z' {
			break
		}
		col = col*26 + int(c-'a'+1)
		if col > maxXLSXColumns {
			return 0, false
		}
	}
	if i == 0 {
		return 0, false
	}
	return col - 1, true
}

// endCell turns the cell's raw value into its text.
func (s *sheetReader) endCell() error {
	if s.inV {
		s.vEnd = len(s.buf)
	}
	s.inCell, s.inV, s.inIS, s.inT = false, false, false, false
	c := &s.cells[len(s.cells)-1]
	var v []byte
	if s.hasV {
		v = s.buf[s.vStart:s.vEnd]
	} else if s.hasF && !s.hasIS && s.uncached < 0 {
		s.uncached = c.col
	}
	switch string(s.typ) {
	case "s":
		if !s.hasV {
			break
		}
		i, err := strconv.Atoi(string(trimXMLSpace(v)))
		str, ok := s.strs.get(i)
		if err == nil && !ok && s.strs.cut && i >= len(s.strs.ends) {
			return i18n.Errorf("cell %s%d refers to shared string %d, but the workbook's sheets have room to refer to only %d: the shared strings are damaged or a zip bomb; open the file in Excel and save it again, or export CSV", columnName(c.col), s.rowNum, i, len(s.strs.ends))
		}
		if err != nil || !ok {
			return i18n.Errorf("cell %s%d refers to shared string %q, but the workbook has %d: the file is damaged; open it in Excel and save it again, or export CSV", columnName(c.col), s.rowNum, trimXMLSpace(v), len(s.strs.ends))
		}
		s.buf = s.buf[:c.off]
		c.ext, c.end = str, c.off
	case "inlineStr":
		if s.hasIS {
			// The inline text, after any <v>.
			is := append(s.scratch[:0], s.buf[s.isStart:]...)
			s.scratch = is
			s.buf = append(s.buf[:c.off], is...)
		} else {
			s.buf = append(s.buf[:c.off], v...)
		}
		s.buf = appendUnescapedOOXML(s.buf, c.off)
		c.end = len(s.buf)
	case "str", "e", "d":
		s.buf = append(s.buf[:c.off], v...)
		if string(s.typ) == "str" {
			s.buf = appendUnescapedOOXML(s.buf, c.off)
		}
		c.end = len(s.buf)
	case "b":
		t := trimXMLSpace(v)
		s.scratch = append(s.scratch[:0], t...)
		s.buf = s.buf[:c.off]
		switch string(s.scratch) {
		case "1", "true":
			s.buf = append(s.buf, "TRUE"...)
		case "0", "false":
			s.buf = append(s.buf, "FALSE"...)
		default:
			s.buf = append(s.buf, s.scratch...)
		}
		c.end = len(s.buf)
	default: // "n" or none: a number
		t := trimXMLSpace(v)
		s.scratch = append(s.scratch[:0], t...)
		s.buf = s.buf[:c.off]
		kind := kindNumber
		if s.style > 0 && s.style < len(s.styles) {
			kind = s.styles[s.style]
		}
		s.buf = appendNumber(s.buf, s.scratch, kind, s.date1904)
		c.end = len(s.buf)
	}
	return nil
}

// columnName returns the letters of a 0-based column.
func columnName(col int) string {
	var b []byte
	for col++; col > 0; col = (col - 1) / 26 {
		b = append([]byte{byte('A' + (col-1)%26)}, b...)
	}
	return string(b)
}

// endRow builds the record of the row just read, or returns nil for a blank
// row. Missing cells are empty; the record is as wide as the header, wider
// only when a cell beyond the header is not blank. A row that is blank only
// because its formulas have no cached value (a workbook written by a program
// and never opened in Excel) is not blank: it comes back as a *RecordError.
func (s *sheetReader) endRow() ([][]byte, error) {
	n := 0
	for i := range s.cells {
		c := &s.cells[i]
		if c.col+1 > n && len(trimSpace(s.value(c))) > 0 {
			n = c.col + 1
		}
	}
	if n == 0 {
		if s.uncached >= 0 {
			return nil, &RecordError{Line: s.rowNum, Fields: make([][]byte, s.width),
				Reason: fmt.Sprintf("formula without a cached value: cell %s%d; open the file in Excel and save it again, or export CSV", columnName(s.uncached), s.rowNum)}
		}
		return nil, nil
	}
	n = max(n, s.width)
	if cap(s.fields) < n {
		s.fields = make([][]byte, n)
	}
	s.fields = s.fields[:n]
	clear(s.fields)
	for i := range s.cells {
		c := &s.cells[i]
		if c.col < n {
			s.fields[c.col] = s.value(c)
		}
	}
	return s.fields, nil
}

func (s *sheetReader) value(c *cell) []byte {
	if c.ext != nil {
		return c.ext
	}
	return s.buf[c.off:c.end:c.end]
}

// aheadReader unzips on another goroutine, a few chunks ahead of the
// reader: inflating takes about a third of the time of reading a sheet, and
// on two cores it overlaps with tokenizing and scanning the rows. The
// goroutine ends at the end of the part, at an error, or at stop.
type aheadReader struct {
	full, free chan *chunk
	done       chan struct{} // closed by stop
	exited     chan struct{} // closed by the goroutine as it ends
	once       sync.Once
	cur        *chunk
	off        int
}

type chunk struct {
	b   []byte
	err error
}

const aheadChunks, aheadChunkSize = 4, 256 << 10

// errReadAfterClose is what a sheet read after Close returns.
var errReadAfterClose = i18n.New("read after Close")

// newAheadReader starts unzipping rc, at most limit bytes of it. The
// goroutine closes rc as it ends.
func newAheadReader(rc io.ReadCloser, limit int64) *aheadReader {
	a := &aheadReader{
		full:   make(chan *chunk, aheadChunks),
		free:   make(chan *chunk, aheadChunks),
		done:   make(chan struct{}),
		exited: make(chan struct{}),
	}
	for range aheadChunks {
		a.free <- &chunk{b: make([]byte, aheadChunkSize)}
	}
	go a.unzip(rc, limit)
	return a
}

// unzip is the goroutine: it fills free chunks from rc and hands them over
// full, until the end of rc, an error, or stop.
func (a *aheadReader) unzip(rc io.ReadCloser, limit int64) {
	defer close(a.exited)
	defer rc.Close()
	r := io.LimitReader(rc, limit)
	for {
		var c *chunk
		select {
		case <-a.done: // before another chunk, though one is free
			return
		default:
		}
		select {
		case c = <-a.free:
		case <-a.done:
			return
		}
		n, err := io.ReadFull(r, c.b[:cap(c.b)])
		c.b = c.b[:n]
		if err == io.ErrUnexpectedEOF {
			err = io.EOF
		}
		c.err = err
		select {
		case a.full <- c:
		case <-a.done:
			return
		}
		if err != nil {
			return
		}
	}
}

func (a *aheadReader) Read(p []byte) (int, error) {
	for a.cur == nil || a.off == len(a.cur.b) {
		if a.cur != nil {
			if a.cur.err != nil {
				return 0, a.cur.err
			}
			a.free <- a.cur // never blocks: free has room for every chunk
			a.cur = nil
		}
		select {
		case <-a.done:
			return 0, errReadAfterClose
		default:
		}
		select {
		case a.cur = <-a.full:
			a.off = 0
		case <-a.done:
			return 0, errReadAfterClose
		}
	}
	n := copy(p, a.cur.b[a.off:])
	a.off += n
	return n, nil
}

// stop ends the goroutine, if it is still running, and waits until it has.
// It may be called more than once, and while Read runs on another goroutine:
// Read then returns errReadAfterClose.
func (a *aheadReader) stop() {
	a.once.Do(func() { close(a.done) })
	<-a.exited
}
