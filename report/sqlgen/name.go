package sqlgen

import (
	"strings"
	"unicode"

	"github.com/rfmtool/rfm/rfm/i18n"
)

// Source returns the FROM source of the statement: a table name quoted part by
// part, or a subquery written as the user gave it.
//
// A name is parts separated by dots; each part is plain text or a quoted
// identifier ("…" with "" for a quote, or `…` with “ for a backtick). A
// quoted part is read and quoted again in the dialect's own way, so no quote
// the user writes can end an identifier early. A subquery is accepted only
// when it is one balanced parenthesised expression with nothing after it: no
// statement separator and no comment outside its string literals and quoted
// identifiers.
func (d Dialect) Source(t string) (string, error) {
	t = strings.TrimSpace(t)
	if t == "" {
		return "", i18n.New("no table: name one with --table")
	}
	if strings.HasPrefix(t, "(") {
		if err := d.checkSubquery(t); err != nil {
			return "", i18n.Errorf("--table %s: %w", t, err)
		}
		return t, nil
	}
	parts, err := nameParts(t)
	if err != nil {
		return "", i18n.Errorf("--table %q: %w", t, err)
	}
	for i, p := range parts {
		parts[i] = d.ident(p)
	}
	return strings.Join(parts, "."), nil
}

// nameParts reads a dotted name into its parts, unquoted.
func nameParts(t string) ([]string, error) {
	var parts []string
	for i := 0; ; {
		var part string
		switch {
		case i < len(t) && (t[i] == '"' || t[i] == '`'):
			q := t[i]
			var b strings.Builder
			j := i + 1
			for ; ; j++ {
				if j >= len(t) {
					return nil, i18n.Errorf("a quoted part is not closed with %c", q)
				}
				if t[j] == q {
					if j+1 < len(t) && t[j+1] == q {
						b.WriteByte(q)
						j++
						continue
					}
					break
				}
				b.WriteByte(t[j])
			}
			part, i = b.String(), j+1
		default:
			j := i
			for j < len(t) && t[j] != '.' {
				if strings.IndexByte("\"`'\\;()", t[j]) >= 0 {
					return nil, i18n.Errorf("%c inside a name part: quote the part (\"…\") or give a (subquery)", t[j])
				}
				j++
			}
			part, i = t[i:j], j
		}
		if strings.TrimSpace(part) == "" {
			return nil, i18n.New("a part of the name is empty")
		}
		if strings.ContainsFunc(part, unicode.IsControl) {
			return nil, i18n.New("a control character in the name")
		}
		parts = append(parts, part)
		if i == len(t) {
			return parts, nil
		}
		if t[i] != '.' {
			return nil, i18n.Errorf("%q after a quoted part: parts are separated by dots", t[i:])
		}
		i++
		if i == len(t) {
			return nil, i18n.New("the name ends with a dot")
		}
	}
}

// checkSubquery checks that s is "(" … ")" with balanced parentheses, the
// first closing the last, outside string literals, quoted identifiers; and
// with no ";" and no comment outside them.
func (d Dialect) checkSubquery(s string) error {
	depth := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\'' || c == '"' || c == '`':
			end, err := d.skipQuoted(s, i)
			if err != nil {
				return err
			}
			i = end
		case c == '(':
			depth++
		case c == ')':
			depth--
			if depth < 0 {
				return i18n.New("a ) without its (")
			}
			if depth == 0 && strings.TrimSpace(s[i+1:]) != "" {
				return i18n.Errorf("%q after the subquery's closing parenthesis", strings.TrimSpace(s[i+1:]))
			}
		case c == ';':
			return i18n.New("a ; inside the subquery: give one query")
		case c == '$' && (d == Postgres || d == DuckDB):
			return i18n.New("a $ outside a '…' literal (dollar quoting or a parameter) in the subquery")
		case c == '-' && i+1 < len(s) && s[i+1] == '-',
			c == '/' && i+1 < len(s) && s[i+1] == '*',
			c == '#' && d == BigQuery:
			return i18n.New("a comment inside the subquery")
		}
	}
	if depth != 0 {
		return i18n.New("the subquery's parentheses do not balance")
	}
	return nil
}

// skipQuoted returns the index of the quote that closes the literal or
// quoted identifier opening at s[i]: the quote doubled stands for itself, and
// where the dialect reads backslash escapes in it, a backslash escapes the
// next byte. PostgreSQL's E'…' strings read backslashes too.
func (d Dialect) skipQuoted(s string, i int) (int, error) {
	q := s[i]
	backslash := d == BigQuery || (d == Spark && q != '`') ||
		(d == Postgres && q == '\'' && i > 0 && (s[i-1] == 'E' || s[i-1] == 'e') &&
			(i == 1 || !isIdentByte(s[i-2])))
	ambiguous := d == Postgres && q == '\'' && !backslash
	for j := i + 1; j < len(s); j++ {
		switch {
		case ambiguous && s[j] == '\\':
			// The server's standard_conforming_strings decides what it means.
			return 0, i18n.New(`a backslash in a '…' literal: write it as E'…' with \\ for a backslash`)
		case backslash && s[j] == '\\':
			j++
		case s[j] == q:
			if j+1 < len(s) && s[j+1] == q {
				j++
				continue
			}
			return j, nil
		}
	}
	return 0, i18n.Errorf("a %c is not closed", q)
}

// isIdentByte reports whether c can be part of an unquoted identifier.
func isIdentByte(c byte) bool {
	return c == '_' || c == '$' || c >= 0x80 || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}
