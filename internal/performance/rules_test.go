package performance_test

import (
	"testing"
	"time"

	"asnpro/internal/performance"
)

// TestMatrix covers the whole 3 × 3 matrix of PermenPANRB 6/2022.
func TestMatrix(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ hasil, perilaku, want string }{
		{"above", "above", performance.SangatBaik},
		{"above", "meets", performance.Baik},
		{"above", "below", performance.Kurang},
		{"meets", "above", performance.Baik},
		{"meets", "meets", performance.Baik},
		{"meets", "below", performance.Kurang},
		{"below", "above", performance.ButuhPerbaikan},
		{"below", "meets", performance.ButuhPerbaikan},
		{"below", "below", performance.SangatKurang},
		{"", "meets", ""},
		{"meets", "bagus", ""},
	} {
		t.Run(c.hasil+"/"+c.perilaku, func(t *testing.T) {
			if got := performance.Predikat(c.hasil, c.perilaku); got != c.want {
				t.Errorf("Predikat(%q, %q) = %q, want %q", c.hasil, c.perilaku, got, c.want)
			}
		})
	}
}

type dist = performance.Distribution

// TestCurve covers every curve rule, each on both sides of its bound, and
// the rounding rule for small units.
func TestCurve(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name, unit string
		d          dist
		want       []string // the broken rules' keys, in order
		by         []int
	}{
		{"istimewa: 7 of 10 sangat baik fits", "istimewa", dist{"sangat_baik": 7, "baik": 3}, nil, nil},
		{"istimewa: 8 of 10 sangat baik, one too many", "istimewa", dist{"sangat_baik": 8, "baik": 2},
			[]string{"max:sangat_baik:70"}, []int{1}},
		{"istimewa: a unit of one may be sangat baik (cap at least 1 when ≥ 50 %)", "istimewa", dist{"sangat_baik": 1}, nil, nil},
		{"istimewa: 2 of 2 sangat baik, floor(1.4) = 1", "istimewa", dist{"sangat_baik": 2}, []string{"max:sangat_baik:70"}, []int{1}},
		{"baik: 7 baik and 1 butuh perbaikan of 10 fits", "baik", dist{"baik": 7, "butuh_perbaikan": 1, "sangat_baik": 2}, nil, nil},
		{"baik: 8 of 10 baik", "baik", dist{"baik": 8, "kurang": 1, "sangat_baik": 1}, []string{"max:baik:70"}, []int{1}},
		{"baik: nobody below expectation", "baik", dist{"baik": 5, "sangat_baik": 5},
			[]string{"at_least_1:butuh_perbaikan+kurang:0"}, []int{1}},
		{"baik: kurang counts as below expectation", "baik", dist{"baik": 1, "kurang": 1}, nil, nil},
		{"baik: a unit of one needs nobody below", "baik", dist{"baik": 1}, nil, nil},
		{"butuh perbaikan: 6 of 10 fits", "butuh_perbaikan", dist{"butuh_perbaikan": 6, "baik": 3, "sangat_baik": 1}, nil, nil},
		{"butuh perbaikan: 5 of 10", "butuh_perbaikan", dist{"butuh_perbaikan": 5, "baik": 5}, []string{"min:butuh_perbaikan:60"}, []int{1}},
		{"butuh perbaikan: 2 sangat baik of 10", "butuh_perbaikan", dist{"butuh_perbaikan": 6, "baik": 2, "sangat_baik": 2},
			[]string{"max:sangat_baik:10"}, []int{1}},
		{"butuh perbaikan: 60 % of 3 is 2 (ceil)", "butuh_perbaikan", dist{"butuh_perbaikan": 1, "baik": 2},
			[]string{"min:butuh_perbaikan:60"}, []int{1}},
		{"butuh perbaikan: 10 % of 5 is 0 sangat baik (floor)", "butuh_perbaikan", dist{"butuh_perbaikan": 4, "sangat_baik": 1},
			[]string{"max:sangat_baik:10"}, []int{1}},
		{"kurang: fits", "kurang", dist{"kurang": 6, "butuh_perbaikan": 1, "baik": 2, "sangat_baik": 1}, nil, nil},
		{"kurang: too few kurang", "kurang", dist{"kurang": 5, "butuh_perbaikan": 1, "baik": 4}, []string{"min:kurang:60"}, []int{1}},
		{"kurang: no butuh perbaikan", "kurang", dist{"kurang": 6, "baik": 4}, []string{"min_minor:butuh_perbaikan:10"}, []int{1}},
		{"kurang: 10 % of 4 rounds to 0 (half up binds from 5)", "kurang", dist{"kurang": 3, "baik": 1}, nil, nil},
		{"kurang: 2 sangat baik of 10", "kurang", dist{"kurang": 6, "butuh_perbaikan": 1, "sangat_baik": 2, "baik": 1},
			[]string{"max:sangat_baik:10"}, []int{1}},
		{"sangat kurang: fits", "sangat_kurang", dist{"sangat_kurang": 6, "kurang": 1, "baik": 3}, nil, nil},
		{"sangat kurang: too few", "sangat_kurang", dist{"sangat_kurang": 4, "kurang": 2, "baik": 4},
			[]string{"min:sangat_kurang:60"}, []int{2}},
		{"sangat kurang: no kurang nor butuh perbaikan", "sangat_kurang", dist{"sangat_kurang": 6, "baik": 4},
			[]string{"min_minor:kurang+butuh_perbaikan:10"}, []int{1}},
		{"sangat kurang: butuh perbaikan counts too", "sangat_kurang", dist{"sangat_kurang": 6, "butuh_perbaikan": 1, "baik": 3}, nil, nil},
		{"sangat kurang: no sangat baik at all", "sangat_kurang", dist{"sangat_kurang": 6, "kurang": 1, "sangat_baik": 1, "baik": 2},
			[]string{"none:sangat_baik:0"}, []int{1}},
		{"two rules broken at once", "butuh_perbaikan", dist{"sangat_baik": 5, "baik": 5},
			[]string{"min:butuh_perbaikan:60", "max:sangat_baik:10"}, []int{6, 4}},
	} {
		t.Run(c.name, func(t *testing.T) {
			vs := performance.CheckCurve(c.unit, c.d)
			if len(vs) != len(c.want) {
				t.Fatalf("violations %+v, want %v", vs, c.want)
			}
			for i, v := range vs {
				if v.Rule.Key() != c.want[i] || v.By != c.by[i] {
					t.Errorf("violation %d: %s by %d, want %s by %d", i, v.Rule.Key(), v.By, c.want[i], c.by[i])
				}
			}
		})
	}
}

// TestCurveAlwaysSatisfiable: for every unit predikat and size, some
// distribution fits (the rounding rule never asks the impossible).
func TestCurveAlwaysSatisfiable(t *testing.T) {
	t.Parallel()
	for _, unit := range performance.UnitPredikats {
		for n := 1; n <= 40; n++ {
			need := 0
			for _, r := range performance.Curve[unit] {
				if !r.Upper() && r.Kind != performance.RuleAtLeast1 {
					need += r.Limit(n)
				}
			}
			if need > n {
				t.Errorf("%s, %d people: the minimums need %d", unit, n, need)
			}
		}
	}
}

func TestPeriods(t *testing.T) {
	t.Parallel()
	wib := time.FixedZone("WIB", 7*3600)
	for _, c := range []struct {
		cadence, name string
		ok            bool
		end           time.Time
	}{
		{"quarterly", "2026-Q1", true, time.Date(2026, 4, 1, 0, 0, 0, 0, wib)},
		{"quarterly", "2026-Q4", true, time.Date(2027, 1, 1, 0, 0, 0, 0, wib)},
		{"quarterly", "2026", true, time.Date(2027, 1, 1, 0, 0, 0, 0, wib)},
		{"quarterly", "2026-Q5", false, time.Time{}},
		{"quarterly", "2026-03", false, time.Time{}},
		{"quarterly", "2025-Q1", false, time.Time{}},
		{"monthly", "2026-03", true, time.Date(2026, 4, 1, 0, 0, 0, 0, wib)},
		{"monthly", "2026-Q1", false, time.Time{}},
		{"halfyearly", "2026-S1", true, time.Date(2026, 7, 1, 0, 0, 0, 0, wib)},
		{"halfyearly", "2026-S2", true, time.Date(2027, 1, 1, 0, 0, 0, 0, wib)},
	} {
		p, ok := performance.FindPeriod(2026, c.cadence, c.name)
		if ok != c.ok || ok && !p.End.Equal(c.end) {
			t.Errorf("%s %s: %v %v, want %v %v", c.cadence, c.name, ok, p.End, c.ok, c.end)
		}
	}
	q1, _ := performance.FindPeriod(2026, "quarterly", "2026-Q1")
	// Q1 ends at midnight WIB, 17:00 UTC on 31 March.
	if q1.Ended(time.Date(2026, 3, 31, 16, 59, 59, 0, time.UTC)) || !q1.Ended(time.Date(2026, 3, 31, 17, 0, 0, 0, time.UTC)) {
		t.Error("Q1 should end at 2026-04-01 00:00 WIB")
	}
}
