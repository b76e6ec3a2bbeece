package verification

import (
	"context"
	"slices"
	"strings"

	"asnpro/internal/apperr"
	"asnpro/internal/identity"
	"asnpro/internal/sqldb"
)

// MaxBatchAssign bounds how many applications one batch assignment moves.
const MaxBatchAssign = 500

// ReassignMany gives several undecided applications of a period to one
// verifier (username), chosen by the committee, in one transaction: all of
// them or none. Each application moved records verification.assign, as
// Reassign does; one its verifier holds already is left as it is. Errors:
// forbidden (pact), not_found (period), invalid (applications: none
// chosen, too many, one not of the period; verifier: none chosen, not a
// signed verifier, or in conflict with one of the applicants), conflict
// (one decided already).
func (s *Service) ReassignMany(ctx context.Context, p *identity.Principal, periodID int64, appIDs []int64, username string) error {
	if _, err := s.rec.FindPeriodByID(ctx, periodID, true); err != nil {
		return err
	}
	if err := s.requirePact(ctx, s.db.R, p, periodID); err != nil {
		return err
	}
	if err := checkBatch(appIDs, username); err != nil {
		return err
	}
	ids := slices.Clone(appIDs)
	slices.Sort(ids)
	ids = slices.Compact(ids)
	return s.db.Write(ctx, func(tx *sqldb.Tx) error {
		for _, id := range ids {
			if err := s.reassignInPeriod(ctx, tx, p, periodID, id, username); err != nil {
				return err
			}
		}
		return nil
	})
}

// checkBatch refuses an empty or oversized selection and no verifier.
func checkBatch(appIDs []int64, username string) error {
	msgs := map[string]apperr.Msg{}
	switch {
	case len(appIDs) == 0:
		msgs["applications"] = apperr.M("verification.batch_none")
	case len(appIDs) > MaxBatchAssign:
		msgs["applications"] = apperr.M("verification.batch_too_many", "max", MaxBatchAssign)
	}
	if strings.TrimSpace(username) == "" {
		msgs["verifier"] = apperr.M("verification.batch_verifier")
	}
	return invalid(msgs)
}

// reassignInPeriod moves application appID, which must be of period
// periodID and undecided, to the verifier named username, inside tx.
func (s *Service) reassignInPeriod(ctx context.Context, tx *sqldb.Tx, p *identity.Principal, periodID, appID int64, username string) error {
	v, err := s.gate(ctx, tx, p, appID)
	if apperr.CodeOf(err) == apperr.NotFound || (err == nil && v.PeriodID != periodID) {
		return apperr.InvalidMsgs(map[string]apperr.Msg{"applications": apperr.M("verification.batch_other_period")})
	}
	if err != nil {
		return err
	}
	uid, err := s.signedVerifier(ctx, tx, v, username)
	if err != nil {
		return err
	}
	if v.Decision != "" {
		return ErrDecided
	}
	if v.VerifierID == uid {
		return nil
	}
	return s.setVerifier(ctx, tx, appID, periodID, uid, "committee")
}
