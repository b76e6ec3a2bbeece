package report

import (
	"bytes"
	"errors"
	"io"
	"testing"

	"asnpro/internal/apperr"
)

// FuzzReadTable: no input panics, every failure is an *apperr.Error, and
// rows come with increasing line numbers.
func FuzzReadTable(f *testing.F) {
	f.Add([]byte("\ufeffNIK;Nama\r\n6271034506980001;Siti Ä\r\n"))
	f.Add([]byte("a,\"b\nc\",d\n1,2\n"))
	f.Add([]byte("a\tb\n\"x"))
	f.Add([]byte("PK\x03\x04garbage"))
	x := NewXLSX("S")
	x.Header([]string{"a", "b"})
	x.Row([]any{1, "dua"})
	var b bytes.Buffer
	x.WriteTo(&b)
	x.Close()
	f.Add(b.Bytes())
	lim := ReadLimits{MaxBytes: 1 << 20, MaxUncompressed: 4 << 20, MaxRows: 1000, MaxCols: 100, MaxLineBytes: 4096}
	f.Fuzz(func(t *testing.T, data []byte) {
		tr, err := ReadTableLimits(bytes.NewReader(data), "fuzz", lim)
		if err != nil {
			var ae *apperr.Error
			if !errors.As(err, &ae) {
				t.Fatalf("untyped error %v (%T)", err, err)
			}
			return
		}
		defer tr.Close()
		last := 0
		for {
			row, line, err := tr.Next()
			if err == io.EOF {
				return
			}
			if err != nil {
				var ae *apperr.Error
				if !errors.As(err, &ae) {
					t.Fatalf("untyped error %v (%T)", err, err)
				}
				return
			}
			if line <= last || len(row) == 0 {
				t.Fatalf("line %d after %d, row %q", line, last, row)
			}
			last = line
		}
	})
}
