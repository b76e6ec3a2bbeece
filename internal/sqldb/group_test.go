package sqldb_test

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"asnpro/internal/apperr"
	"asnpro/internal/sqldb"
	"asnpro/internal/sqldb/sqldbtest"
)

// groupDB opens a SQLite database with a table t (id, note).
func groupDB(t *testing.T) *sqldb.DB {
	t.Helper()
	db := sqldbtest.Open(t, sqldb.SQLite)
	if _, err := db.W.Exec(`CREATE TABLE t (id INTEGER PRIMARY KEY, note TEXT NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	return db
}

// hold starts a write that runs until release is closed, and returns once it
// runs: the writes started after it queue up behind it and then share one
// transaction.
func hold(t *testing.T, db *sqldb.DB) (release func(), done <-chan error) {
	t.Helper()
	running, stop, out := make(chan struct{}), make(chan struct{}), make(chan error, 1)
	go func() {
		out <- db.Write(context.Background(), func(tx *sqldb.Tx) error {
			close(running)
			<-stop
			_, err := tx.Exec(`INSERT INTO t (id, note) VALUES (0, 'hold')`)
			return err
		})
	}()
	<-running
	return func() { close(stop) }, out
}

// waitQueued waits until n writes wait in the queue.
func waitQueued(t *testing.T, db *sqldb.DB, n int) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); db.Queued() < n; {
		if time.Now().After(deadline) {
			t.Fatalf("%d writes queued, want %d", db.Queued(), n)
		}
		time.Sleep(time.Millisecond)
	}
}

// queued runs write(0) … write(n-1), each on its own goroutine, queued in
// that order behind a held write, then releases them and returns what
// each returned.
func queued(t *testing.T, db *sqldb.DB, n int, write func(i int) error) []error {
	t.Helper()
	release, held := hold(t, db)
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = write(i)
		}()
		waitQueued(t, db, i+1)
	}
	release()
	wg.Wait()
	if err := <-held; err != nil {
		t.Fatal(err)
	}
	return errs
}

func ids(t *testing.T, db *sqldb.DB) []int {
	t.Helper()
	rows, err := db.R.Query(`SELECT id FROM t ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []int
	for rows.Next() {
		var id int
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		out = append(out, id)
	}
	return out
}

// TestGroupCommit: writes that queue behind another share one transaction;
// a failing or panicking write is undone alone and hears its own error or
// panic; the others commit.
func TestGroupCommit(t *testing.T) {
	db := groupDB(t)
	ctx := context.Background()
	release, held := hold(t, db)
	const n = 20
	errs := make([]error, n)
	panics := make([]any, n)
	var wg sync.WaitGroup
	for i := 1; i <= n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { panics[i-1] = recover() }()
			errs[i-1] = db.Write(ctx, func(tx *sqldb.Tx) error {
				if _, err := tx.ExecContext(ctx, `INSERT INTO t (id, note) VALUES ($1, 'x')`, i); err != nil {
					return err
				}
				switch {
				case i%5 == 0:
					return fmt.Errorf("write %d fails", i)
				case i%7 == 0:
					panic(fmt.Sprintf("write %d panics", i))
				}
				return nil
			})
		}()
	}
	waitQueued(t, db, n)
	groups0, _ := db.GroupStats()
	release()
	wg.Wait()
	if err := <-held; err != nil {
		t.Fatal(err)
	}
	want := []int{0}
	for i := 1; i <= n; i++ {
		switch {
		case i%5 == 0:
			if errs[i-1] == nil || errs[i-1].Error() != fmt.Sprintf("write %d fails", i) {
				t.Errorf("write %d: err %v, want its own error", i, errs[i-1])
			}
		case i%7 == 0:
			if panics[i-1] != fmt.Sprintf("write %d panics", i) {
				t.Errorf("write %d: panic %v, want its own panic in its own goroutine", i, panics[i-1])
			}
		default:
			if errs[i-1] != nil || panics[i-1] != nil {
				t.Errorf("write %d: err %v, panic %v", i, errs[i-1], panics[i-1])
			}
			want = append(want, i)
		}
	}
	if got := ids(t, db); !slices.Equal(got, want) {
		t.Fatalf("rows %v, want %v", got, want)
	}
	groups, writes := db.GroupStats()
	if groups-groups0 != 1 || writes != n {
		t.Fatalf("%d groups of %d writes, want the %d queued writes in one", groups-groups0, writes, n)
	}
}

// TestGroupCommitCancelledWhileQueued: a write whose caller gives up while
// it waits leaves the queue: an unavailable error, and its fn never runs.
func TestGroupCommitCancelledWhileQueued(t *testing.T) {
	db := groupDB(t)
	release, held := hold(t, db)
	ctx, cancel := context.WithCancel(context.Background())
	ran := false
	out := make(chan error, 1)
	go func() {
		out <- db.Write(ctx, func(tx *sqldb.Tx) error { ran = true; return nil })
	}()
	waitQueued(t, db, 1)
	cancel()
	err := <-out
	if apperr.CodeOf(err) != apperr.Unavailable || !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want unavailable (cancelled)", err)
	}
	// The queue still works after it: a later write commits.
	later := make(chan error, 1)
	go func() {
		later <- db.Write(context.Background(), func(tx *sqldb.Tx) error {
			_, err := tx.Exec(`INSERT INTO t (id, note) VALUES (1, 'later')`)
			return err
		})
	}()
	waitQueued(t, db, 1)
	release()
	if err := <-held; err != nil {
		t.Fatal(err)
	}
	if err := <-later; err != nil {
		t.Fatal(err)
	}
	if ran {
		t.Fatal("the cancelled write ran")
	}
	if got := ids(t, db); !slices.Equal(got, []int{0, 1}) {
		t.Fatalf("rows %v", got)
	}
}

// TestGroupCommitIgnoresCancelInside: once a write runs in a shared
// transaction, its context's end does not interrupt its statements (SQLite
// would roll back the whole transaction, with its neighbours' work).
func TestGroupCommitIgnoresCancelInside(t *testing.T) {
	db := groupDB(t)
	errs := queued(t, db, 3, func(i int) error {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		return db.Write(ctx, func(tx *sqldb.Tx) error {
			if i == 1 {
				cancel() // the client leaves while its write runs
			}
			_, err := tx.ExecContext(ctx, `INSERT INTO t (id, note) VALUES ($1, 'x')`, i+1)
			return err
		})
	})
	for i, err := range errs {
		if err != nil {
			t.Errorf("write %d: %v", i, err)
		}
	}
	if got := ids(t, db); !slices.Equal(got, []int{0, 1, 2, 3}) {
		t.Fatalf("rows %v, want all four", got)
	}
}

// TestGroupCommitSharedTransactionLost: when the shared transaction ends
// under the group (here a write ends it itself), the writes that ran in it
// are told they were undone, nothing of them stays, and the writes after
// it run in a new transaction.
func TestGroupCommitSharedTransactionLost(t *testing.T) {
	db := groupDB(t)
	errs := queued(t, db, 4, func(i int) error {
		return db.Write(context.Background(), func(tx *sqldb.Tx) error {
			if _, err := tx.Exec(`INSERT INTO t (id, note) VALUES ($1, 'x')`, i+1); err != nil {
				return err
			}
			if i == 1 {
				_, err := tx.Exec(`ROLLBACK`)
				return err
			}
			return nil
		})
	})
	for i, err := range errs {
		if i <= 1 {
			if apperr.CodeOf(err) != apperr.Unavailable {
				t.Errorf("write %d: err %v, want unavailable (undone with the shared transaction)", i, err)
			}
		} else if err != nil {
			t.Errorf("write %d: %v", i, err)
		}
	}
	if got := ids(t, db); !slices.Equal(got, []int{0, 3, 4}) {
		t.Fatalf("rows %v, want 0 3 4", got)
	}
}

// listDeferred writes its items as rows of t, in one call per flush.
type listDeferred struct {
	mu    sync.Mutex
	calls [][]int
}

func (l *listDeferred) Flush(ctx context.Context, tx *sqldb.Tx, items []any) error {
	var got []int
	for _, it := range items {
		id := it.(int)
		if _, err := tx.ExecContext(ctx, `INSERT INTO t (id, note) VALUES ($1, 'deferred')`, id); err != nil {
			return err
		}
		got = append(got, id)
	}
	l.mu.Lock()
	l.calls = append(l.calls, got)
	l.mu.Unlock()
	return nil
}

// TestDeferred: what a write defers is written at its end, in its
// transaction; a failed write's items are dropped with it; the writes that
// share a commit share one flush, in their order.
func TestDeferred(t *testing.T) {
	ctx := context.Background()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		if _, err := db.W.Exec(`CREATE TABLE t (id INTEGER PRIMARY KEY, note TEXT NOT NULL)`); err != nil {
			t.Fatal(err)
		}
		l := &listDeferred{}
		if err := db.Write(ctx, func(tx *sqldb.Tx) error {
			tx.Defer(l, 1)
			tx.Defer(l, 2)
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if err := db.Write(ctx, func(tx *sqldb.Tx) error {
			tx.Defer(l, 3)
			return errors.New("no")
		}); err == nil {
			t.Fatal("the failing write succeeded")
		}
		// A flush that fails fails its write.
		if err := db.Write(ctx, func(tx *sqldb.Tx) error {
			if _, err := tx.Exec(`INSERT INTO t (id, note) VALUES (4, 'x')`); err != nil {
				return err
			}
			tx.Defer(l, 4) // duplicate id
			return nil
		}); err == nil {
			t.Fatal("a write whose flush failed succeeded")
		}
		if got := ids(t, db); !slices.Equal(got, []int{1, 2}) {
			t.Fatalf("rows %v, want 1 2", got)
		}
		if len(l.calls) != 1 || !slices.Equal(l.calls[0], []int{1, 2}) {
			t.Fatalf("flushes %v", l.calls)
		}
		if db.Engine != sqldb.SQLite {
			return
		}
		l.calls = nil
		release, held := hold(t, db)
		var wg sync.WaitGroup
		for i := 10; i < 15; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_ = db.Write(ctx, func(tx *sqldb.Tx) error {
					tx.Defer(l, i)
					if i == 12 {
						return errors.New("no")
					}
					return nil
				})
			}()
			waitQueued(t, db, i-9)
		}
		release()
		wg.Wait()
		if err := <-held; err != nil {
			t.Fatal(err)
		}
		if len(l.calls) != 1 || !slices.Equal(l.calls[0], []int{10, 11, 13, 14}) {
			t.Fatalf("flushes %v, want one of 10 11 13 14", l.calls)
		}
	})
}

// TestGroupCommitGoexit: a fn that ends its goroutine (runtime.Goexit, as
// t.FailNow does) in a group: the group is rolled back, its writes hear an
// internal error instead of waiting for ever, and later writes still run.
func TestGroupCommitGoexit(t *testing.T) {
	db := groupDB(t)
	errs := queued(t, db, 3, func(i int) error {
		return db.Write(context.Background(), func(tx *sqldb.Tx) error {
			if _, err := tx.Exec(`INSERT INTO t (id, note) VALUES ($1, 'x')`, i+1); err != nil {
				return err
			}
			if i == 1 {
				runtime.Goexit()
			}
			return nil
		})
	})
	for i, err := range errs {
		if apperr.CodeOf(err) != apperr.Internal {
			t.Errorf("write %d: err %v, want internal", i, err)
		}
	}
	if err := db.Write(context.Background(), func(tx *sqldb.Tx) error {
		_, err := tx.Exec(`INSERT INTO t (id, note) VALUES (9, 'after')`)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if got := ids(t, db); !slices.Equal(got, []int{0, 9}) {
		t.Fatalf("rows %v, want 0 9", got)
	}
}

// TestLater: statements left for the end of a write run after its fn, in
// order, inside its transaction; one that fails fails the write, and a
// failed write runs none.
func TestLater(t *testing.T) {
	ctx := context.Background()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		if _, err := db.W.Exec(`CREATE TABLE t (id INTEGER PRIMARY KEY, note TEXT NOT NULL)`); err != nil {
			t.Fatal(err)
		}
		var seen string
		if err := db.Write(ctx, func(tx *sqldb.Tx) error {
			tx.Later(`INSERT INTO t (id, note) VALUES (1, 'later')`)
			tx.Later(`UPDATE t SET note = note || '+' WHERE id = 1`)
			// Not yet: Later runs after fn.
			return tx.QueryRowContext(ctx, `SELECT coalesce(max(note), 'none') FROM t`).Scan(&seen)
		}); err != nil {
			t.Fatal(err)
		}
		if seen != "none" {
			t.Fatalf("fn saw %q: Later ran early", seen)
		}
		if err := db.Write(ctx, func(tx *sqldb.Tx) error {
			tx.Later(`INSERT INTO t (id, note) VALUES (2, 'x')`)
			return errors.New("no")
		}); err == nil {
			t.Fatal("failing write succeeded")
		}
		if err := db.Write(ctx, func(tx *sqldb.Tx) error {
			if _, err := tx.Exec(`INSERT INTO t (id, note) VALUES (3, 'x')`); err != nil {
				return err
			}
			tx.Later(`INSERT INTO t (id, note) VALUES (1, 'dup')`) // fails: the write is undone
			return nil
		}); apperr.CodeOf(err) != apperr.Conflict {
			t.Fatalf("err = %v, want conflict", err)
		}
		var n int
		var note string
		if err := db.R.QueryRow(`SELECT count(*), max(note) FROM t`).Scan(&n, &note); err != nil {
			t.Fatal(err)
		}
		if got := fmt.Sprintf("%d:%s", n, note); got != "1:later+" {
			t.Fatalf("rows %q, want 1:later+", got)
		}
	})
}

// TestLearnedStatements: on SQLite a statement that writes run twice is
// prepared once on the writer and used from then on, with the same
// results; one that fails to prepare still runs (and fails) as before.
func TestLearnedStatements(t *testing.T) {
	db := groupDB(t)
	ctx := context.Background()
	const ins = `INSERT INTO t (id, note) VALUES ($1, $2)`
	for i := range 4 {
		if err := db.Write(ctx, func(tx *sqldb.Tx) error {
			_, err := tx.ExecContext(ctx, ins, i, fmt.Sprint("n", i))
			return err
		}); err != nil {
			t.Fatal(err)
		}
	}
	if !db.Prepared(ins) {
		t.Fatal("a statement run four times is not prepared")
	}
	var note string
	if err := db.Write(ctx, func(tx *sqldb.Tx) error {
		return tx.QueryRowContext(ctx, `SELECT note FROM t WHERE id = $1`, 3).Scan(&note)
	}); err != nil || note != "n3" {
		t.Fatalf("read in a write: %q %v", note, err)
	}
	if got := ids(t, db); !slices.Equal(got, []int{0, 1, 2, 3}) {
		t.Fatalf("rows %v", got)
	}
	for range 3 {
		err := db.Write(ctx, func(tx *sqldb.Tx) error {
			_, err := tx.ExecContext(ctx, `INSERT INTO missing (x) VALUES (1)`)
			return err
		})
		if err == nil || !strings.Contains(err.Error(), "missing") {
			t.Fatalf("err = %v, want no such table", err)
		}
	}
}

// TestPrepareDuringWrite: a statement prepared outside any transaction
// (DB.Prepare, as the first upload does) waits for the writer connection
// while a write holds it; that write must still be able to look up its
// statements (Tx.Stmt) and finish. Before, Prepare held the statement
// lock while it waited, and both waited for ever. ReadStmt likewise.
func TestPrepareDuringWrite(t *testing.T) {
	db := groupDB(t)
	ctx := context.Background()
	inside, goOn := make(chan struct{}), make(chan struct{})
	wrote := make(chan error, 1)
	go func() {
		wrote <- db.Write(ctx, func(tx *sqldb.Tx) error {
			close(inside)
			<-goOn
			st, err := tx.Stmt(ctx, `INSERT INTO t (id, note) VALUES (1, 'x')`)
			if err != nil {
				return err
			}
			_, err = st.ExecContext(ctx)
			return err
		})
	}()
	<-inside
	waits := db.W.Stats().WaitCount
	prepared := make(chan error, 1)
	go func() { prepared <- db.Prepare(ctx, `SELECT count(*) FROM t`) }()
	for deadline := time.Now().Add(10 * time.Second); db.W.Stats().WaitCount == waits; {
		if time.Now().After(deadline) {
			t.Fatal("Prepare never waited for the writer connection")
		}
		time.Sleep(time.Millisecond)
	}
	close(goOn)
	for _, c := range []chan error{wrote, prepared} {
		select {
		case err := <-c:
			if err != nil {
				t.Fatal(err)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("deadlock: the write and Prepare wait for each other")
		}
	}
	if !db.Prepared(`SELECT count(*) FROM t`) {
		t.Error("the statement was not kept")
	}
}

// TestAfterCommit: fn runs once the write is committed, never for a write
// that failed (alone, or rolled back to its savepoint in a shared
// transaction while the others commit), on both engines.
func TestAfterCommit(t *testing.T) {
	ctx := context.Background()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		var mu sync.Mutex
		var ran []int
		write := func(i int, fail bool) error {
			return db.Write(ctx, func(tx *sqldb.Tx) error {
				tx.AfterCommit(func() { mu.Lock(); ran = append(ran, i); mu.Unlock() })
				if fail {
					return fmt.Errorf("write %d fails", i)
				}
				return nil
			})
		}
		if err := write(1, false); err != nil {
			t.Fatal(err)
		}
		if err := write(2, true); err == nil {
			t.Fatal("write 2 did not fail")
		}
		if !slices.Equal(ran, []int{1}) {
			t.Fatalf("ran after commit: %v, want [1]", ran)
		}
		if db.Engine != sqldb.SQLite {
			return
		}
		// A shared transaction: 10 writes queued behind a held one, every
		// third failing.
		if _, err := db.W.Exec(`CREATE TABLE t (id INTEGER PRIMARY KEY, note TEXT NOT NULL)`); err != nil {
			t.Fatal(err)
		}
		queued(t, db, 10, func(i int) error { return write(10+i, (10+i)%3 == 0) })
		slices.Sort(ran)
		if want := []int{1, 10, 11, 13, 14, 16, 17, 19}; !slices.Equal(ran, want) {
			t.Fatalf("ran after commit: %v, want %v", ran, want)
		}
	})
}

// TestCloseRunsQueuedWrites: Close lets the writes queued before it run
// and commit, and a write that comes after it has begun gets "unavailable"
// without its fn running.
func TestCloseRunsQueuedWrites(t *testing.T) {
	db := groupDB(t)
	release, held := hold(t, db)
	errs := make(chan error, 3)
	for i := range 3 {
		go func() {
			errs <- db.Write(context.Background(), func(tx *sqldb.Tx) error {
				_, err := tx.Exec(`INSERT INTO t (id, note) VALUES ($1, 'queued')`, i+1)
				return err
			})
		}()
		waitQueued(t, db, i+1)
	}
	closed := make(chan error, 1)
	go func() { closed <- db.Close() }()
	for deadline := time.Now().Add(10 * time.Second); !db.Closing(); time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("Close did not begin")
		}
	}
	ran := false
	err := db.Write(context.Background(), func(tx *sqldb.Tx) error { ran = true; return nil })
	if apperr.CodeOf(err) != apperr.Unavailable || ran {
		t.Fatalf("write after Close: err %v, ran %v; want unavailable, not run", err, ran)
	}
	select {
	case err := <-closed:
		t.Fatalf("Close returned (%v) while a write ran", err)
	case <-time.After(20 * time.Millisecond):
	}
	release()
	if err := <-held; err != nil {
		t.Fatal(err)
	}
	for range 3 {
		if err := <-errs; err != nil {
			t.Errorf("queued write: %v", err)
		}
	}
	if err := <-closed; err != nil {
		t.Fatal(err)
	}
	again, err := sqldb.Open(context.Background(), db.Path, sqldb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	if got := ids(t, again); !slices.Equal(got, []int{0, 1, 2, 3}) {
		t.Fatalf("rows %v, want 0 1 2 3", got)
	}
}

// TestBump: counter updates left for the end of a write run after its
// Later statements, each on the rows as they were before the others (on
// PostgreSQL they are one statement), with their placeholders kept apart;
// one that fails fails the write; concurrent writes bumping the same rows
// in the same order all count, without a deadlock.
func TestBump(t *testing.T) {
	ctx := context.Background()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		if _, err := db.W.Exec(`CREATE TABLE c (id INTEGER PRIMARY KEY, n INTEGER NOT NULL CHECK (n < 1000))`); err != nil {
			t.Fatal(err)
		}
		if _, err := db.W.Exec(`INSERT INTO c (id, n) VALUES (1, 0), (2, 0), (3, 0)`); err != nil {
			t.Fatal(err)
		}
		counts := func() string {
			var a, b, c int
			if err := db.R.QueryRow(`SELECT (SELECT n FROM c WHERE id = 1), (SELECT n FROM c WHERE id = 2), (SELECT n FROM c
WHERE id = 3)`).Scan(&a, &b, &c); err != nil {
				t.Fatal(err)
			}
			return fmt.Sprintf("%d %d %d", a, b, c)
		}
		if err := db.Write(ctx, func(tx *sqldb.Tx) error {
			tx.Bump(`UPDATE c SET n = n + $1 WHERE id = $2`, 1, 1)
			tx.Bump(`UPDATE c SET n = n + 10 WHERE id = $1`, 2)
			tx.Bump(`UPDATE c SET n = n + $2 WHERE id = $1`, 3, 100)
			tx.Later(`UPDATE c SET n = n + 1 WHERE id = 3`) // before the bumps
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if got := counts(); got != "1 10 101" {
			t.Fatalf("counts %s, want 1 10 101", got)
		}
		err := db.Write(ctx, func(tx *sqldb.Tx) error {
			tx.Bump(`UPDATE c SET n = n + 1 WHERE id = $1`, 1)
			tx.Bump(`UPDATE c SET n = n + 1000 WHERE id = $1`, 2) // breaks the CHECK
			return nil
		})
		if err == nil {
			t.Fatal("a failing bump did not fail the write")
		}
		if got := counts(); got != "1 10 101" {
			t.Fatalf("after a failed write: counts %s, want 1 10 101", got)
		}
		var wg sync.WaitGroup
		errs := make(chan error, 40)
		for range 40 {
			wg.Go(func() {
				errs <- db.Write(ctx, func(tx *sqldb.Tx) error {
					tx.Bump(`UPDATE c SET n = n + 1 WHERE id = $1`, 1)
					tx.Bump(`UPDATE c SET n = n + 1 WHERE id = $1`, 2)
					return nil
				})
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		if got := counts(); got != "41 50 101" {
			t.Fatalf("after 40 concurrent writes: counts %s, want 41 50 101", got)
		}
	})
}
