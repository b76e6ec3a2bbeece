package verification

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"asnpro/internal/apperr"
	"asnpro/internal/audit"
	"asnpro/internal/i18n"
	"asnpro/internal/identity"
	"asnpro/internal/recruitment"
	"asnpro/internal/sqldb"
	"asnpro/internal/textcheck"
)

// Decisions.
const (
	MS  = "MS"  // memenuhi syarat
	TMS = "TMS" // tidak memenuhi syarat
)

// Reason names a failed requirement: a document kind of the formation or
// one of education, ipk, age, category; with a note the applicant reads.
type Reason struct {
	Requirement string
	Note        string
}

// Verification is the verification state of a submitted application.
type Verification struct {
	ApplicationID   int64
	PeriodID        int64
	FormationID     int64
	ApplicantID     int64
	ApplicantUserID int64
	VerifierID      int64 // 0: unassigned
	SubmittedAt     time.Time
	AssignedAt      *time.Time
	Decision        string // "" while pending
	Reasons         []Reason
	DecidedBy       int64
	DecidedAt       *time.Time
	FirstVerifierID int64
	ConfirmedBy     int64
	ConfirmedAt     *time.Time
	Reopened        int
	AppealUpheld    bool
}

func (s *Service) findVerification(ctx context.Context, q queryer, appID int64) (*Verification, error) {
	v, err := findVerificationRow(ctx, q, appID)
	if err != nil {
		return nil, err
	}
	ref, err := s.rec.FindApplicationRef(ctx, appID)
	if err != nil {
		return nil, err
	}
	v.ApplicantID, v.ApplicantUserID = ref.ApplicantID, ref.ApplicantUserID
	return v, nil
}

// FindVerification returns the verification state of an application
// without access checks (for the web layer, after recruitment admitted the
// caller). Errors: not_found (not submitted).
func (s *Service) FindVerification(ctx context.Context, appID int64) (*Verification, error) {
	return s.findVerification(ctx, s.db.R, appID)
}

// gate loads an application's verification for p in the order of API.md:
// forbidden while the period's pact is unsigned, then not_found unless p
// may see it — the committee and the auditor, the assigned verifier;
// never someone who declared a conflict with the applicant.
func (s *Service) gate(ctx context.Context, q queryer, p *identity.Principal, appID int64) (*Verification, error) {
	v, err := s.findVerification(ctx, q, appID)
	if err != nil {
		return nil, err
	}
	if err := s.requirePact(ctx, q, p, v.PeriodID); err != nil {
		return nil, err
	}
	if c, err := s.hasConflict(ctx, q, p.UserID, v.PeriodID, v.ApplicantID); err != nil {
		return nil, err
	} else if c {
		return nil, ErrNotFound
	}
	role := audit.ActorFrom(ctx).Role
	switch {
	case p.Has(identity.Committee) && role != string(identity.Verifier), p.Has(identity.Auditor):
		return v, nil
	case p.Has(identity.Verifier) && v.VerifierID == p.UserID:
		return v, nil
	}
	return nil, ErrNotFound
}

// CheckStaffAccess is the pact and conflict check for an application seen
// through another part's view: nil for the owner and the auditor; for the
// committee, verifiers and assessors forbidden while the period's pact is
// unsigned and not_found after a declared conflict.
func (s *Service) CheckStaffAccess(ctx context.Context, p *identity.Principal, a *recruitment.Application) error {
	if a.ApplicantUserID == p.UserID || !needsPact(ctx, p) {
		return nil
	}
	if err := s.requirePact(ctx, s.db.R, p, a.PeriodID); err != nil {
		return err
	}
	if c, err := s.hasConflict(ctx, s.db.R, p.UserID, a.PeriodID, a.ApplicantID); err != nil {
		return err
	} else if c {
		return ErrNotFound
	}
	return nil
}

// --- assignment ---

// assignUnassigned shares the period's unassigned applications out.
func (s *Service) assignUnassigned(ctx context.Context, tx *sqldb.Tx, periodID int64) error {
	todo, err := listUnassigned(ctx, tx, periodID)
	if err != nil {
		return err
	}
	for _, t := range todo {
		if err := s.assign(ctx, tx, t.appID, periodID, t.applicantID, 0, "pact"); err != nil {
			return err
		}
	}
	return nil
}

// Reassign gives an undecided application to another verifier, chosen by
// the committee (username), who must have signed the pact and have no
// conflict with the applicant; records verification.assign. Errors:
// forbidden, not_found, invalid (verifier), conflict (decided).
func (s *Service) Reassign(ctx context.Context, p *identity.Principal, appID int64, username string) error {
	return s.db.Write(ctx, func(tx *sqldb.Tx) error {
		v, err := s.gate(ctx, tx, p, appID)
		if err != nil {
			return err
		}
		uid, err := s.signedVerifier(ctx, tx, v, username)
		if err != nil {
			return err
		}
		if v.Decision != "" {
			return ErrDecided
		}
		return s.setVerifier(ctx, tx, appID, v.PeriodID, uid, "committee")
	})
}

// signedVerifier is the enabled verifier named username who signed the
// pact of v's period and declared no conflict with its applicant.
func (s *Service) signedVerifier(ctx context.Context, tx *sqldb.Tx, v *Verification, username string) (int64, error) {
	notSigned := apperr.InvalidMsgs(map[string]apperr.Msg{"verifier": apperr.M("verification.reassign_not_signed")})
	u, err := s.staff.FindUserByUsername(ctx, strings.TrimSpace(username))
	if apperr.CodeOf(err) == apperr.NotFound {
		return 0, notSigned
	}
	if err != nil {
		return 0, err
	}
	if !u.HasRole(identity.Verifier) || u.Disabled {
		return 0, notSigned
	}
	if ok, err := s.hasPact(ctx, tx, v.PeriodID, u.ID); err != nil {
		return 0, err
	} else if !ok {
		return 0, notSigned
	}
	if c, err := s.hasConflict(ctx, tx, u.ID, v.PeriodID, v.ApplicantID); err != nil {
		return 0, err
	} else if c {
		return 0, apperr.InvalidMsgs(map[string]apperr.Msg{"verifier": apperr.M("verification.reassign_conflict")})
	}
	return u.ID, nil
}

// --- the queue ---

// QueueFilter selects a page of a verifier's (or, for the committee, the
// period's) applications.
type QueueFilter struct {
	PeriodID    int64
	Status      string // pending (default), MS, TMS, all
	FormationID int64
	// Q is part of the applicant's name or of the registration number,
	// any case ("": all).
	Q      string
	Limit  int
	Offset int
}

// maxQueueQ bounds the length of a queue search.
const maxQueueQ = 100

// QueueItem is one application in a queue.
type QueueItem struct {
	ApplicationID      int64
	RegistrationNumber string
	Name               string
	FormationID        int64
	FormationCode      string
	Position           string
	SubmittedAt        time.Time
	Decision           string
	DecidedAt          *time.Time
	VerifierID         int64 // 0: unassigned
}

// Queue is a page of a queue with the count behind every filter.
type Queue struct {
	Items  []QueueItem
	Total  int
	Counts map[string]int // pending, MS, TMS, all
}

// Statuses of a queue filter.
var queueStatuses = []string{"pending", MS, TMS, "all"}

// FindQueue returns the first page of p's queue in a period — a
// verifier's own applications; for the committee every application of the
// period except those it declared a conflict with — oldest first, with
// the counts per status. Errors: forbidden (pact), invalid (filter).
func (s *Service) FindQueue(ctx context.Context, p *identity.Principal, f QueueFilter) (*Queue, error) {
	if f.Status == "" {
		f.Status = "pending"
	}
	if !contains(queueStatuses, f.Status) {
		return nil, apperr.InvalidMsgs(map[string]apperr.Msg{"status": apperr.M("verification.queue_status")})
	}
	if utf8.RuneCountInString(f.Q) > maxQueueQ {
		return nil, apperr.InvalidMsgs(map[string]apperr.Msg{"q": apperr.M("verification.queue_q", "max", maxQueueQ)})
	}
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 50
	}
	if err := s.requirePact(ctx, s.db.R, p, f.PeriodID); err != nil {
		return nil, err
	}
	sc := queueScope{periodID: f.PeriodID, formationID: f.FormationID, q: f.Q}
	if audit.ActorFrom(ctx).Role == string(identity.Verifier) || !p.Has(identity.Committee, identity.Auditor) {
		sc.verifierID = p.UserID
	} else if p.Has(identity.Committee) {
		sc.notRecused = p.UserID
	}
	q := &Queue{Counts: map[string]int{"pending": 0, MS: 0, TMS: 0, "all": 0}}
	if err := queueCounts(ctx, s.db.R, sc, q.Counts); err != nil {
		return nil, err
	}
	q.Total = q.Counts[f.Status]
	var err error
	if q.Items, err = queuePage(ctx, s.db.R, sc, f.Status, f.Limit, f.Offset); err != nil {
		return nil, err
	}
	return q, nil
}

// --- the application as a verifier sees it ---

// Check is one automatic pre-check: a requirement ("education", "ipk",
// "age", "category" or a document kind), whether it is met, and why, by
// catalogue key.
type Check struct {
	Requirement string
	OK          bool
	Msg         apperr.Msg
}

// View is everything the verification page shows of one application.
type View struct {
	App        *recruitment.Application
	Applicant  *recruitment.Applicant
	Formation  *recruitment.Formation
	Period     *recruitment.Period
	V          *Verification
	Verifier   *Person
	Decider    *Person
	Confirmer  *Person
	Prechecks  []Check
	Checklist  []string // the requirements a TMS may name
	Appeal     *Appeal
	CanDecide  bool // p is its verifier and it is undecided
	CanConfirm bool // a TMS decided by someone else, not yet confirmed, and p is committee
}

// ViewApplication returns an application for verification and records
// application.view (reads of candidate data are recorded). Errors:
// forbidden (pact), not_found.
func (s *Service) ViewApplication(ctx context.Context, p *identity.Principal, appID int64) (*View, error) {
	v, err := s.gate(ctx, s.db.R, p, appID)
	if err != nil {
		return nil, err
	}
	a, err := s.rec.FindApplication(ctx, &identity.Principal{UserID: -1, Roles: []identity.Role{identity.Auditor}}, appID)
	if err != nil {
		return nil, err
	}
	vw := &View{App: a, V: v}
	if vw.Formation, err = s.rec.FindFormationByID(ctx, a.FormationID, true); err != nil {
		return nil, err
	}
	if vw.Period, err = s.rec.FindPeriodByID(ctx, a.PeriodID, true); err != nil {
		return nil, err
	}
	if vw.Applicant, err = s.rec.FindApplicantByUser(ctx, a.ApplicantUserID); err != nil {
		return nil, err
	}
	vw.Prechecks = Prechecks(vw.Formation, a, vw.Applicant, vw.Period)
	vw.Checklist = Requirements(vw.Formation)
	if vw.Verifier, err = s.person(ctx, v.VerifierID); err != nil {
		return nil, err
	}
	if vw.Decider, err = s.person(ctx, v.DecidedBy); err != nil {
		return nil, err
	}
	if vw.Confirmer, err = s.person(ctx, v.ConfirmedBy); err != nil {
		return nil, err
	}
	if vw.Appeal, err = appealOf(ctx, s.db.R, appID); err != nil {
		return nil, err
	}
	role := audit.ActorFrom(ctx).Role
	vw.CanDecide = v.Decision == "" && v.VerifierID == p.UserID && p.Has(identity.Verifier) && role != string(identity.Auditor)
	vw.CanConfirm = v.Decision == TMS && v.ConfirmedBy == 0 && v.DecidedBy != p.UserID && p.Has(identity.Committee) &&
		role != string(identity.Auditor) && role != string(identity.Verifier)
	err = s.db.Write(ctx, func(tx *sqldb.Tx) error {
		return s.record(ctx, tx,
			audit.Event{Action: "application.view", ObjectType: "application", ObjectID: id64(appID),
				Data: map[string]any{"purpose": "verification"}})
	})
	return vw, err
}

// Document is a stored document's bytes.
type Document struct {
	Kind        string
	ContentType string
	SHA256      string
	Data        []byte
}

// ReadDocument returns one document of an application to its owner, the
// committee, its verifier or the auditor, and records document.view.
// Errors: forbidden (pact), not_found.
func (s *Service) ReadDocument(ctx context.Context, p *identity.Principal, appID int64, kind string) (*Document, error) {
	a, err := s.rec.FindApplication(ctx, p, appID)
	if err != nil {
		return nil, err
	}
	if err := s.CheckStaffAccess(ctx, p, a); err != nil {
		return nil, err
	}
	if a.ApplicantUserID != p.UserID && !p.Has(identity.Auditor) && !p.Has(identity.Committee) {
		// A verifier: only their own assignment (recruitment asked MaySee).
		if _, err := s.gate(ctx, s.db.R, p, appID); err != nil {
			return nil, err
		}
	}
	d := &Document{Kind: kind}
	for _, ad := range a.Documents {
		if ad.Kind == kind {
			d.ContentType, d.SHA256 = ad.ContentType, ad.SHA256
		}
	}
	if d.SHA256 == "" {
		return nil, ErrNoDocument
	}
	if d.Data, err = s.rec.ReadBlob(ctx, d.SHA256); err != nil {
		return nil, err
	}
	err = s.db.Write(ctx, func(tx *sqldb.Tx) error {
		return s.record(ctx, tx,
			audit.Event{Action: "document.view", ObjectType: "application", ObjectID: id64(appID),
				Data: map[string]any{"kind": kind, "sha256": d.SHA256}})
	})
	return d, err
}

// Requirements lists what a TMS may name for formation f: its document
// kinds, then education, ipk, age and category.
func Requirements(f *recruitment.Formation) []string {
	var out []string
	for _, d := range f.Documents {
		out = append(out, d.Kind)
	}
	return append(out, "education", "ipk", "age", "category")
}

// Prechecks runs the automatic checks on a submitted application:
// education, IPK, age and category proofs (the rules of choosing a
// formation, run again on what is stored) and every required document.
func Prechecks(f *recruitment.Formation, a *recruitment.Application, ap *recruitment.Applicant, p *recruitment.Period) []Check {
	birth, _ := time.Parse(time.DateOnly, ap.BirthDate)
	ref, _ := time.Parse(time.DateOnly, p.ReferenceDate)
	ed := a.Education
	ed.Major = a.MajorCode
	_, reasons := recruitment.CheckEligibility(f, ed, birth, ref, a.Attributes)
	failed := map[string][]recruitment.Reason{}
	for _, r := range reasons {
		failed[r.Requirement] = append(failed[r.Requirement], r)
	}
	age := recruitment.AgeOn(birth, ref)
	ok := map[string]apperr.Msg{
		"education": apperr.M("verification.check.education_ok"),
		"ipk":       apperr.M("verification.check.ipk_ok"),
		"age":       apperr.M("verification.check.age_ok", "age", age, "min", f.AgeMin, "max", f.AgeMax),
		"category":  apperr.M("verification.check.category_ok", "category", i18n.Key("code.category."+f.Category)),
	}
	var out []Check
	for _, req := range []string{"education", "ipk", "age", "category"} {
		if rs := failed[req]; len(rs) > 0 {
			var why i18n.Phrases
			for _, r := range rs {
				why = append(why, i18n.P(r.Msg.Key, r.Msg.Args...))
			}
			out = append(out, check(req, false, apperr.M("recruitment.reason_list", "reasons", why)))
			continue
		}
		out = append(out, check(req, true, ok[req]))
	}
	have := map[string]bool{}
	for _, d := range a.Documents {
		have[d.Kind] = true
	}
	for _, d := range f.Documents {
		switch {
		case have[d.Kind]:
			out = append(out, check(d.Kind, true, apperr.M("verification.check.document_ok")))
		case d.Required:
			out = append(out, check(d.Kind, false, apperr.M("verification.check.document_missing")))
		}
	}
	return out
}

// check is a pre-check with its message in both languages.
func check(req string, ok bool, m apperr.Msg) Check {
	return Check{Requirement: req, OK: ok, Msg: m}
}

// --- decisions ---

// NewDecision is what a verifier sends (API.md).
type NewDecision struct {
	Decision string
	Reasons  []Reason
}

func (n *NewDecision) validate(f *recruitment.Formation) error {
	msgs := map[string]apperr.Msg{}
	// The reasons are cleaned in a copy: the caller's slice is not changed.
	n.Reasons = slices.Clone(n.Reasons)
	n.Decision = strings.ToUpper(strings.TrimSpace(n.Decision))
	switch {
	case n.Decision == MS && len(n.Reasons) > 0:
		msgs["reasons"] = apperr.M("verification.decision_ms_reasons")
	case n.Decision == TMS && len(n.Reasons) == 0:
		msgs["reasons"] = apperr.M("verification.decision_tms_reasons")
	case n.Decision != MS && n.Decision != TMS:
		msgs["decision"] = apperr.M("verification.decision_value")
	}
	allowed := Requirements(f)
	seen := map[string]bool{}
	for i := range n.Reasons {
		r := &n.Reasons[i]
		key := fmt.Sprintf("reasons.%d", i)
		r.Requirement = strings.TrimSpace(r.Requirement)
		if !textcheck.FieldMsg(msgs, key+".note", &r.Note, textcheck.Multiline) {
			continue
		}
		switch {
		case !contains(allowed, r.Requirement):
			msgs[key+".requirement"] = apperr.M("verification.reason_requirement", "allowed", strings.Join(allowed, ", "))
		case seen[r.Requirement]:
			msgs[key+".requirement"] = apperr.M("verification.reason_twice")
		}
		seen[r.Requirement] = true
		if r.Note == "" || utf8.RuneCountInString(r.Note) > 1000 {
			msgs[key+".note"] = apperr.M("verification.reason_note")
		}
	}
	if len(msgs) == 0 {
		return nil
	}
	return &apperr.Error{Code: apperr.Invalid, Msg: apperr.M("verification.decision_incomplete"), FieldMsgs: msgs}
}

// CheckDecision answers, without changing anything, whether Decide would
// record n now: nil, or the error Decide would return (the page asks the
// verifier to confirm only a decision it would record). Errors as Decide.
func (s *Service) CheckDecision(ctx context.Context, p *identity.Principal, appID int64, n NewDecision) error {
	return s.checkDecision(ctx, s.db.R, p, appID, &n)
}

// checkDecision is Decide's rule, read through q; it cleans n.
func (s *Service) checkDecision(ctx context.Context, q queryer, p *identity.Principal, appID int64, n *NewDecision) error {
	v, err := s.findVerification(ctx, q, appID)
	if err != nil {
		return err
	}
	if err := s.requirePact(ctx, q, p, v.PeriodID); err != nil {
		return err
	}
	if v.VerifierID != p.UserID {
		return ErrNotFound
	}
	if c, err := s.hasConflict(ctx, q, p.UserID, v.PeriodID, v.ApplicantID); err != nil {
		return err
	} else if c {
		return ErrNotFound
	}
	f, err := s.rec.FindFormationByID(ctx, v.FormationID, true)
	if err != nil {
		return err
	}
	if err := n.validate(f); err != nil {
		return err
	}
	if v.Decision != "" {
		return ErrDecided
	}
	return nil
}

// Decide records the decision of an application's verifier
// (verification.decide). Errors in API.md's order: forbidden (pact),
// not_found (not theirs), invalid (decision, reasons), conflict (decided
// already, unless the committee reopened it).
func (s *Service) Decide(ctx context.Context, p *identity.Principal, appID int64, n NewDecision) (*Verification, error) {
	var out *Verification
	err := s.db.Write(ctx, func(tx *sqldb.Tx) error {
		if err := s.checkDecision(ctx, tx, p, appID, &n); err != nil {
			return err
		}
		if n.Reasons == nil {
			n.Reasons = []Reason{}
		}
		if err := storeDecision(ctx, tx, appID, n.Decision, n.Reasons, p.UserID, sqldb.Now(s.now())); err != nil {
			return err
		}
		if err := s.record(ctx, tx, audit.Event{Action: "verification.decide", ObjectType: "application", ObjectID: id64(appID),
			Data: map[string]any{"decision": n.Decision, "reasons": storedReasons(n.Reasons)}}); err != nil {
			return err
		}
		var err error
		out, err = s.findVerification(ctx, tx, appID)
		return err
	})
	return out, err
}

// Reopen clears a decision so that a verifier decides again, with the
// committee's reason (verification.reopen, with the decision it clears and
// whether it had been announced). Besides an appeal, it is the only way an
// announced decision changes; the next announcement publishes the new
// decision as a new version. Four eyes: nobody reopens a decision they took
// themselves (a member who is also a verifier). The application stays with
// its verifier unless that is the member reopening it, or someone who
// declared a conflict with the applicant, or nobody: then it goes to
// another signed, conflict-free verifier. Errors: forbidden (pact; one's
// own decision), not_found, invalid (reason), conflict (not decided; an
// appeal pending, which answers it instead).
func (s *Service) Reopen(ctx context.Context, p *identity.Principal, appID int64, reason string) error {
	return s.db.Write(ctx, func(tx *sqldb.Tx) error {
		v, err := s.gate(ctx, tx, p, appID)
		if err != nil {
			return err
		}
		bad := map[string]apperr.Msg{}
		if !textcheck.FieldMsg(bad, "reason", &reason, textcheck.Multiline) {
			return apperr.InvalidMsgs(bad)
		}
		if reason == "" || utf8.RuneCountInString(reason) > 1000 {
			return apperr.InvalidMsgs(map[string]apperr.Msg{"reason": apperr.M("verification.reopen_reason")})
		}
		if v.DecidedBy != 0 && v.DecidedBy == p.UserID {
			return ErrOwnReopen
		}
		if v.Decision == "" {
			return ErrNotDecided
		}
		if a, err := appealOf(ctx, tx, appID); err != nil {
			return err
		} else if a != nil && a.Status == AppealPending {
			return ErrAppealPending
		}
		announced, err := s.decisionAnnounced(ctx, tx, appID)
		if err != nil {
			return err
		}
		// An announced decision's reasons stay readable by the applicant
		// until the next version replaces it.
		if err := clearDecision(ctx, tx, appID, announced); err != nil {
			return err
		}
		if err := s.record(ctx, tx, audit.Event{Action: "verification.reopen", ObjectType: "application", ObjectID: id64(appID),
			Data: map[string]any{"reason": reason, "previous": v.Decision, "previous_reasons": storedReasons(v.Reasons),
				"announced": announced}}); err != nil {
			return err
		}
		keep := v.VerifierID != 0 && v.VerifierID != p.UserID
		if keep {
			c, err := s.hasConflict(ctx, tx, v.VerifierID, v.PeriodID, v.ApplicantID)
			if err != nil {
				return err
			}
			keep = !c
		}
		if keep {
			return nil
		}
		return s.assign(ctx, tx, appID, v.PeriodID, v.ApplicantID, p.UserID, "reopen")
	})
}

// Confirm is the committee's four-eyes confirmation of a TMS decision
// (verification.confirm). Errors: forbidden (pact; the decider
// themselves), not_found, conflict (not a TMS, or confirmed already).
func (s *Service) Confirm(ctx context.Context, p *identity.Principal, appID int64) error {
	return s.db.Write(ctx, func(tx *sqldb.Tx) error {
		v, err := s.checkConfirm(ctx, tx, p, appID)
		if err != nil {
			return err
		}
		if err := storeConfirmation(ctx, tx, appID, p.UserID, sqldb.Now(s.now())); err != nil {
			return err
		}
		return s.record(ctx, tx,
			audit.Event{Action: "verification.confirm", ObjectType: "application", ObjectID: id64(appID),
				Data: map[string]any{"decision": v.Decision}})
	})
}

// CheckConfirm answers, without changing anything, whether Confirm would
// confirm the application's TMS now: nil, or the error Confirm would
// return (the page asks to confirm only a confirmation it would take).
// Errors as Confirm.
func (s *Service) CheckConfirm(ctx context.Context, p *identity.Principal, appID int64) error {
	_, err := s.checkConfirm(ctx, s.db.R, p, appID)
	return err
}

// checkConfirm is Confirm's rule, read through q.
func (s *Service) checkConfirm(ctx context.Context, q queryer, p *identity.Principal, appID int64) (*Verification, error) {
	v, err := s.gate(ctx, q, p, appID)
	if err != nil {
		return nil, err
	}
	if v.DecidedBy == p.UserID {
		return nil, ErrOwnDecision
	}
	if v.Decision != TMS {
		return nil, ErrConfirmOnlyTMS
	}
	if v.ConfirmedBy != 0 {
		return nil, ErrConfirmed
	}
	return v, nil
}

// --- progress ---

// VerifierProgress is one verifier's work in a period.
type VerifierProgress struct {
	Verifier      Person
	Decided       int
	Pending       int
	MedianSeconds float64
}

// FormationProgress is one formation's decisions.
type FormationProgress struct {
	ID       int64
	Code     string
	Position string
	MS       int
	TMS      int
	Pending  int
}

// Progress is the committee's view of verification in a period.
type Progress struct {
	Submitted      int
	Decided        int
	Unassigned     int
	TMSUnconfirmed int
	AppealsPending int
	Verifiers      []VerifierProgress
	Formations     []FormationProgress
	OldestWaiting  *QueueItem
	// Flags are what the committee must look at: conflicts declared on
	// announced decisions (which stand until an appeal or a reopen).
	Flags []Flag
}

// Flag kinds.
const FlagLateConflict = "late_conflict"

// Flag is one thing the committee must look at.
type Flag struct {
	Kind               string
	ApplicationID      int64
	RegistrationNumber string
	User               Person
	Decision           string // the announced decision, which stood
	Current            string // the decision now ("" while reopened)
	Reopened           int
	At                 time.Time
}

// FindCounts is the head of FindProgress alone — the counts of
// applications, decisions, unassigned ones, TMS awaiting four eyes and
// appeals waiting — for pages that show only those (the staff's homes).
// Errors as FindProgress.
func (s *Service) FindCounts(ctx context.Context, p *identity.Principal, periodID int64) (*Progress, error) {
	if _, err := s.rec.FindPeriodByID(ctx, periodID, true); err != nil {
		return nil, err
	}
	if err := s.requirePact(ctx, s.db.R, p, periodID); err != nil {
		return nil, err
	}
	pr := &Progress{}
	if err := progressCounts(ctx, s.db.R, periodID, pr); err != nil {
		return nil, err
	}
	return pr, nil
}

// FindProgress reports verification progress in a period: per verifier
// decided/pending and the median time from assignment to decision, per
// formation MS/TMS, and the oldest application still waiting. Errors:
// forbidden (pact), not_found.
func (s *Service) FindProgress(ctx context.Context, p *identity.Principal, periodID int64) (*Progress, error) {
	pr, err := s.FindCounts(ctx, p, periodID)
	if err != nil {
		return nil, err
	}
	q := s.db.R
	pr.Verifiers, err = verifierProgress(ctx, q, periodID)
	if err == nil {
		pr.Formations, err = formationProgress(ctx, q, periodID)
	}
	if err == nil {
		pr.OldestWaiting, err = s.oldestWaiting(ctx, periodID)
	}
	if err == nil {
		pr.Flags, err = lateConflicts(ctx, q, p.UserID, periodID)
	}
	if err != nil {
		return nil, err
	}
	return pr, nil
}

// oldestWaiting is the period's oldest undecided application as a queue row (nil: none).
func (s *Service) oldestWaiting(ctx context.Context, periodID int64) (*QueueItem, error) {
	it, err := oldestWaiting(ctx, s.db.R, periodID)
	if err != nil || it == nil {
		return nil, err
	}
	ref, err := s.rec.FindApplicationRef(ctx, it.ApplicationID)
	if err != nil {
		return nil, err
	}
	f, err := s.rec.FindFormationByID(ctx, it.FormationID, true)
	if err != nil {
		return nil, err
	}
	it.RegistrationNumber, it.Name, it.FormationCode, it.Position = ref.RegistrationNumber, ref.Name, f.Code, f.Position
	return it, nil
}

// verifierProgress is every signed verifier's work, and that of anyone
// holding or having decided applications: pending, decided, and the median
// time from assignment (or submission) to decision.
func verifierProgress(ctx context.Context, q queryer, periodID int64) ([]VerifierProgress, error) {
	byID := map[int64]*VerifierProgress{}
	var order []int64
	add := func(p Person) *VerifierProgress {
		id := p.ID
		if vp, ok := byID[id]; ok {
			return vp
		}
		vp := &VerifierProgress{Verifier: p}
		byID[id] = vp
		order = append(order, id)
		return vp
	}
	if err := signedVerifiers(ctx, q, periodID, func(p Person) { add(p) }); err != nil {
		return nil, err
	}
	if err := pendingPerVerifier(ctx, q, periodID, func(p Person, n int) { add(p).Pending = n }); err != nil {
		return nil, err
	}
	durations := map[int64][]float64{}
	err := decisionTimes(ctx, q, periodID, func(p Person, seconds float64) {
		vp := add(p)
		vp.Decided++
		durations[p.ID] = append(durations[p.ID], seconds)
	})
	if err != nil {
		return nil, err
	}
	out := []VerifierProgress{}
	for _, id := range order {
		vp := byID[id]
		vp.MedianSeconds = median(durations[id])
		out = append(out, *vp)
	}
	return out, nil
}

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	sort.Float64s(xs)
	m := len(xs) / 2
	if len(xs)%2 == 1 {
		return xs[m]
	}
	return (xs[m-1] + xs[m]) / 2
}
