package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"asnpro/internal/identity"
	"asnpro/internal/recruitment"
	"asnpro/internal/verification"
)

// The public portal: what an anonymous visitor sees on the home page, the
// links of a period page, and the way from a formation to its application
// page through sign-in or registration.

// portalData is the anonymous home page: the periods open for registration
// now, then every published period's announcements, results and statistics.
type portalData struct {
	Open     []portalPeriod
	Periods  []portalPeriod
	Helpdesk string // the helpdesk's contact (Config.Helpdesk)
}

// portalPeriod is one published period as the portal shows it.
type portalPeriod struct {
	P          periodView
	Formations int
	Places     int // the sum of the formations' quotas
	// News are the period's latest published lists, newest first (a few).
	News []announcementView
	// Published: a result list was published (results and statistics exist).
	Published bool
}

// announcementView is a published list with its title in the page's language.
type announcementView struct {
	*verification.Announcement
	Title string
}

// portalNewsMax is how many of a period's announcements the home page lists.
const portalNewsMax = 3

// portalHome renders the anonymous home page, kept for pageCacheTTL like
// the rest of the home page: periods and announcements change rarely, and a
// new one shows within seconds. Once it is stale, one request renders it
// again while the others are served the copy they have (a surge on the
// home page does not read the database once per visitor when it expires).
func (s *Server) portalHome(w http.ResponseWriter, r *http.Request, key string) error {
	s.rememberLang(w, r)
	now := time.Now()
	c, ok := s.cache.get(key)
	if !ok || now.Sub(c.at) >= pageCacheTTL && s.portalRendering.TryLock() {
		if ok {
			defer s.portalRendering.Unlock()
		}
		pd, err := s.portal(r.Context(), langOf(r))
		if err != nil {
			return err
		}
		body, err := s.renderBytes(r, "home", "home.title", homeData{Portal: pd})
		if err != nil {
			return err
		}
		c = s.cache.put(key, cachedPage{body: body, contentType: htmlType, at: now})
	}
	return c.serve(w, r)
}

// portal reads what the anonymous home page shows.
func (s *Server) portal(ctx context.Context, lang string) (*portalData, error) {
	ps, err := s.rec.FindPeriods(ctx, false)
	if err != nil {
		return nil, err
	}
	now := s.now()
	d := &portalData{Helpdesk: s.cfg.Helpdesk}
	for _, p := range ps {
		pp := portalPeriod{P: periodView{p, p.Phase(now)}}
		if pp.News, err = s.announcementViews(ctx, p.ID, lang); err != nil {
			return nil, err
		}
		pp.Published = len(pp.News) > 0
		if len(pp.News) > portalNewsMax {
			pp.News = pp.News[:portalNewsMax]
		}
		if p.RegistrationOpen(now) {
			fs, total, err := s.rec.FormationsOf(ctx, p, recruitment.FormationFilter{})
			if err != nil {
				return nil, err
			}
			pp.Formations = total
			for _, f := range fs {
				pp.Places += f.Quota
			}
			d.Open = append(d.Open, pp)
		}
		d.Periods = append(d.Periods, pp)
	}
	return d, nil
}

// announcementViews lists a period's published lists, newest first, titled
// in lang.
func (s *Server) announcementViews(ctx context.Context, periodID int64, lang string) ([]announcementView, error) {
	as, err := s.ver.FindAnnouncements(ctx, periodID)
	if err != nil {
		return nil, err
	}
	out := make([]announcementView, len(as))
	for i, a := range as {
		idT, enT := verification.StageTitle(a.Stage)
		out[i] = announcementView{a, idT}
		if lang == langEN {
			out[i].Title = enT
		}
	}
	return out, nil
}

// applyLinks says where a formation page's "apply" leads: an applicant
// straight to the application page with the formation chosen; a visitor to
// sign in (then there), with registration that keeps the formation; staff
// nowhere — they cannot apply, so they get no button.
func applyLinks(p *identity.Principal, f *recruitment.Formation, phase string) (apply, register string) {
	if phase != recruitment.PhaseRegistration {
		return "", ""
	}
	target := applicationPath(strconv.FormatInt(f.ID, 10))
	switch {
	case p == nil:
		return loginPath(target), "/daftar?formation=" + strconv.FormatInt(f.ID, 10)
	case p.Has(identity.Applicant):
		return target, ""
	}
	return "", ""
}

// applicationPath is the application page with formation fid chosen, or
// without one when fid is empty.
func applicationPath(fid string) string {
	if fid == "" {
		return "/lamaran"
	}
	return "/lamaran?formation=" + fid
}

// loginPath is the sign-in page that leads to next afterwards.
func loginPath(next string) string { return "/login?next=" + url.QueryEscape(next) }

// formationParam is a formation id given in a query or form, as decimal
// digits, or "" when it is not one: it only ever goes into a path we build.
func formationParam(v string) string {
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id <= 0 || strconv.FormatInt(id, 10) != v {
		return ""
	}
	return v
}

// formationOfNext is the formation chosen in a sign-in's next
// (/lamaran?formation=ID), so that "register" keeps it; "" otherwise.
func formationOfNext(next string) string {
	u, err := url.Parse(next)
	if err != nil || u.Path != "/lamaran" {
		return ""
	}
	return formationParam(u.Query().Get("formation"))
}

// registerPath is the registration page that keeps formation fid.
func registerPath(fid string) string {
	if fid == "" {
		return "/daftar"
	}
	return "/daftar?formation=" + fid
}
