package results

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"unicode/utf8"

	"asnpro/internal/apperr"
	"asnpro/internal/assess"
	"asnpro/internal/audit"
	"asnpro/internal/selection"
	"asnpro/internal/sqldb"
	"asnpro/internal/textcheck"
)

// The city's own selections (a period of kind jpt, pppk or other) are
// ranked by an own scheme (selection.OwnScheme): weighted components, each
// 0–100, with per-component minimums, the assessments' per-dimension
// minimums failing a candidate whatever the total. A component is an
// assessment instrument of the period (its results, the mean of the
// dimensions' final scores on 1–5, × 20) or the period's CAT score (the
// SKB component of selection_scores). Each formation is ranked apart; the
// first quota candidates are L — in an open selection of senior officials
// (jpt) the first three per position, proposed to the appointing official.

// SourceSKB is the own-scheme component of the period's CAT score.
const SourceSKB = "skb"

// instrumentKey is the own-scheme component key of an instrument.
func instrumentKey(id int64) string { return "instrument_" + strconv.FormatInt(id, 10) }

// jptProposed is how many candidates per position an open selection of
// senior officials proposes to the appointing official.
const jptProposed = 3

// OwnPart is one component of an own scheme as the committee sets it.
type OwnPart struct {
	// Source is instrument_<id> (an assessment of the period) or SourceSKB.
	Source string
	// Weight in whole percent (0–100); the weights sum to 100. 0 makes a
	// pass/fail component that only its minimum counts for.
	Weight int
	// Minimum score, 0–100 with up to three decimals; "" or 0 is none.
	Minimum string
}

// Errors of own schemes.
var (
	// ErrNoOwnScheme: the period's own scheme is not set.
	ErrNoOwnScheme = apperr.E(apperr.FailedPrecondition, "results.own.no_scheme")
	// ErrOwnCPNS: a CPNS round is ranked by cpns-2024, not an own scheme.
	ErrOwnCPNS = apperr.E(apperr.FailedPrecondition, "results.own.cpns")
	// ErrOwnNoSKD: an own selection has no SKD list.
	ErrOwnNoSKD = apperr.E(apperr.FailedPrecondition, "results.own.no_skd")
)

// FindOwnScheme returns a period's own scheme, or nil when none is set.
func (s *Service) FindOwnScheme(ctx context.Context, periodID int64) (*selection.OwnScheme, error) {
	var raw string
	err := s.db.R.QueryRowContext(ctx, `SELECT scheme FROM own_schemes WHERE period_id = $1`, periodID).Scan(&raw)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, sqldb.Translate(err, "find own scheme")
	}
	sc, err := selection.ParseOwnScheme([]byte(raw))
	if err != nil {
		return nil, err
	}
	return &sc, nil
}

// OwnSources are the components an own scheme of the period may have:
// each of its assessment instruments, by key, and the CAT score.
func (s *Service) OwnSources(ctx context.Context, periodID int64) ([]*assess.Instrument, error) {
	if s.assessments == nil {
		return nil, nil
	}
	return s.assessments.FindInstruments(ctx, periodID)
}

// SetOwnScheme sets the own scheme of a period outside the CPNS rounds
// from its parts (those with weight 0 and no minimum are left out) and
// records own_scheme.set. Errors: invalid (name; weight.<source>;
// minimum.<source>; source — not an instrument of the period; weights —
// not summing to 100, or no component), not_found (the period),
// failed_precondition (ErrOwnCPNS), conflict (ErrFinalPublished).
func (s *Service) SetOwnScheme(ctx context.Context, periodID int64, name string, parts []OwnPart) (*selection.OwnScheme, error) {
	kind, err := s.periodKind(ctx, periodID)
	if err != nil {
		return nil, err
	}
	if kind == "cpns" {
		return nil, ErrOwnCPNS
	}
	instruments, err := s.OwnSources(ctx, periodID)
	if err != nil {
		return nil, err
	}
	sc, err := ownScheme(name, parts, instruments)
	if err != nil {
		return nil, err
	}
	raw, err := json.Marshal(sc)
	if err != nil {
		return nil, err
	}
	err = s.db.Write(ctx, func(tx *sqldb.Tx) error {
		if done, err := finalPublished(ctx, tx, periodID); err != nil || done {
			if err == nil {
				err = ErrFinalPublished
			}
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO own_schemes (period_id, scheme, updated_at) VALUES ($1, $2, $3)
ON CONFLICT (period_id) DO UPDATE SET scheme = excluded.scheme, updated_at = excluded.updated_at`, periodID, string(raw),
			sqldb.Now(s.now()))
		if err != nil {
			return sqldb.Translate(err, "set own scheme")
		}
		return s.record(ctx, tx, audit.Event{Action: "own_scheme.set", ObjectType: "period", ObjectID: strconv.FormatInt(periodID, 10),
			Data: map[string]any{"scheme": sc}})
	})
	if err != nil {
		return nil, err
	}
	s.scoresChanged()
	return sc, nil
}

// ownScheme makes and checks an own scheme from the committee's parts.
func ownScheme(name string, parts []OwnPart, instruments []*assess.Instrument) (*selection.OwnScheme, error) {
	f := map[string]apperr.Msg{}
	if textcheck.FieldMsg(f, "name", &name, textcheck.Line) && (name == "" || utf8.RuneCountInString(name) > 100) {
		f["name"] = apperr.M("results.own.name")
	}
	names := map[string]string{SourceSKB: "CAT"}
	for _, in := range instruments {
		names[instrumentKey(in.ID)] = in.Name
	}
	sc := &selection.OwnScheme{Name: name}
	sum := 0
	seen := map[string]bool{}
	for _, p := range parts {
		label, ok := names[p.Source]
		if !ok || seen[p.Source] {
			f["source"] = apperr.M("results.own.source")
			continue
		}
		seen[p.Source] = true
		if p.Weight < 0 || p.Weight > 100 {
			f["weight."+p.Source] = apperr.M("results.own.weight")
			continue
		}
		var minimum selection.Decimal
		if m := strings.TrimSpace(strings.Replace(p.Minimum, ",", ".", 1)); m != "" {
			v, err := selection.ParseDecimal(m)
			if err != nil || v < 0 || v > 100*selection.DecimalOne {
				f["minimum."+p.Source] = apperr.M("results.own.minimum")
				continue
			}
			minimum = v
		}
		if p.Weight == 0 && minimum == 0 {
			continue
		}
		sum += p.Weight
		sc.Components = append(sc.Components, selection.Component{Key: p.Source, Name: label, Weight: p.Weight, Minimum: minimum})
	}
	if len(f) == 0 && sum != 100 {
		f["weights"] = apperr.M("results.own.weights", "sum", sum)
	}
	if len(f) > 0 {
		return nil, apperr.InvalidMsgs(f)
	}
	if err := sc.Validate(); err != nil {
		return nil, apperr.InvalidMsgs(map[string]apperr.Msg{"weights": apperr.M("results.own.invalid", "error", err.Error())})
	}
	return sc, nil
}

// periodKind reads a period's kind. Errors: not_found.
func (s *Service) periodKind(ctx context.Context, periodID int64) (string, error) {
	var kind string
	err := s.db.R.QueryRowContext(ctx, `SELECT kind FROM periods WHERE id = $1`, periodID).Scan(&kind)
	if errors.Is(err, sql.ErrNoRows) {
		return "", apperr.E(apperr.NotFound, "results.period_not_found")
	}
	return kind, sqldb.Translate(err, "find period")
}

// ownOutcome is one candidate's place in an own selection.
type ownOutcome struct {
	result selection.OwnResult
	why    selection.Explanation
	scores map[string]selection.Decimal
}

// computeOwn ranks a period outside the CPNS rounds by its own scheme,
// each formation apart. Errors: failed_precondition (ErrNoOwnScheme,
// ErrNoCandidates), conflict (a component's scores missing — an
// assessment not complete — naming the candidates).
func (s *Service) computeOwn(ctx context.Context, periodID int64, kind string) (*Computation, error) {
	sc, err := s.FindOwnScheme(ctx, periodID)
	if err != nil {
		return nil, err
	}
	if sc == nil {
		return nil, ErrNoOwnScheme
	}
	cands, err := s.candidates(ctx, periodID)
	if err != nil {
		return nil, err
	}
	in := make([]selection.Candidate, len(cands))
	for i, cd := range cands {
		in[i] = selection.Candidate{ID: strconv.FormatInt(cd.ApplicationID, 10), Scores: map[string]selection.Decimal{}}
	}
	for _, comp := range sc.Components {
		if err := s.ownComponent(ctx, periodID, comp, cands, in); err != nil {
			return nil, err
		}
	}
	c := &Computation{PeriodID: periodID, Stage: StageFinal, Scheme: sc.Name, Candidates: cands, own: make([]ownOutcome, len(cands)),
		ownScheme: sc}
	byFormation := map[int64][]int{}
	var formations []int64
	for i, cd := range cands {
		if byFormation[cd.FormationID] == nil {
			formations = append(formations, cd.FormationID)
		}
		byFormation[cd.FormationID] = append(byFormation[cd.FormationID], i)
	}
	for _, f := range formations {
		idx := byFormation[f]
		group := make([]selection.Candidate, len(idx))
		for k, i := range idx {
			group[k] = in[i]
		}
		quota := cands[idx[0]].quota
		if kind == "jpt" {
			quota *= jptProposed
		}
		rk, err := sc.Rank(group, quota)
		if err != nil {
			return nil, err
		}
		for k, i := range idx {
			why := rk.Explain(k)
			if kind == "jpt" {
				proposal(why.Reasons)
			}
			c.own[i] = ownOutcome{result: rk.Result(k), why: why, scores: in[i].Scores}
		}
	}
	return c, nil
}

// ownComponent puts one component's scores (and failures) into in, by
// candidate. Errors: conflict (missing scores, naming who).
func (s *Service) ownComponent(ctx context.Context, periodID int64, comp selection.Component, cands []Candidate,
	in []selection.Candidate) error {
	var missing []string
	if comp.Key == SourceSKB {
		skb, err := s.FindScores(ctx, periodID, ComponentSKB)
		if err != nil {
			return err
		}
		for i, cd := range cands {
			sc, ok := skb[cd.ApplicationID]
			switch {
			case !ok:
				missing = append(missing, cd.RegistrationNumber)
			case sc.Present:
				in[i].Scores[comp.Key] = selection.Decimal(sc.Milli)
			}
		}
	} else {
		var err error
		if missing, err = s.ownInstrument(ctx, comp, cands, in); err != nil {
			return err
		}
	}
	if len(missing) > 0 {
		return apperr.E(apperr.Conflict, "results.own.missing", "component", comp.Name, "n", len(missing),
			"numbers", strings.Join(missing[:min(len(missing), 10)], ", "))
	}
	return nil
}

// ownInstrument puts an instrument component's scores (and failures) into
// in; it returns the registration numbers of those without a complete
// result. A candidate absent from an instrument that follows another
// because they failed that one (or an earlier phase) is not missing: the
// failure names the phase, so the rules make them TL with that reason.
func (s *Service) ownInstrument(ctx context.Context, comp selection.Component, cands []Candidate,
	in []selection.Candidate) ([]string, error) {
	id, err := strconv.ParseInt(strings.TrimPrefix(comp.Key, "instrument_"), 10, 64)
	if err != nil || s.assessments == nil {
		return nil, ErrNoOwnScheme
	}
	phases := phaseRows{}
	e, err := phases.of(ctx, s.assessments, id)
	if err != nil {
		return nil, err
	}
	fail := func(i int, what string) {
		if in[i].Fails == nil {
			in[i].Fails = map[string]string{}
		}
		in[i].Fails[comp.Key] = what
	}
	var missing []string
	for i, cd := range cands {
		r, ok := e.byApp[cd.ApplicationID]
		if !ok {
			name, failed, err := phases.failedBefore(ctx, s.assessments, e.in, cd.ApplicationID)
			if err != nil {
				return nil, err
			}
			if failed {
				fail(i, name)
				continue
			}
		}
		if !ok || !r.Result.Complete {
			missing = append(missing, cd.RegistrationNumber)
			continue
		}
		in[i].Scores[comp.Key] = selection.Decimal(min(100000, r.Result.Milli*20))
		if fails := failedDimensions(e.in, r.Result); fails != "" {
			fail(i, fails)
		}
	}
	return missing, nil
}

// phaseRows caches instruments' candidates by instrument.
type phaseRows map[int64]*instrumentRows

type instrumentRows struct {
	in    *assess.Instrument
	byApp map[int64]assess.CandidateRow
}

// of returns an instrument's candidates, by application.
func (p phaseRows) of(ctx context.Context, a Assessments, id int64) (*instrumentRows, error) {
	if e := p[id]; e != nil {
		return e, nil
	}
	inst, rows, err := a.Candidates(ctx, id)
	if err != nil {
		return nil, err
	}
	e := &instrumentRows{in: inst, byApp: make(map[int64]assess.CandidateRow, len(rows))}
	for _, r := range rows {
		e.byApp[r.ApplicationID] = r
	}
	p[id] = e
	return e, nil
}

// maxPhases bounds how far back failedBefore follows the phases.
const maxPhases = 50

// failedBefore tells whether a candidate absent from instrument in was
// kept out by its phases: the nearest earlier instrument the candidate
// was assessed in (in.After, or the one before it when absent from that
// one too) has their complete result failed. It names that instrument.
func (p phaseRows) failedBefore(ctx context.Context, a Assessments, in *assess.Instrument, app int64) (string, bool, error) {
	for step := 0; in.After != 0 && step < maxPhases; step++ {
		e, err := p.of(ctx, a, in.After)
		if err != nil {
			return "", false, err
		}
		if r, ok := e.byApp[app]; ok {
			return e.in.Name, r.Result.Complete && !r.Result.Passed, nil
		}
		in = e.in
	}
	return "", false, nil
}

// failedDimensions names the dimensions of a complete result below their
// minimums ("Integritas 2.5 (minimum 3)"), or "".
func failedDimensions(in *assess.Instrument, r assess.Result) string {
	var out []string
	for k, d := range r.Dimensions {
		if d.BelowMinimum && k < len(in.Dimensions) {
			dim := in.Dimensions[k]
			out = append(out, dim.Name+" "+selection.Decimal(d.Milli).String()+" (minimum "+strconv.Itoa(dim.Minimum)+")")
		}
	}
	return strings.Join(out, "; ")
}

// ownColumns: skd_total (none), skb (the CAT's, when a component),
// final_score (the weighted total), final_rank, placed_formation (none).
func ownColumns(o ownOutcome) []string {
	out := []string{"", "", "", "", ""}
	if v, ok := o.scores[SourceSKB]; ok {
		out[1] = v.String()
	}
	if o.result.HasTotal {
		out[2] = o.result.Total.Text
	}
	if o.result.Rank > 0 {
		out[3] = strconv.Itoa(o.result.Rank)
	}
	return out
}

// ownExplanation is o's explanation as people read it: components by
// name.
func (c *Computation) ownExplanation(o ownOutcome) selection.Explanation {
	names := map[string]string{}
	for _, comp := range c.ownScheme.Components {
		names[comp.Key] = comp.Name
	}
	ex := o.why
	ex.Reasons = append([]selection.Reason(nil), ex.Reasons...)
	for k := range ex.Reasons {
		r := &ex.Reasons[k]
		if n, ok := names[r.Field]; ok {
			r.Field = n
		}
		if len(r.Parts) > 0 {
			r.Parts = append([]selection.Part(nil), r.Parts...)
			for p := range r.Parts {
				if n, ok := names[r.Parts[p].Field]; ok {
					r.Parts[p].Field = n
				}
			}
		}
	}
	return ex
}

// Reasons of a JPT open selection: its "quota" is the candidates proposed
// to the appointing official (three per position), who appoints among them.
const (
	codeProposed    selection.Code = "proposed"
	codeNotProposed selection.Code = "not_proposed"
)

// proposal words a JPT's ranking reasons as proposals, in place.
func proposal(rs []selection.Reason) {
	for k := range rs {
		switch rs[k].Code {
		case selection.CodeWithinQuota:
			rs[k].Code = codeProposed
		case selection.CodeOutsideQuota:
			rs[k].Code = codeNotProposed
		}
	}
}
