package recruitment

import (
	"bytes"
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"database/sql"
	"encoding/hex"
	"errors"
	"time"

	"asnpro/internal/apperr"
	"asnpro/internal/sqldb"
)

// The registration card: what it states of a submitted application, and
// the code that lets anyone check it.

// CardCode is the verification code printed on a registration card: the
// first 16 hex characters of SHA-256 over
// "registration_number|nik|submitted_at" (submitted_at in RFC 3339, UTC).
// A public page can recompute it from the stored application.
func CardCode(registrationNumber, nik string, submittedAt time.Time) string {
	sum := sha256.Sum256([]byte(registrationNumber + "|" + nik + "|" + submittedAt.UTC().Format(time.RFC3339)))
	return hex.EncodeToString(sum[:])[:16]
}

// MaskNIK shows only the last four digits of a NIK.
func MaskNIK(nik string) string {
	if len(nik) <= 4 {
		return nik
	}
	return string(bytes.Repeat([]byte("*"), len(nik)-4)) + nik[len(nik)-4:]
}

// ErrCardNotSubmitted: a card exists once its application is submitted.
var ErrCardNotSubmitted = apperr.E(apperr.FailedPrecondition, "recruitment.card_not_submitted")

// Card is what the registration card of a submitted application states.
type Card struct {
	RegistrationNumber string
	Name               string
	MaskedNIK          string
	FormationCode      string
	Position, Unit     string
	PeriodName         string
	SubmittedAt        time.Time
	Code               string // CardCode
	Photo              []byte // the pas_foto, when there is one
}

// RegistrationCard returns the card of a (already checked to be the
// caller's). Errors: failed_precondition (not submitted).
func (s *Service) RegistrationCard(ctx context.Context, a *Application) (*Card, error) {
	if a.Status != StatusSubmitted || a.SubmittedAt == nil {
		return nil, ErrCardNotSubmitted
	}
	ap, err := s.FindApplicantByUser(ctx, a.ApplicantUserID)
	if err != nil {
		return nil, err
	}
	f, err := s.FindFormationByID(ctx, a.FormationID, true)
	if err != nil {
		return nil, err
	}
	p, err := s.FindPeriodByID(ctx, a.PeriodID, true)
	if err != nil {
		return nil, err
	}
	c := &Card{RegistrationNumber: a.RegistrationNumber, Name: ap.Name, MaskedNIK: MaskNIK(ap.NIK), FormationCode: f.Code,
		Position: f.Position, Unit: f.Unit, PeriodName: p.Name, SubmittedAt: *a.SubmittedAt,
		Code: CardCode(a.RegistrationNumber, ap.NIK, *a.SubmittedAt)}
	for _, d := range a.Documents {
		if d.Kind == "pas_foto" {
			b, err := s.blobs.Read(ctx, d.SHA256)
			if err != nil && apperr.CodeOf(err) != apperr.NotFound {
				return nil, apperr.Wrap(err, "card photo")
			}
			c.Photo = b
		}
	}
	return c, nil
}

// CardFacts is what a registration card states, for its public check.
type CardFacts struct {
	RegistrationNumber string
	NIK, Name          string
	Position, Unit     string
	PeriodName         string
	SubmittedAt        time.Time
}

// FindCardFacts returns the facts behind the card of a submitted
// application. Errors: not_found (no submitted application has that number).
func (s *Service) FindCardFacts(ctx context.Context, registrationNumber string) (*CardFacts, error) {
	c := &CardFacts{RegistrationNumber: registrationNumber}
	err := s.db.R.QueryRowContext(ctx, `SELECT p.nik, p.name, f.position, f.unit, pe.name, a.submitted_at
FROM applications a JOIN applicants p ON p.id = a.applicant_id JOIN formations f ON f.id = a.formation_id
JOIN periods pe ON pe.id = a.period_id
WHERE a.registration_number = $1 AND a.submitted_at IS NOT NULL`, registrationNumber).Scan(&c.NIK, &c.Name, &c.Position, &c.Unit,
		&c.PeriodName, &c.SubmittedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrApplicationNotFound
	}
	if err != nil {
		return nil, sqldb.Translate(err, "card facts")
	}
	c.SubmittedAt = c.SubmittedAt.UTC()
	return c, nil
}

// CheckCard tells whether code is the code of the card of the submitted
// application numbered registrationNumber, and then returns its facts
// (nil, false for any other number or code).
func (s *Service) CheckCard(ctx context.Context, registrationNumber, code string) (*CardFacts, bool, error) {
	facts, err := s.FindCardFacts(ctx, registrationNumber)
	if apperr.CodeOf(err) == apperr.NotFound {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	want := CardCode(facts.RegistrationNumber, facts.NIK, facts.SubmittedAt)
	if subtle.ConstantTimeCompare([]byte(want), []byte(code)) != 1 {
		return nil, false, nil
	}
	return facts, true, nil
}
