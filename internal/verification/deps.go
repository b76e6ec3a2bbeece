package verification

import (
	"context"
	"time"

	"asnpro/internal/identity"
	"asnpro/internal/recruitment"
	"asnpro/internal/sqldb"
)

// Recruitment is what verification reads from recruitment — periods,
// formations, applications and applicants — and the two things it asks of
// it: to import an SSCASN export, and to mark a period's first
// administration announcement. *recruitment.Service implements it.
type Recruitment interface {
	FindPeriodByID(ctx context.Context, id int64, withDrafts bool) (*recruitment.Period, error)
	FindPeriods(ctx context.Context, withDrafts bool) ([]*recruitment.Period, error)
	FindFormationByID(ctx context.Context, id int64, withDrafts bool) (*recruitment.Formation, error)
	FindApplication(ctx context.Context, p *identity.Principal, id int64) (*recruitment.Application, error)
	FindApplicationRef(ctx context.Context, id int64) (*recruitment.ApplicationRef, error)
	FindApplicationRefInPeriod(ctx context.Context, periodID, id int64, number string) (*recruitment.ApplicationRef, error)
	FindApplicantByUser(ctx context.Context, userID int64) (*recruitment.Applicant, error)
	FindApplicantByNIK(ctx context.Context, nik string) (*recruitment.Applicant, error)
	PeriodsAppliedIn(ctx context.Context, applicantID int64) ([]int64, error)
	ReadBlob(ctx context.Context, sum string) ([]byte, error)
	ImportApplicants(ctx context.Context, periodID int64, header []string, rows []recruitment.Row,
		opts recruitment.ApplicantImport) (*recruitment.ImportSummary, error)
	MarkAdminAnnounced(ctx context.Context, tx *sqldb.Tx, periodID int64, at time.Time) error
	MarkAnnounced(ctx context.Context, tx *sqldb.Tx, periodID int64) error
}

// Staff is what verification reads of the users who act on applications.
// *identity.Service implements it.
type Staff interface {
	FindUserByID(ctx context.Context, id int64) (*identity.User, error)
	FindUserByUsername(ctx context.Context, username string) (*identity.User, error)
}
