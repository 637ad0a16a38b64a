package report

import (
	"archive/zip"
	"compress/flate"
	"fmt"
	"io"
	"math/big"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/rfmtool/rfm/rfm"
	"github.com/rfmtool/rfm/rfm/ingest"
	"github.com/rfmtool/rfm/segment"
)

// XLSXOptions configures WriteXLSX.
type XLSXOptions struct {
	// InputSHA256 is the hex SHA-256 of the input file, shown on the method
	// sheet; empty when it is not known (standard input).
	InputSHA256 string
	// MaxRows is the number of customers on one customer sheet before the
	// next ("Customers (2)", …) begins; 0 means as many as Excel allows,
	// MaxSheetRows.
	MaxRows int
	// Created is the time of the run, written as the workbook's created
	// and modified times (the caller honours SOURCE_DATE_EPOCH).
	Created time.Time
}

// MaxSheetRows is the number of customers one sheet holds: Excel's
// 1,048,576 rows less the header.
const MaxSheetRows = 1048575

// maxCellChars is Excel's limit on the characters in a cell; longer text
// (a kept column, say) is cut to it on the customer sheet.
const maxCellChars = 32767

// xlsxLabels are the workbook's words in one language.
type xlsxLabels struct {
	summary, customers, method, quality string

	title, input, asOf, scored, methodWord, bins, binsLabel, segments string
	asOfLabel, methodLabel, schemeLabel                               string
	contNote                                                          string
	total                                                             string
	heatmap, heatmapNote, rScore, fScore                              string
	chartTitle, custShare, monShare                                   string
	class, tier, customersCol, monetary, meanR, meanF, meanM, action  string

	item, value, file, sha, sheet, format, asOfGiven, asOfData, notGiven   string
	split, splitMean, splitMedian, thresholds, allEqual, cuts, means       string
	unused, none, dateFormat, columns, tiers, tiersClass, version, classes string
	ruleNote, stdin, byFlag                                                string

	rowsRead, rowsUsed, rowsRejected, rowsFiltered, rowsAfter, rowsDup string
	rejectedBy, notScored, notScoredBy, customersScored, identity      string
	floatIDs, reasonCol, countCol, shareCol                            string
}

func xlsxLabelsFor(l segment.Lang) xlsxLabels {
	if l == segment.EN {
		return xlsxLabels{
			summary: "Summary", customers: "Customers", method: "Method", quality: "Data quality",
			title: "RFM customer segmentation", input: "Input", asOf: "as of", scored: "customers scored",
			methodWord: "method", bins: "bins", binsLabel: "Bins (score levels)", segments: "segments",
			asOfLabel: "As-of date", methodLabel: "Scoring method", schemeLabel: "Segment scheme",
			contNote: "The customers continue on %d sheets: %s (at most %s rows each).",
			total:    "Total",
			heatmap:  "Customers by R and F score", heatmapNote: "Rows: R score (recent at the top); columns: F score; colour: number of customers.",
			rScore: "R", fScore: "F",
			chartTitle: "Share of customers and of monetary by class", custShare: "Customer share", monShare: "Monetary share",
			class: "Class", tier: "Tier", customersCol: "Customers", monetary: "Monetary", meanR: "Mean R (days)", meanF: "Mean F", meanM: "Mean M", action: "Recommended action",
			item: "Item", value: "Value", file: "Input file", sha: "Input SHA-256", sheet: "Sheet", format: "Input format",
			asOfGiven: "given with --as-of", asOfData: "the day after the latest used row", notGiven: "not known",
			split: "High/low split", splitMean: "score ≥ its mean", splitMedian: "score ≥ its median",
			thresholds: "High when", allEqual: "all equal: low for everyone",
			cuts: "%s cut points", means: "%s mean",
			unused: "Unused %s scores", none: "none",
			dateFormat: "Date format detected", columns: "Columns used", tiers: "Tiers", tiersClass: "by class",
			version: "rfm version", classes: "Classes and their rules",
			ruleNote: "R, F, M: high or low by the split above; for range schemes, the inclusive score ranges, tried in order.",
			stdin:    "standard input", byFlag: "named by flag",
			rowsRead: "Rows read", rowsUsed: "Rows used", rowsRejected: "Rows rejected", rowsFiltered: "Rows filtered (--where)",
			rowsAfter: "Rows after the as-of date", rowsDup: "Duplicate rows (--dedupe)",
			rejectedBy: "Rejected rows by reason", notScored: "Customers not scored", notScoredBy: "Customers not scored by reason",
			customersScored: "Customers scored", identity: "Accounting",
			floatIDs:  "Every customer id ended in \".0\": the column was probably converted to numbers; ids are kept as written.",
			reasonCol: "Reason", countCol: "Rows", shareCol: "Share of rows read",
		}
	}
	return xlsxLabels{
		summary: "概览", customers: "客户明细", method: "方法", quality: "数据质量",
		title: "RFM 客户分层报告", input: "输入", asOf: "截止日期", scored: "已评分客户",
		methodWord: "方法", bins: "级", binsLabel: "评分级数", segments: "分层方案",
		asOfLabel: "截止日期", methodLabel: "评分方法", schemeLabel: "分层方案",
		contNote: "客户明细分在 %d 张工作表：%s（每张最多 %s 行）。",
		total:    "合计",
		heatmap:  "R × F 客户数分布", heatmapNote: "行：R 评分（上方为最近购买）；列：F 评分；颜色越深客户越多。",
		rScore: "R", fScore: "F",
		chartTitle: "各类客户的人数占比与金额占比", custShare: "客户占比", monShare: "金额占比",
		class: "客户类别", tier: "等级", customersCol: "客户数", monetary: "消费总额", meanR: "平均R(天)", meanF: "平均F", meanM: "平均M", action: "建议动作",
		item: "项目", value: "内容", file: "输入文件", sha: "输入文件 SHA-256", sheet: "工作表", format: "输入格式",
		asOfGiven: "由 --as-of 指定", asOfData: "最后一笔使用记录的次日", notGiven: "未知",
		split: "高低划分", splitMean: "评分 ≥ 均值", splitMedian: "评分 ≥ 中位数",
		thresholds: "判为高的条件", allEqual: "全部相同：均为低",
		cuts: "%s 切分点", means: "%s 均值",
		unused: "未使用的 %s 评分", none: "无",
		dateFormat: "识别的日期格式", columns: "使用的列", tiers: "等级规则", tiersClass: "按客户类别",
		version: "rfm 版本", classes: "客户类别及规则",
		ruleNote: "R、F、M：按上面的高低划分；区间方案为包含两端的评分区间，按顺序匹配。",
		stdin:    "标准输入", byFlag: "由参数指定",
		rowsRead: "读取行数", rowsUsed: "使用行数", rowsRejected: "拒绝行数", rowsFiltered: "筛除行数（--where）",
		rowsAfter: "晚于截止日期的行数", rowsDup: "重复行数（--dedupe）",
		rejectedBy: "按原因统计的拒绝行", notScored: "未评分客户", notScoredBy: "按原因统计的未评分客户",
		customersScored: "已评分客户", identity: "行数核对",
		floatIDs:  "所有客户 ID 都以 \".0\" 结尾：该列可能被转换成了数字；ID 按原样保留。",
		reasonCol: "原因", countCol: "行数", shareCol: "占读取行数",
	}
}

// metricName names a metric on the method sheet.
func metricName(m rfm.Metric, l segment.Lang) string {
	return [3]string{l.Pick("R（距今天数）", "Recency (days)"), l.Pick("F（购买次数）", "Frequency (orders)"), l.Pick("M（消费金额）", "Monetary")}[m]
}

// reasonsZH translates the reasons rows are rejected and customers are not
// scored for; the English words stay beside them, as the rejects file has
// them.
var reasonsZH = map[string]string{
	"wrong number of fields":               "字段数不符",
	"unbalanced quotes":                    "引号不成对",
	"empty customer id":                    "客户 ID 为空",
	"empty date":                           "日期为空",
	"bad date":                             "日期无法识别",
	"date contradicts the day/month order": "日期与文件的日/月顺序矛盾",
	"empty amount":                         "金额为空",
	"bad amount":                           "金额无法识别",
	"empty quantity":                       "数量为空",
	"bad quantity":                         "数量无法识别",
	"empty unit price":                     "单价为空",
	"bad unit price":                       "单价无法识别",
	string(rfm.NoPurchase):                 "没有购买记录",
	string(rfm.NonPositiveSpend):           "净消费额 ≤ 0",
}

// reason names a reject or not-scored reason in the language.
func reason(k string, l segment.Lang) string {
	if zh, ok := reasonsZH[k]; ok && l == segment.ZH {
		return zh + "（" + k + "）"
	}
	return k
}

// classFills colour the classes, in report order; the customer sheet uses the
// same colour for a class as the summary.
var classFills = []string{"#B7E1CD", "#D9EAD3", "#CFE2F3", "#FCE5CD", "#FFF2CC", "#EAD1DC", "#D9D2E9", "#F4CCCC",
	"#C9DAF8", "#D0E0E3", "#E6B8AF", "#FFE599"}

const otherFill = "#EEEEEE"

// xlsxWriter holds the workbook being written and its styles.
type xlsxWriter struct {
	f   *excelize.File
	r   *Result
	opt XLSXOptions
	lb  xlsxLabels
	// font is the family every style names.
	font string

	classes []*segment.Segment
	// classStyle is the customer sheet's style of a class's cell, by segment.
	classStyle map[*segment.Segment]int
	fill       map[*segment.Segment]string

	title, subtitle, note, noteWrap, header, headerLeft, label, text, indent, center, wrap int
	count, money, share, mean1, mean2, date, heat, heatMoney                               int
	bold, boldCount, boldMoney, boldShare, boldMean1, boldMean2                            int

	// clv writes the lifetime value cells and sheets of rfm score --with-clv.
	clv *clvBook
}

// WriteXLSX writes the annotated workbook of a scored run: a summary per
// class with a chart and an R × F heat map, every customer (SPEC §6) on one
// or more sheets, the method and the data quality, labelled in the result's
// language. Text is always written as text, never as a formula.
func WriteXLSX(w io.Writer, r *Result, opt XLSXOptions) error {
	if err := r.CheckTotals(); err != nil {
		return err
	}
	if err := checkCustomerCells(r.Kept, len(r.Customers), func(i int) (string, []string) {
		return r.Customers[i].ID, r.Customers[i].Kept
	}); err != nil {
		return err
	}
	if err := checkCustomerCells(r.Kept, len(r.Prospects), func(k int) (string, []string) {
		return r.Prospects[k].ID, r.Prospects[k].Kept
	}); err != nil {
		return err
	}
	if opt.MaxRows <= 0 || opt.MaxRows > MaxSheetRows {
		opt.MaxRows = MaxSheetRows
	}
	x := &xlsxWriter{f: newWorkbook(), r: r, opt: opt, lb: xlsxLabelsFor(r.Lang)}
	defer x.f.Close()
	if err := x.styles(); err != nil {
		return err
	}
	sheets := x.customerSheets()
	if err := x.f.SetSheetName("Sheet1", x.lb.summary); err != nil {
		return err
	}
	var clvSheets []string
	if r.CLV != nil {
		var err error
		if x.clv, err = newCLVBook(x, r.CLV, r.Lang, opt.MaxRows); err != nil {
			return err
		}
		clvSheets = x.clv.scoreSheets(r)
	}
	var life *sheetTable
	var lifeSheets []string
	if r.Lifecycle != nil {
		life = x.lifecycleTable()
		lifeSheets = life.sheets(r.Lang.Pick("生命周期", "Lifecycle"))
	}
	for _, name := range slices.Concat(sheets, lifeSheets, clvSheets, []string{x.lb.method, x.lb.quality}) {
		if _, err := x.f.NewSheet(name); err != nil {
			return err
		}
	}
	for _, step := range []func() error{
		func() error { return x.summary(sheets) },
		func() error { return x.customers(sheets) },
		func() error {
			if life == nil {
				return nil
			}
			return life.write(x.f, lifeSheets)
		},
		func() error { return x.clv.writeScoreSheets(r) },
		x.method,
		x.quality,
		func() error { return setBookProps(x.f, x.lb.title, opt.Created) },
	} {
		if err := step(); err != nil {
			return err
		}
	}
	stableParts(x.f)
	if _, err := x.f.WriteTo(w); err != nil {
		return err
	}
	return nil
}

// bookFont is the font family of a workbook in language l: Excel's own
// default, and for Chinese the one with its glyphs (等线, DengXian).
func bookFont(l segment.Lang) string { return l.Pick("等线", "Calibri") }

// namedFont returns a copy of s whose font names family (and 11 points
// when s gives no size), so that no style falls back to the reader's own
// default face.
func namedFont(s *excelize.Style, family string) *excelize.Style {
	c := *s
	fnt := excelize.Font{}
	if s.Font != nil {
		fnt = *s.Font
	}
	if fnt.Family == "" {
		fnt.Family = family
	}
	if fnt.Size == 0 {
		fnt.Size = 11
	}
	c.Font = &fnt
	return &c
}

// newStyle adds style s to the workbook in the workbook's font.
func (x *xlsxWriter) newStyle(s *excelize.Style) (int, error) {
	return x.f.NewStyle(namedFont(s, x.font))
}

// setBookProps names rfm as the author of f, title as its title and
// created as the time it was created and last modified, in place of
// excelize's template ("xuri", 2006-09-16).
func setBookProps(f *excelize.File, title string, created time.Time) error {
	t := created.UTC().Format(time.RFC3339)
	if err := f.SetDocProps(&excelize.DocProperties{Creator: "rfm", LastModifiedBy: "rfm", Title: title,
		Created: t, Modified: t}); err != nil {
		return err
	}
	return f.SetAppProps(&excelize.AppProperties{Application: "rfm"})
}

// stableParts sorts the file-extension entries of f's [Content_Types].xml,
// which excelize adds from a map when a sheet gets a drawing: without it
// two runs of the same input give two different files.
func stableParts(f *excelize.File) {
	if f.ContentTypes == nil {
		return
	}
	d := f.ContentTypes.Defaults
	sort.SliceStable(d, func(i, j int) bool { return d[i].Extension < d[j].Extension })
}

// printSetup prints sheet in landscape, one page wide, the rows 1…titles
// repeated at the top of every page (none for 0), and the cells
// A1:lastCol lastRow as its print area.
func printSetup(f *excelize.File, sheet string, titles, lastCol, lastRow int) error {
	if err := printWide(f, sheet); err != nil {
		return err
	}
	q := quoteSheet(sheet)
	if titles > 0 {
		if err := f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles",
			RefersTo: fmt.Sprintf("%s!$1:$%d", q, titles), Scope: sheet}); err != nil {
			return err
		}
	}
	col, err := excelize.ColumnNumberToName(max(1, lastCol))
	if err != nil {
		return err
	}
	return f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Area",
		RefersTo: fmt.Sprintf("%s!$A$1:$%s$%d", q, col, max(1, lastRow)), Scope: sheet})
}

// printUsed is printSetup with the print area of the cells sheet holds,
// and at least minCols columns and minRows rows (the reach of a chart or of
// text running over); for sheets written cell by cell, not with the stream
// writer.
func printUsed(f *excelize.File, sheet string, titles, minCols, minRows int) error {
	rows, err := f.GetRows(sheet)
	if err != nil {
		return err
	}
	cols := minCols
	for _, r := range rows {
		cols = max(cols, len(r))
	}
	return printSetup(f, sheet, titles, cols, max(len(rows), minRows))
}

func (x *xlsxWriter) styles() error {
	x.font = bookFont(x.r.Lang)
	err := x.f.SetDefaultFont(x.font)
	style := func(s *excelize.Style) int {
		if err != nil {
			return 0
		}
		var id int
		id, err = x.newStyle(s)
		return id
	}
	border := []excelize.Border{{Type: "bottom", Color: "#7F7F7F", Style: 1}}
	headFill := excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"#DDEBF7"}}
	fmtp := func(s string) *string { return &s }
	x.title = style(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 16}})
	x.subtitle = style(&excelize.Style{Font: &excelize.Font{Color: "#595959"}})
	x.note = style(&excelize.Style{Font: &excelize.Font{Italic: true, Color: "#595959"}})
	x.noteWrap = style(&excelize.Style{Font: &excelize.Font{Italic: true, Color: "#595959"},
		Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}})
	x.header = style(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: headFill, Border: border,
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}})
	x.headerLeft = style(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: headFill, Border: border,
		Alignment: &excelize.Alignment{Vertical: "center"}})
	x.label = style(&excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: &excelize.Alignment{Vertical: "top"}})
	x.text = style(&excelize.Style{Alignment: &excelize.Alignment{Vertical: "top"}})
	x.indent = style(&excelize.Style{Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "top", Indent: 1}})
	x.center = style(&excelize.Style{Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "top"}})
	x.wrap = style(&excelize.Style{Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}})
	x.count = style(&excelize.Style{NumFmt: 3})
	x.money = style(&excelize.Style{NumFmt: 4})
	x.share = style(&excelize.Style{CustomNumFmt: fmtp("0.0%")})
	x.mean1 = style(&excelize.Style{CustomNumFmt: fmtp("0.0")})
	x.mean2 = style(&excelize.Style{NumFmt: 2})
	x.date = style(&excelize.Style{CustomNumFmt: fmtp("yyyy-mm-dd")})
	top := []excelize.Border{{Type: "top", Color: "#7F7F7F", Style: 1}}
	x.bold = style(&excelize.Style{Font: &excelize.Font{Bold: true}, Border: top})
	x.boldCount = style(&excelize.Style{Font: &excelize.Font{Bold: true}, Border: top, NumFmt: 3})
	x.boldMoney = style(&excelize.Style{Font: &excelize.Font{Bold: true}, Border: top, NumFmt: 4})
	x.boldShare = style(&excelize.Style{Font: &excelize.Font{Bold: true}, Border: top, CustomNumFmt: fmtp("0.0%")})
	x.heat = style(&excelize.Style{NumFmt: 3, Alignment: &excelize.Alignment{Horizontal: "center"},
		Border: []excelize.Border{{Type: "left", Color: "#FFFFFF", Style: 1}, {Type: "right", Color: "#FFFFFF", Style: 1},
			{Type: "top", Color: "#FFFFFF", Style: 1}, {Type: "bottom", Color: "#FFFFFF", Style: 1}}})
	x.heatMoney = style(&excelize.Style{NumFmt: 4, Alignment: &excelize.Alignment{Horizontal: "center"},
		Border: []excelize.Border{{Type: "left", Color: "#FFFFFF", Style: 1}, {Type: "right", Color: "#FFFFFF", Style: 1},
			{Type: "top", Color: "#FFFFFF", Style: 1}, {Type: "bottom", Color: "#FFFFFF", Style: 1}}})
	x.boldMean1 = style(&excelize.Style{Font: &excelize.Font{Bold: true}, Border: top, CustomNumFmt: fmtp("0.0")})
	x.boldMean2 = style(&excelize.Style{Font: &excelize.Font{Bold: true}, Border: top, NumFmt: 2})
	x.classes = SchemeClasses(x.r.Scheme)
	x.classStyle = map[*segment.Segment]int{}
	x.fill = map[*segment.Segment]string{}
	for i, seg := range append(x.classes, &segment.Other) {
		if _, ok := x.fill[seg]; ok {
			continue
		}
		c := otherFill
		if seg != &segment.Other {
			c = classFills[i%len(classFills)]
		}
		x.fill[seg] = c
		x.classStyle[seg] = style(&excelize.Style{Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{c}},
			Alignment: &excelize.Alignment{Vertical: "top"}}) // as the text beside it
	}
	return err
}

// newWorkbook returns an empty workbook that is written with deflate's
// fastest level: on a million customers the default level spends three
// times as long for a file a quarter smaller.
func newWorkbook() *excelize.File {
	f := excelize.NewFile()
	f.SetZipWriter(func(w io.Writer) excelize.ZipWriter {
		zw := zip.NewWriter(w)
		zw.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) {
			return flate.NewWriter(out, flate.BestSpeed)
		})
		return zw
	})
	return f
}

// customerSheets names the customer sheets: the first, then "(2)", "(3)"…
func (x *xlsxWriter) customerSheets() []string {
	return (&sheetTable{rows: len(x.r.Customers) + len(x.r.Prospects), maxRows: x.opt.MaxRows}).sheets(x.lb.customers)
}

// set writes a value with a style; strings stay strings.
func (x *xlsxWriter) set(sheet string, col, row int, v any, style int) error {
	cell, err := excelize.CoordinatesToCellName(col, row)
	if err != nil {
		return err
	}
	switch v := v.(type) {
	case string:
		err = x.f.SetCellStr(sheet, cell, cutText(v))
	case nil:
	default:
		err = x.f.SetCellValue(sheet, cell, v)
	}
	if err == nil && style != 0 {
		err = x.f.SetCellStyle(sheet, cell, cell, style)
	}
	return err
}

func cutText(s string) string {
	if len(s) <= maxCellChars || utf8.RuneCountInString(s) <= maxCellChars {
		return s
	}
	return string([]rune(s)[:maxCellChars])
}

func cell(col, row int) string {
	c, _ := excelize.CoordinatesToCellName(col, row)
	return c
}

// quoteSheet quotes a sheet name for a cell reference.
func quoteSheet(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// summary writes the summary sheet: the classes, the chart and the heat map.
func (x *xlsxWriter) summary(custSheets []string) error {
	s := x.lb.summary
	r, lb, f := x.r, x.lb, x.f
	var errs []error
	set := func(col, row int, v any, style int) {
		if err := x.set(s, col, row, v, style); err != nil {
			errs = append(errs, err)
		}
	}
	set(1, 1, lb.title, x.title)
	method := r.Score.Method.String()
	if r.Score.Method != rfm.Mean {
		method += fmt.Sprintf(" %d %s", r.Score.Bins, lb.bins)
	}
	asOf := ""
	if r.AsOf != rfm.NoDate {
		asOf = r.AsOf.String()
	}
	sub := fmt.Sprintf("%s: %s · %s %s · %s %s · %s %s · %s %s", lb.input, inputName(r, lb), lb.asOf, asOf,
		lb.scored, groupThousands(len(r.Customers)), lb.methodWord, method, lb.segments, r.Scheme.Name)
	set(1, 2, sub, x.subtitle)
	if len(custSheets) > 1 {
		set(1, 3, fmt.Sprintf(lb.contNote, len(custSheets), strings.Join(custSheets, lr(r.Lang, "、", ", ")), groupThousands(x.opt.MaxRows)), x.note)
	}
	heads := []string{lb.class, lb.tier, lb.customersCol, lb.custShare, lb.monetary, lb.monShare, lb.meanR, lb.meanF, lb.meanM, lb.action}
	const top = 5
	for i, h := range heads {
		set(i+1, top, h, x.header)
	}
	classes := r.Classes()
	var total rfm.Cents
	row := top
	for _, c := range classes {
		row++
		total += c.Monetary
		set(1, row, c.Segment.Name(r.Lang), x.classStyle[c.Segment])
		set(2, row, c.Tier, x.center)
		set(3, row, c.Customers, x.count)
		set(4, row, c.Share, x.share)
		set(5, row, money(c.Monetary), x.money)
		set(6, row, c.MonetaryShare, x.share)
		if c.Customers > 0 {
			set(7, row, c.MeanRecency, x.mean1)
			set(8, row, c.MeanFrequency, x.mean2)
			set(9, row, c.MeanMonetary, x.money)
		}
		set(10, row, c.Segment.Action(r.Lang), x.indent)
	}
	first, last := top+1, row
	row++
	set(1, row, lb.total, x.bold)
	set(2, row, "", x.bold)
	set(3, row, len(r.Customers), x.boldCount)
	set(4, row, 1.0, x.boldShare)
	set(5, row, money(total), x.boldMoney)
	set(6, row, 1.0, x.boldShare)
	if n := len(r.Customers); n > 0 {
		var rec, fr int64
		for i := range r.Customers {
			rec += r.Customers[i].Recency
			fr += r.Customers[i].Frequency
		}
		set(7, row, float64(rec)/float64(n), x.boldMean1)
		set(8, row, float64(fr)/float64(n), x.boldMean2)
		set(9, row, money(total)/float64(n), x.boldMoney)
	}
	set(10, row, "", x.bold)
	classW, tierW, actionW := 10.0, 7.0, 20.0
	for _, c := range classes {
		classW = max(classW, textWidth(c.Segment.Name(r.Lang))+2)
		tierW = max(tierW, textWidth(c.Tier)+2) // "A 12, B 3" under Pareto tiers
		actionW = max(actionW, textWidth(c.Segment.Action(r.Lang))+1)
	}
	errs = append(errs, x.widths(s, min(classW, 40), min(tierW, 30), 10, 10, 14, 10, 11, 9, 12, min(actionW, 80)))
	errs = append(errs, f.SetRowHeight(s, top, 32))

	errs = append(errs, x.overview(s, top, first, last, row+2)...)
	return firstErr(errs)
}

// printWide prints a sheet of f in landscape, as wide as one page.
func printWide(f *excelize.File, sheet string) error {
	land, one, zero, yes := "landscape", 1, 0, true
	if err := f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &yes}); err != nil {
		return err
	}
	return f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Orientation: &land, FitToWidth: &one, FitToHeight: &zero})
}

// widths sets the widths of the sheet's first columns.
func (x *xlsxWriter) widths(sheet string, w ...float64) error {
	for i, v := range w {
		name, err := excelize.ColumnNumberToName(i + 1)
		if err != nil {
			return err
		}
		if err := x.f.SetColWidth(sheet, name, name, v); err != nil {
			return err
		}
	}
	return nil
}

// scoreLevels are the score values of the heat map's axes: 0 and 1 for the
// mean method, else 1…N.
func scoreLevels(r *Result) []int {
	if r.Score.Method == rfm.Mean {
		return []int{0, 1}
	}
	out := make([]int, r.Score.Bins)
	for i := range out {
		out[i] = i + 1
	}
	return out
}

func lr(l segment.Lang, zh, en string) string { return l.Pick(zh, en) }

func inputName(r *Result, lb xlsxLabels) string {
	if r.Input == "-" {
		return lb.stdin
	}
	return filepath.Base(r.Input)
}

// groupThousands writes n with , between groups of three digits.
func groupThousands(n int) string {
	s := fmt.Sprint(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

func firstErr(errs []error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}

// customers writes every customer, SPEC §6's columns (then the lifetime
// value columns, with r.CLV), with the stream writer: MaxRows to a sheet,
// each with its header, frozen and filtered.
func (x *xlsxWriter) customers(sheets []string) error {
	r := x.r
	head := r.header()
	t := &sheetTable{head: head, headStyle: x.header, widths: x.customerWidths(head), rows: len(r.Customers) + len(r.Prospects), maxRows: x.opt.MaxRows}
	// With prospects (--customers), the rows interleave them with the
	// scored customers by id, as the CSV does: order[j] is customer i as
	// i, prospect k as -1-k.
	var order []int
	if len(r.Prospects) > 0 {
		order = make([]int, 0, t.rows)
		r.rowOrder(func(i, k int) {
			if i >= 0 {
				order = append(order, i)
			} else {
				order = append(order, -1-k)
			}
		})
	}
	t.row = func(row []any, i int) []any {
		if order != nil {
			if i = order[i]; i < 0 {
				return x.prospectRow(row, -1-i, len(head))
			}
		}
		c := &r.Customers[i]
		seg := r.Scheme.SegmentOf(r.Assigned.Segment[i])
		row = append(row, cutText(c.ID))
		for _, v := range c.Kept {
			row = append(row, cutText(v))
		}
		row = append(row, c.Recency, c.Frequency,
			excelize.Cell{StyleID: x.money, Value: money(c.Monetary)},
			x.dateCell(c.First), x.dateCell(c.Last),
			excelize.Cell{StyleID: x.center, Value: c.R},
			excelize.Cell{StyleID: x.center, Value: c.F},
			excelize.Cell{StyleID: x.center, Value: c.M},
			excelize.Cell{StyleID: x.center, Value: fmt.Sprintf("%d%d%d", c.R, c.F, c.M)},
			excelize.Cell{StyleID: x.center, Value: c.Sum()})
		if r.Weights != nil {
			row = append(row, excelize.Cell{StyleID: x.mean2, Value: money(r.Weights.Score(c.R, c.F, c.M))})
		}
		row = append(row,
			excelize.Cell{StyleID: x.classStyle[seg], Value: seg.Name(r.Lang)},
			excelize.Cell{StyleID: x.center, Value: r.Assigned.Tier[i]})
		if r.Lifecycle != nil {
			row = x.appendLifecycle(row, i)
		}
		if x.clv != nil {
			row = x.clv.appendScore(row, r, i)
		}
		return row
	}
	return t.write(x.f, sheets)
}

// prospectRow appends prospect k's cells: the id and kept values, every
// metric, score, segment and tier empty, and with --lifecycle the stage
// prospect (潜在客户) and no churn warning, as the CSV has them.
func (x *xlsxWriter) prospectRow(row []any, k, width int) []any {
	r := x.r
	p := &r.Prospects[k]
	row = append(row, cutText(p.ID))
	for _, v := range p.Kept {
		row = append(row, cutText(v))
	}
	n := 12 // recency … rfm_sum, segment, tier
	if r.Weights != nil {
		n++
	}
	for range n {
		row = append(row, nil)
	}
	if r.Lifecycle != nil {
		row = append(row, nil, nil, StageName(rfm.StageProspect, r.Lang), nil, false, nil)
	}
	for len(row) < width {
		row = append(row, nil) // the lifetime value columns of --with-clv
	}
	return row
}

// dateCell is a date cell, empty for rfm.NoDate.
func (x *xlsxWriter) dateCell(d rfm.Date) excelize.Cell {
	if d == rfm.NoDate {
		return excelize.Cell{StyleID: x.date}
	}
	return excelize.Cell{StyleID: x.date, Value: excelSerial(d)}
}

// money is an amount in cents as a number of currency units.
func money(c rfm.Cents) float64 { return float64(c) / 100 }

// customerWidths sizes the customer columns: the text columns to their
// header and the first thousand values, the others to fit their numbers.
func (x *xlsxWriter) customerWidths(head []string) []float64 {
	r := x.r
	nk := len(r.Kept)
	w := make([]float64, len(head))
	for i, h := range head {
		w[i] = textWidth(h) + 3 // room for the filter button
	}
	for i := range min(len(r.Customers), 1000) {
		c := &r.Customers[i]
		w[0] = max(w[0], textWidth(c.ID)+1)
		for k, v := range c.Kept {
			w[1+k] = max(w[1+k], textWidth(v)+1)
		}
	}
	seg := 0.0
	for _, c := range append(x.classes, &segment.Other) {
		seg = max(seg, textWidth(c.Name(r.Lang))+1)
	}
	segCol := nk + 11
	if r.Weights != nil {
		segCol++
	}
	w[segCol] = max(w[segCol], seg)
	w[nk+3] = max(w[nk+3], 13) // monetary
	for i := range w {
		w[i] = min(w[i], 50)
	}
	return w
}

// textWidth estimates the width of text in Excel's character units: wide
// (CJK) characters count twice.
func textWidth(s string) float64 {
	n := 0.0
	for _, r := range s {
		switch {
		case r >= 0x1100 && (r <= 0x115F || r >= 0x2E80 && r <= 0xA4CF || r >= 0xAC00 && r <= 0xD7A3 ||
			r >= 0xF900 && r <= 0xFAFF || r >= 0xFE30 && r <= 0xFE4F || r >= 0xFF00 && r <= 0xFF60 || r >= 0xFFE0 && r <= 0xFFE6):
			n += 2
		default:
			n++
		}
	}
	return n
}

// excelSerial is a date as an Excel serial day number (1900 system).
func excelSerial(d rfm.Date) int {
	return int(d - rfm.DateOf(1899, 12, 30))
}

// kv writes label–value rows from row on, each value merged across the
// columns 2…span; it returns the next free row.
func (x *xlsxWriter) kv(sheet string, row, span int, rows [][2]any, errs *[]error) int {
	for _, kv := range rows {
		if err := x.set(sheet, 1, row, kv[0], x.label); err != nil {
			*errs = append(*errs, err)
		}
		if err := x.set(sheet, 2, row, kv[1], x.wrap); err != nil {
			*errs = append(*errs, err)
		}
		if span > 2 {
			*errs = append(*errs, x.f.MergeCell(sheet, cell(2, row), cell(span, row)))
		}
		row++
	}
	return row
}

// method writes the method sheet: input, as-of date, scoring, cut points,
// the detected date format, the version and the class rules.
func (x *xlsxWriter) method() error {
	s, r, lb := x.lb.method, x.r, x.lb
	var errs []error
	add := func(err error) { errs = append(errs, err) }
	add(x.set(s, 1, 1, lb.method, x.title))
	add(x.set(s, 1, 3, lb.item, x.headerLeft))
	add(x.set(s, 2, 3, lb.value, x.headerLeft))
	add(x.f.MergeCell(s, "B3", "F3"))
	sha := x.opt.InputSHA256
	if sha == "" {
		sha = lb.notGiven
	}
	rows := [][2]any{{lb.file, inputOf(r, lb)}, {lb.sha, sha}}
	if t := tableOf(r); t != nil {
		format := t.Format
		if t.Format == "csv" && t.Encoding != "" {
			format += ", " + t.Encoding
		}
		rows = append(rows, [2]any{lb.format, format})
		if t.Sheet != "" {
			rows = append(rows, [2]any{lb.sheet, t.Sheet})
		}
	}
	asOf, how := "", lb.asOfData
	if r.AsOf != rfm.NoDate {
		asOf = r.AsOf.String()
	}
	if r.AsOfGiven {
		how = lb.asOfGiven
	}
	rows = append(rows, [2]any{lb.asOfLabel, asOf + " (" + how + ")"})
	rows = append(rows, [2]any{lb.methodLabel, r.Score.Method.String()})
	if r.Score.Method != rfm.Mean {
		rows = append(rows, [2]any{lb.binsLabel, fmt.Sprint(r.Score.Bins)})
	}
	for m := rfm.Recency; m <= rfm.Monetary; m++ {
		if cuts := cutPointsShown(r.Scoring.Cuts[m], m); cuts != "" {
			rows = append(rows, [2]any{fmt.Sprintf(lb.cuts, metricName(m, r.Lang)), cuts})
		}
		if mean := r.mean(m); mean != "" {
			rows = append(rows, [2]any{fmt.Sprintf(lb.means, metricName(m, r.Lang)), mean})
		}
		unused := lb.none
		if u := r.Scoring.Unused[m]; len(u) > 0 {
			unused = joinInts(u)
		}
		rows = append(rows, [2]any{fmt.Sprintf(lb.unused, metricName(m, r.Lang)), unused})
	}
	if remedy := r.TieRemedy(); remedy != "" {
		rows = append(rows, [2]any{r.Lang.Pick("让每个分数都有人", "To use every score"), remedy})
	}
	if r.Weights != nil {
		rows = append(rows, [2]any{r.Lang.Pick("综合得分权重", "Weighted score"), WeightsText(r.Weights, r.Lang)})
	}
	if r.Scheme.HighLow && r.Score.Method != rfm.Mean {
		split := lb.splitMean
		if r.Segments.Split == segment.SplitMedian {
			split = lb.splitMedian
		}
		rows = append(rows, [2]any{lb.split, split})
		var parts []string
		for d, name := range []string{"R", "F", "M"} {
			if th := r.Assigned.Thresholds[d]; th != nil {
				parts = append(parts, fmt.Sprintf("%s ≥ %s", name, th.FloatString(2)))
			} else {
				parts = append(parts, name+": "+lb.allEqual)
			}
		}
		rows = append(rows, [2]any{lb.thresholds, strings.Join(parts, "; ")})
	}
	rows = append(rows, [2]any{lb.schemeLabel, r.Scheme.Name})
	tiers := lb.tiersClass
	if t := r.Segments.Tiers; t.Pareto {
		tiers = fmt.Sprintf("pareto=%d,%d", t.A, t.B)
	}
	rows = append(rows, [2]any{lb.tiers, tiers})
	if r.Ingest != nil {
		rows = append(rows, [2]any{lb.dateFormat, r.Ingest.DateFormat()})
		if r.Ingest.Columns != nil {
			var roles []string
			for _, ch := range r.Ingest.Columns.Roles {
				if ch.Index >= 0 {
					roles = append(roles, fmt.Sprintf("%s = %s", ch.Role, ch.Header))
				}
			}
			rows = append(rows, [2]any{lb.columns, strings.Join(roles, "; ")})
		}
	}
	rows = append(rows, [2]any{lb.version, r.Version})
	row := x.kv(s, 4, 6, rows, &errs)

	// The class table with its rule.
	row++
	add(x.set(s, 1, row, lb.classes, x.label))
	add(x.set(s, 1, row+1, lb.ruleNote, x.note))
	row += 2
	sl := schemeLabelsFor(r.Lang)
	for i, h := range []string{sl.segment, "R", "F", "M", sl.tier, sl.action} {
		add(x.set(s, 1+i, row, h, x.header))
	}
	// Column A fits the longest label (bold, so a little wider), F the
	// longest action.
	labelW, actionW := 30.0, 46.0
	for _, kv := range rows {
		labelW = max(labelW, textWidth(kv[0].(string))*1.1+2)
	}
	for _, rr := range ruleRows(r.Scheme, r.Lang) {
		row++
		seg := segmentNamed(x.classes, rr[0], r.Lang)
		st := x.text
		if seg != nil {
			st = x.classStyle[seg]
		}
		labelW = max(labelW, textWidth(rr[0])+2)
		actionW = max(actionW, textWidth(rr[5])+2)
		add(x.set(s, 1, row, rr[0], st))
		for i, v := range rr[1:] {
			st := x.center
			if i == len(rr)-2 {
				st = x.text
			}
			add(x.set(s, 2+i, row, v, st))
		}
	}
	add(x.widths(s, min(labelW, 50), 18, 12, 12, 8, min(actionW, 90)))
	add(printSetup(x.f, s, 0, 6, row))
	return firstErr(errs)
}

// cutPointsShown writes a metric's cut points in its own format: money
// with two decimals, days and counts as whole numbers where they are whole,
// all with thousands separators.
func cutPointsShown(cuts []rfm.Cut, m rfm.Metric) string {
	parts := make([]string, len(cuts))
	for i, c := range cuts {
		v := c.Format(1)
		if m == rfm.Monetary {
			v = new(big.Rat).Quo(c.Rat(), big.NewRat(100, 1)).FloatString(2)
		}
		parts[i] = groupDigits(v)
	}
	return strings.Join(parts, ", ")
}

// groupDigits puts , between the groups of three digits of a decimal
// number's whole part.
func groupDigits(v string) string {
	whole, frac, dot := strings.Cut(v, ".")
	neg := strings.HasPrefix(whole, "-")
	whole = strings.TrimPrefix(whole, "-")
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, c := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if dot {
		b.WriteString("." + frac)
	}
	return b.String()
}

func segmentNamed(classes []*segment.Segment, name string, l segment.Lang) *segment.Segment {
	for _, c := range append(classes, &segment.Other) {
		if c.Name(l) == name {
			return c
		}
	}
	return nil
}

func inputOf(r *Result, lb xlsxLabels) string {
	if r.Input == "-" {
		return lb.stdin
	}
	return r.Input
}

func tableOf(r *Result) *ingest.Table {
	if r.Ingest == nil || r.Ingest.Table == nil {
		return nil
	}
	return r.Ingest.Table
}

// quality writes the data quality sheet: SPEC §2's accounting, rejects by
// reason and customers not scored by reason.
func (x *xlsxWriter) quality() error {
	s, r, lb := x.lb.quality, x.r, x.lb
	var errs []error
	add := func(err error) { errs = append(errs, err) }
	add(x.set(s, 1, 1, lb.quality, x.title))
	row := 3
	if rep := r.Ingest; rep != nil {
		add(x.set(s, 1, row, lb.item, x.headerLeft))
		add(x.set(s, 2, row, lb.countCol, x.header))
		add(x.set(s, 3, row, lb.shareCol, x.header))
		row++
		lines := [][2]any{{lb.rowsRead, rep.Read}, {lb.rowsUsed, rep.Used}, {lb.rowsRejected, rep.Rejected},
			{lb.rowsFiltered, rep.Filtered}, {lb.rowsAfter, rep.AfterAsOf}}
		if r.Ingest.Duplicates > 0 {
			lines = append(lines, [2]any{lb.rowsDup, rep.Duplicates})
		}
		for _, kv := range lines {
			add(x.set(s, 1, row, kv[0], x.label))
			add(x.set(s, 2, row, kv[1], x.count))
			if rep.Read > 0 {
				add(x.set(s, 3, row, float64(kv[1].(int))/float64(rep.Read), x.share))
			}
			row++
		}
		add(x.set(s, 1, row, lb.identity, x.label))
		row++
		add(x.set(s, 1, row, AccountingIn(rep, r.Lang), x.text))
		add(x.f.MergeCell(s, cell(1, row), cell(3, row)))
		row += 2
		add(x.set(s, 1, row, lb.rejectedBy, x.label))
		row++
		add(x.set(s, 1, row, lb.reasonCol, x.headerLeft))
		add(x.set(s, 2, row, lb.countCol, x.header))
		add(x.set(s, 3, row, lb.shareCol, x.header))
		row++
		reasons := make([]string, 0, len(rep.Reasons))
		for k := range rep.Reasons {
			reasons = append(reasons, k)
		}
		sort.Slice(reasons, func(i, j int) bool {
			a, b := rep.Reasons[reasons[i]], rep.Reasons[reasons[j]]
			return a > b || a == b && reasons[i] < reasons[j]
		})
		if len(reasons) == 0 {
			add(x.set(s, 1, row, lb.none, x.text))
			row++
		}
		for _, k := range reasons {
			add(x.set(s, 1, row, reason(k, r.Lang), x.text))
			add(x.set(s, 2, row, rep.Reasons[k], x.count))
			if rep.Read > 0 {
				add(x.set(s, 3, row, float64(rep.Reasons[k])/float64(rep.Read), x.share))
			}
			row++
		}
		row++
	}
	add(x.set(s, 1, row, lb.customersScored, x.label))
	add(x.set(s, 2, row, len(r.Customers), x.count))
	row++
	n := 0
	for _, v := range r.NotScored {
		n += v
	}
	add(x.set(s, 1, row, lb.notScored, x.label))
	add(x.set(s, 2, row, n, x.count))
	row += 2
	add(x.set(s, 1, row, lb.notScoredBy, x.label))
	row++
	add(x.set(s, 1, row, lb.reasonCol, x.headerLeft))
	add(x.set(s, 2, row, lr(r.Lang, "客户数", "Customers"), x.header))
	row++
	if len(r.NotScored) == 0 {
		add(x.set(s, 1, row, lb.none, x.text))
		row++
	}
	for _, k := range r.NotScoredReasons() {
		add(x.set(s, 1, row, reason(string(k), r.Lang), x.text))
		add(x.set(s, 2, row, r.NotScored[k], x.count))
		row++
	}
	if r.Ingest != nil && r.Ingest.FloatIDs {
		row++
		add(x.set(s, 1, row, lb.floatIDs, x.note))
	}
	add(x.widths(s, 44, 14, 18))
	add(printSetup(x.f, s, 0, 3, row))
	return firstErr(errs)
}
