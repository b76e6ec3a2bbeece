package verification

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
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

const appealColumns = `id, application_id, period_id, reason, requirements, filed_at, window_ends_at, coalesce(first_verifier_id, 0), status, response, coalesce(decided_by, 0), decided_at`

func scanAppeal(r interface{ Scan(...any) error }) (*Appeal, error) {
	a := &Appeal{}
	var reqs string
	var dec sql.NullTime
	if err := r.Scan(&a.ID, &a.ApplicationID, &a.PeriodID, &a.Reason, &reqs, &a.FiledAt, &a.WindowEndsAt, &a.FirstVerifierID, &a.Status, &a.Response, &a.DecidedBy, &dec); err != nil {
		return nil, err
	}
	_ = json.Unmarshal([]byte(reqs), &a.Requirements)
	a.FiledAt, a.WindowEndsAt = a.FiledAt.UTC(), a.WindowEndsAt.UTC()
	if dec.Valid {
		t := dec.Time.UTC()
		a.DecidedAt = &t
	}
	return a, nil
}

func (s *Service) appealOf(ctx context.Context, q queryer, appID int64) (*Appeal, error) {
	a, err := scanAppeal(q.QueryRowContext(ctx, `SELECT `+appealColumns+` FROM appeals WHERE application_id = $1`, appID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return a, sqldb.Translate(err, "appeal")
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

// windowOf returns when the application's result was first announced and
// its announced result (the latest version of the latest stage).
func (s *Service) announced(ctx context.Context, q queryer, appID int64) (first time.Time, result string, ok bool, err error) {
	var t sql.NullTime
	err = q.QueryRowContext(ctx, `SELECT an.published_at FROM announcement_items i JOIN announcements an ON an.id = i.announcement_id WHERE i.application_id = $1 AND an.stage = 'administration'
ORDER BY an.published_at, an.id LIMIT 1`, appID).Scan(&t)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && !t.Valid) {
		return first, "", false, nil
	}
	if err != nil {
		return first, "", false, sqldb.Translate(err, "announced")
	}
	err = q.QueryRowContext(ctx, `SELECT i.result FROM announcement_items i JOIN announcements an ON an.id = i.announcement_id WHERE i.application_id = $1 AND an.stage IN ('administration', 'appeal')
ORDER BY an.published_at DESC, an.id DESC LIMIT 1`, appID).Scan(&result)
	return t.Time.UTC(), result, true, sqldb.Translate(err, "announced")
}

// announcedReasons returns the reasons of v's announced decision: its
// current reasons while that decision is the announced one, else (reopened
// after the announcement, the new decision not published yet) those kept
// when it was reopened.
func (s *Service) announcedReasons(ctx context.Context, q queryer, v *Verification) ([]Reason, error) {
	if ok, err := s.decisionAnnounced(ctx, q, v.ApplicationID); err != nil || ok {
		return v.Reasons, err
	}
	var kept sql.NullString
	if err := q.QueryRowContext(ctx, `SELECT announced_reasons FROM verifications WHERE application_id = $1`, v.ApplicationID).Scan(&kept); err != nil {
		return nil, sqldb.Translate(err, "announced reasons")
	}
	if !kept.Valid {
		return v.Reasons, nil
	}
	out := []Reason{}
	_ = json.Unmarshal([]byte(kept.String), &out)
	return out, nil
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
	first, result, ok, err := s.announced(ctx, s.db.R, appID)
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
	if o.Appeal, err = s.appealOf(ctx, s.db.R, appID); err != nil {
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
		v, err := s.findVerification(ctx, tx, appID)
		if err != nil {
			return err
		}
		if v.ApplicantUserID != p.UserID {
			return ErrNotFound
		}
		rf := map[string]string{}
		if !textcheck.Field(rf, "id", "reason", &reason, textcheck.Multiline) {
			return apperr.InvalidFields(rf)
		}
		if utf8.RuneCountInString(reason) < 10 || utf8.RuneCountInString(reason) > 4000 {
			return apperr.InvalidFields(map[string]string{"reason": "Tuliskan kronologi dan alasan sanggah (10–4.000 karakter)"})
		}
		first, result, ok, err := s.announced(ctx, tx, appID)
		if err != nil {
			return err
		}
		if !ok {
			return ErrNotAnnounced
		}
		if prev, err := s.appealOf(ctx, tx, appID); err != nil {
			return err
		} else if prev != nil {
			return ErrSecondAppeal
		}
		if result != TMS {
			return ErrAppealMS
		}
		per, err := s.rec.FindPeriodByID(ctx, v.PeriodID, true)
		if err != nil {
			return err
		}
		end := per.AppealEndsAfter(&first)
		now := s.now()
		if now.After(end) {
			return errWindowClosed(end.In(per.Location()).Format("02-01-2006 15:04:05")+" WIB", end.In(per.Location()).Format("2006-01-02 15:04:05")+" WIB")
		}
		announcedReasons, err := s.announcedReasons(ctx, tx, v)
		if err != nil {
			return err
		}
		reqs := []string{}
		for _, r := range announcedReasons {
			reqs = append(reqs, r.Requirement)
		}
		rj, _ := json.Marshal(reqs)
		var first64 any
		if v.FirstVerifierID != 0 {
			first64 = v.FirstVerifierID
		}
		var id int64
		err = tx.QueryRowContext(ctx, `INSERT INTO appeals (application_id, period_id, reason, requirements, filed_at, window_ends_at, first_verifier_id) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
			appID, v.PeriodID, reason, string(rj), sqldb.Now(now), end, first64).Scan(&id)
		if sqldb.IsUnique(err) {
			return ErrSecondAppeal
		}
		if err != nil {
			return sqldb.Translate(err, "file appeal")
		}
		if err := s.record(ctx, tx, audit.Event{Action: "appeal.file", ObjectType: "appeal", ObjectID: id64(id),
			Data: map[string]any{"application": id64(appID), "requirements": reqs, "reason": reason}}); err != nil {
			return err
		}
		out, err = scanAppeal(tx.QueryRowContext(ctx, `SELECT `+appealColumns+` FROM appeals WHERE id = $1`, id))
		return sqldb.Translate(err, "appeal")
	})
	return out, err
}

// AppealDecision is the committee's answer (API.md).
type AppealDecision struct {
	Upheld   *bool  `json:"upheld"`
	Response string `json:"response"`
}

// DecideAppeal answers an appeal (appeal.decide): upheld turns the
// decision to MS (the TMS stays in the record). Errors in API.md's order:
// forbidden (pact; the application's first verifier), not_found (appeal,
// or a declared conflict), invalid (upheld, response), conflict (answered).
func (s *Service) DecideAppeal(ctx context.Context, p *identity.Principal, appealID int64, d AppealDecision) (*Appeal, error) {
	var out *Appeal
	err := s.db.Write(ctx, func(tx *sqldb.Tx) error {
		a, err := scanAppeal(tx.QueryRowContext(ctx, `SELECT `+appealColumns+` FROM appeals WHERE id = $1`, appealID))
		if errors.Is(err, sql.ErrNoRows) {
			return ErrAppealNotFound
		}
		if err != nil {
			return sqldb.Translate(err, "appeal")
		}
		if err := s.requirePact(ctx, tx, p, a.PeriodID); err != nil {
			return err
		}
		if a.FirstVerifierID == p.UserID {
			return ErrFirstVerifier
		}
		if c, err := s.hasConflict(ctx, tx, p.UserID, a.ApplicationID); err != nil {
			return err
		} else if c {
			return ErrAppealNotFound
		}
		f := map[string]string{}
		if d.Upheld == nil {
			f["upheld"] = "Pilih: sanggah diterima (true) atau ditolak (false)"
		}
		if textcheck.Field(f, "id", "response", &d.Response, textcheck.Multiline) && (d.Response == "" || utf8.RuneCountInString(d.Response) > 4000) {
			f["response"] = "Jawaban tertulis wajib diisi (maksimal 4.000 karakter)"
		}
		if len(f) > 0 {
			return apperr.InvalidFields(f)
		}
		if a.Status != AppealPending {
			return ErrAppealDecided
		}
		status := AppealRejected
		if *d.Upheld {
			status = AppealUpheld
		}
		now := sqldb.Now(s.now())
		if _, err := tx.ExecContext(ctx, `UPDATE appeals SET status = $1, response = $2, decided_by = $3, decided_at = $4 WHERE id = $5`, status, d.Response, p.UserID, now, appealID); err != nil {
			return sqldb.Translate(err, "decide appeal")
		}
		if *d.Upheld {
			if _, err := tx.ExecContext(ctx, `UPDATE verifications SET decision = 'MS', appeal_upheld = TRUE WHERE application_id = $1`, a.ApplicationID); err != nil {
				return sqldb.Translate(err, "uphold")
			}
		}
		// An answer after its due time is taken (the list must be finished)
		// but marked late, in the record and on the committee's list.
		late := time.Time(now).After(a.AnswerDue())
		if err := s.record(ctx, tx, audit.Event{Action: "appeal.decide", ObjectType: "appeal", ObjectID: id64(appealID),
			Data: map[string]any{"application": id64(a.ApplicationID), "status": status, "response": d.Response, "late": late}}); err != nil {
			return err
		}
		if err := s.noticeAppealAnswer(ctx, tx, a.ApplicationID, status, d.Response); err != nil {
			return err
		}
		out, err = scanAppeal(tx.QueryRowContext(ctx, `SELECT `+appealColumns+` FROM appeals WHERE id = $1`, appealID))
		return sqldb.Translate(err, "appeal")
	})
	return out, err
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
	rows, err := s.db.R.QueryContext(ctx, `SELECT ap.id, ap.application_id, ap.period_id, ap.reason, ap.requirements, ap.filed_at, ap.window_ends_at, coalesce(ap.first_verifier_id, 0), ap.status, ap.response, coalesce(ap.decided_by, 0), ap.decided_at,
a.registration_number, pl.name, f.code, v.reasons
FROM appeals ap JOIN applications a ON a.id = ap.application_id JOIN applicants pl ON pl.id = a.applicant_id JOIN formations f ON f.id = a.formation_id JOIN verifications v ON v.application_id = a.id
WHERE ap.period_id = $1 AND NOT EXISTS (SELECT 1 FROM conflicts c WHERE c.user_id = $2 AND c.applicant_id = a.applicant_id AND c.period_id = a.period_id)
ORDER BY ap.filed_at, ap.id`, periodID, p.UserID)
	if err != nil {
		return nil, sqldb.Translate(err, "appeals")
	}
	defer rows.Close()
	var out []AppealRow
	for rows.Next() {
		a := &Appeal{}
		var reqs, reasons string
		var dec sql.NullTime
		r := AppealRow{Appeal: a}
		if err := rows.Scan(&a.ID, &a.ApplicationID, &a.PeriodID, &a.Reason, &reqs, &a.FiledAt, &a.WindowEndsAt, &a.FirstVerifierID, &a.Status, &a.Response, &a.DecidedBy, &dec,
			&r.RegistrationNumber, &r.Name, &r.FormationCode, &reasons); err != nil {
			return nil, sqldb.Translate(err, "appeals")
		}
		_ = json.Unmarshal([]byte(reqs), &a.Requirements)
		_ = json.Unmarshal([]byte(reasons), &r.Reasons)
		a.FiledAt, a.WindowEndsAt = a.FiledAt.UTC(), a.WindowEndsAt.UTC()
		if dec.Valid {
			t := dec.Time.UTC()
			a.DecidedAt = &t
		}
		out = append(out, r)
	}
	return out, sqldb.Translate(rows.Err(), "appeals")
}

// Statistics are a period's public counts: only what has been announced,
// and appeals as aggregates.
type Statistics struct {
	Administration *StageCount            `json:"administration"`
	AfterAppeal    *StageCount            `json:"appeal"`
	TMSByReq       map[string]int         `json:"tms_by_requirement"`
	Appeals        AppealCount            `json:"appeals"`
	AppealsByReq   map[string]AppealCount `json:"appeals_by_requirement"`
}

// StageCount counts a published list.
type StageCount struct {
	Version     int       `json:"version"`
	PublishedAt time.Time `json:"published_at"`
	SHA256      string    `json:"sha256"`
	Total       int       `json:"total"`
	MS          int       `json:"ms"`
	TMS         int       `json:"tms"`
}

// AppealCount counts appeals.
type AppealCount struct {
	Filed    int `json:"filed"`
	Upheld   int `json:"upheld"`
	Rejected int `json:"rejected"`
	Pending  int `json:"pending"`
}

// FindStatistics returns a period's public statistics. Errors: not_found.
func (s *Service) FindStatistics(ctx context.Context, periodID int64) (*Statistics, error) {
	if _, err := s.rec.FindPeriodByID(ctx, periodID, false); err != nil {
		return nil, err
	}
	st := &Statistics{TMSByReq: map[string]int{}, AppealsByReq: map[string]AppealCount{}}
	count := func(stage string) (*StageCount, error) {
		a, err := s.FindAnnouncement(ctx, periodID, stage, 0)
		if apperr.CodeOf(err) == apperr.NotFound {
			return nil, nil
		}
		if err != nil {
			return nil, err
		}
		c := &StageCount{Version: a.Version, PublishedAt: a.PublishedAt, SHA256: a.SHA256, Total: a.Rows}
		if err := s.db.R.QueryRowContext(ctx, `SELECT coalesce(sum(CASE WHEN result = 'MS' THEN 1 ELSE 0 END), 0) FROM announcement_items WHERE announcement_id = $1`, a.ID).Scan(&c.MS); err != nil {
			return nil, sqldb.Translate(err, "stats")
		}
		c.TMS = c.Total - c.MS
		return c, nil
	}
	var err error
	if st.Administration, err = count(StageAdministration); err != nil {
		return nil, err
	}
	if st.AfterAppeal, err = count(StageAppeal); err != nil {
		return nil, err
	}
	if st.Administration == nil {
		return st, nil
	}
	// Requirements named by the TMS decisions announced in the latest administration list.
	rows, err := s.db.R.QueryContext(ctx, `SELECT v.reasons FROM announcement_items i JOIN verifications v ON v.application_id = i.application_id
WHERE i.announcement_id = (SELECT id FROM announcements WHERE period_id = $1 AND stage = 'administration' ORDER BY version DESC LIMIT 1) AND i.result = 'TMS'`, periodID)
	if err != nil {
		return nil, sqldb.Translate(err, "stats")
	}
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			rows.Close()
			return nil, sqldb.Translate(err, "stats")
		}
		var rs []Reason
		_ = json.Unmarshal([]byte(t), &rs)
		for _, r := range rs {
			st.TMSByReq[r.Requirement]++
		}
	}
	rows.Close()
	rows, err = s.db.R.QueryContext(ctx, `SELECT status, requirements FROM appeals WHERE period_id = $1`, periodID)
	if err != nil {
		return nil, sqldb.Translate(err, "stats")
	}
	defer rows.Close()
	for rows.Next() {
		var status, reqs string
		if err := rows.Scan(&status, &reqs); err != nil {
			return nil, sqldb.Translate(err, "stats")
		}
		bump := func(c *AppealCount) {
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
		bump(&st.Appeals)
		var rs []string
		_ = json.Unmarshal([]byte(reqs), &rs)
		for _, r := range rs {
			c := st.AppealsByReq[r]
			bump(&c)
			st.AppealsByReq[r] = c
		}
	}
	return st, sqldb.Translate(rows.Err(), "stats")
}
