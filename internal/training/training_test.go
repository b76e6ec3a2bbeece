package training_test

import (
	"context"
	"slices"
	"strconv"
	"testing"
	"time"

	"asnpro/internal/apperr"
	"asnpro/internal/identity"
	"asnpro/internal/sqldb"
	"asnpro/internal/sqldb/sqldbtest"
	"asnpro/internal/testkit"
	"asnpro/internal/training"
	"asnpro/internal/workforce"
)

var testNow = time.Date(2026, 6, 10, 3, 0, 0, 0, time.UTC)

// env is a database with a unit, a supervisor (boss) and three of their
// reports with accounts (emp[0..2]), an employee without an account
// (other), and two institutions each with a trainer account.
type env struct {
	t            *testing.T
	db           *sqldb.DB
	ctx          context.Context
	clock        *testkit.Clock
	svc          *training.Service
	completions  []training.Completion
	revoked      []string
	boss         training.Actor
	emp          [3]training.Actor
	empID        [3]int64
	empNIP       [3]string
	otherNIP     string
	admin        training.Actor
	trainerA     training.Actor
	trainerB     training.Actor
	instA, instB *training.Institution
	prog         *training.Programme
}

func newEnv(t *testing.T, db *sqldb.DB) *env {
	t.Helper()
	e := &env{t: t, db: db, ctx: t.Context(), clock: testkit.NewClock(testNow)}
	e.svc = training.New(db, training.Deps{Now: e.clock.Now,
		OnComplete: func(_ context.Context, _ *sqldb.Tx, c training.Completion) error {
			e.completions = append(e.completions, c)
			return nil
		},
		OnRevoke: func(_ context.Context, _ *sqldb.Tx, ref string) error {
			e.revoked = append(e.revoked, ref)
			return nil
		}})
	ids, err := identity.New(db, identity.Config{Now: e.clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	user := func(name string, role identity.Role) int64 {
		u, err := ids.AddUser(e.ctx, identity.NewUser{Username: name, Name: name, Roles: []identity.Role{role},
			Password: "rahasia-panjang-" + name})
		if err != nil {
			t.Fatal(err)
		}
		return u.ID
	}
	wf := workforce.New(db, e.clock.Now)
	unit, err := wf.CreateUnit(e.ctx, workforce.NewUnit{Code: "BKPSDM", Name: "BKPSDM"})
	if err != nil {
		t.Fatal(err)
	}
	ps := workforce.SamplePeople(10)
	add := func(i int, username string) *workforce.Employee {
		n := ps[i]
		n.UnitID, n.Status, n.Username = unit.ID, workforce.StatusActive, username
		if n.Kind == workforce.KindPNS && n.NIP == "" {
			t.Fatalf("sample %d has no NIP", i)
		}
		emp, err := wf.CreateEmployee(e.ctx, n)
		if err != nil {
			t.Fatalf("employee %d: %v", i, err)
		}
		return emp
	}
	e.boss = training.Actor{UserID: user("atasan", identity.Supervisor)}
	boss := add(0, "atasan")
	for i := range 3 {
		name := []string{"pegawai1", "pegawai2", "pegawai3"}[i]
		e.emp[i] = training.Actor{UserID: user(name, identity.Employee)}
		emp := add(i+1, name)
		e.empID[i], e.empNIP[i] = emp.ID, emp.Number()
		if err := wf.ChangeSupervisor(e.ctx, emp.ID, workforce.SupervisorChange{SupervisorID: boss.ID, From: "2026-01-01"}); err != nil {
			t.Fatal(err)
		}
	}
	e.otherNIP = add(4, "").Number()
	e.admin = training.Actor{UserID: user("admin", identity.Admin), Admin: true}
	e.trainerA = training.Actor{UserID: user("pelatiha", identity.Trainer)}
	e.trainerB = training.Actor{UserID: user("pelatihb", identity.Trainer)}
	e.instA = e.institution("Lembaga A", "pelatiha")
	e.instB = e.institution("Lembaga B", "pelatihb")
	e.prog = e.programme(e.instA.ID, "Literasi Digital", nil)
	return e
}

func (e *env) institution(name, trainer string) *training.Institution {
	e.t.Helper()
	in, err := e.svc.CreateInstitution(e.ctx, training.NewInstitution{Name: name})
	if err != nil {
		e.t.Fatal(err)
	}
	if err := e.svc.LinkTrainer(e.ctx, in.ID, trainer); err != nil {
		e.t.Fatal(err)
	}
	return in
}

func (e *env) programme(inst int64, title string, pre []int64) *training.Programme {
	e.t.Helper()
	cost := int64(1_000_000)
	p, err := e.svc.CreateProgramme(e.ctx, inst, training.NewProgramme{Title: title, Topic: training.TopicIT, JP: 12,
		Mode: training.ModeOnline, Cost: &cost, Competencies: []string{"teknologi-informasi", "komunikasi"}, Prerequisites: pre})
	if err != nil {
		e.t.Fatal(err)
	}
	return p
}

// session schedules a session of the programme starting in days, with
// capacity seats and two meetings (trainer A's, for its programme).
func (e *env) session(prog int64, days, capacity int) *training.Session {
	e.t.Helper()
	start := testNow.AddDate(0, 0, days)
	trainer := e.trainerA.UserID
	if prog != e.prog.ID {
		trainer = 0
	}
	ss, err := e.svc.CreateSession(e.ctx, prog, training.NewSession{StartsAt: start, EndsAt: start.Add(48 * time.Hour),
		Place: "Aula", Capacity: capacity, Meetings: 2, TrainerID: trainer})
	if err != nil {
		e.t.Fatal(err)
	}
	return ss
}

func codeOf(err error) apperr.Code {
	if err == nil {
		return ""
	}
	return apperr.CodeOf(err)
}

func (e *env) status(id int64) string {
	e.t.Helper()
	en, err := e.svc.FindEnrolment(e.ctx, id)
	if err != nil {
		e.t.Fatal(err)
	}
	return en.Status
}

// TestEnrolmentJourney: a request waits for the supervisor; twice is 409;
// past capacity the approved and the nominated wait (not refused); a
// cancelled seat goes to the first waiting in the same transaction; the
// trainer of another institution may not record (403), attendance for a
// non-participant is 404; completion follows the rule, tells the ledger,
// and the certificate verifies until revoked.
func TestEnrolmentJourney(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		ss, b, c := e.enrolments()
		e.results(ss, b, c)
		e.certificate(b)
	})
}

// enrolments: a request waits for the supervisor; twice is 409; past
// capacity the approved and the nominated wait; a cancelled seat goes to
// the first waiting. It returns the session (one seat), the enrolment that
// took the seat and the one still waiting.
func (e *env) enrolments() (ss *training.Session, b, c *training.Enrolment) {
	t := e.t
	ss = e.session(e.prog.ID, 7, 1)

	a, err := e.svc.RequestEnrolment(e.ctx, ss.ID, e.emp[0].UserID)
	if err != nil || a.Status != training.StatusRequested {
		t.Fatalf("request: %v %+v", err, a)
	}
	if _, err := e.svc.RequestEnrolment(e.ctx, ss.ID, e.emp[0].UserID); codeOf(err) != apperr.Conflict {
		t.Fatalf("twice: %v, want conflict", err)
	}
	if _, err := e.svc.Nominate(e.ctx, ss.ID, e.admin, e.empNIP[0]); codeOf(err) != apperr.Conflict {
		t.Fatalf("nominated while asked for: %v, want conflict", err)
	}
	// Another supervisor's decision is not found; the boss approves: the one seat.
	if _, err := e.svc.Decide(e.ctx, a.ID, e.emp[1], true); codeOf(err) != apperr.NotFound {
		t.Fatalf("a colleague approves: %v, want not_found", err)
	}
	if a, err = e.svc.Decide(e.ctx, a.ID, e.boss, true); err != nil || a.Status != training.StatusEnrolled {
		t.Fatalf("approve: %v %+v", err, a)
	}
	// Past capacity: waitlisted, in order.
	b, err = e.svc.Nominate(e.ctx, ss.ID, e.boss, e.empNIP[1])
	if err != nil || b.Status != training.StatusWaitlisted {
		t.Fatalf("nominated past capacity: %v %+v, want waitlisted", err, b)
	}
	if _, err := e.svc.Nominate(e.ctx, ss.ID, e.boss, e.otherNIP); codeOf(err) != apperr.Invalid {
		t.Fatalf("a supervisor nominates someone else's report: %v, want invalid", err)
	}
	e.clock.Add(time.Minute)
	c, err = e.svc.RequestEnrolment(e.ctx, ss.ID, e.emp[2].UserID)
	if err != nil {
		t.Fatal(err)
	}
	if c, err = e.svc.Decide(e.ctx, c.ID, e.boss, true); err != nil || c.Status != training.StatusWaitlisted {
		t.Fatalf("approved past capacity: %v %+v, want waitlisted", err, c)
	}
	// The seat frees: the first waiting takes it, in the same transaction.
	if err := e.svc.Cancel(e.ctx, a.ID, e.emp[1]); codeOf(err) != apperr.NotFound {
		t.Fatalf("cancel another's: %v, want not_found", err)
	}
	if err := e.svc.Cancel(e.ctx, a.ID, e.emp[0]); err != nil {
		t.Fatal(err)
	}
	if e.status(b.ID) != training.StatusEnrolled || e.status(c.ID) != training.StatusWaitlisted {
		t.Fatalf("after the cancel: %s %s, want enrolled waitlisted", e.status(b.ID), e.status(c.ID))
	}
	if n := testkit.CountAudit(t, e.db, "training.enrolment.promote", testkit.Object(idText(b.ID))); n != 1 {
		t.Fatalf("promote events: %d", n)
	}
	// A cancelled enrolment may ask again (waitlisted after approval).
	if _, err := e.svc.RequestEnrolment(e.ctx, ss.ID, e.emp[0].UserID); err != nil {
		t.Fatalf("ask again after cancelling: %v", err)
	}

	return ss, b, c
}

// results: not before the start, not by another institution's trainer
// (403), not for a non-participant (404); completion by the rule.
func (e *env) results(ss *training.Session, b, c *training.Enrolment) {
	t := e.t
	// Results: not before it starts, not by another institution's trainer.
	if err := e.svc.RecordAttendance(e.ctx, ss.ID, 1, e.trainerA, []int64{b.ID}); codeOf(err) != apperr.FailedPrecondition {
		t.Fatalf("attendance before the start: %v", err)
	}
	e.clock.Set(ss.StartsAt.Add(time.Hour))
	if err := e.svc.RecordAttendance(e.ctx, ss.ID, 1, e.trainerB, []int64{b.ID}); codeOf(err) != apperr.Forbidden {
		t.Fatalf("attendance by another institution's trainer: %v, want forbidden", err)
	}
	if err := e.svc.RecordAttendance(e.ctx, ss.ID, 1, e.trainerA, []int64{c.ID}); codeOf(err) != apperr.NotFound {
		t.Fatalf("attendance for a waitlisted non-participant: %v, want not_found", err)
	}
	if err := e.svc.RecordAttendance(e.ctx, ss.ID, 3, e.trainerA, nil); codeOf(err) != apperr.NotFound {
		t.Fatalf("meeting 3 of 2: %v, want not_found", err)
	}
	for no := 1; no <= 2; no++ {
		if err := e.svc.RecordAttendance(e.ctx, ss.ID, no, e.trainerA, []int64{b.ID}); err != nil {
			t.Fatal(err)
		}
	}
	post, bad := 75, 101
	if err := e.svc.RecordScores(e.ctx, ss.ID, e.trainerA, []training.Scores{{EnrolmentID: b.ID, Post: &bad}}); codeOf(err) != apperr.Invalid {
		t.Fatalf("score 101: %v", err)
	}
	if err := e.svc.RecordScores(e.ctx, ss.ID, e.trainerA, []training.Scores{{EnrolmentID: b.ID, Post: &post}}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.CompleteSession(e.ctx, ss.ID, e.trainerB); codeOf(err) != apperr.Forbidden {
		t.Fatalf("completion by another institution's trainer: %v, want forbidden", err)
	}
	out, err := e.svc.CompleteSession(e.ctx, ss.ID, e.trainerA)
	if err != nil || len(out) != 1 || !out[0].Passed {
		t.Fatalf("complete: %v %+v", err, out)
	}
	if _, err := e.svc.CompleteSession(e.ctx, ss.ID, e.trainerA); codeOf(err) != apperr.FailedPrecondition {
		t.Fatalf("complete twice: %v", err)
	}
	if e.status(c.ID) != training.StatusCancelled {
		t.Fatalf("the waitlist after completion: %s", e.status(c.ID))
	}
}

// certificate: the ledger told, the code verifies, feedback, revocation.
func (e *env) certificate(b *training.Enrolment) {
	t := e.t
	want := training.Completion{EmployeeID: e.empID[1], Title: "Literasi Digital", Institution: "Lembaga A", JP: 12,
		CompletedOn: time.Date(2026, 6, 17, 0, 0, 0, 0, time.FixedZone("WIB", 7*3600)), Ref: "training:enrolment:" + idText(b.ID)}
	if len(e.completions) != 1 || e.completions[0].Ref != want.Ref || e.completions[0].JP != 12 ||
		!e.completions[0].CompletedOn.Equal(want.CompletedOn) || e.completions[0].EmployeeID != want.EmployeeID {
		t.Fatalf("told %+v, want %+v", e.completions, want)
	}
	en, _ := e.svc.FindEnrolment(e.ctx, b.ID)
	if len(en.CertCode) != 24 {
		t.Fatalf("code %q", en.CertCode)
	}
	cert, err := e.svc.VerifyCertificate(e.ctx, " "+en.CertCode[:4]+"-"+en.CertCode[4:]+" ")
	if err != nil || cert.JP != 12 || cert.Programme != "Literasi Digital" || cert.CompletedOn != "2026-06-17" {
		t.Fatalf("verify: %v %+v", err, cert)
	}
	if _, err := e.svc.VerifyCertificate(e.ctx, "AAAAAAAAAAAAAAAAAAAAAAAA"); codeOf(err) != apperr.NotFound {
		t.Fatalf("unknown code: %v", err)
	}
	if _, err := e.svc.CertificateOf(e.ctx, b.ID, e.emp[0]); codeOf(err) != apperr.NotFound {
		t.Fatalf("another's certificate: %v", err)
	}
	if _, err := e.svc.CertificateOf(e.ctx, b.ID, e.emp[1]); err != nil {
		t.Fatal(err)
	}
	// Feedback from a participant, 1–5.
	if err := e.svc.GiveFeedback(e.ctx, b.ID, e.emp[1].UserID, 6, ""); codeOf(err) != apperr.Invalid {
		t.Fatalf("rating 6: %v", err)
	}
	if err := e.svc.GiveFeedback(e.ctx, b.ID, e.emp[1].UserID, 4, "Bagus"); err != nil {
		t.Fatal(err)
	}
	// Revoked: the check says so; the ledger is told.
	if err := e.svc.Revoke(e.ctx, b.ID, " "); codeOf(err) != apperr.Invalid {
		t.Fatalf("revoke without a reason: %v", err)
	}
	if err := e.svc.Revoke(e.ctx, b.ID, "Data kehadiran keliru"); err != nil {
		t.Fatal(err)
	}
	if err := e.svc.Revoke(e.ctx, b.ID, "lagi"); codeOf(err) != apperr.Conflict {
		t.Fatalf("revoke twice: %v", err)
	}
	cert, err = e.svc.VerifyCertificate(e.ctx, en.CertCode)
	if err != nil || cert.RevokedAt == nil || cert.RevokedReason != "Data kehadiran keliru" {
		t.Fatalf("revoked certificate: %v %+v", err, cert)
	}
	if !slices.Equal(e.revoked, []string{want.Ref}) {
		t.Fatalf("revocations told: %q", e.revoked)
	}
	rows, err := e.svc.Report(e.ctx)
	if err != nil || len(rows) != 2 || rows[0].Completed != 1 || rows[0].Finished != 1 || rows[0].Ratings != 1 ||
		rows[0].Cost != 1_000_000 || !rows[0].CostRecorded {
		t.Fatalf("report: %v %+v", err, rows)
	}
}

// TestCompletionRule: the rule's edges, pure.
func TestCompletionRule(t *testing.T) {
	t.Parallel()
	n := func(v int) *int { return &v }
	for _, c := range []struct {
		present, meetings, min int
		post                   *int
		pass                   int
		want                   bool
	}{
		{4, 5, 80, n(70), 70, true},
		{3, 5, 80, n(100), 70, false},
		{5, 5, 80, n(69), 70, false},
		{5, 5, 80, nil, 70, false},
		{1, 1, 100, n(50), 50, true},
		{0, 0, 80, n(100), 70, false},
		{7, 9, 75, n(80), 80, true},
	} {
		if got := training.Passes(c.present, c.meetings, c.min, c.post, c.pass); got != c.want {
			t.Errorf("Passes(%d/%d ≥ %d%%, post %v ≥ %d) = %v", c.present, c.meetings, c.min, c.post, c.pass, got)
		}
	}
}

// TestMatchCompetency: free-text dimension names to the vocabulary.
func TestMatchCompetency(t *testing.T) {
	t.Parallel()
	for name, want := range map[string]string{
		"Integritas": "integritas", "Kerja sama": "kerja-sama", "kerjasama": "kerja-sama", "Komunikasi lisan": "komunikasi",
		"Orientasi pada hasil": "orientasi-hasil", "Pelayanan publik": "pelayanan-publik",
		"Pengembangan diri dan orang lain": "pengembangan-diri", "Mengelola perubahan": "mengelola-perubahan",
		"Pengambilan keputusan": "pengambilan-keputusan", "Perekat bangsa": "perekat-bangsa", "Wawasan kebangsaan": "perekat-bangsa",
		"Literasi digital": "teknologi-informasi", "kerja-sama": "kerja-sama", "Manajemen keuangan daerah": "manajemen-keuangan",
		"Teamwork": "kerja-sama", "": "", "Kesehatan jasmani": "", "orientasi-pada-hasil": "orientasi-hasil",
		"pengembangan-diri-dan-orang-lain": "pengembangan-diri",
	} {
		got, ok := training.MatchCompetency(name)
		if got != want || ok != (want != "") {
			t.Errorf("MatchCompetency(%q) = %q %v, want %q", name, got, ok, want)
		}
	}
}

// TestOpenSessionsAndPrerequisites: offers are the sessions not started
// addressing the keys, soonest first; a programme's prerequisite must be
// completed before enrolling.
func TestOpenSessionsAndPrerequisites(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		later := e.session(e.prog.ID, 20, 2)
		soon := e.session(e.prog.ID, 5, 2)
		e.session(e.prog.ID, -1, 2) // running: not an offer
		lead := e.programme(e.instB.ID, "Kepemimpinan", []int64{e.prog.ID})
		adv := e.session(lead.ID, 3, 2)
		offers, err := e.svc.OpenSessions(e.ctx, []string{"komunikasi"}, 10)
		if err != nil {
			t.Fatal(err)
		}
		var got []int64
		for _, o := range offers {
			got = append(got, o.SessionID)
		}
		if !slices.Equal(got, []int64{adv.ID, soon.ID, later.ID}) || offers[0].SeatsLeft != 2 || offers[1].JP != 12 {
			t.Fatalf("offers %v %+v", got, offers)
		}
		if offers, _ := e.svc.OpenSessions(e.ctx, []string{"integritas"}, 10); len(offers) != 0 {
			t.Fatalf("integritas offers: %+v", offers)
		}
		// Another part's key is read as a name; one naming nothing matches nothing.
		if offers, _ := e.svc.OpenSessions(e.ctx, []string{"Komunikasi lisan"}, 10); len(offers) != 3 {
			t.Fatalf("offers for a named competency: %+v", offers)
		}
		if offers, _ := e.svc.OpenSessions(e.ctx, []string{"sihir"}, 10); len(offers) != 0 {
			t.Fatalf("offers for no competency: %+v", offers)
		}
		if offers, _ := e.svc.OpenSessions(e.ctx, nil, 1); len(offers) != 1 {
			t.Fatalf("limit 1: %+v", offers)
		}
		if _, err := e.svc.RequestEnrolment(e.ctx, adv.ID, e.emp[0].UserID); codeOf(err) != apperr.FailedPrecondition {
			t.Fatalf("without the prerequisite: %v", err)
		}
		if _, err := e.svc.RequestEnrolment(e.ctx, adv.ID, e.admin.UserID); codeOf(err) != apperr.Forbidden {
			t.Fatalf("an account that is no employee's: %v", err)
		}
	})
}

// TestFormsRefuse: bad input to the admin's forms is refused by field.
func TestFormsRefuse(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		if _, err := e.svc.CreateInstitution(e.ctx, training.NewInstitution{Name: "lembaga a"}); codeOf(err) != apperr.Conflict {
			t.Fatalf("same name: %v", err)
		}
		_, err := e.svc.CreateProgramme(e.ctx, e.instA.ID, training.NewProgramme{Title: "X", Topic: "sihir", JP: 0, Mode: "x"})
		if f := apperr.As(err).FieldMsgs; len(f) != 4 {
			t.Fatalf("programme fields: %v", err)
		}
		_, err = e.svc.CreateSession(e.ctx, e.prog.ID, training.NewSession{StartsAt: testNow, EndsAt: testNow, Capacity: 0,
			Meetings: 0, TrainerID: e.trainerB.UserID})
		if f := apperr.As(err).FieldMsgs; len(f) != 4 {
			t.Fatalf("session fields: %v", f)
		}
		_, err = e.svc.CreateSession(e.ctx, e.prog.ID, training.NewSession{StartsAt: testNow, EndsAt: testNow.Add(time.Hour),
			Place: "Aula", Capacity: 5, Meetings: 1, TrainerID: e.trainerB.UserID})
		if f := apperr.As(err).FieldMsgs; f["trainer_id"].Key != "training.trainer_other" {
			t.Fatalf("another institution's trainer: %v", err)
		}
		if err := e.svc.LinkTrainer(e.ctx, e.instA.ID, "admin"); codeOf(err) != apperr.Invalid {
			t.Fatalf("an account without the trainer role: %v", err)
		}
		if _, err := e.svc.AddAgreement(e.ctx, e.instA.ID, training.NewAgreement{Number: "1", StartsOn: "2026-02-01",
			EndsOn: "2026-01-01", Scope: "x"}); codeOf(err) != apperr.Invalid {
			t.Fatalf("an agreement ending before it starts: %v", err)
		}
	})
}

func idText(id int64) string { return strconv.FormatInt(id, 10) }
