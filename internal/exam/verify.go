package exam

import (
	"fmt"
	"strconv"

	"asnpro/internal/selection"
)

// VerifyFilter narrows the finished attempts VerifyAttempts re-checks. The
// zero value is every finished attempt; each field set narrows further.
type VerifyFilter struct {
	// BankID: only the attempts drawn from this bank (0: every bank).
	BankID int64
}

// Difference is one way a finished attempt's stored result differs from
// what its paper and saved answers score.
type Difference struct {
	// What names what differs: "total", "max", "score.SUBTEST",
	// "max.SUBTEST", "graded", "passed", "sha256" (the digest column),
	// "result.sha256" (the digest inside the stored result), or what could
	// not be read: "result", "paper", "category", "answer" (one the paper
	// has no item for), "answers" (refused by Score).
	What string
	// Stored and Rescored are the two values as text ("—" for none).
	Stored, Rescored string
}

// Mismatch is a finished attempt whose stored result is not what re-scoring
// gives.
type Mismatch struct {
	AttemptID int64
	Diffs     []Difference
}

// VerifyReport is what VerifyAttempts found.
type VerifyReport struct {
	// Checked is the number of finished attempts re-scored.
	Checked int
	// Mismatches are the attempts that differ, by ID ascending.
	Mismatches []Mismatch
}

// OK reports whether every attempt checked matched.
func (r *VerifyReport) OK() bool { return len(r.Mismatches) == 0 }

// Rescore scores a finished attempt's paper and saved answers as Finish does
// and returns the result Finish stores, its digest (AttemptDigest) included.
// It is a pure function. Errors: those of Score.
func Rescore(attemptID int64, p *Paper, answers []Answer, c selection.Category) (*AttemptResult, error) {
	res, err := Score(p, answers, c)
	if err != nil {
		return nil, err
	}
	r := &AttemptResult{Scores: res.Scores, Total: res.Total, Max: res.Max, Graded: res.Graded, Passed: res.Passed, Reasons: res.Missed,
		SHA256: AttemptDigest(attemptID, answers, res.Scores, res.Total)}
	if r.Reasons == nil {
		r.Reasons = []selection.Reason{}
	}
	return r, nil
}

const none = "—"

// CompareResult lists how a stored result, and the digest stored beside it
// (storedSHA, the sha256 column), differ from the re-scored one; nil when
// they agree. Parts are compared by sub-test, in the re-scored order, then
// any part only the stored result has. The reasons are not compared: they
// follow from the scores. It is a pure function.
func CompareResult(stored *AttemptResult, storedSHA string, rescored *AttemptResult) []Difference {
	var d []Difference
	add := func(what, s, r string) {
		if s != r {
			d = append(d, Difference{What: what, Stored: s, Rescored: r})
		}
	}
	itoa := strconv.Itoa
	btoa := strconv.FormatBool
	seen := make(map[string]bool, len(rescored.Scores))
	for _, r := range rescored.Scores {
		seen[r.Subtest] = true
		s, ok := findScore(stored.Scores, r.Subtest)
		if !ok {
			add("score."+r.Subtest, none, itoa(r.Score))
			continue
		}
		add("score."+r.Subtest, itoa(s.Score), itoa(r.Score))
		add("max."+r.Subtest, itoa(s.Max), itoa(r.Max))
	}
	for _, s := range stored.Scores {
		if !seen[s.Subtest] {
			add("score."+s.Subtest, itoa(s.Score), none)
		}
	}
	add("total", itoa(stored.Total), itoa(rescored.Total))
	add("max", itoa(stored.Max), itoa(rescored.Max))
	add("graded", btoa(stored.Graded), btoa(rescored.Graded))
	add("passed", btoa(stored.Passed), btoa(rescored.Passed))
	add("sha256", storedSHA, rescored.SHA256)
	add("result.sha256", stored.SHA256, rescored.SHA256)
	return d
}

func findScore(scores []SubtestScore, subtest string) (SubtestScore, bool) {
	for _, s := range scores {
		if s.Subtest == subtest {
			return s, true
		}
	}
	return SubtestScore{}, false
}

// String is the difference in one phrase: "total stored 300, rescored 305".
func (d Difference) String() string {
	s, r := d.Stored, d.Rescored
	if s == "" {
		s = `""`
	}
	if r == "" {
		r = `""`
	}
	return fmt.Sprintf("%s stored %s, rescored %s", d.What, s, r)
}
