package verification

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"asnpro/internal/recruitment"
	"asnpro/internal/sqldb"
)

// The SQL of announcements and their rows.

const announcementColumns = `id, period_id, stage, version, published_at, coalesce(published_by, 0), sha256, audit_seq, row_count,
reason, number`

func scanAnnouncement(r interface{ Scan(...any) error }) (*Announcement, error) {
	a := &Announcement{}
	if err := r.Scan(&a.ID, &a.PeriodID, &a.Stage, &a.Version, &a.PublishedAt, &a.PublishedBy, &a.SHA256, &a.AuditSeq, &a.Rows,
		&a.Reason, &a.Number); err != nil {
		return nil, err
	}
	a.PublishedAt = a.PublishedAt.UTC()
	return a, nil
}

// findAnnouncement returns a version of a stage (version 0: the latest;
// stage "": the latest stage published). Errors: not_found.
func findAnnouncement(ctx context.Context, q queryer, periodID int64, stage string, version int) (*Announcement, error) {
	query := `SELECT ` + announcementColumns + ` FROM announcements WHERE period_id = $1`
	args := []any{periodID}
	if stage != "" {
		args = append(args, stage)
		query += ` AND stage = $2`
	}
	if version > 0 {
		args = append(args, version)
		query += ` AND version = $` + strconv.Itoa(len(args))
	}
	a, err := scanAnnouncement(q.QueryRowContext(ctx, query+` ORDER BY published_at DESC, id DESC LIMIT 1`, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNoVersion
	}
	return a, sqldb.Translate(err, "announcement")
}

// listAnnouncements lists every published version of a period, newest first.
func listAnnouncements(ctx context.Context, q queryer, periodID int64) ([]*Announcement, error) {
	var out []*Announcement
	err := sqldb.RunQuery(
		ctx,
		q,
		`SELECT `+announcementColumns+` FROM announcements WHERE period_id = $1 ORDER BY published_at DESC, id DESC`,
		func(rows *sql.Rows) error {
			a, err := scanAnnouncement(rows)
			if err != nil {
				return err
			}
			out = append(out, a)
			return nil
		},
		periodID,
	)
	return out, sqldb.Translate(err, "announcements")
}

func announcementCSV(ctx context.Context, q queryer, id int64) ([]byte, error) {
	var t string
	if err := q.QueryRowContext(ctx, `SELECT csv FROM announcements WHERE id = $1`, id).Scan(&t); err != nil {
		return nil, sqldb.Translate(err, "csv")
	}
	return []byte(t), nil
}

// countAnnouncements counts a period's published versions of a stage (every stage: "").
func countAnnouncements(ctx context.Context, q queryer, periodID int64, stage string) (int, error) {
	var n int
	query, args := `SELECT count(*) FROM announcements WHERE period_id = $1`, []any{periodID}
	if stage != "" {
		query, args = query+` AND stage = $2`, append(args, stage)
	}
	err := q.QueryRowContext(ctx, query, args...).Scan(&n)
	return n, sqldb.Translate(err, "announcements")
}

func nextVersion(ctx context.Context, q queryer, periodID int64, stage string) (int, error) {
	var v int
	err := q.QueryRowContext(ctx, `SELECT coalesce(max(version), 0) + 1 FROM announcements WHERE period_id = $1 AND stage = $2`,
		periodID, stage).Scan(&v)
	return v, sqldb.Translate(err, "version")
}

// publishSeq is the audit sequence number of the announcement.publish
// event of objectID just recorded. Joins across parts: audit_events, as
// the audit log has no call that answers the number of an event recorded.
func publishSeq(ctx context.Context, q queryer, objectID string) (int64, error) {
	var seq int64
	err := q.QueryRowContext(ctx, `SELECT max(seq) FROM audit_events WHERE action = 'announcement.publish' AND object_id = $1`,
		objectID).Scan(&seq)
	return seq, sqldb.Translate(err, "audit seq")
}

func insertAnnouncement(ctx context.Context, q queryer, a *Announcement) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx,
		`INSERT INTO announcements (period_id, stage, version, published_at, published_by, sha256, audit_seq, row_count, csv, reason,
  number) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
		a.PeriodID, a.Stage, a.Version, a.PublishedAt, a.PublishedBy, a.SHA256, a.AuditSeq, a.Rows, string(a.CSV), a.Reason,
		a.Number).Scan(&id)
	return id, sqldb.Translate(err, "insert announcement")
}

// countMS counts the MS rows of an announcement.
func countMS(ctx context.Context, q queryer, annID int64) (int, error) {
	var n int
	err := q.QueryRowContext(ctx,
		`SELECT coalesce(sum(CASE WHEN result = 'MS' THEN 1 ELSE 0 END), 0) FROM announcement_items WHERE announcement_id = $1`,
		annID).Scan(&n)
	return n, sqldb.Translate(err, "stats")
}

// listItems returns rows of an announcement and how many match.
func listItems(ctx context.Context, q queryer, a *Announcement, f ItemFilter) ([]Item, int, error) {
	where := `announcement_id = $1`
	args := []any{a.ID}
	if s := strings.TrimSpace(f.Q); s != "" {
		args = append(args, s)
		where += ` AND (registration_number = $2 OR formation_code = $2)`
	}
	total := a.Rows
	if len(args) > 1 {
		if err := q.QueryRowContext(ctx, `SELECT count(*) FROM announcement_items WHERE `+where, args...).Scan(&total); err != nil {
			return nil, 0, sqldb.Translate(err, "items")
		}
	}
	explanation := "explanation"
	if f.noExplanation {
		explanation = "''"
	}
	query := `SELECT no, application_id, registration_number, masked_name, formation_code, position, unit, result, extra, ` +
		explanation + ` FROM announcement_items WHERE ` + where + ` ORDER BY no`
	if f.Limit > 0 {
		args = append(args, f.Limit, f.Offset)
		query += fmt.Sprintf(` LIMIT $%d OFFSET $%d`, len(args)-1, len(args))
	}
	out := make([]Item, 0, min(total, 1000))
	err := sqldb.RunQuery(ctx, q, query, func(rows *sql.Rows) error {
		var it Item
		var extra string
		if err := rows.Scan(&it.No, &it.ApplicationID, &it.RegistrationNumber, &it.Name, &it.FormationCode, &it.Position, &it.Unit,
			&it.Result, &extra, &it.Explanation); err != nil {
			return err
		}
		if extra != "" {
			if err := json.Unmarshal([]byte(extra), &it.Extra); err != nil {
				return err
			}
		}
		out = append(out, it)
		return nil
	}, args...)
	if err != nil {
		return nil, 0, sqldb.Translate(err, "items")
	}
	return out, total, nil
}

// resultRows reads the current decisions of a period as a result list,
// ordered by formation code and registration number. Joins across parts:
// applications, applicants and formations, for every row of the list.
func resultRows(ctx context.Context, q queryer, periodID int64) ([]Item, error) {
	var items []Item
	err := sqldb.RunQuery(ctx, q, `SELECT v.application_id, a.registration_number, ap.name, f.code, f.position, f.unit, v.decision
FROM verifications v JOIN applications a ON a.id = v.application_id JOIN applicants ap ON ap.id = a.applicant_id
  JOIN formations f ON f.id = v.formation_id
WHERE v.period_id = $1 ORDER BY f.code, a.registration_number`, func(rows *sql.Rows) error {
		var it Item
		var name string
		if err := rows.Scan(&it.ApplicationID, &it.RegistrationNumber, &name, &it.FormationCode, &it.Position, &it.Unit,
			&it.Result); err != nil {
			return err
		}
		it.No, it.Name = len(items)+1, recruitment.MaskName(name)
		items = append(items, it)
		return nil
	}, periodID)
	return items, sqldb.Translate(err, "results")
}

// insertItems writes a list's rows in multi-row statements.
func insertItems(ctx context.Context, tx *sqldb.Tx, annID int64, items []Item) error {
	if tx.Dialect() == "sqlite" {
		// In-process: one prepared statement per row is fastest (large
		// multi-row statements cost more to bind than they save).
		st, err := tx.PrepareContext(ctx,
			`INSERT INTO announcement_items (announcement_id, application_id, no, registration_number, masked_name, formation_code,
  position, unit, result, extra, explanation) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`)
		if err != nil {
			return sqldb.Translate(err, "insert results")
		}
		defer st.Close()
		for _, it := range items {
			if _, err := st.ExecContext(ctx, annID, it.ApplicationID, it.No, it.RegistrationNumber, it.Name, it.FormationCode,
				it.Position, it.Unit, it.Result, extraJSON(it.Extra), it.Explanation); err != nil {
				return sqldb.Translate(err, "insert results")
			}
		}
		return nil
	}
	// PostgreSQL: one statement per 10,000 rows, the columns as arrays.
	const per = 10_000
	for start := 0; start < len(items); start += per {
		chunk := items[start:min(start+per, len(items))]
		app, no := make([]int64, len(chunk)), make([]int64, len(chunk))
		reg, name, code := make([]string, len(chunk)), make([]string, len(chunk)), make([]string, len(chunk))
		pos, unit, res := make([]string, len(chunk)), make([]string, len(chunk)), make([]string, len(chunk))
		extra, expl := make([]string, len(chunk)), make([]string, len(chunk))
		for i, it := range chunk {
			app[i], no[i], reg[i], name[i] = it.ApplicationID, int64(it.No), it.RegistrationNumber, it.Name
			code[i], pos[i], unit[i], res[i] = it.FormationCode, it.Position, it.Unit, it.Result
			extra[i], expl[i] = extraJSON(it.Extra), it.Explanation
		}
		if _, err := tx.ExecContext(ctx,
			`INSERT INTO announcement_items (announcement_id, application_id, no, registration_number, masked_name, formation_code,
  position, unit, result, extra, explanation)
SELECT $1, * FROM unnest($2::bigint[], $3::int[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
  $9::text[], $10::text[], $11::text[])`, annID, app, no, reg, name, code, pos, unit, res, extra, expl); err != nil {
			return sqldb.Translate(err, "insert results")
		}
	}
	return nil
}

func findAnnouncementByID(ctx context.Context, q queryer, id int64) (*Announcement, error) {
	a, err := scanAnnouncement(q.QueryRowContext(ctx, `SELECT `+announcementColumns+` FROM announcements WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNoVersion
	}
	return a, sqldb.Translate(err, "announcement")
}

// resultNoticeRow is one applicant of a list to tell.
type resultNoticeRow struct {
	app                            int64
	number, code, position, result string
	user                           int64
	email, name, reasons           string
	listed                         time.Time
}

// resultNoticeRows returns up to limit rows of an announcement after
// application id after, with whom to tell. Joins across parts:
// applications and applicants, for each applicant's account and address.
func resultNoticeRows(ctx context.Context, q queryer, annID, after int64, limit int) ([]resultNoticeRow, error) {
	var out []resultNoticeRow
	err := sqldb.RunQuery(ctx, q,
		`SELECT i.application_id, i.registration_number, i.formation_code, i.position, i.result, ap.user_id, ap.email, ap.name,
  coalesce(v.reasons, '[]')
FROM announcement_items i JOIN applications a ON a.id = i.application_id JOIN applicants ap ON ap.id = a.applicant_id
LEFT JOIN verifications v ON v.application_id = i.application_id
WHERE i.announcement_id = $1 AND i.application_id > $2 ORDER BY i.application_id LIMIT $3`, func(rows *sql.Rows) error {
			var n resultNoticeRow
			if err := rows.Scan(&n.app, &n.number, &n.code, &n.position, &n.result, &n.user, &n.email, &n.name, &n.reasons); err != nil {
				return err
			}
			out = append(out, n)
			return nil
		}, annID, after, limit)
	return out, sqldb.Translate(err, "result notices")
}

// firstListedAt returns when each application with id in (after, last]
// was first listed in an administration announcement of the period.
func firstListedAt(ctx context.Context, q queryer, periodID, after, last int64) (map[int64]time.Time, error) {
	first := map[int64]time.Time{}
	err := sqldb.RunQuery(ctx, q,
		`SELECT fi.application_id, an.published_at FROM announcement_items fi JOIN announcements an ON an.id = fi.announcement_id
WHERE an.period_id = $1 AND an.stage = 'administration' AND fi.application_id > $2
  AND fi.application_id <= $3`, func(rows *sql.Rows) error {
			var app int64
			var at time.Time
			if err := rows.Scan(&app, &at); err != nil {
				return err
			}
			if t, ok := first[app]; !ok || at.Before(t) {
				first[app] = at
			}
			return nil
		}, periodID, after, last)
	return first, sqldb.Translate(err, "first listed")
}

// extraJSON is a row's stage columns as stored ("" for none).
func extraJSON(extra []string) string {
	if len(extra) == 0 {
		return ""
	}
	b, _ := json.Marshal(extra)
	return string(b)
}

// RankedRow is an application's row in the latest version of a published
// SKD or final list.
type RankedRow struct {
	A    *Announcement
	Item Item
}

// FindRankedRows returns an application's rows in the latest published
// SKD and final lists (SKD first), none before they are published.
func (s *Service) FindRankedRows(ctx context.Context, appID int64) ([]RankedRow, error) {
	var out []RankedRow
	for _, stage := range []string{StageSKD, StageFinal} {
		var annID int64
		err := s.db.R.QueryRowContext(ctx, `SELECT an.id FROM announcement_items i JOIN announcements an ON an.id = i.announcement_id
WHERE i.application_id = $1 AND an.stage = $2 ORDER BY an.published_at DESC, an.id DESC LIMIT 1`, appID, stage).Scan(&annID)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return nil, sqldb.Translate(err, "ranked rows")
		}
		a, err := findAnnouncementByID(ctx, s.db.R, annID)
		if err != nil {
			return nil, err
		}
		var it Item
		var extra string
		err = s.db.R.QueryRowContext(ctx, `SELECT no, application_id, registration_number, masked_name, formation_code, position, unit,
result, extra, explanation FROM announcement_items WHERE announcement_id = $1 AND application_id = $2`, annID, appID).Scan(&it.No,
			&it.ApplicationID, &it.RegistrationNumber, &it.Name, &it.FormationCode, &it.Position, &it.Unit, &it.Result, &extra,
			&it.Explanation)
		if err != nil {
			return nil, sqldb.Translate(err, "ranked row")
		}
		if extra != "" {
			if err := json.Unmarshal([]byte(extra), &it.Extra); err != nil {
				return nil, err
			}
		}
		out = append(out, RankedRow{A: a, Item: it})
	}
	return out, nil
}
