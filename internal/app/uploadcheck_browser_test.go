package app_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"asnpro/internal/app/apptest"
	"asnpro/internal/sqldb"
	"asnpro/internal/testkit"
)

// TestBrowserUploadRefusedBeforeSending: on the applicant's page a file over
// the document's limit, or of a format it does not take, is refused in the
// browser with the reason beside the field, in the page's language, and
// nothing is sent (no upload recorded, the document still missing); a
// file that fits goes through.
func TestBrowserUploadRefusedBeforeSending(t *testing.T) {
	t.Parallel()
	srv := apptest.Start(t, sqldb.SQLite, "--demo", "--register-per-minute", "1000")
	db := openDB(t, srv.DSN)
	siti := newApplicant(t, srv.URL)
	fid := formationID(t, siti, "1", "PKY-2026-007")
	code, m, b := siti.call("POST", "/api/v1/applications",
		map[string]any{"formation_id": fid, "education": map[string]any{"level": "S1", "major": "S1-TI", "ipk": 3.5}})
	if code != 201 {
		t.Fatalf("apply: %d %s", code, b)
	}
	id := m["id"].(string)
	ctx := apptest.Browser(t, 360, 740)
	browserLogin(t, ctx, srv.URL, siti.nik, "Siti Aminah", "rahasia-123")
	apptest.Step(t, ctx, "application", chromedp.Navigate(srv.URL+"/lamaran/"+id), chromedp.WaitVisible(chromedp.ID("file-ijazah")))
	max := apptest.Eval[int](t, ctx, `+document.getElementById("file-ijazah").dataset.maxBytes`)
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	big := write("ijazah-besar.pdf", testkit.PDF("ijazah", testkit.PaddedTo(max+2048)))
	text := write("ijazah.txt", []byte("bukan PDF"))
	uploads := func() int { return testkit.CountAudit(t, db, "document.upload") }
	before := uploads()
	for _, c := range []struct{ name, file, want string }{
		{"over the limit", big, "melebihi batas " + strconv.Itoa(max/1024) + " KB"},
		{"not a PDF", text, "harus berformat PDF"},
	} {
		apptest.Step(t, ctx, c.name, chromedp.SetUploadFiles(chromedp.ID("file-ijazah"), []string{c.file}),
			chromedp.WaitVisible(chromedp.ID("check-ijazah")))
		apptest.Step(t, ctx, "send "+c.name, chromedp.Click(chromedp.ID("send-ijazah")), chromedp.Sleep(500*time.Millisecond))
		msg := apptest.Eval[string](t, ctx, `document.getElementById("check-ijazah").textContent`)
		if !strings.Contains(msg, c.want) || !strings.Contains(msg, "Berkas belum dikirim") {
			t.Fatalf("%s: the message beside the field is %q, want %q", c.name, msg, c.want)
		}
		if inv := apptest.Eval[string](t, ctx, `document.getElementById("file-ijazah").getAttribute("aria-invalid") || ""`); inv != "true" {
			t.Fatalf("%s: the field is not marked invalid", c.name)
		}
		if n := uploads(); n != before {
			t.Fatalf("%s: %d uploads recorded, want none", c.name, n-before)
		}
		if have := apptest.Eval[int](t, ctx, `document.querySelectorAll("#have-ijazah").length`); have != 0 {
			t.Fatalf("%s: the document shows as uploaded", c.name)
		}
	}
	noSideScroll(t, ctx, "/lamaran/"+id+" with a refused file")
	apptest.Screenshot(t, ctx, "upload-refused")
	good := write("ijazah.pdf", testkit.PDF("ijazah", testkit.PaddedTo(3000)))
	apptest.Step(t, ctx, "a file that fits", chromedp.SetUploadFiles(chromedp.ID("file-ijazah"), []string{good}))
	if hidden := apptest.Eval[bool](t, ctx, `document.getElementById("check-ijazah").hidden`); !hidden {
		t.Fatal("the refusal stays for a file that fits")
	}
	click(t, ctx, "send-ijazah")
	apptest.Step(t, ctx, "uploaded", chromedp.WaitVisible(chromedp.ID("have-ijazah")))
	if n := uploads(); n != before+1 {
		t.Fatalf("uploads %d, want %d", n, before+1)
	}
	_, _, got := siti.call("GET", "/api/v1/applications/"+id, nil)
	if !bytes.Contains(got, []byte(`"ijazah"`)) {
		t.Fatalf("the application has no ijazah: %s", got)
	}
}
