// Package sqldbtest gives every store test a fresh, migrated database on each
// engine: SQLite always, PostgreSQL when ASNPRO_TEST_POSTGRES names a server
// (each test gets its own schema there). With ASNPRO_REQUIRE_POSTGRES=1 a
// missing server fails the test instead of skipping it.
package sqldbtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"asnpro/internal/sqldb"
)

// Engines lists the engines a store test must run on.
func Engines() []sqldb.Engine { return []sqldb.Engine{sqldb.SQLite, sqldb.Postgres} }

// Each runs fn as a subtest on every engine, each with a fresh database.
func Each(t *testing.T, fn func(t *testing.T, db *sqldb.DB)) {
	t.Helper()
	for _, e := range Engines() {
		t.Run(string(e), func(t *testing.T) {
			fn(t, Open(t, e))
		})
	}
}

// DSN returns a connection string for a fresh, empty database of engine e,
// removed when the test ends. For PostgreSQL it is a new schema.
func DSN(tb testing.TB, e sqldb.Engine) string {
	tb.Helper()
	if e == sqldb.SQLite {
		return filepath.Join(tb.TempDir(), "asnpro.db")
	}
	base := os.Getenv("ASNPRO_TEST_POSTGRES")
	if base == "" {
		if os.Getenv("ASNPRO_REQUIRE_POSTGRES") == "1" {
			tb.Fatal("ASNPRO_REQUIRE_POSTGRES=1 but ASNPRO_TEST_POSTGRES is not set")
		}
		tb.Skip("PostgreSQL not configured (set ASNPRO_TEST_POSTGRES=postgres://…)")
	}
	var b [6]byte
	_, _ = rand.Read(b[:])
	schema := "t_" + hex.EncodeToString(b[:])
	admin, err := sql.Open("pgx", base)
	if err != nil {
		tb.Fatalf("postgres: %v", err)
	}
	if _, err := admin.ExecContext(context.Background(), `CREATE SCHEMA `+schema); err != nil {
		admin.Close()
		tb.Fatalf("postgres at %s: %v", base, err)
	}
	tb.Cleanup(func() {
		_, _ = admin.ExecContext(context.Background(), `DROP SCHEMA `+schema+` CASCADE`)
		admin.Close()
	})
	u, err := url.Parse(base)
	if err != nil {
		tb.Fatalf("ASNPRO_TEST_POSTGRES: %v", err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// Open returns a fresh, migrated database of engine e, closed when the test ends.
func Open(tb testing.TB, e sqldb.Engine) *sqldb.DB {
	tb.Helper()
	db, err := sqldb.Open(context.Background(), DSN(tb, e), sqldb.Options{})
	if err != nil {
		tb.Fatalf("open %s: %v", e, err)
	}
	tb.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(context.Background()); err != nil {
		tb.Fatalf("migrate %s: %v", e, err)
	}
	return db
}
