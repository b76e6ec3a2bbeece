// Package sqldb opens asnpro's database — embedded SQLite (the default) or
// PostgreSQL — applies the embedded migrations, runs write transactions and
// translates driver errors into apperr codes.
//
// SQLite runs in WAL mode with one writer connection (writes are serialised in
// Go and begin with BEGIN IMMEDIATE, so they never meet SQLITE_BUSY from one
// another; writes that wait for one another share a commit, each in its own
// savepoint: group.go) and a small pool of read-only connections. PostgreSQL uses one pgx
// pool for both. The same SQL, with $n placeholders, runs on both engines
// wherever it can.
package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" database/sql driver
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"asnpro/internal/apperr"
)

// Engine names a database engine.
type Engine string

const (
	SQLite   Engine = "sqlite"
	Postgres Engine = "postgres"
)

// Options tune Open.
type Options struct {
	// Durable sets SQLite's synchronous=FULL (default NORMAL).
	Durable bool
	// Readers is the size of SQLite's read pool (default 4 × GOMAXPROCS, at
	// least 16). More connections than cores: a request holds its connection
	// while its goroutine waits for a core, and database/sql hands a freed
	// connection to a random waiter, so with a few connections a request that
	// reads several times in a row waits many times over (in a registration
	// surge with 4, the create step, five reads, had 2–3 × the latency of the
	// others; with 16 the steps wait alike).
	Readers int
	// MaxConns bounds PostgreSQL's pool (default 16).
	MaxConns int
}

// DB is an open database. W runs writes, R runs reads; on PostgreSQL they
// are the same pool.
type DB struct {
	Engine Engine
	W      *sql.DB
	R      *sql.DB
	// Path is the SQLite file ("" for PostgreSQL).
	Path string
	// DSN is what Open was given, for messages (passwords removed).
	Display string

	wq writeQueue // SQLite's group commit (group.go)

	stmtMu sync.Mutex
	stmts  map[string]*sql.Stmt // hot write statements prepared once on W
	rstmts map[string]*sql.Stmt // hot reads prepared once on R (ReadStmt)
	seen   map[string]int       // SQLite: statements run in writes, not yet prepared (see learn)
	ready  []string             // seen twice: for learn to prepare
}

// IsPostgres reports whether dsn names a PostgreSQL database.
func IsPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// Open opens the database named by dsn: a file path or sqlite: URL, or a
// postgres:// URL. It checks that the database answers, but does not migrate.
func Open(ctx context.Context, dsn string, opt Options) (*DB, error) {
	if IsPostgres(dsn) {
		return openPostgres(ctx, dsn, opt)
	}
	return openSQLite(ctx, dsn, opt)
}

func openSQLite(ctx context.Context, dsn string, opt Options) (*DB, error) {
	path := strings.TrimPrefix(strings.TrimPrefix(dsn, "sqlite://"), "sqlite:")
	if path == "" {
		return nil, errors.New("no database file given")
	}
	if i := strings.IndexByte(path, '?'); i >= 0 {
		path = path[:i]
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	if dir := filepath.Dir(abs); dir != "" {
		if st, err := os.Stat(dir); err != nil || !st.IsDir() {
			return nil, fmt.Errorf("folder %s of the database does not exist", dir)
		}
	}
	sync := "NORMAL"
	if opt.Durable {
		sync = "FULL"
	}
	base := "file:" + (&url.URL{Path: abs}).EscapedPath()
	common := "_busy_timeout=10000&_foreign_keys=1&_time_format=sqlite&_synchronous=" + sync
	// The writer checkpoints by itself only past 8,192 pages (32 MB) of WAL:
	// below that, RunCheckpointer does it beside the writer, so a commit
	// does not also copy the WAL into the database file.
	w, err := sql.Open("sqlite", base+"?"+common+"&_journal_mode=WAL&_txlock=immediate&_pragma=wal_autocheckpoint(8192)")
	if err != nil {
		return nil, err
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	w.SetConnMaxIdleTime(0)
	// The writer opens first, so the file exists and is in WAL mode before
	// any reader connects.
	if err := w.PingContext(ctx); err != nil {
		w.Close()
		return nil, fmt.Errorf("open %s: %w", abs, err)
	}
	readers := opt.Readers
	if readers <= 0 {
		readers = max(16, 4*runtime.GOMAXPROCS(0))
	}
	r, err := sql.Open("sqlite", base+"?"+common+"&_query_only=1")
	if err != nil {
		w.Close()
		return nil, err
	}
	r.SetMaxOpenConns(readers)
	r.SetMaxIdleConns(readers)
	r.SetConnMaxIdleTime(0)
	if err := r.PingContext(ctx); err != nil {
		w.Close()
		r.Close()
		return nil, fmt.Errorf("open %s: %w", abs, err)
	}
	db := &DB{Engine: SQLite, W: w, R: r, Path: abs, Display: abs}
	db.startWriter()
	return db, nil
}

func openPostgres(ctx context.Context, dsn string, opt Options) (*DB, error) {
	display := dsn
	if u, err := url.Parse(dsn); err == nil {
		u.User = nil
		u.RawQuery = ""
		display = u.String()
	}
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", display, err)
	}
	conns := opt.MaxConns
	if conns <= 0 {
		conns = 16
	}
	db.SetMaxOpenConns(conns)
	db.SetMaxIdleConns(conns)
	db.SetConnMaxIdleTime(5 * time.Minute)
	pctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := db.PingContext(pctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("cannot reach PostgreSQL at %s: %v", display, oneLine(err))
	}
	return &DB{Engine: Postgres, W: db, R: db, Display: display}, nil
}

func oneLine(err error) string {
	return strings.ReplaceAll(err.Error(), "\n", " ")
}

// Close closes both pools. On SQLite it first checkpoints the WAL so the
// file is complete on its own.
func (db *DB) Close() error {
	db.stopWriter()
	db.stmtMu.Lock()
	for _, st := range db.rstmts {
		st.Close()
	}
	db.rstmts = nil
	for _, st := range db.stmts {
		st.Close()
	}
	db.stmts = nil
	db.stmtMu.Unlock()
	if db.Engine == SQLite {
		_, _ = db.W.ExecContext(context.Background(), "PRAGMA wal_checkpoint(TRUNCATE)")
	}
	err := db.W.Close()
	if db.R != db.W {
		err = errors.Join(err, db.R.Close())
	}
	return err
}

// Ping checks that the database answers (used by /readyz).
func (db *DB) Ping(ctx context.Context) error {
	return db.R.PingContext(ctx)
}

// Tx is a write transaction. It embeds *sql.Tx and knows its engine, so
// engine-specific code (audit sealing) can branch without another argument.
type Tx struct {
	*sql.Tx
	engine Engine
	db     *DB
	// shared: the transaction holds other writes too (group commit), so
	// its statements ignore their contexts' cancellation (see group.go).
	shared bool
	// deferred: rows this write leaves for the end of its transaction.
	deferred []deferredItem
	later    []laterStmt             // statements for the end of this write (Later)
	bumps    []laterStmt             // counter updates for the very end of this write (Bump)
	after    []func()                // run once the transaction has committed (AfterCommit)
	stmts    map[*sql.Stmt]*sql.Stmt // prepared statements bound to this transaction
}

// A Deferred writes rows that a transaction's writes leave for its end
// (the audit record on SQLite: one statement for the events of every write
// that shares a commit, instead of one each).
type Deferred interface {
	// Flush writes items, in the order they were deferred, inside tx.
	Flush(ctx context.Context, tx *Tx, items []any) error
}

type deferredItem struct {
	d    Deferred
	item any
}

// Defer leaves item for d to write at the end of tx's write, before the
// commit and inside the same transaction. If the write fails, the item is
// dropped with the rest of it; if the flush fails, the write fails.
func (tx *Tx) Defer(d Deferred, item any) {
	tx.deferred = append(tx.deferred, deferredItem{d, item})
}

// AfterCommit runs fn once the transaction holding this write has
// committed, on the goroutine that committed it; never if it rolls back (on
// SQLite, also not if this write alone is rolled back to its savepoint).
// For what a process may remember only once it is durable, such as the
// audit record's chain head.
func (tx *Tx) AfterCommit(fn func()) {
	tx.after = append(tx.after, fn)
}

func runAfter(fns []func()) {
	for _, fn := range fns {
		fn()
	}
}

type laterStmt struct {
	query string
	args  []any
}

// Later runs query at the end of this write, after its fn and just before
// the commit: for UPDATEs of a row that many concurrent writes change
// (counters). On PostgreSQL such a row stays locked from the UPDATE until
// the commit, and every other write that updates it waits; run last, it is
// held for the commit alone, not for the rest of the write.
func (tx *Tx) Later(query string, args ...any) {
	tx.later = append(tx.later, laterStmt{query, args})
}

// Bump is Later for an UPDATE of a counter row that many concurrent writes
// change, which must not depend on any other Bump of the write: each sees
// the rows as they were before the others. On PostgreSQL the bumps of a
// write run, after its Later statements, in one statement (one round trip
// instead of one each), in the order given, so the rows they lock are held
// for that one statement and the commit. The query must be a single
// UPDATE, INSERT or DELETE without RETURNING and without "$" other than in
// its placeholders.
func (tx *Tx) Bump(query string, args ...any) {
	tx.bumps = append(tx.bumps, laterStmt{query, args})
}

// finish runs what fn left for the end of the write (Later, then Bump).
func (tx *Tx) finish(ctx context.Context) error {
	for _, l := range tx.later {
		if _, err := tx.ExecContext(ctx, l.query, l.args...); err != nil {
			return Translate(err, "update counters")
		}
	}
	tx.later = nil
	bumps := tx.bumps
	tx.bumps = nil
	if tx.engine == Postgres && len(bumps) > 1 {
		q, args := joinBumps(bumps)
		if _, err := tx.ExecContext(ctx, q, args...); err != nil {
			return Translate(err, "update counters")
		}
		return nil
	}
	for _, l := range bumps {
		if _, err := tx.ExecContext(ctx, l.query, l.args...); err != nil {
			return Translate(err, "update counters")
		}
	}
	return nil
}

var placeholder = regexp.MustCompile(`\$[0-9]+`)

// joinBumps makes one PostgreSQL statement of several counter updates:
// each a data-modifying WITH query, read in order by the final SELECT so
// that they run (and lock their rows) in the order given; the placeholders
// of each are renumbered after the previous ones'.
func joinBumps(bumps []laterStmt) (string, []any) {
	var b strings.Builder
	var args []any
	b.WriteString("WITH ")
	for i, l := range bumps {
		if i > 0 {
			b.WriteString(", ")
		}
		off := len(args)
		q := placeholder.ReplaceAllStringFunc(l.query, func(p string) string {
			n, _ := strconv.Atoi(p[1:])
			return "$" + strconv.Itoa(n+off)
		})
		fmt.Fprintf(&b, "b%d AS (%s RETURNING 1)", i, q)
		args = append(args, l.args...)
	}
	b.WriteString(" SELECT ")
	for i := range bumps {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "(SELECT count(*) FROM b%d)", i)
	}
	return b.String(), args
}

// Flush writes what this write has deferred so far, now (for a write that
// must read back what it deferred).
func (tx *Tx) Flush(ctx context.Context) error {
	items := tx.deferred
	tx.deferred = nil
	return flushDeferred(ctx, tx, items)
}

// flushDeferred hands items to their Deferreds, one call per Deferred in
// the order of its first item.
func flushDeferred(ctx context.Context, tx *Tx, items []deferredItem) error {
	for len(items) > 0 {
		d := items[0].d
		var mine []any
		rest := items[:0:0]
		for _, it := range items {
			if it.d == d {
				mine = append(mine, it.item)
			} else {
				rest = append(rest, it)
			}
		}
		if err := d.Flush(ctx, tx, mine); err != nil {
			return err
		}
		items = rest
	}
	return nil
}

func (tx *Tx) stmtCtx(ctx context.Context) context.Context {
	if tx.shared {
		return context.WithoutCancel(ctx)
	}
	return ctx
}

// ExecContext is sql.Tx's, minding a shared transaction, with the
// statement prepared once when it is a hot one (learn).
func (tx *Tx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if st := tx.prepared(ctx, query); st != nil {
		return st.ExecContext(tx.stmtCtx(ctx), args...)
	}
	return tx.Tx.ExecContext(tx.stmtCtx(ctx), query, args...)
}

// QueryContext is sql.Tx's, minding a shared transaction (see ExecContext).
func (tx *Tx) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if st := tx.prepared(ctx, query); st != nil {
		return st.QueryContext(tx.stmtCtx(ctx), args...)
	}
	return tx.Tx.QueryContext(tx.stmtCtx(ctx), query, args...)
}

// QueryRowContext is sql.Tx's, minding a shared transaction (see ExecContext).
func (tx *Tx) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if st := tx.prepared(ctx, query); st != nil {
		return st.QueryRowContext(tx.stmtCtx(ctx), args...)
	}
	return tx.Tx.QueryRowContext(tx.stmtCtx(ctx), query, args...)
}

// maxLearned bounds the statements learn prepares (SQL built with varying
// text must not fill memory).
const maxLearned = 512

// prepared returns query as a statement of tx when it is prepared on the
// writer already (Prepare, or learned), else notes that it ran (SQLite).
func (tx *Tx) prepared(ctx context.Context, query string) *sql.Stmt {
	if tx.engine != SQLite {
		return nil // pgx keeps prepared statements per connection itself
	}
	db := tx.db
	db.stmtMu.Lock()
	st, ok := db.stmts[query]
	if !ok && len(db.stmts)+len(db.seen) < maxLearned {
		if db.seen == nil {
			db.seen = map[string]int{}
		}
		if db.seen[query]++; db.seen[query] == 2 {
			db.ready = append(db.ready, query)
		}
	}
	db.stmtMu.Unlock()
	if !ok {
		return nil
	}
	return tx.bind(ctx, st)
}

// bind returns st, prepared on the writer, as a statement of tx: bound once
// per transaction, for all the writes that share it.
func (tx *Tx) bind(ctx context.Context, st *sql.Stmt) *sql.Stmt {
	bound := tx.stmts[st]
	if bound == nil {
		bound = tx.StmtContext(tx.stmtCtx(ctx), st)
		if tx.stmts == nil {
			tx.stmts = map[*sql.Stmt]*sql.Stmt{}
		}
		tx.stmts[st] = bound
	}
	return bound
}

// learn prepares, on SQLite's writer, the statements that writes ran
// twice or more without a prepared statement, so that they are parsed once
// per process instead of once per write (parsing was 12 % of the server's
// CPU in a registration surge). It runs between transactions: with one
// writer connection, preparing inside one would wait for itself.
func (db *DB) learn(ctx context.Context) {
	db.stmtMu.Lock()
	qs := db.ready
	db.ready = nil
	for _, q := range qs {
		delete(db.seen, q)
	}
	db.stmtMu.Unlock()
	for _, q := range qs {
		st, err := db.W.PrepareContext(ctx, q)
		if err != nil {
			continue // it fails when run as well, and says so there
		}
		db.keep(&db.stmts, q, st)
	}
}

// PrepareContext is sql.Tx's, minding a shared transaction.
func (tx *Tx) PrepareContext(ctx context.Context, query string) (*Stmt, error) {
	st, err := tx.Tx.PrepareContext(tx.stmtCtx(ctx), query)
	if err != nil {
		return nil, err
	}
	return &Stmt{st: st, tx: tx}, nil
}

// Stmt is a statement of a write transaction (Tx.Stmt, Tx.PrepareContext).
type Stmt struct {
	st *sql.Stmt
	tx *Tx
}

// ExecContext executes the statement in its transaction.
func (s *Stmt) ExecContext(ctx context.Context, args ...any) (sql.Result, error) {
	return s.st.ExecContext(s.tx.stmtCtx(ctx), args...)
}

// QueryContext runs the statement as a query in its transaction.
func (s *Stmt) QueryContext(ctx context.Context, args ...any) (*sql.Rows, error) {
	return s.st.QueryContext(s.tx.stmtCtx(ctx), args...)
}

// QueryRowContext runs the statement as a one-row query in its transaction.
func (s *Stmt) QueryRowContext(ctx context.Context, args ...any) *sql.Row {
	return s.st.QueryRowContext(s.tx.stmtCtx(ctx), args...)
}

// Close releases the statement (it is released with its transaction anyway).
func (s *Stmt) Close() error { return s.st.Close() }

// Prepare prepares hot write statements once on the write pool, before
// any transaction runs (with SQLite's single writer connection, preparing
// inside a transaction would wait for itself). Tx.Stmt then reuses them.
func (db *DB) Prepare(ctx context.Context, queries ...string) error {
	for _, q := range queries {
		db.stmtMu.Lock()
		_, ok := db.stmts[q]
		db.stmtMu.Unlock()
		if ok {
			continue
		}
		// Not under stmtMu: this waits for the writer connection, and a
		// write holding it may need stmtMu (Tx.Stmt) to finish.
		st, err := db.W.PrepareContext(ctx, q)
		if err != nil {
			return fmt.Errorf("prepare: %w", err)
		}
		db.keep(&db.stmts, q, st)
	}
	return nil
}

// keep stores st as (*m)[q] unless another goroutine stored one first (then
// st is closed), and returns the stored one.
func (db *DB) keep(m *map[string]*sql.Stmt, q string, st *sql.Stmt) *sql.Stmt {
	db.stmtMu.Lock()
	if *m == nil {
		*m = map[string]*sql.Stmt{}
	}
	old, dup := (*m)[q]
	if !dup {
		(*m)[q] = st
	}
	db.stmtMu.Unlock()
	if dup {
		st.Close() // outside the lock, like the prepare
		return old
	}
	return st
}

// Stmt returns query as a statement of tx: the one prepared by Prepare when
// there is one (no parsing per transaction), else prepared for tx alone.
func (tx *Tx) Stmt(ctx context.Context, query string) (*Stmt, error) {
	tx.db.stmtMu.Lock()
	st, ok := tx.db.stmts[query]
	tx.db.stmtMu.Unlock()
	if ok {
		return &Stmt{st: tx.bind(ctx, st), tx: tx}, nil
	}
	return tx.PrepareContext(ctx, query)
}

// RunCheckpointer, on SQLite, copies the write-ahead log into the database
// file every interval, on its own connection (PASSIVE: it never blocks the
// writer or readers), until ctx ends. Elsewhere it only waits for ctx.
func (db *DB) RunCheckpointer(ctx context.Context, every time.Duration) error {
	if db.Engine != SQLite {
		<-ctx.Done()
		return nil
	}
	c, err := sql.Open("sqlite", "file:"+(&url.URL{Path: db.Path}).EscapedPath()+"?_busy_timeout=1000")
	if err != nil {
		return err
	}
	defer c.Close()
	c.SetMaxOpenConns(1)
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
		var busy, logPages, done int
		if err := c.QueryRowContext(ctx, `PRAGMA wal_checkpoint(PASSIVE)`).Scan(&busy, &logPages, &done); err != nil && ctx.Err() == nil {
			return fmt.Errorf("checkpoint: %w", err)
		}
	}
}

// ReadStmt returns query prepared on the read pool, once per process (each
// connection of the pool prepares it on first use and keeps it), so a hot
// read is not parsed again on every request.
func (db *DB) ReadStmt(ctx context.Context, query string) (*sql.Stmt, error) {
	db.stmtMu.Lock()
	st, ok := db.rstmts[query]
	db.stmtMu.Unlock()
	if ok {
		return st, nil
	}
	// Not under stmtMu: this waits for a reader connection (see Prepare).
	st, err := db.R.PrepareContext(ctx, query)
	if err != nil {
		return nil, Translate(err, "prepare")
	}
	return db.keep(&db.rstmts, query, st), nil
}

// Dialect returns "sqlite" or "postgres".
func (tx *Tx) Dialect() string { return string(tx.engine) }

// Write runs fn in one write transaction: committed when fn returns nil,
// rolled back otherwise (and on panic). The error of fn is returned as is.
// On SQLite, writes that wait for one another share a commit (group.go);
// each is still all or nothing on its own.
func (db *DB) Write(ctx context.Context, fn func(tx *Tx) error) (err error) {
	if db.Engine == SQLite {
		return db.writeGrouped(ctx, fn)
	}
	stx, err := db.W.BeginTx(ctx, nil)
	if err != nil {
		// A client that gave up while waiting is not a server fault.
		return Translate(err, "begin transaction")
	}
	tx := &Tx{Tx: stx, engine: db.Engine, db: db}
	defer func() {
		if p := recover(); p != nil {
			_ = stx.Rollback()
			panic(p)
		}
		if err != nil {
			_ = stx.Rollback()
		}
	}()
	if err = fn(tx); err != nil {
		return err
	}
	if err = tx.finish(ctx); err != nil {
		return err
	}
	if err = tx.Flush(ctx); err != nil {
		return err
	}
	if err = stx.Commit(); err != nil {
		return Translate(err, "commit")
	}
	runAfter(tx.after)
	return nil
}

// IsUnique reports whether err is a unique-constraint violation.
func IsUnique(err error) bool {
	var se *sqlite.Error
	if errors.As(err, &se) {
		c := se.Code()
		return c == sqlite3.SQLITE_CONSTRAINT_UNIQUE || c == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code == "23505"
	}
	return false
}

// IsForeignKey reports whether err is a foreign-key violation.
func IsForeignKey(err error) bool {
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Code() == sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code == "23503"
	}
	return false
}

// Translate maps driver errors to apperr codes at the store boundary:
// sql.ErrNoRows → not_found, unique violation → conflict, an outage (see
// Outage) → unavailable, anything else → internal (wrapped with what was
// being done). An *apperr.Error passes
// through unchanged.
func Translate(err error, doing string) error {
	if err == nil {
		return nil
	}
	var ae *apperr.Error
	switch {
	case errors.As(err, &ae):
		return err
	case errors.Is(err, sql.ErrNoRows):
		return &apperr.Error{Code: apperr.NotFound, Message: "Data tidak ditemukan", MessageEN: "Not found", Err: err}
	case IsUnique(err):
		return &apperr.Error{Code: apperr.Conflict, Message: "Data sudah ada", MessageEN: "Already exists", Err: err}
	}
	if kind, ok := Outage(err); ok {
		return OutageError(kind, err)
	}
	switch {
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return &apperr.Error{
			Code:       apperr.Unavailable,
			Message:    "Permintaan dibatalkan atau melewati batas waktu",
			MessageEN:  "Request cancelled or timed out",
			RetryAfter: 1,
			Err:        err,
		}
	}
	return apperr.Wrap(err, doing)
}

// Now is the time to store: UTC, truncated to microseconds so that both
// engines hold the same value.
func Now(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

// SQLiteTimeLayout is how the SQLite driver writes a time.Time
// (_time_format=sqlite).
const SQLiteTimeLayout = "2006-01-02 15:04:05.999999999-07:00"

// SQLiteTimeText returns the text the SQLite driver would store for t, a
// UTC time of years 0–9999 (as Now makes): bound as a string, it skips the
// driver's general time.Format (about 2 µs an event on the audit record's
// hot path). Other times fall back to time.Format.
func SQLiteTimeText(t time.Time) string {
	y, mo, d := t.Date()
	if t.Location() != time.UTC || y < 0 || y > 9999 {
		return t.Format(SQLiteTimeLayout)
	}
	h, mi, s := t.Clock()
	var b [35]byte
	put := func(i, v, width int) {
		for j := i + width - 1; j >= i; j-- {
			b[j] = byte('0' + v%10)
			v /= 10
		}
	}
	put(0, y, 4)
	b[4] = '-'
	put(5, int(mo), 2)
	b[7] = '-'
	put(8, d, 2)
	b[10] = ' '
	put(11, h, 2)
	b[13] = ':'
	put(14, mi, 2)
	b[16] = ':'
	put(17, s, 2)
	n := 19
	if ns := t.Nanosecond(); ns != 0 {
		b[n] = '.'
		put(n+1, ns, 9)
		n += 10
		for b[n-1] == '0' {
			n--
		}
	}
	return string(append(b[:n], "+00:00"...))
}
