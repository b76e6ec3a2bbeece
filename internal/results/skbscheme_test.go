package results

import (
	"slices"
	"strings"
	"testing"

	"asnpro/internal/apperr"
)

func TestSKBSchemeValidate(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		c      SKBScheme
		fields []string
	}{
		{"the CAT alone", SKBScheme{CATWeight: 100}, nil},
		{"with a practical test", SKBScheme{CATWeight: 70, ExtraWeight: 30, ExtraKind: "practical", ExtraName: "Praktik kerja"}, nil},
		{"weights over 100", SKBScheme{CATWeight: 70, ExtraWeight: 40, ExtraKind: "practical", ExtraName: "x"}, []string{"extra_weight"}},
		{"weights under 100", SKBScheme{CATWeight: 50, ExtraWeight: 40, ExtraKind: "practical", ExtraName: "x"}, []string{"extra_weight"}},
		{"a negative weight", SKBScheme{CATWeight: 110, ExtraWeight: -10, ExtraKind: "practical", ExtraName: "x"},
			[]string{"extra_weight"}},
		{"an interview", SKBScheme{CATWeight: 60, ExtraWeight: 40, ExtraKind: "interview", ExtraName: "Wawancara"}, []string{"extra_kind"}},
		{"no kind", SKBScheme{CATWeight: 60, ExtraWeight: 40, ExtraName: "x"}, []string{"extra_kind"}},
		{"no name", SKBScheme{CATWeight: 60, ExtraWeight: 40, ExtraKind: "paper", ExtraName: " "}, []string{"extra_name"}},
		{"a name too long", SKBScheme{CATWeight: 60, ExtraWeight: 40, ExtraKind: "paper", ExtraName: strings.Repeat("x", 101)},
			[]string{"extra_name"}},
		{"a control character", SKBScheme{CATWeight: 60, ExtraWeight: 40, ExtraKind: "paper", ExtraName: "a\u0007"},
			[]string{"extra_name"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := tc.c
			err := c.validate()
			var got []string
			if ae, ok := err.(*apperr.Error); ok {
				for k := range ae.FieldMsgs {
					got = append(got, k)
				}
			}
			slices.Sort(got)
			if !slices.Equal(got, tc.fields) {
				t.Fatalf("fields %v, want %v (%v)", got, tc.fields, err)
			}
		})
	}
	// Without an additional test, its kind and name are dropped.
	c := SKBScheme{CATWeight: 100, ExtraKind: "paper", ExtraName: "x"}
	if err := c.validate(); err != nil || c.ExtraKind != "" || c.ExtraName != "" {
		t.Fatalf("%v %+v", err, c)
	}
}

func TestSKBSchemeCombine(t *testing.T) {
	t.Parallel()
	cat70 := SKBScheme{CATWeight: 70, ExtraWeight: 30, ExtraKind: "practical", ExtraName: "x"}
	for _, tc := range []struct {
		c          SKBScheme
		cat, extra int
		want       int
	}{
		{SKBScheme{CATWeight: 100}, 80125, 50000, 80125},
		{cat70, 80000, 90000, 83000},
		{cat70, 80001, 90000, 83001}, // 83000.7 rounds up
		{cat70, 80000, 90001, 83000}, // 83000.3 rounds down
		{cat70, 0, 0, 0},
		{cat70, 100000, 100000, 100000},
		{SKBScheme{CATWeight: 50, ExtraWeight: 50, ExtraKind: "paper", ExtraName: "x"}, 1, 0, 1}, // 0.5 rounds half up
	} {
		if got := tc.c.Combine(tc.cat, tc.extra); got != tc.want {
			t.Errorf("%+v.Combine(%d, %d) = %d, want %d", tc.c, tc.cat, tc.extra, got, tc.want)
		}
	}
}
