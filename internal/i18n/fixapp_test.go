package i18n

import "testing"

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
