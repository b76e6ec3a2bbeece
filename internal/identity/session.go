package identity

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"slices"
	"strconv"
	"time"

	"asnpro/internal/apperr"
	"asnpro/internal/audit"
	"asnpro/internal/sqldb"
)

// Kinds of credential.
const (
	KindSession = "session" // browser cookie
	KindToken   = "token"   // API bearer token
)

// Principal is the signed-in user of a request.
type Principal struct {
	UserID    int64
	Username  string
	Name      string
	Roles     []Role
	SessionID int64
	Kind      string
	ExpiresAt time.Time
	lastSeen  time.Time
	created   time.Time
}

// Has reports whether p holds any of rs.
func (p *Principal) Has(rs ...Role) bool {
	if p == nil {
		return false
	}
	for _, r := range rs {
		if slices.Contains(p.Roles, r) {
			return true
		}
	}
	return false
}

// IDString is the user id in decimal.
func (p *Principal) IDString() string { return strconv.FormatInt(p.UserID, 10) }

// Actor returns the audit actor for p acting from client; the role is the
// first role p holds (the one the route admitted is more precise: callers
// may override it).
func (p *Principal) Actor(client string) audit.Actor {
	a := audit.Actor{Client: client}
	if p != nil {
		a.ID = p.IDString()
		if len(p.Roles) > 0 {
			a.Role = string(p.Roles[0])
		}
	}
	return a
}

type principalKey struct{}

// WithPrincipal returns ctx carrying p.
func WithPrincipal(ctx context.Context, p *Principal) context.Context {
	return context.WithValue(ctx, principalKey{}, p)
}

// PrincipalFrom returns the signed-in user carried by ctx, or nil.
func PrincipalFrom(ctx context.Context) *Principal {
	p, _ := ctx.Value(principalKey{}).(*Principal)
	return p
}

func hashSecret(secret string) string {
	h := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(h[:])
}

func newSecret() string {
	var b [32]byte
	_, _ = rand.Read(b[:])
	return base64.RawURLEncoding.EncodeToString(b[:])
}

var errUnauthenticated = &apperr.Error{
	Code:      apperr.Unauthenticated,
	Message:   "Sesi tidak berlaku atau sudah berakhir; silakan masuk lagi",
	MessageEN: "The session is invalid or has expired; please sign in again",
}

// issue creates a session or token for u inside tx and records it.
func (s *Service) issue(ctx context.Context, tx *sqldb.Tx, u *User, kind string) (string, time.Time, error) {
	now := sqldb.Now(s.now())
	exp := now.Add(SessionAbsolute)
	action := "session.create"
	if kind == KindToken {
		exp = now.Add(TokenLifetime)
		action = "token.issue"
	}
	secret := newSecret()
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO sessions (token_hash, user_id, kind, created_at, last_seen_at, expires_at)
VALUES ($1, $2, $3, $4, $4, $5) RETURNING id`, hashSecret(secret), u.ID, kind, now, exp).Scan(&id)
	if err != nil {
		return "", time.Time{}, sqldb.Translate(err, "create session")
	}
	ev := audit.Event{
		Action:     action,
		ObjectType: "user",
		ObjectID:   u.IDString(),
		Data:       map[string]any{"username": u.Username, "session": strconv.FormatInt(id, 10)},
	}
	a := audit.ActorFrom(ctx)
	ev.Actor, ev.Client = u.IDString(), a.Client
	if len(u.Roles) > 0 {
		ev.Role = string(u.Roles[0])
	}
	return secret, exp, s.record(ctx, tx, ev)
}

// Authenticate resolves a session cookie or bearer token of the given kind
// to its user. A result may come from this instance's cache for up to
// CacheTTL. Errors: unauthenticated (unknown, expired, idle too long,
// revoked, user disabled).
func (s *Service) Authenticate(ctx context.Context, secret, kind string) (*Principal, error) {
	if secret == "" || len(secret) > 200 {
		return nil, errUnauthenticated
	}
	key := hashSecret(secret)
	now := s.now()
	s.mu.Lock()
	c, ok := s.cache[key]
	s.mu.Unlock()
	if ok && now.Sub(c.fetched) < CacheTTL && c.p.Kind == kind && s.alive(c.p, now) {
		return c.p, nil
	}
	p, err := s.loadSession(ctx, key)
	if err != nil {
		return nil, err
	}
	if p.Kind != kind || !s.alive(p, now) {
		return nil, errUnauthenticated
	}
	if kind == KindSession && now.Sub(p.lastSeen) > touchEvery {
		// Bookkeeping, not a state change of the domain: no audit event.
		if _, err := s.db.W.ExecContext(ctx, `UPDATE sessions SET last_seen_at = $1 WHERE id = $2`, sqldb.Now(now), p.SessionID); err != nil {
			return nil, sqldb.Translate(err, "touch session")
		}
		p.lastSeen = now
	}
	s.mu.Lock()
	if len(s.cache) > 100_000 {
		clear(s.cache)
	}
	s.cache[key] = cachedSession{p: p, fetched: now}
	s.mu.Unlock()
	return p, nil
}

func (s *Service) alive(p *Principal, now time.Time) bool {
	if !now.Before(p.ExpiresAt) {
		return false
	}
	if p.Kind == KindSession && now.Sub(p.lastSeen) >= SessionIdle {
		return false
	}
	return true
}

func (s *Service) loadSession(ctx context.Context, key string) (*Principal, error) {
	p := &Principal{}
	var revoked, disabled bool
	// Every signed-in request runs these two reads: prepared once per
	// reader connection.
	st, err := s.db.ReadStmt(ctx, `SELECT s.id, s.kind, s.created_at, s.last_seen_at, s.expires_at, s.revoked_at IS NOT NULL,
       u.id, u.username, u.name, u.disabled
FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1`)
	if err != nil {
		return nil, err
	}
	err = st.QueryRowContext(ctx, key).
		Scan(&p.SessionID, &p.Kind, &p.created, &p.lastSeen, &p.ExpiresAt, &revoked, &p.UserID, &p.Username, &p.Name, &disabled)
	if err != nil {
		if apperr.CodeOf(sqldb.Translate(err, "")) == apperr.NotFound {
			return nil, errUnauthenticated
		}
		return nil, sqldb.Translate(err, "load session")
	}
	if revoked || disabled {
		return nil, errUnauthenticated
	}
	u := &User{ID: p.UserID}
	roles, err := s.db.ReadStmt(ctx, rolesQuery)
	if err != nil {
		return nil, err
	}
	rows, err := roles.QueryContext(ctx, u.ID)
	if err := scanRoles(rows, err, u); err != nil {
		return nil, sqldb.Translate(err, "load roles")
	}
	p.Roles = u.Roles
	return p, nil
}

// Revoke ends the session or token with this secret and records
// session.end or token.revoke. Revoking an already ended one is fine.
func (s *Service) Revoke(ctx context.Context, secret string) error {
	key := hashSecret(secret)
	s.mu.Lock()
	delete(s.cache, key)
	s.mu.Unlock()
	return s.db.Write(ctx, func(tx *sqldb.Tx) error {
		var id, uid int64
		var kind string
		err := tx.QueryRowContext(ctx, `UPDATE sessions SET revoked_at = $1 WHERE token_hash = $2 AND revoked_at IS NULL
RETURNING id, user_id, kind`,
			sqldb.Now(s.now()), key).
			Scan(&id, &uid, &kind)
		if apperr.CodeOf(sqldb.Translate(err, "")) == apperr.NotFound {
			return nil
		}
		if err != nil {
			return sqldb.Translate(err, "revoke")
		}
		action := "session.end"
		if kind == KindToken {
			action = "token.revoke"
		}
		return s.record(
			ctx,
			tx,
			audit.Event{
				Action:     action,
				ObjectType: "user",
				ObjectID:   strconv.FormatInt(uid, 10),
				Data:       map[string]any{"session": strconv.FormatInt(id, 10)},
			},
		)
	})
}

// revokeAll ends every live session and token of a user (inside tx).
func (s *Service) revokeAll(ctx context.Context, tx *sqldb.Tx, userID int64, now time.Time) error {
	if _, err := tx.ExecContext(ctx, `UPDATE sessions SET revoked_at = $1 WHERE user_id = $2
AND revoked_at IS NULL`, now, userID); err != nil {
		return sqldb.Translate(err, "revoke sessions")
	}
	s.forget(userID)
	return nil
}

// forget drops a user's cached sessions from this instance.
func (s *Service) forget(userID int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for k, c := range s.cache {
		if c.p.UserID == userID {
			delete(s.cache, k)
		}
	}
}
