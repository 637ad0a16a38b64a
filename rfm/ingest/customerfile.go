package ingest

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/rfmtool/rfm/rfm/i18n"
)

// CustomerListOptions says how to read a customer file (rfm score
// --customers, SPEC §9): a table of customers with their contact data, one
// row per customer, joined to the transactions on the customer id.
type CustomerListOptions struct {
	// IDColumn names the id column; "" finds it among the customer header
	// synonyms of SPEC §1, as for transactions.
	IDColumn string
	// IDFlag is the flag that names the id column, for messages.
	IDFlag string
	// Keep lists the columns wanted (rfm score --keep). A name the file does
	// not have is not an error here: it may be a transaction column.
	Keep []string
	// Strict stops at the first bad row.
	Strict bool
}

// CustomerList is a customer file as read: its customers in file order,
// each id once, and the rows left out.
type CustomerList struct {
	Table *Table
	// ID is the id column as chosen.
	ID Choice
	// Keep[k] is the header, as written, of CustomerListOptions.Keep[k], or
	// "" when the file has no such column.
	Keep []string
	Rows []CustomerListRow
	// Read counts the data rows; Read = len(Rows) + len(Rejects).
	Read    int
	Rejects []Reject
}

// CustomerListRow is one customer of a customer file.
type CustomerListRow struct {
	// ID is the trimmed customer id (SPEC §1).
	ID string
	// Kept[k] is the trimmed value of CustomerListOptions.Keep[k]; "" when
	// the file lacks the column.
	Kept []string
	Line int
}

// ReadCustomerList reads a customer file through the same table reader as
// transactions (CSV in any encoding and delimiter the tool detects, or
// XLSX). Each data row is rejected, with its line and reason, when it has
// the wrong number of fields, an empty id, or an id already seen (the second
// time); every other row is a customer.
func ReadCustomerList(ctx context.Context, src Source, opt CustomerListOptions) (*CustomerList, error) {
	t, err := src.Open()
	if err != nil {
		return nil, err
	}
	defer t.Close()
	defer context.AfterFunc(ctx, func() { t.Close() })()
	fail := func(line int, col string, err error) error {
		return &ParseError{File: t.Name, Sheet: t.Sheet, Line: line, Column: col, Err: err}
	}
	id, err := customerColumn(t.Header, opt)
	if err != nil {
		return nil, fail(t.HeaderLine, "", err)
	}
	l := &CustomerList{Table: t, ID: id, Keep: make([]string, len(opt.Keep))}
	normed := make([]string, len(t.Header))
	for i, h := range t.Header {
		normed[i] = NormalizeHeader(h)
	}
	keep := make([]int, len(opt.Keep))
	for k, name := range opt.Keep {
		keep[k] = -1
		if i, err := lookup(t.Header, normed, name); err == nil {
			keep[k], l.Keep[k] = i, t.Header[i]
		}
	}
	first := map[string]int{}
	reject := func(r Reject) error {
		if opt.Strict {
			return fail(r.Line, r.Column, ReasonError(r.Reason))
		}
		l.Rejects = append(l.Rejects, r)
		return nil
	}
	for {
		fields, line, err := t.Records.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			var re *RecordError
			if !errors.As(err, &re) {
				if ctx.Err() != nil {
					return nil, ctx.Err()
				}
				return nil, fail(line, "", err)
			}
			l.Read++
			if err := reject(Reject{Line: re.Line, Fields: strs(re.Fields), Reason: re.Reason}); err != nil {
				return nil, err
			}
			continue
		}
		l.Read++
		bad := func(reason, col string) error {
			return reject(Reject{Line: line, Fields: strs(fields), Reason: reason, Column: col})
		}
		if len(fields) != len(t.Header) {
			if err := bad(fmt.Sprintf("wrong number of fields: %d, want %d", len(fields), len(t.Header)), ""); err != nil {
				return nil, err
			}
			continue
		}
		cid := string(trimSpace(fields[id.Index]))
		switch at, seen := first[cid]; {
		case cid == "":
			err = bad("empty customer id", id.Header)
		case seen:
			err = bad(fmt.Sprintf("duplicate customer id: %q (first on line %d)", cid, at), id.Header)
		default:
			first[cid] = line
			row := CustomerListRow{ID: cid, Line: line, Kept: make([]string, len(keep))}
			for k, i := range keep {
				if i >= 0 {
					row.Kept[k] = string(trimSpace(fields[i]))
				}
			}
			l.Rows = append(l.Rows, row)
		}
		if err != nil {
			return nil, err
		}
	}
	return l, nil
}

// customerColumn finds a customer file's id column: by name, or the first
// customer header synonym of SPEC §1 present.
func customerColumn(header []string, opt CustomerListOptions) (Choice, error) {
	normed := make([]string, len(header))
	for i, h := range header {
		normed[i] = NormalizeHeader(h)
	}
	ch := Choice{Role: RoleCustomer, Index: -1}
	if opt.IDColumn != "" {
		i, err := lookup(header, normed, opt.IDColumn)
		if err != nil {
			return ch, i18n.Errorf("%s %q: %w", opt.IDFlag, opt.IDColumn, err)
		}
		ch.Index, ch.Header, ch.ByFlag = i, header[i], true
		return ch, nil
	}
	for _, syn := range synonyms[RoleCustomer] {
		want := NormalizeHeader(syn)
		for i, n := range normed {
			if n != want || i == ch.Index {
				continue
			}
			if ch.Index < 0 {
				ch.Index, ch.Header = i, header[i]
				continue
			}
			if normed[ch.Index] == n {
				return ch, i18n.Errorf("two columns are headed %q (columns %d and %d); name the id column with %s", header[i], ch.Index+1, i+1, opt.IDFlag)
			}
			if !contains(ch.Others, header[i]) {
				ch.Others = append(ch.Others, header[i])
			}
		}
	}
	if ch.Index < 0 {
		return ch, i18n.Errorf("no customer column among [%s]; name it with %s%s", headerList(header), opt.IDFlag, delimiterHint(header))
	}
	return ch, nil
}

// FindColumn returns the index of the column named name: by its header as
// written, else by its normalised header (NormalizeHeader), as --keep and
// the column flags find columns.
func FindColumn(header []string, name string) (int, error) {
	normed := make([]string, len(header))
	for i, h := range header {
		normed[i] = NormalizeHeader(h)
	}
	return lookup(header, normed, name)
}
