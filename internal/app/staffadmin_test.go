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
	en     bool     // the page is in English (path with ?lang=en)
}

// post sends f as a form (Indonesian page) and returns the status and the page.
func (a *api) post(path string, f url.Values) (int, string) {
	a.t.Helper()
	code, _, b := a.call("POST", path, strings.NewReader(f.Encode()), "Content-Type", "application/x-www-form-urlencoded",
		"Accept-Language", "id")
	return code, string(b)
}

// ownJar is a with a cookie jar of its own, so that a language chosen
// with ?lang= stays with it.
func ownJar(a *api) *api { return &api{t: a.t, base: a.base, token: a.token, c: apptest.Client()} }

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
			lang := i18n.ID
			if c.en {
				lang = i18n.EN
			}
			beside += i18n.T(lang, c.key, c.args...) + "</p>"
		}
		if !strings.Contains(page, beside) {
			t.Fatalf("%s: the page has no %q: %s", c.name, beside, page)
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
				{name: "username with a space, in English", as: ownJar(admin), path: "/users?lang=en", form: with("username", "dewi verif"),
					status: 422, at: "username-error", key: "identity.username", en: true, kept: []string{`<html lang="en">`}},
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
			for _, p := range []string{"/users?q=a%00b", "/api/v1/users?q=a%00b", "/api/v1/users?role=raja"} {
				if code, _, b := admin.call("GET", p, nil); code != 422 {
					t.Fatalf("%s: %d %.200s", p, code, b)
				}
			}
			if code, _, b := admin.call("GET", "/users?q=VERIFIK&role=verifier", nil); code != 200 ||
				!strings.Contains(string(b), `id="user-`+veriID+`"`) || strings.Contains(string(b), ">panitia<") ||
				!strings.Contains(string(b), `id="users-total">1<`) {
				t.Fatalf("search: %d %.300s", code, b)
			}
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
		if strings.Contains(string(b), `method="post" action="/users`) || strings.Contains(string(b), `id="create-form"`) {
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
	if code, page := admin.post("/users/"+id+"/nonaktifkan", url.Values{"confirm": {"1"}}); code != 303 {
		t.Fatalf("disable: %d %.300s", code, page)
	}
	if code, _, _ := dewi.call("GET", "/api/v1/me", nil); code != 401 {
		t.Fatalf("the disabled user's token still works: %d", code)
	}
	runForms(t, []formCase{{name: "disable twice", as: admin, path: "/users/" + id + "/nonaktifkan", form: url.Values{}, status: 409,
		at: "disable-error", key: "identity.already_disabled"}}, dbState(t, db))
	// Enabled again from the same page, the account signs in with its
	// password; enabling twice is refused beside the form.
	if code, page := admin.post("/users/"+id+"/aktifkan", url.Values{}); code != 303 {
		t.Fatalf("enable: %d %.300s", code, page)
	}
	token(t, dewi.c, admin.base, "dewi.verif", pw)
	runForms(t, []formCase{{name: "enable twice", as: admin, path: "/users/" + id + "/aktifkan", form: url.Values{}, status: 409,
		at: "enable-error", key: "identity.not_disabled"}}, dbState(t, db))
}

// TestAssignFormRefusesBadInput: the committee's assignment form refuses
// a verifier who is not eligible (nobody chosen, unknown, not a verifier,
// not signed, a declared conflict) beside the application's form, and a
// decided application at the top of the page, changing nothing. An
// application whose verifiers all declared a conflict is listed without a
// verifier and handed on to a member given the verifier role; the auditor
// reads the desk and the integrity page without a form.
func TestAssignFormRefusesBadInput(t *testing.T) {
	t.Parallel()
	srv := apptest.Start(t, sqldb.SQLite, "--demo", "--register-per-minute", "1000")
	db := openDB(t, srv.DSN)
	panitia, veri, admin, auditor := staff(t, srv, "panitia"), staff(t, srv, "verifikator"), staff(t, srv, "admin"), staff(t, srv, "auditor")
	app1 := submitComplete(t, newApplicant(t, srv.URL))
	addStaff(t, srv, "verif2", "verifier") // not signed
	verif3 := addStaff(t, srv, "verif3", "verifier")
	runScenarios(t, []scenario{
		{name: "verif3 signs", as: verif3, method: "POST", path: "/api/v1/periods/1/pact", body: map[string]any{}, status: 201},
		{name: "verif3 declares a conflict", as: verif3, method: "POST", path: "/api/v1/periods/1/conflicts",
			body: map[string]any{"application_id": app1, "kind": "family"}, status: 201},
	})
	app2 := submitComplete(t, newApplicant(t, srv.URL)) // to verif3, who holds fewer
	scenario{name: "verif3 decides", as: verif3, method: "POST", path: "/api/v1/applications/" + app2 + "/verification",
		body: map[string]any{"decision": "MS"}, status: 200}.run(t)
	to := func(app string) string { return "/verifikasi/lamaran/" + app + "/verifikator" }
	v := func(u string) url.Values { return url.Values{"verifier": {u}} }
	runForms(t, []formCase{
		{name: "nobody chosen", as: panitia, path: to(app1), form: v(" "), status: 422, at: "assign-error-" + app1,
			key: "staff.assign.choose"},
		{name: "unknown", as: panitia, path: to(app1), form: v("tidak-ada"), status: 422, at: "assign-error-" + app1,
			key: "verification.reassign_not_signed"},
		{name: "not a verifier", as: panitia, path: to(app1), form: v("panitia"), status: 422, at: "assign-error-" + app1,
			key: "verification.reassign_not_signed"},
		{name: "has not signed the pact", as: panitia, path: to(app1), form: v("verif2"), status: 422, at: "assign-error-" + app1,
			key: "verification.reassign_not_signed"},
		{name: "declared a conflict", as: panitia, path: to(app1), form: v("verif3"), status: 422, at: "assign-error-" + app1,
			key: "verification.reassign_conflict"},
		{name: "declared a conflict, in English", as: ownJar(panitia), path: to(app1) + "?lang=en", form: v("verif3"), status: 422,
			at: "assign-error-" + app1, key: "verification.reassign_conflict", en: true},
		{name: "decided already", as: panitia, path: to(app2), form: v("verifikator"), status: 409, at: "page-error",
			key: "verification.decided"},
	}, dbState(t, db))
	if code, page := panitia.post(to("999999"), v("verifikator")); code != 404 {
		t.Fatalf("no such application: %d %.200s", code, page)
	}
	// The desk names app1's verifier; nobody else may take it (verif3 recused).
	desk := func(a *api) string {
		code, _, b := a.call("GET", "/verifikasi/periode/1", nil)
		if code != 200 {
			t.Fatalf("desk: %d %.300s", code, b)
		}
		return html.UnescapeString(string(b))
	}
	if d := desk(panitia); !strings.Contains(d, `id="holder-name-`+app1+`">Dedi Verifikator (verifikator)`) ||
		!strings.Contains(d, `id="assign-none-`+app1+`"`) {
		t.Fatalf("desk before: %s", d)
	}
	// The verifier recuses too: app1 has no verifier left.
	scenario{name: "verifikator declares a conflict", as: veri, method: "POST", path: "/api/v1/periods/1/conflicts",
		body: map[string]any{"application_id": app1, "kind": "work"}, status: 201}.run(t)
	d := desk(panitia)
	if !strings.Contains(d, `id="unassigned-`+app1+`"`) || !strings.Contains(d, `id="assign-none-`+app1+`"`) {
		t.Fatalf("desk without a verifier: %s", d)
	}
	// A committee member who signed is given the verifier role: app1 is handed to them.
	addStaff(t, srv, "ketua", "committee")
	ketua := &api{t: t, base: srv.URL, c: apptest.Client()}
	ketua.token = token(t, ketua.c, srv.URL, "ketua", "rahasia-staf-1")
	scenario{name: "ketua signs", as: ketua, method: "POST", path: "/api/v1/periods/1/pact", body: map[string]any{}, status: 201}.run(t)
	ketuaID := userIDOf(t, db, "ketua")
	if code, page := admin.post("/users/"+ketuaID+"/peran", url.Values{"role": {"committee", "verifier"}}); code != 303 {
		t.Fatalf("roles: %d %.300s", code, page)
	}
	if d := desk(panitia); !strings.Contains(d, `<option value="ketua">`) {
		t.Fatalf("ketua is not offered: %s", d)
	}
	before := testkit.CountAudit(t, db, "verification.assign")
	if code, page := panitia.post(to(app1), v("ketua")); code != 303 {
		t.Fatalf("hand on: %d %.300s", code, page)
	}
	var holder int64
	if err := db.R.QueryRowContext(t.Context(), `SELECT coalesce(verifier_id, 0) FROM verifications WHERE application_id = $1`,
		app1).Scan(&holder); err != nil || fmt.Sprint(holder) != ketuaID {
		t.Fatalf("app1's verifier %d (%v), want ketua %s", holder, err, ketuaID)
	}
	if n := testkit.CountAudit(t, db, "verification.assign"); n != before+1 {
		t.Fatalf("verification.assign events %d, want %d", n, before+1)
	}
	// Ketua is disabled: the desk says so beside the application ketua holds, and offers ketua nowhere.
	if code, page := admin.post("/users/"+ketuaID+"/nonaktifkan", url.Values{"confirm": {"1"}}); code != 303 {
		t.Fatalf("disable: %d %.300s", code, page)
	}
	if d := desk(panitia); !strings.Contains(d, `id="holder-disabled-`+app1+`"`) || strings.Contains(d, `<option value="ketua">`) {
		t.Fatalf("desk after disabling ketua: %s", d)
	}
	checkAuditorReadsDesk(t, auditor, desk)
}

// checkAuditorReadsDesk: the auditor sees who holds what and the integrity
// page, with no form of the desk that changes anything (the queue's search
// is a GET form).
func checkAuditorReadsDesk(t *testing.T, auditor *api, desk func(*api) string) {
	d := desk(auditor)
	for _, w := range []string{`method="post" action="/verifikasi/`, `method="post" action="/sanggah/`, `id="publish-administration"`,
		`id="conflict-submit"`, `id="batch-assign"`, `form="batch-assign"`} {
		if strings.Contains(d, w) {
			t.Fatalf("the auditor's desk has %s", w)
		}
	}
	if !strings.Contains(d, "Staf ketua (ketua)") || !strings.Contains(d, `href="/verifikasi/periode/1/integritas"`) {
		t.Fatalf("the auditor's desk: %s", d)
	}
	code, _, b := auditor.call("GET", "/verifikasi/periode/1/integritas", nil)
	page := html.UnescapeString(string(b))
	if code != 200 || !strings.Contains(page, "Staf verif3 (verif3)") ||
		strings.Count(page, `<tr id="conflict-`) != 2 || strings.Contains(page, `method="post" action="/verifikasi`) {
		t.Fatalf("integrity page: %d %s", code, page)
	}
}
