package exam

import (
	"context"
	"database/sql"
	"encoding/json"
	"time"

	"asnpro/internal/sqldb"
)

// AttemptSummary is one of a taker's attempts as a list shows it: when it
// ran and, once finished, its total out of its maximum.
type AttemptSummary struct {
	ID         int64
	Practice   bool
	StartedAt  time.Time
	EndsAt     time.Time
	FinishedAt *time.Time
	Total, Max int
}

// Attempts lists user's practice attempts, the latest first (at most 100). An
// attempt whose time is up but which nobody finished yet shows without a
// score until it is read or swept.
func (s *Service) Attempts(ctx context.Context, userID int64) ([]AttemptSummary, error) {
	var out []AttemptSummary
	err := sqldb.RunQuery(ctx, s.db.R, `SELECT id, practice, started_at, ends_at, finished_at, result FROM exam_attempts
WHERE user_id = $1 AND practice ORDER BY started_at DESC, id DESC LIMIT 100`, func(r *sql.Rows) error {
		var a AttemptSummary
		var finished sql.NullTime
		var result string
		if err := r.Scan(&a.ID, &a.Practice, &a.StartedAt, &a.EndsAt, &finished, &result); err != nil {
			return err
		}
		if finished.Valid {
			t := finished.Time
			a.FinishedAt = &t
		}
		if result != "" {
			var res AttemptResult
			if err := json.Unmarshal([]byte(result), &res); err != nil {
				return err
			}
			a.Total, a.Max = res.Total, res.Max
		}
		out = append(out, a)
		return nil
	}, userID)
	return out, sqldb.Translate(err, "find attempts")
}
