package web

import (
	"time"

	"asnpro/internal/performance"
	"asnpro/internal/workforce"
)

// performancePageSamples fill every part of the performance pages: each
// form with its error, an evaluation with an objection, a coaching plan
// with offers, a broken curve.
func performancePageSamples() map[string]any {
	now := time.Now()
	sup := &workforce.Person{ID: 5, Name: "Budi <b>", Username: "atasan"}
	ev := &performance.Evaluation{ID: 9, PlanID: 3, Period: "2026-Q1", Hasil: "meets", Perilaku: "above", Predikat: "baik",
		Notes: "Catatan <b>", Supervisor: *sup, EvaluatedAt: now, Comment: "Tanggapan",
		Objection: &performance.Objection{Reason: "Alasan <b>", FiledAt: now}}
	annual := &performance.Evaluation{ID: 10, PlanID: 3, Period: "2026", Annual: true, Hasil: "below", Perilaku: "meets",
		Predikat: "butuh_perbaikan", Notes: "x", Supervisor: *sup, EvaluatedAt: now, Final: true,
		Objection: &performance.Objection{Reason: "y", FiledAt: now, Decision: "rejected", Response: "z"}}
	plan := &performance.Plan{ID: 3, Year: 2026, Cadence: "quarterly", Status: "approved", UnitID: 2, UnitName: "Bidang <b>",
		Employee: workforce.Person{ID: 7, Name: "Andi <b>", Username: "pegawai"}, Supervisor: sup,
		Expectations: map[string]string{"akuntabel": "Tepat waktu <b>"},
		Results:      []performance.Result{{ID: 1, Text: "Hasil <b>", Indicator: "Indikator", Target: "90 %", ParentID: 4, ParentText: "Induk"}},
		History:      []performance.HistoryEntry{{Action: "approve", Comment: "ok", By: "Budi", At: now}, {Action: "handover", By: "x", At: now}},
		Notes: []performance.Note{{ID: 1, Kind: "evidence", Text: "Bukti", Link: "https://example.id/a", By: "Andi", At: now},
			{ID: 2, Kind: "evidence", Text: "Berkas", File: &performance.NoteFile{SHA256: "ab", ContentType: "application/pdf",
				Name: "rekap <b>.pdf"}, By: "Andi", At: now}},
		Evaluations: []*performance.Evaluation{ev, annual}}
	var periods []periodRow
	for i, p := range performance.Periods(2026, "quarterly") {
		row := periodRow{Period: p, Ended: i < 2}
		if i == 0 {
			row.Eval = ev
		}
		if p.Annual {
			row.Eval = annual
		}
		periods = append(periods, row)
	}
	planned := now
	coaching := &performance.Coaching{ID: 4, Employee: plan.Employee, Year: 2026, PlanID: 3, Predikat: "butuh_perbaikan", Escalated: true,
		Goals: "Sasaran <b>", Focus: []string{"komunikasi"}, Sessions: []int64{11}, ReviewOn: "2027-07-05", PlannedAt: &planned,
		Meetings: []performance.Meeting{{HeldOn: "2027-01-05", Note: "Pertemuan", By: "Budi", At: now}}}
	fields := map[string]string{"text": "x", "indicator": "x", "target": "x", "parent_id": "x", "comment": "x", "notes": "x",
		"period": "x", "goals": "x", "focus": "x", "sessions": "x", "held_on": "x", "link": "x", "year": "x", "cadence": "x",
		"predikat": "x", "basis": "x", "reason": "x", "file": "x"}
	all := performance.Access{Owner: true, Supervisor: true, Superior: true, Head: true, Reader: true}
	lists := skpLists{Ratings: performance.Ratings, Values: performance.Values, Competencies: performance.Competencies,
		NoteKinds: performance.NoteKinds}
	planData := skpPlanData{P: plan, A: all, Parents: plan.Results, Periods: periods, Coaching: coaching,
		Reward: &performance.Reward{Employee: plan.Employee, Year: 2026, Succession: true}, OffersOK: true,
		Offers: []performance.Offer{{SessionID: 11, Title: "Komunikasi efektif <b>", Institution: "BPSDM", JP: 24, StartsAt: now, SeatsLeft: 3}},
		Chosen: map[int64]bool{11: true}, Focus: map[string]bool{"komunikasi": true}, Now: now, Today: "2026-12-08", Which: "evaluate",
		Fields: fields, Error: "Data belum benar", Flash: "Disimpan.", Lists: lists, MayDecide: true}
	unit := &workforce.Unit{ID: 2, Code: "BKPSDM.MUT", Name: "Bidang <b>", ParentID: 1}
	approved := now
	uy := &performance.UnitYear{UnitID: 2, Year: 2026, Predikat: "butuh_perbaikan", Basis: "Dasar <b>", SetAt: now, ApprovedAt: &approved}
	dist := performance.Distribution{"sangat_baik": 1, "baik": 1}
	st := &performance.UnitStatus{Unit: unit, Year: 2026, UY: uy, Plans: 3, Dist: dist, Violations: performance.CheckCurve(uy.Predikat, dist),
		Missing: []workforce.Person{plan.Employee}, Rows: []performance.UnitRow{{Employee: plan.Employee, PlanID: 3, Predikat: "baik"},
			{Employee: plan.Employee, PlanID: 4}}, MaySet: true, MayApprove: true, MayFinalise: true}
	row := performance.ReportRow{UnitID: 2, UnitCode: "BKPSDM.MUT", UnitName: "Bidang <b>", UnitPredikat: "baik", Final: true, Plans: 3,
		Dist: dist, PrevDist: dist, Rewards: 1, Succession: 1, Coaching: 1, Improved: 1, Escalated: 1}
	return map[string]any{
		"skp_mine": skpMineData{Plans: []*performance.Plan{plan}, Years: []int{2026, 2027, 2025}, Year: 2026, Cadence: "quarterly",
			Cadences: performance.Cadences, Fields: fields, Error: "Data belum benar", Flash: "Disimpan."},
		"skp_plan": planData,
		"skp_team": skpTeamData{Year: 2026, Years: []int{2026, 2025}, Plans: []*performance.Plan{plan},
			Without: []*workforce.Employee{{ID: 8, Name: "Citra <b>"}}, NotEmployee: true},
		"skp_objections": skpObjectionsData{Items: []performance.PendingObjection{{Evaluation: ev, PlanID: 3, Employee: plan.Employee}}},
		"skp_units": skpUnitsData{Year: 2026, Years: []int{2026}, Items: []performance.UnitSummary{{Unit: unit, UY: uy, Plans: 3, Evaluated: 2},
			{Unit: unit}}},
		"skp_unit": skpUnitData{St: st, Year: 2026, Predikats: performance.UnitPredikats, All: performance.Predikats, Predikat: "baik",
			Basis: "x", Fields: fields, Error: "Kurva <b>", Flash: "Disimpan.", CanSet: true, CanApprove: true},
		"skp_reports": skpReportsData{Year: 2026, Years: []int{2026}, Rows: []performance.ReportRow{row}, XLSX: "/a", PDF: "/b",
			EKinerja: "/c", Predikats: performance.Predikats, TotalPlans: 3},
	}
}
