package app_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"asnpro/internal/app"
	"asnpro/internal/app/apptest"
	"asnpro/internal/sqldb"
)

// TestBrowserProbationJourney: on the demo, the admin goes from the home
// page to the period's onboarding, finds Agus Santoso onboarded and
// records his NIP on his page (the prefix shown; a NIP of another birth
// date refused beside the field first); from the reminders opens Fajar
// Ramadhan and records his Latsar; atasan, from Bawahan, assesses Fajar
// layak; the admin appoints Citra Maharani after the confirmation page.
func TestBrowserProbationJourney(t *testing.T) {
	t.Parallel()
	srv := apptest.Start(t, sqldb.SQLite, "--demo")
	ctx := apptest.Browser(t, 1024, 900)
	browserLogin(t, ctx, srv.URL, "admin", "Admin BKPSDM", app.DemoPassword)
	click(t, ctx, "go-pengangkatan")
	apptest.Step(t, ctx, "the periods", chromedp.WaitVisible(chromedp.ID("intake-periods")))
	click(t, ctx, apptest.Eval[string](t, ctx, `document.querySelector("#intake-periods a").id`))
	apptest.Step(t, ctx, "the placed candidates", chromedp.WaitVisible(chromedp.ID("placed")))
	apptest.Screenshot(t, ctx, "onboarding-1-period")
	agus := apptest.Eval[string](t, ctx, `Array.from(document.querySelectorAll("#placed .placed-row")).find(
		r => r.cells[1].textContent === "Agus Santoso").cells[0].querySelector("a").id`)
	click(t, ctx, agus)
	apptest.Step(t, ctx, "Agus", chromedp.WaitVisible(chromedp.ID("candidate-facts")))
	if st := apptest.Eval[string](t, ctx, `document.getElementById("candidate-state").textContent`); !strings.HasPrefix(st, "Diangkat") {
		t.Fatalf("Agus: %q", st)
	}
	click(t, ctx, "employee-link")
	apptest.Step(t, ctx, "Agus's record", chromedp.WaitVisible(chromedp.ID("number-form")))
	prefix := apptest.Eval[string](t, ctx, `document.querySelector("#nip-prefix code").textContent`)
	apptest.Step(t, ctx, "a NIP of another birth date", chromedp.SendKeys(chromedp.ID("number"), "19700101"+prefix[8:]+"001"))
	click(t, ctx, "number-submit")
	apptest.Step(t, ctx, "refused", chromedp.WaitVisible(chromedp.ID("number-error")))
	if msg := apptest.Eval[string](t, ctx, `document.getElementById("number-error").textContent`); !strings.Contains(msg, "NIK") {
		t.Fatalf("the refusal does not name the NIK: %q", msg)
	}
	apptest.Step(t, ctx, "Agus's NIP", chromedp.SetValue(chromedp.ID("number"), prefix+"001"))
	click(t, ctx, "number-submit")
	apptest.Step(t, ctx, "recorded", chromedp.WaitVisible(chromedp.ID("flash")))
	if n := apptest.Eval[string](t, ctx, `document.getElementById("employee-number").textContent`); n != prefix+"001" {
		t.Fatalf("Agus's NIP %q", n)
	}
	apptest.Screenshot(t, ctx, "onboarding-2-nip")

	// Fajar's Latsar, from the reminders.
	apptest.Step(t, ctx, "home", chromedp.Navigate(srv.URL+"/?lang=id"))
	click(t, ctx, "go-pengingat")
	apptest.Step(t, ctx, "the reminders", chromedp.WaitVisible(chromedp.ID("probation-reminders")))
	click(t, ctx, byText(t, ctx, "#probation-reminders a", "Fajar Ramadhan"))
	apptest.Step(t, ctx, "Fajar's record", chromedp.WaitVisible(chromedp.ID("latsar-form")))
	fajar := apptest.Eval[string](t, ctx, `location.pathname`)
	yesterday := time.Now().AddDate(0, 0, -1).Format(time.DateOnly)
	apptest.Step(t, ctx, "Latsar", chromedp.SetValue(chromedp.ID("mode"), "daring"), chromedp.SendKeys(chromedp.ID("hours"), "51"),
		chromedp.SetValue(chromedp.ID("held_on"), yesterday), chromedp.Click(chromedp.ID("result-lulus")))
	click(t, ctx, "latsar-submit")
	apptest.Step(t, ctx, "Latsar recorded", chromedp.WaitVisible(chromedp.ID("flash")))
	if l := apptest.Eval[string](t, ctx, `document.getElementById("latsar").textContent`); !strings.Contains(l, "51 JP, Lulus") {
		t.Fatalf("Fajar's Latsar: %q", l)
	}
	apptest.Screenshot(t, ctx, "onboarding-3-latsar")

	// atasan assesses Fajar.
	sup := apptest.Browser(t, 1024, 900)
	browserLogin(t, sup, srv.URL, "atasan", "Budi Atasan", app.DemoPassword)
	click(t, sup, "go-bawahan")
	apptest.Step(t, sup, "the reports", chromedp.WaitVisible(chromedp.ID("reports")))
	click(t, sup, "assess-"+strings.TrimPrefix(fajar, "/pegawai/"))
	apptest.Step(t, sup, "the assessment", chromedp.WaitVisible(chromedp.ID("assess-form")),
		chromedp.SendKeys(chromedp.ID("note"), "Teliti dan tepat waktu."))
	click(t, sup, "assess-submit")
	apptest.Step(t, sup, "assessed", chromedp.WaitVisible(chromedp.ID("flash")))
	if a := apptest.Eval[string](t, sup, `document.getElementById("assessment").textContent`); !strings.HasPrefix(a, "Layak") {
		t.Fatalf("Fajar's assessment: %q", a)
	}
	apptest.Screenshot(t, sup, "onboarding-4-assessment")

	// The admin appoints Citra, whose probation is complete.
	apptest.Step(t, ctx, "the reminders again", chromedp.Navigate(srv.URL+"/pengingat?lang=id"),
		chromedp.WaitVisible(chromedp.ID("probation-reminders")))
	click(t, ctx, byText(t, ctx, "#probation-reminders a", "Citra Maharani"))
	apptest.Step(t, ctx, "Citra's record", chromedp.WaitVisible(chromedp.ID("outcome-form")),
		chromedp.SendKeys(chromedp.ID("health"), "445/77/RSUD/2026"))
	clickConfirmed(t, ctx, "outcome-submit")
	apptest.Step(t, ctx, "appointed", chromedp.WaitVisible(chromedp.ID("flash")))
	if st := apptest.Eval[string](t, ctx, `document.getElementById("employee-status").textContent`); st != "Aktif" {
		t.Fatalf("Citra's status: %q", st)
	}
	apptest.Screenshot(t, ctx, "onboarding-5-appointed")
}

// byText is the id of the first element matching sel whose text is text.
func byText(t *testing.T, ctx context.Context, sel, text string) string {
	t.Helper()
	return apptest.Eval[string](t, ctx, `Array.from(document.querySelectorAll(`+jsString(sel)+`)).find(
		a => a.textContent.trim() === `+jsString(text)+`).id`)
}
