package app_test

import (
	"database/sql"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"asnpro/internal/app/apptest"
	"asnpro/internal/exam"
	"asnpro/internal/sqldb"
	"asnpro/internal/sqldb/sqldbtest"
)

// The demo's applicants of last year's period who met the SKD grade in
// its session (demo_sessions.go), and one who did not.
const (
	demoAgusNIK  = "6271030403960002"
	demoDewiNIK  = "6271035511950004"
	demoMariaNIK = "6271034302970003"
)

var wibZone = time.FixedZone("WIB", 7*3600)

// wibForm is t as a datetime-local input holds it, in WIB.
func wibForm(t time.Time) string { return t.In(wibZone).Format("2006-01-02T15:04") }

// optionID finds the value of the <option> whose text starts with text.
func optionID(t *testing.T, page, text string) string {
	t.Helper()
	m := regexp.MustCompile(`<option value="(\d+)"[^>]*>` + regexp.QuoteMeta(text)).FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no option %q on the page", text)
	}
	return m[1]
}

// sessionState reads what the session forms may change: sessions,
// participants with their extra time and attempt, and the count of the
// exam sessions' audit events.
func sessionState(t *testing.T, db *sqldb.DB) func() string {
	return func() string {
		var b strings.Builder
		for _, q := range []string{
			`SELECT id, name, capacity FROM exam_sessions ORDER BY id`,
			`SELECT application_id, extra_minutes, coalesce(attempt_id, 0) FROM exam_participants ORDER BY session_id, application_id`,
			`SELECT count(*), '', '' FROM audit_events WHERE action LIKE 'exam.session.%' OR action LIKE 'exam.participant.%'`,
		} {
			err := sqldb.RunQuery(t.Context(), db.R, q, func(rows *sql.Rows) error {
				var x, y, z any
				if err := rows.Scan(&x, &y, &z); err != nil {
					return err
				}
				fmt.Fprintf(&b, "%v:%v:%v ", x, y, z)
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
		}
		return b.String()
	}
}

// TestExamSessions: the committee schedules sessions of last year's
// period, every bad form refused beside its field with nothing stored;
// enrolment takes those who may sit (SKB: the two who met the SKD grade),
// once each, up to the capacity; extra time with its reason before the
// start only; a participant starts within the window (not before, not
// after), once; who may not sit gets 404; the time is the blueprint's plus
// the extra; the result and the committee's file agree. Both engines.
func TestExamSessions(t *testing.T) {
	t.Parallel()
	for _, e := range sqldbtest.Engines() {
		t.Run(string(e), func(t *testing.T) {
			t.Parallel()
			examSessions(t, apptest.Start(t, e, demoMidway...))
		})
	}
}

func examSessions(t *testing.T, srv *apptest.Server) {
	panitia, auditor := staff(t, srv, "panitia"), staff(t, srv, "auditor")
	agus, dewi, maria := staff(t, srv, demoAgusNIK), staff(t, srv, demoDewiNIK), staff(t, srv, demoMariaNIK)
	pelamar := staff(t, srv, "pelamar")
	db := openDB(t, srv.DSN)
	_, _, page := panitia.page("GET", "/panitia/ujian", nil)
	bank, short := optionID(t, page, "Bank SKD"), optionID(t, page, "Simulasi SKD singkat")
	_, _, banks := panitia.page("GET", "/panitia/bank", nil)
	practiceBank := regexp.MustCompile(`id="open-bank-(\d+)">Bank latihan SKD`).FindStringSubmatch(banks)[1]
	code, loc, _ := panitia.page("POST", "/panitia/bank", url.Values{"name": {"Bank kosong"}, "purpose": {"selection"}})
	if code != 303 {
		t.Fatalf("new bank: %d", code)
	}
	emptyBank := strings.TrimPrefix(strings.Split(loc, "?")[0], "/panitia/bank/")
	now := time.Now()
	form := func(edit func(url.Values)) url.Values {
		f := url.Values{"name": {"SKB sesi uji"}, "period_id": {"2"}, "stage": {"skb"}, "bank": {bank}, "blueprint": {short},
			"capacity": {"1"}, "opens_at": {wibForm(now.Add(time.Hour))}, "closes_at": {wibForm(now.Add(2 * time.Hour))}}
		if edit != nil {
			edit(f)
		}
		return f
	}
	set := func(k, v string) func(url.Values) { return func(f url.Values) { f.Set(k, v) } }
	runForms(t, []formCase{
		{name: "no name", as: panitia, path: "/panitia/ujian", form: form(set("name", "")), status: 422, at: "name-error",
			key: "exam.bank.name", args: []any{"max", 200}},
		{name: "stage", as: panitia, path: "/panitia/ujian", form: form(set("stage", "ukom")), status: 422, at: "stage-error",
			key: "exam.session.stage"},
		{name: "capacity 0", as: panitia, path: "/panitia/ujian", form: form(set("capacity", "0")), status: 422, at: "capacity-error",
			key: "exam.session.capacity", args: []any{"max", 100000}},
		{name: "capacity not a number", as: panitia, path: "/panitia/ujian", form: form(set("capacity", "seratus")), status: 422,
			at: "capacity-error", key: "panitia.number_bad"},
		{name: "closes before it opens", as: panitia, path: "/panitia/ujian",
			form: form(set("closes_at", wibForm(now))), status: 422, at: "closes_at-error", key: "exam.session.closes_before"},
		{name: "not a time", as: panitia, path: "/panitia/ujian", form: form(set("opens_at", "besok pagi")), status: 422,
			at: "opens_at-error", key: "panitia.time_bad"},
		{name: "a practice bank", as: panitia, path: "/panitia/ujian", form: form(set("bank", practiceBank)), status: 422,
			at: "bank-error", key: "exam.session.bank_practice"},
		{name: "too few items", as: panitia, path: "/panitia/ujian", form: form(set("bank", emptyBank)), status: 422,
			at: "blueprint-error", key: "exam.too_few_items", args: []any{"have", 0, "subtest", "TWK", "want", 5}},
		{name: "no blueprint", as: panitia, path: "/panitia/ujian", form: form(set("blueprint", "99999")), status: 422,
			at: "blueprint-error", key: "exam.blueprint_not_found"},
		{name: "no blueprint chosen", as: panitia, path: "/panitia/ujian", form: form(set("blueprint", "")), status: 422,
			at: "blueprint-error", key: "sessions.choose"},
		{name: "another period's formation", as: panitia, path: "/panitia/ujian", form: form(set("formation", "PKY-2026-007")),
			status: 422, at: "formation-error", key: "exam.session.formation", kept: []string{`value="PKY-2026-007"`}},
		{name: "no period", as: panitia, path: "/panitia/ujian", form: form(set("period_id", "99999")), status: 422,
			at: "period_id-error", key: "exam.bank.period"},
		{name: "the auditor", as: auditor, path: "/panitia/ujian", form: form(nil), status: 403, at: "main"},
	}, sessionState(t, db))

	create := func(f url.Values) string {
		t.Helper()
		code, loc, page := panitia.page("POST", "/panitia/ujian", f)
		if code != 303 {
			t.Fatalf("create session: %d %.600s", code, page)
		}
		return strings.Split(loc, "?")[0]
	}
	enrol := func(path string, want int) {
		t.Helper()
		code, loc, page := panitia.page("POST", path+"/peserta", nil)
		if code != 303 || !strings.Contains(loc, fmt.Sprintf("n=%d", want)) {
			t.Fatalf("enrol %s: %d %s, want %d added: %.300s", path, code, loc, want, page)
		}
	}
	// Later: opens in an hour, one seat. Now: open, five seats.
	later := create(form(nil))
	enrol(later, 1)
	current := create(form(func(f url.Values) {
		f.Set("name", "SKB sesi kini")
		f.Set("capacity", "5")
		f.Set("opens_at", wibForm(now.Add(-time.Minute)))
	}))
	enrol(current, 1)
	enrol(current, 0)
	closed := create(form(func(f url.Values) {
		f.Set("opens_at", wibForm(now.Add(-3*time.Hour)))
		f.Set("closes_at", wibForm(now.Add(-2*time.Hour)))
	}))
	if code, _, page := panitia.page("POST", closed+"/peserta", nil); code != 409 || !strings.Contains(page, "sudah berakhir") {
		t.Fatalf("enrol in a closed session: %d %.300s", code, page)
	}
	// Who sits which: the SKD's P/L by formation code — the first seat went
	// to Dewi (PKY-2025-002), the other to Agus (PKY-2025-003); Maria (TL)
	// to none.
	sid := func(path string) string { return strings.TrimPrefix(path, "/panitia/ujian/") }
	laterID, currentID := sid(later), sid(current)
	if code, m, b := dewi.call("POST", "/api/v1/exam-sessions/"+laterID+"/attempts", map[string]any{}); code != 409 ||
		errCode(m) != "conflict" || !strings.Contains(string(b), "dapat dimulai pada") {
		t.Fatalf("start before the opening: %d %s", code, b)
	}
	for _, who := range []*api{maria, pelamar} {
		if code, _, b := who.call("POST", "/api/v1/exam-sessions/"+currentID+"/attempts", map[string]any{}); code != 404 {
			t.Fatalf("a non-participant starts: %d %s", code, b)
		}
	}
	if code, _, _ := panitia.call("POST", "/api/v1/exam-sessions/"+currentID+"/attempts", map[string]any{}); code != 403 {
		t.Fatalf("staff starts: %d", code)
	}
	checkExtraTime(t, srv, current, panitia, auditor, db)

	sitSession(t, agus, panitia, auditor, db, current)
	_, _, seats := agus.page("GET", "/ujian", nil)
	if !strings.Contains(seats, `id="seat-`+currentID+`-result"`) || !strings.Contains(seats, "35 menit") {
		t.Fatalf("agus's exams: %.2000s", seats)
	}
	_, _, seats = dewi.page("GET", "/ujian", nil)
	if !strings.Contains(seats, `id="seat-`+laterID+`-upcoming"`) {
		t.Fatalf("dewi's exams: %.2000s", seats)
	}
}

// applicationOf is the ID of the application of the applicant with nik
// (one of last year's, who applied once).
func applicationOf(t *testing.T, db *sqldb.DB, nik string) string {
	t.Helper()
	var id int64
	err := db.R.QueryRowContext(t.Context(), `SELECT a.id FROM applications a JOIN applicants p ON p.id = a.applicant_id
WHERE p.nik = $1`, nik).Scan(&id)
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprint(id)
}

// checkExtraTime: the extra-time form's bad inputs, each refused beside
// its field with nothing stored; then Agus gets 20 minutes.
func checkExtraTime(t *testing.T, srv *apptest.Server, session string, panitia, auditor *api, db *sqldb.DB) {
	t.Helper()
	path := session + "/peserta/" + applicationOf(t, db, demoAgusNIK) + "/waktu"
	f := func(minutes, reason string) url.Values { return url.Values{"minutes": {minutes}, "reason": {reason}} }
	runForms(t, []formCase{
		{name: "negative", as: panitia, path: path, form: f("-1", "x"), status: 422, at: "minutes-error",
			key: "exam.session.extra_minutes", args: []any{"max", exam.MaxExtraMinutes}},
		{name: "too many", as: panitia, path: path, form: f("301", "x"), status: 422, at: "minutes-error",
			key: "exam.session.extra_minutes", args: []any{"max", exam.MaxExtraMinutes}},
		{name: "not a number", as: panitia, path: path, form: f("dua puluh", "x"), status: 422, at: "minutes-error",
			key: "exam.session.extra_minutes", args: []any{"max", exam.MaxExtraMinutes}},
		{name: "no reason", as: panitia, path: path, form: f("20", " "), status: 422, at: "reason-error",
			key: "exam.session.extra_reason", kept: []string{`value="20"`}},
		{name: "the auditor", as: auditor, path: path, form: f("20", "x"), status: 403, at: "main"},
	}, sessionState(t, db))
	if code, _, _ := panitia.page("POST", session+"/peserta/99999/waktu", f("20", "x")); code != 404 {
		t.Fatalf("extra time of no participant: %d", code)
	}
	if code, loc, _ := panitia.page("POST", path, f("20", "Peserta tunanetra")); code != 303 || !strings.Contains(loc, "ok=extra") {
		t.Fatalf("extra time: %d %s", code, loc)
	}
	_, _, page := panitia.page("GET", session, nil)
	if !strings.Contains(page, "Peserta tunanetra") {
		t.Fatalf("the session's page does not show the extra time")
	}
}

// sitSession: agus starts the current session (its time is the
// blueprint's 15 minutes and his 20 extra), starts again (the same
// attempt), cannot be given time any more, answers, finishes, and reads
// the result the committee's file agrees with.
func sitSession(t *testing.T, agus, panitia, auditor *api, db *sqldb.DB, current string) {
	t.Helper()
	currentID := strings.TrimPrefix(current, "/panitia/ujian/")
	code, m, b := agus.call("POST", "/api/v1/exam-sessions/"+currentID+"/attempts", map[string]any{})
	if code != 201 {
		t.Fatalf("start: %d %s", code, b)
	}
	ends, _ := time.Parse(time.RFC3339, m["ends_at"].(string))
	// The short blueprint's 15 minutes plus the 20 given.
	if d := time.Until(ends); d < 34*time.Minute || d > 36*time.Minute {
		t.Fatalf("the attempt ends in %v, want 35 minutes", d)
	}
	id := fmt.Sprintf("%.0f", m["id"].(float64))
	// A second start returns the attempt begun, and takes over its session.
	code, m, b = agus.call("POST", "/api/v1/exam-sessions/"+currentID+"/attempts", map[string]any{})
	if code != 200 || fmt.Sprintf("%.0f", m["id"].(float64)) != id {
		t.Fatalf("second start: %d %s", code, b)
	}
	if code, _, _ := panitia.page("POST", current+"/peserta/"+applicationOf(t, db, demoAgusNIK)+"/waktu",
		url.Values{"minutes": {"40"}, "reason": {"Tunanetra"}}); code != 409 {
		t.Fatalf("extra time after the start: %d", code)
	}
	// The practice pages do not open a selection attempt, nor the reverse.
	if code, _, _ := agus.page("GET", "/simulasi/"+id, nil); code != 404 {
		t.Fatalf("a selection attempt under /simulasi: %d", code)
	}
	tok, _ := m["session"].(string)
	if code, _, b := agus.call("PUT", "/api/v1/attempts/"+id+"/answers/1", map[string]any{"option": "B"},
		"X-Attempt-Session", tok); code != 200 {
		t.Fatalf("answer: %d %s", code, b)
	}
	code, res, b := agus.call("POST", "/api/v1/attempts/"+id+"/finish", nil)
	if code != 200 || res["sha256"] == nil {
		t.Fatalf("finish: %d %s", code, b)
	}
	if code, _, page := agus.page("GET", "/ujian/"+id+"/hasil", nil); code != 200 || !strings.Contains(page, res["sha256"].(string)) ||
		strings.Contains(page, "practice-again") {
		t.Fatalf("result page: %d %.300s", code, page)
	}
	_, _, csv := panitia.page("GET", current+"/hasil.csv", nil)
	if !strings.Contains(csv, ",20,") || !strings.Contains(csv, res["sha256"].(string)) ||
		!strings.Contains(csv, fmt.Sprintf(",%.0f,", res["total"].(float64))) {
		t.Fatalf("results file: %s", csv)
	}
	if code, _, _ := auditor.page("GET", current+"/hasil.csv", nil); code != 200 {
		t.Fatalf("the auditor reads the results file: %d", code)
	}
}
