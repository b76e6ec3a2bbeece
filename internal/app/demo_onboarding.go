package app

import (
	"context"
	"fmt"
	"time"

	"asnpro/internal/identity"
	"asnpro/internal/idnum"
	"asnpro/internal/workforce"
)

// demoIntakeUnit is where the demo's new CPNS and PPPK work: BKPSDM's
// Bidang Mutasi dan Promosi, under atasan.
const demoIntakeUnit = "BKPSDM.MUT"

// seedDemoOnboarding tells a CPNS cohort: last year's placed candidates
// (Agus Santoso, Dewi Lestari) onboarded by admin from the first day of
// the month after the final list, in their formations' positions (Agus
// under atasan; demoCohort), Agus's NIP documents sent; and three CPNS
// taken on earlier, at points of their probation, under atasan —
// Citra ready to be appointed (Latsar passed, assessed layak by atasan,
// the year over), Eka whose probation ends within 60 days (Latsar
// passed, not yet assessed), Fajar with no Latsar eight months on — and
// a PPPK whose contract ends in 45 days.
func seedDemoOnboarding(ctx context.Context, d *demoEnv) error {
	admin, err := d.staff(ctx, "admin", identity.Admin)
	if err != nil {
		return err
	}
	sup, err := d.staff(ctx, "atasan", identity.Supervisor)
	if err != nil {
		return err
	}
	ctx = acting(ctx, admin)
	wf := workforce.New(d.db, func() time.Time { return d.now })
	past, err := pastPeriod(ctx, d)
	if err != nil {
		return err
	}
	boss, err := wf.FindEmployeeByUser(ctx, sup.UserID)
	if err != nil {
		return fmt.Errorf("demo onboarding: atasan's record: %w", err)
	}
	unit, pos, err := demoIntakePlace(ctx, wf, demoIntakeUnit, "Analis SDM Aparatur")
	if err != nil {
		return err
	}
	in, err := wf.FindIntake(ctx, past.ID)
	if err != nil {
		return fmt.Errorf("demo onboarding: %w", err)
	}
	published, _ := time.Parse(time.DateOnly, in.Published)
	tmt := time.Date(published.Year(), published.Month()+1, 1, 0, 0, 0, 0, time.UTC).Format(time.DateOnly)
	onboarded := 0
	for _, p := range in.Placed {
		code, ok := demoCohort[p.Name]
		if !ok {
			continue
		}
		u, ps, err := demoIntakePlace(ctx, wf, code, p.Position)
		if err != nil {
			return err
		}
		e, err := wf.OnboardCandidate(ctx, past.ID, p.ApplicationID, workforce.Onboard{TMT: tmt, UnitID: u.ID, PositionID: ps.ID,
			SupervisorID: u.HeadID, Grade: "III/a"}, admin.UserID)
		if err != nil {
			return fmt.Errorf("demo onboarding %s: %w", p.Name, err)
		}
		onboarded++
		if p.Name == "Agus Santoso" {
			if err := wf.TickChecklist(ctx, e.ID, workforce.ItemNIPDocuments, in.Published, admin.UserID); err != nil {
				return err
			}
		}
	}
	if onboarded != 2 {
		return fmt.Errorf("demo onboarding: %d of Agus Santoso and Dewi Lestari placed", onboarded)
	}
	return seedDemoProbations(ctx, d, wf, unit, pos, boss, admin, sup)
}

// demoCohort: where last year's placed candidates go, by unit code — Agus
// Santoso (Pranata Komputer) to BKPSDM's Bidang Mutasi dan Promosi under
// atasan, Dewi Lestari (Guru Kelas) to Dinas Pendidikan's Bidang SD, each
// under the unit's head.
var demoCohort = map[string]string{"Agus Santoso": demoIntakeUnit, "Dewi Lestari": "DISDIK.SD"}

// demoIntakePlace is the unit of a code and its position of a name
// (made, fungsional, if missing).
func demoIntakePlace(ctx context.Context, wf *workforce.Service, code, position string) (*workforce.Unit, *workforce.Position, error) {
	units, err := wf.FindUnits(ctx)
	if err != nil {
		return nil, nil, err
	}
	for _, u := range units {
		if u.Code != code {
			continue
		}
		ps, err := wf.Positions(ctx, u.ID)
		if err != nil {
			return nil, nil, err
		}
		for i := range ps {
			if ps[i].Name == position {
				return u, &ps[i], nil
			}
		}
		p, err := wf.CreatePosition(ctx, u.ID, position, workforce.PositionFunctional)
		return u, p, err
	}
	return nil, nil, fmt.Errorf("demo onboarding: no unit %s", code)
}

// demoProbation is a CPNS (or, contract set, a PPPK) the demo takes on
// earlier: months before now of the TMT, and what is recorded since.
type demoProbation struct {
	name     string
	gender   string
	months   int
	latsar   bool
	assessed bool
	contract int // PPPK: days from now to the contract's end
}

var demoProbations = []demoProbation{
	{name: "Citra Maharani", gender: "F", months: 13, latsar: true, assessed: true},
	{name: "Eka Prasetyo", gender: "M", months: 11, latsar: true},
	{name: "Fajar Ramadhan", gender: "M", months: 8},
	{name: "Rina Handayani", gender: "F", months: 58, contract: 45},
}

// seedDemoProbations adds demoProbations, each through the workforce's
// checks, under boss.
func seedDemoProbations(ctx context.Context, d *demoEnv, wf *workforce.Service, unit *workforce.Unit, pos *workforce.Position,
	boss *workforce.Employee, admin, sup *identity.Principal) error {
	pool := workforce.SamplePeople(1200)[360:] // beyond the demo's 300 employees and those the tests add
	today := d.now.In(demoWIB)
	for i, dp := range demoProbations {
		want := workforce.KindPNS
		if dp.contract > 0 {
			want = workforce.KindPPPK
		}
		n := takeKind(&pool, want, dp.gender)
		n.Name, n.UnitID, n.PositionID = dp.name, unit.ID, pos.ID
		tmt := time.Date(today.Year(), today.Month()-time.Month(dp.months), 1, 0, 0, 0, 0, time.UTC)
		n.TMT = tmt.Format(time.DateOnly)
		number, err := demoNumber(n, tmt, 900+i)
		if err != nil {
			return err
		}
		if want == workforce.KindPPPK {
			n.NIPPPK, n.NIP, n.Grade, n.Status = number, "", "IX", workforce.StatusActive
		} else {
			n.NIP, n.NIPPPK, n.Grade, n.Status = number, "", "III/a", workforce.StatusCPNS
		}
		e, err := wf.CreateEmployee(ctx, n)
		if err != nil {
			return fmt.Errorf("demo %s: %w", dp.name, err)
		}
		if err := wf.ChangeSupervisor(ctx, e.ID, workforce.SupervisorChange{SupervisorID: boss.ID, From: n.TMT}); err != nil {
			return err
		}
		if dp.contract > 0 {
			end := today.AddDate(0, 0, dp.contract).Format(time.DateOnly)
			if _, err := wf.AddContract(ctx, e.ID, n.TMT, end); err != nil {
				return err
			}
			continue
		}
		for _, item := range workforce.ChecklistItems {
			if err := wf.TickChecklist(ctx, e.ID, item, tmt.AddDate(0, 0, 14).Format(time.DateOnly), admin.UserID); err != nil {
				return err
			}
		}
		if dp.latsar {
			l := workforce.Latsar{Mode: "blended", Hours: 51, Passed: true, HeldOn: tmt.AddDate(0, 5, 0).Format(time.DateOnly)}
			if err := wf.RecordLatsar(ctx, e.ID, l, admin.UserID); err != nil {
				return fmt.Errorf("demo %s's Latsar: %w", dp.name, err)
			}
		}
		if dp.assessed {
			a := workforce.Assessment{Worthy: true, Note: "Menyelesaikan tugas analisis mutasi tepat waktu; disiplin dan mudah bekerja sama."}
			if err := wf.AssessProbation(acting(ctx, sup), sup.UserID, e.ID, a); err != nil {
				return fmt.Errorf("demo %s's assessment: %w", dp.name, err)
			}
		}
	}
	return nil
}

// demoWIB is the demo's time zone.
var demoWIB = time.FixedZone("WIB", 7*3600)

// takeKind takes the first sample person of a kind and gender born since
// 1990 from pool.
func takeKind(pool *[]workforce.NewEmployee, kind, gender string) workforce.NewEmployee {
	for i, p := range *pool {
		if p.Kind == kind && p.Gender == gender && p.BirthDate >= "1990-01-01" { // young enough to have been hired lately
			*pool = append((*pool)[:i:i], (*pool)[i+1:]...)
			return p
		}
	}
	panic("demo: too few sample people of kind " + kind)
}

// demoNumber is a NIP (or NI PPPK) for n from tmt with a serial: the
// prefix idnum says, which BKN would have issued.
func demoNumber(n workforce.NewEmployee, tmt time.Time, serial int) (string, error) {
	birth, err := time.Parse(time.DateOnly, n.BirthDate)
	if err != nil {
		return "", err
	}
	g, err := idnum.ParseGender(n.Gender)
	if err != nil {
		return "", err
	}
	prefix, err := idnum.NIPPrefix(birth, idnum.YearMonth{Year: tmt.Year(), Month: tmt.Month()}, g)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("%s%03d", prefix, serial), nil
}
