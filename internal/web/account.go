package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"asnpro/internal/apperr"
	"asnpro/internal/identity"
	"asnpro/internal/idnum"
	"asnpro/internal/recruitment"
)

// E-mail confirmation, password reset and the helpdesk, as pages and JSON.
// A link in an e-mail opens a page with a button (GET never changes
// anything: mail scanners fetch links), and the button posts the token.

type accountData struct {
	Token   string
	Login   string
	Done    bool
	Error   string
	Fields  map[string]string
	Message string
}

// MinPassword is the shortest password the policy accepts.
func (accountData) MinPassword() int { return identity.MinPassword }

func (s *Server) accountForm(w http.ResponseWriter, r *http.Request, name, title string, err error, d accountData) error {
	ae := normalise(err)
	if ae.Code == apperr.Internal {
		return err
	}
	setRetryAfter(w, ae)
	d.Error, d.Fields = ae.Localized(langOf(r)), ae.LocalizedFields(langOf(r))
	return s.render(w, r, Status(ae.Code), name, title, d)
}

func parseSmallForm(w http.ResponseWriter, r *http.Request) error {
	if err := limitBody(w, r, 16<<10); err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return &apperr.Error{Code: apperr.Malformed, Msg: apperr.M("web.form_unreadable"), Err: err}
	}
	if err := checkValues(r.Form); err != nil {
		return err
	}
	return nil
}

// confirmEmailPage: GET /konfirmasi-email?token= — a button that confirms.
func (s *Server) confirmEmailPage(w http.ResponseWriter, r *http.Request) error {
	return s.render(w, r, http.StatusOK, "confirm", "acct.confirm.title", accountData{Token: r.URL.Query().Get("token")})
}

// confirmEmailSubmit: POST /konfirmasi-email (token).
func (s *Server) confirmEmailSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := parseSmallForm(w, r); err != nil {
		return err
	}
	d := accountData{Token: r.PostFormValue("token")}
	if err := s.id.ConfirmEmail(r.Context(), d.Token); err != nil {
		return s.accountForm(w, r, "confirm", "acct.confirm.title", err, d)
	}
	d.Done = true
	return s.render(w, r, http.StatusOK, "confirm", "acct.confirm.title", d)
}

// forgotPage: GET /lupa-sandi — ask for a reset link.
func (s *Server) forgotPage(w http.ResponseWriter, r *http.Request) error {
	return s.render(w, r, http.StatusOK, "forgot", "acct.forgot.title", accountData{})
}

// forgotSubmit: POST /lupa-sandi (login) — the same answer whether or not
// the account exists.
func (s *Server) forgotSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := parseSmallForm(w, r); err != nil {
		return err
	}
	d := accountData{Login: strings.TrimSpace(r.PostFormValue("login"))}
	if d.Login == "" {
		return s.accountForm(
			w,
			r,
			"forgot",
			"acct.forgot.title",
			apperr.InvalidMsgs(map[string]apperr.Msg{"login": apperr.M("error.required")}),
			d,
		)
	}
	if err := s.id.RequestPasswordReset(r.Context(), d.Login, clientAddr(r.Context())); err != nil {
		return s.accountForm(w, r, "forgot", "acct.forgot.title", err, d)
	}
	s.kickMail()
	d.Done = true
	return s.render(w, r, http.StatusOK, "forgot", "acct.forgot.title", d)
}

// resetPage: GET /atur-sandi?token= — choose a new password.
func (s *Server) resetPage(w http.ResponseWriter, r *http.Request) error {
	return s.render(w, r, http.StatusOK, "reset", "acct.reset.title", accountData{Token: r.URL.Query().Get("token")})
}

// resetSubmit: POST /atur-sandi (token, password, password2).
func (s *Server) resetSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := parseSmallForm(w, r); err != nil {
		return err
	}
	d := accountData{Token: r.PostFormValue("token")}
	if r.PostFormValue("password") != r.PostFormValue("password2") {
		return s.accountForm(
			w,
			r,
			"reset",
			"acct.reset.title",
			apperr.InvalidMsgs(map[string]apperr.Msg{"password2": apperr.M("web.passwords_differ")}),
			d,
		)
	}
	if err := s.id.ResetPassword(r.Context(), d.Token, r.PostFormValue("password")); err != nil {
		return s.accountForm(w, r, "reset", "acct.reset.title", err, d)
	}
	d.Done = true
	return s.render(w, r, http.StatusOK, "reset", "acct.reset.title", d)
}

// resendConfirmationSubmit: POST /konfirmasi-email/ulang — a new link.
func (s *Server) resendConfirmationSubmit(w http.ResponseWriter, r *http.Request) error {
	p := identity.PrincipalFrom(r.Context())
	if err := s.id.ResendEmailConfirmation(r.Context(), p.UserID, clientAddr(r.Context()), langOf(r)); err != nil {
		return err
	}
	s.kickMail()
	http.Redirect(w, r, "/lamaran?sent=1", http.StatusSeeOther)
	return nil
}

// apiEmailConfirm: POST /api/v1/auth/email-confirmation {"token"}.
func (s *Server) apiEmailConfirm(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Token string `json:"token"`
	}
	if err := decodeJSON(w, r, &in, false); err != nil {
		return err
	}
	if err := s.id.ConfirmEmail(r.Context(), in.Token); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]bool{"confirmed": true})
	return nil
}

// apiEmailResend: POST /api/v1/me/email-confirmation — a new link.
func (s *Server) apiEmailResend(w http.ResponseWriter, r *http.Request) error {
	if err := decodeJSON(w, r, &struct{}{}, true); err != nil {
		return err
	}
	p := identity.PrincipalFrom(r.Context())
	if err := s.id.ResendEmailConfirmation(r.Context(), p.UserID, clientAddr(r.Context()), langOf(r)); err != nil {
		return err
	}
	s.kickMail()
	writeJSON(w, http.StatusOK, map[string]bool{"sent": true})
	return nil
}

// apiPasswordResetRequest: POST /api/v1/auth/password-reset {"login"} —
// 200 whether or not the account exists.
func (s *Server) apiPasswordResetRequest(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Login string `json:"login"`
	}
	if err := decodeJSON(w, r, &in, false); err != nil {
		return err
	}
	if strings.TrimSpace(in.Login) == "" {
		return apperr.InvalidMsgs(map[string]apperr.Msg{"login": apperr.M("web.login_required")})
	}
	if err := s.id.RequestPasswordReset(r.Context(), in.Login, clientAddr(r.Context())); err != nil {
		return err
	}
	s.kickMail()
	writeJSON(w, http.StatusOK, map[string]any{"sent": true, "message": T(langOf(r), "web.reset_sent")})
	return nil
}

// apiPasswordReset: POST /api/v1/auth/password-reset/confirm {"token","password"}.
func (s *Server) apiPasswordReset(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Token    string `json:"token"`
		Password string `json:"password"`
	}
	if err := decodeJSON(w, r, &in, false); err != nil {
		return err
	}
	if err := s.id.ResetPassword(r.Context(), in.Token, in.Password); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]bool{"reset": true})
	return nil
}

type applicantJSON struct {
	ID             string `json:"id"`
	UserID         string `json:"user_id"`
	NIK            string `json:"nik"`
	Name           string `json:"name"`
	BirthDate      string `json:"birth_date"`
	Email          string `json:"email"`
	Phone          string `json:"phone"`
	EmailConfirmed bool   `json:"email_confirmed"`
}

func (s *Server) applicantOut(r *http.Request, a *recruitment.Applicant) (applicantJSON, error) {
	ok, err := s.id.EmailConfirmed(r.Context(), a.UserID)
	return applicantJSON{
		ID:             strconv.FormatInt(a.ID, 10),
		UserID:         strconv.FormatInt(a.UserID, 10),
		NIK:            a.NIK,
		Name:           a.Name,
		BirthDate:      a.BirthDate,
		Email:          a.Email,
		Phone:          a.Phone,
		EmailConfirmed: ok,
	}, err
}

// apiApplicantFind: GET /api/v1/applicants?nik=&reason= — the helpdesk's
// lookup: needs a signed integrity pact and a reason, and is recorded
// (verification.LookupApplicant).
func (s *Server) apiApplicantFind(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	nik := strings.TrimSpace(q.Get("nik"))
	if _, err := idnum.ParseNIK(nik, s.now()); err != nil {
		return apperr.InvalidMsgs(map[string]apperr.Msg{"nik": apperr.M("web.nik")})
	}
	out := list[applicantJSON]{Items: []applicantJSON{}}
	a, err := s.ver.LookupApplicant(r.Context(), identity.PrincipalFrom(r.Context()), nik, q.Get("reason"))
	if err != nil {
		return err
	}
	if a != nil {
		j, err := s.applicantOut(r, a)
		if err != nil {
			return err
		}
		out.Items, out.Total = append(out.Items, j), 1
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// apiApplicantEmail: PUT /api/v1/applicants/{id}/email {"email","reason"} —
// the helpdesk changes the e-mail of an applicant who lost access to it.
func (s *Server) apiApplicantEmail(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in struct {
		Email  string `json:"email"`
		Reason string `json:"reason"`
	}
	if err := decodeJSON(w, r, &in, false); err != nil {
		return err
	}
	a, err := s.rec.ChangeApplicantEmail(r.Context(), id, in.Email, in.Reason, langOf(r))
	if err != nil {
		return err
	}
	j, err := s.applicantOut(r, a)
	if err != nil {
		return err
	}
	s.kickMail()
	writeJSON(w, http.StatusOK, j)
	return nil
}

type helpdeskData struct {
	NIK       string
	Reason    string
	Searched  bool
	Applicant *applicantJSON
	Email     string
	Done      bool
	Error     string
	Fields    map[string]string
	At        time.Time
}

// helpdeskPage: GET /helpdesk?nik=&reason= — find an applicant by NIK, for
// a stated reason (recorded; a signed integrity pact is needed).
func (s *Server) helpdeskPage(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	d := helpdeskData{NIK: strings.TrimSpace(q.Get("nik")), Reason: q.Get("reason"), Done: q.Get("done") == "1"}
	if d.NIK == "" {
		return s.render(w, r, http.StatusOK, "helpdesk", "acct.helpdesk.title", d)
	}
	a, err := s.ver.LookupApplicant(r.Context(), identity.PrincipalFrom(r.Context()), d.NIK, d.Reason)
	if err != nil {
		ae := normalise(err)
		if ae.Code != apperr.Invalid {
			return err
		}
		d.Error, d.Fields = ae.Localized(langOf(r)), ae.LocalizedFields(langOf(r))
		return s.render(w, r, Status(ae.Code), "helpdesk", "acct.helpdesk.title", d)
	}
	d.Searched = true
	if a != nil {
		j, err := s.applicantOut(r, a)
		if err != nil {
			return err
		}
		d.Applicant = &j
	}
	return s.render(w, r, http.StatusOK, "helpdesk", "acct.helpdesk.title", d)
}

// helpdeskEmailSubmit: POST /helpdesk/{id}/email (email, reason).
func (s *Server) helpdeskEmailSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := parseSmallForm(w, r); err != nil {
		return err
	}
	if _, err := s.rec.ChangeApplicantEmail(r.Context(), id, r.PostFormValue("email"), r.PostFormValue("reason"), langOf(r)); err != nil {
		ae := normalise(err)
		if ae.Code == apperr.Internal || ae.Code == apperr.NotFound {
			return err
		}
		d := helpdeskData{
			NIK:      r.PostFormValue("nik"),
			Searched: true,
			Email:    r.PostFormValue("email"),
			Error:    ae.Localized(langOf(r)),
			Fields:   ae.LocalizedFields(langOf(r)),
		}
		// Showing the applicant again is a read like any other: pact, reason, record.
		if cur, ferr := s.ver.LookupApplicant(r.Context(), identity.PrincipalFrom(r.Context()), d.NIK,
			"Formulir ganti e-mail ditampilkan lagi / e-mail change form shown again"); ferr == nil &&
			cur != nil &&
			cur.ID == id {
			j, err := s.applicantOut(r, cur)
			if err != nil {
				return err
			}
			d.Applicant = &j
		}
		return s.render(w, r, Status(ae.Code), "helpdesk", "acct.helpdesk.title", d)
	}
	s.kickMail()
	http.Redirect(w, r, "/helpdesk?done=1", http.StatusSeeOther)
	return nil
}

// kickMail wakes this instance's mail sender after a commit that queued mail.
func (s *Server) kickMail() {
	if s.cfg.KickMail != nil {
		s.cfg.KickMail()
	}
}
