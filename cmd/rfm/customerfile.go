package main

import (
	"context"
	"slices"
	"strings"

	"github.com/spf13/pflag"

	"github.com/rfmtool/rfm/report"
	"github.com/rfmtool/rfm/rfm"
	"github.com/rfmtool/rfm/rfm/i18n"
	"github.com/rfmtool/rfm/rfm/ingest"
)

// customerFileFlags are rfm score's --customers and --customers-id-col
// (SPEC §9): a customer file joined to the transactions on the customer id.
type customerFileFlags struct {
	customers      string
	customersID    string
	customersSheet string

	// Set by readCustomerFile.
	list     *ingest.CustomerList
	keptFrom []keptFrom
}

// keptFrom says where a --keep column's values come from: the
// transactions' kept column tx and the customer file's kept column cf (−1
// for none), and the header the output writes.
type keptFrom struct {
	tx, cf int
	header string
}

// maxCustomerFileNotes bounds the customer file's rejected rows named on
// standard error.
const maxCustomerFileNotes = 10

func addCustomerFileFlags(f *pflag.FlagSet, c *customerFileFlags) {
	f.StringVar(&c.customers, "customers", "", "join a customer `FILE` (CSV or XLSX) on the customer id: --keep may name its columns; its customers without a purchase are listed as prospects")
	f.StringVar(&c.customersID, "customers-id-col", "", "--customers: the customer file's id `column` (default: recognised header)")
	f.StringVar(&c.customersSheet, "customers-sheet", "", "--customers: the XLSX sheet `name or number` (default: the first)")
}

// validateCustomerFile checks the flags before any file is read.
func (c *customerFileFlags) validateCustomerFile(input string) error {
	if c.customers == "" {
		if c.customersID != "" || c.customersSheet != "" {
			return usagef("--customers-id-col and --customers-sheet need --customers")
		}
		return nil
	}
	if c.customers == "-" {
		return usagef("--customers needs a file: standard input can only hold the transactions")
	}
	if input != "-" && samePath(input, c.customers) {
		return usagef("--customers %s is the transaction file itself; give the customer table", c.customers)
	}
	return nil
}

// readCustomerFile reads the customer file, before the transactions, and
// splits --keep between the two: a column the transactions have keeps SPEC
// §1's rule there (and the customer file's non-empty value wins over it); a
// column only the customer file has comes from it; a column neither has is
// an error. The transactions are then read with their share of --keep, and
// with the per-customer state that tells a customer with a purchase row.
func (o *scoreOptions) readCustomerFile(ctx context.Context) error {
	if o.customers == "" {
		return nil
	}
	l, err := ingest.ReadCustomerList(ctx, ingest.File{Path: o.customers, Sheet: o.customersSheet, SheetFlag: "--customers-sheet"}, ingest.CustomerListOptions{
		IDColumn: o.customersID, IDFlag: "--customers-id-col", Keep: o.keep, Strict: o.strict})
	if err != nil {
		return i18n.Errorf("--customers: %w", err)
	}
	t, err := o.file.Open()
	if err != nil {
		return err
	}
	header := t.Header
	var txName any = t.Name
	t.Close()
	if o.input == "-" {
		txName = i18n.Text("standard input")
	}
	o.list = l
	o.keptFrom = make([]keptFrom, len(o.keep))
	var txKeep []string
	reserved := slices.Concat(ingest.OutputColumns(), o.ingest.Reserved, []string{report.WeightedColumn})
	for k, name := range o.keep {
		from := keptFrom{tx: -1, cf: -1, header: l.Keep[k]}
		if l.Keep[k] != "" {
			from.cf = k
		}
		i, txErr := ingest.FindColumn(header, name)
		switch {
		case txErr == nil:
			from.tx, from.header = len(txKeep), header[i]
			txKeep = append(txKeep, name)
		case from.cf < 0:
			return i18n.Errorf("--keep %q: %v in %s, and the customer file %s has none either", name, txErr, txName, l.Table.Name)
		case slices.Contains(reserved, from.header):
			return i18n.Errorf("--keep %q: the output already has a column %q", name, from.header)
		}
		o.keptFrom[k] = from
	}
	o.ingest.Keep = txKeep
	o.ingest.TrackDays = true
	return nil
}

// joinCustomerFile joins the customer file to a scored run: every scored
// customer gets its kept values (the customer file's where non-empty), and
// every customer of the file without a purchase row becomes a prospect.
// unscored are the customers with a purchase row that were not scored.
func joinCustomerFile(res *report.Result, l *ingest.CustomerList, from []keptFrom, unscored []rfm.Customer) {
	byID := make(map[string]*ingest.CustomerListRow, len(l.Rows))
	for i := range l.Rows {
		byID[l.Rows[i].ID] = &l.Rows[i]
	}
	j := &report.CustomerFileJoin{File: l.Table.Name, IDColumn: l.ID.Header, Read: l.Read, Customers: len(l.Rows), Rejected: len(l.Rejects)}
	if l.Table.Format != "" {
		j.Source = customerFileSource(l, i18n.EN)
	}
	for _, err := range customerFileRejects(l) {
		j.RejectNotes = append(j.RejectNotes, err.Error())
	}
	res.Kept = make([]string, len(from))
	for k, f := range from {
		res.Kept[k] = f.header
	}
	bought := make(map[string]bool, len(res.Customers)+len(unscored))
	for i := range res.Customers {
		c := &res.Customers[i]
		bought[c.ID] = true
		row := byID[c.ID]
		if row == nil {
			j.Missing++
		} else {
			j.Scored++
		}
		if len(from) == 0 {
			continue
		}
		kept := make([]string, len(from))
		for k, f := range from {
			if f.tx >= 0 {
				kept[k] = c.Kept[f.tx]
			}
			if row != nil && f.cf >= 0 && row.Kept[f.cf] != "" {
				kept[k] = row.Kept[f.cf]
			}
		}
		c.Kept = kept
	}
	for i := range unscored {
		bought[unscored[i].ID] = true
		if byID[unscored[i].ID] != nil {
			j.NotScored++
		}
	}
	res.Prospects = []report.Prospect{}
	for _, row := range l.Rows {
		if bought[row.ID] {
			continue
		}
		p := report.Prospect{ID: row.ID}
		if len(from) > 0 {
			p.Kept = make([]string, len(from))
			for k, f := range from {
				if f.cf >= 0 {
					p.Kept[k] = row.Kept[f.cf]
				}
			}
		}
		res.Prospects = append(res.Prospects, p)
	}
	slices.SortFunc(res.Prospects, func(a, b report.Prospect) int { return strings.Compare(a.ID, b.ID) })
	res.CustomerFile = j
}

// customerFileSource says how the customer file l was read, in lang:
// "csv, utf-8, delimiter \",\"; id=会员ID".
func customerFileSource(l *ingest.CustomerList, lang i18n.Lang) string {
	return lang.Tf("%s; id=%s", sourceText(l.Table, lang), l.ID.Header)
}

// customerFileRejects are the first rejected rows of the customer file l,
// at most maxCustomerFileNotes, as errors that name the file and line.
func customerFileRejects(l *ingest.CustomerList) []error {
	var out []error
	for _, r := range l.Rejects {
		if len(out) == maxCustomerFileNotes {
			break
		}
		out = append(out, &ingest.ParseError{File: l.Table.Name, Sheet: l.Table.Sheet,
			Line: r.Line, Column: r.Column, Err: i18n.Errorf("%s; row left out", ingest.ReasonError(r.Reason))})
	}
	return out
}

// customerFileNotes are the join's lines on standard error, in lang; list
// is the customer file joined.
func customerFileNotes(res *report.Result, list *ingest.CustomerList, lang i18n.Lang) []string {
	j := res.CustomerFile
	if j == nil {
		return nil
	}
	var out []string
	if j.Source != "" && list != nil {
		out = append(out, lang.Tf("customer file %s: %s", j.File, customerFileSource(list, lang)))
	}
	notes := 0
	if list != nil {
		for _, err := range customerFileRejects(list) {
			out = append(out, lang.Tf("warning: %s", err))
			notes++
		}
	}
	if more := j.Rejected - notes; more > 0 {
		out = append(out, lang.Tf("warning: %s: %d more rows left out", j.File, more))
	}
	return append(out, j.LineIn(lang, len(res.Prospects)))
}
