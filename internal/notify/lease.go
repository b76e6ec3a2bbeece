package notify

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"asnpro/internal/sqldb"
)

// leaseQueue describes a table of work items that instances claim under a
// lease: scheduled_jobs and outbox. Its rows carry claimed_by, claim_token
// and claimed_until.
type leaseQueue[T any] struct {
	table   string // "outbox"
	key     string // the primary key column: "id"
	due     string // the column saying when an item is due: "next_attempt_at"
	open    string // the condition of an item still to do: "status = 'pending'"
	columns string // the columns RETURNING gives scan
	scan    func(r interface{ Scan(...any) error }) (T, error)
	// order sorts claimed items as the claim did: by due time, then key.
	order func(a, b T) int
	what  string // names the claim in errors: "claim outbox"
}

// claim reserves up to limit due items of q for instance until now+lease
// and returns them, in due order, with the claim token. An item is due
// when still open, its due time has come and nobody holds a live lease on
// it; filter narrows the items further (" AND kind IN (...)"), its
// placeholders numbered from $6 and its values in args. On PostgreSQL,
// SKIP LOCKED lets concurrent claimers pass each other by.
func claim[T any](ctx context.Context, s *Service, q leaseQueue[T], now time.Time, instance string, lease time.Duration,
	limit int, filter string, args ...any) ([]T, string, error) {
	token := newToken()
	now = sqldb.Now(now)
	query := fmt.Sprintf(`UPDATE %[1]s SET claimed_by = $1, claim_token = $2, claimed_until = $3
WHERE %[2]s IN (SELECT %[2]s FROM %[1]s
  WHERE %[3]s AND %[4]s <= $4 AND (claimed_until IS NULL OR claimed_until <= $4)%[5]s
  ORDER BY %[4]s, %[2]s LIMIT $5%[6]s)
RETURNING %[7]s`, q.table, q.key, q.open, q.due, filter, s.skipLocked(), q.columns)
	all := append([]any{instance, token, now.Add(lease), now, limit}, args...)
	var out []T
	err := s.db.Write(ctx, func(tx *sqldb.Tx) error {
		out = out[:0]
		rows, err := tx.QueryContext(ctx, query, all...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			it, err := q.scan(rows)
			if err != nil {
				return err
			}
			out = append(out, it)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, "", sqldb.Translate(err, q.what)
	}
	slices.SortFunc(out, q.order)
	return out, token, nil
}

// inList returns " AND column IN ($from, $from+1, ...)" for n values.
func inList(column string, from, n int) string {
	marks := make([]string, n)
	for i := range marks {
		marks[i] = fmt.Sprintf("$%d", from+i)
	}
	return " AND " + column + " IN (" + strings.Join(marks, ", ") + ")"
}

// skipLocked is the PostgreSQL-only suffix of a claim's inner SELECT: rows
// another instance is claiming right now are skipped, not waited for.
// SQLite needs none: its writes are serialised.
func (s *Service) skipLocked() string {
	if s.db.Engine == sqldb.Postgres {
		return ` FOR UPDATE SKIP LOCKED`
	}
	return ""
}

// drain runs pass until it says there is nothing more to do right away,
// ctx ends or it fails; a failure is logged as what (unless ctx ended).
// RunJobs and RunSender call it on every wake-up.
func (s *Service) drain(ctx context.Context, what string, pass func() (more bool, err error)) {
	for ctx.Err() == nil {
		more, err := pass()
		if err != nil {
			if ctx.Err() == nil {
				s.log.Error(what, "err", err)
			}
			return
		}
		if !more {
			return
		}
	}
}
