package verification

import (
	"context"
	"database/sql"
	"encoding/json"
	"strconv"

	"asnpro/internal/sqldb"
)

// The aggregate SQL of the statistics per formation and the pass rates.

// latestListIDs reads the latest published list of each kind of a period.
func latestListIDs(ctx context.Context, q queryer, periodID int64) (latestLists, error) {
	var l latestLists
	err := sqldb.RunQuery(ctx, q, `SELECT stage, id FROM announcements WHERE period_id = $1 ORDER BY published_at DESC, id DESC`,
		func(rows *sql.Rows) error {
			var stage string
			var id int64
			if err := rows.Scan(&stage, &id); err != nil {
				return err
			}
			switch {
			case (stage == StageAdministration || stage == StageAppeal) && l.admin == 0:
				l.admin = id
			case stage == StageSKD && l.skd == 0:
				l.skd = id
			case stage == StageFinal && l.final == 0:
				l.final = id
			}
			return nil
		}, periodID)
	return l, sqldb.Translate(err, "stats lists")
}

// periodFormations lists a period's formations by code. Joins across
// parts: formations (recruitment).
func periodFormations(ctx context.Context, q queryer, periodID int64) ([]FormationStat, error) {
	out := []FormationStat{}
	err := sqldb.RunQuery(ctx, q, `SELECT id, code, category FROM formations WHERE period_id = $1 ORDER BY code`, func(rows *sql.Rows) error {
		var f FormationStat
		if err := rows.Scan(&f.ID, &f.Code, &f.Category); err != nil {
			return err
		}
		out = append(out, f)
		return nil
	}, periodID)
	return out, sqldb.Translate(err, "stats formations")
}

// applicantGroups counts the period's submitted applications per formation
// and gender, and of them those listed in announcement passID with one of
// the results passed (passID 0: none). Joins across parts: applications
// and applicants (recruitment).
func applicantGroups(ctx context.Context, q queryer, periodID, passID int64, passed []string) ([]applicantGroup, error) {
	r1, r2 := "", ""
	if len(passed) > 0 {
		r1, r2 = passed[0], passed[len(passed)-1]
	}
	var out []applicantGroup
	err := sqldb.RunQuery(ctx, q, `SELECT a.formation_id, pl.gender, count(*),
  coalesce(sum(CASE WHEN i.application_id IS NULL THEN 0 ELSE 1 END), 0)
FROM applications a JOIN applicants pl ON pl.id = a.applicant_id
  LEFT JOIN announcement_items i ON i.application_id = a.id AND i.announcement_id = $2 AND i.result IN ($3, $4)
WHERE a.period_id = $1 AND a.status = 'submitted'
GROUP BY a.formation_id, pl.gender`, func(rows *sql.Rows) error {
		var g applicantGroup
		if err := rows.Scan(&g.formationID, &g.gender, &g.applied, &g.passed); err != nil {
			return err
		}
		out = append(out, g)
		return nil
	}, periodID, passID, r1, r2)
	return out, sqldb.Translate(err, "stats applicants")
}

// countListsByFormation counts the latest lists by the formation code
// their rows were published with: MS, SKD P/L, final P/L and P/L-2, and
// the P/L-2 by the formation that receives them (the final list's
// placed_formation, read from those rows only).
func countListsByFormation(ctx context.Context, q queryer, l latestLists, byCode map[string]*FormationStat) error {
	count := func(annID int64, fn func(f *FormationStat, result string, n int)) error {
		if annID == 0 {
			return nil
		}
		err := sqldb.RunQuery(ctx, q, `SELECT formation_code, result, count(*) FROM announcement_items WHERE announcement_id = $1
GROUP BY formation_code, result`, func(rows *sql.Rows) error {
			var code, result string
			var n int
			if err := rows.Scan(&code, &result, &n); err != nil {
				return err
			}
			if f := byCode[code]; f != nil {
				fn(f, result, n)
			}
			return nil
		}, annID)
		return sqldb.Translate(err, "stats list")
	}
	if err := count(l.admin, func(f *FormationStat, result string, n int) {
		if result == "MS" {
			f.MS += n
		}
	}); err != nil {
		return err
	}
	if err := count(l.skd, func(f *FormationStat, result string, n int) {
		if result == "P/L" {
			f.PassedSKD += n
		}
	}); err != nil {
		return err
	}
	if err := count(l.final, func(f *FormationStat, result string, n int) {
		switch result {
		case "P/L":
			f.Placed += n
			f.PassedSKB += n
		case "P/L-2":
			f.PassedSKB += n
		}
	}); err != nil {
		return err
	}
	if l.final == 0 {
		return nil
	}
	err := sqldb.RunQuery(ctx, q, `SELECT extra FROM announcement_items WHERE announcement_id = $1 AND result = 'P/L-2'`,
		func(rows *sql.Rows) error {
			var extra string
			if err := rows.Scan(&extra); err != nil {
				return err
			}
			var cols []string
			if json.Unmarshal([]byte(extra), &cols) == nil && len(cols) > placedFormationColumn {
				if f := byCode[cols[placedFormationColumn]]; f != nil {
					f.PlacedOptimalisasi++
				}
			}
			return nil
		}, l.final)
	return sqldb.Translate(err, "stats optimalisasi")
}

// placedFormationColumn is the index of placed_formation in a final list
// row's extra (StageColumns).
const placedFormationColumn = 4

// countAppealsByFormation counts the appeals filed per formation. Joins
// across parts: applications (recruitment).
func countAppealsByFormation(ctx context.Context, q queryer, periodID int64, byID map[int64]*FormationStat) error {
	err := sqldb.RunQuery(ctx, q, `SELECT a.formation_id, count(*) FROM appeals ap JOIN applications a ON a.id = ap.application_id
WHERE ap.period_id = $1 GROUP BY a.formation_id`, func(rows *sql.Rows) error {
		var id int64
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return err
		}
		if f := byID[id]; f != nil {
			f.Appeals += n
		}
		return nil
	}, periodID)
	return sqldb.Translate(err, "stats appeals")
}

// StatisticsVersion tells whether a period's statistics changed since a
// copy was made, together with the period's catalogue version (which
// every publication and formation change moves) and its submitted count:
// the appeals filed, upheld and rejected.
func (s *Service) StatisticsVersion(ctx context.Context, periodID int64) (string, error) {
	var filed, upheld, rejected int
	err := s.db.R.QueryRowContext(ctx, `SELECT count(*), coalesce(sum(CASE WHEN status = 'upheld' THEN 1 ELSE 0 END), 0),
  coalesce(sum(CASE WHEN status = 'rejected' THEN 1 ELSE 0 END), 0) FROM appeals WHERE period_id = $1`, periodID).
		Scan(&filed, &upheld, &rejected)
	if err != nil {
		return "", sqldb.Translate(err, "stats version")
	}
	return strconv.Itoa(filed) + "." + strconv.Itoa(upheld) + "." + strconv.Itoa(rejected), nil
}
