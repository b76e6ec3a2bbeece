package app_test

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"database/sql"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"io"
	"math/big"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"asnpro/internal/app"
	"asnpro/internal/app/apptest"
	"asnpro/internal/sqldb"
	"asnpro/internal/sqldb/sqldbtest"
	"asnpro/internal/testkit"
)

type apiError struct {
	Error struct {
		Code    string            `json:"code"`
		Message string            `json:"message"`
		Fields  map[string]string `json:"fields"`
	} `json:"error"`
}

func do(t *testing.T, c *http.Client, method, url, token string, body io.Reader, hdr ...string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, url, body)
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res, b
}

func wantError(t *testing.T, res *http.Response, body []byte, status int, code string) apiError {
	t.Helper()
	var e apiError
	if res.StatusCode != status {
		t.Fatalf("%s %s: status %d, want %d; body %s", res.Request.Method, res.Request.URL.Path, res.StatusCode, status, body)
	}
	if err := json.Unmarshal(body, &e); err != nil || e.Error.Code != code || e.Error.Message == "" {
		t.Fatalf("%s %s: body %s, want the envelope with code %q", res.Request.Method, res.Request.URL.Path, body, code)
	}
	return e
}

func token(t *testing.T, c *http.Client, base, user, pw string) string {
	t.Helper()
	res, b := do(
		t,
		c,
		"POST",
		base+"/api/v1/auth/token",
		"",
		strings.NewReader(fmt.Sprintf(`{"username":%q,"password":%q}`, user, pw)),
		"Content-Type",
		"application/json",
	)
	if res.StatusCode != 200 {
		t.Fatalf("token for %s: %d %s", user, res.StatusCode, b)
	}
	var out struct {
		Token     string    `json:"token"`
		ExpiresAt time.Time `json:"expires_at"`
		User      struct {
			ID       string   `json:"id"`
			Username string   `json:"username"`
			Roles    []string `json:"roles"`
		} `json:"user"`
	}
	if err := json.Unmarshal(b, &out); err != nil || out.Token == "" || out.User.Username != user || out.User.ID == "" ||
		len(out.User.Roles) == 0 {
		t.Fatalf("token body %s", b)
	}
	if d := time.Until(out.ExpiresAt); d < 23*time.Hour || d > 25*time.Hour {
		t.Fatalf("token expires in %v, want 24 h", d)
	}
	return out.Token
}

// countAudit counts the audit events with action in the database at dsn.
func countAudit(t *testing.T, dsn, action string) int {
	t.Helper()
	db, err := sqldb.Open(context.Background(), dsn, sqldb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	return testkit.CountAudit(t, db, action)
}

// TestAPIConventions runs the list of bad inputs of the API conventions
// against a real server on each engine.
func TestAPIConventions(t *testing.T) {
	t.Parallel()
	for _, e := range sqldbtest.Engines() {
		t.Run(string(e), func(t *testing.T) { apiConventions(t, e) })
	}
}

// apiConventions is TestAPIConventions on engine e.
func apiConventions(t *testing.T, e sqldb.Engine) {
	srv := apptest.Start(t, e, "--demo")
	c := apptest.Client()
	u := srv.URL
	t.Run("health", func(t *testing.T) {
		for _, p := range []string{"/healthz", "/readyz"} {
			res, b := do(t, c, "GET", u+p, "", nil)
			if res.StatusCode != 200 || strings.TrimSpace(string(b)) != "ok" {
				t.Fatalf("%s: %d %q", p, res.StatusCode, b)
			}
		}
	})
	t.Run("wrong password is 401, same message as an unknown user", func(t *testing.T) {
		r1, b1 := do(t, c, "POST", u+"/api/v1/auth/token", "", strings.NewReader(`{"username":"panitia","password":"bukan-ini"}`))
		r2, b2 := do(t, c, "POST", u+"/api/v1/auth/token", "", strings.NewReader(`{"username":"tidak-ada","password":"bukan-ini"}`))
		e1 := wantError(t, r1, b1, 401, "unauthenticated")
		e2 := wantError(t, r2, b2, 401, "unauthenticated")
		if e1.Error.Message != e2.Error.Message {
			t.Fatalf("messages differ: %q vs %q", e1.Error.Message, e2.Error.Message)
		}
	})
	anon := &api{t: t, base: u, c: c}
	panitia := &api{t: t, base: u, c: c, token: token(t, c, u, "panitia", app.DemoPassword)}
	admin := &api{t: t, base: u, c: c, token: token(t, c, u, "admin", app.DemoPassword)}
	for _, sc := range conventionScenarios(anon, panitia, admin) {
		t.Run(sc.name, func(t *testing.T) { sc.run(t) })
	}
	t.Run("wrong method is 405 with the envelope and Allow", func(t *testing.T) {
		res, b := do(t, c, "PUT", u+"/api/v1/auth/token", "", nil)
		wantError(t, res, b, 405, "method_not_allowed")
		if res.Header.Get("Allow") != "DELETE, POST" {
			t.Fatalf("Allow %q", res.Header.Get("Allow"))
		}
	})
	t.Run("another role's route is 403 and recorded", func(t *testing.T) {
		before := countAudit(t, srv.DSN, "access.denied")
		res, b := do(t, c, "GET", u+"/api/v1/users", panitia.token, nil)
		wantError(t, res, b, 403, "forbidden")
		if n := countAudit(t, srv.DSN, "access.denied"); n != before+1 {
			t.Fatalf("access.denied events %d → %d, want one more", before, n)
		}
	})
	t.Run("the right role sees the list", func(t *testing.T) {
		res, b := do(t, c, "GET", u+"/api/v1/users?limit=5", admin.token, nil)
		var l struct {
			Items []struct{ ID, Username string } `json:"items"`
			Total int                             `json:"total"`
		}
		if res.StatusCode != 200 || json.Unmarshal(b, &l) != nil || l.Total != demoUserCount || len(l.Items) != 5 || l.Items[0].ID == "" {
			t.Fatalf("users: %d %s", res.StatusCode, b)
		}
	})
	t.Run("a revoked token is 401", func(t *testing.T) { checkRevokedToken(t, c, u) })
	t.Run("a cross-site form POST is 403", func(t *testing.T) {
		res, _ := do(t, c, "POST", u+"/login", "", strings.NewReader("username=admin&password=asnpro-demo"),
			"Content-Type", "application/x-www-form-urlencoded", "Origin", "https://evil.example")
		if res.StatusCode != 403 {
			t.Fatalf("cross-site form POST: %d, want 403", res.StatusCode)
		}
	})
	t.Run("security headers and gzip", func(t *testing.T) { checkHeadersAndGzip(t, c, u) })
	t.Run("eleven failures lock the username, known or not", func(t *testing.T) { checkLoginLock(t, c, u) })
}

// conventionScenarios are the bad requests of the API conventions, each
// answered with its status and the error envelope.
func conventionScenarios(anon, panitia, admin *api) []scenario {
	const tokenPath = "/api/v1/auth/token"
	jsonType := []string{"Content-Type", "application/json"}
	var scs []scenario
	for i, body := range []string{`{"username":`, `[1,2]`, `{"username":"a","password":"b"} ` +
		`trailing`, `{"username":1,"password":"b"}`, `{"user":"x"}`} {
		scs = append(scs, scenario{name: fmt.Sprintf("malformed JSON is 400 (%d)", i+1), as: anon, method: "POST", path: tokenPath,
			body: []byte(body), hdr: jsonType, status: 400, code: "malformed"})
	}
	return append(scs, []scenario{
		{name: "empty fields are 422 with fields", as: anon, method: "POST", path: tokenPath, body: []byte(`{"username":"","password":""}`),
			status: 422, code: "invalid", fields: []string{"username", "password"}},
		{name: "a body over the limit is 413", as: anon, method: "POST", path: tokenPath,
			body: []byte(`{"username":"` + strings.Repeat("a", 2<<20) + `","password":"x"}`), hdr: jsonType, status: 413, code: "too_large"},
		{name: "not JSON is 415", as: anon, method: "POST", path: tokenPath, body: []byte(`username=a`),
			hdr: []string{"Content-Type", "application/x-www-form-urlencoded"}, status: 415, code: "unsupported_media_type"},
		{name: "unknown route is 404 JSON, signed out", as: anon, method: "GET", path: "/api/v1/tidak-ada", status: 404, code: "not_found"},
		{name: "unknown route is 404 JSON, signed in", as: panitia, method: "GET", path: "/api/v1/tidak-ada", status: 404, code: "not_found"},
		{name: "no credentials is 401", as: anon, method: "GET", path: "/api/v1/users", status: 401, code: "unauthenticated"},
		{name: "a page size over the limit is 422", as: admin, method: "GET", path: "/api/v1/users?limit=501", status: 422, code: "invalid"},
		{
			name:   "a cross-site POST is 403",
			as:     anon,
			method: "POST",
			path:   tokenPath,
			body:   []byte(`{"username":"admin","password":"asnpro-demo"}`),
			hdr:    []string{"Content-Type", "application/json", "Sec-Fetch-Site", "cross-site", "Origin", "https://evil.example"},
			status: 403,
			code:   "forbidden",
		},
	}...)
}

// checkRevokedToken: a token works until revoked, then is 401, as is a
// made-up one.
func checkRevokedToken(t *testing.T, c *http.Client, u string) {
	tk := token(t, c, u, "verifikator", app.DemoPassword)
	res, b := do(t, c, "GET", u+"/api/v1/me", tk, nil)
	if res.StatusCode != 200 || !strings.Contains(string(b), `"verifikator"`) {
		t.Fatalf("me: %d %s", res.StatusCode, b)
	}
	res, b = do(t, c, "DELETE", u+"/api/v1/auth/token", tk, nil)
	if res.StatusCode != 200 {
		t.Fatalf("revoke: %d %s", res.StatusCode, b)
	}
	res, b = do(t, c, "GET", u+"/api/v1/me", tk, nil)
	wantError(t, res, b, 401, "unauthenticated")
	res, b = do(t, c, "GET", u+"/api/v1/me", "not-a-token", nil)
	wantError(t, res, b, 401, "unauthenticated")
}

// checkHeadersAndGzip: pages carry the security headers and are
// compressed; a long JSON answer is compressed, a short one is not.
func checkHeadersAndGzip(t *testing.T, c *http.Client, u string) {
	res, b := do(t, c, "GET", u+"/", "", nil, "Accept-Encoding", "gzip")
	h := res.Header
	csp := h.Get("Content-Security-Policy")
	if !strings.Contains(csp, "frame-ancestors 'none'") || strings.Contains(csp, "unsafe-inline") ||
		h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Content-Encoding") != "gzip" || h.Get("X-Request-Id") == "" {
		t.Fatalf("headers %v", h)
	}
	if len(b) < 2 || b[0] != 0x1f || b[1] != 0x8b {
		t.Fatalf("body is not gzip")
	}
	if h.Get("Strict-Transport-Security") != "" {
		t.Fatalf("HSTS over plain HTTP")
	}
	// JSON: a long answer is compressed, a short one (under a
	// packet) goes out as it is, with its length.
	res, b = do(t, c, "GET", u+"/api/v1/periods/1/formations", "", nil, "Accept-Encoding", "gzip")
	if res.StatusCode != 200 || res.Header.Get("Content-Encoding") != "gzip" || len(b) < 2 || b[0] != 0x1f || b[1] != 0x8b {
		t.Fatalf("formation list: %d, encoding %q", res.StatusCode, res.Header.Get("Content-Encoding"))
	}
	res, b = do(t, c, "GET", u+"/api/v1/no-such-route", "", nil, "Accept-Encoding", "gzip")
	if res.Header.Get("Content-Encoding") != "" || res.Header.Get("Content-Length") != strconv.Itoa(len(b)) {
		t.Fatalf("short JSON: encoding %q, length %q for %d bytes", res.Header.Get("Content-Encoding"), res.Header.Get("Content-Length"), len(b))
	}
	wantError(t, res, b, 404, "not_found")
}

// checkLoginLock: eleven failures lock the username, known or not, with
// a Retry-After.
func checkLoginLock(t *testing.T, c *http.Client, u string) {
	for _, user := range []string{"pimpinan", "orang-asing"} {
		for i := 1; i <= 10; i++ {
			res, b := do(t, c, "POST", u+"/api/v1/auth/token", "", strings.NewReader(`{"username":"`+user+`","password":"salah-salah"}`),
				"X-Forwarded-For", "203.0.113.9")
			wantError(t, res, b, 401, "unauthenticated")
		}
		res, b := do(t, c, "POST", u+"/api/v1/auth/token", "", strings.NewReader(`{"username":"`+user+`","password":"asnpro-demo"}`))
		wantError(t, res, b, 429, "too_many_requests")
		if ra := res.Header.Get("Retry-After"); ra == "" || ra == "0" {
			t.Fatalf("Retry-After %q", ra)
		}
	}
}

// TestConcurrentLoginsStayBounded: 200 sign-ins at once are answered 200,
// 429 or 503 — never a crash — and the server's heap stays far below what
// 200 × 19 MiB of argon2id would need.
func TestConcurrentLoginsStayBounded(t *testing.T) {
	srv := apptest.Start(t, sqldb.SQLite, "--demo", "--login-hash-slots", "4")
	var peak atomic.Uint64
	stop := make(chan struct{})
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base := ms.HeapInuse
	go func() {
		var m runtime.MemStats
		for {
			select {
			case <-stop:
				return
			case <-time.After(20 * time.Millisecond):
				runtime.ReadMemStats(&m)
				if m.HeapInuse > peak.Load() {
					peak.Store(m.HeapInuse)
				}
			}
		}
	}()
	var wg sync.WaitGroup
	statuses := map[int]int{}
	var mu sync.Mutex
	users := []string{"admin", "panitia", "verifikator", "penguji", "pegawai", "atasan", "pelatih", "pimpinan", "auditor"}
	for i := range 200 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			body := fmt.Sprintf(`{"username":%q,"password":%q}`, users[i%len(users)], app.DemoPassword)
			res, err := http.Post(srv.URL+"/api/v1/auth/token", "application/json", strings.NewReader(body))
			if err != nil {
				t.Error(err)
				return
			}
			io.Copy(io.Discard, res.Body)
			res.Body.Close()
			mu.Lock()
			statuses[res.StatusCode]++
			mu.Unlock()
		}()
	}
	wg.Wait()
	close(stop)
	for st := range statuses {
		if st != 200 && st != 429 && st != 503 {
			t.Fatalf("statuses %v: only 200, 429 and 503 are acceptable", statuses)
		}
	}
	if statuses[200] == 0 {
		t.Fatalf("statuses %v: nobody got in", statuses)
	}
	grew := int64(peak.Load()) - int64(base)
	t.Logf("statuses %v, heap grew by %d MiB at peak", statuses, grew>>20)
	if grew > 400<<20 {
		t.Fatalf("heap grew by %d MiB during 200 concurrent logins", grew>>20)
	}
}

// TestUnreachableDatabase: a database that cannot be reached at start is
// one line on stderr and exit 1.
func TestUnreachableDatabase(t *testing.T) {
	t.Parallel()
	for _, dsn := range []string{"postgres://nobody@127.0.0.1:1/none?connect_timeout=2", "/no/such/folder/asnpro.db"} {
		var out, errb bytes.Buffer
		code := app.Run(
			context.Background(),
			[]string{"serve", "--addr", "127.0.0.1:0", "--db", dsn, "--key-file", t.TempDir() + "/k"},
			func(string) string { return "" },
			nil,
			&out,
			&errb,
		)
		if code != 1 {
			t.Fatalf("%s: exit %d, want 1", dsn, code)
		}
		if lines := strings.Count(strings.TrimRight(errb.String(), "\n"), "\n"); lines != 0 || errb.Len() == 0 {
			t.Fatalf("%s: stderr %q, want one line", dsn, errb.String())
		}
		if strings.Contains(errb.String(), "listening") || strings.Contains(out.String(), "listening") {
			t.Fatalf("%s: it listened", dsn)
		}
	}
}

// TestShutdownFinishesInFlightRequests: SIGTERM (the context ending) while a
// request is being received lets it complete.
func TestShutdownFinishesInFlightRequests(t *testing.T) {
	srv := apptest.Start(t, sqldb.SQLite, "--demo")
	pr, pw := io.Pipe()
	req, _ := http.NewRequest("POST", srv.URL+"/api/v1/auth/token", pr)
	req.Header.Set("Content-Type", "application/json")
	type result struct {
		status int
		err    error
	}
	done := make(chan result, 1)
	go func() {
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			done <- result{err: err}
			return
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		done <- result{status: res.StatusCode}
	}()
	if _, err := pw.Write([]byte(`{"username":"admin",`)); err != nil {
		t.Fatal(err)
	}
	time.Sleep(200 * time.Millisecond) // the request is now in flight
	stopped := make(chan int, 1)
	go func() { stopped <- srv.Stop(t) }()
	time.Sleep(300 * time.Millisecond)
	select {
	case <-stopped:
		t.Fatal("the server stopped before the in-flight request finished")
	default:
	}
	if _, err := pw.Write([]byte(`"password":"asnpro-demo"}`)); err != nil {
		t.Fatal(err)
	}
	pw.Close()
	r := <-done
	if r.err != nil || r.status != 200 {
		t.Fatalf("in-flight request: %v status %d, want 200", r.err, r.status)
	}
	if code := <-stopped; code != 0 {
		t.Fatalf("exit %d after SIGTERM, want 0", code)
	}
}

// TestSecondProcessWritesBesideServer: `asnpro user add` in another process
// while the server takes writes; both succeed and nothing is lost.
func TestSecondProcessWritesBesideServer(t *testing.T) {
	t.Parallel()
	for _, e := range sqldbtest.Engines() {
		t.Run(string(e), func(t *testing.T) {
			srv := apptest.Start(t, e, "--demo")
			exe, err := os.Executable()
			if err != nil {
				t.Fatal(err)
			}
			const n = 5
			var wg sync.WaitGroup
			var failed atomic.Int32
			wg.Add(1)
			go func() { // server-side writes: failed logins, each an audit event and a throttle update
				defer wg.Done()
				for i := range 40 {
					body := fmt.Sprintf(`{"username":"x%d","password":"salah-salah"}`, i)
					res, err := http.Post(srv.URL+"/api/v1/auth/token", "application/json", strings.NewReader(body))
					if err != nil || res.StatusCode != 401 {
						failed.Add(1)
					}
					if res != nil {
						res.Body.Close()
					}
				}
			}()
			for i := range n {
				cmd := exec.Command(
					exe,
					"user",
					"add",
					"--db",
					srv.DSN,
					"--username",
					fmt.Sprintf("pegawai%d", i),
					"--name",
					"Pegawai",
					"--role",
					"employee",
					"--password-file",
					"-",
					"--key-file",
					srv.KeyFile,
				)
				cmd.Env = append(os.Environ(), "ASNPRO_TEST_AS_MAIN=1")
				cmd.Stdin = strings.NewReader("rahasia-123\n")
				out, err := cmd.CombinedOutput()
				if err != nil {
					t.Fatalf("user add %d: %v\n%s", i, err, out)
				}
			}
			wg.Wait()
			if failed.Load() != 0 {
				t.Fatalf("%d server writes failed", failed.Load())
			}
			if got := countAudit(t, srv.DSN, "login.fail"); got != 40 {
				t.Fatalf("login.fail events %d, want 40", got)
			}
			if got := countAudit(t, srv.DSN, "user.create"); got != demoUserCount+n {
				t.Fatalf("user.create events %d, want %d", got, demoUserCount+n)
			}
			c := apptest.Client()
			token(t, c, srv.URL, "pegawai3", "rahasia-123")
			// Both processes extended the one chain: it verifies, nothing forked.
			// The demo's background work (its result notices) may add events
			// meanwhile, so the chain must catch up with the table.
			db := openDB(t, srv.DSN)
			for deadline := time.Now().Add(20 * time.Second); ; {
				rep := waitSealed(t, db)
				var total int64
				if err := db.R.QueryRow(`SELECT count(*) FROM audit_events`).Scan(&total); err != nil {
					t.Fatal(err)
				}
				if rep.Size == total {
					break
				}
				if time.Now().After(deadline) {
					t.Fatalf("chain %d events, table %d", rep.Size, total)
				}
				time.Sleep(100 * time.Millisecond)
			}
		})
	}
}

// TestDemoSeedsOnce: a second start on a demo database changes nothing; a
// database with real users refuses --demo.
func TestDemoSeedsOnce(t *testing.T) {
	t.Parallel()
	dsn := sqldbtest.DSN(t, sqldb.SQLite)
	s1 := apptest.StartDSN(t, dsn, "--demo")
	s1.Stop(t)
	before := countAudit(t, dsn, "user.create")
	s2 := apptest.StartDSN(t, dsn, "--demo")
	s2.Stop(t)
	if after := countAudit(t, dsn, "user.create"); after != before || before != demoUserCount {
		t.Fatalf("user.create %d then %d, want %d and %[3]d", before, after, demoUserCount)
	}
	real := sqldbtest.DSN(t, sqldb.SQLite)
	var out, errb bytes.Buffer
	if code := app.Run(context.Background(), []string{"user", "add", "--db", real, "--username", "kepala", "--name", "Kepala",
		"--role", "admin"}, func(string) string { return "" }, nil, &out, &errb); code != 0 {
		t.Fatalf("user add: %d %s", code, errb.String())
	}
	if !strings.Contains(out.String(), "password: ") {
		t.Fatalf("a generated password is printed once: %q", out.String())
	}
	errb.Reset()
	if code := app.Run(context.Background(), []string{"serve", "--addr", "127.0.0.1:0", "--db", real, "--demo"},
		func(string) string { return "" }, nil, &out, &errb); code != 1 ||
		!strings.Contains(errb.String(), "not a demo database") {
		t.Fatalf("--demo on a real database: exit %d, %q", code, errb.String())
	}
}

// TestEnvironmentConfiguresFlags: ASNPRO_DB is read when --db is absent.
func TestEnvironmentConfiguresFlags(t *testing.T) {
	t.Parallel()
	dsn := sqldbtest.DSN(t, sqldb.SQLite)
	getenv := func(k string) string {
		if k == "ASNPRO_DB" {
			return dsn
		}
		return ""
	}
	var out, errb bytes.Buffer
	if code := app.Run(context.Background(), []string{"migrate"}, getenv, nil, &out, &errb); code != 0 {
		t.Fatalf("migrate: %d %s", code, errb.String())
	}
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM schema_migrations`).Scan(&n); err != nil || n == 0 {
		t.Fatalf("ASNPRO_DB was not used: %v %d", err, n)
	}
}

// TestTLS: with --tls-cert and --tls-key asnpro serves HTTPS, sends HSTS
// and marks its cookies Secure.
func TestTLS(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	certFile, keyFile := writeSelfSigned(t, dir)
	srv := apptest.Start(t, sqldb.SQLite, "--demo", "--tls-cert", certFile, "--tls-key", keyFile)
	if !strings.HasPrefix(srv.URL, "https://") {
		t.Fatalf("URL %s", srv.URL)
	}
	c := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := c.PostForm(srv.URL+"/login", url.Values{"username": {"admin"}, "password": {app.DemoPassword}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 303 || !strings.Contains(res.Header.Get("Strict-Transport-Security"), "max-age=") {
		t.Fatalf("login over TLS: %d, HSTS %q", res.StatusCode, res.Header.Get("Strict-Transport-Security"))
	}
	for _, ck := range res.Cookies() {
		if ck.Name == "asnpro_session" && !ck.Secure {
			t.Fatal("session cookie not Secure under TLS")
		}
	}
}

func writeSelfSigned(t *testing.T, dir string) (string, string) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "127.0.0.1"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour), IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kb, _ := x509.MarshalECPrivateKey(key)
	cf, kf := filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	os.WriteFile(cf, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600)
	os.WriteFile(kf, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kb}), 0o600)
	return cf, kf
}
