package verification_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"asnpro/internal/audit"
	"asnpro/internal/identity"
	"asnpro/internal/recruitment"
	"asnpro/internal/sqldb"
	"asnpro/internal/sqldb/sqldbtest"
	"asnpro/internal/verification"
)

// bigPeriod is a period with n submitted applications over 50 formations,
// all assigned to one verifier (the worst case for a queue); decided says
// which are decided (i → "", "MS" or "TMS").
type bigPeriod struct {
	svc       *verification.Service
	periodID  int64
	verifier  *identity.Principal
	committee *identity.Principal
	rec       *recruitment.Service
	ids       *identity.Service
}

func seedBig(b *testing.B, db *sqldb.DB, n int, decided func(i int) string) *bigPeriod {
	b.Helper()
	ctx := context.Background()
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	ids, err := identity.New(db, identity.Config{Now: clock, HashSlots: 2})
	if err != nil {
		b.Fatal(err)
	}
	hooks := verification.NewHooks(db, clock)
	rec := recruitment.New(db, ids, clock, recruitment.Config{Stages: hooks})
	svc := newService(db, rec, ids, nil, clock, hooks)
	if err := rec.UpsertEducationRefs(ctx,
		[]recruitment.EducationRef{{Code: "S1-TI", Name: "S-1 Teknik Informatika", Level: "S1"}}); err != nil {
		b.Fatal(err)
	}
	p, err := rec.CreatePeriod(ctx, recruitment.NewPeriod{Name: "Seleksi Besar", Kind: recruitment.KindCPNS, ReferenceDate: "2026-12-31",
		Timeline: recruitment.Timeline{AnnounceAt: now.Add(-72 * time.Hour), RegOpenAt: now.Add(-48 * time.Hour),
			RegCloseAt: now.Add(-24 * time.Hour), AdminAnnounceAt: now.Add(24 * time.Hour), AppealDays: 3}})
	if err != nil {
		b.Fatal(err)
	}
	var fids []int64
	for i := range 50 {
		nf := recruitment.NewFormation{Code: fmt.Sprintf("BIG-%03d", i), Position: "Pranata Komputer Ahli Pertama",
			Unit: "Dinas Komunikasi dan Informatika", Quota: 10}
		nf.Education.Levels, nf.Education.Majors = []string{"S1"}, []string{"S1-TI"}
		f, err := rec.AddFormation(ctx, p.ID, nf)
		if err != nil {
			b.Fatal(err)
		}
		fids = append(fids, f.ID)
	}
	if _, err := rec.PublishPeriod(ctx, p.ID); err != nil {
		b.Fatal(err)
	}
	staff := map[string]*identity.Principal{}
	for _, u := range []struct{ name, role string }{{"veri", "verifier"}, {"ketua", "committee"}} {
		us, err := ids.AddUser(ctx,
			identity.NewUser{Username: u.name, Name: u.name, Roles: []identity.Role{identity.Role(u.role)}, Password: "rahasia-123"})
		if err != nil {
			b.Fatal(err)
		}
		staff[u.name] = &identity.Principal{UserID: us.ID, Username: us.Username, Name: us.Name, Roles: us.Roles}
		if _, err := svc.SignPact(audit.WithActor(ctx, audit.Actor{ID: us.IDString(), Role: u.role}), staff[u.name], p.ID, true); err != nil {
			b.Fatal(err)
		}
	}
	vid := staff["veri"].UserID
	const per = 400
	err = db.Write(ctx, func(tx *sqldb.Tx) error {
		var base int64
		if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) FROM users`).Scan(&base); err != nil {
			return err
		}
		base += 1000
		for start := 0; start < n; start += per {
			end := min(start+per, n)
			type tbl struct {
				head string
				cols int
				rows [][]any
			}
			tables := []*tbl{
				{head: `INSERT INTO users (id, username, name, password_hash, created_at, updated_at) VALUES `, cols: 6},
				{
					head: `INSERT INTO applicants (id, user_id, nik, name, birth_place, birth_date, gender, email, phone, created_at) VALUES `,
					cols: 10,
				},
				{head: `INSERT INTO applications (id, period_id, formation_id, applicant_id, registration_number, status, education_level,
  education_major, ipk, attributes, submitted_at, created_at, updated_at) VALUES `, cols: 13},
				{head: `INSERT INTO verifications (application_id, period_id, formation_id, verifier_id, submitted_at, assigned_at,
  decision, reasons, decided_by, decided_at, first_verifier_id) VALUES `, cols: 11},
			}
			for i := start; i < end; i++ {
				id := base + int64(i)
				sub := now.Add(-time.Duration(n-i) * time.Second)
				name := fmt.Sprintf("Pelamar Nomor %d Siregar", i)
				fid := fids[i%len(fids)]
				tables[0].rows = append(tables[0].rows, []any{id, fmt.Sprintf("627101010190%06d", i), name, "", sub, sub})
				tables[1].rows = append(tables[1].rows,
					[]any{id, id, fmt.Sprintf("627101010190%06d", i), name, "Palangka Raya", "1990-01-01", "M",
						fmt.Sprintf("p%d@example.id", i), "081234567890", sub})
				tables[2].rows = append(tables[2].rows,
					[]any{id, p.ID, fid, id, fmt.Sprintf("2026%03d%07d", p.ID, id), "submitted", "S1", "S1-TI", 340, "{}", sub, sub, sub})
				var dec, by, at, first, reasons any = nil, nil, nil, nil, "[]"
				if d := decided(i); d != "" {
					dec, by, at, first = d, vid, sub.Add(time.Minute), vid
					if d == "TMS" {
						reasons = `[{"requirement":"ijazah","note":"Ijazah tidak terbaca"}]`
					}
				}
				tables[3].rows = append(tables[3].rows, []any{id, p.ID, fid, vid, sub, sub, dec, reasons, by, at, first})
			}
			for _, t := range tables {
				var sb strings.Builder
				sb.WriteString(t.head)
				args := make([]any, 0, len(t.rows)*t.cols)
				for r, row := range t.rows {
					if r > 0 {
						sb.WriteByte(',')
					}
					sb.WriteByte('(')
					for c := range row {
						if c > 0 {
							sb.WriteByte(',')
						}
						fmt.Fprintf(&sb, "$%d", len(args)+c+1)
					}
					sb.WriteByte(')')
					args = append(args, row...)
				}
				if _, err := tx.ExecContext(ctx, sb.String(), args...); err != nil {
					return fmt.Errorf("%.40s: %w", t.head, err)
				}
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE integrity_pacts SET assigned = $1 WHERE user_id = $2`, n, vid); err != nil {
			return err
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	if db.Engine == sqldb.Postgres {
		for _, t := range []string{"users", "applicants", "applications", "verifications"} {
			if _, err := db.W.ExecContext(ctx, `ANALYZE `+t); err != nil {
				b.Fatal(err)
			}
		}
	} else if _, err := db.W.ExecContext(ctx, `ANALYZE`); err != nil {
		b.Fatal(err)
	}
	return &bigPeriod{svc: svc, periodID: p.ID, verifier: staff["veri"], committee: staff["ketua"], rec: rec, ids: ids}
}

func eachEngine(b *testing.B, fn func(b *testing.B, db *sqldb.DB)) {
	for _, e := range sqldbtest.Engines() {
		b.Run(string(e), func(b *testing.B) { fn(b, sqldbtest.Open(b, e)) })
	}
}

// BenchmarkQueue50k: a verifier's first page of 50 with the counts behind
// every filter, over 50,000 submitted applications all assigned to them
// (half decided). Budget: < 100 ms.
func BenchmarkQueue50k(b *testing.B) {
	eachEngine(b, func(b *testing.B, db *sqldb.DB) {
		bp := seedBig(b, db, 50_000, func(i int) string {
			switch i % 4 {
			case 0:
				return "MS"
			case 1:
				return "TMS"
			}
			return ""
		})
		ctx := audit.WithActor(context.Background(), audit.Actor{ID: bp.verifier.IDString(), Role: "verifier"})
		for _, status := range []string{"pending", "MS"} {
			b.Run(status, func(b *testing.B) {
				for b.Loop() {
					q, err := bp.svc.FindQueue(
						ctx,
						bp.verifier,
						verification.QueueFilter{PeriodID: bp.periodID, Status: status, Limit: 50},
					)
					if err != nil {
						b.Fatal(err)
					}
					if len(q.Items) != 50 || q.Counts["all"] != 50_000 || q.Counts["pending"] != 25_000 {
						b.Fatalf("queue: %d items, counts %v", len(q.Items), q.Counts)
					}
				}
			})
		}
	})
}

// BenchmarkPublish50k: publishing 50,000 decided results — the canonical
// CSV and its digest, the rows, the audit event — and rendering the PDF and
// XLSX. Budget: < 10 s. Run with -benchtime=1x (each run adds a version).
func BenchmarkPublish50k(b *testing.B) {
	eachEngine(b, func(b *testing.B, db *sqldb.DB) {
		bp := seedBig(b, db, 50_000, func(i int) string {
			if i%5 == 0 {
				return "TMS"
			}
			return "MS"
		})
		ctx := audit.WithActor(context.Background(), audit.Actor{ID: bp.committee.IDString(), Role: "committee"})
		for b.Loop() {
			pub, err := bp.svc.PublishResults(ctx, bp.committee, bp.periodID, verification.StageAdministration)
			if err != nil {
				b.Fatal(err)
			}
			a, err := bp.svc.FindAnnouncement(ctx, bp.periodID, verification.StageAdministration, pub.Version)
			if err != nil {
				b.Fatal(err)
			}
			for _, f := range []string{"pdf", "xlsx"} {
				out, err := bp.svc.Render(ctx, a, f, "Seleksi Besar")
				if err != nil || len(out) < 100_000 {
					b.Fatalf("%s: %d bytes, %v", f, len(out), err)
				}
			}
			if pub.Rows != 50_000 {
				b.Fatalf("rows %d", pub.Rows)
			}
		}
	})
}
