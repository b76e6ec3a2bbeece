package notify

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"time"

	"asnpro/internal/apperr"
	"asnpro/internal/audit"
	"asnpro/internal/sqldb"
	"asnpro/internal/textcheck"
)

// Message statuses.
const (
	StatusPending = "pending"
	StatusSent    = "sent"
	StatusFailed  = "failed"
)

// Message is one e-mail in the outbox.
type Message struct {
	ID int64
	// Kind says what the message is for, e.g. "email.confirm",
	// "password.reset", "notification".
	Kind string
	// To is the recipient's address ("a@b.id" or "Nama <a@b.id>").
	To, Subject string
	// Text is the plain-text body, UTF-8.
	Text      string
	CreatedAt time.Time
	SentAt    *time.Time
	Attempts  int
	LastError string
	Status    string // pending | sent | failed
	// NextAttemptAt is when a pending message is due next.
	NextAttemptAt time.Time
}

func (m Message) validate() error {
	f := map[string]string{}
	if strings.TrimSpace(m.Kind) == "" {
		f["kind"] = "Jenis wajib diisi"
	}
	// The one address rule (textcheck.Email), the same registration and
	// account changes use; a display name may stand before it.
	if a, err := mail.ParseAddress(m.To); err != nil || strings.ContainsAny(m.To, "\r\n") || !textcheck.ValidEmail(a.Address) {
		f["to"] = "Alamat e-mail tidak valid"
	}
	if strings.TrimSpace(m.Subject) == "" {
		f["subject"] = "Subjek wajib diisi"
	} else if len([]rune(m.Subject)) > maxTitle || strings.ContainsAny(m.Subject, "\r\n") {
		f["subject"] = "Subjek paling banyak 200 karakter, satu baris"
	}
	if len(m.Text) > maxBody {
		f["text"] = "Isi terlalu panjang"
	}
	if len(f) > 0 {
		return apperr.InvalidFields(f)
	}
	return nil
}

// Enqueue adds m to the outbox inside the caller's write transaction, due at
// once: it is sent only if tx commits. Only Kind, To, Subject and Text of m
// are used. It records outbox.enqueue (kind and recipient, never the body,
// which may hold a secret link) and returns the message id. Call the
// Service's Kick after the commit to send without waiting for the next
// tick. Errors: invalid (no kind or subject, bad address, too long),
// internal.
func Enqueue(ctx context.Context, tx *sqldb.Tx, now time.Time, m Message) (int64, error) {
	if err := m.validate(); err != nil {
		return 0, err
	}
	at := sqldb.Now(now)
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO outbox (kind, recipient, subject, body, status, created_at,
next_attempt_at) VALUES ($1, $2, $3, $4, 'pending', $5, $5) RETURNING id`,
		m.Kind, m.To, m.Subject, m.Text, at).
		Scan(&id)
	if err != nil {
		return 0, sqldb.Translate(err, "enqueue e-mail")
	}
	if err := audit.Record(ctx, tx, audit.Event{At: at, Action: "outbox.enqueue", ObjectType: "outbox", ObjectID: id64(id),
		Data: map[string]any{"kind": m.Kind, "to": m.To}}); err != nil {
		return 0, err
	}
	return id, nil
}

const messageColumns = `id, kind, recipient, subject, body, status, created_at, next_attempt_at, sent_at, attempts, last_error`

func scanMessage(r interface{ Scan(...any) error }) (Message, error) {
	var m Message
	var sent sql.NullTime
	if err := r.Scan(&m.ID, &m.Kind, &m.To, &m.Subject, &m.Text, &m.Status, &m.CreatedAt, &m.NextAttemptAt, &sent, &m.Attempts,
		&m.LastError); err != nil {
		return m, err
	}
	m.CreatedAt, m.NextAttemptAt, m.SentAt = m.CreatedAt.UTC(), m.NextAttemptAt.UTC(), utcPtr(sent.Valid, sent.Time)
	return m, nil
}

// Outbox lists the outbox for administrators, newest first, with the
// number of messages in total: all of them when status is "", else those
// with that status. Text is left empty: bodies may carry secrets such as a
// password-reset link. Errors: invalid (unknown status), internal.
func (s *Service) Outbox(ctx context.Context, status string, limit, offset int) ([]Message, int, error) {
	limit, offset = pageBounds(limit, offset)
	switch status {
	case "", StatusPending, StatusSent, StatusFailed:
	default:
		return nil, 0, apperr.InvalidFields(map[string]string{"status": "Status tidak dikenal"})
	}
	where, args := "", []any{}
	if status != "" {
		where, args = ` WHERE status = $1`, append(args, status)
	}
	var total int
	if err := s.db.R.QueryRowContext(ctx, `SELECT count(*) FROM outbox`+where, args...).Scan(&total); err != nil {
		return nil, 0, sqldb.Translate(err, "count outbox")
	}
	n := len(args)
	rows, err := s.db.R.QueryContext(
		ctx,
		fmt.Sprintf(
			`SELECT id, kind, recipient, subject, '', status, created_at, next_attempt_at, sent_at, attempts, last_error
FROM outbox%s ORDER BY id DESC LIMIT $%d OFFSET $%d`,
			where,
			n+1,
			n+2,
		),
		append(args, limit, offset)...)
	if err != nil {
		return nil, 0, sqldb.Translate(err, "list outbox")
	}
	defer rows.Close()
	var out []Message
	for rows.Next() {
		m, err := scanMessage(rows)
		if err != nil {
			return nil, 0, sqldb.Translate(err, "list outbox")
		}
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, sqldb.Translate(err, "list outbox")
	}
	return out, total, nil
}

// SenderOptions tune the sender. Zero fields take the defaults shown.
type SenderOptions struct {
	// Interval between passes when nothing wakes the sender (10 s).
	Interval time.Duration
	// Lease is how long a claimed message stays reserved for this instance
	// (2 minutes). It bounds one send: a send still running when its lease
	// ends is cancelled, so that no other instance sends the message at the
	// same time. Keep it above the mailer's own timeout.
	Lease time.Duration
	// Batch is how many messages one pass claims at most (20).
	Batch int
	// MaxAttempts: a message that failed this many times is given up as
	// failed (8).
	MaxAttempts int
	// Backoff is the wait after the first failure, doubled after each
	// further one up to MaxBackoff (1 minute and 6 hours).
	Backoff, MaxBackoff time.Duration
	// Instance names this process in claimed_by (host:pid).
	Instance string
	// KeepBodies is how long the body of a sent or failed message is kept
	// (7 days): bodies hold one-time links and personal notices; the
	// message's kind, recipient, subject and times stay.
	KeepBodies time.Duration
}

func (o SenderOptions) withDefaults() SenderOptions {
	if o.Interval <= 0 {
		o.Interval = 10 * time.Second
	}
	if o.Lease <= 0 {
		o.Lease = 2 * time.Minute
	}
	if o.Batch <= 0 {
		o.Batch = 20
	}
	if o.MaxAttempts <= 0 {
		o.MaxAttempts = 8
	}
	if o.Backoff <= 0 {
		o.Backoff = time.Minute
	}
	if o.MaxBackoff <= 0 {
		o.MaxBackoff = 6 * time.Hour
	}
	if o.Instance == "" {
		o.Instance = defaultInstance()
	}
	if o.KeepBodies <= 0 {
		o.KeepBodies = 7 * 24 * time.Hour
	}
	return o
}

// scrubbedBody replaces a body that outlived SenderOptions.KeepBodies.
const scrubbedBody = "[isi dihapus setelah masa simpan / body removed after its retention period]"

// ScrubBodies empties the bodies of messages sent or failed more than keep
// ago, in one transaction recorded as outbox.scrub with the count, and
// returns how many it emptied. Several instances may run it at once: a
// body already emptied is not counted again.
func (s *Service) ScrubBodies(ctx context.Context, keep time.Duration) (int, error) {
	ctx = systemCtx(ctx)
	before := sqldb.Now(s.now().Add(-keep))
	var n int64
	err := s.db.Write(ctx, func(tx *sqldb.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE outbox SET body = $1 WHERE status IN ('sent', 'failed') AND body <> $1
  AND coalesce(sent_at, next_attempt_at) < $2`, scrubbedBody, before)
		if err != nil {
			return sqldb.Translate(err, "scrub outbox")
		}
		if n, _ = res.RowsAffected(); n == 0 {
			return nil
		}
		return audit.Record(
			ctx,
			tx,
			audit.Event{
				At:         s.now(),
				Action:     "outbox.scrub",
				ObjectType: "outbox",
				Data:       map[string]any{"messages": n, "before": before.Format(time.RFC3339)},
			},
		)
	})
	return int(n), err
}

// Kick wakes this instance's sender at once (after a commit that enqueued
// a message). It never blocks; other instances find the message on their
// next tick.
func (s *Service) Kick() {
	select {
	case s.kick <- struct{}{}:
	default:
	}
}

// RunSender delivers due outbox messages through m until ctx ends, waking
// every o.Interval and whenever Kick is called; each wake-up drains what is
// due. Errors of a pass are logged and the loop goes on. It returns nil
// when ctx ends.
func (s *Service) RunSender(ctx context.Context, m Mailer, o SenderOptions) error {
	if m == nil {
		return errors.New("notify: RunSender without a mailer")
	}
	o = o.withDefaults()
	t := time.NewTicker(o.Interval)
	defer t.Stop()
	var scrubbed time.Time // the last scrub of old bodies (hourly)
	for {
		s.drain(ctx, "outbox: send pass", func() (bool, error) {
			n, err := s.SendDue(ctx, m, o)
			return n >= o.Batch, err
		})
		if time.Since(scrubbed) >= time.Hour {
			scrubbed = time.Now()
			if _, err := s.ScrubBodies(ctx, o.KeepBodies); err != nil && ctx.Err() == nil {
				s.log.Error("outbox: scrub bodies", "err", err)
			}
		}
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		case <-s.kick:
		}
	}
}

// outboxQueue is the outbox as a lease queue: a message is open while
// pending.
var outboxQueue = leaseQueue[Message]{
	table: "outbox", key: "id", due: "next_attempt_at", open: "status = 'pending'",
	columns: messageColumns, scan: scanMessage, what: "claim outbox",
	order: func(a, b Message) int {
		if c := a.NextAttemptAt.Compare(b.NextAttemptAt); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	},
}

// claimOutbox reserves up to o.Batch due messages for this instance until
// now+o.Lease and returns them with the claim token (claim).
func (s *Service) claimOutbox(ctx context.Context, now time.Time, o SenderOptions) ([]Message, string, error) {
	return claim(ctx, s, outboxQueue, now, o.Instance, o.Lease, o.Batch, "")
}

// SendDue runs one pass of the sender: it claims a batch of due messages
// and sends each through m, marking it sent (outbox.sent), scheduling a
// retry after a backoff (outbox.retry) or, after o.MaxAttempts failures or
// a permanent refusal, giving it up (outbox.failed). Each outcome is its
// own transaction with its audit event (actor: the system; never the
// body). It returns how many messages it claimed. Errors: internal (the
// database); a failed send is not an error of the pass.
func (s *Service) SendDue(ctx context.Context, m Mailer, o SenderOptions) (int, error) {
	o = o.withDefaults()
	ctx = systemCtx(ctx)
	msgs, token, err := s.claimOutbox(ctx, s.now(), o)
	if err != nil {
		return 0, err
	}
	for _, msg := range msgs {
		if ctx.Err() != nil {
			// The claims lapse with their lease; another pass takes them.
			return len(msgs), ctx.Err()
		}
		if err := s.sendOne(ctx, m, o, msg, token); err != nil {
			return len(msgs), err
		}
	}
	return len(msgs), nil
}

// sendOne renews the lease on msg (so the whole send fits in it), sends it
// and stores the outcome, each step guarded by the claim token.
func (s *Service) sendOne(ctx context.Context, m Mailer, o SenderOptions, msg Message, token string) error {
	renewed := false
	err := s.db.Write(ctx, func(tx *sqldb.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE outbox SET claimed_until = $1 WHERE id = $2 AND claim_token = $3 AND status = 'pending'`,
			sqldb.Now(s.now().Add(o.Lease)), msg.ID, token)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		renewed = n == 1
		return err
	})
	if err != nil {
		return sqldb.Translate(err, "renew outbox lease")
	}
	if !renewed {
		s.log.Warn("outbox: claim taken over before sending", "id", msg.ID, "instance", o.Instance)
		return nil
	}
	sctx, cancel := context.WithTimeout(ctx, o.Lease)
	sendErr := m.Send(sctx, msg)
	cancel()
	if sendErr != nil && ctx.Err() != nil {
		// Shutting down: not the message's fault. Its lease lapses and the
		// next pass (here or elsewhere) tries again without counting this.
		return ctx.Err()
	}

	// The outcome is written even if ctx ends meanwhile: a message the
	// server accepted must be marked sent.
	wctx := context.WithoutCancel(ctx)
	now := sqldb.Now(s.now())
	attempts := msg.Attempts + 1
	var q, action string
	var args []any
	data := map[string]any{"kind": msg.Kind, "to": msg.To, "attempts": attempts, "instance": o.Instance}
	switch {
	case sendErr == nil:
		action = "outbox.sent"
		q = `UPDATE outbox SET status = 'sent', sent_at = $1, attempts = $2, last_error = '', claimed_by = NULL, claim_token
= NULL, claimed_until = NULL
WHERE id = $3 AND claim_token = $4 AND status = 'pending'`
		args = []any{now, attempts, msg.ID, token}
	case attempts >= o.MaxAttempts || IsPermanent(sendErr):
		action = "outbox.failed"
		data["error"] = clip(sendErr.Error(), 500)
		q = `UPDATE outbox SET status = 'failed', attempts = $1, last_error = $2, claimed_by = NULL, claim_token = NULL, claimed_until = NULL
WHERE id = $3 AND claim_token = $4 AND status = 'pending'`
		args = []any{attempts, clip(sendErr.Error(), 2000), msg.ID, token}
	default:
		action = "outbox.retry"
		next := now.Add(backoff(o.Backoff, o.MaxBackoff, attempts))
		data["error"], data["next_attempt_at"] = clip(sendErr.Error(), 500), next
		q = `UPDATE outbox SET next_attempt_at = $1, attempts = $2, last_error = $3, claimed_by = NULL, claim_token = NULL, claimed_until = NULL
WHERE id = $4 AND claim_token = $5 AND status = 'pending'`
		args = []any{next, attempts, clip(sendErr.Error(), 2000), msg.ID, token}
	}
	err = s.db.Write(wctx, func(tx *sqldb.Tx) error {
		res, err := tx.ExecContext(wctx, q, args...)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return errLeaseLost
		}
		return audit.Record(wctx, tx, audit.Event{At: now, Action: action, ObjectType: "outbox", ObjectID: id64(msg.ID), Data: data})
	})
	switch {
	case errors.Is(err, errLeaseLost):
		// Our lease ran out during the send and another instance claimed
		// the message: it may be delivered twice, which we can only log.
		s.log.Warn("outbox: lease expired during the send; the message may be sent twice", "id", msg.ID, "instance", o.Instance)
		return nil
	case err != nil:
		return sqldb.Translate(err, "store outbox outcome")
	}
	if sendErr != nil {
		s.log.Warn("outbox: send failed", "id", msg.ID, "kind", msg.Kind, "attempts", attempts, "outcome", action, "err", sendErr)
	}
	return nil
}
