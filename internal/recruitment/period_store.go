package recruitment

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"time"

	"asnpro/internal/apperr"
	"asnpro/internal/audit"
	"asnpro/internal/sqldb"
)

const periodColumns = `id, name, agency, kind, time_zone, reference_date, announce_at, reg_open_at, reg_close_at, admin_announce_at,
appeal_days, skd_at, skb_at, final_at, published_at, created_at, catalog_version, submitted_total, updated_at, source, admin_announced_at`

func scanPeriod(r interface{ Scan(...any) error }) (*Period, error) {
	p := &Period{}
	var skd, skb, fin, pub, announced sql.NullTime
	if err := r.Scan(&p.ID, &p.Name, &p.Agency, &p.Kind, &p.TimeZone, &p.ReferenceDate, &p.AnnounceAt, &p.RegOpenAt, &p.RegCloseAt,
		&p.AdminAnnounceAt,
		&p.AppealDays, &skd, &skb, &fin, &pub, &p.CreatedAt, &p.CatalogVersion, &p.SubmittedTotal, &p.UpdatedAt, &p.Source,
		&announced); err != nil {
		return nil, err
	}
	utc := func(t sql.NullTime) *time.Time {
		if !t.Valid {
			return nil
		}
		u := t.Time.UTC()
		return &u
	}
	p.SKDAt, p.SKBAt, p.FinalAt, p.PublishedAt, p.AdminAnnouncedAt = utc(skd), utc(skb), utc(fin), utc(pub), utc(announced)
	p.AnnounceAt, p.RegOpenAt, p.RegCloseAt, p.AdminAnnounceAt, p.CreatedAt = p.AnnounceAt.UTC(), p.RegOpenAt.UTC(), p.RegCloseAt.UTC(),
		p.AdminAnnounceAt.UTC(), p.CreatedAt.UTC()
	p.UpdatedAt = p.UpdatedAt.UTC()
	return p, nil
}

func nullTime(t *time.Time) any {
	if t == nil {
		return nil
	}
	return sqldb.Now(*t)
}

// CreatePeriod creates a draft period and records period.create. Errors: invalid.
func (s *Service) CreatePeriod(ctx context.Context, n NewPeriod) (*Period, error) {
	if err := n.validate(); err != nil {
		return nil, err
	}
	var p *Period
	err := s.db.Write(ctx, func(tx *sqldb.Tx) error {
		t := n.Timeline
		var id int64
		err := tx.QueryRowContext(
			ctx,
			`INSERT INTO periods (name, agency, kind, time_zone, reference_date, announce_at, reg_open_at, reg_close_at, admin_announce_at,
appeal_days, skd_at, skb_at, final_at, created_at, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14) RETURNING id`,
			n.Name,
			n.Agency,
			n.Kind,
			n.TimeZone,
			n.ReferenceDate,
			sqldb.Now(t.AnnounceAt),
			sqldb.Now(t.RegOpenAt),
			sqldb.Now(t.RegCloseAt),
			sqldb.Now(t.AdminAnnounceAt),
			t.AppealDays,
			nullTime(t.SKDAt),
			nullTime(t.SKBAt),
			nullTime(t.FinalAt),
			sqldb.Now(s.now()),
		).
			Scan(&id)
		if err != nil {
			return sqldb.Translate(err, "create period")
		}
		if p, err = s.findPeriod(ctx, tx, id); err != nil {
			return err
		}
		return s.record(ctx, tx, audit.Event{Action: "period.create", ObjectType: "period", ObjectID: strconv.FormatInt(id, 10), Data: n})
	})
	return p, err
}

// PublishPeriod publishes a draft period: from then on the public sees it
// and its timeline runs. Errors: not_found, conflict (already published),
// failed_precondition (no formation yet).
func (s *Service) PublishPeriod(ctx context.Context, id int64) (*Period, error) {
	var p *Period
	err := s.db.Write(ctx, func(tx *sqldb.Tx) error {
		var err error
		if p, err = s.findPeriod(ctx, tx, id); err != nil {
			return err
		}
		if p.PublishedAt != nil {
			return ErrPublished
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM formations WHERE period_id = $1`, id).Scan(&n); err != nil {
			return sqldb.Translate(err, "count formations")
		}
		if n == 0 {
			return apperr.E(apperr.FailedPrecondition, "recruitment.period.no_formations")
		}
		now := sqldb.Now(s.now())
		if _, err := tx.ExecContext(ctx, `UPDATE periods SET published_at = $1, updated_at = $1, catalog_version = catalog_version + 1
WHERE id = $2`, now, id); err != nil {
			return sqldb.Translate(err, "publish period")
		}
		p.PublishedAt = &now
		return s.record(
			ctx,
			tx,
			audit.Event{
				Action:     "period.publish",
				ObjectType: "period",
				ObjectID:   strconv.FormatInt(id, 10),
				Data:       map[string]any{"formations": n},
			},
		)
	})
	return p, err
}

func (s *Service) findPeriod(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}, id int64) (*Period, error) {
	p, err := scanPeriod(q.QueryRowContext(ctx, `SELECT `+periodColumns+` FROM periods WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrPeriodNotFound
	}
	return p, sqldb.Translate(err, "find period")
}

// FindPeriodByID returns a period; drafts only when withDrafts (committee).
// Errors: not_found.
func (s *Service) FindPeriodByID(ctx context.Context, id int64, withDrafts bool) (*Period, error) {
	p, err := s.currentPeriod(ctx, id)
	if err != nil {
		return nil, err
	}
	if p.PublishedAt == nil && !withDrafts {
		return nil, ErrPeriodNotFound
	}
	return p, nil
}

// currentPeriod reads a period for the public pages, which read one on
// every request: a two-number row (prepared once) tells whether this
// process's copy is still the period as stored — every change of a period
// row must move its catalog_version (bumpCatalog) — and only the submitted
// count is taken from the row. The copy is never handed out itself.
func (s *Service) currentPeriod(ctx context.Context, id int64) (*Period, error) {
	st, err := s.db.ReadStmt(ctx, `SELECT catalog_version, submitted_total FROM periods WHERE id = $1`)
	if err != nil {
		return nil, err
	}
	var cv, total int64
	err = st.QueryRowContext(ctx, id).Scan(&cv, &total)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrPeriodNotFound
	}
	if err != nil {
		return nil, sqldb.Translate(err, "find period")
	}
	return s.periodAt(ctx, id, cv, total)
}

// periodAt is currentPeriod for a caller that has read the period row's
// catalog_version and submitted_total already (in a read of its own).
func (s *Service) periodAt(ctx context.Context, id, cv, total int64) (*Period, error) {
	s.periodMu.Lock()
	c := s.periodCopies[id]
	s.periodMu.Unlock()
	if c == nil || c.CatalogVersion != cv {
		full, err := s.db.ReadStmt(ctx, `SELECT `+periodColumns+` FROM periods WHERE id = $1`)
		if err != nil {
			return nil, err
		}
		if c, err = scanPeriod(full.QueryRowContext(ctx, id)); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return nil, ErrPeriodNotFound
			}
			return nil, sqldb.Translate(err, "find period")
		}
		s.periodMu.Lock()
		if s.periodCopies == nil || len(s.periodCopies) > 10_000 {
			s.periodCopies = map[int64]*Period{}
		}
		s.periodCopies[id] = c
		s.periodMu.Unlock()
	}
	p := *c
	// The count only grows; never show less than the row said.
	p.SubmittedTotal = max(p.SubmittedTotal, total)
	return &p, nil
}

// FindPeriods lists periods, newest first; drafts only when withDrafts.
func (s *Service) FindPeriods(ctx context.Context, withDrafts bool) ([]*Period, error) {
	q := `SELECT ` + periodColumns + ` FROM periods`
	if !withDrafts {
		q += ` WHERE published_at IS NOT NULL`
	}
	rows, err := s.db.R.QueryContext(ctx, q+` ORDER BY reg_open_at DESC, id DESC`)
	if err != nil {
		return nil, sqldb.Translate(err, "list periods")
	}
	defer rows.Close()
	var out []*Period
	for rows.Next() {
		p, err := scanPeriod(rows)
		if err != nil {
			return nil, sqldb.Translate(err, "list periods")
		}
		out = append(out, p)
	}
	return out, sqldb.Translate(rows.Err(), "list periods")
}
