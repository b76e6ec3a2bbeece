package audit_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"asnpro/internal/audit"
	"asnpro/internal/sqldb"
	"asnpro/internal/sqldb/sqldbtest"
)

func TestRecordInTransaction(t *testing.T) {
	ctx := context.Background()
	each(t, func(t *testing.T, db *sqldb.DB) {
		actx := audit.WithActor(ctx, audit.Actor{ID: "7", Role: "committee", Client: "192.0.2.1"})
		at := time.Date(2026, 11, 28, 3, 4, 5, 123456789, time.UTC)
		if err := db.Write(ctx, func(tx *sqldb.Tx) error {
			return audit.Record(actx, tx, audit.Event{At: at, Action: "period.create", ObjectType: "period", ObjectID: "3",
				Data: map[string]any{"name": "CPNS 2026"}})
		}); err != nil {
			t.Fatal(err)
		}
		boom := errors.New("boom")
		if err := db.Write(ctx, func(tx *sqldb.Tx) error {
			if err := audit.Record(actx, tx, audit.Event{Action: "period.delete"}); err != nil {
				return err
			}
			return boom
		}); !errors.Is(err, boom) {
			t.Fatal(err)
		}
		var n int
		var actor, role, client, data, action string
		var got time.Time
		if err := db.R.QueryRowContext(ctx, `SELECT count(*) FROM audit_events`).Scan(&n); err != nil || n != 1 {
			t.Fatalf("events %d (%v), want 1: the rolled-back one must be gone", n, err)
		}
		if err := db.R.QueryRowContext(ctx, `SELECT actor, role, client, data, action, at
FROM audit_events`).Scan(&actor, &role, &client, &data, &action, &got); err != nil {
			t.Fatal(err)
		}
		if actor != "7" || role != "committee" || client != "192.0.2.1" || data != `{"name":"CPNS 2026"}` || action != "period.create" ||
			!got.Equal(at.Truncate(time.Microsecond)) {
			t.Fatalf("row: %s %s %s %s %s %v", actor, role, client, data, action, got)
		}
		// Bad events are refused.
		for _, ev := range []audit.Event{{}, {Action: "x", Data: []int{1}}, {Action: "x", Data: "text"}} {
			if err := db.Write(ctx, func(tx *sqldb.Tx) error { return audit.Record(ctx, tx, ev) }); err == nil {
				t.Fatalf("event %+v accepted", ev)
			}
		}
	})
}

// TestRecordUsesTheDatabaseClock: an event without a time is dated by the
// clock given to its database (UseClock), an event with one keeps it, and
// another database keeps the wall clock.
func TestRecordUsesTheDatabaseClock(t *testing.T) {
	ctx := context.Background()
	each(t, func(t *testing.T, db *sqldb.DB) {
		fixed := time.Date(2026, 12, 1, 2, 3, 4, 567891234, time.UTC)
		audit.UseClock(db, func() time.Time { return fixed })
		given := time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC)
		for _, ev := range []audit.Event{{Action: "clock.db", Role: "system"}, {At: given, Action: "clock.given", Role: "system"}} {
			if err := db.Write(ctx, func(tx *sqldb.Tx) error { return audit.Record(ctx, tx, ev) }); err != nil {
				t.Fatal(err)
			}
		}
		other := keyed(sqldbtest.Open(t, db.Engine))
		before := time.Now().Add(-time.Second)
		if err := other.Write(ctx, func(tx *sqldb.Tx) error {
			return audit.Record(ctx, tx, audit.Event{Action: "clock.wall", Role: "system"})
		}); err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			db     *sqldb.DB
			action string
			want   func(time.Time) bool
		}{
			{db, "clock.db", func(at time.Time) bool { return at.Equal(fixed.Truncate(time.Microsecond)) }},
			{db, "clock.given", func(at time.Time) bool { return at.Equal(given) }},
			{other, "clock.wall", func(at time.Time) bool { return at.After(before) && at.Before(time.Now().Add(time.Second)) }},
		} {
			var at time.Time
			if err := c.db.R.QueryRowContext(ctx, `SELECT at FROM audit_events WHERE action = $1`, c.action).Scan(&at); err != nil {
				t.Fatal(c.action, err)
			}
			if !c.want(at) {
				t.Errorf("%s: at %v", c.action, at)
			}
		}
	})
}

func TestAppendOnlyGuard(t *testing.T) {
	ctx := context.Background()
	each(t, func(t *testing.T, db *sqldb.DB) {
		if err := db.Write(ctx, func(tx *sqldb.Tx) error {
			return audit.Record(ctx, tx, audit.Event{Action: "x.y"})
		}); err != nil {
			t.Fatal(err)
		}
		for _, q := range []string{
			`DELETE FROM audit_events`,
			`UPDATE audit_events SET action = 'forged'`,
			`UPDATE audit_events SET data = '{"a":1}'`,
		} {
			_, err := db.W.ExecContext(ctx, q)
			if err == nil {
				t.Fatalf("%s: allowed", q)
			}
		}
		// Sealing fields may be set once from NULL, and only once. SQLite
		// seals as it writes; PostgreSQL's sealer sets them later.
		if db.Engine == sqldb.Postgres {
			if _, err := db.W.ExecContext(ctx, `UPDATE audit_events SET pos = 1, prev_hash = 'a', hash = 'b'`); err != nil {
				t.Fatalf("first seal refused: %v", err)
			}
		}
		if _, err := db.W.ExecContext(ctx, `UPDATE audit_events SET hash = 'c'`); err == nil {
			t.Fatal("resealing allowed")
		}
	})
}

// TestRecordConcurrent: many writers, some failing after they recorded,
// in two processes on one file (SQLite) or one database: every event of a
// committed write is there once, none of a failed one, and the chain holds.
func TestRecordConcurrent(t *testing.T) {
	ctx := context.Background()
	each(t, func(t *testing.T, db *sqldb.DB) {
		dbs := []*sqldb.DB{db}
		if db.Engine == sqldb.SQLite {
			other, err := sqldb.Open(ctx, db.Path, sqldb.Options{})
			if err != nil {
				t.Fatal(err)
			}
			keyed(other)
			t.Cleanup(func() { other.Close() })
			dbs = append(dbs, other)
		}
		for _, d := range dbs {
			if err := d.Prepare(ctx, audit.HotStatements(string(d.Engine))...); err != nil {
				t.Fatal(err)
			}
		}
		const writers, each = 8, 40
		var wg sync.WaitGroup
		var committed atomic.Int64
		for w := range writers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				d := dbs[w%len(dbs)]
				for i := range each {
					fail := i%4 == 3
					err := d.Write(ctx, func(tx *sqldb.Tx) error {
						for k := range 1 + i%3 {
							if err := audit.Record(ctx, tx, audit.Event{Action: "load.write", ObjectID: fmt.Sprintf("%d-%d-%d", w, i, k)}); err != nil {
								return err
							}
						}
						if fail {
							return errors.New("fails")
						}
						return nil
					})
					if fail != (err != nil) {
						t.Errorf("writer %d, write %d: %v", w, i, err)
						return
					}
					if err == nil {
						committed.Add(int64(1 + i%3))
					}
				}
			}()
		}
		wg.Wait()
		var n, distinct int64
		if err := db.R.QueryRow(`SELECT count(*), count(DISTINCT object_id) FROM audit_events`).Scan(&n, &distinct); err != nil {
			t.Fatal(err)
		}
		if n != committed.Load() || distinct != n {
			t.Fatalf("%d events (%d distinct), want the %d of the committed writes", n, distinct, committed.Load())
		}
		var rep audit.Report
		for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(20 * time.Millisecond) {
			if db.Engine == sqldb.Postgres { // sealed once below the visibility horizon
				if _, err := audit.Seal(ctx, writer(db), "postgres"); err != nil {
					t.Fatal(err)
				}
			}
			var err error
			if rep, err = audit.Verify(ctx, db.R, string(db.Engine), nil, time.Hour, time.Now()); err != nil {
				t.Fatal(err)
			}
			if rep.Size == n || time.Now().After(deadline) {
				break
			}
		}
		if !rep.OK() || rep.Size != n {
			t.Fatalf("verify: %+v size %d of %d %q", rep.Failure, rep.Size, n, rep.Problem)
		}
	})
}

// BenchmarkRecordCost compares a transaction that inserts one domain row and
// updates another, with and without an audit event, with 8 concurrent
// writers. The target: audited ≤ 1.6 × plain on SQLite, ≤ 1.4 × on
// PostgreSQL (docs/PERFORMANCE.md).
//
// A third case, bare-row, is the floor under any event row written in the
// same transaction: the plain transaction plus one row holding nothing but
// its key, left for the end of the write and written for all the writes of
// a commit in one statement, exactly as the SQLite audit record writes its
// events (bareRows) — but with no content, no hashing and one bound value
// instead of twelve.
//
// Each case runs once, one after the other; on a noisy machine
// BenchmarkRecordCostRatio, which interleaves them, gives steadier ratios.
func BenchmarkRecordCost(b *testing.B) {
	for _, e := range sqldbtest.Engines() {
		b.Run(string(e), func(b *testing.B) {
			cb := newCostBench(b, e)
			for _, name := range costCases {
				b.Run(name, func(b *testing.B) {
					groups0, writes0 := cb.db.GroupStats()
					defer func() {
						if groups, writes := cb.db.GroupStats(); groups > groups0 {
							b.ReportMetric(float64(writes-writes0)/float64(b.N), "shared/op")
							b.ReportMetric(float64(writes-writes0)/float64(groups-groups0), "writes/group")
						}
					}()
					b.SetParallelism(4) // × GOMAXPROCS 2 = 8 writers
					b.RunParallel(func(pb *testing.PB) {
						for pb.Next() {
							if err := cb.write(name); err != nil {
								b.Error(err)
								return
							}
						}
					})
				})
			}
		})
	}
}

// BenchmarkRecordCostRatio measures BenchmarkRecordCost's three cases
// interleaved: each of b.N rounds runs a chunk of writes of every case (8
// writers), in an order that rotates from round to round, so a machine that
// speeds up or slows down mid-run weighs on all three alike. It reports the
// mean time of a write of each case and the ratios to plain; ns/op is a
// whole round. Run it with -benchtime 20x or more.
func BenchmarkRecordCostRatio(b *testing.B) {
	for _, e := range sqldbtest.Engines() {
		b.Run(string(e), func(b *testing.B) {
			cb := newCostBench(b, e)
			chunk := 2000
			if e == sqldb.Postgres {
				chunk = 300
			}
			run := func(name string, n int) time.Duration {
				var left atomic.Int64
				left.Store(int64(n))
				var wg sync.WaitGroup
				start := time.Now()
				for range 8 {
					wg.Add(1)
					go func() {
						defer wg.Done()
						for left.Add(-1) >= 0 {
							if err := cb.write(name); err != nil {
								b.Error(err)
								return
							}
						}
					}()
				}
				wg.Wait()
				return time.Since(start)
			}
			for _, name := range costCases { // statements learned and prepared
				run(name, 200)
			}
			spent := map[string]time.Duration{}
			b.ResetTimer()
			for round := range b.N {
				for k := range costCases {
					name := costCases[(round+k)%len(costCases)]
					spent[name] += run(name, chunk)
				}
			}
			b.StopTimer()
			per := func(name string) float64 {
				return float64(spent[name].Microseconds()) / float64(b.N*chunk)
			}
			b.ReportMetric(per("plain"), "plain-µs")
			b.ReportMetric(per("audited"), "audited-µs")
			b.ReportMetric(per("bare-row"), "bare-row-µs")
			b.ReportMetric(per("audited")/per("plain"), "audited/plain")
			b.ReportMetric(per("bare-row")/per("plain"), "bare-row/plain")
		})
	}
}

// costCases are the transactions BenchmarkRecordCost compares.
var costCases = []string{"plain", "audited", "bare-row"}

// costBench is the database and tables of BenchmarkRecordCost.
type costBench struct {
	db   *sqldb.DB
	ctx  context.Context
	actx context.Context // acting as a committee member
	next atomic.Int64
}

func newCostBench(b *testing.B, e sqldb.Engine) *costBench {
	ctx := context.Background()
	db := openKeyed(b, e)
	if err := db.Prepare(ctx, audit.HotStatements(string(db.Engine))...); err != nil {
		b.Fatal(err)
	}
	for _, q := range []string{
		`CREATE TABLE bench_items (id BIGINT PRIMARY KEY, note TEXT NOT NULL, at TIMESTAMP NOT NULL)`,
		`CREATE TABLE bench_counters (id BIGINT PRIMARY KEY, n BIGINT NOT NULL)`,
		`CREATE TABLE bench_log (id BIGINT PRIMARY KEY)`,
	} {
		if _, err := db.W.ExecContext(ctx, q); err != nil {
			b.Fatal(err)
		}
	}
	for i := range 1000 {
		if _, err := db.W.ExecContext(ctx, `INSERT INTO bench_counters (id, n) VALUES ($1, 0)`, i); err != nil {
			b.Fatal(err)
		}
	}
	for n := 1; n <= bareRowsMax; n++ {
		if err := db.Prepare(ctx, bareRowsQuery(n)); err != nil {
			b.Fatal(err)
		}
	}
	return &costBench{db: db, ctx: ctx, actx: audit.WithActor(ctx, audit.Actor{ID: "12", Role: "committee", Client: "192.0.2.1"})}
}

// write runs one transaction of the named case.
func (cb *costBench) write(name string) error {
	ctx := cb.ctx
	id := cb.next.Add(1)
	return cb.db.Write(ctx, func(tx *sqldb.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO bench_items (id, note, at) VALUES ($1,
$2, $3)`, id, "catatan", sqldb.Now(time.Now())); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE bench_counters SET n = n + 1 WHERE id = $1`, rand.IntN(1000)); err != nil {
			return err
		}
		switch name {
		case "audited":
			return audit.Record(
				cb.actx,
				tx,
				audit.Event{Action: "item.create", ObjectType: "item", ObjectID: fmt.Sprint(id), Data: map[string]any{"note": "catatan"}},
			)
		case "bare-row":
			tx.Defer(bareRows{}, id)
		}
		return nil
	})
}

// bareRows writes the deferred keys of a commit into bench_log, up to
// bareRowsMax in one statement (BenchmarkRecordCost's bare-row case).
type bareRows struct{}

// bareRowsMax is the most writes a SQLite commit groups (sqldb's maxGroup).
const bareRowsMax = 32

func (bareRows) Flush(ctx context.Context, tx *sqldb.Tx, items []any) error {
	for len(items) > 0 {
		n := min(len(items), bareRowsMax)
		st, err := tx.Stmt(ctx, bareRowsQuery(n))
		if err != nil {
			return err
		}
		if _, err := st.ExecContext(ctx, items[:n]...); err != nil {
			return err
		}
		items = items[n:]
	}
	return nil
}

// bareRowsQuery inserts n keys; the placeholders are $1…$n, which both
// engines read.
func bareRowsQuery(n int) string {
	var sb strings.Builder
	sb.WriteString("INSERT INTO bench_log (id) VALUES ")
	for i := 1; i <= n; i++ {
		if i > 1 {
			sb.WriteString(", ")
		}
		fmt.Fprintf(&sb, "($%d)", i)
	}
	return sb.String()
}

// TestRecordTwoWritersOneFile: on SQLite each process remembers the chain
// head it wrote last; another process writing the same file, a rolled-back
// transaction and unsealed rows must all make it fall back to the database.
func TestRecordTwoWritersOneFile(t *testing.T) {
	ctx := context.Background()
	path := sqldbtest.DSN(t, sqldb.SQLite)
	open := func() *sqldb.DB {
		db, err := sqldb.Open(ctx, path, sqldb.Options{})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		if _, err := db.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		if err := db.Prepare(ctx, audit.HotStatements(string(db.Engine))...); err != nil {
			t.Fatal(err)
		}
		return keyed(db)
	}
	a, b := open(), open()
	record := func(db *sqldb.DB, n int) {
		for i := 0; i < n; i++ {
			if err := db.Write(ctx, func(tx *sqldb.Tx) error {
				return audit.Record(ctx, tx, audit.Event{Action: "x.y", ObjectID: fmt.Sprint(i), Data: map[string]any{"i": i}})
			}); err != nil {
				t.Fatal(err)
			}
		}
	}
	boom := errors.New("boom")
	record(a, 3)
	record(b, 2) // a's memory is now stale
	record(a, 2)
	rolledBack := func(db *sqldb.DB, n int) {
		if err := db.Write(ctx, func(tx *sqldb.Tx) error {
			for range n {
				if err := audit.Record(ctx, tx, audit.Event{Action: "rolled.back"}); err != nil {
					return err
				}
			}
			if err := tx.Flush(ctx); err != nil { // written, then rolled back
				return err
			}
			return boom
		}); !errors.Is(err, boom) {
			t.Fatal(err)
		}
	}
	rolledBack(a, 1) // a remembers a head that is rolled back
	record(a, 1)
	rolledBack(a, 1) // rolled back again, then b writes at that seq
	record(b, 1)
	insertUnsealed(t, b, 3) // an older asnpro, or a script
	record(a, 2)
	record(b, 1)
	rolledBack(b, 20) // several at once (one statement per 16)
	// Several events in one write, linked in one go after b's.
	if err := a.Write(ctx, func(tx *sqldb.Tx) error {
		for i := range 40 {
			if err := audit.Record(ctx, tx, audit.Event{Action: "batch", ObjectID: fmt.Sprint(i)}); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	// Two flushes in one write (an announcement reads the seq of its event):
	// the second links after the first, which is not committed yet.
	if err := a.Write(ctx, func(tx *sqldb.Tx) error {
		for i := range 2 {
			if err := audit.Record(ctx, tx, audit.Event{Action: "flushed", ObjectID: fmt.Sprint(i)}); err != nil {
				return err
			}
			if err := tx.Flush(ctx); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	record(a, 1)
	record(b, 1)
	record(a, 1)
	// 16 events a statement: the last of 17 and of 33 goes alone.
	for _, n := range []int{17, 33} {
		if err := b.Write(ctx, func(tx *sqldb.Tx) error {
			for i := range n {
				if err := audit.Record(ctx, tx, audit.Event{Action: "batch", ObjectID: fmt.Sprint(i)}); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
	}
	rep, err := audit.Verify(ctx, a.R, "sqlite", nil, time.Hour, time.Now())
	if err != nil || !rep.OK() || rep.Size != 110 || rep.Pending != 0 {
		t.Fatalf("verify: %v %+v size %d pending %d %q", err, rep.Failure, rep.Size, rep.Pending, rep.Problem)
	}
	var rolled int
	a.R.QueryRow(`SELECT count(*) FROM audit_events WHERE action = 'rolled.back'`).Scan(&rolled)
	if rolled != 0 {
		t.Fatalf("%d rolled-back events in the table", rolled)
	}
}
