package web

import (
	"encoding/json"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"asnpro/internal/apperr"
	"asnpro/internal/identity"
	"asnpro/internal/recruitment"
	"asnpro/internal/report"
)

// The committee's recruitment set-up (/panitia/…): periods and their
// schedule, formations one by one or from a file, publishing, amendments
// after publication, and the SSCASN applicant import of national rounds.
// Every change goes through one recruitment service method; the pages only
// read forms, call it, and show its errors beside their fields.

// periodKinds are the kinds of period, in the order the form offers them.
var periodKinds = []string{recruitment.KindCPNS, recruitment.KindPPPK, recruitment.KindJPT, recruitment.KindOther}

// localTime is the value of a datetime-local input: minutes, in WIB.
const localTime = "2006-01-02T15:04"

func formTime(t time.Time) string { return t.In(wib).Format(localTime) }

func formTimeOpt(t *time.Time) string {
	if t == nil {
		return ""
	}
	return formTime(*t)
}

// periodForm is the period form as typed (shown again on an error).
type periodForm struct {
	Name, Agency, Kind, ReferenceDate                  string
	AnnounceAt, RegOpenAt, RegCloseAt, AdminAnnounceAt string
	AppealDays, SKDAt, SKBAt, FinalAt                  string
}

func periodFormOf(p *recruitment.Period) periodForm {
	return periodForm{Name: p.Name, Agency: p.Agency, Kind: p.Kind, ReferenceDate: p.ReferenceDate,
		AnnounceAt: formTime(p.AnnounceAt), RegOpenAt: formTime(p.RegOpenAt), RegCloseAt: formTime(p.RegCloseAt),
		AdminAnnounceAt: formTime(p.AdminAnnounceAt), AppealDays: strconv.Itoa(p.AppealDays),
		SKDAt: formTimeOpt(p.SKDAt), SKBAt: formTimeOpt(p.SKBAt), FinalAt: formTimeOpt(p.FinalAt)}
}

func readPeriodForm(r *http.Request) periodForm {
	v := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	return periodForm{Name: r.PostFormValue("name"), Agency: r.PostFormValue("agency"), Kind: v("kind"),
		ReferenceDate: v("reference_date"), AnnounceAt: v("announce_at"), RegOpenAt: v("registration_open_at"),
		RegCloseAt: v("registration_close_at"), AdminAnnounceAt: v("administration_announce_at"), AppealDays: v("appeal_days"),
		SKDAt: v("skd_at"), SKBAt: v("skb_at"), FinalAt: v("final_at")}
}

// formErrs collects what the form itself cannot read, by input name.
type formErrs map[string]apperr.Msg

func (e formErrs) time(name, s string, dst *time.Time) {
	if s == "" {
		return
	}
	t, err := time.ParseInLocation(localTime, s, wib)
	if err != nil {
		e[name] = apperr.M("panitia.time_bad")
		return
	}
	*dst = t.UTC()
}

func (e formErrs) timeOpt(name, s string) *time.Time {
	var t time.Time
	e.time(name, s, &t)
	if t.IsZero() {
		return nil
	}
	return &t
}

func (e formErrs) int(name, s string, dst *int) {
	if s == "" {
		return
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		e[name] = apperr.M("panitia.number_bad")
		return
	}
	*dst = n
}

func (e formErrs) err() error {
	if len(e) == 0 {
		return nil
	}
	return apperr.InvalidMsgs(e)
}

// period is the form as the request CreatePeriod and UpdatePeriod take.
// A time typed as the form showed it keeps was's (the stored one, which
// may have seconds the form does not show); was is nil for a new period.
func (f periodForm) period(was *recruitment.Period) (recruitment.NewPeriod, error) {
	e := formErrs{}
	n := recruitment.NewPeriod{Name: f.Name, Agency: f.Agency, Kind: f.Kind, TimeZone: "Asia/Jakarta", ReferenceDate: f.ReferenceDate}
	t := &n.Timeline
	var old recruitment.Timeline
	if was != nil {
		old = was.Timeline
	}
	at := func(name, typed string, before time.Time, dst *time.Time) {
		if !before.IsZero() && typed == formTime(before) {
			*dst = before
			return
		}
		e.time(name, typed, dst)
	}
	atOpt := func(name, typed string, before *time.Time) *time.Time {
		if before != nil && typed == formTime(*before) {
			return before
		}
		return e.timeOpt(name, typed)
	}
	at("announce_at", f.AnnounceAt, old.AnnounceAt, &t.AnnounceAt)
	at("registration_open_at", f.RegOpenAt, old.RegOpenAt, &t.RegOpenAt)
	at("registration_close_at", f.RegCloseAt, old.RegCloseAt, &t.RegCloseAt)
	at("administration_announce_at", f.AdminAnnounceAt, old.AdminAnnounceAt, &t.AdminAnnounceAt)
	e.int("appeal_days", f.AppealDays, &t.AppealDays)
	t.SKDAt, t.SKBAt, t.FinalAt = atOpt("skd_at", f.SKDAt, old.SKDAt), atOpt("skb_at", f.SKBAt, old.SKBAt),
		atOpt("final_at", f.FinalAt, old.FinalAt)
	return n, e.err()
}

// amendment is the form's timeline as an amendment of p: only the fields
// typed differently from what p has now.
func (f periodForm) amendment(p *recruitment.Period, note string) (recruitment.NewAmendment, error) {
	e := formErrs{}
	now := periodFormOf(p)
	ch := map[string]json.RawMessage{}
	put := func(k string, v any) { ch[k], _ = json.Marshal(v) }
	if f.RegCloseAt != now.RegCloseAt {
		var t time.Time
		e.time("registration_close_at", f.RegCloseAt, &t)
		put("registration_close_at", t)
	}
	if f.AdminAnnounceAt != now.AdminAnnounceAt {
		var t time.Time
		e.time("administration_announce_at", f.AdminAnnounceAt, &t)
		put("administration_announce_at", t)
	}
	if f.AppealDays != now.AppealDays {
		var d int
		e.int("appeal_days", f.AppealDays, &d)
		put("appeal_days", d)
	}
	for _, o := range []struct{ k, typed, was string }{{"skd_at", f.SKDAt, now.SKDAt}, {"skb_at", f.SKBAt, now.SKBAt},
		{"final_at", f.FinalAt, now.FinalAt}} {
		if o.typed != o.was {
			put(o.k, e.timeOpt(o.k, o.typed))
		}
	}
	return recruitment.NewAmendment{Note: note, Changes: ch}, e.err()
}

// fieldsOf splits a form's error into the messages shown beside inputs
// (named as the inputs are) and the message above the form (with those
// of fields the form has no input for). hard is the error when it is
// not the form's to show (internal, not found, unreadable).
func fieldsOf(r *http.Request, err error, inputs ...string) (fields map[string]string, msg string, status int, hard error) {
	ae := normalise(err)
	if ae.Code == apperr.Internal || ae.Code == apperr.NotFound || ae.Code == apperr.Malformed {
		return nil, "", 0, err
	}
	lang := langOf(r)
	msg = ae.Localized(lang)
	fields = map[string]string{}
	keys := make([]string, 0, len(ae.FieldMsgs))
	for k := range ae.FieldMsgs {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		text := T(lang, ae.FieldMsgs[k].Key, ae.FieldMsgs[k].Args...)
		name := inputName(k)
		switch {
		case slices.Contains(inputs, name) && fields[name] == "":
			fields[name] = text
		case slices.Contains(inputs, name):
			fields[name] += " · " + text
		case !strings.Contains(msg, text):
			msg += " · " + text
		}
	}
	return fields, msg, Status(ae.Code), nil
}

// inputName is the form input a domain field key belongs to.
func inputName(k string) string {
	for _, p := range []string{"timeline.", "changes.", "education."} {
		k = strings.TrimPrefix(k, p)
	}
	if strings.HasPrefix(k, "documents.") {
		return "documents"
	}
	return k
}

var periodInputs = []string{"name", "agency", "kind", "reference_date", "announce_at", "registration_open_at", "registration_close_at",
	"administration_announce_at", "appeal_days", "skd_at", "skb_at", "final_at", "note"}

// committeeFlashes are the messages a redirect to a committee page may carry (?ok=…).
var committeeFlashes = map[string]string{
	"created": "panitia.flash.created", "updated": "panitia.flash.updated", "published": "panitia.flash.published",
	"amended": "panitia.flash.amended", "formation": "panitia.flash.formation", "formation_updated": "panitia.flash.formation_updated",
	"imported": "panitia.flash.imported", "sscasn": "panitia.flash.sscasn",
}

func committeeFlash(r *http.Request) string {
	k, ok := committeeFlashes[r.URL.Query().Get("ok")]
	if !ok {
		return ""
	}
	n, _ := strconv.Atoi(r.URL.Query().Get("n"))
	return T(langOf(r), k, "n", n)
}

// formationsPerPage is how many formations the set-up page lists at once.
const formationsPerPage = 100

func periodPath(id int64) string { return "/panitia/periode/" + strconv.FormatInt(id, 10) }

// --- /panitia/periode: the periods, and a new one ---

type committeePeriodsData struct {
	Periods []periodView
	Form    periodForm
	Fields  map[string]string
	Error   string
	Flash   string
	Kinds   []string
	Locked  bool // never: a new period is typed whole
}

// committeePeriodsPage: GET /panitia/periode — every period with its
// state, and the form that creates one.
func (s *Server) committeePeriodsPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderCommitteePeriods(w, r, http.StatusOK, committeePeriodsData{Form: periodForm{Kind: recruitment.KindCPNS,
		AppealDays: "3"}})
}

func (s *Server) renderCommitteePeriods(w http.ResponseWriter, r *http.Request, status int, d committeePeriodsData) error {
	ps, err := s.rec.FindPeriods(r.Context(), true)
	if err != nil {
		return err
	}
	for _, p := range ps {
		d.Periods = append(d.Periods, periodView{p, p.Phase(s.now())})
	}
	d.Kinds = periodKinds
	if d.Flash == "" {
		d.Flash = committeeFlash(r)
	}
	return s.render(w, r, status, "committee_periods", "panitia.periods.title", d)
}

// committeePeriodCreateSubmit: POST /panitia/periode — creates a draft
// period with its schedule → 303 to its page; errors beside their fields.
func (s *Server) committeePeriodCreateSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := readPeriodForm(r)
	n, err := f.period(nil)
	var p *recruitment.Period
	if err == nil {
		p, err = s.rec.CreatePeriod(r.Context(), n)
	}
	if err != nil {
		fields, msg, status, hard := fieldsOf(r, err, periodInputs...)
		if hard != nil {
			return hard
		}
		return s.renderCommitteePeriods(w, r, status, committeePeriodsData{Form: f, Fields: fields, Error: msg})
	}
	http.Redirect(w, r, periodPath(p.ID)+"?ok=created", http.StatusSeeOther)
	return nil
}

// --- /panitia/periode/{id}: one period's set-up ---

type committeePeriodData struct {
	P          periodView
	Formations []*recruitment.Formation
	Total      int
	Next, Prev string // the formation list's other pages
	Amendments []*recruitment.Amendment
	// Draft: the period and its formations are edited in place; after
	// publication they change only through amendments with a reason.
	Draft bool
	// AddOpen: formations may still be added (before registration opens).
	AddOpen  bool
	Blockers []string // catalogue keys of what keeps the period from being published
	Form     periodForm
	Note     string
	Fields   map[string]string
	Error    string
	Flash    string
	Import   *importReport
	Kinds    []string
	// Locked: the fields no amendment may change are shown, not sent.
	Locked bool
}

// importReport is a refused file: the refusal and each bad row.
type importReport struct {
	Error string
	Rows  []importRow
}

type importRow struct {
	Line            int
	Column, Message string
}

// importReportOf reads an import's refusal (report.Problems): each problem
// shown becomes a row, the refusal says how many there are in all.
func importReportOf(r *http.Request, err error) (*importReport, int, error) {
	ae := normalise(err)
	if ae.Code == apperr.Internal || ae.Code == apperr.NotFound || ae.Code == apperr.Malformed {
		return nil, 0, err
	}
	lang := langOf(r)
	rep := &importReport{Error: ae.Localized(lang)}
	shown, n := report.ProblemsOf(ae)
	for _, p := range shown {
		rep.Rows = append(rep.Rows, importRow{Line: p.Line, Column: inputName(p.Column), Message: T(lang, p.Msg.Key, p.Msg.Args...)})
	}
	sort.Slice(rep.Rows, func(i, j int) bool { // by line, then by the column's name as shown
		a, b := rep.Rows[i], rep.Rows[j]
		return a.Line < b.Line || a.Line == b.Line && a.Column < b.Column
	})
	if n > 0 {
		rep.Error = T(lang, "panitia.import.rejected", "n", n)
	}
	return rep, Status(ae.Code), nil
}

// committeePeriodPage: GET /panitia/periode/{id}.
func (s *Server) committeePeriodPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderCommitteePeriod(w, r, http.StatusOK, nil)
}

func (s *Server) renderCommitteePeriod(w http.ResponseWriter, r *http.Request, status int, edit func(*committeePeriodData)) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	ctx := r.Context()
	p, err := s.rec.FindPeriodByID(ctx, id, true)
	if err != nil {
		return err
	}
	now := s.now()
	d := committeePeriodData{P: periodView{p, p.Phase(now)}, Draft: p.PublishedAt == nil, Form: periodFormOf(p),
		AddOpen: p.PublishedAt == nil || now.Before(p.RegOpenAt), Flash: committeeFlash(r), Kinds: periodKinds,
		Locked: p.PublishedAt != nil}
	off, _ := strconv.Atoi(r.URL.Query().Get("offset"))
	off = max(off, 0)
	flt := recruitment.FormationFilter{Limit: formationsPerPage, Offset: off}
	if d.Formations, d.Total, err = s.rec.FormationsOf(ctx, p, flt); err != nil {
		return err
	}
	if off+formationsPerPage < d.Total {
		d.Next = periodPath(id) + "?offset=" + strconv.Itoa(off+formationsPerPage) + "#formations-title"
	}
	if off > 0 {
		d.Prev = periodPath(id) + "?offset=" + strconv.Itoa(max(0, off-formationsPerPage)) + "#formations-title"
	}
	if d.Amendments, err = s.rec.FindAmendments(ctx, id, 0); err != nil {
		return err
	}
	if d.Draft && d.Total == 0 {
		d.Blockers = append(d.Blockers, "panitia.block.no_formations")
	}
	if edit != nil {
		edit(&d)
	}
	return s.render(w, r, status, "committee_period", "panitia.period.title", d)
}

// committeePeriodSubmit: POST /panitia/periode/{id} — edits a draft
// period and its schedule → 303; errors beside their fields.
func (s *Server) committeePeriodSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	was, err := s.rec.FindPeriodByID(r.Context(), id, true)
	if err != nil {
		return err
	}
	f := readPeriodForm(r)
	n, err := f.period(was)
	if err == nil {
		_, err = s.rec.UpdatePeriod(r.Context(), id, n)
	}
	if err != nil {
		return s.periodFormFailed(w, r, err, f, "")
	}
	http.Redirect(w, r, periodPath(id)+"?ok=updated", http.StatusSeeOther)
	return nil
}

func (s *Server) periodFormFailed(w http.ResponseWriter, r *http.Request, err error, f periodForm, note string) error {
	fields, msg, status, hard := fieldsOf(r, err, periodInputs...)
	if hard != nil {
		return hard
	}
	return s.renderCommitteePeriod(w, r, status, func(d *committeePeriodData) {
		d.Form, d.Note, d.Fields, d.Error = f, note, fields, msg
	})
}

// committeePeriodAmendSubmit: POST /panitia/periode/{id}/perubahan — an
// amendment of a published period's schedule, with its reason → 303.
func (s *Server) committeePeriodAmendSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	p, err := s.rec.FindPeriodByID(r.Context(), id, true)
	if err != nil {
		return err
	}
	f, note := readPeriodForm(r), r.PostFormValue("note")
	a, err := f.amendment(p, note)
	if err == nil {
		_, err = s.rec.Amend(r.Context(), id, a)
	}
	if err != nil {
		return s.periodFormFailed(w, r, err, f, note)
	}
	http.Redirect(w, r, periodPath(id)+"?ok=amended", http.StatusSeeOther)
	return nil
}

// committeePublishSubmit: POST /panitia/periode/{id}/terbitkan → 303.
func (s *Server) committeePublishSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	if s.periodPublishable(r, id) {
		ask := confirmAsk{Title: "qafix.confirm.period.title", What: "qafix.confirm.period.what", Back: periodPath(id)}
		if ok, err := s.confirmed(w, r, ask); !ok {
			return err
		}
	}
	if _, err := s.rec.PublishPeriod(r.Context(), id); err != nil {
		msg, status, perr := pageError(r, err)
		if perr != nil {
			return perr
		}
		return s.renderCommitteePeriod(w, r, status, func(d *committeePeriodData) { d.Error = msg })
	}
	http.Redirect(w, r, periodPath(id)+"?ok=published", http.StatusSeeOther)
	return nil
}

// periodPublishable reports whether period id is a draft with a formation,
// one PublishPeriod would publish: only then is the committee asked to
// confirm; otherwise the refusal comes at once.
func (s *Server) periodPublishable(r *http.Request, id int64) bool {
	p, err := s.rec.FindPeriodByID(r.Context(), id, true)
	if err != nil || p.PublishedAt != nil {
		return false
	}
	_, total, err := s.rec.FormationsOf(r.Context(), p, recruitment.FormationFilter{Limit: 1})
	return err == nil && total > 0
}

// committeeImportSubmit: POST /panitia/periode/{id}/formasi/impor — a
// formation file (multipart "file", CSV or XLSX): all rows or none; a
// refused file is shown row by row and nothing changes → 303 or 422.
func (s *Server) committeeImportSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := limitBody(w, r, recruitment.MaxFormationFile+1<<20); err != nil {
		return err
	}
	n, err := s.importFormations(r, id)
	if err != nil {
		rep, status, hard := importReportOf(r, err)
		if hard != nil {
			return hard
		}
		return s.renderCommitteePeriod(w, r, status, func(d *committeePeriodData) { d.Import = rep })
	}
	http.Redirect(w, r, periodPath(id)+"?ok=imported&n="+strconv.Itoa(n), http.StatusSeeOther)
	return nil
}

func (s *Server) importFormations(r *http.Request, id int64) (int, error) {
	body, name, err := fileBody(r, "upload")
	if err != nil {
		return 0, err
	}
	header, rows, err := recruitment.ReadFormationFile(body, name)
	if err != nil {
		return 0, tooLarge(err, "10 MB")
	}
	return s.rec.ImportFormations(r.Context(), id, header, rows)
}

// --- /panitia/periode/{id}/pelamar-sscasn: the applicants of a national round ---

type committeeSSCASNData struct {
	P       periodView
	Pact    bool // the member has signed the period's pact (the import needs it)
	Summary *recruitment.ImportSummary
	Import  *importReport
}

// committeeSSCASNPage: GET /panitia/periode/{id}/pelamar-sscasn — the
// upload form, and after an import its counts.
func (s *Server) committeeSSCASNPage(w http.ResponseWriter, r *http.Request) error {
	var sum *recruitment.ImportSummary
	if r.URL.Query().Get("ok") == "sscasn" {
		q := r.URL.Query()
		n := func(k string) int { v, _ := strconv.Atoi(q.Get(k)); return v }
		sum = &recruitment.ImportSummary{Imported: n("n"), MS: n("ms"), TMS: n("tms"), NewAccounts: n("new")}
	}
	return s.renderCommitteeSSCASN(w, r, http.StatusOK, committeeSSCASNData{Summary: sum})
}

func (s *Server) renderCommitteeSSCASN(w http.ResponseWriter, r *http.Request, status int, d committeeSSCASNData) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p, err := s.rec.FindPeriodByID(r.Context(), id, true)
	if err != nil {
		return err
	}
	d.P = periodView{p, p.Phase(s.now())}
	err = s.ver.CheckImportAccess(r.Context(), identity.PrincipalFrom(r.Context()), id)
	if err != nil && apperr.CodeOf(err) != apperr.Forbidden {
		return err
	}
	d.Pact = err == nil
	return s.render(w, r, status, "committee_sscasn", "panitia.sscasn.title", d)
}

// committeeSSCASNSubmit: POST /panitia/periode/{id}/pelamar-sscasn — the
// SSCASN export (multipart "file"): all rows or none → 303 with the
// counts, or 422 with every bad row.
func (s *Server) committeeSSCASNSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p := identity.PrincipalFrom(r.Context())
	if err := s.ver.CheckImportAccess(r.Context(), p, id); err != nil {
		return err
	}
	if err := limitBody(w, r, recruitment.MaxApplicantFile+1<<20); err != nil {
		return err
	}
	sum, err := s.importApplicants(r, p, id)
	if err != nil {
		rep, status, hard := importReportOf(r, err)
		if hard != nil {
			return hard
		}
		return s.renderCommitteeSSCASN(w, r, status, committeeSSCASNData{Import: rep})
	}
	http.Redirect(w, r, periodPath(id)+"/pelamar-sscasn?ok=sscasn&n="+strconv.Itoa(sum.Imported)+"&ms="+strconv.Itoa(sum.MS)+
		"&tms="+strconv.Itoa(sum.TMS)+"&new="+strconv.Itoa(sum.NewAccounts), http.StatusSeeOther)
	return nil
}

func (s *Server) importApplicants(r *http.Request, p *identity.Principal, id int64) (*recruitment.ImportSummary, error) {
	body, name, err := fileBody(r, "upload")
	if err != nil {
		return nil, err
	}
	f, err := recruitment.ReadApplicantFile(body, name)
	if err != nil {
		return nil, tooLarge(err, "20 MB")
	}
	return s.ver.ImportApplicants(r.Context(), p, id, f)
}
