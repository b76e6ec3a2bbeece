package recruitment_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"asnpro/internal/notify"
	"asnpro/internal/recruitment"
	"asnpro/internal/recruitment/recruitmenttest"
	"asnpro/internal/sqldb"
	"asnpro/internal/sqldb/sqldbtest"
	"asnpro/internal/testkit"
)

// TestDraftReminder: a draft's owner is reminded once, a day before the
// close, whatever the number of runners; a submitted application is not;
// a close moved later by an amendment moves the reminder.
func TestDraftReminder(t *testing.T) {
	ctx := context.Background()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		start := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
		c := testkit.NewClock(start)
		n := notify.New(db, c.Now, nil)
		closeAt := start.Add(10 * 24 * time.Hour)
		fx := recruitmenttest.New(t, db, recruitmenttest.Options{Clock: c, Kind: recruitment.KindOther, Config: recruitment.Config{Notices: n},
			Timeline: recruitment.Timeline{AnnounceAt: start.Add(time.Hour), RegOpenAt: start.Add(2 * time.Hour), RegCloseAt: closeAt,
				AdminAnnounceAt: closeAt.Add(72 * time.Hour)},
			Documents: []recruitment.DocumentRule{{Kind: "sertifikat", Formats: []string{"pdf"}, MaxBytes: 800 * recruitment.KB}}})
		s, p := fx.Rec, fx.Period
		c.Set(start.Add(3 * time.Hour))
		// The formation's one document is optional: a draft may be submitted as it is.
		draftUser := fx.Apply("Siti").UserID
		done := fx.Apply("Sri")
		doneUser := done.UserID
		if _, err := s.SubmitApplication(ctx, doneUser, done.App.ID, "id"); err != nil {
			t.Fatal(err)
		}
		count := func(user int64, kind string) int {
			t.Helper()
			items, _, _, err := n.List(ctx, user, 50, 0)
			if err != nil {
				t.Fatal(err)
			}
			k := 0
			for _, it := range items {
				if it.Kind == kind {
					k++
				}
			}
			return k
		}
		if count(doneUser, "application.submitted") != 1 {
			t.Fatal("no notice of the submission")
		}
		// Not yet due a day and an hour before the close.
		c.Set(closeAt.Add(-25 * time.Hour))
		if ran, err := n.RunDueJobs(ctx, "a"); err != nil || ran != 0 {
			t.Fatalf("early run: %d %v", ran, err)
		}
		// An amendment moves the close two days later: the due job plans anew.
		if _, err := s.Amend(ctx, p.ID, recruitment.NewAmendment{Note: "Perpanjangan pendaftaran", Changes: map[string]json.RawMessage{
			"registration_close_at": json.RawMessage(`"` + closeAt.Add(48*time.Hour).Format(time.RFC3339) + `"`)}}); err != nil {
			t.Fatal(err)
		}
		c.Set(closeAt.Add(-23 * time.Hour))
		if _, err := n.RunDueJobs(ctx, "a"); err != nil {
			t.Fatal(err)
		}
		if got := count(draftUser, "reminder"); got != 0 {
			t.Fatalf("reminded %d times two days before the moved close", got)
		}
		closeAt = closeAt.Add(48 * time.Hour)
		c.Set(closeAt.Add(-23 * time.Hour))
		// Two runners (two instances) at once: one reminder.
		errs := make(chan error, 2)
		for _, name := range []string{"a", "b"} {
			go func() { _, err := n.RunDueJobs(ctx, name); errs <- err }()
		}
		for range 2 {
			if err := <-errs; err != nil {
				t.Fatal(err)
			}
		}
		if _, err := n.RunDueJobs(ctx, "a"); err != nil {
			t.Fatal(err)
		}
		if got := count(draftUser, "reminder"); got != 1 {
			t.Fatalf("the draft's owner was reminded %d times, want 1", got)
		}
		if got := count(doneUser, "reminder"); got != 0 {
			t.Fatalf("a submitted application was reminded %d times", got)
		}
		// Each notice in both languages, apart.
		for _, c := range []struct {
			user           int64
			kind, idW, enW string
		}{{draftUser, "reminder", "Pendaftaran ditutup", "Registration closes"}, {doneUser, "application.submitted", "sudah terkirim",
			"is submitted"}} {
			items, _, _, err := n.List(ctx, c.user, 50, 0)
			if err != nil {
				t.Fatal(err)
			}
			for _, it := range items {
				if it.Kind == c.kind && (!strings.Contains(it.Body, c.idW) || strings.Contains(it.Body, c.enW) ||
					!strings.Contains(it.BodyEN, c.enW) || strings.Contains(it.BodyEN, c.idW) || it.TitleEN == "" || it.TitleEN == it.Title) {
					t.Errorf("%s: %q %q / %q %q", c.kind, it.Title, it.Body, it.TitleEN, it.BodyEN)
				}
			}
		}
	})
}
