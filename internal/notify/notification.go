package notify

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"asnpro/internal/apperr"
	"asnpro/internal/audit"
	"asnpro/internal/i18n"
	"asnpro/internal/sqldb"
)

// Notification is an in-app notice (notifikasi) for one user, in both
// languages: the reader sees one of them (In), never both.
type Notification struct {
	ID, UserID int64
	// Kind classifies the notice for filtering and icons, e.g.
	// "application.verified", "appeal.answered", "reminder".
	Kind string
	// Title and Body are the Indonesian words, TitleEN and BodyEN the
	// English. A notice stored before the English was kept apart has
	// TitleEN and BodyEN empty and is read in its stored text in either
	// language.
	Title, Body     string
	TitleEN, BodyEN string
	// Link is where the notice leads inside asnpro (a path such as
	// "/lamaran/12"); the e-mail copy carries it only when it is absolute.
	Link      string
	CreatedAt time.Time
	ReadAt    *time.Time
}

const (
	maxTitle = 200   // characters of a title or subject
	maxBody  = 20000 // bytes of a body (of both languages of a notice)
)

func (n Notification) validate() error {
	f := map[string]apperr.Msg{}
	if n.UserID <= 0 {
		f["user_id"] = apperr.M("notify.recipient_required")
	}
	if strings.TrimSpace(n.Kind) == "" {
		f["kind"] = apperr.M("notify.kind_required")
	}
	if strings.TrimSpace(n.Title) == "" {
		f["title"] = apperr.M("notify.title_required")
	} else if len([]rune(n.Title)) > maxTitle || strings.ContainsAny(n.Title, "\r\n") {
		f["title"] = apperr.M("notify.title_long")
	}
	if strings.TrimSpace(n.TitleEN) == "" && n.BodyEN != "" {
		f["title_en"] = apperr.M("notify.title_required") // the English is read only with its title
	} else if len([]rune(n.TitleEN)) > maxTitle || strings.ContainsAny(n.TitleEN, "\r\n") {
		f["title_en"] = apperr.M("notify.title_long")
	}
	if len(n.Body)+len(n.BodyEN) > maxBody { // the two travel in one e-mail
		f["body"] = apperr.M("notify.body_long")
	}
	if len(f) > 0 {
		return apperr.InvalidMsgs(f)
	}
	return nil
}

// In returns the title and body of n in lang (i18n.EN or i18n.ID): the
// English when asked for and present, otherwise the stored Indonesian —
// which is also what a notice stored before the English was kept apart
// shows in either language.
func (n Notification) In(lang string) (title, body string) {
	if lang == i18n.EN && n.TitleEN != "" {
		return n.TitleEN, n.BodyEN
	}
	return n.Title, n.Body
}

// Notify stores n for n.UserID inside the caller's write transaction and
// records notification.create; when email is not empty it also enqueues
// the notice as an e-mail (kind "notification") to that address, in both
// languages since an e-mail has no page language (see mailOf). Both happen
// only if tx commits. It returns the notification's id. Errors: invalid
// (missing user, kind or title; bad address), internal.
func Notify(ctx context.Context, tx *sqldb.Tx, now time.Time, n Notification, email string) (int64, error) {
	if err := n.validate(); err != nil {
		return 0, err
	}
	at := sqldb.Now(now)
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO notifications (user_id, kind, title, body, title_en, body_en, link, created_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
		n.UserID, n.Kind, n.Title, n.Body, n.TitleEN, n.BodyEN, n.Link, at).
		Scan(&id)
	if sqldb.IsForeignKey(err) {
		return 0, apperr.InvalidMsgs(map[string]apperr.Msg{"user_id": apperr.M("notify.unknown_user")})
	}
	if err != nil {
		return 0, sqldb.Translate(err, "store notification")
	}
	if err := audit.Record(ctx, tx, audit.Event{At: at, Action: "notification.create", ObjectType: "notification", ObjectID: id64(id),
		Data: map[string]any{"user_id": n.UserID, "kind": n.Kind, "email": email != ""}}); err != nil {
		return 0, err
	}
	if email != "" {
		subject, text := mailOf(n)
		if _, err := Enqueue(ctx, tx, now, Message{Kind: "notification", To: email, Subject: subject, Text: text}); err != nil {
			return 0, err
		}
	}
	return id, nil
}

// mailSeparator stands between the Indonesian and the English text of a
// notice's e-mail.
const mailSeparator = "\n\n----------\n\n"

// mailOf is the e-mail copy of n: the subject "Indonesian / English" when
// the titles differ (the Indonesian alone when both would not fit in a
// subject), the text in Indonesian, a separator, then in English when it
// differs, and the link at the end when it is absolute.
func mailOf(n Notification) (subject, text string) {
	subject, text = n.Title, n.Body
	if n.TitleEN != "" && n.TitleEN != n.Title {
		if both := n.Title + " / " + n.TitleEN; len([]rune(both)) <= maxTitle {
			subject = both
		}
	}
	if en := strings.TrimRight(n.BodyEN, "\n"); en != "" && en != strings.TrimRight(n.Body, "\n") {
		text = strings.TrimRight(text, "\n") + mailSeparator + n.BodyEN
	}
	if isAbsoluteURL(n.Link) {
		text = strings.TrimRight(text, "\n") + "\n\n" + n.Link + "\n"
	}
	return subject, text
}

func isAbsoluteURL(s string) bool {
	return strings.HasPrefix(s, "https://") || strings.HasPrefix(s, "http://")
}

// List returns userID's notifications, newest first, one page of them,
// with the number of all of them and of the unread ones.
func (s *Service) List(ctx context.Context, userID int64, limit, offset int) (items []Notification, total, unread int, err error) {
	limit, offset = pageBounds(limit, offset)
	err = s.db.R.QueryRowContext(ctx, `SELECT count(*), COALESCE(SUM(CASE WHEN read_at IS NULL THEN 1 ELSE 0 END), 0)
FROM notifications WHERE user_id = $1`, userID).
		Scan(&total, &unread)
	if err != nil {
		return nil, 0, 0, sqldb.Translate(err, "count notifications")
	}
	rows, err := s.db.R.QueryContext(ctx, `SELECT id, user_id, kind, title, body, title_en, body_en, link, created_at, read_at
FROM notifications WHERE user_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2 OFFSET $3`, userID, limit, offset)
	if err != nil {
		return nil, 0, 0, sqldb.Translate(err, "list notifications")
	}
	defer rows.Close()
	for rows.Next() {
		var n Notification
		var read sql.NullTime
		if err := rows.Scan(&n.ID, &n.UserID, &n.Kind, &n.Title, &n.Body, &n.TitleEN, &n.BodyEN, &n.Link, &n.CreatedAt, &read); err != nil {
			return nil, 0, 0, sqldb.Translate(err, "list notifications")
		}
		n.CreatedAt, n.ReadAt = n.CreatedAt.UTC(), utcPtr(read.Valid, read.Time)
		items = append(items, n)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, 0, sqldb.Translate(err, "list notifications")
	}
	return items, total, unread, nil
}

// MarkRead marks userID's notification id as read and records
// notification.read; marking one already read changes and records nothing.
// Errors: not_found (ErrNotFound) when there is no such notification or it
// is another user's, internal.
func (s *Service) MarkRead(ctx context.Context, userID, id int64) error {
	return s.db.Write(ctx, func(tx *sqldb.Tx) error {
		now := sqldb.Now(s.now())
		res, err := tx.ExecContext(
			ctx,
			`UPDATE notifications SET read_at = $1 WHERE id = $2 AND user_id = $3 AND read_at IS NULL`,
			now,
			id,
			userID,
		)
		if err != nil {
			return sqldb.Translate(err, "mark notification read")
		}
		if n, err := res.RowsAffected(); err != nil {
			return sqldb.Translate(err, "mark notification read")
		} else if n == 0 {
			var one int
			err := tx.QueryRowContext(ctx, `SELECT 1 FROM notifications WHERE id = $1 AND user_id = $2`, id, userID).Scan(&one)
			if errors.Is(err, sql.ErrNoRows) {
				return ErrNotFound
			}
			return sqldb.Translate(err, "find notification")
		}
		return audit.Record(
			userCtx(ctx, userID),
			tx,
			audit.Event{At: now, Action: "notification.read", ObjectType: "notification", ObjectID: id64(id),
				Data: map[string]any{"user_id": userID}},
		)
	})
}

// MarkAllRead marks every unread notification of userID as read and
// returns how many there were; it records notification.read_all when there
// was at least one. Errors: internal.
func (s *Service) MarkAllRead(ctx context.Context, userID int64) (int, error) {
	var count int64
	err := s.db.Write(ctx, func(tx *sqldb.Tx) error {
		now := sqldb.Now(s.now())
		res, err := tx.ExecContext(ctx, `UPDATE notifications SET read_at = $1 WHERE user_id = $2 AND read_at IS NULL`, now, userID)
		if err != nil {
			return sqldb.Translate(err, "mark notifications read")
		}
		if count, err = res.RowsAffected(); err != nil || count == 0 {
			return sqldb.Translate(err, "mark notifications read")
		}
		return audit.Record(
			userCtx(ctx, userID),
			tx,
			audit.Event{At: now, Action: "notification.read_all", ObjectType: "user", ObjectID: id64(userID),
				Data: map[string]any{"count": count}},
		)
	})
	if err != nil {
		return 0, err
	}
	return int(count), nil
}

// userCtx makes userID the audit actor when ctx carries none (a read mark
// is always the reader's own act), keeping the role and client it carries.
func userCtx(ctx context.Context, userID int64) context.Context {
	a := audit.ActorFrom(ctx)
	if a.ID == "" {
		a.ID = id64(userID)
		return audit.WithActor(ctx, a)
	}
	return ctx
}
