package app_test

import (
	"bytes"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"asnpro/internal/app"
	"asnpro/internal/app/apptest"
	"asnpro/internal/development"
	"asnpro/internal/sqldb"
	"asnpro/internal/testkit"
)

// developmentOut is an employee's year as the API answers it.
type developmentOut struct {
	Year       int  `json:"year"`
	JPTotal    int  `json:"jp_total"`
	JPRequired int  `json:"jp_required"`
	Compliant  bool `json:"compliant"`
	Shortfall  int  `json:"shortfall"`
	JPPending  int  `json:"jp_pending"`
	Employee   struct{ ID, Name string }
	Records    []struct {
		ID, Source, Title, Status string
		JP                        int
	} `json:"records"`
}

// externalBody is a multipart submission of external hours; file nil:
// no evidence.
func externalBody(t *testing.T, jp string, file []byte) (*bytes.Buffer, string) {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for _, kv := range [][2]string{{"title", "Kursus Daring Analisis Data"}, {"institution", "Universitas Palangka Raya"}, {"jp", jp},
		{"completed_on", time.Now().In(development.WIB()).Format(time.DateOnly)}} {
		if err := mw.WriteField(kv[0], kv[1]); err != nil {
			t.Fatal(err)
		}
	}
	if file != nil {
		w, err := mw.CreateFormFile("file", "sertifikat.pdf")
		if err != nil {
			t.Fatal(err)
		}
		w.Write(file)
	}
	mw.Close()
	return &b, mw.FormDataContentType()
}

// TestDevelopmentAPI: on the demo, pegawai reads their JP (the request
// waiting for atasan, no trainings of their own yet) and who may read
// whom; external hours without evidence or with a JP out of range are
// refused (422); atasan approves once (409 the second time); the
// dashboard's files and its bad input.
func TestDevelopmentAPI(t *testing.T) {
	t.Parallel()
	srv := apptest.Start(t, sqldb.SQLite, "--demo")
	c := apptest.Client()
	tok := map[string]string{}
	for _, u := range []string{"pegawai", "atasan", "pimpinan", "admin", "auditor", "verifikator"} {
		tok[u] = token(t, c, srv.URL, u, app.DemoPassword)
	}
	get := func(user, path string) (*http.Response, []byte) { return do(t, c, "GET", srv.URL+path, tok[user], nil) }
	res, b := get("pegawai", "/api/v1/employees/me/development")
	if res.StatusCode != 200 {
		t.Fatalf("me: %d %s", res.StatusCode, b)
	}
	raw := map[string]any{}
	_ = json.Unmarshal(b, &raw)
	for _, k := range []string{"year", "jp_total", "jp_required", "compliant", "records", "shortfall"} {
		if _, ok := raw[k]; !ok {
			t.Errorf("no %q in %s", k, b)
		}
	}
	var me developmentOut
	if err := json.Unmarshal(b, &me); err != nil {
		t.Fatal(err)
	}
	if me.JPRequired != 20 || me.JPPending != 4 || len(me.Records) != 1 || me.Records[0].Status != "pending" ||
		me.Shortfall != 20-me.JPTotal || me.Compliant {
		t.Fatalf("me: %s", b)
	}
	pending := me.Records[0].ID
	res, b = get("atasan", "/api/v1/employees/me/development")
	var boss developmentOut
	if res.StatusCode != 200 || json.Unmarshal(b, &boss) != nil {
		t.Fatalf("atasan: %d %s", res.StatusCode, b)
	}
	for _, tc := range []struct {
		user, path string
		status     int
	}{
		{"atasan", "/api/v1/employees/" + me.Employee.ID + "/development", 200},
		{"pimpinan", "/api/v1/employees/" + me.Employee.ID + "/development?year=2025", 200},
		{"admin", "/api/v1/employees/" + me.Employee.ID + "/development", 200},
		{"auditor", "/api/v1/employees/" + me.Employee.ID + "/development", 200},
		{"pegawai", "/api/v1/employees/" + boss.Employee.ID + "/development", 404}, // not their supervisor's
		{"verifikator", "/api/v1/employees/" + me.Employee.ID + "/development", 403},
		{"admin", "/api/v1/employees/999999/development", 404},
		{"pegawai", "/api/v1/employees/me/development?year=20x6", 422},
		{"admin", "/api/v1/employees/" + me.Employee.ID + "/development?year=1999", 422},
		{"verifikator", "/api/v1/employees/me/development", 404}, // no employee record
	} {
		if res, b := get(tc.user, tc.path); res.StatusCode != tc.status {
			t.Errorf("%s %s: %d, want %d (%s)", tc.user, tc.path, res.StatusCode, tc.status, b)
		}
	}

	// External hours: without evidence 422, JP out of range 422, then sent.
	post := func(user string, body *bytes.Buffer, ct string) (*http.Response, []byte) {
		return do(t, c, "POST", srv.URL+"/api/v1/employees/me/development/external", tok[user], body, "Content-Type", ct)
	}
	body, ct := externalBody(t, "6", nil)
	res, b = post("pegawai", body, ct)
	if e := wantError(t, res, b, 422, "invalid"); e.Error.Fields["evidence"] == "" {
		t.Fatalf("no evidence: %s", b)
	}
	for _, jp := range []string{"0", "201", "-4", "dua"} {
		body, ct = externalBody(t, jp, testkit.PDF("sertifikat"))
		res, b = post("pegawai", body, ct)
		if e := wantError(t, res, b, 422, "invalid"); e.Error.Fields["jp"] == "" {
			t.Fatalf("JP %s: %s", jp, b)
		}
	}
	body, ct = externalBody(t, "6", testkit.PDF("sertifikat"))
	if res, b = post("pegawai", body, ct); res.StatusCode != 201 {
		t.Fatalf("external: %d %s", res.StatusCode, b)
	}
	// The page refuses the same without evidence (422) and shows why.
	body, ct = externalBody(t, "6", nil)
	res, b = do(t, c, "POST", srv.URL+"/jam-pelajaran", tok["pegawai"], body, "Content-Type", ct)
	if res.StatusCode != 422 || !strings.Contains(string(b), `id="file-error"`) {
		t.Fatalf("page without evidence: %d", res.StatusCode)
	}

	// Deciding: only the supervisor (pegawai has not the role: 403); once (409).
	decide := func(user, id, decision string) (*http.Response, []byte) {
		return do(t, c, "POST", srv.URL+"/api/v1/development/"+id+"/decision", tok[user],
			strings.NewReader(`{"decision":"`+decision+`","reason":"Bukti tidak sesuai"}`), "Content-Type", "application/json")
	}
	if res, b = decide("pegawai", pending, "approve"); res.StatusCode != 403 {
		t.Fatalf("decided by the employee: %d %s", res.StatusCode, b)
	}
	if res, b = decide("atasan", pending, "maybe"); res.StatusCode != 422 {
		t.Fatalf("bad decision: %d %s", res.StatusCode, b)
	}
	// The page asks to confirm first, then decides.
	form := url.Values{"decision": {"approve"}, "reason": {""}}
	res, b = do(t, c, "POST", srv.URL+"/jam-pelajaran/tim/"+pending, tok["atasan"], strings.NewReader(form.Encode()),
		"Content-Type", "application/x-www-form-urlencoded")
	if res.StatusCode != 200 || !strings.Contains(string(b), `name="confirm"`) {
		t.Fatalf("confirm page: %d", res.StatusCode)
	}
	form.Set("confirm", "1")
	res, _ = do(t, c, "POST", srv.URL+"/jam-pelajaran/tim/"+pending, tok["atasan"], strings.NewReader(form.Encode()),
		"Content-Type", "application/x-www-form-urlencoded")
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("approve: %d", res.StatusCode)
	}
	res, b = decide("atasan", pending, "reject")
	wantError(t, res, b, 409, "conflict")
	res, b = get("pegawai", "/api/v1/employees/me/development")
	if json.Unmarshal(b, &me) != nil || me.JPPending != 6 || me.JPTotal != 4 {
		t.Fatalf("after approval: %s", b)
	}
	if n := countAudit(t, srv.DSN, "development.approve"); n != 1 {
		t.Fatalf("%d approvals recorded", n)
	}

	// The evidence: the employee and their supervisor; the admin has no route (403).
	for user, status := range map[string]int{"pegawai": 200, "atasan": 200, "admin": 403} {
		res, b := get(user, "/jam-pelajaran/bukti/"+pending)
		if res.StatusCode != status || (status == 200 && !bytes.HasPrefix(b, []byte("%PDF"))) {
			t.Errorf("evidence for %s: %d", user, res.StatusCode)
		}
	}

	// The dashboard and its files.
	for _, tc := range []struct {
		path   string
		status int
		ctype  string
	}{
		{"/jam-pelajaran/kepatuhan", 200, "text/html"},
		{"/jam-pelajaran/kepatuhan?format=xlsx", 200, "application/vnd.openxmlformats"},
		{"/jam-pelajaran/kepatuhan?format=csv&year=2026", 200, "text/csv"},
		{"/jam-pelajaran/kepatuhan?format=pdf", 422, ""},
		{"/jam-pelajaran/kepatuhan?year=abc", 422, ""},
		{"/jam-pelajaran/kepatuhan?unit=999999", 404, ""},
	} {
		res, b := get("pimpinan", tc.path)
		if res.StatusCode != tc.status || !strings.HasPrefix(res.Header.Get("Content-Type"), tc.ctype) {
			t.Errorf("%s: %d %s (%.80s)", tc.path, res.StatusCode, res.Header.Get("Content-Type"), b)
		}
	}
}
