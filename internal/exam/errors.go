package exam

import "asnpro/internal/apperr"

// Sentinel errors; callers test them with errors.Is.
var (
	ErrBankNotFound      = apperr.E(apperr.NotFound, "exam.bank_not_found")
	ErrItemNotFound      = apperr.E(apperr.NotFound, "exam.item_not_found")
	ErrBlueprintNotFound = apperr.E(apperr.NotFound, "exam.blueprint_not_found")
	// ErrItemChanged: an item version was edited after a paper was drawn
	// from it (MarkUsed); the paper must be drawn again.
	ErrItemChanged = apperr.E(apperr.Conflict, "exam.item_changed")
	// ErrTooFewItems: a bank holds fewer items of a sub-test than a
	// blueprint asks for.
	ErrTooFewItems = apperr.E(apperr.FailedPrecondition, "exam.too_few_items")
)

// Attempt errors.
var (
	// ErrAttemptNotFound: no such attempt, or another taker's.
	ErrAttemptNotFound = apperr.E(apperr.NotFound, "exam.attempt_not_found")
	// ErrAttemptItemNotFound: the attempt has no item of that number.
	ErrAttemptItemNotFound = apperr.E(apperr.NotFound, "exam.attempt.item_not_found")
	// ErrAttemptOver: the attempt is finished or its time is up.
	ErrAttemptOver = apperr.E(apperr.Conflict, "exam.attempt.over")
	// ErrNoPractice: no practice bank and blueprint are set.
	ErrNoPractice = apperr.E(apperr.FailedPrecondition, "exam.practice.none")
)
