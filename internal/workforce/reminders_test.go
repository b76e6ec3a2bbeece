package workforce_test

import (
	"io"
	"log/slog"
	"testing"
	"time"

	"asnpro/internal/notify"
	"asnpro/internal/sqldb"
	"asnpro/internal/sqldb/sqldbtest"
	"asnpro/internal/workforce"
)

// TestReminders: a CPNS's Latsar and probation reminders are scheduled
// with the record and, when due, tell the supervisor while the matter is
// open and nobody once it is done.
func TestReminders(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		p := newProbation(t, db, "2025-12-01") // Latsar due 2026-06-01, probation's end 2026-12-01
		e := p.env
		n := notify.New(db, p.clock.Now, slog.New(slog.NewTextHandler(io.Discard, nil)))
		e.svc.HandleReminders(n)
		latsar := "workforce.reminder:latsar_missing:employee=" + itoa(p.cpns.ID)
		end := "workforce.reminder:probation_end:employee=" + itoa(p.cpns.ID)
		for key, want := range map[string]string{latsar: "2026-06-01", end: "2026-10-02"} {
			j, err := n.FindJob(e.ctx, key)
			if err != nil || j.RunAt.In(time.FixedZone("WIB", 7*3600)).Format(time.DateOnly) != want {
				t.Fatalf("%s: %+v %v, want on %s", key, j, err, want)
			}
		}
		// The second CPNS's Latsar is recorded before the jobs run: no notice of it.
		if err := e.svc.RecordLatsar(e.ctx, p.second.ID, workforce.Latsar{Mode: "daring", Hours: 50, Passed: true, HeldOn: "2026-06-01"},
			0); err != nil {
			t.Fatal(err)
		}
		// Today (2026-11-28) every one is due.
		if ran, err := n.RunDueJobs(e.ctx, "test"); err != nil || ran != 4 {
			t.Fatalf("ran %d: %v", ran, err)
		}
		count := func(kind string) int {
			var c int
			if err := db.R.QueryRowContext(e.ctx, `SELECT count(*) FROM notifications WHERE user_id = $1 AND kind = $2`, p.headUser,
				kind).Scan(&c); err != nil {
				t.Fatal(err)
			}
			return c
		}
		// The supervisor: both CPNS's probations undecided, one Latsar missing.
		if got := count("workforce.latsar_missing"); got != 1 {
			t.Errorf("latsar notices %d, want 1", got)
		}
		if got := count("workforce.probation_end"); got != 2 {
			t.Errorf("probation notices %d, want 2", got)
		}
	})
}

// TestContractReminder: a contract's renewal reminder, 90 days before its
// end, tells the supervisor while the renewal is undecided, and nobody once
// it is decided.
func TestContractReminder(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		p := newProbation(t, db, "2025-12-01")
		e := p.env
		n := notify.New(db, p.clock.Now, slog.New(slog.NewTextHandler(io.Discard, nil)))
		e.svc.HandleReminders(n)
		var pppk []*workforce.Employee
		for _, x := range people(30, p.head.Unit.ID) {
			if x.Kind == workforce.KindPPPK && len(pppk) < 2 {
				emp := e.employee(x)
				if err := e.svc.ChangeSupervisor(e.ctx, emp.ID, workforce.SupervisorChange{SupervisorID: p.head.ID, From: "2025-01-01"}); err != nil {
					t.Fatal(err)
				}
				pppk = append(pppk, emp)
			}
		}
		var contracts []int64
		for _, emp := range pppk { // both end 2027-01-31: their reminders were due on 2026-11-02
			c, err := e.svc.AddContract(e.ctx, emp.ID, "2025-02-01", "2027-01-31")
			if err != nil {
				t.Fatal(err)
			}
			contracts = append(contracts, c.ID)
		}
		if err := e.svc.DecideRenewal(e.ctx, contracts[1], workforce.Renewal{Decision: workforce.RenewalNotExtended, Reason: "Formasi dihapus"},
			0); err != nil {
			t.Fatal(err)
		}
		if _, err := n.RunDueJobs(e.ctx, "test"); err != nil {
			t.Fatal(err)
		}
		var c int
		if err := db.R.QueryRowContext(e.ctx, `SELECT count(*) FROM notifications WHERE user_id = $1 AND kind = 'workforce.contract_end'`,
			p.headUser).Scan(&c); err != nil || c != 1 {
			t.Fatalf("contract notices %d, want 1 (the undecided one): %v", c, err)
		}
	})
}

func itoa(i int64) string { return idText(i) }
