package culture

import (
	"testing"
	"time"
)

// TestDemoPast: the demo's past sessions fall this year (WIB), start no
// later than now and end after they start, even on 1 January.
func TestDemoPast(t *testing.T) {
	t.Parallel()
	for _, now := range []time.Time{
		time.Date(2027, 1, 1, 0, 0, 0, 0, wib), time.Date(2027, 1, 1, 0, 30, 0, 0, wib),
		time.Date(2027, 1, 1, 10, 0, 0, 0, wib), time.Date(2027, 1, 5, 8, 0, 0, 0, wib), time.Date(2027, 1, 12, 8, 0, 0, 0, wib),
		time.Date(2027, 3, 1, 8, 0, 0, 0, wib), time.Date(2027, 3, 2, 10, 0, 0, 0, wib),
		time.Date(2026, 3, 1, 12, 0, 0, 0, wib), time.Date(2026, 12, 31, 23, 59, 0, 0, wib),
	} {
		y0 := time.Date(now.Year(), 1, 1, 0, 0, 0, 0, wib)
		p := demoPast(now.UTC())
		for _, x := range p {
			if x[0].Before(y0) || x[0].After(now) || !x[1].After(x[0]) {
				t.Errorf("now %v: %v – %v", now, x[0].In(wib), x[1].In(wib))
			}
		}
		if p[1][0].Before(p[0][0]) {
			t.Errorf("now %v: the second session before the first", now)
		}
	}
}
