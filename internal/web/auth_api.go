package web

import (
	"net/http"
	"strings"
	"time"

	"asnpro/internal/apperr"
	"asnpro/internal/identity"
)

type tokenRequest struct {
	Username string `json:"username"`
	Password string `json:"password"`
}

type tokenUser struct {
	ID       string          `json:"id"`
	Username string          `json:"username"`
	Name     string          `json:"name"`
	Roles    []identity.Role `json:"roles"`
}

type tokenResponse struct {
	Token     string    `json:"token"`
	ExpiresAt time.Time `json:"expires_at"`
	User      tokenUser `json:"user"`
}

// apiTokenCreate: POST /api/v1/auth/token {"username","password"} → 200 token.
func (s *Server) apiTokenCreate(w http.ResponseWriter, r *http.Request) error {
	var req tokenRequest
	if err := decodeJSON(w, r, &req, false); err != nil {
		return err
	}
	f := map[string]apperr.Msg{}
	if strings.TrimSpace(req.Username) == "" {
		f["username"] = apperr.M("web.username_required")
	}
	if req.Password == "" {
		f["password"] = apperr.M("web.password_required")
	}
	if len(f) > 0 {
		return apperr.InvalidMsgs(f)
	}
	cred, err := s.id.Login(r.Context(), req.Username, req.Password, clientAddr(r.Context()), identity.KindToken)
	if err != nil {
		return err
	}
	u := cred.User
	writeJSON(
		w,
		http.StatusOK,
		tokenResponse{
			Token:     cred.Secret,
			ExpiresAt: cred.ExpiresAt.In(wib),
			User:      tokenUser{ID: u.IDString(), Username: u.Username, Name: u.Name, Roles: u.Roles},
		},
	)
	return nil
}

// apiTokenRevoke: DELETE /api/v1/auth/token revokes the caller's bearer token.
func (s *Server) apiTokenRevoke(w http.ResponseWriter, r *http.Request) error {
	tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok {
		return apperr.E(apperr.Malformed, "web.token_only")
	}
	if err := s.id.Revoke(r.Context(), strings.TrimSpace(tok)); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]bool{"revoked": true})
	return nil
}

// apiMe: GET /api/v1/me — the caller.
func (s *Server) apiMe(w http.ResponseWriter, r *http.Request) error {
	p := identity.PrincipalFrom(r.Context())
	writeJSON(w, http.StatusOK, tokenUser{ID: p.IDString(), Username: p.Username, Name: p.Name, Roles: p.Roles})
	return nil
}

type userJSON struct {
	ID        string          `json:"id"`
	Username  string          `json:"username"`
	Name      string          `json:"name"`
	Email     string          `json:"email,omitempty"`
	Roles     []identity.Role `json:"roles"`
	Disabled  bool            `json:"disabled"`
	CreatedAt time.Time       `json:"created_at"`
}

// apiUsers: GET /api/v1/users?q=&role=&limit=&offset= — admin and auditor.
func (s *Server) apiUsers(w http.ResponseWriter, r *http.Request) error {
	limit, offset, err := paging(r)
	if err != nil {
		return err
	}
	if err := checkValues(r.URL.Query()); err != nil {
		return err
	}
	f := identity.UserFilter{Q: r.URL.Query().Get("q"), Role: identity.Role(r.URL.Query().Get("role")), Limit: limit, Offset: offset}
	if f.Role != "" && !f.Role.Valid() {
		return apperr.InvalidMsgs(map[string]apperr.Msg{"role": apperr.M("identity.role_unknown", "role", string(f.Role))})
	}
	us, total, err := s.id.FindUsers(r.Context(), f)
	if err != nil {
		return err
	}
	out := list[userJSON]{Items: make([]userJSON, 0, len(us)), Total: total}
	for _, u := range us {
		out.Items = append(
			out.Items,
			userJSON{
				ID:        u.IDString(),
				Username:  u.Username,
				Name:      u.Name,
				Email:     u.Email,
				Roles:     u.Roles,
				Disabled:  u.Disabled,
				CreatedAt: u.CreatedAt.In(wib),
			},
		)
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}
