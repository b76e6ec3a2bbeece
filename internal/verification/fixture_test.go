package verification_test

import (
	"context"
	"testing"
	"time"

	"asnpro/internal/apperr"
	"asnpro/internal/audit"
	"asnpro/internal/identity"
	"asnpro/internal/notify"
	"asnpro/internal/recruitment"
	"asnpro/internal/recruitment/recruitmenttest"
	"asnpro/internal/sqldb"
	"asnpro/internal/testkit"
	"asnpro/internal/verification"
)

var wib, _ = time.LoadLocation("Asia/Jakarta")

// fixture is a period open for registration, one formation asking for
// one PDF, a committee of two, two verifiers and an assessor.
type fixture struct {
	t      *testing.T
	db     *sqldb.DB
	rt     *recruitmenttest.Fixture // the period, its formation and the applicants
	clock  *testkit.Clock
	ids    *identity.Service
	rec    *recruitment.Service
	svc    *verification.Service
	notify *notify.Service // nil unless made withNotices
	period *recruitment.Period
	form   *recruitment.Formation
	users  map[string]*identity.Principal
}

// newService is the verification service over rec, which was made with
// hooks as its stages, as the server command wires it (n nil: no notices).
func newService(db *sqldb.DB, rec *recruitment.Service, ids *identity.Service, n *notify.Service, now func() time.Time,
	hooks *verification.Hooks, batch ...int) *verification.Service {
	d := verification.Deps{Recruitment: rec, Staff: ids, Notify: n, Now: now, Hooks: hooks}
	if len(batch) > 0 {
		d.NoticeBatch = batch[0]
	}
	return verification.New(db, d)
}

// withNotices makes a fixture whose service tells applicants, batch at a time.
func withNotices(batch int) func(*fixtureOptions) {
	return func(o *fixtureOptions) { o.notices, o.batch = true, batch }
}

type fixtureOptions struct {
	notices bool
	batch   int
}

func newFixture(t *testing.T, db *sqldb.DB, opts ...func(*fixtureOptions)) *fixture {
	t.Helper()
	var o fixtureOptions
	for _, fn := range opts {
		fn(&o)
	}
	ctx := context.Background()
	c := testkit.NewClock(time.Date(2026, 12, 1, 9, 0, 0, 0, wib))
	hooks := verification.NewHooks(db, c.Now)
	rt := recruitmenttest.New(t, db, recruitmenttest.Options{Clock: c, Config: recruitment.Config{Stages: hooks}})
	var n *notify.Service
	if o.notices {
		n = notify.New(db, c.Now, nil)
	}
	svc := newService(db, rt.Rec, rt.IDs, n, c.Now, hooks, o.batch)
	f := &fixture{t: t, db: db, rt: rt, clock: c, ids: rt.IDs, rec: rt.Rec, svc: svc, notify: n, period: rt.Period, form: rt.Formation,
		users: map[string]*identity.Principal{}}
	for _, u := range []struct {
		name  string
		roles []identity.Role
	}{{"ketua", []identity.Role{identity.Committee}}, {"anggota", []identity.Role{identity.Committee}}, {"veri1",
		[]identity.Role{identity.Verifier}},
		{"veri2", []identity.Role{identity.Verifier}}, {"penguji", []identity.Role{identity.Assessor}}, {"inspektur",
			[]identity.Role{identity.Auditor}},
		{"panver", []identity.Role{identity.Committee, identity.Verifier}}} {
		us, err := f.ids.AddUser(ctx, identity.NewUser{Username: u.name, Name: "Pak " + u.name, Roles: u.roles, Password: "rahasia-123"})
		if err != nil {
			t.Fatal(err)
		}
		f.users[u.name] = &identity.Principal{UserID: us.ID, Username: us.Username, Name: us.Name, Roles: us.Roles}
	}
	return f
}

// as returns ctx acting as user in role.
func (f *fixture) as(user, role string) (context.Context, *identity.Principal) {
	p := f.users[user]
	if p == nil {
		f.t.Fatalf("no user %s", user)
	}
	return audit.WithActor(context.Background(), audit.Actor{ID: p.IDString(), Role: role}), p
}

func (f *fixture) sign(user, role string) {
	f.t.Helper()
	ctx, p := f.as(user, role)
	if _, err := f.svc.SignPact(ctx, p, f.period.ID, true); err != nil {
		f.t.Fatalf("%s signs: %v", user, err)
	}
}

// applicant is a registered applicant with their submitted application.
type applicant struct {
	p     *identity.Principal
	ctx   context.Context
	appID int64
	reg   string
}

// submit registers an applicant and submits an application (a PDF
// ijazah showing their name).
func (f *fixture) submit(name string) *applicant {
	f.t.Helper()
	a := f.rt.Submit(name)
	p := a.Principal()
	return &applicant{p: p, ctx: audit.WithActor(context.Background(), audit.Actor{ID: p.IDString(), Role: "applicant"}), appID: a.App.ID,
		reg: a.App.RegistrationNumber}
}

// wantCode fails unless err carries code.
func wantCode(t *testing.T, what string, err error, code apperr.Code) {
	t.Helper()
	if code == "" {
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		return
	}
	if apperr.CodeOf(err) != code {
		t.Fatalf("%s: got %v, want %s", what, err, code)
	}
}

// closeRegistration moves the clock to the close of the period's
// registration when it is still ahead: a list is published only after it.
func (f *fixture) closeRegistration() {
	f.t.Helper()
	if c := f.period.RegCloseAt; f.clock.Now().Before(c) {
		f.clock.Set(c)
	}
}
