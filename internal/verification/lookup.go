package verification

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"asnpro/internal/apperr"
	"asnpro/internal/audit"
	"asnpro/internal/identity"
	"asnpro/internal/recruitment"
	"asnpro/internal/sqldb"
	"asnpro/internal/textcheck"
)

// LookupApplicant is the helpdesk's lookup of an applicant by NIK, for a
// stated reason. Who may see what (docs/RECRUITMENT.md, "Helpdesk"):
//   - the caller must have signed the integrity pact of a running period
//     (published, final stage not yet past), or the lookup is refused
//     before anything is read, so that a refusal tells nothing about the NIK;
//   - when the applicant has applications, the caller must have signed the
//     pact of a period the applicant applied in, and must not have declared
//     a conflict of interest with the applicant;
//   - every lookup is recorded as applicant.lookup (who, whose, why), in
//     the same transaction as the read, found or not.
//
// It returns nil (no error) when no applicant has the NIK. Errors: invalid
// (nik, reason), forbidden.
func (s *Service) LookupApplicant(ctx context.Context, p *identity.Principal, nik, reason string) (*recruitment.Applicant, error) {
	nik = strings.TrimSpace(nik)
	if err := validateLookup(nik, &reason); err != nil {
		return nil, err
	}
	var found *recruitment.Applicant
	err := s.db.Write(ctx, func(tx *sqldb.Tx) error {
		if ok, err := s.signedRunningPact(ctx, tx, p.UserID); err != nil {
			return err
		} else if !ok {
			return ErrLookupPact
		}
		a, err := s.rec.FindApplicantByNIK(ctx, nik)
		if err != nil && apperr.CodeOf(err) != apperr.NotFound {
			return err
		}
		data := map[string]any{"reason": reason, "found": err == nil}
		ev := audit.Event{Action: "applicant.lookup", Data: data}
		if err != nil {
			data["nik"] = nik
			return s.record(ctx, tx, ev)
		}
		if err := s.mayLookUp(ctx, tx, p.UserID, a.ID); err != nil {
			return err
		}
		ev.ObjectType, ev.ObjectID = "applicant", strconv.FormatInt(a.ID, 10)
		found = a
		return s.record(ctx, tx, ev)
	})
	if err != nil {
		return nil, err
	}
	return found, nil
}

func validateLookup(nik string, reason *string) error {
	msgs, words := map[string]apperr.Msg{}, map[string]string{}
	if len(nik) != 16 || strings.Trim(nik, "0123456789") != "" {
		msgs["nik"] = apperr.M("verification.lookup_nik")
	}
	if textcheck.Field(words, "id", "reason", reason, textcheck.Multiline) && (*reason == "" || len([]rune(*reason)) > 500) {
		msgs["reason"] = apperr.M("verification.lookup_reason")
	}
	err := invalid(msgs, words)
	if err != nil && (msgs["reason"].Key != "" || words["reason"] != "") {
		err.(*apperr.Error).Msg = apperr.M("verification.lookup_reason_required")
	}
	return err
}

// signedRunningPact reports whether userID signed the pact of a running
// period: published, its final stage not yet past.
func (s *Service) signedRunningPact(ctx context.Context, tx *sqldb.Tx, userID int64) (bool, error) {
	signed, err := pactPeriods(ctx, tx, userID)
	if err != nil || len(signed) == 0 {
		return false, err
	}
	periods, err := s.rec.FindPeriods(ctx, true)
	if err != nil {
		return false, err
	}
	now := sqldb.Now(s.now())
	for _, per := range periods {
		if slices.Contains(signed, per.ID) && per.PublishedAt != nil && (per.FinalAt == nil || per.FinalAt.After(now)) {
			return true, nil
		}
	}
	return false, nil
}

// mayLookUp refuses userID an applicant whose periods' pacts userID has
// not signed (when the applicant applied), or declared a conflict with.
func (s *Service) mayLookUp(ctx context.Context, tx *sqldb.Tx, userID, applicantID int64) error {
	applied, err := s.rec.PeriodsAppliedIn(ctx, applicantID)
	if err != nil {
		return err
	}
	signed, err := pactPeriods(ctx, tx, userID)
	if err != nil {
		return err
	}
	if len(applied) > 0 && !slices.ContainsFunc(applied, func(id int64) bool { return slices.Contains(signed, id) }) {
		return ErrLookupPact
	}
	if n, err := countConflictsAnyPeriod(ctx, tx, userID, applicantID); err != nil {
		return err
	} else if n > 0 {
		return ErrConflictDeclared
	}
	return nil
}
