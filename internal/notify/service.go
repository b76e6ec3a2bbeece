package notify

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"log/slog"
	"os"
	"strconv"
	"sync"
	"time"
	"unicode/utf8"

	"asnpro/internal/audit"
	"asnpro/internal/sqldb"
)

// Service reads notifications and the outbox, runs the e-mail sender and
// the scheduled jobs over a database.
type Service struct {
	db  *sqldb.DB
	now func() time.Time
	log *slog.Logger

	kick chan struct{} // wakes this instance's sender (Kick)

	mu       sync.RWMutex
	handlers map[string]JobHandler // by job kind, registered with Handle

	// JobLease is how long a claimed job stays reserved for this instance
	// before another may take it (default 5 minutes).
	JobLease time.Duration
	// JobBatch is how many due jobs one pass claims at most (default 50).
	JobBatch int
	// JobBackoff is the wait after a job's first failed attempt, doubled
	// after each further failure up to JobMaxBackoff (defaults 1 minute and
	// 1 hour). A failing job is retried until it succeeds; its last_error
	// shows why it has not.
	JobBackoff, JobMaxBackoff time.Duration
}

// New returns the service. now is the clock (nil: time.Now); log receives
// the sender's and the job runner's errors (nil: discarded).
func New(db *sqldb.DB, now func() time.Time, log *slog.Logger) *Service {
	if now == nil {
		now = time.Now
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Service{
		db: db, now: now, log: log,
		kick:     make(chan struct{}, 1),
		handlers: map[string]JobHandler{},
		JobLease: 5 * time.Minute, JobBatch: 50,
		JobBackoff: time.Minute, JobMaxBackoff: time.Hour,
	}
}

// systemCtx marks what the sender and the job runner do as the system's
// (audit actor "" with role "system", as elsewhere in asnpro).
func systemCtx(ctx context.Context) context.Context {
	return audit.WithActor(ctx, audit.Actor{Role: "system"})
}

// backoff is the wait before attempt number failed+1, after failed
// failures: base, 2×base, 4×base, … never more than limit.
func backoff(base, limit time.Duration, failed int) time.Duration {
	if failed < 1 {
		failed = 1
	}
	d := base
	for i := 1; i < failed; i++ {
		if d >= limit/2 {
			return limit
		}
		d *= 2
	}
	return min(d, limit)
}

// newToken returns a random claim token: claims are told apart by it, not
// by the instance name, which two processes might share by mistake.
func newToken() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// defaultInstance names this process for claimed_by: host and process id.
func defaultInstance() string {
	host, err := os.Hostname()
	if err != nil || host == "" {
		host = "asnpro"
	}
	return host + ":" + strconv.Itoa(os.Getpid())
}

// clip shortens s to at most n bytes without cutting a UTF-8 sequence
// (error texts stored in last_error and in audit data).
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	s = s[:n]
	for len(s) > 0 && !utf8.ValidString(s) {
		s = s[:len(s)-1]
	}
	return s + "…"
}

func id64(id int64) string { return strconv.FormatInt(id, 10) }

// pageBounds clamps a page request: limit 1–200 (default 20), offset ≥ 0.
func pageBounds(limit, offset int) (int, int) {
	if limit <= 0 {
		limit = 20
	}
	limit = min(limit, 200)
	return limit, max(offset, 0)
}

// utcPtr converts a nullable stored instant.
func utcPtr(valid bool, t time.Time) *time.Time {
	if !valid {
		return nil
	}
	u := t.UTC()
	return &u
}

// errLeaseLost: another instance took over a claim (ours had expired).
var errLeaseLost = errors.New("notify: the claim was taken over by another instance")
