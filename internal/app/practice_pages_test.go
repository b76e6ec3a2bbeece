package app_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"asnpro/internal/app/apptest"
	"asnpro/internal/sqldb/sqldbtest"
)

// page asks a for path and returns the status, the Location and the body.
func (a *api) page(method, path string, f url.Values) (int, string, string) {
	a.t.Helper()
	var res *http.Response
	var b []byte
	if method == http.MethodPost {
		res, b = do(a.t, a.c, method, a.base+path, a.token, strings.NewReader(f.Encode()),
			"Content-Type", "application/x-www-form-urlencoded", "Accept-Language", "id")
	} else {
		res, b = do(a.t, a.c, method, a.base+path, a.token, nil, "Accept-Language", "id")
	}
	return res.StatusCode, res.Header.Get("Location"), string(b)
}

// TestPracticePages: the practice test's pages without JavaScript — start
// by the form, answer and flag by each item's form, the finish with its
// confirmation, the result with its digest — and who may open what.
func TestPracticePages(t *testing.T) {
	t.Parallel()
	for _, e := range sqldbtest.Engines() {
		t.Run(string(e), func(t *testing.T) {
			t.Parallel()
			practicePages(t, apptest.Start(t, e, "--demo"))
		})
	}
}

func practicePages(t *testing.T, srv *apptest.Server) {
	siti, other, panitia := newApplicant(t, srv.URL), newApplicant(t, srv.URL), staff(t, srv, "panitia")

	code, _, body := siti.page("GET", "/simulasi", nil)
	if code != 200 || !strings.Contains(body, `id="practice-start"`) || !strings.Contains(body, `id="practice-none"`) {
		t.Fatalf("/simulasi: %d %.400s", code, body)
	}
	code, at, _ := siti.page("POST", "/simulasi", url.Values{})
	if code != 303 || !regexp.MustCompile(`^/simulasi/[0-9]+$`).MatchString(at) {
		t.Fatalf("start: %d %q", code, at)
	}
	code, _, body = siti.page("GET", at, nil)
	if code != 200 || strings.Count(body, `class="card cat-item"`) != 15 || strings.Count(body, `type="radio"`) != 75 {
		t.Fatalf("test page: %d, %d items, %d options", code, strings.Count(body, `class="card cat-item"`), strings.Count(body, `type="radio"`))
	}
	sm := regexp.MustCompile(`name="session" value="([^"]+)"`).FindStringSubmatch(body)
	if sm == nil {
		t.Fatalf("the test page carries no session: %.300s", body)
	}
	tok := sm[1]
	for _, word := range []string{"key", "weight", "points", "seed"} {
		if strings.Contains(strings.ToLower(body), `"`+word) {
			t.Fatalf("the test page shows %q", word)
		}
	}

	steps := []struct {
		name     string
		as       *api
		method   string
		path     string
		form     url.Values
		status   int
		location string
	}{
		{"answer B, flagged", siti, "POST", at + "/jawaban/1", url.Values{"option": {"B"}, "flagged": {"1"}, "session": {tok}}, 303,
			at + "?sesi=" + tok + "#soal-1"},
		{"answer D", siti, "POST", at + "/jawaban/2", url.Values{"option": {"D"}, "session": {tok}}, 303, at + "?sesi=" + tok + "#soal-2"},
		{"the page again, same session", siti, "GET", at + "?sesi=" + tok, nil, 200, ""},
		{"a stale session", siti, "POST", at + "/jawaban/3", url.Values{"option": {"A"}, "session": {"stale"}}, 409, ""},
		{"no session", siti, "POST", at + "/jawaban/3", url.Values{"option": {"A"}}, 409, ""},
		{"lowercase option", siti, "POST", at + "/jawaban/2", url.Values{"option": {"d"}}, 422, ""},
		{"option F", siti, "POST", at + "/jawaban/2", url.Values{"option": {"F"}}, 422, ""},
		{"no item 16", siti, "POST", at + "/jawaban/16", url.Values{"option": {"A"}}, 404, ""},
		{"the result before the end", siti, "GET", at + "/hasil", nil, 303, at},
		{"another applicant opens it", other, "GET", at, nil, 404, ""},
		{"another applicant answers", other, "POST", at + "/jawaban/1", url.Values{"option": {"A"}}, 404, ""},
		{"another applicant finishes", other, "POST", at + "/selesai", url.Values{"confirm": {"1"}}, 404, ""},
		{"another applicant's result", other, "GET", at + "/hasil", nil, 404, ""},
		{"staff: the list", panitia, "GET", "/simulasi", nil, 403, ""},
		{"staff: the test", panitia, "GET", at, nil, 403, ""},
		{"staff: start", panitia, "POST", "/simulasi", url.Values{}, 403, ""},
		{"no such attempt", siti, "GET", "/simulasi/999999", nil, 404, ""},
		{"finish asks first", siti, "POST", at + "/selesai", url.Values{"session": {tok}}, 303, at + "?selesai=1&sesi=" + tok + "#finish"},
	}
	for _, s := range steps {
		code, loc, b := s.as.page(s.method, s.path, s.form)
		if code != s.status || loc != s.location {
			t.Fatalf("%s: %d %q, want %d %q: %.300s", s.name, code, loc, s.status, s.location, b)
		}
	}

	_, _, body = siti.page("GET", at+"?selesai=1&sesi="+tok, nil)
	for _, want := range []string{`id="q-1-B" checked`, `id="flag-1" checked`, `id="q-2-D" checked`, `<div id="finish-confirm">`,
		`<a href="#soal-3">Soal 3</a>`} {
		if !strings.Contains(body, want) {
			t.Fatalf("the page after answering lacks %s", want)
		}
	}
	if strings.Contains(body, `<a href="#soal-1">Soal 1</a>`) {
		t.Fatal("the confirmation lists an answered item as blank")
	}

	// Another device (no sesi) opens the test: it takes over; the first
	// page's saves are refused and say so; attempt.takeover is recorded.
	_, _, body = siti.page("GET", at, nil)
	if sm := regexp.MustCompile(`name="session" value="([^"]+)"`).FindStringSubmatch(body); sm == nil || sm[1] == tok {
		t.Fatalf("the second device's page keeps the first session: %v", sm)
	}
	code, _, body = siti.page("POST", at+"/jawaban/3", url.Values{"option": {"A"}, "session": {tok}})
	if code != 409 || !strings.Contains(body, "dilanjutkan di perangkat lain") {
		t.Fatalf("the first page saves after the takeover: %d %.600s", code, body)
	}
	var n int
	if err := openDB(t, srv.DSN).R.QueryRow(`SELECT count(*) FROM audit_events WHERE action = 'attempt.takeover' AND object_id = $1`,
		strings.TrimPrefix(at, "/simulasi/")).Scan(&n); err != nil || n != 1 {
		t.Fatalf("attempt.takeover events: %d, %v", n, err)
	}

	practiceFinishPages(t, siti, at)
}

// practiceFinishPages finishes siti's attempt at by the form and checks
// where its pages lead then, and the result with its digest.
func practiceFinishPages(t *testing.T, siti *api, at string) {
	t.Helper()
	if code, loc, _ := siti.page("POST", at+"/selesai", url.Values{"confirm": {"1"}}); code != 303 || loc != at+"/hasil" {
		t.Fatalf("finish: %d %q", code, loc)
	}
	for _, s := range []struct{ method, path string }{{"GET", at}, {"POST", at + "/jawaban/3"}} {
		if code, loc, _ := siti.page(s.method, s.path, url.Values{"option": {"A"}}); code != 303 || loc != at+"/hasil" {
			t.Fatalf("%s %s after the finish: %d %q", s.method, s.path, code, loc)
		}
	}
	code, _, body := siti.page("GET", at+"/hasil", nil)
	_, m, _ := siti.call("GET", "/api/v1/attempts/"+strings.TrimPrefix(at, "/simulasi/"), nil)
	res, _ := m["result"].(map[string]any)
	digest, _ := res["sha256"].(string)
	if code != 200 || len(digest) != 64 || !strings.Contains(body, `id="result-sha256">`+digest+`<`) ||
		!strings.Contains(body, `id="score-total"`) || !strings.Contains(body, `href="/transparency"`) ||
		!strings.Contains(body, "tidak memakai nilai ambang") {
		t.Fatalf("result: %d %q %.600s", code, digest, body)
	}
	_, _, body = siti.page("GET", "/simulasi", nil)
	if !strings.Contains(body, `href="`+at+`/hasil"`) {
		t.Fatalf("/simulasi does not list the finished attempt: %.600s", body)
	}
}
