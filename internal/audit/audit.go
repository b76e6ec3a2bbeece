// Package audit writes asnpro's audit record: every state change, and every
// read of sensitive data, becomes one row of the append-only table
// audit_events, written in the same transaction as the change it describes
// (DESIGN §4). The hash chain that seals those rows is defined in the
// subpackage chain.
package audit

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"asnpro/internal/audit/chain"
	"asnpro/internal/sqldb"
)

// Actor is who acts: a user id in decimal (or "" for the system or an
// anonymous visitor), the role they act in, and the client address.
type Actor struct {
	ID     string
	Role   string
	Client string
}

type actorKey struct{}

// WithActor returns ctx carrying the acting user; Record reads it when an
// event does not name its actor.
func WithActor(ctx context.Context, a Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// ActorFrom returns the actor carried by ctx (zero when none).
func ActorFrom(ctx context.Context) Actor {
	a, _ := ctx.Value(actorKey{}).(Actor)
	return a
}

// Event is one entry of the audit record.
type Event struct {
	At         time.Time // zero: now
	Actor      string    // user id; "" takes ActorFrom(ctx)
	Role       string
	Client     string
	Action     string // dotted verb, e.g. "user.create", "login.fail"
	ObjectType string
	ObjectID   string
	// Data is a JSON object summarising what changed (marshalled with
	// encoding/json; nil means {}). Never put secrets in it.
	Data any
}

// Tx is what Record needs of a write transaction (sqldb.Tx satisfies it).
type Tx interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	PrepareContext(ctx context.Context, query string) (*sqldb.Stmt, error)
	// Stmt returns query prepared once per database (see sqldb.DB.Prepare).
	Stmt(ctx context.Context, query string) (*sqldb.Stmt, error)
	// Defer leaves an item to write at the end of the write (sqldb.Tx.Defer).
	Defer(d sqldb.Deferred, item any)
	// AfterCommit runs fn once the transaction has committed (sqldb.Tx.AfterCommit).
	AfterCommit(fn func())
	Dialect() string
}

// Record writes ev inside tx, tagged with the database's tag key (UseKey).
// If tx rolls back, the event is gone with it. It returns an internal error
// when the row cannot be written.
func Record(ctx context.Context, tx Tx, ev Event) error {
	p, err := newDeferred(ctx, tx, ev)
	if err != nil {
		return err
	}
	if tx.Dialect() == "sqlite" {
		// Written at the end of the write, with the events of the writes
		// that share its commit (sqldb group commit), in one statement.
		tx.Defer(sqliteLog{}, p)
		return nil
	}
	// PostgreSQL: the sealer links the event once its transaction is below
	// the visibility horizon (seal.go).
	tag, err := tagOf(tagKeyOf(tx), p.entry(0))
	if err != nil {
		return fmt.Errorf("audit %s: %w", ev.Action, err)
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO audit_events (at, actor, role, action, object_type, object_id, data, client, tag)
VALUES ($1, $2, $3, $4, $5, $6, $7,
$8, $9)`, p.at, p.ev.Actor, p.ev.Role, p.ev.Action, p.ev.ObjectType, p.ev.ObjectID, p.data, p.ev.Client, tag)
	if err != nil {
		return fmt.Errorf("audit %s: %w", ev.Action, err)
	}
	return nil
}

// newDeferred checks ev and returns it ready to write: actor filled in
// from ctx, time (by tx's database clock when unset: UseClock) truncated
// to the microsecond, data canonical.
func newDeferred(ctx context.Context, tx Tx, ev Event) (*deferredEvent, error) {
	if ev.Action == "" {
		return nil, fmt.Errorf("audit: event without action")
	}
	if ev.Actor == "" && ev.Role == "" && ev.Client == "" {
		a := ActorFrom(ctx)
		ev.Actor, ev.Role, ev.Client = a.ID, a.Role, a.Client
	}
	at := ev.At
	if at.IsZero() {
		at = nowOf(tx)
	}
	at = at.UTC().Truncate(time.Microsecond)
	data := []byte("{}")
	if ev.Data != nil {
		data = canonicalData(ev.Data)
	}
	if data == nil {
		b, err := marshalObject(ev.Data)
		if err != nil {
			return nil, fmt.Errorf("audit %s: %w", ev.Action, err)
		}
		// Stored canonical (RFC 8785), so the stored text is what data_sha256 hashes.
		if data, err = chain.Canonicalize(b); err != nil {
			return nil, fmt.Errorf("audit %s: %w", ev.Action, err)
		}
	}
	return &deferredEvent{at: at, ev: ev, data: string(data)}, nil
}

// deferredEvent is an event recorded on SQLite, waiting for the end of its
// write (sqldb.Tx.Defer).
type deferredEvent struct {
	at   time.Time
	ev   Event
	data string // canonical JSON
}

// sqliteLog writes the pending events of a transaction, linked into the
// chain: on SQLite the writing transaction holds the only write lock, so it
// can extend the chain head itself.
type sqliteLog struct{}

func (sqliteLog) Flush(ctx context.Context, tx *sqldb.Tx, items []any) error {
	evs := make([]*deferredEvent, len(items))
	for i, it := range items {
		evs[i] = it.(*deferredEvent)
	}
	return insertEvents(ctx, tx, evs)
}

// entry returns p as the chain defines it, at position pos.
func (p *deferredEvent) entry(pos int64) chain.Entry {
	return chain.Entry{Pos: pos, At: p.at, Actor: p.ev.Actor, Role: p.ev.Role, Action: p.ev.Action, ObjectType: p.ev.ObjectType,
		ObjectID: p.ev.ObjectID, DataSHA256: digest([]byte(p.data)), ClientSHA256: chain.ClientDigest(p.ev.Client)}
}

// insertEvents writes evs linked after the chain head, insertRows at a
// time, each with its tag. The head is the one this process remembers from its last commit
// (no read), or read inside the transaction when there is none.
//
// A remembered head is never trusted, and checking it costs nothing: the
// events are written with explicit seqs, head.seq + 1 onwards. SQLite gives
// a new row the largest seq + 1, and rows are never deleted, so if anyone
// (another process, a write of this one that bypassed this memo) wrote an
// event after that head, seq head.seq + 1 is taken and the first INSERT
// fails on the primary key; the head is then read and the events written
// again. The head is remembered only once the transaction has committed,
// so a rolled-back event is never linked to.
func insertEvents(ctx context.Context, tx Tx, evs []*deferredEvent) error {
	memo := headMemoOf(tx)
	key := tagKeyOf(tx)
	h := memo.take()
	remembered := h.known
	for {
		if !h.known {
			var refused []refusal
			var err error
			if h, refused, err = readHead(ctx, tx); err != nil {
				return fmt.Errorf("audit %s: %w", evs[0].ev.Action, err)
			}
			// The alerts for events the catch-up refused go first.
			var alerts []*deferredEvent
			for _, r := range refused {
				a, err := newDeferred(ctx, tx, r.event())
				if err != nil {
					return err
				}
				alerts = append(alerts, a)
			}
			evs = append(alerts, evs...)
		}
		head, wrote, err := insertLinked(ctx, tx, key, h, evs)
		if err == nil {
			tx.AfterCommit(func() { memo.set(head) })
			return nil
		}
		if !remembered || wrote || !sqldb.IsUnique(err) {
			return fmt.Errorf("audit %s: %w", evs[0].ev.Action, err)
		}
		remembered, h = false, chainHead{} // someone wrote after the remembered head
	}
}

// insertLinked writes evs after head h and returns the new head; on error,
// wrote tells whether a statement before the failing one wrote rows (only
// the first can fail on a taken seq: after it, these rows are the newest).
func insertLinked(ctx context.Context, tx Tx, key *chain.TagKey, h chainHead, evs []*deferredEvent) (_ chainHead, wrote bool, _ error) {
	args := make([]any, 0, insertRows*insertCols)
	for len(evs) > 0 {
		n := min(len(evs), insertRows)
		args = args[:0]
		for _, p := range evs[:n] {
			e := p.entry(h.pos + 1)
			sum, err := e.Hash(h.hash)
			if err != nil {
				return chainHead{}, wrote, err
			}
			hashHex := hex.EncodeToString(sum[:])
			tag, err := tagOf(key, e)
			if err != nil {
				return chainHead{}, wrote, err
			}
			args = append(
				args,
				h.seq+1,
				sqldb.SQLiteTimeText(p.at),
				p.ev.Actor,
				p.ev.Role,
				p.ev.Action,
				p.ev.ObjectType,
				p.ev.ObjectID,
				p.data,
				p.ev.Client,
				tag,
				e.Pos,
				h.hashHex,
				hashHex,
			)
			h = chainHead{known: true, seq: h.seq + 1, pos: e.Pos, hash: sum, hashHex: hashHex}
		}
		st, err := tx.Stmt(ctx, insertRowsQuery(n))
		if err != nil {
			return chainHead{}, wrote, err
		}
		if _, err := st.ExecContext(ctx, args...); err != nil {
			return chainHead{}, wrote, err
		}
		evs, wrote = evs[n:], true
	}
	return h, true, nil
}

// insertRows is the most events one statement of insertLinked writes.
const insertRows = 16

// insertRowsQuery is the INSERT of n events (1 ≤ n ≤ insertRows), with
// ? placeholders: the driver looks each $n name up in a list, which for
// 176 parameters costs more than the insert.
func insertRowsQuery(n int) string { return insertRowsQueries[n] }

// insertCols is the number of values of one event in insertRowsQuery.
const insertCols = 13

var insertRowsQueries = func() (qs [insertRows + 1]string) {
	row := "(" + strings.TrimSuffix(strings.Repeat("?, ", insertCols), ", ") + ")"
	for n := 1; n <= insertRows; n++ {
		qs[n] = "INSERT INTO audit_events (seq, at, actor, role, action, object_type, object_id, data, client, tag, pos, " +
			"prev_hash, hash) VALUES " +
			strings.TrimSuffix(
				strings.Repeat(row+", ", n),
				", ",
			)
	}
	return qs
}()

// chainHead is where the next events go on SQLite: after the newest row's
// seq, linked after the sealed chain's head pos and hash (seq 0, pos 0 and
// the genesis hash when there is none). The newest row is the head itself,
// except when it is a row the sealer refused, which stays unsealed.
type chainHead struct {
	known   bool
	seq     int64
	pos     int64
	hash    [32]byte
	hashHex string
}

// headMemo is this process's guess of the chain head of one database.
type headMemo struct {
	mu sync.Mutex
	h  chainHead
}

func (m *headMemo) set(h chainHead) {
	m.mu.Lock()
	m.h = h
	m.mu.Unlock()
}

// take returns the remembered head and forgets it (until the transaction
// that uses it commits and remembers the next one).
func (m *headMemo) take() chainHead {
	m.mu.Lock()
	defer m.mu.Unlock()
	h := m.h
	m.h = chainHead{}
	return h
}

// memoTx is a transaction that keeps per-database values (sqldb.Tx).
type memoTx interface {
	Memo(key any, mk func() any) any
}

type headMemoKey struct{}

func headMemoOf(tx Tx) *headMemo {
	if m, ok := tx.(memoTx); ok {
		return m.Memo(headMemoKey{}, func() any { return new(headMemo) }).(*headMemo)
	}
	return new(headMemo)
}

// readHead reads the chain head inside tx. When the newest row is not
// sealed (written beside asnpro, or by an asnpro that did not seal), it
// links the backlog first: the rows whose tag is right; the others stay
// unsealed, and are returned for the caller to record the alerts.
func readHead(ctx context.Context, tx Tx) (chainHead, []refusal, error) {
	st, err := tx.Stmt(ctx, selectHead)
	if err != nil {
		return chainHead{}, nil, err
	}
	var seq int64
	var pos sql.NullInt64
	var hash sql.NullString
	err = st.QueryRowContext(ctx).Scan(&seq, &pos, &hash)
	if errors.Is(err, sql.ErrNoRows) {
		return chainHead{known: true, hash: chain.Genesis, hashHex: genesisHex}, nil, nil
	}
	if err != nil {
		return chainHead{}, nil, err
	}
	if pos.Valid && hash.Valid {
		h := chainHead{known: true, seq: seq, pos: pos.Int64, hashHex: hash.String}
		if h.hash, err = chain.ParseHash(hash.String); err != nil {
			return chainHead{}, nil, fmt.Errorf("the chain head (event seq %d): %w", seq, err)
		}
		return h, nil, nil
	}
	cs, refused, err := sealPending(ctx, tx, 1<<62)
	if err != nil {
		return chainHead{}, nil, fmt.Errorf("catch up: %w", err)
	}
	return chainHead{known: true, seq: seq, pos: cs.size, hash: cs.head, hashHex: hex.EncodeToString(cs.head[:])}, refused, nil
}

const (
	// selectHead reads the newest event (on SQLite, events are sealed in
	// seq order, so the newest one is the chain head once sealed).
	selectHead = `SELECT seq, pos, hash FROM audit_events ORDER BY seq DESC LIMIT 1`
	genesisHex = "0000000000000000000000000000000000000000000000000000000000000000"
)

// HotStatements are the statements on every write path of a dialect, for
// sqldb.DB.Prepare at start-up (none on PostgreSQL, whose writers only insert).
func HotStatements(dialect string) []string {
	if dialect == "sqlite" {
		qs := []string{selectHead}
		for n := 1; n <= insertRows; n++ {
			qs = append(qs, insertRowsQuery(n))
		}
		return qs
	}
	return nil
}

func digest(canonical []byte) string {
	sum := sha256.Sum256(canonical)
	return hex.EncodeToString(sum[:])
}

// canonicalData returns the JCS text of an event's data when
// chain.AppendValue can write it directly and it is an object; nil means:
// marshal and canonicalise it (and refuse what is not an object).
func canonicalData(v any) []byte {
	b, ok := chain.AppendValue(make([]byte, 0, 128), v)
	if !ok || len(b) == 0 || b[0] != '{' {
		return nil
	}
	return b
}

func marshalObject(v any) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	if len(b) == 0 || b[0] != '{' {
		return nil, fmt.Errorf("data must be a JSON object, got %.20s", b)
	}
	return b, nil
}
