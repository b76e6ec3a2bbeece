package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"log"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// A scenario is one kind of load. setup runs once before any client exists
// (it checks the targets answer, or serves its own); newClient prepares the
// client with index i before the warm-up, doing what a real visitor does
// once (signing in, say). A later scenario (registration, exam,
// announcement) is one more type and one more line in scenarios.
type scenario interface {
	setup(ctx context.Context, e *env) error
	newClient(ctx context.Context, e *env, i int) (client, error)
}

// A client is one simulated visitor with its own state (cookies, its
// place in a journey). Op performs one measured operation and returns why
// it failed. A client never runs two operations at once.
type client interface {
	Op(ctx context.Context) error
}

// scenarioDef is one entry of the scenario table.
type scenarioDef struct {
	name      string
	about     string
	ownTarget bool // serves its own target; --target is refused
	new       func(cfg config) scenario
}

var scenarios = []scenarioDef{
	{"baseline", "a bare net/http hello-world served inside asnload, to compare with", true,
		func(config) scenario { return &baseline{} }},
	{"public", "anonymous GET of the public pages (--page), each expecting 200", false,
		func(cfg config) scenario { return &public{pages: cfg.pages} }},
	{"home", "GET / signed in as --account (each client signs in once through POST /login first)", false,
		func(cfg config) scenario { return &home{account: cfg.account, password: cfg.password} }},
	{"registration", "one complete application (create, upload every document, submit) by a fresh applicant registered in the setup", false,
		func(cfg config) scenario { return newRegistration(cfg) }},
	{
		"upload",
		"one PUT of an ijazah of --upload-kb to the client's own draft (one applicant and draft per client, made in the " +
			"setup); for the server's memory under many large uploads",
		false,
		func(cfg config) scenario { return newUpload(cfg) },
	},
	{
		"exam",
		"one answer save (PUT /api/v1/attempts/{id}/answers/{no}, a random option on a random item) in the practice attempt of " +
			"a taker registered and started in the setup (--applicants takers, default --clients)",
		false,
		func(cfg config) scenario { return newExam(cfg) },
	},
	{
		"announcement",
		"everyone reads a freshly published result list at once: JSON, CSV (SHA-256 checked), the public page, the statistics",
		false,
		func(config) scenario { return &announcement{} },
	},
}

// publicPages are the pages anyone may read; public cycles through them.
var publicPages = []string{"/", "/login"}

func findScenario(name string) (scenarioDef, bool) {
	for _, s := range scenarios {
		if s.name == name {
			return s, true
		}
	}
	return scenarioDef{}, false
}

func scenarioNames() string {
	names := make([]string, len(scenarios))
	for i, s := range scenarios {
		names[i] = s.name
	}
	return strings.Join(names, ", ")
}

// env is what scenarios share: the targets, the one HTTP client, and what
// to undo when the run ends.
type env struct {
	targets []string
	http    *http.Client // for the measured operations, with --timeout
	// slowHTTP shares the transport but waits longer: for what clients do
	// once before the window (signing in hashes a password, which takes
	// seconds when the machine is busy).
	slowHTTP *http.Client
	stderr   io.Writer
	cleanups []func()
}

// target returns the target of client i: clients are spread round-robin, and
// a client keeps its target, so a session stays on the instance that made it.
func (e *env) target(i int) string { return e.targets[i%len(e.targets)] }

func (e *env) close() {
	for i := len(e.cleanups) - 1; i >= 0; i-- {
		e.cleanups[i]()
	}
}

// newHTTPClient returns the client every simulated visitor shares: one
// transport with keep-alives and enough idle connections per host for every
// client, gzip asked for and inflated (as a browser does), no proxy from the
// environment, and redirects returned rather than followed. The second
// client shares the transport with a longer timeout, for the setup.
func newHTTPClient(conns int, timeout, slowTimeout time.Duration) (fast, slow *http.Client) {
	tr := &http.Transport{
		Proxy:                 nil,
		DialContext:           (&net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		MaxIdleConns:          conns,
		MaxIdleConnsPerHost:   conns,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   5 * time.Second,
		ExpectContinueTimeout: time.Second,
	}
	noRedirect := func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &http.Client{Transport: tr, Timeout: timeout, CheckRedirect: noRedirect},
		&http.Client{Transport: tr, Timeout: max(timeout, slowTimeout), CheckRedirect: noRedirect}
}

// probe checks once, before any load, that GET target+path answers 200.
func probe(ctx context.Context, hc *http.Client, target, path string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, target+path, nil)
	if err != nil {
		return err
	}
	res, err := hc.Do(req)
	if err != nil {
		return fmt.Errorf("target %s does not answer: %w", target, err)
	}
	defer res.Body.Close()
	io.Copy(io.Discard, res.Body)
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("target %s: GET %s answered status %d, want 200", target, path, res.StatusCode)
	}
	return nil
}

// pageClient GETs its pages in turn and wants 200 from each.
type pageClient struct {
	http   *http.Client
	target string
	pages  []string
	next   int
}

func (c *pageClient) Op(ctx context.Context) error {
	p := c.pages[c.next]
	c.next = (c.next + 1) % len(c.pages)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.target+p, nil)
	if err != nil {
		return err
	}
	res, err := c.http.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	if _, err := io.Copy(io.Discard, res.Body); err != nil {
		return fmt.Errorf("GET %s: reading the body: %w", p, err)
	}
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: status %d", p, res.StatusCode)
	}
	return nil
}

// baseline serves a hello-world on 127.0.0.1:0 inside asnload and requests
// it with the same machinery as the other scenarios: the ceiling of this
// machine for an HTTP round trip, for ratios.
type baseline struct{}

func (b *baseline) setup(ctx context.Context, e *env) error {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return fmt.Errorf("baseline: %w", err)
	}
	srv := &http.Server{
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			io.WriteString(w, "hello, world\n")
		}),
		ReadHeaderTimeout: 5 * time.Second,
		ErrorLog:          log.New(io.Discard, "", 0),
	}
	go srv.Serve(ln)
	e.cleanups = append(e.cleanups, func() { srv.Close() })
	e.targets = []string{"http://" + ln.Addr().String()}
	return probe(ctx, e.http, e.targets[0], "/")
}

func (b *baseline) newClient(_ context.Context, e *env, i int) (client, error) {
	return &pageClient{http: e.http, target: e.target(i), pages: []string{"/"}}, nil
}

// public requests the anonymous pages.
type public struct{ pages []string }

func (s *public) setup(ctx context.Context, e *env) error {
	if len(s.pages) == 0 {
		s.pages = publicPages
	}
	for _, t := range e.targets {
		for _, p := range s.pages {
			if err := probe(ctx, e.http, t, p); err != nil {
				return err
			}
		}
	}
	return nil
}

func (s *public) newClient(_ context.Context, e *env, i int) (client, error) {
	return &pageClient{http: e.http, target: e.target(i), pages: s.pages, next: i % len(s.pages)}, nil
}

// home requests a staff member's home page signed in: each client signs in
// once through the form before the warm-up.
type home struct{ account, password string }

const sessionCookie = "asnpro_session"

func (s *home) setup(ctx context.Context, e *env) error {
	for _, t := range e.targets {
		if err := probe(ctx, e.http, t, "/login"); err != nil {
			return err
		}
	}
	return nil
}

func (s *home) newClient(ctx context.Context, e *env, i int) (client, error) {
	t := e.target(i)
	ck, err := signIn(ctx, e.slowHTTP, t, s.account, s.password)
	if err != nil {
		return nil, err
	}
	name, err := shownName(ctx, e.slowHTTP, t, ck, s.account)
	if err != nil {
		return nil, err
	}
	return &homeClient{http: e.http, target: t, cookie: ck,
		want: []byte(`id="whoami">` + html.EscapeString(name) + `</strong>`)}, nil
}

// shownName is how the page header names the account signed in with ck:
// its name (GET /api/v1/me), or its username when it has none. The
// answer must be the account's own.
func shownName(ctx context.Context, hc *http.Client, target string, ck *http.Cookie, account string) (string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, target+"/api/v1/me", nil)
	if err != nil {
		return "", err
	}
	req.AddCookie(ck)
	res, err := hc.Do(req)
	if err != nil {
		return "", fmt.Errorf("who is %s at %s: %w", account, target, err)
	}
	defer res.Body.Close()
	var me struct{ Username, Name string }
	if res.StatusCode != http.StatusOK {
		return "", fmt.Errorf("who is %s at %s: %s", account, target, res.Status)
	}
	if err := json.NewDecoder(io.LimitReader(res.Body, 1<<20)).Decode(&me); err != nil {
		return "", fmt.Errorf("who is %s at %s: %w", account, target, err)
	}
	if me.Username != account {
		return "", fmt.Errorf("signed in as %s at %s, but the server says %q", account, target, me.Username)
	}
	if strings.TrimSpace(me.Name) == "" {
		return account, nil
	}
	return me.Name, nil
}

type homeClient struct {
	http   *http.Client
	target string
	cookie *http.Cookie
	want   []byte
	body   bytes.Buffer
}

func (c *homeClient) Op(ctx context.Context) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.target+"/", nil)
	if err != nil {
		return err
	}
	req.AddCookie(c.cookie)
	res, err := c.http.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	c.body.Reset()
	if _, err := c.body.ReadFrom(res.Body); err != nil {
		return fmt.Errorf("GET / signed in: reading the body: %w", err)
	}
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("GET / signed in: status %d", res.StatusCode)
	}
	if !bytes.Contains(c.body.Bytes(), c.want) {
		return fmt.Errorf("GET / signed in: the page does not show %s", c.want)
	}
	return nil
}

// signIn signs in through the form as a browser does and returns the
// session cookie. The server hashes only a few passwords at a time and
// answers 503 (or 429) with Retry-After when busy: signIn waits as told and
// tries again until ctx ends. Any other answer but 303 is final.
func signIn(ctx context.Context, hc *http.Client, target, user, password string) (*http.Cookie, error) {
	form := url.Values{"username": {user}, "password": {password}}.Encode()
	backoff := 250 * time.Millisecond
	last := ""
	for {
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, target+"/login", strings.NewReader(form))
		if err != nil {
			return nil, err
		}
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		res, err := hc.Do(req)
		if err != nil {
			if ctx.Err() != nil && last != "" {
				return nil, fmt.Errorf("sign in as %s at %s: gave up (last answer %s): %w", user, target, last, ctx.Err())
			}
			return nil, fmt.Errorf("sign in as %s at %s: %w", user, target, err)
		}
		io.Copy(io.Discard, io.LimitReader(res.Body, 1<<20))
		res.Body.Close()
		switch res.StatusCode {
		case http.StatusSeeOther:
			for _, ck := range res.Cookies() {
				if ck.Name == sessionCookie && ck.Value != "" {
					return &http.Cookie{Name: ck.Name, Value: ck.Value}, nil
				}
			}
			return nil, fmt.Errorf("sign in as %s at %s: 303 without a %s cookie", user, target, sessionCookie)
		case http.StatusServiceUnavailable, http.StatusTooManyRequests:
			last = strconv.Itoa(res.StatusCode)
			wait := retryAfter(res.Header.Get("Retry-After"), backoff, time.Now())
			backoff = min(2*backoff, 5*time.Second)
			t := time.NewTimer(wait)
			select {
			case <-ctx.Done():
				t.Stop()
				return nil, fmt.Errorf("sign in as %s at %s: gave up (last answer %s): %w", user, target, last, ctx.Err())
			case <-t.C:
			}
		default:
			return nil, fmt.Errorf("sign in as %s at %s: status %d, want 303 (wrong account or password?)", user, target, res.StatusCode)
		}
	}
}

// retryAfter reads a Retry-After header (seconds or an HTTP date) and
// returns how long to wait, between 100 ms and one minute; without a usable
// header, fallback.
func retryAfter(h string, fallback time.Duration, now time.Time) time.Duration {
	d := fallback
	if s, err := strconv.Atoi(strings.TrimSpace(h)); err == nil && s >= 0 {
		d = time.Duration(s) * time.Second
	} else if t, err := http.ParseTime(h); err == nil {
		d = t.Sub(now)
	}
	return min(max(d, 100*time.Millisecond), time.Minute)
}
