package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"asnpro/internal/apperr"
	"asnpro/internal/identity"
	"asnpro/internal/performance"
)

// viewerOf is the signed-in user as the performance evaluation sees them.
func viewerOf(p *identity.Principal) performance.Viewer {
	if p == nil {
		return performance.Viewer{}
	}
	return performance.Viewer{UserID: p.UserID, ReadAll: p.Has(Admin, Leader, Auditor), Manage: p.Has(Admin, Leader)}
}

// skpYear reads ?year= (default: this year in WIB); a bad one is 422.
func (s *Server) skpYear(r *http.Request) (int, error) {
	q := strings.TrimSpace(r.URL.Query().Get("year"))
	if q == "" {
		return s.now().In(wib).Year(), nil
	}
	y, err := strconv.Atoi(q)
	if err != nil || y < 2000 || y > 2100 {
		return 0, apperr.InvalidMsgs(map[string]apperr.Msg{"year": apperr.M("skp.year_param")})
	}
	return y, nil
}

// skpPlanJSON is a plan in the API.
type skpPlanJSON struct {
	ID         string      `json:"id"`
	Employee   personJSON  `json:"employee"`
	Supervisor *personJSON `json:"supervisor"`
	Year       int         `json:"year"`
	Status     string      `json:"status"`
	Cadence    string      `json:"cadence"`
	Unit       string      `json:"unit"`
}

func skpPlanOut(p *performance.Plan) skpPlanJSON {
	out := skpPlanJSON{ID: idString(p.ID), Employee: personJSON{ID: idString(p.Employee.ID), Name: p.Employee.Name,
		Username: p.Employee.Username}, Year: p.Year, Status: p.Status, Cadence: p.Cadence, Unit: p.UnitName}
	if p.Supervisor != nil {
		out.Supervisor = &personJSON{ID: idString(p.Supervisor.ID), Name: p.Supervisor.Name, Username: p.Supervisor.Username}
	}
	return out
}

// apiSKPList: GET /api/v1/skp?year=YYYY — the plans of the year the caller
// may see (admin, leader, auditor: all; else their own and their direct
// reports') → {"items":[{"id","employee","supervisor","year","status",
// "cadence","unit"}],"total"}.
func (s *Server) apiSKPList(w http.ResponseWriter, r *http.Request) error {
	limit, offset, err := paging(r)
	if err != nil {
		return err
	}
	year, err := s.skpYear(r)
	if err != nil {
		return err
	}
	plans, total, err := s.perf.FindPlans(r.Context(), viewerOf(identity.PrincipalFrom(r.Context())),
		performance.PlanFilter{Year: year, Limit: limit, Offset: offset})
	if err != nil {
		return err
	}
	items := make([]skpPlanJSON, 0, len(plans))
	for _, p := range plans {
		items = append(items, skpPlanOut(p))
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": items, "total": total})
	return nil
}

type skpRatingRequest struct {
	Period     string `json:"period"`
	HasilKerja string `json:"hasil_kerja"`
	Perilaku   string `json:"perilaku"`
	Notes      string `json:"notes"`
}

// skpEvaluationJSON is an evaluation in the API.
type skpEvaluationJSON struct {
	ID          string     `json:"id"`
	PlanID      string     `json:"plan_id"`
	Period      string     `json:"period"`
	Annual      bool       `json:"annual"`
	HasilKerja  string     `json:"hasil_kerja"`
	Perilaku    string     `json:"perilaku"`
	Predikat    string     `json:"predikat"`
	Notes       string     `json:"notes"`
	Supervisor  personJSON `json:"supervisor"`
	EvaluatedAt time.Time  `json:"evaluated_at"`
	ObjectUntil time.Time  `json:"objection_until"`
}

// apiSKPEvaluate: POST /api/v1/skp/{id}/evaluations — {"period","hasil_kerja",
// "perilaku","notes"} → 201 the evaluation with its "predikat"; 404 for a
// plan the caller may not see, 403 for one they see but do not evaluate,
// 422 for a bad rating or no notes, 409 for a period not yet ended (WIB),
// one evaluated already, a plan not approved or a final year.
func (s *Server) apiSKPEvaluate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var req skpRatingRequest
	if err := decodeJSON(w, r, &req, false); err != nil {
		return err
	}
	e, err := s.perf.Evaluate(r.Context(), viewerOf(identity.PrincipalFrom(r.Context())), id, performance.Rating{
		Period: strings.TrimSpace(req.Period), Hasil: req.HasilKerja, Perilaku: req.Perilaku, Notes: req.Notes})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, skpEvaluationJSON{ID: idString(e.ID), PlanID: idString(e.PlanID), Period: e.Period,
		Annual: e.Annual, HasilKerja: e.Hasil, Perilaku: e.Perilaku, Predikat: e.Predikat, Notes: e.Notes,
		Supervisor:  personJSON{ID: idString(e.Supervisor.ID), Name: e.Supervisor.Name, Username: e.Supervisor.Username},
		EvaluatedAt: e.EvaluatedAt.In(wib), ObjectUntil: e.ObjectionUntil().In(wib)})
	return nil
}

// apiSKPReport: GET /api/v1/skp/report?year=YYYY&format=xlsx|pdf — the
// year's report by unit: distribution, the year before's, rewards and
// coaching outcomes.
func (s *Server) apiSKPReport(w http.ResponseWriter, r *http.Request) error {
	year, err := s.skpYear(r)
	if err != nil {
		return err
	}
	format := r.URL.Query().Get("format")
	if format == "" {
		format = "xlsx"
	}
	if format != "xlsx" && format != "pdf" {
		return apperr.InvalidMsgs(map[string]apperr.Msg{"format": apperr.M("skp.format")})
	}
	rows, err := s.perf.Report(r.Context(), year)
	if err != nil {
		return err
	}
	ct := "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	if format == "pdf" {
		ct = "application/pdf"
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Content-Disposition", `attachment; filename="skp-`+strconv.Itoa(year)+`.`+format+`"`)
	return performance.WriteReport(w, format, year, rows, s.now())
}

// apiSKPEKinerja: GET /api/v1/skp/ekinerja?year=YYYY — the year's final
// annual results as a CSV for BKN's e-Kinerja (columns:
// performance.EKinerjaColumns).
func (s *Server) apiSKPEKinerja(w http.ResponseWriter, r *http.Request) error {
	year, err := s.skpYear(r)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="ekinerja-`+strconv.Itoa(year)+`.csv"`)
	return s.perf.WriteEKinerja(r.Context(), w, year)
}
