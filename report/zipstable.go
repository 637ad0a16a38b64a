package report

import (
	"archive/zip"
	"bytes"
	"io"
	"slices"
	"strings"

	"github.com/xuri/excelize/v2"
)

// writeStable writes f to w with its parts in one fixed order —
// [Content_Types].xml first, then by name — so that the same run gives the
// same bytes. excelize writes the sheets made with its stream writer in the
// order of a map, which differs from run to run once a workbook has two
// (the customers and the churn-risk list of --with-clv, say). The parts are
// copied as they are compressed, not compressed again.
func writeStable(f *excelize.File, w io.Writer) error {
	stableParts(f)
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		return err
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		return err
	}
	files := slices.Clone(zr.File)
	slices.SortStableFunc(files, func(a, b *zip.File) int {
		ca, cb := a.Name == "[Content_Types].xml", b.Name == "[Content_Types].xml"
		switch {
		case ca && !cb:
			return -1
		case cb && !ca:
			return 1
		}
		return strings.Compare(a.Name, b.Name)
	})
	zw := zip.NewWriter(w)
	for _, zf := range files {
		if err := zw.Copy(zf); err != nil {
			return err
		}
	}
	return zw.Close()
}
