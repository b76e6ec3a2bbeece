package app_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"asnpro/internal/app"
	"asnpro/internal/app/apptest"
	"asnpro/internal/sqldb"
)

// TestBrowserEachDemoAccount: every demo account signs in through the form,
// sees its home page, switches the language, and signs out; a page it had
// open is then refused (redirect to /login).
func TestBrowserEachDemoAccount(t *testing.T) {
	t.Parallel()
	srv := apptest.Start(t, sqldb.SQLite, "--demo")
	ctx := apptest.Browser(t, 1024, 768)
	accounts := map[string]string{
		"admin": "admin", "panitia": "committee", "verifikator": "verifier", "penguji": "assessor", "pelamar": "applicant",
		"pegawai": "employee",
		"atasan":  "supervisor", "pelatih": "trainer", "pimpinan": "leader", "auditor": "auditor", "penulis": "author",
	}
	// The header shows each account's name (an applicant's username is
	// the NIK, which it never shows).
	names := map[string]string{
		"admin": "Admin BKPSDM", "panitia": "Rina Panitia Seleksi", "verifikator": "Dedi Verifikator", "penguji": "Sari Penguji",
		"pelamar": "Yohana Pelamar", "pegawai": "Andi Pegawai", "atasan": "Budi Atasan", "pelatih": "Lembaga Pelatihan Kalteng",
		"pimpinan": "Kepala BKPSDM", "auditor": "Inspektorat Kota", "penulis": "Wulan Penulis Soal",
	}
	for user, role := range accounts {
		t.Run(user, func(t *testing.T) {
			apptest.Step(t, ctx, "open login",
				chromedp.Navigate(srv.URL+"/login?lang=id"),
				chromedp.WaitVisible(chromedp.ID("username")),
				chromedp.SendKeys(chromedp.ID("username"), user),
				chromedp.SendKeys(chromedp.ID("password"), app.DemoPassword),
			)
			if _, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.ID("login-submit"))); err != nil {
				t.Fatalf("submit login: %v", err)
			}
			apptest.Step(t, ctx, "home", chromedp.WaitVisible(chromedp.ID("role-"+role)))
			if who := apptest.Eval[string](t, ctx, `document.getElementById("whoami").textContent`); who != names[user] {
				t.Fatalf("signed in as %q, want %q", who, names[user])
			}
			if head := apptest.Eval[string](t, ctx, `document.querySelector("header").textContent`); user == "pelamar" &&
				strings.Contains(head, "6271036108990001") {
				t.Fatalf("the header shows the applicant's NIK: %q", head)
			}
			if lang := apptest.Eval[string](t, ctx, `document.documentElement.lang`); lang != "id" {
				t.Fatalf("lang %q, want id", lang)
			}
			apptest.Screenshot(t, ctx, "home-"+user)
			if _, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.ID("lang-switch"))); err != nil {
				t.Fatal(err)
			}
			if lang := apptest.Eval[string](t, ctx, `document.documentElement.lang`); lang != "en" {
				t.Fatalf("after the switch lang %q, want en", lang)
			}
			if txt := apptest.Eval[string](t, ctx, `document.getElementById("logout").textContent`); txt != "Sign out" {
				t.Fatalf("logout button %q in English", txt)
			}
			// The choice is remembered on the next page without ?lang.
			apptest.Step(t, ctx, "reload", chromedp.Navigate(srv.URL+"/"), chromedp.WaitVisible(chromedp.ID("role-"+role)))
			if lang := apptest.Eval[string](t, ctx, `document.documentElement.lang`); lang != "en" {
				t.Fatalf("the language was not remembered: %q", lang)
			}
			if _, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.ID("logout"))); err != nil {
				t.Fatal(err)
			}
			apptest.Step(t, ctx, "signed out", chromedp.WaitVisible(chromedp.ID("login-link")))
			if role == "admin" || role == "auditor" {
				apptest.Step(t, ctx, "users after logout", chromedp.Navigate(srv.URL+"/users"), chromedp.WaitVisible(chromedp.ID("login-submit")))
				if loc := apptest.Eval[string](t, ctx, `location.pathname`); loc != "/login" {
					t.Fatalf("a signed-in page after logout went to %s, want /login", loc)
				}
			}
			// Back to Indonesian for the next account.
			apptest.Step(t, ctx, "reset language", chromedp.Navigate(srv.URL+"/?lang=id"))
		})
	}
}

// TestBrowserWrongPasswordShowsReason: the form shows the reason next to it.
func TestBrowserWrongPasswordShowsReason(t *testing.T) {
	t.Parallel()
	srv := apptest.Start(t, sqldb.SQLite, "--demo")
	ctx := apptest.Browser(t, 1024, 768)
	apptest.Step(t, ctx, "login",
		chromedp.Navigate(srv.URL+"/login"),
		chromedp.SendKeys(chromedp.ID("username"), "panitia"),
		chromedp.SendKeys(chromedp.ID("password"), "bukan-sandinya"),
	)
	if _, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.ID("login-submit"))); err != nil {
		t.Fatal(err)
	}
	apptest.Step(t, ctx, "error", chromedp.WaitVisible(chromedp.ID("login-error")))
	if msg := apptest.Eval[string](t, ctx, `document.getElementById("login-error").textContent`); !strings.Contains(msg, "salah") {
		t.Fatalf("error %q", msg)
	}
	if v := apptest.Eval[string](t, ctx, `document.getElementById("username").value`); v != "panitia" {
		t.Fatalf("the username was not kept: %q", v)
	}
}

// TestBrowserPhoneVisitor: an anonymous visitor on a 360-px-wide phone sees
// the front page without sideways scrolling, and a 404 page in the layout.
func TestBrowserPhoneVisitor(t *testing.T) {
	t.Parallel()
	srv := apptest.Start(t, sqldb.SQLite, "--demo")
	ctx := apptest.Browser(t, 360, 740)
	for _, p := range []string{"/", "/login", "/halaman-tidak-ada"} {
		apptest.Step(t, ctx, "open "+p, chromedp.Navigate(srv.URL+p), chromedp.WaitVisible(chromedp.ID("main")))
		if w := apptest.Eval[int](t, ctx, `document.documentElement.scrollWidth`); w > 360 {
			t.Fatalf("%s is %d px wide on a 360-px screen", p, w)
		}
		apptest.Screenshot(t, ctx, "phone"+strings.ReplaceAll(p, "/", "-"))
	}
	if txt := apptest.Eval[string](t, ctx, `document.getElementById("error-message").textContent`); !strings.Contains(
		txt,
		"tidak ditemukan",
	) {
		t.Fatalf("404 page says %q", txt)
	}
}
