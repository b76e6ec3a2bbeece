package web

import (
	"encoding/json"
	"strconv"
	"strings"

	"asnpro/internal/i18n"
	"asnpro/internal/selection"
)

// explanation is a list's explanation of one row, in words.
type explanation struct {
	Outcome string   // the result code
	Reasons []string // each fact, in order of the rules
}

// explain renders a stored explanation (selection.Explanation as JSON) in
// lang; "" gives nothing.
func explain(lang, stored string) (*explanation, error) {
	if stored == "" {
		return nil, nil
	}
	var ex selection.Explanation
	if err := json.Unmarshal([]byte(stored), &ex); err != nil {
		return nil, err
	}
	out := &explanation{Outcome: ex.Outcome}
	for _, r := range ex.Reasons {
		out.Reasons = append(out.Reasons, reasonText(lang, r))
	}
	return out, nil
}

// reasonText is one reason of the rules engine in lang, from its code and
// fields (results.reason.<code>).
func reasonText(lang string, r selection.Reason) string {
	q := func(p *selection.Quantity) string {
		if p == nil {
			return "?"
		}
		t := p.Text
		if lang != i18n.EN {
			t = strings.Replace(t, ".", ",", 1)
		}
		return t
	}
	field := func(f string) string {
		if i18n.Has("results.field." + f) {
			return i18n.T(lang, "results.field."+f)
		}
		return f
	}
	parts := make([]string, len(r.Parts))
	for k, pt := range r.Parts {
		parts[k] = field(pt.Field) + " " + q(&pt.Value) + " × " + strconv.Itoa(pt.Weight) + " %"
	}
	key := "results.reason." + string(r.Code)
	if (r.Code == selection.CodeAheadOf || r.Code == selection.CodeBehind) && r.Step > 0 {
		key += ".tie"
	}
	if !i18n.Has(key) {
		return r.String()
	}
	return i18n.T(lang, key, "field", field(r.Field), "value", q(r.Value), "limit", q(r.Limit),
		"short", strings.TrimPrefix(q(r.Margin), "-"), "category", i18n.Name(lang, i18n.CodeCategory, r.Category),
		"rank", r.Rank, "of", r.Of, "cut", r.Cut, "other", r.Other, "formation", r.Formation, "stage", field(string(r.Stage)),
		"parts", strings.Join(parts, "; "))
}
