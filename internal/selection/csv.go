package selection

import (
	"bytes"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"math"
	"os"

	"asnpro/internal/report/csvsafe"
)

// The input columns of `asnpro rank`, in order (API.md).
const (
	colApplicant = iota
	colFormation
	colQuota
	colPosition
	colEducation
	colCategory
	colPresentSKD
	colTWK
	colTIU
	colTKP
	colPresentSKB
	colSKB
	colIPK
	colBirthDate
	numColumns
)

var inputColumns = [numColumns]string{
	"applicant_id", "formation_id", "quota", "position", "education", "category",
	"present_skd", "twk", "tiu", "tkp", "present_skb", "skb", "ipk", "birth_date",
}

// InputHeader is the header line `asnpro rank` expects (without a line end).
const InputHeader = "applicant_id,formation_id,quota,position,education,category,present_skd,twk,tiu,tkp,present_skb,skb,ipk,birth_date"

// OutputHeader is the header line `asnpro rank` writes (without a line end).
const OutputHeader = "applicant_id,formation_id,skd_total,skd_code,final_score,final_rank,final_code,placed_formation_id"

// RankCSV is `asnpro rank --scheme SCHEME`: it reads applicants from r in the
// input format of API.md, ranks them by the named scheme and writes the
// output format to w. It writes nothing to w unless the whole input is valid.
//
// Errors: ErrUnknownScheme (wrapped) for an unknown scheme; *InputError for
// bad input, whose message names the physical line (the header is line 1)
// and the column, e.g. `line 7, column tiu: "abc" is not a whole number`;
// otherwise a read error of r or a write error of w.
func RankCSV(r io.Reader, w io.Writer, scheme string) error {
	s, err := LookupScheme(scheme)
	if err != nil {
		return err
	}
	rk, err := s.RankFile(r)
	if err != nil {
		return err
	}
	if err := rk.WriteCSV(w); err != nil {
		return fmt.Errorf("write output: %w", err)
	}
	return nil
}

// RankFile reads applicants from r in the `asnpro rank` input format and
// ranks them by s, for callers that want outcomes and explanations rather than
// the output file. It reads r once, streaming; memory grows with the number of
// rows (about 60 bytes per applicant plus its ID). Errors: as RankCSV.
func (s Scheme) RankFile(r io.Reader) (*Ranking, error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	l := newCSVLoader(&s, r)
	if err := l.load(); err != nil {
		return nil, err
	}
	if i := l.e.run(); i >= 0 {
		return nil, &InputError{Line: int(l.e.rows[i].line), Column: inputColumns[colPresentSKB],
			Msg: `"1", but ` + l.e.unqualifiedSKB(i)}
	}
	return &Ranking{e: l.e}, nil
}

type csvLoader struct {
	s      *Scheme
	e      *engine
	rr     *recordReader
	lines  []int // lines of the fields of the current record
	size   int64 // input size when known, for sizing the tables; else 0
	forms  map[string]uint32
	groups map[groupKey]uint32
	// Duplicate applicant IDs are found after reading, by sorting a 64-bit
	// hash of every ID (a map of a million IDs costs several times more).
	seed   maphash.Seed
	hashes []uint64
}

func newCSVLoader(s *Scheme, r io.Reader) *csvLoader {
	rr := newRecordReader(r, readChunk)
	rr.skipBOM()
	return &csvLoader{
		s:      s,
		e:      &engine{s: *s},
		rr:     rr,
		size:   inputSize(r),
		forms:  make(map[string]uint32),
		groups: make(map[groupKey]uint32),
		seed:   maphash.MakeSeed(),
	}
}

// inputSize returns how many bytes r holds, when it can tell: a regular file
// or an in-memory reader.
func inputSize(r io.Reader) int64 {
	switch v := r.(type) {
	case interface{ Len() int }:
		return int64(v.Len())
	case *os.File:
		fi, err := v.Stat()
		if err != nil || !fi.Mode().IsRegular() {
			return 0
		}
		at, err := v.Seek(0, io.SeekCurrent)
		if err != nil {
			return 0
		}
		return fi.Size() - at
	}
	return 0
}

func (l *csvLoader) load() error {
	header, lines, err := l.rr.next()
	if err == io.EOF {
		return &InputError{Line: 1, Msg: "the file is empty; expected the header " + InputHeader}
	}
	if err != nil {
		return l.readError(err)
	}
	l.lines = lines
	if err := l.checkHeader(header); err != nil {
		return err
	}
	for {
		rec, lines, err := l.rr.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			// A duplicate ID among the rows read so far is on an earlier
			// line: report the first error of the file.
			if dup := l.firstDuplicate(); dup != nil {
				return dup
			}
			return l.readError(err)
		}
		l.lines = lines
		if err := l.addRow(rec); err != nil {
			if dup := l.firstDuplicate(); dup != nil {
				return dup
			}
			return err
		}
		if len(l.e.rows) == 1024 && l.size > 0 {
			l.reserve()
		}
	}
	l.e.groups = len(l.groups)
	if dup := l.firstDuplicate(); dup != nil {
		return dup
	}
	return nil
}

// reserve sizes the row tables for the whole input from the bytes the first
// rows took, so that they are not copied as they grow.
func (l *csvLoader) reserve() {
	e := l.e
	if l.rr.offset <= 0 {
		return
	}
	est := int(float64(len(e.rows))*float64(l.size)/float64(l.rr.offset)*1.02) + 1024
	if est > 1<<25 { // beyond 33 million rows, let the tables grow as they fill
		return
	}
	e.rows = resize(e.rows, est)
	e.idEnd = resize(e.idEnd, est)
	l.hashes = resize(l.hashes, est)
	e.ids = resize(e.ids, int(float64(len(e.ids))*float64(est)/float64(len(e.rows))*1.02)+4096)
}

// resize returns s with room for n elements. A fresh allocation from make is
// not cleared page by page the way append's growth is, so memory that is
// never used is never touched.
func resize[T any](s []T, n int) []T {
	if n <= cap(s) {
		return s
	}
	t := make([]T, len(s), n)
	copy(t, s)
	return t
}

func (l *csvLoader) checkHeader(h [][]byte) error {
	line := l.lines[0]
	for i := 0; i < len(h) || i < numColumns; i++ {
		switch {
		case i >= len(h):
			return &InputError{Line: line, Column: inputColumns[i], Msg: "missing from the header; expected " + InputHeader}
		case i >= numColumns:
			return &InputError{Line: line, Msg: fmt.Sprintf("unexpected column %q after birth_date in the header; expected %s", h[i], InputHeader)}
		case string(h[i]) != inputColumns[i]:
			return &InputError{
				Line:   line,
				Column: inputColumns[i],
				Msg:    fmt.Sprintf("the header has %q where %q is expected; expected %s", h[i], inputColumns[i], InputHeader),
			}
		}
	}
	return nil
}

// readError turns an error of the record reader into one that names the line
// and the column.
func (l *csvLoader) readError(err error) error {
	var se *csvSyntaxError
	if !errors.As(err, &se) {
		return fmt.Errorf("read input: %w", err)
	}
	col := ""
	if se.field < numColumns {
		col = inputColumns[se.field]
	}
	switch se.kind {
	case bareQuote:
		return &InputError{
			Line:   se.line,
			Column: col,
			Msg:    `a quote (") inside a field that does not start with one; quote the whole field and double the quote inside ("")`,
		}
	case badQuote:
		return &InputError{
			Line:   se.line,
			Column: col,
			Msg:    `a quoted field must end with a quote followed by a comma or the end of the line (write a quote inside it as "")`,
		}
	case unclosedQuote:
		return &InputError{Line: se.line, Column: col, Msg: "the quoted field that starts on this line is never closed"}
	}
	return &InputError{Line: se.line, Msg: fmt.Sprintf("a row longer than %d bytes (a quote left open?)", maxRecordBytes)}
}

func (l *csvLoader) bad(col int, msg string) error {
	return &InputError{Line: l.lines[col], Column: inputColumns[col], Msg: msg}
}

func wholeMessage[T text](raw T, p wholeProblem, lo, hi int) string {
	switch p {
	case wholeEmpty:
		return fmt.Sprintf("empty; expected a whole number from %d to %d", lo, hi)
	case wholeNotNumber:
		return fmt.Sprintf("%q is not a whole number", raw)
	}
	return fmt.Sprintf("%q is out of range (%d to %d)", raw, lo, hi)
}

func parsePresent(b []byte) (bool, bool) {
	if len(b) == 1 && (b[0] == '0' || b[0] == '1') {
		return b[0] == '1', true
	}
	return false, false
}

// addRow checks one data row, left to right, and appends it.
func (l *csvLoader) addRow(rec [][]byte) error {
	e := l.e
	if err := l.checkWidth(rec); err != nil {
		return err
	}
	if len(e.rows) >= math.MaxUint32-1 || len(e.ids) > math.MaxUint32-maxIDLength {
		return l.bad(colApplicant, "too many rows for one ranking")
	}
	r := row{line: uint32(l.lines[0])}
	// Text cells lose the apostrophe that a CSV written by asnpro puts in
	// front of a would-be formula (csvsafe), so that an ID reads back as
	// it was.
	for _, c := range [4]int{colApplicant, colFormation, colPosition, colEducation} {
		rec[c] = csvsafe.RestoreBytes(rec[c])
	}
	id := rec[colApplicant]
	if m := checkID(id); m != "" {
		return l.bad(colApplicant, m)
	}
	f, err := l.formationOf(rec)
	if err != nil {
		return err
	}
	r.form = f
	cat, ok := parseCategory(rec[colCategory])
	if !ok {
		return l.bad(colCategory, fmt.Sprintf("%q is not a category (%s)", rec[colCategory], categoryList()))
	}
	r.cat = cat
	if fm := &e.forms[f]; !fm.catSet { // the formation's first row gives its category
		fm.cat, fm.catSet = cat, true
	}
	scores, err := l.skdScores(rec, &r)
	if err != nil {
		return err
	}
	if err := l.skbScore(rec, &r, scores); err != nil {
		return err
	}
	if err := l.ipkAndBirth(rec, &r); err != nil {
		return err
	}
	l.appendRow(r, id)
	return nil
}

// checkWidth refuses a row with more or fewer fields than the header.
func (l *csvLoader) checkWidth(rec [][]byte) error {
	if len(rec) == numColumns {
		return nil
	}
	line := l.lines[len(rec)-1]
	if len(rec) < numColumns {
		return &InputError{Line: line, Column: inputColumns[len(rec)],
			Msg: fmt.Sprintf("missing: the row has %d fields, the header %d", len(rec), numColumns)}
	}
	return &InputError{Line: line,
		Msg: fmt.Sprintf("the row has %d fields, the header %d (a comma inside a value must be quoted)", len(rec), numColumns)}
}

// formationOf checks the formation cells of rec (ID, quota, position,
// education) and returns the formation's index: a known formation's cells
// must agree with its first row; a new one is added.
func (l *csvLoader) formationOf(rec [][]byte) (uint32, error) {
	e := l.e
	fid := rec[colFormation]
	if m := checkID(fid); m != "" {
		return 0, l.bad(colFormation, m)
	}
	f, known := l.forms[string(fid)]
	var fm *formation
	if known {
		fm = &e.forms[f]
	}
	quota, qp := parseWhole(rec[colQuota])
	if qp != wholeOK || quota < 1 {
		if qp == wholeOK {
			return 0, l.bad(colQuota, fmt.Sprintf("%q must be at least 1", rec[colQuota]))
		}
		return 0, l.bad(colQuota, wholeMessage(rec[colQuota], qp, 1, maxQuota))
	}
	if known && uint32(quota) != fm.quota {
		return 0, l.bad(colQuota, fmt.Sprintf("%d disagrees with %d on line %d, where formation %q first appears",
			quota, fm.quota, fm.line, fm.id))
	}
	for _, c := range [2]int{colPosition, colEducation} {
		if err := l.checkFormationText(rec[c], c, fm); err != nil {
			return 0, err
		}
	}
	if known {
		return f, nil
	}
	f = uint32(len(e.forms))
	id := string(fid)
	l.forms[id] = f
	k := groupKey{string(rec[colPosition]), string(rec[colEducation])}
	g, ok := l.groups[k]
	if !ok {
		g = uint32(len(l.groups))
		l.groups[k] = g
	}
	e.forms = append(e.forms, formation{id: id, position: k.position, education: k.education, quota: uint32(quota),
		group: g, line: uint32(l.lines[0])})
	return f, nil
}

// checkFormationText checks the position or education cell v (column c),
// which must agree with the formation's first row fm when it is known.
func (l *csvLoader) checkFormationText(v []byte, c int, fm *formation) error {
	if m := checkText(v); m != "" {
		return l.bad(c, m)
	}
	if fm == nil {
		return nil
	}
	want := fm.position
	if c == colEducation {
		want = fm.education
	}
	if string(v) != want {
		return l.bad(c, fmt.Sprintf("%q disagrees with %q on line %d, where formation %q first appears", v, want, fm.line, fm.id))
	}
	return nil
}

// skdScores checks present_skd and the three SKD scores into r and returns
// the scores (TWK, TIU, TKP).
func (l *csvLoader) skdScores(rec [][]byte, r *row) ([3]int, error) {
	var scores [3]int
	presentSKD, ok := parsePresent(rec[colPresentSKD])
	if !ok {
		return scores, l.bad(colPresentSKD, fmt.Sprintf("%q must be 1 (present) or 0 (absent)", rec[colPresentSKD]))
	}
	for k, sc := range [3]struct {
		col, max, step int
		name           string
	}{{colTWK, l.s.MaxTWK, l.s.ItemPoints, "TWK"}, {colTIU, l.s.MaxTIU, l.s.ItemPoints, "TIU"}, {colTKP, l.s.MaxTKP, 1, "TKP"}} {
		raw := rec[sc.col]
		if !presentSKD && len(raw) == 0 {
			continue
		}
		v, p := parseWhole(raw)
		if p != wholeOK {
			return scores, l.bad(sc.col, wholeMessage(raw, p, 0, sc.max))
		}
		if !presentSKD && v != 0 {
			return scores, l.bad(sc.col,
				fmt.Sprintf("%q given, but present_skd is 0 (leave the scores of an applicant absent at SKD empty or 0)", raw))
		}
		if m := scoreMessage(raw, v, sc.max, sc.step, sc.name); m != "" {
			return scores, l.bad(sc.col, m)
		}
		scores[k] = v
	}
	r.twk, r.tiu, r.tkp = uint16(scores[0]), uint16(scores[1]), uint16(scores[2])
	if presentSKD {
		r.flags |= flagPresentSKD
	}
	return scores, nil
}

// skbScore checks present_skb (possible only for an applicant present at
// SKD and at or above the passing grade of r's category) and the SKB
// score into r.
func (l *csvLoader) skbScore(rec [][]byte, r *row, scores [3]int) error {
	presentSKD := r.flags&flagPresentSKD != 0
	presentSKB, ok := parsePresent(rec[colPresentSKB])
	if !ok {
		return l.bad(colPresentSKB, fmt.Sprintf("%q must be 1 (present) or 0 (absent)", rec[colPresentSKB]))
	}
	if presentSKB {
		if !presentSKD {
			return l.bad(colPresentSKB, `"1", but present_skd is 0: an applicant absent at SKD cannot have sat SKB`)
		}
		if !l.s.Grades[r.cat].passes(scores[0], scores[1], scores[2]) {
			return l.bad(colPresentSKB,
				fmt.Sprintf(`"1", but the applicant is below the %s passing grade (TL), so did not qualify for SKB`, r.cat))
		}
		r.flags |= flagPresentSKB
	}
	skbText := rec[colSKB]
	switch {
	case !presentSKB && len(skbText) != 0:
		return l.bad(colSKB,
			fmt.Sprintf("%q given, but present_skb is 0 (leave skb empty for an applicant who did not sit SKB)", skbText))
	case presentSKB && len(skbText) == 0:
		return l.bad(colSKB, "empty, but present_skb is 1 (give the SKB score, 0 to 100 with up to 3 decimals)")
	case presentSKB:
		v, p := parseDecimal(skbText)
		if p == decimalTooLarge || (p == decimalOK && v > maxSKB) {
			return l.bad(colSKB, fmt.Sprintf("%q is out of range (0 to 100)", skbText))
		}
		if p != decimalOK {
			return l.bad(colSKB, decimalMessage(skbText, p))
		}
		r.skb = uint32(v)
	}
	return nil
}

// ipkAndBirth checks the IPK and the birth date into r.
func (l *csvLoader) ipkAndBirth(rec [][]byte, r *row) error {
	ipkText := rec[colIPK]
	ipk, p := parseDecimal(ipkText)
	switch {
	case p == decimalEmpty:
		return l.bad(colIPK, "empty; expected the IPK or the school average, 0 to 100 with up to 3 decimals")
	case p == decimalTooLarge || (p == decimalOK && ipk > 100*DecimalOne):
		return l.bad(colIPK, fmt.Sprintf("%q is out of range (0 to 100)", ipkText))
	case p != decimalOK:
		return l.bad(colIPK, decimalMessage(ipkText, p))
	}
	r.ipk = uint32(ipk)
	birth, ok := parseDate(rec[colBirthDate])
	if !ok {
		if len(rec[colBirthDate]) == 0 {
			return l.bad(colBirthDate, "empty; expected a date YYYY-MM-DD")
		}
		return l.bad(colBirthDate, fmt.Sprintf("%q is not a valid date (YYYY-MM-DD, years 1900 to 2099)", rec[colBirthDate]))
	}
	r.birth = birth.key()
	return nil
}

// appendRow appends the checked row r with applicant ID id.
func (l *csvLoader) appendRow(r row, id []byte) {
	e := l.e
	if len(e.rows) == cap(e.rows) { // double: append grows large slices by 1.25×
		n := 2*len(e.rows) + 4096
		e.rows, e.idEnd, l.hashes = resize(e.rows, n), resize(e.idEnd, n), resize(l.hashes, n)
	}
	if len(e.ids)+len(id) > cap(e.ids) {
		e.ids = resize(e.ids, 2*len(e.ids)+64<<10)
	}
	e.rows = append(e.rows, r)
	e.ids = append(e.ids, id...)
	e.idEnd = append(e.idEnd, uint32(len(e.ids)))
	l.hashes = append(l.hashes, maphash.Bytes(l.seed, id))
}

// firstDuplicate returns an error for the first row (in input order) whose
// applicant ID appeared on an earlier row, or nil.
func (l *csvLoader) firstDuplicate() error {
	e := l.e
	n := len(e.rows)
	if n < 2 {
		return nil
	}
	pairs := make([]hashRow, n)
	for i := range pairs {
		pairs[i] = hashRow{l.hashes[i], uint32(i)}
	}
	radixSortHashes(pairs)
	later, first := -1, -1
	for s := 0; s < n; {
		end := s + 1
		for end < n && pairs[end].h == pairs[s].h {
			end++
		}
		// A run of equal hashes, in row order: usually one ID repeated, but
		// different IDs can share a hash, so compare the IDs themselves.
		for x := s + 1; x < end; x++ {
			j := pairs[x].row
			for y := s; y < x; y++ {
				if i := pairs[y].row; bytes.Equal(e.idBytes(i), e.idBytes(j)) {
					if later < 0 || int(j) < later {
						later, first = int(j), int(i)
					}
					break
				}
			}
		}
		s = end
	}
	if later < 0 {
		return nil
	}
	return &InputError{Line: int(e.rows[later].line), Column: inputColumns[colApplicant],
		Msg: fmt.Sprintf("%q already appears on line %d", e.idBytes(uint32(later)), e.rows[first].line)}
}

type hashRow struct {
	h   uint64
	row uint32
}

// radixSortHashes sorts by hash, keeping row order among equal hashes (an
// LSD radix sort: four stable passes of 16 bits).
func radixSortHashes(a []hashRow) {
	tmp := make([]hashRow, len(a))
	count := make([]int, 1<<16+1)
	src, dst := a, tmp
	for shift := 0; shift < 64; shift += 16 {
		clear(count)
		for _, p := range src {
			count[(p.h>>shift)&0xffff+1]++
		}
		for d := 1; d < len(count); d++ {
			count[d] += count[d-1]
		}
		for _, p := range src {
			d := (p.h >> shift) & 0xffff
			dst[count[d]] = p
			count[d]++
		}
		src, dst = dst, src
	}
	// Four passes: the sorted data is back in a.
}
