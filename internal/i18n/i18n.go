// Package i18n holds asnpro's words: one catalogue of every message and page
// text, keyed, in Bahasa Indonesia and English. Domain packages never hold
// words: their errors carry a key and the values of its placeholders
// (apperr.Msg), and the edges — the web layer and the command line —
// choose the words here, in the caller's language.
//
// A text may hold placeholders in braces, {name}, filled from name, value
// pairs: T("en", "recruitment.quota_max", "max", 50). A test fails when a
// key lacks either language or the two languages name different
// placeholders.
package i18n

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// The languages: Indonesian first.
const (
	ID = "id"
	EN = "en"
)

// Text is one entry: the Indonesian and the English words.
type Text struct{ ID, EN string }

var (
	mu    sync.RWMutex
	texts = map[string]Text{}
)

// add puts entries into the catalogue; each file of this package adds its
// part in init. A key given twice is a bug.
func add(m map[string]Text) {
	mu.Lock()
	defer mu.Unlock()
	for k, v := range m {
		if _, dup := texts[k]; dup {
			panic("i18n: key " + k + " defined twice")
		}
		texts[k] = v
	}
}

// Has reports whether key is in the catalogue.
func Has(key string) bool {
	mu.RLock()
	defer mu.RUnlock()
	_, ok := texts[key]
	return ok
}

// Lookup returns the entry of key.
func Lookup(key string) (Text, bool) {
	mu.RLock()
	defer mu.RUnlock()
	t, ok := texts[key]
	return t, ok
}

// Keys lists every key, sorted.
func Keys() []string {
	mu.RLock()
	defer mu.RUnlock()
	ks := make([]string, 0, len(texts))
	for k := range texts {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// T returns the words of key in lang ("en", else Indonesian), with its
// placeholders filled from args (name, value pairs). A key that is missing
// shows as [[key]], which the page tests catch.
func T(lang, key string, args ...any) string {
	t, ok := Lookup(key)
	if !ok {
		return "[[" + key + "]]"
	}
	s := t.ID
	if lang == EN {
		s = t.EN
	}
	if len(args) == 0 || !strings.Contains(s, "{") {
		return s
	}
	for i := 0; i+1 < len(args); i += 2 {
		name, _ := args[i].(string)
		s = strings.ReplaceAll(s, "{"+name+"}", format(lang, args[i+1]))
	}
	return s
}

// format writes a placeholder's value: a float64 with the language's
// decimal separator (3,50 in Indonesian, 3.50 in English), a Number with
// its thousands separator (200.000 / 200,000), a Key or a Phrase in its
// words.
func format(lang string, v any) string {
	switch x := v.(type) {
	case string:
		return x
	case float64:
		s := fmt.Sprintf("%.2f", x)
		if lang != EN {
			s = strings.Replace(s, ".", ",", 1)
		}
		return s
	case Number:
		return grouped(int(x), lang)
	case Key:
		return T(lang, string(x))
	case Phrase:
		return T(lang, x.Key, x.Args...)
	case Names:
		parts := make([]string, len(x.Codes))
		for i, c := range x.Codes {
			parts[i] = Name(lang, x.Kind, c)
		}
		return strings.Join(parts, ", ")
	case Phrases:
		parts := make([]string, len(x))
		for i, p := range x {
			parts[i] = T(lang, p.Key, p.Args...)
		}
		return strings.Join(parts, "; ")
	}
	return fmt.Sprint(v)
}

// Number is a placeholder value that is a whole number written with the
// language's thousands separator: 200.000 in Indonesian, 200,000 in
// English. (A plain int is written as it is: a year, a line number.)
type Number int

// grouped writes n with the thousands separator of lang.
func grouped(n int, lang string) string {
	s := strconv.Itoa(n)
	sign := ""
	if n < 0 {
		sign, s = "-", s[1:]
	}
	sep := "."
	if lang == EN {
		sep = ","
	}
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(c)
	}
	return sign + b.String()
}

// Key is a placeholder value that is itself a catalogue key, translated in
// the same language (e.g. a document kind's name inside a message).
type Key string

// Phrase is a placeholder value that is a keyed message with placeholders
// of its own, translated in the same language (a row's problem inside a
// file's report, say).
type Phrase struct {
	Key  string
	Args []any
}

// P returns the phrase of key with its name, value pairs.
func P(key string, args ...any) Phrase { return Phrase{Key: key, Args: args} }

// Names is a placeholder value of stored codes of one kind (CodeDoc, …),
// written by their names (Name) and joined by ", ": "Pas foto, KTP",
// never "pas_foto, ktp".
type Names struct {
	Kind  string
	Codes []string
}

// Phrases is a placeholder value of several phrases, joined by "; ".
type Phrases []Phrase

// Placeholders returns the names in braces in s, sorted.
func Placeholders(s string) []string {
	var out []string
	for {
		i := strings.IndexByte(s, '{')
		if i < 0 {
			break
		}
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			break
		}
		out = append(out, s[i+1:i+j])
		s = s[i+j+1:]
	}
	sort.Strings(out)
	return out
}
