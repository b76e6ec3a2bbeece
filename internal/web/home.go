package web

import (
	"net/http"

	"asnpro/internal/identity"
)

// homePage: GET / — the public portal, or the signed-in user's roles.
func (s *Server) homePage(w http.ResponseWriter, r *http.Request) error {
	if p := identity.PrincipalFrom(r.Context()); p != nil {
		return s.roleHomePage(w, r, p)
	}
	return s.portalHome(w, r, "home|"+langOf(r)+"|"+r.URL.RawQuery)
}
