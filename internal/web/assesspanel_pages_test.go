package web

import (
	"strings"
	"testing"

	"asnpro/internal/assess"
)

// TestAssessPanelPagesRender: before the draw the committee's instrument
// page offers the panel and phase forms with their refusals beside the
// fields; after it, the panels with their candidates and agreement, a
// panel column, no forms; the auditor (CanAct false) never sees a form.
func TestAssessPanelPagesRender(t *testing.T) {
	t.Parallel()
	s, _ := newTestServer(t)
	d := demoInstrument()
	body := renderInstrPage(t, s, "instrument", d)
	for _, want := range []string{`id="panel-form"`, `id="panel-name-error"`, `id="members-error"`, `id="member-3" checked`,
		`id="phase-form"`, `id="after-error"`, `<option value="2" selected>Makalah</option>`, `id="after-phase"`,
		"Panel &lt;A&gt;", `id="panel-1-agreement"`, `id="panel-1-delete"`} {
		if !strings.Contains(body, want) {
			t.Errorf("before the draw: no %s", want)
		}
	}
	d = demoInstrument()
	d.Panels.Drawn, d.Panels.Panels[0].Candidates = true, 3
	for i := range d.Rows {
		d.Rows[i].Panel = "Panel <A>"
	}
	body = renderInstrPage(t, s, "instrument", d)
	if strings.Contains(body, `id="panel-form"`) || strings.Contains(body, `id="phase-form"`) ||
		!strings.Contains(body, `id="panels-frozen"`) ||
		strings.Contains(body, `id="panel-1-delete"`) ||
		!strings.Contains(cutOut(body, `id="panel-1-candidates"`, "</td>"), "3") || !strings.Contains(body, `id="panel-of-11"`) {
		t.Fatal("after the draw")
	}
	d = demoInstrument()
	d.CanAct, d.Panels = false, &assess.PanelSet{}
	body = renderInstrPage(t, s, "instrument", d)
	if strings.Contains(body, `id="panel-form"`) || strings.Contains(body, `id="phase-form"`) || !strings.Contains(body, `id="panels-none"`) ||
		strings.Contains(body, `id="panel-of-11"`) {
		t.Fatal("the auditor's page")
	}
	body = renderInstrPage(t, s, "instruments", demoInstruments())
	if !strings.Contains(body, `id="after-error"`) || !strings.Contains(body, `<option value="3" selected>`) ||
		!strings.Contains(body, "Makalah &lt;b&gt;") {
		t.Fatal("the instruments page's phase")
	}
}
