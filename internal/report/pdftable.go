package report

import "strings"

// Table is a table being written into a PDF, row by row, so that a caller
// reading a database cursor never holds all rows. Its header row is printed
// again at the top of every page the table continues on. Rows are striped
// and cells wrap; a cell taller than a page is cut with "…".
type Table struct {
	d       *PDF
	headers []string
	widths  []float64
	aligns  []string
	hh      float64 // header height
	n       int     // rows so far
	top     float64 // where the table starts on the current page
	started bool    // header printed
	ended   bool
}

// Table prints a whole table: BeginTable, Row for each row, End.
func (d *PDF) Table(headers []string, widths []float64, rows [][]string) {
	t := d.BeginTable(headers, widths)
	for _, r := range rows {
		t.Row(r...)
	}
	t.End()
}

// BeginTable starts a table. widths are in millimetres, one per header;
// nil shares the width equally, a width ≤ 0 shares what the others leave,
// and widths adding up to more than the page are scaled down to fit.
func (d *PDF) BeginTable(headers []string, widths []float64) *Table {
	t := &Table{d: d}
	if !d.sync() {
		return t
	}
	if len(headers) == 0 {
		d.fail("table without columns")
		return t
	}
	if widths != nil && len(widths) != len(headers) {
		d.fail("table has %d headers but %d widths", len(headers), len(widths))
		return t
	}
	t.widths = fitWidths(widths, len(headers), d.width)
	t.headers = make([]string, len(headers))
	for i, h := range headers {
		t.headers[i] = cleanText(h, true)
	}
	t.aligns = make([]string, len(headers))
	for i := range t.aligns {
		t.aligns[i] = "L"
	}
	d.body()
	t.hh = t.headerHeight()
	return t
}

// start prints the header at the first row (or at End), so that Align has
// been applied to it.
func (t *Table) start() {
	if t.started {
		return
	}
	t.started = true
	t.d.ensure(t.hh + tableLineMM + 2*tablePadMM)
	t.printHeader()
}

// fitWidths resolves the width rules of BeginTable.
func fitWidths(widths []float64, n int, total float64) []float64 {
	out := make([]float64, n)
	if widths == nil {
		for i := range out {
			out[i] = total / float64(n)
		}
		return out
	}
	fixed, open := 0.0, 0
	for _, w := range widths {
		if w > 0 {
			fixed += w
		} else {
			open++
		}
	}
	share := 0.0
	if open > 0 && fixed < total {
		share = (total - fixed) / float64(open)
	}
	if open > 0 && share < 10 {
		share = 10 // a column of at least 1 cm; scaled below if need be
	}
	sum := 0.0
	for i, w := range widths {
		if w <= 0 {
			w = share
		}
		out[i] = w
		sum += w
	}
	if sum > total {
		for i := range out {
			out[i] *= total / sum
		}
	}
	return out
}

// Align sets each column's alignment: "L", "C" or "R" (others mean "L").
func (t *Table) Align(aligns ...string) *Table {
	for i, a := range aligns {
		if i < len(t.aligns) && (a == "C" || a == "R") {
			t.aligns[i] = a
		}
	}
	return t
}

// Row adds a row. Missing cells are empty; more cells than columns is an
// error (reported by WriteTo).
func (t *Table) Row(cells ...string) {
	d := t.d
	if t.ended {
		d.fail("Row after End")
	}
	if !d.sync() || t.widths == nil {
		return
	}
	if len(cells) > len(t.widths) {
		d.fail("table row %d has %d cells for %d columns", t.n+1, len(cells), len(t.widths))
		return
	}
	if len(cells) < len(t.widths) {
		cells = append(append([]string(nil), cells...), make([]string, len(t.widths)-len(cells))...)
	}
	t.start()
	t.n++
	d.row(cells, t.widths, t.aligns, rowStyle{border: true, stripe: t.n%2 == 0, pt: tablePt, line: tableLineMM, header: t})
}

// End finishes the table.
func (t *Table) End() {
	if t.ended {
		return
	}
	t.ended = true
	if t.d.sync() && t.widths != nil {
		t.start()
		t.closePage()
		t.d.f.Ln(3)
	}
}

// closePage draws the column rules of the part of the table on this page:
// rows draw only their bottom rule, which keeps the page content small
// (a cell border each would be most of it).
func (t *Table) closePage() {
	f := t.d.f
	bottom := f.GetY()
	x := marginMM
	f.Line(x, t.top, x, bottom)
	for _, w := range t.widths {
		x += w
		f.Line(x, t.top, x, bottom)
	}
}

func (t *Table) headerHeight() float64 {
	d := t.d
	d.setFont(famSans, "B", tablePt)
	lines := 1
	for i, h := range t.headers {
		lines = max(lines, len(d.f.SplitText(h, t.widths[i])))
	}
	d.setFont(famSans, "", tablePt)
	return float64(lines)*tableLineMM + 2*tablePadMM
}

func (t *Table) printHeader() {
	f := t.d.f
	t.top = f.GetY()
	total := 0.0
	for _, w := range t.widths {
		total += w
	}
	f.Line(marginMM, t.top, marginMM+total, t.top)
	t.d.row(t.headers, t.widths, t.aligns, rowStyle{border: true, fill: true, bold: true, pt: tablePt, line: tableLineMM, clean: true})
}

// rowStyle says how row draws a row.
type rowStyle struct {
	border, stripe, fill, bold, boldFirst bool
	clean                                 bool // cells are already clean
	pt, line                              float64
	header                                *Table // repeat this table's header after a page break
}

// row draws one row of wrapped cells, breaking the page first when it does
// not fit (and repeating the header of st.header on the new page).
func (d *PDF) row(cells []string, widths []float64, aligns []string, st rowStyle) {
	f := d.f
	lines := make([][]string, len(cells))
	n := 1
	_, top, _, _ := f.GetMargins()
	// The most lines a cell may have: a row must fit on an empty page
	// (below the running header and the table header).
	maxLines := int((d.limit - top - 15 - 2*tablePadMM) / st.line)
	if st.header != nil {
		maxLines -= int(st.header.hh/st.line) + 1
	}
	maxLines = max(maxLines, 1)
	for i, c := range cells {
		if !st.clean {
			c = cleanText(c, true)
		}
		d.setFont(famSans, styleOf(st, i), st.pt)
		var ls []string
		if c != "" {
			if f.GetStringWidth(c) <= widths[i]-2*f.GetCellMargin() && !strings.Contains(c, "\n") {
				ls = []string{c}
			} else {
				ls = f.SplitText(c, widths[i])
			}
		}
		if len(ls) > maxLines {
			ls = ls[:maxLines]
			ls[maxLines-1] = strings.TrimRight(ls[maxLines-1], " ") + "…"
		}
		lines[i] = ls
		n = max(n, len(ls))
	}
	h := float64(n)*st.line + 2*tablePadMM
	if f.GetY()+h > d.limit {
		if st.header != nil {
			st.header.closePage()
		}
		d.newPage()
		if !d.sync() {
			return
		}
		if st.header != nil {
			st.header.printHeader()
		}
	}
	x0, y0 := marginMM, f.GetY()
	total := 0.0
	for _, w := range widths {
		total += w
	}
	if st.fill || st.stripe {
		if st.fill {
			f.SetFillColor(225, 230, 238)
		} else {
			f.SetFillColor(245, 246, 248)
		}
		lw := f.GetLineWidth() // keep clear of the rules above and below
		f.Rect(x0, y0+lw/2, total, h-lw, "F")
		// Fill colour back to the text colour: fpdf wraps every text in
		// "q … Q" while they differ.
		f.SetFillColor(0, 0, 0)
	}
	x := x0
	for i, ls := range lines {
		d.setFont(famSans, styleOf(st, i), st.pt)
		for j, l := range ls {
			f.SetXY(x, y0+tablePadMM+float64(j)*st.line)
			f.CellFormat(widths[i], st.line, l, "", 0, aligns[i], false, 0, "")
		}
		x += widths[i]
	}
	if st.border {
		f.Line(x0, y0+h, x0+total, y0+h)
	}
	d.setFont(famSans, "", st.pt)
	f.SetXY(x0, y0+h)
}

func styleOf(st rowStyle, col int) string {
	if st.bold || st.boldFirst && col == 0 {
		return "B"
	}
	return ""
}
