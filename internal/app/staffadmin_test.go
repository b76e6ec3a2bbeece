package app_test

import (
	"database/sql"
	"fmt"
	"html"
	"net/url"
	"strings"
	"testing"

	"asnpro/internal/app/apptest"
	"asnpro/internal/i18n"
	"asnpro/internal/identity"
	"asnpro/internal/sqldb"
	"asnpro/internal/sqldb/sqldbtest"
	"asnpro/internal/testkit"
)

// formCase is one form posted from a staff page and what must come back:
// the status, the refusal beside its field (the element id="<at>" holding
// the message of key, in Indonesian) and what was typed, kept.
type formCase struct {
	name   string
	as     *api
	path   string
	form   url.Values
	status int
	at     string   // id of the element beside the field that holds the refusal
	key    string   // catalogue key of the refusal ("" checks only that it is there)
	args   []any    // the key's arguments
	kept   []string // text the form must show again
}

// post sends f as a form (Indonesian page) and returns the status and the page.
func (a *api) post(path string, f url.Values) (int, string) {
	a.t.Helper()
	code, _, b := a.call("POST", path, strings.NewReader(f.Encode()), "Content-Type", "application/x-www-form-urlencoded",
		"Accept-Language", "id")
	return code, string(b)
}

// runForms posts each case and checks that it was refused as it says and
// that state (read before and after) did not change.
func runForms(t *testing.T, cases []formCase, state func() string) {
	t.Helper()
	for _, c := range cases {
		before := state()
		code, page := c.as.post(c.path, c.form)
		page = html.UnescapeString(page)
		if code != c.status {
			t.Fatalf("%s: status %d, want %d: %.400s", c.name, code, c.status, page)
		}
		beside := `id="` + c.at + `">`
		if c.key != "" {
			beside += i18n.T(i18n.ID, c.key, c.args...) + "</p>"
		}
		if !strings.Contains(page, beside) {
			t.Fatalf("%s: the page has no %q", c.name, beside)
		}
		for _, k := range c.kept {
			if !strings.Contains(page, k) {
				t.Fatalf("%s: the page does not keep %q", c.name, k)
			}
		}
		if after := state(); after != before {
			t.Fatalf("%s: state changed from %s to %s", c.name, before, after)
		}
	}
}

// dbState reads what the staff forms may change: users (not applicants),
// their roles, status and password hash, each verification's verifier,
// and the count of their audit events.
func dbState(t *testing.T, db *sqldb.DB) func() string {
	queries := []string{
		`SELECT u.username, u.disabled, u.password_hash FROM users u WHERE u.username NOT LIKE '62%' ORDER BY u.id`,
		`SELECT r.user_id, r.role, '' FROM user_roles r ORDER BY r.user_id, r.role`,
		`SELECT application_id, coalesce(verifier_id, 0), '' FROM verifications ORDER BY application_id`,
	}
	return func() string {
		var b strings.Builder
		for _, q := range queries {
			err := sqldb.RunQuery(t.Context(), db.R, q, func(rows *sql.Rows) error {
				var x, y, z any
				if err := rows.Scan(&x, &y, &z); err != nil {
					return err
				}
				fmt.Fprintf(&b, "%v:%v:%v ", x, y, z)
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
		}
		for _, action := range []string{"user.create", "user.roles", "user.password", "user.disable", "verification.assign"} {
			fmt.Fprintf(&b, "%s=%d ", action, testkit.CountAudit(t, db, action))
		}
		return b.String()
	}
}

// userIDOf is the id of username, in decimal.
func userIDOf(t *testing.T, db *sqldb.DB, username string) string {
	t.Helper()
	var id int64
	if err := db.R.QueryRowContext(t.Context(), `SELECT id FROM users WHERE username = $1`, username).Scan(&id); err != nil {
		t.Fatalf("user %s: %v", username, err)
	}
	return fmt.Sprint(id)
}

// TestUserFormsRefuseBadInput: each bad input of the admin's user forms
// is refused with its reason beside its field, in the page's language,
// with what was typed kept and nothing changed; an admin cannot disable
// themselves or remove the last admin's role; the auditor sees the pages
// without a form. Then a good create shows the generated password once.
func TestUserFormsRefuseBadInput(t *testing.T) {
	t.Parallel()
	for _, e := range sqldbtest.Engines() {
		t.Run(string(e), func(t *testing.T) {
			srv := apptest.Start(t, e, "--demo")
			db := openDB(t, srv.DSN)
			admin, auditor := staff(t, srv, "admin"), staff(t, srv, "auditor")
			adminID, veriID := userIDOf(t, db, "admin"), userIDOf(t, db, "verifikator")
			good := url.Values{"username": {"dewi.verif"}, "name": {"Dewi Lestari"}, "email": {"dewi@palangkaraya.go.id"},
				"role": {"verifier"}, "mode": {"generate"}}
			with := func(k string, v ...string) url.Values {
				f := url.Values{}
				for kk, vv := range good {
					f[kk] = vv
				}
				f[k] = v
				return f
			}
			runForms(t, []formCase{
				{name: "username with a space", as: admin, path: "/users", form: with("username", "dewi verif"), status: 422,
					at: "username-error", key: "identity.username", kept: []string{`value="dewi verif"`, `value="Dewi Lestari"`}},
				{name: "username taken", as: admin, path: "/users", form: with("username", "panitia"), status: 409,
					at: "username-error", key: "identity.taken", kept: []string{`value="dewi@palangkaraya.go.id"`}},
				{name: "no name", as: admin, path: "/users", form: with("name", "  "), status: 422, at: "name-error",
					key: "identity.name_required", kept: []string{`value="dewi.verif"`}},
				{name: "a control character in the name", as: admin, path: "/users", form: with("name", "Dewi\x07"), status: 422,
					at: "name-error", key: "web.raw_text"},
				{name: "bad e-mail", as: admin, path: "/users", form: with("email", "dewi@"), status: 422, at: "email-error"},
				{name: "no role", as: admin, path: "/users", form: with("role"), status: 422, at: "roles-error",
					key: "identity.roles_required", kept: []string{`value="Dewi Lestari"`}},
				{name: "unknown role", as: admin, path: "/users", form: with("role", "raja"), status: 422, at: "roles-error",
					key: "identity.role_unknown", args: []any{"role", "raja"}},
				{name: "typed password too short", as: admin, path: "/users",
					form: func() url.Values { f := with("mode", "type"); f.Set("password", "pendek"); return f }(), status: 422,
					at: "password-error", key: "identity.password_short", args: []any{"min", identity.MinPassword},
					kept: []string{`id="mode-type" checked`, `id="role-verifier" checked`}},
				{name: "typed password is the username", as: admin, path: "/users",
					form: func() url.Values { f := with("mode", "type"); f.Set("password", "dewi.verif"); return f }(), status: 422,
					at: "password-error", key: "identity.password_own"},
				{name: "roles: none", as: admin, path: "/users/" + veriID + "/peran", form: url.Values{}, status: 422,
					at: "roles-error", key: "identity.roles_required"},
				{name: "roles: unknown", as: admin, path: "/users/" + veriID + "/peran", form: url.Values{"role": {"verifier", "raja"}},
					status: 422, at: "roles-error", key: "identity.role_unknown", args: []any{"role", "raja"},
					kept: []string{`id="role-verifier" checked`}},
				{name: "roles: the last admin drops admin", as: admin, path: "/users/" + adminID + "/peran",
					form: url.Values{"role": {"auditor"}}, status: 409, at: "roles-error", key: "identity.last_admin",
					kept: []string{`id="role-auditor" checked`}},
				{name: "password: too short", as: admin, path: "/users/" + veriID + "/sandi",
					form: url.Values{"mode": {"type"}, "password": {"pendek"}}, status: 422, at: "password-error",
					key: "identity.password_short", args: []any{"min", identity.MinPassword}, kept: []string{`id="mode-type" checked`}},
				{name: "password: a common one", as: admin, path: "/users/" + veriID + "/sandi",
					form: url.Values{"mode": {"type"}, "password": {"1234567890"}}, status: 422, at: "password-error",
					key: "identity.password_common"},
				{name: "disable oneself", as: admin, path: "/users/" + adminID + "/nonaktifkan", form: url.Values{}, status: 403,
					at: "disable-self", key: "identity.disable_self"},
			}, dbState(t, db))
			for _, p := range []string{"/users/999999/peran", "/users/999999/sandi", "/users/999999/nonaktifkan", "/users/x/peran"} {
				if code, page := admin.post(p, url.Values{"role": {"verifier"}}); code != 404 {
					t.Fatalf("%s: %d %.200s", p, code, page)
				}
			}
			checkAuditorReadsUsers(t, auditor, veriID)
			checkUserCreatedAndDisabled(t, admin, db, good)
		})
	}
}

// checkAuditorReadsUsers: the auditor reads the list and a user's page
// with no form that changes anything.
func checkAuditorReadsUsers(t *testing.T, auditor *api, id string) {
	for _, p := range []string{"/users", "/users/" + id} {
		code, _, b := auditor.call("GET", p, nil)
		if code != 200 || !strings.Contains(string(b), "verifikator") {
			t.Fatalf("auditor %s: %d %.300s", p, code, b)
		}
		if strings.Contains(string(b), `action="/users`) || strings.Contains(string(b), `id="create-form"`) {
			t.Fatalf("auditor %s: a write control is shown", p)
		}
	}
}

// checkUserCreatedAndDisabled: a good create shows the generated password
// once (it signs in), recorded; disabling the user ends their token;
// disabling twice is refused beside the form.
func checkUserCreatedAndDisabled(t *testing.T, admin *api, db *sqldb.DB, good url.Values) {
	code, page := admin.post("/users", good)
	if code != 201 || !strings.Contains(page, `id="new-password"`) {
		t.Fatalf("create: %d %.400s", code, page)
	}
	pw := page[strings.Index(page, `id="new-password">`)+len(`id="new-password">`):]
	pw = pw[:strings.Index(pw, "<")]
	dewi := &api{t: t, base: admin.base, c: admin.c}
	dewi.token = token(t, dewi.c, admin.base, "dewi.verif", pw)
	if n := testkit.CountAudit(t, db, "user.create"); n < 1 {
		t.Fatal("user.create not recorded")
	}
	id := userIDOf(t, db, "dewi.verif")
	if code, _, b := admin.call("GET", "/users/"+id, nil); code != 200 || strings.Contains(string(b), `id="new-password"`) {
		t.Fatalf("the password is shown again: %d", code)
	}
	if code, page := admin.post("/users/"+id+"/nonaktifkan", url.Values{}); code != 303 {
		t.Fatalf("disable: %d %.300s", code, page)
	}
	if code, _, _ := dewi.call("GET", "/api/v1/me", nil); code != 401 {
		t.Fatalf("the disabled user's token still works: %d", code)
	}
	runForms(t, []formCase{{name: "disable twice", as: admin, path: "/users/" + id + "/nonaktifkan", form: url.Values{}, status: 409,
		at: "disable-error", key: "identity.already_disabled"}}, dbState(t, db))
}
