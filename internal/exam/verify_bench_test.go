package exam_test

import (
	"context"
	"encoding/json"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"time"

	"asnpro/internal/exam"
	"asnpro/internal/selection"
	"asnpro/internal/sqldb"
	"asnpro/internal/sqldb/sqldbtest"
)

// BenchmarkVerify10k re-checks 10,000 finished SKD 2024 attempts of 110
// items (random answers, a tenth left blank) per operation with
// VerifyAttempts, reading their papers and answers from the database, on
// each engine (PostgreSQL when ASNPRO_TEST_POSTGRES is set). Seeding is not
// timed.
func BenchmarkVerify10k(b *testing.B) {
	for _, e := range sqldbtest.Engines() {
		b.Run(string(e), func(b *testing.B) {
			db := sqldbtest.Open(b, e)
			s, clock, users := demoAttempts(b, db)
			const n = 10_000
			seedFinished(b, db, s, users[0], sqldb.Now(clock.Now()), n)
			ctx := context.Background()
			b.ReportAllocs()
			for b.Loop() {
				rep, err := s.VerifyAttempts(ctx, exam.VerifyFilter{})
				if err != nil || rep.Checked != n || !rep.OK() {
					b.Fatalf("%d checked, %d mismatches, %v", rep.Checked, len(rep.Mismatches), err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*n), "µs/attempt")
		})
	}
}

// seedFinished stores n finished SKD 2024 attempts of user on the demo bank,
// each its own paper drawn from a random seed, with random answers (a tenth
// blank, no row) scored as Finish scores them: multi-row inserts, one
// transaction per 1,000 attempts.
func seedFinished(tb testing.TB, db *sqldb.DB, s *exam.Service, user int64, now time.Time, n int) {
	tb.Helper()
	ctx := context.Background()
	var bankID int64
	if err := db.R.QueryRowContext(ctx, `SELECT bank_id FROM exam_practice`).Scan(&bankID); err != nil {
		tb.Fatal(err)
	}
	bp, err := s.CreateBlueprint(ctx, exam.SKD2024())
	if err != nil {
		tb.Fatal(err)
	}
	items, err := s.BankItems(ctx, bankID)
	if err != nil {
		tb.Fatal(err)
	}
	// The passing rule as the attempt's read applies it.
	a, err := s.Start(ctx, exam.StartSpec{UserID: user, BankID: bankID, BlueprintID: bp.ID, Category: selection.Umum})
	if err != nil {
		tb.Fatal(err)
	}
	scheme := a.Paper.Scheme
	var firstID int64
	if err := db.R.QueryRowContext(ctx, `SELECT MAX(id) + 1 FROM exam_attempts`).Scan(&firstID); err != nil {
		tb.Fatal(err)
	}
	// a stays open: VerifyAttempts does not read it.
	r := rand.New(rand.NewPCG(1, 2))
	const perTx = 1000
	for lo := 0; lo < n; lo += perTx {
		var rows []seededAttempt
		for i := lo; i < min(lo+perTx, n); i++ {
			rows = append(rows, newSeeded(tb, r, items, bp, scheme, firstID+int64(i)))
		}
		err := db.Write(ctx, func(tx *sqldb.Tx) error { return insertSeeded(ctx, tx, rows, user, bankID, bp.ID, now) })
		if err != nil {
			tb.Fatal(err)
		}
	}
}

type seededAttempt struct {
	id      int64
	seed    exam.Seed
	paper   *exam.Paper
	answers []exam.Answer
	result  *exam.AttemptResult
}

func newSeeded(tb testing.TB, r *rand.Rand, items []exam.Item, bp *exam.Blueprint, scheme *selection.Scheme, id int64) seededAttempt {
	var sd exam.Seed
	for i := range sd {
		sd[i] = byte(r.Uint32())
	}
	p, err := exam.Draw(items, bp, sd)
	if err != nil {
		tb.Fatal(err)
	}
	p.Scheme = scheme
	ans := make([]exam.Answer, len(p.Items))
	for j := range ans {
		if r.IntN(10) > 0 {
			ans[j] = exam.Answer(1 + r.IntN(exam.NumOptions))
		}
	}
	res, err := exam.Rescore(id, p, ans, selection.Umum)
	if err != nil {
		tb.Fatal(err)
	}
	return seededAttempt{id: id, seed: sd, paper: p, answers: ans, result: res}
}

// insertSeeded writes rows (attempts, then their answers) in statements of
// at most 200 attempts and 1,000 answers.
func insertSeeded(ctx context.Context, tx *sqldb.Tx, rows []seededAttempt, user, bankID, bpID int64, now time.Time) error {
	for lo := 0; lo < len(rows); lo += 200 {
		var q strings.Builder
		q.WriteString(`INSERT INTO exam_attempts (id, user_id, bank_id, blueprint_id, practice, seed, pool_sha256, paper, items, category,
extra_minutes, started_at, ends_at, finished_at, auto_finished, result, sha256) VALUES `)
		var args []any
		for i, a := range rows[lo:min(lo+200, len(rows))] {
			paper, err := json.Marshal(struct {
				Parts []exam.Part      `json:"parts"`
				Items []exam.PaperItem `json:"items"`
				Pool  string           `json:"pool"`
			}{a.paper.Parts, a.paper.Items, a.paper.Pool})
			if err != nil {
				return err
			}
			result, err := json.Marshal(a.result)
			if err != nil {
				return err
			}
			if i > 0 {
				q.WriteString(", ")
			}
			q.WriteString(values(len(args), 17))
			args = append(args, a.id, user, bankID, bpID, false, a.seed.String(), a.paper.Pool, string(paper), len(a.paper.Items),
				selection.Umum.String(), 0, now, now.Add(100*time.Minute), now.Add(90*time.Minute), false, string(result), a.result.SHA256)
		}
		if _, err := tx.ExecContext(ctx, q.String(), args...); err != nil {
			return err
		}
	}
	const head = `INSERT INTO exam_answers (attempt_id, no, option, flagged, saved_at) VALUES `
	var q strings.Builder
	var args []any
	flush := func() error {
		if len(args) == 0 {
			return nil
		}
		_, err := tx.ExecContext(ctx, q.String(), args...)
		q.Reset()
		args = args[:0]
		return err
	}
	for _, a := range rows {
		for j, opt := range a.answers {
			if opt == exam.Blank {
				continue
			}
			if len(args) == 0 {
				q.WriteString(head)
			} else {
				q.WriteString(", ")
			}
			q.WriteString(values(len(args), 5))
			args = append(args, a.id, j+1, opt.Label(), false, now)
			if len(args) >= 5000 {
				if err := flush(); err != nil {
					return err
				}
			}
		}
	}
	return flush()
}

// values is "($k+1, …, $k+n)".
func values(k, n int) string {
	var b strings.Builder
	b.WriteByte('(')
	for i := 1; i <= n; i++ {
		if i > 1 {
			b.WriteString(", ")
		}
		b.WriteByte('$')
		b.WriteString(strconv.Itoa(k + i))
	}
	b.WriteByte(')')
	return b.String()
}
