package performance_test

import (
	"context"
	"testing"
	"time"

	"asnpro/internal/apperr"
	"asnpro/internal/identity"
	"asnpro/internal/performance"
	"asnpro/internal/sqldb"
	"asnpro/internal/sqldb/sqldbtest"
	"asnpro/internal/testkit"
	"asnpro/internal/workforce"
)

// team is a unit (BKPSDM, headed by boss) with a sub-unit (MUT, headed by
// sup, boss's report), emp reporting to sup, and other, who reports to
// boss in another branch; each with an account.
type team struct {
	t                    *testing.T
	ctx                  context.Context
	clock                *testkit.Clock
	wf                   *workforce.Service
	svc                  *performance.Service
	top, mut             *workforce.Unit
	boss, sup, emp, othr *workforce.Employee
	v                    map[string]performance.Viewer
}

func newTeam(t *testing.T, db *sqldb.DB, now time.Time) *team {
	t.Helper()
	ctx := t.Context()
	clock := testkit.NewClock(now)
	wf := workforce.New(db, clock.Now)
	tm := &team{t: t, ctx: ctx, clock: clock, wf: wf, v: map[string]performance.Viewer{},
		svc: performance.New(db, performance.Deps{Staff: wf, Now: clock.Now})}
	ids, err := identity.New(db, identity.Config{Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"boss", "sup", "emp", "other", "auditor"} {
		u, err := ids.AddUser(ctx, identity.NewUser{Username: name, Name: name, Roles: []identity.Role{identity.Employee},
			Password: "rahasia-" + name + "-123"})
		if err != nil {
			t.Fatal(err)
		}
		tm.v[name] = performance.Viewer{UserID: u.ID}
	}
	tm.v["auditor"] = performance.Viewer{UserID: tm.v["auditor"].UserID, ReadAll: true}
	if tm.top, err = wf.CreateUnit(ctx, workforce.NewUnit{Code: "BKPSDM", Name: "BKPSDM"}); err != nil {
		t.Fatal(err)
	}
	if tm.mut, err = wf.CreateUnit(ctx, workforce.NewUnit{Code: "BKPSDM.MUT", Name: "Mutasi", ParentID: tm.top.ID}); err != nil {
		t.Fatal(err)
	}
	ps := workforce.SamplePeople(40)
	mk := func(i int, unit int64, user string) *workforce.Employee {
		n := ps[i]
		n.UnitID, n.Username, n.Status = unit, user, workforce.StatusActive
		e, err := wf.CreateEmployee(ctx, n)
		if err != nil {
			t.Fatalf("%s: %v", user, err)
		}
		return e
	}
	tm.boss, tm.sup, tm.emp, tm.othr = mk(1, tm.top.ID, "boss"), mk(2, tm.mut.ID, "sup"), mk(3, tm.mut.ID, "emp"), mk(4, tm.top.ID, "other")
	tm.supervise(tm.sup, tm.boss, "2025-01-01")
	tm.supervise(tm.emp, tm.sup, "2025-01-01")
	tm.supervise(tm.othr, tm.boss, "2025-01-01")
	for _, h := range []struct {
		u *workforce.Unit
		e *workforce.Employee
	}{{tm.top, tm.boss}, {tm.mut, tm.sup}} {
		if err := wf.SetHead(ctx, h.u.ID, h.e.ID, false); err != nil {
			t.Fatal(err)
		}
	}
	return tm
}

func (tm *team) supervise(e, by *workforce.Employee, from string) {
	tm.t.Helper()
	if err := tm.wf.ChangeSupervisor(tm.ctx, e.ID, workforce.SupervisorChange{SupervisorID: by.ID, From: from}); err != nil {
		tm.t.Fatal(err)
	}
}

func codeOf(err error) apperr.Code {
	if err == nil {
		return ""
	}
	return apperr.CodeOf(err)
}

func (tm *team) want(what string, err error, code apperr.Code) {
	tm.t.Helper()
	if codeOf(err) != code {
		tm.t.Fatalf("%s: %v, want %q", what, err, code)
	}
}

// approvedPlan makes who's plan of year with one result (under parent),
// submitted and approved by approver.
func (tm *team) approvedPlan(who, approver string, year int, parent int64) *performance.Plan {
	tm.t.Helper()
	p, err := tm.svc.CreatePlan(tm.ctx, tm.v[who], year, "")
	tm.want("create "+who, err, "")
	tm.want("result", tm.svc.AddResult(tm.ctx, tm.v[who], p.ID, performance.ResultInput{Text: "Layanan mutasi tepat waktu",
		Indicator: "Persentase usulan mutasi selesai ≤ 14 hari", Target: "90 %", ParentID: parent}), "")
	tm.want("submit", tm.svc.SubmitPlan(tm.ctx, tm.v[who], p.ID), "")
	tm.want("approve", tm.svc.ApprovePlan(tm.ctx, tm.v[approver], p.ID, "", nil), "")
	p, _, err = tm.svc.FindPlan(tm.ctx, tm.v[who], p.ID)
	tm.want("find", err, "")
	return p
}

var may2026 = time.Date(2026, 5, 10, 3, 0, 0, 0, time.UTC)

func TestPlanLifecycle(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		tm := newTeam(t, db, may2026)
		svc, ctx, v := tm.svc, tm.ctx, tm.v
		supPlan := tm.approvedPlan("sup", "boss", 2026, 0)
		p, err := svc.CreatePlan(ctx, v["emp"], 2026, "")
		tm.want("create", err, "")
		_, err = svc.CreatePlan(ctx, v["emp"], 2026, "")
		tm.want("second plan of the year", err, apperr.Conflict)
		_, err = svc.CreatePlan(ctx, v["emp"], 2030, "")
		tm.want("a far year", err, apperr.Invalid)
		in := performance.ResultInput{Text: "Berkas mutasi diverifikasi", Indicator: "Jumlah berkas", Target: "120 berkas"}
		tm.want("no cascade", svc.AddResult(ctx, v["emp"], p.ID, in), apperr.Invalid)
		in.ParentID = supPlan.Results[0].ID
		tm.want("by the supervisor", svc.AddResult(ctx, v["sup"], p.ID, in), apperr.Forbidden)
		tm.want("by another", svc.AddResult(ctx, v["other"], p.ID, in), apperr.NotFound)
		tm.want("result", svc.AddResult(ctx, v["emp"], p.ID, in), "")
		tm.want("submit", svc.SubmitPlan(ctx, v["emp"], p.ID), "")
		tm.want("return without comment", svc.ReturnPlan(ctx, v["sup"], p.ID, " "), apperr.Invalid)
		tm.want("return", svc.ReturnPlan(ctx, v["sup"], p.ID, "Target dibuat lebih tinggi"), "")
		tm.want("approve a draft", svc.ApprovePlan(ctx, v["sup"], p.ID, "", nil), apperr.Conflict)
		tm.want("submit again", svc.SubmitPlan(ctx, v["emp"], p.ID), "")
		tm.want("approve by the superior", svc.ApprovePlan(ctx, v["boss"], p.ID, "", nil), apperr.Forbidden)
		tm.want("approve", svc.ApprovePlan(ctx, v["sup"], p.ID, "Disetujui", map[string]string{"akuntabel": "Laporan tepat waktu"}), "")
		tm.want("edit approved", svc.AddResult(ctx, v["emp"], p.ID, in), apperr.Conflict)
		tm.want("evidence", svc.AddNote(ctx, v["emp"], p.ID, performance.NoteInput{Kind: "evidence", Text: "Rekap Januari",
			Link: "https://drive.example.id/rekap"}), "")
		tm.want("feedback by the employee", svc.AddNote(ctx, v["emp"], p.ID, performance.NoteInput{Kind: "feedback", Text: "x"}),
			apperr.Forbidden)
		tm.want("feedback", svc.AddNote(ctx, v["sup"], p.ID, performance.NoteInput{Kind: "feedback", Text: "Bagus"}), "")
		tm.want("reopen", svc.ReopenPlan(ctx, v["sup"], p.ID, "Tambah hasil kerja baru"), "")
		tm.want("edit reopened", svc.AddResult(ctx, v["emp"], p.ID, in), "")
		got, _, err := svc.FindPlan(ctx, v["emp"], p.ID)
		tm.want("find", err, "")
		if got.Status != performance.StatusDraft || len(got.Results) != 2 || len(got.Notes) != 2 ||
			got.Expectations["akuntabel"] != "Laporan tepat waktu" || got.Results[0].ParentText == "" {
			t.Errorf("plan %+v", got)
		}
		var actions []string
		for _, h := range got.History {
			actions = append(actions, h.Action)
		}
		if want := "submit return submit approve reopen"; joinS(actions) != want {
			t.Errorf("history %q, want %q", joinS(actions), want)
		}
		if n := testkit.CountAudit(t, db, "skp.reopen"); n != 1 {
			t.Errorf("skp.reopen recorded %d times", n)
		}
		_, _, err = svc.FindPlan(ctx, v["other"], p.ID)
		tm.want("other sees", err, apperr.NotFound)
		for _, who := range []string{"boss", "auditor", "sup"} {
			_, _, err = svc.FindPlan(ctx, v[who], p.ID)
			tm.want(who+" sees", err, "")
		}
		plans, total, err := svc.FindPlans(ctx, v["sup"], performance.PlanFilter{Year: 2026})
		if err != nil || total != 2 || len(plans) != 2 {
			t.Errorf("sup lists %d of %d: %v", len(plans), total, err)
		}
	})
}

func joinS(s []string) string {
	out := ""
	for i, x := range s {
		if i > 0 {
			out += " "
		}
		out += x
	}
	return out
}

func TestEvaluations(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		tm := newTeam(t, db, may2026)
		svc, ctx, v := tm.svc, tm.ctx, tm.v
		supPlan := tm.approvedPlan("sup", "boss", 2026, 0)
		p := tm.approvedPlan("emp", "sup", 2026, supPlan.Results[0].ID)
		q1 := performance.Rating{Period: "2026-Q1", Hasil: "meets", Perilaku: "meets", Notes: "Target triwulan tercapai"}
		_, err := svc.Evaluate(ctx, v["other"], p.ID, q1)
		tm.want("by someone who cannot see it", err, apperr.NotFound)
		_, err = svc.Evaluate(ctx, v["boss"], p.ID, q1)
		tm.want("by the superior", err, apperr.Forbidden)
		_, err = svc.Evaluate(ctx, v["emp"], p.ID, q1)
		tm.want("by the employee", err, apperr.Forbidden)
		noNotes := q1
		noNotes.Notes = ""
		_, err = svc.Evaluate(ctx, v["sup"], p.ID, noNotes)
		tm.want("without notes", err, apperr.Invalid)
		q2 := q1
		q2.Period = "2026-Q2"
		_, err = svc.Evaluate(ctx, v["sup"], p.ID, q2)
		tm.want("a period not yet ended", err, apperr.Conflict)
		bad := q1
		bad.Period = "2026-03"
		_, err = svc.Evaluate(ctx, v["sup"], p.ID, bad)
		tm.want("a month in a quarterly plan", err, apperr.Invalid)
		ev, err := svc.Evaluate(ctx, v["sup"], p.ID, q1)
		tm.want("Q1", err, "")
		if ev.Predikat != performance.Baik {
			t.Errorf("predikat %q", ev.Predikat)
		}
		_, err = svc.Evaluate(ctx, v["sup"], p.ID, q1)
		tm.want("Q1 again", err, apperr.Conflict)
		tm.want("comment", svc.CommentEvaluation(ctx, v["emp"], ev.ID, "Terima kasih"), "")
		tm.want("object", svc.Object(ctx, v["emp"], ev.ID, "Berkas April belum dihitung"), "")
		tm.want("object twice", svc.Object(ctx, v["emp"], ev.ID, "lagi"), apperr.Conflict)
		pending, err := svc.ObjectionsToDecide(ctx, v["boss"])
		if err != nil || len(pending) != 1 {
			t.Fatalf("boss's objections %v %v", pending, err)
		}
		d := performance.Decision{Decision: "upheld", Hasil: "above", Perilaku: "above", Response: "Berkas April dihitung"}
		tm.want("decided by the supervisor", svc.DecideObjection(ctx, v["sup"], ev.ID, d), apperr.Forbidden)
		tm.want("decided by another", svc.DecideObjection(ctx, v["other"], ev.ID, d), apperr.NotFound)
		tm.want("decide", svc.DecideObjection(ctx, v["boss"], ev.ID, d), "")
		got, _, _ := svc.FindPlan(ctx, v["emp"], p.ID)
		if e := got.Evaluations[0]; e.Predikat != performance.SangatBaik || e.Objection == nil || e.Objection.Decision != "upheld" {
			t.Errorf("after the objection %+v", e)
		}

		// A supervisor change mid-year hands the plan over with its history.
		tm.clock.Set(time.Date(2026, 7, 10, 3, 0, 0, 0, time.UTC))
		tm.supervise(tm.emp, tm.boss, "2026-07-01")
		_, err = svc.Evaluate(ctx, v["sup"], p.ID, q2)
		tm.want("the former supervisor", err, apperr.Forbidden)
		ev2, err := svc.Evaluate(ctx, v["boss"], p.ID, q2)
		tm.want("Q2 by the new supervisor", err, "")
		got, _, _ = svc.FindPlan(ctx, v["emp"], p.ID)
		if got.Supervisor.ID != tm.boss.ID || got.History[len(got.History)-1].Action != "handover" {
			t.Errorf("no handover: %+v", got.History)
		}
		// An objection after its window.
		tm.clock.Add((performance.ObjectionDays + 1) * 24 * time.Hour)
		tm.want("object late", svc.Object(ctx, v["emp"], ev2.ID, "Terlambat"), apperr.Conflict)
	})
}

func TestFinaliseAndFollowUp(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		tm := newTeam(t, db, may2026)
		svc, ctx, v := tm.svc, tm.ctx, tm.v
		supPlan := tm.approvedPlan("sup", "boss", 2026, 0)
		p := tm.approvedPlan("emp", "sup", 2026, supPlan.Results[0].ID)
		annual := performance.Rating{Period: "2026", Hasil: "below", Perilaku: "meets", Notes: "Target tahunan tidak tercapai"}
		_, err := svc.Evaluate(ctx, v["sup"], p.ID, annual)
		tm.want("annual before the year ends", err, apperr.Conflict)
		tm.clock.Set(time.Date(2027, 1, 5, 3, 0, 0, 0, time.UTC))
		ev, err := svc.Evaluate(ctx, v["sup"], p.ID, annual)
		tm.want("annual", err, "")
		if ev.Predikat != performance.ButuhPerbaikan {
			t.Fatalf("predikat %s", ev.Predikat)
		}
		mut := tm.mut.ID
		_, err = svc.Finalise(ctx, v["sup"], mut, 2026)
		tm.want("no unit predikat", err, apperr.FailedPrecondition)
		tm.want("set by another", svc.SetUnitPredikat(ctx, v["emp"], mut, 2026, "istimewa", "x"), apperr.NotFound)
		tm.want("no basis", svc.SetUnitPredikat(ctx, v["sup"], mut, 2026, "istimewa", ""), apperr.Invalid)
		tm.want("set", svc.SetUnitPredikat(ctx, v["sup"], mut, 2026, "butuh_perbaikan", "Capaian IKU unit 70 %"), "")
		_, err = svc.Finalise(ctx, v["sup"], mut, 2026)
		tm.want("not approved", err, apperr.FailedPrecondition)
		tm.want("approve by the head", svc.ApproveUnitPredikat(ctx, v["sup"], mut, 2026), apperr.Forbidden)
		tm.want("approve above", svc.ApproveUnitPredikat(ctx, v["boss"], mut, 2026), "")
		_, err = svc.Finalise(ctx, v["sup"], mut, 2026)
		tm.want("sup unevaluated", err, apperr.FailedPrecondition)
		_, err = svc.Evaluate(ctx, v["boss"], supPlan.ID, performance.Rating{Period: "2026", Hasil: "above", Perilaku: "above",
			Notes: "Unit melampaui target"})
		tm.want("sup's annual", err, "")
		st, err := svc.UnitStatusOf(ctx, v["sup"], mut, 2026)
		tm.want("status", err, "")
		if len(st.Violations) != 2 || st.Violations[0].Rule.Key() != "min:butuh_perbaikan:60" || st.Violations[0].By != 1 {
			t.Errorf("violations %+v", st.Violations)
		}
		_, err = svc.Finalise(ctx, v["sup"], mut, 2026)
		tm.want("the curve broken", err, apperr.Conflict)
		if ae := apperr.As(err); ae.Msg.Key != "skp.curve.min" {
			t.Errorf("curve error %v", ae.Msg)
		}
		tm.want("set again", svc.SetUnitPredikat(ctx, v["sup"], mut, 2026, "istimewa", "Capaian IKU unit 110 %"), "")
		tm.want("approve again", svc.ApproveUnitPredikat(ctx, v["boss"], mut, 2026), "")
		f, err := svc.Finalise(ctx, v["sup"], mut, 2026)
		tm.want("finalise", err, "")
		if f.Employees != 2 || f.Rewards != 1 || f.Coaching != 1 || f.Escalated != 0 {
			t.Errorf("finalised %+v", f)
		}
		_, err = svc.Finalise(ctx, v["sup"], mut, 2026)
		tm.want("finalise twice", err, apperr.Conflict)
		tm.want("object to a final result", svc.Object(ctx, v["emp"], ev.ID, "x"), apperr.Conflict)
		tm.want("reopen a final plan", svc.ReopenPlan(ctx, v["sup"], p.ID, "x"), apperr.Conflict)

		c, err := svc.CoachingOfPlan(ctx, p.ID)
		if err != nil || c == nil {
			t.Fatalf("coaching %v %v", c, err)
		}
		in := performance.CoachingInput{Goals: "Menyelesaikan 90 % berkas tepat waktu", Focus: []string{"orientasi-pada-hasil"}}
		tm.want("coaching by the employee", svc.PlanCoaching(ctx, v["emp"], c.ID, in), apperr.Forbidden)
		tm.want("no focus", svc.PlanCoaching(ctx, v["sup"], c.ID, performance.CoachingInput{Goals: "x"}), apperr.Invalid)
		withSession := in
		withSession.Sessions = []int64{9}
		tm.want("a session without a catalogue", svc.PlanCoaching(ctx, v["sup"], c.ID, withSession), apperr.Invalid)
		tm.want("plan coaching", svc.PlanCoaching(ctx, v["sup"], c.ID, in), "")
		tm.want("meeting", svc.AddMeeting(ctx, v["sup"], c.ID, "2027-01-05", "Pertemuan pertama"), "")
		c, _ = svc.CoachingOfPlan(ctx, p.ID)
		if c.ReviewOn != "2027-07-05" || len(c.Meetings) != 1 {
			t.Errorf("coaching %+v", c)
		}
		gaps, err := svc.Gaps(ctx, tm.emp.ID)
		if err != nil || len(gaps) != 1 || gaps[0].Competency != "orientasi-pada-hasil" || gaps[0].Source != "coaching" {
			t.Errorf("gaps %+v %v", gaps, err)
		}
		tm.want("close before the review", svc.CloseCoaching(ctx, v["sup"], c.ID, "improved", "Membaik"), apperr.FailedPrecondition)
		tm.clock.Set(time.Date(2027, 7, 6, 3, 0, 0, 0, time.UTC))
		tm.want("close", svc.CloseCoaching(ctx, v["sup"], c.ID, "not_improved", "Belum membaik"), "")
		if gaps, _ := svc.Gaps(ctx, tm.emp.ID); len(gaps) != 0 {
			t.Errorf("gaps after closing %v", gaps)
		}
		if r, err := svc.RewardOfPlan(ctx, supPlan); err != nil || r == nil || r.Succession {
			t.Errorf("reward %+v %v", r, err)
		}
	})
}
