package main

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

func TestBucketsTile(t *testing.T) {
	prevHi := uint64(0)
	for i := range histBuckets {
		lo, hi := bucketBounds(i)
		if lo != prevHi || hi <= lo {
			t.Fatalf("bucket %d is [%d, %d), previous ended at %d", i, lo, hi, prevHi)
		}
		if bucketOf(lo) != i || bucketOf(hi-1) != i {
			t.Fatalf("bucket %d [%d, %d): bucketOf gives %d and %d", i, lo, hi, bucketOf(lo), bucketOf(hi-1))
		}
		if lo >= 256 && float64(hi-lo)/float64(lo) > 1.0/128 {
			t.Fatalf("bucket %d [%d, %d) wider than 1/128", i, lo, hi)
		}
		prevHi = hi
		if hi > math.MaxInt64 {
			break
		}
	}
}

// TestQuantilesWithinPrecision compares with exact percentiles of the same samples.
func TestQuantilesWithinPrecision(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	var h histogram
	var all []time.Duration
	for range 100_000 {
		// log-normal around 2 ms with a long tail, and a few fast ones
		d := time.Duration(2e6 * math.Exp(r.NormFloat64()))
		if r.IntN(100) == 0 {
			d = time.Duration(r.IntN(300))
		}
		h.record(d)
		all = append(all, d)
	}
	slices.Sort(all)
	for _, q := range []float64{0.001, 0.01, 0.5, 0.95, 0.99, 0.999, 1} {
		exact := all[int(math.Ceil(q*float64(len(all))))-1]
		got := h.quantile(q)
		if e := math.Abs(float64(got-exact)) / float64(exact); e > 0.004 && got-exact != 0 {
			t.Errorf("q %v: %v, exact %v (error %.2f %%)", q, got, exact, 100*e)
		}
	}
	var empty histogram
	if empty.quantile(0.5) != 0 {
		t.Error("empty histogram: quantile not 0")
	}
}
