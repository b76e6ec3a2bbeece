package assess

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/json"
	"errors"
	"math/big"
	"slices"
	"strconv"
	"strings"
	"time"

	"asnpro/internal/apperr"
	"asnpro/internal/audit"
	"asnpro/internal/sqldb"
)

// QualifiedFunc lists the applications of a period announced MS (package
// verification), by application ID: the candidates an instrument assesses.
type QualifiedFunc func(ctx context.Context, periodID int64) ([]int64, error)

// Service keeps instruments, assignments, scores and moderations.
type Service struct {
	db        *sqldb.DB
	now       func() time.Time
	qualified QualifiedFunc
}

// Deps is what the service needs besides its database.
type Deps struct {
	Now       func() time.Time // nil: time.Now
	Qualified QualifiedFunc    // nil: no candidate
}

// New returns the assessment service over db.
func New(db *sqldb.DB, d Deps) *Service {
	if d.Now == nil {
		d.Now = time.Now
	}
	return &Service{db: db, now: d.Now, qualified: d.Qualified}
}

// Errors.
var (
	ErrInstrumentNotFound = apperr.E(apperr.NotFound, "assess.instrument_not_found")
	// ErrNotAssigned: the assessor does not (or no longer) score the
	// candidate; also for a candidate that does not exist.
	ErrNotAssigned = apperr.E(apperr.NotFound, "assess.not_assigned")
	// ErrSubmitted: the assessor's scores are in and never change.
	ErrSubmitted = apperr.E(apperr.Conflict, "assess.submitted")
	// ErrNoModeration: the dimension's scores are not far enough apart (or
	// not all in), or it was moderated already.
	ErrNoModeration = apperr.E(apperr.Conflict, "assess.no_moderation")
)

func errTooFewAssessors(numbers []string) error {
	return apperr.E(apperr.Conflict, "assess.too_few_assessors", "n", len(numbers), "numbers", strings.Join(numbers[:min(10,
		len(numbers))], ", "))
}

func (s *Service) record(ctx context.Context, tx *sqldb.Tx, ev audit.Event) error {
	if ev.At.IsZero() {
		ev.At = s.now()
	}
	return audit.Record(ctx, tx, ev)
}

// CreateInstrument defines an instrument of a period and records
// assess.instrument.create. Errors: invalid (its fields; an interview in a
// CPNS period), not_found (the period).
func (s *Service) CreateInstrument(ctx context.Context, periodID int64, n NewInstrument) (*Instrument, error) {
	var kind string
	err := s.db.R.QueryRowContext(ctx, `SELECT kind FROM periods WHERE id = $1`, periodID).Scan(&kind)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.E(apperr.NotFound, "assess.period_not_found")
	}
	if err != nil {
		return nil, sqldb.Translate(err, "find period")
	}
	err = n.validate(kind == "cpns")
	if n.After != 0 {
		err = s.withAfter(ctx, err, 0, n.After, periodID, kind == "cpns")
	}
	if err != nil {
		return nil, err
	}
	in := &Instrument{PeriodID: periodID, Kind: n.Kind, Name: n.Name, Assessors: n.Assessors, Dimensions: n.Dimensions, After: n.After}
	err = s.db.Write(ctx, func(tx *sqldb.Tx) error {
		if err := tx.QueryRowContext(ctx, `INSERT INTO assess_instruments (period_id, kind, name, assessors, created_at, after_id)
VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, periodID, n.Kind, n.Name, n.Assessors, sqldb.Now(s.now()),
			sql.NullInt64{Int64: n.After, Valid: n.After != 0}).Scan(&in.ID); err != nil {
			return sqldb.Translate(err, "insert instrument")
		}
		for _, d := range n.Dimensions {
			anchors, _ := json.Marshal(d.Anchors)
			if _, err := tx.ExecContext(ctx, `INSERT INTO assess_dimensions (instrument_id, no, name, minimum, anchors)
VALUES ($1, $2, $3, $4, $5)`, in.ID, d.No, d.Name, d.Minimum, string(anchors)); err != nil {
				return sqldb.Translate(err, "insert dimension")
			}
		}
		return s.record(ctx, tx, audit.Event{Action: "assess.instrument.create", ObjectType: "assess_instrument",
			ObjectID: strconv.FormatInt(in.ID, 10), Data: map[string]any{"period": periodID, "kind": n.Kind, "name": n.Name,
				"assessors": n.Assessors, "dimensions": n.Dimensions, "after": n.After}})
	})
	if err != nil {
		return nil, err
	}
	return in, nil
}

// FindInstruments lists a period's instruments (periodID 0: every
// period's), newest first.
func (s *Service) FindInstruments(ctx context.Context, periodID int64) ([]*Instrument, error) {
	var out []*Instrument
	err := sqldb.RunQuery(ctx, s.db.R, `SELECT id, period_id, kind, name, assessors, coalesce(after_id, 0)
FROM assess_instruments WHERE ($1 = 0 OR period_id = $1) ORDER BY id DESC`, func(r *sql.Rows) error {
		var in Instrument
		err := r.Scan(&in.ID, &in.PeriodID, &in.Kind, &in.Name, &in.Assessors, &in.After)
		out = append(out, &in)
		return err
	}, periodID)
	if err != nil {
		return nil, sqldb.Translate(err, "find instruments")
	}
	for _, in := range out {
		if in.Dimensions, err = s.dimensions(ctx, in.ID); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// FindInstrument returns an instrument with its dimensions. Errors:
// not_found.
func (s *Service) FindInstrument(ctx context.Context, id int64) (*Instrument, error) {
	in := &Instrument{ID: id}
	err := s.db.R.QueryRowContext(ctx, `SELECT period_id, kind, name, assessors, coalesce(after_id, 0)
FROM assess_instruments WHERE id = $1`, id).Scan(&in.PeriodID, &in.Kind, &in.Name, &in.Assessors, &in.After)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrInstrumentNotFound
	}
	if err != nil {
		return nil, sqldb.Translate(err, "find instrument")
	}
	in.Dimensions, err = s.dimensions(ctx, id)
	return in, err
}

func (s *Service) dimensions(ctx context.Context, id int64) ([]Dimension, error) {
	var out []Dimension
	err := sqldb.RunQuery(ctx, s.db.R, `SELECT no, name, minimum, anchors FROM assess_dimensions WHERE instrument_id = $1 ORDER BY no`,
		func(r *sql.Rows) error {
			var d Dimension
			var anchors string
			if err := r.Scan(&d.No, &d.Name, &d.Minimum, &anchors); err != nil {
				return err
			}
			out = append(out, d)
			return json.Unmarshal([]byte(anchors), &out[len(out)-1].Anchors)
		}, id)
	return out, sqldb.Translate(err, "find dimensions")
}

// assessorPool is who may assess in a period: users with the assessor
// role who signed its pact, with how many candidates each holds already,
// and each one's declared conflicts (applicant IDs).
type assessorPool struct {
	load      map[int64]int
	conflicts map[int64]map[int64]bool
}

func (s *Service) pool(ctx context.Context, q sqldb.Querier, in *Instrument) (*assessorPool, error) {
	p := &assessorPool{load: map[int64]int{}, conflicts: map[int64]map[int64]bool{}}
	// Joins across parts: the pact (verification) and the user's roles (identity).
	err := sqldb.RunQuery(ctx, q, `SELECT p.user_id FROM integrity_pacts p JOIN users u ON u.id = p.user_id
JOIN user_roles r ON r.user_id = p.user_id AND r.role = 'assessor'
WHERE p.period_id = $1 AND u.disabled = FALSE`, func(r *sql.Rows) error {
		var id int64
		err := r.Scan(&id)
		p.load[id] = 0
		return err
	}, in.PeriodID)
	if err != nil {
		return nil, sqldb.Translate(err, "find assessors")
	}
	err = sqldb.RunQuery(ctx, q, `SELECT assessor_id, count(*) FROM assess_assignments WHERE instrument_id = $1 AND withdrawn_at IS NULL
GROUP BY assessor_id`, func(r *sql.Rows) error {
		var id int64
		var n int
		if err := r.Scan(&id, &n); err != nil {
			return err
		}
		if _, ok := p.load[id]; ok {
			p.load[id] = n
		}
		return nil
	}, in.ID)
	if err != nil {
		return nil, sqldb.Translate(err, "count assignments")
	}
	err = sqldb.RunQuery(ctx, q, `SELECT user_id, applicant_id FROM conflicts WHERE period_id = $1`, func(r *sql.Rows) error {
		var u, a int64
		if err := r.Scan(&u, &a); err != nil {
			return err
		}
		if p.conflicts[u] == nil {
			p.conflicts[u] = map[int64]bool{}
		}
		p.conflicts[u][a] = true
		return nil
	}, in.PeriodID)
	return p, sqldb.Translate(err, "find conflicts")
}

// pick draws one assessor for a candidate (applicant) among the least
// loaded of those allowed — not taken, no conflict, and in panel unless
// it is nil —, at random (crypto/rand); 0 when none is left.
func (p *assessorPool) pick(applicant int64, taken, panel map[int64]bool) (int64, error) {
	var best []int64
	low := -1
	for id, n := range p.load {
		if taken[id] || p.conflicts[id][applicant] || (panel != nil && !panel[id]) {
			continue
		}
		switch {
		case low < 0 || n < low:
			low, best = n, []int64{id}
		case n == low:
			best = append(best, id)
		}
	}
	if len(best) == 0 {
		return 0, nil
	}
	slices.Sort(best)
	k, err := rand.Int(rand.Reader, big.NewInt(int64(len(best))))
	if err != nil {
		return 0, err
	}
	id := best[k.Int64()]
	p.load[id]++
	return id, nil
}
