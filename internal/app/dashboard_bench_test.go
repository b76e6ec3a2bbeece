package app_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"asnpro/internal/app"
	"asnpro/internal/app/apptest"
	"asnpro/internal/sqldb"
	"asnpro/internal/sqldb/sqldbtest"
	"asnpro/internal/testkit"
)

// The dashboards' scale: 10,000 employees besides the demo's, with five
// years of data — each year's development hours (four records an employee
// and their totals: 200,000 records), an approved SKP plan with its annual
// evaluation (50,000 of each), and the forum's threads and replies (10,000
// threads, 50,000 posts).
const (
	dashEmployees = 10_000
	dashYears     = 5
	dashThreads   = 10_000
	dashPosts     = 50_000
)

// seedDashboards adds the scale to a demo database, outside the timer.
func seedDashboards(b *testing.B, dsn string, year int) {
	b.Helper()
	ctx := context.Background()
	db, err := sqldb.Open(ctx, dsn, sqldb.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	var units []int64
	if err := sqldb.RunQuery(ctx, db.R, `SELECT id FROM org_units ORDER BY id`, func(r *sql.Rows) error {
		var id int64
		err := r.Scan(&id)
		units = append(units, id)
		return err
	}); err != nil {
		b.Fatal(err)
	}
	var author int64
	if err := db.R.QueryRowContext(ctx, `SELECT user_id FROM employees WHERE user_id IS NOT NULL ORDER BY id LIMIT 1`).
		Scan(&author); err != nil {
		b.Fatal(err)
	}
	now := time.Date(year, 11, 1, 3, 0, 0, 0, time.UTC)
	const base = 100_000
	testkit.BulkInsert(b, db, `INSERT INTO employees (id, kind, nik, nip, name, birth_date, gender, unit_id, grade, status, created_at,
updated_at) VALUES `, dashEmployees, 400, func(i int) []any {
		return []any{int64(base + i), "pns", fmt.Sprintf("62719%011d", i), fmt.Sprintf("19900101201501%04d", 5000+i),
			fmt.Sprintf("Pegawai %05d", i), "1990-01-01", "M", units[i%len(units)], "III/a", "aktif", now, now}
	})
	testkit.BulkInsert(b, db, `INSERT INTO development_records (employee_id, year, source, ref, title, institution, jp, completed_on, status,
created_at) VALUES `, dashEmployees*dashYears*4, 400, func(i int) []any {
		emp, n := i%dashEmployees, i/dashEmployees
		y := year - n%dashYears
		return []any{int64(base + emp), y, "training", fmt.Sprintf("bench:%d", i), "Pelatihan", "BPSDM", 2 + emp%5,
			fmt.Sprintf("%d-06-01", y), "approved", now}
	})
	if err := db.Write(ctx, func(tx *sqldb.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO development_totals (employee_id, year, jp, records)
SELECT employee_id, year, sum(jp), count(*) FROM development_records WHERE ref LIKE 'bench:%' GROUP BY employee_id, year`)
		return err
	}); err != nil {
		b.Fatal(err)
	}
	preds := []string{"sangat_baik", "baik", "baik", "baik", "butuh_perbaikan", "kurang", "baik", "sangat_kurang"}
	testkit.BulkInsert(b, db, `INSERT INTO skp_plans (id, employee_id, year, cadence, status, unit_id, created_at, updated_at) VALUES `,
		dashEmployees*dashYears, 400, func(i int) []any {
			return []any{int64(base + i), int64(base + i%dashEmployees), year - i/dashEmployees, "quarterly", "approved",
				units[(i%dashEmployees)%len(units)], now, now}
		})
	testkit.BulkInsert(b, db, `INSERT INTO skp_evaluations (plan_id, period, annual, hasil, perilaku, predikat, notes, supervisor_id,
evaluated_at, final) VALUES `, dashEmployees*dashYears, 400, func(i int) []any {
		return []any{int64(base + i), fmt.Sprint(year - i/dashEmployees), true, "meets", "meets", preds[i%len(preds)], "-",
			int64(base), now, true}
	})
	start := time.Date(year-dashYears+1, 1, 1, 0, 0, 0, 0, time.UTC)
	span := now.Sub(start)
	testkit.BulkInsert(b, db, `INSERT INTO forum_threads (id, topic, title, author_user_id, author_employee_id, created_at, last_post_at)
VALUES `, dashThreads, 400, func(i int) []any {
		at := start.Add(span * time.Duration(i) / dashThreads)
		return []any{int64(base + i), "lainnya", fmt.Sprintf("Topik %d", i), author, int64(base + i%dashEmployees), at, at}
	})
	testkit.BulkInsert(b, db, `INSERT INTO forum_posts (thread_id, author_user_id, author_employee_id, opening, body, created_at) VALUES `,
		dashPosts, 400, func(i int) []any {
			t := i % dashThreads
			at := start.Add(span*time.Duration(t)/dashThreads + time.Duration(i/dashThreads)*time.Hour)
			return []any{int64(base + t), author, int64(base + i%dashEmployees), i < dashThreads, "Isi", at}
		})
	if _, err := db.W.ExecContext(ctx, `ANALYZE`); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkDashboards10k: each leaders' dashboard page, rendered and served
// over HTTP (the leader's token), on the demo plus 10,000 employees with five
// years of data: /dashboard (every section), /dashboard/pegawai (JP,
// predikat, ethics, forum) and /dashboard/rekrutmen (the demo's periods).
// Budget: < 300 ms each.
func BenchmarkDashboards10k(b *testing.B) {
	for _, e := range sqldbtest.Engines() {
		b.Run(string(e), func(b *testing.B) {
			dsn := sqldbtest.DSN(b, e)
			srv := apptest.StartDSN(b, dsn, "--demo")
			seedDashboards(b, dsn, time.Now().In(time.FixedZone("WIB", 7*3600)).Year())
			c := apptest.Client()
			tok := benchToken(b, c, srv.URL)
			for _, path := range []string{"/dashboard", "/dashboard/pegawai", "/dashboard/rekrutmen"} {
				b.Run(strings.TrimPrefix(path, "/"), func(b *testing.B) {
					for b.Loop() {
						res, body := benchGet(b, c, srv.URL+path, tok)
						if res != 200 || !strings.Contains(body, "dash-") {
							b.Fatalf("GET %s: %d", path, res)
						}
					}
				})
			}
		})
	}
}

// benchToken signs the demo's leader in for the API.
func benchToken(b *testing.B, c *http.Client, base string) string {
	b.Helper()
	res, err := c.Post(base+"/api/v1/auth/token", "application/json",
		strings.NewReader(fmt.Sprintf(`{"username":"pimpinan","password":%q}`, app.DemoPassword)))
	if err != nil {
		b.Fatal(err)
	}
	defer res.Body.Close()
	var out struct{ Token string }
	if err := json.NewDecoder(res.Body).Decode(&out); err != nil || out.Token == "" {
		b.Fatalf("token: %d %v", res.StatusCode, err)
	}
	return out.Token
}

func benchGet(b *testing.B, c *http.Client, url, tok string) (int, string) {
	b.Helper()
	req, err := http.NewRequest("GET", url, nil)
	if err != nil {
		b.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+tok)
	res, err := c.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		b.Fatal(err)
	}
	return res.StatusCode, string(body)
}
