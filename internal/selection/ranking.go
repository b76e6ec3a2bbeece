package selection

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"strconv"

	"asnpro/internal/report/csvsafe"
)

// Formation is a formation as the ranking sees it. Its category, whose
// passing grade an applicant of another formation must meet to be placed in it
// by optimalisasi, is the category of its first applicant in the input (umum
// when it has none), as for a file.
type Formation struct {
	ID        string
	Quota     int // at least 1
	Position  string
	Education string
}

// Applicant is one applicant's data in one formation.
type Applicant struct {
	ID          string
	FormationID string
	Category    Category
	PresentSKD  bool
	TWK         int // multiple of Scheme.ItemPoints, 0 to MaxTWK; 0 when absent
	TIU         int // multiple of Scheme.ItemPoints, 0 to MaxTIU; 0 when absent
	TKP         int // 0 to MaxTKP; 0 when absent
	PresentSKB  bool
	SKB         Decimal // 0 to 100; 0 when absent at SKB
	IPK         Decimal // IPK, or the school average; 0 to 100
	BirthDate   Date
}

// Ranking is the result of ranking a set of applicants. Outcome and Explain
// take the applicant's index in the input. A Ranking does not change once
// made: any number of goroutines may read it.
type Ranking struct{ e *engine }

// Outcome is what happened to one applicant, as `asnpro rank` prints it.
type Outcome struct {
	ApplicantID string
	FormationID string
	SKDTotal    int
	SKDCode     string // TH, TL, P or P/L
	SKDRank     int    // rank among the formation's grade passers; 0 for TH and TL
	// HasFinal is true for those who sat SKB: FinalScore and FinalRank are set.
	HasFinal          bool
	FinalScore        Quantity // exact value in Num/Den, Text with 3 decimals rounded half up
	FinalRank         int
	FinalCode         string // P/L, P/L-2, TL or TH; for those who did not reach SKB, the SKD code
	PlacedFormationID string // for P/L and P/L-2
}

// FormationResult sums up one formation.
type FormationResult struct {
	ID        string
	Quota     int
	Ranked    int // met the grade
	ToSKB     int // P/L at SKD
	SKBTakers int // sat SKB
	Placed    int // P/L in this formation
	Received  int // P/L-2 taken in from other formations
	Vacant    int // places left empty
}

// Rank ranks applicants by the rules of s (see RANKING.md for the rules in
// order). Formations are processed for optimalisasi in the order given.
// Errors: *InputError naming the applicant or formation and the field at
// fault (maps to `invalid`), or an error from Validate.
func (s Scheme) Rank(forms []Formation, apps []Applicant) (*Ranking, error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	e := &engine{s: s, rows: make([]row, 0, len(apps)), idEnd: make([]uint32, 0, len(apps))}
	byID, err := e.addFormations(forms)
	if err != nil {
		return nil, err
	}
	seen := make(map[string]int, len(apps))
	for k, a := range apps {
		r, err := e.applicantRow(k, a, byID, seen)
		if err != nil {
			return nil, err
		}
		e.rows = append(e.rows, r)
		e.ids = append(e.ids, a.ID...)
		e.idEnd = append(e.idEnd, uint32(len(e.ids)))
	}
	if i := e.run(); i >= 0 {
		return nil, &InputError{Item: fmt.Sprintf("applicant %d", i+1), Column: "present_skb", Msg: "true, but " + e.unqualifiedSKB(i)}
	}
	return &Ranking{e: e}, nil
}

// addFormations checks forms and adds them to e, grouped by position and
// education; it returns their indexes by ID.
func (e *engine) addFormations(forms []Formation) (map[string]uint32, error) {
	byID := make(map[string]uint32, len(forms))
	groups := make(map[groupKey]uint32)
	for k, f := range forms {
		bad := func(col, msg string) error {
			return &InputError{Item: fmt.Sprintf("formation %d", k+1), Column: col, Msg: msg}
		}
		if m := checkID(f.ID); m != "" {
			return nil, bad("id", m)
		}
		if _, dup := byID[f.ID]; dup {
			return nil, bad("id", fmt.Sprintf("%q is given twice", f.ID))
		}
		if f.Quota < 1 || f.Quota > maxQuota {
			return nil, bad("quota", fmt.Sprintf("%d is out of range (1 to %d)", f.Quota, maxQuota))
		}
		if m := checkText(f.Position); m != "" {
			return nil, bad("position", m)
		}
		if m := checkText(f.Education); m != "" {
			return nil, bad("education", m)
		}
		byID[f.ID] = uint32(k)
		g, ok := groups[groupKey{f.Position, f.Education}]
		if !ok {
			g = uint32(len(groups))
			groups[groupKey{f.Position, f.Education}] = g
		}
		e.forms = append(e.forms, formation{id: f.ID, position: f.Position, education: f.Education, quota: uint32(f.Quota), group: g})
	}
	e.groups = len(groups)
	return byID, nil
}

// applicantRow checks applicant k, a, and returns its row; seen holds the
// IDs of the applicants before it (a is added).
func (e *engine) applicantRow(k int, a Applicant, byID map[string]uint32, seen map[string]int) (row, error) {
	bad := func(col, msg string) error {
		return &InputError{Item: fmt.Sprintf("applicant %d", k+1), Column: col, Msg: msg}
	}
	if m := checkID(a.ID); m != "" {
		return row{}, bad("id", m)
	}
	if first, dup := seen[a.ID]; dup {
		return row{}, bad("id", fmt.Sprintf("%q is also applicant %d", a.ID, first+1))
	}
	seen[a.ID] = k
	f, ok := byID[a.FormationID]
	if !ok {
		return row{}, bad("formation_id", fmt.Sprintf("%q is not a formation", a.FormationID))
	}
	if a.Category >= numCategories {
		return row{}, bad("category", fmt.Sprintf("%d is not a category", a.Category))
	}
	r := row{form: f, cat: a.Category}
	if fm := &e.forms[f]; !fm.catSet { // the formation's first applicant gives its category
		fm.cat, fm.catSet = a.Category, true
	}
	if col, msg := e.s.checkSKD(a); col != "" {
		return row{}, bad(col, msg)
	}
	if a.PresentSKD {
		r.flags |= flagPresentSKD
		r.twk, r.tiu, r.tkp = uint16(a.TWK), uint16(a.TIU), uint16(a.TKP)
	}
	if col, msg := e.s.checkSKB(a); col != "" {
		return row{}, bad(col, msg)
	}
	if a.PresentSKB {
		r.flags |= flagPresentSKB
		r.skb = uint32(a.SKB)
	}
	if a.IPK < 0 || a.IPK > 100*DecimalOne {
		return row{}, bad("ipk", fmt.Sprintf("%s is out of range (0 to 100)", a.IPK))
	}
	r.ipk = uint32(a.IPK)
	if !a.BirthDate.Valid() {
		return row{}, bad("birth_date", fmt.Sprintf("%s is not a valid date", a.BirthDate))
	}
	r.birth = a.BirthDate.key()
	return r, nil
}

// checkSKD returns the column and message of what is wrong with a's SKD
// scores, or "": an applicant present has scores in range, one absent
// none.
func (s Scheme) checkSKD(a Applicant) (col, msg string) {
	if !a.PresentSKD {
		for _, sc := range []struct {
			name string
			v    int
		}{{"twk", a.TWK}, {"tiu", a.TIU}, {"tkp", a.TKP}} {
			if sc.v != 0 {
				return sc.name, fmt.Sprintf("%d given for an applicant absent at SKD", sc.v)
			}
		}
		return "", ""
	}
	for _, sc := range []struct {
		name    string
		v, max  int
		step    int
		subtest string
	}{{"twk", a.TWK, s.MaxTWK, s.ItemPoints, "TWK"}, {"tiu", a.TIU, s.MaxTIU, s.ItemPoints, "TIU"}, {"tkp", a.TKP, s.MaxTKP, 1, "TKP"}} {
		if m := scoreMessage("", sc.v, sc.max, sc.step, sc.subtest); m != "" {
			return sc.name, m
		}
	}
	return "", ""
}

// checkSKB returns the column and message of what is wrong with a's SKB
// presence and score, or "".
func (s Scheme) checkSKB(a Applicant) (col, msg string) {
	if !a.PresentSKB {
		if a.SKB != 0 {
			return "skb", "given for an applicant absent at SKB"
		}
		return "", ""
	}
	switch {
	case !a.PresentSKD:
		return "present_skb", "true for an applicant absent at SKD"
	case !s.Passes(a.Category, a.TWK, a.TIU, a.TKP):
		return "present_skb", "true for an applicant below the SKD passing grade (TL)"
	case a.SKB < 0 || a.SKB > maxSKB:
		return "skb", fmt.Sprintf("%s is out of range (0 to 100)", a.SKB)
	}
	return "", ""
}

// unqualifiedSKB explains why row i (a P) could not have sat SKB.
func (e *engine) unqualifiedSKB(i int) string {
	r := &e.rows[i]
	fm := &e.forms[r.form]
	return fmt.Sprintf(
		"the applicant is ranked %d at SKD in formation %q, outside the cut of %d (%d × quota %d) and not tied with its last "+
			"place, so did not qualify for SKB (P)",
		r.skdRank,
		fm.id,
		uint64(fm.quota)*uint64(e.s.CutMultiple),
		e.s.CutMultiple,
		fm.quota,
	)
}

// Len returns the number of applicants.
func (r *Ranking) Len() int { return len(r.e.rows) }

// Outcome returns the outcome of applicant i (its index in the input).
func (r *Ranking) Outcome(i int) Outcome {
	e := r.e
	w := &e.rows[i]
	o := Outcome{
		ApplicantID: e.id(uint32(i)),
		FormationID: e.forms[w.form].id,
		SKDTotal:    w.total(),
		SKDCode:     resultText[w.skdCode],
		SKDRank:     int(w.skdRank),
		FinalRank:   int(w.finalRank),
		FinalCode:   resultText[w.finalCode],
	}
	if w.finalRank > 0 {
		o.HasFinal = true
		o.FinalScore = ratioQuantity(e.final(w), e.s.FinalDenominator())
	}
	if w.placed > 0 {
		o.PlacedFormationID = e.forms[w.placed-1].id
	}
	return o
}

// Formations sums up every formation, in the order of the input.
func (r *Ranking) Formations() []FormationResult {
	out := make([]FormationResult, len(r.e.forms))
	for f := range r.e.forms {
		fm := &r.e.forms[f]
		out[f] = FormationResult{
			ID: fm.id, Quota: int(fm.quota), Ranked: int(fm.skdLen), ToSKB: int(fm.toSKB),
			SKBTakers: int(fm.finLen), Placed: int(fm.placed), Received: int(fm.received),
			Vacant: int(fm.quota - fm.placed - fm.received),
		}
	}
	return out
}

// Explain returns every reason behind applicant i's outcome, in the order of
// the rules: the SKD result (which threshold failed and by how much, or the
// rank and the cut), the neighbours directly ahead and behind in the SKD list
// (and which criterion of the chain separated them), then the same for the
// final list, and optimalisasi.
func (r *Ranking) Explain(i int) Explanation {
	e := r.e
	w := &e.rows[i]
	fm := &e.forms[w.form]
	ex := Explanation{ID: e.id(uint32(i)), Outcome: resultText[w.finalCode]}
	add := func(rs ...Reason) { ex.Reasons = append(ex.Reasons, rs...) }
	switch w.skdCode {
	case rcTH:
		add(Reason{Code: CodeSKDAbsent, Stage: StageSKD}, Reason{Code: CodeSKBNotReached, Stage: StageSKB})
		return ex
	case rcTL:
		add(e.s.GradeReasons(w.cat, int(w.twk), int(w.tiu), int(w.tkp))...)
		add(Reason{Code: CodeSKBNotReached, Stage: StageSKB})
		return ex
	}
	add(Reason{Code: CodePassedGrade, Stage: StageSKD, Category: w.cat.String()})
	cut := uint64(fm.quota) * uint64(e.s.CutMultiple)
	rank := Reason{Stage: StageSKD, Rank: int(w.skdRank), Cut: int(cut), Of: int(fm.skdLen), Formation: fm.id}
	switch {
	case w.skdCode == rcPL && uint64(w.skdRank) <= cut:
		rank.Code = CodeWithinCut
	case w.skdCode == rcPL:
		rank.Code = CodeTiedAtCut
		rank.Other = e.id(e.skd[fm.skdOff+uint32(cut)-1])
	default:
		rank.Code = CodeOutsideCut
	}
	add(rank)
	add(e.neighbours(StageSKD, e.skd[fm.skdOff:fm.skdOff+fm.skdLen], int(w.skdRank)-1, false)...)
	if w.skdCode == rcP {
		add(Reason{Code: CodeSKBNotReached, Stage: StageSKB})
		return ex
	}
	if w.flags&flagPresentSKB == 0 {
		add(Reason{Code: CodeSKBAbsent, Stage: StageSKB})
		return ex
	}
	den := e.s.FinalDenominator()
	fs := ratioQuantity(e.final(w), den)
	skd, skb := intQuantity(int64(w.total())), decimalQuantity(Decimal(w.skb))
	add(Reason{Code: CodeFinalScore, Stage: StageFinal, Field: FieldFinalScore, Value: &fs,
		Parts: []Part{{FieldSKDTotal, skd, e.s.WeightSKD}, {FieldSKB, skb, e.s.WeightSKB}}})
	q := Reason{Stage: StageFinal, Rank: int(w.finalRank), Cut: int(fm.quota), Of: int(fm.finLen), Formation: fm.id}
	if w.finalRank <= fm.quota {
		q.Code = CodeWithinQuota
	} else {
		q.Code = CodeOutsideQuota
	}
	add(q)
	add(e.neighbours(StageFinal, e.fin[fm.finOff:fm.finOff+fm.finLen], int(w.finalRank)-1, true)...)
	if w.finalRank <= fm.quota {
		return ex
	}
	g := fm.group
	pool := e.pool[e.poolOff[g]:e.poolOff[g+1]]
	pos := 0
	for pos < len(pool) && pool[pos] != uint32(i) {
		pos++
	}
	if w.finalCode == rcPL2 {
		add(Reason{Code: CodeOptimalisasi, Stage: StageOptimalisasi, Rank: pos + 1, Of: len(pool), Formation: e.forms[w.placed-1].id})
	} else {
		add(Reason{Code: CodeNotPlaced, Stage: StageOptimalisasi, Rank: pos + 1, Of: len(pool)})
	}
	add(e.neighbours(StageOptimalisasi, pool, pos, true)...)
	return ex
}

// neighbours explains list[pos] against the applicants directly ahead of and
// behind it.
func (e *engine) neighbours(stage Stage, list []uint32, pos int, final bool) []Reason {
	var out []Reason
	if pos < 0 || pos >= len(list) {
		return nil
	}
	if pos > 0 {
		out = append(out, e.against(stage, CodeBehind, list[pos], list[pos-1], final))
	}
	if pos+1 < len(list) {
		out = append(out, e.against(stage, CodeAheadOf, list[pos], list[pos+1], final))
	}
	return out
}

// against names the first criterion of the chain on which a and b differ.
func (e *engine) against(stage Stage, code Code, a, b uint32, final bool) Reason {
	ra, rb := &e.rows[a], &e.rows[b]
	step := 0
	res := Reason{Code: code, Stage: stage, Other: e.id(b)}
	set := func(field string, va, vb Quantity) Reason {
		res.Field, res.Step, res.Value, res.Limit = field, step, &va, &vb
		if va.IsNumber() && vb.IsNumber() {
			m := va.sub(vb)
			res.Margin = &m
		}
		return res
	}
	if final {
		if na, nb := e.final(ra), e.final(rb); na != nb {
			den := e.s.FinalDenominator()
			return set(FieldFinalScore, ratioQuantity(na, den), ratioQuantity(nb, den))
		}
		step++
	}
	ints := []struct {
		field  string
		va, vb int
	}{
		{FieldSKDTotal, ra.total(), rb.total()},
		{FieldTKP, int(ra.tkp), int(rb.tkp)},
		{FieldTIU, int(ra.tiu), int(rb.tiu)},
		{FieldTWK, int(ra.twk), int(rb.twk)},
	}
	for _, c := range ints {
		if c.va != c.vb {
			return set(c.field, intQuantity(int64(c.va)), intQuantity(int64(c.vb)))
		}
		step++
	}
	if ra.ipk != rb.ipk {
		return set(FieldIPK, decimalQuantity(Decimal(ra.ipk)), decimalQuantity(Decimal(rb.ipk)))
	}
	step++
	if ra.birth != rb.birth {
		return set(FieldBirthDate, dateQuantity(dateFromKey(ra.birth)), dateQuantity(dateFromKey(rb.birth)))
	}
	step++
	// The input order is shown as the line in the file, or the 1-based
	// position for Go values.
	pa, pb := int64(a)+1, int64(b)+1
	if ra.line > 0 {
		pa, pb = int64(ra.line), int64(rb.line)
	}
	return set(FieldInputOrder, intQuantity(pa), intQuantity(pb))
}

// WriteCSV writes the ranking in the `asnpro rank` output format: a header,
// then one row per applicant in input order. Errors: those of w.
func (r *Ranking) WriteCSV(w io.Writer) error {
	e := r.e
	bw := bufio.NewWriterSize(w, 256<<10)
	formIDs := make([][]byte, len(e.forms))
	for f := range e.forms {
		formIDs[f] = appendCSVField(nil, []byte(e.forms[f].id))
	}
	den := e.s.FinalDenominator()
	bw.WriteString(OutputHeader + "\n")
	line := make([]byte, 0, 256)
	start := uint32(0)
	for i := range e.rows {
		w := &e.rows[i]
		end := e.idEnd[i]
		line = appendCSVField(line[:0], e.ids[start:end])
		start = end
		line = append(line, ',')
		line = append(line, formIDs[w.form]...)
		line = append(line, ',')
		line = strconv.AppendInt(line, int64(w.total()), 10)
		line = append(line, ',')
		line = append(line, resultText[w.skdCode]...)
		line = append(line, ',')
		if w.finalRank > 0 {
			n := e.final(w)
			line = appendFixed3(line, (2000*n+den)/(2*den))
		}
		line = append(line, ',')
		if w.finalRank > 0 {
			line = strconv.AppendUint(line, uint64(w.finalRank), 10)
		}
		line = append(line, ',')
		line = append(line, resultText[w.finalCode]...)
		line = append(line, ',')
		if w.placed > 0 {
			line = append(line, formIDs[w.placed-1]...)
		}
		line = append(line, '\n')
		if _, err := bw.Write(line); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// appendCSVField appends s, with an apostrophe in front when a spreadsheet
// would run it as a formula (csvsafe.Cell), quoted if it holds a comma or a
// quote. (IDs never hold line breaks or leading spaces: the loaders reject
// them.)
func appendCSVField(b, s []byte) []byte {
	safe := csvsafe.Needs(s)
	if bytes.IndexByte(s, ',') < 0 && bytes.IndexByte(s, '"') < 0 {
		if safe {
			b = append(b, '\'')
		}
		return append(b, s...)
	}
	b = append(b, '"')
	if safe {
		b = append(b, '\'')
	}
	for _, c := range s {
		if c == '"' {
			b = append(b, '"')
		}
		b = append(b, c)
	}
	return append(b, '"')
}
