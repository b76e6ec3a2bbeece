package app_test

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"asnpro/internal/app"
	"asnpro/internal/app/apptest"
	"asnpro/internal/development"
	"asnpro/internal/sqldb"
	"asnpro/internal/testkit"
)

// TestBrowserDevelopmentJourney: pegawai, on a phone, finds their JP from
// home, is refused external hours without evidence, then sends them with
// a PDF certificate; atasan opens the requests from home, rejects the
// demo's webinar without a reason (refused), then approves the new one
// after confirming; pegawai sees its JP counted; the leader reads the
// compliance dashboard of BKPSDM.
func TestBrowserDevelopmentJourney(t *testing.T) {
	t.Parallel()
	srv := apptest.Start(t, sqldb.SQLite, "--demo")
	pdf := filepath.Join(t.TempDir(), "sertifikat.pdf")
	if err := os.WriteFile(pdf, testkit.PDF("Sertifikat Kursus Analisis Data"), 0o644); err != nil {
		t.Fatal(err)
	}
	today := time.Now().In(development.WIB()).Format(time.DateOnly)

	phone := apptest.Browser(t, 360, 740)
	browserLogin(t, phone, srv.URL, "pegawai", "Andi Pegawai", app.DemoPassword)
	click(t, phone, "go-jam-pelajaran")
	apptest.Step(t, phone, "my JP", chromedp.WaitVisible(chromedp.ID("standing")), chromedp.WaitVisible(chromedp.ID("offer-list")))
	total := apptest.Eval[string](t, phone, `document.getElementById("jp-total").textContent`)
	apptest.Step(t, phone, "the form without evidence",
		chromedp.SendKeys(chromedp.ID("title"), "Kursus Daring Analisis Data"),
		chromedp.SendKeys(chromedp.ID("institution"), "Universitas Palangka Raya"),
		chromedp.SendKeys(chromedp.ID("jp"), "8"),
		chromedp.SetValue(chromedp.ID("completed_on"), today))
	click(t, phone, "external-send")
	apptest.Step(t, phone, "refused", chromedp.WaitVisible(chromedp.ID("file-error")))
	if v := apptest.Eval[string](t, phone, `document.getElementById("jp").value`); v != "8" {
		t.Fatalf("the JP typed is lost: %q", v)
	}
	apptest.Step(t, phone, "the evidence", chromedp.SetUploadFiles(chromedp.ID("file"), []string{pdf}))
	click(t, phone, "external-send")
	apptest.Step(t, phone, "sent", chromedp.WaitVisible(chromedp.ID("flash")))
	if p := apptest.Eval[string](t, phone, `document.getElementById("jp-pending").textContent`); p != "12" {
		t.Fatalf("pending JP %q, want 12 (the demo's webinar and this course)", p)
	}
	noSideScroll(t, phone, "Jam pelajaran saya")
	apptest.Screenshot(t, phone, "development-1-sent")

	ctx := apptest.Browser(t, 1024, 800)
	browserLogin(t, ctx, srv.URL, "atasan", "Budi Atasan", app.DemoPassword)
	click(t, ctx, "go-jam-pelajaran-tim")
	apptest.Step(t, ctx, "the requests", chromedp.WaitVisible(chromedp.ID("pending")))
	ids := apptest.Eval[[]string](t, ctx, `Array.from(document.querySelectorAll("section.card")).map(s => s.id.replace("request-", ""))`)
	if len(ids) != 2 {
		t.Fatalf("requests %q, want the demo's and the new one", ids)
	}
	webinar, course := ids[0], ids[1]
	click(t, ctx, "reject-"+webinar)
	apptest.Step(t, ctx, "a rejection needs a reason", chromedp.WaitVisible(chromedp.ID("decide-error-"+webinar)))
	clickConfirmed(t, ctx, "approve-"+course)
	apptest.Step(t, ctx, "approved", chromedp.WaitVisible(chromedp.ID("flash")))
	if n := apptest.Eval[int](t, ctx, `document.querySelectorAll("section.card").length`); n != 1 {
		t.Fatalf("%d requests left, want 1", n)
	}
	apptest.Screenshot(t, ctx, "development-2-approved")

	apptest.Step(t, phone, "again", chromedp.Navigate(srv.URL+"/jam-pelajaran"), chromedp.WaitVisible(chromedp.ID("standing")))
	if after := apptest.Eval[string](t, phone, `document.getElementById("jp-total").textContent`); after != addJP(total, 8) {
		t.Fatalf("JP %s → %s, want 8 more", total, after)
	}

	browserLogout(t, ctx)
	browserLogin(t, ctx, srv.URL, "pimpinan", "Kepala BKPSDM", app.DemoPassword)
	click(t, ctx, "go-jam-pelajaran-kepatuhan")
	apptest.Step(t, ctx, "the dashboard", chromedp.WaitVisible(chromedp.ID("dash-units")))
	row := apptest.Eval[string](t, ctx, `Array.from(document.querySelectorAll("#dash-units tbody tr")).find(
		r => r.cells[0].textContent.trim().startsWith("Badan Kepegawaian")).id`)
	click(t, ctx, row+"-link")
	apptest.Step(t, ctx, "BKPSDM", chromedp.WaitVisible(chromedp.ID("dash-all")))
	// With the 8 JP approved, pegawai (13 JP from the demo's trainings and socialisation) has reached the 20 JP: the unit
	// still has employees under target, and pegawai is not among them.
	if after, _ := strconv.Atoi(addJP(total, 8)); after < 20 {
		t.Fatalf("pegawai has %d JP, the demo should bring them to 20 or more", after)
	}
	if under := apptest.Eval[string](t, ctx, `document.getElementById("all-under").textContent`); under == "0" ||
		strings.Contains(apptest.Eval[string](t, ctx, `document.getElementById("dash-under").textContent`), "Andi Pegawai") {
		t.Fatalf("BKPSDM: %s under target, pegawai listed though they reached 20 JP", under)
	}
	apptest.Screenshot(t, ctx, "development-3-dashboard")
}

// addJP is n (a number as a page shows it) plus more.
func addJP(n string, more int) string {
	v, _ := strconv.Atoi(n)
	return strconv.Itoa(v + more)
}
