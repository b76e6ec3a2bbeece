package verification_test

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"

	"asnpro/internal/apperr"
	"asnpro/internal/identity"
	"asnpro/internal/sqldb"
	"asnpro/internal/sqldb/sqldbtest"
	"asnpro/internal/verification"
)

// resultOf returns an application's row in the latest version of a stage.
func resultOf(t *testing.T, f *fixture, stage string, a *applicant) string {
	t.Helper()
	an, err := f.svc.FindAnnouncement(context.Background(), f.period.ID, stage, 0)
	if err != nil {
		t.Fatalf("%s: %v", stage, err)
	}
	items, _, err := f.svc.Items(context.Background(), an, verification.ItemFilter{Q: a.reg})
	if err != nil || len(items) != 1 {
		t.Fatalf("%s row of %s: %v %v", stage, a.reg, items, err)
	}
	return items[0].Result
}

// TestAnnouncedDecisionChangesOnlyByAppealOrReopen: once a decision is
// announced, a conflict declared by the verifier who took it changes
// nothing (the decision and the assignment stay, the post-appeal list
// publishes it unchanged); the declaration is recorded and flagged to the
// committee. A committee reopen with a reason does change it (recorded,
// goes to another verifier, published as a new version); without a reason
// 422; a member who is also a verifier may not reopen their own decision
// (403); while an appeal is pending 409.
func TestAnnouncedDecisionChangesOnlyByAppealOrReopen(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		s := newLateConflict(t, db)
		t.Run("a conflict declared after the announcement changes nothing", s.declare)
		t.Run("it is recorded and flagged to the committee", s.flagged)
		t.Run("the appeal stage publishes the original decision", s.appealStage)
		t.Run("a committee reopen needs a reason and other eyes", s.reopenRules)
		t.Run("a reopen changes it, published as a new version", s.reopen)
	})
}

// lateConflict is a period whose three TMS decisions were announced:
// target's decider declares a conflict after it, own was decided by
// panver (a committee member who is also a verifier), appealed is appealed.
type lateConflict struct {
	f                     *fixture
	db                    *sqldb.DB
	pid                   int64
	kctx, actx            context.Context
	ketua, anggota        *identity.Principal
	target, own, appealed *applicant
	decider               int64 // target's verifier, who decided it
}

func newLateConflict(t *testing.T, db *sqldb.DB) *lateConflict {
	f := newFixture(t, db, withNotices(0))
	s := &lateConflict{f: f, db: db, pid: f.period.ID}
	for _, u := range []string{"veri1", "veri2", "ketua", "anggota"} {
		role := "committee"
		if strings.HasPrefix(u, "veri") {
			role = "verifier"
		}
		f.sign(u, role)
	}
	f.sign("panver", "verifier")
	s.kctx, s.ketua = f.as("ketua", "committee")
	s.actx, s.anggota = f.as("anggota", "committee")
	tms := verification.NewDecision{
		Decision: "TMS",
		Reasons:  []verification.Reason{{Requirement: "ijazah", Note: "Ijazah tidak dilegalisir"}},
	}
	s.target, s.own, s.appealed = f.submit("Siti Aminah"), f.submit("Budi Santoso"), f.submit("Rina Wati")
	wantCode(t, "to panver", f.svc.Reassign(s.kctx, s.ketua, s.own.appID, "panver"), "")
	for _, a := range []*applicant{s.target, s.own, s.appealed} {
		vctx, _, u := s.verifier(t, a)
		if _, err := f.svc.Decide(vctx, f.users[u], a.appID, tms); err != nil {
			t.Fatalf("decide %s: %v", a.reg, err)
		}
	}
	f.clock.Set(time.Date(2026, 12, 12, 10, 0, 0, 0, wib))
	if _, err := f.svc.PublishResults(s.kctx, s.ketua, s.pid, "administration"); err != nil {
		t.Fatal(err)
	}
	return s
}

// verifier is a's verifier: as it acts, its id and its username.
func (s *lateConflict) verifier(t *testing.T, a *applicant) (context.Context, int64, string) {
	t.Helper()
	v, err := s.f.svc.FindVerification(context.Background(), a.appID)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range []string{"veri1", "veri2", "panver"} {
		if s.f.users[u].UserID == v.VerifierID {
			c, _ := s.f.as(u, "verifier")
			return c, v.VerifierID, u
		}
	}
	t.Fatalf("%s has verifier %d", a.reg, v.VerifierID)
	return nil, 0, ""
}

// lastEvent is the data of the latest event of action on an application.
func (s *lateConflict) lastEvent(t *testing.T, action string, appID int64) (string, map[string]any) {
	t.Helper()
	var data string
	if err := s.db.R.QueryRow(`SELECT data FROM audit_events WHERE action = $1 AND object_id = $2 ORDER BY seq DESC LIMIT 1`,
		action, strconv.FormatInt(appID, 10)).Scan(&data); err != nil {
		t.Fatal(err)
	}
	var ev map[string]any
	_ = json.Unmarshal([]byte(data), &ev)
	return data, ev
}

// declare: the attack — the verifier who decided declares a conflict
// after the announcement; the decision and the assignment stay.
func (s *lateConflict) declare(t *testing.T) {
	ctx, f, target := context.Background(), s.f, s.target
	dctx, decider, dname := s.verifier(t, target)
	s.decider = decider
	before, _ := f.svc.FindVerification(ctx, target.appID)
	c, err := f.svc.DeclareConflict(dctx, f.users[dname], s.pid,
		verification.NewConflict{RegistrationNumber: target.reg, Kind: "family", Note: "ipar"})
	wantCode(t, "late conflict", err, "")
	if !c.AfterAnnouncement || c.AnnouncedDecision != "TMS" || c.ApplicantName != "" {
		t.Fatalf("conflict answer %+v", c)
	}
	after, _ := f.svc.FindVerification(ctx, target.appID)
	if after.Decision != "TMS" || after.DecidedBy != decider || after.VerifierID != decider || after.Reopened != before.Reopened ||
		len(after.Reasons) != 1 {
		t.Fatalf("the late conflict changed the decision: %+v", after)
	}
	// Nobody else may decide it: it is nobody else's, and it is decided.
	for _, u := range []string{"veri1", "veri2", "panver"} {
		if f.users[u].UserID == decider {
			continue
		}
		uctx, _ := f.as(u, "verifier")
		_, err := f.svc.Decide(uctx, f.users[u], target.appID, verification.NewDecision{Decision: "MS"})
		if err == nil {
			t.Fatalf("%s decided an announced application", u)
		}
	}
}

// flagged: recorded and flagged to the committee — the progress flags, a
// notification, the integrity list.
func (s *lateConflict) flagged(t *testing.T) {
	ctx, f, target := context.Background(), s.f, s.target
	data, ev := s.lastEvent(t, "conflict.declare", target.appID)
	if ev["after_announcement"] != true || ev["decision_stands"] != "TMS" {
		t.Fatalf("conflict.declare %s", data)
	}
	pr, err := f.svc.FindProgress(s.kctx, s.ketua, s.pid)
	wantCode(t, "progress", err, "")
	if len(pr.Flags) != 1 {
		t.Fatalf("flags %+v", pr.Flags)
	}
	if fl := pr.Flags[0]; fl.Kind != verification.FlagLateConflict || fl.RegistrationNumber != target.reg || fl.Decision != "TMS" ||
		fl.User.ID != s.decider {
		t.Fatalf("flags %+v", pr.Flags)
	}
	for _, u := range []string{"ketua", "anggota"} {
		items, _, _, err := f.notify.List(ctx, f.users[u].UserID, 50, 0)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, it := range items {
			found = found || (it.Kind == "verification.late_conflict" && strings.Contains(it.Title, target.reg) &&
				strings.Contains(it.Body, "menyatakan konflik") && !strings.Contains(it.Body, "declared") &&
				strings.Contains(it.BodyEN, "declared a conflict") && !strings.Contains(it.BodyEN, "menyatakan"))
		}
		if !found {
			t.Fatalf("%s was not told of the late conflict: %+v", u, items)
		}
	}
	in, _ := f.svc.FindIntegrity(s.kctx, s.ketua, s.pid)
	if len(in.Conflicts) != 1 || !in.Conflicts[0].AfterAnnouncement {
		t.Fatalf("integrity %+v", in.Conflicts)
	}
}

// appealStage: the appeal stage publishes the original decision; no
// reopen while an appeal is pending.
func (s *lateConflict) appealStage(t *testing.T) {
	f, appealed := s.f, s.appealed
	ap, err := f.svc.FileAppeal(appealed.ctx, appealed.p, appealed.appID, "Ijazah saya sudah dilegalisir, lihat cap basah.")
	wantCode(t, "appeal", err, "")
	wantCode(t, "reopen while an appeal is pending", f.svc.Reopen(s.kctx, s.ketua, appealed.appID, "Periksa ulang"), apperr.Conflict)
	if _, err := f.svc.DecideAppeal(s.actx, s.anggota, ap.ID,
		verification.AppealDecision{Upheld: bptr(false), Response: "Legalisir tidak ada pada berkas."}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.PublishResults(s.kctx, s.ketua, s.pid, "appeal"); err != nil {
		t.Fatal(err)
	}
	if r := resultOf(t, f, "appeal", s.target); r != "TMS" {
		t.Fatalf("post-appeal list: %s", r)
	}
}

// reopenRules: a reason is required; four eyes.
func (s *lateConflict) reopenRules(t *testing.T) {
	f := s.f
	pcctx, panver := f.as("panver", "committee")
	wantCode(t, "reopen without a reason", f.svc.Reopen(s.kctx, s.ketua, s.target.appID, "  "), apperr.Invalid)
	wantCode(t, "reopen one's own decision", f.svc.Reopen(pcctx, panver, s.own.appID, "Saya keliru membaca ijazah"), apperr.Forbidden)
	if v, _ := f.svc.FindVerification(context.Background(), s.own.appID); v.Decision != "TMS" {
		t.Fatalf("own reopen changed it: %+v", v)
	}
}

// reopen: recorded, goes to another verifier, the applicant reads what
// was announced until the new version, which publishes the new decision.
func (s *lateConflict) reopen(t *testing.T) {
	ctx, f, target := context.Background(), s.f, s.target
	f.clock.Add(time.Hour)
	reason := "Verifikator menyatakan konflik kepentingan setelah pengumuman; diperiksa ulang oleh verifikator lain"
	wantCode(t, "reopen", f.svc.Reopen(s.kctx, s.ketua, target.appID, reason), "")
	v, _ := f.svc.FindVerification(ctx, target.appID)
	if v.Decision != "" || v.VerifierID == s.decider || v.VerifierID == 0 || v.VerifierID == s.ketua.UserID {
		t.Fatalf("after reopening: %+v", v)
	}
	data, ev := s.lastEvent(t, "verification.reopen", target.appID)
	if ev["reason"] != reason || ev["previous"] != "TMS" || ev["announced"] != true {
		t.Fatalf("verification.reopen %s", data)
	}
	// Until the next version, the applicant reads what was announced.
	o, err := f.svc.FindOutcome(target.ctx, target.p, target.appID)
	wantCode(t, "outcome while reopened", err, "")
	if o.Result != "TMS" || len(o.Reasons) != 1 || o.Reasons[0].Note != "Ijazah tidak dilegalisir" {
		t.Fatalf("outcome while reopened: %+v", o)
	}
	nctx, np := f.as("panver", "verifier")
	for _, u := range []string{"veri1", "veri2"} {
		if f.users[u].UserID == v.VerifierID {
			nctx, _ = f.as(u, "verifier")
			np = f.users[u]
		}
	}
	if _, err := f.svc.Decide(nctx, np, target.appID, verification.NewDecision{Decision: "MS"}); err != nil {
		t.Fatal(err)
	}
	if o, _ := f.svc.FindOutcome(target.ctx, target.p, target.appID); o.Result != "TMS" || len(o.Reasons) != 1 {
		t.Fatalf("outcome before the new version: %+v", o)
	}
	pub, err := f.svc.PublishResults(s.kctx, s.ketua, s.pid, "administration")
	wantCode(t, "new version", err, "")
	if pub.Version != 2 || resultOf(t, f, "administration", target) != "MS" {
		t.Fatalf("v%d, %s", pub.Version, resultOf(t, f, "administration", target))
	}
	if o, _ := f.svc.FindOutcome(target.ctx, target.p, target.appID); o.Result != "MS" || len(o.Reasons) != 0 {
		t.Fatalf("outcome after the new version: %+v", o)
	}
	old, _ := f.svc.FindAnnouncement(ctx, s.pid, "administration", 1)
	items, _, _ := f.svc.Items(ctx, old, verification.ItemFilter{Q: target.reg})
	if len(items) != 1 || items[0].Result != "TMS" {
		t.Fatalf("version 1 changed: %+v", items)
	}
}

// TestConflictByTheDecider: the rule table — a conflict declared by the
// verifier who decided clears the decision and moves the application while
// it is unannounced, and changes nothing (flagged instead) once announced.
func TestConflictByTheDecider(t *testing.T) {
	for _, c := range []struct {
		name      string
		announced bool
	}{{"before the announcement", false}, {"after the announcement", true}} {
		t.Run(c.name, func(t *testing.T) {
			sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
				ctx := context.Background()
				f := newFixture(t, db)
				f.sign("veri1", "verifier")
				f.sign("veri2", "verifier")
				f.sign("ketua", "committee")
				a := f.submit("Siti Aminah")
				v, _ := f.svc.FindVerification(ctx, a.appID)
				name := "veri1"
				if v.VerifierID == f.users["veri2"].UserID {
					name = "veri2"
				}
				vctx, vp := f.as(name, "verifier")
				if _, err := f.svc.Decide(vctx, vp, a.appID, verification.NewDecision{Decision: "MS"}); err != nil {
					t.Fatal(err)
				}
				f.clock.Add(time.Minute)
				if c.announced {
					kctx, ketua := f.as("ketua", "committee")
					f.closeRegistration()
					if _, err := f.svc.PublishResults(kctx, ketua, f.period.ID, "administration"); err != nil {
						t.Fatal(err)
					}
				}
				cf, err := f.svc.DeclareConflict(vctx, vp, f.period.ID,
					verification.NewConflict{ApplicationID: a.appID, Kind: "work"})
				wantCode(t, "declare", err, "")
				after, _ := f.svc.FindVerification(ctx, a.appID)
				stays := after.Decision == "MS" && after.VerifierID == vp.UserID
				moved := after.Decision == "" && after.VerifierID != vp.UserID && after.VerifierID != 0
				if cf.AfterAnnouncement != c.announced || (c.announced && !stays) || (!c.announced && !moved) {
					t.Fatalf("announced %v: conflict %+v, verification %+v", c.announced, cf, after)
				}
			})
		})
	}
}
