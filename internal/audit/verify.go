package audit

import (
	"bufio"
	"context"
	"database/sql"
	"encoding/hex"
	"fmt"
	"io"
	"time"

	"asnpro/internal/audit/chain"
)

// Report is the outcome of verifying the chain in the database.
type Report struct {
	chain.Result
	// Pending counts events not sealed yet because their transaction is
	// recent (PostgreSQL, within the sealing horizon): not a failure.
	Pending int64
	// Problem is set when something outside the chain's own links is
	// wrong: an event that was never sealed, a stored checkpoint that the
	// chain does not pass through or whose signature fails.
	Problem string
}

// OK reports whether the chain and every stored checkpoint verified.
func (r Report) OK() bool { return r.Result.OK() && r.Problem == "" }

const eventColumns = `seq, pos, at, actor, role, action, object_type, object_id, data, client, prev_hash, hash`

func scanRecord(rows *sql.Rows) (chain.Record, string, error) {
	var rec chain.Record
	var data, client string
	var prev, hash sql.NullString
	var pos sql.NullInt64
	if err := rows.Scan(&rec.Seq, &pos, &rec.At, &rec.Actor, &rec.Role, &rec.Action, &rec.ObjectType, &rec.ObjectID, &data, &client, &prev, &hash); err != nil {
		return rec, "", err
	}
	rec.Pos, rec.PrevHash, rec.Hash = pos.Int64, prev.String, hash.String
	rec.ClientSHA256 = chain.ClientDigest(client)
	d, err := chain.DataDigest([]byte(data))
	if err != nil {
		return rec, "data is not a JSON object: " + err.Error(), nil
	}
	rec.DataSHA256 = d
	return rec, "", nil
}

// Verify recomputes the whole chain from the database, in pos order, and
// checks it against since (a checkpoint saved earlier by anyone) and every
// checkpoint the database holds. It assumes nothing of the database: an
// insider may have dropped the guards and edited rows. horizon is how old
// an unsealed event may be before it counts as an insertion that escaped
// the chain (PostgreSQL; on SQLite every event is sealed as it is written).
func Verify(ctx context.Context, pool *sql.DB, dialect string, since *chain.Checkpoint, horizon time.Duration, now time.Time) (Report, error) {
	var rep Report
	// One snapshot for every query below, so a seal that lands meanwhile
	// cannot make the counts disagree.
	opts := &sql.TxOptions{ReadOnly: true}
	if dialect == "postgres" {
		opts.Isolation = sql.LevelRepeatableRead
	}
	db, err := pool.BeginTx(ctx, opts)
	if err != nil {
		return rep, err
	}
	defer db.Rollback()
	if since != nil {
		if err := since.Verify(); err != nil {
			return rep, fmt.Errorf("the saved checkpoint's signature does not verify: %w", err)
		}
	}
	stored, err := loadCheckpoints(ctx, db, 1<<30)
	if err != nil {
		return rep, err
	}
	want := map[int64]string{} // size → head of stored checkpoints
	for _, sc := range stored {
		if err := sc.Verify(); err != nil {
			rep.Problem = fmt.Sprintf("stored checkpoint of size %d signed %s: signature does not verify", sc.Size, sc.SignedAt.Format(time.RFC3339))
		}
		want[sc.Size] = sc.HeadHex()
	}
	v := chain.NewVerifier(since)
	rows, err := db.QueryContext(ctx, `SELECT `+eventColumns+` FROM audit_events WHERE pos IS NOT NULL ORDER BY pos, seq`)
	if err != nil {
		return rep, err
	}
	for rows.Next() {
		rec, bad, err := scanRecord(rows)
		if err != nil {
			rows.Close()
			return rep, err
		}
		if bad != "" {
			_ = v.AddMalformed(rec.Seq, rec.Pos, bad)
			break
		}
		if err := v.Add(rec); err != nil {
			break
		}
		if h, ok := want[rec.Pos]; ok && h != rec.Hash && rep.Problem == "" {
			rep.Problem = fmt.Sprintf("the chain does not pass through the stored checkpoint of size %d (head %s…, the chain has %s…)", rec.Pos, h[:16], rec.Hash[:16])
		}
	}
	if err := rows.Close(); err != nil {
		return rep, err
	}
	rep.Result = v.Finish()
	if rep.Result.OK() {
		for size := range want {
			if size > rep.Size && rep.Problem == "" {
				rep.Problem = fmt.Sprintf("a stored checkpoint covers %d events but the chain has only %d: events were removed", size, rep.Size)
			}
		}
	}
	// Events that are not in the chain.
	var oldest sql.NullInt64
	var oldestAt sql.NullTime
	if err := db.QueryRowContext(ctx, `SELECT count(*), min(seq) FROM audit_events WHERE pos IS NULL`).Scan(&rep.Pending, &oldest); err != nil {
		return rep, err
	}
	if rep.Pending > 0 {
		if err := db.QueryRowContext(ctx, `SELECT at FROM audit_events WHERE seq = $1`, oldest.Int64).Scan(&oldestAt); err != nil {
			return rep, err
		}
		if dialect == "sqlite" || now.Sub(oldestAt.Time) > horizon {
			if rep.Problem == "" {
				rep.Problem = fmt.Sprintf("event seq %d is not in the chain (never sealed): it was written outside asnpro", oldest.Int64)
			}
		}
	}
	return rep, nil
}

// Export writes every sealed event as a redacted JSON line (no data, no
// client: only their digests), in pos order, and returns how many.
func Export(ctx context.Context, db *sql.DB, w io.Writer) (int64, error) {
	rows, err := db.QueryContext(ctx, `SELECT `+eventColumns+` FROM audit_events WHERE pos IS NOT NULL ORDER BY pos, seq`)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	bw := bufio.NewWriterSize(w, 64<<10)
	enc := chain.NewEncoder(bw)
	var n int64
	for rows.Next() {
		rec, bad, err := scanRecord(rows)
		if err != nil {
			return n, err
		}
		if bad != "" {
			return n, fmt.Errorf("event seq %d: %s", rec.Seq, bad)
		}
		if err := enc.Encode(rec); err != nil {
			return n, err
		}
		n++
	}
	if err := rows.Err(); err != nil {
		return n, err
	}
	return n, bw.Flush()
}

// HeadHex is a helper for printing a head.
func HeadHex(h [32]byte) string { return hex.EncodeToString(h[:]) }
