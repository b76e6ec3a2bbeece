package web

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"

	"asnpro/internal/apperr"
	"asnpro/internal/identity"
	"asnpro/internal/recruitment"
	"asnpro/internal/verification"
)

// --- integrity pacts and conflicts ---

type pactJSON struct {
	Signed bool          `json:"signed"`
	Text   string        `json:"text"`
	Pact   *pactBodyJSON `json:"pact"`
}

// apiPactGet: GET /api/v1/periods/{id}/pact — the pact's text and whether the caller signed it.
func (s *Server) apiPactGet(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p, err := s.rec.FindPeriodByID(r.Context(), id, true)
	if err != nil {
		return err
	}
	pc, err := s.ver.FindPact(r.Context(), identity.PrincipalFrom(r.Context()), id)
	if err != nil {
		return err
	}
	idText, enText := verification.PactText(p.Name)
	out := pactJSON{Signed: pc != nil, Pact: pactOut(pc), Text: idText}
	if langOf(r) == langEN {
		out.Text = enText
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// apiPactSign: POST /api/v1/periods/{id}/pact {"no_conflict":bool} → 201 the pact.
func (s *Server) apiPactSign(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in struct {
		NoConflict bool `json:"no_conflict"`
	}
	if err := decodeJSON(w, r, &in, true); err != nil {
		return err
	}
	pc, err := s.ver.SignPact(r.Context(), identity.PrincipalFrom(r.Context()), id, in.NoConflict)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, pactOut(pc))
	return nil
}

// apiConflictDeclare: POST /api/v1/periods/{id}/conflicts → 201 the conflict.
func (s *Server) apiConflictDeclare(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var n conflictRequest
	if err := decodeJSON(w, r, &n, false); err != nil {
		return err
	}
	c, err := s.ver.DeclareConflict(r.Context(), identity.PrincipalFrom(r.Context()), id, n.domain())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, conflictOut(c))
	return nil
}

// apiIntegrity: GET /api/v1/periods/{id}/integrity — who signed, who recused.
func (s *Server) apiIntegrity(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	in, err := s.ver.FindIntegrity(r.Context(), identity.PrincipalFrom(r.Context()), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, integrityOut(in))
	return nil
}

// --- verification ---

func queueFilter(r *http.Request, periodID int64) (verification.QueueFilter, error) {
	limit, offset, err := paging(r)
	if err != nil {
		return verification.QueueFilter{}, err
	}
	f := verification.QueueFilter{PeriodID: periodID, Status: r.URL.Query().Get("status"), Q: r.URL.Query().Get("q"), Limit: limit,
		Offset: offset}
	if v := r.URL.Query().Get("formation"); v != "" {
		if f.FormationID, err = strconv.ParseInt(v, 10, 64); err != nil {
			return f, apperr.InvalidMsgs(map[string]apperr.Msg{"formation": apperr.M("verification.formation_id")})
		}
	}
	return f, nil
}

// apiQueue: GET /api/v1/periods/{id}/verification/queue?status=&formation=&limit=&offset=
func (s *Server) apiQueue(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if _, err := s.rec.FindPeriodByID(r.Context(), id, true); err != nil {
		return err
	}
	f, err := queueFilter(r, id)
	if err != nil {
		return err
	}
	q, err := s.ver.FindQueue(r.Context(), identity.PrincipalFrom(r.Context()), f)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, queueOut(q))
	return nil
}

// apiProgress: GET /api/v1/periods/{id}/verification/progress
func (s *Server) apiProgress(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	pr, err := s.ver.FindProgress(r.Context(), identity.PrincipalFrom(r.Context()), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, progressOut(pr))
	return nil
}

type verificationJSON struct {
	Status      string       `json:"status"` // pending, MS, TMS
	Reasons     []reasonJSON `json:"reasons"`
	Verifier    *personJSON  `json:"verifier,omitempty"`
	DecidedAt   *time.Time   `json:"decided_at,omitempty"`
	ConfirmedBy *personJSON  `json:"confirmed_by,omitempty"`
	Reopened    int          `json:"reopened"`
	Announced   *bool        `json:"announced,omitempty"`
	// AppealEndsAt (its owner, once announced): the appeal deadline, the
	// one the filing is judged by.
	AppealEndsAt *time.Time `json:"appeal_ends_at,omitempty"`
}

type appealJSON struct {
	ID           string     `json:"id"`
	Status       string     `json:"status"`
	Reason       string     `json:"reason"`
	FiledAt      time.Time  `json:"filed_at"`
	WindowEndsAt time.Time  `json:"window_ends_at"`
	Response     string     `json:"response"`
	DecidedAt    *time.Time `json:"decided_at"`
	AnswerDueAt  time.Time  `json:"answer_due_at"`
	Late         bool       `json:"late"`
}

func appealOut(a *verification.Appeal) *appealJSON {
	if a == nil {
		return nil
	}
	return &appealJSON{ID: strconv.FormatInt(a.ID, 10), Status: a.Status, Reason: a.Reason, FiledAt: a.FiledAt.In(wib),
		WindowEndsAt: a.WindowEndsAt.In(wib),
		Response:     a.Response, DecidedAt: inZone(a.DecidedAt, wib), AnswerDueAt: a.AnswerDue().In(wib), Late: a.Late(time.Now())}
}

type verificationViewJSON struct {
	ApplicationID      string                 `json:"application_id"`
	RegistrationNumber string                 `json:"registration_number"`
	Name               string                 `json:"name"`
	Formation          formationJSON          `json:"formation"`
	Education          recruitment.Education  `json:"education"`
	Attributes         map[string]string      `json:"attributes"`
	Documents          []recruitment.Document `json:"documents"`
	Prechecks          []checkJSON            `json:"prechecks"`
	Checklist          []string               `json:"checklist"`
	Verification       verificationJSON       `json:"verification"`
	Appeal             *appealJSON            `json:"appeal"`
}

func decisionOut(v *verification.Verification) verificationJSON {
	out := verificationJSON{Status: "pending", Reasons: reasonsOut(v.Reasons), Reopened: v.Reopened, DecidedAt: inZone(v.DecidedAt, wib)}
	if v.Decision != "" {
		out.Status = v.Decision
	}
	return out
}

// apiVerificationView: GET /api/v1/applications/{id}/verification — the
// application as its verifier sees it (recorded as application.view).
func (s *Server) apiVerificationView(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	vw, err := s.ver.ViewApplication(r.Context(), identity.PrincipalFrom(r.Context()), id)
	if err != nil {
		return err
	}
	out := verificationViewJSON{ApplicationID: strconv.FormatInt(vw.App.ID, 10), RegistrationNumber: vw.App.RegistrationNumber,
		Name:      vw.Applicant.Name,
		Formation: formationOut(vw.Formation), Education: vw.App.Education, Attributes: vw.App.Attributes, Documents: vw.App.Documents,
		Prechecks: checksOut(vw.Prechecks), Checklist: vw.Checklist, Verification: decisionOut(vw.V), Appeal: appealOut(vw.Appeal)}
	out.Verification.Verifier, out.Verification.ConfirmedBy = personOut(vw.Verifier), personOut(vw.Confirmer)
	if out.Documents == nil {
		out.Documents = []recruitment.Document{}
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// apiDecide: POST /api/v1/applications/{id}/verification {"decision","reasons"} → 200.
func (s *Server) apiDecide(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var n decisionRequest
	if err := decodeJSON(w, r, &n, false); err != nil {
		return err
	}
	v, err := s.ver.Decide(r.Context(), identity.PrincipalFrom(r.Context()), id, n.domain())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, decisionOut(v))
	return nil
}

func (s *Server) verificationAction(w http.ResponseWriter, r *http.Request, body any, do func(id int64) error) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := decodeJSON(w, r, body, body == nil || isEmptyBody(body)); err != nil {
		return err
	}
	if err := do(id); err != nil {
		return err
	}
	v, err := s.ver.FindVerification(r.Context(), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, decisionOut(v))
	return nil
}

func isEmptyBody(v any) bool { _, ok := v.(*struct{}); return ok }

// apiReopen: POST /api/v1/applications/{id}/verification/reopen {"reason"}
func (s *Server) apiReopen(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Reason string `json:"reason"`
	}
	return s.verificationAction(w, r, &in, func(id int64) error {
		return s.ver.Reopen(r.Context(), identity.PrincipalFrom(r.Context()), id, in.Reason)
	})
}

// apiConfirm: POST /api/v1/applications/{id}/verification/confirm — four eyes on a TMS.
func (s *Server) apiConfirm(w http.ResponseWriter, r *http.Request) error {
	return s.verificationAction(w, r, &struct{}{}, func(id int64) error {
		return s.ver.Confirm(r.Context(), identity.PrincipalFrom(r.Context()), id)
	})
}

// apiAssign: POST /api/v1/applications/{id}/verification/assign {"verifier":"username"}
func (s *Server) apiAssign(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Verifier string `json:"verifier"`
	}
	return s.verificationAction(w, r, &in, func(id int64) error {
		return s.ver.Reassign(r.Context(), identity.PrincipalFrom(r.Context()), id, in.Verifier)
	})
}

// apiApplicationWithDecisions: GET /api/v1/applications/{id} — the
// application (recruitment's view) with its verification and appeal: for
// the committee (after signing the pact), its verifier and the auditor as
// they stand; for its owner only what has been announced.
func (s *Server) apiApplicationWithDecisions(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p := identity.PrincipalFrom(r.Context())
	a, err := s.rec.FindApplication(r.Context(), p, id)
	if err != nil {
		return err
	}
	if err := s.ver.CheckStaffAccess(r.Context(), p, a); err != nil {
		return err
	}
	base, err := s.applicationOut(r, a)
	if err != nil {
		return err
	}
	out := struct {
		applicationJSON
		Verification *verificationJSON `json:"verification"`
		Appeal       *appealJSON       `json:"appeal"`
	}{applicationJSON: base}
	if a.Status == recruitment.StatusSubmitted {
		if a.ApplicantUserID == p.UserID {
			o, err := s.ver.FindOutcome(r.Context(), p, id)
			if err != nil {
				return err
			}
			ann := o.Announced
			vj := &verificationJSON{Status: "pending", Reasons: []reasonJSON{}, Announced: &ann}
			if o.Announced {
				vj.Status, vj.AppealEndsAt = o.Result, inZone(&o.WindowEndsAt, wib)
				if o.Reasons != nil {
					vj.Reasons = reasonsOut(o.Reasons)
				}
			}
			out.Verification, out.Appeal = vj, appealOut(o.Appeal)
		} else {
			v, err := s.ver.FindVerification(r.Context(), id)
			if err != nil {
				return err
			}
			vj := decisionOut(v)
			out.Verification = &vj
		}
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// documentCSP sandboxes an uploaded document shown inside a staff page:
// nothing it contains may run with the app's origin.
const documentCSP = "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; frame-ancestors 'self'; sandbox allow-scripts"

// apiDocumentGet: GET /api/v1/applications/{id}/documents/{kind} — one
// document with its checked type, nosniff and a sandboxing CSP; inline for
// staff (each view recorded), as an attachment for its owner.
func (s *Server) apiDocumentGet(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p := identity.PrincipalFrom(r.Context())
	d, err := s.ver.ReadDocument(r.Context(), p, id, r.PathValue("kind"))
	if err != nil {
		return err
	}
	h := w.Header()
	switch d.ContentType {
	case "application/pdf", "image/jpeg":
		h.Set("Content-Type", d.ContentType)
	default:
		h.Set("Content-Type", "application/octet-stream")
	}
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", documentCSP)
	h.Set("X-Frame-Options", "SAMEORIGIN")
	h.Set("Cache-Control", "private, no-store")
	h.Set("Cross-Origin-Resource-Policy", "same-origin")
	ext := ".pdf"
	if d.ContentType == "image/jpeg" {
		ext = ".jpg"
	}
	disp := "inline"
	if r.URL.Query().Get("download") == "1" || !p.Has(identity.Committee, identity.Verifier, identity.Auditor) {
		disp = "attachment"
	}
	h.Set("Content-Disposition", disp+`; filename="`+d.Kind+ext+`"`)
	h.Set("ETag", `"`+d.SHA256+`"`)
	_, err = w.Write(d.Data)
	return err
}

// --- appeals ---

// apiAppealFile: POST /api/v1/applications/{id}/appeal {"reason"} → 201.
func (s *Server) apiAppealFile(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in struct {
		Reason string `json:"reason"`
	}
	if err := decodeJSON(w, r, &in, false); err != nil {
		return err
	}
	a, err := s.ver.FileAppeal(r.Context(), identity.PrincipalFrom(r.Context()), id, in.Reason)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, appealOut(a))
	return nil
}

type appealRowJSON struct {
	appealJSON
	ApplicationID      string       `json:"application_id"`
	RegistrationNumber string       `json:"registration_number"`
	Name               string       `json:"name"`
	FormationCode      string       `json:"formation_code"`
	Reasons            []reasonJSON `json:"reasons"`
}

// apiAppeals: GET /api/v1/periods/{id}/appeals
func (s *Server) apiAppeals(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	rows, err := s.ver.FindAppeals(r.Context(), identity.PrincipalFrom(r.Context()), id)
	if err != nil {
		return err
	}
	out := list[appealRowJSON]{Items: []appealRowJSON{}, Total: len(rows)}
	for _, a := range rows {
		out.Items = append(out.Items, appealRowJSON{appealJSON: *appealOut(a.Appeal), ApplicationID: strconv.FormatInt(a.ApplicationID, 10),
			RegistrationNumber: a.RegistrationNumber, Name: a.Name, FormationCode: a.FormationCode, Reasons: reasonsOut(a.Reasons)})
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// apiAppealDecide: POST /api/v1/appeals/{id}/decision {"upheld","response"} → 200.
func (s *Server) apiAppealDecide(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in appealDecisionRequest
	if err := decodeJSON(w, r, &in, false); err != nil {
		return err
	}
	a, err := s.ver.DecideAppeal(r.Context(), identity.PrincipalFrom(r.Context()), id, verification.AppealDecision(in))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, appealOut(a))
	return nil
}

// --- announcements ---

// apiAnnounce: POST /api/v1/periods/{id}/announcements {"stage"} → 201 {"sha256","audit_seq",…}.
func (s *Server) apiAnnounce(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in struct {
		Stage  string `json:"stage"`
		Number string `json:"number"` // the announcement's official number (SKD and final lists)
		Reason string `json:"reason"` // a corrected SKD or final list's
	}
	if err := decodeJSON(w, r, &in, false); err != nil {
		return err
	}
	pub, err := s.ver.Publish(r.Context(), identity.PrincipalFrom(r.Context()), id,
		verification.PublishRequest{Stage: in.Stage, Number: in.Number, Reason: in.Reason})
	if err != nil {
		return err
	}
	pub.PublishedAt = pub.PublishedAt.In(wib)
	writeJSON(w, http.StatusCreated, publishedJSON(*pub))
	return nil
}

type announcementJSON struct {
	Stage       string    `json:"stage"`
	Version     int       `json:"version"`
	PublishedAt time.Time `json:"published_at"`
	SHA256      string    `json:"sha256"`
	AuditSeq    int64     `json:"audit_seq"`
	Rows        int       `json:"rows"`
	Number      string    `json:"number,omitempty"` // the announcement's official number
	Reason      string    `json:"reason,omitempty"` // why a corrected version was published
}

func announcementOut(a *verification.Announcement) announcementJSON {
	return announcementJSON{Stage: a.Stage, Version: a.Version, PublishedAt: a.PublishedAt.In(wib), SHA256: a.SHA256,
		AuditSeq: a.AuditSeq, Rows: a.Rows, Number: a.Number, Reason: a.Reason}
}

// apiAnnouncements: GET /api/v1/periods/{id}/announcements — every published version.
func (s *Server) apiAnnouncements(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if _, err := s.rec.FindPeriodByID(r.Context(), id, false); err != nil {
		return err
	}
	as, err := s.ver.FindAnnouncements(r.Context(), id)
	if err != nil {
		return err
	}
	out := list[announcementJSON]{Items: []announcementJSON{}, Total: len(as)}
	for _, a := range as {
		out.Items = append(out.Items, announcementOut(a))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// findAnnouncement reads ?stage=&version= for period {id}.
func (s *Server) findAnnouncement(r *http.Request) (*recruitment.Period, *verification.Announcement, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, nil, err
	}
	p, err := s.rec.FindPeriodByID(r.Context(), id, false)
	if err != nil {
		return nil, nil, err
	}
	q := r.URL.Query()
	version := 0
	if v := q.Get("version"); v != "" {
		if version, err = strconv.Atoi(v); err != nil || version < 1 {
			return nil, nil, apperr.InvalidMsgs(map[string]apperr.Msg{"version": apperr.M("verification.version_value")})
		}
	}
	a, err := s.ver.FindAnnouncement(r.Context(), id, q.Get("stage"), version)
	return p, a, err
}

// apiResults: GET /api/v1/periods/{id}/results?stage=&format=json|csv|xlsx|pdf[&version=N]
func (s *Server) apiResults(w http.ResponseWriter, r *http.Request) error {
	format := r.URL.Query().Get("format")
	if format == "" {
		format = "json"
	}
	if format != "json" && format != "csv" && format != "xlsx" && format != "pdf" {
		return apperr.InvalidMsgs(map[string]apperr.Msg{"format": apperr.M("verification.format_value")})
	}
	p, a, err := s.findAnnouncement(r)
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("X-Content-SHA256-CSV", a.SHA256)
	// A numbered version never changes: caches may keep it. The latest
	// one may be replaced by a new version: revalidate (ETag) every time.
	if r.URL.Query().Get("version") != "" {
		h.Set("Cache-Control", "public, max-age=3600, immutable")
	} else {
		h.Set("Cache-Control", "public, no-cache")
	}
	h.Set("ETag", `"`+a.SHA256+"-"+format+`"`)
	if match := r.Header.Get("If-None-Match"); match != "" && strings.Contains(match, a.SHA256+"-"+format) {
		w.WriteHeader(http.StatusNotModified)
		return nil
	}
	name := "hasil-" + a.Stage + "-v" + strconv.Itoa(a.Version)
	switch format {
	case "csv":
		b, err := s.ver.CSV(r.Context(), a)
		if err != nil {
			return err
		}
		h.Set("Content-Type", "text/csv; charset=utf-8")
		h.Set("Content-Disposition", `attachment; filename="`+name+`.csv"`)
		_, err = w.Write(b)
		return err
	case "pdf", "xlsx":
		b, err := s.ver.Render(r.Context(), a, format, p.Name)
		if err != nil {
			return err
		}
		ct := "application/pdf"
		if format == "xlsx" {
			ct = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
		}
		h.Set("Content-Type", ct)
		h.Set("Content-Disposition", `attachment; filename="`+name+`.`+format+`"`)
		_, err = w.Write(b)
		return err
	}
	items, _, err := s.ver.Items(r.Context(), a, verification.ItemFilter{})
	if err != nil {
		return err
	}
	out := struct {
		announcementJSON
		Items []itemJSON `json:"items"`
	}{announcementOut(a), itemsOut(a.Stage, items)}
	h.Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	enc := jsonEncoder(w)
	return enc.Encode(out)
}

// apiStatistics: GET /api/v1/periods/{id}/statistics — public counts.
func (s *Server) apiStatistics(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	_, version, err := s.statisticsVersion(r, id)
	if err != nil {
		return err
	}
	return s.versionedJSON(w, r, "statistics|"+strconv.FormatInt(id, 10), version, func() (any, error) {
		st, err := s.ver.FindStatistics(r.Context(), id)
		if err != nil {
			return nil, err
		}
		return statisticsOut(st), nil
	})
}

func jsonEncoder(w http.ResponseWriter) *json.Encoder {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc
}

// --- the JSON of verification (API.md): ids as decimal strings ---

func idString(id int64) string {
	if id == 0 {
		return ""
	}
	return strconv.FormatInt(id, 10)
}

type personJSON struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Username string `json:"username"`
}

func personOut(p *verification.Person) *personJSON {
	if p == nil {
		return nil
	}
	return &personJSON{ID: strconv.FormatInt(p.ID, 10), Name: p.Name, Username: p.Username}
}

type pactBodyJSON struct {
	User       personJSON `json:"user"`
	Roles      []string   `json:"roles"`
	TextSHA256 string     `json:"text_sha256"`
	NoConflict bool       `json:"no_conflict"`
	Assigned   int        `json:"assigned"`
	SignedAt   time.Time  `json:"signed_at"`
}

func pactOut(p *verification.Pact) *pactBodyJSON {
	if p == nil {
		return nil
	}
	return &pactBodyJSON{User: *personOut(&p.User), Roles: p.Roles, TextSHA256: p.TextSHA256, NoConflict: p.NoConflict, Assigned: p.Assigned,
		SignedAt: p.SignedAt}
}

// conflictRequest is what declaring a conflict sends: the application by
// its id or its registration number.
type conflictRequest struct {
	ApplicationID      string `json:"application_id"`
	RegistrationNumber string `json:"registration_number"`
	Kind               string `json:"kind"` // family, work, other
	Note               string `json:"note"`
}

func (c conflictRequest) domain() verification.NewConflict {
	id, err := strconv.ParseInt(strings.TrimSpace(c.ApplicationID), 10, 64)
	if err != nil || id < 0 {
		id = 0
	}
	return verification.NewConflict{ApplicationID: id, RegistrationNumber: c.RegistrationNumber, Kind: c.Kind, Note: c.Note}
}

type conflictJSON struct {
	ID                 string     `json:"id"`
	User               personJSON `json:"user"`
	ApplicationID      string     `json:"application_id,omitempty"`
	RegistrationNumber string     `json:"registration_number,omitempty"`
	ApplicantName      string     `json:"applicant_name,omitempty"`
	Kind               string     `json:"kind"`
	Note               string     `json:"note"`
	DeclaredAt         time.Time  `json:"declared_at"`
	AfterAnnouncement  bool       `json:"after_announcement"`
	AnnouncedDecision  string     `json:"announced_decision,omitempty"`
}

func conflictOut(c *verification.Conflict) conflictJSON {
	return conflictJSON{ID: strconv.FormatInt(c.ID, 10), User: *personOut(&c.User), ApplicationID: idString(c.ApplicationID),
		RegistrationNumber: c.RegistrationNumber, ApplicantName: c.ApplicantName, Kind: c.Kind, Note: c.Note, DeclaredAt: c.DeclaredAt,
		AfterAnnouncement: c.AfterAnnouncement, AnnouncedDecision: c.AnnouncedDecision}
}

type integrityJSON struct {
	Pacts     []*pactBodyJSON `json:"pacts"`
	Conflicts []conflictJSON  `json:"conflicts"`
}

func integrityOut(in *verification.Integrity) integrityJSON {
	out := integrityJSON{Pacts: []*pactBodyJSON{}, Conflicts: []conflictJSON{}}
	for _, p := range in.Pacts {
		out.Pacts = append(out.Pacts, pactOut(p))
	}
	for _, c := range in.Conflicts {
		out.Conflicts = append(out.Conflicts, conflictOut(c))
	}
	return out
}

type queueItemJSON struct {
	ApplicationID      string     `json:"application_id"`
	RegistrationNumber string     `json:"registration_number"`
	Name               string     `json:"name"`
	FormationID        string     `json:"formation_id"`
	FormationCode      string     `json:"formation_code"`
	Position           string     `json:"position"`
	SubmittedAt        time.Time  `json:"submitted_at"`
	Decision           string     `json:"decision"`
	DecidedAt          *time.Time `json:"decided_at"`
	VerifierID         string     `json:"verifier_id"`
}

func queueItemOut(it *verification.QueueItem) *queueItemJSON {
	if it == nil {
		return nil
	}
	return &queueItemJSON{ApplicationID: strconv.FormatInt(it.ApplicationID, 10), RegistrationNumber: it.RegistrationNumber, Name: it.Name,
		FormationID: strconv.FormatInt(it.FormationID, 10), FormationCode: it.FormationCode, Position: it.Position, SubmittedAt: it.SubmittedAt,
		Decision: it.Decision, DecidedAt: it.DecidedAt, VerifierID: idString(it.VerifierID)}
}

type queueJSON struct {
	Items  []*queueItemJSON `json:"items"`
	Total  int              `json:"total"`
	Counts map[string]int   `json:"counts"` // pending, MS, TMS, all
}

func queueOut(q *verification.Queue) queueJSON {
	out := queueJSON{Items: []*queueItemJSON{}, Total: q.Total, Counts: q.Counts}
	for i := range q.Items {
		out.Items = append(out.Items, queueItemOut(&q.Items[i]))
	}
	return out
}

type verifierProgressJSON struct {
	Verifier      personJSON `json:"verifier"`
	Decided       int        `json:"decided"`
	Pending       int        `json:"pending"`
	MedianSeconds float64    `json:"median_seconds"`
}

type formationProgressJSON struct {
	ID       string `json:"id"`
	Code     string `json:"code"`
	Position string `json:"position"`
	MS       int    `json:"ms"`
	TMS      int    `json:"tms"`
	Pending  int    `json:"pending"`
}

type flagJSON struct {
	Kind               string     `json:"kind"`
	ApplicationID      string     `json:"application_id"`
	RegistrationNumber string     `json:"registration_number"`
	User               personJSON `json:"user"`
	Decision           string     `json:"decision"`
	Current            string     `json:"current"`
	Reopened           int        `json:"reopened"`
	At                 time.Time  `json:"at"`
}

type progressJSON struct {
	Submitted      int                     `json:"submitted"`
	Decided        int                     `json:"decided"`
	Unassigned     int                     `json:"unassigned"`
	TMSUnconfirmed int                     `json:"tms_unconfirmed"`
	AppealsPending int                     `json:"appeals_pending"`
	Verifiers      []verifierProgressJSON  `json:"verifiers"`
	Formations     []formationProgressJSON `json:"formations"`
	OldestWaiting  *queueItemJSON          `json:"oldest_waiting"`
	Flags          []flagJSON              `json:"flags"`
}

func progressOut(pr *verification.Progress) progressJSON {
	out := progressJSON{Submitted: pr.Submitted, Decided: pr.Decided, Unassigned: pr.Unassigned, TMSUnconfirmed: pr.TMSUnconfirmed,
		AppealsPending: pr.AppealsPending, Verifiers: []verifierProgressJSON{}, Formations: []formationProgressJSON{},
		OldestWaiting: queueItemOut(pr.OldestWaiting), Flags: []flagJSON{}}
	for _, v := range pr.Verifiers {
		out.Verifiers = append(out.Verifiers, verifierProgressJSON{Verifier: *personOut(&v.Verifier), Decided: v.Decided, Pending: v.Pending,
			MedianSeconds: v.MedianSeconds})
	}
	for _, f := range pr.Formations {
		out.Formations = append(out.Formations, formationProgressJSON{ID: strconv.FormatInt(f.ID, 10), Code: f.Code, Position: f.Position,
			MS: f.MS, TMS: f.TMS, Pending: f.Pending})
	}
	for _, f := range pr.Flags {
		out.Flags = append(out.Flags, flagJSON{Kind: f.Kind, ApplicationID: strconv.FormatInt(f.ApplicationID, 10),
			RegistrationNumber: f.RegistrationNumber, User: *personOut(&f.User), Decision: f.Decision, Current: f.Current,
			Reopened: f.Reopened, At: f.At})
	}
	return out
}

type reasonJSON struct {
	Requirement string `json:"requirement"`
	Note        string `json:"note"`
}

func reasonsOut(rs []verification.Reason) []reasonJSON {
	out := make([]reasonJSON, len(rs))
	for i, r := range rs {
		out[i] = reasonJSON(r)
	}
	return out
}

// decisionRequest is what a verifier sends.
type decisionRequest struct {
	Decision string       `json:"decision"`
	Reasons  []reasonJSON `json:"reasons"`
}

func (d decisionRequest) domain() verification.NewDecision {
	n := verification.NewDecision{Decision: d.Decision}
	for _, r := range d.Reasons {
		n.Reasons = append(n.Reasons, verification.Reason(r))
	}
	return n
}

type checkJSON struct {
	Requirement string `json:"requirement"`
	OK          bool   `json:"ok"`
	Message     string `json:"message"`
	MessageEN   string `json:"message_en"`
}

// checksOut gives each pre-check's reason in both languages.
func checksOut(cs []verification.Check) []checkJSON {
	out := make([]checkJSON, len(cs))
	for i, c := range cs {
		out[i] = checkJSON{Requirement: c.Requirement, OK: c.OK, Message: c.Msg.In(langID), MessageEN: c.Msg.In(langEN)}
	}
	return out
}

// appealDecisionRequest is the committee's answer to an appeal.
type appealDecisionRequest struct {
	Upheld   *bool  `json:"upheld"`
	Response string `json:"response"`
}

type publishedJSON struct {
	Stage       string    `json:"stage"`
	Version     int       `json:"version"`
	SHA256      string    `json:"sha256"`
	AuditSeq    int64     `json:"audit_seq"`
	Rows        int       `json:"rows"`
	PublishedAt time.Time `json:"published_at"`
}

type itemJSON struct {
	No                 int    `json:"no"`
	RegistrationNumber string `json:"registration_number"`
	Name               string `json:"name"` // masked
	FormationCode      string `json:"formation_code"`
	Position           string `json:"position"`
	Unit               string `json:"unit"`
	Result             string `json:"result"`
	// Scores: the SKD and final lists' columns (verification.StageColumns)
	// by name, "" where none; absent from the administration lists.
	Scores map[string]string `json:"scores,omitempty"`
}

func itemsOut(stage string, items []verification.Item) []itemJSON {
	cols := verification.StageColumns(stage)
	out := make([]itemJSON, len(items))
	for i, it := range items {
		out[i] = itemJSON{No: it.No, RegistrationNumber: it.RegistrationNumber, Name: it.Name, FormationCode: it.FormationCode,
			Position: it.Position, Unit: it.Unit, Result: it.Result}
		if len(cols) > 0 {
			out[i].Scores = make(map[string]string, len(cols))
			for k, c := range cols {
				if k < len(it.Extra) {
					out[i].Scores[c] = it.Extra[k]
				}
			}
		}
	}
	return out
}

type stageCountJSON struct {
	Version     int       `json:"version"`
	PublishedAt time.Time `json:"published_at"`
	SHA256      string    `json:"sha256"`
	Total       int       `json:"total"`
	MS          int       `json:"ms"`
	TMS         int       `json:"tms"`
}

type appealCountJSON struct {
	Filed    int `json:"filed"`
	Upheld   int `json:"upheld"`
	Rejected int `json:"rejected"`
	Pending  int `json:"pending"`
}

type statisticsJSON struct {
	Administration *stageCountJSON            `json:"administration"`
	AfterAppeal    *stageCountJSON            `json:"appeal"`
	TMSByReq       map[string]int             `json:"tms_by_requirement"`
	Appeals        appealCountJSON            `json:"appeals"`
	AppealsByReq   map[string]appealCountJSON `json:"appeals_by_requirement"`
	// Formations and PassRates: stats_formations.go.
	Formations []formationStatJSON `json:"formations"`
	PassRates  []passRateJSON      `json:"pass_rates"`
	PassStage  *string             `json:"pass_stage"`
}

func stageCountOut(c *verification.StageCount) *stageCountJSON {
	if c == nil {
		return nil
	}
	out := stageCountJSON(*c)
	return &out
}

func statisticsOut(st *verification.Statistics) statisticsJSON {
	out := statisticsJSON{Administration: stageCountOut(st.Administration), AfterAppeal: stageCountOut(st.AfterAppeal), TMSByReq: st.TMSByReq,
		Appeals: appealCountJSON(st.Appeals), AppealsByReq: map[string]appealCountJSON{}}
	for k, v := range st.AppealsByReq {
		out.AppealsByReq[k] = appealCountJSON(v)
	}
	out.Formations, out.PassRates, out.PassStage = formationStatsOut(st)
	return out
}
