package verification_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"asnpro/internal/audit"
	"asnpro/internal/sqldb"
	"asnpro/internal/verification"
)

// BenchmarkStatistics50k: a period's public statistics (FindStatistics:
// the counts per list and requirement, per formation, the pass rates) over
// 50,000 submitted applications in 50 formations with the administration,
// SKD and final lists published (40,000 MS; a third of them P/L at SKD; of
// those, one in ten placed by optimalisasi into the next formation).
// "kept": a request after a change such as an appeal, the published
// lists' counts and the pass rates' groups kept (budget < 100 ms); "first":
// the first request of a process, everything read (budget < 1 s). The
// pages serve a cached copy while nothing changed.
func BenchmarkStatistics50k(b *testing.B) {
	eachEngine(b, func(b *testing.B, db *sqldb.DB) {
		bp := seedBig(b, db, 50_000, func(i int) string {
			if i%5 == 0 {
				return "TMS"
			}
			return "MS"
		})
		ctx := audit.WithActor(context.Background(), audit.Actor{ID: bp.committee.IDString(), Role: "committee"})
		// The seed writes the rows directly: the counters a submission moves, as it would.
		if _, err := db.W.ExecContext(ctx, `UPDATE formations SET submitted = (SELECT count(*) FROM applications a
WHERE a.formation_id = formations.id AND a.status = 'submitted')`); err != nil {
			b.Fatal(err)
		}
		if _, err := db.W.ExecContext(ctx, `UPDATE periods SET submitted_total = (SELECT count(*) FROM applications a
WHERE a.period_id = periods.id AND a.status = 'submitted')`); err != nil {
			b.Fatal(err)
		}
		now := func() time.Time { return time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC) }
		ranked := verification.New(db, verification.Deps{Recruitment: bp.rec, Staff: bp.ids, Now: now,
			Hooks: verification.NewHooks(db, now), Ranked: verification.RankedFunc(func(ctx context.Context, periodID int64,
				stage string) ([]verification.Item, error) {
				qs, err := bp.svc.FindQualified(ctx, periodID, 0)
				if err != nil {
					return nil, err
				}
				out := make([]verification.Item, len(qs))
				for i, q := range qs {
					code := fmt.Sprintf("BIG-%03d", q.FormationID%50)
					it := verification.Item{No: i + 1, ApplicationID: q.ApplicationID, RegistrationNumber: q.RegistrationNumber,
						Name: "PE*** BE***", FormationCode: code, Position: "Pranata Komputer", Unit: "Diskominfo", Result: "TL",
						Extra: []string{"", "", "", "", ""}}
					switch {
					case i%3 == 0 && stage == verification.StageFinal && i%10 == 0:
						it.Result, it.Extra[4] = "P/L-2", fmt.Sprintf("BIG-%03d", (q.FormationID+1)%50)
					case i%3 == 0:
						it.Result = "P/L"
					}
					out[i] = it
				}
				return out, nil
			})})
		for _, stage := range []string{verification.StageAdministration, verification.StageSKD, verification.StageFinal} {
			if _, err := ranked.PublishResults(ctx, bp.committee, bp.periodID, stage); err != nil {
				b.Fatalf("publish %s: %v", stage, err)
			}
		}
		// A new request after a change (an appeal): the lists and groups kept.
		b.Run("kept", func(b *testing.B) {
			for b.Loop() {
				findStatistics50k(b, bp)
			}
		})
		// The first request of a process: everything read.
		b.Run("first", func(b *testing.B) {
			for b.Loop() {
				fresh := newService(db, bp.rec, bp.ids, nil, now, verification.NewHooks(db, now))
				findStatistics50k(b, &bigPeriod{svc: fresh, periodID: bp.periodID})
			}
		})
	})
}

func findStatistics50k(b *testing.B, bp *bigPeriod) {
	b.Helper()
	st, err := bp.svc.FindStatistics(context.Background(), bp.periodID)
	if err != nil {
		b.Fatal(err)
	}
	applicants, placed := 0, 0
	for _, f := range st.Formations {
		applicants += f.Applicants
		placed += f.Placed + f.PlacedOptimalisasi
	}
	if len(st.Formations) != 50 || applicants != 50_000 || placed == 0 || st.PassStage != verification.StageFinal ||
		len(st.PassRates) == 0 {
		b.Fatalf("statistics: %d formations, %d applicants, %d placed, stage %s", len(st.Formations), applicants, placed, st.PassStage)
	}
}
