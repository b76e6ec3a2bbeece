package assess

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"unicode/utf8"

	"asnpro/internal/apperr"
	"asnpro/internal/audit"
	"asnpro/internal/sqldb"
	"asnpro/internal/textcheck"
)

// Assign gives each candidate of an instrument (the period's applications
// announced MS, or for an instrument that follows another those who passed
// it) its number of active assessors, drawn at random among the least
// loaded of those who may assess (assessor role, the period's pact signed,
// no conflict declared with the applicant) — with panels, among the members
// of the panel the candidate is placed in —, in one transaction, recording
// assess.assign for each drawn (and assess.panel.place for each placement).
// It returns how many were drawn. Errors: not_found, conflict (too few
// assessors for some candidates, named; the earlier instrument not
// complete, counted; nothing is drawn then).
func (s *Service) Assign(ctx context.Context, instrumentID int64) (int, error) {
	in, err := s.FindInstrument(ctx, instrumentID)
	if err != nil {
		return 0, err
	}
	var ms []int64
	if s.qualified != nil {
		if ms, err = s.qualified(ctx, in.PeriodID); err != nil {
			return 0, err
		}
	}
	n := 0
	err = s.db.Write(ctx, func(tx *sqldb.Tx) error {
		ids, err := s.phaseCandidates(ctx, tx, in, ms, 0)
		if err != nil {
			return err
		}
		n, err = s.assignIn(ctx, tx, in, ids)
		return err
	})
	return n, err
}

// assignIn is Assign inside tx for the candidates ids.
func (s *Service) assignIn(ctx context.Context, tx *sqldb.Tx, in *Instrument, ids []int64) (int, error) {
	p, err := s.pool(ctx, tx, in)
	if err != nil {
		return 0, err
	}
	cands, err := candidatesOf(ctx, tx, in.ID, ids)
	if err != nil {
		return 0, err
	}
	pn, err := readPanels(ctx, tx, in.ID)
	if err != nil {
		return 0, err
	}
	var short []string
	drawn, placed := 0, map[string]int{}
	for _, c := range cands {
		if len(c.active) >= in.Assessors {
			continue
		}
		allowed, panel, err := s.panelOf(ctx, tx, in, pn, p, c, placed)
		if err != nil {
			return 0, err
		}
		for len(c.active) < in.Assessors {
			id, err := p.pick(c.applicant, c.ever, allowed)
			if err != nil {
				return 0, err
			}
			if id == 0 {
				short = append(short, c.number)
				break
			}
			c.ever[id], c.active = true, append(c.active, id)
			if _, err := tx.ExecContext(ctx, `INSERT INTO assess_assignments (instrument_id, application_id, assessor_id, assigned_at)
VALUES ($1, $2, $3, $4)`, in.ID, c.app, id, sqldb.Now(s.now())); err != nil {
				return 0, sqldb.Translate(err, "assign")
			}
			data := map[string]any{"application": c.app, "assessor": id}
			if panel != 0 {
				data["panel"] = panel
			}
			if err := s.record(ctx, tx, audit.Event{Action: "assess.assign", ObjectType: "assess_instrument",
				ObjectID: strconv.FormatInt(in.ID, 10), Data: data}); err != nil {
				return 0, err
			}
			drawn++
		}
	}
	if len(short) > 0 {
		return 0, errTooFewAssessors(short)
	}
	if len(placed) > 0 {
		if err := s.record(ctx, tx, audit.Event{Action: "assess.panel.draw", ObjectType: "assess_instrument",
			ObjectID: strconv.FormatInt(in.ID, 10), Data: map[string]any{"placed": placed}}); err != nil {
			return 0, err
		}
	}
	if in.Kind == KindPaper {
		if err := s.codesIn(ctx, tx, in, cands); err != nil {
			return 0, err
		}
	}
	return drawn, nil
}

// candidate is one application of an instrument with its assessors.
type candidate struct {
	app, applicant int64
	number         string
	active         []int64        // assessors not withdrawn
	ever           map[int64]bool // every assessor ever drawn (a withdrawn one is not drawn again)
}

// candidatesOf reads the applications ids with their assessors, by
// registration number.
func candidatesOf(ctx context.Context, q sqldb.Querier, instrumentID int64, ids []int64) ([]*candidate, error) {
	want := map[int64]bool{}
	for _, id := range ids {
		want[id] = true
	}
	byApp := map[int64]*candidate{}
	var out []*candidate
	// Joins across parts: applications (recruitment), for the number.
	err := sqldb.RunQuery(ctx, q, `SELECT a.id, a.applicant_id, a.registration_number FROM applications a
WHERE a.period_id = (SELECT period_id FROM assess_instruments WHERE id = $1) ORDER BY a.registration_number`,
		func(r *sql.Rows) error {
			c := &candidate{ever: map[int64]bool{}}
			if err := r.Scan(&c.app, &c.applicant, &c.number); err != nil {
				return err
			}
			if want[c.app] {
				byApp[c.app] = c
				out = append(out, c)
			}
			return nil
		}, instrumentID)
	if err != nil {
		return nil, sqldb.Translate(err, "find candidates")
	}
	err = sqldb.RunQuery(ctx, q, `SELECT application_id, assessor_id, withdrawn_at IS NULL FROM assess_assignments
WHERE instrument_id = $1`, func(r *sql.Rows) error {
		var app, who int64
		var active bool
		if err := r.Scan(&app, &who, &active); err != nil {
			return err
		}
		if c := byApp[app]; c != nil {
			c.ever[who] = true
			if active {
				c.active = append(c.active, who)
			}
		}
		return nil
	}, instrumentID)
	return out, sqldb.Translate(err, "find assignments")
}

// assignment reads, locking its row, an assessor's assignment. Errors:
// not_found (ErrNotAssigned, also when withdrawn).
func assignment(ctx context.Context, tx *sqldb.Tx, instrumentID, appID, assessorID int64) (submitted bool, err error) {
	var sub, withdrawn sql.NullTime
	err = tx.QueryRowContext(ctx, `UPDATE assess_assignments SET assigned_at = assigned_at
WHERE instrument_id = $1 AND application_id = $2 AND assessor_id = $3 RETURNING submitted_at, withdrawn_at`,
		instrumentID, appID, assessorID).Scan(&sub, &withdrawn)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && withdrawn.Valid) {
		return false, ErrNotAssigned
	}
	if err != nil {
		return false, sqldb.Translate(err, "find assignment")
	}
	return sub.Valid, nil
}

// Submit stores an assessor's scores of a candidate — one per dimension,
// 1–5 — once: they never change after (409), and the others' scores are
// shown to this assessor only from then. Records assess.submit. A
// psychotest also needs a recommendation: see SubmitWith. Errors: invalid
// (score.N, recommendation), not_found (ErrNotAssigned), conflict
// (ErrSubmitted).
func (s *Service) Submit(ctx context.Context, assessorID, instrumentID, appID int64, scores []int) error {
	return s.SubmitWith(ctx, assessorID, instrumentID, appID, Submission{Scores: scores})
}

// Submission is what an assessor submits for a candidate: a score per
// dimension and, for a psychotest only, the psychologist's recommendation
// (disarankan, dipertimbangkan or tidak_disarankan).
type Submission struct {
	Scores         []int
	Recommendation string
}

// SubmitWith is Submit with the psychologist's recommendation, required
// for a psychotest and refused for any other kind (invalid,
// recommendation).
func (s *Service) SubmitWith(ctx context.Context, assessorID, instrumentID, appID int64, sub Submission) error {
	in, err := s.FindInstrument(ctx, instrumentID)
	if err != nil {
		return ErrNotAssigned
	}
	return s.db.Write(ctx, func(tx *sqldb.Tx) error {
		return s.submitIn(ctx, tx, in, assessorID, appID, sub)
	})
}

// submitIn is SubmitWith inside tx.
func (s *Service) submitIn(ctx context.Context, tx *sqldb.Tx, in *Instrument, assessorID, appID int64, sub Submission) error {
	submitted, err := assignment(ctx, tx, in.ID, appID, assessorID)
	if err != nil {
		return err
	}
	if submitted {
		return ErrSubmitted
	}
	if err := validSubmission(in, sub); err != nil {
		return err
	}
	for i, d := range in.Dimensions {
		if _, err := tx.ExecContext(ctx, `INSERT INTO assess_scores (instrument_id, application_id, assessor_id, no, score)
VALUES ($1, $2, $3, $4, $5)`, in.ID, appID, assessorID, d.No, sub.Scores[i]); err != nil {
			return sqldb.Translate(err, "store score")
		}
	}
	data := map[string]any{"application": appID, "scores": sub.Scores}
	if in.Kind == KindPsychotest {
		if _, err := tx.ExecContext(ctx, `INSERT INTO assess_recommendations (instrument_id, application_id, assessor_id, recommendation)
VALUES ($1, $2, $3, $4)`, in.ID, appID, assessorID, sub.Recommendation); err != nil {
			return sqldb.Translate(err, "store recommendation")
		}
		data["recommendation"] = sub.Recommendation
	}
	if _, err := tx.ExecContext(ctx, `UPDATE assess_assignments SET submitted_at = $1
WHERE instrument_id = $2 AND application_id = $3 AND assessor_id = $4`, sqldb.Now(s.now()), in.ID, appID, assessorID); err != nil {
		return sqldb.Translate(err, "submit")
	}
	return s.record(ctx, tx, audit.Event{Action: "assess.submit", ObjectType: "assess_instrument",
		ObjectID: strconv.FormatInt(in.ID, 10), Data: data})
}

// DeclareConflict withdraws an assessor who declares a conflict of
// interest with a candidate before scoring them — recorded as a conflict of
// the period (the conflicts of verification, so the assessor is kept from
// that applicant everywhere) and assess.conflict — and draws another in the
// same transaction. Errors: invalid (note), not_found (ErrNotAssigned),
// conflict (ErrSubmitted; too few assessors left, for a paper
// ErrNoReplacement, which names no one).
func (s *Service) DeclareConflict(ctx context.Context, assessorID, instrumentID, appID int64, note string) error {
	if err := validNote(&note); err != nil {
		return err
	}
	in, err := s.FindInstrument(ctx, instrumentID)
	if err != nil {
		return ErrNotAssigned
	}
	return s.db.Write(ctx, func(tx *sqldb.Tx) error {
		submitted, err := assignment(ctx, tx, instrumentID, appID, assessorID)
		if err != nil {
			return err
		}
		if submitted {
			return ErrSubmitted
		}
		err = s.withdrawIn(ctx, tx, in, assessorID, appID, note, nil)
		if in.Kind == KindPaper && isTooFew(err) {
			return ErrNoReplacement // a paper's assessor is not told the number
		}
		return err
	})
}

// isTooFew tells the refusal of a draw that leaves candidates too few
// assessors (it names their registration numbers).
func isTooFew(err error) bool {
	var ae *apperr.Error
	return errors.As(err, &ae) && ae.Msg.Key == "assess.too_few_assessors"
}

// validNote cleans and checks a conflict's description. Errors: invalid
// (note).
func validNote(note *string) error {
	f := map[string]apperr.Msg{}
	if textcheck.FieldMsg(f, "note", note, textcheck.Multiline) && (*note == "" || utf8.RuneCountInString(*note) > 1000) {
		f["note"] = apperr.M("assess.conflict_note")
	}
	if len(f) > 0 {
		return apperr.InvalidMsgs(f)
	}
	return nil
}

// withdrawIn withdraws an assessor from a candidate they have not scored,
// records the conflict and draws another, in tx; extra is added to the
// event's data.
func (s *Service) withdrawIn(ctx context.Context, tx *sqldb.Tx, in *Instrument, assessorID, appID int64, note string,
	extra map[string]any) error {
	if _, err := tx.ExecContext(ctx, `UPDATE assess_assignments SET withdrawn_at = $1
WHERE instrument_id = $2 AND application_id = $3 AND assessor_id = $4`, sqldb.Now(s.now()), in.ID, appID, assessorID); err != nil {
		return sqldb.Translate(err, "withdraw")
	}
	if err := s.conflictIn(ctx, tx, in, assessorID, appID, note, extra); err != nil {
		return err
	}
	_, err := s.assignIn(ctx, tx, in, []int64{appID})
	return err
}

// conflictIn records, in tx, an assessor's conflict with a candidate as a
// conflict of the period (the conflicts of verification, so the assessor
// is kept from that applicant everywhere) and assess.conflict.
func (s *Service) conflictIn(ctx context.Context, tx *sqldb.Tx, in *Instrument, assessorID, appID int64, note string,
	extra map[string]any) error {
	// Joins across parts: the period's conflicts (verification).
	if _, err := tx.ExecContext(ctx, `INSERT INTO conflicts (period_id, user_id, applicant_id, application_id, kind, note, declared_at)
SELECT $1, $2, applicant_id, id, 'other', $3, $4 FROM applications WHERE id = $5 ON CONFLICT DO NOTHING`,
		in.PeriodID, assessorID, note, sqldb.Now(s.now()), appID); err != nil {
		return sqldb.Translate(err, "declare conflict")
	}
	data := map[string]any{"application": appID, "note": note}
	for k, v := range extra {
		data[k] = v
	}
	return s.record(ctx, tx, audit.Event{Action: "assess.conflict", ObjectType: "assess_instrument",
		ObjectID: strconv.FormatInt(in.ID, 10), Data: data})
}
