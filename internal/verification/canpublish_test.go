package verification_test

import (
	"testing"
	"time"

	"asnpro/internal/apperr"
	"asnpro/internal/identity"
	"asnpro/internal/sqldb"
	"asnpro/internal/sqldb/sqldbtest"
	"asnpro/internal/verification"
)

// TestCanPublishIsPublishResultsRule: CanPublish refuses exactly what
// PublishResults refuses (same code and words) and accepts what it then
// publishes: undecided applications, the post-appeal list before the
// administration one, a caller without a pact.
func TestCanPublishIsPublishResultsRule(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		s := &lateConflict{f: newFixture(t, db, withNotices(0)), db: db}
		f := s.f
		s.pid = f.period.ID
		for _, u := range []string{"veri1", "veri2", "ketua"} {
			role := "committee"
			if u != "ketua" {
				role = "verifier"
			}
			f.sign(u, role)
		}
		kctx, ketua := f.as("ketua", "committee")
		_, unsigned := f.as("anggota", "committee")
		same := func(what string, p *identity.Principal, stage string, key string) {
			t.Helper()
			can := f.svc.CanPublish(kctx, p, s.pid, stage)
			if key == "" {
				wantCode(t, what+": can", can, "")
				return
			}
			if ae := apperr.As(can); ae == nil || ae.Msg.Key != key {
				t.Fatalf("%s: CanPublish %v, want %s", what, can, key)
			}
			_, pub := f.svc.PublishResults(kctx, p, s.pid, stage)
			if apperr.CodeOf(pub) != apperr.CodeOf(can) || pub.Error() != can.Error() {
				t.Fatalf("%s: PublishResults %v, CanPublish %v", what, pub, can)
			}
		}
		a := f.submit("Siti Aminah")
		same("registration open", ketua, verification.StageAdministration, "verification.publish_registration_open")
		same("registration open, post-appeal", ketua, verification.StageAppeal, "verification.publish_registration_open")
		f.closeRegistration()
		same("undecided", ketua, verification.StageAdministration, "verification.undecided")
		same("undecided, post-appeal", ketua, verification.StageAppeal, "verification.undecided")
		same("no pact", unsigned, verification.StageAdministration, "verification.pact_required")
		vctx, _, u := s.verifier(t, a)
		if _, err := f.svc.Decide(vctx, f.users[u], a.appID, verification.NewDecision{Decision: "MS"}); err != nil {
			t.Fatal(err)
		}
		same("post-appeal first", ketua, verification.StageAppeal, "verification.appeal_stage_first")
		same("all decided", ketua, verification.StageAdministration, "")
		f.clock.Set(time.Date(2026, 12, 12, 10, 0, 0, 0, wib))
		if _, err := f.svc.PublishResults(kctx, ketua, s.pid, verification.StageAdministration); err != nil {
			t.Fatal(err)
		}
		same("after the administration list", ketua, verification.StageAppeal, "")
	})
}
