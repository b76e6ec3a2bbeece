package web

import (
	"errors"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"

	"asnpro/internal/apperr"
	"asnpro/internal/development"
	"asnpro/internal/identity"
)

// developmentRecordJSON is one JP record in the API.
type developmentRecordJSON struct {
	ID          string                   `json:"id"`
	Source      string                   `json:"source"` // training or external
	Ref         string                   `json:"ref,omitempty"`
	Title       string                   `json:"title"`
	Institution string                   `json:"institution"`
	JP          int                      `json:"jp"`
	CompletedOn string                   `json:"completed_on"`
	Status      string                   `json:"status"` // pending, approved, rejected, revoked
	Counts      bool                     `json:"counts"`
	Reason      string                   `json:"reason,omitempty"`
	Evidence    *developmentEvidenceJSON `json:"evidence,omitempty"`
}

type developmentEvidenceJSON struct {
	ContentType string `json:"content_type"`
	Filename    string `json:"filename"`
	Size        int64  `json:"size"`
	SHA256      string `json:"sha256"`
}

// developmentJSON is an employee's year.
type developmentJSON struct {
	Year       int                     `json:"year"`
	Employee   personJSON              `json:"employee"`
	JPTotal    int                     `json:"jp_total"`
	JPRequired int                     `json:"jp_required"`
	Compliant  bool                    `json:"compliant"`
	Shortfall  int                     `json:"shortfall"`
	JPPending  int                     `json:"jp_pending"`
	Bound      bool                    `json:"bound"` // the 20-JP minimum binds the employee (a PNS in service)
	Records    []developmentRecordJSON `json:"records"`
}

func developmentRecordOut(r development.Record) developmentRecordJSON {
	out := developmentRecordJSON{ID: idString(r.ID), Source: r.Source, Ref: r.Ref, Title: r.Title, Institution: r.Institution, JP: r.JP,
		CompletedOn: r.CompletedOn, Status: r.Status, Counts: r.Counts(), Reason: r.Reason}
	if e := r.Evidence; e != nil {
		out.Evidence = &developmentEvidenceJSON{ContentType: e.ContentType, Filename: e.Filename, Size: e.Size, SHA256: e.SHA256}
	}
	return out
}

// mayReadDevelopment reports whether the caller may read an employee's
// development hours: the employee, their current direct supervisor (with
// the supervisor role), the admin, the leader and the auditor — the
// workforce API's rule.
func mayReadDevelopment(p *identity.Principal, sub *development.Subject) bool {
	switch {
	case p == nil:
		return false
	case p.Has(Admin, Leader, Auditor), sub.UserID != 0 && sub.UserID == p.UserID:
		return true
	}
	return p.Has(Supervisor) && sub.SupervisorUserID != 0 && sub.SupervisorUserID == p.UserID
}

// apiDevelopment: GET /api/v1/employees/{id}/development?year=YYYY — an
// employee's JP in a WIB year ("" the current one) → {"year","jp_total",
// "jp_required","compliant","shortfall","jp_pending","bound","records"};
// someone who may not read them: 404 (as the workforce API); a bad year 422.
func (s *Server) apiDevelopment(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	sub, err := s.development.FindSubject(r.Context(), id)
	if err != nil {
		return err
	}
	return s.writeDevelopment(w, r, sub)
}

// apiDevelopmentMe: GET /api/v1/employees/me/development?year=YYYY — the
// caller's own; 404 when the account is linked to no employee.
func (s *Server) apiDevelopmentMe(w http.ResponseWriter, r *http.Request) error {
	sub, err := s.development.SubjectOfUser(r.Context(), identity.PrincipalFrom(r.Context()).UserID)
	if err != nil {
		return err
	}
	return s.writeDevelopment(w, r, sub)
}

func (s *Server) writeDevelopment(w http.ResponseWriter, r *http.Request, sub *development.Subject) error {
	if !mayReadDevelopment(identity.PrincipalFrom(r.Context()), sub) {
		return development.ErrEmployeeNotFound
	}
	year, err := development.ParseYear(r.URL.Query().Get("year"), s.now())
	if err != nil {
		return err
	}
	sum, err := s.development.SummaryOf(r.Context(), sub.ID, year)
	if err != nil {
		return err
	}
	out := developmentJSON{Year: year, Employee: personJSON{ID: idString(sub.ID), Name: sub.Name}, JPTotal: sum.Standing.Total,
		JPRequired: development.RequiredJP, Compliant: sum.Standing.Compliant, Shortfall: sum.Standing.Shortfall, JPPending: sum.PendingJP,
		Bound: sum.Bound, Records: []developmentRecordJSON{}}
	if !sum.Bound {
		out.JPRequired = 0
	}
	for _, rec := range sum.Records {
		out.Records = append(out.Records, developmentRecordOut(rec))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// maxEvidenceBody bounds a submission: the evidence (2 MB) and its fields.
const maxEvidenceBody = 3 << 20

// externalForm reads a multipart submission of external hours: the text
// fields title, institution, jp and completed_on first, then the evidence
// in the field "file" (read as it streams; nil when there is none).
func externalForm(r *http.Request) (x development.External, jpText string, file io.Reader, filename string, err error) {
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "multipart/form-data" {
		return x, "", nil, "", apperr.E(apperr.UnsupportedMediaType, "web.multipart_unreadable")
	}
	mr, err := r.MultipartReader()
	if err != nil {
		return x, "", nil, "", &apperr.Error{Code: apperr.Malformed, Msg: apperr.M("web.multipart_unreadable"), Err: err}
	}
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return x, jpText, nil, "", &apperr.Error{Code: apperr.Malformed, Msg: apperr.M("web.multipart_unreadable"), Err: err}
		}
		if part.FormName() == "file" {
			if part.FileName() == "" {
				continue // the browser's empty file input
			}
			return x, jpText, part, part.FileName(), nil
		}
		b, err := io.ReadAll(io.LimitReader(part, 2<<10))
		if err != nil {
			return x, jpText, nil, "", &apperr.Error{Code: apperr.Malformed, Msg: apperr.M("web.multipart_unreadable"), Err: err}
		}
		v := string(b)
		switch part.FormName() {
		case "title":
			x.Title = v
		case "institution":
			x.Institution = v
		case "jp":
			jpText = strings.TrimSpace(v)
			if x.JP, err = strconv.Atoi(jpText); err != nil {
				x.JP = 0 // refused by the rule, with its message
			}
		case "completed_on":
			x.CompletedOn = v
		}
	}
	return x, jpText, nil, "", nil
}

// apiDevelopmentExternal: POST /api/v1/employees/me/development/external
// (multipart: title, institution, jp, completed_on, then the evidence in
// "file") → 201 the record, pending the direct supervisor's decision.
// Without evidence or with a JP outside 1–200: 422.
func (s *Server) apiDevelopmentExternal(w http.ResponseWriter, r *http.Request) error {
	if err := limitBody(w, r, maxEvidenceBody); err != nil {
		return err
	}
	release, err := s.takeUpload(r)
	if err != nil {
		return err
	}
	defer release()
	x, _, file, name, err := externalForm(r)
	if err != nil {
		return tooLarge(err, "3 MB")
	}
	rec, err := s.development.SubmitExternal(r.Context(), identity.PrincipalFrom(r.Context()).UserID, x, file, name)
	if err != nil {
		return tooLarge(err, "3 MB")
	}
	writeJSON(w, http.StatusCreated, developmentRecordOut(*rec))
	return nil
}

type developmentDecisionRequest struct {
	Decision string `json:"decision"` // approve or reject
	Reason   string `json:"reason"`
}

// apiDevelopmentDecide: POST /api/v1/development/{id}/decision
// {"decision":"approve"|"reject","reason"} → 200 {"status"}; only the
// employee's current direct supervisor (403 for anyone else); decided
// already: 409; a rejection without a reason: 422.
func (s *Server) apiDevelopmentDecide(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var req developmentDecisionRequest
	if err := decodeJSON(w, r, &req, false); err != nil {
		return err
	}
	approve, err := decisionOf(req.Decision)
	if err != nil {
		return err
	}
	if err := s.development.Decide(r.Context(), identity.PrincipalFrom(r.Context()).UserID, id, approve, req.Reason); err != nil {
		return err
	}
	status := development.StatusRejected
	if approve {
		status = development.StatusApproved
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": status})
	return nil
}

func decisionOf(v string) (bool, error) {
	switch v {
	case "approve":
		return true, nil
	case "reject":
		return false, nil
	}
	return false, apperr.InvalidMsgs(map[string]apperr.Msg{"decision": apperr.M("development.decision")})
}

// thisYear is the WIB year of now.
func thisYear(now time.Time) int { return development.YearOf(now) }
