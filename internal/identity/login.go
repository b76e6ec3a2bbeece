package identity

import (
	"context"
	"database/sql"
	"errors"
	"math"
	"strings"
	"time"

	"asnpro/internal/apperr"
	"asnpro/internal/audit"
	"asnpro/internal/sqldb"
)

// errBadCredentials is the one answer for a wrong username or password, so
// that it does not tell which was wrong.
var errBadCredentials = &apperr.Error{Code: apperr.Unauthenticated, Message: "Nama pengguna atau kata sandi salah", MessageEN: "Wrong username or password"}

// LockedError is returned while a username or address is locked.
func lockedError(wait time.Duration) error {
	secs := int(math.Ceil(wait.Seconds()))
	if secs < 1 {
		secs = 1
	}
	return &apperr.Error{Code: apperr.TooManyRequests,
		Message:    "Terlalu banyak percobaan masuk yang gagal; coba lagi nanti",
		MessageEN:  "Too many failed sign-in attempts; try again later",
		RetryAfter: secs}
}

// Credential is what a successful sign-in returns.
type Credential struct {
	Secret    string
	ExpiresAt time.Time
	User      *User
}

// Login checks a username (or e-mail) and password from client and, when
// they match, issues a credential of the given kind. The order is fixed:
// a locked username or address is refused (too_many_requests) before the
// password is checked; a wrong password or unknown user costs one argon2id
// hash either way and answers the same unauthenticated error; every failure
// is recorded and counted toward the locks. Errors: unauthenticated,
// too_many_requests, forbidden (disabled account), unavailable.
func (s *Service) Login(ctx context.Context, username, password, client, kind string) (*Credential, error) {
	username = strings.TrimSpace(username)
	if len(username) > 254 {
		username = username[:254]
	}
	keys := []string{"u:" + strings.ToLower(username)}
	if client != "" {
		keys = append(keys, "a:"+client)
	}
	if wait, err := s.lockedFor(ctx, keys); err != nil {
		return nil, err
	} else if wait > 0 {
		return nil, lockedError(wait)
	}
	u, err := s.FindUserByUsername(ctx, username)
	if err != nil && apperr.CodeOf(err) != apperr.NotFound {
		return nil, err
	}
	hash := s.dummy
	if u != nil {
		hash = u.hash
	}
	ok, err := s.hasher.Verify(ctx, password, hash)
	if err != nil {
		return nil, err
	}
	ctx = audit.WithActor(ctx, audit.Actor{Client: client})
	if u == nil || !ok {
		if err := s.fail(ctx, username, u, keys); err != nil {
			return nil, err
		}
		return nil, errBadCredentials
	}
	if u.Disabled {
		return nil, apperr.New(apperr.Forbidden, "Akun ini dinonaktifkan; hubungi admin", "This account is disabled; contact the administrator")
	}
	var cred *Credential
	err = s.db.Write(ctx, func(tx *sqldb.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE login_throttle SET failures = 0 WHERE key = $1`, keys[0]); err != nil {
			return sqldb.Translate(err, "clear failures")
		}
		secret, exp, err := s.issue(ctx, tx, u, kind)
		if err != nil {
			return err
		}
		cred = &Credential{Secret: secret, ExpiresAt: exp, User: u}
		return nil
	})
	return cred, err
}

// lockedFor returns how long the longest lock among keys still lasts.
func (s *Service) lockedFor(ctx context.Context, keys []string) (time.Duration, error) {
	now := s.now()
	var wait time.Duration
	for _, k := range keys {
		var until sql.NullTime
		err := s.db.R.QueryRowContext(ctx, `SELECT locked_until FROM login_throttle WHERE key = $1`, k).Scan(&until)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return 0, sqldb.Translate(err, "read throttle")
		}
		if until.Valid && until.Time.After(now) {
			wait = max(wait, until.Time.Sub(now))
		}
	}
	return wait, nil
}

// fail records a failed sign-in and counts it for every key, locking a key
// that reaches its limit within the window.
func (s *Service) fail(ctx context.Context, username string, u *User, keys []string) error {
	return s.db.Write(ctx, func(tx *sqldb.Tx) error {
		ev := audit.Event{Action: "login.fail", Data: map[string]any{"username": username}}
		if u != nil {
			ev.ObjectType, ev.ObjectID = "user", u.IDString()
		}
		if err := s.record(ctx, tx, ev); err != nil {
			return err
		}
		for _, k := range keys {
			limit := s.limits.UserFailures
			if strings.HasPrefix(k, "a:") {
				limit = s.limits.AddrFailures
			}
			if err := s.countFailure(ctx, tx, k, limit); err != nil {
				return err
			}
		}
		return nil
	})
}

func (s *Service) countFailure(ctx context.Context, tx *sqldb.Tx, key string, limit int) error {
	now := sqldb.Now(s.now())
	if _, err := tx.ExecContext(ctx, `INSERT INTO login_throttle (key, window_start, failures, locks) VALUES ($1, $2, 0, 0) ON CONFLICT (key) DO NOTHING`, key, now); err != nil {
		return sqldb.Translate(err, "throttle")
	}
	lockClause := ""
	if tx.Dialect() == string(sqldb.Postgres) {
		lockClause = " FOR UPDATE"
	}
	var start time.Time
	var failures, locks int
	var until sql.NullTime
	if err := tx.QueryRowContext(ctx, `SELECT window_start, failures, locks, locked_until FROM login_throttle WHERE key = $1`+lockClause, key).
		Scan(&start, &failures, &locks, &until); err != nil {
		return sqldb.Translate(err, "throttle")
	}
	// A lock that ended long ago no longer makes the next one longer.
	if until.Valid && now.Sub(until.Time) > s.limits.MaxLock {
		locks = 0
		until.Valid = false
	}
	if now.Sub(start) >= s.limits.Window {
		start, failures = now, 0
	}
	failures++
	var lockedUntil any
	if until.Valid {
		lockedUntil = until.Time
	}
	if failures >= limit {
		d := s.limits.BaseLock << min(locks, 20)
		if d > s.limits.MaxLock || d <= 0 {
			d = s.limits.MaxLock
		}
		locks++
		lockedUntil = now.Add(d)
		failures = 0
		start = now
		kind, subject, _ := strings.Cut(key, ":")
		if err := s.record(ctx, tx, audit.Event{Action: "login.lock", Data: map[string]any{
			"kind": map[string]string{"u": "username", "a": "address"}[kind], "subject": subject, "seconds": int(d.Seconds()), "lock": locks}}); err != nil {
			return err
		}
	}
	_, err := tx.ExecContext(ctx, `UPDATE login_throttle SET window_start = $1, failures = $2, locks = $3, locked_until = $4 WHERE key = $5`,
		start, failures, locks, lockedUntil, key)
	return sqldb.Translate(err, "throttle")
}
