package testkit

import (
	"context"
	"strconv"
	"testing"

	"asnpro/internal/sqldb"
)

// AuditOption narrows CountAudit.
type AuditOption func(*auditFilter)

type auditFilter struct {
	objectID string
	object   bool
}

// Object counts only the events about object id.
func Object(id string) AuditOption {
	return func(f *auditFilter) { f.objectID, f.object = id, true }
}

// CountAudit returns how many audit events db holds with action (every
// action when action is ""), narrowed by opts.
func CountAudit(tb testing.TB, db *sqldb.DB, action string, opts ...AuditOption) int {
	tb.Helper()
	var f auditFilter
	for _, fn := range opts {
		fn(&f)
	}
	q, args := `SELECT count(*) FROM audit_events WHERE 1 = 1`, []any{}
	if action != "" {
		args = append(args, action)
		q += ` AND action = $1`
	}
	if f.object {
		args = append(args, f.objectID)
		q += ` AND object_id = $` + strconv.Itoa(len(args))
	}
	var n int
	if err := db.R.QueryRowContext(context.Background(), q, args...).Scan(&n); err != nil {
		tb.Fatalf("count audit events %q: %v", action, err)
	}
	return n
}
