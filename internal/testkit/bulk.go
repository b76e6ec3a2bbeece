package testkit

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"asnpro/internal/sqldb"
)

// BulkInsert writes n rows in one transaction through head ("INSERT INTO t
// (a, b) VALUES "), per rows a statement, each row's values from row(i):
// the seeding of benchmarks, outside their timers.
func BulkInsert(tb testing.TB, db *sqldb.DB, head string, n, per int, row func(i int) []any) {
	tb.Helper()
	ctx := context.Background()
	err := db.Write(ctx, func(tx *sqldb.Tx) error {
		for start := 0; start < n; start += per {
			var ph []string
			var args []any
			for i := start; i < min(n, start+per); i++ {
				vals := row(i)
				marks := make([]string, len(vals))
				for k := range vals {
					marks[k] = fmt.Sprintf("$%d", len(args)+k+1)
				}
				ph = append(ph, "("+strings.Join(marks, ", ")+")")
				args = append(args, vals...)
			}
			if _, err := tx.ExecContext(ctx, head+strings.Join(ph, ", "), args...); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		tb.Fatalf("%.60s…: %v", head, err)
	}
}
