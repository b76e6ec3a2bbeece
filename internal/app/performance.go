package app

import (
	"context"

	"asnpro/internal/dashboard"
	"asnpro/internal/performance"
)

// predikatSource gives the leaders' dashboards the performance
// evaluation's annual predikat by unit.
type predikatSource struct{ perf *performance.Service }

func (p predikatSource) PredikatByUnit(ctx context.Context, year int, unitID int64) ([]dashboard.UnitPredikat, error) {
	ds, err := p.perf.PredikatByUnit(ctx, year, unitID)
	if err != nil {
		return nil, err
	}
	out := make([]dashboard.UnitPredikat, len(ds))
	for i, d := range ds {
		out[i] = dashboard.UnitPredikat{UnitID: d.UnitID, Unit: d.Unit, Counts: d.Counts}
	}
	return out, nil
}
