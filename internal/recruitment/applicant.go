package recruitment

import (
	"context"
	"regexp"
	"strconv"
	"strings"
	"time"

	"asnpro/internal/apperr"
	"asnpro/internal/audit"
	"asnpro/internal/identity"
	"asnpro/internal/idnum"
	"asnpro/internal/sqldb"
	"asnpro/internal/textcheck"
)

// Applicant is a registered pelamar.
type Applicant struct {
	ID         int64
	UserID     int64
	NIK        string
	Name       string
	BirthPlace string
	BirthDate  string // YYYY-MM-DD
	Gender     string // M or F
	Email      string
	Phone      string
}

// NewApplicant is the registration form (API.md: POST /api/v1/applicants).
type NewApplicant struct {
	NIK        string
	Name       string
	BirthPlace string
	BirthDate  string
	Gender     string
	Email      string
	Phone      string
	Password   string
}

var (
	phoneRE = regexp.MustCompile(`^(\+62|62|0)8[0-9]{7,12}$`)
)

// validate checks every field, each refusal by key; a wrong NIK is also
// the top message.
func (n *NewApplicant) validate(now time.Time) error {
	m := map[string]apperr.Msg{}
	n.NIK = strings.TrimSpace(n.NIK)
	n.Email = strings.ToLower(strings.TrimSpace(n.Email))
	n.Phone = strings.NewReplacer(" ", "", "-", "").Replace(strings.TrimSpace(n.Phone))
	if textcheck.FieldMsg(m, "name", &n.Name, textcheck.Name) && (n.Name == "" || len(n.Name) > 150) {
		m["name"] = apperr.M("recruitment.name_required")
	}
	if textcheck.FieldMsg(m, "birth_place", &n.BirthPlace, textcheck.Name) && (n.BirthPlace == "" || len(n.BirthPlace) > 100) {
		m["birth_place"] = apperr.M("recruitment.birth_place_required")
	}
	for _, v := range []*string{&n.NIK, &n.BirthDate, &n.Gender, &n.Phone} {
		// Checked by their own rules below; only keep NUL and the like from them.
		*v = strings.ToValidUTF8(*v, "")
	}
	birth, berr := time.Parse(time.DateOnly, n.BirthDate)
	if berr != nil {
		m["birth_date"] = apperr.M("recruitment.birth_date")
	}
	g, gerr := idnum.ParseGender(n.Gender)
	if gerr != nil || (g != idnum.Male && g != idnum.Female) {
		m["gender"] = apperr.M("recruitment.gender")
	} else {
		n.Gender = g.String()
	}
	var nikErr error
	if berr == nil {
		_, nikErr = idnum.CheckNIK(n.NIK, birth, g, now)
	} else {
		_, nikErr = idnum.ParseNIK(n.NIK, now)
	}
	if nikErr != nil {
		m["nik"] = idnumMsg(nikErr)
	}
	if _, p := textcheck.Email(n.Email); p != nil {
		m["email"] = p.Msg()
	}
	if !phoneRE.MatchString(n.Phone) {
		m["phone"] = apperr.M("recruitment.phone")
	}
	if err := identity.CheckPasswordPolicy(n.Password, n.NIK, n.Email); err != nil {
		m["password"] = apperr.As(err).Msg
	}
	if len(m) == 0 {
		return nil
	}
	e := apperr.InvalidMsgs(m)
	if nikErr != nil {
		e.Msg = m["nik"]
	}
	return e
}

// idnumMsg is a NIK's refusal by key.
func idnumMsg(err error) apperr.Msg {
	if ie, ok := err.(*idnum.Error); ok {
		return ie.Msg()
	}
	return apperr.M("error.invalid")
}

var errTooManyRegistrations = &apperr.Error{
	Code:       apperr.TooManyRequests,
	Msg:        apperr.M("recruitment.too_many_registrations"),
	RetryAfter: 60,
}

// RegisterApplicant creates an applicant account (username = NIK, role
// applicant) and records applicant.register. The NIK must be valid and
// agree with the birth date and gender; one account per NIK. Errors:
// invalid (fields.nik …), conflict (NIK or e-mail taken),
// too_many_requests (per address), unavailable (hashing busy).
func (s *Service) RegisterApplicant(ctx context.Context, n NewApplicant, client, lang string) (*Applicant, error) {
	if err := s.allow(ctx, "register:"+client, s.registerPerMinute, time.Minute); err != nil {
		return nil, err
	}
	if err := n.validate(s.now()); err != nil {
		return nil, err
	}
	hash, err := s.ids.Hasher().Hash(ctx, n.Password)
	if err != nil {
		return nil, err
	}
	a := &Applicant{
		NIK:        n.NIK,
		Name:       n.Name,
		BirthPlace: n.BirthPlace,
		BirthDate:  n.BirthDate,
		Gender:     n.Gender,
		Email:      n.Email,
		Phone:      n.Phone,
	}
	err = s.db.Write(ctx, func(tx *sqldb.Tx) error {
		return s.insertApplicant(ctx, tx, a, identity.NewUser{Username: n.NIK}, hash, lang)
	})
	if err != nil {
		return nil, err
	}
	return a, nil
}

// insertApplicant stores a (validated) with its account, inside tx: the
// user u (its name, e-mail and role filled from a) with the password hash,
// the e-mail confirmation, the applicant row and applicant.register.
func (s *Service) insertApplicant(ctx context.Context, tx *sqldb.Tx, a *Applicant, u identity.NewUser, hash, lang string) error {
	var exists int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM applicants WHERE nik = $1`, a.NIK).Scan(&exists); err != nil {
		return sqldb.Translate(err, "check nik")
	}
	if exists > 0 {
		return ErrNIKTaken
	}
	u.Name, u.Email, u.Roles = a.Name, a.Email, []identity.Role{identity.Applicant}
	user, err := s.ids.InsertUser(ctx, tx, u, hash)
	if apperr.CodeOf(err) == apperr.Conflict {
		return &apperr.Error{Code: apperr.Conflict, Msg: apperr.M("recruitment.email_taken"),
			FieldMsgs: map[string]apperr.Msg{"email": apperr.M("recruitment.email_in_use")}}
	}
	if err != nil {
		return err
	}
	a.UserID = user.ID
	if err := s.ids.StartEmailConfirmation(ctx, tx, user, lang); err != nil {
		return err
	}
	err = tx.QueryRowContext(ctx, `INSERT INTO applicants (user_id, nik, name, birth_place, birth_date, gender, email, phone, created_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`, user.ID, a.NIK, a.Name, a.BirthPlace, a.BirthDate, a.Gender, a.Email,
		a.Phone, sqldb.Now(s.now())).
		Scan(&a.ID)
	if sqldb.IsUnique(err) {
		return ErrNIKTaken
	}
	if err != nil {
		return sqldb.Translate(err, "insert applicant")
	}
	return s.record(ctx, tx, audit.Event{Action: "applicant.register", ObjectType: "applicant", ObjectID: strconv.FormatInt(a.ID, 10),
		Data: map[string]any{
			"nik":        a.NIK,
			"name":       a.Name,
			"email":      a.Email,
			"phone":      a.Phone,
			"birth_date": a.BirthDate,
			"gender":     a.Gender,
		}})
}

// allow counts one registration for key; past limit in window, 429.
func (s *Service) allow(ctx context.Context, key string, limit int, window time.Duration) error {
	return s.ids.Allow(ctx, key, limit, window, errTooManyRegistrations)
}

// FindApplicantByUser returns the applicant of a user. Errors: not_found.
func (s *Service) FindApplicantByUser(ctx context.Context, userID int64) (*Applicant, error) {
	a := &Applicant{}
	// Prepared once: every application step of a surge reads it.
	st, err := s.db.ReadStmt(
		ctx,
		`SELECT id, user_id, nik, name, birth_place, birth_date, gender, email, phone FROM applicants WHERE user_id = $1`,
	)
	if err != nil {
		return nil, err
	}
	err = st.QueryRowContext(ctx, userID).
		Scan(&a.ID, &a.UserID, &a.NIK, &a.Name, &a.BirthPlace, &a.BirthDate, &a.Gender, &a.Email, &a.Phone)
	if err != nil {
		return nil, sqldb.Translate(err, "find applicant")
	}
	return a, nil
}

// ErrEmailNotConfirmed: the applicant must confirm the e-mail first.
var ErrEmailNotConfirmed = apperr.E(apperr.FailedPrecondition, "recruitment.email_not_confirmed")

func (s *Service) checkConfirmed(ctx context.Context, tx *sqldb.Tx, userID int64) error {
	if !s.requireConfirmedEmail {
		return nil
	}
	ok, err := s.ids.EmailConfirmedTx(ctx, tx, userID)
	if err != nil {
		return err
	}
	if !ok {
		return ErrEmailNotConfirmed
	}
	return nil
}

// FindApplicantByNIK returns an applicant by NIK (the helpdesk's lookup).
// Errors: not_found.
func (s *Service) FindApplicantByNIK(ctx context.Context, nik string) (*Applicant, error) {
	a := &Applicant{}
	err := s.db.R.QueryRowContext(ctx, `SELECT id, user_id, nik, name, birth_place, birth_date, gender, email, phone FROM applicants
WHERE nik = $1`, strings.TrimSpace(nik)).
		Scan(&a.ID, &a.UserID, &a.NIK, &a.Name, &a.BirthPlace, &a.BirthDate, &a.Gender, &a.Email, &a.Phone)
	if err != nil {
		return nil, sqldb.Translate(err, "applicant")
	}
	return a, nil
}

// ChangeApplicantEmail is the helpdesk path for an applicant who lost
// access to the e-mail: a committee member who has checked the person's
// identity (how, in reason) gives the account a new address, which gets a
// confirmation link. Recorded as user.email.change with the reason.
// Errors: not_found, invalid (address, reason), conflict (address taken).
func (s *Service) ChangeApplicantEmail(ctx context.Context, applicantID int64, email, reason, lang string) (*Applicant, error) {
	rf := map[string]apperr.Msg{}
	if !textcheck.FieldMsg(rf, "reason", &reason, textcheck.Multiline) {
		return nil, apperr.InvalidMsgs(rf)
	}
	if len([]rune(reason)) < 10 || len(reason) > 1000 {
		return nil, apperr.InvalidMsgs(map[string]apperr.Msg{"reason": apperr.M("recruitment.helpdesk_reason")})
	}
	var a *Applicant
	err := s.db.Write(ctx, func(tx *sqldb.Tx) error {
		a = &Applicant{}
		err := tx.QueryRowContext(ctx, `SELECT id, user_id, nik, name, birth_place, birth_date, gender, email, phone FROM applicants
WHERE id = $1`, applicantID).
			Scan(&a.ID, &a.UserID, &a.NIK, &a.Name, &a.BirthPlace, &a.BirthDate, &a.Gender, &a.Email, &a.Phone)
		if err != nil {
			return sqldb.Translate(err, "applicant")
		}
		u, err := s.ids.ChangeEmail(ctx, tx, a.UserID, email, reason, lang)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE applicants SET email = $1 WHERE id = $2`, u.Email, a.ID); err != nil {
			return sqldb.Translate(err, "change e-mail")
		}
		a.Email = u.Email
		return nil
	})
	if err != nil {
		return nil, err
	}
	return a, nil
}
