package i18n

import (
	"slices"
	"testing"
)

// TestCatalogueIsComplete: every key has both languages, and both name the
// same placeholders.
func TestCatalogueIsComplete(t *testing.T) {
	keys := Keys()
	if len(keys) < 100 {
		t.Fatalf("only %d keys: the catalogue did not load", len(keys))
	}
	for _, k := range keys {
		v, _ := Lookup(k)
		if v.ID == "" || v.EN == "" {
			t.Errorf("%s lacks a language: %+v", k, v)
		}
		if a, b := Placeholders(v.ID), Placeholders(v.EN); !slices.Equal(a, b) {
			t.Errorf("%s: placeholders differ, id %v en %v", k, a, b)
		}
	}
}

func TestT(t *testing.T) {
	add(map[string]Text{
		"test.args": {"Maksimal {max} karakter, IPK {ipk}", "At most {max} characters, GPA {ipk}"},
		"test.kind": {"Dokumen {kind} wajib", "The {kind} document is required"},
		"test.name": {"Pas foto", "Photo"},
	})
	for _, tc := range []struct {
		lang, key string
		args      []any
		want      string
	}{
		{ID, "test.args", []any{"max", 50, "ipk", 3.5}, "Maksimal 50 karakter, IPK 3,50"},
		{EN, "test.args", []any{"max", 50, "ipk", 3.5}, "At most 50 characters, GPA 3.50"},
		{EN, "test.kind", []any{"kind", Key("test.name")}, "The Photo document is required"},
		{ID, "test.kind", []any{"kind", Key("test.name")}, "Dokumen Pas foto wajib"},
		{ID, "test.missing", nil, "[[test.missing]]"},
	} {
		if got := T(tc.lang, tc.key, tc.args...); got != tc.want {
			t.Errorf("T(%s, %s) = %q, want %q", tc.lang, tc.key, got, tc.want)
		}
	}
}
