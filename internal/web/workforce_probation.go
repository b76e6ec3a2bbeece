package web

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"asnpro/internal/identity"
	"asnpro/internal/workforce"
)

// After hiring (docs/WORKFORCE.md): on an employee's page the admin
// records the NIP when BKN issues it, ticks the onboarding checklist,
// records Latsar, decides the probation and keeps a PPPK's contracts; the
// direct supervisor assesses a CPNS report's probation from /bawahan.

// lifecycleView is an employee's onboarding, probation and contracts as
// the pages show them, with the admin's forms as typed when refused.
type lifecycleView struct {
	Probation   *workforce.Probation
	Checklist   []workforce.ChecklistEntry
	Contracts   []workforce.Contract
	Prefix      string // the NIP's 15-digit prefix, for a PNS without one
	IntakeHref  string // the period the employee was onboarded from
	CanRecord   bool   // the admin's forms
	Today       string
	Number      string
	Latsar      latsarForm
	Outcome     workforce.Outcome
	StartsOn    string
	EndsOn      string
	Renewal     workforce.Renewal
	RenewalID   int64
	Rules       []string // termination rules
	Modes       []string // Latsar modes
	Items       []string // checklist items
	Undecided   *workforce.Contract
	ProbationOK bool // the probation may be decided now
	// ShowChecklist: the employee was onboarded here, is a CPNS, or has an item ticked.
	ShowChecklist bool
	// LatsarOpen: Latsar can be recorded (not yet, and the TMT has come).
	LatsarOpen bool
}

type latsarForm struct {
	Mode, Hours, Result, HeldOn string
}

// lifecycle loads what v shows of employee e; admin says whether the
// admin's forms are offered.
func (s *Server) lifecycle(ctx context.Context, e *workforce.Employee, v *lifecycleView, admin bool) error {
	var err error
	if v.Probation, err = s.workforce.FindProbation(ctx, e.ID); err != nil {
		return err
	}
	if v.Checklist, err = s.workforce.Checklist(ctx, e.ID); err != nil {
		return err
	}
	if e.Kind == workforce.KindPPPK {
		if v.Contracts, err = s.workforce.Contracts(ctx, e.ID); err != nil {
			return err
		}
		for i := range v.Contracts {
			if v.Contracts[i].Decision == "" {
				v.Undecided = &v.Contracts[i]
			}
		}
	}
	if e.Number() == "" && e.Kind == workforce.KindPNS {
		v.Prefix = e.NIPPrefix()
	}
	period, _, err := s.workforce.OnboardingOf(ctx, e.ID)
	if err != nil {
		return err
	}
	v.ShowChecklist = period != 0 || e.Status == workforce.StatusCPNS
	for _, c := range v.Checklist {
		v.ShowChecklist = v.ShowChecklist || c.DoneOn != ""
	}
	if period != 0 && s.may(identity.PrincipalFrom(ctx), "GET /pengangkatan/{id}") {
		v.IntakeHref = intakePath(period)
	}
	v.CanRecord = admin
	v.Today = s.now().In(wib).Format("2006-01-02")
	v.Rules, v.Modes, v.Items = workforce.TerminationRules, workforce.LatsarModes, workforce.ChecklistItems
	v.ProbationOK = v.Probation != nil && v.Probation.Outcome == nil && e.Status == workforce.StatusCPNS
	v.LatsarOpen = v.ProbationOK && v.Probation.Latsar == nil && v.Today >= v.Probation.TMT
	if v.Outcome.DecidedOn == "" {
		v.Outcome.DecidedOn = v.Today
	}
	if v.Latsar.Mode == "" {
		v.Latsar = latsarForm{Mode: "klasikal", Hours: "", Result: "lulus", HeldOn: v.Today}
	}
	return nil
}

// employeeLifeRefused renders the employee page with a refused form.
func (s *Server) employeeLifeRefused(w http.ResponseWriter, r *http.Request, err error, which string, v lifecycleView,
	inputs ...string) error {
	fields, msg, status, hard := fieldsOf(r, err, inputs...)
	if hard != nil {
		return hard
	}
	return s.renderEmployee(w, r, status, employeePageData{Which: which, L: &v, Fields: fields, Error: msg})
}

var lifeFlashes = map[string]string{"onboarded": "ob.flash.onboarded", "number": "ob.flash.number", "tick": "ob.flash.tick",
	"latsar": "ob.flash.latsar", "outcome": "ob.flash.outcome", "contract": "ob.flash.contract", "renewal": "ob.flash.renewal"}

// employeeNumberSubmit: POST /pegawai/{id}/nip — number (the NIP or NI
// PPPK BKN issued) → 303.
func (s *Server) employeeNumberSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	number := strings.TrimSpace(r.PostFormValue("number"))
	if _, err := s.workforce.RecordNumber(r.Context(), id, number); err != nil {
		return s.employeeLifeRefused(w, r, err, "number", lifecycleView{Number: number}, "number")
	}
	http.Redirect(w, r, employeePath(id)+"?ok=number", http.StatusSeeOther)
	return nil
}

// employeeTickSubmit: POST /pegawai/{id}/periksa — item, done_on → 303.
func (s *Server) employeeTickSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	item, on := r.PostFormValue("item"), strings.TrimSpace(r.PostFormValue("done_on"))
	if err := s.workforce.TickChecklist(r.Context(), id, item, on, identity.PrincipalFrom(r.Context()).UserID); err != nil {
		return s.employeeLifeRefused(w, r, err, "tick", lifecycleView{}, "item", "done_on")
	}
	http.Redirect(w, r, employeePath(id)+"?ok=tick#checklist", http.StatusSeeOther)
	return nil
}

// employeeLatsarSubmit: POST /pegawai/{id}/latsar — mode, hours, result
// (lulus / tidak_lulus), held_on → 303.
func (s *Server) employeeLatsarSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := latsarForm{Mode: r.PostFormValue("mode"), Hours: strings.TrimSpace(r.PostFormValue("hours")), Result: r.PostFormValue("result"),
		HeldOn: strings.TrimSpace(r.PostFormValue("held_on"))}
	hours, herr := strconv.Atoi(f.Hours)
	if herr != nil {
		hours = 0
	}
	l := workforce.Latsar{Mode: f.Mode, Hours: hours, Passed: f.Result == "lulus", HeldOn: f.HeldOn}
	if err := s.workforce.RecordLatsar(r.Context(), id, l, identity.PrincipalFrom(r.Context()).UserID); err != nil {
		return s.employeeLifeRefused(w, r, err, "latsar", lifecycleView{Latsar: f}, "mode", "hours", "held_on")
	}
	http.Redirect(w, r, employeePath(id)+"?ok=latsar#probation", http.StatusSeeOther)
	return nil
}

// employeeOutcomeSubmit: POST /pegawai/{id}/percobaan — outcome
// (appointed / terminated), rule, health, decided_on, note; asks first → 303.
func (s *Server) employeeOutcomeSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	o := workforce.Outcome{Outcome: r.PostFormValue("outcome"), Rule: r.PostFormValue("rule"), Health: r.PostFormValue("health"),
		DecidedOn: strings.TrimSpace(r.PostFormValue("decided_on")), Note: r.PostFormValue("note")}
	what := "ob.outcome.confirm.appointed"
	if o.Outcome == workforce.OutcomeTerminated {
		what = "ob.outcome.confirm.terminated"
	}
	ask := confirmAsk{Title: "ob.outcome.title", What: what, Back: employeePath(id) + "#probation"}
	if ok, err := s.confirmed(w, r, ask); !ok || err != nil {
		return err
	}
	if err := s.workforce.DecideProbation(r.Context(), id, o, identity.PrincipalFrom(r.Context()).UserID); err != nil {
		return s.employeeLifeRefused(w, r, err, "outcome", lifecycleView{Outcome: o}, "outcome", "rule", "health", "decided_on", "note")
	}
	http.Redirect(w, r, employeePath(id)+"?ok=outcome#probation", http.StatusSeeOther)
	return nil
}

// employeeContractSubmit: POST /pegawai/{id}/kontrak — starts_on, ends_on → 303.
func (s *Server) employeeContractSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	start, end := strings.TrimSpace(r.PostFormValue("starts_on")), strings.TrimSpace(r.PostFormValue("ends_on"))
	if _, err := s.workforce.AddContract(r.Context(), id, start, end); err != nil {
		return s.employeeLifeRefused(w, r, err, "contract", lifecycleView{StartsOn: start, EndsOn: end}, "starts_on", "ends_on")
	}
	http.Redirect(w, r, employeePath(id)+"?ok=contract#contracts", http.StatusSeeOther)
	return nil
}

// employeeRenewalSubmit: POST /pegawai/{id}/kontrak/{contract} — decision
// (diperpanjang / tidak_diperpanjang), new_end, reason; asks first → 303.
func (s *Server) employeeRenewalSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	cid, err := pathID(r, "contract")
	if err != nil {
		return err
	}
	cs, err := s.workforce.Contracts(r.Context(), id)
	if err != nil {
		return err
	}
	if !containsContract(cs, cid) {
		return workforce.ErrContractNotFound
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	rn := workforce.Renewal{Decision: r.PostFormValue("decision"), NewEnd: strings.TrimSpace(r.PostFormValue("new_end")),
		Reason: r.PostFormValue("reason")}
	if ok, err := s.confirmed(w, r, confirmAsk{Title: "ob.renewal.title", What: "ob.renewal.confirm",
		Back: employeePath(id) + "#contracts"}); !ok || err != nil {
		return err
	}
	if err := s.workforce.DecideRenewal(r.Context(), cid, rn, identity.PrincipalFrom(r.Context()).UserID); err != nil {
		return s.employeeLifeRefused(w, r, err, "renewal", lifecycleView{Renewal: rn, RenewalID: cid}, "decision", "new_end", "reason")
	}
	http.Redirect(w, r, employeePath(id)+"?ok=renewal#contracts", http.StatusSeeOther)
	return nil
}

func containsContract(cs []workforce.Contract, id int64) bool {
	for _, c := range cs {
		if c.ID == id {
			return true
		}
	}
	return false
}

type assessData struct {
	E         *workforce.Employee
	Probation *workforce.Probation
	Worthy    string // "layak" / "tidak_layak"
	Note      string
	Fields    map[string]string
	Error     string
	Flash     string
}

// reportOf returns the signed-in supervisor's direct report id (404 for
// anyone else's, so ids do not leak).
func (s *Server) reportOf(r *http.Request) (*workforce.Employee, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	ctx := r.Context()
	me, err := s.workforce.FindEmployeeByUser(ctx, identity.PrincipalFrom(ctx).UserID)
	if err != nil {
		return nil, workforce.ErrEmployeeNotFound
	}
	e, err := s.workforce.FindEmployee(ctx, id)
	if err != nil {
		return nil, err
	}
	if e.Supervisor == nil || e.Supervisor.ID != me.ID {
		return nil, workforce.ErrEmployeeNotFound
	}
	return e, nil
}

// assessPage: GET /bawahan/{id}/percobaan — the probation of a CPNS
// report and the supervisor's assessment form.
func (s *Server) assessPage(w http.ResponseWriter, r *http.Request) error {
	d := assessData{Worthy: "layak"}
	if r.URL.Query().Get("ok") == "assessed" {
		d.Flash = T(langOf(r), "ob.flash.assessed")
	}
	return s.renderAssess(w, r, http.StatusOK, d)
}

func (s *Server) renderAssess(w http.ResponseWriter, r *http.Request, status int, d assessData) error {
	e, err := s.reportOf(r)
	if err != nil {
		return err
	}
	d.E = e
	if d.Probation, err = s.workforce.FindProbation(r.Context(), e.ID); err != nil {
		return err
	}
	return s.render(w, r, status, "probation_assess", "ob.assess.title", d)
}

// assessSubmit: POST /bawahan/{id}/percobaan — worthy (layak /
// tidak_layak), note → 303 to the page.
func (s *Server) assessSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	worthy, note := r.PostFormValue("worthy"), r.PostFormValue("note")
	err = s.workforce.AssessProbation(r.Context(), identity.PrincipalFrom(r.Context()).UserID, id,
		workforce.Assessment{Worthy: worthy == "layak", Note: note})
	if errors.Is(err, workforce.ErrEmployeeNotFound) {
		return err
	}
	if err != nil {
		fields, msg, status, hard := fieldsOf(r, err, "note")
		if hard != nil {
			return hard
		}
		return s.renderAssess(w, r, status, assessData{Worthy: worthy, Note: note, Fields: fields, Error: msg})
	}
	http.Redirect(w, r, "/bawahan/"+strconv.FormatInt(id, 10)+"/percobaan?ok=assessed", http.StatusSeeOther)
	return nil
}
