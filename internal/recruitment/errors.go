package recruitment

import "asnpro/internal/apperr"

// Sentinel errors; callers test them with errors.Is.
var (
	ErrPeriodNotFound      = apperr.E(apperr.NotFound, "recruitment.period_not_found")
	ErrFormationNotFound   = apperr.E(apperr.NotFound, "recruitment.formation_not_found")
	ErrApplicationNotFound = apperr.E(apperr.NotFound, "recruitment.application_not_found")
	ErrRegistrationClosed  = apperr.E(apperr.FailedPrecondition, "recruitment.registration_closed")
	ErrSecondApplication   = apperr.E(apperr.Conflict, "recruitment.second_application")
	// ErrAlreadyApplied: the applicant's application in the period is
	// already submitted (ErrSecondApplication: it is still a draft).
	ErrAlreadyApplied   = apperr.E(apperr.Conflict, "recruitment.already_applied")
	ErrAlreadySubmitted = apperr.E(apperr.Conflict, "recruitment.already_submitted")
	ErrNIKTaken         = &apperr.Error{Code: apperr.Conflict, Msg: apperr.M("recruitment.nik_taken"),
		FieldMsgs: map[string]apperr.Msg{"nik": apperr.M("recruitment.nik_registered")}}
	ErrPublished           = apperr.E(apperr.Conflict, "recruitment.published")
	ErrRegistrationStarted = apperr.E(apperr.FailedPrecondition, "recruitment.registration_started")
)
