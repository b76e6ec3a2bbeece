package upload

import (
	"bytes"
	"unicode/utf8"
)

// Format is a document format an upload may have.
type Format string

// The formats Receive can check.
const (
	PDF  Format = "pdf"
	JPEG Format = "jpeg"
	PNG  Format = "png"
)

// ContentType returns the media type of f ("application/pdf", "image/jpeg"),
// or "" for an unknown format.
func (f Format) ContentType() string {
	switch f {
	case PDF:
		return "application/pdf"
	case JPEG:
		return "image/jpeg"
	case PNG:
		return "image/png"
	}
	return ""
}

// label is the name people see: "PDF", "JPEG".
func (f Format) label() string {
	switch f {
	case PDF:
		return "PDF"
	case JPEG:
		return "JPEG"
	case PNG:
		return "PNG"
	}
	return string(f)
}

// kind is a file type Sniff recognises, with how messages name it.
type kind struct {
	name string // what Sniff returns
	key  string // its words in the catalogue, as in "This file is <key>, not a PDF"
}

var kinds = []kind{
	{"PDF", "upload.kind.pdf"},
	{"JPEG", "upload.kind.jpeg"},
	{"PNG", "upload.kind.png"},
	{"GIF", "upload.kind.gif"},
	{"WebP", "upload.kind.webp"},
	{"HEIC", "upload.kind.heic"},
	{"AVIF", "upload.kind.avif"},
	{"BMP", "upload.kind.bmp"},
	{"TIFF", "upload.kind.tiff"},
	{"JPEG2000", "upload.kind.jpeg2000"},
	{"SVG", "upload.kind.svg"},
	{"ZIP", "upload.kind.zip"},
	{"DOCX", "upload.kind.docx"},
	{"XLSX", "upload.kind.xlsx"},
	{"PPTX", "upload.kind.pptx"},
	{"ODF", "upload.kind.odf"},
	{"DOC", "upload.kind.doc"},
	{"RTF", "upload.kind.rtf"},
	{"EXE", "upload.kind.exe"},
	{"ELF", "upload.kind.elf"},
	{"RAR", "upload.kind.rar"},
	{"7Z", "upload.kind.7z"},
	{"GZIP", "upload.kind.gzip"},
	{"MP4", "upload.kind.mp4"},
	{"PostScript", "upload.kind.postscript"},
	{"HTML", "upload.kind.html"},
	{"XML", "upload.kind.xml"},
	{"text", "upload.kind.text"},
}

func kindByName(name string) *kind {
	for i := range kinds {
		if kinds[i].name == name {
			return &kinds[i]
		}
	}
	return nil
}

// pdfHeaderWindow is how far into the file a "%PDF-" header may start
// (ISO 32000 implementation note: readers accept it within 1024 bytes).
const pdfHeaderWindow = 1024

// Sniff names what a byte prefix looks like: "PDF", "JPEG", "PNG", "GIF",
// "WebP", "HEIC", "AVIF", "BMP", "TIFF", "JPEG2000", "SVG", "ZIP", "DOCX",
// "XLSX", "PPTX", "ODF", "DOC", "RTF", "EXE", "ELF", "RAR", "7Z", "GZIP",
// "MP4", "PostScript", "HTML", "XML", "text", or "" when it is none of them.
// It looks at most at the first 4 KiB, and tells an Office document from a
// plain ZIP only when an entry name like "word/" falls within what it is
// given. A match says what the bytes claim to be, not that they are valid.
func Sniff(head []byte) string {
	if len(head) > headSize {
		head = head[:headSize]
	}
	if name := sniffMagic(head); name != "" {
		return name
	}
	if i := pdfHeaderAt(head); i >= 0 && !looksMarkup(head[:i]) {
		return "PDF"
	}
	return sniffText(head)
}

// pdfHeaderAt returns where a "%PDF-d.d" header starts within the first
// 1024 bytes, or -1.
func pdfHeaderAt(head []byte) int {
	w := head
	if len(w) > pdfHeaderWindow+8 {
		w = w[:pdfHeaderWindow+8]
	}
	from := 0
	for {
		i := bytes.Index(w[from:], []byte("%PDF-"))
		if i < 0 {
			return -1
		}
		i += from
		if i >= pdfHeaderWindow {
			return -1
		}
		v := w[i+5:]
		// "%PDF-1.7", "%PDF-2.0"; a header cut short by the end of the
		// input is still a header (the file is then damaged, not foreign).
		if len(v) == 0 || isDigit(v[0]) && (len(v) == 1 || v[1] == '.' && (len(v) == 2 || isDigit(v[2]))) {
			return i
		}
		from = i + 1
	}
}

func isDigit(b byte) bool { return '0' <= b && b <= '9' }

// sniffMagic recognises the binary formats by their signatures at offset 0
// (PDF is left to pdfHeaderAt, which also checks the version digits).
func sniffMagic(h []byte) string {
	has := func(off int, sig string) bool {
		return len(h) >= off+len(sig) && string(h[off:off+len(sig)]) == sig
	}
	switch {
	case has(0, "\xff\xd8\xff"):
		return "JPEG"
	case has(0, "\x89PNG\r\n\x1a\n"):
		return "PNG"
	case has(0, "GIF87a"), has(0, "GIF89a"):
		return "GIF"
	case has(0, "RIFF") && has(8, "WEBP"):
		return "WebP"
	case has(4, "ftyp"):
		return sniffISOBMFF(h)
	case has(0, "II*\x00"), has(0, "MM\x00*"):
		return "TIFF"
	case has(0, "\x00\x00\x00\x0cjP  \r\n\x87\n"), has(0, "\xff\x4f\xff\x51"):
		return "JPEG2000"
	case has(0, "BM") && len(h) >= 18 && isDIBHeaderSize(h[14:18]):
		return "BMP"
	case has(0, "PK\x03\x04"), has(0, "PK\x05\x06"), has(0, "PK\x07\x08"):
		return sniffZip(h)
	case has(0, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
		return "DOC"
	case has(0, "{\\rtf"):
		return "RTF"
	case has(0, "MZ") && !looksText(h):
		return "EXE"
	case has(0, "\x7fELF"):
		return "ELF"
	case has(0, "Rar!\x1a\x07"):
		return "RAR"
	case has(0, "7z\xbc\xaf\x27\x1c"):
		return "7Z"
	case has(0, "\x1f\x8b"):
		return "GZIP"
	case has(0, "%!PS"):
		return "PostScript"
	}
	return ""
}

func isDIBHeaderSize(b []byte) bool {
	n := uint32(b[0]) | uint32(b[1])<<8 | uint32(b[2])<<16 | uint32(b[3])<<24
	switch n {
	case 12, 16, 40, 52, 56, 64, 108, 124:
		return true
	}
	return false
}

// sniffISOBMFF tells HEIC and AVIF stills from video by the ftyp brands.
func sniffISOBMFF(h []byte) string {
	end := min(len(h), 64)
	if len(h) >= 8 {
		// ftyp box size bounds the brand list.
		size := int(h[0])<<24 | int(h[1])<<16 | int(h[2])<<8 | int(h[3])
		if size >= 16 && size < end {
			end = size
		}
	}
	brands := h[8:end]
	major := ""
	if len(brands) >= 4 {
		major = string(brands[:4])
	}
	switch major {
	case "avif", "avis":
		return "AVIF"
	case "heic", "heix", "hevc", "hevx", "heim", "heis":
		return "HEIC"
	}
	if bytes.Contains(brands, []byte("avif")) {
		return "AVIF"
	}
	if major == "mif1" || major == "msf1" || bytes.Contains(brands, []byte("heic")) {
		return "HEIC"
	}
	return "MP4"
}

// sniffZip names an Office or OpenDocument file when its tell-tale entry
// names are within reach, a plain ZIP otherwise.
func sniffZip(h []byte) string {
	switch {
	case bytes.Contains(h, []byte("mimetypeapplication/vnd.oasis.opendocument")):
		return "ODF"
	case bytes.Contains(h, []byte("word/")):
		return "DOCX"
	case bytes.Contains(h, []byte("xl/")):
		return "XLSX"
	case bytes.Contains(h, []byte("ppt/")):
		return "PPTX"
	}
	return "ZIP"
}

// trimTextStart drops a UTF-8 byte order mark and leading white space.
func trimTextStart(h []byte) []byte {
	h = bytes.TrimPrefix(h, []byte("\xef\xbb\xbf"))
	return bytes.TrimLeft(h, " \t\r\n\f")
}

var htmlStarts = [][]byte{
	[]byte("<!doctype html"), []byte("<html"), []byte("<head"), []byte("<body"),
	[]byte("<script"), []byte("<iframe"), []byte("<meta"), []byte("<title"),
	[]byte("<style"), []byte("<div"), []byte("<p>"), []byte("<a "), []byte("<img"),
	[]byte("<table"), []byte("<form"), []byte("<!--"),
}

// looksMarkup reports whether h begins (after BOM and space) like HTML or
// XML; such bytes before a "%PDF-" make the file markup, not a PDF.
func looksMarkup(h []byte) bool {
	return len(trimTextStart(h)) > 0 && trimTextStart(h)[0] == '<'
}

// sniffText names HTML, SVG, XML and plain text.
func sniffText(h []byte) string {
	t := trimTextStart(h)
	lower := bytes.ToLower(t[:min(len(t), 512)])
	for _, p := range htmlStarts {
		if bytes.HasPrefix(lower, p) {
			return "HTML"
		}
	}
	if bytes.HasPrefix(lower, []byte("<svg")) {
		return "SVG"
	}
	if bytes.HasPrefix(lower, []byte("<?xml")) {
		switch {
		case bytes.Contains(lower, []byte("<svg")):
			return "SVG"
		case bytes.Contains(lower, []byte("<html")):
			return "HTML"
		}
		return "XML"
	}
	if bytes.HasPrefix(h, []byte("\xff\xfe")) || bytes.HasPrefix(h, []byte("\xfe\xff")) {
		return "text" // UTF-16 with a byte order mark
	}
	if len(h) > 0 && looksText(h) {
		return "text"
	}
	return ""
}

// looksText reports whether h is UTF-8 without control characters other
// than the usual white space (an incomplete character at the very end is
// allowed: h may be a prefix).
func looksText(h []byte) bool {
	for i := 0; i < len(h); {
		c := h[i]
		if c < utf8.RuneSelf {
			if c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != 0x1b || c == 0x7f {
				return false
			}
			i++
			continue
		}
		r, n := utf8.DecodeRune(h[i:])
		if r == utf8.RuneError && n <= 1 {
			return !utf8.FullRune(h[i:]) // cut off at the end: fine
		}
		i += n
	}
	return true
}
