package verification

import (
	"time"

	"asnpro/internal/apperr"
	"asnpro/internal/recruitment"
)

// Sentinel errors; callers test them with errors.Is. Their words are in
// the catalogue (internal/i18n/verification.go).
var (
	ErrPactRequired       = apperr.E(apperr.Forbidden, "verification.pact_required")
	ErrPactRole           = apperr.E(apperr.Forbidden, "verification.pact_role")
	ErrPactSigned         = apperr.E(apperr.Conflict, "verification.pact_signed")
	ErrNotFound           = apperr.E(apperr.NotFound, "verification.not_found")
	ErrAppealNotFound     = apperr.E(apperr.NotFound, "verification.appeal_not_found")
	ErrNoDocument         = apperr.E(apperr.NotFound, "verification.document_not_found")
	ErrDecided            = apperr.E(apperr.Conflict, "verification.decided")
	ErrNotDecided         = apperr.E(apperr.Conflict, "verification.not_decided")
	ErrOwnDecision        = apperr.E(apperr.Forbidden, "verification.own_decision")
	ErrOwnReopen          = apperr.E(apperr.Forbidden, "verification.own_reopen")
	ErrConfirmOnlyTMS     = apperr.E(apperr.Conflict, "verification.confirm_only_tms")
	ErrConfirmed          = apperr.E(apperr.Conflict, "verification.confirmed")
	ErrConflictTwice      = apperr.E(apperr.Conflict, "verification.conflict_twice")
	ErrAppealPending      = apperr.E(apperr.Conflict, "verification.appeal_pending")
	ErrFirstVerifier      = apperr.E(apperr.Forbidden, "verification.first_verifier")
	ErrNotAnnounced       = apperr.E(apperr.FailedPrecondition, "verification.not_announced")
	ErrAppealMS           = apperr.E(apperr.Conflict, "verification.appeal_ms")
	ErrSecondAppeal       = apperr.E(apperr.Conflict, "verification.second_appeal")
	ErrAppealDecided      = apperr.E(apperr.Conflict, "verification.appeal_decided")
	ErrNoVersion          = apperr.E(apperr.NotFound, "verification.no_version")
	ErrPeriodNotPublished = apperr.E(apperr.FailedPrecondition, "verification.period_not_published")
	ErrAppealStageFirst   = apperr.E(apperr.FailedPrecondition, "verification.appeal_stage_first")
	// ErrSKDStageFirst: the SKD list before any administration list.
	ErrSKDStageFirst = apperr.E(apperr.FailedPrecondition, "verification.skd_stage_first")
	// ErrFinalStageFirst: the final list before any SKD list.
	ErrFinalStageFirst = apperr.E(apperr.FailedPrecondition, "verification.final_stage_first")
	// ErrLookupPact: the helpdesk lookup shows personal data, so it needs a
	// signed integrity pact like every other read of candidate data.
	ErrLookupPact = apperr.E(apperr.Forbidden, "verification.lookup_pact")
	// ErrConflictDeclared: a declared conflict of interest removes the
	// declarer from everything about that applicant.
	ErrConflictDeclared = apperr.E(apperr.Forbidden, "verification.conflict_declared")
	// ErrImportAnnounced refuses an import after the administration results
	// of the period were published.
	ErrImportAnnounced = apperr.E(apperr.Conflict, "verification.import_announced")
)

// errWindowClosed: the appeal window closed at end (in the period's zone).
func errWindowClosed(end time.Time) error {
	return apperr.E(apperr.FailedPrecondition, "verification.window_closed", "end", end.Format("02-01-2006 15:04:05"))
}

// errRegistrationOpen: a list may not be published while the period's
// registration is open; the message names when it closes, in the
// period's zone.
func errRegistrationOpen(per *recruitment.Period) error {
	closes := per.RegCloseAt.In(per.Location()).Format("02-01-2006 15:04 MST")
	return apperr.E(apperr.Conflict, "verification.publish_registration_open", "closes", closes)
}

func errUndecided(n int) error {
	return &apperr.Error{Code: apperr.FailedPrecondition, Msg: apperr.M("verification.undecided", "n", n),
		FieldMsgs: map[string]apperr.Msg{"undecided": apperr.M("verification.count", "n", n)}}
}

func errPendingAppeals(n int) error {
	return &apperr.Error{Code: apperr.FailedPrecondition, Msg: apperr.M("verification.pending_appeals", "n", n),
		FieldMsgs: map[string]apperr.Msg{"pending_appeals": apperr.M("verification.count", "n", n)}}
}

// invalid is the invalid error of per-field messages by key (nil when
// there are none).
func invalid(msgs map[string]apperr.Msg) error {
	if len(msgs) == 0 {
		return nil
	}
	return apperr.InvalidMsgs(msgs)
}
