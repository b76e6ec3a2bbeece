package verification_test

import (
	"context"
	"testing"
	"time"

	"asnpro/internal/sqldb"
	"asnpro/internal/sqldb/sqldbtest"
	"asnpro/internal/testkit"
	"asnpro/internal/verification"
)

// TestAnnouncementCSVGolden: the published CSV of an administration
// announcement (masked names, MS and TMS) is the one in testdata/ on every
// engine (go test -update rewrites it).
func TestAnnouncementCSVGolden(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		for _, u := range []string{"veri1", "veri2", "panver"} {
			f.sign(u, "verifier")
		}
		f.sign("ketua", "committee")
		kctx, ketua := f.as("ketua", "committee")
		tms := verification.NewDecision{Decision: "TMS",
			Reasons: []verification.Reason{{Requirement: "ijazah", Note: "Ijazah tidak dilegalisir"}}}
		for i, name := range []string{"Siti Aminah", "Budi Santoso", "=Rina Wati"} {
			a := f.submit(name)
			v, err := f.svc.FindVerification(ctx, a.appID)
			if err != nil {
				t.Fatal(err)
			}
			d := verification.NewDecision{Decision: "MS"}
			if i == 1 {
				d = tms
			}
			for _, u := range []string{"veri1", "veri2", "panver"} {
				if f.users[u].UserID == v.VerifierID {
					vctx, p := f.as(u, "verifier")
					if _, err := f.svc.Decide(vctx, p, a.appID, d); err != nil {
						t.Fatalf("decide %s: %v", a.reg, err)
					}
				}
			}
		}
		f.clock.Set(time.Date(2026, 12, 12, 10, 0, 0, 0, wib))
		pub, err := f.svc.PublishResults(kctx, ketua, f.period.ID, verification.StageAdministration)
		if err != nil {
			t.Fatal(err)
		}
		a, err := f.svc.FindAnnouncement(ctx, f.period.ID, pub.Stage, pub.Version)
		if err != nil {
			t.Fatal(err)
		}
		b, err := f.svc.CSV(ctx, a)
		if err != nil {
			t.Fatal(err)
		}
		testkit.Golden(t, "announcement-administration.csv", b)
	})
}
