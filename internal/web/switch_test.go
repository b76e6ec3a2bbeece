package web

import (
	"net/http/httptest"
	"testing"
)

// TestSwitchURL: the language switch of a page keeps its address and
// query; of a form answered again after a refusal (a POST), it leads to the
// page the form was sent from on this site, else home — never to the
// POST-only address (which would answer 405).
func TestSwitchURL(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ name, method, target, referer, want string }{
		{"page", "GET", "/periods/1?q=guru&lang=id", "", "/periods/1?lang=en&q=guru"},
		{"refused form", "POST", "/users/18/sandi", "http://example.test/users/18?ok=roles", "/users/18?lang=en&ok=roles"},
		{"form without referer", "POST", "/lamaran/3/kirim", "", "/?lang=en"},
		{"foreign referer", "POST", "/lamaran/3/kirim", "http://evil.test/x", "/?lang=en"},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := httptest.NewRequest(c.method, "http://example.test"+c.target, nil)
			if c.referer != "" {
				r.Header.Set("Referer", c.referer)
			}
			if got := switchURL(r, "en"); got != c.want {
				t.Fatalf("got %s, want %s", got, c.want)
			}
		})
	}
}
