// Package svg draws the few chart kinds of rfm's HTML reports as inline SVG:
// bars, columns, a heat grid and lines. Every number is written with a fixed
// number of decimals, so the same data gives the same bytes, and text is laid
// out by an estimate that counts East Asian characters as one em wide and
// others as about half, which keeps Chinese labels from overlapping the bars
// without a font file.
package svg

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode"
)

// FontSize is the size of chart text in pixels.
const FontSize = 12

// Doc is one SVG picture being drawn.
type Doc struct {
	b    strings.Builder
	W, H float64
}

// New starts a picture of w × h pixels described by label (read by screen
// readers and shown as the picture's title).
func New(w, h float64, label string) *Doc {
	d := &Doc{W: w, H: h}
	fmt.Fprintf(&d.b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %s %s" width="%s" height="%s" role="img" aria-label="%s">`,
		Num(w), Num(h), Num(w), Num(h), Esc(label))
	fmt.Fprintf(&d.b, "<title>%s</title>", Esc(label))
	return d
}

// String ends the picture and returns its markup.
func (d *Doc) String() string { return d.b.String() + "</svg>" }

// Rect draws a filled rectangle; tip, when set, is shown on hover.
func (d *Doc) Rect(x, y, w, h float64, fill, tip string) {
	fmt.Fprintf(&d.b, `<rect x="%s" y="%s" width="%s" height="%s" fill="%s"`, Num(x), Num(y), Num(math.Max(w, 0)), Num(math.Max(h, 0)), fill)
	if tip == "" {
		d.b.WriteString("/>")
		return
	}
	fmt.Fprintf(&d.b, "><title>%s</title></rect>", Esc(tip))
}

// Text writes s at (x, y): anchor is start, middle or end; class is a CSS
// class of the page ("" for none).
func (d *Doc) Text(x, y float64, s, anchor, class string) {
	fmt.Fprintf(&d.b, `<text x="%s" y="%s" text-anchor="%s"`, Num(x), Num(y), anchor)
	if class != "" {
		fmt.Fprintf(&d.b, ` class="%s"`, class)
	}
	fmt.Fprintf(&d.b, ">%s</text>", Esc(s))
}

// Line draws a line.
func (d *Doc) Line(x1, y1, x2, y2 float64, stroke string, dashed bool) {
	fmt.Fprintf(&d.b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s"`, Num(x1), Num(y1), Num(x2), Num(y2), stroke)
	if dashed {
		d.b.WriteString(` stroke-dasharray="4 3"`)
	}
	d.b.WriteString("/>")
}

// Polyline draws a line through pts.
func (d *Doc) Polyline(pts [][2]float64, stroke string) {
	var p []string
	for _, q := range pts {
		p = append(p, Num(q[0])+","+Num(q[1]))
	}
	fmt.Fprintf(&d.b, `<polyline points="%s" fill="none" stroke="%s" stroke-width="2"/>`, strings.Join(p, " "), stroke)
}

// Circle draws a dot.
func (d *Doc) Circle(x, y, r float64, fill, tip string) {
	fmt.Fprintf(&d.b, `<circle cx="%s" cy="%s" r="%s" fill="%s"><title>%s</title></circle>`, Num(x), Num(y), Num(r), fill, Esc(tip))
}

// Num formats a coordinate with at most one decimal.
func Num(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		v = 0
	}
	s := strconv.FormatFloat(math.Round(v*10)/10, 'f', 1, 64)
	s = strings.TrimSuffix(s, ".0")
	if s == "-0" {
		s = "0"
	}
	return s
}

// Esc escapes text for SVG and HTML.
func Esc(s string) string { return escaper.Replace(s) }

var escaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&#39;")

// TextWidth estimates the width of s at size pixels: East Asian wide
// characters take one em, others about 0.6 em.
func TextWidth(s string, size float64) float64 {
	w := 0.0
	for _, r := range s {
		if wide(r) {
			w += size
		} else {
			w += 0.6 * size
		}
	}
	return w
}

func wide(r rune) bool {
	return unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r) ||
		unicode.Is(unicode.Hangul, r) || (r >= 0x3000 && r <= 0x303F) || (r >= 0xFF00 && r <= 0xFFEF)
}

// Ramp returns the colour of t in [0, 1] on a light-to-dark blue scale.
func Ramp(t float64) string {
	t = math.Max(0, math.Min(1, t))
	lo := [3]float64{0xF2, 0xF7, 0xFC}
	hi := [3]float64{0x08, 0x45, 0x94}
	var c [3]int
	for i := range c {
		c[i] = int(math.Round(lo[i] + t*(hi[i]-lo[i])))
	}
	return fmt.Sprintf("#%02X%02X%02X", c[0], c[1], c[2])
}

// Dark reports whether text on Ramp(t) should be light.
func Dark(t float64) bool { return t > 0.55 }

// Palette are the series colours, in order.
var Palette = []string{"#2F6DB5", "#E08A2E", "#3A9A5B", "#B5443A", "#7A5AB5", "#8C6D46", "#C45AA0", "#6F7F8F"}
