package app

import (
	"context"

	"asnpro/internal/sqldb"
	"asnpro/internal/workforce"
)

// seedDemoWorkforce: the units of Kota Palangka Raya and 300 employees;
// pegawai works in BKPSDM's Bidang Mutasi dan Promosi under atasan, its
// head; pimpinan heads BKPSDM.
func seedDemoWorkforce(ctx context.Context, tx *sqldb.Tx, d *demoEnv) error {
	return workforce.New(d.db, nil).SeedDemo(ctx, tx, d.now, workforce.DemoAccounts{
		Employee:   workforce.DemoPerson{Username: "pegawai", Name: "Andi Pegawai"},
		Supervisor: workforce.DemoPerson{Username: "atasan", Name: "Budi Atasan"},
		Leader:     workforce.DemoPerson{Username: "pimpinan", Name: "Kepala BKPSDM"},
	})
}
