package verification

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
	"sync"
	"time"

	"asnpro/internal/apperr"
	"asnpro/internal/audit"
	"asnpro/internal/i18n"
	"asnpro/internal/identity"
	"asnpro/internal/notify"
	"asnpro/internal/recruitment"
	"asnpro/internal/sqldb"
	"asnpro/internal/textcheck"
)

// Service runs verification, appeals and announcements over a database.
type Service struct {
	*Hooks
	rec   Recruitment
	staff Staff
	audit *audit.Log

	notify    *notify.Service // nil: nobody is told anything
	ranked    Ranked          // nil: no SKD or final list
	batchSize int             // applicants one notice job tells

	renderMu      sync.Mutex
	rendered      map[string][]byte // "announcement id|format" → bytes (announcements never change)
	renderedBytes int
}

// Deps are what the service uses from the rest of the system, given once.
type Deps struct {
	// Recruitment reads periods, formations, applications and applicants.
	Recruitment Recruitment
	// Staff reads the users who act on applications.
	Staff Staff
	// Audit signs a checkpoint at each publication (nil: no checkpoint,
	// for tests of the rules alone).
	Audit *audit.Log
	// Notify, when set, tells applicants their results and appeal answers
	// and the committee late conflicts; New registers the batch handler of
	// result notices on it.
	Notify *notify.Service
	// NoticeBatch is how many applicants one notice job tells (0:
	// DefaultNoticeBatch).
	NoticeBatch int
	// Now is the clock (nil: time.Now).
	Now func() time.Time
	// Hooks, when set, are the hooks already handed to recruitment; their
	// database and clock are then the service's (nil: New makes them over
	// db and Now).
	Hooks *Hooks
	// Ranked makes the SKD and final lists (nil: those stages are refused).
	Ranked Ranked
}

// New returns the service. A submitted application gets its verifier in
// the submitting transaction through OnSubmit, and its verifier may see it
// through MaySee (Hooks, embedded): the caller hands both to recruitment.
func New(db *sqldb.DB, d Deps) *Service {
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.NoticeBatch <= 0 {
		d.NoticeBatch = DefaultNoticeBatch
	}
	if d.Hooks == nil {
		d.Hooks = NewHooks(db, d.Now)
	}
	s := &Service{Hooks: d.Hooks, rec: d.Recruitment, staff: d.Staff, audit: d.Audit, notify: d.Notify, batchSize: d.NoticeBatch,
		ranked: d.Ranked, rendered: map[string][]byte{}}
	if d.Notify != nil {
		d.Notify.Handle(NoticeKind, s.noticeBatch)
	}
	return s
}

func id64(id int64) string { return strconv.FormatInt(id, 10) }

// Person is a user inside another object (API.md).
type Person struct {
	ID       int64
	Name     string
	Username string
}

// person names user id (nil for 0; only the id when no such user).
func (s *Service) person(ctx context.Context, id int64) (*Person, error) {
	if id == 0 {
		return nil, nil
	}
	p := &Person{ID: id}
	u, err := s.staff.FindUserByID(ctx, id)
	if apperr.CodeOf(err) == apperr.NotFound {
		return p, nil
	}
	if err != nil {
		return nil, err
	}
	p.Name, p.Username = u.Name, u.Username
	return p, nil
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
	id = "PAKTA INTEGRITAS — " + periodName + "\n\nSaya yang bertanda tangan di bawah ini, sebagai panitia/verifikator/penguji " +
		"seleksi ini, menyatakan bahwa saya:\n" +
		"1. tidak akan meminta atau menerima pemberian dalam bentuk apa pun yang berkaitan dengan seleksi ini;\n" +
		"2. akan bekerja secara objektif, transparan, dan akuntabel, serta menjaga kerahasiaan data pelamar (UU 27/2022);\n" +
		"3. akan menyatakan setiap konflik kepentingan (hubungan keluarga, hubungan kerja, atau lainnya) dengan pelamar segera setelah " +
		"mengetahuinya, dan tidak menangani pelamar tersebut;\n" +
		"4. bersedia menerima sanksi sesuai peraturan perundang-undangan bila melanggar pakta ini."
	en = "INTEGRITY PACT — " + periodName + "\n\nI, the undersigned, as a committee member/verifier/assessor of this selection, " +
		"declare that I:\n" +
		"1. will not ask for or accept any gift related to this selection;\n" +
		"2. will work objectively, transparently and accountably, and keep applicants' data confidential (UU 27/2022);\n" +
		"3. will declare any conflict of interest (family, work or other) with an applicant as soon as I know of it, and not handle " +
		"that applicant;\n" +
		"4. accept the sanctions of the law if I break this pact."
	return id, en
}

// Pact is a signed integrity pact.
type Pact struct {
	PeriodID   int64
	User       Person
	Roles      []string
	TextSHA256 string
	NoConflict bool
	Assigned   int
	SignedAt   time.Time
}

// FindPact returns p's pact of a period, or nil when not signed.
func (s *Service) FindPact(ctx context.Context, p *identity.Principal, periodID int64) (*Pact, error) {
	rows, err := listPacts(ctx, s.db.R, periodID, p.UserID)
	if err != nil || len(rows) == 0 {
		return nil, err
	}
	return rows[0], nil
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
		if err := insertPact(ctx, tx, periodID, p.UserID, roles, hex.EncodeToString(sum[:]), noConflict, sqldb.Now(s.now())); err != nil {
			return err
		}
		if err := s.record(ctx, tx, audit.Event{Action: "pact.sign", ObjectType: "period", ObjectID: id64(periodID),
			Data: map[string]any{"user": id64(p.UserID), "roles": roles, "text_sha256": hex.EncodeToString(sum[:]),
				"no_conflict": noConflict}}); err != nil {
			return err
		}
		if p.Has(identity.Verifier) {
			if err := s.assignUnassigned(ctx, tx, periodID); err != nil {
				return err
			}
		}
		ps, err := listPacts(ctx, tx, periodID, p.UserID)
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
	ApplicationID      int64 // 0: by RegistrationNumber
	RegistrationNumber string
	Kind               string // family, work, other
	Note               string
}

// Conflict is a declared conflict of interest. AfterAnnouncement marks one
// declared after a decision the declarer took part in was announced: it
// changed nothing (AnnouncedDecision stood) and is flagged to the committee.
type Conflict struct {
	ID                 int64
	User               Person
	ApplicationID      int64
	RegistrationNumber string
	ApplicantName      string
	Kind               string
	Note               string
	DeclaredAt         time.Time
	AfterAnnouncement  bool
	AnnouncedDecision  string
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
	ref, c, err := s.checkConflict(ctx, p, periodID, &n)
	if err != nil {
		return nil, err
	}
	err = s.db.Write(ctx, func(tx *sqldb.Tx) error { return s.declareConflict(ctx, tx, p, ref, c) })
	if err != nil {
		return nil, err
	}
	return c, nil
}

// CheckConflict answers, without changing anything, whether
// DeclareConflict would take n: nil, or the error it would return before
// writing (the page asks the declarer to confirm only a declaration it
// would take). Errors as DeclareConflict, except conflict (declared twice).
func (s *Service) CheckConflict(ctx context.Context, p *identity.Principal, periodID int64, n NewConflict) error {
	_, _, err := s.checkConflict(ctx, p, periodID, &n)
	return err
}

// checkConflict is DeclareConflict's rule before it writes: the
// application n names and the conflict to record; it cleans n.
func (s *Service) checkConflict(ctx context.Context, p *identity.Principal, periodID int64, n *NewConflict) (*recruitment.ApplicationRef,
	*Conflict, error) {
	if !p.Has(pactRoles...) {
		return nil, nil, ErrPactRole
	}
	if _, err := s.rec.FindPeriodByID(ctx, periodID, true); err != nil {
		return nil, nil, err
	}
	if ok, err := s.hasPact(ctx, s.db.R, periodID, p.UserID); err != nil {
		return nil, nil, err
	} else if !ok {
		return nil, nil, ErrPactRequired
	}
	c := &Conflict{User: Person{ID: p.UserID, Name: p.Name, Username: p.Username}}
	if n.ApplicationID > 0 {
		c.ApplicationID = n.ApplicationID
	} else {
		c.RegistrationNumber = strings.TrimSpace(n.RegistrationNumber)
	}
	ref, err := s.rec.FindApplicationRefInPeriod(ctx, periodID, c.ApplicationID, c.RegistrationNumber)
	if apperr.CodeOf(err) == apperr.NotFound {
		return nil, nil, ErrNotFound
	}
	if err != nil {
		return nil, nil, err
	}
	if err := n.validate(); err != nil {
		return nil, nil, err
	}
	c.Kind, c.Note = n.Kind, n.Note
	return ref, c, nil
}

func (n *NewConflict) validate() error {
	msgs := map[string]apperr.Msg{}
	n.Kind = strings.TrimSpace(n.Kind)
	if !contains(conflictKinds, n.Kind) {
		msgs["kind"] = apperr.M("verification.conflict_kind")
	}
	if textcheck.FieldMsg(msgs, "note", &n.Note, textcheck.Multiline) && (len(n.Note) > 1000 || (n.Kind == "other" && n.Note == "")) {
		msgs["note"] = apperr.M("verification.conflict_note")
	}
	return invalid(msgs)
}

// declarerPart is what a declarer had to do with an application's decision.
type declarerPart struct {
	parts     verificationParts
	entered   bool // the application is in verification
	announced bool // its decision has been announced
	tookPart  bool // the declarer holds it, decided, confirmed or answered its appeal
}

func (s *Service) declarerPartIn(ctx context.Context, tx *sqldb.Tx, userID, appID int64) (*declarerPart, error) {
	d := &declarerPart{}
	var err error
	if d.parts, d.entered, err = findVerificationParts(ctx, tx, appID); err != nil || !d.entered {
		return d, err
	}
	if d.parts.Decision != "" {
		if d.announced, err = s.decisionAnnounced(ctx, tx, appID); err != nil {
			return nil, err
		}
	}
	d.tookPart = d.parts.took(userID)
	if !d.tookPart {
		n, err := countAppealsDecidedBy(ctx, tx, appID, userID)
		if err != nil {
			return nil, err
		}
		d.tookPart = n > 0
	}
	return d, nil
}

// declareConflict stores c and its consequences, inside tx.
func (s *Service) declareConflict(ctx context.Context, tx *sqldb.Tx, p *identity.Principal, ref *recruitment.ApplicationRef,
	c *Conflict) error {
	c.DeclaredAt = sqldb.Now(s.now())
	d, err := s.declarerPartIn(ctx, tx, p.UserID, ref.ID)
	if err != nil {
		return err
	}
	late := d.announced && d.tookPart
	if late {
		c.AfterAnnouncement, c.AnnouncedDecision = true, d.parts.Decision
	}
	cid, err := insertConflict(ctx, tx, ref.PeriodID, p.UserID, ref.ApplicantID, ref.ID, c)
	if sqldb.IsUnique(err) {
		return ErrConflictTwice
	}
	if err != nil {
		return err
	}
	c.ID = cid
	data := map[string]any{"user": id64(p.UserID), "period": id64(ref.PeriodID), "kind": c.Kind}
	if late {
		data["after_announcement"], data["decision_stands"] = true, d.parts.Decision
	}
	if err := s.record(ctx, tx,
		audit.Event{Action: "conflict.declare", ObjectType: "application", ObjectID: id64(ref.ID), Data: data}); err != nil {
		return err
	}
	switch {
	case !d.entered:
		return nil
	case late:
		return s.flagLateConflict(ctx, tx, p, ref, d.parts.Decision)
	case d.announced:
		// Announced, and the declarer had no part in it: nothing to move.
		return nil
	}
	return s.handOver(ctx, tx, p.UserID, ref, d.parts)
}

// handOver gives the declarer's work on an application not announced yet
// to someone else: a decision they took is cleared, an application they
// hold goes to another verifier.
func (s *Service) handOver(ctx context.Context, tx *sqldb.Tx, userID int64, ref *recruitment.ApplicationRef, v verificationParts) error {
	if v.DecidedBy == userID {
		if err := clearDecision(ctx, tx, ref.ID, false); err != nil {
			return err
		}
		if err := s.record(ctx, tx, audit.Event{Action: "verification.reopen", ObjectType: "application", ObjectID: id64(ref.ID),
			Data: map[string]any{"reason": "conflict of interest declared by the decider", "previous": v.Decision}}); err != nil {
			return err
		}
	}
	if v.VerifierID == userID {
		return s.assign(ctx, tx, ref.ID, ref.PeriodID, ref.ApplicantID, userID, "conflict")
	}
	return nil
}

// decisionAnnounced reports whether the current decision on an
// application has been published: the application is on a list published
// at or after the decision was taken (at the same instant counts as
// published: the safe side).
func (s *Service) decisionAnnounced(ctx context.Context, q queryer, appID int64) (bool, error) {
	n, err := countAnnouncedDecisions(ctx, q, appID)
	return n > 0, err
}

// flagLateConflict tells each committee member of the period who signed
// the pact (not the declarer, nor anyone recused from the applicant) that
// a conflict was declared on an announced decision, inside tx.
func (s *Service) flagLateConflict(ctx context.Context, tx *sqldb.Tx, p *identity.Principal, ref *recruitment.ApplicationRef,
	decision string) error {
	if s.notify == nil {
		return nil
	}
	ids, err := committeeToTell(ctx, tx, ref.PeriodID, p.UserID, ref.ApplicantID)
	if err != nil {
		return err
	}
	reg := ref.RegistrationNumber
	text := func(lang, key string) string {
		return i18n.T(lang, key, "name", p.Name, "username", p.Username, "number", reg, "decision", decision)
	}
	n := notify.Notification{Kind: "verification.late_conflict", Link: "/verifikasi/lamaran/" + id64(ref.ID),
		Title: text(i18n.ID, "verification.notice.late_conflict_title"), Body: text(i18n.ID, "verification.notice.late_conflict_body"),
		TitleEN: text(i18n.EN, "verification.notice.late_conflict_title"), BodyEN: text(i18n.EN, "verification.notice.late_conflict_body")}
	for _, id := range ids {
		n.UserID = id
		if _, err := notify.Notify(ctx, tx, s.now(), n, ""); err != nil {
			return err
		}
	}
	return nil
}

// Integrity is who signed a period's pact and who recused from whom.
type Integrity struct {
	Pacts     []*Pact
	Conflicts []*Conflict
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
	out := &Integrity{}
	var err error
	if out.Pacts, err = listPacts(ctx, s.db.R, periodID, 0); err != nil {
		return nil, err
	}
	if out.Conflicts, err = listConflicts(ctx, s.db.R, periodID); err != nil {
		return nil, err
	}
	return out, nil
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
