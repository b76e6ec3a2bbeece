package culture

import (
	"slices"
	"strings"
	"testing"
)

func TestTags(t *testing.T) {
	for _, c := range []struct {
		in   []string
		want string
		ok   bool
	}{
		{[]string{"Antrian", "#KTP"}, "antrian,ktp", true},
		{[]string{"pelayanan publik, antrian", "antrian"}, "pelayanan-publik,antrian", true},
		{[]string{" ", ""}, "", true},
		{[]string{"a,b,c,d,e,f"}, "a,b,c,d,e,f", false},
		{[]string{"<script>"}, "", false},
		{[]string{strings.Repeat("x", MaxTag+1)}, "", false},
	} {
		got, ok := Tags(c.in)
		if strings.Join(got, ",") != c.want || ok != c.ok {
			t.Errorf("Tags(%q) = %q %v, want %q %v", c.in, got, ok, c.want, c.ok)
		}
	}
}

func TestTerms(t *testing.T) {
	for q, want := range map[string][]string{
		"Layanan KTP":            {"layanan", "ktp"},
		`"a" OR b* NEAR(x) -- ;`: {"or", "near"},
		"e-Kinerja e-kinerja":    {"kinerja"},
		"":                       nil,
		"satu dua tiga empat lima enam tujuh delapan sembilan": {"satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan"},
	} {
		if got := Terms(q); !slices.Equal(got, want) {
			t.Errorf("Terms(%q) = %q, want %q", q, got, want)
		}
	}
	if got := ftsMatch([]string{"layanan", "ktp"}); got != `"layanan"* AND "ktp"*` {
		t.Errorf("ftsMatch: %s", got)
	}
	if got := tsQuery([]string{"layanan", "ktp"}); got != "layanan:* & ktp:*" {
		t.Errorf("tsQuery: %s", got)
	}
}

func TestCheckReason(t *testing.T) {
	for _, c := range []struct {
		in       string
		required bool
		ok       bool
	}{
		{"", true, false}, {"   ", true, false}, {"", false, true}, {"Spam", true, true},
		{strings.Repeat("x", MaxReason+1), true, false}, {"a\u202eb", true, false},
	} {
		r := c.in
		if err := checkReason(&r, c.required); (err == nil) != c.ok {
			t.Errorf("checkReason(%q, %v) = %v", c.in, c.required, err)
		}
	}
}
