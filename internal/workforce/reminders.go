package workforce

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

// Reminders (pengingat) as deadlines approach, beside the /pengingat page:
// scheduled jobs (package notify) set when a CPNS is onboarded or a PPPK
// contract is stored, each of which, when its day comes, tells the
// employee's current supervisor and the employee (those with an account,
// in-app) if the matter is still open — a probation undecided 60 days
// before its end, no Latsar recorded 6 months after the TMT, a contract's
// renewal undecided 90 days before its end — and does nothing otherwise.

// ReminderKind is the notify job kind of the workforce's reminders.
const ReminderKind = "workforce.reminder"

// The reminders' subjects.
const (
	remindProbation = "probation_end"
	remindLatsar    = "latsar_missing"
	remindContract  = "contract_end"
)

// Lead times of the reminders.
const (
	probationLeadDays = 60
	latsarAfterMonths = 6
	contractLeadDays  = 90
)

type reminderPayload struct {
	What     string `json:"what"`
	Employee int64  `json:"employee"`
	Contract int64  `json:"contract,omitempty"`
}

// HandleReminders makes n run the workforce's reminder jobs.
func (s *Service) HandleReminders(n *notify.Service) { n.Handle(ReminderKind, s.remind) }

// scheduleProbation schedules, in tx, a new CPNS's reminders: Latsar six
// months after tmt, the probation's end 60 days before it.
func (s *Service) scheduleProbation(ctx context.Context, tx *sqldb.Tx, employee int64, tmt string) error {
	t, err := time.Parse(time.DateOnly, tmt)
	if err != nil {
		return nil // no TMT, no deadline
	}
	end := t.AddDate(ProbationYears, 0, -probationLeadDays)
	if err := s.schedule(ctx, tx, reminderPayload{What: remindLatsar, Employee: employee}, t.AddDate(0, latsarAfterMonths, 0)); err != nil {
		return err
	}
	return s.schedule(ctx, tx, reminderPayload{What: remindProbation, Employee: employee}, end)
}

// scheduleContract schedules, in tx, a contract's renewal reminder 90 days
// before it ends.
func (s *Service) scheduleContract(ctx context.Context, tx *sqldb.Tx, employee, contract int64, endsOn string) error {
	t, err := time.Parse(time.DateOnly, endsOn)
	if err != nil {
		return nil
	}
	p := reminderPayload{What: remindContract, Employee: employee, Contract: contract}
	return s.schedule(ctx, tx, p, t.AddDate(0, 0, -contractLeadDays))
}

func (s *Service) schedule(ctx context.Context, tx *sqldb.Tx, p reminderPayload, at time.Time) error {
	b, err := json.Marshal(p)
	if err != nil {
		return err
	}
	key := ReminderKind + ":" + p.What + ":employee=" + idText(p.Employee)
	if p.Contract != 0 {
		key += ":contract=" + idText(p.Contract)
	}
	// 08:00 of the day in the city's zone (WIB).
	day := time.Date(at.Year(), at.Month(), at.Day(), 8, 0, 0, 0, wib)
	_, err = notify.Schedule(ctx, tx, s.now(), notify.Job{Key: key, Kind: ReminderKind, RunAt: day, Payload: b})
	return err
}

// remind runs one reminder job: still open → the notices; else nothing.
func (s *Service) remind(ctx context.Context, tx *sqldb.Tx, j notify.Job) error {
	var p reminderPayload
	if err := json.Unmarshal(j.Payload, &p); err != nil {
		return err
	}
	open, err := reminderOpen(ctx, tx, p)
	if err != nil || !open {
		return err
	}
	var name string
	var self, sup sql.NullInt64
	err = tx.QueryRowContext(ctx, `SELECT e.name, e.user_id, s.user_id FROM employees e LEFT JOIN employees s ON s.id = e.supervisor_id
WHERE e.id = $1`, p.Employee).Scan(&name, &self, &sup)
	if errors.Is(err, sql.ErrNoRows) {
		return nil // the record is gone: nothing to remind of
	}
	if err != nil {
		return sqldb.Translate(err, "find reminder's employee")
	}
	text := func(lang, part string) string { return i18n.T(lang, "remind."+p.What+"."+part, "name", name) }
	// The supervisor's notice leads to their reports, the employee's to their record.
	for _, to := range []struct {
		user sql.NullInt64
		link string
	}{{sup, "/bawahan"}, {self, "/data-saya"}} {
		if !to.user.Valid {
			continue
		}
		if _, err := notify.Notify(ctx, tx, s.now(), notify.Notification{UserID: to.user.Int64, Kind: "workforce." + p.What,
			Title: text(i18n.ID, "title"), Body: text(i18n.ID, "body"), TitleEN: text(i18n.EN, "title"), BodyEN: text(i18n.EN, "body"),
			Link: to.link}, ""); err != nil {
			return err
		}
	}
	return nil
}

// reminderOpen reports whether what p reminds of is still to be done.
func reminderOpen(ctx context.Context, tx *sqldb.Tx, p reminderPayload) (bool, error) {
	// Each query counts what would close the matter.
	var q string
	var arg int64
	switch p.What {
	case remindLatsar:
		q, arg = `SELECT count(*) FROM latsar WHERE employee_id = $1`, p.Employee
	case remindProbation:
		q, arg = `SELECT count(*) FROM probation_outcomes WHERE employee_id = $1`, p.Employee
	case remindContract:
		q, arg = `SELECT count(*) FROM pppk_contracts WHERE id = $1 AND decision <> ''`, p.Contract
	default:
		return false, nil
	}
	var n int
	if err := tx.QueryRowContext(ctx, q, arg).Scan(&n); err != nil {
		return false, sqldb.Translate(err, "reminder")
	}
	return n == 0, nil
}
