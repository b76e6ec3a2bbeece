package web

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"asnpro/internal/audit"
	"asnpro/internal/identity"
	"asnpro/internal/notify"
	"asnpro/internal/recruitment"
	"asnpro/internal/recruitment/recruitmenttest"
	"asnpro/internal/sqldb"
	"asnpro/internal/sqldb/sqldbtest"
	"asnpro/internal/testkit"
	"asnpro/internal/verification"
)

// verifyEnv is a server over a real database with one clock, a period open
// for registration (administration announcement scheduled two weeks after
// registration closes), one formation asking for one PDF, a committee
// member and a verifier who signed the pact.
type verifyEnv struct {
	t      *testing.T
	db     *sqldb.DB
	rt     *recruitmenttest.Fixture // the period, its formation and the applicants
	clock  *testkit.Clock
	ids    *identity.Service
	rec    *recruitment.Service
	ver    *verification.Service
	notify *notify.Service
	hs     *httptest.Server
	period *recruitment.Period
	form   *recruitment.Formation
}

func newVerifyEnv(t *testing.T, db *sqldb.DB, start time.Time) *verifyEnv {
	t.Helper()
	ctx := context.Background()
	// The administration announcement is scheduled two weeks after the close.
	tl := recruitment.Timeline{AnnounceAt: start.Add(-48 * time.Hour), RegOpenAt: start.Add(-24 * time.Hour),
		RegCloseAt: start.Add(10 * 24 * time.Hour), AdminAnnounceAt: start.Add(24 * 24 * time.Hour), AppealDays: 3}
	clock := testkit.NewClock(start)
	hooks := verification.NewHooks(db, clock.Now)
	rt := recruitmenttest.New(t, db, recruitmenttest.Options{Clock: clock, Timeline: tl, Config: recruitment.Config{Stages: hooks}})
	e := &verifyEnv{t: t, db: db, rt: rt, clock: rt.Clock, ids: rt.IDs, rec: rt.Rec, period: rt.Period, form: rt.Formation}
	e.notify = notify.New(db, e.clock.Now, nil)
	d := Deps{DB: db, Identity: e.ids, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Recruit: e.rec, Notify: e.notify}
	d.Verify = newVerification(d, e.clock.Now, hooks)
	e.ver = d.Verify
	s, err := New(Config{Now: e.clock.Now}, d)
	if err != nil {
		t.Fatal(err)
	}
	e.hs = httptest.NewServer(s.Handler())
	t.Cleanup(e.hs.Close)
	for _, u := range []struct {
		name string
		role identity.Role
	}{{"ketua", identity.Committee}, {"anggota", identity.Committee}, {"veri", identity.Verifier}, {"veri2", identity.Verifier}} {
		if _, err := e.ids.AddUser(ctx,
			identity.NewUser{Username: u.name, Name: "Pak " + u.name, Roles: []identity.Role{u.role}, Password: "rahasia-123"}); err != nil {
			t.Fatal(err)
		}
	}
	for _, u := range []string{"ketua", "anggota", "veri", "veri2"} {
		c, pr := e.as(u)
		if _, err := e.ver.SignPact(c, pr, e.period.ID, true); err != nil {
			t.Fatalf("%s signs: %v", u, err)
		}
	}
	return e
}

// as returns the context and principal of a staff user (role: their only one).
func (e *verifyEnv) as(username string) (context.Context, *identity.Principal) {
	e.t.Helper()
	u, err := e.ids.FindUserByUsername(context.Background(), username)
	if err != nil {
		e.t.Fatalf("%s: %v", username, err)
	}
	p := &identity.Principal{UserID: u.ID, Username: u.Username, Name: u.Name, Roles: u.Roles}
	return audit.WithActor(context.Background(), audit.Actor{ID: p.IDString(), Role: string(u.Roles[0])}), p
}

// token signs username in for the API (at the clock's time).
func (e *verifyEnv) token(username string) string {
	e.t.Helper()
	c, err := e.ids.Login(context.Background(), username, "rahasia-123", "test", identity.KindToken)
	if err != nil {
		e.t.Fatalf("login %s: %v", username, err)
	}
	return c.Secret
}

type envApplicant struct {
	nik   string
	name  string
	appID int64
	reg   string
}

func (e *verifyEnv) submit(name string) *envApplicant {
	e.t.Helper()
	a := e.rt.Submit(name)
	return &envApplicant{nik: a.NIK, name: name, appID: a.App.ID, reg: a.App.RegistrationNumber}
}

// decide has the application's verifier decide it.
func (e *verifyEnv) decide(a *envApplicant, n verification.NewDecision) {
	e.t.Helper()
	v, err := e.ver.FindVerification(context.Background(), a.appID)
	if err != nil {
		e.t.Fatal(err)
	}
	for _, u := range []string{"veri", "veri2"} {
		c, p := e.as(u)
		if p.UserID == v.VerifierID {
			if _, err := e.ver.Decide(c, p, a.appID, n); err != nil {
				e.t.Fatalf("decide %s: %v", a.reg, err)
			}
			return
		}
	}
	e.t.Fatalf("%s has no verifier", a.reg)
}

// call makes a request with a bearer token; it returns the status and body.
func (e *verifyEnv) call(method, path, token string, body any) (int, string) {
	e.t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, e.hs.URL+path, rd)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := e.hs.Client().Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

// runJobs runs the due notice jobs until none is left.
func (e *verifyEnv) runJobs() {
	e.t.Helper()
	for range 20 {
		ran, err := e.notify.RunDueJobs(context.Background(), "test")
		if err != nil {
			e.t.Fatal(err)
		}
		if ran == 0 {
			return
		}
	}
}

// TestAppealDeadlineIsOneEverywhere: results published early (registration
// still open, two weeks before the scheduled announcement) give one appeal
// deadline — 3 calendar days after the publication, 23:59:59 WIB — in the
// period API, the public timeline, the applicant's page, the outcome page
// and the result notice, and filing is judged by it (201 at the last
// second, 409 one second later). The applicant's page shows the announced
// decision with its reasons, then the appeal's outcome.
func TestAppealDeadlineIsOneEverywhere(t *testing.T) {
	t.Parallel()
	wib, _ := time.LoadLocation("Asia/Jakarta")
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		d := &deadlineCase{e: newVerifyEnv(t, db, time.Date(2026, 12, 1, 9, 0, 0, 0, wib)), db: db,
			reason: "Ijazah tidak dilegalisir oleh perguruan tinggi"}
		e := d.e
		d.pid = strconv.FormatInt(e.period.ID, 10)
		tms := verification.NewDecision{Decision: "TMS", Reasons: []verification.Reason{{Requirement: "ijazah", Note: d.reason}}}
		var ms *envApplicant
		d.early, d.late, ms = e.submit("Siti Aminah"), e.submit("Budi Santoso"), e.submit("Rina Wati")
		e.decide(d.early, tms)
		e.decide(d.late, tms)
		e.decide(ms, verification.NewDecision{Decision: "MS"})
		d.end = time.Date(2026, 12, 14, 23, 59, 59, 0, wib)
		d.shown = d.end.Format("02-01-2006 15:04") + " WIB" // as every page prints it
		d.told = d.end.Format("02-01-2006 15:04")           // as the notice prints it

		t.Run("before the announcement the applicant's page says so", d.before)
		// Published on 11 December 14:00 WIB, just after registration closed
		// and well before the scheduled announcement.
		e.clock.Set(time.Date(2026, 12, 11, 14, 0, 0, 0, wib))
		kctx, ketua := e.as("ketua")
		if _, err := e.ver.PublishResults(kctx, ketua, e.period.ID, "administration"); err != nil {
			t.Fatal(err)
		}
		t.Run("the APIs give the deadline", d.apis)
		t.Run("the pages give the deadline", d.pages)
		t.Run("the notice and the e-mails give the deadline", d.notices)
		t.Run("filing is judged by the same deadline", d.filing)
		t.Run("the appeal's outcome shows on the applicant's page", d.outcome)
	})
}

// deadlineCase is a period whose results were published early, with two
// TMS applicants (early appeals in time, late one second after).
type deadlineCase struct {
	e           *verifyEnv
	db          *sqldb.DB
	pid, reason string
	early, late *envApplicant
	end         time.Time
	shown, told string
}

func (d *deadlineCase) page(path string) (int, string) {
	return d.e.call("GET", path, d.e.token(d.early.nik), nil)
}

func (d *deadlineCase) before(t *testing.T) {
	code, page := d.page("/lamaran/" + strconv.FormatInt(d.early.appID, 10))
	if code != 200 || !strings.Contains(page, `id="decisions-`) || strings.Contains(page, `id="result-`) {
		t.Fatalf("applicant page before: %d", code)
	}
}

func (d *deadlineCase) apis(t *testing.T) {
	code, b := d.e.call("GET", "/api/v1/periods/"+d.pid, "", nil)
	var per struct {
		Timeline struct {
			AppealEndsAt time.Time  `json:"appeal_ends_at"`
			AnnouncedAt  *time.Time `json:"administration_announced_at"`
		} `json:"timeline"`
	}
	if err := json.Unmarshal([]byte(b), &per); code != 200 || err != nil || !per.Timeline.AppealEndsAt.Equal(d.end) ||
		per.Timeline.AnnouncedAt == nil {
		t.Fatalf("period API: %d %s", code, b)
	}
	code, b = d.page("/api/v1/applications/" + strconv.FormatInt(d.early.appID, 10))
	var own struct {
		Verification struct {
			Status       string    `json:"status"`
			AppealEndsAt time.Time `json:"appeal_ends_at"`
		} `json:"verification"`
	}
	if err := json.Unmarshal([]byte(b), &own); code != 200 || err != nil || own.Verification.Status != "TMS" ||
		!own.Verification.AppealEndsAt.Equal(d.end) {
		t.Fatalf("own application API: %d %s", code, b)
	}
}

func (d *deadlineCase) pages(t *testing.T) {
	shown, id := d.shown, strconv.FormatInt(d.early.appID, 10)
	code, page := d.e.call("GET", "/periods/"+d.pid, "", nil)
	if code != 200 || !strings.Contains(page, `<span id="appeal-ends">`+shown+`</span>`) {
		t.Fatalf("public timeline does not say %s", shown)
	}
	code, page = d.page("/lamaran/" + id)
	badge := `<span class="badge" id="result-` + id + `">Tidak memenuhi syarat (TMS)</span>`
	if code != 200 || !strings.Contains(page, shown) || !strings.Contains(page, badge) ||
		!strings.Contains(page, d.reason) || strings.Contains(page, `id="decisions-`) ||
		!strings.Contains(page, "<strong>Seleksi administrasi</strong> <span class=\"help\">11-12-2026 14:00 WIB</span><br>Diumumkan.") {
		t.Fatalf("applicant page after the announcement: %d %s", code, page)
	}
	code, page = d.page("/lamaran/" + id + "/hasil")
	if code != 200 || !strings.Contains(page, `<strong id="appeal-ends">`+shown+`</strong>`) ||
		!strings.Contains(page, `<strong id="appeal-until">`+shown+`</strong>`) {
		t.Fatalf("outcome page does not say %s", shown)
	}
}

func (d *deadlineCase) notices(t *testing.T) {
	e, told := d.e, d.told
	e.runJobs()
	u, _ := e.ids.FindUserByUsername(context.Background(), d.early.nik)
	items, _, _, err := e.notify.List(context.Background(), u.ID, 50, 0)
	if err != nil || len(items) != 1 || !strings.Contains(items[0].Body, "sampai "+told+" WIB") ||
		!strings.Contains(items[0].BodyEN, "until "+told+" WIB") {
		t.Fatalf("result notice: %v %+v", err, items)
	}
	var mails int
	if err := d.db.R.QueryRow(`SELECT count(*) FROM outbox WHERE body LIKE $1`, "%"+told+"%").Scan(&mails); err != nil || mails != 2 {
		t.Fatalf("e-mails with the deadline: %d %v", mails, err)
	}
}

func (d *deadlineCase) filing(t *testing.T) {
	e := d.e
	why := map[string]string{"reason": "Ijazah saya sudah dilegalisir, cap basah di halaman belakang."}
	e.clock.Set(d.end)
	code, b := e.call("POST", "/api/v1/applications/"+strconv.FormatInt(d.early.appID, 10)+"/appeal", e.token(d.early.nik), why)
	if code != 201 {
		t.Fatalf("at the last second: %d %s", code, b)
	}
	e.clock.Set(d.end.Add(time.Second))
	code, b = e.call("POST", "/api/v1/applications/"+strconv.FormatInt(d.late.appID, 10)+"/appeal", e.token(d.late.nik), why)
	if code != 409 || !strings.Contains(b, "failed_precondition") {
		t.Fatalf("one second after: %d %s", code, b)
	}
}

func (d *deadlineCase) outcome(t *testing.T) {
	e, id := d.e, strconv.FormatInt(d.early.appID, 10)
	kctx, ketua := e.as("ketua")
	appeals, err := e.ver.FindAppeals(kctx, ketua, e.period.ID)
	if err != nil || len(appeals) != 1 {
		t.Fatalf("appeals %v %v", appeals, err)
	}
	actx, anggota := e.as("anggota")
	upheld := true
	answer := "Legalisir terlihat pada halaman belakang; sanggah diterima."
	if _, err := e.ver.DecideAppeal(actx, anggota, appeals[0].ID, verification.AppealDecision{Upheld: &upheld,
		Response: answer}); err != nil {
		t.Fatal(err)
	}
	code, page := d.page("/lamaran/" + id)
	if code != 200 || !strings.Contains(page, `id="appeal-status-`+id+`">Diterima</span>`) || !strings.Contains(page, answer) ||
		!strings.Contains(page, d.shown) {
		t.Fatalf("applicant page after the appeal: %d %s", code, page)
	}
}

// TestConflictAnswerHasNoCandidateData: declaring a conflict (API and
// page) answers without the applicant's name, NIK or any number the
// caller did not give — the declarer may not read the application.
func TestConflictAnswerHasNoCandidateData(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		e := newVerifyEnv(t, db, time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC))
		pid := strconv.FormatInt(e.period.ID, 10)
		a, b := e.submit("Siti Aminah"), e.submit("Budi Santoso")
		// A verifier who holds neither (or one) of them: by registration number, then by id.
		code, body := e.call("POST", "/api/v1/periods/"+pid+"/conflicts", e.token("veri"),
			map[string]string{"registration_number": a.reg, "kind": "family"})
		if code != 201 {
			t.Fatalf("declare: %d %s", code, body)
		}
		for _, leak := range []string{a.name, "SI***", a.nik, "application_id", "applicant_name"} {
			if strings.Contains(body, leak) {
				t.Fatalf("the answer names %q: %s", leak, body)
			}
		}
		code, body = e.call("POST", "/api/v1/periods/"+pid+"/conflicts", e.token("veri2"),
			map[string]string{"application_id": strconv.FormatInt(b.appID, 10), "kind": "work"})
		if code != 201 {
			t.Fatalf("declare by id: %d %s", code, body)
		}
		for _, leak := range []string{b.name, b.nik, b.reg, "applicant_name"} {
			if strings.Contains(body, leak) {
				t.Fatalf("the answer names %q: %s", leak, body)
			}
		}
		// The page answers with a redirect, nothing else.
		req, _ := http.NewRequest("POST", e.hs.URL+"/verifikasi/periode/"+pid+"/konflik",
			strings.NewReader("registration_number="+b.reg+"&kind=family&confirm=1"))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Authorization", "Bearer "+e.token("veri"))
		c := e.hs.Client()
		c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
		res, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		page, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 303 || strings.Contains(string(page), b.name) || strings.Contains(string(page), b.nik) {
			t.Fatalf("page: %d %s", res.StatusCode, page)
		}
	})
}

// TestReopenAPI: POST /api/v1/applications/{id}/verification/reopen on an
// announced decision — the committee only (a verifier 403), a reason
// required (422), a member who is also a verifier not on their own
// decision (403), and with a reason it reopens, recorded in the audit log.
func TestReopenAPI(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		e := newVerifyEnv(t, db, time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC))
		if _, err := e.ids.AddUser(ctx,
			identity.NewUser{Username: "panver", Name: "Bu Panver", Roles: []identity.Role{identity.Committee, identity.Verifier},
				Password: "rahasia-123"}); err != nil {
			t.Fatal(err)
		}
		kctx, ketua := e.as("ketua")
		own, other := e.submit("Siti Aminah"), e.submit("Budi Santoso")
		u, _ := e.ids.FindUserByUsername(ctx, "panver")
		panver := &identity.Principal{UserID: u.ID, Username: u.Username, Name: u.Name, Roles: u.Roles}
		pctx := audit.WithActor(ctx, audit.Actor{ID: panver.IDString(), Role: "verifier"})
		if _, err := e.ver.SignPact(pctx, panver, e.period.ID, true); err != nil {
			t.Fatal(err)
		}
		if err := e.ver.Reassign(kctx, ketua, own.appID, "panver"); err != nil {
			t.Fatal(err)
		}
		tms := verification.NewDecision{Decision: "TMS",
			Reasons: []verification.Reason{{Requirement: "ijazah", Note: "Ijazah tidak dilegalisir"}}}
		if _, err := e.ver.Decide(pctx, panver, own.appID, tms); err != nil {
			t.Fatal(err)
		}
		e.decide(other, tms)
		e.clock.Set(e.period.RegCloseAt.Add(time.Hour))
		if _, err := e.ver.PublishResults(kctx, ketua, e.period.ID, "administration"); err != nil {
			t.Fatal(err)
		}
		path := func(a *envApplicant) string {
			return "/api/v1/applications/" + strconv.FormatInt(a.appID, 10) + "/verification/reopen"
		}
		reason := map[string]string{"reason": "Klarifikasi ijazah asli menunjukkan legalisir"}
		for _, c := range []struct {
			what, user string
			app        *envApplicant
			body       any
			status     int
			code       string
		}{
			{"a verifier", "veri", other, reason, 403, "forbidden"},
			{"no reason", "ketua", other, map[string]string{}, 422, "invalid"},
			{"blank reason", "ketua", other, map[string]string{"reason": "   "}, 422, "invalid"},
			{"one's own decision", "panver", own, reason, 403, "forbidden"},
			{"the committee, with a reason", "ketua", other, reason, 200, ""},
			{"again, now undecided", "anggota", other, reason, 409, "conflict"},
		} {
			code, body := e.call("POST", path(c.app), e.token(c.user), c.body)
			if code != c.status || (c.code != "" && !strings.Contains(body, `"code":"`+c.code+`"`)) {
				t.Fatalf("%s: %d %s, want %d %s", c.what, code, body, c.status, c.code)
			}
		}
		if v, _ := e.ver.FindVerification(ctx, own.appID); v.Decision != "TMS" {
			t.Fatalf("own decision changed: %+v", v)
		}
		var data string
		if err := db.R.QueryRow(`SELECT data FROM audit_events WHERE action = 'verification.reopen' AND object_id = $1`,
			strconv.FormatInt(other.appID, 10)).Scan(&data); err != nil ||
			!strings.Contains(data, reason["reason"]) || !strings.Contains(data, `"announced":true`) {
			t.Fatalf("audit: %q %v", data, err)
		}
	})
}
