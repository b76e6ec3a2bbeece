package web

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"asnpro/internal/apperr"
	"asnpro/internal/i18n"
	"asnpro/internal/identity"
	"asnpro/internal/recruitment"
)

//go:embed templates static
var assets embed.FS

// --- static files: embedded, served under content-hashed names ---

type staticFile struct {
	body  []byte
	ctype string
}

type staticFiles struct {
	byURL  map[string]staticFile // "app.3f2a9c1b.css" → file
	urlFor map[string]string     // "app.css" → "/static/app.3f2a9c1b.css"
}

func loadStatic() (*staticFiles, error) {
	st := &staticFiles{byURL: map[string]staticFile{}, urlFor: map[string]string{}}
	err := fs.WalkDir(assets, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := assets.ReadFile(p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		name := strings.TrimPrefix(p, "static/")
		ext := path.Ext(name)
		hashed := strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:5]) + ext
		ct := map[string]string{".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8",
			".svg": "image/svg+xml", ".png": "image/png", ".ico": "image/x-icon"}[ext]
		if ct == "" {
			ct = "application/octet-stream"
		}
		st.byURL[hashed] = staticFile{body: b, ctype: ct}
		st.urlFor[name] = "/static/" + hashed
		return nil
	})
	return st, err
}

// serveStatic: GET /static/{file} — immutable, cached for a year.
func (s *Server) serveStatic(w http.ResponseWriter, r *http.Request) error {
	f, ok := s.static.byURL[r.PathValue("file")]
	if !ok {
		return apperr.E(apperr.NotFound, "web.file_not_found")
	}
	w.Header().Set("Content-Type", f.ctype)
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	_, err := w.Write(f.body)
	return err
}

// --- templates: one set per page (layout + the page) ---

type pageSet struct {
	t map[string]*template.Template
}

func loadPages(st *staticFiles) (*pageSet, error) {
	funcs := template.FuncMap{
		"asset": func(name string) (string, error) {
			u, ok := st.urlFor[name]
			if !ok {
				return "", fmt.Errorf("no static file %q", name)
			}
			return u, nil
		},
		"wib": func(t any) string {
			switch v := t.(type) {
			case time.Time:
				return v.In(wib).Format("02-01-2006 15:04") + " WIB"
			case *time.Time:
				if v != nil {
					return v.In(wib).Format("02-01-2006 15:04") + " WIB"
				}
			}
			return "—"
		},
		"kb": kb,
		// rupiah writes an amount (a *int64 or int64) as Rp 1.500.000.
		"rupiah": func(v any) string {
			switch x := v.(type) {
			case int64:
				return rupiah(x)
			case *int64:
				if x != nil {
					return rupiah(*x)
				}
			}
			return "—"
		},
		// inc is i + 1 (a level or a number counted from 1).
		"inc": func(i int) int { return i + 1 },
		// changeval shows a value of an amendment: a list by its items, a
		// document rule by its kind.
		"changeval": changeValue,
		// amendmentsOf gives the "amendments" partial its page and list.
		"amendmentsOf": func(p *page, a []*recruitment.Amendment) amendmentsView {
			return amendmentsView{Page: p, Amendments: a}
		},
	}
	ps := &pageSet{t: map[string]*template.Template{}}
	files, err := fs.Glob(assets, "templates/pages/*.html")
	if err != nil {
		return nil, err
	}
	for _, f := range files {
		name := strings.TrimSuffix(path.Base(f), ".html")
		t, err := template.New("layout.html").Funcs(funcs).ParseFS(assets, "templates/layout.html", "templates/partials/*.html", f)
		if err != nil {
			return nil, fmt.Errorf("template %s: %w", name, err)
		}
		ps.t[name] = t
	}
	return ps, nil
}

// kb writes a size in whole kilobytes with its unit: "37 KB"; a size
// under 1 KB (but not empty) is "< 1 KB", never "0 KB".
func kb(b int64) string {
	if b > 0 && b < 1024 {
		return "< 1 KB"
	}
	return strconv.FormatInt(b/1024, 10) + " KB"
}

// page is what every template gets: the shell's facts and the page's Data.
type page struct {
	Lang      string
	Title     string
	User      *identity.Principal
	Demo      bool
	SwitchURL string // the same page in the other language
	Path      string
	Data      any
	Nav       []link // the role-bound navigation the user may open
}

// T translates a catalogue key into the page's language.
func (p *page) T(key string) string { return T(p.Lang, key) }

// Fill translates a key whose text has placeholders, filled from name,
// value pairs.
func (p *page) Fill(key string, args ...any) string { return i18n.T(p.Lang, key, args...) }

// Num writes a stored decimal ("82.125", as lists and files keep it) the
// way the page's language reads it: a decimal comma in Indonesian, where
// "82.125" would read as eighty-two thousand. Anything else is as given.
func (p *page) Num(v string) string {
	if p.Lang == langEN {
		return v
	}
	whole, frac, ok := strings.Cut(v, ".")
	if !ok || whole == "" || frac == "" || strings.Trim(strings.TrimPrefix(whole, "-"), "0123456789") != "" ||
		strings.Trim(frac, "0123456789") != "" {
		return v
	}
	return whole + "," + frac
}

// Name is the name of a stored code (a document kind, requirement,
// category, proof, role, stage or result: i18n.CodeDoc, …) in the page's
// language.
func (p *page) Name(kind, code string) string { return i18n.Name(p.Lang, kind, code) }

// Who is how the header names the signed-in user: by their name, never
// by an applicant's username (the NIK); a user without a name by their
// username, or an applicant by the role.
func (p *page) Who() string {
	switch {
	case p.User == nil:
		return ""
	case strings.TrimSpace(p.User.Name) != "":
		return p.User.Name
	case p.User.Has(identity.Applicant):
		return i18n.Name(p.Lang, i18n.CodeRole, string(identity.Applicant))
	}
	return p.User.Username
}

// Date writes a calendar date stored as YYYY-MM-DD (a birth date, an age
// reference date) as the page's language does: 22-12-2026 in Indonesian,
// 2026-12-22 in English. Anything else is shown as it is.
func (p *page) Date(s string) string {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return s
	}
	return i18n.T(p.Lang, "date.day", "d", d.Format("02"), "m", d.Format("01"), "y", d.Format("2006"))
}

// Dec writes a number with two decimals as the page's language does (3,50
// or 3.50).
func (p *page) Dec(v float64) string { return i18n.Decimal(p.Lang, v) }

// Milli is a score held in thousandths, with two decimals in the page's language.
func (p *page) Milli(m int) string { return i18n.Decimal(p.Lang, float64(m)/1000) }

// Pct is a share 0–1 as a whole per cent.
func (p *page) Pct(x float64) string { return strconv.Itoa(int(x*100+0.5)) + " %" }

// IPK writes an IPK stored in hundredths (350) as Dec does.
func (p *page) IPK(h *int) string {
	if h == nil {
		return "—"
	}
	return i18n.Hundredths(p.Lang, *h)
}

// render executes page name into a buffer first, so a template error never
// sends half a page, then writes it with status.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name, titleKey string, data any) error {
	s.rememberLang(w, r)
	body, err := s.renderBytes(r, name, titleKey, data)
	if err != nil {
		return err
	}
	return writePage(w, status, body)
}

// rememberLang keeps an explicit ?lang= choice in a cookie.
func (s *Server) rememberLang(w http.ResponseWriter, r *http.Request) {
	if q := r.URL.Query().Get("lang"); q == langEN || q == langID {
		http.SetCookie(
			w,
			&http.Cookie{
				Name:     langCookie,
				Value:    q,
				Path:     "/",
				MaxAge:   365 * 24 * 3600,
				HttpOnly: true,
				SameSite: http.SameSiteLaxMode,
				Secure:   s.secure(r),
			},
		)
	}
}

// switchURL is the page r shows, in language lang. A page answered to a
// form (a POST that was refused and shows the form again) is not an
// address one can open: the switch leads to the page the form was sent
// from (the Referer, when it is this site's), else to the home page.
func switchURL(r *http.Request, lang string) string {
	u := &url.URL{Path: r.URL.Path, RawQuery: r.URL.RawQuery}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		u = &url.URL{Path: "/"}
		if ref, err := url.Parse(r.Referer()); err == nil && ref.Host == r.Host && strings.HasPrefix(ref.Path, "/") {
			u = &url.URL{Path: ref.Path, RawQuery: ref.RawQuery}
		}
	}
	q := u.Query()
	q.Set("lang", lang)
	return u.Path + "?" + q.Encode()
}

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func (s *Server) renderBytes(r *http.Request, name, titleKey string, data any) ([]byte, error) {
	t, ok := s.pages.t[name]
	if !ok {
		return nil, fmt.Errorf("no page template %q", name)
	}
	lang := langOf(r)
	user := identity.PrincipalFrom(r.Context())
	p := &page{
		Lang:  lang,
		Title: T(lang, titleKey),
		User:  user,
		Demo:  s.cfg.Demo,
		Path:  r.URL.Path,
		Data:  data,
		Nav:   s.nav(user),
	}
	other := langEN
	if lang == langEN {
		other = langID
	}
	p.SwitchURL = switchURL(r, other)
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	defer bufPool.Put(buf)
	if err := t.Execute(buf, p); err != nil {
		return nil, apperr.Wrap(err, "render "+name)
	}
	return bytes.Clone(buf.Bytes()), nil
}

func writePage(w http.ResponseWriter, status int, body []byte) error {
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, err := w.Write(body)
	return err
}

// pageCache keeps rendered responses. A page whose content depends only on
// its key (the language, the signed-in user and their roles) is kept for a
// few seconds: a home page is the same for every request of the same person.
// A response that depends on data is kept under the version of that data,
// which the handler reads from the database on every request, so it is
// served again only while still true (read-your-writes, across instances).
type pageCache struct {
	mu    sync.RWMutex
	m     map[string]cachedPage
	bytes int
}

type cachedPage struct {
	body, gz    []byte // gz: the body gzipped once, for clients that accept it
	contentType string
	version     string
	at          time.Time
}

const (
	pageCacheTTL = 5 * time.Second
	// pageCacheBytes bounds the cache: beyond it, it starts again empty.
	pageCacheBytes = 32 << 20
)

func (c *pageCache) get(key string) (cachedPage, bool) {
	c.mu.RLock()
	p, ok := c.m[key]
	c.mu.RUnlock()
	return p, ok
}

func (c *pageCache) put(key string, p cachedPage) cachedPage {
	if len(p.body) >= 1400 {
		var zb bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&zb, gzip.BestCompression)
		zw.Write(p.body)
		zw.Close()
		p.gz = zb.Bytes()
	}
	size := len(key) + len(p.body) + len(p.gz)
	c.mu.Lock()
	if c.m == nil || c.bytes+size > pageCacheBytes {
		c.m, c.bytes = map[string]cachedPage{}, 0
	}
	if old, ok := c.m[key]; ok {
		c.bytes -= len(key) + len(old.body) + len(old.gz)
	}
	c.m[key] = p
	c.bytes += size
	c.mu.Unlock()
	return p
}

// serve writes a cached response, gzipped when the client accepts it.
func (p cachedPage) serve(w http.ResponseWriter, r *http.Request) error {
	body := p.body
	if p.gz != nil && acceptsGzip(r) {
		w.Header().Set("Content-Encoding", "gzip")
		body = p.gz
	}
	h := w.Header()
	h.Set("Content-Type", p.contentType)
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	_, err := w.Write(body)
	return err
}

const htmlType, jsonType = "text/html; charset=utf-8", "application/json; charset=utf-8"

// cachedRender serves page name from the cache under key, rendering it
// when absent or older than pageCacheTTL.
func (s *Server) cachedRender(w http.ResponseWriter, r *http.Request, key, name, titleKey string, data func() any) error {
	s.rememberLang(w, r)
	now := time.Now()
	c, ok := s.cache.get(key)
	if !ok || now.Sub(c.at) >= pageCacheTTL {
		body, err := s.renderBytes(r, name, titleKey, data())
		if err != nil {
			return err
		}
		c = s.cache.put(key, cachedPage{body: body, contentType: htmlType, at: now})
	}
	return c.serve(w, r)
}

// renderFor serves page name as it was rendered less than ttl ago under
// key, and renders it (data may fail) when not.
func (s *Server) renderFor(
	w http.ResponseWriter,
	r *http.Request,
	key string,
	ttl time.Duration,
	name, titleKey string,
	data func() (any, error),
) error {
	s.rememberLang(w, r)
	now := time.Now()
	c, ok := s.cache.get(key)
	if !ok || now.Sub(c.at) >= ttl {
		d, err := data()
		if err != nil {
			return err
		}
		body, err := s.renderBytes(r, name, titleKey, d)
		if err != nil {
			return err
		}
		c = s.cache.put(key, cachedPage{body: body, contentType: htmlType, at: now})
	}
	return c.serve(w, r)
}

// viewerKey is the part of a cache key that names who is looking: pages
// show the signed-in user, and staff see more than the public.
func viewerKey(r *http.Request) string {
	k := langOf(r) + "|" + r.URL.RawQuery
	if p := identity.PrincipalFrom(r.Context()); p != nil {
		k += "|" + p.IDString() + "|" + p.Name + "|" + identity.JoinRoles(p.Roles)
	}
	return k
}

// versionedRender serves page name from the cache while its data is at
// version, and renders it (data may fail) when not.
func (s *Server) versionedRender(
	w http.ResponseWriter,
	r *http.Request,
	key, version, name, titleKey string,
	data func() (any, error),
) error {
	s.rememberLang(w, r)
	key = "page|" + name + "|" + key + "|" + viewerKey(r)
	c, ok := s.cache.get(key)
	if !ok || c.version != version {
		d, err := data()
		if err != nil {
			return err
		}
		body, err := s.renderBytes(r, name, titleKey, d)
		if err != nil {
			return err
		}
		c = s.cache.put(key, cachedPage{body: body, contentType: htmlType, version: version})
	}
	return c.serve(w, r)
}

// versionedJSON is versionedRender for a JSON body.
func (s *Server) versionedJSON(w http.ResponseWriter, r *http.Request, key, version string, data func() (any, error)) error {
	key = "json|" + key + "|" + viewerKey(r)
	c, ok := s.cache.get(key)
	if !ok || c.version != version {
		d, err := data()
		if err != nil {
			return err
		}
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(d); err != nil {
			return apperr.Wrap(err, "encode")
		}
		c = s.cache.put(key, cachedPage{body: buf.Bytes(), contentType: jsonType, version: version})
	}
	return c.serve(w, r)
}

type errorData struct {
	Status  int
	Message string
}

// errorPage renders an error in the layout with its status.
func (s *Server) errorPage(w http.ResponseWriter, r *http.Request, err error) {
	ae := normalise(err)
	s.logIfInternal(r, ae)
	setRetryAfter(w, ae)
	status := Status(ae.Code)
	msg := ae.Localized(langOf(r))
	if ae.Code == apperr.Internal {
		msg = apperr.As(fmt.Errorf("")).Localized(langOf(r))
	}
	if rerr := s.render(w, r, status, "error", "error.title", errorData{Status: status, Message: msg}); rerr != nil {
		http.Error(w, msg, status)
	}
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, err := w.Write([]byte("ok\n"))
	return err
}

// crossOriginDenied answers a cross-site state-changing request (403).
func (s *Server) crossOriginDenied(w http.ResponseWriter, r *http.Request) {
	s.fail(w, r, apperr.E(apperr.Forbidden, "web.cross_site"))
}

func urlQueryEscape(s string) string { return url.QueryEscape(s) }

// safeNext returns the path to go to after signing in when next is a clean
// path on this site, and "/" otherwise: it must start with exactly one "/"
// and hold no backslash, no control character (tab, CR and LF included;
// browsers drop them, so "/\t/evil" would become "//evil"), no scheme and
// no host — also once more percent-decoded, in case it was encoded twice.
func safeNext(next string) string {
	if !cleanLocalPath(next) {
		return "/"
	}
	if dec, err := url.PathUnescape(next); err == nil && !cleanLocalPath(dec) {
		return "/"
	}
	return next
}

func cleanLocalPath(p string) bool {
	if len(p) == 0 || len(p) > 2048 || p[0] != '/' || strings.HasPrefix(p, "//") || strings.ContainsRune(p, '\\') || !utf8.ValidString(p) {
		return false
	}
	for _, c := range p {
		if unicode.IsControl(c) || unicode.Is(unicode.Cf, c) || unicode.IsSpace(c) {
			return false
		}
	}
	u, err := url.Parse(p)
	return err == nil && u.Scheme == "" && u.Host == "" && u.User == nil && strings.HasPrefix(u.Path, "/") &&
		!strings.HasPrefix(u.Path, "//")
}

// amendmentsView is what the "amendments" partial shows.
type amendmentsView struct {
	Page       *page
	Amendments []*recruitment.Amendment
}

func changeValue(v any) string {
	switch x := v.(type) {
	case nil:
		return "—"
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = changeValue(e)
		}
		return strings.Join(parts, ", ")
	case map[string]any:
		if k, ok := x["kind"].(string); ok {
			return k
		}
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case string:
		if t, err := time.Parse(time.RFC3339, x); err == nil {
			return t.In(wib).Format("02-01-2006 15:04") + " WIB"
		}
		return x
	}
	return fmt.Sprint(v)
}
