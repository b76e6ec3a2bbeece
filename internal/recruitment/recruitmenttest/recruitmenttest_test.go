package recruitmenttest_test

import (
	"testing"
	"time"

	"asnpro/internal/recruitment"
	"asnpro/internal/recruitment/recruitmenttest"
	"asnpro/internal/sqldb"
	"asnpro/internal/sqldb/sqldbtest"
)

func TestFixture(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := recruitmenttest.New(t, db, recruitmenttest.Options{})
		if f.Period.Phase(f.Clock.Now()) != "registration" || len(f.Formation.Documents) != 1 {
			t.Fatalf("phase %s, %d documents", f.Period.Phase(f.Clock.Now()), len(f.Formation.Documents))
		}
		a, b := f.Submit("Siti Aminah"), f.Apply("Budi Santoso")
		if a.App.Status != "submitted" || a.App.RegistrationNumber == "" || b.App.Status != "draft" || a.NIK == b.NIK {
			t.Fatalf("applicants: %+v %+v", a.App, b.App)
		}
		if p := a.Principal(); p.UserID != a.UserID || p.Username != a.NIK {
			t.Fatalf("principal %+v", p)
		}
	})
}

func TestFixtureOptions(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		start := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
		f := recruitmenttest.New(t, db, recruitmenttest.Options{Start: start, Kind: recruitment.KindOther, Draft: true,
			Timeline: recruitment.Timeline{AnnounceAt: start.Add(time.Hour), RegOpenAt: start.Add(2 * time.Hour),
				RegCloseAt: start.Add(240 * time.Hour), AdminAnnounceAt: start.Add(288 * time.Hour)},
			Documents: []recruitment.DocumentRule{recruitment.DocumentPresets["pas_foto"], recruitment.DocumentPresets["ijazah"]}})
		if f.Period.PublishedAt != nil || f.Period.Kind != recruitment.KindOther || !f.Clock.Now().Equal(start) {
			t.Fatalf("period %+v at %v", f.Period, f.Clock.Now())
		}
		if _, err := f.Rec.PublishPeriod(t.Context(), f.Period.ID); err != nil {
			t.Fatal(err)
		}
		f.Clock.Set(start.Add(3 * time.Hour))
		if a := f.Submit("Rina Wati"); a.App.Status != "submitted" {
			t.Fatalf("with a photo: %+v", a.App)
		}
	})
}
