package web

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"

	"asnpro/internal/identity"
	"asnpro/internal/recruitment"
	"asnpro/internal/selection"
)

// TestOwnSchemeRenders: the ranking page of a period outside the CPNS
// rounds shows its integration scheme and form, with refusals beside the
// rows, instead of the SKB's make-up and the taking of the exam sessions.
func TestOwnSchemeRenders(t *testing.T) {
	t.Parallel()
	s, _ := newTestServer(t)
	d := demoRanking()
	d.P.Period.Kind = recruitment.KindJPT
	d.Own = &ownForm{Name: "Seleksi terbuka JPT", JPT: true,
		Scheme: &selection.OwnScheme{Name: "Seleksi terbuka JPT", Components: []selection.Component{
			{Key: "instrument_4", Name: "Wawancara", Weight: 60, Minimum: 60000}, {Key: "skb", Name: "CAT", Weight: 40}}},
		Rows: []ownRow{{Source: "instrument_4", Label: "Wawancara", Kind: "interview", Weight: "60", Minimum: "60"},
			{Source: "skb", Weight: "50", Minimum: "0"}},
		Fields: map[string]string{"weights": "Jumlah bobot harus 100; sekarang 110", "minimum.instrument_4": "Nilai minimum salah"}}
	for _, lang := range []string{langID, langEN} {
		r := httptest.NewRequest("GET", "/x", nil)
		r = r.WithContext(identity.WithPrincipal(context.WithValue(r.Context(), langKey, lang),
			&identity.Principal{UserID: 1, Username: "panitia", Name: "Panitia", Roles: []identity.Role{identity.Committee}}))
		w := httptest.NewRecorder()
		if err := s.render(w, r, 200, "committee_ranking", "ranking.title", d); err != nil {
			t.Fatal(err)
		}
		body := w.Body.String()
		for _, want := range []string{`id="own-scheme"`, `id="own-form"`, `id="own-jpt"`,
			`name="weight_instrument_4" type="number" min="0" max="100" value="60"`,
			`id="weights-error"`, "Nilai minimum salah", `name="minimum_skb"`} {
			if !strings.Contains(body, want) {
				t.Errorf("%s: no %s", lang, want)
			}
		}
		for _, absent := range []string{`id="skb-form"`, `id="take-skd"`, "[["} {
			if strings.Contains(body, absent) {
				t.Errorf("%s: %s on an own selection's page", lang, absent)
			}
		}
	}
}

// TestNum: a stored decimal in the page's language; anything else as given.
func TestNum(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ lang, in, want string }{
		{langID, "82.125", "82,125"}, {langID, "-0.5", "-0,5"}, {langEN, "82.125", "82.125"}, {langID, "449", "449"},
		{langID, "PKY-1.2", "PKY-1.2"}, {langID, "", ""}, {langID, "1.2.3", "1.2.3"}, {langID, ".5", ".5"},
	} {
		if got := (&page{Lang: tc.lang}).Num(tc.in); got != tc.want {
			t.Errorf("%s %q: %q, want %q", tc.lang, tc.in, got, tc.want)
		}
	}
}
