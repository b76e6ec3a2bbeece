package development

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"time"

	"asnpro/internal/apperr"
	"asnpro/internal/audit"
	"asnpro/internal/sample"
	"asnpro/internal/sqldb"
	"asnpro/internal/upload"
)

// DemoAccounts names the demo's employee (whose own trainings come from the
// training part, so none are made up here) and their supervisor, who has
// the employee's request for external hours to decide.
type DemoAccounts struct {
	Employee   string // username
	Supervisor string
}

// demoTrainings are the trainings the demo's employees completed this year.
var demoTrainings = []struct {
	title, institution string
}{
	{"Pelatihan Pelayanan Publik Prima", "BPSDM Provinsi Kalimantan Tengah"},
	{"Literasi Digital dan Keamanan Informasi", "Diskominfo Kota Palangka Raya"},
	{"Manajemen Kinerja ASN", "BKN Kantor Regional VIII"},
	{"Etika dan Integritas ASN", "Inspektorat Kota Palangka Raya"},
	{"Penyusunan Anggaran Berbasis Kinerja", "BPKAD Kota Palangka Raya"},
	{"Kepemimpinan Pengawas", "BPSDM Provinsi Kalimantan Tengah"},
	{"Analisis Kebijakan Publik", "LAN RI"},
	{"Pengelolaan Arsip Dinamis", "Dinas Perpustakaan dan Kearsipan"},
}

// demoJP are the JP in all a demo employee has, by (their rank mod 10):
// three in ten are under target.
var demoJP = [10]int{0, 8, 14, 20, 24, 28, 32, 36, 40, 52}

// SeedDemo gives the demo's employees (but DemoAccounts.Employee) a spread
// of completed trainings dated in the WIB year of now, none after now (on
// 1 January, all on that day), and DemoAccounts.Employee one request for
// external hours, with a PDF certificate, waiting for their supervisor. It
// records development.demo and development.submit in tx.
func (s *Service) SeedDemo(ctx context.Context, tx *sqldb.Tx, now time.Time, a DemoAccounts) error {
	local := now.In(wib)
	year := local.Year()
	jan1 := time.Date(year, 1, 1, 0, 0, 0, 0, wib)
	days := int(local.Sub(jan1).Hours() / 24) // days since 1 January: the dates go up to today
	type emp struct {
		id   int64
		user string
	}
	var emps []emp
	// Joins across parts: employees and users (workforce, identity).
	err := sqldb.RunQuery(ctx, tx, `SELECT e.id, COALESCE(u.username, '') FROM employees e LEFT JOIN users u ON u.id = e.user_id
WHERE e.status <> 'berhenti' ORDER BY e.id`, func(r *sql.Rows) error {
		var e emp
		err := r.Scan(&e.id, &e.user)
		emps = append(emps, e)
		return err
	})
	if err != nil {
		return sqldb.Translate(err, "demo employees")
	}
	at := sqldb.Now(now)
	made := 0
	for i, e := range emps {
		if e.user == a.Employee {
			continue
		}
		left := demoJP[(i*7)%10]
		for n := 0; left > 0; n++ {
			jp := min(left, []int{16, 8, 12, 4, 24}[(i+n)%5])
			left -= jp
			t := demoTrainings[(i+3*n)%len(demoTrainings)]
			day := jan1.AddDate(0, 0, (i*37+n*53)%(days+1)).Format(time.DateOnly)
			if _, err := tx.ExecContext(ctx, `INSERT INTO development_records (employee_id, year, source, ref, title, institution, jp,
  completed_on, status, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`, e.id, year, SourceTraining,
				fmt.Sprintf("demo:%d:%d", e.id, n), t.title, t.institution, jp, day, StatusApproved, at); err != nil {
				return sqldb.Translate(err, "demo record")
			}
			if err := addTotal(ctx, tx, e.id, year, jp, 1); err != nil {
				return err
			}
			made++
		}
	}
	if err := s.record(ctx, tx, audit.Event{At: at, Action: "development.demo", ObjectType: "development", ObjectID: fmt.Sprint(year),
		Data: map[string]any{"records": made, "employees": len(emps)}}); err != nil {
		return err
	}
	return s.demoRequest(ctx, tx, at, jan1.AddDate(0, 0, days*2/3), a.Employee)
}

// demoRequest: the employee's webinar, with its certificate, waiting for
// their current supervisor.
func (s *Service) demoRequest(ctx context.Context, tx *sqldb.Tx, at, on time.Time, username string) error {
	var p *person
	var err error
	// Joins across parts: users (identity), for the account.
	p, err = findPerson(ctx, tx, "e.user_id = (SELECT id FROM users WHERE username = $1)", username)
	if err != nil {
		return err
	}
	if p.SupervisorID == 0 {
		return ErrNoSupervisor
	}
	file, err := upload.Receive(ctx, bytes.NewReader(sample.PDF("Sertifikat Webinar Transformasi Digital Pelayanan Publik", 0)),
		EvidenceRule, s.tempDir)
	if err != nil {
		return err
	}
	defer file.Remove()
	if err := s.blobs.Place(file); err != nil {
		return apperr.Wrap(err, "store evidence")
	}
	if err := s.blobs.Record(ctx, tx, file, at); err != nil {
		return err
	}
	const title, inst, jp = "Webinar Transformasi Digital Pelayanan Publik", "Kementerian PANRB", 4
	var id int64
	err = tx.QueryRowContext(ctx, `INSERT INTO development_records (employee_id, year, source, title, institution, jp, completed_on,
  status, evidence_sha256, evidence_type, evidence_name, evidence_size, approver_id, submitted_by, created_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id`,
		p.ID, on.Year(), SourceExternal, title, inst, jp, on.Format(time.DateOnly), StatusPending, file.SHA256, file.ContentType,
		"sertifikat-webinar.pdf", file.Size, p.SupervisorID, p.UserID, at).Scan(&id)
	if err != nil {
		return sqldb.Translate(err, "demo request")
	}
	return s.record(ctx, tx, audit.Event{At: at, Action: "development.submit", ObjectType: "development_record", ObjectID: idText(id),
		Actor: idText(p.UserID), Data: map[string]any{"employee": idText(p.ID), "jp": jp, "year": on.Year(), "title": title}})
}
