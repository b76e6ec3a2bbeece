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

// TestPanelsAndPhasesPages: the demo's JPT selection through the pages, on
// both engines. The interview, drawn already, refuses a panel (409); a
// practical test set to follow the interview gets a panel of both
// assessors (the refusals beside their fields storing nothing), refuses a
// second panel with a member taken and itself as its phase; its draw is
// refused while the interview is not complete, then draws only those who
// passed the interview, all in the panel, whose agreement the committee
// and the auditor read (a verifier 403). The own ranking makes the
// candidate who failed the interview TL with the phase named.
func TestPanelsAndPhasesPages(t *testing.T) {
	t.Parallel()
	for _, e := range sqldbtest.Engines() {
		t.Run(string(e), func(t *testing.T) {
			t.Parallel()
			panelsAndPhases(t, apptest.Start(t, e, "--demo"))
		})
	}
}

func panelsAndPhases(t *testing.T, srv *apptest.Server) {
	panitia, auditor, verifier := staff(t, srv, "panitia"), staff(t, srv, "auditor"), staff(t, srv, "verifikator")
	db := openDB(t, srv.DSN)
	userID := func(u string) string {
		var id int64
		if err := db.R.QueryRowContext(t.Context(), `SELECT id FROM users WHERE username = $1`, u).Scan(&id); err != nil {
			t.Fatal(err)
		}
		return strconv.FormatInt(id, 10)
	}
	sari, hendra := userID("penguji"), userID("penguji2")
	_, _, list := panitia.page("GET", "/panitia/periode/"+jptPeriod+"/asesmen", nil)
	m := regexp.MustCompile(`id="open-instrument-(\d+)"`).FindStringSubmatch(list)
	if m == nil || !strings.Contains(list, `id="after"`) {
		t.Fatalf("the JPT's instruments: %.2000s", list)
	}
	interview := m[1]
	both := url.Values{"name": {"Panel A"}, "member": {sari, hendra}}
	if code, _, p := panitia.page("POST", "/panitia/asesmen/"+interview+"/panel", both); code != 409 ||
		!strings.Contains(html.UnescapeString(p), "sudah diundi") {
		t.Fatalf("a panel of a drawn instrument: %d", code)
	}
	form := url.Values{"name": {"Tes praktik"}, "kind": {"practical"}, "assessors": {"2"}, "after": {interview}}
	for _, d := range []string{"1", "2"} {
		form.Set("dim."+d+".name", "Dimensi "+d)
		for l := 1; l <= 5; l++ {
			form.Set("dim."+d+".anchor."+strconv.Itoa(l), "Tingkat")
		}
	}
	code, loc, _ := panitia.page("POST", "/panitia/periode/"+jptPeriod+"/asesmen", form)
	m = regexp.MustCompile(`^/panitia/asesmen/(\d+)\?`).FindStringSubmatch(loc)
	if code != 303 || m == nil {
		t.Fatalf("create the practical test: %d %s", code, loc)
	}
	practical := "/panitia/asesmen/" + m[1]
	if _, _, p := panitia.page("GET", practical, nil); !strings.Contains(p, `id="after-phase"`) || !strings.Contains(p, `id="panel-form"`) ||
		!strings.Contains(p, `id="member-`+sari+`"`) {
		t.Fatalf("the practical test's page: %.3000s", p)
	}
	runForms(t, []formCase{
		{name: "one member", as: panitia, path: practical + "/panel", form: url.Values{"name": {"Panel A"}, "member": {sari}}, status: 422,
			at: "members-error", key: "assesspanel.members_few", args: []any{"n", 2}},
		{name: "no name", as: panitia, path: practical + "/panel", form: url.Values{"name": {" "}, "member": {sari, hendra}}, status: 422,
			at: "panel-name-error", key: "assesspanel.name", args: []any{"max", 100}},
		{name: "not a signer", as: panitia, path: practical + "/panel", form: url.Values{"name": {"Panel A"},
			"member": {sari, userID("verifikator")}}, status: 422, at: "members-error", key: "assesspanel.members_eligible"},
		{name: "itself as its phase", as: panitia, path: practical + "/tahap", form: url.Values{"after": {m[1]}}, status: 422,
			at: "after-error", key: "assessphase.after_self"},
	}, func() string {
		var panels, after int
		if err := db.R.QueryRowContext(t.Context(), `SELECT (SELECT count(*) FROM assess_panels),
  (SELECT count(*) FROM assess_instruments WHERE after_id IS NOT NULL)`).Scan(&panels, &after); err != nil {
			t.Fatal(err)
		}
		return strconv.Itoa(panels) + "/" + strconv.Itoa(after) + "/" + strconv.Itoa(countAudit(t, srv.DSN, "assess.panel.create"))
	})
	if code, _, _ := verifier.page("POST", practical+"/panel", both); code != 403 {
		t.Fatalf("a verifier adds a panel: %d", code)
	}
	for i := range 2 {
		if code, loc, _ := panitia.page("POST", practical+"/panel", both); code != 303 || !strings.Contains(loc, "ok=panel") {
			t.Fatalf("panel A: %d %s", code, loc)
		}
		if i > 0 {
			break
		}
		// Deleted before the draw, and defined again.
		_, _, p := panitia.page("GET", practical, nil)
		del := regexp.MustCompile(`action="(/panitia/asesmen/\d+/panel/\d+/hapus)#panels"`).FindStringSubmatch(p)
		if del == nil {
			t.Fatal("no delete form before the draw")
		}
		if code, _, _ := verifier.page("POST", del[1], url.Values{}); code != 403 {
			t.Fatalf("a verifier deletes a panel: %d", code)
		}
		if code, loc, _ := panitia.page("POST", del[1], url.Values{}); code != 303 || !strings.Contains(loc, "ok=panel_deleted") {
			t.Fatalf("delete panel A: %d %s", code, loc)
		}
	}
	both.Set("name", "Panel B")
	if code, _, p := panitia.page("POST", practical+"/panel", both); code != 422 || !strings.Contains(p, `id="members-error"`) {
		t.Fatalf("panel B with panel A's members: %d", code)
	}
	if code, _, p := panitia.page("POST", practical+"/penugasan", url.Values{}); code != 409 ||
		!strings.Contains(html.UnescapeString(p), "5 peserta Wawancara terstruktur belum selesai dinilai") {
		t.Fatalf("draw before the interview is scored: %d", code)
	}
	phasesScored(t, srv, panitia, auditor, verifier, interview, practical, m[1])
}

// phasesScored: the interview scored (Siti fails integritas), the
// practical test draws the other four in panel A; its agreement is read;
// the own ranking names the phase Siti failed.
func phasesScored(t *testing.T, srv *apptest.Server, panitia, auditor, verifier *api, interview, practical, practicalID string) {
	t.Helper()
	db := openDB(t, srv.DSN)
	sari, hendra := staff(t, srv, "penguji"), staff(t, srv, "penguji2")
	score := func(in, nik, digits string) {
		app := applicationOf(t, db, nik)
		v := url.Values{}
		for i, d := range digits {
			v.Set("score."+strconv.Itoa(i+1), string(d))
		}
		for _, who := range []*api{sari, hendra} {
			v.Set("confirm", "1")
			if code, _, p := who.page("POST", "/penilaian/"+in+"/"+app, v); code != 303 {
				t.Fatalf("score %s in %s: %d %.500s", nik, in, code, p)
			}
		}
	}
	for nik, digits := range map[string]string{jptSitiNIK: "55255", jptBambangNIK: "44444", jptHendrikNIK: "44444", jptLestiNIK: "44443",
		jptYosefNIK: "33333"} {
		score(interview, nik, digits)
	}
	if code, loc, _ := panitia.page("POST", practical+"/penugasan", url.Values{}); code != 303 || !strings.Contains(loc, "n=8") {
		t.Fatalf("draw the practical test: %d %s", code, loc)
	}
	for _, nik := range []string{jptBambangNIK, jptHendrikNIK, jptLestiNIK, jptYosefNIK} {
		score(practicalID, nik, "44")
	}
	for _, who := range []*api{panitia, auditor} {
		code, _, p := who.page("GET", practical, nil)
		if code != 200 || !strings.Contains(between(p, `-candidates">`, "<"), "4") ||
			!strings.Contains(html.UnescapeString(between(p, `-agreement">`, "</td>")), "8 pasang; sama 100") ||
			strings.Contains(p, `id="panel-form"`) || strings.Contains(p, `id="candidates-none"`) {
			t.Fatalf("the practical test after the draw: %d %.4000s", code, p)
		}
		if strings.Contains(p, `id="c-`+applicationOf(t, db, jptSitiNIK)+`"`) {
			t.Fatal("siti, who failed the interview, was drawn")
		}
	}
	if code, _, _ := verifier.page("GET", practical, nil); code != 403 {
		t.Fatalf("a verifier reads the panels: %d", code)
	}
	_, _, p := panitia.page("GET", practical, nil)
	if del := regexp.MustCompile(`/panitia/asesmen/\d+/panel/(\d+)/`).FindStringSubmatch(p); del != nil {
		t.Fatal("a delete form after the draw")
	}
	var panel string
	if err := db.R.QueryRowContext(t.Context(), `SELECT CAST(max(id) AS TEXT) FROM assess_panels`).Scan(&panel); err != nil {
		t.Fatal(err)
	}
	if code, _, _ := panitia.page("POST", practical+"/panel/"+panel+"/hapus", url.Values{}); code != 409 {
		t.Fatalf("delete a panel after the draw: %d", code)
	}
	if countAudit(t, srv.DSN, "assess.panel.place") != 4 || countAudit(t, srv.DSN, "assess.panel.create") != 2 ||
		countAudit(t, srv.DSN, "assess.panel.delete") != 1 {
		t.Fatal("the panel's placements are not recorded")
	}
	ranking := "/panitia/periode/" + jptPeriod + "/peringkat"
	form := url.Values{"name": {"Seleksi terbuka JPT"}, "weight_instrument_" + practicalID: {"100"}, "weight_skb": {"0"}, "minimum_skb": {"0"}}
	if code, _, p := panitia.page("POST", ranking+"/skema", form); code != 303 {
		t.Fatalf("the scheme of the practical test only: %d %.1000s", code, p)
	}
	_, _, p = panitia.page("GET", ranking, nil)
	row := html.UnescapeString(between(p, `id="rank-`+registrationOf(t, srv, jptSitiNIK)+`"`, "</tr>"))
	if !strings.Contains(row, ">TL<") ||
		!strings.Contains(row, "Tidak mengikuti Tes praktik karena tidak lulus tahap sebelumnya: Wawancara terstruktur") {
		t.Fatalf("siti's row: %s", row)
	}
	if row := html.UnescapeString(between(p, `id="rank-`+registrationOf(t, srv, jptBambangNIK)+`"`, "</tr>")); !strings.Contains(row, ">L<") {
		t.Fatalf("bambang's row: %s", row)
	}
}
