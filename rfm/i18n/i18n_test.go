package i18n

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"testing"
)

func TestErrorfKeepsEnglishAndWraps(t *testing.T) {
	inner := New("not a date")
	err := Errorf("column %q: %w", "日期", inner)
	if got, want := err.Error(), fmt.Errorf("column %q: %w", "日期", errors.New("not a date")).Error(); got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	if !errors.Is(err, inner) {
		t.Error("errors.Is does not find the %w argument")
	}
	if got := EN.Error(err); got != err.Error() {
		t.Errorf("EN.Error = %q, want the English text %q", got, err.Error())
	}
}

func TestLocalizeTranslatesTheChain(t *testing.T) {
	register(map[string]string{"test: column %q: %w": "测试：列 %q：%w", "test: not a date": "测试：不是日期"})
	err := Errorf("test: column %q: %w", "日期", New("test: not a date"))
	if got, want := ZH.Error(err), `测试：列 "日期"：测试：不是日期`; got != want {
		t.Errorf("ZH.Error = %q, want %q", got, want)
	}
	// A wrapper from fmt keeps its own (English) text; the catalog is asked
	// for the whole text.
	if got := ZH.Error(fmt.Errorf("x: %w", err)); got != `x: test: column "日期": test: not a date` {
		t.Errorf("fmt wrapper: %q", got)
	}
}

func TestPathErrorInChinese(t *testing.T) {
	_, err := os.Open("/no/such/file.csv")
	var pe *fs.PathError
	if !errors.As(err, &pe) {
		t.Fatalf("want a PathError, got %v", err)
	}
	if got, want := ZH.Error(err), "打开 /no/such/file.csv：文件或文件夹不存在"; got != want {
		t.Errorf("ZH.Error = %q, want %q", got, want)
	}
	if got := EN.Error(err); got != err.Error() {
		t.Errorf("EN.Error = %q", got)
	}
	// Wrapped in a message of the catalog, the reason is translated too.
	if got, want := ZH.Tf("%s %s: %v", Text("read"), "x", err), "读取 x：打开 /no/such/file.csv：文件或文件夹不存在"; got != want {
		t.Errorf("Tf = %q, want %q", got, want)
	}
}

func TestFromLocale(t *testing.T) {
	for _, c := range []struct {
		env  map[string]string
		want Lang
		ok   bool
	}{
		{map[string]string{"LANG": "zh_CN.UTF-8"}, ZH, true},
		{map[string]string{"LANG": "zh_TW.Big5"}, ZH, true},
		{map[string]string{"LANG": "zh-Hans"}, ZH, true},
		{map[string]string{"LANG": "zh"}, ZH, true},
		{map[string]string{"LANG": "C"}, EN, true},
		{map[string]string{"LANG": "C.UTF-8"}, EN, true},
		{map[string]string{"LANG": "POSIX"}, EN, true},
		{map[string]string{"LANG": "en_US.UTF-8"}, EN, true},
		{map[string]string{"LANG": "de_DE@euro"}, EN, true},
		{map[string]string{"LANG": "zh_CN.UTF-8", "LC_MESSAGES": "C"}, EN, true},
		{map[string]string{"LANG": "C", "LC_MESSAGES": "zh_CN.GB18030"}, ZH, true},
		{map[string]string{"LC_ALL": "en_US.UTF-8", "LC_MESSAGES": "zh_CN.UTF-8"}, EN, true},
		{map[string]string{"LC_ALL": "zh_SG.UTF-8", "LANG": "C"}, ZH, true},
		{map[string]string{"LANG": "not a locale!"}, EN, true},
	} {
		got, ok := FromLocale(func(k string) string { return c.env[k] })
		if got != c.want || ok != c.ok {
			t.Errorf("%v: got %v %v, want %v %v", c.env, got, ok, c.want, c.ok)
		}
	}
}

func TestMissingIsReported(t *testing.T) {
	var missed []string
	SetMissing(func(k string) { missed = append(missed, k) })
	defer SetMissing(nil)
	ZH.T("no such message in the catalog")
	ZH.T("%s: %v")
	if len(missed) != 1 || missed[0] != "no such message in the catalog" {
		t.Errorf("missed = %q", missed)
	}
}

func TestParse(t *testing.T) {
	for s, want := range map[string]Lang{"zh": ZH, "ZH": ZH, "en": EN, "En": EN} {
		if got, err := Parse(s); err != nil || got != want {
			t.Errorf("Parse(%q) = %v, %v", s, got, err)
		}
	}
	_, err := Parse("fr")
	if got, want := ZH.Error(err), `未知语言 "fr"（可用 zh 或 en）`; got != want {
		t.Errorf("ZH: %q, want %q", got, want)
	}
	if got, want := err.Error(), `unknown language "fr" (want zh or en)`; got != want {
		t.Errorf("EN: %q, want %q", got, want)
	}
}

// TestCatalogCompiles builds the whole Chinese catalog: a translation that
// x/text cannot compile (such as one with ${…}) fails here, not at a user's
// first Chinese message.
func TestCatalogCompiles(t *testing.T) {
	defer func() {
		if r := recover(); r != nil {
			t.Fatal(r)
		}
	}()
	builder()
	if got := ZH.T("open"); got != "打开" {
		t.Errorf("ZH.T(open) = %q", got)
	}
}

func TestJoin(t *testing.T) {
	register(map[string]string{"test: fit one failed": "测试：第一个拟合失败"})
	err := Join(New("test: fit one failed"), nil, fmt.Errorf("plain"))
	if got, want := err.Error(), errors.Join(errors.New("test: fit one failed"), errors.New("plain")).Error(); got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	if got, want := ZH.Error(err), "测试：第一个拟合失败\nplain"; got != want {
		t.Errorf("ZH = %q, want %q", got, want)
	}
	if Join(nil, nil) != nil {
		t.Error("Join of nils is not nil")
	}
}
