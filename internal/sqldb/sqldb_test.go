package sqldb_test

import (
	"context"
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
	"time"

	"asnpro/internal/apperr"
	"asnpro/internal/sqldb"
	"asnpro/internal/sqldb/sqldbtest"
)

func TestMigrateIsIdempotent(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		applied, err := db.Migrate(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if len(applied) != 0 {
			t.Fatalf("second migrate applied %v", applied)
		}
	})
}

func TestWriteCommitsOrRollsBack(t *testing.T) {
	ctx := context.Background()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		now := sqldb.Now(time.Now())
		insert := func(tx *sqldb.Tx, name string) error {
			_, err := tx.ExecContext(ctx, `INSERT INTO users (username, name, created_at, updated_at) VALUES ($1, $2, $3, $3)`, name, name, now)
			return err
		}
		if err := db.Write(ctx, func(tx *sqldb.Tx) error { return insert(tx, "satu") }); err != nil {
			t.Fatal(err)
		}
		boom := errors.New("boom")
		err := db.Write(ctx, func(tx *sqldb.Tx) error {
			if err := insert(tx, "dua"); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("err = %v, want boom", err)
		}
		var n int
		if err := db.R.QueryRowContext(ctx, `SELECT count(*) FROM users`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 1 {
			t.Fatalf("users = %d, want 1 (the rolled-back insert must be gone)", n)
		}
		var got time.Time
		if err := db.R.QueryRowContext(ctx, `SELECT created_at FROM users WHERE username = 'satu'`).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if !got.Equal(now) {
			t.Fatalf("time round trip: got %v want %v", got, now)
		}
	})
}

func TestTranslate(t *testing.T) {
	ctx := context.Background()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		now := sqldb.Now(time.Now())
		add := func(name string) error {
			return db.Write(ctx, func(tx *sqldb.Tx) error {
				_, err := tx.ExecContext(ctx, `INSERT INTO users (username, name, created_at, updated_at) VALUES ($1, $1, $2, $2)`, name, now)
				return sqldb.Translate(err, "add user")
			})
		}
		if err := add("Budi"); err != nil {
			t.Fatal(err)
		}
		if err := add("budi"); apperr.CodeOf(err) != apperr.Conflict {
			t.Fatalf("duplicate username (case-insensitive): code %v, want conflict (%v)", apperr.CodeOf(err), err)
		}
		var id int64
		err := sqldb.Translate(db.R.QueryRowContext(ctx, `SELECT id FROM users WHERE username = 'nobody'`).Scan(&id), "find")
		if apperr.CodeOf(err) != apperr.NotFound {
			t.Fatalf("no rows: code %v, want not_found", apperr.CodeOf(err))
		}
	})
}

func TestBackupWhileWriting(t *testing.T) {
	ctx := context.Background()
	db := sqldbtest.Open(t, sqldb.SQLite)
	now := sqldb.Now(time.Now())
	for i := range 50 {
		if err := db.Write(ctx, func(tx *sqldb.Tx) error {
			_, err := tx.ExecContext(ctx, `INSERT INTO users (username, name, created_at, updated_at)
VALUES ($1, 'x', $2, $2)`, "u"+string(rune('A'+i%26))+time.Duration(i).String(), now)
			return err
		}); err != nil {
			t.Fatal(err)
		}
	}
	out := filepath.Join(t.TempDir(), "copy.db")
	if err := db.Backup(ctx, out); err != nil {
		t.Fatal(err)
	}
	cp, err := sqldb.Open(ctx, out, sqldb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer cp.Close()
	var n int
	if err := cp.R.QueryRowContext(ctx, `SELECT count(*) FROM users`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 50 {
		t.Fatalf("backup has %d users, want 50", n)
	}
}

func TestOpenUnreachablePostgres(t *testing.T) {
	_, err := sqldb.Open(context.Background(), "postgres://nobody@127.0.0.1:1/none?connect_timeout=2", sqldb.Options{})
	if err == nil {
		t.Fatal("open of an unreachable server succeeded")
	}
}

// TestCheckpointerCopiesTheLog: the writer leaves a small log to the
// checkpointer, which copies it into the database file beside it.
func TestCheckpointerCopiesTheLog(t *testing.T) {
	ctx := context.Background()
	db := sqldbtest.Open(t, sqldb.SQLite)
	if err := db.Write(ctx, func(tx *sqldb.Tx) error {
		if _, err := tx.ExecContext(ctx, `CREATE TABLE big (b BLOB)`); err != nil {
			return err
		}
		for range 200 {
			if _, err := tx.ExecContext(ctx, `INSERT INTO big (b) VALUES (zeroblob(8192))`); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	size := func() int64 {
		st, err := os.Stat(db.Path)
		if err != nil {
			t.Fatal(err)
		}
		return st.Size()
	}
	before := size()
	if before > 1<<20 {
		t.Fatalf("the writer checkpointed 1.6 MB by itself: the file is %d bytes", before)
	}
	cctx, cancel := context.WithTimeout(ctx, 500*time.Millisecond)
	defer cancel()
	if err := db.RunCheckpointer(cctx, 20*time.Millisecond); err != nil {
		t.Fatal(err)
	}
	if after := size(); after < before+1<<20 {
		t.Fatalf("the checkpointer did not copy the log: %d → %d bytes", before, after)
	}
}

// TestSQLiteTimeText: the fast path writes what time.Format with the
// driver's layout writes, for UTC times with and without fractions, and
// falls back for other zones and years.
func TestSQLiteTimeText(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	times := []time.Time{
		time.Date(2026, 11, 28, 3, 4, 5, 0, time.UTC),
		time.Date(2026, 11, 28, 3, 4, 5, 120000000, time.UTC),
		time.Date(2026, 1, 2, 23, 59, 59, 999999999, time.UTC),
		time.Date(1, 1, 1, 0, 0, 0, 1000, time.UTC),
		time.Date(9999, 12, 31, 0, 0, 0, 500, time.UTC),
		time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(2026, 11, 28, 10, 4, 5, 123456000, time.FixedZone("WIB", 7*3600)),
	}
	for range 10000 {
		times = append(times, time.Unix(r.Int64N(400*365*86400)-100*365*86400, r.Int64N(1e9)).UTC(),
			sqldb.Now(time.Unix(r.Int64N(2e9), r.Int64N(1e9))))
	}
	for _, tm := range times {
		if got, want := sqldb.SQLiteTimeText(tm), tm.Format(sqldb.SQLiteTimeLayout); got != want {
			t.Fatalf("%v: %q, want %q", tm, got, want)
		}
	}
}
