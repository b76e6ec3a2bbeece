package results

import (
	"context"
	"strconv"

	"asnpro/internal/apperr"
	"asnpro/internal/assess"
	"asnpro/internal/audit"
	"asnpro/internal/sqldb"
)

// Assessments reads an instrument's candidates and results (package
// assess).
type Assessments interface {
	Candidates(ctx context.Context, instrumentID int64) (*assess.Instrument, []assess.CandidateRow, error)
	FindInstruments(ctx context.Context, periodID int64) ([]*assess.Instrument, error)
}

// TakeAssessmentScores stores, as the period's scores of the SKB's
// additional test (ComponentSKBExtra, source panel), an assessment's
// results: each assessed candidate present with the mean of the
// dimensions' final scores on 1–5 scaled to 0–100 (× 20) — only for the
// candidates the SKD's ranking sends to SKB (P/L), whose test it is. Each of
// those must be complete (all assessors in, nothing waiting for the panel). Records score.take for each and scores.take. Errors:
// not_found (the instrument, or another period's), conflict (candidates
// not complete, counted).
func (s *Service) TakeAssessmentScores(ctx context.Context, periodID, instrumentID int64) (int, error) {
	if s.assessments == nil {
		return 0, apperr.E(apperr.NotFound, "assess.instrument_not_found")
	}
	in, rows, err := s.assessments.Candidates(ctx, instrumentID)
	if err != nil {
		return 0, err
	}
	if in.PeriodID != periodID {
		return 0, apperr.E(apperr.NotFound, "assess.instrument_not_found")
	}
	// The SKB's additional test is the SKB participants' (P/L): the others'
	// assessments are not taken.
	toSKB, err := s.ToSKB(ctx, periodID, 0)
	if err != nil {
		return 0, err
	}
	sits := map[int64]bool{}
	for _, c := range toSKB {
		sits[c.ApplicationID] = true
	}
	pending := 0
	now := s.now()
	scores := make([]Score, 0, len(rows))
	for _, r := range rows {
		if !sits[r.ApplicationID] {
			continue
		}
		if !r.Result.Complete {
			pending++
			continue
		}
		scores = append(scores, Score{ApplicationID: r.ApplicationID, PeriodID: periodID, Component: ComponentSKBExtra, Present: true,
			Milli: min(100000, r.Result.Milli*20), Source: SourcePanel, SourceRef: "instrument " + strconv.FormatInt(instrumentID, 10),
			RecordedAt: now})
	}
	if pending > 0 {
		return 0, apperr.E(apperr.Conflict, "results.take.assess_pending", "n", pending)
	}
	if len(scores) == 0 {
		return 0, apperr.E(apperr.FailedPrecondition, "results.take.assess_none")
	}
	err = s.db.Write(ctx, func(tx *sqldb.Tx) error {
		if err := putScores(ctx, tx, scores); err != nil {
			return err
		}
		for _, sc := range scores {
			if err := s.record(ctx, tx, scoreEvent("score.take", sc)); err != nil {
				return err
			}
		}
		return s.record(ctx, tx, audit.Event{Action: "scores.take", ObjectType: "period", ObjectID: strconv.FormatInt(periodID, 10),
			Data: map[string]any{"component": ComponentSKBExtra, "instrument": instrumentID, "present": len(scores)}})
	})
	if err != nil {
		return 0, err
	}
	s.scoresChanged()
	return len(scores), nil
}
