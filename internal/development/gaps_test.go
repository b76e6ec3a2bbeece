package development_test

import (
	"context"
	"testing"

	"asnpro/internal/assess"
	"asnpro/internal/development"
	"asnpro/internal/sqldb"
	"asnpro/internal/sqldb/sqldbtest"
	"asnpro/internal/workforce"
)

type fakeOnboardings map[int64][2]int64

func (f fakeOnboardings) OnboardingOf(_ context.Context, id int64) (int64, int64, error) {
	return f[id][0], f[id][1], nil
}

// fakeAssessments: period 1 has an interview (app 10 weak in integritas)
// and a practical test (app 10 weak in komunikasi, app 11 fine).
type fakeAssessments struct{}

func (fakeAssessments) FindInstruments(_ context.Context, periodID int64) ([]*assess.Instrument, error) {
	if periodID != 1 {
		return nil, nil
	}
	return []*assess.Instrument{
		{ID: 1, Name: "Wawancara", Dimensions: []assess.Dimension{{No: 1, Name: "Integritas", Minimum: 3}, {No: 2, Name: "Komunikasi"}}},
		{ID: 2, Name: "Uji praktik", Dimensions: []assess.Dimension{{No: 1, Name: "Komunikasi"}, {No: 2, Name: "Integritas"}}},
	}, nil
}

func (fakeAssessments) Candidates(_ context.Context, id int64) (*assess.Instrument, []assess.CandidateRow, error) {
	row := func(app int64, a, b int) assess.CandidateRow {
		return assess.CandidateRow{ApplicationID: app, Result: assess.Result{Dimensions: []assess.DimensionResult{
			{No: 1, Milli: a, BelowMinimum: id == 1 && a < 3000}, {No: 2, Milli: b}}}}
	}
	if id == 1 {
		return nil, []assess.CandidateRow{row(11, 4000, 4000), row(10, 2500, 3500)}, nil
	}
	return nil, []assess.CandidateRow{row(10, 2000, 2000), row(11, 3000, 3000)}, nil
}

// TestProbationGaps: a CPNS onboarded from a selection has the gaps of
// their own assessment results, each competency once; an appointed PNS
// (no longer in probation) and an employee not from a selection none.
func TestProbationGaps(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db, development.Deps{})
		ctx := context.Background()
		if _, err := e.wf.UpdateEmployee(ctx, e.me.ID, asCPNS(e.me)); err != nil {
			t.Fatal(err)
		}
		onb := fakeOnboardings{e.me.ID: {1, 10}, e.other.ID: {1, 11}}
		g := e.svc.ProbationGaps(onb, fakeAssessments{}, nil)
		gaps, err := g.Gaps(ctx, e.me.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(gaps) != 2 || gaps[0].Competency != "integritas" || gaps[1].Competency != "komunikasi" ||
			gaps[0].Source != development.GapProbation || gaps[0].Detail != "Wawancara: Integritas 2.50" {
			t.Fatalf("gaps %+v", gaps)
		}
		// other is aktif (appointed): no probation gaps, whatever their results.
		if gaps, err := g.Gaps(ctx, e.other.ID); err != nil || len(gaps) != 0 {
			t.Fatalf("appointed: %+v %v", gaps, err)
		}
		if gaps, err := g.Gaps(ctx, e.boss.ID); err != nil || len(gaps) != 0 {
			t.Fatalf("not from a selection: %+v %v", gaps, err)
		}
		// Through Recommend: the gaps ask the offers for their competencies.
		offers := &fakeOffers{open: []development.Offer{{SessionID: 3, Competencies: []string{"komunikasi"}}}}
		svc := development.New(db, development.Deps{Units: e.wf, Offers: offers})
		svc.AddGaps(svc.ProbationGaps(onb, fakeAssessments{}, nil))
		rec, err := svc.Recommend(ctx, e.me.ID, 5)
		if err != nil || len(rec.Offers) != 1 || rec.AnySkills || len(offers.asked[0]) != 2 {
			t.Fatalf("recommend %+v %v %v", rec, err, offers.asked)
		}
	})
}

// asCPNS is e as a new employee form, in probation.
func asCPNS(e *workforce.Employee) workforce.NewEmployee {
	return workforce.NewEmployee{Kind: e.Kind, NIK: e.NIK, NIP: e.NIP, Name: e.Name, BirthDate: e.BirthDate, Gender: e.Gender,
		UnitID: e.Unit.ID, Grade: e.Grade, Status: workforce.StatusCPNS, TMT: e.TMT, Username: e.Username}
}
