package web

import (
	"net/http"

	"asnpro/internal/identity"
)

// homePage: GET / — the public front page, or the signed-in user's roles.
func (s *Server) homePage(w http.ResponseWriter, r *http.Request) error {
	p := identity.PrincipalFrom(r.Context())
	if p != nil {
		return s.roleHomePage(w, r, p)
	}
	key := "home|" + langOf(r) + "|" + r.URL.RawQuery
	return s.cachedRender(w, r, key, "home", "home.title", func() any {
		return homeData{}
	})
}
