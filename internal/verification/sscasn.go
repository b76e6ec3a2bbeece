package verification

import (
	"context"
	"encoding/json"

	"asnpro/internal/identity"
	"asnpro/internal/recruitment"
	"asnpro/internal/sqldb"
)

// SourceSSCASN marks a decision imported from the SSCASN export
// (verifications.source; decided_by NULL, decided_at = the import time).
const SourceSSCASN = recruitment.SourceSSCASN

// ImportApplicants imports an SSCASN applicant export into a national
// period (recruitment.ImportApplicants) with the MS/TMS decided in SSCASN:
// each application enters verification already decided, so the
// announcement, the appeals and every later stage work as for a local
// period. p is the committee member importing (nil from the command
// line, which has no pact to check). Errors in API.md's order: forbidden
// (the period's pact), not_found (period), invalid (the row report),
// conflict (local applications in the period; results already announced).
func (s *Service) ImportApplicants(ctx context.Context, p *identity.Principal, periodID int64,
	f *recruitment.ApplicantFile) (*recruitment.ImportSummary, error) {
	if err := s.CheckImportAccess(ctx, p, periodID); err != nil {
		return nil, err
	}
	return s.rec.ImportApplicants(ctx, periodID, f.Header, f.Rows, recruitment.ApplicantImport{
		FileSHA256:   f.SHA256,
		Requirements: Requirements,
		Check: func(ctx context.Context, tx *sqldb.Tx, per *recruitment.Period) error {
			n, err := countAnnouncements(ctx, tx, per.ID, "")
			if err != nil {
				return err
			}
			if n > 0 {
				return ErrImportAnnounced
			}
			return nil
		},
		Imported: s.storeImported,
	})
}

// CheckImportAccess is the part of ImportApplicants's checks that needs no
// file (so a server can refuse before reading one): the period exists
// (not_found) and p has signed its pact (forbidden); p nil is the command line.
func (s *Service) CheckImportAccess(ctx context.Context, p *identity.Principal, periodID int64) error {
	if _, err := s.rec.FindPeriodByID(ctx, periodID, true); err != nil {
		return err
	}
	if p == nil {
		return nil
	}
	return s.requirePact(ctx, s.db.R, p, periodID)
}

// storeImported enters every imported application into verification with
// its SSCASN decision, inside the import's transaction (the import's
// application.import events carry the decisions).
func (s *Service) storeImported(ctx context.Context, tx *sqldb.Tx, apps []*recruitment.ImportedApplication) error {
	const q = `INSERT INTO verifications (application_id, period_id, formation_id, submitted_at, decision, reasons, decided_at, source)`
	if tx.Dialect() == "sqlite" {
		st, err := tx.PrepareContext(ctx, q+` VALUES ($1, $2, $3, $4, $5, $6, $4, 'sscasn')`)
		if err != nil {
			return sqldb.Translate(err, "prepare")
		}
		defer st.Close()
		for _, a := range apps {
			rs, _ := json.Marshal(a.Reasons)
			if _, err := st.ExecContext(ctx, a.ID, a.PeriodID, a.FormationID, *a.SubmittedAt, a.Decision, string(rs)); err != nil {
				return sqldb.Translate(err, "store decision")
			}
		}
		return nil
	}
	// PostgreSQL: one statement per 10,000 rows, the columns as arrays.
	const per = 10_000
	for start := 0; start < len(apps); start += per {
		chunk := apps[start:min(start+per, len(apps))]
		ids, periods, forms := make([]int64, len(chunk)), make([]int64, len(chunk)), make([]int64, len(chunk))
		decisions, reasons := make([]string, len(chunk)), make([]string, len(chunk))
		for i, a := range chunk {
			rs, _ := json.Marshal(a.Reasons)
			ids[i], periods[i], forms[i], decisions[i], reasons[i] = a.ID, a.PeriodID, a.FormationID, a.Decision, string(rs)
		}
		if _, err := tx.ExecContext(ctx,
			q+` SELECT id, pid, fid, $4, d, r, $4, 'sscasn' FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $5::text[],
  $6::text[]) AS t(id, pid, fid, d, r)`,
			ids, periods, forms, *chunk[0].SubmittedAt, decisions, reasons); err != nil {
			return sqldb.Translate(err, "store decisions")
		}
	}
	return nil
}
