package verification

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"time"

	"asnpro/internal/audit"
	"asnpro/internal/recruitment"
	"asnpro/internal/sqldb"
)

// SeedDemo signs, inside tx, the integrity pacts of every demo period for
// the demo staff (verifikator, panitia, penguji), each declaring no
// conflict with any demo applicant; verifikator is then the only verifier
// of those periods. rec and staff read what earlier parts seeded.
func SeedDemo(ctx context.Context, tx *sqldb.Tx, at time.Time, rec Recruitment, staff Staff) error {
	s := New(nil, Deps{Recruitment: rec, Staff: staff, Now: func() time.Time { return at }})
	periods, err := rec.FindPeriods(ctx, true)
	if err != nil {
		return err
	}
	slices.SortFunc(periods, func(a, b *recruitment.Period) int { return cmp.Compare(a.ID, b.ID) })
	team := []struct{ username, roles string }{{"verifikator", "verifier"}, {"panitia", "committee"}, {"penguji", "assessor"}}
	now := sqldb.Now(s.now())
	for _, p := range periods {
		text, _ := PactText(p.Name)
		sum := sha256.Sum256([]byte(text))
		for _, st := range team {
			u, err := staff.FindUserByUsername(ctx, st.username)
			if err != nil {
				return err
			}
			if err := insertDemoPact(ctx, tx, p.ID, u.ID, st.roles, hex.EncodeToString(sum[:]), now); err != nil {
				return err
			}
			if err := audit.Record(ctx, tx, audit.Event{At: now, Action: "pact.sign", ObjectType: "period", ObjectID: id64(p.ID),
				Data: map[string]any{"user": id64(u.ID), "roles": []string{st.roles}, "text_sha256": hex.EncodeToString(sum[:]),
					"no_conflict": true, "demo": true}}); err != nil {
				return err
			}
		}
		if err := s.assignUnassigned(ctx, tx, p.ID); err != nil {
			return err
		}
	}
	return nil
}
