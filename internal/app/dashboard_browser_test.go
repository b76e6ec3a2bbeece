package app_test

import (
	"testing"

	"github.com/chromedp/chromedp"

	"asnpro/internal/app"
	"asnpro/internal/app/apptest"
	"asnpro/internal/sqldb"
)

// TestBrowserDashboard: the leader goes from home to the dashboard, sees
// the funnel drawn as an image with its table, filters by the past period, opens the
// recruitment detail; on a phone-sized window nothing overflows sideways.
func TestBrowserDashboard(t *testing.T) {
	t.Parallel()
	srv := apptest.Start(t, sqldb.SQLite, "--demo")
	ctx := apptest.Browser(t, 1280, 900)
	browserLogin(t, ctx, srv.URL, "pimpinan", "Kepala BKPSDM", app.DemoPassword)
	click(t, ctx, "go-dashboard")
	apptest.Step(t, ctx, "the overview", chromedp.WaitVisible(chromedp.ID("chart-funnel")))
	apptest.Screenshot(t, ctx, "dashboard-0-overview")
	// Last year's CPNS round, which went all the way to the appointed.
	apptest.Step(t, ctx, "filter by the past period", chromedp.SetValue(chromedp.ID("f-periode"), "2"))
	click(t, ctx, "dash-apply")
	apptest.Step(t, ctx, "the filtered overview", chromedp.WaitVisible(chromedp.ID("chart-funnel")))
	if n := apptest.Eval[int](t, ctx, `document.querySelectorAll("#chart-funnel rect").length`); n != 6 {
		t.Fatalf("the funnel draws %d bars, want one a step", n)
	}
	if rows := apptest.Eval[int](t, ctx, `document.querySelectorAll("#dash-funnel-table tbody tr").length`); rows != 6 {
		t.Fatalf("the funnel's table has %d rows, want 6 (a CPNS round's steps)", rows)
	}
	apptest.Screenshot(t, ctx, "dashboard-1-overview")
	click(t, ctx, "dash-more-recruitment")
	apptest.Step(t, ctx, "the recruitment detail", chromedp.WaitVisible(chromedp.ID("dash-fairness-table")))
	apptest.Screenshot(t, ctx, "dashboard-2-recruitment")
	apptest.Step(t, ctx, "a phone", chromedp.EmulateViewport(360, 740), chromedp.Navigate(srv.URL+"/dashboard"),
		chromedp.WaitVisible(chromedp.ID("chart-funnel")))
	if w := apptest.Eval[int](t, ctx, `document.documentElement.scrollWidth - window.innerWidth`); w > 0 {
		t.Errorf("the dashboard overflows a 360 px screen by %d px", w)
	}
	apptest.Screenshot(t, ctx, "dashboard-3-phone")
}
