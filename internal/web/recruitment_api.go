package web

import (
	"bytes"
	"errors"
	"io"
	"mime"
	"net/http"
	"strconv"
	"time"

	"asnpro/internal/apperr"
	"asnpro/internal/identity"
	"asnpro/internal/recruitment"
	"asnpro/internal/upload"
)

type timelineJSON struct {
	AnnounceAt      time.Time `json:"announce_at"`
	RegOpenAt       time.Time `json:"registration_open_at"`
	RegCloseAt      time.Time `json:"registration_close_at"`
	AdminAnnounceAt time.Time `json:"administration_announce_at"`
	// AdminAnnouncedAt: when the administration results were first
	// announced (possibly before the scheduled date); appeal_ends_at runs
	// from it once set.
	AdminAnnouncedAt *time.Time `json:"administration_announced_at,omitempty"`
	AppealDays       int        `json:"appeal_days"`
	AppealEndsAt     time.Time  `json:"appeal_ends_at"`
	SKDAt            *time.Time `json:"skd_at,omitempty"`
	SKBAt            *time.Time `json:"skb_at,omitempty"`
	FinalAt          *time.Time `json:"final_at,omitempty"`
}

type periodJSON struct {
	ID            string       `json:"id"`
	Name          string       `json:"name"`
	Agency        string       `json:"agency"`
	Kind          string       `json:"kind"`
	TimeZone      string       `json:"time_zone"`
	ReferenceDate string       `json:"reference_date"`
	Status        string       `json:"status"`
	Timeline      timelineJSON `json:"timeline"`
	PublishedAt   *time.Time   `json:"published_at"`
	Source        string       `json:"source"` // local | sscasn (a national round: applicants imported)
}

func inZone(t *time.Time, l *time.Location) *time.Time {
	if t == nil {
		return nil
	}
	v := t.In(l)
	return &v
}

func (s *Server) periodOut(p *recruitment.Period) periodJSON {
	l := p.Location()
	return periodJSON{
		Source:        p.Source,
		ID:            strconv.FormatInt(p.ID, 10),
		Name:          p.Name,
		Agency:        p.Agency,
		Kind:          p.Kind,
		TimeZone:      p.TimeZone,
		ReferenceDate: p.ReferenceDate,
		Status:        p.Phase(s.now()),
		PublishedAt:   inZone(p.PublishedAt, l),
		Timeline: timelineJSON{
			AnnounceAt:       p.AnnounceAt.In(l),
			RegOpenAt:        p.RegOpenAt.In(l),
			RegCloseAt:       p.RegCloseAt.In(l),
			AdminAnnounceAt:  p.AdminAnnounceAt.In(l),
			AdminAnnouncedAt: inZone(p.AdminAnnouncedAt, l),
			AppealDays:       p.AppealDays,
			AppealEndsAt:     p.AppealEnds().In(l),
			SKDAt:            inZone(p.SKDAt, l),
			SKBAt:            inZone(p.SKBAt, l),
			FinalAt:          inZone(p.FinalAt, l),
		},
	}
}

type formationJSON struct {
	ID             string                     `json:"id"`
	PeriodID       string                     `json:"period_id"`
	Code           string                     `json:"code"`
	Position       string                     `json:"position"`
	Unit           string                     `json:"unit"`
	EmploymentType string                     `json:"employment_type"`
	Category       string                     `json:"category"`
	Quota          int                        `json:"quota"`
	Applicants     int                        `json:"applicants"`
	Education      educationJSON              `json:"education"`
	MinIPK         *float64                   `json:"min_ipk"`
	AgeMin         int                        `json:"age_min"`
	AgeMax         int                        `json:"age_max"`
	Documents      []recruitment.DocumentRule `json:"documents"`
	Proofs         []string                   `json:"proofs"`
}

type educationJSON struct {
	Levels []string            `json:"levels"`
	Majors []recruitment.Major `json:"majors"`
}

func formationOut(f *recruitment.Formation) formationJSON {
	out := formationJSON{
		ID:             strconv.FormatInt(f.ID, 10),
		PeriodID:       strconv.FormatInt(f.PeriodID, 10),
		Code:           f.Code,
		Position:       f.Position,
		Unit:           f.Unit,
		EmploymentType: f.EmploymentType,
		Category:       f.Category,
		Quota:          f.Quota,
		Applicants:     f.Submitted,
		Education: educationJSON{
			Levels: f.Levels,
			Majors: f.Majors,
		},
		AgeMin:    f.AgeMin,
		AgeMax:    f.AgeMax,
		Documents: f.Documents,
		Proofs:    f.Proofs,
	}
	if out.Education.Majors == nil {
		out.Education.Majors = []recruitment.Major{}
	}
	if out.Proofs == nil {
		out.Proofs = []string{}
	}
	if f.MinIPK != nil {
		v := float64(*f.MinIPK) / 100
		out.MinIPK = &v
	}
	return out
}

// staffSees reports whether the caller may see drafts (committee, admin, auditor).
func staffSees(r *http.Request) bool {
	return identity.PrincipalFrom(r.Context()).Has(identity.Committee, identity.Admin, identity.Auditor)
}

func pathID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, apperr.E(apperr.NotFound, "web.not_found")
	}
	return id, nil
}

func (s *Server) apiPeriods(w http.ResponseWriter, r *http.Request) error {
	ps, err := s.rec.FindPeriods(r.Context(), staffSees(r))
	if err != nil {
		return err
	}
	out := list[periodJSON]{Items: []periodJSON{}, Total: len(ps)}
	for _, p := range ps {
		out.Items = append(out.Items, s.periodOut(p))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) apiPeriod(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p, err := s.rec.FindPeriodByID(r.Context(), id, staffSees(r))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, s.periodOut(p))
	return nil
}

func (s *Server) apiPeriodCreate(w http.ResponseWriter, r *http.Request) error {
	var n newPeriodIn
	if err := decodeJSON(w, r, &n, false); err != nil {
		return err
	}
	p, err := s.rec.CreatePeriod(r.Context(), n.domain())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, s.periodOut(p))
	return nil
}

func (s *Server) apiPeriodPublish(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := decodeJSON(w, r, &struct{}{}, true); err != nil {
		return err
	}
	p, err := s.rec.PublishPeriod(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, s.periodOut(p))
	return nil
}

func formationFilter(r *http.Request) (recruitment.FormationFilter, error) {
	limit, offset, err := paging(r)
	q := r.URL.Query()
	return recruitment.FormationFilter{
		Q:      q.Get("q"),
		Unit:   q.Get("unit"),
		Level:  q.Get("level"),
		Major:  q.Get("major"),
		Limit:  limit,
		Offset: offset,
	}, err
}

func (s *Server) apiFormations(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	flt, err := formationFilter(r)
	if err != nil {
		return err
	}
	p, err := s.rec.FindPeriodByID(r.Context(), id, staffSees(r))
	if err != nil {
		return err
	}
	return s.versionedJSON(w, r, "formations|"+strconv.FormatInt(p.ID, 10), listVersion(p, ""), func() (any, error) {
		fs, total, err := s.rec.FormationsOf(r.Context(), p, flt)
		if err != nil {
			return nil, err
		}
		out := list[formationJSON]{Items: make([]formationJSON, 0, len(fs)), Total: total}
		for _, f := range fs {
			out.Items = append(out.Items, formationOut(f))
		}
		return out, nil
	})
}

func (s *Server) apiFormation(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f, err := s.rec.FindFormationByID(r.Context(), id, staffSees(r))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, formationOut(f))
	return nil
}

func (s *Server) apiFormationCreate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var n newFormationIn
	if err := decodeJSON(w, r, &n, false); err != nil {
		return err
	}
	f, err := s.rec.AddFormation(r.Context(), id, n.domain())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, formationOut(f))
	return nil
}

func (s *Server) apiEducationUpsert(w http.ResponseWriter, r *http.Request) error {
	var in []educationRefIn
	if err := decodeJSON(w, r, &in, false); err != nil {
		return err
	}
	refs := make([]recruitment.EducationRef, len(in))
	for i, e := range in {
		refs[i] = recruitment.EducationRef{Code: e.Code, Name: e.Name, Level: e.Level}
	}
	if err := s.rec.UpsertEducationRefs(r.Context(), refs); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]int{"count": len(refs)})
	return nil
}

func (s *Server) apiApplicantRegister(w http.ResponseWriter, r *http.Request) error {
	var n newApplicantIn
	if err := decodeJSON(w, r, &n, false); err != nil {
		return err
	}
	a, err := s.rec.RegisterApplicant(r.Context(), n.domain(), clientAddr(r.Context()), langOf(r))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, map[string]string{"id": strconv.FormatInt(a.ID, 10), "username": a.NIK})
	return nil
}

type applicationJSON struct {
	ID                 string                 `json:"id"`
	RegistrationNumber string                 `json:"registration_number"`
	Status             string                 `json:"status"`
	PeriodID           string                 `json:"period_id"`
	FormationID        string                 `json:"formation_id"`
	Education          recruitment.Education  `json:"education"`
	Attributes         map[string]string      `json:"attributes"`
	Documents          []recruitment.Document `json:"documents"`
	Missing            []string               `json:"missing"`
	SubmittedAt        *time.Time             `json:"submitted_at"`
	CreatedAt          time.Time              `json:"created_at"`
}

func (s *Server) applicationOut(r *http.Request, a *recruitment.Application) (applicationJSON, error) {
	out := applicationJSON{
		ID:                 strconv.FormatInt(a.ID, 10),
		RegistrationNumber: a.RegistrationNumber,
		Status:             a.Status,
		PeriodID:           strconv.FormatInt(a.PeriodID, 10),
		FormationID:        strconv.FormatInt(a.FormationID, 10),
		Education:          a.Education,
		Attributes:         a.Attributes,
		Documents:          a.Documents,
		SubmittedAt:        inZone(a.SubmittedAt, wib),
		CreatedAt:          a.CreatedAt.In(wib),
		Missing:            []string{},
	}
	if out.Documents == nil {
		out.Documents = []recruitment.Document{}
	}
	if out.Attributes == nil {
		out.Attributes = map[string]string{}
	}
	// The requirements alone (from the period's catalog copy): one read.
	f, err := s.rec.FormationRules(r.Context(), a.PeriodID, a.FormationID)
	if err != nil {
		return out, err
	}
	if m := a.Missing(f); m != nil {
		out.Missing = m
	}
	return out, nil
}

func (s *Server) apiApplicationCreate(w http.ResponseWriter, r *http.Request) error {
	var n newApplicationIn
	if err := decodeJSON(w, r, &n, false); err != nil {
		return err
	}
	a, err := s.rec.CreateApplication(r.Context(), identity.PrincipalFrom(r.Context()).UserID, n.domain(), langOf(r))
	if err != nil {
		return err
	}
	out, err := s.applicationOut(r, a)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, out)
	return nil
}

func (s *Server) apiMyApplications(w http.ResponseWriter, r *http.Request) error {
	as, err := s.rec.FindApplicationsOfUser(r.Context(), identity.PrincipalFrom(r.Context()).UserID)
	if err != nil {
		return err
	}
	out := list[applicationJSON]{Items: []applicationJSON{}, Total: len(as)}
	for _, a := range as {
		j, err := s.applicationOut(r, a)
		if err != nil {
			return err
		}
		out.Items = append(out.Items, j)
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) apiApplicationWithdraw(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := s.rec.WithdrawApplication(r.Context(), identity.PrincipalFrom(r.Context()).UserID, id); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "withdrawn"})
	return nil
}

// maxDocumentBody bounds a document sent through the API: the largest
// document rule (1 MB) and a multipart envelope around it.
const maxDocumentBody = 2 << 20

// apiDocumentPut: the document as the raw body, or as the multipart field "file".
func (s *Server) apiDocumentPut(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	kind := r.PathValue("kind")
	if err := limitBody(w, r, maxDocumentBody); err != nil {
		return err
	}
	release, err := s.takeUpload(r)
	if err != nil {
		return err
	}
	defer release()
	body, filename, err := fileBody(r, r.Header.Get("X-Filename"))
	if err != nil {
		return err
	}
	doc, err := s.rec.PutDocument(
		r.Context(),
		identity.PrincipalFrom(r.Context()).UserID,
		id,
		kind,
		upload.Sized(body, r.ContentLength),
		filename,
	)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"kind": doc.Kind, "size": doc.Size, "sha256": doc.SHA256, "content_type": doc.ContentType})
	return nil
}

func (s *Server) apiApplicationSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	// Another's application is 404 before anything about the body (API.md's
	// order). The owner's is known from one prepared read; anyone else gets
	// what reading the application answers them.
	p := identity.PrincipalFrom(r.Context())
	if !s.rec.IsOwnApplication(r.Context(), p.UserID, id) {
		if _, err := s.rec.FindApplication(r.Context(), p, id); err != nil {
			return err
		}
	}
	if err := decodeJSON(w, r, &struct{}{}, true); err != nil {
		return err
	}
	a, err := s.rec.SubmitApplication(r.Context(), identity.PrincipalFrom(r.Context()).UserID, id, langOf(r))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": a.Status, "registration_number": a.RegistrationNumber})
	return nil
}

// apiFormationsExport: GET /api/v1/periods/{id}/formations/export?format=csv|xlsx
// — every formation of the period in the import's columns (public once the
// period is published; the committee sees drafts).
func (s *Server) apiFormationsExport(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	format, err := fileFormat(r)
	if err != nil {
		return err
	}
	rows, err := s.rec.ExportFormations(r.Context(), id, staffSees(r))
	if err != nil {
		return err
	}
	return writeFormationFile(w, format, "formasi-periode-"+strconv.FormatInt(id, 10), rows)
}

// apiFormationTemplate: GET /api/v1/formation-template?format=csv|xlsx.
func (s *Server) apiFormationTemplate(w http.ResponseWriter, r *http.Request) error {
	format, err := fileFormat(r)
	if err != nil {
		return err
	}
	return writeFormationFile(w, format, "templat-formasi", recruitment.FormationTemplateRows())
}

func fileFormat(r *http.Request) (string, error) {
	switch f := r.URL.Query().Get("format"); f {
	case "", "csv":
		return "csv", nil
	case "xlsx":
		return f, nil
	}
	return "", apperr.InvalidMsgs(map[string]apperr.Msg{"format": apperr.M("recruitment.formations.format")})
}

func writeFormationFile(w http.ResponseWriter, format, name string, rows [][]string) error {
	var buf bytes.Buffer
	if err := recruitment.WriteFormationFile(&buf, format, rows); err != nil {
		return err
	}
	ct := "text/csv; charset=utf-8"
	if format == "xlsx" {
		ct = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+"."+format+`"`)
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	_, err := w.Write(buf.Bytes())
	return err
}

// apiFormationsImport: POST /api/v1/periods/{id}/formations/import — a CSV
// or XLSX file (raw body or multipart field "file"), told apart by content;
// all rows or none, with a report of every bad row.
func (s *Server) apiFormationsImport(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := limitBody(w, r, recruitment.MaxFormationFile+1<<20); err != nil {
		return err
	}
	body, name, err := fileBody(r, "upload")
	if err != nil {
		return err
	}
	header, rows, err := recruitment.ReadFormationFile(body, name)
	if err != nil {
		return tooLarge(err, "10 MB")
	}
	n, err := s.rec.ImportFormations(r.Context(), id, header, rows)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]int{"imported": n})
	return nil
}

type amendmentJSON struct {
	ID            string                        `json:"id"`
	PeriodID      string                        `json:"period_id"`
	FormationID   *string                       `json:"formation_id"`
	FormationCode string                        `json:"formation_code,omitempty"`
	Note          string                        `json:"note"`
	Changes       map[string]recruitment.Change `json:"changes"`
	Actor         string                        `json:"actor"`
	CreatedAt     time.Time                     `json:"created_at"`
}

func amendmentOut(a *recruitment.Amendment) amendmentJSON {
	out := amendmentJSON{ID: strconv.FormatInt(a.ID, 10), PeriodID: strconv.FormatInt(a.PeriodID, 10), FormationCode: a.FormationCode,
		Note: a.Note, Changes: a.Changes, Actor: a.Actor, CreatedAt: a.CreatedAt}
	if a.FormationID != nil {
		id := strconv.FormatInt(*a.FormationID, 10)
		out.FormationID = &id
	}
	return out
}

// apiAmendmentCreate: POST /api/v1/periods/{id}/amendments — change published
// requirements or dates, with the reason, recorded and shown publicly.
func (s *Server) apiAmendmentCreate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var n newAmendmentIn
	if err := decodeJSON(w, r, &n, false); err != nil {
		return err
	}
	a, err := s.rec.Amend(r.Context(), id, n.domain())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, amendmentOut(a))
	return nil
}

// apiAmendments: GET /api/v1/periods/{id}/amendments — every amendment of a
// period, oldest first.
func (s *Server) apiAmendments(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if _, err := s.rec.FindPeriodByID(r.Context(), id, staffSees(r)); err != nil {
		return err
	}
	ams, err := s.rec.FindAmendments(r.Context(), id, 0)
	if err != nil {
		return err
	}
	out := list[amendmentJSON]{Items: make([]amendmentJSON, 0, len(ams)), Total: len(ams)}
	for _, a := range ams {
		out.Items = append(out.Items, amendmentOut(a))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// fileBody returns the uploaded file of a request: its raw body, or the part
// named "file" of a multipart form (with that part's file name). Errors:
// malformed (a broken form), invalid (no "file" part).
func fileBody(r *http.Request, name string) (io.Reader, string, error) {
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "multipart/form-data" {
		return r.Body, name, nil
	}
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, "", &apperr.Error{Code: apperr.Malformed, Msg: apperr.M("web.multipart_unreadable"), Err: err}
	}
	for {
		part, err := mr.NextPart()
		if err != nil {
			return nil, "", apperr.InvalidMsgs(map[string]apperr.Msg{"file": apperr.M("web.file_part")})
		}
		if part.FormName() == "file" {
			return part, part.FileName(), nil
		}
	}
}

// tooLarge turns a body over its http.MaxBytesReader limit into 413.
func tooLarge(err error, limit string) error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return apperr.E(apperr.TooLarge, "web.file_over", "limit", limit)
	}
	return err
}
