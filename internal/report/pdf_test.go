package report

import (
	"bytes"
	"fmt"
	"io"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"asnpro/internal/testkit"
)

var pageObj = regexp.MustCompile(`/Type /Page\b[^s]`)

// render writes d, uncompressed when plain (so tests can search the content
// streams), and checks the envelope.
func render(tb testing.TB, d *PDF, plain bool) []byte {
	tb.Helper()
	if plain {
		d.f.SetCompression(false)
	}
	var b bytes.Buffer
	n, err := d.WriteTo(&b)
	if err != nil {
		tb.Fatalf("WriteTo: %v", err)
	}
	if n != int64(b.Len()) {
		tb.Errorf("WriteTo returned %d for %d bytes", n, b.Len())
	}
	out := b.Bytes()
	if !bytes.HasPrefix(out, []byte("%PDF-1.")) || !bytes.Contains(out[len(out)-64:], []byte("%%EOF")) {
		tb.Fatalf("not a PDF: %q … %q", out[:min(16, len(out))], out[max(0, len(out)-16):])
	}
	if got := len(pageObj.FindAll(out, -1)); got != d.PageCount() {
		tb.Errorf("%d page objects, PageCount %d", got, d.PageCount())
	}
	return out
}

// utf16Text is how fpdf writes s in a content stream with a UTF-8 font.
func utf16Text(s string) []byte {
	var b []byte
	for _, r := range s {
		u := []byte{byte(r >> 8), byte(r)}
		for _, c := range u {
			switch c {
			case '(', ')', '\\':
				b = append(b, '\\', c)
			case '\r':
				b = append(b, '\\', 'r')
			default:
				b = append(b, c)
			}
		}
	}
	return b
}

func TestPDFDocument(t *testing.T) {
	d := NewPDF(PDFOptions{Title: "Kartu Pendaftaran", Subject: "Seleksi CPNS 2026", Author: "BKPSDM Kota Palangka Raya",
		Header: "Pemerintah Kota Palangka Raya", Footer: "Dicetak 28-11-2026 10:00 WIB", Created: time.Date(2026, 11, 28, 3, 0, 0, 0, time.UTC)})
	photo := testkit.JPEG(t, 60, 80)
	d.Heading("Kartu Pendaftaran Seleksi")
	d.KeyValuesBeside(photo, 30, [][2]string{
		{"Nama", "Siti Nurhaliza Ä/é"},
		{"NIK", "6271034506980001"},
		{
			"Formasi",
			"Analis Sumber Daya Manusia Aparatur — Badan Kepegawaian dan Pengembangan Sumber Daya Manusia, dengan nama yang " +
				"sangat panjang sehingga harus dibungkus",
		},
	})
	d.Paragraph("Peserta wajib membawa kartu ini dan KTP asli.\nBaris kedua: Ñandú, Łódź, Ørsted, Çelik, Œuvre, ß, Ё, Ω.")
	d.Image(photo, 25, 0)
	d.ImageAt(photo, 170, 270, 0, 12)
	d.KeyValues([][2]string{{"Nomor pendaftaran", "PKY-2026-000123"}})
	d.Hash("SHA-256 daftar hasil (CSV kanonik)", strings.Repeat("0123456789abcdef", 4))
	d.Table([]string{"No", "Nama", "Nilai"}, []float64{12, 0, 25}, [][]string{{"1", "Ägnes Ülker", "83,5"}, {"2", "José Émile", "79"}})
	// Characters outside the fonts and broken input must not panic.
	d.Paragraph("emoji 😀, 中文, bidi \u202e, NUL \x00, bad \xff\xfe UTF-8, tab\there, U+FFFF \uffff")
	out := render(t, d, true)
	for _, want := range [][]byte{
		[]byte("/FontFile2"),
		utf16Text("Siti Nurhaliza Ä/é"),
		utf16Text("Halaman 1 dari 1"),
		utf16Text("Pemerintah Kota Palangka Raya"),
		utf16Text(strings.Repeat("0123456789abcdef", 4)),
		utf16Text("emoji ?, ??, bidi , NUL , bad ?? UTF-8, tab here, U+FFFF ?"),
		[]byte("/Subtype /Image"),
		[]byte("/Title (\xfe\xff"),
		[]byte("/MediaBox [0 0 595.28 841.89]"),
	} {
		if !bytes.Contains(out, want) {
			t.Errorf("output lacks %q", want)
		}
	}
	if n := bytes.Count(out, []byte("/Subtype /Image")); n != 1 {
		t.Errorf("photo embedded %d times, want once", n)
	}
	if n := bytes.Count(out, []byte("/FontFile2")); n != 3 {
		t.Errorf("%d embedded fonts, want 3 (regular, bold, mono)", n)
	}
	if _, err := d.WriteTo(io.Discard); err == nil {
		t.Error("second WriteTo accepted")
	}
}

func TestPDFTablePages(t *testing.T) {
	for _, n := range []int{0, 1, 43, 44, 1000} {
		t.Run(strconv.Itoa(n), func(t *testing.T) {
			d := NewPDF(PDFOptions{Footer: "uji"})
			tb := d.BeginTable([]string{"No", "Nama peserta", "Nilai"}, []float64{15, 0, 30}).Align("R", "L", "R")
			for i := range n {
				tb.Row(strconv.Itoa(i+1), fmt.Sprintf("Peserta %05d", i+1), "80")
			}
			tb.End()
			out := render(t, d, true)
			// 6 mm rows under a 6 mm header in 264 mm: 43 rows a page.
			want := max(1, (n+42)/43)
			if d.PageCount() != want {
				t.Errorf("%d rows: %d pages, want %d", n, d.PageCount(), want)
			}
			if got := bytes.Count(out, utf16Text("Nama peserta")); got != d.PageCount() {
				t.Errorf("header printed %d times on %d pages", got, d.PageCount())
			}
			last := strconv.Itoa(d.PageCount())
			if !bytes.Contains(out, utf16Text("Halaman "+last+" dari "+last)) {
				t.Errorf("no footer \"Halaman %s dari %s\"", last, last)
			}
			if n > 0 && !bytes.Contains(out, utf16Text(fmt.Sprintf("Peserta %05d", n))) {
				t.Error("last row missing")
			}
		})
	}
}

func TestPDFTableWrapAndOverflow(t *testing.T) {
	d := NewPDF(PDFOptions{Landscape: true})
	long := strings.Repeat("kata panjang ", 2000) // taller than a page
	d.Table([]string{"A", "B"}, nil, [][]string{{"pendek", long}, {"x"}, {"baris\nbaru", "y"}})
	out := render(t, d, true)
	if !bytes.Contains(out, []byte("/MediaBox [0 0 841.89 595.28]")) {
		t.Error("not landscape")
	}
	if !bytes.Contains(out, utf16Text("…")) {
		t.Error("overflowing cell not cut with …")
	}
	if d.PageCount() > 3 {
		t.Errorf("%d pages for three rows", d.PageCount())
	}
}

func TestPDFErrors(t *testing.T) {
	for name, build := range map[string]func(*PDF){
		"widths":      func(d *PDF) { d.BeginTable([]string{"a", "b"}, []float64{10}) },
		"no columns":  func(d *PDF) { d.BeginTable(nil, nil) },
		"extra cells": func(d *PDF) { d.BeginTable([]string{"a"}, nil).Row("1", "2") },
		"after end":   func(d *PDF) { tb := d.BeginTable([]string{"a"}, nil); tb.End(); tb.Row("1") },
		"bad image":   func(d *PDF) { d.Image([]byte("not a jpeg"), 20, 20) },
	} {
		t.Run(name, func(t *testing.T) {
			d := NewPDF(PDFOptions{})
			build(d)
			d.Paragraph("after the error: ignored")
			if _, err := d.WriteTo(io.Discard); err == nil {
				t.Error("no error")
			}
		})
	}
}

func TestPDFMaxPages(t *testing.T) {
	d := NewPDF(PDFOptions{MaxPages: 2})
	tb := d.BeginTable([]string{"No"}, nil)
	for i := range 200 {
		tb.Row(strconv.Itoa(i))
	}
	tb.End()
	d.Paragraph(strings.Repeat("teks panjang ", 5000)) // fpdf's own page breaks
	if _, err := d.WriteTo(io.Discard); err == nil || !strings.Contains(err.Error(), "more than 2 pages") {
		t.Errorf("err = %v", err)
	}
	if d.PageCount() > 2 {
		t.Errorf("%d pages", d.PageCount())
	}
	d = NewPDF(PDFOptions{MaxPages: 2})
	d.Paragraph(strings.Repeat("teks panjang ", 5000))
	if _, err := d.WriteTo(io.Discard); err == nil {
		t.Error("a paragraph past MaxPages accepted")
	}
}

func TestCleanText(t *testing.T) {
	for in, want := range map[string]string{
		"Siti Nurhaliza Ä/é": "Siti Nurhaliza Ä/é",
		"a\tb\r\nc":          "a b \nc",
		"\xff":               "?",
		"😀中":                 "??",
		"soft\u00adhyphen":   "softhyphen",
	} {
		if got := cleanText(in, true); got != want {
			t.Errorf("cleanText(%q) = %q, want %q", in, got, want)
		}
	}
}

// BenchmarkPDFTable50k: a 50,000-row result list (six columns, names with
// diacritics). Reports pages, output size and the peak heap in use.
func BenchmarkPDFTable50k(b *testing.B) {
	const n = 50_000
	names := []string{"Siti Nurhaliza", "Ägnes Ülker", "José Émile", "Dwi Prasetyo", "Ni Luh Putu Ayu Ṡaraswati"}
	b.ReportAllocs()
	for b.Loop() {
		peak := heapPeak()
		d := NewPDF(PDFOptions{Title: "Hasil Seleksi", Footer: "Hasil akhir — Periode 2026"})
		tb := d.BeginTable([]string{"No", "No. Peserta", "Nama", "Formasi", "Nilai", "Ket."}, []float64{14, 38, 0, 45, 16, 16}).
			Align("R", "L", "L", "L", "R", "C")
		for i := range n {
			tb.Row(
				strconv.Itoa(i+1),
				fmt.Sprintf("62710%011d", i),
				names[i%len(names)],
				"Analis SDM Aparatur",
				fmt.Sprintf("%d,%03d", 60+i%40, i%1000),
				"P/L",
			)
		}
		tb.End()
		b.StopTimer()
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		b.ReportMetric(float64(m.HeapAlloc)/(1<<20), "live-MB-before-write")
		b.StartTimer()
		cw := &countWriter{w: io.Discard}
		if _, err := d.WriteTo(cw); err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(d.PageCount()), "pages")
		b.ReportMetric(float64(cw.n)/(1<<20), "out-MB")
		b.ReportMetric(peak(), "peak-heap-MB")
	}
}

// heapPeak samples HeapInuse every 5 ms until the returned function is
// called, which returns the peak growth in MB.
func heapPeak() func() float64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	base, peak := m.HeapInuse, m.HeapInuse
	stop, done := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		var m runtime.MemStats
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		for {
			runtime.ReadMemStats(&m)
			peak = max(peak, m.HeapInuse)
			select {
			case <-stop:
				return
			case <-t.C:
			}
		}
	}()
	return func() float64 {
		close(stop)
		<-done
		return float64(peak-base) / (1 << 20)
	}
}
