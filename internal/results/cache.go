package results

import (
	"context"
	"database/sql"
	"fmt"

	"asnpro/internal/sqldb"
)

// The ranking page ranks the whole period at every view. Its computation
// is kept, per period, as long as nothing it reads has changed: the key is
// the period's kind and catalog version (every change of a formation,
// amendments included, bumps it), the latest administration or appeal
// list (whose MS rows are the candidates; a new version has a new ID), and
// the period's scores — how many, the latest recorded_at, and this
// service's count of score writes (a replacement within one instant of a
// frozen clock). The candidates' own data (name, birth date, IPK,
// formation, registration number) does not change after submission. An own
// selection's key adds its scheme and its assessments (ownKey).
// Publications and the SKB roster always compute afresh.

// computed is a period's kept computation, its key, its list's order and
// its labels (Computation.labels); none of it changes once made.
type computed struct {
	key            string
	c              *Computation
	order          []int
	numbers, codes map[string]string
}

// scoresChanged marks a write of scores by this service (after its
// transaction: a view in between keeps at worst what it read).
func (s *Service) scoresChanged() { s.scoreWrites.Add(1) }

// computeKey reads what a period's computation depends on.
func (s *Service) computeKey(ctx context.Context, periodID int64) (string, error) {
	var kind string
	var catalog, list, n int64
	var latest, scheme sql.NullString
	err := s.db.R.QueryRowContext(ctx, `SELECT p.kind, p.catalog_version,
  (SELECT coalesce(max(id), 0) FROM announcements WHERE period_id = p.id AND stage IN ('administration', 'appeal')),
  (SELECT count(*) FROM selection_scores WHERE period_id = p.id),
  (SELECT max(recorded_at) FROM selection_scores WHERE period_id = p.id),
  (SELECT max(updated_at) FROM skb_schemes WHERE period_id = p.id)
FROM periods p WHERE p.id = $1`, periodID).Scan(&kind, &catalog, &list, &n, &latest, &scheme)
	if err != nil {
		// Compute says what is wrong (not_found and the like).
		return "", sqldb.Translate(err, "ranking key")
	}
	key := fmt.Sprintf("%s|%d|%d|%d|%s|%s|%d", kind, catalog, list, n, latest.String, scheme.String, s.scoreWrites.Load())
	if kind == "cpns" {
		return key, nil
	}
	own, err := s.ownKey(ctx, periodID)
	return key + "|" + own, err
}

// ownKey is what an own selection's computation reads besides: its scheme
// and its assessments — the assignments (drawn, submitted, withdrawn) and
// the moderations, counted and by their latest times. Scores and
// moderations never change once stored, so these follow every change.
func (s *Service) ownKey(ctx context.Context, periodID int64) (string, error) {
	var scheme, drawn, submitted, withdrawn, moderated sql.NullString
	var n, nSubmitted, nWithdrawn, nModerated int64
	err := s.db.R.QueryRowContext(ctx, `SELECT (SELECT updated_at FROM own_schemes WHERE period_id = $1),
  count(*), count(x.submitted_at), count(x.withdrawn_at), max(x.assigned_at), max(x.submitted_at), max(x.withdrawn_at)
FROM assess_assignments x JOIN assess_instruments i ON i.id = x.instrument_id WHERE i.period_id = $1`, periodID).Scan(&scheme,
		&n, &nSubmitted, &nWithdrawn, &drawn, &submitted, &withdrawn)
	if err != nil {
		return "", sqldb.Translate(err, "own ranking key")
	}
	err = s.db.R.QueryRowContext(ctx, `SELECT count(*), max(m.moderated_at) FROM assess_moderations m
JOIN assess_instruments i ON i.id = m.instrument_id WHERE i.period_id = $1`, periodID).Scan(&nModerated, &moderated)
	if err != nil {
		return "", sqldb.Translate(err, "own ranking key")
	}
	return fmt.Sprintf("%s|%d|%d|%d|%s|%s|%s|%d|%s", scheme.String, n, nSubmitted, nWithdrawn, drawn.String, submitted.String,
		withdrawn.String, nModerated, moderated.String), nil
}

// computeKept is Compute with its order and labels, kept between calls
// while its key holds.
func (s *Service) computeKept(ctx context.Context, periodID int64) (*computed, error) {
	key, keyErr := s.computeKey(ctx, periodID)
	if keyErr == nil {
		s.keptMu.Lock()
		k, ok := s.kept[periodID]
		s.keptMu.Unlock()
		if ok && k.key == key {
			return k, nil
		}
	}
	c, err := s.Compute(ctx, periodID)
	if err != nil {
		return nil, err
	}
	k := &computed{key: key, c: c, order: c.Order(c.Stage)}
	k.numbers, k.codes = c.labels()
	if keyErr == nil {
		s.keptMu.Lock()
		if s.kept == nil || len(s.kept) >= maxKept {
			s.kept = map[int64]*computed{}
		}
		s.kept[periodID] = k
		s.keptMu.Unlock()
	}
	return k, nil
}

// maxKept bounds the periods whose computations are kept (one of 50,000
// candidates holds a few tens of MB).
const maxKept = 2
