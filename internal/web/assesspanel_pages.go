package web

import (
	"net/http"
	"strconv"
	"strings"

	"asnpro/internal/assess"
)

// Panels within an instrument and phases (docs/ASSESSMENT.md): the
// committee's instrument page lists the panels with their members,
// candidates and agreement, and before the draw offers the form that
// adds one and the one that sets the instrument it follows.

// panelForm is the new-panel form as the committee filled it in.
type panelForm struct {
	Name    string
	Members map[int64]bool
	Fields  map[string]string
	Error   string
}

// instrumentPanelSubmit: POST /panitia/asesmen/{id}/panel (name, member
// repeated: user IDs) → 303 to the panels, or the page with the refusals
// beside their fields.
func (s *Server) instrumentPanelSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := panelForm{Name: r.PostFormValue("name"), Members: map[int64]bool{}}
	var members []int64
	for _, v := range r.PostForm["member"] {
		m, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
		if err != nil {
			m = -1 // not an assessor: refused beside the members
		}
		members, f.Members[m] = append(members, m), true
	}
	if _, err := s.assess.CreatePanel(r.Context(), id, f.Name, members); err != nil {
		var status int
		var hard error
		f.Fields, f.Error, status, hard = fieldsOf(r, err, "name", "members")
		if hard != nil {
			return hard
		}
		return s.renderInstrument(w, r, status, instrumentData{PanelForm: f})
	}
	http.Redirect(w, r, instrumentPath(id)+"?ok=panel#panels", http.StatusSeeOther)
	return nil
}

// instrumentPanelDeleteSubmit: POST /panitia/asesmen/{id}/panel/{panel}/hapus
// — removes a panel before the draw → 303, or the page with the refusal.
func (s *Server) instrumentPanelDeleteSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	panel, err := pathID(r, "panel")
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	if err := s.assess.DeletePanel(r.Context(), id, panel); err != nil {
		msg, status, perr := pageError(r, err)
		if perr != nil {
			return perr
		}
		return s.renderInstrument(w, r, status, instrumentData{PanelForm: panelForm{Error: msg}})
	}
	http.Redirect(w, r, instrumentPath(id)+"?ok=panel_deleted#panels", http.StatusSeeOther)
	return nil
}

// instrumentAfterSubmit: POST /panitia/asesmen/{id}/tahap (after: an
// instrument ID, empty for none) → 303, or the page with the refusal
// beside the field.
func (s *Server) instrumentAfterSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	after, ok := afterValue(r.PostFormValue("after"))
	if !ok {
		after = -1 // refused beside the field as no instrument of the period
	}
	if err := s.assess.SetAfter(r.Context(), id, after); err != nil {
		fields, msg, status, hard := fieldsOf(r, err, "after")
		if hard != nil {
			return hard
		}
		return s.renderInstrument(w, r, status, instrumentData{AfterFields: fields, AfterError: msg, AfterTyped: after})
	}
	http.Redirect(w, r, instrumentPath(id)+"?ok=after#phase", http.StatusSeeOther)
	return nil
}

// afterValue reads the "after" select: "" is none.
func afterValue(v string) (int64, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, true
	}
	n, err := strconv.ParseInt(v, 10, 64)
	return n, err == nil && n > 0
}

// phaseOptions are the instruments of the period an instrument (id; 0 for
// a new one) may be set to follow, newest first: every other one.
func phaseOptions(list []*assess.Instrument, id int64) []*assess.Instrument {
	var out []*assess.Instrument
	for _, in := range list {
		if in.ID != id {
			out = append(out, in)
		}
	}
	return out
}

// instrumentName is the name of instrument id among list ("" if absent).
func instrumentName(list []*assess.Instrument, id int64) string {
	for _, in := range list {
		if in.ID == id {
			return in.Name
		}
	}
	return ""
}
