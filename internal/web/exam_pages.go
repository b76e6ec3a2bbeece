package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"asnpro/internal/apperr"
	"asnpro/internal/exam"
	"asnpro/internal/identity"
)

// --- the practice test (simulasi CAT) in the browser ---

func practicePath(id int64) string { return practiceCat.path(id) }

// catKind is which attempts a family of test pages serves: practice
// attempts under /simulasi, selection attempts (of an exam session) under
// /ujian. The pages are the same; an attempt opened under the other family
// is not found there.
type catKind struct {
	practice bool
	prefix   string
}

var (
	practiceCat  = catKind{practice: true, prefix: "/simulasi/"}
	selectionCat = catKind{practice: false, prefix: "/ujian/"}
)

func (k catKind) path(id int64) string { return k.prefix + strconv.FormatInt(id, 10) }

// key is the catalogue key of a text that differs between the kinds:
// cat.* for practice, seats.* for a selection.
func (k catKind) key(name string) string {
	if k.practice {
		return "cat." + name
	}
	return "seats." + name
}

// list is the page that lists the kind's attempts.
func (k catKind) list() string { return strings.TrimSuffix(k.prefix, "/") }

type practiceData struct {
	Attempts []exam.AttemptSummary
	Error    string
}

// practicePage: GET /simulasi — what the practice is, the applicant's
// attempts with their scores, and the form that starts one.
func (s *Server) practicePage(w http.ResponseWriter, r *http.Request) error {
	return s.renderPractice(w, r, http.StatusOK, "")
}

func (s *Server) renderPractice(w http.ResponseWriter, r *http.Request, status int, msg string) error {
	list, err := s.exam.Attempts(r.Context(), identity.PrincipalFrom(r.Context()).UserID)
	if err != nil {
		return err
	}
	return s.render(w, r, status, "practice", "cat.title", practiceData{Attempts: list, Error: msg})
}

// practiceStartSubmit: POST /simulasi → 303 to the new attempt's page.
func (s *Server) practiceStartSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	a, err := s.exam.StartPractice(r.Context(), identity.PrincipalFrom(r.Context()).UserID)
	if err != nil {
		msg, status, perr := pageError(r, err)
		if perr != nil {
			return perr
		}
		return s.renderPractice(w, r, status, msg)
	}
	http.Redirect(w, r, practicePath(a.ID), http.StatusSeeOther)
	return nil
}

// catItem is one item of the test page: its stem and options as shown,
// what is saved, never its key or weights.
type catItem struct {
	No      int
	Subtest string
	Stem    string
	Options []attemptOptionJSON
	Answer  string // "" blank
	Flagged bool
}

type catData struct {
	ID        int64
	Base      string // the attempt's page, /simulasi/{id} or /ujian/{id}
	Title     string // the page's title key
	EndsAt    any
	Remaining int    // seconds left by the server's clock
	Clock     string // the same as m:ss
	Items     []catItem
	Blank     []int  // numbers of the items without an answer
	Confirm   bool   // the finish confirmation is open
	Session   string // the token of this page's live session
}

// ownAttempt reads the signed-in taker's attempt {id} of kind k
// (another's, or one of the other kind: 404).
func (s *Server) ownAttempt(r *http.Request, k catKind) (*exam.Attempt, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	a, err := s.exam.Attempt(r.Context(), identity.PrincipalFrom(r.Context()).UserID, id)
	if err == nil && a.Practice != k.practice {
		return nil, exam.ErrAttemptNotFound
	}
	return a, err
}

// practiceTestPage: GET /simulasi/{id}, and examTestPage: GET
// /ujian/{id} — the whole paper, one form per item; a finished attempt
// leads to its result.
func (s *Server) practiceTestPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderCatTest(w, r, practiceCat)
}

func (s *Server) examTestPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderCatTest(w, r, selectionCat)
}

func (s *Server) renderCatTest(w http.ResponseWriter, r *http.Request, k catKind) error {
	a, err := s.ownAttempt(r, k)
	if err != nil {
		return err
	}
	if a.FinishedAt != nil {
		http.Redirect(w, r, k.path(a.ID)+"/hasil", http.StatusSeeOther)
		return nil
	}
	tok, err := s.exam.OpenSession(r.Context(), identity.PrincipalFrom(r.Context()).UserID, a.ID, r.URL.Query().Get("sesi"))
	if errors.Is(err, exam.ErrAttemptOver) {
		http.Redirect(w, r, k.path(a.ID)+"/hasil", http.StatusSeeOther)
		return nil
	}
	if err != nil {
		return err
	}
	out := attemptOut(a)
	d := catData{ID: a.ID, Base: k.path(a.ID), Title: k.key("test.title"), EndsAt: a.EndsAt,
		Remaining: int(a.EndsAt.Sub(s.now()).Seconds()), Confirm: r.URL.Query().Get("selesai") == "1"}
	d.Session, d.Remaining = tok, max(d.Remaining, 0)
	d.Clock = strconv.Itoa(d.Remaining/60) + ":" + strconv.Itoa(d.Remaining%60/10) + strconv.Itoa(d.Remaining%10)
	for _, it := range out.Items {
		c := catItem{No: it.No, Subtest: it.Subtest, Stem: it.Stem, Options: it.Options, Flagged: it.Flagged}
		if it.Answer != nil {
			c.Answer = *it.Answer
		} else {
			d.Blank = append(d.Blank, it.No)
		}
		d.Items = append(d.Items, c)
	}
	return s.render(w, r, http.StatusOK, "cat", d.Title, d)
}

// practiceAnswerSubmit: POST /simulasi/{id}/jawaban/{no}, and
// examAnswerSubmit: POST /ujian/{id}/jawaban/{no} (option, flagged) → 303
// back to the item, keeping the page's session (sesi); the form of the
// page without JavaScript. A page whose session was taken over by another
// device or tab: 409 (ErrAttemptTakenOver).
func (s *Server) practiceAnswerSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.saveCatAnswer(w, r, practiceCat)
}

func (s *Server) examAnswerSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.saveCatAnswer(w, r, selectionCat)
}

func (s *Server) saveCatAnswer(w http.ResponseWriter, r *http.Request, k catKind) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	no, err := strconv.Atoi(r.PathValue("no"))
	if err != nil || no <= 0 {
		return exam.ErrAttemptItemNotFound
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	opt := exam.Blank
	if v := r.PostFormValue("option"); v != "" {
		a, ok := exam.ParseAnswer(v)
		if !ok || v != a.Label() {
			return apperr.InvalidMsgs(map[string]apperr.Msg{"option": apperr.M("exam.attempt.option")})
		}
		opt = a
	}
	session := r.PostFormValue("session")
	flagged := r.PostFormValue("flagged") == "1"
	err = s.exam.SaveAnswer(r.Context(), identity.PrincipalFrom(r.Context()).UserID, id, session, no, opt, flagged)
	if errors.Is(err, exam.ErrAttemptOver) {
		http.Redirect(w, r, k.path(id)+"/hasil", http.StatusSeeOther)
		return nil
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, k.path(id)+"?sesi="+url.QueryEscape(session)+"#soal-"+strconv.Itoa(no), http.StatusSeeOther)
	return nil
}

// practiceFinishSubmit: POST /simulasi/{id}/selesai, and
// examFinishSubmit: POST /ujian/{id}/selesai — without confirm=1 back to
// the page with the confirmation open (the items left blank listed); with
// it, finishes and goes to the result.
func (s *Server) practiceFinishSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.finishCat(w, r, practiceCat)
}

func (s *Server) examFinishSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.finishCat(w, r, selectionCat)
}

func (s *Server) finishCat(w http.ResponseWriter, r *http.Request, k catKind) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	if r.PostFormValue("confirm") != "1" {
		back := k.path(id) + "?selesai=1&sesi=" + url.QueryEscape(r.PostFormValue("session")) + "#finish"
		http.Redirect(w, r, back, http.StatusSeeOther)
		return nil
	}
	if _, err := s.exam.Finish(r.Context(), identity.PrincipalFrom(r.Context()).UserID, id); err != nil {
		return err
	}
	http.Redirect(w, r, k.path(id)+"/hasil", http.StatusSeeOther)
	return nil
}

type catResult struct {
	Practice     bool
	List         string // the page listing the taker's attempts of this kind
	ID           int64
	Scores       []exam.SubtestScore
	Total, Max   int
	Graded       bool
	Passed       bool
	Reasons      []catReason
	SHA256       string
	AutoFinished bool
	FinishedAt   any
	Seq          int64 // the attempt.finish event's sequence number in the audit log
}

// catReason is one threshold missed: the field, the score, the minimum and
// the shortfall.
type catReason struct {
	Field, Value, Limit, Short string
}

// practiceResultPage: GET /simulasi/{id}/hasil, and examResultPage: GET
// /ujian/{id}/hasil — the score of each sub-test, the total, the grade and
// the receipt (the digest); an attempt still running leads back to its
// page.
func (s *Server) practiceResultPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderCatResult(w, r, practiceCat)
}

func (s *Server) examResultPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderCatResult(w, r, selectionCat)
}

func (s *Server) renderCatResult(w http.ResponseWriter, r *http.Request, k catKind) error {
	a, err := s.ownAttempt(r, k)
	if err != nil {
		return err
	}
	if a.FinishedAt == nil || a.Result == nil {
		http.Redirect(w, r, k.path(a.ID), http.StatusSeeOther)
		return nil
	}
	seq, err := s.exam.ReceiptSeq(r.Context(), a.ID)
	if err != nil {
		return err
	}
	res := a.Result
	d := catResult{Practice: k.practice, List: k.list(), Seq: seq, ID: a.ID, Scores: res.Scores, Total: res.Total, Max: res.Max,
		Graded: res.Graded, Passed: res.Passed,
		SHA256: res.SHA256, AutoFinished: a.AutoFinished, FinishedAt: *a.FinishedAt}
	for _, m := range res.Reasons {
		c := catReason{Field: m.Field}
		if m.Value != nil {
			c.Value = m.Value.Text
		}
		if m.Limit != nil {
			c.Limit = m.Limit.Text
		}
		if m.Margin != nil {
			c.Short = strings.TrimPrefix(m.Margin.Text, "-")
		}
		d.Reasons = append(d.Reasons, c)
	}
	return s.render(w, r, http.StatusOK, "cat_result", k.key("result.title"), d)
}
