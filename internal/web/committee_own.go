package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"asnpro/internal/recruitment"
	"asnpro/internal/results"
	"asnpro/internal/selection"
	"asnpro/internal/verification"
)

// The integration scheme of the city's own selections, on the ranking
// page of a period outside the CPNS rounds: one row per possible
// component — each assessment instrument of the period and the CAT score —
// with its weight and minimum.

// ownRow is one component of the own-scheme form, as stored or typed.
type ownRow struct {
	Source, Label, Kind string
	Weight, Minimum     string
}

// ownForm is the own-scheme form and its refusals, by input name.
type ownForm struct {
	Name   string
	Rows   []ownRow
	Fields map[string]string
	// Scheme is the stored scheme (nil: none), JPT whether the period
	// proposes three per position.
	Scheme *selection.OwnScheme
	JPT    bool
}

// ownFormOf makes the form of period id from its stored scheme and its
// instruments; typed, when set, keeps what the committee typed.
func (s *Server) ownFormOf(ctx context.Context, per *recruitment.Period, typed *ownForm) (*ownForm, error) {
	sc, err := s.results.FindOwnScheme(ctx, per.ID)
	if err != nil {
		return nil, err
	}
	instruments, err := s.results.OwnSources(ctx, per.ID)
	if err != nil {
		return nil, err
	}
	f := &ownForm{Scheme: sc, JPT: per.Kind == recruitment.KindJPT}
	stored := map[string]selection.Component{}
	if sc != nil {
		f.Name = sc.Name
		for _, c := range sc.Components {
			stored[c.Key] = c
		}
	}
	add := func(source, label, kind string) {
		row := ownRow{Source: source, Label: label, Kind: kind, Weight: "0", Minimum: "0"}
		if c, ok := stored[source]; ok {
			row.Weight, row.Minimum = strconv.Itoa(c.Weight), c.Minimum.String()
		}
		f.Rows = append(f.Rows, row)
	}
	for _, in := range instruments {
		add("instrument_"+strconv.FormatInt(in.ID, 10), in.Name, in.Kind)
	}
	add(results.SourceSKB, "", "")
	if typed != nil {
		f.Name, f.Fields = typed.Name, typed.Fields
		for i := range f.Rows {
			for _, t := range typed.Rows {
				if t.Source == f.Rows[i].Source {
					f.Rows[i].Weight, f.Rows[i].Minimum = t.Weight, t.Minimum
				}
			}
		}
	}
	return f, nil
}

// rankingOwnSubmit: POST /panitia/periode/{id}/peringkat/skema (name,
// weight_<source>, minimum_<source>) — the period's own integration scheme
// → 303; refusals beside their fields, the form as typed.
func (s *Server) rankingOwnSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	typed := &ownForm{Name: r.PostFormValue("name")}
	var parts []results.OwnPart
	e := formErrs{}
	inputs := []string{"name", "weights", "source"}
	for k := range r.PostForm {
		source, ok := strings.CutPrefix(k, "weight_")
		if !ok {
			continue
		}
		row := ownRow{Source: source, Weight: strings.TrimSpace(r.PostFormValue(k)),
			Minimum: strings.TrimSpace(r.PostFormValue("minimum_" + source))}
		typed.Rows = append(typed.Rows, row)
		inputs = append(inputs, "weight."+source, "minimum."+source)
		p := results.OwnPart{Source: source, Minimum: row.Minimum}
		if row.Weight == "" {
			row.Weight = "0"
		}
		e.int("weight."+source, row.Weight, &p.Weight)
		parts = append(parts, p)
	}
	err = e.err()
	if err == nil {
		_, err = s.results.SetOwnScheme(r.Context(), id, typed.Name, parts)
	}
	if err != nil {
		fields, msg, status, hard := fieldsOf(r, err, inputs...)
		if hard != nil {
			return hard
		}
		typed.Fields = fields
		return s.renderRankingWith(w, r, status, msg, func(d *rankingData) { d.OwnTyped = typed })
	}
	http.Redirect(w, r, rankingPath(id)+"?ok=own#own", http.StatusSeeOther)
	return nil
}

// listColumns are the columns a page shows of a stage's list in a period
// of kind, and which of the rows' Extra they are: the city's own
// selections have no SKD and no placement, so their final list shows the
// weighted total and the rank only (its components are in each row's
// explanation; the files keep every column, for a stable layout).
func listColumns(kind, stage string) (cols []string, keep []int) {
	all := verification.StageColumns(stage)
	if kind == recruitment.KindCPNS || stage != verification.StageFinal {
		return all, nil
	}
	for i, c := range all {
		if c == "final_score" || c == "final_rank" {
			cols, keep = append(cols, c), append(keep, i)
		}
	}
	return cols, keep
}

// keepColumns is extra with only the columns keep names (all when nil).
func keepColumns(extra []string, keep []int) []string {
	if keep == nil {
		return extra
	}
	out := make([]string, 0, len(keep))
	for _, i := range keep {
		if i < len(extra) {
			out = append(out, extra[i])
		} else {
			out = append(out, "")
		}
	}
	return out
}
