package exam

import (
	"math/rand/v2"
	"slices"
	"testing"

	"asnpro/internal/apperr"
	"asnpro/internal/selection"
)

// answersFor returns answers that score exactly targets (by sub-test):
// item by item, the option worth the most that still fits, else blank.
func answersFor(t *testing.T, p *Paper, targets map[string]int) []Answer {
	t.Helper()
	left := map[string]int{}
	for k, v := range targets {
		left[k] = v
	}
	out := make([]Answer, len(p.Items))
	for i, it := range p.Items {
		best, bestPts := Blank, int8(0)
		for l, pts := range it.Points {
			if int(pts) <= left[it.Subtest] && pts > bestPts {
				best, bestPts = Answer(l+1), pts
			}
		}
		out[i] = best
		left[it.Subtest] -= int(bestPts)
	}
	for k, v := range left {
		if v != 0 {
			t.Fatalf("cannot reach %s %d (left %d)", k, targets[k], v)
		}
	}
	return out
}

func TestScoreAtTheGrades(t *testing.T) {
	t.Parallel()
	bp := SKD2024()
	p, err := Draw(testBank(30, 35, 45), &bp, seedOf(3))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name          string
		cat           selection.Category
		twk, tiu, tkp int
		missed        []string // fields of the thresholds missed
	}{
		{"umum at every grade", selection.Umum, 65, 80, 166, nil},
		{"umum TWK 60", selection.Umum, 60, 80, 166, []string{selection.FieldTWK}},
		{"umum TIU 75", selection.Umum, 65, 75, 166, []string{selection.FieldTIU}},
		{"umum TKP 165", selection.Umum, 65, 80, 165, []string{selection.FieldTKP}},
		{"umum all below", selection.Umum, 60, 75, 165, []string{selection.FieldTWK, selection.FieldTIU, selection.FieldTKP}},
		{"umum maximum", selection.Umum, 150, 175, 225, nil},
		{"umum all blank", selection.Umum, 0, 0, 0, []string{selection.FieldTWK, selection.FieldTIU, selection.FieldTKP}},
		{"cumlaude total 311, TIU 85", selection.Cumlaude, 70, 85, 156, nil},
		{"cumlaude total 310", selection.Cumlaude, 70, 85, 155, []string{selection.FieldSKDTotal}},
		{"cumlaude TIU 80", selection.Cumlaude, 80, 80, 160, []string{selection.FieldTIU}},
		{"diaspora TWK 0 still passes", selection.Diaspora, 0, 90, 221, nil},
		{"disabilitas total 286, TIU 60", selection.Disabilitas, 65, 60, 161, nil},
		{"disabilitas TIU 55", selection.Disabilitas, 65, 55, 166, []string{selection.FieldTIU}},
		{"disabilitas total 285", selection.Disabilitas, 60, 60, 165, []string{selection.FieldSKDTotal}},
		{"papua total 286", selection.Papua, 100, 60, 126, nil},
		{"tertinggal total 285, TIU 55", selection.Tertinggal, 100, 55, 130, []string{selection.FieldTIU, selection.FieldSKDTotal}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ans := answersFor(t, p, map[string]int{TWK: tc.twk, TIU: tc.tiu, TKP: tc.tkp})
			r, err := Score(p, ans, tc.cat)
			if err != nil {
				t.Fatal(err)
			}
			want := []SubtestScore{{TWK, tc.twk, 150}, {TIU, tc.tiu, 175}, {TKP, tc.tkp, 225}}
			if !slices.Equal(r.Scores, want) || r.Total != tc.twk+tc.tiu+tc.tkp || r.Max != 550 {
				t.Fatalf("scores %v total %d max %d, want %v", r.Scores, r.Total, r.Max, want)
			}
			var missed []string
			for _, m := range r.Missed {
				if m.Code != selection.CodeBelowGrade || m.Category != tc.cat.String() {
					t.Fatalf("reason %+v", m)
				}
				missed = append(missed, m.Field)
			}
			if !r.Graded || r.Passed != (len(tc.missed) == 0) || !slices.Equal(missed, tc.missed) {
				t.Fatalf("graded %v passed %v missed %v, want missed %v", r.Graded, r.Passed, missed, tc.missed)
			}
		})
	}
}

func TestScoreItems(t *testing.T) {
	t.Parallel()
	bp := SKD2024()
	p, err := Draw(testBank(30, 35, 45), &bp, seedOf(9))
	if err != nil {
		t.Fatal(err)
	}
	// Right on TWK and TIU, TKP left blank: TKP scores 0.
	ans := answersFor(t, p, map[string]int{TWK: 150, TIU: 175})
	r, _ := Score(p, ans, selection.Umum)
	if tkp, _ := r.Subtest(TKP); tkp != 0 || r.Total != 325 || r.Passed {
		t.Fatalf("TKP blank: %+v", r)
	}
	// Every answer wrong on TWK and TIU scores 0; the lowest TKP option 1 each.
	for i, it := range p.Items {
		low := slices.Index(it.Points[:], slices.Min(it.Points[:]))
		ans[i] = Answer(low + 1)
	}
	r, _ = Score(p, ans, selection.Umum)
	if twk, _ := r.Subtest(TWK); twk != 0 {
		t.Fatalf("wrong answers scored %d", twk)
	}
	if tkp, _ := r.Subtest(TKP); tkp != 45 {
		t.Fatalf("lowest TKP options scored %d, want 45", tkp)
	}
	// Fewer answers than items: the rest are blank.
	r, _ = Score(p, ans[:10], selection.Umum)
	if r.Total != 0 {
		t.Fatalf("ten wrong TWK answers scored %d", r.Total)
	}
}

func TestScoreWithoutGrade(t *testing.T) {
	t.Parallel()
	bp := Blueprint{Name: "SKB", Parts: []Part{{"Teknis", 3}}, Minutes: 10}
	bank := []Item{
		{ID: 1, ItemInput: keyed("Teknis", "B")},
		{ID: 2, ItemInput: weighted("Teknis", 2, 5, 1, 3, 4)},
		{ID: 3, ItemInput: keyed("Teknis", "E")},
	}
	p, err := Draw(bank, &bp, seedOf(5))
	if err != nil {
		t.Fatal(err)
	}
	r, err := Score(p, answersFor(t, p, map[string]int{"Teknis": 10}), selection.Umum)
	if err != nil {
		t.Fatal(err)
	}
	if r.Graded || r.Passed || r.Missed != nil || r.Total != 10 || r.Max != 15 {
		t.Fatalf("result %+v", r)
	}
}

func TestScoreRefuses(t *testing.T) {
	t.Parallel()
	bp := SKD2024()
	p, _ := Draw(testBank(30, 35, 45), &bp, Seed{})
	for _, tc := range []struct {
		name string
		ans  []Answer
		cat  selection.Category
	}{
		{"more answers than items", make([]Answer, 111), selection.Umum},
		{"answer F", append(make([]Answer, 5), 6), selection.Umum},
		{"unknown category", nil, selection.Category(99)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := Score(p, tc.ans, tc.cat); apperr.CodeOf(err) != apperr.Invalid {
				t.Fatalf("err = %v, want invalid", err)
			}
		})
	}
	for _, s := range []string{"", "A", "e"} {
		if a, ok := ParseAnswer(s); !ok || a.Label() != map[string]string{"": "", "A": "A", "e": "E"}[s] {
			t.Fatalf("ParseAnswer(%q) = %v, %v", s, a, ok)
		}
	}
	if _, ok := ParseAnswer("F"); ok {
		t.Fatal("ParseAnswer(F) accepted")
	}
}

// BenchmarkScore10k scores 10,000 SKD attempts (110 items each, random
// answers with a tenth left blank) per operation.
func BenchmarkScore10k(b *testing.B) {
	bp := SKD2024()
	p, err := Draw(testBank(60, 70, 90), &bp, seedOf(1))
	if err != nil {
		b.Fatal(err)
	}
	r := rand.New(rand.NewPCG(1, 2))
	attempts := make([][]Answer, 10_000)
	for i := range attempts {
		a := make([]Answer, len(p.Items))
		for j := range a {
			if r.IntN(10) > 0 {
				a[j] = Answer(1 + r.IntN(NumOptions))
			}
		}
		attempts[i] = a
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, a := range attempts {
			if _, err := Score(p, a, selection.Umum); err != nil {
				b.Fatal(err)
			}
		}
	}
}
