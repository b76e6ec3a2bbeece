package web

import (
	"asnpro/internal/i18n"
	"net/http"
	"time"
)

// The UI speaks Bahasa Indonesia first and English second. The catalogue is
// a small typed table: a key has both texts or the template test fails.
const (
	langID = "id"
	langEN = "en"
)

const langCookie = "lang"

// wib is the time zone of Kota Palangka Raya (Asia/Jakarta, UTC+7).
var wib = func() *time.Location {
	l, err := time.LoadLocation("Asia/Jakarta")
	if err != nil {
		return time.FixedZone("WIB", 7*3600)
	}
	return l
}()

// pickLang chooses the language: ?lang=, then the remembered cookie, then
// Indonesian. Unknown values fall back to Indonesian.
func pickLang(r *http.Request) string {
	if v := r.URL.Query().Get("lang"); v == langEN || v == langID {
		return v
	}
	if c, err := r.Cookie(langCookie); err == nil && (c.Value == langEN || c.Value == langID) {
		return c.Value
	}
	return langID
}

func langOf(r *http.Request) string {
	if l, ok := r.Context().Value(langKey).(string); ok {
		return l
	}
	return langID
}

// T returns the text of key in lang from the catalogue (internal/i18n); a
// missing key shows as [[key]] so the template test catches it.
func T(lang, key string, args ...any) string { return i18n.T(lang, key, args...) }
