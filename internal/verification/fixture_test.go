package verification_test

import (
	"bytes"
	"context"
	"fmt"
	"strconv"
	"sync"
	"testing"
	"time"

	"asnpro/internal/apperr"
	"asnpro/internal/audit"
	"asnpro/internal/identity"
	"asnpro/internal/notify"
	"asnpro/internal/recruitment"
	"asnpro/internal/sqldb"
	"asnpro/internal/verification"
)

// clock is the injected clock of a test.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) set(t time.Time)     { c.mu.Lock(); c.t = t; c.mu.Unlock() }
func (c *clock) add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

var wib, _ = time.LoadLocation("Asia/Jakarta")

// fixture is a period open for registration, one formation asking for
// one PDF, a committee of two, two verifiers and an assessor.
type fixture struct {
	t      *testing.T
	db     *sqldb.DB
	clock  *clock
	ids    *identity.Service
	rec    *recruitment.Service
	svc    *verification.Service
	notify *notify.Service // nil unless made withNotices
	period *recruitment.Period
	form   *recruitment.Formation
	users  map[string]*identity.Principal
	nik    int
}

// newService is the verification service over rec, hooked into it as the
// server command wires it (n nil: no notices).
func newService(db *sqldb.DB, rec *recruitment.Service, ids *identity.Service, n *notify.Service, now func() time.Time,
	batch ...int) *verification.Service {
	// The hooks exist before the service over recruitment, which embeds them.
	hooks := verification.NewHooks(db, now)
	rec.OnSubmit = append(rec.OnSubmit, hooks.OnSubmit)
	rec.MaySee = hooks.MaySee
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
	c := &clock{t: time.Date(2026, 12, 1, 9, 0, 0, 0, wib)}
	audit.UseClock(db, c.now)
	ids, err := identity.New(db, identity.Config{Now: c.now, HashSlots: 2})
	if err != nil {
		t.Fatal(err)
	}
	rec := recruitment.New(db, ids, c.now)
	rec.RegisterPerMinute = 10000
	var n *notify.Service
	if o.notices {
		n = notify.New(db, c.now, nil)
	}
	svc := newService(db, rec, ids, n, c.now, o.batch)
	f := &fixture{t: t, db: db, clock: c, ids: ids, rec: rec, svc: svc, notify: n, users: map[string]*identity.Principal{}}
	for _, u := range []struct {
		name  string
		roles []identity.Role
	}{{"ketua", []identity.Role{identity.Committee}}, {"anggota", []identity.Role{identity.Committee}}, {"veri1",
		[]identity.Role{identity.Verifier}},
		{"veri2", []identity.Role{identity.Verifier}}, {"penguji", []identity.Role{identity.Assessor}}, {"inspektur",
			[]identity.Role{identity.Auditor}},
		{"panver", []identity.Role{identity.Committee, identity.Verifier}}} {
		us, err := ids.AddUser(ctx, identity.NewUser{Username: u.name, Name: "Pak " + u.name, Roles: u.roles, Password: "rahasia-123"})
		if err != nil {
			t.Fatal(err)
		}
		f.users[u.name] = &identity.Principal{UserID: us.ID, Username: us.Username, Name: us.Name, Roles: us.Roles}
	}
	if err := rec.UpsertEducationRefs(ctx,
		[]recruitment.EducationRef{{Code: "S1-TI", Name: "S-1 Teknik Informatika", Level: "S1"}}); err != nil {
		t.Fatal(err)
	}
	now := c.now()
	p, err := rec.CreatePeriod(ctx, recruitment.NewPeriod{Name: "Seleksi Uji 2026", Kind: recruitment.KindCPNS, ReferenceDate: "2026-12-31",
		Timeline: recruitment.Timeline{AnnounceAt: now.Add(-48 * time.Hour), RegOpenAt: now.Add(-24 * time.Hour),
			RegCloseAt:      now.Add(10 * 24 * time.Hour),
			AdminAnnounceAt: now.Add(15 * 24 * time.Hour), AppealDays: 3}})
	if err != nil {
		t.Fatal(err)
	}
	nf := recruitment.NewFormation{Code: "UJI-001", Position: "Pranata Komputer", Unit: "Diskominfo", Quota: 2,
		Documents: []recruitment.DocumentRule{{Kind: "ijazah", Formats: []string{"pdf"}, MaxBytes: 100 * 1024, Required: true}}}
	nf.Education.Levels, nf.Education.Majors = []string{"S1"}, []string{"S1-TI"}
	if f.form, err = rec.AddFormation(ctx, p.ID, nf); err != nil {
		t.Fatal(err)
	}
	if f.period, err = rec.PublishPeriod(ctx, p.ID); err != nil {
		t.Fatal(err)
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

func testPDF(note string) []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	offs := []int{}
	objs := []string{"<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
		fmt.Sprintf("<< /Length %d >>\nstream\nBT /F1 12 Tf 72 720 Td (%s) Tj ET\nendstream", 40+len(note), note)}
	for i, o := range objs {
		offs = append(offs, b.Len())
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, o := range offs {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return b.Bytes()
}

// applicant is a registered applicant with their submitted application.
type applicant struct {
	p     *identity.Principal
	ctx   context.Context
	appID int64
	reg   string
}

// submit registers an applicant and submits an application.
func (f *fixture) submit(name string) *applicant {
	f.t.Helper()
	ctx := context.Background()
	f.nik++
	nik := fmt.Sprintf("627103120598%04d", f.nik) // a man born 1998-05-12
	ap, err := f.rec.RegisterApplicant(ctx,
		recruitment.NewApplicant{NIK: nik, Name: name, BirthPlace: "Palangka Raya", BirthDate: "1998-05-12", Gender: "M",
			Email: "u" + strconv.Itoa(f.nik) + "@example.id", Phone: "081234567890", Password: "rahasia-123"}, "test", "id")
	if err != nil {
		f.t.Fatalf("register: %v", err)
	}
	ipk := 3.4
	a, err := f.rec.CreateApplication(ctx, ap.UserID,
		recruitment.NewApplication{FormationID: strconv.FormatInt(f.form.ID, 10),
			Education: recruitment.Education{Level: "S1", Major: "S1-TI", IPK: &ipk}}, "id")
	if err != nil {
		f.t.Fatalf("create: %v", err)
	}
	if _, err := f.rec.PutDocument(ctx, ap.UserID, a.ID, "ijazah", bytes.NewReader(testPDF(name)), "ijazah.pdf"); err != nil {
		f.t.Fatalf("upload: %v", err)
	}
	if _, err := f.rec.SubmitApplication(ctx, ap.UserID, a.ID, "id"); err != nil {
		f.t.Fatalf("submit: %v", err)
	}
	p := &identity.Principal{UserID: ap.UserID, Username: nik, Name: name, Roles: []identity.Role{identity.Applicant}}
	return &applicant{p: p, ctx: audit.WithActor(ctx, audit.Actor{ID: p.IDString(), Role: "applicant"}), appID: a.ID,
		reg: a.RegistrationNumber}
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

func events(t *testing.T, db *sqldb.DB, action, objectID string) int {
	t.Helper()
	var n int
	if err := db.R.QueryRow(`SELECT count(*) FROM audit_events WHERE action = $1 AND object_id = $2`, action, objectID).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
