package training

import (
	"context"
	"database/sql"
	"strconv"
	"time"

	"asnpro/internal/apperr"
	"asnpro/internal/audit"
	"asnpro/internal/sqldb"
)

// Topic areas of programmes (fixed slugs).
const (
	TopicPublicManagement = "manajemen-publik"
	TopicIT               = "teknologi-informasi"
	TopicPublicService    = "pelayanan-publik"
	TopicLeadership       = "kepemimpinan"
	TopicEthics           = "etika-integritas"
	TopicOther            = "lainnya"
)

// Topics lists the topic areas in the order forms offer them.
func Topics() []string {
	return []string{TopicPublicManagement, TopicIT, TopicPublicService, TopicLeadership, TopicEthics, TopicOther}
}

// Modes of delivery.
const (
	ModeClassroom = "klasikal"
	ModeOnline    = "daring"
	ModeBlended   = "blended"
)

// Modes lists the modes in the order forms offer them.
func Modes() []string { return []string{ModeClassroom, ModeOnline, ModeBlended} }

// Statuses of an enrolment.
const (
	StatusRequested  = "requested"  // asked for by the employee, waiting for the supervisor
	StatusRejected   = "rejected"   // refused by the supervisor
	StatusWaitlisted = "waitlisted" // approved or nominated, waiting for a seat
	StatusEnrolled   = "enrolled"   // holds a seat
	StatusCancelled  = "cancelled"  // withdrawn
	StatusCompleted  = "completed"  // met the completion rule: a certificate
	StatusIncomplete = "incomplete" // the session completed without meeting the rule
)

// Ways into a session.
const (
	ViaRequest    = "request"
	ViaNomination = "nomination"
)

// Defaults of a session's completion rule.
const (
	DefaultMinAttendance = 80 // per cent of the meetings
	DefaultPassScore     = 70 // the post-test, out of 100
)

// Institution is a partner institution.
type Institution struct {
	ID      int64
	Name    string
	Address string
	Contact string
}

// Agreement is an institution's agreement (perjanjian kerja sama).
type Agreement struct {
	ID            int64
	InstitutionID int64
	Number        string
	StartsOn      string // YYYY-MM-DD
	EndsOn        string // YYYY-MM-DD
	Scope         string
}

// Active reports whether the agreement covers day (YYYY-MM-DD).
func (a Agreement) Active(day string) bool { return a.StartsOn <= day && day <= a.EndsOn }

// Person is a user or employee as a reference.
type Person struct {
	ID       int64
	Name     string
	Username string
}

// Programme is a programme of the catalogue.
type Programme struct {
	ID            int64
	InstitutionID int64
	Institution   string
	Title         string
	Topic         string
	JP            int
	Mode          string
	Cost          *int64 // rupiah per participant; nil: not recorded
	Description   string
	Competencies  []string
	Prerequisites []int64
}

// Session is one run of a programme.
type Session struct {
	ID            int64
	Programme     Programme
	StartsAt      time.Time
	EndsAt        time.Time
	Place         string
	OnlineURL     string
	Capacity      int
	Trainer       *Person // a user with the trainer role; nil: not named
	Meetings      int
	MinAttendance int
	PassScore     int
	CompletedAt   *time.Time
	// Counts of its enrolments.
	Enrolled, Waitlisted, Requested int
}

// SeatsLeft is how many seats are free.
func (s *Session) SeatsLeft() int { return max(s.Capacity-s.Enrolled, 0) }

// Phase is where the session stands at now: "open" (not started),
// "running", "ended" (not completed yet) or "completed".
func (s *Session) Phase(now time.Time) string {
	switch {
	case s.CompletedAt != nil:
		return "completed"
	case now.Before(s.StartsAt):
		return "open"
	case now.Before(s.EndsAt):
		return "running"
	}
	return "ended"
}

// Enrolment is an employee's place in a session.
type Enrolment struct {
	ID            int64
	SessionID     int64
	Employee      Person // the employee (ID is the employee's) with their account's username
	EmployeeNIP   string
	Status        string
	Via           string
	QueuedAt      *time.Time
	PreScore      *int
	PostScore     *int
	Rating        *int
	Comment       string
	CompletedOn   string // YYYY-MM-DD
	CertCode      string
	RevokedAt     *time.Time
	RevokedReason string
	Present       int // meetings attended
	Attendance    []bool
}

// Ref is how the enrolment is named to the development hours ledger.
func (e *Enrolment) Ref() string { return "training:enrolment:" + strconv.FormatInt(e.ID, 10) }

// Completion is a completed training, told to Deps.OnComplete.
type Completion struct {
	EmployeeID  int64
	Title       string
	Institution string
	JP          int
	CompletedOn time.Time
	Ref         string
}

// Offer is a session open for enrolment, as other parts recommend it.
type Offer struct {
	SessionID    int64
	ProgrammeID  int64
	Title        string
	Institution  string
	Competencies []string
	JP           int
	StartsAt     time.Time
	SeatsLeft    int
}

// Deps are what the service needs from the rest of the system.
type Deps struct {
	Now func() time.Time // nil: time.Now
	// OnComplete is called inside the transaction that completes a
	// participant (nil: ignored); its error undoes the completion.
	OnComplete func(ctx context.Context, tx *sqldb.Tx, c Completion) error
	// OnRevoke is called inside the transaction that revokes a certificate
	// with the completion's Ref (nil: ignored).
	OnRevoke func(ctx context.Context, tx *sqldb.Tx, ref string) error
}

// Service keeps institutions, programmes, sessions and enrolments.
type Service struct {
	db   *sqldb.DB
	deps Deps
}

// New returns the training service over db.
func New(db *sqldb.DB, d Deps) *Service {
	if d.Now == nil {
		d.Now = time.Now
	}
	return &Service{db: db, deps: d}
}

func (s *Service) now() time.Time { return s.deps.Now() }

// Actor is who acts: their user id and whether they act as admin.
type Actor struct {
	UserID int64
	Admin  bool
}

// Errors.
var (
	ErrInstitutionNotFound = apperr.E(apperr.NotFound, "training.institution_not_found")
	ErrProgrammeNotFound   = apperr.E(apperr.NotFound, "training.programme_not_found")
	ErrSessionNotFound     = apperr.E(apperr.NotFound, "training.session_not_found")
	ErrEnrolmentNotFound   = apperr.E(apperr.NotFound, "training.enrolment_not_found")
	ErrParticipantNotFound = apperr.E(apperr.NotFound, "training.participant_not_found")
	ErrCertificateNotFound = apperr.E(apperr.NotFound, "training.certificate_not_found")
	ErrMeetingNotFound     = apperr.E(apperr.NotFound, "training.meeting_not_found")
	ErrInstitutionTaken    = apperr.E(apperr.Conflict, "training.institution_taken")
	ErrAlreadyEnrolled     = apperr.E(apperr.Conflict, "training.already_enrolled")
	ErrNotEmployee         = apperr.E(apperr.Forbidden, "training.not_employee")
	ErrOtherInstitution    = apperr.E(apperr.Forbidden, "training.other_institution")
	ErrNotSupervisor       = apperr.E(apperr.Forbidden, "training.not_supervisor")
	ErrSessionClosed       = apperr.E(apperr.FailedPrecondition, "training.session_closed")
	ErrNotStarted          = apperr.E(apperr.FailedPrecondition, "training.not_started")
	ErrSessionCompleted    = apperr.E(apperr.FailedPrecondition, "training.session_completed")
	ErrWrongStatus         = apperr.E(apperr.FailedPrecondition, "training.wrong_status")
	ErrPrerequisite        = apperr.E(apperr.FailedPrecondition, "training.prerequisite")
	ErrAlreadyRevoked      = apperr.E(apperr.Conflict, "training.already_revoked")
)

func (s *Service) record(ctx context.Context, tx *sqldb.Tx, at time.Time, action, objType string, id int64, data map[string]any) error {
	return audit.Record(ctx, tx, audit.Event{At: at, Action: action, ObjectType: objType, ObjectID: idText(id), Data: data})
}

func idText(id int64) string {
	if id == 0 {
		return ""
	}
	return strconv.FormatInt(id, 10)
}

func invalid(field, key string, args ...any) error {
	return apperr.InvalidMsgs(map[string]apperr.Msg{field: apperr.M(key, args...)})
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// querier reads: the read pool or a write transaction.
type querier interface {
	sqldb.Querier
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// wib is the zone dates are reckoned in (Asia/Jakarta, no daylight saving).
var wib = time.FixedZone("WIB", 7*3600)

// DayWIB is t's calendar date in WIB, YYYY-MM-DD.
func DayWIB(t time.Time) string { return t.In(wib).Format(time.DateOnly) }
