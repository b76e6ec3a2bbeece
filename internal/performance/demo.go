package performance

import (
	"context"
	"fmt"
	"strconv"
	"time"
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
