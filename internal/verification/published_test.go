package verification_test

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"

	"asnpro/internal/apperr"
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
		ctx := context.Background()
		f := newFixture(t, db, withNotices(0))
		n := f.notify
		pid := f.period.ID
		for _, u := range []string{"veri1", "veri2", "ketua", "anggota"} {
			role := "committee"
			if strings.HasPrefix(u, "veri") {
				role = "verifier"
			}
			f.sign(u, role)
		}
		f.sign("panver", "verifier")
		kctx, ketua := f.as("ketua", "committee")
		actx, anggota := f.as("anggota", "committee")
		pvctx, panver := f.as("panver", "verifier")
		pcctx, _ := f.as("panver", "committee")
		verifier := func(a *applicant) (context.Context, int64, string) {
			v, err := f.svc.FindVerification(ctx, a.appID)
			if err != nil {
				t.Fatal(err)
			}
			for _, u := range []string{"veri1", "veri2", "panver"} {
				if f.users[u].UserID == v.VerifierID {
					c, _ := f.as(u, "verifier")
					return c, v.VerifierID, u
				}
			}
			t.Fatalf("%s has verifier %d", a.reg, v.VerifierID)
			return nil, 0, ""
		}
		tms := verification.NewDecision{Decision: "TMS", Reasons: []verification.Reason{{Requirement: "ijazah", Note: "Ijazah tidak dilegalisir"}}}

		target, own, appealed := f.submit("Siti Aminah"), f.submit("Budi Santoso"), f.submit("Rina Wati")
		wantCode(t, "to panver", f.svc.Reassign(kctx, ketua, own.appID, "panver"), "")
		for _, a := range []*applicant{target, own, appealed} {
			vctx, _, u := verifier(a)
			if _, err := f.svc.Decide(vctx, f.users[u], a.appID, tms); err != nil {
				t.Fatalf("decide %s: %v", a.reg, err)
			}
		}
		f.clock.set(time.Date(2026, 12, 5, 10, 0, 0, 0, wib))
		if _, err := f.svc.PublishResults(kctx, ketua, pid, "administration"); err != nil {
			t.Fatal(err)
		}

		// The attack: the verifier who decided declares a conflict after the announcement.
		dctx, decider, dname := verifier(target)
		before, _ := f.svc.FindVerification(ctx, target.appID)
		c, err := f.svc.DeclareConflict(dctx, f.users[dname], pid, verification.NewConflict{RegistrationNumber: target.reg, Kind: "family", Note: "ipar"})
		wantCode(t, "late conflict", err, "")
		if !c.AfterAnnouncement || c.AnnouncedDecision != "TMS" || c.ApplicantName != "" {
			t.Fatalf("conflict answer %+v", c)
		}
		after, _ := f.svc.FindVerification(ctx, target.appID)
		if after.Decision != "TMS" || after.DecidedBy != decider || after.VerifierID != decider || after.Reopened != before.Reopened || len(after.Reasons) != 1 {
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
		// Recorded and flagged to the committee: the progress flags, a notification.
		var data string
		if err := db.R.QueryRow(`SELECT data FROM audit_events WHERE action = 'conflict.declare' AND object_id = $1`, strconv.FormatInt(target.appID, 10)).Scan(&data); err != nil {
			t.Fatal(err)
		}
		var ev map[string]any
		_ = json.Unmarshal([]byte(data), &ev)
		if ev["after_announcement"] != true || ev["decision_stands"] != "TMS" {
			t.Fatalf("conflict.declare %s", data)
		}
		pr, err := f.svc.FindProgress(kctx, ketua, pid)
		wantCode(t, "progress", err, "")
		if len(pr.Flags) != 1 || pr.Flags[0].Kind != verification.FlagLateConflict || pr.Flags[0].RegistrationNumber != target.reg || pr.Flags[0].Decision != "TMS" || pr.Flags[0].User.ID != strconv.FormatInt(decider, 10) {
			t.Fatalf("flags %+v", pr.Flags)
		}
		for _, u := range []string{"ketua", "anggota"} {
			items, _, _, err := n.List(ctx, f.users[u].UserID, 50, 0)
			if err != nil {
				t.Fatal(err)
			}
			found := false
			for _, it := range items {
				found = found || (it.Kind == "verification.late_conflict" && strings.Contains(it.Title, target.reg))
			}
			if !found {
				t.Fatalf("%s was not told of the late conflict: %+v", u, items)
			}
		}
		in, _ := f.svc.FindIntegrity(kctx, ketua, pid)
		if len(in.Conflicts) != 1 || !in.Conflicts[0].AfterAnnouncement {
			t.Fatalf("integrity %+v", in.Conflicts)
		}

		// The appeal stage publishes the original decision.
		ap, err := f.svc.FileAppeal(appealed.ctx, appealed.p, appealed.appID, "Ijazah saya sudah dilegalisir, lihat cap basah.")
		wantCode(t, "appeal", err, "")
		wantCode(t, "reopen while an appeal is pending", f.svc.Reopen(kctx, ketua, appealed.appID, "Periksa ulang"), apperr.Conflict)
		if _, err := f.svc.DecideAppeal(actx, anggota, ap.ID, verification.AppealDecision{Upheld: bptr(false), Response: "Legalisir tidak ada pada berkas."}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.PublishResults(kctx, ketua, pid, "appeal"); err != nil {
			t.Fatal(err)
		}
		if r := resultOf(t, f, "appeal", target); r != "TMS" {
			t.Fatalf("post-appeal list: %s", r)
		}

		// Committee reopen: a reason is required; four eyes; then it works.
		wantCode(t, "reopen without a reason", f.svc.Reopen(kctx, ketua, target.appID, "  "), apperr.Invalid)
		wantCode(t, "reopen one's own decision", f.svc.Reopen(pcctx, panver, own.appID, "Saya keliru membaca ijazah"), apperr.Forbidden)
		if v, _ := f.svc.FindVerification(ctx, own.appID); v.Decision != "TMS" {
			t.Fatalf("own reopen changed it: %+v", v)
		}
		f.clock.add(time.Hour)
		reason := "Verifikator menyatakan konflik kepentingan setelah pengumuman; diperiksa ulang oleh verifikator lain"
		wantCode(t, "reopen", f.svc.Reopen(kctx, ketua, target.appID, reason), "")
		v, _ := f.svc.FindVerification(ctx, target.appID)
		if v.Decision != "" || v.VerifierID == decider || v.VerifierID == 0 || v.VerifierID == ketua.UserID {
			t.Fatalf("after reopening: %+v", v)
		}
		if err := db.R.QueryRow(`SELECT data FROM audit_events WHERE action = 'verification.reopen' AND object_id = $1 ORDER BY seq DESC LIMIT 1`, strconv.FormatInt(target.appID, 10)).Scan(&data); err != nil {
			t.Fatal(err)
		}
		ev = nil
		_ = json.Unmarshal([]byte(data), &ev)
		if ev["reason"] != reason || ev["previous"] != "TMS" || ev["announced"] != true {
			t.Fatalf("verification.reopen %s", data)
		}
		// Until the next version, the applicant reads what was announced.
		o, err := f.svc.FindOutcome(target.ctx, target.p, target.appID)
		wantCode(t, "outcome while reopened", err, "")
		if o.Result != "TMS" || len(o.Reasons) != 1 || o.Reasons[0].Note != "Ijazah tidak dilegalisir" {
			t.Fatalf("outcome while reopened: %+v", o)
		}
		nctx, np := pvctx, f.users["panver"]
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
		pub, err := f.svc.PublishResults(kctx, ketua, pid, "administration")
		wantCode(t, "new version", err, "")
		if pub.Version != 2 || resultOf(t, f, "administration", target) != "MS" {
			t.Fatalf("v%d, %s", pub.Version, resultOf(t, f, "administration", target))
		}
		if o, _ := f.svc.FindOutcome(target.ctx, target.p, target.appID); o.Result != "MS" || len(o.Reasons) != 0 {
			t.Fatalf("outcome after the new version: %+v", o)
		}
		old, _ := f.svc.FindAnnouncement(ctx, pid, "administration", 1)
		items, _, _ := f.svc.Items(ctx, old, verification.ItemFilter{Q: target.reg})
		if len(items) != 1 || items[0].Result != "TMS" {
			t.Fatalf("version 1 changed: %+v", items)
		}
	})
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
				f.clock.add(time.Minute)
				if c.announced {
					kctx, ketua := f.as("ketua", "committee")
					if _, err := f.svc.PublishResults(kctx, ketua, f.period.ID, "administration"); err != nil {
						t.Fatal(err)
					}
				}
				cf, err := f.svc.DeclareConflict(vctx, vp, f.period.ID, verification.NewConflict{ApplicationID: strconv.FormatInt(a.appID, 10), Kind: "work"})
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
