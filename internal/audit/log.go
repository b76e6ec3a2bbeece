package audit

import (
	"context"
	"crypto/ed25519"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"time"

	"asnpro/internal/audit/chain"
)

// Log is the instance's view of the audit chain: its signing key, sealing
// and checkpoints.
type Log struct {
	read    *sql.DB
	write   Writer
	dialect string
	key     ed25519.PrivateKey
	now     func() time.Time
}

// NewLog returns the audit log over a database. key may be nil for a
// process that only reads (verify, export).
func NewLog(read *sql.DB, write Writer, dialect string, key ed25519.PrivateKey, now func() time.Time) *Log {
	if now == nil {
		now = time.Now
	}
	return &Log{read: read, write: write, dialect: dialect, key: key, now: now}
}

// PublicKey is the instance's checkpoint key.
func (l *Log) PublicKey() ed25519.PublicKey { return l.key.Public().(ed25519.PublicKey) }

const pinnedKeySetting = "audit.public_key"

// PinnedKey returns the public key pinned in the chain (by its first event,
// or by the last recorded rotation), or nil when none is pinned yet.
func PinnedKey(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}) (ed25519.PublicKey, error) {
	var v string
	err := q.QueryRowContext(ctx, `SELECT value FROM app_settings WHERE key = $1`, pinnedKeySetting).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	b, err := base64.StdEncoding.DecodeString(v)
	if err != nil || len(b) != ed25519.PublicKeySize {
		return nil, fmt.Errorf("the pinned audit key in app_settings is damaged")
	}
	return ed25519.PublicKey(b), nil
}

// ErrKeyMismatch: the key file is not the key the chain pinned.
var ErrKeyMismatch = errors.New("the signing key does not match the key pinned in the audit chain")

// PinKey pins pub as the chain's checkpoint key when none is pinned yet —
// recording audit.key.pin, the first event of a new chain — and otherwise
// checks that pub is the pinned key (ErrKeyMismatch when not).
func PinKey(ctx context.Context, write Writer, pub ed25519.PublicKey, at time.Time) error {
	return write(ctx, func(tx Tx) error {
		pinned, err := PinnedKey(ctx, tx)
		if err != nil {
			return err
		}
		if pinned != nil {
			if !pinned.Equal(pub) {
				return fmt.Errorf(
					"%w: the file's key has fingerprint %s, the pinned one %s; use the right --key-file, or record a rotation with "+
						"`asnpro audit rotate-key`",
					ErrKeyMismatch,
					chain.Fingerprint(pub)[:16],
					chain.Fingerprint(pinned)[:16],
				)
			}
			return nil
		}
		b64 := base64.StdEncoding.EncodeToString(pub)
		if _, err := tx.ExecContext(ctx, `INSERT INTO app_settings (key, value) VALUES ($1, $2)`, pinnedKeySetting, b64); err != nil {
			return err
		}
		return Record(
			WithActor(ctx, Actor{Role: "system"}),
			tx,
			Event{At: at, Action: "audit.key.pin", ObjectType: "audit_key", ObjectID: chain.Fingerprint(pub),
				Data: map[string]any{"public_key": b64, "fingerprint": chain.Fingerprint(pub)}},
		)
	})
}

// RotationMessage is what the old key signs to hand over to the new one.
func RotationMessage(newPub ed25519.PublicKey) []byte {
	return []byte("asnpro-key-rotation v1\n" + base64.StdEncoding.EncodeToString(newPub) + "\n")
}

// RotateKey records audit.key.rotate: the old key (this Log's) signs the new
// public key, and the new key becomes the pinned one. Errors:
// ErrKeyMismatch when this Log's key is not the pinned one.
func (l *Log) RotateKey(ctx context.Context, newKey ed25519.PrivateKey) error {
	newPub := newKey.Public().(ed25519.PublicKey)
	return l.write(ctx, func(tx Tx) error {
		pinned, err := PinnedKey(ctx, tx)
		if err != nil {
			return err
		}
		if pinned == nil || !pinned.Equal(l.PublicKey()) {
			return fmt.Errorf("%w: only the pinned key can hand over to a new one", ErrKeyMismatch)
		}
		sig := ed25519.Sign(l.key, RotationMessage(newPub))
		b64 := base64.StdEncoding.EncodeToString(newPub)
		if _, err := tx.ExecContext(ctx, `UPDATE app_settings SET value = $1 WHERE key = $2`, b64, pinnedKeySetting); err != nil {
			return err
		}
		return Record(
			WithActor(ctx, Actor{Role: "system", Client: "cli"}),
			tx,
			Event{At: l.now(), Action: "audit.key.rotate", ObjectType: "audit_key", ObjectID: chain.Fingerprint(newPub),
				Data: map[string]any{
					"from":      base64.StdEncoding.EncodeToString(pinned),
					"to":        b64,
					"signature": base64.StdEncoding.EncodeToString(sig),
				}},
		)
	})
}

// StoredCheckpoint is a checkpoint as kept in audit_checkpoints.
type StoredCheckpoint struct {
	chain.Checkpoint
	Reason string
}

// Checkpoint seals what can be sealed, signs the chain's head with the
// instance key and stores the checkpoint. reason says why ("start",
// "periodic", "publication"). A key that is not the one the chain pins
// (its first key, or the last recorded rotation) signs nothing: the error
// is ErrKeyMismatch and nothing is stored.
func (l *Log) Checkpoint(ctx context.Context, reason string) (chain.Checkpoint, error) {
	if _, err := Seal(ctx, l.write, l.dialect); err != nil {
		return chain.Checkpoint{}, fmt.Errorf("seal: %w", err)
	}
	var cp chain.Checkpoint
	err := l.write(ctx, func(tx Tx) error {
		pinned, err := PinnedKey(ctx, tx)
		if err != nil {
			return err
		}
		if pinned == nil || !pinned.Equal(l.PublicKey()) {
			return fmt.Errorf("%w: a checkpoint signed by key %s… is not stored", ErrKeyMismatch, chain.Fingerprint(l.PublicKey())[:16])
		}
		st, err := sealedHead(ctx, tx)
		if err != nil {
			return err
		}
		cp = chain.Sign(l.key, st.size, st.head, l.now())
		_, err = tx.ExecContext(
			ctx,
			`INSERT INTO audit_checkpoints (size, head, signed_at, signature, public_key, reason) VALUES ($1, $2, $3, $4, $5, $6)`,
			cp.Size,
			cp.HeadHex(),
			cp.SignedAt.UTC(),
			base64.StdEncoding.EncodeToString(cp.Signature),
			base64.StdEncoding.EncodeToString(cp.PublicKey),
			reason,
		)
		return err
	})
	return cp, err
}

// CheckpointSealed is Checkpoint after waiting, at most wait, until every
// event written before the call is sealed: on PostgreSQL the sealer links
// only below the visibility horizon, which another transaction of the
// cluster may hold back for a while. The server's checkpoint before it
// listens then covers what was written before (the demo's seeding, a
// migration); after wait it signs what is sealed.
func (l *Log) CheckpointSealed(ctx context.Context, reason string, wait time.Duration) (chain.Checkpoint, error) {
	var last sql.NullInt64
	if err := l.read.QueryRowContext(ctx, `SELECT max(seq) FROM audit_events`).Scan(&last); err != nil {
		return chain.Checkpoint{}, err
	}
	deadline := time.Now().Add(wait)
	for last.Valid {
		if _, err := Seal(ctx, l.write, l.dialect); err != nil {
			return chain.Checkpoint{}, fmt.Errorf("seal: %w", err)
		}
		var pending int
		err := l.read.QueryRowContext(ctx, `SELECT count(*) FROM audit_events a WHERE a.pos IS NULL AND a.seq <= $1
AND NOT EXISTS (SELECT 1 FROM audit_refused r WHERE r.seq = a.seq)`, last.Int64).Scan(&pending)
		if err != nil {
			return chain.Checkpoint{}, err
		}
		if pending == 0 || !time.Now().Before(deadline) {
			break
		}
		select {
		case <-ctx.Done():
			return chain.Checkpoint{}, ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
	}
	return l.Checkpoint(ctx, reason)
}

// Checkpoints returns the newest stored checkpoints first.
func (l *Log) Checkpoints(ctx context.Context, limit int) ([]StoredCheckpoint, error) {
	return loadCheckpoints(ctx, l.read, limit)
}

// reader is the read side of a *sql.DB or *sql.Tx.
type reader interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func loadCheckpoints(ctx context.Context, q reader, limit int) ([]StoredCheckpoint, error) {
	rows, err := q.QueryContext(
		ctx,
		`SELECT size, head, signed_at, signature, public_key, reason FROM audit_checkpoints ORDER BY id DESC LIMIT $1`,
		limit,
	)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []StoredCheckpoint
	for rows.Next() {
		var sc StoredCheckpoint
		var head, sig, pub string
		if err := rows.Scan(&sc.Size, &head, &sc.SignedAt, &sig, &pub, &sc.Reason); err != nil {
			return nil, err
		}
		sc.SignedAt = sc.SignedAt.UTC()
		if sc.Head, err = chain.ParseHash(head); err != nil {
			return nil, fmt.Errorf("stored checkpoint: %w", err)
		}
		if sc.Signature, err = base64.StdEncoding.DecodeString(sig); err != nil {
			return nil, fmt.Errorf("stored checkpoint: %w", err)
		}
		pk, err := base64.StdEncoding.DecodeString(pub)
		if err != nil {
			return nil, fmt.Errorf("stored checkpoint: %w", err)
		}
		sc.PublicKey = ed25519.PublicKey(pk)
		out = append(out, sc)
	}
	return out, rows.Err()
}

// Refused returns how many events the sealer refused to link because their
// tag was not asnpro's (rows written beside asnpro), and the newest one's
// seq (0 when none).
func (l *Log) Refused(ctx context.Context) (n, latest int64, err error) {
	var last sql.NullInt64
	err = l.read.QueryRowContext(ctx, `SELECT count(*), max(seq) FROM audit_refused`).Scan(&n, &last)
	return n, last.Int64, err
}

// Latest returns the newest checkpoint; ok is false when there is none.
func (l *Log) Latest(ctx context.Context) (chain.Checkpoint, bool, error) {
	cps, err := l.Checkpoints(ctx, 1)
	if err != nil || len(cps) == 0 {
		return chain.Checkpoint{}, false, err
	}
	return cps[0].Checkpoint, true, nil
}

// Run seals every sealEvery (PostgreSQL; SQLite seals as it writes) and
// signs a checkpoint every checkpointEvery, until ctx ends. Errors go to
// onErr and the loop goes on.
func (l *Log) Run(ctx context.Context, sealEvery, checkpointEvery time.Duration, onErr func(error)) {
	if l.dialect == "postgres" {
		go SealLoop(ctx, l.write, l.dialect, sealEvery, onErr)
	}
	t := time.NewTicker(checkpointEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if _, err := l.Checkpoint(ctx, "periodic"); err != nil && ctx.Err() == nil {
				onErr(err)
			}
		}
	}
}
