package audit

import (
	"context"
	"database/sql"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"asnpro/internal/audit/chain"
)

// chainState is the sealed chain's size and head.
type chainState struct {
	size int64
	head [32]byte
}

// sealedHead reads the last sealed event. On PostgreSQL the partial unique
// index on pos finds it; on SQLite events are sealed in seq order, so the
// newest sealed row by seq is the head.
func sealedHead(ctx context.Context, tx Tx) (chainState, error) {
	q := `SELECT pos, hash FROM audit_events WHERE pos IS NOT NULL ORDER BY pos DESC LIMIT 1`
	if tx.Dialect() == "sqlite" {
		q = `SELECT pos, hash FROM audit_events WHERE pos IS NOT NULL ORDER BY seq DESC LIMIT 1`
	}
	var st chainState
	var hash string
	err := tx.QueryRowContext(ctx, q).Scan(&st.size, &hash)
	if err == sql.ErrNoRows {
		return chainState{head: chain.Genesis}, nil
	}
	if err != nil {
		return st, err
	}
	st.head, err = chain.ParseHash(hash)
	return st, err
}

// sealPending links unsealed events into the chain, in seq order, at most
// limit of them, inside tx. On PostgreSQL it takes only events whose
// writing transaction is older than the oldest transaction still running
// (pg_snapshot_xmin): every such transaction has ended, so no event can
// still appear with a lower seq among them, and an event that commits late
// is sealed later at a later pos — never skipped, never slipped in before
// a sealed one. The caller holds the sealer's lock.
func sealPending(ctx context.Context, tx Tx, limit int) (chainState, error) {
	st, err := sealedHead(ctx, tx)
	if err != nil {
		return st, err
	}
	q := `SELECT seq, at, actor, role, action, object_type, object_id, data, client FROM audit_events
WHERE pos IS NULL ORDER BY seq LIMIT $1`
	if tx.Dialect() == "postgres" {
		q = `SELECT seq, at, actor, role, action, object_type, object_id, data, client FROM audit_events
WHERE pos IS NULL AND xid < pg_snapshot_xmin(pg_current_snapshot()) ORDER BY seq LIMIT $1`
	}
	rows, err := tx.QueryContext(ctx, q, limit)
	if err != nil {
		return st, err
	}
	type sealed struct {
		seq, pos   int64
		prev, hash string
	}
	var out []sealed
	for rows.Next() {
		var seq int64
		var e chain.Entry
		var data, client string
		if err := rows.Scan(&seq, &e.At, &e.Actor, &e.Role, &e.Action, &e.ObjectType, &e.ObjectID, &data, &client); err != nil {
			rows.Close()
			return st, err
		}
		// Record stores data already canonical (RFC 8785), so its digest is
		// the SHA-256 of the stored text. A row whose data is not canonical
		// (written around asnpro) then fails verification, which
		// canonicalises before hashing: the seal does not launder it.
		e.DataSHA256 = digest([]byte(data))
		e.ClientSHA256 = chain.ClientDigest(client)
		e.Pos = st.size + 1
		h, err := e.Hash(st.head)
		if err != nil {
			rows.Close()
			return st, fmt.Errorf("event %d: %w", seq, err)
		}
		out = append(out, sealed{seq: seq, pos: e.Pos, prev: hex.EncodeToString(st.head[:]), hash: hex.EncodeToString(h[:])})
		st.size, st.head = e.Pos, h
	}
	if err := rows.Close(); err != nil {
		return st, err
	}
	if len(out) == 0 {
		return st, nil
	}
	if tx.Dialect() == "postgres" {
		seqs, poss := make([]int64, len(out)), make([]int64, len(out))
		prevs, hashes := make([]string, len(out)), make([]string, len(out))
		for i, s := range out {
			seqs[i], poss[i], prevs[i], hashes[i] = s.seq, s.pos, s.prev, s.hash
		}
		_, err = tx.ExecContext(ctx, `UPDATE audit_events a SET pos = v.pos, prev_hash = v.prev, hash = v.hash
FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[]) AS v(seq, pos, prev, hash) WHERE a.seq = v.seq`, seqs, poss, prevs, hashes)
		return st, err
	}
	up, err := tx.PrepareContext(ctx, `UPDATE audit_events SET pos = $1, prev_hash = $2, hash = $3 WHERE seq = $4`)
	if err != nil {
		return st, err
	}
	defer up.Close()
	for _, s := range out {
		if _, err := up.ExecContext(ctx, s.pos, s.prev, s.hash, s.seq); err != nil {
			return st, err
		}
	}
	return st, nil
}

// Writer runs a write transaction (sqldb.DB.Write adapted; audit does not
// import sqldb's concrete types beyond this).
type Writer func(ctx context.Context, fn func(tx Tx) error) error

// Seal links every event that can be sealed now, in batches, and returns
// how many it sealed. On PostgreSQL one instance at a time seals (a
// transaction-scoped advisory lock: another instance that finds it taken
// returns 0 at once); on SQLite events are sealed as they are written and
// Seal only catches up on events written without sealing.
func Seal(ctx context.Context, write Writer, dialect string) (int, error) {
	total := 0
	for {
		n := 0
		err := write(ctx, func(tx Tx) error {
			if dialect == "postgres" {
				var got bool
				if err := tx.QueryRowContext(ctx, `SELECT pg_try_advisory_xact_lock(hashtext('asnpro.audit.sealer.' || current_schema()))`).Scan(&got); err != nil {
					return err
				}
				if !got {
					return nil
				}
				// Sealing can always be redone from the stored events, so its
				// commit need not wait for the disk.
				if _, err := tx.ExecContext(ctx, `SET LOCAL synchronous_commit = off`); err != nil {
					return err
				}
			}
			before, err := sealedHead(ctx, tx)
			if err != nil {
				return err
			}
			after, err := sealPending(ctx, tx, sealBatch)
			n = int(after.size - before.size)
			return err
		})
		total += n
		if err != nil || n < sealBatch {
			return total, err
		}
	}
}

const sealBatch = 20000

// Head returns the sealed chain's size and head hash (hex).
func Head(ctx context.Context, q Tx) (int64, string, error) {
	st, err := sealedHead(ctx, q)
	return st.size, hex.EncodeToString(st.head[:]), err
}

// SealLoop seals every interval until ctx ends (PostgreSQL); errors are
// passed to onErr and the loop goes on.
func SealLoop(ctx context.Context, write Writer, dialect string, every time.Duration, onErr func(error)) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if _, err := Seal(ctx, write, dialect); err != nil && ctx.Err() == nil && !strings.Contains(err.Error(), "context canceled") {
				onErr(err)
			}
		}
	}
}
