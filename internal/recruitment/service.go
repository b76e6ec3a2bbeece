package recruitment

import (
	"context"
	"sync"
	"time"

	"asnpro/internal/apperr"
	"asnpro/internal/audit"
	"asnpro/internal/blob"
	"asnpro/internal/identity"
	"asnpro/internal/notify"
	"asnpro/internal/sqldb"
)

// Accounts is what recruitment asks of identity: applicants' accounts are
// users, created and changed inside recruitment's own transactions.
// *identity.Service implements it.
type Accounts interface {
	Hasher() *identity.Hasher
	InsertUser(ctx context.Context, tx *sqldb.Tx, n identity.NewUser, hash string) (*identity.User, error)
	StartEmailConfirmation(ctx context.Context, tx *sqldb.Tx, u *identity.User, lang string) error
	EmailConfirmedTx(ctx context.Context, tx *sqldb.Tx, userID int64) (bool, error)
	ChangeEmail(ctx context.Context, tx *sqldb.Tx, userID int64, email, reason, lang string) (*identity.User, error)
	Allow(ctx context.Context, key string, limit int, window time.Duration, refusal *apperr.Error) error
	// TakenLogins reports which usernames and e-mails (lower-case) belong
	// to an account already.
	TakenLogins(ctx context.Context, tx *sqldb.Tx, usernames, emails []string) (users, emails2 map[string]bool, err error)
}

// Stages is what the later stages of selection hook into recruitment
// (verification.Hooks implements it).
type Stages interface {
	// OnSubmit runs inside the transaction that submits an application,
	// after it is locked and counted (the verifier's assignment), so that a
	// submission and its consequences commit together or not at all.
	OnSubmit(ctx context.Context, tx *sqldb.Tx, a *Application) error
	// MaySee admits further principals to an application beyond its owner,
	// the committee and the auditor (its verifier, say).
	MaySee(ctx context.Context, p *identity.Principal, a *Application) (bool, error)
}

// Config is how a Service is set up, once, at New.
type Config struct {
	// RegisterPerMinute bounds registrations per client address and minute
	// (shared by every instance through the database); 0 means 30, and a
	// negative value no limit.
	RegisterPerMinute int
	// TempDir is where uploads are spooled while they are checked ("":
	// os.TempDir).
	TempDir string
	// Blobs keeps the documents (nil: in the database).
	Blobs *blob.Store
	// RequireConfirmedEmail: applying and submitting need a confirmed e-mail.
	RequireConfirmedEmail bool
	// Notices, when set, tells applicants of their submission and reminds
	// them of a draft before registration closes (the reminder's handler
	// is registered on it).
	Notices *notify.Service
	// Stages, when set, are the later stages' hooks (nil: none).
	Stages Stages
}

// Service runs recruitment over a database.
type Service struct {
	db                    *sqldb.DB
	ids                   Accounts
	now                   func() time.Time
	tempDir               string
	blobs                 *blob.Store
	requireConfirmedEmail bool
	notices               bool // Config.Notices was given
	registerPerMinute     int
	stages                Stages // nil: none

	catalogs catalogCache
	// periodMu guards periodCopies, this process's copies of periods
	// (currentPeriod checks them against the database on every read).
	periodMu     sync.Mutex
	periodCopies map[int64]*Period

	prepareUpload sync.Once
}

// New returns the recruitment service over db, with ids for applicants'
// accounts and now as its clock (nil: time.Now). cfg, at most one, sets it
// up (its zero value: documents in the database, no notices, 30
// registrations per address and minute).
func New(db *sqldb.DB, ids Accounts, now func() time.Time, cfg ...Config) *Service {
	if now == nil {
		now = time.Now
	}
	var c Config
	if len(cfg) > 0 {
		c = cfg[0]
	}
	if c.RegisterPerMinute == 0 {
		c.RegisterPerMinute = 30
	}
	if c.Blobs == nil {
		c.Blobs = blob.New(db, blob.Config{Now: now})
	}
	s := &Service{db: db, ids: ids, now: now, tempDir: c.TempDir, blobs: c.Blobs, requireConfirmedEmail: c.RequireConfirmedEmail,
		registerPerMinute: c.RegisterPerMinute, stages: c.Stages}
	if c.Notices != nil {
		s.notices = true
		c.Notices.Handle(ReminderKind, s.remindDraft)
	}
	return s
}

// Blobs is the store of the service's documents.
func (s *Service) Blobs() *blob.Store { return s.blobs }

// TempDir is where uploads are spooled ("": os.TempDir).
func (s *Service) TempDir() string { return s.tempDir }

// ReadBlob returns the bytes of a stored document by its SHA-256.
// Errors: not_found.
func (s *Service) ReadBlob(ctx context.Context, sum string) ([]byte, error) {
	return s.blobs.Read(ctx, sum)
}

func (s *Service) record(ctx context.Context, tx *sqldb.Tx, ev audit.Event) error {
	if ev.At.IsZero() {
		ev.At = s.now()
	}
	return audit.Record(ctx, tx, ev)
}
