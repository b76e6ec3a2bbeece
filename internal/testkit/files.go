package testkit

import (
	"image"
	"testing"

	"asnpro/internal/sample"
)

// PDFOption changes the document PDF writes.
type PDFOption func(*pdfOptions)

type pdfOptions struct{ size int }

// PaddedTo pads the document with a comment line before its objects so
// that it is about size bytes (never less than the unpadded document).
func PaddedTo(size int) PDFOption { return func(o *pdfOptions) { o.size = size } }

// PDF returns a small well-formed one-page PDF that shows note (see
// sample.PDF). Different notes give different files.
func PDF(note string, opts ...PDFOption) []byte {
	var o pdfOptions
	for _, fn := range opts {
		fn(&o)
	}
	return sample.PDF(note, o.size)
}

// Image is a w × h colour gradient that does not compress to nothing.
func Image(w, h int) image.Image { return sample.Image(w, h) }

// JPEG returns Image(w, h) encoded as a real JPEG at quality 80.
func JPEG(tb testing.TB, w, h int) []byte {
	tb.Helper()
	return sample.JPEG(w, h)
}
