package app_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"asnpro/internal/app"
	"asnpro/internal/app/apptest"
	"asnpro/internal/sqldb"
	"asnpro/internal/sqldb/sqldbtest"
)

// TestOnboardingPages: on the demo, on both engines, the admin reaches
// the period's onboarding from the home page, finds Agus Santoso and Dewi
// Lestari onboarded, records Agus's NIP (a NIP that disagrees with his
// NIK refused naming both), appoints Citra, and is refused naming the rule
// for Fajar (no Latsar); a second Latsar for Citra is 409; atasan
// assesses Eka from Bawahan, and cannot assess their own record (404).
func TestOnboardingPages(t *testing.T) {
	t.Parallel()
	for _, e := range sqldbtest.Engines() {
		t.Run(string(e), func(t *testing.T) {
			t.Parallel()
			testOnboardingPages(t, e)
		})
	}
}

// onboardSite is a demo server and the admin's and atasan's tokens.
type onboardSite struct {
	t             *testing.T
	srv           *apptest.Server
	c             *http.Client
	admin, atasan string
}

func (s *onboardSite) get(tok, path string) string {
	s.t.Helper()
	res, b := do(s.t, s.c, "GET", s.srv.URL+path, tok, nil)
	if res.StatusCode != 200 {
		s.t.Fatalf("GET %s: %d", path, res.StatusCode)
	}
	return string(b)
}

func (s *onboardSite) post(tok, path string, v url.Values) (*http.Response, string) {
	s.t.Helper()
	res, b := do(s.t, s.c, "POST", s.srv.URL+path+"?lang=id", tok, strings.NewReader(v.Encode()),
		"Content-Type", "application/x-www-form-urlencoded")
	return res, string(b)
}

func testOnboardingPages(t *testing.T, e sqldb.Engine) {
	srv := apptest.Start(t, e, "--demo")
	c := apptest.Client()
	s := &onboardSite{t: t, srv: srv, c: c, admin: token(t, c, srv.URL, "admin", app.DemoPassword),
		atasan: token(t, c, srv.URL, "atasan", app.DemoPassword)}
	s.checkIntake()
	ids := s.reportIDs()
	s.checkNumber(ids["Agus Santoso"])
	s.checkProbation(ids)
}

// checkIntake: the admin's home leads to the period, whose page shows Agus
// and Dewi onboarded; a candidate the list did not place has no page and
// is not onboarded.
func (s *onboardSite) checkIntake() {
	s.t.Helper()
	home := s.get(s.admin, "/")
	if !strings.Contains(home, `href="/pengangkatan"`) || !strings.Contains(home, `href="/pengingat"`) {
		s.t.Fatal("the admin's home does not lead to onboarding and reminders")
	}
	period := regexp.MustCompile(`href="(/pengangkatan/\d+)"`).FindStringSubmatch(s.get(s.admin, "/pengangkatan"))
	if period == nil {
		s.t.Fatal("no period on /pengangkatan")
	}
	intake := s.get(s.admin, period[1])
	for _, name := range []string{"Agus Santoso", "Dewi Lestari"} {
		if !regexp.MustCompile(name + `</td>.*?<td>.*?</td><td>.*?</td><td>.*?</td>\s*<td>Diangkat, TMT`).MatchString(intake) {
			s.t.Errorf("%s not onboarded on %s", name, period[1])
		}
	}

	// A candidate the list did not place: no page (404), and onboarding them is 409.
	placed := map[string]bool{}
	for _, m := range regexp.MustCompile(`/peserta/(\d+)"`).FindAllStringSubmatch(intake, -1) {
		placed[m[1]] = true
	}
	var other string
	for app := range placed {
		for _, d := range []int{-1, 1, -2, 2} {
			if n := strconv.Itoa(atoi(s.t, app) + d); !placed[n] && other == "" {
				other = n
			}
		}
	}
	if res, _ := do(s.t, s.c, "GET", s.srv.URL+period[1]+"/peserta/"+other, s.admin, nil); res.StatusCode != 404 {
		s.t.Fatalf("GET an unplaced candidate: %d, want 404", res.StatusCode)
	}
	onboard := url.Values{"tmt": {"2099-01-01"}, "unit_id": {"1"}, "grade": {"III/a"}}
	if res, _ := s.post(s.admin, period[1]+"/peserta/"+other, onboard); res.StatusCode != 409 {
		s.t.Fatalf("onboarding an unplaced candidate: %d, want 409", res.StatusCode)
	}
}

// reportIDs: atasan's reports, the cohort among them, by name; the link to
// the assessment and the notice of Agus.
func (s *onboardSite) reportIDs() map[string]string {
	s.t.Helper()
	// atasan's reports: the cohort.
	reports := s.get(s.atasan, "/bawahan")
	ids := map[string]string{}
	for _, m := range regexp.MustCompile(`id="report-(\d+)"><td>([^<]+)`).FindAllStringSubmatch(reports, -1) {
		ids[strings.TrimSpace(m[2])] = m[1]
	}
	for _, name := range []string{"Agus Santoso", "Citra Maharani", "Eka Prasetyo", "Fajar Ramadhan", "Rina Handayani"} {
		if ids[name] == "" {
			s.t.Fatalf("%s is not among atasan's reports: %v", name, ids)
		}
	}
	if !strings.Contains(reports, `href="/bawahan/`+ids["Eka Prasetyo"]+`/percobaan"`) {
		s.t.Fatal("Bawahan does not link Eka's probation assessment")
	}
	// atasan was told of Agus, their new CPNS, with the way to the assessment.
	_, notes := do(s.t, s.c, "GET", s.srv.URL+"/api/v1/notifications", s.atasan, nil)
	if !strings.Contains(string(notes), `"link":"/bawahan/`+ids["Agus Santoso"]+`/percobaan"`) ||
		!strings.Contains(string(notes), "CPNS baru: Agus Santoso") {
		s.t.Fatalf("atasan's notices: %s", notes)
	}
	return ids
}

// checkNumber: Agus's NIP prefix, a NIP against his NIK refused naming
// both, then his NIP recorded.
func (s *onboardSite) checkNumber(agusID string) {
	s.t.Helper()
	// The NIP: the page shows the prefix; a NIP of another birth date is refused naming NIK and NIP.
	agus := s.get(s.admin, "/pegawai/"+agusID)
	prefix := regexp.MustCompile(`id="nip-prefix">.*?<code>(\d{15})</code>`).FindStringSubmatch(agus)
	if prefix == nil {
		s.t.Fatal("Agus's page shows no NIP prefix")
	}
	wrong := "19700101" + prefix[1][8:] + "001"
	res, body := s.post(s.admin, "/pegawai/"+agusID+"/nip", url.Values{"number": {wrong}})
	namesBoth := regexp.MustCompile(`id="number-error">[^<]*NIK[^<]*NIP|id="number-error">[^<]*NIP[^<]*NIK`)
	if res.StatusCode != 422 || !namesBoth.MatchString(body) {
		s.t.Fatalf("a NIP against the NIK: %d", res.StatusCode)
	}
	if res, _ := s.post(s.admin, "/pegawai/"+agusID+"/nip", url.Values{"number": {prefix[1] + "001"}}); res.StatusCode != 303 {
		s.t.Fatalf("Agus's NIP: %d", res.StatusCode)
	}
}

// checkProbation: Latsar once, appointment by the rules, the supervisor's
// assessment of a report and not of anyone else, the reminders.
func (s *onboardSite) checkProbation(ids map[string]string) {
	s.t.Helper()
	var res *http.Response
	var body string
	// Latsar once; appointment by the rules.
	yesterday := time.Now().AddDate(0, 0, -1).Format(time.DateOnly)
	latsar := url.Values{"mode": {"daring"}, "hours": {"51"}, "result": {"lulus"}, "held_on": {yesterday}}
	if res, _ := s.post(s.admin, "/pegawai/"+ids["Citra Maharani"]+"/latsar", latsar); res.StatusCode != 409 {
		s.t.Fatalf("a second Latsar: %d, want 409", res.StatusCode)
	}
	appoint := url.Values{"outcome": {"appointed"}, "health": {"445/12/RSUD/2026"}, "confirm": {"1"},
		"decided_on": {time.Now().Format(time.DateOnly)}}
	res, body = s.post(s.admin, "/pegawai/"+ids["Fajar Ramadhan"]+"/percobaan", appoint)
	if res.StatusCode != 409 || !strings.Contains(body, "Latsar yang lulus") {
		s.t.Fatalf("appointing Fajar without Latsar: %d", res.StatusCode)
	}
	if res, body := s.post(s.admin, "/pegawai/"+ids["Citra Maharani"]+"/percobaan", url.Values{"outcome": {"appointed"},
		"health": {"x"}}); res.StatusCode != 200 || !strings.Contains(body, `name="confirm"`) {
		s.t.Fatalf("appointing asks first: %d", res.StatusCode)
	}
	if res, _ := s.post(s.admin, "/pegawai/"+ids["Citra Maharani"]+"/percobaan", appoint); res.StatusCode != 303 {
		s.t.Fatalf("appointing Citra: %d", res.StatusCode)
	}
	if !strings.Contains(s.get(s.admin, "/pegawai/"+ids["Citra Maharani"]), `id="employee-status">Aktif`) {
		s.t.Fatal("Citra is not aktif")
	}

	// The supervisor's assessment: a report of atasan's, not someone else's.
	assess := url.Values{"worthy": {"layak"}, "note": {"Cepat belajar."}}
	if res, _ := s.post(s.atasan, "/bawahan/"+ids["Eka Prasetyo"]+"/percobaan", assess); res.StatusCode != 303 {
		s.t.Fatalf("assessing Eka: %d", res.StatusCode)
	}
	eka := s.get(s.admin, "/pegawai/"+ids["Eka Prasetyo"])
	lead := regexp.MustCompile(`id="employee-supervisor"><a href="/pegawai/(\d+)"`).FindStringSubmatch(eka)
	if lead == nil {
		s.t.Fatal("no supervisor link on Eka's page")
	}
	// lead is atasan's own record: nobody is their own supervisor.
	if res, _ := s.post(s.atasan, "/bawahan/"+lead[1]+"/percobaan", assess); res.StatusCode != 404 {
		s.t.Fatalf("atasan assessing their own record: %d, want 404", res.StatusCode)
	}
	if !strings.Contains(s.get(s.admin, "/pengingat"), "Fajar Ramadhan") {
		s.t.Fatal("Fajar's missing Latsar is not on the reminders")
	}
}

func atoi(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatal(err)
	}
	return n
}
