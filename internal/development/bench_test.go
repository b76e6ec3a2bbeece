package development_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"asnpro/internal/development"
	"asnpro/internal/sqldb"
	"asnpro/internal/sqldb/sqldbtest"
	"asnpro/internal/testkit"
	"asnpro/internal/workforce"
)

// The dashboard's scale: 10,000 employees in 100 units (20 perangkat
// daerah of 4 sub-units each), 200,000 training records over two years.
const (
	benchEmployees = 10_000
	benchRecords   = 200_000
	benchTop       = 20
	benchSub       = 4
)

// seedBench fills db outside the timer: units through workforce, employees
// and records in bulk (the records' totals as the ledger keeps them).
func seedBench(b *testing.B, db *sqldb.DB) (*workforce.Service, int64) {
	b.Helper()
	ctx := context.Background()
	wf := workforce.New(db, nil)
	var units []int64
	for i := 1; i <= benchTop; i++ {
		top, err := wf.CreateUnit(ctx, workforce.NewUnit{Code: fmt.Sprintf("PD%02d", i), Name: fmt.Sprintf("Perangkat Daerah %d", i)})
		if err != nil {
			b.Fatal(err)
		}
		units = append(units, top.ID)
		for j := 1; j <= benchSub; j++ {
			sub, err := wf.CreateUnit(ctx, workforce.NewUnit{Code: fmt.Sprintf("PD%02d.%d", i, j), Name: fmt.Sprintf("Bidang %d", j),
				ParentID: top.ID})
			if err != nil {
				b.Fatal(err)
			}
			units = append(units, sub.ID)
		}
	}
	now := time.Date(2026, 12, 1, 3, 0, 0, 0, time.UTC)
	bulk := func(head string, n, per int, row func(i int) []any) { testkit.BulkInsert(b, db, head, n, per, row) }
	bulk(`INSERT INTO employees (id, kind, nik, nip, name, birth_date, gender, unit_id, grade, status, created_at, updated_at) VALUES `,
		benchEmployees, 500, func(i int) []any {
			kind, status := "pns", "aktif"
			if i%10 == 9 {
				kind = "pppk"
			}
			return []any{int64(i + 1), kind, fmt.Sprintf("6271%012d", i), fmt.Sprintf("19900101201501%04d", i), fmt.Sprintf("Pegawai %05d", i),
				"1990-01-01", "M", units[i%len(units)], "III/a", status, now, now}
		})
	// Twenty records per employee over 2025 and 2026; two in three stay
	// under 20 JP in 2026 (10 or 15 JP), the others have 30.
	bulk(`INSERT INTO development_records (employee_id, year, source, ref, title, institution, jp, completed_on, status, created_at) VALUES `,
		benchRecords, 500, func(i int) []any {
			emp, n := i%benchEmployees, i/benchEmployees
			year, jp := 2025+n%2, 1+(emp%3)*(n%4)/2
			return []any{int64(emp + 1), year, "training", fmt.Sprintf("bench:%d", i), "Pelatihan", "BPSDM", jp,
				fmt.Sprintf("%d-06-01", year), "approved", now}
		})
	err := db.Write(ctx, func(tx *sqldb.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO development_totals (employee_id, year, jp, records)
SELECT employee_id, year, sum(jp), count(*) FROM development_records WHERE status = 'approved' GROUP BY employee_id, year`)
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	if db.Engine == sqldb.Postgres {
		if _, err := db.W.ExecContext(ctx, `ANALYZE`); err != nil {
			b.Fatal(err)
		}
		// The employees were given their ids: move the identity past them.
		if _, err := db.W.ExecContext(ctx, `SELECT setval(pg_get_serial_sequence('employees', 'id'), 20000)`); err != nil {
			b.Fatal(err)
		}
	} else if _, err := db.W.ExecContext(ctx, `ANALYZE`); err != nil {
		b.Fatal(err)
	}
	return wf, units[0]
}

// BenchmarkComplianceDashboard is the 20-JP dashboard of a year over
// 10,000 employees and 200,000 records: every unit, and one perangkat
// daerah with its sub-units.
func BenchmarkComplianceDashboard(b *testing.B) {
	for _, e := range sqldbtest.Engines() {
		b.Run(string(e), func(b *testing.B) {
			db := sqldbtest.Open(b, e)
			wf, top := seedBench(b, db)
			svc := development.New(db, development.Deps{Units: wf})
			ctx := context.Background()
			d, err := svc.Compliance(ctx, 0, 2026)
			if err != nil {
				b.Fatal(err)
			}
			if d.All.Bound != benchEmployees*9/10 || d.All.Under == 0 || d.All.Compliant == 0 {
				b.Fatalf("dashboard %+v", d.All)
			}
			b.Run("all", func(b *testing.B) {
				for b.Loop() {
					if _, err := svc.Compliance(ctx, 0, 2026); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run("unit", func(b *testing.B) {
				for b.Loop() {
					if _, err := svc.Compliance(ctx, top, 2026); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run("employee", func(b *testing.B) {
				for b.Loop() {
					if _, err := svc.SummaryOf(ctx, 4242, 2026); err != nil {
						b.Fatal(err)
					}
				}
			})
		})
	}
}
