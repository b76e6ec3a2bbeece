package web

import (
	"net/http/httptest"
	"testing"
)

// TestCardCheckURL: the card prints an absolute address — the public URL
// when one is set, else the address the request came to, https when the
// request was secure.
func TestCardCheckURL(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name, public, host string
		tls                bool
		want               string
	}{
		{"public URL", "https://seleksi.palangkaraya.go.id/", "10.0.0.5:8080", false,
			"https://seleksi.palangkaraya.go.id/kartu?kode=ab12&nomor=20260010000001"},
		{"request address", "", "127.0.0.1:8080", false, "http://127.0.0.1:8080/kartu?kode=ab12&nomor=20260010000001"},
		{"served over TLS", "", "asn.example:443", true, "https://asn.example:443/kartu?kode=ab12&nomor=20260010000001"},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := &Server{cfg: Config{PublicURL: c.public, TLS: c.tls}}
			r := httptest.NewRequest("GET", "/api/v1/applications/1/card.pdf", nil)
			r.Host = c.host
			if got := s.cardCheckURL(r, "20260010000001", "ab12"); got != c.want {
				t.Fatalf("got %s, want %s", got, c.want)
			}
		})
	}
}
