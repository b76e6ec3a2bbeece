package identity

import (
	"context"
	"sync"
	"time"

	"asnpro/internal/audit"
	"asnpro/internal/sqldb"
)

// Limits are the sign-in throttling rules of DESIGN §5; every one is a flag.
type Limits struct {
	UserFailures int           // failures per text typed and per account within Window before a lock (10)
	AddrFailures int           // failures per client address within Window before a lock (50)
	Window       time.Duration // 1 minute
	BaseLock     time.Duration // first lock (1 minute), doubling per further lock
	MaxLock      time.Duration // longest lock (15 minutes)
}

// DefaultLimits are DESIGN §5's numbers.
var DefaultLimits = Limits{UserFailures: 10, AddrFailures: 50, Window: time.Minute, BaseLock: time.Minute, MaxLock: 15 * time.Minute}

// Lifetimes of sessions and tokens (DESIGN §5).
const (
	SessionIdle     = 30 * time.Minute
	SessionAbsolute = 12 * time.Hour
	TokenLifetime   = 24 * time.Hour
	// CacheTTL bounds how long one instance may trust a resolved session
	// without asking the database, so a revocation anywhere takes effect
	// within it.
	CacheTTL = 5 * time.Second
	// touchEvery: last_seen_at is written at most this often per session.
	touchEvery = time.Minute
)

// Service is the identity service. It is safe for concurrent use.
type Service struct {
	db     *sqldb.DB
	now    func() time.Time
	hasher *Hasher
	limits Limits
	dummy  string // a real hash, checked when the user does not exist
	mail   Mail

	mu    sync.Mutex
	cache map[string]cachedSession
}

type cachedSession struct {
	p       *Principal
	fetched time.Time
}

// Config configures New.
type Config struct {
	Now       func() time.Time // nil: time.Now
	HashSlots int              // concurrent argon2id hashes (default 4)
	HashWait  time.Duration    // longest wait for a slot (default 3 s)
	Limits    Limits           // zero: DefaultLimits
	// Mail sets up the e-mail flows (zero: no mail is sent; confirmation
	// and reset answer unavailable).
	Mail Mail
}

// New returns the identity service over db.
func New(db *sqldb.DB, cfg Config) (*Service, error) {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.HashSlots <= 0 {
		cfg.HashSlots = 4
	}
	if cfg.HashWait <= 0 {
		cfg.HashWait = 3 * time.Second
	}
	if cfg.Limits == (Limits{}) {
		cfg.Limits = DefaultLimits
	}
	if cfg.Mail.ResetPerHour <= 0 {
		cfg.Mail.ResetPerHour = 5
	}
	s := &Service{db: db, now: cfg.Now, hasher: NewHasher(cfg.HashSlots, cfg.HashWait), limits: cfg.Limits, mail: cfg.Mail,
		cache: map[string]cachedSession{}}
	d, err := s.hasher.Hash(context.Background(), "asnpro-no-such-user")
	if err != nil {
		return nil, err
	}
	s.dummy = d
	return s, nil
}

// Hasher exposes the password hasher (for other parts that set passwords,
// such as applicant registration).
func (s *Service) Hasher() *Hasher { return s.hasher }

// record writes an audit event in tx with the service's clock.
func (s *Service) record(ctx context.Context, tx *sqldb.Tx, ev audit.Event) error {
	if ev.At.IsZero() {
		ev.At = s.now()
	}
	return audit.Record(ctx, tx, ev)
}
