package web

import (
	"net/http"
	"strconv"
	"strings"

	"asnpro/internal/apperr"
	"asnpro/internal/identity"
	"asnpro/internal/training"
)

// Training with partner institutions (docs/TRAINING.md): the catalogue and
// a session's page for everyone who works here, an employee's own
// trainings, a supervisor's approvals, a trainer's sessions with
// attendance, scores and completion, and the admin's institutions,
// programmes, sessions and reports (training_admin.go).

func trSessionPath(id int64) string { return "/pelatihan/sesi/" + strconv.FormatInt(id, 10) }

// actorOf is the signed-in user as the training service sees them.
func actorOf(p *identity.Principal) training.Actor {
	if p == nil {
		return training.Actor{}
	}
	return training.Actor{UserID: p.UserID, Admin: p.Has(identity.Admin)}
}

// trainingFlashes are the messages a redirect to a training page may carry (?ok=…).
var trainingFlashes = map[string]string{
	"requested": "tr.flash.requested", "nominated": "tr.flash.nominated", "approved": "tr.flash.approved",
	"rejected": "tr.flash.rejected", "cancelled": "tr.flash.cancelled", "feedback": "tr.flash.feedback",
	"attendance": "tr.flash.attendance", "scores": "tr.flash.scores", "completed": "tr.flash.completed",
	"revoked": "tr.flash.revoked", "created": "tr.flash.created", "agreement": "tr.flash.agreement", "trainer": "tr.flash.trainer",
	"programme": "tr.flash.programme", "session": "tr.flash.session",
}

func flashOf(r *http.Request) string {
	if k := trainingFlashes[r.URL.Query().Get("ok")]; k != "" {
		return T(langOf(r), k)
	}
	return ""
}

// formFail is a refused form shown again: which form, its messages.
type formFail struct {
	Which  string
	Error  string
	Fields map[string]string
}

// refused turns err into the form's messages and status, or returns it
// as hard when it is not the form's to show.
func refused(r *http.Request, err error, which string, inputs ...string) (formFail, int, error) {
	fields, msg, status, hard := fieldsOf(r, err, inputs...)
	return formFail{Which: which, Error: msg, Fields: fields}, status, hard
}

// sessionView is a session with its links, as lists show it.
type sessionView struct {
	*training.Session
	Href  string
	Phase string
}

func (s *Server) sessionViews(p *identity.Principal, ss []*training.Session) []sessionView {
	now := s.now()
	out := make([]sessionView, 0, len(ss))
	for _, x := range ss {
		v := sessionView{Session: x, Phase: x.Phase(now)}
		if s.may(p, "GET /pelatihan/sesi/{id}") {
			v.Href = trSessionPath(x.ID)
		}
		out = append(out, v)
	}
	return out
}

type catalogueData struct {
	Sessions   []sessionView
	Programmes []*training.Programme
	Links      []link
}

// trainingCataloguePage: GET /pelatihan — the sessions not yet over and
// the programmes of every partner institution.
func (s *Server) trainingCataloguePage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	p := identity.PrincipalFrom(ctx)
	ss, err := s.training.Sessions(ctx, training.SessionFilter{EndsAfter: s.now()})
	if err != nil {
		return err
	}
	d := catalogueData{Sessions: s.sessionViews(p, ss)}
	if d.Programmes, err = s.training.Programmes(ctx, 0); err != nil {
		return err
	}
	d.Links = s.allowed(p, rl("tr.go.mine", "/pelatihan/saya", "/pelatihan/saya"),
		rl("tr.go.approvals", "/pelatihan/persetujuan", "/pelatihan/persetujuan"),
		rl("tr.go.institutions", "/pelatihan/lembaga", "/pelatihan/lembaga"),
		rl("tr.go.report", "/pelatihan/laporan", "/pelatihan/laporan"))
	return s.render(w, r, http.StatusOK, "training_catalogue", "tr.catalogue.title", d)
}

// trParticipant is an enrolment on the session's page.
type trParticipant struct {
	*training.Enrolment
	Percent   int
	RevokeURL string
}

type sessionData struct {
	S            sessionView
	Competencies []string
	Mine         *training.Enrolment // the signed-in employee's own enrolment, if any
	CanRequest   bool
	CanCancel    bool
	CanNominate  bool
	CanTeach     bool // attendance, scores, completion
	CanRevoke    bool
	CanDecide    bool // the admin decides requests on the session's page
	Participants []trParticipant
	Meetings     []int
	Flash        string
	F            formFail
	Nominee      string
}

// trainingSessionPage: GET /pelatihan/sesi/{id} — the session; the
// employee's enrolment, the nomination form, and for its institution's
// trainers and the admin the participants with attendance and scores.
func (s *Server) trainingSessionPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderSession(w, r, http.StatusOK, sessionData{Flash: flashOf(r)})
}

func (s *Server) renderSession(w http.ResponseWriter, r *http.Request, status int, d sessionData) error {
	ctx := r.Context()
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	ss, err := s.training.FindSession(ctx, id)
	if err != nil {
		return err
	}
	p := identity.PrincipalFrom(ctx)
	d.S = s.sessionViews(p, []*training.Session{ss})[0]
	lang := langOf(r)
	for _, c := range ss.Programme.Competencies {
		d.Competencies = append(d.Competencies, competencyName(lang, c))
	}
	open := d.S.Phase == "open" || d.S.Phase == "running"
	if p.Has(identity.Employee) {
		if err := s.ownEnrolment(r, p, ss, open, &d); err != nil {
			return err
		}
	}
	d.CanNominate = open && s.may(p, "POST /pelatihan/sesi/{id}/usul")
	if s.may(p, "POST /pelatihan/sesi/{id}/nilai") {
		inst, err := s.training.InstitutionOf(ctx, p.UserID)
		if err != nil {
			return err
		}
		d.CanTeach = p.Has(identity.Admin) || inst == ss.Programme.InstitutionID
	}
	d.CanRevoke = s.may(p, "POST /pelatihan/peserta/{id}/cabut")
	d.CanDecide = p.Has(identity.Admin) && s.may(p, "POST /pelatihan/peserta/{id}/setujui")
	if d.CanTeach || p.Has(identity.Admin, identity.Auditor) {
		if err := s.sessionParticipants(r, ss, &d); err != nil {
			return err
		}
	}
	return s.render(w, r, status, "training_session", "tr.session.title", d)
}

// ownEnrolment fills the signed-in employee's own enrolment in ss and
// what they may do with it.
func (s *Server) ownEnrolment(r *http.Request, p *identity.Principal, ss *training.Session, open bool, d *sessionData) error {
	mine, err := s.training.EnrolmentsOfUser(r.Context(), p.UserID)
	if err != nil {
		return err
	}
	for _, e := range mine {
		if e.SessionID == ss.ID && e.Status != training.StatusCancelled && e.Status != training.StatusRejected {
			d.Mine = e
		}
	}
	d.CanRequest = open && d.Mine == nil && s.may(p, "POST /pelatihan/sesi/{id}/daftar")
	d.CanCancel = d.Mine != nil && ss.CompletedAt == nil && (d.Mine.Status == training.StatusRequested ||
		d.Mine.Status == training.StatusWaitlisted || d.Mine.Status == training.StatusEnrolled)
	return nil
}

// sessionParticipants fills the participants of ss, with the meetings for
// whoever records them.
func (s *Server) sessionParticipants(r *http.Request, ss *training.Session, d *sessionData) error {
	es, err := s.training.Participants(r.Context(), ss.ID)
	if err != nil {
		return err
	}
	for _, e := range es {
		v := trParticipant{Enrolment: e, Percent: training.AttendancePercent(e.Present, ss.Meetings)}
		if d.CanRevoke && e.Status == training.StatusCompleted && e.RevokedAt == nil {
			v.RevokeURL = "/pelatihan/peserta/" + strconv.FormatInt(e.ID, 10) + "/cabut"
		}
		d.Participants = append(d.Participants, v)
	}
	if d.CanTeach {
		for i := 1; i <= ss.Meetings; i++ {
			d.Meetings = append(d.Meetings, i)
		}
	}
	return nil
}

// trainingRequestSubmit: POST /pelatihan/sesi/{id}/daftar — the employee
// asks for a seat → 303 to the session; 409 when already in it.
func (s *Server) trainingRequestSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p := identity.PrincipalFrom(r.Context())
	if _, err := s.training.RequestEnrolment(r.Context(), id, p.UserID); err != nil {
		f, status, hard := refused(r, err, "request")
		if hard != nil {
			return hard
		}
		return s.renderSession(w, r, status, sessionData{F: f})
	}
	http.Redirect(w, r, trSessionPath(id)+"?ok=requested", http.StatusSeeOther)
	return nil
}

// trainingNominateSubmit: POST /pelatihan/sesi/{id}/usul — employee (NIP)
// → 303 to the session.
func (s *Server) trainingNominateSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p := identity.PrincipalFrom(r.Context())
	number := r.PostFormValue("employee")
	if _, err := s.training.Nominate(r.Context(), id, actorOf(p), number); err != nil {
		f, status, hard := refused(r, err, "nominate", "employee")
		if hard != nil {
			return hard
		}
		return s.renderSession(w, r, status, sessionData{F: f, Nominee: number})
	}
	http.Redirect(w, r, trSessionPath(id)+"?ok=nominated#participants", http.StatusSeeOther)
	return nil
}

// enrolmentAction runs one action on an enrolment and goes back to where
// the form says (a path of this site) with ?ok=flash.
func (s *Server) enrolmentAction(w http.ResponseWriter, r *http.Request, flash string,
	do func(id int64, p *identity.Principal) error) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := do(id, identity.PrincipalFrom(r.Context())); err != nil {
		return err
	}
	back := r.PostFormValue("back")
	if !strings.HasPrefix(back, "/pelatihan") || strings.HasPrefix(back, "//") {
		back = "/pelatihan/saya"
	}
	http.Redirect(w, r, back+"?ok="+flash, http.StatusSeeOther)
	return nil
}

// trainingApproveSubmit: POST /pelatihan/peserta/{id}/setujui — the
// supervisor approves → 303 back.
func (s *Server) trainingApproveSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.enrolmentAction(w, r, "approved", func(id int64, p *identity.Principal) error {
		_, err := s.training.Decide(r.Context(), id, actorOf(p), true)
		return err
	})
}

// trainingRejectSubmit: POST /pelatihan/peserta/{id}/tolak — the
// supervisor rejects → 303 back.
func (s *Server) trainingRejectSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.enrolmentAction(w, r, "rejected", func(id int64, p *identity.Principal) error {
		_, err := s.training.Decide(r.Context(), id, actorOf(p), false)
		return err
	})
}

// trainingCancelSubmit: POST /pelatihan/peserta/{id}/batal — withdraw →
// 303 back; a freed seat goes to the waitlist.
func (s *Server) trainingCancelSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.enrolmentAction(w, r, "cancelled", func(id int64, p *identity.Principal) error {
		return s.training.Cancel(r.Context(), id, actorOf(p))
	})
}

// trainingFeedbackSubmit: POST /pelatihan/peserta/{id}/umpan-balik —
// rating (1–5), comment → 303 to my trainings.
func (s *Server) trainingFeedbackSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p := identity.PrincipalFrom(r.Context())
	rating, _ := strconv.Atoi(strings.TrimSpace(r.PostFormValue("rating")))
	if err := s.training.GiveFeedback(r.Context(), id, p.UserID, rating, r.PostFormValue("comment")); err != nil {
		f, status, hard := refused(r, err, "feedback-"+strconv.FormatInt(id, 10), "rating", "comment")
		if hard != nil {
			return hard
		}
		return s.renderMyTrainings(w, r, status, myTrainingsData{F: f})
	}
	http.Redirect(w, r, "/pelatihan/saya?ok=feedback", http.StatusSeeOther)
	return nil
}

// trainingRevokeSubmit: POST /pelatihan/peserta/{id}/cabut — reason,
// confirmed → 303 to the session.
func (s *Server) trainingRevokeSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	e, err := s.training.FindEnrolment(r.Context(), id)
	if err != nil {
		return err
	}
	reason := strings.TrimSpace(r.PostFormValue("reason"))
	if reason == "" {
		return apperr.InvalidMsgs(map[string]apperr.Msg{"reason": apperr.M("training.required")})
	}
	if ok, err := s.confirmed(w, r, confirmAsk{Title: "tr.revoke.title", What: "tr.revoke.what", Args: []any{"name", e.Employee.Name},
		Back: trSessionPath(e.SessionID)}); !ok || err != nil {
		return err
	}
	if err := s.training.Revoke(r.Context(), id, reason); err != nil {
		return err
	}
	http.Redirect(w, r, trSessionPath(e.SessionID)+"?ok=revoked#participants", http.StatusSeeOther)
	return nil
}

// myEnrolment is an enrolment on the employee's own page.
type myEnrolment struct {
	*training.Enrolment
	Session     *training.Session
	Href        string
	CertHref    string
	CanFeedback bool
	CanCancel   bool
	RatingValue int // 0: not rated
}

type myTrainingsData struct {
	Items   []myEnrolment
	Ratings []int // 1…5
	JPYear  int   // JP of the certificates (not revoked) completed this calendar year (WIB)
	Year    int
	Flash   string
	F       formFail
	Catalog string
}

// trainingMinePage: GET /pelatihan/saya — the employee's trainings, with
// feedback and certificates.
func (s *Server) trainingMinePage(w http.ResponseWriter, r *http.Request) error {
	return s.renderMyTrainings(w, r, http.StatusOK, myTrainingsData{Flash: flashOf(r)})
}

func (s *Server) renderMyTrainings(w http.ResponseWriter, r *http.Request, status int, d myTrainingsData) error {
	ctx := r.Context()
	p := identity.PrincipalFrom(ctx)
	es, err := s.training.EnrolmentsOfUser(ctx, p.UserID)
	if err != nil {
		return err
	}
	now := s.now()
	d.Year, d.Ratings = now.In(wib).Year(), []int{1, 2, 3, 4, 5}
	for _, e := range es {
		ss, err := s.training.FindSession(ctx, e.SessionID)
		if err != nil {
			return err
		}
		m := myEnrolment{Enrolment: e, Session: ss, Href: trSessionPath(ss.ID)}
		if e.Rating != nil {
			m.RatingValue = *e.Rating
		}
		if e.Status == training.StatusCompleted && s.may(p, "GET /api/v1/training/enrolments/{id}/certificate.pdf") {
			m.CertHref = "/api/v1/training/enrolments/" + strconv.FormatInt(e.ID, 10) + "/certificate.pdf"
		}
		if e.Status == training.StatusCompleted && e.RevokedAt == nil && strings.HasPrefix(e.CompletedOn, strconv.Itoa(d.Year)) {
			d.JPYear += ss.Programme.JP
		}
		m.CanFeedback = (e.Status == training.StatusEnrolled || e.Status == training.StatusCompleted ||
			e.Status == training.StatusIncomplete) && !now.Before(ss.StartsAt)
		m.CanCancel = ss.CompletedAt == nil && (e.Status == training.StatusRequested || e.Status == training.StatusWaitlisted ||
			e.Status == training.StatusEnrolled)
		d.Items = append(d.Items, m)
	}
	if s.may(p, "GET /pelatihan") {
		d.Catalog = "/pelatihan"
	}
	return s.render(w, r, status, "training_mine", "tr.mine.title", d)
}

type approvalsData struct {
	Items []*training.Enrolment
	Names map[int64]string // session id → programme title
	Flash string
}

// trainingApprovalsPage: GET /pelatihan/persetujuan — the enrolments the
// supervisor's direct reports asked for.
func (s *Server) trainingApprovalsPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	p := identity.PrincipalFrom(ctx)
	es, err := s.training.PendingFor(ctx, p.UserID)
	if err != nil {
		return err
	}
	d := approvalsData{Items: es, Names: map[int64]string{}, Flash: flashOf(r)}
	for _, e := range es {
		ss, err := s.training.FindSession(ctx, e.SessionID)
		if err != nil {
			return err
		}
		d.Names[e.SessionID] = ss.Programme.Title + " · " + ss.StartsAt.In(wib).Format("02-01-2006")
	}
	return s.render(w, r, http.StatusOK, "training_approvals", "tr.approvals.title", d)
}

type teachingData struct {
	Sessions []sessionView
	None     bool // the account belongs to no institution
}

// trainingTeachingPage: GET /pelatihan/mengajar — the trainer's
// institution's sessions not yet over.
func (s *Server) trainingTeachingPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	p := identity.PrincipalFrom(ctx)
	inst, err := s.training.InstitutionOf(ctx, p.UserID)
	if err != nil {
		return err
	}
	d := teachingData{None: inst == 0}
	if inst != 0 {
		ss, err := s.training.Sessions(ctx, training.SessionFilter{InstitutionID: inst})
		if err != nil {
			return err
		}
		d.Sessions = s.sessionViews(p, ss)
	}
	return s.render(w, r, http.StatusOK, "training_teaching", "tr.teaching.title", d)
}

type meetingData struct {
	S            *training.Session
	No           int
	Participants []*training.Enrolment
	Present      map[int64]bool
	Back         string
}

// trainingMeetingPage: GET /pelatihan/sesi/{id}/pertemuan/{no} — one
// meeting's attendance list, made for a phone.
func (s *Server) trainingMeetingPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	no, err := strconv.Atoi(r.PathValue("no"))
	if err != nil {
		return training.ErrMeetingNotFound
	}
	ss, err := s.training.FindSession(ctx, id)
	if err != nil {
		return err
	}
	if no < 1 || no > ss.Meetings {
		return training.ErrMeetingNotFound
	}
	es, err := s.training.Participants(ctx, id)
	if err != nil {
		return err
	}
	d := meetingData{S: ss, No: no, Present: map[int64]bool{}, Back: trSessionPath(id)}
	for _, e := range es {
		if e.Status == training.StatusEnrolled || e.Status == training.StatusCompleted || e.Status == training.StatusIncomplete {
			d.Participants = append(d.Participants, e)
			d.Present[e.ID] = e.Attendance[no-1]
		}
	}
	return s.render(w, r, http.StatusOK, "training_meeting", "tr.meeting.title", d)
}

// trainingMeetingSubmit: POST /pelatihan/sesi/{id}/pertemuan/{no} —
// present (enrolment ids, repeated) → 303 to the session. An enrolment
// that is no seated participant of the session: 404.
func (s *Server) trainingMeetingSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	no, err := strconv.Atoi(r.PathValue("no"))
	if err != nil {
		return training.ErrMeetingNotFound
	}
	var present []int64
	for _, v := range r.PostForm["present"] {
		e, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return training.ErrParticipantNotFound
		}
		present = append(present, e)
	}
	if err := s.training.RecordAttendance(r.Context(), id, no, actorOf(identity.PrincipalFrom(r.Context())), present); err != nil {
		return err
	}
	http.Redirect(w, r, trSessionPath(id)+"?ok=attendance#participants", http.StatusSeeOther)
	return nil
}

// trainingScoresSubmit: POST /pelatihan/sesi/{id}/nilai — pre_{id},
// post_{id} per participant (blank: not taken) → 303 to the session.
func (s *Server) trainingScoresSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	byID := map[int64]*training.Scores{}
	var order []int64
	for k, vs := range r.PostForm {
		kind, num, ok := strings.Cut(k, "_")
		if !ok || (kind != "pre" && kind != "post") || len(vs) == 0 {
			continue
		}
		eid, err := strconv.ParseInt(num, 10, 64)
		if err != nil {
			return training.ErrParticipantNotFound
		}
		sc := byID[eid]
		if sc == nil {
			sc = &training.Scores{EnrolmentID: eid}
			byID[eid] = sc
			order = append(order, eid)
		}
		if v := strings.TrimSpace(vs[0]); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil {
				return apperr.InvalidMsgs(map[string]apperr.Msg{"score": apperr.M("training.score")})
			}
			if kind == "pre" {
				sc.Pre = &n
			} else {
				sc.Post = &n
			}
		}
	}
	scores := make([]training.Scores, 0, len(order))
	for _, eid := range order {
		scores = append(scores, *byID[eid])
	}
	if err := s.training.RecordScores(r.Context(), id, actorOf(identity.PrincipalFrom(r.Context())), scores); err != nil {
		return err
	}
	http.Redirect(w, r, trSessionPath(id)+"?ok=scores#participants", http.StatusSeeOther)
	return nil
}

// trainingCompleteSubmit: POST /pelatihan/sesi/{id}/selesai — confirmed →
// the completion rule applied → 303 to the session.
func (s *Server) trainingCompleteSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	ask := confirmAsk{Title: "tr.complete.title", What: "tr.complete.what", Back: trSessionPath(id)}
	if ok, err := s.confirmed(w, r, ask); !ok || err != nil {
		return err
	}
	if _, err := s.training.CompleteSession(r.Context(), id, actorOf(identity.PrincipalFrom(r.Context()))); err != nil {
		return err
	}
	http.Redirect(w, r, trSessionPath(id)+"?ok=completed#participants", http.StatusSeeOther)
	return nil
}

// competencyName is a competency's name in lang.
func competencyName(lang, key string) string {
	c, ok := training.CompetencyByKey(key)
	if !ok {
		return key
	}
	if lang == langEN {
		return c.EN
	}
	return c.ID
}

// rupiah writes an amount as Rp 1.500.000.
func rupiah(v int64) string {
	s := strconv.FormatInt(v, 10)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(c)
	}
	return "Rp " + b.String()
}
