package performance

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"time"

	"asnpro/internal/apperr"
	"asnpro/internal/sqldb"
)

// Evaluation is a periodic or annual evaluation of a plan.
type Evaluation struct {
	ID          int64
	PlanID      int64
	Period      string
	Annual      bool
	Hasil       string
	Perilaku    string
	Predikat    string
	Notes       string
	Supervisor  Person
	EvaluatedAt time.Time
	Comment     string
	Final       bool
	Objection   *Objection
}

// ObjectionUntil is the last moment the employee may object.
func (e *Evaluation) ObjectionUntil() time.Time { return e.EvaluatedAt.AddDate(0, 0, ObjectionDays) }

// Objection is an employee's objection (keberatan) to an evaluation.
type Objection struct {
	Reason    string
	FiledAt   time.Time
	Decision  string // "", upheld, rejected
	Response  string
	DecidedAt *time.Time
}

// Decisions of an objection.
const (
	Upheld   = "upheld"   // the ratings are changed
	Rejected = "rejected" // the evaluation stands
)

// Joins across parts: employees and users, for the supervisor's name.
const evalColumns = `v.id, v.plan_id, v.period, v.annual, v.hasil, v.perilaku, v.predikat, v.notes, s.id, s.name,
  COALESCE(su.username, ''), v.evaluated_at, v.comment, v.final, COALESCE(o.reason, ''), o.filed_at, COALESCE(o.decision, ''),
  COALESCE(o.response, ''), o.decided_at`

const evalFrom = ` FROM skp_evaluations v JOIN employees s ON s.id = v.supervisor_id LEFT JOIN users su ON su.id = s.user_id
  LEFT JOIN skp_objections o ON o.evaluation_id = v.id`

func scanEvaluation(r scanner) (*Evaluation, error) {
	var e Evaluation
	var filed, decided sql.NullTime
	var reason, decision, response string
	err := r.Scan(&e.ID, &e.PlanID, &e.Period, &e.Annual, &e.Hasil, &e.Perilaku, &e.Predikat, &e.Notes, &e.Supervisor.ID,
		&e.Supervisor.Name, &e.Supervisor.Username, &e.EvaluatedAt, &e.Comment, &e.Final, &reason, &filed, &decision, &response, &decided)
	if err != nil {
		return nil, err
	}
	if filed.Valid {
		e.Objection = &Objection{Reason: reason, FiledAt: filed.Time, Decision: decision, Response: response}
		if decided.Valid {
			t := decided.Time
			e.Objection.DecidedAt = &t
		}
	}
	return &e, nil
}

func evaluationsOf(ctx context.Context, q querier, plan int64) ([]*Evaluation, error) {
	var out []*Evaluation
	err := sqldb.RunQuery(ctx, q, `SELECT `+evalColumns+evalFrom+` WHERE v.plan_id = $1 ORDER BY v.annual, v.period`,
		func(rows *sql.Rows) error {
			e, err := scanEvaluation(rows)
			out = append(out, e)
			return err
		}, plan)
	return out, sqldb.Translate(err, "evaluations")
}

func findEvaluation(ctx context.Context, q querier, id int64) (*Evaluation, error) {
	e, err := scanEvaluation(q.QueryRowContext(ctx, `SELECT `+evalColumns+evalFrom+` WHERE v.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrEvaluationNotFound
	}
	return e, sqldb.Translate(err, "find evaluation")
}

// Rating is an evaluation as the supervisor gives it.
type Rating struct {
	Period   string // YYYY-Q1 … (the plan's cadence) or YYYY (annual)
	Hasil    string // above, meets, below
	Perilaku string
	Notes    string // the reason, required
}

// Evaluate records the current supervisor's evaluation of a period of an
// approved plan, its predikat from the matrix (skp.evaluate), and hands
// the plan over first when it was held by an earlier supervisor. Errors,
// in this order: not_found (v may not see the plan), forbidden (v is not
// the employee's current supervisor), invalid (period: not one of the
// plan's; hasil, perilaku; notes: required, at most 2,000 characters),
// conflict (the plan is not approved; the period has not ended in WIB; it
// is evaluated already; the year's result is final).
func (s *Service) Evaluate(ctx context.Context, v Viewer, planID int64, r Rating) (*Evaluation, error) {
	p, me, err := s.supervising(ctx, v, planID)
	if err != nil {
		return nil, err
	}
	period, err := checkRating(p, &r)
	if err != nil {
		return nil, err
	}
	now := s.now()
	var id int64
	err = s.db.Write(ctx, func(tx *sqldb.Tx) error {
		if err := evaluable(ctx, tx, p, period, now); err != nil {
			return err
		}
		if err := s.handOver(ctx, tx, p, me, v.UserID); err != nil {
			return err
		}
		at := sqldb.Now(now)
		pred := Predikat(r.Hasil, r.Perilaku)
		err := tx.QueryRowContext(ctx, `INSERT INTO skp_evaluations (plan_id, period, annual, hasil, perilaku, predikat, notes,
  supervisor_id, evaluated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`, p.ID, period.Name, period.Annual,
			r.Hasil, r.Perilaku, pred, r.Notes, me.ID, at).Scan(&id)
		if sqldb.IsUnique(err) {
			return ErrEvaluated
		}
		if err != nil {
			return sqldb.Translate(err, "insert evaluation")
		}
		if err := s.record(ctx, tx, at, "skp.evaluate", "skp", p.ID, map[string]any{"evaluation": idText(id), "period": period.Name,
			"hasil": r.Hasil, "perilaku": r.Perilaku, "predikat": pred, "notes": r.Notes}); err != nil {
			return err
		}
		return s.scheduleObjection(ctx, tx, id, at)
	})
	if err != nil {
		return nil, err
	}
	return findEvaluation(ctx, s.db.R, id)
}

// checkRating validates a rating against the plan's periods.
func checkRating(p *Plan, r *Rating) (Period, error) {
	f := map[string]apperr.Msg{}
	period, ok := FindPeriod(p.Year, p.Cadence, r.Period)
	if !ok {
		f["period"] = apperr.M("skp.period", "year", strconv.Itoa(p.Year))
	}
	if !validRating(r.Hasil) {
		f["hasil_kerja"] = apperr.M("skp.rating")
	}
	if !validRating(r.Perilaku) {
		f["perilaku"] = apperr.M("skp.rating")
	}
	if err := checkText("notes", &r.Notes, 2000); err != nil {
		f["notes"] = apperr.As(err).FieldMsgs["notes"]
	}
	if len(f) > 0 {
		return period, apperr.InvalidMsgs(f)
	}
	return period, nil
}

// evaluable checks, in tx, the state a new evaluation needs.
func evaluable(ctx context.Context, tx *sqldb.Tx, p *Plan, period Period, now time.Time) error {
	var status string
	var done, final int
	err := tx.QueryRowContext(ctx, `SELECT status, (SELECT count(*) FROM skp_evaluations WHERE plan_id = $1 AND period = $2),
  (SELECT count(*) FROM skp_unit_years WHERE unit_id = $3 AND year = $4 AND finalised_at IS NOT NULL)
FROM skp_plans WHERE id = $1`, p.ID, period.Name, p.UnitID, p.Year).Scan(&status, &done, &final)
	switch {
	case err != nil:
		return sqldb.Translate(err, "evaluable")
	case status != StatusApproved:
		return ErrNotApproved
	case !period.Ended(now):
		return apperr.E(apperr.Conflict, "skp.period_open", "period", period.Name, "end",
			period.End.Add(-time.Second).Format("2006-01-02"))
	case done > 0:
		return ErrEvaluated
	case final > 0:
		return ErrFinal
	}
	return nil
}

// seeEvaluation finds an evaluation with its plan, as v may see it.
func (s *Service) seeEvaluation(ctx context.Context, v Viewer, id int64) (*Evaluation, *Plan, Access, error) {
	e, err := findEvaluation(ctx, s.db.R, id)
	if err != nil {
		return nil, nil, Access{}, err
	}
	p, a, err := s.seePlan(ctx, v, e.PlanID)
	if errors.Is(err, ErrPlanNotFound) {
		err = ErrEvaluationNotFound
	}
	return e, p, a, err
}

// CommentEvaluation records the employee's comment on an evaluation
// (skp.comment); a later comment replaces it. Errors: not_found,
// forbidden (not the employee), invalid (comment).
func (s *Service) CommentEvaluation(ctx context.Context, v Viewer, id int64, comment string) error {
	e, _, a, err := s.seeEvaluation(ctx, v, id)
	if err != nil {
		return err
	}
	if !a.Owner {
		return ErrNotOwner
	}
	if err := checkText("comment", &comment, 2000); err != nil {
		return err
	}
	return s.db.Write(ctx, func(tx *sqldb.Tx) error {
		at := sqldb.Now(s.now())
		if _, err := tx.ExecContext(ctx, `UPDATE skp_evaluations SET comment = $1, commented_at = $2 WHERE id = $3`,
			comment, at, id); err != nil {
			return sqldb.Translate(err, "comment")
		}
		return s.record(ctx, tx, at, "skp.comment", "skp", e.PlanID, map[string]any{"evaluation": idText(id), "comment": comment})
	})
}

// Object files the employee's objection to an evaluation within
// ObjectionDays of it (skp.object); the evaluating supervisor's own
// superior decides it. Errors: not_found, forbidden (not the employee),
// invalid (reason), conflict (the window has closed; objected already;
// the result is final).
func (s *Service) Object(ctx context.Context, v Viewer, id int64, reason string) error {
	e, _, a, err := s.seeEvaluation(ctx, v, id)
	if err != nil {
		return err
	}
	if !a.Owner {
		return ErrNotOwner
	}
	if err := checkText("reason", &reason, 2000); err != nil {
		return err
	}
	now := s.now()
	switch {
	case e.Final:
		return ErrFinal
	case e.Objection != nil:
		return ErrObjected
	case now.After(e.ObjectionUntil()):
		return apperr.E(apperr.Conflict, "skp.window_closed", "until", e.ObjectionUntil().In(wib).Format("2006-01-02 15:04"))
	}
	sup, err := s.staff.FindEmployee(ctx, e.Supervisor.ID)
	if err != nil {
		return err
	}
	var superior int64
	if sup.Supervisor != nil {
		superior = sup.Supervisor.ID
	}
	return s.db.Write(ctx, func(tx *sqldb.Tx) error {
		at := sqldb.Now(now)
		_, err := tx.ExecContext(ctx, `INSERT INTO skp_objections (evaluation_id, reason, filed_at, superior_id) VALUES ($1, $2, $3, $4)`,
			id, reason, at, nullID(superior))
		if sqldb.IsUnique(err) {
			return ErrObjected
		}
		if err != nil {
			return sqldb.Translate(err, "insert objection")
		}
		if err := s.record(ctx, tx, at, "skp.object", "skp", e.PlanID, map[string]any{"evaluation": idText(id), "reason": reason,
			"superior": idText(superior)}); err != nil {
			return err
		}
		return s.scheduleDecision(ctx, tx, id, at)
	})
}

// Decision is a superior's decision on an objection.
type Decision struct {
	Decision string // upheld or rejected
	Hasil    string // upheld: the new ratings
	Perilaku string
	Response string // required
}

// DecideObjection records the superior's decision on an objection
// (skp.decide); upheld, the ratings and the predikat change. Errors:
// not_found (v may not see it), forbidden (v is not the evaluating
// supervisor's superior), invalid (decision, ratings, response), conflict
// (no objection; decided already; final).
func (s *Service) DecideObjection(ctx context.Context, v Viewer, id int64, d Decision) error {
	e, _, _, err := s.seeEvaluation(ctx, v, id)
	if err != nil {
		return err
	}
	me, err := s.me(ctx, v)
	if err != nil {
		return err
	}
	sup, err := s.staff.FindEmployee(ctx, e.Supervisor.ID)
	if err != nil {
		return err
	}
	if me == nil || sup.Supervisor == nil || sup.Supervisor.ID != me.ID {
		return ErrNotSuperior
	}
	if err := checkDecision(&d); err != nil {
		return err
	}
	switch {
	case e.Objection == nil:
		return apperr.E(apperr.Conflict, "skp.no_objection")
	case e.Objection.Decision != "":
		return ErrDecided
	case e.Final:
		return ErrFinal
	}
	return s.db.Write(ctx, func(tx *sqldb.Tx) error {
		at := sqldb.Now(s.now())
		res, err := tx.ExecContext(ctx, `UPDATE skp_objections SET decision = $1, response = $2, decided_by = $3, decided_at = $4
WHERE evaluation_id = $5 AND decision = ''`, d.Decision, d.Response, v.UserID, at, id)
		if err != nil {
			return sqldb.Translate(err, "decide")
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrDecided
		}
		data := map[string]any{"evaluation": idText(id), "decision": d.Decision, "response": d.Response}
		if d.Decision == Upheld {
			pred := Predikat(d.Hasil, d.Perilaku)
			if _, err := tx.ExecContext(ctx, `UPDATE skp_evaluations SET hasil = $1, perilaku = $2, predikat = $3 WHERE id = $4`,
				d.Hasil, d.Perilaku, pred, id); err != nil {
				return sqldb.Translate(err, "re-rate")
			}
			data["hasil"], data["perilaku"], data["predikat"] = d.Hasil, d.Perilaku, pred
		}
		return s.record(ctx, tx, at, "skp.decide", "skp", e.PlanID, data)
	})
}

func checkDecision(d *Decision) error {
	f := map[string]apperr.Msg{}
	if d.Decision != Upheld && d.Decision != Rejected {
		f["decision"] = apperr.M("skp.decision")
	}
	if d.Decision == Upheld && !validRating(d.Hasil) {
		f["hasil_kerja"] = apperr.M("skp.rating")
	}
	if d.Decision == Upheld && !validRating(d.Perilaku) {
		f["perilaku"] = apperr.M("skp.rating")
	}
	if err := checkText("response", &d.Response, 2000); err != nil {
		f["response"] = apperr.As(err).FieldMsgs["response"]
	}
	if len(f) > 0 {
		return apperr.InvalidMsgs(f)
	}
	return nil
}

// PendingObjection is an objection waiting for the viewer's decision.
type PendingObjection struct {
	Evaluation *Evaluation
	PlanID     int64
	Employee   Person
}

// ObjectionsToDecide lists the undecided objections whose evaluating
// supervisor the viewer supervises.
func (s *Service) ObjectionsToDecide(ctx context.Context, v Viewer) ([]PendingObjection, error) {
	me, err := s.me(ctx, v)
	if err != nil || me == nil {
		return nil, err
	}
	var out []PendingObjection
	// Joins across parts: the evaluating supervisor's current supervisor (workforce).
	err = sqldb.RunQuery(ctx, s.db.R, `SELECT `+evalColumns+`, e.id, e.name, COALESCE(eu.username, '')`+evalFrom+`
  JOIN skp_plans p ON p.id = v.plan_id JOIN employees e ON e.id = p.employee_id LEFT JOIN users eu ON eu.id = e.user_id
WHERE o.decision = '' AND s.supervisor_id = $1 ORDER BY o.filed_at`, func(rows *sql.Rows) error {
		var po PendingObjection
		var ev Evaluation
		var filed, decided sql.NullTime
		var reason, decision, response string
		err := rows.Scan(&ev.ID, &ev.PlanID, &ev.Period, &ev.Annual, &ev.Hasil, &ev.Perilaku, &ev.Predikat, &ev.Notes, &ev.Supervisor.ID,
			&ev.Supervisor.Name, &ev.Supervisor.Username, &ev.EvaluatedAt, &ev.Comment, &ev.Final, &reason, &filed, &decision, &response,
			&decided, &po.Employee.ID, &po.Employee.Name, &po.Employee.Username)
		ev.Objection = &Objection{Reason: reason, FiledAt: filed.Time}
		po.Evaluation, po.PlanID = &ev, ev.PlanID
		out = append(out, po)
		return err
	}, me.ID)
	return out, sqldb.Translate(err, "objections")
}

// PlanOfEvaluation is the plan an evaluation v may see belongs to.
// Errors: not_found.
func (s *Service) PlanOfEvaluation(ctx context.Context, v Viewer, id int64) (int64, error) {
	_, p, _, err := s.seeEvaluation(ctx, v, id)
	if err != nil {
		return 0, err
	}
	return p.ID, nil
}
