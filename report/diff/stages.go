package diff

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/tw"

	"github.com/rfmtool/rfm/report"
	"github.com/rfmtool/rfm/rfm"
	"github.com/rfmtool/rfm/segment"
)

// Stages counts lifecycle stage transitions between two customer files
// with the lifecycle column (SPEC §8): Matrix[a][b] is the customers of stage
// a before and b now, rfm.StageNone for a customer absent from that file.
type Stages struct {
	Matrix [rfm.StageProspect + 1][rfm.StageProspect + 1]int
	// WonBack lists, by id, the customers in both files that were dormant or
	// lapsed before and are active or returning now (回流).
	WonBack []string
	// NewlyLapsed lists, by id, the customers that are lapsed now and were
	// in the older file in another stage.
	NewlyLapsed []string
}

// stageOrder is the matrix's rows and columns: the stages, then none.
var stageOrder = append(append([]rfm.Stage{}, rfm.Stages...), rfm.StageNone)

// compareStages fills d.Stages when both files have the lifecycle column.
func compareStages(d *Diff, old, cur *CustomerFile) {
	if !old.HasStages || !cur.HasStages {
		return
	}
	sd := &Stages{}
	for i := range d.Moves {
		m := &d.Moves[i]
		from, to := rfm.StageNone, rfm.StageNone
		if m.Old != nil {
			from = m.Old.Stage
		}
		if m.New != nil {
			to = m.New.Stage
		}
		sd.Matrix[from][to]++
		id := m.ID
		switch {
		case (from == rfm.StageDormant || from == rfm.StageLapsed) && (to == rfm.StageActive || to == rfm.StageReturning):
			sd.WonBack = append(sd.WonBack, id)
		case to == rfm.StageLapsed && from != rfm.StageNone && from != rfm.StageLapsed:
			sd.NewlyLapsed = append(sd.NewlyLapsed, id)
		}
	}
	d.Stages = sd
}

// stageLabel names a stage in a comparison in l; none, a customer absent
// from a file, is "(none)" in ui.
func stageLabel(s rfm.Stage, l, ui segment.Lang) string {
	if s == rfm.StageNone {
		return ui.T("(none)")
	}
	return report.StageName(s, l)
}

// usedStages returns the stages of stageOrder that have a customer in
// either file, so that the matrix leaves out prospect when no file has one.
func (sd *Stages) usedStages() []rfm.Stage {
	var out []rfm.Stage
	for _, s := range stageOrder {
		n := 0
		for _, t := range stageOrder {
			n += sd.Matrix[s][t] + sd.Matrix[t][s]
		}
		if n > 0 || s != rfm.StageProspect {
			out = append(out, s)
		}
	}
	return out
}

// WriteStageMatrix writes the stage transitions as one row per cell —
// from_stage, to_stage, customers, row_share (four decimals) — like
// WriteMatrix; stages named in the newer file's language.
func WriteStageMatrix(w io.Writer, d *Diff, opt report.CSVOptions) error {
	bw := bufio.NewWriter(w)
	if opt.BOM {
		bw.WriteString("\uFEFF")
	}
	writeRecord(bw, []string{"from_stage", "to_stage", "customers", "row_share"})
	sd := d.Stages
	if sd == nil {
		return bw.Flush()
	}
	used := sd.usedStages()
	for _, a := range used {
		total := 0
		for _, b := range used {
			total += sd.Matrix[a][b]
		}
		for _, b := range used {
			if a == rfm.StageNone && b == rfm.StageNone {
				continue
			}
			v := sd.Matrix[a][b]
			writeRecord(bw, []string{stageLabel(a, d.Lang, d.Lang), stageLabel(b, d.Lang, d.Lang), strconv.Itoa(v), share(v, total, 4)})
		}
	}
	return bw.Flush()
}

// maxListed is how many won-back and newly lapsed ids the terminal names.
const maxListed = 20

// writeStageSummary writes the terminal's stage transition matrix and the
// won-back and newly lapsed customers.
func writeStageSummary(w io.Writer, d *Diff) error {
	sd := d.Stages
	if sd == nil {
		return nil
	}
	l, names := d.UI, d.Lang
	used := sd.usedStages()
	fmt.Fprintf(w, "\n%s\n", l.T("lifecycle stage transitions:"))
	header := []string{l.T("before \\ now")}
	align := []tw.Align{tw.AlignLeft}
	for _, s := range used {
		header = append(header, stageLabel(s, names, l))
		align = append(align, tw.AlignRight)
	}
	t := tablewriter.NewTable(w, tablewriter.WithHeaderAutoFormat(tw.Off),
		tablewriter.WithRowAlignmentConfig(tw.CellAlignment{PerColumn: align}))
	t.Header(header)
	for _, a := range used {
		row := []string{stageLabel(a, names, l)}
		for _, b := range used {
			if a == rfm.StageNone && b == rfm.StageNone {
				row = append(row, "")
				continue
			}
			row = append(row, strconv.Itoa(sd.Matrix[a][b]))
		}
		if err := t.Append(row); err != nil {
			return err
		}
	}
	if err := t.Render(); err != nil {
		return err
	}
	list := func(what string, ids []string) {
		shown := ids[:min(len(ids), maxListed)]
		more := ""
		if len(ids) > len(shown) {
			more = l.Tf(" … (%d in all)", len(ids))
		}
		if len(ids) == 0 {
			fmt.Fprintf(w, "%s 0\n", what)
			return
		}
		fmt.Fprintf(w, "%s\n", l.Tf("%s %d: %s%s", what, len(ids), strings.Join(shown, report.ListSep(l)), more))
	}
	list(l.T("won back (dormant or lapsed → active or returning)"), sd.WonBack)
	list(l.T("newly lapsed (→ lapsed)"), sd.NewlyLapsed)
	return nil
}

// appendStages appends a move's from_lifecycle and to_lifecycle fields.
func (d *Diff) appendStages(b []byte, m *Move) []byte {
	b = append(b, ',')
	if m.Old != nil {
		b = append(b, report.StageName(m.Old.Stage, d.Lang)...)
	}
	b = append(b, ',')
	if m.New != nil {
		b = append(b, report.StageName(m.New.Stage, d.Lang)...)
	}
	return b
}
