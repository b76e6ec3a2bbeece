package report

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// maxXLSXRows is the most rows a worksheet can hold.
const maxXLSXRows = 1_048_576

// maxCellChars is the most characters Excel keeps in a cell.
const maxCellChars = 32767

// XLSX is a one-sheet workbook written row by row through excelize's
// StreamWriter, which spills rows to a temporary file past 16 MB, so 50,000+
// rows keep memory bounded. Call Header (optional, first), Row for each row,
// then WriteTo once, and Close to remove the temporary files.
type XLSX struct {
	f       *excelize.File
	sw      *excelize.StreamWriter
	sheet   string
	row     int
	widths  []float64
	started bool
	err     error
	bold    int // style ids
	date    int
	stamp   int
	closed  bool
}

// NewXLSX starts a workbook with one sheet named sheet (characters Excel
// forbids in sheet names are replaced with '-', and the name is cut to 31
// characters; "" gives "Data").
func NewXLSX(sheet string) *XLSX {
	x := &XLSX{f: excelize.NewFile(), sheet: sheetName(sheet)}
	if x.sheet != "Sheet1" {
		if err := x.f.SetSheetName("Sheet1", x.sheet); err != nil {
			x.err = err
			return x
		}
	}
	var err error
	if x.bold, err = x.f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"E1E6EE"}}}); err != nil {
		x.err = err
		return x
	}
	datePat, stampPat := "dd/mm/yyyy", "dd/mm/yyyy hh:mm:ss"
	if x.date, err = x.f.NewStyle(&excelize.Style{CustomNumFmt: &datePat}); err != nil {
		x.err = err
		return x
	}
	if x.stamp, err = x.f.NewStyle(&excelize.Style{CustomNumFmt: &stampPat}); err != nil {
		x.err = err
		return x
	}
	x.sw, x.err = x.f.NewStreamWriter(x.sheet)
	return x
}

func sheetName(s string) string {
	s = strings.Map(func(r rune) rune {
		switch r {
		case ':', '\\', '/', '?', '*', '[', ']':
			return '-'
		}
		if r < 0x20 {
			return -1
		}
		return r
	}, strings.ToValidUTF8(s, ""))
	s = strings.Trim(s, "' ")
	if utf8.RuneCountInString(s) > 31 {
		s = string([]rune(s)[:31])
	}
	if s == "" {
		return "Data"
	}
	return s
}

// ColWidths sets column widths (in Excel character units) from column A on;
// it must come before Header and Row.
func (x *XLSX) ColWidths(widths ...float64) error {
	if x.err != nil {
		return x.err
	}
	if x.started {
		return errors.New("report: xlsx: ColWidths after the first row")
	}
	x.widths = widths
	return nil
}

func (x *XLSX) start() error {
	if x.started {
		return nil
	}
	x.started = true
	for i, w := range x.widths {
		if w > 0 {
			if err := x.sw.SetColWidth(i+1, i+1, w); err != nil {
				return err
			}
		}
	}
	return nil
}

// Header writes a bold header row and freezes it, so it stays in view while
// scrolling. It must be the first row.
func (x *XLSX) Header(cols []string) error {
	if x.err != nil {
		return x.err
	}
	if x.row > 0 {
		return errors.New("report: xlsx: Header after rows")
	}
	if x.err = x.start(); x.err != nil {
		return x.err
	}
	if x.err = x.sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); x.err != nil {
		return x.err
	}
	vals := make([]any, len(cols))
	for i, c := range cols {
		vals[i] = excelize.Cell{StyleID: x.bold, Value: cleanCell(c)}
	}
	return x.write(vals)
}

// Row writes a row. Values may be string, []byte, any integer or float
// type, bool, time.Time (written as an Excel date: dd/mm/yyyy when the time
// is midnight, dd/mm/yyyy hh:mm:ss otherwise, in the time's own zone — pass
// WIB times), time.Duration, nil (an empty cell) or excelize.Cell; other
// types are written with fmt.Sprint. Strings are always text cells, never
// formulas, so a value starting with "=" cannot run. Characters that XML
// cannot carry are dropped; a string over 32,767 characters is an error.
func (x *XLSX) Row(values []any) error {
	if x.err != nil {
		return x.err
	}
	if x.err = x.start(); x.err != nil {
		return x.err
	}
	vals := make([]any, len(values))
	for i, v := range values {
		switch v := v.(type) {
		case string:
			vals[i] = cleanCell(v)
		case []byte:
			vals[i] = cleanCell(string(v))
		case time.Time:
			style := x.stamp
			if h, m, s := v.Clock(); h == 0 && m == 0 && s == 0 && v.Nanosecond() == 0 {
				style = x.date
			}
			vals[i] = excelize.Cell{StyleID: style, Value: v}
		case time.Duration, excelize.Cell, *excelize.Cell:
			vals[i] = v
		case fmt.Stringer:
			vals[i] = cleanCell(v.String())
		default:
			vals[i] = v
		}
		if s, ok := vals[i].(string); ok && utf8.RuneCountInString(s) > maxCellChars {
			return fmt.Errorf("report: xlsx: row %d column %d: text longer than %d characters", x.row+1, i+1, maxCellChars)
		}
	}
	return x.write(vals)
}

func (x *XLSX) write(vals []any) error {
	if x.row >= maxXLSXRows {
		x.err = fmt.Errorf("report: xlsx: more than %d rows", maxXLSXRows)
		return x.err
	}
	cell, err := excelize.CoordinatesToCellName(1, x.row+1)
	if err == nil {
		err = x.sw.SetRow(cell, vals)
	}
	if err != nil {
		x.err = fmt.Errorf("report: xlsx: row %d: %w", x.row+1, err)
		return x.err
	}
	x.row++
	return nil
}

// Rows returns the number of rows written, the header included.
func (x *XLSX) Rows() int { return x.row }

// WriteTo finishes the workbook and writes it to w. It may be called once.
func (x *XLSX) WriteTo(w io.Writer) (int64, error) {
	if x.err != nil {
		return 0, x.err
	}
	if x.err = x.start(); x.err != nil {
		return 0, x.err
	}
	if err := x.sw.Flush(); err != nil {
		x.err = fmt.Errorf("report: xlsx: %w", err)
		return 0, x.err
	}
	n, err := x.f.WriteTo(w)
	x.err = errors.New("report: xlsx: already written")
	if err != nil {
		return n, fmt.Errorf("report: xlsx: %w", err)
	}
	return n, nil
}

// Close removes the temporary files of the workbook.
func (x *XLSX) Close() error {
	if x.closed {
		return nil
	}
	x.closed = true
	return x.f.Close()
}

// cleanCell drops what XML 1.0 cannot carry (control characters other than
// tab, newline and carriage return; U+FFFE, U+FFFF) and invalid UTF-8.
func cleanCell(s string) string {
	ok := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c >= 0x80 {
			ok = false
			break
		}
	}
	if ok {
		return s
	}
	return strings.Map(func(r rune) rune {
		switch {
		case r == utf8.RuneError, r == 0xfffe:
			return -1
		case r < 0x20 && r != '\t' && r != '\n' && r != '\r':
			return -1
		}
		return r
	}, strings.ToValidUTF8(s, ""))
}
