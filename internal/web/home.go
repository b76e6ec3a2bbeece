package web

import (
	"net/http"

	"asnpro/internal/identity"
)

// link is an action on a home page; Href may be empty while the part that
// serves it is not built yet.
type link struct {
	Text string // catalogue key
	Href string
}

// roleHome says, per role, what that role can do now (Now) and what is not
// built yet (Next), by catalogue key.
type roleHome struct {
	Role  identity.Role
	Title string
	Now   []link
	Next  []string
}

var roleHomes = []roleHome{
	{identity.Admin, "home.role.admin",
		[]link{{"home.role.admin.now1", "/users"}, {"home.role.admin.now2", ""}},
		[]string{"home.role.admin.next1", "home.role.admin.next2"}},
	{identity.Committee, "home.role.committee",
		[]link{{"home.role.committee.now1", ""}},
		[]string{"home.role.committee.next1", "home.role.committee.next2"}},
	{identity.Verifier, "home.role.verifier",
		[]link{{"home.role.verifier.now1", ""}},
		[]string{"home.role.verifier.next1", "home.role.verifier.next2"}},
	{identity.Assessor, "home.role.assessor",
		[]link{{"home.role.assessor.now1", ""}},
		[]string{"home.role.assessor.next1"}},
	{identity.Applicant, "home.role.applicant",
		[]link{{"home.role.applicant.now1", ""}},
		[]string{"home.role.applicant.next1", "home.role.applicant.next2"}},
	{identity.Employee, "home.role.employee",
		[]link{{"home.role.employee.now1", ""}},
		[]string{"home.role.employee.next1", "home.role.employee.next2"}},
	{identity.Supervisor, "home.role.supervisor",
		[]link{{"home.role.supervisor.now1", ""}},
		[]string{"home.role.supervisor.next1"}},
	{identity.Trainer, "home.role.trainer",
		[]link{{"home.role.trainer.now1", ""}},
		[]string{"home.role.trainer.next1"}},
	{identity.Leader, "home.role.leader",
		[]link{{"home.role.leader.now1", ""}},
		[]string{"home.role.leader.next1"}},
	{identity.Auditor, "home.role.auditor",
		[]link{{"home.role.auditor.now1", "/users"}},
		[]string{"home.role.auditor.next1"}},
}

type homeData struct {
	Roles  []roleHome
	Portal *portalData // the anonymous visitor's portal (portal.go)
}

// homePage: GET / — the public front page, or the signed-in user's roles.
func (s *Server) homePage(w http.ResponseWriter, r *http.Request) error {
	p := identity.PrincipalFrom(r.Context())
	key := "home|" + langOf(r) + "|" + r.URL.RawQuery
	if p != nil {
		key += "|" + p.IDString() + "|" + p.Name + "|" + identity.JoinRoles(p.Roles)
	} else {
		return s.portalHome(w, r, key)
	}
	return s.cachedRender(w, r, key, "home", "home.title", func() any {
		var d homeData
		for _, h := range roleHomes {
			if p.Has(h.Role) {
				d.Roles = append(d.Roles, h)
			}
		}
		return d
	})
}
