package app_test

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"asnpro/internal/app/apptest"
	"asnpro/internal/sqldb/sqldbtest"
)

// TestPeriodStatisticsByFormation: last year's demo period, on both
// engines, through the public API and page. Its five applicants (all in
// category umum): Yanto (M, TMS) and Maria (F, MS) in PKY-2025-001, Rini
// (F, TMS, appealed) and Dewi (F, MS) in PKY-2025-002, Agus (M, MS) in
// PKY-2025-003. By hand:
//   - after the administration list: women 2/3 = 0.6667, men 1/2 = 0.5000;
//     0.5 < 4/5 × 2/3 = 0.5333, so men are flagged; umum 3/5 = 0.6000.
//   - after the SKD list (Agus and Dewi P/L, Maria TL): women 1/3 = 0.3333,
//     men 1/2; 1/3 < 4/5 × 1/2 = 0.4, so women are flagged; umum 2/5.
//   - after the final list (Agus and Dewi P/L, each alone in a formation of
//     one): the same rates, placed 0/1/1, nobody by optimalisasi.
//
// Before a list is published its counts are null; the cached copies follow
// each publication.
func TestPeriodStatisticsByFormation(t *testing.T) {
	t.Parallel()
	for _, e := range sqldbtest.Engines() {
		t.Run(string(e), func(t *testing.T) {
			t.Parallel()
			periodStatistics(t, apptest.Start(t, e, demoMidway...))
		})
	}
}

type formationStats struct {
	ID                 int64  `json:"id"`
	Code               string `json:"code"`
	Applicants         int    `json:"applicants"`
	MS                 *int   `json:"ms"`
	Appeals            int    `json:"appeals"`
	PassedSKD          *int   `json:"passed_skd"`
	PassedSKB          *int   `json:"passed_skb"`
	Placed             *int   `json:"placed"`
	PlacedOptimalisasi *int   `json:"placed_optimalisasi"`
}

type periodStats struct {
	Formations []formationStats `json:"formations"`
	PassRates  []struct {
		Group         string          `json:"group"`
		Value         string          `json:"value"`
		Applied       int             `json:"applied"`
		Passed        int             `json:"passed"`
		Rate          json.RawMessage `json:"rate"`
		AdverseImpact bool            `json:"adverse_impact"`
	} `json:"pass_rates"`
	PassStage *string `json:"pass_stage"`
}

// show writes a count that may be null.
func show(n *int) string {
	if n == nil {
		return "null"
	}
	return fmt.Sprint(*n)
}

// statsOf reads the period's statistics and writes them in one line per
// formation and per group, as the want strings of periodStatistics read.
func statsOf(t *testing.T, pub *api) (formations, rates string, st periodStats) {
	t.Helper()
	code, _, b := pub.call("GET", "/api/v1/periods/2/statistics", nil)
	if code != 200 {
		t.Fatalf("statistics: %d %s", code, b)
	}
	if err := json.Unmarshal(b, &st); err != nil {
		t.Fatal(err)
	}
	var fs, rs []string
	for _, f := range st.Formations {
		fs = append(fs, fmt.Sprintf("%s %d %s %d %s %s %s %s", f.Code, f.Applicants, show(f.MS), f.Appeals, show(f.PassedSKD),
			show(f.PassedSKB), show(f.Placed), show(f.PlacedOptimalisasi)))
	}
	for _, r := range st.PassRates {
		rs = append(rs, fmt.Sprintf("%s %s %d/%d %s %v", r.Group, r.Value, r.Passed, r.Applied, r.Rate, r.AdverseImpact))
	}
	stage := "null"
	if st.PassStage != nil {
		stage = *st.PassStage
	}
	return strings.Join(fs, "; "), stage + ": " + strings.Join(rs, "; "), st
}

func periodStatistics(t *testing.T, srv *apptest.Server) {
	pub := &api{t: t, base: srv.URL, c: apptest.Client()}
	panitia := staff(t, srv, "panitia")
	check := func(when, wantF, wantR string) periodStats {
		t.Helper()
		fs, rs, st := statsOf(t, pub)
		if fs != wantF || rs != wantR {
			t.Fatalf("%s:\n formations %s\n want       %s\n rates %s\n want  %s", when, fs, wantF, rs, wantR)
		}
		return st
	}
	st := check("after the administration list",
		"PKY-2025-001 2 1 0 null null null null; PKY-2025-002 2 1 1 null null null null; PKY-2025-003 1 1 0 null null null null",
		"administration: gender F 2/3 0.6667 false; gender M 1/2 0.5000 true; category umum 3/5 0.6000 false")
	// The page: the formations and the flag in words, in both languages.
	row := func(page string, prefix string) string { return between(page, `id="`+prefix, "</tr>") }
	_, _, page := pub.page("GET", "/periods/2/statistics", nil)
	if r := row(page, fmt.Sprintf("fstat-%d", st.Formations[1].ID)); !strings.Contains(r, ">PKY-2025-002</th><td>2</td>") ||
		!strings.Contains(r, "<td>—</td>") {
		t.Fatalf("the formation's row: %s", r)
	}
	if r := row(page, "rate-gender-M"); !strings.Contains(r, "Laki-laki") || !strings.Contains(r, "50,00 %") ||
		!strings.Contains(r, "Ya: di bawah 4/5 tingkat tertinggi") {
		t.Fatalf("men's rate: %s", r)
	}
	if r := row(page, "rate-gender-F"); !strings.Contains(r, "66,67 %") || !strings.Contains(r, "<td>Tidak</td>") {
		t.Fatalf("women's rate: %s", r)
	}

	// The committee publishes the SKD list.
	code, loc, _ := panitia.page("POST", "/panitia/periode/2/peringkat/umumkan", url.Values{"stage": {"skd"}, "confirm": {"1"},
		"number": {"800/1/BKPSDM/2026"}})
	if code != 303 || !strings.Contains(loc, "stage=skd") {
		t.Fatalf("publish the SKD list: %d %s", code, loc)
	}
	check("after the SKD list",
		"PKY-2025-001 2 1 0 0 null null null; PKY-2025-002 2 1 1 1 null null null; PKY-2025-003 1 1 0 1 null null null",
		"skd: gender F 1/3 0.3333 true; gender M 1/2 0.5000 false; category umum 2/5 0.4000 false")
	_, _, page = pub.page("GET", "/periods/2/statistics?lang=en", nil)
	if r := row(page, "rate-gender-F"); !strings.Contains(r, "Women") || !strings.Contains(r, "33.33 %") ||
		!strings.Contains(r, "Yes: under 4/5 of the highest rate") {
		t.Fatalf("women's rate after SKD: %s", r)
	}
	if !strings.Contains(page, `id="pass-stage"`) || !strings.Contains(between(page, `id="pass-stage"`, "</p>"), "SKD") {
		t.Fatalf("the stage the rates count: %s", between(page, `id="pass-stage"`, "</p>"))
	}

	// The SKB, then the final list.
	agus, dewi := staff(t, srv, demoAgusNIK), staff(t, srv, demoDewiNIK)
	sitSKB(t, panitia, agus, dewi)
	code, loc, _ = panitia.page("POST", "/panitia/periode/2/peringkat/umumkan", url.Values{"stage": {"final"}, "confirm": {"1"},
		"number": {"800/2/BKPSDM/2026"}})
	if code != 303 || !strings.Contains(loc, "stage=final") {
		t.Fatalf("publish the final list: %d %s", code, loc)
	}
	check("after the final list",
		"PKY-2025-001 2 1 0 0 0 0 0; PKY-2025-002 2 1 1 1 1 1 0; PKY-2025-003 1 1 0 1 1 1 0",
		"final: gender F 1/3 0.3333 true; gender M 1/2 0.5000 false; category umum 2/5 0.4000 false")
}
