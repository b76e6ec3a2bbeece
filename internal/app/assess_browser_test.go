package app_test

import (
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"asnpro/internal/app"
	"asnpro/internal/app/apptest"
	"asnpro/internal/sqldb"
)

// TestBrowserAssessmentJourney: two assessors score a candidate of last
// year's practical test on their phones, alone, two levels apart on the
// first dimension; the panel moderates in the browser with a reason; the
// practical test becomes the SKB's additional test (30 %), the committee
// publishes the SKD and final lists, and a candidate reads on a phone why
// they were placed.
func TestBrowserAssessmentJourney(t *testing.T) {
	t.Parallel()
	srv := apptest.Start(t, sqldb.SQLite, demoMidway...)
	panitia := staff(t, srv, "panitia")
	db := openDB(t, srv.DSN)
	maria := applicationOf(t, db, demoMariaNIK)
	score := func(user, name, first, second string) {
		t.Helper()
		ctx := apptest.Browser(t, 360, 740)
		browserLogin(t, ctx, srv.URL, user, name, app.DemoPassword)
		click(t, ctx, "go-penilaian")
		apptest.Step(t, ctx, "maria's form", chromedp.Click(chromedp.CSS(`a[id$="-`+maria+`"]`)),
			chromedp.WaitVisible(chromedp.ID("score-form")))
		if apptest.Eval[bool](t, ctx, `document.getElementById("scores") !== null`) {
			t.Fatalf("%s sees scores before submitting", user)
		}
		apptest.Step(t, ctx, "choose", chromedp.Click(chromedp.ID("s-1-"+first)), chromedp.Click(chromedp.ID("s-2-"+second)))
		noSideScroll(t, ctx, "the scoring form")
		clickConfirmed(t, ctx, "score-submit")
		apptest.Step(t, ctx, "submitted", chromedp.WaitVisible(chromedp.ID("scores")))
	}
	score("penguji", "Sari Penguji", "2", "4")
	score("penguji2", "Hendra Penguji", "4", "4")

	desk := apptest.Browser(t, 1024, 800)
	browserLogin(t, desk, srv.URL, "panitia", "Rina Panitia Seleksi", app.DemoPassword)
	apptest.Step(t, desk, "the period's desk", chromedp.Navigate(srv.URL+"/verifikasi/periode/2"),
		chromedp.WaitVisible(chromedp.ID("assess-link")))
	click(t, desk, "assess-link")
	apptest.Step(t, desk, "the instrument", chromedp.Click(chromedp.CSS(`#instruments a`)), chromedp.WaitVisible(chromedp.ID("candidates")))
	in := strings.TrimPrefix(apptest.Eval[string](t, desk, `location.pathname`), "/panitia/asesmen/")
	form := "mod-" + maria + "-1"
	apptest.Step(t, desk, "moderate", chromedp.Click(chromedp.CSS(`#`+form+` ~ summary, #c-`+maria+` details summary`)),
		chromedp.SendKeys(chromedp.ID(form+"-score"), "3"),
		chromedp.SendKeys(chromedp.ID(form+"-reason"), "Hasil benar tetapi langkah kerja tidak lengkap; panel sepakat 3."))
	_, _ = chromedp.RunResponse(desk, chromedp.Submit(chromedp.ID(form+"-score")))
	apptest.Step(t, desk, "moderated", chromedp.WaitVisible(chromedp.ID("flash")))
	if row := apptest.Eval[string](t, desk, `document.getElementById("c-`+maria+`").textContent`); !strings.Contains(row, "moderasi") {
		t.Fatalf("maria's row after moderation: %q", row)
	}
	publishWithAssessment(t, srv, panitia, in)

	ctx := apptest.Browser(t, 360, 740)
	browserLogin(t, ctx, srv.URL, demoAgusNIK, "Agus Santoso", app.DemoPassword)
	apptest.Step(t, ctx, "his result", chromedp.Navigate(srv.URL+"/lamaran/"+applicationOf(t, db, demoAgusNIK)+"/hasil"),
		chromedp.WaitVisible(chromedp.ID("ranked-final")))
	why := apptest.Eval[string](t, ctx, `document.getElementById("ranked-final").textContent`)
	for _, want := range []string{"P/L", "Nilai akhir", "Peringkat akhir 1 dari 1, di dalam kebutuhan formasi"} {
		if !strings.Contains(why, want) {
			t.Fatalf("agus's final explanation lacks %q: %s", want, why)
		}
	}
	noSideScroll(t, ctx, "the final explanation")
	apptest.Screenshot(t, ctx, "assessment-final-explanation")
}

// publishWithAssessment completes the practical test (the other two
// candidates), publishes the SKD list, has the P/L sit the SKB, makes the
// SKB 70 % CAT and 30 % the practical test, takes it, and publishes the
// final list.
func publishWithAssessment(t *testing.T, srv *apptest.Server, panitia *api, in string) {
	t.Helper()
	db := openDB(t, srv.DSN)
	sari, hendra := staff(t, srv, "penguji"), staff(t, srv, "penguji2")
	agus, dewi := applicationOf(t, db, demoAgusNIK), applicationOf(t, db, demoDewiNIK)
	for _, sc := range []struct {
		who *api
		app string
	}{{hendra, agus}, {sari, dewi}, {hendra, dewi}} {
		v := url.Values{"score.1": {"4"}, "score.2": {"4"}, "confirm": {"1"}}
		if code, _, _ := sc.who.page("POST", "/penilaian/"+in+"/"+sc.app, v); code != 303 {
			t.Fatalf("score: %d", code)
		}
	}
	const ranking = "/panitia/periode/2/peringkat"
	post := func(path string, f url.Values) {
		t.Helper()
		if code, loc, p := panitia.page("POST", path, f); code != 303 {
			t.Fatalf("%s: %d %s %.300s", path, code, loc, regexp.MustCompile(`(?s)id="page-error">[^<]*`).FindString(p))
		}
	}
	post(ranking+"/umumkan", url.Values{"stage": {"skd"}, "confirm": {"1"}, "number": {"800/21/BKPSDM/2026"}})
	sitSKB(t, panitia, staff(t, srv, demoAgusNIK), staff(t, srv, demoDewiNIK))
	post(ranking+"/skb", url.Values{"cat_weight": {"70"}, "extra_weight": {"30"}, "extra_kind": {"practical"},
		"extra_name": {"Tes praktik kerja"}})
	post(ranking+"/asesmen", url.Values{"instrument": {in}})
	post(ranking+"/umumkan", url.Values{"stage": {"final"}, "confirm": {"1"}, "number": {"800/22/BKPSDM/2026"}})
}
