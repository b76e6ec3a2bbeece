package culture

import (
	"context"
	"database/sql"
	"time"

	"asnpro/internal/sqldb"
)

// MonthActivity is the forum's activity in one month (WIB), "2026-03":
// threads opened, replies posted, and replies among them marked as a
// solution (counted in the month they were posted).
type MonthActivity struct {
	Month     string
	Threads   int
	Replies   int
	Solutions int
}

// ActivityByMonth counts the forum's visible posts per month (WIB) from
// from to to, months without a post left out, oldest first (index
// forum_posts_created).
func (s *Service) ActivityByMonth(ctx context.Context, from, to time.Time) ([]MonthActivity, error) {
	month := `strftime('%Y-%m', p.created_at, '+7 hours')`
	if s.db.Engine == sqldb.Postgres {
		month = `to_char(p.created_at AT TIME ZONE 'Asia/Jakarta', 'YYYY-MM')`
	}
	var out []MonthActivity
	err := sqldb.RunQuery(ctx, s.db.R, `SELECT `+month+` AS m,
  SUM(CASE WHEN p.opening THEN 1 ELSE 0 END), SUM(CASE WHEN p.opening THEN 0 ELSE 1 END),
  SUM(CASE WHEN t.solution_post_id = p.id THEN 1 ELSE 0 END)
FROM forum_posts p JOIN forum_threads t ON t.id = p.thread_id
WHERE p.created_at >= $1 AND p.created_at < $2 AND p.hidden_at IS NULL AND NOT t.hidden
GROUP BY m ORDER BY m`, func(r *sql.Rows) error {
		var a MonthActivity
		err := r.Scan(&a.Month, &a.Threads, &a.Replies, &a.Solutions)
		out = append(out, a)
		return err
	}, sqldb.Now(from), sqldb.Now(to))
	return out, sqldb.Translate(err, "forum activity")
}

// AdoptedCount is how many solutions (of visible threads) some unit adopted.
func (s *Service) AdoptedCount(ctx context.Context) (int, error) {
	var n int
	err := s.db.R.QueryRowContext(ctx, `SELECT count(DISTINCT a.post_id) FROM forum_adoptions a
JOIN forum_posts p ON p.id = a.post_id JOIN forum_threads t ON t.id = p.thread_id
WHERE p.hidden_at IS NULL AND NOT t.hidden`).Scan(&n)
	return n, sqldb.Translate(err, "adopted innovations")
}
