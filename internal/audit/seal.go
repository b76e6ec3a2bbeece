package audit

import (
	"context"
	"database/sql"
	"encoding/hex"
	"errors"
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
// limit of them, inside tx. Only events whose tag is right under the
// database's tag key (UseKey) are linked: any other is skipped — it stays
// unsealed, the chain goes on past it — and returned, after it has been
// entered in audit_refused so that it is refused only once; the caller
// records the alerts. On PostgreSQL it takes only events whose
// writing transaction is older than the oldest transaction still running
// (pg_snapshot_xmin): every such transaction has ended, so no event can
// still appear with a lower seq among them, and an event that commits late
// is sealed later at a later pos — never skipped, never slipped in before
// a sealed one. The caller holds the sealer's lock.
func sealPending(ctx context.Context, tx Tx, limit int) (chainState, []refusal, error) {
	st, err := sealedHead(ctx, tx)
	if err != nil {
		return st, nil, err
	}
	var refused []refusal
	if tx.Dialect() == "postgres" {
		st, refused, err = sealPendingPostgres(ctx, tx, st, limit)
	} else {
		st, refused, err = sealPendingSQLite(ctx, tx, st, limit)
	}
	if err == nil && len(refused) > 0 {
		err = refuse(ctx, tx, refused)
	}
	return st, refused, err
}

// pendingQuery selects the unsealed events not refused yet, in seq order.
const pendingQuery = `SELECT seq, at, actor, role, action, object_type, object_id, data, client, tag FROM audit_events
WHERE pos IS NULL AND NOT EXISTS (SELECT 1 FROM audit_refused r WHERE r.seq = audit_events.seq)`

func sealPendingSQLite(ctx context.Context, tx Tx, st chainState, limit int) (chainState, []refusal, error) {
	key := tagKeyOf(tx)
	rows, err := tx.QueryContext(ctx, pendingQuery+` ORDER BY seq LIMIT $1`, limit)
	if err != nil {
		return st, nil, err
	}
	type sealed struct {
		seq, pos   int64
		prev, hash string
	}
	var out []sealed
	var refused []refusal
	for rows.Next() {
		var p pendingEvent
		if err := p.scan(rows); err != nil {
			rows.Close()
			return st, nil, err
		}
		if why := checkTag(key, &p); why != "" {
			refused = append(refused, refusal{seq: p.seq, action: p.e.Action, reason: why})
			continue
		}
		h, err := p.link(st)
		if err != nil {
			rows.Close()
			return st, nil, err
		}
		out = append(out, sealed{seq: p.seq, pos: p.e.Pos, prev: hex.EncodeToString(st.head[:]), hash: hex.EncodeToString(h[:])})
		st.size, st.head = p.e.Pos, h
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return st, nil, err
	}
	if len(out) == 0 {
		return st, refused, nil
	}
	up, err := tx.PrepareContext(ctx, `UPDATE audit_events SET pos = $1, prev_hash = $2, hash = $3 WHERE seq = $4`)
	if err != nil {
		return st, nil, err
	}
	defer up.Close()
	for _, s := range out {
		if _, err := up.ExecContext(ctx, s.pos, s.prev, s.hash, s.seq); err != nil {
			return st, nil, err
		}
	}
	return st, refused, nil
}

// pendingEvent is an unsealed event as read by the sealer.
type pendingEvent struct {
	seq               int64
	e                 chain.Entry
	data, client, tag string
}

// scan reads a row of pendingQuery and sets the event's digests.
func (p *pendingEvent) scan(rows *sql.Rows) error {
	if err := rows.Scan(&p.seq, &p.e.At, &p.e.Actor, &p.e.Role, &p.e.Action, &p.e.ObjectType, &p.e.ObjectID, &p.data, &p.client,
		&p.tag); err != nil {
		return err
	}
	// Record stores data already canonical (RFC 8785), so its digest is
	// the SHA-256 of the stored text. A row whose data is not canonical
	// (written around asnpro) then fails verification, which
	// canonicalises before hashing: the seal does not launder it.
	p.e.DataSHA256 = digest([]byte(p.data))
	p.e.ClientSHA256 = chain.ClientDigest(p.client)
	return nil
}

// link sets the event's pos after st and returns its hash.
func (p *pendingEvent) link(st chainState) ([32]byte, error) {
	p.e.Pos = st.size + 1
	h, err := p.e.Hash(st.head)
	if err != nil {
		return h, fmt.Errorf("event %d: %w", p.seq, err)
	}
	return h, nil
}

// sealChunk is how many events the PostgreSQL sealer hands to its hashing
// goroutine at a time.
const sealChunk = 2048

// sealPendingPostgres is sealPending on PostgreSQL. Reading the rows and
// hashing them are both Go's work, so they overlap: the rows are read in
// chunks and a goroutine links each chunk, in chain order, while the next
// ones are still being read. Then one UPDATE links them all. It is still
// one sealer, one transaction and one chain: the goroutine only computes,
// and every statement runs on tx in order. Hashes travel as raw bytes
// (half the size of hex, no text validation) and are stored as hex; pos
// is the first one plus the event's place in the batch.
func sealPendingPostgres(ctx context.Context, tx Tx, st chainState, limit int) (chainState, []refusal, error) {
	key := tagKeyOf(tx)
	rows, err := tx.QueryContext(ctx, pendingQuery+` AND xid < pg_snapshot_xmin(pg_current_snapshot()) ORDER BY seq LIMIT $1`, limit)
	if err != nil {
		return st, nil, err
	}
	read := make(chan []pendingEvent, 16)
	type linkedBatch struct {
		after         chainState
		seqs          []int64
		prevs, hashes [][]byte
		refused       []refusal
		err           error
	}
	done := make(chan linkedBatch, 1)
	go func() {
		b := linkedBatch{after: st}
		for chunk := range read {
			if b.err != nil {
				continue // drain
			}
			buf := make([]byte, 32*(len(chunk)+1))
			copy(buf, b.after.head[:])
			linked := 0
			for i := range chunk {
				if why := checkTag(key, &chunk[i]); why != "" {
					b.refused = append(b.refused, refusal{seq: chunk[i].seq, action: chunk[i].e.Action, reason: why})
					continue
				}
				h, err := chunk[i].link(b.after)
				if err != nil {
					b.err = err
					break
				}
				j := linked
				copy(buf[32*(j+1):], h[:])
				b.seqs = append(b.seqs, chunk[i].seq)
				b.prevs = append(b.prevs, buf[32*j:32*(j+1):32*(j+1)])
				b.hashes = append(b.hashes, buf[32*(j+1):32*(j+2):32*(j+2)])
				b.after.size, b.after.head = chunk[i].e.Pos, h
				linked++
			}
		}
		done <- b
	}()
	chunk := make([]pendingEvent, 0, sealChunk)
	var scanErr error
	for rows.Next() {
		var p pendingEvent
		if scanErr = p.scan(rows); scanErr != nil {
			break
		}
		if chunk = append(chunk, p); len(chunk) == sealChunk {
			read <- chunk
			chunk = make([]pendingEvent, 0, sealChunk)
		}
	}
	if len(chunk) > 0 {
		read <- chunk
	}
	close(read)
	if err := errors.Join(rows.Err(), rows.Close()); err != nil && scanErr == nil {
		scanErr = err
	}
	b := <-done
	if err := errors.Join(scanErr, b.err); err != nil {
		return st, nil, err
	}
	if len(b.seqs) == 0 {
		return st, b.refused, nil
	}
	res, err := tx.ExecContext(
		ctx,
		`UPDATE audit_events a SET pos = $1::bigint + v.i - 1, prev_hash = encode(v.prev, 'hex'), hash = encode(v.hash, 'hex')
FROM unnest($2::bigint[], $3::bytea[], $4::bytea[]) WITH ORDINALITY AS v(seq, prev, hash, i) WHERE a.seq = v.seq`,
		st.size+1,
		b.seqs,
		b.prevs,
		b.hashes,
	)
	if err != nil {
		return st, nil, err
	}
	if n, err := res.RowsAffected(); err != nil || n != int64(len(b.seqs)) {
		return st, nil, fmt.Errorf("sealed %d of %d events (%v): were they changed meanwhile?", n, len(b.seqs), err)
	}
	return b.after, b.refused, nil
}

// Writer runs a write transaction (sqldb.DB.Write adapted; audit does not
// import sqldb's concrete types beyond this).
type Writer func(ctx context.Context, fn func(tx Tx) error) error

// Seal links every event that can be sealed now, in batches, and returns
// how many it sealed. On PostgreSQL one instance at a time seals (a
// transaction-scoped advisory lock: another instance that finds it taken
// returns 0 at once); on SQLite events are sealed as they are written and
// Seal only catches up on events written without sealing. An event whose
// tag is not asnpro's is not sealed: it is refused once, logged, and an
// alert event (ActionRefused) is recorded in its place in the chain.
func Seal(ctx context.Context, write Writer, dialect string) (int, error) {
	total := 0
	for {
		n := 0
		err := write(ctx, func(tx Tx) error {
			if dialect == "postgres" {
				var got bool
				if err := tx.QueryRowContext(ctx, `SELECT pg_try_advisory_xact_lock(hashtext('asnpro.audit.sealer.' ||
current_schema()))`).Scan(&got); err != nil {
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
			after, refused, err := sealPending(ctx, tx, sealBatch)
			n = int(after.size - before.size)
			if err != nil {
				return err
			}
			for _, r := range refused {
				if err := Record(ctx, tx, r.event()); err != nil {
					return err
				}
			}
			return nil
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
