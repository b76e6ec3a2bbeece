package web

import (
	"errors"
	"io"
	"mime"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"asnpro/internal/apperr"
	"asnpro/internal/identity"
	"asnpro/internal/performance"
	"asnpro/internal/workforce"
)

// Performance evaluation pages (docs/PERFORMANCE-EVALUATION.md): the
// employee's plans (/skp), a plan with everything done on it (/skp/{id}),
// the supervisor's team (/skp/tim), objections to decide (/skp/keberatan),
// units with their predikat and curve check (/skp/unit), the reports
// (/skp/laporan).

func skpPath(id int64) string { return "/skp/" + strconv.FormatInt(id, 10) }

func (s *Server) viewer(r *http.Request) performance.Viewer {
	return viewerOf(identity.PrincipalFrom(r.Context()))
}

// skpFlash is the message of ?ok= after a form was sent.
func skpFlash(r *http.Request) string {
	if ok := r.URL.Query().Get("ok"); ok != "" && !strings.ContainsAny(ok, " ./") {
		return T(langOf(r), "skp.flash."+ok)
	}
	return ""
}

type skpMineData struct {
	Plans       []*performance.Plan
	NotEmployee bool
	Years       []int
	Year        int
	Cadence     string
	Cadences    []string
	Fields      map[string]string
	Error       string
	Flash       string
}

// skpMinePage: GET /skp — the signed-in employee's plans and the form that
// starts one.
func (s *Server) skpMinePage(w http.ResponseWriter, r *http.Request) error {
	return s.renderMine(w, r, http.StatusOK, skpMineData{Flash: skpFlash(r)})
}

func (s *Server) renderMine(w http.ResponseWriter, r *http.Request, status int, d skpMineData) error {
	ctx := r.Context()
	v := s.viewer(r)
	if _, err := s.workforce.FindEmployeeByUser(ctx, v.UserID); errors.Is(err, workforce.ErrEmployeeNotFound) {
		d.NotEmployee = true
	} else if err != nil {
		return err
	}
	plans, err := s.perf.MyPlans(ctx, v)
	if err != nil {
		return err
	}
	d.Plans = plans
	y := s.now().In(wib).Year()
	d.Years = []int{y, y + 1, y - 1}
	if d.Year == 0 {
		d.Year = y
	}
	if d.Cadence == "" {
		d.Cadence = performance.Quarterly
	}
	d.Cadences = performance.Cadences
	return s.render(w, r, status, "skp_mine", "skp.mine.title", d)
}

// skpCreateSubmit: POST /skp — year, cadence → 303 to the new plan.
func (s *Server) skpCreateSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	year, _ := strconv.Atoi(r.PostFormValue("year"))
	cadence := r.PostFormValue("cadence")
	p, err := s.perf.CreatePlan(r.Context(), s.viewer(r), year, cadence)
	if err != nil {
		fields, msg, status, hard := fieldsOf(r, err, "year", "cadence")
		if hard != nil {
			return hard
		}
		return s.renderMine(w, r, status, skpMineData{Year: year, Cadence: cadence, Fields: fields, Error: msg})
	}
	http.Redirect(w, r, skpPath(p.ID)+"?ok=created", http.StatusSeeOther)
	return nil
}

// periodRow is a period of a plan with its evaluation.
type periodRow struct {
	performance.Period
	Ended bool
	Eval  *performance.Evaluation
}

// skpPlanData is a plan's page.
type skpPlanData struct {
	P         *performance.Plan
	A         performance.Access
	Parents   []performance.Result
	Periods   []periodRow
	Coaching  *performance.Coaching
	Reward    *performance.Reward
	Offers    []performance.Offer
	OffersOK  bool
	Chosen    map[int64]bool
	Focus     map[string]bool
	Now       time.Time
	Today     string
	Which     string // the form shown with its error
	Fields    map[string]string
	Error     string
	Flash     string
	Result    performance.ResultInput
	Rating    performance.Rating
	Note      performance.NoteInput
	Text      string // the comment, reason or response typed
	Lists     skpLists
	MayDecide bool // the decide form (route admits the user)
}

// skpLists are the choices the plan page's forms offer.
type skpLists struct {
	Ratings, Values, Competencies, NoteKinds []string
}

// skpPlanPage: GET /skp/{id} — a plan: its results (cascaded), the
// expectations, history, evidence and feedback, evaluations per period,
// and the forms of whoever may act.
func (s *Server) skpPlanPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderPlan(w, r, http.StatusOK, skpPlanData{Flash: skpFlash(r)})
}

func (s *Server) renderPlan(w http.ResponseWriter, r *http.Request, status int, d skpPlanData) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	ctx := r.Context()
	if d.P, d.A, err = s.perf.FindPlan(ctx, s.viewer(r), id); err != nil {
		return err
	}
	// A page offers only the forms the user's roles may send: a supervisor
	// without the supervisor role (a leader) acts through the API.
	pr := identity.PrincipalFrom(ctx)
	d.A.Owner = d.A.Owner && s.may(pr, "POST /skp/{id}/hasil")
	d.A.Supervisor = d.A.Supervisor && s.may(pr, "POST /skp/{id}/evaluasi")
	if d.Parents, err = s.perf.ParentResults(ctx, d.P); err != nil {
		return err
	}
	if d.Coaching, err = s.perf.CoachingOfPlan(ctx, id); err != nil {
		return err
	}
	if d.Reward, err = s.perf.RewardOfPlan(ctx, d.P); err != nil {
		return err
	}
	d.Now = s.now()
	d.Today = d.Now.In(wib).Format(time.DateOnly)
	for _, per := range performance.Periods(d.P.Year, d.P.Cadence) {
		row := periodRow{Period: per, Ended: per.Ended(d.Now)}
		for _, e := range d.P.Evaluations {
			if e.Period == per.Name {
				row.Eval = e
			}
		}
		d.Periods = append(d.Periods, row)
	}
	if d.Coaching != nil && d.A.Supervisor && d.Coaching.Outcome == "" {
		focus := d.Coaching.Focus
		if d.Offers, d.OffersOK, err = s.perf.OffersFor(ctx, focus); err != nil {
			return err
		}
	}
	d.Chosen, d.Focus = map[int64]bool{}, map[string]bool{}
	if d.Coaching != nil {
		for _, sid := range d.Coaching.Sessions {
			d.Chosen[sid] = true
		}
		for _, k := range d.Coaching.Focus {
			d.Focus[k] = true
		}
	}
	d.Lists = skpLists{Ratings: performance.Ratings, Values: performance.Values, Competencies: performance.Competencies,
		NoteKinds: performance.NoteKinds}
	d.MayDecide = s.may(pr, "POST /skp/evaluasi/{id}/putusan")
	return s.render(w, r, status, "skp_plan", "skp.plan.title", d)
}

// planRefused shows the plan page again with a form's error; not found
// and the like are answered as they are.
func (s *Server) planRefused(w http.ResponseWriter, r *http.Request, err error, d skpPlanData, inputs ...string) error {
	fields, msg, status, hard := fieldsOf(r, err, inputs...)
	if hard != nil {
		return hard
	}
	d.Fields, d.Error = fields, msg
	return s.renderPlan(w, r, status, d)
}

// planForm parses a plan's form: its id and the posted values.
func planForm(w http.ResponseWriter, r *http.Request, name string) (int64, error) {
	id, err := pathID(r, name)
	if err != nil {
		return 0, err
	}
	return id, parseForm(w, r)
}

func done(w http.ResponseWriter, r *http.Request, path, ok string) error {
	http.Redirect(w, r, path+"?ok="+ok, http.StatusSeeOther)
	return nil
}

// skpResultSubmit: POST /skp/{id}/hasil — text, indicator, target,
// parent_id → 303.
func (s *Server) skpResultSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := planForm(w, r, "id")
	if err != nil {
		return err
	}
	parent, _ := strconv.ParseInt(r.PostFormValue("parent_id"), 10, 64)
	in := performance.ResultInput{Text: r.PostFormValue("text"), Indicator: r.PostFormValue("indicator"),
		Target: r.PostFormValue("target"), ParentID: parent}
	if err := s.perf.AddResult(r.Context(), s.viewer(r), id, in); err != nil {
		return s.planRefused(w, r, err, skpPlanData{Which: "result", Result: in}, "text", "indicator", "target", "parent_id")
	}
	return done(w, r, skpPath(id), "result")
}

// skpSubmitSubmit: POST /skp/{id}/ajukan → 303.
func (s *Server) skpSubmitSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := planForm(w, r, "id")
	if err != nil {
		return err
	}
	if err := s.perf.SubmitPlan(r.Context(), s.viewer(r), id); err != nil {
		return s.planRefused(w, r, err, skpPlanData{Which: "submit"})
	}
	return done(w, r, skpPath(id), "submitted")
}

// skpReturnSubmit: POST /skp/{id}/kembalikan — comment → 303.
func (s *Server) skpReturnSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := planForm(w, r, "id")
	if err != nil {
		return err
	}
	c := r.PostFormValue("comment")
	if err := s.perf.ReturnPlan(r.Context(), s.viewer(r), id, c); err != nil {
		return s.planRefused(w, r, err, skpPlanData{Which: "review", Text: c}, "comment")
	}
	return done(w, r, skpPath(id), "returned")
}

// skpApproveSubmit: POST /skp/{id}/setujui — comment, expectation.VALUE
// (the leader's special expectations per BerAKHLAK value) → 303.
func (s *Server) skpApproveSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := planForm(w, r, "id")
	if err != nil {
		return err
	}
	exp := map[string]string{}
	for _, k := range performance.Values {
		if v := r.PostFormValue("expectation." + k); strings.TrimSpace(v) != "" {
			exp[k] = v
		}
	}
	c := r.PostFormValue("comment")
	if err := s.perf.ApprovePlan(r.Context(), s.viewer(r), id, c, exp); err != nil {
		return s.planRefused(w, r, err, skpPlanData{Which: "review", Text: c}, "comment")
	}
	return done(w, r, skpPath(id), "approved")
}

// skpReopenSubmit: POST /skp/{id}/buka — reason → 303.
func (s *Server) skpReopenSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := planForm(w, r, "id")
	if err != nil {
		return err
	}
	reason := r.PostFormValue("reason")
	if err := s.perf.ReopenPlan(r.Context(), s.viewer(r), id, reason); err != nil {
		return s.planRefused(w, r, err, skpPlanData{Which: "reopen", Text: reason}, "reason")
	}
	return done(w, r, skpPath(id), "reopened")
}

// skpNoteSubmit: POST /skp/{id}/catatan — kind, result_id, text, link → 303.
func (s *Server) skpNoteSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := planForm(w, r, "id")
	if err != nil {
		return err
	}
	res, _ := strconv.ParseInt(r.PostFormValue("result_id"), 10, 64)
	in := performance.NoteInput{Kind: r.PostFormValue("kind"), ResultID: res, Text: r.PostFormValue("text"), Link: r.PostFormValue("link")}
	if err := s.perf.AddNote(r.Context(), s.viewer(r), id, in); err != nil {
		return s.planRefused(w, r, err, skpPlanData{Which: "note", Note: in}, "kind", "text", "link", "result_id")
	}
	return done(w, r, skpPath(id), "note")
}

// skpEvaluateSubmit: POST /skp/{id}/evaluasi — period, hasil_kerja,
// perilaku, notes → 303.
func (s *Server) skpEvaluateSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := planForm(w, r, "id")
	if err != nil {
		return err
	}
	in := performance.Rating{Period: r.PostFormValue("period"), Hasil: r.PostFormValue("hasil_kerja"),
		Perilaku: r.PostFormValue("perilaku"), Notes: r.PostFormValue("notes")}
	if _, err := s.perf.Evaluate(r.Context(), s.viewer(r), id, in); err != nil {
		return s.planRefused(w, r, err, skpPlanData{Which: "evaluate", Rating: in}, "period", "hasil_kerja", "perilaku", "notes")
	}
	return done(w, r, skpPath(id), "evaluated")
}

// evalForm parses an evaluation's form and finds its plan (for the page to
// show again).
func (s *Server) evalForm(w http.ResponseWriter, r *http.Request) (int64, int64, error) {
	id, err := planForm(w, r, "id")
	if err != nil {
		return 0, 0, err
	}
	plan, err := s.perf.PlanOfEvaluation(r.Context(), s.viewer(r), id)
	return id, plan, err
}

// withPlanID lets renderPlan read the plan's id as the path's.
func withPlanID(r *http.Request, plan int64) *http.Request {
	r.SetPathValue("id", strconv.FormatInt(plan, 10))
	return r
}

// skpCommentSubmit: POST /skp/evaluasi/{id}/tanggapan — comment → 303.
func (s *Server) skpCommentSubmit(w http.ResponseWriter, r *http.Request) error {
	id, plan, err := s.evalForm(w, r)
	if err != nil {
		return err
	}
	c := r.PostFormValue("comment")
	if err := s.perf.CommentEvaluation(r.Context(), s.viewer(r), id, c); err != nil {
		return s.planRefused(w, withPlanID(r, plan), err, skpPlanData{Which: "eval-" + idString(id), Text: c}, "comment")
	}
	return done(w, r, skpPath(plan), "commented")
}

// skpObjectSubmit: POST /skp/evaluasi/{id}/keberatan — reason → 303.
func (s *Server) skpObjectSubmit(w http.ResponseWriter, r *http.Request) error {
	id, plan, err := s.evalForm(w, r)
	if err != nil {
		return err
	}
	reason := r.PostFormValue("reason")
	if err := s.perf.Object(r.Context(), s.viewer(r), id, reason); err != nil {
		return s.planRefused(w, withPlanID(r, plan), err, skpPlanData{Which: "eval-" + idString(id), Text: reason}, "reason")
	}
	return done(w, r, skpPath(plan), "objected")
}

// skpDecideSubmit: POST /skp/evaluasi/{id}/putusan — decision (upheld,
// rejected), hasil_kerja, perilaku, response → 303.
func (s *Server) skpDecideSubmit(w http.ResponseWriter, r *http.Request) error {
	id, plan, err := s.evalForm(w, r)
	if err != nil {
		return err
	}
	d := performance.Decision{Decision: r.PostFormValue("decision"), Hasil: r.PostFormValue("hasil_kerja"),
		Perilaku: r.PostFormValue("perilaku"), Response: r.PostFormValue("response")}
	if err := s.perf.DecideObjection(r.Context(), s.viewer(r), id, d); err != nil {
		return s.planRefused(w, withPlanID(r, plan), err, skpPlanData{Which: "eval-" + idString(id), Text: d.Response},
			"decision", "hasil_kerja", "perilaku", "response")
	}
	return done(w, r, skpPath(plan), "decided")
}

// coachingForm parses a coaching plan's form and finds its SKP plan.
func (s *Server) coachingForm(w http.ResponseWriter, r *http.Request) (int64, int64, error) {
	id, err := planForm(w, r, "id")
	if err != nil {
		return 0, 0, err
	}
	plan, err := s.perf.PlanOfCoaching(r.Context(), s.viewer(r), id)
	return id, plan, err
}

// skpCoachingSubmit: POST /skp/pembinaan/{id}/rencana — goals, focus
// (repeated), session (repeated) → 303.
func (s *Server) skpCoachingSubmit(w http.ResponseWriter, r *http.Request) error {
	id, plan, err := s.coachingForm(w, r)
	if err != nil {
		return err
	}
	in := performance.CoachingInput{Goals: r.PostFormValue("goals"), Focus: r.PostForm["focus"]}
	for _, v := range r.PostForm["session"] {
		if sid, err := strconv.ParseInt(v, 10, 64); err == nil && !slices.Contains(in.Sessions, sid) {
			in.Sessions = append(in.Sessions, sid)
		}
	}
	if err := s.perf.PlanCoaching(r.Context(), s.viewer(r), id, in); err != nil {
		return s.planRefused(w, withPlanID(r, plan), err, skpPlanData{Which: "coaching", Text: in.Goals}, "goals", "focus", "sessions")
	}
	return done(w, r, skpPath(plan), "coaching")
}

// skpMeetingSubmit: POST /skp/pembinaan/{id}/pertemuan — held_on, note → 303.
func (s *Server) skpMeetingSubmit(w http.ResponseWriter, r *http.Request) error {
	id, plan, err := s.coachingForm(w, r)
	if err != nil {
		return err
	}
	note := r.PostFormValue("note")
	if err := s.perf.AddMeeting(r.Context(), s.viewer(r), id, r.PostFormValue("held_on"), note); err != nil {
		return s.planRefused(w, withPlanID(r, plan), err, skpPlanData{Which: "meeting", Text: note}, "held_on", "note")
	}
	return done(w, r, skpPath(plan), "meeting")
}

// skpCoachingCloseSubmit: POST /skp/pembinaan/{id}/hasil — outcome
// (improved, not_improved), outcome_note → 303.
func (s *Server) skpCoachingCloseSubmit(w http.ResponseWriter, r *http.Request) error {
	id, plan, err := s.coachingForm(w, r)
	if err != nil {
		return err
	}
	note := r.PostFormValue("outcome_note")
	if err := s.perf.CloseCoaching(r.Context(), s.viewer(r), id, r.PostFormValue("outcome"), note); err != nil {
		return s.planRefused(w, withPlanID(r, plan), err, skpPlanData{Which: "outcome", Text: note}, "outcome", "outcome_note")
	}
	return done(w, r, skpPath(plan), "closed")
}

type skpTeamData struct {
	Year        int
	Years       []int
	Plans       []*performance.Plan
	Without     []*workforce.Employee
	NotEmployee bool
}

// skpTeamPage: GET /skp/tim?year= — the plans of the supervisor's direct
// reports, and who has none yet.
func (s *Server) skpTeamPage(w http.ResponseWriter, r *http.Request) error {
	year, err := s.skpYear(r)
	if err != nil {
		return err
	}
	d := skpTeamData{Year: year, Years: s.skpYears()}
	if _, err := s.workforce.FindEmployeeByUser(r.Context(), s.viewer(r).UserID); errors.Is(err, workforce.ErrEmployeeNotFound) {
		d.NotEmployee = true
	} else if err != nil {
		return err
	}
	if d.Plans, d.Without, err = s.perf.TeamPlans(r.Context(), s.viewer(r), year); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "skp_team", "skp.team.title", d)
}

func (s *Server) skpYears() []int {
	y := s.now().In(wib).Year()
	return []int{y + 1, y, y - 1, y - 2}
}

type skpObjectionsData struct {
	Items []performance.PendingObjection
}

// skpObjectionsPage: GET /skp/keberatan — the objections the signed-in
// superior is to decide.
func (s *Server) skpObjectionsPage(w http.ResponseWriter, r *http.Request) error {
	items, err := s.perf.ObjectionsToDecide(r.Context(), s.viewer(r))
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "skp_objections", "skp.objections.title", skpObjectionsData{Items: items})
}

type skpUnitsData struct {
	Year  int
	Years []int
	Items []performance.UnitSummary
}

// skpUnitsPage: GET /skp/unit?year= — the units the user may see with
// their predikat and how many annual results are in.
func (s *Server) skpUnitsPage(w http.ResponseWriter, r *http.Request) error {
	year, err := s.skpYear(r)
	if err != nil {
		return err
	}
	items, err := s.perf.Units(r.Context(), s.viewer(r), year)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "skp_units", "skp.units.title", skpUnitsData{Year: year, Years: s.skpYears(), Items: items})
}

type skpUnitData struct {
	St         *performance.UnitStatus
	Year       int
	Predikats  []string // a unit's
	All        []string // an employee's
	Predikat   string
	Basis      string
	Which      string
	Fields     map[string]string
	Error      string
	Flash      string
	CanSet     bool
	CanApprove bool
}

// skpUnitPage: GET /skp/unit/{id}?year= — a unit's year: its predikat, the
// curve check saying which rule is broken and by how many people, the
// annual results, and the forms of its head and the unit above.
func (s *Server) skpUnitPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderUnit(w, r, http.StatusOK, skpUnitData{Flash: skpFlash(r)})
}

func (s *Server) renderUnit(w http.ResponseWriter, r *http.Request, status int, d skpUnitData) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	year, err := s.skpYear(r)
	if err != nil {
		return err
	}
	if d.St, err = s.perf.UnitStatusOf(r.Context(), s.viewer(r), id, year); err != nil {
		return err
	}
	d.Year, d.Predikats, d.All = year, performance.UnitPredikats, performance.Predikats
	if d.Predikat == "" && d.St.UY != nil {
		d.Predikat, d.Basis = d.St.UY.Predikat, d.St.UY.Basis
	}
	final := d.St.UY != nil && d.St.UY.FinalisedAt != nil
	p := identity.PrincipalFrom(r.Context())
	d.CanSet = d.St.MaySet && !final && s.may(p, "POST /skp/unit/{id}/predikat")
	d.CanApprove = d.St.MayApprove && !final && s.may(p, "POST /skp/unit/{id}/setujui")
	return s.render(w, r, status, "skp_unit", "skp.unit.title", d)
}

func skpUnitPath(id int64, year int) string {
	return "/skp/unit/" + strconv.FormatInt(id, 10) + "?year=" + strconv.Itoa(year)
}

// unitForm parses a unit's form: its id and the year (posted).
func (s *Server) unitForm(w http.ResponseWriter, r *http.Request) (int64, int, error) {
	id, err := planForm(w, r, "id")
	if err != nil {
		return 0, 0, err
	}
	year, err := strconv.Atoi(r.PostFormValue("year"))
	if err != nil {
		year = s.now().In(wib).Year()
	}
	q := r.URL.Query()
	q.Set("year", strconv.Itoa(year))
	r.URL.RawQuery = q.Encode()
	return id, year, nil
}

func (s *Server) unitRefused(w http.ResponseWriter, r *http.Request, err error, d skpUnitData, inputs ...string) error {
	fields, msg, status, hard := fieldsOf(r, err, inputs...)
	if hard != nil {
		return hard
	}
	d.Fields, d.Error = fields, msg
	return s.renderUnit(w, r, status, d)
}

// skpUnitPredikatSubmit: POST /skp/unit/{id}/predikat — year, predikat,
// basis → 303.
func (s *Server) skpUnitPredikatSubmit(w http.ResponseWriter, r *http.Request) error {
	id, year, err := s.unitForm(w, r)
	if err != nil {
		return err
	}
	pred, basis := r.PostFormValue("predikat"), r.PostFormValue("basis")
	if err := s.perf.SetUnitPredikat(r.Context(), s.viewer(r), id, year, pred, basis); err != nil {
		return s.unitRefused(w, r, err, skpUnitData{Which: "predikat", Predikat: pred, Basis: basis}, "predikat", "basis")
	}
	http.Redirect(w, r, skpUnitPath(id, year)+"&ok=unit_set", http.StatusSeeOther)
	return nil
}

// skpUnitApproveSubmit: POST /skp/unit/{id}/setujui — year → 303.
func (s *Server) skpUnitApproveSubmit(w http.ResponseWriter, r *http.Request) error {
	id, year, err := s.unitForm(w, r)
	if err != nil {
		return err
	}
	if err := s.perf.ApproveUnitPredikat(r.Context(), s.viewer(r), id, year); err != nil {
		return s.unitRefused(w, r, err, skpUnitData{Which: "approve"})
	}
	http.Redirect(w, r, skpUnitPath(id, year)+"&ok=unit_approved", http.StatusSeeOther)
	return nil
}

// skpUnitFinaliseSubmit: POST /skp/unit/{id}/final — year, confirm → the
// confirmation page, then 303; 409 naming the broken curve rule.
func (s *Server) skpUnitFinaliseSubmit(w http.ResponseWriter, r *http.Request) error {
	id, year, err := s.unitForm(w, r)
	if err != nil {
		return err
	}
	if ok, err := s.confirmed(w, r, confirmAsk{Title: "skp.confirm.final.title", What: "skp.confirm.final.what",
		Args: []any{"year", strconv.Itoa(year)}, Back: skpUnitPath(id, year)}); !ok || err != nil {
		return err
	}
	if _, err := s.perf.Finalise(r.Context(), s.viewer(r), id, year); err != nil {
		return s.unitRefused(w, r, err, skpUnitData{Which: "final"})
	}
	http.Redirect(w, r, skpUnitPath(id, year)+"&ok=unit_final", http.StatusSeeOther)
	return nil
}

type skpReportsData struct {
	Year       int
	Years      []int
	Rows       []performance.ReportRow
	XLSX, PDF  string
	EKinerja   string
	Predikats  []string
	TotalPlans int
}

// skpReportsPage: GET /skp/laporan?year= — the year by unit: distribution,
// the year before, rewards, coaching outcomes; the downloads.
func (s *Server) skpReportsPage(w http.ResponseWriter, r *http.Request) error {
	year, err := s.skpYear(r)
	if err != nil {
		return err
	}
	rows, err := s.perf.Report(r.Context(), year)
	if err != nil {
		return err
	}
	y := strconv.Itoa(year)
	d := skpReportsData{Year: year, Years: s.skpYears(), Rows: rows, Predikats: performance.Predikats}
	p := identity.PrincipalFrom(r.Context())
	if s.may(p, "GET /api/v1/skp/report") {
		d.XLSX, d.PDF = "/api/v1/skp/report?format=xlsx&year="+y, "/api/v1/skp/report?format=pdf&year="+y
	}
	if s.may(p, "GET /api/v1/skp/ekinerja") {
		d.EKinerja = "/api/v1/skp/ekinerja?year=" + y
	}
	for _, r := range rows {
		d.TotalPlans += r.Plans
	}
	return s.render(w, r, http.StatusOK, "skp_reports", "skp.reports.title", d)
}

// skpHomeLinks are the performance evaluation's links in a role's section
// of the home page.
func (s *Server) skpHomeLinks(p *identity.Principal, role identity.Role) []link {
	mine, team := rl("skp.home.go.mine", "/skp", "/skp"), rl("skp.home.go.team", "/skp/tim", "/skp/tim")
	obj, units := rl("skp.home.go.objections", "/skp/keberatan", "/skp/keberatan"), rl("skp.home.go.units", "/skp/unit", "/skp/unit")
	reports := rl("skp.home.go.reports", "/skp/laporan", "/skp/laporan")
	switch role {
	case identity.Employee:
		return s.allowed(p, mine)
	case identity.Supervisor:
		return s.allowed(p, team, obj, units)
	case identity.Leader:
		return s.allowed(p, obj, units, reports)
	case identity.Admin, identity.Auditor:
		return s.allowed(p, units, reports)
	}
	return nil
}

// skpEvidenceSubmit: POST /skp/{id}/bukti — a multipart form: result_id and
// text first, then file (a PDF or JPEG, at most 2 MB) → 303.
func (s *Server) skpEvidenceSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := limitBody(w, r, performance.EvidenceRule.MaxBytes+64<<10); err != nil {
		return err
	}
	defer io.Copy(io.Discard, r.Body) //nolint:errcheck // drain, so the browser reads the answer
	release, err := s.takeUpload(r)
	if err != nil {
		return err
	}
	defer release()
	fields, body, filename, err := evidenceParts(r)
	if err == nil {
		res, _ := strconv.ParseInt(fields["result_id"], 10, 64)
		err = s.perf.AddEvidenceFile(r.Context(), s.viewer(r), id, res, fields["text"], body, filename)
	}
	if err != nil {
		err = tooLarge(err, "2 MB")
		return s.planRefused(w, r, err, skpPlanData{Which: "evidence"}, "file", "result_id")
	}
	return done(w, r, skpPath(id), "evidence")
}

// evidenceParts reads a multipart form's fields up to its "file" part,
// which it returns unread with its file name. Errors: malformed (not a
// readable multipart form), invalid (no file chosen).
func evidenceParts(r *http.Request) (map[string]string, io.Reader, string, error) {
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, nil, "", &apperr.Error{Code: apperr.Malformed, Msg: apperr.M("web.multipart_unreadable"), Err: err}
	}
	fields := map[string]string{}
	for {
		part, err := mr.NextPart()
		if err != nil {
			return nil, nil, "", apperr.InvalidMsgs(map[string]apperr.Msg{"file": apperr.M("skp.file_required")})
		}
		if part.FormName() == "file" {
			if part.FileName() == "" {
				return nil, nil, "", apperr.InvalidMsgs(map[string]apperr.Msg{"file": apperr.M("skp.file_required")})
			}
			return fields, part, part.FileName(), nil
		}
		b, err := io.ReadAll(io.LimitReader(part, 4<<10))
		if err != nil {
			return nil, nil, "", &apperr.Error{Code: apperr.Malformed, Msg: apperr.M("web.multipart_unreadable"), Err: err}
		}
		fields[part.FormName()] = string(b)
	}
}

// apiSKPEvidenceFile: GET /api/v1/skp/notes/{id}/file — an evidence file of
// a plan the caller may see (404 otherwise), as an attachment.
func (s *Server) apiSKPEvidenceFile(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	b, f, err := s.perf.EvidenceFile(r.Context(), s.viewer(r), id)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", f.ContentType)
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": f.Name}))
	_, err = w.Write(b)
	return err
}
