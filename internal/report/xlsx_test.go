package report

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"asnpro/internal/apperr"

	"github.com/xuri/excelize/v2"
)

// readAll reads every row of a table with its line numbers.
func readAll(tb testing.TB, tr TableReader) (rows [][]string, lines []int, err error) {
	tb.Helper()
	for {
		row, line, err := tr.Next()
		if err == io.EOF {
			return rows, lines, nil
		}
		if err != nil {
			return rows, append(lines, line), err
		}
		rows = append(rows, row)
		lines = append(lines, line)
	}
}

func mustWriteXLSX(tb testing.TB, x *XLSX) []byte {
	tb.Helper()
	defer x.Close()
	var b bytes.Buffer
	n, err := x.WriteTo(&b)
	if err != nil {
		tb.Fatal(err)
	}
	if n != int64(b.Len()) {
		tb.Errorf("WriteTo returned %d for %d bytes", n, b.Len())
	}
	return b.Bytes()
}

func TestXLSXRoundTrip(t *testing.T) {
	const n = 1000
	x := NewXLSX("Hasil: SKD/SKB [2026]")
	if err := x.ColWidths(8, 20, 30); err != nil {
		t.Fatal(err)
	}
	if err := x.Header([]string{"No", "NIK", "Nama", "Nilai", "Lulus", "Tanggal lahir", "Catatan"}); err != nil {
		t.Fatal(err)
	}
	want := [][]string{{"No", "NIK", "Nama", "Nilai", "Lulus", "Tanggal lahir", "Catatan"}}
	names := []string{"Siti Nurhaliza Ä/é", "José Émile", "=HYPERLINK(\"http://x\")", "Dwi\tPrasetyo", "ctl\x01char"}
	for i := range n {
		nik := int64(6271010101900001 + i) // 16 digits written as a number
		born := time.Date(1990+i%10, time.Month(1+i%12), 1+i%28, 0, 0, 0, 0, time.UTC)
		name := names[i%len(names)]
		note := ""
		if i%7 == 0 {
			note = fmt.Sprintf("catatan %d", i)
		}
		if err := x.Row([]any{i + 1, nik, name, 60 + float64(i%80)/2, i%3 == 0, born, note}); err != nil {
			t.Fatal(err)
		}
		lulus := "FALSE"
		if i%3 == 0 {
			lulus = "TRUE"
		}
		want = append(want, []string{strconv.Itoa(i + 1), strconv.FormatInt(nik, 10), strings.ReplaceAll(name, "\x01", ""),
			strconv.FormatFloat(60+float64(i%80)/2, 'f', -1, 64), lulus, born.Format("02/01/2006"), note})
	}
	if x.Rows() != n+1 {
		t.Errorf("Rows() = %d", x.Rows())
	}
	data := mustWriteXLSX(t, x)

	tr, err := ReadTable(bytes.NewReader(data), "hasil.csv") // the name does not matter
	if err != nil {
		t.Fatal(err)
	}
	defer tr.Close()
	if tr.Format() != "xlsx" {
		t.Errorf("format %s", tr.Format())
	}
	got, lines, err := readAll(t, tr)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Fatalf("%d rows, want %d", len(got), len(want))
	}
	for i := range want {
		if !reflect.DeepEqual(got[i], want[i]) {
			t.Fatalf("row %d = %q, want %q", i+1, got[i], want[i])
		}
		if lines[i] != i+1 {
			t.Fatalf("row %d has line %d", i+1, lines[i])
		}
	}
	// The sheet name was made legal, the header frozen, strings never formulas.
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if s := f.GetSheetList(); len(s) != 1 || s[0] != "Hasil- SKD-SKB -2026-" {
		t.Errorf("sheets %q", s)
	}
	if fo, _ := f.GetCellFormula(f.GetSheetList()[0], "C4"); fo != "" {
		t.Errorf("a string became a formula: %q", fo)
	}
}

// TestReadXLSXGaps: physical row numbers survive empty rows, and long
// integers are restored on the rows that need it.
func TestReadXLSXGaps(t *testing.T) {
	f := excelize.NewFile()
	set := func(cell string, v any) {
		if err := f.SetCellValue("Sheet1", cell, v); err != nil {
			t.Fatal(err)
		}
	}
	set("A1", "NIK")
	set("B1", "Nama")
	set("A3", int64(6271034506980001))
	set("B3", "Siti")
	set("B4", "tanpa NIK")
	set("A7", int64(197001012000031002)) // an 18-digit NIP
	set("B7", "Budi")
	set("A9", " ")
	var b bytes.Buffer
	if _, err := f.WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	tr, err := ReadTable(&b, "")
	if err != nil {
		t.Fatal(err)
	}
	defer tr.Close()
	rows, lines, err := readAll(t, tr)
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{{"NIK", "Nama"}, {"6271034506980001", "Siti"}, {"", "tanpa NIK"}, {"197001012000031002", "Budi"}}
	if !reflect.DeepEqual(rows, want) || !reflect.DeepEqual(lines, []int{1, 3, 4, 7}) {
		t.Errorf("rows %q lines %v", rows, lines)
	}
}

func TestXLSXErrors(t *testing.T) {
	x := NewXLSX("")
	defer x.Close()
	if err := x.Row([]any{"a"}); err != nil {
		t.Fatal(err)
	}
	if err := x.Header([]string{"late"}); err == nil {
		t.Error("Header after rows accepted")
	}
	if err := x.ColWidths(10); err == nil {
		t.Error("ColWidths after rows accepted")
	}
	if err := x.Row([]any{strings.Repeat("x", maxCellChars+1)}); err == nil {
		t.Error("over-long cell accepted")
	}
	if _, err := x.WriteTo(io.Discard); err != nil {
		t.Fatal(err)
	}
	if _, err := x.WriteTo(io.Discard); err == nil {
		t.Error("second WriteTo accepted")
	}
}

func TestReadCSV(t *testing.T) {
	for _, tc := range []struct {
		name  string
		in    string
		comma rune
		rows  [][]string
		lines []int
	}{
		{
			name:  "BOM and semicolons (Excel, Indonesian locale)",
			in:    "\ufeffNIK;Nama;Nilai\r\n6271034506980001;Siti Nurhaliza Ä/é;83,5\r\n\r\n;;\r\n6271010101900001;\"Tan; Budi\";79\r\n",
			comma: ';',
			rows: [][]string{{"NIK", "Nama", "Nilai"}, {"6271034506980001", "Siti Nurhaliza " +
				"Ä/é", "83,5"}, {"6271010101900001", "Tan; Budi", "79"}},
			lines: []int{1, 2, 5},
		},
		{
			name:  "commas, quoted newline, short row padded",
			in:    "a,b,c\n1,\"x\ny\",3\n4\n",
			comma: ',',
			rows:  [][]string{{"a", "b", "c"}, {"1", "x\ny", "3"}, {"4", "", ""}},
			lines: []int{1, 2, 4},
		},
		{
			name:  "semicolons inside quotes do not count",
			in:    "\"a;b;c\",d\n1,2\n",
			comma: ',',
			rows:  [][]string{{"a;b;c", "d"}, {"1", "2"}},
			lines: []int{1, 2},
		},
		{
			name:  "tabs",
			in:    "a\tb\n1\t2",
			comma: '\t',
			rows:  [][]string{{"a", "b"}, {"1", "2"}},
			lines: []int{1, 2},
		},
		{
			name:  "apostrophes that csvsafe put in front of would-be formulas come off",
			in:    "\ufeffnama;nilai;kode\n\"'=HYPERLINK(\"\"http://x\"\")\";'-5;'x\n=1+1;-5;''@y\n",
			comma: ';',
			rows:  [][]string{{"nama", "nilai", "kode"}, {`=HYPERLINK("http://x")`, "-5", "'x"}, {"=1+1", "-5", "'@y"}},
			lines: []int{1, 2, 3},
		},
		{
			name:  "one column",
			in:    "nik\n1\n2\n",
			comma: ',',
			rows:  [][]string{{"nik"}, {"1"}, {"2"}},
			lines: []int{1, 2, 3},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tr, err := ReadTable(strings.NewReader(tc.in), "x.xlsx")
			if err != nil {
				t.Fatal(err)
			}
			defer tr.Close()
			if tr.Format() != "csv" || tr.(*csvTable).Comma() != tc.comma {
				t.Errorf("format %s comma %q", tr.Format(), tr.(*csvTable).Comma())
			}
			rows, lines, err := readAll(t, tr)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(rows, tc.rows) || !reflect.DeepEqual(lines, tc.lines) {
				t.Errorf("rows %q lines %v, want %q %v", rows, lines, tc.rows, tc.lines)
			}
		})
	}
}

// zipOf builds a zip from name → content.
func zipOf(tb testing.TB, files ...string) []byte {
	tb.Helper()
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	for i := 0; i+1 < len(files); i += 2 {
		w, err := z.Create(files[i])
		if err != nil {
			tb.Fatal(err)
		}
		w.Write([]byte(files[i+1]))
	}
	if err := z.Close(); err != nil {
		tb.Fatal(err)
	}
	return b.Bytes()
}

func TestReadTableRejects(t *testing.T) {
	rnd := rand.New(rand.NewPCG(1, 2))
	garbage := make([]byte, 4096)
	for i := range garbage {
		garbage[i] = byte(rnd.Uint32())
	}
	small := NewXLSX("S")
	small.Header([]string{"a"})
	for i := range 50 {
		small.Row([]any{strings.Repeat("isi sel ", 20) + strconv.Itoa(i)})
	}
	smallXLSX := mustWriteXLSX(t, small)
	// A zip whose directory understates an entry: inflating it must fail,
	// not run past the limit.
	lying := func() []byte {
		b := bytes.Clone(smallXLSX)
		zr, _ := zip.NewReader(bytes.NewReader(b), int64(len(b)))
		for _, f := range zr.File {
			if strings.HasPrefix(f.Name, "xl/worksheets/") {
				name := []byte(f.Name)
				for i := bytes.Index(b, []byte("PK\x01\x02")); i >= 0; {
					nl := int(binary.LittleEndian.Uint16(b[i+28:]))
					if bytes.Equal(b[i+46:i+46+nl], name) {
						binary.LittleEndian.PutUint32(b[i+24:], 100) // uncompressed size
					}
					j := bytes.Index(b[i+4:], []byte("PK\x01\x02"))
					if j < 0 {
						break
					}
					i += 4 + j
				}
			}
		}
		return b
	}()
	bomb := func() []byte { // 51 MB of zeros in about 50 KB
		var b bytes.Buffer
		z := zip.NewWriter(&b)
		z.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) {
			return flate.NewWriter(w, flate.BestSpeed)
		})
		w, _ := z.Create("xl/workbook.xml")
		w.Write([]byte("<workbook/>"))
		w, _ = z.Create("xl/worksheets/sheet1.xml")
		zeros := make([]byte, 1<<20)
		for range 51 {
			w.Write(zeros)
		}
		z.Close()
		return b.Bytes()
	}()
	manyRows := "h\n" + strings.Repeat("x\n", 20)

	for _, tc := range []struct {
		name string
		in   []byte
		lim  ReadLimits
		code apperr.Code
		msg  string
		line int
	}{
		{name: "random bytes behind zip magic", in: append([]byte("PK\x03\x04"), garbage...), code: apperr.Invalid, msg: "Berkas XLSX rusak"},
		{name: "truncated xlsx", in: smallXLSX[:len(smallXLSX)/2], code: apperr.Invalid, msg: "Berkas XLSX rusak"},
		{name: "zip, not xlsx", in: zipOf(t, "word/document.xml", "<w/>"), code: apperr.UnsupportedMediaType, msg: "bukan lembar kerja XLSX"},
		{name: "zip bomb over 50 MB", in: bomb, code: apperr.TooLarge, msg: "melebihi batas 50 MB setelah diekstrak"},
		{name: "uncompressed limit", in: smallXLSX, lim: ReadLimits{MaxUncompressed: 4 << 10}, code: apperr.TooLarge, msg: "setelah diekstrak"},
		{name: "directory understates size", in: lying, code: apperr.Invalid, msg: "Berkas XLSX rusak"},
		{name: "input over MaxBytes (xlsx)", in: smallXLSX, lim: ReadLimits{MaxBytes: 1 << 10}, code: apperr.TooLarge,
			msg: "Berkas impor melebihi batas 1 KB"},
		{name: "input over MaxBytes (csv)", in: []byte(strings.Repeat("a,b\n", 1000)), lim: ReadLimits{MaxBytes: 1 << 10},
			code: apperr.TooLarge, msg: "Berkas impor melebihi batas 1 KB"},
		{name: "too many rows (csv)", in: []byte(manyRows), lim: ReadLimits{MaxRows: 10}, code: apperr.TooLarge, msg: "melebihi 10 baris"},
		{name: "too many rows (xlsx)", in: smallXLSX, lim: ReadLimits{MaxRows: 10}, code: apperr.TooLarge, msg: "melebihi 10 baris"},
		{name: "too many columns", in: []byte("a,b\n1,2,3,4\n"), lim: ReadLimits{MaxCols: 3}, code: apperr.Invalid,
			msg: "Baris 2: lebih dari 3 kolom", line: 2},
		{name: "line too long", in: []byte("a,b\n1,2\n" + strings.Repeat("x", 2000) + "\n"), lim: ReadLimits{MaxLineBytes: 1000},
			code: apperr.Invalid, msg: "Baris 3: baris terlalu panjang", line: 3},
		{name: "not UTF-8 (Windows-1252)", in: []byte("nama;nilai\nJos\xe9;80\n"), code: apperr.Invalid, msg: "Baris 2: bukan " +
			"teks UTF-8", line: 2},
		{name: "unbalanced quote", in: []byte("a,b\n1,\"2\n3,4\n"), code: apperr.Invalid, msg: "tanda kutip", line: 2},
		{name: "bare quote", in: []byte("a,b\n1,2\"x\n"), code: apperr.Invalid, msg: "Baris 2: tanda kutip", line: 2},
		{name: "old xls", in: []byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest"), code: apperr.UnsupportedMediaType, msg: "XLS lama"},
		{name: "utf-16", in: []byte("\xff\xfea\x00,\x00b\x00"), code: apperr.UnsupportedMediaType, msg: "UTF-16"},
		{name: "binary", in: []byte("%PDF-1.4\n\x00\x01\x02"), code: apperr.UnsupportedMediaType, msg: "CSV (UTF-8) atau XLSX"},
		{name: "empty", in: nil, code: apperr.Invalid, msg: "kosong"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tr, err := ReadTableLimits(bytes.NewReader(tc.in), "impor", tc.lim)
			line := 0
			if err == nil {
				defer tr.Close()
				_, lines, rerr := readAll(t, tr)
				err = rerr
				if len(lines) > 0 {
					line = lines[len(lines)-1]
				}
			}
			var ae *apperr.Error
			if !errors.As(err, &ae) {
				t.Fatalf("err = %v (%T), want *apperr.Error", err, err)
			}
			if ae.Code != tc.code || !strings.Contains(ae.Message, tc.msg) || ae.MessageEN == "" {
				t.Errorf("err = %s %q / %q, want %s containing %q", ae.Code, ae.Message, ae.MessageEN, tc.code, tc.msg)
			}
			if tc.line != 0 && line != tc.line {
				t.Errorf("line %d, want %d", line, tc.line)
			}
		})
	}
}

func BenchmarkXLSXWrite50k(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		peak := heapPeak()
		x := NewXLSX("Hasil")
		x.Header([]string{"No", "No. Peserta", "Nama", "Formasi", "Nilai", "Ket."})
		for i := range 50_000 {
			if err := x.Row([]any{i + 1, fmt.Sprintf("62710%011d", i), "Siti Nurhaliza " +
				"Ä/é", "Analis SDM Aparatur", 60 + float64(i%400)/10, "P/L"}); err != nil {
				b.Fatal(err)
			}
		}
		cw := &countWriter{w: io.Discard}
		if _, err := x.WriteTo(cw); err != nil {
			b.Fatal(err)
		}
		x.Close()
		b.ReportMetric(float64(cw.n)/(1<<20), "out-MB")
		b.ReportMetric(peak(), "peak-heap-MB")
	}
}

func BenchmarkReadTableXLSX50k(b *testing.B) {
	x := NewXLSX("Hasil")
	x.Header([]string{"No", "No. Peserta", "Nama", "Formasi", "Nilai", "Ket."})
	for i := range 50_000 {
		x.Row([]any{i + 1, fmt.Sprintf("62710%011d", i), "Siti Nurhaliza Ä/é", "Analis SDM Aparatur", 60 + float64(i%400)/10, "P/L"})
	}
	data := mustWriteXLSX(b, x)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		peak := heapPeak()
		tr, err := ReadTable(bytes.NewReader(data), "hasil.xlsx")
		if err != nil {
			b.Fatal(err)
		}
		n := 0
		for {
			_, _, err := tr.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
		tr.Close()
		if n != 50_001 {
			b.Fatalf("%d rows", n)
		}
		b.ReportMetric(peak(), "peak-heap-MB")
	}
}

func BenchmarkReadTableCSV50k(b *testing.B) {
	var buf bytes.Buffer
	buf.WriteString("\ufeffNo;No. Peserta;Nama;Formasi;Nilai;Ket.\r\n")
	for i := range 50_000 {
		fmt.Fprintf(&buf, "%d;62710%011d;Siti Nurhaliza Ä/é;Analis SDM Aparatur;%d,%d;P/L\r\n", i+1, i, 60+i%40, i%10)
	}
	data := buf.Bytes()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		tr, err := ReadTable(bytes.NewReader(data), "hasil.csv")
		if err != nil {
			b.Fatal(err)
		}
		n := 0
		for {
			_, _, err := tr.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
		if n != 50_001 {
			b.Fatalf("%d rows", n)
		}
	}
}
