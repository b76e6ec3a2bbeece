package exam_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"errors"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"asnpro/internal/audit"
	"asnpro/internal/exam"
	"asnpro/internal/sqldb"
	"asnpro/internal/sqldb/sqldbtest"
)

// TestCheckReceipt: a finished attempt's receipt (the attempt.finish
// event's seq and the digest) is found, then sealed, then covered by the
// first signed checkpoint; every mismatch is one not_found.
func TestCheckReceipt(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	key := ed25519.NewKeyFromSeed(bytes.Repeat([]byte{9}, ed25519.SeedSize))
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		audit.UseKey(db, key, slog.New(slog.NewTextHandler(io.Discard, nil)))
		write := func(ctx context.Context, fn func(tx audit.Tx) error) error {
			return db.Write(ctx, func(tx *sqldb.Tx) error { return fn(tx) })
		}
		if err := audit.PinKey(ctx, write, key.Public().(ed25519.PublicKey), time.Now()); err != nil {
			t.Fatal(err)
		}
		s, _, users := demoAttempts(t, db)
		a, err := s.StartPractice(ctx, users[0])
		if err != nil {
			t.Fatal(err)
		}
		if seq, err := s.ReceiptSeq(ctx, a.ID); err != nil || seq != 0 {
			t.Fatalf("ReceiptSeq of a running attempt = %d, %v", seq, err)
		}
		fin, err := s.Finish(ctx, users[0], a.ID)
		if err != nil {
			t.Fatal(err)
		}
		seq, err := s.ReceiptSeq(ctx, a.ID)
		if err != nil || seq == 0 {
			t.Fatalf("ReceiptSeq = %d, %v", seq, err)
		}
		digest := fin.Result.SHA256
		wrong := strings.Repeat("0", 64)
		for _, c := range []struct {
			name   string
			seq    int64
			digest string
		}{
			{"another digest", seq, wrong},
			{"the digest in upper case", seq, strings.ToUpper(digest)},
			{"the event before (attempt.start)", seq - 1, digest},
			{"no such event", seq + 1000, digest},
		} {
			if _, err := s.CheckReceipt(ctx, c.seq, c.digest); !errors.Is(err, exam.ErrReceiptNotFound) {
				t.Errorf("%s: %v, want ErrReceiptNotFound", c.name, err)
			}
		}

		rc, err := s.CheckReceipt(ctx, seq, digest)
		if err != nil || rc.Seq != seq || rc.At.IsZero() || rc.Checkpoint != nil {
			t.Fatalf("before sealing: %+v, %v", rc, err)
		}
		// PostgreSQL's sealer takes an event once no older transaction runs
		// (other tests' included): seal until it is in.
		for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(50 * time.Millisecond) {
			if _, err := audit.Seal(ctx, write, string(db.Engine)); err != nil {
				t.Fatal(err)
			}
			if rc, err = s.CheckReceipt(ctx, seq, digest); err != nil || rc.Sealed || time.Now().After(deadline) {
				break
			}
		}
		if err != nil || !rc.Sealed || rc.Pos <= 0 || rc.Checkpoint != nil {
			t.Fatalf("sealed, no checkpoint yet: %+v, %v", rc, err)
		}
		log := audit.NewLog(db.R, write, string(db.Engine), key, time.Now)
		cp, err := log.Checkpoint(ctx, "periodic")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := log.Checkpoint(ctx, "periodic"); err != nil {
			t.Fatal(err)
		}
		rc, err = s.CheckReceipt(ctx, seq, digest)
		if err != nil || rc.Checkpoint == nil || rc.Checkpoint.Size != cp.Size || rc.Checkpoint.Head != audit.HeadHex(cp.Head) ||
			rc.Checkpoint.SignedAt.Sub(cp.SignedAt).Abs() > time.Millisecond {
			t.Fatalf("covered: %+v %+v, want %+v", rc, rc.Checkpoint, cp)
		}
	})
}
