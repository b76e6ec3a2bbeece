package performance

import (
	"context"
	"database/sql"
	"errors"
	"io"

	"asnpro/internal/apperr"
	"asnpro/internal/sqldb"
	"asnpro/internal/upload"
)

// EvidenceRule is what an evidence file may be: a PDF or a JPEG of at most
// 2 MB, checked by its content.
var EvidenceRule = upload.Rule{Formats: []upload.Format{upload.PDF, upload.JPEG}, MaxBytes: 2 << 20}

// AddEvidenceFile adds evidence with a file (a PDF or JPEG, at most 2 MB)
// to the viewer's own approved plan, for one of its results, with an
// optional note (skp.note). Errors: not_found, forbidden (not the plan's
// employee), invalid (result_id; the text; an empty or damaged file),
// too_large, unsupported_media_type (not a PDF or JPEG by its content),
// conflict (the plan is not approved).
func (s *Service) AddEvidenceFile(ctx context.Context, v Viewer, planID, resultID int64, text string, body io.Reader,
	filename string) error {
	p, a, err := s.seePlan(ctx, v, planID)
	if err != nil {
		return err
	}
	if !a.Owner {
		return ErrNotOwner
	}
	if text == "" {
		text = "—"
	}
	if err := checkText("text", &text, 2000); err != nil {
		return err
	}
	f, err := upload.Receive(ctx, body, EvidenceRule, s.tempDir)
	if err != nil {
		var ue *upload.Error
		if errors.As(err, &ue) {
			return ue.AppError()
		}
		return err
	}
	defer f.Remove()
	if err := s.blobs.Place(f); err != nil {
		return apperr.Wrap(err, "store evidence")
	}
	name := upload.SafeName(filename)
	return s.db.Write(ctx, func(tx *sqldb.Tx) error {
		var status string
		var n int
		err := tx.QueryRowContext(ctx, `SELECT status, (SELECT count(*) FROM skp_results WHERE id = $2 AND plan_id = $1)
FROM skp_plans WHERE id = $1`, p.ID, resultID).Scan(&status, &n)
		switch {
		case err != nil:
			return sqldb.Translate(err, "plan status")
		case status != StatusApproved:
			return ErrNotApproved
		case n == 0:
			return invalid("result_id", "skp.result")
		}
		at := sqldb.Now(s.now())
		if err := s.blobs.Record(ctx, tx, f, at); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO skp_notes (plan_id, result_id, kind, text, link, file_sha256, file_type, file_name,
  by_user, at) VALUES ($1, $2, 'evidence', $3, '', $4, $5, $6, $7, $8)`, p.ID, resultID, text, f.SHA256, f.ContentType, name,
			nullID(v.UserID), at); err != nil {
			return sqldb.Translate(err, "insert evidence")
		}
		return s.record(ctx, tx, at, "skp.note", "skp", p.ID, map[string]any{"kind": NoteEvidence, "result": idText(resultID),
			"text": text, "file": f.SHA256, "file_name": name, "size": f.Size})
	})
}

// EvidenceFile returns an evidence file of a plan v may see: its bytes and
// how it is described. Errors: not_found.
func (s *Service) EvidenceFile(ctx context.Context, v Viewer, noteID int64) ([]byte, NoteFile, error) {
	var plan int64
	var f NoteFile
	err := s.db.R.QueryRowContext(ctx, `SELECT plan_id, file_sha256, file_type, file_name FROM skp_notes WHERE id = $1 AND file_sha256 <> ''`,
		noteID).Scan(&plan, &f.SHA256, &f.ContentType, &f.Name)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, f, ErrEvidenceNotFound
	}
	if err != nil {
		return nil, f, sqldb.Translate(err, "evidence")
	}
	if _, _, err := s.seePlan(ctx, v, plan); err != nil {
		if errors.Is(err, ErrPlanNotFound) {
			err = ErrEvidenceNotFound
		}
		return nil, f, err
	}
	b, err := s.blobs.Read(ctx, f.SHA256)
	return b, f, err
}
