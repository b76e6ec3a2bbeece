package development

import (
	"context"
	"slices"
	"strings"
	"time"

	"asnpro/internal/assess"
)

// Offer is an open training session (the training part's).
type Offer struct {
	SessionID    int64
	ProgrammeID  int64
	Title        string
	Institution  string
	Competencies []string
	JP           int
	StartsAt     time.Time
	SeatsLeft    int
}

// Offers finds open sessions addressing competencies (none: any), the
// soonest first.
type Offers interface {
	OpenSessions(ctx context.Context, competencies []string, limit int) ([]Offer, error)
}

// Gap sources.
const (
	GapProbation = "probation"
	GapCoaching  = "coaching"
)

// Gap is a competency an employee needs to develop, and why.
type Gap struct {
	Competency string // a key such as "integritas"
	Source     string // GapProbation or GapCoaching
	Detail     string
}

// Gaps finds an employee's gaps.
type Gaps interface {
	Gaps(ctx context.Context, employeeID int64) ([]Gap, error)
}

// Recommendation is what an employee under target is offered.
type Recommendation struct {
	Gaps      []Gap
	Offers    []Offer
	NoOffers  bool // no catalogue of sessions is connected
	AnySkills bool // no gaps: the soonest sessions of any competency
}

// Recommend lists an employee's gaps (from every Gaps provider) and the
// open sessions that address them, at most limit; with no gaps, the
// soonest open sessions. Without Offers it says so (NoOffers).
func (s *Service) Recommend(ctx context.Context, employeeID int64, limit int) (*Recommendation, error) {
	out := &Recommendation{}
	seen := map[string]bool{}
	var comps []string
	for _, g := range s.gaps {
		gs, err := g.Gaps(ctx, employeeID)
		if err != nil {
			return nil, err
		}
		for _, x := range gs {
			out.Gaps = append(out.Gaps, x)
			if !seen[x.Competency] {
				seen[x.Competency] = true
				comps = append(comps, x.Competency)
			}
		}
	}
	if s.offers == nil {
		out.NoOffers = true
		return out, nil
	}
	out.AnySkills = len(comps) == 0
	offers, err := s.offers.OpenSessions(ctx, comps, limit)
	if err != nil {
		return nil, err
	}
	if len(offers) == 0 && len(comps) > 0 {
		// Nothing open addresses the gaps: the soonest of any competency.
		out.AnySkills = true
		if offers, err = s.offers.OpenSessions(ctx, nil, limit); err != nil {
			return nil, err
		}
	}
	out.Offers = offers
	return out, nil
}

// Onboardings reads where an employee came from (workforce's OnboardingOf:
// 0, 0 when not from a selection).
type Onboardings interface {
	OnboardingOf(ctx context.Context, employeeID int64) (periodID, appID int64, err error)
}

// Assessments reads a selection's assessment instruments and each
// candidate's results (assess).
type Assessments interface {
	FindInstruments(ctx context.Context, periodID int64) ([]*assess.Instrument, error)
	Candidates(ctx context.Context, instrumentID int64) (*assess.Instrument, []assess.CandidateRow, error)
}

// ProbationGaps finds the gaps of an employee in probation (a CPNS
// onboarded from a selection): each assessment dimension of their
// selection where their final score was below the dimension's minimum or
// below the scale's midpoint (3 of 1–5).
type ProbationGaps struct {
	Onboardings Onboardings
	Assessments Assessments
	// Match maps a dimension's name to a competency key (nil: the name in
	// lower case); a name it does not match is left out.
	Match func(name string) (string, bool)
	// InProbation reports whether the employee is in probation (nil:
	// every employee onboarded from a selection is).
	InProbation func(ctx context.Context, employeeID int64) (bool, error)
}

// ProbationGaps is the probation's Gaps provider over workforce and assess,
// for employees whose status is cpns.
func (s *Service) ProbationGaps(o Onboardings, a Assessments, match func(string) (string, bool)) ProbationGaps {
	return ProbationGaps{Onboardings: o, Assessments: a, Match: match, InProbation: func(ctx context.Context, id int64) (bool, error) {
		sub, err := s.FindSubject(ctx, id)
		if err != nil {
			return false, err
		}
		return sub.Status == statusCPNS, nil
	}}
}

// AddGaps adds a Gaps provider (before the service serves).
func (s *Service) AddGaps(g Gaps) { s.gaps = append(s.gaps, g) }

// midpointMilli is the middle of the 1–5 scale, in thousandths.
const midpointMilli = (1 + assess.Levels) * 1000 / 2

// Gaps implements Gaps.
func (p ProbationGaps) Gaps(ctx context.Context, employeeID int64) ([]Gap, error) {
	if p.InProbation != nil {
		in, err := p.InProbation(ctx, employeeID)
		if err != nil || !in {
			return nil, err
		}
	}
	periodID, appID, err := p.Onboardings.OnboardingOf(ctx, employeeID)
	if err != nil || periodID == 0 {
		return nil, err
	}
	ins, err := p.Assessments.FindInstruments(ctx, periodID)
	if err != nil {
		return nil, err
	}
	var out []Gap
	seen := map[string]bool{}
	for _, in := range ins {
		_, rows, err := p.Assessments.Candidates(ctx, in.ID)
		if err != nil {
			return nil, err
		}
		i := slices.IndexFunc(rows, func(r assess.CandidateRow) bool { return r.ApplicationID == appID })
		if i < 0 {
			continue
		}
		for _, g := range DimensionGaps(in.Dimensions, rows[i].Result, p.Match) {
			if !seen[g.Competency] {
				seen[g.Competency] = true
				g.Detail = in.Name + ": " + g.Detail
				out = append(out, g)
			}
		}
	}
	return out, nil
}

// DimensionGaps are the gaps of one assessment result (pure): each scored
// dimension whose final score is below its minimum or below the midpoint,
// mapped by match (nil: the lower-cased name).
func DimensionGaps(dims []assess.Dimension, r assess.Result, match func(string) (string, bool)) []Gap {
	var out []Gap
	for i, d := range dims {
		if i >= len(r.Dimensions) {
			break
		}
		dr := r.Dimensions[i]
		if dr.Milli == 0 { // not scored
			continue
		}
		if !dr.BelowMinimum && dr.Milli >= midpointMilli && (d.Minimum == 0 || dr.Milli >= d.Minimum*1000) {
			continue
		}
		key, ok := strings.ToLower(strings.TrimSpace(d.Name)), true
		if match != nil {
			key, ok = match(d.Name)
		}
		if !ok || key == "" {
			continue
		}
		out = append(out, Gap{Competency: key, Source: GapProbation, Detail: d.Name + " " + milliText(dr.Milli)})
	}
	return out
}

// milliText is a score in thousandths as "2.50".
func milliText(m int) string {
	h := m / 10 // truncated: a score just below 3 never reads 3.00
	return itoa(h/100) + "." + pad2(h%100)
}

func itoa(n int) string { return idText(int64(n)) }

func pad2(n int) string {
	if n < 10 {
		return "0" + itoa(n)
	}
	return itoa(n)
}
