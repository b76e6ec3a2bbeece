package app_test

import (
	"html"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"asnpro/internal/app/apptest"
	"asnpro/internal/sqldb/sqldbtest"
)

// TestAssessmentPages: the demo's practical test of last year's period,
// through the pages on both engines. The committee cannot add an interview
// to a CPNS round; each assessor scores alone (a missing level is refused,
// nothing stored), sees the other's scores only after submitting; a spread
// of 2 waits for the panel, which must give a reason; a conflict that
// leaves too few assessors is refused and changes nothing; the auditor
// reads and may change nothing; a verifier cannot score.
func TestAssessmentPages(t *testing.T) {
	t.Parallel()
	for _, e := range sqldbtest.Engines() {
		t.Run(string(e), func(t *testing.T) {
			t.Parallel()
			assessmentPages(t, apptest.Start(t, e, demoMidway...))
		})
	}
}

func assessmentPages(t *testing.T, srv *apptest.Server) {
	panitia, auditor := staff(t, srv, "panitia"), staff(t, srv, "auditor")
	sari, hendra := staff(t, srv, "penguji"), staff(t, srv, "penguji2")
	_, _, page := panitia.page("GET", "/panitia/periode/2/asesmen", nil)
	m := regexp.MustCompile(`href="/panitia/asesmen/(\d+)" id="open-instrument-\d+">Tes praktik kerja`).FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no practical test: %.2000s", page)
	}
	in := m[1]
	form := url.Values{"name": {"Wawancara"}, "kind": {"interview"}, "assessors": {"2"}, "dim.1.name": {"Komunikasi"},
		"dim.1.minimum": {"3"}, "dim.1.anchor.1": {"a"}, "dim.1.anchor.2": {"b"}, "dim.1.anchor.3": {"c"}, "dim.1.anchor.4": {"d"},
		"dim.1.anchor.5": {"e"}}
	if code, _, p := panitia.page("POST", "/panitia/periode/2/asesmen", form); code != 422 ||
		!strings.Contains(p, "Seleksi CPNS tidak memakai wawancara") {
		t.Fatalf("an interview in a CPNS round: %d", code)
	}
	form.Set("kind", "paper")
	form.Set("dim.1.anchor.3", "")
	if code, _, p := panitia.page("POST", "/panitia/periode/2/asesmen", form); code != 422 ||
		!strings.Contains(p, "Setiap tingkat perlu uraian perilaku") {
		t.Fatalf("an empty anchor: %d", code)
	}
	// Sari scored Agus in the demo; both score Maria now.
	maria := applicationOf(t, openDB(t, srv.DSN), demoMariaNIK)
	path := "/penilaian/" + in + "/" + maria
	if code, _, p := sari.page("POST", path, url.Values{"score.1": {"2"}}); code != 422 || !strings.Contains(p, "Nilai 1 sampai 5") {
		t.Fatalf("a dimension left out: %d", code)
	}
	// Good scores are confirmed first: without the confirmation nothing is sent.
	if code, _, p := sari.page("POST", path, url.Values{"score.1": {"2"}, "score.2": {"4"}}); code != 200 ||
		!strings.Contains(p, `id="confirm-yes"`) || !strings.Contains(p, "Ketepatan hasil 2; Prosedur dan keselamatan kerja 4") {
		t.Fatalf("sari's scores without the confirmation: %d", code)
	}
	if _, _, p := sari.page("GET", path, nil); !strings.Contains(p, `id="score-form"`) {
		t.Fatal("scores were sent before the confirmation")
	}
	if code, _, _ := sari.page("POST", path, url.Values{"score.1": {"2"}, "score.2": {"4"}, "confirm": {"1"}}); code != 303 {
		t.Fatalf("sari scores: %d", code)
	}
	if _, _, p := sari.page("GET", path, nil); !strings.Contains(p, `id="others-pending"`) {
		t.Fatal("sari sees scores that are not in")
	}
	if _, _, p := hendra.page("GET", path, nil); !strings.Contains(p, `id="score-form"`) || strings.Contains(p, `id="scores"`) {
		t.Fatal("hendra sees sari's scores before submitting")
	}
	if code, _, _ := hendra.page("POST", path, url.Values{"score.1": {"4"}, "score.2": {"4"}, "confirm": {"1"}}); code != 303 {
		t.Fatalf("hendra scores: %d", code)
	}
	if code, _, _ := hendra.page("POST", path, url.Values{"score.1": {"5"}, "score.2": {"5"}, "confirm": {"1"}}); code != 409 {
		t.Fatalf("hendra scores again: %d", code)
	}
	_, _, p := sari.page("GET", path, nil)
	if !strings.Contains(p, `id="scores"`) || strings.Contains(p, `id="others-pending"`) {
		t.Fatal("sari does not see hendra's scores after both submitted")
	}
	moderation(t, srv, panitia, auditor, in, maria)
	// Hendra's conflict with Dewi would leave her one assessor: refused.
	dewi := applicationOf(t, openDB(t, srv.DSN), demoDewiNIK)
	if code, _, p := hendra.page("POST", "/penilaian/"+in+"/"+dewi+"/konflik", url.Values{"note": {"Tetangga saya"}}); code != 409 ||
		!strings.Contains(html.UnescapeString(p), "tidak cukup") {
		t.Fatalf("a conflict without a replacement: %d", code)
	}
	if _, _, p := hendra.page("GET", "/penilaian", nil); !strings.Contains(p, "/penilaian/"+in+"/"+dewi) {
		t.Fatal("the refused conflict withdrew hendra")
	}
	if code, _, _ := staff(t, srv, "verifikator").page("GET", "/penilaian", nil); code != 403 {
		t.Fatalf("a verifier scores: %d", code)
	}
	takeAssessment(t, srv, panitia, sari, hendra, in, dewi)
}

// takeAssessment: the practical test's results become the SKB's additional
// test only once every candidate is complete.
func takeAssessment(t *testing.T, srv *apptest.Server, panitia, sari, hendra *api, in, dewi string) {
	t.Helper()
	take := func() (int, string) {
		code, loc, _ := panitia.page("POST", "/panitia/periode/2/peringkat/asesmen", url.Values{"instrument": {in}})
		return code, loc
	}
	if code, _ := take(); code != 409 {
		t.Fatalf("take an incomplete assessment: %d", code)
	}
	agus := applicationOf(t, openDB(t, srv.DSN), demoAgusNIK)
	for _, sc := range []struct {
		who  *api
		app  string
		a, b string
	}{{sari, dewi, "4", "4"}, {hendra, dewi, "5", "4"}, {hendra, agus, "4", "3"}} {
		v := url.Values{"score.1": {sc.a}, "score.2": {sc.b}, "confirm": {"1"}}
		if code, _, _ := sc.who.page("POST", "/penilaian/"+in+"/"+sc.app, v); code != 303 {
			t.Fatalf("score %s: %d", sc.app, code)
		}
	}
	// Maria (TL at the SKD) does not sit the SKB: her assessment is not taken.
	if code, loc := take(); code != 303 || !strings.Contains(loc, "hadir=2") {
		t.Fatalf("take the assessment: %d %s", code, loc)
	}
	var n, milli int
	err := openDB(t, srv.DSN).R.QueryRowContext(t.Context(), `SELECT count(*), coalesce(max(CASE WHEN application_id = $1
THEN score_milli END), 0) FROM selection_scores WHERE component = 'skb_extra' AND source = 'panel'`, agus).Scan(&n, &milli)
	if err != nil || n != 2 || milli != 70000 {
		t.Fatalf("skb_extra rows %d, agus %d (want 2 and 70000: (4+3)/2 × 20): %v", n, milli, err)
	}
}

// moderation: the spread of 2 on the first dimension waits for the panel;
// a reason is required; the auditor reads and may not moderate.
func moderation(t *testing.T, srv *apptest.Server, panitia, auditor *api, in, maria string) {
	t.Helper()
	_, _, p := panitia.page("GET", "/panitia/asesmen/"+in, nil)
	row := between(p, `id="c-`+maria+`"`, "</tr>")
	if !strings.Contains(row, `id="mod-`+maria+`-1"`) || strings.Contains(row, `id="mod-`+maria+`-2"`) ||
		!strings.Contains(between(row, `id="mod-`+maria+`-1-scores">`, "</p>"), "2, 4") {
		t.Fatalf("maria's row before moderation (the form shows both assessors' scores, 2 and 4): %s", row)
	}
	mod := url.Values{"app": {maria}, "no": {"1"}, "score": {"3"}}
	if code, _, _ := auditor.page("POST", "/panitia/asesmen/"+in+"/moderasi", mod); code != 403 {
		t.Fatalf("the auditor moderates: %d", code)
	}
	if code, _, p := panitia.page("POST", "/panitia/asesmen/"+in+"/moderasi", mod); code != 422 ||
		!strings.Contains(between(p, `id="page-error"`, "</p>"), "Alasan tertulis panel wajib diisi") ||
		!strings.Contains(p, `id="mod-`+maria+`-1-score" name="score" type="number" min="1" max="5" value="3"`) {
		t.Fatalf("moderation without a reason (the message at the top, the score kept): %d", code)
	}
	mod.Set("reason", "Hasil kerja benar tetapi lambat; panel sepakat 3.")
	if code, _, _ := panitia.page("POST", "/panitia/asesmen/"+in+"/moderasi", mod); code != 303 {
		t.Fatalf("moderate: %d", code)
	}
	_, _, p = auditor.page("GET", "/panitia/asesmen/"+in, nil)
	row = between(p, `id="c-`+maria+`"`, "</tr>")
	if !strings.Contains(row, "memenuhi minimum") || strings.Contains(p, `id="assign-form"`) ||
		!strings.Contains(html.UnescapeString(row), "Hasil kerja benar tetapi lambat") {
		t.Fatalf("maria's row after moderation, as the auditor sees it: %s", row)
	}
}
