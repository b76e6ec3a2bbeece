package app

import (
	"context"

	"asnpro/internal/development"
	"asnpro/internal/sqldb"
)

// seedDemoDevelopment: this year's completed trainings of the demo's
// employees (three in ten under 20 JP; none of pegawai's, which the
// training part credits), and pegawai's request for external hours with
// its certificate, waiting for atasan.
func seedDemoDevelopment(ctx context.Context, tx *sqldb.Tx, d *demoEnv) error {
	svc := development.New(d.db, development.Deps{Blobs: d.rec.Blobs(), TempDir: d.rec.TempDir()})
	return svc.SeedDemo(ctx, tx, d.now, development.DemoAccounts{Employee: "pegawai", Supervisor: "atasan"})
}
