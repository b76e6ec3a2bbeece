package exam_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"asnpro/internal/exam"
	"asnpro/internal/sqldb"
	"asnpro/internal/sqldb/sqldbtest"
	"asnpro/internal/testkit"
)

// demoAttempts seeds the demo bank and two takers.
func demoAttempts(t testing.TB, db *sqldb.DB) (*exam.Service, *testkit.Clock, [2]int64) {
	t.Helper()
	ctx := context.Background()
	s, clock := newService(t, db)
	var users [2]int64
	err := db.Write(ctx, func(tx *sqldb.Tx) error {
		for i, name := range []string{"taker1", "taker2"} {
			err := tx.QueryRowContext(ctx, `INSERT INTO users (username, name, created_at, updated_at) VALUES ($1, $1, $2, $2) RETURNING id`,
				name, sqldb.Now(clock.Now())).Scan(&users[i])
			if err != nil {
				return err
			}
		}
		return s.SeedDemo(ctx, tx)
	})
	if err != nil {
		t.Fatal(err)
	}
	return s, clock, users
}

func TestDemoItemsAreValid(t *testing.T) {
	count := map[string]int{}
	stems := map[string]bool{}
	for _, in := range exam.DemoItems() {
		if err := in.Validate(); err != nil {
			t.Fatalf("%q: %v", in.Stem, err)
		}
		if stems[in.Stem] {
			t.Fatalf("stem twice: %q", in.Stem)
		}
		stems[in.Stem] = true
		seen := map[string]bool{}
		for _, o := range in.Options {
			if seen[o] {
				t.Fatalf("%q: option %q twice", in.Stem, o)
			}
			seen[o] = true
		}
		count[in.Subtest]++
	}
	for _, p := range exam.SKD2024().Parts {
		if count[p.Subtest] < p.Count {
			t.Fatalf("%s: %d items, a full SKD needs %d", p.Subtest, count[p.Subtest], p.Count)
		}
	}
}

func TestAttemptLifecycle(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		s, clock, users := demoAttempts(t, db)
		a, err := s.StartPractice(ctx, users[0])
		if err != nil {
			t.Fatal(err)
		}
		if len(a.Paper.Items) != 15 || !a.EndsAt.Equal(a.StartedAt.Add(15*time.Minute)) {
			t.Fatalf("attempt: %d items, %v → %v", len(a.Paper.Items), a.StartedAt, a.EndsAt)
		}
		checkStartEvent(t, db, a)
		tok, err := s.OpenSession(ctx, users[0], a.ID, "")
		if err != nil {
			t.Fatal(err)
		}
		over := func(what string, err error, want error) {
			t.Helper()
			if !errors.Is(err, want) {
				t.Fatalf("%s: err = %v, want %v", what, err, want)
			}
		}
		over("another taker", s.SaveAnswer(ctx, users[1], a.ID, tok, 1, 1, false), exam.ErrAttemptNotFound)
		over("no 0", s.SaveAnswer(ctx, users[0], a.ID, tok, 0, 1, false), exam.ErrAttemptItemNotFound)
		over("no 16", s.SaveAnswer(ctx, users[0], a.ID, tok, 16, 1, false), exam.ErrAttemptItemNotFound)
		_, err = s.Attempt(ctx, users[1], a.ID)
		over("another taker reads", err, exam.ErrAttemptNotFound)
		for no := 1; no <= 6; no++ {
			if err := s.SaveAnswer(ctx, users[0], a.ID, tok, no, exam.Answer(no%5+1), no == 2); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.SaveAnswer(ctx, users[0], a.ID, tok, 6, exam.Blank, true); err != nil { // cleared, flagged
			t.Fatal(err)
		}
		// Time passes beyond the end: the next answer is refused and finishes the attempt.
		clock.Add(15*time.Minute + time.Second)
		over("late answer", s.SaveAnswer(ctx, users[0], a.ID, tok, 7, 1, false), exam.ErrAttemptOver)
		got, err := s.Attempt(ctx, users[0], a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.FinishedAt == nil || !got.AutoFinished || got.Result == nil {
			t.Fatalf("not auto-finished: %+v", got)
		}
		if len(got.Contents) != 15 || got.Contents[0].VersionID != got.Paper.Items[0].VersionID {
			t.Fatalf("contents: %d", len(got.Contents))
		}
		want := []exam.Answer{2, 3, 4, 5, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}
		for i, w := range want {
			if got.Answers[i].Option != w {
				t.Fatalf("answer %d = %v, want %v", i+1, got.Answers[i].Option, w)
			}
		}
		if !got.Answers[1].Flagged || !got.Answers[5].Flagged || got.Answers[0].Flagged {
			t.Fatalf("flags: %+v", got.Answers)
		}
		// The finish after time returns the auto-finished result, unchanged.
		fin, err := s.Finish(ctx, users[0], a.ID)
		if err != nil || fin.Result.SHA256 != got.Result.SHA256 || !fin.FinishedAt.Equal(*got.FinishedAt) {
			t.Fatalf("Finish = %+v, %v", fin, err)
		}
		// The digest recomputes from the stored answers and scores.
		res, err := exam.Score(got.Paper, got.Options(), got.Category)
		if err != nil {
			t.Fatal(err)
		}
		if d := exam.AttemptDigest(a.ID, got.Options(), res.Scores, res.Total); d != got.Result.SHA256 || res.Total != got.Result.Total {
			t.Fatalf("digest %s, stored %s", d, got.Result.SHA256)
		}
		var logged string
		err = db.R.QueryRowContext(ctx, `SELECT data FROM audit_events WHERE action = 'attempt.finish' AND object_id = $1`,
			strconv.FormatInt(a.ID, 10)).Scan(&logged)
		if err != nil || !strings.Contains(logged, got.Result.SHA256) {
			t.Fatalf("attempt.finish event %q, %v", logged, err)
		}
		over("answer after finish", s.SaveAnswer(ctx, users[0], a.ID, tok, 1, 1, false), exam.ErrAttemptOver)
		_, err = s.Finish(ctx, users[1], a.ID)
		over("another taker finishes", err, exam.ErrAttemptNotFound)

		readAfterTime(t, db, s, clock, users[1])
	})
}

func TestAttemptRecordIsCanonical(t *testing.T) {
	got := string(exam.AttemptRecord(7, []exam.Answer{1, exam.Blank, 5},
		[]exam.SubtestScore{{Subtest: "TWK", Score: 5}, {Subtest: "TIU", Score: 0}, {Subtest: "TKP", Score: 4}}, 9))
	want := `{"answers":["A",null,"E"],"attempt":7,"scores":{"TIU":0,"TKP":4,"TWK":5},"total":9,"v":1}`
	if got != want {
		t.Fatalf("record\n%s\nwant\n%s", got, want)
	}
}

func TestFinishExpired(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		s, clock, users := demoAttempts(t, db)
		early, err := s.StartPractice(ctx, users[0])
		if err != nil {
			t.Fatal(err)
		}
		clock.Add(10 * time.Minute)
		late, err := s.StartPractice(ctx, users[1])
		if err != nil {
			t.Fatal(err)
		}
		clock.Add(5 * time.Minute) // early's time is up, late's is not
		if n, err := s.FinishExpired(ctx, 10); n != 1 || err != nil {
			t.Fatalf("FinishExpired = %d, %v", n, err)
		}
		if n, err := s.FinishExpired(ctx, 10); n != 0 || err != nil {
			t.Fatalf("FinishExpired again = %d, %v", n, err)
		}
		a, err := s.Attempt(ctx, users[0], early.ID)
		if err != nil || !a.AutoFinished || a.Result == nil {
			t.Fatalf("early: %+v, %v", a, err)
		}
		b, err := s.Attempt(ctx, users[1], late.ID)
		if err != nil || b.FinishedAt != nil {
			t.Fatalf("late: %+v, %v", b, err)
		}
	})
}

// readAfterTime: a read after the time finishes an attempt; a finish then
// returns that result, and attempt.finish is recorded once.
func readAfterTime(t *testing.T, db *sqldb.DB, s *exam.Service, clock *testkit.Clock, user int64) {
	t.Helper()
	ctx := context.Background()
	b, err := s.StartPractice(ctx, user)
	if err != nil {
		t.Fatal(err)
	}
	tok, err := s.OpenSession(ctx, user, b.ID, "")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SaveAnswer(ctx, user, b.ID, tok, 15, 3, false); err != nil {
		t.Fatal(err)
	}
	clock.Add(15 * time.Minute)
	read, err := s.Attempt(ctx, user, b.ID)
	if err != nil || read.Result == nil || !read.AutoFinished || read.Answers[14].Option != 3 {
		t.Fatalf("read after time: %+v, %v", read, err)
	}
	fin, err := s.Finish(ctx, user, b.ID)
	if err != nil || fin.Result.SHA256 != read.Result.SHA256 || fin.Result.Total != read.Result.Total {
		t.Fatalf("finish after time = %+v, %v", fin, err)
	}
	var events int
	if err := db.R.QueryRowContext(ctx, `SELECT count(*) FROM audit_events WHERE action = 'attempt.finish' AND object_id = $1`,
		strconv.FormatInt(b.ID, 10)).Scan(&events); err != nil || events != 1 {
		t.Fatalf("attempt.finish events: %d, %v", events, err)
	}
}

// checkStartEvent: attempt.start carries the pool's and the seed's
// digests, never the seed.
func checkStartEvent(t *testing.T, db *sqldb.DB, a *exam.Attempt) {
	t.Helper()
	var started string
	err := db.R.QueryRowContext(context.Background(), `SELECT data FROM audit_events WHERE action = 'attempt.start' AND object_id = $1`,
		strconv.FormatInt(a.ID, 10)).Scan(&started)
	seedSum := sha256.Sum256(a.Paper.Seed[:])
	if err != nil || !strings.Contains(started, a.Paper.Pool) || !strings.Contains(started, hex.EncodeToString(seedSum[:])) ||
		strings.Contains(started, a.Paper.Seed.String()) {
		t.Fatalf("attempt.start event %q, %v: want the pool's and the seed's digests, not the seed", started, err)
	}
}

func TestBankSittings(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		s, clock, users := demoAttempts(t, db)
		var bankID int64
		if err := db.R.QueryRowContext(ctx, `SELECT bank_id FROM exam_practice`).Scan(&bankID); err != nil {
			t.Fatal(err)
		}
		start := clock.Now()
		// The first taker answers every item A, the second none; both finish. The first taker's second attempt stays
		// open and is not counted.
		var ids [3]int64
		for i, u := range []int64{users[0], users[1], users[0]} {
			a, err := s.StartPractice(ctx, u)
			if err != nil {
				t.Fatal(err)
			}
			ids[i] = a.ID
		}
		tok, err := s.OpenSession(ctx, users[0], ids[0], "")
		if err != nil {
			t.Fatal(err)
		}
		for no := 1; no <= 15; no++ {
			if err := s.SaveAnswer(ctx, users[0], ids[0], tok, no, 1, false); err != nil {
				t.Fatal(err)
			}
		}
		clock.Add(time.Minute)
		for i, u := range users {
			if _, err := s.Finish(ctx, u, ids[i]); err != nil {
				t.Fatal(err)
			}
		}
		clock.Add(time.Minute)
		got, err := s.BankSittings(ctx, bankID, exam.StatsFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 {
			t.Fatalf("%d sittings, want 2 finished", len(got))
		}
		n, chosen, blank := 0, 0, 0
		for _, st := range exam.ItemStats(got) {
			n += st.N
			blank += st.Blank
			for _, c := range st.Options {
				chosen += c
			}
		}
		if n != 30 || chosen != 15 || blank != 15 {
			t.Fatalf("stats count %d item sittings, %d chosen, %d blank; want 30, 15, 15", n, chosen, blank)
		}
		for _, f := range []exam.StatsFilter{{To: start}, {From: clock.Now()}} {
			if got, err := s.BankSittings(ctx, bankID, f); err != nil || len(got) != 0 {
				t.Fatalf("filter %+v: %d sittings, %v", f, len(got), err)
			}
		}
		if got, err := s.BankSittings(ctx, bankID, exam.StatsFilter{From: start, To: clock.Now()}); err != nil || len(got) != 2 {
			t.Fatalf("period: %d sittings, %v", len(got), err)
		}
		if _, err := s.BankSittings(ctx, bankID+1000, exam.StatsFilter{}); !errors.Is(err, exam.ErrBankNotFound) {
			t.Fatalf("unknown bank: %v", err)
		}
	})
}
