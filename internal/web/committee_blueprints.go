package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"asnpro/internal/exam"
	"asnpro/internal/identity"
	"asnpro/internal/selection"
)

// --- /panitia/cetak-biru: the blueprints, and a new one (the SKD 2024 preset offered) ---

// blueprintRows is how many sub-test rows the blueprint form offers; rows
// left blank are not parts.
const blueprintRows = 6

// presetSKD2024 is the query value that fills the form with exam.SKD2024.
const presetSKD2024 = "skd-2024"

// blueprintForm is the blueprint form as typed.
type blueprintForm struct {
	Name           string
	Parts          [blueprintRows]partInput
	Minutes, Extra string
	// Passing is the name of the rules engine's scheme whose grades apply
	// ("": no passing grade).
	Passing string
}

// partInput is one row of the form: a sub-test and its number of items.
type partInput struct {
	Subtest, Count string
}

// Rows are the form's part rows with their input names.
func (f blueprintForm) Rows() []partRow {
	out := make([]partRow, blueprintRows)
	for i, p := range f.Parts {
		n := strconv.Itoa(i)
		out[i] = partRow{partInput: p, N: i + 1, SubtestName: "part_subtest_" + n, CountName: "part_count_" + n}
	}
	return out
}

type partRow struct {
	partInput
	N                      int // 1, 2, …
	SubtestName, CountName string
}

func blueprintFormOf(b exam.Blueprint) blueprintForm {
	f := blueprintForm{Name: b.Name, Minutes: strconv.Itoa(b.Minutes), Extra: strconv.Itoa(b.ExtraMinutes)}
	for i, p := range b.Parts {
		if i < blueprintRows {
			f.Parts[i] = partInput{Subtest: p.Subtest, Count: strconv.Itoa(p.Count)}
		}
	}
	if b.Passing != nil {
		f.Passing = b.Passing.Scheme
	}
	return f
}

// emptyBlueprintForm is the form a new blueprint starts from: the SKD's
// sub-tests named, the rest to type.
func emptyBlueprintForm() blueprintForm {
	var f blueprintForm
	for i, s := range []string{exam.TWK, exam.TIU, exam.TKP} {
		f.Parts[i].Subtest = s
	}
	return f
}

func readBlueprintForm(r *http.Request) blueprintForm {
	v := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	f := blueprintForm{Name: r.PostFormValue("name"), Minutes: v("minutes"), Extra: v("extra_minutes"), Passing: v("passing")}
	for i := range f.Parts {
		n := strconv.Itoa(i)
		f.Parts[i] = partInput{Subtest: v("part_subtest_" + n), Count: v("part_count_" + n)}
	}
	return f
}

// blueprint is the form as the request CreateBlueprint takes, and the form
// row of each part (rows left blank are skipped). The passing rule takes
// the grades of the scheme named, which the domain checks against the
// blueprint's counts.
func (f blueprintForm) blueprint() (exam.Blueprint, []int, error) {
	e := formErrs{}
	b := exam.Blueprint{Name: f.Name}
	var rows []int
	for i, p := range f.Parts {
		if p.Subtest == "" && p.Count == "" {
			continue
		}
		part := exam.Part{Subtest: p.Subtest}
		e.int(fmt.Sprintf("parts.%d.count", len(rows)), p.Count, &part.Count)
		b.Parts = append(b.Parts, part)
		rows = append(rows, i)
	}
	e.int("minutes", f.Minutes, &b.Minutes)
	e.int("extra_minutes", f.Extra, &b.ExtraMinutes)
	if f.Passing != "" {
		b.Passing = &exam.Passing{Scheme: f.Passing, Grades: map[string]selection.Grade{}}
		if sc, err := selection.LookupScheme(f.Passing); err == nil {
			for _, c := range selection.Categories() {
				b.Passing.Grades[c.String()] = sc.Grades[c]
			}
		}
	}
	return b, rows, e.err()
}

// partField names the form input of a domain field key: parts.N.subtest is
// the sub-test input of the N-th part's row.
func partField(rows []int) func(string) string {
	return func(k string) string {
		rest, ok := strings.CutPrefix(k, "parts.")
		if !ok {
			return k
		}
		n, field, ok := strings.Cut(rest, ".")
		i, err := strconv.Atoi(n)
		if !ok || err != nil || i < 0 || i >= len(rows) {
			return k
		}
		return "part_" + field + "_" + strconv.Itoa(rows[i])
	}
}

func blueprintInputs() []string {
	out := []string{"name", "parts", "minutes", "extra_minutes", "passing"}
	for i := range blueprintRows {
		out = append(out, "part_subtest_"+strconv.Itoa(i), "part_count_"+strconv.Itoa(i))
	}
	return out
}

type committeeBlueprintsData struct {
	Blueprints []*exam.Blueprint
	Form       blueprintForm
	Fields     map[string]string
	Error      string
	Flash      string
	Schemes    []string
	PresetHref string
	BanksHref  string // "" when the user may not open it
}

// committeeBlueprintsPage: GET /panitia/cetak-biru[?preset=skd-2024] —
// every blueprint, and the form that creates one (filled with the SKD
// 2024 preset when asked).
func (s *Server) committeeBlueprintsPage(w http.ResponseWriter, r *http.Request) error {
	f := emptyBlueprintForm()
	if r.URL.Query().Get("preset") == presetSKD2024 {
		f = blueprintFormOf(exam.SKD2024())
	}
	return s.renderCommitteeBlueprints(w, r, http.StatusOK, committeeBlueprintsData{Form: f})
}

func (s *Server) renderCommitteeBlueprints(w http.ResponseWriter, r *http.Request, status int, d committeeBlueprintsData) error {
	bps, err := s.exam.FindBlueprints(r.Context())
	if err != nil {
		return err
	}
	d.Blueprints, d.Schemes = bps, selection.SchemeNames()
	d.PresetHref = "/panitia/cetak-biru?preset=" + presetSKD2024 + "#new"
	if d.Flash == "" {
		d.Flash = bankFlash(r)
	}
	if s.may(identity.PrincipalFrom(r.Context()), "GET /panitia/bank") {
		d.BanksHref = "/panitia/bank"
	}
	return s.render(w, r, status, "committee_blueprints", "banks.blueprints.title", d)
}

// committeeBlueprintCreateSubmit: POST /panitia/cetak-biru — stores a
// blueprint → 303 to the list; errors beside their fields.
func (s *Server) committeeBlueprintCreateSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := readBlueprintForm(r)
	b, rows, err := f.blueprint()
	if err == nil {
		_, err = s.exam.CreateBlueprint(r.Context(), b)
	}
	if err != nil {
		fields, msg, status, hard := fieldsOf(r, renamed(err, partField(rows)), blueprintInputs()...)
		if hard != nil {
			return hard
		}
		return s.renderCommitteeBlueprints(w, r, status, committeeBlueprintsData{Form: f, Fields: fields, Error: msg})
	}
	http.Redirect(w, r, "/panitia/cetak-biru?ok=blueprint#blueprints", http.StatusSeeOther)
	return nil
}
