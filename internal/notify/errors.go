package notify

import "asnpro/internal/apperr"

// Sentinel errors; callers test them with errors.Is.
var (
	// ErrNotFound: the notification does not exist or belongs to another
	// user (the two are not told apart, so ids do not leak).
	ErrNotFound = &apperr.Error{Code: apperr.NotFound, Message: "Notifikasi tidak ditemukan", MessageEN: "Notification not found"}
	// ErrJobNotFound: no scheduled job has that key.
	ErrJobNotFound = &apperr.Error{Code: apperr.NotFound, Message: "Tugas terjadwal tidak ditemukan", MessageEN: "Scheduled job not found"}
)
