package exam

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strconv"
	"time"

	"asnpro/internal/apperr"
	"asnpro/internal/sqldb"
)

// Receipt is what the public check (GET /periksa-ujian) tells about the
// attempt.finish event at a position of the audit log: when it was
// recorded, whether the sealer has linked it into the chain (its pos) and
// the first signed checkpoint that covers it. It holds no attempt id, no
// score and nothing about the taker (docs/EXAM.md).
type Receipt struct {
	Seq        int64
	At         time.Time
	Sealed     bool
	Pos        int64
	Checkpoint *ReceiptCheckpoint // nil: not (yet) covered
}

// ReceiptCheckpoint is the first signed checkpoint whose size covers an event.
type ReceiptCheckpoint struct {
	Size     int64
	Head     string
	SignedAt time.Time
}

// ErrReceiptNotFound: no attempt.finish event with that digest at that
// sequence number (one answer for every mismatch).
var ErrReceiptNotFound = apperr.E(apperr.NotFound, "exam.receipt.not_found")

// ReceiptSeq returns the sequence number of the attempt.finish event of
// attempt id (0 when it has none).
func (s *Service) ReceiptSeq(ctx context.Context, id int64) (int64, error) {
	var seq int64
	err := s.db.R.QueryRowContext(ctx, `SELECT seq FROM audit_events WHERE object_type = 'exam_attempt' AND object_id = $1
AND action = 'attempt.finish' ORDER BY seq LIMIT 1`, strconv.FormatInt(id, 10)).Scan(&seq)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return seq, sqldb.Translate(err, "receipt seq")
}

// CheckReceipt tells whether the event at seq is an attempt.finish whose
// digest is sha256 (lower-case hex), and where it stands in the chain.
// Errors: not_found (ErrReceiptNotFound).
func (s *Service) CheckReceipt(ctx context.Context, seq int64, sha256 string) (*Receipt, error) {
	var (
		action, data string
		pos          sql.NullInt64
		refused      bool
	)
	rc := Receipt{Seq: seq}
	err := s.db.R.QueryRowContext(ctx, `SELECT at, action, data, pos,
EXISTS (SELECT 1 FROM audit_refused r WHERE r.seq = audit_events.seq) FROM audit_events WHERE seq = $1`, seq).
		Scan(&rc.At, &action, &data, &pos, &refused)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrReceiptNotFound
	}
	if err != nil {
		return nil, sqldb.Translate(err, "receipt event")
	}
	var d struct {
		SHA256 string `json:"sha256"`
	}
	if action != "attempt.finish" || json.Unmarshal([]byte(data), &d) != nil || d.SHA256 == "" || d.SHA256 != sha256 {
		return nil, ErrReceiptNotFound
	}
	rc.At = rc.At.UTC()
	if !pos.Valid || refused {
		return &rc, nil
	}
	rc.Sealed, rc.Pos = true, pos.Int64
	var cp ReceiptCheckpoint
	err = s.db.R.QueryRowContext(ctx, `SELECT size, head, signed_at FROM audit_checkpoints WHERE size >= $1 ORDER BY id LIMIT 1`, rc.Pos).
		Scan(&cp.Size, &cp.Head, &cp.SignedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return &rc, nil
	}
	if err != nil {
		return nil, sqldb.Translate(err, "receipt checkpoint")
	}
	cp.SignedAt = cp.SignedAt.UTC()
	rc.Checkpoint = &cp
	return &rc, nil
}
