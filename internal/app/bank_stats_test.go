package app_test

import (
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"asnpro/internal/app/apptest"
	"asnpro/internal/sqldb"
	"asnpro/internal/sqldb/sqldbtest"
)

// TestBankItemStatistics: the committee's item statistics of the demo's
// practice bank count pelamar's finished practice, then another one, a
// period that holds none, a date that is not one beside its field, and
// an applicant is refused.
func TestBankItemStatistics(t *testing.T) {
	t.Parallel()
	for _, e := range sqldbtest.Engines() {
		t.Run(string(e), func(t *testing.T) {
			t.Parallel()
			srv := apptest.Start(t, e, "--demo")
			panitia, siti := staff(t, srv, "panitia"), newApplicant(t, srv.URL)
			_, _, body := panitia.page("GET", "/panitia/bank", nil)
			m := regexp.MustCompile(`href="(/panitia/bank/[0-9]+)" id="open-bank-[0-9]+">Bank latihan SKD`).FindStringSubmatch(body)
			if m == nil {
				t.Fatalf("no bank on /panitia/bank: %.400s", body)
			}
			code, _, body := panitia.page("GET", m[1], nil)
			stats := m[1] + "/statistik"
			if code != 200 || !strings.Contains(body, `href="`+stats+`" id="stats-link"`) {
				t.Fatalf("bank page: %d, no link to %s", code, stats)
			}
			check := func(query string, status, attempts, rows int) string {
				t.Helper()
				code, _, body := panitia.page("GET", stats+query, nil)
				if code != status {
					t.Fatalf("%s%s: %d", stats, query, code)
				}
				if status == 200 && (!strings.Contains(body, ">"+strconv.Itoa(attempts)+" ujian selesai") ||
					(rows >= 0 && strings.Count(body, `class="stat-row"`) != rows)) {
					t.Fatalf("%s%s: want %d attempts, %d rows: %.3000s", stats, query, attempts, rows, body)
				}
				return body
			}
			// pelamar's finished practice: 15 item versions, each taken once, nothing varies.
			body = check("", 200, 1, 15)
			if !strings.Contains(body, "<td>—</td>") || !strings.Contains(body, "Tingkat kemudahan") {
				t.Fatalf("no difficulty or undefined discrimination shown: %.3000s", body)
			}
			at, started := startPractice(t, siti)
			session, _ := started["session"].(string)
			for no := 1; no <= 15; no++ {
				if code, _, b := siti.call("PUT", at+"/answers/"+strconv.Itoa(no), map[string]any{"option": "A"},
					"X-Attempt-Session", session); code != 200 {
					t.Fatalf("answer %d: %d %s", no, code, b)
				}
			}
			if code, _, b := siti.call("POST", at+"/finish", nil); code != 200 {
				t.Fatalf("finish: %d %s", code, b)
			}
			body = check("", 200, 2, -1)
			if n := strings.Count(body, `class="stat-row"`); n < 15 {
				t.Fatalf("%d rows after two attempts", n)
			}
			check("?sampai=2000-01-01", 200, 0, 0)
			body = check("?dari=kemarin", 422, 0, 0)
			if !strings.Contains(body, `id="dari-error"`) || !strings.Contains(body, `value="kemarin"`) {
				t.Fatalf("bad date not shown beside its field: %.2000s", body)
			}
			if code, _, _ := siti.page("GET", stats, nil); code != 403 {
				t.Fatalf("applicant: %d", code)
			}
		})
	}
}

// TestBankAuthorSeesNoCandidates: the demo's question author (penulis)
// keeps banks and reads their statistics, finds them from home, and is
// refused every page and API that holds a candidate's data.
func TestBankAuthorSeesNoCandidates(t *testing.T) {
	t.Parallel()
	srv := apptest.Start(t, sqldb.SQLite, "--demo")
	penulis := staff(t, srv, "penulis")
	code, _, home := penulis.page("GET", "/", nil)
	if code != 200 || !strings.Contains(home, `href="/panitia/bank"`) || !strings.Contains(home, `href="/panitia/cetak-biru"`) ||
		strings.Contains(home, `href="/verifikasi"`) || strings.Contains(home, `href="/helpdesk"`) {
		t.Fatalf("home: %d %.2000s", code, home)
	}
	for _, path := range []string{"/panitia/bank", "/panitia/cetak-biru", "/panitia/bank/1", "/panitia/bank/1/statistik"} {
		if code, _, _ := penulis.page("GET", path, nil); code != 200 {
			t.Errorf("%s: %d, want 200", path, code)
		}
	}
	code, loc, _ := penulis.page("POST", "/panitia/bank", url.Values{"name": {"Soal SKB Teknis"}, "purpose": {"selection"}})
	if code != 303 || !strings.HasPrefix(loc, "/panitia/bank/") {
		t.Fatalf("create a bank: %d %q", code, loc)
	}
	for _, path := range []string{"/verifikasi", "/verifikasi/periode/1", "/helpdesk", "/panitia/periode", "/panitia/periode/1",
		"/users", "/lamaran", "/simulasi", "/api/v1/applicants", "/api/v1/users", "/api/v1/applications/1"} {
		if code, _, _ := penulis.page("GET", path, nil); code != 403 {
			t.Errorf("%s: %d, want 403", path, code)
		}
	}
}
