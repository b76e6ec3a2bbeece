// Package apptest starts a real asnpro server through app.Run on
// 127.0.0.1:0 for end-to-end tests, on SQLite or PostgreSQL.
package apptest

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"asnpro/internal/app"
	"asnpro/internal/sqldb"
	"asnpro/internal/sqldb/sqldbtest"
)

// Server is a running asnpro.
type Server struct {
	URL string
	DSN string
	// KeyFile is the instance key file: commands that write events beside
	// the server (user add) need it on PostgreSQL.
	KeyFile string
	Exit    chan int // receives Run's exit code once it returns

	cancel context.CancelFunc
	mu     sync.Mutex
	out    strings.Builder
	errOut strings.Builder
}

// Stdout returns what the server printed so far.
func (s *Server) Stdout() string { s.mu.Lock(); defer s.mu.Unlock(); return s.out.String() }

// Stderr returns what the server logged so far.
func (s *Server) Stderr() string { s.mu.Lock(); defer s.mu.Unlock(); return s.errOut.String() }

// Stop sends the equivalent of SIGTERM and waits for Run to return.
func (s *Server) Stop(tb testing.TB) int {
	s.cancel()
	select {
	case code := <-s.Exit:
		s.Exit <- code
		return code
	case <-time.After(60 * time.Second):
		tb.Fatal("server did not stop within 60 s")
		return -1
	}
}

var listenRE = regexp.MustCompile(`listening on (https?://\S+)`)

type lockedWriter struct {
	mu *sync.Mutex
	b  *strings.Builder
	w  io.Writer
}

func (l lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	l.b.Write(p)
	l.mu.Unlock()
	if l.w != nil {
		return l.w.Write(p)
	}
	return len(p), nil
}

// Start runs `asnpro serve --addr 127.0.0.1:0 --db DSN args…` on a fresh
// database of engine e and waits until it listens. It is stopped when the
// test ends.
func Start(tb testing.TB, e sqldb.Engine, args ...string) *Server {
	tb.Helper()
	return StartDSN(tb, sqldbtest.DSN(tb, e), args...)
}

// StartDSN is Start on a given database.
func StartDSN(tb testing.TB, dsn string, args ...string) *Server {
	tb.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	s := &Server{DSN: dsn, cancel: cancel, Exit: make(chan int, 1)}
	pr, pw := io.Pipe()
	stdout := lockedWriter{mu: &s.mu, b: &s.out, w: pw}
	var logw io.Writer
	if os.Getenv("ASNPRO_TEST_LOG") == "1" {
		logw = os.Stderr
	}
	stderr := lockedWriter{mu: &s.mu, b: &s.errOut, w: logw}
	all := append([]string{"serve", "--addr", "127.0.0.1:0", "--db", dsn}, args...)
	s.KeyFile = strings.TrimPrefix(dsn, "sqlite:") + ".key"
	for i, a := range args {
		if a == "--key-file" && i+1 < len(args) {
			s.KeyFile = args[i+1]
		} else if v, ok := strings.CutPrefix(a, "--key-file="); ok {
			s.KeyFile = v
		}
	}
	if sqldb.IsPostgres(dsn) && !hasFlag(args, "--key-file") {
		s.KeyFile = tb.TempDir() + "/asnpro.key"
		all = append(all, "--key-file", s.KeyFile)
	}
	go func() {
		code := app.Run(ctx, all, func(string) string { return "" }, strings.NewReader(""), stdout, stderr)
		pw.Close()
		s.Exit <- code
	}()
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			if m := listenRE.FindStringSubmatch(sc.Text()); m != nil {
				select {
				case found <- m[1]:
				default:
				}
			}
		}
		close(found)
	}()
	select {
	case u, ok := <-found:
		if !ok {
			cancel()
			tb.Fatalf("asnpro serve exited before listening:\n%s", s.Stderr())
		}
		s.URL = u
	case <-time.After(60 * time.Second):
		cancel()
		tb.Fatalf("asnpro serve did not listen within 60 s:\n%s", s.Stderr())
	}
	tb.Cleanup(func() { s.Stop(tb) })
	return s
}

func hasFlag(args []string, name string) bool {
	for _, a := range args {
		if a == name || strings.HasPrefix(a, name+"=") {
			return true
		}
	}
	return false
}

// Client returns an HTTP client with a cookie jar that does not follow
// redirects (tests look at them).
func Client() *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{
		Jar:           jar,
		Timeout:       60 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}
