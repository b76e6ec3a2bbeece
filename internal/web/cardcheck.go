package web

import (
	"net/http"
	"strings"

	"asnpro/internal/recruitment"
)

type cardCheckData struct {
	Number, Code string
	Checked, OK  bool
	Name         string
	Facts        *recruitment.CardFacts
}

// cardCheckPage: GET /kartu?nomor=&kode= — anyone (an exam venue, an
// employer) confirms that a registration card is genuine: the number
// belongs to a submitted application and the code matches it. It shows
// only the masked name, the formation, the period and the submission time.
func (s *Server) cardCheckPage(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	d := cardCheckData{Number: strings.TrimSpace(q.Get("nomor")), Code: strings.ToLower(strings.TrimSpace(q.Get("kode")))}
	if d.Number != "" || d.Code != "" {
		d.Checked = true
		facts, ok, err := s.rec.CheckCard(r.Context(), d.Number, d.Code)
		if err != nil {
			return err
		}
		if ok {
			d.OK, d.Facts, d.Name = true, facts, recruitment.MaskName(facts.Name)
		}
	}
	status := http.StatusOK
	if d.Checked && !d.OK {
		status = http.StatusNotFound
	}
	return s.render(w, r, status, "cardcheck", "card.check", d)
}
