// Package recruitmenttest builds the recruitment that the tests of several
// packages start from: a clock, the identity and recruitment services, a
// published period open for registration with one formation, and
// applicants who register, apply and submit.
package recruitmenttest

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"strconv"
	"testing"
	"time"

	"asnpro/internal/audit"
	"asnpro/internal/identity"
	"asnpro/internal/recruitment"
	"asnpro/internal/sqldb"
	"asnpro/internal/testkit"
)

// WIB is the period's zone.
var WIB = func() *time.Location {
	l, err := time.LoadLocation("Asia/Jakarta")
	if err != nil {
		return time.FixedZone("WIB", 7*3600)
	}
	return l
}()

// Options change the fixture; the zero value is the common case.
type Options struct {
	// Clock is the fixture's clock (for services made before the fixture,
	// such as notices); nil: a new one standing at Start.
	Clock *testkit.Clock
	// Start is where a new clock stands: 1 December 2026 09:00 WIB if zero.
	Start time.Time
	// Timeline is the period's schedule; if zero, registration opened a
	// day before Start and closes 10 days after it, the administration
	// result is announced 15 days after it, with 3 appeal days.
	Timeline recruitment.Timeline
	// Kind is the period's kind (recruitment.KindCPNS if "").
	Kind string
	// Documents the formation asks for; nil: one required PDF "ijazah" of
	// at most 100 KB.
	Documents []recruitment.DocumentRule
	// Config is the recruitment service's; RegisterPerMinute 0 here means
	// no limit.
	Config recruitment.Config
	// Draft leaves the period unpublished.
	Draft bool
}

// Fixture is a recruitment ready for applicants.
type Fixture struct {
	TB        testing.TB
	DB        *sqldb.DB
	Clock     *testkit.Clock
	IDs       *identity.Service
	Rec       *recruitment.Service
	Period    *recruitment.Period
	Formation *recruitment.Formation
	nik       int
}

// New makes the services over db and a period with one formation: code
// UJI-001, "Pranata Komputer" at Diskominfo, quota 2, S-1 Teknik
// Informatika (S1-TI).
func New(tb testing.TB, db *sqldb.DB, o Options) *Fixture {
	tb.Helper()
	ctx := context.Background()
	if o.Start.IsZero() {
		o.Start = time.Date(2026, 12, 1, 9, 0, 0, 0, WIB)
	}
	if o.Clock == nil {
		o.Clock = testkit.NewClock(o.Start)
	}
	o.Start = o.Clock.Now()
	if o.Timeline == (recruitment.Timeline{}) {
		o.Timeline = recruitment.Timeline{AnnounceAt: o.Start.Add(-48 * time.Hour), RegOpenAt: o.Start.Add(-24 * time.Hour),
			RegCloseAt: o.Start.Add(10 * 24 * time.Hour), AdminAnnounceAt: o.Start.Add(15 * 24 * time.Hour), AppealDays: 3}
	}
	if o.Kind == "" {
		o.Kind = recruitment.KindCPNS
	}
	if o.Documents == nil {
		o.Documents = []recruitment.DocumentRule{{Kind: "ijazah", Formats: []string{"pdf"}, MaxBytes: 100 * recruitment.KB, Required: true}}
	}
	if o.Config.RegisterPerMinute == 0 {
		o.Config.RegisterPerMinute = -1
	}
	f := &Fixture{TB: tb, DB: db, Clock: o.Clock}
	audit.UseClock(db, f.Clock.Now) // the events carry the fixture's time too
	var err error
	if f.IDs, err = identity.New(db, identity.Config{Now: f.Clock.Now, HashSlots: 2}); err != nil {
		tb.Fatal(err)
	}
	f.Rec = recruitment.New(db, f.IDs, f.Clock.Now, o.Config)
	refs := []recruitment.EducationRef{{Code: "S1-TI", Name: "S-1 Teknik Informatika", Level: "S1"}}
	if err := f.Rec.UpsertEducationRefs(ctx, refs); err != nil {
		tb.Fatal(err)
	}
	p, err := f.Rec.CreatePeriod(ctx, recruitment.NewPeriod{Name: "Seleksi Uji 2026", Kind: o.Kind, ReferenceDate: "2026-12-31",
		Timeline: o.Timeline})
	if err != nil {
		tb.Fatalf("period: %v", err)
	}
	if f.Formation, err = f.Rec.AddFormation(ctx, p.ID, NewFormation("UJI-001", o.Documents)); err != nil {
		tb.Fatalf("formation: %v", err)
	}
	f.Period = p
	if !o.Draft {
		if f.Period, err = f.Rec.PublishPeriod(ctx, p.ID); err != nil {
			tb.Fatalf("publish: %v", err)
		}
	}
	return f
}

// NewFormation is the fixture's formation under another code.
func NewFormation(code string, docs []recruitment.DocumentRule) recruitment.NewFormation {
	nf := recruitment.NewFormation{Code: code, Position: "Pranata Komputer", Unit: "Diskominfo", Quota: 2, Documents: docs}
	nf.Education.Levels, nf.Education.Majors = []string{"S1"}, []string{"S1-TI"}
	return nf
}

// Applicant is a registered applicant and their application.
type Applicant struct {
	UserID int64
	NIK    string // also the username
	Name   string
	Email  string
	App    *recruitment.Application
}

// Apply registers an applicant (a man born 12 May 1998, a new NIK and
// e-mail each time) and creates their application for the formation: a
// draft without documents.
func (f *Fixture) Apply(name string) *Applicant {
	f.TB.Helper()
	ctx := context.Background()
	f.nik++
	a := &Applicant{NIK: fmt.Sprintf("627103120598%04d", f.nik), Name: name, Email: "u" + strconv.Itoa(f.nik) + "@example.id"}
	ap, err := f.Rec.RegisterApplicant(ctx, recruitment.NewApplicant{NIK: a.NIK, Name: name, BirthPlace: "Palangka Raya",
		BirthDate: "1998-05-12", Gender: "M", Email: a.Email, Phone: "081234567890", Password: "rahasia-123"}, "test", "id")
	if err != nil {
		f.TB.Fatalf("register %s: %v", name, err)
	}
	a.UserID = ap.UserID
	ipk := 3.4
	a.App, err = f.Rec.CreateApplication(ctx, a.UserID, recruitment.NewApplication{FormationID: strconv.FormatInt(f.Formation.ID, 10),
		Education: recruitment.Education{Level: "S1", Major: "S1-TI", IPK: &ipk}}, "id")
	if err != nil {
		f.TB.Fatalf("apply %s: %v", name, err)
	}
	return a
}

// Submit applies, uploads every document the formation asks for (a PDF
// showing the applicant's name, or a 300 × 400 JPEG where PDF is not
// accepted) and submits.
func (f *Fixture) Submit(name string) *Applicant {
	f.TB.Helper()
	ctx := context.Background()
	a := f.Apply(name)
	for _, d := range f.Formation.Documents {
		body, file := testkit.PDF(name), d.Kind+".pdf"
		if !slices.Contains(d.Formats, "pdf") {
			body, file = testkit.JPEG(f.TB, 300, 400), d.Kind+".jpg"
		}
		if _, err := f.Rec.PutDocument(ctx, a.UserID, a.App.ID, d.Kind, bytes.NewReader(body), file); err != nil {
			f.TB.Fatalf("upload %s of %s: %v", d.Kind, name, err)
		}
	}
	var err error
	if a.App, err = f.Rec.SubmitApplication(ctx, a.UserID, a.App.ID, "id"); err != nil {
		f.TB.Fatalf("submit %s: %v", name, err)
	}
	return a
}

// Principal is a as the identity the handlers and services act for.
func (a *Applicant) Principal() *identity.Principal {
	return &identity.Principal{UserID: a.UserID, Username: a.NIK, Name: a.Name, Roles: []identity.Role{identity.Applicant}}
}
