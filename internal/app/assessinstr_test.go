package app_test

import (
	"bytes"
	"html"
	"mime/multipart"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"asnpro/internal/app/apptest"
	"asnpro/internal/sqldb"
	"asnpro/internal/sqldb/sqldbtest"
)

// TestPsychotestAndPaperPages: a psychotest and a paper of last year's
// period through the pages, on both engines.
func TestPsychotestAndPaperPages(t *testing.T) {
	t.Parallel()
	for _, e := range sqldbtest.Engines() {
		t.Run(string(e), func(t *testing.T) {
			t.Parallel()
			srv := apptest.Start(t, e, "--demo")
			j := &instrJourney{t: t, srv: srv, db: openDB(t, srv.DSN), panitia: staff(t, srv, "panitia"),
				sari: staff(t, srv, "penguji"), hendra: staff(t, srv, "penguji2"), verifier: staff(t, srv, "verifikator"),
				auditor: staff(t, srv, "auditor"), third: addStaff(t, srv, "penguji3", "assessor")}
			j.maria = applicationOf(t, j.db, demoMariaNIK)
			psychotestPages(j)
			psychotestImport(j)
			paperPages(j)
		})
	}
}

type instrJourney struct {
	t                                               *testing.T
	srv                                             *apptest.Server
	db                                              *sqldb.DB
	panitia, sari, hendra, verifier, auditor, third *api
	maria                                           string
	psy                                             string
}

// instrument creates and draws an instrument of kind with two dimensions.
func (j *instrJourney) instrument(kind, name string) string {
	j.t.Helper()
	form := url.Values{"name": {name}, "kind": {kind}, "assessors": {"2"}}
	for _, d := range []string{"1", "2"} {
		form.Set("dim."+d+".name", "Dimensi "+d)
		for l := 1; l <= 5; l++ {
			form.Set("dim."+d+".anchor."+string(rune('0'+l)), "Tingkat")
		}
	}
	code, loc, _ := j.panitia.page("POST", "/panitia/periode/2/asesmen", form)
	m := regexp.MustCompile(`^/panitia/asesmen/(\d+)\?`).FindStringSubmatch(loc)
	if code != 303 || m == nil {
		j.t.Fatalf("create the %s: %d %s", kind, code, loc)
	}
	if code, _, _ := j.panitia.page("POST", "/panitia/asesmen/"+m[1]+"/penugasan", url.Values{}); code != 303 {
		j.t.Fatalf("draw the %s: %d", kind, code)
	}
	return m[1]
}

func (j *instrJourney) query(q string, args ...any) string {
	j.t.Helper()
	var s string
	if err := j.db.R.QueryRowContext(j.t.Context(), q, args...).Scan(&s); err != nil {
		j.t.Fatalf("%s: %v", q, err)
	}
	return s
}

// psychotestPages: a recommendation is required, shown on the sheet and
// on the committee's page with the final one; every read is recorded; a
// verifier gets 403 and a psychologist not drawn 404.
func psychotestPages(j *instrJourney) {
	t := j.t
	j.psy = j.instrument("psychotest", "Psikotes")
	path := "/penilaian/" + j.psy + "/" + j.maria
	scores := url.Values{"score.1": {"4"}, "score.2": {"3"}}
	submits := countAudit(t, j.srv.DSN, "assess.submit")
	if code, _, p := j.sari.page("POST", path, scores); code != 422 || !strings.Contains(p, `id="recommendation-error"`) {
		t.Fatalf("no recommendation: %d", code)
	}
	scores.Set("recommendation", "mungkin")
	if code, _, _ := j.sari.page("POST", path, scores); code != 422 {
		t.Fatalf("a bad recommendation: %d", code)
	}
	if n := countAudit(t, j.srv.DSN, "assess.submit"); n != submits {
		t.Fatalf("refused submissions stored: %d, was %d", n, submits)
	}
	reads := countAudit(t, j.srv.DSN, "assess.psychotest.read")
	scores.Set("recommendation", "disarankan")
	scores.Set("confirm", "1")
	if code, _, _ := j.sari.page("POST", path, scores); code != 303 {
		t.Fatalf("sari submits: %d", code)
	}
	if _, _, p := j.sari.page("GET", path, nil); !strings.Contains(p, `id="own-rec">Disarankan`) || strings.Contains(p, `id="final-rec"`) {
		t.Fatal("sari's sheet after submitting")
	}
	scores.Set("recommendation", "tidak_disarankan")
	if code, _, _ := j.hendra.page("POST", path, scores); code != 303 {
		t.Fatalf("hendra submits: %d", code)
	}
	if _, _, p := j.hendra.page("GET", path, nil); !strings.Contains(p, `id="final-rec"><strong>Tidak disarankan`) {
		t.Fatal("hendra's sheet: no final recommendation")
	}
	for _, who := range []*api{j.panitia, j.auditor} {
		_, _, p := who.page("GET", "/panitia/asesmen/"+j.psy, nil)
		if row := cutRow(p, `id="rec-`+j.maria+`"`); !strings.Contains(row, "Akhir: Tidak disarankan") ||
			!strings.Contains(row, "Hendra Penguji ✓: Tidak disarankan") || !strings.Contains(row, "Sari Penguji ✓: Disarankan") {
			t.Fatalf("the committee's row: %s", row)
		}
	}
	// sari's and hendra's sheets (three, with the refused ones' re-renders),
	// the committee's and the auditor's pages.
	if n := countAudit(t, j.srv.DSN, "assess.psychotest.read"); n != reads+4 {
		t.Fatalf("reads recorded: %d, want %d", n-reads, 4)
	}
	reads += 4
	for _, p := range []string{"/panitia/asesmen/" + j.psy, path, "/penilaian"} {
		if code, _, _ := j.verifier.page("GET", p, nil); code != 403 {
			t.Fatalf("a verifier opens %s: %d", p, code)
		}
	}
	if code, _, _ := j.verifier.page("POST", "/penilaian/instrumen/"+j.psy+"/impor", url.Values{}); code != 403 {
		t.Fatalf("a verifier uploads: %d", code)
	}
	if code, _, _ := j.third.page("GET", path, nil); code != 404 {
		t.Fatalf("a psychologist not drawn: %d", code)
	}
	if n := countAudit(t, j.srv.DSN, "assess.psychotest.read"); n != reads {
		t.Fatalf("refused reads recorded: %d", n-reads)
	}
}

// upload sends a score file as the list page's form does.
func (j *instrJourney) upload(who *api, body string) (int, string) {
	j.t.Helper()
	var mp bytes.Buffer
	mw := multipart.NewWriter(&mp)
	fw, _ := mw.CreateFormFile("file", "psikotes.csv")
	fw.Write([]byte(body))
	mw.Close()
	res, b := do(j.t, who.c, "POST", who.base+"/penilaian/instrumen/"+j.psy+"/impor", who.token, bytes.NewReader(mp.Bytes()),
		"Content-Type", mw.FormDataContentType(), "Accept-Language", "id")
	return res.StatusCode, string(b)
}

// psychotestImport: sari uploads her other candidates; a bad row, a
// candidate not drawn, a candidate already submitted each refuse the
// whole file, naming the row and column.
func psychotestImport(j *instrJourney) {
	t := j.t
	if _, _, p := j.sari.page("GET", "/penilaian", nil); !strings.Contains(p, `id="import-form-`+j.psy+`"`) {
		t.Fatal("no upload form on sari's list")
	}
	reg := func(nik string) string {
		return j.query(`SELECT a.registration_number FROM applications a JOIN applicants p ON p.id = a.applicant_id
WHERE a.period_id = 2 AND p.nik = $1`, nik)
	}
	agus, dewi := reg(demoAgusNIK), reg(demoDewiNIK)
	undrawn := j.query(`SELECT registration_number FROM applications WHERE period_id = 2 AND id NOT IN
(SELECT application_id FROM assess_assignments WHERE instrument_id = $1) ORDER BY id LIMIT 1`, j.psy)
	head := "nomor_pendaftaran,Dimensi 1,Dimensi 2,rekomendasi\n"
	submits := countAudit(t, j.srv.DSN, "assess.submit")
	for _, c := range []struct{ what, body, col string }{
		{"a bad row", head + agus + ",4,3,disarankan\n" + dewi + ",4,0,disarankan\n", "Dimensi 2"},
		{"a candidate not drawn", head + agus + ",4,3,disarankan\n" + undrawn + ",4,4,disarankan\n", "nomor_pendaftaran"},
		{"a candidate submitted", head + agus + ",4,3,disarankan\n" + reg(demoMariaNIK) + ",4,4,disarankan\n", "nomor_pendaftaran"},
	} {
		code, p := j.upload(j.sari, c.body)
		if code != 422 || !strings.Contains(p, `data-line="3"><td>3</td><td><code>`+c.col+`</code>`) {
			t.Fatalf("%s: %d %s", c.what, code, cutRow(p, `id="import-errors"`))
		}
		if n := countAudit(t, j.srv.DSN, "assess.submit"); n != submits {
			t.Fatalf("%s: %d stored", c.what, n-submits)
		}
	}
	if code, _ := j.upload(j.sari, head+agus+",4,3,disarankan\n"+strings.Repeat("#\n", 600<<10)); code != 413 {
		t.Fatalf("a file over 1 MB: %d", code)
	}
	if code, _ := j.upload(j.third, head); code != 404 {
		t.Fatalf("a psychologist not drawn uploads: %d", code)
	}
	code, p := j.upload(j.sari, head+agus+",4,3,disarankan\n"+dewi+",2,2,dipertimbangkan\n")
	if code != 303 {
		t.Fatalf("upload: %d %s", code, p)
	}
	if n := countAudit(t, j.srv.DSN, "assess.submit"); n != submits+2 {
		t.Fatalf("%d submitted from the file", n-submits)
	}
	if _, _, p := j.sari.page("GET", "/penilaian?ok=imported&n=2", nil); !strings.Contains(p, "2 peserta terkirim dari berkas") {
		t.Fatal("no flash after the upload")
	}
}

// paperPages: the paper's assessors see codes only; the committee sees
// code ↔ candidate and the code list; a conflict by name withdraws the
// assessor without telling the code.
func paperPages(j *instrJourney) {
	t := j.t
	paper := j.instrument("paper", "Makalah")
	name := j.query(`SELECT p.name FROM applications a JOIN applicants p ON p.id = a.applicant_id WHERE a.id = $1`, j.maria)
	number := j.query(`SELECT registration_number FROM applications WHERE id = $1`, j.maria)
	code := j.query(`SELECT code FROM assess_codes WHERE instrument_id = $1 AND application_id = $2`, paper, j.maria)
	if !regexp.MustCompile(`^MK-[A-Z2-9]{5}$`).MatchString(code) {
		t.Fatalf("maria's code %q", code)
	}
	// A paper's sheet is addressed by its code: the application's number,
	// which other instruments' addresses carry, does not open it.
	if c, _, _ := j.sari.page("GET", "/penilaian/"+paper+"/"+j.maria, nil); c != 404 {
		t.Fatalf("a paper opened by its writer's application: %d", c)
	}
	sheet := "/penilaian/" + paper + "/" + code
	_, _, p := j.sari.page("GET", sheet, nil)
	if !strings.Contains(p, code) || strings.Contains(html.UnescapeString(p), name) || strings.Contains(p, number) {
		t.Fatalf("sari's sheet of maria's paper shows who wrote it")
	}
	_, _, p = j.sari.page("GET", "/penilaian", nil)
	rows := regexp.MustCompile(`(?s)<tr><td><a [^>]*>[^<]*</a></td>\s*<td>Makalah</td>.*?</tr>`).FindAllString(p, -1)
	if len(rows) == 0 || !strings.Contains(p, code) || !strings.Contains(p, `href="`+sheet+`"`) {
		t.Fatal("no paper on sari's list")
	}
	for _, r := range rows {
		if strings.Contains(html.UnescapeString(r), name) || strings.Contains(r, number) || strings.Contains(r, "/"+j.maria+`"`) {
			t.Fatalf("a paper's row shows who wrote it: %s", r)
		}
	}
	_, _, p = j.panitia.page("GET", "/panitia/asesmen/"+paper, nil)
	if !strings.Contains(p, `id="code-`+j.maria+`">`+code) || !strings.Contains(p, `href="/panitia/asesmen/`+paper+`/kode.csv"`) {
		t.Fatal("the committee's page: no code")
	}
	if c, _, csv := j.auditor.page("GET", "/panitia/asesmen/"+paper+"/kode.csv", nil); c != 200 ||
		!strings.Contains(csv, code+","+number+","+name) {
		t.Fatalf("the code list: %d %s", c, csv)
	}
	for _, who := range []*api{j.sari, j.verifier} {
		if c, _, _ := who.page("GET", "/panitia/asesmen/"+paper+"/kode.csv", nil); c != 403 {
			t.Fatalf("the code list to someone else: %d", c)
		}
	}
	paperConflict(j, paper, sheet, name, number, code)
}

// paperConflict: sari declares a conflict with maria by name: refused
// while no one else can mark, without naming anyone; once a third
// assessor signed the pact, he marks it instead, and sari's answers never
// showed the code.
func paperConflict(j *instrJourney, paper, sheet, name, number, code string) {
	t := j.t
	_, _, p := j.sari.page("GET", "/penilaian", nil)
	m := regexp.MustCompile(`<option value="(\d+:[^"]*)">` + regexp.QuoteMeta(html.EscapeString(name)) + `</option>`).FindStringSubmatch(p)
	if m == nil {
		t.Fatalf("maria not among the names: %s", cutRow(p, `id="paper-conflict-`+paper+`"`))
	}
	pick := url.Values{"candidate": {html.UnescapeString(m[1])}, "note": {"Sepupu saya"}}
	action := "/penilaian/instrumen/" + paper + "/konflik-nama"
	// The refusal shows sari's list as it was, and nothing more of maria.
	_, _, list := j.sari.page("GET", "/penilaian", nil)
	c, _, p := j.sari.page("POST", action, pick)
	if c != 409 || strings.Count(p, code) != strings.Count(list, code) || strings.Count(p, number) != strings.Count(list, number) ||
		!strings.Contains(p, "Tidak ada penilai lain") {
		t.Fatalf("a conflict with no replacement: %d", c)
	}
	if _, _, p := j.sari.page("GET", "/penilaian", nil); !strings.Contains(p, sheet) {
		t.Fatal("the refused conflict withdrew sari")
	}
	if _, err := j.db.W.ExecContext(t.Context(), `INSERT INTO integrity_pacts (period_id, user_id, roles, text_sha256, no_conflict, signed_at)
SELECT 2, id, 'assessor', 'x', TRUE, created_at FROM users WHERE username = 'penguji3'`); err != nil {
		t.Fatal(err)
	}
	c, loc, p := j.sari.page("POST", action, pick)
	if c != 303 || loc != "/penilaian?ok=conflict_name" || strings.Contains(p, code) {
		t.Fatalf("the conflict by name: %d %s", c, loc)
	}
	_, _, p = j.sari.page("GET", loc, nil)
	if strings.Contains(p, sheet) || strings.Contains(p, code) || !strings.Contains(p, `id="flash"`) {
		t.Fatal("sari's list after the conflict")
	}
	if _, _, p := j.third.page("GET", sheet, nil); !strings.Contains(p, code) || strings.Contains(html.UnescapeString(p), name) {
		t.Fatal("the third assessor does not mark maria's paper")
	}
	if _, _, p := j.sari.page("GET", sheet, nil); !strings.Contains(p, "tidak ditugaskan") {
		t.Fatal("sari still opens maria's paper")
	}
}

// cutRow is the part of s from the first from to the next </tr> or
// </table> after it.
func cutRow(s, from string) string {
	i := strings.Index(s, from)
	if i < 0 {
		return ""
	}
	s = s[i:]
	if k := strings.Index(s, "</tr>"); k >= 0 {
		return s[:k]
	}
	return s
}
