// Package audit writes asnpro's audit record: every state change, and every
// read of sensitive data, becomes one row of the append-only table
// audit_events, written in the same transaction as the change it describes
// (DESIGN §4). The hash chain that seals those rows is defined in the
// subpackage chain.
package audit

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"
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
		data = b
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO audit_events (at, actor, role, action, object_type, object_id, data, client)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, at, ev.Actor, ev.Role, ev.Action, ev.ObjectType, ev.ObjectID, string(data), ev.Client)
	if err != nil {
		return fmt.Errorf("audit %s: %w", ev.Action, err)
	}
	return nil
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
