package recruitment

import (
	"context"
	"database/sql"
	"sort"
	"strconv"
	"strings"
	"time"

	"asnpro/internal/apperr"
	"asnpro/internal/audit"
	"asnpro/internal/identity"
	"asnpro/internal/report"
	"asnpro/internal/sqldb"
)

// ImportApplicants imports an SSCASN applicant export into a period in one
// transaction. Every row is validated — the NIK against the birth date and
// gender, the formation code of the period, the education code of the
// reference list, MS/TMS with its reasons, duplicates of NIK or
// no_peserta within the file or already stored — and when any row is
// wrong nothing is stored and the error names each bad row and column (at
// most 100 shown). For each row: the applicant (reused by NIK, or a new
// account, username = NIK, role applicant, without a usable password: the
// applicant sets one through the password reset link), an application
// submitted now with registration number = no_peserta, counted like a
// submission, and (through opts.Imported) the decision. The first import
// marks the period national. Records applicants.import for the file and
// application.import per application (user.create per new account).
// Errors: not_found (period), invalid (header, rows), conflict (the
// period has local applications; opts.Check's refusals).
func (s *Service) ImportApplicants(
	ctx context.Context,
	periodID int64,
	header []string,
	rows []Row,
	opts ApplicantImport,
) (*ImportSummary, error) {
	col, err := applicantHeader(header)
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, apperr.E(apperr.Invalid, "recruitment.import.empty")
	}
	if len(rows) > maxApplicantRows {
		return nil, apperr.E(apperr.TooLarge, "recruitment.import.too_many", "max", maxApplicantRows)
	}
	if _, err := s.FindPeriodByID(ctx, periodID, true); err != nil {
		return nil, err
	}
	ref, err := s.importRef(ctx, periodID)
	if err != nil {
		return nil, err
	}
	bad := &report.Problems{Refusal: "recruitment.import.rejected"}
	parser := &rowParser{
		col:          col,
		ref:          ref,
		requirements: opts.Requirements,
		now:          s.now(),
		seenNIK:      map[string]int{},
		seenReg:      map[string]int{},
		bad:          bad,
	}
	parsed := parser.parse(rows)

	// The audit record's statements, prepared once outside any transaction
	// (a server has done so at start; a command-line import has not), so
	// that tens of thousands of events are not each parsed again.
	_ = s.db.Prepare(ctx, audit.HotStatements(string(s.db.Engine))...)
	sum := &ImportSummary{}
	err = s.db.Write(ctx, func(tx *sqldb.Tx) error {
		src, err := s.checkImportTarget(ctx, tx, periodID, opts.Check)
		if err != nil {
			return err
		}
		good, err := s.reconcileImport(ctx, tx, periodID, parsed, bad)
		if err != nil {
			return err
		}
		if err := bad.Err(); err != nil {
			return err
		}
		at := sqldb.Now(s.now())
		apps, err := s.storeImport(ctx, tx, periodID, src, good, at, sum)
		if err != nil {
			return err
		}
		if opts.Imported != nil {
			if err := opts.Imported(ctx, tx, apps); err != nil {
				return err
			}
		}
		sum.Imported = len(apps)
		return s.record(
			ctx,
			tx,
			audit.Event{At: at, Action: "applicants.import", ObjectType: "period", ObjectID: strconv.FormatInt(periodID, 10),
				Data: map[string]any{
					"source":       SourceSSCASN,
					"sha256":       opts.FileSHA256,
					"rows":         len(apps),
					"ms":           sum.MS,
					"tms":          sum.TMS,
					"new_accounts": sum.NewAccounts,
				}},
		)
	})
	if err != nil {
		return nil, err
	}
	return sum, nil
}

// importRef loads what rows are checked against: the period's formations
// and the education reference list.
func (s *Service) importRef(ctx context.Context, periodID int64) (importRef, error) {
	ref := importRef{formations: map[string]*Formation{}, education: map[string]EducationRef{}}
	forms, _, err := s.FindFormations(ctx, periodID, FormationFilter{}, true)
	if err != nil {
		return ref, err
	}
	for _, f := range forms {
		ref.formations[strings.ToLower(f.Code)] = f
	}
	err = sqldb.RunQuery(ctx, s.db.R, `SELECT code, name, level FROM education_refs`, func(rr *sql.Rows) error {
		var e EducationRef
		if err := rr.Scan(&e.Code, &e.Name, &e.Level); err != nil {
			return err
		}
		ref.education[strings.ToLower(e.Code)] = e
		return nil
	})
	return ref, sqldb.Translate(err, "education")
}

// checkImportTarget refuses an import into a period with local
// applications (conflict) and runs the later stages' check; it returns
// the period's source.
func (s *Service) checkImportTarget(
	ctx context.Context,
	tx *sqldb.Tx,
	periodID int64,
	check func(context.Context, *sqldb.Tx, *Period) error,
) (string, error) {
	p, err := s.findPeriod(ctx, tx, periodID)
	if err != nil {
		return "", err
	}
	var src string
	var local int
	if err := tx.QueryRowContext(ctx, `SELECT source, (SELECT count(*) FROM applications WHERE period_id = $1) FROM periods
WHERE id = $1`, periodID).
		Scan(&src, &local); err != nil {
		return "", sqldb.Translate(err, "period source")
	}
	if src != SourceSSCASN && local > 0 {
		return "", apperr.E(apperr.Conflict, "recruitment.import.local_period", "n", local)
	}
	if check != nil {
		if err := check(ctx, tx, p); err != nil {
			return "", err
		}
	}
	return src, nil
}

// knownApplicant is an applicant stored already, with the registration
// number of their application in the importing period ("" when none).
type knownApplicant struct {
	applicant, user int64
	reg             string
}

// reconcileImport checks the parsed rows against what is stored: an
// applicant already in the period, a registration number taken, a new
// account's username or e-mail taken (or an e-mail twice among the new
// accounts). Problems go to bad; the rows without them are returned, with
// their existing applicant.
func (s *Service) reconcileImport(
	ctx context.Context,
	tx *sqldb.Tx,
	periodID int64,
	parsed []*sscasnRow,
	bad *report.Problems,
) ([]*sscasnRow, error) {
	have, regTaken, err := s.storedFor(ctx, tx, periodID, parsed)
	if err != nil {
		return nil, err
	}
	var newNIKs, newEmails []string
	for _, x := range parsed {
		if _, ok := have[x.nik]; !ok {
			newNIKs, newEmails = append(newNIKs, strings.ToLower(x.nik)), append(newEmails, x.email)
		}
	}
	userTaken, emailTaken, err := s.ids.TakenLogins(ctx, tx, newNIKs, newEmails)
	if err != nil {
		return nil, err
	}
	seenEmail := map[string]int{}
	good := parsed[:0:0]
	for _, x := range parsed {
		ok := true
		fail := func(col, key string, args ...any) { bad.Add(x.line, col, key, args...); ok = false }
		if k, found := have[x.nik]; found {
			if k.reg != "" {
				fail("nik", "recruitment.import.nik_in_period", "nik", x.nik, "number", k.reg)
			}
			x.applicantID, x.userID = k.applicant, k.user
		} else {
			checkNewAccount(x, userTaken, emailTaken, seenEmail, fail)
		}
		if pid, taken := regTaken[x.regNo]; taken && pid == periodID {
			fail("no_peserta", "recruitment.import.regno_in_period", "number", x.regNo)
		} else if taken {
			fail("no_peserta", "recruitment.import.regno_elsewhere", "number", x.regNo)
		}
		if ok {
			good = append(good, x)
		}
	}
	return good, nil
}

// checkNewAccount: the account a row creates has a username (its NIK) and
// an e-mail no other account has, and an e-mail no earlier new account of
// the file has.
func checkNewAccount(
	x *sscasnRow,
	userTaken, emailTaken map[string]bool,
	seenEmail map[string]int,
	fail func(col, key string, args ...any),
) {
	if userTaken[strings.ToLower(x.nik)] {
		fail("nik", "recruitment.import.username_taken", "nik", x.nik)
	}
	if emailTaken[x.email] {
		fail("email", "recruitment.import.email_taken", "email", x.email)
	} else if prev, dup := seenEmail[x.email]; dup {
		fail("email", "recruitment.import.email_twice", "email", x.email, "line", prev)
	} else {
		seenEmail[x.email] = x.line
	}
}

// storeImport stores the checked rows: the period marked national, each
// new applicant's account and applicant, each application submitted and
// recorded, and the counters of the formations and the period.
func (s *Service) storeImport(
	ctx context.Context,
	tx *sqldb.Tx,
	periodID int64,
	src string,
	good []*sscasnRow,
	at time.Time,
	sum *ImportSummary,
) ([]*ImportedApplication, error) {
	if src != SourceSSCASN {
		if err := markNational(ctx, tx, periodID); err != nil {
			return nil, err
		}
	}
	ins, err := prepareImportInserts(ctx, tx)
	if err != nil {
		return nil, err
	}
	defer ins.close()
	perFormation := map[int64]int{}
	apps := make([]*ImportedApplication, 0, len(good))
	for _, x := range good {
		if x.applicantID == 0 {
			if err := s.importAccount(ctx, tx, ins, x, at); err != nil {
				return nil, err
			}
			sum.NewAccounts++
		}
		a, err := s.importApplication(ctx, tx, ins, periodID, x, at)
		if err != nil {
			return nil, err
		}
		apps = append(apps, a)
		perFormation[x.formation.ID]++
		if x.decision == "MS" {
			sum.MS++
		} else {
			sum.TMS++
		}
	}
	return apps, countImported(ctx, tx, periodID, perFormation, len(apps))
}

// importAccount creates the account and the applicant of a row's new
// applicant. The account has no usable password: the applicant sets one
// through the reset link.
func (s *Service) importAccount(ctx context.Context, tx *sqldb.Tx, ins *importInserts, x *sscasnRow, at time.Time) error {
	u, err := s.ids.InsertUser(
		ctx,
		tx,
		identity.NewUser{Username: x.nik, Name: x.name, Email: x.email, Roles: []identity.Role{identity.Applicant}},
		"",
	)
	if err != nil {
		return err
	}
	x.userID = u.ID
	err = ins.applicant.QueryRowContext(ctx, u.ID, x.nik, x.name, x.place, x.birth, x.gender, x.email, x.phone, at).Scan(&x.applicantID)
	return sqldb.Translate(err, "insert applicant")
}

// importApplication stores and records the submitted application of a row.
func (s *Service) importApplication(
	ctx context.Context,
	tx *sqldb.Tx,
	ins *importInserts,
	periodID int64,
	x *sscasnRow,
	at time.Time,
) (*ImportedApplication, error) {
	var ipk any
	if x.ipk != nil {
		ipk = *x.ipk
	}
	var id int64
	if err := ins.application.QueryRowContext(ctx, periodID, x.formation.ID, x.applicantID, x.regNo, x.level, x.major, ipk,
		at).Scan(&id); err != nil {
		return nil, sqldb.Translate(err, "insert application")
	}
	sub := at
	a := &Application{ID: id, PeriodID: periodID, FormationID: x.formation.ID, ApplicantID: x.applicantID, ApplicantUserID: x.userID,
		RegistrationNumber: x.regNo, Status: StatusSubmitted, Education: Education{Level: x.level, Major: x.major}, MajorCode: x.major,
		Attributes: map[string]string{}, SubmittedAt: &sub, CreatedAt: at}
	if x.reasons == nil {
		x.reasons = []ImportReason{}
	}
	err := s.record(
		ctx,
		tx,
		audit.Event{At: at, Action: "application.import", ObjectType: "application", ObjectID: strconv.FormatInt(id, 10),
			Data: map[string]any{"source": SourceSSCASN, "period": strconv.FormatInt(periodID, 10), "registration_number": x.regNo,
				"applicant": strconv.FormatInt(x.applicantID, 10), "nik": x.nik, "formation": strconv.FormatInt(x.formation.ID, 10),
				"decision": x.decision, "reasons": x.reasons}},
	)
	return &ImportedApplication{Line: x.line, Application: a, Decision: x.decision, Reasons: x.reasons}, err
}

// sortedIDs returns the keys of m in order.
func sortedIDs(m map[int64]int) []int64 {
	ids := make([]int64, 0, len(m))
	for id := range m {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	return ids
}
