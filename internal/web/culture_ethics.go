package web

import (
	"net/http"
	"strconv"

	"asnpro/internal/culture"
	"asnpro/internal/identity"
	"asnpro/internal/workforce"
)

// The code of ethics (docs/CULTURE.md): the admin publishes versions of
// the BerAKHLAK core values and the city's code; every employee
// acknowledges the current version (a new one asks again); the admin, the
// leader and the auditor see per unit who has not, and the selection
// staff's integrity pacts.

type ethicsData struct {
	Codes      []culture.CodeStatus
	Versions   []*culture.Code
	CanAck     bool
	CanPublish bool
	Form       culture.NewCode
	Docs       []string
	Fields     map[string]string
	Error      string
	Flash      string
	UnitsHref  string
	PactsHref  string
}

var ethicsFlashes = map[string]string{"acked": "culture.flash.acked", "published": "culture.flash.published"}

// ethicsPage: GET /etika — the current versions with the user's
// acknowledgement of each, every earlier version, and the admin's form.
func (s *Server) ethicsPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderEthics(w, r, http.StatusOK, ethicsData{Flash: ethicsFlashes[r.URL.Query().Get("ok")]})
}

func (s *Server) renderEthics(w http.ResponseWriter, r *http.Request, status int, d ethicsData) error {
	ctx := r.Context()
	p := identity.PrincipalFrom(ctx)
	var err error
	if d.Codes, err = s.culture.MyCodes(ctx, p.UserID); err != nil {
		return err
	}
	if d.Versions, err = s.culture.Versions(ctx); err != nil {
		return err
	}
	d.CanAck = s.may(p, "POST /etika/{id}/setuju")
	d.CanPublish = s.may(p, "POST /etika")
	if d.CanPublish && d.Form.Doc == "" {
		d.Form = culture.NewCode{Doc: culture.DocBerAKHLAK, Title: "Nilai Dasar ASN BerAKHLAK", Body: culture.BerAKHLAKText}
		for _, c := range d.Codes {
			if c.Doc == culture.DocBerAKHLAK {
				d.Form.Title, d.Form.Body = c.Title, c.Body
			}
		}
	}
	d.Docs = culture.Docs
	if s.may(p, "GET /etika/unit") {
		d.UnitsHref = "/etika/unit"
	}
	if s.may(p, "GET /etika/pakta") {
		d.PactsHref = "/etika/pakta"
	}
	return s.render(w, r, status, "ethics", "culture.ethics.title", d)
}

// ethicsCodePage: GET /etika/{id} — one version's text.
func (s *Server) ethicsCodePage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	c, err := s.culture.FindCode(r.Context(), id)
	if err != nil {
		return err
	}
	cur, err := s.culture.CurrentCodes(r.Context())
	if err != nil {
		return err
	}
	current := false
	for _, x := range cur {
		current = current || x.ID == c.ID
	}
	return s.render(w, r, http.StatusOK, "ethics_code", "culture.ethics.title", struct {
		C       *culture.Code
		Current bool
	}{c, current})
}

// ethicsAckSubmit: POST /etika/{id}/setuju — acknowledge the version,
// after the confirmation page; 409 for a version that is no longer current.
func (s *Server) ethicsAckSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	c, err := s.culture.FindCode(r.Context(), id)
	if err != nil {
		return err
	}
	ok, err := s.confirmed(w, r, confirmAsk{Title: "culture.ack.confirm", What: "culture.ack.confirm.what",
		Args: []any{"title", c.Title, "version", c.Version}, Back: "/etika"})
	if !ok || err != nil {
		return err
	}
	if err := s.culture.Acknowledge(r.Context(), identity.PrincipalFrom(r.Context()).UserID, id); err != nil {
		return err
	}
	http.Redirect(w, r, "/etika?ok=acked#code-"+strconv.FormatInt(id, 10), http.StatusSeeOther)
	return nil
}

// ethicsPublishSubmit: POST /etika — doc, title, body: publish the next
// version, after the confirmation page (everyone is asked again).
func (s *Server) ethicsPublishSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := limitBody(w, r, 256<<10); err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return tooLargeOr(err, err)
	}
	if err := checkValues(r.PostForm); err != nil {
		return err
	}
	n := culture.NewCode{Doc: r.PostFormValue("doc"), Title: r.PostFormValue("title"), Body: r.PostFormValue("body")}
	ok, err := s.confirmed(w, r, confirmAsk{Title: "culture.publish.confirm", What: "culture.publish.confirm.what",
		Args: []any{"doc", T(langOf(r), "culture.doc."+n.Doc)}, Back: "/etika"})
	if !ok || err != nil {
		return err
	}
	if _, err := s.culture.Publish(r.Context(), identity.PrincipalFrom(r.Context()).UserID, n); err != nil {
		fields, msg, status, hard := fieldsOf(r, err, "doc", "title", "body")
		if hard != nil {
			return hard
		}
		return s.renderEthics(w, r, status, ethicsData{Form: n, Fields: fields, Error: msg})
	}
	http.Redirect(w, r, "/etika?ok=published", http.StatusSeeOther)
	return nil
}

// ethicsUnitsPage: GET /etika/unit[?unit=ID] — per unit, how many have
// acknowledged every current version; with a unit, who has not.
func (s *Server) ethicsUnitsPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	units, err := s.culture.AcksByUnit(ctx)
	if err != nil {
		return err
	}
	d := struct {
		Units   []culture.UnitAcks
		Unit    *culture.UnitAcks
		Unacked []culture.Unacked
		CanOpen bool
	}{Units: units, CanOpen: s.may(identity.PrincipalFrom(ctx), "GET /pegawai/{id}")}
	if v := r.URL.Query().Get("unit"); v != "" {
		id, _ := strconv.ParseInt(v, 10, 64)
		for i := range units {
			if units[i].UnitID == id {
				d.Unit = &units[i]
			}
		}
		if d.Unit == nil {
			return workforce.ErrUnitNotFound
		}
		if d.Unacked, err = s.culture.UnackedIn(ctx, id); err != nil {
			return err
		}
	}
	return s.render(w, r, http.StatusOK, "ethics_units", "culture.units.title", d)
}

// ethicsPactsPage: GET /etika/pakta — the selection staff's integrity
// pacts per period and person.
func (s *Server) ethicsPactsPage(w http.ResponseWriter, r *http.Request) error {
	ps, err := s.culture.Pacts(r.Context())
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "ethics_pacts", "culture.pacts.title", ps)
}
