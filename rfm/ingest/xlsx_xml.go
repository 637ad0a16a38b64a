package ingest

import (
	"bufio"
	"bytes"
	"io"
	"strconv"
	"unicode/utf8"

	"github.com/rfmtool/rfm/rfm/i18n"
)

// The XLSX reader's XML tokenizer: a pull tokenizer for the well-formed XML
// of spreadsheet parts, many times faster on a sheet than encoding/xml.

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
		return i18n.Errorf("</%s> closes no element", name)
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
	return i18n.Errorf("</%s> in place of </%s>", name, x.openName())
}

// ended returns err, the error that ended the input; with check, the end
// of the input inside an element is an error of its own.
func (x *xmlReader) ended(err error) error {
	if err == io.EOF && x.check && len(x.open) > 0 {
		return i18n.Errorf("the XML ends inside <%s>", x.openName())
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
				return nil, i18n.Errorf("a cell's text is over %s; the file is damaged", byteSize(uint64(maxXLSXText)))
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
			return i18n.Errorf("a tag over %s long; the file is damaged", byteSize(uint64(maxXLSXText)))
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

func trimXMLSpace(b []byte) []byte {
	for len(b) > 0 && isXMLSpace(b[0]) {
		b = b[1:]
	}
	for len(b) > 0 && isXMLSpace(b[len(b)-1]) {
		b = b[:len(b)-1]
	}
	return b
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
