package app_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"asnpro/internal/app"
	"asnpro/internal/app/apptest"
	"asnpro/internal/sqldb"
)

// TestBrowserPsychologistJourney: on a phone, a psychologist scores a
// candidate of a psychotest, is told beside the form that a
// recommendation is needed, chooses one and reads it back; their list
// offers the score file's upload and shows the demo's paper by code only.
func TestBrowserPsychologistJourney(t *testing.T) {
	t.Parallel()
	srv := apptest.Start(t, sqldb.SQLite, "--demo")
	db := openDB(t, srv.DSN)
	j := &instrJourney{t: t, srv: srv, db: db, panitia: staff(t, srv, "panitia")}
	psy := j.instrument("psychotest", "Psikotes")
	maria := applicationOf(t, db, demoMariaNIK)
	name := j.query(`SELECT p.name FROM applications a JOIN applicants p ON p.id = a.applicant_id WHERE a.id = $1`, maria)

	ctx := apptest.Browser(t, 360, 740)
	browserLogin(t, ctx, srv.URL, "penguji", "Sari Penguji", app.DemoPassword)
	click(t, ctx, "go-penilaian")
	apptest.Step(t, ctx, "the list", chromedp.WaitVisible(chromedp.ID("import-form-"+psy)))
	papers := apptest.Eval[string](t, ctx, `[...document.querySelectorAll("#assigned tr")].filter(r => r.textContent.includes("Tulisan"))
		.map(r => r.textContent).join("\n")`)
	if !strings.Contains(papers, "MK-") || strings.Contains(papers, name) {
		t.Fatalf("the paper's rows: %q", papers)
	}
	noSideScroll(t, ctx, "the scoring list")
	click(t, ctx, "score-"+psy+"-"+maria)
	apptest.Step(t, ctx, "the psychotest's form", chromedp.WaitVisible(chromedp.ID("recommendation")),
		chromedp.Click(chromedp.ID("s-1-4")), chromedp.Click(chromedp.ID("s-2-3")))
	click(t, ctx, "score-submit")
	apptest.Step(t, ctx, "refused", chromedp.WaitVisible(chromedp.ID("recommendation-error")))
	if !apptest.Eval[bool](t, ctx, `document.getElementById("s-1-4").checked`) {
		t.Fatal("the chosen scores were lost")
	}
	noSideScroll(t, ctx, "the psychotest's form")
	apptest.Step(t, ctx, "recommend", chromedp.Click(chromedp.ID("rec-dipertimbangkan")))
	clickConfirmed(t, ctx, "score-submit")
	apptest.Step(t, ctx, "submitted", chromedp.WaitVisible(chromedp.ID("own-rec")))
	if got := apptest.Eval[string](t, ctx, `document.getElementById("own-rec").textContent`); got != "Dipertimbangkan" {
		t.Fatalf("own recommendation %q", got)
	}
	apptest.Screenshot(t, ctx, "psychologist-recommendation")
}
