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
	"asnpro/internal/sqldb"
	"asnpro/internal/sqldb/sqldbtest"
	"asnpro/internal/testkit"
)

// submitComplete creates, fills and submits an application of a for the
// demo formation PKY-2026-007 and returns its id.
func submitComplete(t *testing.T, a *api) string {
	t.Helper()
	fid := formationID(t, a, "1", "PKY-2026-007")
	code, m, b := a.call("POST", "/api/v1/applications", map[string]any{"formation_id": fid, "education": map[string]any{"level": "S1", "major": "S1-TI", "ipk": 3.5}})
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
	if code := app.Run(context.Background(), []string{"user", "add", "--db", srv.DSN, "--username", username, "--name", "Staf " + username, "--role", role, "--password-file", "-", "--key-file", srv.KeyFile},
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
			pub := &api{t: t, base: srv.URL, c: apptest.Client()}
			siti, budi := newApplicant(t, srv.URL), newApplicant(t, srv.URL)
			sitiApp, budiApp := submitComplete(t, siti), submitComplete(t, budi)
			veri, panitia := staff(t, srv, "verifikator"), staff(t, srv, "panitia")

			// The demo verifier signed already: both are in their queue.
			code, m, b := veri.call("GET", "/api/v1/periods/1/verification/queue", nil)
			expect(t, "queue", code, m, b, 200, "")
			if c := m["counts"].(map[string]any); c["pending"].(float64) != 2 || m["total"].(float64) != 2 {
				t.Fatalf("queue %s", b)
			}
			// A new verifier who has not signed: 403 naming the pact, before anything else.
			baru := addStaff(t, srv, "verifikator2", "verifier")
			code, m, b = baru.call("GET", "/api/v1/periods/1/verification/queue", nil)
			expect(t, "queue before the pact", code, m, b, 403, "forbidden")
			if !strings.Contains(string(b), "pakta integritas") {
				t.Fatalf("403 without the reason: %s", b)
			}
			code, m, b = baru.call("POST", "/api/v1/applications/"+sitiApp+"/verification", map[string]any{"decision": "MS"})
			expect(t, "decide before the pact", code, m, b, 403, "forbidden")
			code, m, b = baru.call("POST", "/api/v1/periods/1/pact", map[string]any{"no_conflict": true})
			expect(t, "sign", code, m, b, 201, "")
			code, m, b = baru.call("POST", "/api/v1/periods/1/pact", nil)
			expect(t, "sign twice", code, m, b, 409, "conflict")
			code, m, b = baru.call("POST", "/api/v1/applications/"+sitiApp+"/verification", map[string]any{"decision": "MS"})
			expect(t, "someone else's application", code, m, b, 404, "not_found")

			// The verifier sees the documents inline, sandboxed, each view recorded.
			res, body := do(t, veri.c, "GET", srv.URL+"/api/v1/applications/"+sitiApp+"/documents/ijazah", veri.token, nil)
			if res.StatusCode != 200 || !bytes.HasPrefix(body, []byte("%PDF-")) || res.Header.Get("X-Content-Type-Options") != "nosniff" ||
				!strings.Contains(res.Header.Get("Content-Security-Policy"), "sandbox") || !strings.HasPrefix(res.Header.Get("Content-Disposition"), "inline") {
				t.Fatalf("document: %d %v", res.StatusCode, res.Header)
			}
			code, m, b = veri.call("GET", "/api/v1/applications/"+sitiApp+"/verification", nil)
			expect(t, "view", code, m, b, 200, "")
			if len(m["prechecks"].([]any)) < 7 || len(m["checklist"].([]any)) != 10 {
				t.Fatalf("view %s", b)
			}

			code, m, b = veri.call("POST", "/api/v1/applications/"+sitiApp+"/verification?lang=en", map[string]any{"decision": "TMS"})
			expect(t, "TMS without a reason", code, m, b, 422, "invalid")
			if errField(m, "reasons") == "" || !strings.Contains(string(b), "incomplete") {
				t.Fatalf("422 body %s", b)
			}
			tms := map[string]any{"decision": "TMS", "reasons": []map[string]string{{"requirement": "transkrip", "note": "Transkrip tidak memuat IPK"}}}
			code, m, b = veri.call("POST", "/api/v1/applications/"+sitiApp+"/verification", tms)
			expect(t, "TMS", code, m, b, 200, "")
			code, m, b = veri.call("POST", "/api/v1/applications/"+sitiApp+"/verification", map[string]any{"decision": "MS"})
			expect(t, "decide twice", code, m, b, 409, "conflict")
			code, m, b = veri.call("POST", "/api/v1/applications/"+budiApp+"/verification", map[string]any{"decision": "MS"})
			expect(t, "MS", code, m, b, 200, "")

			// Before the announcement the applicant sees no decision.
			code, m, b = siti.call("GET", "/api/v1/applications/"+sitiApp, nil)
			if v := m["verification"].(map[string]any); code != 200 || v["status"] != "pending" || len(v["reasons"].([]any)) != 0 {
				t.Fatalf("applicant before the announcement: %s", b)
			}
			code, m, b = siti.call("POST", "/api/v1/applications/"+sitiApp+"/appeal", map[string]any{"reason": "Transkrip saya memuat IPK pada halaman dua."})
			expect(t, "appeal before the announcement", code, m, b, 409, "failed_precondition")

			// A third application, undecided: publishing is 409 with the count.
			third := submitComplete(t, newApplicant(t, srv.URL))
			code, m, b = panitia.call("POST", "/api/v1/periods/1/announcements", map[string]any{"stage": "administration"})
			expect(t, "publish while undecided", code, m, b, 409, "failed_precondition")
			if errField(m, "undecided") != "1" {
				t.Fatalf("no count: %s", b)
			}
			// It went to the verifier with fewer applications (balanced).
			code, m, b = baru.call("POST", "/api/v1/applications/"+third+"/verification", map[string]any{"decision": "MS"})
			expect(t, "the new verifier decides", code, m, b, 200, "")

			code, m, b = panitia.call("POST", "/api/v1/periods/1/announcements", map[string]any{"stage": "administration"})
			expect(t, "publish", code, m, b, 201, "")
			digest, seq := m["sha256"].(string), m["audit_seq"].(float64)
			if len(digest) != 64 || seq <= 0 {
				t.Fatalf("publish %s", b)
			}
			res, csvb := do(t, pub.c, "GET", srv.URL+"/api/v1/periods/1/results?stage=administration&format=csv", "", nil)
			sum := sha256.Sum256(csvb)
			// The published digest is of the exact bytes served, BOM included.
			if res.StatusCode != 200 || hex.EncodeToString(sum[:]) != digest || !bytes.HasPrefix(csvb, []byte("\xEF\xBB\xBFno,registration_number,")) ||
				strings.Contains(string(csvb), "Siti Aminah") || !strings.Contains(string(csvb), "SI*** AM***") {
				t.Fatalf("csv %d %s", res.StatusCode, csvb)
			}
			code, m, b = pub.call("GET", "/api/v1/periods/1/results?stage=administration&format=json", nil)
			if code != 200 || m["sha256"] != digest || m["version"].(float64) != 1 || len(m["items"].([]any)) != 3 {
				t.Fatalf("json %s", b)
			}
			for format, magic := range map[string]string{"pdf": "%PDF-", "xlsx": "PK"} {
				res, body := do(t, pub.c, "GET", srv.URL+"/api/v1/periods/1/results?stage=administration&format="+format, "", nil)
				if res.StatusCode != 200 || !bytes.HasPrefix(body, []byte(magic)) {
					t.Fatalf("%s: %d", format, res.StatusCode)
				}
			}
			code, m, b = pub.call("GET", "/api/v1/periods/1/results?stage=administration&format=doc", nil)
			expect(t, "bad format", code, m, b, 422, "invalid")
			code, m, b = pub.call("GET", "/api/v1/periods/1/results?stage=appeal", nil)
			expect(t, "not published", code, m, b, 404, "not_found")
			// The public page prints the digest.
			res, page := do(t, pub.c, "GET", srv.URL+"/periods/1/results", "", nil)
			if res.StatusCode != 200 || !strings.Contains(string(page), digest) {
				t.Fatalf("results page %d", res.StatusCode)
			}

			// The applicant reads the reason and appeals once.
			code, m, b = siti.call("GET", "/api/v1/applications/"+sitiApp, nil)
			if v := m["verification"].(map[string]any); v["status"] != "TMS" || len(v["reasons"].([]any)) != 1 {
				t.Fatalf("applicant after the announcement: %s", b)
			}
			code, m, b = siti.call("POST", "/api/v1/applications/"+sitiApp+"/appeal", map[string]any{"reason": " "})
			expect(t, "empty appeal", code, m, b, 422, "invalid")
			code, m, b = siti.call("POST", "/api/v1/applications/"+sitiApp+"/appeal", map[string]any{"reason": "Transkrip saya memuat IPK pada halaman dua."})
			expect(t, "appeal", code, m, b, 201, "")
			appealID := m["id"].(string)
			code, m, b = siti.call("POST", "/api/v1/applications/"+sitiApp+"/appeal", map[string]any{"reason": "Sekali lagi, mohon diperiksa."})
			expect(t, "second appeal", code, m, b, 409, "conflict")
			code, m, b = budi.call("POST", "/api/v1/applications/"+budiApp+"/appeal", map[string]any{"reason": "Saya MS tetapi ingin menyanggah."})
			expect(t, "appeal by an MS applicant", code, m, b, 409, "conflict")
			code, m, b = budi.call("POST", "/api/v1/applications/"+sitiApp+"/appeal", map[string]any{"reason": "Bukan lamaran saya sendiri."})
			expect(t, "appeal on someone else's application", code, m, b, 404, "not_found")

			// A second committee member (not the first verifier) answers, after signing.
			ketua := addStaff(t, srv, "ketua", "committee")
			code, m, b = ketua.call("POST", "/api/v1/appeals/"+appealID+"/decision", map[string]any{"upheld": true, "response": "IPK ada pada halaman dua."})
			expect(t, "answer before the pact", code, m, b, 403, "forbidden")
			ketua.call("POST", "/api/v1/periods/1/pact", map[string]any{"no_conflict": true})
			code, m, b = ketua.call("POST", "/api/v1/appeals/"+appealID+"/decision", map[string]any{"response": "tanpa putusan"})
			expect(t, "answer without upheld", code, m, b, 422, "invalid")
			code, m, b = veri.call("POST", "/api/v1/appeals/"+appealID+"/decision", map[string]any{"upheld": true, "response": "x"})
			expect(t, "a verifier answers", code, m, b, 403, "forbidden")
			code, m, b = ketua.call("POST", "/api/v1/appeals/"+appealID+"/decision", map[string]any{"upheld": true, "response": "IPK ada pada halaman dua; keputusan menjadi MS."})
			expect(t, "uphold", code, m, b, 200, "")

			code, m, b = panitia.call("POST", "/api/v1/periods/1/announcements", map[string]any{"stage": "appeal"})
			expect(t, "post-appeal", code, m, b, 201, "")
			code, m, b = pub.call("GET", "/api/v1/periods/1/results?stage=appeal", nil)
			found := false
			for _, it := range m["items"].([]any) {
				if it := it.(map[string]any); it["name"] == "SI*** AM***" && it["result"] == "MS" {
					found = true
				}
			}
			if !found {
				t.Fatalf("post-appeal list %s", b)
			}
			code, m, b = pub.call("GET", "/api/v1/periods/1/results?stage=administration&version=1", nil)
			if code != 200 || m["sha256"] != digest {
				t.Fatalf("version 1 changed: %s", b)
			}
			code, m, b = pub.call("GET", "/api/v1/periods/1/statistics", nil)
			if ap := m["appeals"].(map[string]any); code != 200 || ap["filed"].(float64) != 1 || ap["upheld"].(float64) != 1 {
				t.Fatalf("statistics %s", b)
			}
			code, m, b = panitia.call("GET", "/api/v1/periods/1/verification/progress", nil)
			if code != 200 || m["decided"].(float64) != 3 || len(m["verifiers"].([]any)) != 2 {
				t.Fatalf("progress %s", b)
			}
			srv.Stop(t)
			var out, errb bytes.Buffer
			args := []string{"audit", "verify", "--db", srv.DSN}
			if code := app.Run(context.Background(), args, func(string) string { return "" }, nil, &out, &errb); code != 0 {
				t.Fatalf("audit verify: %d %s %s", code, out.String(), errb.String())
			}
			_ = sqldb.SQLite
		})
	}
}
