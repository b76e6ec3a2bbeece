package dashboard

import (
	"testing"

	"asnpro/internal/recruitment"
)

func TestMedian(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		in   []int
		want int
	}{{nil, -1}, {[]int{7}, 7}, {[]int{9, 1, 5}, 5}, {[]int{4, 1, 3, 2}, 2}, {[]int{-3, 10}, -3}} {
		if got := Median(c.in); got != c.want {
			t.Errorf("Median(%v) = %d, want %d", c.in, got, c.want)
		}
	}
}

// TestFunnelStages: an own selection (no SKD) has no SKD step; a CPNS
// round has every step in order; the appeal rate is per TMS decision.
func TestFunnelStages(t *testing.T) {
	t.Parallel()
	f := Funnel{Period: &recruitment.Period{Kind: "jpt"}, Applied: 9, Submitted: 8, MS: 6, Placed: 3, Onboarded: 1}
	if got := len(f.Stages()); got != 5 {
		t.Errorf("a JPT funnel has %d steps, want 5", got)
	}
	f.HasSKD, f.PassedSKD = true, 4
	keys := ""
	for _, s := range f.Stages() {
		keys += s.Key + " "
	}
	if keys != "applied submitted ms passed_skd placed onboarded " {
		t.Errorf("steps %q", keys)
	}
	if f.AppealRate() != 0 {
		t.Error("no TMS: a rate of 0")
	}
	f.TMS, f.AppealsFiled = 4, 1
	if f.AppealRate() != 0.25 {
		t.Errorf("appeal rate %v", f.AppealRate())
	}
}
