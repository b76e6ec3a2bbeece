package upload

import (
	"strconv"
	"strings"

	"asnpro/internal/apperr"
	"asnpro/internal/i18n"
)

// Error codes. They are stable: the web layer, translations and API clients
// may depend on them.
const (
	CodeTooLarge    = "too_large"    // more than Rule.MaxBytes bytes (HTTP 413)
	CodeWrongFormat = "wrong_format" // the content is not one of Rule.Formats (HTTP 415)
	CodeDamaged     = "damaged"      // the right format, but broken or truncated (HTTP 422)
	CodeEmpty       = "empty"        // no bytes at all (HTTP 422)
	CodeIncomplete  = "incomplete"   // the source failed or the context ended mid-way (HTTP 400)
)

// Sentinels for errors.Is: errors.Is(err, upload.ErrTooLarge) is true for
// every *Error with code too_large, whatever its details.
var (
	ErrTooLarge    = &Error{code: CodeTooLarge}
	ErrWrongFormat = &Error{code: CodeWrongFormat}
	ErrDamaged     = &Error{code: CodeDamaged}
	ErrEmpty       = &Error{code: CodeEmpty}
	ErrIncomplete  = &Error{code: CodeIncomplete}
)

// Error is why an upload was refused. Msg() is the message by catalogue
// key; Error() is its Indonesian words, Message("en") the English ones.
type Error struct {
	code string
	msg  apperr.Msg

	// Limit is the rule's MaxBytes (too_large).
	Limit int64
	// Detected is what the content looks like, as Sniff names it
	// (wrong_format; for damaged, the format being checked).
	Detected string
	// Want lists the accepted formats (wrong_format).
	Want []Format

	cause error // incomplete: the reader's error or the context's
}

// Code returns the stable error code (one of the Code constants).
func (e *Error) Code() string { return e.code }

// Message returns the message in lang: "en" for English, anything else for
// Indonesian.
func (e *Error) Message(lang string) string { return i18n.T(lang, e.msg.Key, e.msg.Args...) }

// Msg returns the message by its catalogue key (internal/i18n/upload.go).
func (e *Error) Msg() apperr.Msg { return e.msg }

// Error returns the Indonesian message.
func (e *Error) Error() string {
	if e.msg.Key == "" {
		return "upload: " + e.code
	}
	return e.Message(i18n.ID)
}

// Is matches the sentinels (and any *Error without a message) by code.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.msg.Key == "" && t.code == e.code
}

// Unwrap gives the matching *apperr.Error (so apperr.CodeOf and the web
// layer's mapping work unchanged) and, for incomplete, the cause (so
// errors.Is(err, context.Canceled) works).
func (e *Error) Unwrap() []error {
	errs := []error{e.AppError()}
	if e.cause != nil {
		errs = append(errs, e.cause)
	}
	return errs
}

// AppError returns the error as an *apperr.Error: too_large → too_large,
// wrong_format → unsupported_media_type, damaged and empty → invalid,
// incomplete → malformed.
func (e *Error) AppError() *apperr.Error {
	c := apperr.Invalid
	switch e.code {
	case CodeTooLarge:
		c = apperr.TooLarge
	case CodeWrongFormat:
		c = apperr.UnsupportedMediaType
	case CodeIncomplete:
		c = apperr.Malformed
	}
	return &apperr.Error{Code: c, Msg: e.msg}
}

// kbText writes a limit for people: "200 KB", "1,5 MB" style is avoided on
// purpose (limits are set in KB); bytes when below 1 KB or not whole KB.
func kbText(n int64) string {
	if n >= 1024 && n%1024 == 0 {
		return strconv.FormatInt(n/1024, 10) + " KB"
	}
	return strconv.FormatInt(n, 10) + " byte"
}

func errTooLarge(limit int64) *Error {
	return &Error{code: CodeTooLarge, Limit: limit, msg: apperr.M("upload.too_large", "limit", kbText(limit))}
}

func errEmpty() *Error {
	return &Error{code: CodeEmpty, msg: apperr.M("upload.empty")}
}

func errIncomplete(cause error) *Error {
	return &Error{code: CodeIncomplete, cause: cause, msg: apperr.M("upload.incomplete")}
}

// wantArg names the accepted formats: "PDF", "PDF atau JPEG" ("PDF or
// JPEG"), "PDF, PNG atau JPEG".
func wantArg(want []Format) any {
	names := make([]string, len(want))
	for i, f := range want {
		names[i] = f.label()
	}
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	}
	return i18n.P("upload.or", "first", strings.Join(names[:len(names)-1], ", "), "last", names[len(names)-1])
}

func errWrongFormat(detected string, want []Format) *Error {
	w := append([]Format(nil), want...)
	k := kindByName(detected)
	e := &Error{code: CodeWrongFormat, Detected: detected, Want: w}
	if k == nil {
		e.msg = apperr.M("upload.unknown_type", "want", wantArg(w))
		return e
	}
	e.msg = apperr.M("upload.wrong_type", "kind", i18n.Key(k.key), "want", wantArg(w))
	return e
}

// damage is what is wrong inside a file, by key.
type damage struct {
	key  string
	args []any
}

func errDamaged(f Format, d damage) *Error {
	e := &Error{code: CodeDamaged, Detected: f.label()}
	e.msg = apperr.M("upload.damaged", "format", f.label())
	if d.key != "" {
		e.msg = apperr.M("upload.damaged_detail", "format", f.label(), "detail", i18n.P(d.key, d.args...))
	}
	return e
}
