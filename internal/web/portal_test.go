package web

import (
	"context"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"asnpro/internal/recruitment"
	"asnpro/internal/sqldb"
	"asnpro/internal/sqldb/sqldbtest"
	"asnpro/internal/verification"
)

// demoPortal is a portal with an open period and a period with results.
func demoPortal() *portalData {
	p := periodView{demoPeriod(), "registration"}
	news := []announcementView{{&verification.Announcement{ID: 1, PeriodID: 1, Stage: "administration", Version: 1,
		PublishedAt: time.Now(), SHA256: "ab12"}, "Hasil seleksi administrasi"}}
	return &portalData{
		Open:    []portalPeriod{{P: p, Formations: 12, Places: 40}},
		Periods: []portalPeriod{{P: p, Formations: 12, Places: 40}, {P: p, News: news, Published: true}},
	}
}

// TestPortalPages: the anonymous home page shows the open period with its
// counts, its search and "register", the helpdesk, and whether results are
// published, in both languages; the period page links its announcements,
// results and statistics only once published and says so plainly before.
func TestPortalPages(t *testing.T) {
	t.Parallel()
	wib, _ := time.LoadLocation("Asia/Jakarta")
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		e := newVerifyEnv(t, db, time.Date(2026, 12, 1, 9, 0, 0, 0, wib))
		pid := strconv.FormatInt(e.period.ID, 10)
		ms := e.submit("Siti Aminah")
		e.decide(ms, verification.NewDecision{Decision: "MS"})
		get := func(path string) string {
			t.Helper()
			code, body := e.call("GET", path, "", nil)
			if code != http.StatusOK {
				t.Fatalf("%s: %d", path, code)
			}
			return body
		}
		must := func(where, body string, parts ...string) {
			t.Helper()
			for _, p := range parts {
				if !strings.Contains(body, p) {
					t.Errorf("%s lacks %q", where, p)
				}
			}
		}
		mustNot := func(where, body string, parts ...string) {
			t.Helper()
			for _, p := range parts {
				if strings.Contains(body, p) {
					t.Errorf("%s shows %q", where, p)
				}
			}
		}
		open := func(lang string) []string {
			return []string{html.EscapeString(e.period.Name), `id="open-` + pid + `"`, `action="/periods/` + pid + `"`,
				`id="daftar-` + pid + `" href="/daftar">` + T(lang, "portal.register"), T(lang, "portal.open.h"),
				`<dd class="formation-total">1</dd>`, `<dd class="place-total">` + strconv.Itoa(e.form.Quota) + `</dd>`,
				html.EscapeString(T(lang, "portal.helpdesk.none")), `href="/prosedur"`}
		}

		home := get("/?lang=id")
		must("home (id) before results", home, append(open("id"), html.EscapeString(T("id", "portal.notyet")))...)
		mustNot("home (id) before results", home, "/periods/"+pid+"/results")
		period := get("/periods/" + pid + "?lang=en")
		must("period (en) before results", period, `id="news-none"`, `id="results-none"`, `href="#formations-h"`,
			html.EscapeString(T("en", "portal.notyet")), html.EscapeString(T("en", "portal.notyet.short")))
		mustNot("period (en) before results", period, `id="results-link"`, `id="stats-link"`)

		// Registration closed on 11 December 09:00 WIB: a list is published only after it.
		e.clock.Set(time.Date(2026, 12, 11, 14, 0, 0, 0, wib))
		kctx, ketua := e.as("ketua")
		if _, err := e.ver.PublishResults(kctx, ketua, e.period.ID, "administration"); err != nil {
			t.Fatal(err)
		}
		first := `/periods/` + pid + `/results?stage=administration&amp;version=1`
		must("period (en) after the first list", get("/periods/"+pid+"?lang=en"), first)
		// A second version shows at once on the same page (the first one also opened the appeal window).
		if _, err := e.ver.PublishResults(kctx, ketua, e.period.ID, "administration"); err != nil {
			t.Fatal(err)
		}
		a, err := e.ver.FindAnnouncement(context.Background(), e.period.ID, "", 0)
		if err != nil || a.Version != 2 {
			t.Fatalf("the second list: %+v %v", a, err)
		}
		results := `/periods/` + pid + `/results?stage=administration&amp;version=2`
		home = get("/?lang=en")
		must("home (en) after results", home, html.EscapeString(e.period.Name), a.SHA256, results, `href="/periods/`+pid+`/statistics"`)
		mustNot("home (en) after results", home, html.EscapeString(T("en", "portal.notyet")))
		// The same page as before (its copy is not served again): both languages.
		for _, lang := range []string{"en", "id"} {
			period = get("/periods/" + pid + "?lang=" + lang)
			must("period ("+lang+") after results", period, a.SHA256, results, `id="results-link"`, `id="stats-link"`)
			mustNot("period ("+lang+") after results", period, `id="news-none"`, `id="results-none"`)
		}
	})
}

// TestPortalApply: "apply" on a formation page leads a visitor to sign in
// (next: the application page with the formation) with registration that
// keeps it, an applicant straight to the application page, and staff
// nowhere (no button).
func TestPortalApply(t *testing.T) {
	t.Parallel()
	wib, _ := time.LoadLocation("Asia/Jakarta")
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		e := newVerifyEnv(t, db, time.Date(2026, 12, 1, 9, 0, 0, 0, wib))
		fid := strconv.FormatInt(e.form.ID, 10)
		applicant := e.submit("Siti Aminah")
		fresh, err := e.rec.RegisterApplicant(t.Context(), recruitment.NewApplicant{NIK: "6271031205980777", Name: "Budi Santoso",
			BirthPlace: "Palangka Raya", BirthDate: "1998-05-12", Gender: "M", Email: "budi@example.id", Phone: "081234567890",
			Password: "rahasia-123"}, "test", "id")
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			who, token string
			want       []string
			not        []string
		}{
			{"visitor", "", []string{`id="apply" href="/login?next=%2Flamaran%3Fformation%3D` + fid + `"`,
				`href="/daftar?formation=` + fid + `" id="apply-register"`}, nil},
			{"applicant", e.token(fresh.NIK), []string{`id="apply" href="/lamaran?formation=` + fid + `"`}, []string{`id="apply-register"`,
				`id="mine"`}},
			{"applied", e.token(applicant.nik), []string{`href="/lamaran/` + strconv.FormatInt(applicant.appID, 10) + `" id="mine-link"`},
				[]string{`id="apply"`, `id="apply-register"`}},
			{"committee", e.token("ketua"), nil, []string{`id="apply"`, `id="apply-register"`}},
			{"verifier", e.token("veri"), nil, []string{`id="apply"`, `id="apply-register"`}},
		} {
			code, body := e.call("GET", "/formations/"+fid, c.token, nil)
			if code != http.StatusOK {
				t.Fatalf("%s: formation page %d", c.who, code)
			}
			for _, w := range c.want {
				if !strings.Contains(body, w) {
					t.Errorf("%s: the formation page lacks %s", c.who, w)
				}
			}
			for _, n := range c.not {
				if strings.Contains(body, n) {
					t.Errorf("%s: the formation page shows %s", c.who, n)
				}
			}
		}
		// On the application page too, one who applied in the period is led
		// to their application instead of the form or "apply".
		mine := `href="/lamaran/` + strconv.FormatInt(applicant.appID, 10) + `"`
		for _, path := range []string{"/lamaran?q=" + url.QueryEscape(e.form.Code), "/lamaran?formation=" + fid} {
			code, body := e.call("GET", path, e.token(applicant.nik), nil)
			if code != http.StatusOK || !strings.Contains(body, mine) || strings.Contains(body, `id="apply-`+e.form.Code+`"`) ||
				strings.Contains(body, `id="choose-form"`) {
				t.Errorf("%s: %d, the applicant who applied is offered to apply again", path, code)
			}
			code, body = e.call("GET", path, e.token(fresh.NIK), nil)
			if code != http.StatusOK || strings.Contains(body, `id="mine`) {
				t.Errorf("%s: %d, an applicant without an application is told of one", path, code)
			}
		}
		// The sign-in page that leads there offers registration keeping the formation.
		code, body := e.call("GET", "/login?next="+url.QueryEscape("/lamaran?formation="+fid), "", nil)
		if code != http.StatusOK || !strings.Contains(body, `id="register-link">`) ||
			!strings.Contains(body, `href="/daftar?formation=`+fid+`" id="register-link"`) {
			t.Errorf("the sign-in page does not offer registration with the formation: %d", code)
		}
	})
}

// TestPortalBadNext: a sign-in's next and a registration's formation lead
// only to a path on this site; anything else falls back to the home page
// (next) or the application page without a formation.
func TestPortalBadNext(t *testing.T) {
	t.Parallel()
	wib, _ := time.LoadLocation("Asia/Jakarta")
	e := newVerifyEnv(t, sqldbtest.Open(t, sqldb.SQLite), time.Date(2026, 12, 1, 9, 0, 0, 0, wib))
	fid := strconv.FormatInt(e.form.ID, 10)
	noFollow := *e.hs.Client()
	noFollow.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	post := func(path string, form url.Values) *http.Response {
		t.Helper()
		res, err := noFollow.PostForm(e.hs.URL+path, form)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res
	}
	for _, c := range []struct {
		next, want, register string
	}{
		{"//evil.example/", "/", "/daftar"},
		{"https://evil.example/lamaran", "/", "/daftar"},
		{"/\\evil.example", "/", "/daftar"},
		{"/%2F%2Fevil.example", "/", "/daftar"},
		{"/%252F%252Fevil.example", "/", "/daftar"},
		{"/\t/evil.example", "/", "/daftar"},
		{"javascript:alert(1)", "/", "/daftar"},
		{"evil.example", "/", "/daftar"},
		{"", "/", "/daftar"},
		{"/lamaran?formation=//evil.example", "/lamaran?formation=//evil.example", "/daftar"},
		{"/lamaran?formation=" + fid + "%0d%0aX:1", "/", "/daftar"},
		{"/lamaran?formation=-" + fid, "/lamaran?formation=-" + fid, "/daftar"},
		{"/lamaran?formation=" + fid, "/lamaran?formation=" + fid, "/daftar?formation=" + fid},
	} {
		t.Run(fmt.Sprintf("%q", c.next), func(t *testing.T) {
			code, body := e.call("GET", "/login?next="+url.QueryEscape(c.next), "", nil)
			if code != http.StatusOK {
				t.Fatalf("GET /login: %d", code)
			}
			if !strings.Contains(body, `name="next" value="`+html.EscapeString(c.want)+`"`) {
				t.Errorf("the sign-in form does not carry next %q", c.want)
			}
			if !strings.Contains(body, `href="`+html.EscapeString(c.register)+`" id="register-link"`) {
				t.Errorf("the sign-in page does not offer %s", c.register)
			}
			res := post("/login", url.Values{"username": {"ketua"}, "password": {"rahasia-123"}, "next": {c.next}})
			if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != c.want {
				t.Errorf("POST /login: %d to %q, want %q", res.StatusCode, res.Header.Get("Location"), c.want)
			}
		})
	}
	for i, c := range []struct{ formation, want string }{
		{"//evil.example", "/lamaran"},
		{"https://evil.example", "/lamaran"},
		{"0", "/lamaran"},
		{"-1", "/lamaran"},
		{"0" + fid, "/lamaran"},
		{fid + "&next=//evil", "/lamaran"},
		{"99999999999999999999", "/lamaran"},
		{fid, "/lamaran?formation=" + fid},
	} {
		t.Run(fmt.Sprintf("register %q", c.formation), func(t *testing.T) {
			_, body := e.call("GET", "/daftar?formation="+url.QueryEscape(c.formation), "", nil)
			kept := strings.Contains(body, `name="formation"`)
			if kept != (c.want != "/lamaran") {
				t.Errorf("the registration form keeps formation %q: %v", c.formation, kept)
			}
			nik := fmt.Sprintf("627103120598%04d", 9000+i)
			res := post("/daftar", url.Values{"nik": {nik}, "name": {"Budi Santoso"}, "birth_place": {"Palangka Raya"},
				"birth_date": {"1998-05-12"}, "gender": {"M"}, "email": {"p" + nik + "@example.id"}, "phone": {"081234567890"},
				"password": {"rahasia-budi-98"}, "formation": {c.formation}})
			if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != c.want {
				t.Errorf("POST /daftar: %d to %q, want %q", res.StatusCode, res.Header.Get("Location"), c.want)
			}
		})
	}
}

// TestPortalHelpdeskContact: the operator's --helpdesk contact is shown on
// the public home in both languages; without one, the agency is named.
func TestPortalHelpdeskContact(t *testing.T) {
	t.Parallel()
	_, hs := newConfiguredServer(t, Config{Helpdesk: "bantuan@bkpsdm.example.go.id, (0536) 000000"})
	for _, lang := range []string{"id", "en"} {
		res, err := http.Get(hs.URL + "/?lang=" + lang)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		want := html.EscapeString(T(lang, "portal.helpdesk", "contact", "bantuan@bkpsdm.example.go.id, (0536) 000000"))
		if !strings.Contains(string(b), want) {
			t.Fatalf("%s: the contact is not shown: want %q", lang, want)
		}
	}
}
