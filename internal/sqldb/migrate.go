package sqldb

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"
)

//go:embed migrations
var migrationFS embed.FS

type migration struct {
	version int
	name    string
	sql     string
}

func (db *DB) migrations() ([]migration, error) {
	dir := "migrations/" + string(db.Engine)
	entries, err := fs.ReadDir(migrationFS, dir)
	if err != nil {
		return nil, err
	}
	var ms []migration
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".sql") {
			continue
		}
		num, _, ok := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			return nil, fmt.Errorf("migration %s: name must start with a number and _", e.Name())
		}
		b, err := fs.ReadFile(migrationFS, dir+"/"+e.Name())
		if err != nil {
			return nil, err
		}
		ms = append(ms, migration{version: v, name: e.Name(), sql: string(b)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	for i := 1; i < len(ms); i++ {
		if ms[i].version == ms[i-1].version {
			return nil, fmt.Errorf("two migrations numbered %d", ms[i].version)
		}
	}
	return ms, nil
}

// Migrate applies the pending embedded migrations, forward only, in one
// transaction. Several processes may call it at once: SQLite's BEGIN
// IMMEDIATE and PostgreSQL's advisory lock let one at a time in. It returns
// the names of the migrations it applied.
func (db *DB) Migrate(ctx context.Context) ([]string, error) {
	ms, err := db.migrations()
	if err != nil {
		return nil, err
	}
	var applied []string
	err = db.Write(ctx, func(tx *Tx) error {
		if db.Engine == Postgres {
			if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(hashtext('asnpro.migrate.' || current_schema()))`); err != nil {
				return fmt.Errorf("lock migrations: %w", err)
			}
		}
		ts := "TIMESTAMP"
		if db.Engine == Postgres {
			ts = "TIMESTAMPTZ"
		}
		if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name
TEXT NOT NULL, applied_at `+ts+` NOT NULL)`); err != nil {
			return fmt.Errorf("create schema_migrations: %w", err)
		}
		done := map[int]bool{}
		err := RunQuery(ctx, tx, `SELECT version FROM schema_migrations`, func(rows *sql.Rows) error {
			var v int
			if err := rows.Scan(&v); err != nil {
				return err
			}
			done[v] = true
			return nil
		})
		if err != nil {
			return err
		}
		latest := ms[len(ms)-1].version
		for v := range done {
			if v > latest {
				return fmt.Errorf("the database has migration %d, newer than this asnpro knows (%d): use a newer asnpro", v, latest)
			}
		}
		for _, m := range ms {
			if done[m.version] {
				continue
			}
			if _, err := tx.ExecContext(ctx, m.sql); err != nil {
				return fmt.Errorf("migration %s: %w", m.name, err)
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied_at)
VALUES ($1, $2, $3)`, m.version, m.name, Now(time.Now())); err != nil {
				return err
			}
			applied = append(applied, m.name)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return applied, nil
}

// Backup writes a consistent copy of a SQLite database to out while the
// database stays in use (VACUUM INTO runs in one read transaction). out must
// not exist. For PostgreSQL use pg_dump (docs/OPERATIONS.md).
func (db *DB) Backup(ctx context.Context, out string) error {
	if db.Engine != SQLite {
		return fmt.Errorf("asnpro backup copies the embedded SQLite database; for PostgreSQL use pg_dump (see docs/OPERATIONS.md)")
	}
	if _, err := os.Stat(out); err == nil {
		return fmt.Errorf("%s already exists: choose a new file", out)
	}
	// A connection of its own: the readers are query_only, and the writer
	// must stay free for the server while the copy is made.
	c, err := sql.Open("sqlite", "file:"+(&url.URL{Path: db.Path}).EscapedPath()+"?_busy_timeout=10000")
	if err != nil {
		return err
	}
	defer c.Close()
	_, err = c.ExecContext(ctx, `VACUUM INTO $1`, out)
	return err
}
