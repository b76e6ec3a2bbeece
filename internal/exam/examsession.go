package exam

import (
	"context"
	"time"
	"unicode/utf8"

	"asnpro/internal/apperr"
	"asnpro/internal/textcheck"
)

// Stages an exam session serves.
const (
	// StageSKD: the basic competence test (SKD), for the applicants
	// announced as meeting the administration requirements (MS).
	StageSKD = "skd"
	// StageSKB: the field competence test (SKB), for those the SKD's
	// ranking sends to it (P/L: within three times the formation's quota).
	StageSKB = "skb"
)

// Limits of an exam session.
const (
	maxSessionCapacity = 100000
	maxSessionSpan     = 31 * 24 * time.Hour
	// MaxExtraMinutes is the most extra time a participant may be given.
	MaxExtraMinutes = 300
	maxExtraReason  = 500
)

// Exam session errors.
var (
	// ErrSessionNotFound: no such session, or (for a participant) one
	// they do not sit.
	ErrSessionNotFound = apperr.E(apperr.NotFound, "exam.session.not_found")
	// ErrParticipantNotFound: the application does not sit the session.
	ErrParticipantNotFound = apperr.E(apperr.NotFound, "exam.session.participant_not_found")
	// ErrParticipantStarted: the participant's attempt has begun; their
	// time can no longer be changed.
	ErrParticipantStarted = apperr.E(apperr.Conflict, "exam.session.started")
	// ErrSessionClosed: the session's starting window is over.
	ErrSessionClosed = apperr.E(apperr.Conflict, "exam.session.closed")
)

// errSessionNotOpen: the session's starting window has not begun.
func errSessionNotOpen(opens time.Time) error {
	return apperr.E(apperr.Conflict, "exam.session.not_open", "opens", opens.In(wib).Format("02-01-2006 15:04"))
}

// wib is Western Indonesian Time (UTC+7), in which sessions are shown.
var wib = time.FixedZone("WIB", 7*3600)

// NewSession is an exam session as the committee schedules it.
type NewSession struct {
	PeriodID    int64
	Stage       string // StageSKD or StageSKB
	Name        string
	BankID      int64
	BlueprintID int64
	// FormationCode narrows the participants to one formation of the
	// period ("": every formation).
	FormationCode string
	formationID   int64
	// Capacity is the most participants the session takes.
	Capacity int
	// OpensAt and ClosesAt bound when a participant may start: from
	// OpensAt, before ClosesAt. Each attempt then runs its full time.
	OpensAt, ClosesAt time.Time
}

// Session is a scheduled written test of a period (sesi ujian).
type Session struct {
	ID          int64
	PeriodID    int64
	PeriodName  string
	Stage       string
	Name        string
	BankID      int64
	BankName    string
	BlueprintID int64
	Blueprint   string // its name
	FormationID int64
	Formation   string // its code, "" for every formation
	Capacity    int
	OpensAt     time.Time
	ClosesAt    time.Time
	CreatedAt   time.Time
	// Counts of its participants.
	Participants, Started, Finished int
}

// Open reports whether a participant may start at now.
func (s *Session) Open(now time.Time) bool { return !now.Before(s.OpensAt) && now.Before(s.ClosesAt) }

// Participant is one application sitting a session, with its attempt once
// begun.
type Participant struct {
	SessionID          int64
	ApplicationID      int64
	UserID             int64
	RegistrationNumber string
	Name               string
	FormationCode      string
	Category           string
	ExtraMinutes       int
	ExtraReason        string
	AttemptID          int64 // 0: not started
	StartedAt          *time.Time
	EndsAt             *time.Time
	FinishedAt         *time.Time
	AutoFinished       bool
	Result             *AttemptResult
}

// Candidate is an application that may sit a stage of a period.
type Candidate struct {
	ApplicationID int64
	UserID        int64
	FormationID   int64
	Category      string
}

// Roster tells who may sit a stage of a period, optionally of one
// formation: for StageSKD the applications announced MS (package
// verification), for StageSKB those whom the SKD's ranking sends to SKB
// (P/L: package results).
type Roster interface {
	Qualified(ctx context.Context, periodID int64, stage string, formationID int64) ([]Candidate, error)
}

// RosterFunc adapts a function to Roster.
type RosterFunc func(ctx context.Context, periodID int64, stage string, formationID int64) ([]Candidate, error)

// Qualified calls f.
func (f RosterFunc) Qualified(ctx context.Context, periodID int64, stage string, formationID int64) ([]Candidate, error) {
	return f(ctx, periodID, stage, formationID)
}

// validate cleans the name and checks what needs no database. Errors:
// invalid, with field messages.
func (n *NewSession) validate() map[string]apperr.Msg {
	f := map[string]apperr.Msg{}
	if textcheck.FieldMsg(f, "name", &n.Name, textcheck.Line) && (n.Name == "" || utf8.RuneCountInString(n.Name) > maxName) {
		f["name"] = apperr.M("exam.bank.name", "max", maxName)
	}
	if n.Stage != StageSKD && n.Stage != StageSKB {
		f["stage"] = apperr.M("exam.session.stage")
	}
	if n.Capacity < 1 || n.Capacity > maxSessionCapacity {
		f["capacity"] = apperr.M("exam.session.capacity", "max", maxSessionCapacity)
	}
	switch {
	case n.OpensAt.IsZero():
		f["opens_at"] = apperr.M("exam.session.time")
	case n.ClosesAt.IsZero():
		f["closes_at"] = apperr.M("exam.session.time")
	case !n.ClosesAt.After(n.OpensAt):
		f["closes_at"] = apperr.M("exam.session.closes_before")
	case n.ClosesAt.Sub(n.OpensAt) > maxSessionSpan:
		f["closes_at"] = apperr.M("exam.session.span", "days", int(maxSessionSpan/(24*time.Hour)))
	}
	return f
}

// validExtraTime checks a participant's extra time and cleans its reason.
func validExtraTime(minutes int, reason *string) error {
	f := map[string]apperr.Msg{}
	if minutes < 0 || minutes > MaxExtraMinutes {
		f["minutes"] = apperr.M("exam.session.extra_minutes", "max", MaxExtraMinutes)
	}
	if textcheck.FieldMsg(f, "reason", reason, textcheck.Line) {
		switch {
		case minutes > 0 && *reason == "":
			f["reason"] = apperr.M("exam.session.extra_reason")
		case utf8.RuneCountInString(*reason) > maxExtraReason:
			f["reason"] = apperr.M("exam.item.too_long", "max", maxExtraReason)
		}
	}
	if len(f) > 0 {
		return apperr.InvalidMsgs(f)
	}
	return nil
}
