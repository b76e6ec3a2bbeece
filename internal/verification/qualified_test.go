package verification_test

import (
	"context"
	"slices"
	"testing"

	"asnpro/internal/sqldb"
	"asnpro/internal/sqldb/sqldbtest"
	"asnpro/internal/verification"
)

// TestFindQualifiedIDs: the IDs are those of FindQualified — the MS rows of
// the latest announced list, not a TMS one, none before a list is out.
func TestFindQualifiedIDs(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		f.sign("veri1", "verifier")
		f.sign("veri2", "verifier")
		f.sign("ketua", "committee")
		ms1, tms, ms2 := f.submit("Siti Aminah"), f.submit("Budi Santoso"), f.submit("Rina Wati")
		for _, a := range []*applicant{ms1, tms, ms2} {
			v, _ := f.svc.FindVerification(ctx, a.appID)
			name := "veri1"
			if v.VerifierID == f.users["veri2"].UserID {
				name = "veri2"
			}
			d := verification.NewDecision{Decision: "MS"}
			if a == tms {
				d = verification.NewDecision{Decision: "TMS",
					Reasons: []verification.Reason{{Requirement: "ijazah", Note: "Ijazah tidak dilegalisir"}}}
			}
			vctx, vp := f.as(name, "verifier")
			if _, err := f.svc.Decide(vctx, vp, a.appID, d); err != nil {
				t.Fatal(err)
			}
		}
		if ids, err := f.svc.FindQualifiedIDs(ctx, f.period.ID); err != nil || len(ids) != 0 {
			t.Fatalf("before the list: %v, %v", ids, err)
		}
		f.closeRegistration()
		kctx, ketua := f.as("ketua", "committee")
		if _, err := f.svc.PublishResults(kctx, ketua, f.period.ID, "administration"); err != nil {
			t.Fatal(err)
		}
		qs, err := f.svc.FindQualified(ctx, f.period.ID, 0)
		if err != nil {
			t.Fatal(err)
		}
		var want []int64
		for _, q := range qs {
			want = append(want, q.ApplicationID)
		}
		ids, err := f.svc.FindQualifiedIDs(ctx, f.period.ID)
		slices.Sort(ids)
		slices.Sort(want)
		if err != nil || !slices.Equal(ids, want) || !slices.Equal(ids, sorted(ms1.appID, ms2.appID)) {
			t.Fatalf("ids %v, FindQualified %v, want %d and %d: %v", ids, want, ms1.appID, ms2.appID, err)
		}
	})
}

func sorted(ids ...int64) []int64 { slices.Sort(ids); return ids }
