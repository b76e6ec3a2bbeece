package notify_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"asnpro/internal/notify"
	"asnpro/internal/sqldb"
	"asnpro/internal/sqldb/sqldbtest"
	"asnpro/internal/testkit"
)

func TestBackoff(t *testing.T) {
	cases := []struct {
		failed int
		want   time.Duration
	}{
		{0, time.Minute}, {1, time.Minute}, {2, 2 * time.Minute}, {3, 4 * time.Minute}, {7, 64 * time.Minute},
		{9, 256 * time.Minute}, {10, 6 * time.Hour}, {60, 6 * time.Hour}, {1 << 20, 6 * time.Hour},
	}
	for _, tc := range cases {
		if got := notify.Backoff(time.Minute, 6*time.Hour, tc.failed); got != tc.want {
			t.Errorf("after %d failures: %v, want %v", tc.failed, got, tc.want)
		}
	}
}

// enqueue adds n messages, due at now.
func enqueue(t *testing.T, db *sqldb.DB, now time.Time, n int) []int64 {
	t.Helper()
	var ids []int64
	if err := db.Write(context.Background(), func(tx *sqldb.Tx) error {
		for i := range n {
			id, err := notify.Enqueue(context.Background(), tx, now, notify.Message{Kind: "notification",
				To: fmt.Sprintf("p%d@example.id", i), Subject: fmt.Sprintf("Pesan %d", i), Text: "Isi rahasia"})
			if err != nil {
				return err
			}
			ids = append(ids, id)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return ids
}

func message(t *testing.T, s *notify.Service, id int64) notify.Message {
	t.Helper()
	list, _, err := s.Outbox(context.Background(), "", 200, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range list {
		if m.ID == id {
			return m
		}
	}
	t.Fatalf("message %d not in the outbox", id)
	return notify.Message{}
}

func TestSMTPFailureRetriesThenGivesUp(t *testing.T) {
	ctx := context.Background()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		cases := []struct {
			name  string
			reply string
			// steps: how far to move the clock before each pass, and the
			// state the message must then be in.
			steps []step
			fails int // outbox.failed events expected
		}{
			{"temporary refusal: backoff, then failed after MaxAttempts", "451 4.3.0 try again later", []step{
				{0, 1, notify.StatusPending, time.Minute},
				{30 * time.Second, 1, notify.StatusPending, time.Minute}, // not due yet: no attempt
				{30 * time.Second, 2, notify.StatusPending, 2 * time.Minute},
				{time.Minute, 2, notify.StatusPending, 2 * time.Minute}, // still waiting
				{time.Minute, 3, notify.StatusFailed, 0},
				{time.Hour, 3, notify.StatusFailed, 0}, // given up: never again
			}, 1},
			{"permanent refusal: failed at once", "550 5.1.1 no such user", []step{
				{0, 1, notify.StatusFailed, 0},
				{time.Hour, 1, notify.StatusFailed, 0},
			}, 1},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				clk := newClock()
				srv := startSMTP(t, &smtpServer{rcptReply: tc.reply})
				s := notify.New(db, clk.Now, nil)
				m := &notify.SMTPMailer{Addr: srv.Addr(), From: "noreply@bkpsdm.example.id", Timeout: 5 * time.Second}
				o := notify.SenderOptions{MaxAttempts: 3, Backoff: time.Minute, Instance: "a"}
				id := enqueue(t, db, clk.Now(), 1)[0]
				beforeRetry, beforeFailed := testkit.CountAudit(t, db, "outbox.retry"), testkit.CountAudit(t, db, "outbox.failed")
				prev := 0
				for i, st := range tc.steps {
					clk.Add(st.advance)
					if _, err := s.SendDue(ctx, m, o); err != nil {
						t.Fatal(err)
					}
					got := message(t, s, id)
					if srv.rcptCount() != st.attempts || got.Attempts != st.attempts || got.Status != st.status || got.SentAt != nil {
						t.Fatalf("step %d: server saw %d attempts; message %+v, want %d attempts, %s", i, srv.rcptCount(), got, st.attempts, st.status)
					}
					if !strings.Contains(got.LastError, tc.reply[:3]) {
						t.Fatalf("step %d: last error %q", i, got.LastError)
					}
					if st.status == notify.StatusPending && st.attempts > prev {
						// The next attempt waits base × 2^(failures-1) from this one.
						if want := clk.Now().Add(st.wait); !got.NextAttemptAt.Equal(want) {
							t.Fatalf("step %d: next attempt %v, want %v", i, got.NextAttemptAt, want)
						}
					}
					prev = st.attempts
				}
				last := tc.steps[len(tc.steps)-1].attempts
				if n := testkit.CountAudit(t, db, "outbox.retry") - beforeRetry; n != last-1 {
					t.Fatalf("%d outbox.retry events, want %d", n, last-1)
				}
				if n := testkit.CountAudit(t, db, "outbox.failed") - beforeFailed; n != tc.fails {
					t.Fatalf("%d outbox.failed events, want %d", n, tc.fails)
				}
				d := eventData(t, db, "outbox.failed")
				if !strings.HasPrefix(d[len(d)-1], "|system|") || strings.Contains(d[len(d)-1], "rahasia") ||
					!strings.Contains(d[len(d)-1], tc.reply[:3]) {
					t.Fatalf("outbox.failed event %q", d[len(d)-1])
				}
			})
		}
	})
}

type step struct {
	advance  time.Duration
	attempts int
	status   string
	wait     time.Duration // for a pending message: the backoff just set
}

// countingMailer counts deliveries per message id.
type countingMailer struct {
	mu    sync.Mutex
	sent  map[int64]int
	delay time.Duration
}

func (c *countingMailer) Send(ctx context.Context, m notify.Message) error {
	time.Sleep(c.delay)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.sent == nil {
		c.sent = map[int64]int{}
	}
	c.sent[m.ID]++
	return nil
}

func (c *countingMailer) count(id int64) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.sent[id]
}

func TestRacingSendersDeliverEachMessageOnce(t *testing.T) {
	ctx := context.Background()
	for _, e := range sqldbtest.Engines() {
		t.Run(string(e), func(t *testing.T) {
			// Two handles on one database: two asnpro instances.
			dbA, dbB := openTwice(t, e)
			clk := newClock()
			ids := enqueue(t, dbA, clk.Now(), 60)
			mailer := &countingMailer{delay: time.Millisecond}
			var wg sync.WaitGroup
			errs := make(chan error, 4)
			for i, db := range []*sqldb.DB{dbA, dbB, dbA, dbB} {
				wg.Add(1)
				go func() {
					defer wg.Done()
					s := notify.New(db, clk.Now, nil)
					o := notify.SenderOptions{Batch: 4, Instance: fmt.Sprintf("instance-%d", i)}
					for {
						n, err := s.SendDue(ctx, mailer, o)
						if err != nil {
							errs <- err
							return
						}
						if n == 0 {
							return
						}
					}
				}()
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				t.Fatal(err)
			}
			for _, id := range ids {
				if n := mailer.count(id); n != 1 {
					t.Errorf("message %d delivered %d times", id, n)
				}
			}
			if n := count(t, dbA, `SELECT count(*) FROM outbox WHERE status = 'sent' AND claim_token IS NULL`); n != len(ids) {
				t.Fatalf("%d messages sent, want %d", n, len(ids))
			}
			if n := testkit.CountAudit(t, dbA, "outbox.sent"); n != len(ids) {
				t.Fatalf("%d outbox.sent events, want %d", n, len(ids))
			}
		})
	}
}

func TestExpiredLeaseIsTakenOver(t *testing.T) {
	ctx := context.Background()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		clk := newClock()
		id := enqueue(t, db, clk.Now(), 1)[0]
		o := notify.SenderOptions{Lease: time.Minute, Batch: 10}
		crashed := notify.New(db, clk.Now, nil)
		oa := o
		oa.Instance = "a"
		claimed, token, err := crashed.ClaimOutbox(ctx, clk.Now(), oa)
		if err != nil || len(claimed) != 1 || claimed[0].ID != id {
			t.Fatalf("claim: %+v, %v", claimed, err)
		}
		// Instance a "crashes" here: it never sends. While its lease
		// lasts, b leaves the message alone.
		b := notify.New(db, clk.Now, nil)
		ob := o
		ob.Instance = "b"
		mailer := &countingMailer{}
		clk.Add(59 * time.Second)
		if n, err := b.SendDue(ctx, mailer, ob); err != nil || n != 0 {
			t.Fatalf("during a's lease b claimed %d (%v)", n, err)
		}
		clk.Add(time.Second)
		taken, tokenB, err := b.ClaimOutbox(ctx, clk.Now(), ob)
		if err != nil || len(taken) != 1 || taken[0].ID != id {
			t.Fatalf("after a's lease b claimed %+v (%v)", taken, err)
		}
		// a comes back with its stale claim before b sends: it must not send.
		if err := crashed.SendClaimed(ctx, mailer, oa, claimed[0], token); err != nil {
			t.Fatal(err)
		}
		if mailer.count(id) != 0 {
			t.Fatal("a sent on a claim b had taken over")
		}
		if err := b.SendClaimed(ctx, mailer, ob, taken[0], tokenB); err != nil {
			t.Fatal(err)
		}
		if m := message(t, b, id); m.Status != notify.StatusSent || m.Attempts != 1 || mailer.count(id) != 1 {
			t.Fatalf("message %+v, %d deliveries", m, mailer.count(id))
		}
		// And once more after the send: still nothing.
		if err := crashed.SendClaimed(ctx, mailer, oa, claimed[0], token); err != nil {
			t.Fatal(err)
		}
		if mailer.count(id) != 1 || testkit.CountAudit(t, db, "outbox.sent") != 1 {
			t.Fatalf("stale claim sent again: %d deliveries, %d events", mailer.count(id), testkit.CountAudit(t, db, "outbox.sent"))
		}
		// A message whose claimer crashed is also found by an ordinary pass.
		id2 := enqueue(t, db, clk.Now(), 1)[0]
		if _, _, err := crashed.ClaimOutbox(ctx, clk.Now(), oa); err != nil {
			t.Fatal(err)
		}
		clk.Add(time.Minute)
		if n, err := b.SendDue(ctx, mailer, ob); err != nil || n != 1 || mailer.count(id2) != 1 {
			t.Fatalf("pass after the lease: claimed %d, sent %d (%v)", n, mailer.count(id2), err)
		}
	})
}

func TestRunSenderWakesOnKick(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	db := sqldbtest.Open(t, sqldb.SQLite)
	s := notify.New(db, nil, nil)
	mailer := &countingMailer{}
	done := make(chan error, 1)
	go func() { done <- s.RunSender(ctx, mailer, notify.SenderOptions{Interval: time.Hour}) }()
	time.Sleep(50 * time.Millisecond) // the first pass finds nothing
	id := enqueue(t, db, time.Now(), 1)[0]
	s.Kick()
	deadline := time.Now().Add(5 * time.Second)
	for mailer.count(id) == 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if mailer.count(id) != 1 {
		t.Fatal("Kick did not wake the sender")
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

// TestScrubBodies: the bodies of messages sent more than the retention ago
// are emptied once, recorded; newer and pending ones keep theirs.
func TestScrubBodies(t *testing.T) {
	ctx := context.Background()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		c := newClock()
		s := notify.New(db, c.Now, nil)
		old := enqueue(t, db, c.Now(), 2)
		if n, err := s.SendDue(ctx, &countingMailer{}, notify.SenderOptions{}); err != nil || n != 2 {
			t.Fatalf("send: %d %v", n, err)
		}
		c.Add(8 * 24 * time.Hour)
		fresh := enqueue(t, db, c.Now(), 1)
		if n, err := s.ScrubBodies(ctx, 7*24*time.Hour); err != nil || n != 2 {
			t.Fatalf("scrub: %d %v, want 2", n, err)
		}
		if n, err := s.ScrubBodies(ctx, 7*24*time.Hour); err != nil || n != 0 {
			t.Fatalf("second scrub: %d %v, want 0", n, err)
		}
		body := func(id int64) string {
			var b string
			if err := db.R.QueryRow(`SELECT body FROM outbox WHERE id = $1`, id).Scan(&b); err != nil {
				t.Fatal(err)
			}
			return b
		}
		if b := body(old[0]); !strings.Contains(b, "dihapus") {
			t.Fatalf("an old body kept: %q", b)
		}
		if b := body(fresh[0]); strings.Contains(b, "dihapus") {
			t.Fatalf("a pending body scrubbed: %q", b)
		}
		if events := testkit.CountAudit(t, db, "outbox.scrub"); events != 1 {
			t.Fatalf("outbox.scrub events: %d, want 1", events)
		}
	})
}
