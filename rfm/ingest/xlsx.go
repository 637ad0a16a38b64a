package ingest

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math"
	"path"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/rfmtool/rfm/rfm"
)

// The XLSX reader streams one worksheet's XML straight from the zip archive
// with a small tokenizer of its own: a general XML decoder (or a spreadsheet
// library's row iterator) spends tens of seconds on a sheet of half a million
// rows, where reading the tags we need takes a second or two. Only the small
// parts — relationships, the workbook, the styles — go through encoding/xml.
// Shared strings are loaded once; the sheet itself is never held in memory.
//
// Cells become text as a person sees them, so the rest of the pipeline reads
// them like CSV fields: numbers in date or time formats become
// "YYYY-MM-DD HH:MM:SS" (".mmm" appended when there are milliseconds) or
// "HH:MM:SS"; other numbers become their shortest decimal after rounding to
// Excel's 15 significant digits (17850.0 → 17850, 2.5500000000000003 →
// 2.55); booleans become TRUE or FALSE.

// Limits on what an XLSX part may unpack to. A zip bomb meets them before it
// fills the memory; a sheet is streamed, so its limit bounds time only. The
// shared strings are held in memory: maxXLSXStringMemory bounds what their
// table takes (the text and 4 bytes a string). They are variables so that
// tests can lower them.
var (
	maxXLSXSheet        int64 = 16 << 30  // one worksheet
	maxXLSXStrings      int64 = 1 << 30   // the shared strings part
	maxXLSXStringMemory int64 = 192 << 20 // the shared strings, held in memory
	maxXLSXPart         int64 = 64 << 20  // the workbook, relationships and styles
	maxXLSXText               = 16 << 20  // one cell's text or one tag
)

// minStringCell is the length of the shortest cell that refers to a shared
// string, <c t="s"><v>0</v></c>: a workbook's sheets cannot refer to more
// strings than they have room for such cells.
const minStringCell = len(`<c t="s"><v>0</v></c>`)

// maxXLSXColumns is Excel's column limit (XFD).
const maxXLSXColumns = 16384

// readXLSX opens the chosen worksheet of the workbook in r and reads its
// header row.
func readXLSX(r io.ReaderAt, size int64, f File) (*Table, error) {
	var magic [4]byte
	if n, _ := r.ReadAt(magic[:], 0); n == 4 && bytes.Equal(magic[:], []byte{0xD0, 0xCF, 0x11, 0xE0}) {
		return nil, errors.New("an encrypted or legacy (.xls) Excel file; save it as .xlsx without a password, or export CSV")
	}
	zr, err := zip.NewReader(r, size)
	if err != nil && !(errors.Is(err, zip.ErrInsecurePath) && zr != nil) {
		return nil, fmt.Errorf("not a readable XLSX file (the zip archive is damaged: %v); open it in Excel and save it again, or export CSV", err)
	}
	wb, err := openWorkbook(zr)
	if err != nil {
		return nil, err
	}
	sh, err := wb.pickSheet(f.Sheet)
	if err != nil {
		return nil, err
	}
	t := &Table{Name: f.Path, Format: "xlsx", Sheet: sh.name}
	if sh.part == nil {
		return nil, &ParseError{File: f.Path, Sheet: sh.name, Err: fmt.Errorf("the sheet's part %s is missing from the archive", sh.target)}
	}
	if err := checkSize(sh.part, maxXLSXSheet); err != nil {
		return nil, &ParseError{File: f.Path, Sheet: sh.name, Err: err}
	}
	if err := wb.loadStrings(); err != nil {
		return nil, err
	}
	rc, err := sh.part.Open()
	if err != nil {
		return nil, &ParseError{File: f.Path, Sheet: sh.name, Err: fmt.Errorf("%s: %w", sh.part.Name, err)}
	}
	unzipped := newAheadReader(io.LimitReader(rc, maxXLSXSheet))
	sr := &sheetReader{
		x:        newXMLReader(unzipped),
		strs:     &wb.strs,
		styles:   wb.styles,
		date1904: wb.date1904,
	}
	sr.x.check = true
	// A reader abandoned before the end of the sheet stops the unzipping
	// goroutine when it is collected.
	runtime.AddCleanup(sr, func(a *aheadReader) { a.stop() }, unzipped)
	fields, line, err := sr.Next()
	if err == io.EOF {
		return nil, &ParseError{File: f.Path, Sheet: sh.name, Err: errNoHeaderSheet}
	}
	if err != nil {
		return nil, &ParseError{File: f.Path, Sheet: sh.name, Line: line, Err: err}
	}
	t.HeaderLine = line
	for _, h := range fields {
		t.Header = append(t.Header, string(trimSpace(h)))
	}
	sr.width = len(fields)
	t.Records = sr
	return t, nil
}

var errNoHeaderSheet = errors.New("no header row: the sheet has no non-empty row")

// workbook is what the reader needs from an XLSX package besides the sheet.
type workbook struct {
	files    map[string]*zip.File // by lower-case name
	path     string               // of the workbook part
	date1904 bool
	sheets   []sheetRef
	stringsP *zip.File
	// cellBytes is the size of the parts whose cells may refer to shared
	// strings: worksheets, and macro and dialog sheets, which are not read.
	cellBytes uint64
	stylesP   *zip.File
	strs      sharedStrings
	styles    []numKind // by cell format (cellXfs) index
}

type sheetRef struct {
	name   string
	target string
	part   *zip.File
}

type xmlRels struct {
	Rels []struct {
		ID         string `xml:"Id,attr"`
		Type       string `xml:"Type,attr"`
		Target     string `xml:"Target,attr"`
		TargetMode string `xml:"TargetMode,attr"`
	} `xml:"Relationship"`
}

type xmlWorkbook struct {
	Pr struct {
		Date1904 string `xml:"date1904,attr"`
	} `xml:"workbookPr"`
	Sheets []struct {
		Name  string     `xml:"name,attr"`
		Attrs []xml.Attr `xml:",any,attr"`
	} `xml:"sheets>sheet"`
}

func openWorkbook(zr *zip.Reader) (*workbook, error) {
	wb := &workbook{files: make(map[string]*zip.File, len(zr.File))}
	for _, zf := range zr.File {
		wb.files[strings.ToLower(strings.ReplaceAll(zf.Name, `\`, "/"))] = zf
	}
	if mt := wb.file("mimetype"); mt != nil {
		if b, err := readPart(mt, 1<<10); err == nil && bytes.Contains(b, []byte("opendocument")) {
			return nil, errors.New("an OpenDocument spreadsheet, not XLSX; save it as .xlsx, or export CSV")
		}
	}
	wb.path = "xl/workbook.xml"
	var root xmlRels
	if err := wb.unmarshal("_rels/.rels", &root); err == nil {
		for _, r := range root.Rels {
			if strings.HasSuffix(r.Type, "/officeDocument") {
				wb.path = resolvePart("", r.Target)
				break
			}
		}
	}
	if wb.file(wb.path) == nil {
		return nil, fmt.Errorf("not an XLSX workbook: the archive has no %s", wb.path)
	}
	var x xmlWorkbook
	if err := wb.unmarshal(wb.path, &x); err != nil {
		return nil, err
	}
	switch strings.TrimSpace(x.Pr.Date1904) {
	case "1", "true", "on":
		wb.date1904 = true
	}
	dir := path.Dir(wb.path)
	relsPath := path.Join(dir, "_rels", path.Base(wb.path)+".rels")
	var rels xmlRels
	if err := wb.unmarshal(relsPath, &rels); err != nil {
		return nil, err
	}
	targets := map[string]string{}
	sheetTargets := map[string]bool{}
	for _, r := range rels.Rels {
		if r.TargetMode == "External" {
			continue
		}
		target := resolvePart(dir, r.Target)
		targets[r.ID] = target
		switch {
		case strings.HasSuffix(r.Type, "/worksheet"), strings.HasSuffix(r.Type, "Macrosheet"), strings.HasSuffix(r.Type, "/dialogsheet"):
			if zf := wb.file(target); zf != nil {
				wb.cellBytes += min(zf.UncompressedSize64, 1<<40)
			}
			if strings.HasSuffix(r.Type, "/worksheet") {
				sheetTargets[r.ID] = true
			}
		case strings.HasSuffix(r.Type, "/sharedStrings"):
			wb.stringsP = wb.file(target)
		case strings.HasSuffix(r.Type, "/styles"):
			wb.stylesP = wb.file(target)
		}
	}
	for _, s := range x.Sheets {
		id := ""
		for _, a := range s.Attrs {
			if a.Name.Local == "id" && a.Name.Space != "" {
				id = a.Value
			}
		}
		if !sheetTargets[id] {
			continue // a chart sheet or dialog sheet: no cells to read
		}
		wb.sheets = append(wb.sheets, sheetRef{name: s.Name, target: targets[id], part: wb.file(targets[id])})
	}
	if len(wb.sheets) == 0 {
		return nil, errors.New("the workbook has no worksheet")
	}
	if err := wb.loadStyles(); err != nil {
		return nil, err
	}
	return wb, nil
}

// resolvePart turns a relationship target into a part name.
func resolvePart(dir, target string) string {
	target = strings.ReplaceAll(target, `\`, "/")
	if strings.HasPrefix(target, "/") {
		return path.Clean(target)[1:]
	}
	return strings.TrimPrefix(path.Join(dir, target), "/")
}

func (wb *workbook) file(name string) *zip.File {
	return wb.files[strings.ToLower(name)]
}

func (wb *workbook) unmarshal(name string, v any) error {
	zf := wb.file(name)
	if zf == nil {
		return fmt.Errorf("not an XLSX workbook: the archive has no %s", name)
	}
	b, err := readPart(zf, maxXLSXPart)
	if err != nil {
		return err
	}
	if err := xml.Unmarshal(b, v); err != nil {
		return fmt.Errorf("%s: %w", zf.Name, err)
	}
	return nil
}

// checkSize refuses a part that says it unpacks to more than limit.
func checkSize(zf *zip.File, limit int64) error {
	if zf.UncompressedSize64 > uint64(limit) {
		return fmt.Errorf("%s unpacks to %s, over the %s this reader allows; the file is damaged or a zip bomb",
			zf.Name, byteSize(zf.UncompressedSize64), byteSize(uint64(limit)))
	}
	return nil
}

// readPart reads a whole part of at most limit bytes.
func readPart(zf *zip.File, limit int64) ([]byte, error) {
	if err := checkSize(zf, limit); err != nil {
		return nil, err
	}
	rc, err := zf.Open()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", zf.Name, err)
	}
	defer rc.Close()
	b, err := io.ReadAll(io.LimitReader(rc, limit+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", zf.Name, err)
	}
	if int64(len(b)) > limit {
		return nil, checkSize(&zip.File{FileHeader: zip.FileHeader{Name: zf.Name, UncompressedSize64: uint64(len(b))}}, limit)
	}
	return b, nil
}

func byteSize(n uint64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%d bytes", n)
}

// pickSheet finds the sheet named want, else numbered want (from 1); the
// first sheet when want is empty.
func (wb *workbook) pickSheet(want string) (sheetRef, error) {
	if want == "" {
		return wb.sheets[0], nil
	}
	for _, s := range wb.sheets {
		if s.name == want {
			return s, nil
		}
	}
	for _, s := range wb.sheets {
		if strings.EqualFold(strings.TrimSpace(s.name), strings.TrimSpace(want)) {
			return s, nil
		}
	}
	if n, err := strconv.Atoi(strings.TrimSpace(want)); err == nil {
		if n >= 1 && n <= len(wb.sheets) {
			return wb.sheets[n-1], nil
		}
	}
	names := make([]string, len(wb.sheets))
	for i, s := range wb.sheets {
		names[i] = s.name
	}
	return sheetRef{}, fmt.Errorf("--sheet %q: no such sheet among [%s] (give a name or a number from 1 to %d)", want, strings.Join(names, ", "), len(wb.sheets))
}

// numKind says how a number in a given cell format reads.
type numKind uint8

const (
	kindNumber numKind = iota
	kindDate           // a date, perhaps with a time
	kindTime           // a time of day only
)

type xmlStyles struct {
	NumFmts []struct {
		ID   int    `xml:"numFmtId,attr"`
		Code string `xml:"formatCode,attr"`
	} `xml:"numFmts>numFmt"`
	Xfs []struct {
		NumFmtID int `xml:"numFmtId,attr"`
	} `xml:"cellXfs>xf"`
}

func (wb *workbook) loadStyles() error {
	if wb.stylesP == nil {
		return nil
	}
	b, err := readPart(wb.stylesP, maxXLSXPart)
	if err != nil {
		return err
	}
	var x xmlStyles
	if err := xml.Unmarshal(b, &x); err != nil {
		return fmt.Errorf("%s: %w", wb.stylesP.Name, err)
	}
	custom := map[int]numKind{}
	for _, f := range x.NumFmts {
		custom[f.ID] = formatKind(f.Code)
	}
	wb.styles = make([]numKind, len(x.Xfs))
	for i, xf := range x.Xfs {
		if k, ok := custom[xf.NumFmtID]; ok {
			wb.styles[i] = k
		} else {
			wb.styles[i] = builtinKind(xf.NumFmtID)
		}
	}
	return nil
}

// builtinKind classifies Excel's built-in number formats: 14–17 and 22 are
// dates, 18–21, 45 and 47 times; 27–36 and 50–58 are the East Asian date and
// time formats (32–35, 55 and 56 are times). 46 ([h]:mm:ss) is a duration,
// read as a number.
func builtinKind(id int) numKind {
	switch {
	case id >= 14 && id <= 17, id == 22:
		return kindDate
	case id >= 18 && id <= 21, id == 45, id == 47:
		return kindTime
	case id >= 32 && id <= 35, id == 55, id == 56:
		return kindTime
	case id >= 27 && id <= 36, id >= 50 && id <= 58:
		return kindDate
	}
	return kindNumber
}

// formatKind classifies a custom number format code by the date and time
// tokens in its first section: y, d and m for month make a date; h, s and m
// for minutes a time. Quoted text, escapes, [colours], [$-locales] and AM/PM
// are not tokens; a format of elapsed time ([h]:mm) is a duration, a number.
func formatKind(code string) numKind {
	var toks []byte
	elapsed := false
	for i := 0; i < len(code); i++ {
		c := code[i]
		switch c {
		case ';':
			i = len(code)
			continue
		case '"':
			j := strings.IndexByte(code[i+1:], '"')
			if j < 0 {
				i = len(code)
			} else {
				i += j + 1
			}
			continue
		case '\\', '_', '*':
			i++
			continue
		case '[':
			j := strings.IndexByte(code[i+1:], ']')
			if j < 0 {
				i = len(code)
				continue
			}
			in := strings.ToLower(code[i+1 : i+1+j])
			if in != "" && strings.Trim(in, "hms") == "" {
				elapsed = true
			}
			i += j + 1
			continue
		}
		lc := c | 0x20
		if lc == 'a' && (strings.HasPrefix(strings.ToLower(code[i:]), "am/pm") || strings.HasPrefix(strings.ToLower(code[i:]), "a/p")) {
			if strings.HasPrefix(strings.ToLower(code[i:]), "am/pm") {
				i += 4
			} else {
				i += 2
			}
			continue
		}
		switch lc {
		case 'y', 'd', 'm', 'h', 's':
			if len(toks) == 0 || toks[len(toks)-1] != lc {
				toks = append(toks, lc)
			}
		}
	}
	date, clock := false, false
	for i, t := range toks {
		switch t {
		case 'y', 'd':
			date = true
		case 'h', 's':
			clock = true
		case 'm':
			// Minutes follow hours or precede seconds; otherwise a month.
			if (i > 0 && toks[i-1] == 'h') || (i+1 < len(toks) && toks[i+1] == 's') {
				clock = true
			} else {
				date = true
			}
		}
	}
	switch {
	case date:
		return kindDate
	case clock && !elapsed:
		return kindTime
	}
	return kindNumber
}

// sharedStrings holds the workbook's string table in one buffer.
type sharedStrings struct {
	data []byte
	ends []uint32
	// room is how many strings the sheets have room to refer to; the table
	// keeps no more, and cut says there were more in the part.
	room int64
	cut  bool
}

func (s *sharedStrings) get(i int) ([]byte, bool) {
	if i < 0 || i >= len(s.ends) {
		return nil, false
	}
	start := 0
	if i > 0 {
		start = int(s.ends[i-1])
	}
	end := int(s.ends[i])
	return s.data[start:end:end], true
}

// memory is what the table takes: its text and 4 bytes a string.
func (s *sharedStrings) memory() int64 { return int64(len(s.data)) + 4*int64(len(s.ends)) }

// loadStrings reads the shared strings. A workbook's sheets refer to its
// strings by cell, and Excel keeps no string that no cell refers to, so the
// sheets' size bounds how many strings are worth keeping: a part of millions
// of empty strings behind a small sheet (a zip bomb) is read no further than
// that, in little time and memory. What is kept is bounded by
// maxXLSXStringMemory too.
func (wb *workbook) loadStrings() error {
	if wb.stringsP == nil {
		return nil
	}
	zf := wb.stringsP
	if err := checkSize(zf, maxXLSXStrings); err != nil {
		return err
	}
	s := &wb.strs
	s.room = int64(wb.cellBytes / uint64(minStringCell))
	// The most the table can come to: no more text than the part has
	// bytes, no more strings than the part has room for <si/>, nor than
	// the sheets have room to refer to.
	size := int64(zf.UncompressedSize64)
	maxData := int(min(size, maxXLSXStringMemory))
	maxEnds := int(min(size/int64(len("<si/>")), s.room, maxXLSXStringMemory/4))
	rc, err := zf.Open()
	if err != nil {
		return fmt.Errorf("%s: %w", zf.Name, err)
	}
	defer rc.Close()
	x := newXMLReader(io.LimitReader(rc, maxXLSXStrings))
	x.check = true
	inSI, inText, inPhonetic := false, false, 0
	start := 0
	for {
		kind, name, err := x.next(inText)
		if err == io.EOF {
			break
		}
		if err != nil {
			return fmt.Errorf("%s cannot be read; the file is damaged: %w", zf.Name, err)
		}
		switch kind {
		case tokText:
			if s.memory()+int64(len(x.text)) > maxXLSXStringMemory {
				return errStringMemory(zf)
			}
			s.data = append(reserve(s.data, len(x.text), maxData), x.text...)
		case tokStart, tokEnd, tokEmpty:
			switch string(name) {
			case "si":
				if kind == tokStart {
					inSI, start = true, len(s.data)
					continue
				}
				if int64(len(s.ends)) == s.room {
					s.cut = true
					return nil
				}
				if kind == tokEmpty {
					start = len(s.data)
				}
				s.data = appendUnescapedOOXML(s.data, start)
				if s.memory()+4 > maxXLSXStringMemory {
					return errStringMemory(zf)
				}
				s.ends = append(reserve(s.ends, 1, maxEnds), uint32(len(s.data)))
				inSI = false
			case "sst":
				// Excel counts the strings: room for them saves growing
				// the table, when the count is not more than could be.
				if v, ok := x.attr("uniqueCount"); ok && kind == tokStart {
					n, err := strconv.Atoi(string(v))
					if n = min(n, maxEnds); err == nil && n > 0 {
						s.ends = make([]uint32, 0, n)
					}
				}
			case "t":
				inText = kind == tokStart && inSI && inPhonetic == 0
			case "rPh":
				if kind == tokStart {
					inPhonetic++
				} else if kind == tokEnd && inPhonetic > 0 {
					inPhonetic--
				}
			}
		}
	}
	return nil
}

// reserve returns s with room for n more elements. While s is small it
// grows as append grows it; once large, it is given at once the most it may
// come to, limit: a large table is then neither copied again and again nor
// held twice while copied, and what of it is never written takes no memory.
func reserve[T byte | uint32](s []T, n, limit int) []T {
	need := len(s) + n
	if need <= cap(s) {
		return s
	}
	if need < 4<<20 || need >= limit {
		return slices.Grow(s, n)
	}
	return slices.Grow(s, limit-len(s))
}

func errStringMemory(zf *zip.File) error {
	return fmt.Errorf("%s: the workbook's shared strings take over %s of memory, more than this reader holds; export the sheet as CSV, or if the file should be small, it is damaged or a zip bomb",
		zf.Name, byteSize(uint64(maxXLSXStringMemory)))
}

// appendUnescapedOOXML decodes the _xHHHH_ escapes of OOXML strings (used for
// control characters such as _x000D_) in b[start:].
func appendUnescapedOOXML(b []byte, start int) []byte {
	if bytes.Index(b[start:], []byte("_x")) < 0 {
		return b
	}
	s := b[start:]
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] == '_' && i+6 < len(s) && s[i+1] == 'x' && s[i+6] == '_' {
			if v, err := strconv.ParseUint(string(s[i+2:i+6]), 16, 16); err == nil {
				out = utf8.AppendRune(out, rune(v))
				i += 6
				continue
			}
		}
		out = append(out, s[i])
	}
	return append(b[:start], out...)
}

// sheetReader yields a worksheet's rows as records.
type sheetReader struct {
	x        *xmlReader
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
			return nil, s.rowNum, fmt.Errorf("the sheet cannot be read past this row; the file is damaged: %w", err)
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
			if kind == tokEnd {
				if s.inRow {
					s.inRow = false
					if f, err := s.endRow(); f != nil || err != nil {
						return f, s.rowNum, err
					}
				}
				continue
			}
			n := s.rowNum + 1
			if v, ok := x.attr("r"); ok {
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
					return f, s.rowNum, err
				}
			}
			if kind == tokStart {
				s.beginRow(n)
			} else {
				s.rowNum = n
			}
		case "c":
			if kind == tokEnd {
				if s.inCell {
					if err := s.endCell(); err != nil {
						return nil, s.rowNum, err
					}
				}
				continue
			}
			if s.inCell {
				if err := s.endCell(); err != nil {
					return nil, s.rowNum, err
				}
			}
			if !s.inRow {
				s.beginRow(s.rowNum + 1)
			}
			if err := s.beginCell(); err != nil {
				return nil, s.rowNum, err
			}
			if kind == tokEmpty {
				if err := s.endCell(); err != nil {
					return nil, s.rowNum, err
				}
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
				err = fmt.Errorf("cell reference %q is not a cell in columns A to XFD", val)
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
		return fmt.Errorf("a cell beyond column XFD")
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
			return fmt.Errorf("cell %s%d refers to shared string %d, but the workbook's sheets have room to refer to only %d: the shared strings are damaged or a zip bomb; open the file in Excel and save it again, or export CSV", columnName(c.col), s.rowNum, i, len(s.strs.ends))
		}
		if err != nil || !ok {
			return fmt.Errorf("cell %s%d refers to shared string %q, but the workbook has %d: the file is damaged; open it in Excel and save it again, or export CSV", columnName(c.col), s.rowNum, trimXMLSpace(v), len(s.strs.ends))
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

func trimXMLSpace(b []byte) []byte {
	for len(b) > 0 && isXMLSpace(b[0]) {
		b = b[1:]
	}
	for len(b) > 0 && isXMLSpace(b[len(b)-1]) {
		b = b[:len(b)-1]
	}
	return b
}

// appendNumber appends the text of a numeric cell: a date or time for date
// and time formats, else the shortest decimal of the value rounded to 15
// significant digits. Text that is not a number as Excel writes one
// (xsdNumber) is appended as it is, for the column's parser to reject.
func appendNumber(dst, v []byte, kind numKind, date1904 bool) []byte {
	if kind == kindNumber && canonicalDecimal(v) {
		return append(dst, v...)
	}
	if !xsdNumber(v) {
		return append(dst, v...)
	}
	f, err := strconv.ParseFloat(string(v), 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return append(dst, v...)
	}
	if kind != kindNumber {
		if out, ok := appendSerial(dst, f, kind, date1904); ok {
			return out
		}
	}
	return appendRounded(dst, f)
}

// appendRounded appends f rounded to 15 significant digits, as Excel shows
// it, in its shortest plain decimal form.
func appendRounded(dst []byte, f float64) []byte {
	var tmp [32]byte
	r, _ := strconv.ParseFloat(string(strconv.AppendFloat(tmp[:0], f, 'e', 14, 64)), 64)
	if r == 0 {
		r = 0 // no "-0"
	}
	return strconv.AppendFloat(dst, r, 'f', -1, 64)
}

// canonicalDecimal reports whether v is already what appendRounded would
// write: an optional '-', no needless zeros, at most 15 significant digits.
func canonicalDecimal(v []byte) bool {
	i := 0
	if len(v) > 0 && v[0] == '-' {
		i = 1
	}
	if i == len(v) {
		return false
	}
	sig, lead := 0, true
	if v[i] == '0' {
		if i+1 == len(v) {
			return i == 0 // "0", not "-0"
		}
		if v[i+1] != '.' {
			return false
		}
		i++
	} else {
		for ; i < len(v) && isDigit(v[i]); i++ {
			sig++
			lead = false
		}
		if sig == 0 {
			return false // ".5" is written "0.5"
		}
		if i == len(v) {
			return sig <= 15
		}
		if v[i] != '.' {
			return false
		}
	}
	// v[i] == '.'
	i++
	if i == len(v) || v[len(v)-1] == '0' {
		return false
	}
	for ; i < len(v); i++ {
		if !isDigit(v[i]) {
			return false
		}
		if lead && v[i] == '0' {
			continue
		}
		lead = false
		sig++
	}
	return sig <= 15
}

// xsdNumber reports whether v is a number in the lexical form of XML
// Schema's decimal and double, the form of a numeric cell's value: an
// optional sign, digits with an optional fraction (".5" and "5." too), an
// optional exponent. strconv.ParseFloat reads more — hexadecimal, digit
// separators ("1_000"), Inf and NaN — none of which a spreadsheet writes.
func xsdNumber(v []byte) bool {
	i := 0
	if i < len(v) && (v[i] == '+' || v[i] == '-') {
		i++
	}
	digits := 0
	for ; i < len(v) && isDigit(v[i]); i++ {
		digits++
	}
	if i < len(v) && v[i] == '.' {
		for i++; i < len(v) && isDigit(v[i]); i++ {
			digits++
		}
	}
	if digits == 0 {
		return false
	}
	if i < len(v) && (v[i] == 'e' || v[i] == 'E') {
		i++
		if i < len(v) && (v[i] == '+' || v[i] == '-') {
			i++
		}
		e := i
		for i < len(v) && isDigit(v[i]) {
			i++
		}
		if i == e {
			return false
		}
	}
	return i == len(v)
}

const msPerDay = 86400000

var (
	excelEpoch1900 = rfm.DateOf(1899, 12, 30)
	excelEpoch1904 = rfm.DateOf(1904, 1, 1)
)

// appendSerial appends an Excel serial date-time as YYYY-MM-DD HH:MM:SS[.mmm]
// (kindDate) or HH:MM:SS[.mmm] (kindTime), rounded to the millisecond. In the
// 1900 system serial 60 is 1900-02-29, a day that never was (Lotus 1-2-3's
// leap-year bug, kept by Excel), and serial 0 is 1900-01-00; both are written
// as Excel shows them, so that they fail as dates. Negative serials and
// serials past 9999-12-31 are not dates.
func appendSerial(dst []byte, f float64, kind numKind, date1904 bool) ([]byte, bool) {
	if f < 0 || f >= 2958466 {
		return dst, false
	}
	ms := int64(math.Round(f * msPerDay))
	days, t := ms/msPerDay, ms%msPerDay
	if kind == kindDate {
		switch {
		case date1904:
			d := excelEpoch1904 + rfm.Date(days)
			if y, _, _ := d.Civil(); y > 9999 {
				return dst, false
			}
			dst = d.AppendTo(dst)
		case days == 0:
			dst = append(dst, "1900-01-00"...)
		case days == 60:
			dst = append(dst, "1900-02-29"...)
		case days < 60:
			dst = (excelEpoch1900 + rfm.Date(days+1)).AppendTo(dst)
		default:
			d := excelEpoch1900 + rfm.Date(days)
			if y, _, _ := d.Civil(); y > 9999 {
				return dst, false
			}
			dst = d.AppendTo(dst)
		}
		dst = append(dst, ' ')
	}
	sec := t / 1000
	dst = append(dst, byte('0'+sec/36000), byte('0'+sec/3600%10), ':',
		byte('0'+sec/600%6), byte('0'+sec/60%10), ':',
		byte('0'+sec%60/10), byte('0'+sec%10))
	if milli := t % 1000; milli != 0 {
		dst = append(dst, '.', byte('0'+milli/100), byte('0'+milli/10%10), byte('0'+milli%10))
	}
	return dst, true
}

// aheadReader unzips on another goroutine, a few chunks ahead of the
// reader: inflating takes about a third of the time of reading a sheet, and
// on two cores it overlaps with tokenizing and scanning the rows.
type aheadReader struct {
	full, free chan *chunk
	done       chan struct{}
	once       sync.Once
	cur        *chunk
	off        int
}

type chunk struct {
	b   []byte
	err error
}

const aheadChunks, aheadChunkSize = 4, 256 << 10

func newAheadReader(r io.Reader) *aheadReader {
	a := &aheadReader{full: make(chan *chunk, aheadChunks), free: make(chan *chunk, aheadChunks), done: make(chan struct{})}
	for range aheadChunks {
		a.free <- &chunk{b: make([]byte, aheadChunkSize)}
	}
	full, free, done := a.full, a.free, a.done
	go func() {
		for {
			var c *chunk
			select {
			case c = <-free:
			case <-done:
				return
			}
			n, err := io.ReadFull(r, c.b[:cap(c.b)])
			c.b = c.b[:n]
			if err == io.ErrUnexpectedEOF {
				err = io.EOF
			}
			c.err = err
			select {
			case full <- c:
			case <-done:
				return
			}
			if err != nil {
				return
			}
		}
	}()
	return a
}

func (a *aheadReader) Read(p []byte) (int, error) {
	for a.cur == nil || a.off == len(a.cur.b) {
		if a.cur != nil {
			if a.cur.err != nil {
				return 0, a.cur.err
			}
			a.free <- a.cur
		}
		a.cur, a.off = <-a.full, 0
	}
	n := copy(p, a.cur.b[a.off:])
	a.off += n
	return n, nil
}

// stop ends the goroutine if it is still running.
func (a *aheadReader) stop() { a.once.Do(func() { close(a.done) }) }

// Tokens of xmlReader.
const (
	tokStart = iota // <name ...>
	tokEnd          // </name>
	tokEmpty        // <name .../>
	tokText         // text kept for the caller, in x.text
	tokOther        // comments, processing instructions, declarations
)

// xmlReader is a pull tokenizer for the well-formed XML of spreadsheet parts.
// It returns tags by local name (prefixes dropped) and, when asked, the text
// before a tag with entities decoded. It checks no more of well-formedness
// than, with check set, that each end tag closes the element open last and
// that the input does not end inside an element: a damaged part is told
// apart from a complete one. What else it cannot make sense of, it skips.
type xmlReader struct {
	check bool
	// open holds the open elements, innermost last, as packName keys;
	// names holds those of the longer names.
	open  []uint64
	names []byte

	r *bufio.Reader
	// win is what r holds buffered, read in place: most tokens are found
	// whole in it, without a call into r; used bytes of it are consumed.
	win  []byte
	used int
	tag  []byte // the current tag, between '<' and '>'
	long []byte
	text []byte
	// queued is a tag read while returning the text before it.
	queued bool
}

// xmlBufferSize is the read buffer of an xmlReader; a variable so that
// tests can make tokens straddle its end.
var xmlBufferSize = 64 << 10

func newXMLReader(r io.Reader) *xmlReader {
	return &xmlReader{r: bufio.NewReaderSize(r, xmlBufferSize)}
}

// next returns the next token. With keep, text before the next tag is
// returned first as a tokText (when not empty); without, it is skipped.
func (x *xmlReader) next(keep bool) (kind int, name []byte, err error) {
	if !x.queued {
		text, ok := x.readFast()
		if !ok {
			// The token runs past the window, or its tag holds a '>':
			// read it through r, then look at what r holds next.
			if _, err := x.r.Discard(x.used); err != nil {
				return 0, nil, x.ended(err)
			}
			x.win, x.used = nil, 0
			if text, err = x.readText(keep); err != nil {
				return 0, nil, x.ended(err)
			}
		}
		// The text up to the next '<', decoded before the buffer moves on.
		if keep {
			x.text = appendUnescaped(x.text[:0], text)
		}
		if !ok {
			if err := x.readTag(); err != nil {
				return 0, nil, err
			}
			x.win, _ = x.r.Peek(x.r.Buffered())
		}
		if keep {
			if len(x.tag) >= 10 && string(x.tag[:8]) == "![CDATA[" {
				x.text = append(x.text, x.tag[8:len(x.tag)-2]...)
				return tokText, nil, nil
			}
			if len(x.text) > 0 {
				x.queued = true
				return tokText, nil, nil
			}
		}
	}
	x.queued = false
	t := x.tag
	if len(t) == 0 {
		return tokOther, nil, nil
	}
	switch t[0] {
	case '?', '!':
		return tokOther, nil, nil
	case '/':
		name = localName(t[1:])
		if x.check {
			if err := x.close(name); err != nil {
				return 0, nil, err
			}
		}
		return tokEnd, name, nil
	}
	name = localName(t)
	if t[len(t)-1] == '/' {
		return tokEmpty, name, nil
	}
	if x.check {
		k, ok := packName(name)
		if !ok {
			k = longName | uint64(len(x.names))
			x.names = append(x.names, name...)
		}
		x.open = append(x.open, k)
	}
	return tokStart, name, nil
}

// packName packs a name of up to 6 bytes and its length into a word, so
// that the names of a sheet's elements (c, v, row) are pushed and matched
// without copying bytes. A longer name's key is longName and its offset in
// xmlReader.names.
func packName(name []byte) (uint64, bool) {
	if len(name) > 6 {
		return 0, false
	}
	k := uint64(len(name))
	for i, c := range name {
		k |= uint64(c) << (8 * (i + 1))
	}
	return k, true
}

const longName = 1 << 63

// openName returns the name of the innermost open element.
func (x *xmlReader) openName() []byte {
	k := x.open[len(x.open)-1]
	if k&longName != 0 {
		return x.names[k&^longName:]
	}
	name := make([]byte, k&0xff)
	for i := range name {
		name[i] = byte(k >> (8 * (i + 1)))
	}
	return name
}

// close matches an end tag to the innermost open element.
func (x *xmlReader) close(name []byte) error {
	n := len(x.open)
	if n == 0 {
		return fmt.Errorf("</%s> closes no element", name)
	}
	k := x.open[n-1]
	if p, ok := packName(name); ok && p == k {
		x.open = x.open[:n-1]
		return nil
	}
	if k&longName != 0 && string(x.names[k&^longName:]) == string(name) {
		x.names = x.names[:k&^longName]
		x.open = x.open[:n-1]
		return nil
	}
	return fmt.Errorf("</%s> in place of </%s>", name, x.openName())
}

// ended returns err, the error that ended the input; with check, the end
// of the input inside an element is an error of its own.
func (x *xmlReader) ended(err error) error {
	if err == io.EOF && x.check && len(x.open) > 0 {
		return fmt.Errorf("the XML ends inside <%s>", x.openName())
	}
	return err
}

// readFast finds the next text and tag in the window, when both are there
// whole; it returns the text and sets x.tag.
func (x *xmlReader) readFast() (text []byte, ok bool) {
	w := x.win[x.used:]
	i := bytes.IndexByte(w, '<')
	if i < 0 {
		return nil, false
	}
	// The tag ends at the first '>' outside quotes; comments, CDATA and
	// processing instructions (rare in a sheet) take the slow path.
	j := i + 1
	if j < len(w) && (w[j] == '!' || w[j] == '?') {
		return nil, false
	}
	var q byte
	for ; j < len(w); j++ {
		switch c := w[j]; {
		case q != 0:
			if c == q {
				q = 0
			}
		case c == '>':
			x.tag = w[i+1 : j]
			x.used += j + 1
			return w[:i], true
		case c == '"' || c == '\'':
			q = c
		}
	}
	return nil, false
}

// readText reads up to and including the next '<'. With keep it returns the
// text before it (valid until the next read); the raw text may hold
// entities.
func (x *xmlReader) readText(keep bool) ([]byte, error) {
	b, err := x.r.ReadSlice('<')
	if err == nil {
		return b[:len(b)-1], nil
	}
	x.long = x.long[:0]
	for err == bufio.ErrBufferFull {
		if keep {
			if len(x.long)+len(b) > maxXLSXText {
				return nil, fmt.Errorf("a cell's text is over %s; the file is damaged", byteSize(uint64(maxXLSXText)))
			}
			x.long = append(x.long, b...)
		}
		b, err = x.r.ReadSlice('<')
	}
	if err != nil {
		if err == io.EOF {
			return nil, io.EOF
		}
		return nil, err
	}
	x.long = append(x.long, b[:len(b)-1]...)
	return x.long, nil
}

// readTag reads the tag after a '<' into x.tag, without the brackets.
func (x *xmlReader) readTag() error {
	b, err := x.r.ReadSlice('>')
	if err == nil && tagComplete(b) {
		x.tag = b[:len(b)-1]
		return nil
	}
	// A long tag, or a '>' inside a quoted value, comment or CDATA section.
	x.long = x.long[:0]
	for {
		if err != nil && err != bufio.ErrBufferFull {
			if err == io.EOF {
				return io.ErrUnexpectedEOF
			}
			return err
		}
		if len(x.long)+len(b) > maxXLSXText {
			return fmt.Errorf("a tag over %s long; the file is damaged", byteSize(uint64(maxXLSXText)))
		}
		x.long = append(x.long, b...)
		if err == nil && tagComplete(x.long) {
			break
		}
		b, err = x.r.ReadSlice('>')
	}
	x.tag = x.long[:len(x.long)-1]
	return nil
}

// tagComplete reports whether b, ending in '>', closes the tag it starts.
func tagComplete(b []byte) bool {
	if len(b) == 0 || b[len(b)-1] != '>' {
		return false
	}
	switch {
	case bytes.HasPrefix(b, []byte("!--")):
		return len(b) >= 6 && bytes.HasSuffix(b, []byte("-->"))
	case bytes.HasPrefix(b, []byte("![CDATA[")):
		return len(b) >= 11 && bytes.HasSuffix(b, []byte("]]>"))
	case len(b) > 0 && b[0] == '?':
		return len(b) >= 2 && b[len(b)-2] == '?'
	}
	var q byte
	for _, c := range b {
		switch {
		case q != 0:
			if c == q {
				q = 0
			}
		case c == '"' || c == '\'':
			q = c
		}
	}
	return q == 0
}

// localName returns the element name at the start of a tag, without prefix.
func localName(t []byte) []byte {
	end := len(t)
	for i, c := range t {
		if c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '/' {
			end = i
			break
		}
	}
	n := t[:end]
	if i := bytes.LastIndexByte(n, ':'); i >= 0 {
		n = n[i+1:]
	}
	return n
}

// attrs calls fn with each unprefixed attribute of the current tag, its
// value's entities decoded.
func (x *xmlReader) attrs(fn func(name, val []byte)) {
	t := x.tag
	i := 0
	for i < len(t) && !isXMLSpace(t[i]) {
		i++
	}
	for i < len(t) {
		for i < len(t) && isXMLSpace(t[i]) {
			i++
		}
		ns := i
		for i < len(t) && t[i] != '=' && !isXMLSpace(t[i]) && t[i] != '/' {
			i++
		}
		name := t[ns:i]
		for i < len(t) && isXMLSpace(t[i]) {
			i++
		}
		if i >= len(t) || t[i] != '=' {
			if i == ns {
				i++
			}
			continue
		}
		i++
		for i < len(t) && isXMLSpace(t[i]) {
			i++
		}
		if i >= len(t) || (t[i] != '"' && t[i] != '\'') {
			continue
		}
		q := t[i]
		i++
		vs := i
		for i < len(t) && t[i] != q {
			i++
		}
		val := t[vs:i]
		i++
		if bytes.IndexByte(name, ':') >= 0 {
			continue
		}
		if bytes.IndexByte(val, '&') >= 0 {
			val = appendUnescaped(nil, val)
		}
		fn(name, val)
	}
}

// attr returns the value of an unprefixed attribute of the current tag.
func (x *xmlReader) attr(name string) (v []byte, ok bool) {
	x.attrs(func(n, val []byte) {
		if !ok && string(n) == name {
			v, ok = val, true
		}
	})
	return v, ok
}

func isXMLSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// appendUnescaped appends s with its character and entity references decoded
// and its line ends normalised to \n, as XML requires. An unknown or broken
// reference is kept as written.
func appendUnescaped(dst, s []byte) []byte {
	if bytes.IndexByte(s, '&') < 0 && bytes.IndexByte(s, '\r') < 0 {
		return append(dst, s...)
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '\r' {
			dst = append(dst, '\n')
			if i+1 < len(s) && s[i+1] == '\n' {
				i++
			}
			continue
		}
		if c != '&' {
			dst = append(dst, c)
			continue
		}
		j := bytes.IndexByte(s[i:min(len(s), i+12)], ';')
		if j < 0 {
			dst = append(dst, c)
			continue
		}
		ref := s[i+1 : i+j]
		switch string(ref) {
		case "amp":
			dst = append(dst, '&')
		case "lt":
			dst = append(dst, '<')
		case "gt":
			dst = append(dst, '>')
		case "quot":
			dst = append(dst, '"')
		case "apos":
			dst = append(dst, '\'')
		default:
			r, ok := charRef(ref)
			if !ok {
				dst = append(dst, c)
				continue
			}
			dst = utf8.AppendRune(dst, r)
		}
		i += j
	}
	return dst
}

// charRef reads a character reference body such as #65 or #x41.
func charRef(ref []byte) (rune, bool) {
	if len(ref) < 2 || ref[0] != '#' {
		return 0, false
	}
	base, digits := 10, ref[1:]
	if digits[0] == 'x' {
		base, digits = 16, digits[1:]
	}
	n, err := strconv.ParseUint(string(digits), base, 32)
	if err != nil || n > utf8.MaxRune || !utf8.ValidRune(rune(n)) {
		return 0, false
	}
	return rune(n), true
}
