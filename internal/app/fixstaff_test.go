package app_test

import (
	"asnpro/internal/i18n"
	"html"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"asnpro/internal/app/apptest"
	"asnpro/internal/sqldb"
)

// page GETs path as a and returns the unescaped page, failing on a status
// other than want.
func page(t *testing.T, a *api, path string, want int) string {
	t.Helper()
	code, _, b := a.call("GET", path, nil, "Accept-Language", "id")
	if code != want {
		t.Fatalf("GET %s: %d, want %d: %.400s", path, code, want, b)
	}
	return html.UnescapeString(string(b))
}

// TestDeskPublishesOnlyWhatTheDomainAccepts: while registration is open,
// and then while applications are undecided, the committee's desk shows no
// publish button, but the reason in words, for both lists; the post-appeal
// one names the administration list first.
func TestDeskPublishesOnlyWhatTheDomainAccepts(t *testing.T) {
	t.Parallel()
	srv := apptest.Start(t, sqldb.SQLite, "--demo")
	panitia := staff(t, srv, "panitia")
	d := page(t, panitia, "/verifikasi/periode/1", 200)
	open := regexp.MustCompile(`id="publish-(administration|appeal)-blocked"><strong>[^<]+</strong>: ` +
		`<span class="help">Pendaftaran periode ini masih dibuka sampai \d\d-\d\d-\d{4} \d\d:\d\d WIB`)
	if m := open.FindAllStringSubmatch(d, -1); len(m) != 2 {
		t.Fatalf("publish reasons while registration is open: %v in %s", m, d)
	}
	closeRegistration(t, panitia, "1")
	d = page(t, panitia, "/verifikasi/periode/1", 200)
	for _, w := range []string{`id="publish-administration"`, `id="publish-appeal"`} {
		if strings.Contains(d, w) {
			t.Fatalf("the desk offers %s while applications are undecided", w)
		}
	}
	re := regexp.MustCompile(`id="publish-(administration|appeal)-blocked"><strong>[^<]+</strong>: ` +
		`<span class="help">(\d+) lamaran belum diputus</span>`)
	if m := re.FindAllStringSubmatch(d, -1); len(m) != 2 || m[0][2] == "0" {
		t.Fatalf("publish reasons: %v in %s", m, d)
	}
	en := ownJar(panitia)
	e := page(t, en, "/verifikasi/periode/1?lang=en", 200)
	if !regexp.MustCompile(`id="publish-administration-blocked">.*\d+ applications not yet decided`).MatchString(e) {
		t.Fatalf("English reason missing: %s", e)
	}
}

// TestDecisionFormKeepsTMSAndPlacesTheNoteError: TMS with a ticked
// requirement and no note comes back with TMS still chosen, the refusal
// beside that requirement's note naming it, and a summary at the top
// linking to the field.
func TestDecisionFormKeepsTMSAndPlacesTheNoteError(t *testing.T) {
	t.Parallel()
	srv := apptest.Start(t, sqldb.SQLite, "--demo", "--register-per-minute", "1000")
	veri := staff(t, srv, "verifikator")
	app1 := submitComplete(t, newApplicant(t, srv.URL))
	code, p := veri.post("/verifikasi/lamaran/"+app1+"/putusan", url.Values{"decision": {"TMS"}, "req.ijazah": {"1"},
		"note.ijazah": {" "}, "note.ipk": {"tetap"}})
	p = html.UnescapeString(p)
	if code != 422 {
		t.Fatalf("status %d: %.400s", code, p)
	}
	ijazah := i18n.Name(i18n.ID, "req", "ijazah")
	for _, w := range []string{
		`id="decision-tms" checked`,
		`aria-invalid="true" aria-describedby="note-error-ijazah"`,
		`id="note-error-ijazah">Catatan ` + ijazah + `: ` + i18n.T(i18n.ID, "verification.reason_note"),
		`<a href="#note-ijazah">Catatan ` + ijazah,
		`value="tetap"`,
	} {
		if !strings.Contains(p, w) {
			t.Fatalf("refused decision form lacks %s: %s", w, p)
		}
	}
	if strings.Contains(p, `id="decision-ms" checked`) {
		t.Fatal("MS chosen after a refused TMS")
	}
}

// TestConflictFormKeepsWhatWasTyped: a registration number of no
// application comes back beside the field with the form kept, not as an
// error page; a bad kind beside the kind.
func TestConflictFormKeepsWhatWasTyped(t *testing.T) {
	t.Parallel()
	srv := apptest.Start(t, sqldb.SQLite, "--demo")
	db := openDB(t, srv.DSN)
	veri := staff(t, srv, "verifikator")
	path := "/verifikasi/periode/1/konflik"
	runForms(t, []formCase{
		{name: "no such number", as: veri, path: path, status: 422, at: "conflict-reg-error", key: "fixstaff.conflict.no_application",
			form: url.Values{"registration_number": {"PKY-0000-9999"}, "kind": {"work"}, "note": {"atasan saya"}},
			kept: []string{`value="PKY-0000-9999"`, `<option value="work" selected>`, `value="atasan saya"`}},
		{name: "no such number, in English", as: ownJar(veri), path: path + "?lang=en", status: 422, at: "conflict-reg-error",
			key: "fixstaff.conflict.no_application", en: true,
			form: url.Values{"registration_number": {"X-1"}, "kind": {"family"}}, kept: []string{`value="X-1"`}},
	}, dbState(t, db))
}

// TestFormationFormNamesCategoriesAndCodes: the formation form names each
// category in the page's language and lists the education codes.
func TestFormationFormNamesCategoriesAndCodes(t *testing.T) {
	t.Parallel()
	srv := apptest.Start(t, sqldb.SQLite, "--demo")
	panitia := staff(t, srv, "panitia")
	f := page(t, panitia, "/panitia/formasi/1", 200)
	for _, w := range []string{`>Umum</option>`, `>Penyandang disabilitas</option>`, `<details id="education-codes">`,
		`<code>S1-KEP</code> — `} {
		if !strings.Contains(f, w) {
			t.Fatalf("formation form lacks %s: %s", w, f)
		}
	}
	if strings.Contains(f, `>umum</option>`) || strings.Contains(f, `>disabilitas</option>`) {
		t.Fatal("formation form shows raw category codes")
	}
	en := page(t, ownJar(panitia), "/panitia/formasi/1?lang=en", 200)
	if !strings.Contains(en, `>General</option>`) {
		t.Fatalf("English category names missing: %s", en)
	}
}

// TestTransparencyNamesCheckpointReasons: the checkpoint history says why
// each was signed in the page's language, not as a stored code.
func TestTransparencyNamesCheckpointReasons(t *testing.T) {
	t.Parallel()
	srv := apptest.Start(t, sqldb.SQLite, "--demo")
	anon := &api{t: t, base: srv.URL, c: apptest.Client()}
	id := page(t, anon, "/transparency", 200)
	if !strings.Contains(id, "<td>server dinyalakan</td>") || strings.Contains(id, "<td>start</td>") {
		t.Fatalf("Indonesian checkpoint reasons: %s", id)
	}
	en := page(t, ownJar(anon), "/transparency?lang=en", 200)
	if !strings.Contains(en, "<td>server start</td>") {
		t.Fatalf("English checkpoint reasons: %s", en)
	}
}

// TestResultsExplainMSAndCountApplicants: the public list explains MS and
// TMS above the table, shows the result right after the name and counts
// applicants, not formations; the verifier's queue tabs name MS and TMS.
func TestResultsExplainMSAndCountApplicants(t *testing.T) {
	t.Parallel()
	srv := apptest.Start(t, sqldb.SQLite, "--demo")
	anon := &api{t: t, base: srv.URL, c: apptest.Client()}
	// Last year's administration list (its final list is the newest).
	r := page(t, anon, "/periods/2/results?stage=administration", 200)
	for _, re := range []string{
		`<dl class="legend" id="results-legend"><dt>MS</dt><dd>Memenuhi syarat</dd><dt>TMS</dt><dd>Tidak memenuhi syarat</dd></dl>`,
		`id="results-count">\d+ pelamar<`,
		`<th scope="col">Nama[^<]*</th><th scope="col">[^<]+</th>`,
		`<tr id="row-[^"]+"><td>\d+</td><td>[^<]+</td><td>[^<]+</td><td class="result">`,
	} {
		if !regexp.MustCompile(re).MatchString(r) {
			t.Fatalf("results page lacks %s: %s", re, r)
		}
	}
	en := page(t, ownJar(anon), "/periods/2/results?stage=administration&lang=en", 200)
	if !regexp.MustCompile(`id="results-count">\d+ applicants<`).MatchString(en) || !strings.Contains(en, "<dd>Not eligible</dd>") {
		t.Fatalf("English results page: %s", en)
	}
	veri := staff(t, srv, "verifikator")
	q := page(t, veri, "/verifikasi/periode/1", 200)
	if !strings.Contains(q, `id="filter-MS">MS — memenuhi syarat (`) ||
		!strings.Contains(q, `id="filter-TMS">TMS — tidak memenuhi syarat (`) {
		t.Fatalf("queue tabs: %s", q)
	}
}
