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
	"fmt"
	"time"

	"asnpro/internal/audit/chain"
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
	PrepareContext(ctx context.Context, query string) (*sql.Stmt, error)
	Dialect() string
}

// Clock returns the current time; tests replace it.
var Clock = time.Now

// Record writes ev inside tx. If tx rolls back, the event is gone with it.
// It returns an internal error when the row cannot be written.
func Record(ctx context.Context, tx Tx, ev Event) error {
	if ev.Action == "" {
		return fmt.Errorf("audit: event without action")
	}
	if ev.Actor == "" && ev.Role == "" && ev.Client == "" {
		a := ActorFrom(ctx)
		ev.Actor, ev.Role, ev.Client = a.ID, a.Role, a.Client
	}
	at := ev.At
	if at.IsZero() {
		at = Clock()
	}
	at = at.UTC().Truncate(time.Microsecond)
	data := []byte("{}")
	if ev.Data != nil {
		b, err := marshalObject(ev.Data)
		if err != nil {
			return fmt.Errorf("audit %s: %w", ev.Action, err)
		}
		// Stored canonical (RFC 8785), so the stored text is what data_sha256 hashes.
		if data, err = chain.Canonicalize(b); err != nil {
			return fmt.Errorf("audit %s: %w", ev.Action, err)
		}
	}
	if tx.Dialect() == "sqlite" {
		return recordSealed(ctx, tx, ev, at, data)
	}
	// PostgreSQL: the sealer links the event once its transaction is below
	// the visibility horizon (seal.go).
	_, err := tx.ExecContext(ctx, `INSERT INTO audit_events (at, actor, role, action, object_type, object_id, data, client)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, at, ev.Actor, ev.Role, ev.Action, ev.ObjectType, ev.ObjectID, string(data), ev.Client)
	if err != nil {
		return fmt.Errorf("audit %s: %w", ev.Action, err)
	}
	return nil
}

// recordSealed writes an event already linked into the chain: on SQLite
// the writing transaction holds the only write lock, so it can read the
// chain head from the database (never from memory: another process may
// have written since) and extend it.
func recordSealed(ctx context.Context, tx Tx, ev Event, at time.Time, data []byte) error {
	st, err := prepared(ctx, tx, insertSealed)
	if err != nil {
		return fmt.Errorf("audit %s: %w", ev.Action, err)
	}
	args := []any{at, ev.Actor, ev.Role, ev.Action, ev.ObjectType, ev.ObjectID, string(data), ev.Client,
		chain.FormatTime(at), digest(data), chain.ClientDigest(ev.Client)}
	res, err := st.ExecContext(ctx, args...)
	if err != nil {
		return fmt.Errorf("audit %s: %w", ev.Action, err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 1 {
		return err
	}
	// The newest row is not sealed (written by an asnpro that did not
	// seal): link the backlog first, then this event.
	if _, err := sealPending(ctx, tx, 1<<62); err != nil {
		return fmt.Errorf("audit %s: catch up: %w", ev.Action, err)
	}
	if res, err = st.ExecContext(ctx, args...); err != nil {
		return fmt.Errorf("audit %s: %w", ev.Action, err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return fmt.Errorf("audit %s: the chain head could not be read", ev.Action)
	}
	return nil
}

const (
	// insertSealed writes an event already linked to the chain head — the
	// newest row, read inside the writing transaction (the only writer), or
	// the genesis when there is none; asnpro_chain_hash is registered by
	// package sqldb. It inserts nothing when the newest row is unsealed.
	insertSealed = `INSERT INTO audit_events (at, actor, role, action, object_type, object_id, data, client, pos, prev_hash, hash)
SELECT $1, $2, $3, $4, $5, $6, $7, $8, h.pos + 1, h.hash, asnpro_chain_hash(h.hash, h.pos + 1, $9, $2, $3, $4, $5, $6, $10, $11)
FROM (SELECT pos, hash FROM (
        SELECT pos, hash, 1 AS k FROM (SELECT pos, hash FROM audit_events ORDER BY seq DESC LIMIT 1)
        UNION ALL SELECT 0, '` + genesisHex + `', 2
      ) ORDER BY k LIMIT 1) AS h
WHERE h.pos IS NOT NULL`
	genesisHex = "0000000000000000000000000000000000000000000000000000000000000000"
)

// HotStatements are the statements on every write path of a dialect, for
// sqldb.DB.Prepare at start-up (none on PostgreSQL, whose writers only insert).
func HotStatements(dialect string) []string {
	if dialect == "sqlite" {
		return []string{insertSealed}
	}
	return nil
}

// stmtTx is a transaction that can reuse prepared statements (sqldb.Tx).
type stmtTx interface {
	Stmt(ctx context.Context, query string) (*sql.Stmt, error)
}

// prepared returns query as a statement of tx, prepared once when tx
// supports it (the audit record is on every write path).
func prepared(ctx context.Context, tx Tx, query string) (interface {
	ExecContext(ctx context.Context, args ...any) (sql.Result, error)
	QueryRowContext(ctx context.Context, args ...any) *sql.Row
}, error) {
	if st, ok := tx.(stmtTx); ok {
		return st.Stmt(ctx, query)
	}
	return plainStmt{tx, query}, nil
}

type plainStmt struct {
	tx    Tx
	query string
}

func (p plainStmt) ExecContext(ctx context.Context, args ...any) (sql.Result, error) {
	return p.tx.ExecContext(ctx, p.query, args...)
}
func (p plainStmt) QueryRowContext(ctx context.Context, args ...any) *sql.Row {
	return p.tx.QueryRowContext(ctx, p.query, args...)
}

func digest(canonical []byte) string {
	sum := sha256.Sum256(canonical)
	return hex.EncodeToString(sum[:])
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
