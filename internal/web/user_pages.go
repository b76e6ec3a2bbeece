package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"asnpro/internal/apperr"
	"asnpro/internal/audit"
	"asnpro/internal/identity"
)

// Users and roles in the browser: the admin creates users, changes their
// roles, resets their passwords and disables them, each through one
// identity method (recorded in the audit log in its transaction); the
// auditor reads the same pages without a form.

// userForm is what the create form sent, kept when it is refused (never
// the password).
type userForm struct {
	Username string
	Name     string
	Email    string
	Roles    map[identity.Role]bool
	Mode     string // generate (default) or type
}

type usersData struct {
	Users      []*identity.User
	Total      int
	Q          string        // the search typed
	Role       identity.Role // the role chosen ("": any)
	Next, Prev string
	CanEdit    bool // the caller acts as admin
	AllRoles   []identity.Role
	Form       userForm
	Fields     map[string]string
	Error      string
}

// canEditUsers: the caller acts as admin (an auditor who is also admin
// reads /users as the route admitted them: as admin).
func canEditUsers(r *http.Request) bool {
	p := identity.PrincipalFrom(r.Context())
	return p != nil && p.Has(identity.Admin) && audit.ActorFrom(r.Context()).Role == string(identity.Admin)
}

// usersPage: GET /users?offset= — admin and auditor; the admin also gets
// the form that creates a user.
func (s *Server) usersPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderUsers(w, r, http.StatusOK, usersData{Form: userForm{Mode: "generate"}})
}

func (s *Server) renderUsers(w http.ResponseWriter, r *http.Request, status int, d usersData) error {
	limit, offset, err := paging(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	if err := checkValues(q); err != nil {
		return err
	}
	d.Q, d.Role = strings.TrimSpace(q.Get("q")), identity.Role(q.Get("role"))
	if d.Role != "" && !d.Role.Valid() {
		d.Role = ""
	}
	f := identity.UserFilter{Q: d.Q, Role: d.Role, Limit: limit, Offset: offset}
	if d.Users, d.Total, err = s.id.FindUsers(r.Context(), f); err != nil {
		return err
	}
	d.CanEdit, d.AllRoles = canEditUsers(r), identity.AllRoles
	link := func(off int) string {
		v := url.Values{"offset": {strconv.Itoa(off)}}
		if d.Q != "" {
			v.Set("q", d.Q)
		}
		if d.Role != "" {
			v.Set("role", string(d.Role))
		}
		return "/users?" + v.Encode()
	}
	if offset+limit < d.Total {
		d.Next = link(offset + limit)
	}
	if offset > 0 {
		d.Prev = link(max(0, offset-limit))
	}
	return s.render(w, r, status, "users", "users.title", d)
}

// parseUserForm reads a small form; text no account can hold is reported
// beside its field like any other mistake (nil error, ae set).
func parseUserForm(w http.ResponseWriter, r *http.Request) (*apperr.Error, error) {
	if err := limitBody(w, r, 16<<10); err != nil {
		return nil, err
	}
	if err := r.ParseForm(); err != nil {
		return nil, &apperr.Error{Code: apperr.Malformed, Msg: apperr.M("web.form_unreadable"), Err: err}
	}
	if err := checkValues(r.PostForm); err != nil {
		return normalise(err), nil
	}
	return nil, nil
}

// formRoles are the roles ticked in a form (role=…, repeated).
func formRoles(r *http.Request) ([]identity.Role, map[identity.Role]bool) {
	var out []identity.Role
	ticked := map[identity.Role]bool{}
	for _, v := range r.PostForm["role"] {
		ro := identity.Role(strings.TrimSpace(v))
		out = append(out, ro)
		ticked[ro] = true
	}
	return out, ticked
}

// newPassword is the password a form asks for: typed (mode=type), or a
// generated one to show once.
func newPassword(r *http.Request) (pw string, generated bool) {
	if r.PostFormValue("mode") == "type" {
		return r.PostFormValue("password"), false
	}
	return identity.GeneratePassword(), true
}

// userCreateSubmit: POST /users (username, name, email, role…, mode,
// password) — the new user's page with the generated password shown once,
// or the form again with each refusal beside its field.
func (s *Server) userCreateSubmit(w http.ResponseWriter, r *http.Request) error {
	bad, err := parseUserForm(w, r)
	if err != nil {
		return err
	}
	roles, ticked := formRoles(r)
	form := userForm{Username: r.PostFormValue("username"), Name: r.PostFormValue("name"), Email: r.PostFormValue("email"),
		Roles: ticked, Mode: r.PostFormValue("mode")}
	if form.Mode != "type" {
		form.Mode = "generate"
	}
	var u *identity.User
	pw, generated := newPassword(r)
	if bad == nil {
		u, err = s.id.AddUser(r.Context(), identity.NewUser{Username: form.Username, Name: form.Name, Email: form.Email, Roles: roles,
			Password: pw})
		if err != nil {
			bad = normalise(err)
		}
	}
	if bad != nil {
		if bad.Code == apperr.Internal || bad.Code == apperr.Malformed {
			return err
		}
		setRetryAfter(w, bad)
		return s.renderUsers(w, r, Status(bad.Code), usersData{Form: form, Fields: bad.LocalizedFields(langOf(r)),
			Error: bad.Localized(langOf(r))})
	}
	d := userData{U: u, Flash: "staff.flash.created"}
	if generated {
		d.Password = pw
	}
	return s.renderUser(w, r, http.StatusCreated, d)
}

// userData is one user's page.
type userData struct {
	U        *identity.User
	CanEdit  bool // the caller acts as admin
	Self     bool // the caller's own account (no disable button)
	AllRoles []identity.Role
	Flash    string
	Password string // a generated password, shown this once
	// Form names the form that was refused (roles, password, disable),
	// with its message and field messages; Ticked keeps the roles chosen.
	Form   string
	Error  string
	Fields map[string]string
	Ticked map[identity.Role]bool
	Mode   string
}

// Has reports whether role ro is ticked in the roles form: as typed after
// a refusal, else the user's roles.
func (d userData) Has(ro identity.Role) bool {
	if d.Ticked != nil {
		return d.Ticked[ro]
	}
	return d.U.HasRole(ro)
}

var userFlashes = map[string]string{"roles": "staff.flash.roles", "disabled": "staff.flash.disabled", "enabled": "staff.flash.enabled",
	"password": "staff.flash.password"}

// userPage: GET /users/{id} — one user: roles, status, and for the admin
// the forms that change them.
func (s *Server) userPage(w http.ResponseWriter, r *http.Request) error {
	u, err := s.pathUser(r)
	if err != nil {
		return err
	}
	return s.renderUser(w, r, http.StatusOK, userData{U: u, Flash: userFlashes[r.URL.Query().Get("ok")]})
}

func (s *Server) renderUser(w http.ResponseWriter, r *http.Request, status int, d userData) error {
	p := identity.PrincipalFrom(r.Context())
	d.CanEdit, d.AllRoles, d.Self = canEditUsers(r), identity.AllRoles, p != nil && p.UserID == d.U.ID
	if d.Mode == "" {
		d.Mode = "generate"
	}
	return s.render(w, r, status, "user", "users.title", d)
}

// pathUser is the user named by the path's id (not_found otherwise).
func (s *Server) pathUser(r *http.Request) (*identity.User, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	return s.id.FindUserByID(r.Context(), id)
}

// userRefused renders the user's page with err beside the form that failed.
func (s *Server) userRefused(w http.ResponseWriter, r *http.Request, u *identity.User, form string, err error, d userData) error {
	ae := normalise(err)
	if ae.Code == apperr.Internal || ae.Code == apperr.Malformed || ae.Code == apperr.NotFound {
		return err
	}
	setRetryAfter(w, ae)
	d.U, d.Form, d.Error, d.Fields = u, form, ae.Localized(langOf(r)), ae.LocalizedFields(langOf(r))
	return s.renderUser(w, r, Status(ae.Code), d)
}

// userRolesSubmit: POST /users/{id}/peran (role…) → 303 to the user's page.
func (s *Server) userRolesSubmit(w http.ResponseWriter, r *http.Request) error {
	u, err := s.pathUser(r)
	if err != nil {
		return err
	}
	bad, err := parseUserForm(w, r)
	if err != nil {
		return err
	}
	roles, ticked := formRoles(r)
	if bad == nil {
		err = s.id.SetRoles(r.Context(), u.Username, roles)
	} else {
		err = bad
	}
	if err != nil {
		return s.userRefused(w, r, u, "roles", err, userData{Ticked: ticked})
	}
	http.Redirect(w, r, "/users/"+u.IDString()+"?ok=roles", http.StatusSeeOther)
	return nil
}

// userDisableSubmit: POST /users/{id}/nonaktifkan → 303 to the user's page.
func (s *Server) userDisableSubmit(w http.ResponseWriter, r *http.Request) error {
	u, err := s.pathUser(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	if p := identity.PrincipalFrom(r.Context()); !u.Disabled && (p == nil || p.UserID != u.ID) {
		ask := confirmAsk{Title: "qafix.confirm.disable.title", What: "qafix.confirm.disable.what", Args: []any{"user", u.Username},
			Back: "/users/" + u.IDString() + "#disable-card"}
		if ok, err := s.confirmed(w, r, ask); !ok {
			return err
		}
	}
	if err := s.id.DisableUser(r.Context(), u.Username); err != nil {
		return s.userRefused(w, r, u, "disable", err, userData{})
	}
	http.Redirect(w, r, "/users/"+u.IDString()+"?ok=disabled", http.StatusSeeOther)
	return nil
}

// userEnableSubmit: POST /users/{id}/aktifkan → 303 to the user's page.
func (s *Server) userEnableSubmit(w http.ResponseWriter, r *http.Request) error {
	u, err := s.pathUser(r)
	if err != nil {
		return err
	}
	if err := s.id.EnableUser(r.Context(), u.Username); err != nil {
		return s.userRefused(w, r, u, "enable", err, userData{})
	}
	http.Redirect(w, r, "/users/"+u.IDString()+"?ok=enabled", http.StatusSeeOther)
	return nil
}

// userPasswordSubmit: POST /users/{id}/sandi (mode=generate|type,
// password) — the user's page with the generated password shown once;
// the user's sessions and tokens end.
func (s *Server) userPasswordSubmit(w http.ResponseWriter, r *http.Request) error {
	u, err := s.pathUser(r)
	if err != nil {
		return err
	}
	bad, err := parseUserForm(w, r)
	if err != nil {
		return err
	}
	pw, generated := newPassword(r)
	mode := "generate"
	if !generated {
		mode = "type"
	}
	if bad == nil {
		err = s.id.SetPassword(r.Context(), u.Username, pw)
	} else {
		err = bad
	}
	if err != nil {
		return s.userRefused(w, r, u, "password", err, userData{Mode: mode})
	}
	d := userData{U: u, Flash: "staff.flash.password"}
	if generated {
		d.Password = pw
	}
	return s.renderUser(w, r, http.StatusOK, d)
}
