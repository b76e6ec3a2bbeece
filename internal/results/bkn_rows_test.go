package results

import (
	"bytes"
	"testing"

	"asnpro/internal/apperr"
	"asnpro/internal/report"
)

// rowOf is a data row of the columns cols with the values of m.
func rowOf(cols []string, m map[string]string) fileRow {
	cells := make([]string, len(cols))
	for i, c := range cols {
		cells[i] = m[c]
	}
	return fileRow{line: 2, cells: cells}
}

// changed is good with change applied.
func changed(good, change map[string]string) map[string]string {
	m := map[string]string{}
	for k, v := range good {
		m[k] = v
	}
	for k, v := range change {
		m[k] = v
	}
	return m
}

// parseOne parses one row of component (the period's year 2026) and
// returns it with the problems reported.
func parseOne(t *testing.T, component string, cols []string, m map[string]string) (*scoreRow, []report.Problem) {
	t.Helper()
	col, err := columnsOf(component, cols)
	if err != nil {
		t.Fatal(err)
	}
	bad := &report.Problems{}
	x, _ := newRowParser(component, col, 2026, bad).row(rowOf(cols, m))
	var ps []report.Problem
	if err := bad.Err(); err != nil {
		ps, _ = report.ProblemsOf(err.(*apperr.Error))
	}
	return x, ps
}

// TestSKDRowChecks: each cell's rule refuses its bad values with its key,
// on its column; good rows pass with the values read.
func TestSKDRowChecks(t *testing.T) {
	t.Parallel()
	good := map[string]string{"no_peserta": "24300110000001", "nik": "6271031205980001", "twk": "115", "tiu": "120", "tkp": "170",
		"hadir": "1", "skd_tahun_sebelumnya": ""}
	absent := map[string]string{"hadir": "0", "twk": "", "tiu": "", "tkp": ""}
	cases := []struct {
		name   string
		change map[string]string
		column string
		key    string // "" means the row passes
	}{
		{"good", nil, "", ""},
		{"present as Hadir", map[string]string{"hadir": " hadir "}, "", ""},
		{"present as Y", map[string]string{"hadir": "y"}, "", ""},
		{"the maxima", map[string]string{"twk": "150", "tiu": "175", "tkp": "225"}, "", ""},
		{"zeros and leading zeros", map[string]string{"twk": "0", "tiu": "085", "tkp": "0"}, "", ""},
		{"absent, empty scores", absent, "", ""},
		{"absent as Tidak Hadir, zeros", map[string]string{"hadir": "Tidak  Hadir", "twk": "0", "tiu": "00", "tkp": "0"}, "", ""},
		{"absent as T", changed(absent, map[string]string{"hadir": "t"}), "", ""},
		{"reused from 2025", map[string]string{"skd_tahun_sebelumnya": "2025"}, "", ""},
		{"registration number missing", map[string]string{"no_peserta": ""}, "no_peserta", "results.import.regno"},
		{"registration number with a space", map[string]string{"no_peserta": "2430 0110"}, "no_peserta", "results.import.regno"},
		{"NIK of 15 digits", map[string]string{"nik": "627103120598000"}, "nik", "results.import.nik"},
		{"NIK as a float", map[string]string{"nik": "6.27103120598E+15"}, "nik", "results.import.nik"},
		{"attendance unknown", map[string]string{"hadir": "2"}, "hadir", "results.import.hadir"},
		{"attendance TH", map[string]string{"hadir": "TH"}, "hadir", "results.import.hadir"},
		{"TWK missing", map[string]string{"twk": ""}, "twk", "results.import.score_required"},
		{"TIU not a number", map[string]string{"tiu": "abc"}, "tiu", "results.import.whole"},
		{"TKP with decimals", map[string]string{"tkp": "170.5"}, "tkp", "results.import.whole"},
		{"TKP negative", map[string]string{"tkp": "-1"}, "tkp", "results.import.whole"},
		{"TWK over 150", map[string]string{"twk": "155"}, "twk", "results.import.range"},
		{"TIU over 175", map[string]string{"tiu": "180"}, "tiu", "results.import.range"},
		{"TKP over 225", map[string]string{"tkp": "226"}, "tkp", "results.import.range"},
		{"TWK not a multiple of 5", map[string]string{"twk": "113"}, "twk", "results.import.multiple5"},
		{"TIU not a multiple of 5", map[string]string{"tiu": "121"}, "tiu", "results.import.multiple5"},
		{"TKP need not be a multiple of 5", map[string]string{"tkp": "167"}, "", ""},
		{"absent with a score", changed(absent, map[string]string{"tkp": "12"}), "tkp", "results.import.absent_score"},
		{"absent with text", changed(absent, map[string]string{"twk": "-"}), "twk", "results.import.absent_score"},
		{"reuse year of two digits", map[string]string{"skd_tahun_sebelumnya": "25"}, "skd_tahun_sebelumnya", "results.import.reuse_year"},
		{"reuse year of the period", map[string]string{"skd_tahun_sebelumnya": "2026"}, "skd_tahun_sebelumnya", "results.import.reuse_year"},
		{"reuse year later", map[string]string{"skd_tahun_sebelumnya": "2027"}, "skd_tahun_sebelumnya", "results.import.reuse_year"},
		{"reuse year as a word", map[string]string{"skd_tahun_sebelumnya": "ya"}, "skd_tahun_sebelumnya", "results.import.reuse_year"},
		{"reuse by an absentee", changed(absent, map[string]string{"skd_tahun_sebelumnya": "2025"}), "skd_tahun_sebelumnya",
			"results.import.reuse_absent"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, ps := parseOne(t, ComponentSKD, SKDColumns, changed(good, tc.change))
			if tc.key == "" {
				if len(ps) != 0 {
					t.Fatalf("refused: %+v", ps)
				}
				return
			}
			if len(ps) != 1 || ps[0].Column != tc.column || ps[0].Msg.Key != tc.key {
				t.Fatalf("problems %+v, want %s on %s", ps, tc.key, tc.column)
			}
		})
	}
	x, _ := parseOne(t, ComponentSKD, SKDColumns, changed(good, map[string]string{"tiu": "085", "skd_tahun_sebelumnya": "2024"}))
	if !x.present || x.twk != 115 || x.tiu != 85 || x.tkp != 170 || x.reused != 2024 {
		t.Fatalf("read %+v", x)
	}
}

// TestSKBRowChecks: the SKB score is 0–100 with at most 3 decimals and a
// point; an absentee's cell is empty.
func TestSKBRowChecks(t *testing.T) {
	t.Parallel()
	good := map[string]string{"no_peserta": "24300110000001", "nik": "6271031205980001", "skb": "85.125", "hadir": "1"}
	cases := []struct {
		name   string
		change map[string]string
		column string
		key    string
		milli  int
	}{
		{"three decimals", nil, "", "", 85125},
		{"whole", map[string]string{"skb": "85"}, "", "", 85000},
		{"one decimal", map[string]string{"skb": "85.5"}, "", "", 85500},
		{"100", map[string]string{"skb": "100.000"}, "", "", 100000},
		{"0 is a score", map[string]string{"skb": "0"}, "", "", 0},
		{"absent, empty", map[string]string{"hadir": "Tidak Hadir", "skb": ""}, "", "", 0},
		{"comma", map[string]string{"skb": "85,5"}, "skb", "results.import.skb_comma", 0},
		{"four decimals", map[string]string{"skb": "85.1255"}, "skb", "results.import.skb_decimals", 0},
		{"over 100", map[string]string{"skb": "100.001"}, "skb", "results.import.skb_range", 0},
		{"far over 100", map[string]string{"skb": "1000"}, "skb", "results.import.skb_range", 0},
		{"negative", map[string]string{"skb": "-1"}, "skb", "results.import.skb_number", 0},
		{"a point without decimals", map[string]string{"skb": "85."}, "skb", "results.import.skb_number", 0},
		{"exponent", map[string]string{"skb": "8.5e1"}, "skb", "results.import.skb_number", 0},
		{"text", map[string]string{"skb": "lulus"}, "skb", "results.import.skb_number", 0},
		{"missing", map[string]string{"skb": ""}, "skb", "results.import.score_required", 0},
		{"absent with 0", map[string]string{"hadir": "0", "skb": "0"}, "skb", "results.import.skb_absent", 0},
		{"attendance unknown", map[string]string{"hadir": "ya"}, "hadir", "results.import.hadir", 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			x, ps := parseOne(t, ComponentSKB, SKBColumns, changed(good, tc.change))
			if tc.key == "" {
				if len(ps) != 0 || x.milli != tc.milli {
					t.Fatalf("read %d, problems %+v", x.milli, ps)
				}
				return
			}
			if len(ps) != 1 || ps[0].Column != tc.column || ps[0].Msg.Key != tc.key {
				t.Fatalf("problems %+v, want %s on %s", ps, tc.key, tc.column)
			}
		})
	}
}

// TestScoreFileDuplicates: an application appears once per file — by
// registration number and by NIK — reported on the later line, naming the
// earlier.
func TestScoreFileDuplicates(t *testing.T) {
	t.Parallel()
	col, _ := columnsOf(ComponentSKB, SKBColumns)
	bad := &report.Problems{}
	rows := []fileRow{
		{line: 2, cells: []string{"24300110000001", "6271031205980001", "80", "1"}},
		{line: 3, cells: []string{"24300110000001", "6271031205980002", "81", "1"}},
		{line: 5, cells: []string{"24300110000003", "6271031205980001", "82", "1"}},
	}
	good := newRowParser(ComponentSKB, col, 2026, bad).parse(rows)
	ps, n := report.ProblemsOf(bad.Err().(*apperr.Error))
	if len(good) != 1 || n != 2 || ps[0].Line != 3 || ps[0].Column != "no_peserta" || ps[1].Line != 5 || ps[1].Column != "nik" {
		t.Fatalf("good %d, problems %+v", len(good), ps)
	}
	if ps[0].Msg.Args[3] != 2 || ps[1].Msg.Args[3] != 2 {
		t.Fatalf("the earlier line is not named: %+v", ps)
	}
}

// TestScoreHeader: columns in any order and case, others ignored; a
// missing or doubled column is refused by name.
func TestScoreHeader(t *testing.T) {
	t.Parallel()
	col, err := columnsOf(ComponentSKB, []string{"\ufeffNama", " SKB ", "Hadir", "NIK", "No_Peserta"})
	if err != nil || col["skb"] != 1 || col["no_peserta"] != 4 {
		t.Fatalf("%v %v", col, err)
	}
	for _, tc := range []struct {
		header []string
		key    string
	}{
		{[]string{"no_peserta", "nik", "skb"}, "results.import.columns_missing"},
		{[]string{"no_peserta", "nik", "skb", "hadir", "SKB"}, "results.import.column_twice"},
		{SKBColumns, "results.import.columns_missing"}, // as the SKD's header
	} {
		comp := ComponentSKB
		if len(tc.header) == len(SKBColumns) {
			comp = ComponentSKD
		}
		_, err := columnsOf(comp, tc.header)
		if ae, ok := err.(*apperr.Error); !ok || ae.Msg.Key != tc.key {
			t.Errorf("%v: %v, want %s", tc.header, err, tc.key)
		}
	}
}

func TestMilliText(t *testing.T) {
	t.Parallel()
	for m, want := range map[int]string{85125: "85.125", 85500: "85.5", 85000: "85", 0: "0", 100000: "100", 5: "0.005", 80050: "80.05"} {
		if got := milliText(m); got != want {
			t.Errorf("milliText(%d) = %q, want %q", m, got, want)
		}
	}
}

// TestTemplatesReadBack: each template, as CSV and as XLSX, is a file the
// import reads without a problem in its cells.
func TestTemplatesReadBack(t *testing.T) {
	t.Parallel()
	for _, comp := range []string{ComponentSKD, ComponentSKB} {
		for _, format := range []string{"csv", "xlsx"} {
			var b bytes.Buffer
			if err := WriteTemplate(&b, comp, format); err != nil {
				t.Fatal(err)
			}
			f, err := readScoreFile(&b)
			if err != nil {
				t.Fatalf("%s %s: %v", comp, format, err)
			}
			col, err := columnsOf(comp, f.header)
			if err != nil {
				t.Fatalf("%s %s: %v", comp, format, err)
			}
			bad := &report.Problems{}
			rows := newRowParser(comp, col, 2026, bad).parse(f.rows)
			if bad.Err() != nil || len(rows) < 2 || len(f.sha256) != 64 {
				t.Fatalf("%s %s: %d rows, %v", comp, format, len(rows), bad.Err())
			}
		}
	}
	if err := WriteTemplate(&bytes.Buffer{}, "skx", "csv"); err == nil {
		t.Fatal("a template of an unknown component")
	}
}
