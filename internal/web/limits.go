package web

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/netip"
	"os"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"asnpro/internal/apperr"
	"asnpro/internal/identity"
)

// Limits bound what one client can hold of the server, so that slow or
// abandoned requests cannot take every connection and file descriptor.
type Limits struct {
	// BodyMinTime is the time every request body may take at least;
	// BodyMinRate (bytes a second) gives a larger body size/rate instead.
	// A body still arriving after that ends the request (400 malformed)
	// and its connection.
	BodyMinTime time.Duration
	BodyMinRate int64
	// MaxBody is the largest request body any route accepts; a larger
	// Content-Length is refused with 413 before a byte of it is read.
	MaxBody int64
	// ConnsPerAddr bounds the open connections of one client address
	// (behind a trusted proxy: the requests in flight of one forwarded
	// address); TotalConns bounds all open connections.
	ConnsPerAddr int
	TotalConns   int
	// UploadsPerUser bounds the document uploads one user has in flight.
	UploadsPerUser int
}

// DefaultLimits: a body within max(30 s, size / 20 KB/s); 1,024
// connections per address (an exam venue or an office behind one NAT); 4
// uploads in flight per user; all connections bounded below the process's
// file descriptor limit.
var DefaultLimits = Limits{
	BodyMinTime:    30 * time.Second,
	BodyMinRate:    20 << 10,
	MaxBody:        maxUploadBody,
	ConnsPerAddr:   1024,
	TotalConns:     defaultTotalConns(),
	UploadsPerUser: 4,
}

// bodyTime is how long a body of n bytes may take to arrive.
func (l Limits) bodyTime(n int64) time.Duration {
	d := l.BodyMinTime
	if l.BodyMinRate > 0 {
		if t := time.Duration(float64(n) / float64(l.BodyMinRate) * float64(time.Second)); t > d {
			d = t
		}
	}
	return d
}

func (l Limits) withDefaults() Limits {
	d := DefaultLimits
	if l.BodyMinTime <= 0 {
		l.BodyMinTime = d.BodyMinTime
	}
	if l.BodyMinRate <= 0 {
		l.BodyMinRate = d.BodyMinRate
	}
	if l.MaxBody <= 0 {
		l.MaxBody = d.MaxBody
	}
	if l.ConnsPerAddr <= 0 {
		l.ConnsPerAddr = d.ConnsPerAddr
	}
	if l.TotalConns <= 0 {
		l.TotalConns = d.TotalConns
	}
	if l.UploadsPerUser <= 0 {
		l.UploadsPerUser = d.UploadsPerUser
	}
	return l
}

// errBodyTooSlow ends a request whose body did not arrive in its time.
var errBodyTooSlow = apperr.E(apperr.Malformed, "web.body_too_slow")

// deadlineBody gives a request body its read deadline: the whole body
// within Limits.bodyTime of its size (of what has arrived so far plus the
// read in progress, when no Content-Length was declared), counted from
// the request's start. The deadline is lifted once the body has ended, so
// a handler that works longer after reading is not cut off.
type deadlineBody struct {
	io.ReadCloser
	rc    *http.ResponseController
	start time.Time
	size  int64 // declared; -1 unknown
	read  int64
	set   time.Duration
	lim   Limits
	done  bool
}

func (b *deadlineBody) Read(p []byte) (int, error) {
	if b.done {
		return b.ReadCloser.Read(p)
	}
	want := b.size
	if want < 0 {
		want = b.read + int64(len(p))
	}
	if d := b.lim.bodyTime(want); d != b.set {
		b.set = d
		_ = b.rc.SetReadDeadline(b.start.Add(d)) // not every connection supports it; then ReadHeaderTimeout alone applies
	}
	n, err := b.ReadCloser.Read(p)
	b.read += int64(n)
	switch {
	case err == io.EOF || (err == nil && b.size >= 0 && b.read >= b.size):
		b.done = true
		_ = b.rc.SetReadDeadline(time.Time{})
	case err != nil && isTimeout(err):
		return n, errBodyTooSlow
	}
	return n, err
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout() || errors.Is(err, os.ErrDeadlineExceeded)
}

// limitBody refuses a declared body over n bytes with 413 before reading
// it, and bounds what is read to n bytes (too_large past it).
func limitBody(w http.ResponseWriter, r *http.Request, n int64) error {
	if r.ContentLength > n {
		return tooLargeError(n)
	}
	r.Body = http.MaxBytesReader(w, r.Body, n)
	return nil
}

func tooLargeError(n int64) *apperr.Error {
	return apperr.E(apperr.TooLarge, "web.body_too_large", "max", n)
}

// guardBody is the outer middleware's part for request bodies: 413 for a
// declared size over the largest any route takes, and the read deadline.
// It returns nil when it has answered.
func (s *Server) guardBody(w http.ResponseWriter, r *http.Request, start time.Time) *http.Request {
	if r.ContentLength > s.limits.MaxBody {
		s.failPlain(w, r, tooLargeError(s.limits.MaxBody))
		return nil
	}
	if r.Body != nil && r.Body != http.NoBody && r.ContentLength != 0 {
		b := &deadlineBody{ReadCloser: r.Body, rc: http.NewResponseController(w), start: start, size: r.ContentLength, lim: s.limits}
		// Set at once, so that a body the handler never reads, which the
		// server then discards, has its deadline too.
		want := b.size
		if want < 0 {
			want = 0
		}
		b.set = s.limits.bodyTime(want)
		_ = b.rc.SetReadDeadline(start.Add(b.set))
		r = r.WithContext(context.WithValue(r.Context(), bodyKey, b))
		r.Body = b
	}
	return r
}

// failPlain answers an error from the outer middleware: JSON for the API,
// a short text for pages (the page templates are not needed for it), and
// closes the connection, since the body was not read.
func (s *Server) failPlain(w http.ResponseWriter, r *http.Request, ae *apperr.Error) {
	w.Header().Set("Connection", "close")
	if isAPI(r) {
		s.writeAPIError(w, r, ae)
		return
	}
	setRetryAfter(w, ae)
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(Status(ae.Code))
	_, _ = io.WriteString(w, ae.Localized(langOf(r))+"\n")
}

// counter counts what each key holds at once, up to max.
type counter[K comparable] struct {
	mu  sync.Mutex
	n   map[K]int
	max int
}

func newCounter[K comparable](max int) *counter[K] {
	return &counter[K]{n: map[K]int{}, max: max}
}

// take reserves one for k, or reports false when k holds max already.
func (c *counter[K]) take(k K) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.n[k] >= c.max {
		return false
	}
	c.n[k]++
	return true
}

func (c *counter[K]) give(k K) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.n[k] <= 1 {
		delete(c.n, k)
		return
	}
	c.n[k]--
}

// proxiedInFlight bounds the requests in flight per forwarded client
// address for requests that come through a trusted proxy (whose own
// connections are not counted per address). It reports false when it has
// answered 429.
func (s *Server) proxiedInFlight(w http.ResponseWriter, r *http.Request) (release func(), ok bool) {
	if !s.fromTrustedProxy(r) {
		return func() {}, true
	}
	addr := clientAddr(r.Context())
	if !s.inFlight.take(addr) {
		s.failPlain(w, r, &apperr.Error{Code: apperr.TooManyRequests, RetryAfter: 5, Msg: apperr.M("web.too_many_in_flight")})
		return nil, false
	}
	return func() { s.inFlight.give(addr) }, true
}

// takeUpload reserves one of the caller's concurrent uploads; the error is
// too_many_requests with Retry-After.
func (s *Server) takeUpload(r *http.Request) (release func(), err error) {
	p := identity.PrincipalFrom(r.Context())
	if p == nil {
		return func() {}, nil
	}
	if !s.uploads.take(p.UserID) {
		return nil, &apperr.Error{Code: apperr.TooManyRequests, RetryAfter: 5, Msg: apperr.M("web.uploads_running")}
	}
	return func() { s.uploads.give(p.UserID) }, nil
}

// Listener bounds the connections that ln accepts: at most
// Limits.ConnsPerAddr from one address (a trusted proxy's own connections
// count only towards the total) and Limits.TotalConns in all. A
// connection over a limit is answered at once — 429 for its address, 503
// for the total, each with Retry-After — and closed, so that it never
// holds a descriptor for long. With TLS (tls true) it is closed without
// an answer, since the handshake has not happened yet.
func (s *Server) Listener(ln net.Listener, tls bool) net.Listener {
	return &connLimiter{Listener: ln, s: s, tls: tls, open: map[netip.Addr]int{}, refusing: make(chan struct{}, 512)}
}

type connLimiter struct {
	net.Listener
	s        *Server
	tls      bool
	mu       sync.Mutex
	open     map[netip.Addr]int
	all      int
	refusing chan struct{} // bounds the refusals in progress
	refused  atomic.Uint64
	warned   atomic.Bool
}

func (l *connLimiter) Accept() (net.Conn, error) {
	for {
		c, err := l.Listener.Accept()
		if err != nil {
			return nil, err
		}
		addr := peerOf(c)
		exempt := addr.IsValid() && l.s.trusted(addr)
		if why := l.admit(addr, exempt); why != "" {
			l.refuse(c, why)
			continue
		}
		return &limitedConn{Conn: c, l: l, addr: addr, exempt: exempt}, nil
	}
}

// admit counts the connection in, or says which limit it is over.
func (l *connLimiter) admit(a netip.Addr, exempt bool) string {
	lim := l.s.limits
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.all >= lim.TotalConns {
		return "total"
	}
	if !exempt && l.open[a] >= lim.ConnsPerAddr {
		return "address"
	}
	l.all++
	if !exempt {
		l.open[a]++
	}
	return ""
}

func (l *connLimiter) release(a netip.Addr, exempt bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.all--
	if exempt {
		return
	}
	if l.open[a] <= 1 {
		delete(l.open, a)
	} else {
		l.open[a]--
	}
}

const (
	refuseAddress = "HTTP/1.1 429 Too Many Requests\r\nRetry-After: 5\r\nContent-Type: " +
		"application/json\r\nConnection: close\r\nContent-Length: "
	refuseTotal = "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 5\r\nContent-Type: " +
		"application/json\r\nConnection: close\r\nContent-Length: "
)

// The bodies of the connection refusals, written before any request is
// read (so in both languages, Indonesian first).
var (
	bodyAddress = refusalBody(apperr.TooManyRequests, "web.too_many_connections")
	bodyTotal   = refusalBody(apperr.Unavailable, "web.server_full")
)

func refusalBody(code apperr.Code, key string) string {
	b, _ := json.Marshal(errorBody{Error: errorDetail{Code: code, Message: T(langID, key) + " / " + T(langEN, key)}})
	return string(b) + "\n"
}

// refuse answers a connection over a limit and closes it, in the
// background and briefly; past 512 refusals in progress it just closes.
func (l *connLimiter) refuse(c net.Conn, why string) {
	l.refused.Add(1)
	if !l.warned.Swap(true) {
		l.s.log.Warn(
			"connections refused over a limit (logged once until the limits are met again)",
			"limit",
			why,
			"addr",
			peerOf(c).String(),
		)
	}
	if l.tls {
		c.Close()
		return
	}
	select {
	case l.refusing <- struct{}{}:
	default:
		c.Close()
		return
	}
	go func() {
		defer func() { <-l.refusing }()
		head, body := refuseAddress, bodyAddress
		if why == "total" {
			head, body = refuseTotal, bodyTotal
		}
		_ = c.SetWriteDeadline(time.Now().Add(2 * time.Second))
		_, _ = io.WriteString(c, head+strconv.Itoa(len(body))+"\r\n\r\n"+body)
		// Read what the client sent before closing, briefly, so that the
		// close is not a reset that loses the answer.
		if tc, ok := c.(interface{ CloseWrite() error }); ok {
			_ = tc.CloseWrite()
			_ = c.SetReadDeadline(time.Now().Add(250 * time.Millisecond))
			_, _ = io.CopyN(io.Discard, c, 64<<10)
		}
		c.Close()
	}()
}

// limitedConn gives its place back once, when closed.
type limitedConn struct {
	net.Conn
	l      *connLimiter
	addr   netip.Addr
	exempt bool
	once   sync.Once
}

func (c *limitedConn) Close() error {
	c.once.Do(func() {
		c.l.release(c.addr, c.exempt)
		if c.l.warned.Load() {
			c.l.mu.Lock()
			below := c.l.all < c.l.s.limits.TotalConns*9/10
			c.l.mu.Unlock()
			if below {
				c.l.warned.Store(false)
			}
		}
	})
	return c.Conn.Close()
}

func peerOf(c net.Conn) netip.Addr {
	if ta, ok := c.RemoteAddr().(*net.TCPAddr); ok {
		if a, ok := netip.AddrFromSlice(ta.IP); ok {
			return a.Unmap()
		}
	}
	if ap, err := netip.ParseAddrPort(c.RemoteAddr().String()); err == nil {
		return ap.Addr().Unmap()
	}
	return netip.Addr{}
}
