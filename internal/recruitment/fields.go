package recruitment

import (
	"asnpro/internal/apperr"
	"asnpro/internal/textcheck"
)

// fieldMsgs collects the field messages of a validation by key (the first
// message of a field is kept by text; set replaces).
type fieldMsgs map[string]apperr.Msg

// set puts key on field.
func (f fieldMsgs) set(field, key string, args ...any) { f[field] = apperr.M(key, args...) }

// has reports whether field has a message.
func (f fieldMsgs) has(field string) bool { _, ok := f[field]; return ok }

// text cleans *s in place as textcheck does and, when it is refused, puts
// textcheck's reason on field (unless it has a message). It reports
// whether s was accepted.
func (f fieldMsgs) text(field string, s *string, k textcheck.Kind) bool {
	return textcheck.FieldMsg(f, field, s, k)
}

// err is the validation's refusal (invalid), nil without messages.
func (f fieldMsgs) err() error {
	if len(f) == 0 {
		return nil
	}
	return apperr.InvalidMsgs(f)
}
