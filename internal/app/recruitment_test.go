package app_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"image"
	"image/png"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"asnpro/internal/app/apptest"
	"asnpro/internal/sqldb"
	"asnpro/internal/sqldb/sqldbtest"
	"asnpro/internal/testkit"
)

func testPNG(t *testing.T) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 20, 20))
	var b bytes.Buffer
	png.Encode(&b, img)
	return b.Bytes()
}

type api struct {
	t     *testing.T
	base  string
	token string
	c     *http.Client
	nik   string // the applicant's NIK (newApplicant)
}

func (a *api) call(method, path string, body any, hdr ...string) (int, map[string]any, []byte) {
	a.t.Helper()
	var r io.Reader
	switch v := body.(type) {
	case nil:
	case []byte:
		r = bytes.NewReader(v)
	case io.Reader:
		r = v
	default:
		b, _ := json.Marshal(v)
		r = bytes.NewReader(b)
		hdr = append(hdr, "Content-Type", "application/json")
	}
	res, b := do(a.t, a.c, method, a.base+path, a.token, r, hdr...)
	var m map[string]any
	_ = json.Unmarshal(b, &m)
	return res.StatusCode, m, b
}

func errCode(m map[string]any) string {
	e, _ := m["error"].(map[string]any)
	c, _ := e["code"].(string)
	return c
}

func errField(m map[string]any, f string) string {
	e, _ := m["error"].(map[string]any)
	fs, _ := e["fields"].(map[string]any)
	s, _ := fs[f].(string)
	return s
}

var nikSerial atomic.Int64

// newApplicant registers an applicant (a woman born 1998-05-12) and signs in.
func newApplicant(t *testing.T, base string) *api {
	t.Helper()
	n := nikSerial.Add(1)
	nik := fmt.Sprintf("627103520598%04d", n) // day 52 = 12 + 40: a woman born 1998-05-12
	pub := &api{t: t, base: base, c: apptest.Client()}
	code, m, b := pub.call(
		"POST",
		"/api/v1/applicants",
		map[string]any{"nik": nik, "name": "Siti Aminah", "birth_place": "Palangka Raya", "birth_date": "1998-05-12",
			"gender": "F", "email": fmt.Sprintf("siti%d@example.id", n), "phone": "081234567890", "password": "rahasia-123"},
	)
	if code != 201 || m["id"] == nil {
		t.Fatalf("register: %d %s", code, b)
	}
	pub.token, pub.nik = token(t, pub.c, base, nik, "rahasia-123"), nik
	return pub
}

// formationID finds a demo formation of the open period by code.
func formationID(t *testing.T, a *api, period, code string) string {
	t.Helper()
	_, m, b := a.call("GET", "/api/v1/periods/"+period+"/formations?q="+code, nil)
	items, _ := m["items"].([]any)
	if len(items) != 1 {
		t.Fatalf("formation %s: %s", code, b)
	}
	return items[0].(map[string]any)["id"].(string)
}

func TestRecruitmentJourneyAndBadInput(t *testing.T) {
	t.Parallel()
	for _, e := range sqldbtest.Engines() {
		t.Run(string(e), func(t *testing.T) { recruitmentJourney(t, e) })
	}
}

// recruitmentJourney is TestRecruitmentJourneyAndBadInput on engine e.
func recruitmentJourney(t *testing.T, e sqldb.Engine) {
	srv := apptest.Start(t, e, "--demo", "--register-per-minute", "1000")
	pub := &api{t: t, base: srv.URL, c: apptest.Client()}
	t.Run("public lists and filters", func(t *testing.T) { checkPublicLists(t, pub) })
	t.Run("bad NIKs are 422 under fields.nik and store nothing", func(t *testing.T) { checkBadNIKs(t, pub) })
	siti := newApplicant(t, srv.URL)
	t.Run("duplicate NIK is 409", func(t *testing.T) {
		// Register siti's NIK again (tests run in parallel: the counter's
		// latest value may be another test's applicant).
		nik := siti.nik
		scenario{name: "duplicate NIK", as: pub, method: "POST", path: "/api/v1/applicants",
			body: map[string]any{"nik": nik, "name": "Siti Lain", "birth_place": "Sampit", "birth_date": "1998-05-12",
				"gender": "F", "email": "lain@example.id", "phone": "081234567899", "password": "rahasia-123"},
			status: 409, code: "conflict"}.run(t)
	})
	nurse := formationID(t, pub, "1", "PKY-2026-001")
	t.Run("ineligible choice is explained field by field", func(t *testing.T) {
		scenario{name: "ineligible", as: siti, method: "POST", path: "/api/v1/applications",
			body:   map[string]any{"formation_id": nurse, "education": map[string]any{"level": "D3", "major": "S1-TI", "ipk": 2.5}},
			status: 422, fields: []string{"education", "ipk"}}.run(t)
	})
	var appID string
	t.Run("choose a formation", func(t *testing.T) {
		code, m, b := siti.call("POST", "/api/v1/applications",
			map[string]any{"formation_id": nurse, "education": map[string]any{"level": "S1", "major": "S-1 Keperawatan / Ners", "ipk": 3.41}})
		if code != 201 || m["status"] != "draft" || m["registration_number"] == "" {
			t.Fatalf("create: %d %s", code, b)
		}
		appID = m["id"].(string)
	})
	t.Run("a second application is 409 whatever it asks", func(t *testing.T) {
		other := formationID(t, pub, "1", "PKY-2026-015")
		runScenarios(t, []scenario{
			{name: "second application (SMA)", as: siti, method: "POST", path: "/api/v1/applications",
				body: map[string]any{"formation_id": other, "education": map[string]any{"level": "SMA", "major": "SMA"}}, status: 409, msg: "satu"},
			{name: "second application (S3)", as: siti, method: "POST", path: "/api/v1/applications",
				body: map[string]any{"formation_id": other, "education": map[string]any{"level": "S3", "major": "nothing"}}, status: 409, msg: "satu"},
		})
	})
	t.Run("documents are checked by content and size", func(t *testing.T) { checkBadDocuments(t, siti, appID) })
	t.Run("submit without a required document is 422", func(t *testing.T) {
		scenario{name: "submit early", as: siti, method: "POST", path: "/api/v1/applications/" + appID + "/submit",
			status: 422, fields: []string{"documents.ijazah"}}.run(t)
	})
	t.Run("upload everything, with a hostile file name, and submit", func(t *testing.T) {
		uploadAllAndSubmit(t, siti, pub, appID, nurse)
		checkSubmitNotice(t, siti, newApplicant(t, srv.URL))
	})
	t.Run("another applicant cannot touch it (404)", func(t *testing.T) { checkOthersApplication(t, newApplicant(t, srv.URL), appID) })
	t.Run("a draft can be withdrawn to choose again", func(t *testing.T) { withdrawAndChooseAgain(t, newApplicant(t, srv.URL), pub) })
	t.Run("writes after the close are 409", func(t *testing.T) {
		a := newApplicant(t, srv.URL)
		past := formationID(t, pub, "2", "PKY-2025-001")
		scenario{name: "apply after close", as: a, method: "POST", path: "/api/v1/applications",
			body:   map[string]any{"formation_id": past, "education": map[string]any{"level": "S1", "major": "S1-KEP", "ipk": 3.5}},
			status: 409, code: "failed_precondition"}.run(t)
	})
	t.Run("roles", func(t *testing.T) {
		scenario{name: "applicant creating a period", as: siti, method: "POST", path: "/api/v1/periods",
			body: map[string]any{"name": "x"}, status: 403}.run(t)
		committee := &api{t: t, base: srv.URL, c: apptest.Client()}
		committee.token = token(t, committee.c, srv.URL, "panitia", "asnpro-demo")
		code, m, b := committee.call("GET", "/api/v1/applications/"+appID, nil)
		if code != 200 || m["status"] != "submitted" {
			t.Fatalf("committee reading: %d %s", code, b)
		}
	})
	if code, out, errOut := runCmd(t, "audit", "verify", "--db", srv.DSN); code != 0 && e == "sqlite" {
		t.Fatalf("verify: %d %s %s", code, out, errOut)
	}
}

// checkPublicLists: the public lists of periods and formations, filtered.
func checkPublicLists(t *testing.T, pub *api) {
	// The demo's published periods: this year's CPNS round, its open JPT
	// selection and last year's round (the draft is not public).
	code, m, b := pub.call("GET", "/api/v1/periods", nil)
	if code != 200 || m["total"].(float64) != 3 {
		t.Fatalf("periods: %d %s", code, b)
	}
	for _, c := range []struct {
		what, query string
		total       float64
	}{
		{"D3 formations", "level=D3", 2},
		{"by major name", "major=S-1%20Teknik%20Informatika", 1},
		{"by unit", "unit=BKPSDM", 2},
	} {
		if _, m, _ := pub.call("GET", "/api/v1/periods/1/formations?"+c.query, nil); m["total"].(float64) != c.total {
			t.Fatalf("%s: %v", c.what, m["total"])
		}
	}
	scenario{name: "unknown period", as: pub, method: "GET", path: "/api/v1/periods/99/formations", status: 404, code: "not_found"}.run(t)
}

// checkBadNIKs: each bad NIK is 422 under fields.nik, in English on
// request.
func checkBadNIKs(t *testing.T, pub *api) {
	withNIK := func(nik string) map[string]any {
		return map[string]any{"nik": nik, "name": "Budi", "birth_place": "Palangka Raya", "birth_date": "1998-05-12", "gender": "M",
			"email": "budi@example.id", "phone": "081234567890", "password": "rahasia-123"}
	}
	var scs []scenario
	for _, c := range []struct{ why, nik string }{
		{"15 digits", "627103120598001"},
		{"17 digits", "62710312059800011"},
		{"a letter", "62710312O5980001"},
		{"day 00", "6271030005980001"},
		{"day 32", "6271033205980001"},
		{"day 72", "6271037205980001"},
		{"month 13", "6271031213980001"},
		{"a woman's day for a man", "6271035205980001"},
		{"disagrees with the birth date (13th, not 12th)", "6271031305980001"},
	} {
		scs = append(scs, scenario{name: "NIK " + c.nik + ": " + c.why, as: pub, method: "POST", path: "/api/v1/applicants",
			body: withNIK(c.nik), status: 422, code: "invalid", fields: []string{"nik"}})
	}
	runScenarios(t, scs)
	// English on request.
	_, m, _ := pub.call("POST", "/api/v1/applicants?lang=en", withNIK("627103120598001"))
	if f := errField(m, "nik"); !strings.Contains(strings.ToLower(f), "digit") || strings.Contains(f, "harus") {
		t.Fatalf("English NIK message: %q", f)
	}
}

// checkBadDocuments: documents are checked by content and size, and the
// refused ones are not stored.
func checkBadDocuments(t *testing.T, siti *api, appID string) {
	docPath := "/api/v1/applications/" + appID + "/documents/"
	exe := append([]byte("MZ\x90\x00\x03\x00\x00\x00"), bytes.Repeat([]byte{0}, 2000)...)
	// Over the limit: 413, and the server stops reading early.
	big := &countingReader{r: bytes.NewReader(testkit.PDF("besar", testkit.PaddedTo(3<<20)))}
	runScenarios(t, []scenario{
		{name: ".exe renamed .pdf", as: siti, method: "PUT", path: docPath + "ijazah", body: exe,
			hdr: []string{"Content-Type", "application/pdf", "X-Filename", "ijazah.pdf"}, status: 415, code: "unsupported_media_type"},
		{name: "PNG as JPEG", as: siti, method: "PUT", path: docPath + "pas_foto", body: testPNG(t),
			hdr: []string{"Content-Type", "image/jpeg"}, status: 415, code: "unsupported_media_type"},
		{name: "oversize PDF", as: siti, method: "PUT", path: docPath + "transkrip", body: io.Reader(big),
			hdr: []string{"Content-Type", "application/pdf"}, status: 413, code: "too_large"},
		{name: "unknown kind", as: siti, method: "PUT", path: docPath + "tidak_ada", body: testkit.PDF("x", testkit.PaddedTo(1000)),
			status: 404},
	})
	_, m, _ := siti.call("GET", "/api/v1/applications/"+appID, nil)
	if docs := m["documents"].([]any); len(docs) != 0 {
		t.Fatalf("rejected uploads were stored: %v", docs)
	}
}

// uploadAllAndSubmit uploads every document (the PDFs with a hostile file
// name), submits, and checks that the application is then locked.
func uploadAllAndSubmit(t *testing.T, siti, pub *api, appID, nurse string) {
	docPath := "/api/v1/applications/" + appID + "/documents/"
	photo := testkit.JPEG(t, 300, 400)
	for _, k := range []string{"pas_foto", "swafoto", "ktp"} {
		code, m, b := siti.call("PUT", docPath+k, photo, "Content-Type", "image/jpeg")
		if code != 200 || m["content_type"] != "image/jpeg" || len(m["sha256"].(string)) != 64 {
			t.Fatalf("%s: %d %s", k, code, b)
		}
	}
	for _, k := range []string{"ijazah", "transkrip", "surat_lamaran"} {
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		fw, _ := mw.CreateFormFile("file", "../../etc/"+k+".pdf")
		fw.Write(testkit.PDF(k, testkit.PaddedTo(20000)))
		mw.Close()
		code, m, b := siti.call("PUT", docPath+k, body.Bytes(), "Content-Type", mw.FormDataContentType())
		if code != 200 || m["content_type"] != "application/pdf" {
			t.Fatalf("%s: %d %s", k, code, b)
		}
	}
	_, m, _ := siti.call("GET", "/api/v1/applications/"+appID, nil)
	for _, d := range m["documents"].([]any) {
		if fn := d.(map[string]any)["filename"]; fn != nil && strings.Contains(fn.(string), "..") {
			t.Fatalf("unsafe file name stored: %v", fn)
		}
	}
	code, m, b := siti.call("POST", "/api/v1/applications/"+appID+"/submit", nil)
	if code != 200 || m["status"] != "submitted" {
		t.Fatalf("submit: %d %s", code, b)
	}
	// Read-your-writes: the public count shows it at once.
	_, m, _ = pub.call("GET", "/api/v1/formations/"+nurse, nil)
	if m["applicants"].(float64) != 1 {
		t.Fatalf("applicants after submit: %v", m["applicants"])
	}
	// Locked now.
	runScenarios(t, []scenario{
		{
			name:   "upload after submit",
			as:     siti,
			method: "PUT",
			path:   docPath + "ktp",
			body:   photo,
			hdr:    []string{"Content-Type", "image/jpeg"},
			status: 409,
		},
		{name: "withdraw after submit", as: siti, method: "DELETE", path: "/api/v1/applications/" + appID, status: 409},
	})
}

// checkSubmitNotice: the applicant is told of the submission, in the app
// (and by e-mail through the outbox); other may not mark it read.
func checkSubmitNotice(t *testing.T, siti, other *api) {
	_, m, b := siti.call("GET", "/api/v1/notifications", nil)
	items, _ := m["items"].([]any)
	if m["unread"] != 1.0 || len(items) != 1 || !strings.HasPrefix(items[0].(map[string]any)["title"].(string), "Lamaran terkirim: ") {
		t.Fatalf("notifications after submit: %s", b)
	}
	nid := items[0].(map[string]any)["id"].(string)
	runScenarios(t, []scenario{
		{
			name:   "another user's notification",
			as:     other,
			method: "POST",
			path:   "/api/v1/notifications/" + nid + "/read",
			status: 404,
			code:   "not_found",
		},
		{name: "mark read", as: siti, method: "POST", path: "/api/v1/notifications/" + nid + "/read", status: 200},
	})
	if _, m, _ := siti.call("GET", "/api/v1/notifications", nil); m["unread"] != 0.0 {
		t.Fatalf("unread after reading: %v", m["unread"])
	}
	if _, _, page := siti.call("GET", "/notifikasi", nil); !strings.Contains(string(page), "Lamaran terkirim") {
		t.Fatalf("the notifications page does not show it")
	}
}

// checkOthersApplication: another applicant gets 404 for everything on
// the application.
func checkOthersApplication(t *testing.T, other *api, appID string) {
	var scs []scenario
	for _, c := range []struct{ m, p string }{{"GET", ""}, {"DELETE", ""}, {"POST", "/submit"}} {
		scs = append(scs, scenario{name: c.m + " other's application", as: other, method: c.m, path: "/api/v1/applications/" + appID + c.p,
			status: 404, code: "not_found"})
	}
	scs = append(scs, scenario{name: "upload to other's application", as: other, method: "PUT",
		path: "/api/v1/applications/" + appID + "/documents/ktp", body: testkit.JPEG(t, 10, 10), hdr: []string{"Content-Type",
			"image/jpeg"}, status: 404})
	runScenarios(t, scs)
}

// withdrawAndChooseAgain: a draft is withdrawn and another chosen.
func withdrawAndChooseAgain(t *testing.T, a, pub *api) {
	pk := formationID(t, pub, "1", "PKY-2026-007")
	code, m, b := a.call(
		"POST",
		"/api/v1/applications",
		map[string]any{"formation_id": pk, "education": map[string]any{"level": "S1", "major": "S1-TI", "ipk": 3.2}},
	)
	if code != 201 {
		t.Fatalf("create: %d %s", code, b)
	}
	id := m["id"].(string)
	if code, _, b := a.call("DELETE", "/api/v1/applications/"+id, nil); code != 200 {
		t.Fatalf("withdraw: %d %s", code, b)
	}
	body := map[string]any{"formation_id": pk, "education": map[string]any{"level": "S1", "major": "S1-SI", "ipk": 3.2}}
	if code, _, b := a.call("POST", "/api/v1/applications", body); code != 201 {
		t.Fatalf("choose again: %d %s", code, b)
	}
}

type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}
