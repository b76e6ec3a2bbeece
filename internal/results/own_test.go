package results

import (
	"slices"
	"strings"
	"testing"

	"asnpro/internal/apperr"
	"asnpro/internal/assess"
	"asnpro/internal/selection"
)

// TestOwnSchemeParts: the committee's rows become a scheme — rows with
// weight 0 and no minimum are left out, names come from the instruments —
// and each bad row is refused beside its field.
func TestOwnSchemeParts(t *testing.T) {
	t.Parallel()
	instruments := []*assess.Instrument{{ID: 7, Name: "Wawancara"}, {ID: 9, Name: "Makalah"}}
	cases := []struct {
		name   string
		title  string
		parts  []OwnPart
		fields []string
	}{
		{"interview and paper", "JPT", []OwnPart{{Source: "instrument_7", Weight: 60, Minimum: "60"}, {Source: "instrument_9", Weight: 40},
			{Source: "skb"}}, nil},
		{"a pass/fail component", "JPT", []OwnPart{{Source: "instrument_7", Weight: 100}, {Source: "instrument_9", Minimum: "50,5"}}, nil},
		{"weights under 100", "JPT", []OwnPart{{Source: "instrument_7", Weight: 60}, {Source: "instrument_9", Weight: 30}}, []string{"weights"}},
		{"weights over 100", "JPT", []OwnPart{{Source: "instrument_7", Weight: 60}, {Source: "instrument_9", Weight: 50}}, []string{"weights"}},
		{"nothing", "JPT", []OwnPart{{Source: "instrument_7"}}, []string{"weights"}},
		{"a negative weight", "JPT", []OwnPart{{Source: "instrument_7", Weight: 110}, {Source: "instrument_9", Weight: -10}},
			[]string{"weight.instrument_7", "weight.instrument_9"}},
		{"a minimum over 100", "JPT", []OwnPart{{Source: "instrument_7", Weight: 100, Minimum: "100.5"}}, []string{"minimum.instrument_7"}},
		{"a minimum in words", "JPT", []OwnPart{{Source: "instrument_7", Weight: 100, Minimum: "enam puluh"}},
			[]string{"minimum.instrument_7"}},
		{"another period's instrument", "JPT", []OwnPart{{Source: "instrument_8", Weight: 100}}, []string{"source"}},
		{"the same component twice", "JPT", []OwnPart{{Source: "instrument_7", Weight: 50}, {Source: "instrument_7", Weight: 50}},
			[]string{"source"}},
		{"no name", " ", []OwnPart{{Source: "instrument_7", Weight: 100}}, []string{"name"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			sc, err := ownScheme(tc.title, tc.parts, instruments)
			var got []string
			if ae, ok := err.(*apperr.Error); ok {
				for k := range ae.FieldMsgs {
					got = append(got, k)
				}
			} else if err != nil {
				t.Fatal(err)
			}
			slices.Sort(got)
			if !slices.Equal(got, tc.fields) {
				t.Fatalf("fields %v, want %v (%v)", got, tc.fields, err)
			}
			if err == nil && (sc.Validate() != nil || sc.Components[0].Name != "Wawancara") {
				t.Fatalf("scheme %+v", sc)
			}
		})
	}
	sc, err := ownScheme("JPT", []OwnPart{{Source: "instrument_7", Weight: 100}, {Source: "instrument_9", Minimum: "50,5"}, {Source: "skb"}},
		instruments)
	if err != nil || len(sc.Components) != 2 || sc.Components[1].Minimum != selection.Decimal(50500) || sc.Components[1].Weight != 0 {
		t.Fatalf("pass/fail paper: %+v %v", sc, err)
	}
}

// TestFailedDimensions names the dimensions below their minimums.
func TestFailedDimensions(t *testing.T) {
	t.Parallel()
	in := &assess.Instrument{Dimensions: []assess.Dimension{{No: 1, Name: "Komunikasi"}, {No: 2, Name: "Integritas", Minimum: 3}}}
	r := assess.Evaluate(in.Dimensions, assess.Sheet{Scores: [][]int{{5, 2}, {4, 3}}})
	if got := failedDimensions(in, r); got != "Integritas 2.5 (minimum 3)" || !strings.Contains(got, "Integritas") {
		t.Fatalf("got %q", got)
	}
	r = assess.Evaluate(in.Dimensions, assess.Sheet{Scores: [][]int{{5, 3}, {4, 3}}})
	if got := failedDimensions(in, r); got != "" {
		t.Fatalf("got %q, want none", got)
	}
}
