package app_test

import (
	"html"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"asnpro/internal/app"
	"asnpro/internal/app/apptest"
	"asnpro/internal/i18n"
	"asnpro/internal/sqldb"
	"asnpro/internal/web"
)

// demoRoles are the demo accounts and their roles.
var demoRoles = map[string][]string{
	"admin": {"admin"}, "panitia": {"committee"}, "verifikator": {"verifier"}, "penguji": {"assessor"}, "pelamar": {"applicant"},
	"pegawai": {"employee"}, "atasan": {"supervisor", "employee"}, "pelatih": {"trainer"}, "pimpinan": {"leader"},
	"auditor": {"auditor"}, "penulis": {"author"},
}

// demoUserCount is the demo's users: the eleven accounts of demoRoles, the
// second assessor (penguji2), the five applicants of last year's period and
// the five of this year's open selection of a senior executive (JPT).
const demoUserCount = 22

// demoMidway starts the demo with last year's period part-way, as the demo
// parts up to "assessment" leave it: its SKD scores taken and its ranking
// ready, nothing published after the administration list, its practical
// test drawn with one candidate scored. The tests that walk that period
// through the later steps themselves start here.
var demoMidway = []string{"--demo", "--demo-until", "assessment"}

// enteredFromOutside are the page routes no signed-in page links to, by
// design: they are reached signed out, from an e-mail, or are old addresses.
var enteredFromOutside = map[string]string{
	"/healthz":                "health check",
	"/readyz":                 "health check",
	"/static/{file}":          "static files",
	"/login":                  "signed out",
	"/daftar":                 "signed out (registration)",
	"/lupa-sandi":             "signed out (from the sign-in page)",
	"/atur-sandi":             "from the e-mailed reset link",
	"/konfirmasi-email":       "from the e-mailed confirmation link",
	"/verify/{code}":          "printed on a training certificate, opened by whoever checks it",
	"/periods/{id}/hasil":     "old address (301)",
	"/periods/{id}/statistik": "old address (301)",
}

// noDemoObject are the page routes of a role whose demo account has
// nothing there to open, by design of the demo's story: pelamar's
// application is still being verified, so pelamar sits no exam session
// (last year's SKD was sat by that period's applicants). The journey
// tests open them (TestBrowserSelectionExam).
var noDemoObject = map[string]string{
	"/ujian/{id}":       "a selection attempt's test page",
	"/ujian/{id}/hasil": "a selection attempt's result",
}

// pageRoute is a GET page route a role may open, as a pattern to match paths.
type pageRoute struct {
	path string
	re   *regexp.Regexp
}

// admits reports whether a route's access (as RouteList prints it) admits roles.
func admits(access string, roles []string) bool {
	if access == "public" || access == "any signed-in user" {
		return true
	}
	for _, role := range strings.Split(access, ",") {
		if slices.Contains(roles, role) {
			return true
		}
	}
	return false
}

// forbiddenForms lists the forms on the pages reached whose POST route
// does not admit roles (a button that would answer 403).
func forbiddenForms(t *testing.T, forms map[string]string, roles []string) []string {
	t.Helper()
	list, err := web.RouteList()
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for action, page := range forms {
		ok, known := false, false
		for _, r := range list {
			if r.Method == http.MethodPost && patternRE(r.Path).MatchString(action) {
				known = true
				ok = ok || admits(r.Access, roles)
			}
		}
		if known && !ok {
			out = append(out, action+" (on "+page+")")
		}
	}
	sort.Strings(out)
	return out
}

// pageRoutesFor lists the GET page routes (not the API) that roles may
// open, by the router's own table.
func pageRoutesFor(t *testing.T, roles []string) []pageRoute {
	t.Helper()
	list, err := web.RouteList()
	if err != nil {
		t.Fatal(err)
	}
	var out []pageRoute
	for _, r := range list {
		if r.Method != http.MethodGet || strings.HasPrefix(r.Path, "/api/") || enteredFromOutside[r.Path] != "" ||
			noDemoObject[r.Path] != "" {
			continue
		}
		if admits(r.Access, roles) {
			out = append(out, pageRoute{r.Path, patternRE(r.Path)})
		}
	}
	return out
}

// patternRE matches the paths of a route pattern: {name} is one segment,
// {$} the end.
func patternRE(p string) *regexp.Regexp {
	p = strings.TrimSuffix(p, "{$}")
	var b strings.Builder
	b.WriteString("^")
	for _, part := range regexp.MustCompile(`\{[^}]+\}|[^{]+`).FindAllString(p, -1) {
		if strings.HasPrefix(part, "{") {
			b.WriteString("[^/]+")
		} else {
			b.WriteString(regexp.QuoteMeta(part))
		}
	}
	b.WriteString("$")
	return regexp.MustCompile(b.String())
}

// internalCodes are stored codes no page may show as they are: every named
// code with an underscore (pas_foto, jenis_disabilitas, …), the error
// codes with one, and — on the Indonesian pages the crawl reads — the
// English codes of roles, stages and application states.
func internalCodes() []string {
	var out []string
	for _, codes := range i18n.Codes() {
		for _, c := range codes {
			if strings.Contains(c, "_") {
				out = append(out, c)
			}
		}
	}
	out = append(out, "not_found", "failed_precondition", "too_many_requests", "method_not_allowed", "too_large",
		"unsupported_media_type")
	out = append(out, "committee", "verifier", "assessor", "applicant", "employee", "supervisor", "trainer", "leader",
		"administration", "appeal", "submitted", "draft", "pending", "periodic", "publication")
	return out
}

var (
	tagRE  = regexp.MustCompile(`(?s)<script.*?</script>|<style.*?</style>|<[^>]*>`)
	wordRE = regexp.MustCompile(`[A-Za-z0-9_]+`)
)

// shownCodes returns the internal codes in the visible text of page.
func shownCodes(page string, codes []string) []string {
	words := map[string]bool{}
	for _, w := range wordRE.FindAllString(html.UnescapeString(tagRE.ReplaceAllString(page, " ")), -1) {
		words[w] = true
	}
	var out []string
	for _, c := range codes {
		if words[c] {
			out = append(out, c)
		}
	}
	return out
}

var (
	hrefRE = regexp.MustCompile(`<a\s[^>]*href="([^"]*)"`)
	formRE = regexp.MustCompile(`<form\s[^>]*method="post"[^>]*action="([^"]*)"|<form\s[^>]*action="([^"]*)"[^>]*method="post"`)
)

// crawl follows, breadth-first, every same-origin link from / for the
// holder of token (GET only; not sign-out, static files, the API or the
// language switch), and returns the paths reached and every 4xx/5xx met
// or internal code shown.
func crawl(t *testing.T, base, token string) (reached map[string]bool, forms map[string]string, bad []string) {
	t.Helper()
	c := apptest.Client()
	reached, forms = map[string]bool{}, map[string]string{}
	codes := internalCodes()
	seen := map[string]bool{"/": true}
	perPattern := map[string]int{}
	queue := []struct{ u, from string }{{"/", "(start)"}}
	for len(queue) > 0 && len(seen) < 600 {
		it := queue[0]
		queue = queue[1:]
		req, _ := http.NewRequest(http.MethodGet, base+it.u, nil)
		req.Header.Set("Authorization", "Bearer "+token)
		res, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode >= 400 {
			bad = append(bad, it.u+" ("+res.Status+", linked from "+it.from+")")
			continue
		}
		path, _, _ := strings.Cut(it.u, "?")
		if res.StatusCode >= 300 {
			if loc := res.Header.Get("Location"); loc != "" && !seen[loc] && strings.HasPrefix(loc, "/") {
				seen[loc] = true
				queue = append(queue, struct{ u, from string }{loc, it.u})
			}
			continue
		}
		reached[path] = true
		if !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
			// A file a page links to (a CSV): reached, nothing to follow.
			continue
		}
		if shown := shownCodes(string(body), codes); len(shown) > 0 {
			bad = append(bad, it.u+" shows internal codes "+strings.Join(shown, ", "))
		}
		for _, m := range formRE.FindAllStringSubmatch(string(body), -1) {
			action, _, _ := strings.Cut(m[1]+m[2], "?")
			forms[action] = it.u
		}
		for _, m := range hrefRE.FindAllStringSubmatch(string(body), -1) {
			u := follow(base, it.u, strings.ReplaceAll(m[1], "&amp;", "&"))
			if u == "" || seen[u] {
				continue
			}
			// A few of each shape are enough (pages of a list, filters).
			shape := regexp.MustCompile(`[0-9]+`).ReplaceAllString(strings.Split(u, "?")[0], "N")
			if perPattern[shape] >= 6 {
				continue
			}
			perPattern[shape]++
			seen[u] = true
			queue = append(queue, struct{ u, from string }{u, it.u})
		}
	}
	return reached, forms, bad
}

// follow resolves href on page from, or "" when the crawl does not follow it.
func follow(base, from, href string) string {
	b, _ := url.Parse(base + from)
	u, err := b.Parse(href)
	if err != nil || u.Host != b.Host || u.Scheme != b.Scheme {
		return ""
	}
	u.Fragment = ""
	q := u.Query()
	switch {
	case u.Path == "/logout", strings.HasPrefix(u.Path, "/static/"), strings.HasPrefix(u.Path, "/api/"), q.Has("lang"):
		return ""
	}
	if u.RawQuery != "" {
		return u.Path + "?" + u.RawQuery
	}
	return u.Path
}

// TestCrawlEachDemoRole: each demo account, following only links from its
// home page, reaches every page route its roles may open according to the
// router, meets no 4xx or 5xx and no page that shows an internal code
// (pas_foto, not_found, committee …) on the way, and is offered no form whose
// route its roles may not use. A route it may open but
// cannot reach is listed: it needs a link where a user would look for it.
func TestCrawlEachDemoRole(t *testing.T) {
	t.Parallel()
	srv := apptest.Start(t, sqldb.SQLite, "--demo")
	c := apptest.Client()
	users := make([]string, 0, len(demoRoles))
	for u := range demoRoles {
		users = append(users, u)
	}
	sort.Strings(users)
	for _, user := range users {
		t.Run(user, func(t *testing.T) {
			tok := token(t, c, srv.URL, user, app.DemoPassword)
			reached, forms, bad := crawl(t, srv.URL, tok)
			for _, b := range bad {
				t.Errorf("error on the way: %s", b)
			}
			for _, f := range forbiddenForms(t, forms, demoRoles[user]) {
				t.Errorf("a form the role may not send (403): %s", f)
			}
			var missing []string
			for _, r := range pageRoutesFor(t, demoRoles[user]) {
				found := false
				for p := range reached {
					if r.re.MatchString(p) {
						found = true
						break
					}
				}
				if !found {
					missing = append(missing, r.path)
				}
			}
			if len(missing) > 0 {
				t.Errorf("%s (%s) may open these pages but no link leads there: %s", user, strings.Join(demoRoles[user], ","),
					strings.Join(missing, ", "))
			}
			t.Logf("%d pages reached", len(reached))
			if len(reached) < 3 {
				t.Errorf("only %d pages reached", len(reached))
			}
		})
	}
}

// TestBrowserRoleHomeLeadsToWork: each demo account, in the browser,
// signs in and clicks from its home to the page where its work is.
func TestBrowserRoleHomeLeadsToWork(t *testing.T) {
	t.Parallel()
	srv := apptest.Start(t, sqldb.SQLite, "--demo")
	ctx := apptest.Browser(t, 360, 800)
	cases := []struct{ user, role, click, want string }{
		{"pelamar", "applicant", `#role-applicant a.app-link`, "/lamaran/"},
		{"verifikator", "verifier", `#periods-verifier a`, "/verifikasi/periode/"},
		{"panitia", "committee", `#role-committee [id^="undecided-"] a`, "/verifikasi/lamaran/"},
		{"auditor", "auditor", `#go-users`, "/users"},
		{"admin", "admin", `#go-users`, "/users"},
		{"penguji", "assessor", `#go-penilaian`, "/penilaian"},
	}
	for _, tc := range cases {
		t.Run(tc.user, func(t *testing.T) {
			apptest.Step(t, ctx, "sign in",
				chromedp.Navigate(srv.URL+"/login?lang=id"),
				chromedp.WaitVisible(chromedp.ID("username")),
				chromedp.SendKeys(chromedp.ID("username"), tc.user),
				chromedp.SendKeys(chromedp.ID("password"), app.DemoPassword),
			)
			if _, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.ID("login-submit"))); err != nil {
				t.Fatalf("submit login: %v", err)
			}
			apptest.Step(t, ctx, "home", chromedp.WaitVisible(chromedp.ID("role-"+tc.role)))
			apptest.Screenshot(t, ctx, "role-home-"+tc.user)
			if w := apptest.Eval[int](t, ctx, `document.documentElement.scrollWidth`); w > 360 {
				t.Errorf("the home page is %d px wide on a 360 px phone", w)
			}
			res, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(tc.click)))
			if err != nil {
				t.Fatalf("click %s: %v", tc.click, err)
			}
			if res.Status != 200 {
				t.Fatalf("%s answered %d", res.URL, res.Status)
			}
			if p := apptest.Eval[string](t, ctx, `location.pathname`); !strings.HasPrefix(p, tc.want) {
				t.Fatalf("landed on %s, want %s…", p, tc.want)
			}
			if _, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.ID("logout"))); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// TestDemoTellsItsStory: the demo's closed period went all the way — its
// administration, SKD and final lists are public with their statistics,
// and each of its applicants reads the final result and why; pelamar's home
// shows the submitted application; the committee's home names what holds
// each period up (the appeal still waiting among it); the practical test
// shows the panel's moderation; and penguji and penguji2 each have the open
// JPT selection's five candidates to interview, none scored.
func TestDemoTellsItsStory(t *testing.T) {
	t.Parallel()
	srv := apptest.Start(t, sqldb.SQLite, "--demo")
	c := apptest.Client()
	get := func(user, path string) string {
		t.Helper()
		tok := ""
		if user != "" {
			tok = token(t, c, srv.URL, user, app.DemoPassword)
		}
		sep := "?"
		if strings.Contains(path, "?") {
			sep = "&"
		}
		res, b := do(t, c, "GET", srv.URL+path+sep+"lang=id", tok, nil)
		if res.StatusCode != 200 {
			t.Fatalf("%s as %q: %d", path, user, res.StatusCode)
		}
		return string(b)
	}
	db := openDB(t, srv.DSN)
	agus, maria := applicationOf(t, db, demoAgusNIK), applicationOf(t, db, demoMariaNIK)
	checks := []struct {
		user, path string
		want       []string
	}{
		{"", "/periods/2/results", []string{"<h1>Hasil Akhir</h1>", `id="result-version">1<`, `title="Lulus (P/L)">P/L<`,
			`title="Tidak lulus (TL)">TL<`, "AG*** SA***", "DE*** LE***", "Semua versi"}},
		{"", "/periods/2/results?stage=skd", []string{"<h1>Hasil SKD</h1>", `id="result-version">1<`, `title="Lulus (P/L)">P/L<`}},
		{"", "/api/v1/periods/2/announcements", []string{`"stage":"final","version":1`, `"number":"800/22/BKPSDM/`,
			`"stage":"skd","version":1`, `"number":"800/21/BKPSDM/`}},
		{"", "/periods/2/results?stage=administration", []string{">MS<", ">TMS<", "RI*** AN***"}},
		{"", "/periods/2/statistics", []string{`id="stats-ms">3<`, `id="stats-tms">2<`, `id="appeals-filed">1<`, "(Hasil akhir)"}},
		{demoAgusNIK, "/lamaran/" + agus + "/hasil", []string{`id="ranked-skd-result">P/L<`, `id="ranked-final-result">P/L<`,
			"Peringkat akhir 1 dari 1, di dalam kebutuhan formasi", "CAT SKB", "× 70 %", "Tes praktik kerja", "× 30 %"}},
		{demoMariaNIK, "/lamaran/" + maria + "/hasil", []string{`id="ranked-skd-result">TL<`, `id="ranked-final-result">TL<`}},
		// Onboarded as a CPNS, Agus signs in as before and finds his record and probation.
		{demoAgusNIK, "/data-saya", []string{"Agus Santoso", "percobaan"}},
		// The application's stages follow the published lists: SKD and final done with their results.
		{demoAgusNIK, "/lamaran/" + agus, []string{`id="result-` + agus + `-skd">Lulus (P/L)<`, `id="result-` + agus + `-final">Lulus (P/L)<`,
			"Nilai SKB termasuk dalam hasil akhir."}},
		{"pelamar", "/", []string{`id="role-applicant"`, "Pranata Komputer Ahli Pertama", `class="card-link"`, "Lamaran terkirim",
			`id="home-notif"`}},
		{"panitia", "/", []string{`id="role-committee"`, "Yohana Pelamar", `href="/panitia/periode/`, `#appeals"`, "Draf:",
			"Seleksi Terbuka JPT Pratama", `id="scoring-4"><strong>5</strong>`, `href="/panitia/periode/4/asesmen"`}},
		{"verifikator", "/", []string{`id="role-verifier"`, `href="/verifikasi/periode/1"`}},
		{"auditor", "/", []string{`id="role-auditor"`, `id="go-users"`, `id="go-transparency"`}},
		{"pegawai", "/", []string{`id="role-employee"`, "Lihat data kepegawaian Anda", `href="/data-saya"`}},
	}
	for _, ck := range checks {
		page := get(ck.user, ck.path)
		for _, w := range ck.want {
			if !strings.Contains(page, w) {
				t.Errorf("%s as %q does not show %s", ck.path, ck.user, w)
			}
		}
	}
	demoAssessments(t, get, applicationOf(t, db, demoDewiNIK))
	// Nobody is offered a form on the home page but sign-out.
	for _, user := range []string{"auditor", "pegawai", "penguji"} {
		if n := strings.Count(get(user, "/"), "<form"); n != 1 {
			t.Errorf("%s's home has %d forms, want only sign-out", user, n)
		}
	}
}

// demoAssessments: last year's practical test is complete, Dewi's first
// dimension moderated with the panel's reason; the JPT's structured
// interview has its five dimensions (integritas with a minimum of 3) and
// both assessors have its five candidates to score, none scored.
func demoAssessments(t *testing.T, get func(user, path string) string, dewi string) {
	t.Helper()
	ins := regexp.MustCompile(`href="/panitia/asesmen/(\d+)" id="open-instrument-\d+">([^<]+)<`)
	var practical, interview string
	for _, per := range []string{"2", "4"} {
		for _, m := range ins.FindAllStringSubmatch(get("panitia", "/panitia/periode/"+per+"/asesmen"), -1) {
			switch m[2] {
			case "Tes praktik kerja":
				practical = m[1]
			case "Wawancara terstruktur":
				interview = m[1]
			}
		}
	}
	if practical == "" || interview == "" {
		t.Fatalf("instruments: practical %q, interview %q", practical, interview)
	}
	p := get("panitia", "/panitia/asesmen/"+practical)
	if row := between(p, `id="c-`+dewi+`"`, "</tr>"); !strings.Contains(row, "moderasi") ||
		strings.Contains(p, `id="mod-`+dewi+`-1"`) {
		t.Errorf("dewi's practical test, moderated: %s", row)
	}
	p = html.UnescapeString(get("panitia", "/panitia/asesmen/"+interview))
	for _, w := range []string{"Komunikasi", "Kepemimpinan", "Integritas", "Kerja sama", "Orientasi pelayanan"} {
		if !strings.Contains(p, w) {
			t.Errorf("the interview lacks the dimension %s", w)
		}
	}
	for _, user := range []string{"penguji", "penguji2"} {
		w := get(user, "/penilaian")
		if n := strings.Count(w, `href="/penilaian/`+interview+`/`); n != 5 {
			t.Errorf("%s has %d interviews to score, want 5", user, n)
		}
		if strings.Count(w, `href="/penilaian/`+practical+`/`) != 3 {
			t.Errorf("%s does not list the practical test's three candidates", user)
		}
	}
}

// TestBrowserEveryPageFitsAPhone: for each demo account, every page route
// its crawl reaches (one page of each), opened signed in at 360 × 740, is
// no wider than the screen.
// isPage reports whether url answers HTML (not a file such as a PDF a page
// links to, which a browser would download instead of showing).
func isPage(t *testing.T, c *http.Client, url, tok string) bool {
	t.Helper()
	res, _ := do(t, c, "GET", url, tok, nil)
	return strings.HasPrefix(res.Header.Get("Content-Type"), "text/html")
}

func TestBrowserEveryPageFitsAPhone(t *testing.T) {
	t.Parallel()
	srv := apptest.Start(t, sqldb.SQLite, "--demo")
	ctx := apptest.Browser(t, 360, 740)
	c := apptest.Client()
	users := make([]string, 0, len(demoRoles))
	for u := range demoRoles {
		users = append(users, u)
	}
	sort.Strings(users)
	pages := 0
	for _, user := range users {
		tok := token(t, c, srv.URL, user, app.DemoPassword)
		reached, _, _ := crawl(t, srv.URL, tok)
		// One page of each route: the first path, in order, that it matches.
		paths := make([]string, 0, len(reached))
		for p := range reached {
			paths = append(paths, p)
		}
		sort.Strings(paths)
		var todo []string
		for _, r := range pageRoutesFor(t, demoRoles[user]) {
			if strings.Contains(r.path, ".") {
				continue // a file a page links to (a CSV), not a page to fit
			}
			for _, p := range paths {
				if r.re.MatchString(p) {
					if isPage(t, c, srv.URL+p, tok) {
						todo = append(todo, p)
					}
					break
				}
			}
		}
		apptest.Step(t, ctx, "sign in as "+user,
			chromedp.Navigate(srv.URL+"/login?lang=id"),
			chromedp.WaitVisible(chromedp.ID("username")),
			chromedp.SendKeys(chromedp.ID("username"), user),
			chromedp.SendKeys(chromedp.ID("password"), app.DemoPassword),
		)
		if _, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.ID("login-submit"))); err != nil {
			t.Fatalf("%s: sign in: %v", user, err)
		}
		for _, p := range todo {
			if strings.HasSuffix(p, ".csv") {
				continue // a file the page links to, not a page
			}
			fitsPhone(t, ctx, srv.URL, p)
			pages++
		}
		if _, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.ID("logout"))); err != nil {
			t.Fatalf("%s: sign out: %v", user, err)
		}
	}
	t.Logf("%d signed-in pages fit a 360-px screen", pages)
	if pages < 40 {
		t.Errorf("only %d pages checked: the crawl is broken", pages)
	}
}
