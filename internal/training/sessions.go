package training

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"
	"time"

	"asnpro/internal/apperr"
	"asnpro/internal/sqldb"
)

// CreateSession schedules a session of a programme and records
// training.session.create. Errors: not_found (the programme), invalid
// (starts_at, ends_at, place, online_url, capacity, meetings,
// min_attendance, pass_score; trainer_id: not a trainer of the
// programme's institution).
func (s *Service) CreateSession(ctx context.Context, programmeID int64, n NewSession) (*Session, error) {
	if f := n.check(); len(f) > 0 {
		return nil, apperr.InvalidMsgs(f)
	}
	var id int64
	err := s.db.Write(ctx, func(tx *sqldb.Tx) error {
		p, err := findProgramme(ctx, tx, programmeID)
		if err != nil {
			return err
		}
		if n.TrainerID != 0 {
			inst, err := institutionOf(ctx, tx, n.TrainerID)
			if err != nil {
				return err
			}
			if inst != p.InstitutionID {
				return invalid("trainer_id", "training.trainer_other")
			}
		}
		at := sqldb.Now(s.now())
		if err := tx.QueryRowContext(ctx, `INSERT INTO training_sessions (programme_id, starts_at, ends_at, place, online_url, capacity,
  trainer_id, meetings, min_attendance, pass_score, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
			programmeID, sqldb.Now(n.StartsAt), sqldb.Now(n.EndsAt), n.Place, n.OnlineURL, n.Capacity, nullID(n.TrainerID), n.Meetings,
			n.MinAttendance, n.PassScore, at).Scan(&id); err != nil {
			return sqldb.Translate(err, "insert session")
		}
		return s.record(ctx, tx, at, "training.session.create", "training_session", id, map[string]any{
			"programme": idText(programmeID), "starts_at": n.StartsAt.UTC(), "ends_at": n.EndsAt.UTC(), "place": n.Place,
			"online_url": n.OnlineURL, "capacity": n.Capacity, "trainer": idText(n.TrainerID), "meetings": n.Meetings,
			"min_attendance": n.MinAttendance, "pass_score": n.PassScore})
	})
	if err != nil {
		return nil, err
	}
	return s.FindSession(ctx, id)
}

// Joins across parts: identity's users, for the trainer's name.
const sessionSelect = `SELECT s.id, s.starts_at, s.ends_at, s.place, s.online_url, s.capacity, COALESCE(s.trainer_id, 0),
  COALESCE(u.name, ''), COALESCE(u.username, ''), s.meetings, s.min_attendance, s.pass_score, s.completed_at,
  (SELECT count(*) FROM training_enrolments e WHERE e.session_id = s.id AND e.status IN ('enrolled', 'completed', 'incomplete')),
  (SELECT count(*) FROM training_enrolments e WHERE e.session_id = s.id AND e.status = 'waitlisted'),
  (SELECT count(*) FROM training_enrolments e WHERE e.session_id = s.id AND e.status = 'requested'),
  ` + programmeColumns + `
FROM training_sessions s JOIN training_programmes p ON p.id = s.programme_id
JOIN training_institutions i ON i.id = p.institution_id LEFT JOIN users u ON u.id = s.trainer_id`

func scanSession(r interface{ Scan(...any) error }) (*Session, error) {
	var ss Session
	var tr Person
	var done sql.NullTime
	var cost sql.NullInt64
	p := &ss.Programme
	err := r.Scan(&ss.ID, &ss.StartsAt, &ss.EndsAt, &ss.Place, &ss.OnlineURL, &ss.Capacity, &tr.ID, &tr.Name, &tr.Username,
		&ss.Meetings, &ss.MinAttendance, &ss.PassScore, &done, &ss.Enrolled, &ss.Waitlisted, &ss.Requested,
		&p.ID, &p.InstitutionID, &p.Institution, &p.Title, &p.Topic, &p.JP, &p.Mode, &cost, &p.Description)
	if tr.ID != 0 {
		ss.Trainer = &tr
	}
	if done.Valid {
		t := done.Time
		ss.CompletedAt = &t
	}
	if cost.Valid {
		p.Cost = &cost.Int64
	}
	return &ss, err
}

// FindSession returns a session with its programme and counts. Errors: not_found.
func (s *Service) FindSession(ctx context.Context, id int64) (*Session, error) {
	return findSession(ctx, s.db.R, id)
}

func findSession(ctx context.Context, q querier, id int64) (*Session, error) {
	ss, err := scanSession(q.QueryRowContext(ctx, sessionSelect+` WHERE s.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrSessionNotFound
	}
	if err != nil {
		return nil, sqldb.Translate(err, "find session")
	}
	ps := []*Programme{&ss.Programme}
	return ss, attachProgrammes(ctx, q, ps)
}

// SessionFilter selects sessions.
type SessionFilter struct {
	ProgrammeID   int64
	InstitutionID int64
	TrainerUserID int64     // sessions of the trainer's institution
	EndsAfter     time.Time // zero: any
}

// Sessions lists the sessions a filter selects, the soonest first.
func (s *Service) Sessions(ctx context.Context, f SessionFilter) ([]*Session, error) {
	var out []*Session
	after := f.EndsAfter
	if after.IsZero() {
		after = time.Unix(0, 0)
	}
	q := sessionSelect + ` WHERE ($1 = 0 OR s.programme_id = $1) AND ($2 = 0 OR p.institution_id = $2)
  AND ($3 = 0 OR p.institution_id = (SELECT t.institution_id FROM training_trainers t WHERE t.user_id = $3))
  AND s.ends_at > $4 ORDER BY s.starts_at, s.id`
	err := sqldb.RunQuery(ctx, s.db.R, q, func(r *sql.Rows) error {
		ss, err := scanSession(r)
		out = append(out, ss)
		return err
	}, f.ProgrammeID, f.InstitutionID, f.TrainerUserID, sqldb.Now(after))
	if err != nil {
		return nil, sqldb.Translate(err, "sessions")
	}
	ps := make([]*Programme, len(out))
	for i, ss := range out {
		ps[i] = &ss.Programme
	}
	return out, attachProgrammes(ctx, s.db.R, ps)
}

// OpenSessions lists up to limit sessions open for enrolment (not started,
// not completed, with a seat or a waitlist) that address any of the
// competency keys (all when competencies is empty), the soonest first. A
// key outside the vocabulary is read as a name (MatchCompetency:
// "orientasi-pada-hasil" is orientasi-hasil); one that names none matches
// nothing.
func (s *Service) OpenSessions(ctx context.Context, competencies []string, limit int) ([]Offer, error) {
	if limit <= 0 {
		limit = 10
	}
	competencies = vocabularyKeys(competencies)
	all, err := s.Sessions(ctx, SessionFilter{EndsAfter: s.now()})
	if err != nil {
		return nil, err
	}
	now := s.now()
	var out []Offer
	for _, ss := range all {
		if ss.Phase(now) != "open" {
			continue
		}
		if len(competencies) > 0 && !slices.ContainsFunc(ss.Programme.Competencies, func(c string) bool {
			return slices.Contains(competencies, c)
		}) {
			continue
		}
		out = append(out, Offer{SessionID: ss.ID, ProgrammeID: ss.Programme.ID, Title: ss.Programme.Title,
			Institution: ss.Programme.Institution, Competencies: slices.Clone(ss.Programme.Competencies), JP: ss.Programme.JP,
			StartsAt: ss.StartsAt, SeatsLeft: ss.SeatsLeft()})
		if len(out) == limit {
			break
		}
	}
	return out, nil
}

// employeeRef is an employee as enrolment needs them.
type employeeRef struct {
	ID, SupervisorID int64
	Name, Status     string
}

// Joins across parts: the workforce's employees (the current direct
// supervisor is employees.supervisor_id).
func findEmployeeRef(ctx context.Context, q querier, where string, arg any) (*employeeRef, error) {
	var e employeeRef
	var sup sql.NullInt64
	err := q.QueryRowContext(ctx, `SELECT id, COALESCE(supervisor_id, 0), name, status FROM employees WHERE `+where, arg).
		Scan(&e.ID, &sup, &e.Name, &e.Status)
	e.SupervisorID = sup.Int64
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return &e, sqldb.Translate(err, "find employee")
}

// RequestEnrolment asks, for the employee whose account is userID, for a
// seat in a session; the employee's direct supervisor approves. Records
// training.enrolment.request. Errors: not_found (the session), forbidden
// (the account is no employee's), failed_precondition (the session has
// ended or is completed; a prerequisite programme not completed), conflict
// (already enrolled, waiting or asked for).
func (s *Service) RequestEnrolment(ctx context.Context, sessionID, userID int64) (*Enrolment, error) {
	var id int64
	err := s.db.Write(ctx, func(tx *sqldb.Tx) error {
		emp, err := findEmployeeRef(ctx, tx, "user_id = $1", userID)
		if err != nil {
			return err
		}
		if emp == nil || emp.Status == "berhenti" {
			return ErrNotEmployee
		}
		id, err = s.enrol(ctx, tx, sessionID, emp, Actor{UserID: userID}, ViaRequest)
		return err
	})
	if err != nil {
		return nil, err
	}
	return s.FindEnrolment(ctx, id)
}

// Nominate puts an employee (by NIP or NI PPPK) in a session: an admin
// any employee, a supervisor their direct reports. The employee takes a
// seat, or the waitlist when none is free. Records
// training.enrolment.nominate. Errors: not_found (the session), invalid
// ("employee": no such employee, or not the supervisor's report), and
// those of RequestEnrolment.
func (s *Service) Nominate(ctx context.Context, sessionID int64, by Actor, number string) (*Enrolment, error) {
	number = strings.TrimSpace(number)
	var id int64
	err := s.db.Write(ctx, func(tx *sqldb.Tx) error {
		emp, err := findEmployeeRef(ctx, tx, "nip = $1 OR ni_pppk = $1", number)
		if err != nil {
			return err
		}
		if emp == nil || emp.Status == "berhenti" {
			return invalid("employee", "training.employee_missing")
		}
		if !by.Admin {
			me, err := findEmployeeRef(ctx, tx, "user_id = $1", by.UserID)
			if err != nil {
				return err
			}
			if me == nil || emp.SupervisorID != me.ID {
				return invalid("employee", "training.not_report")
			}
		}
		id, err = s.enrol(ctx, tx, sessionID, emp, by, ViaNomination)
		return err
	})
	if err != nil {
		return nil, err
	}
	return s.FindEnrolment(ctx, id)
}

// enrol inserts an enrolment of emp: asked for (via request) or placed
// (via nomination). Until a session ends one may ask or be nominated; an
// admin records participants of an ended session until it is completed.
func (s *Service) enrol(ctx context.Context, tx *sqldb.Tx, sessionID int64, emp *employeeRef, by Actor, via string) (int64, error) {
	ss, err := findSession(ctx, tx, sessionID)
	if err != nil {
		return 0, err
	}
	now := s.now()
	if ph := ss.Phase(now); ph == "completed" || (ph == "ended" && !by.Admin) {
		return 0, ErrSessionClosed
	}
	var live int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM training_enrolments WHERE session_id = $1 AND employee_id = $2
  AND status NOT IN ('rejected', 'cancelled')`, sessionID, emp.ID).Scan(&live); err != nil {
		return 0, sqldb.Translate(err, "live enrolment")
	}
	if live > 0 {
		return 0, ErrAlreadyEnrolled
	}
	for _, pre := range ss.Programme.Prerequisites {
		var done int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM training_enrolments e JOIN training_sessions s ON s.id = e.session_id
WHERE e.employee_id = $1 AND s.programme_id = $2 AND e.status = 'completed' AND e.revoked_at IS NULL`,
			emp.ID, pre).Scan(&done); err != nil {
			return 0, sqldb.Translate(err, "prerequisite")
		}
		if done == 0 {
			return 0, ErrPrerequisite
		}
	}
	at := sqldb.Now(now)
	status, queued := StatusRequested, any(nil)
	if via == ViaNomination {
		status, queued = StatusWaitlisted, at
		if ss.SeatsLeft() > 0 {
			status = StatusEnrolled
		}
	}
	var id int64
	err = tx.QueryRowContext(ctx, `INSERT INTO training_enrolments (session_id, employee_id, status, via, requested_by, queued_at,
  created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id`, sessionID, emp.ID, status, via, nullID(by.UserID), queued,
		at).Scan(&id)
	if sqldb.IsUnique(err) {
		return 0, ErrAlreadyEnrolled
	}
	if err != nil {
		return 0, sqldb.Translate(err, "insert enrolment")
	}
	action := "training.enrolment.request"
	if via == ViaNomination {
		action = "training.enrolment.nominate"
	}
	return id, s.record(ctx, tx, at, action, "training_enrolment", id, map[string]any{
		"session": idText(sessionID), "employee": idText(emp.ID), "status": status})
}

// Decide approves (a seat, or the waitlist when none is free) or rejects
// an asked-for enrolment, as the employee's direct supervisor or an
// admin, and records training.enrolment.approve or .reject. Errors:
// not_found (no such enrolment, or not of the supervisor's report),
// failed_precondition (not waiting for a decision, or the session is over).
func (s *Service) Decide(ctx context.Context, enrolmentID int64, by Actor, approve bool) (*Enrolment, error) {
	err := s.db.Write(ctx, func(tx *sqldb.Tx) error {
		e, err := findEnrolment(ctx, tx, enrolmentID)
		if err != nil {
			return err
		}
		if !by.Admin {
			me, err := findEmployeeRef(ctx, tx, "user_id = $1", by.UserID)
			if err != nil {
				return err
			}
			emp, err := findEmployeeRef(ctx, tx, "id = $1", e.Employee.ID)
			if err != nil {
				return err
			}
			if me == nil || emp == nil || emp.SupervisorID != me.ID {
				return ErrEnrolmentNotFound
			}
		}
		if e.Status != StatusRequested {
			return ErrWrongStatus
		}
		ss, err := findSession(ctx, tx, e.SessionID)
		if err != nil {
			return err
		}
		now := s.now()
		if ph := ss.Phase(now); ph == "ended" || ph == "completed" {
			return ErrSessionClosed
		}
		at := sqldb.Now(now)
		status, action := StatusRejected, "training.enrolment.reject"
		if approve {
			status, action = StatusWaitlisted, "training.enrolment.approve"
			if ss.SeatsLeft() > 0 {
				status = StatusEnrolled
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE training_enrolments SET status = $1, decided_by = $2, queued_at = $3, updated_at = $3
WHERE id = $4`, status, nullID(by.UserID), at, enrolmentID); err != nil {
			return sqldb.Translate(err, "decide enrolment")
		}
		return s.record(ctx, tx, at, action, "training_enrolment", enrolmentID, map[string]any{"status": status})
	})
	if err != nil {
		return nil, err
	}
	return s.FindEnrolment(ctx, enrolmentID)
}

// Cancel withdraws an enrolment that is asked for, waiting or holding a
// seat — the employee's own, or any as admin — and, when it freed a seat,
// gives it to the first on the waitlist in the same transaction. Records
// training.enrolment.cancel (and training.enrolment.promote). Errors:
// not_found (no such enrolment, or another's), failed_precondition (not
// cancellable now).
func (s *Service) Cancel(ctx context.Context, enrolmentID int64, by Actor) error {
	return s.db.Write(ctx, func(tx *sqldb.Tx) error {
		e, err := findEnrolment(ctx, tx, enrolmentID)
		if err != nil {
			return err
		}
		if !by.Admin {
			me, err := findEmployeeRef(ctx, tx, "user_id = $1", by.UserID)
			if err != nil {
				return err
			}
			if me == nil || me.ID != e.Employee.ID {
				return ErrEnrolmentNotFound
			}
		}
		if !slices.Contains([]string{StatusRequested, StatusWaitlisted, StatusEnrolled}, e.Status) {
			return ErrWrongStatus
		}
		ss, err := findSession(ctx, tx, e.SessionID)
		if err != nil {
			return err
		}
		now := s.now()
		if ss.CompletedAt != nil {
			return ErrSessionCompleted
		}
		at := sqldb.Now(now)
		if _, err := tx.ExecContext(ctx, `UPDATE training_enrolments SET status = 'cancelled', updated_at = $1 WHERE id = $2`,
			at, enrolmentID); err != nil {
			return sqldb.Translate(err, "cancel enrolment")
		}
		if err := s.record(ctx, tx, at, "training.enrolment.cancel", "training_enrolment", enrolmentID,
			map[string]any{"was": e.Status}); err != nil {
			return err
		}
		if e.Status == StatusEnrolled {
			return s.promote(ctx, tx, e.SessionID, at)
		}
		return nil
	})
}

// promote gives the free seats of a session to the waitlist, first
// queued first.
func (s *Service) promote(ctx context.Context, tx *sqldb.Tx, sessionID int64, at time.Time) error {
	ss, err := findSession(ctx, tx, sessionID)
	if err != nil {
		return err
	}
	for range ss.SeatsLeft() {
		var id int64
		err := tx.QueryRowContext(ctx, `SELECT id FROM training_enrolments WHERE session_id = $1 AND status = 'waitlisted'
ORDER BY queued_at, id LIMIT 1`, sessionID).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return sqldb.Translate(err, "first waiting")
		}
		if _, err := tx.ExecContext(ctx, `UPDATE training_enrolments SET status = 'enrolled', updated_at = $1 WHERE id = $2`,
			at, id); err != nil {
			return sqldb.Translate(err, "promote")
		}
		if err := s.record(ctx, tx, at, "training.enrolment.promote", "training_enrolment", id,
			map[string]any{"session": idText(sessionID)}); err != nil {
			return err
		}
	}
	return nil
}
