package app

import (
	"context"

	"asnpro/internal/dashboard"
	"asnpro/internal/development"
)

// jpSource gives the leaders' dashboard the JP compliance by unit from
// development: for every unit, the top units with their sub-units; for one
// unit, its own employees then each direct sub-unit.
type jpSource struct{ dev *development.Service }

func (j jpSource) JPByUnit(ctx context.Context, year int, unitID int64) ([]dashboard.UnitJP, error) {
	d, err := j.dev.Compliance(ctx, unitID, year)
	if err != nil {
		return nil, err
	}
	var out []dashboard.UnitJP
	for _, sh := range d.Shares() {
		out = append(out, dashboard.UnitJP{UnitID: sh.UnitID, Unit: sh.Name, Employees: sh.Tally.Bound, Compliant: sh.Tally.Compliant,
			Shortfall: sh.Tally.Shortfall})
	}
	return out, nil
}
