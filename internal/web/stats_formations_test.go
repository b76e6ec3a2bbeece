package web

import (
	"context"
	"fmt"
	"net/http/httptest"
	"testing"

	"asnpro/internal/verification"
)

// TestStatsFormationPages: the statistics page shows 50 formations a page
// (?hal=N, clamped to the pages there are) with links to its neighbours,
// and writes the rates in per cent in the reader's language.
func TestStatsFormationPages(t *testing.T) {
	st := &verification.Statistics{PassStage: verification.StageSKD,
		PassRates: []verification.PassRate{{Group: verification.GroupGender, Value: "F", Applied: 3, Passed: 1, Rate: 0.3333}}}
	for i := range 120 {
		st.Formations = append(st.Formations, verification.FormationStat{ID: int64(i + 1), Code: fmt.Sprintf("F-%03d", i+1)})
	}
	cases := []struct {
		query, lang          string
		page, first, rows    int
		prev, next, firstRow string
		percent              string
	}{
		{"", "id", 1, 1, 50, "", "/periods/7/statistics?hal=2#stats-formations", "F-001", "33,33 %"},
		{"hal=2&lang=en", "en", 2, 51, 50, "/periods/7/statistics?hal=1#stats-formations", "/periods/7/statistics?hal=3#stats-formations",
			"F-051", "33.33 %"},
		{"hal=3", "id", 3, 101, 20, "/periods/7/statistics?hal=2#stats-formations", "", "F-101", "33,33 %"},
		{"hal=99", "id", 3, 101, 20, "/periods/7/statistics?hal=2#stats-formations", "", "F-101", "33,33 %"},
		{"hal=abc", "id", 1, 1, 50, "", "/periods/7/statistics?hal=2#stats-formations", "F-001", "33,33 %"},
		{"hal=-4", "id", 1, 1, 50, "", "/periods/7/statistics?hal=2#stats-formations", "F-001", "33,33 %"},
	}
	for _, c := range cases {
		t.Run(c.query, func(t *testing.T) {
			r := httptest.NewRequest("GET", "/periods/7/statistics?"+c.query, nil)
			r = r.WithContext(context.WithValue(r.Context(), langKey, c.lang)) // as the middleware sets it
			v := newStatsFormationsView(r, st, 7)
			if v.Page != c.page || v.Pages != 3 || v.First != c.first || len(v.Formations) != c.rows || v.PrevHref != c.prev ||
				v.NextHref != c.next || v.Formations[0].Code != c.firstRow {
				t.Fatalf("page %d/%d from %d, %d rows (%s…), prev %q next %q", v.Page, v.Pages, v.First, len(v.Formations),
					v.Formations[0].Code, v.PrevHref, v.NextHref)
			}
			if len(v.Rates) != 1 || v.Rates[0].Percent != c.percent {
				t.Fatalf("rates %+v", v.Rates)
			}
		})
	}
}
