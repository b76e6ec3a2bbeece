package development

import (
	"context"
	"strconv"
	"time"

	"asnpro/internal/apperr"
	"asnpro/internal/audit"
	"asnpro/internal/blob"
	"asnpro/internal/sqldb"
	"asnpro/internal/workforce"
)

// Units is what the dashboard reads of the organisation (workforce).
type Units interface {
	UnitTree(ctx context.Context) ([]workforce.UnitNode, error)
}

// Deps are what the service is given; Units is needed by the dashboard,
// Offers and Gaps by the recommendations (nil Offers: none are shown).
type Deps struct {
	Now     func() time.Time // nil: time.Now
	Blobs   *blob.Store      // the evidence (nil: in the database)
	TempDir string           // where uploads are spooled ("": the system's)
	Units   Units
	Offers  Offers
	Gaps    []Gaps
}

// Service keeps development records and their yearly totals.
type Service struct {
	db      *sqldb.DB
	now     func() time.Time
	blobs   *blob.Store
	tempDir string
	units   Units
	offers  Offers
	gaps    []Gaps
}

// New returns the development service over db.
func New(db *sqldb.DB, d Deps) *Service {
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Blobs == nil {
		d.Blobs = blob.New(db, blob.Config{Now: d.Now})
	}
	return &Service{db: db, now: d.Now, blobs: d.Blobs, tempDir: d.TempDir, units: d.Units, offers: d.Offers,
		gaps: append([]Gaps(nil), d.Gaps...)}
}

// Errors.
var (
	ErrRecordNotFound   = apperr.E(apperr.NotFound, "development.record_not_found")
	ErrEmployeeNotFound = apperr.E(apperr.NotFound, "development.employee_not_found")
	ErrNotEmployee      = apperr.E(apperr.FailedPrecondition, "development.not_employee")
	ErrNoSupervisor     = apperr.E(apperr.FailedPrecondition, "development.no_supervisor")
	ErrNotSupervisor    = apperr.E(apperr.Forbidden, "development.not_supervisor")
	ErrDecided          = apperr.E(apperr.Conflict, "development.decided")
)

// Evidence is the document behind an external record.
type Evidence struct {
	SHA256      string
	ContentType string
	Filename    string
	Size        int64
}

// Record is one training of an employee.
type Record struct {
	ID           int64
	EmployeeID   int64
	EmployeeName string
	Year         int
	Source       string
	Ref          string // a credited training's reference
	Title        string
	Institution  string
	JP           int
	CompletedOn  string // YYYY-MM-DD (WIB)
	Status       string
	Evidence     *Evidence // external records
	Reason       string    // a rejection's
	DecidedAt    *time.Time
	CreatedAt    time.Time
}

// Counts reports whether the record's JP count.
func (r *Record) Counts() bool { return r.Status == StatusApproved }

// Credit is a completed training, as the training part credits it.
type Credit struct {
	EmployeeID  int64
	Title       string
	Institution string
	JP          int
	CompletedOn time.Time
	Ref         string // the training's own reference; a credit is made once per Ref
}

func (s *Service) record(ctx context.Context, tx *sqldb.Tx, ev audit.Event) error {
	if ev.At.IsZero() {
		ev.At = s.now()
	}
	return audit.Record(ctx, tx, ev)
}

func idText(id int64) string { return strconv.FormatInt(id, 10) }

// addTotal adds jp (negative: takes away) to an employee's year, inside tx.
func addTotal(ctx context.Context, tx *sqldb.Tx, employeeID int64, year, jp, records int) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO development_totals (employee_id, year, jp, records) VALUES ($1, $2, $3, $4)
ON CONFLICT (employee_id, year) DO UPDATE SET jp = development_totals.jp + excluded.jp,
  records = development_totals.records + excluded.records`, employeeID, year, jp, records)
	return sqldb.Translate(err, "add development total")
}
