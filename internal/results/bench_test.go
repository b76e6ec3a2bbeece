package results_test

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"asnpro/internal/apperr"
	"asnpro/internal/audit"
	"asnpro/internal/identity"
	"asnpro/internal/recruitment"
	"asnpro/internal/results"
	"asnpro/internal/selection"
	"asnpro/internal/selection/rankgen"
	"asnpro/internal/sqldb"
	"asnpro/internal/sqldb/sqldbtest"
	"asnpro/internal/verification"
)

// bigRanking is a CPNS period of n applications announced MS, over 500
// formations: BIG-000 holds the first 1,000 of them, the rest share the others
// (about 98 each). Positions, educations, quotas and scores are rankgen's,
// so optimalisasi happens as in a real period. The services are wired as
// internal/app/serve.go wires them: verification publishes what results
// ranks, results reads who verification announced MS.
type bigRanking struct {
	db        *sqldb.DB
	ids       *identity.Service
	rec       *recruitment.Service
	formation []seededFormation
	ver       *verification.Service
	res       *results.Service
	periodID  int64
	committee *identity.Principal
	apps      []int64 // application IDs, i-th generated applicant
	gen       []selection.Applicant
	big       []int64 // the applications of BIG-000
}

const bigFormations = 500

// formationOf is the formation index of the i-th applicant.
func formationOf(i int) int {
	if i < 1000 {
		return 0
	}
	return 1 + (i-1000)%(bigFormations-1)
}

func seedRanking(b testing.TB, db *sqldb.DB, n int) *bigRanking {
	b.Helper()
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	ids, err := identity.New(db, identity.Config{Now: clock, HashSlots: 2})
	if err != nil {
		b.Fatal(err)
	}
	hooks := verification.NewHooks(db, clock)
	rec := recruitment.New(db, ids, clock, recruitment.Config{Stages: hooks})
	br := &bigRanking{db: db, ids: ids, rec: rec}
	ranked := verification.RankedFunc(func(ctx context.Context, periodID int64, stage string) ([]verification.Item, error) {
		return br.res.StageItems(ctx, periodID, stage)
	})
	br.ver = verification.New(db, verification.Deps{Recruitment: rec, Staff: ids, Now: clock, Hooks: hooks, Ranked: ranked})
	br.res = results.New(db, results.Deps{Now: clock, Qualified: br.ver.FindQualifiedIDs})
	forms, gen, err := rankgen.Generate(rankgen.DefaultOptions(n, bigFormations, 20261201))
	if err != nil {
		b.Fatal(err)
	}
	br.gen = gen
	fids := seedFormations(b, rec, forms, now)
	br.formation = fids
	br.periodID = fids[0].period
	br.committee = seedCommittee(b, ids, br.ver, br.periodID)
	br.apps = seedApplications(b, db, br.periodID, fids, gen, now)
	for i, id := range br.apps {
		if formationOf(i) == 0 {
			br.big = append(br.big, id)
		}
	}
	// The administration list, announcing everyone MS.
	if _, err := br.ver.PublishResults(br.ctx(), br.committee, br.periodID, verification.StageAdministration); err != nil {
		b.Fatal(err)
	}
	scores := make([][]any, n)
	for i, a := range gen {
		var twk, tiu, tkp any
		if a.PresentSKD {
			twk, tiu, tkp = a.TWK, a.TIU, a.TKP
		}
		scores[i] = []any{br.apps[i], br.periodID, "skd", a.PresentSKD, twk, tiu, tkp, nil, "import", "bench", now}
	}
	insertRows(b, db, `INSERT INTO selection_scores (application_id, period_id, component, present, twk, tiu, tkp, score_milli, source,
  source_ref, recorded_at) VALUES `, scores)
	analyze(b, db)
	return br
}

func (br *bigRanking) ctx() context.Context {
	return audit.WithActor(context.Background(), audit.Actor{ID: br.committee.IDString(), Role: "committee"})
}

type seededFormation struct {
	period, id int64
}

// seedFormations creates the period and its 500 formations, with the
// education references they name, and publishes the period.
func seedFormations(b testing.TB, rec *recruitment.Service, forms []selection.Formation, now time.Time) []seededFormation {
	b.Helper()
	ctx := context.Background()
	codes := map[string]string{}
	var refs []recruitment.EducationRef
	for _, f := range forms {
		if _, ok := codes[f.Education]; !ok {
			codes[f.Education] = fmt.Sprintf("E%02d", len(codes))
			refs = append(refs, recruitment.EducationRef{Code: codes[f.Education], Name: f.Education, Level: levelOf(f.Education)})
		}
	}
	if err := rec.UpsertEducationRefs(ctx, refs); err != nil {
		b.Fatal(err)
	}
	p, err := rec.CreatePeriod(ctx, recruitment.NewPeriod{Name: "Seleksi CPNS Besar", Kind: recruitment.KindCPNS, ReferenceDate: "2026-12-31",
		Timeline: recruitment.Timeline{AnnounceAt: now.Add(-72 * time.Hour), RegOpenAt: now.Add(-48 * time.Hour),
			RegCloseAt: now.Add(-24 * time.Hour), AdminAnnounceAt: now.Add(24 * time.Hour), AppealDays: 3}})
	if err != nil {
		b.Fatal(err)
	}
	out := make([]seededFormation, bigFormations)
	for k := range bigFormations {
		g := forms[k%len(forms)]
		nf := recruitment.NewFormation{Code: fmt.Sprintf("BIG-%03d", k), Position: g.Position,
			Unit: fmt.Sprintf("Pemerintah Kabupaten Nomor %d", k%60), Quota: g.Quota, AgeMin: 18, AgeMax: 35}
		if k == 0 {
			nf.Quota = 10
		}
		if k%25 == 7 {
			nf.Category = "cumlaude"
		}
		nf.Education.Levels, nf.Education.Majors = []string{levelOf(g.Education)}, []string{codes[g.Education]}
		f, err := rec.AddFormation(ctx, p.ID, nf)
		if err != nil {
			b.Fatal(err)
		}
		out[k] = seededFormation{period: p.ID, id: f.ID}
	}
	if _, err := rec.PublishPeriod(ctx, p.ID); err != nil {
		b.Fatal(err)
	}
	return out
}

func levelOf(education string) string {
	switch {
	case strings.HasPrefix(education, "S-1"):
		return "S1"
	case strings.HasPrefix(education, "D-3"):
		return "D3"
	case strings.HasPrefix(education, "Profesi"):
		return "Profesi"
	}
	return "SMA"
}

// seedCommittee adds a committee member who signed the period's pact.
func seedCommittee(b testing.TB, ids *identity.Service, ver *verification.Service, periodID int64) *identity.Principal {
	b.Helper()
	us, err := ids.AddUser(context.Background(), identity.NewUser{Username: "ketua", Name: "Ketua Panitia",
		Roles: []identity.Role{identity.Role("committee")}, Password: "rahasia-123"})
	if err != nil {
		b.Fatal(err)
	}
	p := &identity.Principal{UserID: us.ID, Username: us.Username, Name: us.Name, Roles: us.Roles}
	ctx := audit.WithActor(context.Background(), audit.Actor{ID: us.IDString(), Role: "committee"})
	if _, err := ver.SignPact(ctx, p, periodID, true); err != nil {
		b.Fatal(err)
	}
	return p
}

// seedApplications writes the applicants, their submitted applications and
// their MS decisions with batched SQL; it returns the application IDs.
func seedApplications(b testing.TB, db *sqldb.DB, periodID int64, fids []seededFormation, gen []selection.Applicant,
	now time.Time) []int64 {
	b.Helper()
	var base int64
	if err := db.R.QueryRowContext(context.Background(), `SELECT coalesce(max(id), 0) FROM users`).Scan(&base); err != nil {
		b.Fatal(err)
	}
	base += 1000
	var users, applicants, apps, verifs [][]any
	out := make([]int64, len(gen))
	for i, g := range gen {
		id := base + int64(i)
		out[i] = id
		sub := now.Add(-time.Duration(len(gen)-i) * time.Second)
		name := fmt.Sprintf("Pelamar Nomor %d Siregar", i)
		fid := fids[formationOf(i)].id
		users = append(users, []any{id, fmt.Sprintf("627101010190%06d", i), name, "", sub, sub})
		applicants = append(applicants, []any{id, id, fmt.Sprintf("627101010190%06d", i), name, "Palangka Raya", g.BirthDate.String(),
			"M", fmt.Sprintf("p%d@example.id", i), "081234567890", sub})
		apps = append(apps, []any{id, periodID, fid, id, fmt.Sprintf("2026%03d%07d", periodID, id), "submitted", "S1", "",
			int64(g.IPK) / 10, "{}", sub, sub, sub})
		verifs = append(verifs, []any{id, periodID, fid, sub, sub, "MS", "[]", sub.Add(time.Minute)})
	}
	insertRows(b, db, `INSERT INTO users (id, username, name, password_hash, created_at, updated_at) VALUES `, users)
	insertRows(b, db, `INSERT INTO applicants (id, user_id, nik, name, birth_place, birth_date, gender, email, phone, created_at) VALUES `,
		applicants)
	insertRows(b, db, `INSERT INTO applications (id, period_id, formation_id, applicant_id, registration_number, status,
  education_level, education_major, ipk, attributes, submitted_at, created_at, updated_at) VALUES `, apps)
	insertRows(b, db, `INSERT INTO verifications (application_id, period_id, formation_id, submitted_at, assigned_at, decision, reasons,
  decided_at) VALUES `, verifs)
	return out
}

// insertRows inserts rows in one transaction, 400 to a statement (on
// SQLite at most 999 parameters: it looks each one up by its name).
func insertRows(b testing.TB, db *sqldb.DB, head string, rows [][]any) {
	b.Helper()
	per := 400
	if db.Engine == sqldb.SQLite {
		per = 999 / len(rows[0])
	}
	err := db.Write(context.Background(), func(tx *sqldb.Tx) error {
		for start := 0; start < len(rows); start += per {
			chunk := rows[start:min(start+per, len(rows))]
			var sb strings.Builder
			sb.WriteString(head)
			args := make([]any, 0, len(chunk)*len(chunk[0]))
			for r, row := range chunk {
				if r > 0 {
					sb.WriteByte(',')
				}
				sb.WriteByte('(')
				for c := range row {
					if c > 0 {
						sb.WriteByte(',')
					}
					fmt.Fprintf(&sb, "$%d", len(args)+c+1)
				}
				sb.WriteByte(')')
				args = append(args, row...)
			}
			if _, err := tx.ExecContext(context.Background(), sb.String(), args...); err != nil {
				return fmt.Errorf("%.40s: %w", head, err)
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
}

func analyze(b testing.TB, db *sqldb.DB) {
	b.Helper()
	if _, err := db.W.ExecContext(context.Background(), `ANALYZE`); err != nil {
		b.Fatal(err)
	}
}

// seedSKB stores an SKB score for every candidate the SKD's ranking sends
// to SKB (rankgen's score; absent where rankgen has them absent).
func (br *bigRanking) seedSKB(b testing.TB) {
	b.Helper()
	c, err := br.res.Compute(context.Background(), br.periodID)
	if err != nil {
		b.Fatal(err)
	}
	index := make(map[int64]int, len(br.apps))
	for i, id := range br.apps {
		index[id] = i
	}
	var rows [][]any
	now := time.Date(2026, 12, 20, 9, 0, 0, 0, time.UTC)
	for i, cd := range c.Candidates {
		if c.Ranking.Outcome(i).SKDCode != selection.ResultPL {
			continue
		}
		g := br.gen[index[cd.ApplicationID]]
		present := g.PresentSKB || g.SKB == 0 && index[cd.ApplicationID]%25 != 0
		milli := any(nil)
		if present {
			milli = int64(g.SKB)
			if !g.PresentSKB {
				milli = 50_000 + int64(index[cd.ApplicationID]%40_000)
			}
		}
		rows = append(rows, []any{cd.ApplicationID, br.periodID, "skb", present, milli, "import", "bench", now})
	}
	insertRows(b, br.db, `INSERT INTO selection_scores (application_id, period_id, component, present, score_milli, source,
  source_ref, recorded_at) VALUES `, rows)
	analyze(b, br.db)
}

// BenchmarkRanking50k: a CPNS period of 50,000 candidates announced MS over
// 500 formations — publishing its SKD list, then (with the SKB scores of
// those it sent to SKB) its final list, each as the committee publishes it
// (rank, rows with explanations, CSV and SHA-256, audit event, PDF and
// XLSX); then what the pages of the final list read for the formation of
// 1,000 candidates. Budgets: publication < 10 s; a page < 100 ms. Run with
// -benchtime=1x for the publications (each run adds a version).
func BenchmarkRanking50k(b *testing.B) {
	for _, e := range sqldbtest.Engines() {
		b.Run(string(e), func(b *testing.B) {
			br := seedRanking(b, sqldbtest.Open(b, e), 50_000)
			b.Run("publish-skd", func(b *testing.B) { br.benchPublish(b, verification.StageSKD) })
			br.seedSKB(b)
			b.Run("publish-final", func(b *testing.B) { br.benchPublish(b, verification.StageFinal) })
			br.ensurePublished(b)
			br.benchPages(b)
		})
	}
}

// ensurePublished publishes the SKD and final lists if the benchmarks
// that do were not run (-bench selecting only the pages).
func (br *bigRanking) ensurePublished(b *testing.B) {
	b.Helper()
	for _, stage := range []string{verification.StageSKD, verification.StageFinal} {
		if _, err := br.ver.FindAnnouncement(br.ctx(), br.periodID, stage, 0); err == nil {
			continue
		}
		if _, err := br.ver.Publish(br.ctx(), br.committee, br.periodID, verification.PublishRequest{Stage: stage,
			Number: "800/1/BKPSDM"}); err != nil {
			b.Fatal(err)
		}
	}
}

func (br *bigRanking) benchPublish(b *testing.B, stage string) {
	for b.Loop() {
		pub, err := br.ver.Publish(br.ctx(), br.committee, br.periodID, verification.PublishRequest{Stage: stage,
			Number: "800/2/BKPSDM", Reason: "Pengukuran ulang"})
		if err != nil {
			b.Fatal(err)
		}
		if pub.Rows != len(br.apps) {
			b.Fatalf("rows %d", pub.Rows)
		}
	}
}

// benchPages: the public list of the final stage filtered to BIG-000 (a
// page of 100: first and last), an applicant's ranked rows with their
// explanations, and the committee's ranking page's reads (the scores'
// counts and a page of the period's list as it stands), and the whole
// list as a publication makes it.
func (br *bigRanking) benchPages(b *testing.B) {
	ctx := context.Background()
	b.Run("results-page", func(b *testing.B) {
		for b.Loop() {
			for _, off := range []int{0, 900} {
				a, err := br.ver.FindAnnouncement(ctx, br.periodID, verification.StageFinal, 0)
				if err != nil {
					b.Fatal(err)
				}
				items, total, err := br.ver.Items(ctx, a, verification.ItemFilter{Q: "BIG-000", Limit: 100, Offset: off})
				if err != nil || len(items) != 100 || total != 1000 {
					b.Fatalf("items %d of %d: %v", len(items), total, err)
				}
				if _, err := br.ver.FindAnnouncements(ctx, br.periodID); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
	b.Run("applicant-result", func(b *testing.B) {
		i := 0
		for b.Loop() {
			rows, err := br.ver.FindRankedRows(ctx, br.big[i%len(br.big)])
			if err != nil || len(rows) != 2 || rows[1].Item.Explanation == "" {
				b.Fatalf("rows %d: %v", len(rows), err)
			}
			i += 37
		}
	})
	// The first view ranks the period (as "compute"); later ones, while
	// nothing changes, use the computation kept.
	b.Run("compute", func(b *testing.B) {
		for b.Loop() {
			if _, err := br.res.Compute(ctx, br.periodID); err != nil {
				b.Fatal(err)
			}
		}
	})
	if _, _, _, err := br.res.StagePage(ctx, br.periodID, 0, 100); err != nil {
		b.Fatal(err)
	}
	b.Run("committee-ranking", func(b *testing.B) {
		for b.Loop() {
			if _, err := br.res.CountScores(ctx, br.periodID); err != nil {
				b.Fatal(err)
			}
			stage, items, total, err := br.res.StagePage(ctx, br.periodID, 100, 100)
			if err != nil || stage != results.StageFinal || len(items) != 100 || total != len(br.apps) || items[0].No != 101 {
				b.Fatalf("%s: items %d of %d: %v", stage, len(items), total, err)
			}
			if _, err := br.ver.FindAnnouncements(ctx, br.periodID); err != nil {
				b.Fatal(err)
			}
		}
	})
	// The whole list with every explanation, as a publication makes it.
	b.Run("stage-items", func(b *testing.B) {
		for b.Loop() {
			items, err := br.res.StageItems(ctx, br.periodID, results.StageFinal)
			if err != nil || len(items) != len(br.apps) {
				b.Fatalf("items %d: %v", len(items), err)
			}
		}
	})
}

// TestStagePage: a page of the list the scores make now is exactly that
// slice of the stage's whole list (SKD while no SKB score is in, final
// after), numbered as in it; past the end, no rows and the total. The
// computation kept between pages follows changes of what it reads: new
// scores, a score replaced, a formation amended.
func TestStagePage(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		br := seedRanking(t, db, 1_150)
		check := func(what, stage string) {
			t.Helper()
			all, err := br.res.StageItems(ctx, br.periodID, stage)
			if err != nil || len(all) != 1_150 {
				t.Fatalf("%s, %s: %d items, %v", what, stage, len(all), err)
			}
			for _, c := range []struct{ offset, limit, from, to int }{{0, 100, 0, 100}, {1_100, 100, 1_100, 1_150},
				{5_000, 100, 1_150, 1_150}, {-3, 2, 0, 2}} {
				got, items, total, err := br.res.StagePage(ctx, br.periodID, c.offset, c.limit)
				if err != nil || got != stage || total != len(all) || !reflect.DeepEqual(items, all[c.from:c.to]) && c.from < c.to ||
					len(items) != c.to-c.from {
					t.Fatalf("%s, %s %+v: stage %s, %d items of %d, %v", what, stage, c, got, len(items), total, err)
				}
			}
		}
		check("SKD scores", results.StageSKD)
		br.seedSKB(t)
		check("SKB scores added", results.StageFinal)
		// The best of BIG-000 absent at SKB, recorded later.
		if _, err := db.W.ExecContext(ctx, `UPDATE selection_scores SET present = FALSE, score_milli = NULL, recorded_at = $1
WHERE application_id = $2 AND component = 'skb'`, time.Date(2026, 12, 21, 9, 0, 0, 0, time.UTC), br.topOfBig(t)); err != nil {
			t.Fatal(err)
		}
		check("an SKB score replaced", results.StageFinal)
		// One more place in BIG-000: three more go to SKB, who have no
		// SKB score.
		if _, err := br.rec.Amend(ctx, br.periodID, recruitment.NewAmendment{FormationID: strconv.FormatInt(br.formation[0].id, 10),
			Note: "Formasi ditambah", Changes: map[string]json.RawMessage{"quota": json.RawMessage(`11`)}}); err != nil {
			t.Fatal(err)
		}
		if _, _, _, err := br.res.StagePage(ctx, br.periodID, 0, 100); apperr.CodeOf(err) != apperr.Conflict {
			t.Fatalf("BIG-000's quota amended: %v", err)
		}
	})
}

// topOfBig is the application ranked first in BIG-000's final list.
func (br *bigRanking) topOfBig(t *testing.T) int64 {
	t.Helper()
	items, err := br.res.StageItems(context.Background(), br.periodID, results.StageFinal)
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range items {
		if it.FormationCode == "BIG-000" && it.Result == "P/L" {
			return it.ApplicationID
		}
	}
	t.Fatal("nobody passed in BIG-000")
	return 0
}
