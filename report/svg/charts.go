package svg

import (
	"math"
)

// Series is one set of values of a bar chart, one value per label.
type Series struct {
	Name   string
	Values []float64
	// Text are the values as shown beside the bars.
	Text  []string
	Color string
	// Max, when above 0, is the value of a full-width bar; otherwise the
	// series' largest value is.
	Max float64
}

// Bars draws horizontal bars, one group per label and one bar per series,
// each bar scaled to the largest value of its series.
func Bars(label string, labels []string, series []Series) string {
	lw := 0.0
	for _, l := range labels {
		lw = math.Max(lw, TextWidth(l, FontSize))
	}
	lw += 12
	barH, gap := 14.0, 10.0
	groupH := float64(len(series))*barH + gap
	legend := 22.0
	w := 680.0
	h := legend + float64(len(labels))*groupH + 6
	d := New(w, h, label)
	plotW := w - lw - 70
	for k, s := range series {
		x := lw + float64(k)*160
		d.Rect(x, 4, 12, 12, s.Color, "")
		d.Text(x+16, 14, s.Name, "start", "legend")
	}
	for k, s := range series {
		top := s.Max
		for _, v := range s.Values {
			top = math.Max(top, v)
		}
		for i, v := range s.Values {
			y := legend + float64(i)*groupH + float64(k)*barH
			bw := 0.0
			if top > 0 {
				bw = plotW * v / top
			}
			tip := labels[i] + " · " + s.Name + ": " + s.Text[i]
			d.Rect(lw, y, bw, barH-2, s.Color, tip)
			d.Text(lw+bw+4, y+barH-4, s.Text[i], "start", "value")
		}
	}
	for i, l := range labels {
		y := legend + float64(i)*groupH + float64(len(series))*barH/2 + 4
		d.Text(lw-8, y, l, "end", "")
	}
	return d.String()
}

// Columns draws a column chart such as a histogram: one column per label,
// with tips giving the exact counts.
func Columns(label string, labels []string, values []float64, tips []string, xTitle, yTitle string) string {
	w, h := 680.0, 270.0
	left, right, top, bottom := 56.0, 10.0, 28.0, 54.0
	d := New(w, h, label)
	peak := 0.0
	for _, v := range values {
		peak = math.Max(peak, v)
	}
	peak = Nice(peak)
	axis(d, left, top, w-right, h-bottom, peak, yTitle)
	n := float64(len(values))
	cw := (w - left - right) / math.Max(n, 1)
	every := int(math.Ceil(float64(len(labels)) * 44 / (w - left - right)))
	for i, v := range values {
		x := left + float64(i)*cw
		bh := 0.0
		if peak > 0 {
			bh = (h - bottom - top) * v / peak
		}
		d.Rect(x+1, h-bottom-bh, cw-2, bh, Palette[0], tips[i])
		if every < 1 || i%every == 0 {
			d.Text(x+cw/2, h-bottom+14, labels[i], "middle", "tick")
		}
	}
	d.Text(left+(w-left-right)/2, h-8, xTitle, "middle", "axis")
	return d.String()
}

// axis draws a value axis from 0 to peak on the left of the plot area with
// four grid lines.
func axis(d *Doc, x0, y0, x1, y1, peak float64, title string) {
	for k := 0; k <= 4; k++ {
		y := y1 - (y1-y0)*float64(k)/4
		d.Line(x0, y, x1, y, "#E3E3E3", false)
		d.Text(x0-6, y+4, Compact(peak*float64(k)/4), "end", "tick")
	}
	d.Line(x0, y1, x1, y1, "#7F7F7F", false)
	d.Text(x0-6, y0-14, title, "start", "axis")
}

// Nice rounds v up to a value whose quarters are round: 4, 8, 20, 40, 80,
// 200 … times a power of ten.
func Nice(v float64) float64 {
	if v <= 0 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(v/4)))
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if 4*m*p >= v {
			return 4 * m * p
		}
	}
	return 40 * p
}

// Compact writes a number for an axis: 1.2k, 3.4M, or whole.
func Compact(v float64) string {
	switch a := math.Abs(v); {
	case a >= 1e9:
		return trim(v/1e9) + "G"
	case a >= 1e6:
		return trim(v/1e6) + "M"
	case a >= 1e4:
		return trim(v/1e3) + "k"
	case a >= 10 || a == 0:
		return Num(math.Round(v))
	default:
		return trim(v)
	}
}

func trim(v float64) string { return Num(v) }

// Cell is one cell of a heat grid.
type Cell struct {
	// Weight in [0, 1] sets the colour, below 0 the neutral grey; Lines
	// are written in the cell.
	Weight float64
	Lines  []string
	Tip    string
}

// Heat draws a grid of equally sized cells with row and column labels.
func Heat(label string, rows, cols []string, cells [][]Cell, rowTitle, colTitle string) string {
	lw := 0.0
	for _, r := range rows {
		lw = math.Max(lw, TextWidth(r, FontSize))
	}
	lw += 40
	cw := math.Min(96, (680-lw)/math.Max(float64(len(cols)), 1))
	ch := 40.0
	top := 34.0
	w := lw + cw*float64(len(cols)) + 8
	h := top + ch*float64(len(rows)) + 8
	d := New(w, h, label)
	d.Text(lw+cw*float64(len(cols))/2, 12, colTitle, "middle", "axis")
	for j, c := range cols {
		d.Text(lw+cw*float64(j)+cw/2, top-6, c, "middle", "tick")
	}
	d.Text(4, top+ch*float64(len(rows))/2, rowTitle, "start", "axis")
	for i, r := range rows {
		y := top + ch*float64(i)
		d.Text(lw-6, y+ch/2+4, r, "end", "tick")
		for j, c := range cells[i] {
			x := lw + cw*float64(j)
			fill := Ramp(c.Weight)
			if c.Weight < 0 {
				fill = Neutral
			}
			d.Rect(x+1, y+1, cw-2, ch-2, fill, c.Tip)
			class := "cell"
			if Dark(c.Weight) {
				class = "cell light"
			}
			for k, line := range c.Lines {
				d.Text(x+cw/2, y+ch/2+4+(float64(k)-float64(len(c.Lines)-1)/2)*14, line, "middle", class)
			}
		}
	}
	return d.String()
}

// Neutral is the fill of cells outside the colour scale.
const Neutral = "#E6E6E6"

// Line is one curve of a line chart, in data coordinates.
type Line struct {
	Name  string
	Pts   [][2]float64
	Color string
}

// Mark is a labelled vertical line at X.
type Mark struct {
	X     float64
	Label string
}

// Lines draws curves over x from 0 to xMax and y from 0 to yMax, with axis
// labels given by xTick and yTick.
func Lines(label string, lines []Line, marks []Mark, xMax, yMax float64, xTick, yTick func(float64) string, xTitle, yTitle string) string {
	w, h := 680.0, 280.0
	left, right, top, bottom := 56.0, 14.0, 26.0, 44.0
	d := New(w, h, label)
	// Round quarters on both axes: 0, 2, 4, 6, 8 rather than 0, 1.75, 3.5.
	xMax, yMax = Nice(xMax), Nice(yMax)
	px := func(x float64) float64 { return left + (w-left-right)*x/xMax }
	py := func(y float64) float64 { return h - bottom - (h-bottom-top)*y/yMax }
	for k := 0; k <= 4; k++ {
		y := yMax * float64(k) / 4
		d.Line(left, py(y), w-right, py(y), "#E3E3E3", false)
		d.Text(left-6, py(y)+4, yTick(y), "end", "tick")
		x := xMax * float64(k) / 4
		d.Text(px(x), h-bottom+14, xTick(x), "middle", "tick")
	}
	d.Line(left, h-bottom, w-right, h-bottom, "#7F7F7F", false)
	for k, m := range marks {
		d.Line(px(m.X), top, px(m.X), h-bottom, "#B5443A", true)
		// Near the foot of the line, where a rising curve such as
		// Pareto's has not yet come, each mark a row higher than the last.
		d.Text(px(m.X)+4, h-bottom-8-14*float64(k), m.Label, "start", "mark")
	}
	for k, l := range lines {
		var pts [][2]float64
		for _, p := range l.Pts {
			pts = append(pts, [2]float64{px(p[0]), py(p[1])})
		}
		d.Polyline(pts, l.Color)
		x := left + 8 + float64(k)*180
		d.Rect(x, 6, 12, 4, l.Color, "")
		d.Text(x+16, 12, l.Name, "start", "legend")
	}
	d.Text(left+(w-left-right)/2, h-8, xTitle, "middle", "axis")
	d.Text(w-right, top-10, yTitle, "end", "axis")
	return d.String()
}
