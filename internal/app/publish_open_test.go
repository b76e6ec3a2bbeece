package app_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"asnpro/internal/app/apptest"
	"asnpro/internal/sqldb/sqldbtest"
)

// closeRegistration shortens period's registration, by an amendment of
// the committee, to close a second from now, and waits for it to close:
// a stage's list is published only after registration closes.
func closeRegistration(t *testing.T, committee *api, period string) {
	t.Helper()
	at := time.Now().Add(time.Second)
	code, _, b := committee.call("POST", "/api/v1/periods/"+period+"/amendments", map[string]any{
		"note": "Pendaftaran ditutup lebih awal", "changes": map[string]any{"registration_close_at": at.UTC().Format(time.RFC3339Nano)}})
	if code != 201 {
		t.Fatalf("close registration: %d %s", code, b)
	}
	time.Sleep(time.Until(at) + 50*time.Millisecond)
}

// TestPublishWhileRegistrationOpen: on both engines, publishing the demo's
// open period while its registration is open is 409 conflict, naming when
// registration closes in both languages, and publishes nothing.
func TestPublishWhileRegistrationOpen(t *testing.T) {
	t.Parallel()
	for _, e := range sqldbtest.Engines() {
		t.Run(string(e), func(t *testing.T) {
			srv := apptest.Start(t, e, "--demo")
			panitia, pub := staff(t, srv, "panitia"), &api{t: t, base: srv.URL, c: apptest.Client()}
			_, per, _ := pub.call("GET", "/api/v1/periods/1", nil)
			tl, _ := per["timeline"].(map[string]any)
			closes, err := time.Parse(time.RFC3339, fmt.Sprint(tl["registration_close_at"]))
			if err != nil {
				t.Fatalf("registration_close_at: %v %v", per, err)
			}
			shown := closes.Format("02-01-2006 15:04") + " WIB"
			for _, c := range []struct{ lang, words string }{{"id", "masih dibuka sampai"}, {"en", "open until"}} {
				code, m, b := panitia.call("POST", "/api/v1/periods/1/announcements?lang="+c.lang, map[string]any{"stage": "administration"})
				msg, _ := m["error"].(map[string]any)["message"].(string)
				if code != 409 || errCode(m) != "conflict" || !strings.Contains(msg, shown) || !strings.Contains(msg, c.words) {
					t.Fatalf("%s: %d %s, want 409 conflict naming %s", c.lang, code, b, shown)
				}
			}
			if _, m, b := pub.call("GET", "/api/v1/periods/1/announcements", nil); m["total"].(float64) != 0 {
				t.Fatalf("published all the same: %s", b)
			}
			if code, _, b := pub.call("GET", "/api/v1/periods/1/results?stage=administration", nil); code != 404 {
				t.Fatalf("results: %d %s", code, b)
			}
		})
	}
}
