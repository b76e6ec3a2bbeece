package recruitment

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"asnpro/internal/audit"
	"asnpro/internal/identity"
	"asnpro/internal/sqldb"
)

// demoEducation is a small reference list of education qualifications
// (codes are asnpro's own demo codes, not BKN's).
var demoEducation = []EducationRef{
	{"S1-KEP", "S-1 Keperawatan / Ners", "S1"}, {"D3-KEP", "D-III Keperawatan", "D3"},
	{"S1-KM", "S-1 Kesehatan Masyarakat", "S1"}, {"PROF-DOK", "Pendidikan Profesi Dokter", "Profesi"},
	{"S1-PGSD", "S-1 Pendidikan Guru Sekolah Dasar", "S1"}, {"S1-PMAT", "S-1 Pendidikan Matematika", "S1"},
	{"S1-TI", "S-1 Teknik Informatika", "S1"}, {"S1-SI", "S-1 Sistem Informasi", "S1"}, {"D3-TI", "D-III Teknik Informatika", "D3"},
	{"S1-TS", "S-1 Teknik Sipil", "S1"}, {"D3-TS", "D-III Teknik Sipil", "D3"},
	{"S1-AK", "S-1 Akuntansi", "S1"}, {"S1-MJ", "S-1 Manajemen", "S1"}, {"S1-PSI", "S-1 Psikologi", "S1"},
	{"S1-HK", "S-1 Ilmu Hukum", "S1"}, {"S1-AN", "S-1 Ilmu Administrasi Negara", "S1"},
	{"S1-PWK", "S-1 Perencanaan Wilayah dan Kota", "S1"}, {"S2-AN", "S-2 Administrasi Publik", "S2"},
	{"S2-MM", "S-2 Magister Manajemen", "S2"}, {"S2-TI", "S-2 Teknik Informatika", "S2"},
	{"SMA", "SMA/SMK Sederajat", "SMA"},
}

type demoFormation struct {
	code, position, unit string
	quota                int
	category             string
	levels, majors       []string
	minIPK               *float64
}

func ipk(v float64) *float64 { return &v }

var demoOpenFormations = []demoFormation{
	{"PKY-2026-001", "Perawat Ahli Pertama", "RSUD dr. Doris Sylvanus", 8, "umum", []string{"S1"}, []string{"S1-KEP"}, ipk(3.00)},
	{"PKY-2026-002", "Perawat Terampil", "Dinas Kesehatan", 6, "umum", []string{"D3"}, []string{"D3-KEP"}, ipk(2.75)},
	{"PKY-2026-003", "Dokter Ahli Pertama", "RSUD dr. Doris Sylvanus", 3, "umum", []string{"Profesi"}, []string{"PROF-DOK"}, ipk(3.00)},
	{"PKY-2026-004", "Epidemiolog Kesehatan Ahli Pertama", "Dinas Kesehatan", 2, "umum", []string{"S1"}, []string{"S1-KM"}, ipk(3.00)},
	{"PKY-2026-005", "Guru Kelas Ahli Pertama", "Dinas Pendidikan", 10, "umum", []string{"S1"}, []string{"S1-PGSD"}, ipk(3.00)},
	{"PKY-2026-006", "Guru Matematika Ahli Pertama", "Dinas Pendidikan", 4, "cumlaude", []string{"S1"}, []string{"S1-PMAT"}, ipk(3.50)},
	{
		"PKY-2026-007",
		"Pranata Komputer Ahli Pertama",
		"Dinas Komunikasi, Informatika, Statistik dan Persandian",
		3,
		"umum",
		[]string{"S1"},
		[]string{"S1-TI", "S1-SI"},
		ipk(3.00),
	},
	{
		"PKY-2026-008",
		"Pranata Komputer Terampil",
		"Dinas Komunikasi, Informatika, Statistik dan Persandian",
		2,
		"umum",
		[]string{"D3"},
		[]string{"D3-TI"},
		ipk(2.75),
	},
	{
		"PKY-2026-009",
		"Teknik Tata Bangunan dan Perumahan Ahli Pertama",
		"Dinas Pekerjaan Umum dan Penataan Ruang",
		4,
		"umum",
		[]string{"S1"},
		[]string{"S1-TS"},
		ipk(3.00),
	},
	{
		"PKY-2026-010",
		"Analis Sumber Daya Manusia Aparatur Ahli Pertama",
		"BKPSDM",
		2,
		"umum",
		[]string{"S1"},
		[]string{"S1-PSI", "S1-MJ", "S1-AN"},
		ipk(3.00),
	},
	{
		"PKY-2026-011",
		"Analis Sumber Daya Manusia Aparatur Ahli Pertama",
		"BKPSDM",
		1,
		"disabilitas",
		[]string{"S1"},
		[]string{"S1-PSI", "S1-MJ", "S1-AN"},
		ipk(3.00),
	},
	{
		"PKY-2026-012",
		"Analis Keuangan Pusat dan Daerah Ahli Pertama",
		"Badan Pengelolaan Keuangan dan Aset Daerah",
		3,
		"umum",
		[]string{"S1"},
		[]string{"S1-AK"},
		ipk(3.00),
	},
	{
		"PKY-2026-013",
		"Perencana Ahli Pertama",
		"Badan Perencanaan Pembangunan, Riset dan Inovasi Daerah",
		2,
		"umum",
		[]string{"S1", "S2"},
		[]string{"S1-PWK", "S2-AN"},
		ipk(3.00),
	},
	{"PKY-2026-014", "Analis Hukum Ahli Pertama", "Sekretariat Daerah", 2, "umum", []string{"S1"}, []string{"S1-HK"}, ipk(3.00)},
	{"PKY-2026-015", "Polisi Pamong Praja Terampil", "Satuan Polisi Pamong Praja", 6, "umum", []string{"SMA"}, []string{"SMA"}, nil},
}

var demoPastFormations = []demoFormation{
	{"PKY-2025-001", "Perawat Ahli Pertama", "Dinas Kesehatan", 5, "umum", []string{"S1"}, []string{"S1-KEP"}, ipk(3.00)},
	{"PKY-2025-002", "Guru Kelas Ahli Pertama", "Dinas Pendidikan", 8, "umum", []string{"S1"}, []string{"S1-PGSD"}, ipk(3.00)},
	{
		"PKY-2025-003",
		"Pranata Komputer Ahli Pertama",
		"Dinas Komunikasi, Informatika, Statistik dan Persandian",
		2,
		"umum",
		[]string{"S1"},
		[]string{"S1-TI"},
		ipk(3.00),
	},
}

// SeedDemo writes Kota Palangka Raya's demo recruitment inside tx: the
// education list, a period open for registration now (relative to now)
// and one whose registration is over. It returns the periods' ids.
func (s *Service) SeedDemo(ctx context.Context, tx *sqldb.Tx, now time.Time) ([]int64, error) {
	for _, r := range demoEducation {
		if _, err := tx.ExecContext(ctx, `INSERT INTO education_refs (code, name, level) VALUES ($1, $2, $3)
ON CONFLICT (code) DO NOTHING`, r.Code, r.Name, r.Level); err != nil {
			return nil, err
		}
	}
	l, _ := time.LoadLocation("Asia/Jakarta")
	day := func(d int, h int) time.Time {
		t := now.In(l)
		return time.Date(t.Year(), t.Month(), t.Day()+d, h, 0, 0, 0, l).UTC()
	}
	at := func(d, h int) *time.Time { t := day(d, h); return &t }
	year := now.In(l).Year()
	periods := []struct {
		np   NewPeriod
		fs   []demoFormation
		prev bool
	}{
		{
			NewPeriod{
				Name:          fmt.Sprintf("Seleksi CPNS Pemerintah Kota Palangka Raya Tahun Anggaran %d", year),
				Kind:          KindCPNS,
				ReferenceDate: day(14, 0).In(l).Format(time.DateOnly),
				Timeline: Timeline{
					AnnounceAt:      day(-10, 8),
					RegOpenAt:       day(-3, 8),
					RegCloseAt:      day(14, 23).Add(59 * time.Minute),
					AdminAnnounceAt: day(21, 10),
					AppealDays:      3,
					SKDAt:           at(35, 8),
					SKBAt:           at(50, 8),
					FinalAt:         at(60, 10),
				},
			},
			demoOpenFormations,
			false,
		},
		{
			NewPeriod{
				Name:          fmt.Sprintf("Seleksi CPNS Pemerintah Kota Palangka Raya Tahun Anggaran %d", year-1),
				Kind:          KindCPNS,
				ReferenceDate: day(-300, 0).In(l).Format(time.DateOnly),
				Timeline: Timeline{
					AnnounceAt:      day(-330, 8),
					RegOpenAt:       day(-320, 8),
					RegCloseAt:      day(-300, 23),
					AdminAnnounceAt: day(-290, 10),
					AppealDays:      3,
					SKDAt:           at(-270, 8),
					SKBAt:           at(-250, 8),
					FinalAt:         at(-230, 10),
				},
			},
			demoPastFormations,
			true,
		},
	}
	var ids []int64
	for _, p := range periods {
		id, err := s.seedDemoPeriod(ctx, tx, p.np, p.fs, [2]int{}, now)
		if err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, nil
}

// seedDemoPeriod inserts, inside tx, a published period with its
// formations (applicants aged age[0]–age[1]; zero: the CPNS preset),
// recording period.create and period.publish as the committee's
// steps would. It returns the period's id.
func (s *Service) seedDemoPeriod(
	ctx context.Context,
	tx *sqldb.Tx,
	np NewPeriod,
	fs []demoFormation,
	age [2]int,
	now time.Time,
) (int64, error) {
	if err := np.validate(); err != nil {
		return 0, fmt.Errorf("demo period: %w", err)
	}
	t := np.Timeline
	var id int64
	err := tx.QueryRowContext(ctx,
		`INSERT INTO periods (name, agency, kind, time_zone, reference_date, announce_at, reg_open_at, reg_close_at, admin_announce_at,
appeal_days, skd_at, skb_at, final_at, published_at, created_at, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15) RETURNING id`,
		np.Name, np.Agency, np.Kind, np.TimeZone, np.ReferenceDate, sqldb.Now(t.AnnounceAt), sqldb.Now(t.RegOpenAt),
		sqldb.Now(t.RegCloseAt), sqldb.Now(t.AdminAnnounceAt),
		t.AppealDays, nullTime(t.SKDAt), nullTime(t.SKBAt), nullTime(t.FinalAt), sqldb.Now(t.AnnounceAt), sqldb.Now(now)).
		Scan(&id)
	if err != nil {
		return 0, err
	}
	if err := s.record(ctx, tx, audit.Event{Action: "period.create", ObjectType: "period", ObjectID: strconv.FormatInt(id, 10),
		Data: np}); err != nil {
		return 0, err
	}
	for _, f := range fs {
		nf := NewFormation{Code: f.code, Position: f.position, Unit: f.unit, Quota: f.quota, Category: f.category, MinIPK: f.minIPK,
			AgeMin: age[0], AgeMax: age[1]}
		nf.Education.Levels, nf.Education.Majors = f.levels, f.majors
		minIPK, err := nf.validate()
		if err != nil {
			return 0, fmt.Errorf("demo formation %s: %w", f.code, err)
		}
		if _, err := s.insertFormation(ctx, tx, id, nf, minIPK); err != nil {
			return 0, fmt.Errorf("demo formation %s: %w", f.code, err)
		}
	}
	if err := s.record(ctx, tx, audit.Event{Action: "period.publish", ObjectType: "period", ObjectID: strconv.FormatInt(id, 10),
		Data: map[string]any{"formations": len(fs)}}); err != nil {
		return 0, err
	}
	return id, nil
}

// demoJPTFormations: the open selection's one post (eselon II.b), for
// holders of a master's degree aged at most 56.
var demoJPTFormations = []demoFormation{{code: "JPT-2026-001", position: "Kepala Dinas Komunikasi, Informatika, Statistik dan Persandian",
	unit: "Dinas Komunikasi, Informatika, Statistik dan Persandian", quota: 1, category: "umum", levels: []string{"S2"},
	majors: []string{"S2-AN", "S2-MM", "S2-TI"}, minIPK: ipk(3.00)}}

// SeedDemoJPT writes, inside tx, the demo's open selection of a senior
// executive (seleksi terbuka JPT Pratama) whose registration closed a
// fortnight before now, with its one formation, and returns its id. It adds
// the master's degrees the formation asks for to the education list when
// missing.
func (s *Service) SeedDemoJPT(ctx context.Context, tx *sqldb.Tx, now time.Time) (int64, error) {
	for _, r := range demoEducation {
		if _, err := tx.ExecContext(ctx, `INSERT INTO education_refs (code, name, level) VALUES ($1, $2, $3)
ON CONFLICT (code) DO NOTHING`, r.Code, r.Name, r.Level); err != nil {
			return 0, err
		}
	}
	l, _ := time.LoadLocation("Asia/Jakarta")
	day := func(d int, h int) time.Time {
		t := now.In(l)
		return time.Date(t.Year(), t.Month(), t.Day()+d, h, 0, 0, 0, l).UTC()
	}
	final := day(30, 10)
	return s.seedDemoPeriod(ctx, tx, NewPeriod{
		Name:          fmt.Sprintf("Seleksi Terbuka JPT Pratama Pemerintah Kota Palangka Raya Tahun %d", now.In(l).Year()),
		Kind:          KindJPT,
		ReferenceDate: day(-14, 0).In(l).Format(time.DateOnly),
		Timeline: Timeline{AnnounceAt: day(-45, 8), RegOpenAt: day(-35, 8), RegCloseAt: day(-14, 23).Add(59 * time.Minute),
			AdminAnnounceAt: day(-7, 10), AppealDays: 3, FinalAt: &final},
	}, demoJPTFormations, [2]int{30, 56}, now)
}

// SeedDemoApplicant registers a demo applicant inside tx as
// RegisterApplicant does, but under username (a demo account, marked so)
// with a password hash computed once for every demo account, and without
// the per-address limit. Errors: as RegisterApplicant's.
func (s *Service) SeedDemoApplicant(ctx context.Context, tx *sqldb.Tx, username, hash string, n NewApplicant) (*Applicant, error) {
	if err := n.validate(s.now()); err != nil {
		return nil, err
	}
	a := &Applicant{NIK: n.NIK, Name: n.Name, BirthPlace: n.BirthPlace, BirthDate: n.BirthDate, Gender: n.Gender, Email: n.Email,
		Phone: n.Phone}
	if err := s.insertApplicant(ctx, tx, a, identity.NewUser{Username: username, Demo: true}, hash, "id"); err != nil {
		return nil, err
	}
	return a, nil
}
