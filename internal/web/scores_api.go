package web

import (
	"bytes"
	"context"
	"net/http"
	"strconv"

	"asnpro/internal/identity"
	"asnpro/internal/results"
	"asnpro/internal/verification"
)

// qualifiedIDs reads the applications a period announced MS from ver (nil:
// none), for the results service.
func qualifiedIDs(ver *verification.Service) func(context.Context, int64) ([]int64, error) {
	return func(ctx context.Context, periodID int64) ([]int64, error) {
		if ver == nil {
			return nil, nil
		}
		qs, err := ver.FindQualified(ctx, periodID, 0)
		ids := make([]int64, len(qs))
		for i, q := range qs {
			ids[i] = q.ApplicationID
		}
		return ids, err
	}
}

// apiScoresImport: POST /api/v1/periods/{id}/scores/import?component=skd|skb
// — CAT BKN's SKD or SKB result export (CSV or XLSX, raw body or multipart
// field "file", at most 20 MB, told apart by content); all rows or none,
// with a report of every bad row → 200 {"imported","present","absent","reused"}.
func (s *Server) apiScoresImport(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	// The pact (403) and the period (404) come before the body is read.
	if err := s.ver.CheckImportAccess(r.Context(), identity.PrincipalFrom(r.Context()), id); err != nil {
		return err
	}
	sum, err := s.importScores(w, r, id, r.URL.Query().Get("component"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, sum)
	return nil
}

// importScores reads the request's file (at most 20 MB) and imports it as
// the scores of component.
func (s *Server) importScores(w http.ResponseWriter, r *http.Request, id int64, component string) (*results.ImportSummary, error) {
	if component != results.ComponentSKD && !results.Scored(component) {
		return s.results.ImportScores(r.Context(), id, component, nil) // invalid, on the field component
	}
	if err := limitBody(w, r, results.MaxScoreFile+1<<20); err != nil {
		return nil, err
	}
	body, _, err := fileBody(r, "upload")
	if err != nil {
		return nil, err
	}
	sum, err := s.results.ImportScores(r.Context(), id, component, body)
	return sum, tooLarge(err, "20 MB")
}

// apiScoreTemplate: GET /api/v1/score-template?component=skd|skb[&format=csv|xlsx]
// — an example of CAT BKN's result export that the score import reads.
func (s *Server) apiScoreTemplate(w http.ResponseWriter, r *http.Request) error {
	format, err := fileFormat(r)
	if err != nil {
		return err
	}
	component := r.URL.Query().Get("component")
	var buf bytes.Buffer
	if err := results.WriteTemplate(&buf, component, format); err != nil {
		return err
	}
	ct := "text/csv; charset=utf-8"
	if format == "xlsx" {
		ct = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Content-Disposition", `attachment; filename="templat-nilai-`+component+"."+format+`"`)
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	_, err = w.Write(buf.Bytes())
	return err
}
