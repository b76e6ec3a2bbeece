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
	chartW      = 640.0
	chartLabelW = 190.0
	chartNoteW  = 70.0
	chartRowH   = 28.0
	chartBarH   = 18.0
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
	legendH := 0.0
	if len(c.Legend) > 0 {
		legendH = chartRowH
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
			chartLabelW-6, y+chartBarH-4, esc(clip(b.Label, 28)))
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
	if len(c.Legend) > 0 {
		y := float64(len(c.Bars))*chartRowH + 4
		x := 0.0
		for _, sg := range c.Legend {
			fmt.Fprintf(&w, `<rect class="%s" x="%g" y="%g" width="12" height="12"/>`, esc(sg.Class), x, y)
			fmt.Fprintf(&w, `<text class="chart-legend" x="%g" y="%g">%s</text>`, x+16, y+11, esc(sg.Label))
			x += 16 + 8*float64(len([]rune(sg.Label))) + 14
		}
	}
	w.WriteString(`</svg>`)
	return template.HTML(w.String()) // #nosec: every text above is escaped
}

// clip shortens s to n runes with an ellipsis.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
