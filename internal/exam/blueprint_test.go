package exam

import (
	"testing"

	"asnpro/internal/selection"
)

// TestSKD2024 pins the preset to DESIGN §6: 110 items (30/35/45), 100
// minutes, 130 for a blind applicant, maxima 150/175/225, and the grades of
// the rules engine's cpns-2024 scheme.
func TestSKD2024(t *testing.T) {
	t.Parallel()
	b := SKD2024()
	if err := b.Validate(); err != nil {
		t.Fatal(err)
	}
	if b.Items() != 110 || b.count(TWK) != 30 || b.count(TIU) != 35 || b.count(TKP) != 45 {
		t.Fatalf("parts = %v", b.Parts)
	}
	if b.Minutes != 100 || b.Minutes+b.ExtraMinutes != 130 {
		t.Fatalf("minutes %d, extra %d", b.Minutes, b.ExtraMinutes)
	}
	s, err := b.scheme()
	if err != nil {
		t.Fatal(err)
	}
	want := selection.CPNS2024()
	if s.MaxTWK != 150 || s.MaxTIU != 175 || s.MaxTKP != 225 || s != want {
		t.Fatalf("scheme = %+v, want %+v", s, want)
	}
	if g := b.Passing.Grades["umum"]; g != (selection.Grade{TWK: 65, TIU: 80, TKP: 166}) {
		t.Fatalf("umum grade = %+v", g)
	}
	if g := b.Passing.Grades["disabilitas"]; g != (selection.Grade{TIU: 60, Total: 286}) {
		t.Fatalf("disabilitas grade = %+v", g)
	}
}

func TestBlueprintValidate(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		edit  func(b *Blueprint)
		field string
		key   string
	}{
		{"preset", func(*Blueprint) {}, "", ""},
		{"SKB without a grade", func(b *Blueprint) { b.Parts = []Part{{"Teknis Komputer", 50}}; b.Passing = nil }, "", ""},
		{"no name", func(b *Blueprint) { b.Name = " " }, "name", "exam.blueprint.name"},
		{"no parts", func(b *Blueprint) { b.Parts = nil }, "parts", "exam.blueprint.parts"},
		{"part twice", func(b *Blueprint) { b.Parts = append(b.Parts, Part{TWK, 5}) }, "parts.3.subtest", "exam.blueprint.part_twice"},
		{"bad subtest", func(b *Blueprint) { b.Parts[1].Subtest = "tiu" }, "parts.1.subtest", "exam.item.subtest"},
		{"count 0", func(b *Blueprint) { b.Parts[0].Count = 0 }, "parts.0.count", "exam.blueprint.count"},
		{"count 501", func(b *Blueprint) { b.Parts[0].Count = 501 }, "parts.0.count", "exam.blueprint.count"},
		{"over 1000 items", func(b *Blueprint) {
			b.Parts = []Part{{TWK, 500}, {TIU, 500}, {TKP, 45}}
		}, "parts", "exam.blueprint.too_many"},
		{"minutes 0", func(b *Blueprint) { b.Minutes = 0 }, "minutes", "exam.blueprint.minutes"},
		{"negative extra", func(b *Blueprint) { b.ExtraMinutes = -1 }, "extra_minutes", "exam.blueprint.extra_minutes"},
		{"grade without TKP", func(b *Blueprint) { b.Parts = b.Parts[:2] }, "passing", "exam.blueprint.passing_parts"},
		{"unknown scheme", func(b *Blueprint) { b.Passing.Scheme = "cpns-1999" }, "passing", "exam.blueprint.scheme"},
		{"category missing", func(b *Blueprint) { delete(b.Passing.Grades, "papua") }, "passing", "exam.blueprint.grade_missing"},
		{"unknown category", func(b *Blueprint) { b.Passing.Grades["pns"] = selection.Grade{} }, "passing", "exam.blueprint.category"},
		{"grade above the maximum", func(b *Blueprint) {
			b.Passing.Grades["umum"] = selection.Grade{TWK: 151}
		}, "passing", "exam.blueprint.grades"},
		{"grade above a smaller maximum", func(b *Blueprint) { b.Parts[0].Count = 10 }, "passing", "exam.blueprint.grades"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := SKD2024()
			tc.edit(&b)
			err := b.Validate()
			if tc.field == "" {
				if err != nil {
					t.Fatalf("Validate: %v", err)
				}
				return
			}
			if got := fieldsOf(t, err)[tc.field]; got != tc.key {
				t.Fatalf("field %s = %q, want %q (all: %v)", tc.field, got, tc.key, fieldsOf(t, err))
			}
		})
	}
}
