package web

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"asnpro/internal/identity"
	"asnpro/internal/sqldb"
	"asnpro/internal/sqldb/sqldbtest"
	"asnpro/internal/testkit"
	"asnpro/internal/verification"
)

// postPage posts a form with a bearer token and does not follow the
// redirect: the status, the Location and the body.
func (e *verifyEnv) postPage(token, path string, form url.Values) (int, string, string) {
	e.t.Helper()
	req, _ := http.NewRequest("POST", e.hs.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Authorization", "Bearer "+token)
	c := e.hs.Client()
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	res, err := c.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, res.Header.Get("Location"), string(b)
}

// count runs a count query.
func (e *verifyEnv) count(query string, args ...any) int {
	e.t.Helper()
	var n int
	if err := e.db.R.QueryRow(query, args...).Scan(&n); err != nil {
		e.t.Fatalf("%s: %v", query, err)
	}
	return n
}

// draft is an applicant's application with every document uploaded, not
// yet submitted.
func (e *verifyEnv) draft(name string) *envApplicant {
	e.t.Helper()
	a := e.rt.Apply(name)
	for _, d := range e.form.Documents {
		if _, err := e.rec.PutDocument(context.Background(), a.UserID, a.App.ID, d.Kind, bytes.NewReader(testkit.PDF(name)),
			d.Kind+".pdf"); err != nil {
			e.t.Fatal(err)
		}
	}
	return &envApplicant{nik: a.NIK, name: name, appID: a.App.ID, reg: a.App.RegistrationNumber}
}

// holder is the username of the verifier holding application a.
func (e *verifyEnv) holder(a *envApplicant) string {
	e.t.Helper()
	v, err := e.ver.FindVerification(context.Background(), a.appID)
	if err != nil {
		e.t.Fatal(err)
	}
	for _, u := range []string{"veri", "veri2"} {
		if _, p := e.as(u); p.UserID == v.VerifierID {
			return u
		}
	}
	e.t.Fatalf("%s has no verifier", a.reg)
	return ""
}

// confirmCase is one irreversible form: who posts what, and the state that
// tells whether it acted.
type confirmCase struct {
	name  string
	token string
	path  string
	form  url.Values
	state func() int // changes when the action is done
	ok    string     // where the confirmed action leads (a prefix)
}

// run posts the form without confirm (the confirmation page: 200, the
// fields carried, nothing changed, no audit event), then with confirm=1
// (done: 303 to ok, the state changed).
func (c confirmCase) run(t *testing.T, e *verifyEnv) {
	t.Helper()
	before, events := c.state(), e.count(`SELECT count(*) FROM audit_events`)
	code, _, page := e.postPage(c.token, c.path, c.form)
	if code != http.StatusOK || !strings.Contains(page, `id="confirm-form"`) ||
		!strings.Contains(page, `<input type="hidden" name="confirm" value="1">`) || !strings.Contains(page, `id="confirm-no"`) {
		t.Fatalf("%s without confirm: %d, want the confirmation page: %s", c.name, code, page)
	}
	for k := range c.form {
		if !strings.Contains(page, `name="`+k+`"`) {
			t.Errorf("%s: the confirmation does not carry %s", c.name, k)
		}
	}
	if after := c.state(); after != before {
		t.Fatalf("%s without confirm changed the state: %d → %d", c.name, before, after)
	}
	if n := e.count(`SELECT count(*) FROM audit_events`); n != events {
		t.Fatalf("%s without confirm recorded %d events", c.name, n-events)
	}
	form := url.Values{"confirm": {"1"}}
	for k, v := range c.form {
		form[k] = v
	}
	code, loc, page := e.postPage(c.token, c.path, form)
	if code != http.StatusSeeOther || !strings.HasPrefix(loc, c.ok) {
		t.Fatalf("%s confirmed: %d %s, want 303 to %s: %s", c.name, code, loc, c.ok, page)
	}
	if after := c.state(); after == before {
		t.Fatalf("%s confirmed: nothing changed (%d)", c.name, after)
	}
}

// TestIrreversibleFormsAskFirst: on both engines, every irreversible form
// posted without confirm=1 answers the confirmation page and changes and
// records nothing; posted again with it, acts.
func TestIrreversibleFormsAskFirst(t *testing.T) {
	t.Parallel()
	wib, _ := time.LoadLocation("Asia/Jakarta")
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		e := newVerifyEnv(t, db, time.Date(2026, 12, 1, 9, 0, 0, 0, wib))
		if _, err := e.ids.AddUser(context.Background(), identity.NewUser{Username: "admin", Name: "Admin", Password: "rahasia-123",
			Roles: []identity.Role{identity.Admin}}); err != nil {
			t.Fatal(err)
		}
		pid := strconv.FormatInt(e.period.ID, 10)
		id := func(a *envApplicant) string { return strconv.FormatInt(a.appID, 10) }
		sub, gone, ms, tms := e.draft("Siti Aminah"), e.draft("Budi Santoso"), e.submit("Rina Wati"), e.submit("Dewi Lestari")
		e.decide(tms, verification.NewDecision{Decision: "TMS",
			Reasons: []verification.Reason{{Requirement: "ijazah", Note: "Ijazah tidak dilegalisir"}}})
		ketua, admin := e.token("ketua"), e.token("admin")
		status := func(a *envApplicant) func() int {
			return func() int {
				return e.count(`SELECT count(*) FROM applications WHERE id = $1 AND status = 'submitted'`, a.appID)
			}
		}
		for _, c := range []confirmCase{
			{name: "submit an application", token: e.token(sub.nik), path: "/lamaran/" + id(sub) + "/kirim", state: status(sub),
				ok: "/lamaran/" + id(sub) + "?ok=submit"},
			{name: "withdraw a draft", token: e.token(gone.nik), path: "/lamaran/" + id(gone) + "/tarik",
				state: func() int { return e.count(`SELECT count(*) FROM applications WHERE id = $1`, gone.appID) }, ok: "/lamaran?ok=withdraw"},
			{name: "a verifier's decision", token: e.token(e.holder(ms)), path: "/verifikasi/lamaran/" + id(ms) + "/putusan",
				form: url.Values{"decision": {"MS"}}, ok: "/verifikasi/lamaran/" + id(ms) + "?ok=decided",
				state: func() int {
					return e.count(`SELECT count(*) FROM verifications WHERE application_id = $1 AND decision = 'MS'`, ms.appID)
				}},
			{name: "confirm a TMS", token: ketua, path: "/verifikasi/lamaran/" + id(tms) + "/konfirmasi",
				ok: "/verifikasi/lamaran/" + id(tms) + "?ok=confirmed", state: func() int {
					return e.count(`SELECT count(*) FROM verifications WHERE application_id = $1 AND confirmed_by IS NOT NULL`, tms.appID)
				}},
			{name: "declare a conflict", token: e.token("anggota"), path: "/verifikasi/periode/" + pid + "/konflik",
				form: url.Values{"registration_number": {ms.reg}, "kind": {"family"}, "note": {"Sepupu"}}, ok: "/verifikasi/periode/" + pid,
				state: func() int { return e.count(`SELECT count(*) FROM conflicts`) }},
			{name: "disable a user", token: admin, path: "/users/" + e.userID("anggota") + "/nonaktifkan", ok: "/users/",
				state: func() int { return e.count(`SELECT count(*) FROM users WHERE disabled`) }},
		} {
			c.run(t, e)
		}
		e.decide(sub, verification.NewDecision{Decision: "MS"})
		published := func() int { return e.count(`SELECT count(*) FROM announcements`) }
		publish := confirmCase{name: "publish the administration results", token: ketua, path: "/verifikasi/periode/" + pid + "/umumkan",
			form: url.Values{"stage": {"administration"}}, state: published, ok: "/periods/" + pid + "/results?stage=administration"}
		e.publishWhileOpen(publish)
		e.clock.Set(e.period.RegCloseAt.Add(time.Hour))
		ketua = e.token("ketua") // the first one expired meanwhile
		publish.token = ketua
		publish.run(t, e)
		appeals := func() int { return e.count(`SELECT count(*) FROM appeals WHERE status = 'pending'`) }
		confirmCase{name: "file an appeal", token: e.token(tms.nik), path: "/lamaran/" + id(tms) + "/sanggah",
			form: url.Values{"reason": {"Ijazah saya sudah dilegalisir, cap basah di halaman belakang."}}, state: appeals,
			ok: "/lamaran/" + id(tms) + "/hasil?ok=appealed"}.run(t, e)
		var appealID string
		_ = db.R.QueryRow(`SELECT id FROM appeals`).Scan(&appealID)
		confirmCase{name: "answer an appeal", token: ketua, path: "/sanggah/" + appealID + "/putusan",
			form: url.Values{"period": {pid}, "upheld": {"1"}, "response": {"Legalisir ada pada halaman belakang."}}, state: appeals,
			ok: "/verifikasi/periode/" + pid + "?ok=appeal"}.run(t, e)
		publish.name, publish.form, publish.ok = "publish the results after appeals", url.Values{"stage": {"appeal"}},
			"/periods/"+pid+"/results?stage=appeal"
		publish.run(t, e)
	})
}

// userID is the id of a user, as text.
func (e *verifyEnv) userID(username string) string {
	_, p := e.as(username)
	return strconv.FormatInt(p.UserID, 10)
}

// publishWhileOpen: the committee's desk refuses to publish while the
// period's registration is open — 409 with the closing time beside the
// list, with or without the confirmation, and nothing published.
func (e *verifyEnv) publishWhileOpen(c confirmCase) {
	e.t.Helper()
	closes := e.period.RegCloseAt.In(e.period.Location()).Format("02-01-2006 15:04") + " WIB"
	for _, confirm := range []string{"", "1"} {
		form := url.Values{"stage": c.form["stage"], "confirm": {confirm}}
		code, _, page := e.postPage(c.token, c.path, form)
		if code != http.StatusConflict || !strings.Contains(page, `id="page-error"`) || !strings.Contains(page, closes) ||
			!strings.Contains(page, "masih dibuka sampai") {
			e.t.Fatalf("publish while registration is open (confirm %q): %d, want 409 naming %s: %s", confirm, code, closes, page)
		}
	}
	if n := c.state(); n != 0 {
		e.t.Fatalf("published %d lists while registration was open", n)
	}
}
