package upload

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxNameRunes bounds a display name.
const maxNameRunes = 100

// SafeName returns a client-supplied file name fit for DISPLAY only (never
// for storage: uploads are stored under random temporary names and then by
// their SHA-256). It keeps the last path component (after any '/' or '\'),
// replaces invalid UTF-8, drops control and format characters (including the
// bidirectional overrides that make "gpj.exe" look like "exe.jpg"), collapses
// white space, trims leading dots and spaces, and shortens it to 100
// characters keeping an extension of up to 10. An empty result is "berkas".
func SafeName(name string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	var b strings.Builder
	space := false
	for _, r := range strings.ToValidUTF8(name, "\uFFFD") {
		switch {
		case unicode.IsSpace(r):
			space = true
			continue
		case unicode.IsControl(r), unicode.Is(unicode.Cf, r), r == ':' || r == '*' || r == '?' || r == '"' || r == '<' || r == '>' || r == '|':
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	s := strings.TrimLeft(b.String(), ". ")
	if s == "" {
		return "berkas"
	}
	if utf8.RuneCountInString(s) <= maxNameRunes {
		return s
	}
	ext := ""
	if i := strings.LastIndexByte(s, '.'); i > 0 && utf8.RuneCountInString(s[i:]) <= 10 {
		ext = s[i:]
		s = s[:i]
	}
	keep := maxNameRunes - utf8.RuneCountInString(ext)
	r := []rune(s)
	return strings.TrimRight(string(r[:keep]), " .") + ext
}
