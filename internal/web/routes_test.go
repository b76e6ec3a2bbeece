package web

import (
	"net/http"
	"os"
	"regexp"
	"strings"
	"testing"
)

// TestHandlerNames: every route in routes.go names its handler by the rule
// written there — …Page for GET pages, …Submit for form posts, api… for the
// JSON API, moved(…) for an old address; health checks and static files
// are the only other names.
func TestHandlerNames(t *testing.T) {
	t.Parallel()
	src, err := os.ReadFile("routes.go")
	if err != nil {
		t.Fatal(err)
	}
	line := regexp.MustCompile(`(?m)^\s*r\.handle\("(\w+) (\S+)", .+, (s\.(\w+)|moved\("(\S+)"\))\)`)
	infra := map[string]bool{"healthz": true, "readyz": true, "serveStatic": true}
	matches := line.FindAllStringSubmatch(string(src), -1)
	if calls := strings.Count(string(src), "r.handle("); len(matches) != calls {
		t.Fatalf("%d of %d r.handle lines read: keep one route per line, handler last", len(matches), calls)
	}
	for _, m := range matches {
		method, path, name := m[1], m[2], m[4]
		var ok bool
		switch {
		case m[5] != "":
			ok = method == http.MethodGet && !strings.HasPrefix(path, "/api/")
		case infra[name]:
			ok = true
		case strings.HasPrefix(path, "/api/"):
			ok = strings.HasPrefix(name, "api")
		case method == http.MethodGet:
			ok = strings.HasSuffix(name, "Page")
		default:
			ok = strings.HasSuffix(name, "Submit")
		}
		if !ok {
			t.Errorf("%s %s → %s breaks the naming rule", method, path, m[3])
		}
	}
}

// TestOldPeriodPathsMovePermanently: the Indonesian addresses of the public
// results and statistics answer 301 to the English ones, query kept.
func TestOldPeriodPathsMovePermanently(t *testing.T) {
	t.Parallel()
	_, hs := newTestServer(t)
	c := noRedirect()
	for _, tc := range []struct{ path, want string }{
		{"/periods/7/hasil", "/periods/7/results"},
		{"/periods/7/hasil?stage=administration&version=2", "/periods/7/results?stage=administration&version=2"},
		{"/periods/7/hasil?q=siti+aminah&offset=100", "/periods/7/results?q=siti+aminah&offset=100"},
		{"/periods/12/statistik", "/periods/12/statistics"},
		{"/periods/12/statistik?lang=en", "/periods/12/statistics?lang=en"},
	} {
		res, err := c.Get(hs.URL + tc.path)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusMovedPermanently || res.Header.Get("Location") != tc.want {
			t.Errorf("GET %s: %d → %q, want 301 → %q", tc.path, res.StatusCode, res.Header.Get("Location"), tc.want)
		}
	}
}
