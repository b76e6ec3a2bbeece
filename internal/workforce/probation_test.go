package workforce_test

import (
	"slices"
	"strconv"
	"testing"
	"time"

	"asnpro/internal/apperr"
	"asnpro/internal/identity"
	"asnpro/internal/sqldb"
	"asnpro/internal/sqldb/sqldbtest"
	"asnpro/internal/testkit"
	"asnpro/internal/workforce"
)

// probationEnv is a unit with a head who has an account, and two CPNS
// under them with the TMT given.
type probationEnv struct {
	*env
	clock        *testkit.Clock
	head         *workforce.Employee
	headUser     int64
	otherUser    int64
	cpns, second *workforce.Employee
}

func newProbation(t *testing.T, db *sqldb.DB, tmt string) *probationEnv {
	clock := testkit.NewClock(testNow)
	e := &env{t: t, db: db, svc: workforce.New(db, clock.Now), ctx: t.Context()}
	p := &probationEnv{env: e, clock: clock}
	ids, err := identity.New(db, identity.Config{Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	for i, name := range []string{"atasan1", "lain1"} {
		u, err := ids.AddUser(e.ctx, identity.NewUser{Username: name, Name: name, Roles: []identity.Role{identity.Supervisor},
			Password: "rahasia-atasan-" + name})
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			p.headUser = u.ID
		} else {
			p.otherUser = u.ID
		}
	}
	unit := e.unit("BKPSDM", "BKPSDM", 0)
	ps := people(60, unit.ID)
	h := ps[50]
	h.Status, h.Username = workforce.StatusActive, "atasan1"
	p.head = e.employee(h)
	o := ps[51]
	o.Status, o.Username = workforce.StatusActive, "lain1"
	e.employee(o)
	for i, dst := range []**workforce.Employee{&p.cpns, &p.second} {
		n := ps[40+i*5] // PNS
		n.Status, n.TMT, n.NIP = workforce.StatusCPNS, tmt, ""
		birth, _ := time.Parse(time.DateOnly, n.BirthDate)
		t2, _ := time.Parse(time.DateOnly, tmt)
		g := "1"
		if n.Gender == "F" {
			g = "2"
		}
		n.NIP = birth.Format("20060102") + t2.Format("200601") + g + "00" + string(rune('1'+i))
		emp := e.employee(n)
		if err := e.svc.ChangeSupervisor(e.ctx, emp.ID, workforce.SupervisorChange{SupervisorID: p.head.ID, From: tmt}); err != nil {
			t.Fatal(err)
		}
		*dst = emp
	}
	return p
}

func TestProbationToAppointment(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		p := newProbation(t, db, "2025-12-01")
		e, id := p.env, p.cpns.ID
		appoint := workforce.Outcome{Outcome: workforce.OutcomeAppointed, Health: "445/123/RSUD/2026", DecidedOn: "2026-11-28"}

		// Nothing recorded: the Latsar rule is named first.
		wantKey(t, "appoint without Latsar", e.svc.DecideProbation(e.ctx, id, appoint, 0), apperr.FailedPrecondition,
			"probation.rule.latsar_passed")

		wantField(t, "bad mode", e.svc.RecordLatsar(e.ctx, id, workforce.Latsar{Mode: "pos", Hours: 50, HeldOn: "2026-06-01"}, 0),
			"mode", "probation.mode")
		wantField(t, "before the TMT", e.svc.RecordLatsar(e.ctx, id, workforce.Latsar{Mode: "daring", Hours: 50, HeldOn: "2025-11-01"}, 0),
			"held_on", "probation.before_tmt")
		if err := e.svc.RecordLatsar(e.ctx, id, workforce.Latsar{Mode: "Blended", Hours: 51, Passed: true, HeldOn: "2026-06-01"}, 0); err != nil {
			t.Fatal(err)
		}
		wantKey(t, "Latsar twice", e.svc.RecordLatsar(e.ctx, id, workforce.Latsar{Mode: "daring", Hours: 51, HeldOn: "2026-07-01"}, 0),
			apperr.Conflict, "probation.latsar_recorded")

		// The assessment: only by the current supervisor.
		a := workforce.Assessment{Worthy: true, Note: "Disiplin dan cepat belajar"}
		wantCode(t, "another supervisor", e.svc.AssessProbation(e.ctx, p.otherUser, id, a), apperr.NotFound)
		wantField(t, "no note", e.svc.AssessProbation(e.ctx, p.headUser, id, workforce.Assessment{Worthy: true}), "note", "probation.note")
		if err := e.svc.AssessProbation(e.ctx, p.headUser, id, a); err != nil {
			t.Fatal(err)
		}

		// The year is not over on 2026-11-28 (ends 2026-12-01).
		wantKey(t, "before the year", e.svc.DecideProbation(e.ctx, id, appoint, 0), apperr.FailedPrecondition,
			"probation.rule.probation_year")
		pr, err := e.svc.FindProbation(e.ctx, id)
		if err != nil || pr.Ends != "2026-12-01" || !slices.Equal(pr.Missing, []string{workforce.RuleProbationYear}) {
			t.Fatalf("probation %v %+v", err, pr)
		}
		rem, err := e.svc.ProbationReminders(e.ctx)
		missing := slices.IndexFunc(rem, func(r workforce.Reminder) bool { return slices.Contains(r.Reasons, "latsar_missing") })
		if err != nil || len(rem) != 2 || rem[0].Due != "2026-12-01" || missing < 0 || rem[missing].Employee.ID != p.second.ID {
			t.Fatalf("reminders %v %+v", err, rem)
		}
		noHealth := appoint
		noHealth.Health = ""
		wantField(t, "no health statement", e.svc.DecideProbation(e.ctx, id, noHealth, 0), "health", "probation.rule.health")

		p.clock.Set(time.Date(2026, 12, 2, 3, 0, 0, 0, time.UTC))
		appoint.DecidedOn = "2026-12-02"
		if err := e.svc.DecideProbation(e.ctx, id, appoint, 0); err != nil {
			t.Fatal(err)
		}
		emp, _ := e.svc.FindEmployee(e.ctx, id)
		if emp.Status != workforce.StatusActive {
			t.Fatalf("appointed: status %s", emp.Status)
		}
		wantCode(t, "decide twice", e.svc.DecideProbation(e.ctx, id, appoint, 0), apperr.Conflict)
		wantKey(t, "Latsar after appointment", e.svc.RecordLatsar(e.ctx, id, workforce.Latsar{Mode: "daring", Hours: 5, HeldOn: "2026-12-01"}, 0),
			apperr.FailedPrecondition, "probation.not_cpns")
		for _, a := range []string{"latsar.record", "probation.assess", "probation.decide"} {
			if testkit.CountAudit(t, db, a, testkit.Object(idText(id))) != 1 {
				t.Fatalf("%s not recorded once", a)
			}
		}
	})
}

func idText(id int64) string { return strconv.FormatInt(id, 10) }

func TestProbationTermination(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		p := newProbation(t, db, "2026-01-01")
		e, id := p.env, p.second.ID
		term := workforce.Outcome{Outcome: workforce.OutcomeTerminated, Rule: workforce.RuleLatsarFailed, DecidedOn: "2026-11-28"}
		wantKey(t, "no failed Latsar", e.svc.DecideProbation(e.ctx, id, term, 0), apperr.FailedPrecondition,
			"probation.rule.latsar_failed")
		failed := workforce.Latsar{Mode: "klasikal", Hours: 51, Passed: false, HeldOn: "2026-08-01"}
		if err := e.svc.RecordLatsar(e.ctx, id, failed, 0); err != nil {
			t.Fatal(err)
		}
		appoint := workforce.Outcome{Outcome: workforce.OutcomeAppointed, Health: "x", DecidedOn: "2026-11-28"}
		wantKey(t, "appoint after a failed Latsar", e.svc.DecideProbation(e.ctx, id, appoint, 0), apperr.FailedPrecondition,
			"probation.rule.latsar_passed")
		wantField(t, "no rule", e.svc.DecideProbation(e.ctx, id, workforce.Outcome{Outcome: workforce.OutcomeTerminated,
			DecidedOn: "2026-11-28"}, 0), "rule", "probation.rule")
		if err := e.svc.DecideProbation(e.ctx, id, term, 0); err != nil {
			t.Fatal(err)
		}
		emp, _ := e.svc.FindEmployee(e.ctx, id)
		pr, _ := e.svc.FindProbation(e.ctx, id)
		if emp.Status != workforce.StatusStopped || pr.Outcome == nil || pr.Outcome.Rule != workforce.RuleLatsarFailed {
			t.Fatalf("terminated: %s %+v", emp.Status, pr)
		}
		// A stopped CPNS is assessed no more.
		wantCode(t, "assess the stopped", e.svc.AssessProbation(e.ctx, p.headUser, id, workforce.Assessment{Note: "x"}),
			apperr.FailedPrecondition)
	})
}

func TestContractRenewal(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		unit := e.unit("BKPSDM", "BKPSDM", 0)
		var pppk, pns *workforce.Employee
		for _, n := range people(10, unit.ID) {
			if n.Kind == workforce.KindPPPK && pppk == nil {
				pppk = e.employee(n)
			} else if n.Kind == workforce.KindPNS && pns == nil {
				pns = e.employee(n)
			}
		}
		_, err := e.svc.AddContract(e.ctx, pns.ID, "2025-01-01", "2026-12-31")
		wantCode(t, "a PNS's contract", err, apperr.FailedPrecondition)
		_, err = e.svc.AddContract(e.ctx, pppk.ID, "2025-01-01", "2024-12-31")
		wantField(t, "end before start", err, "ends_on", "onboard.contract_end")
		c, err := e.svc.AddContract(e.ctx, pppk.ID, "2025-01-01", "2027-01-31")
		if err != nil {
			t.Fatal(err)
		}
		_, err = e.svc.AddContract(e.ctx, pppk.ID, "2026-01-01", "2028-01-31")
		wantCode(t, "overlap", err, apperr.Conflict)

		rem, err := e.svc.ContractReminders(e.ctx)
		if err != nil || len(rem) != 1 || rem[0].Contract != c.ID || rem[0].Due != "2027-01-31" {
			t.Fatalf("ending within 90 days: %v %+v", err, rem)
		}
		wantField(t, "no reason", e.svc.DecideRenewal(e.ctx, c.ID, workforce.Renewal{Decision: workforce.RenewalNotExtended}, 0),
			"reason", "onboard.reason")
		wantField(t, "new end before", e.svc.DecideRenewal(e.ctx, c.ID, workforce.Renewal{Decision: workforce.RenewalExtended,
			NewEnd: "2027-01-01"}, 0), "new_end", "contract.new_end")
		if err := e.svc.DecideRenewal(e.ctx, c.ID, workforce.Renewal{Decision: workforce.RenewalExtended, NewEnd: "2032-01-31"}, 0); err != nil {
			t.Fatal(err)
		}
		wantCode(t, "decide twice", e.svc.DecideRenewal(e.ctx, c.ID, workforce.Renewal{Decision: workforce.RenewalNotExtended,
			Reason: "x"}, 0), apperr.Conflict)
		cs, _ := e.svc.Contracts(e.ctx, pppk.ID)
		if len(cs) != 2 || cs[0].StartsOn != "2027-02-01" || cs[0].EndsOn != "2032-01-31" || cs[1].Decision != workforce.RenewalExtended {
			t.Fatalf("contracts %+v", cs)
		}
		if rem, _ := e.svc.ContractReminders(e.ctx); len(rem) != 0 {
			t.Fatalf("still reminded: %+v", rem)
		}
	})
}
