package audit

import (
	"bufio"
	"context"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
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
	// chain does not pass through, whose signature fails or whose key the
	// chain never pinned.
	Problem string
	// Refused are the seqs of the events the sealer refused to link
	// because their tag was not asnpro's (audit_refused): rows written
	// beside asnpro. They are not in the chain.
	Refused []int64
}

// OK reports whether the chain and every stored checkpoint verified.
func (r Report) OK() bool { return r.Result.OK() && r.Problem == "" && len(r.Refused) == 0 }

const eventColumns = `seq, pos, at, actor, role, action, object_type, object_id, data, client, prev_hash, hash`

func scanRecord(rows *sql.Rows) (chain.Record, string, error) {
	var rec chain.Record
	var data, client string
	var prev, hash sql.NullString
	var pos sql.NullInt64
	if err := rows.Scan(&rec.Seq, &pos, &rec.At, &rec.Actor, &rec.Role, &rec.Action, &rec.ObjectType, &rec.ObjectID, &data,
		&client, &prev, &hash); err != nil {
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
func Verify(
	ctx context.Context,
	pool *sql.DB,
	dialect string,
	since *chain.Checkpoint,
	horizon time.Duration,
	now time.Time,
) (Report, error) {
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
			rep.problem("stored checkpoint of size %d signed %s: signature does not verify", sc.Size, sc.SignedAt.Format(time.RFC3339))
		}
		want[sc.Size] = sc.HeadHex()
	}
	if rep.Result, err = walkChain(ctx, db, since, want, &rep); err != nil {
		return rep, err
	}
	rep.checkStored(stored, want)
	// Events that are not in the chain: refused by the sealer, or not
	// sealed yet.
	if rep.Refused, err = refusedSeqs(ctx, db); err != nil {
		return rep, err
	}
	if err := rep.checkUnsealed(ctx, db, dialect, horizon, now); err != nil {
		return rep, err
	}
	return rep, nil
}

// problem sets r.Problem, unless an earlier problem was found.
func (r *Report) problem(format string, args ...any) {
	if r.Problem == "" {
		r.Problem = fmt.Sprintf(format, args...)
	}
}

// walkChain recomputes the chain of the sealed events, in pos order, from
// since; a chain that does not pass through the head of a stored
// checkpoint (want: size → head) is a problem of rep.
func walkChain(ctx context.Context, db *sql.Tx, since *chain.Checkpoint, want map[int64]string, rep *Report) (chain.Result, error) {
	v := chain.NewVerifier(since)
	rows, err := db.QueryContext(ctx, `SELECT `+eventColumns+` FROM audit_events WHERE pos IS NOT NULL ORDER BY pos, seq`)
	if err != nil {
		return chain.Result{}, err
	}
	for rows.Next() {
		rec, bad, err := scanRecord(rows)
		if err != nil {
			rows.Close()
			return chain.Result{}, err
		}
		if bad != "" {
			_ = v.AddMalformed(rec.Seq, rec.Pos, bad)
			break
		}
		if err := v.Add(rec); err != nil {
			break
		}
		if h, ok := want[rec.Pos]; ok && h != rec.Hash {
			rep.problem("the chain does not pass through the stored checkpoint of size %d (head %s…, the chain has %s…)",
				rec.Pos, h[:16], rec.Hash[:16])
		}
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return chain.Result{}, err
	}
	return v.Finish(), nil
}

// checkStored checks the stored checkpoints against a chain that
// verified: each is signed by a key the chain pinned, and none covers more
// events than the chain has.
func (r *Report) checkStored(stored []StoredCheckpoint, want map[int64]string) {
	if !r.Result.OK() {
		return
	}
	for _, sc := range stored {
		if fp := chain.Fingerprint(sc.PublicKey); !r.Pinned(fp) {
			r.problem("stored checkpoint of size %d signed %s is signed by key %s…, which the chain never pinned",
				sc.Size, sc.SignedAt.Format(time.RFC3339), fp[:16])
		}
	}
	for size := range want {
		if size > r.Size {
			r.problem("a stored checkpoint covers %d events but the chain has only %d: events were removed", size, r.Size)
		}
	}
}

// refusedSeqs returns the seqs of the events the sealer refused, which are
// not in the chain.
func refusedSeqs(ctx context.Context, db *sql.Tx) ([]int64, error) {
	rows, err := db.QueryContext(ctx,
		`SELECT seq FROM audit_refused r WHERE EXISTS (SELECT 1 FROM audit_events a WHERE a.seq = r.seq AND a.pos IS NULL) ORDER BY seq`)
	if err != nil {
		return nil, err
	}
	var out []int64
	for rows.Next() {
		var seq int64
		if err := rows.Scan(&seq); err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, seq)
	}
	return out, errors.Join(rows.Err(), rows.Close())
}

// checkUnsealed counts the events not sealed yet (not refused either) into
// r.Pending; the oldest is a problem when it is older than horizon, or at
// all on SQLite, which seals every event as it is written.
func (r *Report) checkUnsealed(ctx context.Context, db *sql.Tx, dialect string, horizon time.Duration, now time.Time) error {
	var oldest sql.NullInt64
	var oldestAt sql.NullTime
	if err := db.QueryRowContext(ctx, `SELECT count(*), min(seq) FROM audit_events a
WHERE pos IS NULL AND NOT EXISTS (SELECT 1 FROM audit_refused r WHERE r.seq = a.seq)`).Scan(&r.Pending, &oldest); err != nil {
		return err
	}
	if r.Pending == 0 {
		return nil
	}
	if err := db.QueryRowContext(ctx, `SELECT at FROM audit_events WHERE seq = $1`, oldest.Int64).Scan(&oldestAt); err != nil {
		return err
	}
	if dialect == "sqlite" || now.Sub(oldestAt.Time) > horizon {
		r.problem("event seq %d is not in the chain (never sealed): it was written outside asnpro", oldest.Int64)
	}
	return nil
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

// BadTag is an event whose tag matches none of the keys given to
// CheckTags: a row written beside asnpro, straight into the database.
type BadTag struct {
	Seq    int64
	Pos    int64 // 0: not in the chain (the sealer refused it)
	Action string
	Why    string // "no tag", "wrong tag" or "copy of seq N …"
}

// TagReport is the outcome of CheckTags.
type TagReport struct {
	Checked int64 // events whose tag matched one of the keys
	// Legacy counts sealed events without a tag that come before the first
	// tagged one: written before asnpro tagged its events.
	Legacy int64
	// Unchecked counts events at or before a recorded key rotation away
	// from a key that was not given, whose tag matched none of the keys
	// given: give the old key file too to check them.
	Unchecked int64
	Bad       []BadTag // every other event whose tag does not match, in seq order
}

// OK reports whether every event's tag that could be checked matched.
func (r TagReport) OK() bool { return len(r.Bad) == 0 }

// CheckTags recomputes the tag of every event in audit_events, sealed or
// not, under keys (the instance key, and optionally keys it was rotated
// from) and names every event whose tag matches none of them. Unlike the
// chain, this needs the key file: only the instance can tell its events
// from rows someone else wrote with the same content.
func CheckTags(ctx context.Context, pool *sql.DB, keys []*chain.TagKey) (TagReport, error) {
	var rep TagReport
	given := map[string]bool{}
	for _, k := range keys {
		given[k.Fingerprint()] = true
	}
	db, err := pool.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return rep, err
	}
	defer db.Rollback()
	// Events up to a rotation away from a key not given were tagged with
	// keys this check does not have.
	var uncheckedUpTo int64
	rot, err := db.QueryContext(ctx, `SELECT pos, data FROM audit_events WHERE action = $1 AND pos IS NOT NULL`, chain.ActionKeyRotate)
	if err != nil {
		return rep, err
	}
	for rot.Next() {
		var pos int64
		var data string
		if err := rot.Scan(&pos, &data); err != nil {
			rot.Close()
			return rep, err
		}
		var d struct {
			From string `json:"from"`
		}
		_ = json.Unmarshal([]byte(data), &d)
		from, _ := base64.StdEncoding.DecodeString(d.From)
		if !given[chain.Fingerprint(from)] && pos > uncheckedUpTo {
			uncheckedUpTo = pos
		}
	}
	if err := errors.Join(rot.Err(), rot.Close()); err != nil {
		return rep, err
	}
	rows, err := db.QueryContext(
		ctx,
		`SELECT seq, pos, at, actor, role, action, object_type, object_id, data, client, tag FROM audit_events ORDER BY seq`,
	)
	if err != nil {
		return rep, err
	}
	defer rows.Close()
	seenTagged := false
	// The tag does not cover seq or pos, so a copy of one of asnpro's rows
	// carries a right tag (and the sealer links it): the same tag twice
	// names the later row.
	seen := map[[16]byte]int64{}
	for rows.Next() {
		var p pendingEvent
		var pos sql.NullInt64
		if err := rows.Scan(&p.seq, &pos, &p.e.At, &p.e.Actor, &p.e.Role, &p.e.Action, &p.e.ObjectType, &p.e.ObjectID, &p.data,
			&p.client, &p.tag); err != nil {
			return rep, err
		}
		p.e.DataSHA256 = digest([]byte(p.data))
		p.e.ClientSHA256 = chain.ClientDigest(p.client)
		why := "no tag"
		if p.tag != "" {
			why = "wrong tag"
			for _, k := range keys {
				if k.Check(p.e, p.tag) {
					why = ""
					break
				}
			}
		}
		if why == "" {
			var k [16]byte
			hex.Decode(k[:], []byte(p.tag[:32]))
			if first, dup := seen[k]; dup {
				why = fmt.Sprintf("copy of seq %d (same content and tag)", first)
			} else {
				seen[k] = p.seq
			}
		}
		switch {
		case why == "":
			rep.Checked++
			seenTagged = true
		case p.tag == "" && pos.Valid && !seenTagged:
			rep.Legacy++
		case pos.Valid && pos.Int64 <= uncheckedUpTo:
			rep.Unchecked++
		default:
			rep.Bad = append(rep.Bad, BadTag{Seq: p.seq, Pos: pos.Int64, Action: p.e.Action, Why: why})
		}
	}
	return rep, rows.Err()
}
