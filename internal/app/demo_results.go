package app

import (
	"context"
	"fmt"
	"slices"
	"time"

	"asnpro/internal/assess"
	"asnpro/internal/exam"
	"asnpro/internal/identity"
	"asnpro/internal/results"
	"asnpro/internal/verification"
)

// demoSKB is how each P/L of last year's SKD did in its SKB CAT: the share
// of items (in tenths) answered with the best option.
var demoSKB = map[string]int{"Agus Santoso": 8, "Dewi Lestari": 6}

// demoPractical is each MS applicant's practical test as penguji and
// penguji2 scored it (Ketepatan hasil, Prosedur dan keselamatan kerja);
// penguji's score of Agus Santoso was in before (seedDemoAssessment).
// Dewi Lestari's first dimension is two levels apart, so the panel
// moderates it.
var demoPractical = map[string]struct{ penguji, penguji2 []int }{
	"Agus Santoso": {penguji2: []int{4, 4}},
	"Maria Ulfa":   {penguji: []int{3, 3}, penguji2: []int{3, 4}},
	"Dewi Lestari": {penguji: []int{2, 4}, penguji2: []int{4, 4}},
}

// demoModeration is the panel's agreed score of Dewi Lestari's first
// dimension and its written reason.
const (
	demoModerated     = "Dewi Lestari"
	demoModeration    = 3
	demoModerationWhy = "Hasil kerja benar tetapi langkah pemeriksaan akhir terlewat; panel sepakat 3."
)

// announcementNo is a demo announcement's official number (nomor
// pengumuman), numbered within the year it is issued.
func announcementNo(n, year int) string { return fmt.Sprintf("800/%d/BKPSDM/%d", n, year) }

// demoResults is results on clock over the demo's database, reading the
// exam sessions of ex and the assessments of as.
func (d *demoEnv) demoResults(clock func() time.Time, ex *exam.Service, as *assess.Service) *results.Service {
	return results.New(d.db, results.Deps{Now: clock, Exams: ex, Qualified: qualifiedIDs(d.ver), Assessments: as})
}

// seedDemoSKB tells last year's SKB: panitia published the SKD list (with
// its number), then made a session on the period's SKB day for the P/L on
// the selection bank and the short blueprint; each sat it (on a clock
// standing in the session) and finished; after it closed, panitia took its
// results as the SKB CAT scores.
func seedDemoSKB(ctx context.Context, d *demoEnv) error {
	past, err := pastPeriod(ctx, d)
	if err != nil {
		return err
	}
	if past.SKBAt == nil {
		return fmt.Errorf("demo SKB: the closed period has no SKB date")
	}
	committee, err := d.staff(ctx, "panitia", identity.Committee)
	if err != nil {
		return err
	}
	ctx = acting(ctx, committee)
	year := d.now.In(past.Location()).Year() // of the announcement
	if _, err := d.ver.Publish(ctx, committee, past.ID, verification.PublishRequest{Stage: verification.StageSKD,
		Number: announcementNo(21, year)}); err != nil {
		return fmt.Errorf("demo SKD list: %w", err)
	}
	opens := *past.SKBAt
	clock := opens.Add(time.Hour)
	var res *results.Service
	ex := exam.New(d.db, exam.Deps{Now: func() time.Time { return clock }, Roster: roster(d.ver, func() *results.Service { return res })})
	res = d.demoResults(func() time.Time { return clock }, ex, nil)
	banks, err := ex.FindBanks(ctx)
	if err != nil {
		return err
	}
	b := slices.IndexFunc(banks, func(b *exam.Bank) bool { return b.PeriodID != nil && *b.PeriodID == past.ID })
	bps, err := ex.FindBlueprints(ctx)
	if err != nil {
		return err
	}
	bp := slices.IndexFunc(bps, func(b *exam.Blueprint) bool { return b.Name == exam.PracticeBlueprint().Name })
	if b < 0 || bp < 0 {
		return fmt.Errorf("demo SKB: no selection bank (%d) or short blueprint (%d)", b, bp)
	}
	ses, err := ex.CreateSession(ctx, exam.NewSession{PeriodID: past.ID, Stage: exam.StageSKB, Name: "SKB sesi 1", BankID: banks[b].ID,
		BlueprintID: bps[bp].ID, Capacity: 20, OpensAt: opens, ClosesAt: opens.Add(4 * time.Hour)})
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
	for k, p := range parts {
		start := opens.Add(time.Hour + time.Duration(k)*5*time.Minute)
		clock = start
		finish := func() { clock = start.Add(time.Duration(10+k) * time.Minute) }
		if err := sitDemoSKD(ctx, ex, ses.ID, p, demoSKB[p.Name], finish); err != nil {
			return fmt.Errorf("demo SKB of %s: %w", p.Name, err)
		}
	}
	clock = ses.ClosesAt.Add(time.Hour)
	_, _, err = res.TakeSessionScores(ctx, past.ID, results.ComponentSKB)
	return err
}

// practicalTest is last year's practical test and the service over it.
func (d *demoEnv) practicalTest(ctx context.Context, periodID int64) (*assess.Service, *assess.Instrument, error) {
	svc := assess.New(d.db, assess.Deps{Now: func() time.Time { return d.now }, Qualified: assess.QualifiedFunc(qualifiedIDs(d.ver))})
	ins, err := svc.FindInstruments(ctx, periodID)
	if err != nil {
		return nil, nil, err
	}
	i := slices.IndexFunc(ins, func(in *assess.Instrument) bool { return in.Kind == assess.KindPractical })
	if i < 0 {
		return nil, nil, fmt.Errorf("demo: no practical test in period %d", periodID)
	}
	return svc, ins[i], nil
}

// seedDemoPractical completes last year's practical test: penguji and
// penguji2 scored every candidate (demoPractical), and panitia moderated
// the dimension two levels apart, with its reason. They marked the written
// paper beside it too, under its codes.
func seedDemoPractical(ctx context.Context, d *demoEnv) error {
	past, err := pastPeriod(ctx, d)
	if err != nil {
		return err
	}
	svc, in, err := d.practicalTest(ctx, past.ID)
	if err != nil {
		return err
	}
	for _, username := range []string{"penguji", "penguji2"} {
		who, err := d.staff(ctx, username, identity.Assessor)
		if err != nil {
			return err
		}
		list, err := svc.FindAssigned(ctx, who.UserID)
		if err != nil {
			return err
		}
		for k, a := range list {
			// The written paper, marked under codes, is scored alike
			// (each assessor's marks at most one apart from the other's).
			if a.Instrument.Kind == assess.KindPaper && a.Instrument.PeriodID == past.ID && !a.Submitted {
				mark := 3 + k%2
				if username == "penguji2" {
					mark = 3 + (k+1)%2
				}
				if err := svc.Submit(acting(ctx, who), who.UserID, a.Instrument.ID, a.ApplicationID, []int{mark, 4}); err != nil {
					return fmt.Errorf("demo paper mark of %s by %s: %w", a.Code, username, err)
				}
				continue
			}
			if a.Instrument.ID != in.ID || a.Submitted {
				continue
			}
			scores := demoPractical[a.Name].penguji
			if username == "penguji2" {
				scores = demoPractical[a.Name].penguji2
			}
			if err := svc.Submit(acting(ctx, who), who.UserID, in.ID, a.ApplicationID, scores); err != nil {
				return fmt.Errorf("demo practical score of %s by %s: %w", a.Name, username, err)
			}
		}
	}
	committee, err := d.staff(ctx, "panitia", identity.Committee)
	if err != nil {
		return err
	}
	_, rows, err := svc.Candidates(ctx, in.ID)
	if err != nil {
		return err
	}
	i := slices.IndexFunc(rows, func(r assess.CandidateRow) bool { return r.Name == demoModerated })
	if i < 0 {
		return fmt.Errorf("demo moderation: %s is not a candidate", demoModerated)
	}
	return svc.Moderate(acting(ctx, committee), committee.UserID, in.ID, rows[i].ApplicationID, 1, demoModeration, demoModerationWhy)
}

// seedDemoFinal closes last year's period: panitia made the SKB 70 % CAT
// and 30 % the practical test, took the practical test's results as the
// additional test's scores, and published the final list (integration of
// SKD and SKB) with its number.
func seedDemoFinal(ctx context.Context, d *demoEnv) error {
	past, err := pastPeriod(ctx, d)
	if err != nil {
		return err
	}
	committee, err := d.staff(ctx, "panitia", identity.Committee)
	if err != nil {
		return err
	}
	ctx = acting(ctx, committee)
	as, in, err := d.practicalTest(ctx, past.ID)
	if err != nil {
		return err
	}
	res := d.demoResults(func() time.Time { return d.now }, nil, as)
	if err := res.SetSKBScheme(ctx, past.ID, results.SKBScheme{CATWeight: 70, ExtraKind: assess.KindPractical, ExtraName: in.Name,
		ExtraWeight: 30}); err != nil {
		return fmt.Errorf("demo SKB scheme: %w", err)
	}
	if _, err := res.TakeAssessmentScores(ctx, past.ID, in.ID); err != nil {
		return fmt.Errorf("demo practical test's scores: %w", err)
	}
	year := d.now.In(past.Location()).Year() // of the announcement
	if _, err := d.ver.Publish(ctx, committee, past.ID, verification.PublishRequest{Stage: verification.StageFinal,
		Number: announcementNo(22, year)}); err != nil {
		return fmt.Errorf("demo final list: %w", err)
	}
	return nil
}
