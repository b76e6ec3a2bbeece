package app_test

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"asnpro/internal/app/apptest"
	"asnpro/internal/sqldb"
	"asnpro/internal/sqldb/sqldbtest"
	"asnpro/internal/testkit"
)

// tcpProxy forwards connections from a local port to target until it is
// cut; cutting closes every forwarded connection and refuses new ones.
type tcpProxy struct {
	t      *testing.T
	addr   string
	target string
	mu     sync.Mutex
	ln     net.Listener
	conns  []net.Conn
}

func newTCPProxy(t *testing.T, target string) *tcpProxy {
	p := &tcpProxy{t: t, target: target}
	p.listen("127.0.0.1:0")
	t.Cleanup(p.cut)
	return p
}

func (p *tcpProxy) listen(addr string) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		p.t.Fatalf("proxy listen: %v", err)
	}
	p.mu.Lock()
	p.ln, p.addr = ln, ln.Addr().String()
	p.mu.Unlock()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			u, err := net.Dial("tcp", p.target)
			if err != nil {
				c.Close()
				continue
			}
			p.mu.Lock()
			p.conns = append(p.conns, c, u)
			p.mu.Unlock()
			go func() { _, _ = io.Copy(u, c); u.Close() }()
			go func() { _, _ = io.Copy(c, u); c.Close() }()
		}
	}()
}

// cut closes the listener and every connection: the database "refuses".
func (p *tcpProxy) cut() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ln != nil {
		p.ln.Close()
		p.ln = nil
	}
	for _, c := range p.conns {
		c.Close()
	}
	p.conns = nil
}

// restore listens again on the same address.
func (p *tcpProxy) restore() { p.listen(p.addr) }

// TestPostgresOutageAnswers503: while PostgreSQL refuses connections,
// requests answer 503 unavailable with Retry-After (not 500), /readyz says
// so, the outage is logged once; when it is back, everything works again.
func TestPostgresOutageAnswers503(t *testing.T) {
	dsn := sqldbtest.DSN(t, sqldb.Postgres)
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	proxy := newTCPProxy(t, u.Host)
	u.Host = proxy.addr
	q := u.Query()
	q.Set("connect_timeout", "2")
	u.RawQuery = q.Encode()
	srv := apptest.StartDSN(t, u.String(), "--demo", "--register-per-minute", "1000")
	c := apptest.Client()
	if res, b := do(t, c, "GET", srv.URL+"/readyz", "", nil); res.StatusCode != 200 {
		t.Fatalf("readyz before: %d %s", res.StatusCode, b)
	}
	newApplicant(t, srv.URL)

	proxy.cut()
	for i := 0; i < 3; i++ {
		body := fmt.Sprintf(
			`{"nik":"627103520598%04d","name":"Siti","birth_place":"Palangka `+
				`Raya","birth_date":"1998-05-12","gender":"F","email":"o%d@example.id","phone":"081234567890","password":"rahasia-123-x"}`,
			9001+i,
			i,
		)
		res, b := do(t, c, "POST", srv.URL+"/api/v1/applicants", "", strings.NewReader(body), "Content-Type", "application/json")
		e := wantError(t, res, b, 503, "unavailable")
		if res.Header.Get("Retry-After") == "" || strings.Contains(e.Error.Message, "pgconn") {
			t.Fatalf("outage answer: Retry-After %q, message %q", res.Header.Get("Retry-After"), e.Error.Message)
		}
		if res, b := do(t, c, "GET", srv.URL+"/api/v1/periods/1/formations", "", nil); res.StatusCode != 503 && res.StatusCode != 200 {
			// The formation list may be served from memory; it is never a 500.
			t.Fatalf("formations during the outage: %d %s", res.StatusCode, b)
		}
	}
	if res, b := do(t, c, "GET", srv.URL+"/readyz", "", nil); res.StatusCode != 503 || res.Header.Get("Retry-After") == "" {
		t.Fatalf("readyz during the outage: %d %s", res.StatusCode, b)
	}
	if n := strings.Count(srv.Stderr(), "outage: requests answer 503"); n != 1 {
		t.Fatalf("outage logged %d times, want once:\n%s", n, srv.Stderr())
	}
	if strings.Contains(srv.Stderr(), "internal error") {
		t.Fatalf("an outage was logged as an internal error:\n%s", srv.Stderr())
	}

	proxy.restore()
	deadline := time.Now().Add(20 * time.Second)
	for {
		body := `{"nik":"6271035205989999","name":"Siti","birth_place":"Palangka ` +
			`Raya","birth_date":"1998-05-12","gender":"F","email":"back@example.id","phone":"081234567890","password":"rahasia-123-x"}`
		res, b := do(t, c, "POST", srv.URL+"/api/v1/applicants", "", strings.NewReader(body), "Content-Type", "application/json")
		if res.StatusCode == 201 {
			break
		}
		if res.StatusCode != 503 || time.Now().After(deadline) {
			t.Fatalf("after the database came back: %d %s", res.StatusCode, b)
		}
		time.Sleep(500 * time.Millisecond)
	}
}

// TestFullDiskAnswers503: SQLite on a file system that fills up answers
// 503 with Retry-After to a write, /readyz says the disk is full, and
// writes work again once there is room. It mounts a small tmpfs (root).
func TestFullDiskAnswers503(t *testing.T) {
	dir := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=48m", "tmpfs", dir).CombinedOutput(); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("CI runs as root and must be able to mount a tmpfs: %v %s", err, out)
		}
		t.Skipf("cannot mount a tmpfs here (not root?): %v %s", err, out)
	}
	t.Cleanup(func() { _ = exec.Command("umount", "-l", dir).Run() })
	srv := apptest.StartDSN(t, filepath.Join(dir, "asnpro.db"), "--demo", "--register-per-minute", "1000", "--upload-dir", dir)
	c := apptest.Client()
	a := newApplicant(t, srv.URL)

	// The demo's seeding leaves a write-ahead log of several megabytes whose
	// pages later writes reuse without new room: empty it first, so that
	// the first writes after the disk fills need room, as a log kept small
	// by its checkpoints would.
	walDB, err := sqldb.Open(context.Background(), filepath.Join(dir, "asnpro.db"), sqldb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := walDB.W.ExecContext(context.Background(), `PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		t.Fatal(err)
	}
	walDB.Close()

	// Fill the file system.
	filler, err := os.Create(filepath.Join(dir, "filler"))
	if err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 1<<20)
	for {
		if _, err := filler.Write(buf); err != nil {
			break
		}
	}
	for {
		if _, err := filler.Write(buf[:4096]); err != nil {
			break
		}
	}
	filler.Close()

	fid := formationID(t, a, "1", "PKY-2026-007")
	var last []byte
	got503 := false
	// A write that fits in pages SQLite already has still succeeds: when the
	// checkpointer has copied the log into the database file before the disk
	// filled up, the next writes reuse the log's file from its start, and
	// only a write past its end needs room.
	for i := 0; i < 300 && !got503; i++ {
		body := fmt.Sprintf(
			`{"nik":"627103520598%04d","name":"Siti Aminah %d","birth_place":"Palangka `+
				`Raya","birth_date":"1998-05-12","gender":"F","email":"full%d@example.id","phone":"081234567890","password":"rahasia-123-x"}`,
			8001+i,
			i,
			i,
		)
		res, b := do(
			t,
			c,
			"POST",
			srv.URL+"/api/v1/applicants",
			"",
			strings.NewReader(body+strings.Repeat(" ", 8000)),
			"Content-Type",
			"application/json",
		)
		last = b
		switch res.StatusCode {
		case 201:
		case 503:
			wantError(t, res, b, 503, "unavailable")
			if res.Header.Get("Retry-After") == "" {
				t.Fatal("no Retry-After")
			}
			got503 = true
		default:
			t.Fatalf("write on a full disk: %d %s", res.StatusCode, b)
		}
	}
	if !got503 {
		t.Fatalf("no write failed on a full disk; last answer %s", last)
	}
	if code, _, b := a.call("PUT", "/api/v1/applications/1/documents/ktp", testkit.JPEG(t, 120, 160)); code == 500 {
		t.Fatalf("an upload on a full disk: %d %s", code, b)
	}
	_ = fid
	if res, b := do(t, c, "GET", srv.URL+"/readyz", "", nil); res.StatusCode != 503 {
		t.Fatalf("readyz on a full disk: %d %s", res.StatusCode, b)
	}
	if strings.Contains(srv.Stderr(), "internal error") {
		t.Fatalf("a full disk was logged as an internal error:\n%s", srv.Stderr())
	}

	os.Remove(filepath.Join(dir, "filler"))
	body := `{"nik":"6271035205987777","name":"Siti Aminah","birth_place":"Palangka ` +
		`Raya","birth_date":"1998-05-12","gender":"F","email":"room@example.id","phone":"081234567890","password":"rahasia-123-x"}`
	if res, b := do(t, c, "POST", srv.URL+"/api/v1/applicants", "", strings.NewReader(body), "Content-Type",
		"application/json"); res.StatusCode != 201 {
		t.Fatalf("a write once there is room again: %d %s", res.StatusCode, b)
	}
}
