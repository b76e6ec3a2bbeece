package performance

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"asnpro/internal/apperr"
	"asnpro/internal/sqldb"
)

// Coaching is a coaching plan (pembinaan) after a low annual predikat.
type Coaching struct {
	ID          int64
	Employee    Person
	Year        int
	PlanID      int64
	Predikat    string
	Escalated   bool // a low year before, or not improved at review: BKPSDM follows it up
	Goals       string
	Focus       []string // competency keys
	Sessions    []int64  // the training sessions recommended
	ReviewOn    string   // YYYY-MM-DD, 6 months after it was planned
	Outcome     string   // "", improved, not_improved
	OutcomeNote string
	PlannedAt   *time.Time
	Meetings    []Meeting
}

// Meeting is a coaching meeting.
type Meeting struct {
	HeldOn string
	Note   string
	By     string
	At     time.Time
}

// Outcomes of a coaching plan at its review.
const (
	Improved    = "improved"
	NotImproved = "not_improved"
)

// Reward is a Sangat Baik year's reward record.
type Reward struct {
	Employee   Person
	Year       int
	UnitName   string
	Succession bool // Sangat Baik two consecutive years: the succession pool
}

// Joins across parts: employees and users, for names.
const coachingColumns = `c.id, e.id, e.name, COALESCE(u.username, ''), c.year, c.plan_id, c.predikat, c.escalated, c.goals, c.focus,
  c.sessions, c.review_on, c.outcome, c.outcome_note, c.planned_at`

const coachingFrom = ` FROM skp_coaching c JOIN employees e ON e.id = c.employee_id LEFT JOIN users u ON u.id = e.user_id`

func scanCoaching(r scanner) (*Coaching, error) {
	var c Coaching
	var focus, sessions string
	var planned sql.NullTime
	err := r.Scan(&c.ID, &c.Employee.ID, &c.Employee.Name, &c.Employee.Username, &c.Year, &c.PlanID, &c.Predikat, &c.Escalated,
		&c.Goals, &focus, &sessions, &c.ReviewOn, &c.Outcome, &c.OutcomeNote, &planned)
	if err != nil {
		return nil, err
	}
	if focus != "" {
		c.Focus = strings.Split(focus, ",")
	}
	for _, s := range strings.Split(sessions, ",") {
		if id, err := strconv.ParseInt(s, 10, 64); err == nil {
			c.Sessions = append(c.Sessions, id)
		}
	}
	if planned.Valid {
		t := planned.Time
		c.PlannedAt = &t
	}
	return &c, nil
}

// CoachingOfPlan returns the coaching plan that follows a plan's year, nil
// when there is none.
func (s *Service) CoachingOfPlan(ctx context.Context, planID int64) (*Coaching, error) {
	c, err := scanCoaching(s.db.R.QueryRowContext(ctx, `SELECT `+coachingColumns+coachingFrom+` WHERE c.plan_id = $1`, planID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, sqldb.Translate(err, "coaching")
	}
	err = sqldb.RunQuery(ctx, s.db.R, `SELECT m.held_on, m.note, COALESCE(u.name, ''), m.at FROM skp_coaching_meetings m
LEFT JOIN users u ON u.id = m.by_user WHERE m.coaching_id = $1 ORDER BY m.held_on, m.id`, func(rows *sql.Rows) error {
		var m Meeting
		err := rows.Scan(&m.HeldOn, &m.Note, &m.By, &m.At)
		c.Meetings = append(c.Meetings, m)
		return err
	}, c.ID)
	return c, sqldb.Translate(err, "meetings")
}

// RewardOfPlan returns the reward record of a plan's year, nil when none.
func (s *Service) RewardOfPlan(ctx context.Context, p *Plan) (*Reward, error) {
	r := Reward{Employee: p.Employee, Year: p.Year, UnitName: p.UnitName}
	err := s.db.R.QueryRowContext(ctx, `SELECT succession FROM skp_rewards WHERE employee_id = $1 AND year = $2`, p.Employee.ID, p.Year).
		Scan(&r.Succession)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return &r, sqldb.Translate(err, "reward")
}

// coachingFor finds a coaching plan the viewer supervises. Errors:
// not_found, forbidden (not the employee's current supervisor).
func (s *Service) coachingFor(ctx context.Context, v Viewer, id int64) (*Coaching, error) {
	c, err := scanCoaching(s.db.R.QueryRowContext(ctx, `SELECT `+coachingColumns+coachingFrom+` WHERE c.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrCoachingNotFound
	}
	if err != nil {
		return nil, sqldb.Translate(err, "coaching")
	}
	if _, _, err := s.supervising(ctx, v, c.PlanID); err != nil {
		if errors.Is(err, ErrPlanNotFound) {
			return nil, ErrCoachingNotFound
		}
		return nil, err
	}
	return c, nil
}

// CoachingInput is a coaching plan as the supervisor writes it.
type CoachingInput struct {
	Goals    string
	Focus    []string // competency keys, at least one
	Sessions []int64  // recommended sessions, among the catalogue's open offers for the focus
}

// PlanCoaching writes a coaching plan's goals, focus competencies and
// recommended training sessions (skp.coaching_plan); the first time, its
// review date is set 6 months on. Errors: not_found, forbidden (not the
// employee's current supervisor), invalid (goals: required, at most 2,000
// characters; focus: at least one of Competencies; sessions: not an open
// offer of the catalogue for the focus), conflict (closed).
func (s *Service) PlanCoaching(ctx context.Context, v Viewer, id int64, in CoachingInput) error {
	c, err := s.coachingFor(ctx, v, id)
	if err != nil {
		return err
	}
	if err := s.checkCoaching(ctx, &in); err != nil {
		return err
	}
	if c.Outcome != "" {
		return ErrCoachingClosed
	}
	now := s.now()
	review := c.ReviewOn
	if review == "" {
		review = now.In(wib).AddDate(0, ReviewMonths, 0).Format(time.DateOnly)
	}
	ids := make([]string, len(in.Sessions))
	for i, sid := range in.Sessions {
		ids[i] = idText(sid)
	}
	return s.db.Write(ctx, func(tx *sqldb.Tx) error {
		at := sqldb.Now(now)
		if _, err := tx.ExecContext(ctx, `UPDATE skp_coaching SET goals = $1, focus = $2, sessions = $3, review_on = $4,
  planned_at = COALESCE(planned_at, $5) WHERE id = $6`, in.Goals, strings.Join(in.Focus, ","), strings.Join(ids, ","), review, at,
			id); err != nil {
			return sqldb.Translate(err, "plan coaching")
		}
		if err := s.record(ctx, tx, at, "skp.coaching_plan", "coaching", id, map[string]any{"goals": in.Goals, "focus": in.Focus,
			"sessions": ids, "review_on": review}); err != nil {
			return err
		}
		return s.scheduleReview(ctx, tx, id, review)
	})
}

func (s *Service) checkCoaching(ctx context.Context, in *CoachingInput) error {
	f := map[string]apperr.Msg{}
	if err := checkText("goals", &in.Goals, 2000); err != nil {
		f["goals"] = apperr.As(err).FieldMsgs["goals"]
	}
	if len(in.Focus) == 0 {
		f["focus"] = apperr.M("skp.focus")
	}
	for _, k := range in.Focus {
		if !slices.Contains(Competencies, k) {
			f["focus"] = apperr.M("skp.focus")
		}
	}
	if len(f) > 0 {
		return apperr.InvalidMsgs(f)
	}
	if len(in.Sessions) == 0 {
		return nil
	}
	offers, ok, err := s.OffersFor(ctx, in.Focus)
	if err != nil {
		return err
	}
	for _, sid := range in.Sessions {
		if !ok || !slices.ContainsFunc(offers, func(o Offer) bool { return o.SessionID == sid }) {
			return invalid("sessions", "skp.session")
		}
	}
	return nil
}

// OffersFor lists the catalogue's open sessions for the competencies; ok
// false when the catalogue is not available.
func (s *Service) OffersFor(ctx context.Context, competencies []string) (offers []Offer, ok bool, err error) {
	if s.offers == nil {
		return nil, false, nil
	}
	if len(competencies) == 0 {
		competencies = Competencies
	}
	offers, err = s.offers.OpenSessions(ctx, competencies, 20)
	return offers, true, err
}

// AddMeeting records a coaching meeting (skp.coaching_meeting). Errors:
// not_found, forbidden, invalid (held_on: a date not in the future; note),
// failed_precondition (not planned yet), conflict (closed).
func (s *Service) AddMeeting(ctx context.Context, v Viewer, id int64, heldOn, note string) error {
	c, err := s.coachingFor(ctx, v, id)
	if err != nil {
		return err
	}
	now := s.now()
	f := map[string]apperr.Msg{}
	if d, err := time.Parse(time.DateOnly, strings.TrimSpace(heldOn)); err != nil || d.Format(time.DateOnly) > today(now) {
		f["held_on"] = apperr.M("skp.held_on")
	}
	if err := checkText("note", &note, 2000); err != nil {
		f["note"] = apperr.As(err).FieldMsgs["note"]
	}
	switch {
	case len(f) > 0:
		return apperr.InvalidMsgs(f)
	case c.PlannedAt == nil:
		return ErrCoachingUnplanned
	case c.Outcome != "":
		return ErrCoachingClosed
	}
	heldOn = strings.TrimSpace(heldOn)
	return s.db.Write(ctx, func(tx *sqldb.Tx) error {
		at := sqldb.Now(now)
		if _, err := tx.ExecContext(ctx, `INSERT INTO skp_coaching_meetings (coaching_id, held_on, note, by_user, at)
VALUES ($1, $2, $3, $4, $5)`, id, heldOn, note, nullID(v.UserID), at); err != nil {
			return sqldb.Translate(err, "meeting")
		}
		return s.record(ctx, tx, at, "skp.coaching_meeting", "coaching", id, map[string]any{"held_on": heldOn, "note": note})
	})
}

// CloseCoaching records a coaching plan's outcome at its review
// (skp.coaching_close); not improved, it is escalated to BKPSDM. Errors:
// not_found, forbidden, invalid (outcome; note), failed_precondition (not
// planned; the review date has not come), conflict (closed already).
func (s *Service) CloseCoaching(ctx context.Context, v Viewer, id int64, outcome, note string) error {
	c, err := s.coachingFor(ctx, v, id)
	if err != nil {
		return err
	}
	f := map[string]apperr.Msg{}
	if outcome != Improved && outcome != NotImproved {
		f["outcome"] = apperr.M("skp.outcome")
	}
	if err := checkText("outcome_note", &note, 2000); err != nil {
		f["outcome_note"] = apperr.As(err).FieldMsgs["outcome_note"]
	}
	now := s.now()
	switch {
	case len(f) > 0:
		return apperr.InvalidMsgs(f)
	case c.PlannedAt == nil:
		return ErrCoachingUnplanned
	case c.Outcome != "":
		return ErrCoachingClosed
	case today(now) < c.ReviewOn:
		return apperr.E(apperr.FailedPrecondition, "skp.review_not_due", "date", c.ReviewOn)
	}
	return s.db.Write(ctx, func(tx *sqldb.Tx) error {
		at := sqldb.Now(now)
		if _, err := tx.ExecContext(ctx, `UPDATE skp_coaching SET outcome = $1, outcome_note = $2, closed_at = $3,
  escalated = (escalated OR $4) WHERE id = $5`, outcome, note, at, outcome == NotImproved, id); err != nil {
			return sqldb.Translate(err, "close coaching")
		}
		return s.record(ctx, tx, at, "skp.coaching_close", "coaching", id, map[string]any{"outcome": outcome, "note": note})
	})
}

// Gap is a competency the employee is to develop, and why.
type Gap struct {
	Competency string
	Source     string // "coaching"
	Detail     string // the coaching plan's year and goals
}

// Gaps lists the focus competencies of the employee's open coaching plans.
func (s *Service) Gaps(ctx context.Context, employeeID int64) ([]Gap, error) {
	var out []Gap
	err := sqldb.RunQuery(ctx, s.db.R, `SELECT year, focus, goals FROM skp_coaching WHERE employee_id = $1 AND outcome = '' AND focus <> ''
ORDER BY year`, func(rows *sql.Rows) error {
		var year int
		var focus, goals string
		if err := rows.Scan(&year, &focus, &goals); err != nil {
			return err
		}
		for _, k := range strings.Split(focus, ",") {
			out = append(out, Gap{Competency: k, Source: "coaching", Detail: strconv.Itoa(year) + ": " + goals})
		}
		return nil
	}, employeeID)
	return out, sqldb.Translate(err, "gaps")
}

// PlanOfCoaching is the SKP plan a coaching plan v may see follows.
// Errors: not_found.
func (s *Service) PlanOfCoaching(ctx context.Context, v Viewer, id int64) (int64, error) {
	var plan int64
	err := s.db.R.QueryRowContext(ctx, `SELECT plan_id FROM skp_coaching WHERE id = $1`, id).Scan(&plan)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, ErrCoachingNotFound
	}
	if err != nil {
		return 0, sqldb.Translate(err, "coaching plan")
	}
	if _, _, err := s.seePlan(ctx, v, plan); err != nil {
		if errors.Is(err, ErrPlanNotFound) {
			return 0, ErrCoachingNotFound
		}
		return 0, err
	}
	return plan, nil
}
