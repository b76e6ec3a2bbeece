package report

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/gomono"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"
)

// Font families registered in every PDF.
const (
	famSans = "go"     // Go Regular / Go Bold
	famMono = "gomono" // Go Mono
)

// coverage is the set of BMP runes a font has a glyph for.
type coverage [0x10000 / 64]uint64

func (c *coverage) has(r rune) bool {
	return r >= 0 && r < 0x10000 && c[r/64]&(1<<(uint(r)%64)) != 0
}

var (
	coverOnce sync.Once
	// cover holds the runes that Go Regular, Go Bold and Go Mono all have:
	// Latin (with the diacritics of Indonesian, Dutch and European names),
	// Greek, Cyrillic, common punctuation and symbols.
	cover coverage
)

func loadCoverage() {
	var fonts []*sfnt.Font
	for _, ttf := range [][]byte{goregular.TTF, gobold.TTF, gomono.TTF} {
		f, err := sfnt.Parse(ttf)
		if err != nil {
			panic("report: parse Go font: " + err.Error()) // embedded bytes: cannot happen
		}
		fonts = append(fonts, f)
	}
	var buf sfnt.Buffer
	for r := rune(0x20); r < 0x10000; r++ {
		if r >= 0xd800 && r < 0xe000 {
			continue
		}
		ok := true
		for _, f := range fonts {
			if g, err := f.GlyphIndex(&buf, r); err != nil || g == 0 {
				ok = false
				break
			}
		}
		if ok {
			cover[r/64] |= 1 << (uint(r) % 64)
		}
	}
}

// cleanText makes s safe for the PDF writer: invalid UTF-8 and characters
// the Go fonts lack (CJK, emoji, anything beyond the BMP) become '?', tabs
// become spaces, other control and format characters are dropped; newlines
// are kept when keepNewlines. (fpdf converts to UTF-16 assuming valid UTF-8
// within the BMP, so this also keeps it from panicking.)
func cleanText(s string, keepNewlines bool) string {
	coverOnce.Do(loadCoverage)
	clean := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 && !(c == '\n' && keepNewlines) || c >= 0x7f {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		switch {
		case r == utf8.RuneError && n <= 1:
			b.WriteByte('?')
		case r == '\n' && keepNewlines:
			b.WriteByte('\n')
		case r == '\t' || r == '\n' || r == '\r' || r == '\u00a0':
			b.WriteByte(' ')
		case unicode.IsControl(r) || unicode.Is(unicode.Cf, r):
			// dropped: zero-width and bidi controls, soft hyphen
		case cover.has(r):
			b.WriteRune(r)
		default:
			b.WriteByte('?')
		}
	}
	return b.String()
}
