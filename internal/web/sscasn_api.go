package web

import (
	"io"
	"net/http"

	"asnpro/internal/identity"
	"asnpro/internal/recruitment"
	"asnpro/internal/report/csvsafe"
)

// apiApplicantsImport: POST /api/v1/periods/{id}/applicants/import — the
// SSCASN applicant export of a national round (CSV or XLSX, raw body or
// multipart field "file", at most 20 MB, told apart by content) with the
// MS/TMS decided there; all rows or none, with a report of every bad row
// → 200 {"imported","ms","tms","new_accounts"}.
func (s *Server) apiApplicantsImport(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p := identity.PrincipalFrom(r.Context())
	// The pact (403) and the period (404) come before the body is read.
	if err := s.ver.CheckImportAccess(r.Context(), p, id); err != nil {
		return err
	}
	if err := limitBody(w, r, recruitment.MaxApplicantFile+1<<20); err != nil {
		return err
	}
	body, name, err := fileBody(r, "upload")
	if err != nil {
		return err
	}
	f, err := recruitment.ReadApplicantFile(body, name)
	if err != nil {
		return tooLarge(err, "20 MB")
	}
	sum, err := s.ver.ImportApplicants(r.Context(), p, id, f)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, sum)
	return nil
}

// apiApplicantTemplate: GET /api/v1/applicant-template — an example of the
// SSCASN applicant export (CSV) that the import reads.
func (s *Server) apiApplicantTemplate(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="templat-pelamar-sscasn.csv"`)
	_, err := io.WriteString(w, csvsafe.BOM+recruitment.ApplicantTemplate) // a download: BOM first, as every CSV download
	return err
}
