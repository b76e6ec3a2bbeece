package web

import (
	"encoding/json"
	"net/http"
	"strconv"

	"asnpro/internal/i18n"
	"asnpro/internal/recruitment"
	"asnpro/internal/verification"
)

// The public statistics per formation and the pass rates with the
// four-fifths rule (docs/VERIFICATION.md, "Statistik per formasi"), in the
// JSON of GET /api/v1/periods/{id}/statistics and on /periods/{id}/statistics.

// formationStatJSON is one formation; a count of a list not yet published
// is null.
type formationStatJSON struct {
	ID                 int64  `json:"id"`
	Code               string `json:"code"`
	Category           string `json:"category"`
	Applicants         int    `json:"applicants"`
	MS                 *int   `json:"ms"`
	Appeals            int    `json:"appeals"`
	PassedSKD          *int   `json:"passed_skd"`
	PassedSKB          *int   `json:"passed_skb"`
	Placed             *int   `json:"placed"`
	PlacedOptimalisasi *int   `json:"placed_optimalisasi"`
}

type passRateJSON struct {
	Group         string      `json:"group"`
	Value         string      `json:"value"`
	Applied       int         `json:"applied"`
	Passed        int         `json:"passed"`
	Rate          json.Number `json:"rate"` // 4 decimals, e.g. 0.6667
	AdverseImpact bool        `json:"adverse_impact"`
}

// published is n when its list is published, else null.
func published(ok bool, n int) *int {
	if !ok {
		return nil
	}
	return &n
}

// rate4 writes a rate with exactly 4 decimals, as a JSON number.
func rate4(v float64) json.Number { return json.Number(strconv.FormatFloat(v, 'f', 4, 64)) }

// formationStatsOut is the formations and pass rates of st as JSON.
func formationStatsOut(st *verification.Statistics) ([]formationStatJSON, []passRateJSON, *string) {
	admin := st.Administration != nil
	fs := make([]formationStatJSON, len(st.Formations))
	for i, f := range st.Formations {
		fs[i] = formationStatJSON{ID: f.ID, Code: f.Code, Category: f.Category, Applicants: f.Applicants, Appeals: f.Appeals,
			MS: published(admin, f.MS), PassedSKD: published(st.SKDPublished, f.PassedSKD),
			PassedSKB: published(st.FinalPublished, f.PassedSKB), Placed: published(st.FinalPublished, f.Placed),
			PlacedOptimalisasi: published(st.FinalPublished, f.PlacedOptimalisasi)}
	}
	rs := make([]passRateJSON, len(st.PassRates))
	for i, r := range st.PassRates {
		rs[i] = passRateJSON{Group: r.Group, Value: r.Value, Applied: r.Applied, Passed: r.Passed, Rate: rate4(r.Rate),
			AdverseImpact: r.AdverseImpact}
	}
	var stage *string
	if st.PassStage != "" {
		stage = &st.PassStage
	}
	return fs, rs, stage
}

// statisticsVersion is the version the statistics of period p are cached
// under: its catalogue version and submitted count (a publication or a
// formation change moves them) and its appeals (filed, upheld, rejected).
func (s *Server) statisticsVersion(r *http.Request, id int64) (*recruitment.Period, string, error) {
	p, err := s.rec.FindPeriodByID(r.Context(), id, false)
	if err != nil {
		return nil, "", err
	}
	v, err := s.ver.StatisticsVersion(r.Context(), id)
	if err != nil {
		return nil, "", err
	}
	return p, listVersion(p, "") + "." + v, nil
}

// statsFormationsPageSize is how many formations a page of the statistics shows.
const statsFormationsPageSize = 50

// passRateRow is one group's pass rate as the page shows it: the rate in
// per cent.
type passRateRow struct {
	verification.PassRate
	Percent string
}

// statsFormationsView pages the formations (?hal=N) and writes the rates.
type statsFormationsView struct {
	Formations         []verification.FormationStat
	Admin, SKD, Final  bool
	Stage              string
	Rates              []passRateRow
	Page, Pages        int
	First              int // the number of the first row shown
	PrevHref, NextHref string
	FormationTotal     int
}

func newStatsFormationsView(r *http.Request, st *verification.Statistics, id int64) statsFormationsView {
	v := statsFormationsView{Admin: st.Administration != nil, SKD: st.SKDPublished, Final: st.FinalPublished, Stage: st.PassStage,
		FormationTotal: len(st.Formations)}
	v.Pages = max(1, (len(st.Formations)+statsFormationsPageSize-1)/statsFormationsPageSize)
	v.Page = min(v.Pages, max(1, atoiOr(r.URL.Query().Get("hal"), 1)))
	from := (v.Page - 1) * statsFormationsPageSize
	v.Formations = st.Formations[from:min(len(st.Formations), from+statsFormationsPageSize)]
	v.First = from + 1
	base := "/periods/" + strconv.FormatInt(id, 10) + "/statistics?hal="
	if v.Page > 1 {
		v.PrevHref = base + strconv.Itoa(v.Page-1) + "#stats-formations"
	}
	if v.Page < v.Pages {
		v.NextHref = base + strconv.Itoa(v.Page+1) + "#stats-formations"
	}
	lang := langOf(r)
	for _, pr := range st.PassRates {
		v.Rates = append(v.Rates, passRateRow{PassRate: pr, Percent: i18n.Decimal(lang, pr.Rate*100) + " %"})
	}
	return v
}
