package app_test

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"asnpro/internal/app/apptest"
	"asnpro/internal/sqldb"
	"asnpro/internal/sqldb/sqldbtest"
)

var linkToken = regexp.MustCompile(`token=([A-Za-z0-9_-]+)`)

// mailTo returns the secret of the newest e-mail of kind to an address, as
// the outbox holds it (the sender only logs it here).
func mailTo(t *testing.T, db *sqldb.DB, kind, to string) string {
	t.Helper()
	var body string
	if err := db.R.QueryRowContext(context.Background(), `SELECT body FROM outbox WHERE kind = $1 AND recipient = $2 ORDER BY id DESC LIMIT 1`, kind, to).Scan(&body); err != nil {
		t.Fatalf("no %s e-mail to %s: %v", kind, to, err)
	}
	m := linkToken.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no link in %q", body)
	}
	return m[1]
}

// TestAccountLinks: e-mail confirmation, password reset and the helpdesk
// path, end to end through the API with the links read from the outbox.
func TestAccountLinks(t *testing.T) {
	t.Parallel()
	for _, e := range sqldbtest.Engines() {
		t.Run(string(e), func(t *testing.T) {
			srv := apptest.Start(t, e, "--demo", "--email-confirmation", "link", "--register-per-minute", "1000", "--public-url", "https://seleksi.example.id")
			db, err := sqldb.Open(context.Background(), srv.DSN, sqldb.Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			c := apptest.Client()
			pub := &api{t: t, base: srv.URL, c: c}
			committee := &api{t: t, base: srv.URL, c: c, token: token(t, c, srv.URL, "panitia", "asnpro-demo")}
			siti := newApplicant(t, srv.URL)
			_, me, _ := siti.call("GET", "/api/v1/me", nil)
			nik := me["username"].(string)
			_, found, _ := committee.call("GET", "/api/v1/applicants?nik="+nik+"&reason=Loket+bantuan", nil)
			item := found["items"].([]any)[0].(map[string]any)
			email := item["email"].(string)
			if item["email_confirmed"] != false {
				t.Fatalf("a new applicant's e-mail is confirmed without a link: %v", item)
			}
			nurse := formationID(t, pub, "1", "PKY-2026-001")
			apply := map[string]any{"formation_id": nurse, "education": map[string]any{"level": "S1", "major": "S1-KEP", "ipk": 3.41}}

			t.Run("unconfirmed: no application", func(t *testing.T) {
				code, m, b := siti.call("POST", "/api/v1/applications", apply)
				if code != 409 || errCode(m) != "failed_precondition" || !strings.Contains(string(b), "e-mail") {
					t.Fatalf("apply unconfirmed: %d %s", code, b)
				}
			})
			t.Run("confirm by the link", func(t *testing.T) {
				secret := mailTo(t, db, "email.confirm", email)
				var body string
				db.R.QueryRowContext(context.Background(), `SELECT body FROM outbox WHERE kind = 'email.confirm' AND recipient = $1`, email).Scan(&body)
				if !strings.Contains(body, "https://seleksi.example.id/konfirmasi-email?token=") {
					t.Fatalf("the link does not use --public-url: %s", body)
				}
				// Opening the link changes nothing by itself (mail scanners fetch links).
				if code, _, page := pub.call("GET", "/konfirmasi-email?token="+secret, nil); code != 200 || !strings.Contains(string(page), `id="confirm-submit"`) {
					t.Fatalf("link page: %d", code)
				}
				if code, m, _ := pub.call("POST", "/api/v1/auth/email-confirmation", map[string]any{"token": secret + "x"}); code != 422 || errField(m, "token") == "" {
					t.Fatalf("a wrong token: %d %v", code, m)
				}
				if code, _, b := pub.call("POST", "/api/v1/auth/email-confirmation", map[string]any{"token": secret}); code != 200 {
					t.Fatalf("confirm: %d %s", code, b)
				}
				if code, _, _ := pub.call("POST", "/api/v1/auth/email-confirmation", map[string]any{"token": secret}); code != 422 {
					t.Fatalf("a link works once, got %d", code)
				}
				if code, m, _ := siti.call("POST", "/api/v1/me/email-confirmation", nil); code != 409 || errCode(m) != "conflict" {
					t.Fatalf("resend when confirmed: %d", code)
				}
				if code, _, b := siti.call("POST", "/api/v1/applications", apply); code != 201 {
					t.Fatalf("apply once confirmed: %d %s", code, b)
				}
			})
			t.Run("password reset", func(t *testing.T) {
				_, known, _ := pub.call("POST", "/api/v1/auth/password-reset", map[string]any{"login": nik})
				_, unknown, _ := pub.call("POST", "/api/v1/auth/password-reset", map[string]any{"login": "6271030101900001"})
				if fmt.Sprint(known) != fmt.Sprint(unknown) {
					t.Fatalf("the answer tells whether an account exists: %v vs %v", known, unknown)
				}
				if code, m, _ := pub.call("POST", "/api/v1/auth/password-reset", map[string]any{"login": " "}); code != 422 || errField(m, "login") == "" {
					t.Fatalf("empty login: %d", code)
				}
				secret := mailTo(t, db, "password.reset", email)
				if code, m, _ := pub.call("POST", "/api/v1/auth/password-reset/confirm", map[string]any{"token": secret, "password": "123"}); code != 422 || errField(m, "password") == "" {
					t.Fatalf("a weak password: %d %v", code, m)
				}
				if code, _, b := pub.call("POST", "/api/v1/auth/password-reset/confirm", map[string]any{"token": secret, "password": "sandi-baru-456"}); code != 200 {
					t.Fatalf("reset: %d %s", code, b)
				}
				if code, _, _ := siti.call("GET", "/api/v1/me", nil); code != 401 {
					t.Fatalf("the old token still works after a reset: %d", code)
				}
				if code, _, _ := pub.call("POST", "/api/v1/auth/password-reset/confirm", map[string]any{"token": secret, "password": "sandi-lain-789"}); code != 422 {
					t.Fatalf("a reset link works once, got %d", code)
				}
				siti.token = token(t, c, srv.URL, nik, "sandi-baru-456")
			})
			t.Run("helpdesk changes the e-mail", func(t *testing.T) {
				id := item["id"].(string)
				other := newApplicant(t, srv.URL)
				_, om, _ := other.call("GET", "/api/v1/me", nil)
				_, of, _ := committee.call("GET", "/api/v1/applicants?nik="+om["username"].(string)+"&reason=Loket+bantuan", nil)
				otherEmail := of["items"].([]any)[0].(map[string]any)["email"].(string)
				for _, tc := range []struct {
					name   string
					who    *api
					body   map[string]any
					status int
					code   string
				}{
					{"an applicant", siti, map[string]any{"email": "baru@example.id", "reason": "KTP asli diperiksa di loket"}, 403, "forbidden"},
					{"no reason", committee, map[string]any{"email": "baru@example.id", "reason": "ok"}, 422, "invalid"},
					{"a bad address", committee, map[string]any{"email": "baru@", "reason": "KTP asli diperiksa di loket"}, 422, "invalid"},
					{"another account's address", committee, map[string]any{"email": otherEmail, "reason": "KTP asli diperiksa di loket"}, 409, "conflict"},
				} {
					code, m, b := tc.who.call("PUT", "/api/v1/applicants/"+id+"/email", tc.body)
					if code != tc.status || errCode(m) != tc.code {
						t.Errorf("%s: %d %s", tc.name, code, b)
					}
				}
				if code, _, _ := committee.call("PUT", "/api/v1/applicants/999999/email", map[string]any{"email": "baru@example.id", "reason": "KTP asli diperiksa di loket"}); code != 404 {
					t.Errorf("unknown applicant: %d", code)
				}
				code, m, b := committee.call("PUT", "/api/v1/applicants/"+id+"/email", map[string]any{"email": "siti.baru@example.id", "reason": "KTP asli dan swafoto diperiksa di loket BKPSDM"})
				if code != 200 || m["email"] != "siti.baru@example.id" || m["email_confirmed"] != false {
					t.Fatalf("helpdesk change: %d %s", code, b)
				}
				// A link to the new address; the new address signs in; the change is recorded.
				secret := mailTo(t, db, "email.confirm", "siti.baru@example.id")
				if code, _, _ := pub.call("POST", "/api/v1/auth/email-confirmation", map[string]any{"token": secret}); code != 200 {
					t.Fatalf("confirm the new address: %d", code)
				}
				if code, m, b := pub.call("POST", "/api/v1/auth/token", map[string]any{"username": "siti.baru@example.id", "password": "sandi-baru-456"}); code != 200 || m["user"].(map[string]any)["username"] != nik {
					t.Fatalf("sign in with the new address: %d %s", code, b)
				}
				var n int
				db.R.QueryRowContext(context.Background(), `SELECT count(*) FROM audit_events WHERE action = 'user.email.change'`).Scan(&n)
				if n != 1 {
					t.Fatalf("user.email.change events: %d", n)
				}
			})
		})
	}
}
