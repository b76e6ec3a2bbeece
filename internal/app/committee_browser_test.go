package app_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"asnpro/internal/app"
	"asnpro/internal/app/apptest"
	"asnpro/internal/sqldb"
)

// TestBrowserCommitteeSetUp: the committee member signs in, creates a
// period with its schedule (a mistake first, shown beside its field), sees
// what keeps it from being published, imports a formation file with one
// bad row (the row is named in a table and nothing is stored), imports the
// fixed file, and publishes; the public sees the period.
func TestBrowserCommitteeSetUp(t *testing.T) {
	t.Parallel()
	srv := apptest.Start(t, sqldb.SQLite, "--demo")
	ctx := apptest.Browser(t, 1024, 900)
	browserLogin(t, ctx, srv.URL, "panitia", "Rina Panitia Seleksi", app.DemoPassword)

	// 1. A new period: the close typed before the opening is refused beside it.
	day := time.Now().In(time.FixedZone("WIB", 7*3600)).Add(24 * time.Hour)
	at := func(days int, hm string) string { return day.AddDate(0, 0, days).Format("2006-01-02") + "T" + hm }
	apptest.Step(t, ctx, "period form", chromedp.Navigate(srv.URL+"/panitia/periode"), chromedp.WaitVisible(chromedp.ID("period-form")),
		chromedp.SendKeys(chromedp.ID("name"), "Seleksi Terbuka JPT Pratama 2027"),
		chromedp.SetValue(chromedp.ID("kind"), "jpt"),
		chromedp.SetValue(chromedp.ID("reference_date"), day.Format("2006-01-02")),
		chromedp.SetValue(chromedp.ID("announce_at"), at(0, "08:00")),
		chromedp.SetValue(chromedp.ID("registration_open_at"), at(1, "08:00")),
		chromedp.SetValue(chromedp.ID("registration_close_at"), at(0, "23:59")),
		chromedp.SetValue(chromedp.ID("administration_announce_at"), at(14, "10:00")))
	click(t, ctx, "period-submit")
	apptest.Step(t, ctx, "refused", chromedp.WaitVisible(chromedp.ID("registration_close_at-error")))
	if v := apptest.Eval[string](t, ctx, `document.getElementById("name").value`); v != "Seleksi Terbuka JPT Pratama 2027" {
		t.Fatalf("the typed name is not kept: %q", v)
	}
	apptest.Screenshot(t, ctx, "committee-1-period-error")
	apptest.Step(t, ctx, "fix the close", chromedp.SetValue(chromedp.ID("registration_close_at"), at(10, "23:59")))
	click(t, ctx, "period-submit")
	apptest.Step(t, ctx, "created", chromedp.WaitVisible(chromedp.ID("flash")), chromedp.WaitVisible(chromedp.ID("blockers")))
	pid := apptest.Eval[string](t, ctx, `location.pathname.split("/").pop()`)
	if n := apptest.Eval[int](t, ctx, `document.querySelectorAll("#publish-submit").length`); n != 0 {
		t.Fatal("a publish button while the period has no formation")
	}
	if s := apptest.Eval[string](t, ctx, `document.getElementById("period-state").textContent`); s != "Draf" {
		t.Fatalf("state %q", s)
	}

	// 2. A formation file with one bad row (quota "nol" on line 3).
	dir := t.TempDir()
	const header = "code,position,unit,employment_type,quota,category,levels,majors,min_ipk,age_min,age_max,documents\n"
	good := "JPT-2027-01,Kepala Dinas Komunikasi dan Informatika,Diskominfo,PNS,1,umum,S2,S1-TI,,30,56,\n"
	file := filepath.Join(dir, "formasi.csv")
	write := func(rows string) {
		if err := os.WriteFile(file, []byte(header+good+rows), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("JPT-2027-02,Kepala Badan Kepegawaian,BKPSDM,PNS,nol,umum,S2,S1-SI,,30,56,\n")
	apptest.Step(t, ctx, "choose the bad file", chromedp.SetUploadFiles(chromedp.ID("import-file"), []string{file}))
	click(t, ctx, "import-submit")
	apptest.Step(t, ctx, "row report", chromedp.WaitVisible(chromedp.ID("import-errors")))
	rows := apptest.Eval[[]string](t, ctx,
		`Array.from(document.querySelectorAll("#import-errors .import-row")).map(r => r.dataset.line + " " + r.cells[1].textContent)`)
	if len(rows) != 1 || rows[0] != "3 quota" {
		t.Fatalf("row report %q, want the quota of line 3", rows)
	}
	if n := apptest.Eval[int](t, ctx, `document.querySelectorAll("#formations tbody tr").length`); n != 0 {
		t.Fatalf("%d formations stored from a refused file", n)
	}
	apptest.Screenshot(t, ctx, "committee-2-import-errors")

	// 3. The fixed file.
	write("JPT-2027-02,Kepala Badan Kepegawaian,BKPSDM,PNS,1,umum,S2,S1-SI,,30,56,\n")
	apptest.Step(t, ctx, "choose the fixed file", chromedp.SetUploadFiles(chromedp.ID("import-file"), []string{file}))
	click(t, ctx, "import-submit")
	apptest.Step(t, ctx, "imported", chromedp.WaitVisible(chromedp.ID("flash")), chromedp.WaitVisible(chromedp.ID("publish-submit")))
	if f := apptest.Eval[string](t, ctx, `document.getElementById("flash").textContent`); !strings.Contains(f, "2 formasi") {
		t.Fatalf("flash %q", f)
	}
	if n := apptest.Eval[int](t, ctx, `document.querySelectorAll("#formations tbody tr").length`); n != 2 {
		t.Fatalf("%d formations after the import, want 2", n)
	}

	// 4. Publish.
	clickConfirmed(t, ctx, "publish-submit")
	apptest.Step(t, ctx, "published", chromedp.WaitVisible(chromedp.ID("flash")))
	if s := apptest.Eval[string](t, ctx, `document.getElementById("period-state").textContent`); s != "Diumumkan" {
		t.Fatalf("state after publishing %q", s)
	}
	// Published: no publish button; the schedule changes by amendment, with a reason.
	controls := `document.querySelectorAll("#publish-submit").length + (document.getElementById("note") ? 0 : 1)`
	if n := apptest.Eval[int](t, ctx, controls); n != 0 {
		t.Fatal("a publish button, or no amendment reason, after publication")
	}
	apptest.Screenshot(t, ctx, "committee-3-published")
	// On a phone the page does not scroll sideways (the tables scroll inside their wrapper).
	apptest.Step(t, ctx, "phone", chromedp.EmulateViewport(360, 740), chromedp.Reload(), chromedp.WaitVisible(chromedp.ID("formations")))
	noSideScroll(t, ctx, "the period's set-up page")
	apptest.Step(t, ctx, "phone, periods", chromedp.Navigate(srv.URL+"/panitia/periode"), chromedp.WaitVisible(chromedp.ID("periods")))
	noSideScroll(t, ctx, "the period list")
	apptest.Step(t, ctx, "desktop", chromedp.EmulateViewport(1024, 900))
	apptest.Step(t, ctx, "public page", chromedp.Navigate(srv.URL+"/periods/"+pid), chromedp.WaitVisible(chromedp.ID("formations")))
}
