package identity

import (
	"asnpro/internal/i18n"
	"context"
	"database/sql"
	"errors"
	"net/url"
	"strconv"
	"strings"
	"time"

	"asnpro/internal/apperr"
	"asnpro/internal/audit"
	"asnpro/internal/sqldb"
	"asnpro/internal/textcheck"
)

// E-mail confirmation and password reset. Each sends a one-time link by
// e-mail (through the outbox, in the same transaction as the token, so a
// token exists exactly when its message will be sent). Only the SHA-256 of
// a link's secret is stored; a link works once and expires.

// Token purposes and lifetimes.
const (
	PurposeConfirm = "confirm"
	PurposeReset   = "reset"
	ConfirmTTL     = 48 * time.Hour
	ResetTTL       = time.Hour
)

// MailFunc enqueues one plain-text e-mail inside tx (the outbox).
type MailFunc func(ctx context.Context, tx *sqldb.Tx, kind, to, subject, text string) error

// Mail settings of the service (Config.Mail).
type Mail struct {
	Send MailFunc
	// BaseURL is the public address links in e-mails point to
	// ("https://seleksi.palangkaraya.go.id").
	BaseURL string
	// AutoConfirm confirms every e-mail at once (--demo: visitors and the
	// load generator cannot read the demo's mail).
	AutoConfirm bool
	// ResetPerHour bounds reset links sent to one account per hour; a
	// client address may ask 10 times as often.
	ResetPerHour int
}

// AutoConfirm reports whether e-mails are confirmed without a link.
func (s *Service) AutoConfirm() bool { return s.mail.AutoConfirm }

var (
	errBadLink = &apperr.Error{Code: apperr.Invalid, Msg: apperr.M("identity.bad_link"),
		FieldMsgs: map[string]apperr.Msg{"token": apperr.M("identity.bad_link_field")}}
	errNoMail = &apperr.Error{Code: apperr.Unavailable, Msg: apperr.M("identity.no_mail"), RetryAfter: 60}
	// ErrAlreadyConfirmed: the e-mail needs no confirmation.
	ErrAlreadyConfirmed = apperr.E(apperr.Conflict, "identity.already_confirmed")
	errTooManyResets    = &apperr.Error{Code: apperr.TooManyRequests, Msg: apperr.M("identity.too_many_resets"), RetryAfter: 600}
)

// mailText is an e-mail's subject and text in both languages: the
// Indonesian first (after the greeting), then the English.
func mailText(name, subjectKey, bodyKey string, args ...any) (subject, text string) {
	subject = i18n.T(i18n.ID, subjectKey) + " / " + i18n.T(i18n.EN, subjectKey)
	text = i18n.T(i18n.ID, "identity.mail.greeting", "name", name) + "\n\n" +
		i18n.T(i18n.ID, bodyKey, args...) + "\n\n---\n" + i18n.T(i18n.EN, bodyKey, args...) + "\n"
	return subject, text
}

func (s *Service) link(path, secret string) string {
	base := strings.TrimRight(s.mail.BaseURL, "/")
	return base + path + "?token=" + url.QueryEscape(secret)
}

// issueMailToken stores a one-time token for u's current e-mail in tx.
func (s *Service) issueMailToken(
	ctx context.Context,
	tx *sqldb.Tx,
	userID int64,
	email, purpose string,
	ttl time.Duration,
) (string, error) {
	now := sqldb.Now(s.now())
	secret := newSecret()
	// A new link replaces the older ones of the same purpose.
	if _, err := tx.ExecContext(ctx, `UPDATE user_tokens SET used_at = $1 WHERE user_id = $2 AND purpose = $3
AND used_at IS NULL`, now, userID, purpose); err != nil {
		return "", sqldb.Translate(err, "retire tokens")
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO user_tokens (token_hash, user_id, purpose, email, created_at,
expires_at) VALUES ($1, $2, $3, $4, $5, $6)`,
		hashSecret(secret), userID, purpose, email, now, now.Add(ttl)); err != nil {
		return "", sqldb.Translate(err, "insert token")
	}
	return secret, nil
}

// consumeMailToken marks a token used and returns its user and e-mail.
// Errors: invalid (unknown, used, expired).
func (s *Service) consumeMailToken(ctx context.Context, tx *sqldb.Tx, secret, purpose string) (int64, string, error) {
	if secret == "" || len(secret) > 200 {
		return 0, "", errBadLink
	}
	now := sqldb.Now(s.now())
	var userID int64
	var email string
	err := tx.QueryRowContext(ctx, `UPDATE user_tokens SET used_at = $1 WHERE token_hash = $2 AND purpose = $3
AND used_at IS NULL AND expires_at > $1
RETURNING user_id, email`, now, hashSecret(secret), purpose).
		Scan(&userID, &email)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, "", errBadLink
	}
	if err != nil {
		return 0, "", sqldb.Translate(err, "use token")
	}
	return userID, email, nil
}

// StartEmailConfirmation, inside tx, confirms u's e-mail at once (with
// AutoConfirm) or sends it a confirmation link, and records
// user.email.confirm or user.email.confirmation_sent.
func (s *Service) StartEmailConfirmation(ctx context.Context, tx *sqldb.Tx, u *User, lang string) error {
	if u.Email == "" {
		return nil
	}
	if s.mail.AutoConfirm {
		if _, err := tx.ExecContext(ctx, `UPDATE users SET email_confirmed_at = $1 WHERE id = $2`, sqldb.Now(s.now()), u.ID); err != nil {
			return sqldb.Translate(err, "confirm e-mail")
		}
		return s.record(
			ctx,
			tx,
			audit.Event{
				Action:     "user.email.confirm",
				ObjectType: "user",
				ObjectID:   u.IDString(),
				Data:       map[string]any{"email": u.Email, "automatic": true},
			},
		)
	}
	if s.mail.Send == nil {
		return nil // no mail set up (a tool, a test): the e-mail stays unconfirmed
	}
	secret, err := s.issueMailToken(ctx, tx, u.ID, u.Email, PurposeConfirm, ConfirmTTL)
	if err != nil {
		return err
	}
	link := s.link("/konfirmasi-email", secret)
	subject, text := mailText(u.Name, "identity.mail.confirm_subject", "identity.mail.confirm", "link", link)
	if err := s.mail.Send(ctx, tx, "email.confirm", u.Email, subject, text); err != nil {
		return err
	}
	return s.record(
		ctx,
		tx,
		audit.Event{Action: "user.email.confirmation_sent", ObjectType: "user", ObjectID: u.IDString(), Data: map[string]any{"email": u.Email}},
	)
}

// ResendEmailConfirmation sends a new confirmation link to the user's
// e-mail. Errors: conflict (already confirmed), too_many_requests.
func (s *Service) ResendEmailConfirmation(ctx context.Context, userID int64, client, lang string) error {
	if s.mail.Send == nil && !s.mail.AutoConfirm {
		return errNoMail
	}
	if err := s.Allow(ctx, "confirm:"+strconv.FormatInt(userID, 10), 5, time.Hour, errTooManyResets); err != nil {
		return err
	}
	return s.db.Write(ctx, func(tx *sqldb.Tx) error {
		u, err := s.findUser(ctx, tx, `id = $1`, userID)
		if err != nil {
			return err
		}
		if ok, err := s.emailConfirmed(ctx, tx, userID); err != nil {
			return err
		} else if ok {
			return ErrAlreadyConfirmed
		}
		return s.StartEmailConfirmation(ctx, tx, u, lang)
	})
}

// ConfirmEmail uses a confirmation link and records user.email.confirm.
// A link sent to an address the account no longer has does not confirm
// the new one. Errors: invalid (the link).
func (s *Service) ConfirmEmail(ctx context.Context, secret string) error {
	return s.db.Write(ctx, func(tx *sqldb.Tx) error {
		userID, email, err := s.consumeMailToken(ctx, tx, secret, PurposeConfirm)
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(
			ctx,
			`UPDATE users SET email_confirmed_at = $1 WHERE id = $2 AND lower(email) = lower($3)`,
			sqldb.Now(s.now()),
			userID,
			email,
		)
		if err != nil {
			return sqldb.Translate(err, "confirm e-mail")
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return errBadLink
		}
		return s.record(
			ctx,
			tx,
			audit.Event{
				Action:     "user.email.confirm",
				ObjectType: "user",
				ObjectID:   strconv.FormatInt(userID, 10),
				Data:       map[string]any{"email": email},
			},
		)
	})
}

func (s *Service) emailConfirmed(ctx context.Context, q querier, userID int64) (bool, error) {
	var at sql.NullTime
	if err := q.QueryRowContext(ctx, `SELECT email_confirmed_at FROM users WHERE id = $1`, userID).Scan(&at); err != nil {
		return false, sqldb.Translate(err, "e-mail confirmed")
	}
	return at.Valid, nil
}

// EmailConfirmed reports whether the user's current e-mail is confirmed.
func (s *Service) EmailConfirmed(ctx context.Context, userID int64) (bool, error) {
	return s.emailConfirmed(ctx, s.db.R, userID)
}

// EmailConfirmedTx is EmailConfirmed inside a transaction.
func (s *Service) EmailConfirmedTx(ctx context.Context, tx *sqldb.Tx, userID int64) (bool, error) {
	return s.emailConfirmed(ctx, tx, userID)
}

// RequestPasswordReset sends a reset link to the account named by login
// (username, NIK or e-mail) when it exists, has an e-mail and is enabled,
// and records user.password.reset_requested. Whether or not it exists, the
// answer is the same. Errors: too_many_requests (per address), unavailable
// (no mail).
func (s *Service) RequestPasswordReset(ctx context.Context, login, client string) error {
	if s.mail.Send == nil {
		return errNoMail
	}
	login, err := textcheck.Check("login", login, textcheck.Line)
	if err != nil {
		return err
	}
	if err := s.Allow(ctx, "reset-addr:"+client, 10*s.mail.ResetPerHour, time.Hour, errTooManyResets); err != nil {
		return err
	}
	u, err := s.FindUserByUsername(ctx, login)
	if apperr.CodeOf(err) == apperr.NotFound || err == nil && (u.Disabled || u.Email == "") {
		return nil
	}
	if err != nil {
		return err
	}
	// Past the per-account limit the answer stays the same; nothing is sent.
	if err := s.Allow(ctx, "reset-user:"+u.IDString(), s.mail.ResetPerHour, time.Hour, errTooManyResets); err != nil {
		return nil
	}
	return s.db.Write(ctx, func(tx *sqldb.Tx) error {
		secret, err := s.issueMailToken(ctx, tx, u.ID, u.Email, PurposeReset, ResetTTL)
		if err != nil {
			return err
		}
		link := s.link("/atur-sandi", secret)
		subject, text := mailText(u.Name, "identity.mail.reset_subject", "identity.mail.reset", "username", u.Username, "link", link)
		if err := s.mail.Send(ctx, tx, "password.reset", u.Email, subject, text); err != nil {
			return err
		}
		return s.record(
			ctx,
			tx,
			audit.Event{
				Action:     "user.password.reset_requested",
				ObjectType: "user",
				ObjectID:   u.IDString(),
				Data:       map[string]any{"username": u.Username},
			},
		)
	})
}

// ResetPassword uses a reset link: sets the new password, ends every
// session and token of the user, and records user.password.reset.
// Errors: invalid (the link, or the password policy).
func (s *Service) ResetPassword(ctx context.Context, secret, password string) error {
	// The password may not be the account's own names: look at whose link
	// it is first (it is used up only below, with the new hash).
	if secret == "" || len(secret) > 200 {
		return errBadLink
	}
	var avoid []string
	var uname, uemail, temail string
	err := s.db.R.QueryRowContext(ctx, `SELECT u.username, COALESCE(u.email, ''), t.email FROM user_tokens t JOIN users u ON u.id = t.user_id
WHERE t.token_hash = $1 AND t.purpose = $2 AND t.used_at IS NULL
AND t.expires_at > $3`, hashSecret(secret), PurposeReset, sqldb.Now(s.now())).Scan(&uname, &uemail, &temail)
	if errors.Is(err, sql.ErrNoRows) {
		return errBadLink
	}
	if err != nil {
		return sqldb.Translate(err, "read token")
	}
	avoid = append(avoid, uname, uemail, temail)
	if err := CheckPasswordPolicy(password, avoid...); err != nil {
		return err
	}
	hash, err := s.hasher.Hash(ctx, password)
	if err != nil {
		return err
	}
	var userID int64
	err = s.db.Write(ctx, func(tx *sqldb.Tx) error {
		var email string
		var err error
		if userID, email, err = s.consumeMailToken(ctx, tx, secret, PurposeReset); err != nil {
			return err
		}
		now := sqldb.Now(s.now())
		// Receiving the link proves the e-mail too.
		if _, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = $1, updated_at = $2,
  email_confirmed_at = CASE WHEN lower(email) = lower($3) THEN coalesce(email_confirmed_at, $2)
ELSE email_confirmed_at END WHERE id = $4`, hash, now, email, userID); err != nil {
			return sqldb.Translate(err, "reset password")
		}
		if err := s.revokeAll(ctx, tx, userID, now); err != nil {
			return err
		}
		return s.record(ctx, tx, audit.Event{Action: "user.password.reset", ObjectType: "user", ObjectID: strconv.FormatInt(userID, 10)})
	})
	if err == nil {
		s.forget(userID)
	}
	return err
}

// ChangeEmail, inside tx, gives the user a new e-mail address, which must
// be confirmed again (a link is sent to it), and retires every link sent
// to the old one. It records user.email.change with the reason. Errors:
// invalid, conflict (the address belongs to another account).
func (s *Service) ChangeEmail(ctx context.Context, tx *sqldb.Tx, userID int64, email, reason, lang string) (*User, error) {
	email, p := textcheck.Email(email)
	if p != nil {
		return nil, &apperr.Error{Code: apperr.Invalid, Msg: p.Msg(), FieldMsgs: map[string]apperr.Msg{"email": p.Msg()}}
	}
	reason, err := textcheck.Check("reason", reason, textcheck.Multiline)
	if err != nil {
		return nil, err
	}
	u, err := s.findUser(ctx, tx, `id = $1`, userID)
	if err != nil {
		return nil, err
	}
	old := u.Email
	if strings.EqualFold(old, email) {
		return nil, apperr.InvalidMsgs(map[string]apperr.Msg{"email": apperr.M("identity.same_email")})
	}
	now := sqldb.Now(s.now())
	_, err = tx.ExecContext(ctx, `UPDATE users SET email = $1, email_confirmed_at = NULL, updated_at = $2 WHERE id = $3`, email, now, userID)
	if sqldb.IsUnique(err) {
		return nil, &apperr.Error{Code: apperr.Conflict, Msg: apperr.M("identity.email_taken"),
			FieldMsgs: map[string]apperr.Msg{"email": apperr.M("identity.email_in_use")}}
	}
	if err != nil {
		return nil, sqldb.Translate(err, "change e-mail")
	}
	if _, err := tx.ExecContext(ctx, `UPDATE user_tokens SET used_at = $1 WHERE user_id = $2 AND used_at IS NULL`, now, userID); err != nil {
		return nil, sqldb.Translate(err, "retire tokens")
	}
	u.Email = email
	if err := s.record(ctx, tx, audit.Event{Action: "user.email.change", ObjectType: "user", ObjectID: u.IDString(),
		Data: map[string]any{"username": u.Username, "old": old, "new": email, "reason": reason}}); err != nil {
		return nil, err
	}
	return u, s.StartEmailConfirmation(ctx, tx, u, lang)
}

// Allow counts one event for key in the current window (in the database,
// so every instance shares it) and answers refusal past limit.
func (s *Service) Allow(ctx context.Context, key string, limit int, window time.Duration, refusal *apperr.Error) error {
	if limit <= 0 {
		return nil
	}
	now := sqldb.Now(s.now())
	var n int
	err := s.db.Write(ctx, func(tx *sqldb.Tx) error {
		return tx.QueryRowContext(ctx, `INSERT INTO rate_counters (key, window_start, count) VALUES ($1, $2, 1)
ON CONFLICT (key) DO UPDATE SET
  count = CASE WHEN rate_counters.window_start <= $3 THEN 1 ELSE rate_counters.count + 1 END,
  window_start = CASE WHEN rate_counters.window_start <= $3 THEN $2 ELSE rate_counters.window_start END
RETURNING count`, key, now, now.Add(-window)).Scan(&n)
	})
	if err != nil {
		return sqldb.Translate(err, "rate limit")
	}
	if n > limit {
		return refusal
	}
	return nil
}
