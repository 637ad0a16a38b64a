package report

import (
	"bytes"
	"io"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/rfmtool/rfm/rfm/i18n"
)

// GBKWriter re-encodes UTF-8 text as GBK (code page 936, what Excel on
// Chinese Windows reads a CSV file in when it is opened by a double click).
// A character GBK has no code for is an error that names the output line
// and the text around it: nothing is replaced or dropped silently.
type GBKWriter struct {
	w     io.Writer
	enc   *encoding.Encoder
	line  int    // lines written so far
	carry []byte // the start of a character split across two writes
	err   error
}

// NewGBKWriter returns a writer that writes to w in GBK.
func NewGBKWriter(w io.Writer) *GBKWriter {
	return &GBKWriter{w: w, enc: simplifiedchinese.GBK.NewEncoder()}
}

// Write encodes p, holding back a character that p ends in the middle of.
func (g *GBKWriter) Write(p []byte) (int, error) {
	if g.err != nil {
		return 0, g.err
	}
	data := append(g.carry, p...)
	cut := len(data)
	for i := len(data) - 1; i >= 0 && i >= len(data)-utf8.UTFMax; i-- {
		if utf8.RuneStart(data[i]) {
			if !utf8.FullRune(data[i:]) {
				cut = i
			}
			break
		}
	}
	if err := g.encode(data[:cut]); err != nil {
		g.err = err
		return 0, err
	}
	g.carry = append([]byte(nil), data[cut:]...)
	return len(p), nil
}

// Flush writes what is held back; call it once the text is complete.
func (g *GBKWriter) Flush() error {
	if g.err == nil && len(g.carry) > 0 {
		g.err = g.encode(g.carry)
		g.carry = nil
	}
	return g.err
}

func (g *GBKWriter) encode(b []byte) error {
	out, err := g.enc.Bytes(b)
	if err != nil {
		return g.unencodable(b)
	}
	if _, err := g.w.Write(out); err != nil {
		return err
	}
	g.line += bytes.Count(b, []byte{'\n'})
	return nil
}

// unencodable finds the first character of b that GBK cannot encode and
// describes it with its line.
func (g *GBKWriter) unencodable(b []byte) error {
	line := g.line + 1
	start := 0
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == '\n' {
			line++
			start = i + 1
		}
		if _, err := g.enc.Bytes(b[i : i+n]); err != nil {
			end := bytes.IndexByte(b[i:], '\n')
			if end < 0 {
				end = len(b) - i
			}
			text := []rune(string(b[start : i+end]))
			if len(text) > 60 {
				text = append(text[:60], '…')
			}
			return i18n.Errorf("line %d: %q (U+%04X) cannot be written in GBK, in %q; use --output-encoding utf-8 (with --excel-bom for Excel)",
				line, string(r), r, string(text))
		}
		i += n
	}
	return i18n.Errorf("line %d: the text cannot be written in GBK; use --output-encoding utf-8", line)
}
