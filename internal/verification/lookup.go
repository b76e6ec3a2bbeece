package verification

import (
	"context"
	"strconv"
	"strings"

	"asnpro/internal/apperr"
	"asnpro/internal/audit"
	"asnpro/internal/identity"
	"asnpro/internal/recruitment"
	"asnpro/internal/sqldb"
	"asnpro/internal/textcheck"
)

// ErrLookupPact: the helpdesk lookup shows personal data, so it needs a
// signed integrity pact like every other read of candidate data.
var ErrLookupPact = &apperr.Error{Code: apperr.Forbidden,
	Message:   "Pencarian pelamar menampilkan data pribadi: tanda tangani dulu pakta integritas periode tempat pelamar itu melamar (atau, bila ia belum melamar, salah satu periode yang sedang berjalan).",
	MessageEN: "Looking up an applicant shows personal data: first sign the integrity pact of the period the applicant applied in (or, if they have not applied, of any running period)."}

// ErrConflictDeclared: a declared conflict of interest removes the
// declarer from everything about that applicant.
var ErrConflictDeclared = &apperr.Error{Code: apperr.Forbidden,
	Message:   "Anda telah menyatakan konflik kepentingan dengan pelamar ini; mintalah petugas lain membantunya.",
	MessageEN: "You declared a conflict of interest with this applicant; ask another member of staff to help them."}

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
	f := map[string]string{}
	nik = strings.TrimSpace(nik)
	if len(nik) != 16 || strings.Trim(nik, "0123456789") != "" {
		f["nik"] = "NIK harus 16 digit"
	}
	if textcheck.Field(f, "id", "reason", &reason, textcheck.Multiline) && (reason == "" || len([]rune(reason)) > 500) {
		f["reason"] = "Tulis alasan pencarian (untuk apa data ini dibuka), paling banyak 500 karakter"
	}
	if len(f) > 0 {
		e := apperr.InvalidFields(f)
		if _, ok := f["reason"]; ok {
			e.Message, e.MessageEN = "Alasan pencarian wajib diisi", "A reason for the lookup is required"
		}
		return nil, e
	}
	var found *recruitment.Applicant
	err := s.db.Write(ctx, func(tx *sqldb.Tx) error {
		now := sqldb.Now(s.now())
		var open int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM integrity_pacts ip JOIN periods pr ON pr.id = ip.period_id
WHERE ip.user_id = $1 AND pr.published_at IS NOT NULL AND (pr.final_at IS NULL OR pr.final_at > $2)`, p.UserID, now).Scan(&open); err != nil {
			return sqldb.Translate(err, "pact")
		}
		if open == 0 {
			return ErrLookupPact
		}
		a := &recruitment.Applicant{}
		err := tx.QueryRowContext(ctx, `SELECT id, user_id, nik, name, birth_place, birth_date, gender, email, phone FROM applicants WHERE nik = $1`, nik).
			Scan(&a.ID, &a.UserID, &a.NIK, &a.Name, &a.BirthPlace, &a.BirthDate, &a.Gender, &a.Email, &a.Phone)
		if err = sqldb.Translate(err, "applicant"); err != nil && apperr.CodeOf(err) != apperr.NotFound {
			return err
		}
		data := map[string]any{"reason": reason, "found": err == nil}
		ev := audit.Event{Action: "applicant.lookup", Data: data}
		if err != nil {
			data["nik"] = nik
			return s.record(ctx, tx, ev)
		}
		var applied, signed, conflicts int
		if err := tx.QueryRowContext(ctx, `SELECT
  (SELECT count(*) FROM applications WHERE applicant_id = $1),
  (SELECT count(*) FROM integrity_pacts WHERE user_id = $2 AND period_id IN (SELECT period_id FROM applications WHERE applicant_id = $1)),
  (SELECT count(*) FROM conflicts WHERE user_id = $2 AND applicant_id = $1)`, a.ID, p.UserID).Scan(&applied, &signed, &conflicts); err != nil {
			return sqldb.Translate(err, "pact")
		}
		if applied > 0 && signed == 0 {
			return ErrLookupPact
		}
		if conflicts > 0 {
			return ErrConflictDeclared
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
