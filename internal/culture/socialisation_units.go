package culture

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"asnpro/internal/sqldb"
)

var wib = time.FixedZone("WIB", 7*3600)

// yearBounds is the year (WIB) as instants [from, to).
func yearBounds(year int) (time.Time, time.Time) {
	return time.Date(year, 1, 1, 0, 0, 0, 0, wib).UTC(), time.Date(year+1, 1, 1, 0, 0, 0, 0, wib).UTC()
}

// Year is the year (WIB) of now.
func (s *Service) Year() int { return s.now().In(wib).Year() }

// AttendedByUnit counts, per unit, the employees (who have not left) who
// attended at least one session that started in year (WIB).
//
// Joins across parts: employees (workforce).
func (s *Service) AttendedByUnit(ctx context.Context, year int) (map[int64]int, error) {
	from, to := yearBounds(year)
	out := map[int64]int{}
	err := sqldb.RunQuery(ctx, s.db.R, `SELECT e.unit_id, count(DISTINCT e.id) FROM employees e
JOIN socialisation_attendance a ON a.employee_id = e.id JOIN socialisation_sessions s ON s.id = a.session_id
WHERE e.status <> 'berhenti' AND e.unit_id IS NOT NULL AND s.starts_at >= $1 AND s.starts_at < $2
GROUP BY e.unit_id`, func(r *sql.Rows) error {
		var unit int64
		var n int
		err := r.Scan(&unit, &n)
		out[unit] = n
		return err
	}, sqldb.Now(from), sqldb.Now(to))
	return out, sqldb.Translate(err, "attendance by unit")
}

// Absentee is an employee who has not attended any session in a year.
type Absentee struct {
	EmployeeID int64
	Name       string
	Number     string
	Unit       string
}

// NotAttended lists the employees (who have not left) of a unit and its
// sub-units who attended no session that started in year (WIB), by unit
// code and name. Errors: not_found (the unit).
//
// Joins across parts: employees and org_units (workforce).
func (s *Service) NotAttended(ctx context.Context, unitID int64, year int) ([]Absentee, error) {
	if _, err := s.staff.FindUnit(ctx, unitID); err != nil {
		return nil, err
	}
	parent := map[int64]int64{}
	err := sqldb.RunQuery(ctx, s.db.R, `SELECT id, COALESCE(parent_id, 0) FROM org_units`, func(r *sql.Rows) error {
		var id, p int64
		err := r.Scan(&id, &p)
		parent[id] = p
		return err
	})
	if err != nil {
		return nil, sqldb.Translate(err, "units")
	}
	ids := []string{}
	for id := range parent {
		if within(parent, id, unitID) {
			ids = append(ids, idText(id))
		}
	}
	from, to := yearBounds(year)
	var out []Absentee
	err = sqldb.RunQuery(ctx, s.db.R, `SELECT e.id, e.name, COALESCE(e.nip, e.ni_pppk, ''), u.name
FROM employees e JOIN org_units u ON u.id = e.unit_id
WHERE e.status <> 'berhenti' AND e.unit_id IN (`+strings.Join(ids, ",")+`)
  AND NOT EXISTS (SELECT 1 FROM socialisation_attendance a JOIN socialisation_sessions s ON s.id = a.session_id
    WHERE a.employee_id = e.id AND s.starts_at >= $1 AND s.starts_at < $2)
ORDER BY u.code, e.name, e.id`, func(r *sql.Rows) error {
		var a Absentee
		err := r.Scan(&a.EmployeeID, &a.Name, &a.Number, &a.Unit)
		out = append(out, a)
		return err
	}, sqldb.Now(from), sqldb.Now(to))
	return out, sqldb.Translate(err, "absentees")
}

// within reports whether unit id is top or one of its sub-units.
func within(parent map[int64]int64, id, top int64) bool {
	for seen := 0; id != 0 && seen <= len(parent); seen++ { // seen: a loop never runs forever
		if id == top {
			return true
		}
		id = parent[id]
	}
	return false
}
