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

func testOnboardingPages(t *testing.T, e sqldb.Engine) {
	srv := apptest.Start(t, e, "--demo")
	c := apptest.Client()
	admin := token(t, c, srv.URL, "admin", app.DemoPassword)
	atasan := token(t, c, srv.URL, "atasan", app.DemoPassword)
	get := func(tok, path string) string {
		t.Helper()
		res, b := do(t, c, "GET", srv.URL+path, tok, nil)
		if res.StatusCode != 200 {
			t.Fatalf("GET %s: %d", path, res.StatusCode)
		}
		return string(b)
	}
	post := func(tok, path string, v url.Values) (*http.Response, string) {
		res, b := do(t, c, "POST", srv.URL+path+"?lang=id", tok, strings.NewReader(v.Encode()),
			"Content-Type", "application/x-www-form-urlencoded")
		return res, string(b)
	}
	home := get(admin, "/")
	if !strings.Contains(home, `href="/pengangkatan"`) || !strings.Contains(home, `href="/pengingat"`) {
		t.Fatal("the admin's home does not lead to onboarding and reminders")
	}
	period := regexp.MustCompile(`href="(/pengangkatan/\d+)"`).FindStringSubmatch(get(admin, "/pengangkatan"))
	if period == nil {
		t.Fatal("no period on /pengangkatan")
	}
	intake := get(admin, period[1])
	for _, name := range []string{"Agus Santoso", "Dewi Lestari"} {
		if !regexp.MustCompile(name + `</td>.*?<td>.*?</td><td>.*?</td><td>.*?</td>\s*<td>Diangkat, TMT`).MatchString(intake) {
			t.Errorf("%s not onboarded on %s", name, period[1])
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
			if n := strconv.Itoa(atoi(t, app) + d); !placed[n] && other == "" {
				other = n
			}
		}
	}
	if res, _ := do(t, c, "GET", srv.URL+period[1]+"/peserta/"+other, admin, nil); res.StatusCode != 404 {
		t.Fatalf("GET an unplaced candidate: %d, want 404", res.StatusCode)
	}
	onboard := url.Values{"tmt": {"2099-01-01"}, "unit_id": {"1"}, "grade": {"III/a"}}
	if res, _ := post(admin, period[1]+"/peserta/"+other, onboard); res.StatusCode != 409 {
		t.Fatalf("onboarding an unplaced candidate: %d, want 409", res.StatusCode)
	}

	// atasan's reports: the cohort.
	reports := get(atasan, "/bawahan")
	ids := map[string]string{}
	for _, m := range regexp.MustCompile(`id="report-(\d+)"><td>([^<]+)`).FindAllStringSubmatch(reports, -1) {
		ids[strings.TrimSpace(m[2])] = m[1]
	}
	for _, name := range []string{"Agus Santoso", "Citra Maharani", "Eka Prasetyo", "Fajar Ramadhan", "Rina Handayani"} {
		if ids[name] == "" {
			t.Fatalf("%s is not among atasan's reports: %v", name, ids)
		}
	}
	if !strings.Contains(reports, `href="/bawahan/`+ids["Eka Prasetyo"]+`/percobaan"`) {
		t.Fatal("Bawahan does not link Eka's probation assessment")
	}
	// atasan was told of Agus, their new CPNS, with the way to the assessment.
	_, notes := do(t, c, "GET", srv.URL+"/api/v1/notifications", atasan, nil)
	if !strings.Contains(string(notes), `"link":"/bawahan/`+ids["Agus Santoso"]+`/percobaan"`) ||
		!strings.Contains(string(notes), "CPNS baru: Agus Santoso") {
		t.Fatalf("atasan's notices: %s", notes)
	}

	// The NIP: the page shows the prefix; a NIP of another birth date is refused naming NIK and NIP.
	agus := get(admin, "/pegawai/"+ids["Agus Santoso"])
	prefix := regexp.MustCompile(`id="nip-prefix">.*?<code>(\d{15})</code>`).FindStringSubmatch(agus)
	if prefix == nil {
		t.Fatal("Agus's page shows no NIP prefix")
	}
	wrong := "19700101" + prefix[1][8:] + "001"
	res, body := post(admin, "/pegawai/"+ids["Agus Santoso"]+"/nip", url.Values{"number": {wrong}})
	namesBoth := regexp.MustCompile(`id="number-error">[^<]*NIK[^<]*NIP|id="number-error">[^<]*NIP[^<]*NIK`)
	if res.StatusCode != 422 || !namesBoth.MatchString(body) {
		t.Fatalf("a NIP against the NIK: %d", res.StatusCode)
	}
	if res, _ := post(admin, "/pegawai/"+ids["Agus Santoso"]+"/nip", url.Values{"number": {prefix[1] + "001"}}); res.StatusCode != 303 {
		t.Fatalf("Agus's NIP: %d", res.StatusCode)
	}

	// Latsar once; appointment by the rules.
	yesterday := time.Now().AddDate(0, 0, -1).Format(time.DateOnly)
	latsar := url.Values{"mode": {"daring"}, "hours": {"51"}, "result": {"lulus"}, "held_on": {yesterday}}
	if res, _ := post(admin, "/pegawai/"+ids["Citra Maharani"]+"/latsar", latsar); res.StatusCode != 409 {
		t.Fatalf("a second Latsar: %d, want 409", res.StatusCode)
	}
	appoint := url.Values{"outcome": {"appointed"}, "health": {"445/12/RSUD/2026"}, "confirm": {"1"},
		"decided_on": {time.Now().Format(time.DateOnly)}}
	res, body = post(admin, "/pegawai/"+ids["Fajar Ramadhan"]+"/percobaan", appoint)
	if res.StatusCode != 409 || !strings.Contains(body, "Latsar yang lulus") {
		t.Fatalf("appointing Fajar without Latsar: %d", res.StatusCode)
	}
	if res, body := post(admin, "/pegawai/"+ids["Citra Maharani"]+"/percobaan", url.Values{"outcome": {"appointed"},
		"health": {"x"}}); res.StatusCode != 200 || !strings.Contains(body, `name="confirm"`) {
		t.Fatalf("appointing asks first: %d", res.StatusCode)
	}
	if res, _ := post(admin, "/pegawai/"+ids["Citra Maharani"]+"/percobaan", appoint); res.StatusCode != 303 {
		t.Fatalf("appointing Citra: %d", res.StatusCode)
	}
	if !strings.Contains(get(admin, "/pegawai/"+ids["Citra Maharani"]), `id="employee-status">Aktif`) {
		t.Fatal("Citra is not aktif")
	}

	// The supervisor's assessment: a report of atasan's, not someone else's.
	assess := url.Values{"worthy": {"layak"}, "note": {"Cepat belajar."}}
	if res, _ := post(atasan, "/bawahan/"+ids["Eka Prasetyo"]+"/percobaan", assess); res.StatusCode != 303 {
		t.Fatalf("assessing Eka: %d", res.StatusCode)
	}
	eka := get(admin, "/pegawai/"+ids["Eka Prasetyo"])
	lead := regexp.MustCompile(`id="employee-supervisor"><a href="/pegawai/(\d+)"`).FindStringSubmatch(eka)
	if lead == nil {
		t.Fatal("no supervisor link on Eka's page")
	}
	// lead is atasan's own record: nobody is their own supervisor.
	if res, _ := post(atasan, "/bawahan/"+lead[1]+"/percobaan", assess); res.StatusCode != 404 {
		t.Fatalf("atasan assessing their own record: %d, want 404", res.StatusCode)
	}
	if !strings.Contains(get(admin, "/pengingat"), "Fajar Ramadhan") {
		t.Fatal("Fajar's missing Latsar is not on the reminders")
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
