package results

import (
	"context"
	"time"

	"asnpro/internal/audit"
	"asnpro/internal/sqldb"
)

// Service keeps the scores of periods' selections in a database.
type Service struct {
	db        *sqldb.DB
	now       func() time.Time
	qualified func(ctx context.Context, periodID int64) ([]int64, error)
}

// Deps is what the service needs besides its database.
type Deps struct {
	// Now is the clock (nil: time.Now).
	Now func() time.Time
	// Qualified lists the applications of a period that its latest
	// administration announcement (the appeal stage's when published
	// later) lists as MS — those who may have scores
	// (verification.Service.FindQualified, by application ID). nil: none.
	Qualified func(ctx context.Context, periodID int64) ([]int64, error)
}

// New returns the results service over db.
func New(db *sqldb.DB, d Deps) *Service {
	if d.Now == nil {
		d.Now = time.Now
	}
	return &Service{db: db, now: d.Now, qualified: d.Qualified}
}

func (s *Service) record(ctx context.Context, tx *sqldb.Tx, ev audit.Event) error {
	if ev.At.IsZero() {
		ev.At = s.now()
	}
	return audit.Record(ctx, tx, ev)
}
