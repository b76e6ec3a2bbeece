package web

import (
	"net/http"
	"strconv"

	"asnpro/internal/exam"
	"asnpro/internal/identity"
)

// --- the applicant's exam sessions (/ujian): a selection's written test ---

// seatView is one session the applicant sits, as their list shows it.
type seatView struct {
	exam.Seat
	Open     bool // it may be started now
	Upcoming bool // not open yet
	Minutes  int  // the blueprint's minutes plus the participant's extra
}

type seatsData struct {
	Seats []seatView
	Error string
}

// seatsPage: GET /ujian — the sessions the applicant sits: when each may
// be started, the time they will have, and a start, continue or result.
func (s *Server) seatsPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderSeats(w, r, http.StatusOK, "")
}

func (s *Server) renderSeats(w http.ResponseWriter, r *http.Request, status int, msg string) error {
	ctx := r.Context()
	seats, err := s.exam.FindSeats(ctx, identity.PrincipalFrom(ctx).UserID)
	if err != nil {
		return err
	}
	now := s.now()
	d := seatsData{Error: msg}
	for _, st := range seats {
		bp, err := s.exam.FindBlueprint(ctx, st.Session.BlueprintID)
		if err != nil {
			return err
		}
		d.Seats = append(d.Seats, seatView{Seat: st, Open: st.Session.Open(now), Upcoming: now.Before(st.Session.OpensAt),
			Minutes: bp.Minutes + st.Participant.ExtraMinutes})
	}
	return s.render(w, r, status, "seats", "seats.title", d)
}

// seatStartSubmit: POST /ujian (session) — starts (or resumes) the
// applicant's attempt of the session → 303 to it; a session not open
// shows why on the list.
func (s *Server) seatStartSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	id, err := strconv.ParseInt(r.PostFormValue("session"), 10, 64)
	if err != nil || id <= 0 {
		return exam.ErrSessionNotFound
	}
	a, _, err := s.exam.StartSession(r.Context(), identity.PrincipalFrom(r.Context()).UserID, id)
	if err != nil {
		msg, status, perr := pageError(r, err)
		if perr != nil {
			return perr
		}
		return s.renderSeats(w, r, status, msg)
	}
	http.Redirect(w, r, selectionCat.path(a.ID), http.StatusSeeOther)
	return nil
}

// apiSessionStart: POST /api/v1/exam-sessions/{id}/attempts — a
// participant starts their attempt of a session: 201 the attempt (as the
// practice's), or 200 the attempt already begun.
func (s *Server) apiSessionStart(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := decodeJSON(w, r, &struct{}{}, true); err != nil {
		return err
	}
	p := identity.PrincipalFrom(r.Context())
	a, started, err := s.exam.StartSession(r.Context(), p.UserID, id)
	if err != nil {
		return err
	}
	if a, err = s.exam.Attempt(r.Context(), p.UserID, a.ID); err != nil {
		return err
	}
	out := attemptOut(a)
	if err := s.withSession(r, a, &out); err != nil {
		return err
	}
	status := http.StatusOK
	if started {
		status = http.StatusCreated
	}
	writeJSON(w, status, out)
	return nil
}
