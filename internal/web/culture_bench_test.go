package web

import (
	"context"
	"fmt"
	"math/rand"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"asnpro/internal/identity"
	"asnpro/internal/sqldb"
	"asnpro/internal/sqldb/sqldbtest"
)

// benchPosts, benchPerThread: the forum of the search benchmark, 100,000
// posts in 20,000 threads (an opening post and four replies each).
const benchPosts, benchPerThread = 100_000, 5

// benchWords are the benchmark's vocabulary, the most frequent first: real
// words of the forum's talk, then made-up ones, 3,000 in all. Posts draw
// from it with a Zipf law, as text does.
func benchWords() []string {
	words := strings.Fields(`yang dan di untuk dengan pegawai layanan data kantor unit bidang surat aplikasi
		antrian kinerja jadwal laporan anggaran dinas berkas pelayanan warga rapat kegiatan sistem informasi keuangan
		pengadaan kepegawaian cuti pangkat jabatan fungsional integritas etika gratifikasi inovasi solusi kecamatan
		kelurahan puskesmas sekolah perjalanan tanda tangan elektronik arsip formulir daring loket pengaduan`)
	r := rand.New(rand.NewSource(1))
	syl := strings.Fields("ba be bi bo bu ka ke ki ko ku la le li lo lu ma me mi mo mu na ne ni no nu pa pe pi po pu ra re ri ro " +
		"ru sa se si so su ta te ti to tu an ang ar as at")
	seen := map[string]bool{}
	for _, w := range words {
		seen[w] = true
	}
	for len(words) < 3000 {
		n := 2 + r.Intn(3)
		var b strings.Builder
		for range n {
			b.WriteString(syl[r.Intn(len(syl))])
		}
		if w := b.String(); !seen[w] {
			seen[w] = true
			words = append(words, w)
		}
	}
	return words
}

// seedForumBench writes the benchmark's forum straight into the tables
// (the service's checks and audit events would take minutes, and search
// reads only the tables), in statements of 500 rows.
func seedForumBench(tb testing.TB, db *sqldb.DB) []string {
	tb.Helper()
	ctx := context.Background()
	words := benchWords()
	r := rand.New(rand.NewSource(2))
	zipf := rand.NewZipf(r, 1.1, 3, uint64(len(words)-1))
	text := func(n int) string {
		ws := make([]string, n)
		for i := range ws {
			ws[i] = words[zipf.Uint64()]
		}
		return strings.Join(ws, " ")
	}
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	pg := db.Engine == sqldb.Postgres
	err := db.Write(ctx, func(tx *sqldb.Tx) error {
		for _, q := range []string{
			`INSERT INTO users (username, name, created_at, updated_at) VALUES ('penulis-forum', 'Penulis', $1, $1)`,
			`INSERT INTO org_units (code, name, created_at, updated_at) VALUES ('BENCH', 'Unit', $1, $1)`,
			`INSERT INTO employees (kind, nik, name, birth_date, gender, unit_id, status, user_id, created_at, updated_at)
SELECT 'pns', '6271010101900001', 'Penulis Forum', '1990-01-01', 'M', (SELECT id FROM org_units), 'aktif', (SELECT id FROM users
WHERE username = 'penulis-forum'), $1, $1`,
		} {
			if _, err := tx.ExecContext(ctx, q, start); err != nil {
				return err
			}
		}
		var user, emp int64
		if err := tx.QueryRowContext(ctx, `SELECT user_id, id FROM employees`).Scan(&user, &emp); err != nil {
			return err
		}
		threads := benchPosts / benchPerThread
		const batch = 500
		for first := 1; first <= threads; first += batch {
			var tv, pv, fv []string
			var ta, pa, fa []any
			for id := first; id < first+batch && id <= threads; id++ {
				at := start.Add(time.Duration(id) * time.Minute)
				title := text(6)
				bodies := make([]string, benchPerThread)
				for k := range bodies {
					bodies[k] = text(30)
					pid := (id-1)*benchPerThread + k + 1
					pa = append(pa, pid, id, user, emp, k == 0, bodies[k], at.Add(time.Duration(k)*time.Minute))
					pv = append(pv, placeholders(len(pa)-6, 7))
				}
				doc := title + "\n" + strings.Join(bodies, "\n")
				ta = append(ta, id, "lainnya", title, user, emp, at, at.Add(time.Hour), benchPerThread-1)
				if pg {
					ta = append(ta, doc)
					tv = append(tv, strings.TrimSuffix(placeholders(len(ta)-8, 8), ")")+fmt.Sprintf(", strip(to_tsvector('simple', $%d)))", len(ta)))
				} else {
					tv = append(tv, placeholders(len(ta)-7, 8))
					fa = append(fa, id, doc)
					fv = append(fv, placeholders(len(fa)-1, 2))
				}
			}
			cols := `id, topic, title, author_user_id, author_employee_id, created_at, last_post_at, replies`
			if pg {
				cols += `, doc`
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO forum_threads (`+cols+`) VALUES `+strings.Join(tv, ","), ta...); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO forum_posts (id, thread_id, author_user_id, author_employee_id, opening, body,
created_at) VALUES `+strings.Join(pv, ","), pa...); err != nil {
				return err
			}
			if !pg {
				if _, err := tx.ExecContext(ctx, `INSERT INTO forum_fts (rowid, doc) VALUES `+strings.Join(fv, ","), fa...); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	if pg {
		if _, err := db.W.ExecContext(ctx, `ANALYZE`); err != nil {
			tb.Fatal(err)
		}
	}
	return words
}

// placeholders is "($from, …, $from+n-1)".
func placeholders(from, n int) string {
	ps := make([]string, n)
	for i := range ps {
		ps[i] = fmt.Sprintf("$%d", from+i)
	}
	return "(" + strings.Join(ps, ", ") + ")"
}

// BenchmarkForumSearch100k: the search page (GET /forum/cari?q=…, the
// query and the page rendered) over 100,000 posts, for a mix of searches:
// a frequent word, a less frequent one, a rare one, two words together, a
// prefix, a word of no post. It reports the 95th percentile of the
// requests' durations (p95-ms) besides the mean.
func BenchmarkForumSearch100k(b *testing.B) {
	for _, e := range sqldbtest.Engines() {
		// Seeded once per engine, outside the sub-benchmark, which the
		// testing package runs more than once.
		db := sqldbtest.Open(b, e)
		t0 := time.Now()
		words := seedForumBench(b, db)
		b.Logf("%s: seeded in %v", e, time.Since(t0).Round(time.Second))
		s, err := New(Config{}, Deps{DB: db})
		if err != nil {
			b.Fatal(err)
		}
		queries := []string{words[8], words[40], words[300], words[2500], words[9] + " " + words[60], words[30][:3], "tidakada"}
		p := &identity.Principal{UserID: 1, Username: "penulis-forum", Name: "Penulis", Roles: []identity.Role{identity.Employee}}
		b.Run(string(e), func(b *testing.B) {
			var took []time.Duration
			for i := range b.N {
				q := queries[i%len(queries)]
				r := httptest.NewRequest(http.MethodGet, "/forum/cari?q="+url.QueryEscape(q), nil)
				r = r.WithContext(identity.WithPrincipal(r.Context(), p))
				w := httptest.NewRecorder()
				t0 := time.Now()
				if err := s.forumSearchPage(w, r); err != nil {
					b.Fatal(err)
				}
				took = append(took, time.Since(t0))
				if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), `id="search-total"`) {
					b.Fatalf("%q: %d", q, w.Code)
				}
			}
			slices.Sort(took)
			b.ReportMetric(float64(took[len(took)*95/100].Microseconds())/1000, "p95-ms")
		})
	}
}
