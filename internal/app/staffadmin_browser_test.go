package app_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"asnpro/internal/app"
	"asnpro/internal/app/apptest"
	"asnpro/internal/sqldb"
)

// TestBrowserStaffAdmin: on a phone, the admin adds a verifier (a wrong
// e-mail is refused beside its field with the rest kept; the generated
// password is shown once); the new verifier signs in with it and signs the
// period's pact; the committee hands an application from the demo verifier
// to the new one from the period's desk and reads the integrity page.
func TestBrowserStaffAdmin(t *testing.T) {
	t.Parallel()
	srv := apptest.Start(t, sqldb.SQLite, "--demo", "--register-per-minute", "1000")
	ctx := apptest.Browser(t, 360, 800)
	appID := submitComplete(t, newApplicant(t, srv.URL))

	// 1. The admin adds a verifier.
	browserLogin(t, ctx, srv.URL, "admin", "Admin BKPSDM", app.DemoPassword)
	apptest.Step(t, ctx, "users", chromedp.Navigate(srv.URL+"/users"), chromedp.WaitVisible(chromedp.ID("create-form")),
		chromedp.SendKeys(chromedp.ID("username"), "rudi.verif"), chromedp.SendKeys(chromedp.ID("name"), "Rudi Hartono"),
		chromedp.SendKeys(chromedp.ID("email"), "rudi@"), chromedp.Click(chromedp.ID("role-verifier")))
	click(t, ctx, "create-submit")
	apptest.Step(t, ctx, "refused", chromedp.WaitVisible(chromedp.ID("email-error")))
	kept := `document.getElementById("name").value + "|" + document.getElementById("role-verifier").checked`
	if v := apptest.Eval[string](t, ctx, kept); v != "Rudi Hartono|true" {
		t.Fatalf("the form did not keep what was typed: %q", v)
	}
	noSideScroll(t, ctx, "the users page")
	apptest.Step(t, ctx, "fix the e-mail", chromedp.SetValue(chromedp.ID("email"), "rudi@palangkaraya.go.id"))
	click(t, ctx, "create-submit")
	apptest.Step(t, ctx, "created", chromedp.WaitVisible(chromedp.ID("new-password")))
	apptest.Screenshot(t, ctx, "staff-1-user-created")
	password := apptest.Eval[string](t, ctx, `document.getElementById("new-password").textContent`)
	roles := apptest.Eval[string](t, ctx, `document.getElementById("user-roles").textContent`)
	if len(password) != 20 || roles != "Verifikator" {
		t.Fatalf("created: password %q, roles %q", password, roles)
	}
	noSideScroll(t, ctx, "the user's page")
	browserLogout(t, ctx)

	// 2. The new verifier signs in with the password shown once and signs the pact.
	browserLogin(t, ctx, srv.URL, "rudi.verif", "Rudi Hartono", password)
	apptest.Step(t, ctx, "pact", chromedp.Navigate(srv.URL+"/verifikasi"), chromedp.WaitVisible(chromedp.ID("pact-agree-1")),
		chromedp.Click(chromedp.ID("pact-agree-1")), chromedp.Click(chromedp.ID("pact-noconflict-1")))
	click(t, ctx, "pact-sign-1")
	browserLogout(t, ctx)

	// 3. The committee hands the application to the new verifier.
	browserLogin(t, ctx, srv.URL, "panitia", "Rina Panitia Seleksi", app.DemoPassword)
	apptest.Step(t, ctx, "desk", chromedp.Navigate(srv.URL+"/verifikasi/periode/1"), chromedp.WaitVisible(chromedp.ID("assign-"+appID)))
	h := apptest.Eval[string](t, ctx, `document.getElementById("holder-name-`+appID+`").textContent`)
	if !strings.Contains(h, "verifikator") {
		t.Fatalf("holder before %q", h)
	}
	apptest.Step(t, ctx, "choose", chromedp.SetValue(chromedp.ID("assign-verifier-"+appID), "rudi.verif"))
	apptest.Screenshot(t, ctx, "staff-2-assign")
	click(t, ctx, "assign-submit-"+appID)
	apptest.Step(t, ctx, "assigned", chromedp.WaitVisible(chromedp.ID("flash")))
	if h := apptest.Eval[string](t, ctx, `document.getElementById("holder-name-`+appID+`").textContent`); h != "Rudi Hartono (rudi.verif)" {
		t.Fatalf("holder after %q", h)
	}
	noSideScroll(t, ctx, "the period's desk")
	var holder string
	if err := openDB(t, srv.DSN).R.QueryRow(`SELECT u.username FROM verifications v JOIN users u ON u.id = v.verifier_id
WHERE v.application_id = $1`, appID).Scan(&holder); err != nil || holder != "rudi.verif" {
		t.Fatalf("the application's verifier is %q (%v)", holder, err)
	}
	click(t, ctx, "integrity-link")
	apptest.Step(t, ctx, "integrity", chromedp.WaitVisible(chromedp.ID("pact-table")))
	rows := apptest.Eval[string](t, ctx, `document.getElementById("pact-table").textContent`)
	if !strings.Contains(rows, "Rudi Hartono (rudi.verif)") {
		t.Fatalf("integrity page: %q", rows)
	}
	apptest.Screenshot(t, ctx, "staff-3-integrity")
	if n := apptest.Eval[int](t, ctx, `document.querySelectorAll("#pact-table tbody tr").length`); n < 3 {
		t.Fatalf("integrity page lists %d pacts", n)
	}
	noSideScroll(t, ctx, fmt.Sprintf("the integrity page of period %d", 1))
}
