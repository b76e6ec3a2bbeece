package recruitment

import (
	"context"
	"sort"
	"strings"
	"sync"

	"asnpro/internal/sqldb"
)

// The public formation list is read far more than it changes: in the last
// days of registration thousands of visitors page and filter a period of a
// thousand formations. Each process therefore keeps an immutable copy of a
// period's formations (a catalog) and filters it in memory. The copy is
// tagged with the period row's (catalog_version, submitted_total); every
// request reads that row anyway, so a copy is used only while it is still
// true — read-your-writes holds across instances, and nothing relies on
// process memory for correctness. A new submission refreshes only the counts.

// FormationFilter narrows a period's formation list.
type FormationFilter struct {
	Q, Unit, Level, Major string
	Limit, Offset         int
}

type catalog struct {
	period             int64
	version, submitted int64
	formations         []*Formation // ordered by unit, position, code; never changed once built
	search             []string     // lower-case text searched by Q, per formation
	units              []string
}

// formation returns the formation with id, or nil.
func (c *catalog) formation(id int64) *Formation {
	for _, f := range c.formations {
		if f.ID == id {
			return f
		}
	}
	return nil
}

type catalogCache struct {
	mu sync.Mutex
	m  map[int64]*catalog
}

func bumpCatalog(ctx context.Context, tx *sqldb.Tx, periodID int64) error {
	_, err := tx.ExecContext(ctx, `UPDATE periods SET catalog_version = catalog_version + 1 WHERE id = $1`, periodID)
	return sqldb.Translate(err, "catalog version")
}

// catalogOf returns the catalog of p, true as of p's versions.
func (s *Service) catalogOf(ctx context.Context, p *Period) (*catalog, error) {
	return s.catalogFor(ctx, p, true)
}

// rulesOf returns the catalog of p with its formations' requirements true
// as of p's catalog version, and their submitted counts possibly older (for
// what reads only requirements: during a surge every submission would
// otherwise make the next upload count the period's formations again).
func (s *Service) rulesOf(ctx context.Context, p *Period) (*catalog, error) {
	return s.catalogFor(ctx, p, false)
}

func (s *Service) catalogFor(ctx context.Context, p *Period, counts bool) (*catalog, error) {
	s.catalogs.mu.Lock()
	c := s.catalogs.m[p.ID]
	s.catalogs.mu.Unlock()
	switch {
	case c != nil && c.version == p.CatalogVersion && (c.submitted == p.SubmittedTotal || !counts):
		return c, nil
	case c != nil && c.version == p.CatalogVersion:
		n, err := s.recount(ctx, c, p.SubmittedTotal)
		if err != nil {
			return nil, err
		}
		c = n
	default:
		n, err := s.loadCatalog(ctx, p)
		if err != nil {
			return nil, err
		}
		c = n
	}
	s.catalogs.mu.Lock()
	if s.catalogs.m == nil {
		s.catalogs.m = map[int64]*catalog{}
	}
	// Versions only grow: never replace a newer copy by an older one.
	if old := s.catalogs.m[p.ID]; old == nil || old.version < c.version || old.version == c.version && old.submitted <= c.submitted {
		s.catalogs.m[p.ID] = c
	}
	s.catalogs.mu.Unlock()
	return c, nil
}

// loadCatalog reads every formation of p with its majors. The reads come
// after p's row was read, so they show at least what its versions promise;
// a copy a little newer than its tag is only refreshed once more.
func (s *Service) loadCatalog(ctx context.Context, p *Period) (*catalog, error) {
	rows, err := s.db.R.QueryContext(ctx, `SELECT `+formationColumns+`, search FROM formations WHERE period_id = $1`, p.ID)
	if err != nil {
		return nil, sqldb.Translate(err, "load formations")
	}
	c := &catalog{period: p.ID, version: p.CatalogVersion, submitted: p.SubmittedTotal}
	search := map[int64]string{}
	for rows.Next() {
		var text string
		f, err := scanFormationPlus(rows, &text)
		if err != nil {
			rows.Close()
			return nil, sqldb.Translate(err, "load formations")
		}
		c.formations = append(c.formations, f)
		search[f.ID] = text
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, sqldb.Translate(err, "load formations")
	}
	if err := s.loadPeriodMajors(ctx, p.ID, c.formations); err != nil {
		return nil, err
	}
	sort.Slice(c.formations, func(i, j int) bool {
		a, b := c.formations[i], c.formations[j]
		if a.Unit != b.Unit {
			return a.Unit < b.Unit
		}
		if a.Position != b.Position {
			return a.Position < b.Position
		}
		return a.Code < b.Code
	})
	seen := map[string]bool{}
	c.search = make([]string, len(c.formations))
	for i, f := range c.formations {
		c.search[i] = search[f.ID]
		if !seen[f.Unit] {
			seen[f.Unit] = true
			c.units = append(c.units, f.Unit)
		}
	}
	sort.Strings(c.units)
	return c, nil
}

func scanFormationPlus(r interface{ Scan(...any) error }, search *string) (*Formation, error) {
	return scanFormation(extraScan{r, search})
}

// extraScan lets scanFormation read one more trailing column.
type extraScan struct {
	row interface{ Scan(...any) error }
	dst *string
}

func (e extraScan) Scan(dest ...any) error { return e.row.Scan(append(dest, e.dst)...) }

func (s *Service) loadPeriodMajors(ctx context.Context, periodID int64, fs []*Formation) error {
	byID := make(map[int64]*Formation, len(fs))
	for _, f := range fs {
		byID[f.ID] = f
	}
	rows, err := s.db.R.QueryContext(ctx, `SELECT fm.formation_id, e.code, e.name FROM formations f
JOIN formation_majors fm ON fm.formation_id = f.id JOIN education_refs e ON e.code = fm.code
WHERE f.period_id = $1 ORDER BY e.name`, periodID)
	if err != nil {
		return sqldb.Translate(err, "load majors")
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var m Major
		if err := rows.Scan(&id, &m.Code, &m.Name); err != nil {
			return sqldb.Translate(err, "load majors")
		}
		// A formation added after the list was read waits for the next version.
		if f := byID[id]; f != nil {
			f.Majors = append(f.Majors, m)
		}
	}
	return sqldb.Translate(rows.Err(), "load majors")
}

// recount makes a copy of c with the current submitted counts.
func (s *Service) recount(ctx context.Context, c *catalog, submitted int64) (*catalog, error) {
	rows, err := s.db.R.QueryContext(ctx, `SELECT id, submitted FROM formations WHERE period_id = $1`, c.period)
	if err != nil {
		return nil, sqldb.Translate(err, "count formations")
	}
	defer rows.Close()
	counts := make(map[int64]int, len(c.formations))
	for rows.Next() {
		var id int64
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return nil, sqldb.Translate(err, "count formations")
		}
		counts[id] = n
	}
	if err := rows.Err(); err != nil {
		return nil, sqldb.Translate(err, "count formations")
	}
	n := &catalog{
		period:     c.period,
		version:    c.version,
		submitted:  submitted,
		search:     c.search,
		units:      c.units,
		formations: make([]*Formation, len(c.formations)),
	}
	for i, f := range c.formations {
		cp := *f
		cp.Submitted = counts[f.ID]
		n.formations[i] = &cp
	}
	return n, nil
}

// FindFormations returns a page of a published (or, withDrafts, any)
// period's formations matching the filter, with the total. The formations
// are shared: callers must not change them. Errors: not_found (period).
func (s *Service) FindFormations(ctx context.Context, periodID int64, flt FormationFilter, withDrafts bool) ([]*Formation, int, error) {
	p, err := s.FindPeriodByID(ctx, periodID, withDrafts)
	if err != nil {
		return nil, 0, err
	}
	return s.FormationsOf(ctx, p, flt)
}

// FormationsOf is FindFormations for a period already read (its versions
// decide whether the in-memory list is still true).
func (s *Service) FormationsOf(ctx context.Context, p *Period, flt FormationFilter) ([]*Formation, int, error) {
	c, err := s.catalogOf(ctx, p)
	if err != nil {
		return nil, 0, err
	}
	q := strings.ToLower(strings.TrimSpace(flt.Q))
	major := strings.TrimSpace(flt.Major)
	var out []*Formation
	total := 0
	for i, f := range c.formations {
		if q != "" && !strings.Contains(c.search[i], q) ||
			flt.Unit != "" && f.Unit != flt.Unit ||
			flt.Level != "" && !contains(f.Levels, flt.Level) ||
			major != "" && !hasMajor(f, major) {
			continue
		}
		if total >= flt.Offset && (flt.Limit <= 0 || len(out) < flt.Limit) {
			out = append(out, f)
		}
		total++
	}
	return out, total, nil
}

// hasMajor: m is a code or a name (any case) of one of f's majors.
func hasMajor(f *Formation, m string) bool {
	for _, x := range f.Majors {
		if x.Code == m || strings.EqualFold(x.Name, m) {
			return true
		}
	}
	return false
}

// Units lists the distinct units of a period's formations, for filters.
func (s *Service) Units(ctx context.Context, periodID int64) ([]string, error) {
	p, err := s.FindPeriodByID(ctx, periodID, true)
	if err != nil {
		return nil, err
	}
	return s.UnitsOf(ctx, p)
}

// UnitsOf is Units for a period already read.
func (s *Service) UnitsOf(ctx context.Context, p *Period) ([]string, error) {
	c, err := s.catalogOf(ctx, p)
	if err != nil {
		return nil, err
	}
	return c.units, nil
}
