package results

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"asnpro/internal/audit"
	"asnpro/internal/sqldb"
)

// Service keeps the scores of periods' selections in a database.
type Service struct {
	db          *sqldb.DB
	now         func() time.Time
	exams       ExamResults
	qualified   QualifiedFunc
	assessments Assessments

	// The ranking page's kept computations (cache.go).
	scoreWrites atomic.Int64
	keptMu      sync.Mutex
	kept        map[int64]*computed
}

// Deps is what the service needs besides its database.
type Deps struct {
	// Now is the clock (nil: time.Now).
	Now func() time.Time
	// Exams reads the results of this system's exam sessions (nil: none).
	Exams ExamResults
	// Qualified lists who was announced MS in a period (nil: nobody).
	Qualified QualifiedFunc
	// Assessments reads assessments' results (nil: none to take).
	Assessments Assessments
}

// New returns the results service over db.
func New(db *sqldb.DB, d Deps) *Service {
	if d.Now == nil {
		d.Now = time.Now
	}
	return &Service{db: db, now: d.Now, exams: d.Exams, qualified: d.Qualified, assessments: d.Assessments}
}

func (s *Service) record(ctx context.Context, tx *sqldb.Tx, ev audit.Event) error {
	if ev.At.IsZero() {
		ev.At = s.now()
	}
	return audit.Record(ctx, tx, ev)
}
