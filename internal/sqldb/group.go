package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"runtime/debug"
	"sync"
	"sync/atomic"

	"asnpro/internal/apperr"
)

// Group commit (SQLite). SQLite has one writer, so concurrent Write calls
// wait for one another anyway; most of a small transaction's cost is its
// commit (the WAL frames of every page it touched, the WAL-index locks).
// Writes that queue up while another commits are therefore run together:
// one BEGIN IMMEDIATE, each write inside its own SAVEPOINT, one COMMIT.
//
//   - The fns run one after another on the coordinator's goroutine (no
//     hand-over between goroutines per write); a fn's panic is caught there
//     and raised again in its caller's goroutine.
//   - A write whose fn fails (or panics) is rolled back to its savepoint;
//     the others of its group still commit.
//   - A write whose fn succeeds is told so only after the COMMIT, and gets
//     the COMMIT's error if the commit fails: nobody hears "done" for a
//     change that is not durable.
//   - If the shared transaction itself ends early (a disk error, or a fn
//     that ended it), the writes already run in it get an "unavailable"
//     error (their changes are gone with it), and the rest of the group
//     runs in a new transaction: none of them is half-applied.
//   - While it shares a transaction, a write's statements ignore the
//     cancellation of its context: SQLite answers an interrupted write by
//     rolling back the whole transaction, with its neighbours' work in it.
//     A write still waiting in the queue when its context ends leaves the
//     queue and returns the context's error; its fn never runs.
//
// The coordinator is one goroutine that lives from Open to Close, parked
// while no write is queued: a goroutine started per group would start on a
// small stack and grow it again, a copy at a time, down SQLite's deep call
// chains (6 % of the CPU of concurrent writes).

// maxGroup bounds the writes of one group, and so how long the first of
// them waits for the commit.
const maxGroup = 32

// Write request states.
const (
	reqQueued    int32 = iota // in the queue
	reqTaken                  // in a group: its outcome will come
	reqAbandoned              // its caller left: skip it
)

type writeReq struct {
	ctx   context.Context
	fn    func(tx *Tx) error
	state atomic.Int32
	told  bool              // its outcome is sent (coordinator only)
	done  chan writeOutcome // buffered 1
}

// writeOutcome is what a write's caller hears.
type writeOutcome struct {
	err    error
	panic  any // fn panicked with this value
	panics bool
}

// tell sends r its outcome, once.
func (r *writeReq) tell(o writeOutcome) {
	if !r.told {
		r.told = true
		r.done <- o
	}
}

type writeQueue struct {
	mu     sync.Mutex
	queue  []*writeReq
	idle   bool // the coordinator is parked, waiting for wake
	closed bool // Close has begun: no more writes are queued

	wake    chan struct{} // buffered 1: a write was queued while idle
	stop    chan struct{} // closed by Close
	stopped chan struct{} // closed when the coordinator has ended

	groups, shared atomic.Int64 // groups of more than one write, and their writes
}

// GroupStats reports how many transactions were shared by several writes
// (SQLite group commit) and how many writes they held, since Open.
func (db *DB) GroupStats() (groups, writes int64) {
	return db.wq.groups.Load(), db.wq.shared.Load()
}

// writeGrouped is Write on SQLite.
func (db *DB) writeGrouped(ctx context.Context, fn func(tx *Tx) error) error {
	if err := ctx.Err(); err != nil {
		return Translate(err, "begin transaction")
	}
	req := &writeReq{ctx: ctx, fn: fn, done: make(chan writeOutcome, 1)}
	q := &db.wq
	q.mu.Lock()
	if q.closed {
		q.mu.Unlock()
		return &apperr.Error{
			Code:       apperr.Unavailable,
			Message:    "Server sedang berhenti; silakan coba lagi",
			MessageEN:  "The server is stopping; please try again",
			RetryAfter: 1,
			Err:        errors.New("write after the database was closed"),
		}
	}
	q.queue = append(q.queue, req)
	wake := q.idle
	q.idle = false
	q.mu.Unlock()
	if wake {
		q.wake <- struct{}{} // never blocks: only the write that cleared idle sends
	}
	cancelled := ctx.Done()
	for {
		select {
		case o := <-req.done:
			if o.panics {
				panic(o.panic)
			}
			return o.err
		case <-cancelled:
			if req.state.CompareAndSwap(reqQueued, reqAbandoned) {
				return Translate(ctx.Err(), "begin transaction")
			}
			cancelled = nil // in a group: its outcome will come
		}
	}
}

// startWriter starts the coordinator (SQLite, at Open).
func (db *DB) startWriter() {
	q := &db.wq
	q.wake = make(chan struct{}, 1)
	q.stop = make(chan struct{})
	q.stopped = make(chan struct{})
	go db.coordinate(false)
}

// stopWriter lets the coordinator run what is queued, then ends it; writes
// that come later get an "unavailable" error (Close).
func (db *DB) stopWriter() {
	q := &db.wq
	q.mu.Lock()
	if q.closed || q.stop == nil {
		q.mu.Unlock()
		return
	}
	q.closed = true
	q.mu.Unlock()
	close(q.stop)
	<-q.stopped
}

// coordinate runs groups from the queue, parking while it is empty, until
// stopWriter. If a fn ends the coordinator's goroutine (runtime.Goexit, as
// t.FailNow does), the group in hand is rolled back, its writes are told
// so, and a new coordinator carries on.
func (db *DB) coordinate(stopping bool) {
	q := &db.wq
	var group []*writeReq
	var open *sql.Tx // the group's transaction while it is open
	normal := false
	defer func() {
		if normal {
			close(q.stopped)
			return
		}
		if open != nil {
			_ = open.Rollback()
		}
		lost := &apperr.Error{Code: apperr.Internal, Message: "Terjadi kesalahan pada server", MessageEN: "Internal server error",
			Err: fmt.Errorf("a write of the same group ended the writer's goroutine (runtime.Goexit)")}
		for _, r := range group {
			r.tell(writeOutcome{err: lost})
		}
		go db.coordinate(stopping)
	}()
	for {
		q.mu.Lock()
		group = group[:0]
		n := 0
		for _, r := range q.queue {
			if len(group) < maxGroup && r.state.CompareAndSwap(reqQueued, reqTaken) {
				group = append(group, r)
			} else if r.state.Load() != reqAbandoned {
				break
			}
			n++
		}
		q.queue = q.queue[n:]
		if len(group) == 0 && len(q.queue) == 0 {
			q.queue = nil
			if stopping { // closed, and nothing queued before it is left
				q.mu.Unlock()
				normal = true
				return
			}
			q.idle = true
			q.mu.Unlock()
			select {
			case <-q.wake:
			case <-q.stop:
				stopping = true // one more look: a write queued before Close still runs
			}
			continue
		}
		q.mu.Unlock()
		if len(group) > 0 {
			db.runGroup(group, &open)
		}
		db.learn(context.Background())
	}
}

// runGroup runs the writes of group and tells each its outcome; *open is
// the transaction while it is open.
func (db *DB) runGroup(group []*writeReq, open **sql.Tx) {
	if len(group) == 1 {
		r := group[0]
		r.tell(db.writeAlone(r, open))
		return
	}
	db.wq.groups.Add(1)
	db.wq.shared.Add(int64(len(group)))
	bg := context.Background()
	stx, err := db.W.BeginTx(bg, nil)
	if err != nil {
		err = Translate(err, "begin transaction")
		for _, r := range group {
			r.tell(writeOutcome{err: err})
		}
		return
	}
	*open = stx
	stmts := map[*sql.Stmt]*sql.Stmt{} // shared by the writes of the group
	gtx := &Tx{Tx: stx, engine: db.Engine, db: db, shared: true, stmts: stmts}
	var ran []*writeReq         // succeeded, waiting for the commit
	var deferred []deferredItem // what they left for the end
	for i, r := range group {
		if _, err := gtx.ExecContext(bg, "SAVEPOINT asnpro_w"); err != nil {
			db.abandonShared(stx, ran, err, group[i:], open)
			return
		}
		tx := &Tx{Tx: stx, engine: db.Engine, db: db, shared: true, stmts: stmts}
		pv, panics, err := call(r.fn, tx)
		if err == nil && !panics {
			err = tx.finish(bg)
		}
		if err != nil || panics {
			_, rerr := stx.ExecContext(bg, "ROLLBACK TO asnpro_w; RELEASE asnpro_w")
			r.tell(writeOutcome{err: err, panic: pv, panics: panics})
			if rerr != nil {
				db.abandonShared(stx, ran, rerr, group[i+1:], open)
				return
			}
			continue
		}
		if _, err := gtx.ExecContext(bg, "RELEASE asnpro_w"); err != nil {
			db.abandonShared(stx, append(ran, r), err, group[i+1:], open)
			return
		}
		ran = append(ran, r)
		deferred = append(deferred, tx.deferred...)
		gtx.after = append(gtx.after, tx.after...)
	}
	err = safeFlush(bg, gtx, deferred)
	if err != nil {
		_ = stx.Rollback()
	} else if err = stx.Commit(); err != nil {
		err = Translate(err, "commit")
	} else {
		runAfter(gtx.after)
	}
	*open = nil
	for _, r := range ran {
		r.tell(writeOutcome{err: err})
	}
}

// abandonShared ends a shared transaction that can no longer commit as a
// whole: the writes that ran in it (ran) are told they were undone, and
// rest runs again as a group of its own.
func (db *DB) abandonShared(stx *sql.Tx, ran []*writeReq, cause error, rest []*writeReq, open **sql.Tx) {
	_ = stx.Rollback()
	*open = nil
	undone := &apperr.Error{Code: apperr.Unavailable,
		Message:    "Perubahan dibatalkan karena transaksi bersama gagal; silakan coba lagi",
		MessageEN:  "The change was undone because the transaction it shared failed; please try again",
		RetryAfter: 1, Err: fmt.Errorf("shared write transaction: %w", cause)}
	for _, r := range ran {
		r.tell(writeOutcome{err: undone})
	}
	if len(rest) > 0 {
		db.runGroup(rest, open)
	}
}

// writeAlone runs one write in a transaction of its own, as a single
// writer would.
func (db *DB) writeAlone(r *writeReq, open **sql.Tx) writeOutcome {
	stx, err := db.W.BeginTx(r.ctx, nil)
	if err != nil {
		// Its fn does not run; its caller hears the error.
		return writeOutcome{err: Translate(err, "begin transaction")}
	}
	*open = stx
	defer func() { *open = nil }()
	tx := &Tx{Tx: stx, engine: db.Engine, db: db}
	pv, panics, err := call(r.fn, tx)
	if err == nil && !panics {
		err = tx.finish(r.ctx)
	}
	if err != nil || panics {
		_ = stx.Rollback()
		return writeOutcome{err: err, panic: pv, panics: panics}
	}
	if err := safeFlush(r.ctx, tx, tx.deferred); err != nil {
		_ = stx.Rollback()
		return writeOutcome{err: err}
	}
	if err := stx.Commit(); err != nil {
		return writeOutcome{err: Translate(err, "commit")}
	}
	runAfter(tx.after)
	return writeOutcome{}
}

// call runs fn, catching a panic to raise again in its caller's goroutine.
// (runtime.Goexit is not a panic: it goes on, and coordinate handles it.)
func call(fn func(tx *Tx) error, tx *Tx) (pv any, panics bool, err error) {
	panics = true
	defer func() {
		if panics {
			if pv = recover(); pv == nil {
				panics = false // Goexit: there was nothing to recover
			}
		}
	}()
	err = fn(tx)
	panics = false
	return nil, false, err
}

// safeFlush is flushDeferred on the coordinator's goroutine: a panic there
// (a bug) becomes an error for the writes waiting on it, not a hang.
func safeFlush(ctx context.Context, tx *Tx, items []deferredItem) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = apperr.Wrap(fmt.Errorf("panic: %v\n%s", p, debug.Stack()), "flush deferred rows")
		}
	}()
	return flushDeferred(ctx, tx, items)
}
