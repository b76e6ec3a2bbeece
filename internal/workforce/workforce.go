package workforce

import (
	"context"
	"database/sql"
	"time"

	"asnpro/internal/apperr"
	"asnpro/internal/audit"
	"asnpro/internal/sqldb"
)

// Kinds of employee.
const (
	KindPNS  = "pns"
	KindPPPK = "pppk"
)

// Statuses of an employee. A PNS is cpns (in probation) until appointed;
// cuti is a long leave (cuti di luar tanggungan negara); berhenti has left
// (retired, resigned, dismissed) and is no longer counted in a unit.
const (
	StatusCPNS    = "cpns"
	StatusActive  = "aktif"
	StatusLeave   = "cuti"
	StatusStopped = "berhenti"
)

// Statuses lists the statuses in the order forms offer them.
var Statuses = []string{StatusCPNS, StatusActive, StatusLeave, StatusStopped}

// Kinds of position (jenis jabatan).
const (
	PositionStructural = "struktural"
	PositionFunctional = "fungsional"
	PositionGeneral    = "pelaksana"
)

// PositionKinds lists the position kinds in the order forms offer them.
var PositionKinds = []string{PositionStructural, PositionFunctional, PositionGeneral}

// Unit is a perangkat daerah or one of its sub-units.
type Unit struct {
	ID       int64
	Code     string
	Name     string
	ParentID int64 // 0: a top unit
	// The head (kepala) of the unit: an employee, 0 when none; Acting for
	// a Plt.
	HeadID       int64
	HeadName     string
	HeadUsername string
	HeadActing   bool
}

// UnitNode is a unit in the tree with its head counts.
type UnitNode struct {
	Unit
	Depth int // 0 for a top unit
	Own   int // employees in the unit itself (not berhenti)
	Total int // in the unit and all its sub-units
}

// Position is a position (jabatan) of a unit.
type Position struct {
	ID     int64
	UnitID int64
	Name   string
	Kind   string
}

// Person is an employee as a reference: in a supervisor, a head, a report.
type Person struct {
	ID       int64
	Name     string
	Username string
}

// Employee is a PNS or PPPK.
type Employee struct {
	ID        int64
	Kind      string // KindPNS or KindPPPK
	NIK       string
	NIP       string // PNS
	NIPPPK    string // PPPK
	Name      string
	BirthDate string // YYYY-MM-DD
	Gender    string // M or F
	Unit      Unit
	Position  *Position
	Grade     string // III/a for a PNS, I–XVII for a PPPK
	Status    string
	TMT       string // YYYY-MM-DD or ""
	UserID    int64
	Username  string
	// Supervisor is the direct supervisor now (nil: none), Acting for a Plt.
	Supervisor       *Person
	SupervisorActing bool
}

// Number is the employee's NIP or NI PPPK.
func (e *Employee) Number() string {
	if e.Kind == KindPPPK {
		return e.NIPPPK
	}
	return e.NIP
}

// SupervisorSpan is one period of an employee's supervisor history.
type SupervisorSpan struct {
	Supervisor *Person // nil: none in this period
	Acting     bool
	From       string // YYYY-MM-DD
	To         string // YYYY-MM-DD; "" for the current period
}

// Service keeps units, positions and employees.
type Service struct {
	db  *sqldb.DB
	now func() time.Time
}

// New returns the workforce service over db; now nil is time.Now.
func New(db *sqldb.DB, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{db: db, now: now}
}

// Errors.
var (
	ErrUnitNotFound     = apperr.E(apperr.NotFound, "workforce.unit_not_found")
	ErrEmployeeNotFound = apperr.E(apperr.NotFound, "workforce.employee_not_found")
	ErrUnitCodeTaken    = apperr.E(apperr.Conflict, "workforce.unit_code_taken")
	ErrNIPTaken         = apperr.E(apperr.Conflict, "workforce.nip_taken")
	ErrNIKTaken         = apperr.E(apperr.Conflict, "workforce.nik_taken")
	ErrUserTaken        = apperr.E(apperr.Conflict, "workforce.user_taken")
	ErrPositionTaken    = apperr.E(apperr.Conflict, "workforce.position_taken")
)

func (s *Service) record(ctx context.Context, tx *sqldb.Tx, ev audit.Event) error {
	if ev.At.IsZero() {
		ev.At = s.now()
	}
	return audit.Record(ctx, tx, ev)
}

func invalid(field, key string, args ...any) error {
	return apperr.InvalidMsgs(map[string]apperr.Msg{field: apperr.M(key, args...)})
}

// querier reads: the read pool or a write transaction.
type querier interface {
	sqldb.Querier
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}
