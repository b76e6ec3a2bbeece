package app

import (
	"context"
	"fmt"
	"time"

	"asnpro/internal/culture"
	"asnpro/internal/development"
	"asnpro/internal/identity"
	"asnpro/internal/workforce"
)

// seedDemoCulture: the code of ethics (pegawai and pimpinan acknowledged
// every current version, atasan is asked again after a revision, the
// employees without an account have not) and four months of the forum,
// dated relative to the demo's now.
func seedDemoCulture(ctx context.Context, d *demoEnv) error {
	accounts, wf, err := demoCultureAccounts(ctx, d)
	if err != nil {
		return err
	}
	return culture.New(d.db, culture.Deps{Now: func() time.Time { return d.now }, Staff: wf}).SeedDemo(ctx, d.now, accounts)
}

// seedDemoSocialisation: socialisation sessions on ethics this year and
// one upcoming, with attendance (the JP of the one counted as JP credited to
// the development hours) and pegawai's quiz, dated relative to the demo's now.
func seedDemoSocialisation(ctx context.Context, d *demoEnv) error {
	accounts, wf, err := demoCultureAccounts(ctx, d)
	if err != nil {
		return err
	}
	now := func() time.Time { return d.now }
	c := culture.New(d.db, culture.Deps{Now: now, Staff: wf, OnAttend: attendCredit(development.New(d.db, development.Deps{Now: now}))})
	return c.SeedDemoSocialisation(ctx, d.now, accounts)
}

// demoCultureAccounts: the demo's actors in culture's story.
func demoCultureAccounts(ctx context.Context, d *demoEnv) (culture.DemoAccounts, *workforce.Service, error) {
	accounts := culture.DemoAccounts{}
	for _, a := range []struct {
		username string
		role     identity.Role
		into     *culture.DemoAccount
	}{
		{"pegawai", identity.Employee, &accounts.Employee}, {"atasan", identity.Supervisor, &accounts.Supervisor},
		{"pimpinan", identity.Leader, &accounts.Leader}, {"admin", identity.Admin, &accounts.Admin},
	} {
		p, err := d.staff(ctx, a.username, a.role)
		if err != nil {
			return accounts, nil, err
		}
		*a.into = culture.DemoAccount{UserID: p.UserID, Role: string(a.role)}
	}
	wf := workforce.New(d.db, func() time.Time { return d.now })
	boss, err := wf.FindEmployeeByUser(ctx, accounts.Supervisor.UserID)
	if err != nil {
		return accounts, nil, fmt.Errorf("demo culture: atasan's record: %w", err)
	}
	accounts.AdoptingUnit = boss.Unit.ID
	units, err := wf.FindUnits(ctx)
	if err != nil {
		return accounts, nil, err
	}
	for _, u := range units {
		if u.Code == "KEC.PAHANDUT" {
			accounts.OtherUnit = u.ID
		}
	}
	if accounts.OtherUnit == 0 {
		return accounts, nil, fmt.Errorf("demo culture: no unit KEC.PAHANDUT")
	}
	return accounts, wf, nil
}
