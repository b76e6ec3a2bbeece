package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"asnpro/internal/app/apptest"
	"asnpro/internal/sqldb"
)

// MustLoad runs asnload with args, wants exit 0 and exactly one JSON line
// with exactly the documented keys on stdout, and returns it with stderr.
func MustLoad(tb testing.TB, args ...string) (result, string) {
	tb.Helper()
	var out, errb bytes.Buffer
	if code := run(context.Background(), args, &out, &errb); code != 0 {
		tb.Fatalf("asnload %s: exit %d\n%s", strings.Join(args, " "), code, errb.String())
	}
	lines := strings.Split(strings.TrimRight(out.String(), "\n"), "\n")
	if len(lines) != 1 {
		tb.Fatalf("stdout has %d lines, want one JSON line:\n%s", len(lines), out.String())
	}
	var keys map[string]any
	if err := json.Unmarshal([]byte(lines[0]), &keys); err != nil {
		tb.Fatalf("stdout %q: %v", lines[0], err)
	}
	want := []string{"scenario", "clients", "rate", "ok", "errors", "seconds", "rps", "p50_ms", "p95_ms", "p99_ms"}
	got := make([]string, 0, len(keys))
	for k := range keys {
		if k != "steps" { // optional: scenarios with steps (registration)
			got = append(got, k)
		}
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		tb.Fatalf("JSON keys %v, want %v", got, want)
	}
	var res result
	if err := json.Unmarshal([]byte(lines[0]), &res); err != nil {
		tb.Fatalf("stdout %q: %v", lines[0], err)
	}
	return res, errb.String()
}

// wantSound checks a run that should have gone well.
func wantSound(tb testing.TB, res result, stderr string) {
	tb.Helper()
	if res.OK <= 0 || res.Errors != 0 || res.RPS <= 0 || res.Seconds <= 0 {
		tb.Errorf("result %+v, want ok > 0, no errors, rps > 0\n%s", res, stderr)
	}
	if !(0 < res.P50 && res.P50 <= res.P95 && res.P95 <= res.P99) {
		tb.Errorf("percentiles p50 %v, p95 %v, p99 %v are not 0 < p50 ≤ p95 ≤ p99", res.P50, res.P95, res.P99)
	}
	if !strings.Contains(stderr, "asnload:") {
		tb.Errorf("no progress or summary on stderr")
	}
}

// MustExit runs asnload with args and wants the exit code and a one-line
// message on stderr containing each of msgs; stdout stays empty.
func MustExit(tb testing.TB, code int, args []string, msgs ...string) {
	tb.Helper()
	var out, errb bytes.Buffer
	got := run(context.Background(), args, &out, &errb)
	if got != code {
		tb.Fatalf("asnload %s: exit %d, want %d\n%s", strings.Join(args, " "), got, code, errb.String())
	}
	if out.Len() != 0 {
		tb.Errorf("stdout %q, want nothing", out.String())
	}
	last := strings.TrimRight(errb.String(), "\n")
	if i := strings.LastIndex(last, "\n"); i >= 0 {
		last = last[i+1:]
	}
	if code == 2 && strings.Count(errb.String(), "\n") != 1 {
		tb.Errorf("stderr %q, want exactly one line", errb.String())
	}
	for _, m := range msgs {
		if !strings.Contains(last, m) {
			tb.Errorf("message %q does not say %q", last, m)
		}
	}
}

func TestBaseline(t *testing.T) {
	res, stderr := MustLoad(t, "baseline", "--clients", "4", "--duration", "1s", "--warmup", "200ms")
	wantSound(t, res, stderr)
	if res.Scenario != "baseline" || res.Clients != 4 || res.Rate != 0 || res.Seconds != 1 {
		t.Errorf("result %+v, want baseline, 4 clients, closed loop, 1 s", res)
	}
}

func TestInterruptedRunReportsWhatItMeasured(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 600*time.Millisecond)
	defer cancel()
	var out, errb bytes.Buffer
	if code := run(ctx, []string{"baseline", "--clients", "2", "--warmup", "100ms", "--duration", "1m"}, &out, &errb); code != 0 {
		t.Fatalf("exit %d\n%s", code, errb.String())
	}
	var res result
	if err := json.Unmarshal(out.Bytes(), &res); err != nil {
		t.Fatal(err)
	}
	if res.Seconds <= 0 || res.Seconds > 5 || res.OK == 0 || res.Errors != 0 {
		t.Errorf("result %+v, want about half a second of successes, not the minute asked for", res)
	}
}

// TestAgainstAsnpro runs the scenarios against a real asnpro with its demo data.
func TestAgainstAsnpro(t *testing.T) {
	srv := apptest.Start(t, sqldb.SQLite, "--demo")
	short := []string{"--target", srv.URL, "--clients", "4", "--duration", "1s", "--warmup", "200ms"}

	t.Run("public", func(t *testing.T) {
		res, stderr := MustLoad(t, append([]string{"public"}, short...)...)
		wantSound(t, res, stderr)
	})
	t.Run("public one page", func(t *testing.T) {
		res, stderr := MustLoad(t, append([]string{"public", "--page", "/login"}, short...)...)
		wantSound(t, res, stderr)
	})
	t.Run("home", func(t *testing.T) {
		res, stderr := MustLoad(t, append([]string{"home"}, short...)...)
		wantSound(t, res, stderr)
	})
	t.Run("home as another account", func(t *testing.T) {
		res, stderr := MustLoad(t, append([]string{"home", "--account", "auditor", "--clients", "2"}, short...)...)
		wantSound(t, res, stderr)
	})
	t.Run("open loop at 50/s", func(t *testing.T) {
		// 250 clients: room for a 5 s stall of a shared machine before an
		// operation would be dropped.
		res, stderr := MustLoad(t, "public", "--target", srv.URL, "--clients", "250", "--rate", "50", "--duration", "2s", "--warmup", "200ms")
		wantSound(t, res, stderr)
		if res.Rate != 50 || res.OK < 80 || res.OK > 120 {
			t.Errorf("rate %v, ok %d, want rate 50 and ok ≈ 100 (±20 %%)", res.Rate, res.OK)
		}
	})
	t.Run("wrong password", func(t *testing.T) {
		MustExit(t, 1, []string{"home", "--target", srv.URL, "--clients", "1", "--password", "not-the-password"}, "sign in as panitia", "status")
	})
	t.Run("page that is not there", func(t *testing.T) {
		MustExit(t, 1, []string{"public", "--target", srv.URL, "--page", "/no-such-page"}, "/no-such-page", "404")
	})
}

// countingProxy puts a reverse proxy that counts requests in front of target.
func countingProxy(t *testing.T, target string) (string, *atomic.Int64) {
	t.Helper()
	u, err := url.Parse(target)
	if err != nil {
		t.Fatal(err)
	}
	var n atomic.Int64
	rp := httputil.NewSingleHostReverseProxy(u)
	rp.ErrorLog = log.New(io.Discard, "", 0) // requests cut off at the end of a run
	p := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		rp.ServeHTTP(w, r)
	}))
	t.Cleanup(p.Close)
	return p.URL, &n
}

// TestSeveralTargets: clients are spread over the targets, each keeping its
// own, so signing in works even on instances that share no database.
func TestSeveralTargets(t *testing.T) {
	a, na := countingProxy(t, apptest.Start(t, sqldb.SQLite, "--demo").URL)
	b, nb := countingProxy(t, apptest.Start(t, sqldb.SQLite, "--demo").URL)
	res, stderr := MustLoad(t, "home", "--target", a, "--target", b, "--clients", "4", "--duration", "1s", "--warmup", "200ms")
	wantSound(t, res, stderr)
	if na.Load() < 10 || nb.Load() < 10 {
		t.Errorf("requests through the two targets: %d and %d, want both hit", na.Load(), nb.Load())
	}
}

func TestUnreachableTarget(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	dead := "http://" + ln.Addr().String()
	ln.Close()
	for _, sc := range []string{"public", "home"} {
		t.Run(sc, func(t *testing.T) {
			MustExit(t, 1, []string{sc, "--target", dead, "--duration", "1s"}, "does not answer", dead)
		})
	}
}

// TestSignInWaitsWhenBusy: a server that answers the first sign-ins 503 and
// 429 with Retry-After gets asked again, and the run goes ahead.
func TestSignInWaitsWhenBusy(t *testing.T) {
	var posts, refused atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.Method == "GET" && r.URL.Path == "/login":
		case r.Method == "POST" && r.URL.Path == "/login":
			r.ParseForm()
			if r.PostFormValue("username") != "penguji" || r.PostFormValue("password") != "asnpro-demo" {
				http.Error(w, "no", http.StatusUnauthorized)
				return
			}
			switch posts.Add(1) {
			case 1:
				refused.Add(1)
				w.Header().Set("Retry-After", "0")
				http.Error(w, "busy", http.StatusServiceUnavailable)
				return
			case 2:
				refused.Add(1)
				w.Header().Set("Retry-After", "0")
				http.Error(w, "slow down", http.StatusTooManyRequests)
				return
			}
			http.SetCookie(w, &http.Cookie{Name: "asnpro_session", Value: "s" + r.RemoteAddr})
			http.Redirect(w, r, "/", http.StatusSeeOther)
		case r.Method == "GET" && r.URL.Path == "/":
			c, err := r.Cookie("asnpro_session")
			if err != nil || !strings.HasPrefix(c.Value, "s") {
				w.Write([]byte(`<p>anonymous</p>`))
				return
			}
			w.Write([]byte(`<span>Masuk sebagai <strong id="whoami">Sari Penguji</strong></span>`))
		case r.Method == "GET" && r.URL.Path == "/api/v1/me":
			if c, err := r.Cookie("asnpro_session"); err != nil || !strings.HasPrefix(c.Value, "s") {
				http.Error(w, "no", http.StatusUnauthorized)
				return
			}
			w.Write([]byte(`{"id":"4","username":"penguji","name":"Sari Penguji","roles":["assessor"]}`))
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	res, stderr := MustLoad(t, "home", "--target", srv.URL, "--account", "penguji", "--clients", "3", "--duration", "300ms", "--warmup", "0s")
	wantSound(t, res, stderr)
	if posts.Load() != 3+refused.Load() || refused.Load() != 2 {
		t.Errorf("%d sign-in posts with %d refused, want 3 clients signed in after 2 refusals", posts.Load(), refused.Load())
	}
}

func TestBadFlags(t *testing.T) {
	const tgt = "http://127.0.0.1:1"
	for _, tc := range []struct {
		name string
		args []string
		msg  string
	}{
		{"no scenario", []string{"--target", tgt}, "no scenario"},
		{"unknown scenario", []string{"stampede", "--target", tgt}, `unknown scenario "stampede"`},
		{"two scenarios", []string{"public", "home", "--target", tgt}, "unexpected argument"},
		{"unknown flag", []string{"public", "--target", tgt, "--turbo"}, "turbo"},
		{"zero clients", []string{"public", "--target", tgt, "--clients", "0"}, "--clients"},
		{"negative rate", []string{"public", "--target", tgt, "--rate", "-5"}, "--rate"},
		{"rate not a number", []string{"public", "--target", tgt, "--rate", "fast"}, "rate"},
		{"zero duration", []string{"public", "--target", tgt, "--duration", "0s"}, "--duration"},
		{"negative warm-up", []string{"public", "--target", tgt, "--warmup", "-1s"}, "--warmup"},
		{"public without target", []string{"public"}, "needs at least one --target"},
		{"home without target", []string{"home", "--clients", "3"}, "needs at least one --target"},
		{"baseline with target", []string{"baseline", "--target", tgt}, "drop --target"},
		{"remote host", []string{"public", "--target", "http://example.com"}, "--allow-remote"},
		{"remote address", []string{"public", "--target", tgt, "--target", "http://10.1.2.3:8080"}, "10.1.2.3"},
		{"not a URL", []string{"public", "--target", "127.0.0.1:8080"}, "not a base URL"},
		{"page without slash", []string{"public", "--target", tgt, "--page", "login"}, "--page"},
		{"page for home", []string{"home", "--target", tgt, "--page", "/"}, "--page"},
		{"empty account", []string{"home", "--target", tgt, "--account", ""}, "--account"},
		{"negative applicants", []string{"registration", "--target", tgt, "--applicants", "-1"}, "--applicants"},
		{"applicants for public", []string{"public", "--target", tgt, "--applicants", "10"}, "--applicants"},
		{"registration without target", []string{"registration"}, "needs at least one --target"},
		{"applicants file for public", []string{"public", "--target", tgt, "--applicants-file", "a.tsv"}, "--applicants-file"},
		{"documents for public", []string{"public", "--target", tgt, "--documents", "3"}, "--documents"},
		{"seven documents", []string{"registration", "--target", tgt, "--documents", "7"}, "--documents must be 0 to 6"},
		{"setup-only without file", []string{"registration", "--target", tgt, "--setup-only"}, "--setup-only needs --applicants-file"},
	} {
		t.Run(tc.name, func(t *testing.T) { MustExit(t, 2, tc.args, tc.msg) })
	}
}

func TestFlagsInAnyOrder(t *testing.T) {
	a, err := parseArgs(
		[]string{"--clients", "7", "public", "--target", "http://localhost:8080/", "--rate", "2.5", "--target", "http://[::1]:9/x/"},
		nil,
	)
	if err != nil {
		t.Fatal(err)
	}
	if a.scenario != "public" || a.clients != 7 || a.rate != 2.5 ||
		!slices.Equal(a.targets, []string{"http://localhost:8080", "http://[::1]:9/x"}) {
		t.Errorf("parsed %+v", a)
	}
}

func TestHelp(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run(context.Background(), []string{"-h"}, &out, &errb); code != 0 {
		t.Fatalf("exit %d", code)
	}
	for _, s := range []string{"baseline", "public", "home", "registration", "exam", "--register-per-minute " +
		"100000", "--applicants", "--rate", "--allow-remote"} {
		if !strings.Contains(out.String(), s) {
			t.Errorf("help does not mention %s:\n%s", s, out.String())
		}
	}
}

func TestCheckTarget(t *testing.T) {
	for _, tc := range []struct {
		raw    string
		remote bool
		ok     bool
	}{
		{"http://127.0.0.1:8080", false, true},
		{"http://127.9.9.9", false, true},
		{"https://LOCALHOST:8443/", false, true},
		{"http://[::1]:8080", false, true},
		{"http://192.168.1.10:8080", false, false},
		{"http://[::ffff:10.0.0.1]:8080", false, false},
		{"http://localhost.example.com", false, false},
		{"http://asnpro.palangkaraya.go.id", false, false},
		{"http://asnpro.palangkaraya.go.id", true, true},
		{"ftp://127.0.0.1", false, false},
		{"http://127.0.0.1:8080/?x=1", false, false},
	} {
		_, err := checkTarget(tc.raw, tc.remote)
		if (err == nil) != tc.ok {
			t.Errorf("checkTarget(%q, remote %v): %v, want ok %v", tc.raw, tc.remote, err, tc.ok)
		}
	}
}

func TestRetryAfter(t *testing.T) {
	now := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		h    string
		want time.Duration
	}{
		{"2", 2 * time.Second},
		{"0", 100 * time.Millisecond},
		{"", 700 * time.Millisecond},
		{"soon", 700 * time.Millisecond},
		{"3600", time.Minute},
		{now.Add(5 * time.Second).Format(http.TimeFormat), 5 * time.Second},
	} {
		if got := retryAfter(tc.h, 700*time.Millisecond, now); got != tc.want {
			t.Errorf("retryAfter(%q) = %v, want %v", tc.h, got, tc.want)
		}
	}
}
