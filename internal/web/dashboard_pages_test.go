package web

import (
	"strings"
	"testing"

	"asnpro/internal/dashboard"
	"asnpro/internal/verification"
	"asnpro/internal/workforce"
)

func sampleFunnel() dashboard.Funnel {
	p := demoPeriod()
	p.Name = "CPNS <b>2025</b>"
	return dashboard.Funnel{Period: p, Year: 2025, Formations: 3, Quota: 5, Applied: 40, Submitted: 30, MS: 24, PassedSKD: 12,
		Placed: 5, Onboarded: 4, Stage: "final", HasSKD: true, AdminPublished: true, SKDPublished: true, FinalPublished: true,
		TMS: 6, AppealsFiled: 3, AppealsUpheld: 1, DaysToHire: 120,
		PassRates: []verification.PassRate{{Group: "gender", Value: "F", Applied: 14, Passed: 2, Rate: 0.1429, AdverseImpact: true},
			{Group: "gender", Value: "M", Applied: 16, Passed: 3, Rate: 0.1875}}}
}

func sampleOverview() *dashboard.Overview {
	return &dashboard.Overview{Filter: dashboard.Filter{Year: 2026}, Funnels: []dashboard.Funnel{sampleFunnel()},
		JP:       []dashboard.UnitJP{{UnitID: 1, Unit: "BKPSDM <i>", Employees: 12, Compliant: 9, Shortfall: 31}},
		Predikat: []dashboard.UnitPredikat{{UnitID: 1, Unit: "BKPSDM", Counts: [5]int{2, 8, 1, 1, 0}}},
		Ethics:   []dashboard.UnitEthics{{UnitID: 1, Unit: "BKPSDM", Employees: 12, Acknowledged: 10, Attended: 4}},
		Forum:    []dashboard.ForumMonth{{Month: "2026-03", Threads: 4, Replies: 11, Solutions: 2}}, Adopted: 1,
		JPAvailable: true, PredikatAvailable: true, CultureAvailable: true}
}

func dashboardPageSamples() map[string]any {
	o := sampleOverview()
	secs := append([]dashSection{funnelSection(langID, sampleFunnel())}, peopleSections(langID, o)...)
	secs = append(secs, recruitmentSections(langID, o.Funnels)...)
	secs = append(secs, dashSection{ID: "dash-x", Title: "X", Unavailable: true})
	return map[string]any{
		"dashboard": dashData{Path: "/dashboard", Title: "dash.title", F: o.Filter, Sections: secs, Years: []int{2026, 2025},
			Units:  []*workforce.Unit{{ID: 1, Name: "BKPSDM <b>"}},
			Detail: []link{{"dash.recruitment.title", "/dashboard/rekrutmen", "dash-more-recruitment"}}},
		"opendata": openDataData{Periods: []openPeriodJSON{openPeriodOut(sampleFunnel())}, Columns: openDataColumns},
	}
}

// TestChartEscapesAndScales: every text of a chart is escaped, bars scale to
// the largest (or the given maximum), a zero draws no bar.
func TestChartEscapesAndScales(t *testing.T) {
	t.Parallel()
	c := chart{ID: "c", Title: `<script>alert(1)</script>`, Desc: "d", Max: 100,
		Bars: []chartBar{{Label: `Unit "A" <b>`, Value: 50}, {Label: "Nol", Value: 0}}}
	svg := string(c.SVG())
	if strings.Contains(svg, "<script>") || strings.Contains(svg, "<b>") {
		t.Fatalf("unescaped text in %s", svg)
	}
	for _, want := range []string{`&lt;script&gt;`, `Unit &#34;A&#34; &lt;b&gt;`, `role="img"`, `aria-labelledby="c-t c-d"`,
		`width="115.0"`} { // half of the 230 units between label and note
		if !strings.Contains(svg, want) {
			t.Errorf("chart lacks %s:\n%s", want, svg)
		}
	}
	if n := strings.Count(svg, "<rect"); n != 1 {
		t.Errorf("%d bars drawn, want 1 (a zero draws none)", n)
	}
}

func TestPercentRounds(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ n, d, want int }{{0, 0, 0}, {1, 3, 33}, {2, 3, 67}, {1, 2, 50}, {1, 200, 1}, {1, 201, 0}, {5, 5, 100}} {
		if got := percent(c.n, c.d); got != c.want {
			t.Errorf("percent(%d, %d) = %d, want %d", c.n, c.d, got, c.want)
		}
	}
	if pct(3, 0) != "—" {
		t.Error("a rate of nothing must print as a dash")
	}
}

// TestDashSectionsCarryFigures: the sections' tables hold the overview's
// numbers (the same the chart draws) and the fairness flag.
func TestDashSectionsCarryFigures(t *testing.T) {
	t.Parallel()
	secs := recruitmentSections(langEN, []dashboard.Funnel{sampleFunnel()})
	byID := map[string]dashSection{}
	for _, s := range secs {
		byID[s.ID] = s
	}
	if got := byID["dash-funnels"].Rows[0]; strings.Join(got, "|") != "CPNS <b>2025</b>|5|40|30|24|12|5|4" {
		t.Errorf("funnel row %v", got)
	}
	if got := byID["dash-appeals"].Rows[0]; got[4] != "50 %" {
		t.Errorf("appeal rate %v, want 3 of 6 = 50 %%", got)
	}
	if got := byID["dash-hire"].Rows[0][2]; got != "120" {
		t.Errorf("days to hire %q", got)
	}
	fair := byID["dash-fairness"].Rows
	if len(fair) != 2 || fair[0][5] != "Below 4/5" || fair[1][5] != "" {
		t.Errorf("fairness rows %v", fair)
	}
	people := peopleSections(langEN, sampleOverview())
	if got := people[0].Rows[0]; strings.Join(got, "|") != "BKPSDM <i>|12|9|75 %|31" {
		t.Errorf("JP row %v", got)
	}
	if got := people[1].Rows[0]; strings.Join(got, "|") != "BKPSDM|2|8|1|1|0|12" {
		t.Errorf("predikat row %v", got)
	}
}
