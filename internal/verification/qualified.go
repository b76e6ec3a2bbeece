package verification

import (
	"context"
	"database/sql"
	"errors"

	"asnpro/internal/sqldb"
)

// Qualified is an application announced as meeting the administration
// requirements (MS): who may sit the period's written test.
type Qualified struct {
	ApplicationID      int64
	UserID             int64 // the applicant's account
	FormationID        int64
	RegistrationNumber string
	// Category is the formation's category (umum, cumlaude, …), the one
	// its grade is judged in.
	Category string
}

// FindQualified lists the applications of a period whose latest announced
// administration result (the appeal stage's list when it was published
// after the first one) is MS, by registration number; formationID > 0
// narrows them to one formation. A period with nothing announced has none.
// What counts is what was announced: a decision changed since is not
// taken until a new version is published.
func (s *Service) FindQualified(ctx context.Context, periodID, formationID int64) ([]Qualified, error) {
	var annID int64
	err := s.db.R.QueryRowContext(ctx, `SELECT id FROM announcements WHERE period_id = $1 AND stage IN ($2, $3)
ORDER BY published_at DESC, id DESC LIMIT 1`, periodID, StageAdministration, StageAppeal).Scan(&annID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, sqldb.Translate(err, "latest announcement")
	}
	var out []Qualified
	err = sqldb.RunQuery(ctx, s.db.R, `SELECT a.id, ap.user_id, a.formation_id, a.registration_number, f.category
FROM announcement_items i JOIN applications a ON a.id = i.application_id JOIN applicants ap ON ap.id = a.applicant_id
  JOIN formations f ON f.id = a.formation_id
WHERE i.announcement_id = $1 AND i.result = 'MS' AND ($2 = 0 OR a.formation_id = $2)
ORDER BY a.registration_number`, func(r *sql.Rows) error {
		var q Qualified
		err := r.Scan(&q.ApplicationID, &q.UserID, &q.FormationID, &q.RegistrationNumber, &q.Category)
		out = append(out, q)
		return err
	}, annID, formationID)
	return out, sqldb.Translate(err, "qualified applications")
}

// FindQualifiedIDs is FindQualified's applications of the whole period,
// their IDs only, in no particular order: what the ranking of a period
// reads (one range of the latest announcement's rows).
func (s *Service) FindQualifiedIDs(ctx context.Context, periodID int64) ([]int64, error) {
	var annID int64
	err := s.db.R.QueryRowContext(ctx, `SELECT id FROM announcements WHERE period_id = $1 AND stage IN ($2, $3)
ORDER BY published_at DESC, id DESC LIMIT 1`, periodID, StageAdministration, StageAppeal).Scan(&annID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, sqldb.Translate(err, "latest announcement")
	}
	var out []int64
	err = sqldb.RunQuery(ctx, s.db.R, `SELECT application_id FROM announcement_items WHERE announcement_id = $1 AND result = 'MS'`,
		func(r *sql.Rows) error {
			var id int64
			err := r.Scan(&id)
			out = append(out, id)
			return err
		}, annID)
	return out, sqldb.Translate(err, "qualified applications")
}
