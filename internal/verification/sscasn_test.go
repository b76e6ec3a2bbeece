package verification_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"asnpro/internal/apperr"
	"asnpro/internal/audit"
	"asnpro/internal/identity"
	"asnpro/internal/recruitment"
	"asnpro/internal/sqldb"
	"asnpro/internal/sqldb/sqldbtest"
	"asnpro/internal/testkit"
	"asnpro/internal/verification"
)

var sscasnHeader = []string{"no_peserta", "nik", "nama", "tempat_lahir", "tanggal_lahir", "jenis_kelamin", "email", "no_hp",
	"kode_formasi", "pendidikan", "kode_pendidikan", "ipk", "status_verifikasi", "alasan_tms"}

// sscasnRow is a good export row: a man (or, female, a woman) born
// 1998-05-12, serial n, in the fixture's formation.
func sscasnRow(n int, female bool, decision, reasons string) []string {
	day, g := "12", "L"
	if female {
		day, g = "52", "P"
	}
	nik := fmt.Sprintf("627103%s0598%04d", day, n)
	if n >= 10000 { // the serial has four digits: other districts
		nik = fmt.Sprintf("6271%02d%s0598%04d", 10+n/9999, day, 1+n%9999)
	}
	return []string{fmt.Sprintf("2430011%07d", n), nik, fmt.Sprintf("Peserta Nasional %d", n), "Palangka Raya",
		"1998-05-12", g, fmt.Sprintf("peserta%d@example.id", n), "081234567890", "UJI-001", "S1", "S1-TI", "3.20", decision, reasons}
}

// exportFile is an export with the given header and rows, as read from CSV.
func exportFile(t testing.TB, header []string, rows [][]string) *recruitment.ApplicantFile {
	t.Helper()
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	_ = w.Write(header)
	_ = w.WriteAll(rows)
	f, err := recruitment.ReadApplicantFile(&b, "ekspor.csv")
	if err != nil {
		t.Fatalf("read export: %v", err)
	}
	return f
}

func count(t testing.TB, db *sqldb.DB, q string, args ...any) int {
	t.Helper()
	var n int
	if err := db.R.QueryRow(q, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

// snapshot counts what an import may write.
func snapshot(t testing.TB, db *sqldb.DB) string {
	return fmt.Sprintf("users=%d applicants=%d applications=%d verifications=%d events=%d submitted=%d sources=%d",
		count(t, db, `SELECT count(*) FROM users`), count(t, db, `SELECT count(*) FROM applicants`), count(t, db,
			`SELECT count(*) FROM applications`),
		count(t, db, `SELECT count(*) FROM verifications`), count(t, db, `SELECT count(*) FROM audit_events`),
		count(t, db, `SELECT coalesce(sum(submitted_total), 0) FROM periods`), count(t, db,
			`SELECT count(*) FROM periods WHERE source = 'sscasn'`))
}

// TestSSCASNImport: a good export imports into one transaction (new and
// reused applicants, submitted applications counted, decisions from
// SSCASN, audit events); importing it again reports every row as a
// duplicate and stores nothing; the period is national from then on, so
// local applications are refused (409); the later stages work: publish,
// the TMS applicant reads the reason and appeals, the committee upholds.
func TestSSCASNImport(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		s := newSSCASNImport(t, db)
		t.Run("refused before the pact, then imported", s.importOnce)
		t.Run("what the import stored", s.stored)
		t.Run("the new account", s.newAccount)
		t.Run("the same file again changes nothing", s.again)
		t.Run("a national period takes no local applications", s.noLocal)
		t.Run("later stages: publish, read the reason, appeal, uphold", s.laterStages)
	})
}

// sscasnImport is a period and an export of three applicants: one MS, one
// TMS, and one MS who registered locally earlier (the account is reused).
type sscasnImport struct {
	f      *fixture
	db     *sqldb.DB
	cctx   context.Context
	ketua  *identity.Principal
	old    *recruitment.Applicant
	file   *recruitment.ApplicantFile
	newAcc *identity.User // the TMS applicant's new account
}

func newSSCASNImport(t *testing.T, db *sqldb.DB) *sscasnImport {
	f := newFixture(t, db)
	s := &sscasnImport{f: f, db: db}
	// Someone who registered locally earlier (another period, say) and
	// now comes from SSCASN: the account is reused.
	var err error
	s.old, err = f.rec.RegisterApplicant(context.Background(), recruitment.NewApplicant{NIK: "6271031205980777", Name: "Lama Terdaftar",
		BirthPlace: "Sampit", BirthDate: "1998-05-12", Gender: "M", Email: "lama@example.id", Phone: "081200000000",
		Password: "rahasia-123"}, "test", "id")
	if err != nil {
		t.Fatal(err)
	}
	reused := sscasnRow(777, false, "MS", "")
	reused[3] = "Sampit"
	s.file = exportFile(t, sscasnHeader, [][]string{
		sscasnRow(1, false, "MS", ""),
		sscasnRow(2, true, "tms", "ijazah: Ijazah tidak dilegalisir | ipk: IPK di bawah 3,00"),
		reused,
	})
	s.cctx, s.ketua = f.as("ketua", "committee")
	return s
}

func (s *sscasnImport) importOnce(t *testing.T) {
	f := s.f
	_, err := f.svc.ImportApplicants(s.cctx, s.ketua, f.period.ID, s.file)
	wantCode(t, "import before the pact", err, apperr.Forbidden)
	f.sign("ketua", "committee")
	sum, err := f.svc.ImportApplicants(s.cctx, s.ketua, f.period.ID, s.file)
	if err != nil {
		t.Fatalf("import: %v", err)
	}
	if *sum != (recruitment.ImportSummary{Imported: 3, MS: 2, TMS: 1, NewAccounts: 2}) {
		t.Fatalf("summary %+v", *sum)
	}
	if src, _ := f.rec.PeriodSource(context.Background(), f.period.ID); src != "sscasn" {
		t.Fatalf("period source %q", src)
	}
}

// stored: submitted applications counted, decisions from SSCASN, the
// reused applicant, audit events.
func (s *sscasnImport) stored(t *testing.T) {
	f, db := s.f, s.db
	for _, c := range []struct {
		what  string
		query string
		args  []any
		want  int
	}{
		{"formation counts submitted", `SELECT submitted FROM formations WHERE id = $1`, []any{f.form.ID}, 3},
		{"period counts submitted", `SELECT submitted_total FROM periods WHERE id = $1`, []any{f.period.ID}, 3},
		{"applications submitted with an imported decision", `SELECT count(*) FROM applications a JOIN verifications v ON v.application_id = a.id
WHERE a.status = 'submitted' AND a.submitted_at IS NOT NULL AND v.source = 'sscasn' AND v.decided_by IS NULL
  AND v.decided_at = a.submitted_at
  AND a.period_id = $1`, []any{f.period.ID}, 3},
		{"the reused applicant (not duplicated)", `SELECT count(*) FROM applicants WHERE nik = '6271031205980777'`, nil, 1},
		{"the existing applicant's imported application", `SELECT count(*) FROM applications a JOIN applicants p ON p.id = a.applicant_id
WHERE p.id = $1 AND a.registration_number = '24300110000777'`, []any{s.old.ID}, 1},
		{"application.import events", `SELECT count(*) FROM audit_events WHERE action = 'application.import'`, nil, 3},
	} {
		if n := count(t, db, c.query, c.args...); n != c.want {
			t.Errorf("%s: %d, want %d", c.what, n, c.want)
		}
	}
	if n := testkit.CountAudit(t, db, "applicants.import", testkit.Object(strconv.FormatInt(f.period.ID, 10))); n != 1 {
		t.Fatalf("%d applicants.import events", n)
	}
	var data string
	db.R.QueryRow(`SELECT data FROM audit_events WHERE action = 'applicants.import'`).Scan(&data)
	if !strings.Contains(data, s.file.SHA256) || !strings.Contains(data, `"tms":1`) {
		t.Fatalf("applicants.import data %s", data)
	}
}

// newAccount: the new account has no usable password and the export's e-mail.
func (s *sscasnImport) newAccount(t *testing.T) {
	ctx := context.Background()
	u, err := s.f.ids.FindUserByUsername(ctx, "6271035205980002")
	if err != nil || u.Email != "peserta2@example.id" || !u.HasRole(identity.Applicant) {
		t.Fatalf("new account %+v %v", u, err)
	}
	s.newAcc = u
	if _, err := s.f.ids.Login(ctx, "6271035205980002", "", "test", "token"); apperr.CodeOf(err) != apperr.Unauthenticated {
		t.Fatalf("an imported account signs in without a password: %v", err)
	}
}

// again: every row is a duplicate, nothing changes.
func (s *sscasnImport) again(t *testing.T) {
	before := snapshot(t, s.db)
	_, err := s.f.svc.ImportApplicants(s.cctx, s.ketua, s.f.period.ID, s.file)
	wantCode(t, "second import", err, apperr.Invalid)
	fields := apperr.As(err).LocalizedFields("id")
	for _, line := range []int{2, 3, 4} {
		if !strings.Contains(fields[fmt.Sprintf("%d.nik", line)], "sudah terdaftar pada periode ini") ||
			fields[fmt.Sprintf("%d.no_peserta", line)] == "" {
			t.Fatalf("line %d not reported as a duplicate: %v", line, fields)
		}
	}
	if after := snapshot(t, s.db); after != before {
		t.Fatalf("a refused import changed the database:\n%s\n%s", before, after)
	}
}

func (s *sscasnImport) noLocal(t *testing.T) {
	ctx, f := context.Background(), s.f
	local, err := f.rec.RegisterApplicant(
		ctx,
		recruitment.NewApplicant{NIK: "6271031205980888", Name: "Pelamar Lokal", BirthPlace: "Sampit",
			BirthDate: "1998-05-12", Gender: "M", Email: "lokal@example.id", Phone: "081200000000", Password: "rahasia-123"},
		"test",
		"id",
	)
	if err != nil {
		t.Fatal(err)
	}
	ipk := 3.5
	_, err = f.rec.CreateApplication(ctx, local.UserID, recruitment.NewApplication{FormationID: strconv.FormatInt(f.form.ID, 10),
		Education: recruitment.Education{Level: "S1", Major: "S1-TI", IPK: &ipk}}, "id")
	if apperr.CodeOf(err) != apperr.Conflict || err != recruitment.ErrNationalPeriod {
		t.Fatalf("local application in a national period: %v", err)
	}
}

func (s *sscasnImport) laterStages(t *testing.T) {
	ctx, f, cctx, ketua := context.Background(), s.f, s.cctx, s.ketua
	if s.newAcc == nil {
		t.Fatal("no new account")
	}
	var tmsApp int64
	s.db.R.QueryRow(`SELECT id FROM applications WHERE registration_number = '24300110000002'`).Scan(&tmsApp)
	siti := &identity.Principal{UserID: s.newAcc.ID, Username: s.newAcc.Username, Roles: s.newAcc.Roles}
	sctx := audit.WithActor(ctx, audit.Actor{ID: siti.IDString(), Role: "applicant"})
	_, err := f.svc.FileAppeal(sctx, siti, tmsApp, "Ijazah saya sudah dilegalisir, mohon diperiksa.")
	wantCode(t, "appeal before the announcement", err, apperr.FailedPrecondition)
	f.closeRegistration()
	pub, err := f.svc.PublishResults(cctx, ketua, f.period.ID, verification.StageAdministration)
	if err != nil || pub.Rows != 3 {
		t.Fatalf("publish: %+v %v", pub, err)
	}
	o, err := f.svc.FindOutcome(sctx, siti, tmsApp)
	if err != nil || o.Result != "TMS" || len(o.Reasons) != 2 || o.Reasons[0].Requirement != "ijazah" ||
		o.Reasons[0].Note != "Ijazah tidak dilegalisir" ||
		!o.CanAppeal {
		t.Fatalf("outcome %+v %v", o, err)
	}
	ap, err := f.svc.FileAppeal(sctx, siti, tmsApp, "Ijazah saya sudah dilegalisir, mohon diperiksa.")
	if err != nil {
		t.Fatalf("appeal: %v", err)
	}
	_, err = f.svc.FileAppeal(sctx, siti, tmsApp, "Sekali lagi, mohon diperiksa.")
	wantCode(t, "second appeal", err, apperr.Conflict)
	up := true
	if _, err := f.svc.DecideAppeal(cctx, ketua, ap.ID,
		verification.AppealDecision{Upheld: &up, Response: "Legalisir ada pada halaman belakang."}); err != nil {
		t.Fatalf("decide the appeal: %v", err)
	}
	if _, err := f.svc.PublishResults(cctx, ketua, f.period.ID, verification.StageAppeal); err != nil {
		t.Fatalf("post-appeal announcement: %v", err)
	}
	a, _ := f.svc.FindAnnouncement(ctx, f.period.ID, verification.StageAppeal, 0)
	items, _, _ := f.svc.Items(ctx, a, verification.ItemFilter{Q: "24300110000002"})
	if len(items) != 1 || items[0].Result != "MS" {
		t.Fatalf("post-appeal list %+v", items)
	}
	// After the announcement, no further import.
	_, err = f.svc.ImportApplicants(cctx, ketua, f.period.ID, exportFile(t, sscasnHeader, [][]string{sscasnRow(3, false, "MS", "")}))
	wantCode(t, "import after the announcement", err, apperr.Conflict)
}

// TestSSCASNImportBadRows: every kind of bad row is reported with its line
// and column, and nothing is stored.
func TestSSCASNImportBadRows(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixture(t, db)
		f.sign("ketua", "committee")
		cctx, ketua := f.as("ketua", "committee")
		type bad struct {
			col  string
			edit func(r []string) []string
			want string
		}
		set := func(i int, v string) func(r []string) []string {
			return func(r []string) []string { r[i] = v; return r }
		}
		cases := []bad{
			{"nik", set(4, "1998-05-13"), "NIK"},                               // birth date disagrees with the NIK
			{"nik", set(5, "P"), "NIK"},                                        // gender disagrees
			{"nik", set(1, "62710312059"), "16"},                               // malformed
			{"tanggal_lahir", set(4, "12 Mei 1998"), "YYYY-MM-DD"},             // unreadable date
			{"jenis_kelamin", set(5, "X"), "L/P"},                              // unknown gender
			{"kode_formasi", set(8, "LAIN-999"), "tidak ada pada periode ini"}, // formation of another period
			{"kode_pendidikan", set(10, "S1-XX"), "daftar referensi"},          // unknown major
			{"pendidikan", set(9, "S9"), "tidak dikenal"},                      // unknown level
			{"status_verifikasi", set(12, "LULUS"), "MS atau TMS"},             // not MS/TMS
			{"alasan_tms", set(12, "TMS"), "minimal satu"},                     // TMS without a reason
			{"alasan_tms", func(r []string) []string { r[12], r[13] = "TMS", "skck: tidak ada"; return r }, "bukan syarat formasi ini"},
			{"alasan_tms", func(r []string) []string { r[12], r[13] = "TMS", "ipk"; return r }, "syarat: catatan"},
			{"alasan_tms", set(13, "ipk: rendah"), "MS tidak boleh"}, // MS with a reason
			{"ipk", set(11, "5,10"), "IPK"},
			{"email", set(6, "bukan-email"), "e-mail"},
			{"no_hp", set(7, "12345"), "HP"},
			{"nama", set(2, ""), "nama wajib"},
			{"no_peserta", set(0, ""), "nomor peserta"},
		}
		var rows [][]string
		for i, c := range cases {
			rows = append(rows, c.edit(sscasnRow(100+i, false, "MS", "")))
		}
		// Duplicates within the file: the NIK, then the registration number, of the first good row.
		good := sscasnRow(1, false, "MS", "")
		rows = append(rows, good)
		dupNIK := sscasnRow(2, false, "MS", "")
		dupNIK[1] = good[1]
		dupReg := sscasnRow(3, false, "MS", "")
		dupReg[0] = good[0]
		rows = append(rows, dupNIK, dupReg)
		before := snapshot(t, db)
		_, err := f.svc.ImportApplicants(cctx, ketua, f.period.ID, exportFile(t, sscasnHeader, rows))
		wantCode(t, "bad rows", err, apperr.Invalid)
		fields := apperr.As(err).LocalizedFields("id")
		for i, c := range cases {
			key := fmt.Sprintf("%d.%s", i+2, c.col)
			if !strings.Contains(fields[key], c.want) {
				t.Errorf("case %d: %s = %q, want it to mention %q (all: %v)", i, key, fields[key], c.want, fields)
			}
		}
		n := len(cases) + 2
		if !strings.Contains(fields[fmt.Sprintf("%d.nik", n+1)], "ganda (juga di baris "+strconv.Itoa(n)+")") ||
			!strings.Contains(fields[fmt.Sprintf("%d.no_peserta", n+2)], "ganda (juga di baris "+strconv.Itoa(n)+")") {
			t.Errorf("duplicates within the file not reported: %v", fields)
		}
		if _, ok := fields[fmt.Sprintf("%d.nik", n)]; ok {
			t.Errorf("the good row is reported: %v", fields)
		}
		msg := apperr.As(err).Localized("id")
		if !strings.Contains(msg, "baris 2, kolom nik:") || !strings.Contains(apperr.As(err).Localized("en"), "line 2, column nik:") ||
			!strings.Contains(msg, "tidak ada yang disimpan") {
			t.Errorf("message %q", msg)
		}
		if after := snapshot(t, db); after != before {
			t.Fatalf("a refused import changed the database:\n%s\n%s", before, after)
		}

		// The header: case-insensitive, any order; a missing column is named.
		hdr := append([]string{}, sscasnHeader...)
		hdr[0], hdr[1] = "NIK", "No_Peserta"
		r := sscasnRow(1, false, "MS", "")
		r[0], r[1] = r[1], r[0]
		if _, err := f.svc.ImportApplicants(cctx, ketua, f.period.ID, exportFile(t, hdr, [][]string{r})); err != nil {
			t.Fatalf("header in another order and case: %v", err)
		}
		_, err = f.svc.ImportApplicants(cctx, ketua, f.period.ID,
			exportFile(t, sscasnHeader[:13], [][]string{sscasnRow(5, false, "MS", "")[:13]}))
		if apperr.CodeOf(err) != apperr.Invalid || !strings.Contains(apperr.As(err).Localized("id"), "alasan_tms") {
			t.Fatalf("missing column: %v", err)
		}
	})
}

// TestSSCASNImportLocalPeriod: a period with local applications refuses an
// import (409) and stays local.
func TestSSCASNImportLocalPeriod(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixture(t, db)
		f.sign("veri1", "verifier")
		f.sign("ketua", "committee")
		f.submit("Pelamar Lokal")
		cctx, ketua := f.as("ketua", "committee")
		before := snapshot(t, db)
		_, err := f.svc.ImportApplicants(cctx, ketua, f.period.ID, exportFile(t, sscasnHeader, [][]string{sscasnRow(1, false, "MS", "")}))
		wantCode(t, "import into a local period", err, apperr.Conflict)
		if !strings.Contains(apperr.As(err).Localized("id"), "pendaftaran lokal") {
			t.Fatalf("message %q", apperr.As(err).Localized("id"))
		}
		if after := snapshot(t, db); after != before {
			t.Fatalf("changed:\n%s\n%s", before, after)
		}
	})
}

// BenchmarkSSCASNImport50k imports an export of 50,000 applicants (every
// one a new account, a tenth TMS) into a fresh period, per engine; s/import
// is the wall time of one import (validation, lookups, every insert and
// audit event, one transaction).
func BenchmarkSSCASNImport50k(b *testing.B) {
	for _, e := range sqldbtest.Engines() {
		b.Run(string(e), func(b *testing.B) {
			rows := make([][]string, 50_000)
			for i := range rows {
				if i%10 == 0 {
					rows[i] = sscasnRow(i+1, i%20 == 0, "TMS", "ipk: IPK di bawah syarat | ijazah: tidak dilegalisir")
				} else {
					rows[i] = sscasnRow(i+1, i%2 == 1, "MS", "")
				}
			}
			file := exportFile(b, sscasnHeader, rows)
			for b.Loop() {
				b.StopTimer()
				svc, periodID, ctx, ketua := benchPeriod(b, sqldbtest.Open(b, e))
				b.StartTimer()
				start := time.Now()
				sum, err := svc.ImportApplicants(ctx, ketua, periodID, file)
				if err != nil || sum.Imported != 50_000 {
					b.Fatalf("import: %+v %v", sum, err)
				}
				b.ReportMetric(time.Since(start).Seconds(), "s/import")
			}
		})
	}
}

// benchPeriod is a published period with the formation UJI-001 and a
// committee member who signed its pact.
func benchPeriod(b *testing.B, db *sqldb.DB) (*verification.Service, int64, context.Context, *identity.Principal) {
	b.Helper()
	ctx := context.Background()
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	ids, err := identity.New(db, identity.Config{Now: clock, HashSlots: 2})
	if err != nil {
		b.Fatal(err)
	}
	hooks := verification.NewHooks(db, clock)
	rec := recruitment.New(db, ids, clock, recruitment.Config{Stages: hooks})
	svc := newService(db, rec, ids, nil, clock, hooks)
	if err := rec.UpsertEducationRefs(ctx,
		[]recruitment.EducationRef{{Code: "S1-TI", Name: "S-1 Teknik Informatika", Level: "S1"}}); err != nil {
		b.Fatal(err)
	}
	p, err := rec.CreatePeriod(
		ctx,
		recruitment.NewPeriod{Name: "Seleksi Nasional", Kind: recruitment.KindCPNS, ReferenceDate: "2026-12-31",
			Timeline: recruitment.Timeline{AnnounceAt: now.Add(-72 * time.Hour), RegOpenAt: now.Add(-48 * time.Hour),
				RegCloseAt: now.Add(-24 * time.Hour), AdminAnnounceAt: now.Add(24 * time.Hour), AppealDays: 3}},
	)
	if err != nil {
		b.Fatal(err)
	}
	nf := recruitment.NewFormation{Code: "UJI-001", Position: "Pranata Komputer Ahli Pertama",
		Unit: "Dinas Komunikasi dan Informatika", Quota: 100}
	nf.Education.Levels, nf.Education.Majors = []string{"S1"}, []string{"S1-TI"}
	if _, err := rec.AddFormation(ctx, p.ID, nf); err != nil {
		b.Fatal(err)
	}
	if _, err := rec.PublishPeriod(ctx, p.ID); err != nil {
		b.Fatal(err)
	}
	us, err := ids.AddUser(ctx,
		identity.NewUser{Username: "ketua", Name: "Ketua", Roles: []identity.Role{identity.Committee}, Password: "rahasia-123"})
	if err != nil {
		b.Fatal(err)
	}
	ketua := &identity.Principal{UserID: us.ID, Username: us.Username, Name: us.Name, Roles: us.Roles}
	cctx := audit.WithActor(ctx, audit.Actor{ID: us.IDString(), Role: "committee"})
	if _, err := svc.SignPact(cctx, ketua, p.ID, true); err != nil {
		b.Fatal(err)
	}
	return svc, p.ID, cctx, ketua
}
