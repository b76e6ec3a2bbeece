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

// periodFormations lists a period's formations by code with their
// submitted applications (the counter the submission's transaction moves,
// which the period's formation table shows too). Joins across parts:
// formations (recruitment).
func periodFormations(ctx context.Context, q queryer, periodID int64) ([]FormationStat, error) {
	out := []FormationStat{}
	err := sqldb.RunQuery(ctx, q, `SELECT id, code, category, submitted FROM formations WHERE period_id = $1 ORDER BY code`,
		func(rows *sql.Rows) error {
			var f FormationStat
			if err := rows.Scan(&f.ID, &f.Code, &f.Category, &f.Applicants); err != nil {
				return err
			}
			out = append(out, f)
			return nil
		}, periodID)
	return out, sqldb.Translate(err, "stats formations")
}

// applicantGroups counts the period's submitted applications per formation
// and gender, and of them those listed in announcement passID with one of
// the results passed: two aggregate queries, the second over the list's
// passing rows only. Joins across parts: applications and applicants
// (recruitment).
func applicantGroups(ctx context.Context, q queryer, periodID, passID int64, passed []string) ([]applicantGroup, error) {
	type key struct {
		formation int64
		gender    string
	}
	var out []applicantGroup
	at := map[key]int{}
	err := sqldb.RunQuery(ctx, q, `SELECT a.formation_id, pl.gender, count(*)
FROM applications a JOIN applicants pl ON pl.id = a.applicant_id
WHERE a.period_id = $1 AND a.status = 'submitted'
GROUP BY a.formation_id, pl.gender`, func(rows *sql.Rows) error {
		var g applicantGroup
		if err := rows.Scan(&g.formationID, &g.gender, &g.applied); err != nil {
			return err
		}
		at[key{g.formationID, g.gender}] = len(out)
		out = append(out, g)
		return nil
	}, periodID)
	if err != nil || passID == 0 || len(passed) == 0 {
		return out, sqldb.Translate(err, "stats applicants")
	}
	err = sqldb.RunQuery(ctx, q, `SELECT a.formation_id, pl.gender, count(*)
FROM announcement_items i JOIN applications a ON a.id = i.application_id JOIN applicants pl ON pl.id = a.applicant_id
WHERE i.announcement_id = $1 AND i.result IN ($2, $3, $4) AND a.status = 'submitted'
GROUP BY a.formation_id, pl.gender`, func(rows *sql.Rows) error {
		var k key
		var n int
		if err := rows.Scan(&k.formation, &k.gender, &n); err != nil {
			return err
		}
		if i, ok := at[k]; ok {
			out[i].passed += n
		}
		return nil
	}, passID, passed[0], passed[min(1, len(passed)-1)], passed[min(2, len(passed)-1)]) // up to three codes
	return out, sqldb.Translate(err, "stats passed")
}

// listCounts are what one published list counts by the formation code its
// rows name: rows by result, and the P/L-2 by the formation receiving them.
type listCounts struct {
	byResult map[string]map[string]int // formation code → result → rows
	received map[string]int            // formation code → P/L-2 placed into it
}

// readListCounts counts a published list (GROUP BY formation code and
// result), and reads the placed_formation of its P/L-2 rows only.
func readListCounts(ctx context.Context, q queryer, annID int64) (*listCounts, error) {
	c := &listCounts{byResult: map[string]map[string]int{}, received: map[string]int{}}
	err := sqldb.RunQuery(ctx, q, `SELECT formation_code, result, count(*) FROM announcement_items WHERE announcement_id = $1
GROUP BY formation_code, result`, func(rows *sql.Rows) error {
		var code, result string
		var n int
		if err := rows.Scan(&code, &result, &n); err != nil {
			return err
		}
		if c.byResult[code] == nil {
			c.byResult[code] = map[string]int{}
		}
		c.byResult[code][result] += n
		return nil
	}, annID)
	if err != nil {
		return nil, sqldb.Translate(err, "stats list")
	}
	err = sqldb.RunQuery(ctx, q, `SELECT extra FROM announcement_items WHERE announcement_id = $1 AND result = 'P/L-2'`,
		func(rows *sql.Rows) error {
			var extra string
			if err := rows.Scan(&extra); err != nil {
				return err
			}
			var cols []string
			if json.Unmarshal([]byte(extra), &cols) == nil && len(cols) > placedFormationColumn {
				c.received[cols[placedFormationColumn]]++
			}
			return nil
		}, annID)
	return c, sqldb.Translate(err, "stats optimalisasi")
}

// countLists adds the latest lists' counts to the formations: MS of the
// administration (or post-appeal) list, P/L of the SKD list, P/L and
// P/L-2 of the final list by the formation their rows name, and the P/L-2
// by the formation receiving them.
func (m *statsMemo) countLists(ctx context.Context, q queryer, l latestLists, byCode map[string]*FormationStat) error {
	for _, annID := range []int64{l.admin, l.skd, l.final} {
		if annID == 0 {
			continue
		}
		c, err := m.list(ctx, q, annID)
		if err != nil {
			return err
		}
		for code, f := range byCode {
			r := c.byResult[code]
			switch annID {
			case l.admin:
				f.MS = r["MS"]
			case l.skd:
				f.PassedSKD = r["P/L"]
			case l.final:
				// L is an own selection's selected (in a JPT, proposed).
				f.Placed, f.PassedSKB, f.PlacedOptimalisasi = r["P/L"]+r["L"], r["P/L"]+r["P/L-2"]+r["L"], c.received[code]
			}
		}
	}
	return nil
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
