package exam

import (
	"reflect"
	"testing"

	"asnpro/internal/selection"
)

func TestCompareResult(t *testing.T) {
	bp := SKD2024()
	p, err := Draw(testBank(30, 35, 45), &bp, seedOf(3))
	if err != nil {
		t.Fatal(err)
	}
	sc, err := bp.scheme()
	if err != nil {
		t.Fatal(err)
	}
	p.Scheme = &sc
	ans := make([]Answer, len(p.Items))
	for i := range ans {
		ans[i] = Answer(1 + i%NumOptions)
	}
	fresh, err := Rescore(7, p, ans, selection.Umum)
	if err != nil {
		t.Fatal(err)
	}
	if fresh.SHA256 != AttemptDigest(7, ans, fresh.Scores, fresh.Total) || !fresh.Graded {
		t.Fatalf("Rescore = %+v", fresh)
	}
	cases := []struct {
		name   string
		tamper func(r *AttemptResult, sha *string)
		want   []string
	}{
		{"untouched", func(*AttemptResult, *string) {}, nil},
		{"total", func(r *AttemptResult, _ *string) { r.Total += 5 }, []string{"total"}},
		{"a sub-test's score", func(r *AttemptResult, _ *string) { r.Scores[1].Score -= 5 }, []string{"score.TIU"}},
		{"a score and the total alike", func(r *AttemptResult, _ *string) { r.Scores[0].Score += 5; r.Total += 5 },
			[]string{"score.TWK", "total"}},
		{"a sub-test's maximum", func(r *AttemptResult, _ *string) { r.Scores[2].Max = 250 }, []string{"max.TKP"}},
		{"the maximum", func(r *AttemptResult, _ *string) { r.Max = 500 }, []string{"max"}},
		{"passed", func(r *AttemptResult, _ *string) { r.Passed = !r.Passed }, []string{"passed"}},
		{"graded", func(r *AttemptResult, _ *string) { r.Graded = false }, []string{"graded"}},
		{"the digest column", func(_ *AttemptResult, sha *string) { *sha = "00" + (*sha)[2:] }, []string{"sha256"}},
		{"the result's digest", func(r *AttemptResult, _ *string) { r.SHA256 = "" }, []string{"result.sha256"}},
		{"a part missing", func(r *AttemptResult, _ *string) { r.Scores = r.Scores[:2] }, []string{"score.TKP"}},
		{"a part too many", func(r *AttemptResult, _ *string) {
			r.Scores = append(r.Scores, SubtestScore{Subtest: "Bahasa Inggris", Score: 10, Max: 50})
		}, []string{"score.Bahasa Inggris"}},
		{"the reasons are not compared", func(r *AttemptResult, _ *string) { r.Reasons = nil }, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			stored := *fresh
			stored.Scores = append([]SubtestScore(nil), fresh.Scores...)
			sha := fresh.SHA256
			tc.tamper(&stored, &sha)
			var got []string
			for _, d := range CompareResult(&stored, sha, fresh) {
				got = append(got, d.What)
				if d.Stored == d.Rescored {
					t.Errorf("%s: stored and rescored both %q", d.What, d.Stored)
				}
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("differences %q, want %q", got, tc.want)
			}
		})
	}
}

func TestCompareResultValues(t *testing.T) {
	fresh := &AttemptResult{Scores: []SubtestScore{{TWK, 100, 150}}, Total: 100, Max: 150, SHA256: "ab"}
	stored := &AttemptResult{Scores: []SubtestScore{{TWK, 105, 150}}, Total: 105, Max: 150, Passed: true, SHA256: "ab"}
	got := CompareResult(stored, "cd", fresh)
	want := []Difference{
		{"score.TWK", "105", "100"}, {"total", "105", "100"}, {"passed", "true", "false"}, {"sha256", "cd", "ab"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("CompareResult = %+v\nwant %+v", got, want)
	}
	if s := got[1].String(); s != "total stored 105, rescored 100" {
		t.Fatalf("String = %q", s)
	}
}
