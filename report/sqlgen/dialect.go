package sqlgen

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/rfmtool/rfm/rfm/i18n"
)

// Dialect is the SQL engine a statement is written for.
type Dialect int

// The dialects.
const (
	Postgres Dialect = iota
	DuckDB
	BigQuery
	Spark
)

var dialectNames = [...]string{"postgres", "duckdb", "bigquery", "spark"}

// Dialects lists every dialect, in the order of their names in help texts.
var Dialects = []Dialect{Postgres, DuckDB, BigQuery, Spark}

// String returns the dialect's name as --dialect takes it.
func (d Dialect) String() string {
	if d < 0 || int(d) >= len(dialectNames) {
		return fmt.Sprintf("Dialect(%d)", int(d))
	}
	return dialectNames[d]
}

// ParseDialect reads a dialect name: postgres, duckdb, bigquery or spark.
func ParseDialect(s string) (Dialect, error) {
	for i, n := range dialectNames {
		if strings.EqualFold(s, n) {
			return Dialect(i), nil
		}
	}
	return 0, i18n.Errorf("unknown dialect %q (want postgres, duckdb, bigquery or spark)", s)
}

func (d Dialect) valid() bool { return d >= Postgres && d <= Spark }

// title is the engine's name as it is written in prose.
func (d Dialect) title() string {
	return [...]string{"PostgreSQL", "DuckDB", "BigQuery", "Spark SQL"}[d]
}

// ident quotes one identifier.
func (d Dialect) ident(name string) string {
	switch d {
	case BigQuery:
		return "`" + strings.NewReplacer(`\`, `\\`, "`", "\\`").Replace(name) + "`"
	case Spark:
		return "`" + strings.ReplaceAll(name, "`", "``") + "`"
	}
	return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
}

// str writes a string literal.
func (d Dialect) str(s string) string {
	switch d {
	case BigQuery, Spark:
		var b strings.Builder
		b.WriteByte('\'')
		for _, r := range s {
			switch r {
			case '\\':
				b.WriteString(`\\`)
			case '\'':
				b.WriteString(`\'`)
			case '\n':
				b.WriteString(`\n`)
			case '\r':
				b.WriteString(`\r`)
			case '\t':
				b.WriteString(`\t`)
			default:
				if r < 0x20 || r == 0x7f {
					fmt.Fprintf(&b, `\u%04X`, r)
				} else {
					b.WriteRune(r)
				}
			}
		}
		b.WriteByte('\'')
		return b.String()
	}
	if d == Postgres {
		// An escape string reads the same whatever standard_conforming_strings
		// says: backslashes and quotes are escaped.
		if !strings.ContainsAny(s, `'\`) {
			return "'" + s + "'"
		}
		return "E'" + strings.NewReplacer(`\`, `\\`, "'", `\'`).Replace(s) + "'"
	}
	// DuckDB reads backslashes literally, with no setting to change it; a
	// quote is doubled.
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}

// trimChars are the runes `rfm score` trims from both ends of ids: Unicode
// white space as Go's unicode.IsSpace defines it, and U+FEFF, in ascending
// order. They are read from unicode.White_Space, the table IsSpace consults,
// rather than by testing every code point, which cost every start of the
// command 10 ms.
var trimChars = func() []rune {
	var rs []rune
	for _, r := range unicode.White_Space.R16 {
		for c := rune(r.Lo); c <= rune(r.Hi); c += rune(r.Stride) {
			rs = append(rs, c)
		}
	}
	for _, r := range unicode.White_Space.R32 {
		for c := rune(r.Lo); c <= rune(r.Hi); c += rune(r.Stride) {
			rs = append(rs, c)
		}
	}
	rs = slices.DeleteFunc(rs, func(c rune) bool { return !unicode.IsSpace(c) })
	rs = append(rs, '\uFEFF')
	slices.Sort(rs)
	return slices.Compact(rs)
}()

// trimSet writes the literal that holds trimChars.
func (d Dialect) trimSet() string {
	var b strings.Builder
	switch d {
	case DuckDB:
		// DuckDB's string literals have no \u escape: build it from code points.
		for i, r := range trimChars {
			if i > 0 {
				b.WriteString(" || ")
			}
			fmt.Fprintf(&b, "CHR(%d)", r)
		}
		return b.String()
	case Postgres:
		b.WriteString("E'")
	default:
		b.WriteString("'")
	}
	for _, r := range trimChars {
		fmt.Fprintf(&b, `\u%04X`, r)
	}
	b.WriteString("'")
	return b.String()
}

// trim removes the characters of set from both ends of s.
func (d Dialect) trim(s, set string) string {
	switch d {
	case Postgres:
		return "BTRIM(" + s + ", " + set + ")"
	case Spark:
		return "TRIM(BOTH " + set + " FROM " + s + ")"
	}
	return "TRIM(" + s + ", " + set + ")"
}

func (d Dialect) textType() string {
	return [...]string{"TEXT", "VARCHAR", "STRING", "STRING"}[d]
}

func (d Dialect) intType() string {
	if d == BigQuery {
		return "INT64"
	}
	return "BIGINT"
}

// exactType is the exact decimal type amounts are read as. PostgreSQL's
// NUMERIC keeps every digit; the others have a fixed scale of 9 decimals,
// which also turns a FLOAT amount such as 12.34 back into the decimal it
// was written as.
func (d Dialect) exactType() string {
	return [...]string{"NUMERIC", "DECIMAL(38, 9)", "NUMERIC", "DECIMAL(38, 9)"}[d]
}

func (d Dialect) cast(x, typ string) string { return "CAST(" + x + " AS " + typ + ")" }

// div is integer division of non-negative integers. In PostgreSQL both
// operands must be integer typed: SUM of a BIGINT is NUMERIC there, so sums
// that are divided are cast back.
func (d Dialect) div(a, b string) string {
	switch d {
	case Postgres:
		return a + " / " + b // both operands are integers
	case DuckDB:
		return a + " // " + b
	case BigQuery:
		return "DIV(" + a + ", " + b + ")"
	}
	return a + " DIV " + b
}

// mod is the remainder of non-negative integers.
func (d Dialect) mod(a, b string) string {
	if d == DuckDB {
		return a + " % " + b
	}
	return "MOD(" + a + ", " + b + ")"
}

func (d Dialect) dateLit(s string) string { return "DATE '" + s + "'" }

// nextDay is the day after date x.
func (d Dialect) nextDay(x string) string {
	switch d {
	case BigQuery:
		return "DATE_ADD(" + x + ", INTERVAL 1 DAY)"
	case Spark:
		return "DATE_ADD(" + x + ", 1)"
	}
	return x + " + 1"
}

// daysBetween is the number of days from date a to date b.
func (d Dialect) daysBetween(a, b string) string {
	switch d {
	case DuckDB:
		return "DATE_DIFF('day', " + a + ", " + b + ")"
	case BigQuery:
		return "DATE_DIFF(" + b + ", " + a + ", DAY)"
	case Spark:
		return "DATEDIFF(" + b + ", " + a + ")"
	}
	return b + " - " + a
}

// isoDate formats a date as YYYY-MM-DD. PostgreSQL's text form follows the
// DateStyle setting, so it is spelled out there.
func (d Dialect) isoDate(x string) string {
	if d == Postgres {
		return "TO_CHAR(" + x + ", 'YYYY-MM-DD')"
	}
	return d.cast(x, d.textType())
}

// byteOrder makes a text expression compare and sort by its bytes, whatever
// the column's or the session's collation: GROUP BY, COUNT(DISTINCT …),
// window and final ORDER BY all follow it. BigQuery and Spark compare strings
// by their UTF-8 bytes (code points) unless a collation is asked for, and
// have no portable way to turn one off, so there it is left as it is.
func (d Dialect) byteOrder(x string) string {
	switch d {
	case Postgres:
		return x + ` COLLATE "C"`
	case DuckDB:
		return x + " COLLATE C"
	}
	return x
}

// quoteMark is a literal holding a single quote.
func (d Dialect) quoteMark() string { return d.str("'") }

func itoa(i int) string { return strconv.Itoa(i) }
