package selection_test

import (
	"bytes"
	"io"
	"os"
	"testing"

	"asnpro/internal/selection"
	"asnpro/internal/selection/rankgen"
)

// BenchmarkRankCSV ranks a generated file held in memory (100 000 applicants
// in 1 000 formations by default). Set ASNPRO_RANK_BENCH_FILE to a file made
// by cmd/asnrankgen to benchmark that instead, e.g. the 1 000 000-row file of
// docs/RANKING.md.
func BenchmarkRankCSV(b *testing.B) {
	var data []byte
	if path := os.Getenv("ASNPRO_RANK_BENCH_FILE"); path != "" {
		var err error
		if data, err = os.ReadFile(path); err != nil {
			b.Fatal(err)
		}
	} else {
		var buf bytes.Buffer
		if err := rankgen.Write(&buf, rankgen.DefaultOptions(100_000, 1_000, 1)); err != nil {
			b.Fatal(err)
		}
		data = buf.Bytes()
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if err := selection.RankCSV(bytes.NewReader(data), io.Discard, "cpns-2024"); err != nil {
			b.Fatal(err)
		}
	}
}
