package verification_test

import (
	"testing"

	"asnpro/internal/verification"
)

// TestFourFifthsRule: a group is flagged when its pass rate is under 4/5
// of the highest rate of its kind, judged on the exact fractions; rates are
// rounded to 4 decimals.
func TestFourFifthsRule(t *testing.T) {
	type g struct {
		passed, applied int
	}
	cases := []struct {
		name    string
		groups  []g
		flagged []bool
		rates   []float64
	}{
		{"one group", []g{{1, 3}}, []bool{false}, []float64{0.3333}},
		{"one group passing nobody", []g{{0, 4}}, []bool{false}, []float64{0}},
		{"all zero", []g{{0, 4}, {0, 9}}, []bool{false, false}, []float64{0, 0}},
		{"zero beside a positive rate", []g{{0, 4}, {1, 9}}, []bool{true, false}, []float64{0, 0.1111}},
		{"ties at the top", []g{{1, 2}, {2, 4}, {3, 6}}, []bool{false, false, false}, []float64{0.5, 0.5, 0.5}},
		{"exactly four fifths is not under", []g{{4, 10}, {1, 2}}, []bool{false, false}, []float64{0.4, 0.5}},
		{"just under four fifths", []g{{399, 1000}, {1, 2}}, []bool{true, false}, []float64{0.399, 0.5}},
		// 2/3 × 4/5 = 0.5333…: a half is under it, though both round near.
		{"the demo after administration", []g{{2, 3}, {1, 2}}, []bool{false, true}, []float64{0.6667, 0.5}},
		{"the demo after SKD", []g{{1, 3}, {1, 2}}, []bool{true, false}, []float64{0.3333, 0.5}},
		{"all passed", []g{{5, 5}, {4, 5}, {79, 100}}, []bool{false, false, true}, []float64{1, 0.8, 0.79}},
		{"large counts", []g{{40_000, 50_000}, {31_999, 50_000}, {32_000, 50_000}}, []bool{false, true, false},
			[]float64{0.8, 0.64, 0.64}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := make([]verification.PassRate, len(c.groups))
			for i, x := range c.groups {
				in[i] = verification.PassRate{Group: verification.GroupGender, Value: string(rune('A' + i)), Passed: x.passed, Applied: x.applied}
			}
			out := verification.FlagAdverseImpact(in)
			for i, r := range out {
				if r.AdverseImpact != c.flagged[i] || r.Rate != c.rates[i] {
					t.Errorf("group %d (%d/%d): rate %v flagged %v, want %v %v", i, r.Passed, r.Applied, r.Rate, r.AdverseImpact,
						c.rates[i], c.flagged[i])
				}
			}
		})
	}
}
