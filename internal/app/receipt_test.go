package app_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"asnpro/internal/app/apptest"
	"asnpro/internal/sqldb/sqldbtest"
)

// TestPracticeReceiptCheck: a practice attempt finished by its form shows
// its receipt (the digest and the attempt.finish event's sequence number)
// and a link to /periksa-ujian, which confirms it — sealed and, once the
// next checkpoint is signed, covered by it — in both languages, without
// the taker or the score; bad input gets a message beside its field (422),
// a receipt that matches nothing a plain "not found" (404).
func TestPracticeReceiptCheck(t *testing.T) {
	t.Parallel()
	for _, e := range sqldbtest.Engines() {
		t.Run(string(e), func(t *testing.T) {
			t.Parallel()
			srv := apptest.Start(t, e, "--demo", "--checkpoint-interval", "200ms")
			siti := newApplicant(t, srv.URL)
			_, at, _ := siti.page("POST", "/simulasi", url.Values{})
			if code, loc, _ := siti.page("POST", at+"/selesai", url.Values{"confirm": {"1"}}); code != 303 || loc != at+"/hasil" {
				t.Fatalf("finish: %d %q", code, loc)
			}
			_, _, body := siti.page("GET", at+"/hasil", nil)
			m := regexp.MustCompile(`id="result-sha256">([0-9a-f]{64})<`).FindStringSubmatch(body)
			n := regexp.MustCompile(`id="result-seq">([0-9]+)<`).FindStringSubmatch(body)
			if m == nil || n == nil {
				t.Fatalf("the result shows no receipt: %.800s", body)
			}
			digest, seq := m[1], n[1]
			link := "/periksa-ujian?urutan=" + seq + "&amp;sha256=" + digest
			if !strings.Contains(body, `href="`+link+`"`) {
				t.Fatalf("the result does not link %s", link)
			}
			check := "/periksa-ujian?urutan=" + seq + "&sha256=" + digest
			deadline := time.Now().Add(20 * time.Second)
			for {
				code, _, b := siti.page("GET", check, nil)
				if code != 200 || !strings.Contains(b, `id="receipt-valid"`) {
					t.Fatalf("check: %d %.600s", code, b)
				}
				if strings.Contains(b, `id="receipt-covered"`) && strings.Contains(b, `id="receipt-sealed"`) {
					body = b
					break
				}
				if time.Now().After(deadline) {
					t.Fatalf("not covered by a checkpoint after 20 s: %.800s", b)
				}
				time.Sleep(100 * time.Millisecond)
			}
			id := strings.TrimPrefix(at, "/simulasi/")
			if !strings.Contains(body, "Tanda terima cocok") || !strings.Contains(body, `id="receipt-cp-head"`) ||
				strings.Contains(body, at) || strings.Contains(body, "attempt "+id) || strings.Contains(body, `id="score-total"`) {
				t.Fatalf("the check page: %.1200s", body)
			}
			res, b := do(t, apptest.Client(), "GET", srv.URL+check+"&lang=en", "", nil)
			if res.StatusCode != 200 || !strings.Contains(string(b), "The receipt matches") || !strings.Contains(string(b), "Covered by") {
				t.Fatalf("check in English: %d %.600s", res.StatusCode, b)
			}
			receiptBadInputs(t, srv.URL, seq, digest)
		})
	}
}

func receiptBadInputs(t *testing.T, base, seq, digest string) {
	t.Helper()
	other := strings.Repeat("ab", 32)
	for _, c := range []struct {
		name, seq, sha string
		status         int
		id, en         string
	}{
		{"nothing asked", "", "", 200, `id="receipt-check"`, "Check an exam receipt"},
		{"non-numeric seq", "abc", digest, 422, `id="urutan-err"`, "must be a positive whole number"},
		{"seq zero", "0", digest, 422, `id="urutan-err"`, "must be a positive whole number"},
		{"negative seq", "-3", digest, 422, `id="urutan-err"`, "must be a positive whole number"},
		{"non-hex digest", seq, strings.Repeat("zz", 32), 422, `id="sha256-err"`, "64 hexadecimal characters"},
		{"short digest", seq, digest[:10], 422, `id="sha256-err"`, "64 hexadecimal characters"},
		{"no digest", seq, "", 422, `id="sha256-err"`, "64 hexadecimal characters"},
		{"wrong digest", seq, other, 404, `id="receipt-invalid"`, "no exam-finish event with that digest"},
		{"unknown seq", "99999999", digest, 404, `id="receipt-invalid"`, "no exam-finish event with that digest"},
		{"the seq of another event", "1", digest, 404, `id="receipt-invalid"`, "no exam-finish event with that digest"},
	} {
		q := url.Values{}
		if c.seq != "" || c.sha != "" {
			q = url.Values{"urutan": {c.seq}, "sha256": {c.sha}}
		}
		for _, lang := range []string{"id", "en"} {
			q.Set("lang", lang)
			res, b := do(t, apptest.Client(), "GET", base+"/periksa-ujian?"+q.Encode(), "", nil)
			if res.StatusCode != c.status || !strings.Contains(string(b), c.id) || (lang == "en") != strings.Contains(string(b), c.en) {
				t.Errorf("%s (%s): %d, want %d with %s: %.600s", c.name, lang, res.StatusCode, c.status, c.id, b)
			}
		}
	}
	if res, b := do(t, apptest.Client(), "GET", base+"/transparency", "", nil); res.StatusCode != http.StatusOK ||
		!strings.Contains(string(b), `href="/periksa-ujian"`) {
		t.Fatalf("/transparency does not link the receipt check: %d", res.StatusCode)
	}
}
