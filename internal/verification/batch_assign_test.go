package verification_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"asnpro/internal/apperr"
	"asnpro/internal/sqldb"
	"asnpro/internal/sqldb/sqldbtest"
	"asnpro/internal/testkit"
	"asnpro/internal/verification"
)

// TestQueueSearch: the queue finds applications by part of the name or of
// the registration number, any case, counts and pages what it finds, takes
// LIKE's wildcards literally and refuses an overlong search.
func TestQueueSearch(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixture(t, db)
		for _, u := range []string{"veri1", "ketua"} {
			role := "committee"
			if u != "ketua" {
				role = "verifier"
			}
			f.sign(u, role)
		}
		siti, budi, rahma := f.submit("Siti Aminah"), f.submit("Budi Santoso"), f.submit("Rahma Siti Nur")
		kctx, ketua := f.as("ketua", "committee")
		find := func(q string, limit, offset int) *verification.Queue {
			t.Helper()
			out, err := f.svc.FindQueue(kctx, ketua, verification.QueueFilter{PeriodID: f.period.ID, Status: "all", Q: q, Limit: limit,
				Offset: offset})
			if err != nil {
				t.Fatalf("search %q: %v", q, err)
			}
			return out
		}
		regs := func(q *verification.Queue) string {
			var out []string
			for _, it := range q.Items {
				out = append(out, it.RegistrationNumber)
			}
			return strings.Join(out, ",")
		}
		for _, c := range []struct {
			q    string
			want []*applicant
		}{
			{"", []*applicant{siti, budi, rahma}},
			{"SITI", []*applicant{siti, rahma}},
			{" santoso ", []*applicant{budi}},
			{budi.reg[len(budi.reg)-4:], []*applicant{budi}},
			{"%", nil},
			{"_", nil},
			{"tidak ada", nil},
		} {
			got := find(c.q, 0, 0)
			var want []string
			for _, a := range c.want {
				want = append(want, a.reg)
			}
			if regs(got) != strings.Join(want, ",") || got.Total != len(c.want) || got.Counts["pending"] != len(c.want) {
				t.Errorf("search %q: %s (total %d, counts %v), want %v", c.q, regs(got), got.Total, got.Counts, want)
			}
		}
		if p1, p2 := find("siti", 1, 0), find("siti", 1, 1); regs(p1) != siti.reg || regs(p2) != rahma.reg || p2.Total != 2 {
			t.Fatalf("pages of a search: %s %s total %d", regs(p1), regs(p2), p2.Total)
		}
		_, err := f.svc.FindQueue(kctx, ketua, verification.QueueFilter{PeriodID: f.period.ID, Q: strings.Repeat("a", 101)})
		if ae := apperr.As(err); ae == nil || ae.Code != apperr.Invalid || ae.FieldMsgs["q"].Key != "verification.queue_q" {
			t.Fatalf("overlong search: %v", err)
		}
	})
}

// TestReassignMany: several applications go to one verifier in one
// transaction, an event for each moved; a bad batch (none chosen, no or
// an unknown verifier, an application not of the period, a decided one)
// changes nothing and records nothing.
func TestReassignMany(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixture(t, db)
		f.sign("veri1", "verifier")
		f.sign("ketua", "committee")
		a, b, c := f.submit("Siti Aminah"), f.submit("Budi Santoso"), f.submit("Rina Wati")
		f.sign("veri2", "verifier")
		kctx, ketua := f.as("ketua", "committee")
		holders := func() string {
			var out []string
			for _, x := range []*applicant{a, b, c} {
				v, err := f.svc.FindVerification(context.Background(), x.appID)
				if err != nil {
					t.Fatal(err)
				}
				out = append(out, fmt.Sprint(v.VerifierID))
			}
			return strings.Join(out, ",") + fmt.Sprintf(" events %d", testkit.CountAudit(t, db, "verification.assign"))
		}
		vctx, _ := f.as("veri1", "verifier")
		if _, err := f.svc.Decide(vctx, f.users["veri1"], c.appID, verification.NewDecision{Decision: "MS"}); err != nil {
			t.Fatal(err)
		}
		for _, bad := range []struct {
			name  string
			apps  []int64
			user  string
			code  apperr.Code
			field string
		}{
			{"none chosen", nil, "veri2", apperr.Invalid, "applications"},
			{"no verifier", []int64{a.appID}, " ", apperr.Invalid, "verifier"},
			{"an unknown verifier", []int64{a.appID, b.appID}, "siapa", apperr.Invalid, "verifier"},
			{"not a verifier", []int64{a.appID}, "ketua", apperr.Invalid, "verifier"},
			{"an application not of the period", []int64{a.appID, 999999}, "veri2", apperr.Invalid, "applications"},
			{"a decided one", []int64{a.appID, b.appID, c.appID}, "veri2", apperr.Conflict, ""},
		} {
			before := holders()
			err := f.svc.ReassignMany(kctx, ketua, f.period.ID, bad.apps, bad.user)
			ae := apperr.As(err)
			if ae == nil || ae.Code != bad.code || (bad.field != "" && ae.FieldMsgs[bad.field].Key == "") {
				t.Errorf("%s: %v, want %s on %q", bad.name, err, bad.code, bad.field)
			}
			if after := holders(); after != before {
				t.Errorf("%s changed %s → %s", bad.name, before, after)
			}
		}
		events := testkit.CountAudit(t, db, "verification.assign")
		moved := 0
		for _, x := range []*applicant{a, b} {
			if v, _ := f.svc.FindVerification(context.Background(), x.appID); v.VerifierID != f.users["veri2"].UserID {
				moved++
			}
		}
		if err := f.svc.ReassignMany(kctx, ketua, f.period.ID, []int64{a.appID, b.appID, a.appID}, "veri2"); err != nil {
			t.Fatal(err)
		}
		for _, x := range []*applicant{a, b} {
			if v, _ := f.svc.FindVerification(context.Background(), x.appID); v.VerifierID != f.users["veri2"].UserID {
				t.Fatalf("%s is held by %d", x.reg, v.VerifierID)
			}
		}
		if n := testkit.CountAudit(t, db, "verification.assign"); n != events+moved || moved == 0 {
			t.Fatalf("verification.assign %d, want %d + %d", n, events, moved)
		}
	})
}
