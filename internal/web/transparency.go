package web

import (
	"encoding/base64"
	"net/http"
	"time"

	"asnpro/internal/apperr"
	"asnpro/internal/audit"
	"asnpro/internal/audit/chain"
)

type transparencyData struct {
	PublicKey   string
	Fingerprint string
	Latest      *audit.StoredCheckpoint
	History     []audit.StoredCheckpoint
}

// transparencyPage: GET /transparency — the pinned key, its fingerprint,
// the checkpoint history and how to verify.
func (s *Server) transparencyPage(w http.ResponseWriter, r *http.Request) error {
	cps, err := s.audit.Checkpoints(r.Context(), 50)
	if err != nil {
		return apperr.Wrap(err, "checkpoints")
	}
	pub := s.audit.PublicKey()
	d := transparencyData{PublicKey: base64.StdEncoding.EncodeToString(pub), Fingerprint: chain.Fingerprint(pub), History: cps}
	if len(cps) > 0 {
		d.Latest = &cps[0]
	}
	return s.render(w, r, http.StatusOK, "transparency", "tr.title", d)
}

// apiCheckpoint: GET /api/v1/transparency/checkpoint — the newest signed
// checkpoint, exactly the body that `asnpro audit verify --since` reads.
func (s *Server) apiCheckpoint(w http.ResponseWriter, r *http.Request) error {
	cp, ok, err := s.audit.Latest(r.Context())
	if err != nil {
		return apperr.Wrap(err, "latest checkpoint")
	}
	if !ok {
		return apperr.E(apperr.NotFound, "web.no_checkpoint")
	}
	writeJSON(w, http.StatusOK, cp)
	return nil
}

type checkpointJSON struct {
	Size      int64     `json:"size"`
	Head      string    `json:"head"`
	SignedAt  time.Time `json:"signed_at"`
	Signature string    `json:"signature"`
	PublicKey string    `json:"public_key"`
	Reason    string    `json:"reason"`
}

// apiCheckpoints: GET /api/v1/transparency/checkpoints — the history, newest first.
func (s *Server) apiCheckpoints(w http.ResponseWriter, r *http.Request) error {
	limit, offset, err := paging(r)
	if err != nil {
		return err
	}
	cps, err := s.audit.Checkpoints(r.Context(), limit+offset)
	if err != nil {
		return apperr.Wrap(err, "checkpoints")
	}
	out := list[checkpointJSON]{Items: []checkpointJSON{}}
	for i, c := range cps {
		if i < offset {
			continue
		}
		out.Items = append(
			out.Items,
			checkpointJSON{
				Size:      c.Size,
				Head:      c.HeadHex(),
				SignedAt:  c.SignedAt.UTC(),
				Signature: base64.StdEncoding.EncodeToString(c.Signature),
				PublicKey: base64.StdEncoding.EncodeToString(c.PublicKey),
				Reason:    c.Reason,
			},
		)
	}
	out.Total = len(out.Items) + offset
	writeJSON(w, http.StatusOK, out)
	return nil
}

// apiAuditExport: GET /api/v1/transparency/events — the redacted chain as
// JSON Lines (digests only, no personal data), for `asnpro audit verify --from`.
func (s *Server) apiAuditExport(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "application/x-ndjson")
	w.Header().Set("Content-Disposition", `attachment; filename="asnpro-audit.jsonl"`)
	_, err := audit.Export(r.Context(), s.db.R, w)
	if err != nil {
		s.log.ErrorContext(r.Context(), "audit export", "err", err)
	}
	return nil
}
