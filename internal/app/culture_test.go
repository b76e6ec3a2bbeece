package app_test

import (
	"bytes"
	"encoding/json"
	"image"
	"image/png"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"asnpro/internal/app"
	"asnpro/internal/app/apptest"
	"asnpro/internal/sqldb"
)

type ethicsOut struct {
	Items []struct {
		ID           string  `json:"id"`
		Doc          string  `json:"doc"`
		Version      int     `json:"version"`
		Acknowledged *string `json:"acknowledged_at"`
	} `json:"items"`
}

type threadsOut struct {
	Items []struct {
		ID    string `json:"id"`
		Title string `json:"title"`
		Topic string `json:"topic"`
	} `json:"items"`
	Total int `json:"total"`
}

// TestCultureAPI: on the demo, pegawai has acknowledged the current code
// and atasan is asked again; acknowledging the replaced version is 409;
// a post over the size limit is 413; a thread posted through the API is
// read back and found, a word of a reply finds its thread; hiding without
// a reason is 422; an employee may not open the moderation queue.
func TestCultureAPI(t *testing.T) {
	t.Parallel()
	srv := apptest.Start(t, sqldb.SQLite, "--demo")
	c := apptest.Client()
	tok := map[string]string{}
	for _, u := range []string{"pegawai", "atasan", "admin", "auditor"} {
		tok[u] = token(t, c, srv.URL, u, app.DemoPassword)
	}
	checkEthicsAPI(t, srv.URL, c, tok)
	id := checkForumAPI(t, srv.URL, c, tok)
	checkForumHide(t, srv.URL, c, tok, id)
	checkForumForm(t, srv.URL, c, tok)
}

// checkEthicsAPI: pegawai acknowledged every current version; atasan is
// asked for the revision, 409 for the replaced version, 204 for the current.
func checkEthicsAPI(t *testing.T, base string, c *http.Client, tok map[string]string) {
	ethics := func(user string) ethicsOut {
		t.Helper()
		res, b := do(t, c, "GET", base+"/api/v1/ethics", tok[user], nil)
		var out ethicsOut
		if res.StatusCode != 200 || json.Unmarshal(b, &out) != nil || len(out.Items) != 2 {
			t.Fatalf("ethics of %s: %d %s", user, res.StatusCode, b)
		}
		return out
	}
	for _, it := range ethics("pegawai").Items {
		if it.Acknowledged == nil {
			t.Fatalf("pegawai has not acknowledged %s v%d", it.Doc, it.Version)
		}
	}
	var current string
	for _, it := range ethics("atasan").Items {
		if it.Doc == "berakhlak" {
			if it.Acknowledged != nil || it.Version != 2 {
				t.Fatalf("atasan and BerAKHLAK: %+v", it)
			}
			current = it.ID
		}
	}
	// The first BerAKHLAK (the demo's first version published) is replaced: 409, nothing recorded.
	res, b := do(t, c, "POST", base+"/api/v1/ethics/1/acknowledgement", tok["atasan"], nil)
	wantError(t, res, b, http.StatusConflict, "conflict")
	res, b = do(t, c, "POST", base+"/api/v1/ethics/"+current+"/acknowledgement", tok["atasan"], nil)
	if res.StatusCode != http.StatusNoContent {
		t.Fatalf("acknowledge: %d %s", res.StatusCode, b)
	}
	for _, it := range ethics("atasan").Items {
		if it.Acknowledged == nil {
			t.Fatalf("atasan has still not acknowledged %s", it.Doc)
		}
	}

}

// checkForumAPI: 413 and 422 for bad threads; a thread posted, read back
// and found; a word of a reply finds its thread; a hidden post is not
// found. It returns the new thread's id.
func checkForumAPI(t *testing.T, base string, c *http.Client, tok map[string]string) string {
	var res *http.Response
	var b []byte
	post := func(user, body string) (*http.Response, []byte) {
		return do(t, c, "POST", base+"/api/v1/forum/threads", tok[user], strings.NewReader(body), "Content-Type", "application/json")
	}
	big, _ := json.Marshal(map[string]string{"topic": "lainnya", "title": "Tulisan yang panjang", "body": strings.Repeat("kata ", 4001)})
	res, b = post("pegawai", string(big))
	wantError(t, res, b, http.StatusRequestEntityTooLarge, "too_large")
	res, b = post("pegawai", `{"topic":"gosip","title":"Topik yang tidak ada","body":"isi"}`)
	wantError(t, res, b, http.StatusUnprocessableEntity, "invalid")
	res, b = post("pegawai",
		`{"topic":"teknologi-informasi","title":"Surel dinas penuh","body":"Kotak surel dinas cepat penuh oleh lampiran."}`)
	if res.StatusCode != http.StatusCreated {
		t.Fatalf("create: %d %s", res.StatusCode, b)
	}
	var created struct{ ID string }
	err := json.Unmarshal(b, &created)
	id := created.ID
	if err != nil || id == "" {
		t.Fatalf("create: %s", b)
	}
	res, b = do(t, c, "GET", base+"/api/v1/forum/threads/"+id, tok["auditor"], nil)
	if res.StatusCode != 200 || !strings.Contains(string(b), `"title":"Surel dinas penuh"`) ||
		!strings.Contains(string(b), `"author":"Andi Pegawai"`) {
		t.Fatalf("read: %d %s", res.StatusCode, b)
	}
	search := func(q string) threadsOut {
		t.Helper()
		res, b := do(t, c, "GET", base+"/api/v1/forum/search?q="+url.QueryEscape(q), tok["pegawai"], nil)
		var out threadsOut
		if res.StatusCode != 200 || json.Unmarshal(b, &out) != nil {
			t.Fatalf("search %q: %d %s", q, res.StatusCode, b)
		}
		return out
	}
	if out := search("surel"); out.Total != 1 || out.Items[0].ID != id {
		t.Fatalf("search surel: %+v", out)
	}
	// "tenggat" is only in a reply of the e-Kinerja thread.
	if out := search("TENGGAT internal"); out.Total != 1 || !strings.HasPrefix(out.Items[0].Title, "Aplikasi e-Kinerja") {
		t.Fatalf("search in a reply: %+v", out)
	}
	// The hidden advertisement is not found.
	if out := search("pulsa"); out.Total != 0 {
		t.Fatalf("a hidden post found: %+v", out)
	}

	return id
}

// checkForumHide: hiding without a reason is 422 and changes nothing; with
// one the thread is gone for the others; an employee may not moderate.
func checkForumHide(t *testing.T, base string, c *http.Client, tok map[string]string, id string) {
	search := func(q string) threadsOut {
		t.Helper()
		res, b := do(t, c, "GET", base+"/api/v1/forum/search?q="+url.QueryEscape(q), tok["pegawai"], nil)
		var out threadsOut
		if res.StatusCode != 200 || json.Unmarshal(b, &out) != nil {
			t.Fatalf("search %q: %d %s", q, res.StatusCode, b)
		}
		return out
	}
	// Hiding without a reason: 422, the post stays.
	_, b := do(t, c, "GET", base+"/api/v1/forum/threads/"+id, tok["admin"], nil)
	var th struct {
		Posts []struct {
			ID string `json:"id"`
		} `json:"posts"`
	}
	if err := json.Unmarshal(b, &th); err != nil || len(th.Posts) != 1 {
		t.Fatalf("thread: %s", b)
	}
	hide := func(reason string) *http.Response {
		res, _ := do(t, c, "POST", base+"/forum/posts/"+th.Posts[0].ID+"/sembunyikan", tok["admin"],
			strings.NewReader(url.Values{"reason": {reason}}.Encode()), "Content-Type", "application/x-www-form-urlencoded")
		return res
	}
	if res := hide("  "); res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("hide without a reason: %d", res.StatusCode)
	}
	if out := search("surel"); out.Total != 1 {
		t.Fatal("the post was hidden without a reason")
	}
	if res := hide("Salah topik"); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("hide: %d", res.StatusCode)
	}
	res, _ := do(t, c, "GET", base+"/api/v1/forum/threads/"+id, tok["pegawai"], nil)
	if res.StatusCode != http.StatusNotFound {
		t.Fatalf("a hidden thread: %d", res.StatusCode)
	}
	res, _ = do(t, c, "GET", base+"/forum/moderasi", tok["pegawai"], nil)
	if res.StatusCode != http.StatusForbidden {
		t.Fatalf("an employee opens moderation: %d", res.StatusCode)
	}

}

// checkForumForm: the page's form with files.
func checkForumForm(t *testing.T, base string, c *http.Client, tok map[string]string) {
	// The page's form: a text over the limit is 413; a PNG attached is kept and served, an EXE refused (415).
	form := func(body string, name string, file []byte) *http.Response {
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		for k, v := range map[string]string{"topic": "lainnya", "title": "Lampiran gambar", "body": body, "tags": "uji"} {
			_ = mw.WriteField(k, v)
		}
		if file != nil {
			fw, _ := mw.CreateFormFile("files", name)
			_, _ = fw.Write(file)
		}
		mw.Close()
		res, _ := do(t, c, "POST", base+"/forum/baru", tok["pegawai"], &buf, "Content-Type", mw.FormDataContentType())
		return res
	}
	if res := form(strings.Repeat("a", 20_001), "", nil); res.StatusCode != http.StatusRequestEntityTooLarge {
		t.Fatalf("a long text in the form: %d", res.StatusCode)
	}
	if res := form("Program", "x.exe", append([]byte("MZ"), make([]byte, 600)...)); res.StatusCode != http.StatusUnsupportedMediaType {
		t.Fatalf("an EXE attached: %d", res.StatusCode)
	}
	var img bytes.Buffer
	_ = png.Encode(&img, image.NewGray(image.Rect(0, 0, 4, 4)))
	res := form("Denah terlampir.", "denah.png", img.Bytes())
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("a PNG attached: %d", res.StatusCode)
	}
	loc := res.Header.Get("Location")
	res, b := do(t, c, "GET", base+"/api/v1/forum/threads/"+strings.TrimPrefix(loc, "/forum/threads/"), tok["pegawai"], nil)
	var withFile struct {
		Posts []struct {
			Files []struct{ URL, ContentType string } `json:"files"`
		} `json:"posts"`
	}
	if err := json.Unmarshal(b, &withFile); err != nil || len(withFile.Posts) != 1 || len(withFile.Posts[0].Files) != 1 {
		t.Fatalf("the thread with a file: %d %s", res.StatusCode, b)
	}
	res, b = do(t, c, "GET", base+withFile.Posts[0].Files[0].URL, tok["auditor"], nil)
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "image/png" || !bytes.Equal(b, img.Bytes()) {
		t.Fatalf("the file: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
}

// TestBrowserForumScript: pegawai posts a thread whose text holds a
// <script>, opens it, and the script never ran (the window variable it
// would set stays undefined) while its text is shown as written; a reply
// with a script likewise.
func TestBrowserForumScript(t *testing.T) {
	t.Parallel()
	srv := apptest.Start(t, sqldb.SQLite, "--demo")
	ctx := apptest.Browser(t, 1024, 800)
	browserLogin(t, ctx, srv.URL, "pegawai", "Andi Pegawai", app.DemoPassword)
	click(t, ctx, "go-forum")
	apptest.Step(t, ctx, "the forum", chromedp.WaitVisible(chromedp.ID("topics")))
	click(t, ctx, "go-forum-new")
	script := `<script>window.forumPwned = 1</script><img src=x onerror="window.forumPwned = 2">`
	apptest.Step(t, ctx, "write the thread", chromedp.WaitVisible(chromedp.ID("thread-form")),
		chromedp.SetValue(chromedp.ID("topic"), "teknologi-informasi"),
		chromedp.SendKeys(chromedp.ID("title"), "Coba <script>window.forumPwned = 3</script>"),
		chromedp.SendKeys(chromedp.ID("body"), "Halo semua.\n"+script))
	click(t, ctx, "thread-submit")
	apptest.Step(t, ctx, "the thread", chromedp.WaitVisible(chromedp.ID("thread-title")))
	if v := apptest.Eval[string](t, ctx, `typeof window.forumPwned`); v != "undefined" {
		t.Fatalf("the script ran: window.forumPwned is %s", v)
	}
	body := apptest.Eval[string](t, ctx, `document.querySelector(".post-body").textContent`)
	if !strings.Contains(body, script) {
		t.Fatalf("the text is not shown as written: %q", body)
	}
	if title := apptest.Eval[string](t, ctx, `document.getElementById("thread-title").textContent`); !strings.Contains(title, "<script>") {
		t.Fatalf("title %q", title)
	}
	apptest.Screenshot(t, ctx, "forum-script-thread")
	apptest.Step(t, ctx, "reply", chromedp.SendKeys(chromedp.ID("body"), "Balasan "+script))
	click(t, ctx, "reply-submit")
	apptest.Step(t, ctx, "replied", chromedp.WaitVisible(chromedp.ID("flash")))
	if v := apptest.Eval[string](t, ctx, `typeof window.forumPwned`); v != "undefined" {
		t.Fatalf("the reply's script ran: %s", v)
	}
	if n := apptest.Eval[int](t, ctx, `Array.from(document.querySelectorAll(".post-body"))
		.filter(e => e.textContent.includes("window.forumPwned = 1")).length`); n != 2 {
		t.Fatalf("%d posts show the script as text, want 2", n)
	}
}

// TestDashboardCulture: on the demo, the leader's people dashboard shows
// the ethics acknowledgements of a unit with its sub-units only, and the
// forum's months.
func TestDashboardCulture(t *testing.T) {
	t.Parallel()
	srv := apptest.Start(t, sqldb.SQLite, "--demo")
	c := apptest.Client()
	lead := token(t, c, srv.URL, "pimpinan", app.DemoPassword)
	_, b := do(t, c, "GET", srv.URL+"/api/v1/units", lead, nil)
	var units struct {
		Items []struct{ ID, Code string } `json:"items"`
	}
	if err := json.Unmarshal(b, &units); err != nil {
		t.Fatal(err)
	}
	bkpsdm := ""
	for _, u := range units.Items {
		if u.Code == "BKPSDM" {
			bkpsdm = u.ID
		}
	}
	res, b := do(t, c, "GET", srv.URL+"/dashboard/pegawai?unit="+bkpsdm, lead, nil)
	page := string(b)
	if res.StatusCode != 200 || !strings.Contains(page, `id="dash-ethics-table"`) || strings.Contains(page, `id="dash-ethics-unavailable"`) {
		t.Fatalf("the ethics section: %d", res.StatusCode)
	}
	table := page[strings.Index(page, `id="dash-ethics-table"`):]
	table = table[:strings.Index(table, "</table>")]
	if !strings.Contains(table, "Bidang Mutasi dan Promosi") || strings.Contains(table, "Dinas Kesehatan") {
		t.Error("the unit filter does not keep BKPSDM with its sub-units only")
	}
	if !strings.Contains(page, `id="dash-forum-table"`) || strings.Contains(page, `id="dash-forum-none"`) {
		t.Error("the forum's months are not shown")
	}
}
