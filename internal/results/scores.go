package results

import (
	"context"
	"database/sql"
	"time"

	"asnpro/internal/sqldb"
)

// Components of a period's selection.
const (
	// ComponentSKD: the basic competence test (TWK, TIU, TKP points).
	ComponentSKD = "skd"
	// ComponentSKB: the SKB CAT, 0–100 in thousandths.
	ComponentSKB = "skb"
)

// Sources of a score.
const (
	SourceCAT    = "cat"    // an attempt of this system's exam session
	SourceImport = "import" // a CAT BKN export
	SourcePanel  = "panel"  // assessors
)

// Score is a candidate's score in one component.
type Score struct {
	ApplicationID int64
	PeriodID      int64
	Component     string
	Present       bool
	// TWK, TIU, TKP: the SKD's points (present SKD only).
	TWK, TIU, TKP int
	// Milli is a 0–100 score in thousandths (85.125 → 85125; present
	// components other than the SKD).
	Milli      int
	Source     string
	SourceRef  string
	ReusedYear int // SKD carried over from that year (0: none)
	RecordedAt time.Time
}

// putScores stores scores, inside tx, replacing each application's
// earlier score of the same component.
func putScores(ctx context.Context, tx *sqldb.Tx, scores []Score) error {
	for _, sc := range scores {
		var twk, tiu, tkp, milli, reused any
		if sc.Present && sc.Component == ComponentSKD {
			twk, tiu, tkp = sc.TWK, sc.TIU, sc.TKP
		} else if sc.Present {
			milli = sc.Milli
		}
		if sc.ReusedYear != 0 {
			reused = sc.ReusedYear
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO selection_scores (application_id, period_id, component, present, twk, tiu, tkp,
score_milli, source, source_ref, reused_year, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
ON CONFLICT (application_id, component) DO UPDATE SET present = excluded.present, twk = excluded.twk, tiu = excluded.tiu,
tkp = excluded.tkp, score_milli = excluded.score_milli, source = excluded.source, source_ref = excluded.source_ref,
reused_year = excluded.reused_year, recorded_at = excluded.recorded_at`,
			sc.ApplicationID, sc.PeriodID, sc.Component, sc.Present, twk, tiu, tkp, milli, sc.Source, sc.SourceRef, reused,
			sqldb.Now(sc.RecordedAt))
		if err != nil {
			return sqldb.Translate(err, "store score")
		}
	}
	return nil
}

// FindScores returns a period's scores of one component, by application.
func (s *Service) FindScores(ctx context.Context, periodID int64, component string) (map[int64]Score, error) {
	out := map[int64]Score{}
	err := sqldb.RunQuery(ctx, s.db.R, `SELECT application_id, present, twk, tiu, tkp, score_milli, source, source_ref, reused_year,
recorded_at FROM selection_scores WHERE period_id = $1 AND component = $2`, func(r *sql.Rows) error {
		sc := Score{PeriodID: periodID, Component: component}
		var twk, tiu, tkp, milli, reused sql.NullInt64
		if err := r.Scan(&sc.ApplicationID, &sc.Present, &twk, &tiu, &tkp, &milli, &sc.Source, &sc.SourceRef, &reused,
			&sc.RecordedAt); err != nil {
			return err
		}
		sc.TWK, sc.TIU, sc.TKP, sc.Milli, sc.ReusedYear = int(twk.Int64), int(tiu.Int64), int(tkp.Int64), int(milli.Int64),
			int(reused.Int64)
		out[sc.ApplicationID] = sc
		return nil
	}, periodID, component)
	return out, sqldb.Translate(err, "find scores")
}
