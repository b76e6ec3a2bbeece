package assess_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"asnpro/internal/apperr"
	"asnpro/internal/assess"
	"asnpro/internal/identity"
	"asnpro/internal/sqldb"
	"asnpro/internal/sqldb/sqldbtest"
)

// addSigners adds assessors who sign the env's period's pact.
func addSigners(t *testing.T, e *env, names ...string) {
	t.Helper()
	ctx := context.Background()
	for _, u := range names {
		usr, err := e.f.IDs.AddUser(ctx, identity.NewUser{Username: u, Name: "Penilai " + u, Roles: []identity.Role{identity.Assessor},
			Password: "rahasia-penilai-1"})
		if err != nil {
			t.Fatal(err)
		}
		e.staff[u] = usr.ID
		if _, err := e.db.W.ExecContext(ctx, `INSERT INTO integrity_pacts (period_id, user_id, roles, text_sha256, no_conflict, signed_at)
VALUES ($1, $2, 'assessor', 'x', FALSE, $3)`, e.period, usr.ID, sqldb.Now(e.f.Clock.Now())); err != nil {
			t.Fatal(err)
		}
	}
}

func fieldKey(t *testing.T, err error, field string) string {
	t.Helper()
	ae := apperr.As(err)
	if ae == nil || ae.Code != apperr.Invalid {
		t.Fatalf("want invalid on %s, got %v", field, err)
	}
	return ae.FieldMsgs[field].Key
}

// assessorsOf maps each candidate of an instrument to its active
// assessors (user IDs).
func assessorsOf(t *testing.T, e *env, instrumentID int64) map[int64][]int64 {
	t.Helper()
	out := map[int64][]int64{}
	for _, id := range e.staff {
		list, err := e.svc.FindAssigned(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range list {
			if a.Instrument.ID == instrumentID {
				out[a.ApplicationID] = append(out[a.ApplicationID], id)
			}
		}
	}
	return out
}

// TestPanelDraw: the committee defines panels before the draw (refusals
// beside their fields); each candidate is placed in a panel, balanced and
// away from a member's declared conflict, and drawn among its members
// only; a conflict redraws within the panel or is refused; panels no
// longer change after the draw; the agreement is reported per panel.
// Both engines.
func TestPanelDraw(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		addSigners(t, e, "dedi", "eka")
		ctx := context.Background()
		s := e.staff
		in, err := e.svc.CreateInstrument(ctx, e.period, interview())
		if err != nil {
			t.Fatal(err)
		}
		_, err = e.svc.CreatePanel(ctx, in.ID, "Panel A", []int64{s["ana"]})
		if fieldKey(t, err, "members") != "assesspanel.members_few" {
			t.Fatalf("one member: %v", err)
		}
		_, err = e.svc.CreatePanel(ctx, in.ID, "Panel A", []int64{s["ana"], s["cici"]})
		if fieldKey(t, err, "members") != "assesspanel.members_eligible" {
			t.Fatalf("cici did not sign: %v", err)
		}
		x, err := e.svc.CreatePanel(ctx, in.ID, "Panel A", []int64{s["ana"], s["budi"]})
		if err != nil {
			t.Fatal(err)
		}
		if err := e.svc.DeletePanel(ctx, in.ID, x.ID); err != nil || countAudit(t, db, "assess.panel.delete") != 1 {
			t.Fatalf("delete a panel before the draw: %v", err)
		}
		wantCode(t, "delete it again", e.svc.DeletePanel(ctx, in.ID, x.ID), apperr.NotFound)
		a, err := e.svc.CreatePanel(ctx, in.ID, "Panel A", []int64{s["ana"], s["budi"], s["eka"]})
		if err != nil || len(a.Members) != 3 {
			t.Fatalf("panel A: %+v %v", a, err)
		}
		_, err = e.svc.CreatePanel(ctx, in.ID, "panel a", []int64{s["citra"], s["dedi"]})
		if fieldKey(t, err, "name") != "assesspanel.name_taken" {
			t.Fatalf("the same name: %v", err)
		}
		_, err = e.svc.CreatePanel(ctx, in.ID, "Panel B", []int64{s["citra"], s["eka"]})
		if fieldKey(t, err, "members") != "assesspanel.members_taken" || !strings.Contains(err.Error(), "invalid") {
			t.Fatalf("eka twice: %v", err)
		}
		b, err := e.svc.CreatePanel(ctx, in.ID, "Panel B", []int64{s["citra"], s["dedi"]})
		if err != nil {
			t.Fatal(err)
		}
		if n := countAudit(t, db, "assess.panel.create"); n != 3 {
			t.Fatalf("panel.create recorded %d", n)
		}
		// citra declared a conflict with Siti: Siti goes to panel A.
		siti := e.apps[0]
		if _, err := db.W.ExecContext(ctx, `INSERT INTO conflicts (period_id, user_id, applicant_id, application_id, kind, note, declared_at)
SELECT $1, $2, applicant_id, id, 'other', 'Tetangga', $3 FROM applications WHERE id = $4`, e.period, s["citra"],
			sqldb.Now(e.f.Clock.Now()), siti); err != nil {
			t.Fatal(err)
		}
		if n, err := e.svc.Assign(ctx, in.ID); err != nil || n != 6 {
			t.Fatalf("draw: %d %v", n, err)
		}
		members := map[string]map[int64]bool{"Panel A": {s["ana"]: true, s["budi"]: true, s["eka"]: true},
			"Panel B": {s["citra"]: true, s["dedi"]: true}}
		_, rows, err := e.svc.Candidates(ctx, in.ID)
		if err != nil {
			t.Fatal(err)
		}
		who := assessorsOf(t, e, in.ID)
		count := map[string]int{}
		for _, r := range rows {
			count[r.Panel]++
			for _, id := range who[r.ApplicationID] {
				if !members[r.Panel][id] {
					t.Fatalf("%s in %q drawn %d, not a member", r.Name, r.Panel, id)
				}
			}
			if r.ApplicationID == siti && r.Panel != "Panel A" {
				t.Fatalf("siti placed in %q, where citra has a conflict", r.Panel)
			}
		}
		if count["Panel A"]+count["Panel B"] != 3 || count["Panel A"] < 1 || count["Panel B"] < 1 {
			t.Fatalf("placements %v, want 2 and 1", count)
		}
		if countAudit(t, db, "assess.panel.place") != 3 || countAudit(t, db, "assess.panel.draw") != 1 {
			t.Fatal("placements not recorded")
		}
		_, err = e.svc.CreatePanel(ctx, in.ID, "Panel C", []int64{s["ana"], s["budi"]})
		wantCode(t, "a panel after the draw", err, apperr.Conflict)
		if !errors.Is(err, assess.ErrDrawn) {
			t.Fatalf("after the draw: %v", err)
		}
		wantCode(t, "delete a panel after the draw", e.svc.DeletePanel(ctx, in.ID, b.ID), apperr.Conflict)
		panelConflicts(t, e, in, rows, who, members)
		panelAgreement(t, e, in, count, a.ID, b.ID)
	})
}

// panelConflicts: in panel A (three members) a conflict draws its third
// member; in panel B (two) it is refused and nothing changes.
func panelConflicts(t *testing.T, e *env, in *assess.Instrument, rows []assess.CandidateRow, who map[int64][]int64,
	members map[string]map[int64]bool) {
	t.Helper()
	ctx := context.Background()
	for _, r := range rows {
		first := who[r.ApplicationID][0]
		err := e.svc.DeclareConflict(ctx, first, in.ID, r.ApplicationID, "Kerabat")
		if r.Panel == "Panel B" {
			wantCode(t, "a conflict in a panel of two", err, apperr.Conflict)
			continue
		}
		if err != nil {
			t.Fatalf("a conflict in panel A: %v", err)
		}
		now := assessorsOf(t, e, in.ID)[r.ApplicationID]
		if len(now) != 2 {
			t.Fatalf("after the conflict: %v", now)
		}
		for _, id := range now {
			if id == first || !members["Panel A"][id] {
				t.Fatalf("redrawn outside panel A or the same: %v (was %d)", now, first)
			}
		}
		break
	}
}

// panelAgreement: every candidate scored; each panel's agreement is its
// own candidates' Agree.
func panelAgreement(t *testing.T, e *env, in *assess.Instrument, count map[string]int, a, b int64) {
	t.Helper()
	ctx := context.Background()
	_, rows, _ := e.svc.Candidates(ctx, in.ID)
	who := assessorsOf(t, e, in.ID)
	for _, r := range rows {
		scores := [][]int{{4, 4}, {4, 4}}
		if r.Panel == "Panel B" {
			scores = [][]int{{3, 4}, {5, 4}} // komunikasi 2 apart, integritas equal
		}
		for i, id := range who[r.ApplicationID] {
			if err := e.svc.Submit(ctx, id, in.ID, r.ApplicationID, scores[i]); err != nil {
				t.Fatal(err)
			}
		}
	}
	ps, err := e.svc.Panels(ctx, in.ID)
	if err != nil || !ps.Drawn || len(ps.Panels) != 2 {
		t.Fatalf("panels %+v %v", ps, err)
	}
	for _, p := range ps.Panels {
		switch p.ID {
		case a:
			if p.Candidates != count["Panel A"] || p.Agreement.Pairs != 2*p.Candidates || p.Agreement.Exact != 1 ||
				p.Agreement.MeanDiff != 0 || len(p.Members) != 3 {
				t.Fatalf("panel A: %+v", p)
			}
		case b:
			if p.Candidates != count["Panel B"] || p.Agreement.Pairs != 2*p.Candidates || p.Agreement.Exact != 0.5 || p.Agreement.Within1 != 0.5 ||
				p.Agreement.MeanDiff != 1 {
				t.Fatalf("panel B: %+v", p)
			}
		}
	}
	all, _ := e.svc.Agreement(ctx, in.ID)
	if all.Pairs != 6 {
		t.Fatalf("the instrument's agreement: %+v", all)
	}
	if len(ps.Free) != 0 {
		t.Fatalf("free after every signer joined a panel: %v", ps.Free)
	}
}

// TestPhases: an instrument following another draws only those who passed
// it, and only once every candidate of the earlier one is complete; the
// phase refuses itself and a cycle, and no longer changes after the draw;
// without panels and phases the draw is as before. Both engines.
func TestPhases(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		first, _, who := drawn(t, e, paper())
		n := interview()
		n.After = first.ID
		second, err := e.svc.CreateInstrument(ctx, e.period, n)
		if err != nil || second.After != first.ID {
			t.Fatalf("the second phase: %+v %v", second, err)
		}
		if got, _ := e.svc.FindInstrument(ctx, second.ID); got.After != first.ID {
			t.Fatalf("after not stored: %+v", got)
		}
		_, err = e.svc.Assign(ctx, second.ID)
		wantCode(t, "draw while the paper is not marked", err, apperr.Conflict)
		if ae := apperr.As(err); ae == nil || ae.Msg.Key != "assessphase.earlier_incomplete" || !strings.Contains(err.Error(), "3") {
			t.Fatalf("the refusal: %v", err)
		}
		if fieldKey(t, e.svc.SetAfter(ctx, first.ID, first.ID), "after") != "assessphase.after_self" {
			t.Fatal("itself")
		}
		if fieldKey(t, e.svc.SetAfter(ctx, first.ID, second.ID), "after") != "assessphase.after_cycle" {
			t.Fatal("a cycle")
		}
		wantCode(t, "a phase of a drawn instrument", e.svc.SetAfter(ctx, first.ID, 0), apperr.Conflict)
		n.After = 999
		_, err = e.svc.CreateInstrument(ctx, e.period, n)
		if fieldKey(t, err, "after") != "assessphase.after_period" {
			t.Fatalf("after an unknown instrument: %v", err)
		}
		// Siti fails komunikasi (minimum 3), Rudi and Tono pass; Tono is
		// still to be scored by one.
		siti, rudi, tono := e.apps[0], e.apps[1], e.apps[2]
		for app, sc := range map[int64][]int{siti: {2, 4}, rudi: {4, 4}, tono: {3, 3}} {
			for i, id := range who[app] {
				if app == tono && i == 1 {
					continue
				}
				if err := e.svc.Submit(ctx, id, first.ID, app, sc); err != nil {
					t.Fatal(err)
				}
			}
		}
		_, err = e.svc.Assign(ctx, second.ID)
		if ae := apperr.As(err); ae == nil || ae.Msg.Key != "assessphase.earlier_incomplete" || !strings.Contains(err.Error(), "1 ") {
			t.Fatalf("one left: %v", err)
		}
		if err := e.svc.Submit(ctx, who[tono][1], first.ID, tono, []int{3, 3}); err != nil {
			t.Fatal(err)
		}
		if n, err := e.svc.Assign(ctx, second.ID); err != nil || n != 4 {
			t.Fatalf("draw the second phase: %d %v", n, err)
		}
		_, rows, _ := e.svc.Candidates(ctx, second.ID)
		if len(rows) != 2 || rows[0].ApplicationID == siti || rows[1].ApplicationID == siti {
			t.Fatalf("the second phase's candidates: %+v", rows)
		}
		wantCode(t, "set the phase after the draw", e.svc.SetAfter(ctx, second.ID, 0), apperr.Conflict)
	})
}
