package results

import (
	"context"
	"strings"
	"testing"

	"asnpro/internal/apperr"
	"asnpro/internal/assess"
	"asnpro/internal/selection"
)

// phasesFake is three phases: a paper (1), an interview after it (2), a
// psychotest after the interview (3); each candidate's sheet by
// instrument.
type phasesFake struct {
	ins    map[int64]*assess.Instrument
	sheets map[int64]map[int64]assess.Sheet
}

func (f phasesFake) Candidates(_ context.Context, id int64) (*assess.Instrument, []assess.CandidateRow, error) {
	in := f.ins[id]
	var rows []assess.CandidateRow
	for app, sh := range f.sheets[id] {
		rows = append(rows, assess.CandidateRow{ApplicationID: app, Sheet: sh, Result: assess.Evaluate(in.Dimensions, sh)})
	}
	return in, rows, nil
}

func (f phasesFake) FindInstruments(context.Context, int64) ([]*assess.Instrument, error) {
	return nil, nil
}

// TestOwnPhases: a candidate who failed an earlier phase has no result in
// the later ones and is TL there with the phase named — also when the
// earlier instrument is not a component of the scheme —, not missing; one
// absent although they passed, or whose earlier result is not complete, is
// missing (409).
func TestOwnPhases(t *testing.T) {
	t.Parallel()
	dims := []assess.Dimension{{No: 1, Name: "Isi", Minimum: 3}}
	pass, fail := assess.Sheet{Scores: [][]int{{4}, {4}}}, assess.Sheet{Scores: [][]int{{2}, {2}}}
	f := phasesFake{ins: map[int64]*assess.Instrument{
		1: {ID: 1, Name: "Makalah", Dimensions: dims},
		2: {ID: 2, Name: "Wawancara", Dimensions: dims, After: 1},
		3: {ID: 3, Name: "Psikotes", Dimensions: dims, After: 2},
	}, sheets: map[int64]map[int64]assess.Sheet{
		1: {10: fail, 11: pass, 12: pass},
		2: {11: fail, 12: pass},
		3: {12: pass},
	}}
	s := &Service{assessments: f}
	cands := []Candidate{{ApplicationID: 10, RegistrationNumber: "A"}, {ApplicationID: 11, RegistrationNumber: "B"},
		{ApplicationID: 12, RegistrationNumber: "C"}}
	sc := selection.OwnScheme{Name: "JPT", Components: []selection.Component{{Key: instrumentKey(2), Name: "Wawancara", Weight: 50},
		{Key: instrumentKey(3), Name: "Psikotes", Weight: 50}}}
	in := make([]selection.Candidate, len(cands))
	for i, cd := range cands {
		in[i] = selection.Candidate{ID: cd.RegistrationNumber, Scores: map[string]selection.Decimal{}}
	}
	ctx := context.Background()
	for _, comp := range sc.Components {
		if err := s.ownComponent(ctx, 1, comp, cands, in); err != nil {
			t.Fatalf("%s: %v", comp.Name, err)
		}
	}
	if in[0].Fails[instrumentKey(2)] != "Makalah" || in[0].Fails[instrumentKey(3)] != "Makalah" {
		t.Fatalf("A failed the paper: %+v", in[0])
	}
	if _, ok := in[1].Fails[instrumentKey(3)]; !ok || in[1].Fails[instrumentKey(3)] != "Wawancara" || in[1].Scores[instrumentKey(2)] != 40000 {
		t.Fatalf("B failed the interview: %+v", in[1])
	}
	rk, err := sc.Rank(in, 1)
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range []string{selection.ResultTL, selection.ResultTL, selection.ResultL} {
		if r := rk.Result(i); r.Code != want {
			t.Errorf("%s: %+v, want %s", cands[i].RegistrationNumber, r, want)
		}
	}
	c := &Computation{ownScheme: &sc}
	why := c.ownExplanation(ownOutcome{why: rk.Explain(0)})
	if !strings.Contains(why.String(), "Wawancara not taken: failed the earlier phase Makalah") {
		t.Errorf("A's reasons: %s", why)
	}
	// Absent although passed, or the earlier not complete: missing.
	f.sheets[3] = map[int64]assess.Sheet{}
	f.sheets[2][12] = assess.Sheet{Scores: [][]int{{4}}, Pending: 1}
	err = s.ownComponent(ctx, 1, sc.Components[1], cands, in)
	if apperr.CodeOf(err) != apperr.Conflict || !strings.HasSuffix(err.Error(), "): C") {
		t.Fatalf("missing: %v", err)
	}
}
