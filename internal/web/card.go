package web

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strconv"
	"time"

	"asnpro/internal/apperr"
	"asnpro/internal/recruitment"
	"asnpro/internal/report"
)

// CardCode is the verification code printed on a registration card: the
// first 16 hex characters of SHA-256 over
// "registration_number|nik|submitted_at" (submitted_at in RFC 3339, UTC).
// A public page can recompute it from the stored application.
func CardCode(registrationNumber, nik string, submittedAt time.Time) string {
	sum := sha256.Sum256([]byte(registrationNumber + "|" + nik + "|" + submittedAt.UTC().Format(time.RFC3339)))
	return hex.EncodeToString(sum[:])[:16]
}

// maskNIK shows only the last four digits of a NIK.
func maskNIK(nik string) string {
	if len(nik) <= 4 {
		return nik
	}
	b := bytes.Repeat([]byte("*"), len(nik)-4)
	return string(b) + nik[len(nik)-4:]
}

var errCardNotSubmitted = &apperr.Error{Code: apperr.FailedPrecondition, Message: "Kartu pendaftaran tersedia setelah lamaran dikirim",
	MessageEN: "The registration card is available once the application is submitted"}

// apiApplicationCard: GET /api/v1/applications/{id}/card.pdf — the
// registration card of a submitted application, for its owner only
// (404 for anyone else, 409 before submission).
func (s *Server) apiApplicationCard(w http.ResponseWriter, r *http.Request) error {
	a, err := s.ownApplication(r)
	if err != nil {
		return err
	}
	if a.Status != recruitment.StatusSubmitted || a.SubmittedAt == nil {
		return errCardNotSubmitted
	}
	ctx := r.Context()
	ap, err := s.rec.FindApplicantByUser(ctx, a.ApplicantUserID)
	if err != nil {
		return err
	}
	f, err := s.rec.FindFormationByID(ctx, a.FormationID, true)
	if err != nil {
		return err
	}
	p, err := s.rec.FindPeriodByID(ctx, a.PeriodID, true)
	if err != nil {
		return err
	}
	var photo []byte
	for _, d := range a.Documents {
		if d.Kind == "pas_foto" {
			b, err := s.rec.ReadBlob(ctx, d.SHA256)
			if err != nil && apperr.CodeOf(err) != apperr.NotFound {
				return apperr.Wrap(err, "card photo")
			}
			photo = b
		}
	}
	lang := langOf(r)
	code := CardCode(a.RegistrationNumber, ap.NIK, *a.SubmittedAt)
	doc := report.NewPDF(report.PDFOptions{Title: T(lang, "card.title") + " " + a.RegistrationNumber, Subject: p.Name, Author: T(lang, "app.agency"),
		Header: T(lang, "app.agency") + " · " + p.Name, Footer: T(lang, "card.footer"), Created: *a.SubmittedAt})
	doc.Heading(T(lang, "card.title"))
	pairs := [][2]string{
		{T(lang, "app.regno"), a.RegistrationNumber},
		{T(lang, "reg.name"), ap.Name},
		{"NIK", maskNIK(ap.NIK)},
		{T(lang, "rec.code"), f.Code},
		{T(lang, "rec.position"), f.Position},
		{T(lang, "rec.unit"), f.Unit},
		{T(lang, "card.period"), p.Name},
		{T(lang, "app.submittedat"), a.SubmittedAt.In(wib).Format("02-01-2006 15:04") + " WIB"},
	}
	if len(photo) > 0 {
		doc.KeyValuesBeside(photo, 30, pairs)
	} else {
		doc.KeyValues(pairs)
	}
	doc.Hash(T(lang, "card.code"), code)
	doc.Paragraph(T(lang, "card.check") + ": /kartu?nomor=" + a.RegistrationNumber + "&kode=" + code)
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
