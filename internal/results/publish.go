package results

import (
	"context"
	"encoding/json"
	"slices"
	"strconv"
	"strings"

	"asnpro/internal/apperr"
	"asnpro/internal/recruitment"
	"asnpro/internal/selection"
	"asnpro/internal/verification"
)

// ErrNoSKBYet: the final list asked for while no SKB score is in.
var ErrNoSKBYet = apperr.E(apperr.FailedPrecondition, "results.no_skb_yet")

// StageItems is a period's SKD or final list as the rules engine ranks it
// now (Compute), for package verification to publish: every candidate by
// formation code, then rank (the stage's; the unranked after, by
// registration number), with the stage's columns (verification.StageColumns),
// the result code and the explanation, names masked and neighbours named by
// registration number. Errors: Compute's; invalid (stage); failed_precondition
// (ErrNoSKBYet).
func (s *Service) StageItems(ctx context.Context, periodID int64, stage string) ([]verification.Item, error) {
	if stage != StageSKD && stage != StageFinal {
		return nil, apperr.InvalidMsgs(map[string]apperr.Msg{"stage": apperr.M("results.stage")})
	}
	c, err := s.Compute(ctx, periodID)
	if err != nil {
		return nil, err
	}
	if stage == StageSKD && c.own != nil {
		return nil, ErrOwnNoSKD
	}
	if stage == StageFinal && c.Stage != StageFinal {
		return nil, ErrNoSKBYet
	}
	return c.items(stage, c.Order(stage), 1)
}

// StagePage is one page of the list the period's scores make now (the
// final list once an SKB score is in, the SKD list before): its stage, the
// rows of order[offset:offset+limit] exactly as StageItems makes them, and
// how many rows the whole list has. Only the page's rows are made (names
// masked, explanations encoded), the ranking being of the whole period.
// The computation and its order are kept between calls while nothing
// they read changes (cache.go). Errors: Compute's.
func (s *Service) StagePage(ctx context.Context, periodID int64, offset, limit int) (string, []verification.Item, int, error) {
	k, err := s.computeKept(ctx, periodID)
	if err != nil {
		return "", nil, 0, err
	}
	offset = min(max(0, offset), len(k.order))
	items, err := k.c.itemsOf(k.c.Stage, k.order[offset:min(len(k.order), offset+max(0, limit))], offset+1, k.numbers, k.codes)
	return k.c.Stage, items, len(k.order), err
}

// items makes the rows of a stage's list for the candidates order lists,
// numbered from first.
func (c *Computation) items(stage string, order []int, first int) ([]verification.Item, error) {
	numbers, codes := c.labels()
	return c.itemsOf(stage, order, first, numbers, codes)
}

// labels are the registration numbers of the candidates and the codes of
// their formations, by the IDs the rules engine knows them by.
func (c *Computation) labels() (numbers, codes map[string]string) {
	numbers = make(map[string]string, len(c.Candidates))
	codes = map[string]string{}
	for _, cd := range c.Candidates {
		numbers[strconv.FormatInt(cd.ApplicationID, 10)] = cd.RegistrationNumber
		codes[strconv.FormatInt(cd.FormationID, 10)] = cd.FormationCode
	}
	return numbers, codes
}

// itemsOf is items with the labels made.
func (c *Computation) itemsOf(stage string, order []int, first int, numbers, codes map[string]string) ([]verification.Item, error) {
	items := make([]verification.Item, 0, len(order))
	for _, i := range order {
		cd := c.Candidates[i]
		it := verification.Item{No: first + len(items), ApplicationID: cd.ApplicationID, RegistrationNumber: cd.RegistrationNumber,
			Name: recruitment.MaskName(cd.Name), FormationCode: cd.FormationCode, Position: cd.Position, Unit: cd.Unit}
		var ex selection.Explanation
		var o selection.Outcome
		switch {
		case c.own != nil:
			it.Result, it.Extra, ex = c.own[i].result.Code, ownColumns(c.own[i]), c.ownExplanation(c.own[i])
		case stage == StageSKD:
			o, ex = c.Ranking.Outcome(i), c.Ranking.Explain(i)
			it.Result = o.SKDCode
			it.Extra = skdColumns(cd, o)
			ex.Outcome = o.SKDCode
			ex.Reasons = slices.DeleteFunc(ex.Reasons, func(r selection.Reason) bool { return r.Stage != selection.StageSKD })
		default:
			o, ex = c.Ranking.Outcome(i), c.Ranking.Explain(i)
			it.Result = o.FinalCode
			it.Extra = finalColumns(cd, o, codes)
			ex.Reasons = c.withSKBParts(cd, ex.Reasons)
		}
		ex.ID = cd.RegistrationNumber
		for k := range ex.Reasons {
			if n, ok := numbers[ex.Reasons[k].Other]; ok {
				ex.Reasons[k].Other = n
			}
			if f, ok := codes[ex.Reasons[k].Formation]; ok {
				ex.Reasons[k].Formation = f
			}
		}
		b, err := json.Marshal(ex)
		if err != nil {
			return nil, err
		}
		it.Explanation = string(b)
		items = append(items, it)
	}
	return items, nil
}

// Order is the order of a stage's list: candidates by formation code,
// then by the stage's rank, the unranked after them by registration
// number.
func (c *Computation) Order(stage string) []int {
	order := make([]int, len(c.Candidates))
	for i := range order {
		order[i] = i
	}
	rank := func(i int) int {
		if c.own != nil {
			if r := c.own[i].result.Rank; r > 0 {
				return r
			}
			return 1 << 30
		}
		o := c.Ranking.Outcome(i)
		r := o.SKDRank
		if stage == StageFinal && o.HasFinal {
			r = o.FinalRank
		} else if stage == StageFinal {
			r = 0
		}
		if r == 0 {
			return 1 << 30
		}
		return r
	}
	slices.SortStableFunc(order, func(a, b int) int {
		ca, cb := &c.Candidates[a], &c.Candidates[b]
		if x := strings.Compare(ca.FormationCode, cb.FormationCode); x != 0 {
			return x
		}
		if x := rank(a) - rank(b); x != 0 {
			return x
		}
		return strings.Compare(ca.RegistrationNumber, cb.RegistrationNumber)
	})
	return order
}

// skdColumns: twk, tiu, tkp, skd_total, skd_rank ("" where absent or
// unranked).
func skdColumns(cd Candidate, o selection.Outcome) []string {
	if !cd.SKD.Present {
		return []string{"", "", "", "", ""}
	}
	rank := ""
	if o.SKDRank > 0 {
		rank = strconv.Itoa(o.SKDRank)
	}
	return []string{strconv.Itoa(cd.SKD.TWK), strconv.Itoa(cd.SKD.TIU), strconv.Itoa(cd.SKD.TKP), strconv.Itoa(o.SKDTotal), rank}
}

// finalColumns: skd_total, skb, final_score, final_rank, placed_formation.
func finalColumns(cd Candidate, o selection.Outcome, codes map[string]string) []string {
	out := []string{"", "", "", "", ""}
	if cd.SKD.Present {
		out[0] = strconv.Itoa(o.SKDTotal)
	}
	if cd.SKB != nil && cd.SKB.Present {
		out[1] = selection.Decimal(cd.SKB.Milli).String()
	}
	if o.HasFinal {
		out[2], out[3] = o.FinalScore.Text, strconv.Itoa(o.FinalRank)
	}
	if o.PlacedFormationID != "" {
		out[4] = codes[o.PlacedFormationID]
	}
	return out
}

// withSKBParts adds, after the final score's reason, what the candidate's
// SKB score is made of when the SKB has an additional test.
func (c *Computation) withSKBParts(cd Candidate, rs []selection.Reason) []selection.Reason {
	if cd.skbParts == nil || cd.SKB == nil || !cd.SKB.Present {
		return rs
	}
	v := selection.DecimalQuantity(selection.Decimal(cd.SKB.Milli))
	r := selection.Reason{Code: selection.CodeSKBParts, Stage: selection.StageFinal, Field: selection.FieldSKB, Value: &v,
		Parts: []selection.Part{
			{Field: "skb_cat", Value: selection.DecimalQuantity(selection.Decimal(cd.skbParts[0])), Weight: c.skbScheme.CATWeight},
			{Field: c.skbScheme.ExtraName, Value: selection.DecimalQuantity(selection.Decimal(cd.skbParts[1])), Weight: c.skbScheme.ExtraWeight},
		}}
	for k := range rs {
		if rs[k].Code == selection.CodeFinalScore {
			return slices.Insert(slices.Clone(rs), k+1, r)
		}
	}
	return rs
}
