package report

// RowName names row i of the migration matrix: class i before, or the new
// customers.
func (d *Diff) RowName(i int) string { return d.rowName(i) }

// ColName names column j of the migration matrix: class j now, or the gone
// customers.
func (d *Diff) ColName(j int) string { return d.colName(j) }
