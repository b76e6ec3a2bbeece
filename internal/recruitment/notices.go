package recruitment

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"asnpro/internal/i18n"
	"asnpro/internal/notify"
	"asnpro/internal/sqldb"
)

// What recruitment tells applicants, in the app and by e-mail: that an
// application was submitted (with its number), and — once, 24 hours before
// registration closes — that a draft is still not submitted. The reminder
// is a scheduled job, so it runs once whatever the number of instances.

// ReminderKind is the job kind of the draft reminder.
const ReminderKind = "recruitment.draft_reminder"

// ReminderLead is how long before the close a draft's owner is reminded.
const ReminderLead = 24 * time.Hour

type reminderPayload struct {
	Application int64 `json:"application"`
}

// submitHooks are what runs inside a submission's transaction: the later
// stages' OnSubmit, then the applicant's notice (with Config.Notices).
func (s *Service) submitHooks() []func(ctx context.Context, tx *sqldb.Tx, a *Application) error {
	var hooks []func(ctx context.Context, tx *sqldb.Tx, a *Application) error
	if s.stages != nil {
		hooks = append(hooks, s.stages.OnSubmit)
	}
	if s.notices {
		hooks = append(hooks, s.noticeSubmitted)
	}
	return hooks
}

func (s *Service) noticeSubmitted(ctx context.Context, tx *sqldb.Tx, a *Application) error {
	var email, name, position, unit string
	if err := tx.QueryRowContext(ctx, `SELECT ap.email, ap.name, f.position, f.unit FROM applicants ap JOIN formations f ON f.id = $2
WHERE ap.id = $1`,
		a.ApplicantID, a.FormationID).Scan(&email, &name, &position, &unit); err != nil {
		return sqldb.Translate(err, "notice")
	}
	text := func(lang, key string) string {
		return i18n.T(lang, key, "name", name, "position", position, "unit", unit, "number", a.RegistrationNumber)
	}
	_, err := notify.Notify(ctx, tx, s.now(), notify.Notification{UserID: a.ApplicantUserID, Kind: "application.submitted",
		Title: text(i18n.ID, "recruitment.notice.submitted_title"), Body: text(i18n.ID, "recruitment.notice.submitted"),
		TitleEN: text(i18n.EN, "recruitment.notice.submitted_title"), BodyEN: text(i18n.EN, "recruitment.notice.submitted"),
		Link: "/lamaran/" + strconv.FormatInt(a.ID, 10)}, email)
	return err
}

// scheduleReminder plans the draft reminder of application id, inside tx.
func (s *Service) scheduleReminder(ctx context.Context, tx *sqldb.Tx, id int64, p *Period) error {
	if !s.notices {
		return nil
	}
	now := s.now()
	at := p.RegCloseAt.Add(-ReminderLead)
	if !at.After(now) {
		return nil // less than a day left: the page says it plainly enough
	}
	payload, _ := json.Marshal(reminderPayload{Application: id})
	// The close time is part of the key: an amendment that moves the close
	// leads the handler to plan a new reminder, once.
	_, err := notify.Schedule(
		ctx,
		tx,
		now,
		notify.Job{Key: fmt.Sprintf("draft-reminder:%d:%d", id, p.RegCloseAt.Unix()), Kind: ReminderKind, RunAt: at, Payload: payload},
	)
	return err
}

func (s *Service) remindDraft(ctx context.Context, tx *sqldb.Tx, j notify.Job) error {
	var in reminderPayload
	if err := json.Unmarshal(j.Payload, &in); err != nil {
		return err
	}
	var status, number, email, name string
	var userID, periodID int64
	err := tx.QueryRowContext(ctx, `SELECT a.status, a.registration_number, a.period_id, ap.user_id, ap.email, ap.name FROM applications a
JOIN applicants ap ON ap.id = a.applicant_id WHERE a.id = $1`,
		in.Application).
		Scan(&status, &number, &periodID, &userID, &email, &name)
	if errors.Is(err, sql.ErrNoRows) || err == nil && status != StatusDraft {
		return nil // withdrawn or submitted: nothing to remind
	}
	if err != nil {
		return sqldb.Translate(err, "reminder")
	}
	p, err := s.findPeriod(ctx, tx, periodID)
	if err != nil {
		return err
	}
	now := s.now()
	if !p.RegistrationOpen(now) {
		return nil
	}
	if p.RegCloseAt.Sub(now) > ReminderLead+time.Hour {
		return s.scheduleReminder(ctx, tx, in.Application, p) // the close was moved later
	}
	close := p.RegCloseAt.In(p.Location()).Format("02-01-2006 15:04") + " WIB"
	text := func(lang, key string) string {
		return i18n.T(lang, key, "name", name, "close", close, "number", number)
	}
	_, err = notify.Notify(ctx, tx, now, notify.Notification{UserID: userID, Kind: "reminder",
		Title: text(i18n.ID, "recruitment.notice.reminder_title"), Body: text(i18n.ID, "recruitment.notice.reminder"),
		TitleEN: text(i18n.EN, "recruitment.notice.reminder_title"), BodyEN: text(i18n.EN, "recruitment.notice.reminder"),
		Link: "/lamaran/" + strconv.FormatInt(in.Application, 10)}, email)
	return err
}
