package exam

import (
	"context"
	"database/sql"
	"encoding/json"
	"slices"
	"time"

	"asnpro/internal/sqldb"
)

// participantColumns reads a participant with the application's number,
// the applicant's name, the formation's code and the attempt's state.
const participantColumns = `x.session_id, x.application_id, x.user_id, ap.registration_number, pe.name, f.code, x.category,
x.extra_minutes, x.extra_reason, coalesce(x.attempt_id, 0), a.started_at, a.ends_at, a.finished_at,
coalesce(a.auto_finished, FALSE), coalesce(a.result, '')
FROM exam_participants x JOIN applications ap ON ap.id = x.application_id JOIN applicants pe ON pe.id = ap.applicant_id
  JOIN formations f ON f.id = ap.formation_id LEFT JOIN exam_attempts a ON a.id = x.attempt_id`

func scanParticipant(r *sql.Rows) (*Participant, error) {
	var p Participant
	var started, ends, finished sql.NullTime
	var result string
	if err := r.Scan(&p.SessionID, &p.ApplicationID, &p.UserID, &p.RegistrationNumber, &p.Name, &p.FormationCode, &p.Category,
		&p.ExtraMinutes, &p.ExtraReason, &p.AttemptID, &started, &ends, &finished, &p.AutoFinished, &result); err != nil {
		return nil, err
	}
	p.StartedAt, p.EndsAt, p.FinishedAt = timeOrNil(started), timeOrNil(ends), timeOrNil(finished)
	if result != "" {
		p.Result = &AttemptResult{}
		if err := json.Unmarshal([]byte(result), p.Result); err != nil {
			return nil, err
		}
	}
	return &p, nil
}

func timeOrNil(t sql.NullTime) *time.Time {
	if !t.Valid {
		return nil
	}
	v := t.Time.UTC()
	return &v
}

// FindParticipants returns a page of a session's participants by
// registration number (limit ≤ 0: all) and how many it has.
func (s *Service) FindParticipants(ctx context.Context, sessionID int64, offset, limit int) ([]*Participant, int, error) {
	var total int
	if err := s.db.R.QueryRowContext(ctx, `SELECT count(*) FROM exam_participants WHERE session_id = $1`, sessionID).Scan(&total); err != nil {
		return nil, 0, sqldb.Translate(err, "count participants")
	}
	query := `SELECT ` + participantColumns + ` WHERE x.session_id = $1 ORDER BY ap.registration_number`
	args := []any{sessionID}
	if limit > 0 {
		query += ` LIMIT $2 OFFSET $3`
		args = append(args, limit, offset)
	}
	var out []*Participant
	err := sqldb.RunQuery(ctx, s.db.R, query, func(r *sql.Rows) error {
		p, err := scanParticipant(r)
		out = append(out, p)
		return err
	}, args...)
	return out, total, sqldb.Translate(err, "find participants")
}

// Seat is a session a user sits, with their place in it.
type Seat struct {
	Session     *Session
	Participant *Participant
}

// FindSeats lists the sessions user sits, the latest opening first.
func (s *Service) FindSeats(ctx context.Context, userID int64) ([]Seat, error) {
	var parts []*Participant
	err := sqldb.RunQuery(ctx, s.db.R, `SELECT `+participantColumns+` WHERE x.user_id = $1`, func(r *sql.Rows) error {
		p, err := scanParticipant(r)
		parts = append(parts, p)
		return err
	}, userID)
	if err != nil {
		return nil, sqldb.Translate(err, "find seats")
	}
	out := make([]Seat, 0, len(parts))
	for _, p := range parts {
		ses, err := s.FindSession(ctx, p.SessionID)
		if err != nil {
			return nil, err
		}
		out = append(out, Seat{Session: ses, Participant: p})
	}
	slices.SortFunc(out, func(a, b Seat) int { return b.Session.OpensAt.Compare(a.Session.OpensAt) })
	return out, nil
}
