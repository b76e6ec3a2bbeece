package verification

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"time"

	"asnpro/internal/sqldb"
)

// The SQL of verification's own tables: integrity_pacts, conflicts,
// verifications, appeals, announcements and announcement_items. What it
// needs of other parts comes through Recruitment and Staff (deps.go),
// except where noted "Joins across parts": a list read in one query that,
// split, would cost a query per row (or, in chooseVerifier, per
// submission).

// queryer reads: db.R and *sqldb.Tx both do.
type queryer interface {
	sqldb.Querier
	QueryRowContext(context.Context, string, ...any) *sql.Row
}

// execer writes: *sqldb.Tx.
type execer interface {
	ExecContext(context.Context, string, ...any) (sql.Result, error)
}

func utcOrNil(t sql.NullTime) *time.Time {
	if !t.Valid {
		return nil
	}
	u := t.Time.UTC()
	return &u
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// --- integrity pacts ---

func countPacts(ctx context.Context, q queryer, periodID, userID int64) (int, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT count(*) FROM integrity_pacts WHERE period_id = $1 AND user_id = $2`, periodID, userID).Scan(&n)
	return n, sqldb.Translate(err, "pact")
}

func insertPact(ctx context.Context, tx execer, periodID, userID int64, roles []string, sum string, noConflict bool, at time.Time) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO integrity_pacts (period_id, user_id, roles, text_sha256, no_conflict, signed_at)
VALUES ($1, $2, $3, $4, $5, $6)`, periodID, userID, strings.Join(roles, ","), sum, noConflict, at)
	return sqldb.Translate(err, "sign pact")
}

// listPacts lists a period's pacts (of userID only, when not 0).
// Joins across parts: users, for the signers' names.
func listPacts(ctx context.Context, q queryer, periodID, userID int64) ([]*Pact, error) {
	query := `SELECT p.user_id, u.name, u.username, p.roles, p.text_sha256, p.no_conflict, p.assigned, p.signed_at
FROM integrity_pacts p JOIN users u ON u.id = p.user_id WHERE p.period_id = $1`
	args := []any{periodID}
	if userID != 0 {
		query += ` AND p.user_id = $2`
		args = append(args, userID)
	}
	out := []*Pact{}
	err := sqldb.RunQuery(ctx, q, query+` ORDER BY p.signed_at, p.user_id`, func(rows *sql.Rows) error {
		pc := &Pact{PeriodID: periodID}
		var uid int64
		var roles string
		if err := rows.Scan(&uid, &pc.User.Name, &pc.User.Username, &roles, &pc.TextSHA256, &pc.NoConflict, &pc.Assigned,
			&pc.SignedAt); err != nil {
			return err
		}
		pc.User.ID, pc.Roles, pc.SignedAt = uid, strings.Split(roles, ","), pc.SignedAt.UTC()
		out = append(out, pc)
		return nil
	}, args...)
	return out, sqldb.Translate(err, "pacts")
}

// insertDemoPact signs a demo pact, unless signed already.
func insertDemoPact(ctx context.Context, tx execer, periodID, userID int64, roles, sum string, at time.Time) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO integrity_pacts (period_id, user_id, roles, text_sha256, no_conflict, signed_at)
VALUES ($1, $2, $3, $4, TRUE, $5) ON CONFLICT DO NOTHING`, periodID, userID, roles, sum, at)
	return err
}

// pactPeriods lists the periods whose pact userID signed.
func pactPeriods(ctx context.Context, q queryer, userID int64) ([]int64, error) {
	var out []int64
	err := sqldb.RunQuery(ctx, q, `SELECT period_id FROM integrity_pacts WHERE user_id = $1`, func(rows *sql.Rows) error {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return err
		}
		out = append(out, id)
		return nil
	}, userID)
	return out, sqldb.Translate(err, "pacts")
}

// --- conflicts of interest ---

func countConflicts(ctx context.Context, q queryer, periodID, userID, applicantID int64) (int, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT count(*) FROM conflicts WHERE period_id = $1 AND user_id = $2 AND applicant_id = $3`,
		periodID, userID, applicantID).Scan(&n)
	return n, sqldb.Translate(err, "conflict")
}

// countConflictsAnyPeriod counts userID's conflicts with an applicant in any period.
func countConflictsAnyPeriod(ctx context.Context, q queryer, userID, applicantID int64) (int, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT count(*) FROM conflicts WHERE user_id = $1 AND applicant_id = $2`, userID, applicantID).Scan(&n)
	return n, sqldb.Translate(err, "conflict")
}

// insertConflict stores c; a second declaration is a unique violation.
func insertConflict(ctx context.Context, q queryer, periodID, userID, applicantID, appID int64, c *Conflict) (int64, error) {
	var id int64
	err := q.QueryRowContext(
		ctx,
		`INSERT INTO conflicts (period_id, user_id, applicant_id, application_id, kind, note, declared_at, after_announcement,
announced_decision)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
		periodID,
		userID,
		applicantID,
		appID,
		c.Kind,
		c.Note,
		c.DeclaredAt,
		c.AfterAnnouncement,
		c.AnnouncedDecision,
	).Scan(&id)
	if sqldb.IsUnique(err) {
		return 0, err
	}
	return id, sqldb.Translate(err, "declare conflict")
}

// listConflicts lists a period's declared conflicts, oldest first.
// Joins across parts: users, applicants and applications, for the names
// and numbers on the list.
func listConflicts(ctx context.Context, q queryer, periodID int64) ([]*Conflict, error) {
	out := []*Conflict{}
	err := sqldb.RunQuery(ctx, q,
		`SELECT c.id, c.user_id, u.name, u.username, coalesce(c.application_id, 0), coalesce(a.registration_number, ''),
  ap.name, c.kind, c.note, c.declared_at, c.after_announcement, c.announced_decision
FROM conflicts c JOIN users u ON u.id = c.user_id JOIN applicants ap ON ap.id = c.applicant_id
  LEFT JOIN applications a ON a.id = c.application_id
WHERE c.period_id = $1 ORDER BY c.declared_at, c.id`, func(rows *sql.Rows) error {
			c := &Conflict{}
			var id, uid, aid int64
			if err := rows.Scan(&id, &uid, &c.User.Name, &c.User.Username, &aid, &c.RegistrationNumber, &c.ApplicantName, &c.Kind, &c.Note,
				&c.DeclaredAt, &c.AfterAnnouncement, &c.AnnouncedDecision); err != nil {
				return err
			}
			c.ID, c.User.ID, c.ApplicationID, c.DeclaredAt = id, uid, aid, c.DeclaredAt.UTC()
			out = append(out, c)
			return nil
		}, periodID)
	return out, sqldb.Translate(err, "conflicts")
}

// committeeToTell lists the committee members of a period who signed its
// pact, are enabled, are not userID and declared no conflict with the
// applicant. Joins across parts: users and user_roles, to choose among
// the signers in one query.
func committeeToTell(ctx context.Context, q queryer, periodID, userID, applicantID int64) ([]int64, error) {
	var ids []int64
	err := sqldb.RunQuery(ctx, q, `SELECT u.id FROM integrity_pacts pc JOIN users u ON u.id = pc.user_id AND NOT u.disabled
JOIN user_roles r ON r.user_id = u.id AND r.role = 'committee'
WHERE pc.period_id = $1 AND u.id <> $2
  AND NOT EXISTS (SELECT 1 FROM conflicts c WHERE c.period_id = $1 AND c.user_id = u.id AND c.applicant_id = $3) ORDER BY u.id`,
		func(rows *sql.Rows) error {
			var id int64
			if err := rows.Scan(&id); err != nil {
				return err
			}
			ids = append(ids, id)
			return nil
		}, periodID, userID, applicantID)
	return ids, sqldb.Translate(err, "committee")
}

// lateConflicts lists the period's conflicts declared on announced
// decisions, oldest first, except those on applicants userID recused from.
// Joins across parts: applications and users, for the numbers and names.
func lateConflicts(ctx context.Context, q queryer, userID, periodID int64) ([]Flag, error) {
	out := []Flag{}
	err := sqldb.RunQuery(ctx, q, `SELECT c.application_id, a.registration_number, c.user_id, u.name, u.username, c.announced_decision,
  coalesce(v.decision, ''), coalesce(v.reopened, 0), c.declared_at
FROM conflicts c JOIN applications a ON a.id = c.application_id JOIN users u ON u.id = c.user_id
LEFT JOIN verifications v ON v.application_id = c.application_id
WHERE c.period_id = $1 AND c.after_announcement
  AND NOT EXISTS (SELECT 1 FROM conflicts mine WHERE mine.period_id = c.period_id AND mine.user_id = $2
  AND mine.applicant_id = c.applicant_id)
ORDER BY c.declared_at, c.id`, func(rows *sql.Rows) error {
		fl := Flag{Kind: FlagLateConflict}
		var aid, uid int64
		if err := rows.Scan(&aid, &fl.RegistrationNumber, &uid, &fl.User.Name, &fl.User.Username, &fl.Decision, &fl.Current,
			&fl.Reopened, &fl.At); err != nil {
			return err
		}
		fl.ApplicationID, fl.User.ID, fl.At = aid, uid, fl.At.UTC()
		out = append(out, fl)
		return nil
	}, periodID, userID)
	return out, sqldb.Translate(err, "flags")
}

// --- verifications ---

const verificationColumns = `application_id, period_id, formation_id, coalesce(verifier_id, 0), submitted_at, assigned_at,
coalesce(decision, ''), reasons, coalesce(decided_by, 0), decided_at, coalesce(first_verifier_id, 0), coalesce(confirmed_by, 0),
confirmed_at, reopened, appeal_upheld`

// findVerificationRow reads an application's verification (without its
// applicant, which recruitment knows). Errors: not_found.
func findVerificationRow(ctx context.Context, q queryer, appID int64) (*Verification, error) {
	v := &Verification{}
	var assigned, decided, confirmed sql.NullTime
	var reasons string
	err := q.QueryRowContext(ctx, `SELECT `+verificationColumns+` FROM verifications WHERE application_id = $1`, appID).
		Scan(&v.ApplicationID, &v.PeriodID, &v.FormationID, &v.VerifierID, &v.SubmittedAt, &assigned,
			&v.Decision, &reasons, &v.DecidedBy, &decided, &v.FirstVerifierID, &v.ConfirmedBy, &confirmed, &v.Reopened, &v.AppealUpheld)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, sqldb.Translate(err, "find verification")
	}
	v.SubmittedAt = v.SubmittedAt.UTC()
	v.AssignedAt, v.DecidedAt, v.ConfirmedAt = utcOrNil(assigned), utcOrNil(decided), utcOrNil(confirmed)
	_ = json.Unmarshal([]byte(reasons), &v.Reasons)
	if v.Reasons == nil {
		v.Reasons = []Reason{}
	}
	return v, nil
}

// verificationParts are who took part in an application's decision (0: nobody).
type verificationParts struct {
	VerifierID, DecidedBy, FirstVerifierID, ConfirmedBy int64
	Decision                                            string
}

// took reports whether userID holds, decided, first verified or confirmed it.
func (v verificationParts) took(userID int64) bool {
	return v.VerifierID == userID || v.DecidedBy == userID || v.FirstVerifierID == userID || v.ConfirmedBy == userID
}

// findVerificationParts reads them; found is false when the application
// is not in verification.
func findVerificationParts(ctx context.Context, q queryer, appID int64) (v verificationParts, found bool, err error) {
	err = q.QueryRowContext(ctx,
		`SELECT coalesce(verifier_id, 0), coalesce(decided_by, 0), coalesce(first_verifier_id, 0), coalesce(confirmed_by, 0),
coalesce(decision, '') FROM verifications
  WHERE application_id = $1`, appID).Scan(&v.VerifierID, &v.DecidedBy, &v.FirstVerifierID, &v.ConfirmedBy, &v.Decision)
	if errors.Is(err, sql.ErrNoRows) {
		return v, false, nil
	}
	return v, err == nil, sqldb.Translate(err, "verification")
}

func insertVerification(ctx context.Context, tx execer, appID, periodID, formationID int64, submitted time.Time) error {
	_, err := tx.ExecContext(
		ctx,
		`INSERT INTO verifications (application_id, period_id, formation_id, submitted_at) VALUES ($1, $2, $3, $4)`,
		appID,
		periodID,
		formationID,
		submitted,
	)
	return sqldb.Translate(err, "enter verification")
}

// chooseVerifier returns the period's verifier with the fewest
// applications who signed the pact and declared no conflict with the
// applicant (never exclude), or 0. Joins across parts: user_roles and
// users, so that a submission chooses in one query.
func chooseVerifier(ctx context.Context, q queryer, periodID, applicantID, exclude int64) (int64, error) {
	var uid int64
	err := q.QueryRowContext(ctx, `SELECT p.user_id FROM integrity_pacts p
JOIN user_roles r ON r.user_id = p.user_id AND r.role = 'verifier'
JOIN users u ON u.id = p.user_id AND NOT u.disabled
WHERE p.period_id = $1 AND p.user_id <> $3
  AND NOT EXISTS (SELECT 1 FROM conflicts c WHERE c.period_id = $1 AND c.user_id = p.user_id AND c.applicant_id = $2)
ORDER BY p.assigned, p.user_id LIMIT 1`, periodID, applicantID, exclude).Scan(&uid)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return uid, sqldb.Translate(err, "choose verifier")
}

func verifierOf(ctx context.Context, q queryer, appID int64) (int64, error) {
	var old sql.NullInt64
	err := q.QueryRowContext(ctx, `SELECT verifier_id FROM verifications WHERE application_id = $1`, appID).Scan(&old)
	return old.Int64, sqldb.Translate(err, "verification")
}

const bumpAssignedQuery = `UPDATE integrity_pacts SET assigned = assigned + 1 WHERE period_id = $1 AND user_id = $2`

// bumpAssigned moves a verifier's count of applications by by (1 or -1).
func bumpAssigned(ctx context.Context, tx execer, periodID, userID int64, by int) error {
	q := bumpAssignedQuery
	if by < 0 {
		q = `UPDATE integrity_pacts SET assigned = assigned - 1 WHERE period_id = $1 AND user_id = $2`
	}
	_, err := tx.ExecContext(ctx, q, periodID, userID)
	return sqldb.Translate(err, "assign")
}

// storeVerifier gives an application to uid (0: nobody) at at.
func storeVerifier(ctx context.Context, tx execer, appID, uid int64, at time.Time) error {
	var when any
	if uid != 0 {
		when = at
	}
	_, err := tx.ExecContext(ctx, `UPDATE verifications SET verifier_id = $1, assigned_at = $2 WHERE application_id = $3`,
		nullID(uid), when, appID)
	return sqldb.Translate(err, "assign")
}

type unassigned struct{ appID, applicantID int64 }

// listUnassigned lists a period's undecided applications without a
// verifier, oldest first. Joins across parts: applications, for each
// one's applicant.
func listUnassigned(ctx context.Context, q queryer, periodID int64) ([]unassigned, error) {
	var out []unassigned
	err := sqldb.RunQuery(
		ctx,
		q,
		`SELECT v.application_id, a.applicant_id FROM verifications v JOIN applications a ON a.id = v.application_id
WHERE v.period_id = $1 AND v.verifier_id IS NULL AND v.decision IS NULL ORDER BY v.submitted_at,
  v.application_id`,
		func(rows *sql.Rows) error {
			var u unassigned
			if err := rows.Scan(&u.appID, &u.applicantID); err != nil {
				return err
			}
			out = append(out, u)
			return nil
		},
		periodID,
	)
	return out, sqldb.Translate(err, "unassigned")
}

// storedReason is a Reason as the database and the audit record keep it.
type storedReason struct {
	Requirement string `json:"requirement"`
	Note        string `json:"note"`
}

func storedReasons(rs []Reason) []storedReason {
	out := make([]storedReason, len(rs))
	for i, r := range rs {
		out[i] = storedReason(r)
	}
	return out
}

func storeDecision(ctx context.Context, tx execer, appID int64, decision string, reasons []Reason, by int64, at time.Time) error {
	rs, _ := json.Marshal(storedReasons(reasons))
	_, err := tx.ExecContext(ctx, `UPDATE verifications SET decision = $1, reasons = $2, decided_by = $3, decided_at = $4,
first_verifier_id = coalesce(first_verifier_id, $3), confirmed_by = NULL, confirmed_at = NULL WHERE application_id = $5`,
		decision, string(rs), by, at, appID)
	return sqldb.Translate(err, "decide")
}

// clearDecision clears an application's decision for a verifier to decide
// again; keepReasons keeps its reasons as the announced ones.
func clearDecision(ctx context.Context, tx execer, appID int64, keepReasons bool) error {
	_, err := tx.ExecContext(ctx, `UPDATE verifications SET announced_reasons = CASE WHEN $2 THEN reasons ELSE announced_reasons END,
decision = NULL, reasons = '[]', decided_by = NULL, decided_at = NULL, confirmed_by = NULL, confirmed_at = NULL, reopened = reopened + 1
WHERE application_id = $1`, appID, keepReasons)
	return sqldb.Translate(err, "reopen")
}

func storeConfirmation(ctx context.Context, tx execer, appID, by int64, at time.Time) error {
	_, err := tx.ExecContext(ctx, `UPDATE verifications SET confirmed_by = $1, confirmed_at = $2 WHERE application_id = $3`, by, at, appID)
	return sqldb.Translate(err, "confirm")
}

func upholdDecision(ctx context.Context, tx execer, appID int64) error {
	_, err := tx.ExecContext(ctx, `UPDATE verifications SET decision = 'MS', appeal_upheld = TRUE WHERE application_id = $1`, appID)
	return sqldb.Translate(err, "uphold")
}

// keptReasons returns the reasons kept when an announced decision was
// reopened (ok false: none kept).
func keptReasons(ctx context.Context, q queryer, appID int64) (out []Reason, ok bool, err error) {
	var kept sql.NullString
	if err := q.QueryRowContext(ctx, `SELECT announced_reasons FROM verifications
WHERE application_id = $1`, appID).Scan(&kept); err != nil {
		return nil, false, sqldb.Translate(err, "announced reasons")
	}
	if !kept.Valid {
		return nil, false, nil
	}
	out = []Reason{}
	_ = json.Unmarshal([]byte(kept.String), &out)
	return out, true, nil
}

func countUndecided(ctx context.Context, q queryer, periodID int64) (int, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT count(*) FROM verifications WHERE period_id = $1 AND decision IS NULL`, periodID).Scan(&n)
	return n, sqldb.Translate(err, "count undecided")
}

// --- the queue ---

// queueScope is whose applications a queue shows.
type queueScope struct {
	periodID, formationID int64
	verifierID            int64 // only this verifier's (0: any)
	notRecused            int64 // not those this user declared a conflict with (0: all)
	unassigned            bool  // only those without a verifier
	q                     string
}

// likeEscaper escapes LIKE's wildcards (the pattern says ESCAPE '\').
var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

func (sc queueScope) where() (string, []any) {
	where := `v.period_id = $1`
	args := []any{sc.periodID}
	if sc.verifierID != 0 {
		args = append(args, sc.verifierID)
		where += ` AND v.verifier_id = $` + strconv.Itoa(len(args))
	} else if sc.notRecused != 0 {
		// Joins across parts: applications, for the applicant of each row.
		args = append(args, sc.notRecused)
		where += ` AND NOT EXISTS (SELECT 1 FROM conflicts c JOIN applications ca ON ca.applicant_id = c.applicant_id
WHERE ca.id = v.application_id AND c.user_id = $` + strconv.Itoa(len(args)) + ` AND c.period_id = v.period_id)`
	}
	if sc.unassigned {
		where += ` AND v.verifier_id IS NULL`
	}
	if sc.formationID != 0 {
		args = append(args, sc.formationID)
		where += ` AND v.formation_id = $` + strconv.Itoa(len(args))
	}
	if q := strings.TrimSpace(sc.q); q != "" {
		// Joins across parts: applications and applicants, for the number and the name.
		args = append(args, "%"+likeEscaper.Replace(strings.ToLower(q))+"%")
		n := `$` + strconv.Itoa(len(args))
		where += ` AND EXISTS (SELECT 1 FROM applications qa JOIN applicants qp ON qp.id = qa.applicant_id
WHERE qa.id = v.application_id AND (lower(qp.name) LIKE ` + n + ` ESCAPE '\' OR lower(qa.registration_number) LIKE ` + n + ` ESCAPE '\'))`
	}
	return where, args
}

// queueCounts adds to counts how many applications of the scope are
// pending, MS and TMS, and all of them.
func queueCounts(ctx context.Context, q queryer, sc queueScope, counts map[string]int) error {
	where, args := sc.where()
	err := sqldb.RunQuery(ctx, q, `SELECT coalesce(v.decision, 'pending'), count(*) FROM verifications v WHERE `+where+`
GROUP BY coalesce(v.decision, 'pending')`, func(rows *sql.Rows) error {
		var k string
		var n int
		if err := rows.Scan(&k, &n); err != nil {
			return err
		}
		counts[k] = n
		counts["all"] += n
		return nil
	}, args...)
	return sqldb.Translate(err, "queue counts")
}

// queuePage returns a page of the scope's applications of a status,
// oldest first. Joins across parts: applications, applicants and
// formations, for the number, name and formation of each row.
func queuePage(ctx context.Context, q queryer, sc queueScope, status string, limit, offset int) ([]QueueItem, error) {
	where, args := sc.where()
	switch status {
	case "pending":
		where += ` AND v.decision IS NULL`
	case MS, TMS:
		args = append(args, status)
		where += ` AND v.decision = $` + strconv.Itoa(len(args))
	}
	args = append(args, limit, offset)
	out := []QueueItem{}
	err := sqldb.RunQuery(ctx, q,
		`SELECT v.application_id, a.registration_number, ap.name, v.formation_id, fo.code, fo.position, v.submitted_at,
  coalesce(v.decision, ''), v.decided_at, coalesce(v.verifier_id, 0)
FROM (SELECT v.application_id, v.formation_id, v.submitted_at, v.decision, v.decided_at, v.verifier_id FROM verifications v WHERE `+where+`
      ORDER BY v.submitted_at, v.application_id LIMIT $`+strconv.Itoa(len(args)-1)+` OFFSET $`+strconv.Itoa(len(args))+`) v
JOIN applications a ON a.id = v.application_id JOIN applicants ap ON ap.id = a.applicant_id JOIN formations fo ON fo.id = v.formation_id
ORDER BY v.submitted_at, v.application_id`, func(rows *sql.Rows) error {
			var it QueueItem
			var aid, fid, vid int64
			var dec sql.NullTime
			if err := rows.Scan(&aid, &it.RegistrationNumber, &it.Name, &fid, &it.FormationCode, &it.Position, &it.SubmittedAt,
				&it.Decision, &dec, &vid); err != nil {
				return err
			}
			it.ApplicationID, it.FormationID, it.VerifierID = aid, fid, vid
			it.SubmittedAt, it.DecidedAt = it.SubmittedAt.UTC(), utcOrNil(dec)
			out = append(out, it)
			return nil
		}, args...)
	return out, sqldb.Translate(err, "queue")
}

// --- progress ---

func progressCounts(ctx context.Context, q queryer, periodID int64, pr *Progress) error {
	if err := q.QueryRowContext(ctx, `SELECT count(*), coalesce(sum(CASE WHEN decision IS NULL THEN 0 ELSE 1 END), 0),
  coalesce(sum(CASE WHEN verifier_id IS NULL THEN 1 ELSE 0 END), 0),
  coalesce(sum(CASE WHEN decision = 'TMS' AND confirmed_by IS NULL THEN 1 ELSE 0 END), 0)
FROM verifications WHERE period_id = $1`, periodID).Scan(&pr.Submitted, &pr.Decided, &pr.Unassigned, &pr.TMSUnconfirmed); err != nil {
		return sqldb.Translate(err, "progress")
	}
	n, err := countPendingAppeals(ctx, q, periodID)
	pr.AppealsPending = n
	return err
}

// signedVerifiers calls fn with each verifier who signed the period's
// pact, by username. Joins across parts: users and user_roles, for the
// names and to keep the verifiers among the signers.
func signedVerifiers(ctx context.Context, q queryer, periodID int64, fn func(Person)) error {
	err := sqldb.RunQuery(ctx, q, `SELECT u.id, u.name, u.username FROM integrity_pacts pc JOIN users u ON u.id = pc.user_id
JOIN user_roles r ON r.user_id = u.id AND r.role = 'verifier' WHERE pc.period_id = $1 ORDER BY u.username`, func(rows *sql.Rows) error {
		var id int64
		var p Person
		if err := rows.Scan(&id, &p.Name, &p.Username); err != nil {
			return err
		}
		p.ID = id
		fn(p)
		return nil
	}, periodID)
	return sqldb.Translate(err, "progress")
}

// pendingPerVerifier calls fn with each verifier holding applications of
// the period and how many are undecided. Joins across parts: users, for
// the names.
func pendingPerVerifier(ctx context.Context, q queryer, periodID int64, fn func(Person, int)) error {
	err := sqldb.RunQuery(ctx, q, `SELECT v.verifier_id, u.name, u.username, sum(CASE WHEN v.decision IS NULL THEN 1 ELSE 0 END)
FROM verifications v JOIN users u ON u.id = v.verifier_id WHERE v.period_id = $1 GROUP BY v.verifier_id, u.name,
  u.username`, func(rows *sql.Rows) error {
		var id int64
		var p Person
		var pending int
		if err := rows.Scan(&id, &p.Name, &p.Username, &pending); err != nil {
			return err
		}
		p.ID = id
		fn(p, pending)
		return nil
	}, periodID)
	return sqldb.Translate(err, "progress")
}

// decisionTimes calls fn with the decider of each decided application of
// the period and the seconds from its assignment (or submission) to the
// decision. Joins across parts: users, for the names.
func decisionTimes(ctx context.Context, q queryer, periodID int64, fn func(Person, float64)) error {
	err := sqldb.RunQuery(ctx, q, `SELECT v.decided_by, u.name, u.username, v.assigned_at, v.submitted_at, v.decided_at
FROM verifications v JOIN users u ON u.id = v.decided_by WHERE v.period_id = $1 AND v.decision IS NOT NULL`, func(rows *sql.Rows) error {
		var id int64
		var p Person
		var assigned sql.NullTime
		var from, to time.Time
		if err := rows.Scan(&id, &p.Name, &p.Username, &assigned, &from, &to); err != nil {
			return err
		}
		if assigned.Valid {
			from = assigned.Time
		}
		p.ID = id
		fn(p, to.Sub(from).Seconds())
		return nil
	}, periodID)
	return sqldb.Translate(err, "progress")
}

// formationProgress counts decisions per formation of the period.
// Joins across parts: formations, to list every formation, decided or not.
func formationProgress(ctx context.Context, q queryer, periodID int64) ([]FormationProgress, error) {
	out := []FormationProgress{}
	err := sqldb.RunQuery(ctx, q, `SELECT f.id, f.code, f.position,
  coalesce(sum(CASE WHEN v.decision = 'MS' THEN 1 ELSE 0 END), 0), coalesce(sum(CASE WHEN v.decision = 'TMS' THEN 1 ELSE 0 END), 0),
  coalesce(sum(CASE WHEN v.application_id IS NOT NULL AND v.decision IS NULL THEN 1 ELSE 0 END), 0)
FROM formations f LEFT JOIN verifications v ON v.formation_id = f.id WHERE f.period_id = $1 GROUP BY f.id, f.code, f.position
  ORDER BY f.code`,
		func(rows *sql.Rows) error {
			var fp FormationProgress
			var id int64
			if err := rows.Scan(&id, &fp.Code, &fp.Position, &fp.MS, &fp.TMS, &fp.Pending); err != nil {
				return err
			}
			fp.ID = id
			out = append(out, fp)
			return nil
		}, periodID)
	return out, sqldb.Translate(err, "progress")
}

// oldestWaiting is the period's oldest undecided application (nil: none),
// without its number, name and formation's code, which recruitment knows.
func oldestWaiting(ctx context.Context, q queryer, periodID int64) (*QueueItem, error) {
	var it QueueItem
	err := q.QueryRowContext(ctx, `SELECT application_id, formation_id, submitted_at, coalesce(verifier_id, 0) FROM verifications
WHERE period_id = $1 AND decision IS NULL ORDER BY submitted_at, application_id LIMIT 1`, periodID).
		Scan(&it.ApplicationID, &it.FormationID, &it.SubmittedAt, &it.VerifierID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, sqldb.Translate(err, "oldest")
	}
	it.SubmittedAt = it.SubmittedAt.UTC()
	return &it, nil
}
