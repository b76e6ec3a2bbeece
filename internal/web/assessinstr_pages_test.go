package web

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"

	"asnpro/internal/assess"
	"asnpro/internal/identity"
)

// demoScoringList: an interview's candidates, a psychotest's upload form
// with a refused file, and a paper's candidate by code with its conflict
// form refused.
func demoScoringList() scoringData {
	psy := &assess.Instrument{ID: 4, PeriodID: 2, Kind: assess.KindPsychotest, Name: "Psikotes", Assessors: 2, Dimensions: demoDims()[:2]}
	pap := &assess.Instrument{ID: 5, PeriodID: 2, Kind: assess.KindPaper, Name: "Makalah", Assessors: 2, Dimensions: demoDims()[:2]}
	return scoringData{List: []assess.Assigned{demoAssigned(false), demoAssigned(true),
		{Instrument: psy, ApplicationID: 11, RegistrationNumber: "1", Name: "Siti"},
		{Instrument: pap, ApplicationID: 12, Code: "MK-ABCDE"}}, Flash: "Nilai terkirim.",
		Imports:  []scoreImportForm{{In: psy, Header: strings.Join(assess.ImportHeader(psy), ",")}},
		Import:   &importReport{Error: "Ditolak", Rows: []importRow{{Line: 2, Column: "rekomendasi", Message: "Pilih"}}},
		ImportIn: 4, Papers: []paperConflictForm{{In: pap, Names: []string{"Rudi", "Siti"}}}, PaperIn: 5, PaperPick: "1:Siti",
		Fields: map[string]string{"candidate": "Pilih", "note": "Wajib"}, Error: "x"}
}

// renderInstrPage renders a page with data as a committee member who is also
// an assessor, in both languages, failing on a missing catalogue key.
func renderInstrPage(t *testing.T, s *Server, name string, data any) string {
	t.Helper()
	var out string
	for _, lang := range []string{langID, langEN} {
		r := httptest.NewRequest("GET", "/x", nil)
		r = r.WithContext(identity.WithPrincipal(context.WithValue(r.Context(), langKey, lang),
			&identity.Principal{UserID: 1, Username: "u", Name: "U", Roles: identity.AllRoles}))
		w := httptest.NewRecorder()
		if err := s.render(w, r, 200, name, "home.title", data); err != nil {
			t.Fatalf("%s/%s: %v", name, lang, err)
		}
		body := w.Body.String()
		if i := strings.Index(body, "[["); i >= 0 {
			t.Fatalf("%s/%s: missing catalogue key: %s", name, lang, body[i:][:40])
		}
		if lang == langID {
			out = body
		}
	}
	return out
}

// TestAssessInstrPagesRender: a psychotest's instrument page shows each
// recommendation and the final one, a paper's its codes and the code
// list; a psychologist's sheet has the recommendation; a paper's sheet and
// list show the code, never the name or number.
func TestAssessInstrPagesRender(t *testing.T) {
	t.Parallel()
	s, _ := newTestServer(t)
	d := demoInstrument()
	d.In.Kind = assess.KindPsychotest
	d.Rows[1].Recommendations, d.Rows[1].Recommendation = []string{assess.Recommended, assess.NotRecommended}, assess.NotRecommended
	body := renderInstrPage(t, s, "instrument", d)
	if !strings.Contains(body, `id="restricted"`) || !strings.Contains(cutOut(body, `id="rec-12"`, "</td>"), "Akhir: Tidak disarankan") {
		t.Fatalf("psychotest instrument: %s", cutOut(body, `id="candidates"`, "</table>"))
	}
	d = demoInstrument()
	d.In.Kind = assess.KindPaper
	d.Rows[0].Code = "MK-ABCDE"
	body = renderInstrPage(t, s, "instrument", d)
	if !strings.Contains(body, `href="/panitia/asesmen/3/kode.csv"`) || !strings.Contains(body, "MK-ABCDE") {
		t.Fatal("paper instrument: no code or code list")
	}
	psy := demoAssigned(true)
	psy.Instrument.Kind = assess.KindPsychotest
	psy.Recommendation, psy.OtherRecommendations, psy.FinalRecommendation = assess.Recommended, []string{assess.Considered},
		assess.Considered
	body = renderInstrPage(t, s, "scoring", scoringData{A: &psy, Recs: assess.Recommendations})
	if !strings.Contains(body, `id="final-rec"`) || !strings.Contains(body, "Dipertimbangkan") {
		t.Fatal("the psychologist's sheet: no recommendations")
	}
	open := demoAssigned(false)
	open.Instrument.Kind = assess.KindPsychotest
	body = renderInstrPage(t, s, "scoring", scoringData{A: &open, Recs: assess.Recommendations,
		Fields: map[string]string{"recommendation": "Pilih rekomendasi"}, Typed: map[string]string{"recommendation": "disarankan"}})
	if !strings.Contains(body, `id="rec-disarankan" checked`) || !strings.Contains(body, `id="recommendation-error"`) {
		t.Fatal("the psychologist's form: no recommendation")
	}
	for _, submitted := range []bool{false, true} {
		pap := demoAssigned(submitted)
		pap.Instrument.Kind, pap.Code, pap.Name, pap.RegistrationNumber = assess.KindPaper, "MK-ABCDE", "", ""
		body = renderInstrPage(t, s, "scoring", scoringData{A: &pap})
		if !strings.Contains(body, "MK-ABCDE") {
			t.Fatal("a paper's sheet: no code")
		}
	}
	body = renderInstrPage(t, s, "scoring_list", demoScoringList())
	paperRow := cutOut(body, `id="score-5-12"`, "</tr>")
	if !strings.Contains(body, `<td class="code">MK-ABCDE</td>`) || strings.Contains(paperRow, "Siti") ||
		!strings.Contains(body, `value="1:Siti" selected`) || !strings.Contains(body, `id="import-errors"`) {
		t.Fatal("the assessor's list")
	}
}

// cutOut is the part of s from the first from to the next to after it.
func cutOut(s, from, to string) string {
	i := strings.Index(s, from)
	if i < 0 {
		return ""
	}
	s = s[i:]
	if j := strings.Index(s, to); j >= 0 {
		return s[:j]
	}
	return s
}
