package recruitment

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"asnpro/internal/apperr"
	"asnpro/internal/audit"
	"asnpro/internal/blob"
	"asnpro/internal/i18n"
	"asnpro/internal/identity"
	"asnpro/internal/sqldb"
	"asnpro/internal/upload"
)

// Application statuses.
const (
	StatusDraft     = "draft"
	StatusSubmitted = "submitted"
)

// Document is an uploaded document of an application.
type Document struct {
	Kind        string    `json:"kind"`
	Size        int64     `json:"size"`
	SHA256      string    `json:"sha256"`
	ContentType string    `json:"content_type"`
	Filename    string    `json:"filename,omitempty"`
	UploadedAt  time.Time `json:"uploaded_at"`
}

// Application is one applicant's application in a period.
type Application struct {
	ID                 int64
	PeriodID           int64
	FormationID        int64
	ApplicantID        int64
	ApplicantUserID    int64
	RegistrationNumber string
	Status             string
	Education          Education
	MajorCode          string
	Attributes         map[string]string
	Documents          []Document
	SubmittedAt        *time.Time
	CreatedAt          time.Time
}

// Missing lists the required document kinds of f not yet uploaded.
func (a *Application) Missing(f *Formation) []string {
	have := map[string]bool{}
	for _, d := range a.Documents {
		have[d.Kind] = true
	}
	var out []string
	for _, d := range f.Documents {
		if d.Required && !have[d.Kind] {
			out = append(out, d.Kind)
		}
	}
	return out
}

// NewApplication is what an applicant sends to choose a formation.
type NewApplication struct {
	FormationID string
	Education   Education
	Attributes  map[string]string
}

// ineligible explains, requirement by requirement, why an applicant may
// not choose a formation (the reasons by key, from CheckEligibility).
func ineligible(reasons []Reason, _ string) error {
	per := map[string]i18n.Phrases{}
	var all i18n.Phrases
	for _, r := range reasons {
		per[r.Requirement] = append(per[r.Requirement], i18n.P(r.Msg.Key, r.Msg.Args...))
		// The top message repeats each requirement's reasons so far, as
		// it always has.
		all = append(all, i18n.P("recruitment.reason_list", "reasons", slices.Clone(per[r.Requirement])))
	}
	fields := map[string]apperr.Msg{}
	for req, ps := range per {
		fields[req] = apperr.M("recruitment.reason_list", "reasons", ps)
	}
	return &apperr.Error{Code: apperr.Invalid, FieldMsgs: fields, Msg: apperr.M("recruitment.ineligible", "reasons", all)}
}

// applyingTo is the one read before an application's write: the
// applicant of userID, and formation fid with its period's requirements
// from this process's catalog copy (read, when stale, before the write
// holds a connection). Errors: forbidden (not an applicant), not_found.
func (s *Service) applyingTo(ctx context.Context, fid, userID int64) (Applicant, *Formation, error) {
	var ap Applicant
	var apID sql.NullInt64
	var birthDate sql.NullString
	var periodID, cv, total int64
	var published bool
	st, err := s.db.ReadStmt(ctx, createFactsQuery)
	if err != nil {
		return ap, nil, err
	}
	err = st.QueryRowContext(ctx, fid, userID).Scan(&apID, &birthDate, &periodID, &cv, &total, &published)
	if errors.Is(err, sql.ErrNoRows) {
		// No such formation: but one who is no applicant hears that first.
		if _, err := s.FindApplicantByUser(ctx, userID); err != nil {
			return ap, nil, apperr.E(apperr.Forbidden, "recruitment.applicants_only")
		}
		return ap, nil, ErrFormationNotFound
	}
	if err != nil {
		return ap, nil, sqldb.Translate(err, "find formation")
	}
	if !apID.Valid {
		return ap, nil, apperr.E(apperr.Forbidden, "recruitment.applicants_only")
	}
	ap.ID, ap.UserID, ap.BirthDate = apID.Int64, userID, birthDate.String
	if !published { // a draft period's formations are not there for applicants
		return ap, nil, ErrFormationNotFound
	}
	cp, err := s.periodAt(ctx, periodID, cv, total)
	if err != nil {
		return ap, nil, err
	}
	rules, err := s.rulesOf(ctx, cp)
	if err != nil {
		return ap, nil, err
	}
	f := rules.formation(fid)
	if f == nil {
		return ap, nil, ErrFormationNotFound
	}
	return ap, f, nil
}

// CreateApplication creates a draft application of the signed-in
// applicant for a formation, after checking — in this order — that the
// period is open, that the applicant has no application in the period yet
// (409 whatever else is asked), and that they meet every requirement
// (422, explained field by field). Records application.create. Errors:
// not_found, failed_precondition, conflict, invalid.
func (s *Service) CreateApplication(ctx context.Context, userID int64, n NewApplication, lang string) (*Application, error) {
	fid, err := strconv.ParseInt(n.FormationID, 10, 64)
	if err != nil {
		return nil, apperr.InvalidMsgs(map[string]apperr.Msg{"formation_id": apperr.M("recruitment.formation_id")})
	}
	ap, f, err := s.applyingTo(ctx, fid, userID)
	if err != nil {
		return nil, err
	}
	var app *Application
	err = s.db.Write(ctx, func(tx *sqldb.Tx) error {
		var n2, submitted int
		p, err := scanPeriod(withExtra{tx.QueryRowContext(ctx, periodWithApplicationsQuery, f.PeriodID, ap.ID), []any{&n2, &submitted}})
		if errors.Is(err, sql.ErrNoRows) {
			return ErrPeriodNotFound
		}
		if err != nil {
			return sqldb.Translate(err, "find period")
		}
		if !p.RegistrationOpen(s.now()) {
			return ErrRegistrationClosed
		}
		if p.Source == SourceSSCASN { // a national period: applicants come from SSCASN
			return ErrNationalPeriod
		}
		if err := s.checkConfirmed(ctx, tx, userID); err != nil {
			return err
		}
		if submitted > 0 {
			return ErrAlreadyApplied
		}
		if n2 > 0 {
			return ErrSecondApplication
		}
		birth, _ := time.Parse(time.DateOnly, ap.BirthDate)
		ref, _ := time.Parse(time.DateOnly, p.ReferenceDate)
		if n.Attributes == nil {
			n.Attributes = map[string]string{}
		}
		major, reasons := CheckEligibility(f, n.Education, birth, ref, n.Attributes)
		if len(reasons) > 0 {
			return ineligible(reasons, lang)
		}
		var ipk any
		if n.Education.IPK != nil {
			ipk = int(*n.Education.IPK*100 + 0.5)
		}
		attrs, _ := json.Marshal(n.Attributes)
		now := sqldb.Now(s.now())
		id, reg, err := insertApplication(ctx, tx, p, f.ID, ap.ID, n.Education.Level, major, ipk, string(attrs), now)
		if err != nil {
			return err
		}
		app = &Application{
			ID:                 id,
			PeriodID:           p.ID,
			FormationID:        f.ID,
			ApplicantID:        ap.ID,
			ApplicantUserID:    userID,
			RegistrationNumber: reg,
			Status:             StatusDraft,
			Education:          n.Education,
			MajorCode:          major,
			Attributes:         n.Attributes,
			CreatedAt:          now,
		}
		if err := s.record(ctx, tx, audit.Event{Action: "application.create", ObjectType: "application", ObjectID: strconv.FormatInt(id, 10),
			Data: map[string]any{"registration_number": reg, "formation": strconv.FormatInt(f.ID, 10),
				"education": n.Education, "attributes": n.Attributes}}); err != nil {
			return err
		}
		return s.scheduleReminder(ctx, tx, id, p)
	})
	return app, err
}

// createFactsQuery is what CreateApplication reads before its write: the
// signed-in user's applicant (NULL when none) and the formation's period
// with its versions. No row: no such formation.
const createFactsQuery = `SELECT ap.id, ap.birth_date, p.id, p.catalog_version, p.submitted_total, p.published_at IS NOT NULL
FROM formations f JOIN periods p ON p.id = f.period_id LEFT JOIN applicants ap ON ap.user_id = $2 WHERE f.id = $1`

// periodWithApplicationsQuery reads a period ($1), how many applications
// an applicant ($2) has in it and how many of them are submitted.
var periodWithApplicationsQuery = `SELECT ` + periodColumns + `, (SELECT count(*) FROM applications a WHERE a.period_id = $1
AND a.applicant_id = $2), (SELECT count(*) FROM applications a WHERE a.period_id = $1 AND a.applicant_id = $2
AND a.status = 'submitted') FROM periods WHERE id = $1`

// withExtra scans a row of some columns followed by extra ones.
type withExtra struct {
	r     *sql.Row
	extra []any
}

func (w withExtra) Scan(dest ...any) error { return w.r.Scan(append(dest, w.extra...)...) }

// insertApplication inserts a draft and gives it its registration number,
// made from the period and the new id: on PostgreSQL in one statement (the
// id drawn first from the column's sequence), on SQLite, whose single
// writer makes a second statement cheap, by an update after the insert.
func insertApplication(
	ctx context.Context,
	tx *sqldb.Tx,
	p *Period,
	formationID, applicantID int64,
	level, major string,
	ipk any,
	attrs string,
	now time.Time,
) (int64, string, error) {
	prefix := fmt.Sprintf("%d%03d", p.RegOpenAt.In(p.Location()).Year(), p.ID%1000)
	var id int64
	var reg string
	var err error
	if tx.Dialect() == "postgres" {
		err = tx.QueryRowContext(ctx, `INSERT INTO applications (id, period_id, formation_id, applicant_id, registration_number,
status, education_level, education_major, ipk, attributes, created_at, updated_at)
SELECT n.id, $1, $2, $3, $4 || lpad(n.id::text, greatest(7, length(n.id::text)), '0'), 'draft', $5, $6, $7, $8, $9, $9
FROM (SELECT nextval(pg_get_serial_sequence('applications', 'id')) AS id) n RETURNING id, registration_number`,
			p.ID, formationID, applicantID, prefix, level, major, ipk, attrs, now).
			Scan(&id, &reg)
	} else {
		err = tx.QueryRowContext(ctx, `INSERT INTO applications (period_id, formation_id, applicant_id, registration_number, status,
education_level, education_major, ipk, attributes, created_at, updated_at)
VALUES ($1, $2, $3, $4, 'draft', $5, $6, $7, $8, $9, $9)
RETURNING id`, p.ID, formationID, applicantID, fmt.Sprintf("tmp-%d-%d", p.ID, applicantID), level, major, ipk, attrs, now).Scan(&id)
		if err == nil {
			reg = fmt.Sprintf("%s%07d", prefix, id)
			if _, err := tx.ExecContext(ctx, `UPDATE applications SET registration_number = $1 WHERE id = $2`, reg, id); err != nil {
				return 0, "", sqldb.Translate(err, "number application")
			}
		}
	}
	if sqldb.IsUnique(err) {
		return 0, "", ErrSecondApplication
	}
	if err != nil {
		return 0, "", sqldb.Translate(err, "insert application")
	}
	return id, reg, nil
}

// queryer is a transaction or the read pool.
type queryer interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}

const applicationColumns = `a.id, a.period_id, a.formation_id, a.applicant_id, p.user_id, a.registration_number, a.status,
a.education_level, a.education_major, a.ipk, a.attributes, a.submitted_at, a.created_at`

func (s *Service) findApplication(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}, id int64) (*Application, error) {
	a := &Application{}
	var ipk sql.NullInt64
	var attrs string
	var sub sql.NullTime
	err := q.QueryRowContext(ctx, `SELECT `+applicationColumns+` FROM applications a JOIN applicants p ON p.id = a.applicant_id
WHERE a.id = $1`, id).
		Scan(&a.ID, &a.PeriodID, &a.FormationID, &a.ApplicantID, &a.ApplicantUserID, &a.RegistrationNumber, &a.Status,
			&a.Education.Level, &a.MajorCode, &ipk, &attrs, &sub, &a.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrApplicationNotFound
	}
	if err != nil {
		return nil, sqldb.Translate(err, "find application")
	}
	a.Education.Major = a.MajorCode
	if ipk.Valid {
		v := float64(ipk.Int64) / 100
		a.Education.IPK = &v
	}
	if sub.Valid {
		t := sub.Time.UTC()
		a.SubmittedAt = &t
	}
	_ = json.Unmarshal([]byte(attrs), &a.Attributes)
	rows, err := q.QueryContext(
		ctx,
		`SELECT kind, size, sha256, content_type, filename, uploaded_at FROM application_documents WHERE application_id = $1
ORDER BY kind`,
		id,
	)
	if err != nil {
		return nil, sqldb.Translate(err, "documents")
	}
	defer rows.Close()
	for rows.Next() {
		var d Document
		if err := rows.Scan(&d.Kind, &d.Size, &d.SHA256, &d.ContentType, &d.Filename, &d.UploadedAt); err != nil {
			return nil, sqldb.Translate(err, "documents")
		}
		d.UploadedAt = d.UploadedAt.UTC()
		a.Documents = append(a.Documents, d)
	}
	return a, sqldb.Translate(rows.Err(), "documents")
}

// FindApplication returns an application the principal may see: its
// owner, the committee and the auditor (verifiers come with verification).
// Anyone else gets not_found, so ids do not leak.
func (s *Service) FindApplication(ctx context.Context, p *identity.Principal, id int64) (*Application, error) {
	a, err := s.findApplication(ctx, s.db.R, id)
	if err != nil {
		return nil, err
	}
	if a.ApplicantUserID == p.UserID || p.Has(identity.Committee, identity.Auditor) {
		return a, nil
	}
	if s.stages != nil {
		ok, err := s.stages.MaySee(ctx, p, a)
		if err != nil {
			return nil, err
		}
		if ok {
			return a, nil
		}
	}
	return nil, ErrApplicationNotFound
}

// IsOwnApplication reports whether application id is userID's, from one
// prepared read (the row a change to a draft reads first): for a check
// before a request's body is read. False on any error; the change itself
// checks again.
func (s *Service) IsOwnApplication(ctx context.Context, userID, id int64) bool {
	st, err := s.db.ReadStmt(ctx, draftStateQuery)
	if err != nil {
		return false
	}
	ds, err := scanDraftState(st.QueryRowContext(ctx, id))
	return err == nil && ds.userID == userID
}

// FormationRules returns formation id of period periodID with its
// requirements as of the period's catalog version (one read when this
// process's copy is current), its submitted count possibly older: what an
// application's missing documents are computed from. The result is shared:
// do not change it. Errors: not_found.
func (s *Service) FormationRules(ctx context.Context, periodID, id int64) (*Formation, error) {
	p, err := s.currentPeriod(ctx, periodID)
	if err != nil {
		return nil, err
	}
	c, err := s.rulesOf(ctx, p)
	if err != nil {
		return nil, err
	}
	f := c.formation(id)
	if f == nil {
		return nil, ErrFormationNotFound
	}
	return f, nil
}

// FindApplicationsOfUser returns the applications of a user, newest first.
func (s *Service) FindApplicationsOfUser(ctx context.Context, userID int64) ([]*Application, error) {
	var ids []int64
	err := sqldb.RunQuery(
		ctx,
		s.db.R,
		`SELECT a.id FROM applications a JOIN applicants p ON p.id = a.applicant_id WHERE p.user_id = $1 ORDER BY a.id DESC`,
		func(rows *sql.Rows) error {
			var id int64
			ids = append(ids, id)
			return rows.Scan(&ids[len(ids)-1])
		},
		userID,
	)
	if err != nil {
		return nil, sqldb.Translate(err, "applications")
	}
	var out []*Application
	for _, id := range ids {
		a, err := s.findApplication(ctx, s.db.R, id)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, nil
}

// ownDraft loads an application of userID inside tx for a change: it must
// be theirs (not_found otherwise), a draft (conflict), in a period whose
// registration is open (failed_precondition).
func (s *Service) ownDraft(ctx context.Context, tx queryer, userID, id int64) (*Application, *Period, error) {
	a, err := s.findApplication(ctx, tx, id)
	if err != nil {
		return nil, nil, err
	}
	if a.ApplicantUserID != userID {
		return nil, nil, ErrApplicationNotFound
	}
	p, err := s.findPeriod(ctx, tx, a.PeriodID)
	if err != nil {
		return nil, nil, err
	}
	if !p.RegistrationOpen(s.now()) {
		return nil, nil, ErrRegistrationClosed
	}
	if a.Status != StatusDraft {
		return nil, nil, ErrAlreadySubmitted
	}
	return a, p, nil
}

// WithdrawApplication deletes a draft so the applicant may choose again,
// and records application.withdraw. Errors: not_found, conflict,
// failed_precondition.
func (s *Service) WithdrawApplication(ctx context.Context, userID, id int64) error {
	return s.db.Write(ctx, func(tx *sqldb.Tx) error {
		a, _, err := s.ownDraft(ctx, tx, userID, id)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM application_documents WHERE application_id = $1`, id); err != nil {
			return sqldb.Translate(err, "withdraw")
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM applications WHERE id = $1`, id); err != nil {
			return sqldb.Translate(err, "withdraw")
		}
		return s.record(
			ctx,
			tx,
			audit.Event{Action: "application.withdraw", ObjectType: "application", ObjectID: strconv.FormatInt(id, 10),
				Data: map[string]any{"registration_number": a.RegistrationNumber}},
		)
	})
}

// PutDocument receives one document of a draft, checking its format by
// content and its size while it streams (413 before the whole body is
// read), stores it content-addressed and records document.upload. A
// document of the same kind is replaced. Errors: not_found, conflict,
// failed_precondition, invalid (kind), too_large, unsupported_media_type.
func (s *Service) PutDocument(ctx context.Context, userID, id int64, kind string, body io.Reader, filename string) (*Document, error) {
	// Cheap checks before reading the body, all from prepared reads and
	// this process's checked copies (the write below checks again inside
	// its transaction): the application is the caller's draft, in an open
	// period, and its formation asks for this kind.
	s.prepareUpload.Do(func() {
		// Outside any transaction: SQLite's one writer connection would
		// wait for itself. A failure only means parsing per transaction.
		_ = s.db.Prepare(ctx, draftStateQuery, blob.InsertQuery, upsertDocument)
	})
	st, err := s.db.ReadStmt(ctx, draftStateQuery)
	if err != nil {
		return nil, err
	}
	ds, err := scanDraftState(st.QueryRowContext(ctx, id))
	if err != nil {
		return nil, err
	}
	if err := ds.check(userID, s.now()); err != nil {
		return nil, err
	}
	// The same row carried the period's versions: no read of its own.
	p, err := s.periodAt(ctx, ds.periodID, ds.catalogVersion, ds.submittedTotal)
	if err != nil {
		return nil, err
	}
	c, err := s.rulesOf(ctx, p)
	if err != nil {
		return nil, err
	}
	f := c.formation(ds.formationID)
	if f == nil {
		return nil, ErrFormationNotFound
	}
	rule, ok := f.Document(kind)
	if !ok {
		kinds := make([]string, len(f.Documents))
		for i, d := range f.Documents {
			kinds[i] = d.Kind
		}
		return nil, apperr.E(apperr.NotFound, "recruitment.document_not_asked", "kind", i18n.Names{Kind: i18n.CodeDoc, Codes: []string{kind}},
			"kinds", i18n.Names{Kind: i18n.CodeDoc, Codes: kinds})
	}
	formats := make([]upload.Format, len(rule.Formats))
	for i, fm := range rule.Formats {
		formats[i] = upload.Format(fm)
	}
	file, err := upload.Receive(ctx, body, upload.Rule{Formats: formats, MaxBytes: rule.MaxBytes}, s.tempDir)
	if err != nil {
		var ue *upload.Error
		if errors.As(err, &ue) {
			return nil, ue.AppError()
		}
		return nil, err
	}
	defer file.Remove()
	doc := &Document{Kind: kind, Size: file.Size, SHA256: file.SHA256, ContentType: file.ContentType, Filename: upload.SafeName(filename)}
	if err := s.blobs.Place(file); err != nil {
		return nil, apperr.Wrap(err, "store document")
	}
	err = s.db.Write(ctx, func(tx *sqldb.Tx) error {
		st, err := tx.Stmt(ctx, draftStateQuery)
		if err != nil {
			return sqldb.Translate(err, "prepare")
		}
		ds, err := scanDraftState(st.QueryRowContext(ctx, id))
		if err != nil {
			return err
		}
		if err := ds.check(userID, s.now()); err != nil {
			return err
		}
		now := sqldb.Now(s.now())
		doc.UploadedAt = now
		// The bytes are read (when kept in the database) only inside the
		// write transaction, so a surge of uploads holds at most one
		// document per writer in memory.
		if err := s.blobs.Record(ctx, tx, file, now); err != nil {
			return err
		}
		put, err := tx.Stmt(ctx, upsertDocument)
		if err != nil {
			return sqldb.Translate(err, "prepare")
		}
		if _, err := put.ExecContext(ctx, id, kind, doc.SHA256, doc.Size, doc.ContentType, doc.Filename, now); err != nil {
			return sqldb.Translate(err, "store document")
		}
		return s.record(ctx, tx, audit.Event{Action: "document.upload", ObjectType: "application", ObjectID: strconv.FormatInt(id, 10),
			Data: map[string]any{"kind": kind, "sha256": doc.SHA256, "size": doc.Size, "content_type": doc.ContentType}})
	})
	if err != nil {
		return nil, err
	}
	return doc, nil
}

// SubmitApplication locks a draft once every required document is there,
// counts it for its formation and records application.submit. Errors:
// not_found, conflict, failed_precondition, invalid (missing documents).
func (s *Service) SubmitApplication(ctx context.Context, userID, id int64, lang string) (*Application, error) {
	var a *Application
	err := s.db.Write(ctx, func(tx *sqldb.Tx) error {
		var p *Period
		var err error
		if a, p, err = s.ownDraft(ctx, tx, userID, id); err != nil {
			return err
		}
		if err := s.checkConfirmed(ctx, tx, userID); err != nil {
			return err
		}
		f, err := s.submitRules(ctx, tx, p, a.FormationID)
		if err != nil {
			return err
		}
		if missing := a.Missing(f); len(missing) > 0 {
			fields := map[string]apperr.Msg{}
			for _, k := range missing {
				fields["documents."+k] = apperr.M("recruitment.not_uploaded")
			}
			return &apperr.Error{
				Code:      apperr.Invalid,
				Msg:       apperr.M("recruitment.documents_missing", "kinds", i18n.Names{Kind: i18n.CodeDoc, Codes: missing}),
				FieldMsgs: fields,
			}
		}
		now := sqldb.Now(s.now())
		if _, err := tx.ExecContext(ctx, `UPDATE applications SET status = 'submitted', submitted_at = $1, updated_at = $1
WHERE id = $2`, now, id); err != nil {
			return sqldb.Translate(err, "submit")
		}
		// Counters every submission of the period moves: last, and in one
		// statement with the verifier's (sqldb.Tx.Bump), so their rows stay
		// locked (PostgreSQL) for that statement and the commit alone.
		tx.Bump(`UPDATE formations SET submitted = submitted + 1 WHERE id = $1`, a.FormationID)
		tx.Bump(`UPDATE periods SET submitted_total = submitted_total + 1 WHERE id = $1`, a.PeriodID)
		a.Status, a.SubmittedAt = StatusSubmitted, &now
		docs := map[string]string{}
		for _, d := range a.Documents {
			docs[d.Kind] = d.SHA256
		}
		if err := s.record(ctx, tx, audit.Event{Action: "application.submit", ObjectType: "application", ObjectID: strconv.FormatInt(id, 10),
			Data: map[string]any{"registration_number": a.RegistrationNumber, "documents": docs}}); err != nil {
			return err
		}
		for _, hook := range s.submitHooks() {
			if err := hook(ctx, tx, a); err != nil {
				return err
			}
		}
		return nil
	})
	return a, err
}

// submitRules returns the formation whose required documents a submission
// checks: from this process's catalog copy when it is current as of p (read
// inside tx), else read inside tx — never through the read pool while tx
// holds a connection.
func (s *Service) submitRules(ctx context.Context, tx *sqldb.Tx, p *Period, formationID int64) (*Formation, error) {
	s.catalogs.mu.Lock()
	c := s.catalogs.m[p.ID]
	s.catalogs.mu.Unlock()
	if c != nil && c.version == p.CatalogVersion {
		if f := c.formation(formationID); f != nil {
			return f, nil
		}
	}
	f, err := scanFormation(tx.QueryRowContext(ctx, `SELECT `+formationColumns+` FROM formations WHERE id = $1`, formationID))
	if err != nil {
		return nil, sqldb.Translate(err, "formation")
	}
	return f, nil
}

// MaskName keeps the first two letters of each word: "Siti Aminah" →
// "SI*** AM***" (how results are published).
func MaskName(name string) string {
	var parts []string
	for _, w := range strings.Fields(strings.ToUpper(name)) {
		r := []rune(w)
		if len(r) > 2 {
			r = r[:2]
		}
		parts = append(parts, string(r)+"***")
	}
	return strings.Join(parts, " ")
}

// The statements of an upload, prepared once (Service.prepareUpload, with
// blob.InsertQuery).
const (
	upsertDocument = `INSERT INTO application_documents (application_id, kind, sha256, size, content_type, filename, uploaded_at)
VALUES ($1, $2, $3, $4, $5, $6, $7)
ON CONFLICT (application_id, kind) DO UPDATE SET sha256 = excluded.sha256, size = excluded.size, content_type = excluded.content_type,
filename = excluded.filename, uploaded_at = excluded.uploaded_at`
)

// draftStateQuery is what a change to a draft must know of it, in one row.
const draftStateQuery = `SELECT ap.user_id, a.status, a.period_id, a.formation_id, p.published_at, p.reg_open_at, p.reg_close_at,
  p.catalog_version, p.submitted_total
FROM applications a JOIN applicants ap ON ap.id = a.applicant_id JOIN periods p ON p.id = a.period_id WHERE a.id = $1`

type draftState struct {
	userID, periodID, formationID int64
	status                        string
	published                     bool
	open, close                   time.Time
	// the period row's versions (see currentPeriod)
	catalogVersion, submittedTotal int64
}

func scanDraftState(r *sql.Row) (*draftState, error) {
	d := &draftState{}
	var pub sql.NullTime
	err := r.Scan(&d.userID, &d.status, &d.periodID, &d.formationID, &pub, &d.open, &d.close, &d.catalogVersion, &d.submittedTotal)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrApplicationNotFound
	}
	if err != nil {
		return nil, sqldb.Translate(err, "find application")
	}
	d.published = pub.Valid
	return d, nil
}

// check applies ownDraft's rules: the caller's (not_found), registration
// open (failed_precondition), still a draft (conflict).
func (d *draftState) check(userID int64, now time.Time) error {
	if d.userID != userID {
		return ErrApplicationNotFound
	}
	p := Period{PublishedAt: &now, Timeline: Timeline{RegOpenAt: d.open, RegCloseAt: d.close}}
	if !d.published {
		p.PublishedAt = nil
	}
	if !p.RegistrationOpen(now) {
		return ErrRegistrationClosed
	}
	if d.status != StatusDraft {
		return ErrAlreadySubmitted
	}
	return nil
}
