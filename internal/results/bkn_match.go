package results

import (
	"context"
	"database/sql"
	"time"

	"asnpro/internal/report"
	"asnpro/internal/sqldb"
)

// The rows of an export checked against what is stored: the period's
// applications, the scores it has, and the applicants' applications of
// earlier years.

// periodApp is an application of the importing period.
type periodApp struct {
	id, applicant     int64
	regNo, nik, level string
}

// storedScore is what a period already holds for an application and a
// component.
type storedScore struct {
	present bool
	source  string
}

// earlierApp is an application of the same applicant in another period.
type earlierApp struct {
	regNo, level string
	year         int
}

// reconciler checks parsed rows against the database inside the import's
// transaction; problems go to bad.
type reconciler struct {
	component string
	periodID  int64
	year      int
	qualified map[int64]bool
	bad       *report.Problems

	apps    map[string]*periodApp            // by registration number
	stored  map[int64]map[string]storedScore // by application, then component
	earlier map[int64][]earlierApp           // by applicant (loaded when a row carries over a score)
}

// run returns the rows that match, each with its application.
func (r *reconciler) run(ctx context.Context, tx *sqldb.Tx, rows []*scoreRow) ([]matched, error) {
	if err := r.load(ctx, tx, rows); err != nil {
		return nil, err
	}
	out := make([]matched, 0, len(rows))
	for _, x := range rows {
		if m, ok := r.check(x); ok {
			out = append(out, m)
		}
	}
	return out, nil
}

// load reads the period's applications and scores, and the earlier
// applications when a row needs them.
func (r *reconciler) load(ctx context.Context, tx *sqldb.Tx, rows []*scoreRow) error {
	r.apps, r.stored = map[string]*periodApp{}, map[int64]map[string]storedScore{}
	err := sqldb.RunQuery(ctx, tx, `SELECT a.id, a.applicant_id, a.registration_number, ap.nik, a.education_level
FROM applications a JOIN applicants ap ON ap.id = a.applicant_id WHERE a.period_id = $1`, func(rs *sql.Rows) error {
		a := &periodApp{}
		err := rs.Scan(&a.id, &a.applicant, &a.regNo, &a.nik, &a.level)
		r.apps[a.regNo] = a
		return err
	}, r.periodID)
	if err != nil {
		return sqldb.Translate(err, "applications of the period")
	}
	err = sqldb.RunQuery(ctx, tx, `SELECT application_id, component, present, source FROM selection_scores WHERE period_id = $1`,
		func(rs *sql.Rows) error {
			var id int64
			var comp string
			var st storedScore
			if err := rs.Scan(&id, &comp, &st.present, &st.source); err != nil {
				return err
			}
			if r.stored[id] == nil {
				r.stored[id] = map[string]storedScore{}
			}
			r.stored[id][comp] = st
			return nil
		}, r.periodID)
	if err != nil {
		return sqldb.Translate(err, "scores of the period")
	}
	for _, x := range rows {
		if x.reused != 0 {
			return r.loadEarlier(ctx, tx)
		}
	}
	return nil
}

// loadEarlier reads the submitted applications, in other periods, of the
// period's applicants, with the year of their period.
func (r *reconciler) loadEarlier(ctx context.Context, tx *sqldb.Tx) error {
	r.earlier = map[int64][]earlierApp{}
	err := sqldb.RunQuery(ctx, tx, `SELECT a.applicant_id, a.registration_number, a.education_level, p.time_zone, p.skd_at, p.reg_open_at
FROM applications a JOIN periods p ON p.id = a.period_id
WHERE a.period_id <> $1 AND a.submitted_at IS NOT NULL
  AND a.applicant_id IN (SELECT applicant_id FROM applications WHERE period_id = $1)
ORDER BY a.id`, func(rs *sql.Rows) error {
		var applicant int64
		var e earlierApp
		var tz string
		var skd sql.NullTime
		var open time.Time
		if err := rs.Scan(&applicant, &e.regNo, &e.level, &tz, &skd, &open); err != nil {
			return err
		}
		e.year = yearOf(tz, skd, open)
		r.earlier[applicant] = append(r.earlier[applicant], e)
		return nil
	}, r.periodID)
	return sqldb.Translate(err, "earlier applications")
}

// check matches one row: an application of the period with the row's
// NIK, announced MS; for the SKB, one with a present SKD score; for an
// absent SKD, one without an SKB score; a carried-over SKD score from a
// year whose application of the applicant (when this system has one) is
// of the same education level.
func (r *reconciler) check(x *scoreRow) (matched, bool) {
	a := r.apps[x.regNo]
	if a == nil {
		r.bad.Add(x.line, "no_peserta", "results.import.regno_unknown", "number", x.regNo)
		return matched{}, false
	}
	ok := true
	fail := func(col, key string, args ...any) { r.bad.Add(x.line, col, key, args...); ok = false }
	if a.nik != x.nik {
		fail("nik", "results.import.nik_mismatch", "nik", x.nik, "number", x.regNo)
	}
	if !r.qualified[a.id] {
		fail("no_peserta", "results.import.not_ms", "number", x.regNo)
	}
	have := r.stored[a.id]
	switch {
	case Scored(r.component):
		if skd, found := have[ComponentSKD]; !found || !skd.present {
			fail("no_peserta", "results.import.no_skd", "number", x.regNo)
		}
	case !x.present:
		if _, found := have[ComponentSKB]; found {
			fail("hadir", "results.import.skb_exists", "number", x.regNo)
		}
	}
	if x.reused != 0 {
		r.checkReuse(x, a, fail)
	}
	return matched{scoreRow: x, app: a, previous: have[r.component].source}, ok
}

// checkReuse: the applicant's applications of the year the score is
// carried over from, when this system has any, include one of the same
// education level.
func (r *reconciler) checkReuse(x *scoreRow, a *periodApp, fail func(col, key string, args ...any)) {
	var other *earlierApp
	for i, e := range r.earlier[a.applicant] {
		if e.year != x.reused {
			continue
		}
		if e.level == a.level {
			return
		}
		if other == nil {
			other = &r.earlier[a.applicant][i]
		}
	}
	if other != nil {
		fail("skd_tahun_sebelumnya", "results.import.reuse_level", "year", x.reused, "number", other.regNo, "its", other.level,
			"level", a.level)
	}
}
