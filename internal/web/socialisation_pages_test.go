package web

import (
	"time"

	"asnpro/internal/culture"
	"asnpro/internal/workforce"
)

// socialisationPageSamples fill every part of the socialisation pages
// (TestEveryPageRenders), with markup in the texts to show it escaped.
func socialisationPageSamples() map[string]any {
	now := time.Now()
	quiz := []culture.Question{{Text: "Nilai <b>?", Options: []string{"Lima", "Tujuh <i>"}, Correct: 1},
		{Text: "Dua", Options: []string{"a", "b"}}, {Text: "Tiga", Options: []string{"a", "b", "c"}, Correct: 2}}
	s1 := &culture.Session{ID: 3, Title: "Sosialisasi <script>", Starts: now.Add(-48 * time.Hour), Ends: now.Add(-46 * time.Hour),
		Place: "https://meet.example.go.id/x", JP: 2, Quiz: quiz, Attendees: 4}
	s2 := &culture.Session{ID: 4, Title: "Sosialisasi kode etik", Starts: now.Add(48 * time.Hour), Ends: now.Add(50 * time.Hour),
		Place: "Aula <b>", Quiz: quiz}
	score := 2
	units := []culture.UnitAcks{{UnitID: 1, Code: "DINKES", Name: "Dinas <b>", Employees: 10, Acked: 7}}
	type unitRow struct {
		culture.UnitAcks
		Attended int
	}
	rows := []unitRow{{units[0], 3}}
	return map[string]any{
		"socialisation": socialisationData{Sessions: []culture.SessionFor{{Session: s1, Attended: true, Score: &score}, {Session: s2},
			{Session: s1, Attended: true}}, CanOrganise: true, Form: socialForm{Title: "<b>", Starts: "2026-01-02T09:00", JP: "9",
			Quiz: "x"}, Fields: map[string]string{"title": "Wajib", "starts": "x", "ends": "x", "place": "x", "jp": "x", "quiz": "x"},
			Error: "Data belum benar", Flash: "socialisation.flash.organised", UnitsHref: "/etika/sosialisasi/unit", Now: now},
		"socialisation_session": socialisationSessionData{S: s1, Attendees: []culture.Attendee{{EmployeeID: 2, Name: "Budi <b>",
			Number: "1990", Unit: "BKPSDM", Score: &score}, {EmployeeID: 3, Name: "Citra"}}, CanAttend: true,
			Employees: []*workforce.Employee{{ID: 2, Name: "Budi <b>", NIP: "1990"}}, Attended: true, CanAnswer: true, Score: &score,
			Flash: "socialisation.flash.attended", Error: "Pilih", ShowListing: true},
		"socialisation_units": struct {
			Year      int
			Units     []unitRow
			Unit      *unitRow
			Absentees []culture.Absentee
			CanOpen   bool
		}{2026, rows, &rows[0], []culture.Absentee{{EmployeeID: 3, Name: "Citra <b>", Number: "1990", Unit: "DINKES"}}, true},
	}
}
