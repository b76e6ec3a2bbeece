package web

import (
	"encoding/json"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"

	"asnpro/internal/apperr"
	"asnpro/internal/recruitment"
)

// --- formations: /panitia/periode/{id}/formasi (new), /panitia/formasi/{id} (edit or amend) ---

// docKinds are the document kinds the form offers (the SSCASN presets).
var docKinds = func() []string {
	out := make([]string, 0, len(recruitment.DocumentPresets))
	for k := range recruitment.DocumentPresets {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}()

// formationForm is the formation form as typed.
type formationForm struct {
	Code, Position, Unit, EmploymentType, Quota, Category string
	Levels                                                []string
	Majors, MinIPK, AgeMin, AgeMax                        string
	Documents                                             []string // kinds; none: the usual six
}

// HasLevel and HasDoc tick the form's boxes.
func (f formationForm) HasLevel(l string) bool { return slices.Contains(f.Levels, l) }

func (f formationForm) HasDoc(k string) bool { return slices.Contains(f.Documents, k) }

func formationFormOf(fm *recruitment.Formation) formationForm {
	f := formationForm{Code: fm.Code, Position: fm.Position, Unit: fm.Unit, EmploymentType: fm.EmploymentType,
		Quota: strconv.Itoa(fm.Quota), Category: fm.Category, Levels: fm.Levels, AgeMin: strconv.Itoa(fm.AgeMin),
		AgeMax: strconv.Itoa(fm.AgeMax)}
	codes := make([]string, len(fm.Majors))
	for i, m := range fm.Majors {
		codes[i] = m.Code
	}
	f.Majors = strings.Join(codes, "; ")
	if fm.MinIPK != nil {
		f.MinIPK = recruitment.IPKString(*fm.MinIPK)
	}
	for _, d := range fm.Documents {
		f.Documents = append(f.Documents, d.Kind)
	}
	return f
}

func readFormationForm(r *http.Request) formationForm {
	v := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	return formationForm{Code: r.PostFormValue("code"), Position: r.PostFormValue("position"), Unit: r.PostFormValue("unit"),
		EmploymentType: v("employment_type"), Quota: v("quota"), Category: v("category"), Levels: r.PostForm["levels"],
		Majors: v("majors"), MinIPK: v("min_ipk"), AgeMin: v("age_min"), AgeMax: v("age_max"), Documents: r.PostForm["documents"]}
}

// majorCodes splits the majors input: codes separated by ";", "," or new lines.
func majorCodes(s string) []string {
	var out []string
	for _, c := range strings.FieldsFunc(s, func(r rune) bool { return r == ';' || r == ',' || r == '\n' || r == '\r' }) {
		if c = strings.TrimSpace(c); c != "" {
			out = append(out, c)
		}
	}
	return out
}

// formation is the form as the request AddFormation and UpdateFormation
// take. Documents: the rules of was (the formation being edited) for the
// kinds it already asks for, the SSCASN presets for the others.
func (f formationForm) formation(was *recruitment.Formation) (recruitment.NewFormation, error) {
	e := formErrs{}
	n := recruitment.NewFormation{Code: f.Code, Position: f.Position, Unit: f.Unit, EmploymentType: f.EmploymentType,
		Category: f.Category}
	e.int("quota", f.Quota, &n.Quota)
	e.int("age_min", f.AgeMin, &n.AgeMin)
	e.int("age_max", f.AgeMax, &n.AgeMax)
	n.Education.Levels = f.Levels
	n.Education.Majors = majorCodes(f.Majors)
	if f.MinIPK != "" {
		v, err := strconv.ParseFloat(strings.ReplaceAll(f.MinIPK, ",", "."), 64)
		if err != nil {
			e["min_ipk"] = apperr.M("panitia.number_bad")
		}
		n.MinIPK = &v
	}
	for _, k := range f.Documents {
		rule, ok := recruitment.DocumentRule{}, false
		if was != nil {
			rule, ok = was.Document(k)
		}
		if !ok {
			rule, ok = recruitment.DocumentPresets[k]
		}
		if !ok {
			e["documents"] = apperr.M("panitia.document_bad")
			continue
		}
		n.Documents = append(n.Documents, rule)
	}
	return n, e.err()
}

// amendment is the form as an amendment of fm's requirements: the
// amendable fields, of which the domain records those that differ.
func (f formationForm) amendment(fm *recruitment.Formation, note string) (recruitment.NewAmendment, error) {
	n, err := f.formation(fm)
	if err != nil {
		return recruitment.NewAmendment{}, err
	}
	ch := map[string]json.RawMessage{}
	put := func(k string, v any) { ch[k], _ = json.Marshal(v) }
	put("quota", n.Quota)
	put("levels", n.Education.Levels)
	put("majors", n.Education.Majors)
	put("min_ipk", n.MinIPK)
	put("age_min", n.AgeMin)
	put("age_max", n.AgeMax)
	if len(n.Documents) > 0 {
		put("documents", n.Documents)
	}
	return recruitment.NewAmendment{FormationID: strconv.FormatInt(fm.ID, 10), Note: note, Changes: ch}, nil
}

var formationInputs = []string{"code", "position", "unit", "employment_type", "quota", "category", "levels", "majors", "min_ipk",
	"age_min", "age_max", "documents", "note"}

type committeeFormationData struct {
	P      periodView
	F      *recruitment.Formation // nil: a new formation
	Form   formationForm
	Note   string
	Fields map[string]string
	Error  string
	Flash  string
	// Amend: the period is published, so the requirements change through
	// an amendment with its reason, and the names stay.
	Amend      bool
	Action     string
	Amendments []*recruitment.Amendment
	Levels     []string
	Categories []string
	DocKinds   []string
	// Education is the reference list of education codes the majors
	// field takes.
	Education []recruitment.EducationRef
}

func (s *Server) renderCommitteeFormation(w http.ResponseWriter, r *http.Request, status int, d committeeFormationData) error {
	d.Levels, d.Categories, d.DocKinds = recruitment.Levels, recruitment.Categories, docKinds
	var err error
	if d.Education, err = s.rec.FindEducationRefs(r.Context()); err != nil {
		return err
	}
	if d.Flash == "" {
		d.Flash = committeeFlash(r)
	}
	return s.render(w, r, status, "committee_formation", "panitia.formation.title", d)
}

// committeeFormationNewPage: GET /panitia/periode/{id}/formasi — the form
// of a new formation.
func (s *Server) committeeFormationNewPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p, err := s.rec.FindPeriodByID(r.Context(), id, true)
	if err != nil {
		return err
	}
	d := committeeFormationData{P: periodView{p, p.Phase(s.now())}, Action: periodPath(id) + "/formasi",
		Form: formationForm{EmploymentType: "PNS", Quota: "1", Category: "umum", AgeMin: "18", AgeMax: "35"}}
	return s.renderCommitteeFormation(w, r, http.StatusOK, d)
}

// committeeFormationCreateSubmit: POST /panitia/periode/{id}/formasi →
// 303 to the period; errors beside their fields.
func (s *Server) committeeFormationCreateSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := readFormationForm(r)
	n, err := f.formation(nil)
	if err == nil {
		_, err = s.rec.AddFormation(r.Context(), id, n)
	}
	if err != nil {
		fields, msg, status, hard := fieldsOf(r, err, formationInputs...)
		if hard != nil {
			return hard
		}
		p, err := s.rec.FindPeriodByID(r.Context(), id, true)
		if err != nil {
			return err
		}
		d := committeeFormationData{P: periodView{p, p.Phase(s.now())}, Action: periodPath(id) + "/formasi", Form: f,
			Fields: fields, Error: msg}
		return s.renderCommitteeFormation(w, r, status, d)
	}
	http.Redirect(w, r, periodPath(id)+"?ok=formation", http.StatusSeeOther)
	return nil
}

// formationOf reads the formation of the path and its period.
func (s *Server) formationOf(r *http.Request) (*recruitment.Formation, *recruitment.Period, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, nil, err
	}
	fm, err := s.rec.FindFormationByID(r.Context(), id, true)
	if err != nil {
		return nil, nil, err
	}
	p, err := s.rec.FindPeriodByID(r.Context(), fm.PeriodID, true)
	return fm, p, err
}

// committeeFormationPage: GET /panitia/formasi/{id} — edit (draft) or
// amend (published) a formation.
func (s *Server) committeeFormationPage(w http.ResponseWriter, r *http.Request) error {
	fm, p, err := s.formationOf(r)
	if err != nil {
		return err
	}
	return s.renderFormationEdit(w, r, http.StatusOK, fm, p, func(*committeeFormationData) {})
}

func (s *Server) renderFormationEdit(w http.ResponseWriter, r *http.Request, status int, fm *recruitment.Formation,
	p *recruitment.Period, edit func(*committeeFormationData)) error {
	path := "/panitia/formasi/" + strconv.FormatInt(fm.ID, 10)
	d := committeeFormationData{P: periodView{p, p.Phase(s.now())}, F: fm, Form: formationFormOf(fm), Action: path,
		Amend: p.PublishedAt != nil}
	if d.Amend {
		d.Action = path + "/perubahan"
		var err error
		if d.Amendments, err = s.rec.FindAmendments(r.Context(), p.ID, fm.ID); err != nil {
			return err
		}
	}
	edit(&d)
	return s.renderCommitteeFormation(w, r, status, d)
}

// committeeFormationSubmit: POST /panitia/formasi/{id} — edits a
// formation of a draft period → 303 to the period.
func (s *Server) committeeFormationSubmit(w http.ResponseWriter, r *http.Request) error {
	fm, p, err := s.formationOf(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := readFormationForm(r)
	n, err := f.formation(fm)
	if err == nil {
		_, err = s.rec.UpdateFormation(r.Context(), fm.ID, n)
	}
	if err != nil {
		return s.formationFormFailed(w, r, err, fm, p, f, "")
	}
	http.Redirect(w, r, periodPath(p.ID)+"?ok=formation_updated", http.StatusSeeOther)
	return nil
}

func (s *Server) formationFormFailed(w http.ResponseWriter, r *http.Request, err error, fm *recruitment.Formation,
	p *recruitment.Period, f formationForm, note string) error {
	fields, msg, status, hard := fieldsOf(r, err, formationInputs...)
	if hard != nil {
		return hard
	}
	return s.renderFormationEdit(w, r, status, fm, p, func(d *committeeFormationData) {
		d.Form, d.Note, d.Fields, d.Error = f, note, fields, msg
		if d.Amend { // the names are not the amendment's to change
			d.Form.Code, d.Form.Position, d.Form.Unit, d.Form.EmploymentType, d.Form.Category = fm.Code, fm.Position, fm.Unit,
				fm.EmploymentType, fm.Category
		}
	})
}

// committeeFormationAmendSubmit: POST /panitia/formasi/{id}/perubahan —
// an amendment of a published formation's requirements, with its reason
// → 303 to the period.
func (s *Server) committeeFormationAmendSubmit(w http.ResponseWriter, r *http.Request) error {
	fm, p, err := s.formationOf(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	f, note := readFormationForm(r), r.PostFormValue("note")
	f.Code, f.Position, f.Unit, f.EmploymentType, f.Category = fm.Code, fm.Position, fm.Unit, fm.EmploymentType, fm.Category
	a, err := f.amendment(fm, note)
	if err == nil {
		_, err = s.rec.Amend(r.Context(), p.ID, a)
	}
	if err != nil {
		return s.formationFormFailed(w, r, err, fm, p, f, note)
	}
	http.Redirect(w, r, periodPath(p.ID)+"?ok=amended", http.StatusSeeOther)
	return nil
}
