package sqldb_test

import (
	"context"
	"database/sql"
	"errors"
	"testing"
	"time"

	"asnpro/internal/sqldb"
	"asnpro/internal/sqldb/sqldbtest"
)

// TestRunQueryCancelledMidway: a query cut short (here its request is
// cancelled after a few rows) is an error from RunQuery, never a short
// result taken as complete; a whole result is nil with every row seen.
func TestRunQueryCancelledMidway(t *testing.T) {
	const count = `WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 200000) SELECT n FROM c`
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		seen := 0
		err := sqldb.RunQuery(ctx, db.R, count, func(rows *sql.Rows) error {
			seen++
			if seen == 10 {
				cancel()
			}
			if seen == 11 {
				time.Sleep(20 * time.Millisecond) // let database/sql see the cancellation
			}
			var n int
			return rows.Scan(&n)
		})
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("cancelled after %d of 200000 rows: err %v, want context.Canceled", seen, err)
		}
		if seen >= 200000 {
			t.Fatal("the query ran to its end despite the cancellation")
		}

		seen = 0
		if err := sqldb.RunQuery(context.Background(), db.R, count, func(rows *sql.Rows) error { seen++; return nil }); err != nil ||
			seen != 200000 {
			t.Fatalf("whole result: %d rows, err %v", seen, err)
		}
		stop := errors.New("stop")
		if err := sqldb.RunQuery(context.Background(), db.R, count, func(*sql.Rows) error { return stop }); err != stop {
			t.Fatalf("the row function's error: %v", err)
		}
	})
}
