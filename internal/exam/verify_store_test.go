package exam_test

import (
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"testing"

	"asnpro/internal/exam"
	"asnpro/internal/selection"
	"asnpro/internal/sqldb"
	"asnpro/internal/sqldb/sqldbtest"
)

// skdAttempts starts n SKD 2024 attempts on the demo bank for the first
// demo taker, answers items 1–3 of each (item 1 with an option that scores
// 0), finishes all but the one at index open, and returns their IDs and the
// bank's.
func skdAttempts(t *testing.T, db *sqldb.DB, s *exam.Service, user int64, n, open int) (ids []int64, bankID int64) {
	t.Helper()
	ctx := context.Background()
	if err := db.R.QueryRowContext(ctx, `SELECT bank_id FROM exam_practice`).Scan(&bankID); err != nil {
		t.Fatal(err)
	}
	bp, err := s.CreateBlueprint(ctx, exam.SKD2024())
	if err != nil {
		t.Fatal(err)
	}
	for i := range n {
		a, err := s.Start(ctx, exam.StartSpec{UserID: user, BankID: bankID, BlueprintID: bp.ID, Category: selection.Umum})
		if err != nil {
			t.Fatal(err)
		}
		tok, err := s.OpenSession(ctx, user, a.ID, "")
		if err != nil {
			t.Fatal(err)
		}
		wrong := exam.Answer(1)
		for a.Paper.Items[0].Points[wrong-1] != 0 {
			wrong++
		}
		for no, opt := range []exam.Answer{wrong, 2, 3} {
			if err := s.SaveAnswer(ctx, user, a.ID, tok, no+1, opt, false); err != nil {
				t.Fatal(err)
			}
		}
		if i != open {
			if _, err := s.Finish(ctx, user, a.ID); err != nil {
				t.Fatal(err)
			}
		}
		ids = append(ids, a.ID)
	}
	return ids, bankID
}

// TestVerifyAttempts: re-scoring finished attempts finds nothing in an
// untouched database, and names each attempt whose stored result, digest or
// answers were changed with SQL, and what differs.
func TestVerifyAttempts(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		s, clock, users := demoAttempts(t, db)
		ids, bankID := skdAttempts(t, db, s, users[0], 7, 2)
		for _, size := range []int{1, 2, 1000} {
			rep, err := s.VerifyAttemptsIn(ctx, exam.VerifyFilter{}, size)
			if err != nil || rep.Checked != 6 || !rep.OK() {
				t.Fatalf("untouched, batches of %d: %+v, %v; want 6 checked, no mismatch", size, rep, err)
			}
		}
		if rep, err := s.VerifyAttempts(ctx, exam.VerifyFilter{BankID: bankID}); err != nil || rep.Checked != 6 || !rep.OK() {
			t.Fatalf("the bank: %+v, %v", rep, err)
		}
		if _, err := s.VerifyAttempts(ctx, exam.VerifyFilter{BankID: bankID + 100}); !errors.Is(err, exam.ErrBankNotFound) {
			t.Fatalf("unknown bank: %v", err)
		}
		tamperResult(t, db, ids[0], func(r *exam.AttemptResult) { r.Total += 5 })
		tamperResult(t, db, ids[1], func(r *exam.AttemptResult) { r.Scores[2].Score += 4; r.Total += 4; r.Passed = true })
		// The open attempt (ids[2]) is not checked: changing its answers is no mismatch.
		exec(t, db, `UPDATE exam_answers SET option = 'E' WHERE attempt_id = $1`, ids[2])
		// Item 1 answered with its key: 5 points more than stored, and another digest.
		var key string
		for i, pt := range paperOf(t, s, users[0], ids[3]).Items[0].Points {
			if pt == exam.KeyPoints {
				key = exam.Labels[i]
			}
		}
		exec(t, db, `UPDATE exam_answers SET option = $1 WHERE attempt_id = $2 AND no = 1`, key, ids[3])
		exec(t, db, `UPDATE exam_attempts SET sha256 = $1 WHERE id = $2`, "0000000000000000000000000000000000000000000000000000000000000000",
			ids[4])
		// An answer to an item the paper does not have.
		exec(t, db, `INSERT INTO exam_answers (attempt_id, no, option, flagged, saved_at) VALUES ($1, 111, 'A', FALSE, $2)`, ids[5],
			sqldb.Now(clock.Now()))
		exec(t, db, `UPDATE exam_attempts SET paper = 'not JSON' WHERE id = $1`, ids[6])
		want := map[int64][]string{
			ids[6]: {"paper"},
			ids[0]: {"total"},
			ids[5]: {"answer"},
			ids[1]: {"score.TKP", "total", "passed"},
			ids[3]: {"score.TWK", "total", "sha256", "result.sha256"},
			ids[4]: {"sha256"},
		}
		for _, size := range []int{1, 2, 1000} {
			rep, err := s.VerifyAttemptsIn(ctx, exam.VerifyFilter{BankID: bankID}, size)
			if err != nil {
				t.Fatal(err)
			}
			got := map[int64][]string{}
			for _, m := range rep.Mismatches {
				for _, d := range m.Diffs {
					got[m.AttemptID] = append(got[m.AttemptID], d.What)
				}
			}
			if rep.Checked != 6 || !reflect.DeepEqual(got, want) {
				t.Fatalf("tampered, batches of %d: %d checked, mismatches %v; want 6 checked, %v", size, rep.Checked, got, want)
			}
		}
	})
}

func paperOf(t *testing.T, s *exam.Service, user, id int64) *exam.Paper {
	t.Helper()
	a, err := s.Attempt(context.Background(), user, id)
	if err != nil {
		t.Fatal(err)
	}
	return a.Paper
}

func exec(t *testing.T, db *sqldb.DB, q string, args ...any) {
	t.Helper()
	if _, err := db.W.ExecContext(context.Background(), q, args...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

// tamperResult rewrites an attempt's stored result with SQL.
func tamperResult(t *testing.T, db *sqldb.DB, id int64, change func(r *exam.AttemptResult)) {
	t.Helper()
	var text string
	if err := db.R.QueryRowContext(context.Background(), `SELECT result FROM exam_attempts WHERE id = $1`, id).Scan(&text); err != nil {
		t.Fatal(err)
	}
	var r exam.AttemptResult
	if err := json.Unmarshal([]byte(text), &r); err != nil {
		t.Fatal(err)
	}
	change(&r)
	b, _ := json.Marshal(r)
	exec(t, db, `UPDATE exam_attempts SET result = $1 WHERE id = $2`, string(b), id)
}
