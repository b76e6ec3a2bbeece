package app_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"asnpro/internal/app"
	"asnpro/internal/app/apptest"
	"asnpro/internal/sqldb"
	"asnpro/internal/workforce"
)

// TestBrowserWorkforceJourney: the admin imports a small file — refused
// whole for an unknown unit, with the row named, then taken once fixed —,
// opens the unit tree and the unit, and gives an imported employee a new
// supervisor as a Plt from a date; pegawai, on a phone, reads their own
// record with their supervisor.
func TestBrowserWorkforceJourney(t *testing.T) {
	t.Parallel()
	srv := apptest.Start(t, sqldb.SQLite, "--demo")
	c := apptest.Client()
	var boss employeeOut
	_, b := do(t, c, "GET", srv.URL+"/api/v1/employees/me", token(t, c, srv.URL, "atasan", app.DemoPassword), nil)
	if err := json.Unmarshal(b, &boss); err != nil || boss.NIP == "" {
		t.Fatalf("atasan's record: %s", b)
	}

	ctx := apptest.Browser(t, 1024, 800)
	browserLogin(t, ctx, srv.URL, "admin", "Admin BKPSDM", app.DemoPassword)
	click(t, ctx, "go-organisasi")
	apptest.Step(t, ctx, "the tree", chromedp.WaitVisible(chromedp.ID("unit-tree")))
	before := apptest.Eval[string](t, ctx, `document.querySelector("#tree-total strong").textContent`)
	click(t, ctx, "go-import")

	ps := workforce.SamplePeople(302)[300:]
	file := filepath.Join(t.TempDir(), "pegawai.csv")
	write := func(unit string) {
		var rows []string
		for i, p := range ps {
			u, sup := "RSUD", ""
			if i == 1 { // the second, in unit, is supervised by the first
				u, sup = unit, ps[0].NIP
			}
			rows = append(rows, strings.Join([]string{p.Kind, p.NIK, p.NIP, p.NIPPPK, p.Name, p.BirthDate, p.Gender, u, "Perawat",
				"fungsional", p.Grade, p.Status, p.TMT, sup, "", ""}, ","))
		}
		body := strings.Join(workforce.Columns, ",") + "\n" + strings.Join(rows, "\n") + "\n"
		if err := os.WriteFile(file, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("RSUD.TIDAKADA")
	apptest.Step(t, ctx, "choose the bad file", chromedp.SetUploadFiles(chromedp.ID("import-file"), []string{file}))
	click(t, ctx, "import-submit")
	apptest.Step(t, ctx, "row report", chromedp.WaitVisible(chromedp.ID("import-errors")))
	rows := apptest.Eval[[]string](t, ctx,
		`Array.from(document.querySelectorAll("#import-errors .import-row")).map(r => r.dataset.line + " " + r.cells[1].textContent)`)
	if len(rows) != 1 || rows[0] != "3 kode_unit" {
		t.Fatalf("row report %q, want kode_unit on line 3", rows)
	}
	apptest.Screenshot(t, ctx, "workforce-1-import-errors")
	write("RSUD.KEP")
	apptest.Step(t, ctx, "choose the fixed file", chromedp.SetUploadFiles(chromedp.ID("import-file"), []string{file}))
	click(t, ctx, "import-submit")
	apptest.Step(t, ctx, "imported", chromedp.WaitVisible(chromedp.ID("import-summary")))
	if n := apptest.Eval[string](t, ctx, `document.getElementById("import-imported").textContent`); n != "2" {
		t.Fatalf("imported %s", n)
	}
	click(t, ctx, "import-to-tree")
	apptest.Step(t, ctx, "the tree again", chromedp.WaitVisible(chromedp.ID("unit-tree")))
	after := apptest.Eval[string](t, ctx, `document.querySelector("#tree-total strong").textContent`)
	// The demo's 300 employees, its two onboarded CPNS and four in probation or on contract.
	if before != "306" || after != "308" {
		t.Fatalf("head count %s → %s, want 306 → 308", before, after)
	}
	apptest.Screenshot(t, ctx, "workforce-2-tree")
	row := apptest.Eval[string](t, ctx,
		`Array.from(document.querySelectorAll("#unit-tree tbody tr")).find(r => r.cells[0].textContent === "RSUD.KEP").id`)
	click(t, ctx, row+"-link")
	apptest.Step(t, ctx, "the unit", chromedp.WaitVisible(chromedp.ID("unit-employees")))
	emp := apptest.Eval[string](t, ctx, `Array.from(document.querySelectorAll("#unit-employees tbody tr")).find(
		r => r.cells[0].textContent.trim() === `+jsString(ps[1].Name)+`).id`)
	click(t, ctx, emp+"-link")
	apptest.Step(t, ctx, "the employee", chromedp.WaitVisible(chromedp.ID("supervisor-form")))
	if sup := apptest.Eval[string](t, ctx, `document.getElementById("employee-supervisor").textContent`); sup != ps[0].Name {
		t.Fatalf("supervisor from the file: %q", sup)
	}
	apptest.Step(t, ctx, "a Plt from 2030",
		chromedp.SendKeys(chromedp.ID("supervisor"), boss.NIP), chromedp.Click(chromedp.ID("supervisor-acting")),
		chromedp.SetValue(chromedp.ID("from"), "2030-01-01"))
	click(t, ctx, "supervisor-submit")
	apptest.Step(t, ctx, "changed", chromedp.WaitVisible(chromedp.ID("flash")))
	history := apptest.Eval[[]string](t, ctx,
		`Array.from(document.querySelectorAll("#supervisor-history .history-row"))`+
			`.map(r => r.cells[0].textContent + "|" + r.cells[1].textContent)`)
	if len(history) != 2 || history[0] != "Budi Atasan Plt|01-01-2030" || !strings.HasPrefix(history[1], ps[0].Name+"|") {
		t.Fatalf("history %q", history)
	}
	apptest.Screenshot(t, ctx, "workforce-3-employee")

	phone := apptest.Browser(t, 360, 740)
	browserLogin(t, phone, srv.URL, "pegawai", "Andi Pegawai", app.DemoPassword)
	click(t, phone, "go-data-saya")
	apptest.Step(t, phone, "my record", chromedp.WaitVisible(chromedp.ID("employee-facts")))
	if sup := apptest.Eval[string](t, phone, `document.getElementById("employee-supervisor").textContent`); sup != "Budi Atasan" {
		t.Fatalf("pegawai's supervisor: %q", sup)
	}
	noSideScroll(t, phone, "Data saya")
	apptest.Screenshot(t, phone, "workforce-4-data-saya")
}

// jsString quotes s for a script.
func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
