// Package apperr defines the one error type that crosses package boundaries in
// asnpro. A Code is a short string (see API.md) that the web layer maps to an
// HTTP status in a single table; domain packages never import net/http.
package apperr

import (
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

// Error is an error with a code, a message for people (Indonesian first) and
// optional per-field messages. Err, when set, is the cause; it is logged for
// internal errors and never shown to clients.
type Error struct {
	Code    Code
	Message string
	// MessageEN is the English message; empty means Message is used.
	MessageEN string
	Fields    map[string]string
	// RetryAfter, in whole seconds, for too_many_requests and unavailable.
	RetryAfter int
	Err        error
}

func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s: %s: %v", e.Code, e.Message, e.Err)
	}
	return fmt.Sprintf("%s: %s", e.Code, e.Message)
}

func (e *Error) Unwrap() error { return e.Err }

// Is makes errors.Is(err, &Error{Code: X}) match any *Error with code X.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Message == "" && t.Code == e.Code
}

// Localized returns the message in lang ("id" or "en").
func (e *Error) Localized(lang string) string {
	if lang == "en" && e.MessageEN != "" {
		return e.MessageEN
	}
	return e.Message
}

// New returns an error with a code and an Indonesian / English message.
func New(code Code, id, en string) *Error {
	return &Error{Code: code, Message: id, MessageEN: en}
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
	return &Error{Code: Internal, Message: "Terjadi kesalahan pada server", MessageEN: "Internal server error", Err: fmt.Errorf("%s: %w", doing, err)}
}

// InvalidFields returns an invalid error carrying per-field messages.
func InvalidFields(fields map[string]string) *Error {
	return &Error{Code: Invalid, Message: "Data tidak valid", MessageEN: "Invalid data", Fields: fields}
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
	return &Error{Code: Internal, Message: "Terjadi kesalahan pada server", MessageEN: "Internal server error", Err: err}
}
