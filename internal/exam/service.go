package exam

import (
	"context"
	"time"

	"asnpro/internal/audit"
	"asnpro/internal/sqldb"
)

// Service keeps question banks, items, blueprints, exam sessions and
// attempts in a database.
type Service struct {
	db     *sqldb.DB
	now    func() time.Time
	roster Roster
}

// Deps is what the service needs besides its database.
type Deps struct {
	// Now is the clock (nil: time.Now).
	Now func() time.Time
	// Roster tells who may sit a period's SKD (nil: nobody can be
	// enrolled in an SKD session).
	Roster Roster
}

// New returns the exam service over db.
func New(db *sqldb.DB, d Deps) *Service {
	if d.Now == nil {
		d.Now = time.Now
	}
	return &Service{db: db, now: d.Now, roster: d.Roster}
}

func (s *Service) record(ctx context.Context, tx *sqldb.Tx, ev audit.Event) error {
	if ev.At.IsZero() {
		ev.At = s.now()
	}
	return audit.Record(ctx, tx, ev)
}
