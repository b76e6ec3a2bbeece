package verification_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
	"testing"
	"time"

	"asnpro/internal/apperr"
	"asnpro/internal/identity"
	"asnpro/internal/sqldb"
	"asnpro/internal/sqldb/sqldbtest"
	"asnpro/internal/testkit"
	"asnpro/internal/verification"
)

func bptr(b bool) *bool { return &b }

// journey is a period on its way from submission to the post-appeal
// announcement: its staff, applicants, and what earlier steps published.
type journey struct {
	f                        *fixture
	db                       *sqldb.DB
	pid                      int64
	v1ctx, v2ctx, kctx, actx context.Context
	ictx                     context.Context
	v1, v2, ketua, anggota   *identity.Principal
	inspektur                *identity.Principal
	apps                     []*applicant
	tmsReason                []verification.Reason
	pub1                     *verification.Published
	end                      time.Time // the appeal window's
	appeal                   *verification.Appeal
}

func newJourney(t *testing.T, db *sqldb.DB) *journey {
	f := newFixture(t, db)
	j := &journey{f: f, db: db, pid: f.period.ID}
	j.v1ctx, j.v1 = f.as("veri1", "verifier")
	j.v2ctx, j.v2 = f.as("veri2", "verifier")
	j.kctx, j.ketua = f.as("ketua", "committee")
	j.actx, j.anggota = f.as("anggota", "committee")
	j.ictx, j.inspektur = f.as("inspektur", "auditor")
	j.tmsReason = []verification.Reason{{Requirement: "ijazah", Note: "Ijazah tidak terbaca; unggah pindaian yang jelas"}}
	// The window: published 2026-12-20 10:00 WIB, 3 days → 2026-12-23 23:59:59 WIB.
	j.end = time.Date(2026, 12, 23, 23, 59, 59, 0, wib)
	return j
}

// verifierOf is the verifier an application went to, and the other one.
func (j *journey) verifierOf(a *applicant) (ctx context.Context, p *identity.Principal, octx context.Context, other *identity.Principal) {
	v, _ := j.f.svc.FindVerification(context.Background(), a.appID)
	if v.VerifierID == j.v1.UserID {
		return j.v1ctx, j.v1, j.v2ctx, j.v2
	}
	return j.v2ctx, j.v2, j.v1ctx, j.v1
}

// TestVerificationToPostAppeal runs a period from submission to the
// post-appeal announcement, with every bad input on the way.
func TestVerificationToPostAppeal(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		j := newJourney(t, db)
		// An application submitted before any verifier signed waits unassigned.
		j.apps = []*applicant{j.f.submit("Budi Santoso")}
		t.Run("pact: 403 until signed, once only, staff only", j.pacts)
		for _, n := range []string{"Siti Aminah", "Rahmat Hidayat", "Dewi Lestari", "Agus Salim", "Nur Aini"} {
			j.apps = append(j.apps, j.f.submit(n))
		}
		t.Run("assignment is balanced at submission", j.assignment)
		t.Run("conflict of interest removes the declarer", j.conflict)
		t.Run("decisions: bad input, 404 for others, 409 twice, reopen", j.decisions)
		t.Run("four eyes: the decider cannot confirm", j.fourEyes)
		t.Run("an appeal before the announcement is 409", func(t *testing.T) {
			a := j.apps[0]
			_, err := j.f.svc.FileAppeal(a.ctx, a.p, a.appID, "Ijazah saya jelas, mohon diperiksa ulang")
			wantCode(t, "appeal before", err, apperr.FailedPrecondition)
		})
		t.Run("publishing while undecided is 409 with the count", j.publishUndecided)
		j.decideRest(t)
		t.Run("publish: masked names, the CSV's SHA-256 in the chain", j.publish)
		t.Run("appeals: MS, bad reason, second, window", j.appeals)
		t.Run("appeal decisions: first verifier 403, bad input, upheld → MS", j.appealDecisions)
		t.Run("post-appeal list, versions stay, statistics", j.postAppeal)
	})
}

func (j *journey) pacts(t *testing.T) {
	_, err := j.f.svc.FindQueue(j.v1ctx, j.v1, verification.QueueFilter{PeriodID: j.pid})
	wantCode(t, "queue before the pact", err, apperr.Forbidden)
	if !strings.Contains(apperr.As(err).Localized("id"), "pakta integritas") || apperr.As(err).Msg.Key != "verification.pact_required" {
		t.Fatalf("the message does not name the pact: %v", err)
	}
	_, err = j.f.svc.ViewApplication(j.kctx, j.ketua, j.apps[0].appID)
	wantCode(t, "committee view before the pact", err, apperr.Forbidden)
	_, err = j.f.svc.FindProgress(j.kctx, j.ketua, j.pid)
	wantCode(t, "progress before the pact", err, apperr.Forbidden)
	_, err = j.f.svc.SignPact(j.apps[0].ctx, j.apps[0].p, j.pid, true)
	wantCode(t, "an applicant signs", err, apperr.Forbidden)
	j.f.sign("veri1", "verifier")
	j.f.sign("veri2", "verifier")
	j.f.sign("ketua", "committee")
	j.f.sign("anggota", "committee")
	_, err = j.f.svc.SignPact(j.v1ctx, j.v1, j.pid, true)
	wantCode(t, "second signature", err, apperr.Conflict)
	// The auditor reads the lists without a pact.
	in, err := j.f.svc.FindIntegrity(j.ictx, j.inspektur, j.pid)
	wantCode(t, "auditor reads the lists", err, "")
	if len(in.Pacts) != 4 || in.Pacts[0].TextSHA256 == "" {
		t.Fatalf("pacts %+v", in.Pacts)
	}
	if testkit.CountAudit(t, j.db, "pact.sign", testkit.Object(strconv.FormatInt(j.pid, 10))) != 4 {
		t.Fatal("pact.sign not recorded 4 times")
	}
}

func (j *journey) assignment(t *testing.T) {
	per := map[int64]int{}
	for _, a := range j.apps {
		v, err := j.f.svc.FindVerification(context.Background(), a.appID)
		wantCode(t, "verification", err, "")
		if v.VerifierID == 0 {
			t.Fatalf("%s unassigned", a.reg)
		}
		per[v.VerifierID]++
	}
	if per[j.v1.UserID] != 3 || per[j.v2.UserID] != 3 {
		t.Fatalf("unbalanced: %v", per)
	}
}

func (j *journey) conflict(t *testing.T) {
	a := j.apps[1]
	ctx, p, _, _ := j.verifierOf(a)
	uid := p.UserID
	_, err := j.f.svc.DeclareConflict(ctx, p, j.pid, verification.NewConflict{RegistrationNumber: a.reg, Kind: "cousin"})
	wantCode(t, "bad kind", err, apperr.Invalid)
	_, err = j.f.svc.DeclareConflict(ctx, p, j.pid, verification.NewConflict{RegistrationNumber: "nope", Kind: "family"})
	wantCode(t, "unknown applicant", err, apperr.NotFound)
	c, err := j.f.svc.DeclareConflict(ctx, p, j.pid, verification.NewConflict{RegistrationNumber: a.reg, Kind: "family", Note: "sepupu"})
	wantCode(t, "declare", err, "")
	// The answer names the application only as the declarer did.
	if c.ApplicantName != "" || c.RegistrationNumber != a.reg || c.ApplicationID != 0 {
		t.Fatalf("conflict %+v", c)
	}
	_, err = j.f.svc.DeclareConflict(ctx, p, j.pid, verification.NewConflict{ApplicationID: a.appID, Kind: "work"})
	wantCode(t, "twice", err, apperr.Conflict)
	v, _ := j.f.svc.FindVerification(context.Background(), a.appID)
	if v.VerifierID == uid || v.VerifierID == 0 {
		t.Fatalf("still with the declarer (or nobody): %d", v.VerifierID)
	}
	_, err = j.f.svc.ViewApplication(ctx, p, a.appID)
	wantCode(t, "declarer views", err, apperr.NotFound)
	in, _ := j.f.svc.FindIntegrity(j.kctx, j.ketua, j.pid)
	if len(in.Conflicts) != 1 || in.Conflicts[0].Kind != "family" {
		t.Fatalf("conflicts %+v", in.Conflicts)
	}
}

func (j *journey) decisions(t *testing.T) {
	a := j.apps[0]
	ctx, p, octx, other := j.verifierOf(a)
	_, err := j.f.svc.Decide(octx, other, a.appID, verification.NewDecision{Decision: "MS"})
	wantCode(t, "someone else's application", err, apperr.NotFound)
	for name, n := range map[string]verification.NewDecision{
		"TMS without a reason": {Decision: "TMS"},
		"TMS with empty note":  {Decision: "TMS", Reasons: []verification.Reason{{Requirement: "ijazah"}}},
		"unknown requirement":  {Decision: "TMS", Reasons: []verification.Reason{{Requirement: "ktp", Note: "x"}}},
		"MS with a reason":     {Decision: "MS", Reasons: j.tmsReason},
		"neither MS nor TMS":   {Decision: "OK"},
	} {
		_, err := j.f.svc.Decide(ctx, p, a.appID, n)
		wantCode(t, name, err, apperr.Invalid)
	}
	vw, err := j.f.svc.ViewApplication(ctx, p, a.appID)
	wantCode(t, "view", err, "")
	if !vw.CanDecide || len(vw.Prechecks) == 0 || vw.Checklist[0] != "ijazah" {
		t.Fatalf("view %+v", vw)
	}
	for _, c := range vw.Prechecks {
		if !c.OK {
			t.Fatalf("precheck failed on a good application: %+v", c)
		}
	}
	if testkit.CountAudit(t, j.db, "application.view", testkit.Object(strconv.FormatInt(a.appID, 10))) != 1 {
		t.Fatal("the view was not recorded")
	}
	doc, err := j.f.svc.ReadDocument(ctx, p, a.appID, "ijazah")
	wantCode(t, "document", err, "")
	viewed := testkit.CountAudit(t, j.db, "document.view", testkit.Object(strconv.FormatInt(a.appID, 10)))
	if !strings.HasPrefix(string(doc.Data), "%PDF-") || viewed != 1 {
		t.Fatal("document not read or not recorded")
	}
	_, err = j.f.svc.ReadDocument(octx, other, a.appID, "ijazah")
	wantCode(t, "document of someone else's assignment", err, apperr.NotFound)
	_, err = j.f.svc.Decide(ctx, p, a.appID, verification.NewDecision{Decision: "TMS", Reasons: j.tmsReason})
	wantCode(t, "decide", err, "")
	_, err = j.f.svc.Decide(ctx, p, a.appID, verification.NewDecision{Decision: "MS"})
	wantCode(t, "decide twice", err, apperr.Conflict)
	wantCode(t, "reopen without a reason", j.f.svc.Reopen(j.kctx, j.ketua, a.appID, " "), apperr.Invalid)
	wantCode(t, "reopen", j.f.svc.Reopen(j.kctx, j.ketua, a.appID, "Pelamar menunjukkan ijazah asli saat klarifikasi"), "")
	wantCode(t, "reopen an undecided one", j.f.svc.Reopen(j.kctx, j.ketua, a.appID, "lagi"), apperr.Conflict)
	_, err = j.f.svc.Decide(ctx, p, a.appID, verification.NewDecision{Decision: "TMS", Reasons: j.tmsReason})
	wantCode(t, "decide after reopening", err, "")
	wantCode(t, "confirm", j.f.svc.Confirm(j.kctx, j.ketua, a.appID), "")
	wantCode(t, "confirm twice", j.f.svc.Confirm(j.actx, j.anggota, a.appID), apperr.Conflict)
}

func (j *journey) fourEyes(t *testing.T) {
	pctx, panver := j.f.as("panver", "verifier")
	j.f.sign("panver", "verifier")
	a := j.apps[2]
	wantCode(t, "reassign to a non-verifier", j.f.svc.Reassign(j.kctx, j.ketua, a.appID, "anggota"), apperr.Invalid)
	wantCode(t, "reassign", j.f.svc.Reassign(j.kctx, j.ketua, a.appID, "panver"), "")
	_, err := j.f.svc.Decide(
		pctx,
		panver,
		a.appID,
		verification.NewDecision{
			Decision: "TMS",
			Reasons:  []verification.Reason{{Requirement: "ipk", Note: "Transkrip menunjukkan IPK 2,80"}},
		},
	)
	wantCode(t, "panver decides", err, "")
	cctx, _ := j.f.as("panver", "committee")
	wantCode(t, "the decider confirms", j.f.svc.Confirm(cctx, panver, a.appID), apperr.Forbidden)
	wantCode(t, "reassign a decided one", j.f.svc.Reassign(j.kctx, j.ketua, a.appID, "veri1"), apperr.Conflict)
}

func (j *journey) publishUndecided(t *testing.T) {
	j.f.closeRegistration()
	_, err := j.f.svc.PublishResults(j.kctx, j.ketua, j.pid, "administration")
	wantCode(t, "publish", err, apperr.FailedPrecondition)
	if ae := apperr.As(err); ae.LocalizedFields("id")["undecided"] != "4" || !strings.Contains(ae.Localized("id"), "4") {
		t.Fatalf("count: %+v", ae)
	}
	_, err = j.f.svc.PublishResults(j.kctx, j.ketua, j.pid, "tahap")
	wantCode(t, "bad stage", err, apperr.Invalid)
}

// decideRest decides the rest: apps[3] and apps[4] TMS (age), the others MS.
func (j *journey) decideRest(t *testing.T) {
	for i, a := range j.apps[1:] {
		if i == 1 {
			continue // apps[2] decided by panver
		}
		v, _ := j.f.svc.FindVerification(context.Background(), a.appID)
		ctx, p := j.v1ctx, j.v1
		if v.VerifierID == j.v2.UserID {
			ctx, p = j.v2ctx, j.v2
		}
		n := verification.NewDecision{Decision: "MS"}
		if a == j.apps[3] || a == j.apps[4] {
			n = verification.NewDecision{Decision: "TMS", Reasons: []verification.Reason{{Requirement: "age", Note: "Usia lewat batas"}}}
		}
		if _, err := j.f.svc.Decide(ctx, p, a.appID, n); err != nil {
			t.Fatalf("decide %s: %v", a.reg, err)
		}
	}

}

func (j *journey) publish(t *testing.T) {
	j.f.clock.Set(time.Date(2026, 12, 20, 10, 0, 0, 0, wib))
	var err error
	j.pub1, err = j.f.svc.PublishResults(j.kctx, j.ketua, j.pid, "administration")
	wantCode(t, "publish", err, "")
	if j.pub1.Version != 1 || j.pub1.Rows != 6 {
		t.Fatalf("published %+v", j.pub1)
	}
	an, err := j.f.svc.FindAnnouncement(context.Background(), j.pid, "administration", 0)
	wantCode(t, "find", err, "")
	csvb, _ := j.f.svc.CSV(context.Background(), an)
	sum := sha256.Sum256(csvb)
	if hex.EncodeToString(sum[:]) != j.pub1.SHA256 || !strings.HasPrefix(string(csvb), "\xEF\xBB\xBFno,registration_number,") ||
		strings.Contains(string(csvb), "Siti Aminah") || !strings.Contains(string(csvb), "SI*** AM***") {
		t.Fatalf("csv %s", csvb)
	}
	var data string
	if err := j.db.R.QueryRow(`SELECT data FROM audit_events WHERE seq = $1 AND action = 'announcement.publish'`,
		j.pub1.AuditSeq).Scan(&data); err != nil || !strings.Contains(data, j.pub1.SHA256) {
		t.Fatalf("audit event %d: %q %v", j.pub1.AuditSeq, data, err)
	}
	for _, format := range []string{"pdf", "xlsx"} {
		b, err := j.f.svc.Render(context.Background(), an, format, j.f.period.Name)
		if err != nil || len(b) < 500 {
			t.Fatalf("%s: %d bytes, %v", format, len(b), err)
		}
	}
	if _, err := j.db.W.Exec(`UPDATE announcements SET sha256 = 'x' WHERE id = $1`, an.ID); err == nil {
		t.Fatal("a published announcement was changed")
	}
	if _, err := j.db.W.Exec(`DELETE FROM announcement_items WHERE announcement_id = $1`, an.ID); err == nil {
		t.Fatal("a published row was deleted")
	}
}

func (j *journey) appeals(t *testing.T) {
	ms := j.apps[1]
	_, err := j.f.svc.FileAppeal(ms.ctx, ms.p, ms.appID, "Saya ingin memastikan hasilnya benar")
	wantCode(t, "MS appeals", err, apperr.Conflict)
	a := j.apps[0]
	_, err = j.f.svc.FileAppeal(j.apps[3].ctx, j.apps[3].p, a.appID, "Bukan lamaran saya tetapi mencoba")
	wantCode(t, "someone else's application", err, apperr.NotFound)
	_, err = j.f.svc.FileAppeal(a.ctx, a.p, a.appID, "pendek")
	wantCode(t, "too short", err, apperr.Invalid)
	o, err := j.f.svc.FindOutcome(a.ctx, a.p, a.appID)
	wantCode(t, "outcome", err, "")
	if !o.Announced || o.Result != "TMS" || len(o.Reasons) != 1 || !o.CanAppeal || !o.WindowEndsAt.Equal(j.end) {
		t.Fatalf("outcome %+v", o)
	}
	j.appeal, err = j.f.svc.FileAppeal(a.ctx, a.p, a.appID, "Ijazah saya terbaca jelas; terlampir di berkas yang sama sejak awal.")
	wantCode(t, "appeal", err, "")
	_, err = j.f.svc.FileAppeal(a.ctx, a.p, a.appID, "Sanggah kedua karena belum dijawab")
	wantCode(t, "second appeal", err, apperr.Conflict)
	j.f.clock.Set(j.end)
	_, err = j.f.svc.FileAppeal(j.apps[2].ctx, j.apps[2].p, j.apps[2].appID, "Transkrip saya IPK 3,40 bukan 2,80; mohon diperiksa.")
	wantCode(t, "at the last second", err, "")
	j.f.clock.Set(j.end.Add(time.Second))
	_, err = j.f.svc.FileAppeal(j.apps[3].ctx, j.apps[3].p, j.apps[3].appID, "Usia saya masih memenuhi syarat pada tanggal acuan.")
	wantCode(t, "one second after the window", err, apperr.FailedPrecondition)
	// Documents stay frozen.
	_, err = j.f.rec.PutDocument(context.Background(), a.p.UserID, a.appID, "ijazah", strings.NewReader(string(testkit.PDF("baru"))),
		"baru.pdf")
	if err == nil {
		t.Fatal("a document changed during the appeal")
	}
}

func (j *journey) appealDecisions(t *testing.T) {
	apps2, err := j.f.svc.FindAppeals(j.kctx, j.ketua, j.pid)
	wantCode(t, "list", err, "")
	if len(apps2) != 2 {
		t.Fatalf("appeals %d", len(apps2))
	}
	var panverAppeal int64
	for _, r := range apps2 {
		if r.ApplicationID == j.apps[2].appID {
			panverAppeal = r.ID
		}
	}
	pctx, panver := j.f.as("panver", "committee")
	_, err = j.f.svc.DecideAppeal(pctx, panver, panverAppeal, verification.AppealDecision{Upheld: bptr(true), Response: "ok"})
	wantCode(t, "first verifier decides", err, apperr.Forbidden)
	_, err = j.f.svc.DecideAppeal(j.kctx, j.ketua, j.appeal.ID, verification.AppealDecision{Response: "ok"})
	wantCode(t, "no upheld", err, apperr.Invalid)
	_, err = j.f.svc.DecideAppeal(j.kctx, j.ketua, j.appeal.ID, verification.AppealDecision{Upheld: bptr(true), Response: " "})
	wantCode(t, "no response", err, apperr.Invalid)
	_, err = j.f.svc.PublishResults(j.kctx, j.ketua, j.pid, "appeal")
	wantCode(t, "post-appeal while pending", err, apperr.FailedPrecondition)
	_, err = j.f.svc.DecideAppeal(j.kctx, j.ketua, j.appeal.ID,
		verification.AppealDecision{Upheld: bptr(true), Response: "Ijazah terbaca; keputusan diubah menjadi MS."})
	wantCode(t, "uphold", err, "")
	_, err = j.f.svc.DecideAppeal(j.actx, j.anggota, j.appeal.ID, verification.AppealDecision{Upheld: bptr(false), Response: "tidak"})
	wantCode(t, "decide twice", err, apperr.Conflict)
	_, err = j.f.svc.DecideAppeal(j.actx, j.anggota, panverAppeal,
		verification.AppealDecision{Upheld: bptr(false), Response: "IPK pada transkrip 2,80."})
	wantCode(t, "reject", err, "")
	v, _ := j.f.svc.FindVerification(context.Background(), j.apps[0].appID)
	if v.Decision != "MS" || !v.AppealUpheld {
		t.Fatalf("after upholding: %+v", v)
	}
}

func (j *journey) postAppeal(t *testing.T) {
	pub, err := j.f.svc.PublishResults(j.kctx, j.ketua, j.pid, "appeal")
	wantCode(t, "post-appeal", err, "")
	an, _ := j.f.svc.FindAnnouncement(context.Background(), j.pid, "appeal", pub.Version)
	items, _, _ := j.f.svc.Items(context.Background(), an, verification.ItemFilter{Q: j.apps[0].reg})
	if len(items) != 1 || items[0].Result != "MS" {
		t.Fatalf("post-appeal row %+v", items)
	}
	pub2, err := j.f.svc.PublishResults(j.kctx, j.ketua, j.pid, "administration")
	wantCode(t, "second version", err, "")
	if pub2.Version != 2 || pub2.SHA256 == j.pub1.SHA256 {
		t.Fatalf("v2 %+v", pub2)
	}
	old, err := j.f.svc.FindAnnouncement(context.Background(), j.pid, "administration", 1)
	if err != nil || old.SHA256 != j.pub1.SHA256 {
		t.Fatalf("version 1 gone: %v", err)
	}
	_, err = j.f.svc.FindAnnouncement(context.Background(), j.pid, "administration", 9)
	wantCode(t, "unknown version", err, apperr.NotFound)
	st, err := j.f.svc.FindStatistics(context.Background(), j.pid)
	wantCode(t, "stats", err, "")
	if st.Appeals.Filed != 2 || st.Appeals.Upheld != 1 || st.Appeals.Rejected != 1 || st.AppealsByReq["ijazah"].Upheld != 1 ||
		st.AfterAppeal.MS != 3 || st.AfterAppeal.TMS != 3 {
		t.Fatalf("stats %+v", st)
	}
	pr, err := j.f.svc.FindProgress(j.kctx, j.ketua, j.pid)
	wantCode(t, "progress", err, "")
	if pr.Submitted != 6 || pr.Decided != 6 || pr.OldestWaiting != nil || len(pr.Formations) != 1 || pr.Formations[0].MS != 3 {
		t.Fatalf("progress %+v", pr)
	}
}
