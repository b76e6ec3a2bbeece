package workforce

import (
	"context"
	"fmt"
	"time"

	"asnpro/internal/audit"
	"asnpro/internal/report"
	"asnpro/internal/sqldb"
)

// demoUnits are the demo's units of Kota Palangka Raya: perangkat daerah
// and kecamatan, most with a sub-unit or two (parent "" for a top unit).
var demoUnits = []struct{ code, name, parent string }{
	{"SETDA", "Sekretariat Daerah", ""},
	{"SETDA.PEM", "Bagian Pemerintahan", "SETDA"},
	{"SETDA.ORG", "Bagian Organisasi", "SETDA"},
	{"BKPSDM", "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia", ""},
	{"BKPSDM.MUT", "Bidang Mutasi dan Promosi", "BKPSDM"},
	{"BKPSDM.PPI", "Bidang Pengadaan, Pemberhentian dan Informasi", "BKPSDM"},
	{"DISDIK", "Dinas Pendidikan", ""},
	{"DISDIK.SD", "Bidang Pembinaan Sekolah Dasar", "DISDIK"},
	{"DISDIK.SMP", "Bidang Pembinaan Sekolah Menengah Pertama", "DISDIK"},
	{"DINKES", "Dinas Kesehatan", ""},
	{"DINKES.YANKES", "Bidang Pelayanan Kesehatan", "DINKES"},
	{"DINKES.P2P", "Bidang Pencegahan dan Pengendalian Penyakit", "DINKES"},
	{"RSUD", "RSUD Kota Palangka Raya", ""},
	{"RSUD.YANMED", "Bidang Pelayanan Medik", "RSUD"},
	{"RSUD.KEP", "Bidang Keperawatan", "RSUD"},
	{"KEC.PAHANDUT", "Kecamatan Pahandut", ""},
	{"KEC.PAHANDUT.PEM", "Seksi Pemerintahan", "KEC.PAHANDUT"},
	{"KEC.JEKAN", "Kecamatan Jekan Raya", ""},
	{"KEC.JEKAN.PEM", "Seksi Pemerintahan", "KEC.JEKAN"},
	{"KEC.SEBANGAU", "Kecamatan Sebangau", ""},
	{"KEC.SEBANGAU.PEM", "Seksi Pemerintahan", "KEC.SEBANGAU"},
	{"KEC.BUKITBATU", "Kecamatan Bukit Batu", ""},
	{"KEC.RAKUMPIT", "Kecamatan Rakumpit", ""},
}

// DemoPerson is a demo account that is also an employee.
type DemoPerson struct{ Username, Name string }

// DemoAccounts are the demo accounts the demo's employees are linked to:
// Employee works in BKPSDM's Bidang Mutasi dan Promosi, whose head is
// Supervisor, Employee's direct supervisor; Leader heads BKPSDM.
type DemoAccounts struct{ Employee, Supervisor, Leader DemoPerson }

// demoEmployees is how many employees the demo has.
const demoEmployees = 300

// SeedDemo writes, in tx, the demo's units, 300 employees made by
// SamplePeople (each unit's first one its head — a Plt in DINKES.P2P —,
// supervising the unit's others; a sub-unit's head supervised by the head
// above), and links the accounts of a. The employees go through the
// import's checks and store, so every rule holds.
func (s *Service) SeedDemo(ctx context.Context, tx *sqldb.Tx, now time.Time, a DemoAccounts) error {
	at := sqldb.Now(now)
	ids := map[string]int64{}
	for _, u := range demoUnits {
		var id int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO org_units (code, name, parent_id, created_at, updated_at)
VALUES ($1, $2, $3, $4, $4) RETURNING id`, u.code, u.name, nullID(ids[u.parent]), at).Scan(&id); err != nil {
			return sqldb.Translate(err, "demo unit")
		}
		ids[u.code] = id
		if err := s.record(ctx, tx, audit.Event{At: at, Action: "unit.create", ObjectType: "unit", ObjectID: idText(id),
			Data: map[string]any{"code": u.code, "name": u.name, "parent": idText(ids[u.parent])}}); err != nil {
			return err
		}
	}
	rows, heads := demoRows(a)
	for _, r := range rows {
		if _, f := check(&r.n, now); len(f) > 0 {
			return fmt.Errorf("demo employee %s: %v", r.n.Name, f)
		}
	}
	st, err := loadImportState(ctx, tx, rows)
	if err != nil {
		return err
	}
	bad := &report.Problems{}
	st.reconcile(rows, bad)
	if err := bad.Err(); err != nil {
		return err
	}
	if err := s.storeImport(ctx, tx, st, rows, now, &ImportSummary{SHA256: "demo"}); err != nil {
		return err
	}
	for code, r := range heads {
		acting := code == "DINKES.P2P"
		if _, err := tx.ExecContext(ctx, `UPDATE org_units SET head_id = $1, head_acting = $2 WHERE id = $3`, r.id, acting,
			ids[code]); err != nil {
			return sqldb.Translate(err, "demo head")
		}
		if err := s.record(ctx, tx, audit.Event{At: at, Action: "unit.head", ObjectType: "unit", ObjectID: idText(ids[code]),
			Data: map[string]any{"head": idText(r.id), "acting": acting}}); err != nil {
			return err
		}
	}
	return nil
}

// demoRows spreads the sample people over the units: each unit's head is
// a PNS (a man where a demo account takes the record: their names are
// men's), the others go round the units.
func demoRows(a DemoAccounts) ([]*importRow, map[string]*importRow) {
	var pool, others []NewEmployee
	for _, p := range SamplePeople(demoEmployees) {
		if p.Kind == KindPNS && len(pool) < len(demoUnits)+4 {
			pool = append(pool, p)
		} else {
			others = append(others, p)
		}
	}
	take := func(man bool) NewEmployee {
		for i, p := range pool {
			if !man || p.Gender == "M" {
				pool = append(pool[:i:i], pool[i+1:]...)
				return p
			}
		}
		panic("demo: too few PNS for the heads")
	}
	var rows []*importRow
	heads := map[string]*importRow{}
	parent := map[string]string{}
	for _, u := range demoUnits {
		parent[u.code] = u.parent
		r := &importRow{n: take(u.code == "BKPSDM" || u.code == "BKPSDM.MUT"), unitCode: u.code, position: "Kepala " + u.name,
			posKind: PositionStructural}
		heads[u.code] = r
		rows = append(rows, r)
	}
	for i, p := range append(pool, others...) {
		u := demoUnits[i%len(demoUnits)]
		r := &importRow{n: p, unitCode: u.code, position: "Pelaksana", posKind: PositionGeneral}
		if i%4 == 0 {
			r.position, r.posKind = "Analis Kebijakan", PositionFunctional
		}
		rows = append(rows, r)
	}
	for i, r := range rows {
		r.line = i + 2
		switch {
		case heads[r.unitCode] != r:
			r.supNumber = heads[r.unitCode].number()
			// DINKES.P2P's head is a Plt, and so acts as its people's supervisor.
			r.supActing = r.unitCode == "DINKES.P2P"
		case parent[r.unitCode] != "":
			r.supNumber = heads[parent[r.unitCode]].number()
		}
	}
	link := func(r *importRow, p DemoPerson) {
		if p.Username != "" {
			r.n.Username, r.n.Name = p.Username, p.Name
		}
	}
	link(heads["BKPSDM"], a.Leader)
	link(heads["BKPSDM.MUT"], a.Supervisor)
	for _, r := range rows {
		if r.unitCode == "BKPSDM.MUT" && heads[r.unitCode] != r && r.n.Gender == "M" {
			link(r, a.Employee)
			break
		}
	}
	return rows, heads
}
