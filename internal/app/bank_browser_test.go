package app_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"asnpro/internal/app"
	"asnpro/internal/app/apptest"
	"asnpro/internal/sqldb"
)

// TestBrowserCommitteeQuestionBank: the committee member opens the question
// banks from the navigation, creates a bank, imports an item file with one
// bad row (the row is named in a table and nothing is stored), imports the
// fixed file and sees its items, filters them by sub-test, and creates the
// SKD 2024 blueprint from its preset.
func TestBrowserCommitteeQuestionBank(t *testing.T) {
	t.Parallel()
	srv := apptest.Start(t, sqldb.SQLite, "--demo")
	ctx := apptest.Browser(t, 1024, 900)
	browserLogin(t, ctx, srv.URL, "panitia", app.DemoPassword)

	// 1. A new bank, from the navigation.
	click(t, ctx, "nav-bank")
	apptest.Step(t, ctx, "bank form", chromedp.WaitVisible(chromedp.ID("bank-form")),
		chromedp.SendKeys(chromedp.ID("name"), "SKB Pranata Komputer 2027"),
		chromedp.SetValue(chromedp.ID("purpose"), "selection"))
	click(t, ctx, "bank-submit")
	apptest.Step(t, ctx, "created", chromedp.WaitVisible(chromedp.ID("flash")), chromedp.WaitVisible(chromedp.ID("no-items")))
	if s := apptest.Eval[string](t, ctx, `document.getElementById("bank-name").textContent`); s != "SKB Pranata Komputer 2027" {
		t.Fatalf("bank page of %q", s)
	}

	// 2. An item file whose TKP row has four weights (line 3).
	dir := t.TempDir()
	file := filepath.Join(dir, "soal.csv")
	write := func(weights string) {
		rows := "subtest,stem,option_a,option_b,option_c,option_d,option_e,key,weights\n" +
			"Teknis Komputer,Satu byte terdiri atas …,4 bit,8 bit,16 bit,32 bit,64 bit,B,\n" +
			"TKP,Atasan meminta laporan mendadak. Sikap Anda …,Menolak,Menunda,Mengerjakan sebagian,Mengerjakan segera,Meminta bantuan,," +
			weights + "\n"
		if err := os.WriteFile(file, []byte(rows), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("1;2;3;5")
	apptest.Step(t, ctx, "choose the bad file", chromedp.SetUploadFiles(chromedp.ID("import-file"), []string{file}))
	click(t, ctx, "import-submit")
	apptest.Step(t, ctx, "row report", chromedp.WaitVisible(chromedp.ID("import-errors")))
	rows := apptest.Eval[[]string](t, ctx,
		`Array.from(document.querySelectorAll("#import-errors .import-row")).map(r => r.dataset.line + " " + r.cells[1].textContent)`)
	if len(rows) != 1 || rows[0] != "3 weights" {
		t.Fatalf("row report %q, want the weights of line 3", rows)
	}
	if n := apptest.Eval[int](t, ctx, `document.querySelectorAll("#items-table .item-row").length`); n != 0 {
		t.Fatalf("%d items stored from a refused file", n)
	}
	apptest.Screenshot(t, ctx, "bank-1-import-errors")

	// 3. The fixed file: both items are listed.
	write("1;2;3;5;4")
	apptest.Step(t, ctx, "choose the fixed file", chromedp.SetUploadFiles(chromedp.ID("import-file"), []string{file}))
	click(t, ctx, "import-submit")
	apptest.Step(t, ctx, "imported", chromedp.WaitVisible(chromedp.ID("flash")), chromedp.WaitVisible(chromedp.ID("items-table")))
	if f := apptest.Eval[string](t, ctx, `document.getElementById("flash").textContent`); !strings.Contains(f, "2 soal") {
		t.Fatalf("flash %q", f)
	}
	subtests := apptest.Eval[[]string](t, ctx,
		`Array.from(document.querySelectorAll("#items-table .item-row")).map(r => r.cells[1].textContent)`)
	if strings.Join(subtests, ",") != "Teknis Komputer,TKP" {
		t.Fatalf("items of sub-tests %q", subtests)
	}
	apptest.Screenshot(t, ctx, "bank-2-items")

	// 4. Only the TKP items.
	if _, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(`#subtest-filter a[href*="subtest=TKP"]`))); err != nil {
		t.Fatal(err)
	}
	if n := apptest.Eval[int](t, ctx, `document.querySelectorAll("#items-table .item-row").length`); n != 1 {
		t.Fatalf("%d items shown for TKP, want 1", n)
	}

	// 5. The SKD 2024 blueprint, from the preset.
	apptest.Step(t, ctx, "blueprints", chromedp.Navigate(srv.URL+"/panitia/bank"), chromedp.WaitVisible(chromedp.ID("blueprints-link")))
	click(t, ctx, "blueprints-link")
	click(t, ctx, "preset-skd")
	apptest.Step(t, ctx, "preset", chromedp.WaitVisible(chromedp.ID("blueprint-form")), chromedp.SetValue(chromedp.ID("name"), "SKD 2027"))
	filled := `document.getElementById("part_count_2").value + " " + document.getElementById("passing").value`
	if v := apptest.Eval[string](t, ctx, filled); v != "45 cpns-2024" {
		t.Fatalf("the preset filled %q", v)
	}
	click(t, ctx, "blueprint-submit")
	apptest.Step(t, ctx, "blueprint created", chromedp.WaitVisible(chromedp.ID("flash")))
	if s := apptest.Eval[string](t, ctx, `document.querySelector("#blueprints tbody tr").textContent`); !strings.Contains(s, "SKD 2027") ||
		!strings.Contains(s, "TWK 30 · TIU 35 · TKP 45") {
		t.Fatalf("the newest blueprint reads %q", s)
	}
	apptest.Step(t, ctx, "phone", chromedp.EmulateViewport(360, 740), chromedp.Reload(), chromedp.WaitVisible(chromedp.ID("blueprints")))
	noSideScroll(t, ctx, "the blueprints page")
}
