// Package report writes the PDF and XLSX documents the domains publish
// (announcements, result lists, registration cards, exports) and reads the
// CSV/XLSX tables they import (SSCASN applicant exports, CAT BKN scores).
//
// PDF ([NewPDF]): A4 (portrait unless PDFOptions.Landscape), built with
// codeberg.org/go-pdf/fpdf and the Go fonts (Go Regular, Go Bold, Go Mono
// from golang.org/x/image/font/gofont) embedded as UTF-8 TrueType subsets,
// so names such as "Siti Nurhaliza Ä/é" print as written. The Go fonts cover
// Latin with its diacritics, Greek and Cyrillic; any other character (CJK,
// emoji, invalid UTF-8) prints as '?', and control characters are dropped,
// so no input can make the writer panic. Every page has a footer with
// PDFOptions.Footer on the left and "Halaman N dari M" on the right. Tables
// ([PDF.BeginTable]) are written row by row, repeat their header on every
// page, stripe and wrap their cells. No QR codes: a QR encoder is not in
// the standard library nor in the modules this package may use (DESIGN
// names maroto for cards with QR codes); printing a hash with [PDF.Hash]
// is what verification relies on. fpdf builds the whole document in memory
// before writing it: about 0.55 KB per six-column table row (50,000 rows:
// 27 MB live, 71 MB peak heap, 1.1 s; see BenchmarkPDFTable50k), so
// PDFOptions.MaxPages (default 2,500) bounds a document.
//
// XLSX ([NewXLSX]): one sheet written through excelize's StreamWriter, so
// memory stays bounded for 50,000+ rows.
//
// Import ([ReadTable]): CSV or XLSX told apart by content, with limits on
// input size, uncompressed size (zip bombs), rows, columns and line length;
// see [ReadLimits]. A file is stored whole or not at all: [Problems] is the
// row report of a refused one (each problem on its line and column, the
// first [MaxShownProblems] named, all counted), [ProblemsOf] reads it back.
package report
