package app_test

import (
	"bufio"
	"fmt"
	"net"
	"net/http"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"asnpro/internal/app/apptest"
	"asnpro/internal/sqldb"
	"asnpro/internal/testkit"
)

// openFDs counts this process's open file descriptors (server and test
// share the process).
func openFDs(t *testing.T) int {
	t.Helper()
	es, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Skip("no /proc/self/fd here")
	}
	return len(es)
}

// rawRequest opens a connection from the loopback address local, sends
// head (the request line and headers, then the blank line) and body, and
// leaves the connection open.
func rawRequest(t *testing.T, local, server, head, body string) net.Conn {
	t.Helper()
	d := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(local)}, Timeout: 5 * time.Second}
	c, err := d.Dial("tcp", server)
	if err != nil {
		t.Fatalf("dial from %s: %v", local, err)
	}
	if _, err := fmt.Fprintf(c, "%s\r\nHost: asnpro\r\n\r\n%s", head, body); err != nil {
		c.Close()
		t.Fatalf("write: %v", err)
	}
	return c
}

// answer reads the status line and headers that c received within wait;
// status 0 means none came.
func answer(c net.Conn, wait time.Duration) (status int, hdr http.Header) {
	_ = c.SetReadDeadline(time.Now().Add(wait))
	res, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		return 0, nil
	}
	res.Body.Close()
	return res.StatusCode, res.Header
}

// TestSlowRequestsCannotExhaustServer: hundreds of connections that start a
// request body and stall, from one address, hold at most the per-address
// limit of the server's connections (the rest are answered 429 at once),
// are cut when their body's time is up, and give their descriptors back;
// meanwhile /healthz and ordinary requests from another address answer.
// A declared body over a route's limit is refused before it is read, and
// one user's uploads in flight are bounded.
func TestSlowRequestsCannotExhaustServer(t *testing.T) {
	srv := apptest.Start(t, sqldb.SQLite, "--demo", "--register-per-minute", "1000",
		"--conns-per-address", "100", "--body-timeout", "2s", "--body-min-rate", "1024", "--uploads-per-user", "2")
	server := strings.TrimPrefix(srv.URL, "http://")
	client := apptest.Client()
	alive := func(when string) {
		t.Helper()
		for _, p := range []string{"/healthz", "/api/v1/periods"} {
			start := time.Now()
			res, b := do(t, client, "GET", srv.URL+p, "", nil)
			if res.StatusCode != 200 || time.Since(start) > 5*time.Second {
				t.Fatalf("%s: GET %s answered %d after %v: %s", when, p, res.StatusCode, time.Since(start), b)
			}
		}
	}
	alive("before")
	before := openFDs(t)

	const slow = 300
	conns := make([]net.Conn, slow)
	for i := range conns {
		conns[i] = rawRequest(t, "127.0.0.2", server,
			"POST /api/v1/applicants HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: 1000", `{"nik":`)
	}
	defer func() {
		for _, c := range conns {
			c.Close()
		}
	}()
	// Those over the per-address limit are answered 429 with Retry-After
	// at once; the others wait for their body.
	statuses := make([]int, slow)
	var wg sync.WaitGroup
	for i, c := range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			st, h := answer(c, 500*time.Millisecond)
			if st == 429 && h.Get("Retry-After") == "" {
				st = -1
			}
			statuses[i] = st
		}()
	}
	wg.Wait()
	count := map[int]int{}
	for _, st := range statuses {
		count[st]++
	}
	if count[429] != slow-100 || count[0] != 100 {
		t.Fatalf(
			"answers to %d stalled connections (0 = still waiting): %v; want %d × 429 with Retry-After and 100 waiting",
			slow,
			count,
			slow-100,
		)
	}
	held := openFDs(t) - before // the test's own 300 plus the server's 100
	alive("while 100 slow bodies are held")
	reg := newApplicant(t, srv.URL) // a registration from another address goes through
	_ = reg

	// Past the body's time the server ends the 100 and frees their
	// descriptors (the test still holds its own 300 ends).
	deadline := time.Now().Add(15 * time.Second)
	for {
		now := openFDs(t) - before
		if now <= slow+10 {
			t.Logf("descriptors held: %d with the slow bodies, %d after their time (the test's own %d included)", held, now, slow)
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("descriptors held %d while slow, still %d after 15 s; want ≤ %d", held, now, slow+10)
		}
		time.Sleep(200 * time.Millisecond)
	}
	if held < slow+90 {
		t.Fatalf("only %d descriptors held while slow: the server did not hold the admitted connections", held)
	}
	for _, c := range conns {
		c.Close()
	}
	alive("after")

	t.Run("a declared body over the limit is refused before it is read", func(t *testing.T) {
		for _, tc := range []struct{ head string }{
			{"POST /api/v1/applicants HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: 1073741824"},
			{"PUT /api/v1/applications/1/documents/ktp HTTP/1.1\r\nAuthorization: Bearer " + reg.token + "\r\nContent-Length: 3000000"},
			{"POST /api/v1/auth/token HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: 2000000"},
		} {
			c := rawRequest(t, "127.0.0.1", server, tc.head, "")
			st, _ := answer(c, 3*time.Second)
			c.Close()
			if st != 413 {
				t.Errorf("%s: status %d, want 413 before the body", strings.SplitN(tc.head, "\r\n", 2)[0], st)
			}
		}
	})

	t.Run("uploads in flight per user", func(t *testing.T) {
		fid := formationID(t, reg, "1", "PKY-2026-007")
		code, m, b := reg.call(
			"POST",
			"/api/v1/applications",
			map[string]any{"formation_id": fid, "education": map[string]any{"level": "S1", "major": "S1-TI", "ipk": 3.5}},
		)
		if code != 201 {
			t.Fatalf("create: %d %s", code, b)
		}
		id := m["id"].(string)
		put := func(kind string) net.Conn {
			return rawRequest(t, "127.0.0.1", server, "PUT /api/v1/applications/"+id+"/documents/"+kind+" HTTP/1.1\r\nAuthorization: Bearer "+
				reg.token+"\r\nContent-Length: 100000", "%PDF-1.4\n")
		}
		a, b2 := put("ijazah"), put("transkrip")
		defer a.Close()
		defer b2.Close()
		for _, c := range []net.Conn{a, b2} {
			if st, _ := answer(c, 300*time.Millisecond); st != 0 {
				t.Fatalf("a slow upload was answered %d at once", st)
			}
		}
		c := put("surat_lamaran")
		st, h := answer(c, 3*time.Second)
		c.Close()
		if st != 429 || h.Get("Retry-After") == "" {
			t.Fatalf("third upload in flight: status %d, Retry-After %q; want 429 with Retry-After", st, h.Get("Retry-After"))
		}
		a.Close()
		b2.Close()
		time.Sleep(300 * time.Millisecond)
		pdf := testkit.PDF("ijazah", testkit.PaddedTo(3000))
		if code, _, b := reg.call("PUT", "/api/v1/applications/"+id+"/documents/ijazah", pdf); code != 200 {
			t.Fatalf("an upload after the others ended: %d %s", code, b)
		}
	})
}
