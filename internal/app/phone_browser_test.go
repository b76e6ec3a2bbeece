package app_test

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"asnpro/internal/app/apptest"
	"asnpro/internal/sqldb"
)

// widestJS names what sticks out past the screen's right edge (outside any
// element that scrolls sideways on its own): the innermost few, with their
// right edge, tag, id, class and the start of their text.
const widestJS = `(() => {
  const W = document.documentElement.clientWidth, out = [];
  const scrolls = el => { for (let p = el.parentElement; p; p = p.parentElement) {
    const o = getComputedStyle(p).overflowX; if (o === "auto" || o === "scroll" || o === "hidden") return true; } return false; };
  for (const el of document.body.querySelectorAll("*")) {
    const r = el.getBoundingClientRect();
    if (r.right <= W + 0.5 || scrolls(el)) continue;
    if ([...el.children].some(c => c.getBoundingClientRect().right > W + 0.5)) continue;
    out.push(Math.round(r.right) + "px <" + el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
      (el.className ? "." + String(el.className).replace(/ +/g, ".") : "") + "> " + (el.textContent || "").trim().slice(0, 60));
  }
  return out.slice(0, 5).join(" | ");
})()`

// fitsPhone opens path and fails the test, naming the page and what sticks
// out, when the page is wider than the 360-px screen.
func fitsPhone(t *testing.T, ctx context.Context, base, path string) {
	t.Helper()
	apptest.Step(t, ctx, "open "+path, chromedp.Navigate(base+path), chromedp.WaitReady(chromedp.CSS("footer")))
	checkFits(t, ctx, path)
}

// checkFits fails the test when the page open now is wider than 360 px.
func checkFits(t *testing.T, ctx context.Context, where string) {
	t.Helper()
	if w := apptest.Eval[int](t, ctx, `document.documentElement.scrollWidth`); w > 360 {
		t.Errorf("%s is %d px wide on a 360-px screen; sticking out: %s", where, w, apptest.Eval[string](t, ctx, widestJS))
	}
}

// TestBrowserPhoneWidth: at 360 × 740, in both languages, no public page of
// the demo is wider than the screen: the home page, the periods, each
// period, each formation of the open period, the procedure, the card check,
// registration, sign-in, transparency, and each period's results and
// statistics.
func TestBrowserPhoneWidth(t *testing.T) {
	t.Parallel()
	srv := apptest.Start(t, sqldb.SQLite, "--demo")
	ctx := apptest.Browser(t, 360, 740)
	pub := &api{t: t, base: srv.URL, c: apptest.Client()}
	_, periods, _ := pub.call("GET", "/api/v1/periods", nil)
	paths := []string{"/", "/periods", "/prosedur", "/kartu", "/daftar", "/login", "/transparency"}
	var open []string
	for _, it := range periods["items"].([]any) {
		id := it.(map[string]any)["id"].(string)
		paths = append(paths, "/periods/"+id, "/periods/"+id+"/results", "/periods/"+id+"/statistics")
		if it.(map[string]any)["status"] == "registration" {
			open = append(open, id)
		}
	}
	if len(open) == 0 {
		// The status names the phase; the home page lists the open periods.
		apptest.Step(t, ctx, "home", chromedp.Navigate(srv.URL+"/?lang=id"), chromedp.WaitReady(chromedp.CSS("footer")))
		ids := apptest.Eval[string](t, ctx, `[...document.querySelectorAll(".open-period")].map(e => e.id.slice(5)).join(",")`)
		if ids != "" {
			open = strings.Split(ids, ",")
		}
	}
	if len(open) == 0 {
		t.Fatal("the demo has no period open for registration")
	}
	formations := 0
	for _, id := range open {
		_, fs, _ := pub.call("GET", "/api/v1/periods/"+id+"/formations?limit=500", nil)
		for _, f := range fs["items"].([]any) {
			paths = append(paths, "/formations/"+f.(map[string]any)["id"].(string))
			formations++
		}
	}
	if formations < 5 {
		t.Fatalf("only %d formations in the open period", formations)
	}
	for _, lang := range []string{"id", "en"} {
		for _, p := range paths {
			sep := "?"
			if strings.Contains(p, "?") {
				sep = "&"
			}
			fitsPhone(t, ctx, srv.URL, p+sep+"lang="+url.QueryEscape(lang))
		}
	}
	if !t.Failed() {
		t.Logf("%d pages fit a 360-px screen in both languages", len(paths))
	}
}

// TestBrowserPortalJourney: a visitor on a phone opens the home page, sees
// the open period with its "register", searches a formation, opens it,
// presses "apply", lands on sign-in, follows "register", registers, and
// ends on the application page with that formation chosen — every page
// within the 360-px screen, the applicant's own pages too.
func TestBrowserPortalJourney(t *testing.T) {
	t.Parallel()
	srv := apptest.Start(t, sqldb.SQLite, "--demo")
	ctx := apptest.Browser(t, 360, 740)

	// 1. The home page: the open period, its counts and "Daftar".
	apptest.Step(t, ctx, "home", chromedp.Navigate(srv.URL+"/?lang=id"), chromedp.WaitVisible(chromedp.CSS(".open-period")))
	pid := apptest.Eval[string](t, ctx, `document.querySelector(".open-period").id.slice(5)`)
	if txt := apptest.Eval[string](t, ctx, `document.getElementById("daftar-`+pid+`").textContent`); txt != "Daftar" {
		t.Fatalf("the open period's call to register says %q", txt)
	}
	if n := apptest.Eval[string](t, ctx, `document.querySelector("#open-`+pid+` .formation-total").textContent`); n == "" || n == "0" {
		t.Fatalf("the open period shows %q formations", n)
	}
	checkFits(t, ctx, "/")
	apptest.Screenshot(t, ctx, "portal-1-home")

	// 2. Search the formation from the home page.
	apptest.Step(t, ctx, "search", chromedp.SendKeys(chromedp.ID("q-"+pid), "PKY-2026-007"))
	click(t, ctx, "search-"+pid)
	rows := apptest.Eval[string](t, ctx, `[...document.querySelectorAll("#formations tbody tr")].map(r => r.cells[0].textContent).join(",")`)
	if rows != "PKY-2026-007" {
		t.Fatalf("the search found %q, want PKY-2026-007 alone", rows)
	}
	checkFits(t, ctx, "/periods/"+pid+"?q=PKY-2026-007")
	apptest.Screenshot(t, ctx, "portal-2-period")

	// 3. Open it and press "Lamar": sign in first.
	sctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	if _, err := chromedp.RunResponse(sctx, chromedp.Click(chromedp.CSS("#formations tbody a"))); err != nil {
		t.Fatalf("open the formation: %v", err)
	}
	cancel()
	fid := apptest.Eval[string](t, ctx, `location.pathname.split("/").pop()`)
	checkFits(t, ctx, "/formations/"+fid)
	apptest.Screenshot(t, ctx, "portal-3-formation")
	click(t, ctx, "apply")
	if loc := apptest.Eval[string](t, ctx, `location.pathname + location.search`); loc != "/login?next=%2Flamaran%3Fformation%3D"+fid {
		t.Fatalf("apply while signed out went to %s", loc)
	}
	checkFits(t, ctx, "/login?next=…")
	apptest.Screenshot(t, ctx, "portal-4-login")

	// 4. No account yet: register, the formation kept.
	click(t, ctx, "register-link")
	if loc := apptest.Eval[string](t, ctx, `location.pathname + location.search`); loc != "/daftar?formation="+fid {
		t.Fatalf("register from sign-in went to %s", loc)
	}
	apptest.Step(t, ctx, "register form", chromedp.WaitVisible(chromedp.ID("register-formation")),
		chromedp.SendKeys(chromedp.ID("nik"), "6271035205980123"),
		chromedp.SendKeys(chromedp.ID("name"), "Rina Wulandari"),
		chromedp.SendKeys(chromedp.ID("birth_place"), "Palangka Raya"),
		chromedp.SetValue(chromedp.ID("birth_date"), "1998-05-12"),
		chromedp.Click(chromedp.ID("gender-f")),
		chromedp.SendKeys(chromedp.ID("email"), "rina.wulandari@example.com"),
		chromedp.SendKeys(chromedp.ID("phone"), "081234567891"),
		chromedp.SendKeys(chromedp.ID("password"), "rahasia-rina-98"))
	checkFits(t, ctx, "/daftar?formation="+fid)
	click(t, ctx, "register-submit")

	// 5. Signed in, on the application page with the formation chosen.
	apptest.Step(t, ctx, "choose form", chromedp.WaitVisible(chromedp.ID("choose-form")))
	if loc := apptest.Eval[string](t, ctx, `location.pathname + location.search`); loc != "/lamaran?formation="+fid {
		t.Fatalf("after registering at %s", loc)
	}
	if code := apptest.Eval[string](t, ctx, `document.getElementById("choose-code").textContent`); code != "PKY-2026-007" {
		t.Fatalf("the application page chose %q", code)
	}
	if who := apptest.Eval[string](t, ctx, `document.getElementById("whoami").textContent`); who != "Rina Wulandari" {
		t.Fatalf("signed in as %q", who)
	}
	checkFits(t, ctx, "/lamaran?formation="+fid)
	apptest.Screenshot(t, ctx, "portal-5-application")
	// The applicant's own pages, and the formation page that now applies directly.
	for _, p := range []string{"/lamaran", "/notifikasi", "/", "/formations/" + fid} {
		fitsPhone(t, ctx, srv.URL, p)
	}
	if href := apptest.Eval[string](t, ctx, `document.getElementById("apply").getAttribute("href")`); href != "/lamaran?formation="+fid {
		t.Fatalf("a signed-in applicant's apply leads to %s", href)
	}
}
