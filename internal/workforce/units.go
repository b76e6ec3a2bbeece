package workforce

import (
	"context"
	"database/sql"
	"errors"
	"strconv"

	"asnpro/internal/apperr"
	"asnpro/internal/audit"
	"asnpro/internal/sqldb"
)

func idText(id int64) string { return strconv.FormatInt(id, 10) }

// nullID is id for a nullable reference column: NULL for 0.
func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// CreateUnit adds a unit under n.ParentID (0: a top unit) and records
// unit.create. Errors: invalid (code, name; parent on "parent_id" when it
// does not exist), conflict (the code is taken).
func (s *Service) CreateUnit(ctx context.Context, n NewUnit) (*Unit, error) {
	if err := n.check(); err != nil {
		return nil, err
	}
	u := &Unit{Code: n.Code, Name: n.Name, ParentID: n.ParentID}
	err := s.db.Write(ctx, func(tx *sqldb.Tx) error {
		if err := s.checkParent(ctx, tx, 0, n.ParentID); err != nil {
			return err
		}
		at := sqldb.Now(s.now())
		err := tx.QueryRowContext(ctx, `INSERT INTO org_units (code, name, parent_id, created_at, updated_at)
VALUES ($1, $2, $3, $4, $4) RETURNING id`, n.Code, n.Name, nullID(n.ParentID), at).Scan(&u.ID)
		if sqldb.IsUnique(err) {
			return ErrUnitCodeTaken
		}
		if err != nil {
			return sqldb.Translate(err, "insert unit")
		}
		return s.record(ctx, tx, audit.Event{At: at, Action: "unit.create", ObjectType: "unit", ObjectID: idText(u.ID),
			Data: map[string]any{"code": n.Code, "name": n.Name, "parent": idText(n.ParentID)}})
	})
	if err != nil {
		return nil, err
	}
	return u, nil
}

// UpdateUnit changes a unit's code, name and parent and records
// unit.update. Errors: not_found, invalid (as CreateUnit's; a parent that
// is the unit itself or one of its sub-units closes a loop:
// "parent_id"), conflict (the code is taken).
func (s *Service) UpdateUnit(ctx context.Context, id int64, n NewUnit) (*Unit, error) {
	if err := n.check(); err != nil {
		return nil, err
	}
	err := s.db.Write(ctx, func(tx *sqldb.Tx) error {
		if _, err := findUnit(ctx, tx, id); err != nil {
			return err
		}
		if err := s.checkParent(ctx, tx, id, n.ParentID); err != nil {
			return err
		}
		at := sqldb.Now(s.now())
		_, err := tx.ExecContext(ctx, `UPDATE org_units SET code = $1, name = $2, parent_id = $3, updated_at = $4 WHERE id = $5`,
			n.Code, n.Name, nullID(n.ParentID), at, id)
		if sqldb.IsUnique(err) {
			return ErrUnitCodeTaken
		}
		if err != nil {
			return sqldb.Translate(err, "update unit")
		}
		return s.record(ctx, tx, audit.Event{At: at, Action: "unit.update", ObjectType: "unit", ObjectID: idText(id),
			Data: map[string]any{"code": n.Code, "name": n.Name, "parent": idText(n.ParentID)}})
	})
	if err != nil {
		return nil, err
	}
	return s.FindUnit(ctx, id)
}

// checkParent: the parent exists and is neither the unit (id; 0 for a
// new one) nor below it.
func (s *Service) checkParent(ctx context.Context, q sqldb.Querier, id, parentID int64) error {
	if parentID == 0 {
		return nil
	}
	parents, err := unitParents(ctx, q)
	if err != nil {
		return err
	}
	if _, ok := parents[parentID]; !ok {
		return invalid("parent_id", "workforce.parent_missing")
	}
	if id != 0 && Loops(parents, id, parentID) {
		return invalid("parent_id", "workforce.unit_loop")
	}
	return nil
}

// unitParents maps every unit to its parent (0: none).
func unitParents(ctx context.Context, q sqldb.Querier) (map[int64]int64, error) {
	out := map[int64]int64{}
	err := sqldb.RunQuery(ctx, q, `SELECT id, parent_id FROM org_units`, func(r *sql.Rows) error {
		var id int64
		var p sql.NullInt64
		err := r.Scan(&id, &p)
		out[id] = p.Int64
		return err
	})
	return out, sqldb.Translate(err, "unit parents")
}

const unitColumns = `u.id, u.code, u.name, u.parent_id, u.head_id, COALESCE(h.name, ''), COALESCE(hu.username, ''), u.head_acting`

// Joins across parts: users (identity), for the head's username.
const unitFrom = ` FROM org_units u LEFT JOIN employees h ON h.id = u.head_id LEFT JOIN users hu ON hu.id = h.user_id`

type scanner interface{ Scan(...any) error }

func scanUnit(r scanner) (*Unit, error) {
	var u Unit
	var parent, head sql.NullInt64
	err := r.Scan(&u.ID, &u.Code, &u.Name, &parent, &head, &u.HeadName, &u.HeadUsername, &u.HeadActing)
	u.ParentID, u.HeadID = parent.Int64, head.Int64
	return &u, err
}

func findUnit(ctx context.Context, q querier, id int64) (*Unit, error) {
	u, err := scanUnit(q.QueryRowContext(ctx, `SELECT `+unitColumns+unitFrom+` WHERE u.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrUnitNotFound
	}
	return u, sqldb.Translate(err, "find unit")
}

// FindUnit returns a unit. Errors: not_found.
func (s *Service) FindUnit(ctx context.Context, id int64) (*Unit, error) {
	return findUnit(ctx, s.db.R, id)
}

// FindUnits lists every unit by code.
func (s *Service) FindUnits(ctx context.Context) ([]*Unit, error) {
	var out []*Unit
	err := sqldb.RunQuery(ctx, s.db.R, `SELECT `+unitColumns+unitFrom+` ORDER BY u.code`, func(r *sql.Rows) error {
		u, err := scanUnit(r)
		out = append(out, u)
		return err
	})
	return out, sqldb.Translate(err, "find units")
}

// UnitTree lists every unit depth first (top units and siblings by code),
// each with the employees counted in it (status other than berhenti) and
// in it and its sub-units together.
func (s *Service) UnitTree(ctx context.Context) ([]UnitNode, error) {
	units, err := s.FindUnits(ctx)
	if err != nil {
		return nil, err
	}
	own := map[int64]int{}
	err = sqldb.RunQuery(ctx, s.db.R, `SELECT unit_id, count(*) FROM employees WHERE status <> $1 GROUP BY unit_id`,
		func(r *sql.Rows) error {
			var id int64
			var n int
			err := r.Scan(&id, &n)
			own[id] = n
			return err
		}, StatusStopped)
	if err != nil {
		return nil, sqldb.Translate(err, "count employees")
	}
	return buildTree(units, own), nil
}

// buildTree orders units depth first under their parents (a unit whose
// parent is missing is a top unit) and sums the counts up the tree.
func buildTree(units []*Unit, own map[int64]int) []UnitNode {
	known := map[int64]bool{}
	for _, u := range units {
		known[u.ID] = true
	}
	children := map[int64][]*Unit{}
	for _, u := range units { // units come by code: children stay by code
		p := u.ParentID
		if !known[p] {
			p = 0
		}
		children[p] = append(children[p], u)
	}
	out := make([]UnitNode, 0, len(units))
	var walk func(parent int64, depth int) int
	walk = func(parent int64, depth int) int {
		sum := 0
		for _, u := range children[parent] {
			i := len(out)
			out = append(out, UnitNode{Unit: *u, Depth: depth, Own: own[u.ID]})
			out[i].Total = out[i].Own + walk(u.ID, depth+1)
			sum += out[i].Total
		}
		return sum
	}
	walk(0, 0)
	return out
}

// SubUnits lists the units directly under a unit, by code.
func (s *Service) SubUnits(ctx context.Context, id int64) ([]*Unit, error) {
	var out []*Unit
	err := sqldb.RunQuery(ctx, s.db.R, `SELECT `+unitColumns+unitFrom+` WHERE u.parent_id = $1 ORDER BY u.code`,
		func(r *sql.Rows) error {
			u, err := scanUnit(r)
			out = append(out, u)
			return err
		}, id)
	return out, sqldb.Translate(err, "find sub-units")
}

// SetHead makes an employee the head of a unit (acting: a Plt), or, with
// employeeID 0, leaves the unit without one; records unit.head. Errors:
// not_found (the unit), invalid (the employee does not exist or has left,
// on "head_id").
func (s *Service) SetHead(ctx context.Context, unitID, employeeID int64, acting bool) error {
	return s.db.Write(ctx, func(tx *sqldb.Tx) error {
		if _, err := findUnit(ctx, tx, unitID); err != nil {
			return err
		}
		if employeeID != 0 {
			var status string
			err := tx.QueryRowContext(ctx, `SELECT status FROM employees WHERE id = $1`, employeeID).Scan(&status)
			if errors.Is(err, sql.ErrNoRows) || status == StatusStopped {
				return invalid("head_id", "workforce.head_missing")
			}
			if err != nil {
				return sqldb.Translate(err, "find head")
			}
		} else {
			acting = false
		}
		at := sqldb.Now(s.now())
		if _, err := tx.ExecContext(ctx, `UPDATE org_units SET head_id = $1, head_acting = $2, updated_at = $3 WHERE id = $4`,
			nullID(employeeID), acting, at, unitID); err != nil {
			return sqldb.Translate(err, "set head")
		}
		return s.record(ctx, tx, audit.Event{At: at, Action: "unit.head", ObjectType: "unit", ObjectID: idText(unitID),
			Data: map[string]any{"head": idText(employeeID), "acting": acting}})
	})
}

// CreatePosition adds a position to a unit and records position.create.
// Errors: not_found (the unit), invalid (name, kind), conflict (the unit
// has a position of that name).
func (s *Service) CreatePosition(ctx context.Context, unitID int64, name, kind string) (*Position, error) {
	p := &Position{UnitID: unitID, Name: name, Kind: kind}
	if err := p.check(); err != nil {
		return nil, err
	}
	err := s.db.Write(ctx, func(tx *sqldb.Tx) error {
		if _, err := findUnit(ctx, tx, unitID); err != nil {
			return err
		}
		return s.insertPosition(ctx, tx, p)
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

func (p *Position) check() error {
	f := map[string]apperr.Msg{}
	if !containsStr(PositionKinds, p.Kind) {
		f["kind"] = apperr.M("workforce.position_kind")
	}
	if ok := checkName(f, "name", &p.Name); !ok {
		return apperr.InvalidMsgs(f)
	}
	if len(f) > 0 {
		return apperr.InvalidMsgs(f)
	}
	return nil
}

func (s *Service) insertPosition(ctx context.Context, tx *sqldb.Tx, p *Position) error {
	err := tx.QueryRowContext(ctx, `INSERT INTO org_positions (unit_id, name, kind) VALUES ($1, $2, $3) RETURNING id`,
		p.UnitID, p.Name, p.Kind).Scan(&p.ID)
	if sqldb.IsUnique(err) {
		return ErrPositionTaken
	}
	if err != nil {
		return sqldb.Translate(err, "insert position")
	}
	return s.record(ctx, tx, audit.Event{Action: "position.create", ObjectType: "position", ObjectID: idText(p.ID),
		Data: map[string]any{"unit": idText(p.UnitID), "name": p.Name, "kind": p.Kind}})
}

// Positions lists a unit's positions by name.
func (s *Service) Positions(ctx context.Context, unitID int64) ([]Position, error) {
	return positions(ctx, s.db.R, unitID)
}

func positions(ctx context.Context, q sqldb.Querier, unitID int64) ([]Position, error) {
	var out []Position
	err := sqldb.RunQuery(ctx, q, `SELECT id, unit_id, name, kind FROM org_positions WHERE unit_id = $1 ORDER BY name`,
		func(r *sql.Rows) error {
			var p Position
			err := r.Scan(&p.ID, &p.UnitID, &p.Name, &p.Kind)
			out = append(out, p)
			return err
		}, unitID)
	return out, sqldb.Translate(err, "find positions")
}
