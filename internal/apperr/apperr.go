// Package apperr defines the one error type that crosses package boundaries in
// asnpro. A Code is a short string (see API.md) that the web layer maps to an
// HTTP status in a single table; domain packages never import net/http.
package apperr

import (
	"asnpro/internal/i18n"
	"errors"
	"fmt"
)

// Code classifies an error. The set is fixed by API.md.
type Code string

const (
	Malformed            Code = "malformed"
	Invalid              Code = "invalid"
	Unauthenticated      Code = "unauthenticated"
	Forbidden            Code = "forbidden"
	NotFound             Code = "not_found"
	MethodNotAllowed     Code = "method_not_allowed"
	Conflict             Code = "conflict"
	FailedPrecondition   Code = "failed_precondition"
	TooLarge             Code = "too_large"
	UnsupportedMediaType Code = "unsupported_media_type"
	TooManyRequests      Code = "too_many_requests"
	Internal             Code = "internal"
	Unavailable          Code = "unavailable"
)

// Msg is a message by its key in the catalogue of words (internal/i18n),
// with the values of its placeholders as name, value pairs. Domain packages
// say what happened with a Msg; the edges choose the words.
type Msg struct {
	Key  string
	Args []any
}

// M returns the message key with its placeholders' values (name, value, …).
func M(key string, args ...any) Msg { return Msg{Key: key, Args: args} }

// In is the message in the words of lang (i18n.ID or i18n.EN).
func (m Msg) In(lang string) string { return i18n.T(lang, m.Key, m.Args...) }

// Error is an error with a code, a message for people and optional
// per-field messages. Err, when set, is the cause; it is logged for
// internal errors and never shown to clients.
//
// The message is Msg, a catalogue key with its arguments, translated at
// the edge (internal/i18n); field messages are FieldMsgs, keys too.
type Error struct {
	Code Code
	Msg  Msg
	// FieldMsgs are per-field messages by key.
	FieldMsgs map[string]Msg
	// RetryAfter, in whole seconds, for too_many_requests and unavailable.
	RetryAfter int
	Err        error
}

func (e *Error) text() string { return i18n.T(i18n.EN, e.Msg.Key, e.Msg.Args...) }

func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s: %s: %v", e.Code, e.text(), e.Err)
	}
	return fmt.Sprintf("%s: %s", e.Code, e.text())
}

func (e *Error) Unwrap() error { return e.Err }

// Is makes errors.Is(err, &Error{Code: X}) match any *Error with code X.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Msg.Key == "" && t.Code == e.Code
}

// Localized returns the message in lang ("id" or "en").
func (e *Error) Localized(lang string) string { return i18n.T(lang, e.Msg.Key, e.Msg.Args...) }

// LocalizedFields returns the per-field messages in lang (nil when none).
func (e *Error) LocalizedFields(lang string) map[string]string {
	if len(e.FieldMsgs) == 0 {
		return nil
	}
	out := make(map[string]string, len(e.FieldMsgs))
	for k, m := range e.FieldMsgs {
		out[k] = i18n.T(lang, m.Key, m.Args...)
	}
	return out
}

// E returns an error with a code and a message by its catalogue key.
func E(code Code, key string, args ...any) *Error {
	return &Error{Code: code, Msg: Msg{Key: key, Args: args}}
}

// InvalidMsgs returns an invalid error carrying per-field messages by key.
func InvalidMsgs(fields map[string]Msg) *Error {
	return &Error{Code: Invalid, Msg: Msg{Key: "error.invalid"}, FieldMsgs: fields}
}

// Wrap returns an internal error around err with a note of what was being done.
func Wrap(err error, doing string) error {
	if err == nil {
		return nil
	}
	var ae *Error
	if errors.As(err, &ae) {
		return fmt.Errorf("%s: %w", doing, err)
	}
	return &Error{Code: Internal, Msg: M("error.internal"), Err: fmt.Errorf("%s: %w", doing, err)}
}

// CodeOf returns the code of err: its own when it is (or wraps) an *Error,
// internal otherwise.
func CodeOf(err error) Code {
	var ae *Error
	if errors.As(err, &ae) {
		return ae.Code
	}
	return Internal
}

// As returns the *Error inside err, or a generic internal error wrapping it.
func As(err error) *Error {
	var ae *Error
	if errors.As(err, &ae) {
		return ae
	}
	return &Error{Code: Internal, Msg: M("error.internal"), Err: err}
}
