package app

import (
	"context"

	"asnpro/internal/dashboard"
	"asnpro/internal/development"
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

// coachingGaps gives development the focus competencies of an employee's
// open coaching plan.
type coachingGaps struct{ perf *performance.Service }

func (c coachingGaps) Gaps(ctx context.Context, employeeID int64) ([]development.Gap, error) {
	gs, err := c.perf.Gaps(ctx, employeeID)
	if err != nil {
		return nil, err
	}
	out := make([]development.Gap, len(gs))
	for i, g := range gs {
		out[i] = development.Gap{Competency: g.Competency, Source: development.GapCoaching, Detail: g.Detail}
	}
	return out, nil
}
