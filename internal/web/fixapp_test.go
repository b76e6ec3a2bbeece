package web

import (
	"context"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"asnpro/internal/identity"
	"asnpro/internal/recruitment"
	"asnpro/internal/sqldb"
	"asnpro/internal/sqldb/sqldbtest"
)

// renderPage renders page name with data in lang, signed in as p (nil: a
// visitor), and returns the body.
func renderPage(t *testing.T, s *Server, name, lang string, p *identity.Principal, data any) string {
	t.Helper()
	r := httptest.NewRequest("GET", "/x?lang="+lang, nil)
	r = r.WithContext(context.WithValue(r.Context(), langKey, lang))
	if p != nil {
		r = r.WithContext(identity.WithPrincipal(r.Context(), p))
	}
	w := httptest.NewRecorder()
	if err := s.render(w, r, 200, name, "home.title", data); err != nil {
		t.Fatalf("%s/%s: %v", name, lang, err)
	}
	return w.Body.String()
}

// between is the part of body from the element with id to the end of its
// line.
func between(body, id string) string {
	i := strings.Index(body, `id="`+id+`"`)
	if i < 0 {
		return ""
	}
	rest := body[i:]
	if j := strings.Index(rest, "\n"); j >= 0 {
		rest = rest[:j]
	}
	return rest
}

// TestPagesNameDocuments: the applicant's page and the public statistics
// name documents and requirements by their names, never by their stored
// codes, and a document that failed to send says so once.
func TestPagesNameDocuments(t *testing.T) {
	t.Parallel()
	s, _ := newTestServer(t)
	d := demoApplicantData()
	d.Apps[0].Missing = []string{"pas_foto", "ktp"}
	st := demoStats()
	st.Reqs = []string{"ijazah", "transkrip"}
	for _, c := range []struct {
		lang          string
		missing, reqs []string
		notUploaded   string
	}{
		{"id", []string{"Pas foto", "KTP"}, []string{"Ijazah", "Transkrip nilai"}, "Belum diunggah"},
		{"en", []string{"Passport photo", "Identity card (KTP)"}, []string{"Diploma (ijazah)", "Academic transcript"}, "Not uploaded yet"},
	} {
		body := renderPage(t, s, "applicant", c.lang, nil, d)
		line := between(body, "missing-1")
		for _, n := range c.missing {
			if !strings.Contains(line, n) {
				t.Errorf("%s: the missing documents %q do not name %q", c.lang, line, n)
			}
		}
		if regexp.MustCompile(`pas_foto|\bktp\b`).MatchString(line) {
			t.Errorf("%s: the missing documents show codes: %q", c.lang, line)
		}
		// pas_foto failed to send: its error alone says what is wrong.
		if strings.Contains(body, `id="missing-doc-pas_foto"`) {
			t.Errorf("%s: a document with an error also says it is not uploaded", c.lang)
		}
		d2 := demoApplicantData()
		d2.Apps[0].Docs[0].Error = c.notUploaded
		body = renderPage(t, s, "applicant", c.lang, nil, d2)
		li := body[strings.Index(body, `id="doc-pas_foto"`):]
		li = li[:strings.Index(li, "</li>")]
		if n := len(regexp.MustCompile(`(?i)\b`+c.notUploaded).FindAllString(li, -1)); n != 1 {
			t.Errorf("%s: the document says %q %d times", c.lang, c.notUploaded, n)
		}
		body = renderPage(t, s, "stats", c.lang, nil, st)
		table := body[strings.Index(body, `id="stats-requirements"`):]
		for _, n := range c.reqs {
			if !strings.Contains(table, "<td>"+n+"</td>") {
				t.Errorf("%s: the statistics do not name %q", c.lang, n)
			}
		}
		if strings.Contains(table, "<td>ijazah</td>") || strings.Contains(table, "<td>transkrip</td>") {
			t.Errorf("%s: the statistics show requirement codes", c.lang)
		}
	}
}

// TestRegisterErrorsAndPasswordRule: the registration page states the
// password rule the policy applies, and a refused registration lists every
// field's error above the form, each linking to its field.
func TestRegisterErrorsAndPasswordRule(t *testing.T) {
	t.Parallel()
	wib, _ := time.LoadLocation("Asia/Jakarta")
	e := newVerifyEnv(t, sqldbtest.Open(t, sqldb.SQLite), time.Date(2026, 12, 1, 9, 0, 0, 0, wib))
	for _, c := range []struct{ lang, rule string }{
		{"id", "Minimal 10 karakter; bukan kata sandi yang umum dipakai, dan tidak sama dengan NIK atau e-mail Anda."},
		{"en", "At least 10 characters; not a commonly used password, and not your NIK or e-mail."},
	} {
		_, body := e.call("GET", "/daftar?lang="+c.lang, "", nil)
		if !strings.Contains(body, `id="password-help">`+html.EscapeString(c.rule)+`<`) {
			t.Errorf("%s: the registration page does not state the password rule %q", c.lang, c.rule)
		}
		res, err := e.hs.Client().PostForm(e.hs.URL+"/daftar?lang="+c.lang, url.Values{"nik": {"123"}, "name": {"Budi Santoso"},
			"birth_place": {"Palangka Raya"}, "birth_date": {"1998-05-12"}, "gender": {"M"}, "email": {"budi@example.id"},
			"phone": {"12345"}, "password": {"pendek"}})
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		body = string(b)
		if res.StatusCode != http.StatusUnprocessableEntity && res.StatusCode != http.StatusBadRequest {
			t.Fatalf("%s: POST /daftar %d", c.lang, res.StatusCode)
		}
		box := body[strings.Index(body, `id="register-error"`):]
		box = box[:strings.Index(box, "</div>")]
		for _, f := range []string{"nik", "phone", "password"} {
			if !strings.Contains(box, `<a href="#`+f+`">`) {
				t.Errorf("%s: the error box does not list %s: %s", c.lang, f, box)
			}
		}
		if strings.Contains(box, `href="#name"`) || strings.Contains(box, `href="#email"`) {
			t.Errorf("%s: the error box lists fields without errors: %s", c.lang, box)
		}
	}
}

// TestSizesUnderOneKB: a size is shown in whole kilobytes, one under 1 KB
// as "< 1 KB", never "0 KB" — on the applicant's page too.
func TestSizesUnderOneKB(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		b    int64
		want string
	}{{0, "0 KB"}, {1, "< 1 KB"}, {300, "< 1 KB"}, {1023, "< 1 KB"}, {1024, "1 KB"}, {4096, "4 KB"}, {200 << 10, "200 KB"}} {
		if got := kb(c.b); got != c.want {
			t.Errorf("kb(%d) = %q, want %q", c.b, got, c.want)
		}
	}
	s, _ := newTestServer(t)
	d := demoApplicantData()
	d.Apps[0].A.Documents[0].Size = 300
	body := renderPage(t, s, "applicant", "id", nil, d)
	have := between(body, "have-ijazah")
	if !strings.Contains(have, "&lt; 1 KB") || strings.Contains(have, " 0 KB") {
		t.Errorf("a 300-byte document shows as %q", have)
	}
}

// TestDatesFollowTheLanguage: calendar dates — the age reference date,
// birth dates — read DD-MM-YYYY in Indonesian and YYYY-MM-DD in English
// on the formation, application, period, verifier and helpdesk pages.
func TestDatesFollowTheLanguage(t *testing.T) {
	t.Parallel()
	s, _ := newTestServer(t)
	everyone := &identity.Principal{UserID: 1, Username: "admin", Name: "Admin", Roles: identity.AllRoles}
	p := demoPeriod()
	p.ReferenceDate = "2026-12-22"
	ad := demoApplicantData()
	ad.Choose.P.Period = p
	pd := periodData{P: periodView{p, "registration"}, Levels: recruitment.Levels}
	helpdesk := helpdeskData{NIK: "6271035205980001", Searched: true,
		Applicant: &applicantJSON{ID: "1", NIK: "6271035205980001", Name: "Siti", BirthDate: "1998-03-15"}}
	for _, c := range []struct {
		page string
		data any
		id   string // the date in Indonesian; English is its ISO form
		iso  string
	}{
		{"formation", formationData{F: demoFormation(), P: periodView{p, "registration"}}, "22-12-2026", "2026-12-22"},
		{"applicant", ad, "22-12-2026", "2026-12-22"},
		{"period", pd, "22-12-2026", "2026-12-22"},
		{"verify_app", demoVerifyApp(), "12-05-1998", "1998-05-12"},
		{"helpdesk", helpdesk, "15-03-1998", "1998-03-15"},
	} {
		if body := renderPage(t, s, c.page, "id", everyone, c.data); !strings.Contains(body, c.id) || strings.Contains(body, c.iso) {
			t.Errorf("%s (id): the date is not %s (or %s is still shown)", c.page, c.id, c.iso)
		}
		if body := renderPage(t, s, c.page, "en", everyone, c.data); !strings.Contains(body, c.iso) || strings.Contains(body, c.id) {
			t.Errorf("%s (en): the date is not %s", c.page, c.iso)
		}
	}
}

// TestHeaderNamesTheUser: the header names the signed-in user by name,
// never by an applicant's NIK (their username).
func TestHeaderNamesTheUser(t *testing.T) {
	t.Parallel()
	s, _ := newTestServer(t)
	applicant := []identity.Role{identity.Applicant}
	for _, c := range []struct {
		p    *identity.Principal
		want string
	}{
		{&identity.Principal{UserID: 2, Username: "6271035205980099", Name: "Siti Aminah", Roles: applicant}, "Siti Aminah"},
		{&identity.Principal{UserID: 2, Username: "6271035205980099", Name: " ", Roles: applicant}, "Pelamar"},
		{&identity.Principal{UserID: 3, Username: "panitia", Name: "Rina Panitia Seleksi", Roles: []identity.Role{identity.Committee}},
			"Rina Panitia Seleksi"},
		{&identity.Principal{UserID: 3, Username: "panitia", Roles: []identity.Role{identity.Committee}}, "panitia"},
	} {
		body := renderPage(t, s, "procedure", "id", c.p, nil)
		head := body[:strings.Index(body, "</header>")]
		if !strings.Contains(head, `<strong id="whoami">`+c.want+`</strong>`) {
			t.Errorf("%s: the header does not name %q", c.p.Username, c.want)
		}
		if strings.Contains(head, "6271035205980099") {
			t.Errorf("%s: the header shows the NIK", c.p.Username)
		}
	}
}

// TestIPKOutOfRangeOnTheForm: an IPK typed out of range (4,75, -0,5) is
// refused beside the IPK field with the range, in the page's language;
// what is not a number says so.
func TestIPKOutOfRangeOnTheForm(t *testing.T) {
	t.Parallel()
	wib, _ := time.LoadLocation("Asia/Jakarta")
	e := newVerifyEnv(t, sqldbtest.Open(t, sqldb.SQLite), time.Date(2026, 12, 1, 9, 0, 0, 0, wib))
	if _, err := e.rec.RegisterApplicant(t.Context(), recruitment.NewApplicant{NIK: "6271031205980777", Name: "Budi Santoso",
		BirthPlace: "Palangka Raya", BirthDate: "1998-05-12", Gender: "M", Email: "budi@example.id", Phone: "081234567890",
		Password: "rahasia-123"}, "test", "id"); err != nil {
		t.Fatal(err)
	}
	token := e.token("6271031205980777")
	for _, c := range []struct{ ipk, lang, want string }{
		{"4,75", "id", "IPK harus antara 0,00 dan 4,00 (tertulis 4,75)"},
		{"4.75", "en", "The IPK must be between 0.00 and 4.00 (4.75 was entered)"},
		{"-0,5", "id", "IPK harus antara 0,00 dan 4,00 (tertulis -0,50)"},
		{"tiga", "id", "IPK harus angka, mis. 3,50"},
	} {
		form := url.Values{"formation_id": {strconv.FormatInt(e.form.ID, 10)}, "level": {"S1"}, "major": {"S1-TI"}, "ipk": {c.ipk}}
		req, _ := http.NewRequest("POST", e.hs.URL+"/lamaran?lang="+c.lang, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Authorization", "Bearer "+token)
		res, err := e.hs.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("IPK %s: %d, want 422", c.ipk, res.StatusCode)
		}
		if got := between(string(b), "ipk-error"); !strings.Contains(got, ">"+html.EscapeString(c.want)+"<") {
			t.Errorf("IPK %s: the field says %q, want %q", c.ipk, got, c.want)
		}
	}
}
