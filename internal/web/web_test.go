package web

import (
	"asnpro/internal/i18n"
	"context"
	"crypto/ed25519"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"path"
	"strings"
	"testing"
	"time"

	"asnpro/internal/assess"
	"asnpro/internal/audit"
	"asnpro/internal/exam"
	"asnpro/internal/identity"
	"asnpro/internal/notify"
	"asnpro/internal/recruitment"
	"asnpro/internal/sqldb"
	"asnpro/internal/sqldb/sqldbtest"
	"asnpro/internal/verification"
)

func newTestServer(t *testing.T) (*Server, *httptest.Server) {
	t.Helper()
	db := sqldbtest.Open(t, sqldb.SQLite)
	ids, err := identity.New(db, identity.Config{HashSlots: 2})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ids.AddUser(context.Background(), identity.NewUser{Username: "admin", Name: "Admin", Roles: identity.AllRoles,
		Password: "rahasia-123"}); err != nil {
		t.Fatal(err)
	}
	pub, priv, _ := ed25519.GenerateKey(nil)
	audit.UseKey(db, priv, nil)
	write := func(ctx context.Context, fn func(audit.Tx) error) error {
		return db.Write(ctx, func(tx *sqldb.Tx) error { return fn(tx) })
	}
	if err := audit.PinKey(context.Background(), write, pub, time.Now()); err != nil {
		t.Fatal(err)
	}
	alog := audit.NewLog(db.R, write, string(db.Engine), priv, nil)
	if _, err := alog.Checkpoint(context.Background(), "start"); err != nil {
		t.Fatal(err)
	}
	s, err := New(
		Config{Demo: true},
		withServices(
			Deps{
				DB:       db,
				Identity: ids,
				Log:      slog.New(slog.NewTextHandler(io.Discard, nil)),
				Audit:    alog,
			},
			nil,
			recruitment.Config{},
		),
	)
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(s.Handler())
	t.Cleanup(hs.Close)
	return s, hs
}

// TestEveryPageRenders executes every page template, in both languages,
// signed in with every role and anonymously, and checks the shell: the
// language attribute, no missing catalogue key, the size budget.
func TestEveryPageRenders(t *testing.T) {
	t.Parallel()
	s, _ := newTestServer(t)
	everyone := &identity.Principal{UserID: 1, Username: "admin", Name: "Admin", Roles: identity.AllRoles}
	data := map[string]any{
		"home":    demoHomeData(),
		"login":   loginData{Username: "budi", Next: "/", Error: "Nama pengguna atau kata sandi salah", Demo: demoUsernames},
		"error":   errorData{Status: 404, Message: "Halaman tidak ditemukan"},
		"periods": periodsData{Periods: []periodView{{demoPeriod(), "registration"}}},
		"period": periodData{
			P:          periodView{demoPeriod(), "appeal"},
			Formations: []*recruitment.Formation{demoFormation()},
			Total:      1,
			Units:      []string{"BKPSDM"},
			Levels:     recruitment.Levels,
			Next:       "/x?offset=50",
			Amendments: demoAmendments(),
			News:       demoPortal().Periods[0].News,
		},
		"formation": formationData{F: demoFormation(), P: periodView{demoPeriod(), "registration"}, Amendments: demoAmendments(),
			Apply: "/login?next=%2Flamaran%3Fformation%3D7", Register: "/daftar?formation=7"},
		"procedure": nil,
		"practice":  practiceData{Attempts: demoPracticeAttempts(), Error: "Simulasi belum disiapkan"},
		"cat":       demoCat(),
		"seats":     demoSeats(),
		"committee_sessions": committeeSessionsData{Sessions: []*exam.Session{demoSession()}, CanEdit: true, Error: "Data belum benar",
			Fields: map[string]string{"name": "Wajib diisi", "bank": "Pilih salah satu"}, Stages: []string{exam.StageSKD, exam.StageSKB},
			Periods: []*recruitment.Period{demoPeriod()}, Banks: []*exam.Bank{{ID: 4, Name: "Bank SKD 2025", Purpose: "selection"}},
			Blueprints: []*exam.Blueprint{{ID: 1, Name: "SKD 2024", Minutes: 100}}},
		"committee_session": demoSessionPage(),
		"cat_result": catResult{ID: 3, Scores: []exam.SubtestScore{{Subtest: "TWK", Score: 20, Max: 25}, {Subtest: "TIU", Score: 15, Max: 25}},
			Total: 35, Max: 50, Graded: true, Reasons: []catReason{{Field: "total", Value: "35", Limit: "40", Short: "5"},
				{Field: "TIU", Value: "15", Limit: "20", Short: "5"}}, SHA256: strings.Repeat("ab", 32), AutoFinished: true, FinishedAt: time.Now(),
			Seq: 42},
		"confirm": accountData{Token: "abc", Error: "Tautan tidak berlaku"},
		"confirm_action": confirmData{Ask: confirmAsk{Title: "qafix.confirm.decide.title", What: "qafix.confirm.decide.what",
			Args: []any{"decision", "TMS"}, Back: "/verifikasi/lamaran/1"}, Action: "/verifikasi/lamaran/1/putusan",
			Fields: []confirmField{{Name: "decision", Value: "TMS"}, {Name: "note.ijazah", Value: "Baris <satu>\nbaris dua"}}},
		"forgot": accountData{Login: "6271035205980001", Done: true},
		"reset": accountData{
			Token:  "abc",
			Fields: map[string]string{"password": "Minimal 8 karakter", "password2": "Tidak sama"},
			Error:  "Data belum benar",
		},
		"helpdesk": helpdeskData{
			NIK:       "6271035205980001",
			Searched:  true,
			Email:     "baru@example.id",
			Error:     "Alasan wajib diisi",
			Fields:    map[string]string{"reason": "Wajib"},
			Applicant: &applicantJSON{ID: "1", NIK: "6271035205980001", Name: "Siti <b>", Email: "siti@example.id"},
		},
		"notifications": notificationsData{
			Items: []notify.Notification{
				{ID: 1, Title: "Lamaran terkirim", Body: "Baris satu\nBaris <dua>", Link: "/lamaran/1", CreatedAt: time.Now()},
			},
			Total:  1,
			Unread: 1,
			Next:   "/notifikasi?offset=50",
		},
		"cardcheck": cardCheckData{Number: "20260010000001", Code: "abcd", Checked: true, OK: true, Name: "SI*** AM***",
			Facts: &recruitment.CardFacts{
				RegistrationNumber: "20260010000001",
				Position:           "Perawat",
				Unit:               "RSUD",
				PeriodName:         "CPNS 2026",
				SubmittedAt:        time.Now(),
			}},
		"receiptcheck": receiptCheckData{Seq: "42", SHA256: strings.Repeat("ab", 32), Checked: true, Receipt: &exam.Receipt{
			Seq: 42, At: time.Now(), Sealed: true, Pos: 40, Checkpoint: &exam.ReceiptCheckpoint{Size: 50, Head: strings.Repeat("cd", 32),
				SignedAt: time.Now()}}},
		"transparency": transparencyData{PublicKey: "AAAA", Fingerprint: "ab12", History: []audit.StoredCheckpoint{{Reason: "start"}}},
		"register": registerData{
			Form:   recruitment.NewApplicant{NIK: "6271035205980099", Name: "Admin <b>", Gender: "F"},
			Fields: map[string]string{"nik": "NIK harus 16 digit", "email": "E-mail tidak valid"},
			Error:  "Data belum benar",
		},
		"applicant": demoApplicantData(),
		// Verification.
		"verify_home":       demoVerifyHome(),
		"verify_period":     demoVerifyPeriod(),
		"verify_app":        demoVerifyApp(),
		"outcome":           demoOutcome(),
		"committee_ranking": demoRanking(),
		"instruments":       demoInstruments(),
		"instrument":        demoInstrument(),
		"scoring_list":      demoScoringList(),
		"scoring":           scoringData{A: &[]assess.Assigned{demoAssigned(true)}[0], Error: "x", Fields: map[string]string{"note": "y"}},
		"results":           demoResults(),
		"stats":             demoStats(),
		"users": usersData{
			Users: []*identity.User{{ID: 1, Username: "admin", Name: "Admin <b>", Roles: identity.AllRoles, CreatedAt: time.Now()}},
			Total: 1, Next: "/users?offset=50", Prev: "/users", CanEdit: true, AllRoles: identity.AllRoles,
			Form:   userForm{Username: "Admin <b>", Name: "Admin <b>", Roles: map[identity.Role]bool{identity.Verifier: true}, Mode: "type"},
			Fields: map[string]string{"username": "x", "name": "x", "email": "x", "roles": "x", "password": "x"}, Error: "Data belum benar",
		},
		"user":      demoUser(),
		"integrity": demoIntegrity(),
	}
	for name, d := range committeePageSamples() {
		data[name] = d
	}
	for name, d := range bankPageSamples() {
		data[name] = d
	}
	for name, d := range workforcePageSamples() {
		data[name] = d
	}
	for name, d := range trainingPageSamples() {
		data[name] = d
	}
	for name, d := range culturePageSamples() {
		data[name] = d
	}
	for name, d := range socialisationPageSamples() {
		data[name] = d
	}
	for name, d := range dashboardPageSamples() {
		data[name] = d
	}
	for name, d := range onboardPageSamples() { // after the workforce's: the employee pages again, with their probation
		data[name] = d
	}
	for name, d := range performancePageSamples() {
		data[name] = d
	}
	for name, d := range developmentPageSamples() {
		data[name] = d
	}
	for name := range s.pages.t {
		d, ok := data[name]
		if !ok && name != "procedure" {
			t.Errorf("page %s has no test data: add it here", name)
			continue
		}
		for _, lang := range []string{langID, langEN} {
			for _, p := range []*identity.Principal{nil, everyone} {
				r := httptest.NewRequest("GET", "/x?lang="+lang, nil)
				r = r.WithContext(context.WithValue(r.Context(), langKey, lang))
				if p != nil {
					r = r.WithContext(identity.WithPrincipal(r.Context(), p))
				}
				w := httptest.NewRecorder()
				if err := s.render(w, r, 200, name, "home.title", d); err != nil {
					t.Fatalf("%s/%s: %v", name, lang, err)
				}
				body := w.Body.String()
				if strings.Contains(body, "[[") {
					t.Errorf("%s/%s: missing catalogue key: %s", name, lang, body[strings.Index(body, "[["):][:40])
				}
				if !strings.Contains(body, `<html lang="`+lang+`">`) {
					t.Errorf("%s/%s: no <html lang=%q>", name, lang, lang)
				}
				if strings.Contains(body, "<script>") || strings.Contains(body, " style=") || strings.Contains(body, "onclick") {
					t.Errorf("%s/%s: inline script or style (the CSP forbids it)", name, lang)
				}
				if len(body) > 100<<10 {
					t.Errorf("%s/%s: %d bytes, over the 100 KB page budget", name, lang, len(body))
				}
				if strings.Contains(body, "Admin <b>") {
					t.Errorf("%s: HTML not escaped", name)
				}
			}
		}
	}
}

// demoApplicantData fills every part of the applicant page: the formation
// search, the choice form with refusals, a draft and a submitted application.
func demoApplicantData() applicantData {
	f, p := demoFormation(), periodView{demoPeriod(), "registration"}
	ipk := 3.5
	now := time.Now()
	draft := &recruitment.Application{
		ID:                 1,
		PeriodID:           1,
		FormationID:        7,
		RegistrationNumber: "20260010000001",
		Status:             recruitment.StatusDraft,
		Education:          recruitment.Education{Level: "S1", Major: "S1-KEP", IPK: &ipk},
		MajorCode:          "S1-KEP",
		Documents: []recruitment.Document{
			{Kind: "ijazah", Size: 4096, SHA256: "ab", ContentType: "application/pdf", Filename: "ijazah.pdf"},
		},
	}
	sub := *draft
	sub.ID, sub.Status, sub.SubmittedAt = 2, recruitment.StatusSubmitted, &now
	appeal := p.AppealEnds()
	stages := []stageView{
		{Key: "app.stage.registration", At: &p.RegCloseAt, State: "current", Note: "app.st.draft"},
		{Key: "app.stage.appeal", At: &appeal, State: "pending", Note: "app.st.nodecision"},
	}
	docs := []docView{
		{Rule: recruitment.DocumentPresets["pas_foto"], JPEG: true, Error: "Berkas terlalu besar"},
		{Rule: recruitment.DocumentPresets["ijazah"], Doc: &draft.Documents[0]},
	}
	return applicantData{
		Applicant: &recruitment.Applicant{Name: "Admin <b>", NIK: "6271035205980099"},
		Flash:     "app.flash.upload", Error: "Gagal",
		Search: &searchView{Q: "PKY", Formations: []*recruitment.Formation{f}, Periods: []periodView{p}},
		Choose: &chooseView{
			F:      f,
			P:      p,
			Levels: recruitment.Levels,
			Level:  "D3",
			Major:  "S1-KEP",
			IPK:    "2,5",
			Attrs:  map[string]string{"jenis_disabilitas": "x"},
			Fields: map[string]string{
				"education": "Jenjang D3 tidak diterima",
				"ipk":       "IPK di bawah syarat",
				"age":       "Usia 40",
				"category":  "perlu keterangan",
			},
			Error: "Tidak memenuhi syarat",
		},
		Apps: []appView{
			{
				A:        draft,
				F:        f,
				P:        p,
				Docs:     docs,
				Missing:  []string{"pas_foto"},
				Stages:   stages,
				Editable: true,
				Submit:   "Dokumen wajib belum lengkap",
			},
			{A: &sub, F: f, P: p, Docs: docs, Stages: stages},
			{A: &sub, F: f, P: p, Docs: docs, Announced: true, Stages: []stageView{
				{
					Key:     "app.stage.administration",
					At:      &now,
					State:   "done",
					Note:    "app.st.announced",
					Result:  "TMS",
					Reasons: []verification.Reason{{Requirement: "ijazah", Note: "buram <b>"}},
				},
				{
					Key:    "app.stage.appeal",
					At:     &appeal,
					State:  "done",
					Note:   "app.st.appealanswered",
					Appeal: &verification.Appeal{Status: "upheld", Response: "Diterima <b>"},
				}}},
			{A: draft, F: f, P: p, Docs: docs, Stages: stages, Closed: true},
		},
	}
}

func demoPeriod() *recruitment.Period {
	now := time.Now()
	skd := now.Add(48 * time.Hour)
	return &recruitment.Period{
		ID:            1,
		Name:          "Seleksi CPNS 2026",
		Agency:        "Pemerintah Kota Palangka Raya",
		Kind:          "cpns",
		Source:        "sscasn",
		TimeZone:      "Asia/Jakarta",
		ReferenceDate: "2026-12-12",
		Timeline: recruitment.Timeline{
			AnnounceAt:      now,
			RegOpenAt:       now,
			RegCloseAt:      now,
			AdminAnnounceAt: now,
			AppealDays:      3,
			SKDAt:           &skd,
		},
		PublishedAt: &now,
	}
}

func demoFormation() *recruitment.Formation {
	ipk := 300
	return &recruitment.Formation{
		ID:       7,
		PeriodID: 1,
		Code:     "PKY-1",
		Position: "Perawat <Ahli>",
		Unit:     "BKPSDM",
		Quota:    2,
		Category: "disabilitas",
		Levels:   []string{"S1"},
		Majors: []recruitment.Major{
			{Code: "S1-KEP", Name: "S-1 Keperawatan"},
		},
		MinIPK:    &ipk,
		AgeMin:    18,
		AgeMax:    35,
		Proofs:    []string{"jenis_disabilitas"},
		Documents: []recruitment.DocumentRule{recruitment.DocumentPresets["ijazah"]},
	}
}

// TestTemplateKeysExist: every key a template names is in the catalogue
// (whose completeness internal/i18n tests).
func TestTemplateKeysExist(t *testing.T) {
	t.Parallel()
	files := []string{"templates/layout.html"}
	for _, dir := range []string{"templates/pages", "templates/partials"} {
		entries, _ := assets.ReadDir(dir)
		for _, e := range entries {
			files = append(files, path.Join(dir, e.Name()))
		}
	}
	for _, f := range files {
		b, _ := assets.ReadFile(f)
		for _, part := range strings.Split(string(b), `.T "`)[1:] {
			key := part[:strings.IndexByte(part, '"')]
			if !i18n.Has(key) {
				t.Errorf("%s names unknown key %q", f, key)
			}
		}
	}
}

func TestRouteRules(t *testing.T) {
	t.Parallel()
	s, _ := newTestServer(t)
	for _, r := range s.Routes() {
		// Signing in, registering, and the links sent by e-mail (each checks its
		// one-time secret, and reset requests are rate-limited per address).
		publicWrites := map[string]bool{"/daftar": true, "/api/v1/auth/token": true, "/api/v1/applicants": true,
			"/konfirmasi-email": true, "/lupa-sandi": true, "/atur-sandi": true,
			"/api/v1/auth/email-confirmation": true, "/api/v1/auth/password-reset": true, "/api/v1/auth/password-reset/confirm": true}
		if r.Method != "GET" && r.Method != "HEAD" && r.Access.public && !strings.HasPrefix(r.Path, "/login") && !publicWrites[r.Path] {
			// Public writes are rare and deliberate; list them here when one is added.
			t.Errorf("%s %s is a public write: add it to this test's list if that is intended", r.Method, r.Path)
		}
	}
}

func TestPagesBadInput(t *testing.T) {
	t.Parallel()
	_, hs := newTestServer(t)
	c := hs.Client()
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

	t.Run("unknown page is a 404 in the layout", func(t *testing.T) {
		res, err := c.Get(hs.URL + "/tidak/ada")
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 404 || !strings.Contains(string(b), `id="error-message"`) ||
			!strings.Contains(string(b), `<html lang="id">`) {
			t.Fatalf("%d %s", res.StatusCode, b)
		}
	})
	t.Run("unknown lang falls back to Indonesian", func(t *testing.T) {
		res, err := c.Get(hs.URL + "/?lang=fr")
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if !strings.Contains(string(b), `<html lang="id">`) {
			t.Fatalf("lang=fr gave %s", b[:200])
		}
	})
	t.Run("login from another site is refused", func(t *testing.T) {
		req, _ := http.NewRequest("POST", hs.URL+"/login", strings.NewReader("username=admin&password=rahasia-123"))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Sec-Fetch-Site", "cross-site")
		res, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != 403 || res.Header.Get("Set-Cookie") != "" {
			t.Fatalf("cross-site login: %d, cookie %q", res.StatusCode, res.Header.Get("Set-Cookie"))
		}
	})
	t.Run("sign in, open a page, sign out, the page redirects to login", func(t *testing.T) { checkSignInOut(t, c, hs) })
	t.Run("an open redirect through next is refused", func(t *testing.T) { checkNoOpenRedirect(t, c, hs) })
	t.Run("static files are content-addressed and immutable", func(t *testing.T) { checkStaticFiles(t, c, hs) })
}

// checkSignInOut: signing in sets a session cookie (HttpOnly, SameSite
// Lax) that opens a page; after signing out the page redirects to login.
func checkSignInOut(t *testing.T, c *http.Client, hs *httptest.Server) {
	res, err := c.PostForm(hs.URL+"/login", url.Values{"username": {"admin"}, "password": {"rahasia-123"}, "next": {"/users"}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 303 || res.Header.Get("Location") != "/users" {
		t.Fatalf("login: %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	var cookie *http.Cookie
	for _, ck := range res.Cookies() {
		if ck.Name == sessionCookie {
			cookie = ck
		}
	}
	if cookie == nil || !cookie.HttpOnly || cookie.SameSite != http.SameSiteLaxMode {
		t.Fatalf("session cookie %+v", cookie)
	}
	get := func(p string) *http.Response {
		req, _ := http.NewRequest("GET", hs.URL+p, nil)
		req.AddCookie(cookie)
		res, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res
	}
	if res := get("/users"); res.StatusCode != 200 {
		t.Fatalf("users while signed in: %d", res.StatusCode)
	}
	req, _ := http.NewRequest("POST", hs.URL+"/logout", nil)
	req.AddCookie(cookie)
	res, err = c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 303 {
		t.Fatalf("logout: %d", res.StatusCode)
	}
	if res := get("/users"); res.StatusCode != 303 || !strings.HasPrefix(res.Header.Get("Location"), "/login?next=") {
		t.Fatalf("users after logout: %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
}

// checkNoOpenRedirect: next may not lead to another site.
func checkNoOpenRedirect(t *testing.T, c *http.Client, hs *httptest.Server) {
	for _, next := range []string{"//evil.example/", "https://evil.example/", "/\\evil.example"} {
		res, err := c.PostForm(hs.URL+"/login", url.Values{"username": {"admin"}, "password": {"rahasia-123"}, "next": {next}})
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.Header.Get("Location") != "/" {
			t.Fatalf("next=%q redirected to %q", next, res.Header.Get("Location"))
		}
	}
}

// checkStaticFiles: static files are served under their content-addressed
// names, immutable; the plain name is 404.
func checkStaticFiles(t *testing.T, c *http.Client, hs *httptest.Server) {
	s2, _ := newTestServer(t)
	u := s2.static.urlFor["app.css"]
	res, err := c.Get(hs.URL + u)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 || !strings.Contains(res.Header.Get("Cache-Control"), "immutable") {
		t.Fatalf("%s: %d %q", u, res.StatusCode, res.Header.Get("Cache-Control"))
	}
	res, _ = c.Get(hs.URL + "/static/app.css")
	res.Body.Close()
	if res.StatusCode != 404 {
		t.Fatalf("unhashed name: %d", res.StatusCode)
	}
}

func TestClientAddress(t *testing.T) {
	t.Parallel()
	s := &Server{cfg: Config{TrustedProxies: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}}}
	cases := []struct {
		remote, xff, want string
	}{
		{"192.0.2.1:5000", "203.0.113.5", "192.0.2.1"},                // untrusted peer: header ignored
		{"10.0.0.2:5000", "203.0.113.5", "203.0.113.5"},               // trusted proxy
		{"10.0.0.2:5000", "198.51.100.1, 203.0.113.5", "203.0.113.5"}, // the nearest untrusted hop, not a spoofed first one
		{"10.0.0.2:5000", "203.0.113.5, 10.0.0.9", "203.0.113.5"},     // through two proxies
		{"10.0.0.2:5000", "", "10.0.0.2"},
		{"10.0.0.2:5000", "nonsense", "10.0.0.2"},
	}
	for _, tc := range cases {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = tc.remote
		if tc.xff != "" {
			r.Header.Set("X-Forwarded-For", tc.xff)
		}
		if got := s.clientOf(r); got != tc.want {
			t.Errorf("remote %s xff %q: %s, want %s", tc.remote, tc.xff, got, tc.want)
		}
	}
}

func demoAmendments() []*recruitment.Amendment {
	fid := int64(7)
	return []*recruitment.Amendment{
		{ID: 1, PeriodID: 1, Note: "Perpanjangan <pendaftaran>", CreatedAt: time.Now(), Changes: map[string]recruitment.Change{
			"registration_close_at": {Before: "2026-11-30T16:59:59Z", After: "2026-12-03T16:59:59Z"}}},
		{
			ID:            2,
			PeriodID:      1,
			FormationID:   &fid,
			FormationCode: "PKY-2026-001",
			Note:          "Kuota ditambah",
			CreatedAt:     time.Now(),
			Changes: map[string]recruitment.Change{
				"quota": {Before: float64(2), After: float64(3)}, "majors": {Before: []any{"S1-TI"}, After: []any{"S1-TI", "S1-SI"}},
				"min_ipk": {
					Before: nil,
					After:  "3.00",
				}, "documents": {Before: []any{map[string]any{"kind": "ijazah"}}, After: []any{map[string]any{"kind": "ijazah"},
					map[string]any{"kind": "str"}}}},
		},
	}
}

func demoPracticeAttempts() []exam.AttemptSummary {
	now := time.Now()
	return []exam.AttemptSummary{{ID: 2, Practice: true, StartedAt: now, EndsAt: now.Add(15 * time.Minute)},
		{ID: 1, Practice: true, StartedAt: now.Add(-time.Hour), EndsAt: now.Add(-45 * time.Minute), FinishedAt: &now, Total: 40, Max: 75}}
}

func demoSession() *exam.Session {
	at := time.Date(2026, 3, 13, 1, 0, 0, 0, time.UTC)
	return &exam.Session{ID: 3, PeriodID: 2, PeriodName: "Seleksi CPNS 2025", Stage: exam.StageSKD, Name: "SKD sesi 1", BankName: "Bank SKD",
		Blueprint: "SKD 2024", Formation: "PKY-2025-003", Capacity: 50, OpensAt: at, ClosesAt: at.Add(8 * time.Hour), Participants: 3,
		Started: 2, Finished: 1}
}

func demoSeats() seatsData {
	ses := demoSession()
	ends := ses.OpensAt.Add(2 * time.Hour)
	return seatsData{Error: "Waktu untuk memulai sesi ini sudah berakhir", Seats: []seatView{
		{Seat: exam.Seat{Session: ses, Participant: &exam.Participant{ExtraMinutes: 30}}, Open: true, Minutes: 130},
		{Seat: exam.Seat{Session: ses, Participant: &exam.Participant{AttemptID: 9, EndsAt: &ends}}, Minutes: 100},
		{Seat: exam.Seat{Session: ses, Participant: &exam.Participant{AttemptID: 8, FinishedAt: &ends}}, Minutes: 100},
		{Seat: exam.Seat{Session: ses, Participant: &exam.Participant{}}, Upcoming: true, Minutes: 100},
		{Seat: exam.Seat{Session: ses, Participant: &exam.Participant{}}, Minutes: 100},
	}}
}

func demoSessionPage() committeeSessionData {
	ends := time.Date(2026, 3, 13, 3, 0, 0, 0, time.UTC)
	d := committeeSessionData{Session: demoSession(), Blueprint: &exam.Blueprint{Name: "SKD 2024", Parts: exam.SKD2024().Parts, Minutes: 100,
		ExtraMinutes: 30}, Total: 230, Page: 2, Pages: 3, PrevHref: "/x?hal=1", NextHref: "/x?hal=3", CanEdit: true, Open: true,
		Flash: "Tambahan waktu disimpan.", Error: "Data belum benar", ExtraFor: 11,
		ExtraFields: map[string]string{"minutes": "Tambahan waktu: 0 sampai 300 menit", "reason": "Wajib"}}
	d.ExtraForm.Minutes, d.ExtraForm.Reason = "400", ""
	d.Participants = []participantView{
		{Participant: &exam.Participant{ApplicationID: 11, RegistrationNumber: "20260020000002", Name: "Agus Santoso",
			FormationCode: "PKY-2025-003", Category: "umum", ExtraMinutes: 30, ExtraReason: "Tunanetra"}},
		{Participant: &exam.Participant{ApplicationID: 12, RegistrationNumber: "20260020000003", Name: "Maria Ulfa",
			FormationCode: "PKY-2025-001",
			Category:      "disabilitas", AttemptID: 5, EndsAt: &ends}, Running: true},
		{Participant: &exam.Participant{ApplicationID: 13, RegistrationNumber: "20260020000004", Name: "Dewi Lestari",
			FormationCode: "PKY-2025-002", Category: "umum", AttemptID: 6, FinishedAt: &ends,
			Result: &exam.AttemptResult{Total: 400, Max: 550, Graded: true, Passed: true}}},
	}
	return d
}

func demoCat() catData {
	opts := []attemptOptionJSON{{"A", "Pancasila"}, {"B", "UUD 1945"}, {"C", "Tap MPR"}, {"D", "Perpres"}, {"E", "Perda"}}
	return catData{ID: 2, Base: "/simulasi/2", Title: "cat.test.title", EndsAt: time.Now().Add(10 * time.Minute), Remaining: 600,
		Clock: "10:00", Confirm: true, Blank: []int{2},
		Items: []catItem{{No: 1, Subtest: "TWK", Stem: "Dasar negara Indonesia adalah …", Options: opts, Answer: "A", Flagged: true},
			{No: 2, Subtest: "TIU", Stem: "2, 4, 8, 16, …", Options: opts}}}
}
