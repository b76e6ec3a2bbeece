package web

import (
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"asnpro/internal/identity"
)

// demoHomeData fills every branch of the signed-in home for the page test.
func demoHomeData() homeData {
	at := time.Date(2026, 12, 20, 16, 59, 0, 0, time.UTC)
	stage := stageView{Key: "app.stage.administration", At: &at, State: "done", Note: "app.st.announced", Result: "TMS"}
	periods := []periodWork{
		{ID: 1, Name: "CPNS 2026", Phase: "registration", Href: "/verifikasi/periode/1", RegOpen: true, RegCloseAt: at, Submitted: 4,
			Decided: 1, Undecided: 3, Waiting: []queueLink{{"/verifikasi/lamaran/1", "20260010000001", "Siti <b>"}, {"", "2", "Budi"}},
			TMSUnconfirmed: 1, AppealsPending: 2, StatsHref: "/periods/1/statistics", Assigned: 2,
			IntegrityHref: "/verifikasi/periode/1/integritas", SetupHref: "/panitia/periode/1"},
		{ID: 2, Name: "CPNS 2025", Phase: "appeal", Announced: true, ResultsHref: "/periods/2/results", Submitted: 5, Decided: 5},
		{ID: 3, Name: "CPNS 2024", Phase: "verification", Submitted: 5, Decided: 5},
		{ID: 4, Name: "CPNS 2023", Phase: "verification"},
		{ID: 5, Name: "CPNS 2022", Phase: "draft", PactHref: "/verifikasi#period-5"},
		{ID: 6, Name: "PPPK 2027", Phase: "draft", SetupHref: "/panitia/periode/6"},
	}
	d := homeData{Portal: demoPortal()}
	for _, role := range roleTitles {
		h := roleHome{Role: role, Title: "home.role." + string(role), Lead: "home.role." + string(role) + ".lead",
			Links: []link{{"home.go.users", "/users", "go-users"}}}
		switch role {
		case identity.Applicant:
			h.Applicant = &applicantHome{Unread: 3, NotifHref: "/notifikasi", ChooseHref: "/periods", Apps: []applicantApp{
				{Href: "/lamaran/1", Number: "20260010000001", Position: "Perawat", Unit: "RSUD", Period: "CPNS 2026", Submitted: true,
					Now: stage, Due: &at, Next: &stage, CardHref: "/api/v1/applications/1/card.pdf"},
				{Number: "2", Now: stageView{Key: "app.stage.registration", Note: "app.st.draft"}},
			}}
		case identity.Verifier, identity.Committee, identity.Auditor:
			h.Periods = periods
		}
		d.Roles = append(d.Roles, h)
	}
	return d
}

// TestMayFollowsTheRouteTable: may answers from the roles of routes.go,
// and a route that is not registered admits nobody.
func TestMayFollowsTheRouteTable(t *testing.T) {
	t.Parallel()
	s, _ := newTestServer(t)
	as := func(roles ...identity.Role) *identity.Principal { return &identity.Principal{UserID: 1, Roles: roles} }
	cases := []struct {
		p       *identity.Principal
		pattern string
		want    bool
	}{
		{nil, "GET /periods", true},
		{nil, "GET /notifikasi", false},
		{as(identity.Employee), "GET /notifikasi", true},
		{as(identity.Assessor), "GET /verifikasi", true},
		{as(identity.Assessor), "GET /verifikasi/periode/{id}", false},
		{as(identity.Auditor), "GET /verifikasi/periode/{id}", true},
		{as(identity.Auditor), "POST /verifikasi/periode/{id}/umumkan", false},
		{as(identity.Admin), "GET /users", true},
		{as(identity.Committee), "GET /users", false},
		{as(identity.Applicant, identity.Committee), "GET /lamaran", true},
		{as(identity.Admin), "GET /no/such/route", false},
	}
	for _, c := range cases {
		if got := s.may(c.p, c.pattern); got != c.want {
			t.Errorf("may(%v, %q) = %v, want %v", c.p, c.pattern, got, c.want)
		}
	}
	for _, l := range s.nav(as(identity.Assessor)) {
		if strings.Contains(l.Href, "users") || strings.Contains(l.Href, "lamaran") {
			t.Errorf("the assessor's navigation offers %s", l.Href)
		}
	}
}

// TestWhereItStands: the stage in progress, else the last done; next is
// the first later stage with a date not done.
func TestWhereItStands(t *testing.T) {
	t.Parallel()
	at := time.Now()
	st := []stageView{{Key: "a", State: "done", At: &at}, {Key: "b", State: "current", At: &at}, {Key: "c", State: "pending"},
		{Key: "d", State: "pending", At: &at}}
	now, next := whereItStands(st)
	if now.Key != "b" || next == nil || next.Key != "d" {
		t.Errorf("got %s then %v, want b then d", now.Key, next)
	}
	st[1].State = "done"
	st[3].State = "done"
	now, next = whereItStands(st)
	if now.Key != "d" || next != nil {
		t.Errorf("got %s then %v, want d then nothing", now.Key, next)
	}
}

// TestHomeLinksEachPlaceOnce: a committee member who also verifies finds
// one link to /verifikasi on the home page, in the first section that
// offers it, and the committee's other links stay.
func TestHomeLinksEachPlaceOnce(t *testing.T) {
	t.Parallel()
	s, _ := newTestServer(t)
	p := &identity.Principal{UserID: 1, Username: "ganda", Name: "Ganda", Roles: []identity.Role{identity.Committee, identity.Verifier}}
	r := httptest.NewRequest("GET", "/", nil)
	r = r.WithContext(identity.WithPrincipal(r.Context(), p))
	w := httptest.NewRecorder()
	if err := s.roleHomePage(w, r, p); err != nil {
		t.Fatal(err)
	}
	body := w.Body.String()
	if n := strings.Count(body, `href="/verifikasi" id="go-verifikasi"`); n != 1 {
		t.Fatalf("%d links to /verifikasi: %s", n, body)
	}
	if !strings.Contains(body, `id="go-panitia-periode"`) {
		t.Fatalf("the committee's own link is gone: %s", body)
	}
}
