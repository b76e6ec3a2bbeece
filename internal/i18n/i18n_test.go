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
		"test.rows": {"Melebihi {max} baris", "More than {max} rows"},
		"test.list": {"Alasan: {reasons}", "Reasons: {reasons}"},
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
		{ID, "test.rows", []any{"max", Number(200000)}, "Melebihi 200.000 baris"},
		{EN, "test.rows", []any{"max", Number(200000)}, "More than 200,000 rows"},
		{EN, "test.rows", []any{"max", Number(-1500)}, "More than -1,500 rows"},
		{ID, "test.rows", []any{"max", 1990}, "Melebihi 1990 baris"},
		{EN, "test.list", []any{"reasons", Phrases{P("test.kind", "kind", Key("test.name")), P("test.args", "max", 5, "ipk", 2.75)}},
			"Reasons: The Photo document is required; At most 5 characters, GPA 2.75"},
		{ID, "test.list", []any{"reasons", Phrases{P("test.kind", "kind", Key("test.name")), P("test.args", "max", 5, "ipk", 2.75)}},
			"Alasan: Dokumen Pas foto wajib; Maksimal 5 karakter, IPK 2,75"},
	} {
		if got := T(tc.lang, tc.key, tc.args...); got != tc.want {
			t.Errorf("T(%s, %s) = %q, want %q", tc.lang, tc.key, got, tc.want)
		}
	}
}
