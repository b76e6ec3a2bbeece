package web

import (
	"bytes"
	"net/http"
	"strconv"
	"time"

	"asnpro/internal/dashboard"
	"asnpro/internal/report"
)

// Open data (data terbuka): every published period's aggregate figures —
// counts, rates, the median days to hire — as a page, a CSV file and JSON.
// Never a person's data: nothing here names, numbers or ranks anyone.

type openPeriodJSON struct {
	ID         string         `json:"id"`
	Name       string         `json:"name"`
	Kind       string         `json:"kind"`
	Year       int            `json:"year"`
	Formations int            `json:"formations"`
	Quota      int            `json:"quota"`
	Applied    int            `json:"applied"`
	Submitted  int            `json:"submitted"`
	MS         *int           `json:"ms"`
	TMS        *int           `json:"tms"`
	Appeals    int            `json:"appeals_filed"`
	Upheld     int            `json:"appeals_upheld"`
	PassedSKD  *int           `json:"passed_skd"`
	Placed     *int           `json:"placed"`
	Onboarded  int            `json:"onboarded"`
	DaysToHire *int           `json:"median_days_to_hire"`
	Stage      *string        `json:"stage"`
	PassRates  []passRateJSON `json:"pass_rates"`
}

func openPeriodOut(f dashboard.Funnel) openPeriodJSON {
	o := openPeriodJSON{ID: idString(f.Period.ID), Name: f.Period.Name, Kind: f.Period.Kind, Year: f.Year,
		Formations: f.Formations, Quota: f.Quota, Applied: f.Applied, Submitted: f.Submitted,
		MS: published(f.AdminPublished, f.MS), TMS: published(f.AdminPublished, f.TMS), Appeals: f.AppealsFiled,
		Upheld: f.AppealsUpheld, PassedSKD: published(f.HasSKD && f.SKDPublished, f.PassedSKD),
		Placed: published(f.FinalPublished, f.Placed), Onboarded: f.Onboarded,
		DaysToHire: published(f.DaysToHire >= 0, f.DaysToHire), PassRates: []passRateJSON{}}
	if f.Stage != "" {
		o.Stage = &f.Stage
	}
	for _, r := range f.PassRates {
		o.PassRates = append(o.PassRates, passRateJSON{Group: r.Group, Value: r.Value, Applied: r.Applied, Passed: r.Passed,
			Rate: rate4(r.Rate), AdverseImpact: r.AdverseImpact})
	}
	return o
}

func (s *Server) openData(r *http.Request) ([]openPeriodJSON, error) {
	fs, err := s.dash.Funnels(r.Context(), 0)
	if err != nil {
		return nil, err
	}
	out := make([]openPeriodJSON, len(fs))
	for i, f := range fs {
		out[i] = openPeriodOut(f)
	}
	return out, nil
}

// apiOpenData: GET /api/v1/open-data — {"periods":[…],"generated_at"}.
func (s *Server) apiOpenData(w http.ResponseWriter, r *http.Request) error {
	ps, err := s.openData(r)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"periods": ps, "generated_at": s.now().UTC().Format(time.RFC3339)})
	return nil
}

// openDataColumns are the CSV's columns, named as the JSON's fields.
var openDataColumns = []string{"id", "name", "kind", "year", "formations", "quota", "applied", "submitted", "ms", "tms",
	"appeals_filed", "appeals_upheld", "passed_skd", "placed", "onboarded", "median_days_to_hire", "stage"}

func optInt(p *int) string {
	if p == nil {
		return ""
	}
	return strconv.Itoa(*p)
}

func openDataRow(p openPeriodJSON) []string {
	stage := ""
	if p.Stage != nil {
		stage = *p.Stage
	}
	return []string{p.ID, p.Name, p.Kind, strconv.Itoa(p.Year), strconv.Itoa(p.Formations), strconv.Itoa(p.Quota),
		strconv.Itoa(p.Applied), strconv.Itoa(p.Submitted), optInt(p.MS), optInt(p.TMS), strconv.Itoa(p.Appeals),
		strconv.Itoa(p.Upheld), optInt(p.PassedSKD), optInt(p.Placed), strconv.Itoa(p.Onboarded), optInt(p.DaysToHire), stage}
}

// openDataCSVPage: GET /open-data/periods.csv — one row a period; an empty cell
// is a list not yet published.
func (s *Server) openDataCSVPage(w http.ResponseWriter, r *http.Request) error {
	ps, err := s.openData(r)
	if err != nil {
		return err
	}
	rows := make([][]string, len(ps))
	for i, p := range ps {
		rows[i] = openDataRow(p)
	}
	var buf bytes.Buffer
	if err := report.WriteTable(&buf, "csv", "", openDataColumns, rows); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="asnpro-open-data.csv"`)
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	_, err = w.Write(buf.Bytes())
	return err
}

type openDataData struct {
	Periods []openPeriodJSON
	Columns []string
}

// openDataPage: GET /open-data — the same figures as a table per period.
func (s *Server) openDataPage(w http.ResponseWriter, r *http.Request) error {
	ps, err := s.openData(r)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "opendata", "open.title", openDataData{Periods: ps, Columns: openDataColumns})
}
