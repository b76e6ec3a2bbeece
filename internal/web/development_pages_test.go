package web

import (
	"time"

	"asnpro/internal/development"
	"asnpro/internal/workforce"
)

// developmentPageSamples fills every part of the development pages: an
// employee under target with every kind of record, a refused form, gaps
// and offers; a supervisor with a request refused and a team; the
// dashboard of a unit with its sub-unit and more employees under target
// than it lists.
func developmentPageSamples() map[string]any {
	sub := &development.Subject{ID: 7, Name: "Andi <b>", Kind: "pns", Status: "aktif", UserID: 3, SupervisorID: 5, SupervisorUserID: 4}
	at := time.Date(2026, 6, 1, 3, 0, 0, 0, time.UTC)
	recs := []development.Record{
		{ID: 1, EmployeeID: 7, Year: 2026, Source: development.SourceTraining, Ref: "x", Title: "Pelayanan <b>", Institution: "BPSDM",
			JP: 12, CompletedOn: "2026-05-02", Status: development.StatusApproved},
		{ID: 2, EmployeeID: 7, EmployeeName: "Andi", Year: 2026, Source: development.SourceExternal, Title: "Webinar", Institution: "PANRB",
			JP: 4, CompletedOn: "2026-05-03", Status: development.StatusPending,
			Evidence: &development.Evidence{SHA256: "ab", ContentType: "application/pdf", Filename: "s.pdf", Size: 500}},
		{ID: 3, EmployeeID: 7, Year: 2026, Source: development.SourceExternal, Title: "Kursus", Institution: "X", JP: 6,
			CompletedOn: "2026-04-01", Status: development.StatusRejected, Reason: "Tidak terbaca <b>", DecidedAt: &at},
		{ID: 4, EmployeeID: 7, Year: 2026, Source: development.SourceTraining, Ref: "y", Title: "Dicabut", JP: 8,
			CompletedOn: "2026-03-01", Status: development.StatusRevoked},
	}
	sum := &development.Summary{Subject: sub, Year: 2026, Bound: true, Standing: development.Evaluate(12, true), PendingJP: 4, Records: recs}
	rec := &development.Recommendation{Gaps: []development.Gap{
		{Competency: "integritas", Source: development.GapProbation, Detail: "Integritas 2.50"},
		{Competency: "digital", Source: development.GapCoaching, Detail: "Literasi digital"}},
		Offers: []development.Offer{{SessionID: 9, Title: "Integritas <b>", Institution: "BPSDM", JP: 16, StartsAt: at, SeatsLeft: 3}}}
	top := workforce.UnitNode{Unit: workforce.Unit{ID: 1, Code: "BKPSDM", Name: "BKPSDM <b>"}, Own: 2, Total: 3}
	child := workforce.UnitNode{Unit: workforce.Unit{ID: 2, Code: "BKPSDM.1", Name: "Bidang", ParentID: 1}, Depth: 1, Own: 1, Total: 1}
	tally := development.Tally{Bound: 3, Compliant: 1, Under: 2, Shortfall: 28}
	under := []development.UnderRow{{EmployeeID: 7, Name: "Andi <b>", Number: "199005152015031001", UnitID: 2, UnitName: "Bidang",
		Standing: development.Evaluate(12, true)}, {EmployeeID: 8, Name: "Budi", UnitID: 1, UnitName: "BKPSDM",
		Standing: development.Evaluate(0, true)}}
	dash := &development.Dashboard{Year: 2026, UnitID: 1, All: tally, Tree: []workforce.UnitNode{top, child},
		Units: []development.UnitRow{{UnitNode: top, Own: tally, Total: tally}, {UnitNode: child}}, UnderTarget: under}
	return map[string]any{
		"development_me": devMeData{Subject: sub, Sum: sum, Year: 2026, ThisYear: true, Years: years(2026), Rec: rec, CanSubmit: true,
			Form: development.External{Title: "<b>", Institution: "x", CompletedOn: "2026-13-01"}, JPText: "999",
			Fields: map[string]string{"title": "x", "institution": "x", "jp": "x", "completed_on": "x", "evidence": "x"},
			Error:  "Data tidak valid", Flash: "dev.external.sent"},
		"development_team": devTeamData{Me: sub, Year: 2026, Pending: recs[1:2], Required: 20,
			Team: []development.TeamRow{{EmployeeID: 7, Name: "Andi", Bound: true, Standing: development.Evaluate(12, true), PendingJP: 4},
				{EmployeeID: 8, Name: "PPPK", Standing: development.Evaluate(3, false)}},
			Decided: "dev.decided.approve", Errors: map[int64]string{2: "Sudah diputuskan"}, Reason: map[int64]string{2: "<b>"}},
		"development_dashboard": devDashData{D: dash, Shown: under[:1], Years: years(2026), Query: "year=2026&unit=1"},
	}
}
