// Package dashboard gives the city's leaders and BKPSDM one view across the
// parts of asnpro — the recruitment funnel of every period, the appeal and
// fairness figures, development hours (JP) by unit, the predikat
// distribution, ethics acknowledgements and the forum's activity — and the
// open data: each period's aggregate figures, never a person's.
//
// It owns no tables. Recruitment figures come from the published lists
// (verification's statistics) and a few counts over recruitment's and
// workforce's tables ("Joins across parts" in recruitment.go); the other
// sections come from the parts that own them, through the small interfaces
// below, which app wires once those parts are made. A section whose part is
// not wired (nil) is reported as unavailable, not as zeros.
package dashboard

import (
	"context"
	"time"

	"asnpro/internal/recruitment"
	"asnpro/internal/sqldb"
	"asnpro/internal/verification"
)

// Periods lists the recruitment periods (recruitment.Service).
type Periods interface {
	FindPeriods(ctx context.Context, withDrafts bool) ([]*recruitment.Period, error)
}

// Stats gives a period's published statistics (verification.Service).
type Stats interface {
	FindStatistics(ctx context.Context, periodID int64) (*verification.Statistics, error)
}

// UnitJP is one unit's development hours in a year: how many of its
// employees reached the 20 JP, and the JP the others still miss together.
type UnitJP struct {
	UnitID    int64
	Unit      string
	Employees int
	Compliant int
	Shortfall int // JP missing, summed over the employees under target
}

// JPSource gives the JP compliance by unit (development).
type JPSource interface {
	JPByUnit(ctx context.Context, year int, unitID int64) ([]UnitJP, error)
}

// Predikat levels in the order of PermenPANRB 6/2022.
var Predikats = []string{"sangat_baik", "baik", "butuh_perbaikan", "kurang", "sangat_kurang"}

// UnitPredikat is one unit's annual predikat distribution: Counts in the
// order of Predikats.
type UnitPredikat struct {
	UnitID int64
	Unit   string
	Counts [5]int
}

// Total is the number of employees rated.
func (u UnitPredikat) Total() int {
	n := 0
	for _, c := range u.Counts {
		n += c
	}
	return n
}

// PredikatSource gives the predikat distribution by unit (performance).
type PredikatSource interface {
	PredikatByUnit(ctx context.Context, year int, unitID int64) ([]UnitPredikat, error)
}

// UnitEthics is one unit's acknowledgement of the current code of ethics
// and attendance at the year's socialisation sessions.
type UnitEthics struct {
	UnitID       int64
	Unit         string
	Employees    int
	Acknowledged int
	Attended     int
}

// ForumMonth is the forum's activity in one month ("2026-03").
type ForumMonth struct {
	Month     string
	Threads   int
	Replies   int
	Solutions int
}

// CultureSource gives the ethics and forum figures (culture).
type CultureSource interface {
	EthicsByUnit(ctx context.Context, year int, unitID int64) ([]UnitEthics, error)
	ForumByMonth(ctx context.Context, from, to time.Time) ([]ForumMonth, error)
	AdoptedInnovations(ctx context.Context) (int, error)
}

// Deps are what the dashboard reads.
type Deps struct {
	Periods  Periods
	Stats    Stats
	JP       JPSource       // nil: not available
	Predikat PredikatSource // nil: not available
	Culture  CultureSource  // nil: not available
	Now      func() time.Time
}

// Service answers the dashboards and the open data.
type Service struct {
	db *sqldb.DB
	d  Deps
}

// New makes the service.
func New(db *sqldb.DB, d Deps) *Service {
	if d.Now == nil {
		d.Now = time.Now
	}
	return &Service{db: db, d: d}
}

// SetSources wires the sections of parts made after the dashboard.
func (s *Service) SetSources(jp JPSource, pr PredikatSource, c CultureSource) {
	s.d.JP, s.d.Predikat, s.d.Culture = jp, pr, c
}

// wib is the time zone years are counted in.
var wib = time.FixedZone("WIB", 7*3600)

// Year is the current calendar year in WIB.
func (s *Service) Year() int { return s.d.Now().In(wib).Year() }

// Filter narrows a dashboard: one period (0: all published), one unit with
// its sub-units (0: all), a calendar year (0: the current one).
type Filter struct {
	PeriodID int64
	UnitID   int64
	Year     int
	// PredikatYear is the year of the predikat distribution (0: Year). The
	// annual predikat of a year is known only once it has ended, so the
	// pages ask for last year's while the chosen year is still running.
	PredikatYear int
}

// Overview is the page /dashboard: every section, each nil or empty when
// its part is not available (the *Available flags tell which).
type Overview struct {
	Filter   Filter
	Funnels  []Funnel
	JP       []UnitJP
	Predikat []UnitPredikat
	Ethics   []UnitEthics
	Forum    []ForumMonth
	Adopted  int

	JPAvailable, PredikatAvailable, CultureAvailable bool
}

// Overview gathers every section for f.
func (s *Service) Overview(ctx context.Context, f Filter) (*Overview, error) {
	f = s.withYears(f)
	o := &Overview{Filter: f}
	var err error
	if o.Funnels, err = s.Funnels(ctx, f.PeriodID); err != nil {
		return nil, err
	}
	if err := s.people(ctx, f, o); err != nil {
		return nil, err
	}
	return o, nil
}

// People fills the sections that count employees (JP, predikat, ethics,
// forum) — the workforce dashboards without the recruitment funnel.
func (s *Service) People(ctx context.Context, f Filter) (*Overview, error) {
	f = s.withYears(f)
	o := &Overview{Filter: f}
	return o, s.people(ctx, f, o)
}

// withYears fills the filter's years left 0: the current one, and the
// predikat's the year's own.
func (s *Service) withYears(f Filter) Filter {
	if f.Year == 0 {
		f.Year = s.Year()
	}
	if f.PredikatYear == 0 {
		f.PredikatYear = f.Year
	}
	return f
}

func (s *Service) people(ctx context.Context, f Filter, o *Overview) error {
	var err error
	if s.d.JP != nil {
		o.JPAvailable = true
		if o.JP, err = s.d.JP.JPByUnit(ctx, f.Year, f.UnitID); err != nil {
			return err
		}
	}
	if s.d.Predikat != nil {
		o.PredikatAvailable = true
		if o.Predikat, err = s.d.Predikat.PredikatByUnit(ctx, f.PredikatYear, f.UnitID); err != nil {
			return err
		}
	}
	if s.d.Culture != nil {
		o.CultureAvailable = true
		if o.Ethics, err = s.d.Culture.EthicsByUnit(ctx, f.Year, f.UnitID); err != nil {
			return err
		}
		from := time.Date(f.Year, 1, 1, 0, 0, 0, 0, wib)
		if o.Forum, err = s.d.Culture.ForumByMonth(ctx, from, from.AddDate(1, 0, 0)); err != nil {
			return err
		}
		if o.Adopted, err = s.d.Culture.AdoptedInnovations(ctx); err != nil {
			return err
		}
	}
	return nil
}
