package performance_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"asnpro/internal/apperr"
	"asnpro/internal/notify"
	"asnpro/internal/performance"
	"asnpro/internal/sqldb"
	"asnpro/internal/sqldb/sqldbtest"
)

// fakeOffers is a catalogue with two open sessions for komunikasi.
type fakeOffers struct{ asked [][]string }

func (f *fakeOffers) OpenSessions(_ context.Context, competencies []string, limit int) ([]performance.Offer, error) {
	f.asked = append(f.asked, competencies)
	if !slices.Contains(competencies, "komunikasi") {
		return nil, nil
	}
	return []performance.Offer{{SessionID: 31, ProgrammeID: 3, Title: "Komunikasi efektif", Competencies: []string{"komunikasi"}, JP: 24},
		{SessionID: 32, ProgrammeID: 3, Title: "Komunikasi publik", Competencies: []string{"komunikasi"}, JP: 16}}, nil
}

// finalisedTeam is a team whose 2026 in unit MUT is final: emp Butuh
// Perbaikan (a coaching plan), sup Sangat Baik (a reward).
func finalisedTeam(t *testing.T, db *sqldb.DB) (*team, *performance.Plan) {
	tm := newTeam(t, db, may2026)
	svc, ctx, v := tm.svc, tm.ctx, tm.v
	supPlan := tm.approvedPlan("sup", "boss", 2026, 0)
	p := tm.approvedPlan("emp", "sup", 2026, supPlan.Results[0].ID)
	tm.clock.Set(time.Date(2027, 1, 5, 3, 0, 0, 0, time.UTC))
	for _, r := range []struct {
		who  string
		plan int64
		h, b string
	}{{"sup", p.ID, "below", "meets"}, {"boss", supPlan.ID, "above", "above"}} {
		_, err := svc.Evaluate(ctx, v[r.who], r.plan, performance.Rating{Period: "2026", Hasil: r.h, Perilaku: r.b, Notes: "Tahunan"})
		tm.want("annual", err, "")
	}
	tm.want("set", svc.SetUnitPredikat(ctx, v["sup"], tm.mut.ID, 2026, "istimewa", "IKU 110 %"), "")
	tm.want("approve", svc.ApproveUnitPredikat(ctx, v["boss"], tm.mut.ID, 2026), "")
	_, err := svc.Finalise(ctx, v["sup"], tm.mut.ID, 2026)
	tm.want("finalise", err, "")
	return tm, p
}

func TestCoachingOffers(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		tm, p := finalisedTeam(t, db)
		offers := &fakeOffers{}
		svc := performance.New(db, performance.Deps{Staff: tm.wf, Offers: offers, Now: tm.clock.Now})
		c, _ := svc.CoachingOfPlan(tm.ctx, p.ID)
		got, ok, err := svc.OffersFor(tm.ctx, []string{"komunikasi"})
		if err != nil || !ok || len(got) != 2 {
			t.Fatalf("offers %v %v %v", got, ok, err)
		}
		in := performance.CoachingInput{Goals: "Presentasi hasil kerja bulanan", Focus: []string{"komunikasi"}, Sessions: []int64{99}}
		tm.want("a session not offered", svc.PlanCoaching(tm.ctx, tm.v["sup"], c.ID, in), apperr.Invalid)
		in.Sessions = []int64{32}
		tm.want("plan", svc.PlanCoaching(tm.ctx, tm.v["sup"], c.ID, in), "")
		c, _ = svc.CoachingOfPlan(tm.ctx, p.ID)
		if len(c.Sessions) != 1 || c.Sessions[0] != 32 {
			t.Errorf("sessions %v", c.Sessions)
		}
	})
}

func TestReportsAndExport(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		tm, _ := finalisedTeam(t, db)
		rows, err := tm.svc.Report(tm.ctx, 2026)
		if err != nil || len(rows) != 1 {
			t.Fatalf("report %+v %v", rows, err)
		}
		r := rows[0]
		if r.UnitCode != "BKPSDM.MUT" || !r.Final || r.UnitPredikat != "istimewa" || r.Plans != 2 || r.Dist["sangat_baik"] != 1 ||
			r.Dist["butuh_perbaikan"] != 1 || r.Rewards != 1 || r.Coaching != 1 {
			t.Errorf("row %+v", r)
		}
		for _, format := range []string{"xlsx", "pdf"} {
			var b bytes.Buffer
			if err := performance.WriteReport(&b, format, 2026, rows, tm.clock.Now()); err != nil || b.Len() < 500 {
				t.Errorf("%s: %d bytes, %v", format, b.Len(), err)
			}
		}
		for _, unit := range []int64{0, tm.top.ID, tm.mut.ID} {
			ds, err := tm.svc.PredikatByUnit(tm.ctx, 2026, unit)
			if err != nil || len(ds) != 1 || ds[0].UnitID != tm.mut.ID || ds[0].Counts != [5]int{1, 0, 1, 0, 0} {
				t.Errorf("predikat by unit under %d: %+v %v", unit, ds, err)
			}
		}
		var b bytes.Buffer
		if err := tm.svc.WriteEKinerja(tm.ctx, &b, 2026); err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.TrimSpace(strings.TrimPrefix(b.String(), "\ufeff")), "\n")
		if len(lines) != 3 || strings.TrimSpace(lines[0]) != "nip,nama,periode,hasil_kerja,perilaku_kerja,predikat" {
			t.Fatalf("e-kinerja:\n%s", b.String())
		}
		want := tm.emp.NIP + "," + tm.emp.Name + ",2026,DIBAWAH EKSPEKTASI,SESUAI EKSPEKTASI,BUTUH PERBAIKAN"
		if !strings.Contains(b.String(), want) {
			t.Errorf("e-kinerja has no %q:\n%s", want, b.String())
		}
	})
}

// TestReminders: an approved plan's periods are reminded of 7 days after
// they end while not evaluated; an objection waits for the superior.
func TestReminders(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		tm := newTeam(t, db, may2026)
		n := notify.New(db, tm.clock.Now, slog.New(slog.NewTextHandler(io.Discard, nil)))
		tm.svc.HandleReminders(n)
		supPlan := tm.approvedPlan("sup", "boss", 2026, 0)
		p := tm.approvedPlan("emp", "sup", 2026, supPlan.Results[0].ID)
		key := func(what string, plan int64, period string, eval int64) string {
			return "skp.reminder:" + what + ":plan=" + itoa(plan) + ":period=" + period + ":evaluation=" + itoa(eval) + ":coaching=0"
		}
		if _, err := n.FindJob(tm.ctx, key("evaluate", p.ID, "2026-Q1", 0)); err == nil {
			t.Error("Q1 ended before the approval: no reminder expected")
		}
		j, err := n.FindJob(tm.ctx, key("evaluate", p.ID, "2026-Q2", 0))
		if err != nil || j.RunAt.In(time.FixedZone("WIB", 7*3600)).Format("2006-01-02 15:04") != "2026-07-08 08:00" {
			t.Fatalf("Q2 reminder %+v %v", j, err)
		}
		ev, err := tm.svc.Evaluate(tm.ctx, tm.v["sup"], p.ID, performance.Rating{Period: "2026-Q1", Hasil: "meets", Perilaku: "meets",
			Notes: "Baik"})
		tm.want("Q1", err, "")
		tm.want("object", tm.svc.Object(tm.ctx, tm.v["emp"], ev.ID, "Belum dihitung"), "")
		// 9 July: Q2 unevaluated (the supervisor), the objection undecided (the superior), its window's reminder past.
		tm.clock.Set(time.Date(2026, 7, 9, 3, 0, 0, 0, time.UTC))
		if _, err := n.RunDueJobs(tm.ctx, "test"); err != nil {
			t.Fatal(err)
		}
		count := func(user int64, kind string) int {
			var c int
			if err := db.R.QueryRowContext(tm.ctx, `SELECT count(*) FROM notifications WHERE user_id = $1 AND kind = $2`, user,
				kind).Scan(&c); err != nil {
				t.Fatal(err)
			}
			return c
		}
		if c := count(tm.v["sup"].UserID, "skp.evaluate"); c != 1 {
			t.Errorf("the supervisor's evaluate reminders: %d, want 1 (Q2 of emp's plan)", c)
		}
		if c := count(tm.v["boss"].UserID, "skp.decide"); c != 1 {
			t.Errorf("the superior's decide reminders: %d", c)
		}
		if c := count(tm.v["emp"].UserID, "skp.objection"); c != 0 {
			t.Errorf("the objection window's reminder after the objection: %d", c)
		}
	})
}

func itoa(id int64) string { return strconv.FormatInt(id, 10) }
