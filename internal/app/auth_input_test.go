package app_test

import (
	"bytes"
	"context"
	"net/url"
	"strings"
	"testing"

	"asnpro/internal/app"
	"asnpro/internal/app/apptest"
	"asnpro/internal/sqldb"
	"asnpro/internal/sqldb/sqldbtest"
)

// TestHelpdeskLookupNeedsPactAndReason: the lookup by NIK shows personal
// data only to a committee member who signed the right integrity pact,
// only with a reason, and records every lookup — on both engines.
func TestHelpdeskLookupNeedsPactAndReason(t *testing.T) {
	t.Parallel()
	for _, e := range sqldbtest.Engines() {
		t.Run(string(e), func(t *testing.T) {
			srv := apptest.Start(t, e, "--demo", "--register-per-minute", "1000")
			db, err := sqldb.Open(context.Background(), srv.DSN, sqldb.Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			panitia := staff(t, srv, "panitia") // signed the pacts of both demo periods
			fresh := addStaff(t, srv, "panitia-baru", "committee")
			siti := newApplicant(t, srv.URL)
			_, me, _ := siti.call("GET", "/api/v1/me", nil)
			nik := me["username"].(string)
			reason := url.QueryEscape("Pelamar datang ke loket: lupa akses e-mail")
			api := "/api/v1/applicants?nik=" + nik + "&reason=" + reason
			page := "/helpdesk?nik=" + nik + "&reason=" + reason
			lookups := func() int {
				var n int
				if err := db.R.QueryRowContext(context.Background(), `SELECT count(*) FROM audit_events WHERE action = 'applicant.lookup'`).Scan(&n); err != nil {
					t.Fatal(err)
				}
				return n
			}

			// No pact: 403 on both routes, nothing shown, nothing recorded.
			if code, m, b := fresh.call("GET", api, nil); code != 403 || errCode(m) != "forbidden" || strings.Contains(string(b), nik) {
				t.Fatalf("API without a pact: %d %s", code, b)
			}
			if code, _, b := fresh.call("GET", page, nil); code != 403 || strings.Contains(string(b), "helpdesk-applicant") {
				t.Fatalf("page without a pact: %d", code)
			}
			// No reason: 422 on reason, on both routes.
			if code, m, b := panitia.call("GET", "/api/v1/applicants?nik="+nik, nil); code != 422 || errField(m, "reason") == "" {
				t.Fatalf("API without a reason: %d %s", code, b)
			}
			if code, _, b := panitia.call("GET", "/helpdesk?nik="+nik+"&reason=+", nil); code != 422 || !strings.Contains(string(b), `id="lookup-reason-error"`) || strings.Contains(string(b), "helpdesk-applicant") {
				t.Fatalf("page without a reason: %d", code)
			}
			if n := lookups(); n != 0 {
				t.Fatalf("%d lookups recorded before any was allowed", n)
			}
			// With the pact and a reason: the applicant, and the read recorded.
			code, m, b := panitia.call("GET", api, nil)
			items, _ := m["items"].([]any)
			if code != 200 || len(items) != 1 {
				t.Fatalf("API with pact and reason: %d %s", code, b)
			}
			appID := items[0].(map[string]any)["id"].(string)
			var actor, objType, objID, data string
			if err := db.R.QueryRowContext(context.Background(), `SELECT actor, object_type, object_id, data FROM audit_events WHERE action = 'applicant.lookup' ORDER BY seq DESC LIMIT 1`).
				Scan(&actor, &objType, &objID, &data); err != nil {
				t.Fatal(err)
			}
			var panitiaID string
			db.R.QueryRowContext(context.Background(), `SELECT id FROM users WHERE username = 'panitia'`).Scan(&panitiaID)
			if actor != panitiaID || objType != "applicant" || objID != appID || !strings.Contains(data, "lupa akses e-mail") {
				t.Fatalf("applicant.lookup event: actor %q type %q object %q data %s; want actor %s, applicant %s, the reason", actor, objType, objID, data, panitiaID, appID)
			}
			if code, _, b := panitia.call("GET", page, nil); code != 200 || !strings.Contains(string(b), `id="helpdesk-applicant"`) {
				t.Fatalf("page with pact and reason: %d", code)
			}
			if n := lookups(); n != 2 {
				t.Fatalf("%d lookups recorded, want 2", n)
			}

			// The pact of a finished period does not count; the running one's does.
			if code, _, b := fresh.call("POST", "/api/v1/periods/2/pact", map[string]any{"no_conflict": true}); code != 201 {
				t.Fatalf("sign pact of period 2: %d %s", code, b)
			}
			if code, m, b := fresh.call("GET", api, nil); code != 403 || errCode(m) != "forbidden" {
				t.Fatalf("only a finished period's pact: %d %s", code, b)
			}
			if code, _, b := fresh.call("POST", "/api/v1/periods/1/pact", map[string]any{"no_conflict": true}); code != 201 {
				t.Fatalf("sign pact of period 1: %d %s", code, b)
			}
			if code, _, b := fresh.call("GET", api, nil); code != 200 {
				t.Fatalf("no application, pact of a running period: %d %s", code, b)
			}
			fid := formationID(t, siti, "1", "PKY-2026-001")
			if code, _, b := siti.call("POST", "/api/v1/applications", map[string]any{"formation_id": fid, "education": map[string]any{"level": "S1", "major": "S1-KEP", "ipk": 3.41}}); code != 201 {
				t.Fatalf("apply: %d %s", code, b)
			}
			if code, _, b := fresh.call("GET", api, nil); code != 200 {
				t.Fatalf("applied in period 1, pact of period 1: %d %s", code, b)
			}
		})
	}
}

// TestHostileTextNeverReachesTheDatabase: a NUL (which PostgreSQL refuses
// in text) in a sign-in, a reset request, the card check, a period name or
// a registration is a 4xx naming the field, never a 500 — on both engines.
func TestHostileTextNeverReachesTheDatabase(t *testing.T) {
	t.Parallel()
	for _, e := range sqldbtest.Engines() {
		t.Run(string(e), func(t *testing.T) {
			srv := apptest.Start(t, e, "--demo", "--register-per-minute", "1000")
			c := apptest.Client()
			pub := &api{t: t, base: srv.URL, c: c}
			panitia := staff(t, srv, "panitia")
			for _, tc := range []struct {
				name, method, path string
				body               any
				field              string
			}{
				{"token: NUL in the username", "POST", "/api/v1/auth/token", map[string]any{"username": "panitia\x00", "password": "asnpro-demo"}, "username"},
				{"token: RTL override in the username", "POST", "/api/v1/auth/token", map[string]any{"username": "pan\u202Eitia", "password": "asnpro-demo"}, "username"},
				{"token: NUL in the password", "POST", "/api/v1/auth/token", map[string]any{"username": "panitia", "password": "asnpro-demo\x00"}, "password"},
				{"reset: NUL in the login", "POST", "/api/v1/auth/password-reset", map[string]any{"login": "6271035205980001\x00"}, "login"},
				{"reset confirm: NUL in the token", "POST", "/api/v1/auth/password-reset/confirm", map[string]any{"token": "abc\x00", "password": "kopi-tubruk-pagi"}, "token"},
				{"period: NUL in the name", "POST", "/api/v1/periods", map[string]any{"name": "CPNS\x002027", "kind": "CPNS"}, "name"},
				{"period: RTL override in the name", "POST", "/api/v1/periods", map[string]any{"name": "CPNS \u202E2027", "kind": "CPNS"}, "name"},
				{"registration: NUL in the name", "POST", "/api/v1/applicants", map[string]any{"nik": "6271035205980001", "name": "Siti\x00", "birth_place": "Palangka Raya",
					"birth_date": "1998-05-12", "gender": "F", "email": "s@example.id", "phone": "081234567890", "password": "kopi-tubruk-pagi"}, "name"},
				{"lookup: NUL in the reason", "GET", "/api/v1/applicants?nik=6271035205980001&reason=a%00b", nil, "reason"},
			} {
				who := pub
				if strings.Contains(tc.path, "periods") || strings.Contains(tc.path, "applicants?") {
					who = panitia
				}
				code, m, b := who.call(tc.method, tc.path, tc.body)
				if code != 422 || errField(m, tc.field) == "" {
					t.Errorf("%s: %d %s, want 422 on %s", tc.name, code, b, tc.field)
				}
			}
			for _, path := range []string{"/kartu?nomor=2026%00&kode=abcd", "/kartu?nomor=20260010000001&kode=ab%00cd", "/login?next=%2F%00", "/helpdesk?nik=6271035205980001%00&reason=x"} {
				code, _, _ := panitia.call("GET", path, nil)
				if code < 400 || code >= 500 {
					t.Errorf("GET %s: %d, want 4xx", path, code)
				}
			}
			for _, form := range []string{"username=panitia%00&password=asnpro-demo", "username=%E2%80%AEpanitia&password=asnpro-demo"} {
				code, _, b := pub.call("POST", "/login", strings.NewReader(form), "Content-Type", "application/x-www-form-urlencoded")
				if code != 422 {
					t.Errorf("login form %s: %d %s, want 422", form, code, b)
				}
			}
			if code, _, b := pub.call("POST", "/lupa-sandi", strings.NewReader("login=abc%00"), "Content-Type", "application/x-www-form-urlencoded"); code != 422 {
				t.Errorf("reset form with NUL: %d %s", code, b)
			}
		})
	}
}

// TestUserCommandPasswordRules: `asnpro user add/passwd --password-file`
// refuse passwords the policy refuses and say why.
func TestUserCommandPasswordRules(t *testing.T) {
	t.Parallel()
	dsn := sqldbtest.DSN(t, sqldb.SQLite)
	run := func(stdin string, args ...string) (int, string) {
		var out, errb bytes.Buffer
		code := app.Run(context.Background(), append(args, "--db", dsn, "--password-file", "-"), func(string) string { return "" }, strings.NewReader(stdin), &out, &errb)
		return code, errb.String()
	}
	for _, pw := range []string{"password123", "qwertyuiop", "pendek", "budi.santoso", "          "} {
		if code, msg := run(pw+"\n", "user", "add", "--username", "budi.santoso", "--name", "Budi", "--role", "committee"); code == 0 || !strings.Contains(msg, "password") {
			t.Errorf("user add with %q: exit %d, %q; want a refusal naming the password", pw, code, msg)
		}
	}
	if code, msg := run("kopi-tubruk-pagi\n", "user", "add", "--username", "budi.santoso", "--name", "Budi", "--role", "committee"); code != 0 {
		t.Fatalf("user add: %s", msg)
	}
	if code, msg := run("password123\n", "user", "passwd", "--username", "budi.santoso"); code == 0 || !strings.Contains(msg, "password") {
		t.Errorf("user passwd with a common password: exit %d, %q", code, msg)
	}
}
