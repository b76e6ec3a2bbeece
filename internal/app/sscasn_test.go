package app_test

import (
	"bytes"
	"mime/multipart"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"asnpro/internal/app/apptest"
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
			srv := apptest.Start(t, e, "--demo", "--email-confirmation", "link", "--register-per-minute", "1000", "--public-url", "https://seleksi.example.id")
			db := openDB(t, srv.DSN)
			c := apptest.Client()
			pub := &api{t: t, base: srv.URL, c: c}
			panitia := &api{t: t, base: srv.URL, c: c, token: token(t, c, srv.URL, "panitia", "asnpro-demo")}

			code, _, tmpl := pub.call("GET", "/api/v1/applicant-template", nil)
			if code != 200 || !strings.HasPrefix(string(tmpl), "\xEF\xBB\xBFno_peserta,nik,nama,tempat_lahir,tanggal_lahir,jenis_kelamin,email,no_hp,kode_formasi,pendidikan,kode_pendidikan,ipk,status_verifikasi,alasan_tms\n") {
				t.Fatalf("template: %d %s", code, tmpl)
			}
			// A national period: registration open now, the template's formation, published.
			at := func(d time.Duration) string { return time.Now().Add(d).UTC().Format(time.RFC3339) }
			code, m, b := panitia.call("POST", "/api/v1/periods", map[string]any{"name": "CPNS Nasional", "kind": "cpns", "reference_date": "2027-01-01",
				"timeline": map[string]any{"announce_at": at(-48 * time.Hour), "registration_open_at": at(-24 * time.Hour), "registration_close_at": at(10 * 24 * time.Hour),
					"administration_announce_at": at(15 * 24 * time.Hour), "appeal_days": 3}})
			if code != 201 {
				t.Fatalf("create period: %d %s", code, b)
			}
			period := m["id"].(string)
			if m["source"] != "local" {
				t.Fatalf("a new period's source: %v", m["source"])
			}
			_, _, ftmpl := pub.call("GET", "/api/v1/formation-template", nil)
			if code, _, b := panitia.call("POST", "/api/v1/periods/"+period+"/formations/import", ftmpl); code != 200 {
				t.Fatalf("formations: %d %s", code, b)
			}
			if code, _, b := panitia.call("POST", "/api/v1/periods/"+period+"/publish", nil); code != 200 {
				t.Fatalf("publish period: %d %s", code, b)
			}

			importPath := "/api/v1/periods/" + period + "/applicants/import"
			code, m, b = panitia.call("POST", importPath, tmpl, "Content-Type", "text/csv")
			expect(t, "import before the pact", code, m, b, 403, "forbidden")
			if code, _, b := panitia.call("POST", "/api/v1/periods/"+period+"/pact", map[string]any{"no_conflict": true}); code != 201 && code != 200 {
				t.Fatalf("pact: %d %s", code, b)
			}
			// Multipart, as a browser form sends it.
			var mp bytes.Buffer
			mw := multipart.NewWriter(&mp)
			fw, _ := mw.CreateFormFile("file", "peserta.csv")
			fw.Write(tmpl)
			mw.Close()
			code, m, b = panitia.call("POST", importPath, mp.Bytes(), "Content-Type", mw.FormDataContentType())
			if code != 200 || m["imported"] != 2.0 || m["ms"] != 1.0 || m["tms"] != 1.0 {
				t.Fatalf("import: %d %s", code, b)
			}
			// The period now says it is a national round (its copies refreshed).
			if _, p, _ := pub.call("GET", "/api/v1/periods/"+period, nil); p["source"] != "sscasn" {
				t.Fatalf("source after the import: %v", p["source"])
			}
			if _, _, page := pub.call("GET", "/periods/"+period, nil); !bytes.Contains(page, []byte(`id="source"`)) {
				t.Fatalf("the period page does not say it is a national round")
			}
			if n := countAudit(t, srv.DSN, "applicants.import"); n != 1 {
				t.Fatalf("%d applicants.import events", n)
			}
			// The same file again: each row a duplicate, nothing stored.
			code, m, b = panitia.call("POST", importPath, tmpl, "Content-Type", "text/csv")
			expect(t, "second import", code, m, b, 422, "invalid")
			for _, k := range []string{"2.nik", "3.nik", "2.no_peserta", "3.no_peserta"} {
				if errField(m, k) == "" {
					t.Fatalf("second import: %s not reported: %s", k, b)
				}
			}
			if n := countAudit(t, srv.DSN, "applicants.import"); n != 1 {
				t.Fatalf("a refused import was recorded: %d", n)
			}
			// No local applications in a national period; no import into a local period.
			local := newApplicant(t, srv.URL)
			code, m, b = local.call("POST", "/api/v1/applications", map[string]any{"formation_id": formationID(t, pub, period, "PKY-2027-001"),
				"education": map[string]any{"level": "S1", "major": "S1-TI", "ipk": 3.5}})
			expect(t, "local application in a national period", code, m, b, 409, "conflict")
			var localEmail string
			db.R.QueryRow(`SELECT email FROM applicants ORDER BY id DESC LIMIT 1`).Scan(&localEmail)
			if code, _, b := pub.call("POST", "/api/v1/auth/email-confirmation", map[string]any{"token": mailTo(t, db, "email.confirm", localEmail)}); code != 200 {
				t.Fatalf("confirm: %d %s", code, b)
			}
			code, m, b = local.call("POST", "/api/v1/applications", map[string]any{"formation_id": formationID(t, pub, "1", "PKY-2026-007"),
				"education": map[string]any{"level": "S1", "major": "S1-TI", "ipk": 3.5}})
			expect(t, "local application in the demo period", code, m, b, 201, "")
			panitia.call("POST", "/api/v1/periods/1/pact", map[string]any{"no_conflict": true})
			// (a file valid for period 1, so that the state of the world decides: 409 comes after 422)
			forPeriod1 := strings.NewReplacer("PKY-2027-001", "PKY-2026-007", "2430011000000", "2430019000000").Replace(string(tmpl))
			code, m, b = panitia.call("POST", "/api/v1/periods/1/applicants/import", []byte(forPeriod1), "Content-Type", "text/csv")
			expect(t, "import into a period with local submissions", code, m, b, 409, "conflict")

			// The TMS applicant: no password yet; the reset link sets one.
			const nik, email = "6271035203990002", "siti.aminah@example.id"
			res, _ := do(t, c, "POST", srv.URL+"/api/v1/auth/token", "", strings.NewReader(`{"username":"`+nik+`","password":""}`), "Content-Type", "application/json")
			if res.StatusCode != 401 && res.StatusCode != 422 {
				t.Fatalf("an imported account signs in without a password: %d", res.StatusCode)
			}
			if code, _, b := pub.call("POST", "/api/v1/auth/password-reset", map[string]any{"login": nik}); code != 200 && code != 202 {
				t.Fatalf("reset request: %d %s", code, b)
			}
			secret := mailTo(t, db, "password.reset", email)
			if code, _, b := pub.call("POST", "/api/v1/auth/password-reset/confirm", map[string]any{"token": secret, "password": "sandi-siti-123"}); code != 200 {
				t.Fatalf("reset: %d %s", code, b)
			}
			siti := &api{t: t, base: srv.URL, c: c, token: token(t, c, srv.URL, nik, "sandi-siti-123")}
			_, m, b = siti.call("GET", "/api/v1/me/applications", nil)
			items, _ := m["items"].([]any)
			if len(items) != 1 {
				t.Fatalf("my applications: %s", b)
			}
			app := items[0].(map[string]any)
			if app["registration_number"] != "24300110000002" || app["status"] != "submitted" {
				t.Fatalf("imported application: %v", app)
			}
			appID := app["id"].(string)
			_, m, b = siti.call("GET", "/api/v1/applications/"+appID, nil)
			if v, _ := m["verification"].(map[string]any); v == nil || v["status"] != "pending" {
				t.Fatalf("before the announcement the applicant sees a decision: %s", b)
			}
			code, m, b = siti.call("POST", "/api/v1/applications/"+appID+"/appeal", map[string]any{"reason": "IPK saya 2,75 sesuai transkrip; mohon diperiksa ulang."})
			expect(t, "appeal before the announcement", code, m, b, 409, "failed_precondition")

			code, m, b = panitia.call("POST", "/api/v1/periods/"+period+"/announcements", map[string]any{"stage": "administration"})
			expect(t, "publish", code, m, b, 201, "")
			code, _, csvb := pub.call("GET", "/api/v1/periods/"+period+"/results?stage=administration&format=csv", nil)
			if code != 200 || !strings.Contains(string(csvb), "24300110000002,SI*** AM***,PKY-2027-001") || !strings.Contains(string(csvb), ",TMS\n") {
				t.Fatalf("results: %d %s", code, csvb)
			}
			_, m, b = siti.call("GET", "/api/v1/applications/"+appID, nil)
			v, _ := m["verification"].(map[string]any)
			reasons, _ := v["reasons"].([]any)
			if v["status"] != "TMS" || len(reasons) != 2 || !strings.Contains(string(b), "Ijazah tidak dilegalisir") {
				t.Fatalf("the applicant does not read the reasons: %s", b)
			}
			code, m, b = siti.call("POST", "/api/v1/applications/"+appID+"/appeal", map[string]any{"reason": "IPK saya 2,75 sesuai transkrip; mohon diperiksa ulang."})
			expect(t, "appeal", code, m, b, 201, "")
			code, m, b = siti.call("POST", "/api/v1/applications/"+appID+"/appeal", map[string]any{"reason": "Sekali lagi, mohon diperiksa."})
			expect(t, "second appeal", code, m, b, 409, "conflict")

			// The command line: the same template, an import into another period.
			code, out, errOut := runCmd(t, "import", "applicants", "--template")
			if code != 0 || !strings.HasPrefix(out, "no_peserta,nik,") {
				t.Fatalf("cli template: %d %s %s", code, out, errOut)
			}
			code, m, b = panitia.call("POST", "/api/v1/periods", map[string]any{"name": "CPNS Nasional 2", "kind": "cpns", "reference_date": "2027-01-01",
				"timeline": map[string]any{"announce_at": at(-48 * time.Hour), "registration_open_at": at(-24 * time.Hour), "registration_close_at": at(10 * 24 * time.Hour),
					"administration_announce_at": at(15 * 24 * time.Hour), "appeal_days": 3}})
			if code != 201 {
				t.Fatalf("second period: %d %s", code, b)
			}
			p2 := m["id"].(string)
			panitia.call("POST", "/api/v1/periods/"+p2+"/formations/import", ftmpl)
			file := filepath.Join(t.TempDir(), "peserta.csv")
			other := strings.NewReplacer("2430011000000", "2430012000000").Replace(string(tmpl))
			os.WriteFile(file, []byte(other), 0o600)
			code, out, errOut = runCmd(t, "import", "applicants", "--db", srv.DSN, "--key-file", srv.KeyFile, "--period", p2, file)
			if code != 0 || !strings.Contains(out, "2 applicants imported into period "+p2) {
				t.Fatalf("cli import: %d %s %s", code, out, errOut)
			}
			code, _, errOut = runCmd(t, "import", "applicants", "--db", srv.DSN, "--key-file", srv.KeyFile, "--period", p2, file)
			if code == 0 || !strings.Contains(errOut, "line 2, column nik") {
				t.Fatalf("cli second import: %d %s", code, errOut)
			}
			if n := countAudit(t, srv.DSN, "applicants.import"); n != 2 {
				t.Fatalf("%d applicants.import events, want 2", n)
			}
		})
	}
}
