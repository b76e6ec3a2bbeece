package development

import (
	"context"
	"database/sql"
	"slices"
	"strings"

	"asnpro/internal/sqldb"
	"asnpro/internal/workforce"
)

// UnitRow is a unit of the dashboard: its bound employees (PNS in
// service) in the unit itself and with its sub-units.
type UnitRow struct {
	workforce.UnitNode
	Own, Total Tally
}

// Tally counts employees against the minimum.
type Tally struct {
	Bound     int // employees the minimum binds
	Compliant int
	Under     int
	Shortfall int // JP missing in all
}

func (t *Tally) add(s Standing) {
	t.Bound++
	if s.Compliant {
		t.Compliant++
	} else {
		t.Under++
		t.Shortfall += s.Shortfall
	}
}

func (t *Tally) plus(o Tally) {
	t.Bound, t.Compliant, t.Under, t.Shortfall = t.Bound+o.Bound, t.Compliant+o.Compliant, t.Under+o.Under, t.Shortfall+o.Shortfall
}

// Rate is the share of compliant employees in percent (100 when none is bound).
func (t Tally) Rate() int {
	if t.Bound == 0 {
		return 100
	}
	return t.Compliant * 100 / t.Bound
}

// UnderRow is an employee under target.
type UnderRow struct {
	EmployeeID int64
	Name       string
	Number     string // NIP
	UnitID     int64
	UnitName   string
	Standing   Standing
}

// Dashboard is the year's compliance of a unit and its sub-units (UnitID
// 0: every unit).
type Dashboard struct {
	Year        int
	UnitID      int64
	Units       []UnitRow            // the units in scope, depth first
	Tree        []workforce.UnitNode // every unit, depth first (for choosing another)
	All         Tally
	UnderTarget []UnderRow // most JP missing first, then by name
}

// Compliance is the dashboard of a WIB year for a unit with its sub-units
// (unitID 0: all). Errors: not_found (no such unit).
func (s *Service) Compliance(ctx context.Context, unitID int64, year int) (*Dashboard, error) {
	tree, err := s.units.UnitTree(ctx)
	if err != nil {
		return nil, err
	}
	scope, ok := subtree(tree, unitID)
	if !ok {
		return nil, workforce.ErrUnitNotFound
	}
	d := &Dashboard{Year: year, UnitID: unitID, Tree: tree}
	own := map[int64]*Tally{}
	names := map[int64]string{}
	for _, n := range tree {
		names[n.ID] = n.Name
	}
	// Joins across parts: employees (workforce), the PNS in service; one
	// kept total per employee and year (development_totals_year).
	err = sqldb.RunQuery(ctx, s.db.R, `SELECT e.id, e.name, COALESCE(e.nip, ''), e.unit_id, COALESCE(t.jp, 0)
FROM employees e LEFT JOIN development_totals t ON t.employee_id = e.id AND t.year = $1
WHERE e.kind = 'pns' AND e.status IN ('cpns', 'aktif')`, func(rows *sql.Rows) error {
		var r UnderRow
		var total int
		if err := rows.Scan(&r.EmployeeID, &r.Name, &r.Number, &r.UnitID, &total); err != nil {
			return err
		}
		if !scope[r.UnitID] {
			return nil
		}
		r.Standing = Evaluate(total, true)
		t := own[r.UnitID]
		if t == nil {
			t = &Tally{}
			own[r.UnitID] = t
		}
		t.add(r.Standing)
		d.All.add(r.Standing)
		if !r.Standing.Compliant {
			r.UnitName = names[r.UnitID]
			d.UnderTarget = append(d.UnderTarget, r)
		}
		return nil
	}, year)
	if err != nil {
		return nil, sqldb.Translate(err, "read compliance")
	}
	slices.SortFunc(d.UnderTarget, func(a, b UnderRow) int {
		if a.Standing.Shortfall != b.Standing.Shortfall {
			return b.Standing.Shortfall - a.Standing.Shortfall
		}
		if c := strings.Compare(a.Name, b.Name); c != 0 {
			return c
		}
		return int(a.EmployeeID - b.EmployeeID)
	})
	d.Units = rollUp(tree, scope, own)
	return d, nil
}

// subtree is the set of unit ids of unitID and its sub-units (all for 0);
// ok is false when unitID is not in the tree.
func subtree(tree []workforce.UnitNode, unitID int64) (map[int64]bool, bool) {
	in := map[int64]bool{}
	if unitID == 0 {
		for _, n := range tree {
			in[n.ID] = true
		}
		return in, true
	}
	// The tree is depth first: a unit's sub-units follow it, deeper.
	for i, n := range tree {
		if n.ID != unitID {
			continue
		}
		in[n.ID] = true
		for _, m := range tree[i+1:] {
			if m.Depth <= n.Depth {
				break
			}
			in[m.ID] = true
		}
		return in, true
	}
	return nil, false
}

// rollUp gives each unit in scope its own tally and its tally with its
// sub-units, in the tree's order.
func rollUp(tree []workforce.UnitNode, scope map[int64]bool, own map[int64]*Tally) []UnitRow {
	var out []UnitRow
	for i, n := range tree {
		if !scope[n.ID] {
			continue
		}
		r := UnitRow{UnitNode: n}
		if t := own[n.ID]; t != nil {
			r.Own = *t
		}
		r.Total = r.Own
		for _, m := range tree[i+1:] {
			if m.Depth <= n.Depth {
				break
			}
			if t := own[m.ID]; t != nil {
				r.Total.plus(*t)
			}
		}
		out = append(out, r)
	}
	return out
}

// Share is a part of the dashboard's scope with its tally: a unit with its
// sub-units, or (Own) a unit's own employees.
type Share struct {
	UnitID int64
	Name   string
	Own    bool // the unit's own employees only, without its sub-units
	Tally  Tally
}

// Shares splits the dashboard's scope into parts that count each employee
// once: for every unit, the top units with their sub-units; for one unit,
// its own employees then each direct sub-unit with its sub-units.
func (d *Dashboard) Shares() []Share {
	var out []Share
	if d.UnitID == 0 {
		for _, u := range d.Units {
			if u.Depth == 0 {
				out = append(out, Share{UnitID: u.ID, Name: u.Name, Tally: u.Total})
			}
		}
		return out
	}
	if len(d.Units) == 0 {
		return nil
	}
	root := d.Units[0]
	out = append(out, Share{UnitID: root.ID, Name: root.Name, Own: true, Tally: root.Own})
	for _, u := range d.Units[1:] {
		if u.Depth == root.Depth+1 {
			out = append(out, Share{UnitID: u.ID, Name: u.Name, Tally: u.Total})
		}
	}
	return out
}
