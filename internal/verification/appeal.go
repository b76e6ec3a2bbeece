package verification

import (
	"context"
	"time"
	"unicode/utf8"

	"asnpro/internal/apperr"
	"asnpro/internal/audit"
	"asnpro/internal/identity"
	"asnpro/internal/recruitment"
	"asnpro/internal/sqldb"
	"asnpro/internal/textcheck"
)

// Appeal statuses.
const (
	AppealPending  = "pending"
	AppealUpheld   = "upheld"
	AppealRejected = "rejected"
)

// Appeal is a sanggah against a TMS decision.
type Appeal struct {
	ID              int64
	ApplicationID   int64
	PeriodID        int64
	Reason          string
	Requirements    []string // the requirements the TMS named
	FiledAt         time.Time
	WindowEndsAt    time.Time
	FirstVerifierID int64
	Status          string
	Response        string
	DecidedBy       int64
	DecidedAt       *time.Time
}

// AppealAnswerDays is how many calendar days after the appeal window the
// committee has to answer (jawaban sanggah; the 2024 national schedules
// gave about a week).
const AppealAnswerDays = 7

// AnswerDue is when the committee's answer is due: the end of the
// AppealAnswerDays-th day after the window, in the window's zone.
func (a *Appeal) AnswerDue() time.Time {
	w := a.WindowEndsAt.In(wibZone)
	return time.Date(w.Year(), w.Month(), w.Day()+AppealAnswerDays, 23, 59, 59, 0, wibZone).UTC()
}

// Late reports whether the appeal was answered after its due time, or is
// still unanswered past it at now.
func (a *Appeal) Late(now time.Time) bool {
	if a.DecidedAt != nil {
		return a.DecidedAt.After(a.AnswerDue())
	}
	return now.After(a.AnswerDue())
}

var wibZone = func() *time.Location {
	if l, err := time.LoadLocation("Asia/Jakarta"); err == nil {
		return l
	}
	return time.FixedZone("WIB", 7*3600)
}()

// AppealWindowEnd is recruitment.AppealWindowEnd, the one rule for every
// appeal deadline.
func AppealWindowEnd(published time.Time, loc *time.Location, days int) time.Time {
	return recruitment.AppealWindowEnd(published, loc, days)
}

// Outcome is what the applicant is told about their application's
// administration stage: only what has been announced.
type Outcome struct {
	Announced    bool
	Result       string // MS or TMS as announced (after appeals once that is announced)
	Reasons      []Reason
	AnnouncedAt  time.Time
	WindowEndsAt time.Time
	Appeal       *Appeal
	CanAppeal    bool
}

// announcedReasons returns the reasons of v's announced decision: its
// current reasons while that decision is the announced one, else (reopened
// after the announcement, the new decision not published yet) those kept
// when it was reopened.
func (s *Service) announcedReasons(ctx context.Context, q queryer, v *Verification) ([]Reason, error) {
	if ok, err := s.decisionAnnounced(ctx, q, v.ApplicationID); err != nil || ok {
		return v.Reasons, err
	}
	kept, ok, err := keptReasons(ctx, q, v.ApplicationID)
	if err != nil {
		return nil, err
	}
	if !ok {
		return v.Reasons, nil
	}
	return kept, nil
}

// FindOutcome returns the announced outcome of the applicant's own
// application. Errors: not_found (not theirs, or not submitted).
func (s *Service) FindOutcome(ctx context.Context, p *identity.Principal, appID int64) (*Outcome, error) {
	v, err := s.findVerification(ctx, s.db.R, appID)
	if err != nil {
		return nil, err
	}
	if v.ApplicantUserID != p.UserID {
		return nil, ErrNotFound
	}
	per, err := s.rec.FindPeriodByID(ctx, v.PeriodID, true)
	if err != nil {
		return nil, err
	}
	o := &Outcome{}
	first, result, ok, err := announcedResult(ctx, s.db.R, appID)
	if err != nil || !ok {
		return o, err
	}
	o.Announced, o.Result, o.AnnouncedAt = true, result, first
	o.WindowEndsAt = per.AppealEndsAfter(&first)
	if result == TMS {
		if o.Reasons, err = s.announcedReasons(ctx, s.db.R, v); err != nil {
			return nil, err
		}
	}
	if o.Appeal, err = appealOf(ctx, s.db.R, appID); err != nil {
		return nil, err
	}
	o.CanAppeal = o.Appeal == nil && result == TMS && !s.now().After(o.WindowEndsAt)
	return o, nil
}

// FileAppeal files the applicant's one appeal against an announced TMS,
// within the window, with a chronology (appeal.file). Documents stay as
// they were submitted. Errors in API.md's order: not_found (not theirs),
// invalid (reason), failed_precondition (not announced yet; the window is
// over), conflict (MS, or a second appeal).
func (s *Service) FileAppeal(ctx context.Context, p *identity.Principal, appID int64, reason string) (*Appeal, error) {
	var out *Appeal
	err := s.db.Write(ctx, func(tx *sqldb.Tx) error {
		v, end, err := s.checkFiling(ctx, tx, p, appID, &reason)
		if err != nil {
			return err
		}
		now := s.now()
		announcedReasons, err := s.announcedReasons(ctx, tx, v)
		if err != nil {
			return err
		}
		reqs := []string{}
		for _, r := range announcedReasons {
			reqs = append(reqs, r.Requirement)
		}
		id, err := insertAppeal(ctx, tx, &Appeal{ApplicationID: appID, PeriodID: v.PeriodID, Reason: reason, Requirements: reqs,
			FiledAt: sqldb.Now(now), WindowEndsAt: end, FirstVerifierID: v.FirstVerifierID})
		if sqldb.IsUnique(err) {
			return ErrSecondAppeal
		}
		if err != nil {
			return err
		}
		if err := s.record(ctx, tx, audit.Event{Action: "appeal.file", ObjectType: "appeal", ObjectID: id64(id),
			Data: map[string]any{"application": id64(appID), "requirements": reqs, "reason": reason}}); err != nil {
			return err
		}
		out, err = findAppeal(ctx, tx, id)
		return err
	})
	return out, err
}

// AppealDecision is the committee's answer (API.md).
type AppealDecision struct {
	Upheld   *bool
	Response string
}

// CheckFiling answers, without changing anything, whether FileAppeal would
// take the appeal now: nil, or the error it would return (the page asks
// the applicant to confirm only an appeal it would take). Errors as
// FileAppeal.
func (s *Service) CheckFiling(ctx context.Context, p *identity.Principal, appID int64, reason string) error {
	_, _, err := s.checkFiling(ctx, s.db.R, p, appID, &reason)
	return err
}

// checkFiling is FileAppeal's rule, read through q: the application's
// verification and when its appeal window ends; it cleans reason.
func (s *Service) checkFiling(ctx context.Context, q queryer, p *identity.Principal, appID int64, reason *string) (*Verification,
	time.Time, error) {
	v, err := s.findVerification(ctx, q, appID)
	if err != nil {
		return nil, time.Time{}, err
	}
	if v.ApplicantUserID != p.UserID {
		return nil, time.Time{}, ErrNotFound
	}
	bad := map[string]apperr.Msg{}
	if !textcheck.FieldMsg(bad, "reason", reason, textcheck.Multiline) {
		return nil, time.Time{}, apperr.InvalidMsgs(bad)
	}
	if n := utf8.RuneCountInString(*reason); n < 10 || n > 4000 {
		return nil, time.Time{}, apperr.InvalidMsgs(map[string]apperr.Msg{"reason": apperr.M("verification.appeal_reason")})
	}
	first, result, ok, err := announcedResult(ctx, q, appID)
	if err != nil {
		return nil, time.Time{}, err
	}
	if !ok {
		return nil, time.Time{}, ErrNotAnnounced
	}
	if prev, err := appealOf(ctx, q, appID); err != nil {
		return nil, time.Time{}, err
	} else if prev != nil {
		return nil, time.Time{}, ErrSecondAppeal
	}
	if result != TMS {
		return nil, time.Time{}, ErrAppealMS
	}
	per, err := s.rec.FindPeriodByID(ctx, v.PeriodID, true)
	if err != nil {
		return nil, time.Time{}, err
	}
	end := per.AppealEndsAfter(&first)
	if s.now().After(end) {
		return nil, time.Time{}, errWindowClosed(end.In(per.Location()))
	}
	return v, end, nil
}

// DecideAppeal answers an appeal (appeal.decide): upheld turns the
// decision to MS (the TMS stays in the record). Errors in API.md's order:
// forbidden (pact; the application's first verifier), not_found (appeal,
// or a declared conflict), invalid (upheld, response), conflict (answered).
func (s *Service) DecideAppeal(ctx context.Context, p *identity.Principal, appealID int64, d AppealDecision) (*Appeal, error) {
	var out *Appeal
	err := s.db.Write(ctx, func(tx *sqldb.Tx) error {
		a, ref, err := s.checkAnswer(ctx, tx, p, appealID, &d)
		if err != nil {
			return err
		}
		status := AppealRejected
		if *d.Upheld {
			status = AppealUpheld
		}
		now := sqldb.Now(s.now())
		if err := storeAppealAnswer(ctx, tx, appealID, status, d.Response, p.UserID, now); err != nil {
			return err
		}
		if *d.Upheld {
			if err := upholdDecision(ctx, tx, a.ApplicationID); err != nil {
				return err
			}
		}
		// An answer after its due time is taken (the list must be finished)
		// but marked late, in the record and on the committee's list.
		late := time.Time(now).After(a.AnswerDue())
		if err := s.record(ctx, tx, audit.Event{Action: "appeal.decide", ObjectType: "appeal", ObjectID: id64(appealID),
			Data: map[string]any{"application": id64(a.ApplicationID), "status": status, "response": d.Response, "late": late}}); err != nil {
			return err
		}
		if err := s.noticeAppealAnswer(ctx, tx, ref, status, d.Response); err != nil {
			return err
		}
		out, err = findAppeal(ctx, tx, appealID)
		return err
	})
	return out, err
}

// CheckAnswer answers, without changing anything, whether DecideAppeal
// would take d now: nil, or the error it would return (the page asks the
// committee to confirm only an answer it would take). Errors as
// DecideAppeal.
func (s *Service) CheckAnswer(ctx context.Context, p *identity.Principal, appealID int64, d AppealDecision) error {
	_, _, err := s.checkAnswer(ctx, s.db.R, p, appealID, &d)
	return err
}

// checkAnswer is DecideAppeal's rule, read through q: the appeal and its
// application; it cleans d.
func (s *Service) checkAnswer(ctx context.Context, q queryer, p *identity.Principal, appealID int64, d *AppealDecision) (*Appeal,
	*recruitment.ApplicationRef, error) {
	a, err := findAppeal(ctx, q, appealID)
	if err != nil {
		return nil, nil, err
	}
	if err := s.requirePact(ctx, q, p, a.PeriodID); err != nil {
		return nil, nil, err
	}
	if a.FirstVerifierID == p.UserID {
		return nil, nil, ErrFirstVerifier
	}
	ref, err := s.rec.FindApplicationRef(ctx, a.ApplicationID)
	if err != nil {
		return nil, nil, err
	}
	if c, err := s.hasConflict(ctx, q, p.UserID, a.PeriodID, ref.ApplicantID); err != nil {
		return nil, nil, err
	} else if c {
		return nil, nil, ErrAppealNotFound
	}
	if err := d.validate(); err != nil {
		return nil, nil, err
	}
	if a.Status != AppealPending {
		return nil, nil, ErrAppealDecided
	}
	return a, ref, nil
}

func (d *AppealDecision) validate() error {
	msgs := map[string]apperr.Msg{}
	if d.Upheld == nil {
		msgs["upheld"] = apperr.M("verification.appeal_upheld")
	}
	if textcheck.FieldMsg(msgs, "response", &d.Response, textcheck.Multiline) &&
		(d.Response == "" || utf8.RuneCountInString(d.Response) > 4000) {
		msgs["response"] = apperr.M("verification.appeal_response")
	}
	return invalid(msgs)
}

// AppealRow is an appeal in the committee's list.
type AppealRow struct {
	*Appeal
	RegistrationNumber string
	Name               string
	FormationCode      string
	Reasons            []Reason
}

// FindAppeals lists a period's appeals for the committee (after signing;
// never those of applicants it declared a conflict with) and the auditor.
func (s *Service) FindAppeals(ctx context.Context, p *identity.Principal, periodID int64) ([]AppealRow, error) {
	if err := s.requirePact(ctx, s.db.R, p, periodID); err != nil {
		return nil, err
	}
	return listAppeals(ctx, s.db.R, periodID, p.UserID)
}

// Statistics are a period's public counts: only what has been announced,
// and appeals as aggregates.
type Statistics struct {
	Administration *StageCount
	AfterAppeal    *StageCount
	TMSByReq       map[string]int
	Appeals        AppealCount
	AppealsByReq   map[string]AppealCount
	// Formations are the period's formations by code, counted as
	// published (stats_formations.go); PassRates the groups' rates of
	// passing PassStage, the furthest stage published ("" before any list:
	// no rates).
	Formations                   []FormationStat
	PassRates                    []PassRate
	PassStage                    string
	SKDPublished, FinalPublished bool
}

// StageCount counts a published list.
type StageCount struct {
	Version     int
	PublishedAt time.Time
	SHA256      string
	Total       int
	MS          int
	TMS         int
}

// AppealCount counts appeals.
type AppealCount struct {
	Filed    int
	Upheld   int
	Rejected int
	Pending  int
}

// FindStatistics returns a period's public statistics. Errors: not_found.
func (s *Service) FindStatistics(ctx context.Context, periodID int64) (*Statistics, error) {
	per, err := s.rec.FindPeriodByID(ctx, periodID, false)
	if err != nil {
		return nil, err
	}
	st := &Statistics{TMSByReq: map[string]int{}, AppealsByReq: map[string]AppealCount{}}
	if st.Administration, err = s.stageCount(ctx, periodID, StageAdministration); err != nil {
		return nil, err
	}
	if st.AfterAppeal, err = s.stageCount(ctx, periodID, StageAppeal); err != nil {
		return nil, err
	}
	if err := s.addFormationStats(ctx, periodID, per.SubmittedTotal, st); err != nil {
		return nil, err
	}
	if st.Administration == nil {
		return st, nil
	}
	// Requirements named by the TMS decisions announced in the latest administration list.
	err = announcedTMSReasons(ctx, s.db.R, periodID, func(rs []Reason) {
		for _, r := range rs {
			st.TMSByReq[r.Requirement]++
		}
	})
	if err != nil {
		return nil, err
	}
	err = appealOutcomes(ctx, s.db.R, periodID, func(status string, reqs []string) {
		st.Appeals.add(status)
		for _, r := range reqs {
			c := st.AppealsByReq[r]
			c.add(status)
			st.AppealsByReq[r] = c
		}
	})
	if err != nil {
		return nil, err
	}
	return st, nil
}

func (c *AppealCount) add(status string) {
	c.Filed++
	switch status {
	case AppealUpheld:
		c.Upheld++
	case AppealRejected:
		c.Rejected++
	default:
		c.Pending++
	}
}

// stageCount counts the latest list of a stage (nil: not published).
func (s *Service) stageCount(ctx context.Context, periodID int64, stage string) (*StageCount, error) {
	a, err := s.FindAnnouncement(ctx, periodID, stage, 0)
	if apperr.CodeOf(err) == apperr.NotFound {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	c := &StageCount{Version: a.Version, PublishedAt: a.PublishedAt, SHA256: a.SHA256, Total: a.Rows}
	if c.MS, err = countMS(ctx, s.db.R, a.ID); err != nil {
		return nil, err
	}
	c.TMS = c.Total - c.MS
	return c, nil
}
