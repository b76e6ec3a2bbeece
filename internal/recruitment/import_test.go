package recruitment

import (
	"strings"
	"testing"

	"asnpro/internal/apperr"
	"asnpro/internal/report"
)

// TestFormationFileRows: each cell's rule refuses its bad value by key on
// its column; a row that reads well is judged by NewFormation's rules,
// whose refusals name their field; a good row passes.
func TestFormationFileRows(t *testing.T) {
	good := []string{"PKY-2027-001", "Pranata Komputer", "Diskominfo", "PNS", "3", "umum", "S1", "S1-TI;S1-SI", "3.00", "18", "35", ""}
	cases := []struct {
		name   string
		col    int
		value  string
		column string
		key    string
	}{
		{"good", -1, "", "", ""},
		{"quota not a number", 4, "dua", "quota", "recruitment.formations.not_integer"},
		{"age not a number", 9, "x", "age_min", "recruitment.formations.not_integer"},
		{"IPK over 4", 8, "4,5", "min_ipk", "recruitment.formations.min_ipk"},
		{"unknown document kind", 11, "ktp;paspor", "documents", "recruitment.formations.document_kind"},
		{"quota zero", 4, "0", "quota", "recruitment.formation.quota"},
		{"unknown level", 6, "S9", "education.levels", "recruitment.formation.level_unknown"},
		{"unknown category", 5, "istimewa", "category", "recruitment.formation.category"},
		{"ages reversed", 10, "17", "age_max", "recruitment.formation.age"},
		{"code missing", 0, "", "code", "recruitment.formation.code"},
		{"major not in the catalogue", 7, "S1-TI;S1-XYZ", "education.majors", "recruitment.education.unknown"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cells := append([]string{}, good...)
			if c.col >= 0 {
				cells[c.col] = c.value
			}
			bad := &report.Problems{}
			ps := parseFormationRows([]Row{{Line: 3, Fields: cells}}, map[string]bool{"S1-XYZ": true}, bad)
			if c.key == "" {
				if len(ps) != 1 || bad.Err() != nil || ps[0].minIPK == nil || *ps[0].minIPK != 300 {
					t.Fatalf("refused: %v", bad.Err())
				}
				return
			}
			ae := apperr.As(bad.Err())
			if len(ps) != 0 || ae == nil || ae.FieldMsgs["3."+c.column].Key != c.key {
				t.Fatalf("fields %v, want 3.%s = %s", ae.FieldMsgs, c.column, c.key)
			}
			if en := ae.Localized("en"); !strings.HasPrefix(en, "The whole file was rejected; 1 problems: line 3, column "+c.column+": ") {
				t.Fatalf("report %q", en)
			}
		})
	}
	// A code used twice in the file: the second row names the first.
	bad := &report.Problems{}
	parseFormationRows([]Row{{Line: 2, Fields: good}, {Line: 3, Fields: good}}, nil, bad)
	if m := apperr.As(bad.Err()).FieldMsgs["3.code"]; m.Key != "recruitment.formations.code_twice" {
		t.Fatalf("duplicate code: %v", m)
	}
}

// TestFormationFileRowAllMistakesAtOnce: a row with several mistakes is
// reported with every one of them in one pass — a cell that does not read
// once (not again by the rule of its field), the rules of the other cells,
// and the major not in the catalogue.
func TestFormationFileRowAllMistakesAtOnce(t *testing.T) {
	row := []string{"PKY-2027-001", "Pranata Komputer", "Diskominfo", "PNS", "dua", "umum", "S7", "S1-XYZ", "4,75", "40", "30",
		"ktp;paspor"}
	bad := &report.Problems{}
	if ps := parseFormationRows([]Row{{Line: 2, Fields: row}}, map[string]bool{"S1-XYZ": true}, bad); len(ps) != 0 {
		t.Fatal("a bad row was accepted")
	}
	got := apperr.As(bad.Err()).FieldMsgs
	want := map[string]string{
		"2.quota":            "recruitment.formations.not_integer",
		"2.min_ipk":          "recruitment.formations.min_ipk",
		"2.documents":        "recruitment.formations.document_kind",
		"2.education.levels": "recruitment.formation.level_unknown",
		"2.education.majors": "recruitment.education.unknown",
		"2.age_max":          "recruitment.formation.age",
	}
	for field, key := range want {
		if got[field].Key != key {
			t.Errorf("%s: %q, want %s", field, got[field].Key, key)
		}
	}
	if len(got) != len(want) || bad.Count() != len(want) {
		t.Errorf("%d problems %v, want exactly %d", bad.Count(), got, len(want))
	}
}
