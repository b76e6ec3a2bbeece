package web

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"asnpro/internal/identity"

	"asnpro/internal/workforce"
)

// onboardPageSamples fills every part of the onboarding and probation
// pages: a period's placed candidates (onboarded, withdrawn and replaced,
// waiting), a candidate with every form refused, an employee in probation
// with the admin's forms, a PPPK with contracts, the reminders and the
// supervisor's assessment.
func onboardPageSamples() map[string]any {
	unit := &workforce.Unit{ID: 2, Code: "BKPSDM.1", Name: "Bidang <b>"}
	placed := []workforce.Placed{
		{ApplicationID: 11, RegistrationNumber: "25000001", Name: "Agus <b>", NIK: "6271011505900001", BirthDate: "1990-05-15",
			Gender: "M", FormationCode: "F1", Position: "Analis", Unit: "BKPSDM", Result: "P/L", FinalRank: 1, EmployeeID: 7,
			TMT: "2026-02-01"},
		{ApplicationID: 12, RegistrationNumber: "25000002", Name: "Dewi", Gender: "F", FormationCode: "F1", Result: "P/L", FinalRank: 2,
			Withdrawn: &workforce.Withdrawal{Reason: "Pindah <b>", On: "2026-01-20"}, ReplacedBy: "25000003"},
		{ApplicationID: 13, RegistrationNumber: "25000003", Name: "Citra", Gender: "F", FormationCode: "F1", Result: "TL", FinalRank: 3,
			Replaces: "25000002"},
	}
	in := &workforce.Intake{PeriodID: 4, PeriodName: "CPNS <b> 2025", PeriodKind: "pppk", Version: 2, PublishedAt: time.Now(),
		Published: "2026-01-15", Placed: placed}
	fields := map[string]string{"tmt": "x", "unit_id": "x", "position_id": "x", "supervisor": "x", "grade": "x", "contract_end": "x",
		"reason": "x", "withdrawn_on": "x", "number": "x", "mode": "x", "hours": "x", "held_on": "x", "health": "x", "rule": "x",
		"decided_on": "x", "note": "x", "starts_on": "x", "ends_on": "x", "new_end": "x", "decision": "x"}
	form := onboardForm{Onboard: workforce.Onboard{TMT: "2026-02-01", UnitID: 2, PositionID: 3, Grade: "IX", ContractEnd: "2031-01-31"},
		Supervisor: "199005152015031001", Formation: "F1"}
	positions := []positionOption{{ID: 3, UnitID: 2, Label: "BKPSDM.1 · Analis <b>", Selected: true}}
	cpns := &workforce.Employee{ID: 7, Kind: workforce.KindPNS, NIK: "6271011505900001", Name: "Agus <b>", BirthDate: "1990-05-15",
		Gender: "M", Unit: *unit, Grade: "III/a", Status: workforce.StatusCPNS, TMT: "2026-02-01"}
	pppk := &workforce.Employee{ID: 8, Kind: workforce.KindPPPK, NIK: "6271011505900002", Name: "Rina", BirthDate: "1990-05-15",
		Gender: "F", Unit: *unit, Grade: "IX", Status: workforce.StatusActive, TMT: "2026-02-01"}
	probation := &workforce.Probation{TMT: "2026-02-01", Ends: "2027-02-01",
		Latsar:     &workforce.Latsar{Mode: "blended", Hours: 51, Passed: true, HeldOn: "2026-06-01"},
		Assessment: &workforce.Assessment{Worthy: true, Note: "Baik <b>", Supervisor: workforce.Person{ID: 5, Name: "Budi"}, At: time.Now()},
		Missing:    []string{workforce.RuleProbationYear}}
	decided := *probation
	decided.Outcome = &workforce.Outcome{Outcome: workforce.OutcomeTerminated, Rule: workforce.RuleLatsarFailed, DecidedOn: "2027-02-02",
		Health: "445/1"}
	decided.Latsar = nil
	checklist := []workforce.ChecklistEntry{{Item: workforce.ItemNIPDocuments, DoneOn: "2026-02-03", DoneBy: "admin"},
		{Item: workforce.ItemOath}, {Item: workforce.ItemLatsarReg}, {Item: workforce.ItemFirstSKP}}
	life := func(p *workforce.Probation, admin bool) *lifecycleView {
		return &lifecycleView{Probation: p, Checklist: checklist, Prefix: "199005152026021", IntakeHref: "/pengangkatan/4", CanRecord: admin,
			Today: "2026-11-28", Number: "1990", Latsar: latsarForm{Mode: "daring", Hours: "51", Result: "tidak_lulus", HeldOn: "2026-06-01"},
			Outcome:       workforce.Outcome{Outcome: workforce.OutcomeTerminated, Rule: workforce.RuleHealthUnfit, Note: "x"},
			ShowChecklist: true, LatsarOpen: admin, Rules: workforce.TerminationRules, Modes: workforce.LatsarModes,
			Items: workforce.ChecklistItems, ProbationOK: admin,
			Contracts: []workforce.Contract{{ID: 1, StartsOn: "2026-02-01", EndsOn: "2027-01-31"},
				{ID: 2, StartsOn: "2021-02-01", EndsOn: "2026-01-31", Decision: workforce.RenewalNotExtended, Reason: "Habis <b>"}},
			Renewal: workforce.Renewal{Decision: workforce.RenewalNotExtended, Reason: "x"}}
	}
	withLatsarForm := *probation
	withLatsarForm.Latsar = nil
	pppkLife := life(nil, true)
	pppkLife.Undecided = &pppkLife.Contracts[0]
	reminders := []workforce.Reminder{{Employee: workforce.Person{ID: 7, Name: "Agus <b>"}, Unit: "BKPSDM", TMT: "2026-02-01",
		Due: "2027-02-01", Reasons: []string{"probation_ends", "latsar_missing"}}}
	return map[string]any{
		"onboard_periods": intakesData{Periods: []workforce.IntakePeriod{{ID: 4, Name: "CPNS <b>", Kind: "cpns", Published: time.Now()}},
			RemindersURL: "/pengingat"},
		"onboard_period": intakeData{In: in, Formations: []string{"F1", "F2"}, Units: []*workforce.Unit{unit}, Positions: positions,
			Form: form, Fields: fields, Error: "Data belum benar", Flash: "2 peserta diangkat.", CanOnboard: true, Back: "/pengangkatan"},
		"onboard_candidate": candidateData{In: in, P: placed[1], Units: []*workforce.Unit{unit}, Positions: positions, Form: form,
			Reason: "Alasan <b>", On: "2026-01-20", Which: "withdraw", Fields: fields, Error: "Data belum benar", Flash: "Dicatat.",
			CanOnboard: true, CanWithdraw: true, CanReplace: true, EmployeeHref: "/pegawai/7", Back: "/pengangkatan/4", Window: 30,
			Replacement: &workforce.Replacement{Withdrawn: placed[1], Candidate: placed[2]}},
		"employee": employeePageData{E: cpns, L: life(&withLatsarForm, true), Which: "latsar", Fields: fields,
			Error: "Data belum benar", Flash: "Disimpan."},
		"my_record": myRecordData{E: cpns, L: life(&decided, false)},
		"reminders": remindersData{Probation: reminders, Contracts: []workforce.Reminder{{Employee: workforce.Person{ID: 8, Name: "Rina"},
			Unit: "BKPSDM", Due: "2027-01-31", Contract: 1, Reasons: []string{"contract_ends"}}}, CanOpen: true, Soon: 60, Latsar: 6,
			Contract: 90},
		"probation_assess": assessData{E: cpns, Probation: probation, Worthy: "tidak_layak", Note: "Catatan <b>", Fields: fields,
			Error: "Data belum benar", Flash: "Dicatat."},
		pppkSample: employeePageData{E: pppk, L: pppkLife, Which: "renewal", Fields: fields, Error: "x"},
	}
}

// pppkSample names, among the samples, the employee page of a PPPK with
// contracts (no page has that name: TestEmployeePageOfAPPPK renders it).
const pppkSample = "employee/pppk"

// TestEmployeePageAfterHiring: a PPPK's page shows the contracts and, for
// the admin, the renewal form of the undecided one; a CPNS's page the
// checklist, the Latsar form and the probation's decision; in both
// languages.
func TestEmployeePageAfterHiring(t *testing.T) {
	t.Parallel()
	s, _ := newTestServer(t)
	admin := &identity.Principal{UserID: 1, Username: "admin", Roles: []identity.Role{identity.Admin}}
	for _, lang := range []string{langID, langEN} {
		r := httptest.NewRequest("GET", "/x", nil)
		r = r.WithContext(identity.WithPrincipal(context.WithValue(r.Context(), langKey, lang), admin))
		w := httptest.NewRecorder()
		if err := s.render(w, r, 200, "employee", "home.title", onboardPageSamples()[pppkSample]); err != nil {
			t.Fatal(err)
		}
		body := w.Body.String()
		for _, want := range []string{`id="contracts-table"`, `id="renewal-form"`, `action="/pegawai/8/kontrak/1"`, "Habis &lt;b&gt;"} {
			if !strings.Contains(body, want) {
				t.Errorf("%s: no %s", lang, want)
			}
		}
		if strings.Contains(body, "[[") {
			t.Errorf("%s: missing catalogue key: %s", lang, body[strings.Index(body, "[["):][:40])
		}
		w = httptest.NewRecorder()
		if err := s.render(w, r, 200, "employee", "home.title", onboardPageSamples()["employee"]); err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{`id="checklist-items"`, `id="tick-oath"`, `id="latsar-form"`, `id="outcome-form"`, `id="nip-prefix"`,
			`id="probation-missing"`} {
			if !strings.Contains(w.Body.String(), want) {
				t.Errorf("%s: the CPNS's page has no %s", lang, want)
			}
		}
	}
}
