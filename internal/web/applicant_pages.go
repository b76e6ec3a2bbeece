package web

import (
	"errors"
	"io"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"asnpro/internal/apperr"
	"asnpro/internal/i18n"
	"asnpro/internal/identity"
	"asnpro/internal/recruitment"
	"asnpro/internal/upload"
	"asnpro/internal/verification"
)

// --- registration: GET/POST /daftar ---

type registerData struct {
	Form   recruitment.NewApplicant // Password is never sent back
	Fields map[string]string
	Error  string
	// Formation is the formation chosen before registering (decimal id or
	// ""): kept through the form, opened on the application page after.
	Formation string
	// Summary lists every field's error in the form's order, above the
	// form (each links to its field); Error then is its heading.
	Summary []fieldNote
}

// fieldNote is one field's error in a form's summary: the field's id, its
// label (a catalogue key) and the message.
type fieldNote struct{ ID, Label, Msg string }

// registerFields are the registration form's fields in order, with their
// labels.
var registerFields = []struct{ id, label string }{
	{"nik", "reg.nik"}, {"name", "reg.name"}, {"birth_place", "reg.birth_place"}, {"birth_date", "reg.birth_date"},
	{"gender", "reg.gender"}, {"email", "reg.email"}, {"phone", "reg.phone"}, {"password", "reg.password"},
}

// summary lists the messages of fields in the order of order.
func summary(fields map[string]string, order []struct{ id, label string }) []fieldNote {
	var out []fieldNote
	for _, f := range order {
		if m, ok := fields[f.id]; ok {
			out = append(out, fieldNote{ID: f.id, Label: f.label, Msg: m})
		}
	}
	return out
}

// MinPassword is the shortest password the policy accepts.
func (registerData) MinPassword() int { return identity.MinPassword }

// LoginHref is the sign-in page for one who already has an account,
// leading to the application page (with the chosen formation).
func (d registerData) LoginHref() string { return loginPath(applicationPath(d.Formation)) }

// registerPage: GET /daftar — the applicant registration form.
func (s *Server) registerPage(w http.ResponseWriter, r *http.Request) error {
	fid := formationParam(r.URL.Query().Get("formation"))
	if p := identity.PrincipalFrom(r.Context()); p != nil && p.Has(identity.Applicant) {
		http.Redirect(w, r, applicationPath(fid), http.StatusSeeOther)
		return nil
	}
	return s.render(w, r, http.StatusOK, "register", "reg.title", registerData{Formation: fid})
}

// registerSubmit: POST /daftar — registers the applicant (errors next to
// each field), signs them in and sends them to /lamaran (303).
func (s *Server) registerSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := limitBody(w, r, 16<<10); err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return &apperr.Error{Code: apperr.Malformed, Msg: apperr.M("web.form_unreadable"), Err: err}
	}
	f := func(k string) string { return r.PostFormValue(k) }
	n := recruitment.NewApplicant{
		NIK:        strings.TrimSpace(f("nik")),
		Name:       f("name"),
		BirthPlace: f("birth_place"),
		BirthDate:  f("birth_date"),
		Gender:     f("gender"),
		Email:      f("email"),
		Phone:      f("phone"),
		Password:   f("password"),
	}
	fid := formationParam(f("formation"))
	var a *recruitment.Applicant
	// A control character anywhere is shown next to its field like any other mistake.
	err := checkValues(r.Form)
	if err == nil {
		a, err = s.rec.RegisterApplicant(r.Context(), n, clientAddr(r.Context()), langOf(r))
	}
	if err != nil {
		ae := normalise(err)
		if ae.Code == apperr.Internal {
			return err
		}
		setRetryAfter(w, ae)
		n.Password = ""
		d := registerData{Form: n, Fields: ae.LocalizedFields(langOf(r)), Error: ae.Localized(langOf(r)), Formation: fid}
		if d.Summary = summary(d.Fields, registerFields); len(d.Summary) > 0 {
			d.Error = T(langOf(r), "reg.errors")
		}
		return s.render(w, r, Status(ae.Code), "register", "reg.title", d)
	}
	cred, err := s.id.Login(r.Context(), a.NIK, n.Password, clientAddr(r.Context()), identity.KindSession)
	if err != nil {
		// Registered, but not signed in (e.g. a login limit): let them sign in.
		http.Redirect(w, r, loginPath(applicationPath(fid)), http.StatusSeeOther)
		return nil
	}
	http.SetCookie(
		w,
		&http.Cookie{
			Name:     sessionCookie,
			Value:    cred.Secret,
			Path:     "/",
			HttpOnly: true,
			SameSite: http.SameSiteLaxMode,
			Secure:   s.secure(r),
			Expires:  cred.ExpiresAt,
		},
	)
	http.Redirect(w, r, applicationPath(fid), http.StatusSeeOther)
	return nil
}

// --- the applicant's own page: /lamaran ---

type applicantData struct {
	Applicant *recruitment.Applicant
	Apps      []appView
	Flash     string // a catalogue key
	Error     string
	Choose    *chooseView
	Search    *searchView
	// Unconfirmed: the e-mail still waits for its confirmation link.
	Unconfirmed bool
}

// appView is one application with everything its page shows.
type appView struct {
	A        *recruitment.Application
	F        *recruitment.Formation
	P        periodView
	Docs     []docView
	Missing  []string
	Stages   []stageView
	Editable bool // a draft while registration is open
	Closed   bool // registration closed
	Submit   string
	// Announced: the administration result has been announced (shown in
	// Stages with its reasons).
	Announced bool
}

type docView struct {
	Rule  recruitment.DocumentRule
	Doc   *recruitment.Document
	JPEG  bool
	Error string
}

// Formats are the formats the document takes, for the browser's check
// (uploadcheck.js): pdf, jpeg.
func (d docView) Formats() string { return strings.Join(d.Rule.Formats, ",") }

// FormatNames are the formats the document takes, named in a message.
func (d docView) FormatNames() i18n.Names {
	return i18n.Names{Kind: i18n.CodeFormat, Codes: d.Rule.Formats}
}

// Accept is the accept attribute of the file input.
func (d docView) Accept() string {
	if d.JPEG {
		return "image/jpeg,image/png,image/heic,image/heif,image/*"
	}
	return "application/pdf,.pdf"
}

type stageView struct {
	Key   string // catalogue key
	At    *time.Time
	State string // done, current, pending
	Note  string // catalogue key of the status text
	// Announced decisions: the result with its reasons, and the appeal.
	Result  string
	Reasons []verification.Reason
	Appeal  *verification.Appeal
}

type chooseView struct {
	// Mine is the applicant's application in the period (0: none): shown
	// instead of the form.
	Mine   int64
	F      *recruitment.Formation
	P      periodView
	Levels []string
	Level  string
	Major  string
	IPK    string
	Attrs  map[string]string
	Fields map[string]string
	Error  string
}

// Attr returns the entered value of a category proof.
func (c *chooseView) Attr(k string) string { return c.Attrs[k] }

type searchView struct {
	Q          string
	Formations []*recruitment.Formation
	Periods    []periodView
	// Mine is the applicant's application in each period (by period id):
	// its formations lead there instead of offering "apply".
	Mine map[int64]int64
}

// myApplications is the signed-in applicant's application in each period
// (by period id); nil for anyone else.
func (s *Server) myApplications(r *http.Request) (map[int64]int64, error) {
	p := identity.PrincipalFrom(r.Context())
	if p == nil || !p.Has(identity.Applicant) {
		return nil, nil
	}
	as, err := s.rec.FindApplicationsOfUser(r.Context(), p.UserID)
	if err != nil {
		return nil, err
	}
	mine := map[int64]int64{}
	for _, a := range as {
		mine[a.PeriodID] = a.ID
	}
	return mine, nil
}

// flashes are the messages a redirect may carry (?ok=…).
var flashes = map[string]string{
	"upload":   "app.flash.upload",
	"submit":   "app.flash.submit",
	"create":   "app.flash.create",
	"withdraw": "app.flash.withdraw",
}

// applicantPage: GET /lamaran — the applicant's applications, or (with
// ?formation=ID, or with none yet) the form to choose a formation.
func (s *Server) applicantPage(w http.ResponseWriter, r *http.Request) error {
	d, err := s.applicantBase(r)
	if err != nil {
		return err
	}
	as, err := s.rec.FindApplicationsOfUser(r.Context(), d.Applicant.UserID)
	if err != nil {
		return err
	}
	for _, a := range as {
		v, err := s.appViewOf(r, a)
		if err != nil {
			return err
		}
		d.Apps = append(d.Apps, v)
	}
	q := r.URL.Query()
	if fid := q.Get("formation"); fid != "" {
		c, err := s.chooseFor(r, fid)
		if err != nil {
			return err
		}
		d.Choose = c
	} else if len(d.Apps) == 0 || q.Has("q") {
		sv, err := s.searchFormations(r, q.Get("q"))
		if err != nil {
			return err
		}
		d.Search = sv
	}
	return s.render(w, r, http.StatusOK, "applicant", "app.title", d)
}

func (s *Server) applicantBase(r *http.Request) (applicantData, error) {
	p := identity.PrincipalFrom(r.Context())
	ap, err := s.rec.FindApplicantByUser(r.Context(), p.UserID)
	if err != nil {
		if apperr.CodeOf(err) == apperr.NotFound {
			return applicantData{}, apperr.E(apperr.Forbidden, "recruitment.applicant_page_only")
		}
		return applicantData{}, err
	}
	confirmed, err := s.id.EmailConfirmed(r.Context(), ap.UserID)
	if err != nil {
		return applicantData{}, err
	}
	flash := flashes[r.URL.Query().Get("ok")]
	if r.URL.Query().Get("sent") == "1" {
		flash = "acct.resent"
	}
	return applicantData{Applicant: ap, Flash: flash, Unconfirmed: !confirmed}, nil
}

// searchFormations lists the formations of the periods open for
// registration that match q (code, position, unit or major).
func (s *Server) searchFormations(r *http.Request, q string) (*searchView, error) {
	mine, err := s.myApplications(r)
	if err != nil {
		return nil, err
	}
	sv := &searchView{Q: q, Mine: mine}
	ps, err := s.rec.FindPeriods(r.Context(), false)
	if err != nil {
		return nil, err
	}
	for _, p := range ps {
		if !p.RegistrationOpen(s.now()) {
			continue
		}
		sv.Periods = append(sv.Periods, periodView{p, p.Phase(s.now())})
		if q == "" {
			continue
		}
		fs, _, err := s.rec.FindFormations(r.Context(), p.ID, recruitment.FormationFilter{Q: q, Limit: 20}, false)
		if err != nil {
			return nil, err
		}
		sv.Formations = append(sv.Formations, fs...)
	}
	return sv, nil
}

func (s *Server) chooseFor(r *http.Request, fid string) (*chooseView, error) {
	id, err := strconv.ParseInt(fid, 10, 64)
	if err != nil || id <= 0 {
		return nil, recruitment.ErrFormationNotFound
	}
	f, err := s.rec.FindFormationByID(r.Context(), id, false)
	if err != nil {
		return nil, err
	}
	p, err := s.rec.FindPeriodByID(r.Context(), f.PeriodID, false)
	if err != nil {
		return nil, err
	}
	mine, err := s.myApplications(r)
	if err != nil {
		return nil, err
	}
	c := &chooseView{F: f, P: periodView{p, p.Phase(s.now())}, Levels: recruitment.Levels, Attrs: map[string]string{}, Mine: mine[p.ID]}
	if len(f.Levels) == 1 {
		c.Level = f.Levels[0]
	}
	return c, nil
}

func (s *Server) appViewOf(r *http.Request, a *recruitment.Application) (appView, error) {
	f, err := s.rec.FindFormationByID(r.Context(), a.FormationID, true)
	if err != nil {
		return appView{}, err
	}
	p, err := s.rec.FindPeriodByID(r.Context(), a.PeriodID, true)
	if err != nil {
		return appView{}, err
	}
	now := s.now()
	v := appView{A: a, F: f, P: periodView{p, p.Phase(now)}, Missing: a.Missing(f)}
	v.Closed = !p.RegistrationOpen(now)
	v.Editable = a.Status == recruitment.StatusDraft && !v.Closed
	for _, rule := range f.Documents {
		dv := docView{Rule: rule}
		for _, fm := range rule.Formats {
			if fm == "jpeg" {
				dv.JPEG = true
			}
		}
		for i := range a.Documents {
			if a.Documents[i].Kind == rule.Kind {
				dv.Doc = &a.Documents[i]
			}
		}
		v.Docs = append(v.Docs, dv)
	}
	// The stages and where this application stands in each: the announced
	// decision with its reasons, the appeal window (the one rule of
	// recruitment.Period.AppealEndsAfter) and the appeal's outcome.
	reg := stageView{Key: "app.stage.registration", At: &p.RegCloseAt}
	switch {
	case a.Status == recruitment.StatusSubmitted:
		reg.State, reg.Note = "done", "app.st.submitted"
	case v.Closed:
		reg.State, reg.Note = "done", "app.st.notsubmitted"
	default:
		reg.State, reg.Note = "current", "app.st.draft"
	}
	appeal := p.AppealEnds()
	admin := p.AdminAnnounceAt
	if p.AdminAnnouncedAt != nil {
		admin = *p.AdminAnnouncedAt
	}
	v.Stages = []stageView{reg,
		{Key: "app.stage.administration", At: &admin},
		{Key: "app.stage.appeal", At: &appeal},
		{Key: "app.stage.skd", At: p.SKDAt},
		{Key: "app.stage.skb", At: p.SKBAt},
		{Key: "app.stage.final", At: p.FinalAt},
	}
	for i := 1; i < len(v.Stages); i++ {
		v.Stages[i].State, v.Stages[i].Note = "pending", "app.st.nodecision"
		if a.Status != recruitment.StatusSubmitted {
			v.Stages[i].Note = "app.st.notyet"
		}
	}
	if a.Status == recruitment.StatusSubmitted && s.ver != nil {
		o, err := s.ver.FindOutcome(r.Context(), identity.PrincipalFrom(r.Context()), a.ID)
		if err != nil && apperr.CodeOf(err) != apperr.NotFound {
			return appView{}, err
		}
		if o != nil && o.Announced {
			v.Announced = true
			ad, ap := &v.Stages[1], &v.Stages[2]
			at, ends := o.AnnouncedAt, o.WindowEndsAt
			ad.At, ad.State, ad.Note, ad.Result, ad.Reasons = &at, "done", "app.st.announced", o.Result, o.Reasons
			ap.At, ap.Appeal = &ends, o.Appeal
			switch {
			case o.Appeal != nil && o.Appeal.Status == verification.AppealPending:
				ap.State, ap.Note = "current", "app.st.appealed"
			case o.Appeal != nil:
				ap.State, ap.Note = "done", "app.st.appealanswered"
			case o.CanAppeal:
				ap.State, ap.Note = "current", "app.st.appealopen"
			case o.Result == verification.TMS:
				ap.State, ap.Note = "done", "app.st.appealclosed"
			default:
				ap.State, ap.Note = "done", "app.st.noappeal"
			}
		}
		if err := s.rankedStages(r, a, &v); err != nil {
			return appView{}, err
		}
	}
	if p.Kind != recruitment.KindCPNS {
		// The city's own selections have no SKD and no SKB: their
		// assessments lead to the final list.
		v.Stages = slices.DeleteFunc(v.Stages, func(st stageView) bool {
			return st.Key == "app.stage.skd" || st.Key == "app.stage.skb"
		})
	}
	return v, nil
}

// rankedStages marks the SKD and final stages of v done with the result
// the latest published lists give the application; the SKB's is in the
// final list.
func (s *Server) rankedStages(r *http.Request, a *recruitment.Application, v *appView) error {
	rows, err := s.ver.FindRankedRows(r.Context(), a.ID)
	if err != nil {
		return err
	}
	stage := func(key string) *stageView {
		for i := range v.Stages {
			if v.Stages[i].Key == key {
				return &v.Stages[i]
			}
		}
		return nil
	}
	for _, row := range rows {
		key := "app.stage.skd"
		if row.A.Stage == verification.StageFinal {
			key = "app.stage.final"
			if skb := stage("app.stage.skb"); skb != nil && skb.State != "done" {
				skb.State, skb.Note = "done", "app.st.infinal"
			}
		}
		if st := stage(key); st != nil {
			at := row.A.PublishedAt
			st.At, st.State, st.Note, st.Result = &at, "done", "app.st.announced", row.Item.Result
		}
	}
	return nil
}

// ownApplication loads application {id} of the signed-in applicant (404
// for anyone else, so ids do not leak).
func (s *Server) ownApplication(r *http.Request) (*recruitment.Application, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	p := identity.PrincipalFrom(r.Context())
	a, err := s.rec.FindApplication(r.Context(), p, id)
	if err != nil {
		return nil, err
	}
	if a.ApplicantUserID != p.UserID {
		return nil, recruitment.ErrApplicationNotFound
	}
	return a, nil
}

// applicationPage: GET /lamaran/{id} — one application with its upload forms.
func (s *Server) applicationPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderApplication(w, r, http.StatusOK, nil)
}

// renderApplication renders /lamaran/{id}; edit, when set, marks the error
// of a document upload or of submitting.
func (s *Server) renderApplication(w http.ResponseWriter, r *http.Request, status int, edit func(*applicantData, *appView)) error {
	d, err := s.applicantBase(r)
	if err != nil {
		return err
	}
	a, err := s.ownApplication(r)
	if err != nil {
		return err
	}
	v, err := s.appViewOf(r, a)
	if err != nil {
		return err
	}
	if edit != nil {
		edit(&d, &v)
	}
	d.Apps = []appView{v}
	return s.render(w, r, status, "applicant", "app.title", d)
}

// applicationCreateSubmit: POST /lamaran (formation_id, level, major, ipk,
// attr.<proof>) → 303 to the new application; on a refusal the form again
// with each requirement's explanation next to its field.
func (s *Server) applicationCreateSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := limitBody(w, r, 32<<10); err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return &apperr.Error{Code: apperr.Malformed, Msg: apperr.M("web.form_unreadable"), Err: err}
	}
	if err := checkValues(r.Form); err != nil {
		return err
	}
	pf := r.PostFormValue
	n := recruitment.NewApplication{
		FormationID: pf("formation_id"),
		Education:   recruitment.Education{Level: pf("level"), Major: pf("major")},
		Attributes:  map[string]string{},
	}
	ipkText := strings.TrimSpace(pf("ipk"))
	var fieldErr map[string]apperr.Msg
	if ipkText != "" {
		if h, err := recruitment.ParseIPK(ipkText); err == nil {
			v := float64(h) / 100
			n.Education.IPK = &v
		} else if v, err := strconv.ParseFloat(strings.Replace(ipkText, ",", ".", 1), 64); err == nil && !math.IsNaN(v) && !math.IsInf(v, 0) {
			// A number out of range: the domain says what the range is.
			n.Education.IPK = &v
		} else {
			fieldErr = map[string]apperr.Msg{"ipk": apperr.M("app.ipk.bad")}
		}
	}
	for k, vs := range r.PostForm {
		if strings.HasPrefix(k, "attr.") && len(vs) > 0 && strings.TrimSpace(vs[0]) != "" {
			n.Attributes[strings.TrimPrefix(k, "attr.")] = strings.TrimSpace(vs[0])
		}
	}
	var a *recruitment.Application
	var err error
	if fieldErr != nil {
		err = &apperr.Error{Code: apperr.Invalid, Msg: fieldErr["ipk"], FieldMsgs: fieldErr}
	} else {
		a, err = s.rec.CreateApplication(r.Context(), identity.PrincipalFrom(r.Context()).UserID, n, langOf(r))
	}
	if err == nil {
		http.Redirect(w, r, "/lamaran/"+strconv.FormatInt(a.ID, 10)+"?ok=create", http.StatusSeeOther)
		return nil
	}
	ae := normalise(err)
	if ae.Code == apperr.Internal || ae.Code == apperr.NotFound || ae.Code == apperr.Forbidden {
		return err
	}
	d, berr := s.applicantBase(r)
	if berr != nil {
		return berr
	}
	d.Flash = ""
	c, cerr := s.chooseFor(r, n.FormationID)
	if cerr != nil {
		return err
	}
	c.Level, c.Major, c.IPK, c.Attrs, c.Fields, c.Error = n.Education.Level, n.Education.Major, ipkText, n.Attributes, ae.LocalizedFields(
		langOf(r),
	), ae.Localized(
		langOf(r),
	)
	d.Choose = c
	if as, ferr := s.rec.FindApplicationsOfUser(r.Context(), d.Applicant.UserID); ferr == nil {
		for _, a := range as {
			if v, verr := s.appViewOf(r, a); verr == nil {
				d.Apps = append(d.Apps, v)
			}
		}
	}
	return s.render(w, r, Status(ae.Code), "applicant", "app.title", d)
}

// maxUploadBody bounds a page upload: a phone photo sent without the
// in-page resizing is read to the end (so the browser sees the answer)
// but never kept beyond the document's own limit.
const maxUploadBody = 32 << 20

// documentUploadSubmit: POST /lamaran/{id}/dokumen/{kind} (multipart field
// "file") → 303 back with a note, or the page with the reason next to
// the document.
func (s *Server) documentUploadSubmit(w http.ResponseWriter, r *http.Request) error {
	a, err := s.ownApplication(r)
	if err != nil {
		return err
	}
	kind := r.PathValue("kind")
	if err := limitBody(w, r, maxUploadBody); err != nil {
		return err
	}
	defer io.Copy(io.Discard, r.Body) //nolint:errcheck // drain, so the browser reads the answer
	release, err := s.takeUpload(r)
	if err != nil {
		return err
	}
	defer release()
	body, filename, ferr := fileBody(r, "")
	if apperr.CodeOf(ferr) == apperr.Malformed {
		return ferr
	}
	if ferr != nil || filename == "" {
		err = apperr.E(apperr.Invalid, "recruitment.choose_file")
	} else {
		_, err = s.rec.PutDocument(r.Context(), a.ApplicantUserID, a.ID, kind, upload.Sized(body, r.ContentLength), filename)
	}
	if err == nil {
		http.Redirect(w, r, "/lamaran/"+strconv.FormatInt(a.ID, 10)+"?ok=upload#doc-"+url.PathEscape(kind), http.StatusSeeOther)
		return nil
	}
	ae := normalise(err)
	if ae.Code == apperr.Internal || ae.Code == apperr.NotFound {
		return err
	}
	msg := ae.Localized(langOf(r))
	if ae.Code == apperr.TooLarge {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			msg = T(langOf(r), "app.doc.toolarge")
		}
	}
	return s.renderApplication(w, r, Status(ae.Code), func(d *applicantData, v *appView) {
		d.Flash = ""
		for i := range v.Docs {
			if v.Docs[i].Rule.Kind == kind {
				v.Docs[i].Error = msg
				return
			}
		}
		d.Error = msg
	})
}

// applicationSendSubmit: POST /lamaran/{id}/kirim — lock and submit.
func (s *Server) applicationSendSubmit(w http.ResponseWriter, r *http.Request) error {
	a, err := s.ownApplication(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	if s.submittable(r, a) {
		ask := confirmAsk{Title: "qafix.confirm.submit.title", What: "qafix.confirm.submit.what", Back: "/lamaran/" + strconv.FormatInt(a.ID, 10)}
		if ok, err := s.confirmed(w, r, ask); !ok {
			return err
		}
	}
	if _, err := s.rec.SubmitApplication(r.Context(), a.ApplicantUserID, a.ID, langOf(r)); err != nil {
		ae := normalise(err)
		if ae.Code == apperr.Internal || ae.Code == apperr.NotFound {
			return err
		}
		return s.renderApplication(w, r, Status(ae.Code), func(d *applicantData, v *appView) {
			d.Flash = ""
			v.Submit = ae.Localized(langOf(r))
			for i := range v.Docs {
				if m, ok := ae.LocalizedFields(langOf(r))["documents."+v.Docs[i].Rule.Kind]; ok {
					v.Docs[i].Error = m
				}
			}
		})
	}
	http.Redirect(w, r, "/lamaran/"+strconv.FormatInt(a.ID, 10)+"?ok=submit", http.StatusSeeOther)
	return nil
}

// submittable reports whether a is a draft with every document its
// formation asks for: only then is the applicant asked to confirm; a
// submission that would be refused is refused at once.
func (s *Server) submittable(r *http.Request, a *recruitment.Application) bool {
	if a.Status != recruitment.StatusDraft {
		return false
	}
	f, err := s.rec.FindFormationByID(r.Context(), a.FormationID, true)
	return err == nil && len(a.Missing(f)) == 0
}

// applicationWithdrawSubmit: POST /lamaran/{id}/tarik — withdraw a draft.
func (s *Server) applicationWithdrawSubmit(w http.ResponseWriter, r *http.Request) error {
	a, err := s.ownApplication(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	if a.Status == recruitment.StatusDraft {
		ask := confirmAsk{Title: "qafix.confirm.withdraw.title", What: "qafix.confirm.withdraw.what",
			Back: "/lamaran/" + strconv.FormatInt(a.ID, 10)}
		if ok, err := s.confirmed(w, r, ask); !ok {
			return err
		}
	}
	if err := s.rec.WithdrawApplication(r.Context(), a.ApplicantUserID, a.ID); err != nil {
		ae := normalise(err)
		if ae.Code == apperr.Internal || ae.Code == apperr.NotFound {
			return err
		}
		return s.renderApplication(
			w,
			r,
			Status(ae.Code),
			func(d *applicantData, v *appView) { d.Flash, d.Error = "", ae.Localized(langOf(r)) },
		)
	}
	http.Redirect(w, r, "/lamaran?ok=withdraw", http.StatusSeeOther)
	return nil
}
