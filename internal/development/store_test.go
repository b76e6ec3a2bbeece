package development_test

import (
	"bytes"
	"context"
	"testing"
	"time"

	"asnpro/internal/apperr"
	"asnpro/internal/development"
	"asnpro/internal/identity"
	"asnpro/internal/sqldb"
	"asnpro/internal/sqldb/sqldbtest"
	"asnpro/internal/testkit"
	"asnpro/internal/workforce"
)

var testNow = time.Date(2026, 6, 10, 3, 0, 0, 0, time.UTC)

type env struct {
	t     *testing.T
	db    *sqldb.DB
	ctx   context.Context
	wf    *workforce.Service
	svc   *development.Service
	ids   *identity.Service
	unit  *workforce.Unit
	sub   *workforce.Unit
	boss  *workforce.Employee // atasan
	me    *workforce.Employee // pegawai, under boss
	other *workforce.Employee // lain, under boss too
	users map[string]int64
}

type fakeOffers struct {
	asked [][]string
	open  []development.Offer
}

func (f *fakeOffers) OpenSessions(_ context.Context, comps []string, limit int) ([]development.Offer, error) {
	f.asked = append(f.asked, comps)
	var out []development.Offer
	for _, o := range f.open {
		if len(comps) == 0 || containsAny(o.Competencies, comps) {
			out = append(out, o)
		}
	}
	return out[:min(len(out), limit)], nil
}

func containsAny(a, b []string) bool {
	for _, x := range a {
		for _, y := range b {
			if x == y {
				return true
			}
		}
	}
	return false
}

type fixedGaps []development.Gap

func (g fixedGaps) Gaps(context.Context, int64) ([]development.Gap, error) { return g, nil }

func newEnv(t *testing.T, db *sqldb.DB, d development.Deps) *env {
	t.Helper()
	clock := testkit.NewClock(testNow)
	e := &env{t: t, db: db, ctx: context.Background(), wf: workforce.New(db, clock.Now), users: map[string]int64{}}
	var err error
	if e.ids, err = identity.New(db, identity.Config{}); err != nil {
		t.Fatal(err)
	}
	for _, u := range []string{"atasan", "pegawai", "lain", "admin"} {
		nu, err := e.ids.AddUser(e.ctx, identity.NewUser{Username: u, Name: u, Roles: []identity.Role{identity.Employee},
			Password: "rahasia-pegawai-1"})
		if err != nil {
			t.Fatal(err)
		}
		e.users[u] = nu.ID
	}
	if e.unit, err = e.wf.CreateUnit(e.ctx, workforce.NewUnit{Code: "BKPSDM", Name: "BKPSDM"}); err != nil {
		t.Fatal(err)
	}
	if e.sub, err = e.wf.CreateUnit(e.ctx, workforce.NewUnit{Code: "BKPSDM.1", Name: "Bidang Mutasi", ParentID: e.unit.ID}); err != nil {
		t.Fatal(err)
	}
	ps := workforce.SamplePeople(3)
	mk := func(p workforce.NewEmployee, user string, unit int64) *workforce.Employee {
		p.Username, p.UnitID = user, unit
		emp, err := e.wf.CreateEmployee(e.ctx, p)
		if err != nil {
			t.Fatal(err)
		}
		return emp
	}
	e.boss = mk(ps[0], "atasan", e.unit.ID)
	e.me = mk(ps[1], "pegawai", e.sub.ID)
	e.other = mk(ps[2], "lain", e.sub.ID)
	for _, emp := range []*workforce.Employee{e.me, e.other} {
		if err := e.wf.ChangeSupervisor(e.ctx, emp.ID, workforce.SupervisorChange{SupervisorID: e.boss.ID, From: "2026-01-01"}); err != nil {
			t.Fatal(err)
		}
	}
	d.Now, d.Units = clock.Now, e.wf
	e.svc = development.New(db, d)
	return e
}

func (e *env) credit(c development.Credit) error {
	return e.db.Write(e.ctx, func(tx *sqldb.Tx) error { return e.svc.CreditTx(e.ctx, tx, c) })
}

func (e *env) summary(id int64, year int) *development.Summary {
	e.t.Helper()
	s, err := e.svc.SummaryOf(e.ctx, id, year)
	if err != nil {
		e.t.Fatal(err)
	}
	return s
}

func codeOf(err error) apperr.Code {
	if err == nil {
		return ""
	}
	return apperr.CodeOf(err)
}

func TestCreditAndRevoke(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db, development.Deps{})
		// 31 December 2025 18:30 UTC is 1 January 2026 in WIB: this year's.
		c := development.Credit{EmployeeID: e.me.ID, Title: "Pelayanan Publik Prima", Institution: "BPSDM Kalteng", JP: 12,
			CompletedOn: time.Date(2025, 12, 31, 18, 30, 0, 0, time.UTC), Ref: "training:enrolment:7"}
		for range 2 { // idempotent per ref
			if err := e.credit(c); err != nil {
				t.Fatal(err)
			}
		}
		c2 := c
		c2.Ref, c2.JP, c2.CompletedOn = "training:enrolment:8", 9, testNow
		if err := e.credit(c2); err != nil {
			t.Fatal(err)
		}
		s := e.summary(e.me.ID, 2026)
		if s.Standing.Total != 21 || !s.Standing.Compliant || len(s.Records) != 2 || s.Records[1].CompletedOn != "2026-01-01" {
			t.Fatalf("summary %+v %+v", s.Standing, s.Records)
		}
		if n := testkit.CountAudit(t, db, "development.credit"); n != 2 {
			t.Fatalf("%d credit events, want 2", n)
		}
		if err := e.db.Write(e.ctx, func(tx *sqldb.Tx) error { return e.svc.RevokeTx(e.ctx, tx, "training:enrolment:8") }); err != nil {
			t.Fatal(err)
		}
		if err := e.db.Write(e.ctx, func(tx *sqldb.Tx) error { return e.svc.RevokeTx(e.ctx, tx, "training:unknown") }); err != nil {
			t.Fatal(err)
		}
		s = e.summary(e.me.ID, 2026)
		if s.Standing.Total != 12 || s.Standing.Shortfall != 8 {
			t.Fatalf("after revoke %+v", s.Standing)
		}
		if n := testkit.CountAudit(t, db, "development.revoke"); n != 1 {
			t.Fatalf("%d revoke events, want 1", n)
		}
		// Credited again after its revocation: counts again, once.
		for range 2 {
			if err := e.credit(c2); err != nil {
				t.Fatal(err)
			}
		}
		if s = e.summary(e.me.ID, 2026); s.Standing.Total != 21 {
			t.Fatalf("credited again %+v", s.Standing)
		}
		bad := c
		bad.Ref, bad.JP = "training:enrolment:9", development.MaxCreditJP+1
		if err := e.credit(bad); codeOf(err) != apperr.Invalid {
			t.Fatalf("JP out of range: %v, want invalid", err)
		}
		bad.JP, bad.EmployeeID = 5, 9999
		if err := e.credit(bad); codeOf(err) != apperr.NotFound {
			t.Fatalf("unknown employee: %v, want not_found", err)
		}
	})
}

func TestExternalHours(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db, development.Deps{})
		x := development.External{Title: "Webinar Transformasi Digital", Institution: "Kementerian PANRB", JP: 6, CompletedOn: "2026-05-20"}
		pdf := testkit.PDF("sertifikat")
		submitRefusals(t, e, x, pdf)
		if n := testkit.CountAudit(t, db, "development.submit"); n != 0 {
			t.Fatalf("%d submit events after refusals", n)
		}
		r, err := e.svc.SubmitExternal(e.ctx, e.users["pegawai"], x, bytes.NewReader(pdf), "sertifikat.pdf")
		if err != nil {
			t.Fatal(err)
		}
		if s := e.summary(e.me.ID, 2026); s.Standing.Total != 0 || s.PendingJP != 6 {
			t.Fatalf("pending %+v %d", s.Standing, s.PendingJP)
		}
		pending, err := e.svc.Pending(e.ctx, e.users["atasan"])
		if err != nil || len(pending) != 1 || pending[0].ID != r.ID {
			t.Fatalf("pending %+v %v", pending, err)
		}
		// Someone who is not the supervisor: 403, for the employee themself too.
		for _, u := range []string{"lain", "pegawai", "admin"} {
			if err := e.svc.Decide(e.ctx, e.users[u], r.ID, true, ""); codeOf(err) != apperr.Forbidden {
				t.Fatalf("decided by %s: %v, want forbidden", u, err)
			}
		}
		if err := e.svc.Decide(e.ctx, e.users["atasan"], r.ID, false, ""); codeOf(err) != apperr.Invalid {
			t.Fatalf("rejected without a reason: %v, want invalid", err)
		}
		if err := e.svc.Decide(e.ctx, e.users["atasan"], r.ID, true, ""); err != nil {
			t.Fatal(err)
		}
		// Deciding twice: 409, either way.
		if err := e.svc.Decide(e.ctx, e.users["atasan"], r.ID, true, ""); codeOf(err) != apperr.Conflict {
			t.Fatalf("approved twice: %v, want conflict", err)
		}
		if err := e.svc.Decide(e.ctx, e.users["atasan"], r.ID, false, "bukan pelatihan"); codeOf(err) != apperr.Conflict {
			t.Fatalf("rejected after approval: %v, want conflict", err)
		}
		if s := e.summary(e.me.ID, 2026); s.Standing.Total != 6 || s.PendingJP != 0 {
			t.Fatalf("approved %+v", s.Standing)
		}
		got, b, err := e.svc.EvidenceOf(e.ctx, r.ID)
		if err != nil || !bytes.Equal(b, pdf) || got.Evidence.Filename != "sertifikat.pdf" || got.Evidence.ContentType != "application/pdf" {
			t.Fatalf("evidence %+v %v", got, err)
		}
		// A rejection keeps its reason and counts nothing.
		r2, err := e.svc.SubmitExternal(e.ctx, e.users["lain"], x, bytes.NewReader(testkit.JPEG(t, 40, 30)), "foto.jpg")
		if err != nil {
			t.Fatal(err)
		}
		if err := e.svc.Decide(e.ctx, e.users["atasan"], r2.ID, false, "Sertifikat tidak terbaca"); err != nil {
			t.Fatal(err)
		}
		s := e.summary(e.other.ID, 2026)
		if s.Standing.Total != 0 || s.Records[0].Status != development.StatusRejected || s.Records[0].Reason != "Sertifikat tidak terbaca" {
			t.Fatalf("rejected %+v %+v", s.Standing, s.Records)
		}
		if err := e.svc.Decide(e.ctx, e.users["atasan"], 9999, true, ""); codeOf(err) != apperr.NotFound {
			t.Fatalf("unknown record: %v, want not_found", err)
		}
		for action, want := range map[string]int{"development.submit": 2, "development.approve": 1, "development.reject": 1} {
			if n := testkit.CountAudit(t, db, action); n != want {
				t.Fatalf("%d %s events, want %d", n, action, want)
			}
		}
		team, err := e.svc.Team(e.ctx, e.users["atasan"], 2026)
		if err != nil || len(team) != 2 {
			t.Fatalf("team %+v %v", team, err)
		}
	})
}

func TestCompliance(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db, development.Deps{})
		// boss (BKPSDM) 25 JP; me (sub-unit) 12; other (sub-unit) none.
		for i, c := range []development.Credit{{EmployeeID: e.boss.ID, JP: 25}, {EmployeeID: e.me.ID, JP: 12},
			{EmployeeID: e.other.ID, JP: 30, CompletedOn: time.Date(2025, 5, 1, 0, 0, 0, 0, time.UTC)}} {
			c.Title, c.Ref = "Pelatihan", "ref-"+string(rune('a'+i))
			if c.CompletedOn.IsZero() {
				c.CompletedOn = testNow
			}
			if err := e.credit(c); err != nil {
				t.Fatal(err)
			}
		}
		d, err := e.svc.Compliance(e.ctx, 0, 2026)
		if err != nil {
			t.Fatal(err)
		}
		if d.All != (development.Tally{Bound: 3, Compliant: 1, Under: 2, Shortfall: 28}) {
			t.Fatalf("all %+v", d.All)
		}
		if len(d.UnderTarget) != 2 || d.UnderTarget[0].EmployeeID != e.other.ID || d.UnderTarget[1].Standing.Shortfall != 8 {
			t.Fatalf("under target %+v", d.UnderTarget)
		}
		if len(d.Units) != 2 || d.Units[0].Total.Bound != 3 || d.Units[0].Own.Bound != 1 || d.Units[1].Own.Under != 2 {
			t.Fatalf("units %+v", d.Units)
		}
		// Shares count each employee once: BKPSDM with its sub-unit; then its own and the sub-unit's.
		if sh := d.Shares(); len(sh) != 1 || sh[0].Tally.Bound != 3 || sh[0].Own {
			t.Fatalf("shares %+v", sh)
		}
		top, err := e.svc.Compliance(e.ctx, e.unit.ID, 2026)
		if err != nil {
			t.Fatal(err)
		}
		if sh := top.Shares(); len(sh) != 2 || !sh[0].Own || sh[0].Tally.Bound != 1 || sh[1].Tally.Bound != 2 || sh[1].Tally.Under != 2 {
			t.Fatalf("shares of BKPSDM %+v", sh)
		}
		sub, err := e.svc.Compliance(e.ctx, e.sub.ID, 2026)
		if err != nil || sub.All.Bound != 2 || len(sub.Units) != 1 {
			t.Fatalf("sub-unit %+v %v", sub, err)
		}
		last, err := e.svc.Compliance(e.ctx, 0, 2025)
		if err != nil || last.All.Compliant != 1 {
			t.Fatalf("2025 %+v %v", last, err)
		}
		if _, err := e.svc.Compliance(e.ctx, 9999, 2026); codeOf(err) != apperr.NotFound {
			t.Fatalf("unknown unit: %v", err)
		}
	})
}

func TestRecommend(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		// No catalogue connected: says so.
		e := newEnv(t, db, development.Deps{})
		rec, err := e.svc.Recommend(e.ctx, e.me.ID, 3)
		if err != nil || !rec.NoOffers || len(rec.Offers) != 0 {
			t.Fatalf("no offers %+v %v", rec, err)
		}
		offers := &fakeOffers{open: []development.Offer{
			{SessionID: 1, Title: "Integritas ASN", Competencies: []string{"integritas"}, JP: 16},
			{SessionID: 2, Title: "Literasi Digital", Competencies: []string{"digital"}, JP: 24},
		}}
		svc := development.New(db, development.Deps{Now: testkit.NewClock(testNow).Now, Units: e.wf, Offers: offers,
			Gaps: []development.Gaps{fixedGaps{{Competency: "integritas", Source: development.GapCoaching, Detail: "rencana"}}}})
		rec, err = svc.Recommend(e.ctx, e.me.ID, 3)
		if err != nil || len(rec.Offers) != 1 || rec.Offers[0].SessionID != 1 || rec.AnySkills || len(rec.Gaps) != 1 {
			t.Fatalf("with gaps %+v %v", rec, err)
		}
		// No gaps: the soonest sessions of any competency.
		svc = development.New(db, development.Deps{Units: e.wf, Offers: offers})
		rec, err = svc.Recommend(e.ctx, e.me.ID, 3)
		if err != nil || len(rec.Offers) != 2 || !rec.AnySkills || offers.asked[len(offers.asked)-1] != nil {
			t.Fatalf("without gaps %+v %v", rec, err)
		}
	})
}

// submitRefusals: without evidence, with empty or foreign evidence, with
// a JP out of range, or without a supervisor, nothing is submitted.
func submitRefusals(t *testing.T, e *env, x development.External, pdf []byte) {
	t.Helper()
	// Without evidence: 422, nothing recorded.
	if _, err := e.svc.SubmitExternal(e.ctx, e.users["pegawai"], x, nil, ""); codeOf(err) != apperr.Invalid {
		t.Fatalf("no evidence: %v, want invalid", err)
	} else if apperr.As(err).FieldMsgs["evidence"].Key == "" {
		t.Fatalf("no evidence: %v, want it on evidence", err)
	}
	if _, err := e.svc.SubmitExternal(e.ctx, e.users["pegawai"], x, bytes.NewReader(nil), "kosong.pdf"); codeOf(err) != apperr.Invalid {
		t.Fatalf("empty evidence: %v, want invalid", err)
	}
	text := bytes.NewReader([]byte("hello, not a pdf at all"))
	if _, err := e.svc.SubmitExternal(e.ctx, e.users["pegawai"], x, text, "x.txt"); codeOf(err) != apperr.UnsupportedMediaType {
		t.Fatalf("text evidence: %v, want unsupported_media_type", err)
	}
	// JP out of range: 422.
	for _, jp := range []int{0, -1, development.MaxExternalJP + 1} {
		y := x
		y.JP = jp
		if _, err := e.svc.SubmitExternal(e.ctx, e.users["pegawai"], y, bytes.NewReader(pdf), "s.pdf"); codeOf(err) != apperr.Invalid {
			t.Fatalf("JP %d: %v, want invalid", jp, err)
		}
	}
	// The supervisor has no supervisor: nobody to approve.
	if _, err := e.svc.SubmitExternal(e.ctx, e.users["atasan"], x, bytes.NewReader(pdf), "s.pdf"); codeOf(err) !=
		apperr.FailedPrecondition {
		t.Fatalf("no supervisor: %v, want failed_precondition", err)
	}
}
