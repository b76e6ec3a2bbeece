package exam

import (
	"context"
	"database/sql"
	"strconv"
	"time"

	"asnpro/internal/sqldb"
)

// StatsFilter narrows the attempts the item statistics read: those
// finished at or after From and before To (a zero time: no bound).
type StatsFilter struct {
	From, To time.Time
}

// BankSittings reads the papers and saved answers of a bank's finished
// attempts (practice and selection alike), in the order they finished.
// Errors: not_found (ErrBankNotFound).
func (s *Service) BankSittings(ctx context.Context, bankID int64, f StatsFilter) ([]Sitting, error) {
	if _, err := s.FindBank(ctx, bankID); err != nil {
		return nil, err
	}
	where := `bank_id = $1 AND finished_at IS NOT NULL`
	args := []any{bankID}
	if !f.From.IsZero() {
		args = append(args, sqldb.Now(f.From))
		where += ` AND finished_at >= $2`
	}
	if !f.To.IsZero() {
		args = append(args, sqldb.Now(f.To))
		where += ` AND finished_at < $` + strconv.Itoa(len(args))
	}
	var out []Sitting
	index := map[int64]int{}
	err := sqldb.RunQuery(ctx, s.db.R, `SELECT id, paper FROM exam_attempts WHERE `+where+` ORDER BY finished_at, id`,
		func(r *sql.Rows) error {
			var id int64
			var paper string
			if err := r.Scan(&id, &paper); err != nil {
				return err
			}
			sp, err := decodePaper(paper)
			if err != nil {
				return err
			}
			index[id] = len(out)
			out = append(out, Sitting{Paper: &Paper{Parts: sp.Parts, Items: sp.Items, Pool: sp.Pool}, Answers: make([]Answer, len(sp.Items))})
			return nil
		}, args...)
	if err != nil {
		return nil, sqldb.Translate(err, "find bank attempts")
	}
	err = sqldb.RunQuery(ctx, s.db.R, `SELECT attempt_id, no, option FROM exam_answers WHERE option IS NOT NULL AND attempt_id IN
(SELECT id FROM exam_attempts WHERE `+where+`)`, func(r *sql.Rows) error {
		var id int64
		var no int
		var opt string
		if err := r.Scan(&id, &no, &opt); err != nil {
			return err
		}
		i, ok := index[id]
		if !ok || no < 1 || no > len(out[i].Answers) {
			return nil // finished after the first read
		}
		out[i].Answers[no-1], _ = ParseAnswer(opt)
		return nil
	}, args...)
	return out, sqldb.Translate(err, "find bank answers")
}
