package web

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"asnpro/internal/apperr"
	"asnpro/internal/exam"
	"asnpro/internal/identity"
	"asnpro/internal/selection"
)

// --- CAT attempts (practice: simulasi) ---

type attemptJSON struct {
	ID         int64              `json:"id"`
	EndsAt     time.Time          `json:"ends_at"`
	FinishedAt *time.Time         `json:"finished_at"`
	Items      []attemptItemJSON  `json:"items"`
	Result     *attemptResultJSON `json:"result,omitempty"`
	// Session is the token of the live session this read opened (running
	// attempts only); saves send it in the header X-Attempt-Session.
	Session string `json:"session,omitempty"`
}

// sessionHeader carries the attempt's session token on saves.
const sessionHeader = "X-Attempt-Session"

// withSession opens a session of a running attempt (keeping the caller's
// when it is the live one) and puts its token in out.
func (s *Server) withSession(r *http.Request, a *exam.Attempt, out *attemptJSON) error {
	if a.FinishedAt != nil {
		return nil
	}
	tok, err := s.exam.OpenSession(r.Context(), identity.PrincipalFrom(r.Context()).UserID, a.ID, r.Header.Get(sessionHeader))
	if errors.Is(err, exam.ErrAttemptOver) {
		return nil
	}
	out.Session = tok
	return err
}

type attemptItemJSON struct {
	No      int                 `json:"no"`
	Subtest string              `json:"subtest"`
	Stem    string              `json:"stem"`
	Options []attemptOptionJSON `json:"options"`
	Answer  *string             `json:"answer"`
	Flagged bool                `json:"flagged"`
}

type attemptOptionJSON struct {
	Label string `json:"label"`
	Text  string `json:"text"`
}

// attemptResultJSON is a finished attempt's result: the score of each
// sub-test, the total, whether the passing grade was met (graded: one
// applies), the thresholds missed, and the SHA-256 of the attempt's
// canonical record (docs/EXAM.md).
type attemptResultJSON struct {
	Scores       map[string]int     `json:"scores"`
	Total        int                `json:"total"`
	Max          int                `json:"max"`
	Graded       bool               `json:"graded"`
	Passed       bool               `json:"passed"`
	Reasons      []selection.Reason `json:"reasons"`
	SHA256       string             `json:"sha256"`
	AutoFinished bool               `json:"auto_finished"`
}

// answerRequest is PUT /api/v1/attempts/{id}/answers/{no}: the option
// chosen (null: none) and whether the item is flagged.
type answerRequest struct {
	Option  *string `json:"option"`
	Flagged bool    `json:"flagged"`
}

type answerJSON struct {
	No      int     `json:"no"`
	Option  *string `json:"option"`
	Flagged bool    `json:"flagged"`
}

func attemptOut(a *exam.Attempt) attemptJSON {
	out := attemptJSON{ID: a.ID, EndsAt: a.EndsAt.UTC(), Items: make([]attemptItemJSON, 0, len(a.Paper.Items))}
	for i, it := range a.Paper.Items {
		x := attemptItemJSON{No: it.No, Subtest: it.Subtest, Options: make([]attemptOptionJSON, 0, exam.NumOptions)}
		if i < len(a.Contents) {
			c := &a.Contents[i]
			x.Stem = c.Stem
			for j, text := range it.Shown(&c.ItemInput) {
				x.Options = append(x.Options, attemptOptionJSON{Label: exam.Labels[j], Text: text})
			}
		}
		if i < len(a.Answers) {
			x.Answer = labelOf(a.Answers[i].Option)
			x.Flagged = a.Answers[i].Flagged
		}
		out.Items = append(out.Items, x)
	}
	if a.FinishedAt != nil {
		t := a.FinishedAt.UTC()
		out.FinishedAt = &t
	}
	if a.Result != nil {
		r := resultOut(a)
		out.Result = &r
	}
	return out
}

func labelOf(a exam.Answer) *string {
	if a == exam.Blank {
		return nil
	}
	l := a.Label()
	return &l
}

func resultOut(a *exam.Attempt) attemptResultJSON {
	r := a.Result
	out := attemptResultJSON{Scores: map[string]int{}, Total: r.Total, Max: r.Max, Graded: r.Graded, Passed: r.Passed, Reasons: r.Reasons,
		SHA256: r.SHA256, AutoFinished: a.AutoFinished}
	for _, s := range r.Scores {
		out.Scores[s.Subtest] = s.Score
	}
	if out.Reasons == nil {
		out.Reasons = []selection.Reason{}
	}
	return out
}

// apiPracticeStart: POST /api/v1/practice/attempts → 201 a new practice
// attempt, as apiAttempt shows it.
func (s *Server) apiPracticeStart(w http.ResponseWriter, r *http.Request) error {
	if err := decodeJSON(w, r, &struct{}{}, true); err != nil {
		return err
	}
	p := identity.PrincipalFrom(r.Context())
	a, err := s.exam.StartPractice(r.Context(), p.UserID)
	if err != nil {
		return err
	}
	if a, err = s.exam.Attempt(r.Context(), p.UserID, a.ID); err != nil {
		return err
	}
	out := attemptOut(a)
	if err := s.withSession(r, a, &out); err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, out)
	return nil
}

// apiAttempt: GET /api/v1/attempts/{id} — the taker's attempt: its items
// with options in the drawn order, what was saved, never keys or weights.
func (s *Server) apiAttempt(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a, err := s.exam.Attempt(r.Context(), identity.PrincipalFrom(r.Context()).UserID, id)
	if err != nil {
		return err
	}
	out := attemptOut(a)
	if err := s.withSession(r, a, &out); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// apiAttemptAnswer: PUT /api/v1/attempts/{id}/answers/{no}
// {"option":"A"…"E"|null,"flagged":bool} → 200 once committed; an option
// outside A–E or a body that is not such JSON 422; no item {no} 404; a
// finished attempt or one out of time 409; a save without the live
// session's token (X-Attempt-Session: the attempt was opened elsewhere
// since) 409 with the field "session".
func (s *Server) apiAttemptAnswer(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	no, err := strconv.Atoi(r.PathValue("no"))
	if err != nil || no <= 0 {
		return exam.ErrAttemptItemNotFound
	}
	var in *answerRequest // a body of null leaves it nil
	if err := decodeJSON(w, r, &in, false); err != nil {
		var ae *apperr.Error
		if errors.As(err, &ae) && ae.Code == apperr.Malformed {
			bad := *ae
			bad.Code = apperr.Invalid
			return &bad
		}
		return err
	}
	if in == nil {
		return apperr.InvalidMsgs(map[string]apperr.Msg{"option": apperr.M("exam.attempt.option")})
	}
	opt := exam.Blank
	if in.Option != nil {
		a, ok := exam.ParseAnswer(*in.Option)
		if !ok || len(*in.Option) != 1 || *in.Option != a.Label() {
			return apperr.InvalidMsgs(map[string]apperr.Msg{"option": apperr.M("exam.attempt.option")})
		}
		opt = a
	}
	if err := s.exam.SaveAnswer(r.Context(), identity.PrincipalFrom(r.Context()).UserID, id, r.Header.Get(sessionHeader), no, opt,
		in.Flagged); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, answerJSON{No: no, Option: labelOf(opt), Flagged: in.Flagged})
	return nil
}

// apiAttemptFinish: POST /api/v1/attempts/{id}/finish → 200 the result
// (the same result again for an attempt already finished, by its taker or
// by time).
func (s *Server) apiAttemptFinish(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := decodeJSON(w, r, &struct{}{}, true); err != nil {
		return err
	}
	a, err := s.exam.Finish(r.Context(), identity.PrincipalFrom(r.Context()).UserID, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, resultOut(a))
	return nil
}
