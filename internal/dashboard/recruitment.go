package dashboard

import (
	"context"
	"database/sql"
	"slices"
	"time"

	"asnpro/internal/apperr"
	"asnpro/internal/recruitment"
	"asnpro/internal/sqldb"
	"asnpro/internal/verification"
)

// Funnel is one period's way from application to placement. Submitted, MS,
// PassedSKD and Placed count the published lists (as the public statistics
// do), so the dashboard never shows a figure the public cannot check;
// Applied and Onboarded are live counts.
type Funnel struct {
	Period *recruitment.Period
	Year   int // of registration's close, WIB
	Formations, Quota,
	Applied, // applications begun, drafts included
	Submitted,
	MS,
	PassedSKD,
	Placed, // P/L and P/L-2 of the final list (an own selection: L)
	Onboarded int // taken on as employees (workforce)
	// Stage is the furthest published list ("" none, administration, skd,
	// final); HasSKD whether the period's kind has an SKD list at all.
	Stage  string
	HasSKD bool
	// Which lists are published: a count of an unpublished list is 0 and
	// says nothing.
	AdminPublished, SKDPublished, FinalPublished bool
	// Appeals: filed, upheld, against the TMS of the administration list.
	TMS, AppealsFiled, AppealsUpheld int
	// DaysToHire is the median number of days from registration's close to
	// the TMT of those onboarded (-1: nobody onboarded yet).
	DaysToHire int
	// PassRates are the four-fifths figures of the furthest stage; Adverse
	// counts the groups flagged.
	PassRates []verification.PassRate
	Adverse   int
}

// AppealRate is appeals filed per TMS decision (0 when there was none).
func (f Funnel) AppealRate() float64 {
	if f.TMS == 0 {
		return 0
	}
	return float64(f.AppealsFiled) / float64(f.TMS)
}

// Stages are the funnel's steps in order, each with its count.
func (f Funnel) Stages() []Step {
	st := []Step{{"applied", f.Applied}, {"submitted", f.Submitted}, {"ms", f.MS}}
	if f.HasSKD {
		st = append(st, Step{"passed_skd", f.PassedSKD})
	}
	return append(st, Step{"placed", f.Placed}, Step{"onboarded", f.Onboarded})
}

// Step is one step of a funnel: its key (dash.step.KEY) and count.
type Step struct {
	Key   string
	Count int
}

// Funnels are the published periods' funnels, newest first (periodID 0),
// or the one period asked for (not_found for a draft or an unknown one).
func (s *Service) Funnels(ctx context.Context, periodID int64) ([]Funnel, error) {
	ps, err := s.d.Periods.FindPeriods(ctx, false)
	if err != nil {
		return nil, err
	}
	if periodID != 0 {
		i := slices.IndexFunc(ps, func(p *recruitment.Period) bool { return p.ID == periodID })
		if i < 0 {
			return nil, apperr.E(apperr.NotFound, "dash.period_not_found")
		}
		ps = ps[i : i+1]
	}
	out := make([]Funnel, 0, len(ps))
	for _, p := range ps {
		f, err := s.funnel(ctx, p)
		if err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	slices.SortStableFunc(out, func(a, b Funnel) int { return b.Period.RegCloseAt.Compare(a.Period.RegCloseAt) })
	return out, nil
}

func (s *Service) funnel(ctx context.Context, p *recruitment.Period) (Funnel, error) {
	f := Funnel{Period: p, Year: p.RegCloseAt.In(wib).Year(), HasSKD: p.Kind == "cpns", DaysToHire: -1}
	st, err := s.d.Stats.FindStatistics(ctx, p.ID)
	if err != nil {
		return f, err
	}
	for _, fs := range st.Formations {
		f.Submitted += fs.Applicants
		f.MS += fs.MS
		f.PassedSKD += fs.PassedSKD
		f.Placed += fs.Placed + fs.PlacedOptimalisasi
	}
	f.Formations = len(st.Formations)
	f.Stage = st.PassStage
	f.AdminPublished, f.SKDPublished, f.FinalPublished = st.Administration != nil, st.SKDPublished, st.FinalPublished
	f.PassRates = st.PassRates
	for _, r := range st.PassRates {
		if r.AdverseImpact {
			f.Adverse++
		}
	}
	if st.Administration != nil {
		// Appeals are against the first list's TMS, not the post-appeal one.
		f.TMS = st.Administration.TMS
	}
	f.AppealsFiled, f.AppealsUpheld = st.Appeals.Filed, st.Appeals.Upheld
	return f, s.counts(ctx, p, &f)
}

// counts reads the live figures. Joins across parts: applications and
// formations (recruitment), onboardings (workforce) — one query each per
// period, on indexes that start with period_id.
func (s *Service) counts(ctx context.Context, p *recruitment.Period, f *Funnel) error {
	var quota sql.NullInt64
	if err := s.db.R.QueryRowContext(ctx, `SELECT COUNT(*), SUM(quota) FROM formations WHERE period_id = $1`, p.ID).
		Scan(&f.Formations, &quota); err != nil {
		return sqldb.Translate(err, "dashboard formations")
	}
	f.Quota = int(quota.Int64)
	if err := s.db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM applications WHERE period_id = $1`, p.ID).
		Scan(&f.Applied); err != nil {
		return sqldb.Translate(err, "dashboard applications")
	}
	var days []int
	close := p.RegCloseAt.In(wib)
	closeDay := time.Date(close.Year(), close.Month(), close.Day(), 0, 0, 0, 0, time.UTC)
	err := sqldb.RunQuery(ctx, s.db.R, `SELECT tmt FROM onboardings WHERE period_id = $1`, func(rows *sql.Rows) error {
		var tmt string
		if err := rows.Scan(&tmt); err != nil {
			return err
		}
		if t, err := time.Parse(time.DateOnly, tmt); err == nil {
			days = append(days, int(t.Sub(closeDay).Hours()/24))
		}
		return nil
	}, p.ID)
	if err != nil {
		return sqldb.Translate(err, "dashboard onboardings")
	}
	f.Onboarded = len(days)
	f.DaysToHire = Median(days)
	return nil
}

// Median is the middle value of xs (the lower of the two middle ones for
// an even count: a whole number of days); -1 for none.
func Median(xs []int) int {
	if len(xs) == 0 {
		return -1
	}
	ys := slices.Clone(xs)
	slices.Sort(ys)
	return ys[(len(ys)-1)/2]
}
