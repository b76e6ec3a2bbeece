package performance

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"

	"asnpro/internal/i18n"
	"asnpro/internal/notify"
	"asnpro/internal/sqldb"
)

// Reminders of every deadline, as scheduled jobs (package notify): each,
// when its day comes, tells whoever must act (in-app) if the matter is
// still open, and does nothing otherwise —
//   - evaluate: a period of an approved plan not evaluated 7 days after it
//     ended → the employee's current supervisor;
//   - objection: the objection window closes in 3 days → the employee;
//   - decide: an objection undecided 7 days after it was filed → the
//     evaluating supervisor's superior;
//   - review: a coaching plan's review date has come without an outcome →
//     the supervisor.

// ReminderKind is the notify job kind of the evaluation's reminders.
const ReminderKind = "skp.reminder"

const (
	remindEvaluate  = "evaluate"
	remindObjection = "objection"
	remindDecide    = "decide"
	remindReview    = "review"
)

const (
	evaluateAfterDays = 7
	decideAfterDays   = 7
	objectionLeadDays = 3
)

type reminderPayload struct {
	What       string `json:"what"`
	Plan       int64  `json:"plan,omitempty"`
	Period     string `json:"period,omitempty"`
	Evaluation int64  `json:"evaluation,omitempty"`
	Coaching   int64  `json:"coaching,omitempty"`
}

// HandleReminders makes n run the evaluation's reminder jobs.
func (s *Service) HandleReminders(n *notify.Service) { n.Handle(ReminderKind, s.remind) }

func (s *Service) schedule(ctx context.Context, tx *sqldb.Tx, p reminderPayload, at time.Time) error {
	if at.Before(s.now()) {
		return nil // a deadline already past is shown on the pages, not reminded of
	}
	b, err := json.Marshal(p)
	if err != nil {
		return err
	}
	key := ReminderKind + ":" + p.What + ":plan=" + idText(p.Plan) + ":period=" + p.Period + ":evaluation=" + idText(p.Evaluation) +
		":coaching=" + idText(p.Coaching)
	day := at.In(wib)
	day = time.Date(day.Year(), day.Month(), day.Day(), 8, 0, 0, 0, wib)
	_, err = notify.Schedule(ctx, tx, s.now(), notify.Job{Key: key, Kind: ReminderKind, RunAt: day, Payload: b})
	return err
}

// scheduleEvaluations: each period of an approved plan, 7 days after it ends.
func (s *Service) scheduleEvaluations(ctx context.Context, tx *sqldb.Tx, p *Plan) error {
	for _, per := range Periods(p.Year, p.Cadence) {
		pl := reminderPayload{What: remindEvaluate, Plan: p.ID, Period: per.Name}
		if err := s.schedule(ctx, tx, pl, per.End.AddDate(0, 0, evaluateAfterDays)); err != nil {
			return err
		}
	}
	return nil
}

// scheduleObjection: the objection window's end, 3 days before.
func (s *Service) scheduleObjection(ctx context.Context, tx *sqldb.Tx, eval int64, at time.Time) error {
	return s.schedule(ctx, tx, reminderPayload{What: remindObjection, Evaluation: eval}, at.AddDate(0, 0, ObjectionDays-objectionLeadDays))
}

// scheduleDecision: an objection 7 days after it was filed.
func (s *Service) scheduleDecision(ctx context.Context, tx *sqldb.Tx, eval int64, at time.Time) error {
	return s.schedule(ctx, tx, reminderPayload{What: remindDecide, Evaluation: eval}, at.AddDate(0, 0, decideAfterDays))
}

// scheduleReview: a coaching plan's review date.
func (s *Service) scheduleReview(ctx context.Context, tx *sqldb.Tx, coaching int64, reviewOn string) error {
	t, err := time.ParseInLocation(time.DateOnly, reviewOn, wib)
	if err != nil {
		return nil
	}
	return s.schedule(ctx, tx, reminderPayload{What: remindReview, Coaching: coaching}, t)
}

// remind runs one reminder job.
func (s *Service) remind(ctx context.Context, tx *sqldb.Tx, j notify.Job) error {
	var p reminderPayload
	if err := json.Unmarshal(j.Payload, &p); err != nil {
		return err
	}
	user, name, link, err := reminderTarget(ctx, tx, p)
	if errors.Is(err, sql.ErrNoRows) || user == 0 {
		return nil // closed, or nobody to tell
	}
	if err != nil {
		return sqldb.Translate(err, "reminder")
	}
	text := func(lang, part string) string {
		return i18n.T(lang, "skp.remind."+p.What+"."+part, "name", name, "period", p.Period)
	}
	_, err = notify.Notify(ctx, tx, s.now(), notify.Notification{UserID: user, Kind: "skp." + p.What,
		Title: text(i18n.ID, "title"), Body: text(i18n.ID, "body"), TitleEN: text(i18n.EN, "title"), BodyEN: text(i18n.EN, "body"),
		Link: link}, "")
	return err
}

// reminderTarget finds, for an open matter, whom to tell (their user), the
// employee's name and the page; sql.ErrNoRows when the matter is closed.
// Joins across parts: employees (the current supervisors) and users.
func reminderTarget(ctx context.Context, tx *sqldb.Tx, p reminderPayload) (user int64, name, link string, err error) {
	var u sql.NullInt64
	var plan int64
	switch p.What {
	case remindEvaluate:
		err = tx.QueryRowContext(ctx, `SELECT s.user_id, e.name, pl.id FROM skp_plans pl JOIN employees e ON e.id = pl.employee_id
JOIN employees s ON s.id = e.supervisor_id WHERE pl.id = $1 AND pl.status = 'approved'
AND NOT EXISTS (SELECT 1 FROM skp_evaluations v WHERE v.plan_id = pl.id AND v.period = $2)`, p.Plan, p.Period).Scan(&u, &name, &plan)
	case remindObjection:
		err = tx.QueryRowContext(ctx, `SELECT e.user_id, e.name, pl.id FROM skp_evaluations v JOIN skp_plans pl ON pl.id = v.plan_id
JOIN employees e ON e.id = pl.employee_id WHERE v.id = $1 AND NOT v.final
AND NOT EXISTS (SELECT 1 FROM skp_objections o WHERE o.evaluation_id = v.id)`, p.Evaluation).Scan(&u, &name, &plan)
	case remindDecide:
		err = tx.QueryRowContext(ctx, `SELECT ss.user_id, e.name, pl.id FROM skp_objections o JOIN skp_evaluations v ON v.id = o.evaluation_id
JOIN skp_plans pl ON pl.id = v.plan_id JOIN employees e ON e.id = pl.employee_id JOIN employees s ON s.id = v.supervisor_id
JOIN employees ss ON ss.id = s.supervisor_id WHERE o.evaluation_id = $1 AND o.decision = ''`, p.Evaluation).Scan(&u, &name, &plan)
		return u.Int64, name, "/skp/keberatan", err
	case remindReview:
		err = tx.QueryRowContext(ctx, `SELECT s.user_id, e.name, c.plan_id FROM skp_coaching c JOIN employees e ON e.id = c.employee_id
JOIN employees s ON s.id = e.supervisor_id WHERE c.id = $1 AND c.outcome = ''`, p.Coaching).Scan(&u, &name, &plan)
	default:
		return 0, "", "", sql.ErrNoRows
	}
	return u.Int64, name, "/skp/" + idText(plan), err
}
