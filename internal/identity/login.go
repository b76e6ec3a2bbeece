package identity

import (
	"context"
	"database/sql"
	"errors"
	"math"
	"slices"
	"strings"
	"time"

	"asnpro/internal/apperr"
	"asnpro/internal/audit"
	"asnpro/internal/sqldb"
	"asnpro/internal/textcheck"
)

// errBadCredentials is the one answer for a wrong username or password, so
// that it does not tell which was wrong.
var errBadCredentials = &apperr.Error{
	Code:      apperr.Unauthenticated,
	Message:   "Nama pengguna atau kata sandi salah",
	MessageEN: "Wrong username or password",
}

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

// Login checks a username (or NIK, or e-mail) and password from client
// and, when they match, issues a credential of the given kind. The order is
// fixed (DESIGN §5): the typed text is checked; the account it names is
// looked up; then, in one database transaction shared by every instance, a
// lock on the text typed, on the account (whichever of its names was typed)
// or on the address is refused (too_many_requests), and otherwise the
// attempt is counted as a failure in advance — so that the tenth attempt
// within the window locks the others out even while it is still being
// checked, and at most that many passwords are ever checked per window, in
// parallel or not. Only then is the password checked (one argon2id hash
// either way, so an unknown user costs the same); a success forgives the
// account's failures and lifts a lock that its own attempt set. Errors:
// invalid (username), unauthenticated, too_many_requests, forbidden
// (disabled account), unavailable.
func (s *Service) Login(ctx context.Context, username, password, client, kind string) (*Credential, error) {
	username, err := textcheck.Check("username", username, textcheck.Line)
	if err != nil {
		return nil, err
	}
	if len(username) > 254 {
		username = strings.ToValidUTF8(username[:254], "")
	}
	u, err := s.FindUserByUsername(ctx, username)
	if err != nil && apperr.CodeOf(err) != apperr.NotFound {
		return nil, err
	}
	keys := []throttleKey{{"u:" + strings.ToLower(username), s.limits.UserFailures}}
	if u != nil {
		keys = append(keys, throttleKey{"acct:" + u.IDString(), s.limits.UserFailures})
	}
	if client != "" {
		keys = append(keys, throttleKey{"a:" + client, s.limits.AddrFailures})
	}
	slices.SortFunc(keys, func(a, b throttleKey) int { return strings.Compare(a.key, b.key) })
	if wait, err := s.lockedFor(ctx, keys); err != nil {
		return nil, err
	} else if wait > 0 {
		return nil, lockedError(wait)
	}
	ctx = audit.WithActor(ctx, audit.Actor{Client: client})
	locked, err := s.reserve(ctx, keys)
	if err != nil {
		return nil, err
	}
	hash := s.dummy
	if u != nil {
		hash = u.hash
	}
	ok, err := s.hasher.Verify(ctx, password, hash)
	if err != nil {
		// Nothing was checked: give the attempt back.
		return nil, errors.Join(err, s.release(ctx, nil, keys, locked, false))
	}
	if u == nil || !ok {
		if err := s.fail(ctx, username, u); err != nil {
			return nil, err
		}
		return nil, errBadCredentials
	}
	if u.Disabled {
		if err := s.release(ctx, nil, keys, locked, true); err != nil {
			return nil, err
		}
		return nil, apperr.New(apperr.Forbidden, "Akun ini dinonaktifkan; hubungi admin", "This account is disabled; contact the administrator")
	}
	var cred *Credential
	err = s.db.Write(ctx, func(tx *sqldb.Tx) error {
		if err := s.release(ctx, tx, keys, locked, true); err != nil {
			return err
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

// throttleKey is one counter of login_throttle: "u:" the text typed
// (lower case), "acct:" an account id, "a:" a client address.
type throttleKey struct {
	key   string
	limit int
}

// lockedFor returns how long the longest lock among keys still lasts.
func (s *Service) lockedFor(ctx context.Context, keys []throttleKey) (time.Duration, error) {
	now := s.now()
	var wait time.Duration
	for _, k := range keys {
		var until sql.NullTime
		err := s.db.R.QueryRowContext(ctx, `SELECT locked_until FROM login_throttle WHERE key = $1`, k.key).Scan(&until)
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

// errStillLocked rolls back a reservation that found a lock.
type errStillLocked struct{ wait time.Duration }

func (e errStillLocked) Error() string { return "locked" }

// reserve counts one failure in advance on every key, in one transaction
// (rows locked in key order on PostgreSQL; SQLite has one writer), and
// locks each key that reaches its limit, recording login.lock. If any key
// is locked already, nothing is counted and the answer is
// too_many_requests. It returns the keys whose lock this attempt set.
func (s *Service) reserve(ctx context.Context, keys []throttleKey) (map[string]bool, error) {
	var setLock map[string]bool
	err := s.db.Write(ctx, func(tx *sqldb.Tx) error {
		setLock = map[string]bool{}
		now := sqldb.Now(s.now())
		rows := make([]throttleRow, len(keys))
		for i, k := range keys {
			r, err := s.loadThrottle(ctx, tx, k.key, now)
			if err != nil {
				return err
			}
			if r.until.Valid && r.until.Time.After(now) {
				return errStillLocked{r.until.Time.Sub(now)}
			}
			rows[i] = r
		}
		for i, k := range keys {
			r := &rows[i]
			r.failures++
			if r.failures >= k.limit {
				d := s.limits.BaseLock << min(r.locks, 20)
				if d > s.limits.MaxLock || d <= 0 {
					d = s.limits.MaxLock
				}
				r.locks++
				r.until = sql.NullTime{Time: now.Add(d), Valid: true}
				r.failures, r.start = 0, now
				setLock[k.key] = true
				kind, subject, _ := strings.Cut(k.key, ":")
				if err := s.record(ctx, tx, audit.Event{Action: "login.lock", Data: map[string]any{
					"kind": map[string]string{"u": "username", "acct": "account", "a": "address"}[kind], "subject": subject,
					"seconds": int(d.Seconds()), "lock": r.locks}}); err != nil {
					return err
				}
			}
			if err := r.save(ctx, tx); err != nil {
				return err
			}
		}
		return nil
	})
	var sl errStillLocked
	if errors.As(err, &sl) {
		return nil, lockedError(sl.wait)
	}
	return setLock, err
}

// release gives back what reserve counted once the password is known to
// be right (forgive: the text and account counters start again; the
// address only gets its one attempt back) or was never checked (the one
// attempt is given back everywhere). A lock this attempt set is lifted.
// It runs in tx, or in its own transaction when tx is nil.
func (s *Service) release(ctx context.Context, tx *sqldb.Tx, keys []throttleKey, setLock map[string]bool, forgive bool) error {
	if tx == nil {
		return s.db.Write(ctx, func(tx *sqldb.Tx) error { return s.release(ctx, tx, keys, setLock, forgive) })
	}
	now := sqldb.Now(s.now())
	for _, k := range keys {
		r, err := s.loadThrottle(ctx, tx, k.key, now)
		if err != nil {
			return err
		}
		switch {
		case setLock[k.key]:
			r.until.Valid = false
			r.locks = max(r.locks-1, 0)
			r.failures = k.limit - 1
		case r.failures > 0:
			r.failures--
		}
		if forgive && !strings.HasPrefix(k.key, "a:") {
			r.failures = 0
		}
		if err := r.save(ctx, tx); err != nil {
			return err
		}
	}
	return nil
}

type throttleRow struct {
	key             string
	start           time.Time
	failures, locks int
	until           sql.NullTime
}

// loadThrottle reads (creating it if need be, and locking it on
// PostgreSQL) the row of key as of now: a window that has passed starts
// again, and a lock that ended long ago no longer makes the next longer.
func (s *Service) loadThrottle(ctx context.Context, tx *sqldb.Tx, key string, now time.Time) (throttleRow, error) {
	r := throttleRow{key: key}
	if _, err := tx.ExecContext(ctx, `INSERT INTO login_throttle (key, window_start, failures, locks)
VALUES ($1, $2, 0, 0) ON CONFLICT (key) DO NOTHING`, key, now); err != nil {
		return r, sqldb.Translate(err, "throttle")
	}
	lockClause := ""
	if tx.Dialect() == string(sqldb.Postgres) {
		lockClause = " FOR UPDATE"
	}
	if err := tx.QueryRowContext(ctx, `SELECT window_start, failures, locks, locked_until FROM login_throttle
WHERE key = $1`+lockClause, key).
		Scan(&r.start, &r.failures, &r.locks, &r.until); err != nil {
		return r, sqldb.Translate(err, "throttle")
	}
	if r.until.Valid && now.Sub(r.until.Time) > s.limits.MaxLock {
		r.locks = 0
		r.until.Valid = false
	}
	if now.Sub(r.start) >= s.limits.Window {
		r.start, r.failures = now, 0
	}
	return r, nil
}

func (r *throttleRow) save(ctx context.Context, tx *sqldb.Tx) error {
	var until any
	if r.until.Valid {
		until = r.until.Time
	}
	_, err := tx.ExecContext(ctx, `UPDATE login_throttle SET window_start = $1, failures = $2, locks = $3, locked_until = $4 WHERE key = $5`,
		r.start, r.failures, r.locks, until, r.key)
	return sqldb.Translate(err, "throttle")
}

// fail records a failed sign-in (already counted by reserve).
func (s *Service) fail(ctx context.Context, username string, u *User) error {
	return s.db.Write(ctx, func(tx *sqldb.Tx) error {
		ev := audit.Event{Action: "login.fail", Data: map[string]any{"username": username}}
		if u != nil {
			ev.ObjectType, ev.ObjectID = "user", u.IDString()
		}
		return s.record(ctx, tx, ev)
	})
}
