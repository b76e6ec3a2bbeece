package recruitment

import (
	"context"
	"sync"
	"time"

	"asnpro/internal/audit"
	"asnpro/internal/identity"
	"asnpro/internal/sqldb"
)

// Service runs recruitment over a database.
type Service struct {
	db  *sqldb.DB
	ids *identity.Service
	now func() time.Time
	// RegisterPerMinute bounds registrations per client address and minute
	// (shared by every instance through the database).
	RegisterPerMinute int
	// TempDir is where uploads are spooled while they are checked.
	TempDir string
	// BlobDir, when set, keeps documents as files there instead of in the
	// database (see blobs.go); DurableBlobs syncs each file first.
	BlobDir      string
	DurableBlobs bool
	// RequireConfirmedEmail: applying and submitting need a confirmed e-mail.
	RequireConfirmedEmail bool
	// OnSubmit runs, in order, inside the transaction that submits an
	// application, after it is locked and counted: later stages (the
	// verifier's assignment, the applicant's notification) hook in here, so
	// that a submission and its consequences commit together or not at all.
	// Set them before serving.
	OnSubmit []func(ctx context.Context, tx *sqldb.Tx, a *Application) error
	// MaySee, when set, admits further principals to an application beyond
	// its owner, the committee and the auditor (its verifier, say).
	MaySee func(ctx context.Context, p *identity.Principal, a *Application) (bool, error)

	catalogs catalogCache
	// periodMu guards periodCopies, this process's copies of periods
	// (currentPeriod checks them against the database on every read).
	periodMu     sync.Mutex
	periodCopies map[int64]*Period
	notices      bool // EnableNotices was called

	prepareUpload sync.Once
}

// New returns the recruitment service.
func New(db *sqldb.DB, ids *identity.Service, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{db: db, ids: ids, now: now, RegisterPerMinute: 30}
}

func (s *Service) record(ctx context.Context, tx *sqldb.Tx, ev audit.Event) error {
	if ev.At.IsZero() {
		ev.At = s.now()
	}
	return audit.Record(ctx, tx, ev)
}
