package report

import (
	"bytes"
	"crypto/sha256"
	"sync"
	"testing"

	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/gomono"
	"golang.org/x/image/font/gofont/goregular"
)

// fontText uses glyphs across the fonts' tables (Latin, accents, dashes,
// symbols), in every family and style a document uses.
const fontText = "Pengumuman Hasil Seleksi Administrasi — Kota Palangka Raya: MS/TMS, 100%, № 7, é à ü ñ ß, “kutip” ‘satu’ … © ® ™ € £ ¥"

func renderFonts(tb testing.TB) []byte {
	tb.Helper()
	d := NewPDF(PDFOptions{Title: "Uji", Footer: "uji"})
	d.Paragraph(fontText)
	d.Hash("SHA-256 "+fontText, "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")
	d.Table([]string{"No", fontText}, []float64{20, 160}, [][]string{{"1", fontText}})
	var b bytes.Buffer
	if _, err := d.WriteTo(&b); err != nil {
		tb.Fatal(err)
	}
	return b.Bytes()
}

// TestRenderingLeavesTheFontsAlone: the embedded fonts are package-level
// byte slices shared by every document of the process; writing a PDF must
// not change them (fpdf writes into the font bytes it is given while it
// subsets them), or two documents rendered at once race and later ones
// embed damaged metrics.
func TestRenderingLeavesTheFontsAlone(t *testing.T) {
	fonts := map[string][]byte{"goregular": goregular.TTF, "gobold": gobold.TTF, "gomono": gomono.TTF}
	before := map[string][32]byte{}
	for name, b := range fonts {
		before[name] = sha256.Sum256(b)
	}
	first := renderFonts(t)
	for name, b := range fonts {
		if sha256.Sum256(b) != before[name] {
			t.Errorf("rendering changed the %s font bytes", name)
		}
	}
	if again := renderFonts(t); len(again) != len(first) {
		t.Errorf("a second rendering is %d bytes, the first %d", len(again), len(first))
	}
}

// TestPDFsRenderAtOnce: documents rendered concurrently share nothing
// mutable (run with -race).
func TestPDFsRenderAtOnce(t *testing.T) {
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() { renderFonts(t) })
	}
	wg.Wait()
}
