package workforce

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"
	"time"

	"asnpro/internal/apperr"
	"asnpro/internal/audit"
	"asnpro/internal/sqldb"
	"asnpro/internal/textcheck"
)

// Probation (masa percobaan) of a CPNS: one year from the TMT; Latsar
// once; the direct supervisor's assessment; then appointment as PNS or
// termination, each with the rule that decided it (DESIGN §6).

// Probation and reminder periods.
const (
	ProbationYears = 1
	// ProbationSoonDays: a probation ending within this many days is listed.
	ProbationSoonDays = 60
	// LatsarDueMonths: a CPNS without Latsar this many months after the TMT is listed.
	LatsarDueMonths = 6
	// ContractSoonDays: a PPPK contract ending within this many days, undecided, is listed.
	ContractSoonDays = 90
)

// Latsar modes.
var LatsarModes = []string{"klasikal", "blended", "daring"}

// Outcomes of a probation.
const (
	OutcomeAppointed  = "appointed"
	OutcomeTerminated = "terminated"
)

// Rules that decide a probation. Appointment needs all of the first four;
// termination names one of the last three.
const (
	RuleLatsarPassed       = "latsar_passed"
	RuleHealth             = "health"
	RuleProbationYear      = "probation_year"
	RuleAssessmentWorthy   = "assessment_worthy"
	RuleLatsarFailed       = "latsar_failed"
	RuleAssessmentUnworthy = "assessment_unworthy"
	RuleHealthUnfit        = "health_unfit"
)

// TerminationRules are the rules a termination may name.
var TerminationRules = []string{RuleLatsarFailed, RuleAssessmentUnworthy, RuleHealthUnfit}

// Errors of probation.
var (
	ErrNotCPNS        = apperr.E(apperr.FailedPrecondition, "probation.not_cpns")
	ErrLatsarRecorded = apperr.E(apperr.Conflict, "probation.latsar_recorded")
	ErrDecided        = apperr.E(apperr.Conflict, "probation.decided")
)

// ruleErrors: the named rule does not hold (409).
var ruleErrors = map[string]error{
	RuleLatsarPassed:       apperr.E(apperr.FailedPrecondition, "probation.rule.latsar_passed"),
	RuleHealth:             apperr.E(apperr.FailedPrecondition, "probation.rule.health"),
	RuleProbationYear:      apperr.E(apperr.FailedPrecondition, "probation.rule.probation_year"),
	RuleAssessmentWorthy:   apperr.E(apperr.FailedPrecondition, "probation.rule.assessment_worthy"),
	RuleLatsarFailed:       apperr.E(apperr.FailedPrecondition, "probation.rule.latsar_failed"),
	RuleAssessmentUnworthy: apperr.E(apperr.FailedPrecondition, "probation.rule.assessment_unworthy"),
}

func errRule(rule string) error { return ruleErrors[rule] }

// Latsar is a CPNS's basic training, recorded once.
type Latsar struct {
	Mode   string `json:"mode"`    // klasikal, blended, daring
	Hours  int    `json:"hours"`   // JP
	Passed bool   `json:"passed"`  // lulus / tidak lulus
	HeldOn string `json:"held_on"` // the day it ended, YYYY-MM-DD
}

// Assessment is a supervisor's probation assessment.
type Assessment struct {
	Worthy     bool   `json:"worthy"` // layak / tidak layak
	Note       string `json:"note"`
	Supervisor Person `json:"-"`
	At         time.Time
}

// Outcome ends a probation.
type Outcome struct {
	Outcome   string `json:"outcome"`    // appointed or terminated
	Rule      string `json:"rule"`       // termination: one of TerminationRules; appointment: "" (all hold)
	Health    string `json:"health"`     // the health statement (number and issuer) for an appointment
	DecidedOn string `json:"decided_on"` // YYYY-MM-DD
	Note      string `json:"note"`
}

// Probation is where a CPNS's probation stands.
type Probation struct {
	TMT        string
	Ends       string // TMT + 1 year, YYYY-MM-DD
	Latsar     *Latsar
	Assessment *Assessment
	Outcome    *Outcome
	// Missing are the appointment's rules not met today (RuleLatsarPassed,
	// RuleProbationYear, RuleAssessmentWorthy; the health statement is given
	// with the decision).
	Missing []string
}

// probationEnd is the day a probation from tmt completes ("" without a TMT).
func probationEnd(tmt string) string {
	t, err := time.Parse(time.DateOnly, tmt)
	if err != nil {
		return ""
	}
	return t.AddDate(ProbationYears, 0, 0).Format(time.DateOnly)
}

// FindProbation returns an employee's probation; nil for one who was
// never a CPNS in this system (a PPPK; a PNS without TMT). Errors:
// not_found.
func (s *Service) FindProbation(ctx context.Context, id int64) (*Probation, error) {
	e, err := s.FindEmployee(ctx, id)
	if err != nil {
		return nil, err
	}
	return findProbation(ctx, s.db.R, e, s.now())
}

func findProbation(ctx context.Context, q querier, e *Employee, now time.Time) (*Probation, error) {
	if e.Kind != KindPNS || e.TMT == "" {
		return nil, nil
	}
	p := &Probation{TMT: e.TMT, Ends: probationEnd(e.TMT)}
	var l Latsar
	err := q.QueryRowContext(ctx, `SELECT mode, hours, passed, held_on FROM latsar WHERE employee_id = $1`, e.ID).
		Scan(&l.Mode, &l.Hours, &l.Passed, &l.HeldOn)
	switch {
	case err == nil:
		p.Latsar = &l
	case !errors.Is(err, sql.ErrNoRows):
		return nil, sqldb.Translate(err, "find latsar")
	}
	var a Assessment
	// Joins across parts: users, for the supervisor's username.
	err = q.QueryRowContext(ctx, `SELECT pa.worthy, pa.note, pa.assessed_at, s.id, s.name, COALESCE(u.username, '')
FROM probation_assessments pa JOIN employees s ON s.id = pa.supervisor_id LEFT JOIN users u ON u.id = s.user_id
WHERE pa.employee_id = $1 ORDER BY pa.id DESC LIMIT 1`, e.ID).Scan(&a.Worthy, &a.Note, &a.At, &a.Supervisor.ID, &a.Supervisor.Name,
		&a.Supervisor.Username)
	switch {
	case err == nil:
		p.Assessment = &a
	case !errors.Is(err, sql.ErrNoRows):
		return nil, sqldb.Translate(err, "find assessment")
	}
	var o Outcome
	err = q.QueryRowContext(ctx, `SELECT outcome, rule, health, decided_on, note FROM probation_outcomes WHERE employee_id = $1`, e.ID).
		Scan(&o.Outcome, &o.Rule, &o.Health, &o.DecidedOn, &o.Note)
	switch {
	case err == nil:
		p.Outcome = &o
	case !errors.Is(err, sql.ErrNoRows):
		return nil, sqldb.Translate(err, "find outcome")
	}
	if p.Outcome == nil && e.Status == StatusCPNS {
		p.Missing = p.missing(now.In(wib).Format(time.DateOnly))
	}
	if p.Outcome == nil && e.Status != StatusCPNS && p.Latsar == nil && p.Assessment == nil {
		return nil, nil // appointed before this system kept probations
	}
	return p, nil
}

// missing lists the appointment's rules that do not hold on day.
func (p *Probation) missing(day string) []string {
	var out []string
	if p.Latsar == nil || !p.Latsar.Passed {
		out = append(out, RuleLatsarPassed)
	}
	if day < p.Ends {
		out = append(out, RuleProbationYear)
	}
	if p.Assessment == nil || !p.Assessment.Worthy {
		out = append(out, RuleAssessmentWorthy)
	}
	return out
}

// cpns finds an employee in tx who is a CPNS in probation. Errors:
// not_found, failed_precondition (not a CPNS: a PPPK, appointed,
// stopped; or no TMT).
func cpns(ctx context.Context, tx *sqldb.Tx, id int64) (*Employee, error) {
	e, err := findEmployee(ctx, tx, "e.id = $1", id)
	if err != nil {
		return nil, err
	}
	if e.Kind != KindPNS || e.Status != StatusCPNS || e.TMT == "" {
		return nil, ErrNotCPNS
	}
	return e, nil
}

// RecordLatsar records a CPNS's Latsar, once, and records latsar.record.
// Errors: not_found, invalid (mode; hours 1–1000; held_on: a date not in
// the future nor before the TMT), failed_precondition (not a CPNS),
// conflict (a Latsar is recorded already: it is taken once).
func (s *Service) RecordLatsar(ctx context.Context, id int64, l Latsar, by int64) error {
	now := s.now()
	f := map[string]apperr.Msg{}
	l.Mode = strings.ToLower(strings.TrimSpace(l.Mode))
	if !slices.Contains(LatsarModes, l.Mode) {
		f["mode"] = apperr.M("probation.mode")
	}
	if l.Hours < 1 || l.Hours > 1000 {
		f["hours"] = apperr.M("probation.hours")
	}
	l.HeldOn = strings.TrimSpace(l.HeldOn)
	checkPastDate(f, "held_on", l.HeldOn, now)
	if len(f) > 0 {
		return apperr.InvalidMsgs(f)
	}
	return s.db.Write(ctx, func(tx *sqldb.Tx) error {
		e, err := findEmployee(ctx, tx, "e.id = $1", id)
		if err != nil {
			return err
		}
		if e.TMT != "" && l.HeldOn < e.TMT {
			return invalid("held_on", "probation.before_tmt", "date", e.TMT)
		}
		if _, err := cpns(ctx, tx, id); err != nil {
			return err
		}
		at := sqldb.Now(now)
		_, err = tx.ExecContext(ctx, `INSERT INTO latsar (employee_id, mode, hours, passed, held_on, recorded_by, recorded_at)
VALUES ($1, $2, $3, $4, $5, $6, $7)`, id, l.Mode, l.Hours, l.Passed, l.HeldOn, nullID(by), at)
		if sqldb.IsUnique(err) {
			return ErrLatsarRecorded
		}
		if err != nil {
			return sqldb.Translate(err, "insert latsar")
		}
		return s.record(ctx, tx, audit.Event{At: at, Action: "latsar.record", ObjectType: "employee", ObjectID: idText(id),
			Data: map[string]any{"mode": l.Mode, "hours": l.Hours, "passed": l.Passed, "held_on": l.HeldOn}})
	})
}

// AssessProbation records the probation assessment of a CPNS by the user
// who is, as an employee, their current direct supervisor (acting
// included), and records probation.assess. A later assessment replaces
// an earlier one. Errors: not_found (no such employee, or the user is not
// their current supervisor: ids do not leak), invalid ("note": required,
// at most 2,000 characters), failed_precondition (not a CPNS).
func (s *Service) AssessProbation(ctx context.Context, userID, id int64, a Assessment) error {
	f := map[string]apperr.Msg{}
	if textcheck.FieldMsg(f, "note", &a.Note, textcheck.Multiline) && (a.Note == "" || len([]rune(a.Note)) > 2000) {
		f["note"] = apperr.M("probation.note")
	}
	return s.db.Write(ctx, func(tx *sqldb.Tx) error {
		sup, err := findEmployee(ctx, tx, "e.user_id = $1", userID)
		if err != nil {
			return ErrEmployeeNotFound
		}
		e, err := findEmployee(ctx, tx, "e.id = $1", id)
		if err != nil {
			return err
		}
		if e.Supervisor == nil || e.Supervisor.ID != sup.ID {
			return ErrEmployeeNotFound
		}
		if len(f) > 0 {
			return apperr.InvalidMsgs(f)
		}
		if e.Kind != KindPNS || e.Status != StatusCPNS || e.TMT == "" {
			return ErrNotCPNS
		}
		at := sqldb.Now(s.now())
		if _, err := tx.ExecContext(ctx, `INSERT INTO probation_assessments (employee_id, supervisor_id, worthy, note, assessed_at)
VALUES ($1, $2, $3, $4, $5)`, id, sup.ID, a.Worthy, a.Note, at); err != nil {
			return sqldb.Translate(err, "insert assessment")
		}
		return s.record(ctx, tx, audit.Event{At: at, Action: "probation.assess", ObjectType: "employee", ObjectID: idText(id),
			Data: map[string]any{"supervisor": idText(sup.ID), "worthy": a.Worthy, "note": a.Note}})
	})
}

// DecideProbation ends a CPNS's probation and records probation.decide.
// Appointed (status aktif, a PNS): needs a passed Latsar, a health
// statement, the probation year completed on decided_on, and the current
// supervisor's latest assessment layak; otherwise 409 naming the first
// rule that fails. Terminated (status berhenti): the rule must hold —
// latsar_failed (a Latsar recorded not passed), assessment_unworthy (the
// latest assessment tidak layak), health_unfit (a note saying why).
// Errors: not_found, invalid (outcome, rule, decided_on, health, note),
// failed_precondition (not a CPNS; the rule), conflict (decided already).
func (s *Service) DecideProbation(ctx context.Context, id int64, o Outcome, by int64) error {
	now := s.now()
	f := map[string]apperr.Msg{}
	o.DecidedOn = strings.TrimSpace(o.DecidedOn)
	checkPastDate(f, "decided_on", o.DecidedOn, now)
	textcheck.FieldMsg(f, "health", &o.Health, textcheck.Line)
	if textcheck.FieldMsg(f, "note", &o.Note, textcheck.Multiline) && len([]rune(o.Note)) > 2000 {
		f["note"] = apperr.M("probation.note")
	}
	switch o.Outcome {
	case OutcomeAppointed:
		o.Rule = ""
		if o.Health == "" && f["health"].Key == "" {
			f["health"] = apperr.M("probation.rule.health")
		}
	case OutcomeTerminated:
		if !slices.Contains(TerminationRules, o.Rule) {
			f["rule"] = apperr.M("probation.rule")
		} else if o.Rule == RuleHealthUnfit && o.Note == "" && f["note"].Key == "" {
			f["note"] = apperr.M("probation.note")
		}
	default:
		f["outcome"] = apperr.M("probation.outcome")
	}
	if len(f) > 0 {
		return apperr.InvalidMsgs(f)
	}
	return s.db.Write(ctx, func(tx *sqldb.Tx) error {
		e, err := findEmployee(ctx, tx, "e.id = $1", id)
		if err != nil {
			return err
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM probation_outcomes WHERE employee_id = $1`, id).Scan(&n); err != nil {
			return sqldb.Translate(err, "find outcome")
		}
		if n > 0 {
			return ErrDecided
		}
		if e.Kind != KindPNS || e.Status != StatusCPNS || e.TMT == "" {
			return ErrNotCPNS
		}
		p, err := findProbation(ctx, tx, e, now)
		if err != nil {
			return err
		}
		if err := p.allows(o); err != nil {
			return err
		}
		status := StatusActive
		if o.Outcome == OutcomeTerminated {
			status = StatusStopped
		}
		at := sqldb.Now(now)
		if _, err := tx.ExecContext(ctx, `INSERT INTO probation_outcomes (employee_id, outcome, rule, health, decided_on, note, decided_by,
  recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, id, o.Outcome, o.Rule, o.Health, o.DecidedOn, o.Note, nullID(by), at); err != nil {
			return sqldb.Translate(err, "insert outcome")
		}
		if _, err := tx.ExecContext(ctx, `UPDATE employees SET status = $1, updated_at = $2 WHERE id = $3`, status, at, id); err != nil {
			return sqldb.Translate(err, "set status")
		}
		return s.record(ctx, tx, audit.Event{At: at, Action: "probation.decide", ObjectType: "employee", ObjectID: idText(id),
			Data: map[string]any{"outcome": o.Outcome, "rule": o.Rule, "health": o.Health, "decided_on": o.DecidedOn, "note": o.Note,
				"status": status}})
	})
}

// allows checks that the facts of p support the outcome o.
func (p *Probation) allows(o Outcome) error {
	if o.Outcome == OutcomeAppointed {
		if m := p.missing(o.DecidedOn); len(m) > 0 {
			return errRule(m[0])
		}
		return nil
	}
	switch o.Rule {
	case RuleLatsarFailed:
		if p.Latsar == nil || p.Latsar.Passed {
			return errRule(RuleLatsarFailed)
		}
	case RuleAssessmentUnworthy:
		if p.Assessment == nil || p.Assessment.Worthy {
			return errRule(RuleAssessmentUnworthy)
		}
	}
	return nil
}

// Reminder is a CPNS whose probation needs attention, or a PPPK whose
// contract ends soon.
type Reminder struct {
	Employee Person
	Unit     string
	TMT      string
	Due      string   // the probation's or the contract's end
	Reasons  []string // probation_ends, latsar_missing; contract_ends
	Contract int64    // the contract's ID (a PPPK)
}

// ProbationReminders lists the CPNS (status cpns, undecided) whose
// probation ends within ProbationSoonDays (or has ended), or who have no
// Latsar LatsarDueMonths after their TMT, by the probation's end.
func (s *Service) ProbationReminders(ctx context.Context) ([]Reminder, error) {
	today := s.now().In(wib)
	soon := today.AddDate(0, 0, ProbationSoonDays).Format(time.DateOnly)
	latsarBy := today.AddDate(0, -LatsarDueMonths, 0).Format(time.DateOnly)
	var out []Reminder
	// Joins across parts: users, for the employee's username.
	err := sqldb.RunQuery(ctx, s.db.R, `SELECT e.id, e.name, COALESCE(u.username, ''), o.name, e.tmt,
  (SELECT count(*) FROM latsar l WHERE l.employee_id = e.id)
FROM employees e JOIN org_units o ON o.id = e.unit_id LEFT JOIN users u ON u.id = e.user_id
WHERE e.kind = 'pns' AND e.status = 'cpns' AND e.tmt <> ''
  AND NOT EXISTS (SELECT 1 FROM probation_outcomes po WHERE po.employee_id = e.id)
ORDER BY e.tmt, e.name, e.id`, func(r *sql.Rows) error {
		var m Reminder
		var latsar int
		if err := r.Scan(&m.Employee.ID, &m.Employee.Name, &m.Employee.Username, &m.Unit, &m.TMT, &latsar); err != nil {
			return err
		}
		m.Due = probationEnd(m.TMT)
		if m.Due <= soon {
			m.Reasons = append(m.Reasons, "probation_ends")
		}
		if latsar == 0 && m.TMT <= latsarBy {
			m.Reasons = append(m.Reasons, "latsar_missing")
		}
		if len(m.Reasons) > 0 {
			out = append(out, m)
		}
		return nil
	})
	return out, sqldb.Translate(err, "probation reminders")
}
