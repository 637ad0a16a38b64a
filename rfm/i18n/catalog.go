package i18n

import (
	"fmt"
	"strings"
	"sync"
	"sync/atomic"

	"golang.org/x/text/language"
	"golang.org/x/text/message/catalog"
)

// builder returns the translations, English keys to Chinese text, in
// x/text's catalog. It is compiled on the first Chinese lookup: compiling a
// thousand messages costs a few milliseconds that an English run need not
// pay.
func builder() *catalog.Builder {
	compileOnce.Do(func() {
		keysMu.Lock()
		defer keysMu.Unlock()
		b := catalog.NewBuilder(catalog.Fallback(language.English))
		for k, v := range keys {
			set(b, k, v)
		}
		compiled = b
	})
	return compiled
}

var (
	compileOnce sync.Once
	compiled    *catalog.Builder // set once, under keysMu
)

func set(b *catalog.Builder, k, v string) {
	if err := b.SetString(language.Chinese, k, v); err != nil {
		panic(fmt.Sprintf("i18n: key %q: %v", k, err))
	}
}

// keys records every registered key and where, to find a key given two
// different translations.
var (
	keysMu sync.Mutex
	keys   = map[string]string{}
)

// register adds a part of the Chinese catalog; each zh_*.go file registers
// its part from init. A key registered twice with different translations
// panics: the catalog would depend on the order of files.
func register(zh map[string]string) {
	keysMu.Lock()
	defer keysMu.Unlock()
	for k, v := range zh {
		if old, ok := keys[k]; ok && old != v {
			panic(fmt.Sprintf("i18n: key %q translated twice: %q and %q", k, old, v))
		}
		keys[k] = v
		if compiled != nil {
			set(compiled, k, v) // registered after the first lookup (tests)
		}
	}
}

// missing, when set, is called with every key that has no translation in the
// language asked for.
var missing atomic.Pointer[func(key string)]

// SetMissing makes f be called with every key looked up without a
// translation (nil: none); tests set it to fail on an untranslated message.
func SetMissing(f func(key string)) {
	if f == nil {
		missing.Store(nil)
		return
	}
	missing.Store(&f)
}

// Keys returns the Chinese catalog: every key and its translation.
func Keys() map[string]string {
	keysMu.Lock()
	defer keysMu.Unlock()
	m := make(map[string]string, len(keys))
	for k, v := range keys {
		m[k] = v
	}
	return m
}

// lookup returns key in l, or key itself (English) when the catalog has no
// translation.
func lookup(l Lang, key string) string {
	if s, ok := lookupOK(l, key); ok {
		return s
	}
	if f := missing.Load(); f != nil && key != "" && hasWord(key) {
		(*f)(key)
	}
	return key
}

func lookupOK(l Lang, key string) (string, bool) {
	if l == EN {
		return key, true
	}
	var r text
	if err := builder().Context(language.Chinese, &r).Execute(key); err != nil {
		return "", false
	}
	return r.String(), true
}

// hasWord reports whether s has a letter, so that a key of digits and signs
// ("%s: %v") needs no translation.
func hasWord(s string) bool {
	s = strings.NewReplacer("%s", "", "%v", "", "%d", "", "%q", "", "%w", "").Replace(s)
	for _, r := range s {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' {
			return true
		}
	}
	return false
}

// text collects a message's text; the catalog calls Render with it.
type text struct{ strings.Builder }

func (t *text) Render(s string) { t.WriteString(s) }
func (t *text) Arg(int) any     { return nil }
