package selection

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"strings"
	"testing"
)

// -update rewrites the golden output from the code. The fixture is worked
// out by hand (testdata/README.md): review the diff against that reasoning.
var update = flag.Bool("update", false, "rewrite testdata/cpns2024.out.csv from the code")

func TestGoldenCPNS2024(t *testing.T) {
	in, err := os.ReadFile("testdata/cpns2024.in.csv")
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		var out bytes.Buffer
		if err := RankCSV(bytes.NewReader(in), &out, "cpns-2024"); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile("testdata/cpns2024.out.csv", out.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile("testdata/cpns2024.out.csv")
	if err != nil {
		t.Fatal(err)
	}
	// The same file with CRLF line ends and a byte-order mark, as a
	// spreadsheet saves it, ranks the same.
	crlf := append([]byte("\xEF\xBB\xBF"), bytes.ReplaceAll(in, []byte("\n"), []byte("\r\n"))...)
	for name, input := range map[string][]byte{"LF": in, "CRLF+BOM": crlf} {
		var out bytes.Buffer
		if err := RankCSV(bytes.NewReader(input), &out, "cpns-2024"); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if out.String() != string(want) {
			t.Errorf("%s: output differs from testdata/cpns2024.out.csv:\n%s", name, lineDiff(string(want), out.String()))
		}
	}
}

// A file in which applicants tied with the last place of the cut sat SKB, as
// CAT-BKN runs it, ranks: they qualified.
func TestRankCSVTiedAtCutSatSKB(t *testing.T) {
	rows := []string{InputHeader}
	for _, id := range []string{"A", "B", "C", "D", "E", "F", "G"} { // equal on every score; quota 2, cut 6
		rows = append(rows, csvRow(id, colIPK, "3.9"+string(rune(id[0]-'A'+'0'))))
	}
	rows = append(rows, csvRow("H", colTKP, "169", colPresentSKB, "0", colSKB, "")) // one TKP point short: P
	var out bytes.Buffer
	if err := RankCSV(strings.NewReader(strings.Join(rows, "\n")+"\n"), &out, "cpns-2024"); err != nil {
		t.Fatalf("RankCSV: %v", err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 9 {
		t.Fatalf("output:\n%s", out.String())
	}
	placed := 0
	for _, l := range lines[1:8] {
		f := strings.Split(l, ",")
		if f[3] != "P/L" || f[5] == "" {
			t.Errorf("tied applicant not ranked at SKB: %s", l)
		}
		if f[6] == "P/L" {
			placed++
		}
	}
	if placed != 2 || !strings.HasPrefix(lines[8], "H,F01,369,P,,,P,") {
		t.Errorf("placed %d; last line %s", placed, lines[8])
	}
}

func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	for i := 0; i < len(w) || i < len(g); i++ {
		var lw, lg string
		if i < len(w) {
			lw = w[i]
		}
		if i < len(g) {
			lg = g[i]
		}
		if lw != lg {
			b.WriteString("line " + itoa(i+1) + ":\n  want " + lw + "\n  got  " + lg + "\n")
		}
	}
	return b.String()
}

// A valid row: passes umum, sits SKB; the formation has quota 2.
const okRow = "X01,F01,2,Pranata Komputer,S-1 Informatika,umum,1,100,100,170,1,80.5,3.50,1996-05-10"

// csvRow returns okRow with fields replaced: csvRow("X02", colTIU, "abc") sets tiu.
func csvRow(id string, kv ...any) string {
	f := strings.Split(okRow, ",")
	f[0] = id
	for i := 0; i < len(kv); i += 2 {
		f[kv[i].(int)] = kv[i+1].(string)
	}
	return strings.Join(f, ",")
}

func TestRankCSVErrors(t *testing.T) {
	h := InputHeader
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"empty file", "", `line 1: the file is empty; expected the header ` + h},
		{"wrong header", strings.Replace(h, "quota", "kuota", 1) + "\n" + okRow,
			`line 1, column quota: the header has "kuota" where "quota" is expected; expected ` + h},
		{"header missing a column", strings.TrimSuffix(h, ",birth_date") + "\n",
			`line 1, column birth_date: missing from the header; expected ` + h},
		{"header with an extra column", h + ",nik\n",
			`line 1: unexpected column "nik" after birth_date in the header; expected ` + h},
		{"header in other order", strings.Replace(h, "twk,tiu", "tiu,twk", 1) + "\n",
			`line 1, column twk: the header has "tiu" where "twk" is expected; expected ` + h},
		{"missing column", h + "\n" + okRow + "\n" + strings.TrimSuffix(csvRow("X02"), ",1996-05-10"),
			`line 3, column birth_date: missing: the row has 13 fields, the header 14`},
		{"extra column", h + "\n" + csvRow("X02") + ",extra",
			`line 2: the row has 15 fields, the header 14 (a comma inside a value must be quoted)`},
		{"tiu not a number", h + "\n" + okRow + "\n" + csvRow("X02", colTIU, "abc"),
			`line 3, column tiu: "abc" is not a whole number`},
		{"tiu decimal", h + "\n" + csvRow("X02", colTIU, "80.0"),
			`line 2, column tiu: "80.0" is not a whole number`},
		{"twk not a multiple of 5", h + "\n" + csvRow("X02", colTWK, "67"),
			`line 2, column twk: "67" is not a multiple of 5 (each TWK item is worth 5 points or 0)`},
		{"tiu not a multiple of 5", h + "\n" + csvRow("X02", colTIU, "101"),
			`line 2, column tiu: "101" is not a multiple of 5 (each TIU item is worth 5 points or 0)`},
		{"twk too high", h + "\n" + csvRow("X02", colTWK, "155"), `line 2, column twk: "155" is out of range (0 to 150)`},
		{"tiu too high", h + "\n" + csvRow("X02", colTIU, "180"), `line 2, column tiu: "180" is out of range (0 to 175)`},
		{"tkp too high", h + "\n" + csvRow("X02", colTKP, "226"), `line 2, column tkp: "226" is out of range (0 to 225)`},
		{"negative", h + "\n" + csvRow("X02", colTKP, "-1"), `line 2, column tkp: "-1" is out of range (0 to 225)`},
		{"huge", h + "\n" + csvRow("X02", colTKP, "99999999999"), `line 2, column tkp: "99999999999" is out of range (0 to 225)`},
		{"score missing", h + "\n" + csvRow("X02", colTKP, ""), `line 2, column tkp: empty; expected a whole number from 0 to 225`},
		{"score for an absentee", h + "\n" + csvRow("X02", colPresentSKD, "0", colTWK, "0", colTIU, "45", colPresentSKB, "0", colSKB, ""),
			`line 2, column tiu: "45" given, but present_skd is 0 (leave the scores of an applicant absent at SKD empty or 0)`},
		{"present_skd", h + "\n" + csvRow("X02", colPresentSKD, "2"), `line 2, column present_skd: "2" must be 1 (present) or 0 (absent)`},
		{"present_skb", h + "\n" + csvRow("X02", colPresentSKB, "yes"), `line 2, column present_skb: "yes" must be 1 (present) or 0 (absent)`},
		{"skb too high", h + "\n" + csvRow("X02", colSKB, "100.001"), `line 2, column skb: "100.001" is out of range (0 to 100)`},
		{"skb 4 decimals", h + "\n" + csvRow("X02", colSKB, "85.1234"), `line 2, column skb: "85.1234" has more than 3 decimals`},
		{
			"skb comma",
			h + "\n" + csvRow("X02", colSKB, `"85,5"`),
			`line 2, column skb: "85,5" is not a number (use a point for decimals, as in 85.5)`,
		},
		{"skb negative", h + "\n" + csvRow("X02", colSKB, "-1"), `line 2, column skb: "-1" is not a number`},
		{
			"skb missing",
			h + "\n" + csvRow("X02", colSKB, ""),
			`line 2, column skb: empty, but present_skb is 1 (give the SKB score, 0 to 100 with up to 3 decimals)`,
		},
		{"skb for someone absent at SKB", h + "\n" + csvRow("X02", colPresentSKB, "0"),
			`line 2, column skb: "80.5" given, but present_skb is 0 (leave skb empty for an applicant who did not sit SKB)`},
		{"skb 0 for someone absent at SKB", h + "\n" + csvRow("X02", colPresentSKB, "0", colSKB, "0"),
			`line 2, column skb: "0" given, but present_skb is 0 (leave skb empty for an applicant who did not sit SKB)`},
		{"SKB for someone absent at SKD", h + "\n" + csvRow("X02", colPresentSKD, "0", colTWK, "", colTIU, "", colTKP, ""),
			`line 2, column present_skb: "1", but present_skd is 0: an applicant absent at SKD cannot have sat SKB`},
		{"SKB for someone below the grade", h + "\n" + csvRow("X02", colTWK, "60"),
			`line 2, column present_skb: "1", but the applicant is below the umum passing grade (TL), so did not qualify for SKB`},
		{
			"SKB for someone outside the cut",
			h + "\n" + csvRow("A") + "\n" + csvRow("B") + "\n" + csvRow("C") + "\n" + csvRow("D") + "\n" + csvRow("E") + "\n" + csvRow("F") + "\n" +
				csvRow("G", colTKP, "169") + "\n" + csvRow("H"),
			`line 8, column present_skb: "1", but the applicant is ranked 8 at SKD in formation "F01", outside the cut of 6 (3 × ` +
				`quota 2) and not tied with its last place, so did not qualify for SKB (P)`,
		},
		{
			"bad date",
			h + "\n" + csvRow("X02", colBirthDate, "1996-02-30"),
			`line 2, column birth_date: "1996-02-30" is not a valid date (YYYY-MM-DD, years 1900 to 2099)`,
		},
		{
			"date order",
			h + "\n" + csvRow("X02", colBirthDate, "10-05-1996"),
			`line 2, column birth_date: "10-05-1996" is not a valid date (YYYY-MM-DD, years 1900 to 2099)`,
		},
		{"date missing", h + "\n" + csvRow("X02", colBirthDate, ""), `line 2, column birth_date: empty; expected a date YYYY-MM-DD`},
		{"quota 0", h + "\n" + csvRow("X02", colQuota, "0"), `line 2, column quota: "0" must be at least 1`},
		{"quota text", h + "\n" + csvRow("X02", colQuota, "dua"), `line 2, column quota: "dua" is not a whole number`},
		{"quota disagrees", h + "\n" + okRow + "\n" + csvRow("X02") + "\n" + csvRow("X03", colQuota, "3"),
			`line 4, column quota: 3 disagrees with 2 on line 2, where formation "F01" first appears`},
		{"position disagrees", h + "\n" + okRow + "\n" + csvRow("X02", colPosition, "Pranata Komputer Ahli Muda"),
			`line 3, column position: "Pranata Komputer Ahli Muda" disagrees with "Pranata Komputer" on line 2, where formation ` +
				`"F01" first appears`},
		{"education disagrees", h + "\n" + okRow + "\n" + csvRow("X02", colEducation, "D-3 Informatika"),
			`line 3, column education: "D-3 Informatika" disagrees with "S-1 Informatika" on line 2, where formation "F01" first appears`},
		{"position with trailing space", h + "\n" + csvRow("X02", colPosition, "Pranata Komputer "),
			`line 2, column position: "Pranata Komputer " has spaces at the start or end`},
		{"education empty", h + "\n" + csvRow("X02", colEducation, ""), `line 2, column education: empty`},
		{"duplicate applicant", h + "\n" + okRow + "\n" + csvRow("X02") + "\n" + csvRow("X01", colFormation, "F02"),
			`line 4, column applicant_id: "X01" already appears on line 2`},
		{"empty applicant id", h + "\n" + csvRow(""), `line 2, column applicant_id: empty`},
		{"empty formation id", h + "\n" + csvRow("X02", colFormation, ""), `line 2, column formation_id: empty`},
		{"unknown category", h + "\n" + csvRow("X02", colCategory, "Umum"),
			`line 2, column category: "Umum" is not a category (umum, cumlaude, diaspora, disabilitas, papua, tertinggal)`},
		{
			"ipk missing",
			h + "\n" + csvRow("X02", colIPK, ""),
			`line 2, column ipk: empty; expected the IPK or the school average, 0 to 100 with up to 3 decimals`,
		},
		{
			"ipk comma",
			h + "\n" + csvRow("X02", colIPK, `"3,5"`),
			`line 2, column ipk: "3,5" is not a number (use a point for decimals, as in 85.5)`,
		},
		{"ipk too high", h + "\n" + csvRow("X02", colIPK, "100.5"), `line 2, column ipk: "100.5" is out of range (0 to 100)`},
		{"bare quote", h + "\n" + okRow + "\n" + csvRow("X02", colPosition, `Pranata "Komputer"`),
			`line 3, column position: a quote (") inside a field that does not start with one; quote the whole field and double ` +
				`the quote inside ("")`},
		{"text after a closing quote", h + "\n" + csvRow("X02", colEducation, `"S-1" Informatika`),
			`line 2, column education: a quoted field must end with a quote followed by a comma or the end of the line (write a ` +
				`quote inside it as "")`},
		{"quote never closed", h + "\n" + csvRow("X02", colPosition, `"Pranata Komputer`) + "\n" + okRow + "\n",
			`line 2, column position: the quoted field that starts on this line is never closed`},
		{"line break inside a quoted id", h + "\n" + csvRow(`"X0`+"\n"+`2"`),
			`line 2, column applicant_id: contains a control character (a line break or a tab)`},
		{
			"line numbers count blank lines and quoted line breaks",
			h + "\n\n" + csvRow("X02", colPosition, `"Pranata`+"\n"+`Komputer"`) + "\n" + csvRow("X03", colTIU, "x"),
			`line 3, column position: contains a control character (a line break or a tab)`,
		},
		{"line after a blank line", h + "\n" + okRow + "\n\n" + csvRow("X03", colTIU, "x"),
			`line 4, column tiu: "x" is not a whole number`},
		{"invalid UTF-8", h + "\n" + csvRow("X\xff"), `line 2, column applicant_id: not valid UTF-8 text`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			err := RankCSV(strings.NewReader(tt.in), &out, "cpns-2024")
			if err == nil {
				t.Fatalf("accepted; output:\n%s", out.String())
			}
			if err.Error() != tt.want {
				t.Errorf("got  %s\nwant %s", err, tt.want)
			}
			var ie *InputError
			if !errors.As(err, &ie) {
				t.Errorf("not an *InputError: %T", err)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Error("the message spans lines")
			}
			if out.Len() != 0 {
				t.Errorf("wrote %d bytes on error", out.Len())
			}
		})
	}
}

func TestHeaders(t *testing.T) {
	if InputHeader != strings.Join(inputColumns[:], ",") {
		t.Error("InputHeader and inputColumns disagree")
	}
}

func TestRankCSVLongRow(t *testing.T) {
	long := InputHeader + "\n" + okRow + "\n" + csvRow("X02", colPosition, `"`+strings.Repeat("a", maxRecordBytes)+`"`)
	err := RankCSV(strings.NewReader(long), &bytes.Buffer{}, "cpns-2024")
	if err == nil || err.Error() != "line 3: a row longer than 1048576 bytes (a quote left open?)" {
		t.Fatalf("got %v", err)
	}
}

func TestRankCSVUnknownScheme(t *testing.T) {
	var out bytes.Buffer
	err := RankCSV(strings.NewReader(InputHeader+"\n"+okRow), &out, "pppk-2024")
	if !errors.Is(err, ErrUnknownScheme) || out.Len() != 0 {
		t.Fatalf("got %v, %d bytes", err, out.Len())
	}
}

func TestRankCSVAccepts(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"header only", InputHeader + "\n", OutputHeader + "\n"},
		{
			"no final newline, absentee with empty scores",
			InputHeader + "\n" + csvRow("X02", colPresentSKD, "0", colTWK, "", colTIU, "", colTKP, "", colPresentSKB, "0", colSKB, ""),
			OutputHeader + "\nX02,F01,0,TH,,,TH,\n",
		},
		{
			"TKP any whole number, leading zeros, quoted fields",
			InputHeader + "\n" + `"X,02","F""1",02,"Pranata Komputer",S-1 Informatika,umum,1,095,100,171,1,80.125,3.5,1996-05-10`,
			OutputHeader + "\n" + `"X,02","F""1",366,P/L,74.693,1,P/L,"F""1"` + "\n",
		},
		{"skb 100 and 0", InputHeader + "\n" + csvRow("A", colSKB, "100") + "\n" + csvRow("B", colSKB, "0"),
			OutputHeader + "\nA,F01,370,P/L,86.909,1,P/L,F01\nB,F01,370,P/L,26.909,2,P/L,F01\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			if err := RankCSV(strings.NewReader(tt.in), &out, "cpns-2024"); err != nil {
				t.Fatal(err)
			}
			if out.String() != tt.want {
				t.Errorf("got\n%s\nwant\n%s", out.String(), tt.want)
			}
		})
	}
}

// failingWriter fails every write, to check that write errors come back.
type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestRankCSVWriteError(t *testing.T) {
	err := RankCSV(strings.NewReader(InputHeader+"\n"+okRow), failingWriter{}, "cpns-2024")
	if err == nil || err.Error() != "write output: disk full" {
		t.Fatalf("got %v", err)
	}
}

func TestLocateQuoteErrorManyRecords(t *testing.T) {
	// The tail buffer is compacted as it goes; a quoting error after many
	// rows must still be traced to its line and column.
	var b strings.Builder
	b.WriteString(InputHeader + "\n")
	for i := 0; i < 5000; i++ {
		b.WriteString(csvRow("X"+itoa(i+1), colFormation, "F"+itoa(i%50)) + "\n")
	}
	b.WriteString(csvRow("BAD", colEducation, `S-1 "Informatika"`) + "\n")
	err := RankCSV(strings.NewReader(b.String()), &bytes.Buffer{}, "cpns-2024")
	want := `line 5002, column education: a quote (") inside a field that does not start with one; quote the whole field ` +
		`and double the quote inside ("")`
	if err == nil || err.Error() != want {
		t.Fatalf("got %v", err)
	}
}

// IDs that a spreadsheet would run as formulas are written with an
// apostrophe in front (csvsafe), and such a file reads back as it was.
func TestRankCSVFormulaCells(t *testing.T) {
	in := InputHeader + "\n" +
		csvRow(`=HYPERLINK("http://x","y")`, colFormation, "-F01") + "\n" +
		csvRow("'@X02", colFormation, "'-F01") + "\n" + // as asnpro wrote them: the apostrophe comes off
		csvRow("'X03", colFormation, "-F01") + "\n" // an apostrophe of the data itself stays
	in = strings.Replace(in, `=HYPERLINK("http://x","y")`, `"=HYPERLINK(""http://x"",""y"")"`, 1)
	var out bytes.Buffer
	if err := RankCSV(strings.NewReader(in), &out, "cpns-2024"); err != nil {
		t.Fatalf("RankCSV: %v", err)
	}
	lines := strings.Split(out.String(), "\n")
	for i, want := range []string{`"'=HYPERLINK(""http://x"",""y"")",'-F01,`, "'@X02,'-F01,", "'X03,'-F01,"} {
		if !strings.HasPrefix(lines[i+1], want) {
			t.Errorf("line %d: %s, want it to start %s", i+2, lines[i+1], want)
		}
	}
	// The output's IDs read back through the input as the same applicants.
	rk, err := CPNS2024().RankFile(strings.NewReader(in))
	if err != nil || rk.Outcome(1).ApplicantID != "@X02" || rk.Outcome(1).FormationID != "-F01" || rk.Outcome(2).ApplicantID != "'X03" {
		t.Errorf("IDs: %+v %+v %v", rk.Outcome(1), rk.Outcome(2), err)
	}
}
