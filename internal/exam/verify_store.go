package exam

import (
	"context"
	"database/sql"
	"encoding/json"
	"strconv"
	"strings"

	"asnpro/internal/selection"
	"asnpro/internal/sqldb"
)

// verifyBatch is how many attempts VerifyAttempts reads at a time: two
// queries a batch (the attempts, then their answers), and memory bounded by
// one batch's papers.
const verifyBatch = 1000

// verified is one finished attempt as VerifyAttempts reads it.
type verified struct {
	id         int64
	paper      *Paper
	category   selection.Category
	answers    []Answer
	result     *AttemptResult
	sha256     string
	blueprint  int64
	unreadable []Difference // what could not be read; not re-scored then
	stray      []Difference // answers the paper has no item for
}

// VerifyAttempts re-scores every finished attempt that f selects, in
// batches by ID: each with Score, from its stored paper, its saved answers
// and its blueprint's passing rule, and its digest with AttemptDigest; and
// compares both with the stored result and digest (CompareResult). An
// attempt whose paper, result, category or answers cannot be read is a
// mismatch too. It only reads. Errors: not_found (ErrBankNotFound, for a
// filter's bank that does not exist).
func (s *Service) VerifyAttempts(ctx context.Context, f VerifyFilter) (*VerifyReport, error) {
	return s.verifyAttempts(ctx, f, verifyBatch)
}

func (s *Service) verifyAttempts(ctx context.Context, f VerifyFilter, size int) (*VerifyReport, error) {
	if f.BankID != 0 {
		if _, err := s.FindBank(ctx, f.BankID); err != nil {
			return nil, err
		}
	}
	rep := &VerifyReport{}
	schemes := map[int64]*selection.Scheme{}
	var after int64
	for {
		batch, err := s.readVerifyBatch(ctx, f, after, size, schemes)
		if err != nil {
			return nil, err
		}
		for _, v := range batch {
			rep.Checked++
			if d := v.check(); d != nil {
				rep.Mismatches = append(rep.Mismatches, Mismatch{AttemptID: v.id, Diffs: d})
			}
		}
		if len(batch) < size {
			return rep, nil
		}
		after = batch[len(batch)-1].id
	}
}

// check re-scores v and compares; nil when it matches.
func (v *verified) check() []Difference {
	if v.unreadable != nil {
		return v.unreadable
	}
	r, err := Rescore(v.id, v.paper, v.answers, v.category)
	if err != nil {
		return append(v.stray, Difference{What: "answers", Stored: err.Error(), Rescored: none})
	}
	return append(v.stray, CompareResult(v.result, v.sha256, r)...)
}

// verifyWhere is the condition on exam_attempts a that f and the batch's
// start give, and its arguments ($1 is the batch's start).
func verifyWhere(f VerifyFilter, after int64) (string, []any) {
	where := `a.finished_at IS NOT NULL AND a.id > $1`
	args := []any{after}
	if f.BankID != 0 {
		args = append(args, f.BankID)
		where += ` AND a.bank_id = $` + strconv.Itoa(len(args))
	}
	return where, args
}

// readVerifyBatch reads the next size finished attempts after ID
// after, with their answers: two queries.
func (s *Service) readVerifyBatch(ctx context.Context, f VerifyFilter, after int64, size int,
	schemes map[int64]*selection.Scheme) ([]*verified, error) {
	where, args := verifyWhere(f, after)
	var batch []*verified
	index := make(map[int64]*verified, size)
	err := sqldb.RunQuery(ctx, s.db.R, `SELECT a.id, a.blueprint_id, a.paper, a.category, a.result, a.sha256 FROM exam_attempts a
WHERE `+where+` ORDER BY a.id LIMIT `+strconv.Itoa(size),
		func(r *sql.Rows) error {
			v, err := scanVerified(r)
			if err != nil {
				return err
			}
			batch = append(batch, v)
			index[v.id] = v
			return nil
		}, args...)
	if err != nil {
		return nil, sqldb.Translate(err, "read finished attempts")
	}
	if len(batch) == 0 {
		return nil, nil
	}
	if err := s.attachSchemes(ctx, batch, schemes); err != nil {
		return nil, err
	}
	filtered := len(args) > 1
	args = append(args, batch[len(batch)-1].id)
	// One row an attempt, "NO" and the label for each answer ("1A,2C,…"):
	// 10,000 rows, not a million, for 10,000 attempts of 110 items.
	q := `SELECT n.attempt_id, string_agg(n.no || n.option, ',') FROM exam_answers n WHERE n.attempt_id > $1 AND n.attempt_id <= $` +
		strconv.Itoa(len(args)) + ` AND n.option IS NOT NULL`
	if filtered {
		// Only the filter's attempts: the IDs of a sparse bank's batch span many others.
		q += ` AND n.attempt_id IN (SELECT a.id FROM exam_attempts a WHERE ` + where + `)`
	}
	err = sqldb.RunQuery(ctx, s.db.R, q+` GROUP BY n.attempt_id`, func(r *sql.Rows) error {
		var id int64
		var list string
		if err := r.Scan(&id, &list); err != nil {
			return err
		}
		if v, ok := index[id]; ok && v.paper != nil { // else not finished, or its paper unreadable
			v.setAnswers(list)
		}
		return nil
	}, args...)
	if err != nil {
		return nil, sqldb.Translate(err, "read finished attempts' answers")
	}
	return batch, nil
}

// setAnswers reads v's saved answers from list, "NO" and the label of each
// ("1A,2C,…", any order); an answer the paper has no item for is noted.
func (v *verified) setAnswers(list string) {
	for len(list) > 0 {
		one, rest, _ := strings.Cut(list, ",")
		list = rest
		k := len(one) - 1
		no, err := strconv.Atoi(one[:max(k, 0)])
		a, ok := Blank, false
		if k >= 0 {
			a, ok = ParseAnswer(one[k:])
		}
		if err != nil || !ok || a == Blank || no < 1 || no > len(v.answers) {
			v.stray = append(v.stray, Difference{What: "answer", Stored: one,
				Rescored: "not on the paper (" + strconv.Itoa(len(v.answers)) + " items)"})
			continue
		}
		v.answers[no-1] = a
	}
}

// scanVerified reads one row of readVerifyBatch's first query; what cannot
// be read is noted in unreadable, not returned as an error.
func scanVerified(r *sql.Rows) (*verified, error) {
	var v verified
	var paper, category, result string
	if err := r.Scan(&v.id, &v.blueprint, &paper, &category, &result, &v.sha256); err != nil {
		return nil, err
	}
	bad := func(what, why string) {
		v.unreadable = append(v.unreadable, Difference{What: what, Stored: "unreadable: " + why, Rescored: none})
	}
	if sp, err := decodePaper(paper); err != nil {
		bad("paper", err.Error())
	} else {
		v.paper = &Paper{Parts: sp.Parts, Items: sp.Items, Pool: sp.Pool}
		v.answers = make([]Answer, len(sp.Items))
	}
	// Without the reasons, which are not compared: encoding/json skips them.
	var sr struct {
		Scores []SubtestScore `json:"scores"`
		Total  int            `json:"total"`
		Max    int            `json:"max"`
		Graded bool           `json:"graded"`
		Passed bool           `json:"passed"`
		SHA256 string         `json:"sha256"`
	}
	if result == "" {
		bad("result", "empty")
	} else if err := json.Unmarshal([]byte(result), &sr); err != nil {
		bad("result", err.Error())
	}
	v.result = &AttemptResult{Scores: sr.Scores, Total: sr.Total, Max: sr.Max, Graded: sr.Graded, Passed: sr.Passed, SHA256: sr.SHA256}
	var ok bool
	if v.category, ok = selection.ParseCategory(category); !ok {
		bad("category", strconv.Quote(category))
	}
	return &v, nil
}

// attachSchemes gives each paper of batch its blueprint's passing rule (nil:
// none), reading each blueprint once (schemes keeps them).
func (s *Service) attachSchemes(ctx context.Context, batch []*verified, schemes map[int64]*selection.Scheme) error {
	for _, v := range batch {
		if v.paper == nil {
			continue
		}
		sc, ok := schemes[v.blueprint]
		if !ok {
			b, err := s.FindBlueprint(ctx, v.blueprint)
			if err != nil {
				return err
			}
			if b.Passing != nil {
				x, err := b.scheme()
				if err != nil {
					return err
				}
				sc = &x
			}
			schemes[v.blueprint] = sc
		}
		v.paper.Scheme = sc
	}
	return nil
}
