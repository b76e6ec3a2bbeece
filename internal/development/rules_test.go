package development

import (
	"testing"
	"time"

	"asnpro/internal/apperr"
	"asnpro/internal/assess"
)

func TestEvaluate(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name      string
		total     int
		bound     bool
		required  int
		compliant bool
		shortfall int
	}{
		{"nothing yet", 0, true, 20, false, 20},
		{"one short", 19, true, 20, false, 1},
		{"exactly 20", 20, true, 20, true, 0},
		{"more than 20", 47, true, 20, true, 0},
		{"not bound, nothing", 0, false, 0, true, 0},
		{"not bound, some", 8, false, 0, true, 0},
	}
	for _, c := range cases {
		s := Evaluate(c.total, c.bound)
		if s.Total != c.total || s.Required != c.required || s.Compliant != c.compliant || s.Shortfall != c.shortfall {
			t.Errorf("%s: %+v", c.name, s)
		}
	}
}

func TestBound(t *testing.T) {
	t.Parallel()
	cases := []struct {
		kind, status string
		want         bool
	}{
		{"pns", "cpns", true}, {"pns", "aktif", true}, {"pns", "cuti", false}, {"pns", "berhenti", false},
		{"pppk", "aktif", false}, {"pppk", "cuti", false},
	}
	for _, c := range cases {
		if got := Bound(c.kind, c.status); got != c.want {
			t.Errorf("Bound(%s, %s) = %v", c.kind, c.status, got)
		}
	}
}

func TestYearIsWIB(t *testing.T) {
	t.Parallel()
	// 31 December 2025 18:00 UTC is 1 January 2026 01:00 WIB.
	if y := YearOf(time.Date(2025, 12, 31, 18, 0, 0, 0, time.UTC)); y != 2026 {
		t.Fatalf("year %d, want 2026", y)
	}
	if y := YearOf(time.Date(2025, 12, 31, 16, 59, 0, 0, time.UTC)); y != 2025 {
		t.Fatalf("year %d, want 2025", y)
	}
}

func TestParseYear(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 12, 8, 3, 0, 0, 0, time.UTC)
	for in, want := range map[string]int{"": 2026, "2026": 2026, "2025": 2025, " 2027 ": 2027, "2000": 2000} {
		if y, err := ParseYear(in, now); err != nil || y != want {
			t.Errorf("ParseYear(%q) = %d, %v", in, y, err)
		}
	}
	for _, in := range []string{"1999", "2028", "20x6", "26", "-2026", "２０２６", "20266"} {
		if _, err := ParseYear(in, now); apperr.CodeOf(err) != apperr.Invalid {
			t.Errorf("ParseYear(%q): %v, want invalid", in, err)
		}
	}
}

func TestExternalValidate(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 3, 10, 20, 0, 0, 0, time.UTC) // 11 March 2026, 03:00 WIB
	ok := External{Title: "Webinar Manajemen ASN", Institution: "BKN", JP: 4, CompletedOn: "2026-03-11"}
	cases := []struct {
		name  string
		edit  func(x *External)
		field string
	}{
		{"valid: today in WIB", func(*External) {}, ""},
		{"valid: last year", func(x *External) { x.CompletedOn = "2025-01-02" }, ""},
		{"valid: the most JP", func(x *External) { x.JP = MaxExternalJP }, ""},
		{"JP zero", func(x *External) { x.JP = 0 }, "jp"},
		{"JP negative", func(x *External) { x.JP = -3 }, "jp"},
		{"JP above the limit", func(x *External) { x.JP = MaxExternalJP + 1 }, "jp"},
		{"no title", func(x *External) { x.Title = "  " }, "title"},
		{"a control character", func(x *External) { x.Title = "Kursus\x07" }, "title"},
		{"no institution", func(x *External) { x.Institution = "" }, "institution"},
		{"tomorrow", func(x *External) { x.CompletedOn = "2026-03-12" }, "completed_on"},
		{"two years ago", func(x *External) { x.CompletedOn = "2024-12-31" }, "completed_on"},
		{"not a date", func(x *External) { x.CompletedOn = "11/03/2026" }, "completed_on"},
	}
	for _, c := range cases {
		x := ok
		c.edit(&x)
		err := x.validate(now)
		if c.field == "" {
			if err != nil {
				t.Errorf("%s: %v", c.name, err)
			}
			continue
		}
		ae := apperr.As(err)
		if ae == nil || ae.Code != apperr.Invalid || ae.FieldMsgs[c.field].Key == "" {
			t.Errorf("%s: %v, want invalid on %s", c.name, err, c.field)
		}
	}
}

func TestDimensionGaps(t *testing.T) {
	t.Parallel()
	dims := []assess.Dimension{{No: 1, Name: "Integritas", Minimum: 3}, {No: 2, Name: "Komunikasi"}, {No: 3, Name: "Kerja Sama", Minimum: 4},
		{No: 4, Name: "Orientasi Pelayanan"}, {No: 5, Name: "Inovasi"}}
	r := assess.Result{Dimensions: []assess.DimensionResult{
		{No: 1, Milli: 2500, BelowMinimum: true}, // below its minimum
		{No: 2, Milli: 2999},                     // below the midpoint
		{No: 3, Milli: 3500, BelowMinimum: true}, // above the midpoint, below its minimum 4
		{No: 4, Milli: 3000},                     // at the midpoint: no gap
		{No: 5, Milli: 0},                        // not scored
	}}
	got := DimensionGaps(dims, r, nil)
	want := []string{"integritas 2.50", "komunikasi 2.99", "kerja sama 3.50"}
	if len(got) != len(want) {
		t.Fatalf("gaps %+v", got)
	}
	for i, g := range got {
		if g.Competency+" "+g.Detail[len(g.Detail)-4:] != want[i] || g.Source != GapProbation {
			t.Errorf("gap %d: %+v, want %s", i, g, want[i])
		}
	}
	match := func(name string) (string, bool) {
		if name == "Komunikasi" {
			return "komunikasi-publik", true
		}
		return "", false
	}
	got = DimensionGaps(dims, r, match)
	if len(got) != 1 || got[0].Competency != "komunikasi-publik" {
		t.Fatalf("matched gaps %+v", got)
	}
}
