package web

import (
	"bytes"
	"net/http"
	"path"
	"strconv"
	"strings"
	"time"

	"asnpro/internal/apperr"
	"asnpro/internal/identity"
	"asnpro/internal/report"
	"asnpro/internal/training"
)

func institutionPath(id int64) string { return "/pelatihan/lembaga/" + strconv.FormatInt(id, 10) }
func programmePath(id int64) string   { return "/pelatihan/program/" + strconv.FormatInt(id, 10) }

type institutionsData struct {
	Items   []*training.Institution
	Form    training.NewInstitution
	F       formFail
	CanEdit bool
}

// trainingInstitutionsPage: GET /pelatihan/lembaga — the partner
// institutions; the admin's form for a new one.
func (s *Server) trainingInstitutionsPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderInstitutions(w, r, http.StatusOK, institutionsData{})
}

func (s *Server) renderInstitutions(w http.ResponseWriter, r *http.Request, status int, d institutionsData) error {
	var err error
	if d.Items, err = s.training.Institutions(r.Context()); err != nil {
		return err
	}
	d.CanEdit = s.may(identity.PrincipalFrom(r.Context()), "POST /pelatihan/lembaga")
	return s.render(w, r, status, "training_institutions", "tr.inst.title", d)
}

// trainingInstitutionCreateSubmit: POST /pelatihan/lembaga — name,
// address, contact → 303 to the institution.
func (s *Server) trainingInstitutionCreateSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	n := training.NewInstitution{Name: r.PostFormValue("name"), Address: r.PostFormValue("address"), Contact: r.PostFormValue("contact")}
	in, err := s.training.CreateInstitution(r.Context(), n)
	if err != nil {
		f, status, hard := refused(r, err, "institution", "name", "address", "contact")
		if hard != nil {
			return hard
		}
		return s.renderInstitutions(w, r, status, institutionsData{Form: n, F: f})
	}
	http.Redirect(w, r, institutionPath(in.ID)+"?ok=created", http.StatusSeeOther)
	return nil
}

type institutionData struct {
	I          *training.Institution
	Agreements []training.Agreement
	Today      string
	Trainers   []training.Person
	Programmes []*training.Programme
	Agreement  training.NewAgreement
	Username   string
	Programme  programmeForm
	F          formFail
	Flash      string
	CanEdit    bool
}

// programmeForm is the programme form as typed, with its choices.
type programmeForm struct {
	training.NewProgramme
	CostText     string
	Topics       []string
	Modes        []string
	Competencies []training.Competency
	Chosen       map[string]bool
	All          []*training.Programme // for the prerequisites
	Required     map[int64]bool
}

// trainingInstitutionPage: GET /pelatihan/lembaga/{id} — the institution's
// agreements, trainers and programmes; the admin's forms.
func (s *Server) trainingInstitutionPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderInstitution(w, r, http.StatusOK, institutionData{Flash: flashOf(r)})
}

func (s *Server) renderInstitution(w http.ResponseWriter, r *http.Request, status int, d institutionData) error {
	ctx := r.Context()
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if d.I, err = s.training.FindInstitution(ctx, id); err != nil {
		return err
	}
	if d.Agreements, err = s.training.Agreements(ctx, id); err != nil {
		return err
	}
	if d.Trainers, err = s.training.Trainers(ctx, id); err != nil {
		return err
	}
	if d.Programmes, err = s.training.Programmes(ctx, id); err != nil {
		return err
	}
	d.Today = training.DayWIB(s.now())
	d.CanEdit = s.may(identity.PrincipalFrom(ctx), "POST /pelatihan/lembaga/{id}/program")
	if d.Programme.All, err = s.training.Programmes(ctx, 0); err != nil {
		return err
	}
	d.Programme.Topics, d.Programme.Modes, d.Programme.Competencies = training.Topics(), training.Modes(), training.Competencies()
	if d.Programme.Chosen == nil {
		d.Programme.Chosen, d.Programme.Required = map[string]bool{}, map[int64]bool{}
	}
	return s.render(w, r, status, "training_institution", "tr.inst.title", d)
}

// trainingAgreementSubmit: POST /pelatihan/lembaga/{id}/perjanjian —
// number, starts_on, ends_on, scope → 303 to the institution.
func (s *Server) trainingAgreementSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	n := training.NewAgreement{Number: r.PostFormValue("number"), StartsOn: r.PostFormValue("starts_on"),
		EndsOn: r.PostFormValue("ends_on"), Scope: r.PostFormValue("scope")}
	if _, err := s.training.AddAgreement(r.Context(), id, n); err != nil {
		f, status, hard := refused(r, err, "agreement", "number", "starts_on", "ends_on", "scope")
		if hard != nil {
			return hard
		}
		return s.renderInstitution(w, r, status, institutionData{Agreement: n, F: f})
	}
	http.Redirect(w, r, institutionPath(id)+"?ok=agreement#agreements", http.StatusSeeOther)
	return nil
}

// trainingTrainerSubmit: POST /pelatihan/lembaga/{id}/pelatih — username
// (an account with the trainer role) → 303 to the institution.
func (s *Server) trainingTrainerSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	u := r.PostFormValue("username")
	if err := s.training.LinkTrainer(r.Context(), id, u); err != nil {
		f, status, hard := refused(r, err, "trainer", "username")
		if hard != nil {
			return hard
		}
		return s.renderInstitution(w, r, status, institutionData{Username: u, F: f})
	}
	http.Redirect(w, r, institutionPath(id)+"?ok=trainer#trainers", http.StatusSeeOther)
	return nil
}

// trainingProgrammeSubmit: POST /pelatihan/lembaga/{id}/program — title,
// topic, jp, mode, cost (rupiah, optional), description, competencies
// (repeated), prerequisites (repeated ids) → 303 to the programme.
func (s *Server) trainingProgrammeSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	pf := programmeForm{Chosen: map[string]bool{}, Required: map[int64]bool{}, CostText: strings.TrimSpace(r.PostFormValue("cost"))}
	n := &pf.NewProgramme
	n.Title, n.Topic, n.Mode, n.Description = r.PostFormValue("title"), r.PostFormValue("topic"), r.PostFormValue("mode"),
		r.PostFormValue("description")
	n.JP, _ = strconv.Atoi(strings.TrimSpace(r.PostFormValue("jp")))
	n.Competencies = r.PostForm["competencies"]
	for _, c := range n.Competencies {
		pf.Chosen[c] = true
	}
	for _, v := range r.PostForm["prerequisites"] {
		if pid, err := strconv.ParseInt(v, 10, 64); err == nil {
			n.Prerequisites = append(n.Prerequisites, pid)
			pf.Required[pid] = true
		}
	}
	var p *training.Programme
	if c := strings.ReplaceAll(strings.ReplaceAll(pf.CostText, ".", ""), " ", ""); c != "" {
		v, perr := strconv.ParseInt(c, 10, 64)
		if perr != nil {
			err = apperr.InvalidMsgs(map[string]apperr.Msg{"cost": apperr.M("training.cost")})
		}
		n.Cost = &v
	}
	if err == nil {
		p, err = s.training.CreateProgramme(r.Context(), id, *n)
	}
	if err != nil {
		f, status, hard := refused(r, err, "programme", "title", "topic", "jp", "mode", "cost", "description", "competencies",
			"prerequisites")
		if hard != nil {
			return hard
		}
		return s.renderInstitution(w, r, status, institutionData{Programme: pf, F: f})
	}
	http.Redirect(w, r, programmePath(p.ID)+"?ok=programme", http.StatusSeeOther)
	return nil
}

type programmeData struct {
	P            *training.Programme
	Competencies []string
	Required     []*training.Programme
	Sessions     []sessionView
	Trainers     []training.Person
	Form         trSessionForm
	F            formFail
	Flash        string
	CanEdit      bool
	InstHref     string
}

// trSessionForm is the session form as typed.
type trSessionForm struct {
	StartsAt, EndsAt, Place, OnlineURL, Capacity, Meetings, MinAttendance, PassScore string
	TrainerID                                                                        int64
}

// trainingProgrammePage: GET /pelatihan/program/{id} — the programme and
// its sessions; the admin's form for a new session.
func (s *Server) trainingProgrammePage(w http.ResponseWriter, r *http.Request) error {
	return s.renderProgramme(w, r, http.StatusOK, programmeData{Flash: flashOf(r),
		Form: trSessionForm{MinAttendance: strconv.Itoa(training.DefaultMinAttendance), PassScore: strconv.Itoa(training.DefaultPassScore)}})
}

func (s *Server) renderProgramme(w http.ResponseWriter, r *http.Request, status int, d programmeData) error {
	ctx := r.Context()
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if d.P, err = s.training.FindProgramme(ctx, id); err != nil {
		return err
	}
	lang := langOf(r)
	for _, c := range d.P.Competencies {
		d.Competencies = append(d.Competencies, competencyName(lang, c))
	}
	for _, pid := range d.P.Prerequisites {
		q, err := s.training.FindProgramme(ctx, pid)
		if err != nil {
			return err
		}
		d.Required = append(d.Required, q)
	}
	p := identity.PrincipalFrom(ctx)
	ss, err := s.training.Sessions(ctx, training.SessionFilter{ProgrammeID: id})
	if err != nil {
		return err
	}
	d.Sessions = s.sessionViews(p, ss)
	if d.Trainers, err = s.training.Trainers(ctx, d.P.InstitutionID); err != nil {
		return err
	}
	d.CanEdit = s.may(p, "POST /pelatihan/program/{id}/sesi")
	if s.may(p, "GET /pelatihan/lembaga/{id}") {
		d.InstHref = institutionPath(d.P.InstitutionID)
	}
	return s.render(w, r, status, "training_programme", "tr.prog.title", d)
}

// trainingSessionCreateSubmit: POST /pelatihan/program/{id}/sesi —
// starts_at, ends_at (WIB, YYYY-MM-DDTHH:MM), place, online_url,
// capacity, trainer_id, meetings, min_attendance, pass_score → 303 to the session.
func (s *Server) trainingSessionCreateSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	v := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	sf := trSessionForm{StartsAt: v("starts_at"), EndsAt: v("ends_at"), Place: v("place"), OnlineURL: v("online_url"),
		Capacity: v("capacity"), Meetings: v("meetings"), MinAttendance: v("min_attendance"), PassScore: v("pass_score")}
	sf.TrainerID, _ = strconv.ParseInt(v("trainer_id"), 10, 64)
	n := training.NewSession{Place: sf.Place, OnlineURL: sf.OnlineURL, TrainerID: sf.TrainerID}
	n.StartsAt, _ = time.ParseInLocation(localTime, sf.StartsAt, wib)
	n.EndsAt, _ = time.ParseInLocation(localTime, sf.EndsAt, wib)
	n.Capacity, _ = strconv.Atoi(sf.Capacity)
	n.Meetings, _ = strconv.Atoi(sf.Meetings)
	n.MinAttendance, _ = strconv.Atoi(sf.MinAttendance)
	n.PassScore, _ = strconv.Atoi(sf.PassScore)
	ss, err := s.training.CreateSession(r.Context(), id, n)
	if err != nil {
		f, status, hard := refused(r, err, "session", "starts_at", "ends_at", "place", "online_url", "capacity", "trainer_id",
			"meetings", "min_attendance", "pass_score")
		if hard != nil {
			return hard
		}
		return s.renderProgramme(w, r, status, programmeData{Form: sf, F: f})
	}
	http.Redirect(w, r, trSessionPath(ss.ID)+"?ok=session", http.StatusSeeOther)
	return nil
}

type reportData struct {
	Rows []training.ReportRow
}

// trainingReportPage: GET /pelatihan/laporan — training per institution
// and topic: completion and satisfaction rates, cost where recorded.
func (s *Server) trainingReportPage(w http.ResponseWriter, r *http.Request) error {
	rows, err := s.training.Report(r.Context())
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "training_report", "tr.report.title", reportData{Rows: rows})
}

// reportTable is the report as rows of text in lang.
func reportTable(lang string, rows []training.ReportRow) (headers []string, out [][]string) {
	headers = []string{T(lang, "tr.f.institution"), T(lang, "tr.f.topic"), T(lang, "tr.report.sessions"),
		T(lang, "tr.report.participants"), T(lang, "tr.report.completed"), T(lang, "tr.report.completion"),
		T(lang, "tr.report.rating"), T(lang, "tr.report.satisfaction"), T(lang, "tr.report.cost")}
	pct := func(x float64) string { return strconv.Itoa(int(x*100+0.5)) + " %" }
	for _, r := range rows {
		inst, topic := r.Institution, T(lang, "tr.topic."+r.Topic)
		if inst == "" {
			inst, topic = T(lang, "tr.report.total"), ""
		}
		cost := "—"
		if r.CostRecorded {
			cost = rupiah(r.Cost)
		}
		out = append(out, []string{inst, topic, strconv.Itoa(r.Sessions), strconv.Itoa(r.Participants),
			strconv.Itoa(r.Completed) + "/" + strconv.Itoa(r.Finished), pct(r.CompletionRate()),
			strconv.FormatFloat(r.AverageRating(), 'f', 2, 64), pct(r.SatisfactionRate()), cost})
	}
	return headers, out
}

// trainingReportFilePage: GET /pelatihan/laporan.xlsx and
// /pelatihan/laporan.pdf — the report as a file.
func (s *Server) trainingReportFilePage(w http.ResponseWriter, r *http.Request) error {
	rows, err := s.training.Report(r.Context())
	if err != nil {
		return err
	}
	lang := langOf(r)
	headers, cells := reportTable(lang, rows)
	var buf bytes.Buffer
	var ctype, ext string
	switch path.Ext(r.URL.Path) {
	case ".xlsx":
		x := report.NewXLSX(T(lang, "tr.report.title"))
		defer x.Close()
		if err := x.Header(headers); err != nil {
			return apperr.Wrap(err, "training report xlsx")
		}
		for _, c := range cells {
			if err := x.Row(anyRow(c)); err != nil {
				return apperr.Wrap(err, "training report xlsx")
			}
		}
		if _, err := x.WriteTo(&buf); err != nil {
			return apperr.Wrap(err, "training report xlsx")
		}
		ctype, ext = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"
	case ".pdf":
		doc := report.NewPDF(report.PDFOptions{Title: T(lang, "tr.report.title"), Author: T(lang, "app.agency"),
			Header: T(lang, "app.agency"), Landscape: true})
		doc.Heading(T(lang, "tr.report.title"))
		doc.Table(headers, []float64{55, 35, 18, 22, 22, 22, 18, 22, 40}, cells)
		if _, err := doc.WriteTo(&buf); err != nil {
			return apperr.Wrap(err, "training report pdf")
		}
		ctype, ext = "application/pdf", "pdf"
	default:
		return apperr.E(apperr.NotFound, "web.file_not_found")
	}
	h := w.Header()
	h.Set("Content-Type", ctype)
	h.Set("Cache-Control", "private, no-store")
	h.Set("Content-Disposition", `attachment; filename="laporan-pelatihan.`+ext+`"`)
	_, err = w.Write(buf.Bytes())
	return err
}

func anyRow(ss []string) []any {
	out := make([]any, len(ss))
	for i, v := range ss {
		out[i] = v
	}
	return out
}

type verifyData struct {
	C *training.Certificate
}

// verifyPage: GET /verify/{code} — public: the certificate's name,
// programme, JP and date, or that it was revoked; an unknown code 404.
func (s *Server) verifyPage(w http.ResponseWriter, r *http.Request) error {
	c, err := s.training.VerifyCertificate(r.Context(), r.PathValue("code"))
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "training_verify", "tr.verify.title", verifyData{C: c})
}

// verifyURL is the absolute address at which anyone checks a certificate.
func (s *Server) verifyURL(r *http.Request, code string) string {
	base := strings.TrimRight(s.cfg.PublicURL, "/")
	if base == "" {
		scheme := "http"
		if s.secure(r) {
			scheme = "https"
		}
		base = scheme + "://" + r.Host
	}
	return base + "/verify/" + code
}

// apiTrainingCertificate: GET /api/v1/training/enrolments/{id}/certificate.pdf
// — the certificate, for its employee (and the admin); 404 for anyone else.
func (s *Server) apiTrainingCertificate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	c, err := s.training.CertificateOf(r.Context(), id, actorOf(identity.PrincipalFrom(r.Context())))
	if err != nil {
		return err
	}
	lang := langOf(r)
	doc := report.NewPDF(report.PDFOptions{Title: T(lang, "tr.cert.title") + " " + c.Name, Subject: c.Programme,
		Author: T(lang, "app.agency"), Header: T(lang, "app.agency"), Footer: T(lang, "tr.cert.footer")})
	doc.Heading(T(lang, "tr.cert.title"))
	doc.Paragraph(T(lang, "tr.cert.lead"))
	doc.KeyValues([][2]string{{T(lang, "tr.f.name"), c.Name}, {"NIP", c.NIP}, {T(lang, "tr.f.programme"), c.Programme},
		{T(lang, "tr.f.institution"), c.Institution}, {"JP", strconv.Itoa(c.JP)}, {T(lang, "tr.f.completed_on"), c.CompletedOn}})
	doc.Hash(T(lang, "tr.cert.code"), c.Code)
	doc.Paragraph(T(lang, "tr.cert.check") + " " + s.verifyURL(r, c.Code))
	var buf bytes.Buffer
	if _, err := doc.WriteTo(&buf); err != nil {
		return apperr.Wrap(err, "certificate pdf")
	}
	h := w.Header()
	h.Set("Content-Type", "application/pdf")
	h.Set("Cache-Control", "private, no-store")
	h.Set("Content-Disposition", `inline; filename="sertifikat-`+strconv.FormatInt(id, 10)+`.pdf"`)
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(http.StatusOK)
	_, err = w.Write(buf.Bytes())
	return err
}

type offerOut struct {
	SessionID    string    `json:"session_id"`
	ProgrammeID  string    `json:"programme_id"`
	Title        string    `json:"title"`
	Institution  string    `json:"institution"`
	Competencies []string  `json:"competencies"`
	JP           int       `json:"jp"`
	StartsAt     time.Time `json:"starts_at"`
	SeatsLeft    int       `json:"seats_left"`
	URL          string    `json:"url"`
}

// apiTrainingOffers: GET /api/v1/training/sessions?competency=k&limit=n —
// the sessions open for enrolment, soonest first.
func (s *Server) apiTrainingOffers(w http.ResponseWriter, r *http.Request) error {
	limit := min(max(atoiOr(r.URL.Query().Get("limit"), 50), 1), 500)
	offers, err := s.training.OpenSessions(r.Context(), r.URL.Query()["competency"], limit)
	if err != nil {
		return err
	}
	items := make([]offerOut, 0, len(offers))
	for _, o := range offers {
		items = append(items, offerOut{SessionID: strconv.FormatInt(o.SessionID, 10), ProgrammeID: strconv.FormatInt(o.ProgrammeID, 10),
			Title: o.Title, Institution: o.Institution, Competencies: o.Competencies, JP: o.JP, StartsAt: o.StartsAt.In(wib),
			SeatsLeft: o.SeatsLeft, URL: trSessionPath(o.SessionID)})
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": items, "total": len(items)})
	return nil
}
