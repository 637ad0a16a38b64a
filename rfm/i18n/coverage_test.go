package i18n

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// messageCalls name the functions whose first argument is a message key:
// the package's own and the command's helpers that print a message.
var messageCalls = map[string]int{
	"Errorf": 0, "New": 0, "Text": 0, // i18n.Errorf, i18n.New, i18n.Text
	"T": 0, "Tf": 0, // Lang.T, Lang.Tf
	"usagef": 0, "notef": 0, "publishf": 0, // cmd/rfm
}

// flagCalls name pflag's registrations and the command's own, with the
// index of the usage argument from the end (1: the last).
var flagCalls = map[string]int{
	"StringVar": 1, "StringVarP": 1, "BoolVar": 1, "BoolVarP": 1, "IntVar": 1, "IntVarP": 1,
	"StringArrayVar": 1, "StringSliceVar": 1, "Float64Var": 1, "DurationVar": 1, "Var": 1, "VarP": 1,
	"Int64Var": 1, "UintVar": 1, "CountVarP": 1,
	"addFlag": 2, // addFlag(f, p, name, def, usage, parse)
}

// sourceKeys returns every message key written as a literal in the
// project's non-test Go files, with where it is.
func sourceKeys(t *testing.T) map[string]string {
	t.Helper()
	root := filepath.Join("..", "..")
	keys := map[string]string{}
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		if d.IsDir() {
			switch rel {
			case filepath.Join("rfm", "i18n"), filepath.Join("cmd", "rfmgen"), "testdata", ".git":
				return filepath.SkipDir
			}
			if d.Name() == "testdata" || strings.HasSuffix(rel, "duckdbtest") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		add := func(e ast.Expr) {
			if s, ok := literal(e); ok && hasWord(s) {
				if _, seen := keys[s]; !seen {
					keys[s] = fset.Position(e.Pos()).String()
				}
			}
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CallExpr:
				name := ""
				switch fn := n.Fun.(type) {
				case *ast.Ident:
					name = fn.Name
				case *ast.SelectorExpr:
					name = fn.Sel.Name
					if x, ok := fn.X.(*ast.Ident); ok && (name == "Errorf" || name == "New" || name == "Text") && x.Name != "i18n" {
						return true
					}
				}
				if i, ok := messageCalls[name]; ok && len(n.Args) > i {
					add(n.Args[i])
				}
				if i, ok := flagCalls[name]; ok && len(n.Args) >= i {
					add(n.Args[len(n.Args)-i])
				}
			case *ast.CompositeLit:
				if sel, ok := n.Type.(*ast.SelectorExpr); ok && sel.Sel.Name == "Command" {
					for _, el := range n.Elts {
						if kv, ok := el.(*ast.KeyValueExpr); ok {
							if k, ok := kv.Key.(*ast.Ident); ok && (k.Name == "Short" || k.Name == "Long" || k.Name == "Example") {
								add(kv.Value)
							}
						}
					}
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return keys
}

// literal returns the value of a string literal or a sum of them.
func literal(e ast.Expr) (string, bool) {
	switch e := e.(type) {
	case *ast.BasicLit:
		if e.Kind != token.STRING {
			return "", false
		}
		s, err := strconv.Unquote(e.Value)
		return s, err == nil
	case *ast.BinaryExpr:
		if e.Op != token.ADD {
			return "", false
		}
		a, ok1 := literal(e.X)
		b, ok2 := literal(e.Y)
		return a + b, ok1 && ok2
	case *ast.ParenExpr:
		return literal(e.X)
	}
	return "", false
}

// TestCatalogCoversSource fails for every message key in the source that
// the Chinese catalog lacks.
func TestCatalogCoversSource(t *testing.T) {
	have := Keys()
	var missing []string
	for k, where := range sourceKeys(t) {
		if _, ok := have[k]; !ok {
			missing = append(missing, where+": "+strconv.Quote(k))
		}
	}
	sort.Strings(missing)
	for _, m := range missing {
		t.Errorf("no Chinese translation: %s", m)
	}
	if len(missing) > 0 {
		t.Logf("%d keys lack a translation", len(missing))
	}
}

// TestTranslationsKeepVerbs fails when a translation's format verbs differ
// from its key's: the arguments would be printed in the wrong places.
func TestTranslationsKeepVerbs(t *testing.T) {
	for k, v := range Keys() {
		if a, b := verbs(k), verbs(v); a != b {
			t.Errorf("%q → %q: verbs %s, want %s", k, v, b, a)
		}
	}
}

// verbs lists the fmt verbs of s, sorted (%w counts as %v): a translation
// may reorder its arguments with %[n]s. A % that starts no verb (the "90%
// intervals" of a help text, which is not a format) is not counted.
func verbs(s string) string {
	var b []string
	for i := 0; i < len(s); i++ {
		if s[i] != '%' {
			continue
		}
		j := i + 1
		for j < len(s) && strings.IndexByte("+-# 0123456789.[]*", s[j]) >= 0 {
			j++
		}
		if j < len(s) && strings.IndexByte("vTtbcdoOqxXUeEfFgGspw%", s[j]) >= 0 {
			c := s[j]
			if c == 'w' {
				c = 'v'
			}
			v := s[i+1 : j]
			if k := strings.IndexByte(v, ']'); k >= 0 {
				v = v[k+1:]
			}
			b = append(b, v+string(c))
		}
		i = j
	}
	sort.Strings(b)
	return strings.Join(b, " ")
}
