// Package csvsafe writes CSV files that a spreadsheet opens as plain text,
// and reads them back.
//
// A spreadsheet (Excel, LibreOffice Calc, Google Sheets) runs a cell of a
// CSV file that begins with `=`, `+`, `-` or `@` as a formula, and a tab
// or carriage return in front of one does not stop it: a formation or
// applicant name such as `=HYPERLINK("http://…","Klik")` would become a live
// link in the committee's sheet. As OWASP recommends ("CSV Injection"),
// every CSV this system writes prefixes such a cell with an apostrophe,
// which spreadsheets take as "this cell is text". A cell that begins with
// an apostrophe followed by what would be prefixed is prefixed too, so that
// [Restore] undoes [Cell] exactly and an export imports back unchanged.
//
// The rule applies to every cell alike, numbers included (the system never
// writes a negative number to a CSV; importers accept a number with or
// without the apostrophe).
//
// Files offered as downloads start with a UTF-8 byte-order mark ([BOM]) so
// that Excel reads Indonesian names as UTF-8; [NewWriter] writes it.
//
// The package imports only the standard library, so that pure packages
// (internal/selection) can use it.
package csvsafe

import (
	"encoding/csv"
	"io"
)

// BOM is the UTF-8 byte-order mark that starts every CSV download.
const BOM = "\xEF\xBB\xBF"

// risky reports whether c makes a spreadsheet read a cell as a formula
// (OWASP: = + - @, and tab and carriage return, which are skipped in front
// of one).
func risky(c byte) bool {
	return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r'
}

// Needs reports whether Cell prefixes s: s begins with = + - @ tab or
// carriage return, or with apostrophes followed by one of them.
func Needs[T ~string | ~[]byte](s T) bool {
	i := 0
	for i < len(s) && s[i] == '\'' {
		i++
	}
	return i < len(s) && risky(s[i])
}

// Cell returns s as it is written to a CSV file: with an apostrophe in
// front when Needs(s).
func Cell(s string) string {
	if Needs(s) {
		return "'" + s
	}
	return s
}

// Restore undoes Cell: it drops the leading apostrophe of a cell read from a
// CSV file when the rest of the cell is one that Cell would have prefixed.
// Any other cell is returned as it is.
func Restore(s string) string {
	if len(s) > 1 && s[0] == '\'' && Needs(s[1:]) {
		return s[1:]
	}
	return s
}

// RestoreBytes is Restore for a field held as bytes; it returns a subslice
// of b and never copies.
func RestoreBytes(b []byte) []byte {
	if len(b) > 1 && b[0] == '\'' && Needs(b[1:]) {
		return b[1:]
	}
	return b
}

// Writer writes a CSV download: the BOM, then records as encoding/csv
// writes them (RFC 4180, fields quoted only when needed, lines ending in
// \n), every cell passed through Cell.
type Writer struct {
	w       io.Writer
	cw      *csv.Writer
	started bool
	err     error
	rec     []string
}

// NewWriter returns a Writer to w. The BOM is written with the first record
// (or by Flush when there is none).
func NewWriter(w io.Writer) *Writer {
	return &Writer{w: w, cw: csv.NewWriter(w)}
}

func (w *Writer) start() error {
	if !w.started {
		w.started = true
		if _, err := io.WriteString(w.w, BOM); err != nil {
			w.err = err
		}
	}
	return w.err
}

// Write writes one record, each cell passed through Cell.
func (w *Writer) Write(record []string) error {
	if err := w.start(); err != nil {
		return err
	}
	w.rec = w.rec[:0]
	for _, f := range record {
		w.rec = append(w.rec, Cell(f))
	}
	return w.cw.Write(w.rec)
}

// WriteAll writes records and flushes.
func (w *Writer) WriteAll(records [][]string) error {
	for _, r := range records {
		if err := w.Write(r); err != nil {
			return err
		}
	}
	w.Flush()
	return w.Error()
}

// Flush writes any buffered data (and the BOM of a file without records).
func (w *Writer) Flush() {
	if w.start() != nil {
		return
	}
	w.cw.Flush()
}

// Error reports any error of a previous Write or Flush.
func (w *Writer) Error() error {
	if w.err != nil {
		return w.err
	}
	return w.cw.Error()
}
