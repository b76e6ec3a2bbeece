package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"asnpro/internal/apperr"
	"asnpro/internal/culture"
	"asnpro/internal/identity"
	"asnpro/internal/workforce"
)

// Socialisation sessions on ethics and integrity (docs/CULTURE.md): the
// admin organises a session with a short quiz and records who attended
// (a session counted as JP credits the development hours); an employee who
// attended answers the quiz once; the admin, the leader and the auditor see
// per unit who has not attended any session this year.

// socialForm is the organiser's form as typed (shown again on an error).
type socialForm struct {
	Title, Starts, Ends, Place, JP, Quiz string
}

type socialisationData struct {
	Sessions    []culture.SessionFor
	CanOrganise bool
	Form        socialForm
	Fields      map[string]string
	Error       string
	Flash       string
	UnitsHref   string
	Now         time.Time
}

var socialisationFlashes = map[string]string{"organised": "socialisation.flash.organised", "attended": "socialisation.flash.attended",
	"answered": "socialisation.flash.answered"}

// socialisationPage: GET /etika/sosialisasi — every session for the
// organiser and the readers; for an employee the upcoming ones and theirs.
func (s *Server) socialisationPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderSocialisation(w, r, http.StatusOK, socialisationData{Flash: socialisationFlashes[r.URL.Query().Get("ok")]})
}

func (s *Server) renderSocialisation(w http.ResponseWriter, r *http.Request, status int, d socialisationData) error {
	ctx := r.Context()
	p := identity.PrincipalFrom(ctx)
	d.CanOrganise = s.may(p, "POST /etika/sosialisasi")
	var empID int64
	if !d.CanOrganise && !s.may(p, "GET /etika/sosialisasi/unit") {
		e, err := s.workforce.FindEmployeeByUser(ctx, p.UserID)
		switch {
		case err == nil:
			empID = e.ID
		case errors.Is(err, workforce.ErrEmployeeNotFound):
			empID = -1 // upcoming sessions only
		default:
			return err
		}
	}
	var err error
	if d.Sessions, err = s.culture.Sessions(ctx, empID); err != nil {
		return err
	}
	if d.CanOrganise && d.Form.Title == "" && d.Error == "" {
		start := s.cfg.Now().In(wib).AddDate(0, 0, 7)
		start = time.Date(start.Year(), start.Month(), start.Day(), 9, 0, 0, 0, wib)
		d.Form = socialForm{Starts: formTime(start), Ends: formTime(start.Add(2 * time.Hour)), JP: "0",
			Quiz: "Berapa nilai dasar dalam BerAKHLAK?\nLima\n*Tujuh\nSembilan\n"}
	}
	if s.may(p, "GET /etika/sosialisasi/unit") {
		d.UnitsHref = "/etika/sosialisasi/unit"
	}
	d.Now = s.cfg.Now()
	return s.render(w, r, status, "socialisation", "socialisation.title", d)
}

// socialisationOrganiseSubmit: POST /etika/sosialisasi — title, starts,
// ends (WIB), place, jp, quiz: schedule a session.
func (s *Server) socialisationOrganiseSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := socialForm{Title: r.PostFormValue("title"), Starts: strings.TrimSpace(r.PostFormValue("starts")),
		Ends: strings.TrimSpace(r.PostFormValue("ends")), Place: r.PostFormValue("place"), JP: strings.TrimSpace(r.PostFormValue("jp")),
		Quiz: r.PostFormValue("quiz")}
	n := culture.NewSession{Title: f.Title, Place: f.Place, Quiz: culture.ParseQuiz(f.Quiz)}
	bad := map[string]apperr.Msg{}
	var err error
	if n.Starts, err = time.ParseInLocation(localTime, f.Starts, wib); err != nil {
		bad["starts"] = apperr.M("socialisation.starts")
	}
	if n.Ends, err = time.ParseInLocation(localTime, f.Ends, wib); err != nil {
		bad["ends"] = apperr.M("socialisation.ends")
	}
	if n.JP, err = strconv.Atoi(f.JP); err != nil {
		bad["jp"] = apperr.M("socialisation.jp", "max", culture.MaxSessionJP)
	}
	if len(bad) > 0 {
		err = apperr.InvalidMsgs(bad)
	} else {
		var x *culture.Session
		if x, err = s.culture.Organise(r.Context(), identity.PrincipalFrom(r.Context()).UserID, n); err == nil {
			http.Redirect(w, r, "/etika/sosialisasi/"+strconv.FormatInt(x.ID, 10)+"?ok=organised", http.StatusSeeOther)
			return nil
		}
	}
	fields, msg, status, hard := fieldsOf(r, err, "title", "starts", "ends", "place", "jp", "quiz")
	if hard != nil {
		return hard
	}
	return s.renderSocialisation(w, r, status, socialisationData{Form: f, Fields: fields, Error: msg})
}

type socialisationSessionData struct {
	S           *culture.Session
	Attendees   []culture.Attendee
	CanAttend   bool // the organiser's form
	Employees   []*workforce.Employee
	Attended    bool // the viewer attended
	CanAnswer   bool
	Score       *int
	Flash       string
	Error       string
	ShowListing bool
}

// socialisationSessionPage: GET /etika/sosialisasi/{id} — the session; the
// organiser's attendance list and form; the quiz for an employee who
// attended and has not answered it, or their score.
func (s *Server) socialisationSessionPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderSocialisationSession(w, r, http.StatusOK, socialisationFlashes[r.URL.Query().Get("ok")], "")
}

func (s *Server) renderSocialisationSession(w http.ResponseWriter, r *http.Request, status int, flash, msg string) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	ctx := r.Context()
	p := identity.PrincipalFrom(ctx)
	d := socialisationSessionData{Flash: flash, Error: msg, CanAttend: s.may(p, "POST /etika/sosialisasi/{id}/hadir")}
	if d.S, err = s.culture.FindSession(ctx, id); err != nil {
		return err
	}
	d.ShowListing = d.CanAttend || s.may(p, "GET /etika/sosialisasi/unit")
	if d.ShowListing {
		if d.Attendees, err = s.culture.Attendees(ctx, id); err != nil {
			return err
		}
	}
	if d.CanAttend {
		if d.Employees, _, err = s.workforce.FindEmployees(ctx, workforce.Filter{Limit: 500}); err != nil {
			return err
		}
	}
	if s.may(p, "POST /etika/sosialisasi/{id}/kuis") {
		if e, err := s.workforce.FindEmployeeByUser(ctx, p.UserID); err == nil {
			mine, err := s.culture.Sessions(ctx, e.ID)
			if err != nil {
				return err
			}
			for _, m := range mine {
				if m.ID == id && m.Attended {
					d.Attended, d.Score, d.CanAnswer = true, m.Score, m.Score == nil
				}
			}
		}
	}
	return s.render(w, r, status, "socialisation_session", "socialisation.title", d)
}

// socialisationAttendSubmit: POST /etika/sosialisasi/{id}/hadir —
// employee_id: record the attendance (crediting the session's JP), after
// the confirmation page; 404 for someone who is not an employee.
func (s *Server) socialisationAttendSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	x, err := s.culture.FindSession(r.Context(), id)
	if err != nil {
		return err
	}
	emp, err := strconv.ParseInt(strings.TrimSpace(r.PostFormValue("employee_id")), 10, 64)
	if err != nil || emp <= 0 {
		return workforce.ErrEmployeeNotFound
	}
	e, err := s.workforce.FindEmployee(r.Context(), emp)
	if err != nil {
		return err
	}
	ok, err := s.confirmed(w, r, confirmAsk{Title: "socialisation.attend.confirm", What: "socialisation.attend.confirm.what",
		Args: []any{"name", e.Name, "title", x.Title, "jp", x.JP}, Back: "/etika/sosialisasi/" + strconv.FormatInt(id, 10)})
	if !ok || err != nil {
		return err
	}
	if err := s.culture.Attend(r.Context(), id, emp); err != nil {
		return err
	}
	http.Redirect(w, r, "/etika/sosialisasi/"+strconv.FormatInt(id, 10)+"?ok=attended", http.StatusSeeOther)
	return nil
}

// socialisationAnswerSubmit: POST /etika/sosialisasi/{id}/kuis — q0…qN:
// the quiz's answers, once; 403 without an attendance, 409 a second time.
func (s *Server) socialisationAnswerSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	x, err := s.culture.FindSession(r.Context(), id)
	if err != nil {
		return err
	}
	answers := make([]int, len(x.Quiz))
	for i := range answers {
		v, err := strconv.Atoi(r.PostFormValue("q" + strconv.Itoa(i)))
		if err != nil {
			v = -1
		}
		answers[i] = v
	}
	if _, err := s.culture.Answer(r.Context(), identity.PrincipalFrom(r.Context()).UserID, id, answers); err != nil {
		if apperr.CodeOf(err) != apperr.Invalid {
			return err
		}
		_, msg, status, _ := fieldsOf(r, err)
		return s.renderSocialisationSession(w, r, status, "", msg)
	}
	http.Redirect(w, r, "/etika/sosialisasi/"+strconv.FormatInt(id, 10)+"?ok=answered", http.StatusSeeOther)
	return nil
}

// socialisationUnitsPage: GET /etika/sosialisasi/unit[?unit=ID&year=Y] —
// per unit, how many attended a session this year; with a unit, who in it
// and its sub-units has not.
func (s *Server) socialisationUnitsPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	year := s.cfg.Now().In(wib).Year()
	if v, err := strconv.Atoi(r.URL.Query().Get("year")); err == nil && v >= 2000 && v <= 2100 {
		year = v
	}
	units, err := s.culture.AcksByUnit(ctx)
	if err != nil {
		return err
	}
	attended, err := s.culture.AttendedByUnit(ctx, year)
	if err != nil {
		return err
	}
	type unitRow struct {
		culture.UnitAcks
		Attended int
	}
	d := struct {
		Year      int
		Units     []unitRow
		Unit      *unitRow
		Absentees []culture.Absentee
		CanOpen   bool
	}{Year: year, CanOpen: s.may(identity.PrincipalFrom(ctx), "GET /pegawai/{id}")}
	for _, u := range units {
		d.Units = append(d.Units, unitRow{u, attended[u.UnitID]})
	}
	if v := r.URL.Query().Get("unit"); v != "" {
		id, _ := strconv.ParseInt(v, 10, 64)
		for i := range d.Units {
			if d.Units[i].UnitID == id {
				d.Unit = &d.Units[i]
			}
		}
		if d.Unit == nil {
			return workforce.ErrUnitNotFound
		}
		if d.Absentees, err = s.culture.NotAttended(ctx, id, year); err != nil {
			return err
		}
	}
	return s.render(w, r, http.StatusOK, "socialisation_units", "socialisation.units.title", d)
}
