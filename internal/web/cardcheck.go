package web

import (
	"crypto/subtle"
	"net/http"
	"strings"

	"asnpro/internal/apperr"
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
		facts, err := s.rec.FindCardFacts(r.Context(), d.Number)
		if err != nil && apperr.CodeOf(err) != apperr.NotFound {
			return err
		}
		if facts != nil {
			want := CardCode(facts.RegistrationNumber, facts.NIK, facts.SubmittedAt)
			if subtle.ConstantTimeCompare([]byte(want), []byte(d.Code)) == 1 {
				d.OK, d.Facts, d.Name = true, facts, recruitment.MaskName(facts.Name)
			}
		}
	}
	status := http.StatusOK
	if d.Checked && !d.OK {
		status = http.StatusNotFound
	}
	return s.render(w, r, status, "cardcheck", "card.check", d)
}
