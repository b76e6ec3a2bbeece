package notify

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"asnpro/internal/apperr"
	"asnpro/internal/audit"
	"asnpro/internal/sqldb"
)

// Job is a scheduled job (tugas terjadwal), e.g. a reminder (pengingat) to
// send when an appeal window is about to close. It runs once, at or after
// RunAt, on whichever instance claims it first.
type Job struct {
	// Key identifies the job and makes scheduling idempotent, e.g.
	// "appeal.reminder:period=3:day=2".
	Key string
	// Kind selects the handler (Service.Handle).
	Kind  string
	RunAt time.Time
	// Payload is the handler's input, JSON (may be empty).
	Payload   json.RawMessage
	DoneAt    *time.Time
	Attempts  int
	LastError string
	// DueAt is when the job may run next: RunAt, later after a failure.
	DueAt time.Time
}

// JobHandler does a job's work inside tx, the transaction that also marks
// the job done: whatever it writes commits together with the done mark, or
// not at all when it returns an error (the job is then retried after a
// backoff). ctx carries the system as the audit actor. A handler writes
// only through tx: on SQLite tx holds the only write connection (a second
// DB.Write would wait for it forever), so handlers must also be short —
// enqueue e-mails (Notify, Enqueue) or schedule further jobs rather than
// doing slow work inline. A handler may run again after a failure, never
// after a success.
type JobHandler func(ctx context.Context, tx *sqldb.Tx, j Job) error

// Schedule adds job j inside the caller's write transaction, idempotently
// by j.Key: when a job with that key exists already (done or not) nothing
// changes and it returns false. Otherwise it records job.schedule and
// returns true. Only Key, Kind, RunAt and Payload of j are used. Errors:
// invalid (no key, kind or time; payload not JSON), internal.
func Schedule(ctx context.Context, tx *sqldb.Tx, now time.Time, j Job) (bool, error) {
	f := map[string]string{}
	if strings.TrimSpace(j.Key) == "" || len(j.Key) > 200 {
		f["key"] = "Kunci wajib diisi (paling banyak 200 karakter)"
	}
	if strings.TrimSpace(j.Kind) == "" {
		f["kind"] = "Jenis wajib diisi"
	}
	if j.RunAt.IsZero() {
		f["run_at"] = "Waktu wajib diisi"
	}
	if len(j.Payload) > 0 && !json.Valid(j.Payload) {
		f["payload"] = "Muatan harus JSON"
	}
	if len(f) > 0 {
		return false, apperr.InvalidFields(f)
	}
	var payload any // NULL when empty
	if len(j.Payload) > 0 {
		payload = string(j.Payload)
	}
	at, runAt := sqldb.Now(now), sqldb.Now(j.RunAt)
	res, err := tx.ExecContext(
		ctx,
		`INSERT INTO scheduled_jobs (key, kind, run_at, due_at, payload, created_at) VALUES ($1, $2, $3, $3, $4, $5)
ON CONFLICT (key) DO NOTHING`,
		j.Key,
		j.Kind,
		runAt,
		payload,
		at,
	)
	if err != nil {
		return false, sqldb.Translate(err, "schedule job")
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return false, sqldb.Translate(err, "schedule job")
	}
	return true, audit.Record(ctx, tx, audit.Event{At: at, Action: "job.schedule", ObjectType: "job", ObjectID: j.Key,
		Data: map[string]any{"kind": j.Kind, "run_at": runAt}})
}

// Handle registers h for jobs of kind. Register every kind before RunJobs
// starts; an instance claims only jobs of kinds it has a handler for, so
// an older instance leaves a newer kind to the instances that know it.
func (s *Service) Handle(kind string, h JobHandler) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.handlers[kind] = h
}

func (s *Service) handler(kind string) JobHandler {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.handlers[kind]
}

func (s *Service) kinds() []string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := make([]string, 0, len(s.handlers))
	for k := range s.handlers {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// JobOptions tune RunJobs. Zero fields take the defaults shown.
type JobOptions struct {
	// Interval between passes (30 s).
	Interval time.Duration
	// Lease overrides Service.JobLease for this runner.
	Lease time.Duration
	// Instance names this process in claimed_by (host:pid).
	Instance string
}

// RunJobs runs due jobs every o.Interval until ctx ends; errors of a pass
// are logged and the loop goes on. It returns nil when ctx ends.
func (s *Service) RunJobs(ctx context.Context, o JobOptions) error {
	if o.Interval <= 0 {
		o.Interval = 30 * time.Second
	}
	if o.Instance == "" {
		o.Instance = defaultInstance()
	}
	lease := o.Lease
	if lease <= 0 {
		lease = s.JobLease
	}
	t := time.NewTicker(o.Interval)
	defer t.Stop()
	for {
		s.drain(ctx, "jobs: run pass", func() (bool, error) {
			ran, claimed, err := s.runDueJobs(ctx, o.Instance, lease)
			return claimed >= s.jobBatch() && ran > 0, err
		})
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
	}
}

func (s *Service) jobBatch() int {
	if s.JobBatch <= 0 {
		return 50
	}
	return s.JobBatch
}

// RunDueJobs runs one pass: it claims the due jobs of the registered kinds
// (at most JobBatch) for instance ("" names this process) and runs each,
// and returns how many completed. A job completes in one write transaction
// that marks it done, runs its handler and records job.run; a handler that
// fails (or panics) rolls all of that back, and the failure — attempts,
// last_error and the next due time after a backoff — is stored and
// recorded as job.retry. Errors: internal (the database); a failed job is
// not an error of the pass.
func (s *Service) RunDueJobs(ctx context.Context, instance string) (int, error) {
	if instance == "" {
		instance = defaultInstance()
	}
	ran, _, err := s.runDueJobs(ctx, instance, s.JobLease)
	return ran, err
}

func (s *Service) runDueJobs(ctx context.Context, instance string, lease time.Duration) (ran, claimed int, err error) {
	if lease <= 0 {
		lease = 5 * time.Minute
	}
	ctx = systemCtx(ctx)
	jobs, token, err := s.claimJobs(ctx, s.now(), instance, lease)
	if err != nil {
		return 0, 0, err
	}
	for _, j := range jobs {
		if ctx.Err() != nil {
			return ran, len(jobs), ctx.Err()
		}
		ok, err := s.runJob(ctx, j, token, instance)
		if err != nil {
			return ran, len(jobs), err
		}
		if ok {
			ran++
		}
	}
	return ran, len(jobs), nil
}

const jobColumns = `key, kind, run_at, due_at, payload, done_at, attempts, last_error`

func scanJob(r interface{ Scan(...any) error }) (Job, error) {
	var j Job
	var payload sql.NullString
	var done sql.NullTime
	if err := r.Scan(&j.Key, &j.Kind, &j.RunAt, &j.DueAt, &payload, &done, &j.Attempts, &j.LastError); err != nil {
		return j, err
	}
	if payload.Valid {
		j.Payload = json.RawMessage(payload.String)
	}
	j.RunAt, j.DueAt, j.DoneAt = j.RunAt.UTC(), j.DueAt.UTC(), utcPtr(done.Valid, done.Time)
	return j, nil
}

// jobQueue is scheduled_jobs as a lease queue.
var jobQueue = leaseQueue[Job]{
	table: "scheduled_jobs", key: "key", due: "due_at", open: "done_at IS NULL",
	columns: jobColumns, scan: scanJob, what: "claim jobs",
	order: func(a, b Job) int {
		if c := a.DueAt.Compare(b.DueAt); c != 0 {
			return c
		}
		return strings.Compare(a.Key, b.Key)
	},
}

// claimJobs reserves the due jobs of the registered kinds for instance
// until now+lease (claim).
func (s *Service) claimJobs(ctx context.Context, now time.Time, instance string, lease time.Duration) ([]Job, string, error) {
	kinds := s.kinds()
	if len(kinds) == 0 {
		return nil, "", nil
	}
	args := make([]any, len(kinds))
	for i, k := range kinds {
		args[i] = k
	}
	return claim(ctx, s, jobQueue, now, instance, lease, s.jobBatch(), inList("kind", 6, len(kinds)), args...)
}

// handlerError carries a handler's failure out of the transaction it
// rolled back.
type handlerError struct{ err error }

func (e handlerError) Error() string { return e.err.Error() }
func (e handlerError) Unwrap() error { return e.err }

// runJob runs j under the claim token. It reports whether the job
// completed; false with a nil error means the handler failed (stored for a
// retry) or another instance had taken the job over.
func (s *Service) runJob(ctx context.Context, j Job, token, instance string) (bool, error) {
	h := s.handler(j.Kind)
	if h == nil {
		return false, nil // unregistered meanwhile: the lease lapses
	}
	err := s.db.Write(ctx, func(tx *sqldb.Tx) (err error) {
		now := sqldb.Now(s.now())
		// The done mark comes first: on PostgreSQL it locks the row, so no
		// other instance can claim the job while the handler runs; the
		// claim token proves the job is still ours.
		res, err := tx.ExecContext(
			ctx,
			`UPDATE scheduled_jobs SET done_at = $1, attempts = attempts + 1, last_error = '', claimed_by = NULL, claim_token =
NULL, claimed_until = NULL
WHERE key = $2 AND claim_token = $3 AND done_at IS NULL`,
			now,
			j.Key,
			token,
		)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return errLeaseLost
		}
		j.Attempts++
		j.DoneAt = &now
		defer func() {
			if p := recover(); p != nil {
				err = handlerError{fmt.Errorf("panic: %v", p)}
			}
		}()
		if err := h(ctx, tx, j); err != nil {
			return handlerError{err}
		}
		return audit.Record(ctx, tx, audit.Event{At: now, Action: "job.run", ObjectType: "job", ObjectID: j.Key,
			Data: map[string]any{"kind": j.Kind, "attempts": j.Attempts, "instance": instance}})
	})
	var he handlerError
	switch {
	case err == nil:
		return true, nil
	case errors.Is(err, errLeaseLost):
		s.log.Warn("jobs: claim taken over before running", "key", j.Key, "instance", instance)
		return false, nil
	case errors.As(err, &he):
		return false, s.jobFailed(ctx, j, token, instance, he.err)
	case ctx.Err() != nil:
		return false, ctx.Err()
	default:
		// The database failed (commit, the done mark, the audit record):
		// count it as a failed attempt too, so the job is not hammered.
		if ferr := s.jobFailed(ctx, j, token, instance, err); ferr != nil {
			return false, errors.Join(sqldb.Translate(err, "run job"), ferr)
		}
		return false, nil
	}
}

// jobFailed stores a failed attempt of j — attempts, last_error, the next
// due time after a backoff — releases the claim and records job.retry.
func (s *Service) jobFailed(ctx context.Context, j Job, token, instance string, cause error) error {
	s.log.Warn("jobs: job failed; retried later", "key", j.Key, "kind", j.Kind, "err", cause)
	ctx = context.WithoutCancel(ctx)
	err := s.db.Write(ctx, func(tx *sqldb.Tx) error {
		now := sqldb.Now(s.now())
		var attempts int
		err := tx.QueryRowContext(ctx, `SELECT attempts FROM scheduled_jobs WHERE key = $1 AND claim_token = $2
AND done_at IS NULL`, j.Key, token).
			Scan(&attempts)
		if errors.Is(err, sql.ErrNoRows) {
			return errLeaseLost
		}
		if err != nil {
			return err
		}
		attempts++
		next := now.Add(backoff(s.JobBackoff, s.JobMaxBackoff, attempts))
		msg := clip(cause.Error(), 2000)
		if _, err := tx.ExecContext(ctx, `UPDATE scheduled_jobs SET attempts = $1, last_error = $2, due_at = $3, claimed_by =
NULL, claim_token = NULL, claimed_until = NULL
WHERE key = $4 AND claim_token = $5`, attempts, msg, next, j.Key, token); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Event{At: now, Action: "job.retry", ObjectType: "job", ObjectID: j.Key,
			Data: map[string]any{"kind": j.Kind, "attempts": attempts, "error": clip(cause.Error(), 500), "due_at": next, "instance": instance}})
	})
	if errors.Is(err, errLeaseLost) {
		return nil
	}
	return sqldb.Translate(err, "store job failure")
}

// FindJob returns the job with key. Errors: not_found (ErrJobNotFound),
// internal.
func (s *Service) FindJob(ctx context.Context, key string) (Job, error) {
	j, err := scanJob(s.db.R.QueryRowContext(ctx, `SELECT `+jobColumns+` FROM scheduled_jobs WHERE key = $1`, key))
	if errors.Is(err, sql.ErrNoRows) {
		return Job{}, ErrJobNotFound
	}
	return j, sqldb.Translate(err, "find job")
}
