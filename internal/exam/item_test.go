package exam

import (
	"errors"
	"strings"
	"testing"

	"asnpro/internal/apperr"
)

func keyed(sub, key string) ItemInput {
	return ItemInput{Subtest: sub, Stem: "Soal " + sub, Options: [NumOptions]string{"satu", "dua", "tiga", "empat", "lima"}, Key: key}
}

func weighted(sub string, w ...int) ItemInput {
	in := ItemInput{Subtest: sub, Stem: "Soal " + sub, Options: [NumOptions]string{"satu", "dua", "tiga", "empat", "lima"}}
	copy(in.Weights[:], w)
	return in
}

// fieldsOf returns the field messages' keys of an invalid error.
func fieldsOf(t *testing.T, err error) map[string]string {
	t.Helper()
	var ae *apperr.Error
	if !errors.As(err, &ae) || ae.Code != apperr.Invalid {
		t.Fatalf("err = %v, want invalid", err)
	}
	out := map[string]string{}
	for k, m := range ae.FieldMsgs {
		out[k] = m.Key
	}
	return out
}

func TestItemValidate(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		in    ItemInput
		field string // "" = valid
		key   string
	}{
		{"TWK keyed", keyed(TWK, "A"), "", ""},
		{"TIU key lower case", keyed(TIU, "e"), "", ""},
		{"TKP weighted", weighted(TKP, 1, 3, 4, 5, 2), "", ""},
		{"TKP repeated weights, a top of 5", weighted(TKP, 5, 5, 1, 1, 3), "", ""},
		{"SKB keyed", keyed("Teknis Komputer", "C"), "", ""},
		{"SKB weighted", weighted("Manajerial (SKB)", 5, 4, 3, 2, 1), "", ""},
		{"TWK with weights", weighted(TWK, 5, 4, 3, 2, 1), "weights", "exam.item.keyed_subtest"},
		{"TKP with a key", keyed(TKP, "A"), "key", "exam.item.weighted_subtest"},
		{"TKP without weights", keyed(TKP, ""), "weights", "exam.item.weights_needed"},
		{"TIU without key", keyed(TIU, ""), "key", "exam.item.key_needed"},
		{"SKB without either", keyed("Teknis", ""), "key", "exam.item.key_needed"},
		{"both", func() ItemInput { x := weighted("Teknis", 5, 4, 3, 2, 1); x.Key = "A"; return x }(), "key", "exam.item.key_or_weights"},
		{"key F", keyed(TWK, "F"), "key", "exam.item.key"},
		{"key AB", keyed(TWK, "AB"), "key", "exam.item.key"},
		{"weight 0", weighted(TKP, 0, 4, 3, 2, 5), "weights", "exam.item.weight_range"},
		{"weight 6", weighted(TKP, 6, 4, 3, 2, 5), "weights", "exam.item.weight_range"},
		{"no weight of 5", weighted(TKP, 4, 4, 3, 2, 1), "weights", "exam.item.weight_top"},
		{"lower-case twk is not an SKB field", keyed("twk", "A"), "subtest", "exam.item.subtest"},
		{"empty subtest", keyed("", "A"), "subtest", "exam.item.subtest"},
		{"subtest of 61 characters", keyed(strings.Repeat("x", 61), "A"), "subtest", "exam.item.subtest"},
		{"empty stem", func() ItemInput { x := keyed(TWK, "A"); x.Stem = "  "; return x }(), "stem", "exam.item.required"},
		{"long stem", func() ItemInput { x := keyed(TWK, "A"); x.Stem = strings.Repeat("a", 4001); return x }(), "stem", "exam.item.too_long"},
		{"control character", func() ItemInput { x := keyed(TWK, "A"); x.Stem = "a\x07b"; return x }(), "stem", "textcheck.control"},
		{"empty option C", func() ItemInput { x := keyed(TWK, "A"); x.Options[2] = ""; return x }(), "options.C", "exam.item.required"},
		{"image not hex", func() ItemInput { x := keyed(TWK, "A"); x.Image = "abc"; return x }(), "image", "exam.item.image"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.in.Validate()
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

func TestItemPoints(t *testing.T) {
	t.Parallel()
	k := keyed(TWK, "C")
	if got := k.points(); got != [NumOptions]int8{0, 0, 5, 0, 0} {
		t.Fatalf("keyed points = %v", got)
	}
	w := weighted(TKP, 1, 3, 4, 5, 2)
	if got := w.points(); got != [NumOptions]int8{1, 3, 4, 5, 2} {
		t.Fatalf("weighted points = %v", got)
	}
	if w.WeightsText() != "1;3;4;5;2" || k.WeightsText() != "" {
		t.Fatalf("WeightsText = %q, %q", w.WeightsText(), k.WeightsText())
	}
}
