package verification

import (
	"context"
	"time"

	"asnpro/internal/apperr"
	"asnpro/internal/audit"
	"asnpro/internal/identity"
	"asnpro/internal/recruitment"
	"asnpro/internal/sqldb"
)

// Hooks are what recruitment calls inside verification: OnSubmit (a
// submitted application enters verification with its verifier, in the
// submitting transaction) and MaySee (its verifier may see it). They need
// only the database and the clock, so they can be made before recruitment
// and handed to it; the Service built over recruitment embeds the same
// Hooks (Deps.Hooks).
type Hooks struct {
	db  *sqldb.DB
	now func() time.Time
}

// NewHooks returns the hooks over db with the clock now (nil: time.Now).
func NewHooks(db *sqldb.DB, now func() time.Time) *Hooks {
	if now == nil {
		now = time.Now
	}
	return &Hooks{db: db, now: now}
}

func (s *Hooks) record(ctx context.Context, tx *sqldb.Tx, ev audit.Event) error {
	if ev.At.IsZero() {
		ev.At = s.now()
	}
	return audit.Record(ctx, tx, ev)
}

func (s *Hooks) hasPact(ctx context.Context, q queryer, periodID, userID int64) (bool, error) {
	n, err := countPacts(ctx, q, periodID, userID)
	return n > 0, err
}

// requirePact is the 403 of API.md's order of checks for a period's
// candidate data: forbidden until p has signed (when p must).
func (s *Hooks) requirePact(ctx context.Context, q queryer, p *identity.Principal, periodID int64) error {
	if !needsPact(ctx, p) {
		return nil
	}
	ok, err := s.hasPact(ctx, q, periodID, p.UserID)
	if err != nil {
		return err
	}
	if !ok {
		return ErrPactRequired
	}
	return nil
}

// hasConflict reports whether userID declared a conflict with an applicant in a period.
func (s *Hooks) hasConflict(ctx context.Context, q queryer, userID, periodID, applicantID int64) (bool, error) {
	n, err := countConflicts(ctx, q, periodID, userID, applicantID)
	return n > 0, err
}

// MaySee admits an application's verifier to recruitment's views
// (recruitment asks it beyond the owner, the committee and the auditor):
// p must be a verifier who signed the period's pact, declared no conflict
// with the applicant and holds the application.
func (s *Hooks) MaySee(ctx context.Context, p *identity.Principal, a *recruitment.Application) (bool, error) {
	if !p.Has(identity.Verifier) {
		return false, nil
	}
	v, err := findVerificationRow(ctx, s.db.R, a.ID)
	if apperr.CodeOf(err) == apperr.NotFound {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	if err := s.requirePact(ctx, s.db.R, p, v.PeriodID); err != nil {
		return false, err
	}
	if c, err := s.hasConflict(ctx, s.db.R, p.UserID, v.PeriodID, a.ApplicantID); err != nil || c {
		return false, err
	}
	return v.VerifierID == p.UserID, nil
}

// OnSubmit runs inside the submitting transaction (recruitment calls it):
// the application enters verification and gets its verifier at once.
func (s *Hooks) OnSubmit(ctx context.Context, tx *sqldb.Tx, a *recruitment.Application) error {
	if err := insertVerification(ctx, tx, a.ID, a.PeriodID, a.FormationID, sqldb.Now(*a.SubmittedAt)); err != nil {
		return err
	}
	return s.assign(ctx, tx, a.ID, a.PeriodID, a.ApplicantID, 0, "submit")
}

// assign gives application appID to the period's verifier with the fewest
// applications who signed the pact and has no conflict with the applicant
// (never exclude), or leaves it unassigned when there is none; it records
// verification.assign.
func (s *Hooks) assign(ctx context.Context, tx *sqldb.Tx, appID, periodID, applicantID, exclude int64, why string) error {
	uid, err := chooseVerifier(ctx, tx, periodID, applicantID, exclude)
	if err != nil {
		return err
	}
	return s.setVerifier(ctx, tx, appID, periodID, uid, why)
}

// setVerifier moves application appID to verifier uid (0: nobody),
// keeping the per-verifier counters, and records verification.assign.
func (s *Hooks) setVerifier(ctx context.Context, tx *sqldb.Tx, appID, periodID, uid int64, why string) error {
	old, err := verifierOf(ctx, tx, appID)
	if err != nil {
		return err
	}
	if old != 0 {
		if err := bumpAssigned(ctx, tx, periodID, old, -1); err != nil {
			return err
		}
	}
	if uid != 0 {
		if why == "submit" {
			// One application per submission: the least-loaded verifier's
			// row is what every submission updates, so last (sqldb.Tx.Bump).
			tx.Bump(bumpAssignedQuery, periodID, uid)
		} else if err := bumpAssigned(ctx, tx, periodID, uid, 1); err != nil {
			// Several in one write: the next choice must see this one.
			return err
		}
	}
	if err := storeVerifier(ctx, tx, appID, uid, sqldb.Now(s.now())); err != nil {
		return err
	}
	verifier := ""
	if uid != 0 {
		verifier = id64(uid)
	}
	return s.record(ctx, tx, audit.Event{Action: "verification.assign", ObjectType: "application", ObjectID: id64(appID),
		Data: map[string]any{"verifier": verifier, "why": why}})
}
