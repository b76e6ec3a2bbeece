package report

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"math"
	"strconv"
	"time"

	"codeberg.org/go-pdf/fpdf"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/gomono"
	"golang.org/x/image/font/gofont/goregular"
)

// PDFOptions describe a PDF document.
type PDFOptions struct {
	Title   string // document information (also shown by viewers)
	Subject string
	Author  string // e.g. "BKPSDM Kota Palangka Raya"
	// Header, when set, is printed small at the top of every page.
	Header string
	// Footer, when set, is printed at the bottom left of every page; the
	// bottom right always says "Halaman N dari M".
	Footer    string
	Landscape bool // A4 portrait unless set
	// Created is the creation date in the document information; the zero
	// value means now. Fix it for byte-identical output.
	Created time.Time
	// MaxPages bounds the document (default 2,500 pages, about 107,000
	// table rows): fpdf holds every page in memory until WriteTo, about
	// 0.7 KB per six-column row, so the bound is a bound on memory. Past it
	// the document fails with an error.
	MaxPages int
}

// DefaultMaxPages is the page bound when PDFOptions.MaxPages is 0.
const DefaultMaxPages = 2500

// Layout, in millimetres and points.
const (
	marginMM     = 15.0
	bottomMM     = 18.0 // auto page break above the footer
	bodyPt       = 10.0
	tablePt      = 9.0
	tableLineMM  = 4.4
	tablePadMM   = 0.8
	headingPt    = 14.0
	smallPt      = 8.0
	keyWidthFrac = 0.32
)

// PDF is a document being written. Methods record the first error and do
// nothing after it; WriteTo (or Err) reports it. A PDF is not safe for
// concurrent use, and WriteTo may be called once.
type PDF struct {
	f   *fpdf.Fpdf
	opt PDFOptions
	err error
	// usable width and the y below which nothing may be drawn
	width, limit float64
	images       map[string]bool
	written      bool
	font         string // family+style+size selected through setFont
}

// NewPDF starts an A4 document (portrait unless opt.Landscape) with the Go
// fonts embedded as UTF-8 TrueType subsets, so every Latin name with its
// diacritics prints as written.
func NewPDF(opt PDFOptions) *PDF {
	orient := "P"
	if opt.Landscape {
		orient = "L"
	}
	f := fpdf.New(orient, "mm", "A4", "")
	d := &PDF{f: f, opt: opt, images: map[string]bool{}}
	f.SetCatalogSort(true) // deterministic object order
	f.AliasNbPages("{nb}") // before the fonts: fpdf keeps digits for it
	// Each document gets its own copy of the font bytes: fpdf writes into
	// the bytes it is given while it subsets a font, and the gofont slices
	// are shared by every document of the process.
	f.AddUTF8FontFromBytes(famSans, "", bytes.Clone(goregular.TTF))
	f.AddUTF8FontFromBytes(famSans, "B", bytes.Clone(gobold.TTF))
	f.AddUTF8FontFromBytes(famMono, "", bytes.Clone(gomono.TTF))
	f.SetMargins(marginMM, marginMM, marginMM)
	f.SetAutoPageBreak(true, bottomMM)
	created := opt.Created
	if created.IsZero() {
		created = time.Now()
	}
	f.SetCreationDate(created)
	f.SetModificationDate(created)
	f.SetTitle(cleanText(opt.Title, false), true)
	f.SetSubject(cleanText(opt.Subject, false), true)
	f.SetAuthor(cleanText(opt.Author, false), true)
	f.SetCreator("asnpro", true)
	f.SetProducer("asnpro (fpdf)", true)
	header := cleanText(opt.Header, false)
	footer := cleanText(opt.Footer, false)
	f.SetHeaderFuncMode(func() {
		if header == "" {
			return
		}
		f.SetFont(famSans, "", smallPt)
		f.SetTextColor(90, 90, 90)
		f.SetDrawColor(160, 160, 160)
		f.CellFormat(0, 5, header, "B", 1, "L", false, 0, "")
		f.Ln(3)
	}, false)
	f.SetFooterFunc(func() {
		f.SetY(-bottomMM + 4)
		f.SetFont(famSans, "", smallPt)
		f.SetTextColor(90, 90, 90)
		f.SetDrawColor(160, 160, 160)
		f.CellFormat(0, 5, footer, "T", 0, "L", false, 0, "")
		f.SetX(marginMM)
		f.CellFormat(0, 5, "Halaman "+strconv.Itoa(f.PageNo())+" dari {nb}", "", 0, "R", false, 0, "")
	})
	if d.opt.MaxPages <= 0 {
		d.opt.MaxPages = DefaultMaxPages
	}
	f.SetAcceptPageBreakFunc(func() bool {
		return d.pageAllowed()
	})
	f.AddPage()
	pw, ph := f.GetPageSize()
	d.width = pw - 2*marginMM
	d.limit = ph - bottomMM
	d.body()
	d.sync()
	return d
}

// sync copies fpdf's error into d.err.
func (d *PDF) sync() bool {
	if d.err == nil && d.f.Error() != nil {
		d.err = fmt.Errorf("report: pdf: %w", d.f.Error())
	}
	return d.err == nil
}

func (d *PDF) fail(format string, args ...any) {
	if d.err == nil {
		d.err = fmt.Errorf("report: pdf: "+format, args...)
	}
}

// setFont selects a font unless it is already selected (fpdf writes a font
// operator on every SetFont). fpdf's AddPage restores the font in use after
// the header and footer, so the cache stays true across page breaks.
func (d *PDF) setFont(family, style string, pt float64) {
	key := family + style + strconv.FormatFloat(pt, 'f', 1, 64)
	if key == d.font {
		return
	}
	d.font = key
	d.f.SetFont(family, style, pt)
}

// body selects the body font and colours.
func (d *PDF) body() {
	d.setFont(famSans, "", bodyPt)
	d.f.SetTextColor(0, 0, 0)
	d.f.SetDrawColor(150, 150, 150)
}

// pageAllowed reports whether one more page stays within MaxPages, and
// records the error when it does not.
func (d *PDF) pageAllowed() bool {
	if d.f.PageCount() < d.opt.MaxPages {
		return true
	}
	d.fail("more than %d pages", d.opt.MaxPages)
	d.f.SetError(d.err)
	return false
}

// newPage starts a page (unless MaxPages is reached) in the body font.
func (d *PDF) newPage() {
	if !d.pageAllowed() {
		return
	}
	d.f.AddPage()
	d.body()
}

// ensure starts a new page unless h millimetres fit below the cursor.
func (d *PDF) ensure(h float64) {
	if d.f.GetY()+h > d.limit {
		d.newPage()
	}
}

// Err returns the first error met so far.
func (d *PDF) Err() error {
	d.sync()
	return d.err
}

// PageCount returns the number of pages so far.
func (d *PDF) PageCount() int { return d.f.PageCount() }

// PageBreak starts a new page.
func (d *PDF) PageBreak() {
	if !d.sync() {
		return
	}
	d.newPage()
}

// Space adds vertical space (millimetres).
func (d *PDF) Space(mm float64) {
	if !d.sync() {
		return
	}
	d.f.Ln(mm)
}

// Heading prints a bold heading, moving to a new page first when fewer than
// about three lines would follow it on this one.
func (d *PDF) Heading(text string) {
	if !d.sync() {
		return
	}
	d.ensure(25)
	d.setFont(famSans, "B", headingPt)
	d.f.MultiCell(0, 7, cleanText(text, true), "", "L", false)
	d.f.Ln(2)
	d.body()
	d.sync()
}

// Paragraph prints wrapped body text; newlines start new lines.
func (d *PDF) Paragraph(text string) {
	if !d.sync() {
		return
	}
	d.body()
	d.f.MultiCell(0, 5, cleanText(text, true), "", "L", false)
	d.f.Ln(2)
	d.sync()
}

// KeyValues prints label/value pairs in two columns (labels bold), e.g. the
// data on a registration card. Long values wrap.
func (d *PDF) KeyValues(pairs [][2]string) {
	if !d.sync() {
		return
	}
	d.keyValues(pairs, d.width)
}

// KeyValuesBeside prints a photo (JPEG, photoW millimetres wide, height
// from its aspect ratio) at the right margin and the pairs to its left:
// the layout of a registration card. The cursor ends below the taller of
// the two.
func (d *PDF) KeyValuesBeside(jpeg []byte, photoW float64, pairs [][2]string) {
	if !d.sync() {
		return
	}
	name, w, h, ok := d.register(jpeg, photoW, 0)
	if !ok {
		return
	}
	d.ensure(h)
	y0 := d.f.GetY()
	d.f.ImageOptions(name, marginMM+d.width-w, y0, w, h, false, fpdf.ImageOptions{ImageType: "JPG"}, 0, "")
	page := d.f.PageNo()
	d.keyValues(pairs, d.width-w-5)
	if d.f.PageNo() == page {
		d.f.SetY(max(d.f.GetY(), y0+h+2))
	}
	d.sync()
}

func (d *PDF) keyValues(pairs [][2]string, width float64) {
	kw := math.Round(width * keyWidthFrac)
	widths := []float64{kw, width - kw}
	for _, p := range pairs {
		d.row([]string{p[0], p[1]}, widths, []string{"L", "L"}, rowStyle{boldFirst: true, pt: bodyPt, line: 5.2})
		if !d.sync() {
			return
		}
	}
	d.f.Ln(2)
}

// Hash prints a label and a SHA-256 (or any long code) in Go Mono, wrapped
// only when it does not fit the width, never with added spaces, so that it
// can be copied and compared.
func (d *PDF) Hash(label, hexText string) {
	if !d.sync() {
		return
	}
	hexText = cleanText(hexText, false)
	d.ensure(12)
	d.setFont(famSans, "B", tablePt)
	d.f.MultiCell(0, 4.5, cleanText(label, false), "", "L", false)
	d.setFont(famMono, "", tablePt)
	cw := d.f.GetStringWidth("0")
	per := int((d.width - 2*d.f.GetCellMargin()) / cw)
	if per < 1 {
		per = 1
	}
	r := []rune(hexText)
	for len(r) > 0 {
		n := min(per, len(r))
		d.f.CellFormat(0, 4.5, string(r[:n]), "", 1, "L", false, 0, "")
		r = r[n:]
	}
	d.f.Ln(2)
	d.body()
	d.sync()
}

// Image places a JPEG (e.g. the applicant's photo on a registration card)
// at the left margin, w by h millimetres; when one of them is 0 it follows
// from the image's aspect ratio. The cursor moves below it.
func (d *PDF) Image(jpeg []byte, w, h float64) {
	if !d.sync() {
		return
	}
	name, w, h, ok := d.register(jpeg, w, h)
	if !ok {
		return
	}
	d.ensure(h)
	y := d.f.GetY()
	d.f.ImageOptions(name, d.f.GetX(), y, w, h, false, fpdf.ImageOptions{ImageType: "JPG"}, 0, "")
	d.f.SetY(y + h + 2)
	d.sync()
}

// ImageAt places a JPEG at an absolute position on the current page
// (millimetres from the top left) without moving the cursor, e.g. a photo
// in the top right corner beside KeyValues. w or h 0: from the aspect ratio.
func (d *PDF) ImageAt(jpeg []byte, x, y, w, h float64) {
	if !d.sync() {
		return
	}
	name, w, h, ok := d.register(jpeg, w, h)
	if !ok {
		return
	}
	d.f.ImageOptions(name, x, y, w, h, false, fpdf.ImageOptions{ImageType: "JPG"}, 0, "")
	d.sync()
}

// register adds a JPEG once (by content) and works out its size.
func (d *PDF) register(jpeg []byte, w, h float64) (string, float64, float64, bool) {
	sum := sha256.Sum256(jpeg)
	name := "jpg-" + hex.EncodeToString(sum[:8])
	info := d.f.GetImageInfo(name)
	if !d.images[name] {
		info = d.f.RegisterImageOptionsReader(name, fpdf.ImageOptions{ImageType: "JPG"}, bytes.NewReader(jpeg))
		if !d.sync() || info == nil {
			d.fail("image is not a usable JPEG")
			return "", 0, 0, false
		}
		d.images[name] = true
	}
	iw, ih := info.Width(), info.Height()
	if iw <= 0 || ih <= 0 {
		d.fail("image has no size")
		return "", 0, 0, false
	}
	switch {
	case w <= 0 && h <= 0:
		w = 30
		h = w * ih / iw
	case w <= 0:
		w = h * iw / ih
	case h <= 0:
		h = w * ih / iw
	}
	return name, w, h, true
}

// WriteTo finishes the document and writes it to w. It may be called once.
func (d *PDF) WriteTo(w io.Writer) (int64, error) {
	if d.written {
		return 0, fmt.Errorf("report: pdf: WriteTo called twice")
	}
	d.written = true
	if !d.sync() {
		return 0, d.err
	}
	cw := &countWriter{w: w}
	if err := d.f.Output(cw); err != nil {
		return cw.n, fmt.Errorf("report: pdf: %w", err)
	}
	return cw.n, nil
}

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}
