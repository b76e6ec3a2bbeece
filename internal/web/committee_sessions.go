package web

import (
	"bytes"
	"net/http"
	"strconv"
	"strings"
	"time"

	"asnpro/internal/apperr"
	"asnpro/internal/exam"
	"asnpro/internal/identity"
	"asnpro/internal/recruitment"
	"asnpro/internal/report"
)

// The committee's exam sessions (/panitia/ujian): a period's written test
// from a selection bank and a blueprint, who sits it, and each
// participant's extra time. The auditor reads the same pages without
// their forms. Every change goes through one exam service method, which
// records its audit event.

// participantsPerPage is how many participants a session's page lists at once.
const participantsPerPage = 100

func sessionPath(id int64) string { return "/panitia/ujian/" + strconv.FormatInt(id, 10) }

// sessionFlashes are the messages a redirect to a session page may carry (?ok=…).
var sessionFlashes = map[string]string{"created": "sessions.flash.created", "enrolled": "sessions.flash.enrolled",
	"extra": "sessions.flash.extra"}

func sessionFlash(r *http.Request) string {
	k, ok := sessionFlashes[r.URL.Query().Get("ok")]
	if !ok {
		return ""
	}
	n, _ := strconv.Atoi(r.URL.Query().Get("n"))
	return T(langOf(r), k, "n", n)
}

// sessionForm is the session form as typed.
type sessionForm struct {
	PeriodID, Stage, Name, BankID, BlueprintID, Formation, Capacity, OpensAt, ClosesAt string
}

var sessionInputs = []string{"period_id", "stage", "name", "bank", "blueprint", "formation", "capacity", "opens_at", "closes_at"}

type committeeSessionsData struct {
	Sessions   []*exam.Session
	Form       sessionForm
	Fields     map[string]string
	Error      string
	Flash      string
	CanEdit    bool // the committee; the auditor only reads
	Periods    []*recruitment.Period
	Banks      []*exam.Bank // selection banks
	Blueprints []*exam.Blueprint
	Stages     []string
}

// committeeSessionsPage: GET /panitia/ujian — every session with its
// counts, and (for the committee) the form that schedules one.
func (s *Server) committeeSessionsPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderCommitteeSessions(w, r, http.StatusOK, committeeSessionsData{Form: sessionForm{Stage: exam.StageSKD, Capacity: "100"}})
}

func (s *Server) renderCommitteeSessions(w http.ResponseWriter, r *http.Request, status int, d committeeSessionsData) error {
	ctx := r.Context()
	var err error
	if d.Sessions, err = s.exam.FindSessions(ctx); err != nil {
		return err
	}
	d.CanEdit = s.may(identity.PrincipalFrom(ctx), "POST /panitia/ujian")
	if d.CanEdit {
		if d.Periods, err = s.rec.FindPeriods(ctx, false); err != nil {
			return err
		}
		banks, err := s.exam.FindBanks(ctx)
		if err != nil {
			return err
		}
		for _, b := range banks {
			if b.Purpose == exam.PurposeSelection {
				d.Banks = append(d.Banks, b)
			}
		}
		if d.Blueprints, err = s.exam.FindBlueprints(ctx); err != nil {
			return err
		}
	}
	d.Stages = []string{exam.StageSKD, exam.StageSKB}
	if d.Flash == "" {
		d.Flash = sessionFlash(r)
	}
	return s.render(w, r, status, "committee_sessions", "sessions.title", d)
}

// committeeSessionCreateSubmit: POST /panitia/ujian — schedules a session
// → 303 to its page; errors beside their fields.
func (s *Server) committeeSessionCreateSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	v := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	f := sessionForm{PeriodID: v("period_id"), Stage: v("stage"), Name: r.PostFormValue("name"), BankID: v("bank"),
		BlueprintID: v("blueprint"), Formation: v("formation"), Capacity: v("capacity"), OpensAt: v("opens_at"), ClosesAt: v("closes_at")}
	n, err := f.session()
	var ses *exam.Session
	if err == nil {
		ses, err = s.exam.CreateSession(r.Context(), n)
	}
	if err != nil {
		fields, msg, status, hard := fieldsOf(r, err, sessionInputs...)
		if hard != nil {
			return hard
		}
		return s.renderCommitteeSessions(w, r, status, committeeSessionsData{Form: f, Fields: fields, Error: msg})
	}
	http.Redirect(w, r, sessionPath(ses.ID)+"?ok=created", http.StatusSeeOther)
	return nil
}

// session reads the form as CreateSession takes it.
func (f sessionForm) session() (exam.NewSession, error) {
	e := formErrs{}
	n := exam.NewSession{Stage: f.Stage, Name: f.Name, FormationCode: f.Formation}
	id := func(name, s string, dst *int64) {
		x, err := strconv.ParseInt(s, 10, 64)
		if err != nil || x <= 0 {
			e[name] = apperr.M("sessions.choose")
			return
		}
		*dst = x
	}
	id("period_id", f.PeriodID, &n.PeriodID)
	id("bank", f.BankID, &n.BankID)
	id("blueprint", f.BlueprintID, &n.BlueprintID)
	e.int("capacity", f.Capacity, &n.Capacity)
	e.time("opens_at", f.OpensAt, &n.OpensAt)
	e.time("closes_at", f.ClosesAt, &n.ClosesAt)
	return n, e.err()
}

// participantView is a participant as the session's page shows them.
type participantView struct {
	*exam.Participant
	Running bool // started, not finished
}

type committeeSessionData struct {
	Session      *exam.Session
	Blueprint    *exam.Blueprint
	Participants []participantView
	Total        int
	Page, Pages  int
	PrevHref     string
	NextHref     string
	Flash, Error string
	// Field errors of an extra-time form, by application.
	ExtraFor    int64
	ExtraFields map[string]string
	ExtraForm   struct{ Minutes, Reason string }
	CanEdit     bool
	Open        bool
	Closed      bool
}

// committeeSessionPage: GET /panitia/ujian/{id}[?hal=N] — the session, its
// participants (100 a page) with their time and result, the enrolment and
// each participant's extra time (committee), the results file.
func (s *Server) committeeSessionPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderCommitteeSession(w, r, http.StatusOK, committeeSessionData{})
}

func (s *Server) renderCommitteeSession(w http.ResponseWriter, r *http.Request, status int, d committeeSessionData) error {
	ctx := r.Context()
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if d.Session, err = s.exam.FindSession(ctx, id); err != nil {
		return err
	}
	if d.Blueprint, err = s.exam.FindBlueprint(ctx, d.Session.BlueprintID); err != nil {
		return err
	}
	d.Page = max(1, atoiOr(r.URL.Query().Get("hal"), 1))
	parts, total, err := s.exam.FindParticipants(ctx, id, (d.Page-1)*participantsPerPage, participantsPerPage)
	if err != nil {
		return err
	}
	for _, p := range parts {
		d.Participants = append(d.Participants, participantView{Participant: p, Running: p.AttemptID != 0 && p.FinishedAt == nil})
	}
	d.Total, d.Pages = total, max(1, (total+participantsPerPage-1)/participantsPerPage)
	if d.Page > 1 {
		d.PrevHref = sessionPath(id) + "?hal=" + strconv.Itoa(d.Page-1)
	}
	if d.Page < d.Pages {
		d.NextHref = sessionPath(id) + "?hal=" + strconv.Itoa(d.Page+1)
	}
	now := s.now()
	d.Open, d.Closed = d.Session.Open(now), !now.Before(d.Session.ClosesAt)
	d.CanEdit = s.may(identity.PrincipalFrom(ctx), "POST /panitia/ujian/{id}/peserta")
	if d.Flash == "" {
		d.Flash = sessionFlash(r)
	}
	return s.render(w, r, status, "committee_session", "sessions.title", d)
}

func atoiOr(s string, def int) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		return def
	}
	return n
}

// committeeSessionEnrolSubmit: POST /panitia/ujian/{id}/peserta — adds
// the applications that may sit the session, up to its capacity → 303
// with how many were added.
func (s *Server) committeeSessionEnrolSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	n, err := s.exam.Enrol(r.Context(), id)
	if err != nil {
		msg, status, perr := pageError(r, err)
		if perr != nil {
			return perr
		}
		return s.renderCommitteeSession(w, r, status, committeeSessionData{Error: msg})
	}
	http.Redirect(w, r, sessionPath(id)+"?ok=enrolled&n="+strconv.Itoa(n), http.StatusSeeOther)
	return nil
}

// committeeExtraTimeSubmit: POST /panitia/ujian/{id}/peserta/{app}/waktu
// (minutes, reason) — a participant's extra time before they start → 303;
// errors beside the participant's form.
func (s *Server) committeeExtraTimeSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	app, err := pathID(r, "app")
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	minutes, reason := strings.TrimSpace(r.PostFormValue("minutes")), r.PostFormValue("reason")
	m, convErr := strconv.Atoi(minutes)
	if convErr != nil {
		err = apperr.InvalidMsgs(map[string]apperr.Msg{"minutes": apperr.M("exam.session.extra_minutes", "max", exam.MaxExtraMinutes)})
	} else {
		err = s.exam.SetExtraTime(r.Context(), id, app, m, reason)
	}
	if err != nil {
		fields, msg, status, hard := fieldsOf(r, err, "minutes", "reason")
		if hard != nil {
			return hard
		}
		d := committeeSessionData{Error: msg, ExtraFor: app, ExtraFields: fields}
		d.ExtraForm.Minutes, d.ExtraForm.Reason = minutes, reason
		return s.renderCommitteeSession(w, r, status, d)
	}
	http.Redirect(w, r, sessionPath(id)+"?ok=extra#peserta-"+strconv.FormatInt(app, 10), http.StatusSeeOther)
	return nil
}

// committeeSessionResultsPage: GET /panitia/ujian/{id}/hasil.csv — every
// participant with their time, scores per sub-test, total, grade and
// digest, for the committee's records (names in full: not for
// publication; the published lists mask them).
func (s *Server) committeeSessionResultsPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	ses, err := s.exam.FindSession(r.Context(), id)
	if err != nil {
		return err
	}
	bp, err := s.exam.FindBlueprint(r.Context(), ses.BlueprintID)
	if err != nil {
		return err
	}
	parts, _, err := s.exam.FindParticipants(r.Context(), id, 0, 0)
	if err != nil {
		return err
	}
	header := []string{"registration_number", "name", "formation", "category", "extra_minutes", "started_at", "finished_at"}
	for _, p := range bp.Parts {
		header = append(header, p.Subtest)
	}
	header = append(header, "total", "passed", "sha256")
	rows := make([][]string, 0, len(parts))
	for _, p := range parts {
		rows = append(rows, sessionResultRow(p, bp))
	}
	var buf bytes.Buffer
	if err := report.WriteTable(&buf, "csv", "", header, rows); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="sesi-`+strconv.FormatInt(id, 10)+`.csv"`)
	_, err = w.Write(buf.Bytes())
	return err
}

func sessionResultRow(p *exam.Participant, bp *exam.Blueprint) []string {
	at := func(t *time.Time) string {
		if t == nil {
			return ""
		}
		return t.UTC().Format(time.RFC3339)
	}
	row := []string{p.RegistrationNumber, p.Name, p.FormationCode, p.Category, strconv.Itoa(p.ExtraMinutes), at(p.StartedAt),
		at(p.FinishedAt)}
	scores := map[string]int{}
	if p.Result != nil {
		for _, sc := range p.Result.Scores {
			scores[sc.Subtest] = sc.Score
		}
	}
	for _, part := range bp.Parts {
		if p.Result == nil {
			row = append(row, "")
		} else {
			row = append(row, strconv.Itoa(scores[part.Subtest]))
		}
	}
	if p.Result == nil {
		return append(row, "", "", "")
	}
	passed := ""
	if p.Result.Graded {
		passed = strconv.FormatBool(p.Result.Passed)
	}
	return append(row, strconv.Itoa(p.Result.Total), passed, p.Result.SHA256)
}
