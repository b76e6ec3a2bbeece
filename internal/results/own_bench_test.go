package results_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"asnpro/internal/assess"
	"asnpro/internal/identity"
	"asnpro/internal/results"
	"asnpro/internal/sqldb"
	"asnpro/internal/sqldb/sqldbtest"
	"asnpro/internal/verification"
)

// BenchmarkOwnSelection10k: a city's own selection (kind pppk) of 10,000
// candidates announced MS over 500 formations (1,000 in BIG-000), ranked by
// an own scheme of a structured interview of five dimensions scored by two
// assessors each (one dimension with a minimum) and the CAT score:
// computing the ranking (the committee's ranking page's first view after
// a change), a page of 100 of it while nothing changes (the computation
// kept), and publishing the final list.
func BenchmarkOwnSelection10k(b *testing.B) {
	for _, e := range sqldbtest.Engines() {
		b.Run(string(e), func(b *testing.B) {
			br := seedRanking(b, sqldbtest.Open(b, e), 10_000)
			res := br.seedOwn(b)
			ctx := context.Background()
			b.Run("compute", func(b *testing.B) {
				for b.Loop() {
					if _, err := res.Compute(ctx, br.periodID); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run("ranking-page", func(b *testing.B) {
				if _, _, _, err := res.StagePage(ctx, br.periodID, 0, 100); err != nil {
					b.Fatal(err)
				}
				for b.Loop() {
					if _, items, _, err := res.StagePage(ctx, br.periodID, 0, 100); err != nil || len(items) != 100 {
						b.Fatal(len(items), err)
					}
				}
			})
			b.Run("publish-final", func(b *testing.B) {
				for b.Loop() {
					if _, err := br.ver.Publish(br.ctx(), br.committee, br.periodID, verification.PublishRequest{
						Stage: verification.StageFinal, Number: "800/3/BKPSDM", Reason: "Pengukuran ulang"}); err != nil {
						b.Fatal(err)
					}
				}
			})
		})
	}
}

// seedOwn turns the period into an own selection with its interview, every
// candidate scored by two assessors, the CAT scores and the scheme; it
// returns the results service wired with the assessments, as serve.go
// wires it.
func (br *bigRanking) seedOwn(b testing.TB) *results.Service {
	b.Helper()
	ctx := br.ctx()
	now := time.Date(2026, 12, 10, 9, 0, 0, 0, time.UTC)
	if _, err := br.db.W.ExecContext(ctx, `UPDATE periods SET kind = 'pppk' WHERE id = $1`, br.periodID); err != nil {
		b.Fatal(err)
	}
	var assessors [3]int64
	for i := range assessors {
		u, err := br.ids.AddUser(ctx, identity.NewUser{Username: "asesor" + strconv.Itoa(i), Name: "Asesor " + strconv.Itoa(i),
			Roles: []identity.Role{identity.Assessor}, Password: "rahasia-123"})
		if err != nil {
			b.Fatal(err)
		}
		assessors[i] = u.ID
	}
	as := assess.New(br.db, assess.Deps{Now: func() time.Time { return now }, Qualified: assess.QualifiedFunc(br.ver.FindQualifiedIDs)})
	dims := make([]assess.Dimension, 5)
	for i := range dims {
		dims[i] = assess.Dimension{Name: "Dimensi " + strconv.Itoa(i+1), Anchors: [assess.Levels]string{"1", "2", "3", "4", "5"}}
	}
	dims[2].Minimum = 2
	in, err := as.CreateInstrument(ctx, br.periodID, assess.NewInstrument{Kind: assess.KindInterview, Name: "Wawancara",
		Assessors: 2, Dimensions: dims})
	if err != nil {
		b.Fatal(err)
	}
	var assign, scores, cat [][]any
	for i, app := range br.apps {
		for k, who := range assessors[:2] {
			assign = append(assign, []any{in.ID, app, who, now, now})
			for d := 1; d <= 5; d++ {
				// Two assessors at most one apart: nobody waits for moderation.
				scores = append(scores, []any{in.ID, app, who, d, min(5, 1+(i*7+d*3)%5+k*(i%2))})
			}
		}
		cat = append(cat, []any{app, br.periodID, "skb", i%50 != 0, any(int64(40_000 + i*37%60_000)), "import", "bench", now})
	}
	insertRows(b, br.db, `INSERT INTO assess_assignments (instrument_id, application_id, assessor_id, assigned_at, submitted_at) VALUES `,
		assign)
	insertRows(b, br.db, `INSERT INTO assess_scores (instrument_id, application_id, assessor_id, no, score) VALUES `, scores)
	insertRows(b, br.db, `INSERT INTO selection_scores (application_id, period_id, component, present, score_milli, source,
  source_ref, recorded_at) VALUES `, cat)
	analyze(b, br.db)
	res := results.New(br.db, results.Deps{Now: func() time.Time { return now }, Qualified: br.ver.FindQualifiedIDs, Assessments: as})
	_, err = res.SetOwnScheme(ctx, br.periodID, "PPPK paruh waktu", []results.OwnPart{
		{Source: "instrument_" + strconv.FormatInt(in.ID, 10), Weight: 60, Minimum: "40"}, {Source: results.SourceSKB, Weight: 40}})
	if err != nil {
		b.Fatal(err)
	}
	// Publishing ranks with this service.
	br.res = res
	return res
}

// TestOwnRankingKept: an own selection's ranking is kept between views of
// the committee's page while its assessments do not change, and follows
// them when they do (here a third assessor's scores of one candidate).
func TestOwnRankingKept(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		br := seedRanking(t, db, 1_150)
		res := br.seedOwn(t)
		ctx := context.Background()
		page := func() (verification.Item, error) {
			_, items, total, err := res.StagePage(ctx, br.periodID, 0, 1)
			if err == nil && (len(items) != 1 || total != 1_150) {
				t.Fatalf("page: %d of %d", len(items), total)
			}
			if err != nil {
				return verification.Item{}, err
			}
			return items[0], nil
		}
		first, err := page()
		if err != nil {
			t.Fatal(err)
		}
		if again, _ := page(); again.Explanation != first.Explanation {
			t.Fatal("a second view differs with nothing changed")
		}
		var in, third int64
		if err := db.R.QueryRowContext(ctx, `SELECT id FROM assess_instruments WHERE period_id = $1`, br.periodID).Scan(&in); err != nil {
			t.Fatal(err)
		}
		if err := db.R.QueryRowContext(ctx, `SELECT id FROM users WHERE username = 'asesor2'`).Scan(&third); err != nil {
			t.Fatal(err)
		}
		low := map[int]int{} // dimension → the lower of the two assessors' scores
		for d := 1; d <= 5; d++ {
			var v int
			if err := db.R.QueryRowContext(ctx, `SELECT min(score) FROM assess_scores WHERE instrument_id = $1 AND application_id = $2
AND no = $3`, in, first.ApplicationID, d).Scan(&v); err != nil {
				t.Fatal(err)
			}
			low[d] = v
		}
		a0 := low[1]
		// A third assessor two points away on the first dimension: the
		// candidate now waits for the panel.
		far, agreed := a0+2, 1
		if a0 > 3 {
			far, agreed = a0-2, 5
		}
		now := time.Date(2026, 12, 11, 9, 0, 0, 0, time.UTC)
		rows := [][]any{{in, first.ApplicationID, third, 1, far}}
		for d := 2; d <= 5; d++ {
			rows = append(rows, []any{in, first.ApplicationID, third, d, low[d]})
		}
		insertRows(t, db, `INSERT INTO assess_assignments (instrument_id, application_id, assessor_id, assigned_at, submitted_at) VALUES `,
			[][]any{{in, first.ApplicationID, third, now, now}})
		insertRows(t, db, `INSERT INTO assess_scores (instrument_id, application_id, assessor_id, no, score) VALUES `, rows)
		if _, err := page(); err == nil || !strings.Contains(err.Error(), "1 candidates") {
			t.Fatalf("the kept ranking did not follow a third assessor's scores: %v", err)
		}
		insertRows(t, db, `INSERT INTO assess_moderations (instrument_id, application_id, no, score, reason, moderated_by, moderated_at)
VALUES `, [][]any{{in, first.ApplicationID, 1, agreed, "Sepakat", third, now.Add(time.Minute)}})
		if after, err := page(); err != nil || after.ApplicationID == first.ApplicationID && after.Explanation == first.Explanation {
			t.Fatalf("the kept ranking did not follow the moderation: %v", err)
		}
	})
}
