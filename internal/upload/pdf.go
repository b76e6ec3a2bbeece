package upload

import (
	"bytes"
	"io"
	"strconv"
)

// pdfEOFWindow is how close to the end "%%EOF" must start (ISO 32000
// implementation note: readers look for it within the last 1024 bytes).
const pdfEOFWindow = 1024

func isPDFSpace(b byte) bool {
	switch b {
	case ' ', '\t', '\r', '\n', '\f', 0:
		return true
	}
	return false
}

// checkPDF checks the end of a PDF: tail holds its last bytes (at least
// min(size, tailSize)), size is its length, hdr where "%PDF-" starts, and ra
// reads the spooled file for the startxref target.
func checkPDF(tail []byte, size int64, hdr int, ra io.ReaderAt) *damage {
	eof := bytes.LastIndex(tail, []byte("%%EOF"))
	if eof < 0 || len(tail)-eof > pdfEOFWindow {
		return &damage{key: "upload.damage.no_eof"}
	}
	// "startxref" EOL offset EOL "%%EOF", white space being lenient.
	b := bytes.TrimRightFunc(tail[:eof], func(r rune) bool { return r < 0x80 && isPDFSpace(byte(r)) })
	i := len(b)
	for i > 0 && isDigit(b[i-1]) && len(b)-i < 19 {
		i--
	}
	digits := b[i:]
	rest := bytes.TrimRightFunc(b[:i], func(r rune) bool { return r < 0x80 && isPDFSpace(byte(r)) })
	if len(digits) == 0 || len(rest) == len(b[:i]) || !bytes.HasSuffix(rest, []byte("startxref")) {
		return &damage{key: "upload.damage.no_startxref"}
	}
	off, err := strconv.ParseInt(string(digits), 10, 64)
	if err != nil || off >= size {
		return &damage{key: "upload.damage.startxref_outside"}
	}
	// Offsets count from the file start; readers also accept them counted
	// from the header when junk precedes it.
	bases := []int64{0}
	if hdr > 0 {
		bases = append(bases, int64(hdr))
	}
	var at [40]byte
	for _, base := range bases {
		n, _ := ra.ReadAt(at[:], base+off)
		if isXrefStart(at[:n]) {
			return nil
		}
	}
	return &damage{key: "upload.damage.no_xref"}
}

// isXrefStart reports whether p starts (after white space) with a classic
// "xref" table or an indirect object header "N G obj" (a cross-reference
// stream).
func isXrefStart(p []byte) bool {
	p = bytes.TrimLeftFunc(p, func(r rune) bool { return r < 0x80 && isPDFSpace(byte(r)) })
	if bytes.HasPrefix(p, []byte("xref")) {
		return true
	}
	num := func() bool {
		j := 0
		for j < len(p) && isDigit(p[j]) {
			j++
		}
		if j == 0 {
			return false
		}
		p = p[j:]
		return true
	}
	space := func() bool {
		j := 0
		for j < len(p) && isPDFSpace(p[j]) {
			j++
		}
		if j == 0 {
			return false
		}
		p = p[j:]
		return true
	}
	return num() && space() && num() && space() && bytes.HasPrefix(p, []byte("obj"))
}
