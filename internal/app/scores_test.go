package app_test

import (
	"bytes"
	"context"
	"html"
	"mime/multipart"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"asnpro/internal/app"
	"asnpro/internal/app/apptest"
	"asnpro/internal/sqldb"
	"asnpro/internal/sqldb/sqldbtest"
)

// demoMS are the NIKs of the three applicants the demo's past period
// (id 2) announced MS.
var demoMS = []string{"6271030403960002", "6271034302970003", "6271035511950004"}

// scoresJourney is what TestScoresImport carries from step to step.
type scoresJourney struct {
	srv     *apptest.Server
	db      *sqldb.DB
	panitia *api
	reg     map[string]string // registration number by NIK
}

// TestScoresImport: CAT BKN's SKD and SKB exports into the demo's past
// period over HTTP on both engines — the API's answers in the order of
// its checks, the committee's page (a refused file shown row by row,
// nothing stored), the command line, and the refusal once the period's
// final results are published.
func TestScoresImport(t *testing.T) {
	t.Parallel()
	for _, e := range sqldbtest.Engines() {
		t.Run(string(e), func(t *testing.T) {
			srv := apptest.Start(t, e, demoMidway...)
			j := &scoresJourney{srv: srv, db: openDB(t, srv.DSN), panitia: staff(t, srv, "panitia"), reg: map[string]string{}}
			for _, nik := range demoMS {
				var reg string
				if err := j.db.R.QueryRow(`SELECT a.registration_number FROM applications a JOIN applicants ap ON ap.id = a.applicant_id
WHERE a.period_id = 2 AND ap.nik = $1`, nik).Scan(&reg); err != nil {
					t.Fatalf("the demo's past period has no application of %s: %v", nik, err)
				}
				j.reg[nik] = reg
			}
			for _, step := range []struct {
				name string
				run  func(t *testing.T)
			}{
				{"the templates", j.templates},
				{"the API", j.api},
				{"the page", j.page},
				{"the command line", j.commandLine},
				{"after the final results", j.final},
			} {
				if !t.Run(step.name, step.run) {
					return
				}
			}
		})
	}
}

// skdFile is an SKD export of rows (each "nik,twk,tiu,tkp,hadir,year").
func (j *scoresJourney) skdFile(rows ...string) []byte {
	b := "no_peserta,nik,twk,tiu,tkp,hadir,skd_tahun_sebelumnya\n"
	for _, r := range rows {
		nik, _, _ := strings.Cut(r, ",")
		b += j.reg[nik] + "," + r + "\n"
	}
	return []byte(b)
}

func (j *scoresJourney) templates(t *testing.T) {
	pub := &api{t: t, base: j.srv.URL, c: apptest.Client()}
	code, _, b := pub.call("GET", "/api/v1/score-template?component=skd", nil)
	if code != 200 || !strings.HasPrefix(string(b), "\xEF\xBB\xBFno_peserta,nik,twk,tiu,tkp,hadir,skd_tahun_sebelumnya\n") {
		t.Fatalf("SKD template: %d %s", code, b)
	}
	code, _, b = pub.call("GET", "/api/v1/score-template?component=skb&format=xlsx", nil)
	if code != 200 || !bytes.HasPrefix(b, []byte("PK\x03\x04")) {
		t.Fatalf("SKB template: %d %.40q", code, b)
	}
	scenario{name: "template of no component", as: pub, method: "GET", path: "/api/v1/score-template", status: 422, code: "invalid",
		fields: []string{"component"}}.run(t)
}

func (j *scoresJourney) api(t *testing.T) {
	path := "/api/v1/periods/2/scores/import?component=skd"
	csv := []string{"Content-Type", "text/csv"}
	good := j.skdFile(demoMS[0]+",120,110,170,1,", demoMS[1]+",,,,Tidak Hadir,", demoMS[2]+",95,100,160,Y,"+
		"2019") // this system has no application of hers in 2019
	anon := &api{t: t, base: j.srv.URL, c: apptest.Client()}
	runScenarios(t, []scenario{
		{name: "nobody signed in", as: anon, method: "POST", path: path, body: good, hdr: csv, status: 401, code: "unauthenticated"},
		{name: "a verifier", as: staff(t, j.srv, "verifikator"), method: "POST", path: path, body: good, hdr: csv, status: 403,
			code: "forbidden"},
		{name: "no such period", as: j.panitia, method: "POST", path: "/api/v1/periods/999/scores/import?component=skd", body: good,
			hdr: csv, status: 404, code: "not_found"},
		{name: "no component", as: j.panitia, method: "POST", path: "/api/v1/periods/2/scores/import", body: good, hdr: csv,
			status: 422, code: "invalid", fields: []string{"component"}},
		{name: "over 20 MB", as: j.panitia, method: "POST", path: path, body: bytes.Repeat([]byte("x"), 22<<20), hdr: csv,
			status: 413, code: "too_large"},
		{name: "UTF-16", as: j.panitia, method: "POST", path: path, body: []byte("\xff\xfen\x00o\x00"), hdr: csv, status: 415,
			code: "unsupported_media_type"},
		{name: "bad rows", as: j.panitia, method: "POST", path: path,
			body: j.skdFile(demoMS[0]+",121,110,170,1,", demoMS[1]+",0,0,5,0,"), hdr: csv, status: 422, code: "invalid",
			fields: []string{"2.twk", "3.tkp"}},
		{name: "a NIK of another applicant", as: j.panitia, method: "POST", path: path,
			body: bytes.Replace(j.skdFile(demoMS[0]+",120,110,170,1,"), []byte(demoMS[0]), []byte(demoMS[1]), 1), hdr: csv,
			status: 422, code: "invalid", fields: []string{"2.nik"}},
		{name: "an SKB with a decimal comma", as: j.panitia, method: "POST", path: "/api/v1/periods/2/scores/import?component=skb",
			body: []byte("no_peserta,nik,skb,hadir\n" + j.reg[demoMS[0]] + "," + demoMS[0] + ",\"80,5\",1\n"), hdr: csv, status: 422,
			code: "invalid", fields: []string{"2.skb"}},
	})
	if n := countAudit(t, j.srv.DSN, "scores.import"); n != 0 {
		t.Fatalf("refused imports were recorded: %d", n)
	}
	// Multipart, as a browser form sends it.
	var mp bytes.Buffer
	mw := multipart.NewWriter(&mp)
	fw, _ := mw.CreateFormFile("file", "skd.csv")
	fw.Write(good)
	mw.Close()
	code, m, b := j.panitia.call("POST", path, mp.Bytes(), "Content-Type", mw.FormDataContentType())
	if code != 200 || m["imported"] != 3.0 || m["present"] != 2.0 || m["absent"] != 1.0 || m["reused"] != 1.0 {
		t.Fatalf("import: %d %s", code, b)
	}
	scenario{name: "SKB of an SKD absentee", as: j.panitia, method: "POST", path: "/api/v1/periods/2/scores/import?component=skb",
		body: []byte("no_peserta,nik,skb,hadir\n" + j.reg[demoMS[1]] + "," + demoMS[1] + ",80.5,1\n"), hdr: csv, status: 422, code: "invalid",
		fields: []string{"2.no_peserta"}}.run(t)
	scenario{name: "SKB", as: j.panitia, method: "POST", path: "/api/v1/periods/2/scores/import?component=skb",
		body: []byte("NIK;No_Peserta;SKB;Hadir\n" + demoMS[0] + ";" + j.reg[demoMS[0]] + ";80.5;1\n" + demoMS[2] + ";" + j.reg[demoMS[2]] +
			";;0\n"), hdr: csv, status: 200, has: `"absent":1`}.run(t)
	var twk, n int
	j.db.R.QueryRow(`SELECT count(*), sum(twk) FROM selection_scores WHERE period_id = 2 AND component = 'skd' AND source = 'import'`).
		Scan(&n, &twk)
	if n != 3 || twk != 215 {
		t.Fatalf("stored SKD: %d rows, TWK %d", n, twk)
	}
	if n := countAudit(t, j.srv.DSN, "score.import"); n != 5 {
		t.Fatalf("%d score.import events, want 5", n)
	}
}

// page: the committee's period page links to the scores page; a refused
// file is shown row by row and stores nothing; a good one shows its counts.
func (j *scoresJourney) page(t *testing.T) {
	if p := page(t, j.panitia, "/panitia/periode/2", 200); !strings.Contains(p, `href="/panitia/periode/2/nilai"`) {
		t.Fatal("the period page does not lead to its scores")
	}
	p := page(t, j.panitia, "/panitia/periode/2/nilai", 200)
	for _, w := range []string{`id="scores-skd-form"`, `id="scores-skb-form"`, `id="template-skd-csv"`, `id="count-skd-import"`} {
		if !strings.Contains(p, w) {
			t.Fatalf("the scores page has no %s", w)
		}
	}
	// upload posts file as the page's form does; it returns the status,
	// the page and where a redirect leads.
	upload := func(component string, file []byte) (int, string, string) {
		var mp bytes.Buffer
		mw := multipart.NewWriter(&mp)
		fw, _ := mw.CreateFormFile("file", "nilai.csv")
		fw.Write(file)
		mw.Close()
		res, b := do(t, j.panitia.c, "POST", j.srv.URL+"/panitia/periode/2/nilai?component="+component, j.panitia.token, &mp,
			"Content-Type", mw.FormDataContentType(), "Accept-Language", "id")
		return res.StatusCode, html.UnescapeString(string(b)), res.Header.Get("Location")
	}
	before := countAudit(t, j.srv.DSN, "scores.import")
	code, body, _ := upload("skd", j.skdFile(demoMS[0]+",120,110,170,1,2030", demoMS[1]+",85,90,abc,1,"))
	for _, w := range []string{`data-line="2"><td>2</td><td><code>skd_tahun_sebelumnya</code>`,
		`data-line="3"><td>3</td><td><code>tkp</code>`, `id="import-component"`} {
		if code != 422 || !strings.Contains(body, w) {
			t.Fatalf("refused file: %d, no %s in %.2000s", code, w, body)
		}
	}
	if n := countAudit(t, j.srv.DSN, "scores.import"); n != before {
		t.Fatal("a refused file was stored")
	}
	code, body, loc := upload("skd", j.skdFile(demoMS[1]+",85,90,150,1,"))
	if code != 303 || !strings.HasPrefix(loc, "/panitia/periode/2/nilai?ok=scores") {
		t.Fatalf("good file: %d %s %.500s", code, loc, body)
	}
	p = page(t, j.panitia, loc, 200)
	want := `<tr id="count-skd-import"><td>SKD</td><td>Impor CAT BKN</td><td>3</td><td>0</td>`
	if !strings.Contains(p, `id="scores-imported">1<`) || !strings.Contains(p, `id="scores-present">1<`) || !strings.Contains(p, want) {
		t.Fatalf("after the import: %.3000s", p)
	}
}

func (j *scoresJourney) commandLine(t *testing.T) {
	code, out, errOut := runCmd(t, "import", "scores", "--component", "skb", "--template")
	if code != 0 || !strings.HasPrefix(out, "\xEF\xBB\xBFno_peserta,nik,skb,hadir\n") {
		t.Fatalf("cli template: %d %s %s", code, out, errOut)
	}
	file := filepath.Join(t.TempDir(), "skd.csv")
	os.WriteFile(file, j.skdFile(demoMS[0]+",125,110,170,1,"), 0o600)
	args := []string{"import", "scores", "--db", j.srv.DSN, "--key-file", j.srv.KeyFile, "--period", "2", "--component", "skd", file}
	code, out, errOut = runCmd(t, args...)
	if code != 0 || !strings.Contains(out, "1 SKD scores imported into period 2") {
		t.Fatalf("cli import: %d %s %s", code, out, errOut)
	}
	var twk int
	j.db.R.QueryRow(`SELECT s.twk FROM selection_scores s JOIN applications a ON a.id = s.application_id
WHERE a.registration_number = $1 AND s.component = 'skd'`, j.reg[demoMS[0]]).Scan(&twk)
	if twk != 125 {
		t.Fatalf("TWK after the command: %d", twk)
	}
	os.WriteFile(file, j.skdFile(demoMS[0]+",126,110,170,1,"), 0o600)
	code, _, errOut = runCmd(t, args...)
	if code == 0 || !strings.Contains(errOut, "line 2, column twk") {
		t.Fatalf("cli bad file: %d %s", code, errOut)
	}
	if code, _, _ := runCmd(t, "import", "scores", "--period", "2", "--component", "skx", file); code == 0 {
		t.Fatal("an unknown component was taken")
	}
}

// final: once a final announcement exists (inserted in SQL: its
// publication is another part's), imports are 409 and the page says why.
func (j *scoresJourney) final(t *testing.T) {
	if _, err := j.db.W.ExecContext(context.Background(), `INSERT INTO announcements (period_id, stage, version, published_at, sha256,
audit_seq, row_count, csv) VALUES (2, 'final', 1, $1, '', 0, 0, '')`, sqldb.Now(time.Now())); err != nil {
		t.Fatal(err)
	}
	scenario{name: "after the final results", as: j.panitia, method: "POST", path: "/api/v1/periods/2/scores/import?component=skd",
		body: j.skdFile(demoMS[0] + ",120,110,170,1,"), hdr: []string{"Content-Type", "text/csv"}, status: 409, code: "conflict"}.run(t)
	if p := page(t, j.panitia, "/panitia/periode/2/nilai", 200); !strings.Contains(p, `id="scores-final"`) ||
		strings.Contains(p, `id="scores-skd-form"`) {
		t.Fatal("the page still offers the import after the final results")
	}
}

// TestBrowserCommitteeScores: on a 360-px phone the committee member goes
// from the past period's page to its scores, uploads an SKD export with a
// bad cell (the row is named in a table, nothing is stored, the page fits
// the screen), then the fixed file, and reads its counts.
func TestBrowserCommitteeScores(t *testing.T) {
	t.Parallel()
	srv := apptest.Start(t, sqldb.SQLite, demoMidway...)
	j := &scoresJourney{srv: srv, db: openDB(t, srv.DSN), reg: map[string]string{}}
	for _, nik := range demoMS {
		var reg string
		j.db.R.QueryRow(`SELECT a.registration_number FROM applications a JOIN applicants ap ON ap.id = a.applicant_id
WHERE a.period_id = 2 AND ap.nik = $1`, nik).Scan(&reg)
		j.reg[nik] = reg
	}
	ctx := apptest.Browser(t, 360, 740)
	browserLogin(t, ctx, srv.URL, "panitia", "Rina Panitia Seleksi", app.DemoPassword)
	apptest.Step(t, ctx, "the period", chromedp.Navigate(srv.URL+"/panitia/periode/2"), chromedp.WaitVisible(chromedp.ID("scores-link")))
	click(t, ctx, "scores-link")
	apptest.Step(t, ctx, "the scores page", chromedp.WaitVisible(chromedp.ID("scores-skd-form")))
	file := filepath.Join(t.TempDir(), "skd.csv")
	os.WriteFile(file, j.skdFile(demoMS[0]+",120,110,170,1,", demoMS[1]+",85,92,150,1,"), 0o644)
	apptest.Step(t, ctx, "choose the bad file", chromedp.SetUploadFiles(chromedp.ID("scores-skd-file"), []string{file}))
	click(t, ctx, "scores-skd-submit")
	apptest.Step(t, ctx, "row report", chromedp.WaitVisible(chromedp.ID("import-errors")))
	rows := apptest.Eval[[]string](t, ctx,
		`Array.from(document.querySelectorAll("#import-errors .import-row")).map(r => r.dataset.line + " " + r.cells[1].textContent)`)
	if len(rows) != 1 || rows[0] != "3 tiu" {
		t.Fatalf("row report %q, want the TIU of line 3", rows)
	}
	// The demo's SKD scores came from its session; nothing was imported.
	if n := apptest.Eval[int](t, ctx, `document.querySelectorAll("#count-skd-import").length`); n != 0 {
		t.Fatalf("imported scores counted after a refused file")
	}
	checkFits(t, ctx, "the scores page with a row report")
	apptest.Screenshot(t, ctx, "scores-1-refused")
	os.WriteFile(file, j.skdFile(demoMS[0]+",120,110,170,1,", demoMS[1]+",85,90,150,1,", demoMS[2]+",,,,0,"), 0o644)
	apptest.Step(t, ctx, "choose the fixed file", chromedp.SetUploadFiles(chromedp.ID("scores-skd-file"), []string{file}))
	click(t, ctx, "scores-skd-submit")
	apptest.Step(t, ctx, "imported", chromedp.WaitVisible(chromedp.ID("scores-summary")))
	got := apptest.Eval[string](t, ctx, `document.getElementById("count-skd-import").textContent`)
	if !strings.HasPrefix(got, "SKDImpor CAT BKN21") {
		t.Fatalf("counts %q, want 2 present and 1 absent", got)
	}
	checkFits(t, ctx, "the scores page after an import")
	apptest.Screenshot(t, ctx, "scores-2-imported")
}
