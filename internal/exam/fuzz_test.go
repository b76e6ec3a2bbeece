package exam

import (
	"strings"
	"testing"

	"asnpro/internal/report"
)

// FuzzItemRow: any row of an item file is either refused with its problems
// or read into a valid item that writes back as a row reading the same.
func FuzzItemRow(f *testing.F) {
	for _, r := range ItemTemplateRows() {
		f.Add(strings.Join(r, "\x1f"))
	}
	f.Add("TKP\x1fx\x1fa\x1fb\x1fc\x1fd\x1fe\x1f\x1f5;5;5;5;5")
	f.Add("Teknis\x1fx\x1fa\x1fb\x1fc\x1fd\x1fe\x1fb\x1f")
	f.Fuzz(func(t *testing.T, joined string) {
		row := Row{Line: 2, Fields: strings.Split(joined, "\x1f")}
		bad := &report.Problems{Column: columnOf}
		in, ok := parseItemRow(row, bad)
		if ok != (bad.Count() == 0) {
			t.Fatalf("ok %v with %d problems", ok, bad.Count())
		}
		if !ok {
			if bad.Err() == nil {
				t.Fatal("problems without a refusal")
			}
			return
		}
		if err := in.Validate(); err != nil {
			t.Fatalf("accepted row fails Validate: %v", err)
		}
		again, ok := parseItemRow(Row{Line: 2, Fields: ItemRow(&in)}, &report.Problems{})
		if !ok || again != in {
			t.Fatalf("round trip: %+v, want %+v", again, in)
		}
	})
}
