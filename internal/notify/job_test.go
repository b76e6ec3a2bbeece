package notify_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"asnpro/internal/apperr"
	"asnpro/internal/audit"
	"asnpro/internal/notify"
	"asnpro/internal/sqldb"
	"asnpro/internal/sqldb/sqldbtest"
	"asnpro/internal/testkit"
)

// schedule adds one job in its own transaction.
func schedule(t *testing.T, db *sqldb.DB, now time.Time, j notify.Job) bool {
	t.Helper()
	var added bool
	if err := db.Write(context.Background(), func(tx *sqldb.Tx) (err error) {
		added, err = notify.Schedule(context.Background(), tx, now, j)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return added
}

// effects is a table the test handlers write to, so a run that committed
// and a run that rolled back can be told apart (no unique key: a double run
// would show as two rows).
func makeEffects(t *testing.T, db *sqldb.DB) {
	t.Helper()
	if _, err := db.W.ExecContext(context.Background(), `CREATE TABLE job_effects (job_key TEXT NOT NULL)`); err != nil {
		t.Fatal(err)
	}
}

// writeEffect is a handler body: one row in job_effects and an audit event,
// both in the job's transaction.
func writeEffect(ctx context.Context, tx *sqldb.Tx, j notify.Job) error {
	if _, err := tx.ExecContext(ctx, `INSERT INTO job_effects (job_key) VALUES ($1)`, j.Key); err != nil {
		return err
	}
	return audit.Record(ctx, tx, audit.Event{Action: "reminder.sent", ObjectType: "job", ObjectID: j.Key})
}

func TestScheduleIsIdempotentByKey(t *testing.T) {
	ctx := context.Background()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		clk := newClock()
		s := notify.New(db, clk.Now, nil)
		first := notify.Job{
			Key:     "appeal.reminder:period=3",
			Kind:    "reminder",
			RunAt:   clk.Now().Add(time.Hour),
			Payload: json.RawMessage(`{"period":3}`),
		}
		if !schedule(t, db, clk.Now(), first) {
			t.Fatal("first Schedule returned false")
		}
		second := first
		second.RunAt, second.Payload, second.Kind = clk.Now().Add(48*time.Hour), json.RawMessage(`{"period":4}`), "other"
		if schedule(t, db, clk.Now(), second) {
			t.Fatal("second Schedule with the same key returned true")
		}
		if n := count(t, db, `SELECT count(*) FROM scheduled_jobs`); n != 1 {
			t.Fatalf("%d jobs, want 1", n)
		}
		j, err := s.FindJob(ctx, first.Key)
		if err != nil || j.Kind != "reminder" || !j.RunAt.Equal(first.RunAt) || string(j.Payload) != `{"period":3}` || j.DoneAt != nil ||
			j.Attempts != 0 {
			t.Fatalf("job %+v (%v): the second Schedule changed it", j, err)
		}
		if n := testkit.CountAudit(t, db, "job.schedule"); n != 1 {
			t.Fatalf("%d job.schedule events, want 1", n)
		}
		// A Schedule whose transaction rolls back leaves nothing.
		boom := errors.New("boom")
		err = db.Write(ctx, func(tx *sqldb.Tx) error {
			if _, err := notify.Schedule(ctx, tx, clk.Now(), notify.Job{Key: "k2", Kind: "reminder", RunAt: clk.Now()}); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatal(err)
		}
		if _, err := s.FindJob(ctx, "k2"); !errors.Is(err, notify.ErrJobNotFound) {
			t.Fatalf("rolled-back job: %v", err)
		}
		// Bad jobs are refused.
		for _, j := range []notify.Job{{Kind: "x", RunAt: clk.Now()}, {Key: "k", RunAt: clk.Now()}, {Key: "k", Kind: "x"},
			{Key: "k", Kind: "x", RunAt: clk.Now(), Payload: json.RawMessage(`{`)}} {
			err := db.Write(ctx, func(tx *sqldb.Tx) error { _, err := notify.Schedule(ctx, tx, clk.Now(), j); return err })
			if apperr.CodeOf(err) != apperr.Invalid {
				t.Fatalf("%+v: %v, want invalid", j, err)
			}
		}
	})
}

func TestJobNotYetDueDoesNotRun(t *testing.T) {
	ctx := context.Background()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		makeEffects(t, db)
		clk := newClock()
		s := notify.New(db, clk.Now, nil)
		s.Handle("reminder", writeEffect)
		schedule(t, db, clk.Now(), notify.Job{Key: "later", Kind: "reminder", RunAt: clk.Now().Add(time.Hour)})
		// Due, but of a kind this instance has no handler for: left alone.
		schedule(t, db, clk.Now(), notify.Job{Key: "unknown", Kind: "newer.kind", RunAt: clk.Now()})
		steps := []struct {
			advance time.Duration
			want    int
		}{{0, 0}, {59 * time.Minute, 0}, {time.Minute - time.Microsecond, 0}, {time.Microsecond, 1}, {time.Hour, 0}}
		for i, st := range steps {
			clk.Add(st.advance)
			n, err := s.RunDueJobs(ctx, "a")
			if err != nil || n != st.want {
				t.Fatalf("step %d at %v: ran %d (%v), want %d", i, clk.Now(), n, err, st.want)
			}
		}
		if n := count(t, db, `SELECT count(*) FROM job_effects WHERE job_key = 'later'`); n != 1 {
			t.Fatalf("%d effects, want 1", n)
		}
		if n := count(t, db, `SELECT count(*) FROM scheduled_jobs WHERE key = 'unknown' AND done_at IS NULL AND attempts = 0
AND claimed_by IS NULL`); n != 1 {
			t.Fatal("a job of an unknown kind was touched")
		}
		j, err := s.FindJob(ctx, "later")
		if err != nil || j.DoneAt == nil || !j.DoneAt.Equal(clk.Now().Add(-time.Hour)) || j.Attempts != 1 {
			t.Fatalf("job %+v (%v)", j, err)
		}
		d := eventData(t, db, "job.run")
		if len(d) != 1 || !strings.HasPrefix(d[0], "|system|") {
			t.Fatalf("job.run events %q", d)
		}
		if d := eventData(t, db, "reminder.sent"); len(d) != 1 || !strings.HasPrefix(d[0], "|system|") {
			t.Fatalf("the handler's own events %q: want one, by the system", d)
		}
	})
}

func TestJobHandlerErrorRollsBackAndRetries(t *testing.T) {
	ctx := context.Background()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		makeEffects(t, db)
		clk := newClock()
		s := notify.New(db, clk.Now, nil)
		s.JobBackoff, s.JobMaxBackoff = time.Minute, time.Hour
		var mu sync.Mutex
		failures := map[string]int{"boom": 2, "panic": 1}
		s.Handle("flaky", func(ctx context.Context, tx *sqldb.Tx, j notify.Job) error {
			if err := writeEffect(ctx, tx, j); err != nil {
				return err
			}
			mu.Lock()
			defer mu.Unlock()
			if failures[j.Key] > 0 {
				failures[j.Key]--
				if j.Key == "panic" {
					panic("handler bug")
				}
				return errors.New("SMTP relay down")
			}
			return nil
		})
		schedule(t, db, clk.Now(), notify.Job{Key: "boom", Kind: "flaky", RunAt: clk.Now()})
		schedule(t, db, clk.Now(), notify.Job{Key: "panic", Kind: "flaky", RunAt: clk.Now()})
		type want struct {
			ran      int
			attempts map[string]int
			done     map[string]bool
			errText  map[string]string
		}
		steps := []struct {
			advance time.Duration
			want    want
		}{
			// Both fail: effects rolled back, retried a minute later.
			{
				0,
				want{
					0,
					map[string]int{"boom": 1, "panic": 1},
					map[string]bool{},
					map[string]string{"boom": "SMTP relay down", "panic": "panic: handler bug"},
				},
			},
			// Not due again yet.
			{59 * time.Second, want{0, map[string]int{"boom": 1, "panic": 1}, map[string]bool{}, nil}},
			// "boom" fails again (next wait 2 minutes); "panic" now succeeds.
			{
				time.Second,
				want{
					1,
					map[string]int{"boom": 2, "panic": 2},
					map[string]bool{"panic": true},
					map[string]string{"boom": "SMTP relay down", "panic": ""},
				},
			},
			{time.Minute + 59*time.Second, want{0, map[string]int{"boom": 2, "panic": 2}, map[string]bool{"panic": true}, nil}},
			{
				time.Second,
				want{1, map[string]int{"boom": 3, "panic": 2}, map[string]bool{"panic": true, "boom": true}, map[string]string{"boom": ""}},
			},
			{time.Hour, want{0, map[string]int{"boom": 3, "panic": 2}, map[string]bool{"panic": true, "boom": true}, nil}},
		}
		for i, st := range steps {
			clk.Add(st.advance)
			n, err := s.RunDueJobs(ctx, "a")
			if err != nil || n != st.want.ran {
				t.Fatalf("step %d: ran %d (%v), want %d", i, n, err, st.want.ran)
			}
			for key, attempts := range st.want.attempts {
				j, err := s.FindJob(ctx, key)
				if err != nil {
					t.Fatal(err)
				}
				if j.Attempts != attempts || (j.DoneAt != nil) != st.want.done[key] {
					t.Fatalf("step %d: %s %+v, want %d attempts, done %v", i, key, j, attempts, st.want.done[key])
				}
				if msg, ok := st.want.errText[key]; ok && j.LastError != msg {
					t.Fatalf("step %d: %s last error %q, want %q", i, key, j.LastError, msg)
				}
				// Only a committed run leaves its effect, and only one.
				wantEffects := 0
				if st.want.done[key] {
					wantEffects = 1
				}
				if n := count(t, db, `SELECT count(*) FROM job_effects WHERE job_key = $1`, key); n != wantEffects {
					t.Fatalf("step %d: %s has %d effects, want %d", i, key, n, wantEffects)
				}
			}
		}
		if n := testkit.CountAudit(t, db, "job.retry"); n != 3 {
			t.Fatalf("%d job.retry events, want 3", n)
		}
		if n := testkit.CountAudit(t, db, "job.run"); n != 2 {
			t.Fatalf("%d job.run events, want 2", n)
		}
		if n := testkit.CountAudit(t, db, "reminder.sent"); n != 2 {
			t.Fatalf("%d reminder.sent events (the handler's), want 2: failed runs must leave none", n)
		}
	})
}

func TestRacingJobRunnersRunEachJobOnce(t *testing.T) {
	ctx := context.Background()
	for _, e := range sqldbtest.Engines() {
		t.Run(string(e), func(t *testing.T) {
			dbA, dbB := openTwice(t, e)
			makeEffects(t, dbA)
			clk := newClock()
			const jobs = 40
			for i := range jobs {
				schedule(
					t,
					dbA,
					clk.Now(),
					notify.Job{Key: fmt.Sprintf("reminder:%02d", i), Kind: "reminder", RunAt: clk.Now().Add(-time.Duration(i) * time.Second)},
				)
			}
			var mu sync.Mutex
			runs := map[string]int{} // handler calls, committed or not
			var wg sync.WaitGroup
			errs := make(chan error, 4)
			total := make(chan int, 4)
			// Two instances (separate handles; on PostgreSQL separate
			// connections), two goroutines each.
			for i, db := range []*sqldb.DB{dbA, dbB, dbA, dbB} {
				s := notify.New(db, clk.Now, nil)
				s.JobBatch = 3
				s.Handle("reminder", func(ctx context.Context, tx *sqldb.Tx, j notify.Job) error {
					mu.Lock()
					runs[j.Key]++
					mu.Unlock()
					time.Sleep(time.Millisecond)
					return writeEffect(ctx, tx, j)
				})
				wg.Add(1)
				go func() {
					defer wg.Done()
					sum := 0
					for {
						n, err := s.RunDueJobs(ctx, fmt.Sprintf("instance-%d", i))
						if err != nil {
							errs <- err
							return
						}
						if n == 0 {
							total <- sum
							return
						}
						sum += n
					}
				}()
			}
			wg.Wait()
			close(errs)
			close(total)
			for err := range errs {
				t.Fatal(err)
			}
			sum := 0
			for n := range total {
				sum += n
			}
			if sum != jobs {
				t.Fatalf("the runners report %d completed jobs, want %d", sum, jobs)
			}
			for i := range jobs {
				key := fmt.Sprintf("reminder:%02d", i)
				if runs[key] != 1 {
					t.Errorf("%s: handler called %d times", key, runs[key])
				}
			}
			if n := count(t, dbA, `SELECT count(*) FROM job_effects`); n != jobs {
				t.Fatalf("%d effects, want %d", n, jobs)
			}
			if n := count(t, dbA, `SELECT count(*) FROM scheduled_jobs WHERE done_at IS NOT NULL AND attempts = 1`); n != jobs {
				t.Fatalf("%d jobs done once, want %d", n, jobs)
			}
			if n := testkit.CountAudit(t, dbA, "job.run"); n != jobs {
				t.Fatalf("%d job.run events, want %d", n, jobs)
			}
		})
	}
}

func TestExpiredJobClaimIsTakenOver(t *testing.T) {
	ctx := context.Background()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		makeEffects(t, db)
		clk := newClock()
		schedule(t, db, clk.Now(), notify.Job{Key: "k", Kind: "reminder", RunAt: clk.Now()})
		schedule(t, db, clk.Now(), notify.Job{Key: "k2", Kind: "reminder", RunAt: clk.Now()})
		a, b := notify.New(db, clk.Now, nil), notify.New(db, clk.Now, nil)
		a.Handle("reminder", writeEffect)
		b.Handle("reminder", writeEffect)
		// Instance a claims both jobs, then stalls (or crashes) before running them.
		claimedA, tokenA, err := a.ClaimJobs(ctx, clk.Now(), "a", time.Minute)
		if err != nil || len(claimedA) != 2 {
			t.Fatalf("claim: %+v, %v", claimedA, err)
		}
		clk.Add(59 * time.Second)
		if n, err := b.RunDueJobs(ctx, "b"); err != nil || n != 0 {
			t.Fatalf("during a's lease b ran %d (%v)", n, err)
		}
		clk.Add(time.Second)
		// b takes "k" over once a's lease has expired, and runs "k2" at once.
		claimedB, tokenB, err := b.ClaimJobs(ctx, clk.Now(), "b", time.Minute)
		if err != nil || len(claimedB) != 2 {
			t.Fatalf("b's claim after the lease: %+v, %v", claimedB, err)
		}
		// a wakes up with its stale claim: it must not run either job.
		for _, j := range claimedA {
			if ran, err := a.RunClaimedJob(ctx, j, tokenA, "a"); err != nil || ran {
				t.Fatalf("stale claim on %s ran: %v %v", j.Key, ran, err)
			}
		}
		for _, j := range claimedB {
			if ran, err := b.RunClaimedJob(ctx, j, tokenB, "b"); err != nil || !ran {
				t.Fatalf("b's run of %s: %v %v", j.Key, ran, err)
			}
		}
		if n := count(t, db, `SELECT count(*) FROM job_effects`); n != 2 {
			t.Fatalf("%d effects, want 2", n)
		}
		if n := testkit.CountAudit(t, db, "job.run"); n != 2 {
			t.Fatalf("%d job.run events, want 2", n)
		}
		// A claim left by a crashed instance is also found by an ordinary pass.
		schedule(t, db, clk.Now(), notify.Job{Key: "k3", Kind: "reminder", RunAt: clk.Now()})
		if _, _, err := a.ClaimJobs(ctx, clk.Now(), "a", time.Minute); err != nil {
			t.Fatal(err)
		}
		clk.Add(time.Minute)
		if n, err := b.RunDueJobs(ctx, "b"); err != nil || n != 1 {
			t.Fatalf("pass after the lease ran %d (%v)", n, err)
		}
	})
}
