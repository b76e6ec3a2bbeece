package upload

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"asnpro/internal/apperr"
	"asnpro/internal/i18n"
	"asnpro/internal/testkit"
)

var (
	jpegRule = Rule{Formats: []Format{JPEG}, MaxBytes: 200 << 10}
	pdfRule  = Rule{Formats: []Format{PDF}, MaxBytes: 800 << 10}
	anyRule  = Rule{Formats: []Format{PDF, JPEG}, MaxBytes: 800 << 10}
)

// chunkReader returns at most k bytes per Read, to move chunk boundaries.
type chunkReader struct {
	r io.Reader
	k int
}

func (c chunkReader) Read(p []byte) (int, error) {
	if len(p) > c.k {
		p = p[:c.k]
	}
	return c.r.Read(p)
}

// segmentAt returns the offset of the first segment with marker m in a
// JPEG written by image/jpeg.
func segmentAt(tb testing.TB, j []byte, m byte) int {
	tb.Helper()
	for i := 2; i+4 <= len(j); {
		if j[i] != 0xff {
			tb.Fatalf("no marker at %d", i)
		}
		if j[i+1] == m {
			return i
		}
		i += 2 + int(j[i+2])<<8 | int(j[i+3])
	}
	tb.Fatalf("marker %x not found", m)
	return 0
}

func patched(b []byte, at int, with ...byte) []byte {
	c := bytes.Clone(b)
	copy(c[at:], with)
	return c
}

func TestReceive(t *testing.T) {
	pdf := newPDF(0).bytes()
	pdf300 := newPDF(300 << 10).bytes()
	jpg := testkit.JPEG(t, 64, 48)
	jpgBig := testkit.JPEG(t, 320, 240)
	png := mustPNG(t, 16, 16)
	sof := segmentAt(t, jpg, 0xc0)
	eofAt := bytes.LastIndex(pdf, []byte("%%EOF"))
	sxAt := bytes.LastIndex(pdf, []byte("startxref\n"))
	xrefOff, _ := strconv.Atoi(strings.TrimSpace(string(pdf[sxAt+10 : eofAt])))

	// An incremental update whose startxref points at a cross-reference
	// stream object rather than a classic table.
	xrefStream := func() []byte {
		b := bytes.Clone(pdf)
		off := len(b)
		b = append(
			b,
			"6 0 obj\n<< /Type /XRef /Size 7 /W [1 2 1] /Prev "+strconv.Itoa(
				xrefOff,
			)+" /Root 1 0 R /Length 4 >>\nstream\n\x01\x00\x00\x00\nendstream\nendobj\nstartxref\n"+strconv.Itoa(
				off,
			)+"\n%%EOF\n"...)
		return b
	}()
	// A second scan after a DHT, as in a progressive JPEG.
	twoScans := func() []byte {
		b := bytes.Clone(jpg[:len(jpg)-2])
		b = append(b, 0xff, 0xc4, 0x00, 0x05, 0x10, 0x01, 0x00) // DHT (content not checked)
		b = append(b, 0xff, 0xda, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3f, 0x00)
		b = append(b, 0x12, 0xff, 0x00, 0x34, 0xff, 0xd0, 0x56)
		return append(b, 0xff, 0xd9)
	}()
	docx := func() []byte {
		var b bytes.Buffer
		z := zip.NewWriter(&b)
		for _, n := range []string{"[Content_Types].xml", "word/document.xml"} {
			w, _ := z.Create(n)
			w.Write([]byte("<x/>"))
		}
		z.Close()
		return b.Bytes()
	}()

	tests := []struct {
		name     string
		data     []byte
		rule     Rule
		code     string // "" for accepted
		msg      string // the Indonesian message contains this
		format   Format
		w, h     int
		trailing int64
	}{
		{name: "pdf minimal", data: pdf, rule: pdfRule, format: PDF},
		{name: "pdf 300 KB", data: pdf300, rule: pdfRule, format: PDF},
		{name: "pdf under any", data: pdf, rule: anyRule, format: PDF},
		{name: "pdf junk before header", data: append([]byte("\r\n\x00\x00 junk\n"), pdf...), rule: pdfRule, format: PDF},
		{name: "pdf xref stream", data: xrefStream, rule: pdfRule, format: PDF},
		{name: "pdf 2.0 header", data: patched(pdf, 5, '2', '.', '0'), rule: pdfRule, format: PDF},
		{name: "jpeg", data: jpg, rule: jpegRule, format: JPEG, w: 64, h: 48},
		{name: "jpeg 320x240", data: jpgBig, rule: jpegRule, format: JPEG, w: 320, h: 240},
		{name: "jpeg under any", data: jpg, rule: anyRule, format: JPEG, w: 64, h: 48},
		{name: "jpeg two scans", data: twoScans, rule: jpegRule, format: JPEG, w: 64, h: 48},
		{
			name:     "jpeg trailing bytes tolerated",
			data:     append(bytes.Clone(jpg), "PK\x03\x04trailer"...),
			rule:     jpegRule,
			format:   JPEG,
			w:        64,
			h:        48,
			trailing: 11,
		},
		{
			name:   "jpeg fill bytes before marker",
			data:   append(append(bytes.Clone(jpg[:2]), 0xff), jpg[2:]...),
			rule:   jpegRule,
			format: JPEG,
			w:      64,
			h:      48,
		},

		{name: "png as jpeg", data: png, rule: jpegRule, code: CodeWrongFormat, msg: "Berkas ini PNG, bukan JPEG"},
		{name: "exe as pdf", data: mzHeader(), rule: pdfRule, code: CodeWrongFormat, msg: "Berkas ini program Windows (EXE), bukan PDF"},
		{
			name: "gif as jpeg",
			data: []byte("GIF89a\x01\x00\x01\x00\x00\x00\x00;"),
			rule: jpegRule,
			code: CodeWrongFormat,
			msg:  "Berkas ini GIF, bukan JPEG",
		},
		{
			name: "html as pdf",
			data: []byte("<!DOCTYPE html><html><body>%PDF-1.4</body></html>"),
			rule: pdfRule,
			code: CodeWrongFormat,
			msg:  "Berkas ini halaman web (HTML), bukan PDF",
		},
		{
			name: "text as pdf",
			data: []byte("Surat lamaran saya\n"),
			rule: pdfRule,
			code: CodeWrongFormat,
			msg:  "Berkas ini teks biasa, bukan PDF",
		},
		{name: "docx as pdf", data: docx, rule: pdfRule, code: CodeWrongFormat, msg: "Berkas ini dokumen Word (DOCX), bukan PDF"},
		{
			name: "heic as jpeg",
			data: []byte("\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic...."),
			rule: jpegRule,
			code: CodeWrongFormat,
			msg:  "Berkas ini foto HEIC (format bawaan iPhone), bukan JPEG",
		},
		{name: "jpeg as pdf", data: jpg, rule: pdfRule, code: CodeWrongFormat, msg: "Berkas ini JPEG, bukan PDF"},
		{name: "pdf as jpeg", data: pdf, rule: jpegRule, code: CodeWrongFormat, msg: "Berkas ini PDF, bukan JPEG"},
		{
			name: "unknown binary",
			data: []byte{0x00, 0x01, 0x02, 0x03, 0xfe},
			rule: anyRule,
			code: CodeWrongFormat,
			msg:  "Jenis berkas tidak dikenali; yang diterima hanya PDF atau JPEG",
		},

		{name: "pdf truncated half", data: pdf[:len(pdf)/2], rule: pdfRule, code: CodeDamaged, msg: "Berkas PDF rusak atau terpotong"},
		{name: "pdf truncated 300 KB", data: pdf300[:len(pdf300)-200], rule: pdfRule, code: CodeDamaged, msg: "Berkas PDF rusak atau terpotong"},
		{name: "pdf no %%EOF", data: pdf[:eofAt], rule: pdfRule, code: CodeDamaged, msg: "%%EOF"},
		{name: "pdf header only", data: []byte("%PDF-1.7\n"), rule: pdfRule, code: CodeDamaged, msg: "Berkas PDF rusak atau terpotong"},
		{name: "pdf no startxref", data: append(bytes.Clone(pdf[:sxAt]), "%%EOF\n"...), rule: pdfRule, code: CodeDamaged, msg: "startxref"},
		{
			name: "pdf startxref off target",
			data: append(append(bytes.Clone(pdf[:sxAt]), "startxref\n"+strconv.Itoa(xrefOff+3)+"\n"...), pdf[eofAt:]...),
			rule: pdfRule,
			code: CodeDamaged,
			msg:  "xref",
		},
		{
			name: "pdf startxref past end",
			data: append(append(bytes.Clone(pdf[:sxAt]), "startxref\n99999999\n"...), pdf[eofAt:]...),
			rule: pdfRule,
			code: CodeDamaged,
			msg:  "luar berkas",
		},
		{
			name: "pdf %%EOF too far from end",
			data: append(bytes.Clone(pdf), bytes.Repeat([]byte{' '}, 1100)...),
			rule: pdfRule,
			code: CodeDamaged,
			msg:  "%%EOF",
		},
		{
			name: "jpeg truncated no EOI",
			data: jpg[:len(jpg)-2],
			rule: jpegRule,
			code: CodeDamaged,
			msg:  "Berkas JPEG rusak atau terpotong (tidak ada penanda akhir EOI)",
		},
		{name: "jpeg truncated half", data: jpgBig[:len(jpgBig)/2], rule: jpegRule, code: CodeDamaged, msg: "EOI"},
		{name: "jpeg truncated in header", data: jpg[:40], rule: jpegRule, code: CodeDamaged, msg: "sebelum data gambar"},
		{name: "jpeg SOI only", data: []byte{0xff, 0xd8, 0xff}, rule: jpegRule, code: CodeDamaged},
		{name: "jpeg segment length 1", data: patched(jpg, 4, 0x00, 0x01), rule: jpegRule, code: CodeDamaged, msg: "panjang segmen"},
		{name: "jpeg segment length too long", data: patched(jpg, 4, 0x00, 0x15), rule: jpegRule, code: CodeDamaged, msg: "panjang segmen"},
		{name: "jpeg segment length past end", data: patched(jpg, 4, 0xff, 0xf0), rule: jpegRule, code: CodeDamaged},
		{name: "jpeg width 0", data: patched(jpg, sof+7, 0x00, 0x00), rule: jpegRule, code: CodeDamaged, msg: "ukuran gambar 0×48"},
		{name: "jpeg width 30000", data: patched(jpg, sof+7, 0x75, 0x30), rule: jpegRule, code: CodeDamaged, msg: "30000×48"},
		{name: "jpeg EOI before scan", data: []byte{0xff, 0xd8, 0xff, 0xd9}, rule: jpegRule, code: CodeDamaged, msg: "tidak ada data gambar"},
		{
			name: "jpeg SOS without SOF",
			data: []byte{0xff, 0xd8, 0xff, 0xda, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3f, 0x00, 0x12, 0xff, 0xd9},
			rule: jpegRule,
			code: CodeDamaged,
			msg:  "SOF",
		},

		{name: "empty", data: nil, rule: anyRule, code: CodeEmpty, msg: "Berkas kosong"},
		{
			name: "over by one byte",
			data: jpg,
			rule: Rule{Formats: []Format{JPEG}, MaxBytes: int64(len(jpg) - 1)},
			code: CodeTooLarge,
			msg:  "Berkas melebihi batas " + strconv.Itoa(len(jpg)-1) + " byte",
		},
		{name: "exactly at the limit", data: jpg, rule: Rule{Formats: []Format{JPEG}, MaxBytes: int64(len(jpg))}, format: JPEG, w: 64, h: 48},
		{name: "jpeg 200 KB exactly", data: jpegWithComment(jpg, 200<<10), rule: jpegRule, format: JPEG, w: 64, h: 48},
		{
			name: "jpeg 200 KB + 1",
			data: jpegWithComment(jpg, 200<<10+1),
			rule: jpegRule,
			code: CodeTooLarge,
			msg:  "Berkas melebihi batas 200 KB",
		},
		{name: "pdf 800 KB exactly", data: newPDF(800 << 10).bytes(), rule: pdfRule, format: PDF},
		{name: "pdf 800 KB + 1", data: newPDF(800<<10 + 1).bytes(), rule: pdfRule, code: CodeTooLarge, msg: "Berkas melebihi batas 800 KB"},
	}
	readers := []struct {
		name string
		wrap func(io.Reader) io.Reader
		max  int // skip data larger than this (0: no limit)
	}{
		{"whole", func(r io.Reader) io.Reader { return r }, 0},
		{"one-byte", iotest.OneByteReader, 8 << 10},
		{"7-byte", func(r io.Reader) io.Reader { return chunkReader{r, 7} }, 64 << 10},
		{"4093-byte", func(r io.Reader) io.Reader { return chunkReader{r, 4093} }, 0},
		{"data+EOF", iotest.DataErrReader, 0},
	}
	for _, tc := range tests {
		for _, rd := range readers {
			for _, spool := range []string{"memory", "file"} {
				if rd.max > 0 && len(tc.data) > rd.max {
					continue
				}
				t.Run(tc.name+"/"+rd.name+"/"+spool, func(t *testing.T) {
					if spool == "file" {
						old := MemoryBudget
						MemoryBudget = 0 // nothing fits: spooled to a file
						defer func() { MemoryBudget = old }()
					}
					defer func() {
						if n := memUsed.Load(); n != 0 {
							t.Errorf("%d bytes of the memory budget still reserved", n)
						}
					}()
					dir := t.TempDir()
					f, err := Receive(context.Background(), rd.wrap(bytes.NewReader(tc.data)), tc.rule, dir)
					if tc.code != "" {
						if f != nil {
							f.Close()
						}
						ue, ok := asError(err)
						if !ok {
							t.Fatalf("err = %v (%T), want *Error %s", err, err, tc.code)
						}
						if ue.Code() != tc.code {
							t.Fatalf("code = %s (%q), want %s", ue.Code(), ue.Error(), tc.code)
						}
						if !strings.Contains(ue.Error(), tc.msg) {
							t.Errorf("message %q does not contain %q", ue.Error(), tc.msg)
						}
						if ue.Message("en") == "" || ue.Message("en") == ue.Message("id") {
							t.Errorf("English message %q", ue.Message("en"))
						}
						assertDirEmpty(t, dir)
						return
					}
					if err != nil {
						t.Fatalf("Receive: %v", err)
					}
					defer f.Close()
					sum := sha256.Sum256(tc.data)
					if f.Size != int64(len(tc.data)) || f.SHA256 != hex.EncodeToString(sum[:]) || f.Format != tc.format ||
						f.ContentType != tc.format.ContentType() || f.Width != tc.w || f.Height != tc.h || f.Trailing != tc.trailing {
						t.Errorf("file = %+v", f)
					}
					if f.InMemory() != (spool == "memory") || (f.Path == "") != f.InMemory() {
						t.Errorf("spool %s: in memory %v, path %q", spool, f.InMemory(), f.Path)
					}
					got, err := f.Bytes()
					if err != nil || !bytes.Equal(got, tc.data) {
						t.Errorf("spooled content differs (%v)", err)
					}
					if err := f.Close(); err != nil {
						t.Fatal(err)
					}
					if err := f.Remove(); err != nil {
						t.Errorf("second Remove: %v", err)
					}
					assertDirEmpty(t, dir)
				})
			}
		}
	}
}

// TestReceiveStopsAtLimit: an oversize body is not drained.
func TestReceiveStopsAtLimit(t *testing.T) {
	jpg := testkit.JPEG(t, 64, 48)
	pdf := newPDF(0)
	endless := func(prefix []byte, fill byte) io.Reader {
		return io.MultiReader(bytes.NewReader(prefix), &repeatReader{b: fill})
	}
	for _, tc := range []struct {
		name string
		src  io.Reader
		rule Rule
	}{
		{"jpeg endless scan", endless(jpg[:len(jpg)-2], 0x00), jpegRule},
		{"pdf endless stream", endless(pdf.prefix, ' '), pdfRule},
		{"pdf 10 MB", newPDF(10 << 20).reader(), pdfRule},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := &countingReader{r: tc.src}
			dir := t.TempDir()
			_, err := Receive(context.Background(), c, tc.rule, dir)
			if !errors.Is(err, ErrTooLarge) {
				t.Fatalf("err = %v, want too_large", err)
			}
			if c.n > tc.rule.MaxBytes+1 {
				t.Errorf("read %d bytes, limit %d: the source was drained past limit+1", c.n, tc.rule.MaxBytes)
			}
			if apperr.CodeOf(err) != apperr.TooLarge {
				t.Errorf("apperr code = %s", apperr.CodeOf(err))
			}
			assertDirEmpty(t, dir)
		})
	}
}

// TestReceiveStopsEarly: a foreign file is refused after the head, a broken
// JPEG at the break.
func TestReceiveStopsEarly(t *testing.T) {
	png := mustPNG(t, 8, 8)
	jpg := testkit.JPEG(t, 64, 48)
	for _, tc := range []struct {
		name string
		src  io.Reader
		code string
		max  int64
	}{
		{"png", io.MultiReader(bytes.NewReader(png), &repeatReader{b: 0}), CodeWrongFormat, headSize},
		{"exe", io.MultiReader(bytes.NewReader(mzHeader()), &repeatReader{b: 0x90}), CodeWrongFormat, headSize},
		{"jpeg bogus length", io.MultiReader(bytes.NewReader(patched(jpg, 4, 0x00, 0x01)), &repeatReader{b: 0}), CodeDamaged, headSize},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := &countingReader{r: chunkReader{tc.src, 1000}}
			_, err := Receive(context.Background(), c, jpegRule, t.TempDir())
			if ue, ok := asError(err); !ok || ue.Code() != tc.code {
				t.Fatalf("err = %v, want %s", err, tc.code)
			}
			if c.n > tc.max+1000 { // the source hands out 1000 bytes a read
				t.Errorf("read %d bytes, want at most %d", c.n, tc.max+1000)
			}
		})
	}
}

type repeatReader struct{ b byte }

func (r *repeatReader) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = r.b
	}
	return len(p), nil
}

// cancelAfter cancels a context after the first Read.
type cancelAfter struct {
	r      io.Reader
	cancel func()
}

func (c *cancelAfter) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.cancel()
	return n, err
}

func TestReceiveIncomplete(t *testing.T) {
	pdf := newPDF(100 << 10).bytes()
	t.Run("cancelled before", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		dir := t.TempDir()
		_, err := Receive(ctx, bytes.NewReader(pdf), pdfRule, dir)
		if !errors.Is(err, ErrIncomplete) || !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v", err)
		}
		assertDirEmpty(t, dir)
	})
	t.Run("cancelled during", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		dir := t.TempDir()
		c := &countingReader{r: &cancelAfter{r: bytes.NewReader(pdf), cancel: cancel}}
		_, err := Receive(ctx, c, pdfRule, dir)
		if !errors.Is(err, ErrIncomplete) || !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v", err)
		}
		if c.n > chunkSize {
			t.Errorf("read %d bytes after cancellation", c.n)
		}
		assertDirEmpty(t, dir)
	})
	t.Run("reader fails", func(t *testing.T) {
		boom := errors.New("connection reset")
		dir := t.TempDir()
		_, err := Receive(context.Background(), &errAfter{r: bytes.NewReader(pdf[:5000]), err: boom}, pdfRule, dir)
		if !errors.Is(err, ErrIncomplete) || !errors.Is(err, boom) || apperr.CodeOf(err) != apperr.Malformed {
			t.Fatalf("err = %v", err)
		}
		assertDirEmpty(t, dir)
	})
	t.Run("reader makes no progress", func(t *testing.T) {
		_, err := Receive(context.Background(), zeroReader{}, pdfRule, t.TempDir())
		if !errors.Is(err, io.ErrNoProgress) {
			t.Fatalf("err = %v", err)
		}
	})
}

type zeroReader struct{}

func (zeroReader) Read([]byte) (int, error) { return 0, nil }

func TestReceiveBadRule(t *testing.T) {
	for _, r := range []Rule{{}, {Formats: []Format{PDF}}, {Formats: []Format{"gif"}, MaxBytes: 10}} {
		if _, err := Receive(context.Background(), strings.NewReader("x"), r, t.TempDir()); err == nil {
			t.Errorf("rule %+v accepted", r)
		} else if _, ok := asError(err); ok {
			t.Errorf("rule %+v: a configuration error must not look like a rejection: %v", r, err)
		}
	}
}

func TestErrorMapping(t *testing.T) {
	for _, tc := range []struct {
		err      *Error
		sentinel error
		app      apperr.Code
	}{
		{errTooLarge(200 << 10), ErrTooLarge, apperr.TooLarge},
		{errWrongFormat("PNG", []Format{JPEG}), ErrWrongFormat, apperr.UnsupportedMediaType},
		{errDamaged(PDF, damage{}), ErrDamaged, apperr.Invalid},
		{errEmpty(), ErrEmpty, apperr.Invalid},
		{errIncomplete(io.ErrUnexpectedEOF), ErrIncomplete, apperr.Malformed},
	} {
		var err error = tc.err
		if !errors.Is(err, tc.sentinel) {
			t.Errorf("%s: errors.Is(sentinel) false", tc.err.Code())
		}
		for _, other := range []error{ErrTooLarge, ErrWrongFormat, ErrDamaged, ErrEmpty, ErrIncomplete} {
			if other != tc.sentinel && errors.Is(err, other) {
				t.Errorf("%s matches %s", tc.err.Code(), other.(*Error).Code())
			}
		}
		ae := apperr.As(err)
		if ae.Code != tc.app || ae.Localized("id") != tc.err.Message("id") || ae.Localized("en") != tc.err.Message("en") {
			t.Errorf("%s: apperr = %+v", tc.err.Code(), ae)
		}
	}
	if got := errTooLarge(200 << 10).Message("en"); got != "The file exceeds the 200 KB limit" {
		t.Errorf("en = %q", got)
	}
	if got := errWrongFormat("EXE", []Format{PDF}).Message("en"); got != "This file is a Windows program (EXE), not PDF" {
		t.Errorf("en = %q", got)
	}
	if got := errDamaged(PDF, damage{}).Error(); got != "Berkas PDF rusak atau terpotong" {
		t.Errorf("id = %q", got)
	}
	if err := pdfRule.CheckSize(800<<10 + 1); !errors.Is(err, ErrTooLarge) {
		t.Errorf("CheckSize over: %v", err)
	}
	if err := pdfRule.CheckSize(800 << 10); err != nil {
		t.Errorf("CheckSize at: %v", err)
	}
}

func TestSniff(t *testing.T) {
	var zipBuf bytes.Buffer
	z := zip.NewWriter(&zipBuf)
	w, _ := z.Create("foto.txt")
	w.Write([]byte("x"))
	z.Close()
	xlsx := func() []byte {
		var b bytes.Buffer
		z := zip.NewWriter(&b)
		w, _ := z.Create("xl/workbook.xml")
		w.Write([]byte("<x/>"))
		z.Close()
		return b.Bytes()
	}()
	for _, tc := range []struct {
		head []byte
		want string
	}{
		{newPDF(0).bytes(), "PDF"},
		{[]byte("\xef\xbb\xbf%PDF-1.5\n"), "PDF"},
		{[]byte("%PDF-"), "PDF"},
		{[]byte("%PDF-x"), "text"},
		{append(bytes.Repeat([]byte{' '}, 1100), "%PDF-1.4"...), "text"},
		{testkit.JPEG(t, 8, 8), "JPEG"},
		{mustPNG(t, 8, 8), "PNG"},
		{[]byte("GIF87a...."), "GIF"},
		{[]byte("RIFF\x24\x00\x00\x00WEBPVP8 "), "WebP"},
		{[]byte("RIFF\x24\x00\x00\x00WAVEfmt "), ""},
		{[]byte("\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic"), "HEIC"},
		{[]byte("\x00\x00\x00\x1cftypavif\x00\x00\x00\x00avifmif1miaf"), "AVIF"},
		{[]byte("\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00isommp42"), "MP4"},
		{[]byte("II*\x00\x08\x00"), "TIFF"},
		{append([]byte("BM\x00\x00\x00\x00\x00\x00\x00\x00\x36\x00\x00\x00"), 40, 0, 0, 0), "BMP"},
		{[]byte("BMW Indonesia"), "text"},
		{zipBuf.Bytes(), "ZIP"},
		{xlsx, "XLSX"},
		{[]byte("PK\x03\x04\x14\x00\x00\x00mimetypeapplication/vnd.oasis.opendocument.text"), "ODF"},
		{[]byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00"), "DOC"},
		{[]byte(`{\rtf1\ansi`), "RTF"},
		{mzHeader(), "EXE"},
		{[]byte("MZ\x90\x00"), "EXE"},
		{[]byte("MZ Oktaviani, S.Kom."), "text"},
		{[]byte("\x7fELF\x02\x01\x01"), "ELF"},
		{[]byte("Rar!\x1a\x07\x01\x00"), "RAR"},
		{[]byte("7z\xbc\xaf\x27\x1c\x00\x04"), "7Z"},
		{[]byte("\x1f\x8b\x08\x00"), "GZIP"},
		{[]byte("%!PS-Adobe-3.0\n"), "PostScript"},
		{[]byte("\n  <!doctype HTML><html>"), "HTML"},
		{[]byte("<script>alert(1)</script>"), "HTML"},
		{[]byte("<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\"/>"), "SVG"},
		{[]byte("<?xml version=\"1.0\"?><note/>"), "XML"},
		{[]byte("Nama: Siti Nurhaliza Ä/é\n"), "text"},
		{[]byte("\xff\xfeH\x00a\x00"), "text"},
		{[]byte("<html>\n%PDF-1.4\n"), "HTML"},
		{[]byte{0x00, 0x01, 0x02}, ""},
		{nil, ""},
	} {
		if got := Sniff(tc.head); got != tc.want {
			t.Errorf("Sniff(%q) = %q, want %q", tc.head[:min(len(tc.head), 24)], got, tc.want)
		}
	}
	for _, k := range kinds {
		if k.name == "" || !i18n.Has(k.key) {
			t.Errorf("kind %+v incomplete", k)
		}
	}
}

func TestSafeName(t *testing.T) {
	long := strings.Repeat("a", 300) + ".pdf"
	for _, tc := range []struct{ in, want string }{
		{"ijazah.pdf", "ijazah.pdf"},
		{"../../etc/passwd", "passwd"},
		{`C:\Users\Siti\Documents\Ijazah S1.pdf`, "Ijazah S1.pdf"},
		{"..", "berkas"},
		{"", "berkas"},
		{"...hidden", "hidden"},
		{"foto\x00\x1b[31m.jpg", "foto[31m.jpg"},
		{"invoice\u202Egpj.exe", "invoicegpj.exe"},
		{"a\tb\n  c.pdf", "a b c.pdf"},
		{"Siti Nurhaliza Ä é.pdf", "Siti Nurhaliza Ä é.pdf"},
		{"bad\xffutf8.pdf", "bad\uFFFDutf8.pdf"},
		{`a<b>:"c"|?*.pdf`, "abc.pdf"},
		{long, strings.Repeat("a", 96) + ".pdf"},
	} {
		if got := SafeName(tc.in); got != tc.want {
			t.Errorf("SafeName(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestReceiveSizeHint: a declared size reserves only that much of the
// memory budget; more bytes than declared are refused, not buffered.
func TestReceiveSizeHint(t *testing.T) {
	doc := newPDF(50 << 10).bytes()
	f, err := Receive(context.Background(), Sized(bytes.NewReader(doc), int64(len(doc))), pdfRule, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if !f.InMemory() || f.reserved != int64(len(doc)) || memUsed.Load() != int64(len(doc)) {
		t.Fatalf("in memory %v, reserved %d, budget used %d; want the declared %d", f.InMemory(), f.reserved, memUsed.Load(), len(doc))
	}
	f.Remove()
	if memUsed.Load() != 0 {
		t.Fatalf("budget still used: %d", memUsed.Load())
	}
	_, err = Receive(context.Background(), Sized(bytes.NewReader(doc), 10<<10), pdfRule, t.TempDir())
	if ue, ok := asError(err); !ok || ue.Code() != CodeIncomplete {
		t.Fatalf("more than declared: %v", err)
	}
	if memUsed.Load() != 0 {
		t.Fatalf("budget still used after a refusal: %d", memUsed.Load())
	}
}

// An upload that is opened but sends nothing holds no spool file; the file
// appears once the first bytes arrive.
func TestReceiveSpoolsAfterFirstBytes(t *testing.T) {
	old := MemoryBudget
	MemoryBudget = 0 // nothing fits in memory: spooled to a file
	defer func() { MemoryBudget = old }()
	dir := t.TempDir()
	doc := newPDF(64 << 10)
	pr, pw := io.Pipe()
	type result struct {
		f   *File
		err error
	}
	done := make(chan result, 1)
	go func() {
		f, err := Receive(context.Background(), pr, Rule{Formats: []Format{PDF}, MaxBytes: 1 << 20}, dir)
		done <- result{f, err}
	}()
	time.Sleep(100 * time.Millisecond)
	assertDirEmpty(t, dir) // waiting for the first byte: no file yet
	if _, err := pw.Write(doc.bytes()); err != nil {
		t.Fatal(err)
	}
	pw.Close()
	res := <-done
	if res.err != nil {
		t.Fatalf("Receive: %v", res.err)
	}
	defer res.f.Remove()
	if res.f.Path == "" || filepath.Dir(res.f.Path) != dir || res.f.Size != doc.len() {
		t.Fatalf("spooled %q (%d bytes), want a file in %s of %d bytes", res.f.Path, res.f.Size, dir, doc.len())
	}
	// A body that ends before its first byte is empty and leaves nothing.
	pr, pw = io.Pipe()
	go func() { time.Sleep(50 * time.Millisecond); pw.Close() }()
	if _, err := Receive(context.Background(), pr, Rule{Formats: []Format{PDF}, MaxBytes: 1 << 20}, dir); err == nil {
		t.Fatal("an empty body was accepted")
	} else if !errors.Is(err, ErrEmpty) {
		t.Fatalf("empty body: %v, want code empty", err)
	}
}
