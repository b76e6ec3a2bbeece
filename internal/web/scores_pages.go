package web

import (
	"net/http"
	"strconv"

	"asnpro/internal/apperr"
	"asnpro/internal/identity"
	"asnpro/internal/results"
)

// --- /panitia/periode/{id}/nilai: a period's SKD and SKB scores from CAT BKN ---

type committeeScoresData struct {
	P     periodView
	Pact  bool // the member has signed the period's pact (the import needs it)
	Final bool // the period's final results are published: no more imports
	// Counts are the period's scores by component and source.
	Counts []results.ScoreCount
	// Component and Summary: what the import just done stored.
	Component string
	Summary   *results.ImportSummary
	Import    *importReport
	// Components are the forms shown, in order.
	Components []string
}

// committeeScoresPage: GET /panitia/periode/{id}/nilai — the two upload
// forms with their templates, the period's scores counted by component
// and source, and after an import its counts.
func (s *Server) committeeScoresPage(w http.ResponseWriter, r *http.Request) error {
	d := committeeScoresData{}
	if q := r.URL.Query(); q.Get("ok") == "scores" {
		n := func(k string) int { v, _ := strconv.Atoi(q.Get(k)); return v }
		d.Summary = &results.ImportSummary{Imported: n("n"), Present: n("present"), Absent: n("absent"), Reused: n("reused")}
		if c := q.Get("component"); c == results.ComponentSKD || results.Scored(c) {
			d.Component = c
		}
	}
	return s.renderCommitteeScores(w, r, http.StatusOK, d)
}

func (s *Server) renderCommitteeScores(w http.ResponseWriter, r *http.Request, status int, d committeeScoresData) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	ctx := r.Context()
	p, err := s.rec.FindPeriodByID(ctx, id, true)
	if err != nil {
		return err
	}
	d.P = periodView{p, p.Phase(s.now())}
	err = s.ver.CheckImportAccess(ctx, identity.PrincipalFrom(ctx), id)
	if err != nil && apperr.CodeOf(err) != apperr.Forbidden {
		return err
	}
	d.Pact = err == nil
	d.Components = []string{results.ComponentSKD, results.ComponentSKB}
	if sc, err := s.results.FindSKBScheme(ctx, id); err != nil {
		return err
	} else if sc.HasExtra() {
		// The SKB's additional test, when the period's SKB scheme has one.
		d.Components = append(d.Components, results.ComponentSKBExtra)
	}
	if d.Final, err = s.results.FinalPublished(ctx, id); err != nil {
		return err
	}
	if d.Counts, err = s.results.CountScores(ctx, id); err != nil {
		return err
	}
	return s.render(w, r, status, "committee_scores", "panitia.scores.title", d)
}

// committeeScoresSubmit: POST /panitia/periode/{id}/nilai?component=skd|skb
// — CAT BKN's export (multipart "file"): all rows or none → 303 with the
// counts, or the refusal with every bad row.
func (s *Server) committeeScoresSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := s.ver.CheckImportAccess(r.Context(), identity.PrincipalFrom(r.Context()), id); err != nil {
		return err
	}
	component := r.URL.Query().Get("component")
	sum, err := s.importScores(w, r, id, component)
	if err != nil {
		rep, status, hard := importReportOf(r, err)
		if hard != nil {
			return hard
		}
		d := committeeScoresData{Import: rep}
		if component == results.ComponentSKD || results.Scored(component) {
			d.Component = component // the form whose file was refused
		}
		return s.renderCommitteeScores(w, r, status, d)
	}
	http.Redirect(w, r, periodPath(id)+"/nilai?ok=scores&component="+component+"&n="+strconv.Itoa(sum.Imported)+
		"&present="+strconv.Itoa(sum.Present)+"&absent="+strconv.Itoa(sum.Absent)+"&reused="+strconv.Itoa(sum.Reused),
		http.StatusSeeOther)
	return nil
}
