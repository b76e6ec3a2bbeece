package exam

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"strconv"
	"time"

	"asnpro/internal/audit"
	"asnpro/internal/selection"
	"asnpro/internal/sqldb"
)

// storedPaper is a paper as exam_attempts.paper holds it (its seed and
// grading scheme are kept apart: the seed in its column, the scheme from
// the blueprint).
type storedPaper struct {
	Parts []Part      `json:"parts"`
	Items []PaperItem `json:"items"`
	Pool  string      `json:"pool"`
}

// SetPractice makes a bank and a blueprint the ones practice attempts use
// and records exam.practice.set. Errors: not_found (ErrBankNotFound,
// ErrBlueprintNotFound).
func (s *Service) SetPractice(ctx context.Context, bankID, blueprintID int64) error {
	return s.db.Write(ctx, func(tx *sqldb.Tx) error { return s.setPractice(ctx, tx, bankID, blueprintID) })
}

func (s *Service) setPractice(ctx context.Context, tx *sqldb.Tx, bankID, blueprintID int64) error {
	if _, err := findBank(ctx, tx, bankID); err != nil {
		return err
	}
	bs, err := queryBlueprints(ctx, tx, `SELECT `+blueprintColumns+` WHERE id = $1`, blueprintID)
	if err != nil {
		return err
	}
	if len(bs) == 0 {
		return ErrBlueprintNotFound
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO exam_practice (id, bank_id, blueprint_id) VALUES (1, $1, $2)
ON CONFLICT (id) DO UPDATE SET bank_id = excluded.bank_id, blueprint_id = excluded.blueprint_id`, bankID, blueprintID)
	if err != nil {
		return sqldb.Translate(err, "set practice")
	}
	return s.record(ctx, tx, audit.Event{Action: "exam.practice.set", ObjectType: "exam_bank", ObjectID: strconv.FormatInt(bankID, 10),
		Data: map[string]any{"blueprint_id": blueprintID}})
}

// StartPractice starts a practice attempt (simulasi) for user on the
// practice bank and blueprint, in the general category. Errors:
// failed_precondition (ErrNoPractice; ErrTooFewItems).
func (s *Service) StartPractice(ctx context.Context, userID int64) (*Attempt, error) {
	var bankID, bpID int64
	err := s.db.R.QueryRowContext(ctx, `SELECT bank_id, blueprint_id FROM exam_practice WHERE id = 1`).Scan(&bankID, &bpID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNoPractice
	}
	if err != nil {
		return nil, sqldb.Translate(err, "find practice")
	}
	return s.Start(ctx, StartSpec{UserID: userID, BankID: bankID, BlueprintID: bpID, Practice: true, Category: selection.Umum})
}

// StartSpec says whose attempt to start, on what, and with how much
// extra time.
type StartSpec struct {
	UserID, BankID, BlueprintID int64
	Practice                    bool
	Category                    selection.Category
	// ExtraMinutes is added to the blueprint's minutes (a participant's
	// extra time, e.g. a blind participant's).
	ExtraMinutes int
	// SessionID is the exam session of a selection attempt (0: none).
	SessionID int64
	// inTx, when set, runs in the transaction that stores the attempt,
	// after it has its ID.
	inTx func(ctx context.Context, tx *sqldb.Tx, a *Attempt) error
}

// Start draws a paper for user from a bank's current items with a fresh
// secure seed and stores the attempt, marking the versions used and
// recording attempt.start (the seed's and the pool's digests) in one
// transaction; a paper whose versions were edited meanwhile is drawn again.
// Errors: not_found (bank, blueprint), failed_precondition
// (ErrTooFewItems), conflict (ErrItemChanged, after three draws).
func (s *Service) Start(ctx context.Context, sp StartSpec) (*Attempt, error) {
	bp, err := s.FindBlueprint(ctx, sp.BlueprintID)
	if err != nil {
		return nil, err
	}
	for try := 0; ; try++ {
		items, err := s.BankItems(ctx, sp.BankID)
		if err != nil {
			return nil, err
		}
		seed, err := NewSeed()
		if err != nil {
			return nil, err
		}
		p, err := Draw(items, bp, seed)
		if err != nil {
			return nil, err
		}
		now := sqldb.Now(s.now())
		a := &Attempt{UserID: sp.UserID, BankID: sp.BankID, BlueprintID: sp.BlueprintID, Practice: sp.Practice, Paper: p,
			Category: sp.Category, ExtraMinutes: sp.ExtraMinutes, SessionID: sp.SessionID, StartedAt: now,
			EndsAt: now.Add(time.Duration(bp.Minutes+sp.ExtraMinutes) * time.Minute), Answers: make([]SavedAnswer, len(p.Items))}
		err = s.db.Write(ctx, func(tx *sqldb.Tx) error {
			if err := s.MarkUsed(ctx, tx, p); err != nil {
				return err
			}
			if err := s.insertAttempt(ctx, tx, a); err != nil {
				return err
			}
			if sp.inTx != nil {
				return sp.inTx(ctx, tx, a)
			}
			return nil
		})
		if errors.Is(err, ErrItemChanged) && try < 2 {
			continue
		}
		if err != nil {
			return nil, err
		}
		return a, nil
	}
}

func (s *Service) insertAttempt(ctx context.Context, tx *sqldb.Tx, a *Attempt) error {
	p := a.Paper
	paper, err := json.Marshal(storedPaper{Parts: p.Parts, Items: p.Items, Pool: p.Pool})
	if err != nil {
		return err
	}
	err = tx.QueryRowContext(ctx, `INSERT INTO exam_attempts (user_id, bank_id, blueprint_id, practice, seed, pool_sha256, paper, items,
category, extra_minutes, started_at, ends_at, session_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
		a.UserID, a.BankID, a.BlueprintID, a.Practice, p.Seed.String(), p.Pool, string(paper), len(p.Items), a.Category.String(),
		a.ExtraMinutes, a.StartedAt, a.EndsAt, zeroNull(a.SessionID)).Scan(&a.ID)
	if err != nil {
		return sqldb.Translate(err, "insert attempt")
	}
	seedSum := sha256.Sum256(p.Seed[:])
	return s.record(ctx, tx, audit.Event{Action: "attempt.start", ObjectType: "exam_attempt", ObjectID: strconv.FormatInt(a.ID, 10),
		Data: map[string]any{"bank_id": a.BankID, "blueprint_id": a.BlueprintID, "practice": a.Practice,
			"seed_sha256": hex.EncodeToString(seedSum[:]), "pool_sha256": p.Pool, "items": len(p.Items),
			"category": a.Category.String(), "extra_minutes": a.ExtraMinutes, "session_id": a.SessionID,
			"ends_at": a.EndsAt.UTC().Format(time.RFC3339)}})
}

// Attempt returns user's attempt with its items' contents; one whose time
// is up is finished first. Errors: not_found (ErrAttemptNotFound, also for
// another taker's attempt).
func (s *Service) Attempt(ctx context.Context, userID, id int64) (*Attempt, error) {
	a, err := loadAttempt(ctx, s.db.R, id)
	if err != nil {
		return nil, err
	}
	if a.UserID != userID {
		return nil, ErrAttemptNotFound
	}
	if a.FinishedAt == nil && a.Finished(s.now()) {
		if a, err = s.Finish(ctx, userID, id); err != nil {
			return nil, err
		}
	}
	vids := make([]int64, len(a.Paper.Items))
	for i, it := range a.Paper.Items {
		vids[i] = it.VersionID
	}
	if a.Contents, err = s.FindItemVersions(ctx, vids); err != nil {
		return nil, err
	}
	return a, nil
}

// SaveAnswer stores the option (Blank: none) and the flag of item no of
// user's attempt, one write, durable when it returns. An answer after the
// attempt's time is refused and finishes the attempt. session is the token
// of the attempt's live session (OpenSession); any other is refused.
// Errors: not_found (ErrAttemptNotFound; ErrAttemptItemNotFound), conflict
// (ErrAttemptOver; ErrAttemptTakenOver).
func (s *Service) SaveAnswer(ctx context.Context, userID, id int64, session string, no int, opt Answer, flagged bool) error {
	expired := false
	err := s.db.Write(ctx, func(tx *sqldb.Tx) error {
		var owner int64
		var items int
		var live string
		var ends time.Time
		var finished sql.NullTime
		// The UPDATE takes the attempt's row: a finish waits for this write and
		// this write for a finish.
		err := tx.QueryRowContext(ctx, `UPDATE exam_attempts SET items = items WHERE id = $1
RETURNING user_id, items, ends_at, finished_at, session_sha256`, id).Scan(&owner, &items, &ends, &finished, &live)
		if errors.Is(err, sql.ErrNoRows) || (err == nil && owner != userID) {
			return ErrAttemptNotFound
		}
		if err != nil {
			return sqldb.Translate(err, "find attempt")
		}
		now := sqldb.Now(s.now())
		if finished.Valid {
			return ErrAttemptOver
		}
		if !now.Before(ends) {
			expired = true
			return ErrAttemptOver
		}
		if no < 1 || no > items {
			return ErrAttemptItemNotFound
		}
		if live == "" || subtle.ConstantTimeCompare([]byte(sessionDigest(session)), []byte(live)) != 1 {
			return ErrAttemptTakenOver
		}
		var label any
		if opt != Blank {
			label = opt.Label()
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO exam_answers (attempt_id, no, option, flagged, saved_at) VALUES ($1, $2, $3, $4, $5)
ON CONFLICT (attempt_id, no) DO UPDATE SET option = excluded.option, flagged = excluded.flagged, saved_at = excluded.saved_at`,
			id, no, label, flagged, now)
		return sqldb.Translate(err, "save answer")
	})
	if expired {
		if _, ferr := s.Finish(ctx, userID, id); ferr != nil {
			return ferr
		}
	}
	return err
}

// Finish scores user's attempt with Score, stores the result and records
// attempt.finish with the SHA-256 of the canonical record of its answers
// and scores (AttemptRecord). Finishing a finished attempt returns its
// result as stored. Errors: not_found (ErrAttemptNotFound).
func (s *Service) Finish(ctx context.Context, userID, id int64) (*Attempt, error) {
	var a *Attempt
	err := s.db.Write(ctx, func(tx *sqldb.Tx) error {
		var owner int64
		err := tx.QueryRowContext(ctx, `UPDATE exam_attempts SET items = items WHERE id = $1 RETURNING user_id`, id).Scan(&owner)
		if errors.Is(err, sql.ErrNoRows) || (err == nil && owner != userID) {
			return ErrAttemptNotFound
		}
		if err != nil {
			return sqldb.Translate(err, "find attempt")
		}
		if a, err = loadAttempt(ctx, tx, id); err != nil {
			return err
		}
		if a.FinishedAt != nil {
			return nil
		}
		return s.finish(ctx, tx, a)
	})
	if err != nil {
		return nil, err
	}
	return a, nil
}

func (s *Service) finish(ctx context.Context, tx *sqldb.Tx, a *Attempt) error {
	now := sqldb.Now(s.now())
	answers := a.Options()
	r, err := Rescore(a.ID, a.Paper, answers, a.Category)
	if err != nil {
		return err
	}
	stored, err := json.Marshal(r)
	if err != nil {
		return err
	}
	auto := !now.Before(a.EndsAt)
	if _, err := tx.ExecContext(ctx, `UPDATE exam_attempts SET finished_at = $1, auto_finished = $2, result = $3, sha256 = $4
WHERE id = $5`, now, auto, string(stored), r.SHA256, a.ID); err != nil {
		return sqldb.Translate(err, "finish attempt")
	}
	a.FinishedAt, a.AutoFinished, a.Result = &now, auto, r
	scores := map[string]int{}
	for _, sc := range r.Scores {
		scores[sc.Subtest] = sc.Score
	}
	return s.record(ctx, tx, audit.Event{Action: "attempt.finish", ObjectType: "exam_attempt", ObjectID: strconv.FormatInt(a.ID, 10),
		Data: map[string]any{"sha256": r.SHA256, "scores": scores, "total": r.Total, "graded": r.Graded, "passed": r.Passed,
			"auto": auto}})
}

const attemptColumns = `a.id, a.user_id, a.bank_id, a.blueprint_id, a.practice, a.seed, a.paper, a.category, a.extra_minutes,
a.started_at, a.ends_at, a.finished_at, a.auto_finished, a.result, b.passing, coalesce(a.session_id, 0) FROM exam_attempts a
JOIN exam_blueprints b ON b.id = a.blueprint_id`

// loadAttempt reads an attempt and its answers. Errors: not_found.
func loadAttempt(ctx context.Context, q sqldb.Querier, id int64) (*Attempt, error) {
	var a *Attempt
	err := sqldb.RunQuery(ctx, q, `SELECT `+attemptColumns+` WHERE a.id = $1`, func(r *sql.Rows) (err error) {
		a, err = scanAttempt(r)
		return err
	}, id)
	if err != nil {
		return nil, sqldb.Translate(err, "find attempt")
	}
	if a == nil {
		return nil, ErrAttemptNotFound
	}
	err = sqldb.RunQuery(ctx, q, `SELECT no, option, flagged FROM exam_answers WHERE attempt_id = $1`, func(r *sql.Rows) error {
		var no int
		var opt sql.NullString
		var flagged bool
		if err := r.Scan(&no, &opt, &flagged); err != nil {
			return err
		}
		if no >= 1 && no <= len(a.Answers) {
			ans, _ := ParseAnswer(opt.String)
			a.Answers[no-1] = SavedAnswer{Option: ans, Flagged: flagged}
		}
		return nil
	}, id)
	return a, sqldb.Translate(err, "find answers")
}

func scanAttempt(r *sql.Rows) (*Attempt, error) {
	var a Attempt
	var seed, paper, category, result, passing string
	var finished sql.NullTime
	if err := r.Scan(&a.ID, &a.UserID, &a.BankID, &a.BlueprintID, &a.Practice, &seed, &paper, &category, &a.ExtraMinutes,
		&a.StartedAt, &a.EndsAt, &finished, &a.AutoFinished, &result, &passing, &a.SessionID); err != nil {
		return nil, err
	}
	sp, err := decodePaper(paper)
	if err != nil {
		return nil, err
	}
	sd, err := ParseSeed(seed)
	if err != nil {
		return nil, err
	}
	a.Paper = &Paper{Seed: sd, Parts: sp.Parts, Items: sp.Items, Pool: sp.Pool}
	if passing != "" {
		// The grades apply to the paper's parts (the maxima come from
		// their counts).
		b := Blueprint{Parts: sp.Parts, Passing: &Passing{}}
		if err := json.Unmarshal([]byte(passing), b.Passing); err != nil {
			return nil, err
		}
		sc, err := b.scheme()
		if err != nil {
			return nil, err
		}
		a.Paper.Scheme = &sc
	}
	var ok bool
	if a.Category, ok = selection.ParseCategory(category); !ok {
		return nil, errors.New("exam: stored attempt has an unknown category " + strconv.Quote(category))
	}
	if finished.Valid {
		t := finished.Time
		a.FinishedAt = &t
	}
	if result != "" {
		a.Result = &AttemptResult{}
		if err := json.Unmarshal([]byte(result), a.Result); err != nil {
			return nil, err
		}
	}
	a.Answers = make([]SavedAnswer, len(a.Paper.Items))
	return &a, nil
}

// FinishExpired finishes at most limit attempts whose time is up (the
// earliest ends_at first), as a read or an answer would, and returns how
// many it finished.
func (s *Service) FinishExpired(ctx context.Context, limit int) (int, error) {
	type open struct{ id, user int64 }
	var due []open
	err := sqldb.RunQuery(ctx, s.db.R, `SELECT id, user_id FROM exam_attempts WHERE finished_at IS NULL AND ends_at <= $1
ORDER BY ends_at LIMIT $2`, func(r *sql.Rows) error {
		var o open
		err := r.Scan(&o.id, &o.user)
		due = append(due, o)
		return err
	}, sqldb.Now(s.now()), limit)
	if err != nil {
		return 0, sqldb.Translate(err, "find expired attempts")
	}
	n := 0
	for _, o := range due {
		if _, err := s.Finish(ctx, o.user, o.id); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// RunSweep finishes the attempts whose time is up every interval until ctx
// ends; onErr hears each failure.
func (s *Service) RunSweep(ctx context.Context, interval time.Duration, onErr func(error)) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		for {
			n, err := s.FinishExpired(ctx, 100)
			if err != nil && ctx.Err() == nil {
				onErr(err)
			}
			if err != nil || n < 100 {
				break
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
