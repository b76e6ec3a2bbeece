package web

import (
	"errors"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"asnpro/internal/apperr"
	"asnpro/internal/culture"
	"asnpro/internal/identity"
	"asnpro/internal/upload"
	"asnpro/internal/workforce"
)

// The ASN forum (docs/CULTURE.md): employees open threads under fixed
// topics, reply, vote, and the thread's author marks the solution; unit
// heads and the admin record the units that adopted a solution (the
// inovasi collection); anyone who posts may report a post, the admin hides
// it with a reason or restores it. Every post is plain text shown as text.

const threadsPerPage = 20

// forumMod reports whether p moderates the forum (reads hidden posts).
func (s *Server) forumMod(p *identity.Principal) bool {
	return s.may(p, "POST /forum/posts/{id}/sembunyikan")
}

// forumAuthor is the signed-in user's employee record, nil when the
// account is no employee's (it may then read but not post).
func (s *Server) forumAuthor(r *http.Request) (*workforce.Employee, error) {
	p := identity.PrincipalFrom(r.Context())
	if p == nil || !s.may(p, "POST /forum/baru") {
		return nil, nil
	}
	e, err := s.workforce.FindEmployeeByUser(r.Context(), p.UserID)
	if errors.Is(err, workforce.ErrEmployeeNotFound) || (err == nil && e.Status == workforce.StatusStopped) {
		return nil, nil
	}
	return e, err
}

// forumLinks are the forum's own places, those p may open.
type forumLinks struct {
	New, Search, Innovations, Moderation string
}

func (s *Server) forumLinksFor(p *identity.Principal, canPost bool) forumLinks {
	var l forumLinks
	if canPost {
		l.New = "/forum/baru"
	}
	if s.may(p, "GET /forum/cari") {
		l.Search = "/forum/cari"
	}
	if s.may(p, "GET /forum/inovasi") {
		l.Innovations = "/forum/inovasi"
	}
	if s.may(p, "GET /forum/moderasi") {
		l.Moderation = "/forum/moderasi"
	}
	return l
}

type topicCount struct {
	Slug  string
	Count int
}

type forumHomeData struct {
	Query   string // the search form's (empty here)
	Topics  []topicCount
	Threads []*culture.Thread
	Links   forumLinks
}

// forumPage: GET /forum — the topics with their thread counts and the
// latest active threads.
func (s *Server) forumPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	counts, err := s.culture.TopicCounts(ctx)
	if err != nil {
		return err
	}
	d := forumHomeData{}
	for _, t := range culture.Topics {
		d.Topics = append(d.Topics, topicCount{t, counts[t]})
	}
	if d.Threads, _, err = s.culture.Threads(ctx, culture.Filter{Limit: threadsPerPage}); err != nil {
		return err
	}
	e, err := s.forumAuthor(r)
	if err != nil {
		return err
	}
	d.Links = s.forumLinksFor(identity.PrincipalFrom(ctx), e != nil)
	return s.render(w, r, http.StatusOK, "forum", "culture.forum.title", d)
}

type forumListData struct {
	Heading string // catalogue key
	Topic   string
	Tag     string
	Query   string
	Search  bool
	Threads []*culture.Thread
	Total   int
	Next    string
	Prev    string
	Links   forumLinks
}

// forumTopicPage: GET /forum/topik/{slug}[?tag=…&offset=N] — a topic's
// threads, the latest active first.
func (s *Server) forumTopicPage(w http.ResponseWriter, r *http.Request) error {
	slug := r.PathValue("slug")
	if !culture.IsTopic(slug) {
		return apperr.E(apperr.NotFound, "web.not_found")
	}
	q := r.URL.Query()
	d := forumListData{Heading: "culture.topic." + slug, Topic: slug, Tag: q.Get("tag")}
	off := max(atoiOr(q.Get("offset"), 0), 0)
	var err error
	if d.Threads, d.Total, err = s.culture.Threads(r.Context(), culture.Filter{Topic: slug, Tag: d.Tag, Limit: threadsPerPage,
		Offset: off}); err != nil {
		return err
	}
	base := url.Values{}
	if d.Tag != "" {
		base.Set("tag", d.Tag)
	}
	d.Prev, d.Next = pages("/forum/topik/"+slug, base, off, d.Total)
	return s.renderForumList(w, r, d)
}

// pages are the previous and next pages' addresses of a list at off.
func pages(path string, q url.Values, off, total int) (prev, next string) {
	at := func(o int) string {
		v := url.Values{}
		for k, vs := range q {
			v[k] = vs
		}
		if o > 0 {
			v.Set("offset", strconv.Itoa(o))
		}
		if len(v) == 0 {
			return path
		}
		return path + "?" + v.Encode()
	}
	if off > 0 {
		prev = at(max(off-threadsPerPage, 0))
	}
	if off+threadsPerPage < total {
		next = at(off + threadsPerPage)
	}
	return prev, next
}

func (s *Server) renderForumList(w http.ResponseWriter, r *http.Request, d forumListData) error {
	e, err := s.forumAuthor(r)
	if err != nil {
		return err
	}
	d.Links = s.forumLinksFor(identity.PrincipalFrom(r.Context()), e != nil)
	title := d.Heading
	return s.render(w, r, http.StatusOK, "forum_list", title, d)
}

// forumSearchPage: GET /forum/cari?q=…[&offset=N] — the threads whose
// title, tags, opening post or a reply hold every word.
func (s *Server) forumSearchPage(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	d := forumListData{Heading: "culture.search.title", Search: true, Query: strings.TrimSpace(q.Get("q"))}
	if badRawText(d.Query) {
		d.Query = ""
	}
	off := max(atoiOr(q.Get("offset"), 0), 0)
	if d.Query != "" {
		var err error
		if d.Threads, d.Total, err = s.culture.Search(r.Context(), d.Query, threadsPerPage, off); err != nil {
			return err
		}
		d.Prev, d.Next = pages("/forum/cari", url.Values{"q": {d.Query}}, off, d.Total)
	}
	return s.renderForumList(w, r, d)
}

type forumNewData struct {
	Topics []string
	Form   culture.NewPost
	Tags   string
	Fields map[string]string
	Error  string
	Author *workforce.Employee
}

// forumNewPage: GET /forum/baru[?topic=…] — the new thread's form.
func (s *Server) forumNewPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderForumNew(w, r, http.StatusOK, forumNewData{Form: culture.NewPost{Topic: r.URL.Query().Get("topic")}})
}

func (s *Server) renderForumNew(w http.ResponseWriter, r *http.Request, status int, d forumNewData) error {
	var err error
	if d.Author, err = s.forumAuthor(r); err != nil {
		return err
	}
	if d.Author == nil {
		return culture.ErrNotEmployee
	}
	d.Topics = culture.Topics
	return s.render(w, r, status, "forum_new", "culture.new.title", d)
}

// forumForm is a post's form: its fields and attachments, read from a
// multipart form while the files stream through the upload checks, or
// from a plain form.
type forumForm struct {
	Values url.Values
	Files  []culture.Attach
}

func (f *forumForm) close() {
	for _, a := range f.Files {
		a.File.Close()
	}
}

// maxPostRequest bounds a post's whole request: its text and attachments.
const maxPostRequest = culture.MaxFiles*culture.MaxFileBytes + 256<<10

// readPostForm reads a post's form. Errors: too_large (a text field over
// culture.MaxBodyBytes, a file over its limit, the whole over
// maxPostRequest), unsupported_media_type (a file neither PDF nor JPEG),
// invalid (too many files; a damaged file), malformed.
func (s *Server) readPostForm(w http.ResponseWriter, r *http.Request) (*forumForm, error) {
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "multipart/form-data" {
		if err := limitBody(w, r, 2*culture.MaxBodyBytes+8<<10); err != nil {
			return nil, err
		}
		if err := r.ParseForm(); err != nil {
			return nil, tooLargeOr(err, &apperr.Error{Code: apperr.Malformed, Msg: apperr.M("verification.form_unreadable"), Err: err})
		}
		if len(r.PostFormValue("body")) > culture.MaxBodyBytes {
			return nil, culture.ErrPostTooLarge
		}
		return &forumForm{Values: r.PostForm}, checkValues(r.PostForm)
	}
	if err := limitBody(w, r, maxPostRequest); err != nil {
		return nil, err
	}
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, &apperr.Error{Code: apperr.Malformed, Msg: apperr.M("web.multipart_unreadable"), Err: err}
	}
	f := &forumForm{Values: url.Values{}}
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			f.close()
			return nil, tooLargeOr(err, &apperr.Error{Code: apperr.Malformed, Msg: apperr.M("web.multipart_unreadable"), Err: err})
		}
		if err := s.readPart(r, part, f); err != nil {
			f.close()
			return nil, err
		}
	}
	r.PostForm = f.Values
	return f, checkValues(f.Values)
}

func (s *Server) readPart(r *http.Request, part interface {
	io.Reader
	FormName() string
	FileName() string
}, f *forumForm) error {
	if part.FormName() == "files" {
		if part.FileName() == "" { // an empty file input
			_, _ = io.Copy(io.Discard, part)
			return nil
		}
		if len(f.Files) == culture.MaxFiles {
			return apperr.InvalidMsgs(map[string]apperr.Msg{"files": apperr.M("culture.files", "max", culture.MaxFiles)})
		}
		file, err := upload.Receive(r.Context(), part, culture.AttachRule, "")
		if err != nil {
			var ue *upload.Error
			if errors.As(err, &ue) {
				return ue.AppError()
			}
			return tooLargeOr(err, err)
		}
		f.Files = append(f.Files, culture.Attach{Name: part.FileName(), File: file})
		return nil
	}
	b, err := io.ReadAll(io.LimitReader(part, culture.MaxBodyBytes+1))
	if err != nil {
		return tooLargeOr(err, &apperr.Error{Code: apperr.Malformed, Msg: apperr.M("web.multipart_unreadable"), Err: err})
	}
	if len(b) > culture.MaxBodyBytes {
		return culture.ErrPostTooLarge
	}
	f.Values.Add(part.FormName(), string(b))
	return nil
}

// tooLargeOr is 413 for a body over its limit, else other.
func tooLargeOr(err, other error) error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return tooLargeError(mbe.Limit)
	}
	return other
}

var threadInputs = []string{"topic", "title", "body", "tags", "files"}

// forumCreateSubmit: POST /forum/baru — topic, title, body, tags, files
// → 303 to the thread; a refused form is shown again (a post over the
// limit answers 413 with the form).
func (s *Server) forumCreateSubmit(w http.ResponseWriter, r *http.Request) error {
	f, err := s.readPostForm(w, r)
	n := culture.NewPost{}
	if err == nil {
		defer f.close()
		n = culture.NewPost{Topic: f.Values.Get("topic"), Title: f.Values.Get("title"), Body: f.Values.Get("body"),
			Tags: []string{f.Values.Get("tags")}}
	}
	var t *culture.Thread
	if err == nil {
		t, err = s.culture.CreateThread(r.Context(), identity.PrincipalFrom(r.Context()).UserID, n, f.Files)
	}
	if err != nil {
		if apperr.CodeOf(err) == apperr.Forbidden {
			return err
		}
		fields, msg, status, hard := fieldsOf(r, err, threadInputs...)
		if hard != nil {
			return hard
		}
		d := forumNewData{Form: n, Fields: fields, Error: msg}
		if f != nil {
			d.Tags = f.Values.Get("tags")
		}
		return s.renderForumNew(w, r, status, d)
	}
	http.Redirect(w, r, culture.ThreadPath(t.ID), http.StatusSeeOther)
	return nil
}

type forumThreadData struct {
	T         *culture.Thread
	Posts     []*culture.Post
	Solution  *culture.Post
	CanReply  bool
	CanVote   bool
	CanReport bool
	IsAuthor  bool // the thread's author: marks the solution
	CanMod    bool
	CanAdopt  bool
	Units     []*workforce.Unit // the units the user may record an adoption for
	Me        int64
	Body      string
	Fields    map[string]string
	Error     string
	Flash     string
	FormOf    int64 // the post whose form was refused (0: the reply)
	Links     forumLinks
}

var threadFlashes = map[string]string{"replied": "culture.flash.replied", "voted": "culture.flash.voted",
	"solution": "culture.flash.solution", "reported": "culture.flash.reported", "hidden": "culture.flash.hidden",
	"restored": "culture.flash.restored", "adopted": "culture.flash.adopted", "dismissed": "culture.flash.dismissed"}

// forumThreadPage: GET /forum/threads/{id} — the thread, its posts and
// the reply form.
func (s *Server) forumThreadPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderForumThread(w, r, http.StatusOK, forumThreadData{Flash: threadFlashes[r.URL.Query().Get("ok")]})
}

func (s *Server) renderForumThread(w http.ResponseWriter, r *http.Request, status int, d forumThreadData) error {
	ctx := r.Context()
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p := identity.PrincipalFrom(ctx)
	d.CanMod = s.forumMod(p)
	if d.T, d.Posts, err = s.culture.FindThread(ctx, id, d.CanMod); err != nil {
		return err
	}
	for _, post := range d.Posts {
		if post.Solution {
			d.Solution = post
		}
	}
	e, err := s.forumAuthor(r)
	if err != nil {
		return err
	}
	d.Me = p.UserID
	d.CanReply = e != nil && !d.T.Hidden
	d.CanVote = e != nil && s.may(p, "POST /forum/posts/{id}/suara")
	d.CanReport = s.may(p, "POST /forum/posts/{id}/laporkan")
	d.IsAuthor = d.T.AuthorUserID == p.UserID && s.may(p, "POST /forum/posts/{id}/solusi")
	if d.Solution != nil && s.may(p, "POST /forum/posts/{id}/adopsi") {
		if d.Units, err = s.adoptableUnits(r, p, e); err != nil {
			return err
		}
		d.CanAdopt = len(d.Units) > 0
	}
	d.Links = s.forumLinksFor(p, e != nil)
	return s.render(w, r, status, "forum_thread", "culture.thread.title", d)
}

// adoptableUnits are the units p may record an adoption for: every unit
// for the admin, else the one they head.
func (s *Server) adoptableUnits(r *http.Request, p *identity.Principal, e *workforce.Employee) ([]*workforce.Unit, error) {
	units, err := s.workforce.FindUnits(r.Context())
	if err != nil || p.Has(Admin) {
		return units, err
	}
	var out []*workforce.Unit
	for _, u := range units {
		if e != nil && u.HeadID == e.ID {
			out = append(out, u)
		}
	}
	return out, nil
}

// forumReplySubmit: POST /forum/threads/{id}/balas — body, files → 303 to
// the reply.
func (s *Server) forumReplySubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f, err := s.readPostForm(w, r)
	body := ""
	var post *culture.Post
	if err == nil {
		defer f.close()
		body = f.Values.Get("body")
		post, err = s.culture.Reply(r.Context(), identity.PrincipalFrom(r.Context()).UserID, id, body, f.Files)
	}
	if err != nil {
		if c := apperr.CodeOf(err); c == apperr.Forbidden || c == apperr.Conflict {
			return err
		}
		fields, msg, status, hard := fieldsOf(r, err, "body", "files")
		if hard != nil {
			return hard
		}
		return s.renderForumThread(w, r, status, forumThreadData{Body: body, Fields: fields, Error: msg})
	}
	http.Redirect(w, r, culture.ThreadPath(id)+"?ok=replied#post-"+strconv.FormatInt(post.ID, 10), http.StatusSeeOther)
	return nil
}

// postAction runs one action on a post from a form and leads back to its
// thread with a flash; a refusal of the form's own field is shown on the
// thread page.
func (s *Server) postAction(w http.ResponseWriter, r *http.Request, flash string,
	act func(p *identity.Principal, postID int64) error) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	p := identity.PrincipalFrom(r.Context())
	thread, err := s.culture.ThreadOfPost(r.Context(), id)
	if err != nil {
		return err
	}
	if err := act(p, id); err != nil {
		if apperr.CodeOf(err) != apperr.Invalid {
			return err
		}
		fields, msg, status, hard := fieldsOf(r, err, "reason", "note", "unit_id")
		if hard != nil {
			return hard
		}
		r.SetPathValue("id", strconv.FormatInt(thread, 10))
		return s.renderForumThread(w, r, status, forumThreadData{Fields: fields, Error: msg, FormOf: id})
	}
	back := r.PostFormValue("back")
	if back != "/forum/moderasi" {
		back = culture.ThreadPath(thread)
	}
	http.Redirect(w, r, back+"?ok="+flash+"#post-"+strconv.FormatInt(id, 10), http.StatusSeeOther)
	return nil
}

// forumVoteSubmit: POST /forum/posts/{id}/suara — one vote per person.
func (s *Server) forumVoteSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.postAction(w, r, "voted", func(p *identity.Principal, id int64) error { return s.culture.Vote(r.Context(), p.UserID, id) })
}

// forumSolutionSubmit: POST /forum/posts/{id}/solusi — the thread's author
// marks the reply as the solution.
func (s *Server) forumSolutionSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.postAction(w, r, "solution", func(p *identity.Principal, id int64) error {
		return s.culture.MarkSolution(r.Context(), p.UserID, id)
	})
}

// forumReportSubmit: POST /forum/posts/{id}/laporkan — reason (optional).
func (s *Server) forumReportSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.postAction(w, r, "reported", func(p *identity.Principal, id int64) error {
		return s.culture.Report(r.Context(), p.UserID, id, r.PostFormValue("reason"))
	})
}

// forumHideSubmit: POST /forum/posts/{id}/sembunyikan — reason (required:
// 422 without).
func (s *Server) forumHideSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.postAction(w, r, "hidden", func(p *identity.Principal, id int64) error {
		return s.culture.Hide(r.Context(), p.UserID, id, r.PostFormValue("reason"))
	})
}

// forumRestoreSubmit: POST /forum/posts/{id}/pulihkan.
func (s *Server) forumRestoreSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.postAction(w, r, "restored", func(p *identity.Principal, id int64) error {
		return s.culture.Restore(r.Context(), p.UserID, id)
	})
}

// forumDismissSubmit: POST /forum/posts/{id}/abaikan — keep a reported post.
func (s *Server) forumDismissSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.postAction(w, r, "dismissed", func(p *identity.Principal, id int64) error {
		return s.culture.Dismiss(r.Context(), p.UserID, id)
	})
}

// forumAdoptSubmit: POST /forum/posts/{id}/adopsi — unit_id, note: a unit
// adopted the solution (the admin for any unit, a head for their own).
func (s *Server) forumAdoptSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.postAction(w, r, "adopted", func(p *identity.Principal, id int64) error {
		unit, err := strconv.ParseInt(r.PostFormValue("unit_id"), 10, 64)
		if err != nil {
			return apperr.InvalidMsgs(map[string]apperr.Msg{"unit_id": apperr.M("culture.unit")})
		}
		return s.culture.Adopt(r.Context(), p.UserID, p.Has(Admin), id, unit, r.PostFormValue("note"))
	})
}

// forumInnovationsPage: GET /forum/inovasi — the solutions units adopted.
func (s *Server) forumInnovationsPage(w http.ResponseWriter, r *http.Request) error {
	in, err := s.culture.Innovations(r.Context())
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "forum_innovations", "culture.inovasi.title", in)
}

// forumModerationPage: GET /forum/moderasi — reported and hidden posts.
func (s *Server) forumModerationPage(w http.ResponseWriter, r *http.Request) error {
	q, err := s.culture.ModerationQueue(r.Context())
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "forum_moderation", "culture.mod.title", struct {
		Q     *culture.Queue
		Flash string
	}{q, threadFlashes[r.URL.Query().Get("ok")]})
}

// forumFilePage: GET /forum/lampiran/{id} — an attachment, as a download.
func (s *Server) forumFilePage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a, b, err := s.culture.FindAttachment(r.Context(), id, s.forumMod(identity.PrincipalFrom(r.Context())))
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", a.ContentType)
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": a.Name}))
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	_, err = w.Write(b)
	return err
}
