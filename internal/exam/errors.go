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
