package i18n

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// TestNames: a Names placeholder writes each code by its name in the
// language, a code without a name as it is.
func TestNames(t *testing.T) {
	for _, c := range []struct {
		lang  string
		codes []string
		want  string
	}{
		{ID, []string{"pas_foto", "ktp"}, "Dokumen wajib belum lengkap: Pas foto, KTP"},
		{EN, []string{"pas_foto", "ktp"}, "Required documents are missing: Passport photo, Identity card (KTP)"},
		{ID, []string{"sertifikat_x"}, "Dokumen wajib belum lengkap: sertifikat_x"},
		{EN, nil, "Required documents are missing: "},
	} {
		if got := T(c.lang, "recruitment.documents_missing", "kinds", Names{Kind: CodeDoc, Codes: c.codes}); got != c.want {
			t.Errorf("%s %v: %q, want %q", c.lang, c.codes, got, c.want)
		}
	}
}

// TestMessagesStartWithACapital: the reasons a NIK or NIP is refused —
// shown alone beside a field or in a page's banner — begin with a capital
// letter (or a placeholder) in both languages; only the fragments put
// inside other messages (a character's name, a month) do not.
func TestMessagesStartWithACapital(t *testing.T) {
	fragments := map[string]bool{"idnum.invalid_char": true, "idnum.sep_space": true, "idnum.sep_mark": true,
		"idnum.male": true, "idnum.female": true, "idnum.man": true, "idnum.woman": true}
	keys := []string{"app.doc.missing"}
	for _, k := range Keys() {
		if strings.HasPrefix(k, "idnum.") && !fragments[k] && !strings.HasPrefix(k, "idnum.month") &&
			!strings.HasPrefix(k, "idnum.region") && !strings.HasPrefix(k, "idnum.day_month") {
			keys = append(keys, k)
		}
	}
	for _, k := range keys {
		tx, _ := Lookup(k)
		for _, s := range []string{tx.ID, tx.EN} {
			if r, _ := utf8.DecodeRuneInString(s); r != '{' && !unicode.IsUpper(r) {
				t.Errorf("%s: %q does not begin with a capital", k, s)
			}
		}
	}
}
