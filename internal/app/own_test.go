package app_test

import (
	"html"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"asnpro/internal/app/apptest"
	"asnpro/internal/sqldb/sqldbtest"
)

// The demo's open JPT selection (period 4) and its five candidates.
const (
	jptPeriod     = "4"
	jptBambangNIK = "6271031204760007"
	jptSitiNIK    = "6271036508790008"
	jptHendrikNIK = "6271033001810009"
	jptLestiNIK   = "6271034706830010"
	jptYosefNIK   = "6271030211780011"
)

// TestOwnSelectionJourney: the city's own selection from the committee's
// scheme to the candidate's explanation, through the pages, on both
// engines. Weights not summing to 100 are refused beside the form and
// store nothing; the ranking names whose interview is not complete; once
// both assessors scored everyone, a candidate with the best total but
// integritas below its minimum is TL, one below the component's minimum
// TL, and of the rest the best three are proposed (L) — three per JPT
// position — the fourth P; the SKD list is refused, the final list is
// published; the candidates read why; the scheme is then frozen.
func TestOwnSelectionJourney(t *testing.T) {
	t.Parallel()
	for _, e := range sqldbtest.Engines() {
		t.Run(string(e), func(t *testing.T) {
			t.Parallel()
			ownSelectionJourney(t, apptest.Start(t, e, "--demo"))
		})
	}
}

func ownSelectionJourney(t *testing.T, srv *apptest.Server) {
	panitia := staff(t, srv, "panitia")
	ranking := "/panitia/periode/" + jptPeriod + "/peringkat"
	_, _, page := panitia.page("GET", ranking, nil)
	if !strings.Contains(page, `id="own-form"`) || strings.Contains(page, `id="skb-form"`) ||
		!strings.Contains(html.UnescapeString(page), "Skema integrasi periode ini belum ditetapkan") {
		t.Fatalf("the JPT's ranking page before a scheme: %.3000s", page)
	}
	m := regexp.MustCompile(`name="weight_(instrument_(\d+))"`).FindStringSubmatch(page)
	if m == nil {
		t.Fatal("no interview row in the scheme form")
	}
	source, in := m[1], m[2]
	form := url.Values{"name": {"Seleksi terbuka JPT"}, "weight_" + source: {"90"}, "minimum_" + source: {"60"}, "weight_skb": {"0"},
		"minimum_skb": {"0"}}
	if code, _, p := panitia.page("POST", ranking+"/skema", form); code != 422 || !strings.Contains(p, `id="weights-error"`) ||
		!strings.Contains(p, "sekarang 90") || !strings.Contains(p, `value="90"`) {
		t.Fatalf("weights summing to 90: %d", code)
	}
	if _, _, p := panitia.page("GET", ranking, nil); !strings.Contains(p, `id="own-none"`) {
		t.Fatal("a refused scheme was stored")
	}
	form.Set("weight_"+source, "100")
	if code, loc, _ := panitia.page("POST", ranking+"/skema", form); code != 303 || !strings.Contains(loc, "ok=own") {
		t.Fatalf("the scheme: %d %s", code, loc)
	}
	if _, _, p := panitia.page("GET", ranking, nil); !strings.Contains(p, `id="ranking-why"`) ||
		!strings.Contains(html.UnescapeString(p), "5 peserta belum punya nilai Wawancara terstruktur") {
		t.Fatalf("the ranking before the interviews: %.3000s", p)
	}
	db := openDB(t, srv.DSN)
	sari, hendra := staff(t, srv, "penguji"), staff(t, srv, "penguji2")
	for _, sc := range []struct {
		nik        string
		sari, hend string // five dimensions each: komunikasi, kepemimpinan, integritas, kerja sama, orientasi pelayanan
	}{
		{jptSitiNIK, "55255", "55255"},    // the best total, integritas 2 < 3: TL
		{jptBambangNIK, "55555", "44444"}, // 90
		{jptHendrikNIK, "44444", "44444"}, // 80
		{jptLestiNIK, "44443", "44443"},   // 76
		{jptYosefNIK, "33333", "33333"},   // 60: at the minimum, P (fourth)
	} {
		app := applicationOf(t, db, sc.nik)
		for who, digits := range map[*api]string{sari: sc.sari, hendra: sc.hend} {
			v := url.Values{}
			for i, d := range digits {
				v.Set("score."+strconv.Itoa(i+1), string(d))
			}
			v.Set("confirm", "1")
			if code, _, p := who.page("POST", "/penilaian/"+in+"/"+app, v); code != 303 {
				t.Fatalf("score %s: %d %.500s", sc.nik, code, p)
			}
		}
	}
	_, _, page = panitia.page("GET", ranking, nil)
	row := func(nik string) string {
		reg := registrationOf(t, srv, nik)
		return html.UnescapeString(between(page, `id="rank-`+reg+`"`, "</tr>"))
	}
	for nik, want := range map[string]string{jptBambangNIK: ">L<", jptHendrikNIK: ">L<", jptLestiNIK: ">L<", jptYosefNIK: ">P<",
		jptSitiNIK: ">TL<"} {
		if r := row(nik); !strings.Contains(r, want) {
			t.Errorf("%s: want %s in %s", nik, want, r)
		}
	}
	if r := row(jptSitiNIK); !strings.Contains(r, "Integritas 2 (minimum 3)") {
		t.Errorf("siti's reason: %s", r)
	}
	if r := row(jptBambangNIK); !strings.Contains(r, "90,000") || !strings.Contains(r, "Wawancara terstruktur 90 × 100 %") {
		t.Errorf("bambang's total: %s", r)
	}
	if strings.Contains(page, "Total SKD") {
		t.Error("an own selection's list shows the SKD's column")
	}
	publish := url.Values{"stage": {"skd"}, "number": {"800/1/JPT"}, "confirm": {"1"}}
	if code, _, p := panitia.page("POST", ranking+"/umumkan", publish); code != 409 ||
		!strings.Contains(html.UnescapeString(p), "tidak memiliki daftar SKD") {
		t.Fatalf("an own selection's SKD list: %d", code)
	}
	publish.Set("stage", "final")
	code, loc, _ := panitia.page("POST", ranking+"/umumkan", publish)
	if code != 303 || !strings.Contains(loc, "stage=final") {
		t.Fatalf("publish the final list: %d %s", code, loc)
	}
	if _, _, p := panitia.page("GET", loc, nil); !strings.Contains(p, `id="flash"`) ||
		!strings.Contains(p, `href="`+ranking+`" id="back-ranking"`) {
		t.Error("no word of the publication and no way back on the published list")
	}
	ownResults(t, srv, form, ranking)
}

// ownResults: the candidates read their outcome and why; the public list
// shows the total and rank; the scheme no longer changes.
func ownResults(t *testing.T, srv *apptest.Server, form url.Values, ranking string) {
	t.Helper()
	db := openDB(t, srv.DSN)
	for nik, want := range map[string][]string{
		jptSitiNIK:    {"Tidak lulus (TL)", "Tidak memenuhi nilai minimum di dalam Wawancara terstruktur: Integritas 2 (minimum 3)"},
		jptBambangNIK: {"Lulus / diusulkan (L)", "Nilai total 90,000", "di antara 3 peserta terbaik yang diusulkan"},
		jptYosefNIK:   {"(P)", "di luar 3 peserta terbaik yang diusulkan"},
	} {
		_, _, p := staff(t, srv, nik).page("GET", "/lamaran/"+applicationOf(t, db, nik)+"/hasil", nil)
		p = html.UnescapeString(p)
		for _, w := range want {
			if !strings.Contains(p, w) {
				t.Errorf("%s's result page lacks %q", nik, w)
			}
		}
	}
	// The application's stages: no SKD or SKB in an own selection; the final list's result.
	bambang := applicationOf(t, db, jptBambangNIK)
	if _, _, p := staff(t, srv, jptBambangNIK).page("GET", "/lamaran/"+bambang, nil); !strings.Contains(p,
		`id="result-`+bambang+`-final">Lulus / diusulkan (L)<`) || strings.Contains(between(p, `class="stages"`, "</ol>"), "SKD") {
		t.Errorf("bambang's application page: %s", between(p, `class="stages"`, "</ol>"))
	}
	_, _, p := staff(t, srv, "auditor").page("GET", "/periods/"+jptPeriod+"/results?stage=final", nil)
	if !strings.Contains(p, "Nilai akhir") || strings.Contains(p, "Total SKD") || !strings.Contains(p, "90,000") {
		t.Errorf("the public final list: %.3000s", p)
	}
	if _, _, p := staff(t, srv, "auditor").page("GET", "/periods/"+jptPeriod+"/statistics", nil); !strings.Contains(p,
		"Terpilih / diusulkan (L)") || strings.Contains(p, "Lulus SKD") {
		t.Error("the JPT's statistics speak of SKD and placements")
	}
	form.Set("name", "Seleksi terbuka JPT, perubahan")
	if code, _, _ := staff(t, srv, "panitia").page("POST", ranking+"/skema", form); code != 409 {
		t.Errorf("the scheme changed after the final list: %d", code)
	}
}
