package app_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"asnpro/internal/app"
	"asnpro/internal/app/apptest"
	"asnpro/internal/sqldb"
)

// TestBrowserRankingJourney: panitia goes from the period's desk to its
// ranking, opens a candidate's explanation, publishes the SKD list after
// ticking that it was checked, and lands on the public list with its
// scores; Agus, on a phone, goes from his home to his result and reads
// why he goes to the SKB.
func TestBrowserRankingJourney(t *testing.T) {
	t.Parallel()
	srv := apptest.Start(t, sqldb.SQLite, demoMidway...)
	desk := apptest.Browser(t, 1024, 800)
	browserLogin(t, desk, srv.URL, "panitia", "Rina Panitia Seleksi", app.DemoPassword)
	apptest.Step(t, desk, "the period's desk", chromedp.Navigate(srv.URL+"/verifikasi/periode/2"),
		chromedp.WaitVisible(chromedp.ID("ranking-link")))
	click(t, desk, "ranking-link")
	agus := registrationOf(t, srv, demoAgusNIK)
	apptest.Step(t, desk, "the ranking", chromedp.WaitVisible(chromedp.ID("rank-"+agus)),
		chromedp.Click(chromedp.CSS(`#rank-`+agus+` details summary`)))
	why := apptest.Eval[string](t, desk, `document.querySelector("#rank-`+agus+` details").textContent`)
	if !strings.Contains(why, "Memenuhi nilai ambang batas kategori Umum") || !strings.Contains(why, "di dalam batas") {
		t.Fatalf("the explanation on the ranking page: %q", why)
	}
	// The box is not ticked: the browser keeps the form and sends nothing.
	apptest.Step(t, desk, "submit unticked", chromedp.Click(chromedp.ID("publish-submit")), chromedp.Sleep(500*time.Millisecond))
	if p := apptest.Eval[string](t, desk, `location.pathname`); p != "/panitia/periode/2/peringkat" {
		t.Fatalf("published without the box ticked: at %s", p)
	}
	apptest.Step(t, desk, "number and tick", chromedp.SendKeys(chromedp.ID("number"), "800/17/BKPSDM/2026"),
		chromedp.Click(chromedp.ID("confirm")))
	click(t, desk, "publish-submit")
	apptest.Step(t, desk, "the published list", chromedp.WaitVisible(chromedp.ID("results")))
	if row := apptest.Eval[string](t, desk, `document.getElementById("row-`+agus+`").textContent`); !strings.Contains(row, "449") ||
		!strings.Contains(row, "P/L") {
		t.Fatalf("agus's published row: %q", row)
	}

	ctx := apptest.Browser(t, 360, 740)
	browserLogin(t, ctx, srv.URL, demoAgusNIK, "Agus Santoso", app.DemoPassword)
	apptest.Step(t, ctx, "home", chromedp.Click(chromedp.CSS(`#role-applicant a.app-link`)),
		chromedp.WaitVisible(chromedp.CSS(`a[id^="outcome-link-"]`)), chromedp.Click(chromedp.CSS(`a[id^="outcome-link-"]`)),
		chromedp.WaitVisible(chromedp.ID("ranked-skd")))
	text := apptest.Eval[string](t, ctx, `document.getElementById("ranked-skd").textContent`)
	for _, want := range []string{"P/L", "449", "Peringkat SKD 1 dari 1, di dalam batas 6 (3 × formasi): lanjut ke SKB (P/L)."} {
		if !strings.Contains(text, want) {
			t.Fatalf("agus's result lacks %q: %s", want, text)
		}
	}
	noSideScroll(t, ctx, "the result with its explanation")
	apptest.Screenshot(t, ctx, "ranking-explanation")
}
