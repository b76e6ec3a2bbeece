package app_test

import (
	"bytes"
	"context"
	"image"
	"image/jpeg"
	"math"
	"mime/multipart"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"asnpro/internal/app/apptest"
	"asnpro/internal/recruitment"
	"asnpro/internal/sqldb"
	"asnpro/internal/testkit"
)

// phonePhoto writes a 3000 × 4000 JPEG like a phone camera's (a few MB)
// to a temp file and returns its path.
func phonePhoto(t *testing.T) string {
	t.Helper()
	const w, h = 3000, 4000
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	seed := uint32(1)
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			seed = seed*1664525 + 1013904223
			n := int(seed>>24) % 24
			i := img.PixOffset(x, y)
			img.Pix[i] = uint8(128 + 100*math.Sin(float64(x)/90) + float64(n))
			img.Pix[i+1] = uint8(100 + float64(y%256)/3 + float64(n))
			img.Pix[i+2] = uint8(140 + 80*math.Cos(float64(x+y)/150))
			img.Pix[i+3] = 255
		}
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 85}); err != nil {
		t.Fatal(err)
	}
	if b.Len() < 1<<20 {
		t.Fatalf("the phone photo is only %d bytes; want over 1 MB", b.Len())
	}
	p := filepath.Join(t.TempDir(), "IMG_20260101_101010.jpg")
	if err := os.WriteFile(p, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("phone photo: %d bytes", b.Len())
	return p
}

// click clicks a button or link that loads a new page and waits for it.
func click(t *testing.T, ctx context.Context, id string) {
	t.Helper()
	sctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if _, err := chromedp.RunResponse(sctx, chromedp.Click(chromedp.ID(id))); err != nil {
		t.Fatalf("click %s: %v", id, err)
	}
}

func noSideScroll(t *testing.T, ctx context.Context, where string) {
	t.Helper()
	if w := apptest.Eval[int](t, ctx, `document.documentElement.scrollWidth`); w > 360 {
		t.Errorf("%s is %d px wide on a 360-px screen", where, w)
	}
}

// TestBrowserApplicantJourney: a visitor on a phone finds a formation,
// registers, is refused a formation with the reason, chooses it right,
// uploads a camera photo that the page shrinks to fit, submits, and
// downloads the registration card.
func TestBrowserApplicantJourney(t *testing.T) {
	t.Parallel()
	srv := apptest.Start(t, sqldb.SQLite, "--demo")
	ctx := apptest.Browser(t, 360, 740)

	// 1. Find the formation by major.
	apptest.Step(t, ctx, "period", chromedp.Navigate(srv.URL+"/periods/1?lang=id"), chromedp.WaitVisible(chromedp.ID("major")),
		chromedp.SendKeys(chromedp.ID("major"), "S1-TI"))
	click(t, ctx, "filter-submit")
	table := apptest.Eval[string](t, ctx, `document.getElementById("formations").textContent`)
	if !strings.Contains(table, "PKY-2026-007") || !strings.Contains(table, "Pranata Komputer Ahli Pertama") {
		t.Fatalf("the S1-TI filter does not show PKY-2026-007: %s", table)
	}
	noSideScroll(t, ctx, "/periods/1")
	apptest.Screenshot(t, ctx, "applicant-1-period")

	// 2. Register: a wrong gender first (the NIK says woman), then right.
	apptest.Step(t, ctx, "register form", chromedp.Navigate(srv.URL+"/daftar"), chromedp.WaitVisible(chromedp.ID("nik")),
		chromedp.SendKeys(chromedp.ID("nik"), "6271035205980099"),
		chromedp.SendKeys(chromedp.ID("name"), "Sari Dewi Lestari"),
		chromedp.SendKeys(chromedp.ID("birth_place"), "Palangka Raya"),
		chromedp.SetValue(chromedp.ID("birth_date"), "1998-05-12"),
		chromedp.Click(chromedp.ID("gender-m")),
		chromedp.SendKeys(chromedp.ID("email"), "sari.dewi@example.com"),
		chromedp.SendKeys(chromedp.ID("phone"), "081234567890"),
		chromedp.SendKeys(chromedp.ID("password"), "rahasia-sari-98"))
	noSideScroll(t, ctx, "/daftar")
	click(t, ctx, "register-submit")
	apptest.Step(t, ctx, "nik error", chromedp.WaitVisible(chromedp.ID("nik-error")))
	if v := apptest.Eval[string](t, ctx, `document.getElementById("name").value`); v != "Sari Dewi Lestari" {
		t.Fatalf("the name was not kept: %q", v)
	}
	apptest.Screenshot(t, ctx, "applicant-2-register-error")
	apptest.Step(t, ctx, "fix gender", chromedp.Click(chromedp.ID("gender-f")), chromedp.SendKeys(chromedp.ID("password"), "rahasia-sari-98"))
	click(t, ctx, "register-submit")
	apptest.Step(t, ctx, "signed in", chromedp.WaitVisible(chromedp.ID("q")))
	if who := apptest.Eval[string](t, ctx, `document.getElementById("whoami").textContent`); who != "Sari Dewi Lestari" {
		t.Fatalf("signed in as %q", who)
	}
	if p := apptest.Eval[string](t, ctx, `location.pathname`); p != "/lamaran" {
		t.Fatalf("after registering at %s, want /lamaran", p)
	}

	// 3. Choose the formation: D3 first (refused, explained), then S1.
	apptest.Step(t, ctx, "search", chromedp.SendKeys(chromedp.ID("q"), "PKY-2026-007"))
	click(t, ctx, "search-submit")
	click(t, ctx, "apply-PKY-2026-007")
	apptest.Step(t, ctx, "choose D3", chromedp.WaitVisible(chromedp.ID("choose-form")),
		chromedp.SetValue(chromedp.ID("level"), "D3"),
		chromedp.SetValue(chromedp.ID("major"), "S1-TI"),
		chromedp.SendKeys(chromedp.ID("ipk"), "3,5"))
	noSideScroll(t, ctx, "/lamaran?formation")
	click(t, ctx, "choose-submit")
	apptest.Step(t, ctx, "refused", chromedp.WaitVisible(chromedp.ID("education-error")))
	if msg := apptest.Eval[string](t, ctx, `document.getElementById("education-error").textContent`); !strings.Contains(msg, "D3") ||
		!strings.Contains(msg, "S1") {
		t.Fatalf("the level refusal says %q", msg)
	}
	if v := apptest.Eval[string](t, ctx, `document.getElementById("ipk").value + "|" + `+
		`document.getElementById("major").value`); v != "3,5|S1-TI" {
		t.Fatalf("the entered values were not kept: %q", v)
	}
	apptest.Screenshot(t, ctx, "applicant-3-refused")
	apptest.Step(t, ctx, "choose S1", chromedp.SetValue(chromedp.ID("level"), "S1"))
	click(t, ctx, "choose-submit")
	apptest.Step(t, ctx, "application page", chromedp.WaitVisible(chromedp.ID("flash")))
	m := regexp.MustCompile(`^/lamaran/(\d+)$`).FindStringSubmatch(apptest.Eval[string](t, ctx, `location.pathname`))
	if m == nil {
		t.Fatalf("not on an application page: %s", apptest.Eval[string](t, ctx, `location.href`))
	}
	id := m[1]
	noSideScroll(t, ctx, "/lamaran/"+id)
	apptest.Screenshot(t, ctx, "applicant-4-draft")

	// 4. Upload: camera photos shrunk in the page, PDFs as they are.
	photo := phonePhoto(t)
	dir := t.TempDir()
	kinds := apptest.Eval[[]string](
		t,
		ctx,
		`Array.from(document.querySelectorAll("input[type=file]")).map(i => i.id.slice(5) + ":" + (i.dataset.resize || "pdf"))`,
	)
	if len(kinds) < 3 {
		t.Fatalf("upload inputs: %v", kinds)
	}
	photos := 0
	for _, k := range kinds {
		kind, format, _ := strings.Cut(k, ":")
		file := photo
		if format != "jpeg" {
			file = filepath.Join(dir, kind+".pdf")
			if err := os.WriteFile(file, testkit.PDF(kind, testkit.PaddedTo(20_000)), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		apptest.Step(
			t,
			ctx,
			"choose "+kind,
			chromedp.WaitVisible(chromedp.ID("file-"+kind)),
			chromedp.SetUploadFiles(chromedp.ID("file-"+kind), []string{file}),
		)
		if format == "jpeg" {
			photos++
			apptest.Step(
				t,
				ctx,
				"shrink "+kind,
				chromedp.Poll[chromedp.Void](
					`["done","failed"].includes(document.getElementById("size-`+kind+`").dataset.state)`,
					chromedp.WithPollingTimeout(20*time.Second),
				),
			)
			st := apptest.Eval[string](
				t,
				ctx,
				`document.getElementById("size-`+kind+`").dataset.state + ": " + document.getElementById("size-`+kind+`").textContent`,
			)
			size := apptest.Eval[int](t, ctx, `document.getElementById("file-`+kind+`").files[0].size`)
			max := apptest.Eval[int](t, ctx, `+document.getElementById("file-`+kind+`").dataset.maxBytes`)
			if !strings.HasPrefix(st, "done") || size > max {
				t.Fatalf("%s: %s; the file is %d bytes, limit %d", kind, st, size, max)
			}
			t.Logf("%s: %s", kind, st)
			if photos == 1 {
				apptest.Screenshot(t, ctx, "applicant-5-shrunk")
			}
		}
		click(t, ctx, "send-"+kind)
		apptest.Step(t, ctx, "uploaded "+kind, chromedp.WaitVisible(chromedp.ID("have-"+kind)))
		if e := apptest.Eval[string](t, ctx, `(document.querySelector(".field-error") || {}).textContent || ""`); e != "" {
			t.Fatalf("%s: %s", kind, e)
		}
	}
	if photos == 0 {
		t.Fatal("the formation asks for no JPEG document")
	}
	apptest.Step(t, ctx, "complete", chromedp.WaitVisible(chromedp.ID("complete-"+id)))
	noSideScroll(t, ctx, "/lamaran/"+id+" with documents")

	// 5. Submit, then the card.
	clickConfirmed(t, ctx, "submit-"+id)
	apptest.Step(t, ctx, "submitted", chromedp.WaitVisible(chromedp.ID("card-"+id)))
	if st := apptest.Eval[string](t, ctx, `document.getElementById("status-`+id+`").textContent`); st != "Terkirim" {
		t.Fatalf("status %q", st)
	}
	apptest.Screenshot(t, ctx, "applicant-6-submitted")
	sctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	head, err := chromedp.Run(
		sctx,
		chromedp.Evaluate[string](
			`fetch("/api/v1/applications/`+id+`/card.pdf").then(r => r.ok ? r.arrayBuffer() : Promise.reject(r.status)).then(b `+
				`=> String.fromCharCode(...new Uint8Array(b.slice(0, 5))))`,
			chromedp.EvalAwaitPromise,
		),
	)
	if err != nil {
		t.Fatalf("fetch the card: %v", err)
	}
	if head != "%PDF-" {
		t.Fatalf("the card starts with %q", head)
	}
	// The page is the applicant's own view: the overview lists it too.
	apptest.Step(t, ctx, "overview", chromedp.Navigate(srv.URL+"/lamaran"), chromedp.WaitVisible(chromedp.ID("app-"+id)))
	noSideScroll(t, ctx, "/lamaran")
	apptest.Screenshot(t, ctx, "applicant-7-overview")
}

// TestApplicantPagesWithoutJS: the pages work as plain forms. A camera photo
// sent as it is gets the clear size message next to its document; the card
// is 409 before submission and 404 for anyone else; the registration form
// explains each field in the chosen language.
func TestApplicantPagesWithoutJS(t *testing.T) {
	t.Parallel()
	srv := apptest.Start(t, sqldb.SQLite, "--demo")
	a := newApplicant(t, srv.URL)
	fid := formationID(t, a, "1", "PKY-2026-007")
	code, m, b := a.call(
		"POST",
		"/api/v1/applications",
		map[string]any{"formation_id": fid, "education": map[string]any{"level": "S1", "major": "S1-TI", "ipk": 3.5}},
	)
	if code != 201 {
		t.Fatalf("create: %d %s", code, b)
	}
	id := m["id"].(string)

	photo, err := os.ReadFile(phonePhoto(t))
	if err != nil {
		t.Fatal(err)
	}
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, _ := mw.CreateFormFile("file", "IMG_0001.jpg")
	fw.Write(photo)
	mw.Close()
	code, _, page := a.call("POST", "/lamaran/"+id+"/dokumen/pas_foto", body.Bytes(), "Content-Type", mw.FormDataContentType())
	if code != 413 || !strings.Contains(string(page), `id="doc-error-pas_foto"`) || !strings.Contains(string(page), "terlalu besar") {
		t.Fatalf("a 2.5 MB photo: %d\n%s", code, page)
	}

	if code, _, b := a.call("GET", "/api/v1/applications/"+id+"/card.pdf", nil); code != 409 {
		t.Fatalf("card of a draft: %d %s", code, b)
	}
	other := newApplicant(t, srv.URL)
	for _, p := range []string{"/api/v1/applications/" + id + "/card.pdf", "/lamaran/" + id} {
		if code, _, b := other.call("GET", p, nil); code != 404 {
			t.Fatalf("another applicant GET %s: %d %s", p, code, b)
		}
	}

	// Complete, submit through the page, and the card is a PDF.
	for _, k := range []string{"pas_foto", "swafoto", "ktp"} {
		if code, _, b := a.call("PUT", "/api/v1/applications/"+id+"/documents/"+k, testkit.JPEG(t, 300, 400)); code != 200 {
			t.Fatalf("%s: %d %s", k, code, b)
		}
	}
	for _, k := range []string{"ijazah", "transkrip", "surat_lamaran"} {
		if code, _, b := a.call("PUT", "/api/v1/applications/"+id+"/documents/"+k, testkit.PDF(k, testkit.PaddedTo(5000))); code != 200 {
			t.Fatalf("%s: %d %s", k, code, b)
		}
	}
	if code, _, b := a.call("POST", "/lamaran/"+id+"/kirim", strings.NewReader("confirm=1"),
		"Content-Type", "application/x-www-form-urlencoded"); code != 303 {
		t.Fatalf("submit through the page: %d %s", code, b)
	}
	code, _, card := a.call("GET", "/api/v1/applications/"+id+"/card.pdf", nil)
	if code != 200 || !bytes.HasPrefix(card, []byte("%PDF-")) {
		t.Fatalf("card: %d %.100s", code, card)
	}
	if dir := os.Getenv("ASNPRO_SCREENSHOTS"); dir != "" {
		_ = os.WriteFile(filepath.Join(dir, "card.pdf"), card, 0o644)
	}

	// The public page confirms the card's code, showing only the masked name.
	pub := &api{t: t, base: srv.URL, c: apptest.Client()}
	var reg, nik string
	var sub time.Time
	if err := openDB(t, srv.DSN).R.QueryRow(`SELECT a.registration_number, p.nik, a.submitted_at FROM applications a
JOIN applicants p ON p.id = a.applicant_id WHERE a.id = $1`, id).Scan(&reg, &nik, &sub); err != nil {
		t.Fatal(err)
	}
	cardCode := recruitment.CardCode(reg, nik, sub)
	code, _, page = pub.call("GET", "/kartu?nomor="+reg+"&kode="+cardCode, nil)
	if code != 200 || !strings.Contains(string(page), `id="card-valid"`) || !strings.Contains(string(page), "SI*** AM***") ||
		strings.Contains(string(page), nik) {
		t.Fatalf("genuine card: %d\n%s", code, page)
	}
	forged := []byte(cardCode)
	forged[0] ^= 1
	code, _, page = pub.call("GET", "/kartu?nomor="+reg+"&kode="+string(forged), nil)
	if code != 404 || !strings.Contains(string(page), `id="card-invalid"`) {
		t.Fatalf("forged code: %d", code)
	}

	form := "nik=6271031205980001&name=Budi&birth_place=Palangka+Raya&birth_date=1998-05-12&gender=F&email=budi&phone=12&password=x"
	code, _, page = pub.call("POST", "/daftar?lang=en", []byte(form), "Content-Type", "application/x-www-form-urlencoded")
	for _, want := range []string{`id="nik-error"`, `id="email-error"`, `id="phone-error"`, `id="password-error"`,
		"e-mail address is not valid"} {
		if code != 422 || !strings.Contains(string(page), want) {
			t.Fatalf("register with bad fields: %d, no %q\n%s", code, want, page)
		}
	}
}
