package web

import (
	"net/http"
	"strings"

	"asnpro/internal/apperr"
	"asnpro/internal/i18n"
	"asnpro/internal/identity"
)

const sessionCookie = "asnpro_session"

type loginData struct {
	Username string
	Next     string
	Error    string
	Demo     []string
	// Register is the registration page, keeping the formation that next
	// would open (portal.go).
	Register string
}

var demoUsernames = []string{
	"admin", "panitia", "verifikator", "penguji", "pelamar", "pegawai", "atasan", "pelatih", "pimpinan", "auditor",
}

func (s *Server) loginForm(w http.ResponseWriter, r *http.Request, status int, d loginData) error {
	if s.cfg.Demo {
		d.Demo = demoUsernames
	}
	d.Register = registerPath(formationOfNext(d.Next))
	return s.render(w, r, status, "login", "login.title", d)
}

// loginPage: GET /login.
func (s *Server) loginPage(w http.ResponseWriter, r *http.Request) error {
	if identity.PrincipalFrom(r.Context()) != nil {
		http.Redirect(w, r, safeNext(r.URL.Query().Get("next")), http.StatusSeeOther)
		return nil
	}
	next := safeNext(r.URL.Query().Get("next"))
	return s.cachedRender(w, r, "login|"+langOf(r)+"|"+r.URL.RawQuery, "login", "login.title", func() any {
		d := loginData{Next: next, Register: registerPath(formationOfNext(next))}
		if s.cfg.Demo {
			d.Demo = demoUsernames
		}
		return d
	})
}

// loginSubmit: POST /login (form username, password) → 303 on success,
// the form again with the reason otherwise.
func (s *Server) loginSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := limitBody(w, r, 16<<10); err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return &apperr.Error{Code: apperr.Malformed, Msg: apperr.M("web.form_unreadable"), Err: err}
	}
	if err := checkValues(r.Form); err != nil {
		return err
	}
	d := loginData{Username: strings.TrimSpace(r.PostFormValue("username")), Next: safeNext(r.PostFormValue("next"))}
	if d.Username == "" || r.PostFormValue("password") == "" {
		d.Error = T(langOf(r), "web.login_missing", "username", i18n.Key("login.username"), "password", i18n.Key("login.password"))
		return s.loginForm(w, r, http.StatusUnprocessableEntity, d)
	}
	cred, err := s.id.Login(r.Context(), d.Username, r.PostFormValue("password"), clientAddr(r.Context()), identity.KindSession)
	if err != nil {
		ae := normalise(err)
		if ae.Code == apperr.Internal {
			return err
		}
		setRetryAfter(w, ae)
		d.Error = ae.Localized(langOf(r))
		return s.loginForm(w, r, Status(ae.Code), d)
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
	http.Redirect(w, r, d.Next, http.StatusSeeOther)
	return nil
}

// logoutSubmit: POST /logout ends the browser session.
func (s *Server) logoutSubmit(w http.ResponseWriter, r *http.Request) error {
	if c, err := r.Cookie(sessionCookie); err == nil {
		if err := s.id.Revoke(r.Context(), c.Value); err != nil {
			return err
		}
	}
	http.SetCookie(
		w,
		&http.Cookie{
			Name:     sessionCookie,
			Value:    "",
			Path:     "/",
			MaxAge:   -1,
			HttpOnly: true,
			SameSite: http.SameSiteLaxMode,
			Secure:   s.secure(r),
		},
	)
	http.Redirect(w, r, "/", http.StatusSeeOther)
	return nil
}
