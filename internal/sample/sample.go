// Package sample makes small real documents — a one-page PDF, a photograph-
// sized JPEG — for the demo's applicants and for tests. They pass the
// upload checks because they are what they claim to be.
package sample

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"strings"
)

// PDF returns a small well-formed one-page PDF that shows note (ASCII); the
// xref table holds the true offsets. Different notes give different files.
// With size > 0 a comment line pads it to about size bytes (never less
// than the unpadded document).
func PDF(note string, size int) []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	if pad := size - 400; pad > 0 {
		b.WriteString("% " + strings.Repeat("x", pad) + "\n")
	}
	objs := []string{"<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
		fmt.Sprintf("<< /Length %d >>\nstream\nBT /F1 12 Tf 72 720 Td (%s) Tj ET\nendstream", 40+len(note), note)}
	offs := make([]int, 0, len(objs))
	for i, obj := range objs {
		offs = append(offs, b.Len())
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, obj)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offs {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return b.Bytes()
}

// Image is a w × h colour gradient, different in every pixel row and
// column, so that it does not compress to nothing.
func Image(w, h int) image.Image {
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			m.Set(x, y, color.RGBA{uint8(x * 255 / w), uint8(y * 255 / h), uint8((x + y) % 256), 255})
		}
	}
	return m
}

// JPEG returns Image(w, h) encoded as a real JPEG at quality 80.
func JPEG(w, h int) []byte {
	var b bytes.Buffer
	_ = jpeg.Encode(&b, Image(w, h), &jpeg.Options{Quality: 80}) // writing to memory does not fail
	return b.Bytes()
}
