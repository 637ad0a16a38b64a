// Package i18n is the tool's message catalog: every word the tool says to a
// person, in English and Chinese.
//
// English is the source language: a message's key is its English text, a
// fmt format, and the Chinese catalog (the zh_*.go files) maps each key to
// its translation, held in golang.org/x/text/message/catalog. The text is
// formatted by fmt, not by message.Printer, so that a number is written the
// same way in both languages and as it always was (1234, not 1,234).
//
// Errors that reach a person are made with Errorf or New: they keep their
// key and arguments, read in English through Error, and in another language
// through Lang.Error. A wrapped error is translated with the error that
// wraps it.
//
// The package imports nothing of the project; the core (rfm, segment) makes
// its errors with it and never chooses a language.
package i18n

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"golang.org/x/text/language"
)

// Lang is a language of the interface, of class names and of reports.
type Lang int

// The languages.
const (
	ZH Lang = iota
	EN
)

// Parse reads "zh" or "en", in any case.
func Parse(s string) (Lang, error) {
	switch strings.ToLower(s) {
	case "zh":
		return ZH, nil
	case "en":
		return EN, nil
	}
	return 0, Errorf("unknown language %q (want zh or en)", s)
}

// String is "zh" or "en".
func (l Lang) String() string { return l.Pick("zh", "en") }

// Pick returns zh or en by language.
func (l Lang) Pick(zh, en string) string {
	if l == EN {
		return en
	}
	return zh
}

// T returns the message key in l.
func (l Lang) T(key string) string {
	if l == EN {
		return key
	}
	return lookup(l, key)
}

// Tf formats the message key in l with args; an error among args is written
// in l too.
func (l Lang) Tf(key string, args ...any) string {
	return fmt.Sprintf(strings.ReplaceAll(l.T(key), "%w", "%v"), localArgs(l, args)...)
}

// Error returns err's message in l: errors made by this package and errors
// that know their translation (Localizer) in l, the file-system errors of
// package os with their operation and reason translated, and any other error
// as its text, translated when the catalog has that text.
func (l Lang) Error(err error) string {
	if err == nil {
		return ""
	}
	if lz, ok := err.(Localizer); ok {
		return lz.Localize(l)
	}
	if l == EN {
		return err.Error()
	}
	var pe *fs.PathError
	if errors.As(err, &pe) && pe == err {
		return l.Tf("%s %s: %v", Text(pe.Op), pe.Path, pe.Err)
	}
	var le *os.LinkError
	if errors.As(err, &le) && le == err {
		return l.Tf("%s %s %s: %v", Text(le.Op), le.Old, le.New, le.Err)
	}
	if s, ok := lookupOK(l, err.Error()); ok {
		return s
	}
	return err.Error()
}

// Join returns an error of every non-nil err, one per line, as errors.Join,
// each written in the language it is shown in.
func Join(errs ...error) error {
	j := errors.Join(errs...)
	if j == nil {
		return nil
	}
	return joinError{j.(interface{ Unwrap() []error }).Unwrap()}
}

type joinError struct{ errs []error }

func (e joinError) Error() string   { return e.Localize(EN) }
func (e joinError) Unwrap() []error { return e.errs }

func (e joinError) Localize(l Lang) string {
	lines := make([]string, len(e.errs))
	for i, err := range e.errs {
		lines[i] = l.Error(err)
	}
	return strings.Join(lines, "\n")
}

// Localizer is a value that knows its text in each language: an error or an
// argument of a message.
type Localizer interface {
	Localize(Lang) string
}

// Text is a word or phrase passed as an argument of a message: written in
// the message's language when the catalog has it.
type Text string

// Localize returns t in l.
func (t Text) Localize(l Lang) string { return l.T(string(t)) }

// String is t in English.
func (t Text) String() string { return string(t) }

// localArgs returns args with every error and Localizer written in l.
func localArgs(l Lang, args []any) []any {
	out := args
	for i, a := range args {
		var s string
		switch a := a.(type) {
		case Localizer:
			s = a.Localize(l)
		case error:
			s = l.Error(a)
		default:
			continue
		}
		if &out[0] == &args[0] {
			out = append([]any(nil), args...)
		}
		out[i] = s
	}
	return out
}

// Error is an error with a message key: its text is the key formatted with
// its arguments, in English through Error and in any language through
// Localize. Its %w arguments are wrapped as by fmt.Errorf.
type Error struct {
	key  string
	args []any
	err  error // fmt.Errorf's: the English text and the wrapped errors
}

// Errorf returns an error whose message is the key format with args, as
// fmt.Errorf, translated where it is shown.
func Errorf(key string, args ...any) error {
	en := append([]any(nil), args...)
	for i, a := range en {
		if t, ok := a.(Text); ok {
			en[i] = string(t)
		}
	}
	return &Error{key: key, args: args, err: fmt.Errorf(key, en...)}
}

// New returns an error whose message is the key, translated where it is
// shown.
func New(key string) error { return &Error{key: key, err: errors.New(key)} }

func (e *Error) Error() string { return e.err.Error() }

// Unwrap returns the errors given with %w.
func (e *Error) Unwrap() []error {
	switch u := e.err.(type) {
	case interface{ Unwrap() error }:
		if w := u.Unwrap(); w != nil {
			return []error{w}
		}
	case interface{ Unwrap() []error }:
		return u.Unwrap()
	}
	return nil
}

// Localize returns the message in l.
func (e *Error) Localize(l Lang) string {
	if l == EN && e.args == nil {
		return e.key
	}
	key := l.T(e.key)
	if e.args == nil {
		return key
	}
	return fmt.Sprintf(strings.ReplaceAll(key, "%w", "%v"), localArgs(l, e.args)...)
}

// Key is the message's key.
func (e *Error) Key() string { return e.key }

// FromLocale returns the language of the locale environment: the first of
// LC_ALL, LC_MESSAGES and LANG that is set decides, as POSIX orders them;
// Chinese (zh, zh_CN.UTF-8, zh_TW, zh-Hans, …) is ZH, any other locale EN.
// ok is false when none is set; on Windows the user's locale is asked then.
func FromLocale(getenv func(string) string) (l Lang, ok bool) {
	for _, k := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if v := getenv(k); v != "" {
			return localeLang(v), true
		}
	}
	if v := systemLocale(); v != "" {
		return localeLang(v), true
	}
	return EN, false
}

// localeLang reads a POSIX locale name (language[_territory][.codeset][@modifier])
// or a BCP 47 tag.
func localeLang(v string) Lang {
	if i := strings.IndexAny(v, ".@"); i >= 0 {
		v = v[:i]
	}
	if v == "" || v == "C" || v == "POSIX" {
		return EN
	}
	tag, err := language.Parse(strings.ReplaceAll(v, "_", "-"))
	if err != nil {
		return EN
	}
	if base, _ := tag.Base(); base == zhBase {
		return ZH
	}
	return EN
}

var zhBase, _ = language.Chinese.Base()
