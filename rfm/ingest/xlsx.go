package ingest

import (
	"archive/zip"
	"bytes"
	"cmp"
	"encoding/xml"
	"errors"
	"io"
	"path"
	"strconv"
	"strings"

	"github.com/rfmtool/rfm/rfm/i18n"
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
//
// This file opens the archive: the relationships, the workbook and its
// sheets, and the parts read whole. The other parts of the reader are in
// xlsx_sheet.go (the rows), xlsx_xml.go (the tokenizer), xlsx_strings.go
// (the shared strings) and xlsx_styles.go (number formats and dates).

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

// readXLSX opens the chosen worksheet of the workbook in r and reads its
// header row.
func readXLSX(r io.ReaderAt, size int64, f File) (*Table, error) {
	var magic [4]byte
	if n, _ := r.ReadAt(magic[:], 0); n == 4 && bytes.Equal(magic[:], []byte{0xD0, 0xCF, 0x11, 0xE0}) {
		return nil, i18n.New("an encrypted or legacy (.xls) Excel file; save it as .xlsx without a password, or export CSV")
	}
	zr, err := zip.NewReader(r, size)
	if err != nil && !(errors.Is(err, zip.ErrInsecurePath) && zr != nil) {
		return nil, i18n.Errorf("not a readable XLSX file (the zip archive is damaged: %v); open it in Excel and save it again, or export CSV", err)
	}
	wb, err := openWorkbook(zr)
	if err != nil {
		return nil, err
	}
	sh, err := wb.pickSheet(f.Sheet, cmp.Or(f.SheetFlag, "--sheet"))
	if err != nil {
		return nil, err
	}
	t := &Table{Name: f.Path, Format: "xlsx", Sheet: sh.name}
	if sh.part == nil {
		return nil, &ParseError{File: f.Path, Sheet: sh.name, Err: i18n.Errorf("the sheet's part %s is missing from the archive", sh.target)}
	}
	if err := checkSize(sh.part, maxXLSXSheet); err != nil {
		return nil, &ParseError{File: f.Path, Sheet: sh.name, Err: err}
	}
	if err := wb.loadStrings(); err != nil {
		return nil, err
	}
	rc, err := sh.part.Open()
	if err != nil {
		return nil, &ParseError{File: f.Path, Sheet: sh.name, Err: i18n.Errorf("%s: %w", sh.part.Name, err)}
	}
	sr := newSheetReader(rc, wb)
	fields, line, err := sr.Next()
	if err != nil {
		sr.Close()
		if err == io.EOF {
			return nil, &ParseError{File: f.Path, Sheet: sh.name, Err: errNoHeaderSheet}
		}
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

var errNoHeaderSheet = i18n.New("no header row: the sheet has no non-empty row")

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
			return nil, i18n.New("an OpenDocument spreadsheet, not XLSX; save it as .xlsx, or export CSV")
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
		return nil, i18n.Errorf("not an XLSX workbook: the archive has no %s", wb.path)
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
		return nil, i18n.New("the workbook has no worksheet")
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
		return i18n.Errorf("not an XLSX workbook: the archive has no %s", name)
	}
	b, err := readPart(zf, maxXLSXPart)
	if err != nil {
		return err
	}
	if err := xml.Unmarshal(b, v); err != nil {
		return i18n.Errorf("%s: %w", zf.Name, xmlError(err))
	}
	return nil
}

// checkSize refuses a part that says it unpacks to more than limit.
func checkSize(zf *zip.File, limit int64) error {
	if zf.UncompressedSize64 > uint64(limit) {
		return i18n.Errorf("%s unpacks to %s, over the %s this reader allows; the file is damaged or a zip bomb",
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
		return nil, i18n.Errorf("%s: %w", zf.Name, err)
	}
	defer rc.Close()
	b, err := io.ReadAll(io.LimitReader(rc, limit+1))
	if err != nil {
		return nil, i18n.Errorf("%s: %w", zf.Name, err)
	}
	if int64(len(b)) > limit {
		return nil, checkSize(&zip.File{FileHeader: zip.FileHeader{Name: zf.Name, UncompressedSize64: uint64(len(b))}}, limit)
	}
	return b, nil
}

// pickSheet finds the sheet named want, else numbered want (from 1); the
// first sheet when want is empty.
func (wb *workbook) pickSheet(want, flag string) (sheetRef, error) {
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
	return sheetRef{}, i18n.Errorf("%s %q: no such sheet among [%s] (give a name or a number from 1 to %d)", flag, want, strings.Join(names, ", "), len(wb.sheets))
}
