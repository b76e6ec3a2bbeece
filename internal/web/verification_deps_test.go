package web

import (
	"time"

	"asnpro/internal/verification"
)

// withVerification returns d with a verification service over d.Recruit,
// hooked into it as the server command wires it.
func withVerification(d Deps, now func() time.Time) Deps {
	d.Verify = verification.New(
		d.DB,
		verification.Deps{Recruitment: d.Recruit, Staff: d.Identity, Audit: d.Audit, Notify: d.Notify, Now: now},
	)
	d.Recruit.OnSubmit = append(d.Recruit.OnSubmit, d.Verify.OnSubmit)
	d.Recruit.MaySee = d.Verify.MaySee
	return d
}
