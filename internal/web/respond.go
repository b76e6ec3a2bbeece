package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"asnpro/internal/apperr"
	"asnpro/internal/i18n"
	"asnpro/internal/sqldb"
)

// statusOf is the one table from error codes to HTTP statuses (API.md).
var statusOf = map[apperr.Code]int{
	apperr.Malformed:            http.StatusBadRequest,
	apperr.Invalid:              http.StatusUnprocessableEntity,
	apperr.Unauthenticated:      http.StatusUnauthorized,
	apperr.Forbidden:            http.StatusForbidden,
	apperr.NotFound:             http.StatusNotFound,
	apperr.MethodNotAllowed:     http.StatusMethodNotAllowed,
	apperr.Conflict:             http.StatusConflict,
	apperr.FailedPrecondition:   http.StatusConflict,
	apperr.TooLarge:             http.StatusRequestEntityTooLarge,
	apperr.UnsupportedMediaType: http.StatusUnsupportedMediaType,
	apperr.TooManyRequests:      http.StatusTooManyRequests,
	apperr.Internal:             http.StatusInternalServerError,
	apperr.Unavailable:          http.StatusServiceUnavailable,
}

// Status returns the HTTP status of an error code.
func Status(c apperr.Code) int {
	if s, ok := statusOf[c]; ok {
		return s
	}
	return http.StatusInternalServerError
}

// errorBody is the JSON error envelope of API.md.
type errorBody struct {
	Error errorDetail `json:"error"`
}

type errorDetail struct {
	Code    apperr.Code       `json:"code"`
	Message string            `json:"message"`
	Fields  map[string]string `json:"fields,omitempty"`
}

// normalise turns any error into an *apperr.Error fit to show: a request
// body over its limit becomes too_large; internal errors lose their detail.
func normalise(err error) *apperr.Error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return tooLargeError(mbe.Limit)
	}
	ae := apperr.As(err)
	if ae.Code == apperr.Internal || ae.Code == apperr.Unavailable {
		if kind, ok := sqldb.Outage(err); ok {
			return sqldb.OutageError(kind, err)
		}
	}
	return ae
}

// logIfInternal logs an internal error once, at the edge, with the request
// id; an outage is logged once for its whole length (see outages).
func (s *Server) logIfInternal(r *http.Request, ae *apperr.Error) {
	if kind, ok := sqldb.Outage(ae.Err); ok && ae.Code == apperr.Unavailable {
		s.outages.report(kind, ae.Err, s.log)
		return
	}
	logIfInternal(r, s.log, ae)
}

func logIfInternal(r *http.Request, log *slog.Logger, ae *apperr.Error) {
	if ae.Code == apperr.Internal {
		log.ErrorContext(
			r.Context(),
			"internal error",
			"method",
			r.Method,
			"path",
			r.URL.Path,
			"request_id",
			requestID(r.Context()),
			"err",
			ae.Err,
		)
	}
}

func setRetryAfter(w http.ResponseWriter, ae *apperr.Error) {
	if ae.Code == apperr.TooManyRequests || ae.Code == apperr.Unavailable {
		ra := ae.RetryAfter
		if ra <= 0 {
			ra = 1
		}
		w.Header().Set("Retry-After", strconv.Itoa(ra))
	}
}

// writeAPIError writes the JSON envelope for err.
func (s *Server) writeAPIError(w http.ResponseWriter, r *http.Request, err error) {
	ae := normalise(err)
	s.logIfInternal(r, ae)
	setRetryAfter(w, ae)
	msg := ae.Localized(langOf(r))
	if ae.Code == apperr.Internal {
		msg = apperr.As(errors.New("")).Localized(langOf(r)) // the generic text, never the cause
	}
	writeJSON(w, Status(ae.Code), errorBody{Error: errorDetail{Code: ae.Code, Message: msg, Fields: ae.LocalizedFields(langOf(r))}})
}

// writeJSON writes v as JSON with status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	// Encoded first, so that the length is known: a short answer (most of
	// the API's) then goes out uncompressed (see compress), which saved
	// gzip's setup on every step of a registration surge.
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil { // a bug: a value JSON cannot hold
		slog.Error("encode JSON response", "err", err)
		buf.Reset()
		status = http.StatusInternalServerError
		_ = enc.Encode(errorBody{Error: errorDetail{Code: apperr.Internal, Message: apperr.As(errors.New("")).Localized("id")}})
	}
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// maxJSONBody bounds every JSON request body.
const maxJSONBody = 1 << 20

// errMalformed: the request could not be read, and why (a phrase by key,
// or the decoder's own words).
func errMalformed(detail any) *apperr.Error {
	return apperr.E(apperr.Malformed, "web.malformed", "detail", detail)
}

// decodeJSON reads one JSON object from the body into v. An empty body is
// allowed when allowEmpty (POSTs that take no parameters). Errors:
// malformed (syntax, wrong types, trailing data, unknown fields),
// unsupported_media_type (not JSON), too_large.
func decodeJSON(w http.ResponseWriter, r *http.Request, v any, allowEmpty bool) error {
	if ct := r.Header.Get("Content-Type"); ct != "" {
		mt, _, err := mime.ParseMediaType(ct)
		if err != nil || (mt != "application/json" && !strings.HasSuffix(mt, "+json")) {
			if !(allowEmpty && r.ContentLength == 0) {
				return apperr.E(apperr.UnsupportedMediaType, "web.json_only")
			}
		}
	}
	if err := limitBody(w, r, maxJSONBody); err != nil {
		return err
	}
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var mbe *http.MaxBytesError
		switch {
		case errors.As(err, &mbe):
			return err
		case errors.Is(err, io.EOF):
			if allowEmpty {
				return nil
			}
			return errMalformed(i18n.P("web.empty_body"))
		default:
			var ute *json.UnmarshalTypeError
			if errors.As(err, &ute) && ute.Field != "" {
				e := errMalformed(i18n.P("web.wrong_type", "field", ute.Field))
				e.FieldMsgs = map[string]apperr.Msg{ute.Field: apperr.M("web.wrong_type_field")}
				return e
			}
			return errMalformed(err.Error())
		}
	}
	if dec.More() {
		return errMalformed(i18n.P("web.trailing_data"))
	}
	if _, err := io.Copy(io.Discard, r.Body); err != nil {
		return err
	}
	return checkJSONText(v)
}

// list is the envelope of every list (API.md).
type list[T any] struct {
	Items []T `json:"items"`
	Total int `json:"total"`
}

// paging reads ?limit=&offset= (limit 1–500, default 50). Errors: invalid.
func paging(r *http.Request) (limit, offset int, err error) {
	limit, offset = 50, 0
	q := r.URL.Query()
	if v := q.Get("limit"); v != "" {
		n, e := strconv.Atoi(v)
		if e != nil || n < 1 || n > 500 {
			return 0, 0, apperr.InvalidMsgs(map[string]apperr.Msg{"limit": apperr.M("web.limit")})
		}
		limit = n
	}
	if v := q.Get("offset"); v != "" {
		n, e := strconv.Atoi(v)
		if e != nil || n < 0 {
			return 0, 0, apperr.InvalidMsgs(map[string]apperr.Msg{"offset": apperr.M("web.offset")})
		}
		offset = n
	}
	return limit, offset, nil
}
