package web

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
)

// TestErrorsSpeakTheCallersLanguage: the web layer's own refusals — the
// message and every field's — are in the caller's language, Indonesian
// or English, never the other one.
func TestErrorsSpeakTheCallersLanguage(t *testing.T) {
	_, hs := newTestServer(t)
	cases := []struct {
		name, method, path, body string
		status                   int
		field                    string // "" for the message
		id, en                   string
	}{
		{"paging limit", "GET", "/api/v1/transparency/checkpoints?limit=0", "", 422, "limit", "limit harus 1–500", "limit must be 1–500"},
		{"paging offset", "GET", "/api/v1/transparency/checkpoints?offset=-1", "", 422, "offset",
			"offset harus bilangan bulat ≥ 0", "offset must be a whole number ≥ 0"},
		{"a value of the wrong type", "POST", "/api/v1/auth/token", `{"username": 5, "password": "x"}`, 400, "username",
			"Jenis nilai salah", "Wrong type of value"},
		{"the wrong type named in the message", "POST", "/api/v1/auth/token", `{"username": 5, "password": "x"}`, 400, "",
			"Permintaan tidak dapat dibaca: kolom username berisi jenis nilai yang salah",
			"The request could not be read: field username has the wrong type"},
		{"no username", "POST", "/api/v1/auth/token", `{"username": "", "password": "x"}`, 422, "username",
			"Nama pengguna wajib diisi", "The username is required"},
		{"empty body", "POST", "/api/v1/auth/token", "", 400, "",
			"Permintaan tidak dapat dibaca: isi permintaan kosong", "The request could not be read: empty body"},
		{"method not allowed", "PUT", "/api/v1/auth/token", "", 405, "",
			"Metode PUT tidak dapat dipakai di sini (boleh: DELETE, POST)", "Method PUT is not allowed here (allowed: DELETE, POST)"},
		{"not signed in", "DELETE", "/api/v1/auth/token", "", 401, "", "Silakan masuk terlebih dahulu", "Please sign in first"},
	}
	for _, tc := range cases {
		for _, lang := range []string{langID, langEN} {
			t.Run(tc.name+" "+lang, func(t *testing.T) {
				sep := "?"
				if strings.Contains(tc.path, "?") {
					sep = "&"
				}
				req, _ := http.NewRequest(tc.method, hs.URL+tc.path+sep+"lang="+lang, strings.NewReader(tc.body))
				if tc.body != "" {
					req.Header.Set("Content-Type", "application/json")
				}
				res, err := hs.Client().Do(req)
				if err != nil {
					t.Fatal(err)
				}
				b, _ := io.ReadAll(res.Body)
				res.Body.Close()
				var e errorBody
				if err := json.Unmarshal(b, &e); err != nil || res.StatusCode != tc.status {
					t.Fatalf("%d %s, want %d", res.StatusCode, b, tc.status)
				}
				got := e.Error.Message
				if tc.field != "" {
					got = e.Error.Fields[tc.field]
				}
				want := tc.id
				if lang == langEN {
					want = tc.en
				}
				if got != want {
					t.Errorf("%s: %q, want %q (%s)", lang, got, want, b)
				}
			})
		}
	}
}
