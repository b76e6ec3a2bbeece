package app_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"

	"asnpro/internal/app"
	"asnpro/internal/app/apptest"
	"asnpro/internal/sqldb/sqldbtest"
	"asnpro/internal/testkit"
)

// submitComplete creates, fills and submits an application of a for the
// demo formation PKY-2026-007 and returns its id.
func submitComplete(t *testing.T, a *api) string {
	t.Helper()
	fid := formationID(t, a, "1", "PKY-2026-007")
	code, m, b := a.call(
		"POST",
		"/api/v1/applications",
		map[string]any{"formation_id": fid, "education": map[string]any{"level": "S1", "major": "S1-TI", "ipk": 3.5}},
	)
	if code != 201 {
		t.Fatalf("create: %d %s", code, b)
	}
	id := m["id"].(string)
	for _, k := range []string{"pas_foto", "swafoto", "ktp"} {
		if code, _, b := a.call("PUT", "/api/v1/applications/"+id+"/documents/"+k, testkit.JPEG(t, 120, 160)); code != 200 {
			t.Fatalf("%s: %d %s", k, code, b)
		}
	}
	for _, k := range []string{"ijazah", "transkrip", "surat_lamaran"} {
		if code, _, b := a.call("PUT", "/api/v1/applications/"+id+"/documents/"+k, testkit.PDF(k, testkit.PaddedTo(3000))); code != 200 {
			t.Fatalf("%s: %d %s", k, code, b)
		}
	}
	if code, _, b := a.call("POST", "/api/v1/applications/"+id+"/submit", nil); code != 200 {
		t.Fatalf("submit: %d %s", code, b)
	}
	return id
}

// addStaff adds a user with `asnpro user add` beside the running server.
func addStaff(t *testing.T, srv *apptest.Server, username, role string) *api {
	t.Helper()
	var out, errb bytes.Buffer
	if code := app.Run(context.Background(), []string{"user", "add", "--db", srv.DSN, "--username", username, "--name",
		"Staf " + username, "--role", role, "--password-file", "-", "--key-file", srv.KeyFile},
		func(string) string { return "" }, strings.NewReader("rahasia-staf-1\n"), &out, &errb); code != 0 {
		t.Fatalf("user add %s: %s", username, errb.String())
	}
	a := &api{t: t, base: srv.URL, c: apptest.Client()}
	a.token = token(t, a.c, srv.URL, username, "rahasia-staf-1")
	return a
}

func staff(t *testing.T, srv *apptest.Server, username string) *api {
	a := &api{t: t, base: srv.URL, c: apptest.Client()}
	a.token = token(t, a.c, srv.URL, username, app.DemoPassword)
	return a
}

func expect(t *testing.T, what string, code int, m map[string]any, b []byte, status int, errc string) {
	t.Helper()
	if code != status || (errc != "" && errCode(m) != errc) {
		t.Fatalf("%s: %d %s, want %d %s", what, code, b, status, errc)
	}
}

// TestVerificationAPIJourney: the verification API end to end on both
// engines, with its bad inputs: pact 403, someone else's application 404,
// TMS without reason 422, deciding twice 409, publishing while undecided
// 409 with the count, an appeal by an MS applicant and a second appeal
// 409, the post-appeal list, versions that stay, audit verify.
func TestVerificationAPIJourney(t *testing.T) {
	t.Parallel()
	for _, e := range sqldbtest.Engines() {
		t.Run(string(e), func(t *testing.T) {
			srv := apptest.Start(t, e, "--demo", "--register-per-minute", "1000")
			j := &verJourney{srv: srv, pub: &api{t: t, base: srv.URL, c: apptest.Client()}}
			j.siti, j.budi = newApplicant(t, srv.URL), newApplicant(t, srv.URL)
			j.sitiApp, j.budiApp = submitComplete(t, j.siti), submitComplete(t, j.budi)
			j.veri, j.panitia = staff(t, srv, "verifikator"), staff(t, srv, "panitia")
			for _, step := range []struct {
				name string
				run  func(t *testing.T)
			}{
				{"the pact comes first", j.pact},
				{"decisions", j.decide},
				{"publishing", j.publish},
				{"appeals", j.appeal},
				{"answering an appeal", j.answer},
				{"after the appeals", j.afterAppeals},
			} {
				if !t.Run(step.name, step.run) {
					return
				}
			}
		})
	}
}

// verJourney is the state TestVerificationAPIJourney carries from one
// step to the next.
type verJourney struct {
	srv                 *apptest.Server
	pub, siti, budi     *api
	veri, panitia, baru *api
	sitiApp, budiApp    string
	demoApp             string // pelamar's, submitted in the demo
	digest, appealID    string
}

// pact: the demo verifier signed already; a new one is refused until
// signing, once.
func (j *verJourney) pact(t *testing.T) {
	// The demo verifier signed already: both are in their queue, after
	// the demo applicant pelamar's.
	code, m, b := j.veri.call("GET", "/api/v1/periods/1/verification/queue", nil)
	expect(t, "queue", code, m, b, 200, "")
	if c := m["counts"].(map[string]any); c["pending"].(float64) != 3 || m["total"].(float64) != 3 {
		t.Fatalf("queue %s", b)
	}
	for _, it := range m["items"].([]any) {
		if it := it.(map[string]any); it["name"] == "Yohana Pelamar" {
			j.demoApp = it["application_id"].(string)
		}
	}
	if j.demoApp == "" {
		t.Fatalf("pelamar's application is not in the queue: %s", b)
	}
	// A new verifier who has not signed: 403 naming the pact, before anything else.
	j.baru = addStaff(t, j.srv, "verifikator2", "verifier")
	decide := "/api/v1/applications/" + j.sitiApp + "/verification"
	runScenarios(t, []scenario{
		{name: "queue before the pact", as: j.baru, method: "GET", path: "/api/v1/periods/1/verification/queue",
			status: 403, code: "forbidden", msg: "pakta integritas"},
		{name: "decide before the pact", as: j.baru, method: "POST", path: decide, body: map[string]any{"decision": "MS"},
			status: 403, code: "forbidden"},
		{name: "sign", as: j.baru, method: "POST", path: "/api/v1/periods/1/pact", body: map[string]any{"no_conflict": true}, status: 201},
		{name: "sign twice", as: j.baru, method: "POST", path: "/api/v1/periods/1/pact", status: 409, code: "conflict"},
		{name: "someone else's application", as: j.baru, method: "POST", path: decide, body: map[string]any{"decision": "MS"},
			status: 404, code: "not_found"},
	})
}

// decide: the verifier sees the documents and decides, once; the
// applicant sees nothing before the announcement.
func (j *verJourney) decide(t *testing.T) {
	// The verifier sees the documents inline, sandboxed, each view recorded.
	res, body := do(t, j.veri.c, "GET", j.srv.URL+"/api/v1/applications/"+j.sitiApp+"/documents/ijazah", j.veri.token, nil)
	if res.StatusCode != 200 || !bytes.HasPrefix(body, []byte("%PDF-")) || res.Header.Get("X-Content-Type-Options") != "nosniff" ||
		!strings.Contains(res.Header.Get("Content-Security-Policy"), "sandbox") ||
		!strings.HasPrefix(res.Header.Get("Content-Disposition"), "inline") {
		t.Fatalf("document: %d %v", res.StatusCode, res.Header)
	}
	decide := "/api/v1/applications/" + j.sitiApp + "/verification"
	m := scenario{name: "view", as: j.veri, method: "GET", path: decide, status: 200}.run(t)
	if len(m["prechecks"].([]any)) < 7 || len(m["checklist"].([]any)) != 10 {
		t.Fatalf("view %v", m)
	}
	tms := map[string]any{
		"decision": "TMS",
		"reasons":  []map[string]string{{"requirement": "transkrip", "note": "Transkrip tidak memuat IPK"}},
	}
	runScenarios(t, []scenario{
		{name: "TMS without a reason", as: j.veri, method: "POST", path: decide + "?lang=en", body: map[string]any{"decision": "TMS"},
			status: 422, code: "invalid", fields: []string{"reasons"}, msg: "incomplete"},
		{name: "TMS", as: j.veri, method: "POST", path: decide, body: tms, status: 200},
		{name: "decide twice", as: j.veri, method: "POST", path: decide, body: map[string]any{"decision": "MS"}, status: 409, code: "conflict"},
		{name: "MS", as: j.veri, method: "POST", path: "/api/v1/applications/" + j.budiApp + "/verification",
			body: map[string]any{"decision": "MS"}, status: 200},
	})
	// Before the announcement the applicant sees no decision.
	code, m, b := j.siti.call("GET", "/api/v1/applications/"+j.sitiApp, nil)
	if v := m["verification"].(map[string]any); code != 200 || v["status"] != "pending" || len(v["reasons"].([]any)) != 0 {
		t.Fatalf("applicant before the announcement: %s", b)
	}
	scenario{name: "appeal before the announcement", as: j.siti, method: "POST", path: "/api/v1/applications/" + j.sitiApp + "/appeal",
		body: map[string]any{"reason": "Transkrip saya memuat IPK pada halaman dua."}, status: 409, code: "failed_precondition"}.run(t)
}

// publish: publishing waits for every decision; the results are served
// in every format with the published digest.
func (j *verJourney) publish(t *testing.T) {
	// A third application, undecided: publishing is 409 with the count.
	third := submitComplete(t, newApplicant(t, j.srv.URL))
	closeRegistration(t, j.panitia, "1")
	announce := scenario{name: "publish while undecided", as: j.panitia, method: "POST", path: "/api/v1/periods/1/announcements",
		body: map[string]any{"stage": "administration"}, status: 409, code: "failed_precondition"}
	if m := announce.run(t); errField(m, "undecided") != "2" {
		t.Fatalf("no count: %v", m)
	}
	// It went to the verifier with fewer applications (balanced).
	scenario{name: "the new verifier decides", as: j.baru, method: "POST", path: "/api/v1/applications/" + third + "/verification",
		body: map[string]any{"decision": "MS"}, status: 200}.run(t)
	scenario{name: "the demo applicant's", as: j.veri, method: "POST", path: "/api/v1/applications/" + j.demoApp + "/verification",
		body: map[string]any{"decision": "MS"}, status: 200}.run(t)
	announce.name, announce.status, announce.code = "publish", 201, ""
	m := announce.run(t)
	digest, seq := m["sha256"].(string), m["audit_seq"].(float64)
	if len(digest) != 64 || seq <= 0 {
		t.Fatalf("publish %v", m)
	}
	j.digest = digest
	j.checkResults(t)
}

// checkResults: the published list in CSV (its digest), JSON, PDF and
// XLSX, the bad requests for it, and the public page.
func (j *verJourney) checkResults(t *testing.T) {
	results := "/api/v1/periods/1/results?stage="
	res, csvb := do(t, j.pub.c, "GET", j.srv.URL+results+"administration&format=csv", "", nil)
	sum := sha256.Sum256(csvb)
	// The published digest is of the exact bytes served, BOM included.
	if res.StatusCode != 200 || hex.EncodeToString(sum[:]) != j.digest ||
		!bytes.HasPrefix(csvb, []byte("\xEF\xBB\xBFno,registration_number,")) ||
		strings.Contains(string(csvb), "Siti Aminah") ||
		!strings.Contains(string(csvb), "SI*** AM***") {
		t.Fatalf("csv %d %s", res.StatusCode, csvb)
	}
	code, m, b := j.pub.call("GET", results+"administration&format=json", nil)
	if code != 200 || m["sha256"] != j.digest || m["version"].(float64) != 1 || len(m["items"].([]any)) != 4 {
		t.Fatalf("json %s", b)
	}
	for format, magic := range map[string]string{"pdf": "%PDF-", "xlsx": "PK"} {
		res, body := do(t, j.pub.c, "GET", j.srv.URL+results+"administration&format="+format, "", nil)
		if res.StatusCode != 200 || !bytes.HasPrefix(body, []byte(magic)) {
			t.Fatalf("%s: %d", format, res.StatusCode)
		}
	}
	runScenarios(t, []scenario{
		{name: "bad format", as: j.pub, method: "GET", path: results + "administration&format=doc", status: 422, code: "invalid"},
		{name: "not published", as: j.pub, method: "GET", path: results + "appeal", status: 404, code: "not_found"},
	})
	// The public page prints the digest.
	res, page := do(t, j.pub.c, "GET", j.srv.URL+"/periods/1/results", "", nil)
	if res.StatusCode != 200 || !strings.Contains(string(page), j.digest) {
		t.Fatalf("results page %d", res.StatusCode)
	}
}

// appeal: the applicant reads the reason and appeals once; an MS
// applicant and someone else cannot.
func (j *verJourney) appeal(t *testing.T) {
	code, m, b := j.siti.call("GET", "/api/v1/applications/"+j.sitiApp, nil)
	expect(t, "applicant after the announcement", code, m, b, 200, "")
	if v := m["verification"].(map[string]any); v["status"] != "TMS" || len(v["reasons"].([]any)) != 1 {
		t.Fatalf("applicant after the announcement: %s", b)
	}
	appeal := "/api/v1/applications/" + j.sitiApp + "/appeal"
	scenario{
		name:   "empty appeal",
		as:     j.siti,
		method: "POST",
		path:   appeal,
		body:   map[string]any{"reason": " "},
		status: 422,
		code:   "invalid",
	}.run(
		t,
	)
	m = scenario{name: "appeal", as: j.siti, method: "POST", path: appeal,
		body: map[string]any{"reason": "Transkrip saya memuat IPK pada halaman dua."}, status: 201}.run(t)
	j.appealID = m["id"].(string)
	runScenarios(t, []scenario{
		{name: "second appeal", as: j.siti, method: "POST", path: appeal,
			body: map[string]any{"reason": "Sekali lagi, mohon diperiksa."}, status: 409, code: "conflict"},
		{name: "appeal by an MS applicant", as: j.budi, method: "POST", path: "/api/v1/applications/" + j.budiApp + "/appeal",
			body: map[string]any{"reason": "Saya MS tetapi ingin menyanggah."}, status: 409, code: "conflict"},
		{name: "appeal on someone else's application", as: j.budi, method: "POST", path: appeal,
			body: map[string]any{"reason": "Bukan lamaran saya sendiri."}, status: 404, code: "not_found"},
	})
}

// answer: a second committee member (not the first verifier) answers,
// after signing.
func (j *verJourney) answer(t *testing.T) {
	ketua := addStaff(t, j.srv, "ketua", "committee")
	decision := "/api/v1/appeals/" + j.appealID + "/decision"
	scenario{name: "answer before the pact", as: ketua, method: "POST", path: decision,
		body: map[string]any{"upheld": true, "response": "IPK ada pada halaman dua."}, status: 403, code: "forbidden"}.run(t)
	ketua.call("POST", "/api/v1/periods/1/pact", map[string]any{"no_conflict": true})
	runScenarios(t, []scenario{
		{name: "answer without upheld", as: ketua, method: "POST", path: decision, body: map[string]any{"response": "tanpa putusan"},
			status: 422, code: "invalid"},
		{name: "a verifier answers", as: j.veri, method: "POST", path: decision, body: map[string]any{"upheld": true, "response": "x"},
			status: 403, code: "forbidden"},
		{name: "uphold", as: ketua, method: "POST", path: decision,
			body: map[string]any{"upheld": true, "response": "IPK ada pada halaman dua; keputusan menjadi MS."}, status: 200},
	})
}

// afterAppeals: the post-appeal list, the first version unchanged, the
// statistics and progress, and the audit chain verifies.
func (j *verJourney) afterAppeals(t *testing.T) {
	scenario{name: "post-appeal", as: j.panitia, method: "POST", path: "/api/v1/periods/1/announcements",
		body: map[string]any{"stage": "appeal"}, status: 201}.run(t)
	m := scenario{name: "post-appeal results", as: j.pub, method: "GET", path: "/api/v1/periods/1/results?stage=appeal", status: 200}.run(t)
	found := false
	for _, it := range m["items"].([]any) {
		if it := it.(map[string]any); it["name"] == "SI*** AM***" && it["result"] == "MS" {
			found = true
		}
	}
	if !found {
		t.Fatalf("post-appeal list %v", m)
	}
	code, m, b := j.pub.call("GET", "/api/v1/periods/1/results?stage=administration&version=1", nil)
	if code != 200 || m["sha256"] != j.digest {
		t.Fatalf("version 1 changed: %s", b)
	}
	code, m, b = j.pub.call("GET", "/api/v1/periods/1/statistics", nil)
	if ap := m["appeals"].(map[string]any); code != 200 || ap["filed"].(float64) != 1 || ap["upheld"].(float64) != 1 {
		t.Fatalf("statistics %s", b)
	}
	code, m, b = j.panitia.call("GET", "/api/v1/periods/1/verification/progress", nil)
	if code != 200 || m["decided"].(float64) != 4 || len(m["verifiers"].([]any)) != 2 {
		t.Fatalf("progress %s", b)
	}
	j.srv.Stop(t)
	var out, errb bytes.Buffer
	args := []string{"audit", "verify", "--db", j.srv.DSN}
	if code := app.Run(context.Background(), args, func(string) string { return "" }, nil, &out, &errb); code != 0 {
		t.Fatalf("audit verify: %d %s %s", code, out.String(), errb.String())
	}
}
