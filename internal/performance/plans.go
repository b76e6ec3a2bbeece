package performance

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"time"

	"asnpro/internal/apperr"
	"asnpro/internal/sqldb"
	"asnpro/internal/textcheck"
	"asnpro/internal/workforce"
)

// Statuses of a plan.
const (
	StatusDraft     = "draft"     // the employee writes it (again, after a return or a reopening)
	StatusSubmitted = "submitted" // waiting for the supervisor
	StatusApproved  = "approved"  // agreed; evaluated through the year
)

// Person is an employee as a reference.
type Person = workforce.Person

// Result is a planned result (rencana hasil kerja) with its indicator and
// target, linked to a result of the supervisor's plan (ParentID, 0: none).
type Result struct {
	ID         int64
	Text       string
	Indicator  string
	Target     string
	ParentID   int64
	ParentText string
}

// HistoryEntry is one step of a plan's history.
type HistoryEntry struct {
	Action  string // submit, return, approve, reopen, handover
	Comment string
	By      string // the user's name
	At      time.Time
}

// Note is evidence for a result, feedback, or a check-in.
type Note struct {
	ID       int64
	Kind     string // evidence, feedback, checkin
	ResultID int64
	Text     string
	Link     string
	File     *NoteFile // evidence: the file, when one was given
	By       string
	At       time.Time
}

// NoteFile is an evidence file: a PDF or JPEG kept by its SHA-256.
type NoteFile struct {
	SHA256, ContentType, Name string
}

// Note kinds.
const (
	NoteEvidence = "evidence"
	NoteFeedback = "feedback"
	NoteCheckin  = "checkin"
)

// NoteKinds lists the kinds of note.
var NoteKinds = []string{NoteEvidence, NoteFeedback, NoteCheckin}

// Plan is an employee's SKP of a year.
type Plan struct {
	ID             int64
	Year           int
	Cadence        string
	Status         string
	UnitID         int64
	UnitName       string
	Employee       Person
	EmployeeUserID int64
	Supervisor     *Person // the supervisor who holds the plan
	Expectations   map[string]string
	ApprovedAt     *time.Time
	Results        []Result
	History        []HistoryEntry
	Notes          []Note
	Evaluations    []*Evaluation
}

// Access is what a viewer may do with a plan.
type Access struct {
	Owner      bool // the employee
	Supervisor bool // the employee's current direct supervisor
	Superior   bool // the supervisor's own supervisor
	Head       bool // the head of the plan's unit
	Reader     bool // admin, leader, auditor
}

// See reports whether the viewer may see the plan at all.
func (a Access) See() bool { return a.Owner || a.Supervisor || a.Superior || a.Head || a.Reader }

// Joins across parts: employees and users (workforce, identity), for names.
const planColumns = `p.id, p.year, p.cadence, p.status, p.unit_id, u.name, e.id, e.name, COALESCE(eu.username, ''),
  COALESCE(e.user_id, 0), COALESCE(s.id, 0), COALESCE(s.name, ''), COALESCE(su.username, ''), p.expectations, p.approved_at`

const planFrom = ` FROM skp_plans p JOIN employees e ON e.id = p.employee_id JOIN org_units u ON u.id = p.unit_id
  LEFT JOIN users eu ON eu.id = e.user_id LEFT JOIN employees s ON s.id = p.supervisor_id LEFT JOIN users su ON su.id = s.user_id`

func scanPlan(r scanner) (*Plan, error) {
	var p Plan
	var sup Person
	var exp string
	var approved sql.NullTime
	err := r.Scan(&p.ID, &p.Year, &p.Cadence, &p.Status, &p.UnitID, &p.UnitName, &p.Employee.ID, &p.Employee.Name,
		&p.Employee.Username, &p.EmployeeUserID, &sup.ID, &sup.Name, &sup.Username, &exp, &approved)
	if err != nil {
		return nil, err
	}
	if sup.ID != 0 {
		p.Supervisor = &sup
	}
	if approved.Valid {
		t := approved.Time
		p.ApprovedAt = &t
	}
	p.Expectations = map[string]string{}
	_ = json.Unmarshal([]byte(exp), &p.Expectations)
	return &p, nil
}

func findPlan(ctx context.Context, q querier, id int64) (*Plan, error) {
	p, err := scanPlan(q.QueryRowContext(ctx, `SELECT `+planColumns+planFrom+` WHERE p.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrPlanNotFound
	}
	return p, sqldb.Translate(err, "find plan")
}

// access is what v may do with p.
func (s *Service) access(ctx context.Context, v Viewer, p *Plan) (Access, error) {
	a := Access{Owner: p.EmployeeUserID != 0 && p.EmployeeUserID == v.UserID, Reader: v.ReadAll}
	me, err := s.me(ctx, v)
	if err != nil || me == nil {
		return a, err
	}
	emp, err := s.staff.FindEmployee(ctx, p.Employee.ID)
	if err != nil {
		return a, err
	}
	if emp.Supervisor != nil {
		a.Supervisor = emp.Supervisor.ID == me.ID
		sup, err := s.staff.FindEmployee(ctx, emp.Supervisor.ID)
		if err != nil {
			return a, err
		}
		a.Superior = sup.Supervisor != nil && sup.Supervisor.ID == me.ID
	}
	u, err := s.staff.FindUnit(ctx, p.UnitID)
	if err != nil {
		return a, err
	}
	a.Head = u.HeadID != 0 && u.HeadID == me.ID
	return a, nil
}

// seePlan finds a plan v may see with what v may do. Errors: not_found.
func (s *Service) seePlan(ctx context.Context, v Viewer, id int64) (*Plan, Access, error) {
	p, err := findPlan(ctx, s.db.R, id)
	if err != nil {
		return nil, Access{}, err
	}
	a, err := s.access(ctx, v, p)
	if err != nil {
		return nil, a, err
	}
	if !a.See() {
		return nil, a, ErrPlanNotFound
	}
	return p, a, nil
}

// FindPlan returns a plan v may see with its results, history, notes and
// evaluations, and what v may do with it. Errors: not_found.
func (s *Service) FindPlan(ctx context.Context, v Viewer, id int64) (*Plan, Access, error) {
	p, a, err := s.seePlan(ctx, v, id)
	if err != nil {
		return nil, a, err
	}
	if err := s.attach(ctx, p); err != nil {
		return nil, a, err
	}
	return p, a, nil
}

// attach loads a plan's results, history, notes and evaluations.
func (s *Service) attach(ctx context.Context, p *Plan) error {
	q := s.db.R
	err := sqldb.RunQuery(ctx, q, `SELECT r.id, r.text, r.indicator, r.target, COALESCE(r.parent_id, 0), COALESCE(pr.text, '')
FROM skp_results r LEFT JOIN skp_results pr ON pr.id = r.parent_id WHERE r.plan_id = $1 ORDER BY r.position, r.id`,
		func(rows *sql.Rows) error {
			var r Result
			err := rows.Scan(&r.ID, &r.Text, &r.Indicator, &r.Target, &r.ParentID, &r.ParentText)
			p.Results = append(p.Results, r)
			return err
		}, p.ID)
	if err != nil {
		return sqldb.Translate(err, "plan results")
	}
	// Joins across parts: users, for who wrote.
	err = sqldb.RunQuery(ctx, q, `SELECT h.action, h.comment, COALESCE(u.name, ''), h.at FROM skp_history h
LEFT JOIN users u ON u.id = h.by_user WHERE h.plan_id = $1 ORDER BY h.id`, func(rows *sql.Rows) error {
		var h HistoryEntry
		err := rows.Scan(&h.Action, &h.Comment, &h.By, &h.At)
		p.History = append(p.History, h)
		return err
	}, p.ID)
	if err != nil {
		return sqldb.Translate(err, "plan history")
	}
	err = sqldb.RunQuery(ctx, q, `SELECT n.id, n.kind, COALESCE(n.result_id, 0), n.text, n.link, n.file_sha256, n.file_type, n.file_name,
  COALESCE(u.name, ''), n.at FROM skp_notes n LEFT JOIN users u ON u.id = n.by_user WHERE n.plan_id = $1 ORDER BY n.id`,
		func(rows *sql.Rows) error {
			var n Note
			var f NoteFile
			err := rows.Scan(&n.ID, &n.Kind, &n.ResultID, &n.Text, &n.Link, &f.SHA256, &f.ContentType, &f.Name, &n.By, &n.At)
			if f.SHA256 != "" {
				n.File = &f
			}
			p.Notes = append(p.Notes, n)
			return err
		}, p.ID)
	if err != nil {
		return sqldb.Translate(err, "plan notes")
	}
	p.Evaluations, err = evaluationsOf(ctx, q, p.ID)
	return err
}

// PlanFilter selects plans of a year.
type PlanFilter struct {
	Year          int
	Limit, Offset int // Limit 0: 50
}

// FindPlans lists the plans of a year v may see (all for a reader; else
// their own and their direct reports'), by employee name, with the total.
func (s *Service) FindPlans(ctx context.Context, v Viewer, f PlanFilter) ([]*Plan, int, error) {
	if f.Limit <= 0 {
		f.Limit = 50
	}
	var myID int64
	if !v.ReadAll {
		me, err := s.me(ctx, v)
		if err != nil {
			return nil, 0, err
		}
		if me != nil {
			myID = me.ID
		}
	}
	// Joins across parts: the employees' current supervisor (workforce).
	where := ` WHERE p.year = $1 AND ($2 OR e.user_id = $3 OR (e.supervisor_id = $4 AND $4 <> 0))`
	args := []any{f.Year, v.ReadAll, v.UserID, myID}
	var total int
	if err := s.db.R.QueryRowContext(ctx, `SELECT count(*)`+planFrom+where, args...).Scan(&total); err != nil {
		return nil, 0, sqldb.Translate(err, "count plans")
	}
	var out []*Plan
	err := sqldb.RunQuery(ctx, s.db.R, `SELECT `+planColumns+planFrom+where+` ORDER BY e.name, p.id LIMIT $5 OFFSET $6`,
		func(rows *sql.Rows) error {
			p, err := scanPlan(rows)
			out = append(out, p)
			return err
		}, append(args, f.Limit, f.Offset)...)
	return out, total, sqldb.Translate(err, "find plans")
}

// MyPlans lists the viewer's own plans, newest year first.
func (s *Service) MyPlans(ctx context.Context, v Viewer) ([]*Plan, error) {
	var out []*Plan
	err := sqldb.RunQuery(ctx, s.db.R, `SELECT `+planColumns+planFrom+` WHERE e.user_id = $1 ORDER BY p.year DESC`,
		func(rows *sql.Rows) error {
			p, err := scanPlan(rows)
			out = append(out, p)
			return err
		}, v.UserID)
	return out, sqldb.Translate(err, "my plans")
}

// TeamPlans lists the plans of a year of the viewer's direct reports, and
// the reports without a plan that year.
func (s *Service) TeamPlans(ctx context.Context, v Viewer, year int) ([]*Plan, []*workforce.Employee, error) {
	me, err := s.me(ctx, v)
	if err != nil || me == nil {
		return nil, nil, err
	}
	reports, _, err := s.staff.FindEmployees(ctx, workforce.Filter{SupervisorID: me.ID, Limit: 500})
	if err != nil {
		return nil, nil, err
	}
	var plans []*Plan
	err = sqldb.RunQuery(ctx, s.db.R, `SELECT `+planColumns+planFrom+` WHERE p.year = $1 AND e.supervisor_id = $2 ORDER BY e.name`,
		func(rows *sql.Rows) error {
			p, err := scanPlan(rows)
			plans = append(plans, p)
			return err
		}, year, me.ID)
	if err != nil {
		return nil, nil, sqldb.Translate(err, "team plans")
	}
	var without []*workforce.Employee
	for _, e := range reports {
		if !slices.ContainsFunc(plans, func(p *Plan) bool { return p.Employee.ID == e.ID }) && e.Status != workforce.StatusStopped {
			without = append(without, e)
		}
	}
	return plans, without, nil
}

// CreatePlan starts the viewer's own plan of a year as a draft, held by
// their current supervisor in their current unit, and records skp.create.
// Errors: not_found (the account is no employee), invalid (year: last
// year, this year or next; cadence), conflict (a plan of that year exists).
func (s *Service) CreatePlan(ctx context.Context, v Viewer, year int, cadence string) (*Plan, error) {
	now := s.now()
	me, err := s.me(ctx, v)
	if err != nil {
		return nil, err
	}
	if me == nil {
		return nil, ErrNotEmployee
	}
	return s.createPlan(ctx, me, year, cadence, v.UserID, now)
}

func (s *Service) createPlan(ctx context.Context, e *workforce.Employee, year int, cadence string, by int64,
	now time.Time) (*Plan, error) {
	f := map[string]apperr.Msg{}
	y := now.In(wib).Year()
	if year < y-1 || year > y+1 {
		f["year"] = apperr.M("skp.year", "from", y-1, "to", y+1)
	}
	if cadence == "" {
		cadence = Quarterly
	}
	if !slices.Contains(Cadences, cadence) {
		f["cadence"] = apperr.M("skp.cadence")
	}
	if len(f) > 0 {
		return nil, apperr.InvalidMsgs(f)
	}
	var sup int64
	if e.Supervisor != nil {
		sup = e.Supervisor.ID
	}
	var id int64
	err := s.db.Write(ctx, func(tx *sqldb.Tx) error {
		at := sqldb.Now(now)
		err := tx.QueryRowContext(ctx, `INSERT INTO skp_plans (employee_id, year, cadence, status, supervisor_id, unit_id, created_at, updated_at)
VALUES ($1, $2, $3, 'draft', $4, $5, $6, $6) RETURNING id`, e.ID, year, cadence, nullID(sup), e.Unit.ID, at).Scan(&id)
		if sqldb.IsUnique(err) {
			return ErrPlanExists
		}
		if err != nil {
			return sqldb.Translate(err, "insert plan")
		}
		return s.record(ctx, tx, at, "skp.create", "skp", id, map[string]any{"employee": idText(e.ID), "year": year,
			"cadence": cadence, "supervisor": idText(sup), "by": idText(by)})
	})
	if err != nil {
		return nil, err
	}
	return findPlan(ctx, s.db.R, id)
}

// ResultInput is a planned result as typed.
type ResultInput struct {
	Text, Indicator, Target string
	ParentID                int64 // a result of the supervisor's plan of the same year
}

// AddResult adds a result to the viewer's own draft plan and records
// skp.result. Errors: not_found, forbidden (not the plan's employee),
// invalid (text, indicator, target: required, at most 500 characters;
// parent_id: not a result of the supervisor's plan of the year, or missing
// when that plan has results), conflict (the plan is submitted or approved:
// reopen it first).
func (s *Service) AddResult(ctx context.Context, v Viewer, planID int64, in ResultInput) error {
	p, a, err := s.seePlan(ctx, v, planID)
	if err != nil {
		return err
	}
	if !a.Owner {
		return ErrNotOwner
	}
	f := map[string]apperr.Msg{}
	for _, fl := range []struct {
		name string
		v    *string
	}{{"text", &in.Text}, {"indicator", &in.Indicator}, {"target", &in.Target}} {
		if textcheck.FieldMsg(f, fl.name, fl.v, textcheck.Line) && (*fl.v == "" || len([]rune(*fl.v)) > 500) {
			f[fl.name] = apperr.M("skp.required", "max", 500)
		}
	}
	if len(f) > 0 {
		return apperr.InvalidMsgs(f)
	}
	return s.db.Write(ctx, func(tx *sqldb.Tx) error {
		var status string
		if err := tx.QueryRowContext(ctx, `SELECT status FROM skp_plans WHERE id = $1`, p.ID).Scan(&status); err != nil {
			return sqldb.Translate(err, "plan status")
		}
		if status == StatusApproved {
			return ErrApproved
		}
		if status != StatusDraft {
			return ErrNotDraft
		}
		if err := checkParent(ctx, tx, p, in.ParentID); err != nil {
			return err
		}
		at := sqldb.Now(s.now())
		var id int64
		err := tx.QueryRowContext(ctx, `INSERT INTO skp_results (plan_id, position, text, indicator, target, parent_id)
VALUES ($1, (SELECT COALESCE(max(position), 0) + 1 FROM skp_results WHERE plan_id = $1), $2, $3, $4, $5) RETURNING id`,
			p.ID, in.Text, in.Indicator, in.Target, nullID(in.ParentID)).Scan(&id)
		if err != nil {
			return sqldb.Translate(err, "insert result")
		}
		return s.record(ctx, tx, at, "skp.result", "skp", p.ID, map[string]any{"result": idText(id), "text": in.Text,
			"indicator": in.Indicator, "target": in.Target, "parent": idText(in.ParentID)})
	})
}

// checkParent: the cascade. A result links to one of the supervisor's own
// plan of the year; when that plan has results, the link is required.
func checkParent(ctx context.Context, tx *sqldb.Tx, p *Plan, parent int64) error {
	if p.Supervisor == nil {
		return nil
	}
	var n, match int
	err := tx.QueryRowContext(ctx, `SELECT count(*), COALESCE(sum(CASE WHEN r.id = $3 THEN 1 ELSE 0 END), 0)
FROM skp_results r JOIN skp_plans sp ON sp.id = r.plan_id WHERE sp.employee_id = $1 AND sp.year = $2`,
		p.Supervisor.ID, p.Year, parent).Scan(&n, &match)
	if err != nil {
		return sqldb.Translate(err, "cascade")
	}
	switch {
	case parent != 0 && match == 0:
		return invalid("parent_id", "skp.parent")
	case parent == 0 && n > 0:
		return invalid("parent_id", "skp.parent_required")
	}
	return nil
}

// ParentResults are the results of the plan supervisor's own plan of the
// year, which the plan's results cascade from.
func (s *Service) ParentResults(ctx context.Context, p *Plan) ([]Result, error) {
	if p.Supervisor == nil {
		return nil, nil
	}
	var out []Result
	err := sqldb.RunQuery(ctx, s.db.R, `SELECT r.id, r.text, r.indicator, r.target FROM skp_results r
JOIN skp_plans sp ON sp.id = r.plan_id WHERE sp.employee_id = $1 AND sp.year = $2 ORDER BY r.position, r.id`,
		func(rows *sql.Rows) error {
			var r Result
			err := rows.Scan(&r.ID, &r.Text, &r.Indicator, &r.Target)
			out = append(out, r)
			return err
		}, p.Supervisor.ID, p.Year)
	return out, sqldb.Translate(err, "parent results")
}

// step changes a plan's status from one to another in tx, with its history
// and audit event.
func (s *Service) step(ctx context.Context, tx *sqldb.Tx, p *Plan, from, to, action, comment string, by int64,
	extra map[string]any) error {
	var status string
	if err := tx.QueryRowContext(ctx, `SELECT status FROM skp_plans WHERE id = $1`, p.ID).Scan(&status); err != nil {
		return sqldb.Translate(err, "plan status")
	}
	if status != from {
		switch from {
		case StatusDraft:
			if status == StatusApproved {
				return ErrApproved
			}
			return ErrNotDraft
		case StatusSubmitted:
			return ErrNotSubmitted
		}
		return ErrNotApproved
	}
	at := sqldb.Now(s.now())
	var approved any
	if to == StatusApproved {
		approved = at
	}
	if _, err := tx.ExecContext(ctx, `UPDATE skp_plans SET status = $1, updated_at = $2, approved_at = $3 WHERE id = $4`,
		to, at, approved, p.ID); err != nil {
		return sqldb.Translate(err, "plan step")
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO skp_history (plan_id, action, comment, by_user, at) VALUES ($1, $2, $3, $4, $5)`,
		p.ID, action, comment, nullID(by), at); err != nil {
		return sqldb.Translate(err, "plan history")
	}
	data := map[string]any{"from": from, "to": to, "comment": comment}
	for k, v := range extra {
		data[k] = v
	}
	return s.record(ctx, tx, at, "skp."+action, "skp", p.ID, data)
}

// SubmitPlan sends the viewer's own draft to the supervisor (skp.submit).
// Errors: not_found, forbidden (not the employee), failed_precondition (no
// result yet), conflict (not a draft).
func (s *Service) SubmitPlan(ctx context.Context, v Viewer, id int64) error {
	p, a, err := s.seePlan(ctx, v, id)
	if err != nil {
		return err
	}
	if !a.Owner {
		return ErrNotOwner
	}
	return s.db.Write(ctx, func(tx *sqldb.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM skp_results WHERE plan_id = $1`, id).Scan(&n); err != nil {
			return sqldb.Translate(err, "count results")
		}
		if n == 0 {
			return ErrNoResults
		}
		return s.step(ctx, tx, p, StatusDraft, StatusSubmitted, "submit", "", v.UserID, nil)
	})
}

// supervising finds a plan whose employee's current supervisor is the
// viewer and, when the plan is still held by an earlier supervisor, hands
// it over in tx (skp.handover, kept in its history). Errors: not_found
// (v may not see it), forbidden (v is not the current supervisor).
func (s *Service) supervising(ctx context.Context, v Viewer, id int64) (*Plan, *workforce.Employee, error) {
	p, a, err := s.seePlan(ctx, v, id)
	if err != nil {
		return nil, nil, err
	}
	if !a.Supervisor {
		return nil, nil, ErrNotSupervisor
	}
	me, err := s.me(ctx, v)
	return p, me, err
}

// handOver records, in tx, that the plan passes to sup when it was held
// by someone else.
func (s *Service) handOver(ctx context.Context, tx *sqldb.Tx, p *Plan, sup *workforce.Employee, by int64) error {
	if p.Supervisor != nil && p.Supervisor.ID == sup.ID {
		return nil
	}
	at := sqldb.Now(s.now())
	var from int64
	comment := sup.Name
	if p.Supervisor != nil {
		from = p.Supervisor.ID
		comment = p.Supervisor.Name + " → " + sup.Name
	}
	if _, err := tx.ExecContext(ctx, `UPDATE skp_plans SET supervisor_id = $1, updated_at = $2 WHERE id = $3`, sup.ID, at, p.ID); err != nil {
		return sqldb.Translate(err, "hand over")
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO skp_history (plan_id, action, comment, by_user, at) VALUES ($1, 'handover', $2, $3, $4)`,
		p.ID, comment, nullID(by), at); err != nil {
		return sqldb.Translate(err, "hand over history")
	}
	p.Supervisor = &Person{ID: sup.ID, Name: sup.Name, Username: sup.Username}
	return s.record(ctx, tx, at, "skp.handover", "skp", p.ID, map[string]any{"from": idText(from), "to": idText(sup.ID)})
}

// ReturnPlan sends a submitted plan back to its employee with the
// supervisor's comment (skp.return). Errors: not_found, forbidden (not the
// current supervisor), invalid (comment: required, at most 2,000
// characters), conflict (not submitted).
func (s *Service) ReturnPlan(ctx context.Context, v Viewer, id int64, comment string) error {
	p, me, err := s.supervising(ctx, v, id)
	if err != nil {
		return err
	}
	if err := checkText("comment", &comment, 2000); err != nil {
		return err
	}
	return s.db.Write(ctx, func(tx *sqldb.Tx) error {
		if err := s.handOver(ctx, tx, p, me, v.UserID); err != nil {
			return err
		}
		return s.step(ctx, tx, p, StatusSubmitted, StatusDraft, "return", comment, v.UserID, nil)
	})
}

// ApprovePlan approves a submitted plan with the leader's special
// expectations per BerAKHLAK value (skp.approve). Errors: not_found,
// forbidden, invalid (an expectation: a value not of Values, or over 500
// characters), conflict (not submitted).
func (s *Service) ApprovePlan(ctx context.Context, v Viewer, id int64, comment string, expectations map[string]string) error {
	p, me, err := s.supervising(ctx, v, id)
	if err != nil {
		return err
	}
	f := map[string]apperr.Msg{}
	clean := map[string]string{}
	for k, e := range expectations {
		if !slices.Contains(Values, k) {
			f["expectation."+k] = apperr.M("skp.value")
			continue
		}
		if textcheck.FieldMsg(f, "expectation."+k, &e, textcheck.Line) && len([]rune(e)) > 500 {
			f["expectation."+k] = apperr.M("skp.too_long", "max", 500)
		}
		if e = strings.TrimSpace(e); e != "" {
			clean[k] = e
		}
	}
	textcheck.FieldMsg(f, "comment", &comment, textcheck.Multiline)
	if len(f) > 0 {
		return apperr.InvalidMsgs(f)
	}
	b, _ := json.Marshal(clean)
	return s.db.Write(ctx, func(tx *sqldb.Tx) error {
		if err := s.handOver(ctx, tx, p, me, v.UserID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE skp_plans SET expectations = $1 WHERE id = $2`, string(b), p.ID); err != nil {
			return sqldb.Translate(err, "expectations")
		}
		if err := s.step(ctx, tx, p, StatusSubmitted, StatusApproved, "approve", comment, v.UserID,
			map[string]any{"expectations": clean}); err != nil {
			return err
		}
		return s.scheduleEvaluations(ctx, tx, p)
	})
}

// ReopenPlan returns an approved plan to its employee for changes, with
// the reason (skp.reopen); its evaluations stay. Errors: not_found,
// forbidden, invalid (reason), conflict (not approved; its annual result is
// final).
func (s *Service) ReopenPlan(ctx context.Context, v Viewer, id int64, reason string) error {
	p, me, err := s.supervising(ctx, v, id)
	if err != nil {
		return err
	}
	if err := checkText("reason", &reason, 2000); err != nil {
		return err
	}
	return s.db.Write(ctx, func(tx *sqldb.Tx) error {
		var final int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM skp_evaluations WHERE plan_id = $1 AND final`, id).Scan(&final); err != nil {
			return sqldb.Translate(err, "final")
		}
		if final > 0 {
			return ErrFinal
		}
		if err := s.handOver(ctx, tx, p, me, v.UserID); err != nil {
			return err
		}
		return s.step(ctx, tx, p, StatusApproved, StatusDraft, "reopen", reason, v.UserID, nil)
	})
}

// checkText cleans a required free text of at most max characters.
func checkText(field string, s *string, max int) error {
	f := map[string]apperr.Msg{}
	if textcheck.FieldMsg(f, field, s, textcheck.Multiline) {
		*s = strings.TrimSpace(*s)
		if *s == "" || len([]rune(*s)) > max {
			f[field] = apperr.M("skp.required", "max", max)
		}
	}
	if len(f) > 0 {
		return apperr.InvalidMsgs(f)
	}
	return nil
}

// NoteInput is a note as typed.
type NoteInput struct {
	Kind     string
	ResultID int64 // evidence: the result it supports
	Text     string
	Link     string // optional: an address (https://…) where the evidence is kept
}

// AddNote adds evidence (the employee), feedback (the supervisor) or a
// check-in (either) to an approved plan (skp.note). Errors: not_found,
// forbidden (evidence by another than the employee, feedback by another
// than the supervisor), invalid (kind, text: required, at most 2,000
// characters; link: http(s), at most 500; result_id: not of the plan),
// conflict (the plan is not approved).
func (s *Service) AddNote(ctx context.Context, v Viewer, id int64, in NoteInput) error {
	p, a, err := s.seePlan(ctx, v, id)
	if err != nil {
		return err
	}
	switch {
	case in.Kind == NoteEvidence && !a.Owner, in.Kind == NoteCheckin && !a.Owner && !a.Supervisor:
		return ErrNotOwner
	case in.Kind == NoteFeedback && !a.Supervisor:
		return ErrNotSupervisor
	case !slices.Contains(NoteKinds, in.Kind):
		return invalid("kind", "skp.kind")
	}
	if err := checkText("text", &in.Text, 2000); err != nil {
		return err
	}
	in.Link = strings.TrimSpace(in.Link)
	if in.Link != "" && (!strings.HasPrefix(in.Link, "https://") && !strings.HasPrefix(in.Link, "http://") || len(in.Link) > 500 ||
		strings.ContainsAny(in.Link, " \t\n<>\"")) {
		return invalid("link", "skp.link")
	}
	return s.db.Write(ctx, func(tx *sqldb.Tx) error {
		var status string
		if err := tx.QueryRowContext(ctx, `SELECT status FROM skp_plans WHERE id = $1`, p.ID).Scan(&status); err != nil {
			return sqldb.Translate(err, "plan status")
		}
		if status != StatusApproved {
			return ErrNotApproved
		}
		if in.ResultID != 0 {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM skp_results WHERE id = $1 AND plan_id = $2`, in.ResultID, p.ID).
				Scan(&n); err != nil || n == 0 {
				return invalid("result_id", "skp.result")
			}
		}
		at := sqldb.Now(s.now())
		if _, err := tx.ExecContext(ctx, `INSERT INTO skp_notes (plan_id, result_id, kind, text, link, by_user, at)
VALUES ($1, $2, $3, $4, $5, $6, $7)`, p.ID, nullID(in.ResultID), in.Kind, in.Text, in.Link, nullID(v.UserID), at); err != nil {
			return sqldb.Translate(err, "insert note")
		}
		return s.record(ctx, tx, at, "skp.note", "skp", p.ID, map[string]any{"kind": in.Kind, "result": idText(in.ResultID),
			"text": in.Text, "link": in.Link})
	})
}
