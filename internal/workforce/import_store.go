package workforce

import (
	"context"
	"database/sql"
	"time"

	"asnpro/internal/audit"
	"asnpro/internal/sqldb"
)

// storeImport writes the checked rows: the new positions, the employees,
// then (every row having its id) their supervisors and the history's
// first periods, which begin on the day of the import; and the audit
// events.
func (s *Service) storeImport(ctx context.Context, tx *sqldb.Tx, st *importState, rows []*importRow, now time.Time,
	sum *ImportSummary) error {
	at := sqldb.Now(now)
	for _, p := range st.newPos {
		if err := s.insertPosition(ctx, tx, p); err != nil {
			return err
		}
		if st.positions[p.UnitID] == nil {
			st.positions[p.UnitID] = map[string]int64{}
		}
		st.positions[p.UnitID][p.Name] = p.ID
	}
	sum.Positions = len(st.newPos)
	for _, r := range rows {
		if r.position != "" {
			r.n.PositionID = st.positions[r.n.UnitID][r.position]
		}
	}
	var err error
	if tx.Dialect() == string(sqldb.Postgres) {
		err = insertEmployeesPG(ctx, tx, rows, at)
	} else {
		err = insertEmployeesSQLite(ctx, tx, rows, at)
	}
	if err != nil {
		return err
	}
	byNumber := map[string]int64{}
	for _, r := range rows {
		byNumber[r.number()] = r.id
	}
	var links []supLink
	for _, r := range rows {
		if r.supNumber == "" {
			continue
		}
		sup, ok := byNumber[r.supNumber]
		if !ok {
			sup = st.stored[r.supNumber]
		}
		links = append(links, supLink{id: r.id, sup: sup, acting: r.supActing})
	}
	from := now.In(wib).Format(time.DateOnly)
	if tx.Dialect() == string(sqldb.Postgres) {
		err = linkSupervisorsPG(ctx, tx, links, from, at)
	} else {
		err = linkSupervisorsSQLite(ctx, tx, links, from, at)
	}
	if err != nil {
		return err
	}
	sum.Supervisors = len(links)
	for _, r := range rows {
		data := employeeData(&r.n)
		data["line"] = r.line
		if r.supNumber != "" {
			data["supervisor_number"], data["supervisor_acting"] = r.supNumber, r.supActing
		}
		if err := s.record(ctx, tx, audit.Event{At: at, Action: "employee.import", ObjectType: "employee", ObjectID: idText(r.id),
			Data: data}); err != nil {
			return err
		}
		if r.n.Kind == KindPPPK {
			sum.PPPK++
		} else {
			sum.PNS++
		}
	}
	sum.Imported = len(rows)
	return s.record(ctx, tx, audit.Event{At: at, Action: "employees.import", ObjectType: "employees", Data: map[string]any{
		"sha256": sum.SHA256, "rows": sum.Imported, "pns": sum.PNS, "pppk": sum.PPPK, "positions": sum.Positions,
		"supervisors": sum.Supervisors}})
}

// wib is the zone the import's day is taken in.
var wib = func() *time.Location {
	l, err := time.LoadLocation("Asia/Jakarta")
	if err != nil {
		return time.FixedZone("WIB", 7*3600)
	}
	return l
}()

type supLink struct {
	id, sup int64
	acting  bool
}

const insertEmployee = `INSERT INTO employees (kind, nik, nip, ni_pppk, name, birth_date, gender, unit_id, position_id, grade, status,
  tmt, user_id, created_at, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14) RETURNING id`

// insertEmployeesSQLite: in-process, one prepared statement per row is
// the fastest.
func insertEmployeesSQLite(ctx context.Context, tx *sqldb.Tx, rows []*importRow, at time.Time) error {
	st, err := tx.PrepareContext(ctx, insertEmployee)
	if err != nil {
		return sqldb.Translate(err, "insert employees")
	}
	defer st.Close()
	for _, r := range rows {
		n := &r.n
		if err := st.QueryRowContext(ctx, n.Kind, n.NIK, nullText(n.NIP), nullText(n.NIPPPK), n.Name, n.BirthDate, n.Gender, n.UnitID,
			nullID(n.PositionID), n.Grade, n.Status, n.TMT, nullID(r.userID), at).Scan(&r.id); err != nil {
			return sqldb.Translate(err, "insert employee")
		}
	}
	return nil
}

// insertEmployeesPG: one statement per 5,000 rows, the columns as arrays;
// the ids come back with each row's NIK.
func insertEmployeesPG(ctx context.Context, tx *sqldb.Tx, rows []*importRow, at time.Time) error {
	const per = 5000
	for start := 0; start < len(rows); start += per {
		chunk := rows[start:min(start+per, len(rows))]
		k := len(chunk)
		kind, nik, name, birth, gender, grade, status, tmt := make([]string, k), make([]string, k), make([]string, k),
			make([]string, k), make([]string, k), make([]string, k), make([]string, k), make([]string, k)
		nip, ni := make([]*string, k), make([]*string, k)
		unit, pos, user := make([]int64, k), make([]*int64, k), make([]*int64, k)
		byNIK := map[string]*importRow{}
		for i, r := range chunk {
			n := &r.n
			kind[i], nik[i], name[i], birth[i], gender[i], grade[i], status[i], tmt[i] = n.Kind, n.NIK, n.Name, n.BirthDate, n.Gender,
				n.Grade, n.Status, n.TMT
			nip[i], ni[i], unit[i], pos[i], user[i] = optText(n.NIP), optText(n.NIPPPK), n.UnitID, optID(n.PositionID), optID(r.userID)
			byNIK[n.NIK] = r
		}
		err := sqldb.RunQuery(ctx, tx, `INSERT INTO employees (kind, nik, nip, ni_pppk, name, birth_date, gender, unit_id, position_id,
  grade, status, tmt, user_id, created_at, updated_at)
SELECT t.*, $14::timestamptz, $14::timestamptz FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
  $7::text[], $8::bigint[], $9::bigint[], $10::text[], $11::text[], $12::text[], $13::bigint[]) AS t
RETURNING id, nik`, func(r *sql.Rows) error {
			var id int64
			var n string
			if err := r.Scan(&id, &n); err != nil {
				return err
			}
			byNIK[n].id = id
			return nil
		}, kind, nik, nip, ni, name, birth, gender, unit, pos, grade, status, tmt, user, at)
		if err != nil {
			return sqldb.Translate(err, "insert employees")
		}
	}
	return nil
}

func optText(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func optID(id int64) *int64 {
	if id == 0 {
		return nil
	}
	return &id
}

func linkSupervisorsSQLite(ctx context.Context, tx *sqldb.Tx, links []supLink, from string, at time.Time) error {
	if len(links) == 0 {
		return nil
	}
	up, err := tx.PrepareContext(ctx, `UPDATE employees SET supervisor_id = $1, supervisor_acting = $2 WHERE id = $3`)
	if err != nil {
		return sqldb.Translate(err, "link supervisors")
	}
	defer up.Close()
	hist, err := tx.PrepareContext(ctx, `INSERT INTO employee_supervisors (employee_id, supervisor_id, acting, valid_from, recorded_at)
VALUES ($1, $2, $3, $4, $5)`)
	if err != nil {
		return sqldb.Translate(err, "link supervisors")
	}
	defer hist.Close()
	for _, l := range links {
		if _, err := up.ExecContext(ctx, l.sup, l.acting, l.id); err != nil {
			return sqldb.Translate(err, "link supervisor")
		}
		if _, err := hist.ExecContext(ctx, l.id, l.sup, l.acting, from, at); err != nil {
			return sqldb.Translate(err, "supervisor history")
		}
	}
	return nil
}

func linkSupervisorsPG(ctx context.Context, tx *sqldb.Tx, links []supLink, from string, at time.Time) error {
	const per = 10_000
	for start := 0; start < len(links); start += per {
		chunk := links[start:min(start+per, len(links))]
		ids, sups, acting := make([]int64, len(chunk)), make([]int64, len(chunk)), make([]bool, len(chunk))
		for i, l := range chunk {
			ids[i], sups[i], acting[i] = l.id, l.sup, l.acting
		}
		if _, err := tx.ExecContext(ctx, `UPDATE employees e SET supervisor_id = v.s, supervisor_acting = v.a
FROM unnest($1::bigint[], $2::bigint[], $3::boolean[]) AS v(id, s, a) WHERE e.id = v.id`, ids, sups, acting); err != nil {
			return sqldb.Translate(err, "link supervisors")
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO employee_supervisors (employee_id, supervisor_id, acting, valid_from, recorded_at)
SELECT v.id, v.s, v.a, $4, $5 FROM unnest($1::bigint[], $2::bigint[], $3::boolean[]) AS v(id, s, a)`, ids, sups, acting, from,
			at); err != nil {
			return sqldb.Translate(err, "supervisor history")
		}
	}
	return nil
}
