package culture

import (
	"context"
	"database/sql"
	"errors"
	"time"
	"unicode/utf8"

	"asnpro/internal/apperr"
	"asnpro/internal/audit"
	"asnpro/internal/sqldb"
	"asnpro/internal/textcheck"
)

// postRef is what an action needs to know of a post.
type postRef struct {
	id, threadID, author, threadAuthor, solution int64
	opening, hidden, threadHidden                bool
}

func findPostRef(ctx context.Context, tx *sqldb.Tx, id int64) (*postRef, error) {
	var p postRef
	var hiddenAt sql.NullTime
	err := tx.QueryRowContext(ctx, `SELECT p.id, p.thread_id, p.author_user_id, t.author_user_id, COALESCE(t.solution_post_id, 0),
  p.opening, p.hidden_at, t.hidden
FROM forum_posts p JOIN forum_threads t ON t.id = p.thread_id WHERE p.id = $1`, id).
		Scan(&p.id, &p.threadID, &p.author, &p.threadAuthor, &p.solution, &p.opening, &hiddenAt, &p.threadHidden)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrPostNotFound
	}
	p.hidden = hiddenAt.Valid
	return &p, sqldb.Translate(err, "find post")
}

// visiblePost finds a post that is neither hidden nor in a hidden thread.
func visiblePost(ctx context.Context, tx *sqldb.Tx, id int64) (*postRef, error) {
	p, err := findPostRef(ctx, tx, id)
	if err == nil && (p.hidden || p.threadHidden) {
		return nil, ErrPostNotFound
	}
	return p, err
}

// Vote gives account userID's one vote to a post (forum.vote). Errors:
// not_found (also a hidden post), conflict (voted already; one's own post).
func (s *Service) Vote(ctx context.Context, userID, postID int64) error {
	return s.db.Write(ctx, func(tx *sqldb.Tx) error {
		p, err := visiblePost(ctx, tx, postID)
		if err != nil {
			return err
		}
		if p.author == userID {
			return ErrVoteOwn
		}
		at := sqldb.Now(s.now())
		res, err := tx.ExecContext(ctx, `INSERT INTO forum_votes (post_id, user_id, created_at) VALUES ($1, $2, $3)
ON CONFLICT (post_id, user_id) DO NOTHING`, postID, userID, at)
		if err != nil {
			return sqldb.Translate(err, "insert vote")
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrVoted
		}
		if _, err := tx.ExecContext(ctx, `UPDATE forum_posts SET votes = votes + 1 WHERE id = $1`, postID); err != nil {
			return sqldb.Translate(err, "count vote")
		}
		return s.record(ctx, tx, audit.Event{At: at, Action: "forum.vote", ObjectType: "forum_post", ObjectID: idText(postID)})
	})
}

// MarkSolution makes a reply its thread's solution (replacing an earlier
// one) and records forum.solution; only the thread's author may. Errors:
// not_found, forbidden (not the thread's author), conflict (the opening
// post, which is the question).
func (s *Service) MarkSolution(ctx context.Context, userID, postID int64) error {
	return s.db.Write(ctx, func(tx *sqldb.Tx) error {
		p, err := visiblePost(ctx, tx, postID)
		if err != nil {
			return err
		}
		if p.threadAuthor != userID {
			return ErrNotAuthor
		}
		if p.opening {
			return ErrNotSolution
		}
		at := sqldb.Now(s.now())
		if _, err := tx.ExecContext(ctx, `UPDATE forum_threads SET solution_post_id = $1 WHERE id = $2`, postID, p.threadID); err != nil {
			return sqldb.Translate(err, "mark solution")
		}
		return s.record(ctx, tx, audit.Event{At: at, Action: "forum.solution", ObjectType: "forum_thread", ObjectID: idText(p.threadID),
			Data: map[string]any{"post": idText(postID), "before": idText(p.solution)}})
	})
}

// Adoption is a unit that adopted a solution.
type Adoption struct {
	PostID   int64
	UnitID   int64
	UnitCode string
	UnitName string
	Note     string
	At       time.Time
}

const maxNote = 500

// Adopt records that a unit adopted a thread's solution (forum.adopt): the
// admin for any unit (admin true), else only the unit's head. Errors:
// not_found (the post, the unit), conflict (the post is not its thread's
// solution; the unit adopted it already), forbidden (not the unit's head),
// invalid (the note).
func (s *Service) Adopt(ctx context.Context, userID int64, admin bool, postID, unitID int64, note string) error {
	f := map[string]apperr.Msg{}
	if textcheck.FieldMsg(f, "note", &note, textcheck.Line) && utf8.RuneCountInString(note) > maxNote {
		f["note"] = apperr.M("culture.reason_long", "max", maxNote)
	}
	if len(f) > 0 {
		return apperr.InvalidMsgs(f)
	}
	u, err := s.staff.FindUnit(ctx, unitID)
	if err != nil {
		return err
	}
	if !admin {
		e, err := s.author(ctx, userID)
		if errors.Is(err, ErrNotEmployee) || (err == nil && u.HeadID != e.ID) {
			return ErrNotUnitHead
		}
		if err != nil {
			return err
		}
	}
	return s.db.Write(ctx, func(tx *sqldb.Tx) error {
		p, err := visiblePost(ctx, tx, postID)
		if err != nil {
			return err
		}
		if p.solution != postID {
			return ErrNotSolution
		}
		at := sqldb.Now(s.now())
		res, err := tx.ExecContext(ctx, `INSERT INTO forum_adoptions (post_id, unit_id, note, recorded_by, adopted_at)
VALUES ($1, $2, $3, $4, $5) ON CONFLICT (post_id, unit_id) DO NOTHING`, postID, unitID, note, userID, at)
		if err != nil {
			return sqldb.Translate(err, "insert adoption")
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrAdopted
		}
		return s.record(ctx, tx, audit.Event{At: at, Action: "forum.adopt", ObjectType: "forum_post", ObjectID: idText(postID),
			Data: map[string]any{"unit": idText(unitID), "unit_code": u.Code, "note": note}})
	})
}

// Joins across parts: org_units (workforce) for the unit's name.
func (s *Service) adoptions(ctx context.Context, postID int64) ([]Adoption, error) {
	var out []Adoption
	err := sqldb.RunQuery(ctx, s.db.R, `SELECT a.post_id, a.unit_id, u.code, u.name, a.note, a.adopted_at FROM forum_adoptions a
JOIN org_units u ON u.id = a.unit_id WHERE a.post_id = $1 ORDER BY a.adopted_at, u.code`, func(r *sql.Rows) error {
		var a Adoption
		err := r.Scan(&a.PostID, &a.UnitID, &a.UnitCode, &a.UnitName, &a.Note, &a.At)
		out = append(out, a)
		return err
	}, postID)
	return out, sqldb.Translate(err, "find adoptions")
}

// Innovation is a solution some units adopted: the inovasi collection.
type Innovation struct {
	Post      *Post
	Topic     string
	Adoptions []Adoption
}

// Innovations lists the adopted solutions of visible threads, the latest
// adopted first.
func (s *Service) Innovations(ctx context.Context) ([]Innovation, error) {
	var out []Innovation
	byPost := map[int64]int{}
	err := sqldb.RunQuery(ctx, s.db.R, `SELECT `+postColumns+`, t.topic`+postFrom+`
WHERE p.id IN (SELECT post_id FROM forum_adoptions) AND p.hidden_at IS NULL AND NOT t.hidden
ORDER BY (SELECT MAX(adopted_at) FROM forum_adoptions a WHERE a.post_id = p.id) DESC, p.id DESC`, func(r *sql.Rows) error {
		var p Post
		var in Innovation
		var hiddenAt sql.NullTime
		var solution int64
		err := r.Scan(&p.ID, &p.ThreadID, &p.ThreadTitle, &p.AuthorUserID, &p.AuthorEmployeeID, &p.AuthorName, &p.AuthorUnit, &p.Opening,
			&p.Body, &p.CreatedAt, &p.Votes, &p.Reports, &hiddenAt, &p.HiddenReason, &solution, &in.Topic)
		p.Solution = solution == p.ID
		in.Post = &p
		byPost[p.ID] = len(out)
		out = append(out, in)
		return err
	})
	if err != nil {
		return nil, sqldb.Translate(err, "find innovations")
	}
	err = sqldb.RunQuery(ctx, s.db.R, `SELECT a.post_id, a.unit_id, u.code, u.name, a.note, a.adopted_at FROM forum_adoptions a
JOIN org_units u ON u.id = a.unit_id ORDER BY a.adopted_at, u.code`, func(r *sql.Rows) error {
		var a Adoption
		err := r.Scan(&a.PostID, &a.UnitID, &a.UnitCode, &a.UnitName, &a.Note, &a.At)
		if i, ok := byPost[a.PostID]; ok {
			out[i].Adoptions = append(out[i].Adoptions, a)
		}
		return err
	})
	return out, sqldb.Translate(err, "find adoptions")
}

// Report records that account userID finds a post improper (forum.report),
// once per account and post; a second report by the same account changes
// nothing. Errors: not_found, invalid (the reason).
func (s *Service) Report(ctx context.Context, userID, postID int64, reason string) error {
	if err := checkReason(&reason, false); err != nil {
		return err
	}
	return s.db.Write(ctx, func(tx *sqldb.Tx) error {
		if _, err := visiblePost(ctx, tx, postID); err != nil {
			return err
		}
		at := sqldb.Now(s.now())
		res, err := tx.ExecContext(ctx, `INSERT INTO forum_reports (post_id, user_id, reason, created_at) VALUES ($1, $2, $3, $4)
ON CONFLICT (post_id, user_id) DO NOTHING`, postID, userID, reason, at)
		if err != nil {
			return sqldb.Translate(err, "insert report")
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}
		if _, err := tx.ExecContext(ctx, `UPDATE forum_posts SET reports = reports + 1 WHERE id = $1`, postID); err != nil {
			return sqldb.Translate(err, "count report")
		}
		return s.record(ctx, tx, audit.Event{At: at, Action: "forum.report", ObjectType: "forum_post", ObjectID: idText(postID),
			Data: map[string]any{"reason": reason}})
	})
}

// Hide hides a post with a reason (forum.hide), which its page shows in
// its place; hiding a thread's opening post hides the thread. Its open
// reports are dealt with. Errors: invalid (no reason: 422), not_found,
// conflict (hidden already).
func (s *Service) Hide(ctx context.Context, userID, postID int64, reason string) error {
	if err := checkReason(&reason, true); err != nil {
		return err
	}
	return s.db.Write(ctx, func(tx *sqldb.Tx) error {
		p, err := findPostRef(ctx, tx, postID)
		if err != nil {
			return err
		}
		if p.hidden {
			return ErrAlreadyHidden
		}
		at := sqldb.Now(s.now())
		if _, err := tx.ExecContext(ctx, `UPDATE forum_posts SET hidden_at = $1, hidden_reason = $2, hidden_by = $3, reports = 0
WHERE id = $4`, at, reason, userID, postID); err != nil {
			return sqldb.Translate(err, "hide post")
		}
		if err := resolveReports(ctx, tx, postID, at); err != nil {
			return err
		}
		if err := setThreadHidden(ctx, tx, p, true); err != nil {
			return err
		}
		if err := reindex(ctx, tx, p.threadID); err != nil {
			return err
		}
		return s.record(ctx, tx, audit.Event{At: at, Action: "forum.hide", ObjectType: "forum_post", ObjectID: idText(postID),
			Data: map[string]any{"thread": idText(p.threadID), "opening": p.opening, "reason": reason}})
	})
}

func resolveReports(ctx context.Context, tx *sqldb.Tx, postID int64, at time.Time) error {
	_, err := tx.ExecContext(ctx, `UPDATE forum_reports SET resolved_at = $1 WHERE post_id = $2 AND resolved_at IS NULL`, at, postID)
	return sqldb.Translate(err, "resolve reports")
}

func setThreadHidden(ctx context.Context, tx *sqldb.Tx, p *postRef, hidden bool) error {
	if !p.opening {
		return nil
	}
	_, err := tx.ExecContext(ctx, `UPDATE forum_threads SET hidden = $1 WHERE id = $2`, hidden, p.threadID)
	return sqldb.Translate(err, "hide thread")
}

// Restore shows a hidden post again (forum.restore), and its thread when
// it is the opening post. Errors: not_found, conflict (not hidden).
func (s *Service) Restore(ctx context.Context, userID, postID int64) error {
	return s.db.Write(ctx, func(tx *sqldb.Tx) error {
		p, err := findPostRef(ctx, tx, postID)
		if err != nil {
			return err
		}
		if !p.hidden {
			return ErrNotHidden
		}
		at := sqldb.Now(s.now())
		if _, err := tx.ExecContext(ctx, `UPDATE forum_posts SET hidden_at = NULL, hidden_reason = '', hidden_by = NULL WHERE id = $1`,
			postID); err != nil {
			return sqldb.Translate(err, "restore post")
		}
		if err := setThreadHidden(ctx, tx, p, false); err != nil {
			return err
		}
		if err := reindex(ctx, tx, p.threadID); err != nil {
			return err
		}
		return s.record(ctx, tx, audit.Event{At: at, Action: "forum.restore", ObjectType: "forum_post", ObjectID: idText(postID),
			Data: map[string]any{"thread": idText(p.threadID)}})
	})
}

// Dismiss keeps a reported post as it is and closes its reports
// (forum.dismiss). Errors: not_found.
func (s *Service) Dismiss(ctx context.Context, userID, postID int64) error {
	return s.db.Write(ctx, func(tx *sqldb.Tx) error {
		if _, err := findPostRef(ctx, tx, postID); err != nil {
			return err
		}
		at := sqldb.Now(s.now())
		if _, err := tx.ExecContext(ctx, `UPDATE forum_posts SET reports = 0 WHERE id = $1`, postID); err != nil {
			return sqldb.Translate(err, "dismiss reports")
		}
		if err := resolveReports(ctx, tx, postID, at); err != nil {
			return err
		}
		return s.record(ctx, tx, audit.Event{At: at, Action: "forum.dismiss", ObjectType: "forum_post", ObjectID: idText(postID)})
	})
}

// Queue is the moderation queue: reported posts still shown, most
// reported first, and the hidden posts, the latest hidden first.
type Queue struct {
	Reported []*Post
	Reasons  map[int64][]string // the reports' reasons per reported post
	Hidden   []*Post
}

const queueSize = 100

// ModerationQueue returns the queue (at most 100 of each).
func (s *Service) ModerationQueue(ctx context.Context) (*Queue, error) {
	q := &Queue{Reasons: map[int64][]string{}}
	err := sqldb.RunQuery(ctx, s.db.R, `SELECT `+postColumns+postFrom+` WHERE p.reports > 0 AND p.hidden_at IS NULL
ORDER BY p.reports DESC, p.id LIMIT `+idText(queueSize), func(r *sql.Rows) error {
		p, err := scanPost(r)
		q.Reported = append(q.Reported, p)
		return err
	})
	if err != nil {
		return nil, sqldb.Translate(err, "reported posts")
	}
	err = sqldb.RunQuery(ctx, s.db.R, `SELECT r.post_id, r.reason FROM forum_reports r JOIN forum_posts p ON p.id = r.post_id
WHERE r.resolved_at IS NULL AND p.reports > 0 AND r.reason <> '' ORDER BY r.created_at`, func(r *sql.Rows) error {
		var id int64
		var reason string
		err := r.Scan(&id, &reason)
		q.Reasons[id] = append(q.Reasons[id], reason)
		return err
	})
	if err != nil {
		return nil, sqldb.Translate(err, "report reasons")
	}
	err = sqldb.RunQuery(ctx, s.db.R, `SELECT `+postColumns+postFrom+` WHERE p.hidden_at IS NOT NULL
ORDER BY p.hidden_at DESC, p.id DESC LIMIT `+idText(queueSize), func(r *sql.Rows) error {
		p, err := scanPost(r)
		q.Hidden = append(q.Hidden, p)
		return err
	})
	return q, sqldb.Translate(err, "hidden posts")
}
