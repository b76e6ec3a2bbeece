package exam

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"

	"asnpro/internal/apperr"
	"asnpro/internal/audit"
	"asnpro/internal/selection"
	"asnpro/internal/sqldb"
)

// CreateSession schedules an exam session and records exam.session.create.
// The bank must be a selection bank holding enough items of each sub-test
// for the blueprint; the formation, if any, must be the period's. Errors:
// invalid (field messages: period_id, name, stage, capacity, opens_at,
// closes_at, bank, blueprint, formation).
func (s *Service) CreateSession(ctx context.Context, n NewSession) (*Session, error) {
	f := n.validate()
	if err := s.checkSessionRefs(ctx, &n, f); err != nil {
		return nil, err
	}
	if len(f) > 0 {
		return nil, apperr.InvalidMsgs(f)
	}
	var id int64
	err := s.db.Write(ctx, func(tx *sqldb.Tx) error {
		now := sqldb.Now(s.now())
		err := tx.QueryRowContext(ctx, `INSERT INTO exam_sessions (period_id, stage, name, bank_id, blueprint_id, formation_id,
capacity, opens_at, closes_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
			n.PeriodID, n.Stage, n.Name, n.BankID, n.BlueprintID, zeroNull(n.formationID), n.Capacity, sqldb.Now(n.OpensAt),
			sqldb.Now(n.ClosesAt), now).Scan(&id)
		if err != nil {
			return sqldb.Translate(err, "insert exam session")
		}
		return s.record(ctx, tx, audit.Event{Action: "exam.session.create", ObjectType: "exam_session",
			ObjectID: strconv.FormatInt(id, 10), Data: map[string]any{"period_id": n.PeriodID, "stage": n.Stage, "name": n.Name,
				"bank_id": n.BankID, "blueprint_id": n.BlueprintID, "formation": n.FormationCode, "capacity": n.Capacity,
				"opens_at": n.OpensAt.UTC(), "closes_at": n.ClosesAt.UTC()}})
	})
	if err != nil {
		return nil, err
	}
	return s.FindSession(ctx, id)
}

// checkSessionRefs checks, into f, what n refers to: the period, the
// formation, the bank and the blueprint.
func (s *Service) checkSessionRefs(ctx context.Context, n *NewSession, f map[string]apperr.Msg) error {
	var one int
	err := s.db.R.QueryRowContext(ctx, `SELECT 1 FROM periods WHERE id = $1`, n.PeriodID).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		f["period_id"] = apperr.M("exam.bank.period")
		return nil
	}
	if err != nil {
		return sqldb.Translate(err, "find period")
	}
	n.FormationCode = strings.TrimSpace(n.FormationCode)
	if n.FormationCode != "" {
		err := s.db.R.QueryRowContext(ctx, `SELECT id FROM formations WHERE period_id = $1 AND code = $2`, n.PeriodID,
			n.FormationCode).Scan(&n.formationID)
		if errors.Is(err, sql.ErrNoRows) {
			f["formation"] = apperr.M("exam.session.formation")
		} else if err != nil {
			return sqldb.Translate(err, "find formation")
		}
	}
	bank, err := s.FindBank(ctx, n.BankID)
	switch {
	case errors.Is(err, ErrBankNotFound):
		f["bank"] = apperr.M("exam.bank_not_found")
		return nil
	case err != nil:
		return err
	case bank.Purpose != PurposeSelection:
		f["bank"] = apperr.M("exam.session.bank_practice")
		return nil
	}
	bp, err := s.FindBlueprint(ctx, n.BlueprintID)
	if errors.Is(err, ErrBlueprintNotFound) {
		f["blueprint"] = apperr.M("exam.blueprint_not_found")
		return nil
	}
	if err != nil {
		return err
	}
	items, err := s.BankItems(ctx, n.BankID)
	if err != nil {
		return err
	}
	have := map[string]int{}
	for _, it := range items {
		have[it.Subtest]++
	}
	for _, p := range bp.Parts {
		if have[p.Subtest] < p.Count {
			f["blueprint"] = apperr.M("exam.too_few_items", "have", have[p.Subtest], "subtest", p.Subtest, "want", p.Count)
			break
		}
	}
	return nil
}

const sessionColumns = `s.id, s.period_id, p.name, s.stage, s.name, s.bank_id, b.name, s.blueprint_id, bp.name,
coalesce(s.formation_id, 0), coalesce(f.code, ''), s.capacity, s.opens_at, s.closes_at, s.created_at,
(SELECT count(*) FROM exam_participants x WHERE x.session_id = s.id),
(SELECT count(*) FROM exam_participants x WHERE x.session_id = s.id AND x.attempt_id IS NOT NULL),
(SELECT count(*) FROM exam_participants x JOIN exam_attempts a ON a.id = x.attempt_id
  WHERE x.session_id = s.id AND a.finished_at IS NOT NULL)
FROM exam_sessions s JOIN periods p ON p.id = s.period_id JOIN exam_banks b ON b.id = s.bank_id
  JOIN exam_blueprints bp ON bp.id = s.blueprint_id LEFT JOIN formations f ON f.id = s.formation_id`

func querySessions(ctx context.Context, q sqldb.Querier, query string, args ...any) ([]*Session, error) {
	var out []*Session
	err := sqldb.RunQuery(ctx, q, `SELECT `+sessionColumns+` `+query, func(r *sql.Rows) error {
		var x Session
		err := r.Scan(&x.ID, &x.PeriodID, &x.PeriodName, &x.Stage, &x.Name, &x.BankID, &x.BankName, &x.BlueprintID, &x.Blueprint,
			&x.FormationID, &x.Formation, &x.Capacity, &x.OpensAt, &x.ClosesAt, &x.CreatedAt, &x.Participants, &x.Started, &x.Finished)
		out = append(out, &x)
		return err
	}, args...)
	return out, sqldb.Translate(err, "find exam sessions")
}

// FindSessions lists every exam session, the latest opening first.
func (s *Service) FindSessions(ctx context.Context) ([]*Session, error) {
	return querySessions(ctx, s.db.R, `ORDER BY s.opens_at DESC, s.id DESC`)
}

// FindSession returns an exam session with its counts. Errors: not_found
// (ErrSessionNotFound).
func (s *Service) FindSession(ctx context.Context, id int64) (*Session, error) {
	out, err := querySessions(ctx, s.db.R, `WHERE s.id = $1`, id)
	if err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, ErrSessionNotFound
	}
	return out[0], nil
}

// Enrol adds to a session, up to its capacity, the applications that may
// sit it and sit no session of its stage of the period yet, by
// registration number, as the roster gives them: for SKD those announced
// MS, for SKB those the SKD's ranking sends to SKB (P/L); either narrowed to
// the session's formation. It records
// exam.session.enrol with the applications added, and returns how many.
// Errors: not_found, conflict (ErrSessionClosed).
func (s *Service) Enrol(ctx context.Context, sessionID int64) (int, error) {
	ses, err := s.FindSession(ctx, sessionID)
	if err != nil {
		return 0, err
	}
	if !s.now().Before(ses.ClosesAt) {
		return 0, ErrSessionClosed
	}
	if s.roster == nil {
		return 0, errors.New("exam: no roster to enrol from")
	}
	cands, err := s.roster.Qualified(ctx, ses.PeriodID, ses.Stage, ses.FormationID)
	if err != nil {
		return 0, err
	}
	added := 0
	err = s.db.Write(ctx, func(tx *sqldb.Tx) error {
		added = 0
		ids := []int64{}
		room := ses.Capacity
		if err := tx.QueryRowContext(ctx, `SELECT $1 - count(*) FROM exam_participants WHERE session_id = $2`, ses.Capacity,
			sessionID).Scan(&room); err != nil {
			return sqldb.Translate(err, "count participants")
		}
		now := sqldb.Now(s.now())
		for _, c := range cands {
			if len(ids) >= room {
				break
			}
			res, err := tx.ExecContext(ctx, `INSERT INTO exam_participants (session_id, application_id, user_id, period_id, stage,
category, added_at) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`, sessionID, c.ApplicationID, c.UserID, ses.PeriodID,
				ses.Stage, c.Category, now)
			if err != nil {
				return sqldb.Translate(err, "add participant")
			}
			if n, _ := res.RowsAffected(); n == 1 {
				ids = append(ids, c.ApplicationID)
			}
		}
		added = len(ids)
		if added == 0 {
			return nil
		}
		return s.record(ctx, tx, audit.Event{Action: "exam.session.enrol", ObjectType: "exam_session",
			ObjectID: strconv.FormatInt(sessionID, 10), Data: map[string]any{"added": added, "applications": ids}})
	})
	return added, err
}

// SetExtraTime gives a participant who has not started extra minutes
// (0–MaxExtraMinutes) with the committee's reason (required when minutes
// > 0), recorded as exam.participant.extra_time. Errors: invalid (minutes,
// reason), not_found (ErrParticipantNotFound), conflict
// (ErrParticipantStarted).
func (s *Service) SetExtraTime(ctx context.Context, sessionID, applicationID int64, minutes int, reason string) error {
	if err := validExtraTime(minutes, &reason); err != nil {
		return err
	}
	return s.db.Write(ctx, func(tx *sqldb.Tx) error {
		var attempt sql.NullInt64
		err := tx.QueryRowContext(ctx, `UPDATE exam_participants SET extra_minutes = $1, extra_reason = $2
WHERE session_id = $3 AND application_id = $4 RETURNING attempt_id`, minutes, reason, sessionID, applicationID).Scan(&attempt)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrParticipantNotFound
		}
		if err != nil {
			return sqldb.Translate(err, "set extra time")
		}
		if attempt.Valid {
			return ErrParticipantStarted
		}
		return s.record(ctx, tx, audit.Event{Action: "exam.participant.extra_time", ObjectType: "exam_session",
			ObjectID: strconv.FormatInt(sessionID, 10), Data: map[string]any{"application": applicationID, "minutes": minutes,
				"reason": reason}})
	})
}

// StartSession starts, or resumes, the participant's attempt of a session:
// a participant sits a session once, so a second start returns the
// attempt begun (started false). The attempt runs the blueprint's minutes
// plus the participant's extra minutes from its start, judged in the
// participant's category. Errors: not_found (ErrSessionNotFound, also for
// a session the user does not sit), conflict (not open yet;
// ErrSessionClosed).
func (s *Service) StartSession(ctx context.Context, userID, sessionID int64) (a *Attempt, started bool, err error) {
	ses, p, err := s.participantOf(ctx, userID, sessionID)
	if err != nil {
		return nil, false, err
	}
	if p.AttemptID != 0 {
		a, err := s.Attempt(ctx, userID, p.AttemptID)
		return a, false, err
	}
	now := s.now()
	if now.Before(ses.OpensAt) {
		return nil, false, errSessionNotOpen(ses.OpensAt)
	}
	if !now.Before(ses.ClosesAt) {
		return nil, false, ErrSessionClosed
	}
	cat, ok := selection.ParseCategory(p.Category)
	if !ok {
		return nil, false, errors.New("exam: participant has an unknown category " + strconv.Quote(p.Category))
	}
	errTaken := errors.New("taken")
	a, err = s.Start(ctx, StartSpec{UserID: userID, BankID: ses.BankID, BlueprintID: ses.BlueprintID, Category: cat,
		ExtraMinutes: p.ExtraMinutes, SessionID: sessionID,
		inTx: func(ctx context.Context, tx *sqldb.Tx, a *Attempt) error {
			res, err := tx.ExecContext(ctx, `UPDATE exam_participants SET attempt_id = $1
WHERE session_id = $2 AND application_id = $3 AND attempt_id IS NULL`, a.ID, sessionID, p.ApplicationID)
			if err != nil {
				return sqldb.Translate(err, "start participant")
			}
			if n, _ := res.RowsAffected(); n != 1 {
				return errTaken
			}
			return nil
		}})
	if errors.Is(err, errTaken) {
		// Another device started it at the same moment: that attempt is
		// the participant's.
		return s.StartSession(ctx, userID, sessionID)
	}
	return a, err == nil, err
}

// participantOf reads a session and the user's place in it. Errors:
// not_found (ErrSessionNotFound).
func (s *Service) participantOf(ctx context.Context, userID, sessionID int64) (*Session, *Participant, error) {
	ses, err := s.FindSession(ctx, sessionID)
	if err != nil {
		return nil, nil, err
	}
	p := &Participant{SessionID: sessionID, UserID: userID}
	var attempt sql.NullInt64
	err = s.db.R.QueryRowContext(ctx, `SELECT application_id, category, extra_minutes, extra_reason, attempt_id
FROM exam_participants WHERE session_id = $1 AND user_id = $2`, sessionID, userID).Scan(&p.ApplicationID, &p.Category, &p.ExtraMinutes,
		&p.ExtraReason, &attempt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, ErrSessionNotFound
	}
	if err != nil {
		return nil, nil, sqldb.Translate(err, "find participant")
	}
	p.AttemptID = attempt.Int64
	return ses, p, nil
}
