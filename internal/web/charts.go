package web

import (
	"fmt"
	"html"
	"html/template"
	"strconv"
	"strings"
)

// A chart is a horizontal bar chart drawn as inline SVG: no script, no
// assets, readable at 360 px. Each bar is one row with its label, and may
// be stacked from segments (the predikat distribution). It is an image for
// the eye (role="img" with a title and a description); the table printed
// beside it carries the same figures for screen readers and for copying.
type chart struct {
	ID     string // element id; the title's and description's ids derive from it
	Title  string
	Desc   string // one sentence read out instead of the bars
	Max    int    // the scale's full length (0: the largest bar)
	Bars   []chartBar
	Legend []chartSeg // the stacked segments' names and classes, in order
}

// chartBar is one row: a label and either one value or segments.
type chartBar struct {
	Label string
	Value int
	Note  string // printed after the bar, e.g. "75 %" ("" : the value)
	Segs  []chartSeg
}

// chartSeg is one part of a stacked bar (Class picks its colour in app.css).
type chartSeg struct {
	Label string
	Class string
	Value int
}

const (
	chartW      = 420.0
	chartLabelW = 140.0
	chartNoteW  = 50.0
	chartRowH   = 24.0
	chartBarH   = 16.0
)

func (b chartBar) total() int {
	if len(b.Segs) == 0 {
		return b.Value
	}
	n := 0
	for _, s := range b.Segs {
		n += s.Value
	}
	return n
}

// SVG draws the chart. Every text is escaped; the numbers are computed here.
func (c chart) SVG() template.HTML {
	top := c.Max
	for _, b := range c.Bars {
		top = max(top, b.total())
	}
	legend := layoutLegend(c.Legend)
	legendH := 0.0
	if len(legend) > 0 {
		legendH = legend[len(legend)-1].y + chartRowH
	}
	h := float64(len(c.Bars))*chartRowH + legendH + 4
	var w strings.Builder
	esc := html.EscapeString
	fmt.Fprintf(&w, `<svg class="chart" id="%s" role="img" aria-labelledby="%s-t %s-d" viewBox="0 0 %g %g" `+
		`width="100%%" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">`,
		esc(c.ID), esc(c.ID), esc(c.ID), chartW, h)
	fmt.Fprintf(&w, `<title id="%s-t">%s</title><desc id="%s-d">%s</desc>`, esc(c.ID), esc(c.Title), esc(c.ID), esc(c.Desc))
	span := chartW - chartLabelW - chartNoteW
	for i, b := range c.Bars {
		y := float64(i) * chartRowH
		fmt.Fprintf(&w, `<text class="chart-label" x="%g" y="%g" text-anchor="end">%s</text>`,
			chartLabelW-6, y+chartBarH-4, esc(clip(b.Label, 19)))
		x := chartLabelW
		segs := b.Segs
		if len(segs) == 0 {
			segs = []chartSeg{{Class: "bar-0", Value: b.Value}}
		}
		for _, sg := range segs {
			bw := 0.0
			if top > 0 {
				bw = span * float64(sg.Value) / float64(top)
			}
			if bw > 0 {
				fmt.Fprintf(&w, `<rect class="%s" x="%.1f" y="%g" width="%.1f" height="%g"><title>%s</title></rect>`,
					esc(sg.Class), x, y+2, bw, chartBarH, esc(strings.TrimSpace(sg.Label+" "+strconv.Itoa(sg.Value))))
			}
			x += bw
		}
		note := b.Note
		if note == "" {
			note = strconv.Itoa(b.total())
		}
		fmt.Fprintf(&w, `<text class="chart-note" x="%.1f" y="%g">%s</text>`, x+4, y+chartBarH-4, esc(note))
	}
	top0 := float64(len(c.Bars))*chartRowH + 4
	for _, it := range legend {
		fmt.Fprintf(&w, `<rect class="%s" x="%g" y="%g" width="12" height="12"/>`, esc(it.seg.Class), it.x, top0+it.y)
		fmt.Fprintf(&w, `<text class="chart-legend" x="%g" y="%g">%s</text>`, it.x+16, top0+it.y+11, esc(it.seg.Label))
	}
	w.WriteString(`</svg>`)
	return template.HTML(w.String()) // #nosec: every text above is escaped
}

type legendItem struct {
	seg  chartSeg
	x, y float64
}

// layoutLegend places the legend's entries left to right, wrapping to a new
// row where one would pass the chart's width (about 6.5 units a letter).
func layoutLegend(segs []chartSeg) []legendItem {
	var out []legendItem
	x, y := 0.0, 0.0
	for _, sg := range segs {
		w := 16 + 6.5*float64(len([]rune(sg.Label))) + 12
		if x > 0 && x+w > chartW {
			x, y = 0, y+chartRowH
		}
		out = append(out, legendItem{sg, x, y})
		x += w
	}
	return out
}

// clip shortens s to n runes with an ellipsis.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
