package csvsafe

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
)

func TestCell(t *testing.T) {
	tests := []struct{ in, want string }{
		{"=1+1", "'=1+1"},
		{"+x", "'+x"},
		{"-x", "'-x"},
		{"@x", "'@x"},
		{"\tx", "'\tx"},
		{"\rx", "'\rx"},
		{`=HYPERLINK("http://evil.example","Klik")`, `'=HYPERLINK("http://evil.example","Klik")`},
		{"-5", "'-5"},
		{"normal", "normal"},
		{"", ""},
		{"Siti Nurhaliza", "Siti Nurhaliza"},
		{"a=b", "a=b"},
		{" =x", " =x"}, // not a formula: spreadsheets do not skip spaces
		{"'", "'"},
		{"'x", "'x"},
		{"'=x", "''=x"}, // so that Restore gives back "'=x"
		{"''-x", "'''-x"},
		{"1.5", "1.5"},
	}
	for _, tt := range tests {
		if got := Cell(tt.in); got != tt.want {
			t.Errorf("Cell(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if got := Restore(Cell(tt.in)); got != tt.in {
			t.Errorf("Restore(Cell(%q)) = %q", tt.in, got)
		}
		if got := string(RestoreBytes([]byte(Cell(tt.in)))); got != tt.in {
			t.Errorf("RestoreBytes(Cell(%q)) = %q", tt.in, got)
		}
	}
}

func TestRestore(t *testing.T) {
	tests := []struct{ in, want string }{
		{"'=1+1", "=1+1"},
		{"'-5", "-5"},
		{"=1+1", "=1+1"}, // written by hand, not by Cell: left alone
		{"-5", "-5"},
		{"'x", "'x"}, // an apostrophe that Cell did not add
		{"'", "'"},
		{"", ""},
		{"''=x", "'=x"},
	}
	for _, tt := range tests {
		if got := Restore(tt.in); got != tt.want {
			t.Errorf("Restore(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func FuzzCellRoundTrip(f *testing.F) {
	for _, s := range []string{"=1+1", "'=x", "''", "-", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c := Cell(s)
		if Restore(c) != s {
			t.Fatalf("Restore(Cell(%q)) = %q", s, Restore(c))
		}
		if len(c) > 0 && c[0] != '\'' && Needs(c) {
			t.Fatalf("Cell(%q) = %q still starts a formula", s, c)
		}
	})
}

func TestWriter(t *testing.T) {
	var b bytes.Buffer
	w := NewWriter(&b)
	if err := w.WriteAll([][]string{{"no", "name"}, {"1", `=HYPERLINK("http://x","y")`}, {"2", "Ñoño, \"Ani\""}}); err != nil {
		t.Fatal(err)
	}
	want := BOM + "no,name\n1,\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"\n2,\"Ñoño, \"\"Ani\"\"\"\n"
	if b.String() != want {
		t.Fatalf("got %q\nwant %q", b.String(), want)
	}
	// encoding/csv reads it back (after the BOM), and Restore gives the cells.
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(b.String(), BOM))).ReadAll()
	if err != nil || Restore(recs[1][1]) != `=HYPERLINK("http://x","y")` {
		t.Fatalf("read back: %q %v", recs, err)
	}
	// A file without records is just the BOM.
	b.Reset()
	w = NewWriter(&b)
	w.Flush()
	if b.String() != BOM || w.Error() != nil {
		t.Errorf("empty: %q %v", b.String(), w.Error())
	}
}
