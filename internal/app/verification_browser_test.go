package app_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"asnpro/internal/app"
	"asnpro/internal/app/apptest"
	"asnpro/internal/sqldb"
	"asnpro/internal/testkit"
)

// browserLogin signs in through the form (Indonesian pages); the header
// then shows the user's name.
func browserLogin(t *testing.T, ctx context.Context, base, user, name, password string) {
	t.Helper()
	apptest.Step(t, ctx, "login "+user, chromedp.Navigate(base+"/login?lang=id"), chromedp.WaitVisible(chromedp.ID("username")),
		chromedp.SendKeys(chromedp.ID("username"), user), chromedp.SendKeys(chromedp.ID("password"), password))
	click(t, ctx, "login-submit")
	if who := apptest.Eval[string](t, ctx, `(document.getElementById("whoami") || {}).textContent || ""`); who != name {
		t.Fatalf("signed in as %q, want %q", who, name)
	}
}

func browserLogout(t *testing.T, ctx context.Context) {
	t.Helper()
	click(t, ctx, "logout")
}

// TestBrowserVerificationJourney: a verifier signs the period's integrity
// pact and decides TMS with a reason; a committee member signs, confirms
// and publishes; the applicant reads the reason and appeals; another
// committee member (not the verifier) upholds; the post-appeal list shows
// MS; `asnpro audit verify` passes.
func TestBrowserVerificationJourney(t *testing.T) {
	t.Parallel()
	srv := apptest.Start(t, sqldb.SQLite, "--demo", "--register-per-minute", "1000")
	ctx := apptest.Browser(t, 1024, 900)
	panitia := staff(t, srv, "panitia")

	// A period of its own (nobody has signed its pact), open for registration now.
	now := time.Now()
	rfc := func(d time.Duration) string { return now.Add(d).Format(time.RFC3339) }
	code, m, b := panitia.call(
		"POST",
		"/api/v1/periods",
		map[string]any{"name": "Seleksi PPPK Teknis Kota Palangka Raya", "kind": "pppk", "reference_date": now.Format(time.DateOnly),
			"timeline": map[string]any{
				"announce_at":                rfc(-2 * time.Hour),
				"registration_open_at":       rfc(-time.Hour),
				"registration_close_at":      rfc(24 * time.Hour),
				"administration_announce_at": rfc(48 * time.Hour),
				"appeal_days":                3,
			}},
	)
	if code != 201 {
		t.Fatalf("period: %d %s", code, b)
	}
	pid := m["id"].(string)
	code, m, b = panitia.call(
		"POST",
		"/api/v1/periods/"+pid+"/formations",
		map[string]any{"code": "PPPK-TI-01", "position": "Pranata Komputer Ahli Pertama", "unit": "Diskominfo", "quota": 1,
			"education": map[string]any{
				"levels": []string{"S1"},
				"majors": []string{"S1-TI"},
			}, "documents": []map[string]any{{"kind": "ijazah", "formats": []string{"pdf"}, "max_bytes": 102400, "required": true}}},
	)
	if code != 201 {
		t.Fatalf("formation: %d %s", code, b)
	}
	fid := m["id"].(string)
	if code, _, b := panitia.call("POST", "/api/v1/periods/"+pid+"/publish", nil); code != 200 {
		t.Fatalf("publish period: %d %s", code, b)
	}
	// The applicant applies (API: the applicant's pages have their own journey).
	siti := newApplicant(t, srv.URL)
	code, m, b = siti.call(
		"POST",
		"/api/v1/applications",
		map[string]any{"formation_id": fid, "education": map[string]any{"level": "S1", "major": "S1-TI", "ipk": 3.2}},
	)
	if code != 201 {
		t.Fatalf("apply: %d %s", code, b)
	}
	appID, reg := m["id"].(string), m["registration_number"].(string)
	pdf := testkit.PDF("ijazah", testkit.PaddedTo(4000))
	if code, _, b := siti.call("PUT", "/api/v1/applications/"+appID+"/documents/ijazah", pdf); code != 200 {
		t.Fatalf("upload: %d %s", code, b)
	}
	if code, _, b := siti.call("POST", "/api/v1/applications/"+appID+"/submit", nil); code != 200 {
		t.Fatalf("submit: %d %s", code, b)
	}
	closeRegistration(t, panitia, pid)
	var nik, name string
	if err := openDB(t, srv.DSN).R.QueryRow(`SELECT p.nik, p.name FROM applicants p JOIN applications a ON a.applicant_id = p.id
WHERE a.id = $1`, appID).Scan(&nik, &name); err != nil {
		t.Fatal(err)
	}

	// 1. The verifier: the queue is refused until the pact is signed.
	browserLogin(t, ctx, srv.URL, "verifikator", "Dedi Verifikator", app.DemoPassword)
	apptest.Step(
		t,
		ctx,
		"queue before the pact",
		chromedp.Navigate(srv.URL+"/verifikasi/periode/"+pid),
		chromedp.WaitVisible(chromedp.ID("error-message")),
	)
	if msg := apptest.Eval[string](t, ctx, `document.getElementById("error-message").textContent`); !strings.Contains(
		msg,
		"pakta integritas",
	) {
		t.Fatalf("403 page says %q", msg)
	}
	apptest.Step(t, ctx, "pact", chromedp.Navigate(srv.URL+"/verifikasi"), chromedp.WaitVisible(chromedp.ID("pact-text-"+pid)),
		chromedp.Click(chromedp.ID("pact-agree-"+pid)), chromedp.Click(chromedp.ID("pact-noconflict-"+pid)))
	apptest.Screenshot(t, ctx, "verify-1-pact")
	click(t, ctx, "pact-sign-"+pid)
	apptest.Step(t, ctx, "queue", chromedp.WaitVisible(chromedp.ID("open-"+reg)))
	if n := apptest.Eval[string](t, ctx, `document.getElementById("count-pending").textContent`); n != "1" {
		t.Fatalf("pending count %q", n)
	}
	apptest.Screenshot(t, ctx, "verify-2-queue")
	click(t, ctx, "open-"+reg)
	apptest.Step(t, ctx, "application", chromedp.WaitVisible(chromedp.ID("decide-form")))
	if n := apptest.Eval[int](t, ctx, `document.querySelectorAll("#doc-ijazah iframe").length`); n != 1 {
		t.Fatal("the ijazah is not shown inline")
	}
	// TMS without ticking a requirement: refused with the reason, nothing lost.
	apptest.Step(t, ctx, "TMS without a reason", chromedp.Click(chromedp.ID("decision-tms")))
	click(t, ctx, "decide-submit")
	apptest.Step(t, ctx, "refused", chromedp.WaitVisible(chromedp.ID("page-error")))
	apptest.Step(t, ctx, "TMS with a reason", chromedp.Click(chromedp.ID("decision-tms")), chromedp.Click(chromedp.ID("req-ijazah")),
		chromedp.SendKeys(chromedp.ID("note-ijazah"), "Ijazah yang diunggah bukan ijazah S-1; unggah ijazah S-1 Teknik Informatika"))
	apptest.Screenshot(t, ctx, "verify-3-decide")
	clickConfirmed(t, ctx, "decide-submit")
	apptest.Step(t, ctx, "decided", chromedp.WaitVisible(chromedp.ID("flash")))
	if d := apptest.Eval[string](t, ctx, `document.getElementById("decision").textContent`); d != "Tidak memenuhi syarat (TMS)" {
		t.Fatalf("decision %q", d)
	}
	browserLogout(t, ctx)

	// 2. The committee: signs, confirms the TMS (four eyes), publishes.
	browserLogin(t, ctx, srv.URL, "panitia", "Rina Panitia Seleksi", app.DemoPassword)
	apptest.Step(
		t,
		ctx,
		"committee pact",
		chromedp.Navigate(srv.URL+"/verifikasi"),
		chromedp.WaitVisible(chromedp.ID("pact-agree-"+pid)),
		chromedp.Click(chromedp.ID("pact-agree-"+pid)),
	)
	click(t, ctx, "pact-sign-"+pid)
	apptest.Step(
		t,
		ctx,
		"committee queue",
		chromedp.Navigate(srv.URL+"/verifikasi/periode/"+pid+"?status=TMS"),
		chromedp.WaitVisible(chromedp.ID("open-"+reg)),
	)
	click(t, ctx, "open-"+reg)
	clickConfirmed(t, ctx, "confirm-submit")
	apptest.Step(t, ctx, "confirmed", chromedp.WaitVisible(chromedp.ID("flash")))
	apptest.Step(
		t,
		ctx,
		"desk",
		chromedp.Navigate(srv.URL+"/verifikasi/periode/"+pid),
		chromedp.WaitVisible(chromedp.ID("publish-administration")),
	)
	apptest.Screenshot(t, ctx, "verify-4-committee")
	clickConfirmed(t, ctx, "publish-administration")
	apptest.Step(t, ctx, "published", chromedp.WaitVisible(chromedp.ID("result-sha256")))
	digest := apptest.Eval[string](t, ctx, `document.getElementById("result-sha256").textContent`)
	row := apptest.Eval[string](t, ctx, `document.getElementById("row-`+reg+`").textContent`)
	if len(digest) != 64 || !strings.Contains(row, "SI*** AM***") || !strings.Contains(row, "TMS") || strings.Contains(row, "Siti") {
		t.Fatalf("published list: %q %q", digest, row)
	}
	apptest.Screenshot(t, ctx, "verify-5-published")
	browserLogout(t, ctx)

	// 3. The applicant reads the reason and appeals.
	browserLogin(t, ctx, srv.URL, nik, name, "rahasia-123")
	apptest.Step(
		t,
		ctx,
		"outcome",
		chromedp.Navigate(srv.URL+"/lamaran/"+appID+"/hasil"),
		chromedp.WaitVisible(chromedp.ID("outcome-reasons")),
	)
	if r := apptest.Eval[string](t, ctx, `document.getElementById("outcome-reasons").textContent`); !strings.Contains(r, "bukan ijazah S-1") {
		t.Fatalf("reasons %q", r)
	}
	apptest.Step(
		t,
		ctx,
		"appeal",
		chromedp.SendKeys(
			chromedp.ID("appeal-reason"),
			"Ijazah yang saya unggah adalah ijazah S-1 Teknik Informatika Universitas Palangka Raya, halaman pertama.",
		),
	)
	apptest.Screenshot(t, ctx, "verify-6-appeal")
	clickConfirmed(t, ctx, "appeal-submit")
	apptest.Step(t, ctx, "appealed", chromedp.WaitVisible(chromedp.ID("appeal-status")))
	if st := apptest.Eval[string](t, ctx, `document.getElementById("appeal-status").textContent`); st != "Menunggu jawaban" {
		t.Fatalf("appeal status %q", st)
	}
	browserLogout(t, ctx)

	// 4. Another committee member, not the first verifier, upholds.
	var out, errb bytes.Buffer
	if code := app.Run(context.Background(), []string{"user", "add", "--db", srv.DSN, "--username", "ketua", "--name",
		"Ketua Panitia", "--role", "committee", "--password-file", "-", "--key-file", srv.KeyFile},
		func(string) string { return "" }, strings.NewReader("rahasia-ketua-1\n"), &out, &errb); code != 0 {
		t.Fatalf("user add: %s", errb.String())
	}
	browserLogin(t, ctx, srv.URL, "ketua", "Ketua Panitia", "rahasia-ketua-1")
	apptest.Step(
		t,
		ctx,
		"ketua pact",
		chromedp.Navigate(srv.URL+"/verifikasi"),
		chromedp.WaitVisible(chromedp.ID("pact-agree-"+pid)),
		chromedp.Click(chromedp.ID("pact-agree-"+pid)),
	)
	click(t, ctx, "pact-sign-"+pid)
	apptest.Step(t, ctx, "appeals", chromedp.WaitVisible(chromedp.ID("appeals")))
	appealID := apptest.Eval[string](t, ctx, `document.querySelector("#appeals article").id.replace("appeal-", "")`)
	apptest.Step(
		t,
		ctx,
		"answer",
		chromedp.Click(chromedp.ID("appeal-uphold-"+appealID)),
		chromedp.SendKeys(
			chromedp.ID("appeal-response-"+appealID),
			"Setelah diperiksa ulang, ijazah S-1 Teknik Informatika terbaca jelas. Sanggah diterima.",
		),
	)
	apptest.Screenshot(t, ctx, "verify-7-answer")
	clickConfirmed(t, ctx, "appeal-decide-"+appealID)
	apptest.Step(t, ctx, "answered", chromedp.WaitVisible(chromedp.ID("appeal-status-"+appealID)))
	if st := apptest.Eval[string](t, ctx, `document.getElementById("appeal-status-`+appealID+`").textContent`); st != "Diterima" {
		t.Fatalf("appeal status %q", st)
	}
	clickConfirmed(t, ctx, "publish-appeal")
	apptest.Step(t, ctx, "post-appeal list", chromedp.WaitVisible(chromedp.ID("row-"+reg)))
	if row := apptest.Eval[string](t, ctx, `document.querySelector("#row-`+reg+` .result").textContent`); row != "MS" {
		t.Fatalf("post-appeal result %q", row)
	}
	if lang := apptest.Eval[string](t, ctx, `document.documentElement.lang`); lang != "id" {
		t.Fatalf("page language %q", lang)
	}
	apptest.Screenshot(t, ctx, "verify-8-post-appeal")
	// The public statistics page counts the upheld appeal.
	apptest.Step(
		t,
		ctx,
		"statistics",
		chromedp.Navigate(srv.URL+"/periods/"+pid+"/statistics"),
		chromedp.WaitVisible(chromedp.ID("appeals-upheld")),
	)
	if n := apptest.Eval[string](t, ctx, `document.getElementById("appeals-upheld").textContent`); n != "1" {
		t.Fatalf("upheld %q", n)
	}
	// On a phone, signed out: the portal lists both published lists with
	// their hashes, and the pages that show them fit the screen.
	phone := apptest.Browser(t, 360, 740)
	fitsPhone(t, phone, srv.URL, "/?lang=id")
	if n := apptest.Eval[int](t, phone, `document.querySelectorAll("#news-`+pid+` code.hash").length`); n != 2 {
		t.Fatalf("the home page lists %d published lists of the period, want 2", n)
	}
	for _, p := range []string{"/periods/" + pid, "/periods/" + pid + "/results", "/periods/" + pid + "/results?stage=administration",
		"/periods/" + pid + "/statistics"} {
		fitsPhone(t, phone, srv.URL, p)
	}

	srv.Stop(t)
	out.Reset()
	errb.Reset()
	if code := app.Run(context.Background(), []string{"audit", "verify", "--db", srv.DSN}, func(string) string { return "" },
		nil, &out, &errb); code != 0 {
		t.Fatalf("audit verify: %d %s %s", code, out.String(), errb.String())
	}
}
