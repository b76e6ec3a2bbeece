package culture_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"asnpro/internal/apperr"
	"asnpro/internal/culture"
	"asnpro/internal/identity"
	"asnpro/internal/sqldb"
	"asnpro/internal/sqldb/sqldbtest"
	"asnpro/internal/testkit"
	"asnpro/internal/workforce"
)

var testNow = time.Date(2026, 11, 28, 3, 0, 0, 0, time.UTC)

type env struct {
	t     *testing.T
	db    *sqldb.DB
	ctx   context.Context
	clock *testkit.Clock
	wf    *workforce.Service
	svc   *culture.Service
	unit  *workforce.Unit
	other *workforce.Unit
	// users: ani (employee, head of unit), budi and citra (employees), tamu (an account with no employee)
	users map[string]int64
	emps  map[string]*workforce.Employee
}

func newEnv(t *testing.T, db *sqldb.DB) *env {
	t.Helper()
	clock := testkit.NewClock(testNow)
	e := &env{t: t, db: db, ctx: context.Background(), clock: clock, wf: workforce.New(db, clock.Now),
		users: map[string]int64{}, emps: map[string]*workforce.Employee{}}
	e.svc = culture.New(db, culture.Deps{Now: clock.Now, Staff: e.wf})
	ids, err := identity.New(db, identity.Config{Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"ani", "budi", "citra", "tamu"} {
		u, err := ids.AddUser(e.ctx, identity.NewUser{Username: name, Name: name, Roles: []identity.Role{identity.Employee},
			Password: "rahasia-" + name + "-12345"})
		if err != nil {
			t.Fatal(err)
		}
		e.users[name] = u.ID
	}
	if e.unit, err = e.wf.CreateUnit(e.ctx, workforce.NewUnit{Code: "BKPSDM", Name: "BKPSDM"}); err != nil {
		t.Fatal(err)
	}
	if e.other, err = e.wf.CreateUnit(e.ctx, workforce.NewUnit{Code: "DINKES", Name: "Dinas Kesehatan"}); err != nil {
		t.Fatal(err)
	}
	people := workforce.SamplePeople(4)
	for i, name := range []string{"ani", "budi", "citra", ""} {
		people[i].UnitID, people[i].Username = e.unit.ID, name
		emp, err := e.wf.CreateEmployee(e.ctx, people[i])
		if err != nil {
			t.Fatal(err)
		}
		e.emps[name] = emp
	}
	if err := e.wf.SetHead(e.ctx, e.unit.ID, e.emps["ani"].ID, false); err != nil {
		t.Fatal(err)
	}
	return e
}

func codeOf(err error) apperr.Code {
	if err == nil {
		return ""
	}
	return apperr.CodeOf(err)
}

func (e *env) wantCode(err error, want apperr.Code, what string) {
	e.t.Helper()
	if codeOf(err) != want {
		e.t.Fatalf("%s: %v, want %q", what, err, want)
	}
}

func TestEthicsVersions(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		admin := e.users["tamu"]
		v1, err := e.svc.Publish(e.ctx, admin, culture.NewCode{Doc: culture.DocBerAKHLAK, Title: "Nilai Dasar BerAKHLAK",
			Body: culture.BerAKHLAKText})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.Publish(e.ctx, admin, culture.NewCode{Doc: "lain", Title: "Kode", Body: "x"}); codeOf(err) != apperr.Invalid {
			t.Fatalf("unknown document: %v", err)
		}
		ani := e.users["ani"]
		if p, _ := e.svc.Pending(e.ctx, ani); len(p) != 1 || p[0].ID != v1.ID {
			t.Fatalf("pending before: %v", p)
		}
		if err := e.svc.Acknowledge(e.ctx, ani, v1.ID); err != nil {
			t.Fatal(err)
		}
		if err := e.svc.Acknowledge(e.ctx, ani, v1.ID); err != nil { // twice: nothing changes
			t.Fatal(err)
		}
		if n := testkit.CountAudit(t, db, "ethics.acknowledge"); n != 1 {
			t.Fatalf("%d acknowledgements recorded, want 1", n)
		}
		if p, _ := e.svc.Pending(e.ctx, ani); len(p) != 0 {
			t.Fatalf("pending after: %v", p)
		}
		// A new version asks again; the old one can no longer be acknowledged (409).
		e.clock.Add(time.Hour)
		v2, err := e.svc.Publish(e.ctx, admin, culture.NewCode{Doc: culture.DocBerAKHLAK, Title: "Nilai Dasar BerAKHLAK (revisi)",
			Body: culture.BerAKHLAKText + "\nRevisi."})
		if err != nil {
			t.Fatal(err)
		}
		if v2.Version != 2 {
			t.Fatalf("version %d", v2.Version)
		}
		if p, _ := e.svc.Pending(e.ctx, ani); len(p) != 1 || p[0].ID != v2.ID {
			t.Fatalf("pending after a new version: %v", p)
		}
		budi := e.users["budi"]
		e.wantCode(e.svc.Acknowledge(e.ctx, budi, v1.ID), apperr.Conflict, "old version")
		e.wantCode(e.svc.Acknowledge(e.ctx, budi, 999999), apperr.NotFound, "no version")
		if err := e.svc.Acknowledge(e.ctx, budi, v2.ID); err != nil {
			t.Fatal(err)
		}
		// Per unit: budi acknowledged the current version; ani, citra and the one without an account did not.
		units, err := e.svc.AcksByUnit(e.ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, u := range units {
			if u.UnitID == e.unit.ID && (u.Employees != 4 || u.Acked != 1 || u.Missing() != 3) {
				t.Fatalf("unit: %+v", u)
			}
		}
		un, err := e.svc.UnackedIn(e.ctx, e.unit.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(un) != 3 {
			t.Fatalf("unacknowledged: %+v", un)
		}
		for _, u := range un {
			if u.EmployeeID == e.emps["budi"].ID {
				t.Fatalf("budi listed: %+v", u)
			}
		}
		_, err = e.svc.UnackedIn(e.ctx, 999999)
		e.wantCode(err, apperr.NotFound, "unknown unit")
	})
}

func (e *env) thread(user, topic, title, body string, tags ...string) *culture.Thread {
	e.t.Helper()
	th, err := e.svc.CreateThread(e.ctx, e.users[user], culture.NewPost{Topic: topic, Title: title, Body: body, Tags: tags}, nil)
	if err != nil {
		e.t.Fatalf("thread %q: %v", title, err)
	}
	return th
}

func (e *env) reply(user string, thread int64, body string) *culture.Post {
	e.t.Helper()
	p, err := e.svc.Reply(e.ctx, e.users[user], thread, body, nil)
	if err != nil {
		e.t.Fatalf("reply: %v", err)
	}
	return p
}

func TestForumThreads(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		// Bad input changes nothing.
		_, err := e.svc.CreateThread(e.ctx, e.users["ani"], culture.NewPost{Topic: "gosip", Title: "Judul yang cukup", Body: "isi"}, nil)
		e.wantCode(err, apperr.Invalid, "unknown topic")
		_, err = e.svc.CreateThread(e.ctx, e.users["ani"], culture.NewPost{Topic: "kepegawaian", Title: "Judul yang cukup",
			Body: strings.Repeat("a", culture.MaxBodyBytes+1)}, nil)
		e.wantCode(err, apperr.TooLarge, "a post over the limit")
		_, err = e.svc.CreateThread(e.ctx, e.users["tamu"], culture.NewPost{Topic: "kepegawaian", Title: "Judul yang cukup",
			Body: "isi"}, nil)
		e.wantCode(err, apperr.Forbidden, "an account that is no employee's")
		if n := testkit.CountAudit(t, db, "forum.thread.create"); n != 0 {
			t.Fatalf("%d threads recorded", n)
		}

		th := e.thread("ani", "pelayanan-publik", "Antrian layanan KTP terlalu panjang", "Bagaimana mengurai antrian di kecamatan?",
			"antrian", "#Pelayanan Publik")
		if strings.Join(th.Tags, ",") != "antrian,pelayanan-publik" {
			t.Fatalf("tags %v", th.Tags)
		}
		r1 := e.reply("budi", th.ID, "Kami memakai nomor antrean daring lewat WhatsApp.")
		r2 := e.reply("citra", th.ID, "Jadwal layanan keliling di kelurahan membantu.")
		// The author and budi are told of citra's reply; citra is not.
		var n int
		if err := db.R.QueryRowContext(e.ctx, `SELECT count(*) FROM notifications WHERE kind = 'forum.reply'`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 3 { // ani of budi's reply; ani and budi of citra's
			t.Fatalf("%d reply notifications, want 3", n)
		}
		got, posts, err := e.svc.FindThread(e.ctx, th.ID, false)
		if err != nil {
			t.Fatal(err)
		}
		if got.Replies != 2 || len(posts) != 3 || !posts[0].Opening || posts[1].AuthorName != e.emps["budi"].Name {
			t.Fatalf("thread %+v posts %d", got, len(posts))
		}

		e.checkVotesAndSolutions(r1, posts)
		e.checkSearch(th)
		e.checkModeration(th, r2)
	})
}

// checkVotesAndSolutions: votes once per person and never one's own; the
// thread's author marks a reply as the solution; heads adopt it for their
// unit, the admin for any.
func (e *env) checkVotesAndSolutions(r1 *culture.Post, posts []*culture.Post) {
	t := e.t
	t.Helper()
	// Votes: one per person and post, never one's own.
	if err := e.svc.Vote(e.ctx, e.users["ani"], r1.ID); err != nil {
		t.Fatal(err)
	}
	e.wantCode(e.svc.Vote(e.ctx, e.users["ani"], r1.ID), apperr.Conflict, "a second vote")
	e.wantCode(e.svc.Vote(e.ctx, e.users["budi"], r1.ID), apperr.Conflict, "a vote for one's own post")

	// Only the thread's author marks the solution, and only a reply.
	e.wantCode(e.svc.MarkSolution(e.ctx, e.users["budi"], r1.ID), apperr.Forbidden, "solution by another")
	e.wantCode(e.svc.MarkSolution(e.ctx, e.users["ani"], posts[0].ID), apperr.Conflict, "the question as solution")
	e.wantCode(e.svc.Adopt(e.ctx, e.users["ani"], false, r1.ID, e.unit.ID, ""), apperr.Conflict, "adopting no solution")
	if err := e.svc.MarkSolution(e.ctx, e.users["ani"], r1.ID); err != nil {
		t.Fatal(err)
	}
	// A unit head adopts for their unit only; the admin for any.
	e.wantCode(e.svc.Adopt(e.ctx, e.users["budi"], false, r1.ID, e.unit.ID, ""), apperr.Forbidden, "adoption by a non-head")
	e.wantCode(e.svc.Adopt(e.ctx, e.users["ani"], false, r1.ID, e.other.ID, ""), apperr.Forbidden, "adoption for another unit")
	if err := e.svc.Adopt(e.ctx, e.users["ani"], false, r1.ID, e.unit.ID, "Dipakai sejak Oktober"); err != nil {
		t.Fatal(err)
	}
	e.wantCode(e.svc.Adopt(e.ctx, e.users["ani"], false, r1.ID, e.unit.ID, ""), apperr.Conflict, "adopted twice")
	if err := e.svc.Adopt(e.ctx, e.users["tamu"], true, r1.ID, e.other.ID, ""); err != nil {
		t.Fatal(err)
	}
	inn, err := e.svc.Innovations(e.ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(inn) != 1 || inn[0].Post.ID != r1.ID || len(inn[0].Adoptions) != 2 {
		t.Fatalf("innovations %+v", inn)
	}

}

// checkSearch: a word of a reply finds its thread; a prefix finds the word.
func (e *env) checkSearch(th *culture.Thread) {
	t := e.t
	t.Helper()
	// Search: a word of a reply finds its thread; a prefix finds the word.
	for q, want := range map[string]int{"whatsapp": 1, "WHATSAPP daring": 1, "antri": 1, "keliling": 1, "kepegawaian": 0,
		"pelayanan": 1, "a": 0, "": 0, `"; DROP TABLE x --`: 0} {
		items, total, err := e.svc.Search(e.ctx, q, 10, 0)
		if err != nil {
			t.Fatalf("search %q: %v", q, err)
		}
		if total != want || len(items) != want || (want == 1 && items[0].ID != th.ID) {
			t.Fatalf("search %q: %d (%d items), want %d", q, total, len(items), want)
		}
	}

}

// checkModeration: reports, hiding (a reason required), restoring.
func (e *env) checkModeration(th *culture.Thread, r2 *culture.Post) {
	t, db := e.t, e.db
	t.Helper()
	// Moderation: hiding needs a reason (422); a hidden reply leaves search, its text leaves the page.
	e.wantCode(e.svc.Report(e.ctx, e.users["budi"], r2.ID, "tidak relevan"), "", "report")
	e.wantCode(e.svc.Report(e.ctx, e.users["budi"], r2.ID, "lagi"), "", "report again")
	q, err := e.svc.ModerationQueue(e.ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(q.Reported) != 1 || q.Reported[0].Reports != 1 {
		t.Fatalf("queue %+v", q.Reported)
	}
	before := testkit.CountAudit(t, db, "")
	e.wantCode(e.svc.Hide(e.ctx, e.users["tamu"], r2.ID, "  "), apperr.Invalid, "hiding without a reason")
	if after := testkit.CountAudit(t, db, ""); after != before {
		t.Fatal("a refused hiding was recorded")
	}
	if err := e.svc.Hide(e.ctx, e.users["tamu"], r2.ID, "Promosi usaha pribadi"); err != nil {
		t.Fatal(err)
	}
	e.wantCode(e.svc.Hide(e.ctx, e.users["tamu"], r2.ID, "lagi"), apperr.Conflict, "hidden twice")
	if _, total, _ := e.svc.Search(e.ctx, "keliling", 10, 0); total != 0 {
		t.Fatal("a hidden reply is still found")
	}
	_, posts, _ := e.svc.FindThread(e.ctx, th.ID, false)
	if !posts[2].Hidden || posts[2].Body != "" || posts[2].HiddenReason != "Promosi usaha pribadi" {
		t.Fatalf("hidden post: %+v", posts[2])
	}
	if err := e.svc.Restore(e.ctx, e.users["tamu"], r2.ID); err != nil {
		t.Fatal(err)
	}
	if _, total, _ := e.svc.Search(e.ctx, "keliling", 10, 0); total != 1 {
		t.Fatal("a restored reply is not found")
	}
	// Hiding the opening post hides the thread.
	if err := e.svc.Hide(e.ctx, e.users["tamu"], posts[0].ID, "Data pribadi pemohon"); err != nil {
		t.Fatal(err)
	}
	_, _, err = e.svc.FindThread(e.ctx, th.ID, false)
	e.wantCode(err, apperr.NotFound, "a hidden thread")
	if _, _, err := e.svc.FindThread(e.ctx, th.ID, true); err != nil {
		t.Fatalf("the moderator reads a hidden thread: %v", err)
	}
	_, err = e.svc.Reply(e.ctx, e.users["budi"], th.ID, "masih?", nil)
	e.wantCode(err, apperr.Conflict, "a reply to a hidden thread")
	for _, a := range []string{"forum.report", "forum.hide", "forum.restore", "forum.vote", "forum.solution", "forum.adopt"} {
		if testkit.CountAudit(t, db, a) == 0 {
			t.Errorf("%s not recorded", a)
		}
	}
}

func TestForumLists(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		a := e.thread("ani", "keuangan", "Pertanggungjawaban perjalanan dinas", "Format SPJ terbaru?", "spj")
		e.clock.Add(time.Minute)
		b := e.thread("budi", "teknologi-informasi", "Aplikasi e-Kinerja lambat", "Sejak pagi tidak bisa dibuka.", "e-kinerja")
		e.clock.Add(time.Minute)
		e.reply("citra", a.ID, "Pakai format dari BPKAD.")
		all, total, err := e.svc.Threads(e.ctx, culture.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		if total != 2 || all[0].ID != a.ID || all[1].ID != b.ID { // the latest active first
			t.Fatalf("threads %d: %v %v", total, all[0].ID, all[1].ID)
		}
		if ts, n, _ := e.svc.Threads(e.ctx, culture.Filter{Topic: "keuangan"}); n != 1 || ts[0].ID != a.ID {
			t.Fatalf("by topic: %d", n)
		}
		if ts, n, _ := e.svc.Threads(e.ctx, culture.Filter{Tag: "e-kinerja"}); n != 1 || ts[0].ID != b.ID {
			t.Fatalf("by tag: %d", n)
		}
		counts, err := e.svc.TopicCounts(e.ctx)
		if err != nil || counts["keuangan"] != 1 || counts["lainnya"] != 0 {
			t.Fatalf("counts %v %v", counts, err)
		}
	})
}

func TestForumFigures(t *testing.T) {
	t.Parallel()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		// 28 November 2026 03:00 UTC; a thread on 30 November 20:00 UTC is 1 December in WIB.
		a := e.thread("ani", "keuangan", "Pertanggungjawaban perjalanan dinas", "Format SPJ terbaru?")
		r := e.reply("budi", a.ID, "Format dari BPKAD.")
		e.clock.Set(time.Date(2026, 11, 30, 20, 0, 0, 0, time.UTC))
		b := e.thread("budi", "lainnya", "Usulan tema diskusi", "Silakan.")
		e.reply("ani", b.ID, "Tanda tangan elektronik.")
		if err := e.svc.MarkSolution(e.ctx, e.users["ani"], r.ID); err != nil {
			t.Fatal(err)
		}
		if err := e.svc.Adopt(e.ctx, e.users["ani"], false, r.ID, e.unit.ID, ""); err != nil {
			t.Fatal(err)
		}
		got, err := e.svc.ActivityByMonth(e.ctx, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC))
		if err != nil {
			t.Fatal(err)
		}
		want := []culture.MonthActivity{{Month: "2026-11", Threads: 1, Replies: 1, Solutions: 1}, {Month: "2026-12", Threads: 1, Replies: 1}}
		if len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
			t.Fatalf("activity %+v, want %+v", got, want)
		}
		if n, err := e.svc.AdoptedCount(e.ctx); err != nil || n != 1 {
			t.Fatalf("adopted %d %v", n, err)
		}
	})
}
