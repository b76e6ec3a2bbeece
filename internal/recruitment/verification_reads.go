package recruitment

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"asnpro/internal/apperr"
	"asnpro/internal/sqldb"
)

// What verification asks of recruitment about an application, beyond the
// Find methods: small reads by id, and the mark of the first announcement.

// ApplicationRef names an application and its applicant.
type ApplicationRef struct {
	ID                 int64
	PeriodID           int64
	ApplicantID        int64
	ApplicantUserID    int64
	RegistrationNumber string
	// The applicant's name and e-mail, for notices.
	Name, Email string
}

var errNoApplication = apperr.E(apperr.NotFound, "error.not_found")

const applicationRefQuery = `SELECT a.id, a.period_id, a.applicant_id, ap.user_id, coalesce(a.registration_number, ''), ap.name, ap.email
FROM applications a JOIN applicants ap ON ap.id = a.applicant_id WHERE `

func scanApplicationRef(r *sql.Row) (*ApplicationRef, error) {
	a := &ApplicationRef{}
	err := r.Scan(&a.ID, &a.PeriodID, &a.ApplicantID, &a.ApplicantUserID, &a.RegistrationNumber, &a.Name, &a.Email)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errNoApplication
	}
	if err != nil {
		return nil, sqldb.Translate(err, "application")
	}
	return a, nil
}

// FindApplicationRef returns an application by id. Errors: not_found.
func (s *Service) FindApplicationRef(ctx context.Context, id int64) (*ApplicationRef, error) {
	return scanApplicationRef(s.db.R.QueryRowContext(ctx, applicationRefQuery+`a.id = $1`, id))
}

// FindApplicationRefInPeriod returns an application of a period by id
// (id > 0) or else by registration number. Errors: not_found.
func (s *Service) FindApplicationRefInPeriod(ctx context.Context, periodID, id int64, number string) (*ApplicationRef, error) {
	if id > 0 {
		return scanApplicationRef(s.db.R.QueryRowContext(ctx, applicationRefQuery+`a.period_id = $1 AND a.id = $2`, periodID, id))
	}
	return scanApplicationRef(s.db.R.QueryRowContext(ctx, applicationRefQuery+`a.period_id = $1 AND a.registration_number = $2`,
		periodID, number))
}

// PeriodsAppliedIn lists the periods an applicant has applications in.
func (s *Service) PeriodsAppliedIn(ctx context.Context, applicantID int64) ([]int64, error) {
	var out []int64
	err := sqldb.RunQuery(ctx, s.db.R, `SELECT DISTINCT period_id FROM applications WHERE applicant_id = $1`, func(r *sql.Rows) error {
		var id int64
		if err := r.Scan(&id); err != nil {
			return err
		}
		out = append(out, id)
		return nil
	}, applicantID)
	return out, sqldb.Translate(err, "periods applied in")
}

// MarkAnnounced records, inside tx, that a list of a period was published:
// the catalogue version moves, so every copy of the period's pages (which
// link its published lists) is made again, on every instance.
func (s *Service) MarkAnnounced(ctx context.Context, tx *sqldb.Tx, periodID int64) error {
	return bumpCatalog(ctx, tx, periodID)
}

// MarkAdminAnnounced records, inside tx, that a period's administration
// results were first announced at at (it opens the appeal window,
// Period.AppealEnds); a later announcement changes nothing. The catalogue
// version moves so every copy of the period is read again.
func (s *Service) MarkAdminAnnounced(ctx context.Context, tx *sqldb.Tx, periodID int64, at time.Time) error {
	_, err := tx.ExecContext(ctx,
		`UPDATE periods SET admin_announced_at = $1, catalog_version = catalog_version + 1 WHERE id = $2 AND admin_announced_at IS NULL`,
		at, periodID)
	return sqldb.Translate(err, "announced")
}
