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
	"asnpro/internal/sqldb"
	"asnpro/internal/sqldb/sqldbtest"
	"asnpro/internal/verification"
)

func bptr(b bool) *bool { return &b }

// TestVerificationToPostAppeal runs a period from submission to the
// post-appeal announcement, with every bad input on the way.
func TestVerificationToPostAppeal(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixture(t, db)
		pid := f.period.ID
		v1ctx, v1 := f.as("veri1", "verifier")
		v2ctx, v2 := f.as("veri2", "verifier")
		kctx, ketua := f.as("ketua", "committee")
		actx, anggota := f.as("anggota", "committee")
		ictx, inspektur := f.as("inspektur", "auditor")

		// An application submitted before any verifier signed waits unassigned.
		early := f.submit("Budi Santoso")

		t.Run("pact: 403 until signed, once only, staff only", func(t *testing.T) {
			_, err := f.svc.FindQueue(v1ctx, v1, verification.QueueFilter{PeriodID: pid})
			wantCode(t, "queue before the pact", err, apperr.Forbidden)
			if !strings.Contains(apperr.As(err).Localized("id"), "pakta integritas") || apperr.As(err).Msg.Key != "verification.pact_required" {
				t.Fatalf("the message does not name the pact: %v", err)
			}
			_, err = f.svc.ViewApplication(kctx, ketua, early.appID)
			wantCode(t, "committee view before the pact", err, apperr.Forbidden)
			_, err = f.svc.FindProgress(kctx, ketua, pid)
			wantCode(t, "progress before the pact", err, apperr.Forbidden)
			_, err = f.svc.SignPact(early.ctx, early.p, pid, true)
			wantCode(t, "an applicant signs", err, apperr.Forbidden)
			f.sign("veri1", "verifier")
			f.sign("veri2", "verifier")
			f.sign("ketua", "committee")
			f.sign("anggota", "committee")
			_, err = f.svc.SignPact(v1ctx, v1, pid, true)
			wantCode(t, "second signature", err, apperr.Conflict)
			// The auditor reads the lists without a pact.
			in, err := f.svc.FindIntegrity(ictx, inspektur, pid)
			wantCode(t, "auditor reads the lists", err, "")
			if len(in.Pacts) != 4 || in.Pacts[0].TextSHA256 == "" {
				t.Fatalf("pacts %+v", in.Pacts)
			}
			if events(t, db, "pact.sign", strconv.FormatInt(pid, 10)) != 4 {
				t.Fatal("pact.sign not recorded 4 times")
			}
		})

		apps := []*applicant{early}
		for _, n := range []string{"Siti Aminah", "Rahmat Hidayat", "Dewi Lestari", "Agus Salim", "Nur Aini"} {
			apps = append(apps, f.submit(n))
		}
		t.Run("assignment is balanced at submission", func(t *testing.T) {
			per := map[int64]int{}
			for _, a := range apps {
				v, err := f.svc.FindVerification(context.Background(), a.appID)
				wantCode(t, "verification", err, "")
				if v.VerifierID == 0 {
					t.Fatalf("%s unassigned", a.reg)
				}
				per[v.VerifierID]++
			}
			if per[v1.UserID] != 3 || per[v2.UserID] != 3 {
				t.Fatalf("unbalanced: %v", per)
			}
		})

		owner := func(a *applicant) (context.Context, *struct{}) { return nil, nil }
		_ = owner
		verifierOf := func(a *applicant) (context.Context, int64) {
			v, _ := f.svc.FindVerification(context.Background(), a.appID)
			if v.VerifierID == v1.UserID {
				return v1ctx, v1.UserID
			}
			return v2ctx, v2.UserID
		}
		pOf := func(id int64) (context.Context, interface{}) { return nil, nil }
		_ = pOf
		principal := map[int64]struct {
			ctx context.Context
		}{v1.UserID: {v1ctx}, v2.UserID: {v2ctx}}
		_ = principal

		t.Run("conflict of interest removes the declarer", func(t *testing.T) {
			a := apps[1]
			ctx, uid := verifierOf(a)
			p := v1
			if uid == v2.UserID {
				p = v2
			}
			_, err := f.svc.DeclareConflict(ctx, p, pid, verification.NewConflict{RegistrationNumber: a.reg, Kind: "cousin"})
			wantCode(t, "bad kind", err, apperr.Invalid)
			_, err = f.svc.DeclareConflict(ctx, p, pid, verification.NewConflict{RegistrationNumber: "nope", Kind: "family"})
			wantCode(t, "unknown applicant", err, apperr.NotFound)
			c, err := f.svc.DeclareConflict(ctx, p, pid, verification.NewConflict{RegistrationNumber: a.reg, Kind: "family", Note: "sepupu"})
			wantCode(t, "declare", err, "")
			// The answer names the application only as the declarer did.
			if c.ApplicantName != "" || c.RegistrationNumber != a.reg || c.ApplicationID != "" {
				t.Fatalf("conflict %+v", c)
			}
			_, err = f.svc.DeclareConflict(ctx, p, pid, verification.NewConflict{ApplicationID: strconv.FormatInt(a.appID, 10), Kind: "work"})
			wantCode(t, "twice", err, apperr.Conflict)
			v, _ := f.svc.FindVerification(context.Background(), a.appID)
			if v.VerifierID == uid || v.VerifierID == 0 {
				t.Fatalf("still with the declarer (or nobody): %d", v.VerifierID)
			}
			_, err = f.svc.ViewApplication(ctx, p, a.appID)
			wantCode(t, "declarer views", err, apperr.NotFound)
			in, _ := f.svc.FindIntegrity(kctx, ketua, pid)
			if len(in.Conflicts) != 1 || in.Conflicts[0].Kind != "family" {
				t.Fatalf("conflicts %+v", in.Conflicts)
			}
		})

		tmsReason := []verification.Reason{{Requirement: "ijazah", Note: "Ijazah tidak terbaca; unggah pindaian yang jelas"}}
		t.Run("decisions: bad input, 404 for others, 409 twice, reopen", func(t *testing.T) {
			a := apps[0]
			ctx, uid := verifierOf(a)
			p, other, octx := v1, v2, v2ctx
			if uid == v2.UserID {
				p, other, octx = v2, v1, v1ctx
			}
			_, err := f.svc.Decide(octx, other, a.appID, verification.NewDecision{Decision: "MS"})
			wantCode(t, "someone else's application", err, apperr.NotFound)
			for name, n := range map[string]verification.NewDecision{
				"TMS without a reason": {Decision: "TMS"},
				"TMS with empty note":  {Decision: "TMS", Reasons: []verification.Reason{{Requirement: "ijazah"}}},
				"unknown requirement":  {Decision: "TMS", Reasons: []verification.Reason{{Requirement: "ktp", Note: "x"}}},
				"MS with a reason":     {Decision: "MS", Reasons: tmsReason},
				"neither MS nor TMS":   {Decision: "OK"},
			} {
				_, err := f.svc.Decide(ctx, p, a.appID, n)
				wantCode(t, name, err, apperr.Invalid)
			}
			vw, err := f.svc.ViewApplication(ctx, p, a.appID)
			wantCode(t, "view", err, "")
			if !vw.CanDecide || len(vw.Prechecks) == 0 || vw.Checklist[0] != "ijazah" {
				t.Fatalf("view %+v", vw)
			}
			for _, c := range vw.Prechecks {
				if !c.OK {
					t.Fatalf("precheck failed on a good application: %+v", c)
				}
			}
			if events(t, db, "application.view", strconv.FormatInt(a.appID, 10)) != 1 {
				t.Fatal("the view was not recorded")
			}
			doc, err := f.svc.ReadDocument(ctx, p, a.appID, "ijazah")
			wantCode(t, "document", err, "")
			if !strings.HasPrefix(string(doc.Data), "%PDF-") || events(t, db, "document.view", strconv.FormatInt(a.appID, 10)) != 1 {
				t.Fatal("document not read or not recorded")
			}
			_, err = f.svc.ReadDocument(octx, other, a.appID, "ijazah")
			wantCode(t, "document of someone else's assignment", err, apperr.NotFound)
			_, err = f.svc.Decide(ctx, p, a.appID, verification.NewDecision{Decision: "TMS", Reasons: tmsReason})
			wantCode(t, "decide", err, "")
			_, err = f.svc.Decide(ctx, p, a.appID, verification.NewDecision{Decision: "MS"})
			wantCode(t, "decide twice", err, apperr.Conflict)
			wantCode(t, "reopen without a reason", f.svc.Reopen(kctx, ketua, a.appID, " "), apperr.Invalid)
			wantCode(t, "reopen", f.svc.Reopen(kctx, ketua, a.appID, "Pelamar menunjukkan ijazah asli saat klarifikasi"), "")
			wantCode(t, "reopen an undecided one", f.svc.Reopen(kctx, ketua, a.appID, "lagi"), apperr.Conflict)
			_, err = f.svc.Decide(ctx, p, a.appID, verification.NewDecision{Decision: "TMS", Reasons: tmsReason})
			wantCode(t, "decide after reopening", err, "")
			wantCode(t, "confirm", f.svc.Confirm(kctx, ketua, a.appID), "")
			wantCode(t, "confirm twice", f.svc.Confirm(actx, anggota, a.appID), apperr.Conflict)
		})

		t.Run("four eyes: the decider cannot confirm", func(t *testing.T) {
			pctx, panver := f.as("panver", "verifier")
			f.sign("panver", "verifier")
			a := apps[2]
			wantCode(t, "reassign to a non-verifier", f.svc.Reassign(kctx, ketua, a.appID, "anggota"), apperr.Invalid)
			wantCode(t, "reassign", f.svc.Reassign(kctx, ketua, a.appID, "panver"), "")
			_, err := f.svc.Decide(pctx, panver, a.appID, verification.NewDecision{Decision: "TMS", Reasons: []verification.Reason{{Requirement: "ipk", Note: "Transkrip menunjukkan IPK 2,80"}}})
			wantCode(t, "panver decides", err, "")
			cctx, _ := f.as("panver", "committee")
			wantCode(t, "the decider confirms", f.svc.Confirm(cctx, panver, a.appID), apperr.Forbidden)
			wantCode(t, "reassign a decided one", f.svc.Reassign(kctx, ketua, a.appID, "veri1"), apperr.Conflict)
		})

		t.Run("an appeal before the announcement is 409", func(t *testing.T) {
			_, err := f.svc.FileAppeal(apps[0].ctx, apps[0].p, apps[0].appID, "Ijazah saya jelas, mohon diperiksa ulang")
			wantCode(t, "appeal before", err, apperr.FailedPrecondition)
		})

		t.Run("publishing while undecided is 409 with the count", func(t *testing.T) {
			_, err := f.svc.PublishResults(kctx, ketua, pid, "administration")
			wantCode(t, "publish", err, apperr.FailedPrecondition)
			if ae := apperr.As(err); ae.LocalizedFields("id")["undecided"] != "4" || !strings.Contains(ae.Localized("id"), "4") {
				t.Fatalf("count: %+v", ae)
			}
			_, err = f.svc.PublishResults(kctx, ketua, pid, "tahap")
			wantCode(t, "bad stage", err, apperr.Invalid)
		})

		// Decide the rest: apps[3] TMS (category of reasons: age), others MS.
		for i, a := range apps[1:] {
			if i == 1 {
				continue // apps[2] decided by panver
			}
			v, _ := f.svc.FindVerification(context.Background(), a.appID)
			ctx, p := v1ctx, v1
			if v.VerifierID == v2.UserID {
				ctx, p = v2ctx, v2
			}
			n := verification.NewDecision{Decision: "MS"}
			if a == apps[3] || a == apps[4] {
				n = verification.NewDecision{Decision: "TMS", Reasons: []verification.Reason{{Requirement: "age", Note: "Usia lewat batas"}}}
			}
			if _, err := f.svc.Decide(ctx, p, a.appID, n); err != nil {
				t.Fatalf("decide %s: %v", a.reg, err)
			}
		}

		var pub1 *verification.Published
		t.Run("publish: masked names, the CSV's SHA-256 in the chain", func(t *testing.T) {
			f.clock.set(time.Date(2026, 12, 20, 10, 0, 0, 0, wib))
			var err error
			pub1, err = f.svc.PublishResults(kctx, ketua, pid, "administration")
			wantCode(t, "publish", err, "")
			if pub1.Version != 1 || pub1.Rows != 6 {
				t.Fatalf("published %+v", pub1)
			}
			an, err := f.svc.FindAnnouncement(context.Background(), pid, "administration", 0)
			wantCode(t, "find", err, "")
			csvb, _ := f.svc.CSV(context.Background(), an)
			sum := sha256.Sum256(csvb)
			if hex.EncodeToString(sum[:]) != pub1.SHA256 || !strings.HasPrefix(string(csvb), "\xEF\xBB\xBFno,registration_number,") || strings.Contains(string(csvb), "Siti Aminah") || !strings.Contains(string(csvb), "SI*** AM***") {
				t.Fatalf("csv %s", csvb)
			}
			var data string
			if err := db.R.QueryRow(`SELECT data FROM audit_events WHERE seq = $1 AND action = 'announcement.publish'`, pub1.AuditSeq).Scan(&data); err != nil || !strings.Contains(data, pub1.SHA256) {
				t.Fatalf("audit event %d: %q %v", pub1.AuditSeq, data, err)
			}
			for _, format := range []string{"pdf", "xlsx"} {
				b, err := f.svc.Render(context.Background(), an, format, f.period.Name)
				if err != nil || len(b) < 500 {
					t.Fatalf("%s: %d bytes, %v", format, len(b), err)
				}
			}
			if _, err := db.W.Exec(`UPDATE announcements SET sha256 = 'x' WHERE id = $1`, an.ID); err == nil {
				t.Fatal("a published announcement was changed")
			}
			if _, err := db.W.Exec(`DELETE FROM announcement_items WHERE announcement_id = $1`, an.ID); err == nil {
				t.Fatal("a published row was deleted")
			}
		})

		// The window: published 2026-12-20 10:00 WIB, 3 days → 2026-12-23 23:59:59 WIB.
		end := time.Date(2026, 12, 23, 23, 59, 59, 0, wib)
		var appeal *verification.Appeal
		t.Run("appeals: MS, bad reason, second, window", func(t *testing.T) {
			ms := apps[1]
			_, err := f.svc.FileAppeal(ms.ctx, ms.p, ms.appID, "Saya ingin memastikan hasilnya benar")
			wantCode(t, "MS appeals", err, apperr.Conflict)
			a := apps[0]
			_, err = f.svc.FileAppeal(apps[3].ctx, apps[3].p, a.appID, "Bukan lamaran saya tetapi mencoba")
			wantCode(t, "someone else's application", err, apperr.NotFound)
			_, err = f.svc.FileAppeal(a.ctx, a.p, a.appID, "pendek")
			wantCode(t, "too short", err, apperr.Invalid)
			o, err := f.svc.FindOutcome(a.ctx, a.p, a.appID)
			wantCode(t, "outcome", err, "")
			if !o.Announced || o.Result != "TMS" || len(o.Reasons) != 1 || !o.CanAppeal || !o.WindowEndsAt.Equal(end) {
				t.Fatalf("outcome %+v", o)
			}
			appeal, err = f.svc.FileAppeal(a.ctx, a.p, a.appID, "Ijazah saya terbaca jelas; terlampir di berkas yang sama sejak awal.")
			wantCode(t, "appeal", err, "")
			_, err = f.svc.FileAppeal(a.ctx, a.p, a.appID, "Sanggah kedua karena belum dijawab")
			wantCode(t, "second appeal", err, apperr.Conflict)
			f.clock.set(end)
			_, err = f.svc.FileAppeal(apps[2].ctx, apps[2].p, apps[2].appID, "Transkrip saya IPK 3,40 bukan 2,80; mohon diperiksa.")
			wantCode(t, "at the last second", err, "")
			f.clock.set(end.Add(time.Second))
			_, err = f.svc.FileAppeal(apps[3].ctx, apps[3].p, apps[3].appID, "Usia saya masih memenuhi syarat pada tanggal acuan.")
			wantCode(t, "one second after the window", err, apperr.FailedPrecondition)
			// Documents stay frozen.
			_, err = f.rec.PutDocument(context.Background(), a.p.UserID, a.appID, "ijazah", strings.NewReader(string(testPDF("baru"))), "baru.pdf")
			if err == nil {
				t.Fatal("a document changed during the appeal")
			}
		})

		t.Run("appeal decisions: first verifier 403, bad input, upheld → MS", func(t *testing.T) {
			apps2, err := f.svc.FindAppeals(kctx, ketua, pid)
			wantCode(t, "list", err, "")
			if len(apps2) != 2 {
				t.Fatalf("appeals %d", len(apps2))
			}
			var panverAppeal int64
			for _, r := range apps2 {
				if r.ApplicationID == apps[2].appID {
					panverAppeal = r.ID
				}
			}
			pctx, panver := f.as("panver", "committee")
			_, err = f.svc.DecideAppeal(pctx, panver, panverAppeal, verification.AppealDecision{Upheld: bptr(true), Response: "ok"})
			wantCode(t, "first verifier decides", err, apperr.Forbidden)
			_, err = f.svc.DecideAppeal(kctx, ketua, appeal.ID, verification.AppealDecision{Response: "ok"})
			wantCode(t, "no upheld", err, apperr.Invalid)
			_, err = f.svc.DecideAppeal(kctx, ketua, appeal.ID, verification.AppealDecision{Upheld: bptr(true), Response: " "})
			wantCode(t, "no response", err, apperr.Invalid)
			_, err = f.svc.PublishResults(kctx, ketua, pid, "appeal")
			wantCode(t, "post-appeal while pending", err, apperr.FailedPrecondition)
			_, err = f.svc.DecideAppeal(kctx, ketua, appeal.ID, verification.AppealDecision{Upheld: bptr(true), Response: "Ijazah terbaca; keputusan diubah menjadi MS."})
			wantCode(t, "uphold", err, "")
			_, err = f.svc.DecideAppeal(actx, anggota, appeal.ID, verification.AppealDecision{Upheld: bptr(false), Response: "tidak"})
			wantCode(t, "decide twice", err, apperr.Conflict)
			_, err = f.svc.DecideAppeal(actx, anggota, panverAppeal, verification.AppealDecision{Upheld: bptr(false), Response: "IPK pada transkrip 2,80."})
			wantCode(t, "reject", err, "")
			v, _ := f.svc.FindVerification(context.Background(), apps[0].appID)
			if v.Decision != "MS" || !v.AppealUpheld {
				t.Fatalf("after upholding: %+v", v)
			}
		})

		t.Run("post-appeal list, versions stay, statistics", func(t *testing.T) {
			pub, err := f.svc.PublishResults(kctx, ketua, pid, "appeal")
			wantCode(t, "post-appeal", err, "")
			an, _ := f.svc.FindAnnouncement(context.Background(), pid, "appeal", pub.Version)
			items, _, _ := f.svc.Items(context.Background(), an, verification.ItemFilter{Q: apps[0].reg})
			if len(items) != 1 || items[0].Result != "MS" {
				t.Fatalf("post-appeal row %+v", items)
			}
			pub2, err := f.svc.PublishResults(kctx, ketua, pid, "administration")
			wantCode(t, "second version", err, "")
			if pub2.Version != 2 || pub2.SHA256 == pub1.SHA256 {
				t.Fatalf("v2 %+v", pub2)
			}
			old, err := f.svc.FindAnnouncement(context.Background(), pid, "administration", 1)
			if err != nil || old.SHA256 != pub1.SHA256 {
				t.Fatalf("version 1 gone: %v", err)
			}
			_, err = f.svc.FindAnnouncement(context.Background(), pid, "administration", 9)
			wantCode(t, "unknown version", err, apperr.NotFound)
			st, err := f.svc.FindStatistics(context.Background(), pid)
			wantCode(t, "stats", err, "")
			if st.Appeals.Filed != 2 || st.Appeals.Upheld != 1 || st.Appeals.Rejected != 1 || st.AppealsByReq["ijazah"].Upheld != 1 || st.AfterAppeal.MS != 3 || st.AfterAppeal.TMS != 3 {
				t.Fatalf("stats %+v", st)
			}
			pr, err := f.svc.FindProgress(kctx, ketua, pid)
			wantCode(t, "progress", err, "")
			if pr.Submitted != 6 || pr.Decided != 6 || pr.OldestWaiting != nil || len(pr.Formations) != 1 || pr.Formations[0].MS != 3 {
				t.Fatalf("progress %+v", pr)
			}
		})
	})
}
