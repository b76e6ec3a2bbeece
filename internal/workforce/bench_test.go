package workforce_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	"asnpro/internal/sqldb"
	"asnpro/internal/sqldb/sqldbtest"
	"asnpro/internal/workforce"
)

// benchUnits is how many units the benchmarks spread employees over: 20
// perangkat daerah with 4 sub-units each.
const benchTop, benchSub = 20, 4

// seedUnits makes the benchmarks' units: PD01…PD20, each with PD01.1…PD01.4.
func seedUnits(tb testing.TB, svc *workforce.Service) []string {
	tb.Helper()
	ctx := context.Background()
	var codes []string
	for i := 1; i <= benchTop; i++ {
		top, err := svc.CreateUnit(ctx, workforce.NewUnit{Code: fmt.Sprintf("PD%02d", i), Name: fmt.Sprintf("Perangkat Daerah %d", i)})
		if err != nil {
			tb.Fatal(err)
		}
		codes = append(codes, top.Code)
		for j := 1; j <= benchSub; j++ {
			sub, err := svc.CreateUnit(ctx, workforce.NewUnit{Code: fmt.Sprintf("%s.%d", top.Code, j), Name: fmt.Sprintf("Bidang %d", j),
				ParentID: top.ID})
			if err != nil {
				tb.Fatal(err)
			}
			codes = append(codes, sub.Code)
		}
	}
	return codes
}

// bigFile is an import of n employees over the units, each unit's first
// one supervising the next nine, in reverse order (a supervisor's row
// comes after their reports'), with a position per unit.
func bigFile(n int, codes []string) []byte {
	var b strings.Builder
	b.WriteString(strings.Join(workforce.Columns, ",") + "\n")
	ps := workforce.SamplePeople(n)
	var lines []string
	for i, p := range ps {
		sup := ""
		if i%10 != 0 {
			sup = num(ps[i-i%10])
		}
		lines = append(lines, row(p, codes[(i/10)%len(codes)], "Pelaksana Umum", sup, ""))
	}
	for i := len(lines) - 1; i >= 0; i-- {
		b.WriteString(lines[i] + "\n")
	}
	return []byte(b.String())
}

// BenchmarkImport10k imports 10,000 employees into a fresh database with
// 100 units (the database made outside the timer).
func BenchmarkImport10k(b *testing.B) {
	for _, e := range sqldbtest.Engines() {
		b.Run(string(e), func(b *testing.B) {
			var file []byte
			for b.Loop() {
				b.StopTimer()
				db := sqldbtest.Open(b, e)
				svc := workforce.New(db, nil)
				codes := seedUnits(b, svc)
				if file == nil {
					file = bigFile(10_000, codes)
				}
				b.StartTimer()
				sum, err := svc.Import(context.Background(), bytes.NewReader(file))
				if err != nil {
					b.Fatal(err)
				}
				if sum.Imported != 10_000 {
					b.Fatalf("%+v", sum)
				}
				b.StopTimer()
				db.Close()
				b.StartTimer()
			}
		})
	}
}

// BenchmarkUnitTree10k reads the unit tree with head counts over 10,000
// employees in 100 units.
func BenchmarkUnitTree10k(b *testing.B) {
	for _, e := range sqldbtest.Engines() {
		b.Run(string(e), func(b *testing.B) {
			db := sqldbtest.Open(b, e)
			svc := workforce.New(db, nil)
			codes := seedUnits(b, svc)
			if _, err := svc.Import(context.Background(), bytes.NewReader(bigFile(10_000, codes))); err != nil {
				b.Fatal(err)
			}
			analyze(b, db)
			b.ResetTimer()
			for b.Loop() {
				tree, err := svc.UnitTree(context.Background())
				if err != nil {
					b.Fatal(err)
				}
				if len(tree) != len(codes) || tree[0].Total == 0 {
					b.Fatalf("%d units", len(tree))
				}
			}
		})
	}
}

// analyze refreshes the planner's statistics, as autovacuum would.
func analyze(tb testing.TB, db *sqldb.DB) {
	if _, err := db.W.ExecContext(context.Background(), `ANALYZE`); err != nil {
		tb.Fatal(err)
	}
}
