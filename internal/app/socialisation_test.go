package app_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"asnpro/internal/app"
	"asnpro/internal/app/apptest"
	"asnpro/internal/sqldb"
)

// TestSocialisationDemo: on the demo, pegawai attended the first session
// (2 JP, credited to their hours) and answered its quiz: a second answer is
// 409, an answer to a session they did not attend 403; recording a
// non-employee's attendance is 404; the organiser records one (303); the
// absentees by unit are the readers' page, not the employee's (403).
func TestSocialisationDemo(t *testing.T) {
	t.Parallel()
	srv := apptest.Start(t, sqldb.SQLite, "--demo")
	c := apptest.Client()
	tok := map[string]string{}
	for _, u := range []string{"pegawai", "admin", "pimpinan"} {
		tok[u] = token(t, c, srv.URL, u, app.DemoPassword)
	}
	form := func(user, path string, v url.Values) int {
		t.Helper()
		res, _ := do(t, c, "POST", srv.URL+path, tok[user], strings.NewReader(v.Encode()),
			"Content-Type", "application/x-www-form-urlencoded")
		return res.StatusCode
	}
	res, b := do(t, c, "GET", srv.URL+"/etika/sosialisasi", tok["admin"], nil)
	ids := regexp.MustCompile(`href="/etika/sosialisasi/(\d+)" class="session-link"`).FindAllStringSubmatch(string(b), -1)
	if res.StatusCode != 200 || len(ids) != 3 {
		t.Fatalf("the sessions: %d, %d sessions", res.StatusCode, len(ids))
	}
	first, second := "/etika/sosialisasi/"+ids[2][1], "/etika/sosialisasi/"+ids[1][1] // latest first: upcoming, second, first
	res, b = do(t, c, "GET", srv.URL+first, tok["pegawai"], nil)
	if res.StatusCode != 200 || !strings.Contains(string(b), `id="my-score"`) || strings.Contains(string(b), `id="quiz-form"`) {
		t.Fatalf("pegawai's session: %d", res.StatusCode)
	}
	answers := url.Values{"q0": {"1"}, "q1": {"1"}, "q2": {"0"}}
	if st := form("pegawai", first+"/kuis", answers); st != http.StatusConflict {
		t.Fatalf("the quiz answered twice: %d", st)
	}
	if st := form("pegawai", second+"/kuis", answers); st != http.StatusForbidden {
		t.Fatalf("the quiz of a session not attended: %d", st)
	}
	if st := form("admin", second+"/hadir", url.Values{"employee_id": {"999999"}, "confirm": {"1"}}); st != http.StatusNotFound {
		t.Fatalf("a non-employee's attendance: %d", st)
	}
	res, b = do(t, c, "GET", srv.URL+second, tok["admin"], nil)
	emp := regexp.MustCompile(`<option value="(\d+)"`).FindStringSubmatch(string(b))
	if res.StatusCode != 200 || emp == nil {
		t.Fatalf("the organiser's session page: %d", res.StatusCode)
	}
	if st := form("admin", second+"/hadir", url.Values{"employee_id": {emp[1]}}); st != http.StatusOK { // the confirmation page
		t.Fatalf("attendance unconfirmed: %d", st)
	}
	if st := form("admin", second+"/hadir", url.Values{"employee_id": {emp[1]}, "confirm": {"1"}}); st != http.StatusSeeOther {
		t.Fatalf("attendance: %d", st)
	}
	res, b = do(t, c, "GET", srv.URL+"/jam-pelajaran", tok["pegawai"], nil)
	if res.StatusCode != 200 || !strings.Contains(string(b), "Sosialisasi Nilai Dasar ASN BerAKHLAK") {
		t.Fatalf("the session's JP in pegawai's hours: %d", res.StatusCode)
	}
	res, b = do(t, c, "GET", srv.URL+"/etika/sosialisasi/unit", tok["pimpinan"], nil)
	if res.StatusCode != 200 || !strings.Contains(string(b), `class="unit-link"`) {
		t.Fatalf("absentees by unit: %d", res.StatusCode)
	}
	if res, _ = do(t, c, "GET", srv.URL+"/etika/sosialisasi/unit", tok["pegawai"], nil); res.StatusCode != http.StatusForbidden {
		t.Fatalf("an employee and the absentees: %d", res.StatusCode)
	}
}
