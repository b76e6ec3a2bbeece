package notify_test

import (
	"context"
	"testing"
	"time"

	"asnpro/internal/sqldb"
	"asnpro/internal/sqldb/sqldbtest"
	"asnpro/internal/testkit"
)

// newClock is the tests' clock, standing at the start of a working day.
func newClock() *testkit.Clock {
	return testkit.NewClock(time.Date(2026, 12, 19, 3, 0, 0, 0, time.UTC))
}

// mustUser inserts a user and returns its id.
func mustUser(tb testing.TB, db *sqldb.DB, name string) int64 {
	tb.Helper()
	var id int64
	now := sqldb.Now(time.Now())
	if err := db.W.QueryRowContext(context.Background(), `INSERT INTO users (username, name, email, created_at,
updated_at) VALUES ($1, $1, $2, $3, $3) RETURNING id`,
		name, name+"@example.id", now).Scan(&id); err != nil {
		tb.Fatalf("insert user: %v", err)
	}
	return id
}

// count runs a count(*) query.
func count(tb testing.TB, db *sqldb.DB, query string, args ...any) int {
	tb.Helper()
	var n int
	if err := db.R.QueryRowContext(context.Background(), query, args...).Scan(&n); err != nil {
		tb.Fatalf("%s: %v", query, err)
	}
	return n
}

// eventData returns the data of every audit event with action.
func eventData(tb testing.TB, db *sqldb.DB, action string) []string {
	tb.Helper()
	rows, err := db.R.QueryContext(
		context.Background(),
		`SELECT actor || '|' || role || '|' || data FROM audit_events WHERE action = $1 ORDER BY seq`,
		action,
	)
	if err != nil {
		tb.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			tb.Fatal(err)
		}
		out = append(out, s)
	}
	return out
}

// openTwice opens two handles on one fresh, migrated database of engine e,
// as two asnpro processes would (on PostgreSQL, separate connection pools).
func openTwice(tb testing.TB, e sqldb.Engine) (*sqldb.DB, *sqldb.DB) {
	tb.Helper()
	dsn := sqldbtest.DSN(tb, e)
	open := func() *sqldb.DB {
		db, err := sqldb.Open(context.Background(), dsn, sqldb.Options{})
		if err != nil {
			tb.Fatalf("open %s: %v", e, err)
		}
		tb.Cleanup(func() { db.Close() })
		return db
	}
	a := open()
	if _, err := a.Migrate(context.Background()); err != nil {
		tb.Fatalf("migrate: %v", err)
	}
	return a, open()
}
