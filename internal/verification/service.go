package verification

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"asnpro/internal/apperr"
	"asnpro/internal/audit"
	"asnpro/internal/identity"
	"asnpro/internal/notify"
	"asnpro/internal/recruitment"
	"asnpro/internal/sqldb"
	"asnpro/internal/textcheck"
)

// Service runs verification, appeals and announcements over a database.
type Service struct {
	db    *sqldb.DB
	rec   *recruitment.Service
	audit *audit.Log
	now   func() time.Time

	notices bool // EnableNotices was called
	// NoticeBatch is how many applicants one notice job tells (EnableNotices
	// sets DefaultNoticeBatch when zero).
	NoticeBatch int

	renderMu      sync.Mutex
	rendered      map[string][]byte // "announcement id|format" → bytes (announcements never change)
	renderedBytes int
}

// New returns the service. alog signs a checkpoint at each publication
// (nil: no checkpoint, for tests of the rules alone).
func New(db *sqldb.DB, rec *recruitment.Service, alog *audit.Log, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{db: db, rec: rec, audit: alog, now: now, rendered: map[string][]byte{}}
}

// Attach hooks the service into recruitment: a submitted application gets
// its verifier in the submitting transaction, and its verifier may see it.
func (s *Service) Attach(rec *recruitment.Service) {
	rec.OnSubmit = append(rec.OnSubmit, s.onSubmit)
	rec.MaySee = s.maySee
}

func (s *Service) record(ctx context.Context, tx *sqldb.Tx, ev audit.Event) error {
	if ev.At.IsZero() {
		ev.At = s.now()
	}
	return audit.Record(ctx, tx, ev)
}

type queryer interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}

func id64(id int64) string { return strconv.FormatInt(id, 10) }

// Person is a user inside another object (API.md).
type Person struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Username string `json:"username"`
}

func (s *Service) person(ctx context.Context, q queryer, id int64) (*Person, error) {
	if id == 0 {
		return nil, nil
	}
	p := &Person{ID: id64(id)}
	err := q.QueryRowContext(ctx, `SELECT name, username FROM users WHERE id = $1`, id).Scan(&p.Name, &p.Username)
	if errors.Is(err, sql.ErrNoRows) {
		return p, nil
	}
	return p, sqldb.Translate(err, "person")
}

// --- integrity pacts ---

// pactRoles are the roles that sign a period's integrity pact.
var pactRoles = []identity.Role{identity.Committee, identity.Verifier, identity.Assessor}

// needsPact reports whether p, acting as it does in ctx, must have signed
// the period's pact to see candidate data: committee members, verifiers
// and assessors do; the auditor (reading, changing nothing) does not.
func needsPact(ctx context.Context, p *identity.Principal) bool {
	if !p.Has(pactRoles...) {
		return false
	}
	switch audit.ActorFrom(ctx).Role {
	case string(identity.Auditor), string(identity.Admin):
		return false
	}
	return true
}

// PactText is the integrity pact of a period, in Indonesian and English;
// the SHA-256 of the Indonesian text is stored with each signature.
func PactText(periodName string) (id, en string) {
	id = "PAKTA INTEGRITAS — " + periodName + "\n\nSaya yang bertanda tangan di bawah ini, sebagai panitia/verifikator/penguji seleksi ini, menyatakan bahwa saya:\n" +
		"1. tidak akan meminta atau menerima pemberian dalam bentuk apa pun yang berkaitan dengan seleksi ini;\n" +
		"2. akan bekerja secara objektif, transparan, dan akuntabel, serta menjaga kerahasiaan data pelamar (UU 27/2022);\n" +
		"3. akan menyatakan setiap konflik kepentingan (hubungan keluarga, hubungan kerja, atau lainnya) dengan pelamar segera setelah mengetahuinya, dan tidak menangani pelamar tersebut;\n" +
		"4. bersedia menerima sanksi sesuai peraturan perundang-undangan bila melanggar pakta ini."
	en = "INTEGRITY PACT — " + periodName + "\n\nI, the undersigned, as a committee member/verifier/assessor of this selection, declare that I:\n" +
		"1. will not ask for or accept any gift related to this selection;\n" +
		"2. will work objectively, transparently and accountably, and keep applicants' data confidential (UU 27/2022);\n" +
		"3. will declare any conflict of interest (family, work or other) with an applicant as soon as I know of it, and not handle that applicant;\n" +
		"4. accept the sanctions of the law if I break this pact."
	return id, en
}

// Pact is a signed integrity pact.
type Pact struct {
	PeriodID   int64     `json:"-"`
	User       Person    `json:"user"`
	Roles      []string  `json:"roles"`
	TextSHA256 string    `json:"text_sha256"`
	NoConflict bool      `json:"no_conflict"`
	Assigned   int       `json:"assigned"`
	SignedAt   time.Time `json:"signed_at"`
}

func (s *Service) hasPact(ctx context.Context, q queryer, periodID, userID int64) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT count(*) FROM integrity_pacts WHERE period_id = $1 AND user_id = $2`, periodID, userID).Scan(&n)
	return n > 0, sqldb.Translate(err, "pact")
}

// requirePact is the 403 of API.md's order of checks for a period's
// candidate data: forbidden until p has signed (when p must).
func (s *Service) requirePact(ctx context.Context, q queryer, p *identity.Principal, periodID int64) error {
	if !needsPact(ctx, p) {
		return nil
	}
	ok, err := s.hasPact(ctx, q, periodID, p.UserID)
	if err != nil {
		return err
	}
	if !ok {
		return ErrPactRequired
	}
	return nil
}

// FindPact returns p's pact of a period, or nil when not signed.
func (s *Service) FindPact(ctx context.Context, p *identity.Principal, periodID int64) (*Pact, error) {
	rows, err := s.pacts(ctx, s.db.R, periodID, p.UserID)
	if err != nil || len(rows) == 0 {
		return nil, err
	}
	return rows[0], nil
}

func (s *Service) pacts(ctx context.Context, q queryer, periodID, userID int64) ([]*Pact, error) {
	query := `SELECT p.user_id, u.name, u.username, p.roles, p.text_sha256, p.no_conflict, p.assigned, p.signed_at FROM integrity_pacts p JOIN users u ON u.id = p.user_id WHERE p.period_id = $1`
	args := []any{periodID}
	if userID != 0 {
		query += ` AND p.user_id = $2`
		args = append(args, userID)
	}
	rows, err := q.QueryContext(ctx, query+` ORDER BY p.signed_at, p.user_id`, args...)
	if err != nil {
		return nil, sqldb.Translate(err, "pacts")
	}
	defer rows.Close()
	var out []*Pact
	for rows.Next() {
		pc := &Pact{PeriodID: periodID}
		var uid int64
		var roles string
		if err := rows.Scan(&uid, &pc.User.Name, &pc.User.Username, &roles, &pc.TextSHA256, &pc.NoConflict, &pc.Assigned, &pc.SignedAt); err != nil {
			return nil, sqldb.Translate(err, "pacts")
		}
		pc.User.ID, pc.Roles, pc.SignedAt = id64(uid), strings.Split(roles, ","), pc.SignedAt.UTC()
		out = append(out, pc)
	}
	return out, sqldb.Translate(rows.Err(), "pacts")
}

// SignPact signs the integrity pact of a period for p (committee,
// verifier, assessor), optionally declaring no conflict of interest with
// any applicant known so far, and records pact.sign. A verifier who signs
// takes a balanced share of the period's unassigned applications.
// Errors: forbidden (role), not_found (period), conflict (signed already).
func (s *Service) SignPact(ctx context.Context, p *identity.Principal, periodID int64, noConflict bool) (*Pact, error) {
	if !p.Has(pactRoles...) {
		return nil, ErrPactRole
	}
	per, err := s.rec.FindPeriodByID(ctx, periodID, p.Has(identity.Committee))
	if err != nil {
		return nil, err
	}
	text, _ := PactText(per.Name)
	sum := sha256.Sum256([]byte(text))
	var roles []string
	for _, r := range p.Roles {
		for _, pr := range pactRoles {
			if r == pr {
				roles = append(roles, string(r))
			}
		}
	}
	var out *Pact
	err = s.db.Write(ctx, func(tx *sqldb.Tx) error {
		if ok, err := s.hasPact(ctx, tx, periodID, p.UserID); err != nil {
			return err
		} else if ok {
			return ErrPactSigned
		}
		now := sqldb.Now(s.now())
		if _, err := tx.ExecContext(ctx, `INSERT INTO integrity_pacts (period_id, user_id, roles, text_sha256, no_conflict, signed_at) VALUES ($1, $2, $3, $4, $5, $6)`,
			periodID, p.UserID, strings.Join(roles, ","), hex.EncodeToString(sum[:]), noConflict, now); err != nil {
			return sqldb.Translate(err, "sign pact")
		}
		if err := s.record(ctx, tx, audit.Event{Action: "pact.sign", ObjectType: "period", ObjectID: id64(periodID),
			Data: map[string]any{"user": id64(p.UserID), "roles": roles, "text_sha256": hex.EncodeToString(sum[:]), "no_conflict": noConflict}}); err != nil {
			return err
		}
		if p.Has(identity.Verifier) {
			if err := s.assignUnassigned(ctx, tx, periodID); err != nil {
				return err
			}
		}
		ps, err := s.pacts(ctx, tx, periodID, p.UserID)
		if err != nil || len(ps) == 0 {
			return apperr.Wrap(err, "read pact")
		}
		out = ps[0]
		return nil
	})
	return out, err
}

// --- conflicts of interest ---

// Conflict kinds.
var conflictKinds = []string{"family", "work", "other"}

// NewConflict declares a conflict with the applicant of an application,
// named by its id or its registration number.
type NewConflict struct {
	ApplicationID      string `json:"application_id"`
	RegistrationNumber string `json:"registration_number"`
	Kind               string `json:"kind"` // family, work, other
	Note               string `json:"note"`
}

// Conflict is a declared conflict of interest. AfterAnnouncement marks one
// declared after a decision the declarer took part in was announced: it
// changed nothing (AnnouncedDecision stood) and is flagged to the committee.
type Conflict struct {
	ID                 string    `json:"id"`
	User               Person    `json:"user"`
	ApplicationID      string    `json:"application_id,omitempty"`
	RegistrationNumber string    `json:"registration_number,omitempty"`
	ApplicantName      string    `json:"applicant_name,omitempty"`
	Kind               string    `json:"kind"`
	Note               string    `json:"note"`
	DeclaredAt         time.Time `json:"declared_at"`
	AfterAnnouncement  bool      `json:"after_announcement"`
	AnnouncedDecision  string    `json:"announced_decision,omitempty"`
}

// DeclareConflict records that p has a conflict of interest with an
// applicant of the period (conflict.declare): from then on p sees nothing
// about that applicant. Before the decision on the application is
// announced, an application assigned to p goes to another verifier and a
// decision p made is cleared. Once it is announced, only an appeal or a
// committee reopen changes it: a declaration by someone who took part in
// it (decided, confirmed, or holds it) is recorded with the decision that
// stands and flagged to the committee (progress page, a notification to
// each committee member), and changes nothing else.
//
// The answer carries no candidate data: from now on p may not read the
// application, so it names the application only as p did (id or
// registration number) — no name, no other number. Errors: forbidden
// (role, pact), not_found (application), invalid (kind, note), conflict
// (declared already).
func (s *Service) DeclareConflict(ctx context.Context, p *identity.Principal, periodID int64, n NewConflict) (*Conflict, error) {
	if !p.Has(pactRoles...) {
		return nil, ErrPactRole
	}
	if _, err := s.rec.FindPeriodByID(ctx, periodID, true); err != nil {
		return nil, err
	}
	if ok, err := s.hasPact(ctx, s.db.R, periodID, p.UserID); err != nil {
		return nil, err
	} else if !ok {
		return nil, ErrPactRequired
	}
	var appID, applicantID int64
	var reg string
	q := `SELECT a.id, a.applicant_id, a.registration_number FROM applications a WHERE a.period_id = $1 AND `
	var err error
	c := &Conflict{User: Person{ID: id64(p.UserID), Name: p.Name, Username: p.Username}}
	if id, perr := strconv.ParseInt(strings.TrimSpace(n.ApplicationID), 10, 64); perr == nil && id > 0 {
		err = s.db.R.QueryRowContext(ctx, q+`a.id = $2`, periodID, id).Scan(&appID, &applicantID, &reg)
		c.ApplicationID = id64(id)
	} else {
		err = s.db.R.QueryRowContext(ctx, q+`a.registration_number = $2`, periodID, strings.TrimSpace(n.RegistrationNumber)).Scan(&appID, &applicantID, &reg)
		c.RegistrationNumber = strings.TrimSpace(n.RegistrationNumber)
	}
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, sqldb.Translate(err, "find applicant")
	}
	f := map[string]string{}
	n.Kind = strings.TrimSpace(n.Kind)
	if !contains(conflictKinds, n.Kind) {
		f["kind"] = "Jenis konflik: family (keluarga), work (hubungan kerja) atau other (lainnya)"
	}
	if textcheck.Field(f, "id", "note", &n.Note, textcheck.Multiline) && (len(n.Note) > 1000 || (n.Kind == "other" && n.Note == "")) {
		f["note"] = "Keterangan wajib untuk jenis 'other' (maksimal 1.000 karakter)"
	}
	if len(f) > 0 {
		return nil, apperr.InvalidFields(f)
	}
	c.Kind, c.Note = n.Kind, n.Note
	err = s.db.Write(ctx, func(tx *sqldb.Tx) error {
		now := sqldb.Now(s.now())
		c.DeclaredAt = now
		// The declarer's part in the application's decision, and whether
		// that decision has been announced.
		var verifier, decidedBy, firstVerifier, confirmedBy sql.NullInt64
		var decision sql.NullString
		err := tx.QueryRowContext(ctx, `SELECT verifier_id, decided_by, first_verifier_id, confirmed_by, decision FROM verifications WHERE application_id = $1`, appID).
			Scan(&verifier, &decidedBy, &firstVerifier, &confirmedBy, &decision)
		entered := err == nil
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return sqldb.Translate(err, "verification")
		}
		announced := false
		if entered && decision.Valid {
			if announced, err = s.decisionAnnounced(ctx, tx, appID); err != nil {
				return err
			}
		}
		took := func(v sql.NullInt64) bool { return v.Valid && v.Int64 == p.UserID }
		tookPart := took(verifier) || took(decidedBy) || took(firstVerifier) || took(confirmedBy)
		if !tookPart && entered {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM appeals WHERE application_id = $1 AND decided_by = $2`, appID, p.UserID).Scan(&n); err != nil {
				return sqldb.Translate(err, "appeal")
			}
			tookPart = n > 0
		}
		late := announced && tookPart
		if late {
			c.AfterAnnouncement, c.AnnouncedDecision = true, decision.String
		}
		var cid int64
		err = tx.QueryRowContext(ctx, `INSERT INTO conflicts (period_id, user_id, applicant_id, application_id, kind, note, declared_at, after_announcement, announced_decision) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
			periodID, p.UserID, applicantID, appID, n.Kind, n.Note, now, late, c.AnnouncedDecision).Scan(&cid)
		if sqldb.IsUnique(err) {
			return &apperr.Error{Code: apperr.Conflict, Message: "Konflik kepentingan dengan pelamar ini sudah Anda nyatakan", MessageEN: "You have already declared a conflict with this applicant"}
		}
		if err != nil {
			return sqldb.Translate(err, "declare conflict")
		}
		c.ID = id64(cid)
		data := map[string]any{"user": id64(p.UserID), "period": id64(periodID), "kind": n.Kind}
		if late {
			data["after_announcement"], data["decision_stands"] = true, decision.String
		}
		if err := s.record(ctx, tx, audit.Event{Action: "conflict.declare", ObjectType: "application", ObjectID: id64(appID), Data: data}); err != nil {
			return err
		}
		if !entered {
			return nil
		}
		if late {
			return s.flagLateConflict(ctx, tx, p, periodID, appID, applicantID, reg, decision.String)
		}
		if announced {
			// Announced, and the declarer had no part in it: nothing to move.
			return nil
		}
		// Not announced yet: the declarer's work on it goes to someone else.
		if took(decidedBy) {
			if _, err := tx.ExecContext(ctx, `UPDATE verifications SET decision = NULL, reasons = '[]', decided_by = NULL, decided_at = NULL, confirmed_by = NULL, confirmed_at = NULL, reopened = reopened + 1 WHERE application_id = $1`, appID); err != nil {
				return sqldb.Translate(err, "clear decision")
			}
			if err := s.record(ctx, tx, audit.Event{Action: "verification.reopen", ObjectType: "application", ObjectID: id64(appID),
				Data: map[string]any{"reason": "conflict of interest declared by the decider", "previous": decision.String}}); err != nil {
				return err
			}
		}
		if took(verifier) {
			return s.assign(ctx, tx, appID, periodID, applicantID, p.UserID, "conflict")
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

// decisionAnnounced reports whether the current decision on an
// application has been published: the application is on a list published
// at or after the decision was taken (at the same instant counts as
// published: the safe side).
func (s *Service) decisionAnnounced(ctx context.Context, q queryer, appID int64) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT count(*) FROM announcement_items i JOIN announcements an ON an.id = i.announcement_id JOIN verifications v ON v.application_id = i.application_id
WHERE i.application_id = $1 AND v.decided_at IS NOT NULL AND an.published_at >= v.decided_at`, appID).Scan(&n)
	return n > 0, sqldb.Translate(err, "announced")
}

// flagLateConflict tells each committee member of the period who signed
// the pact (not the declarer, nor anyone recused from the applicant) that
// a conflict was declared on an announced decision, inside tx.
func (s *Service) flagLateConflict(ctx context.Context, tx *sqldb.Tx, p *identity.Principal, periodID, appID, applicantID int64, reg, decision string) error {
	if !s.notices {
		return nil
	}
	rows, err := tx.QueryContext(ctx, `SELECT u.id FROM integrity_pacts pc JOIN users u ON u.id = pc.user_id AND NOT u.disabled JOIN user_roles r ON r.user_id = u.id AND r.role = 'committee'
WHERE pc.period_id = $1 AND u.id <> $2 AND NOT EXISTS (SELECT 1 FROM conflicts c WHERE c.period_id = $1 AND c.user_id = u.id AND c.applicant_id = $3) ORDER BY u.id`, periodID, p.UserID, applicantID)
	if err != nil {
		return sqldb.Translate(err, "committee")
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return sqldb.Translate(err, "committee")
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return sqldb.Translate(err, "committee")
	}
	for _, id := range ids {
		if _, err := notify.Notify(ctx, tx, s.now(), notify.Notification{UserID: id, Kind: "verification.late_conflict",
			Title: "Konflik kepentingan dinyatakan setelah pengumuman: " + reg,
			Body: fmt.Sprintf("%s (%s) menyatakan konflik kepentingan dengan pelamar %s setelah keputusan %s diumumkan. Keputusan tetap; hanya sanggah atau pembukaan kembali oleh panitia (dengan alasan) yang dapat mengubahnya.\n\n"+
				"%s declared a conflict of interest with applicant %s after the %s decision was announced. The decision stands; only an appeal or a committee reopen (with a reason) can change it.\n",
				p.Name, p.Username, reg, decision, p.Username, reg, decision),
			Link: "/verifikasi/lamaran/" + id64(appID)}, ""); err != nil {
			return err
		}
	}
	return nil
}

// hasConflict reports whether userID declared a conflict with the applicant of application appID.
func (s *Service) hasConflict(ctx context.Context, q queryer, userID, appID int64) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT count(*) FROM conflicts c JOIN applications a ON a.applicant_id = c.applicant_id AND a.period_id = c.period_id WHERE a.id = $1 AND c.user_id = $2`, appID, userID).Scan(&n)
	return n > 0, sqldb.Translate(err, "conflict")
}

// Integrity is who signed a period's pact and who recused from whom.
type Integrity struct {
	Pacts     []*Pact     `json:"pacts"`
	Conflicts []*Conflict `json:"conflicts"`
}

// FindIntegrity lists the period's signed pacts and declared conflicts,
// for the committee (after signing) and the auditor. Errors: forbidden,
// not_found.
func (s *Service) FindIntegrity(ctx context.Context, p *identity.Principal, periodID int64) (*Integrity, error) {
	if _, err := s.rec.FindPeriodByID(ctx, periodID, true); err != nil {
		return nil, err
	}
	if err := s.requirePact(ctx, s.db.R, p, periodID); err != nil {
		return nil, err
	}
	out := &Integrity{Pacts: []*Pact{}, Conflicts: []*Conflict{}}
	var err error
	if out.Pacts, err = s.pacts(ctx, s.db.R, periodID, 0); err != nil {
		return nil, err
	}
	if out.Pacts == nil {
		out.Pacts = []*Pact{}
	}
	rows, err := s.db.R.QueryContext(ctx, `SELECT c.id, c.user_id, u.name, u.username, coalesce(c.application_id, 0), coalesce(a.registration_number, ''), ap.name, c.kind, c.note, c.declared_at, c.after_announcement, c.announced_decision
FROM conflicts c JOIN users u ON u.id = c.user_id JOIN applicants ap ON ap.id = c.applicant_id LEFT JOIN applications a ON a.id = c.application_id
WHERE c.period_id = $1 ORDER BY c.declared_at, c.id`, periodID)
	if err != nil {
		return nil, sqldb.Translate(err, "conflicts")
	}
	defer rows.Close()
	for rows.Next() {
		c := &Conflict{}
		var id, uid, aid int64
		if err := rows.Scan(&id, &uid, &c.User.Name, &c.User.Username, &aid, &c.RegistrationNumber, &c.ApplicantName, &c.Kind, &c.Note, &c.DeclaredAt, &c.AfterAnnouncement, &c.AnnouncedDecision); err != nil {
			return nil, sqldb.Translate(err, "conflicts")
		}
		c.ID, c.User.ID, c.ApplicationID, c.DeclaredAt = id64(id), id64(uid), id64(aid), c.DeclaredAt.UTC()
		out.Conflicts = append(out.Conflicts, c)
	}
	return out, sqldb.Translate(rows.Err(), "conflicts")
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
