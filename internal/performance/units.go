package performance

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"time"

	"asnpro/internal/apperr"
	"asnpro/internal/sqldb"
	"asnpro/internal/textcheck"
	"asnpro/internal/workforce"
)

// UnitYear is a unit's own predikat of a year, its approval above the unit
// and whether the year's results are final.
type UnitYear struct {
	UnitID      int64
	Year        int
	Predikat    string
	Basis       string // the unit's performance evaluation it rests on
	SetAt       time.Time
	ApprovedAt  *time.Time
	FinalisedAt *time.Time
}

// UnitStatus is where a unit's year stands: its predikat, the annual
// results' distribution against the curve, who is still unevaluated.
type UnitStatus struct {
	Unit       *workforce.Unit
	Year       int
	UY         *UnitYear // nil: no predikat yet
	Plans      int       // approved plans of the unit's employees
	Dist       Distribution
	Violations []Violation
	Missing    []Person // approved plans without an annual evaluation
	Rows       []UnitRow
	// May: what the viewer may do.
	MaySet, MayApprove, MayFinalise bool
}

// UnitRow is an approved plan of the unit's year with its annual predikat
// ("" when not evaluated).
type UnitRow struct {
	Employee Person
	PlanID   int64
	Predikat string
}

// UnitSummary is a unit's line in the list of units.
type UnitSummary struct {
	Unit      *workforce.Unit
	UY        *UnitYear
	Plans     int
	Evaluated int
}

func findUnitYear(ctx context.Context, q querier, unit int64, year int) (*UnitYear, error) {
	var u UnitYear
	var approved, final sql.NullTime
	err := q.QueryRowContext(ctx, `SELECT unit_id, year, predikat, basis, set_at, approved_at, finalised_at FROM skp_unit_years
WHERE unit_id = $1 AND year = $2`, unit, year).Scan(&u.UnitID, &u.Year, &u.Predikat, &u.Basis, &u.SetAt, &approved, &final)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, sqldb.Translate(err, "unit year")
	}
	if approved.Valid {
		t := approved.Time
		u.ApprovedAt = &t
	}
	if final.Valid {
		t := final.Time
		u.FinalisedAt = &t
	}
	return &u, nil
}

// unitRights are what v may do with a unit: set its predikat and finalise
// (its head, admin or leader), approve above it (the parent unit's head,
// admin or leader). see: any of these, or a reader.
func (s *Service) unitRights(ctx context.Context, v Viewer, u *workforce.Unit) (see, set, approve bool, err error) {
	me, err := s.me(ctx, v)
	if err != nil {
		return false, false, false, err
	}
	head := me != nil && u.HeadID == me.ID
	above := false
	if me != nil && u.ParentID != 0 {
		parent, err := s.staff.FindUnit(ctx, u.ParentID)
		if err != nil {
			return false, false, false, err
		}
		above = parent.HeadID == me.ID
	}
	set, approve = head || v.Manage, above || v.Manage
	return set || approve || v.ReadAll, set, approve, nil
}

// UnitStatusOf returns a unit's year as v may see it. Errors: not_found
// (no such unit, or v neither reads all, heads it nor heads the unit above).
func (s *Service) UnitStatusOf(ctx context.Context, v Viewer, unitID int64, year int) (*UnitStatus, error) {
	u, err := s.staff.FindUnit(ctx, unitID)
	if err != nil {
		return nil, err
	}
	see, set, approve, err := s.unitRights(ctx, v, u)
	if err != nil {
		return nil, err
	}
	if !see {
		return nil, workforce.ErrUnitNotFound
	}
	st := &UnitStatus{Unit: u, Year: year, MaySet: set, MayApprove: approve, MayFinalise: set}
	if st.UY, err = findUnitYear(ctx, s.db.R, unitID, year); err != nil {
		return nil, err
	}
	rows, err := annualRows(ctx, s.db.R, unitID, year)
	if err != nil {
		return nil, err
	}
	st.Plans = len(rows)
	st.Dist = Distribution{}
	for _, r := range rows {
		st.Rows = append(st.Rows, UnitRow{Employee: r.employee, PlanID: r.plan, Predikat: r.predikat})
		if r.predikat == "" {
			st.Missing = append(st.Missing, r.employee)
			continue
		}
		st.Dist[r.predikat]++
	}
	if st.UY != nil {
		st.Violations = CheckCurve(st.UY.Predikat, st.Dist)
	}
	return st, nil
}

type annualRow struct {
	employee Person
	plan     int64
	predikat string // "" when not evaluated
}

// annualRows are the approved plans of a unit's year with their annual
// predikat. Joins across parts: employees, for names.
func annualRows(ctx context.Context, q querier, unit int64, year int) ([]annualRow, error) {
	var out []annualRow
	err := sqldb.RunQuery(ctx, q, `SELECT e.id, e.name, p.id, COALESCE(v.predikat, '') FROM skp_plans p
JOIN employees e ON e.id = p.employee_id LEFT JOIN skp_evaluations v ON v.plan_id = p.id AND v.annual
WHERE p.unit_id = $1 AND p.year = $2 AND p.status = 'approved' ORDER BY e.name`, func(rows *sql.Rows) error {
		var r annualRow
		err := rows.Scan(&r.employee.ID, &r.employee.Name, &r.plan, &r.predikat)
		out = append(out, r)
		return err
	}, unit, year)
	return out, sqldb.Translate(err, "annual results")
}

// Units lists the units v may see with their year: every unit for a
// reader, else those v heads or heads the unit above.
func (s *Service) Units(ctx context.Context, v Viewer, year int) ([]UnitSummary, error) {
	units, err := s.staff.FindUnits(ctx)
	if err != nil {
		return nil, err
	}
	counts := map[int64][2]int{}
	err = sqldb.RunQuery(ctx, s.db.R, `SELECT p.unit_id, count(*), count(v.id) FROM skp_plans p
LEFT JOIN skp_evaluations v ON v.plan_id = p.id AND v.annual WHERE p.year = $1 AND p.status = 'approved' GROUP BY p.unit_id`,
		func(rows *sql.Rows) error {
			var id int64
			var c [2]int
			err := rows.Scan(&id, &c[0], &c[1])
			counts[id] = c
			return err
		}, year)
	if err != nil {
		return nil, sqldb.Translate(err, "unit counts")
	}
	var out []UnitSummary
	for _, u := range units {
		see, _, _, err := s.unitRights(ctx, v, u)
		if err != nil {
			return nil, err
		}
		if !see {
			continue
		}
		uy, err := findUnitYear(ctx, s.db.R, u.ID, year)
		if err != nil {
			return nil, err
		}
		c := counts[u.ID]
		out = append(out, UnitSummary{Unit: u, UY: uy, Plans: c[0], Evaluated: c[1]})
	}
	return out, nil
}

// unitFor finds a unit and what v may do with it. Errors: not_found.
func (s *Service) unitFor(ctx context.Context, v Viewer, unitID int64) (*workforce.Unit, bool, bool, error) {
	u, err := s.staff.FindUnit(ctx, unitID)
	if err != nil {
		return nil, false, false, err
	}
	see, set, approve, err := s.unitRights(ctx, v, u)
	if err == nil && !see {
		err = workforce.ErrUnitNotFound
	}
	return u, set, approve, err
}

// SetUnitPredikat records a unit's own predikat of a year, set by its head
// on the basis of the unit's performance evaluation (skp.unit_predikat);
// it may change until the year is final, and a change needs approving
// again. Errors: not_found, forbidden (not the unit's head, admin or
// leader), invalid (predikat; basis: required), conflict (final).
func (s *Service) SetUnitPredikat(ctx context.Context, v Viewer, unitID int64, year int, predikat, basis string) error {
	_, set, _, err := s.unitFor(ctx, v, unitID)
	if err != nil {
		return err
	}
	if !set {
		return ErrNotHead
	}
	f := map[string]apperr.Msg{}
	if !slices.Contains(UnitPredikats, predikat) {
		f["predikat"] = apperr.M("skp.unit_predikat")
	}
	if textcheck.FieldMsg(f, "basis", &basis, textcheck.Multiline) && (basis == "" || len([]rune(basis)) > 2000) {
		f["basis"] = apperr.M("skp.required", "max", 2000)
	}
	if len(f) > 0 {
		return apperr.InvalidMsgs(f)
	}
	return s.db.Write(ctx, func(tx *sqldb.Tx) error {
		uy, err := findUnitYear(ctx, tx, unitID, year)
		if err != nil {
			return err
		}
		at := sqldb.Now(s.now())
		switch {
		case uy != nil && uy.FinalisedAt != nil:
			return ErrFinal
		case uy != nil:
			_, err = tx.ExecContext(ctx, `UPDATE skp_unit_years SET predikat = $1, basis = $2, set_by = $3, set_at = $4,
  approved_by = NULL, approved_at = NULL WHERE unit_id = $5 AND year = $6`, predikat, basis, nullID(v.UserID), at, unitID, year)
		default:
			_, err = tx.ExecContext(ctx, `INSERT INTO skp_unit_years (unit_id, year, predikat, basis, set_by, set_at)
VALUES ($1, $2, $3, $4, $5, $6)`, unitID, year, predikat, basis, nullID(v.UserID), at)
		}
		if err != nil {
			return sqldb.Translate(err, "unit predikat")
		}
		return s.record(ctx, tx, at, "skp.unit_predikat", "unit", unitID, map[string]any{"year": year, "predikat": predikat,
			"basis": basis})
	})
}

// ApproveUnitPredikat approves a unit's predikat above the unit: the head
// of the unit above, or admin or leader (skp.unit_approve). Errors:
// not_found, forbidden, failed_precondition (no predikat set), conflict
// (approved already).
func (s *Service) ApproveUnitPredikat(ctx context.Context, v Viewer, unitID int64, year int) error {
	_, _, approve, err := s.unitFor(ctx, v, unitID)
	if err != nil {
		return err
	}
	if !approve {
		return ErrNotHead
	}
	return s.db.Write(ctx, func(tx *sqldb.Tx) error {
		uy, err := findUnitYear(ctx, tx, unitID, year)
		switch {
		case err != nil:
			return err
		case uy == nil:
			return ErrNoUnitPredikat
		case uy.ApprovedAt != nil:
			return ErrUnitApproved
		}
		at := sqldb.Now(s.now())
		if _, err := tx.ExecContext(ctx, `UPDATE skp_unit_years SET approved_by = $1, approved_at = $2 WHERE unit_id = $3 AND year = $4`,
			nullID(v.UserID), at, unitID, year); err != nil {
			return sqldb.Translate(err, "approve unit")
		}
		return s.record(ctx, tx, at, "skp.unit_approve", "unit", unitID, map[string]any{"year": year, "predikat": uy.Predikat})
	})
}

// Finalised is what finalising a unit's year did.
type Finalised struct {
	Employees, Rewards, Succession, Coaching, Escalated int
}

// Finalise makes a unit's annual results of a year final once they fit
// the curve of its approved predikat: the annual evaluations are locked,
// every Sangat Baik gets a reward record (and the succession pool after
// two consecutive years), every low predikat a coaching plan to fill in
// (escalated to BKPSDM after a low year before); skp.finalise. Errors:
// not_found, forbidden (not the unit's head, admin or leader),
// failed_precondition (no predikat; not approved above the unit; plans not
// yet evaluated), conflict (a curve rule is broken: the first one named,
// with how many people; final already).
func (s *Service) Finalise(ctx context.Context, v Viewer, unitID int64, year int) (Finalised, error) {
	_, set, _, err := s.unitFor(ctx, v, unitID)
	if err != nil {
		return Finalised{}, err
	}
	if !set {
		return Finalised{}, ErrNotHead
	}
	var out Finalised
	err = s.db.Write(ctx, func(tx *sqldb.Tx) error {
		var err error
		out, err = s.finalise(ctx, tx, unitID, year, v.UserID)
		return err
	})
	return out, err
}

func (s *Service) finalise(ctx context.Context, tx *sqldb.Tx, unitID int64, year int, by int64) (Finalised, error) {
	var out Finalised
	uy, err := findUnitYear(ctx, tx, unitID, year)
	switch {
	case err != nil:
		return out, err
	case uy == nil:
		return out, ErrNoUnitPredikat
	case uy.ApprovedAt == nil:
		return out, ErrUnitNotApproved
	case uy.FinalisedAt != nil:
		return out, ErrFinal
	}
	rows, err := annualRows(ctx, tx, unitID, year)
	if err != nil {
		return out, err
	}
	d := Distribution{}
	for _, r := range rows {
		if r.predikat == "" {
			return out, apperr.E(apperr.FailedPrecondition, "skp.unevaluated", "name", r.employee.Name)
		}
		d[r.predikat]++
	}
	if vs := CheckCurve(uy.Predikat, d); len(vs) > 0 {
		return out, CurveError(vs[0])
	}
	at := sqldb.Now(s.now())
	if out, err = flagFollowUp(ctx, tx, unitID, year, at); err != nil {
		return out, err
	}
	out.Employees = len(rows)
	if _, err := tx.ExecContext(ctx, `UPDATE skp_unit_years SET finalised_by = $1, finalised_at = $2 WHERE unit_id = $3 AND year = $4`,
		nullID(by), at, unitID, year); err != nil {
		return out, sqldb.Translate(err, "finalise unit")
	}
	return out, s.record(ctx, tx, at, "skp.finalise", "unit", unitID, map[string]any{"year": year, "predikat": uy.Predikat,
		"employees": out.Employees, "distribution": d, "rewards": out.Rewards, "succession": out.Succession, "coaching": out.Coaching,
		"escalated": out.Escalated})
}

// CurveError is the 409 naming a broken curve rule and by how many people.
func CurveError(v Violation) error {
	return apperr.E(apperr.Conflict, "skp.curve."+v.Rule.Kind, "predikat", v.Names(), "pct", v.Rule.Pct, "limit", v.Limit,
		"actual", v.Actual, "by", v.By)
}

// flagFollowUp locks a unit's annual evaluations and writes, in tx, the
// reward records and the coaching plans of its year.
func flagFollowUp(ctx context.Context, tx *sqldb.Tx, unitID int64, year int, at time.Time) (Finalised, error) {
	var out Finalised
	const ofUnit = `SELECT p.id FROM skp_plans p WHERE p.unit_id = $1 AND p.year = $2 AND p.status = 'approved'`
	if _, err := tx.ExecContext(ctx, `UPDATE skp_evaluations SET final = TRUE WHERE annual AND plan_id IN (`+ofUnit+`)`,
		unitID, year); err != nil {
		return out, sqldb.Translate(err, "final evaluations")
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO skp_rewards (employee_id, year, unit_id, succession, created_at)
SELECT p.employee_id, p.year, p.unit_id,
  EXISTS (SELECT 1 FROM skp_rewards r WHERE r.employee_id = p.employee_id AND r.year = p.year - 1), $3
FROM skp_plans p JOIN skp_evaluations v ON v.plan_id = p.id AND v.annual
WHERE p.unit_id = $1 AND p.year = $2 AND p.status = 'approved' AND v.predikat = 'sangat_baik'`, unitID, year, at)
	if err != nil {
		return out, sqldb.Translate(err, "rewards")
	}
	n, _ := res.RowsAffected()
	out.Rewards = int(n)
	res, err = tx.ExecContext(ctx, `INSERT INTO skp_coaching (employee_id, year, unit_id, plan_id, predikat, escalated, created_at)
SELECT p.employee_id, p.year, p.unit_id, p.id, v.predikat,
  EXISTS (SELECT 1 FROM skp_coaching c WHERE c.employee_id = p.employee_id AND c.year = p.year - 1), $3
FROM skp_plans p JOIN skp_evaluations v ON v.plan_id = p.id AND v.annual
WHERE p.unit_id = $1 AND p.year = $2 AND p.status = 'approved' AND v.predikat IN ('butuh_perbaikan', 'kurang', 'sangat_kurang')`,
		unitID, year, at)
	if err != nil {
		return out, sqldb.Translate(err, "coaching")
	}
	n, _ = res.RowsAffected()
	out.Coaching = int(n)
	err = tx.QueryRowContext(ctx, `SELECT
  (SELECT count(*) FROM skp_rewards WHERE unit_id = $1 AND year = $2 AND succession),
  (SELECT count(*) FROM skp_coaching WHERE unit_id = $1 AND year = $2 AND escalated)`, unitID, year).
		Scan(&out.Succession, &out.Escalated)
	return out, sqldb.Translate(err, "follow-up counts")
}
