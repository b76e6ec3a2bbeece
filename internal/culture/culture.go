package culture

import (
	"context"
	"strconv"
	"time"

	"asnpro/internal/apperr"
	"asnpro/internal/audit"
	"asnpro/internal/blob"
	"asnpro/internal/sqldb"
	"asnpro/internal/workforce"
)

// Staff is what culture needs of the workforce: who an account is as an
// employee (their real name and unit), and a unit with its head.
type Staff interface {
	FindEmployeeByUser(ctx context.Context, userID int64) (*workforce.Employee, error)
	FindUnit(ctx context.Context, id int64) (*workforce.Unit, error)
}

// Deps are what New needs besides the database.
type Deps struct {
	Now   func() time.Time // nil: time.Now
	Staff Staff            // required for posting, acknowledging and adoptions
	Blobs *blob.Store      // attachments; nil: one over the database
	// OnAttend credits the JP of a socialisation session counted as JP,
	// inside the transaction that records the attendance; nil: none.
	OnAttend func(ctx context.Context, tx *sqldb.Tx, c Credit) error
}

// Service keeps the code of ethics and the forum.
type Service struct {
	db    *sqldb.DB
	now   func() time.Time
	staff Staff
	blobs *blob.Store
	// onAttend: Deps.OnAttend.
	onAttend func(ctx context.Context, tx *sqldb.Tx, c Credit) error
}

// New returns the culture service over db.
func New(db *sqldb.DB, d Deps) *Service {
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Blobs == nil && db != nil {
		d.Blobs = blob.New(db, blob.Config{})
	}
	if d.Staff == nil && db != nil {
		d.Staff = workforce.New(db, d.Now)
	}
	return &Service{db: db, now: d.Now, staff: d.Staff, blobs: d.Blobs, onAttend: d.OnAttend}
}

// Errors.
var (
	ErrCodeNotFound    = apperr.E(apperr.NotFound, "culture.code_not_found")
	ErrAckOld          = apperr.E(apperr.Conflict, "culture.ack_old")
	ErrNotEmployee     = apperr.E(apperr.Forbidden, "culture.not_employee")
	ErrThreadNotFound  = apperr.E(apperr.NotFound, "culture.thread_not_found")
	ErrPostNotFound    = apperr.E(apperr.NotFound, "culture.post_not_found")
	ErrFileNotFound    = apperr.E(apperr.NotFound, "culture.file_not_found")
	ErrPostTooLarge    = apperr.E(apperr.TooLarge, "culture.post_too_large", "max", MaxBodyBytes/1000)
	ErrVoted           = apperr.E(apperr.Conflict, "culture.voted")
	ErrVoteOwn         = apperr.E(apperr.Conflict, "culture.vote_own")
	ErrNotAuthor       = apperr.E(apperr.Forbidden, "culture.not_author")
	ErrNotSolution     = apperr.E(apperr.Conflict, "culture.not_solution")
	ErrAdopted         = apperr.E(apperr.Conflict, "culture.adopted")
	ErrNotUnitHead     = apperr.E(apperr.Forbidden, "culture.not_unit_head")
	ErrThreadHidden    = apperr.E(apperr.Conflict, "culture.thread_hidden")
	ErrAlreadyHidden   = apperr.E(apperr.Conflict, "culture.already_hidden")
	ErrNotHidden       = apperr.E(apperr.Conflict, "culture.not_hidden")
	ErrSessionNotFound = apperr.E(apperr.NotFound, "socialisation.not_found")
	ErrNotAttended     = apperr.E(apperr.Forbidden, "socialisation.not_attended")
	ErrQuizAnswered    = apperr.E(apperr.Conflict, "socialisation.answered")
)

func (s *Service) record(ctx context.Context, tx *sqldb.Tx, ev audit.Event) error {
	if ev.At.IsZero() {
		ev.At = s.now()
	}
	return audit.Record(ctx, tx, ev)
}

func idText(id int64) string { return strconv.FormatInt(id, 10) }

func invalid(field, key string, args ...any) error {
	return apperr.InvalidMsgs(map[string]apperr.Msg{field: apperr.M(key, args...)})
}

type scanner interface{ Scan(...any) error }
