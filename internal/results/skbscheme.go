package results

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strconv"
	"unicode/utf8"

	"asnpro/internal/apperr"
	"asnpro/internal/audit"
	"asnpro/internal/sqldb"
	"asnpro/internal/textcheck"
)

// ComponentSKBExtra: the SKB's additional test (0–100 in thousandths),
// weighted with the SKB CAT as the period's SKBScheme says.
const ComponentSKBExtra = "skb_extra"

// ExtraKinds are the kinds an SKB's additional test may be (DESIGN §6: a
// regional government adds at most one, which may not be an interview).
var ExtraKinds = []string{"practical", "psychotest", "paper", "physical"}

// SKBScheme is how a period's SKB score is made: the SKB CAT and at most
// one additional test, each weighted in percent (summing to 100). The zero
// scheme (no additional test) is the SKB CAT alone.
type SKBScheme struct {
	CATWeight   int
	ExtraKind   string // one of ExtraKinds; "" without an additional test
	ExtraName   string // e.g. "Tes praktik kerja"
	ExtraWeight int
}

// HasExtra reports whether the SKB has an additional test.
func (c SKBScheme) HasExtra() bool { return c.ExtraWeight > 0 }

// Combine is the SKB score from the CAT's and the additional test's, in
// thousandths, rounded half up: (CATWeight·cat + ExtraWeight·extra) / 100.
func (c SKBScheme) Combine(cat, extra int) int {
	if !c.HasExtra() {
		return cat
	}
	return (2*(c.CATWeight*cat+c.ExtraWeight*extra) + 100) / 200
}

// validate checks a scheme and cleans its name. Errors: invalid (fields
// cat_weight, extra_weight, extra_kind, extra_name).
func (c *SKBScheme) validate() error {
	f := map[string]apperr.Msg{}
	if c.CATWeight < 0 || c.CATWeight > 100 || c.ExtraWeight < 0 || c.ExtraWeight > 100 || c.CATWeight+c.ExtraWeight != 100 {
		f["extra_weight"] = apperr.M("results.skb.weights", "cat", c.CATWeight, "extra", c.ExtraWeight)
	}
	switch {
	case c.ExtraWeight == 0:
		c.ExtraKind, c.ExtraName = "", ""
	case c.ExtraKind == "interview":
		f["extra_kind"] = apperr.M("results.skb.no_interview")
	case !slices.Contains(ExtraKinds, c.ExtraKind):
		f["extra_kind"] = apperr.M("results.skb.kind")
	}
	if c.ExtraWeight > 0 && textcheck.FieldMsg(f, "extra_name", &c.ExtraName, textcheck.Line) &&
		(c.ExtraName == "" || utf8.RuneCountInString(c.ExtraName) > 100) {
		f["extra_name"] = apperr.M("results.skb.name")
	}
	if len(f) > 0 {
		return apperr.InvalidMsgs(f)
	}
	return nil
}

// FindSKBScheme returns a period's SKB scheme (the zero scheme — the SKB
// CAT alone, weight 100 — when none is set).
func (s *Service) FindSKBScheme(ctx context.Context, periodID int64) (SKBScheme, error) {
	return findSKBScheme(ctx, s.db.R, periodID)
}

func findSKBScheme(ctx context.Context, q rowQuerier, periodID int64) (SKBScheme, error) {
	c := SKBScheme{CATWeight: 100}
	err := q.QueryRowContext(ctx, `SELECT cat_weight, extra_kind, extra_name, extra_weight FROM skb_schemes WHERE period_id = $1`,
		periodID).Scan(&c.CATWeight, &c.ExtraKind, &c.ExtraName, &c.ExtraWeight)
	if errors.Is(err, sql.ErrNoRows) {
		return SKBScheme{CATWeight: 100}, nil
	}
	return c, sqldb.Translate(err, "find SKB scheme")
}

// SetSKBScheme sets how a period's SKB score is made and records
// skb_scheme.set. Errors: invalid (weights not summing to 100, an
// interview, a kind or name missing), not_found (the period), conflict
// (ErrFinalPublished: the final results are out).
func (s *Service) SetSKBScheme(ctx context.Context, periodID int64, c SKBScheme) error {
	if err := c.validate(); err != nil {
		return err
	}
	defer s.scoresChanged() // the kept rankings combine the SKB by it
	return s.db.Write(ctx, func(tx *sqldb.Tx) error {
		var one int
		err := tx.QueryRowContext(ctx, `SELECT 1 FROM periods WHERE id = $1`, periodID).Scan(&one)
		if errors.Is(err, sql.ErrNoRows) {
			return apperr.E(apperr.NotFound, "results.period_not_found")
		}
		if err != nil {
			return sqldb.Translate(err, "find period")
		}
		if done, err := finalPublished(ctx, tx, periodID); err != nil || done {
			if err == nil {
				err = ErrFinalPublished
			}
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO skb_schemes (period_id, cat_weight, extra_kind, extra_name, extra_weight, updated_at)
VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (period_id) DO UPDATE SET cat_weight = excluded.cat_weight,
extra_kind = excluded.extra_kind, extra_name = excluded.extra_name, extra_weight = excluded.extra_weight,
updated_at = excluded.updated_at`, periodID, c.CATWeight, c.ExtraKind, c.ExtraName, c.ExtraWeight, sqldb.Now(s.now()))
		if err != nil {
			return sqldb.Translate(err, "set SKB scheme")
		}
		return s.record(ctx, tx, audit.Event{Action: "skb_scheme.set", ObjectType: "period", ObjectID: strconv.FormatInt(periodID, 10),
			Data: map[string]any{"cat_weight": c.CATWeight, "extra_kind": c.ExtraKind, "extra_name": c.ExtraName,
				"extra_weight": c.ExtraWeight}})
	})
}
