package web

import (
	"net/http"
	"strconv"
	"strings"

	"asnpro/internal/apperr"
	"asnpro/internal/assess"
	"asnpro/internal/identity"
	"asnpro/internal/recruitment"
)

// Assessments (docs/ASSESSMENT.md): the committee defines a period's
// instruments, draws their assessors and moderates; an assessor scores the
// candidates drawn for them, alone, and declares a conflict. The auditor
// reads the committee's pages.

func instrumentPath(id int64) string { return "/panitia/asesmen/" + strconv.FormatInt(id, 10) }

// dimensionRows is how many dimension blocks the instrument form offers.
const dimensionRows = 6

// presetInterview is the structured interview the form can start from:
// the dimensions DESIGN §6 names, with generic anchors to adapt.
func presetInterview() []assess.Dimension {
	anchors := [assess.Levels]string{"Tidak menunjukkan perilaku ini", "Menunjukkan sebagian kecil, dengan bantuan",
		"Menunjukkan dalam situasi biasa", "Menunjukkan secara konsisten, juga dalam situasi sulit",
		"Menjadi teladan dan menggerakkan orang lain"}
	var out []assess.Dimension
	for _, n := range []string{"Komunikasi", "Kepemimpinan", "Integritas", "Kerja sama", "Orientasi pelayanan"} {
		out = append(out, assess.Dimension{Name: n, Minimum: 2, Anchors: anchors})
	}
	return out
}

type instrumentsData struct {
	P          periodView
	List       []*assess.Instrument
	Kinds      []string
	Form       assess.NewInstrument
	Rows       []assess.Dimension // the form's dimension blocks
	Fields     map[string]string
	Error      string
	CanAct     bool
	PresetHref string
	// Phases: the instruments a new one may follow (none in a CPNS round)
	// and each listed one's earlier instrument by name.
	Earlier    []*assess.Instrument
	AfterNames map[int64]string
}

// instrumentsPage: GET /panitia/periode/{id}/asesmen[?preset=1] — the
// period's instruments and the form that defines one.
func (s *Server) instrumentsPage(w http.ResponseWriter, r *http.Request) error {
	form := assess.NewInstrument{Kind: assess.KindInterview, Assessors: 2}
	if r.URL.Query().Get("preset") == "1" {
		form.Name, form.Dimensions = "Wawancara terstruktur", presetInterview()
	}
	return s.renderInstruments(w, r, http.StatusOK, instrumentsData{Form: form})
}

func (s *Server) renderInstruments(w http.ResponseWriter, r *http.Request, status int, d instrumentsData) error {
	ctx := r.Context()
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	per, err := s.rec.FindPeriodByID(ctx, id, true)
	if err != nil {
		return err
	}
	d.P = periodView{per, per.Phase(s.now())}
	if d.List, err = s.assess.FindInstruments(ctx, id); err != nil {
		return err
	}
	d.Kinds, d.PresetHref = assess.Kinds, "/panitia/periode/"+strconv.FormatInt(id, 10)+"/asesmen?preset=1#new"
	d.CanAct = s.may(identity.PrincipalFrom(ctx), "POST /panitia/periode/{id}/asesmen")
	if per.Kind != recruitment.KindCPNS {
		d.Earlier = d.List
	}
	d.AfterNames = map[int64]string{}
	for _, in := range d.List {
		if in.After != 0 {
			d.AfterNames[in.ID] = instrumentName(d.List, in.After)
		}
	}
	d.Rows = make([]assess.Dimension, dimensionRows)
	copy(d.Rows, d.Form.Dimensions)
	for i := range d.Rows {
		d.Rows[i].No = i + 1
	}
	return s.render(w, r, status, "instruments", "assess.title", d)
}

// instrumentCreateSubmit: POST /panitia/periode/{id}/asesmen — kind, name,
// assessors, and per dimension N (1–6, empty ones left out) dim.N.name,
// dim.N.minimum, dim.N.anchor.1…5 → 303 to the instrument.
func (s *Server) instrumentCreateSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	n := assess.NewInstrument{Kind: strings.TrimSpace(r.PostFormValue("kind")), Name: r.PostFormValue("name")}
	e := formErrs{}
	e.int("assessors", strings.TrimSpace(r.PostFormValue("assessors")), &n.Assessors)
	if after, ok := afterValue(r.PostFormValue("after")); ok {
		n.After = after
	} else {
		e["after"] = apperr.M("assessphase.after_period")
	}
	for i := 1; i <= dimensionRows; i++ {
		k := "dim." + strconv.Itoa(i) + "."
		d := assess.Dimension{Name: r.PostFormValue(k + "name")}
		for l := range d.Anchors {
			d.Anchors[l] = r.PostFormValue(k + "anchor." + strconv.Itoa(l+1))
		}
		if strings.TrimSpace(d.Name) == "" && strings.TrimSpace(strings.Join(d.Anchors[:], "")) == "" {
			continue
		}
		e.int("dimension."+strconv.Itoa(len(n.Dimensions)+1)+".minimum", strings.TrimSpace(r.PostFormValue(k+"minimum")), &d.Minimum)
		n.Dimensions = append(n.Dimensions, d)
	}
	err = e.err()
	var in *assess.Instrument
	if err == nil {
		in, err = s.assess.CreateInstrument(r.Context(), id, n)
	}
	if err != nil {
		fields, msg, status, hard := fieldsOf(r, err, instrumentInputs()...)
		if hard != nil {
			return hard
		}
		return s.renderInstruments(w, r, status, instrumentsData{Form: n, Fields: fields, Error: msg})
	}
	http.Redirect(w, r, instrumentPath(in.ID)+"?ok=created", http.StatusSeeOther)
	return nil
}

// instrumentInputs are the form's field keys, as the service names them.
func instrumentInputs() []string {
	out := []string{"kind", "name", "assessors", "dimensions", "after"}
	for i := 1; i <= dimensionRows; i++ {
		k := "dimension." + strconv.Itoa(i)
		out = append(out, k+".name", k+".minimum")
		for l := 1; l <= assess.Levels; l++ {
			out = append(out, k+".anchor."+strconv.Itoa(l))
		}
	}
	return out
}

type instrumentData struct {
	P         periodView
	In        *assess.Instrument
	Rows      []assess.CandidateRow
	Agreement assess.Agreement
	Flash     string
	Error     string
	CanAct    bool
	// The moderation form refused: its candidate, dimension and fields.
	ModApp    int64
	ModNo     int
	ModFields map[string]string
	// ModScore and ModReason are the refused moderation as typed.
	ModScore, ModReason string
	// Panels, and the new-panel form (as refused).
	Panels    *assess.PanelSet
	PanelForm panelForm
	// The phase: the earlier instrument's name, the instruments it may
	// follow (none in a CPNS round), and the phase form as refused.
	AfterName   string
	Earlier     []*assess.Instrument
	AfterFields map[string]string
	AfterError  string
	AfterTyped  int64
}

var instrumentFlashes = map[string]string{"created": "assess.flash.created", "assigned": "assess.flash.assigned",
	"moderated": "assess.flash.moderated", "panel": "assesspanel.flash.created", "after": "assessphase.flash.set",
	"panel_deleted": "assesspanel.flash.deleted"}

// instrumentPage: GET /panitia/asesmen/{id} — the candidates with their
// assessors, each dimension's final score and spread, what waits for the
// panel, the result against the minimums, and the assessors' agreement.
func (s *Server) instrumentPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderInstrument(w, r, http.StatusOK, instrumentData{})
}

func (s *Server) renderInstrument(w http.ResponseWriter, r *http.Request, status int, d instrumentData) error {
	ctx := r.Context()
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	// A psychotest's results are read here: the read is recorded.
	if d.In, d.Rows, err = s.assess.ReadCandidates(ctx, id); err != nil {
		return err
	}
	var per *recruitment.Period
	if per, err = s.rec.FindPeriodByID(ctx, d.In.PeriodID, true); err != nil {
		return err
	}
	d.P = periodView{per, per.Phase(s.now())}
	if d.Agreement, err = s.assess.Agreement(ctx, id); err != nil {
		return err
	}
	if d.Panels, err = s.assess.Panels(ctx, id); err != nil {
		return err
	}
	list, err := s.assess.FindInstruments(ctx, d.In.PeriodID)
	if err != nil {
		return err
	}
	d.AfterName = instrumentName(list, d.In.After)
	if per.Kind != recruitment.KindCPNS {
		d.Earlier = phaseOptions(list, id)
	}
	if d.AfterFields == nil {
		d.AfterTyped = d.In.After
	}
	d.CanAct = s.may(identity.PrincipalFrom(ctx), "POST /panitia/asesmen/{id}/penugasan")
	if k, ok := instrumentFlashes[r.URL.Query().Get("ok")]; ok && d.Flash == "" {
		d.Flash = T(langOf(r), k, "n", atoiOr(r.URL.Query().Get("n"), 0))
	}
	return s.render(w, r, status, "instrument", "assess.title", d)
}

// instrumentAssignSubmit: POST /panitia/asesmen/{id}/penugasan — draws the
// assessors still needed → 303 with how many.
func (s *Server) instrumentAssignSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	n, err := s.assess.Assign(r.Context(), id)
	if err != nil {
		msg, status, perr := pageError(r, err)
		if perr != nil {
			return perr
		}
		return s.renderInstrument(w, r, status, instrumentData{Error: msg})
	}
	http.Redirect(w, r, instrumentPath(id)+"?ok=assigned&n="+strconv.Itoa(n), http.StatusSeeOther)
	return nil
}

// instrumentModerateSubmit: POST /panitia/asesmen/{id}/moderasi (app, no,
// score, reason) — the panel's agreed score with its reason → 303.
func (s *Server) instrumentModerateSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	app, _ := strconv.ParseInt(r.PostFormValue("app"), 10, 64)
	no, _ := strconv.Atoi(r.PostFormValue("no"))
	score, _ := strconv.Atoi(r.PostFormValue("score"))
	err = s.assess.Moderate(r.Context(), identity.PrincipalFrom(r.Context()).UserID, id, app, no, score, r.PostFormValue("reason"))
	if err != nil {
		fields, msg, status, hard := fieldsOf(r, err, "score", "reason")
		if hard != nil {
			return hard
		}
		for _, k := range []string{"score", "reason"} {
			if f := fields[k]; f != "" && !strings.Contains(msg, f) {
				msg += " · " + f // also at the top: the form may be scrolled out of a phone's view
			}
		}
		return s.renderInstrument(w, r, status, instrumentData{Error: msg, ModApp: app, ModNo: no, ModFields: fields,
			ModScore: r.PostFormValue("score"), ModReason: r.PostFormValue("reason")})
	}
	http.Redirect(w, r, instrumentPath(id)+"?ok=moderated#c-"+strconv.FormatInt(app, 10), http.StatusSeeOther)
	return nil
}

// --- the assessor's pages ---

type scoringData struct {
	List   []assess.Assigned
	A      *assess.Assigned
	Fields map[string]string
	Error  string
	Flash  string
	Typed  map[string]string // the scores (and "recommendation") as chosen, on a refusal
	// The list's forms by instrument: a psychotest's score file, a paper's
	// conflict declared by name; Import is a refused file's report (of
	// instrument ImportIn).
	Imports   []scoreImportForm
	Papers    []paperConflictForm
	Import    *importReport
	ImportIn  int64
	Recs      []string
	PaperIn   int64 // the paper whose conflict form was refused
	PaperPick string
}

// scoringListPage: GET /penilaian — the candidates drawn for the assessor.
func (s *Server) scoringListPage(w http.ResponseWriter, r *http.Request) error {
	d := scoringData{}
	if k, ok := scoringListFlashes[r.URL.Query().Get("ok")]; ok {
		d.Flash = T(langOf(r), k, "n", atoiOr(r.URL.Query().Get("n"), 0))
	}
	return s.renderScoringList(w, r, http.StatusOK, d)
}

// scoringPage: GET /penilaian/{instrument}/{app} — the dimensions with
// their anchors and the form; after submitting, the assessor's scores and
// the others' that are in.
func (s *Server) scoringPage(w http.ResponseWriter, r *http.Request) error {
	d := scoringData{}
	if r.URL.Query().Get("ok") != "" {
		d.Flash = T(langOf(r), "assess.flash."+r.URL.Query().Get("ok"))
	}
	return s.renderScoring(w, r, http.StatusOK, d)
}

func (s *Server) renderScoring(w http.ResponseWriter, r *http.Request, status int, d scoringData) error {
	in, app, err := s.scoringTarget(r)
	if err != nil {
		return err
	}
	// A psychotest's view is recorded by the service.
	if d.A, err = s.assess.View(r.Context(), identity.PrincipalFrom(r.Context()).UserID, in, app); err != nil {
		return err
	}
	d.Recs = assess.Recommendations
	return s.render(w, r, status, "scoring", "assess.scoring.title", d)
}

// scoringTarget resolves a scoring address /penilaian/{instrument}/{app}
// for the signed-in assessor: {app} is the candidate's Ref — a paper's
// code, the application ID otherwise; an application ID does not open a
// paper (404), so a paper's address never names its writer.
func (s *Server) scoringTarget(r *http.Request) (in, app int64, err error) {
	a, err := s.scoringAssigned(r)
	if err != nil {
		return 0, 0, err
	}
	return a.Instrument.ID, a.ApplicationID, nil
}

// scoringAssigned is scoringTarget's assignment.
func (s *Server) scoringAssigned(r *http.Request) (*assess.Assigned, error) {
	in, err := pathID(r, "instrument")
	if err != nil {
		return nil, err
	}
	list, err := s.assess.FindAssigned(r.Context(), identity.PrincipalFrom(r.Context()).UserID)
	if err != nil {
		return nil, err
	}
	ref := r.PathValue("app")
	for i, a := range list {
		if a.Instrument.ID == in && a.Ref() == ref {
			return &list[i], nil
		}
	}
	return nil, assess.ErrNotAssigned
}

// scoringPath is the scoring page of a candidate by their Ref.
func scoringPath(in int64, ref string) string {
	return "/penilaian/" + strconv.FormatInt(in, 10) + "/" + ref
}

// scoringSubmit: POST /penilaian/{instrument}/{app} (score.N) — the
// assessor's scores, once → 303.
func (s *Server) scoringSubmit(w http.ResponseWriter, r *http.Request) error {
	a, err := s.scoringAssigned(r)
	if err != nil {
		return err
	}
	in, app := a.Instrument.ID, a.ApplicationID
	if err := parseForm(w, r); err != nil {
		return err
	}
	var scores []int
	typed := map[string]string{}
	for i := 1; i <= 12; i++ {
		v := r.PostFormValue("score." + strconv.Itoa(i))
		if v == "" && r.PostForm["score."+strconv.Itoa(i)] == nil {
			break
		}
		typed[strconv.Itoa(i)] = v
		n, err := strconv.Atoi(v)
		if err != nil {
			n = 0
		}
		scores = append(scores, n)
	}
	sub := assess.Submission{Scores: scores, Recommendation: strings.TrimSpace(r.PostFormValue("recommendation"))}
	typed["recommendation"] = sub.Recommendation
	err = s.assess.CheckSubmission(r.Context(), in, sub)
	if err == nil && a.Submitted {
		err = assess.ErrSubmitted
	}
	if err == nil {
		// Sent scores never change: good ones are confirmed first.
		ask := confirmAsk{Title: "assess.confirm.title", What: "assess.confirm.what", Args: []any{"scores", scoresText(a.Instrument, sub)},
			Back: scoringPath(in, r.PathValue("app"))}
		if ok, err := s.confirmed(w, r, ask); !ok {
			return err
		}
		err = s.assess.SubmitWith(r.Context(), identity.PrincipalFrom(r.Context()).UserID, in, app, sub)
	}
	if err != nil {
		fields, msg, status, hard := fieldsOf(r, err, scoreInputs()...)
		if hard != nil {
			return hard
		}
		return s.renderScoring(w, r, status, scoringData{Fields: fields, Error: msg, Typed: typed})
	}
	http.Redirect(w, r, scoringPath(in, r.PathValue("app"))+"?ok=submitted", http.StatusSeeOther)
	return nil
}

func scoreInputs() []string {
	out := []string{"score", "recommendation"}
	for i := 1; i <= 12; i++ {
		out = append(out, "score."+strconv.Itoa(i))
	}
	return out
}

// scoringConflictSubmit: POST /penilaian/{instrument}/{app}/konflik (note)
// — the assessor declares a conflict and is replaced → 303 to the list.
func (s *Server) scoringConflictSubmit(w http.ResponseWriter, r *http.Request) error {
	in, app, err := s.scoringTarget(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	if err := s.assess.DeclareConflict(r.Context(), identity.PrincipalFrom(r.Context()).UserID, in, app, r.PostFormValue("note")); err != nil {
		fields, msg, status, hard := fieldsOf(r, err, "note")
		if hard != nil {
			return hard
		}
		return s.renderScoring(w, r, status, scoringData{Fields: fields, Error: msg})
	}
	http.Redirect(w, r, "/penilaian?ok=conflict", http.StatusSeeOther)
	return nil
}

// scoresText lists a submission for its confirmation: "Komunikasi 4;
// Integritas 3" (and the recommendation of a psychotest).
func scoresText(in *assess.Instrument, sub assess.Submission) string {
	parts := make([]string, 0, len(in.Dimensions)+1)
	for i, d := range in.Dimensions {
		if i < len(sub.Scores) {
			parts = append(parts, d.Name+" "+strconv.Itoa(sub.Scores[i]))
		}
	}
	if sub.Recommendation != "" {
		parts = append(parts, strings.ReplaceAll(sub.Recommendation, "_", " "))
	}
	return strings.Join(parts, "; ")
}
