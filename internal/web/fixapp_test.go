package web

import (
	"context"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"asnpro/internal/identity"
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
		if n := len(regexp.MustCompile(`(?i)\b` + c.notUploaded).FindAllString(li, -1)); n != 1 {
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
