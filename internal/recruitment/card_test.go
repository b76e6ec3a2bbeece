package recruitment_test

import (
	"testing"
	"time"

	"asnpro/internal/recruitment"
)

// TestCardCode: the card's code is fixed by its number, NIK and submission
// time (in UTC, to the second), so a public page recomputes it.
func TestCardCode(t *testing.T) {
	at := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	wib := at.In(time.FixedZone("WIB", 7*3600))
	base := recruitment.CardCode("2026001000001", "6271031205980001", at)
	cases := []struct {
		name      string
		code      string
		wantEqual bool
	}{
		{"the same in another zone", recruitment.CardCode("2026001000001", "6271031205980001", wib), true},
		{"another number", recruitment.CardCode("2026001000002", "6271031205980001", at), false},
		{"another NIK", recruitment.CardCode("2026001000001", "6271031205980002", at), false},
		{"another second", recruitment.CardCode("2026001000001", "6271031205980001", at.Add(time.Second)), false},
	}
	if len(base) != 16 {
		t.Fatalf("code %q", base)
	}
	for _, c := range cases {
		if (c.code == base) != c.wantEqual {
			t.Errorf("%s: %s vs %s", c.name, c.code, base)
		}
	}
}

func TestMaskNIK(t *testing.T) {
	for in, want := range map[string]string{"6271031205980001": "************0001", "1234": "1234", "": ""} {
		if got := recruitment.MaskNIK(in); got != want {
			t.Errorf("MaskNIK(%q) = %q, want %q", in, got, want)
		}
	}
}
