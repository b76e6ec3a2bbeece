package web

import (
	"bytes"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"asnpro/internal/apperr"
	"asnpro/internal/report"
)

// apiApplicationCard: GET /api/v1/applications/{id}/card.pdf — the
// registration card of a submitted application, for its owner only
// (404 for anyone else, 409 before submission).
func (s *Server) apiApplicationCard(w http.ResponseWriter, r *http.Request) error {
	a, err := s.ownApplication(r)
	if err != nil {
		return err
	}
	c, err := s.rec.RegistrationCard(r.Context(), a)
	if err != nil {
		return err
	}
	lang := langOf(r)
	doc := report.NewPDF(
		report.PDFOptions{Title: T(lang, "card.title") + " " + c.RegistrationNumber, Subject: c.PeriodName, Author: T(lang, "app.agency"),
			Header: T(lang, "app.agency") + " · " + c.PeriodName, Footer: T(lang, "card.footer"), Created: c.SubmittedAt},
	)
	doc.Heading(T(lang, "card.title"))
	pairs := [][2]string{
		{T(lang, "app.regno"), c.RegistrationNumber},
		{T(lang, "reg.name"), c.Name},
		{"NIK", c.MaskedNIK},
		{T(lang, "rec.code"), c.FormationCode},
		{T(lang, "rec.position"), c.Position},
		{T(lang, "rec.unit"), c.Unit},
		{T(lang, "card.period"), c.PeriodName},
		{T(lang, "app.submittedat"), c.SubmittedAt.In(wib).Format("02-01-2006 15:04") + " WIB"},
	}
	if len(c.Photo) > 0 {
		doc.KeyValuesBeside(c.Photo, 30, pairs)
	} else {
		doc.KeyValues(pairs)
	}
	doc.Hash(T(lang, "card.code"), c.Code)
	doc.Paragraph(T(lang, "card.check") + ": " + s.cardCheckURL(r, c.RegistrationNumber, c.Code))
	doc.Paragraph(T(lang, "card.note"))
	var buf bytes.Buffer
	if _, err := doc.WriteTo(&buf); err != nil {
		return apperr.Wrap(err, "card pdf")
	}
	h := w.Header()
	h.Set("Content-Type", "application/pdf")
	h.Set("Cache-Control", "private, no-store")
	h.Set("Content-Disposition", `inline; filename="kartu-`+a.RegistrationNumber+`.pdf"`)
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(http.StatusOK)
	_, err = w.Write(buf.Bytes())
	return err
}

// cardCheckURL is the absolute address at which anyone checks a card:
// under --public-url, else under the address the request came to.
func (s *Server) cardCheckURL(r *http.Request, number, code string) string {
	base := strings.TrimRight(s.cfg.PublicURL, "/")
	if base == "" {
		scheme := "http"
		if s.secure(r) {
			scheme = "https"
		}
		base = scheme + "://" + r.Host
	}
	return base + "/kartu?" + url.Values{"nomor": {number}, "kode": {code}}.Encode()
}
