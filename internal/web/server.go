// Package web serves asnpro's pages and JSON API over the domain services:
// every route with its roles in routes.go, middleware, templates and
// embedded static files.
package web

import (
	"log/slog"
	"net/http"
	"net/netip"
	"sync"
	"time"

	"asnpro/internal/assess"
	"asnpro/internal/audit"
	"asnpro/internal/culture"
	"asnpro/internal/dashboard"
	"asnpro/internal/development"
	"asnpro/internal/exam"
	"asnpro/internal/identity"
	"asnpro/internal/notify"
	"asnpro/internal/performance"
	"asnpro/internal/recruitment"
	"asnpro/internal/results"
	"asnpro/internal/sqldb"
	"asnpro/internal/training"
	"asnpro/internal/verification"
	"asnpro/internal/workforce"
)

// Config configures the web layer.
type Config struct {
	TLS            bool           // served over TLS by asnpro itself
	TrustedProxies []netip.Prefix // X-Forwarded-For is read only from these
	AccessLog      bool           // log every request at info level
	Demo           bool           // the database was made with --demo
	// PublicURL is the address people reach the server at (--public-url),
	// printed on documents ("": the address of the request).
	PublicURL string
	// Helpdesk is the helpdesk's contact shown on the public pages (--helpdesk;
	// "": the agency is named without an address).
	Helpdesk string
	Version  string
	Now      func() time.Time
	KickMail func() // wakes the mail sender after a commit that queued mail (nil: it polls)
	Limits   Limits // zero fields take DefaultLimits
	// DiskPaths are the folders whose free space /readyz checks: the
	// SQLite database's, the blobs', the upload spool's.
	DiskPaths []string
}

// Server holds the services the handlers use.
type Server struct {
	cfg     Config
	db      *sqldb.DB
	id      *identity.Service
	audit   *audit.Log
	rec     *recruitment.Service
	notify  *notify.Service
	ver     *verification.Service
	exam    *exam.Service
	results *results.Service
	assess  *assess.Service
	// workforce keeps units, positions and employees.
	workforce *workforce.Service
	// development keeps each employee's development hours (JP).
	development *development.Service
	// culture keeps the code of ethics and the forum.
	culture *culture.Service
	dash    *dashboard.Service
	log     *slog.Logger
	now     func() time.Time
	router  *router
	pages   *pageSet
	static  *staticFiles
	cache   pageCache
	// portalRendering: one request at a time renders a stale portal home.
	portalRendering sync.Mutex

	// perf runs the performance evaluation (SKP).
	perf *performance.Service

	limits   Limits
	inFlight *counter[string] // requests in flight per forwarded client address
	uploads  *counter[int64]  // uploads in flight per user
	outages  outages

	// training keeps partner institutions, programmes, sessions and enrolments.
	training *training.Service
}

// Deps are the services the web layer serves.
type Deps struct {
	DB       *sqldb.DB
	Identity *identity.Service
	Log      *slog.Logger
	Audit    *audit.Log
	Recruit  *recruitment.Service
	Notify   *notify.Service
	// Verify runs verification, appeals and announcements.
	Verify *verification.Service
	// Exam keeps question banks, items and blueprints and runs CAT
	// attempts (nil: one over DB).
	Exam *exam.Service
	// Results keeps periods' scores and ranks them (nil: one over DB).
	Results *results.Service
	// Assess runs assessments by assessors (nil: one over DB).
	Assess *assess.Service
	// Workforce keeps units, positions and employees (nil: one over DB).
	Workforce *workforce.Service
	// Performance runs the performance evaluation (nil: one over DB and
	// Workforce, without the training catalogue).
	Performance *performance.Service
	// Development keeps development hours (nil: one over DB).
	Development *development.Service
	// Culture keeps the code of ethics and the forum (nil: one over DB).
	Culture *culture.Service
	// Dashboard gives the leaders' dashboards and the open data (nil: one
	// over the recruitment and verification services, without the sections
	// of parts not wired).
	Dashboard *dashboard.Service
	// Training keeps training with partner institutions (nil: one over DB).
	Training *training.Service
}

// New builds the server and its routes.
func New(cfg Config, d Deps) (*Server, error) {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if d.Notify == nil && d.DB != nil {
		d.Notify = notify.New(d.DB, cfg.Now, d.Log)
	}
	if d.Exam == nil && d.DB != nil {
		d.Exam = exam.New(d.DB, exam.Deps{Now: cfg.Now})
	}
	if d.Assess == nil && d.DB != nil {
		d.Assess = assess.New(d.DB, assess.Deps{Now: cfg.Now, Qualified: qualifiedIDs(d.Verify)})
	}
	if d.Results == nil && d.DB != nil {
		d.Results = results.New(d.DB, results.Deps{Now: cfg.Now, Exams: d.Exam, Qualified: qualifiedIDs(d.Verify), Assessments: d.Assess})
	}
	if d.Workforce == nil && d.DB != nil {
		d.Workforce = workforce.New(d.DB, cfg.Now)
	}
	if d.Performance == nil && d.DB != nil {
		d.Performance = performance.New(d.DB, performance.Deps{Staff: d.Workforce, Now: cfg.Now})
	}
	if d.Development == nil && d.DB != nil {
		d.Development = development.New(d.DB, development.Deps{Now: cfg.Now, Units: d.Workforce})
	}
	if d.Culture == nil && d.DB != nil {
		d.Culture = culture.New(d.DB, culture.Deps{Now: cfg.Now, Staff: d.Workforce})
	}
	if d.Dashboard == nil && d.DB != nil {
		d.Dashboard = dashboard.New(d.DB, dashboard.Deps{Periods: d.Recruit, Stats: d.Verify, Now: cfg.Now})
	}
	if d.Training == nil && d.DB != nil {
		d.Training = training.New(d.DB, training.Deps{Now: cfg.Now})
	}
	s := &Server{
		cfg:         cfg,
		db:          d.DB,
		id:          d.Identity,
		audit:       d.Audit,
		rec:         d.Recruit,
		notify:      d.Notify,
		ver:         d.Verify,
		exam:        d.Exam,
		results:     d.Results,
		assess:      d.Assess,
		workforce:   d.Workforce,
		development: d.Development,
		culture:     d.Culture,
		dash:        d.Dashboard,
		training:    d.Training,
		log:         d.Log,
		now:         cfg.Now,
	}
	s.perf = d.Performance
	s.limits = cfg.Limits.withDefaults()
	s.outages.now = time.Now
	s.inFlight = newCounter[string](s.limits.ConnsPerAddr)
	s.uploads = newCounter[int64](s.limits.UploadsPerUser)
	var err error
	if s.static, err = loadStatic(); err != nil {
		return nil, err
	}
	if s.pages, err = loadPages(s.static); err != nil {
		return nil, err
	}
	s.router = newRouter(s)
	s.routes(s.router)
	s.router.finish()
	return s, nil
}

// Handler returns the whole HTTP handler with its middleware.
func (s *Server) Handler() http.Handler {
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(s.crossOriginDenied))
	var h http.Handler = s.router.mux
	h = s.authenticate(h)
	h = cop.Handler(h)
	h = compress(h)
	h = s.outer(h)
	return h
}

// Routes lists every registered route with its access rule.
func (s *Server) Routes() []route { return s.router.routes }

// RouteInfo is one route and who may use it: "public", "any signed-in
// user", or the roles separated by commas.
type RouteInfo struct {
	Method, Path, Access string
}

// RouteList lists every route the server registers, in order, built from
// the router itself (for `asnpro routes` and the route × role tests).
func RouteList() ([]RouteInfo, error) {
	s, err := New(Config{}, Deps{})
	if err != nil {
		return nil, err
	}
	out := make([]RouteInfo, 0, len(s.router.routes))
	for _, r := range s.router.routes {
		out = append(out, RouteInfo{Method: r.Method, Path: r.Path, Access: r.Access.String()})
	}
	return out, nil
}
