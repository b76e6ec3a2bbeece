package app_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"asnpro/internal/app"
	"asnpro/internal/app/apptest"
	"asnpro/internal/sqldb"
)

// fitsWidth fails the test when the page open now is wider than w pixels.
func fitsWidth(t *testing.T, ctx context.Context, w int, where string) {
	t.Helper()
	if got := apptest.Eval[int](t, ctx, `document.documentElement.scrollWidth`); got > w {
		t.Errorf("%s is %d px wide on a %d-px screen; sticking out: %s", where, got, w, apptest.Eval[string](t, ctx, widestJS))
	}
}

// TestBrowserTrainingJourney: pegawai asks for a seat in the session of
// pelatih's institution that is running; atasan approves it; pelatih, on
// a phone (390 × 844), marks pegawai present at its four meetings, records
// the post-test and completes the session; pegawai downloads the
// certificate, and the public page of its code confirms it.
func TestBrowserTrainingJourney(t *testing.T) {
	t.Parallel()
	srv := apptest.Start(t, sqldb.SQLite, "--demo")

	ctx := apptest.Browser(t, 1024, 800)
	browserLogin(t, ctx, srv.URL, "pegawai", "Andi Pegawai", app.DemoPassword)
	click(t, ctx, "go-pelatihan")
	apptest.Step(t, ctx, "the catalogue", chromedp.WaitVisible(chromedp.ID("session-list")))
	link := apptest.Eval[string](t, ctx, `Array.from(document.querySelectorAll("#session-list a")).find(
		a => a.textContent === "Pelayanan Publik Prima").id`)
	session := strings.TrimSuffix(strings.TrimPrefix(link, "session-"), "-link")
	click(t, ctx, link)
	apptest.Step(t, ctx, "the session", chromedp.WaitVisible(chromedp.ID("request-submit")))
	click(t, ctx, "request-submit")
	apptest.Step(t, ctx, "asked", chromedp.WaitVisible(chromedp.ID("my-status")))
	if st := apptest.Eval[string](t, ctx, `document.querySelector("#my-status strong").textContent`); st != "Menunggu persetujuan atasan" {
		t.Fatalf("after asking: %q", st)
	}
	apptest.Screenshot(t, ctx, "training-1-requested")
	browserLogout(t, ctx)

	browserLogin(t, ctx, srv.URL, "atasan", "Budi Atasan", app.DemoPassword)
	click(t, ctx, "go-pelatihan-persetujuan")
	apptest.Step(t, ctx, "the approvals", chromedp.WaitVisible(chromedp.ID("approval-list")))
	row := apptest.Eval[string](t, ctx, `Array.from(document.querySelectorAll("#approval-list tbody tr")).find(
		r => r.querySelector("a").getAttribute("href") === "/pelatihan/sesi/`+session+`").id`)
	enrolment := strings.TrimPrefix(row, "approval-")
	click(t, ctx, "approve-"+enrolment)
	apptest.Step(t, ctx, "approved", chromedp.WaitVisible(chromedp.ID("flash")))
	apptest.Screenshot(t, ctx, "training-2-approved")
	browserLogout(t, ctx)

	phone := apptest.Browser(t, 390, 844)
	browserLogin(t, phone, srv.URL, "pelatih", "Lembaga Pelatihan Kalteng", app.DemoPassword)
	click(t, phone, "go-pelatihan-mengajar")
	click(t, phone, "teach-"+session)
	apptest.Step(t, phone, "the participants", chromedp.WaitVisible(chromedp.ID("participant-"+enrolment)))
	fitsWidth(t, phone, 390, "the session page")
	for _, no := range []int{1, 2, 3, 4} { // the demo session's four meetings
		n := strconv.Itoa(no)
		click(t, phone, "meeting-"+n)
		apptest.Step(t, phone, "meeting "+n, chromedp.WaitVisible(chromedp.ID("present-"+enrolment)))
		fitsWidth(t, phone, 390, "meeting "+n)
		apptest.Step(t, phone, "present", chromedp.Click(chromedp.ID("present-"+enrolment)))
		if no == 1 {
			apptest.Screenshot(t, phone, "training-3-attendance")
		}
		click(t, phone, "attendance-submit")
		apptest.Step(t, phone, "saved", chromedp.WaitVisible(chromedp.ID("flash")))
	}
	apptest.Step(t, phone, "post-test", chromedp.SendKeys(chromedp.ID("post-"+enrolment), "88"))
	click(t, phone, "scores-submit")
	apptest.Step(t, phone, "scores saved", chromedp.WaitVisible(chromedp.ID("flash")))
	click(t, phone, "complete-submit")
	apptest.Step(t, phone, "confirm", chromedp.WaitVisible(chromedp.ID("confirm-yes")))
	click(t, phone, "confirm-yes")
	apptest.Step(t, phone, "completed", chromedp.WaitVisible(chromedp.ID("flash")))
	if st := apptest.Eval[string](t, phone, `document.querySelector("#participant-`+enrolment+` .status").textContent`); st != "Lulus" {
		t.Fatalf("pegawai after completion: %q", st)
	}
	fitsWidth(t, phone, 390, "the completed session")
	apptest.Screenshot(t, phone, "training-4-completed")

	browserLogin(t, ctx, srv.URL, "pegawai", "Andi Pegawai", app.DemoPassword)
	click(t, ctx, "go-pelatihan-saya")
	apptest.Step(t, ctx, "my trainings", chromedp.WaitVisible(chromedp.ID("cert-"+enrolment)))
	sctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	head, err := chromedp.Run(sctx, chromedp.Evaluate[string](
		`fetch(document.getElementById("cert-`+enrolment+`").getAttribute("href")).then(r => r.ok ? r.arrayBuffer() : `+
			`Promise.reject(r.status)).then(b => String.fromCharCode(...new Uint8Array(b.slice(0, 5))))`, chromedp.EvalAwaitPromise))
	if err != nil || head != "%PDF-" {
		t.Fatalf("the certificate: %v %q", err, head)
	}
	// The code is public: anyone signed out checks it.
	href := apptest.Eval[string](t, ctx, `document.getElementById("verify-`+enrolment+`").getAttribute("href")`)
	browserLogout(t, ctx)
	apptest.Step(t, ctx, "the public check", chromedp.Navigate(srv.URL+href+"?lang=id"), chromedp.WaitVisible(chromedp.ID("verify-facts")))
	for id, want := range map[string]string{"verify-name": "Andi Pegawai", "verify-programme": "Pelayanan Publik Prima", "verify-jp": "20"} {
		if got := apptest.Eval[string](t, ctx, `document.getElementById("`+id+`").textContent`); got != want {
			t.Errorf("%s: %q, want %q", id, got, want)
		}
	}
	if apptest.Eval[bool](t, ctx, `!document.getElementById("verify-valid")`) {
		t.Fatal("the check does not say the certificate is valid")
	}
	apptest.Screenshot(t, ctx, "training-5-verified")
}
