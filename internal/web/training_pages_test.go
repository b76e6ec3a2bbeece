package web

import (
	"time"

	"asnpro/internal/training"
)

// trainingPageSamples fills every training page with names that need
// escaping, every optional part shown.
func trainingPageSamples() map[string]any {
	cost := int64(1500000)
	prog := training.Programme{ID: 3, InstitutionID: 1, Institution: "Admin <b>", Title: "Admin <b>", Topic: training.TopicIT, JP: 12,
		Mode: training.ModeOnline, Cost: &cost, Description: "Admin <b>", Competencies: []string{"integritas"}, Prerequisites: []int64{2}}
	start := time.Date(2026, 5, 4, 1, 0, 0, 0, time.UTC)
	done := start.Add(48 * time.Hour)
	ss := &training.Session{ID: 5, Programme: prog, StartsAt: start, EndsAt: start.Add(24 * time.Hour), Place: "Admin <b>",
		OnlineURL: "https://meet.example/x", Capacity: 20, Trainer: &training.Person{ID: 9, Name: "Admin <b>"}, Meetings: 2,
		MinAttendance: 80, PassScore: 70, Enrolled: 2, Waitlisted: 1}
	pre, post, rating := 60, 85, 5
	e := &training.Enrolment{ID: 7, SessionID: 5, Employee: training.Person{ID: 4, Name: "Admin <b>"}, Status: training.StatusEnrolled,
		PreScore: &pre, PostScore: &post, Rating: &rating, Comment: "Admin <b>", Present: 1, Attendance: []bool{true, false}}
	c := *e
	c.ID, c.Status, c.CompletedOn, c.CertCode, c.RevokedAt, c.RevokedReason = 8, training.StatusCompleted, "2026-05-05", "ABC",
		&done, "Admin <b>"
	asked := *e
	asked.ID, asked.Status = 9, training.StatusRequested
	view := sessionView{Session: ss, Href: "/pelatihan/sesi/5", Phase: "running"}
	fail := formFail{Which: "x", Error: "Data belum benar", Fields: map[string]string{"employee": "x", "rating": "x", "name": "x",
		"number": "x", "username": "x", "title": "x", "starts_at": "x", "capacity": "x"}}
	inst := &training.Institution{ID: 1, Name: "Admin <b>", Address: "Admin <b>", Contact: "Admin <b>"}
	return map[string]any{
		"training_catalogue": catalogueData{Sessions: []sessionView{view}, Programmes: []*training.Programme{&prog},
			Links: []link{{Text: "tr.go.mine", Href: "/pelatihan/saya", ID: "go-mine"}}},
		"training_session": sessionData{S: view, Competencies: []string{"Integritas"}, Mine: e, CanRequest: true, CanCancel: true,
			CanNominate: true, CanTeach: true, CanRevoke: true, CanDecide: true, Participants: []trParticipant{{Enrolment: e, Percent: 50},
				{Enrolment: &c, Percent: 100, RevokeURL: "/pelatihan/peserta/8/cabut"}, {Enrolment: &asked}},
			Meetings: []int{1, 2}, Flash: "ok", F: fail,
			Nominee: "Admin <b>"},
		"training_mine": myTrainingsData{Items: []myEnrolment{{Enrolment: &c, Session: ss, Href: "/pelatihan/sesi/5",
			CertHref: "/api/v1/training/enrolments/8/certificate.pdf", CanFeedback: true, CanCancel: true, RatingValue: 5}},
			Ratings: []int{1, 2, 3, 4, 5}, JPYear: 12, Year: 2026, Flash: "ok", F: fail, Catalog: "/pelatihan"},
		"training_approvals": approvalsData{Items: []*training.Enrolment{e}, Names: map[int64]string{5: "Admin <b>"}, Flash: "ok"},
		"training_teaching":  teachingData{Sessions: []sessionView{view}},
		"training_meeting": meetingData{S: ss, No: 1, Participants: []*training.Enrolment{e}, Present: map[int64]bool{7: true},
			Back: "/pelatihan/sesi/5"},
		"training_institutions": institutionsData{Items: []*training.Institution{inst}, Form: training.NewInstitution{Name: "Admin <b>"},
			F: fail, CanEdit: true},
		"training_institution": institutionData{I: inst, Agreements: []training.Agreement{{ID: 1, Number: "Admin <b>",
			StartsOn: "2026-01-01", EndsOn: "2027-12-31", Scope: "Admin <b>"}}, Today: "2026-05-01",
			Trainers: []training.Person{{ID: 9, Name: "Admin <b>", Username: "pelatih"}}, Programmes: []*training.Programme{&prog},
			Programme: programmeForm{NewProgramme: training.NewProgramme{Title: "Admin <b>", Topic: training.TopicIT},
				Topics: training.Topics(), Modes: training.Modes(), Competencies: training.Competencies(),
				Chosen: map[string]bool{"integritas": true}, All: []*training.Programme{&prog}, Required: map[int64]bool{3: true}},
			F: fail, Flash: "ok", CanEdit: true},
		"training_programme": programmeData{P: &prog, Competencies: []string{"Integritas"}, Required: []*training.Programme{&prog},
			Sessions: []sessionView{view}, Trainers: []training.Person{{ID: 9, Name: "Admin <b>"}},
			Form: trSessionForm{StartsAt: "2026-05-04T08:00", TrainerID: 9}, F: fail, Flash: "ok", CanEdit: true,
			InstHref: "/pelatihan/lembaga/1"},
		"training_report": reportData{Rows: []training.ReportRow{{Institution: "Admin <b>", Topic: training.TopicIT, Sessions: 2,
			Participants: 10, Finished: 8, Completed: 6, Ratings: 4, RatingSum: 18, Satisfied: 3, Cost: 15000000, CostRecorded: true},
			{Sessions: 2}}},
		"training_verify": verifyData{C: &training.Certificate{Code: "ABC", Name: "Admin <b>", Programme: "Admin <b>",
			Institution: "Admin <b>", JP: 12, CompletedOn: "2026-05-05", RevokedAt: &done, RevokedReason: "Admin <b>"}},
	}
}
