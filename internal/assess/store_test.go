package assess_test

import (
	"context"
	"errors"
	"testing"

	"asnpro/internal/apperr"
	"asnpro/internal/assess"
	"asnpro/internal/identity"
	"asnpro/internal/recruitment"
	"asnpro/internal/recruitment/recruitmenttest"
	"asnpro/internal/sqldb"
	"asnpro/internal/sqldb/sqldbtest"
)

// interview is a structured interview of two dimensions: komunikasi with a
// minimum of 3, integritas without.
func interview() assess.NewInstrument {
	anchors := [assess.Levels]string{"Tidak tampak", "Kurang", "Cukup", "Baik", "Sangat baik"}
	return assess.NewInstrument{Kind: assess.KindInterview, Name: "Wawancara terstruktur", Assessors: 2,
		Dimensions: []assess.Dimension{{Name: "Komunikasi", Minimum: 3, Anchors: anchors}, {Name: "Integritas", Anchors: anchors}}}
}

type env struct {
	t      *testing.T
	db     *sqldb.DB
	f      *recruitmenttest.Fixture
	svc    *assess.Service
	apps   []int64
	staff  map[string]int64
	period int64
}

// newEnv: a JPT period with three submitted candidates and three assessors
// (ana, budi, citra) who signed its pact; cici is an assessor who did not.
func newEnv(t *testing.T, db *sqldb.DB) *env {
	e := &env{t: t, db: db, staff: map[string]int64{}}
	e.f = recruitmenttest.New(t, db, recruitmenttest.Options{Kind: recruitment.KindJPT})
	e.period = e.f.Period.ID
	for _, n := range []string{"Siti", "Rudi", "Tono"} {
		e.apps = append(e.apps, e.f.Submit(n).App.ID)
	}
	ctx := context.Background()
	for _, u := range []string{"ana", "budi", "citra", "cici"} {
		usr, err := e.f.IDs.AddUser(ctx, identity.NewUser{Username: u, Name: "Penilai " + u, Roles: []identity.Role{identity.Assessor},
			Password: "rahasia-penilai-1"})
		if err != nil {
			t.Fatal(err)
		}
		e.staff[u] = usr.ID
		if u == "cici" {
			continue
		}
		if _, err := db.W.ExecContext(ctx, `INSERT INTO integrity_pacts (period_id, user_id, roles, text_sha256, no_conflict, signed_at)
VALUES ($1, $2, 'assessor', 'x', FALSE, $3)`, e.period, usr.ID, sqldb.Now(e.f.Clock.Now())); err != nil {
			t.Fatal(err)
		}
	}
	e.svc = assess.New(db, assess.Deps{Now: e.f.Clock.Now, Qualified: func(context.Context, int64) ([]int64, error) {
		return e.apps, nil
	}})
	return e
}

func wantCode(t *testing.T, what string, err error, code apperr.Code) {
	t.Helper()
	if apperr.CodeOf(err) != code {
		t.Fatalf("%s: %v, want %s", what, err, code)
	}
}

// TestAssessmentJourney: an instrument's candidates get two assessors each
// among those who signed the pact; an assessor who declares a conflict is
// replaced; each scores alone and sees the others only after submitting;
// a spread of 2 sends the dimension to moderation, which needs a reason;
// a dimension below its minimum fails the candidate; agreement is counted.
// Both engines.
func TestAssessmentJourney(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		in, err := e.svc.CreateInstrument(ctx, e.period, interview())
		if err != nil {
			t.Fatal(err)
		}
		n, err := e.svc.Assign(ctx, in.ID)
		if err != nil || n != 6 {
			t.Fatalf("assign: %d %v, want 6", n, err)
		}
		if n, err := e.svc.Assign(ctx, in.ID); err != nil || n != 0 {
			t.Fatalf("assign again: %d %v, want 0", n, err)
		}
		_, rows, err := e.svc.Candidates(ctx, in.ID)
		if err != nil || len(rows) != 3 {
			t.Fatalf("candidates: %d %v", len(rows), err)
		}
		for _, r := range rows {
			if len(r.Assessors) != 2 {
				t.Fatalf("%s has %v", r.RegistrationNumber, r.Assessors)
			}
		}
		whoScores := func(app int64) []int64 {
			var out []int64
			for name, id := range e.staff {
				if v, err := e.svc.View(ctx, id, in.ID, app); err == nil && v != nil {
					out = append(out, id)
				} else if !errors.Is(err, assess.ErrNotAssigned) {
					t.Fatalf("view of %s: %v", name, err)
				}
			}
			return out
		}
		siti := e.apps[0]
		pair := whoScores(siti)
		if len(pair) != 2 {
			t.Fatalf("siti's assessors: %v", pair)
		}
		if _, err := e.svc.View(ctx, e.staff["cici"], in.ID, siti); !errors.Is(err, assess.ErrNotAssigned) {
			t.Fatalf("an assessor without the pact: %v", err)
		}
		// A conflict replaces the first with the third who signed.
		wantCode(t, "conflict without a note", e.svc.DeclareConflict(ctx, pair[0], in.ID, siti, " "), apperr.Invalid)
		if err := e.svc.DeclareConflict(ctx, pair[0], in.ID, siti, "Sepupu saya"); err != nil {
			t.Fatal(err)
		}
		now := whoScores(siti)
		if len(now) != 2 || now[0] == pair[0] && now[1] == pair[0] {
			t.Fatalf("after the conflict: %v (was %v)", now, pair)
		}
		for _, id := range now {
			if id == pair[0] {
				t.Fatalf("the conflicted assessor still scores: %v", now)
			}
		}
		wantCode(t, "a withdrawn assessor scores", e.svc.Submit(ctx, pair[0], in.ID, siti, []int{3, 3}), apperr.NotFound)
		a, b := now[0], now[1]
		wantCode(t, "a score of 6", e.svc.Submit(ctx, a, in.ID, siti, []int{6, 3}), apperr.Invalid)
		wantCode(t, "a score missing", e.svc.Submit(ctx, a, in.ID, siti, []int{4}), apperr.Invalid)
		if err := e.svc.Submit(ctx, a, in.ID, siti, []int{2, 4}); err != nil {
			t.Fatal(err)
		}
		wantCode(t, "submit twice", e.svc.Submit(ctx, a, in.ID, siti, []int{3, 4}), apperr.Conflict)
		if v, _ := e.svc.View(ctx, b, in.ID, siti); len(v.Others) != 0 {
			t.Fatalf("b sees a's scores before submitting: %v", v.Others)
		}
		wantCode(t, "moderate before all are in", e.svc.Moderate(ctx, 1, in.ID, siti, 1, 3, "Sepakat"), apperr.Conflict)
		if err := e.svc.Submit(ctx, b, in.ID, siti, []int{4, 4}); err != nil {
			t.Fatal(err)
		}
		if v, _ := e.svc.View(ctx, b, in.ID, siti); len(v.Others) != 1 || v.Others[0][0] != 2 || v.Own[0] != 4 {
			t.Fatalf("b after submitting: own %v, others %v", v.Own, v.Others)
		}
		checkModeration(t, e, in, siti)
	})
}

// checkModeration: komunikasi (2 and 4) waits for the panel; integritas
// (4 and 4) does not; the panel's 2 fails the minimum of 3.
func checkModeration(t *testing.T, e *env, in *assess.Instrument, siti int64) {
	t.Helper()
	ctx := context.Background()
	row := func() assess.CandidateRow {
		_, rows, err := e.svc.Candidates(ctx, in.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			if r.ApplicationID == siti {
				return r
			}
		}
		t.Fatal("siti not listed")
		return assess.CandidateRow{}
	}
	r := row()
	if r.Result.Complete || !r.Result.Dimensions[0].Moderate || r.Result.Dimensions[1].Moderate {
		t.Fatalf("before moderation: %+v", r.Result)
	}
	wantCode(t, "moderate without a reason", e.svc.Moderate(ctx, 1, in.ID, siti, 1, 3, ""), apperr.Invalid)
	wantCode(t, "moderate a score of 0", e.svc.Moderate(ctx, 1, in.ID, siti, 1, 0, "x"), apperr.Invalid)
	wantCode(t, "moderate an agreed dimension", e.svc.Moderate(ctx, 1, in.ID, siti, 2, 4, "x"), apperr.Conflict)
	if err := e.svc.Moderate(ctx, 1, in.ID, siti, 1, 2, "Jawaban contoh kasus tidak runtut; panel sepakat 2."); err != nil {
		t.Fatal(err)
	}
	wantCode(t, "moderate twice", e.svc.Moderate(ctx, 1, in.ID, siti, 1, 3, "x"), apperr.Conflict)
	r = row()
	if !r.Result.Complete || r.Result.Passed || !r.Result.Dimensions[0].BelowMinimum || r.Result.Milli != 3000 {
		t.Fatalf("after moderation: %+v", r.Result)
	}
	ag, err := e.svc.Agreement(ctx, in.ID)
	if err != nil || ag.Pairs != 2 || ag.Exact != 0.5 || ag.Within1 != 0.5 || ag.MeanDiff != 1 {
		t.Fatalf("agreement %+v %v", ag, err)
	}
}

// TestInstrumentRules: what an instrument may be, and who must be there
// to assign.
func TestInstrumentRules(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		bad := interview()
		bad.Assessors = 1
		bad.Dimensions[0].Anchors[2] = ""
		_, err := e.svc.CreateInstrument(ctx, e.period, bad)
		wantCode(t, "one assessor, an empty anchor", err, apperr.Invalid)
		var ae *apperr.Error
		if !errors.As(err, &ae) || ae.FieldMsgs["assessors"].Key == "" || ae.FieldMsgs["dimension.1.anchor.3"].Key == "" {
			t.Fatalf("fields: %v", err)
		}
		_, err = e.svc.CreateInstrument(ctx, 999, interview())
		wantCode(t, "no period", err, apperr.NotFound)
		// Four assessors per candidate, three signed: nothing is drawn.
		four := interview()
		four.Assessors = 4
		in, err := e.svc.CreateInstrument(ctx, e.period, four)
		if err != nil {
			t.Fatal(err)
		}
		_, err = e.svc.Assign(ctx, in.ID)
		wantCode(t, "too few assessors", err, apperr.Conflict)
		if _, rows, _ := e.svc.Candidates(ctx, in.ID); len(rows) != 0 {
			t.Fatalf("drawn although refused: %d", len(rows))
		}
	})
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := recruitmenttest.New(t, db, recruitmenttest.Options{})
		svc := assess.New(db, assess.Deps{Now: f.Clock.Now})
		_, err := svc.CreateInstrument(context.Background(), f.Period.ID, interview())
		wantCode(t, "an interview in a CPNS round", err, apperr.Invalid)
	})
}
