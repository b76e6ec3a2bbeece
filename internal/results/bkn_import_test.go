package results_test

import (
	"bytes"
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"asnpro/internal/apperr"
	"asnpro/internal/recruitment"
	"asnpro/internal/recruitment/recruitmenttest"
	"asnpro/internal/report"
	"asnpro/internal/results"
	"asnpro/internal/sqldb"
	"asnpro/internal/sqldb/sqldbtest"
	"asnpro/internal/testkit"
)

// scoresEnv is a 2025 period in which Ani applied with S1 and Budi with
// D3, and a 2026 period in which Ani, Budi, Citra and Dodi applied with
// S1; the 2026 announcement lists Ani, Budi and Citra as MS (Dodi TMS).
type scoresEnv struct {
	db               *sqldb.DB
	f                *recruitmenttest.Fixture
	svc              *results.Service
	period           int64 // 2026
	ani, budi, citra app
	dodi             app
}

type app struct {
	id       int64
	reg, nik string
}

func newScoresEnv(t *testing.T, db *sqldb.DB) *scoresEnv {
	t.Helper()
	ctx := context.Background()
	docs := []recruitment.DocumentRule{{Kind: "ijazah", Formats: []string{"pdf"}, MaxBytes: 100 * recruitment.KB, Required: true}}
	f := recruitmenttest.New(t, db, recruitmenttest.Options{Start: time.Date(2025, 3, 1, 9, 0, 0, 0, recruitmenttest.WIB),
		Documents: docs, Draft: true})
	if err := f.Rec.UpsertEducationRefs(ctx, []recruitment.EducationRef{{Code: "D3-TI", Name: "D-3 Teknik Informatika",
		Level: "D3"}}); err != nil {
		t.Fatal(err)
	}
	d3 := recruitmenttest.NewFormation("UJI-D3", docs)
	d3.Education.Levels, d3.Education.Majors = []string{"D3"}, []string{"D3-TI"}
	if _, err := f.Rec.AddFormation(ctx, f.Period.ID, d3); err != nil {
		t.Fatal(err)
	}
	if _, err := f.Rec.PublishPeriod(ctx, f.Period.ID); err != nil {
		t.Fatal(err)
	}
	forms, _, _ := f.Rec.FindFormations(ctx, f.Period.ID, recruitment.FormationFilter{}, true)
	e := &scoresEnv{db: db, f: f}
	users := map[string]int64{}
	register := func(name, nik string) int64 {
		a, err := f.Rec.RegisterApplicant(ctx, recruitment.NewApplicant{NIK: nik, Name: name, BirthPlace: "Palangka Raya",
			BirthDate: "1998-05-12", Gender: "M", Email: strings.ToLower(name) + "@example.id", Phone: "081234567890",
			Password: "rahasia-123"}, "test", "id")
		if err != nil {
			t.Fatalf("register %s: %v", name, err)
		}
		users[name] = a.UserID
		return a.UserID
	}
	submit := func(user int64, formation *recruitment.Formation, level, major string) app {
		ipk := 3.4
		a, err := f.Rec.CreateApplication(ctx, user, recruitment.NewApplication{FormationID: strconv.FormatInt(formation.ID, 10),
			Education: recruitment.Education{Level: level, Major: major, IPK: &ipk}}, "id")
		if err != nil {
			t.Fatalf("apply: %v", err)
		}
		if _, err := f.Rec.PutDocument(ctx, user, a.ID, "ijazah", bytes.NewReader(testkit.PDF("ijazah")), "ijazah.pdf"); err != nil {
			t.Fatalf("upload: %v", err)
		}
		if a, err = f.Rec.SubmitApplication(ctx, user, a.ID, "id"); err != nil {
			t.Fatalf("submit: %v", err)
		}
		return app{id: a.ID, reg: a.RegistrationNumber}
	}
	byCode := map[string]*recruitment.Formation{}
	for _, fm := range forms {
		byCode[fm.Code] = fm
	}
	submit(register("Ani", "6271031205980101"), byCode["UJI-001"], "S1", "S1-TI")
	submit(register("Budi", "6271031205980102"), byCode["UJI-D3"], "D3", "D3-TI")

	// A year later: the 2026 period.
	f.Clock.Set(time.Date(2026, 3, 1, 9, 0, 0, 0, recruitmenttest.WIB))
	now := f.Clock.Now()
	p, err := f.Rec.CreatePeriod(ctx, recruitment.NewPeriod{Name: "Seleksi Uji 2026", Kind: recruitment.KindCPNS,
		ReferenceDate: "2026-12-31", Timeline: recruitment.Timeline{AnnounceAt: now.Add(-48 * time.Hour), RegOpenAt: now.Add(-24 * time.Hour),
			RegCloseAt: now.Add(10 * 24 * time.Hour), AdminAnnounceAt: now.Add(15 * 24 * time.Hour), AppealDays: 3}})
	if err != nil {
		t.Fatal(err)
	}
	fm, err := f.Rec.AddFormation(ctx, p.ID, recruitmenttest.NewFormation("UJI-001", docs))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Rec.PublishPeriod(ctx, p.ID); err != nil {
		t.Fatal(err)
	}
	e.period = p.ID
	e.ani = submit(users["Ani"], fm, "S1", "S1-TI")
	e.budi = submit(users["Budi"], fm, "S1", "S1-TI")
	e.citra = submit(register("Citra", "6271031205980103"), fm, "S1", "S1-TI")
	e.dodi = submit(register("Dodi", "6271031205980104"), fm, "S1", "S1-TI")
	e.ani.nik, e.budi.nik, e.citra.nik, e.dodi.nik = "6271031205980101", "6271031205980102", "6271031205980103", "6271031205980104"
	ms := []int64{e.ani.id, e.budi.id, e.citra.id}
	e.svc = results.New(db, results.Deps{Now: f.Clock.Now, Qualified: func(_ context.Context, periodID int64) ([]int64, error) {
		if periodID == e.period {
			return ms, nil
		}
		return nil, nil
	}})
	return e
}

// csvOf is a CSV of header and rows.
func csvOf(header []string, rows ...[]string) *strings.Reader {
	var b strings.Builder
	b.WriteString(strings.Join(header, ",") + "\n")
	for _, r := range rows {
		b.WriteString(strings.Join(r, ",") + "\n")
	}
	return strings.NewReader(b.String())
}

func (a app) skd(twk, tiu, tkp, hadir, reused string) []string {
	return []string{a.reg, a.nik, twk, tiu, tkp, hadir, reused}
}

// problemsOf is err's row report by "line.column" → key.
func problemsOf(t *testing.T, err error) map[string]string {
	t.Helper()
	ae, ok := err.(*apperr.Error)
	if !ok || ae.Code != apperr.Invalid {
		t.Fatalf("not a row report: %v", err)
	}
	ps, _ := report.ProblemsOf(ae)
	out := map[string]string{}
	for _, p := range ps {
		out[fmt.Sprintf("%d.%s", p.Line, p.Column)] = p.Msg.Key
	}
	return out
}

// TestImportSKDAndSKB: on both engines, a good SKD file is stored with
// its counts and events; a bad one stores nothing and names each row; a
// corrected file replaces the scores it lists; the SKB needs a present
// SKD; nothing is imported once the final results are published.
func TestImportSKDAndSKB(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		e := newScoresEnv(t, db)
		ctx := context.Background()
		for _, step := range []struct {
			name string
			run  func(t *testing.T)
		}{
			{"a good SKD file", e.goodSKD},
			{"a bad SKD file stores nothing", e.badSKD},
			{"a corrected SKD file replaces", e.reimportSKD},
			{"the SKB", e.skb},
			{"after the final results", e.final},
		} {
			if !t.Run(step.name, step.run) {
				return
			}
		}
		if _, err := e.svc.ImportSKD(ctx, 999, csvOf(results.SKDColumns, e.ani.skd("100", "100", "170", "1", ""))); apperr.CodeOf(err) !=
			apperr.NotFound {
			t.Fatalf("unknown period: %v", err)
		}
	})
}

func (e *scoresEnv) goodSKD(t *testing.T) {
	ctx := context.Background()
	sum, err := e.svc.ImportSKD(ctx, e.period, csvOf(results.SKDColumns,
		e.ani.skd("115", "120", "170", "1", "2025"), // Ani applied with S1 in 2025 too
		e.budi.skd("", "", "", "Tidak Hadir", ""),
		e.citra.skd("100", "085", "181", "Y", "2024"), // this system has nothing of Citra's in 2024
	))
	if err != nil {
		t.Fatal(err)
	}
	if *sum != (results.ImportSummary{Imported: 3, Present: 2, Absent: 1, Reused: 2}) {
		t.Fatalf("summary %+v", sum)
	}
	got, err := e.svc.FindScores(ctx, e.period, results.ComponentSKD)
	if err != nil {
		t.Fatal(err)
	}
	a, b, c := got[e.ani.id], got[e.budi.id], got[e.citra.id]
	if len(got) != 3 || !a.Present || a.TWK != 115 || a.TIU != 120 || a.TKP != 170 || a.ReusedYear != 2025 || a.Source != "import" ||
		len(a.SourceRef) != 64 || b.Present || b.TWK != 0 || c.TIU != 85 || c.ReusedYear != 2024 || !a.RecordedAt.Equal(e.f.Clock.Now()) {
		t.Fatalf("stored %+v", got)
	}
	if n := testkit.CountAudit(t, e.db, "scores.import"); n != 1 {
		t.Fatalf("%d scores.import", n)
	}
	if n := testkit.CountAudit(t, e.db, "score.import", testkit.Object(strconv.FormatInt(e.ani.id, 10))); n != 1 {
		t.Fatalf("%d score.import of Ani", n)
	}
	counts, err := e.svc.CountScores(ctx, e.period)
	if err != nil || len(counts) != 1 || counts[0] != (results.ScoreCount{Component: "skd", Source: "import", Present: 2, Absent: 1,
		Reused: 2}) {
		t.Fatalf("counts %+v %v", counts, err)
	}
}

func (e *scoresEnv) badSKD(t *testing.T) {
	ctx := context.Background()
	wrongNIK := e.citra.skd("100", "100", "170", "1", "")
	wrongNIK[1] = "6271031205980199"
	_, err := e.svc.ImportSKD(ctx, e.period, csvOf(results.SKDColumns,
		e.ani.skd("150", "175", "225", "1", ""),
		e.budi.skd("100", "100", "170", "1", "2025"), // Budi applied with D3 in 2025
		e.dodi.skd("100", "100", "170", "1", ""),     // TMS
		app{reg: "20269990000001", nik: "6271031205980105"}.skd("100", "100", "170", "1", ""),
		wrongNIK,
	))
	got := problemsOf(t, err)
	want := map[string]string{"3.skd_tahun_sebelumnya": "results.import.reuse_level", "4.no_peserta": "results.import.not_ms",
		"5.no_peserta": "results.import.regno_unknown", "6.nik": "results.import.nik_mismatch"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("problems %v, want %v", got, want)
	}
	// A bad cell is refused before anything is looked up, and stores nothing either.
	_, err = e.svc.ImportSKD(ctx, e.period, csvOf(results.SKDColumns, e.ani.skd("150", "175", "225", "1", ""),
		e.citra.skd("101", "100", "170", "1", "")))
	if got := problemsOf(t, err); len(got) != 1 || got["3.twk"] != "results.import.multiple5" {
		t.Fatalf("problems %v", got)
	}
	if s, _ := e.svc.FindScores(ctx, e.period, results.ComponentSKD); s[e.ani.id].TWK != 115 {
		t.Fatalf("a refused file changed Ani's score: %+v", s[e.ani.id])
	}
	if n := testkit.CountAudit(t, e.db, "scores.import"); n != 1 {
		t.Fatalf("a refused file was recorded: %d", n)
	}
}

func (e *scoresEnv) reimportSKD(t *testing.T) {
	ctx := context.Background()
	before, _ := e.svc.FindScores(ctx, e.period, results.ComponentSKD)
	e.f.Clock.Add(time.Hour)
	sum, err := e.svc.ImportSKD(ctx, e.period, csvOf([]string{"HADIR", "tkp", "tiu", "twk", "nik", "no_peserta", "skd_tahun_sebelumnya",
		"nama"}, []string{"1", "175", "125", "120", e.ani.nik, e.ani.reg, "", "Ani"}))
	if err != nil || *sum != (results.ImportSummary{Imported: 1, Present: 1}) {
		t.Fatalf("%+v %v", sum, err)
	}
	after, _ := e.svc.FindScores(ctx, e.period, results.ComponentSKD)
	a := after[e.ani.id]
	if a.TWK != 120 || a.TIU != 125 || a.TKP != 175 || a.ReusedYear != 0 || a.SourceRef == before[e.ani.id].SourceRef {
		t.Fatalf("Ani after the correction: %+v", a)
	}
	if after[e.citra.id] != before[e.citra.id] || after[e.budi.id] != before[e.budi.id] {
		t.Fatal("a correction changed scores it does not list")
	}
	if n := testkit.CountAudit(t, e.db, "score.import", testkit.Object(strconv.FormatInt(e.ani.id, 10))); n != 2 {
		t.Fatalf("%d score.import of Ani", n)
	}
}

func (e *scoresEnv) skb(t *testing.T) {
	ctx := context.Background()
	rows := func(rs ...[]string) *strings.Reader { return csvOf(results.SKBColumns, rs...) }
	_, err := e.svc.ImportSKB(ctx, e.period, rows([]string{e.ani.reg, e.ani.nik, "85.125", "1"},
		[]string{e.budi.reg, e.budi.nik, "70", "1"}, // absent at SKD
		[]string{e.dodi.reg, e.dodi.nik, "70", "1"}, // TMS, no SKD
	))
	// (Dodi is TMS too: the cell's last problem is the one kept by cell.)
	got := problemsOf(t, err)
	want := map[string]string{"3.no_peserta": "results.import.no_skd", "4.no_peserta": "results.import.no_skd"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("problems %v, want %v", got, want)
	}
	sum, err := e.svc.ImportSKB(ctx, e.period, rows([]string{e.ani.reg, e.ani.nik, "85.125", "1"},
		[]string{e.citra.reg, e.citra.nik, "", "0"}))
	if err != nil || *sum != (results.ImportSummary{Imported: 2, Present: 1, Absent: 1}) {
		t.Fatalf("%+v %v", sum, err)
	}
	s, _ := e.svc.FindScores(ctx, e.period, results.ComponentSKB)
	if s[e.ani.id].Milli != 85125 || !s[e.ani.id].Present || s[e.citra.id].Present {
		t.Fatalf("SKB %+v", s)
	}
	// The SKD of someone with an SKB score cannot become absent.
	_, err = e.svc.ImportSKD(ctx, e.period, csvOf(results.SKDColumns, e.citra.skd("", "", "", "0", "")))
	if got := problemsOf(t, err); got["2.hadir"] != "results.import.skb_exists" {
		t.Fatalf("problems %v", got)
	}
	counts, _ := e.svc.CountScores(ctx, e.period)
	if len(counts) != 2 || counts[0].Component != "skb" || counts[0].Present != 1 || counts[0].Absent != 1 {
		t.Fatalf("counts %+v", counts)
	}
}

// final: a final announcement (inserted here in SQL: its publication is
// another part's) closes the period's scores.
func (e *scoresEnv) final(t *testing.T) {
	ctx := context.Background()
	if done, err := e.svc.FinalPublished(ctx, e.period); err != nil || done {
		t.Fatalf("final before: %v %v", done, err)
	}
	if _, err := e.db.W.ExecContext(ctx, `INSERT INTO announcements (period_id, stage, version, published_at, sha256, audit_seq,
row_count, csv) VALUES ($1, 'final', 1, $2, '', 0, 0, '')`, e.period, sqldb.Now(e.f.Clock.Now())); err != nil {
		t.Fatal(err)
	}
	if done, err := e.svc.FinalPublished(ctx, e.period); err != nil || !done {
		t.Fatalf("final after: %v %v", done, err)
	}
	_, err := e.svc.ImportSKB(ctx, e.period, csvOf(results.SKBColumns, []string{e.ani.reg, e.ani.nik, "90", "1"}))
	if apperr.CodeOf(err) != apperr.Conflict {
		t.Fatalf("after the final results: %v", err)
	}
	if s, _ := e.svc.FindScores(ctx, e.period, results.ComponentSKB); s[e.ani.id].Milli != 85125 {
		t.Fatal("changed after the final results")
	}
}
