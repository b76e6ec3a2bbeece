package performance_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"asnpro/internal/performance"
	"asnpro/internal/sqldb"
	"asnpro/internal/sqldb/sqldbtest"
	"asnpro/internal/workforce"
)

// benchEmployees over benchTop perangkat daerah with benchSub sub-units
// each: 100 units of 100 employees.
const (
	benchEmployees     = 10_000
	benchTop, benchSub = 20, 4
)

// seedBench makes the units, imports the employees and writes, by SQL outside the timer, an
// approved plan of 2026 for everyone with its annual evaluation, 20 %
// Sangat Baik, 70 % Baik, 8 % Butuh Perbaikan and 2 % Kurang per unit, and
// each unit's predikat Baik approved: the state just before finalising.
func seedBench(tb testing.TB, db *sqldb.DB, wf *workforce.Service) []int64 {
	tb.Helper()
	ctx := context.Background()
	var codes []string
	var units []int64
	for i := 1; i <= benchTop; i++ {
		top, err := wf.CreateUnit(ctx, workforce.NewUnit{Code: fmt.Sprintf("PD%02d", i), Name: fmt.Sprintf("Perangkat Daerah %d", i)})
		if err != nil {
			tb.Fatal(err)
		}
		codes, units = append(codes, top.Code), append(units, top.ID)
		for j := 1; j <= benchSub; j++ {
			sub, err := wf.CreateUnit(ctx, workforce.NewUnit{Code: fmt.Sprintf("%s.%d", top.Code, j), Name: fmt.Sprintf("Bidang %d", j),
				ParentID: top.ID})
			if err != nil {
				tb.Fatal(err)
			}
			codes, units = append(codes, sub.Code), append(units, sub.ID)
		}
	}
	var b strings.Builder
	b.WriteString(strings.Join(workforce.Columns, ",") + "\n")
	ps := workforce.SamplePeople(benchEmployees)
	per := benchEmployees / len(codes)
	for i, p := range ps {
		b.WriteString(strings.Join([]string{p.Kind, p.NIK, p.NIP, p.NIPPPK, p.Name, p.BirthDate, p.Gender, codes[i/per], "", "", p.Grade,
			p.Status, p.TMT, "", "", ""}, ",") + "\n")
	}
	if _, err := wf.Import(ctx, bytes.NewReader([]byte(b.String()))); err != nil {
		tb.Fatal(err)
	}
	at := time.Date(2027, 1, 10, 0, 0, 0, 0, time.UTC)
	for _, q := range []string{
		`INSERT INTO skp_plans (employee_id, year, cadence, status, supervisor_id, unit_id, created_at, updated_at, approved_at)
SELECT id, 2026, 'quarterly', 'approved', supervisor_id, unit_id, $1, $1, $1 FROM employees`,
		`INSERT INTO skp_evaluations (plan_id, period, annual, hasil, perilaku, predikat, notes, supervisor_id, evaluated_at)
SELECT id, '2026', TRUE, 'meets', 'meets', CASE WHEN r <= 20 THEN 'sangat_baik' WHEN r <= 90 THEN 'baik'
  WHEN r <= 98 THEN 'butuh_perbaikan' ELSE 'kurang' END, 'Evaluasi tahunan', employee_id, $1
FROM (SELECT id, employee_id, ROW_NUMBER() OVER (PARTITION BY unit_id ORDER BY id) AS r FROM skp_plans) ranked`,
		`INSERT INTO skp_unit_years (unit_id, year, predikat, basis, set_at, approved_at) SELECT id, 2026, 'baik', 'IKU unit', $1, $1
FROM org_units`,
		`ANALYZE`,
	} {
		args := []any{at}
		if q == `ANALYZE` {
			args = nil
		}
		if _, err := db.W.ExecContext(ctx, q, args...); err != nil {
			tb.Fatalf("%s: %v", q[:30], err)
		}
	}
	return units
}

// reset undoes a finalisation outside the timer.
func reset(tb testing.TB, db *sqldb.DB) {
	for _, q := range []string{`UPDATE skp_unit_years SET finalised_at = NULL, finalised_by = NULL`,
		`UPDATE skp_evaluations SET final = FALSE`, `DELETE FROM skp_rewards`, `DELETE FROM skp_coaching`} {
		if _, err := db.W.ExecContext(context.Background(), q); err != nil {
			tb.Fatal(err)
		}
	}
}

// BenchmarkFinalise10k finalises the annual results of 10,000 employees in
// 100 units, unit by unit as the admin does: each unit's predikat and curve
// check, the evaluations locked, the reward and coaching records written,
// audited.
func BenchmarkFinalise10k(b *testing.B) {
	for _, e := range sqldbtest.Engines() {
		b.Run(string(e), func(b *testing.B) {
			db := sqldbtest.Open(b, e)
			now := func() time.Time { return time.Date(2027, 1, 10, 3, 0, 0, 0, time.UTC) }
			wf := workforce.New(db, now)
			units := seedBench(b, db, wf)
			svc := performance.New(db, performance.Deps{Staff: wf, Now: now})
			admin := performance.Viewer{ReadAll: true, Manage: true} // a system user: no account row
			ctx := context.Background()
			b.ResetTimer()
			for b.Loop() {
				var rewards, coaching int
				for _, u := range units {
					f, err := svc.Finalise(ctx, admin, u, 2026)
					if err != nil {
						b.Fatal(err)
					}
					rewards, coaching = rewards+f.Rewards, coaching+f.Coaching
				}
				if rewards != benchEmployees/5 || coaching != benchEmployees/10 {
					b.Fatalf("%d rewards, %d coaching", rewards, coaching)
				}
				b.StopTimer()
				reset(b, db)
				b.StartTimer()
			}
		})
	}
}
