package identity

import (
	"context"
	"database/sql"
	"errors"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"asnpro/internal/apperr"
	"asnpro/internal/audit"
	"asnpro/internal/sqldb"
	"asnpro/internal/textcheck"
)

// User is an account. PasswordHash never leaves this package's callers'
// process (it is not serialised).
type User struct {
	ID        int64     `json:"-"`
	Username  string    `json:"username"`
	Name      string    `json:"name"`
	Email     string    `json:"email,omitempty"`
	Roles     []Role    `json:"roles"`
	Disabled  bool      `json:"disabled"`
	Demo      bool      `json:"-"`
	CreatedAt time.Time `json:"created_at"`
	hash      string
}

// HasRole reports whether u holds r.
func (u *User) HasRole(r Role) bool { return slices.Contains(u.Roles, r) }

// IDString is the id in decimal, as the API and the audit record write it.
func (u *User) IDString() string { return strconv.FormatInt(u.ID, 10) }

// NewUser is what AddUser needs.
type NewUser struct {
	Username string
	Name     string
	Email    string
	Roles    []Role
	Password string
	Demo     bool
}

var usernameRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._@+-]{2,63}$`)

func (n *NewUser) validate() error {
	f := map[string]apperr.Msg{}
	n.Username = strings.TrimSpace(n.Username)
	n.Email = strings.TrimSpace(n.Email)
	if !usernameRE.MatchString(n.Username) {
		f["username"] = apperr.M("identity.username")
	}
	if textcheck.FieldMsg(f, "name", &n.Name, textcheck.Name) && (n.Name == "" || len(n.Name) > 200) {
		f["name"] = apperr.M("identity.name_required")
	}
	if n.Email != "" {
		if _, p := textcheck.Email(n.Email); p != nil {
			f["email"] = p.Msg()
		}
	}
	if err := checkRoles(n.Roles); err != nil {
		f["roles"] = err.FieldMsgs["roles"]
	}
	if err := CheckPasswordPolicy(n.Password, n.Username, n.Email); err != nil {
		f["password"] = apperr.As(err).FieldMsgs["password"]
	}
	if len(f) > 0 {
		return apperr.InvalidMsgs(f)
	}
	return nil
}

// AddUser creates a user with its roles and records user.create. Errors:
// invalid (with fields), conflict (username or e-mail taken), unavailable
// (hashing busy).
func (s *Service) AddUser(ctx context.Context, n NewUser) (*User, error) {
	if err := n.validate(); err != nil {
		return nil, err
	}
	hash, err := s.hasher.Hash(ctx, n.Password)
	if err != nil {
		return nil, err
	}
	var u *User
	err = s.db.Write(ctx, func(tx *sqldb.Tx) error {
		var e error
		u, e = s.InsertUser(ctx, tx, n, hash)
		return e
	})
	return u, err
}

// InsertUser creates a user inside tx with an already computed password
// hash (other parts — applicant registration — create users in their own
// transactions). It records user.create.
func (s *Service) InsertUser(ctx context.Context, tx *sqldb.Tx, n NewUser, hash string) (*User, error) {
	now := sqldb.Now(s.now())
	var email any
	if n.Email != "" {
		email = n.Email
	}
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO users (username, name, email, password_hash, demo, created_at, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id`, n.Username, n.Name, email, hash, n.Demo, now).Scan(&id)
	if sqldb.IsUnique(err) {
		return nil, &apperr.Error{Code: apperr.Conflict, Msg: apperr.M("identity.taken"),
			FieldMsgs: map[string]apperr.Msg{"username": apperr.M("identity.taken")}, Err: err}
	}
	if err != nil {
		return nil, sqldb.Translate(err, "insert user")
	}
	roles := slices.Clone(n.Roles)
	slices.Sort(roles)
	roles = slices.Compact(roles)
	for _, r := range roles {
		if _, err := tx.ExecContext(ctx, `INSERT INTO user_roles (user_id, role) VALUES ($1, $2)`, id, string(r)); err != nil {
			return nil, sqldb.Translate(err, "insert role")
		}
	}
	u := &User{ID: id, Username: n.Username, Name: n.Name, Email: n.Email, Roles: roles, Demo: n.Demo, CreatedAt: now}
	return u, s.record(ctx, tx, audit.Event{Action: "user.create", ObjectType: "user", ObjectID: u.IDString(),
		Data: map[string]any{"username": u.Username, "name": u.Name, "email": u.Email, "roles": roles}})
}

const userColumns = `id, username, name, COALESCE(email, ''), password_hash, disabled, demo, created_at`

type rowScanner interface{ Scan(dest ...any) error }

func scanUser(r rowScanner) (*User, error) {
	u := &User{}
	if err := r.Scan(&u.ID, &u.Username, &u.Name, &u.Email, &u.hash, &u.Disabled, &u.Demo, &u.CreatedAt); err != nil {
		return nil, err
	}
	u.CreatedAt = u.CreatedAt.UTC()
	return u, nil
}

type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

const rolesQuery = `SELECT role FROM user_roles WHERE user_id = $1 ORDER BY role`

func loadRoles(ctx context.Context, q querier, u *User) error {
	rows, err := q.QueryContext(ctx, rolesQuery, u.ID)
	return scanRoles(rows, err, u)
}

// scanRoles reads the rows of rolesQuery into u.Roles.
func scanRoles(rows *sql.Rows, err error, u *User) error {
	if err != nil {
		return err
	}
	defer rows.Close()
	u.Roles = u.Roles[:0]
	for rows.Next() {
		var r string
		if err := rows.Scan(&r); err != nil {
			return err
		}
		u.Roles = append(u.Roles, Role(r))
	}
	return rows.Err()
}

func (s *Service) findUser(ctx context.Context, q querier, where string, arg any) (*User, error) {
	u, err := scanUser(q.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE `+where, arg))
	if err != nil {
		return nil, sqldb.Translate(err, "find user")
	}
	if err := loadRoles(ctx, q, u); err != nil {
		return nil, sqldb.Translate(err, "load roles")
	}
	return u, nil
}

// FindUserByUsername finds a user by username, or by e-mail when the name
// has an @ and no user has it as username. Text that no account can have
// (control characters, …) is not looked up. Errors: not_found.
func (s *Service) FindUserByUsername(ctx context.Context, username string) (*User, error) {
	username, p := textcheck.Clean(username, textcheck.Line)
	if p != nil || username == "" {
		return nil, apperr.E(apperr.NotFound, "identity.user_not_found")
	}
	u, err := s.findUser(ctx, s.db.R, `lower(username) = lower($1)`, username)
	if apperr.CodeOf(err) == apperr.NotFound && strings.Contains(username, "@") {
		return s.findUser(ctx, s.db.R, `lower(email) = lower($1)`, username)
	}
	return u, err
}

// FindUserByID finds a user. Errors: not_found.
func (s *Service) FindUserByID(ctx context.Context, id int64) (*User, error) {
	return s.findUser(ctx, s.db.R, `id = $1`, id)
}

// ListUsers returns users ordered by username, with the total count.
func (s *Service) ListUsers(ctx context.Context, limit, offset int) ([]*User, int, error) {
	return s.FindUsers(ctx, UserFilter{Limit: limit, Offset: offset})
}

// UserFilter selects a page of users.
type UserFilter struct {
	Q      string // part of the username, name or e-mail, any case ("": all)
	Role   Role   // only users holding it ("": any)
	Limit  int
	Offset int
}

// likeEscaper escapes LIKE's wildcards (the pattern says ESCAPE '\').
var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

// FindUsers returns a page of the users f selects, ordered by username,
// with how many it selects in all.
func (s *Service) FindUsers(ctx context.Context, f UserFilter) ([]*User, int, error) {
	where, args := `1 = 1`, []any{}
	if q := strings.TrimSpace(f.Q); q != "" {
		args = append(args, "%"+likeEscaper.Replace(strings.ToLower(q))+"%")
		where += ` AND (lower(username) LIKE $1 ESCAPE '\' OR lower(name) LIKE $1 ESCAPE '\'
  OR lower(coalesce(email, '')) LIKE $1 ESCAPE '\')`
	}
	if f.Role != "" {
		args = append(args, string(f.Role))
		where += ` AND EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = users.id AND r.role = $` + strconv.Itoa(len(args)) + `)`
	}
	var total int
	if err := s.db.R.QueryRowContext(ctx, `SELECT count(*) FROM users WHERE `+where, args...).Scan(&total); err != nil {
		return nil, 0, sqldb.Translate(err, "count users")
	}
	n := len(args)
	args = append(args, f.Limit, f.Offset)
	rows, err := s.db.R.QueryContext(ctx, `SELECT `+userColumns+` FROM users WHERE `+where+` ORDER BY lower(username) LIMIT $`+
		strconv.Itoa(n+1)+` OFFSET $`+strconv.Itoa(n+2), args...)
	if err != nil {
		return nil, 0, sqldb.Translate(err, "list users")
	}
	var us []*User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			rows.Close()
			return nil, 0, sqldb.Translate(err, "list users")
		}
		us = append(us, u)
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return nil, 0, sqldb.Translate(err, "list users")
	}
	for _, u := range us {
		if err := loadRoles(ctx, s.db.R, u); err != nil {
			return nil, 0, sqldb.Translate(err, "load roles")
		}
	}
	return us, total, nil
}

// SetPassword replaces a user's password, ends all their sessions and
// tokens, and records user.password. Errors: invalid, not_found.
func (s *Service) SetPassword(ctx context.Context, username, password string) error {
	cur, err := s.FindUserByUsername(ctx, username)
	if err != nil {
		return err
	}
	if err := CheckPasswordPolicy(password, cur.Username, cur.Email); err != nil {
		return err
	}
	hash, err := s.hasher.Hash(ctx, password)
	if err != nil {
		return err
	}
	return s.db.Write(ctx, func(tx *sqldb.Tx) error {
		u, err := s.findUser(ctx, tx, `id = $1`, cur.ID)
		if err != nil {
			return err
		}
		now := sqldb.Now(s.now())
		if _, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = $1, updated_at = $2 WHERE id = $3`, hash, now, u.ID); err != nil {
			return sqldb.Translate(err, "set password")
		}
		if err := s.revokeAll(ctx, tx, u.ID, now); err != nil {
			return err
		}
		return s.record(
			ctx,
			tx,
			audit.Event{Action: "user.password", ObjectType: "user", ObjectID: u.IDString(), Data: map[string]any{"username": u.Username}},
		)
	})
}

// SetRoles replaces a user's roles and records user.roles with the old and
// new sets. The last enabled admin keeps the admin role, so that someone
// can always manage users. Errors: invalid, not_found, conflict (the last
// admin).
func (s *Service) SetRoles(ctx context.Context, username string, roles []Role) error {
	if err := checkRoles(roles); err != nil {
		return err
	}
	roles = slices.Clone(roles)
	slices.Sort(roles)
	roles = slices.Compact(roles)
	return s.db.Write(ctx, func(tx *sqldb.Tx) error {
		u, err := s.findUser(ctx, tx, `lower(username) = lower($1)`, username)
		if err != nil {
			return err
		}
		if !u.Disabled && u.HasRole(Admin) && !slices.Contains(roles, Admin) {
			if err := s.keepAnAdmin(ctx, tx, u.ID); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM user_roles WHERE user_id = $1`, u.ID); err != nil {
			return sqldb.Translate(err, "clear roles")
		}
		for _, r := range roles {
			if _, err := tx.ExecContext(ctx, `INSERT INTO user_roles (user_id, role) VALUES ($1, $2)`, u.ID, string(r)); err != nil {
				return sqldb.Translate(err, "insert role")
			}
		}
		s.forget(u.ID)
		return s.record(ctx, tx, audit.Event{Action: "user.roles", ObjectType: "user", ObjectID: u.IDString(),
			Data: map[string]any{"username": u.Username, "from": u.Roles, "to": roles}})
	})
}

// Errors of the rules that keep someone able to manage users.
var (
	// ErrDisableSelf: a signed-in user may not disable their own account.
	ErrDisableSelf = apperr.E(apperr.Forbidden, "identity.disable_self")
	// ErrLastAdmin: the last enabled admin keeps the admin role and stays
	// enabled.
	ErrLastAdmin = apperr.E(apperr.Conflict, "identity.last_admin")
)

// DisableUser disables an account, ends its sessions and tokens, and
// records user.disable. Disabling twice is a conflict; the signed-in user
// (PrincipalFrom ctx) may not disable themselves, and the last enabled
// admin stays enabled. Errors: not_found, forbidden (oneself), conflict
// (disabled already, the last admin).
func (s *Service) DisableUser(ctx context.Context, username string) error {
	return s.db.Write(ctx, func(tx *sqldb.Tx) error {
		u, err := s.findUser(ctx, tx, `lower(username) = lower($1)`, username)
		if err != nil {
			return err
		}
		if p := PrincipalFrom(ctx); p != nil && p.UserID == u.ID {
			return ErrDisableSelf
		}
		if u.Disabled {
			return apperr.E(apperr.Conflict, "identity.already_disabled")
		}
		if u.HasRole(Admin) {
			if err := s.keepAnAdmin(ctx, tx, u.ID); err != nil {
				return err
			}
		}
		now := sqldb.Now(s.now())
		if _, err := tx.ExecContext(ctx, `UPDATE users SET disabled = $1, updated_at = $2 WHERE id = $3`, true, now, u.ID); err != nil {
			return sqldb.Translate(err, "disable user")
		}
		if err := s.revokeAll(ctx, tx, u.ID, now); err != nil {
			return err
		}
		return s.record(
			ctx,
			tx,
			audit.Event{Action: "user.disable", ObjectType: "user", ObjectID: u.IDString(), Data: map[string]any{"username": u.Username}},
		)
	})
}

// keepAnAdmin refuses, inside tx, a change that would leave no enabled
// admin but userID: ErrLastAdmin when no other enabled user holds the admin
// role. On PostgreSQL a transaction-scoped advisory lock makes two such
// changes take turns (SQLite has one writer), so two admins cannot each
// remove the other.
func (s *Service) keepAnAdmin(ctx context.Context, tx *sqldb.Tx, userID int64) error {
	if tx.Dialect() == string(sqldb.Postgres) {
		if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(hashtext('asnpro.admins.' || current_schema()))`); err != nil {
			return sqldb.Translate(err, "lock admins")
		}
	}
	var n int
	err := tx.QueryRowContext(ctx, `SELECT count(*) FROM users u JOIN user_roles r ON r.user_id = u.id AND r.role = $1
WHERE NOT u.disabled AND u.id <> $2`, string(Admin), userID).Scan(&n)
	if err != nil {
		return sqldb.Translate(err, "count admins")
	}
	if n == 0 {
		return ErrLastAdmin
	}
	return nil
}

// CountUsers returns how many users exist.
func (s *Service) CountUsers(ctx context.Context) (int, error) {
	var n int
	err := s.db.R.QueryRowContext(ctx, `SELECT count(*) FROM users`).Scan(&n)
	return n, sqldb.Translate(err, "count users")
}

// checkRoles: at least one role, each known (the last unknown one named).
func checkRoles(roles []Role) *apperr.Error {
	if len(roles) == 0 {
		return apperr.InvalidMsgs(map[string]apperr.Msg{"roles": apperr.M("identity.roles_required")})
	}
	var bad *apperr.Error
	for _, r := range roles {
		if !r.Valid() {
			bad = apperr.InvalidMsgs(map[string]apperr.Msg{"roles": apperr.M("identity.role_unknown", "role", string(r))})
		}
	}
	return bad
}
