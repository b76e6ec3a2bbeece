package results

import (
	"io"
	"regexp"
	"strconv"
	"strings"

	"asnpro/internal/apperr"
	"asnpro/internal/report"
)

// The rows of a CAT BKN result export, read and checked cell by cell
// before anything is looked up in the database.

// SKDColumns are the columns of CAT BKN's SKD result export. The header is
// matched case-insensitively, in any order; other columns are ignored.
var SKDColumns = []string{"no_peserta", "nik", "twk", "tiu", "tkp", "hadir", "skd_tahun_sebelumnya"}

// SKBColumns are the columns of CAT BKN's SKB result export.
var SKBColumns = []string{"no_peserta", "nik", "skb", "hadir"}

// ExtraColumns are the columns of the file of the SKB's additional test
// (a score 0–100 in `nilai`).
var ExtraColumns = []string{"no_peserta", "nik", "nilai", "hadir"}

// Scored reports whether a component's score is one number on 0–100 (the
// SKB CAT and the additional test), not the SKD's three.
func Scored(component string) bool {
	return component == ComponentSKB || component == ComponentSKBExtra
}

// valueColumn is the column holding a 0–100 component's score.
func valueColumn(component string) string {
	if component == ComponentSKBExtra {
		return "nilai"
	}
	return "skb"
}

// skdTemplate and skbTemplate are the example rows of the templates: one
// present, one absent and (SKD) one carrying over an earlier year's score.
var (
	skdTemplate = [][]string{
		{"24300110000001", "6271031205980001", "115", "120", "170", "1", ""},
		{"24300110000002", "6271035203990002", "", "", "", "0", ""},
		{"24300110000003", "6271034107000003", "100", "95", "181", "Hadir", "2025"},
	}
	skbTemplate = [][]string{
		{"24300110000001", "6271031205980001", "85.125", "1"},
		{"24300110000003", "6271034107000003", "", "Tidak Hadir"},
	}
)

// SKD maxima (DESIGN §6): TWK and TIU items score 5 or 0, TKP options 1–5.
const (
	maxTWK = 150
	maxTIU = 175
	maxTKP = 225
	// maxSKBMilli is 100 in thousandths.
	maxSKBMilli = 100_000
)

// fileRow is a data row of an export: its physical line and its cells.
type fileRow struct {
	line  int
	cells []string
}

// scoreRow is a parsed data row.
type scoreRow struct {
	line          int
	regNo, nik    string
	present       bool
	twk, tiu, tkp int
	milli         int
	reused        int // skd_tahun_sebelumnya (0: none)
}

var regNoRE = regexp.MustCompile(`^[0-9A-Za-z][0-9A-Za-z./-]{3,39}$`)

// columnsOf maps each column of a component's export to its index: every
// column once, in any order, without case. Errors: invalid.
func columnsOf(component string, header []string) (map[string]int, error) {
	want := SKDColumns
	switch component {
	case ComponentSKB:
		want = SKBColumns
	case ComponentSKBExtra:
		want = ExtraColumns
	}
	col := map[string]int{}
	for i, h := range header {
		k := strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		if _, dup := col[k]; dup && k != "" {
			return nil, apperr.E(apperr.Invalid, "results.import.column_twice", "column", k)
		}
		col[k] = i
	}
	var missing []string
	for _, c := range want {
		if _, ok := col[c]; !ok {
			missing = append(missing, c)
		}
	}
	if len(missing) > 0 {
		return nil, apperr.E(apperr.Invalid, "results.import.columns_missing", "columns", strings.Join(missing, ", "),
			"header", strings.Join(want, ","))
	}
	return col, nil
}

// rowParser checks the data rows of one export.
type rowParser struct {
	component string
	col       map[string]int
	year      int // the period's year: a carried-over SKD is from an earlier one
	seenReg   map[string]int
	seenNIK   map[string]int
	bad       *report.Problems
}

func newRowParser(component string, col map[string]int, year int, bad *report.Problems) *rowParser {
	return &rowParser{component: component, col: col, year: year, seenReg: map[string]int{}, seenNIK: map[string]int{}, bad: bad}
}

// rowCheck is one row being checked.
type rowCheck struct {
	p  *rowParser
	r  fileRow
	ok bool
}

// get is the trimmed cell of column c.
func (c *rowCheck) get(col string) string {
	if i := c.p.col[col]; i < len(c.r.cells) {
		return strings.TrimSpace(c.r.cells[i])
	}
	return ""
}

// fail reports a problem of column col.
func (c *rowCheck) fail(col, key string, args ...any) {
	c.p.bad.Add(c.r.line, col, key, args...)
	c.ok = false
}

// parse checks every data row; the rows without problems are returned,
// the problems go to the parser's report.
func (p *rowParser) parse(rows []fileRow) []*scoreRow {
	out := make([]*scoreRow, 0, len(rows))
	for _, r := range rows {
		if x, ok := p.row(r); ok {
			out = append(out, x)
		}
	}
	return out
}

// row checks one data row, column by column.
func (p *rowParser) row(r fileRow) (*scoreRow, bool) {
	c := &rowCheck{p: p, r: r, ok: true}
	x := &scoreRow{line: r.line, regNo: c.get("no_peserta"), nik: c.get("nik")}
	p.checkIdentity(c, x)
	present, known := parsePresence(c.get("hadir"))
	if !known {
		c.fail("hadir", "results.import.hadir", "value", c.get("hadir"))
	}
	x.present = present
	if Scored(p.component) {
		checkSKB(c, x, known, valueColumn(p.component))
	} else {
		checkSKD(c, x, known)
		p.checkReuse(c, x, known)
	}
	return x, c.ok
}

// checkIdentity: no_peserta well formed, the NIK 16 digits, each once in
// the file (one application per applicant and period).
func (p *rowParser) checkIdentity(c *rowCheck, x *scoreRow) {
	if !regNoRE.MatchString(x.regNo) {
		c.fail("no_peserta", "results.import.regno", "value", x.regNo)
	} else if prev, dup := p.seenReg[x.regNo]; dup {
		c.fail("no_peserta", "results.import.regno_twice", "number", x.regNo, "line", prev)
	} else {
		p.seenReg[x.regNo] = x.line
	}
	if len(x.nik) != 16 || !digits(x.nik) {
		c.fail("nik", "results.import.nik", "value", x.nik)
	} else if prev, dup := p.seenNIK[x.nik]; dup {
		c.fail("nik", "results.import.nik_twice", "nik", x.nik, "line", prev)
	} else {
		p.seenNIK[x.nik] = x.line
	}
}

// parsePresence reads hadir: 1/0, Hadir/Tidak Hadir, Y/T (any case).
func parsePresence(s string) (present, ok bool) {
	switch strings.ToUpper(strings.Join(strings.Fields(s), " ")) {
	case "1", "HADIR", "Y":
		return true, true
	case "0", "TIDAK HADIR", "T":
		return false, true
	}
	return false, false
}

// checkSKD: a present candidate has TWK 0–150 and TIU 0–175, both
// multiples of 5, and TKP 0–225, whole numbers; an absent one has no
// scores (empty or 0). known: hadir was readable.
func checkSKD(c *rowCheck, x *scoreRow, known bool) {
	for _, s := range []struct {
		col      string
		max      int
		by5      bool
		dst      *int
		required bool
	}{
		{"twk", maxTWK, true, &x.twk, true}, {"tiu", maxTIU, true, &x.tiu, true}, {"tkp", maxTKP, false, &x.tkp, true},
	} {
		v := c.get(s.col)
		switch {
		case !known:
			// Without presence the cell cannot be judged.
		case !x.present:
			if v != "" && (!digits(v) || strings.Trim(v, "0") != "") {
				c.fail(s.col, "results.import.absent_score", "value", v)
			}
		case v == "":
			c.fail(s.col, "results.import.score_required")
		case !digits(v) || len(v) > 6:
			c.fail(s.col, "results.import.whole", "value", v)
		default:
			n, _ := strconv.Atoi(v)
			switch {
			case n > s.max:
				c.fail(s.col, "results.import.range", "value", v, "max", s.max)
			case s.by5 && n%5 != 0:
				c.fail(s.col, "results.import.multiple5", "value", v)
			default:
				*s.dst = n
			}
		}
	}
}

// checkReuse: skd_tahun_sebelumnya is empty, or the four-digit year of an
// earlier SKD (before the period's year) carried over by a present
// candidate.
func (p *rowParser) checkReuse(c *rowCheck, x *scoreRow, known bool) {
	v := c.get("skd_tahun_sebelumnya")
	if v == "" {
		return
	}
	y, err := strconv.Atoi(v)
	switch {
	case len(v) != 4 || !digits(v) || err != nil || y < 1900 || y >= p.year:
		c.fail("skd_tahun_sebelumnya", "results.import.reuse_year", "value", v, "year", p.year)
	case known && !x.present:
		c.fail("skd_tahun_sebelumnya", "results.import.reuse_absent")
	default:
		x.reused = y
	}
}

// checkSKB: a present candidate has a score 0–100 with at most three
// decimals and a point; an absent one has none (empty: 0 is a score).
func checkSKB(c *rowCheck, x *scoreRow, known bool, col string) {
	v := c.get(col)
	switch {
	case !known:
	case !x.present:
		if v != "" {
			c.fail(col, "results.import.skb_absent", "value", v)
		}
	case v == "":
		c.fail(col, "results.import.score_required")
	default:
		m, key := parseMilli(v)
		if key != "" {
			c.fail(col, key, "value", v)
			return
		}
		x.milli = m
	}
}

// parseMilli reads a score 0–100 with at most three decimals and a point
// ("85", "85.5", "85.125") in thousandths; the key says what is wrong.
func parseMilli(s string) (int, string) {
	whole, frac, point := strings.Cut(s, ".")
	if !point {
		if w, f, comma := strings.Cut(s, ","); comma && digits(w) && digits(f) {
			return 0, "results.import.skb_comma"
		}
	}
	switch {
	case !digits(whole) || point && !digits(frac):
		return 0, "results.import.skb_number"
	case len(frac) > 3:
		return 0, "results.import.skb_decimals"
	case len(whole) > 3:
		return 0, "results.import.skb_range"
	}
	w, _ := strconv.Atoi(whole)
	f, _ := strconv.Atoi((frac + "000")[:3])
	m := w*1000 + f
	if m > maxSKBMilli {
		return 0, "results.import.skb_range"
	}
	return m, ""
}

// digits reports whether s is one or more ASCII digits.
func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// milliText writes thousandths as the file does: 85125 → "85.125".
func milliText(m int) string {
	s := strconv.Itoa(m / 1000)
	if f := m % 1000; f != 0 {
		s += strings.TrimRight("."+strconv.Itoa(1000 + f)[1:], "0")
	}
	return s
}

// WriteTemplate writes the example export of component ("skd" or "skb")
// as format ("csv" or "xlsx"), in the columns the import reads. Errors:
// invalid (component or format), or the writer's.
func WriteTemplate(w io.Writer, component, format string) error {
	header, rows := SKDColumns, skdTemplate
	switch component {
	case ComponentSKD:
	case ComponentSKB:
		header, rows = SKBColumns, skbTemplate
	case ComponentSKBExtra:
		header, rows = ExtraColumns, skbTemplate
	default:
		return apperr.InvalidMsgs(map[string]apperr.Msg{"component": apperr.M("results.import.component")})
	}
	if format != "csv" && format != "xlsx" {
		return apperr.InvalidMsgs(map[string]apperr.Msg{"format": apperr.M("results.template.format")})
	}
	return report.WriteTable(w, format, "nilai-"+component, header, rows)
}
