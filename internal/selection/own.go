package selection

import (
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
)

// OwnScheme is the scheme of one of the city's own selections (open
// selection of senior officials, contract staff, internal promotion, the SKB
// tambahan …): weighted components, each scored 0–100 with up to 3
// decimals, and per-component minimums. It is plain data, stored as JSON per
// period; later parts add components (interview, psychotest) without code.
//
// A candidate absent from any component is TH. A candidate with a score below
// a component's minimum is TL, whatever the total. The others are ranked by
// the weighted total (exact), then by the TieBreak components, then by input
// order; the first quota are L (selected), the rest P (passed every minimum,
// outside the quota).
type OwnScheme struct {
	Name       string      `json:"name"`
	Components []Component `json:"components"`
	// TieBreak lists the component keys compared, higher score first, when
	// two totals are equal. Empty means every component, by descending
	// weight (listed order among equal weights).
	TieBreak []string `json:"tie_break,omitempty"`
}

// Component is one part of an own selection.
type Component struct {
	Key string `json:"key"` // stable identifier: a–z, 0–9 and _, starting with a letter, at most 40
	// Name is shown to people ("Wawancara terstruktur").
	Name string `json:"name"`
	// Weight in whole percent; the weights of a scheme sum to 100. A weight
	// of 0 makes a pass/fail component that only its Minimum counts for.
	Weight int `json:"weight"`
	// Minimum score (0–100); a lower score fails the candidate whatever the
	// total. 0 means no minimum.
	Minimum Decimal `json:"minimum"`
}

// Own-scheme result codes.
const (
	ResultL = "L" // selected: passed every minimum and ranked within the quota
)

// ParseOwnScheme reads a scheme from JSON and validates it. Errors: as
// Validate, or a JSON syntax error.
func ParseOwnScheme(b []byte) (OwnScheme, error) {
	var s OwnScheme
	if err := json.Unmarshal(b, &s); err != nil {
		return OwnScheme{}, fmt.Errorf("own scheme: %w", err)
	}
	return s, s.Validate()
}

func validKey(k string) bool {
	if len(k) == 0 || len(k) > 40 || k[0] < 'a' || k[0] > 'z' {
		return false
	}
	for i := 0; i < len(k); i++ {
		c := k[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

// Validate checks the scheme: at least one component, valid unique keys,
// names, weights 0–100 summing to exactly 100, minimums 0–100 and tie-break
// keys that name components. Errors: *InputError naming the component and
// field (maps to `invalid`).
func (s *OwnScheme) Validate() error {
	bad := func(item, col, msg string) error { return &InputError{Item: item, Column: col, Msg: msg} }
	if m := checkText(s.Name); m != "" {
		return bad("scheme", "name", m)
	}
	if len(s.Components) == 0 {
		return bad("scheme "+s.Name, "components", "a scheme needs at least one component")
	}
	sum := 0
	seen := make(map[string]bool, len(s.Components))
	for k, c := range s.Components {
		item := fmt.Sprintf("component %d", k+1)
		if !validKey(c.Key) {
			return bad(item, "key", fmt.Sprintf("%q must start with a letter and hold only a–z, 0–9 and _ (at most 40)", c.Key))
		}
		if seen[c.Key] {
			return bad(item, "key", fmt.Sprintf("%q is used twice", c.Key))
		}
		seen[c.Key] = true
		if m := checkText(c.Name); m != "" {
			return bad(item, "name", m)
		}
		if c.Weight < 0 || c.Weight > 100 {
			return bad(item, "weight", fmt.Sprintf("%d is out of range (0 to 100)", c.Weight))
		}
		if c.Minimum < 0 || c.Minimum > 100*DecimalOne {
			return bad(item, "minimum", fmt.Sprintf("%s is out of range (0 to 100)", c.Minimum))
		}
		sum += c.Weight
	}
	if sum != 100 {
		return bad("scheme "+s.Name, "weight", fmt.Sprintf("the weights sum to %d, not 100", sum))
	}
	tb := make(map[string]bool, len(s.TieBreak))
	for _, k := range s.TieBreak {
		if !seen[k] {
			return bad("scheme "+s.Name, "tie_break", fmt.Sprintf("%q is not a component", k))
		}
		if tb[k] {
			return bad("scheme "+s.Name, "tie_break", fmt.Sprintf("%q is listed twice", k))
		}
		tb[k] = true
	}
	return nil
}

// tieBreak returns the component indices compared after the total.
func (s *OwnScheme) tieBreak() []int {
	var out []int
	if len(s.TieBreak) > 0 {
		for _, k := range s.TieBreak {
			for i, c := range s.Components {
				if c.Key == k {
					out = append(out, i)
				}
			}
		}
		return out
	}
	for i := range s.Components {
		out = append(out, i)
	}
	slices.SortStableFunc(out, func(a, b int) int { return cmp.Compare(s.Components[b].Weight, s.Components[a].Weight) })
	return out
}

// Candidate is one candidate's scores in an own selection.
type Candidate struct {
	ID string `json:"id"`
	// Scores by component key, 0–100 with up to 3 decimals; a missing key
	// means the candidate did not take that component.
	Scores map[string]Decimal `json:"scores"`
	// Fails names, by component key, what the candidate failed inside a
	// component whatever its score (an assessment dimension below its
	// own minimum): such a candidate is TL. A component without a score
	// but with a failure was not taken because an earlier phase was failed
	// (Fails names it): the candidate is TL without a total, not TH.
	Fails map[string]string `json:"fails,omitempty"`
}

// OwnResult is one candidate's outcome.
type OwnResult struct {
	ID       string
	HasTotal bool     // took every component
	Total    Quantity // weighted total, exact; Text with 3 decimals, rounded half up
	Rank     int      // among those who passed every minimum; 0 otherwise
	Code     string   // L, P, TL or TH
}

// OwnRanking is the result of OwnScheme.Rank.
type OwnRanking struct {
	s      OwnScheme
	tie    []int
	quota  int
	ids    []string
	scores [][]int64 // per candidate, per component: thousandths, or -1 when absent
	totals []int64   // Σ weight × thousandths (over 100 000), -1 when absent
	codes  []string
	ranks  []int
	order  []int // passers in rank order
	fails  []map[string]string
}

// ownTotalDen is the denominator of a weighted total: weights are percent and
// scores thousandths, so Σ weight·score ≤ 100 · 100 000 = 10^7 is exact in int64.
const ownTotalDen = 100 * 1000

// Rank ranks candidates by s with quota places. Errors: *InputError naming
// the candidate and the component at fault (maps to `invalid`), or those of
// Validate.
func (s OwnScheme) Rank(cands []Candidate, quota int) (*OwnRanking, error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	if quota < 1 || quota > maxQuota {
		return nil, &InputError{Column: "quota", Msg: fmt.Sprintf("%d is out of range (1 to %d)", quota, maxQuota)}
	}
	r := &OwnRanking{s: s, tie: s.tieBreak(), quota: quota,
		ids: make([]string, len(cands)), scores: make([][]int64, len(cands)),
		totals: make([]int64, len(cands)), codes: make([]string, len(cands)), ranks: make([]int, len(cands)),
		fails: make([]map[string]string, len(cands))}
	keyIndex := make(map[string]int, len(s.Components))
	for i, c := range s.Components {
		keyIndex[c.Key] = i
	}
	seen := make(map[string]int, len(cands))
	for k, c := range cands {
		item := fmt.Sprintf("candidate %d", k+1)
		if m := checkID(c.ID); m != "" {
			return nil, &InputError{Item: item, Column: "id", Msg: m}
		}
		if first, dup := seen[c.ID]; dup {
			return nil, &InputError{Item: item, Column: "id", Msg: fmt.Sprintf("%q is also candidate %d", c.ID, first+1)}
		}
		seen[c.ID] = k
		for key, v := range c.Scores {
			if _, ok := keyIndex[key]; !ok {
				return nil, &InputError{Item: item, Column: key, Msg: fmt.Sprintf("%q is not a component of %s", key, s.Name)}
			}
			if v < 0 || v > 100*DecimalOne {
				return nil, &InputError{Item: item, Column: key, Msg: fmt.Sprintf("%s is out of range (0 to 100)", v)}
			}
		}
		for key := range c.Fails {
			if _, ok := keyIndex[key]; !ok {
				return nil, &InputError{Item: item, Column: key, Msg: fmt.Sprintf("%q is not a component of %s", key, s.Name)}
			}
		}
		r.ids[k], r.fails[k] = c.ID, c.Fails
		sc := make([]int64, len(s.Components))
		total, absent, below := int64(0), false, false
		for i, comp := range s.Components {
			v, ok := c.Scores[comp.Key]
			_, failed := c.Fails[comp.Key]
			switch {
			case !ok && failed: // not taken: an earlier phase was failed
				sc[i], below = -1, true
				continue
			case !ok:
				sc[i], absent = -1, true
				continue
			}
			sc[i] = int64(v)
			total += int64(comp.Weight) * int64(v)
			if v < comp.Minimum || failed {
				below = true
			}
		}
		r.scores[k] = sc
		switch {
		case absent:
			r.totals[k], r.codes[k] = -1, ResultTH
		case below && slices.Contains(sc, -1):
			r.totals[k], r.codes[k] = -1, ResultTL
		case below:
			r.totals[k], r.codes[k] = total, ResultTL
		default:
			r.totals[k] = total
			r.order = append(r.order, k)
		}
	}
	slices.SortFunc(r.order, r.compare)
	for pos, k := range r.order {
		r.ranks[k] = pos + 1
		if pos < quota {
			r.codes[k] = ResultL
		} else {
			r.codes[k] = ResultP
		}
	}
	return r, nil
}

func (r *OwnRanking) compare(a, b int) int {
	if c := cmp.Compare(r.totals[b], r.totals[a]); c != 0 {
		return c
	}
	for _, i := range r.tie {
		if c := cmp.Compare(r.scores[b][i], r.scores[a][i]); c != 0 {
			return c
		}
	}
	return cmp.Compare(a, b)
}

// Len returns the number of candidates.
func (r *OwnRanking) Len() int { return len(r.ids) }

// Result returns candidate i's outcome (i is its index in the input).
func (r *OwnRanking) Result(i int) OwnResult {
	o := OwnResult{ID: r.ids[i], Rank: r.ranks[i], Code: r.codes[i]}
	if r.totals[i] >= 0 {
		o.HasTotal = true
		o.Total = ratioQuantity(r.totals[i], ownTotalDen)
	}
	return o
}

// Explain returns the reasons behind candidate i's outcome: missing
// components, each minimum missed (by how much), the total and its parts, the
// rank against the quota and the neighbours directly ahead and behind (with
// the criterion that separated them).
func (r *OwnRanking) Explain(i int) Explanation {
	ex := Explanation{ID: r.ids[i], Outcome: r.codes[i]}
	add := func(rs ...Reason) { ex.Reasons = append(ex.Reasons, rs...) }
	for c, comp := range r.s.Components {
		v := r.scores[i][c]
		if what, failed := r.fails[i][comp.Key]; v < 0 && failed {
			add(Reason{Code: CodeFailedEarlier, Stage: StageOwn, Field: comp.Key, Other: what})
			continue
		}
		if v < 0 {
			add(Reason{Code: CodeComponentAbsent, Stage: StageOwn, Field: comp.Key})
			continue
		}
		if Decimal(v) < comp.Minimum {
			val, lim := decimalQuantity(Decimal(v)), decimalQuantity(comp.Minimum)
			m := val.sub(lim)
			add(Reason{Code: CodeBelowMinimum, Stage: StageOwn, Field: comp.Key, Value: &val, Limit: &lim, Margin: &m})
		}
		if what, failed := r.fails[i][comp.Key]; failed {
			add(Reason{Code: CodeFailedWithin, Stage: StageOwn, Field: comp.Key, Other: what})
		}
	}
	if r.totals[i] < 0 {
		return ex
	}
	t := ratioQuantity(r.totals[i], ownTotalDen)
	parts := make([]Part, 0, len(r.s.Components))
	for c, comp := range r.s.Components {
		parts = append(parts, Part{Field: comp.Key, Value: decimalQuantity(Decimal(r.scores[i][c])), Weight: comp.Weight})
	}
	add(Reason{Code: CodeTotal, Stage: StageOwn, Field: FieldTotal, Value: &t, Parts: parts})
	if r.ranks[i] == 0 {
		return ex
	}
	q := Reason{Stage: StageOwn, Rank: r.ranks[i], Cut: r.quota, Of: len(r.order)}
	if r.ranks[i] <= r.quota {
		q.Code = CodeWithinQuota
	} else {
		q.Code = CodeOutsideQuota
	}
	add(q)
	pos := r.ranks[i] - 1
	if pos > 0 {
		add(r.against(CodeBehind, i, r.order[pos-1]))
	}
	if pos+1 < len(r.order) {
		add(r.against(CodeAheadOf, i, r.order[pos+1]))
	}
	return ex
}

func (r *OwnRanking) against(code Code, a, b int) Reason {
	res := Reason{Code: code, Stage: StageOwn, Other: r.ids[b]}
	set := func(field string, step int, va, vb Quantity) Reason {
		res.Field, res.Step, res.Value, res.Limit = field, step, &va, &vb
		if va.IsNumber() {
			m := va.sub(vb)
			res.Margin = &m
		}
		return res
	}
	if r.totals[a] != r.totals[b] {
		return set(FieldTotal, 0, ratioQuantity(r.totals[a], ownTotalDen), ratioQuantity(r.totals[b], ownTotalDen))
	}
	for step, c := range r.tie {
		if va, vb := r.scores[a][c], r.scores[b][c]; va != vb {
			return set(r.s.Components[c].Key, step+1, decimalQuantity(Decimal(va)), decimalQuantity(Decimal(vb)))
		}
	}
	return set(FieldInputOrder, len(r.tie)+1, intQuantity(int64(a)+1), intQuantity(int64(b)+1))
}
