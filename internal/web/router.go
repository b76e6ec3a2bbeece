package web

import (
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strings"

	"asnpro/internal/apperr"
	"asnpro/internal/audit"
	"asnpro/internal/identity"
	"asnpro/internal/sqldb"
)

// access says who may use a route. Deny by default: a route without an
// access value does not compile, and the zero value admits nobody.
type access struct {
	public bool
	any    bool // any signed-in user
	roles  []identity.Role
}

var (
	public  = access{public: true}
	anyUser = access{any: true}
)

func roles(rs ...identity.Role) access { return access{roles: rs} }

func (a access) String() string {
	switch {
	case a.public:
		return "public"
	case a.any:
		return "any signed-in user"
	}
	s := make([]string, len(a.roles))
	for i, r := range a.roles {
		s[i] = string(r)
	}
	return strings.Join(s, ",")
}

// handlerFunc is a handler that returns its error; the router renders it.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// route is one registered route, kept for the route × role tests and docs.
type route struct {
	Method, Path string
	Access       access
}

type router struct {
	s       *Server
	mux     *http.ServeMux
	routes  []route
	methods map[string][]string // path → methods
}

func newRouter(s *Server) *router {
	return &router{s: s, mux: http.NewServeMux(), methods: map[string][]string{}}
}

// handle registers "METHOD /path" with its access rule.
func (rt *router) handle(pattern string, a access, h handlerFunc) {
	method, path, ok := strings.Cut(pattern, " ")
	if !ok {
		panic("route without method: " + pattern)
	}
	if !a.public && !a.any && len(a.roles) == 0 {
		panic("route without access rule: " + pattern)
	}
	rt.routes = append(rt.routes, route{Method: method, Path: path, Access: a})
	rt.methods[path] = append(rt.methods[path], method)
	rt.mux.Handle(pattern, rt.guard(a, h))
}

// guard checks the access rule, in the order of API.md: 401 when nobody is
// signed in, then 403 (recorded) for a wrong role; then the handler.
func (rt *router) guard(a access, h handlerFunc) http.Handler {
	s := rt.s
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := checkValues(r.URL.Query()); err != nil {
			s.fail(w, r, err)
			return
		}
		if !a.public {
			p := identity.PrincipalFrom(r.Context())
			if p == nil {
				if !isAPI(r) && r.Method == http.MethodGet {
					http.Redirect(w, r, "/login?next="+urlQueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
					return
				}
				s.fail(w, r, apperr.E(apperr.Unauthenticated, "web.sign_in_first"))
				return
			}
			if !a.any && !p.Has(a.roles...) {
				s.denied(w, r, p)
				return
			}
			if !a.any {
				// Act in the role the route admitted.
				for _, role := range p.Roles {
					if slices.Contains(a.roles, role) {
						act := audit.ActorFrom(r.Context())
						act.Role = string(role)
						r = r.WithContext(audit.WithActor(r.Context(), act))
						break
					}
				}
			}
		}
		if err := h(w, r); err != nil {
			s.fail(w, r, err)
		}
	})
}

// denied answers 403 for a caller whose roles do not admit the route, and
// records the attempt.
func (s *Server) denied(w http.ResponseWriter, r *http.Request, p *identity.Principal) {
	ctx := r.Context()
	err := s.db.Write(ctx, func(tx *sqldb.Tx) error {
		return audit.Record(
			ctx,
			tx,
			audit.Event{At: s.now(), Action: "access.denied", Data: map[string]any{"method": r.Method, "path": r.URL.Path}},
		)
	})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.fail(w, r, apperr.E(apperr.Forbidden, "web.role_forbidden"))
}

// finish registers, for every path, a catch-all that answers 405 with the
// envelope and an Allow header for methods the path does not have, and a
// JSON 404 for unknown /api/v1 routes.
func (rt *router) finish() {
	for path, ms := range rt.methods {
		allowed := slices.Clone(ms)
		if slices.Contains(allowed, http.MethodGet) {
			allowed = append(allowed, http.MethodHead)
		}
		sort.Strings(allowed)
		allow := strings.Join(allowed, ", ")
		rt.handleOthers(path, allowed, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Allow", allow)
			rt.s.fail(w, r, apperr.E(apperr.MethodNotAllowed, "web.method", "method", r.Method, "allow", allow))
		}))
	}
	notFound := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rt.s.fail(w, r, apperr.E(apperr.NotFound, "web.no_route"))
	})
	if _, ok := rt.methods["/api/v1/"]; !ok {
		rt.mux.Handle("/api/v1/", notFound)
	}
	if _, ok := rt.methods["/"]; !ok {
		rt.mux.Handle("/", notFound)
	}
}

// moved answers 301 Moved Permanently to the pattern to, its {wildcards}
// filled from the request's and the query string kept, for a path that
// has a new address.
func moved(to string) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		var b strings.Builder
		rest := to
		for {
			i := strings.IndexByte(rest, '{')
			if i < 0 {
				b.WriteString(rest)
				break
			}
			j := strings.IndexByte(rest[i:], '}')
			if j < 0 {
				panic("moved: unclosed wildcard in " + to)
			}
			b.WriteString(rest[:i])
			b.WriteString(url.PathEscape(r.PathValue(rest[i+1 : i+j])))
			rest = rest[i+j+1:]
		}
		if r.URL.RawQuery != "" {
			b.WriteString("?" + r.URL.RawQuery)
		}
		http.Redirect(w, r, b.String(), http.StatusMovedPermanently)
		return nil
	}
}

// handleOthers registers h for path and every method. Where that pattern
// conflicts with a route of one method whose path has a wildcard there
// (POST /api/v1/employees/import beside GET /api/v1/employees/{id}), h is
// registered instead for each standard method the path does not have.
func (rt *router) handleOthers(path string, allowed []string, h http.Handler) {
	if tryHandle(rt.mux, path, h) {
		return
	}
	for _, m := range []string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete,
		http.MethodOptions} {
		if !slices.Contains(allowed, m) {
			tryHandle(rt.mux, m+" "+path, h)
		}
	}
}

// tryHandle registers pattern unless it conflicts with one registered
// (ServeMux panics then, before changing anything).
func tryHandle(mux *http.ServeMux, pattern string, h http.Handler) (ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	mux.Handle(pattern, h)
	return true
}
