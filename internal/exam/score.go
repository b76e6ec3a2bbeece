package exam

import (
	"fmt"

	"asnpro/internal/apperr"
	"asnpro/internal/selection"
)

// Answer is the option a participant chose, by the label shown: Blank, or
// 1–5 for A–E. The zero value is Blank.
type Answer uint8

// Blank is no answer.
const Blank Answer = 0

// ParseAnswer reads "" (blank) or a label "A"–"E" (any case).
func ParseAnswer(label string) (Answer, bool) {
	if label == "" {
		return Blank, true
	}
	i, ok := LabelIndex(label)
	if !ok {
		return Blank, false
	}
	return Answer(i + 1), true
}

// Label is the answer's label ("" when blank).
func (a Answer) Label() string {
	if a == Blank || int(a) > NumOptions {
		return ""
	}
	return Labels[a-1]
}

// SubtestScore is the score of one part of a paper.
type SubtestScore struct {
	Subtest string `json:"subtest"`
	Score   int    `json:"score"`
	Max     int    `json:"max"`
}

// Result is a scored paper.
type Result struct {
	// Scores are the parts' scores, in the paper's order of parts.
	Scores []SubtestScore
	Total  int
	Max    int
	// Graded: a passing grade applies (the blueprint had one).
	Graded bool
	// Passed: graded, and every threshold of the category's grade is met.
	Passed bool
	// Missed names each threshold missed (TWK, TIU, TKP, total, in that
	// order) with the score, the minimum and the shortfall, as the rules
	// engine explains it (selection.CodeBelowGrade).
	Missed []selection.Reason
}

// Subtest returns the score of sub-test s and whether the paper has it.
func (r *Result) Subtest(s string) (int, bool) {
	for _, x := range r.Scores {
		if x.Subtest == s {
			return x.Score, true
		}
	}
	return 0, false
}

// Score scores answers (answers[i] answers p.Items[i]; missing answers at
// the end are blank) for a participant of category c. A keyed item scores 5
// for its key, a weighted one its option's weight; a blank scores 0. The
// passing grade of c applies when the paper has one, through the rules
// engine (selection.Scheme.GradeReasons). It is a pure function. Errors:
// invalid (more answers than items, an answer outside A–E, an unknown
// category).
func Score(p *Paper, answers []Answer, c selection.Category) (Result, error) {
	if len(answers) > len(p.Items) {
		return Result{}, apperr.E(apperr.Invalid, "exam.score.too_many_answers", "have", len(answers), "want", len(p.Items))
	}
	if _, ok := selection.ParseCategory(c.String()); !ok {
		return Result{}, apperr.E(apperr.Invalid, "exam.score.category")
	}
	res := Result{Scores: make([]SubtestScore, len(p.Parts))}
	for i, part := range p.Parts {
		res.Scores[i].Subtest = part.Subtest
	}
	for i := range p.Items {
		it := &p.Items[i]
		sc := &res.Scores[it.Part]
		var top int8
		for _, v := range it.Points {
			top = max(top, v)
		}
		sc.Max += int(top)
		if i >= len(answers) || answers[i] == Blank {
			continue
		}
		a := answers[i]
		if int(a) > NumOptions {
			return Result{}, &apperr.Error{Code: apperr.Invalid, Msg: apperr.M("error.invalid"),
				FieldMsgs: map[string]apperr.Msg{fmt.Sprintf("answers.%d", it.No): apperr.M("exam.score.answer")}}
		}
		sc.Score += int(it.Points[a-1])
	}
	for _, s := range res.Scores {
		res.Total += s.Score
		res.Max += s.Max
	}
	if p.Scheme != nil {
		twk, _ := res.Subtest(TWK)
		tiu, _ := res.Subtest(TIU)
		tkp, _ := res.Subtest(TKP)
		res.Graded = true
		if res.Passed = p.Scheme.Passes(c, twk, tiu, tkp); !res.Passed {
			res.Missed = p.Scheme.GradeReasons(c, twk, tiu, tkp)
		}
	}
	return res, nil
}
