package app_test

import (
	"context"
	"fmt"
	"net/http"
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
	if err := db.R.QueryRowContext(context.Background(), `SELECT body FROM outbox WHERE kind = $1 AND recipient = $2
ORDER BY id DESC LIMIT 1`, kind, to).Scan(&body); err != nil {
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
			j := newAccountJourney(t, e)
			t.Run("unconfirmed: no application", func(t *testing.T) {
				scenario{name: "apply unconfirmed", as: j.siti, method: "POST", path: "/api/v1/applications", body: j.apply,
					status: 409, code: "failed_precondition", msg: "e-mail"}.run(t)
			})
			t.Run("confirm by the link", j.confirm)
			t.Run("password reset", j.passwordReset)
			t.Run("helpdesk changes the e-mail", j.helpdeskChange)
		})
	}
}

// accountJourney is the state TestAccountLinks carries from one step to
// the next: an applicant, siti, whose e-mail is not confirmed yet.
type accountJourney struct {
	srv            *apptest.Server
	db             *sqldb.DB
	c              *http.Client
	pub, committee *api
	siti           *api
	nik, email, id string // siti's
	apply          map[string]any
}

func newAccountJourney(t *testing.T, e sqldb.Engine) *accountJourney {
	srv := apptest.Start(t, e, "--demo", "--email-confirmation", "link", "--register-per-minute", "1000",
		"--public-url", "https://seleksi.example.id")
	db, err := sqldb.Open(context.Background(), srv.DSN, sqldb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	c := apptest.Client()
	j := &accountJourney{srv: srv, db: db, c: c, pub: &api{t: t, base: srv.URL, c: c},
		committee: &api{t: t, base: srv.URL, c: c, token: token(t, c, srv.URL, "panitia", "asnpro-demo")}}
	j.siti = newApplicant(t, srv.URL)
	_, me, _ := j.siti.call("GET", "/api/v1/me", nil)
	j.nik = me["username"].(string)
	_, found, _ := j.committee.call("GET", "/api/v1/applicants?nik="+j.nik+"&reason=Loket+bantuan", nil)
	item := found["items"].([]any)[0].(map[string]any)
	j.email, j.id = item["email"].(string), item["id"].(string)
	if item["email_confirmed"] != false {
		t.Fatalf("a new applicant's e-mail is confirmed without a link: %v", item)
	}
	nurse := formationID(t, j.pub, "1", "PKY-2026-001")
	j.apply = map[string]any{"formation_id": nurse, "education": map[string]any{"level": "S1", "major": "S1-KEP", "ipk": 3.41}}
	return j
}

// confirm: the link uses --public-url, opening it changes nothing, a
// wrong token is refused, the right one works once.
func (j *accountJourney) confirm(t *testing.T) {
	secret := mailTo(t, j.db, "email.confirm", j.email)
	var body string
	j.db.R.QueryRowContext(context.Background(), `SELECT body FROM outbox WHERE kind = 'email.confirm' AND recipient = $1`, j.email).
		Scan(&body)
	if !strings.Contains(body, "https://seleksi.example.id/konfirmasi-email?token=") {
		t.Fatalf("the link does not use --public-url: %s", body)
	}
	// Opening the link changes nothing by itself (mail scanners fetch links).
	if code, _, page := j.pub.call("GET", "/konfirmasi-email?token="+secret, nil); code != 200 ||
		!strings.Contains(string(page), `id="confirm-submit"`) {
		t.Fatalf("link page: %d", code)
	}
	const confirmPath = "/api/v1/auth/email-confirmation"
	runScenarios(t, []scenario{
		{name: "a wrong token", as: j.pub, method: "POST", path: confirmPath, body: map[string]any{"token": secret + "x"},
			status: 422, fields: []string{"token"}},
		{name: "confirm", as: j.pub, method: "POST", path: confirmPath, body: map[string]any{"token": secret}, status: 200},
		{name: "a link works once", as: j.pub, method: "POST", path: confirmPath, body: map[string]any{"token": secret}, status: 422},
		{name: "resend when confirmed", as: j.siti, method: "POST", path: "/api/v1/me/email-confirmation", status: 409, code: "conflict"},
		{name: "apply once confirmed", as: j.siti, method: "POST", path: "/api/v1/applications", body: j.apply, status: 201},
	})
}

// passwordReset: the answer does not tell whether an account exists; the
// link sets a strong password once and ends the old sessions.
func (j *accountJourney) passwordReset(t *testing.T) {
	_, known, _ := j.pub.call("POST", "/api/v1/auth/password-reset", map[string]any{"login": j.nik})
	_, unknown, _ := j.pub.call("POST", "/api/v1/auth/password-reset", map[string]any{"login": "6271030101900001"})
	if fmt.Sprint(known) != fmt.Sprint(unknown) {
		t.Fatalf("the answer tells whether an account exists: %v vs %v", known, unknown)
	}
	scenario{name: "empty login", as: j.pub, method: "POST", path: "/api/v1/auth/password-reset", body: map[string]any{"login": " "},
		status: 422, fields: []string{"login"}}.run(t)
	secret := mailTo(t, j.db, "password.reset", j.email)
	const confirmPath = "/api/v1/auth/password-reset/confirm"
	runScenarios(t, []scenario{
		{name: "a weak password", as: j.pub, method: "POST", path: confirmPath, body: map[string]any{"token": secret, "password": "123"},
			status: 422, fields: []string{"password"}},
		{
			name:   "reset",
			as:     j.pub,
			method: "POST",
			path:   confirmPath,
			body:   map[string]any{"token": secret, "password": "sandi-baru-456"},
			status: 200,
		},
		{name: "the old token after a reset", as: j.siti, method: "GET", path: "/api/v1/me", status: 401},
		{name: "a reset link works once", as: j.pub, method: "POST", path: confirmPath,
			body: map[string]any{"token": secret, "password": "sandi-lain-789"}, status: 422},
	})
	j.siti.token = token(t, j.c, j.srv.URL, j.nik, "sandi-baru-456")
}

// helpdeskChange: only the committee, with a reason, changes an
// applicant's e-mail to a free, valid address; the new address is
// confirmed by a link, signs in, and the change is recorded.
func (j *accountJourney) helpdeskChange(t *testing.T) {
	other := newApplicant(t, j.srv.URL)
	_, om, _ := other.call("GET", "/api/v1/me", nil)
	_, of, _ := j.committee.call("GET", "/api/v1/applicants?nik="+om["username"].(string)+"&reason=Loket+bantuan", nil)
	otherEmail := of["items"].([]any)[0].(map[string]any)["email"].(string)
	path := "/api/v1/applicants/" + j.id + "/email"
	const reason = "KTP asli diperiksa di loket"
	runScenarios(t, []scenario{
		{name: "an applicant", as: j.siti, method: "PUT", path: path, body: map[string]any{"email": "baru@example.id", "reason": reason},
			status: 403, code: "forbidden"},
		{name: "no reason", as: j.committee, method: "PUT", path: path, body: map[string]any{"email": "baru@example.id", "reason": "ok"},
			status: 422, code: "invalid"},
		{name: "a bad address", as: j.committee, method: "PUT", path: path, body: map[string]any{"email": "baru@", "reason": reason},
			status: 422, code: "invalid"},
		{
			name:   "another account's address",
			as:     j.committee,
			method: "PUT",
			path:   path,
			body:   map[string]any{"email": otherEmail, "reason": reason},
			status: 409,
			code:   "conflict",
		},
		{name: "unknown applicant", as: j.committee, method: "PUT", path: "/api/v1/applicants/999999/email",
			body: map[string]any{"email": "baru@example.id", "reason": reason}, status: 404},
	})
	code, m, b := j.committee.call(
		"PUT",
		path,
		map[string]any{"email": "siti.baru@example.id", "reason": "KTP asli dan swafoto diperiksa di loket BKPSDM"},
	)
	if code != 200 || m["email"] != "siti.baru@example.id" || m["email_confirmed"] != false {
		t.Fatalf("helpdesk change: %d %s", code, b)
	}
	// A link to the new address; the new address signs in; the change is recorded.
	secret := mailTo(t, j.db, "email.confirm", "siti.baru@example.id")
	if code, _, _ := j.pub.call("POST", "/api/v1/auth/email-confirmation", map[string]any{"token": secret}); code != 200 {
		t.Fatalf("confirm the new address: %d", code)
	}
	signIn := map[string]any{"username": "siti.baru@example.id", "password": "sandi-baru-456"}
	if code, m, b := j.pub.call("POST", "/api/v1/auth/token", signIn); code != 200 || m["user"].(map[string]any)["username"] != j.nik {
		t.Fatalf("sign in with the new address: %d %s", code, b)
	}
	var n int
	j.db.R.QueryRowContext(context.Background(), `SELECT count(*) FROM audit_events WHERE action = 'user.email.change'`).Scan(&n)
	if n != 1 {
		t.Fatalf("user.email.change events: %d", n)
	}
}
