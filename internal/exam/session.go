package exam

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"database/sql"
	"encoding/hex"
	"errors"
	"strconv"

	"asnpro/internal/apperr"
	"asnpro/internal/audit"
	"asnpro/internal/sqldb"
)

// ErrAttemptTakenOver: the attempt was opened again (another device or
// tab) and this session's saves are refused; its field "session" lets a
// client tell it from the end of time.
var ErrAttemptTakenOver = &apperr.Error{Code: apperr.Conflict, Msg: apperr.M("exam.attempt.taken_over"),
	FieldMsgs: map[string]apperr.Msg{"session": apperr.M("exam.attempt.taken_over")}}

func sessionDigest(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// OpenSession makes a session of user's running attempt id the only one
// whose saves are taken and returns its token. current is the token the
// caller already holds: when it is the attempt's live one, it is kept.
// Otherwise a new token replaces the live one, and if there was one,
// attempt.takeover is recorded. Errors: not_found (ErrAttemptNotFound),
// conflict (ErrAttemptOver: finished or out of time).
func (s *Service) OpenSession(ctx context.Context, userID, id int64, current string) (string, error) {
	token := current
	err := s.db.Write(ctx, func(tx *sqldb.Tx) error {
		var owner int64
		var live string
		var finished sql.NullTime
		err := tx.QueryRowContext(ctx, `UPDATE exam_attempts SET items = items WHERE id = $1
RETURNING user_id, session_sha256, finished_at`, id).Scan(&owner, &live, &finished)
		if errors.Is(err, sql.ErrNoRows) || (err == nil && owner != userID) {
			return ErrAttemptNotFound
		}
		if err != nil {
			return sqldb.Translate(err, "find attempt")
		}
		if finished.Valid {
			return ErrAttemptOver
		}
		if current != "" && live != "" && subtle.ConstantTimeCompare([]byte(sessionDigest(current)), []byte(live)) == 1 {
			return nil
		}
		token = rand.Text()
		if _, err := tx.ExecContext(ctx, `UPDATE exam_attempts SET session_sha256 = $1 WHERE id = $2`, sessionDigest(token), id); err != nil {
			return sqldb.Translate(err, "open session")
		}
		if live == "" {
			return nil
		}
		return s.record(ctx, tx, audit.Event{Action: "attempt.takeover", ObjectType: "exam_attempt", ObjectID: strconv.FormatInt(id, 10)})
	})
	if err != nil {
		return "", err
	}
	return token, nil
}
