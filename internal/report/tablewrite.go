package report

import (
	"errors"
	"io"

	"asnpro/internal/report/csvsafe"
)

// ErrTableFormat is WriteTable's answer to a format other than "csv" or
// "xlsx"; the caller turns it into its own field error.
var ErrTableFormat = errors.New("report: table format must be csv or xlsx")

// WriteTable writes a header and rows as CSV ("csv": a UTF-8 BOM, and every
// cell a spreadsheet would run as a formula prefixed with an apostrophe, as
// csvsafe does; ReadTable takes it off again) or as one sheet of XLSX
// ("xlsx", text cells: codes such as 001 keep their zeros) — the files the
// imports read back.
func WriteTable(w io.Writer, format, sheet string, header []string, rows [][]string) error {
	switch format {
	case "csv":
		cw := csvsafe.NewWriter(w)
		if err := cw.Write(header); err != nil {
			return err
		}
		return cw.WriteAll(rows)
	case "xlsx":
		x := NewXLSX(sheet)
		defer x.Close()
		if err := x.Header(header); err != nil {
			return err
		}
		vals := make([]any, 0, len(header))
		for _, r := range rows {
			vals = vals[:0]
			for _, v := range r {
				vals = append(vals, v)
			}
			if err := x.Row(vals); err != nil {
				return err
			}
		}
		_, err := x.WriteTo(w)
		return err
	}
	return ErrTableFormat
}
