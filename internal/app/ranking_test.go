package app_test

import (
	"encoding/json"
	"fmt"
	"html"
	"net/url"
	"strings"
	"testing"
	"time"

	"asnpro/internal/app/apptest"
	"asnpro/internal/sqldb/sqldbtest"
)

// TestPeriodRanking: last year's period from its SKD scores (taken from its
// session in the demo) to its published final list, on both engines. The
// ranking page shows the list the scores make (the two who met the grade
// P/L, the third TL); the final list is refused before an SKD list, the
// SKD list without the confirmation; the published SKD list carries its
// scores, ranks and explanations in every format; an SKB session takes the
// P/L, its scores are refused while someone is still working and taken
// once all finished; the final list integrates them (40 % SKD, 60 % SKB)
// and is published. The auditor reads the page and may change nothing.
func TestPeriodRanking(t *testing.T) {
	t.Parallel()
	for _, e := range sqldbtest.Engines() {
		t.Run(string(e), func(t *testing.T) {
			t.Parallel()
			periodRanking(t, apptest.Start(t, e, demoMidway...))
		})
	}
}

func periodRanking(t *testing.T, srv *apptest.Server) {
	panitia, auditor := staff(t, srv, "panitia"), staff(t, srv, "auditor")
	agus, dewi := staff(t, srv, demoAgusNIK), staff(t, srv, demoDewiNIK)
	const ranking = "/panitia/periode/2/peringkat"
	missingSKD(t, srv, panitia)
	code, _, page := panitia.page("GET", ranking, nil)
	if code != 200 || !strings.Contains(page, `id="ranking-stage"`) || !strings.Contains(page, `id="count-skd"`) {
		t.Fatalf("ranking page: %d %.2000s", code, page)
	}
	for nik, want := range map[string]string{demoAgusNIK: "P/L", demoDewiNIK: "P/L", demoMariaNIK: "TL"} {
		reg := registrationOf(t, srv, nik)
		row := between(page, `id="rank-`+reg+`"`, "</tr>")
		if !strings.Contains(row, ">"+want+"</abbr>") {
			t.Fatalf("%s: want %s in %s", reg, want, row)
		}
	}
	// Auditor: reads, no forms, refused changes.
	_, _, apage := auditor.page("GET", ranking, nil)
	if !strings.Contains(apage, `id="ranking-stage"`) || strings.Contains(apage, `id="publish-form"`) ||
		strings.Contains(apage, `id="take-skd"`) {
		t.Fatalf("the auditor's page: %.2000s", apage)
	}
	if code, _, _ := auditor.page("POST", ranking+"/nilai", url.Values{"component": {"skd"}}); code != 403 {
		t.Fatalf("the auditor takes scores: %d", code)
	}
	if code, _, page := panitia.page("POST", ranking+"/nilai", url.Values{"component": {"tkd"}}); code != 422 ||
		!strings.Contains(page, "skd atau skb") {
		t.Fatalf("take an unknown component: %d", code)
	}
	// The final list before any SKD list; the SKD list without confirming.
	if code, _, page := panitia.page("POST", ranking+"/umumkan", url.Values{"stage": {"final"}, "confirm": {"1"}}); code == 303 ||
		!strings.Contains(page, "Umumkan hasil SKD lebih dahulu") {
		t.Fatalf("final before SKD: %d", code)
	}
	if code, _, _ := panitia.page("POST", ranking+"/umumkan", url.Values{"stage": {"skd"}, "number": {"800/1"}}); code != 422 {
		t.Fatalf("publish without confirming: %d", code)
	}
	if code, _, page := panitia.page("POST", ranking+"/umumkan", url.Values{"stage": {"skd"}, "confirm": {"1"}}); code != 422 ||
		!strings.Contains(page, "Nomor pengumuman wajib diisi") {
		t.Fatalf("publish without a number: %d", code)
	}
	if code, _, m := panitia.call("GET", "/api/v1/periods/2/results?stage=skd", nil); code != 404 {
		t.Fatalf("an SKD list exists before it was published: %d %v", code, m)
	}
	publish := func(stage string) {
		t.Helper()
		code, loc, page := panitia.page("POST", ranking+"/umumkan", url.Values{"stage": {stage}, "confirm": {"1"},
			"number": {"800/" + stage + "/BKPSDM/2026"}})
		if code != 303 || !strings.Contains(loc, "stage="+stage) {
			t.Fatalf("publish %s: %d %s %.1000s", stage, code, loc, page)
		}
	}
	publish("skd")
	checkPublishedSKD(t, panitia, registrationOf(t, srv, demoAgusNIK))
	// A second SKD version is a correction: refused without a reason,
	// published with it, the first version kept.
	if code, _, page := panitia.page("POST", ranking+"/umumkan", url.Values{"stage": {"skd"}, "confirm": {"1"},
		"number": {"800/2/BKPSDM/2026"}}); code != 422 || !strings.Contains(page, "memerlukan alasan") {
		t.Fatalf("a correction without a reason: %d", code)
	}
	code, loc, _ := panitia.page("POST", ranking+"/umumkan", url.Values{"stage": {"skd"}, "confirm": {"1"},
		"reason": {"Nilai TKP satu peserta salah ketik pada impor."}, "number": {"800/2/BKPSDM/2026"}})
	if code != 303 || !strings.Contains(loc, "version=2") {
		t.Fatalf("correction: %d %s", code, loc)
	}
	if _, _, page := panitia.page("GET", loc, nil); !strings.Contains(page, `id="result-reason"`) ||
		!strings.Contains(page, "salah ketik") || !strings.Contains(page, "version=1") {
		t.Fatalf("the corrected list does not show its reason and the first version")
	}
	// Each candidate reads their row and why, in words.
	app := applicationOf(t, openDB(t, srv.DSN), demoAgusNIK)
	_, _, out := agus.page("GET", "/lamaran/"+app+"/hasil", nil)
	why := between(out, `id="ranked-skd"`, "</section>")
	for _, want := range []string{">P/L</strong>", "Memenuhi nilai ambang batas kategori Umum.", "Peringkat SKD 1 dari 1, di dalam batas",
		">449<"} {
		if !strings.Contains(why, want) {
			t.Fatalf("agus's explanation lacks %q: %s", want, why)
		}
	}
	if code, _, _ := dewi.page("GET", "/lamaran/"+app+"/hasil", nil); code != 404 {
		t.Fatalf("another's explanation: %d", code)
	}

	attempt := sitSKB(t, panitia, agus, dewi)
	addSKBTest(t, srv, panitia)
	publish("final")
	checkPublishedFinal(t, panitia, attempt, agus, registrationOf(t, srv, demoAgusNIK))
}

// sitSKB: an SKB session for the P/L (agus and dewi) who both sit it; its
// scores are refused while dewi works and taken once she finished. It
// returns agus's attempt.
func sitSKB(t *testing.T, panitia, agus, dewi *api) string {
	t.Helper()
	const ranking = "/panitia/periode/2/peringkat"
	// The SKB: a session for the P/L, sat by both.
	_, _, spage := panitia.page("GET", "/panitia/ujian", nil)
	now := time.Now()
	code, loc, _ := panitia.page("POST", "/panitia/ujian", url.Values{"name": {"SKB"}, "period_id": {"2"}, "stage": {"skb"},
		"bank": {optionID(t, spage, "Bank SKD")}, "blueprint": {optionID(t, spage, "Simulasi SKD singkat")}, "capacity": {"10"},
		"opens_at": {wibForm(now.Add(-time.Minute))}, "closes_at": {wibForm(now.Add(time.Hour))}})
	if code != 303 {
		t.Fatalf("SKB session: %d", code)
	}
	session := strings.Split(loc, "?")[0]
	if code, loc, _ := panitia.page("POST", session+"/peserta", nil); code != 303 || !strings.Contains(loc, "n=2") {
		t.Fatalf("enrol the P/L: %d %s", code, loc)
	}
	sid := strings.TrimPrefix(session, "/panitia/ujian/")
	attempts := map[*api]string{}
	for _, who := range []*api{agus, dewi} {
		code, m, b := who.call("POST", "/api/v1/exam-sessions/"+sid+"/attempts", map[string]any{})
		if code != 201 {
			t.Fatalf("start SKB: %d %s", code, b)
		}
		attempts[who] = fmt.Sprintf("/api/v1/attempts/%.0f", m["id"].(float64))
		tok, _ := m["session"].(string)
		for no := 1; no <= 15; no++ {
			if who == dewi && no > 7 {
				break
			}
			if code, _, b := who.call("PUT", fmt.Sprintf("%s/answers/%d", attempts[who], no), map[string]any{"option": "C"},
				"X-Attempt-Session", tok); code != 200 {
				t.Fatalf("answer: %d %s", code, b)
			}
		}
	}
	if code, _, _ := agus.call("POST", attempts[agus]+"/finish", nil); code != 200 {
		t.Fatalf("finish: %d", code)
	}
	if code, _, page := panitia.page("POST", ranking+"/nilai", url.Values{"component": {"skb"}}); code != 409 ||
		!strings.Contains(page, "1 peserta belum selesai") {
		t.Fatalf("take SKB while dewi works: %d %.300s", code, page)
	}
	if code, _, _ := dewi.call("POST", attempts[dewi]+"/finish", nil); code != 200 {
		t.Fatalf("finish: %d", code)
	}
	if code, loc, _ := panitia.page("POST", ranking+"/nilai", url.Values{"component": {"skb"}}); code != 303 ||
		!strings.Contains(loc, "hadir=2") {
		t.Fatalf("take SKB: %d %s", code, loc)
	}
	_, _, page := panitia.page("GET", ranking, nil)
	if !strings.Contains(page, "Hasil akhir (integrasi SKD dan SKB)") {
		t.Fatalf("no final list: %.2000s", between(page, `id="list"`, "</table>"))
	}
	return attempts[agus]
}

// checkPublishedSKD: the SKD list in JSON and CSV with its columns and an
// explanation for each row.
func checkPublishedSKD(t *testing.T, a *api, agusReg string) {
	t.Helper()
	code, m, b := a.call("GET", "/api/v1/periods/2/results?stage=skd", nil)
	if code != 200 {
		t.Fatalf("SKD list: %d %s", code, b)
	}
	if m["number"] != "800/skd/BKPSDM/2026" {
		t.Fatalf("the SKD list's number: %v", m["number"])
	}
	items, _ := m["items"].([]any)
	if len(items) != 3 {
		t.Fatalf("SKD list has %d rows: %s", len(items), b)
	}
	found := false
	for _, x := range items {
		it := x.(map[string]any)
		sc, _ := it["scores"].(map[string]any)
		if it["registration_number"] == agusReg {
			found = true
			if it["result"] != "P/L" || sc["twk"] != "120" || sc["skd_total"] != "449" || sc["skd_rank"] != "1" {
				t.Fatalf("agus's row: %v", it)
			}
		}
	}
	if !found {
		t.Fatalf("agus not on the list: %s", b)
	}
	_, _, csv := a.call("GET", "/api/v1/periods/2/results?stage=skd&format=csv", nil)
	if !strings.HasPrefix(strings.TrimPrefix(string(csv), "\ufeff"), "no,registration_number,name,formation_code,position,unit,twk,tiu,tkp,"+
		"skd_total,skd_rank,result\r\n") && !strings.HasPrefix(strings.TrimPrefix(string(csv), "\ufeff"),
		"no,registration_number,name,formation_code,position,unit,twk,tiu,tkp,skd_total,skd_rank,result\n") {
		t.Fatalf("SKD CSV: %.300s", csv)
	}
	_, _, page := a.page("GET", "/periods/2/results?stage=skd", nil)
	if !strings.Contains(page, "Peringkat SKD") || !strings.Contains(page, ">449<") {
		t.Fatalf("the public SKD page: %.3000s", page)
	}
}

// checkPublishedFinal: the final list's row of agus with its integrated
// score, which the rule recomputes from his SKD total and SKB.
func checkPublishedFinal(t *testing.T, a *api, attempt string, agus *api, agusReg string) {
	t.Helper()
	code, m, b := a.call("GET", "/api/v1/periods/2/results?stage=final", nil)
	if code != 200 {
		t.Fatalf("final list: %d %s", code, b)
	}
	_, am, _ := agus.call("GET", attempt, nil)
	res, _ := am["result"].(map[string]any)
	total, max := res["total"].(float64), res["max"].(float64)
	// The SKB: 70 % the CAT, 30 % the practical test (agus: 90).
	skb := 0.7*(total/max*100) + 0.3*90
	want := 0.4*449/550*100 + 0.6*skb
	for _, x := range m["items"].([]any) {
		it := x.(map[string]any)
		if it["registration_number"] != agusReg {
			continue
		}
		sc := it["scores"].(map[string]any)
		var got float64
		if err := json.Unmarshal([]byte(sc["final_score"].(string)), &got); err != nil || got < want-0.002 || got > want+0.002 {
			t.Fatalf("agus's final score %v, want %.3f (SKB %.3f): %v", sc["final_score"], want, skb, it)
		}
		if it["result"] != "P/L" || sc["final_rank"] != "1" {
			t.Fatalf("agus's final row: %v", it)
		}
		return
	}
	t.Fatalf("agus not on the final list: %s", b)
}

// registrationOf is the registration number of the application of the
// applicant with nik in last year's period.
func registrationOf(t *testing.T, srv *apptest.Server, nik string) string {
	t.Helper()
	var reg string
	err := openDB(t, srv.DSN).R.QueryRowContext(t.Context(), `SELECT a.registration_number FROM applications a
JOIN applicants p ON p.id = a.applicant_id WHERE p.nik = $1`, nik).Scan(&reg)
	if err != nil {
		t.Fatal(err)
	}
	return reg
}

// between is the part of s from the first from up to the next to.
func between(s, from, to string) string {
	i := strings.Index(s, from)
	if i < 0 {
		return ""
	}
	s = s[i:]
	if j := strings.Index(s, to); j >= 0 {
		return s[:j]
	}
	return s
}

// addSKBTest: the SKB gets an additional test — weights that do not sum to
// 100 and an interview are refused beside their fields, nothing stored —
// 70 % CAT and 30 % a practical test; until its scores are in, the final
// list names who lacks one; then they are imported.
func addSKBTest(t *testing.T, srv *apptest.Server, panitia *api) {
	t.Helper()
	const skb = "/panitia/periode/2/peringkat/skb"
	form := func(cat, extra, kind, name string) url.Values {
		return url.Values{"cat_weight": {cat}, "extra_weight": {extra}, "extra_kind": {kind}, "extra_name": {name}}
	}
	runForms(t, []formCase{
		{name: "weights of 110", as: panitia, path: skb, form: form("70", "40", "practical", "Praktik kerja"), status: 422,
			at: "extra_weight-error", key: "results.skb.weights", args: []any{"cat", 70, "extra", 40}, kept: []string{`value="40"`}},
		{name: "an interview", as: panitia, path: skb, form: form("60", "40", "interview", "Wawancara"), status: 422,
			at: "extra_kind-error", key: "results.skb.no_interview"},
		{name: "no name", as: panitia, path: skb, form: form("60", "40", "practical", ""), status: 422, at: "extra_name-error",
			key: "results.skb.name"},
		{name: "not a number", as: panitia, path: skb, form: form("tujuh puluh", "30", "practical", "x"), status: 422,
			at: "cat_weight-error", key: "panitia.number_bad"},
	}, func() string {
		var n int
		_ = openDB(t, srv.DSN).R.QueryRowContext(t.Context(), `SELECT count(*) FROM skb_schemes`).Scan(&n)
		return fmt.Sprint(n, countAudit(t, srv.DSN, "skb_scheme.set"))
	})
	code, loc, _ := panitia.page("POST", skb, form("70", "30", "practical", "Praktik kerja"))
	if code != 303 || !strings.Contains(loc, "ok=skb") {
		t.Fatalf("set the SKB scheme: %d %s", code, loc)
	}
	_, _, page := panitia.page("GET", "/panitia/periode/2/peringkat", nil)
	page = html.UnescapeString(page)
	if !strings.Contains(page, "70 % SKB CAT + 30 % Praktik kerja") || !strings.Contains(page, "belum punya nilai tes tambahan SKB") {
		t.Fatalf("the ranking page with the scheme: %.300s", between(page, `id="skb"`, `id="list"`))
	}
	file := "no_peserta,nik,nilai,hadir\n" + registrationOf(t, srv, demoAgusNIK) + "," + demoAgusNIK + ",90,1\n" +
		registrationOf(t, srv, demoDewiNIK) + "," + demoDewiNIK + ",75.5,1\n"
	if code, _, b := panitia.call("POST", "/api/v1/periods/2/scores/import?component=skb_extra", []byte(file),
		"Content-Type", "text/csv"); code != 200 {
		t.Fatalf("import the practical test: %d %s", code, b)
	}
}

// missingSKD: a candidate without an SKD score: no list, the page names
// who; taking the session's scores again fills it.
func missingSKD(t *testing.T, srv *apptest.Server, panitia *api) {
	t.Helper()
	const ranking = "/panitia/periode/2/peringkat"
	if _, err := openDB(t, srv.DSN).W.ExecContext(t.Context(), `DELETE FROM selection_scores WHERE application_id = $1`,
		applicationOf(t, openDB(t, srv.DSN), demoMariaNIK)); err != nil {
		t.Fatal(err)
	}
	_, _, page := panitia.page("GET", ranking, nil)
	if why := between(page, `id="ranking-why"`, "</p>"); !strings.Contains(why, "1 pelamar MS belum punya nilai SKD") ||
		!strings.Contains(why, registrationOf(t, srv, demoMariaNIK)) || strings.Contains(page, `id="publish-form"`) {
		t.Fatalf("a missing SKD score: %s", why)
	}
	if code, loc, _ := panitia.page("POST", ranking+"/nilai", url.Values{"component": {"skd"}}); code != 303 ||
		!strings.Contains(loc, "hadir=3") {
		t.Fatalf("take the SKD scores again: %d %s", code, loc)
	}
}
