package workforce

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"asnpro/internal/apperr"
	"asnpro/internal/audit"
	"asnpro/internal/sqldb"
)

const employeeColumns = `e.id, e.kind, e.nik, COALESCE(e.nip, ''), COALESCE(e.ni_pppk, ''), e.name, e.birth_date, e.gender,
  u.id, u.code, u.name, COALESCE(p.id, 0), COALESCE(p.name, ''), COALESCE(p.kind, ''), e.grade, e.status, e.tmt,
  COALESCE(e.user_id, 0), COALESCE(us.username, ''), COALESCE(s.id, 0), COALESCE(s.name, ''), COALESCE(su.username, ''),
  e.supervisor_acting`

// Joins across parts: users (identity), for the employee's and the
// supervisor's usernames.
const employeeFrom = ` FROM employees e JOIN org_units u ON u.id = e.unit_id
  LEFT JOIN org_positions p ON p.id = e.position_id LEFT JOIN users us ON us.id = e.user_id
  LEFT JOIN employees s ON s.id = e.supervisor_id LEFT JOIN users su ON su.id = s.user_id`

func scanEmployee(r scanner) (*Employee, error) {
	var e Employee
	var pos Position
	var sup Person
	err := r.Scan(&e.ID, &e.Kind, &e.NIK, &e.NIP, &e.NIPPPK, &e.Name, &e.BirthDate, &e.Gender,
		&e.Unit.ID, &e.Unit.Code, &e.Unit.Name, &pos.ID, &pos.Name, &pos.Kind, &e.Grade, &e.Status, &e.TMT,
		&e.UserID, &e.Username, &sup.ID, &sup.Name, &sup.Username, &e.SupervisorActing)
	if pos.ID != 0 {
		pos.UnitID = e.Unit.ID
		e.Position = &pos
	}
	if sup.ID != 0 {
		e.Supervisor = &sup
	}
	return &e, err
}

func findEmployee(ctx context.Context, q querier, where string, arg any) (*Employee, error) {
	e, err := scanEmployee(q.QueryRowContext(ctx, `SELECT `+employeeColumns+employeeFrom+` WHERE `+where, arg))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrEmployeeNotFound
	}
	return e, sqldb.Translate(err, "find employee")
}

// FindEmployee returns an employee. Errors: not_found.
func (s *Service) FindEmployee(ctx context.Context, id int64) (*Employee, error) {
	return findEmployee(ctx, s.db.R, "e.id = $1", id)
}

// FindEmployeeByUser returns the employee linked to a user account.
// Errors: not_found (the user is no employee).
func (s *Service) FindEmployeeByUser(ctx context.Context, userID int64) (*Employee, error) {
	return findEmployee(ctx, s.db.R, "e.user_id = $1", userID)
}

// FindEmployeeByNumber returns the employee with a NIP or NI PPPK.
// Errors: not_found.
func (s *Service) FindEmployeeByNumber(ctx context.Context, number string) (*Employee, error) {
	number = strings.TrimSpace(number)
	e, err := findEmployee(ctx, s.db.R, "e.nip = $1", number)
	if errors.Is(err, ErrEmployeeNotFound) {
		return findEmployee(ctx, s.db.R, "e.ni_pppk = $1", number)
	}
	return e, err
}

// Filter selects employees: of a unit, or the direct reports of a
// supervisor; a page of them.
type Filter struct {
	UnitID, SupervisorID int64
	Limit, Offset        int // Limit 0: 50
}

// FindEmployees lists the employees a filter selects, by name, with how
// many there are in all.
func (s *Service) FindEmployees(ctx context.Context, f Filter) ([]*Employee, int, error) {
	if f.Limit <= 0 {
		f.Limit = 50
	}
	where := ` WHERE ($1 = 0 OR e.unit_id = $1) AND ($2 = 0 OR e.supervisor_id = $2)`
	var total int
	if err := s.db.R.QueryRowContext(ctx, `SELECT count(*) FROM employees e`+where, f.UnitID, f.SupervisorID).Scan(&total); err != nil {
		return nil, 0, sqldb.Translate(err, "count employees")
	}
	var out []*Employee
	err := sqldb.RunQuery(ctx, s.db.R, `SELECT `+employeeColumns+employeeFrom+where+` ORDER BY e.name, e.id LIMIT $3 OFFSET $4`,
		func(r *sql.Rows) error {
			e, err := scanEmployee(r)
			out = append(out, e)
			return err
		}, f.UnitID, f.SupervisorID, f.Limit, f.Offset)
	return out, total, sqldb.Translate(err, "find employees")
}

// Lookups: what an employee's references resolve to, checked in the
// writing transaction.
type refs struct {
	userID int64
}

// resolve checks n's unit, position and username against the database
// and that its NIK, NIP or NI PPPK and account are not another's (self:
// the employee being changed, 0 for a new one).
func (s *Service) resolve(ctx context.Context, tx *sqldb.Tx, n *NewEmployee, self int64) (refs, error) {
	var r refs
	f := map[string]apperr.Msg{}
	if _, err := findUnit(ctx, tx, n.UnitID); errors.Is(err, ErrUnitNotFound) {
		f["unit_id"] = apperr.M("workforce.unit_missing")
	} else if err != nil {
		return r, err
	}
	if n.PositionID != 0 {
		var unit int64
		err := tx.QueryRowContext(ctx, `SELECT unit_id FROM org_positions WHERE id = $1`, n.PositionID).Scan(&unit)
		if errors.Is(err, sql.ErrNoRows) || unit != n.UnitID {
			f["position_id"] = apperr.M("workforce.position_missing")
		} else if err != nil {
			return r, sqldb.Translate(err, "find position")
		}
	}
	if n.Username != "" {
		err := tx.QueryRowContext(ctx, `SELECT id FROM users WHERE lower(username) = lower($1)`, n.Username).Scan(&r.userID)
		if errors.Is(err, sql.ErrNoRows) {
			f["username"] = apperr.M("workforce.user_missing")
		} else if err != nil {
			return r, sqldb.Translate(err, "find user")
		}
	}
	if len(f) > 0 {
		return r, apperr.InvalidMsgs(f)
	}
	number := n.NIP
	if n.Kind == KindPPPK {
		number = n.NIPPPK
	}
	var nik, nip, user int
	err := tx.QueryRowContext(ctx, `SELECT
  (SELECT count(*) FROM employees WHERE nik = $1 AND id <> $4),
  (SELECT count(*) FROM employees WHERE (nip = $2 OR ni_pppk = $2) AND id <> $4),
  (SELECT count(*) FROM employees WHERE user_id = $3 AND id <> $4)`, n.NIK, number, r.userID, self).Scan(&nik, &nip, &user)
	switch {
	case err != nil:
		return r, sqldb.Translate(err, "check numbers")
	case nip > 0:
		return r, ErrNIPTaken
	case nik > 0:
		return r, ErrNIKTaken
	case user > 0:
		return r, ErrUserTaken
	}
	return r, nil
}

func nullText(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// employeeData is what an employee's audit event says of it.
func employeeData(n *NewEmployee) map[string]any {
	return map[string]any{"kind": n.Kind, "nik": n.NIK, "nip": n.NIP, "ni_pppk": n.NIPPPK, "name": n.Name,
		"birth_date": n.BirthDate, "gender": n.Gender, "unit": idText(n.UnitID), "position": idText(n.PositionID),
		"grade": n.Grade, "status": n.Status, "tmt": n.TMT, "username": n.Username}
}

// CreateEmployee adds an employee and records employee.create. Errors:
// invalid (by field: kind, nik, nip, ni_pppk — a NIP whose birth date or
// gender disagrees with the NIK names both —, name, birth_date, gender,
// grade, status, tmt, unit_id, position_id, username), conflict (the NIP
// or NI PPPK, the NIK or the account is another employee's).
func (s *Service) CreateEmployee(ctx context.Context, n NewEmployee) (*Employee, error) {
	now := s.now()
	if _, f := check(&n, now); len(f) > 0 {
		return nil, apperr.InvalidMsgs(f)
	}
	var id int64
	err := s.db.Write(ctx, func(tx *sqldb.Tx) error {
		r, err := s.resolve(ctx, tx, &n, 0)
		if err != nil {
			return err
		}
		at := sqldb.Now(now)
		err = tx.QueryRowContext(ctx, `INSERT INTO employees (kind, nik, nip, ni_pppk, name, birth_date, gender, unit_id, position_id,
  grade, status, tmt, user_id, created_at, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14) RETURNING id`, n.Kind, n.NIK, nullText(n.NIP),
			nullText(n.NIPPPK), n.Name, n.BirthDate, n.Gender, n.UnitID, nullID(n.PositionID), n.Grade, n.Status, n.TMT,
			nullID(r.userID), at).Scan(&id)
		if sqldb.IsUnique(err) {
			return ErrNIPTaken
		}
		if err != nil {
			return sqldb.Translate(err, "insert employee")
		}
		if n.Status == StatusCPNS {
			if err := s.scheduleProbation(ctx, tx, id, n.TMT); err != nil {
				return err
			}
		}
		return s.record(ctx, tx, audit.Event{At: at, Action: "employee.create", ObjectType: "employee", ObjectID: idText(id),
			Data: employeeData(&n)})
	})
	if err != nil {
		return nil, err
	}
	return s.FindEmployee(ctx, id)
}

// UpdateEmployee changes an employee's data (not the supervisor: see
// ChangeSupervisor) and records employee.update. An employee onboarded
// before BKN issued their NIP (NI PPPK) may stay without one until it is
// recorded (RecordNumber). Errors: not_found, and those of CreateEmployee.
func (s *Service) UpdateEmployee(ctx context.Context, id int64, n NewEmployee) (*Employee, error) {
	now := s.now()
	_, f := check(&n, now)
	if old, err := s.FindEmployee(ctx, id); err == nil && old.Number() == "" {
		awaitingNumber(f)
	}
	if len(f) > 0 {
		return nil, apperr.InvalidMsgs(f)
	}
	err := s.db.Write(ctx, func(tx *sqldb.Tx) error {
		if _, err := findEmployee(ctx, tx, "e.id = $1", id); err != nil {
			return err
		}
		r, err := s.resolve(ctx, tx, &n, id)
		if err != nil {
			return err
		}
		at := sqldb.Now(now)
		_, err = tx.ExecContext(ctx, `UPDATE employees SET kind = $1, nik = $2, nip = $3, ni_pppk = $4, name = $5, birth_date = $6,
  gender = $7, unit_id = $8, position_id = $9, grade = $10, status = $11, tmt = $12, user_id = $13, updated_at = $14 WHERE id = $15`,
			n.Kind, n.NIK, nullText(n.NIP), nullText(n.NIPPPK), n.Name, n.BirthDate, n.Gender, n.UnitID, nullID(n.PositionID), n.Grade,
			n.Status, n.TMT, nullID(r.userID), at, id)
		if sqldb.IsUnique(err) {
			return ErrNIPTaken
		}
		if err != nil {
			return sqldb.Translate(err, "update employee")
		}
		return s.record(ctx, tx, audit.Event{At: at, Action: "employee.update", ObjectType: "employee", ObjectID: idText(id),
			Data: employeeData(&n)})
	})
	if err != nil {
		return nil, err
	}
	return s.FindEmployee(ctx, id)
}

// awaitingNumber drops from f the refusal of a missing NIP or NI PPPK.
func awaitingNumber(f map[string]apperr.Msg) {
	for _, k := range []string{"nip", "ni_pppk"} {
		if f[k].Key == "workforce.number_required" {
			delete(f, k)
		}
	}
}

// SupervisorChange is a new direct supervisor from a date.
type SupervisorChange struct {
	SupervisorID int64  `json:"supervisor_id"` // 0: none from then on
	Acting       bool   `json:"acting"`        // a Plt
	From         string `json:"from"`          // YYYY-MM-DD
}

// ChangeSupervisor gives an employee a new direct supervisor from a date,
// closing the current period of the history on that date, and records
// employee.supervisor. Errors: not_found (the employee), invalid
// ("supervisor_id": no such employee, or one who has left, or the employee
// — directly or up the chain — supervises the new supervisor: a loop;
// "from": not a date, or before the current period began).
func (s *Service) ChangeSupervisor(ctx context.Context, id int64, c SupervisorChange) error {
	c.From = strings.TrimSpace(c.From)
	if _, err := time.Parse(time.DateOnly, c.From); err != nil {
		return invalid("from", "workforce.from")
	}
	if c.SupervisorID == 0 {
		c.Acting = false
	}
	return s.db.Write(ctx, func(tx *sqldb.Tx) error {
		if _, err := findEmployee(ctx, tx, "e.id = $1", id); err != nil {
			return err
		}
		if c.SupervisorID != 0 {
			if err := checkSupervisor(ctx, tx, id, c.SupervisorID); err != nil {
				return err
			}
		}
		var last sql.NullString
		if err := tx.QueryRowContext(ctx, `SELECT max(valid_from) FROM employee_supervisors WHERE employee_id = $1`, id).Scan(&last); err != nil {
			return sqldb.Translate(err, "supervisor history")
		}
		if last.Valid && c.From < last.String {
			return invalid("from", "workforce.from_before", "date", last.String)
		}
		at := sqldb.Now(s.now())
		if _, err := tx.ExecContext(ctx, `UPDATE employee_supervisors SET valid_to = $1 WHERE employee_id = $2 AND valid_to IS NULL`,
			c.From, id); err != nil {
			return sqldb.Translate(err, "close supervisor")
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO employee_supervisors (employee_id, supervisor_id, acting, valid_from, recorded_at)
VALUES ($1, $2, $3, $4, $5)`, id, nullID(c.SupervisorID), c.Acting, c.From, at); err != nil {
			return sqldb.Translate(err, "insert supervisor")
		}
		if _, err := tx.ExecContext(ctx, `UPDATE employees SET supervisor_id = $1, supervisor_acting = $2, updated_at = $3 WHERE id = $4`,
			nullID(c.SupervisorID), c.Acting, at, id); err != nil {
			return sqldb.Translate(err, "set supervisor")
		}
		return s.record(ctx, tx, audit.Event{At: at, Action: "employee.supervisor", ObjectType: "employee", ObjectID: idText(id),
			Data: map[string]any{"supervisor": idText(c.SupervisorID), "acting": c.Acting, "from": c.From}})
	})
}

// checkSupervisor: sup exists, has not left, and is not id nor below id
// in the supervisor chain.
func checkSupervisor(ctx context.Context, q sqldb.Querier, id, sup int64) error {
	parents, status, err := supervisorChains(ctx, q)
	if err != nil {
		return err
	}
	if st, ok := status[sup]; !ok || st == StatusStopped {
		return invalid("supervisor_id", "workforce.supervisor_missing")
	}
	if Loops(parents, id, sup) {
		return invalid("supervisor_id", "workforce.supervisor_loop")
	}
	return nil
}

// supervisorChains maps every employee to their supervisor (0: none) and
// to their status.
func supervisorChains(ctx context.Context, q sqldb.Querier) (map[int64]int64, map[int64]string, error) {
	parents, status := map[int64]int64{}, map[int64]string{}
	err := sqldb.RunQuery(ctx, q, `SELECT id, supervisor_id, status FROM employees`, func(r *sql.Rows) error {
		var id int64
		var sup sql.NullInt64
		var st string
		err := r.Scan(&id, &sup, &st)
		parents[id], status[id] = sup.Int64, st
		return err
	})
	return parents, status, sqldb.Translate(err, "supervisor chains")
}

// SupervisorHistory lists an employee's supervisors, the newest period
// first. Errors: not_found.
func (s *Service) SupervisorHistory(ctx context.Context, id int64) ([]SupervisorSpan, error) {
	if _, err := s.FindEmployee(ctx, id); err != nil {
		return nil, err
	}
	var out []SupervisorSpan
	// Joins across parts: users, for the supervisor's username.
	err := sqldb.RunQuery(ctx, s.db.R, `SELECT COALESCE(h.supervisor_id, 0), COALESCE(s.name, ''), COALESCE(u.username, ''), h.acting,
  h.valid_from, COALESCE(h.valid_to, '')
FROM employee_supervisors h LEFT JOIN employees s ON s.id = h.supervisor_id LEFT JOIN users u ON u.id = s.user_id
WHERE h.employee_id = $1 ORDER BY h.valid_from DESC, h.id DESC`, func(r *sql.Rows) error {
		var sp SupervisorSpan
		var p Person
		err := r.Scan(&p.ID, &p.Name, &p.Username, &sp.Acting, &sp.From, &sp.To)
		if p.ID != 0 {
			sp.Supervisor = &p
		}
		out = append(out, sp)
		return err
	}, id)
	return out, sqldb.Translate(err, "supervisor history")
}
