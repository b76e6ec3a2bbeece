package app_test

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"

	"asnpro/internal/app"
	"asnpro/internal/app/apptest"
	"asnpro/internal/sqldb"
	"asnpro/internal/sqldb/sqldbtest"
)

// demoFingerprint counts what the demo's story writes: users, applications,
// decisions, appeals, announcements, scores, attempts, assessments and the
// audit events, but for the server's background work (its jobs, notices
// and mail, which go on delivering what the story announced).
func demoFingerprint(t *testing.T, dsn string) string {
	t.Helper()
	db, err := sqldb.Open(context.Background(), dsn, sqldb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var parts []string
	for _, q := range []string{`SELECT count(*) FROM users`, `SELECT count(*) FROM applications`, `SELECT count(*) FROM verifications`,
		`SELECT count(*) FROM appeals WHERE status = 'pending'`, `SELECT count(*) FROM announcements`,
		`SELECT count(*) FROM selection_scores`, `SELECT count(*) FROM exam_attempts`, `SELECT count(*) FROM assess_instruments`,
		`SELECT count(*) FROM assess_assignments`, `SELECT count(*) FROM assess_scores`, `SELECT count(*) FROM assess_moderations`,
		`SELECT count(*) FROM integrity_pacts`, `SELECT count(*) FROM demo_seeds`,
		`SELECT count(*) FROM audit_events WHERE action NOT LIKE 'job.%' AND action NOT LIKE 'outbox.%'
  AND action NOT LIKE 'notification.%'`} {
		var n int
		if err := db.R.QueryRowContext(t.Context(), q).Scan(&n); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		parts = append(parts, fmt.Sprint(n))
	}
	return strings.Join(parts, " ")
}

// announced lists the stages a period has published, newest first.
func announced(t *testing.T, dsn string, period int) string {
	t.Helper()
	db, err := sqldb.Open(context.Background(), dsn, sqldb.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var stages []string
	err = sqldb.RunQuery(t.Context(), db.R, `SELECT stage FROM announcements WHERE period_id = $1 ORDER BY id DESC`,
		func(r *sql.Rows) error {
			var s string
			err := r.Scan(&s)
			stages = append(stages, s)
			return err
		}, period)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Join(stages, ",")
}

// TestDemoUntilThenWhole, on both engines: --demo-until assessment stops
// last year's period before its SKD list, without the JPT selection; a
// later start with --demo alone seeds the rest — the SKD and final lists,
// the JPT selection announced — and a third start changes nothing. An
// unknown part, or --demo-until without --demo, is refused before the
// database opens, naming the parts.
func TestDemoUntilThenWhole(t *testing.T) {
	t.Parallel()
	for _, e := range sqldbtest.Engines() {
		t.Run(string(e), func(t *testing.T) {
			t.Parallel()
			dsn := sqldbtest.DSN(t, e)
			var out, errb bytes.Buffer
			if code := app.Run(context.Background(), []string{"serve", "--addr", "127.0.0.1:0", "--db", dsn, "--demo", "--demo-until",
				"skd"}, func(string) string { return "" }, nil, &out, &errb); code == 0 ||
				!strings.Contains(errb.String(), `--demo-until "skd": not a demo part`) || !strings.Contains(errb.String(), "assessment, jpt") {
				t.Fatalf("an unknown part: exit %d, %q", code, errb.String())
			}
			if code := app.Run(context.Background(), []string{"serve", "--addr", "127.0.0.1:0", "--db", dsn, "--demo-until",
				"assessment"}, func(string) string { return "" }, nil, &out, &errb); code == 0 ||
				!strings.Contains(errb.String(), "--demo-until goes with --demo") {
				t.Fatalf("--demo-until alone: exit %d, %q", code, errb.String())
			}
			s := apptest.StartDSN(t, dsn, demoMidway...)
			s.Stop(t)
			key := []string{"--key-file", s.KeyFile} // PostgreSQL's key stays the one the chain pinned
			if got := announced(t, dsn, 2); got != "administration" {
				t.Fatalf("part-way, last year's lists: %q", got)
			}
			if n := countAudit(t, dsn, "user.create"); n != demoUserCount-5 {
				t.Fatalf("part-way, %d users, want %d (no JPT applicants)", n, demoUserCount-5)
			}
			s = apptest.StartDSN(t, dsn, append([]string{"--demo"}, key...)...)
			s.Stop(t)
			if got := announced(t, dsn, 2); got != "final,skd,administration" {
				t.Fatalf("completed, last year's lists: %q", got)
			}
			if got := announced(t, dsn, 4); got != "administration" {
				t.Fatalf("completed, the JPT selection's lists: %q", got)
			}
			before := demoFingerprint(t, dsn)
			s = apptest.StartDSN(t, dsn, append([]string{"--demo"}, key...)...)
			s.Stop(t)
			if after := demoFingerprint(t, dsn); after != before {
				t.Fatalf("a third start changed the demo:\n before %s\n after  %s", before, after)
			}
			if n := countAudit(t, dsn, "user.create"); n != demoUserCount {
				t.Fatalf("%d users, want %d", n, demoUserCount)
			}
		})
	}
}
