package web

import (
	"net/http"
	"net/url"
	"strconv"

	"asnpro/internal/identity"
	"asnpro/internal/recruitment"
)

type periodsData struct {
	Periods []periodView
}

type periodView struct {
	*recruitment.Period
	Phase string
}

func (s *Server) periodViews(r *http.Request) ([]periodView, error) {
	ps, err := s.rec.FindPeriods(r.Context(), staffSees(r))
	if err != nil {
		return nil, err
	}
	out := make([]periodView, len(ps))
	for i, p := range ps {
		out[i] = periodView{p, p.Phase(s.now())}
	}
	return out, nil
}

// periodsPage: GET /periods — every published period with its phase.
func (s *Server) periodsPage(w http.ResponseWriter, r *http.Request) error {
	ps, err := s.periodViews(r)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "periods", "rec.periods", periodsData{Periods: ps})
}

type periodData struct {
	P          periodView
	Formations []*recruitment.Formation
	Total      int
	Filter     recruitment.FormationFilter
	Units      []string
	Levels     []string
	Prev, Next string
	Amendments []*recruitment.Amendment
	// News are the period's published lists, newest first; none: results
	// and statistics are not published yet.
	News []announcementView
}

// periodPage: GET /periods/{id} — timeline and the formation table with
// search and filters (position, unit, level, major); linkable, printable.
func (s *Server) periodPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p, err := s.rec.FindPeriodByID(r.Context(), id, staffSees(r))
	if err != nil {
		return err
	}
	flt, err := formationFilter(r)
	if err != nil {
		return err
	}
	phase := p.Phase(s.now())
	// Publishing a list moves the catalogue version (MarkAnnounced): the
	// version covers the announcements the page links too.
	return s.versionedRender(w, r, strconv.FormatInt(p.ID, 10), listVersion(p, phase), "period", "rec.period", func() (any, error) {
		fs, total, err := s.rec.FormationsOf(r.Context(), p, flt)
		if err != nil {
			return nil, err
		}
		units, err := s.rec.UnitsOf(r.Context(), p)
		if err != nil {
			return nil, err
		}
		ams, err := s.rec.FindAmendments(r.Context(), p.ID, 0)
		if err != nil {
			return nil, err
		}
		news, err := s.announcementViews(r.Context(), p.ID, langOf(r))
		if err != nil {
			return nil, err
		}
		d := periodData{
			P:          periodView{p, phase},
			Formations: fs,
			Total:      total,
			Filter:     flt,
			Units:      units,
			Levels:     recruitment.Levels,
			Amendments: ams,
			News:       news,
		}
		page := func(off int) string {
			q := url.Values{}
			for k, v := range map[string]string{"q": flt.Q, "unit": flt.Unit, "level": flt.Level, "major": flt.Major} {
				if v != "" {
					q.Set(k, v)
				}
			}
			q.Set("offset", strconv.Itoa(off))
			return r.URL.Path + "?" + q.Encode()
		}
		if flt.Offset > 0 {
			d.Prev = page(max(0, flt.Offset-flt.Limit))
		}
		if flt.Offset+flt.Limit < total {
			d.Next = page(flt.Offset + flt.Limit)
		}
		return d, nil
	})
}

// listVersion names the state of a period's formation list: a page or a
// JSON list rendered at the same version is still true.
func listVersion(p *recruitment.Period, phase string) string {
	return strconv.FormatInt(p.CatalogVersion, 10) + "." + strconv.FormatInt(p.SubmittedTotal, 10) + "." + phase
}

type formationData struct {
	F          *recruitment.Formation
	P          periodView
	Amendments []*recruitment.Amendment
	// Apply is where "apply" leads, Register the registration that keeps
	// this formation (visitors only); both empty: no button (applyLinks).
	Apply, Register string
	// Mine is the signed-in applicant's application in the formation's
	// period (0: none): shown instead of "apply".
	Mine int64
}

// formationPage: GET /formations/{id} — requirements, documents, timeline.
func (s *Server) formationPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f, err := s.rec.FindFormationByID(r.Context(), id, staffSees(r))
	if err != nil {
		return err
	}
	p, err := s.rec.FindPeriodByID(r.Context(), f.PeriodID, true)
	if err != nil {
		return err
	}
	ams, err := s.rec.FindAmendments(r.Context(), p.ID, f.ID)
	if err != nil {
		return err
	}
	d := formationData{F: f, P: periodView{p, p.Phase(s.now())}, Amendments: ams}
	d.Apply, d.Register = applyLinks(identity.PrincipalFrom(r.Context()), f, d.P.Phase)
	mine, err := s.myApplications(r)
	if err != nil {
		return err
	}
	if d.Mine = mine[p.ID]; d.Mine != 0 {
		d.Apply = ""
	}
	return s.render(w, r, http.StatusOK, "formation", "rec.formation", d)
}

// procedurePage: GET /prosedur — the whole procedure, step by step.
func (s *Server) procedurePage(w http.ResponseWriter, r *http.Request) error {
	return s.render(w, r, http.StatusOK, "procedure", "rec.procedure", nil)
}
