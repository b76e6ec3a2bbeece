package training

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"asnpro/internal/apperr"
	"asnpro/internal/sqldb"
)

// Joins across parts: the workforce's employees and identity's users.
const enrolmentSelect = `SELECT e.id, e.session_id, e.employee_id, m.name, COALESCE(u.username, ''),
  COALESCE(m.nip, COALESCE(m.ni_pppk, '')), e.status, e.via, e.queued_at, e.pre_score, e.post_score, e.rating, e.comment,
  COALESCE(e.completed_on, ''), COALESCE(e.cert_code, ''), e.revoked_at, e.revoked_reason,
  (SELECT count(*) FROM training_attendance a WHERE a.enrolment_id = e.id AND a.present)
FROM training_enrolments e JOIN employees m ON m.id = e.employee_id LEFT JOIN users u ON u.id = m.user_id`

func scanEnrolment(r interface{ Scan(...any) error }) (*Enrolment, error) {
	var e Enrolment
	var queued, revoked sql.NullTime
	var pre, post, rating sql.NullInt64
	err := r.Scan(&e.ID, &e.SessionID, &e.Employee.ID, &e.Employee.Name, &e.Employee.Username, &e.EmployeeNIP, &e.Status, &e.Via,
		&queued, &pre, &post, &rating, &e.Comment, &e.CompletedOn, &e.CertCode, &revoked, &e.RevokedReason, &e.Present)
	if queued.Valid {
		e.QueuedAt = &queued.Time
	}
	if revoked.Valid {
		e.RevokedAt = &revoked.Time
	}
	e.PreScore, e.PostScore, e.Rating = intPtr(pre), intPtr(post), intPtr(rating)
	return &e, err
}

func intPtr(n sql.NullInt64) *int {
	if !n.Valid {
		return nil
	}
	v := int(n.Int64)
	return &v
}

// FindEnrolment returns an enrolment. Errors: not_found.
func (s *Service) FindEnrolment(ctx context.Context, id int64) (*Enrolment, error) {
	return findEnrolment(ctx, s.db.R, id)
}

func findEnrolment(ctx context.Context, q querier, id int64) (*Enrolment, error) {
	e, err := scanEnrolment(q.QueryRowContext(ctx, enrolmentSelect+` WHERE e.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrEnrolmentNotFound
	}
	return e, sqldb.Translate(err, "find enrolment")
}

func (s *Service) enrolments(ctx context.Context, where string, args ...any) ([]*Enrolment, error) {
	var out []*Enrolment
	err := sqldb.RunQuery(ctx, s.db.R, enrolmentSelect+` WHERE `+where, func(r *sql.Rows) error {
		e, err := scanEnrolment(r)
		out = append(out, e)
		return err
	}, args...)
	return out, sqldb.Translate(err, "enrolments")
}

// Participants lists a session's enrolments (every status but cancelled
// and rejected), the seated first by name, then the waitlist in its
// order, then those asked for; each with its attendance per meeting.
func (s *Service) Participants(ctx context.Context, sessionID int64) ([]*Enrolment, error) {
	ss, err := s.FindSession(ctx, sessionID)
	if err != nil {
		return nil, err
	}
	out, err := s.enrolments(ctx, `e.session_id = $1 AND e.status NOT IN ('cancelled', 'rejected')
ORDER BY CASE e.status WHEN 'waitlisted' THEN 2 WHEN 'requested' THEN 3 ELSE 1 END, e.queued_at, m.name, e.id`, sessionID)
	if err != nil {
		return nil, err
	}
	by := map[int64]*Enrolment{}
	for _, e := range out {
		e.Attendance = make([]bool, ss.Meetings)
		by[e.ID] = e
	}
	err = sqldb.RunQuery(ctx, s.db.R, `SELECT a.enrolment_id, a.meeting, a.present FROM training_attendance a
JOIN training_enrolments e ON e.id = a.enrolment_id WHERE e.session_id = $1`, func(r *sql.Rows) error {
		var id int64
		var no int
		var present bool
		if err := r.Scan(&id, &no, &present); err != nil {
			return err
		}
		if e := by[id]; e != nil && no >= 1 && no <= len(e.Attendance) {
			e.Attendance[no-1] = present
		}
		return nil
	}, sessionID)
	return out, sqldb.Translate(err, "attendance")
}

// EnrolmentsOfUser lists the enrolments of the employee whose account is
// userID, the newest first.
func (s *Service) EnrolmentsOfUser(ctx context.Context, userID int64) ([]*Enrolment, error) {
	return s.enrolments(ctx, `m.user_id = $1 ORDER BY e.created_at DESC, e.id DESC`, userID)
}

// PendingFor lists the enrolments asked for by the direct reports of the
// supervisor whose account is userID, the oldest first.
func (s *Service) PendingFor(ctx context.Context, userID int64) ([]*Enrolment, error) {
	return s.enrolments(ctx, `e.status = 'requested' AND m.supervisor_id = (SELECT id FROM employees WHERE user_id = $1)
ORDER BY e.created_at, e.id`, userID)
}

// mayTeach checks that by may record results of session ss: an admin, or
// a trainer of the session's institution.
func mayTeach(ctx context.Context, q querier, by Actor, ss *Session) error {
	if by.Admin {
		return nil
	}
	inst, err := institutionOf(ctx, q, by.UserID)
	if err != nil {
		return err
	}
	if inst == 0 || inst != ss.Programme.InstitutionID {
		return ErrOtherInstitution
	}
	return nil
}

// teaching loads a session for recording results: it exists, by may teach
// it, it has started and is not completed.
func (s *Service) teaching(ctx context.Context, tx *sqldb.Tx, sessionID int64, by Actor) (*Session, error) {
	ss, err := findSession(ctx, tx, sessionID)
	if err != nil {
		return nil, err
	}
	if err := mayTeach(ctx, tx, by, ss); err != nil {
		return nil, err
	}
	if ss.CompletedAt != nil {
		return nil, ErrSessionCompleted
	}
	if s.now().Before(ss.StartsAt) {
		return nil, ErrNotStarted
	}
	return ss, nil
}

// seated returns the session's enrolment id if it holds a seat, else
// ErrParticipantNotFound.
func seated(ctx context.Context, tx *sqldb.Tx, sessionID, enrolmentID int64) error {
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM training_enrolments WHERE id = $1 AND session_id = $2 AND status = 'enrolled'`,
		enrolmentID, sessionID).Scan(&n); err != nil {
		return sqldb.Translate(err, "participant")
	}
	if n == 0 {
		return ErrParticipantNotFound
	}
	return nil
}

// RecordAttendance records who was present at meeting no (1…meetings) of
// a session: present lists enrolments, every other seated participant is
// absent. Records training.attendance. Errors: not_found (the session; a
// meeting out of range; an enrolment that is not a seated participant of
// the session), forbidden (a trainer of another institution),
// failed_precondition (not started, or completed).
func (s *Service) RecordAttendance(ctx context.Context, sessionID int64, no int, by Actor, present []int64) error {
	return s.db.Write(ctx, func(tx *sqldb.Tx) error {
		ss, err := s.teaching(ctx, tx, sessionID, by)
		if err != nil {
			return err
		}
		if no < 1 || no > ss.Meetings {
			return ErrMeetingNotFound
		}
		here := map[int64]bool{}
		for _, id := range present {
			if err := seated(ctx, tx, sessionID, id); err != nil {
				return err
			}
			here[id] = true
		}
		var ids []int64
		err = sqldb.RunQuery(ctx, tx, `SELECT id FROM training_enrolments WHERE session_id = $1 AND status = 'enrolled' ORDER BY id`,
			func(r *sql.Rows) error {
				var id int64
				err := r.Scan(&id)
				ids = append(ids, id)
				return err
			}, sessionID)
		if err != nil {
			return sqldb.Translate(err, "seated")
		}
		for _, id := range ids {
			if _, err := tx.ExecContext(ctx, `DELETE FROM training_attendance WHERE enrolment_id = $1 AND meeting = $2`, id, no); err != nil {
				return sqldb.Translate(err, "attendance")
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO training_attendance (enrolment_id, meeting, present) VALUES ($1, $2, $3)`,
				id, no, here[id]); err != nil {
				return sqldb.Translate(err, "attendance")
			}
		}
		at := sqldb.Now(s.now())
		return s.record(ctx, tx, at, "training.attendance", "training_session", sessionID,
			map[string]any{"meeting": no, "present": idTexts(present), "seated": len(ids)})
	})
}

func idTexts(ids []int64) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = idText(id)
	}
	return out
}

// Scores are a participant's pre- and post-test scores (nil: not taken).
type Scores struct {
	EnrolmentID int64
	Pre, Post   *int
}

// RecordScores records pre- and post-test scores (0–100) of seated
// participants and training.scores. Errors: not_found (the session; an
// enrolment that is not a seated participant), forbidden (a trainer of
// another institution), invalid ("score": out of range),
// failed_precondition (not started, or completed).
func (s *Service) RecordScores(ctx context.Context, sessionID int64, by Actor, scores []Scores) error {
	for _, sc := range scores {
		for _, v := range []*int{sc.Pre, sc.Post} {
			if v != nil && (*v < 0 || *v > maxScore) {
				return invalid("score", "training.score")
			}
		}
	}
	return s.db.Write(ctx, func(tx *sqldb.Tx) error {
		if _, err := s.teaching(ctx, tx, sessionID, by); err != nil {
			return err
		}
		data := map[string]any{}
		for _, sc := range scores {
			if err := seated(ctx, tx, sessionID, sc.EnrolmentID); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `UPDATE training_enrolments SET pre_score = $1, post_score = $2 WHERE id = $3`,
				nullInt(sc.Pre), nullInt(sc.Post), sc.EnrolmentID); err != nil {
				return sqldb.Translate(err, "scores")
			}
			data[idText(sc.EnrolmentID)] = map[string]any{"pre": sc.Pre, "post": sc.Post}
		}
		return s.record(ctx, tx, sqldb.Now(s.now()), "training.scores", "training_session", sessionID, data)
	})
}

func nullInt(v *int) any {
	if v == nil {
		return nil
	}
	return *v
}

// Outcome is what completing a session decided for one participant.
type Outcome struct {
	EnrolmentID int64
	Passed      bool
}

// CompleteSession applies the completion rule to every seated participant
// — completed (with a certificate code drawn from crypto/rand, and
// Deps.OnComplete told) or incomplete —, closes the waitlist and the
// requests, and records training.session.complete. The completion date is
// the session's last day, or today if it has not ended. Errors: not_found,
// forbidden (a trainer of another institution), failed_precondition (not
// started, or completed already).
func (s *Service) CompleteSession(ctx context.Context, sessionID int64, by Actor) ([]Outcome, error) {
	var out []Outcome
	err := s.db.Write(ctx, func(tx *sqldb.Tx) error {
		out = nil
		ss, err := s.teaching(ctx, tx, sessionID, by)
		if err != nil {
			return err
		}
		now := s.now()
		doneAt := ss.EndsAt
		if now.Before(doneAt) {
			doneAt = now
		}
		day := DayWIB(doneAt)
		var es []*Enrolment
		err = sqldb.RunQuery(ctx, tx, enrolmentSelect+` WHERE e.session_id = $1 AND e.status = 'enrolled' ORDER BY e.id`,
			func(r *sql.Rows) error {
				e, err := scanEnrolment(r)
				es = append(es, e)
				return err
			}, sessionID)
		if err != nil {
			return sqldb.Translate(err, "seated")
		}
		at := sqldb.Now(now)
		for _, e := range es {
			o, err := s.complete(ctx, tx, ss, e, day, at)
			if err != nil {
				return err
			}
			out = append(out, o)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE training_enrolments SET status = 'cancelled', updated_at = $1
WHERE session_id = $2 AND status IN ('requested', 'waitlisted')`, at, sessionID); err != nil {
			return sqldb.Translate(err, "close waitlist")
		}
		if _, err := tx.ExecContext(ctx, `UPDATE training_sessions SET completed_at = $1 WHERE id = $2`, at, sessionID); err != nil {
			return sqldb.Translate(err, "complete session")
		}
		passed := 0
		for _, o := range out {
			if o.Passed {
				passed++
			}
		}
		return s.record(ctx, tx, at, "training.session.complete", "training_session", sessionID,
			map[string]any{"participants": len(out), "completed": passed, "completed_on": day})
	})
	return out, err
}

func (s *Service) complete(ctx context.Context, tx *sqldb.Tx, ss *Session, e *Enrolment, day string, at time.Time) (Outcome, error) {
	o := Outcome{EnrolmentID: e.ID, Passed: Passes(e.Present, ss.Meetings, ss.MinAttendance, e.PostScore, ss.PassScore)}
	if !o.Passed {
		_, err := tx.ExecContext(ctx, `UPDATE training_enrolments SET status = 'incomplete', updated_at = $1 WHERE id = $2`, at, e.ID)
		return o, sqldb.Translate(err, "incomplete")
	}
	code, err := newCode()
	if err != nil {
		return o, err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE training_enrolments SET status = 'completed', completed_on = $1, cert_code = $2,
  updated_at = $3 WHERE id = $4`, day, code, at, e.ID); err != nil {
		return o, sqldb.Translate(err, "completed")
	}
	if err := s.record(ctx, tx, at, "training.enrolment.complete", "training_enrolment", e.ID,
		map[string]any{"completed_on": day, "jp": ss.Programme.JP}); err != nil {
		return o, err
	}
	if s.deps.OnComplete != nil {
		d, _ := time.ParseInLocation(time.DateOnly, day, wib)
		c := Completion{EmployeeID: e.Employee.ID, Title: ss.Programme.Title, Institution: ss.Programme.Institution,
			JP: ss.Programme.JP, CompletedOn: d, Ref: e.Ref()}
		if err := s.deps.OnComplete(ctx, tx, c); err != nil {
			return o, err
		}
	}
	return o, nil
}

// GiveFeedback records the employee's rating (1–5) and comment of a
// session they took part in (seated, completed or incomplete), after it
// has started, and training.feedback. Errors: not_found (no such
// enrolment, or another's), invalid (rating, comment), failed_precondition
// (not a participant, or the session has not started).
func (s *Service) GiveFeedback(ctx context.Context, enrolmentID, userID int64, rating int, comment string) error {
	if rating < minRating || rating > maxRating {
		return invalid("rating", "training.rating")
	}
	if m := checkComment(&comment); m != "" {
		return invalid("comment", m)
	}
	return s.db.Write(ctx, func(tx *sqldb.Tx) error {
		e, err := findEnrolment(ctx, tx, enrolmentID)
		if err != nil {
			return err
		}
		me, err := findEmployeeRef(ctx, tx, "user_id = $1", userID)
		if err != nil {
			return err
		}
		if me == nil || me.ID != e.Employee.ID {
			return ErrEnrolmentNotFound
		}
		if e.Status != StatusEnrolled && e.Status != StatusCompleted && e.Status != StatusIncomplete {
			return ErrWrongStatus
		}
		ss, err := findSession(ctx, tx, e.SessionID)
		if err != nil {
			return err
		}
		now := s.now()
		if now.Before(ss.StartsAt) {
			return ErrNotStarted
		}
		at := sqldb.Now(now)
		if _, err := tx.ExecContext(ctx, `UPDATE training_enrolments SET rating = $1, comment = $2, updated_at = $3 WHERE id = $4`,
			rating, comment, at, enrolmentID); err != nil {
			return sqldb.Translate(err, "feedback")
		}
		return s.record(ctx, tx, at, "training.feedback", "training_enrolment", enrolmentID,
			map[string]any{"rating": rating, "comment": comment})
	})
}

// Certificate is what a certificate says, and whether it stands.
type Certificate struct {
	Code          string
	Name          string
	NIP           string
	Programme     string
	Institution   string
	JP            int
	CompletedOn   string // YYYY-MM-DD
	RevokedAt     *time.Time
	RevokedReason string
	EnrolmentID   int64
	EmployeeUser  string
}

// Joins across parts: the workforce's employees and identity's users.
const certificateSelect = `SELECT e.cert_code, m.name, COALESCE(m.nip, COALESCE(m.ni_pppk, '')), p.title, i.name, p.jp,
  e.completed_on, e.revoked_at, e.revoked_reason, e.id, COALESCE(u.username, '')
FROM training_enrolments e JOIN employees m ON m.id = e.employee_id LEFT JOIN users u ON u.id = m.user_id
JOIN training_sessions s ON s.id = e.session_id JOIN training_programmes p ON p.id = s.programme_id
JOIN training_institutions i ON i.id = p.institution_id`

func scanCertificate(r *sql.Row) (*Certificate, error) {
	var c Certificate
	var revoked sql.NullTime
	err := r.Scan(&c.Code, &c.Name, &c.NIP, &c.Programme, &c.Institution, &c.JP, &c.CompletedOn, &revoked, &c.RevokedReason,
		&c.EnrolmentID, &c.EmployeeUser)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrCertificateNotFound
	}
	if revoked.Valid {
		c.RevokedAt = &revoked.Time
	}
	return &c, sqldb.Translate(err, "certificate")
}

// VerifyCertificate returns the certificate with a verification code
// (case, spaces and hyphens ignored), revoked or not. Errors: not_found.
func (s *Service) VerifyCertificate(ctx context.Context, code string) (*Certificate, error) {
	code = NormalCode(code)
	if code == "" || len(code) > 64 {
		return nil, ErrCertificateNotFound
	}
	return scanCertificate(s.db.R.QueryRowContext(ctx, certificateSelect+` WHERE e.cert_code = $1`, code))
}

// CertificateOf returns the certificate of an enrolment for its employee
// (the account userID) or an admin. Errors: not_found (no certificate, or
// another's).
func (s *Service) CertificateOf(ctx context.Context, enrolmentID int64, by Actor) (*Certificate, error) {
	c, err := scanCertificate(s.db.R.QueryRowContext(ctx, certificateSelect+` WHERE e.id = $1 AND e.status = 'completed'`, enrolmentID))
	if err != nil {
		return nil, err
	}
	if !by.Admin {
		var owner int64
		if err := s.db.R.QueryRowContext(ctx, `SELECT COALESCE(m.user_id, 0) FROM training_enrolments e
JOIN employees m ON m.id = e.employee_id WHERE e.id = $1`, enrolmentID).Scan(&owner); err != nil {
			return nil, sqldb.Translate(err, "certificate owner")
		}
		if owner != by.UserID {
			return nil, ErrCertificateNotFound
		}
	}
	return c, nil
}

// Revoke revokes a certificate with a reason, tells Deps.OnRevoke, and
// records training.certificate.revoke. Errors: not_found (no certificate),
// invalid ("reason": required), conflict (revoked already).
func (s *Service) Revoke(ctx context.Context, enrolmentID int64, reason string) error {
	if m := checkReason(&reason); m != "" {
		return invalid("reason", m)
	}
	return s.db.Write(ctx, func(tx *sqldb.Tx) error {
		e, err := findEnrolment(ctx, tx, enrolmentID)
		if err != nil {
			return err
		}
		if e.Status != StatusCompleted || e.CertCode == "" {
			return ErrCertificateNotFound
		}
		if e.RevokedAt != nil {
			return ErrAlreadyRevoked
		}
		at := sqldb.Now(s.now())
		if _, err := tx.ExecContext(ctx, `UPDATE training_enrolments SET revoked_at = $1, revoked_reason = $2, updated_at = $1 WHERE id = $3`,
			at, reason, enrolmentID); err != nil {
			return sqldb.Translate(err, "revoke")
		}
		if s.deps.OnRevoke != nil {
			if err := s.deps.OnRevoke(ctx, tx, e.Ref()); err != nil {
				return err
			}
		}
		return s.record(ctx, tx, at, "training.certificate.revoke", "training_enrolment", enrolmentID, map[string]any{"reason": reason})
	})
}

// checkComment and checkReason normalise free text, returning the key of
// the reason it is refused ("" when accepted).
func checkComment(v *string) string { return checkFree(v, false) }
func checkReason(v *string) string  { return checkFree(v, true) }

func checkFree(v *string, required bool) string {
	f := map[string]apperr.Msg{}
	text(f, "x", v, required, maxText)
	*v = strings.TrimSpace(*v)
	return f["x"].Key
}
