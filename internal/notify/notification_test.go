package notify_test

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"asnpro/internal/apperr"
	"asnpro/internal/audit"
	"asnpro/internal/notify"
	"asnpro/internal/sqldb"
	"asnpro/internal/sqldb/sqldbtest"
	"asnpro/internal/testkit"
)

func TestEnqueueCommitsWithTheCaller(t *testing.T) {
	ctx := context.Background()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		now := newClock().Now()
		msg := notify.Message{
			Kind:    "password.reset",
			To:      "siti@example.id",
			Subject: "Atur ulang kata sandi",
			Text:    "Buka https://asn.example.id/reset?t=SECRET",
		}
		boom := errors.New("boom")
		err := db.Write(ctx, func(tx *sqldb.Tx) error {
			if _, err := notify.Enqueue(ctx, tx, now, msg); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatal(err)
		}
		if n := count(t, db, `SELECT count(*) FROM outbox`); n != 0 {
			t.Fatalf("rolled back: %d messages in the outbox", n)
		}
		if n := testkit.CountAudit(t, db, "outbox.enqueue"); n != 0 {
			t.Fatalf("rolled back: %d outbox.enqueue events", n)
		}

		var id int64
		if err := db.Write(ctx, func(tx *sqldb.Tx) (err error) {
			id, err = notify.Enqueue(ctx, tx, now, msg)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		list, total, err := notify.New(db, nil, nil).Outbox(ctx, notify.StatusPending, 10, 0)
		if err != nil || total != 1 || len(list) != 1 {
			t.Fatalf("outbox %+v total %d: %v", list, total, err)
		}
		got := list[0]
		if got.ID != id || got.Kind != msg.Kind || got.To != msg.To || got.Subject != msg.Subject || got.Status != notify.StatusPending ||
			!got.CreatedAt.Equal(now) || got.SentAt != nil || got.Attempts != 0 {
			t.Fatalf("stored %+v", got)
		}
		if got.Text != "" {
			t.Fatalf("the admin list shows the body %q (it may hold a secret link)", got.Text)
		}
		data := eventData(t, db, "outbox.enqueue")
		if len(data) != 1 || strings.Contains(data[0], "SECRET") || !strings.Contains(data[0], "siti@example.id") {
			t.Fatalf("outbox.enqueue events %q", data)
		}
	})
}

func TestEnqueueRefusesBadMessages(t *testing.T) {
	ctx := context.Background()
	db := sqldbtest.Open(t, sqldb.SQLite)
	ok := notify.Message{Kind: "email.confirm", To: "a@example.id", Subject: "Konfirmasi", Text: "x"}
	cases := []struct {
		name  string
		edit  func(m *notify.Message)
		field string
	}{
		{"no kind", func(m *notify.Message) { m.Kind = "" }, "kind"},
		{"bad address", func(m *notify.Message) { m.To = "not an address" }, "to"},
		{"header injection in the address", func(m *notify.Message) { m.To = "a@example.id\r\nBcc: b@example.id" }, "to"},
		{"no subject", func(m *notify.Message) { m.Subject = " " }, "subject"},
		{"header injection in the subject", func(m *notify.Message) { m.Subject = "Hi\r\nBcc: b@example.id" }, "subject"},
		{"subject too long", func(m *notify.Message) { m.Subject = strings.Repeat("é", 201) }, "subject"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m := ok
			tc.edit(&m)
			err := db.Write(ctx, func(tx *sqldb.Tx) error {
				_, err := notify.Enqueue(ctx, tx, time.Now(), m)
				return err
			})
			if ae := apperr.As(err); ae.Code != apperr.Invalid || ae.FieldMsgs[tc.field].Key == "" {
				t.Fatalf("err %v, want invalid on %s", err, tc.field)
			}
		})
	}
	if n := count(t, db, `SELECT count(*) FROM outbox`); n != 0 {
		t.Fatalf("%d messages stored", n)
	}
}

func TestNotifyStoresAndEmailsOnlyWhenAsked(t *testing.T) {
	ctx := context.Background()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		user := mustUser(t, db, "siti")
		now := newClock().Now()
		cases := []struct {
			name     string
			email    string
			link     string
			wantMail bool
			wantText string
		}{
			{"in-app only", "", "/lamaran/12", false, ""},
			{"with e-mail, relative link left out", "siti@example.id", "/lamaran/12", true, "Lamaran Anda memenuhi syarat."},
			{
				"with e-mail, absolute link appended",
				"siti@example.id",
				"https://asn.example.id/lamaran/12",
				true,
				"Lamaran Anda memenuhi syarat.\n\nhttps://asn.example.id/lamaran/12\n",
			},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				before := count(t, db, `SELECT count(*) FROM outbox`)
				beforeEv := testkit.CountAudit(t, db, "notification.create")
				n := notify.Notification{
					UserID: user,
					Kind:   "application.verified",
					Title:  "Hasil verifikasi: MS",
					Body:   "Lamaran Anda memenuhi syarat.",
					Link:   tc.link,
				}
				var id int64
				actx := audit.WithActor(ctx, audit.Actor{ID: "9", Role: "verifier"})
				if err := db.Write(ctx, func(tx *sqldb.Tx) (err error) {
					id, err = notify.Notify(actx, tx, now, n, tc.email)
					return err
				}); err != nil {
					t.Fatal(err)
				}
				if c := count(t, db, `SELECT count(*) FROM notifications WHERE id = $1 AND user_id = $2 AND title = $3
AND read_at IS NULL`, id, user, n.Title); c != 1 {
					t.Fatalf("notification %d not stored", id)
				}
				if got := testkit.CountAudit(t, db, "notification.create") - beforeEv; got != 1 {
					t.Fatalf("%d notification.create events", got)
				}
				after := count(t, db, `SELECT count(*) FROM outbox`)
				if tc.wantMail != (after == before+1) || after > before+1 {
					t.Fatalf("outbox %d → %d, want a message: %v", before, after, tc.wantMail)
				}
				if tc.wantMail {
					var to, subject, body, kind string
					if err := db.R.QueryRowContext(ctx, `SELECT recipient, subject, body, kind FROM outbox ORDER BY id DESC
LIMIT 1`).Scan(&to, &subject, &body, &kind); err != nil {
						t.Fatal(err)
					}
					if to != tc.email || subject != n.Title || body != tc.wantText || kind != "notification" {
						t.Fatalf("e-mail %q %q %q %q", kind, to, subject, body)
					}
				}
			})
		}
		// The verifier who caused the notice is the actor of its events.
		if d := eventData(t, db, "notification.create"); !strings.HasPrefix(d[0], "9|verifier|") {
			t.Fatalf("actor of notification.create: %q", d[0])
		}
		// An unknown user or a missing title is refused, and nothing is stored.
		for _, n := range []notify.Notification{{UserID: 999999, Kind: "x", Title: "t"}, {UserID: user, Kind: "x"}} {
			err := db.Write(ctx, func(tx *sqldb.Tx) error {
				_, err := notify.Notify(ctx, tx, now, n, "siti@example.id")
				return err
			})
			if apperr.CodeOf(err) != apperr.Invalid {
				t.Fatalf("%+v: %v, want invalid", n, err)
			}
		}
		if c := count(t, db, `SELECT count(*) FROM notifications`); c != 3 {
			t.Fatalf("%d notifications, want 3", c)
		}
	})
}

func TestListAndReadMarks(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		clk := newClock()
		m := &marksEnv{db: db, clk: clk, s: notify.New(db, clk.Now, nil), alice: mustUser(t, db, "alice"), bob: mustUser(t, db, "bob")}
		m.add(t, m.alice, "satu")
		m.add(t, m.alice, "dua")
		m.add(t, m.bob, "untuk bob")
		m.add(t, m.alice, "tiga")
		for _, step := range []struct {
			name string
			run  func(t *testing.T)
		}{
			{"lists are the user's, newest first, paged", m.lists},
			{"refused marks change nothing", m.refusedMarks},
			{"a mark is made once", m.markOne},
			{"mark all touches only the user's", m.markAll},
		} {
			if !t.Run(step.name, step.run) {
				return
			}
		}
	})
}

// marksEnv holds the notifications of TestListAndReadMarks: three for
// alice (ids, oldest first), one for bob.
type marksEnv struct {
	db         *sqldb.DB
	clk        *testkit.Clock
	s          *notify.Service
	alice, bob int64
	ids        []int64
}

// add notifies user a minute later than the previous notice.
func (m *marksEnv) add(t *testing.T, user int64, title string) {
	ctx := context.Background()
	m.clk.Add(time.Minute)
	if err := m.db.Write(ctx, func(tx *sqldb.Tx) error {
		id, err := notify.Notify(ctx, tx, m.clk.Now(), notify.Notification{UserID: user, Kind: "reminder", Title: title}, "")
		if user == m.alice {
			m.ids = append(m.ids, id)
		}
		return err
	}); err != nil {
		t.Fatal(err)
	}
}

// list returns the titles of a page of user's notifications, the total
// and the unread count; every item must be the user's.
func (m *marksEnv) list(t *testing.T, user int64, limit, offset int) ([]string, int, int) {
	t.Helper()
	items, total, unread, err := m.s.List(context.Background(), user, limit, offset)
	if err != nil {
		t.Fatal(err)
	}
	var titles []string
	for _, n := range items {
		if n.UserID != user {
			t.Fatalf("%d sees %+v", user, n)
		}
		titles = append(titles, n.Title)
	}
	return titles, total, unread
}

func (m *marksEnv) lists(t *testing.T) {
	if titles, total, unread := m.list(t, m.alice, 10, 0); strings.Join(titles, ",") != "tiga,dua,satu" || total != 3 || unread != 3 {
		t.Fatalf("alice: %v total %d unread %d", titles, total, unread)
	}
	if titles, total, _ := m.list(t, m.alice, 2, 2); strings.Join(titles, ",") != "satu" || total != 3 {
		t.Fatalf("alice page 2: %v total %d", titles, total)
	}
}

// refusedMarks: bob cannot mark alice's notice, nor anyone an unknown
// one: not found, and nothing changes.
func (m *marksEnv) refusedMarks(t *testing.T) {
	ctx := context.Background()
	if err := m.s.MarkRead(ctx, m.bob, m.ids[0]); !errors.Is(err, notify.ErrNotFound) {
		t.Fatalf("bob marks alice's: %v, want ErrNotFound", err)
	}
	if err := m.s.MarkRead(ctx, m.alice, 987654); !errors.Is(err, notify.ErrNotFound) {
		t.Fatalf("unknown id: %v, want ErrNotFound", err)
	}
	if _, _, unread := m.list(t, m.alice, 10, 0); unread != 3 || testkit.CountAudit(t, m.db, "notification.read") != 0 {
		t.Fatalf("after refused marks: unread %d, %d events", unread, testkit.CountAudit(t, m.db, "notification.read"))
	}
}

// markOne: a read mark carries its time; marking again changes nothing
// and records nothing.
func (m *marksEnv) markOne(t *testing.T) {
	ctx := context.Background()
	m.clk.Add(time.Hour)
	if err := m.s.MarkRead(ctx, m.alice, m.ids[0]); err != nil {
		t.Fatal(err)
	}
	if err := m.s.MarkRead(ctx, m.alice, m.ids[0]); err != nil { // again: no change, no event
		t.Fatal(err)
	}
	items, _, unread, err := m.s.List(ctx, m.alice, 10, 0)
	if err != nil || unread != 2 {
		t.Fatalf("unread %d: %v", unread, err)
	}
	for _, n := range items {
		if (n.ID == m.ids[0]) != (n.ReadAt != nil) || (n.ReadAt != nil && !n.ReadAt.Equal(m.clk.Now())) {
			t.Fatalf("read mark on %+v", n)
		}
	}
	if d := eventData(t, m.db, "notification.read"); len(d) != 1 || !strings.HasPrefix(d[0], id64(m.alice)+"|") {
		t.Fatalf("notification.read events %q, want one by alice", d)
	}
}

// markAll: alice's unread are marked, once; bob's stay.
func (m *marksEnv) markAll(t *testing.T) {
	ctx := context.Background()
	if n, err := m.s.MarkAllRead(ctx, m.alice); err != nil || n != 2 {
		t.Fatalf("mark all: %d, %v", n, err)
	}
	if n, err := m.s.MarkAllRead(ctx, m.alice); err != nil || n != 0 {
		t.Fatalf("mark all again: %d, %v", n, err)
	}
	if _, _, unread := m.list(t, m.alice, 10, 0); unread != 0 {
		t.Fatalf("alice unread %d", unread)
	}
	if _, total, unread := m.list(t, m.bob, 10, 0); total != 1 || unread != 1 {
		t.Fatalf("bob: total %d unread %d (alice's mark-all touched bob's)", total, unread)
	}
	if n := testkit.CountAudit(t, m.db, "notification.read_all"); n != 1 {
		t.Fatalf("%d notification.read_all events, want 1", n)
	}
}

func id64(id int64) string { return strconv.FormatInt(id, 10) }

// TestNotificationLanguages: a notice keeps its Indonesian and English
// apart; List reads both, In picks the reader's, a notice stored without
// English (before the languages were kept apart) reads as stored in
// either language, and the e-mail copy carries both.
func TestNotificationLanguages(t *testing.T) {
	ctx := context.Background()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		clk := newClock()
		s := notify.New(db, clk.Now, nil)
		user := mustUser(t, db, "siti")
		n := notify.Notification{UserID: user, Kind: "application.submitted", Link: "https://asn.example.id/lamaran/12",
			Title: "Lamaran terkirim: 2026001", Body: "Yth. Siti,\n\nLamaran Anda sudah terkirim.\n",
			TitleEN: "Application submitted: 2026001", BodyEN: "Dear Siti,\n\nYour application is submitted.\n"}
		if err := db.Write(ctx, func(tx *sqldb.Tx) error {
			_, err := notify.Notify(ctx, tx, clk.Now(), n, "siti@example.id")
			return err
		}); err != nil {
			t.Fatal(err)
		}
		// A row as an older asnpro wrote it: no English columns given.
		clk.Add(time.Minute)
		if _, err := db.W.ExecContext(ctx, `INSERT INTO notifications (user_id, kind, title, body, link, created_at)
VALUES ($1, 'reminder', 'Lamaran belum dikirim', $2, '', $3)`, user, "Teks lama\n\nOld text", sqldb.Now(clk.Now())); err != nil {
			t.Fatal(err)
		}
		items, total, _, err := s.List(ctx, user, 10, 0)
		if err != nil || total != 2 || len(items) != 2 {
			t.Fatalf("list %+v total %d: %v", items, total, err)
		}
		old, got := items[0], items[1]
		if got.Title != n.Title || got.Body != n.Body || got.TitleEN != n.TitleEN || got.BodyEN != n.BodyEN {
			t.Fatalf("stored %+v, want %+v", got, n)
		}
		if old.TitleEN != "" || old.BodyEN != "" {
			t.Fatalf("old row reads English %q %q", old.TitleEN, old.BodyEN)
		}
		for _, c := range []struct {
			name        string
			n           notify.Notification
			lang        string
			title, body string
		}{
			{"Indonesian", got, "id", n.Title, n.Body},
			{"English", got, "en", n.TitleEN, n.BodyEN},
			{"unknown language reads Indonesian", got, "fr", n.Title, n.Body},
			{"old row in Indonesian", old, "id", "Lamaran belum dikirim", "Teks lama\n\nOld text"},
			{"old row in English falls back", old, "en", "Lamaran belum dikirim", "Teks lama\n\nOld text"},
		} {
			if title, body := c.n.In(c.lang); title != c.title || body != c.body {
				t.Errorf("%s: %q %q, want %q %q", c.name, title, body, c.title, c.body)
			}
		}
		var subject, text string
		if err := db.R.QueryRowContext(ctx, `SELECT subject, body FROM outbox WHERE kind = 'notification'`).Scan(&subject, &text); err != nil {
			t.Fatal(err)
		}
		wantText := "Yth. Siti,\n\nLamaran Anda sudah terkirim.\n\n----------\n\nDear Siti,\n\nYour application is submitted.\n\n" +
			"https://asn.example.id/lamaran/12\n"
		if subject != "Lamaran terkirim: 2026001 / Application submitted: 2026001" || text != wantText {
			t.Fatalf("e-mail %q\n%q", subject, text)
		}
	})
}

// TestNotificationMail: the e-mail copy of a notice in both languages.
func TestNotificationMail(t *testing.T) {
	ctx := context.Background()
	db := sqldbtest.Open(t, sqldb.SQLite)
	user := mustUser(t, db, "siti")
	long := strings.Repeat("a", 120)
	cases := []struct {
		name          string
		n             notify.Notification
		subject, text string
	}{
		{"one language", notify.Notification{Title: "Judul", Body: "Isi"}, "Judul", "Isi"},
		{"same words in both", notify.Notification{Title: "TMS (1)", Body: "Isi\n", TitleEN: "TMS (1)", BodyEN: "Isi"}, "TMS (1)", "Isi\n"},
		{"two languages", notify.Notification{Title: "Judul", Body: "Isi\n", TitleEN: "Title", BodyEN: "Text\n"}, "Judul / Title",
			"Isi\n\n----------\n\nText\n"},
		{"English title only", notify.Notification{Title: "Judul", TitleEN: "Title"}, "Judul / Title", ""},
		{"titles too long together: the Indonesian", notify.Notification{Title: long, TitleEN: long + "b", Body: "Isi", BodyEN: "Text"},
			long, "Isi\n\n----------\n\nText"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			n := c.n
			n.UserID, n.Kind = user, "reminder"
			var id int64
			if err := db.Write(ctx, func(tx *sqldb.Tx) (err error) {
				id, err = notify.Notify(ctx, tx, time.Now(), n, "siti@example.id")
				return err
			}); err != nil {
				t.Fatal(err)
			}
			var subject, text string
			if err := db.R.QueryRowContext(ctx, `SELECT subject, body FROM outbox ORDER BY id DESC LIMIT 1`).Scan(&subject, &text); err != nil {
				t.Fatal(err)
			}
			if subject != c.subject || text != c.text {
				t.Fatalf("notice %d: e-mail %q %q, want %q %q", id, subject, text, c.subject, c.text)
			}
		})
	}
	// English words without an English title, or an English title on two
	// lines, are refused.
	for _, n := range []notify.Notification{
		{UserID: user, Kind: "x", Title: "Judul", BodyEN: "Text"},
		{UserID: user, Kind: "x", Title: "Judul", TitleEN: "Title\nBcc: b@example.id"},
	} {
		err := db.Write(ctx, func(tx *sqldb.Tx) error {
			_, err := notify.Notify(ctx, tx, time.Now(), n, "")
			return err
		})
		if ae := apperr.As(err); ae.Code != apperr.Invalid || ae.FieldMsgs["title_en"].Key == "" {
			t.Fatalf("%+v: %v, want invalid title_en", n, err)
		}
	}
}
