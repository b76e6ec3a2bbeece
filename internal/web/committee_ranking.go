package web

import (
	"net/http"
	"strconv"
	"strings"

	"asnpro/internal/apperr"
	"asnpro/internal/assess"
	"asnpro/internal/identity"
	"asnpro/internal/recruitment"
	"asnpro/internal/results"
	"asnpro/internal/verification"
)

// The period's ranking (/panitia/periode/{id}/peringkat): its scores per
// component, the list the rules engine makes of them now — exactly the
// rows, columns and explanations a publication would hold — and, for the
// committee, taking the scores of the period's exam sessions and
// publishing the SKD or final list. The auditor reads it.

func rankingPath(id int64) string {
	return "/panitia/periode/" + strconv.FormatInt(id, 10) + "/peringkat"
}

// rankingPerPage is how many rows of the list the page shows at once.
const rankingPerPage = 100

// scoreCount sums up a component's stored scores.
type scoreCount struct {
	Component       string
	Present, Absent int
	Sources         map[string]int
}

// rankingRow is one row of the list with its explanation in words.
type rankingRow struct {
	verification.Item
	Why *explanation
}

type rankingData struct {
	P        periodView
	Counts   []scoreCount
	Stage    string // the list the scores make now: skd or final ("" when they make none)
	Columns  []string
	Rows     []rankingRow
	Total    int
	Page     int
	Pages    int
	PrevHref string
	NextHref string
	Why      string // why no list can be made now
	Flash    string
	Error    string
	CanAct   bool
	// Published is how many versions of the stage's list are out: a new
	// one is a correction and asks for the reason.
	Published int
	Reason    string // as typed, shown again on an error
	Number    string // as typed
	// Scheme is how the period's SKB is made; SchemeForm the form as
	// typed and its refusals, by field.
	Scheme       results.SKBScheme
	SchemeForm   skbSchemeForm
	SchemeFields map[string]string
	Kinds        []string
	// Instruments are the period's assessments, whose results may be the
	// SKB's additional test.
	Instruments []*assess.Instrument
	// Own is the integration scheme of a period outside the CPNS rounds
	// (nil in a CPNS period); OwnTyped the form as typed when refused.
	Own      *ownForm
	OwnTyped *ownForm
	// Codes are the list's result codes, for its legend.
	Codes []string
}

// skbSchemeForm is the SKB scheme's form as typed.
type skbSchemeForm struct {
	CATWeight, ExtraWeight, ExtraKind, ExtraName string
}

var rankingFlashes = map[string]string{"taken": "ranking.flash.taken", "skb": "ranking.flash.skb", "own": "ranking.flash.own"}

// rankingPage: GET /panitia/periode/{id}/peringkat[?hal=N].
func (s *Server) rankingPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderRanking(w, r, http.StatusOK, "")
}

func (s *Server) renderRanking(w http.ResponseWriter, r *http.Request, status int, errMsg string) error {
	return s.renderRankingWith(w, r, status, errMsg, nil)
}

// renderRankingWith renders the ranking page; more, when set, adds to its
// data first (a refused form, as typed).
func (s *Server) renderRankingWith(w http.ResponseWriter, r *http.Request, status int, errMsg string, more func(*rankingData)) error {
	ctx := r.Context()
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	per, err := s.rec.FindPeriodByID(ctx, id, true)
	if err != nil {
		return err
	}
	d := rankingData{P: periodView{per, per.Phase(s.now())}, Error: errMsg, Reason: r.PostFormValue("reason"),
		Number: r.PostFormValue("number"),
		CanAct: s.may(identity.PrincipalFrom(ctx), "POST /panitia/periode/{id}/peringkat/umumkan")}
	if more != nil {
		more(&d)
	}
	if k, ok := rankingFlashes[r.URL.Query().Get("ok")]; ok {
		q := r.URL.Query()
		d.Flash = T(langOf(r), k, "present", atoiOr(q.Get("hadir"), 0), "absent", atoiOr(q.Get("th"), 0))
	}
	if d.Scheme, err = s.results.FindSKBScheme(ctx, id); err != nil {
		return err
	}
	d.Kinds = results.ExtraKinds
	if d.Scheme.HasExtra() {
		if d.Instruments, err = s.assess.FindInstruments(ctx, id); err != nil {
			return err
		}
	}
	if d.SchemeForm.CATWeight == "" {
		sc := d.Scheme
		d.SchemeForm = skbSchemeForm{CATWeight: strconv.Itoa(sc.CATWeight), ExtraWeight: strconv.Itoa(sc.ExtraWeight),
			ExtraKind: sc.ExtraKind, ExtraName: sc.ExtraName}
	}
	components := []string{results.ComponentSKD, results.ComponentSKB}
	if d.Scheme.HasExtra() {
		components = append(components, results.ComponentSKBExtra)
	}
	if per.Kind != recruitment.KindCPNS {
		if d.Own, err = s.ownFormOf(ctx, per, d.OwnTyped); err != nil {
			return err
		}
		components = []string{results.ComponentSKB}
	}
	counts, err := s.results.CountScores(ctx, id)
	if err != nil {
		return err
	}
	for _, c := range components {
		sc := scoreCount{Component: c, Sources: map[string]int{}}
		for _, n := range counts {
			if n.Component == c {
				sc.Present, sc.Absent = sc.Present+n.Present, sc.Absent+n.Absent
				sc.Sources[n.Source] += n.Present + n.Absent
			}
		}
		d.Counts = append(d.Counts, sc)
	}
	if err := s.rankingList(r, id, &d); err != nil {
		return err
	}
	return s.render(w, r, status, "committee_ranking", "ranking.title", d)
}

// rankingList fills d with the list the scores make now (the final list
// once an SKB score is in, the SKD list before), a page of it, or why none
// can be made. Only the page's rows are made.
func (s *Server) rankingList(r *http.Request, id int64, d *rankingData) error {
	page := max(1, atoiOr(r.URL.Query().Get("hal"), 1))
	stage, items, total, err := s.results.StagePage(r.Context(), id, (page-1)*rankingPerPage, rankingPerPage)
	if err == nil && len(items) == 0 && total > 0 {
		// Past the last page: the last page.
		page = (total + rankingPerPage - 1) / rankingPerPage
		stage, items, total, err = s.results.StagePage(r.Context(), id, (page-1)*rankingPerPage, rankingPerPage)
	}
	if err != nil {
		msg, _, perr := pageError(r, err)
		if perr != nil {
			return perr
		}
		d.Why = msg
		return nil
	}
	var keep []int
	d.Stage, d.Total = stage, total
	d.Columns, keep = listColumns(d.P.Kind, stage)
	d.Codes = stageCodes[stage]
	if keep != nil {
		d.Codes = ownCodes
	}
	anns, err := s.ver.FindAnnouncements(r.Context(), id)
	if err != nil {
		return err
	}
	for _, a := range anns {
		if a.Stage == stage {
			d.Published++
		}
	}
	d.Pages = max(1, (total+rankingPerPage-1)/rankingPerPage)
	d.Page = min(page, d.Pages)
	if d.Page > 1 {
		d.PrevHref = rankingPath(id) + "?hal=" + strconv.Itoa(d.Page-1)
	}
	if d.Page < d.Pages {
		d.NextHref = rankingPath(id) + "?hal=" + strconv.Itoa(d.Page+1)
	}
	for _, it := range items {
		why, err := explain(langOf(r), it.Explanation)
		if err != nil {
			return err
		}
		it.Extra = keepColumns(it.Extra, keep)
		d.Rows = append(d.Rows, rankingRow{Item: it, Why: why})
	}
	return nil
}

// rankingTakeSubmit: POST /panitia/periode/{id}/peringkat/nilai
// (component) — stores the results of the period's exam sessions of that
// stage as its scores → 303 with how many; errors on the page.
func (s *Server) rankingTakeSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	present, absent, err := s.results.TakeSessionScores(r.Context(), id, r.PostFormValue("component"))
	if err != nil {
		msg, status, perr := pageError(r, err)
		if perr != nil {
			return perr
		}
		return s.renderRanking(w, r, status, msg)
	}
	http.Redirect(w, r, rankingPath(id)+"?ok=taken&hadir="+strconv.Itoa(present)+"&th="+strconv.Itoa(absent), http.StatusSeeOther)
	return nil
}

// rankingPublishSubmit: POST /panitia/periode/{id}/peringkat/umumkan
// (stage, confirm) — publishes the SKD or final list as it stands →
// 303 to the published list; without confirm=1 nothing is published and
// the page asks for it.
func (s *Server) rankingPublishSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	if r.PostFormValue("confirm") != "1" {
		return s.renderRanking(w, r, http.StatusUnprocessableEntity, T(langOf(r), "ranking.confirm_needed"))
	}
	pub, err := s.ver.Publish(r.Context(), identity.PrincipalFrom(r.Context()), id, verification.PublishRequest{
		Stage: r.PostFormValue("stage"), Number: r.PostFormValue("number"), Reason: r.PostFormValue("reason")})
	if err != nil {
		msg, status, perr := pageError(r, err)
		if perr != nil {
			return perr
		}
		return s.renderRanking(w, r, status, msg)
	}
	http.Redirect(w, r, "/periods/"+strconv.FormatInt(id, 10)+"/results?stage="+pub.Stage+"&version="+strconv.Itoa(pub.Version)+
		"&ok=published",
		http.StatusSeeOther)
	return nil
}

// rankingSKBSubmit: POST /panitia/periode/{id}/peringkat/skb (cat_weight,
// extra_weight, extra_kind, extra_name) — how the period's SKB score is
// made → 303; refusals beside their fields, the form as typed.
func (s *Server) rankingSKBSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	v := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	f := skbSchemeForm{CATWeight: v("cat_weight"), ExtraWeight: v("extra_weight"), ExtraKind: v("extra_kind"),
		ExtraName: r.PostFormValue("extra_name")}
	e := formErrs{}
	sc := results.SKBScheme{ExtraKind: f.ExtraKind, ExtraName: f.ExtraName}
	e.int("cat_weight", f.CATWeight, &sc.CATWeight)
	e.int("extra_weight", f.ExtraWeight, &sc.ExtraWeight)
	if f.CATWeight == "" {
		e["cat_weight"] = apperr.M("panitia.number_bad")
	}
	err = e.err()
	if err == nil {
		err = s.results.SetSKBScheme(r.Context(), id, sc)
	}
	if err != nil {
		fields, msg, status, hard := fieldsOf(r, err, "cat_weight", "extra_weight", "extra_kind", "extra_name")
		if hard != nil {
			return hard
		}
		return s.renderRankingWith(w, r, status, msg, func(d *rankingData) { d.SchemeForm, d.SchemeFields = f, fields })
	}
	http.Redirect(w, r, rankingPath(id)+"?ok=skb#skb", http.StatusSeeOther)
	return nil
}

// rankingAssessSubmit: POST /panitia/periode/{id}/peringkat/asesmen
// (instrument) — an assessment's results as the SKB's additional test →
// 303 with how many; errors on the page.
func (s *Server) rankingAssessSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	in, _ := strconv.ParseInt(r.PostFormValue("instrument"), 10, 64)
	n, err := s.results.TakeAssessmentScores(r.Context(), id, in)
	if err != nil {
		msg, status, perr := pageError(r, err)
		if perr != nil {
			return perr
		}
		return s.renderRanking(w, r, status, msg)
	}
	http.Redirect(w, r, rankingPath(id)+"?ok=taken&hadir="+strconv.Itoa(n)+"&th=0", http.StatusSeeOther)
	return nil
}
