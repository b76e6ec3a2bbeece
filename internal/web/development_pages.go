package web

import (
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"

	"asnpro/internal/apperr"
	"asnpro/internal/development"
	"asnpro/internal/identity"
	"asnpro/internal/report"
)

// recommendedSessions is how many open sessions an employee under target
// is shown.
const recommendedSessions = 5

// devMeData is "Jam pelajaran saya".
type devMeData struct {
	Subject   *development.Subject
	Sum       *development.Summary
	Year      int
	ThisYear  bool
	Years     []int
	Rec       *development.Recommendation
	CanSubmit bool // the employee has a direct supervisor to decide
	Form      development.External
	JPText    string
	Fields    map[string]string
	Error     string
	Flash     string
}

// years are the years a page offers: this one and the four before.
func years(now int) []int { return []int{now, now - 1, now - 2, now - 3, now - 4} }

// myDevelopmentPage: GET /jam-pelajaran?year= — the signed-in employee's
// JP this year (or another), their records, the form for a training
// elsewhere and, under target, recommended sessions.
func (s *Server) myDevelopmentPage(w http.ResponseWriter, r *http.Request) error {
	d := devMeData{}
	if r.URL.Query().Get("ok") == "sent" {
		d.Flash = "dev.external.sent"
	}
	return s.renderMyDevelopment(w, r, http.StatusOK, &d, r.URL.Query().Get("year"))
}

func (s *Server) renderMyDevelopment(w http.ResponseWriter, r *http.Request, status int, d *devMeData, yearText string) error {
	ctx := r.Context()
	now := thisYear(s.now())
	year, err := development.ParseYear(yearText, s.now())
	if err != nil {
		return err
	}
	d.Year, d.ThisYear, d.Years = year, year == now, years(now)
	sub, err := s.development.SubjectOfUser(ctx, identity.PrincipalFrom(ctx).UserID)
	if errors.Is(err, development.ErrEmployeeNotFound) {
		return s.render(w, r, status, "development_me", "dev.me.title", d)
	}
	if err != nil {
		return err
	}
	d.Subject, d.CanSubmit = sub, sub.SupervisorID != 0
	if d.Sum, err = s.development.SummaryOf(ctx, sub.ID, year); err != nil {
		return err
	}
	if d.ThisYear && !d.Sum.Standing.Compliant {
		if d.Rec, err = s.development.Recommend(ctx, sub.ID, recommendedSessions); err != nil {
			return err
		}
	}
	return s.render(w, r, status, "development_me", "dev.me.title", d)
}

// myDevelopmentSubmit: POST /jam-pelajaran (multipart: title, institution,
// jp, completed_on, file) → 303 back with a note, or the page with the
// reasons (422 without evidence or with a JP out of range).
func (s *Server) myDevelopmentSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := limitBody(w, r, maxUploadBody); err != nil {
		return err
	}
	defer io.Copy(io.Discard, r.Body) //nolint:errcheck // drain, so the browser reads the answer
	release, err := s.takeUpload(r)
	if err != nil {
		return err
	}
	defer release()
	x, jpText, file, name, err := externalForm(r)
	if err == nil {
		_, err = s.development.SubmitExternal(r.Context(), identity.PrincipalFrom(r.Context()).UserID, x, file, name)
	}
	if err == nil {
		http.Redirect(w, r, "/jam-pelajaran?ok=sent#records", http.StatusSeeOther)
		return nil
	}
	ae := normalise(tooLarge(err, "2 MB"))
	if ae.Code == apperr.Internal || ae.Code == apperr.Malformed {
		return err
	}
	d := devMeData{Form: x, JPText: jpText, Error: ae.Localized(langOf(r)), Fields: ae.LocalizedFields(langOf(r))}
	return s.renderMyDevelopment(w, r, Status(ae.Code), &d, "")
}

// developmentEvidencePage: GET /jam-pelajaran/bukti/{id} — a record's
// evidence, for the employee and their current direct supervisor (404 for
// anyone else).
func (s *Server) developmentEvidencePage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	ctx := r.Context()
	rec, err := s.development.FindRecord(ctx, id)
	if err != nil {
		return err
	}
	sub, err := s.development.FindSubject(ctx, rec.EmployeeID)
	if err != nil {
		return err
	}
	if !mayReadDevelopment(identity.PrincipalFrom(ctx), sub) || rec.Evidence == nil {
		return development.ErrRecordNotFound
	}
	_, data, err := s.development.EvidenceOf(ctx, id)
	if err != nil {
		return err
	}
	h := w.Header()
	ext := ".pdf"
	h.Set("Content-Type", "application/pdf")
	if rec.Evidence.ContentType == "image/jpeg" {
		h.Set("Content-Type", "image/jpeg")
		ext = ".jpg"
	}
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", documentCSP)
	h.Set("X-Frame-Options", "SAMEORIGIN")
	h.Set("Cache-Control", "private, no-store")
	h.Set("Cross-Origin-Resource-Policy", "same-origin")
	h.Set("Content-Disposition", `inline; filename="bukti-jp-`+idString(id)+ext+`"`)
	_, err = w.Write(data)
	return err
}

// devTeamData is the supervisor's page.
type devTeamData struct {
	Me       *development.Subject
	Year     int
	Pending  []development.Record
	Team     []development.TeamRow
	Decided  string           // catalogue key of the note after a decision
	Errors   map[int64]string // a refused decision's reason, by record
	Reason   map[int64]string // the reason typed, kept after a refusal
	Required int
}

// developmentTeamPage: GET /jam-pelajaran/tim — the requests of the
// signed-in supervisor's direct reports waiting for a decision, and their
// JP this year.
func (s *Server) developmentTeamPage(w http.ResponseWriter, r *http.Request) error {
	d := devTeamData{}
	switch r.URL.Query().Get("ok") {
	case "approve":
		d.Decided = "dev.decided.approve"
	case "reject":
		d.Decided = "dev.decided.reject"
	}
	return s.renderTeam(w, r, http.StatusOK, &d)
}

func (s *Server) renderTeam(w http.ResponseWriter, r *http.Request, status int, d *devTeamData) error {
	ctx := r.Context()
	uid := identity.PrincipalFrom(ctx).UserID
	d.Year, d.Required = thisYear(s.now()), development.RequiredJP
	me, err := s.development.SubjectOfUser(ctx, uid)
	if err != nil && !errors.Is(err, development.ErrEmployeeNotFound) {
		return err
	}
	d.Me = me
	if me != nil {
		if d.Pending, err = s.development.Pending(ctx, uid); err != nil {
			return err
		}
		if d.Team, err = s.development.Team(ctx, uid, d.Year); err != nil {
			return err
		}
	}
	return s.render(w, r, status, "development_team", "dev.team.title", d)
}

// developmentDecideSubmit: POST /jam-pelajaran/tim/{id} — decision
// (approve or reject), reason; asks to confirm, then → 303 back, or the
// page with the reason by the request (403 not the supervisor, 409
// decided already, 422 no reason for a rejection).
func (s *Server) developmentDecideSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	decision, reason := r.PostFormValue("decision"), r.PostFormValue("reason")
	approve, err := decisionOf(decision)
	if err == nil {
		err = development.CheckDecision(approve, reason) // refused before it is confirmed
	}
	if err == nil {
		ask := confirmAsk{Title: "dev.confirm.title", What: "dev.confirm.what", Back: "/jam-pelajaran/tim#pending"}
		if ok, err := s.confirmed(w, r, ask); !ok || err != nil {
			return err
		}
		err = s.development.Decide(r.Context(), identity.PrincipalFrom(r.Context()).UserID, id, approve, reason)
	}
	if err == nil {
		http.Redirect(w, r, "/jam-pelajaran/tim?ok="+decision+"#pending", http.StatusSeeOther)
		return nil
	}
	ae := normalise(err)
	if ae.Code == apperr.Internal || ae.Code == apperr.NotFound {
		return err
	}
	msg := ae.Localized(langOf(r))
	if f := ae.LocalizedFields(langOf(r)); len(f) > 0 {
		msg = strings.Join(sortedValues(f), " ")
	}
	d := devTeamData{Errors: map[int64]string{id: msg}, Reason: map[int64]string{id: reason}}
	return s.renderTeam(w, r, Status(ae.Code), &d)
}

func sortedValues(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sortStrings(keys)
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = m[k]
	}
	return out
}

// dashboardShown is how many employees under target the page lists (the
// download has them all).
const dashboardShown = 200

// devDashData is the compliance dashboard.
type devDashData struct {
	D     *development.Dashboard
	Shown []development.UnderRow
	Years []int
	Query string // unit and year, for the download links
}

// developmentDashboardPage: GET /jam-pelajaran/kepatuhan?unit=&year=&format=
// — who is under 20 JP in a unit with its sub-units (all units when
// empty), as a page or (format=xlsx|csv) a file. A bad year or format: 422;
// an unknown unit: 404.
func (s *Server) developmentDashboardPage(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	year, err := development.ParseYear(q.Get("year"), s.now())
	if err != nil {
		return err
	}
	var unit int64
	if u := strings.TrimSpace(q.Get("unit")); u != "" {
		if unit, err = strconv.ParseInt(u, 10, 64); err != nil || unit <= 0 {
			return apperr.InvalidMsgs(map[string]apperr.Msg{"unit": apperr.M("workforce.unit_missing")})
		}
	}
	format := q.Get("format")
	if format != "" && format != "xlsx" && format != "csv" {
		return apperr.InvalidMsgs(map[string]apperr.Msg{"format": apperr.M("development.format")})
	}
	dash, err := s.development.Compliance(r.Context(), unit, year)
	if err != nil {
		return err
	}
	if format != "" {
		return s.writeDashboard(w, r, dash, format)
	}
	d := devDashData{D: dash, Shown: dash.UnderTarget[:min(len(dash.UnderTarget), dashboardShown)], Years: years(thisYear(s.now())),
		Query: "year=" + strconv.Itoa(year)}
	if unit != 0 {
		d.Query += "&unit=" + strconv.FormatInt(unit, 10)
	}
	return s.render(w, r, http.StatusOK, "development_dashboard", "dev.dash.title", d)
}

// writeDashboard writes every employee under target as a table file.
func (s *Server) writeDashboard(w http.ResponseWriter, r *http.Request, d *development.Dashboard, format string) error {
	lang := langOf(r)
	header := []string{T(lang, "dev.f.number"), T(lang, "dev.f.employee"), T(lang, "dev.f.unit"), T(lang, "dev.total"),
		T(lang, "dev.required"), T(lang, "dev.shortfall")}
	rows := make([][]string, 0, len(d.UnderTarget))
	for _, u := range d.UnderTarget {
		rows = append(rows, []string{u.Number, u.Name, u.UnitName, strconv.Itoa(u.Standing.Total), strconv.Itoa(u.Standing.Required),
			strconv.Itoa(u.Standing.Shortfall)})
	}
	name := "kepatuhan-jp-" + strconv.Itoa(d.Year)
	if format == "xlsx" {
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	} else {
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	}
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+"."+format+`"`)
	return report.WriteTable(w, format, T(lang, "dev.dash.sheet"), header, rows)
}
