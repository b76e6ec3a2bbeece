package web

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"asnpro/internal/apperr"
	"asnpro/internal/identity"
	"asnpro/internal/verification"
	"asnpro/internal/workforce"
)

// Onboarding (pengangkatan, docs/WORKFORCE.md): the admin takes a
// period's placed candidates on as CPNS or PPPK; the admin or the
// committee records a withdrawal; the committee confirms a replacement.

func intakePath(id int64) string { return "/pengangkatan/" + strconv.FormatInt(id, 10) }

func candidatePath(period, app int64) string {
	return intakePath(period) + "/peserta/" + strconv.FormatInt(app, 10)
}

// committeePact refuses a committee member who is not an admin and has
// not signed the period's integrity pact (403): candidate data is behind it.
func (s *Server) committeePact(ctx context.Context, periodID int64) error {
	p := identity.PrincipalFrom(ctx)
	if p == nil || p.Has(Admin, Leader, Auditor) || !p.Has(Committee) {
		return nil
	}
	pact, err := s.ver.FindPact(ctx, p, periodID)
	if err != nil {
		return err
	}
	if pact == nil {
		return verification.ErrPactRequired
	}
	return nil
}

type intakesData struct {
	Periods      []workforce.IntakePeriod
	RemindersURL string
}

// intakesPage: GET /pengangkatan — the CPNS and PPPK periods with a
// published final list, and the way to the reminders.
func (s *Server) intakesPage(w http.ResponseWriter, r *http.Request) error {
	d := intakesData{}
	var err error
	if d.Periods, err = s.workforce.IntakePeriods(r.Context()); err != nil {
		return err
	}
	if s.may(identity.PrincipalFrom(r.Context()), "GET /pengingat") {
		d.RemindersURL = "/pengingat"
	}
	return s.render(w, r, http.StatusOK, "onboard_periods", "ob.periods.title", d)
}

// positionOption is a position offered on the onboarding form, with its unit.
type positionOption struct {
	ID       int64
	UnitID   int64
	Label    string
	Selected bool
}

// onboardForm is the onboarding form as typed.
type onboardForm struct {
	workforce.Onboard
	Supervisor string // a NIP or NI PPPK
	Formation  string // all of a formation
}

func (s *Server) positionOptions(ctx context.Context, units []*workforce.Unit, selected int64) ([]positionOption, error) {
	var out []positionOption
	for _, u := range units {
		ps, err := s.workforce.Positions(ctx, u.ID)
		if err != nil {
			return nil, err
		}
		for _, p := range ps {
			out = append(out, positionOption{ID: p.ID, UnitID: u.ID, Label: u.Code + " · " + p.Name, Selected: p.ID == selected})
		}
	}
	return out, nil
}

// readOnboardForm reads the onboarding form; a supervisor's number is
// looked up (422 on "supervisor" when nobody has it).
func (s *Server) readOnboardForm(r *http.Request) (onboardForm, error) {
	v := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	f := onboardForm{Onboard: workforce.Onboard{TMT: v("tmt"), Grade: v("grade"), ContractEnd: v("contract_end")},
		Supervisor: v("supervisor"), Formation: v("formation")}
	f.UnitID = int64(atoiOr(v("unit_id"), 0))
	f.PositionID = int64(atoiOr(v("position_id"), 0))
	if f.PositionID != 0 && f.UnitID == 0 {
		// The position names its unit.
		if ps, err := s.workforce.FindPosition(r.Context(), f.PositionID); err == nil {
			f.UnitID = ps.UnitID
		}
	}
	if f.Supervisor != "" {
		e, err := s.workforce.FindEmployeeByNumber(r.Context(), f.Supervisor)
		switch {
		case errors.Is(err, workforce.ErrEmployeeNotFound):
			return f, apperr.InvalidMsgs(map[string]apperr.Msg{"supervisor": apperr.M("workforce.supervisor_missing")})
		case err != nil:
			return f, err
		}
		f.SupervisorID = e.ID
	}
	return f, nil
}

var onboardInputs = []string{"tmt", "unit_id", "position_id", "supervisor", "grade", "contract_end", "formation"}

type intakeData struct {
	In         *workforce.Intake
	Formations []string // those with someone left to onboard
	Units      []*workforce.Unit
	Positions  []positionOption
	Form       onboardForm
	Fields     map[string]string
	Error      string
	Flash      string
	CanOnboard bool
	Back       string
}

var intakeFlashes = map[string]string{"formation": "ob.flash.formation"}

// intakePage: GET /pengangkatan/{id} — a period's placed candidates and
// where each stands; the admin's form that onboards a whole formation.
func (s *Server) intakePage(w http.ResponseWriter, r *http.Request) error {
	d := intakeData{}
	if k, ok := intakeFlashes[r.URL.Query().Get("ok")]; ok {
		d.Flash = T(langOf(r), k, "n", atoiOr(r.URL.Query().Get("n"), 0))
	}
	return s.renderIntake(w, r, http.StatusOK, d)
}

func (s *Server) renderIntake(w http.ResponseWriter, r *http.Request, status int, d intakeData) error {
	ctx := r.Context()
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := s.committeePact(ctx, id); err != nil {
		return err
	}
	if d.In, err = s.workforce.FindIntake(ctx, id); err != nil {
		return err
	}
	seen := map[string]bool{}
	for _, p := range d.In.Placed {
		if p.EmployeeID == 0 && p.Withdrawn == nil && !seen[p.FormationCode] {
			seen[p.FormationCode] = true
			d.Formations = append(d.Formations, p.FormationCode)
		}
	}
	d.CanOnboard = s.may(identity.PrincipalFrom(ctx), "POST /pengangkatan/{id}/formasi")
	if d.CanOnboard {
		if d.Units, err = s.workforce.FindUnits(ctx); err != nil {
			return err
		}
		if d.Positions, err = s.positionOptions(ctx, d.Units, d.Form.PositionID); err != nil {
			return err
		}
		if d.Form.TMT == "" {
			d.Form.TMT = d.In.Published
		}
	}
	d.Back = "/pengangkatan"
	return s.render(w, r, status, "onboard_period", "ob.period.title", d)
}

// intakeFormationSubmit: POST /pengangkatan/{id}/formasi — formation and
// the onboarding form → 303 to the period.
func (s *Server) intakeFormationSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	f, err := s.readOnboardForm(r)
	n := 0
	if err == nil {
		n, err = s.workforce.OnboardFormation(r.Context(), id, f.Formation, f.Onboard, identity.PrincipalFrom(r.Context()).UserID)
	}
	if err != nil {
		fields, msg, status, hard := fieldsOf(r, renameField(err, "supervisor_id", "supervisor"), onboardInputs...)
		if hard != nil {
			return hard
		}
		return s.renderIntake(w, r, status, intakeData{Form: f, Fields: fields, Error: msg})
	}
	http.Redirect(w, r, intakePath(id)+"?ok=formation&n="+strconv.Itoa(n), http.StatusSeeOther)
	return nil
}

type candidateData struct {
	In           *workforce.Intake
	P            workforce.Placed
	Replacement  *workforce.Replacement
	NoReplace    string // why no replacement is proposed
	Units        []*workforce.Unit
	Positions    []positionOption
	Form         onboardForm
	Reason, On   string
	Which        string // the form refused: onboard, withdraw, replace
	Fields       map[string]string
	Error        string
	Flash        string
	CanOnboard   bool
	CanWithdraw  bool
	CanReplace   bool
	EmployeeHref string
	Back         string
	Window       int // days after the TMT a replacement may still be taken
}

var candidateFlashes = map[string]string{"withdrawn": "ob.flash.withdrawn", "replaced": "ob.flash.replaced"}

// candidatePage: GET /pengangkatan/{id}/peserta/{app} — one placed
// candidate: the onboarding form, the withdrawal, the replacement.
func (s *Server) candidatePage(w http.ResponseWriter, r *http.Request) error {
	return s.renderCandidate(w, r, http.StatusOK, candidateData{Flash: candidateFlashes[r.URL.Query().Get("ok")]})
}

func (s *Server) renderCandidate(w http.ResponseWriter, r *http.Request, status int, d candidateData) error {
	ctx := r.Context()
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	app, err := pathID(r, "app")
	if err != nil {
		return err
	}
	if err := s.committeePact(ctx, id); err != nil {
		return err
	}
	if d.In, err = s.workforce.FindIntake(ctx, id); err != nil {
		return err
	}
	found := false
	for _, p := range d.In.Placed {
		if p.ApplicationID == app {
			d.P, found = p, true
		}
	}
	if !found { // not a placed candidate of this period: nothing to show
		return apperr.E(apperr.NotFound, "web.not_found")
	}
	p := identity.PrincipalFrom(ctx)
	if d.P.EmployeeID != 0 && s.may(p, "GET /pegawai/{id}") {
		d.EmployeeHref = employeePath(d.P.EmployeeID)
	}
	open := d.P.EmployeeID == 0 && d.P.Withdrawn == nil
	d.CanOnboard = open && s.may(p, "POST /pengangkatan/{id}/peserta/{app}")
	d.CanWithdraw = d.P.Withdrawn == nil && s.may(p, "POST /pengangkatan/{id}/peserta/{app}/mundur")
	if d.P.Withdrawn != nil && d.P.ReplacedBy == "" {
		d.Replacement, err = s.workforce.ProposeReplacement(ctx, id, app)
		if err != nil {
			ae := apperr.As(err)
			if ae == nil || ae.Code != apperr.FailedPrecondition {
				return err
			}
			d.NoReplace = ae.Localized(langOf(r))
		}
		d.CanReplace = d.Replacement != nil && s.may(p, "POST /pengangkatan/{id}/peserta/{app}/pengganti")
	}
	if d.CanOnboard {
		if d.Units, err = s.workforce.FindUnits(ctx); err != nil {
			return err
		}
		if d.Form.UnitID == 0 && d.Which == "" {
			for _, u := range d.Units {
				if strings.EqualFold(u.Name, d.P.Unit) || strings.EqualFold(u.Code, d.P.Unit) {
					d.Form.UnitID = u.ID
				}
			}
		}
		if d.Positions, err = s.positionOptions(ctx, d.Units, d.Form.PositionID); err != nil {
			return err
		}
		if d.Form.TMT == "" {
			d.Form.TMT = d.In.Published
		}
	}
	if d.On == "" {
		d.On = s.now().In(wib).Format("2006-01-02")
	}
	if d.Flash != "" {
		d.Flash = T(langOf(r), d.Flash)
	}
	d.Back, d.Window = intakePath(id), workforce.ReplacementWindowDays
	return s.render(w, r, status, "onboard_candidate", "ob.candidate.title", d)
}

// candidateIDs reads the period and application of a candidate's route.
func candidateIDs(r *http.Request) (int64, int64, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return 0, 0, err
	}
	app, err := pathID(r, "app")
	return id, app, err
}

// candidateOnboardSubmit: POST /pengangkatan/{id}/peserta/{app} — the
// onboarding form → 303 to the new employee.
func (s *Server) candidateOnboardSubmit(w http.ResponseWriter, r *http.Request) error {
	id, app, err := candidateIDs(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	f, err := s.readOnboardForm(r)
	var e *workforce.Employee
	if err == nil {
		e, err = s.workforce.OnboardCandidate(r.Context(), id, app, f.Onboard, identity.PrincipalFrom(r.Context()).UserID)
	}
	if errors.Is(err, workforce.ErrNotPlaced) {
		return err // 409: the page is only for placed candidates
	}
	if err != nil {
		fields, msg, status, hard := fieldsOf(r, renameField(err, "supervisor_id", "supervisor"), onboardInputs...)
		if hard != nil {
			return hard
		}
		return s.renderCandidate(w, r, status, candidateData{Which: "onboard", Form: f, Fields: fields, Error: msg})
	}
	http.Redirect(w, r, employeePath(e.ID)+"?ok=onboarded", http.StatusSeeOther)
	return nil
}

// candidateWithdrawSubmit: POST /pengangkatan/{id}/peserta/{app}/mundur —
// reason, withdrawn_on; asks first (irreversible) → 303 to the candidate.
func (s *Server) candidateWithdrawSubmit(w http.ResponseWriter, r *http.Request) error {
	id, app, err := candidateIDs(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	if err := s.committeePact(r.Context(), id); err != nil {
		return err
	}
	reason, on := r.PostFormValue("reason"), strings.TrimSpace(r.PostFormValue("withdrawn_on"))
	if ok, err := s.confirmed(w, r, confirmAsk{Title: "ob.withdraw.title", What: "ob.withdraw.confirm",
		Back: candidatePath(id, app)}); !ok || err != nil {
		return err
	}
	if err := s.workforce.Withdraw(r.Context(), id, app, reason, on, identity.PrincipalFrom(r.Context()).UserID); err != nil {
		if errors.Is(err, workforce.ErrNotPlaced) {
			return err
		}
		fields, msg, status, hard := fieldsOf(r, err, "reason", "withdrawn_on")
		if hard != nil {
			return hard
		}
		return s.renderCandidate(w, r, status, candidateData{Which: "withdraw", Reason: reason, On: on, Fields: fields, Error: msg})
	}
	http.Redirect(w, r, candidatePath(id, app)+"?ok=withdrawn", http.StatusSeeOther)
	return nil
}

// candidateReplaceSubmit: POST /pengangkatan/{id}/peserta/{app}/pengganti
// — confirms the proposed replacement (asks first) → 303 to the replacement.
func (s *Server) candidateReplaceSubmit(w http.ResponseWriter, r *http.Request) error {
	id, app, err := candidateIDs(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	if err := s.committeePact(r.Context(), id); err != nil {
		return err
	}
	if ok, err := s.confirmed(w, r, confirmAsk{Title: "ob.replace.title", What: "ob.replace.confirm",
		Back: candidatePath(id, app)}); !ok || err != nil {
		return err
	}
	rep, err := s.workforce.ConfirmReplacement(r.Context(), id, app, identity.PrincipalFrom(r.Context()).UserID)
	if errors.Is(err, workforce.ErrNotPlaced) {
		return err
	}
	if err != nil {
		_, msg, status, hard := fieldsOf(r, err)
		if hard != nil {
			return hard
		}
		return s.renderCandidate(w, r, status, candidateData{Which: "replace", Error: msg})
	}
	http.Redirect(w, r, candidatePath(id, rep.Candidate.ApplicationID)+"?ok=replaced", http.StatusSeeOther)
	return nil
}

type remindersData struct {
	Probation []workforce.Reminder
	Contracts []workforce.Reminder
	CanOpen   bool
	Soon      int
	Latsar    int
	Contract  int
}

// remindersPage: GET /pengingat — CPNS whose probation ends within 60
// days or whose Latsar is missing, PPPK contracts ending within 90 days.
func (s *Server) remindersPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	d := remindersData{Soon: workforce.ProbationSoonDays, Latsar: workforce.LatsarDueMonths, Contract: workforce.ContractSoonDays,
		CanOpen: s.may(identity.PrincipalFrom(ctx), "GET /pegawai/{id}")}
	var err error
	if d.Probation, err = s.workforce.ProbationReminders(ctx); err != nil {
		return err
	}
	if d.Contracts, err = s.workforce.ContractReminders(ctx); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "reminders", "ob.reminders.title", d)
}
