package web

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"asnpro/internal/audit"
	"asnpro/internal/culture"
	"asnpro/internal/identity"
	"asnpro/internal/recruitment"
	"asnpro/internal/verification"
)

// admits reports whether p (nil: nobody signed in) may use a route with a.
func (a access) admits(p *identity.Principal) bool {
	switch {
	case a.public:
		return true
	case p == nil:
		return false
	case a.any:
		return true
	}
	return p.Has(a.roles...)
}

// may reports whether p may use the route "METHOD /pattern", as registered
// in routes.go; a route that is not registered admits nobody. Every link a
// page shows by role is checked here, so that no page offers what answers
// 403 and links stay true as routes change.
func (s *Server) may(p *identity.Principal, pattern string) bool {
	method, path, _ := strings.Cut(pattern, " ")
	for _, rt := range s.router.routes {
		if rt.Method == method && rt.Path == path {
			return rt.Access.admits(p)
		}
	}
	return false
}

// link is an action on a page: its words by catalogue key, and where it goes.
type link struct {
	Text string // catalogue key
	Href string
	ID   string // element id, for tests and the skip links
}

// navLinks are the navigation's role-bound entries, in order; each shows
// only to whoever may open it.
var navLinks = []link{
	{"nav.applications", "/lamaran", "nav-lamaran"},
	{"nav.practice", "/simulasi", "nav-simulasi"},
	{"nav.exams", "/ujian", "nav-ujian"},
	{"nav.verification", "/verifikasi", "nav-verifikasi"},
	{"nav.committee", "/panitia/periode", "nav-panitia"},
	{"nav.banks", "/panitia/bank", "nav-bank"},
	{"nav.sessions", "/panitia/ujian", "nav-sesi"},
	{"nav.scoring", "/penilaian", "nav-penilaian"},
	{"nav.users", "/users", "nav-users"},
	{"wf.nav.org", "/organisasi", "nav-organisasi"},
	{"tr.nav.training", "/pelatihan", "nav-pelatihan"},
	{"tr.nav.teaching", "/pelatihan/mengajar", "nav-mengajar"},
	{"nav.helpdesk", "/helpdesk", "nav-helpdesk"},
}

// nav is the navigation entries p may open.
func (s *Server) nav(p *identity.Principal) []link {
	if p == nil {
		return nil
	}
	var out []link
	for _, l := range navLinks {
		if s.may(p, "GET "+l.Href) {
			out = append(out, l)
		}
	}
	return out
}

// allowed keeps the links of ls that p may open (by their GET route pattern).
func (s *Server) allowed(p *identity.Principal, ls ...routeLink) []link {
	var out []link
	for _, l := range ls {
		if s.may(p, "GET "+l.route) {
			out = append(out, l.link)
		}
	}
	return out
}

// routeLink is a link with the route pattern that serves it.
type routeLink struct {
	link
	route string
}

func rl(text, route, href string) routeLink {
	return routeLink{link{Text: text, Href: href, ID: "go-" + strings.Trim(strings.ReplaceAll(href, "/", "-"), "-")}, route}
}

// roleHome is what one of the signed-in user's roles finds on the home
// page: what it does here (or that there is nothing yet), its work, and
// where to go.
type roleHome struct {
	Role      identity.Role
	Title     string // catalogue key
	Lead      string // catalogue key
	Applicant *applicantHome
	Periods   []periodWork
	Links     []link
	// Pending are the current versions of the code of ethics the user has
	// not acknowledged (shown in one section only).
	Pending []*culture.Code
}

// roleTitles are the roles in the order their sections appear.
var roleTitles = []identity.Role{
	identity.Applicant, identity.Verifier, identity.Committee, identity.Auditor, identity.Admin,
	identity.Author, identity.Assessor, identity.Employee, identity.Supervisor, identity.Trainer, identity.Leader,
}

// applicantHome is an applicant's applications and notifications.
type applicantHome struct {
	Apps       []applicantApp
	Unread     int
	NotifHref  string // "" when p may not open it
	ChooseHref string
}

// applicantApp is one application: where it stands and what comes next.
type applicantApp struct {
	Href, Number, Position, Unit, Period string
	Submitted                            bool
	Now                                  stageView
	Due                                  *time.Time // the deadline of the stage in progress
	Next                                 *stageView
	CardHref                             string
}

// periodWork is a period as a staff role sees it from home.
type periodWork struct {
	ID          int64
	Name, Phase string
	Href        string // the period's verification page, "" if not admitted
	PactHref    string // set while the pact is unsigned
	// The verifier's queue (Undecided: the committee's, the period's).
	Assigned, Undecided int
	// The committee's and the auditor's view.
	Submitted, Decided int
	Waiting            []queueLink // the first undecided applications
	TMSUnconfirmed     int
	AppealsPending     int
	Announced          bool
	ResultsHref        string
	StatsHref          string
	IntegrityHref      string // the period's integrity page, where there is one
	SetupHref          string // the committee's set-up page of the period (schedule, formations)
	// The committee's: assessments waiting for assessors' scores or for
	// the panel, their page, and the period's ranking page.
	Scoring, Moderating     int
	AssessHref, RankingHref string
	RegOpen                 bool
	RegCloseAt              time.Time
}

// queueLink is an application named in a list of work.
type queueLink struct {
	Href, Number, Name string
}

// waitingShown is how many undecided applications a committee home names.
const waitingShown = 5

type homeData struct {
	Roles  []roleHome
	Portal *portalData // the anonymous visitor's portal (portal.go)
}

// staffHomeTTL is how long a staff member's home is served as it was
// rendered: its counts are of other people's work, and under a deadline
// many staff open their homes again and again. An applicant's home, which
// shows their own application, is always rendered fresh.
const staffHomeTTL = 2 * time.Second

// roleHomePage renders / for a signed-in user: one section per role.
func (s *Server) roleHomePage(w http.ResponseWriter, r *http.Request, p *identity.Principal) error {
	data := func() (any, error) {
		var d homeData
		for _, role := range roleTitles {
			if !p.Has(role) {
				continue
			}
			h, err := s.roleHome(r, p, role)
			if err != nil {
				return nil, err
			}
			d.Roles = append(d.Roles, h)
		}
		oneLinkPerPlace(d.Roles)
		if err := s.pendingEthics(r, p, d.Roles); err != nil {
			return nil, err
		}
		return d, nil
	}
	if p.Has(identity.Applicant) {
		d, err := data()
		if err != nil {
			return err
		}
		return s.render(w, r, http.StatusOK, "home", "home.title", d)
	}
	return s.renderFor(w, r, "home|staff|"+viewerKey(r), staffHomeTTL, "home", "home.title", data)
}

// pendingEthics puts the current versions of the code of ethics p has not
// acknowledged in the first section of a role that acknowledges.
func (s *Server) pendingEthics(r *http.Request, p *identity.Principal, hs []roleHome) error {
	if !s.may(p, "POST /etika/{id}/setuju") {
		return nil
	}
	for i := range hs {
		switch hs[i].Role {
		case identity.Employee, identity.Supervisor, identity.Leader, identity.Trainer:
			pending, err := s.culture.Pending(r.Context(), p.UserID)
			hs[i].Pending = pending
			return err
		}
	}
	return nil
}

// oneLinkPerPlace keeps each destination's link in the first role's
// section that offers it (a committee member who also verifies sees one
// "Verifikasi"), so the page links each place once and ids stay unique.
func oneLinkPerPlace(hs []roleHome) {
	seen := map[string]bool{}
	for i := range hs {
		var keep []link
		for _, l := range hs[i].Links {
			if !seen[l.Href] {
				seen[l.Href] = true
				keep = append(keep, l)
			}
		}
		hs[i].Links = keep
	}
}

func (s *Server) roleHome(r *http.Request, p *identity.Principal, role identity.Role) (roleHome, error) {
	h := roleHome{Role: role, Title: "home.role." + string(role), Lead: "home.role." + string(role) + ".lead"}
	var err error
	switch role {
	case identity.Applicant:
		h.Applicant, err = s.applicantHome(r, p)
	case identity.Verifier, identity.Committee, identity.Auditor:
		h.Periods, err = s.periodWork(r, p, role)
	}
	if err != nil {
		return h, err
	}
	switch role {
	case identity.Applicant:
		h.Links = s.allowed(p, rl("home.go.exams", "/ujian", "/ujian"), rl("home.go.practice", "/simulasi", "/simulasi"))
	case identity.Committee:
		h.Links = s.allowed(p, rl("home.go.verification", "/verifikasi", "/verifikasi"), rl("home.go.committee", "/panitia/periode",
			"/panitia/periode"), rl("home.go.banks", "/panitia/bank", "/panitia/bank"),
			rl("home.go.blueprints", "/panitia/cetak-biru", "/panitia/cetak-biru"), rl("home.go.sessions", "/panitia/ujian", "/panitia/ujian"),
			rl("home.go.helpdesk", "/helpdesk", "/helpdesk"), rl("ob.home.go.intake", "/pengangkatan", "/pengangkatan"))
	case identity.Verifier:
		h.Links = s.allowed(p, rl("home.go.verification", "/verifikasi", "/verifikasi"))
	case identity.Author:
		h.Links = s.allowed(p, rl("home.go.banks", "/panitia/bank", "/panitia/bank"),
			rl("home.go.blueprints", "/panitia/cetak-biru", "/panitia/cetak-biru"))
	case identity.Auditor:
		h.Links = s.allowed(p, rl("dash.title", "/dashboard", "/dashboard"),
			rl("home.go.users.read", "/users", "/users"), rl("home.go.verification.read", "/verifikasi", "/verifikasi"),
			rl("home.go.sessions.read", "/panitia/ujian", "/panitia/ujian"), rl("home.go.transparency", "/transparency", "/transparency"),
			rl("wf.home.go.org.read", "/organisasi", "/organisasi"), rl("ob.home.go.intake", "/pengangkatan", "/pengangkatan"),
			rl("ob.home.go.reminders", "/pengingat", "/pengingat"),
			rl("dev.home.go.dashboard", "/jam-pelajaran/kepatuhan", "/jam-pelajaran/kepatuhan"),
			rl("tr.home.go.institutions", "/pelatihan/lembaga", "/pelatihan/lembaga"), rl("tr.home.go.catalogue", "/pelatihan", "/pelatihan"),
			rl("tr.home.go.report", "/pelatihan/laporan", "/pelatihan/laporan"),
			rl("culture.home.go.ethics", "/etika", "/etika"), rl("culture.home.go.units", "/etika/unit", "/etika/unit"),
			rl("culture.home.go.pacts", "/etika/pakta", "/etika/pakta"), rl("culture.home.go.forum", "/forum", "/forum"))
	case identity.Admin:
		h.Links = s.allowed(p, rl("dash.title", "/dashboard", "/dashboard"),
			rl("home.go.users", "/users", "/users"), rl("wf.home.go.org", "/organisasi", "/organisasi"),
			rl("wf.home.go.import", "/impor-pegawai", "/impor-pegawai"), rl("ob.home.go.intake", "/pengangkatan", "/pengangkatan"),
			rl("ob.home.go.reminders", "/pengingat", "/pengingat"),
			rl("dev.home.go.dashboard", "/jam-pelajaran/kepatuhan", "/jam-pelajaran/kepatuhan"),
			rl("tr.home.go.institutions", "/pelatihan/lembaga", "/pelatihan/lembaga"), rl("tr.home.go.catalogue", "/pelatihan", "/pelatihan"),
			rl("tr.home.go.report", "/pelatihan/laporan", "/pelatihan/laporan"),
			rl("culture.home.go.ethics", "/etika", "/etika"), rl("culture.home.go.units", "/etika/unit", "/etika/unit"),
			rl("culture.home.go.pacts", "/etika/pakta", "/etika/pakta"), rl("culture.home.go.forum", "/forum", "/forum"),
			rl("culture.home.go.mod", "/forum/moderasi", "/forum/moderasi"))
	case identity.Employee:
		h.Lead = "wf.home.employee.lead"
		h.Links = s.allowed(p, rl("wf.home.go.me", "/data-saya", "/data-saya"), rl("dev.home.go.me", "/jam-pelajaran", "/jam-pelajaran"),
			rl("tr.home.go.mine", "/pelatihan/saya", "/pelatihan/saya"), rl("tr.home.go.catalogue", "/pelatihan", "/pelatihan"),
			rl("culture.home.go.ethics", "/etika", "/etika"), rl("culture.home.go.forum", "/forum", "/forum"))
	case identity.Supervisor:
		h.Lead = "wf.home.supervisor.lead"
		h.Links = s.allowed(p, rl("wf.home.go.reports", "/bawahan", "/bawahan"),
			rl("dev.home.go.team", "/jam-pelajaran/tim", "/jam-pelajaran/tim"),
			rl("tr.home.go.approvals", "/pelatihan/persetujuan", "/pelatihan/persetujuan"), rl("tr.home.go.catalogue", "/pelatihan", "/pelatihan"),
			rl("culture.home.go.ethics", "/etika", "/etika"), rl("culture.home.go.forum", "/forum", "/forum"))
	case identity.Trainer:
		h.Lead = "tr.home.trainer.lead"
		h.Links = s.allowed(p, rl("tr.home.go.teaching", "/pelatihan/mengajar", "/pelatihan/mengajar"),
			rl("culture.home.go.ethics", "/etika", "/etika"), rl("culture.home.go.forum", "/forum", "/forum"))
	case identity.Leader:
		h.Lead = "wf.home.leader.lead"
		h.Links = s.allowed(p, rl("dash.title", "/dashboard", "/dashboard"),
			rl("wf.home.go.org.read", "/organisasi", "/organisasi"), rl("ob.home.go.intake", "/pengangkatan", "/pengangkatan"),
			rl("ob.home.go.reminders", "/pengingat", "/pengingat"),
			rl("dev.home.go.dashboard", "/jam-pelajaran/kepatuhan", "/jam-pelajaran/kepatuhan"),
			rl("tr.home.go.catalogue", "/pelatihan", "/pelatihan"), rl("tr.home.go.report", "/pelatihan/laporan", "/pelatihan/laporan"),
			rl("culture.home.go.ethics", "/etika", "/etika"), rl("culture.home.go.units", "/etika/unit", "/etika/unit"),
			rl("culture.home.go.pacts", "/etika/pakta", "/etika/pakta"), rl("culture.home.go.forum", "/forum", "/forum"))
	case identity.Assessor:
		h.Links = s.allowed(p, rl("home.go.scoring", "/penilaian", "/penilaian"), rl("home.go.pact", "/verifikasi", "/verifikasi"))
	}
	h.Links = append(h.Links, s.skpHomeLinks(p, role)...)
	return h, nil
}

// applicantHome lists p's applications with where each stands (the same
// stages as /lamaran/{id}) and the unread notifications.
func (s *Server) applicantHome(r *http.Request, p *identity.Principal) (*applicantHome, error) {
	ctx := r.Context()
	h := &applicantHome{}
	if s.may(p, "GET /periods") {
		h.ChooseHref = "/periods"
	}
	if s.may(p, "GET /notifikasi") {
		h.NotifHref = "/notifikasi"
		_, _, unread, err := s.notify.List(ctx, p.UserID, 1, 0)
		if err != nil {
			return nil, err
		}
		h.Unread = unread
	}
	as, err := s.rec.FindApplicationsOfUser(ctx, p.UserID)
	if err != nil {
		return nil, err
	}
	for _, a := range as {
		v, err := s.appViewOf(r, a)
		if err != nil {
			return nil, err
		}
		id := strconv.FormatInt(a.ID, 10)
		app := applicantApp{Number: a.RegistrationNumber, Position: v.F.Position, Unit: v.F.Unit, Period: v.P.Name,
			Submitted: a.Status == recruitment.StatusSubmitted}
		if s.may(p, "GET /lamaran/{id}") {
			app.Href = "/lamaran/" + id
		}
		if app.Submitted && s.may(p, "GET /api/v1/applications/{id}/card.pdf") {
			app.CardHref = "/api/v1/applications/" + id + "/card.pdf"
		}
		app.Now, app.Next = whereItStands(v.Stages)
		if app.Now.State == "current" {
			app.Due = app.Now.At
		}
		h.Apps = append(h.Apps, app)
	}
	return h, nil
}

// whereItStands is the stage an application is at (the one in progress,
// or else the last done) and the next one with a date.
func whereItStands(st []stageView) (now stageView, next *stageView) {
	// The furthest stage reached: a later list published stands ahead of
	// an appeal window still open.
	at := 0
	for i, s := range st {
		if s.State == "current" || s.State == "done" {
			at = i
		}
	}
	for i := at + 1; i < len(st); i++ {
		if st[i].At != nil && st[i].State != "done" {
			n := st[i]
			return st[at], &n
		}
	}
	return st[at], nil
}

// periodWork is, per period, the work of a verifier (the own queue), the
// committee (what blocks the next step) or the auditor (progress).
func (s *Server) periodWork(r *http.Request, p *identity.Principal, role identity.Role) ([]periodWork, error) {
	ctx := actingAs(r.Context(), p, role)
	ps, err := s.rec.FindPeriods(ctx, role != identity.Verifier)
	if err != nil {
		return nil, err
	}
	now := s.now()
	var out []periodWork
	// The newest first.
	ps = slices.Clone(ps)
	slices.SortFunc(ps, func(a, b *recruitment.Period) int { return b.RegOpenAt.Compare(a.RegOpenAt) })
	for _, per := range ps {
		id := strconv.FormatInt(per.ID, 10)
		w := periodWork{ID: per.ID, Name: per.Name, Phase: per.Phase(now), RegOpen: per.RegistrationOpen(now), RegCloseAt: per.RegCloseAt}
		if per.PublishedAt != nil && s.may(p, "GET /periods/{id}/statistics") { // the public pages show published periods
			w.StatsHref = "/periods/" + id + "/statistics"
		}
		if role != identity.Auditor {
			pact, err := s.ver.FindPact(ctx, p, per.ID)
			if err != nil {
				return nil, err
			}
			if pact == nil {
				if s.may(p, "GET /verifikasi") {
					w.PactHref = "/verifikasi#period-" + id
				}
				out = append(out, w)
				continue
			}
		}
		if s.may(p, "GET /verifikasi/periode/{id}") {
			w.Href = "/verifikasi/periode/" + id
		}
		if err := s.fillWork(ctx, p, role, per, &w); err != nil {
			return nil, err
		}
		out = append(out, w)
	}
	return out, nil
}

// fillWork counts a period's work for role.
func (s *Server) fillWork(ctx context.Context, p *identity.Principal, role identity.Role, per *recruitment.Period, w *periodWork) error {
	if role == identity.Verifier {
		q, err := s.ver.FindQueue(ctx, p, verification.QueueFilter{PeriodID: per.ID, Status: "all", Limit: 1})
		if err != nil {
			return err
		}
		w.Assigned, w.Undecided = q.Counts["all"], q.Counts["pending"]
		return nil
	}
	pr, err := s.ver.FindCounts(ctx, p, per.ID)
	if err != nil {
		return err
	}
	w.Submitted, w.Decided, w.TMSUnconfirmed, w.AppealsPending = pr.Submitted, pr.Decided, pr.TMSUnconfirmed, pr.AppealsPending
	w.Undecided = pr.Submitted - pr.Decided
	anns, err := s.ver.FindAnnouncements(ctx, per.ID)
	if err != nil {
		return err
	}
	w.Announced = len(anns) > 0
	if w.Announced && s.may(p, "GET /periods/{id}/results") {
		w.ResultsHref = "/periods/" + strconv.FormatInt(per.ID, 10) + "/results"
	}
	if role == identity.Committee && s.may(p, "GET /panitia/periode/{id}") {
		w.SetupHref = "/panitia/periode/" + strconv.FormatInt(per.ID, 10)
	}
	if role == identity.Committee && w.Announced {
		id := strconv.FormatInt(per.ID, 10)
		if w.Scoring, w.Moderating, err = s.assess.Progress(ctx, per.ID); err != nil {
			return err
		}
		if s.may(p, "GET /panitia/periode/{id}/asesmen") {
			w.AssessHref = "/panitia/periode/" + id + "/asesmen"
		}
		if s.may(p, "GET /panitia/periode/{id}/peringkat") {
			w.RankingHref = "/panitia/periode/" + id + "/peringkat"
		}
	}
	if s.may(p, "GET /verifikasi/periode/{id}/integritas") {
		w.IntegrityHref = "/verifikasi/periode/" + strconv.FormatInt(per.ID, 10) + "/integritas"
	}
	if role != identity.Committee || pr.Submitted == pr.Decided {
		return nil
	}
	q, err := s.ver.FindQueue(ctx, p, verification.QueueFilter{PeriodID: per.ID, Status: "pending", Limit: waitingShown})
	if err != nil {
		return err
	}
	open := s.may(p, "GET /verifikasi/lamaran/{id}")
	for _, it := range q.Items {
		ql := queueLink{Number: it.RegistrationNumber, Name: it.Name}
		if open {
			ql.Href = "/verifikasi/lamaran/" + strconv.FormatInt(it.ApplicationID, 10)
		}
		w.Waiting = append(w.Waiting, ql)
	}
	return nil
}

// More is how many undecided applications the list does not name.
func (w periodWork) More() int { return w.Undecided - len(w.Waiting) }

// actingAs is ctx with the actor acting in role (a page outside the
// router's role check, such as home, acts in each of the user's roles in turn).
func actingAs(ctx context.Context, p *identity.Principal, role identity.Role) context.Context {
	act := audit.ActorFrom(ctx)
	act.Role = string(role)
	return audit.WithActor(ctx, act)
}
