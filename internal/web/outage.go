package web

import (
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"asnpro/internal/apperr"
	"asnpro/internal/sqldb"
)

// outageQuiet is how long without a failure ends an outage: the next
// failure after that is logged as a new one.
const outageQuiet = 30 * time.Second

// minFreeDisk is the free space below which /readyz reports the disk full.
const minFreeDisk = 64 << 20

// outages remembers the current outage (a database that cannot be reached,
// a full disk), so that it is logged once, not once per request, and so
// that /readyz reports it while it lasts.
type outages struct {
	mu    sync.Mutex
	kind  string
	since time.Time
	last  time.Time
	count int
	now   func() time.Time
}

// report notes a request that failed for an outage of kind; the first of
// an outage is logged.
func (o *outages) report(kind string, err error, log *slog.Logger) {
	o.mu.Lock()
	defer o.mu.Unlock()
	now := o.now()
	if o.kind != kind || now.Sub(o.last) > outageQuiet {
		if o.kind != "" && now.Sub(o.last) <= outageQuiet {
			log.Warn("outage changed", "from", o.kind, "to", kind, "failed_requests", o.count)
		}
		o.kind, o.since, o.count = kind, now, 0
		log.Error("outage: requests answer 503 until it ends", "kind", kind, "err", err)
	}
	o.last = now
	o.count++
}

// current returns the outage still going on (a failure within outageQuiet).
func (o *outages) current() (kind string, since time.Time, ok bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.kind == "" || o.now().Sub(o.last) > outageQuiet {
		return "", time.Time{}, false
	}
	return o.kind, o.since, true
}

// readyz: GET /readyz — 200 "ok" when the database answers, the disks
// under the database, the blobs and the spool have room, and no request
// has met an outage in the last 30 seconds; else 503 with the reason.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) error {
	if err := s.db.Ping(r.Context()); err != nil {
		if kind, ok := sqldb.Outage(err); ok {
			s.outages.report(kind, err, s.log)
		}
		return &apperr.Error{Code: apperr.Unavailable, Msg: apperr.M("web.db_unreachable"), RetryAfter: 5, Err: err}
	}
	for _, dir := range s.cfg.DiskPaths {
		if free, ok := freeBytes(dir); ok && free < minFreeDisk {
			return sqldb.OutageError(sqldb.OutageDiskFull, nil)
		}
	}
	if kind, _, ok := s.outages.current(); ok {
		return sqldb.OutageError(kind, nil)
	}
	body := "ok\n"
	if s.audit != nil {
		// Still ready (the database answers), but say so: rows written
		// into audit_events beside asnpro were left out of the chain.
		if n, last, err := s.audit.Refused(r.Context()); err == nil && n > 0 {
			body += fmt.Sprintf(
				"audit: %d event(s) written outside asnpro refused by the sealer (latest seq %d); run asnpro audit verify --key-file\n",
				n,
				last,
			)
		}
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, err := w.Write([]byte(body))
	return err
}
