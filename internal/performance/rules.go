package performance

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// The rules of PermenPANRB 6/2022 as plain functions: the 3 × 3 matrix that
// gives the predikat, the distribution curve a unit's annual results must
// fit, and the evaluation periods.

// Ratings of hasil kerja and perilaku kerja.
const (
	Above = "above" // Di Atas Ekspektasi
	Meets = "meets" // Sesuai Ekspektasi
	Below = "below" // Di Bawah Ekspektasi
)

// Ratings lists the ratings in the order forms offer them.
var Ratings = []string{Above, Meets, Below}

// Predikat of an employee's performance; a unit's own predikat adds Istimewa.
const (
	SangatBaik     = "sangat_baik"
	Baik           = "baik"
	ButuhPerbaikan = "butuh_perbaikan"
	Kurang         = "kurang" // Kurang/Misconduct
	SangatKurang   = "sangat_kurang"
	Istimewa       = "istimewa" // a unit's predikat only
)

// PredikatNames are the official names of the predikat (terms of art,
// the same in both languages).
var PredikatNames = map[string]string{SangatBaik: "Sangat Baik", Baik: "Baik", ButuhPerbaikan: "Butuh Perbaikan",
	Kurang: "Kurang/Misconduct", SangatKurang: "Sangat Kurang", Istimewa: "Istimewa"}

// Predikats lists an employee's predikat, best first.
var Predikats = []string{SangatBaik, Baik, ButuhPerbaikan, Kurang, SangatKurang}

// UnitPredikats lists a unit's own predikat, best first.
var UnitPredikats = []string{Istimewa, Baik, ButuhPerbaikan, Kurang, SangatKurang}

// Predikat is the matrix of PermenPANRB 6/2022 (hasil kerja × perilaku
// kerja); "" when a rating is not one of Ratings.
func Predikat(hasil, perilaku string) string {
	switch {
	case !validRating(hasil) || !validRating(perilaku):
		return ""
	case hasil == Below && perilaku == Below:
		return SangatKurang
	case hasil == Below:
		return ButuhPerbaikan
	case perilaku == Below:
		return Kurang
	case hasil == Above && perilaku == Above:
		return SangatBaik
	}
	return Baik
}

func validRating(r string) bool { return r == Above || r == Meets || r == Below }

// Low reports whether a predikat calls for a coaching plan (pembinaan).
func Low(p string) bool { return p == ButuhPerbaikan || p == Kurang || p == SangatKurang }

// Curve rules, by the unit's own predikat (DESIGN §6). A rule names the
// employees' predikat it counts and a bound in per cent.
const (
	RuleMax       = "max"        // at most pct % of the unit
	RuleMin       = "min"        // at least pct % of the unit
	RuleMinMinor  = "min_minor"  // at least pct % of the unit, a secondary share (rounded half up)
	RuleAtLeast1  = "at_least_1" // at least one person (a unit of two or more)
	RuleForbidden = "none"       // nobody
)

// CurveRule is one constraint of the distribution curve.
type CurveRule struct {
	Kind     string   // RuleMax, RuleMin, RuleMinMinor, RuleAtLeast1, RuleForbidden
	Predikat []string // the predikat counted together
	Pct      int      // the bound in per cent (RuleMax, RuleMin, RuleMinMinor)
}

// Key names the rule for messages and tests: kind:predikat+predikat:pct.
func (r CurveRule) Key() string {
	return r.Kind + ":" + strings.Join(r.Predikat, "+") + ":" + strconv.Itoa(r.Pct)
}

// Curve is the distribution curve of each unit predikat.
var Curve = map[string][]CurveRule{
	Istimewa: {{Kind: RuleMax, Predikat: []string{SangatBaik}, Pct: 70}},
	Baik: {{Kind: RuleMax, Predikat: []string{Baik}, Pct: 70},
		{Kind: RuleAtLeast1, Predikat: []string{ButuhPerbaikan, Kurang}}},
	ButuhPerbaikan: {{Kind: RuleMin, Predikat: []string{ButuhPerbaikan}, Pct: 60},
		{Kind: RuleMax, Predikat: []string{SangatBaik}, Pct: 10}},
	Kurang: {{Kind: RuleMin, Predikat: []string{Kurang}, Pct: 60},
		{Kind: RuleMinMinor, Predikat: []string{ButuhPerbaikan}, Pct: 10},
		{Kind: RuleMax, Predikat: []string{SangatBaik}, Pct: 10}},
	SangatKurang: {{Kind: RuleMin, Predikat: []string{SangatKurang}, Pct: 60},
		{Kind: RuleMinMinor, Predikat: []string{Kurang, ButuhPerbaikan}, Pct: 10},
		{Kind: RuleForbidden, Predikat: []string{SangatBaik}}},
}

// Limit is how many people of a unit of n the rule allows at most (RuleMax,
// RuleForbidden) or needs at least (the others). The rounding rule for
// small units:
//   - at most p %: floor(p × n / 100), but at least 1 when p ≥ 50 (a cap of
//     70 % never forbids a one-person unit its one result);
//   - at least p % (the main share, 60 %): ceil(p × n / 100);
//   - at least p % of a secondary share (10 %): rounded half up, so it binds
//     from a unit of 5;
//   - at least one: 1 in a unit of two or more, else 0;
//   - nobody: 0.
func (r CurveRule) Limit(n int) int {
	switch r.Kind {
	case RuleMax:
		l := r.Pct * n / 100
		if l == 0 && r.Pct >= 50 && n > 0 {
			l = 1
		}
		return l
	case RuleMin:
		return (r.Pct*n + 99) / 100
	case RuleMinMinor:
		return (r.Pct*n + 50) / 100
	case RuleAtLeast1:
		if n >= 2 {
			return 1
		}
	}
	return 0
}

// Upper reports whether the rule is a cap (its Limit is a maximum).
func (r CurveRule) Upper() bool { return r.Kind == RuleMax || r.Kind == RuleForbidden }

// Violation is a curve rule a unit's distribution breaks.
type Violation struct {
	Rule   CurveRule
	Limit  int // the most allowed (a cap) or the fewest needed
	Actual int // how many the unit has
	By     int // how many people too many (a cap) or too few
}

// Names are the official names of the predikat the rule counts.
func (v Violation) Names() string {
	names := make([]string, len(v.Rule.Predikat))
	for i, p := range v.Rule.Predikat {
		names[i] = PredikatNames[p]
	}
	return strings.Join(names, " / ")
}

// Distribution counts a unit's employees by predikat.
type Distribution map[string]int

// Total is how many people the distribution counts.
func (d Distribution) Total() int {
	n := 0
	for _, p := range Predikats {
		n += d[p]
	}
	return n
}

// CheckCurve returns the rules of the unit predikat's curve that d breaks,
// in the curve's order; none for an unknown unit predikat.
func CheckCurve(unit string, d Distribution) []Violation {
	n := d.Total()
	var out []Violation
	for _, r := range Curve[unit] {
		actual := 0
		for _, p := range r.Predikat {
			actual += d[p]
		}
		l := r.Limit(n)
		switch {
		case r.Upper() && actual > l:
			out = append(out, Violation{Rule: r, Limit: l, Actual: actual, By: actual - l})
		case !r.Upper() && actual < l:
			out = append(out, Violation{Rule: r, Limit: l, Actual: actual, By: l - actual})
		}
	}
	return out
}

// Cadences of the periodic evaluations.
const (
	Quarterly  = "quarterly"  // YYYY-Q1 … YYYY-Q4 (the default)
	Monthly    = "monthly"    // YYYY-01 … YYYY-12
	HalfYearly = "halfyearly" // YYYY-S1, YYYY-S2
)

// Cadences lists the cadences in the order forms offer them.
var Cadences = []string{Quarterly, Monthly, HalfYearly}

// wib is the city's zone: periods end at midnight WIB.
var wib = time.FixedZone("WIB", 7*3600)

// Period is an evaluation period of a year: its name, and when it starts
// and ends (midnight WIB).
type Period struct {
	Name       string
	Annual     bool
	Start, End time.Time
}

// Periods lists the periodic evaluation periods of a year in a cadence,
// then the annual one.
func Periods(year int, cadence string) []Period {
	var out []Period
	add := func(name string, from, months int) {
		s := time.Date(year, time.Month(from), 1, 0, 0, 0, 0, wib)
		out = append(out, Period{Name: name, Start: s, End: s.AddDate(0, months, 0)})
	}
	switch cadence {
	case Monthly:
		for m := 1; m <= 12; m++ {
			add(fmt.Sprintf("%d-%02d", year, m), m, 1)
		}
	case HalfYearly:
		add(fmt.Sprintf("%d-S1", year), 1, 6)
		add(fmt.Sprintf("%d-S2", year), 7, 6)
	default:
		for q := 1; q <= 4; q++ {
			add(fmt.Sprintf("%d-Q%d", year, q), 3*q-2, 3)
		}
	}
	s := time.Date(year, 1, 1, 0, 0, 0, 0, wib)
	return append(out, Period{Name: strconv.Itoa(year), Annual: true, Start: s, End: s.AddDate(1, 0, 0)})
}

// FindPeriod returns the period called name in a plan of year with a
// cadence; false when the name is no period of that plan.
func FindPeriod(year int, cadence, name string) (Period, bool) {
	for _, p := range Periods(year, cadence) {
		if p.Name == name {
			return p, true
		}
	}
	return Period{}, false
}

// Ended reports whether p has ended at now.
func (p Period) Ended(now time.Time) bool { return !now.Before(p.End) }
