package culture

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"asnpro/internal/audit"
	"asnpro/internal/sqldb"
)

// demoQuiz is the demo sessions' quiz.
var demoQuiz = []Question{
	{"Berapa nilai dasar dalam BerAKHLAK?", []string{"Lima", "Tujuh", "Sembilan"}, 1},
	{"Bingkisan dari rekanan yang terlanjur diterima dilaporkan ke…", []string{"Atasan langsung saja", "Unit Pengendali Gratifikasi",
		"Tidak perlu dilaporkan"}, 1},
	{"Nilai \"Akuntabel\" berarti…", []string{"Bertanggung jawab atas kepercayaan yang diberikan", "Selalu mengikuti atasan",
		"Bekerja cepat tanpa catatan"}, 0},
}

// demoQuizCopy is a fresh copy of demoQuiz (Organise cleans a quiz in place).
func demoQuizCopy() []Question {
	out := make([]Question, len(demoQuiz))
	for i, q := range demoQuiz {
		out[i] = Question{Text: q.Text, Options: append([]string(nil), q.Options...), Correct: q.Correct}
	}
	return out
}

// demoPast is the demo's two past sessions of this year (WIB), [start,
// end] each, the older first: about 60 and 10 days before now at 09:00 WIB
// for two hours, or, early in the year, at a quarter and a half of the time
// since 1 January, so that neither starts after now nor last year.
func demoPast(now time.Time) [2][2]time.Time {
	y0 := time.Date(now.In(wib).Year(), 1, 1, 0, 0, 0, 0, wib)
	at9 := func(back int) time.Time {
		d := now.AddDate(0, 0, -back).In(wib)
		return time.Date(d.Year(), d.Month(), d.Day(), 9, 0, 0, 0, wib)
	}
	s1, s2 := at9(60), at9(10)
	if !s1.Before(y0) && !s2.Add(2*time.Hour).After(now) {
		return [2][2]time.Time{{s1.UTC(), s1.Add(2 * time.Hour).UTC()}, {s2.UTC(), s2.Add(2 * time.Hour).UTC()}}
	}
	span := now.Sub(y0)
	long := max(span/8, time.Minute)
	s1, s2 = y0.Add(span/4), y0.Add(span/2)
	return [2][2]time.Time{{s1.UTC(), s1.Add(long).UTC()}, {s2.UTC(), s2.Add(long).UTC()}}
}

// SeedDemoSocialisation: two socialisation sessions this year before now
// (the older one counted as 2 JP), one in two weeks; pegawai and atasan
// and the first employees attended the first, pimpinan and the next ones
// the second; pegawai answered the first's quiz.
func (s *Service) SeedDemoSocialisation(ctx context.Context, now time.Time, a DemoAccounts) error {
	at := now
	d := *s
	d.now = func() time.Time { return at }
	admin := audit.WithActor(ctx, audit.Actor{ID: idText(a.Admin.UserID), Role: a.Admin.Role})
	past := demoPast(now)
	s1, e1, s2, e2 := past[0][0], past[0][1], past[1][0], past[1][1]
	up := time.Date(now.In(wib).Year(), now.In(wib).Month(), now.In(wib).Day(), 9, 0, 0, 0, wib).Add(14 * 24 * time.Hour)
	news := []NewSession{
		{Title: "Sosialisasi Nilai Dasar ASN BerAKHLAK", Starts: s1, Ends: e1, Place: "Aula BKPSDM", JP: 2, Quiz: demoQuizCopy()},
		{Title: "Sosialisasi Pengendalian Gratifikasi", Starts: s2, Ends: e2, Place: "https://meet.example.go.id/gratifikasi",
			Quiz: demoQuizCopy()},
		{Title: "Sosialisasi Kode Etik dan Kode Perilaku ASN", Starts: up.UTC(), Ends: up.Add(3 * time.Hour).UTC(),
			Place: "Ruang Rapat Sekretariat Daerah", JP: 3, Quiz: demoQuizCopy()},
	}
	var ids []int64
	for _, n := range news {
		at = minTime(n.Starts.Add(-14*24*time.Hour), now)
		x, err := d.Organise(admin, a.Admin.UserID, n)
		if err != nil {
			return fmt.Errorf("demo socialisation: %w", err)
		}
		ids = append(ids, x.ID)
	}
	var emps []int64
	err := sqldb.RunQuery(ctx, s.db.R, `SELECT id FROM employees WHERE status <> 'berhenti' AND user_id IS NULL ORDER BY id LIMIT 8`,
		func(r *sql.Rows) error {
			var id int64
			err := r.Scan(&id)
			emps = append(emps, id)
			return err
		})
	if err != nil {
		return sqldb.Translate(err, "demo employees")
	}
	mine := map[string]int64{}
	for name, acc := range map[string]DemoAccount{"pegawai": a.Employee, "atasan": a.Supervisor, "pimpinan": a.Leader} {
		e, err := s.staff.FindEmployeeByUser(ctx, acc.UserID)
		if err != nil {
			return fmt.Errorf("demo socialisation: %s: %w", name, err)
		}
		mine[name] = e.ID
	}
	half := len(emps) / 2
	for i, who := range [][]int64{append([]int64{mine["pegawai"], mine["atasan"]}, emps[:half]...),
		append([]int64{mine["pimpinan"]}, emps[half:]...)} {
		at = minTime(news[i].Ends, now)
		for _, e := range who {
			if err := d.Attend(admin, ids[i], e); err != nil {
				return fmt.Errorf("demo attendance: %w", err)
			}
		}
	}
	at = minTime(news[0].Ends.Add(time.Hour), now)
	emp := audit.WithActor(ctx, audit.Actor{ID: idText(a.Employee.UserID), Role: a.Employee.Role})
	if _, err := d.Answer(emp, a.Employee.UserID, ids[0], []int{1, 1, 2}); err != nil {
		return fmt.Errorf("demo quiz: %w", err)
	}
	return nil
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}
