package app_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"asnpro/internal/app/apptest"
	"asnpro/internal/sqldb"
	"asnpro/internal/sqldb/sqldbtest"
)

// TestSSCASNImportHTTP: a national round end to end over HTTP on both
// engines. The committee creates a period whose registration is open and
// imports the SSCASN template (pact first: 403); a second import reports
// every row as a duplicate (422, nothing stored); a local application in
// the national period is 409, and so is an import into the demo period,
// which has local submissions; the TMS applicant sets a password through
// the reset link, signs in, sees nothing before the announcement, reads
// the reason after it and appeals once within the window. The command
// line prints the same template and imports into another period.
func TestSSCASNImportHTTP(t *testing.T) {
	t.Parallel()
	for _, e := range sqldbtest.Engines() {
		t.Run(string(e), func(t *testing.T) {
			srv := apptest.Start(t, e, "--demo", "--email-confirmation", "link", "--register-per-minute", "1000",
				"--public-url", "https://seleksi.example.id")
			c := apptest.Client()
			j := &sscasnJourney{srv: srv, db: openDB(t, srv.DSN), c: c, pub: &api{t: t, base: srv.URL, c: c},
				panitia: &api{t: t, base: srv.URL, c: c, token: token(t, c, srv.URL, "panitia", "asnpro-demo")}}
			for _, step := range []struct {
				name string
				run  func(t *testing.T)
			}{
				{"a national period", j.setUp},
				{"the import", j.importApplicants},
				{"local applications and imports are kept apart", j.keepApart},
				{"the TMS applicant signs in", j.tmsApplicant},
				{"the announcement and the appeal", j.announceAndAppeal},
				{"the command line", j.commandLine},
			} {
				if !t.Run(step.name, step.run) {
					return
				}
			}
		})
	}
}

// sscasnJourney is the state TestSSCASNImportHTTP carries from one step
// to the next.
type sscasnJourney struct {
	srv          *apptest.Server
	db           *sqldb.DB
	c            *http.Client
	pub, panitia *api
	tmpl, ftmpl  []byte // the applicant and formation templates
	period       string // the national period
	appID        string // the TMS applicant's application
}

// nationalPeriod creates a period named name whose registration is open
// now and returns its id.
func (j *sscasnJourney) nationalPeriod(t *testing.T, name string) string {
	at := func(d time.Duration) string { return time.Now().Add(d).UTC().Format(time.RFC3339) }
	code, m, b := j.panitia.call("POST", "/api/v1/periods", map[string]any{"name": name, "kind": "cpns", "reference_date": "2027-01-01",
		"timeline": map[string]any{"announce_at": at(-48 * time.Hour), "registration_open_at": at(-24 * time.Hour),
			"registration_close_at": at(10 * 24 * time.Hour), "administration_announce_at": at(15 * 24 * time.Hour), "appeal_days": 3}})
	if code != 201 {
		t.Fatalf("create period %s: %d %s", name, code, b)
	}
	if m["source"] != "local" {
		t.Fatalf("a new period's source: %v", m["source"])
	}
	return m["id"].(string)
}

// setUp: the template, and a national period (registration open now, the
// template's formation, published).
func (j *sscasnJourney) setUp(t *testing.T) {
	code, _, tmpl := j.pub.call("GET", "/api/v1/applicant-template", nil)
	const header = "\xEF\xBB\xBFno_peserta,nik,nama,tempat_lahir,tanggal_lahir,jenis_kelamin,email,no_hp,kode_formasi," +
		"pendidikan,kode_pendidikan,ipk,status_verifikasi,alasan_tms\n"
	if code != 200 || !strings.HasPrefix(string(tmpl), header) {
		t.Fatalf("template: %d %s", code, tmpl)
	}
	j.tmpl = tmpl
	j.period = j.nationalPeriod(t, "CPNS Nasional")
	_, _, j.ftmpl = j.pub.call("GET", "/api/v1/formation-template", nil)
	if code, _, b := j.panitia.call("POST", "/api/v1/periods/"+j.period+"/formations/import", j.ftmpl); code != 200 {
		t.Fatalf("formations: %d %s", code, b)
	}
	if code, _, b := j.panitia.call("POST", "/api/v1/periods/"+j.period+"/publish", nil); code != 200 {
		t.Fatalf("publish period: %d %s", code, b)
	}
}

// importApplicants: the pact first; the import makes the period national;
// the same file again is refused row by row and stores nothing.
func (j *sscasnJourney) importApplicants(t *testing.T) {
	importPath := "/api/v1/periods/" + j.period + "/applicants/import"
	scenario{name: "import before the pact", as: j.panitia, method: "POST", path: importPath, body: j.tmpl,
		hdr: []string{"Content-Type", "text/csv"}, status: 403, code: "forbidden"}.run(t)
	if code, _, b := j.panitia.call("POST", "/api/v1/periods/"+j.period+"/pact", map[string]any{"no_conflict": true}); code != 201 &&
		code != 200 {
		t.Fatalf("pact: %d %s", code, b)
	}
	// Multipart, as a browser form sends it.
	var mp bytes.Buffer
	mw := multipart.NewWriter(&mp)
	fw, _ := mw.CreateFormFile("file", "peserta.csv")
	fw.Write(j.tmpl)
	mw.Close()
	code, m, b := j.panitia.call("POST", importPath, mp.Bytes(), "Content-Type", mw.FormDataContentType())
	if code != 200 || m["imported"] != 2.0 || m["ms"] != 1.0 || m["tms"] != 1.0 {
		t.Fatalf("import: %d %s", code, b)
	}
	// The period now says it is a national round (its copies refreshed).
	if _, p, _ := j.pub.call("GET", "/api/v1/periods/"+j.period, nil); p["source"] != "sscasn" {
		t.Fatalf("source after the import: %v", p["source"])
	}
	if _, _, page := j.pub.call("GET", "/periods/"+j.period, nil); !bytes.Contains(page, []byte(`id="source"`)) {
		t.Fatalf("the period page does not say it is a national round")
	}
	if n := countAudit(t, j.srv.DSN, "applicants.import"); n != 1 {
		t.Fatalf("%d applicants.import events", n)
	}
	// The same file again: each row a duplicate, nothing stored.
	scenario{name: "second import", as: j.panitia, method: "POST", path: importPath, body: j.tmpl, hdr: []string{"Content-Type", "text/csv"},
		status: 422, code: "invalid", fields: []string{"2.nik", "3.nik", "2.no_peserta", "3.no_peserta"}}.run(t)
	if n := countAudit(t, j.srv.DSN, "applicants.import"); n != 1 {
		t.Fatalf("a refused import was recorded: %d", n)
	}
}

// keepApart: no local applications in a national period; no import into
// a period with local submissions.
func (j *sscasnJourney) keepApart(t *testing.T) {
	local := newApplicant(t, j.srv.URL)
	scenario{name: "local application in a national period", as: local, method: "POST", path: "/api/v1/applications",
		body: map[string]any{"formation_id": formationID(t, j.pub, j.period, "PKY-2027-001"),
			"education": map[string]any{"level": "S1", "major": "S1-TI", "ipk": 3.5}},
		status: 409, code: "conflict"}.run(t)
	var localEmail string
	j.db.R.QueryRow(`SELECT email FROM applicants ORDER BY id DESC LIMIT 1`).Scan(&localEmail)
	confirm := map[string]any{"token": mailTo(t, j.db, "email.confirm", localEmail)}
	if code, _, b := j.pub.call("POST", "/api/v1/auth/email-confirmation", confirm); code != 200 {
		t.Fatalf("confirm: %d %s", code, b)
	}
	scenario{name: "local application in the demo period", as: local, method: "POST", path: "/api/v1/applications",
		body: map[string]any{"formation_id": formationID(t, j.pub, "1", "PKY-2026-007"),
			"education": map[string]any{"level": "S1", "major": "S1-TI", "ipk": 3.5}},
		status: 201}.run(t)
	j.panitia.call("POST", "/api/v1/periods/1/pact", map[string]any{"no_conflict": true})
	// (a file valid for period 1, so that the state of the world decides: 409 comes after 422)
	forPeriod1 := strings.NewReplacer("PKY-2027-001", "PKY-2026-007", "2430011000000", "2430019000000").Replace(string(j.tmpl))
	scenario{name: "import into a period with local submissions", as: j.panitia, method: "POST", path: "/api/v1/periods/1/applicants/import",
		body: []byte(forPeriod1), hdr: []string{"Content-Type", "text/csv"}, status: 409, code: "conflict"}.run(t)
}

// tmsApplicant: the TMS applicant has no password yet; the reset link
// sets one; before the announcement it sees no decision.
func (j *sscasnJourney) tmsApplicant(t *testing.T) {
	const nik, email = "6271035203990002", "siti.aminah@example.id"
	res, _ := do(t, j.c, "POST", j.srv.URL+"/api/v1/auth/token", "", strings.NewReader(`{"username":"`+nik+`","password":""}`),
		"Content-Type", "application/json")
	if res.StatusCode != 401 && res.StatusCode != 422 {
		t.Fatalf("an imported account signs in without a password: %d", res.StatusCode)
	}
	if code, _, b := j.pub.call("POST", "/api/v1/auth/password-reset", map[string]any{"login": nik}); code != 200 && code != 202 {
		t.Fatalf("reset request: %d %s", code, b)
	}
	secret := mailTo(t, j.db, "password.reset", email)
	reset := map[string]any{"token": secret, "password": "sandi-siti-123"}
	if code, _, b := j.pub.call("POST", "/api/v1/auth/password-reset/confirm", reset); code != 200 {
		t.Fatalf("reset: %d %s", code, b)
	}
	siti := j.siti(t)
	_, m, b := siti.call("GET", "/api/v1/me/applications", nil)
	items, _ := m["items"].([]any)
	if len(items) != 1 {
		t.Fatalf("my applications: %s", b)
	}
	app := items[0].(map[string]any)
	if app["registration_number"] != "24300110000002" || app["status"] != "submitted" {
		t.Fatalf("imported application: %v", app)
	}
	j.appID = app["id"].(string)
	_, m, b = siti.call("GET", "/api/v1/applications/"+j.appID, nil)
	if v, _ := m["verification"].(map[string]any); v == nil || v["status"] != "pending" {
		t.Fatalf("before the announcement the applicant sees a decision: %s", b)
	}
	scenario{name: "appeal before the announcement", as: siti, method: "POST", path: "/api/v1/applications/" + j.appID + "/appeal",
		body: map[string]any{
			"reason": "IPK saya 2,75 sesuai transkrip; mohon diperiksa ulang.",
		}, status: 409, code: "failed_precondition"}.run(t)
}

// siti signs the TMS applicant in with the password the reset set.
func (j *sscasnJourney) siti(t *testing.T) *api {
	return &api{t: t, base: j.srv.URL, c: j.c, token: token(t, j.c, j.srv.URL, "6271035203990002", "sandi-siti-123")}
}

// announceAndAppeal: after the announcement the applicant reads the
// reasons and appeals once.
func (j *sscasnJourney) announceAndAppeal(t *testing.T) {
	closeRegistration(t, j.panitia, j.period)
	scenario{name: "publish", as: j.panitia, method: "POST", path: "/api/v1/periods/" + j.period + "/announcements",
		body: map[string]any{"stage": "administration"}, status: 201}.run(t)
	code, _, csvb := j.pub.call("GET", "/api/v1/periods/"+j.period+"/results?stage=administration&format=csv", nil)
	if code != 200 || !strings.Contains(string(csvb), "24300110000002,SI*** AM***,PKY-2027-001") ||
		!strings.Contains(string(csvb), ",TMS\n") {
		t.Fatalf("results: %d %s", code, csvb)
	}
	siti := j.siti(t)
	_, m, b := siti.call("GET", "/api/v1/applications/"+j.appID, nil)
	v, _ := m["verification"].(map[string]any)
	reasons, _ := v["reasons"].([]any)
	if v["status"] != "TMS" || len(reasons) != 2 || !strings.Contains(string(b), "Ijazah tidak dilegalisir") {
		t.Fatalf("the applicant does not read the reasons: %s", b)
	}
	appeal := "/api/v1/applications/" + j.appID + "/appeal"
	runScenarios(t, []scenario{
		{name: "appeal", as: siti, method: "POST", path: appeal,
			body: map[string]any{"reason": "IPK saya 2,75 sesuai transkrip; mohon diperiksa ulang."}, status: 201},
		{name: "second appeal", as: siti, method: "POST", path: appeal,
			body: map[string]any{"reason": "Sekali lagi, mohon diperiksa."}, status: 409, code: "conflict"},
	})
}

// commandLine: the command line prints the same template and imports into
// another period, once.
func (j *sscasnJourney) commandLine(t *testing.T) {
	code, out, errOut := runCmd(t, "import", "applicants", "--template")
	if code != 0 || !strings.HasPrefix(out, "no_peserta,nik,") {
		t.Fatalf("cli template: %d %s %s", code, out, errOut)
	}
	p2 := j.nationalPeriod(t, "CPNS Nasional 2")
	j.panitia.call("POST", "/api/v1/periods/"+p2+"/formations/import", j.ftmpl)
	file := filepath.Join(t.TempDir(), "peserta.csv")
	other := strings.NewReplacer("2430011000000", "2430012000000").Replace(string(j.tmpl))
	os.WriteFile(file, []byte(other), 0o600)
	code, out, errOut = runCmd(t, "import", "applicants", "--db", j.srv.DSN, "--key-file", j.srv.KeyFile, "--period", p2, file)
	if code != 0 || !strings.Contains(out, "2 applicants imported into period "+p2) {
		t.Fatalf("cli import: %d %s %s", code, out, errOut)
	}
	code, _, errOut = runCmd(t, "import", "applicants", "--db", j.srv.DSN, "--key-file", j.srv.KeyFile, "--period", p2, file)
	if code == 0 || !strings.Contains(errOut, "line 2, column nik") {
		t.Fatalf("cli second import: %d %s", code, errOut)
	}
	if n := countAudit(t, j.srv.DSN, "applicants.import"); n != 2 {
		t.Fatalf("%d applicants.import events, want 2", n)
	}
}
