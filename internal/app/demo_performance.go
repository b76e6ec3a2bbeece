package app

import (
	"context"
	"time"

	"asnpro/internal/performance"
	"asnpro/internal/workforce"
)

// seedDemoPerformance: approved SKP plans of last year and this year for
// atasan (approved by pimpinan) and pegawai (cascading from atasan's,
// approved by atasan), none evaluated yet; last year's annual evaluations of
// the employees who never sign in, for the predikat distribution.
func seedDemoPerformance(ctx context.Context, d *demoEnv) error {
	clock := func() time.Time { return d.now }
	svc := performance.New(d.db, performance.Deps{Staff: workforce.New(d.db, clock), Now: clock})
	var v [3]performance.Viewer
	for i, name := range []string{"pegawai", "atasan", "pimpinan"} {
		u, err := d.ids.FindUserByUsername(ctx, name)
		if err != nil {
			return err
		}
		v[i] = performance.Viewer{UserID: u.ID}
	}
	if err := svc.SeedDemo(ctx, d.now, performance.DemoViewers{Employee: v[0], Supervisor: v[1], Superior: v[2]}); err != nil {
		return err
	}
	return svc.SeedDemoHistory(ctx, d.now)
}
