package app

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"time"

	"asnpro/internal/exam"
	"asnpro/internal/identity"
	"asnpro/internal/recruitment"
	"asnpro/internal/results"
)

// demoSKD is how each MS applicant of last year's period did in its SKD:
// the share of items (in tenths) answered with the best option, and the
// extra minutes (with the committee's reason) given before the test.
var demoSKD = map[string]struct {
	tenths int
	extra  int
	reason string
}{
	"Agus Santoso": {tenths: 8},
	"Maria Ulfa":   {tenths: 4},
	"Dewi Lestari": {tenths: 7, extra: 30, reason: "Peserta tunanetra (surat keterangan dokter)"},
}

// seedDemoSessions tells last year's SKD: panitia made a selection bank
// for the period and a session on the SKD 2024 blueprint on the period's
// SKD day, enrolled the applicants announced MS and gave one extra time;
// each then sat the test (on a clock standing in the session) and
// finished it.
func seedDemoSessions(ctx context.Context, d *demoEnv) error {
	periods, err := d.rec.FindPeriods(ctx, true)
	if err != nil {
		return err
	}
	slices.SortFunc(periods, func(a, b *recruitment.Period) int { return a.RegOpenAt.Compare(b.RegOpenAt) })
	past := periods[0]
	if past.SKDAt == nil {
		return fmt.Errorf("demo sessions: the closed period has no SKD date")
	}
	committee, err := d.staff(ctx, "panitia", identity.Committee)
	if err != nil {
		return err
	}
	ctx = acting(ctx, committee)
	opens := *past.SKDAt
	clock := opens.Add(time.Hour)
	ex := exam.New(d.db, exam.Deps{Now: func() time.Time { return clock }, Roster: roster(d.ver, nil)})
	// The period's budget year (tahun anggaran) is the one before the demo's.
	bank, err := ex.CreateBank(ctx, exam.NewBank{Name: "Bank SKD " + strconv.Itoa(d.now.Year()-1), Purpose: exam.PurposeSelection,
		PeriodID: &past.ID})
	if err != nil {
		return err
	}
	for _, in := range exam.DemoItems() {
		if _, err := ex.AddItem(ctx, bank.ID, in); err != nil {
			return err
		}
	}
	bps, err := ex.FindBlueprints(ctx)
	if err != nil {
		return err
	}
	i := slices.IndexFunc(bps, func(b *exam.Blueprint) bool { return b.Name == exam.SKD2024().Name })
	if i < 0 {
		return fmt.Errorf("demo sessions: no SKD 2024 blueprint")
	}
	ses, err := ex.CreateSession(ctx, exam.NewSession{PeriodID: past.ID, Stage: exam.StageSKD, Name: "SKD sesi 1", BankID: bank.ID,
		BlueprintID: bps[i].ID, Capacity: 50, OpensAt: opens, ClosesAt: opens.Add(8 * time.Hour)})
	if err != nil {
		return err
	}
	if _, err := ex.Enrol(ctx, ses.ID); err != nil {
		return err
	}
	parts, _, err := ex.FindParticipants(ctx, ses.ID, 0, 0)
	if err != nil {
		return err
	}
	for _, p := range parts {
		if how := demoSKD[p.Name]; how.extra > 0 {
			if err := ex.SetExtraTime(ctx, ses.ID, p.ApplicationID, how.extra, how.reason); err != nil {
				return err
			}
		}
	}
	for k, p := range parts {
		// They start a few minutes apart and take an hour or more.
		start := opens.Add(time.Hour + time.Duration(k)*3*time.Minute)
		clock = start
		finish := func() { clock = start.Add(time.Duration(60+k*12) * time.Minute) }
		if err := sitDemoSKD(ctx, ex, ses.ID, p, demoSKD[p.Name].tenths, finish); err != nil {
			return fmt.Errorf("demo SKD of %s: %w", p.Name, err)
		}
	}
	// After the session closed, panitia took its results as the period's SKD scores.
	clock = ses.ClosesAt.Add(time.Hour)
	res := results.New(d.db, results.Deps{Now: func() time.Time { return clock }, Exams: ex, Qualified: qualifiedIDs(d.ver)})
	_, _, err = res.TakeSessionScores(ctx, past.ID, results.ComponentSKD)
	return err
}

// sitDemoSKD has participant p start the session, answer every item — the
// best option for tenths of ten items, the worst otherwise — and, after
// moving the clock with later, finish.
func sitDemoSKD(ctx context.Context, ex *exam.Service, sessionID int64, p *exam.Participant, tenths int, later func()) error {
	a, _, err := ex.StartSession(ctx, p.UserID, sessionID)
	if err != nil {
		return err
	}
	tok, err := ex.OpenSession(ctx, p.UserID, a.ID, "")
	if err != nil {
		return err
	}
	for _, it := range a.Paper.Items {
		best, worst := 0, 0
		for o, pts := range it.Points {
			if pts > it.Points[best] {
				best = o
			}
			if pts < it.Points[worst] {
				worst = o
			}
		}
		pick := worst
		if (it.No*7)%10 < tenths {
			pick = best
		}
		if err := ex.SaveAnswer(ctx, p.UserID, a.ID, tok, it.No, exam.Answer(1+pick), false); err != nil {
			return err
		}
	}
	later()
	_, err = ex.Finish(ctx, p.UserID, a.ID)
	return err
}
