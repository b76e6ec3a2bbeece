package culture

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"asnpro/internal/audit"
	"asnpro/internal/i18n"
	"asnpro/internal/notify"
	"asnpro/internal/sqldb"
	"asnpro/internal/upload"
	"asnpro/internal/workforce"
)

// Thread is a forum thread as lists and its page show it.
type Thread struct {
	ID               int64
	Topic            string
	Title            string
	Tags             []string
	AuthorUserID     int64
	AuthorEmployeeID int64
	AuthorName       string // the employee's name (workforce)
	AuthorUnit       string
	CreatedAt        time.Time
	LastPostAt       time.Time
	Replies          int
	SolutionPostID   int64 // 0: none marked
	Hidden           bool
}

// Post is a thread's opening post or a reply.
type Post struct {
	ID               int64
	ThreadID         int64
	ThreadTitle      string
	AuthorUserID     int64
	AuthorEmployeeID int64
	AuthorName       string
	AuthorUnit       string
	Opening          bool
	Body             string // "" for a hidden post unless a moderator reads it
	CreatedAt        time.Time
	Votes            int
	Reports          int // reports not yet dealt with
	Hidden           bool
	HiddenReason     string
	HiddenAt         *time.Time
	Solution         bool
	Files            []Attachment
	Adoptions        []Adoption
}

// Attachment is a file attached to a post.
type Attachment struct {
	ID          int64
	PostID      int64
	SHA256      string
	Name        string
	ContentType string
	Size        int64
}

// Attach is an upload to attach to a new post: checked by content and
// size while it streamed (package upload), with the name it was sent as.
type Attach struct {
	Name string
	File *upload.File
}

// AttachRule is what an attachment may be: a PDF, a JPEG or a PNG of at most
// MaxFileBytes.
var AttachRule = upload.Rule{Formats: []upload.Format{upload.PDF, upload.JPEG, upload.PNG}, MaxBytes: MaxFileBytes}

// author is who writes: the account and its employee record.
func (s *Service) author(ctx context.Context, userID int64) (*workforce.Employee, error) {
	e, err := s.staff.FindEmployeeByUser(ctx, userID)
	if errors.Is(err, workforce.ErrEmployeeNotFound) || (err == nil && e.Status == workforce.StatusStopped) {
		return nil, ErrNotEmployee
	}
	return e, err
}

// CreateThread opens a thread under n.Topic by the employee of account
// userID, with its opening post, tags and attachments, and records
// forum.thread.create. Errors: forbidden (the account is no employee's),
// too_large (the text is over MaxBodyBytes), invalid.
func (s *Service) CreateThread(ctx context.Context, userID int64, n NewPost, files []Attach) (*Thread, error) {
	if err := n.checkThread(); err != nil {
		return nil, err
	}
	if err := checkFiles(files); err != nil {
		return nil, err
	}
	e, err := s.author(ctx, userID)
	if err != nil {
		return nil, err
	}
	if err := s.place(files); err != nil {
		return nil, err
	}
	var t *Thread
	err = s.db.Write(ctx, func(tx *sqldb.Tx) error {
		var err error
		t, err = s.createThread(ctx, tx, userID, e, n, files, s.now())
		return err
	})
	return t, err
}

func checkFiles(files []Attach) error {
	if len(files) > MaxFiles {
		return invalid("files", "culture.files", "max", MaxFiles)
	}
	return nil
}

func (s *Service) place(files []Attach) error {
	for _, f := range files {
		if err := s.blobs.Place(f.File); err != nil {
			return err
		}
	}
	return nil
}

func (s *Service) createThread(ctx context.Context, tx *sqldb.Tx, userID int64, e *workforce.Employee, n NewPost, files []Attach,
	now time.Time) (*Thread, error) {
	at := sqldb.Now(now)
	t := &Thread{Topic: n.Topic, Title: n.Title, Tags: n.Tags, AuthorUserID: userID, AuthorEmployeeID: e.ID, AuthorName: e.Name,
		AuthorUnit: e.Unit.Name, CreatedAt: at, LastPostAt: at}
	err := tx.QueryRowContext(ctx, `INSERT INTO forum_threads (topic, title, author_user_id, author_employee_id, created_at, last_post_at)
VALUES ($1, $2, $3, $4, $5, $5) RETURNING id`, n.Topic, n.Title, userID, e.ID, at).Scan(&t.ID)
	if err != nil {
		return nil, sqldb.Translate(err, "insert thread")
	}
	for _, tag := range n.Tags {
		if _, err := tx.ExecContext(ctx, `INSERT INTO forum_tags (thread_id, tag) VALUES ($1, $2)`, t.ID, tag); err != nil {
			return nil, sqldb.Translate(err, "insert tag")
		}
	}
	postID, err := s.insertPost(ctx, tx, t.ID, userID, e.ID, true, n.Body, files, at)
	if err != nil {
		return nil, err
	}
	if err := index(ctx, tx, t.ID, searchDoc(n.Title, n.Tags, n.Body)); err != nil {
		return nil, err
	}
	return t, s.record(ctx, tx, audit.Event{At: at, Action: "forum.thread.create", ObjectType: "forum_thread", ObjectID: idText(t.ID),
		Data: map[string]any{"topic": n.Topic, "title": n.Title, "tags": n.Tags, "post": idText(postID), "files": len(files)}})
}

// insertPost writes a post, its search text and its attachments.
func (s *Service) insertPost(ctx context.Context, tx *sqldb.Tx, threadID, userID, empID int64, opening bool, body string,
	files []Attach, at time.Time) (int64, error) {
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO forum_posts (thread_id, author_user_id, author_employee_id, opening, body, created_at)
VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, threadID, userID, empID, opening, body, at).Scan(&id)
	if err != nil {
		return 0, sqldb.Translate(err, "insert post")
	}
	for _, f := range files {
		if err := s.blobs.Record(ctx, tx, f.File, at); err != nil {
			return 0, err
		}
		name := upload.SafeName(f.Name)
		if name == "" {
			name = "lampiran." + string(f.File.Format)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO forum_attachments (post_id, sha256, name, content_type, size)
VALUES ($1, $2, $3, $4, $5)`, id, f.File.SHA256, name, f.File.ContentType, f.File.Size); err != nil {
			return 0, sqldb.Translate(err, "insert attachment")
		}
	}
	return id, nil
}

// index writes a thread's search text anew: SQLite's FTS5 row, PostgreSQL's
// tsvector ('simple': lowercased words, no stemming; stripped of positions).
func index(ctx context.Context, tx *sqldb.Tx, threadID int64, doc string) error {
	var err error
	if tx.Dialect() == string(sqldb.Postgres) {
		_, err = tx.ExecContext(ctx, `UPDATE forum_threads SET doc = strip(to_tsvector('simple', $1)) WHERE id = $2`, doc, threadID)
	} else {
		_, err = tx.ExecContext(ctx, `INSERT OR REPLACE INTO forum_fts (rowid, doc) VALUES ($1, $2)`, threadID, doc)
	}
	return sqldb.Translate(err, "index thread")
}

// indexMore adds a reply's text to its thread's search text.
func indexMore(ctx context.Context, tx *sqldb.Tx, threadID int64, text string) error {
	var err error
	if tx.Dialect() == string(sqldb.Postgres) {
		_, err = tx.ExecContext(ctx, `UPDATE forum_threads SET doc = doc || strip(to_tsvector('simple', $1)) WHERE id = $2`, text, threadID)
	} else {
		_, err = tx.ExecContext(ctx, `UPDATE forum_fts SET doc = doc || char(10) || $1 WHERE rowid = $2`, text, threadID)
	}
	return sqldb.Translate(err, "index reply")
}

// reindex writes a thread's search text from its title, tags and visible
// posts (after a post was hidden or restored); a hidden thread's is
// emptied, so search never meets it.
func reindex(ctx context.Context, tx *sqldb.Tx, threadID int64) error {
	var title string
	var hidden bool
	if err := tx.QueryRowContext(ctx, `SELECT title, hidden FROM forum_threads WHERE id = $1`, threadID).Scan(&title, &hidden); err != nil {
		return sqldb.Translate(err, "find thread")
	}
	if hidden {
		var err error
		if tx.Dialect() == string(sqldb.Postgres) {
			_, err = tx.ExecContext(ctx, `UPDATE forum_threads SET doc = ''::tsvector WHERE id = $1`, threadID)
		} else {
			_, err = tx.ExecContext(ctx, `DELETE FROM forum_fts WHERE rowid = $1`, threadID)
		}
		return sqldb.Translate(err, "unindex thread")
	}
	var tags, bodies []string
	err := sqldb.RunQuery(ctx, tx, `SELECT tag FROM forum_tags WHERE thread_id = $1 ORDER BY tag`, func(r *sql.Rows) error {
		var t string
		err := r.Scan(&t)
		tags = append(tags, t)
		return err
	}, threadID)
	if err != nil {
		return sqldb.Translate(err, "find tags")
	}
	err = sqldb.RunQuery(ctx, tx, `SELECT body FROM forum_posts WHERE thread_id = $1 AND hidden_at IS NULL ORDER BY id`,
		func(r *sql.Rows) error {
			var b string
			err := r.Scan(&b)
			bodies = append(bodies, b)
			return err
		}, threadID)
	if err != nil {
		return sqldb.Translate(err, "find posts")
	}
	return index(ctx, tx, threadID, searchDoc(title, tags, strings.Join(bodies, "\n")))
}

// Reply adds a reply by the employee of account userID to a thread,
// records forum.reply and notifies the thread's author and the earlier
// repliers (not the one replying). Errors: not_found, conflict (the thread
// is hidden), forbidden, too_large, invalid.
func (s *Service) Reply(ctx context.Context, userID, threadID int64, body string, files []Attach) (*Post, error) {
	if err := checkReply(&body); err != nil {
		return nil, err
	}
	if err := checkFiles(files); err != nil {
		return nil, err
	}
	e, err := s.author(ctx, userID)
	if err != nil {
		return nil, err
	}
	if err := s.place(files); err != nil {
		return nil, err
	}
	var p *Post
	err = s.db.Write(ctx, func(tx *sqldb.Tx) error {
		var err error
		p, err = s.reply(ctx, tx, userID, e, threadID, body, files, s.now())
		return err
	})
	return p, err
}

func (s *Service) reply(ctx context.Context, tx *sqldb.Tx, userID int64, e *workforce.Employee, threadID int64, body string,
	files []Attach, now time.Time) (*Post, error) {
	var title string
	var hidden bool
	err := tx.QueryRowContext(ctx, `SELECT title, hidden FROM forum_threads WHERE id = $1`, threadID).Scan(&title, &hidden)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrThreadNotFound
	}
	if err != nil {
		return nil, sqldb.Translate(err, "find thread")
	}
	if hidden {
		return nil, ErrThreadHidden
	}
	at := sqldb.Now(now)
	id, err := s.insertPost(ctx, tx, threadID, userID, e.ID, false, body, files, at)
	if err != nil {
		return nil, err
	}
	if err := indexMore(ctx, tx, threadID, body); err != nil {
		return nil, err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE forum_threads SET replies = replies + 1, last_post_at = $1 WHERE id = $2`,
		at, threadID); err != nil {
		return nil, sqldb.Translate(err, "update thread")
	}
	if err := s.record(ctx, tx, audit.Event{At: at, Action: "forum.reply", ObjectType: "forum_post", ObjectID: idText(id),
		Data: map[string]any{"thread": idText(threadID), "files": len(files)}}); err != nil {
		return nil, err
	}
	if err := notifyReply(ctx, tx, at, threadID, userID, id, title, e.Name); err != nil {
		return nil, err
	}
	return &Post{ID: id, ThreadID: threadID, ThreadTitle: title, AuthorUserID: userID, AuthorEmployeeID: e.ID, AuthorName: e.Name,
		AuthorUnit: e.Unit.Name, Body: body, CreatedAt: at}, nil
}

// maxNotified bounds how many earlier participants one reply notifies.
const maxNotified = 50

// notifyReply tells the thread's author and its earlier repliers (not
// whoever replied now) that a reply came, in the same transaction.
func notifyReply(ctx context.Context, tx *sqldb.Tx, at time.Time, threadID, replier, postID int64, title, name string) error {
	var users []int64
	err := sqldb.RunQuery(ctx, tx, `SELECT author_user_id FROM forum_posts WHERE thread_id = $1 AND author_user_id <> $2
GROUP BY author_user_id ORDER BY MIN(id) LIMIT `+idText(maxNotified), func(r *sql.Rows) error {
		var u int64
		err := r.Scan(&u)
		users = append(users, u)
		return err
	}, threadID, replier)
	if err != nil {
		return sqldb.Translate(err, "participants")
	}
	link := ThreadPath(threadID) + "#post-" + idText(postID)
	for _, u := range users {
		n := notify.Notification{UserID: u, Kind: "forum.reply", Link: link,
			Title:   clip(i18n.T(i18n.ID, "culture.notice.reply_title", "title", title), 200),
			Body:    i18n.T(i18n.ID, "culture.notice.reply_body", "name", name, "title", title),
			TitleEN: clip(i18n.T(i18n.EN, "culture.notice.reply_title", "title", title), 200),
			BodyEN:  i18n.T(i18n.EN, "culture.notice.reply_body", "name", name, "title", title)}
		if _, err := notify.Notify(ctx, tx, at, n, ""); err != nil {
			return err
		}
	}
	return nil
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// ThreadPath is a thread's page.
func ThreadPath(id int64) string { return "/forum/threads/" + idText(id) }

// Joins across parts: employees and org_units (workforce) for the
// author's name and unit, in every list and page.
const threadColumns = `t.id, t.topic, t.title, t.author_user_id, t.author_employee_id, e.name, COALESCE(u.name, ''),
  t.created_at, t.last_post_at, t.replies, COALESCE(t.solution_post_id, 0), t.hidden`

const threadFrom = ` FROM forum_threads t JOIN employees e ON e.id = t.author_employee_id LEFT JOIN org_units u ON u.id = e.unit_id`

func scanThread(r scanner) (*Thread, error) {
	var t Thread
	err := r.Scan(&t.ID, &t.Topic, &t.Title, &t.AuthorUserID, &t.AuthorEmployeeID, &t.AuthorName, &t.AuthorUnit, &t.CreatedAt,
		&t.LastPostAt, &t.Replies, &t.SolutionPostID, &t.Hidden)
	return &t, err
}

const postColumns = `p.id, p.thread_id, t.title, p.author_user_id, p.author_employee_id, e.name, COALESCE(u.name, ''), p.opening,
  p.body, p.created_at, p.votes, p.reports, p.hidden_at, p.hidden_reason, COALESCE(t.solution_post_id, 0)`

const postFrom = ` FROM forum_posts p JOIN forum_threads t ON t.id = p.thread_id JOIN employees e ON e.id = p.author_employee_id
LEFT JOIN org_units u ON u.id = e.unit_id`

func scanPost(r scanner) (*Post, error) {
	var p Post
	var hiddenAt sql.NullTime
	var solution int64
	err := r.Scan(&p.ID, &p.ThreadID, &p.ThreadTitle, &p.AuthorUserID, &p.AuthorEmployeeID, &p.AuthorName, &p.AuthorUnit, &p.Opening,
		&p.Body, &p.CreatedAt, &p.Votes, &p.Reports, &hiddenAt, &p.HiddenReason, &solution)
	if hiddenAt.Valid {
		t := hiddenAt.Time
		p.Hidden, p.HiddenAt = true, &t
	}
	p.Solution = solution == p.ID
	return &p, err
}

// FindThread returns a thread with its posts in order, their attachments
// and (for the solution) the units that adopted it. A hidden thread is
// not_found, and a hidden post's text is empty, unless moderator.
func (s *Service) FindThread(ctx context.Context, id int64, moderator bool) (*Thread, []*Post, error) {
	t, err := scanThread(s.db.R.QueryRowContext(ctx, `SELECT `+threadColumns+threadFrom+` WHERE t.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) || (err == nil && t.Hidden && !moderator) {
		return nil, nil, ErrThreadNotFound
	}
	if err != nil {
		return nil, nil, sqldb.Translate(err, "find thread")
	}
	if err := s.fillTags(ctx, []*Thread{t}); err != nil {
		return nil, nil, err
	}
	var posts []*Post
	byID := map[int64]*Post{}
	err = sqldb.RunQuery(ctx, s.db.R, `SELECT `+postColumns+postFrom+` WHERE p.thread_id = $1 ORDER BY p.id`, func(r *sql.Rows) error {
		p, err := scanPost(r)
		if p.Hidden && !moderator {
			p.Body = ""
		}
		posts = append(posts, p)
		byID[p.ID] = p
		return err
	}, id)
	if err != nil {
		return nil, nil, sqldb.Translate(err, "find posts")
	}
	err = sqldb.RunQuery(ctx, s.db.R, `SELECT a.id, a.post_id, a.sha256, a.name, a.content_type, a.size FROM forum_attachments a
JOIN forum_posts p ON p.id = a.post_id WHERE p.thread_id = $1 ORDER BY a.id`, func(r *sql.Rows) error {
		var a Attachment
		err := r.Scan(&a.ID, &a.PostID, &a.SHA256, &a.Name, &a.ContentType, &a.Size)
		if p := byID[a.PostID]; p != nil && (!p.Hidden || moderator) {
			p.Files = append(p.Files, a)
		}
		return err
	}, id)
	if err != nil {
		return nil, nil, sqldb.Translate(err, "find attachments")
	}
	if sol := byID[t.SolutionPostID]; sol != nil {
		if sol.Adoptions, err = s.adoptions(ctx, sol.ID); err != nil {
			return nil, nil, err
		}
	}
	return t, posts, nil
}

// fillTags reads the tags of ts.
func (s *Service) fillTags(ctx context.Context, ts []*Thread) error {
	if len(ts) == 0 {
		return nil
	}
	byID := map[int64]*Thread{}
	ids := make([]string, len(ts))
	for i, t := range ts {
		byID[t.ID] = t
		ids[i] = idText(t.ID)
	}
	err := sqldb.RunQuery(ctx, s.db.R, `SELECT thread_id, tag FROM forum_tags WHERE thread_id IN (`+strings.Join(ids, ",")+`)
ORDER BY thread_id, tag`, func(r *sql.Rows) error {
		var id int64
		var tag string
		err := r.Scan(&id, &tag)
		if t := byID[id]; t != nil {
			t.Tags = append(t.Tags, tag)
		}
		return err
	})
	return sqldb.Translate(err, "find tags")
}

// Filter chooses threads of a list.
type Filter struct {
	Topic  string // "": every topic
	Tag    string // "": any
	Limit  int    // 0: 20
	Offset int
}

// Threads lists the visible threads, the latest active first, and how
// many there are.
func (s *Service) Threads(ctx context.Context, f Filter) ([]*Thread, int, error) {
	where, args := ` WHERE NOT t.hidden`, []any{}
	if f.Topic != "" {
		args = append(args, f.Topic)
		where += ` AND t.topic = $` + idText(int64(len(args)))
	}
	if f.Tag != "" {
		args = append(args, f.Tag)
		where += ` AND t.id IN (SELECT thread_id FROM forum_tags WHERE tag = $` + idText(int64(len(args))) + `)`
	}
	return s.threadPage(ctx, where, args, f.Limit, f.Offset)
}

func (s *Service) threadPage(ctx context.Context, where string, args []any, limit, offset int) ([]*Thread, int, error) {
	if limit <= 0 {
		limit = 20
	}
	var total int
	if err := s.db.R.QueryRowContext(ctx, `SELECT count(*) FROM forum_threads t`+where, args...).Scan(&total); err != nil {
		return nil, 0, sqldb.Translate(err, "count threads")
	}
	var out []*Thread
	err := sqldb.RunQuery(ctx, s.db.R, `SELECT `+threadColumns+threadFrom+where+` ORDER BY t.last_post_at DESC, t.id DESC LIMIT `+
		idText(int64(limit))+` OFFSET `+idText(int64(max(offset, 0))), func(r *sql.Rows) error {
		t, err := scanThread(r)
		out = append(out, t)
		return err
	}, args...)
	if err != nil {
		return nil, 0, sqldb.Translate(err, "find threads")
	}
	return out, total, s.fillTags(ctx, out)
}

// Search finds the visible threads whose title, tags, opening post or a
// visible reply hold every word of q (each as a prefix), the newest thread
// first. A q with no word of two or more characters finds nothing. The
// search text of a hidden thread is emptied (reindex), so the count needs
// no join.
func (s *Service) Search(ctx context.Context, q string, limit, offset int) ([]*Thread, int, error) {
	terms := Terms(q)
	if len(terms) == 0 {
		return nil, 0, nil
	}
	if limit <= 0 {
		limit = 20
	}
	page := ` LIMIT ` + idText(int64(limit)) + ` OFFSET ` + idText(int64(max(offset, 0)))
	if s.db.Engine == sqldb.Postgres {
		// One scan of the matches gives the page and the count (a window
		// over them all, before the limit).
		return s.searchPage(ctx, `SELECT count(*) FROM forum_threads WHERE doc @@ to_tsquery('simple', $1)`,
			`SELECT id, count(*) OVER () FROM forum_threads WHERE doc @@ to_tsquery('simple', $1) ORDER BY id DESC`+page,
			tsQuery(terms))
	}
	// FTS5 walks the matches newest first and stops after the page; the
	// count walks them apart, without reading any row.
	return s.searchPage(ctx, `SELECT count(*) FROM forum_fts WHERE forum_fts MATCH $1`,
		`SELECT rowid, -1 FROM forum_fts WHERE forum_fts MATCH $1 ORDER BY rowid DESC`+page, ftsMatch(terms))
}

// searchPage reads the page of matching thread ids (ids: id and the total,
// or -1 when the count query must give it) and the threads themselves.
func (s *Service) searchPage(ctx context.Context, count, ids, match string) ([]*Thread, int, error) {
	total := -1
	var list []string
	err := sqldb.RunQuery(ctx, s.db.R, ids, func(r *sql.Rows) error {
		var id int64
		err := r.Scan(&id, &total)
		list = append(list, idText(id))
		return err
	}, match)
	if err != nil {
		return nil, 0, sqldb.Translate(err, "find matches")
	}
	if total < 0 { // SQLite, or a page past the last
		if err := s.db.R.QueryRowContext(ctx, count, match).Scan(&total); err != nil {
			return nil, 0, sqldb.Translate(err, "count matches")
		}
	}
	if len(list) == 0 {
		return nil, total, nil
	}
	var out []*Thread
	err = sqldb.RunQuery(ctx, s.db.R, `SELECT `+threadColumns+threadFrom+` WHERE t.id IN (`+strings.Join(list, ",")+`) AND NOT t.hidden
ORDER BY t.id DESC`, func(r *sql.Rows) error {
		t, err := scanThread(r)
		out = append(out, t)
		return err
	})
	if err != nil {
		return nil, 0, sqldb.Translate(err, "find threads")
	}
	return out, total, s.fillTags(ctx, out)
}

// TopicCounts counts the visible threads of each topic.
func (s *Service) TopicCounts(ctx context.Context) (map[string]int, error) {
	out := map[string]int{}
	err := sqldb.RunQuery(ctx, s.db.R, `SELECT topic, count(*) FROM forum_threads WHERE NOT hidden GROUP BY topic`,
		func(r *sql.Rows) error {
			var t string
			var n int
			err := r.Scan(&t, &n)
			out[t] = n
			return err
		})
	return out, sqldb.Translate(err, "count topics")
}

// FindAttachment returns an attachment and its bytes; one of a hidden
// post (or thread) is not_found unless moderator.
func (s *Service) FindAttachment(ctx context.Context, id int64, moderator bool) (*Attachment, []byte, error) {
	var a Attachment
	var hidden bool
	err := s.db.R.QueryRowContext(ctx, `SELECT a.id, a.post_id, a.sha256, a.name, a.content_type, a.size,
  p.hidden_at IS NOT NULL OR t.hidden
FROM forum_attachments a JOIN forum_posts p ON p.id = a.post_id JOIN forum_threads t ON t.id = p.thread_id WHERE a.id = $1`, id).
		Scan(&a.ID, &a.PostID, &a.SHA256, &a.Name, &a.ContentType, &a.Size, &hidden)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && hidden && !moderator) {
		return nil, nil, ErrFileNotFound
	}
	if err != nil {
		return nil, nil, sqldb.Translate(err, "find attachment")
	}
	b, err := s.blobs.Read(ctx, a.SHA256)
	return &a, b, err
}

// ThreadOfPost returns the thread a post belongs to. Errors: not_found.
func (s *Service) ThreadOfPost(ctx context.Context, postID int64) (int64, error) {
	var id int64
	err := s.db.R.QueryRowContext(ctx, `SELECT thread_id FROM forum_posts WHERE id = $1`, postID).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, ErrPostNotFound
	}
	return id, sqldb.Translate(err, "find post")
}
