package web

import (
	"net/http"
	"strconv"
	"time"

	"asnpro/internal/identity"
	"asnpro/internal/notify"
)

// In-app notifications (notifikasi) of the signed-in user.

type notificationJSON struct {
	ID        string     `json:"id"`
	Kind      string     `json:"kind"`
	Title     string     `json:"title"`
	Body      string     `json:"body"`
	Link      string     `json:"link,omitempty"`
	CreatedAt time.Time  `json:"created_at"`
	ReadAt    *time.Time `json:"read_at"`
}

type notificationList struct {
	Items  []notificationJSON `json:"items"`
	Total  int                `json:"total"`
	Unread int                `json:"unread"`
}

// apiNotifications: GET /api/v1/notifications — newest first, with the
// number unread; title and body in the caller's language (?lang=, the
// language cookie, else Indonesian: the language of the API's errors).
func (s *Server) apiNotifications(w http.ResponseWriter, r *http.Request) error {
	limit, offset, err := paging(r)
	if err != nil {
		return err
	}
	items, total, unread, err := s.notify.List(r.Context(), identity.PrincipalFrom(r.Context()).UserID, limit, offset)
	if err != nil {
		return err
	}
	out := notificationList{Items: make([]notificationJSON, 0, len(items)), Total: total, Unread: unread}
	for _, n := range inLang(items, langOf(r)) {
		out.Items = append(
			out.Items,
			notificationJSON{
				ID:        strconv.FormatInt(n.ID, 10),
				Kind:      n.Kind,
				Title:     n.Title,
				Body:      n.Body,
				Link:      n.Link,
				CreatedAt: n.CreatedAt,
				ReadAt:    n.ReadAt,
			},
		)
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// apiNotificationRead: POST /api/v1/notifications/{id}/read — another
// user's notification is 404.
func (s *Server) apiNotificationRead(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := decodeJSON(w, r, &struct{}{}, true); err != nil {
		return err
	}
	if err := s.notify.MarkRead(r.Context(), identity.PrincipalFrom(r.Context()).UserID, id); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]bool{"read": true})
	return nil
}

// apiNotificationsReadAll: POST /api/v1/notifications/read-all.
func (s *Server) apiNotificationsReadAll(w http.ResponseWriter, r *http.Request) error {
	if err := decodeJSON(w, r, &struct{}{}, true); err != nil {
		return err
	}
	n, err := s.notify.MarkAllRead(r.Context(), identity.PrincipalFrom(r.Context()).UserID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]int{"count": n})
	return nil
}

// inLang returns items with Title and Body in lang (the other language
// left out), for a reader who sees only one.
func inLang(items []notify.Notification, lang string) []notify.Notification {
	out := make([]notify.Notification, len(items))
	for i, n := range items {
		title, body := n.In(lang)
		out[i] = notify.Notification{ID: n.ID, UserID: n.UserID, Kind: n.Kind, Title: title, Body: body, Link: n.Link,
			CreatedAt: n.CreatedAt, ReadAt: n.ReadAt}
	}
	return out
}

type notificationsData struct {
	// Items are in the page's language (Title and Body; the English
	// fields are empty).
	Items         []notify.Notification
	Total, Unread int
	Prev, Next    string
}

// notificationsPage: GET /notifikasi.
func (s *Server) notificationsPage(w http.ResponseWriter, r *http.Request) error {
	limit, offset, err := paging(r)
	if err != nil {
		return err
	}
	if r.URL.Query().Get("limit") == "" {
		limit = 50
	}
	items, total, unread, err := s.notify.List(r.Context(), identity.PrincipalFrom(r.Context()).UserID, limit, offset)
	if err != nil {
		return err
	}
	d := notificationsData{Items: inLang(items, langOf(r)), Total: total, Unread: unread}
	if offset > 0 {
		d.Prev = "/notifikasi?offset=" + strconv.Itoa(max(0, offset-limit))
	}
	if offset+limit < total {
		d.Next = "/notifikasi?offset=" + strconv.Itoa(offset+limit)
	}
	return s.render(w, r, http.StatusOK, "notifications", "notif.title", d)
}

// notificationsReadAllSubmit: POST /notifikasi/baca.
func (s *Server) notificationsReadAllSubmit(w http.ResponseWriter, r *http.Request) error {
	if _, err := s.notify.MarkAllRead(r.Context(), identity.PrincipalFrom(r.Context()).UserID); err != nil {
		return err
	}
	http.Redirect(w, r, "/notifikasi", http.StatusSeeOther)
	return nil
}
