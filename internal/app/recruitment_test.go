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
	code, m, b := pub.call("POST", "/api/v1/applicants", map[string]any{"nik": nik, "name": "Siti Aminah", "birth_place": "Palangka Raya", "birth_date": "1998-05-12",
		"gender": "F", "email": fmt.Sprintf("siti%d@example.id", n), "phone": "081234567890", "password": "rahasia-123"})
	if code != 201 || m["id"] == nil {
		t.Fatalf("register: %d %s", code, b)
	}
	pub.token = token(t, pub.c, base, nik, "rahasia-123")
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
		t.Run(string(e), func(t *testing.T) {
			srv := apptest.Start(t, e, "--demo", "--register-per-minute", "1000")
			pub := &api{t: t, base: srv.URL, c: apptest.Client()}

			t.Run("public lists and filters", func(t *testing.T) {
				code, m, b := pub.call("GET", "/api/v1/periods", nil)
				if code != 200 || m["total"].(float64) != 2 {
					t.Fatalf("periods: %d %s", code, b)
				}
				_, m, _ = pub.call("GET", "/api/v1/periods/1/formations?level=D3", nil)
				if m["total"].(float64) != 2 {
					t.Fatalf("D3 formations: %v", m["total"])
				}
				_, m, _ = pub.call("GET", "/api/v1/periods/1/formations?major=S-1%20Teknik%20Informatika", nil)
				if m["total"].(float64) != 1 {
					t.Fatalf("by major name: %v", m["total"])
				}
				_, m, _ = pub.call("GET", "/api/v1/periods/1/formations?unit=BKPSDM", nil)
				if m["total"].(float64) != 2 {
					t.Fatalf("by unit: %v", m["total"])
				}
				code, m, _ = pub.call("GET", "/api/v1/periods/99/formations", nil)
				if code != 404 || errCode(m) != "not_found" {
					t.Fatalf("unknown period: %d", code)
				}
			})

			t.Run("bad NIKs are 422 under fields.nik and store nothing", func(t *testing.T) {
				base := map[string]any{"name": "Budi", "birth_place": "Palangka Raya", "birth_date": "1998-05-12", "gender": "M", "email": "budi@example.id", "phone": "081234567890", "password": "rahasia-123"}
				for _, nik := range []string{
					"627103120598001",   // 15 digits
					"62710312059800011", // 17 digits
					"62710312O5980001",  // a letter
					"6271030005980001",  // day 00
					"6271033205980001",  // day 32
					"6271037205980001",  // day 72
					"6271031213980001",  // month 13
					"6271035205980001",  // a woman's day for a man
					"6271031305980001",  // disagrees with the birth date (13th, not 12th)
				} {
					body := map[string]any{"nik": nik}
					for k, v := range base {
						body[k] = v
					}
					code, m, b := pub.call("POST", "/api/v1/applicants", body)
					if code != 422 || errCode(m) != "invalid" || errField(m, "nik") == "" {
						t.Fatalf("NIK %s: %d %s", nik, code, b)
					}
				}
				// English on request.
				body := map[string]any{"nik": "627103120598001"}
				for k, v := range base {
					body[k] = v
				}
				_, m, _ := pub.call("POST", "/api/v1/applicants?lang=en", body)
				if f := errField(m, "nik"); !strings.Contains(strings.ToLower(f), "digit") || strings.Contains(f, "harus") {
					t.Fatalf("English NIK message: %q", f)
				}
			})

			siti := newApplicant(t, srv.URL)
			t.Run("duplicate NIK is 409", func(t *testing.T) {
				// Register the same NIK again through a fresh helper call.
				n := nikSerial.Load()
				nik := fmt.Sprintf("627103520598%04d", n)
				code, m, b := pub.call("POST", "/api/v1/applicants", map[string]any{"nik": nik, "name": "Siti Lain", "birth_place": "Sampit", "birth_date": "1998-05-12",
					"gender": "F", "email": "lain@example.id", "phone": "081234567899", "password": "rahasia-123"})
				if code != 409 || errCode(m) != "conflict" {
					t.Fatalf("duplicate NIK: %d %s", code, b)
				}
			})

			nurse := formationID(t, pub, "1", "PKY-2026-001")
			t.Run("ineligible choice is explained field by field", func(t *testing.T) {
				code, m, b := siti.call("POST", "/api/v1/applications", map[string]any{"formation_id": nurse, "education": map[string]any{"level": "D3", "major": "S1-TI", "ipk": 2.5}})
				if code != 422 || errField(m, "education") == "" || errField(m, "ipk") == "" {
					t.Fatalf("ineligible: %d %s", code, b)
				}
			})
			var appID string
			t.Run("choose a formation", func(t *testing.T) {
				code, m, b := siti.call("POST", "/api/v1/applications", map[string]any{"formation_id": nurse, "education": map[string]any{"level": "S1", "major": "S-1 Keperawatan / Ners", "ipk": 3.41}})
				if code != 201 || m["status"] != "draft" || m["registration_number"] == "" {
					t.Fatalf("create: %d %s", code, b)
				}
				appID = m["id"].(string)
			})
			t.Run("a second application is 409 whatever it asks", func(t *testing.T) {
				other := formationID(t, pub, "1", "PKY-2026-015")
				for _, body := range []map[string]any{
					{"formation_id": other, "education": map[string]any{"level": "SMA", "major": "SMA"}},
					{"formation_id": other, "education": map[string]any{"level": "S3", "major": "nothing"}},
				} {
					code, m, b := siti.call("POST", "/api/v1/applications", body)
					if code != 409 || !strings.Contains(m["error"].(map[string]any)["message"].(string), "satu") {
						t.Fatalf("second application: %d %s", code, b)
					}
				}
			})
			docPath := "/api/v1/applications/" + appID + "/documents/"
			t.Run("documents are checked by content and size", func(t *testing.T) {
				exe := append([]byte("MZ\x90\x00\x03\x00\x00\x00"), bytes.Repeat([]byte{0}, 2000)...)
				code, m, b := siti.call("PUT", docPath+"ijazah", exe, "Content-Type", "application/pdf", "X-Filename", "ijazah.pdf")
				if code != 415 || errCode(m) != "unsupported_media_type" {
					t.Fatalf(".exe renamed .pdf: %d %s", code, b)
				}
				code, m, b = siti.call("PUT", docPath+"pas_foto", testPNG(t), "Content-Type", "image/jpeg")
				if code != 415 {
					t.Fatalf("PNG as JPEG: %d %s", code, b)
				}
				// Over the limit: 413, and the server stops reading early.
				big := &countingReader{r: bytes.NewReader(testkit.PDF("besar", testkit.PaddedTo(3<<20)))}
				code, m, b = siti.call("PUT", docPath+"transkrip", io.Reader(big), "Content-Type", "application/pdf")
				if code != 413 || errCode(m) != "too_large" {
					t.Fatalf("oversize PDF: %d %s", code, b)
				}
				code, _, b = siti.call("PUT", docPath+"tidak_ada", testkit.PDF("x", testkit.PaddedTo(1000)))
				if code != 404 {
					t.Fatalf("unknown kind: %d %s", code, b)
				}
				_, m, _ = siti.call("GET", "/api/v1/applications/"+appID, nil)
				if docs := m["documents"].([]any); len(docs) != 0 {
					t.Fatalf("rejected uploads were stored: %v", docs)
				}
			})
			t.Run("submit without a required document is 422", func(t *testing.T) {
				code, m, b := siti.call("POST", "/api/v1/applications/"+appID+"/submit", nil)
				if code != 422 || errField(m, "documents.ijazah") == "" {
					t.Fatalf("submit early: %d %s", code, b)
				}
			})
			t.Run("upload everything, with a hostile file name, and submit", func(t *testing.T) {
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
				code, _, _ = siti.call("PUT", docPath+"ktp", photo, "Content-Type", "image/jpeg")
				if code != 409 {
					t.Fatalf("upload after submit: %d", code)
				}
				code, _, _ = siti.call("DELETE", "/api/v1/applications/"+appID, nil)
				if code != 409 {
					t.Fatalf("withdraw after submit: %d", code)
				}

				// The applicant is told, in the app (and by e-mail through the outbox).
				_, m, b = siti.call("GET", "/api/v1/notifications", nil)
				items, _ := m["items"].([]any)
				if m["unread"] != 1.0 || len(items) != 1 || !strings.HasPrefix(items[0].(map[string]any)["title"].(string), "Lamaran terkirim: ") {
					t.Fatalf("notifications after submit: %s", b)
				}
				nid := items[0].(map[string]any)["id"].(string)
				other := newApplicant(t, srv.URL)
				if code, m, _ := other.call("POST", "/api/v1/notifications/"+nid+"/read", nil); code != 404 || errCode(m) != "not_found" {
					t.Fatalf("another user's notification: %d", code)
				}
				if code, _, _ := siti.call("POST", "/api/v1/notifications/"+nid+"/read", nil); code != 200 {
					t.Fatalf("mark read: %d", code)
				}
				if _, m, _ := siti.call("GET", "/api/v1/notifications", nil); m["unread"] != 0.0 {
					t.Fatalf("unread after reading: %v", m["unread"])
				}
				if _, _, page := siti.call("GET", "/notifikasi", nil); !strings.Contains(string(page), "Lamaran terkirim") {
					t.Fatalf("the notifications page does not show it")
				}
			})
			t.Run("another applicant cannot touch it (404)", func(t *testing.T) {
				other := newApplicant(t, srv.URL)
				for _, c := range []struct{ m, p string }{{"GET", ""}, {"DELETE", ""}, {"POST", "/submit"}} {
					code, m, b := other.call(c.m, "/api/v1/applications/"+appID+c.p, nil)
					if code != 404 || errCode(m) != "not_found" {
						t.Fatalf("%s other's application: %d %s", c.m, code, b)
					}
				}
				code, _, _ := other.call("PUT", docPath+"ktp", testkit.JPEG(t, 10, 10), "Content-Type", "image/jpeg")
				if code != 404 {
					t.Fatalf("upload to other's application: %d", code)
				}
			})
			t.Run("a draft can be withdrawn to choose again", func(t *testing.T) {
				a := newApplicant(t, srv.URL)
				pk := formationID(t, pub, "1", "PKY-2026-007")
				code, m, b := a.call("POST", "/api/v1/applications", map[string]any{"formation_id": pk, "education": map[string]any{"level": "S1", "major": "S1-TI", "ipk": 3.2}})
				if code != 201 {
					t.Fatalf("create: %d %s", code, b)
				}
				id := m["id"].(string)
				if code, _, b := a.call("DELETE", "/api/v1/applications/"+id, nil); code != 200 {
					t.Fatalf("withdraw: %d %s", code, b)
				}
				if code, _, b := a.call("POST", "/api/v1/applications", map[string]any{"formation_id": pk, "education": map[string]any{"level": "S1", "major": "S1-SI", "ipk": 3.2}}); code != 201 {
					t.Fatalf("choose again: %d %s", code, b)
				}
			})
			t.Run("writes after the close are 409", func(t *testing.T) {
				a := newApplicant(t, srv.URL)
				past := formationID(t, pub, "2", "PKY-2025-001")
				code, m, b := a.call("POST", "/api/v1/applications", map[string]any{"formation_id": past, "education": map[string]any{"level": "S1", "major": "S1-KEP", "ipk": 3.5}})
				if code != 409 || errCode(m) != "failed_precondition" {
					t.Fatalf("apply after close: %d %s", code, b)
				}
			})
			t.Run("roles", func(t *testing.T) {
				code, _, _ := siti.call("POST", "/api/v1/periods", map[string]any{"name": "x"})
				if code != 403 {
					t.Fatalf("applicant creating a period: %d", code)
				}
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
		})
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
