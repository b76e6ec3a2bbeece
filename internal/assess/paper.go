package assess

import (
	"cmp"
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"math/big"
	"slices"
	"strconv"

	"asnpro/internal/apperr"
	"asnpro/internal/audit"
	"asnpro/internal/sqldb"
)

// Written work (an instrument of kind paper) is marked under pseudonymous
// codes: each candidate gets a code unique within the instrument when its
// assessors are drawn, and the assessors are shown the code only — never
// the candidate's name or registration number. The committee and the
// auditor see which code is whose.

// codeAlphabet has no letters or digits that read alike (0/O, 1/I/L).
const codeAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"

// CodePrefix and codeLen make a code: "MK-" and five characters.
const (
	CodePrefix = "MK-"
	codeLen    = 5
)

// newCode draws a code not in taken (crypto/rand).
func newCode(taken map[string]bool) (string, error) {
	for {
		b := []byte(CodePrefix)
		for range codeLen {
			k, err := rand.Int(rand.Reader, big.NewInt(int64(len(codeAlphabet))))
			if err != nil {
				return "", err
			}
			b = append(b, codeAlphabet[k.Int64()])
		}
		if c := string(b); !taken[c] {
			return c, nil
		}
	}
}

// codesIn gives, in tx, a code to each of a paper's candidates cands that
// has none, recording assess.code for each.
func (s *Service) codesIn(ctx context.Context, tx *sqldb.Tx, in *Instrument, cands []*candidate) error {
	taken, has := map[string]bool{}, map[int64]bool{}
	err := sqldb.RunQuery(ctx, tx, `SELECT application_id, code FROM assess_codes WHERE instrument_id = $1`, func(r *sql.Rows) error {
		var app int64
		var code string
		err := r.Scan(&app, &code)
		taken[code], has[app] = true, true
		return err
	}, in.ID)
	if err != nil {
		return sqldb.Translate(err, "find codes")
	}
	for _, c := range cands {
		if has[c.app] {
			continue
		}
		code, err := newCode(taken)
		if err != nil {
			return err
		}
		taken[code], has[c.app] = true, true
		if _, err := tx.ExecContext(ctx, `INSERT INTO assess_codes (instrument_id, application_id, code, created_at) VALUES ($1, $2, $3, $4)`,
			in.ID, c.app, code, sqldb.Now(s.now())); err != nil {
			return sqldb.Translate(err, "store code")
		}
		if err := s.record(ctx, tx, audit.Event{Action: "assess.code", ObjectType: "assess_instrument",
			ObjectID: strconv.FormatInt(in.ID, 10), Data: map[string]any{"application": c.app, "code": code}}); err != nil {
			return err
		}
	}
	return nil
}

// named is one of a paper's candidates by name.
type named struct {
	app  int64
	name string
}

// paperNames lists a paper's candidates (those given a code) by name, then
// application ID; not_found (ErrNotAssigned) unless the instrument is a
// paper for which the assessor was ever drawn.
func paperNames(ctx context.Context, q sqldb.Querier, assessorID int64, in *Instrument) ([]named, error) {
	if in.Kind != KindPaper {
		return nil, ErrNotAssigned
	}
	var n int
	if err := sqldb.RunQuery(ctx, q, `SELECT count(*) FROM assess_assignments WHERE instrument_id = $1 AND assessor_id = $2`,
		func(r *sql.Rows) error { return r.Scan(&n) }, in.ID, assessorID); err != nil {
		return nil, sqldb.Translate(err, "find assignments")
	}
	if n == 0 {
		return nil, ErrNotAssigned
	}
	var out []named
	// Joins across parts: applications and applicants, for the names.
	err := sqldb.RunQuery(ctx, q, `SELECT c.application_id, ap.name FROM assess_codes c JOIN applications a ON a.id = c.application_id
  JOIN applicants ap ON ap.id = a.applicant_id WHERE c.instrument_id = $1`, func(r *sql.Rows) error {
		var x named
		err := r.Scan(&x.app, &x.name)
		out = append(out, x)
		return err
	}, in.ID)
	if err != nil {
		return nil, sqldb.Translate(err, "find names")
	}
	// Sorted here, not by the engines' collations, so both list alike.
	slices.SortFunc(out, func(a, b named) int { return cmp.Or(cmp.Compare(a.name, b.name), cmp.Compare(a.app, b.app)) })
	return out, nil
}

// ConflictNames are the names of all a paper's candidates, alphabetical
// and not linked to their codes, among which its assessor declares a
// conflict (DeclareConflictByName: by position and name). Errors:
// not_found (ErrNotAssigned: not a paper this assessor was drawn for).
func (s *Service) ConflictNames(ctx context.Context, assessorID, instrumentID int64) ([]string, error) {
	in, err := s.FindInstrument(ctx, instrumentID)
	if err != nil {
		return nil, ErrNotAssigned
	}
	list, err := paperNames(ctx, s.db.R, assessorID, in)
	if err != nil {
		return nil, err
	}
	out := make([]string, len(list))
	for i, x := range list {
		out[i] = x.name
	}
	return out, nil
}

// ErrNoReplacement: a paper's conflict would leave a candidate too few
// assessors (the candidate is not named, so that the code stays unknown).
var ErrNoReplacement = apperr.E(apperr.Conflict, "assessinstr.conflict.no_replacement")

// DeclareConflictByName records a paper's assessor's conflict with the
// candidate at position index of ConflictNames (whose name must still be
// name), without telling the assessor the candidate's code: whatever the
// assessor's part, the conflict is recorded for the period
// (assess.conflict, by_name); when the assessor was drawn for the
// candidate and has not scored them, they are withdrawn and another is
// drawn, as DeclareConflict does; the answer is the same in every case.
// Errors: invalid (note; candidate: no such position or name), not_found
// (ErrNotAssigned), conflict (ErrNoReplacement, which names no one).
func (s *Service) DeclareConflictByName(ctx context.Context, assessorID, instrumentID int64, index int, name, note string) error {
	if err := validNote(&note); err != nil {
		return err
	}
	in, err := s.FindInstrument(ctx, instrumentID)
	if err != nil {
		return ErrNotAssigned
	}
	err = s.db.Write(ctx, func(tx *sqldb.Tx) error {
		list, err := paperNames(ctx, tx, assessorID, in)
		if err != nil {
			return err
		}
		if index < 0 || index >= len(list) || list[index].name != name {
			return apperr.InvalidMsgs(map[string]apperr.Msg{"candidate": apperr.M("assessinstr.conflict.pick")})
		}
		app := list[index].app
		submitted, err := assignment(ctx, tx, in.ID, app, assessorID)
		switch {
		case errors.Is(err, ErrNotAssigned):
			return s.conflictIn(ctx, tx, in, assessorID, app, note, map[string]any{"by_name": true, "withdrawn": false})
		case err != nil:
			return err
		case submitted:
			return s.conflictIn(ctx, tx, in, assessorID, app, note, map[string]any{"by_name": true, "withdrawn": false,
				"after_submission": true})
		}
		return s.withdrawIn(ctx, tx, in, assessorID, app, note, map[string]any{"by_name": true, "withdrawn": true})
	})
	if isTooFew(err) {
		return ErrNoReplacement
	}
	return err
}
