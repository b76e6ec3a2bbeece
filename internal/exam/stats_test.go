package exam

import (
	"math"
	"testing"
)

// statPaper: item 1 keyed (key shown A, options as written), item 2
// weighted 1–5 (as written), item 3 keyed with its options reversed (the
// key, written A, is shown as E).
func statPaper() *Paper {
	id := [NumOptions]uint8{0, 1, 2, 3, 4}
	return &Paper{Items: []PaperItem{
		{No: 1, Subtest: "TWK", ItemID: 1, VersionID: 11, Order: id, Points: [NumOptions]int8{5, 0, 0, 0, 0}},
		{No: 2, Subtest: "TKP", ItemID: 2, VersionID: 21, Order: id, Points: [NumOptions]int8{1, 2, 3, 4, 5}},
		{No: 3, Subtest: "TIU", ItemID: 3, VersionID: 31, Order: [NumOptions]uint8{4, 3, 2, 1, 0},
			Points: [NumOptions]int8{0, 0, 0, 0, 5}},
	}}
}

func answers(labels ...string) []Answer {
	out := make([]Answer, len(labels))
	for i, l := range labels {
		out[i], _ = ParseAnswer(l)
	}
	return out
}

func TestItemStats(t *testing.T) {
	p := statPaper()
	type want struct {
		n          int
		difficulty float64
		disc       float64
		hasDisc    bool
		options    [NumOptions]int
		blank      int
		hard, easy bool
		weak       bool
	}
	cases := []struct {
		name     string
		sittings [][]Answer
		want     []want // items 1, 2, 3
	}{
		{
			// Scores (item 1, 2, 3): 5 5 5 | 5 4 0 | 0 2 5 | 0 1 0. Item 1: scores 5 5 0 0 against rests 10 4 7 1:
			// r = 15/√(25·45) = 1/√5. Item 2: 5 4 2 1 (mean 3) against 10 5 5 0: r = 20/√(10·50) = 2/√5. Item 3:
			// 5 0 5 0 against 10 9 2 1: r = 5/√(25·65) = 1/√65.
			name: "four attempts",
			sittings: [][]Answer{answers("A", "E", "E"), answers("A", "D", ""), answers("B", "B", "E"),
				answers("", "A", "A")},
			want: []want{
				{n: 4, difficulty: 0.5, disc: 1 / math.Sqrt(5), hasDisc: true, options: [NumOptions]int{2, 1, 0, 0, 0}, blank: 1},
				{n: 4, difficulty: 0.6, disc: 2 / math.Sqrt(5), hasDisc: true, options: [NumOptions]int{1, 1, 0, 1, 1}},
				{n: 4, difficulty: 0.5, disc: 1 / math.Sqrt(65), hasDisc: true, options: [NumOptions]int{2, 0, 0, 0, 1}, blank: 1,
					weak: true},
			},
		},
		{
			// One attempt: nothing varies. Missing answers at the end are blank.
			name:     "one attempt",
			sittings: [][]Answer{answers("A")},
			want: []want{
				{n: 1, difficulty: 1, options: [NumOptions]int{1}, easy: true},
				{n: 1, blank: 1, hard: true},
				{n: 1, blank: 1, hard: true},
			},
		},
		{
			// Everyone keys item 1 (no variance: no discrimination). Scores 5 5 5 | 5 3 0: item 2's weights 5 and 3
			// (mean 4/5) against rests 10 and 5 (r = 1); item 3's 5 and 0 against rests 10 and 8 (r = 1).
			name:     "perfect correlation",
			sittings: [][]Answer{answers("A", "E", "E"), answers("A", "C", "")},
			want: []want{
				{n: 2, difficulty: 1, options: [NumOptions]int{2}, easy: true},
				{n: 2, difficulty: 0.8, disc: 1, hasDisc: true, options: [NumOptions]int{0, 0, 1, 0, 1}},
				{n: 2, difficulty: 0.5, disc: 1, hasDisc: true, options: [NumOptions]int{1}, blank: 1},
			},
		},
		{
			// Scores 5 5 0 | 0 3 5: item 1's 5 and 0 against rests 5 and 8 (r = −1); item 2's rests are 5 and 5.
			name:     "negative correlation",
			sittings: [][]Answer{answers("A", "E", ""), answers("", "C", "E")},
			want: []want{
				{n: 2, difficulty: 0.5, disc: -1, hasDisc: true, options: [NumOptions]int{1}, blank: 1, weak: true},
				{n: 2, difficulty: 0.8, options: [NumOptions]int{0, 0, 1, 0, 1}},
				{n: 2, difficulty: 0.5, disc: -1, hasDisc: true, options: [NumOptions]int{1}, blank: 1, weak: true},
			},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var ss []Sitting
			for _, a := range c.sittings {
				ss = append(ss, Sitting{Paper: p, Answers: a})
			}
			got := ItemStats(ss)
			if len(got) != len(c.want) {
				t.Fatalf("%d stats, want %d", len(got), len(c.want))
			}
			for i, w := range c.want {
				g := got[i]
				if g.ItemID != p.Items[i].ItemID || g.VersionID != p.Items[i].VersionID || g.Subtest != p.Items[i].Subtest {
					t.Errorf("stat %d is of item %d version %d %s", i, g.ItemID, g.VersionID, g.Subtest)
				}
				if g.N != w.n || math.Abs(g.Difficulty-w.difficulty) > 1e-9 || g.HasDiscrimination != w.hasDisc ||
					math.Abs(g.Discrimination-w.disc) > 1e-9 || g.Options != w.options || g.Blank != w.blank {
					t.Errorf("item %d: got n=%d p=%v r=%v (%v) options %v blank %d, want n=%d p=%v r=%v (%v) options %v blank %d",
						i+1, g.N, g.Difficulty, g.Discrimination, g.HasDiscrimination, g.Options, g.Blank,
						w.n, w.difficulty, w.disc, w.hasDisc, w.options, w.blank)
				}
				if g.Hard() != w.hard || g.Easy() != w.easy || g.Weak() != w.weak {
					t.Errorf("item %d: flags hard %v easy %v weak %v, want %v %v %v", i+1, g.Hard(), g.Easy(), g.Weak(), w.hard, w.easy, w.weak)
				}
			}
		})
	}
	if got := ItemStats(nil); len(got) != 0 {
		t.Errorf("no attempts: %d stats", len(got))
	}
}
