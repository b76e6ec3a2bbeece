package sqldb

import (
	"context"
	"database/sql/driver"
	"errors"
	"io"
	"net"
	"syscall"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"asnpro/internal/apperr"
)

// Outage kinds: what the server cannot help and the client may retry.
const (
	OutageDatabase = "database" // the database cannot be reached or refuses connections
	OutageDiskFull = "disk_full"
)

// Outage reports whether err comes from an outage rather than from the
// request or a bug: a database that refuses or drops connections, or a
// full disk (on either engine, or under the blob and spool folders). The
// kind is OutageDatabase or OutageDiskFull.
func Outage(err error) (kind string, ok bool) {
	if err == nil || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return "", false // the request's own end, not an outage
	}
	if errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EDQUOT) {
		return OutageDiskFull, true
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff {
		case sqlite3.SQLITE_FULL:
			return OutageDiskFull, true
		case sqlite3.SQLITE_IOERR, sqlite3.SQLITE_CANTOPEN:
			return OutageDatabase, true
		}
		return "", false
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch {
		case pe.Code == "53100": // disk_full
			return OutageDiskFull, true
		case len(pe.Code) == 5 && pe.Code[:2] == "08", // connection_exception
			pe.Code == "53300",                                         // too_many_connections
			pe.Code == "57P01", pe.Code == "57P02", pe.Code == "57P03": // shutdown, crash, cannot connect now
			return OutageDatabase, true
		}
		return "", false
	}
	var ce *pgconn.ConnectError
	var ne net.Error
	var oe *net.OpError
	switch {
	case errors.As(err, &ce), errors.As(err, &oe), errors.Is(err, driver.ErrBadConn),
		errors.Is(err, io.ErrUnexpectedEOF), // a connection dropped mid-answer
		errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE):
		return OutageDatabase, true
	case errors.As(err, &ne) && ne.Timeout():
		return OutageDatabase, true
	}
	if pgconn.SafeToRetry(err) {
		return OutageDatabase, true
	}
	return "", false
}

// OutageError is the error a request meets during an outage: unavailable,
// with Retry-After, in plain words.
func OutageError(kind string, cause error) *apperr.Error {
	if kind == OutageDiskFull {
		return &apperr.Error{Code: apperr.Unavailable, RetryAfter: 30, Err: cause,
			Msg: apperr.M("sqldb.disk_full")}
	}
	return &apperr.Error{Code: apperr.Unavailable, RetryAfter: 5, Err: cause,
		Msg: apperr.M("sqldb.unreachable")}
}
