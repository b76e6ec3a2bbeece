package culture_test

import (
	"context"
	"reflect"
	"strconv"
	"testing"
	"time"

	"asnpro/internal/apperr"
	"asnpro/internal/culture"
	"asnpro/internal/sqldb"
	"asnpro/internal/sqldb/sqldbtest"
	"asnpro/internal/testkit"
	"asnpro/internal/workforce"
)

func sampleQuiz() []culture.Question {
	return []culture.Question{
		{Text: "Berapa nilai dasar BerAKHLAK?", Options: []string{"Lima", "Tujuh"}, Correct: 1},
		{Text: "Gratifikasi dilaporkan ke?", Options: []string{"UPG", "Teman", "Tidak perlu"}, Correct: 0},
		{Text: "Akuntabel berarti?", Options: []string{"Cepat", "Bertanggung jawab"}, Correct: 1},
	}
}

func TestParseQuiz(t *testing.T) {
	t.Parallel()
	got := culture.ParseQuiz("Satu?\na\n*b\n\n\nDua?\r\n*x\r\ny\r\n\nTiga?\na\nb\n")
	want := []culture.Question{{"Satu?", []string{"a", "b"}, 1}, {"Dua?", []string{"x", "y"}, 0}, {"Tiga?", []string{"a", "b"}, -1}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("ParseQuiz = %+v, want %+v", got, want)
	}
	if back := culture.ParseQuiz(culture.QuizText(sampleQuiz())); !reflect.DeepEqual(back, sampleQuiz()) {
		t.Fatalf("QuizText round trip: %+v", back)
	}
}

func TestScore(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name    string
		answers []int
		score   int
		ok      bool
	}{
		{"all right", []int{1, 0, 1}, 3, true},
		{"one right", []int{0, 0, 0}, 1, true},
		{"missing", []int{1, 0}, 0, false},
		{"out of range", []int{1, 3, 1}, 0, false},
		{"unanswered", []int{1, -1, 1}, 0, false},
	} {
		if s, ok := culture.Score(sampleQuiz(), c.answers); s != c.score || ok != c.ok {
			t.Errorf("%s: Score = %d, %v; want %d, %v", c.name, s, ok, c.score, c.ok)
		}
	}
}

type credits struct{ refs map[string]int }

func (c *credits) hook(_ context.Context, _ *sqldb.Tx, cr culture.Credit) error {
	c.refs[cr.Ref] += cr.JP
	return nil
}

func TestSocialisationSessions(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		cr := &credits{refs: map[string]int{}}
		svc := culture.New(db, culture.Deps{Now: e.clock.Now, Staff: e.wf, OnAttend: cr.hook})
		start := testNow.Add(-48 * time.Hour)
		bad := []culture.NewSession{
			{Title: "Sosialisasi", Starts: start, Ends: start.Add(time.Hour), Place: "Aula", JP: 9, Quiz: sampleQuiz()},
			{Title: "Sosialisasi", Starts: start, Ends: start, Place: "Aula", Quiz: sampleQuiz()},
			{Title: "Sosialisasi", Starts: start, Ends: start.Add(time.Hour), Place: "", Quiz: sampleQuiz()},
			{Title: "Sosialisasi", Starts: start, Ends: start.Add(time.Hour), Place: "Aula", Quiz: sampleQuiz()[:2]},
			{Title: "Sosialisasi", Starts: start, Ends: start.Add(time.Hour), Place: "Aula",
				Quiz: append(sampleQuiz(), culture.Question{Text: "x", Options: []string{"a"}})},
			{Title: "Sosialisasi", Starts: start, Ends: start.Add(time.Hour), Place: "Aula",
				Quiz: append(sampleQuiz(), culture.Question{Text: "x", Options: []string{"a", "b"}, Correct: 2})},
		}
		for i, n := range bad {
			if _, err := svc.Organise(e.ctx, e.users["tamu"], n); codeOf(err) != apperr.Invalid {
				t.Fatalf("bad session %d: %v", i, err)
			}
		}
		x, err := svc.Organise(e.ctx, e.users["tamu"], culture.NewSession{Title: "Sosialisasi BerAKHLAK", Starts: start,
			Ends: start.Add(2 * time.Hour), Place: "Aula BKPSDM", JP: 2, Quiz: sampleQuiz()})
		if err != nil {
			t.Fatal(err)
		}
		if n := testkit.CountAudit(t, db, "socialisation.organise"); n != 1 {
			t.Fatalf("organise audit: %d", n)
		}
		// Not attended: 403; a non-employee: 404; an account without an employee: 403.
		_, err = svc.Answer(e.ctx, e.users["ani"], x.ID, []int{1, 0, 1})
		e.wantCode(err, apperr.Forbidden, "answer before attending")
		e.wantCode(svc.Attend(e.ctx, x.ID, 99999), apperr.NotFound, "attend a non-employee")
		e.wantCode(svc.Attend(e.ctx, 99999, e.emps["ani"].ID), apperr.NotFound, "attend an unknown session")
		_, err = svc.Answer(e.ctx, e.users["tamu"], x.ID, []int{1, 0, 1})
		e.wantCode(err, apperr.Forbidden, "answer without an employee record")
		// Attending credits the JP once, however often it is recorded.
		for range 2 {
			if err := svc.Attend(e.ctx, x.ID, e.emps["ani"].ID); err != nil {
				t.Fatal(err)
			}
		}
		ref := "culture:socialisation:" + itoa(x.ID) + ":" + itoa(e.emps["ani"].ID)
		if len(cr.refs) != 1 || cr.refs[ref] != 2 {
			t.Fatalf("credits: %v", cr.refs)
		}
		if n := testkit.CountAudit(t, db, "socialisation.attend"); n != 1 {
			t.Fatalf("attend audit: %d", n)
		}
		// The quiz: invalid answers change nothing; once; a second time 409.
		_, err = svc.Answer(e.ctx, e.users["ani"], x.ID, []int{1})
		e.wantCode(err, apperr.Invalid, "too few answers")
		score, err := svc.Answer(e.ctx, e.users["ani"], x.ID, []int{1, 1, 1})
		if err != nil || score != 2 {
			t.Fatalf("answer: %d, %v", score, err)
		}
		_, err = svc.Answer(e.ctx, e.users["ani"], x.ID, []int{1, 0, 1})
		e.wantCode(err, apperr.Conflict, "quiz answered twice")
		if n := testkit.CountAudit(t, db, "socialisation.answer"); n != 1 {
			t.Fatalf("answer audit: %d", n)
		}
		e.checkSocialisationLists(svc, x)
	})
}

func (e *env) checkSocialisationLists(svc *culture.Service, x *culture.Session) {
	t := e.t
	up, err := svc.Organise(e.ctx, 0, culture.NewSession{Title: "Sosialisasi kode etik", Starts: testNow.Add(72 * time.Hour),
		Ends: testNow.Add(74 * time.Hour), Place: "https://meet.example.go.id/etik", Quiz: sampleQuiz()})
	if err != nil {
		t.Fatal(err)
	}
	mine, err := svc.Sessions(e.ctx, e.emps["ani"].ID)
	if err != nil || len(mine) != 2 || mine[0].ID != up.ID || mine[1].ID != x.ID || !mine[1].Attended || *mine[1].Score != 2 {
		t.Fatalf("ani's sessions: %+v, %v", mine, err)
	}
	if other, _ := svc.Sessions(e.ctx, e.emps["budi"].ID); len(other) != 1 || other[0].ID != up.ID {
		t.Fatalf("budi's sessions: %+v", other)
	}
	if all, _ := svc.Sessions(e.ctx, 0); len(all) != 2 || all[1].Attendees != 1 {
		t.Fatalf("all sessions: %+v", all)
	}
	if as, _ := svc.Attendees(e.ctx, x.ID); len(as) != 1 || as[0].EmployeeID != e.emps["ani"].ID || *as[0].Score != 2 {
		t.Fatalf("attendees: %+v", as)
	}
	by, err := svc.AttendedByUnit(e.ctx, 2026)
	if err != nil || by[e.unit.ID] != 1 || by[e.other.ID] != 0 {
		t.Fatalf("attended by unit: %v, %v", by, err)
	}
	if by, _ := svc.AttendedByUnit(e.ctx, 2025); len(by) != 0 {
		t.Fatalf("last year: %v", by)
	}
	sub, err := e.wf.CreateUnit(e.ctx, workforce.NewUnit{Code: "BKPSDM.MUTASI", Name: "Bidang Mutasi", ParentID: e.unit.ID})
	if err != nil {
		t.Fatal(err)
	}
	p := workforce.SamplePeople(5)[4]
	p.UnitID = sub.ID
	dedi, err := e.wf.CreateEmployee(e.ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	abs, err := svc.NotAttended(e.ctx, e.unit.ID, 2026)
	if err != nil || len(abs) != 4 || abs[3].EmployeeID != dedi.ID { // the sub-unit's after the unit's (by unit code)
		t.Fatalf("not attended with the sub-unit: %+v, %v", abs, err)
	}
	if abs, _ := svc.NotAttended(e.ctx, sub.ID, 2026); len(abs) != 1 {
		t.Fatalf("not attended in the sub-unit: %+v", abs)
	}
	abs, err = svc.NotAttended(e.ctx, e.unit.ID, 2026)
	if err != nil || len(abs) != 4 {
		t.Fatalf("not attended: %+v, %v", abs, err)
	}
	for _, a := range abs {
		if a.EmployeeID == e.emps["ani"].ID {
			t.Fatalf("ani attended: %+v", abs)
		}
	}
	_, err = svc.NotAttended(e.ctx, 99999, 2026)
	e.wantCode(err, apperr.NotFound, "unknown unit")
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
