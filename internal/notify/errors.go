package notify

import "asnpro/internal/apperr"

// Sentinel errors; callers test them with errors.Is.
var (
	// ErrNotFound: the notification does not exist or belongs to another
	// user (the two are not told apart, so ids do not leak).
	ErrNotFound = apperr.E(apperr.NotFound, "notify.not_found")
	// ErrJobNotFound: no scheduled job has that key.
	ErrJobNotFound = apperr.E(apperr.NotFound, "notify.job_not_found")
)
