package exam

import (
	"cmp"
	"math"
	"slices"
)

// Sitting is one finished attempt as the item statistics read it: its
// paper and its answers (answers[i] answers Paper.Items[i]; missing ones
// at the end are blank).
type Sitting struct {
	Paper   *Paper
	Answers []Answer
}

// ItemStat is what the finished attempts that had one item version say of
// it (docs/EXAM.md, "Item statistics").
type ItemStat struct {
	ItemID, VersionID int64
	Subtest           string
	// N is the number of attempts whose paper had the version.
	N int
	// Difficulty is the mean score over 5: for a keyed item the share of
	// attempts that chose the key, for a weighted one the mean weight over 5.
	Difficulty float64
	// Discrimination is the point-biserial (Pearson) correlation between the
	// item's score and the attempt's total without the item; HasDiscrimination
	// is false when either does not vary (or N < 2), and it is then 0.
	Discrimination    float64
	HasDiscrimination bool
	// Options counts the answers by option as written (A–E, before the
	// paper's shuffle); Blank the attempts that left it blank.
	Options [NumOptions]int
	Blank   int
}

// Thresholds below or above which an item is flagged.
const (
	HardBelow         = 0.2
	EasyAbove         = 0.9
	DiscriminateBelow = 0.2
)

// Hard, Easy, Weak: the flags the statistics page shows in words.
func (s *ItemStat) Hard() bool { return s.N > 0 && s.Difficulty < HardBelow }

// Easy: almost everyone scores it.
func (s *ItemStat) Easy() bool { return s.N > 0 && s.Difficulty > EasyAbove }

// Weak: it tells strong and weak participants apart too little.
func (s *ItemStat) Weak() bool { return s.HasDiscrimination && s.Discrimination < DiscriminateBelow }

// ItemStats computes the statistics of every item version the sittings'
// papers hold, ordered by item and version. It is a pure function; an
// answer outside A–E counts as blank.
func ItemStats(sittings []Sitting) []ItemStat {
	type acc struct {
		stat        ItemStat
		item, total []float64 // per sitting: the item's score and the rest's total
	}
	by := map[int64]*acc{}
	for _, st := range sittings {
		pts := make([]int, len(st.Paper.Items))
		sum := 0
		for i, it := range st.Paper.Items {
			if i < len(st.Answers) {
				if a := st.Answers[i]; a != Blank && int(a) <= NumOptions {
					pts[i] = int(it.Points[a-1])
				}
			}
			sum += pts[i]
		}
		for i, it := range st.Paper.Items {
			a := by[it.VersionID]
			if a == nil {
				a = &acc{stat: ItemStat{ItemID: it.ItemID, VersionID: it.VersionID, Subtest: it.Subtest}}
				by[it.VersionID] = a
			}
			a.stat.N++
			ans := Blank
			if i < len(st.Answers) {
				ans = st.Answers[i]
			}
			if ans == Blank || int(ans) > NumOptions {
				a.stat.Blank++
			} else {
				a.stat.Options[it.Order[ans-1]]++
			}
			a.item = append(a.item, float64(pts[i]))
			a.total = append(a.total, float64(sum-pts[i]))
		}
	}
	out := make([]ItemStat, 0, len(by))
	for _, a := range by {
		s := a.stat
		mean := 0.0
		for _, x := range a.item {
			mean += x
		}
		s.Difficulty = mean / float64(len(a.item)) / float64(KeyPoints)
		s.Discrimination, s.HasDiscrimination = correlation(a.item, a.total)
		out = append(out, s)
	}
	slices.SortFunc(out, func(x, y ItemStat) int {
		return cmp.Or(cmp.Compare(x.ItemID, y.ItemID), cmp.Compare(x.VersionID, y.VersionID))
	})
	return out
}

// correlation is Pearson's r of x and y; false when there are fewer than
// two pairs or either does not vary.
func correlation(x, y []float64) (float64, bool) {
	n := float64(len(x))
	if len(x) < 2 {
		return 0, false
	}
	var mx, my float64
	for i := range x {
		mx += x[i]
		my += y[i]
	}
	mx, my = mx/n, my/n
	var sxy, sxx, syy float64
	for i := range x {
		dx, dy := x[i]-mx, y[i]-my
		sxy += dx * dy
		sxx += dx * dx
		syy += dy * dy
	}
	if sxx == 0 || syy == 0 {
		return 0, false
	}
	return sxy / math.Sqrt(sxx*syy), true
}
