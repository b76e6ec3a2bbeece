// Package textcheck normalises and checks the text people type — names,
// titles, one-line values, free text and e-mail addresses — before it is
// stored or compared. Text is brought to Unicode NFC; characters that hide
// or reorder what a reader sees (control characters, bidirectional
// overrides and isolates, the byte order mark, zero-width characters in
// names) are refused rather than silently removed, so what is stored is
// what the person meant and what another person reads. Every check gives
// its reason as a catalogue key (internal/i18n/textcheck.go); callers put
// it on the form field.
package textcheck

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"asnpro/internal/apperr"
	"asnpro/internal/i18n"
)

// Kind says what sort of text is checked.
type Kind uint8

const (
	// Line is one line of text: a title, a code, a username, a reason
	// typed in an input. No control character at all.
	Line Kind = iota
	// Name is a person's or a place's name: one line, inner runs of spaces
	// collapsed, and no invisible format character (zero-width space,
	// joiners, soft hyphen …).
	Name
	// Multiline is free text: newline and tab are kept (CR LF becomes LF),
	// every other control character is refused.
	Multiline
)

// Problem is why a text was refused: its catalogue key.
type Problem struct{ Key string }

// Msg returns the reason as a message by key.
func (p *Problem) Msg() apperr.Msg { return apperr.M(p.Key) }

// In returns the reason's words in lang ("en" or Indonesian otherwise).
func (p *Problem) In(lang string) string { return i18n.T(lang, p.Key) }

var (
	errUTF8      = &Problem{"textcheck.utf8"}
	errControl   = &Problem{"textcheck.control"}
	errBidi      = &Problem{"textcheck.bidi"}
	errBOM       = &Problem{"textcheck.bom"}
	errInvisible = &Problem{"textcheck.invisible"}
	errBlank     = &Problem{"textcheck.blank"}
)

// Clean returns s in NFC, trimmed (and for a Name with inner spaces
// collapsed), or the problem that makes it unacceptable. An empty or
// all-space s is returned as "" without a problem: whether a value is
// required is the caller's rule.
func Clean(s string, k Kind) (string, *Problem) {
	if !utf8.ValidString(s) {
		return "", errUTF8
	}
	if k == Multiline {
		s = strings.ReplaceAll(s, "\r\n", "\n")
	}
	s = norm.NFC.String(s)
	visible := false
	for _, c := range s {
		switch {
		case c == '\n' || c == '\t':
			if k != Multiline {
				return "", errControl
			}
		case c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029':
			return "", errControl
		case isBidiControl(c):
			return "", errBidi
		case c == '\uFEFF':
			return "", errBOM
		case k == Name && (unicode.Is(unicode.Cf, c) || isInvisibleLetter(c)):
			return "", errInvisible
		}
		if !visible && isVisible(c) {
			visible = true
		}
	}
	if k == Name {
		s = strings.Join(strings.Fields(s), " ")
	} else {
		s = strings.TrimSpace(s)
	}
	if s != "" && !visible {
		return "", errBlank
	}
	return s, nil
}

// isBidiControl reports the explicit directional formatting characters:
// embeddings and overrides (U+202A–U+202E), isolates (U+2066–U+2069) and
// the implicit marks (U+200E, U+200F, U+061C).
func isBidiControl(c rune) bool {
	return (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069') || c == '\u200E' || c == '\u200F' || c == '\u061C'
}

// isInvisibleLetter reports characters classed as letters or marks that
// render as blank (fillers, the blank braille pattern, the combining
// grapheme joiner).
func isInvisibleLetter(c rune) bool {
	switch c {
	case '\u115F', '\u1160', '\u3164', '\uFFA0', '\u2800', '\u034F', '\u180E':
		return true
	}
	return false
}

func isVisible(c rune) bool {
	if isInvisibleLetter(c) {
		return false
	}
	return unicode.IsLetter(c) || unicode.IsNumber(c) || unicode.IsPunct(c) || unicode.IsSymbol(c)
}

// FieldMsg cleans *s in place and, when it is refused, puts the reason by
// key on field in f, unless f already has a message for it. It reports
// whether s was accepted.
func FieldMsg(f map[string]apperr.Msg, field string, s *string, k Kind) bool {
	v, p := Clean(*s, k)
	if p != nil {
		if _, ok := f[field]; !ok {
			f[field] = p.Msg()
		}
		return false
	}
	*s = v
	return true
}

// Check cleans s and returns it, or an invalid error naming field.
func Check(field, s string, k Kind) (string, error) {
	v, p := Clean(s, k)
	if p != nil {
		return "", &apperr.Error{Code: apperr.Invalid, Msg: p.Msg(), FieldMsgs: map[string]apperr.Msg{field: p.Msg()}}
	}
	return v, nil
}
