package verification

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"time"

	"asnpro/internal/audit"
	"asnpro/internal/sqldb"
)

// SeedDemo signs, inside tx, the integrity pacts of every demo period for
// the demo staff (verifikator, panitia, penguji), each declaring no
// conflict with any demo applicant; verifikator is then the only verifier
// of those periods.
func SeedDemo(ctx context.Context, tx *sqldb.Tx, at time.Time) error {
	s := New(nil, nil, nil, func() time.Time { return at })
	rows, err := tx.QueryContext(ctx, `SELECT id, name FROM periods ORDER BY id`)
	if err != nil {
		return err
	}
	type per struct {
		id   int64
		name string
	}
	var ps []per
	for rows.Next() {
		var p per
		if err := rows.Scan(&p.id, &p.name); err != nil {
			rows.Close()
			return err
		}
		ps = append(ps, p)
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return err
	}
	staff := []struct{ username, roles string }{{"verifikator", "verifier"}, {"panitia", "committee"}, {"penguji", "assessor"}}
	now := sqldb.Now(s.now())
	for _, p := range ps {
		text, _ := PactText(p.name)
		sum := sha256.Sum256([]byte(text))
		for _, st := range staff {
			var uid int64
			if err := tx.QueryRowContext(ctx, `SELECT id FROM users WHERE username = $1`, st.username).Scan(&uid); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO integrity_pacts (period_id, user_id, roles, text_sha256, no_conflict, signed_at) VALUES ($1, $2, $3, $4, TRUE, $5) ON CONFLICT DO NOTHING`,
				p.id, uid, st.roles, hex.EncodeToString(sum[:]), now); err != nil {
				return err
			}
			if err := audit.Record(ctx, tx, audit.Event{At: now, Action: "pact.sign", ObjectType: "period", ObjectID: id64(p.id),
				Data: map[string]any{"user": id64(uid), "roles": []string{st.roles}, "text_sha256": hex.EncodeToString(sum[:]), "no_conflict": true, "demo": true}}); err != nil {
				return err
			}
		}
		if err := s.assignUnassigned(ctx, tx, p.id); err != nil {
			return err
		}
	}
	return nil
}
