package app_test

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"asnpro/internal/app"
	"asnpro/internal/app/apptest"
	"asnpro/internal/sqldb"
)

// waitTrue waits until a JavaScript expression is true in the page.
func waitTrue(t *testing.T, ctx context.Context, what, expr string) {
	t.Helper()
	sctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	if _, err := chromedp.Run(sctx, chromedp.Poll[bool](expr, chromedp.WithPollingInterval(100*time.Millisecond))); err != nil {
		t.Fatalf("%s (%s): %v", what, expr, err)
	}
}

// offline cuts the tab's network (and says so to the page: navigator.onLine
// and the offline event) or gives it back.
func offline(cut bool) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		if _, err := cdp.Call(ctx, t, network.Enable, network.EnableParams{}); err != nil {
			return err
		}
		cond := []*network.Conditions{{Offline: cut, DownloadThroughput: -1, UploadThroughput: -1}}
		if _, err := cdp.Call(ctx, t, network.EmulateNetworkConditionsByRule,
			network.EmulateNetworkConditionsByRuleParams{MatchedNetworkConditions: cond}); err != nil {
			return err
		}
		_, err := cdp.Call(ctx, t, network.OverrideNetworkState,
			network.OverrideNetworkStateParams{Offline: cut, DownloadThroughput: -1, UploadThroughput: -1})
		return err
	})
}

// blockAPI makes every request to the JSON API fail (the page itself still
// loads), or lets them through again.
func blockAPI(base string, block bool) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		if _, err := cdp.Call(ctx, t, network.Enable, network.EnableParams{}); err != nil {
			return err
		}
		var ps []*network.BlockPattern
		if block {
			ps = []*network.BlockPattern{{URLPattern: base + "/api/*", Block: true}}
		}
		_, err := cdp.Call(ctx, t, network.SetBlockedURLs, network.SetBlockedURLsParams{URLPatterns: ps})
		return err
	})
}

// TestBrowserPracticeJourney: pelamar, on a phone, starts a practice test
// from the home page, answers and flags items that save at once, loses the
// connection and sees the answers marked unsaved, gets it back and sees
// them saved, reloads with an answer still queued (answers, queue and clock
// intact), and finishes through the confirmation to the score and digest.
func TestBrowserPracticeJourney(t *testing.T) {
	t.Parallel()
	srv := apptest.Start(t, sqldb.SQLite, "--demo")
	ctx := apptest.Browser(t, 360, 740)
	me := &api{t: t, base: srv.URL, c: apptest.Client()}
	me.token = token(t, me.c, srv.URL, "pelamar", app.DemoPassword)

	apptest.Step(t, ctx, "sign in", chromedp.Navigate(srv.URL+"/login?lang=id"), chromedp.WaitVisible(chromedp.ID("username")),
		chromedp.SendKeys(chromedp.ID("username"), "pelamar"), chromedp.SendKeys(chromedp.ID("password"), app.DemoPassword))
	click(t, ctx, "login-submit")
	click(t, ctx, "go-simulasi")
	noSideScroll(t, ctx, "/simulasi")
	click(t, ctx, "practice-start-button")
	apptest.Step(t, ctx, "the paper", chromedp.WaitVisible(chromedp.ID("soal-15")))
	loc := apptest.Eval[string](t, ctx, `location.pathname`)
	if !regexp.MustCompile(`^/simulasi/[0-9]+$`).MatchString(loc) {
		t.Fatalf("the test is at %q", loc)
	}
	noSideScroll(t, ctx, "the test page")
	apiPath := "/api/v1/attempts/" + strings.TrimPrefix(loc, "/simulasi/")
	onServer := func(no int) (string, bool) {
		t.Helper()
		// The page's own session reads: a read without it would take over.
		tok := apptest.Eval[string](t, ctx, `document.getElementById("cat").dataset.session`)
		_, m, b := me.call("GET", apiPath, nil, "X-Attempt-Session", tok)
		items, _ := m["items"].([]any)
		if len(items) != 15 {
			t.Fatalf("the attempt on the server: %.300s", b)
		}
		it := items[no-1].(map[string]any)
		a, _ := it["answer"].(string)
		return a, it["flagged"] == true
	}
	saved := func(no int) string {
		return fmt.Sprintf(`document.getElementById("state-%d").textContent === "tersimpan" && `+
			`document.querySelector("#grid-%d .sv").textContent === "tersimpan"`, no, no)
	}
	unsaved := func(no int) string {
		return fmt.Sprintf(`document.getElementById("state-%d").textContent === "belum tersimpan" && `+
			`document.getElementById("grid-%d").classList.contains("unsaved")`, no, no)
	}

	// Online: each choice is saved at once.
	apptest.Step(t, ctx, "answer 1 and 2, flag 2", chromedp.Click(chromedp.ID("q-1-A")), chromedp.Click(chromedp.ID("q-2-C")),
		chromedp.Click(chromedp.ID("flag-2")))
	waitTrue(t, ctx, "1 and 2 saved",
		saved(1)+" && "+saved(2)+` && document.querySelector("#grid-2 .st").textContent === "dijawab, ragu-ragu"`)
	if a, f := onServer(1); a != "A" || f {
		t.Fatalf("item 1 on the server: %q %v", a, f)
	}
	if a, f := onServer(2); a != "C" || !f {
		t.Fatalf("item 2 on the server: %q %v", a, f)
	}

	// Offline: the choices wait in the page, marked unsaved.
	apptest.Step(t, ctx, "cut the network", offline(true))
	apptest.Step(t, ctx, "answer 3 and 4 offline", chromedp.Click(chromedp.ID("q-3-B")), chromedp.Click(chromedp.ID("q-4-D")))
	waitTrue(t, ctx, "3 and 4 unsaved", unsaved(3)+" && "+unsaved(4)+` && document.getElementById("conn").textContent !== ""`)
	q := apptest.Eval[string](t, ctx, `localStorage.getItem("asnpro-cat-`+strings.TrimPrefix(loc, "/simulasi/")+`")`)
	if !strings.Contains(q, `"3"`) || !strings.Contains(q, `"4"`) {
		t.Fatalf("the queue in localStorage: %s", q)
	}
	if a, _ := onServer(3); a != "" {
		t.Fatalf("item 3 reached the server while offline: %q", a)
	}
	apptest.Screenshot(t, ctx, "practice-offline")
	apptest.Step(t, ctx, "restore the network", offline(false))
	waitTrue(t, ctx, "3 and 4 saved once online", saved(3)+" && "+saved(4)+` && document.getElementById("conn").textContent === ""`)
	if a, _ := onServer(4); a != "D" {
		t.Fatalf("item 4 on the server after reconnecting: %q", a)
	}

	// A choice still queued survives a reload; the clock does not restart.
	apptest.Step(t, ctx, "block the API", blockAPI(srv.URL, true), chromedp.Click(chromedp.ID("q-5-E")))
	waitTrue(t, ctx, "5 unsaved", unsaved(5))
	before := apptest.Eval[int](t, ctx, `Number(document.getElementById("cat").dataset.remaining)`)
	apptest.Step(t, ctx, "reload", chromedp.Sleep(2*time.Second), chromedp.Reload(), chromedp.WaitVisible(chromedp.ID("soal-15")))
	after := apptest.Eval[int](t, ctx, `Number(document.getElementById("cat").dataset.remaining)`)
	if after >= before || after < before-60 || after > 15*60-2 {
		t.Fatalf("remaining %d s before the reload, %d s after", before, after)
	}
	if got := apptest.Eval[string](t, ctx, `["q-1-A","q-2-C","flag-2","q-3-B","q-4-D","q-5-E"].filter(i => `+
		`document.getElementById(i).checked).join(",")`); got != "q-1-A,q-2-C,flag-2,q-3-B,q-4-D,q-5-E" {
		t.Fatalf("checked after the reload: %s", got)
	}
	waitTrue(t, ctx, "5 still unsaved after the reload", unsaved(5))
	apptest.Step(t, ctx, "unblock the API", blockAPI(srv.URL, false))
	waitTrue(t, ctx, "5 saved by the retry timer", saved(5))
	if a, _ := onServer(5); a != "E" {
		t.Fatalf("item 5 on the server: %q", a)
	}

	// Finish: the confirmation lists the blank items.
	apptest.Step(t, ctx, "finish", chromedp.Click(chromedp.ID("finish-button")), chromedp.WaitVisible(chromedp.ID("finish-yes")))
	if blank := apptest.Eval[int](t, ctx, `document.querySelectorAll("#finish-blank li").length`); blank != 10 {
		t.Fatalf("the confirmation lists %d blank items, want 10", blank)
	}
	click(t, ctx, "finish-yes")
	apptest.Step(t, ctx, "result", chromedp.WaitVisible(chromedp.ID("result-sha256")))
	if p := apptest.Eval[string](t, ctx, `location.pathname`); p != loc+"/hasil" {
		t.Fatalf("after the finish: %s", p)
	}
	_, m, _ := me.call("GET", apiPath, nil)
	res, _ := m["result"].(map[string]any)
	digest := apptest.Eval[string](t, ctx, `document.getElementById("result-sha256").textContent`)
	if want, _ := res["sha256"].(string); len(digest) != 64 || digest != want {
		t.Fatalf("the page's digest %q, the server's %q", digest, want)
	}
	if total := apptest.Eval[string](t, ctx, `document.getElementById("score-total").textContent`); total != fmt.Sprint(res["total"]) {
		t.Fatalf("total %q on the page, %v on the server", total, res["total"])
	}
	noSideScroll(t, ctx, "the result")
	apptest.Screenshot(t, ctx, "practice-result")
}

// TestBrowserPracticeTakeover: the test opened on a second device takes
// over; the first page's next save is refused, and the page stops and says
// "dilanjutkan di perangkat lain" with its controls disabled.
func TestBrowserPracticeTakeover(t *testing.T) {
	t.Parallel()
	srv := apptest.Start(t, sqldb.SQLite, "--demo")
	ctx := apptest.Browser(t, 360, 740)
	me := &api{t: t, base: srv.URL, c: apptest.Client()}
	me.token = token(t, me.c, srv.URL, "pelamar", app.DemoPassword)

	apptest.Step(t, ctx, "sign in", chromedp.Navigate(srv.URL+"/login?lang=id"), chromedp.WaitVisible(chromedp.ID("username")),
		chromedp.SendKeys(chromedp.ID("username"), "pelamar"), chromedp.SendKeys(chromedp.ID("password"), app.DemoPassword))
	click(t, ctx, "login-submit")
	click(t, ctx, "go-simulasi")
	click(t, ctx, "practice-start-button")
	apptest.Step(t, ctx, "the paper", chromedp.WaitVisible(chromedp.ID("soal-15")))
	loc := apptest.Eval[string](t, ctx, `location.pathname`)
	apptest.Step(t, ctx, "answer 1", chromedp.Click(chromedp.ID("q-1-A")))
	waitTrue(t, ctx, "1 saved", `document.getElementById("state-1").textContent === "tersimpan"`)

	// The second device: a read of the attempt without the page's session.
	if code, m, b := me.call("GET", "/api/v1/attempts/"+strings.TrimPrefix(loc, "/simulasi/"), nil); code != 200 || m["session"] == nil {
		t.Fatalf("the second device: %d %.300s", code, b)
	}
	apptest.Step(t, ctx, "answer 2 on the first page", chromedp.Click(chromedp.ID("q-2-B")))
	waitTrue(t, ctx, "the first page stops",
		`document.getElementById("conn").textContent.includes("dilanjutkan di perangkat lain") && `+
			`document.getElementById("q-3-A").disabled && document.getElementById("finish-button").disabled`)
	apptest.Screenshot(t, ctx, "practice-taken-over")
	var n int
	if err := openDB(t, srv.DSN).R.QueryRow(`SELECT count(*) FROM audit_events WHERE action = 'attempt.takeover' AND object_id = $1`,
		strings.TrimPrefix(loc, "/simulasi/")).Scan(&n); err != nil || n != 1 {
		t.Fatalf("attempt.takeover events: %d, %v", n, err)
	}
}
