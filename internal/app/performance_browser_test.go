package app_test

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"asnpro/internal/app"
	"asnpro/internal/app/apptest"
	"asnpro/internal/sqldb"
)

// TestBrowserSKPJourney: pegawai drafts next year's plan and submits it,
// atasan approves it with a special expectation; atasan evaluates the four
// quarters of last year's plan and the year (Butuh Perbaikan); atasan's
// own year is evaluated by pimpinan (API); atasan sets the unit's predikat,
// pimpinan approves it, atasan finalises the year; then atasan writes
// pegawai's coaching plan, whose review falls 6 months on. The offers of
// training come from the catalogue's seam (not wired here: the page says
// so).
func TestBrowserSKPJourney(t *testing.T) {
	t.Parallel()
	srv := apptest.Start(t, sqldb.SQLite, "--demo")
	c := apptest.Client()
	wib := time.FixedZone("WIB", 7*3600)
	now := time.Now().In(wib)
	last, next := strconv.Itoa(now.Year()-1), strconv.Itoa(now.Year()+1)
	lastYear := skpList(t, c, srv.URL, token(t, c, srv.URL, "atasan", app.DemoPassword), last)
	pegawaiLast := skpPlanOf(t, lastYear, "pegawai", now.Year()-1)
	atasanLast := skpPlanOf(t, lastYear, "atasan", now.Year()-1)
	ctx := apptest.Browser(t, 1024, 800)
	flash := func(what string) {
		t.Helper()
		apptest.Step(t, ctx, what, chromedp.WaitVisible(chromedp.ID("flash")))
	}
	text := func(id string) string {
		t.Helper()
		return strings.TrimSpace(apptest.Eval[string](t, ctx, `document.getElementById(`+jsString(id)+`).textContent`))
	}

	// pegawai drafts next year's plan and submits it.
	browserLogin(t, ctx, srv.URL, "pegawai", "Andi Pegawai", app.DemoPassword)
	click(t, ctx, "go-skp")
	apptest.Step(t, ctx, "the new plan's form", chromedp.WaitVisible(chromedp.ID("skp-new-form")),
		chromedp.SetValue(chromedp.ID("year"), next))
	click(t, ctx, "skp-new-submit")
	apptest.Step(t, ctx, "a result", chromedp.WaitVisible(chromedp.ID("result-form")),
		chromedp.SendKeys(chromedp.ID("text"), "Berkas usulan kenaikan pangkat terverifikasi"),
		chromedp.SendKeys(chromedp.ID("indicator"), "Jumlah berkas diverifikasi lengkap"),
		chromedp.SendKeys(chromedp.ID("target"), "150 berkas"))
	click(t, ctx, "result-submit")
	flash("result added")
	click(t, ctx, "plan-submit")
	flash("submitted")
	if s := text("plan-status"); s != "Diajukan ke atasan" {
		t.Fatalf("status %q", s)
	}
	apptest.Screenshot(t, ctx, "skp-1-submitted")
	browserLogout(t, ctx)

	// atasan approves it with a special expectation.
	browserLogin(t, ctx, srv.URL, "atasan", "Budi Atasan", app.DemoPassword)
	click(t, ctx, "go-skp-tim")
	click(t, ctx, "team-year-"+next)
	plan := apptest.Eval[string](t, ctx,
		`Array.from(document.querySelectorAll("#skp-team a")).find(a => a.textContent === "Andi Pegawai").id`)
	click(t, ctx, plan)
	apptest.Step(t, ctx, "approve", chromedp.WaitVisible(chromedp.ID("approve-form")),
		chromedp.SendKeys(chromedp.ID("exp-akuntabel"), "Rekap verifikasi dikirim setiap Jumat"))
	click(t, ctx, "approve-submit")
	flash("approved")
	if s, e := text("plan-status"), text("expectation-akuntabel"); s != "Disetujui" || e != "Rekap verifikasi dikirim setiap Jumat" {
		t.Fatalf("status %q, expectation %q", s, e)
	}

	// The four quarters of last year's plan, then the year.
	apptest.Step(t, ctx, "last year's plan", chromedp.Navigate(srv.URL+"/skp/"+pegawaiLast),
		chromedp.WaitVisible(chromedp.ID("evaluate-form")))
	rate := func(period, hasil, perilaku, notes string) {
		t.Helper()
		apptest.Step(t, ctx, "rate "+period, chromedp.WaitVisible(chromedp.ID("evaluate-form")),
			chromedp.SetValue(chromedp.ID("period"), period), chromedp.SetValue(chromedp.ID("hasil_kerja"), hasil),
			chromedp.SetValue(chromedp.ID("perilaku"), perilaku), chromedp.SendKeys(chromedp.ID("notes"), notes))
		click(t, ctx, "evaluate-submit")
		flash("evaluated " + period)
	}
	for q := 1; q <= 4; q++ {
		rate(last+"-Q"+strconv.Itoa(q), "meets", "meets", "Target triwulan "+strconv.Itoa(q)+" tercapai")
	}
	if p := text("predikat-" + last + "-Q4"); p != "Baik" {
		t.Fatalf("Q4 predikat %q", p)
	}
	rate(last, "below", "meets", "Target tahunan berkas mutasi tidak tercapai")
	if p := text("predikat-" + last); p != "Butuh Perbaikan" {
		t.Fatalf("annual predikat %q", p)
	}
	apptest.Screenshot(t, ctx, "skp-2-annual")

	// atasan's own year, evaluated by pimpinan.
	res, b := do(t, c, "POST", srv.URL+"/api/v1/skp/"+atasanLast+"/evaluations", token(t, c, srv.URL, "pimpinan", app.DemoPassword),
		strings.NewReader(`{"period":"`+last+`","hasil_kerja":"meets","perilaku":"meets","notes":"Unit mencapai target"}`),
		"Content-Type", "application/json")
	if res.StatusCode != 201 {
		t.Fatalf("atasan's annual: %d %s", res.StatusCode, b)
	}

	// The unit's predikat: set by atasan, approved by pimpinan, finalised by atasan.
	apptest.Step(t, ctx, "the units", chromedp.Navigate(srv.URL+"/skp/unit?year="+last), chromedp.WaitVisible(chromedp.ID("skp-units")))
	unit := apptest.Eval[string](t, ctx,
		`Array.from(document.querySelectorAll("#skp-units a")).find(a => a.textContent.startsWith("BKPSDM.MUT ")).id`)
	click(t, ctx, unit)
	unitURL := apptest.Eval[string](t, ctx, `location.href`)
	apptest.Step(t, ctx, "set the predikat", chromedp.WaitVisible(chromedp.ID("unit-predikat-form")),
		chromedp.SetValue(chromedp.ID("predikat"), "baik"), chromedp.SendKeys(chromedp.ID("basis"), "Capaian IKU bidang 95 %"))
	click(t, ctx, "unit-predikat-submit")
	flash("unit predikat set")
	if ok := text("curve-ok"); ok == "" {
		t.Fatal("the curve should fit")
	}
	browserLogout(t, ctx)
	browserLogin(t, ctx, srv.URL, "pimpinan", "Kepala BKPSDM", app.DemoPassword)
	apptest.Step(t, ctx, "the unit above", chromedp.Navigate(unitURL), chromedp.WaitVisible(chromedp.ID("unit-approve-form")))
	click(t, ctx, "unit-approve-submit")
	flash("unit predikat approved")
	browserLogout(t, ctx)
	browserLogin(t, ctx, srv.URL, "atasan", "Budi Atasan", app.DemoPassword)
	apptest.Step(t, ctx, "finalise", chromedp.Navigate(unitURL), chromedp.WaitVisible(chromedp.ID("unit-final-form")))
	clickConfirmed(t, ctx, "unit-final-submit")
	flash("final")
	if s := text("unit-state"); !strings.HasPrefix(s, "Final") {
		t.Fatalf("unit state %q", s)
	}
	apptest.Screenshot(t, ctx, "skp-3-unit-final")

	// pegawai's coaching plan, reviewed 6 months on.
	apptest.Step(t, ctx, "the coaching plan", chromedp.Navigate(srv.URL+"/skp/"+pegawaiLast),
		chromedp.WaitVisible(chromedp.ID("coaching-form")), chromedp.WaitVisible(chromedp.ID("offers-unavailable")),
		chromedp.SendKeys(chromedp.ID("goals"), "Menyelesaikan 90 % berkas mutasi dalam 14 hari kerja"),
		chromedp.Click(chromedp.ID("focus-orientasi-pada-hasil")), chromedp.Click(chromedp.ID("focus-komunikasi")))
	click(t, ctx, "coaching-submit")
	flash("coaching planned")
	review := now.AddDate(0, 6, 0).Format("02-01-2006")
	g, r, f := text("coaching-goals"), text("coaching-review"), text("coaching-focus")
	if g != "Menyelesaikan 90 % berkas mutasi dalam 14 hari kerja" || r != review || f != "Komunikasi, Orientasi pada hasil" {
		t.Fatalf("coaching: goals %q, review %q (want %s), focus %q", g, r, review, f)
	}
	apptest.Screenshot(t, ctx, "skp-4-coaching")
}

// skpList is the plans of year as the token's user sees them.
func skpList(t *testing.T, c *http.Client, base, tok, year string) skpListOut {
	t.Helper()
	res, b := do(t, c, "GET", base+"/api/v1/skp?year="+year, tok, nil)
	var out skpListOut
	if err := json.Unmarshal(b, &out); res.StatusCode != 200 || err != nil {
		t.Fatalf("plans of %s: %d %s", year, res.StatusCode, b)
	}
	return out
}
