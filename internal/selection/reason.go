package selection

import (
	"fmt"
	"strings"
)

// Code identifies a kind of reason. Codes are stable: web pages, exports and
// translations key on them, so a code is never renamed or reused.
type Code string

// Reason codes. The fields of Reason that each code fills are listed beside it.
const (
	// SKD stage (CPNS).
	CodeSKDAbsent   Code = "skd_absent"   // TH: did not sit the SKD.
	CodeBelowGrade  Code = "below_grade"  // TL: Field is below the category's grade; Value, Limit, Margin (negative), Category.
	CodePassedGrade Code = "passed_grade" // met every threshold of Category.
	CodeWithinCut   Code = "within_cut"   // P/L: SKD Rank ≤ Cut (= 3 × quota) of Of ranked in the formation.
	CodeTiedAtCut   Code = "tied_at_cut"  // P/L: SKD Rank > Cut, but equal to Other, the last within the cut, on SKD total, TKP, TIU and TWK.
	CodeOutsideCut  Code = "outside_cut"  // P: SKD Rank > Cut and not tied with the last within it.

	// SKB and final stage (CPNS).
	CodeSKBAbsent     Code = "skb_absent"      // TH at SKB: qualified but did not sit it.
	CodeSKBNotReached Code = "skb_not_reached" // did not qualify for SKB; the final code repeats the SKD code.
	CodeFinalScore    Code = "final_score"     // Value is the final score; Parts are the SKD total and the SKB with their weights.
	// CodeSKBParts: the SKB score Value is made of the SKB CAT and an
	// additional test (Parts, with their weights; results.SKBScheme).
	CodeSKBParts     Code = "skb_parts"
	CodeWithinQuota  Code = "within_quota"  // P/L (or L): final Rank ≤ Cut (= quota) of Of.
	CodeOutsideQuota Code = "outside_quota" // TL (or P in an own scheme): final Rank > Cut.
	CodeOptimalisasi Code = "optimalisasi"  // P/L-2: placed in Formation (same position and education), Rank in the pool.
	// TL and no formation with a free place, the same position and
	// education and a grade they meet took them.
	CodeNotPlaced Code = "not_placed"

	// Neighbours, in any ranked list (Stage says which list).
	// Ranked directly ahead of Other; Field is the first criterion that
	// differs (Step 0 = the main score, ≥ 1 = a tie-break), Value = own,
	// Limit = Other's.
	CodeAheadOf Code = "ahead_of"
	CodeBehind  Code = "behind" // ranked directly behind Other; same fields as CodeAheadOf.

	// Own schemes.
	CodeComponentAbsent Code = "component_absent" // no score for component Field.
	CodeBelowMinimum    Code = "below_minimum"    // component Field: Value below the minimum Limit, Margin (negative).
	CodeTotal           Code = "total"            // Value is the weighted total; Parts are the component scores with their weights.
	// CodeFailedWithin: component Field was failed inside (an assessment
	// dimension below its own minimum); Other names what failed.
	CodeFailedWithin Code = "failed_within"
	// CodeFailedEarlier: component Field was not taken because an earlier
	// phase was failed (a TL without a total); Other names that phase.
	CodeFailedEarlier Code = "failed_earlier"
)

// Stage names the step of a selection a reason belongs to.
type Stage string

// Stages.
const (
	StageSKD          Stage = "skd"
	StageSKB          Stage = "skb"
	StageFinal        Stage = "final"
	StageOptimalisasi Stage = "optimalisasi"
	StageOwn          Stage = "own"
)

// Criteria a reason may name in Field. Own schemes use their component keys.
const (
	FieldTWK        = "twk"
	FieldTIU        = "tiu"
	FieldTKP        = "tkp"
	FieldSKDTotal   = "skd_total"
	FieldSKB        = "skb"
	FieldFinalScore = "final_score"
	FieldIPK        = "ipk"
	FieldBirthDate  = "birth_date"
	// Equal on every criterion: the earlier row goes first (value and
	// limit: lines in a file, else 1-based positions).
	FieldInputOrder = "input_order"
	FieldTotal      = "total"
)

// Reason is one fact of an explanation, in data: a page renders it from Code
// and the fields that code fills, in its own language. Quantities are exact.
type Reason struct {
	Code      Code      `json:"code"`
	Stage     Stage     `json:"stage"`
	Field     string    `json:"field,omitempty"`
	Step      int       `json:"step,omitempty"` // position of Field in the tie-break chain (0 = main score)
	Value     *Quantity `json:"value,omitempty"`
	Limit     *Quantity `json:"limit,omitempty"`
	Margin    *Quantity `json:"margin,omitempty"` // Value − Limit
	Rank      int       `json:"rank,omitempty"`
	Cut       int       `json:"cut,omitempty"`
	Of        int       `json:"of,omitempty"`
	Other     string    `json:"other,omitempty"`     // the neighbour's applicant/candidate ID
	Category  string    `json:"category,omitempty"`  // the applicant's category, for grade reasons
	Formation string    `json:"formation,omitempty"` // the formation concerned (optimalisasi: the one that took them)
	Parts     []Part    `json:"parts,omitempty"`     // what a score is made of
}

// Part is one weighted part of a score: Field's Value counts Weight percent.
type Part struct {
	Field  string   `json:"field"`
	Value  Quantity `json:"value"`
	Weight int      `json:"weight"`
}

// String renders r in plain English, for logs, tests and the command line.
// Pages should render from the fields instead.
func (r Reason) String() string {
	q := func(p *Quantity) string {
		if p == nil {
			return "?"
		}
		return p.Text
	}
	switch r.Code {
	case CodeSKDAbsent:
		return "absent at SKD (TH)"
	case CodeBelowGrade:
		return fmt.Sprintf(
			"%s %s is below the %s passing grade %s (short by %s)",
			r.Field,
			q(r.Value),
			r.Category,
			q(r.Limit),
			strings.TrimPrefix(q(r.Margin), "-"),
		)
	case CodePassedGrade:
		return fmt.Sprintf("met the %s passing grade", r.Category)
	case CodeWithinCut:
		return fmt.Sprintf("SKD rank %d of %d, within the cut of %d (3 × quota): goes to SKB (P/L)", r.Rank, r.Of, r.Cut)
	case CodeTiedAtCut:
		return fmt.Sprintf(
			"SKD rank %d of %d, outside the cut of %d (3 × quota) but tied with %s, the last within it, on SKD total, TKP, TIU "+
				"and TWK: goes to SKB (P/L)",
			r.Rank,
			r.Of,
			r.Cut,
			r.Other,
		)
	case CodeOutsideCut:
		return fmt.Sprintf("SKD rank %d of %d, outside the cut of %d (3 × quota): P", r.Rank, r.Of, r.Cut)
	case CodeSKBAbsent:
		return "qualified for SKB but absent (TH)"
	case CodeSKBNotReached:
		return "did not reach SKB"
	case CodeFinalScore:
		return fmt.Sprintf("final score %s", q(r.Value))
	case CodeWithinQuota:
		return fmt.Sprintf("final rank %d of %d, within the quota of %d", r.Rank, r.Of, r.Cut)
	case CodeOutsideQuota:
		return fmt.Sprintf("final rank %d of %d, outside the quota of %d", r.Rank, r.Of, r.Cut)
	case CodeOptimalisasi:
		return fmt.Sprintf("placed by optimalisasi in formation %s (P/L-2), %d in the pool", r.Formation, r.Rank)
	case CodeNotPlaced:
		return "not placed: no formation with a free place, the same position and education and a passing grade the applicant meets was left"
	case CodeAheadOf, CodeBehind:
		rel := "ahead of"
		if r.Code == CodeBehind {
			rel = "behind"
		}
		if r.Field == FieldInputOrder {
			return fmt.Sprintf("%s: %s %s, equal on every criterion, decided by input order", r.Stage, rel, r.Other)
		}
		how := "by"
		if r.Step > 0 {
			how = "tie broken by"
		}
		return fmt.Sprintf("%s: %s %s %s %s (%s against %s)", r.Stage, rel, r.Other, how, r.Field, exactText(r.Value), exactText(r.Limit))
	case CodeComponentAbsent:
		return fmt.Sprintf("no score for %s", r.Field)
	case CodeBelowMinimum:
		return fmt.Sprintf("%s %s is below the minimum %s (short by %s)", r.Field, q(r.Value), q(r.Limit), strings.TrimPrefix(q(r.Margin), "-"))
	case CodeTotal:
		return fmt.Sprintf("total %s", q(r.Value))
	case CodeSKBParts:
		return fmt.Sprintf("SKB %s = %s", q(r.Value), partsText(r.Parts))
	case CodeFailedWithin:
		return fmt.Sprintf("%s failed: %s", r.Field, r.Other)
	case CodeFailedEarlier:
		return fmt.Sprintf("%s not taken: failed the earlier phase %s", r.Field, r.Other)
	}
	return string(r.Code)
}

// exactText shows the display text, and the exact value as well when the
// display text rounds it.
func exactText(p *Quantity) string {
	if p == nil {
		return "?"
	}
	if e := p.Exact(); p.IsNumber() && e != p.Text && !sameDecimal(e, p.Text) {
		return p.Text + " = " + e
	}
	return p.Text
}

// sameDecimal reports whether two decimal texts denote the same number
// ("77.100" and "77.1").
func sameDecimal(a, b string) bool {
	trim := func(s string) string {
		if strings.Contains(s, ".") {
			s = strings.TrimRight(s, "0")
			s = strings.TrimSuffix(s, ".")
		}
		return s
	}
	return trim(a) == trim(b)
}

// Explanation is everything that decided one applicant's or candidate's
// outcome, in order of the rules.
type Explanation struct {
	ID      string   `json:"id"`
	Outcome string   `json:"outcome"` // the final result code (P/L, P/L-2, TL, P, TH; L for own schemes)
	Reasons []Reason `json:"reasons"`
}

// String renders the explanation in plain English, one reason per line.
func (e Explanation) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s", e.ID, e.Outcome)
	for _, r := range e.Reasons {
		b.WriteString("\n  - ")
		b.WriteString(r.String())
	}
	return b.String()
}

// Has reports whether the explanation contains a reason with code c.
func (e Explanation) Has(c Code) bool {
	for _, r := range e.Reasons {
		if r.Code == c {
			return true
		}
	}
	return false
}

// partsText lists weighted parts: "a 80 × 70 %, b 90 × 30 %".
func partsText(ps []Part) string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = fmt.Sprintf("%s %s × %d %%", p.Field, p.Value.Text, p.Weight)
	}
	return strings.Join(out, ", ")
}
