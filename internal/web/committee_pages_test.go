package web

import (
	"bytes"
	"context"
	"html"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"asnpro/internal/apperr"
	"asnpro/internal/identity"
	"asnpro/internal/recruitment"
	"asnpro/internal/results"
)

// committeePageSamples fills every part of the committee's pages for
// TestEveryPageRenders: errors beside fields, an import report, a summary.
func committeePageSamples() map[string]any {
	p := periodView{demoPeriod(), "draft"}
	rep := &importReport{Error: "Berkas ditolak", Rows: []importRow{{Line: 3, Column: "quota", Message: "Kebutuhan <1>"}}}
	fields := map[string]string{"name": "Wajib", "registration_close_at": "Sesudah pendaftaran dibuka", "note": "Terlalu pendek"}
	return map[string]any{
		"committee_periods": committeePeriodsData{Periods: []periodView{p}, Form: periodFormOf(p.Period), Fields: fields,
			Error: "Data tidak valid", Flash: "Periode dibuat", Kinds: periodKinds},
		"committee_period": committeePeriodData{P: p, Formations: []*recruitment.Formation{demoFormation()}, Total: 1,
			Next: "/panitia/periode/1?offset=100", Prev: "/panitia/periode/1?offset=0",
			Amendments: demoAmendments(), Draft: true, AddOpen: true, Blockers: []string{"panitia.block.no_formations"},
			Form: periodFormOf(p.Period), Fields: fields, Error: "Gagal", Flash: "Disimpan", Import: rep, Kinds: periodKinds},
		"committee_formation": committeeFormationData{P: p, F: demoFormation(), Form: formationFormOf(demoFormation()),
			Fields: map[string]string{"code": "Kode sudah dipakai", "levels": "Pilih jenjang", "documents": "Jenis dokumen"},
			Error:  "Data tidak valid", Amend: true, Note: "Alasan <b>", Action: "/panitia/formasi/7/perubahan",
			Amendments: demoAmendments(), Levels: recruitment.Levels, Categories: recruitment.Categories, DocKinds: docKinds},
		"committee_sscasn": committeeSSCASNData{P: p, Pact: true, Import: rep,
			Summary: &recruitment.ImportSummary{Imported: 3, MS: 2, TMS: 1, NewAccounts: 3}},
		"committee_scores": committeeScoresData{P: p, Pact: true, Import: rep, Component: "skd",
			Summary: &results.ImportSummary{Imported: 3, Present: 2, Absent: 1, Reused: 1},
			Counts: []results.ScoreCount{{Component: "skd", Source: "import", Present: 2, Absent: 1, Reused: 1},
				{Component: "skb", Source: "cat", Present: 1}},
			Components: []string{"skd", "skb"}},
	}
}

// committeeClient signs in as a committee member (the test server's admin
// holds every role) and keeps the session.
func committeeClient(t *testing.T, hs *httptest.Server) *http.Client {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := c.PostForm(hs.URL+"/login", url.Values{"username": {"admin"}, "password": {"rahasia-123"}, "next": {"/"}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 303 {
		t.Fatalf("login: %d", res.StatusCode)
	}
	return c
}

func postForm(t *testing.T, c *http.Client, u string, v url.Values) (int, string, string) {
	t.Helper()
	res, err := c.PostForm(u, v)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, res.Header.Get("Location"), string(b)
}

// fieldError is the error shown beside input name, or "".
func fieldError(body, name string) string {
	_, after, ok := strings.Cut(body, `id="`+name+`-error">`)
	if !ok {
		return ""
	}
	msg, _, _ := strings.Cut(after, "<")
	return html.UnescapeString(msg)
}

// goodPeriod is a valid period form; each case changes one thing.
func goodPeriod() url.Values {
	return url.Values{"name": {"Seleksi PPPK Teknis 2027"}, "kind": {"pppk"}, "reference_date": {"2027-01-01"},
		"announce_at": {"2027-01-02T08:00"}, "registration_open_at": {"2027-01-03T08:00"},
		"registration_close_at": {"2027-01-20T23:59"}, "administration_announce_at": {"2027-01-25T10:00"}, "appeal_days": {"3"}}
}

func goodFormation() url.Values {
	return url.Values{"code": {"PKY-2027-001"}, "position": {"Pranata Komputer Ahli Pertama"}, "unit": {"Diskominfo"},
		"quota": {"2"}, "category": {"umum"}, "levels": {"S1"}, "majors": {"S1-TI"}, "min_ipk": {"3,00"}, "age_min": {"18"},
		"age_max": {"35"}}
}

func with(v url.Values, k string, vals ...string) url.Values {
	out := url.Values{}
	for key, x := range v {
		out[key] = x
	}
	if vals == nil {
		delete(out, k)
	} else {
		out[k] = vals
	}
	return out
}

// committeeEnv is a test server with a signed-in committee member, and
// the period its steps make.
type committeeEnv struct {
	s    *Server
	hs   *httptest.Server
	c    *http.Client
	ctx  context.Context
	p    int64
	base string // the period's page
}

func (e *committeeEnv) formations(t *testing.T) []*recruitment.Formation {
	t.Helper()
	fs, _, err := e.s.rec.FindFormations(e.ctx, e.p, recruitment.FormationFilter{}, true)
	if err != nil {
		t.Fatal(err)
	}
	return fs
}

func (e *committeeEnv) get(t *testing.T, u string) (int, string) {
	t.Helper()
	res, err := e.c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

// TestCommitteeFormsBadInput: each form refuses a bad input with its
// status and the message beside the field, in Indonesian, keeps what was
// typed, and changes nothing.
func TestCommitteeFormsBadInput(t *testing.T) {
	t.Parallel()
	s, hs := newTestServer(t)
	e := &committeeEnv{s: s, hs: hs, c: committeeClient(t, hs), ctx: context.Background()}
	if err := s.rec.UpsertEducationRefs(e.ctx, []recruitment.EducationRef{{Code: "S1-TI", Name: "S-1 Teknik Informatika",
		Level: "S1"}}); err != nil {
		t.Fatal(err)
	}
	t.Run("new period", e.newPeriod)
	t.Run("draft period", e.draftPeriod)
	t.Run("new formation", e.newFormation)
	t.Run("publishing without a formation shows what blocks it", e.publishBlocked)
	t.Run("an import with a bad row shows the row and stores nothing", e.importBadRow)
	t.Run("a second formation with the same code", e.sameCode)
	t.Run("edit a draft formation", e.draftFormation)
	// Publishing asks first: the confirmation page, the period still a draft.
	if status, _, body := postForm(t, e.c, e.base+"/terbitkan", url.Values{}); status != 200 || !strings.Contains(body, `id="confirm-form"`) ||
		!strings.Contains(body, `action="`+strings.TrimPrefix(e.base, e.hs.URL)+`/terbitkan"`) {
		t.Fatalf("publish without confirm: %d, want the confirmation", status)
	}
	if _, body := e.get(t, e.base); !strings.Contains(body, `id="publish-submit"`) {
		t.Fatal("published without the confirmation")
	}
	if status, loc, _ := postForm(t, e.c, e.base+"/terbitkan", url.Values{"confirm": {"1"}}); status != 303 ||
		!strings.HasSuffix(loc, "?ok=published") {
		t.Fatalf("publish: %d %q", status, loc)
	}
	t.Run("after publication an amendment needs its reason", e.amendPeriod)
	t.Run("after publication a formation changes by amendment, with its reason", e.amendFormation)
	t.Run("the SSCASN import: the pact first, then a bad file shows its rows", e.sscasnBadFile)
	t.Run("after publication a draft edit is refused", func(t *testing.T) {
		status, _, body := postForm(t, e.c, e.base, goodPeriod())
		if status != 409 || !strings.Contains(body, T(langID, "recruitment.published")) {
			t.Fatalf("%d", status)
		}
	})
}

func (e *committeeEnv) newPeriod(t *testing.T) {
	cases := []struct {
		name, field, want string
		form              url.Values
	}{
		{"no name", "name", T(langID, "recruitment.period.name"), with(goodPeriod(), "name")},
		{"unknown kind", "kind", T(langID, "recruitment.period.kind", "kinds", "cpns, pppk, jpt, other"),
			with(goodPeriod(), "kind", "x")},
		{"a time that is not one", "announce_at", T(langID, "panitia.time_bad"), with(goodPeriod(), "announce_at", "besok pagi")},
		{"no opening", "registration_open_at", T(langID, "error.required"), with(goodPeriod(), "registration_open_at", "")},
		{"close before open", "registration_close_at", "Harus sesudah pembukaan pendaftaran",
			with(goodPeriod(), "registration_close_at", "2027-01-03T07:00")},
		{"CPNS with two appeal days", "appeal_days", "Seleksi CPNS memerlukan masa sanggah paling sedikit 3 hari",
			with(with(goodPeriod(), "kind", "cpns"), "appeal_days", "2")},
		{"appeal days not a number", "appeal_days", T(langID, "panitia.number_bad"), with(goodPeriod(), "appeal_days", "tiga")},
		{"SKD before the administration results", "skd_at", T(langID, "recruitment.period.after_previous"),
			with(goodPeriod(), "skd_at", "2027-01-24T08:00")},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			status, _, body := postForm(t, e.c, e.hs.URL+"/panitia/periode", tc.form)
			if status != 422 || fieldError(body, tc.field) != tc.want {
				t.Fatalf("%d, beside %s: %q, want %q", status, tc.field, fieldError(body, tc.field), tc.want)
			}
			if !strings.Contains(body, `value="2027-01-20T23:59"`) && tc.field != "registration_close_at" {
				t.Fatal("the typed close time is not kept")
			}
		})
	}
	t.Run("in English", func(t *testing.T) {
		en := committeeClient(t, e.hs) // its own: ?lang=en is remembered in a cookie
		status, _, body := postForm(t, en, e.hs.URL+"/panitia/periode?lang=en", with(goodPeriod(), "announce_at", "tomorrow"))
		if want := T(langEN, "panitia.time_bad"); status != 422 || fieldError(body, "announce_at") != want {
			t.Fatalf("%d %q, want %q", status, fieldError(body, "announce_at"), want)
		}
		status, _, body = postForm(t, en, e.hs.URL+"/panitia/periode?lang=en", with(goodPeriod(), "registration_close_at", "2027-01-03T07:00"))
		if want := "Must be after registration opens"; status != 422 || fieldError(body, "registration_close_at") != want {
			t.Fatalf("%d %q, want %q", status, fieldError(body, "registration_close_at"), want)
		}
		if !strings.Contains(body, "at least 3 for CPNS") {
			t.Fatal("the appeal days' help does not say the CPNS minimum the rule enforces")
		}
	})
	if ps, _ := e.s.rec.FindPeriods(e.ctx, true); len(ps) != 0 {
		t.Fatalf("%d periods after refused forms", len(ps))
	}
	status, loc, _ := postForm(t, e.c, e.hs.URL+"/panitia/periode", goodPeriod())
	if status != 303 || !strings.HasSuffix(loc, "?ok=created") {
		t.Fatalf("create: %d %q", status, loc)
	}
	id := strings.TrimPrefix(strings.Split(loc, "?")[0], "/panitia/periode/")
	e.p, _ = strconv.ParseInt(id, 10, 64)
	e.base = e.hs.URL + "/panitia/periode/" + id
}

func (e *committeeEnv) draftPeriod(t *testing.T) {
	status, _, body := postForm(t, e.c, e.base, with(goodPeriod(), "registration_close_at", "20-01-2027"))
	if status != 422 || fieldError(body, "registration_close_at") != T(langID, "panitia.time_bad") ||
		!strings.Contains(body, `value="20-01-2027"`) {
		t.Fatalf("%d %q", status, fieldError(body, "registration_close_at"))
	}
	if status, _, _ := postForm(t, e.c, e.base, with(goodPeriod(), "name", "Seleksi PPPK Teknis 2027 (ubah)")); status != 303 {
		t.Fatalf("edit: %d", status)
	}
	if p, _ := e.s.rec.FindPeriodByID(e.ctx, e.p, true); p.Name != "Seleksi PPPK Teknis 2027 (ubah)" {
		t.Fatalf("name %q after the edit", p.Name)
	}
}

func (e *committeeEnv) newFormation(t *testing.T) {
	cases := []struct {
		name, field, want string
		form              url.Values
	}{
		{"quota not a number", "quota", T(langID, "panitia.number_bad"), with(goodFormation(), "quota", "dua")},
		{"quota zero", "quota", T(langID, "recruitment.formation.quota"), with(goodFormation(), "quota", "0")},
		{"no level", "levels", T(langID, "recruitment.formation.levels"), with(goodFormation(), "levels")},
		{"unknown major", "majors", T(langID, "recruitment.education.unknown", "codes", "S1-XX"), with(goodFormation(), "majors", "S1-XX")},
		{"IPK over 4", "min_ipk", T(langID, "recruitment.formation.min_ipk"), with(goodFormation(), "min_ipk", "4,5")},
		{"ages reversed", "age_max", T(langID, "recruitment.formation.age"), with(goodFormation(), "age_min", "40")},
		{"no position", "position", T(langID, "recruitment.formation.position"), with(goodFormation(), "position", " ")},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			status, _, body := postForm(t, e.c, e.base+"/formasi", tc.form)
			if status != 422 || fieldError(body, tc.field) != tc.want {
				t.Fatalf("%d, beside %s: %q, want %q", status, tc.field, fieldError(body, tc.field), tc.want)
			}
			if !strings.Contains(body, `value="PKY-2027-001"`) {
				t.Fatal("the typed code is not kept")
			}
		})
	}
	if n := len(e.formations(t)); n != 0 {
		t.Fatalf("%d formations after refused forms", n)
	}
}

func (e *committeeEnv) publishBlocked(t *testing.T) {
	_, body := e.get(t, e.base)
	if !strings.Contains(body, T(langID, "panitia.block.no_formations")) || strings.Contains(body, `id="publish-submit"`) {
		t.Fatal("no blocker shown, or a publish button")
	}
	status, _, body := postForm(t, e.c, e.base+"/terbitkan", url.Values{})
	if status != 409 || !strings.Contains(body, html.EscapeString(T(langID, "recruitment.period.no_formations"))) {
		t.Fatalf("publish: %d", status)
	}
}

func (e *committeeEnv) importBadRow(t *testing.T) {
	csv := "code,position,unit,employment_type,quota,category,levels,majors,min_ipk,age_min,age_max,documents\n" +
		"A-1,Analis,BKPSDM,PNS,1,umum,S1,S1-TI,,,,\n" +
		"A-2,Analis,BKPSDM,PNS,nol,umum,S1,S1-TI,,,,\n"
	status, body := uploadFile(t, e.c, e.base+"/formasi/impor", "formasi.csv", csv)
	if status != 422 || !strings.Contains(body, `<tr class="import-row" data-line="3"><td>3</td><td><code>quota</code>`) {
		t.Fatalf("%d %s", status, body)
	}
	if n := len(e.formations(t)); n != 0 {
		t.Fatalf("%d formations after a refused file", n)
	}
}

func (e *committeeEnv) sameCode(t *testing.T) {
	if status, _, _ := postForm(t, e.c, e.base+"/formasi", goodFormation()); status != 303 {
		t.Fatalf("formation: %d", status)
	}
	status, _, body := postForm(t, e.c, e.base+"/formasi", goodFormation())
	if status != 409 || fieldError(body, "code") != T(langID, "recruitment.formation.code_taken") {
		t.Fatalf("%d %q", status, fieldError(body, "code"))
	}
}

func (e *committeeEnv) formationPath(t *testing.T) string {
	return e.hs.URL + "/panitia/formasi/" + strconv.FormatInt(e.formations(t)[0].ID, 10)
}

func (e *committeeEnv) draftFormation(t *testing.T) {
	fpath, id := e.formationPath(t), e.formations(t)[0].ID
	status, _, body := postForm(t, e.c, fpath, with(goodFormation(), "quota", "0"))
	if status != 422 || fieldError(body, "quota") != T(langID, "recruitment.formation.quota") || !strings.Contains(body, `value="0"`) {
		t.Fatalf("%d %q", status, fieldError(body, "quota"))
	}
	if f, _ := e.s.rec.FindFormationByID(e.ctx, id, true); f.Quota != 2 {
		t.Fatalf("quota %d after a refused edit", f.Quota)
	}
	if status, _, _ := postForm(t, e.c, fpath, with(goodFormation(), "quota", "3")); status != 303 {
		t.Fatalf("edit: %d", status)
	}
	if f, _ := e.s.rec.FindFormationByID(e.ctx, id, true); f.Quota != 3 {
		t.Fatalf("quota %d after the edit, want 3", f.Quota)
	}
}

func (e *committeeEnv) amendPeriod(t *testing.T) {
	v := url.Values{"registration_close_at": {"2027-01-22T23:59"}, "administration_announce_at": {"2027-01-25T10:00"},
		"appeal_days": {"3"}, "note": {"singkat"}}
	status, _, body := postForm(t, e.c, e.base+"/perubahan", v)
	if status != 422 || fieldError(body, "note") != T(langID, "recruitment.amend.note") || !strings.Contains(body, ">singkat</textarea>") {
		t.Fatalf("%d %q", status, fieldError(body, "note"))
	}
	if a, _ := e.s.rec.FindAmendments(e.ctx, e.p, 0); len(a) != 0 {
		t.Fatalf("%d amendments", len(a))
	}
}

func (e *committeeEnv) amendFormation(t *testing.T) {
	fpath := e.formationPath(t)
	status, _, body := postForm(t, e.c, fpath+"/perubahan", with(with(goodFormation(), "quota", "5"), "note", "kurang"))
	if status != 422 || fieldError(body, "note") != T(langID, "recruitment.amend.note") {
		t.Fatalf("%d %q", status, fieldError(body, "note"))
	}
	status, _, body = postForm(t, e.c, fpath+"/perubahan", with(with(goodFormation(), "quota", "-1"), "note", "Kebutuhan disesuaikan"))
	if status != 422 || fieldError(body, "quota") != T(langID, "recruitment.formation.quota") {
		t.Fatalf("%d %q", status, fieldError(body, "quota"))
	}
	if status, _, _ := postForm(t, e.c, fpath, goodFormation()); status != 409 {
		t.Fatalf("a draft edit after publication: %d", status)
	}
	if a, _ := e.s.rec.FindAmendments(e.ctx, e.p, 0); len(a) != 0 {
		t.Fatalf("%d amendments after refused ones", len(a))
	}
	note := "Kebutuhan ditambah sesuai persetujuan MenPANRB"
	if status, _, _ := postForm(t, e.c, fpath+"/perubahan", with(with(goodFormation(), "quota", "5"), "note", note)); status != 303 {
		t.Fatalf("amend: %d", status)
	}
	a, _ := e.s.rec.FindAmendments(e.ctx, e.p, 0)
	if len(a) != 1 || a[0].Note != note || len(a[0].Changes) != 1 || a[0].Changes["quota"].After != float64(5) {
		t.Fatalf("amendments %+v", a)
	}
}

func (e *committeeEnv) sscasnBadFile(t *testing.T) {
	status, body := e.get(t, e.base+"/pelamar-sscasn")
	if status != 200 || !strings.Contains(body, `id="sscasn-pact"`) || strings.Contains(body, `id="sscasn-form"`) {
		t.Fatalf("before the pact: %d", status)
	}
	admin := &identity.Principal{UserID: 1, Username: "admin", Name: "Admin", Roles: identity.AllRoles}
	if _, err := e.s.ver.SignPact(e.ctx, admin, e.p, true); err != nil {
		t.Fatal(err)
	}
	bad := strings.Replace(recruitment.ApplicantTemplate, "6271031205980001", "627103120598", 1)
	status, body = uploadFile(t, e.c, e.base+"/pelamar-sscasn", "pelamar.csv", bad)
	if status != 422 || !strings.Contains(body, `data-line="2"><td>2</td><td><code>nik</code>`) {
		t.Fatalf("%d %s", status, body)
	}
	if per, _ := e.s.rec.FindPeriodByID(e.ctx, e.p, true); per.Source == recruitment.SourceSSCASN {
		t.Fatal("a refused file made the period national")
	}
	status, loc, body := uploadFileTo(t, e.c, e.base+"/pelamar-sscasn", "pelamar.csv", recruitment.ApplicantTemplate)
	if status != 303 {
		t.Fatalf("the template: %d %s", status, body)
	}
	_, body = e.get(t, e.hs.URL+loc)
	if !strings.Contains(body, `id="sscasn-imported">2<`) || !strings.Contains(body, `id="sscasn-tms">1<`) {
		t.Fatalf("no summary after the import (%s)", loc)
	}
}

// uploadFile posts a file as the import forms do (multipart, field "file").
func uploadFile(t *testing.T, c *http.Client, u, name, content string) (int, string) {
	t.Helper()
	status, _, body := uploadFileTo(t, c, u, name, content)
	return status, body
}

// uploadFileTo is uploadFile that also returns where a redirect leads.
func uploadFileTo(t *testing.T, c *http.Client, u, name, content string) (int, string, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, _ := mw.CreateFormFile("file", name)
	io.WriteString(fw, content)
	mw.Close()
	res, err := c.Post(u, mw.FormDataContentType(), &buf)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, res.Header.Get("Location"), string(b)
}

// TestCommitteeDraftEditKeepsTimes: the form shows minutes; a time left as
// shown keeps the stored one (16:59:59 stays, not 16:59:00), a time typed
// anew is taken in WIB.
func TestCommitteeDraftEditKeepsTimes(t *testing.T) {
	t.Parallel()
	s, hs := newTestServer(t)
	ctx := context.Background()
	closeAt := time.Date(2027, 1, 20, 16, 59, 59, 0, time.UTC)
	p, err := s.rec.CreatePeriod(ctx, recruitment.NewPeriod{Name: "Seleksi Uji", Kind: recruitment.KindOther, ReferenceDate: "2027-01-01",
		Timeline: recruitment.Timeline{AnnounceAt: closeAt.Add(-72 * time.Hour), RegOpenAt: closeAt.Add(-48 * time.Hour),
			RegCloseAt: closeAt, AdminAnnounceAt: closeAt.Add(72 * time.Hour)}})
	if err != nil {
		t.Fatal(err)
	}
	form := periodFormOf(p)
	v := url.Values{"name": {"Seleksi Uji (ubah)"}, "kind": {form.Kind}, "reference_date": {form.ReferenceDate},
		"announce_at": {form.AnnounceAt}, "registration_open_at": {"2027-01-18T08:00"}, "registration_close_at": {form.RegCloseAt},
		"administration_announce_at": {form.AdminAnnounceAt}, "appeal_days": {"0"}}
	status, _, _ := postForm(t, committeeClient(t, hs), hs.URL+periodPath(p.ID), v)
	if status != 303 {
		t.Fatalf("edit: %d", status)
	}
	got, _ := s.rec.FindPeriodByID(ctx, p.ID, true)
	if got.Name != "Seleksi Uji (ubah)" || !got.RegCloseAt.Equal(closeAt) ||
		!got.RegOpenAt.Equal(time.Date(2027, 1, 18, 1, 0, 0, 0, time.UTC)) {
		t.Fatalf("after the edit: %q, open %v, close %v", got.Name, got.RegOpenAt, got.RegCloseAt)
	}
}

// TestImportReportOf: a refusal's "line.column" messages become rows in
// line order, in the page's language; the count is the refusal's own
// (more than the 100 rows shown); an error without rows is its message.
func TestImportReportOf(t *testing.T) {
	t.Parallel()
	r := httptest.NewRequest("GET", "/", nil)
	r = r.WithContext(context.WithValue(r.Context(), langKey, langID))
	err := &apperr.Error{Code: apperr.Invalid, Msg: apperr.M("report.import.rejected", "n", 150),
		FieldMsgs: map[string]apperr.Msg{"12.quota": apperr.M("recruitment.formation.quota"),
			"3.education.majors": apperr.M("recruitment.formation.majors")}}
	rep, status, hard := importReportOf(r, err)
	if hard != nil || status != 422 || len(rep.Rows) != 2 || rep.Rows[0].Line != 3 || rep.Rows[0].Column != "majors" ||
		rep.Rows[1].Message != T(langID, "recruitment.formation.quota") || rep.Error != T(langID, "panitia.import.rejected", "n", 150) {
		t.Fatalf("%d %v %+v", status, hard, rep)
	}
	rep, status, _ = importReportOf(r, apperr.E(apperr.Invalid, "recruitment.import.no_header"))
	if status != 422 || len(rep.Rows) != 0 || rep.Error != T(langID, "recruitment.import.no_header") {
		t.Fatalf("%d %+v", status, rep)
	}
	if _, _, hard := importReportOf(r, apperr.E(apperr.NotFound, "recruitment.period_not_found")); hard == nil {
		t.Fatal("not found is the error page's, not the report's")
	}
}
