package web

import (
	"time"

	"asnpro/internal/apperr"
	"asnpro/internal/identity"
	"asnpro/internal/recruitment"
	"asnpro/internal/results"
	"asnpro/internal/verification"
)

// Test data for the verification pages (TestEveryPageRenders): every
// branch that shows something, with names that must be escaped.

func demoVerifyHome() verifyHomeData {
	p := periodView{demoPeriod(), "registration"}
	now := time.Now()
	return verifyHomeData{Flash: "ver.flash.pact", Rows: []pactRow{
		{P: p, Text: "PAKTA <b>", CanSign: true, Error: "Centang"},
		{P: p, Pact: &verification.Pact{SignedAt: now, NoConflict: true}},
		{P: p},
	}}
}

func demoVerifyPeriod() verifyPeriodData {
	now := time.Now()
	item := verification.QueueItem{ApplicationID: 1, RegistrationNumber: "20260010000001", Name: "Admin <b>",
		FormationCode: "PKY-1", Position: "Perawat", SubmittedAt: now, Decision: "TMS", DecidedAt: &now}
	item2 := item
	item2.Decision, item2.VerifierID = "", 7
	ap := &verification.Appeal{ID: 3, ApplicationID: 1, Reason: "Ijazah jelas", Status: "pending", FiledAt: now}
	ap2 := *ap
	ap2.ID, ap2.Status, ap2.Response = 4, "upheld", "Diterima"
	return verifyPeriodData{P: periodView{demoPeriod(), "verification"}, Status: "pending", Statuses: []string{"pending", "MS", "TMS", "all"},
		Queue: &verification.Queue{Items: []verification.QueueItem{item, item2}, Total: 2,
			Counts: map[string]int{"pending": 1, "MS": 0, "TMS": 1, "all": 2}},
		Next: "/x?offset=50", Prev: "/x", IsVerifier: true, IsCommittee: true, Flash: "ver.flash.decided", Error: "Masih ada 3 lamaran",
		Progress: &verification.Progress{Submitted: 2, Decided: 1,
			Verifiers: []verification.VerifierProgress{{Verifier: verification.Person{Name: "Admin <b>", Username: "v"}, Decided: 1,
				Pending: 1, MedianSeconds: 30}},
			Formations: []verification.FormationProgress{{Code: "PKY-1", Position: "Perawat", MS: 1}}, OldestWaiting: &item2,
			Flags: []verification.Flag{{Kind: verification.FlagLateConflict, ApplicationID: 1, RegistrationNumber: "1",
				User: verification.Person{Name: "Admin <b>"}, Decision: "TMS", Current: "TMS", At: now},
				{Kind: verification.FlagLateConflict, ApplicationID: 2, RegistrationNumber: "2", Decision: "MS", At: now}}},
		Integrity: &verification.Integrity{Pacts: []*verification.Pact{{User: verification.Person{Name: "Admin <b>"},
			Roles: []string{"verifier"}, SignedAt: now, NoConflict: true}},
			Conflicts: []*verification.Conflict{{User: verification.Person{Name: "V"}, RegistrationNumber: "1",
				ApplicantName: "Admin <b>", Kind: "family", DeclaredAt: now, AfterAnnouncement: true, AnnouncedDecision: "TMS"}}},
		Appeals: []verification.AppealRow{{Appeal: ap, RegistrationNumber: "1", Name: "Admin <b>", FormationCode: "PKY-1",
			Reasons: []verification.Reason{{Requirement: "ijazah", Note: "buram"}}},
			{Appeal: &ap2, RegistrationNumber: "2", Name: "B", FormationCode: "PKY-1"}},
		Announcements: []*verification.Announcement{{Stage: "administration", Version: 1, PublishedAt: now, SHA256: "ab"}},
		Assign: &verification.Assignment{Verifiers: []verification.Person{{ID: 5, Name: "Admin <b>", Username: "v2"}},
			Unassigned: []verification.QueueItem{item2, {ApplicationID: 9, Name: "Admin <b>", SubmittedAt: now}},
			Holders:    map[int64]verification.Person{7: {ID: 7, Name: "Admin <b>", Username: "v"}}, Disabled: map[int64]bool{7: true},
			Conflicts: map[int64][]int64{9: {5}}},
		CanAct: true, AssignApp: 1, AssignError: "Bukan verifikator", AssignTyped: "v2", Lang: "id",
	}
}

func demoVerifyApp() verifyAppData {
	now := time.Now()
	ipk := 3.5
	a := &recruitment.Application{ID: 1, PeriodID: 1, RegistrationNumber: "20260010000001", Status: recruitment.StatusSubmitted,
		SubmittedAt: &now,
		Education: recruitment.Education{Level: "S1",
			IPK: &ipk}, MajorCode: "S1-KEP", Attributes: map[string]string{"jenis_disabilitas": "daksa"},
		Documents: []recruitment.Document{{Kind: "ijazah", Size: 4096, ContentType: "application/pdf"},
			{Kind: "pas_foto", Size: 2048, ContentType: "image/jpeg"}}}
	v := &verification.View{App: a,
		Applicant: &recruitment.Applicant{Name: "Admin <b>", BirthPlace: "Palangka Raya",
			BirthDate: "1998-05-12"}, Formation: demoFormation(), Period: demoPeriod(),
		V:        &verification.Verification{Decision: "TMS", Reasons: []verification.Reason{{Requirement: "ijazah", Note: "buram"}}},
		Verifier: &verification.Person{Name: "V"}, Confirmer: &verification.Person{Name: "K"},
		Prechecks: []verification.Check{
			{Requirement: "age", OK: true, Msg: apperr.M("verification.check.age_ok", "age", 28, "min", 18, "max", 35)},
			{Requirement: "ipk", Msg: apperr.M("recruitment.reason.ipk_required")}},
		Checklist: []string{"ijazah", "education"}, Appeal: &verification.Appeal{Reason: "x",
			Status: "pending"}, CanDecide: true, CanConfirm: true}
	return verifyAppData{V: v, Docs: []docInline{{Doc: a.Documents[0], URL: "/d/1", PDF: true}, {Doc: a.Documents[1], URL: "/d/2"}},
		Flash: "ver.flash.decided", Error: "Keputusan belum lengkap",
		Checked: map[string]bool{"ijazah": true}, Notes: map[string]string{"ijazah": "buram <b>"}, IsCommittee: true}
}

func demoOutcome() outcomeData {
	now := time.Now()
	a := &recruitment.Application{ID: 1, PeriodID: 1, RegistrationNumber: "20260010000001", Status: recruitment.StatusSubmitted}
	return outcomeData{A: a, F: demoFormation(), P: periodView{demoPeriod(), "appeal"}, Flash: "ver.flash.appealed",
		Error: "Masa sanggah", Draft: "Admin <b>",
		O: &verification.Outcome{Announced: true, Result: "TMS",
			Reasons: []verification.Reason{{Requirement: "ijazah", Note: "buram"}}, AnnouncedAt: now, WindowEndsAt: now, CanAppeal: true,
			Appeal: &verification.Appeal{Reason: "alasan", Status: "upheld", Response: "Diterima"}},
		Ranked: []rankedView{{RankedRow: verification.RankedRow{A: &verification.Announcement{PeriodID: 1, Stage: "skd", Version: 1,
			SHA256: "ab12"}, Item: verification.Item{No: 2, RegistrationNumber: "20260010000001", Result: "P/L",
			Extra: []string{"120", "140", "189", "449", "1"}}}, Columns: verification.StageColumns("skd"),
			Why: &explanation{Outcome: "P/L", Reasons: []string{"Memenuhi nilai ambang batas kategori Umum."}}}}}
}

// demoRanking is the committee's ranking page with a final list.
func demoRanking() rankingData {
	return rankingData{P: periodView{demoPeriod(), "closed"}, Stage: "final", Columns: verification.StageColumns("final"), Total: 230,
		Page: 2, Pages: 3, PrevHref: "/x?hal=1", NextHref: "/x?hal=3", CanAct: true, Flash: "Nilai disimpan", Error: "Belum",
		Scheme: results.SKBScheme{CATWeight: 70, ExtraKind: "practical", ExtraName: "Praktik kerja", ExtraWeight: 30},
		Kinds:  results.ExtraKinds, SchemeFields: map[string]string{"extra_weight": "Bobot harus berjumlah 100"},
		SchemeForm: skbSchemeForm{CATWeight: "70", ExtraWeight: "40", ExtraKind: "practical"}, Published: 1, Number: "800/1",
		Counts: []scoreCount{{Component: "skd", Present: 3, Absent: 1, Sources: map[string]int{"cat": 3, "import": 1}},
			{Component: "skb", Sources: map[string]int{}}},
		Rows: []rankingRow{{Item: verification.Item{No: 1, RegistrationNumber: "1", Name: "AG*** S***", FormationCode: "PKY-1",
			Result: "P/L-2", Extra: []string{"449", "80.5", "80.945", "1", "PKY-2"}},
			Why: &explanation{Outcome: "P/L-2", Reasons: []string{"a", "b"}}}}}
}

func demoResults() resultsData {
	now := time.Now()
	a := &verification.Announcement{PeriodID: 1, Stage: "administration", Version: 2, PublishedAt: now, SHA256: "ab12", AuditSeq: 9, Rows: 1}
	return resultsData{P: periodView{demoPeriod(), "appeal"}, A: a, Title: "Hasil",
		Items: []verification.Item{{No: 1, RegistrationNumber: "1", Name: "AD*** <B>", FormationCode: "PKY-1", Position: "Perawat",
			Result: "MS"}},
		Total: 1, Q: "1", Versions: []*verification.Announcement{a}, Next: "/n", Prev: "/p",
		Base: "/api/v1/periods/1/results?stage=administration&version=2", Published: true, BackHref: "/panitia/periode/1/peringkat"}
}

func demoStats() statsData {
	now := time.Now()
	return statsData{P: periodView{demoPeriod(), "appeal"}, Reqs: []string{"ijazah"}, S: &verification.Statistics{
		Administration: &verification.StageCount{Version: 1, PublishedAt: now, SHA256: "ab", Total: 3, MS: 2, TMS: 1},
		AfterAppeal:    &verification.StageCount{Version: 1, PublishedAt: now, Total: 3, MS: 3},
		TMSByReq:       map[string]int{"ijazah": 1}, Appeals: verification.AppealCount{Filed: 1, Upheld: 1},
		AppealsByReq: map[string]verification.AppealCount{"ijazah": {Filed: 1, Upheld: 1}}}}
}

func demoIntegrity() integrityData {
	v := demoVerifyPeriod()
	return integrityData{P: v.P, I: v.Integrity, Hashes: []string{"ab"}}
}

func demoUser() userData {
	u := &identity.User{ID: 2, Username: "budi", Name: "Admin <b>", Email: "b@example.id", Roles: []identity.Role{identity.Verifier},
		CreatedAt: time.Now()}
	return userData{U: u, CanEdit: true, AllRoles: identity.AllRoles, Flash: "staff.flash.created", Password: "Admin <b>",
		Form: "roles", Error: "Minimal satu peran", Fields: map[string]string{"roles": "Minimal satu peran"}, Mode: "type"}
}
