package sqldb_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"syscall"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"

	"asnpro/internal/apperr"
	"asnpro/internal/sqldb"
)

func TestOutage(t *testing.T) {
	for _, tc := range []struct {
		name string
		err  error
		kind string
	}{
		{"no space on a blob write", &os.PathError{Op: "write", Path: "/blobs/ab/abcd", Err: syscall.ENOSPC}, sqldb.OutageDiskFull},
		{"PostgreSQL disk full", fmt.Errorf("insert: %w", &pgconn.PgError{Code: "53100"}), sqldb.OutageDiskFull},
		{"PostgreSQL connection failure", &pgconn.PgError{Code: "08006"}, sqldb.OutageDatabase},
		{"PostgreSQL shutting down", &pgconn.PgError{Code: "57P01"}, sqldb.OutageDatabase},
		{"connection refused", fmt.Errorf("dial: %w", syscall.ECONNREFUSED), sqldb.OutageDatabase},
		{"a connection dropped mid-answer", fmt.Errorf("prepare: %w", io.ErrUnexpectedEOF), sqldb.OutageDatabase},
		{"a unique violation is no outage", &pgconn.PgError{Code: "23505"}, ""},
		{"the request's own cancellation is no outage", fmt.Errorf("query: %w", context.Canceled), ""},
		{"the request's own deadline is no outage", context.DeadlineExceeded, ""},
		{"a bug is no outage", errors.New("bad SQL"), ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			kind, ok := sqldb.Outage(tc.err)
			if kind != tc.kind || ok != (tc.kind != "") {
				t.Fatalf("Outage = %q, %v; want %q", kind, ok, tc.kind)
			}
			if ok {
				ae := apperr.As(sqldb.Translate(tc.err, "test"))
				if ae.Code != apperr.Unavailable || ae.RetryAfter <= 0 {
					t.Fatalf("Translate = %v (retry %d), want unavailable with Retry-After", ae.Code, ae.RetryAfter)
				}
			}
		})
	}
}
