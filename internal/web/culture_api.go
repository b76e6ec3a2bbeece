package web

import (
	"net/http"
	"strings"
	"time"

	"asnpro/internal/culture"
	"asnpro/internal/identity"
)

type newThreadIn struct {
	Topic string   `json:"topic"`
	Title string   `json:"title"`
	Body  string   `json:"body"`
	Tags  []string `json:"tags"`
}

type idJSON struct {
	ID string `json:"id"`
}

// apiForumThreadCreate: POST /api/v1/forum/threads {"topic","title","body","tags"}
// → 201 {"id"}. 403 for an account that is no employee's, 413 for a body
// over the limit, 422 for the rest.
func (s *Server) apiForumThreadCreate(w http.ResponseWriter, r *http.Request) error {
	var in newThreadIn
	if err := decodeJSON(w, r, &in, false); err != nil {
		return err
	}
	t, err := s.culture.CreateThread(r.Context(), identity.PrincipalFrom(r.Context()).UserID,
		culture.NewPost{Topic: in.Topic, Title: in.Title, Body: in.Body, Tags: in.Tags}, nil)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, idJSON{ID: idString(t.ID)})
	return nil
}

// threadJSON is a thread in the API.
type threadJSON struct {
	ID         string    `json:"id"`
	Topic      string    `json:"topic"`
	Title      string    `json:"title"`
	Tags       []string  `json:"tags"`
	Author     string    `json:"author"`
	Unit       string    `json:"unit"`
	CreatedAt  time.Time `json:"created_at"`
	LastPostAt time.Time `json:"last_post_at"`
	Replies    int       `json:"replies"`
	Solution   string    `json:"solution_post_id"`
	URL        string    `json:"url"`
}

func threadOut(t *culture.Thread) threadJSON {
	tags := t.Tags
	if tags == nil {
		tags = []string{}
	}
	return threadJSON{ID: idString(t.ID), Topic: t.Topic, Title: t.Title, Tags: tags, Author: t.AuthorName, Unit: t.AuthorUnit,
		CreatedAt: t.CreatedAt, LastPostAt: t.LastPostAt, Replies: t.Replies, Solution: idString(t.SolutionPostID),
		URL: culture.ThreadPath(t.ID)}
}

type fileJSON struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	ContentType string `json:"content_type"`
	Size        int64  `json:"size"`
	URL         string `json:"url"`
}

type postJSON struct {
	ID           string     `json:"id"`
	Author       string     `json:"author"`
	Unit         string     `json:"unit"`
	Opening      bool       `json:"opening"`
	Body         string     `json:"body"`
	CreatedAt    time.Time  `json:"created_at"`
	Votes        int        `json:"votes"`
	Solution     bool       `json:"solution"`
	Hidden       bool       `json:"hidden"`
	HiddenReason string     `json:"hidden_reason,omitempty"`
	Files        []fileJSON `json:"files"`
	AdoptedBy    []string   `json:"adopted_by,omitempty"`
}

type threadFullJSON struct {
	threadJSON
	Posts []postJSON `json:"posts"`
}

// apiForumThread: GET /api/v1/forum/threads/{id} — a thread with its posts
// (a hidden post's text is empty but for the admin).
func (s *Server) apiForumThread(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	t, posts, err := s.culture.FindThread(r.Context(), id, s.forumMod(identity.PrincipalFrom(r.Context())))
	if err != nil {
		return err
	}
	out := threadFullJSON{threadJSON: threadOut(t), Posts: make([]postJSON, 0, len(posts))}
	for _, p := range posts {
		pj := postJSON{ID: idString(p.ID), Author: p.AuthorName, Unit: p.AuthorUnit, Opening: p.Opening, Body: p.Body,
			CreatedAt: p.CreatedAt, Votes: p.Votes, Solution: p.Solution, Hidden: p.Hidden, HiddenReason: p.HiddenReason,
			Files: []fileJSON{}}
		for _, f := range p.Files {
			pj.Files = append(pj.Files, fileJSON{ID: idString(f.ID), Name: f.Name, ContentType: f.ContentType, Size: f.Size,
				URL: "/forum/lampiran/" + idString(f.ID)})
		}
		for _, a := range p.Adoptions {
			pj.AdoptedBy = append(pj.AdoptedBy, a.UnitName)
		}
		out.Posts = append(out.Posts, pj)
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// apiForumSearch: GET /api/v1/forum/search?q=…[&limit=&offset=] →
// {"items":[thread…],"total":N}: each item a thread (a match in a reply
// gives its thread).
func (s *Server) apiForumSearch(w http.ResponseWriter, r *http.Request) error {
	limit, offset, err := paging(r)
	if err != nil {
		return err
	}
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	if badRawText(q) {
		return errRawText("q")
	}
	ts, total, err := s.culture.Search(r.Context(), q, limit, offset)
	if err != nil {
		return err
	}
	out := list[threadJSON]{Items: make([]threadJSON, 0, len(ts)), Total: total}
	for _, t := range ts {
		out.Items = append(out.Items, threadOut(t))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

type codeJSON struct {
	ID           string     `json:"id"`
	Doc          string     `json:"doc"`
	Version      int        `json:"version"`
	Title        string     `json:"title"`
	Body         string     `json:"body"`
	PublishedAt  time.Time  `json:"published_at"`
	Acknowledged *time.Time `json:"acknowledged_at"`
}

// apiEthics: GET /api/v1/ethics — the current versions, each with the
// caller's acknowledgement (null: not yet).
func (s *Server) apiEthics(w http.ResponseWriter, r *http.Request) error {
	cs, err := s.culture.MyCodes(r.Context(), identity.PrincipalFrom(r.Context()).UserID)
	if err != nil {
		return err
	}
	out := list[codeJSON]{Items: make([]codeJSON, 0, len(cs)), Total: len(cs)}
	for _, c := range cs {
		out.Items = append(out.Items, codeJSON{ID: idString(c.ID), Doc: c.Doc, Version: c.Version, Title: c.Title, Body: c.Body,
			PublishedAt: c.PublishedAt, Acknowledged: c.AckedAt})
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// apiEthicsAcknowledge: POST /api/v1/ethics/{id}/acknowledgement → 204;
// 409 when a newer version of the document exists.
func (s *Server) apiEthicsAcknowledge(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := s.culture.Acknowledge(r.Context(), identity.PrincipalFrom(r.Context()).UserID, id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
