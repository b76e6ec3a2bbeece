package exam

import (
	"time"
	"unicode/utf8"

	"asnpro/internal/apperr"
	"asnpro/internal/textcheck"
)

// NewBank is a question bank as the committee creates it.
type NewBank struct {
	Name string
	// Purpose is PurposePractice or PurposeSelection.
	Purpose string
	// PeriodID is the period that owns the bank (nil: none, e.g. a
	// practice bank shared by every period).
	PeriodID *int64
}

// Bank is a question bank.
type Bank struct {
	ID        int64
	Name      string
	Purpose   string
	PeriodID  *int64
	CreatedAt time.Time
}

// Validate cleans the name in place and checks the bank. Errors: invalid,
// with field messages on name and purpose.
func (n *NewBank) Validate() error {
	f := map[string]apperr.Msg{}
	if textcheck.FieldMsg(f, "name", &n.Name, textcheck.Line) && (n.Name == "" || utf8.RuneCountInString(n.Name) > maxName) {
		f["name"] = apperr.M("exam.bank.name", "max", maxName)
	}
	if n.Purpose != PurposePractice && n.Purpose != PurposeSelection {
		f["purpose"] = apperr.M("exam.bank.purpose")
	}
	if len(f) > 0 {
		return apperr.InvalidMsgs(f)
	}
	return nil
}
