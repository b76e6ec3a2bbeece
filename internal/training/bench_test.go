package training_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"asnpro/internal/sqldb"
	"asnpro/internal/sqldb/sqldbtest"
	"asnpro/internal/training"
	"asnpro/internal/workforce"
)

// The benchmarks' scale: a city's training over several years.
const (
	benchEmployees  = 10_000
	benchProgrammes = 50
	benchSessions   = 2_000
	benchPerSession = 50 // 100,000 enrolments
)

// seedBench fills a fresh database: 10,000 employees, five institutions
// with ten programmes each (through the service), 2,000 sessions (a
// quarter of them open, starting after now), each with 50 participants —
// completed or incomplete, rated 1–5 — for 100,000 enrolments, written in
// SQL in a few statements.
func seedBench(tb testing.TB, db *sqldb.DB, now time.Time) *training.Service {
	tb.Helper()
	ctx := context.Background()
	svc := training.New(db, training.Deps{Now: func() time.Time { return now }})
	unit, err := workforce.New(db, nil).CreateUnit(ctx, workforce.NewUnit{Code: "PD01", Name: "Perangkat Daerah"})
	if err != nil {
		tb.Fatal(err)
	}
	for i := range 5 {
		in, err := svc.CreateInstitution(ctx, training.NewInstitution{Name: fmt.Sprintf("Lembaga %d", i+1)})
		if err != nil {
			tb.Fatal(err)
		}
		for j := range benchProgrammes / 5 {
			cost := int64(500_000 * (j + 1))
			if _, err := svc.CreateProgramme(ctx, in.ID, training.NewProgramme{Title: fmt.Sprintf("Program %d.%d", i+1, j+1),
				Topic: training.Topics()[j%6], JP: 8 + j, Mode: training.ModeClassroom, Cost: &cost,
				Competencies: []string{training.Competencies()[j%13].Key}}); err != nil {
				tb.Fatal(err)
			}
		}
	}
	at := sqldb.Now(now)
	err = db.Write(ctx, func(tx *sqldb.Tx) error {
		steps := []struct {
			q    string
			args []any
		}{
			{`WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < $1)
INSERT INTO employees (kind, nik, name, birth_date, gender, unit_id, status, created_at, updated_at)
SELECT 'pns', CAST(6271000000000000 + i AS TEXT), 'Pegawai ' || CAST(i AS TEXT), '1990-01-01', 'M', $2, 'aktif', $3, $3 FROM n`,
				[]any{benchEmployees - 1, unit.ID, at}},
			// A quarter of the sessions start after now (open), the rest ended before it.
			{`WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < $1)
INSERT INTO training_sessions (programme_id, starts_at, ends_at, place, capacity, meetings, min_attendance, pass_score, created_at)
SELECT (SELECT min(id) FROM training_programmes) + i % $2, $3, $4, 'Aula', 60, 4, 80, 70, $5 FROM n`,
				[]any{benchSessions*3/4 - 1, benchProgrammes, at.Add(-72 * time.Hour), at.Add(-48 * time.Hour), at}},
			{`WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < $1)
INSERT INTO training_sessions (programme_id, starts_at, ends_at, place, capacity, meetings, min_attendance, pass_score, created_at)
SELECT (SELECT min(id) FROM training_programmes) + i % $2, $3, $4, 'Aula', 60, 4, 80, 70, $5 FROM n`,
				[]any{benchSessions/4 - 1, benchProgrammes, at.Add(24 * time.Hour), at.Add(48 * time.Hour), at}},
			// Enrolment i: session i % 2000, employee i / 2000 + 50 × (i % 2000 % 200): one per employee and session.
			{`WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < $1)
INSERT INTO training_enrolments (session_id, employee_id, status, via, queued_at, post_score, rating, completed_on, cert_code,
  created_at, updated_at)
SELECT (SELECT min(id) FROM training_sessions) + i % $2, (SELECT min(id) FROM employees) + i / $2 + 50 * (i % $2 % 200),
  CASE WHEN i / $2 < 40 THEN 'completed' ELSE 'incomplete' END, 'nomination', $3, 80, 1 + i % 5,
  CASE WHEN i / $2 < 40 THEN '2026-03-01' END, CASE WHEN i / $2 < 40 THEN 'C' || CAST(i AS TEXT) END, $3, $3 FROM n`,
				[]any{benchSessions*benchPerSession - 1, benchSessions, at}},
		}
		for _, s := range steps {
			if _, err := tx.ExecContext(ctx, s.q, s.args...); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return svc
}

var benchNow = time.Date(2026, 12, 8, 3, 0, 0, 0, time.UTC)

// BenchmarkReport100k sums 100,000 enrolments of 2,000 sessions per
// institution and topic (the report page and its files).
func BenchmarkReport100k(b *testing.B) {
	for _, e := range sqldbtest.Engines() {
		b.Run(string(e), func(b *testing.B) {
			svc := seedBench(b, sqldbtest.Open(b, e), benchNow)
			for b.Loop() {
				rows, err := svc.Report(context.Background())
				if err != nil {
					b.Fatal(err)
				}
				if total := rows[len(rows)-1]; total.Participants != benchSessions*benchPerSession || total.Sessions != benchSessions {
					b.Fatalf("total %+v", total)
				}
			}
		})
	}
}

// BenchmarkOpenSessions2k finds the 20 soonest open sessions addressing
// one competency among 2,000 sessions with 100,000 enrolments (the offers
// other parts recommend).
func BenchmarkOpenSessions2k(b *testing.B) {
	for _, e := range sqldbtest.Engines() {
		b.Run(string(e), func(b *testing.B) {
			svc := seedBench(b, sqldbtest.Open(b, e), benchNow)
			key := training.Competencies()[0].Key
			for b.Loop() {
				offers, err := svc.OpenSessions(context.Background(), []string{key}, 20)
				if err != nil {
					b.Fatal(err)
				}
				if len(offers) != 20 {
					b.Fatalf("%d offers", len(offers))
				}
			}
		})
	}
}
