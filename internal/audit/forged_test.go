package audit_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"asnpro/internal/audit"
	"asnpro/internal/audit/chain"
	"asnpro/internal/sqldb"
	"asnpro/internal/sqldb/sqldbtest"
)

// syncBuffer is a bytes.Buffer safe for a logger used by several goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// settle makes the chain take in what it can: on SQLite a write (events are
// sealed as they are written, and the write catches up on rows written
// beside it), on PostgreSQL the sealer, until every event that can be
// sealed is.
func settle(t *testing.T, db *sqldb.DB, action string) {
	t.Helper()
	ctx := context.Background()
	if err := db.Write(ctx, func(tx *sqldb.Tx) error { return audit.Record(ctx, tx, audit.Event{Action: action}) }); err != nil {
		t.Fatal(err)
	}
	if db.Engine == sqldb.SQLite {
		return
	}
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if _, err := audit.Seal(ctx, writer(db), "postgres"); err != nil {
			t.Fatal(err)
		}
		var pending int
		db.R.QueryRow(`SELECT count(*) FROM audit_events a WHERE pos IS NULL AND NOT EXISTS (SELECT 1 FROM audit_refused r
WHERE r.seq = a.seq)`).
			Scan(&pending)
		if pending == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d events still unsealed", pending)
		}
	}
}

// TestSealerRefusesForgedEvents: rows inserted into audit_events with plain
// SQL — without a tag, with a tag under another key, or with a tag copied
// from another event — are not linked into the chain: they stay unsealed,
// the chain goes on past them, each is refused once (one alert event, one
// log line, one row of audit_refused), verify names them, and CheckTags
// with the key names them too.
func TestSealerRefusesForgedEvents(t *testing.T) {
	ctx := context.Background()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		var logs syncBuffer
		audit.UseKey(db, testKey, slog.New(slog.NewTextHandler(&logs, nil)))
		settle(t, db, "before")
		_, otherKey, _ := ed25519.GenerateKey(nil)
		at := sqldb.Now(time.Now())
		forged := []struct{ action, tag string }{
			{"user.role.grant", ""}, // no tag
			{"user.role.grant", func() string { // another key's tag
				tag, _ := chain.NewTagKey(otherKey).Tag(chain.Entry{At: at, Action: "user.role.grant", DataSHA256: chain.EmptyDataSHA256})
				return tag
			}()},
			{"user.role.grant", testTag(t, at, "", "", "user.role.revoke", "", "", "{}", "")}, // a right tag for other content
		}
		var seqs []int64
		for _, f := range forged {
			var seq int64
			if err := db.W.QueryRowContext(ctx, `INSERT INTO audit_events (at, action, tag) VALUES ($1, $2, $3)
RETURNING seq`, at, f.action, f.tag).Scan(&seq); err != nil {
				t.Fatal(err)
			}
			seqs = append(seqs, seq)
		}
		settle(t, db, "after")
		settle(t, db, "later") // a second pass refuses nothing again
		if db.Engine == sqldb.Postgres {
			if _, err := audit.Seal(ctx, writer(db), "postgres"); err != nil {
				t.Fatal(err)
			}
		}
		for _, seq := range seqs {
			var pos *int64
			db.R.QueryRow(`SELECT pos FROM audit_events WHERE seq = $1`, seq).Scan(&pos)
			if pos != nil {
				t.Errorf("forged event seq %d sealed at pos %d", seq, *pos)
			}
			var alerts, sealedAlerts, refused int
			db.R.QueryRow(`SELECT count(*), count(pos) FROM audit_events WHERE action = $1 AND object_type = 'audit_event'
AND object_id = $2`, audit.ActionRefused, fmt.Sprint(seq)).
				Scan(&alerts, &sealedAlerts)
			db.R.QueryRow(`SELECT count(*) FROM audit_refused WHERE seq = $1`, seq).Scan(&refused)
			if alerts != 1 || sealedAlerts != 1 || refused != 1 {
				t.Errorf("seq %d: %d alert events (%d sealed), %d refusals; want one of each", seq, alerts, sealedAlerts, refused)
			}
			if n := strings.Count(logs.String(), fmt.Sprintf("seq=%d ", seq)); n != 1 {
				t.Errorf("seq %d logged %d times, want once:\n%s", seq, n, logs.String())
			}
		}
		// The chain went on past them: every other event is in it.
		var total, sealed int64
		db.R.QueryRow(`SELECT count(*), count(pos) FROM audit_events`).Scan(&total, &sealed)
		if sealed != total-int64(len(seqs)) {
			t.Fatalf("%d of %d events sealed, want all but the %d forged", sealed, total, len(seqs))
		}
		rep, err := audit.Verify(ctx, db.R, string(db.Engine), nil, time.Hour, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		if !rep.Result.OK() || rep.Size != sealed || rep.OK() || fmt.Sprint(rep.Refused) != fmt.Sprint(seqs) {
			t.Fatalf("verify: chain %v size %d, refused %v (want %v), OK %v", rep.Failure, rep.Size, rep.Refused, seqs, rep.OK())
		}
		tags, err := audit.CheckTags(ctx, db.R, []*chain.TagKey{chain.NewTagKey(testKey)})
		if err != nil {
			t.Fatal(err)
		}
		var named []int64
		for _, b := range tags.Bad {
			named = append(named, b.Seq)
			if b.Pos != 0 {
				t.Errorf("bad tag %+v: in the chain", b)
			}
		}
		if fmt.Sprint(named) != fmt.Sprint(seqs) || tags.Checked != sealed || tags.Legacy != 0 {
			t.Fatalf("CheckTags: %+v, want bad %v and %d checked", tags, seqs, sealed)
		}
		// Another key's view: only the row it tagged matches.
		if other, _ := audit.CheckTags(ctx, db.R, []*chain.TagKey{chain.NewTagKey(otherKey)}); other.Checked != 1 {
			t.Fatalf("another key matched %d events, want the 1 it tagged", other.Checked)
		}
		// /readyz's source.
		l := audit.NewLog(db.R, writer(db), string(db.Engine), testKey, nil)
		if n, last, err := l.Refused(ctx); err != nil || n != int64(len(seqs)) || last != seqs[len(seqs)-1] {
			t.Fatalf("Refused: %d %d %v", n, last, err)
		}
	})
}

// TestCheckTagsNamesCopiesAndUntagged: a copy of one of asnpro's own rows
// carries a right tag, so the sealer links it; CheckTags names it as a
// copy. Rows without a tag are accepted as written before tags existed
// only until the first tagged one.
func TestCheckTagsNamesCopiesAndUntagged(t *testing.T) {
	ctx := context.Background()
	db := sqldbtest.Open(t, sqldb.SQLite)
	record := func(d *sqldb.DB, action string) {
		if err := d.Write(ctx, func(tx *sqldb.Tx) error { return audit.Record(ctx, tx, audit.Event{Action: action}) }); err != nil {
			t.Fatal(err)
		}
	}
	record(db, "legacy.one") // no key yet: written as before tags existed
	record(db, "legacy.two")
	keyed(db)
	record(db, "tagged.one")
	// A process without the key (an old asnpro) writes beside it.
	old, err := sqldb.Open(ctx, db.Path, sqldb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer old.Close()
	record(old, "untagged.late")
	// A copy of a tagged row, inserted with plain SQL.
	var copySeq int64
	if err := db.W.QueryRowContext(ctx, `INSERT INTO audit_events (at, actor, role, action, object_type, object_id, data, client, tag)
SELECT at, actor, role, action, object_type, object_id, data, client, tag FROM audit_events WHERE action = 'tagged.one'
RETURNING seq`).Scan(&copySeq); err != nil {
		t.Fatal(err)
	}
	record(db, "tagged.two")
	tags, err := audit.CheckTags(ctx, db.R, []*chain.TagKey{chain.NewTagKey(testKey)})
	if err != nil {
		t.Fatal(err)
	}
	if tags.Legacy != 2 || len(tags.Bad) != 2 || tags.Bad[0].Action != "untagged.late" || tags.Bad[0].Why != "no tag" ||
		tags.Bad[1].Seq != copySeq || !strings.Contains(tags.Bad[1].Why, "copy of seq") {
		t.Fatalf("%+v", tags)
	}
}

// TestCheckpointOnlyWithPinnedKey: a Log whose key is not the pinned one
// stores no checkpoint; a checkpoint signed by another key is refused by
// Verify's since, and one stored behind asnpro's back is reported.
func TestCheckpointOnlyWithPinnedKey(t *testing.T) {
	ctx := context.Background()
	each(t, func(t *testing.T, db *sqldb.DB) {
		pub := testKey.Public().(ed25519.PublicKey)
		if err := audit.PinKey(ctx, writer(db), pub, time.Now()); err != nil {
			t.Fatal(err)
		}
		settle(t, db, "x.y")
		good, err := audit.NewLog(db.R, writer(db), string(db.Engine), testKey, nil).Checkpoint(ctx, "start")
		if err != nil {
			t.Fatal(err)
		}
		_, other, _ := ed25519.GenerateKey(nil)
		if _, err := audit.NewLog(db.R, writer(db), string(db.Engine), other, nil).Checkpoint(ctx, "periodic"); !errors.Is(
			err,
			audit.ErrKeyMismatch,
		) {
			t.Fatalf("another key's checkpoint: %v, want ErrKeyMismatch", err)
		}
		var stored int
		db.R.QueryRow(`SELECT count(*) FROM audit_checkpoints`).Scan(&stored)
		if stored != 1 {
			t.Fatalf("%d checkpoints stored, want only the pinned key's", stored)
		}
		foreign := chain.Sign(other, good.Size, good.Head, time.Now())
		rep, err := audit.Verify(ctx, db.R, string(db.Engine), &foreign, time.Hour, time.Now())
		if err != nil || rep.Failure == nil || rep.Failure.Code != chain.FailCheckpointKey {
			t.Fatalf("since a foreign checkpoint: %+v %v", rep.Failure, err)
		}
		if rep, err := audit.Verify(ctx, db.R, string(db.Engine), &good, time.Hour, time.Now()); err != nil || !rep.OK() {
			t.Fatalf("since the pinned key's checkpoint: %+v %q %v", rep.Failure, rep.Problem, err)
		}
		// Stored by plain SQL: reported.
		if _, err := db.W.ExecContext(ctx, `INSERT INTO audit_checkpoints (size, head, signed_at, signature, public_key,
reason) VALUES ($1, $2, $3, $4, $5, 'periodic')`,
			foreign.Size, foreign.HeadHex(), foreign.SignedAt, base64.StdEncoding.EncodeToString(foreign.Signature),
			base64.StdEncoding.EncodeToString(foreign.PublicKey)); err != nil {
			t.Fatal(err)
		}
		rep, err = audit.Verify(ctx, db.R, string(db.Engine), nil, time.Hour, time.Now())
		if err != nil || rep.OK() || !strings.Contains(rep.Problem, "never pinned") {
			t.Fatalf("stored foreign checkpoint: %+v %q %v", rep.Failure, rep.Problem, err)
		}
	})
}
