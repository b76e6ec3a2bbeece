package performance

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"time"

	"asnpro/internal/apperr"
	"asnpro/internal/audit"
	"asnpro/internal/blob"
	"asnpro/internal/sqldb"
	"asnpro/internal/workforce"
)

// Staff is what the evaluation reads of the workforce: employees with
// their current supervisor, units and their heads.
type Staff interface {
	FindEmployee(ctx context.Context, id int64) (*workforce.Employee, error)
	FindEmployeeByUser(ctx context.Context, userID int64) (*workforce.Employee, error)
	FindUnit(ctx context.Context, id int64) (*workforce.Unit, error)
	FindUnits(ctx context.Context) ([]*workforce.Unit, error)
	FindEmployees(ctx context.Context, f workforce.Filter) ([]*workforce.Employee, int, error)
}

// Offer is an open training session of the catalogue, recommended in a
// coaching plan.
type Offer struct {
	SessionID    int64
	ProgrammeID  int64
	Title        string
	Institution  string
	Competencies []string
	JP           int
	StartsAt     time.Time
	SeatsLeft    int
}

// Offers reads the training catalogue's open sessions that develop some of
// the competencies.
type Offers interface {
	OpenSessions(ctx context.Context, competencies []string, limit int) ([]Offer, error)
}

// Competencies are the competency keys a coaching plan may focus on
// (PermenPANRB 38/2017, and two technical ones).
var Competencies = []string{"integritas", "kerja-sama", "komunikasi", "orientasi-pada-hasil", "pelayanan-publik",
	"pengembangan-diri-dan-orang-lain", "mengelola-perubahan", "pengambilan-keputusan", "perekat-bangsa",
	"teknologi-informasi", "manajemen-keuangan"}

// Values are the seven BerAKHLAK core values, each with three behaviour
// indicators (their words are in the catalogue: skp.value.KEY, .1 … .3).
var Values = []string{"berorientasi-pelayanan", "akuntabel", "kompeten", "harmonis", "loyal", "adaptif", "kolaboratif"}

// Deps are what the service reads from other parts.
type Deps struct {
	Staff  Staff  // required
	Offers Offers // nil: the catalogue is not available
	// Blobs keeps evidence files (nil: in the database); TempDir is where
	// an upload is spooled while it is checked ("": os.TempDir).
	Blobs   *blob.Store
	TempDir string
	Now     func() time.Time
}

// Service keeps SKP plans, evaluations, unit results and follow-up.
type Service struct {
	db      *sqldb.DB
	staff   Staff
	offers  Offers
	blobs   *blob.Store
	tempDir string
	now     func() time.Time
}

// New returns the service over db.
func New(db *sqldb.DB, d Deps) *Service {
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Blobs == nil {
		d.Blobs = blob.New(db, blob.Config{Now: d.Now})
	}
	return &Service{db: db, staff: d.Staff, offers: d.Offers, blobs: d.Blobs, tempDir: d.TempDir, now: d.Now}
}

// Viewer is who asks: their user and whether their role reads every plan
// (admin, leader, auditor) or runs units (admin, leader).
type Viewer struct {
	UserID  int64
	ReadAll bool // admin, leader, auditor
	Manage  bool // admin, leader: approve above a unit, finalise any unit
}

// Errors.
var (
	ErrPlanNotFound       = apperr.E(apperr.NotFound, "skp.plan_not_found")
	ErrEvaluationNotFound = apperr.E(apperr.NotFound, "skp.evaluation_not_found")
	ErrNotEmployee        = apperr.E(apperr.NotFound, "skp.not_employee")
	ErrNotOwner           = apperr.E(apperr.Forbidden, "skp.not_owner")
	ErrNotSupervisor      = apperr.E(apperr.Forbidden, "skp.not_supervisor")
	ErrNotSuperior        = apperr.E(apperr.Forbidden, "skp.not_superior")
	ErrNotHead            = apperr.E(apperr.Forbidden, "skp.not_head")
	ErrPlanExists         = apperr.E(apperr.Conflict, "skp.plan_exists")
	ErrApproved           = apperr.E(apperr.Conflict, "skp.approved")
	ErrNotDraft           = apperr.E(apperr.Conflict, "skp.not_draft")
	ErrNotSubmitted       = apperr.E(apperr.Conflict, "skp.not_submitted")
	ErrNotApproved        = apperr.E(apperr.Conflict, "skp.not_approved")
	ErrNoResults          = apperr.E(apperr.FailedPrecondition, "skp.no_results")
	ErrPeriodOpen         = apperr.E(apperr.Conflict, "skp.period_open")
	ErrEvaluated          = apperr.E(apperr.Conflict, "skp.evaluated")
	ErrFinal              = apperr.E(apperr.Conflict, "skp.final_locked")
	ErrWindowClosed       = apperr.E(apperr.Conflict, "skp.window_closed")
	ErrObjected           = apperr.E(apperr.Conflict, "skp.objected")
	ErrDecided            = apperr.E(apperr.Conflict, "skp.decided")
	ErrNoUnitPredikat     = apperr.E(apperr.FailedPrecondition, "skp.no_unit_predikat")
	ErrUnitNotApproved    = apperr.E(apperr.FailedPrecondition, "skp.unit_not_approved")
	ErrUnitApproved       = apperr.E(apperr.Conflict, "skp.unit_approved")
	ErrCoachingNotFound   = apperr.E(apperr.NotFound, "skp.coaching_not_found")
	ErrEvidenceNotFound   = apperr.E(apperr.NotFound, "skp.evidence_not_found")
	ErrCoachingClosed     = apperr.E(apperr.Conflict, "skp.coaching_closed")
	ErrCoachingUnplanned  = apperr.E(apperr.FailedPrecondition, "skp.coaching_unplanned")
)

// ObjectionDays is how many days after an evaluation the employee may
// object to it.
const ObjectionDays = 14

// ReviewMonths is how long a coaching plan runs before its review.
const ReviewMonths = 6

func (s *Service) record(ctx context.Context, tx *sqldb.Tx, at time.Time, action, typ string, id int64, data map[string]any) error {
	return audit.Record(ctx, tx, audit.Event{At: at, Action: action, ObjectType: typ, ObjectID: idText(id), Data: data})
}

func idText(id int64) string { return strconv.FormatInt(id, 10) }

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

func invalid(field, key string, args ...any) error {
	return apperr.InvalidMsgs(map[string]apperr.Msg{field: apperr.M(key, args...)})
}

// querier reads: the read pool or a write transaction.
type querier interface {
	sqldb.Querier
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

type scanner interface{ Scan(...any) error }

// me is the viewer's own employee record; nil when their account is linked
// to none.
func (s *Service) me(ctx context.Context, v Viewer) (*workforce.Employee, error) {
	e, err := s.staff.FindEmployeeByUser(ctx, v.UserID)
	if errors.Is(err, workforce.ErrEmployeeNotFound) {
		return nil, nil
	}
	return e, err
}

// today is now's calendar day in WIB.
func today(now time.Time) string { return now.In(wib).Format(time.DateOnly) }
