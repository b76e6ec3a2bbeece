package web

import (
	"bufio"
	"compress/gzip"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"asnpro/internal/apperr"
	"asnpro/internal/audit"
	"asnpro/internal/identity"
)

type ctxKey int

const (
	requestIDKey ctxKey = iota
	clientKey
	langKey
	bodyKey // the request's *deadlineBody, if it has a body
)

func requestID(ctx context.Context) string { s, _ := ctx.Value(requestIDKey).(string); return s }

// clientAddr is the address of the person making the request: the peer, or
// behind a trusted proxy the nearest untrusted X-Forwarded-For entry.
func clientAddr(ctx context.Context) string { s, _ := ctx.Value(clientKey).(string); return s }

// Request ids: a random per-process prefix and a counter — unique across
// instances in practice, and no entropy to draw per request.
var (
	idPrefix = func() string {
		var b [4]byte
		_, _ = rand.Read(b[:])
		return hex.EncodeToString(b[:])
	}()
	idCounter atomic.Uint64
)

func newRequestID() string {
	return idPrefix + strconv.FormatUint(idCounter.Add(1), 36)
}

// Security headers, built once (the values are never modified).
var (
	hdrNosniff = []string{"nosniff"}
	hdrDeny    = []string{"DENY"}
	hdrRef     = []string{"same-origin"}
	hdrCSP     = []string{
		"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: " +
			"blob:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors " +
			"'none'",
	}
	hdrHSTS = []string{"max-age=31536000; includeSubDomains"}
)

// statusWriter remembers the status and size for the request log.
type statusWriter struct {
	http.ResponseWriter
	status int
	size   int64
}

func (w *statusWriter) WriteHeader(s int) {
	if w.status == 0 {
		w.status = s
	}
	w.ResponseWriter.WriteHeader(s)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.size += int64(n)
	return n, err
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// outer is the first middleware: request id, client address, panic
// recovery, security headers and the request log.
func (s *Server) outer(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		id := r.Header.Get("X-Request-ID")
		if len(id) == 0 || len(id) > 64 {
			id = newRequestID()
		}
		ctx := context.WithValue(r.Context(), requestIDKey, id)
		ctx = context.WithValue(ctx, clientKey, s.clientOf(r))
		ctx = context.WithValue(ctx, langKey, pickLang(r))
		r = r.WithContext(ctx)
		h := w.Header()
		h["X-Request-Id"] = []string{id}
		h["X-Content-Type-Options"] = hdrNosniff
		h["X-Frame-Options"] = hdrDeny
		h["Referrer-Policy"] = hdrRef
		h["Content-Security-Policy"] = hdrCSP
		if s.secure(r) {
			h["Strict-Transport-Security"] = hdrHSTS
		}
		sw := &statusWriter{ResponseWriter: w}
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				s.log.ErrorContext(
					ctx,
					"panic",
					"request_id",
					id,
					"path",
					r.URL.Path,
					"panic",
					fmt.Sprint(p),
					"stack",
					string(debug.Stack()),
				)
				if sw.status == 0 {
					s.fail(sw, r, apperr.Wrap(fmt.Errorf("panic: %v", p), "serve"))
				}
			}
			lvl := slog.LevelDebug
			if s.cfg.AccessLog {
				lvl = slog.LevelInfo
			}
			if sw.status >= 500 {
				lvl = slog.LevelWarn
			}
			if !s.log.Enabled(ctx, lvl) {
				return
			}
			s.log.Log(ctx, lvl, "request", "request_id", id, "method", r.Method, "path", r.URL.Path, "status", sw.status,
				"bytes", sw.size, "ms", float64(time.Since(start).Microseconds())/1000, "client", clientAddr(ctx))
		}()
		if r = s.guardBody(sw, r, start); r == nil {
			return
		}
		release, ok := s.proxiedInFlight(sw, r)
		if !ok {
			return
		}
		defer release()
		next.ServeHTTP(sw, r)
	})
}

// secure reports whether the browser reached us over HTTPS: asnpro
// terminates TLS itself, or a trusted proxy (--trusted-proxies) says so in
// X-Forwarded-Proto. HSTS and the Secure attribute of cookies follow from
// it. The header is ignored from any other address.
func (s *Server) secure(r *http.Request) bool {
	if s.cfg.TLS || r.TLS != nil {
		return true
	}
	return s.fromTrustedProxy(r) && strings.EqualFold(strings.TrimSpace(r.Header.Get("X-Forwarded-Proto")), "https")
}

func (s *Server) fromTrustedProxy(r *http.Request) bool {
	if len(s.cfg.TrustedProxies) == 0 {
		return false
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return false
	}
	a, err := netip.ParseAddr(host)
	if err != nil {
		return false
	}
	return s.trusted(a)
}

func (s *Server) trusted(a netip.Addr) bool {
	a = a.Unmap()
	for _, p := range s.cfg.TrustedProxies {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

func (s *Server) clientOf(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	if !s.fromTrustedProxy(r) {
		return host
	}
	// Walk X-Forwarded-For from the right; the first address that is not a
	// trusted proxy is the client.
	xff := strings.Join(r.Header.Values("X-Forwarded-For"), ",")
	parts := strings.Split(xff, ",")
	for i := len(parts) - 1; i >= 0; i-- {
		a, err := netip.ParseAddr(strings.TrimSpace(parts[i]))
		if err != nil {
			break
		}
		if !s.trusted(a) {
			return a.Unmap().String()
		}
		host = a.Unmap().String()
	}
	return host
}

// authenticate resolves the caller from a bearer token or the session
// cookie. A bad bearer token answers 401 at once; a bad cookie is
// ignored (the visitor is anonymous), so public pages still work.
func (s *Server) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		var p *identity.Principal
		if h := r.Header.Get("Authorization"); h != "" {
			tok, ok := strings.CutPrefix(h, "Bearer ")
			if !ok {
				s.fail(w, r, apperr.E(apperr.Unauthenticated, "web.bearer"))
				return
			}
			var err error
			p, err = s.id.Authenticate(ctx, strings.TrimSpace(tok), identity.KindToken)
			if err != nil {
				s.fail(w, r, err)
				return
			}
		} else if c, err := r.Cookie(sessionCookie); err == nil && c.Value != "" {
			p, err = s.id.Authenticate(ctx, c.Value, identity.KindSession)
			if err != nil && apperr.CodeOf(err) != apperr.Unauthenticated {
				s.fail(w, r, err)
				return
			}
		}
		if p != nil {
			ctx = identity.WithPrincipal(ctx, p)
			ctx = audit.WithActor(ctx, p.Actor(clientAddr(ctx)))
		} else {
			ctx = audit.WithActor(ctx, audit.Actor{Client: clientAddr(ctx)})
		}
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// isAPI reports whether a request is for the JSON API.
func isAPI(r *http.Request) bool {
	return r.URL.Path == "/api/v1" || strings.HasPrefix(r.URL.Path, "/api/v1/")
}

// fail answers err in the form the route speaks: the JSON envelope under
// /api/v1, an error page elsewhere.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	if b, ok := r.Context().Value(bodyKey).(*deadlineBody); ok && !b.done {
		// The body was not read to its end: the connection closes after
		// the answer, instead of the server reading the rest first (which
		// a stalled client never sends).
		w.Header().Set("Connection", "close")
	}
	if isAPI(r) {
		s.writeAPIError(w, r, err)
		return
	}
	s.errorPage(w, r, err)
}

// --- gzip ---

var gzipPool = sync.Pool{New: func() any { w, _ := gzip.NewWriterLevel(io.Discard, gzip.BestSpeed); return w }}

var compressible = []string{"text/", "application/json", "application/javascript", "image/svg+xml", "application/xml"}

type gzipWriter struct {
	http.ResponseWriter
	gz      *gzip.Writer
	decided bool
	on      bool
}

func (g *gzipWriter) decide() {
	if g.decided {
		return
	}
	g.decided = true
	h := g.ResponseWriter.Header()
	if h.Get("Content-Encoding") != "" {
		return
	}
	// A response that fits in one packet gains nothing from compression.
	if cl, err := strconv.Atoi(h.Get("Content-Length")); err == nil && cl < 1400 {
		return
	}
	ct := h.Get("Content-Type")
	ok := false
	for _, p := range compressible {
		if strings.HasPrefix(ct, p) {
			ok = true
		}
	}
	if !ok {
		return
	}
	g.on = true
	h.Del("Content-Length")
	h.Set("Content-Encoding", "gzip")
	g.gz = gzipPool.Get().(*gzip.Writer)
	g.gz.Reset(g.ResponseWriter)
}

func (g *gzipWriter) WriteHeader(code int) {
	if code != http.StatusNoContent && code != http.StatusNotModified && code >= 200 {
		g.decide()
	}
	g.ResponseWriter.WriteHeader(code)
}

func (g *gzipWriter) Write(b []byte) (int, error) {
	g.decide()
	if g.on {
		return g.gz.Write(b)
	}
	return g.ResponseWriter.Write(b)
}

func (g *gzipWriter) Flush() {
	if g.on {
		_ = g.gz.Flush()
	}
	if f, ok := g.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

func (g *gzipWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	if h, ok := g.ResponseWriter.(http.Hijacker); ok {
		return h.Hijack()
	}
	return nil, nil, errors.New("hijack not supported")
}

func (g *gzipWriter) close() {
	if g.on {
		_ = g.gz.Close()
		g.gz.Reset(io.Discard)
		gzipPool.Put(g.gz)
	}
}

func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		enc, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.TrimSpace(enc) != "gzip" {
			continue
		}
		if q, ok := strings.CutPrefix(strings.ReplaceAll(params, " ", ""), "q="); ok {
			if f, err := strconv.ParseFloat(q, 64); err == nil && f == 0 {
				return false
			}
		}
		return true
	}
	return false
}

// compress gzips compressible responses for clients that accept it.
func compress(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Add("Vary", "Accept-Encoding")
		if !acceptsGzip(r) || r.Method == http.MethodHead {
			next.ServeHTTP(w, r)
			return
		}
		g := &gzipWriter{ResponseWriter: w}
		defer g.close()
		next.ServeHTTP(g, r)
	})
}
