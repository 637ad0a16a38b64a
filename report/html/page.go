// Package html writes rfm's one-file HTML reports: the scored run, a
// comparison of two runs and a lifetime value run. A report fetches nothing
// (styles inline, charts as inline SVG, no script needed), prints on A4 with
// one section a page, is labelled in the run's language and holds aggregates
// only, so a million customers give a report of the same size as a thousand.
// The same input gives the same bytes: nothing in it depends on the clock.
package html

import (
	"fmt"
	"io"
	"strings"

	"github.com/rfmtool/rfm/report"
	"github.com/rfmtool/rfm/report/svg"
	"github.com/rfmtool/rfm/rfm/i18n"
)

// page is a report being written.
type page struct {
	b strings.Builder
	// lang is the language of the labels (the interface's), names that of
	// class, stage and tier names.
	lang, names i18n.Lang
}

const style = `:root{--ink:#1F2933;--mute:#5F6B76;--line:#D5DBE1;--head:#EAF1F8}
body{margin:0;color:var(--ink);background:#fff;font:14px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"PingFang SC","Hiragino Sans GB","Microsoft YaHei","微软雅黑","Noto Sans CJK SC","Source Han Sans SC","WenQuanYi Micro Hei",sans-serif}
main{max-width:960px;margin:0 auto;padding:24px}
h1{font-size:24px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px;border-bottom:2px solid var(--line);padding-bottom:4px}
h3{font-size:15px;margin:18px 0 6px}p.sub{color:var(--mute);margin:0 0 16px}
table{border-collapse:collapse;margin:6px 0 14px;font-variant-numeric:tabular-nums;font-size:13px}
#class-table td:first-child,#class-table th{word-break:keep-all}#matrix-table td:first-child{white-space:nowrap}#class-table td:last-child{min-width:10em}
th,td{border-bottom:1px solid var(--line);padding:4px 8px;vertical-align:top}
th{background:var(--head);text-align:center;font-weight:600}td.n{text-align:right;white-space:nowrap}
tr.total td{font-weight:600;border-top:2px solid #7F8B96}
table.kv th{text-align:left;background:none;white-space:nowrap;color:var(--mute);font-weight:500}
td.diag{background:#F4F4F4;color:var(--mute)}td.hot{font-weight:600}
figure{margin:10px 0 18px;break-inside:avoid}figcaption{color:var(--mute);font-size:13px;margin-top:2px}
svg{max-width:100%;height:auto;font-size:12px}svg text{fill:var(--ink)}
svg .tick,svg .legend{fill:var(--mute)}svg .axis{fill:var(--mute);font-weight:600}svg .mark{fill:#B5443A}
svg .cell{font-size:11px}svg .light{fill:#fff}svg .value{fill:var(--ink);font-size:11px}
.note{color:var(--mute);font-size:13px}
@page{size:A4;margin:14mm}
@media print{main{max-width:none;padding:0}section{break-before:page}section:first-of-type{break-before:auto}h2{break-after:avoid}a{color:inherit}}
`

// start writes the head and the title.
func (p *page) start(title, sub string) {
	lang := "zh-CN"
	if p.lang == i18n.EN {
		lang = "en"
	}
	fmt.Fprintf(&p.b, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n", lang)
	p.b.WriteString("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
	p.b.WriteString("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n")
	fmt.Fprintf(&p.b, "<meta name=\"generator\" content=\"rfm\">\n<title>%s</title>\n<style>\n%s</style>\n</head>\n<body>\n<main>\n", svg.Esc(title), style)
	fmt.Fprintf(&p.b, "<h1>%s</h1>\n<p class=\"sub\">%s</p>\n", svg.Esc(title), svg.Esc(sub))
}

// section opens a section with a heading; id names it for tests and links.
func (p *page) section(id, title string) {
	fmt.Fprintf(&p.b, "<section id=\"%s\">\n<h2>%s</h2>\n", id, svg.Esc(title))
}

func (p *page) endSection() { p.b.WriteString("</section>\n") }

// kv writes a two-column table of facts.
func (p *page) kv(rows [][2]string) {
	p.b.WriteString("<table class=\"kv\">\n")
	for _, r := range rows {
		fmt.Fprintf(&p.b, "<tr><th>%s</th><td>%s</td></tr>\n", svg.Esc(r[0]), svg.Esc(r[1]))
	}
	p.b.WriteString("</table>\n")
}

// cell is one table cell: its text and whether it is a number.
type cell struct {
	text  string
	num   bool
	class string
}

func txt(s string) cell { return cell{text: s} }
func num(s string) cell { return cell{text: s, num: true} }

// table writes a table with a header row; a last row marked total is bold.
func (p *page) table(id string, head []string, rows [][]cell, total []cell) {
	fmt.Fprintf(&p.b, "<table id=\"%s\">\n<thead><tr>", id)
	for _, h := range head {
		fmt.Fprintf(&p.b, "<th>%s</th>", svg.Esc(h))
	}
	p.b.WriteString("</tr></thead>\n<tbody>\n")
	row := func(r []cell, class string) {
		if class != "" {
			fmt.Fprintf(&p.b, "<tr class=\"%s\">", class)
		} else {
			p.b.WriteString("<tr>")
		}
		for _, c := range r {
			cls := c.class
			if c.num {
				cls = strings.TrimSpace("n " + cls)
			}
			if cls != "" {
				fmt.Fprintf(&p.b, "<td class=\"%s\">%s</td>", cls, svg.Esc(c.text))
			} else {
				fmt.Fprintf(&p.b, "<td>%s</td>", svg.Esc(c.text))
			}
		}
		p.b.WriteString("</tr>\n")
	}
	for _, r := range rows {
		row(r, "")
	}
	if total != nil {
		row(total, "total")
	}
	p.b.WriteString("</tbody>\n</table>\n")
}

// figure writes a chart with its caption; id names it.
func (p *page) figure(id, chart, caption string) {
	fmt.Fprintf(&p.b, "<figure id=\"%s\" class=\"chart\">\n%s\n<figcaption>%s</figcaption>\n</figure>\n", id, chart, svg.Esc(caption))
}

func (p *page) note(s string) { fmt.Fprintf(&p.b, "<p class=\"note\">%s</p>\n", svg.Esc(s)) }

func (p *page) heading(s string) { fmt.Fprintf(&p.b, "<h3>%s</h3>\n", svg.Esc(s)) }

// finish writes the footer and the page to w.
func (p *page) finish(w io.Writer, version string) error {
	fmt.Fprintf(&p.b, "<p class=\"note\">%s</p>\n</main>\n</body>\n</html>\n",
		svg.Esc(p.lang.Tf("Made by rfm %s", version)))
	_, err := io.WriteString(w, p.b.String())
	return err
}

// t returns key in the page's language.
func (p *page) t(key string) string { return p.lang.T(key) }

// colon is ": " in p's language ("：" in Chinese), after a label.
func (p *page) colon() string { return report.TC(p.lang, "label", ": ") }

// tf formats key in the page's language.
func (p *page) tf(key string, args ...any) string { return p.lang.Tf(key, args...) }
