package selection

import (
	"errors"
	"fmt"
	"strings"
)

// Category is an applicant's category in a formation; each has its own SKD
// passing grade.
type Category uint8

// Categories (KepmenPANRB 321/2024).
const (
	Umum Category = iota
	Cumlaude
	Diaspora
	Disabilitas
	Papua
	Tertinggal
	numCategories
)

var categoryNames = [numCategories]string{"umum", "cumlaude", "diaspora", "disabilitas", "papua", "tertinggal"}

// String returns the category as written in files: "umum", "cumlaude", ….
func (c Category) String() string {
	if c < numCategories {
		return categoryNames[c]
	}
	return fmt.Sprintf("Category(%d)", uint8(c))
}

// ParseCategory parses a category name exactly as String writes it.
func ParseCategory(s string) (Category, bool) { return parseCategory(s) }

func parseCategory[T text](s T) (Category, bool) {
	switch string(s) {
	case "umum":
		return Umum, true
	case "cumlaude":
		return Cumlaude, true
	case "diaspora":
		return Diaspora, true
	case "disabilitas":
		return Disabilitas, true
	case "papua":
		return Papua, true
	case "tertinggal":
		return Tertinggal, true
	}
	return 0, false
}

// Categories lists every category in the order of its constants.
func Categories() []Category {
	return []Category{Umum, Cumlaude, Diaspora, Disabilitas, Papua, Tertinggal}
}

func categoryList() string { return strings.Join(categoryNames[:], ", ") }

// Grade is the SKD passing grade of one category: every non-zero minimum must
// be met (score ≥ minimum). A zero minimum does not apply.
type Grade struct {
	TWK   int `json:"twk,omitempty"`
	TIU   int `json:"tiu,omitempty"`
	TKP   int `json:"tkp,omitempty"`
	Total int `json:"total,omitempty"`
}

// passes reports whether the scores meet every minimum of g.
func (g *Grade) passes(twk, tiu, tkp int) bool {
	return twk >= g.TWK && tiu >= g.TIU && tkp >= g.TKP && twk+tiu+tkp >= g.Total
}

// Scheme is a CPNS-style ranking scheme: the data of the rules. The code of
// the rules (the order of the stages, the tie-break chain, optimalisasi) is in
// Rank and RankCSV. Use [CPNS2024] or [LookupScheme]; a changed copy is
// checked by Validate before use.
type Scheme struct {
	Name string `json:"name"`
	// Maximum score of each SKD sub-test; the SKD maximum is their sum.
	MaxTWK int `json:"max_twk"`
	MaxTIU int `json:"max_tiu"`
	MaxTKP int `json:"max_tkp"`
	// ItemPoints is what one right TWK or TIU answer earns (wrong or blank: 0),
	// so a TWK or TIU score is a multiple of it. TKP options score 1–5, so any
	// whole TKP score is possible.
	ItemPoints int `json:"item_points"`
	// Grades holds each category's passing grade, indexed by Category.
	Grades [numCategories]Grade `json:"grades"`
	// CutMultiple × quota applicants of a formation go on to SKB.
	CutMultiple int `json:"cut_multiple"`
	// Final = WeightSKD% × (SKD / SKD maximum × 100) + WeightSKB% × SKB.
	WeightSKD int `json:"weight_skd"`
	WeightSKB int `json:"weight_skb"`
}

// CPNS2024 returns the national CPNS 2024 rules (PermenPANRB 6/2024,
// KepmenPANRB 321/2024): SKD maxima 150/175/225; general grade TWK ≥ 65, TIU
// ≥ 80, TKP ≥ 166; cumlaude and diaspora total ≥ 311 and TIU ≥ 85;
// disabilitas, papua and tertinggal total ≥ 286 and TIU ≥ 60; 3 × quota to
// SKB; final = 40% SKD/550×100 + 60% SKB.
func CPNS2024() Scheme {
	s := Scheme{
		Name:   "cpns-2024",
		MaxTWK: 150, MaxTIU: 175, MaxTKP: 225,
		ItemPoints:  5,
		CutMultiple: 3,
		WeightSKD:   40,
		WeightSKB:   60,
	}
	s.Grades[Umum] = Grade{TWK: 65, TIU: 80, TKP: 166}
	s.Grades[Cumlaude] = Grade{TIU: 85, Total: 311}
	s.Grades[Diaspora] = Grade{TIU: 85, Total: 311}
	s.Grades[Disabilitas] = Grade{TIU: 60, Total: 286}
	s.Grades[Papua] = Grade{TIU: 60, Total: 286}
	s.Grades[Tertinggal] = Grade{TIU: 60, Total: 286}
	return s
}

// ErrUnknownScheme is returned (wrapped) for a scheme name that LookupScheme
// does not know.
var ErrUnknownScheme = errors.New("unknown scheme")

// SchemeNames lists the schemes LookupScheme knows.
func SchemeNames() []string { return []string{"cpns-2024"} }

// LookupScheme returns the preset called name. Errors: ErrUnknownScheme.
func LookupScheme(name string) (Scheme, error) {
	switch name {
	case "cpns-2024":
		return CPNS2024(), nil
	}
	return Scheme{}, fmt.Errorf("%w %q (known: %s)", ErrUnknownScheme, name, strings.Join(SchemeNames(), ", "))
}

// Limits on scheme data that keep every integer computation far from
// overflow (see FinalScore).
const (
	maxSubtest  = 1000
	maxSKB      = 100 * DecimalOne // SKB is 0–100
	maxCutMult  = 100
	maxQuota    = 999_999_999
	maxIDLength = 100
	maxText     = 200
)

// Validate checks that s is usable. Errors name the first field at fault.
func (s *Scheme) Validate() error {
	switch {
	case s.Name == "":
		return errors.New("scheme: name is empty")
	case s.MaxTWK < 1 || s.MaxTWK > maxSubtest || s.MaxTIU < 1 || s.MaxTIU > maxSubtest || s.MaxTKP < 1 || s.MaxTKP > maxSubtest:
		return fmt.Errorf("scheme %s: sub-test maxima must be 1 to %d", s.Name, maxSubtest)
	case s.ItemPoints < 1 || s.MaxTWK%s.ItemPoints != 0 || s.MaxTIU%s.ItemPoints != 0:
		return fmt.Errorf("scheme %s: item_points must be at least 1 and divide the TWK and TIU maxima", s.Name)
	case s.CutMultiple < 1 || s.CutMultiple > maxCutMult:
		return fmt.Errorf("scheme %s: cut_multiple must be 1 to %d", s.Name, maxCutMult)
	case s.WeightSKD < 0 || s.WeightSKB < 0 || s.WeightSKD+s.WeightSKB != 100:
		return fmt.Errorf("scheme %s: weights must be whole percentages that sum to 100 (have %d + %d)", s.Name, s.WeightSKD, s.WeightSKB)
	}
	for c, g := range s.Grades {
		if g.TWK < 0 || g.TIU < 0 || g.TKP < 0 || g.Total < 0 || g.TWK > s.MaxTWK || g.TIU > s.MaxTIU || g.TKP > s.MaxTKP ||
			g.Total > s.maxSKD() {
			return fmt.Errorf("scheme %s: grade of %s is outside the score ranges", s.Name, Category(c))
		}
	}
	return nil
}

func (s *Scheme) maxSKD() int { return s.MaxTWK + s.MaxTIU + s.MaxTKP }

// FinalDenominator is the common denominator of every final score of s.
//
// Final = WeightSKD/100 × SKD/M × 100 + WeightSKB/100 × S/1000, where M is the
// SKD maximum and S the SKB in thousandths, equals
//
//	(WeightSKD·SKD·100000 + WeightSKB·S·M) / (M·100000).
//
// With Validate's limits (M ≤ 3000, SKD ≤ M, S ≤ 100000, weights ≤ 100) the
// numerator is at most 100·M·100000 ≤ 3·10^10 and the denominator ≤ 3·10^8,
// so numerators compare exactly in int64 with a margin of more than 10^8.
// For CPNS 2024 the denominator is 55 000 000.
func (s *Scheme) FinalDenominator() int64 { return int64(s.maxSKD()) * 100000 }

// FinalScore returns the numerator of the final score over
// FinalDenominator, for an SKD total and an SKB score. Two final scores are
// equal exactly when their numerators are.
func (s *Scheme) FinalScore(skd int, skb Decimal) int64 {
	return int64(s.WeightSKD)*int64(skd)*100000 + int64(s.WeightSKB)*int64(skb)*int64(s.maxSKD())
}

// FormatFinal formats a final score numerator with 3 decimals, rounded half
// up, as `asnpro rank` prints it.
func (s *Scheme) FormatFinal(num int64) string {
	return formatFixed3(num, s.FinalDenominator())
}

// Passes reports whether the SKD scores meet the passing grade of category c.
func (s *Scheme) Passes(c Category, twk, tiu, tkp int) bool {
	return c < numCategories && s.Grades[c].passes(twk, tiu, tkp)
}

// GradeReasons returns one CodeBelowGrade reason for each threshold of c's
// grade that the scores miss (TWK, TIU, TKP, total, in that order), with the
// shortfall; nil when the scores pass.
func (s *Scheme) GradeReasons(c Category, twk, tiu, tkp int) []Reason {
	if c >= numCategories {
		return nil
	}
	g := s.Grades[c]
	var out []Reason
	check := func(field string, v, min int) {
		if min > 0 && v < min {
			val, lim := intQuantity(int64(v)), intQuantity(int64(min))
			m := intQuantity(int64(v - min))
			out = append(
				out,
				Reason{Code: CodeBelowGrade, Stage: StageSKD, Field: field, Value: &val, Limit: &lim, Margin: &m, Category: c.String()},
			)
		}
	}
	check(FieldTWK, twk, g.TWK)
	check(FieldTIU, tiu, g.TIU)
	check(FieldTKP, tkp, g.TKP)
	check(FieldSKDTotal, twk+tiu+tkp, g.Total)
	return out
}
