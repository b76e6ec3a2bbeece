package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"asnpro/internal/apperr"
	"asnpro/internal/audit"
	"asnpro/internal/i18n"
	"asnpro/internal/identity"
	"asnpro/internal/recruitment"
	"asnpro/internal/verification"
)

// --- /verifikasi: periods and their integrity pacts ---

type pactRow struct {
	P       periodView
	Pact    *verification.Pact
	Text    string // the pact in the page's language
	CanSign bool   // the caller is committee, verifier or assessor
	CanOpen bool   // the caller may open the period's verification page
	Error   string
}

type verifyHomeData struct {
	Rows  []pactRow
	Flash string
}

// verifyHomePage: GET /verifikasi — every period with the caller's pact:
// the text and the button to sign it, or the way to the period's work.
func (s *Server) verifyHomePage(w http.ResponseWriter, r *http.Request) error {
	return s.renderVerifyHome(w, r, http.StatusOK, 0, "")
}

func (s *Server) renderVerifyHome(w http.ResponseWriter, r *http.Request, status int, errPeriod int64, errMsg string) error {
	p := identity.PrincipalFrom(r.Context())
	ps, err := s.rec.FindPeriods(r.Context(), p.Has(identity.Committee))
	if err != nil {
		return err
	}
	d := verifyHomeData{Flash: verifyFlashes[r.URL.Query().Get("ok")]}
	for _, per := range ps {
		pc, err := s.ver.FindPact(r.Context(), p, per.ID)
		if err != nil {
			return err
		}
		idText, enText := verification.PactText(per.Name)
		row := pactRow{P: periodView{per, per.Phase(s.now())}, Pact: pc, Text: idText,
			CanSign: p.Has(identity.Committee, identity.Verifier, identity.Assessor), CanOpen: s.may(p, "GET /verifikasi/periode/{id}")}
		if langOf(r) == langEN {
			row.Text = enText
		}
		if per.ID == errPeriod {
			row.Error = errMsg
		}
		d.Rows = append(d.Rows, row)
	}
	return s.render(w, r, status, "verify_home", "ver.title", d)
}

var verifyFlashes = map[string]string{
	"pact": "ver.flash.pact", "conflict": "ver.flash.conflict", "decided": "ver.flash.decided", "confirmed": "ver.flash.confirmed",
	"reopened": "ver.flash.reopened",
	"assigned": "staff.flash.assigned", "published": "ver.flash.published", "appeal": "ver.flash.appeal", "appealed": "ver.flash.appealed",
}

func parseForm(w http.ResponseWriter, r *http.Request) error {
	if err := limitBody(w, r, 64<<10); err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return &apperr.Error{Code: apperr.Malformed, Msg: apperr.M("verification.form_unreadable"), Err: err}
	}
	if err := checkValues(r.Form); err != nil {
		return err
	}
	return nil
}

// pageError returns err itself when it should be the error page, or its
// message to show in the form.
func pageError(r *http.Request, err error) (string, int, error) {
	ae := normalise(err)
	if ae.Code == apperr.Internal || ae.Code == apperr.NotFound || ae.Code == apperr.Malformed {
		return "", 0, err
	}
	msg := ae.Localized(langOf(r))
	fields := ae.LocalizedFields(langOf(r))
	keys := make([]string, 0, len(fields))
	for k := range fields {
		keys = append(keys, k)
	}
	sortStrings(keys)
	for _, k := range keys {
		if v := fields[k]; !strings.Contains(msg, v) {
			msg += " · " + v
		}
	}
	return msg, Status(ae.Code), nil
}

// pactSignSubmit: POST /verifikasi/periode/{id}/pakta (no_conflict=1) → 303.
func (s *Server) pactSignSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	if r.PostFormValue("agree") != "1" {
		return s.renderVerifyHome(w, r, http.StatusUnprocessableEntity, id, T(langOf(r), "ver.pact.agree.missing"))
	}
	if _, err := s.ver.SignPact(r.Context(), identity.PrincipalFrom(r.Context()), id, r.PostFormValue("no_conflict") == "1"); err != nil {
		msg, status, perr := pageError(r, err)
		if perr != nil {
			return perr
		}
		return s.renderVerifyHome(w, r, status, id, msg)
	}
	http.Redirect(w, r, "/verifikasi/periode/"+strconv.FormatInt(id, 10)+"?ok=pact", http.StatusSeeOther)
	return nil
}

// --- /verifikasi/periode/{id}: the queue, and the committee's desk ---

type verifyPeriodData struct {
	P             periodView
	Queue         *verification.Queue
	Status        string
	Statuses      []string
	Next, Prev    string
	IsVerifier    bool
	IsCommittee   bool
	Progress      *verification.Progress
	Integrity     *verification.Integrity
	Appeals       []verification.AppealRow
	Announcements []*verification.Announcement
	Flash         string
	Error         string
	Now           time.Time
	// Assign is who holds each application and who may take it. CanAct:
	// the caller acts as committee, so the desk's forms show; ReadOnly: the
	// caller acts as auditor (reads, changes nothing, sees no form).
	Assign   *verification.Assignment
	CanAct   bool
	ReadOnly bool
	Lang     string
	// AssignApp is the application whose assignment was refused, with the
	// reason beside its form and the verifier that was chosen.
	AssignApp   int64
	AssignError string
	// RankingHref is the period's ranking page, "" when the caller may not open it.
	RankingHref string
	// AssessHref is the period's assessments page, "" when the caller may not open it.
	AssessHref  string
	AssignTyped string
	// Publish is, per stage the committee publishes, why it may not be
	// published now ("" when the button shows); verification.CanPublish.
	Publish map[string]string
	// ConflictErrors are the refusals of the conflict form beside its
	// fields, by field; ConflictTyped what was typed, kept.
	ConflictErrors map[string]string
	ConflictTyped  verification.NewConflict
	// Q is the queue's search; Batch the batch assignment form's refusal
	// and what was chosen (verification_batch.go).
	Q             string
	Offset, Limit int
	Batch         batchForm
}

// publishStages are the lists the committee's desk publishes, in order.
var publishStages = []string{verification.StageAdministration, verification.StageAppeal}

// publishReasons are the short words for why a list cannot be published
// yet, by the domain's message key; other refusals show the domain's words.
var publishReasons = map[string]string{
	"verification.undecided":          "fixstaff.publish.undecided",
	"verification.pending_appeals":    "fixstaff.publish.pending_appeals",
	"verification.appeal_stage_first": "fixstaff.publish.admin_first",
}

// publishBlocks asks the domain, for each stage, whether it would publish
// now, and gives the reason in the page's language when not.
func (s *Server) publishBlocks(r *http.Request, p *identity.Principal, periodID int64) (map[string]string, error) {
	out := map[string]string{}
	for _, st := range publishStages {
		err := s.ver.CanPublish(r.Context(), p, periodID, st)
		if err == nil {
			out[st] = ""
			continue
		}
		ae := normalise(err)
		if ae.Code == apperr.Internal {
			return nil, err
		}
		if k, ok := publishReasons[ae.Msg.Key]; ok {
			out[st] = T(langOf(r), k, ae.Msg.Args...)
		} else {
			out[st] = ae.Localized(langOf(r))
		}
	}
	return out, nil
}

// verifyPeriodPage: GET /verifikasi/periode/{id}?status=&offset= — 403 until the pact is signed.
func (s *Server) verifyPeriodPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderVerifyPeriod(w, r, http.StatusOK, "")
}

func (s *Server) renderVerifyPeriod(w http.ResponseWriter, r *http.Request, status int, errMsg string) error {
	return s.renderVerifyPeriodWith(w, r, status, errMsg, nil)
}

// renderVerifyPeriodWith renders the period's desk; more, when set, adds
// to the page's data before it is rendered.
func (s *Server) renderVerifyPeriodWith(w http.ResponseWriter, r *http.Request, status int, errMsg string,
	more func(*verifyPeriodData)) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	ctx := r.Context()
	p := identity.PrincipalFrom(ctx)
	per, err := s.rec.FindPeriodByID(ctx, id, true)
	if err != nil {
		return err
	}
	f, err := queueFilter(r, id)
	if err != nil {
		return err
	}
	q, err := s.ver.FindQueue(ctx, p, f)
	if err != nil {
		return err
	}
	d := verifyPeriodData{Now: s.now(), P: periodView{per, per.Phase(s.now())}, Queue: q, Status: f.Status,
		Statuses:   []string{"pending", "MS", "TMS", "all"},
		IsVerifier: p.Has(identity.Verifier), IsCommittee: p.Has(identity.Committee, identity.Auditor),
		Flash: verifyFlashes[r.URL.Query().Get("ok")], Error: errMsg, Lang: langOf(r),
		ReadOnly: audit.ActorFrom(ctx).Role == string(identity.Auditor)}
	if d.Status == "" {
		d.Status = "pending"
	}
	d.Q, d.Offset, d.Limit = f.Q, f.Offset, f.Limit
	page := func(off int) string { return d.queueLink(d.Status, off) }
	if f.Offset+f.Limit < q.Total {
		d.Next = page(f.Offset + f.Limit)
	}
	if f.Offset > 0 {
		d.Prev = page(max(0, f.Offset-f.Limit))
	}
	if d.IsCommittee {
		if d.Progress, err = s.ver.FindProgress(ctx, p, id); err != nil {
			return err
		}
		if d.Integrity, err = s.ver.FindIntegrity(ctx, p, id); err != nil {
			return err
		}
		if d.Appeals, err = s.ver.FindAppeals(ctx, p, id); err != nil {
			return err
		}
		if d.Announcements, err = s.ver.FindAnnouncements(ctx, id); err != nil {
			return err
		}
		if d.Assign, err = s.ver.FindAssignment(ctx, p, id); err != nil {
			return err
		}
		if len(d.Announcements) > 0 && s.may(p, "GET /panitia/periode/{id}/peringkat") {
			d.RankingHref = rankingPath(id)
		}
		if s.may(p, "GET /panitia/periode/{id}/asesmen") {
			d.AssessHref = "/panitia/periode/" + strconv.FormatInt(id, 10) + "/asesmen"
		}
		d.CanAct = p.Has(identity.Committee) && audit.ActorFrom(ctx).Role != string(identity.Auditor)
		if d.CanAct {
			if d.Publish, err = s.publishBlocks(r, p, id); err != nil {
				return err
			}
		}
	}
	if more != nil {
		more(&d)
	}
	return s.render(w, r, status, "verify_period", "ver.period.title", d)
}

// announceSubmit: POST /verifikasi/periode/{id}/umumkan (stage) → 303 to the public list.
func (s *Server) announceSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	if ok, err := s.announceConfirmed(w, r, id); !ok {
		return err
	}
	pub, err := s.ver.PublishResults(r.Context(), identity.PrincipalFrom(r.Context()), id, r.PostFormValue("stage"))
	if err != nil {
		msg, status, perr := pageError(r, err)
		if perr != nil {
			return perr
		}
		return s.renderVerifyPeriod(w, r, status, msg)
	}
	http.Redirect(w, r, "/periods/"+strconv.FormatInt(id, 10)+"/results?stage="+pub.Stage+"&version="+strconv.Itoa(pub.Version),
		http.StatusSeeOther)
	return nil
}

// announceAsks are the confirmations of publishing each stage's list.
var announceAsks = map[string]confirmAsk{
	verification.StageAdministration: {Title: "qafix.confirm.admin.title", What: "qafix.confirm.admin.what"},
	verification.StageAppeal:         {Title: "qafix.confirm.appeal.title", What: "qafix.confirm.appeal.what"},
}

// announceConfirmed asks before a list that would be published now; a
// list that would be refused (a stage unknown, registration still open,
// undecided applications) goes on to its refusal without asking.
func (s *Server) announceConfirmed(w http.ResponseWriter, r *http.Request, id int64) (bool, error) {
	stage := r.PostFormValue("stage")
	ask, known := announceAsks[stage]
	if !known || s.ver.CanPublish(r.Context(), identity.PrincipalFrom(r.Context()), id, stage) != nil {
		return true, nil
	}
	ask.Back = "/verifikasi/periode/" + strconv.FormatInt(id, 10) + "#publish"
	return s.confirmed(w, r, ask)
}

// conflictSubmit: POST /verifikasi/periode/{id}/konflik (registration_number, kind, note) → 303.
func (s *Server) conflictSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	n := conflictRequest{ApplicationID: r.PostFormValue("application_id"), RegistrationNumber: r.PostFormValue("registration_number"),
		Kind: r.PostFormValue("kind"), Note: r.PostFormValue("note")}.domain()
	ask := confirmAsk{Title: "qafix.confirm.conflict.title", What: "qafix.confirm.conflict.what",
		Back: "/verifikasi/periode/" + strconv.FormatInt(id, 10) + "#conflict"}
	if s.ver.CheckConflict(r.Context(), identity.PrincipalFrom(r.Context()), id, n) == nil {
		if ok, err := s.confirmed(w, r, ask); !ok {
			return err
		}
	}
	if _, err := s.ver.DeclareConflict(r.Context(), identity.PrincipalFrom(r.Context()), id, n); err != nil {
		fields := map[string]string{}
		status := http.StatusUnprocessableEntity
		if errors.Is(err, verification.ErrNotFound) {
			// A number typed wrong: said beside the field, the form kept.
			fields["registration_number"] = T(langOf(r), "fixstaff.conflict.no_application")
		} else {
			msg, st, perr := pageError(r, err)
			if perr != nil {
				return perr
			}
			if ae := apperr.As(err); ae != nil && ae.Code == apperr.Invalid {
				fields = ae.LocalizedFields(langOf(r))
			}
			if len(fields) == 0 {
				return s.renderVerifyPeriod(w, r, st, msg)
			}
			status = st
		}
		return s.renderVerifyPeriodWith(w, r, status, "", func(d *verifyPeriodData) {
			d.ConflictErrors, d.ConflictTyped = fields, n
		})
	}
	http.Redirect(w, r, "/verifikasi/periode/"+strconv.FormatInt(id, 10)+"?ok=conflict", http.StatusSeeOther)
	return nil
}

// assignFormView is one application's assignment form.
type assignFormView struct {
	App     int64
	Options []verification.Person
	Error   string
	Typed   string
	Lang    string
}

// T translates a catalogue key into the page's language.
func (f assignFormView) T(key string) string { return T(f.Lang, key) }

// AssignForm is the assignment form of queue item it: the verifiers it may
// go to, and the refusal of the last attempt when it was this one.
func (d verifyPeriodData) AssignForm(it verification.QueueItem) assignFormView {
	f := assignFormView{App: it.ApplicationID, Options: d.Assign.Options(it.ApplicationID, it.VerifierID), Lang: d.Lang}
	if d.AssignApp == it.ApplicationID {
		f.Error, f.Typed = d.AssignError, d.AssignTyped
	}
	return f
}

// hasAssignForm reports whether the page shows application id's
// assignment form: an undecided application of the queue page that a
// verifier holds, or one without a verifier.
func (d *verifyPeriodData) hasAssignForm(id int64) bool {
	if !d.CanAct || d.Assign == nil {
		return false
	}
	for _, it := range d.Queue.Items {
		if it.ApplicationID == id && it.VerifierID != 0 && it.Decision == "" {
			return true
		}
	}
	for _, it := range d.Assign.Unassigned {
		if it.ApplicationID == id {
			return true
		}
	}
	return false
}

// assignSubmit: POST /verifikasi/lamaran/{id}/verifikator (verifier =
// username, period) → 303 to the period's desk; a refusal is shown beside
// the application's form, with the chosen verifier kept.
func (s *Server) assignSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	typed := r.PostFormValue("verifier")
	if strings.TrimSpace(typed) == "" {
		return s.assignRefused(w, r, id, http.StatusUnprocessableEntity, T(langOf(r), "staff.assign.choose"), typed)
	}
	if err := s.ver.Reassign(r.Context(), identity.PrincipalFrom(r.Context()), id, typed); err != nil {
		msg, status, perr := pageError(r, err)
		if perr != nil {
			return perr
		}
		if m, ok := normalise(err).LocalizedFields(langOf(r))["verifier"]; ok {
			msg = m // beside the field: its own reason
		}
		return s.assignRefused(w, r, id, status, msg, typed)
	}
	v, err := s.ver.FindVerification(r.Context(), id)
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/verifikasi/periode/"+strconv.FormatInt(v.PeriodID, 10)+"?ok=assigned#assign-"+strconv.FormatInt(id, 10),
		http.StatusSeeOther)
	return nil
}

// assignRefused renders the period's desk (the period of application id)
// with msg beside the application's assignment form.
func (s *Server) assignRefused(w http.ResponseWriter, r *http.Request, id int64, status int, msg, typed string) error {
	v, err := s.ver.FindVerification(r.Context(), id)
	if err != nil {
		return err
	}
	r.SetPathValue("id", strconv.FormatInt(v.PeriodID, 10))
	return s.renderVerifyPeriodWith(w, r, status, "", func(d *verifyPeriodData) {
		d.AssignApp, d.AssignError, d.AssignTyped = id, msg, typed
		if !d.hasAssignForm(id) {
			d.Error = msg // e.g. decided meanwhile: no form to show it beside
		}
	})
}

// --- /verifikasi/lamaran/{id}: one application ---

type verifyAppData struct {
	V           *verification.View
	Docs        []docInline
	Flash       string
	Error       string
	Checked     map[string]bool
	Notes       map[string]string
	IsCommittee bool
	// Decision is the decision chosen in a refused form, kept; NoteErrors
	// the refusal beside each requirement's note, by requirement;
	// DecisionError the refusal beside the decision.
	Decision      string
	NoteErrors    map[string]string
	DecisionError string
}

// NoteError returns the refusal beside requirement k's note.
func (d verifyAppData) NoteError(k string) string { return d.NoteErrors[k] }

// decideForm is what a refused decision form shows again.
type decideForm struct {
	decision      string
	checked       map[string]bool
	notes         map[string]string
	reqs          []string // the requirements of the reasons sent, in order (reasons.<i>)
	noteErrors    map[string]string
	decisionError string
}

// placeErrors puts the refusal's field messages beside their fields: a
// reason's (reasons.<i>.note or .requirement) beside its requirement's
// note, the decision's and the reasons' beside the decision.
func (f *decideForm) placeErrors(r *http.Request, err error) {
	ae := apperr.As(err)
	if ae == nil {
		return
	}
	f.noteErrors = map[string]string{}
	for k, msg := range ae.LocalizedFields(langOf(r)) {
		if k == "decision" || k == "reasons" {
			f.decisionError = msg
			continue
		}
		rest, ok := strings.CutPrefix(k, "reasons.")
		if !ok {
			continue
		}
		i, err := strconv.Atoi(strings.SplitN(rest, ".", 2)[0])
		if err != nil || i < 0 || i >= len(f.reqs) {
			continue
		}
		f.noteErrors[f.reqs[i]] = T(langOf(r), "fixstaff.decide.note_error", "req", i18n.Name(langOf(r), "req", f.reqs[i]), "msg", msg)
	}
}

type docInline struct {
	Doc recruitment.Document
	URL string
	PDF bool
}

// Note returns the entered note of a requirement.
func (d verifyAppData) Note(k string) string { return d.Notes[k] }

// verifyAppPage: GET /verifikasi/lamaran/{id} — documents inline, pre-checks, checklist and decision.
func (s *Server) verifyAppPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderVerifyApp(w, r, http.StatusOK, "", nil)
}

func (s *Server) renderVerifyApp(w http.ResponseWriter, r *http.Request, status int, errMsg string, form *decideForm) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p := identity.PrincipalFrom(r.Context())
	vw, err := s.ver.ViewApplication(r.Context(), p, id)
	if err != nil {
		return err
	}
	d := verifyAppData{V: vw, Flash: verifyFlashes[r.URL.Query().Get("ok")], Error: errMsg, IsCommittee: p.Has(identity.Committee)}
	if form != nil {
		d.Checked, d.Notes, d.Decision, d.NoteErrors, d.DecisionError = form.checked, form.notes, form.decision, form.noteErrors,
			form.decisionError
	}
	for _, doc := range vw.App.Documents {
		d.Docs = append(d.Docs,
			docInline{Doc: doc, URL: "/api/v1/applications/" + strconv.FormatInt(id, 10) + "/documents/" + url.PathEscape(doc.Kind),
				PDF: doc.ContentType == "application/pdf"})
	}
	return s.render(w, r, status, "verify_app", "ver.app.title", d)
}

// decideSubmit: POST /verifikasi/lamaran/{id}/putusan (decision; req.<k>=1 and note.<k> per failed requirement).
func (s *Server) decideSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	n := verification.NewDecision{Decision: r.PostFormValue("decision")}
	checked, notes := map[string]bool{}, map[string]string{}
	form := &decideForm{decision: strings.ToUpper(strings.TrimSpace(n.Decision)), checked: checked, notes: notes}
	for k := range r.PostForm {
		if req, ok := strings.CutPrefix(k, "req."); ok && r.PostFormValue(k) == "1" {
			checked[req] = true
		}
		if req, ok := strings.CutPrefix(k, "note."); ok {
			notes[req] = r.PostFormValue(k)
		}
	}
	if strings.EqualFold(n.Decision, verification.TMS) {
		var keys []string
		for k := range checked {
			keys = append(keys, k)
		}
		sortStrings(keys)
		for _, k := range keys {
			n.Reasons = append(n.Reasons, verification.Reason{Requirement: k, Note: notes[k]})
		}
		form.reqs = keys
	}
	if s.ver.CheckDecision(r.Context(), identity.PrincipalFrom(r.Context()), id, n) == nil {
		ask := confirmAsk{Title: "qafix.confirm.decide.title", What: "qafix.confirm.decide.what", Args: []any{"decision", form.decision},
			Back: "/verifikasi/lamaran/" + strconv.FormatInt(id, 10)}
		if ok, err := s.confirmed(w, r, ask); !ok {
			return err
		}
	}
	if _, err := s.ver.Decide(r.Context(), identity.PrincipalFrom(r.Context()), id, n); err != nil {
		msg, status, perr := pageError(r, err)
		if perr != nil {
			return perr
		}
		form.placeErrors(r, err)
		if len(form.noteErrors) > 0 || form.decisionError != "" {
			msg = T(langOf(r), "fixstaff.decide.summary")
		}
		return s.renderVerifyApp(w, r, status, msg, form)
	}
	http.Redirect(w, r, "/verifikasi/lamaran/"+strconv.FormatInt(id, 10)+"?ok=decided", http.StatusSeeOther)
	return nil
}

// confirmSubmit: POST /verifikasi/lamaran/{id}/konfirmasi → 303.
func (s *Server) confirmSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	if s.ver.CheckConfirm(r.Context(), identity.PrincipalFrom(r.Context()), id) == nil {
		ask := confirmAsk{Title: "qafix.confirm.tms.title", What: "qafix.confirm.tms.what",
			Back: "/verifikasi/lamaran/" + strconv.FormatInt(id, 10)}
		if ok, err := s.confirmed(w, r, ask); !ok {
			return err
		}
	}
	if err := s.ver.Confirm(r.Context(), identity.PrincipalFrom(r.Context()), id); err != nil {
		msg, status, perr := pageError(r, err)
		if perr != nil {
			return perr
		}
		return s.renderVerifyApp(w, r, status, msg, nil)
	}
	http.Redirect(w, r, "/verifikasi/lamaran/"+strconv.FormatInt(id, 10)+"?ok=confirmed", http.StatusSeeOther)
	return nil
}

// reopenSubmit: POST /verifikasi/lamaran/{id}/buka (reason) → 303.
func (s *Server) reopenSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	if err := s.ver.Reopen(r.Context(), identity.PrincipalFrom(r.Context()), id, r.PostFormValue("reason")); err != nil {
		msg, status, perr := pageError(r, err)
		if perr != nil {
			return perr
		}
		return s.renderVerifyApp(w, r, status, msg, nil)
	}
	http.Redirect(w, r, "/verifikasi/lamaran/"+strconv.FormatInt(id, 10)+"?ok=reopened", http.StatusSeeOther)
	return nil
}

// appealDecideSubmit: POST /sanggah/{id}/putusan (upheld=1|0, response, period) → 303 to the period.
func (s *Server) appealDecideSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	var d verification.AppealDecision
	switch r.PostFormValue("upheld") {
	case "1":
		d.Upheld = new(bool)
		*d.Upheld = true
	case "0":
		d.Upheld = new(bool)
	}
	d.Response = r.PostFormValue("response")
	if s.ver.CheckAnswer(r.Context(), identity.PrincipalFrom(r.Context()), id, d) == nil {
		ask := confirmAsk{Title: "qafix.confirm.answer.title", What: "qafix.confirm.answer.what",
			Back: "/verifikasi/periode/" + url.PathEscape(r.PostFormValue("period")) + "#appeal-" + strconv.FormatInt(id, 10)}
		if ok, err := s.confirmed(w, r, ask); !ok {
			return err
		}
	}
	a, err := s.ver.DecideAppeal(r.Context(), identity.PrincipalFrom(r.Context()), id, d)
	period := r.PostFormValue("period")
	if err != nil {
		msg, status, perr := pageError(r, err)
		if perr != nil {
			return perr
		}
		r.SetPathValue("id", period)
		return s.renderVerifyPeriod(w, r, status, msg)
	}
	http.Redirect(w, r, "/verifikasi/periode/"+strconv.FormatInt(a.PeriodID, 10)+"?ok=appeal#appeals", http.StatusSeeOther)
	return nil
}

// --- the applicant's outcome and appeal: /lamaran/{id}/hasil ---

type outcomeData struct {
	A     *recruitment.Application
	F     *recruitment.Formation
	P     periodView
	O     *verification.Outcome
	Flash string
	Error string
	Draft string
	// Ranked are the application's rows in the published SKD and final
	// lists, with their explanations.
	Ranked []rankedView
}

// rankedView is one published ranked row as the applicant reads it.
type rankedView struct {
	verification.RankedRow
	Columns []string
	Why     *explanation
}

// outcomePage: GET /lamaran/{id}/hasil — the announced result with its reasons, and the appeal form.
func (s *Server) outcomePage(w http.ResponseWriter, r *http.Request) error {
	return s.renderOutcome(w, r, http.StatusOK, "", "")
}

func (s *Server) renderOutcome(w http.ResponseWriter, r *http.Request, status int, errMsg, draft string) error {
	a, err := s.ownApplication(r)
	if err != nil {
		return err
	}
	d := outcomeData{A: a, Flash: verifyFlashes[r.URL.Query().Get("ok")], Error: errMsg, Draft: draft, O: &verification.Outcome{}}
	if d.F, err = s.rec.FindFormationByID(r.Context(), a.FormationID, true); err != nil {
		return err
	}
	per, err := s.rec.FindPeriodByID(r.Context(), a.PeriodID, true)
	if err != nil {
		return err
	}
	d.P = periodView{per, per.Phase(s.now())}
	if a.Status == recruitment.StatusSubmitted {
		if d.O, err = s.ver.FindOutcome(r.Context(), identity.PrincipalFrom(r.Context()), a.ID); err != nil {
			return err
		}
		rows, err := s.ver.FindRankedRows(r.Context(), a.ID)
		if err != nil {
			return err
		}
		for _, row := range rows {
			why, err := explain(langOf(r), row.Item.Explanation)
			if err != nil {
				return err
			}
			cols, keep := listColumns(per.Kind, row.A.Stage)
			row.Item.Extra = keepColumns(row.Item.Extra, keep)
			d.Ranked = append(d.Ranked, rankedView{RankedRow: row, Columns: cols, Why: why})
		}
	}
	return s.render(w, r, status, "outcome", "ver.outcome.title", d)
}

// appealFileSubmit: POST /lamaran/{id}/sanggah (reason) → 303 back.
func (s *Server) appealFileSubmit(w http.ResponseWriter, r *http.Request) error {
	a, err := s.ownApplication(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	if s.ver.CheckFiling(r.Context(), identity.PrincipalFrom(r.Context()), a.ID, r.PostFormValue("reason")) == nil {
		ask := confirmAsk{Title: "qafix.confirm.file.title", What: "qafix.confirm.file.what",
			Back: "/lamaran/" + strconv.FormatInt(a.ID, 10) + "/hasil#appeal-form"}
		if ok, err := s.confirmed(w, r, ask); !ok {
			return err
		}
	}
	if _, err := s.ver.FileAppeal(r.Context(), identity.PrincipalFrom(r.Context()), a.ID, r.PostFormValue("reason")); err != nil {
		msg, status, perr := pageError(r, err)
		if perr != nil {
			return perr
		}
		return s.renderOutcome(w, r, status, msg, r.PostFormValue("reason"))
	}
	http.Redirect(w, r, "/lamaran/"+strconv.FormatInt(a.ID, 10)+"/hasil?ok=appealed", http.StatusSeeOther)
	return nil
}

// --- public: /periods/{id}/results and /periods/{id}/statistics ---

type resultsData struct {
	// Columns are the stage's further columns (verification.StageColumns),
	// and Codes the result codes its legend explains.
	Columns    []string
	Codes      []string
	P          periodView
	A          *verification.Announcement
	Title      string
	Items      []verification.Item
	Total      int
	Q          string
	Versions   []*verification.Announcement
	Next, Prev string
	Base       string
	// Published: the committee just published this list (?ok=published),
	// and BackHref its way back to the ranking page.
	Published bool
	BackHref  string
}

const resultsPageSize = 100

// ownCodes are the result codes of an own selection's final list
// (selection.OwnScheme).
var ownCodes = []string{"L", "P", "TL", "TH"}

// stageCodes are the result codes of the ranked lists, as their legend lists them.
var stageCodes = map[string][]string{
	verification.StageSKD:   {"P/L", "P", "TL", "TH"},
	verification.StageFinal: {"P/L", "P/L-2", "P", "TL", "TH"},
}

// resultsPage: GET /periods/{id}/results?stage=&version=&q=&offset= — a
// published list, its SHA-256 and every version.
func (s *Server) resultsPage(w http.ResponseWriter, r *http.Request) error {
	p, a, err := s.findAnnouncement(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	offset, _ := strconv.Atoi(q.Get("offset"))
	offset = max(0, offset)
	items, total, err := s.ver.Items(r.Context(), a, verification.ItemFilter{Q: q.Get("q"), Limit: resultsPageSize, Offset: offset})
	if err != nil {
		return err
	}
	vs, err := s.ver.FindAnnouncements(r.Context(), p.ID)
	if err != nil {
		return err
	}
	idT, enT := verification.StageTitle(a.Stage)
	cols, keep := listColumns(p.Kind, a.Stage)
	for i := range items {
		items[i].Extra = keepColumns(items[i].Extra, keep)
	}
	codes := stageCodes[a.Stage]
	if keep != nil {
		codes = ownCodes
	}
	d := resultsData{Columns: cols, Codes: codes, P: periodView{p, p.Phase(s.now())},
		A: a, Title: idT, Items: items, Total: total, Q: q.Get("q"), Versions: vs,
		Base: "/api/v1/periods/" + strconv.FormatInt(p.ID, 10) + "/results?stage=" + a.Stage + "&version=" + strconv.Itoa(a.Version)}
	if langOf(r) == langEN {
		d.Title = enT
	}
	link := func(off int) string {
		v := url.Values{"stage": {a.Stage}, "version": {strconv.Itoa(a.Version)}, "offset": {strconv.Itoa(off)}}
		if d.Q != "" {
			v.Set("q", d.Q)
		}
		return "/periods/" + strconv.FormatInt(p.ID, 10) + "/results?" + v.Encode()
	}
	if offset+resultsPageSize < total {
		d.Next = link(offset + resultsPageSize)
	}
	if offset > 0 {
		d.Prev = link(max(0, offset-resultsPageSize))
	}
	if r.URL.Query().Get("ok") == "published" && s.may(identity.PrincipalFrom(r.Context()), "GET /panitia/periode/{id}/peringkat") {
		d.Published = true
		if a.Stage == verification.StageSKD || a.Stage == verification.StageFinal {
			d.BackHref = rankingPath(p.ID)
		}
	}
	return s.render(w, r, http.StatusOK, "results", "ver.results.title", d)
}

type statsData struct {
	P    periodView
	S    *verification.Statistics
	Reqs []string
	F    statsFormationsView // stats_formations.go
}

// statisticsPage: GET /periods/{id}/statistics — public counts of the period.
func (s *Server) statisticsPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p, version, err := s.statisticsVersion(r, id)
	if err != nil {
		return err
	}
	return s.versionedRender(w, r, "statistics|"+strconv.FormatInt(id, 10), version, "stats", "ver.stats.title", func() (any, error) {
		st, err := s.ver.FindStatistics(r.Context(), id)
		if err != nil {
			return nil, err
		}
		return newStatsData(r, p, st, s.now()), nil
	})
}

func newStatsData(r *http.Request, p *recruitment.Period, st *verification.Statistics, now time.Time) statsData {
	d := statsData{P: periodView{p, p.Phase(now)}, S: st, F: newStatsFormationsView(r, st, p.ID)}
	seen := map[string]bool{}
	for k := range st.TMSByReq {
		seen[k] = true
	}
	for k := range st.AppealsByReq {
		seen[k] = true
	}
	for k := range seen {
		d.Reqs = append(d.Reqs, k)
	}
	sortStrings(d.Reqs)
	return d
}

func sortStrings(s []string) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}

// --- /verifikasi/periode/{id}/integritas: who signed, who recused ---

type integrityData struct {
	P      periodView
	I      *verification.Integrity
	Hashes []string // the distinct SHA-256 of the pact texts signed
}

// integrityPage: GET /verifikasi/periode/{id}/integritas — the period's
// signed integrity pacts and declared conflicts of interest, as
// GET /api/v1/periods/{id}/integrity gives them (committee after signing,
// auditor).
func (s *Server) integrityPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	per, err := s.rec.FindPeriodByID(r.Context(), id, true)
	if err != nil {
		return err
	}
	in, err := s.ver.FindIntegrity(r.Context(), identity.PrincipalFrom(r.Context()), id)
	if err != nil {
		return err
	}
	d := integrityData{P: periodView{per, per.Phase(s.now())}, I: in}
	seen := map[string]bool{}
	for _, pc := range in.Pacts {
		if !seen[pc.TextSHA256] {
			seen[pc.TextSHA256] = true
			d.Hashes = append(d.Hashes, pc.TextSHA256)
		}
	}
	return s.render(w, r, http.StatusOK, "integrity", "ver.integrity", d)
}

// ConflictKinds are the kinds of conflict of interest the form offers.
func (d verifyPeriodData) ConflictKinds() []string { return []string{"family", "work", "other"} }
