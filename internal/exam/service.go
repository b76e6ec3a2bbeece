package exam

import (
	"context"
	"time"

	"asnpro/internal/audit"
	"asnpro/internal/sqldb"
)

// Service keeps question banks, items and blueprints in a database.
type Service struct {
	db  *sqldb.DB
	now func() time.Time
}

// New returns the exam service over db with now as its clock (nil:
// time.Now).
func New(db *sqldb.DB, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{db: db, now: now}
}

func (s *Service) record(ctx context.Context, tx *sqldb.Tx, ev audit.Event) error {
	if ev.At.IsZero() {
		ev.At = s.now()
	}
	return audit.Record(ctx, tx, ev)
}
