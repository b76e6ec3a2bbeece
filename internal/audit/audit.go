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
	pos, prev, err := sqliteHead(ctx, tx)
	if err != nil {
		return fmt.Errorf("audit %s: chain head: %w", ev.Action, err)
	}
	e := chain.Entry{Pos: pos + 1, At: at, Actor: ev.Actor, Role: ev.Role, Action: ev.Action, ObjectType: ev.ObjectType, ObjectID: ev.ObjectID,
		DataSHA256: digest(data), ClientSHA256: chain.ClientDigest(ev.Client)}
	h, err := e.Hash(prev)
	if err != nil {
		return fmt.Errorf("audit %s: %w", ev.Action, err)
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO audit_events (at, actor, role, action, object_type, object_id, data, client, pos, prev_hash, hash)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`, at, ev.Actor, ev.Role, ev.Action, ev.ObjectType, ev.ObjectID, string(data), ev.Client,
		e.Pos, hex.EncodeToString(prev[:]), hex.EncodeToString(h[:]))
	if err != nil {
		return fmt.Errorf("audit %s: %w", ev.Action, err)
	}
	return nil
}

// sqliteHead returns the size and head of the chain inside a SQLite write
// transaction. Events are sealed as they are written, so the newest row is
// the head; an unsealed newest row (written by a version of asnpro that did
// not seal) is sealed first.
func sqliteHead(ctx context.Context, tx Tx) (int64, [32]byte, error) {
	var pos sql.NullInt64
	var hash sql.NullString
	err := tx.QueryRowContext(ctx, `SELECT pos, hash FROM audit_events ORDER BY seq DESC LIMIT 1`).Scan(&pos, &hash)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, chain.Genesis, nil
	}
	if err != nil {
		return 0, chain.Genesis, err
	}
	if !pos.Valid {
		st, err := sealPending(ctx, tx, 1<<62)
		if err != nil {
			return 0, chain.Genesis, err
		}
		return st.size, st.head, nil
	}
	h, err := chain.ParseHash(hash.String)
	return pos.Int64, h, err
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
