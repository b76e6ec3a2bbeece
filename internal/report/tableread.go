package report

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"asnpro/internal/apperr"
	"asnpro/internal/report/csvsafe"

	"github.com/xuri/excelize/v2"
)

// TableReader yields the rows of an imported table. Next returns each
// non-empty row with its physical line (CSV: the line where the row starts;
// XLSX: the worksheet row number), io.EOF after the last row, and stops at
// the first error (with the line it concerns, 0 when none). Rows shorter
// than the first row (the header) are padded with "" to its length; longer
// rows are returned as they are. Close releases temporary files.
type TableReader interface {
	Next() (row []string, line int, err error)
	// Format is "csv" or "xlsx".
	Format() string
	Close() error
}

// ReadLimits bound what ReadTable accepts. Zero fields take the defaults.
type ReadLimits struct {
	// MaxBytes bounds the input as sent (default 50 MB).
	MaxBytes int64
	// MaxUncompressed bounds the total uncompressed size of an XLSX, as
	// declared by the zip directory and enforced while inflating (archive/zip
	// refuses an entry that inflates past its declared size) — the guard
	// against zip bombs (default 50 MB).
	MaxUncompressed int64
	// MaxRows bounds the non-empty rows, header included (default 200,000).
	MaxRows int
	// MaxCols bounds the cells of a row (default 1,000).
	MaxCols int
	// MaxLineBytes bounds a CSV line (default 1 MB).
	MaxLineBytes int
	// MaxEntries bounds the files inside an XLSX (default 10,000).
	MaxEntries int
	// TmpDir is where excelize may spill a large worksheet ("" = os.TempDir).
	TmpDir string
}

// Default limits of ReadTable.
const (
	DefaultMaxImportBytes   = 50 << 20
	DefaultMaxUncompressed  = 50 << 20
	DefaultMaxImportRows    = 200_000
	DefaultMaxImportCols    = 1_000
	DefaultMaxImportLine    = 1 << 20
	DefaultMaxXLSXEntries   = 10_000
	xlsxSheetSpillThreshold = 4 << 20 // worksheets above this are read from a temporary file
)

func (l ReadLimits) withDefaults() ReadLimits {
	if l.MaxBytes <= 0 {
		l.MaxBytes = DefaultMaxImportBytes
	}
	if l.MaxUncompressed <= 0 {
		l.MaxUncompressed = DefaultMaxUncompressed
	}
	if l.MaxRows <= 0 {
		l.MaxRows = DefaultMaxImportRows
	}
	if l.MaxCols <= 0 {
		l.MaxCols = DefaultMaxImportCols
	}
	if l.MaxLineBytes <= 0 {
		l.MaxLineBytes = DefaultMaxImportLine
	}
	if l.MaxEntries <= 0 {
		l.MaxEntries = DefaultMaxXLSXEntries
	}
	return l
}

// ReadTable opens an import (applicants from an SSCASN export, scores from
// CAT BKN, formations) with the default ReadLimits. See ReadTableLimits.
func ReadTable(r io.Reader, name string) (TableReader, error) {
	return ReadTableLimits(r, name, ReadLimits{})
}

// ReadTableLimits opens a table by its CONTENT, whatever its name: a zip
// (PK\x03\x04) is read as XLSX (its first worksheet), anything else as CSV —
// UTF-8 with or without a byte order mark, separated by commas, semicolons
// (Excel in an Indonesian locale) or tabs, whichever of them the first line
// holds most of outside quotes (commas on a tie). name is used only in
// error causes. A CSV cell loses the apostrophe that csvsafe.Cell puts in
// front of a would-be formula (csvsafe.Restore), so that a CSV this system
// wrote reads back as it was; XLSX cells are read as they are.
//
// XLSX cells are read as Excel shows them (number formats applied; dates
// as formatted in the workbook), except whole numbers of more than 15
// digits (a NIK or NIP typed as a number), which keep their stored digits
// instead of "6.27101010190000E+15". A whole XLSX is held in memory while
// it is read (at most MaxBytes compressed; worksheets over 4 MB uncompressed
// are spilled to TmpDir); a CSV is read as a stream.
//
// Errors are *apperr.Error: unsupported_media_type (not CSV or XLSX; old
// XLS; UTF-16), too_large (MaxBytes, MaxUncompressed, MaxRows), invalid (a
// damaged XLSX, a malformed CSV line, a line that is not UTF-8, too many
// columns, an empty file), each naming the line when there is one.
func ReadTableLimits(r io.Reader, name string, lim ReadLimits) (TableReader, error) {
	lim = lim.withDefaults()
	br := bufio.NewReaderSize(r, 64<<10)
	head, err := br.Peek(8)
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		return nil, apperr.Wrap(err, "read table "+name)
	}
	switch {
	case len(head) == 0:
		return nil, apperr.New(apperr.Invalid, "Berkas impor kosong", "The import file is empty")
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		return openXLSX(br, name, lim)
	case bytes.HasPrefix(head, []byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")):
		return nil, apperr.New(apperr.UnsupportedMediaType,
			"Format XLS lama atau XLSX bersandi tidak didukung; simpan sebagai XLSX tanpa sandi atau CSV UTF-8",
			"Old XLS and password-protected XLSX files are not supported; save as XLSX without a password or as CSV UTF-8")
	case bytes.HasPrefix(head, []byte("\xff\xfe")), bytes.HasPrefix(head, []byte("\xfe\xff")):
		return nil, apperr.New(apperr.UnsupportedMediaType,
			"CSV berformat UTF-16 tidak didukung; simpan sebagai \"CSV UTF-8\"",
			"UTF-16 CSV is not supported; save as \"CSV UTF-8\"")
	}
	return openCSV(br, name, lim)
}

// errTooLarge is the error of a file over MaxBytes.
func errImportTooLarge(limit int64) error {
	return apperr.New(
		apperr.TooLarge,
		"Berkas impor melebihi batas "+sizeText(limit),
		"The import file exceeds the "+sizeText(limit)+" limit",
	)
}

func sizeText(n int64) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return strconv.FormatInt(n>>20, 10) + " MB"
	}
	if n >= 1<<10 && n%(1<<10) == 0 {
		return strconv.FormatInt(n>>10, 10) + " KB"
	}
	return strconv.FormatInt(n, 10) + " byte"
}

// thousands writes n with the grouping of lang: 200.000 (id), 200,000 (en).
func thousands(n int, lang string) string {
	s := strconv.Itoa(n)
	sep := "."
	if lang == "en" {
		sep = ","
	}
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(c)
	}
	return b.String()
}

func lineErr(code apperr.Code, line int, id, en string) error {
	return &apperr.Error{Code: code, Message: "Baris " + strconv.Itoa(line) + ": " + id, MessageEN: "Line " + strconv.Itoa(line) + ": " + en,
		Fields: map[string]string{"line": strconv.Itoa(line)}}
}

func errTooManyRows(max int) error {
	return apperr.New(
		apperr.TooLarge,
		"Berkas impor melebihi "+thousands(max, "id")+" baris",
		"The import file has more than "+thousands(max, "en")+" rows",
	)
}

// rowShaper applies the common row rules: skip empty rows, bound rows and
// columns, pad to the header's width.
type rowShaper struct {
	lim   ReadLimits
	rows  int
	width int // cells of the header (first non-empty row)
}

// shape returns the row to yield, or skip when it is empty.
func (s *rowShaper) shape(row []string, line int) (out []string, skip bool, err error) {
	empty := true
	for _, c := range row {
		if strings.TrimSpace(c) != "" {
			empty = false
			break
		}
	}
	if empty {
		return nil, true, nil
	}
	if len(row) > s.lim.MaxCols {
		return nil, false, lineErr(
			apperr.Invalid,
			line,
			"lebih dari "+thousands(s.lim.MaxCols, "id")+" kolom",
			"more than "+thousands(s.lim.MaxCols, "en")+" columns",
		)
	}
	s.rows++
	if s.rows > s.lim.MaxRows {
		return nil, false, errTooManyRows(s.lim.MaxRows)
	}
	if s.width == 0 {
		s.width = len(row)
	}
	if len(row) < s.width {
		row = append(row, make([]string, s.width-len(row))...)
	}
	return row, false, nil
}

// ---- CSV ----

type csvTable struct {
	cr    *csv.Reader
	shape rowShaper
	src   *guardReader
	comma rune
	err   error
}

func (t *csvTable) Format() string { return "csv" }
func (t *csvTable) Close() error   { return nil }

// Comma returns the separator that was detected.
func (t *csvTable) Comma() rune { return t.comma }

func openCSV(br *bufio.Reader, name string, lim ReadLimits) (TableReader, error) {
	if b, _ := br.Peek(3); bytes.Equal(b, []byte("\xef\xbb\xbf")) {
		br.Discard(3)
	}
	// Text has no NUL bytes: look at the first 64 KB. Then the header line
	// decides the separator.
	peek, _ := br.Peek(br.Size())
	if bytes.IndexByte(peek, 0) >= 0 {
		return nil, apperr.New(
			apperr.UnsupportedMediaType,
			"Berkas impor harus CSV (UTF-8) atau XLSX",
			"An import file must be CSV (UTF-8) or XLSX",
		)
	}
	if i := bytes.IndexByte(peek, '\n'); i >= 0 {
		peek = peek[:i]
	}
	comma := detectComma(peek)
	g := &guardReader{r: br, max: lim.MaxBytes, maxLine: int64(lim.MaxLineBytes)}
	cr := csv.NewReader(g)
	cr.Comma = comma
	cr.FieldsPerRecord = -1
	return &csvTable{cr: cr, shape: rowShaper{lim: lim}, src: g, comma: comma}, nil
}

// detectComma counts separators outside quotes in the header line.
func detectComma(line []byte) rune {
	counts := map[byte]int{}
	quoted := false
	for _, c := range line {
		switch {
		case c == '"':
			quoted = !quoted
		case !quoted && (c == ',' || c == ';' || c == '\t'):
			counts[c]++
		}
	}
	best, n := byte(','), counts[',']
	for _, c := range []byte{';', '\t'} {
		if counts[c] > n {
			best, n = c, counts[c]
		}
	}
	return rune(best)
}

func (t *csvTable) Next() ([]string, int, error) {
	if t.err != nil {
		return nil, 0, t.err
	}
	for {
		rec, err := t.cr.Read()
		if err != nil {
			t.err = t.csvError(err)
			return nil, lineOf(t.err), t.err
		}
		line, _ := t.cr.FieldPos(0) // only valid after a successful Read
		for i, f := range rec {
			if !utf8.ValidString(f) {
				t.err = lineErr(
					apperr.Invalid,
					line,
					"bukan teks UTF-8; simpan ulang sebagai \"CSV UTF-8\"",
					"not UTF-8 text; save again as \"CSV UTF-8\"",
				)
				return nil, line, t.err
			}
			// The apostrophe our CSV files put in front of a cell that a
			// spreadsheet would run as a formula comes off again.
			rec[i] = csvsafe.Restore(f)
		}
		row, skip, err := t.shape.shape(rec, line)
		if err != nil {
			t.err = err
			return nil, line, err
		}
		if !skip {
			return row, line, nil
		}
	}
}

func lineOf(err error) int {
	var ae *apperr.Error
	if errors.As(err, &ae) && ae.Fields != nil {
		n, _ := strconv.Atoi(ae.Fields["line"])
		return n
	}
	return 0
}

// csvError translates what encoding/csv and the guard report.
func (t *csvTable) csvError(err error) error {
	if err == io.EOF {
		return io.EOF
	}
	var ge *guardError
	if errors.As(err, &ge) {
		if ge.line > 0 {
			return lineErr(
				apperr.Invalid,
				ge.line,
				"baris terlalu panjang (lebih dari "+sizeText(t.src.maxLine)+")",
				"line too long (more than "+sizeText(t.src.maxLine)+")",
			)
		}
		return errImportTooLarge(t.src.max)
	}
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		id, en := "isi CSV tidak sah", "malformed CSV"
		switch {
		case errors.Is(pe.Err, csv.ErrQuote):
			id, en = "tanda kutip (\") tidak tertutup atau salah tempat", "a quote (\") is not closed or is misplaced"
		case errors.Is(pe.Err, csv.ErrBareQuote):
			id, en = "tanda kutip (\") di dalam kolom yang tidak diapit kutip", "a quote (\") inside an unquoted field"
		}
		line := pe.StartLine // where the record starts, not where it broke
		if line == 0 {
			line = pe.Line
		}
		return lineErr(apperr.Invalid, line, id, en)
	}
	return apperr.Wrap(err, "read csv")
}

// guardReader stops a CSV past max bytes, or with a line longer than
// maxLine, before encoding/csv buffers it.
type guardReader struct {
	r            io.Reader
	max, maxLine int64
	n, run       int64 // bytes so far; bytes since the last newline
	line         int   // current line (1-based)
}

type guardError struct{ line int }

func (e *guardError) Error() string {
	if e.line > 0 {
		return fmt.Sprintf("line %d too long", e.line)
	}
	return "input too large"
}

func (g *guardReader) Read(p []byte) (int, error) {
	if g.n >= g.max+1 {
		return 0, &guardError{}
	}
	if int64(len(p)) > g.max+1-g.n {
		p = p[:g.max+1-g.n]
	}
	n, err := g.r.Read(p)
	for i := 0; i < n; {
		j := bytes.IndexByte(p[i:n], '\n')
		if j < 0 {
			g.run += int64(n - i)
			break
		}
		g.run += int64(j)
		if g.run > g.maxLine {
			return 0, &guardError{line: g.line + 1}
		}
		g.run = 0
		g.line++
		i += j + 1
	}
	if g.run > g.maxLine {
		return 0, &guardError{line: g.line + 1}
	}
	g.n += int64(n)
	if g.n > g.max {
		return 0, &guardError{}
	}
	return n, err
}

// ---- XLSX ----

type xlsxTable struct {
	f     *excelize.File
	rows  *excelize.Rows // cells as shown
	raw   *excelize.Rows // the same rows, stored values; opened when needed
	sheet string
	rawAt int // the row raw stands on
	shape rowShaper
	line  int
	err   error
}

func (t *xlsxTable) Format() string { return "xlsx" }

func (t *xlsxTable) Close() error {
	var err error
	if t.rows != nil {
		err = t.rows.Close()
		t.rows = nil
	}
	if t.raw != nil {
		err = errors.Join(err, t.raw.Close())
		t.raw = nil
	}
	if t.f != nil {
		err = errors.Join(err, t.f.Close())
		t.f = nil
	}
	return err
}

func errDamagedXLSX(cause error) error {
	return &apperr.Error{Code: apperr.Invalid, Message: "Berkas XLSX rusak atau bukan lembar kerja Excel",
		MessageEN: "The XLSX file is damaged or is not an Excel workbook", Err: cause}
}

func openXLSX(br *bufio.Reader, name string, lim ReadLimits) (TableReader, error) {
	data, err := io.ReadAll(io.LimitReader(br, lim.MaxBytes+1))
	if err != nil {
		return nil, apperr.Wrap(err, "read table "+name)
	}
	if int64(len(data)) > lim.MaxBytes {
		return nil, errImportTooLarge(lim.MaxBytes)
	}
	// Check the zip directory before excelize inflates anything.
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, errDamagedXLSX(fmt.Errorf("%s: %w", name, err))
	}
	if len(zr.File) > lim.MaxEntries {
		return nil, errDamagedXLSX(fmt.Errorf("%s: %d zip entries", name, len(zr.File)))
	}
	var total uint64
	workbook := false
	for _, zf := range zr.File {
		total += zf.UncompressedSize64
		if total > uint64(lim.MaxUncompressed) || zf.UncompressedSize64 > uint64(lim.MaxUncompressed) {
			return nil, apperr.New(apperr.TooLarge,
				"Isi berkas XLSX melebihi batas "+sizeText(lim.MaxUncompressed)+" setelah diekstrak",
				"The XLSX file expands beyond the "+sizeText(lim.MaxUncompressed)+" limit")
		}
		if strings.EqualFold(zf.Name, "xl/workbook.xml") {
			workbook = true
		}
	}
	// excelize ignores read errors inside entries (a part would silently
	// come out short), so inflate each once here: archive/zip stops at the
	// declared size and checks the CRC-32.
	for _, zf := range zr.File {
		if err := checkEntry(zf); err != nil {
			return nil, errDamagedXLSX(fmt.Errorf("%s: %s: %w", name, zf.Name, err))
		}
	}
	if !workbook {
		return nil, apperr.New(apperr.UnsupportedMediaType,
			"Berkas ini arsip ZIP atau dokumen lain, bukan lembar kerja XLSX",
			"This file is a ZIP archive or another document, not an XLSX workbook")
	}
	spill := min(int64(xlsxSheetSpillThreshold), lim.MaxUncompressed)
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		UnzipSizeLimit: lim.MaxUncompressed, UnzipXMLSizeLimit: spill, TmpDir: lim.TmpDir})
	if err != nil {
		if f != nil {
			f.Close()
		}
		return nil, errDamagedXLSX(fmt.Errorf("%s: %w", name, err))
	}
	data = nil
	t := &xlsxTable{f: f, shape: rowShaper{lim: lim}}
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		t.Close()
		return nil, errDamagedXLSX(fmt.Errorf("%s: no worksheet", name))
	}
	t.sheet = sheets[0]
	if t.rows, err = f.Rows(t.sheet); err != nil {
		t.Close()
		return nil, errDamagedXLSX(fmt.Errorf("%s: %w", name, err))
	}
	return t, nil
}

func checkEntry(zf *zip.File) error {
	rc, err := zf.Open()
	if err != nil {
		return err
	}
	_, err = io.Copy(io.Discard, rc)
	return errors.Join(err, rc.Close())
}

func (t *xlsxTable) Next() ([]string, int, error) {
	if t.err != nil {
		return nil, 0, t.err
	}
	for {
		if t.rows == nil || !t.rows.Next() {
			t.err = io.EOF
			if t.rows != nil {
				if err := t.rows.Error(); err != nil {
					t.err = errDamagedXLSX(err)
				}
			}
			return nil, 0, t.err
		}
		t.line++ // excelize yields every row number, empty ones included
		cols, err := t.rows.Columns()
		if err == nil && scientific(cols) {
			err = t.keepLongIntegers(cols)
		}
		if err != nil {
			t.err = &apperr.Error{Code: apperr.Invalid, Message: "Baris " + strconv.Itoa(t.line) + ": sel tidak terbaca",
				MessageEN: "Line " + strconv.Itoa(t.line) + ": unreadable cell", Fields: map[string]string{"line": strconv.Itoa(t.line)}, Err: err}
			return nil, t.line, t.err
		}
		row, skip, err := t.shape.shape(cols, t.line)
		if err != nil {
			t.err = err
			return nil, t.line, err
		}
		if !skip {
			return row, t.line, nil
		}
	}
}

// scientific reports whether a cell is shown in scientific notation.
func scientific(cols []string) bool {
	for _, c := range cols {
		if strings.Contains(c, "E+") {
			return true
		}
	}
	return false
}

// keepLongIntegers puts back the stored digits of whole numbers longer than
// 15 digits (a NIK or NIP typed as a number), which Excel's General format
// shows as 6.27101010190000E+15. It reads the row's stored values through a
// second iterator, opened the first time it is needed and moved forward to
// the current row, so sheets without such numbers are parsed once.
func (t *xlsxTable) keepLongIntegers(shown []string) error {
	if t.raw == nil {
		raw, err := t.f.Rows(t.sheet)
		if err != nil {
			return err
		}
		t.raw, t.rawAt = raw, 0
	}
	for t.rawAt < t.line {
		if !t.raw.Next() {
			return errors.New("raw rows end early")
		}
		t.rawAt++
	}
	raw, err := t.raw.Columns(excelize.Options{RawCellValue: true})
	if err != nil {
		return err
	}
	for i := range min(len(shown), len(raw)) {
		if len(raw[i]) > 15 && strings.Contains(shown[i], "E+") && isDigits(raw[i]) {
			shown[i] = raw[i]
		}
	}
	return nil
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
