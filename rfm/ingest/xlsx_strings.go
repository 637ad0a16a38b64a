package ingest

import (
	"archive/zip"
	"bytes"
	"io"
	"slices"
	"strconv"
	"unicode/utf8"

	"github.com/rfmtool/rfm/rfm/i18n"
)

// The XLSX reader's shared strings: the workbook's string table, loaded once
// into one buffer, and the bounds that keep a zip bomb of strings from
// filling the memory.

// minStringCell is the length of the shortest cell that refers to a shared
// string, <c t="s"><v>0</v></c>: a workbook's sheets cannot refer to more
// strings than they have room for such cells.
const minStringCell = len(`<c t="s"><v>0</v></c>`)

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
		return i18n.Errorf("%s: %w", zf.Name, err)
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
			return i18n.Errorf("%s cannot be read; the file is damaged: %w", zf.Name, err)
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
	return i18n.Errorf("%s: the workbook's shared strings take over %s of memory, more than this reader holds; export the sheet as CSV, or if the file should be small, it is damaged or a zip bomb",
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
