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
			h := newHelpdeskEnv(t, e)
			if !t.Run("no pact or no reason: nothing shown or recorded", h.refused) {
				return
			}
			if !t.Run("with the pact and a reason: shown and recorded", h.allowed) {
				return
			}
			t.Run("only the pact of a running period counts", h.runningPact)
		})
	}
}

// helpdeskEnv is a server with panitia (who signed the pacts of both demo
// periods), fresh (a committee member who signed none) and an applicant.
type helpdeskEnv struct {
	db                    *sqldb.DB
	panitia, fresh, siti  *api
	nik, apiPath, pageURL string
}

func newHelpdeskEnv(t *testing.T, e sqldb.Engine) *helpdeskEnv {
	srv := apptest.Start(t, e, "--demo", "--register-per-minute", "1000")
	db, err := sqldb.Open(context.Background(), srv.DSN, sqldb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	h := &helpdeskEnv{db: db, panitia: staff(t, srv, "panitia"), fresh: addStaff(t, srv, "panitia-baru", "committee"),
		siti: newApplicant(t, srv.URL)}
	_, me, _ := h.siti.call("GET", "/api/v1/me", nil)
	h.nik = me["username"].(string)
	reason := url.QueryEscape("Pelamar datang ke loket: lupa akses e-mail")
	h.apiPath = "/api/v1/applicants?nik=" + h.nik + "&reason=" + reason
	h.pageURL = "/helpdesk?nik=" + h.nik + "&reason=" + reason
	return h
}

func (h *helpdeskEnv) lookups(t *testing.T) int {
	var n int
	if err := h.db.R.QueryRowContext(context.Background(), `SELECT count(*) FROM audit_events WHERE action =
'applicant.lookup'`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// refused: no pact is 403 on both routes, no reason 422 on reason, and
// nothing is shown or recorded.
func (h *helpdeskEnv) refused(t *testing.T) {
	runScenarios(t, []scenario{
		{name: "API without a pact", as: h.fresh, method: "GET", path: h.apiPath, status: 403, code: "forbidden", hasNot: h.nik},
		{name: "page without a pact", as: h.fresh, method: "GET", path: h.pageURL, status: 403, hasNot: "helpdesk-applicant"},
		{name: "API without a reason", as: h.panitia, method: "GET", path: "/api/v1/applicants?nik=" + h.nik, status: 422,
			fields: []string{"reason"}},
		{name: "page without a reason", as: h.panitia, method: "GET", path: "/helpdesk?nik=" + h.nik + "&reason=+", status: 422,
			has: `id="lookup-reason-error"`, hasNot: "helpdesk-applicant"},
	})
	if n := h.lookups(t); n != 0 {
		t.Fatalf("%d lookups recorded before any was allowed", n)
	}
}

// allowed: with the pact and a reason, the applicant is shown and each
// read is recorded with its reader, object and reason.
func (h *helpdeskEnv) allowed(t *testing.T) {
	code, m, b := h.panitia.call("GET", h.apiPath, nil)
	items, _ := m["items"].([]any)
	if code != 200 || len(items) != 1 {
		t.Fatalf("API with pact and reason: %d %s", code, b)
	}
	appID := items[0].(map[string]any)["id"].(string)
	var actor, objType, objID, data string
	if err := h.db.R.QueryRowContext(context.Background(), `SELECT actor, object_type, object_id, data FROM audit_events
WHERE action = 'applicant.lookup' ORDER BY seq DESC LIMIT 1`).Scan(&actor, &objType, &objID, &data); err != nil {
		t.Fatal(err)
	}
	var panitiaID string
	h.db.R.QueryRowContext(context.Background(), `SELECT id FROM users WHERE username = 'panitia'`).Scan(&panitiaID)
	if actor != panitiaID || objType != "applicant" || objID != appID || !strings.Contains(data, "lupa akses e-mail") {
		t.Fatalf("applicant.lookup event: actor %q type %q object %q data %s; want actor %s, applicant %s, the reason",
			actor, objType, objID, data, panitiaID, appID)
	}
	scenario{name: "page with pact and reason", as: h.panitia, method: "GET", path: h.pageURL, status: 200,
		has: `id="helpdesk-applicant"`}.run(t)
	if n := h.lookups(t); n != 2 {
		t.Fatalf("%d lookups recorded, want 2", n)
	}
}

// runningPact: the pact of a finished period does not count; the running
// one's does, with or without an application.
func (h *helpdeskEnv) runningPact(t *testing.T) {
	fid := formationID(t, h.siti, "1", "PKY-2026-001")
	runScenarios(t, []scenario{
		{name: "sign pact of period 2", as: h.fresh, method: "POST", path: "/api/v1/periods/2/pact",
			body: map[string]any{"no_conflict": true}, status: 201},
		{name: "only a finished period's pact", as: h.fresh, method: "GET", path: h.apiPath, status: 403, code: "forbidden"},
		{name: "sign pact of period 1", as: h.fresh, method: "POST", path: "/api/v1/periods/1/pact",
			body: map[string]any{"no_conflict": true}, status: 201},
		{name: "no application, pact of a running period", as: h.fresh, method: "GET", path: h.apiPath, status: 200},
		{name: "apply", as: h.siti, method: "POST", path: "/api/v1/applications",
			body: map[string]any{"formation_id": fid, "education": map[string]any{"level": "S1", "major": "S1-KEP", "ipk": 3.41}}, status: 201},
		{name: "applied in period 1, pact of period 1", as: h.fresh, method: "GET", path: h.apiPath, status: 200},
	})
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
				{"token: NUL in the " +
					"username", "POST", "/api/v1/auth/token", map[string]any{"username": "panitia\x00", "password": "asnpro-demo"}, "username"},
				{"token: RTL override in the " +
					"username", "POST", "/api/v1/auth/token", map[string]any{"username": "pan\u202Eitia", "password": "asnpro-demo"}, "username"},
				{"token: NUL in the " +
					"password", "POST", "/api/v1/auth/token", map[string]any{"username": "panitia", "password": "asnpro-demo\x00"}, "password"},
				{"reset: NUL in the login", "POST", "/api/v1/auth/password-reset", map[string]any{"login": "6271035205980001\x00"}, "login"},
				{"reset confirm: NUL in the token", "POST", "/api/v1/auth/password-reset/confirm", map[string]any{"token": "abc\x00",
					"password": "kopi-tubruk-pagi"}, "token"},
				{"period: NUL in the name", "POST", "/api/v1/periods", map[string]any{"name": "CPNS\x002027", "kind": "CPNS"}, "name"},
				{"period: RTL override in the name", "POST", "/api/v1/periods", map[string]any{"name": "CPNS \u202E2027", "kind": "CPNS"}, "name"},
				{"registration: NUL in the " +
					"name", "POST", "/api/v1/applicants", map[string]any{"nik": "6271035205980001", "name": "Siti\x00", "birth_place": "Palangka Raya",
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
			for _, path := range []string{"/kartu?nomor=2026%00&kode=abcd", "/kartu?nomor=20260010000001&kode=ab%00cd",
				"/login?next=%2F%00", "/helpdesk?nik=6271035205980001%00&reason=x"} {
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
			if code, _, b := pub.call("POST", "/lupa-sandi", strings.NewReader("login=abc%00"), "Content-Type",
				"application/x-www-form-urlencoded"); code != 422 {
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
		code := app.Run(
			context.Background(),
			append(args, "--db", dsn, "--password-file", "-"),
			func(string) string { return "" },
			strings.NewReader(stdin),
			&out,
			&errb,
		)
		return code, errb.String()
	}
	for _, pw := range []string{"password123", "qwertyuiop", "pendek", "budi.santoso", "          "} {
		if code, msg := run(pw+"\n", "user", "add", "--username", "budi.santoso", "--name", "Budi", "--role", "committee"); code == 0 ||
			!strings.Contains(msg, "password") {
			t.Errorf("user add with %q: exit %d, %q; want a refusal naming the password", pw, code, msg)
		}
	}
	if code, msg := run("kopi-tubruk-pagi\n", "user", "add", "--username", "budi.santoso", "--name", "Budi", "--role",
		"committee"); code != 0 {
		t.Fatalf("user add: %s", msg)
	}
	if code, msg := run("password123\n", "user", "passwd", "--username", "budi.santoso"); code == 0 || !strings.Contains(msg, "password") {
		t.Errorf("user passwd with a common password: exit %d, %q", code, msg)
	}
}
