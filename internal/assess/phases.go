package assess

import (
	"context"
	"database/sql"
	"errors"
	"strconv"

	"asnpro/internal/apperr"
	"asnpro/internal/audit"
	"asnpro/internal/sqldb"
)

// Phases (tahapan) of the city's own selections: an instrument may follow
// another instrument of the same period (After). Its candidates are then
// only those whose result in the earlier one is complete and passed (no
// dimension below its minimum), in place of everyone announced MS; it is
// drawn only once every candidate of the earlier one is complete. A CPNS
// round has no phases: its instruments assess the MS list.

// Errors of phases.
var (
	// ErrDrawn: the instrument's assessors were drawn, so its panels and
	// the instrument it follows no longer change.
	ErrDrawn = apperr.E(apperr.Conflict, "assesspanel.drawn")
)

func errEarlierIncomplete(n int, name string) error {
	return apperr.E(apperr.Conflict, "assessphase.earlier_incomplete", "n", n, "name", name)
}

// maxPhases bounds how far back phaseCandidates follows the instruments
// (a cycle is refused when set; this guards against one written beside the
// service).
const maxPhases = 50

// phaseLink is an instrument's period and the instrument it follows.
type phaseLink struct {
	period, after int64
}

// afterMsg checks that instrument id (0: one being created) of period may
// follow instrument after (pure): not in a CPNS round, an instrument of the
// same period, not itself, and no cycle through the instruments links
// (every instrument of the period by ID). It returns the field message of
// "after", or a zero Msg when allowed.
func afterMsg(id, after, period int64, cpns bool, links map[int64]phaseLink) apperr.Msg {
	if after == 0 {
		return apperr.Msg{}
	}
	if cpns {
		return apperr.M("assessphase.after_cpns")
	}
	if after == id {
		return apperr.M("assessphase.after_self")
	}
	l, ok := links[after]
	if !ok || l.period != period {
		return apperr.M("assessphase.after_period")
	}
	for at, steps := after, 0; at != 0 && steps <= len(links); steps++ {
		if at == id {
			return apperr.M("assessphase.after_cycle")
		}
		at = links[at].after
	}
	return apperr.Msg{}
}

// links reads every instrument's period and the instrument it follows.
func links(ctx context.Context, q sqldb.Querier) (map[int64]phaseLink, error) {
	out := map[int64]phaseLink{}
	err := sqldb.RunQuery(ctx, q, `SELECT id, period_id, coalesce(after_id, 0) FROM assess_instruments`, func(r *sql.Rows) error {
		var id int64
		var l phaseLink
		err := r.Scan(&id, &l.period, &l.after)
		out[id] = l
		return err
	})
	return out, sqldb.Translate(err, "find phases")
}

// withAfter adds to prev (nil or an invalid error) the field message of
// "after" when instrument id may not follow after.
func (s *Service) withAfter(ctx context.Context, prev error, id, after, period int64, cpns bool) error {
	ls, err := links(ctx, s.db.R)
	if err != nil {
		return err
	}
	m := afterMsg(id, after, period, cpns, ls)
	if m.Key == "" {
		return prev
	}
	var ae *apperr.Error
	if errors.As(prev, &ae) && ae.Code == apperr.Invalid && ae.FieldMsgs != nil {
		ae.FieldMsgs["after"] = m
		return ae
	}
	if prev != nil {
		return prev
	}
	return apperr.InvalidMsgs(map[string]apperr.Msg{"after": m})
}

// drawn tells whether any assessor of an instrument was ever drawn.
func drawn(ctx context.Context, q sqldb.Querier, instrumentID int64) (bool, error) {
	var n int
	err := sqldb.RunQuery(ctx, q, `SELECT count(*) FROM assess_assignments WHERE instrument_id = $1`,
		func(r *sql.Rows) error { return r.Scan(&n) }, instrumentID)
	return n > 0, sqldb.Translate(err, "count assignments")
}

// SetAfter makes an instrument follow another of its period (after 0: no
// longer), before its assessors are drawn, and records
// assess.instrument.after. Errors: not_found, invalid (after: another
// period's, itself, a cycle, a CPNS round), conflict (ErrDrawn).
func (s *Service) SetAfter(ctx context.Context, instrumentID, after int64) error {
	in, err := s.FindInstrument(ctx, instrumentID)
	if err != nil {
		return err
	}
	var kind string
	if err := s.db.R.QueryRowContext(ctx, `SELECT kind FROM periods WHERE id = $1`, in.PeriodID).Scan(&kind); err != nil {
		return sqldb.Translate(err, "find period")
	}
	if err := s.withAfter(ctx, nil, in.ID, after, in.PeriodID, kind == "cpns"); err != nil {
		return err
	}
	return s.db.Write(ctx, func(tx *sqldb.Tx) error {
		if done, err := drawn(ctx, tx, in.ID); err != nil || done {
			if err == nil {
				err = ErrDrawn
			}
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE assess_instruments SET after_id = $1 WHERE id = $2`,
			sql.NullInt64{Int64: after, Valid: after != 0}, in.ID); err != nil {
			return sqldb.Translate(err, "set after")
		}
		return s.record(ctx, tx, audit.Event{Action: "assess.instrument.after", ObjectType: "assess_instrument",
			ObjectID: strconv.FormatInt(in.ID, 10), Data: map[string]any{"after": after, "was": in.After}})
	})
}

// phaseCandidates lists the applications an instrument assesses, reading
// in q: ms (the period's MS list) for an instrument that follows none;
// otherwise those whose result in the earlier instrument is complete and
// passed. Errors: conflict (candidates of the earlier one not complete —
// not drawn, not all submitted, or waiting for the panel — counted).
func (s *Service) phaseCandidates(ctx context.Context, q sqldb.Querier, in *Instrument, ms []int64, depth int) ([]int64, error) {
	if in.After == 0 || depth > maxPhases {
		return ms, nil
	}
	earlier, err := s.FindInstrument(ctx, in.After)
	if err != nil {
		return nil, err
	}
	before, err := s.phaseCandidates(ctx, q, earlier, ms, depth+1)
	if err != nil {
		return nil, err
	}
	sh, err := sheets(ctx, q, earlier)
	if err != nil {
		return nil, err
	}
	var out []int64
	incomplete := 0
	for _, app := range before {
		x := sh[app]
		if x == nil {
			incomplete++
			continue
		}
		r := Evaluate(earlier.Dimensions, *x)
		switch {
		case !r.Complete:
			incomplete++
		case r.Passed:
			out = append(out, app)
		}
	}
	if incomplete > 0 {
		return nil, errEarlierIncomplete(incomplete, earlier.Name)
	}
	return out, nil
}
