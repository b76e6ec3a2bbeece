package app

import (
	"context"
	"time"

	"asnpro/internal/identity"
	"asnpro/internal/training"
)

// seedDemoTraining tells the training demo through the training service,
// as admin, at the demo's now (training.SeedDemo).
func seedDemoTraining(ctx context.Context, d *demoEnv) error {
	admin, err := d.staff(ctx, "admin", identity.Admin)
	if err != nil {
		return err
	}
	deps := d.training
	deps.Now = func() time.Time { return d.now }
	return training.New(d.db, deps).SeedDemo(acting(ctx, admin), d.now, training.DemoAccounts{AdminUserID: admin.UserID,
		Trainer: "pelatih", Employee: "pegawai", Supervisor: "atasan"})
}
