package recruitment

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strconv"
	"strings"

	"asnpro/internal/apperr"
	"asnpro/internal/audit"
	"asnpro/internal/sqldb"
)

// A draft is the committee's own until it is published: its period and
// formations may be edited freely (each edit recorded). Once published,
// dates and requirements change only through an amendment (Amend), which
// is public and states its reason.

// UpdatePeriod replaces a draft period's name, kind, reference date and
// timeline, judged by the rules of a new period, and records period.update
// with the period as it now is. Errors: invalid, not_found, conflict
// (published: use Amend).
func (s *Service) UpdatePeriod(ctx context.Context, id int64, n NewPeriod) (*Period, error) {
	if err := n.validate(); err != nil {
		return nil, err
	}
	var p *Period
	err := s.db.Write(ctx, func(tx *sqldb.Tx) error {
		old, err := s.findPeriod(ctx, tx, id)
		if err != nil {
			return err
		}
		if old.PublishedAt != nil {
			return ErrPublished
		}
		t := n.Timeline
		if _, err := tx.ExecContext(ctx, `UPDATE periods SET name = $1, agency = $2, kind = $3, time_zone = $4, reference_date = $5,
announce_at = $6, reg_open_at = $7, reg_close_at = $8, admin_announce_at = $9, appeal_days = $10, skd_at = $11, skb_at = $12,
final_at = $13, updated_at = $14, catalog_version = catalog_version + 1 WHERE id = $15`,
			n.Name, n.Agency, n.Kind, n.TimeZone, n.ReferenceDate, sqldb.Now(t.AnnounceAt), sqldb.Now(t.RegOpenAt),
			sqldb.Now(t.RegCloseAt), sqldb.Now(t.AdminAnnounceAt), t.AppealDays, nullTime(t.SKDAt), nullTime(t.SKBAt),
			nullTime(t.FinalAt), sqldb.Now(s.now()), id); err != nil {
			return sqldb.Translate(err, "update period")
		}
		if p, err = s.findPeriod(ctx, tx, id); err != nil {
			return err
		}
		return s.record(ctx, tx, audit.Event{Action: "period.update", ObjectType: "period", ObjectID: strconv.FormatInt(id, 10), Data: n})
	})
	return p, err
}

// UpdateFormation replaces every field of a formation of a draft period,
// judged by the rules of a new formation, and records formation.update.
// Errors: invalid, not_found, conflict (code taken; the period is
// published: use Amend).
func (s *Service) UpdateFormation(ctx context.Context, id int64, n NewFormation) (*Formation, error) {
	minIPK, err := s.checkFormation(ctx, &n)
	if err != nil {
		return nil, err
	}
	var f *Formation
	err = s.db.Write(ctx, func(tx *sqldb.Tx) error {
		old, err := scanFormation(tx.QueryRowContext(ctx, `SELECT `+formationColumns+` FROM formations WHERE id = $1`, id))
		if errors.Is(err, sql.ErrNoRows) {
			return ErrFormationNotFound
		}
		if err != nil {
			return sqldb.Translate(err, "find formation")
		}
		p, err := s.findPeriod(ctx, tx, old.PeriodID)
		if err != nil {
			return err
		}
		if p.PublishedAt != nil {
			return ErrPublished
		}
		majors, err := s.majorsOf(ctx, tx, n.Education.Majors)
		if err != nil {
			if m, ok := apperr.As(err).FieldMsgs["changes.majors"]; ok { // named as a new formation names it
				return apperr.InvalidMsgs(map[string]apperr.Msg{"education.majors": m})
			}
			return err
		}
		if err := storeDraftFormation(ctx, tx, id, &n, majors, minIPK); err != nil {
			return err
		}
		if err := bumpCatalog(ctx, tx, old.PeriodID); err != nil {
			return err
		}
		f, err = scanFormation(tx.QueryRowContext(ctx, `SELECT `+formationColumns+` FROM formations WHERE id = $1`, id))
		if err != nil {
			return sqldb.Translate(err, "find formation")
		}
		f.Majors = majors
		return s.record(ctx, tx, audit.Event{Action: "formation.update", ObjectType: "formation", ObjectID: strconv.FormatInt(id, 10),
			Data: map[string]any{
				"period": strconv.FormatInt(old.PeriodID, 10), "code": n.Code, "position": n.Position, "unit": n.Unit,
				"employment_type": n.EmploymentType, "quota": n.Quota, "category": n.Category, "levels": n.Education.Levels,
				"majors": n.Education.Majors, "min_ipk": minIPK, "age_min": n.AgeMin, "age_max": n.AgeMax, "documents": n.Documents,
			}})
	})
	return f, err
}

// storeDraftFormation writes every column of formation id and its majors.
func storeDraftFormation(ctx context.Context, tx *sqldb.Tx, id int64, n *NewFormation, majors []Major, minIPK *int) error {
	levels, _ := json.Marshal(n.Education.Levels)
	docs, _ := json.Marshal(n.Documents)
	proofs, _ := json.Marshal(CategoryProofs[n.Category])
	words := []string{n.Code, n.Position, n.Unit}
	for _, m := range majors {
		words = append(words, m.Name)
	}
	_, err := tx.ExecContext(ctx, `UPDATE formations SET code = $1, position = $2, unit = $3, employment_type = $4, quota = $5,
category = $6, levels = $7, min_ipk = $8, age_min = $9, age_max = $10, documents = $11, proofs = $12, search = $13 WHERE id = $14`,
		n.Code, n.Position, n.Unit, n.EmploymentType, n.Quota, n.Category, string(levels), minIPK, n.AgeMin, n.AgeMax, string(docs),
		string(proofs), strings.ToLower(strings.Join(words, " ")), id)
	if sqldb.IsUnique(err) {
		return &apperr.Error{Code: apperr.Conflict, Msg: apperr.M("recruitment.formation.code_exists", "code", n.Code),
			FieldMsgs: map[string]apperr.Msg{"code": apperr.M("recruitment.formation.code_taken")}}
	}
	if err != nil {
		return sqldb.Translate(err, "update formation")
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM formation_majors WHERE formation_id = $1`, id); err != nil {
		return sqldb.Translate(err, "update majors")
	}
	for _, m := range majors {
		if _, err := tx.ExecContext(ctx, `INSERT INTO formation_majors (formation_id, code) VALUES ($1, $2)
ON CONFLICT DO NOTHING`, id, m.Code); err != nil {
			return sqldb.Translate(err, "update majors")
		}
	}
	return nil
}
