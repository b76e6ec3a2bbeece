package verification

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"

	"asnpro/internal/sqldb"
)

// The SQL of appeals and of what the applicant is told.

const appealColumns = `id, application_id, period_id, reason, requirements, filed_at, window_ends_at,
coalesce(first_verifier_id, 0), status, response, coalesce(decided_by, 0), decided_at`

func scanAppeal(r interface{ Scan(...any) error }, more ...any) (*Appeal, error) {
	a := &Appeal{}
	var reqs string
	var dec sql.NullTime
	dest := append([]any{&a.ID, &a.ApplicationID, &a.PeriodID, &a.Reason, &reqs, &a.FiledAt, &a.WindowEndsAt, &a.FirstVerifierID, &a.Status,
		&a.Response, &a.DecidedBy, &dec}, more...)
	if err := r.Scan(dest...); err != nil {
		return nil, err
	}
	_ = json.Unmarshal([]byte(reqs), &a.Requirements)
	a.FiledAt, a.WindowEndsAt, a.DecidedAt = a.FiledAt.UTC(), a.WindowEndsAt.UTC(), utcOrNil(dec)
	return a, nil
}

// appealOf returns an application's appeal (nil: none).
func appealOf(ctx context.Context, q queryer, appID int64) (*Appeal, error) {
	a, err := scanAppeal(q.QueryRowContext(ctx, `SELECT `+appealColumns+` FROM appeals WHERE application_id = $1`, appID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return a, sqldb.Translate(err, "appeal")
}

// findAppeal returns an appeal by id. Errors: not_found.
func findAppeal(ctx context.Context, q queryer, id int64) (*Appeal, error) {
	a, err := scanAppeal(q.QueryRowContext(ctx, `SELECT `+appealColumns+` FROM appeals WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrAppealNotFound
	}
	return a, sqldb.Translate(err, "appeal")
}

// insertAppeal stores a new appeal; a second one is a unique violation.
func insertAppeal(ctx context.Context, q queryer, a *Appeal) (int64, error) {
	rj, _ := json.Marshal(a.Requirements)
	var id int64
	err := q.QueryRowContext(ctx,
		`INSERT INTO appeals (application_id, period_id, reason, requirements, filed_at, window_ends_at, first_verifier_id)
VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
		a.ApplicationID, a.PeriodID, a.Reason, string(rj), a.FiledAt, a.WindowEndsAt, nullID(a.FirstVerifierID)).Scan(&id)
	if sqldb.IsUnique(err) {
		return 0, err
	}
	return id, sqldb.Translate(err, "file appeal")
}

func storeAppealAnswer(ctx context.Context, tx execer, id int64, status, response string, by int64, at time.Time) error {
	_, err := tx.ExecContext(ctx, `UPDATE appeals SET status = $1, response = $2, decided_by = $3, decided_at = $4 WHERE id = $5`,
		status, response, by, at, id)
	return sqldb.Translate(err, "decide appeal")
}

func countAppealsDecidedBy(ctx context.Context, q queryer, appID, userID int64) (int, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT count(*) FROM appeals WHERE application_id = $1 AND decided_by = $2`, appID, userID).Scan(&n)
	return n, sqldb.Translate(err, "appeal")
}

func countPendingAppeals(ctx context.Context, q queryer, periodID int64) (int, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT count(*) FROM appeals WHERE period_id = $1 AND status = 'pending'`, periodID).Scan(&n)
	return n, sqldb.Translate(err, "count appeals")
}

// listAppeals lists a period's appeals, except those of applicants userID
// declared a conflict with. Joins across parts: applications, applicants
// and formations, for the number, name and formation of each row.
func listAppeals(ctx context.Context, q queryer, periodID, userID int64) ([]AppealRow, error) {
	var out []AppealRow
	err := sqldb.RunQuery(ctx, q, `SELECT ap.id, ap.application_id, ap.period_id, ap.reason, ap.requirements, ap.filed_at, ap.window_ends_at,
  coalesce(ap.first_verifier_id, 0), ap.status, ap.response, coalesce(ap.decided_by, 0), ap.decided_at,
  a.registration_number, pl.name, f.code, v.reasons
FROM appeals ap JOIN applications a ON a.id = ap.application_id JOIN applicants pl ON pl.id = a.applicant_id
  JOIN formations f ON f.id = a.formation_id
JOIN verifications v ON v.application_id = a.id
WHERE ap.period_id = $1 AND NOT EXISTS (SELECT 1 FROM conflicts c WHERE c.user_id = $2 AND c.applicant_id = a.applicant_id
  AND c.period_id = a.period_id)
ORDER BY ap.filed_at, ap.id`, func(rows *sql.Rows) error {
		var r AppealRow
		var reasons string
		a, err := scanAppeal(rows, &r.RegistrationNumber, &r.Name, &r.FormationCode, &reasons)
		if err != nil {
			return err
		}
		r.Appeal = a
		_ = json.Unmarshal([]byte(reasons), &r.Reasons)
		out = append(out, r)
		return nil
	}, periodID, userID)
	return out, sqldb.Translate(err, "appeals")
}

// announcedTMSReasons calls fn with the reasons of each TMS in the latest
// administration list of a period.
func announcedTMSReasons(ctx context.Context, q queryer, periodID int64, fn func([]Reason)) error {
	err := sqldb.RunQuery(ctx, q, `SELECT v.reasons FROM announcement_items i JOIN verifications v ON v.application_id = i.application_id
WHERE i.announcement_id = (SELECT id FROM announcements WHERE period_id = $1 AND stage = 'administration' ORDER BY version DESC LIMIT 1)
  AND i.result = 'TMS'`, func(rows *sql.Rows) error {
		var t string
		if err := rows.Scan(&t); err != nil {
			return err
		}
		var rs []Reason
		_ = json.Unmarshal([]byte(t), &rs)
		fn(rs)
		return nil
	}, periodID)
	return sqldb.Translate(err, "stats")
}

// appealOutcomes calls fn with the status and requirements of each appeal of a period.
func appealOutcomes(ctx context.Context, q queryer, periodID int64, fn func(status string, reqs []string)) error {
	err := sqldb.RunQuery(ctx, q, `SELECT status, requirements FROM appeals WHERE period_id = $1`, func(rows *sql.Rows) error {
		var status, reqs string
		if err := rows.Scan(&status, &reqs); err != nil {
			return err
		}
		var rs []string
		_ = json.Unmarshal([]byte(reqs), &rs)
		fn(status, rs)
		return nil
	}, periodID)
	return sqldb.Translate(err, "stats")
}

// announcedResult returns when an application's result was first
// announced and its announced result (the latest version of the latest
// stage); ok is false before any announcement.
func announcedResult(ctx context.Context, q queryer, appID int64) (first time.Time, result string, ok bool, err error) {
	var t sql.NullTime
	err = q.QueryRowContext(ctx, `SELECT an.published_at FROM announcement_items i JOIN announcements an ON an.id = i.announcement_id
WHERE i.application_id = $1 AND an.stage = 'administration' ORDER BY an.published_at, an.id LIMIT 1`, appID).Scan(&t)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && !t.Valid) {
		return first, "", false, nil
	}
	if err != nil {
		return first, "", false, sqldb.Translate(err, "announced")
	}
	err = q.QueryRowContext(ctx, `SELECT i.result FROM announcement_items i JOIN announcements an ON an.id = i.announcement_id
WHERE i.application_id = $1 AND an.stage IN ('administration', 'appeal') ORDER BY an.published_at DESC,
  an.id DESC LIMIT 1`, appID).Scan(&result)
	return t.Time.UTC(), result, true, sqldb.Translate(err, "announced")
}

// countAnnouncedDecisions counts the lists published at or after the
// application's current decision that hold it.
func countAnnouncedDecisions(ctx context.Context, q queryer, appID int64) (int, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT count(*) FROM announcement_items i JOIN announcements an ON an.id = i.announcement_id
JOIN verifications v ON v.application_id = i.application_id
WHERE i.application_id = $1 AND v.decided_at IS NOT NULL AND an.published_at >= v.decided_at`, appID).Scan(&n)
	return n, sqldb.Translate(err, "announced")
}
