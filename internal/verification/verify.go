package verification

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"asnpro/internal/apperr"
	"asnpro/internal/audit"
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
	Requirement string `json:"requirement"`
	Note        string `json:"note"`
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

const verificationColumns = `v.application_id, v.period_id, v.formation_id, a.applicant_id, ap.user_id, coalesce(v.verifier_id, 0), v.submitted_at, v.assigned_at,
coalesce(v.decision, ''), v.reasons, coalesce(v.decided_by, 0), v.decided_at, coalesce(v.first_verifier_id, 0), coalesce(v.confirmed_by, 0), v.confirmed_at, v.reopened, v.appeal_upheld`

func scanVerification(r interface{ Scan(...any) error }) (*Verification, error) {
	v := &Verification{}
	var assigned, decided, confirmed sql.NullTime
	var reasons string
	if err := r.Scan(&v.ApplicationID, &v.PeriodID, &v.FormationID, &v.ApplicantID, &v.ApplicantUserID, &v.VerifierID, &v.SubmittedAt, &assigned,
		&v.Decision, &reasons, &v.DecidedBy, &decided, &v.FirstVerifierID, &v.ConfirmedBy, &confirmed, &v.Reopened, &v.AppealUpheld); err != nil {
		return nil, err
	}
	v.SubmittedAt = v.SubmittedAt.UTC()
	utc := func(t sql.NullTime) *time.Time {
		if !t.Valid {
			return nil
		}
		u := t.Time.UTC()
		return &u
	}
	v.AssignedAt, v.DecidedAt, v.ConfirmedAt = utc(assigned), utc(decided), utc(confirmed)
	_ = json.Unmarshal([]byte(reasons), &v.Reasons)
	if v.Reasons == nil {
		v.Reasons = []Reason{}
	}
	return v, nil
}

func (s *Service) findVerification(ctx context.Context, q queryer, appID int64) (*Verification, error) {
	v, err := scanVerification(q.QueryRowContext(ctx, `SELECT `+verificationColumns+` FROM verifications v JOIN applications a ON a.id = v.application_id JOIN applicants ap ON ap.id = a.applicant_id WHERE v.application_id = $1`, appID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	return v, sqldb.Translate(err, "find verification")
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
	if c, err := s.hasConflict(ctx, q, p.UserID, appID); err != nil {
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

// maySee admits an application's verifier to recruitment's views.
func (s *Service) maySee(ctx context.Context, p *identity.Principal, a *recruitment.Application) (bool, error) {
	if !p.Has(identity.Verifier) {
		return false, nil
	}
	v, err := s.gate(ctx, s.db.R, p, a.ID)
	if err != nil {
		if apperr.CodeOf(err) == apperr.NotFound {
			return false, nil
		}
		return false, err
	}
	return v.VerifierID == p.UserID, nil
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
	if c, err := s.hasConflict(ctx, s.db.R, p.UserID, a.ID); err != nil {
		return err
	} else if c {
		return ErrNotFound
	}
	return nil
}

// --- assignment ---

// onSubmit runs inside the submitting transaction: the application enters
// verification and gets its verifier at once.
func (s *Service) onSubmit(ctx context.Context, tx *sqldb.Tx, a *recruitment.Application) error {
	if _, err := tx.ExecContext(ctx, `INSERT INTO verifications (application_id, period_id, formation_id, submitted_at) VALUES ($1, $2, $3, $4)`,
		a.ID, a.PeriodID, a.FormationID, sqldb.Now(*a.SubmittedAt)); err != nil {
		return sqldb.Translate(err, "enter verification")
	}
	return s.assign(ctx, tx, a.ID, a.PeriodID, a.ApplicantID, 0, "submit")
}

// assign gives application appID to the period's verifier with the fewest
// applications who signed the pact and has no conflict with the applicant
// (never exclude), or leaves it unassigned when there is none; it records
// verification.assign.
func (s *Service) assign(ctx context.Context, tx *sqldb.Tx, appID, periodID, applicantID, exclude int64, why string) error {
	var uid int64
	err := tx.QueryRowContext(ctx, `SELECT p.user_id FROM integrity_pacts p
JOIN user_roles r ON r.user_id = p.user_id AND r.role = 'verifier'
JOIN users u ON u.id = p.user_id AND NOT u.disabled
WHERE p.period_id = $1 AND p.user_id <> $3
  AND NOT EXISTS (SELECT 1 FROM conflicts c WHERE c.period_id = $1 AND c.user_id = p.user_id AND c.applicant_id = $2)
ORDER BY p.assigned, p.user_id LIMIT 1`, periodID, applicantID, exclude).Scan(&uid)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return sqldb.Translate(err, "choose verifier")
	}
	return s.setVerifier(ctx, tx, appID, periodID, uid, why)
}

// setVerifier moves application appID to verifier uid (0: nobody),
// keeping the per-verifier counters, and records verification.assign.
func (s *Service) setVerifier(ctx context.Context, tx *sqldb.Tx, appID, periodID, uid int64, why string) error {
	var old sql.NullInt64
	if err := tx.QueryRowContext(ctx, `SELECT verifier_id FROM verifications WHERE application_id = $1`, appID).Scan(&old); err != nil {
		return sqldb.Translate(err, "verification")
	}
	if old.Valid {
		if _, err := tx.ExecContext(ctx, `UPDATE integrity_pacts SET assigned = assigned - 1 WHERE period_id = $1 AND user_id = $2`, periodID, old.Int64); err != nil {
			return sqldb.Translate(err, "unassign")
		}
	}
	var to any
	var at any
	if uid != 0 {
		to, at = uid, sqldb.Now(s.now())
		const bump = `UPDATE integrity_pacts SET assigned = assigned + 1 WHERE period_id = $1 AND user_id = $2`
		if why == "submit" {
			// One application per submission: the least-loaded verifier's
			// row is what every submission updates, so last (sqldb.Tx.Bump).
			tx.Bump(bump, periodID, uid)
		} else if _, err := tx.ExecContext(ctx, bump, periodID, uid); err != nil {
			// Several in one write: the next choice must see this one.
			return sqldb.Translate(err, "assign")
		}
	}
	if _, err := tx.ExecContext(ctx, `UPDATE verifications SET verifier_id = $1, assigned_at = $2 WHERE application_id = $3`, to, at, appID); err != nil {
		return sqldb.Translate(err, "assign")
	}
	verifier := ""
	if uid != 0 {
		verifier = id64(uid)
	}
	return s.record(ctx, tx, audit.Event{Action: "verification.assign", ObjectType: "application", ObjectID: id64(appID),
		Data: map[string]any{"verifier": verifier, "why": why}})
}

// assignUnassigned shares the period's unassigned applications out.
func (s *Service) assignUnassigned(ctx context.Context, tx *sqldb.Tx, periodID int64) error {
	rows, err := tx.QueryContext(ctx, `SELECT v.application_id, a.applicant_id FROM verifications v JOIN applications a ON a.id = v.application_id
WHERE v.period_id = $1 AND v.verifier_id IS NULL AND v.decision IS NULL ORDER BY v.submitted_at, v.application_id`, periodID)
	if err != nil {
		return sqldb.Translate(err, "unassigned")
	}
	var todo [][2]int64
	for rows.Next() {
		var a, b int64
		if err := rows.Scan(&a, &b); err != nil {
			rows.Close()
			return sqldb.Translate(err, "unassigned")
		}
		todo = append(todo, [2]int64{a, b})
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return sqldb.Translate(err, "unassigned")
	}
	for _, t := range todo {
		if err := s.assign(ctx, tx, t[0], periodID, t[1], 0, "pact"); err != nil {
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
		var uid int64
		err = tx.QueryRowContext(ctx, `SELECT u.id FROM users u JOIN user_roles r ON r.user_id = u.id AND r.role = 'verifier'
JOIN integrity_pacts pc ON pc.user_id = u.id AND pc.period_id = $2 WHERE lower(u.username) = lower($1) AND NOT u.disabled`, strings.TrimSpace(username), v.PeriodID).Scan(&uid)
		if errors.Is(err, sql.ErrNoRows) {
			return apperr.InvalidFields(map[string]string{"verifier": "Bukan verifikator periode ini yang sudah menandatangani pakta integritas"})
		}
		if err != nil {
			return sqldb.Translate(err, "verifier")
		}
		if c, err := s.hasConflict(ctx, tx, uid, appID); err != nil {
			return err
		} else if c {
			return apperr.InvalidFields(map[string]string{"verifier": "Verifikator ini menyatakan konflik kepentingan dengan pelamar"})
		}
		if v.Decision != "" {
			return ErrDecided
		}
		return s.setVerifier(ctx, tx, appID, v.PeriodID, uid, "committee")
	})
}

// --- the queue ---

// QueueFilter selects a page of a verifier's (or, for the committee, the
// period's) applications.
type QueueFilter struct {
	PeriodID    int64
	Status      string // pending (default), MS, TMS, all
	FormationID int64
	Limit       int
	Offset      int
}

// QueueItem is one application in a queue.
type QueueItem struct {
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

// Queue is a page of a queue with the count behind every filter.
type Queue struct {
	Items  []QueueItem    `json:"items"`
	Total  int            `json:"total"`
	Counts map[string]int `json:"counts"` // pending, MS, TMS, all
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
		return nil, apperr.InvalidFields(map[string]string{"status": "status: pending, MS, TMS atau all"})
	}
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 50
	}
	if err := s.requirePact(ctx, s.db.R, p, f.PeriodID); err != nil {
		return nil, err
	}
	where := `v.period_id = $1`
	args := []any{f.PeriodID}
	if audit.ActorFrom(ctx).Role == string(identity.Verifier) || !p.Has(identity.Committee, identity.Auditor) {
		args = append(args, p.UserID)
		where += ` AND v.verifier_id = $` + strconv.Itoa(len(args))
	} else if p.Has(identity.Committee) {
		args = append(args, p.UserID)
		where += ` AND NOT EXISTS (SELECT 1 FROM conflicts c JOIN applications ca ON ca.applicant_id = c.applicant_id WHERE ca.id = v.application_id AND c.user_id = $` + strconv.Itoa(len(args)) + ` AND c.period_id = v.period_id)`
	}
	if f.FormationID != 0 {
		args = append(args, f.FormationID)
		where += ` AND v.formation_id = $` + strconv.Itoa(len(args))
	}
	q := &Queue{Items: []QueueItem{}, Counts: map[string]int{"pending": 0, MS: 0, TMS: 0, "all": 0}}
	rows, err := s.db.R.QueryContext(ctx, `SELECT coalesce(v.decision, 'pending'), count(*) FROM verifications v WHERE `+where+` GROUP BY coalesce(v.decision, 'pending')`, args...)
	if err != nil {
		return nil, sqldb.Translate(err, "queue counts")
	}
	for rows.Next() {
		var k string
		var n int
		if err := rows.Scan(&k, &n); err != nil {
			rows.Close()
			return nil, sqldb.Translate(err, "queue counts")
		}
		q.Counts[k] = n
		q.Counts["all"] += n
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return nil, sqldb.Translate(err, "queue counts")
	}
	q.Total = q.Counts[f.Status]
	switch f.Status {
	case "pending":
		where += ` AND v.decision IS NULL`
	case MS, TMS:
		args = append(args, f.Status)
		where += ` AND v.decision = $` + strconv.Itoa(len(args))
	}
	args = append(args, f.Limit, f.Offset)
	rows, err = s.db.R.QueryContext(ctx, `SELECT v.application_id, a.registration_number, ap.name, v.formation_id, fo.code, fo.position, v.submitted_at, coalesce(v.decision, ''), v.decided_at, coalesce(v.verifier_id, 0)
FROM (SELECT v.application_id, v.formation_id, v.submitted_at, v.decision, v.decided_at, v.verifier_id FROM verifications v WHERE `+where+`
      ORDER BY v.submitted_at, v.application_id LIMIT $`+strconv.Itoa(len(args)-1)+` OFFSET $`+strconv.Itoa(len(args))+`) v
JOIN applications a ON a.id = v.application_id JOIN applicants ap ON ap.id = a.applicant_id JOIN formations fo ON fo.id = v.formation_id
ORDER BY v.submitted_at, v.application_id`, args...)
	if err != nil {
		return nil, sqldb.Translate(err, "queue")
	}
	defer rows.Close()
	for rows.Next() {
		var it QueueItem
		var aid, fid, vid int64
		var dec sql.NullTime
		if err := rows.Scan(&aid, &it.RegistrationNumber, &it.Name, &fid, &it.FormationCode, &it.Position, &it.SubmittedAt, &it.Decision, &dec, &vid); err != nil {
			return nil, sqldb.Translate(err, "queue")
		}
		it.ApplicationID, it.FormationID, it.SubmittedAt = id64(aid), id64(fid), it.SubmittedAt.UTC()
		if vid != 0 {
			it.VerifierID = id64(vid)
		}
		if dec.Valid {
			t := dec.Time.UTC()
			it.DecidedAt = &t
		}
		q.Items = append(q.Items, it)
	}
	return q, sqldb.Translate(rows.Err(), "queue")
}

// --- the application as a verifier sees it ---

// Check is one automatic pre-check.
type Check struct {
	Requirement string `json:"requirement"`
	OK          bool   `json:"ok"`
	Message     string `json:"message"`
	MessageEN   string `json:"message_en"`
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
	if vw.Verifier, err = s.person(ctx, s.db.R, v.VerifierID); err != nil {
		return nil, err
	}
	if vw.Decider, err = s.person(ctx, s.db.R, v.DecidedBy); err != nil {
		return nil, err
	}
	if vw.Confirmer, err = s.person(ctx, s.db.R, v.ConfirmedBy); err != nil {
		return nil, err
	}
	if vw.Appeal, err = s.appealOf(ctx, s.db.R, appID); err != nil {
		return nil, err
	}
	role := audit.ActorFrom(ctx).Role
	vw.CanDecide = v.Decision == "" && v.VerifierID == p.UserID && p.Has(identity.Verifier) && role != string(identity.Auditor)
	vw.CanConfirm = v.Decision == TMS && v.ConfirmedBy == 0 && v.DecidedBy != p.UserID && p.Has(identity.Committee) && role != string(identity.Auditor) && role != string(identity.Verifier)
	err = s.db.Write(ctx, func(tx *sqldb.Tx) error {
		return s.record(ctx, tx, audit.Event{Action: "application.view", ObjectType: "application", ObjectID: id64(appID), Data: map[string]any{"purpose": "verification"}})
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
		// A verifier: only their own assignment (recruitment asked maySee).
		if _, err := s.gate(ctx, s.db.R, p, appID); err != nil {
			return nil, err
		}
	}
	d := &Document{Kind: kind}
	err = s.db.R.QueryRowContext(ctx, `SELECT d.content_type, d.sha256 FROM application_documents d WHERE d.application_id = $1 AND d.kind = $2`,
		appID, kind).Scan(&d.ContentType, &d.SHA256)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, &apperr.Error{Code: apperr.NotFound, Message: "Dokumen tidak ditemukan", MessageEN: "Document not found"}
	}
	if err != nil {
		return nil, sqldb.Translate(err, "read document")
	}
	if d.Data, err = s.rec.ReadBlob(ctx, d.SHA256); err != nil {
		return nil, err
	}
	err = s.db.Write(ctx, func(tx *sqldb.Tx) error {
		return s.record(ctx, tx, audit.Event{Action: "document.view", ObjectType: "application", ObjectID: id64(appID), Data: map[string]any{"kind": kind, "sha256": d.SHA256}})
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
	var out []Check
	ok := map[string][2]string{
		"education": {"Jenjang dan program studi sesuai formasi", "Level and major match the formation"},
		"ipk":       {"IPK memenuhi syarat minimal", "IPK meets the minimum"},
		"age":       {fmt.Sprintf("Usia %d tahun pada tanggal acuan (syarat %d–%d)", recruitment.AgeOn(birth, ref), f.AgeMin, f.AgeMax), fmt.Sprintf("Age %d on the reference date (requirement %d–%d)", recruitment.AgeOn(birth, ref), f.AgeMin, f.AgeMax)},
		"category":  {"Keterangan kategori " + f.Category + " lengkap", "Category " + f.Category + " proofs complete"},
	}
	for _, req := range []string{"education", "ipk", "age", "category"} {
		if rs := failed[req]; len(rs) > 0 {
			var id, en []string
			for _, r := range rs {
				id, en = append(id, r.Message), append(en, r.MessageEN)
			}
			out = append(out, Check{req, false, strings.Join(id, "; "), strings.Join(en, "; ")})
			continue
		}
		out = append(out, Check{req, true, ok[req][0], ok[req][1]})
	}
	have := map[string]bool{}
	for _, d := range a.Documents {
		have[d.Kind] = true
	}
	for _, d := range f.Documents {
		switch {
		case have[d.Kind]:
			out = append(out, Check{d.Kind, true, "Dokumen diunggah (format diperiksa dari isi berkas)", "Document uploaded (format checked by content)"})
		case d.Required:
			out = append(out, Check{d.Kind, false, "Dokumen wajib tidak ada", "Required document missing"})
		}
	}
	return out
}

// --- decisions ---

// NewDecision is what a verifier sends (API.md).
type NewDecision struct {
	Decision string   `json:"decision"`
	Reasons  []Reason `json:"reasons"`
}

func (n *NewDecision) validate(f *recruitment.Formation) error {
	fields := map[string]string{}
	n.Decision = strings.ToUpper(strings.TrimSpace(n.Decision))
	switch n.Decision {
	case MS:
		if len(n.Reasons) > 0 {
			fields["reasons"] = "Keputusan MS tidak disertai alasan penolakan"
		}
	case TMS:
		if len(n.Reasons) == 0 {
			fields["reasons"] = "Keputusan TMS wajib menyebut setiap syarat yang tidak terpenuhi beserta catatannya"
		}
	default:
		fields["decision"] = "Keputusan harus MS atau TMS"
	}
	allowed := Requirements(f)
	seen := map[string]bool{}
	for i := range n.Reasons {
		r := &n.Reasons[i]
		key := fmt.Sprintf("reasons.%d", i)
		r.Requirement = strings.TrimSpace(r.Requirement)
		if !textcheck.Field(fields, "id", key+".note", &r.Note, textcheck.Multiline) {
			continue
		}
		switch {
		case !contains(allowed, r.Requirement):
			fields[key+".requirement"] = "Syarat harus salah satu dari: " + strings.Join(allowed, ", ")
		case seen[r.Requirement]:
			fields[key+".requirement"] = "Syarat disebut dua kali"
		}
		seen[r.Requirement] = true
		if r.Note == "" || utf8.RuneCountInString(r.Note) > 1000 {
			fields[key+".note"] = "Catatan wajib diisi (maksimal 1.000 karakter): pelamar membacanya"
		}
	}
	if len(fields) > 0 {
		return &apperr.Error{Code: apperr.Invalid, Message: "Keputusan belum lengkap", MessageEN: "The decision is incomplete", Fields: fields}
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
		v, err := s.findVerification(ctx, tx, appID)
		if err != nil {
			return err
		}
		if err := s.requirePact(ctx, tx, p, v.PeriodID); err != nil {
			return err
		}
		if v.VerifierID != p.UserID {
			return ErrNotFound
		}
		if c, err := s.hasConflict(ctx, tx, p.UserID, appID); err != nil {
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
		if n.Reasons == nil {
			n.Reasons = []Reason{}
		}
		reasons, _ := json.Marshal(n.Reasons)
		now := sqldb.Now(s.now())
		if _, err := tx.ExecContext(ctx, `UPDATE verifications SET decision = $1, reasons = $2, decided_by = $3, decided_at = $4, first_verifier_id = coalesce(first_verifier_id, $3), confirmed_by = NULL, confirmed_at = NULL WHERE application_id = $5`,
			n.Decision, string(reasons), p.UserID, now, appID); err != nil {
			return sqldb.Translate(err, "decide")
		}
		if err := s.record(ctx, tx, audit.Event{Action: "verification.decide", ObjectType: "application", ObjectID: id64(appID),
			Data: map[string]any{"decision": n.Decision, "reasons": n.Reasons}}); err != nil {
			return err
		}
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
		rf := map[string]string{}
		if !textcheck.Field(rf, "id", "reason", &reason, textcheck.Multiline) {
			return apperr.InvalidFields(rf)
		}
		if reason == "" || utf8.RuneCountInString(reason) > 1000 {
			return apperr.InvalidFields(map[string]string{"reason": "Alasan membuka kembali wajib diisi (maksimal 1.000 karakter)"})
		}
		if v.DecidedBy != 0 && v.DecidedBy == p.UserID {
			return ErrOwnReopen
		}
		if v.Decision == "" {
			return ErrNotDecided
		}
		if a, err := s.appealOf(ctx, tx, appID); err != nil {
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
		if _, err := tx.ExecContext(ctx, `UPDATE verifications SET announced_reasons = CASE WHEN $2 THEN reasons ELSE announced_reasons END,
decision = NULL, reasons = '[]', decided_by = NULL, decided_at = NULL, confirmed_by = NULL, confirmed_at = NULL, reopened = reopened + 1 WHERE application_id = $1`, appID, announced); err != nil {
			return sqldb.Translate(err, "reopen")
		}
		if err := s.record(ctx, tx, audit.Event{Action: "verification.reopen", ObjectType: "application", ObjectID: id64(appID),
			Data: map[string]any{"reason": reason, "previous": v.Decision, "previous_reasons": v.Reasons, "announced": announced}}); err != nil {
			return err
		}
		keep := v.VerifierID != 0 && v.VerifierID != p.UserID
		if keep {
			c, err := s.hasConflict(ctx, tx, v.VerifierID, appID)
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
		v, err := s.gate(ctx, tx, p, appID)
		if err != nil {
			return err
		}
		if v.DecidedBy == p.UserID {
			return ErrOwnDecision
		}
		if v.Decision != TMS {
			return &apperr.Error{Code: apperr.Conflict, Message: "Hanya keputusan TMS yang dikonfirmasi", MessageEN: "Only TMS decisions are confirmed"}
		}
		if v.ConfirmedBy != 0 {
			return &apperr.Error{Code: apperr.Conflict, Message: "Keputusan ini sudah dikonfirmasi", MessageEN: "This decision is already confirmed"}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE verifications SET confirmed_by = $1, confirmed_at = $2 WHERE application_id = $3`, p.UserID, sqldb.Now(s.now()), appID); err != nil {
			return sqldb.Translate(err, "confirm")
		}
		return s.record(ctx, tx, audit.Event{Action: "verification.confirm", ObjectType: "application", ObjectID: id64(appID), Data: map[string]any{"decision": v.Decision}})
	})
}

// --- progress ---

// VerifierProgress is one verifier's work in a period.
type VerifierProgress struct {
	Verifier      Person  `json:"verifier"`
	Decided       int     `json:"decided"`
	Pending       int     `json:"pending"`
	MedianSeconds float64 `json:"median_seconds"`
}

// FormationProgress is one formation's decisions.
type FormationProgress struct {
	ID       string `json:"id"`
	Code     string `json:"code"`
	Position string `json:"position"`
	MS       int    `json:"ms"`
	TMS      int    `json:"tms"`
	Pending  int    `json:"pending"`
}

// Progress is the committee's view of verification in a period.
type Progress struct {
	Submitted      int                 `json:"submitted"`
	Decided        int                 `json:"decided"`
	Unassigned     int                 `json:"unassigned"`
	TMSUnconfirmed int                 `json:"tms_unconfirmed"`
	AppealsPending int                 `json:"appeals_pending"`
	Verifiers      []VerifierProgress  `json:"verifiers"`
	Formations     []FormationProgress `json:"formations"`
	OldestWaiting  *QueueItem          `json:"oldest_waiting"`
	// Flags are what the committee must look at: conflicts declared on
	// announced decisions (which stand until an appeal or a reopen).
	Flags []Flag `json:"flags"`
}

// Flag kinds.
const FlagLateConflict = "late_conflict"

// Flag is one thing the committee must look at.
type Flag struct {
	Kind               string    `json:"kind"`
	ApplicationID      string    `json:"application_id"`
	RegistrationNumber string    `json:"registration_number"`
	User               Person    `json:"user"`
	Decision           string    `json:"decision"` // the announced decision, which stood
	Current            string    `json:"current"`  // the decision now ("" while reopened)
	Reopened           int       `json:"reopened"`
	At                 time.Time `json:"at"`
}

// FindProgress reports verification progress in a period: per verifier
// decided/pending and the median time from assignment to decision, per
// formation MS/TMS, and the oldest application still waiting. Errors:
// forbidden (pact), not_found.
func (s *Service) FindProgress(ctx context.Context, p *identity.Principal, periodID int64) (*Progress, error) {
	if _, err := s.rec.FindPeriodByID(ctx, periodID, true); err != nil {
		return nil, err
	}
	if err := s.requirePact(ctx, s.db.R, p, periodID); err != nil {
		return nil, err
	}
	pr := &Progress{Verifiers: []VerifierProgress{}, Formations: []FormationProgress{}, Flags: []Flag{}}
	q := s.db.R
	if err := q.QueryRowContext(ctx, `SELECT count(*), coalesce(sum(CASE WHEN decision IS NULL THEN 0 ELSE 1 END), 0), coalesce(sum(CASE WHEN verifier_id IS NULL THEN 1 ELSE 0 END), 0),
coalesce(sum(CASE WHEN decision = 'TMS' AND confirmed_by IS NULL THEN 1 ELSE 0 END), 0) FROM verifications WHERE period_id = $1`, periodID).
		Scan(&pr.Submitted, &pr.Decided, &pr.Unassigned, &pr.TMSUnconfirmed); err != nil {
		return nil, sqldb.Translate(err, "progress")
	}
	if err := q.QueryRowContext(ctx, `SELECT count(*) FROM appeals WHERE period_id = $1 AND status = 'pending'`, periodID).Scan(&pr.AppealsPending); err != nil {
		return nil, sqldb.Translate(err, "progress")
	}
	// Per verifier: every signed verifier, and anyone holding applications.
	byID := map[int64]*VerifierProgress{}
	var order []int64
	add := func(id int64, name, username string) *VerifierProgress {
		if vp, ok := byID[id]; ok {
			return vp
		}
		vp := &VerifierProgress{Verifier: Person{ID: id64(id), Name: name, Username: username}}
		byID[id] = vp
		order = append(order, id)
		return vp
	}
	rows, err := q.QueryContext(ctx, `SELECT u.id, u.name, u.username FROM integrity_pacts pc JOIN users u ON u.id = pc.user_id JOIN user_roles r ON r.user_id = u.id AND r.role = 'verifier' WHERE pc.period_id = $1 ORDER BY u.username`, periodID)
	if err != nil {
		return nil, sqldb.Translate(err, "progress")
	}
	for rows.Next() {
		var id int64
		var n, u string
		if err := rows.Scan(&id, &n, &u); err != nil {
			rows.Close()
			return nil, sqldb.Translate(err, "progress")
		}
		add(id, n, u)
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return nil, sqldb.Translate(err, "progress")
	}
	rows, err = q.QueryContext(ctx, `SELECT v.verifier_id, u.name, u.username, sum(CASE WHEN v.decision IS NULL THEN 1 ELSE 0 END) FROM verifications v JOIN users u ON u.id = v.verifier_id
WHERE v.period_id = $1 GROUP BY v.verifier_id, u.name, u.username`, periodID)
	if err != nil {
		return nil, sqldb.Translate(err, "progress")
	}
	for rows.Next() {
		var id int64
		var n, u string
		var pending int
		if err := rows.Scan(&id, &n, &u, &pending); err != nil {
			rows.Close()
			return nil, sqldb.Translate(err, "progress")
		}
		add(id, n, u).Pending = pending
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return nil, sqldb.Translate(err, "progress")
	}
	// Decided: by who decided, with the time from assignment (or submission) to decision.
	durations := map[int64][]float64{}
	rows, err = q.QueryContext(ctx, `SELECT v.decided_by, u.name, u.username, v.assigned_at, v.submitted_at, v.decided_at FROM verifications v JOIN users u ON u.id = v.decided_by
WHERE v.period_id = $1 AND v.decision IS NOT NULL`, periodID)
	if err != nil {
		return nil, sqldb.Translate(err, "progress")
	}
	for rows.Next() {
		var id int64
		var n, u string
		var assigned sql.NullTime
		var from, to time.Time
		if err := rows.Scan(&id, &n, &u, &assigned, &from, &to); err != nil {
			rows.Close()
			return nil, sqldb.Translate(err, "progress")
		}
		if assigned.Valid {
			from = assigned.Time
		}
		add(id, n, u).Decided++
		durations[id] = append(durations[id], to.Sub(from).Seconds())
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return nil, sqldb.Translate(err, "progress")
	}
	for _, id := range order {
		vp := byID[id]
		vp.MedianSeconds = median(durations[id])
		pr.Verifiers = append(pr.Verifiers, *vp)
	}
	rows, err = q.QueryContext(ctx, `SELECT f.id, f.code, f.position,
coalesce(sum(CASE WHEN v.decision = 'MS' THEN 1 ELSE 0 END), 0), coalesce(sum(CASE WHEN v.decision = 'TMS' THEN 1 ELSE 0 END), 0), coalesce(sum(CASE WHEN v.application_id IS NOT NULL AND v.decision IS NULL THEN 1 ELSE 0 END), 0)
FROM formations f LEFT JOIN verifications v ON v.formation_id = f.id WHERE f.period_id = $1 GROUP BY f.id, f.code, f.position ORDER BY f.code`, periodID)
	if err != nil {
		return nil, sqldb.Translate(err, "progress")
	}
	for rows.Next() {
		var fp FormationProgress
		var id int64
		if err := rows.Scan(&id, &fp.Code, &fp.Position, &fp.MS, &fp.TMS, &fp.Pending); err != nil {
			rows.Close()
			return nil, sqldb.Translate(err, "progress")
		}
		fp.ID = id64(id)
		pr.Formations = append(pr.Formations, fp)
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return nil, sqldb.Translate(err, "progress")
	}
	var it QueueItem
	var aid, fid, vid int64
	err = q.QueryRowContext(ctx, `SELECT v.application_id, a.registration_number, ap.name, v.formation_id, fo.code, fo.position, v.submitted_at, coalesce(v.verifier_id, 0)
FROM verifications v JOIN applications a ON a.id = v.application_id JOIN applicants ap ON ap.id = a.applicant_id JOIN formations fo ON fo.id = v.formation_id
WHERE v.period_id = $1 AND v.decision IS NULL ORDER BY v.submitted_at, v.application_id LIMIT 1`, periodID).
		Scan(&aid, &it.RegistrationNumber, &it.Name, &fid, &it.FormationCode, &it.Position, &it.SubmittedAt, &vid)
	switch {
	case err == nil:
		it.ApplicationID, it.FormationID, it.SubmittedAt = id64(aid), id64(fid), it.SubmittedAt.UTC()
		if vid != 0 {
			it.VerifierID = id64(vid)
		}
		pr.OldestWaiting = &it
	case !errors.Is(err, sql.ErrNoRows):
		return nil, sqldb.Translate(err, "oldest")
	}
	if pr.Flags, err = s.lateConflicts(ctx, q, p, periodID); err != nil {
		return nil, err
	}
	return pr, nil
}

// lateConflicts lists the period's conflicts declared on announced
// decisions, oldest first, except those on applicants p recused from.
func (s *Service) lateConflicts(ctx context.Context, q queryer, p *identity.Principal, periodID int64) ([]Flag, error) {
	rows, err := q.QueryContext(ctx, `SELECT c.application_id, a.registration_number, c.user_id, u.name, u.username, c.announced_decision, coalesce(v.decision, ''), coalesce(v.reopened, 0), c.declared_at
FROM conflicts c JOIN applications a ON a.id = c.application_id JOIN users u ON u.id = c.user_id LEFT JOIN verifications v ON v.application_id = c.application_id
WHERE c.period_id = $1 AND c.after_announcement
  AND NOT EXISTS (SELECT 1 FROM conflicts mine WHERE mine.period_id = c.period_id AND mine.user_id = $2 AND mine.applicant_id = c.applicant_id)
ORDER BY c.declared_at, c.id`, periodID, p.UserID)
	if err != nil {
		return nil, sqldb.Translate(err, "flags")
	}
	defer rows.Close()
	out := []Flag{}
	for rows.Next() {
		fl := Flag{Kind: FlagLateConflict}
		var aid, uid int64
		if err := rows.Scan(&aid, &fl.RegistrationNumber, &uid, &fl.User.Name, &fl.User.Username, &fl.Decision, &fl.Current, &fl.Reopened, &fl.At); err != nil {
			return nil, sqldb.Translate(err, "flags")
		}
		fl.ApplicationID, fl.User.ID, fl.At = id64(aid), id64(uid), fl.At.UTC()
		out = append(out, fl)
	}
	return out, sqldb.Translate(rows.Err(), "flags")
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
