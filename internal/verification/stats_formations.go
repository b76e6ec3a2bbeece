package verification

import (
	"context"
	"math"
	"sort"
)

// FormationStat counts one formation of a period as published
// (docs/VERIFICATION.md, "Statistik per formasi"). MS, PassedSKD, PassedSKB,
// Placed and PlacedOptimalisasi count a published list and are 0 while it
// is not published: Statistics.Administration, SKDPublished and
// FinalPublished tell which.
type FormationStat struct {
	ID         int64
	Code       string
	Category   string
	Applicants int // submitted applications
	Appeals    int // appeals filed
	// MS: MS in the latest administration or post-appeal list.
	MS int
	// PassedSKD: P/L in the latest SKD list.
	PassedSKD int
	// PassedSKB: the formation's applicants whose code in the latest final
	// list is P/L or P/L-2 (placed by the integration, here or elsewhere).
	PassedSKB int
	// Placed: P/L of the formation in the latest final list.
	Placed int
	// PlacedOptimalisasi: P/L-2 of any formation the final list places
	// into this one (its placed_formation column).
	PlacedOptimalisasi int
}

// Group kinds of the pass rates.
const (
	GroupGender   = "gender"
	GroupCategory = "category"
)

// PassRate is one group's rate of passing the furthest published stage.
type PassRate struct {
	Group   string // GroupGender or GroupCategory
	Value   string // M/F, or the formation category
	Applied int    // submitted applications in the group
	Passed  int    // of them, passed the stage (Statistics.PassStage)
	// Rate is Passed/Applied rounded to 4 decimals; AdverseImpact was judged
	// on the exact fraction (FlagAdverseImpact).
	Rate          float64
	AdverseImpact bool
}

// passedResults are the result codes that pass each stage in the pass
// rates: the furthest published one counts.
var passedResults = map[string][]string{
	StageFinal:          {"P/L", "P/L-2", "L"}, // L: an own selection's selected (JPT: proposed)
	StageSKD:            {"P/L"},
	StageAdministration: {"MS"},
}

// latestLists are the IDs of the latest published list of each kind (0:
// none); the post-appeal list counts as the administration list when it is
// the later one.
type latestLists struct {
	admin, skd, final int64
}

// passStage is the furthest published stage ("" before any list).
func (l latestLists) passStage() (string, int64) {
	switch {
	case l.final != 0:
		return StageFinal, l.final
	case l.skd != 0:
		return StageSKD, l.skd
	case l.admin != 0:
		return StageAdministration, l.admin
	}
	return "", 0
}

// addFormationStats fills st.Formations, st.PassRates and the flags of
// what is published, with aggregate queries (GROUP BY). What a published
// list counts never changes, and the pass rates' groups are fixed by the
// list and the period's submitted count (a submitted application never
// changes formation, gender or status, nor goes away): both are kept
// (statsMemo), so a new appeal or a new request reads only the small
// per-formation counts again. submitted is the period's submitted count.
func (s *Service) addFormationStats(ctx context.Context, periodID, submitted int64, st *Statistics) error {
	q := s.db.R
	memo := s.statsMemo()
	lists, err := latestListIDs(ctx, q, periodID)
	if err != nil {
		return err
	}
	st.SKDPublished, st.FinalPublished = lists.skd != 0, lists.final != 0
	fs, err := periodFormations(ctx, q, periodID)
	if err != nil {
		return err
	}
	byID := make(map[int64]*FormationStat, len(fs))
	byCode := make(map[string]*FormationStat, len(fs))
	for i := range fs {
		byID[fs[i].ID], byCode[fs[i].Code] = &fs[i], &fs[i]
	}
	if err := memo.countLists(ctx, q, lists, byCode); err != nil {
		return err
	}
	if err := countAppealsByFormation(ctx, q, periodID, byID); err != nil {
		return err
	}
	st.Formations = fs
	stage, passID := lists.passStage()
	st.PassStage = stage
	if stage == "" {
		return nil
	}
	groups, err := memo.groups(ctx, q, groupsKey{periodID, passID, submitted}, passedResults[stage])
	if err != nil {
		return err
	}
	st.PassRates = passRates(groups, byID)
	return nil
}

// applicantGroup is one (formation, gender) of the submitted applications.
type applicantGroup struct {
	formationID     int64
	gender          string
	applied, passed int
}

// passRates sums the groups per gender and per formation category, each
// kind flagged by the four-fifths rule; groups without applicants are left
// out.
func passRates(groups []applicantGroup, byID map[int64]*FormationStat) []PassRate {
	var out []PassRate
	for _, kind := range []string{GroupGender, GroupCategory} {
		sums := map[string]*PassRate{}
		var values []string
		for _, g := range groups {
			v := g.gender
			if kind == GroupCategory {
				f := byID[g.formationID]
				if f == nil {
					continue
				}
				v = f.Category
			}
			r := sums[v]
			if r == nil {
				r = &PassRate{Group: kind, Value: v}
				sums[v] = r
				values = append(values, v)
			}
			r.Applied += g.applied
			r.Passed += g.passed
		}
		sort.Strings(values)
		rates := make([]PassRate, 0, len(values))
		for _, v := range values {
			if r := sums[v]; r.Applied > 0 {
				rates = append(rates, *r)
			}
		}
		out = append(out, FlagAdverseImpact(rates)...)
	}
	return out
}

// FlagAdverseImpact sets Rate (Passed/Applied, 4 decimals) and
// AdverseImpact on rates of one kind by the four-fifths rule: a group whose
// rate is under 4/5 of the highest rate of the kind is flagged. The
// comparison is exact (Passed_i × Applied_max × 5 < Passed_max × Applied_i
// × 4): a rate of exactly 4/5 of the highest, the highest itself, its ties,
// and every group when the highest rate is 0 are not flagged. Groups with
// Applied 0 must be left out before.
func FlagAdverseImpact(rates []PassRate) []PassRate {
	best := -1
	for i, r := range rates {
		if best < 0 || int64(r.Passed)*int64(rates[best].Applied) > int64(rates[best].Passed)*int64(r.Applied) {
			best = i
		}
	}
	for i := range rates {
		r := &rates[i]
		r.Rate = math.Round(float64(r.Passed)/float64(r.Applied)*10000) / 10000
		b := rates[best]
		r.AdverseImpact = int64(r.Passed)*int64(b.Applied)*5 < int64(b.Passed)*int64(r.Applied)*4
	}
	return rates
}
