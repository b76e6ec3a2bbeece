package app_test

import (
	"encoding/json"
	"html"
	"regexp"
	"strings"
	"testing"

	"asnpro/internal/app"
	"asnpro/internal/app/apptest"
	"asnpro/internal/sqldb"
)

// notice is one item of GET /api/v1/notifications.
type notice struct {
	ID    string `json:"id"`
	Kind  string `json:"kind"`
	Title string `json:"title"`
	Body  string `json:"body"`
}

var (
	noticesRE = regexp.MustCompile(`(?s)<ol class="notices" id="notifications">.*?</ol>`)
	letterRE  = regexp.MustCompile(`\p{L}+`)
)

// words returns the words of s (letters only) of at least four letters.
func words(s string) map[string]bool {
	out := map[string]bool{}
	for _, w := range letterRE.FindAllString(s, -1) {
		if len([]rune(w)) >= 4 {
			out[w] = true
		}
	}
	return out
}

// TestNotificationsInTheReadersLanguage: the demo applicant's notices read
// in English on /notifikasi?lang=en and from the API with ?lang=en, with no
// Indonesian word of the notice; in Indonesian (the default) with no
// English word of it.
func TestNotificationsInTheReadersLanguage(t *testing.T) {
	t.Parallel()
	srv := apptest.Start(t, sqldb.SQLite, "--demo")
	c := apptest.Client()
	tok := token(t, c, srv.URL, "pelamar", app.DemoPassword)
	list := func(query string) []notice {
		t.Helper()
		res, b := do(t, c, "GET", srv.URL+"/api/v1/notifications"+query, tok, nil)
		var out struct{ Items []notice }
		if err := json.Unmarshal(b, &out); res.StatusCode != 200 || err != nil {
			t.Fatalf("notifications%s: %d %s", query, res.StatusCode, b)
		}
		return out.Items
	}
	id, en, def := list("?lang=id"), list("?lang=en"), list("")
	if len(id) == 0 || len(id) != len(en) {
		t.Fatalf("the demo applicant has %d notices in Indonesian, %d in English", len(id), len(en))
	}
	submitted := false
	for i := range id {
		if id[i].ID != en[i].ID || id[i] != def[i] {
			t.Fatalf("notice %d: %+v / %+v / by default %+v", i, id[i], en[i], def[i])
		}
		if id[i].Title == en[i].Title || id[i].Body == en[i].Body {
			t.Errorf("notice %s reads the same in both languages: %q", id[i].ID, id[i].Title)
		}
		submitted = submitted || id[i].Kind == "application.submitted" && strings.HasPrefix(id[i].Title, "Lamaran terkirim") &&
			strings.HasPrefix(en[i].Title, "Application submitted") && !strings.Contains(id[i].Body, "submitted")
	}
	if !submitted {
		t.Errorf("no submission notice in either language: %+v / %+v", id, en)
	}
	for _, c := range []struct {
		lang       string
		want, not  []notice
		otherWords string
	}{{"en", en, id, "Indonesian"}, {"id", id, en, "English"}} {
		t.Run(c.lang, func(t *testing.T) {
			res, b := do(t, apptest.Client(), "GET", srv.URL+"/notifikasi?lang="+c.lang, tok, nil)
			section := noticesRE.FindString(string(b))
			if res.StatusCode != 200 || section == "" {
				t.Fatalf("/notifikasi?lang=%s: %d, no list of notices", c.lang, res.StatusCode)
			}
			text := html.UnescapeString(tagRE.ReplaceAllString(section, " "))
			shown := words(text)
			for i, n := range c.want {
				for _, s := range []string{n.Title, n.Body} {
					if !strings.Contains(text, strings.TrimSpace(s)) {
						t.Errorf("notice %s is not shown as %q", n.ID, s)
					}
				}
				// The words of the other language's text that this one lacks.
				mine := words(n.Title + " " + n.Body)
				for w := range words(c.not[i].Title + " " + c.not[i].Body) {
					if !mine[w] && shown[w] {
						t.Errorf("the %s page shows the %s word %q of notice %s", c.lang, c.otherWords, w, n.ID)
					}
				}
			}
		})
	}
}
