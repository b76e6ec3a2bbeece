package upload

import (
	"bytes"
	"errors"
	"fmt"
	"image/png"
	"io"
	"os"
	"testing"

	"asnpro/internal/testkit"
)

// pdfDoc is a one-page PDF written by hand, cut in three so that its
// content stream can be padded with generated filler: prefix, fill bytes of
// filler comment lines, suffix. The xref table holds the true offsets.
type pdfDoc struct {
	prefix []byte
	fill   int64
	suffix []byte
}

const fillLine = "% filler line of a generated test document, sixty-four bytes.\n"

// newPDF returns a PDF of exactly size bytes, or the smallest one when size
// is 0 (or below the minimum).
func newPDF(size int64) pdfDoc {
	var d pdfDoc
	for fill := int64(0); ; {
		d = buildPDF(fill)
		total := d.len()
		if size <= 0 || total == size || fill == 0 && total > size {
			return d
		}
		fill += size - total
		if fill < 0 {
			fill = 0
		}
	}
}

func buildPDF(fill int64) pdfDoc {
	var b bytes.Buffer
	var off [6]int
	b.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	obj := func(n int, body string) {
		off[n] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", n, body)
	}
	obj(1, "<< /Type /Catalog /Pages 2 0 R >>")
	obj(2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
	obj(3, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>")
	text := "BT /F1 24 Tf 72 750 Td (Halo, Palangka Raya) Tj ET\n"
	off[4] = b.Len()
	fmt.Fprintf(&b, "4 0 obj\n<< /Length %d >>\nstream\n%s", int64(len(text))+fill, text)
	d := pdfDoc{prefix: bytes.Clone(b.Bytes()), fill: fill}
	base := b.Len() + int(fill)
	b.Reset()
	b.WriteString("\nendstream\nendobj\n")
	off[5] = base + b.Len()
	fmt.Fprintf(&b, "5 0 obj\n%s\nendobj\n", "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
	xref := base + b.Len()
	b.WriteString("xref\n0 6\n0000000000 65535 f \n")
	for _, o := range off[1:] {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", xref)
	d.suffix = bytes.Clone(b.Bytes())
	return d
}

func (d pdfDoc) len() int64 { return int64(len(d.prefix)) + d.fill + int64(len(d.suffix)) }

// reader streams the document without holding the filler in memory.
func (d pdfDoc) reader() io.Reader {
	return io.MultiReader(bytes.NewReader(d.prefix), &fillReader{n: d.fill}, bytes.NewReader(d.suffix))
}

func (d pdfDoc) bytes() []byte {
	b, err := io.ReadAll(d.reader())
	if err != nil {
		panic(err)
	}
	return b
}

// fillReader produces n bytes of filler comment lines.
type fillReader struct{ n, pos int64 }

func (f *fillReader) Read(p []byte) (int, error) {
	if f.pos >= f.n {
		return 0, io.EOF
	}
	k := int64(len(p))
	if k > f.n-f.pos {
		k = f.n - f.pos
	}
	for i := range k {
		p[i] = fillLine[(f.pos+i)%int64(len(fillLine))]
	}
	f.pos += k
	return int(k), nil
}

func mustPNG(tb testing.TB, w, h int) []byte {
	tb.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, testkit.Image(w, h)); err != nil {
		tb.Fatal(err)
	}
	return b.Bytes()
}

// jpegWithComment inserts COM segments after SOI so that the file has
// exactly size bytes (size must be at least len(j)+4).
func jpegWithComment(j []byte, size int) []byte {
	left := size - len(j)
	if left < 4 {
		panic("jpegWithComment: size out of reach")
	}
	out := make([]byte, 0, size)
	out = append(out, j[:2]...)
	for left > 0 {
		seg := min(left, 0xffff+2) // marker (2) + length field counts itself (2) + payload
		if left-seg > 0 && left-seg < 4 {
			seg -= 4 // leave room for one more segment
		}
		pay := seg - 4
		out = append(out, 0xff, 0xfe, byte((pay+2)>>8), byte(pay+2))
		out = append(out, bytes.Repeat([]byte{'c'}, pay)...)
		left -= seg
	}
	return append(out, j[2:]...)
}

// mzHeader is the start of a Windows executable.
func mzHeader() []byte {
	h := make([]byte, 128)
	copy(h, "MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00\xb8")
	h[0x3c] = 0x80
	copy(h[0x4e:], "This program cannot be run in DOS mode.\r\r\n$")
	return append(h, "PE\x00\x00\x4c\x01"...)
}

// countingReader counts the bytes read from r.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// errAfter returns data and then err instead of io.EOF.
type errAfter struct {
	r   io.Reader
	err error
}

func (e *errAfter) Read(p []byte) (int, error) {
	n, err := e.r.Read(p)
	if err == io.EOF {
		return n, e.err
	}
	return n, err
}

// asError reports whether err is (or wraps) an *Error.
func asError(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

// assertDirEmpty fails when dir holds anything (a temp file left behind).
func assertDirEmpty(tb testing.TB, dir string) {
	tb.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		tb.Fatal(err)
	}
	for _, e := range ents {
		tb.Errorf("left behind in %s: %s", dir, e.Name())
	}
}
