package selection

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"os"
	"strings"
	"testing"
	"testing/iotest"
)

func addSeeds(f *testing.F) {
	golden, err := os.ReadFile("testdata/cpns2024.in.csv")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(golden)
	f.Add([]byte(InputHeader + "\n" + okRow + "\n"))
	f.Add(
		[]byte(
			InputHeader + "\r\n" + okRow + "\r\n\r\n" + csvRow(
				"X02",
				colPresentSKD,
				"0",
				colTWK,
				"",
				colTIU,
				"",
				colTKP,
				"",
				colPresentSKB,
				"0",
				colSKB,
				"",
			),
		),
	)
	f.Add([]byte(InputHeader + "\n" + `"X,1","F""1",2,"Pranata` + "\n" + `Komputer",S-1,umum,1,100,100,170,1,80.5,3.5,1996-05-10`))
	f.Add([]byte(InputHeader + "\n" + csvRow("X02", colPosition, `"a"b`)))
	f.Add([]byte(InputHeader + "\n" + csvRow("X02", colPosition, `"unclosed`)))
	f.Add([]byte("\xEF\xBB\xBF" + InputHeader + "\n" + okRow + "\r"))
	f.Add([]byte("a,b\n\"c\"\"\",d\r\n\r\n\ne,\"f\ng\"\r"))
	f.Add([]byte(""))
	f.Add([]byte("\r"))
}

// FuzzRankCSV: RankCSV never panics, every rejection is a one-line error
// that names a line and writes nothing, and every acceptance writes one row
// per input row with a consistent outcome.
//
//	go test ./internal/selection -run '^$' -fuzz FuzzRankCSV -fuzztime 30s
func FuzzRankCSV(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		var out bytes.Buffer
		err := RankCSV(bytes.NewReader(data), &out, "cpns-2024")
		if err != nil {
			if out.Len() != 0 {
				t.Fatalf("wrote %d bytes and failed: %v", out.Len(), err)
			}
			var ie *InputError
			if !errors.As(err, &ie) {
				t.Fatalf("not an input error: %T %v", err, err)
			}
			msg := err.Error()
			if strings.ContainsAny(msg, "\r\n") || !strings.HasPrefix(msg, "line ") || ie.Line < 1 {
				t.Fatalf("bad message %q", msg)
			}
			return
		}
		in, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF")))).ReadAll()
		if err != nil {
			t.Fatalf("accepted input that encoding/csv rejects: %v", err)
		}
		got, err := csv.NewReader(&out).ReadAll()
		if err != nil {
			t.Fatalf("output is not CSV: %v", err)
		}
		if len(got) != len(in) || strings.Join(got[0], ",") != OutputHeader {
			t.Fatalf("%d output records for %d input records", len(got), len(in))
		}
		placed := map[string]int{}
		quota := map[string]int{}
		for i, r := range got[1:] {
			if r[0] != in[i+1][0] || r[1] != in[i+1][1] {
				t.Fatalf("row %d is for %s/%s, input has %s/%s", i+1, r[0], r[1], in[i+1][0], in[i+1][1])
			}
			q, _ := parseWhole(in[i+1][colQuota])
			quota[r[1]] = q
			switch r[6] {
			case ResultPL, ResultPL2:
				placed[r[7]]++
			case ResultTL, ResultTH, ResultP:
				if r[7] != "" {
					t.Fatalf("row %d: %s but placed in %q", i+1, r[6], r[7])
				}
			default:
				t.Fatalf("row %d: final code %q", i+1, r[6])
			}
		}
		for f, n := range placed {
			if n > quota[f] {
				t.Fatalf("formation %s: %d placed for a quota of %d", f, n, quota[f])
			}
		}
	})
}

// FuzzRecordReader checks the record reader against encoding/csv: the same
// records, fields and field lines, and an error where encoding/csv has one.
func FuzzRecordReader(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		cr := csv.NewReader(bytes.NewReader(data))
		cr.FieldsPerRecord = -1
		// A tiny buffer and one-byte reads exercise every refill path.
		rr := newRecordReader(iotest.OneByteReader(bytes.NewReader(data)), 7)
		rr.maxBytes = 1 << 30
		for n := 1; ; n++ {
			want, werr := cr.Read()
			got, lines, gerr := rr.next()
			if werr == io.EOF || gerr == io.EOF {
				if werr != gerr {
					t.Fatalf("record %d: encoding/csv %v, reader %v", n, werr, gerr)
				}
				return
			}
			if werr != nil || gerr != nil {
				var pe *csv.ParseError
				var se *csvSyntaxError
				if !errors.As(werr, &pe) || !errors.As(gerr, &se) {
					t.Fatalf("record %d: encoding/csv %v, reader %v", n, werr, gerr)
				}
				if se.kind != unclosedQuote && se.line != pe.Line {
					t.Fatalf("record %d: error on line %d, encoding/csv says %d (%v)", n, se.line, pe.Line, werr)
				}
				return
			}
			if len(got) != len(want) {
				t.Fatalf("record %d: %d fields, encoding/csv %d: %q vs %q", n, len(got), len(want), got, want)
			}
			for i := range want {
				if string(got[i]) != want[i] {
					t.Fatalf("record %d field %d: %q, encoding/csv %q", n, i, got[i], want[i])
				}
				if line, _ := cr.FieldPos(i); line != lines[i] {
					t.Fatalf("record %d field %d: line %d, encoding/csv %d", n, i, lines[i], line)
				}
			}
		}
	})
}
