package app

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"asnpro/internal/audit"
	"asnpro/internal/identity"
	"asnpro/internal/recruitment"
	"asnpro/internal/sample"
	"asnpro/internal/sqldb"
	"asnpro/internal/verification"
)

// demoApplicant is one applicant of the demo story and what becomes of
// their application.
type demoApplicant struct {
	username  string // "": the NIK, as for any applicant
	nik, name string
	birth     string // YYYY-MM-DD, agreeing with the NIK
	gender    string
	formation string // code
	major     string
	decision  string                // "": left undecided
	reasons   []verification.Reason // of a TMS
	appeal    string                // filed after the announcement
}

// demoOpenApplicant is pelamar, with a submitted application in the open period.
var demoOpenApplicant = demoApplicant{username: "pelamar", nik: "6271036108990001", name: "Yohana Pelamar", birth: "1999-08-21",
	gender: "F", formation: "PKY-2026-007", major: "S1-TI"}

// demoPastApplicants applied in the closed period; their results are announced.
var demoPastApplicants = []demoApplicant{
	{nik: "6271030403960002", name: "Agus Santoso", birth: "1996-03-04", gender: "M", formation: "PKY-2025-003", major: "S1-TI",
		decision: verification.MS},
	{nik: "6271034302970003", name: "Maria Ulfa", birth: "1997-02-03", gender: "F", formation: "PKY-2025-001", major: "S1-KEP",
		decision: verification.MS},
	{nik: "6271035511950004", name: "Dewi Lestari", birth: "1995-11-15", gender: "F", formation: "PKY-2025-002", major: "S1-PGSD",
		decision: verification.MS},
	{nik: "6271030907980005", name: "Yanto Pratama", birth: "1998-07-09", gender: "M", formation: "PKY-2025-001", major: "S1-KEP",
		decision: verification.TMS, reasons: []verification.Reason{{Requirement: "ijazah", Note: "Ijazah yang diunggah tidak terbaca."}}},
	{nik: "6271036001990006", name: "Rini Anggraini", birth: "1999-01-20", gender: "F", formation: "PKY-2025-002", major: "S1-PGSD",
		decision: verification.TMS, reasons: []verification.Reason{{Requirement: "transkrip", Note: "Transkrip nilai belum dilegalisasi."}},
		appeal: "Transkrip yang dilegalisasi sudah saya unggah ulang; mohon diperiksa kembali."},
}

// seedDemoStory tells the demo's story through the services, each step in
// its own transaction: pelamar submits in the open period; in the closed
// one five applicants submitted (on a clock standing in its registration),
// verifikator decided, panitia confirmed the TMS decisions and announced
// the administration results, and one applicant appealed; panitia has
// started next year's period, a draft.
func seedDemoStory(ctx context.Context, d *demoEnv) error {
	periods, err := d.rec.FindPeriods(ctx, true)
	if err != nil {
		return err
	}
	slices.SortFunc(periods, func(a, b *recruitment.Period) int { return a.RegOpenAt.Compare(b.RegOpenAt) })
	if len(periods) < 2 {
		return fmt.Errorf("demo story: %d periods, want the closed and the open one", len(periods))
	}
	past, open := periods[0], periods[len(periods)-1]
	openRec := d.rec
	if !d.ids.AutoConfirm() {
		// With --email-confirmation link the demo's applicants have not
		// confirmed their e-mails; in the story they submit all the same.
		openRec = d.storyRecruitment(func() time.Time { return d.now })
	}
	if _, err := d.submitDemo(ctx, openRec, open, demoOpenApplicant); err != nil {
		return err
	}
	// Registration in the closed period was open mid-way through its window.
	then := past.RegOpenAt.Add(past.RegCloseAt.Sub(past.RegOpenAt) / 2)
	pastRec := d.storyRecruitment(func() time.Time { return then })
	apps := make([]int64, len(demoPastApplicants))
	users := make([]*identity.Principal, len(demoPastApplicants))
	for i, a := range demoPastApplicants {
		app, err := d.submitDemo(ctx, pastRec, past, a)
		if err != nil {
			return err
		}
		apps[i] = app.ID
		users[i] = &identity.Principal{UserID: app.ApplicantUserID, Roles: []identity.Role{identity.Applicant}}
	}
	verifier, err := d.staff(ctx, "verifikator", identity.Verifier)
	if err != nil {
		return err
	}
	committee, err := d.staff(ctx, "panitia", identity.Committee)
	if err != nil {
		return err
	}
	for i, a := range demoPastApplicants {
		if _, err := d.ver.Decide(acting(ctx, verifier), verifier, apps[i], verification.NewDecision{Decision: a.decision,
			Reasons: a.reasons}); err != nil {
			return fmt.Errorf("demo decision for %s: %w", a.name, err)
		}
		if a.decision == verification.TMS {
			if err := d.ver.Confirm(acting(ctx, committee), committee, apps[i]); err != nil {
				return fmt.Errorf("demo confirmation for %s: %w", a.name, err)
			}
		}
	}
	if _, err := d.ver.PublishResults(acting(ctx, committee), committee, past.ID, verification.StageAdministration); err != nil {
		return fmt.Errorf("demo announcement: %w", err)
	}
	for i, a := range demoPastApplicants {
		if a.appeal == "" {
			continue
		}
		if _, err := d.ver.FileAppeal(acting(ctx, users[i]), users[i], apps[i], a.appeal); err != nil {
			return fmt.Errorf("demo appeal of %s: %w", a.name, err)
		}
	}
	return d.draftPeriod(ctx, open, committee)
}

// draftPeriod is next year's PPPK period, a draft without formations
// that the committee is setting up (and has signed the pact of).
func (d *demoEnv) draftPeriod(ctx context.Context, open *recruitment.Period, committee *identity.Principal) error {
	l := open.Location()
	year := open.RegOpenAt.In(l).Year() + 1
	day := func(n int, h int) time.Time {
		t := d.now.In(l)
		return time.Date(t.Year(), t.Month(), t.Day()+n, h, 0, 0, 0, l).UTC()
	}
	p, err := d.rec.CreatePeriod(ctx, recruitment.NewPeriod{
		Name:          fmt.Sprintf("Seleksi PPPK Pemerintah Kota Palangka Raya Tahun Anggaran %d", year),
		Kind:          recruitment.KindPPPK,
		ReferenceDate: day(120, 0).In(l).Format(time.DateOnly),
		Timeline: recruitment.Timeline{AnnounceAt: day(90, 8), RegOpenAt: day(100, 8), RegCloseAt: day(120, 23),
			AdminAnnounceAt: day(130, 10), AppealDays: 3},
	})
	if err != nil {
		return fmt.Errorf("demo draft period: %w", err)
	}
	if _, err := d.ver.SignPact(acting(ctx, committee), committee, p.ID, true); err != nil {
		return fmt.Errorf("demo pact of the draft period: %w", err)
	}
	return nil
}

// storyRecruitment is recruitment on clock for the story's applicants,
// with the server's documents and verification's hooks, without the
// e-mail confirmation and the notices.
func (d *demoEnv) storyRecruitment(clock func() time.Time) *recruitment.Service {
	return recruitment.New(d.db, d.ids, clock, recruitment.Config{RegisterPerMinute: -1, Blobs: d.rec.Blobs(), TempDir: d.rec.TempDir(),
		Stages: verification.NewHooks(d.db, clock)})
}

// staff is the demo account username as a principal acting in role.
func (d *demoEnv) staff(ctx context.Context, username string, role identity.Role) (*identity.Principal, error) {
	u, err := d.ids.FindUserByUsername(ctx, username)
	if err != nil {
		return nil, fmt.Errorf("demo account %s: %w", username, err)
	}
	return &identity.Principal{UserID: u.ID, Username: u.Username, Name: u.Name, Roles: []identity.Role{role}}, nil
}

// acting is ctx with p as the actor of the audit events, in its first role.
func acting(ctx context.Context, p *identity.Principal) context.Context {
	return audit.WithActor(ctx, audit.Actor{ID: p.IDString(), Role: string(p.Roles[0])})
}

// submitDemo registers a, applies to a's formation in period per, uploads
// every document it asks for and submits, through rec.
func (d *demoEnv) submitDemo(
	ctx context.Context,
	rec *recruitment.Service,
	per *recruitment.Period,
	a demoApplicant,
) (*recruitment.Application, error) {
	var ap *recruitment.Applicant
	username := a.username
	if username == "" {
		username = a.nik
	}
	err := d.db.Write(ctx, func(tx *sqldb.Tx) error {
		var err error
		ap, err = rec.SeedDemoApplicant(ctx, tx, username, d.passwordHash, recruitment.NewApplicant{NIK: a.nik, Name: a.name,
			BirthPlace: "Palangka Raya", BirthDate: a.birth, Gender: a.gender, Email: username + "@demo.asnpro.id", Phone: "081234567890",
			Password: DemoPassword})
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("demo applicant %s: %w", a.name, err)
	}
	fs, _, err := rec.FindFormations(ctx, per.ID, recruitment.FormationFilter{Q: a.formation, Limit: 100}, true)
	if err != nil {
		return nil, err
	}
	i := slices.IndexFunc(fs, func(f *recruitment.Formation) bool { return f.Code == a.formation })
	if i < 0 {
		return nil, fmt.Errorf("demo formation %s not found", a.formation)
	}
	f := fs[i]
	ipk := 3.42
	app, err := rec.CreateApplication(ctx, ap.UserID, recruitment.NewApplication{FormationID: strconv.FormatInt(f.ID, 10),
		Education: recruitment.Education{Level: f.Levels[0], Major: a.major, IPK: &ipk}}, "id")
	if err != nil {
		return nil, fmt.Errorf("demo application of %s: %w", a.name, err)
	}
	for _, doc := range f.Documents {
		// Named as people name their files (surat-lamaran.pdf).
		name := strings.ReplaceAll(doc.Kind, "_", "-")
		body, file := sample.PDF(doc.Kind+" "+a.name, 0), name+".pdf"
		if !slices.Contains(doc.Formats, "pdf") {
			body, file = sample.JPEG(120, 160), name+".jpg"
		}
		if _, err := rec.PutDocument(ctx, ap.UserID, app.ID, doc.Kind, bytes.NewReader(body), file); err != nil {
			return nil, fmt.Errorf("demo document %s of %s: %w", doc.Kind, a.name, err)
		}
	}
	if app, err = rec.SubmitApplication(ctx, ap.UserID, app.ID, "id"); err != nil {
		return nil, fmt.Errorf("demo submission of %s: %w", a.name, err)
	}
	return app, nil
}
