package app_test

import (
	"bytes"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"net/url"
	"slices"
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
	Records    []devRecord `json:"records"`
}

// devRecord is one record of an employee's year.
type devRecord struct {
	ID, Source, Title, Status string
	JP                        int
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

// devAPI is a demo server with its callers' tokens.
type devAPI struct {
	t   *testing.T
	srv *apptest.Server
	c   *http.Client
	tok map[string]string
}

func (a *devAPI) get(user, path string) (*http.Response, []byte) {
	return do(a.t, a.c, "GET", a.srv.URL+path, a.tok[user], nil)
}

func (a *devAPI) mine(user string) developmentOut {
	a.t.Helper()
	res, b := a.get(user, "/api/v1/employees/me/development")
	var out developmentOut
	if res.StatusCode != 200 || json.Unmarshal(b, &out) != nil {
		a.t.Fatalf("%s: %d %s", user, res.StatusCode, b)
	}
	return out
}

// TestDevelopmentAPI: on the demo, pegawai reads their JP (the request
// waiting for atasan, the two trainings the training part credited: 11
// JP) and who may read
// whom; external hours without evidence or with a JP out of range are
// refused (422); atasan approves once (409 the second time); the
// dashboard's files and its bad input.
func TestDevelopmentAPI(t *testing.T) {
	t.Parallel()
	a := &devAPI{t: t, srv: apptest.Start(t, sqldb.SQLite, "--demo"), c: apptest.Client(), tok: map[string]string{}}
	for _, u := range []string{"pegawai", "atasan", "pimpinan", "admin", "auditor", "verifikator"} {
		a.tok[u] = token(t, a.c, a.srv.URL, u, app.DemoPassword)
	}
	res, b := a.get("pegawai", "/api/v1/employees/me/development")
	raw := map[string]any{}
	_ = json.Unmarshal(b, &raw)
	for _, k := range []string{"year", "jp_total", "jp_required", "compliant", "records", "shortfall"} {
		if _, ok := raw[k]; !ok {
			t.Errorf("no %q in %d %s", k, res.StatusCode, b)
		}
	}
	me := a.mine("pegawai")
	pending := slices.IndexFunc(me.Records, func(r devRecord) bool { return r.Status == "pending" })
	if me.JPRequired != 20 || me.JPPending != 4 || me.JPTotal != 13 || len(me.Records) != 4 || pending < 0 ||
		me.Shortfall != 20-me.JPTotal || me.Compliant {
		t.Fatalf("me: %+v", me)
	}
	a.whoReads(me.Employee.ID, a.mine("atasan").Employee.ID)
	a.external()
	a.decide(me.Records[pending].ID)
	a.dashboard()
}

// whoReads: the supervisor, the leader, the admin and the auditor read
// pegawai's; pegawai not their supervisor's (404); a verifier has no
// route (403); bad years 422.
func (a *devAPI) whoReads(me, boss string) {
	for _, tc := range []struct {
		user, path string
		status     int
	}{
		{"atasan", "/api/v1/employees/" + me + "/development", 200},
		{"pimpinan", "/api/v1/employees/" + me + "/development?year=2025", 200},
		{"admin", "/api/v1/employees/" + me + "/development", 200},
		{"auditor", "/api/v1/employees/" + me + "/development", 200},
		{"pegawai", "/api/v1/employees/" + boss + "/development", 404},
		{"verifikator", "/api/v1/employees/" + me + "/development", 403},
		{"admin", "/api/v1/employees/999999/development", 404},
		{"pegawai", "/api/v1/employees/me/development?year=20x6", 422},
		{"admin", "/api/v1/employees/" + me + "/development?year=1999", 422},
		{"verifikator", "/api/v1/employees/me/development", 404}, // no employee record
	} {
		if res, b := a.get(tc.user, tc.path); res.StatusCode != tc.status {
			a.t.Errorf("%s %s: %d, want %d (%s)", tc.user, tc.path, res.StatusCode, tc.status, b)
		}
	}
}

// external: without evidence 422, JP out of range 422, then sent; the
// page refuses the same without evidence (422) and shows why.
func (a *devAPI) external() {
	t := a.t
	post := func(body *bytes.Buffer, ct string) (*http.Response, []byte) {
		return do(t, a.c, "POST", a.srv.URL+"/api/v1/employees/me/development/external", a.tok["pegawai"], body, "Content-Type", ct)
	}
	body, ct := externalBody(t, "6", nil)
	res, b := post(body, ct)
	if e := wantError(t, res, b, 422, "invalid"); e.Error.Fields["evidence"] == "" {
		t.Fatalf("no evidence: %s", b)
	}
	for _, jp := range []string{"0", "201", "-4", "dua"} {
		body, ct = externalBody(t, jp, testkit.PDF("sertifikat"))
		res, b = post(body, ct)
		if e := wantError(t, res, b, 422, "invalid"); e.Error.Fields["jp"] == "" {
			t.Fatalf("JP %s: %s", jp, b)
		}
	}
	body, ct = externalBody(t, "6", testkit.PDF("sertifikat"))
	if res, b = post(body, ct); res.StatusCode != 201 {
		t.Fatalf("external: %d %s", res.StatusCode, b)
	}
	body, ct = externalBody(t, "6", nil)
	res, b = do(t, a.c, "POST", a.srv.URL+"/jam-pelajaran", a.tok["pegawai"], body, "Content-Type", ct)
	if res.StatusCode != 422 || !strings.Contains(string(b), `id="file-error"`) {
		t.Fatalf("page without evidence: %d", res.StatusCode)
	}
}

// decide: only the supervisor (pegawai has not the role: 403); the page
// asks to confirm, then approves; a second decision 409; the evidence for
// the employee and the supervisor only.
func (a *devAPI) decide(pending string) {
	t := a.t
	decide := func(user, decision string) (*http.Response, []byte) {
		return do(t, a.c, "POST", a.srv.URL+"/api/v1/development/"+pending+"/decision", a.tok[user],
			strings.NewReader(`{"decision":"`+decision+`","reason":"Bukti tidak sesuai"}`), "Content-Type", "application/json")
	}
	if res, b := decide("pegawai", "approve"); res.StatusCode != 403 {
		t.Fatalf("decided by the employee: %d %s", res.StatusCode, b)
	}
	if res, b := decide("atasan", "maybe"); res.StatusCode != 422 {
		t.Fatalf("bad decision: %d %s", res.StatusCode, b)
	}
	form := url.Values{"decision": {"approve"}, "reason": {""}}
	send := func() (*http.Response, []byte) {
		return do(t, a.c, "POST", a.srv.URL+"/jam-pelajaran/tim/"+pending, a.tok["atasan"], strings.NewReader(form.Encode()),
			"Content-Type", "application/x-www-form-urlencoded")
	}
	if res, b := send(); res.StatusCode != 200 || !strings.Contains(string(b), `name="confirm"`) {
		t.Fatalf("confirm page: %d", res.StatusCode)
	}
	form.Set("confirm", "1")
	if res, _ := send(); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("approve: %d", res.StatusCode)
	}
	res, b := decide("atasan", "reject")
	wantError(t, res, b, 409, "conflict")
	if me := a.mine("pegawai"); me.JPPending != 6 || me.JPTotal != 17 {
		t.Fatalf("after approval: %+v", me)
	}
	if n := countAudit(t, a.srv.DSN, "development.approve"); n != 1 {
		t.Fatalf("%d approvals recorded", n)
	}
	for user, status := range map[string]int{"pegawai": 200, "atasan": 200, "admin": 403} {
		res, b := a.get(user, "/jam-pelajaran/bukti/"+pending)
		if res.StatusCode != status || (status == 200 && !bytes.HasPrefix(b, []byte("%PDF"))) {
			t.Errorf("evidence for %s: %d", user, res.StatusCode)
		}
	}
}

// dashboard: the page, its files, and its bad input.
func (a *devAPI) dashboard() {
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
		res, b := a.get("pimpinan", tc.path)
		if res.StatusCode != tc.status || !strings.HasPrefix(res.Header.Get("Content-Type"), tc.ctype) {
			a.t.Errorf("%s: %d %s (%.80s)", tc.path, res.StatusCode, res.Header.Get("Content-Type"), b)
		}
	}
}
