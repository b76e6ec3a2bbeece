package performance

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"time"

	"asnpro/internal/sqldb"
)

// DemoViewers are the demo's accounts as viewers: the employee, their
// supervisor, and the supervisor's own supervisor (who approves the
// supervisor's plan).
type DemoViewers struct{ Employee, Supervisor, Superior Viewer }

// demoResult is a result of the demo's plans.
type demoResult struct{ text, indicator, target string }

// The demo's results: the supervisor's (a head of Bidang Mutasi dan
// Promosi) and the employee's, each cascading from the one above it.
var (
	demoSupervisorResults = []demoResult{
		{"Layanan mutasi dan promosi ASN tepat waktu", "Persentase usulan mutasi selesai ≤ 14 hari kerja", "90 %"},
		{"Rencana suksesi jabatan pimpinan tersusun", "Jumlah jabatan dengan talent pool", "12 jabatan"},
	}
	demoEmployeeResults = []demoResult{
		{"Berkas usulan mutasi terverifikasi", "Jumlah berkas diverifikasi lengkap", "120 berkas"},
		{"Profil talenta pejabat administrator termutakhir", "Persentase profil diperbarui", "100 %"},
	}
)

// SeedDemo writes, through the service (each step audited), approved
// plans of last year and this year (WIB at now) for the supervisor and the
// employee, the employee's cascading from the supervisor's, with no
// evaluation: every period that has ended can be evaluated at once.
func (s *Service) SeedDemo(ctx context.Context, now time.Time, v DemoViewers) error {
	year := now.In(wib).Year()
	for _, y := range []int{year - 1, year} {
		sup, err := s.demoPlan(ctx, v.Supervisor, v.Superior, y, demoSupervisorResults, nil)
		if err != nil {
			return fmt.Errorf("demo plan of the supervisor %d: %w", y, err)
		}
		if _, err := s.demoPlan(ctx, v.Employee, v.Supervisor, y, demoEmployeeResults, sup.Results); err != nil {
			return fmt.Errorf("demo plan of the employee %d: %w", y, err)
		}
	}
	return nil
}

func (s *Service) demoPlan(ctx context.Context, who, approver Viewer, year int, rs []demoResult, parents []Result) (*Plan, error) {
	p, err := s.CreatePlan(ctx, who, year, Quarterly)
	if err != nil {
		return nil, err
	}
	for i, r := range rs {
		in := ResultInput{Text: r.text, Indicator: r.indicator, Target: r.target}
		if i < len(parents) {
			in.ParentID = parents[i].ID
		}
		if err := s.AddResult(ctx, who, p.ID, in); err != nil {
			return nil, err
		}
	}
	if err := s.SubmitPlan(ctx, who, p.ID); err != nil {
		return nil, err
	}
	exp := map[string]string{"akuntabel": "Laporan capaian dikirim paling lambat tanggal 5 setiap bulan",
		"berorientasi-pelayanan": "Menjawab pertanyaan pegawai tentang mutasi dalam 2 hari kerja"}
	if err := s.ApprovePlan(ctx, approver, p.ID, "Disetujui untuk tahun "+strconv.Itoa(year), exp); err != nil {
		return nil, err
	}
	p, _, err = s.FindPlan(ctx, who, p.ID)
	return p, err
}

// demoSpread is last year's annual ratings of the demo's other employees,
// one in twenty by index: mostly Sesuai Ekspektasi (Baik), a few Sangat
// Baik, Butuh Perbaikan, Kurang and one Sangat Kurang in twenty — a spread
// a unit of own predikat Baik may keep.
var demoSpread = [20][2]string{
	{"above", "above"}, {"meets", "meets"}, {"meets", "meets"}, {"below", "meets"}, {"meets", "meets"},
	{"meets", "meets"}, {"above", "meets"}, {"meets", "meets"}, {"meets", "below"}, {"meets", "meets"},
	{"above", "above"}, {"meets", "meets"}, {"meets", "meets"}, {"meets", "meets"}, {"below", "meets"},
	{"meets", "meets"}, {"meets", "above"}, {"meets", "meets"}, {"below", "below"}, {"meets", "meets"},
}

// SeedDemoHistory writes, in one transaction recorded as performance.demo,
// last year's (WIB at now) approved plan and annual evaluation of every
// employee in service who has no account and a supervisor, in units where
// nobody signs in — the demo's hundreds of employees who never do; the
// units of the demo's accounts keep last year open for their own journeys —
// so that the predikat distribution has data. Nothing is finalised: the units' predikat and the
// finalisation stay to be done.
func (s *Service) SeedDemoHistory(ctx context.Context, now time.Time) error {
	year := now.In(wib).Year() - 1
	at := now.UTC()
	if d := time.Date(year+1, 1, 10, 9, 0, 0, 0, wib); d.Before(now) {
		at = d.UTC()
	}
	return s.db.Write(ctx, func(tx *sqldb.Tx) error {
		type emp struct{ id, sup, unit int64 }
		var emps []emp
		err := sqldb.RunQuery(ctx, tx, `SELECT e.id, e.supervisor_id, e.unit_id FROM employees e
WHERE e.user_id IS NULL AND e.supervisor_id IS NOT NULL AND e.status = 'aktif'
  AND NOT EXISTS (SELECT 1 FROM skp_plans p WHERE p.employee_id = e.id AND p.year = $1)
  AND NOT EXISTS (SELECT 1 FROM employees o WHERE o.unit_id = e.unit_id AND o.user_id IS NOT NULL) ORDER BY e.id`,
			func(r *sql.Rows) error {
				var e emp
				err := r.Scan(&e.id, &e.sup, &e.unit)
				emps = append(emps, e)
				return err
			}, year)
		if err != nil {
			return err
		}
		counts := map[string]int{}
		for i, e := range emps {
			var plan int64
			err := tx.QueryRowContext(ctx, `INSERT INTO skp_plans (employee_id, year, cadence, status, supervisor_id, unit_id,
created_at, updated_at, approved_at) VALUES ($1, $2, 'quarterly', 'approved', $3, $4, $5, $5, $5) RETURNING id`,
				e.id, year, e.sup, e.unit, at).Scan(&plan)
			if err != nil {
				return err
			}
			r := demoSpread[i%len(demoSpread)]
			pred := Predikat(r[0], r[1])
			if _, err := tx.ExecContext(ctx, `INSERT INTO skp_evaluations (plan_id, period, annual, hasil, perilaku, predikat, notes,
supervisor_id, evaluated_at) VALUES ($1, $2, TRUE, $3, $4, $5, $6, $7, $8)`,
				plan, strconv.Itoa(year), r[0], r[1], pred, "Penilaian tahunan (data demo)", e.sup, at); err != nil {
				return err
			}
			counts[pred]++
		}
		return s.record(ctx, tx, at, "performance.demo", "skp_year", int64(year),
			map[string]any{"plans": len(emps), "predikat": counts})
	})
}
