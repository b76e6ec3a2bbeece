package app_test

import (
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"asnpro/internal/app"
	"asnpro/internal/app/apptest"
	"asnpro/internal/sqldb"
)

// TestBrowserSelectionExam: panitia schedules an SKB session in the
// browser and adds its participants; Dewi (who met last year's SKD grade,
// and is given extra time) signs in on a phone, finds the exam from her
// home, starts it, answers with the mouse and with the keyboard, finishes
// through the confirmation and reads her score and receipt; the committee's
// page then shows her finished, with the same total.
func TestBrowserSelectionExam(t *testing.T) {
	t.Parallel()
	srv := apptest.Start(t, sqldb.SQLite, demoMidway...)
	panitia := staff(t, srv, "panitia")
	now := time.Now()

	desk := apptest.Browser(t, 1024, 800)
	apptest.Step(t, desk, "panitia signs in", chromedp.Navigate(srv.URL+"/login?lang=id"), chromedp.WaitVisible(chromedp.ID("username")),
		chromedp.SendKeys(chromedp.ID("username"), "panitia"), chromedp.SendKeys(chromedp.ID("password"), app.DemoPassword))
	click(t, desk, "login-submit")
	click(t, desk, "go-panitia-ujian")
	_, _, page := panitia.page("GET", "/panitia/ujian", nil)
	apptest.Step(t, desk, "fill the session form",
		chromedp.SendKeys(chromedp.ID("name"), "SKB Pranata Komputer"),
		chromedp.SetValue(chromedp.ID("period_id"), "2"),
		chromedp.SetValue(chromedp.ID("stage"), "skb"),
		chromedp.SetValue(chromedp.ID("bank"), optionID(t, page, "Bank SKD")),
		chromedp.SetValue(chromedp.ID("blueprint"), optionID(t, page, "Simulasi SKD singkat")),
		chromedp.SetValue(chromedp.ID("opens_at"), wibForm(now.Add(-time.Minute))),
		chromedp.SetValue(chromedp.ID("closes_at"), wibForm(now.Add(2*time.Hour))))
	click(t, desk, "session-submit")
	apptest.Step(t, desk, "the session's page", chromedp.WaitVisible(chromedp.ID("enrol-submit")))
	click(t, desk, "enrol-submit")
	apptest.Step(t, desk, "two participants", chromedp.WaitVisible(chromedp.ID("participants")))
	if n := apptest.Eval[int](t, desk, `document.querySelectorAll("#participants tbody tr").length`); n != 2 {
		t.Fatalf("%d participants, want Agus and Dewi", n)
	}
	session := apptest.Eval[string](t, desk, `location.pathname`)
	dewiApp := applicationOf(t, openDB(t, srv.DSN), demoDewiNIK)
	form := url.Values{"minutes": {"10"}, "reason": {"Peserta tunanetra"}}
	if code, _, _ := panitia.page("POST", session+"/peserta/"+dewiApp+"/waktu", form); code != 303 {
		t.Fatalf("extra time: %d", code)
	}

	ctx := apptest.Browser(t, 360, 740)
	apptest.Step(t, ctx, "dewi signs in", chromedp.Navigate(srv.URL+"/login?lang=id"), chromedp.WaitVisible(chromedp.ID("username")),
		chromedp.SendKeys(chromedp.ID("username"), demoDewiNIK), chromedp.SendKeys(chromedp.ID("password"), app.DemoPassword))
	click(t, ctx, "login-submit")
	click(t, ctx, "go-ujian")
	noSideScroll(t, ctx, "/ujian")
	id := strings.TrimPrefix(session, "/panitia/ujian/")
	if m := apptest.Eval[string](t, ctx, `document.getElementById("seat-`+id+`-minutes").textContent`); !strings.HasPrefix(m, "25 menit") {
		t.Fatalf("her time: %q, want 25 minutes (15 + 10)", m)
	}
	click(t, ctx, "seat-"+id+"-start")
	apptest.Step(t, ctx, "the paper", chromedp.WaitVisible(chromedp.ID("soal-15")))
	loc := apptest.Eval[string](t, ctx, `location.pathname`)
	if !regexp.MustCompile(`^/ujian/[0-9]+$`).MatchString(loc) {
		t.Fatalf("the test is at %q", loc)
	}
	if h := apptest.Eval[string](t, ctx, `document.querySelector("h1").textContent`); h != "Ujian CAT: soal" {
		t.Fatalf("heading %q", h)
	}
	apptest.Step(t, ctx, "answer 1 with the mouse", chromedp.Click(chromedp.ID("q-1-B")))
	apptest.Step(t, ctx, "answer 2 with the keyboard", chromedp.Focus(chromedp.ID("q-2-D")), chromedp.KeyEvent(" "))
	waitTrue(t, ctx, "1 and 2 saved", `document.getElementById("state-1").textContent === "tersimpan" && `+
		`document.getElementById("state-2").textContent === "tersimpan" && document.getElementById("q-2-D").checked`)
	noSideScroll(t, ctx, "the test page")
	apptest.Step(t, ctx, "finish", chromedp.Click(chromedp.ID("finish-button")), chromedp.WaitVisible(chromedp.ID("finish-yes")))
	click(t, ctx, "finish-yes")
	apptest.Step(t, ctx, "result", chromedp.WaitVisible(chromedp.ID("result-sha256")))
	if p := apptest.Eval[string](t, ctx, `location.pathname`); p != loc+"/hasil" {
		t.Fatalf("after the finish: %s", p)
	}
	total := apptest.Eval[string](t, ctx, `document.getElementById("score-total").textContent`)
	if apptest.Eval[bool](t, ctx, `document.getElementById("practice-again") !== null`) {
		t.Fatal("a selection's result offers another practice")
	}
	noSideScroll(t, ctx, "the result")
	apptest.Screenshot(t, ctx, "selection-result")

	apptest.Step(t, desk, "the committee's page", chromedp.Navigate(srv.URL+session), chromedp.WaitVisible(chromedp.ID("participants")))
	row := apptest.Eval[string](t, desk, `document.getElementById("peserta-`+dewiApp+`").textContent`)
	if !strings.Contains(row, total+" / 75") || !strings.Contains(row, "Peserta tunanetra") {
		t.Fatalf("dewi's row: %q, want %s / 75", row, total)
	}
}
