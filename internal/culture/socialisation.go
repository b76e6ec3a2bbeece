package culture

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"

	"asnpro/internal/apperr"
	"asnpro/internal/audit"
	"asnpro/internal/sqldb"
	"asnpro/internal/workforce"
)

// Credit is the JP an attendance of a socialisation session counts, as the
// development hours take it (Ref: once per session and employee).
type Credit struct {
	EmployeeID  int64
	Title       string
	Institution string
	JP          int
	CompletedOn time.Time
	Ref         string
}

// Session is a socialisation session on ethics and integrity.
type Session struct {
	ID        int64
	Title     string
	Starts    time.Time
	Ends      time.Time
	Place     string
	JP        int
	Quiz      []Question
	Attendees int
}

// Online reports whether the place is an online link.
func (s *Session) Online() bool {
	return len(s.Place) > 8 && (s.Place[:8] == "https://" || s.Place[:7] == "http://")
}

const sessionColumns = `s.id, s.title, s.starts_at, s.ends_at, s.place, s.jp, s.quiz,
  (SELECT count(*) FROM socialisation_attendance a WHERE a.session_id = s.id)`

func scanSession(r scanner) (*Session, error) {
	var s Session
	var quiz string
	if err := r.Scan(&s.ID, &s.Title, &s.Starts, &s.Ends, &s.Place, &s.JP, &quiz, &s.Attendees); err != nil {
		return nil, err
	}
	return &s, json.Unmarshal([]byte(quiz), &s.Quiz)
}

func sessionRef(sessionID, employeeID int64) string {
	return "culture:socialisation:" + idText(sessionID) + ":" + idText(employeeID)
}

// Organise schedules a session with its quiz (socialisation.organise).
// Errors: invalid.
func (s *Service) Organise(ctx context.Context, userID int64, n NewSession) (*Session, error) {
	if err := n.check(); err != nil {
		return nil, err
	}
	quiz, err := json.Marshal(n.Quiz)
	if err != nil {
		return nil, err
	}
	out := &Session{Title: n.Title, Starts: sqldb.Now(n.Starts), Ends: sqldb.Now(n.Ends), Place: n.Place, JP: n.JP, Quiz: n.Quiz}
	var by any
	if userID != 0 {
		by = userID
	}
	err = s.db.Write(ctx, func(tx *sqldb.Tx) error {
		at := sqldb.Now(s.now())
		err := tx.QueryRowContext(ctx, `INSERT INTO socialisation_sessions (title, starts_at, ends_at, place, jp, quiz, created_at,
  created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`, out.Title, out.Starts, out.Ends, out.Place, out.JP,
			string(quiz), at, by).Scan(&out.ID)
		if err != nil {
			return sqldb.Translate(err, "insert session")
		}
		return s.record(ctx, tx, audit.Event{At: at, Action: "socialisation.organise", ObjectType: "socialisation_session",
			ObjectID: idText(out.ID), Data: map[string]any{"title": out.Title, "starts": out.Starts, "jp": out.JP,
				"questions": len(out.Quiz)}})
	})
	return out, err
}

// FindSession returns a session. Errors: not_found.
func (s *Service) FindSession(ctx context.Context, id int64) (*Session, error) {
	x, err := scanSession(s.db.R.QueryRowContext(ctx, `SELECT `+sessionColumns+` FROM socialisation_sessions s WHERE s.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrSessionNotFound
	}
	return x, sqldb.Translate(err, "find session")
}

// SessionFor is a session as one employee sees it: whether they attended
// and their quiz's score (nil: not answered).
type SessionFor struct {
	*Session
	Attended bool
	Score    *int
}

// Sessions lists the sessions, latest start first. employeeID 0: every
// session; else the upcoming ones (not ended at now) and those the
// employee attended, each with their attendance.
func (s *Service) Sessions(ctx context.Context, employeeID int64) ([]SessionFor, error) {
	var out []SessionFor
	err := sqldb.RunQuery(ctx, s.db.R, `SELECT `+sessionColumns+`, a.employee_id IS NOT NULL, a.score
FROM socialisation_sessions s LEFT JOIN socialisation_attendance a ON a.session_id = s.id AND a.employee_id = $1
WHERE $1 = 0 OR a.employee_id IS NOT NULL OR s.ends_at > $2
ORDER BY s.starts_at DESC, s.id DESC`, func(r *sql.Rows) error {
		var x Session
		var f SessionFor
		var quiz string
		var score sql.NullInt64
		if err := r.Scan(&x.ID, &x.Title, &x.Starts, &x.Ends, &x.Place, &x.JP, &quiz, &x.Attendees, &f.Attended, &score); err != nil {
			return err
		}
		if score.Valid {
			v := int(score.Int64)
			f.Score = &v
		}
		f.Session = &x
		out = append(out, f)
		return json.Unmarshal([]byte(quiz), &x.Quiz)
	}, employeeID, sqldb.Now(s.now()))
	return out, sqldb.Translate(err, "sessions")
}

// Attend records that an employee attended a session (socialisation.attend)
// and, when the session counts JP, credits them through Deps.OnAttend in
// the same transaction (once per session and employee). Recording it again
// changes nothing. Errors: not_found (the session, the employee).
func (s *Service) Attend(ctx context.Context, sessionID, employeeID int64) error {
	return s.db.Write(ctx, func(tx *sqldb.Tx) error {
		return s.attend(ctx, tx, sessionID, employeeID, s.now())
	})
}

func (s *Service) attend(ctx context.Context, tx *sqldb.Tx, sessionID, employeeID int64, now time.Time) error {
	var title string
	var jp int
	var ends time.Time
	err := tx.QueryRowContext(ctx, `SELECT title, jp, ends_at FROM socialisation_sessions WHERE id = $1`, sessionID).
		Scan(&title, &jp, &ends)
	if errors.Is(err, sql.ErrNoRows) {
		return ErrSessionNotFound
	}
	if err != nil {
		return sqldb.Translate(err, "find session")
	}
	var unitID any
	var unit sql.NullInt64
	err = tx.QueryRowContext(ctx, `SELECT unit_id FROM employees WHERE id = $1`, employeeID).Scan(&unit)
	if errors.Is(err, sql.ErrNoRows) {
		return workforce.ErrEmployeeNotFound
	}
	if err != nil {
		return sqldb.Translate(err, "find employee")
	}
	if unit.Valid {
		unitID = unit.Int64
	}
	at := sqldb.Now(now)
	res, err := tx.ExecContext(ctx, `INSERT INTO socialisation_attendance (session_id, employee_id, unit_id, attended_at)
VALUES ($1, $2, $3, $4) ON CONFLICT (session_id, employee_id) DO NOTHING`, sessionID, employeeID, unitID, at)
	if err != nil {
		return sqldb.Translate(err, "insert attendance")
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return nil
	}
	if jp > 0 && s.onAttend != nil {
		err := s.onAttend(ctx, tx, Credit{EmployeeID: employeeID, Title: title, Institution: "BKPSDM", JP: jp, CompletedOn: ends,
			Ref: sessionRef(sessionID, employeeID)})
		if err != nil {
			return err
		}
	}
	return s.record(ctx, tx, audit.Event{At: at, Action: "socialisation.attend", ObjectType: "socialisation_session",
		ObjectID: idText(sessionID), Data: map[string]any{"employee": idText(employeeID), "jp": jp}})
}

// Answer records the quiz of a session the account userID's employee
// attended (socialisation.answer) and returns the score, once. Errors:
// not_found (the session), forbidden (not an employee; not attended),
// conflict (answered already), invalid (not one valid answer per question).
func (s *Service) Answer(ctx context.Context, userID, sessionID int64, answers []int) (int, error) {
	e, err := s.staff.FindEmployeeByUser(ctx, userID)
	if errors.Is(err, workforce.ErrEmployeeNotFound) {
		return 0, ErrNotEmployee
	}
	if err != nil {
		return 0, err
	}
	x, err := s.FindSession(ctx, sessionID)
	if err != nil {
		return 0, err
	}
	var score int
	err = s.db.Write(ctx, func(tx *sqldb.Tx) error {
		var answered sql.NullTime
		err := tx.QueryRowContext(ctx, `SELECT answered_at FROM socialisation_attendance WHERE session_id = $1 AND employee_id = $2`,
			sessionID, e.ID).Scan(&answered)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			return ErrNotAttended
		case err != nil:
			return sqldb.Translate(err, "find attendance")
		case answered.Valid:
			return ErrQuizAnswered
		}
		var ok bool
		if score, ok = Score(x.Quiz, answers); !ok {
			return apperr.InvalidMsgs(map[string]apperr.Msg{"answers": apperr.M("socialisation.answers")})
		}
		at := sqldb.Now(s.now())
		res, err := tx.ExecContext(ctx, `UPDATE socialisation_attendance SET score = $1, answered_at = $2
WHERE session_id = $3 AND employee_id = $4 AND answered_at IS NULL`, score, at, sessionID, e.ID)
		if err != nil {
			return sqldb.Translate(err, "record answers")
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrQuizAnswered
		}
		return s.record(ctx, tx, audit.Event{At: at, Action: "socialisation.answer", ObjectType: "socialisation_session",
			ObjectID: idText(sessionID), Data: map[string]any{"employee": idText(e.ID), "score": score, "of": len(x.Quiz)}})
	})
	return score, err
}

// Attendee is an employee who attended a session.
type Attendee struct {
	EmployeeID int64
	Name       string
	Number     string
	Unit       string
	Score      *int
}

// Attendees lists who attended a session, by name.
//
// Joins across parts: employees and org_units (workforce).
func (s *Service) Attendees(ctx context.Context, sessionID int64) ([]Attendee, error) {
	var out []Attendee
	err := sqldb.RunQuery(ctx, s.db.R, `SELECT e.id, e.name, COALESCE(e.nip, e.ni_pppk, ''), COALESCE(u.name, ''), a.score
FROM socialisation_attendance a JOIN employees e ON e.id = a.employee_id LEFT JOIN org_units u ON u.id = e.unit_id
WHERE a.session_id = $1 ORDER BY e.name, e.id`, func(r *sql.Rows) error {
		var a Attendee
		var score sql.NullInt64
		err := r.Scan(&a.EmployeeID, &a.Name, &a.Number, &a.Unit, &score)
		if score.Valid {
			v := int(score.Int64)
			a.Score = &v
		}
		out = append(out, a)
		return err
	}, sessionID)
	return out, sqldb.Translate(err, "attendees")
}
