package ingest

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"strings"
	"testing"

	"github.com/rfmtool/rfm/rfm"
	"github.com/rfmtool/rfm/rfm/i18n"
)

// TestErrorsInChinese reads typical bad inputs and checks each error in
// Chinese (file, line, column, the flag that fixes it, no English words left)
// and in English, unchanged.
func TestErrorsInChinese(t *testing.T) {
	var missing []string
	i18n.SetMissing(func(key string) { missing = append(missing, key) })
	defer i18n.SetMissing(nil)

	scan := func(name, data string, opt Options) error {
		path := writeFile(t, name, []byte(data))
		opt.AsOf = rfm.NoDate
		_, _, err := Scan(context.Background(), File{Path: path}, opt, rfm.ReturnsNet)
		if err == nil {
			t.Fatalf("%s: no error", name)
		}
		return err
	}
	strict := Options{Strict: true}
	cases := []struct {
		name, data string
		opt        Options
		en, zh     string
	}{
		{"nocust.csv", "cid,order_date,amount\nc1,2024-01-05,10\n", Options{},
			`nocust.csv:1: no customer column among [cid, order_date, amount]; name it with --customer-col`,
			`nocust.csv:1：表头 [cid, order_date, amount] 中没有客户ID列：请用 --customer-col 指定`},
		{"none.csv", "a,b\n1,2\n", Options{},
			`none.csv:1: no customer, date or amount column among [a, b]; name them with --customer-col, --date-col and --amount-col (or --quantity-col and --price-col)`,
			`none.csv:1：表头 [a, b] 中没有客户ID、日期或金额列：请用以下选项分别指定：--customer-col、--date-col 和 --amount-col（金额也可用 --quantity-col 和 --price-col）`},
		{"dup.csv", "customer_id,customer_id,order_date,amount\nc1,c1,2024-01-05,10\n", Options{},
			`dup.csv:1: two columns are headed "customer_id" (columns 1 and 2); rename one or name the column with --customer-col`,
			`dup.csv:1：有两列的表头都是 "customer_id"（第 1 列和第 2 列）：请重命名其中一列，或用 --customer-col 指定要用的列`},
		{"date.csv", "customer_id,order_date,amount\nc1,2024-01-05,10\nc1,2024-13-05,10\n", strict,
			`date.csv:3: column "order_date": bad date: "2024-13-05"`,
			`date.csv:3：列 "order_date"：日期无法识别："2024-13-05"`},
		{"amount.csv", "customer_id,order_date,amount\nc1,2024-01-05,1x\n", strict,
			`amount.csv:2: column "amount": bad amount: "1x"`,
			`amount.csv:2：列 "amount"：金额无法识别："1x"`},
		{"width.csv", "customer_id,order_date,amount\nc1,2024-01-05\n", strict,
			`width.csv:2: wrong number of fields: 2, want 3`,
			`width.csv:2：字段数不符：2 个，应为 3 个`},
	}
	for _, c := range cases {
		err := scan(c.name, c.data, c.opt)
		en := strings.Replace(err.Error(), writeDir(err.Error(), c.name), "", 1)
		zh := strings.Replace(i18n.ZH.Error(err), writeDir(err.Error(), c.name), "", 1)
		if en != c.en {
			t.Errorf("%s in English:\n got %s\nwant %s", c.name, en, c.en)
		}
		if i18n.EN.Error(err) != err.Error() {
			t.Errorf("%s: EN.Error %q differs from Error %q", c.name, i18n.EN.Error(err), err.Error())
		}
		if !strings.Contains(zh, c.zh) {
			t.Errorf("%s in Chinese:\n got %s\nwant %s", c.name, zh, c.zh)
		}
		if w := englishWord(zh); w != "" {
			t.Errorf("%s in Chinese has the English word %q: %s", c.name, w, zh)
		}
	}

	// A header read as one column: the delimiter that splits it.
	err := missingColumns([]string{"cid;order_date;amount"}, true, false, false)
	if want := `no customer column among [cid;order_date;amount]; name it with --customer-col (the header reads as one column; if ";" separates its fields, give --delimiter ;)`; err.Error() != want {
		t.Errorf("one column in English:\n got %s\nwant %s", err, want)
	}
	if got, want := i18n.ZH.Error(err), `表头 [cid;order_date;amount] 中没有客户ID列：请用 --customer-col 指定（表头被读成了一列；如果字段之间用 ";" 分隔，请加上 --delimiter ;）`; got != want {
		t.Errorf("one column in Chinese:\n got %s\nwant %s", got, want)
	}

	// A customer table without its recency column.
	path := writeFile(t, "cust.csv", []byte("customer_id,frequency,monetary\nc1,2,10\n"))
	_, _, err = ScanCustomers(context.Background(), File{Path: path}, Options{AsOf: rfm.NoDate, Customers: &CustomerOptions{Kind: KindCustomers}})
	if err == nil || !strings.Contains(err.Error(), "no recency column among [customer_id, frequency, monetary]; name the days since the last purchase with --recency-col") {
		t.Errorf("customer table: got %v", err)
	} else if zh := i18n.ZH.Error(err); !strings.Contains(zh, "cust.csv:1：表头 [customer_id, frequency, monetary] 中没有 R 列：请用 --recency-col 指定") {
		t.Errorf("customer table in Chinese: %s", zh)
	}

	// The sentinels keep their identity.
	_, _, err = Scan(context.Background(), File{Path: writeFile(t, "bin.csv", []byte("a,b\x01\x02\x03\x04\x05\x06\n"))}, Options{AsOf: rfm.NoDate}, rfm.ReturnsNet)
	if !errors.Is(err, ErrNotTable) {
		t.Errorf("binary file: got %v, want ErrNotTable", err)
	} else if zh := i18n.ZH.Error(err); !strings.HasSuffix(zh, "bin.csv：不是 CSV 或 XLSX 文件") {
		t.Errorf("binary file in Chinese: %s", zh)
	}

	for _, k := range missing {
		t.Errorf("no Chinese for %q", k)
	}
}

// TestReasonsInChinese checks every kind of reason a row is rejected for,
// and the warnings, in Chinese.
func TestReasonsInChinese(t *testing.T) {
	for _, c := range []struct{ en, zh string }{
		{`wrong number of fields: 2, want 3`, `字段数不符：2 个，应为 3 个`},
		{`unbalanced quotes`, `引号不成对`},
		{`text after a closing quote: field 2`, `右引号后还有文字：第 2 个字段`},
		{`duplicate customer id: "a" (first on line 3)`, `客户ID重复："a"（首次出现在第 3 行）`},
		{`bad frequency: "x" (want a whole number ≥ 0)`, `购买次数无法识别："x"（应为不小于 0 的整数）`},
		{`formula without a cached value: cell B5; open the file in Excel and save it again, or export CSV`, `公式没有缓存的计算结果：单元格 B5；请在 Excel 中打开并重新保存，或导出为 CSV`},
		{`empty unit price`, `单价为空`},
		{`date contradicts the day/month order: "13/01/2024"`, `日期与文件的日/月顺序矛盾："13/01/2024"`},
	} {
		err := ReasonError(c.en)
		if err.Error() != c.en || i18n.EN.Error(err) != c.en {
			t.Errorf("%q in English: %q", c.en, i18n.EN.Error(err))
		}
		if got := i18n.ZH.Error(err); got != c.zh {
			t.Errorf("%q in Chinese: got %q, want %q", c.en, got, c.zh)
		}
	}
	b := &BadText{Invalid: 2, Lines: 12, First: []int{2, 3, 4, 5, 6, 7, 8, 9, 10, 11}}
	en := b.Warning("a.csv", "utf-8")
	if en != b.WarningIn("a.csv", "utf-8", i18n.EN) {
		t.Errorf("WarningIn(EN) differs from Warning: %s", en)
	}
	want := "a.csv：2 个不是 UTF-8 的字节被替换为 U+FFFD，位于第 2、3、4、5、6、7、8、9、10、11 行等（另有 2 行）（这些行已保留；如果文件是其他编码，请用 --encoding 指定）"
	if got := b.WarningIn("a.csv", "utf-8", i18n.ZH); got != want {
		t.Errorf("replaced bytes in Chinese:\n got %s\nwant %s", got, want)
	}
	rep := &Report{Read: 3, Rejected: 3, Reasons: map[string]int{reasonWidth: 3}, Table: &Table{Name: "a.csv", Format: "csv", Delimiter: ';'}}
	ws := rep.WarningsIn(rfm.NoDate, i18n.ZH)
	if len(ws) != 2 || ws[0] != "没有使用任何行：读取的 3 行中，剔除 3 行，筛除 0 行，0 行晚于截止日期；用 --rejects FILE 可写出剔除的行及原因" ||
		ws[1] != `3 行（共 3 行）的字段数与表头不同：请检查分隔符（此处为 ";"，可用 --delimiter 指定）和数据中的引号` {
		t.Errorf("warnings in Chinese: %q", ws)
	}
	if en, l := rep.Warnings(rfm.NoDate), rep.WarningsIn(rfm.NoDate, i18n.EN); strings.Join(en, "\n") != strings.Join(l, "\n") {
		t.Errorf("WarningsIn(EN) %q differs from Warnings %q", l, en)
	}
}

// writeDir returns the directory before name in msg ("/tmp/x/"), which the
// tests leave out.
func writeDir(msg, name string) string {
	i := strings.Index(msg, name)
	if i < 0 {
		return ""
	}
	return msg[:i]
}

// englishWord returns the first run of two or more ASCII letters in s that
// is not a flag, a quoted value, a bracketed header list or a name the
// Chinese text keeps (CSV, XLSX, UTF-8…); "" when there is none.
func englishWord(s string) string {
	s = stripBetween(s, '"', '"')
	s = stripBetween(s, '[', ']')
	for _, f := range strings.FieldsFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r == '-' || r == '.' || r == '_')
	}) {
		if strings.HasPrefix(f, "-") || strings.Contains(f, ".") || len(f) < 2 {
			continue
		}
		switch f {
		case "CSV", "XLSX", "UTF", "GBK", "Excel", "FFFD", "U", "ID":
			continue
		}
		return f
	}
	return ""
}

// stripBetween removes every span from open to close.
func stripBetween(s string, open, close byte) string {
	var b strings.Builder
	in := false
	for i := 0; i < len(s); i++ {
		switch {
		case !in && s[i] == open:
			in = true
		case in && s[i] == close:
			in = false
		case !in:
			b.WriteByte(s[i])
		}
	}
	return b.String()
}

// TestXMLErrorInChinese reads a workbook whose workbook part is cut off.
func TestXMLErrorInChinese(t *testing.T) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("xl/workbook.xml")
	w.Write([]byte(`<workbook><sheets><sheet name="a"`))
	zw.Close()
	path := writeFile(t, "cut.xlsx", buf.Bytes())
	_, err := File{Path: path}.Open()
	if err == nil || !strings.HasSuffix(err.Error(), "cut.xlsx: xl/workbook.xml: XML syntax error on line 1: unexpected EOF") {
		t.Fatalf("got %v", err)
	}
	var se *xml.SyntaxError
	if !errors.As(err, &se) {
		t.Errorf("%v does not wrap the *xml.SyntaxError", err)
	}
	if zh := i18n.ZH.Error(err); !strings.HasSuffix(zh, "cut.xlsx：xl/workbook.xml: 第 1 行 XML 语法错误：文件意外结束") {
		t.Errorf("in Chinese: %s", zh)
	}
}
