// Package assess runs the assessments of a period's candidates by
// assessors: instruments (a structured interview, a psychotest, written
// work, a practical test) with dimensions scored 1–5 against behavioural
// anchors, assessors drawn at random among those who signed the period's
// pact (at least two per candidate; a declared conflict draws another),
// scoring alone and blind to the others until submitted, moderation of a
// dimension whose scores are two or more apart, and the agreement of each
// instrument's assessors. Panels (panels.go) divide an instrument's
// assessors before the draw; phases (phases.go) let an instrument assess
// only those who passed another.
package assess

import (
	"context"
	"slices"
	"strconv"
	"unicode/utf8"

	"asnpro/internal/apperr"
	"asnpro/internal/textcheck"
)

// Kinds of instrument.
const (
	KindInterview  = "interview"
	KindPsychotest = "psychotest"
	KindPaper      = "paper"
	KindPractical  = "practical"
)

// Kinds are the instrument kinds, in the order forms offer them.
var Kinds = []string{KindInterview, KindPsychotest, KindPaper, KindPractical}

// Limits.
const (
	Levels        = 5 // a dimension is scored 1 to Levels
	maxDimensions = 12
	maxName       = 200
	maxAnchor     = 500
	// Spread is how far apart two assessors' scores of a dimension must be
	// for the panel to moderate it.
	Spread = 2
)

// Dimension is one scored aspect (komunikasi, integritas, …): its anchors
// describe the behaviour of each level 1–5; a final score below Minimum
// (0: none) fails the candidate whatever the total.
type Dimension struct {
	No      int
	Name    string
	Minimum int
	Anchors [Levels]string
}

// NewInstrument is an instrument as the committee defines it.
type NewInstrument struct {
	Kind       string
	Name       string
	Assessors  int // per candidate, 2–5
	Dimensions []Dimension
	// After is the instrument of the same period this one follows (0:
	// none): its candidates are then those who passed that one.
	After int64
}

// Instrument is a defined instrument of a period.
type Instrument struct {
	ID         int64
	PeriodID   int64
	Kind       string
	Name       string
	Assessors  int
	Dimensions []Dimension
	After      int64 // the instrument it follows (a phase), 0: none
}

// validate cleans the texts and checks an instrument; cpns refuses an
// interview (DESIGN §6: a CPNS round has none). Errors: invalid, with
// field messages (kind, name, assessors, dimensions, dimension.N.name,
// dimension.N.minimum, dimension.N.anchor.L).
func (n *NewInstrument) validate(cpns bool) error {
	// The dimensions are normalised in place: work on a copy so that a
	// caller's slice (a shared template, say) is never written.
	n.Dimensions = slices.Clone(n.Dimensions)
	f := map[string]apperr.Msg{}
	switch {
	case !slices.Contains(Kinds, n.Kind):
		f["kind"] = apperr.M("assess.kind")
	case cpns && n.Kind == KindInterview:
		f["kind"] = apperr.M("assess.no_interview")
	}
	if textcheck.FieldMsg(f, "name", &n.Name, textcheck.Line) && (n.Name == "" || utf8.RuneCountInString(n.Name) > maxName) {
		f["name"] = apperr.M("assess.name", "max", maxName)
	}
	if n.Assessors < 2 || n.Assessors > 5 {
		f["assessors"] = apperr.M("assess.assessors")
	}
	if len(n.Dimensions) == 0 || len(n.Dimensions) > maxDimensions {
		f["dimensions"] = apperr.M("assess.dimensions", "max", maxDimensions)
	}
	for i := range n.Dimensions {
		d := &n.Dimensions[i]
		d.No = i + 1
		key := "dimension." + strconv.Itoa(d.No)
		if textcheck.FieldMsg(f, key+".name", &d.Name, textcheck.Line) && (d.Name == "" || utf8.RuneCountInString(d.Name) > maxName) {
			f[key+".name"] = apperr.M("assess.name", "max", maxName)
		}
		if d.Minimum < 0 || d.Minimum > Levels {
			f[key+".minimum"] = apperr.M("assess.minimum")
		}
		for l := range d.Anchors {
			k := key + ".anchor." + strconv.Itoa(l+1)
			if textcheck.FieldMsg(f, k, &d.Anchors[l], textcheck.Multiline) &&
				(d.Anchors[l] == "" || utf8.RuneCountInString(d.Anchors[l]) > maxAnchor) {
				f[k] = apperr.M("assess.anchor", "max", maxAnchor)
			}
		}
	}
	if len(f) > 0 {
		return apperr.InvalidMsgs(f)
	}
	return nil
}

// scoreFields checks an assessor's scores: one per dimension, each 1–5
// (field messages score.N, score).
func scoreFields(dims []Dimension, scores []int) map[string]apperr.Msg {
	f := map[string]apperr.Msg{}
	for i, d := range dims {
		if i >= len(scores) || scores[i] < 1 || scores[i] > Levels {
			f["score."+strconv.Itoa(d.No)] = apperr.M("assess.score")
		}
	}
	if len(scores) > len(dims) {
		f["score"] = apperr.M("assess.score")
	}
	return f
}

// validSubmission checks a submission to an instrument: its scores, and a
// recommendation given for a psychotest and for nothing else. Errors:
// invalid (score.N, recommendation).
func validSubmission(in *Instrument, sub Submission) error {
	f := scoreFields(in.Dimensions, sub.Scores)
	switch {
	case in.Kind == KindPsychotest && !slices.Contains(Recommendations, sub.Recommendation):
		f["recommendation"] = apperr.M("assessinstr.recommendation")
	case in.Kind != KindPsychotest && sub.Recommendation != "":
		f["recommendation"] = apperr.M("assessinstr.recommendation_psychotest")
	}
	if len(f) > 0 {
		return apperr.InvalidMsgs(f)
	}
	return nil
}

// Recommendations of a psychologist, from the least to the most cautious.
const (
	Recommended    = "disarankan"       // recommended
	Considered     = "dipertimbangkan"  // to be considered
	NotRecommended = "tidak_disarankan" // not recommended
)

// Recommendations are the recommendations, least cautious first.
var Recommendations = []string{Recommended, Considered, NotRecommended}

// FinalRecommendation is a candidate's recommendation from their
// psychologists' (pure): the one they all gave when unanimous, otherwise
// the most cautious of them (tidak_disarankan before dipertimbangkan
// before disarankan); "" when there is none. An unknown value counts as
// tidak_disarankan.
func FinalRecommendation(recs []string) string {
	worst := -1
	for _, r := range recs {
		i := slices.Index(Recommendations, r)
		if i < 0 {
			i = len(Recommendations) - 1
		}
		worst = max(worst, i)
	}
	if worst < 0 {
		return ""
	}
	return Recommendations[worst]
}

// Sheet is what one candidate's assessment stands at: each submitted
// assessor's scores (by dimension), the moderated scores, and how many
// assessors are still to submit.
type Sheet struct {
	Scores    [][]int     // one row per submitted assessor, one score per dimension
	Moderated map[int]int // dimension no → agreed score
	// Reasons are the panel's written reasons by dimension no, each after
	// the name of who recorded it ("Panitia: …").
	Reasons map[int]string
	Pending int // active assessors who have not submitted
}

// DimensionResult is one dimension of a candidate's assessment.
type DimensionResult struct {
	No        int
	Spread    int  // highest minus lowest submitted score
	Moderate  bool // the panel must agree a score (spread ≥ Spread, not moderated)
	Moderated bool
	// Milli is the final score in thousandths: the moderated score, else
	// the mean of the submitted scores (rounded half up).
	Milli        int
	BelowMinimum bool // below the dimension's minimum
}

// Result is a candidate's assessment: complete when every assessor
// submitted and nothing waits for moderation.
type Result struct {
	Dimensions []DimensionResult
	Complete   bool
	Passed     bool // complete and no dimension below its minimum
	// Milli is the mean of the dimensions' final scores in thousandths.
	Milli int
}

// Evaluate is a candidate's result from their sheet (pure).
func Evaluate(dims []Dimension, s Sheet) Result {
	allIn := s.Pending == 0 && len(s.Scores) > 0
	r := Result{Complete: allIn, Passed: true}
	sum := 0
	for i, d := range dims {
		dr := DimensionResult{No: d.No}
		lo, hi, total := Levels+1, 0, 0
		for _, row := range s.Scores {
			v := row[i]
			lo, hi, total = min(lo, v), max(hi, v), total+v
		}
		if len(s.Scores) > 0 {
			dr.Spread = hi - lo
			dr.Milli = (2*total*1000 + len(s.Scores)) / (2 * len(s.Scores))
		}
		if m, ok := s.Moderated[d.No]; ok {
			dr.Moderated, dr.Milli = true, m*1000
		}
		dr.Moderate = allIn && dr.Spread >= Spread && !dr.Moderated
		if dr.Moderate {
			r.Complete = false
		}
		dr.BelowMinimum = d.Minimum > 0 && dr.Milli < d.Minimum*1000
		if dr.BelowMinimum {
			r.Passed = false
		}
		sum += dr.Milli
		r.Dimensions = append(r.Dimensions, dr)
	}
	r.Passed = r.Passed && r.Complete
	if len(dims) > 0 {
		r.Milli = (2*sum + len(dims)) / (2 * len(dims))
	}
	return r
}

// Agreement is how much an instrument's assessors agreed, over the
// dimensions of candidates whom every assessor scored: the share of those
// where all scores were equal, where they were at most one apart, and the
// mean absolute difference between two assessors' scores.
type Agreement struct {
	Pairs    int     // (candidate, dimension) scored by two or more
	Exact    float64 // share with all scores equal
	Within1  float64 // share with all scores at most 1 apart
	MeanDiff float64 // mean |a − b| over every pair of assessors
}

// Agree computes the agreement over sheets (pure).
func Agree(dims int, sheets []Sheet) Agreement {
	var a Agreement
	exact, within, diffs, pairs := 0, 0, 0, 0
	for _, s := range sheets {
		if len(s.Scores) < 2 {
			continue
		}
		for i := 0; i < dims; i++ {
			lo, hi := Levels+1, 0
			for x, row := range s.Scores {
				lo, hi = min(lo, row[i]), max(hi, row[i])
				for _, other := range s.Scores[x+1:] {
					diffs += abs(row[i] - other[i])
					pairs++
				}
			}
			a.Pairs++
			if hi == lo {
				exact++
			}
			if hi-lo <= 1 {
				within++
			}
		}
	}
	if a.Pairs > 0 {
		a.Exact, a.Within1 = float64(exact)/float64(a.Pairs), float64(within)/float64(a.Pairs)
	}
	if pairs > 0 {
		a.MeanDiff = float64(diffs) / float64(pairs)
	}
	return a
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// CheckSubmission checks an assessor's submission against an instrument's
// dimensions and kind without storing anything (a page asks for the
// confirmation of good scores only). Errors: as SubmitWith's invalid.
func (s *Service) CheckSubmission(ctx context.Context, instrumentID int64, sub Submission) error {
	in, err := s.FindInstrument(ctx, instrumentID)
	if err != nil {
		return ErrNotAssigned
	}
	return validSubmission(in, sub)
}
