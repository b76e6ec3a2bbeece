package results

import (
	"context"
	"strconv"

	"asnpro/internal/apperr"
	"asnpro/internal/audit"
	"asnpro/internal/exam"
	"asnpro/internal/sqldb"
)

// ExamResults is what the service reads of this system's exam sessions
// (package exam).
type ExamResults interface {
	StageResults(ctx context.Context, periodID int64, stage string) ([]exam.StageResult, error)
}

// Errors of taking the scores of exam sessions.
var (
	// ErrNoParticipants: the period has no session participant of that
	// stage.
	ErrNoParticipants = apperr.E(apperr.FailedPrecondition, "results.take.none")
	// ErrNotSKD: the SKD sessions' papers lack TWK, TIU or TKP.
	ErrNotSKD = apperr.E(apperr.FailedPrecondition, "results.take.not_skd")
)

func errPending(n int) error { return apperr.E(apperr.Conflict, "results.take.pending", "n", n) }

func errComponent() error {
	return apperr.InvalidMsgs(map[string]apperr.Msg{"component": apperr.M("results.component")})
}

// TakeSessionScores stores, as the period's scores of component
// (ComponentSKD or ComponentSKB), the results of its exam sessions of that
// stage: each participant who finished present with their attempt's scores
// (SKD: TWK, TIU, TKP points; SKB: the total over the maximum on 0–100,
// in thousandths rounded half up), each who never started a session that
// has closed absent. It replaces earlier scores of those applications and
// records score.take for each and scores.take for the whole, and returns
// how many were present and absent. Errors: invalid (component),
// failed_precondition (ErrNoParticipants; ErrNotSKD), conflict (someone
// has not finished yet).
func (s *Service) TakeSessionScores(ctx context.Context, periodID int64, component string) (present, absent int, err error) {
	if component != ComponentSKD && component != ComponentSKB {
		return 0, 0, errComponent()
	}
	if s.exams == nil {
		return 0, 0, ErrNoParticipants
	}
	rs, err := s.exams.StageResults(ctx, periodID, component)
	if err != nil {
		return 0, 0, err
	}
	if len(rs) == 0 {
		return 0, 0, ErrNoParticipants
	}
	now := s.now()
	scores := make([]Score, 0, len(rs))
	pending := 0
	for _, r := range rs {
		if r.Pending {
			pending++
			continue
		}
		sc := Score{ApplicationID: r.ApplicationID, PeriodID: periodID, Component: component, Present: r.Present, Source: SourceCAT,
			RecordedAt: now}
		if r.Present {
			sc.SourceRef = strconv.FormatInt(r.AttemptID, 10)
			if err := fillFromAttempt(&sc, r.Result); err != nil {
				return 0, 0, err
			}
			present++
		} else {
			absent++
		}
		scores = append(scores, sc)
	}
	if pending > 0 {
		return 0, 0, errPending(pending)
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
			Data: map[string]any{"component": component, "present": present, "absent": absent}})
	})
	s.scoresChanged()
	if err != nil {
		return 0, 0, err
	}
	return present, absent, nil
}

// fillFromAttempt sets sc's values from a finished attempt's result.
func fillFromAttempt(sc *Score, res *exam.AttemptResult) error {
	if sc.Component == ComponentSKB {
		if res.Max <= 0 {
			return ErrNotSKD
		}
		// total/max × 100 in thousandths, rounded half up.
		sc.Milli = int((int64(res.Total)*200000 + int64(res.Max)) / (2 * int64(res.Max)))
		return nil
	}
	got := 0
	for _, p := range res.Scores {
		switch p.Subtest {
		case exam.TWK:
			sc.TWK, got = p.Score, got+1
		case exam.TIU:
			sc.TIU, got = p.Score, got+1
		case exam.TKP:
			sc.TKP, got = p.Score, got+1
		}
	}
	if got != 3 || len(res.Scores) != 3 {
		return ErrNotSKD
	}
	return nil
}

// scoreEvent is the audit event of one stored score.
func scoreEvent(action string, sc Score) audit.Event {
	data := map[string]any{"period": sc.PeriodID, "component": sc.Component, "present": sc.Present, "source": sc.Source,
		"source_ref": sc.SourceRef}
	if sc.Present && sc.Component == ComponentSKD {
		data["twk"], data["tiu"], data["tkp"] = sc.TWK, sc.TIU, sc.TKP
	} else if sc.Present {
		data["milli"] = sc.Milli
	}
	if sc.ReusedYear != 0 {
		data["reused_year"] = sc.ReusedYear
	}
	return audit.Event{Action: action, ObjectType: "application", ObjectID: strconv.FormatInt(sc.ApplicationID, 10), Data: data}
}
