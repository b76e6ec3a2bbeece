package web

import (
	"net/http"
	"net/url"
	"sort"
)

// Irreversible actions ask first, without JavaScript: their form posts
// without confirm=1, and the handler answers this confirmation page, which
// posts the same fields again with confirm=1. Nothing changes and nothing
// is recorded until then (as /simulasi/{id}/selesai does).

// confirmKey is the form field that says the action was confirmed.
const confirmKey = "confirm"

// confirmAsk is what one irreversible action asks: its name and what it
// does that cannot be undone, by catalogue key, and the page to go back to.
type confirmAsk struct {
	Title string // catalogue key: the heading and the page's title
	What  string // catalogue key: the consequence
	Args  []any  // the What message's arguments
	Back  string // where "cancel" leads
}

// confirmField is one posted field carried to the confirmation.
type confirmField struct{ Name, Value string }

type confirmData struct {
	Ask    confirmAsk
	Action string         // the address the form posted to
	Fields []confirmField // what it posted, sent again with confirm=1
}

// confirmed reports whether r's (parsed) form carries confirm=1; when it
// does not, it answers the confirmation page (200) and changes nothing.
func (s *Server) confirmed(w http.ResponseWriter, r *http.Request, a confirmAsk) (bool, error) {
	if r.PostFormValue(confirmKey) == "1" {
		return true, nil
	}
	d := confirmData{Ask: a, Action: (&url.URL{Path: r.URL.Path, RawQuery: r.URL.RawQuery}).String()}
	names := make([]string, 0, len(r.PostForm))
	for k := range r.PostForm {
		if k != confirmKey {
			names = append(names, k)
		}
	}
	sort.Strings(names)
	for _, k := range names {
		for _, v := range r.PostForm[k] {
			d.Fields = append(d.Fields, confirmField{Name: k, Value: v})
		}
	}
	return false, s.render(w, r, http.StatusOK, "confirm_action", a.Title, d)
}

// Text returns the consequence in the page's language.
func (d confirmData) Text(lang string) string { return T(lang, d.Ask.What, d.Ask.Args...) }
