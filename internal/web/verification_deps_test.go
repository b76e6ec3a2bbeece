package web

import (
	"time"

	"asnpro/internal/recruitment"
	"asnpro/internal/verification"
)

// withServices returns d with recruitment (set up by rc) and verification
// over it, hooked together as the server command wires them: the hooks
// first, handed to recruitment as its stages, then the service over both.
func withServices(d Deps, now func() time.Time, rc recruitment.Config) Deps {
	hooks := verification.NewHooks(d.DB, now)
	rc.Stages = hooks
	d.Recruit = recruitment.New(d.DB, d.Identity, now, rc)
	d.Verify = newVerification(d, now, hooks)
	return d
}

// newVerification is the verification service over d.Recruit, which was
// made with hooks as its stages.
func newVerification(d Deps, now func() time.Time, hooks *verification.Hooks) *verification.Service {
	return verification.New(
		d.DB,
		verification.Deps{Recruitment: d.Recruit, Staff: d.Identity, Audit: d.Audit, Notify: d.Notify, Now: now, Hooks: hooks},
	)
}
