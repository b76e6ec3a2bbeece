package exam

import (
	"context"
	"database/sql"
	"encoding/json"

	"asnpro/internal/sqldb"
)

// StageResult is where one participant of a period's stage stands: absent
// (no attempt, and the session they sit has closed), still to come or
// running (Pending), or finished with the scores of their attempt.
type StageResult struct {
	ApplicationID int64
	SessionID     int64
	AttemptID     int64 // 0: not started
	Pending       bool  // not started while the session is still open, or running
	Present       bool  // finished
	Result        *AttemptResult
}

// StageResults lists the participants of every session of a period's
// stage (StageSKD or StageSKB) with their results, by application. An
// attempt whose time is up but which nobody finished yet counts as
// pending: the sweep finishes it within a minute.
func (s *Service) StageResults(ctx context.Context, periodID int64, stage string) ([]StageResult, error) {
	now := sqldb.Now(s.now())
	var out []StageResult
	err := sqldb.RunQuery(ctx, s.db.R, `SELECT x.application_id, x.session_id, coalesce(x.attempt_id, 0), s.closes_at,
a.finished_at, coalesce(a.result, '')
FROM exam_participants x JOIN exam_sessions s ON s.id = x.session_id LEFT JOIN exam_attempts a ON a.id = x.attempt_id
WHERE x.period_id = $1 AND x.stage = $2 ORDER BY x.application_id`, func(r *sql.Rows) error {
		var sr StageResult
		var closes sql.NullTime
		var finished sql.NullTime
		var result string
		if err := r.Scan(&sr.ApplicationID, &sr.SessionID, &sr.AttemptID, &closes, &finished, &result); err != nil {
			return err
		}
		switch {
		case finished.Valid && result != "":
			sr.Present, sr.Result = true, &AttemptResult{}
			if err := json.Unmarshal([]byte(result), sr.Result); err != nil {
				return err
			}
		case sr.AttemptID != 0 || now.Before(closes.Time):
			sr.Pending = true
		}
		out = append(out, sr)
		return nil
	}, periodID, stage)
	return out, sqldb.Translate(err, "find stage results")
}
