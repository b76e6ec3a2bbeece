package web

import (
	"context"
	"crypto/ed25519"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strings"
	"testing"

	"asnpro/internal/audit"
	"asnpro/internal/identity"
	"asnpro/internal/recruitment"
	"asnpro/internal/sqldb"
	"asnpro/internal/sqldb/sqldbtest"
)

// newConfiguredServer is newTestServer with a chosen Config (and, at most
// one, recruitment's).
func newConfiguredServer(t *testing.T, cfg Config, rc ...recruitment.Config) (*Server, *httptest.Server) {
	t.Helper()
	db := sqldbtest.Open(t, sqldb.SQLite)
	ids, err := identity.New(db, identity.Config{HashSlots: 2})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ids.AddUser(context.Background(), identity.NewUser{Username: "admin", Name: "Admin", Roles: identity.AllRoles,
		Password: "rahasia-123"}); err != nil {
		t.Fatal(err)
	}
	_, priv, _ := ed25519.GenerateKey(nil)
	alog := audit.NewLog(db.R, func(ctx context.Context, fn func(audit.Tx) error) error {
		return db.Write(ctx, func(tx *sqldb.Tx) error { return fn(tx) })
	}, string(db.Engine), priv, nil)
	s, err := New(
		cfg,
		withServices(
			Deps{
				DB:       db,
				Identity: ids,
				Log:      slog.New(slog.NewTextHandler(io.Discard, nil)),
				Audit:    alog,
			},
			cfg.Now,
			append(rc, recruitment.Config{})[0],
		),
	)
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(s.Handler())
	t.Cleanup(hs.Close)
	return s, hs
}

func noRedirect() *http.Client {
	return &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

func TestSafeNext(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ in, want string }{
		{"/", "/"},
		{"/lamaran", "/lamaran"},
		{"/verifikasi/3?status=pending&offset=50", "/verifikasi/3?status=pending&offset=50"},
		{"/periode/1#formasi", "/periode/1#formasi"},
		{"/cari?q=a%2Fb", "/cari?q=a%2Fb"},
		{"", "/"},
		{"/\t/evil.example", "/"},  // /%09/evil.example once the query is decoded
		{"/%09/evil.example", "/"}, // encoded twice
		{"/\r\n/evil.example", "/"},
		{"/\n/evil.example", "/"},
		{"//evil.example", "/"},
		{"//evil.example/lamaran", "/"},
		{"/\\evil.example", "/"},
		{"\\\\evil.example", "/"},
		{"/%5Cevil.example", "/"},
		{"/%2F%2Fevil.example", "/"},
		{"https://evil.example", "/"},
		{"http:/evil.example", "/"},
		{"javascript:alert(1)", "/"},
		{"JavaScript:alert(1)", "/"},
		{"lamaran", "/"},
		{"/ /evil.example", "/"},
		{"/\u2028/evil.example", "/"},
		{"/\u200B/evil.example", "/"},
	} {
		if got := safeNext(c.in); got != c.want {
			t.Errorf("safeNext(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// TestLoginNextStaysOnSite: a signed-in user who opens /login?next=… is
// sent only to a clean path of this site, and so is one who signs in.
func TestLoginNextStaysOnSite(t *testing.T) {
	t.Parallel()
	_, hs := newConfiguredServer(t, Config{})
	c := noRedirect()
	res, err := c.PostForm(hs.URL+"/login", url.Values{"username": {"admin"}, "password": {"rahasia-123"}, "next": {"/\t/evil.example"}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/" {
		t.Fatalf("sign in with a hostile next: %d to %q, want 303 to /", res.StatusCode, res.Header.Get("Location"))
	}
	var session *http.Cookie
	for _, ck := range res.Cookies() {
		if ck.Name == sessionCookie {
			session = ck
		}
	}
	if session == nil {
		t.Fatal("no session cookie")
	}
	for _, c2 := range []struct{ rawNext, want string }{
		{"%2Fperiode%2F1", "/periode/1"},
		{"/%09/evil.example", "/"},
		{"//evil.example", "/"},
		{"/%5Cevil.example", "/"},
		{"https://evil.example", "/"},
		{"javascript:alert(1)", "/"},
	} {
		req, _ := http.NewRequest("GET", hs.URL+"/login?next="+c2.rawNext, nil)
		req.AddCookie(&http.Cookie{Name: sessionCookie, Value: session.Value})
		res, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != c2.want {
			t.Errorf("next=%s: %d to %q, want 303 to %q", c2.rawNext, res.StatusCode, res.Header.Get("Location"), c2.want)
		}
	}
}

// TestSecureCookieBehindTrustedProxy: behind a trusted TLS proxy the
// session cookie is Secure and HSTS is sent; the same header from an
// address that is not a trusted proxy changes nothing.
func TestSecureCookieBehindTrustedProxy(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name    string
		proxies []netip.Prefix
		proto   string
		secure  bool
	}{
		{"trusted proxy, https", []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}, "https", true},
		{"trusted proxy, http", []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}, "http", false},
		{"untrusted address, https", []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}, "https", false},
		{"no proxies, https", nil, "https", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, hs := newConfiguredServer(t, Config{TrustedProxies: c.proxies})
			req, _ := http.NewRequest(
				"POST",
				hs.URL+"/login",
				strings.NewReader(url.Values{"username": {"admin"}, "password": {"rahasia-123"}}.Encode()),
			)
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("X-Forwarded-Proto", c.proto)
			req.Header.Set("X-Forwarded-For", "203.0.113.9")
			res, err := noRedirect().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			var got *http.Cookie
			for _, ck := range res.Cookies() {
				if ck.Name == sessionCookie {
					got = ck
				}
			}
			if got == nil {
				t.Fatalf("no session cookie (status %d)", res.StatusCode)
			}
			if got.Secure != c.secure {
				t.Errorf("cookie Secure = %v, want %v", got.Secure, c.secure)
			}
			if hsts := res.Header.Get("Strict-Transport-Security") != ""; hsts != c.secure {
				t.Errorf("HSTS sent = %v, want %v", hsts, c.secure)
			}
		})
	}
}

var hostileRegistration = []struct {
	name, field, value string
}{
	{"RTL override in the name", "name", "Siti \u202EhanimA"},
	{"RTL isolate in the name", "name", "Siti \u2067Aminah"},
	{"zero-width only name", "name", "\u200B\u200C\u200D"},
	{"zero-width inside the name", "name", "Si\u200Bti Aminah"},
	{"NUL in the name", "name", "Siti\x00Aminah"},
	{"BEL in the name", "name", "Siti\aAminah"},
	{"BOM in the name", "name", "\uFEFFSiti Aminah"},
	{"hangul filler name", "name", "\u3164"},
	{"NUL in the birth place", "birth_place", "Palangka\x00Raya"},
	{"RTL override in the birth place", "birth_place", "Palangka\u202ERaya"},
	{"NUL in the e-mail", "email", "siti\x00@example.id"},
	{"trailing dot in the e-mail", "email", "budi.typo.@gmail.com"},
	{"double dot in the e-mail", "email", "a..b@x.com"},
	{"no TLD", "email", "siti@example"},
	{"display name", "email", "Siti <siti@example.id>"},
	{"short password", "password", "Rahasia1!"},
	{"whitespace-only password", "password", "              "},
	{"common password", "password", "password123"},
	{"common password, keyboard", "password", "qwertyuiop"},
	{"password is the NIK", "password", "6271035205980001"},
	{"password is the e-mail", "password", "Siti.Aminah@Example.ID"},
}

func goodRegistration() map[string]string {
	return map[string]string{"nik": "6271035205980001", "name": "Siti Aminah", "birth_place": "Palangka Raya", "birth_date": "1998-05-12",
		"gender": "F", "email": "siti.aminah@example.id", "phone": "081234567890", "password": "kopi-tubruk-pagi"}
}

func countApplicants(t *testing.T, s *Server) int {
	t.Helper()
	var n int
	if err := s.db.R.QueryRowContext(context.Background(), `SELECT count(*) FROM applicants`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestRegistrationRefusesHostileText: names with hidden or reordering
// characters, control characters, addresses the mailer would refuse and
// weak passwords are refused with 422 on the right field, through the API
// and the page, and nothing is created; a name that only needs NFC is
// stored in NFC.
func TestRegistrationRefusesHostileText(t *testing.T) {
	t.Parallel()
	s, hs := newConfiguredServer(t, Config{}, recruitment.Config{RegisterPerMinute: -1}) // no limit here
	for _, c := range hostileRegistration {
		t.Run(c.name, func(t *testing.T) {
			in := goodRegistration()
			in[c.field] = c.value
			b, _ := json.Marshal(in)
			res, err := http.Post(hs.URL+"/api/v1/applicants", "application/json", strings.NewReader(string(b)))
			if err != nil {
				t.Fatal(err)
			}
			var out struct {
				Error struct {
					Code   string            `json:"code"`
					Fields map[string]string `json:"fields"`
				} `json:"error"`
			}
			_ = json.NewDecoder(res.Body).Decode(&out)
			res.Body.Close()
			if res.StatusCode != 422 || out.Error.Fields[c.field] == "" {
				t.Errorf("API: %d %+v, want 422 on %s", res.StatusCode, out.Error, c.field)
			}
			form := url.Values{}
			for k, v := range in {
				form.Set(k, v)
			}
			res, err = noRedirect().PostForm(hs.URL+"/daftar", form)
			if err != nil {
				t.Fatal(err)
			}
			page, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode != 422 ||
				!strings.Contains(string(page), `id="`+strings.ReplaceAll(c.field, "_", "-")+`-error"`) &&
					!strings.Contains(string(page), `id="`+c.field+`-error"`) {
				t.Errorf("page: %d, want 422 with an error next to %s", res.StatusCode, c.field)
			}
			if n := countApplicants(t, s); n != 0 {
				t.Fatalf("%d applicants created", n)
			}
		})
	}
	// Combining sequences are accepted and stored composed (NFC).
	in := goodRegistration()
	in["name"] = "Jose\u0301 Sa\u0308rima"
	b, _ := json.Marshal(in)
	res, err := http.Post(hs.URL+"/api/v1/applicants", "application/json", strings.NewReader(string(b)))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 201 {
		t.Fatalf("a decomposed name: %d, want 201", res.StatusCode)
	}
	var name string
	if err := s.db.R.QueryRowContext(context.Background(), `SELECT name FROM applicants`).Scan(&name); err != nil {
		t.Fatal(err)
	}
	if name != "Jos\u00e9 S\u00e4rima" {
		t.Fatalf("stored name %q, want NFC %q", name, "Jos\u00e9 S\u00e4rima")
	}
}
