package verification_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"asnpro/internal/notify"
	"asnpro/internal/sqldb"
	"asnpro/internal/sqldb/sqldbtest"
	"asnpro/internal/verification"
)

// TestResultNotices: a publication tells every applicant on the list once,
// in batches chained as jobs, TMS with the reasons and the appeal deadline.
func TestResultNotices(t *testing.T) {
	ctx := context.Background()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixture(t, db, withNotices(2))
		n := f.notify
		var apps []*applicant
		for _, name := range []string{"Siti Aminah", "Budi Santoso", "Rina Wati", "Agus Salim", "Dewi Lestari"} {
			apps = append(apps, f.submit(name))
		}
		f.sign("veri1", "verifier")
		f.sign("ketua", "committee")
		vctx, v1 := f.as("veri1", "verifier")
		reason := verification.Reason{Requirement: "ijazah", Note: "Ijazah tidak terbaca; unggah pindaian yang jelas"}
		for i, a := range apps {
			d := verification.NewDecision{Decision: "MS"}
			if i%2 == 0 {
				d = verification.NewDecision{Decision: "TMS", Reasons: []verification.Reason{reason}}
			}
			if _, err := f.svc.Decide(vctx, v1, a.appID, d); err != nil {
				t.Fatalf("decide %s: %v", a.reg, err)
			}
		}
		kctx, ketua := f.as("ketua", "committee")
		f.closeRegistration()
		if _, err := f.svc.PublishResults(kctx, ketua, f.period.ID, "administration"); err != nil {
			t.Fatal(err)
		}
		// Batches of 2: three jobs, each scheduling the next.
		for pass := 0; pass < 10; pass++ {
			ran, err := n.RunDueJobs(ctx, "a")
			if err != nil {
				t.Fatal(err)
			}
			if ran == 0 {
				break
			}
		}
		for i, a := range apps {
			items, total, _, err := n.List(ctx, a.p.UserID, 50, 0)
			if err != nil {
				t.Fatal(err)
			}
			var got []notify.Notification
			for _, it := range items {
				if it.Kind == "result.administration" {
					got = append(got, it)
				}
			}
			if len(got) != 1 {
				t.Fatalf("%s has %d result notices (of %d)", a.reg, len(got), total)
			}
			tms := i%2 == 0
			body := got[0].Body
			if tms != strings.Contains(got[0].Title, "TMS") || tms != strings.Contains(body, reason.Note) ||
				tms != strings.Contains(body, "sanggah") {
				t.Errorf("%s (TMS %v): %q / %q", a.reg, tms, got[0].Title, body)
			}
			checkNoticeLanguages(t, a.reg, got[0], tms, reason.Note)
		}
		// The first TMS applicant appeals; the committee answers after the due
		// time: taken, marked late, and the applicant is told.
		tmsApp := apps[0]
		ap, err := f.svc.FileAppeal(tmsApp.ctx, tmsApp.p, tmsApp.appID, "Ijazah saya jelas terbaca, mohon diperiksa ulang")
		if err != nil {
			t.Fatal(err)
		}
		if due := ap.AnswerDue(); !due.After(ap.WindowEndsAt.Add(6*24*time.Hour)) || due.After(ap.WindowEndsAt.Add(8*24*time.Hour)) {
			t.Fatalf("answer due %v for a window ending %v", due, ap.WindowEndsAt)
		}
		f.clock.Set(ap.AnswerDue().Add(time.Hour))
		upheld := true
		if _, err := f.svc.DecideAppeal(kctx, ketua, ap.ID,
			verification.AppealDecision{Upheld: &upheld, Response: "Ijazah terbaca jelas pada pemeriksaan ulang"}); err != nil {
			t.Fatal(err)
		}
		var data string
		if err := db.R.QueryRow(`SELECT data FROM audit_events WHERE action = 'appeal.decide'`).Scan(&data); err != nil ||
			!strings.Contains(data, `"late":true`) {
			t.Fatalf("a late answer is not marked: %q %v", data, err)
		}
		checkAppealAnswered(t, n, tmsApp.p.UserID, "Ijazah terbaca jelas")
		var mails int
		if err := db.R.QueryRow(`SELECT count(*) FROM outbox WHERE kind = 'notification'`).Scan(&mails); err != nil {
			t.Fatal(err)
		}
		if mails != len(apps)+1 { // one per result and the appeal's answer (recruitment's notices are not enabled here)
			t.Fatalf("%d e-mails for %d results and one answer", mails, len(apps))
		}
	})
}

// checkNoticeLanguages: a result notice in each language alone, the
// English in TitleEN and BodyEN, with no words of the other in either.
func checkNoticeLanguages(t *testing.T, reg string, n notify.Notification, tms bool, note string) {
	t.Helper()
	en := n.BodyEN
	if tms != strings.Contains(n.TitleEN, "TMS") || tms != strings.Contains(en, note) ||
		tms != strings.Contains(en, "appeal") || !strings.HasPrefix(en, "Dear ") {
		t.Errorf("%s (TMS %v) in English: %q / %q", reg, tms, n.TitleEN, en)
	}
	for _, w := range []string{"Dear", "Reasons", "Registration", "Eligible", "appeal"} {
		if strings.Contains(n.Title+n.Body, w) {
			t.Errorf("%s: the Indonesian notice holds %q: %q", reg, w, n.Body)
		}
	}
	for _, w := range []string{"Yth.", "Alasan", "Nomor pendaftaran", "Memenuhi", "sanggah"} {
		if strings.Contains(n.TitleEN+en, w) {
			t.Errorf("%s: the English notice holds %q: %q", reg, w, en)
		}
	}
}

// checkAppealAnswered: the applicant's newest notice is the committee's
// answer, the verdict in each language alone.
func checkAppealAnswered(t *testing.T, n *notify.Service, user int64, answer string) {
	t.Helper()
	items, _, _, err := n.List(context.Background(), user, 50, 0)
	if err != nil || len(items) == 0 || items[0].Kind != "appeal.answered" {
		t.Fatalf("the applicant is not told the answer: %+v %v", items, err)
	}
	it := items[0]
	if !strings.Contains(it.Body, answer) || !strings.Contains(it.Body, "diterima") || strings.Contains(it.Body, "upheld") ||
		!strings.Contains(it.BodyEN, answer) || !strings.Contains(it.BodyEN, "upheld") || strings.Contains(it.BodyEN, "diterima") ||
		!strings.HasPrefix(it.TitleEN, "Answer to appeal") {
		t.Fatalf("the answer's notice: %+v", it)
	}
}
