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

// demoPast is a past session of this year (WIB): about back before now at
// 09:00 WIB for two hours, or, early in the year, a share (k quarters) of
// the time since 1 January, so it is never after now nor last year.
func demoPast(now time.Time, back time.Duration, k int) (time.Time, time.Time) {
	y0 := time.Date(now.In(wib).Year(), 1, 1, 0, 0, 0, 0, wib)
	d := now.Add(-back).In(wib)
	start := time.Date(d.Year(), d.Month(), d.Day(), 9, 0, 0, 0, wib)
	if !start.Before(y0) && !start.Add(2*time.Hour).After(now) {
		return start.UTC(), start.Add(2 * time.Hour).UTC()
	}
	span := now.Sub(y0)
	start = y0.Add(span * time.Duration(k) / 4)
	return start.UTC(), start.Add(max(span/8, time.Minute)).UTC()
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
	s1, e1 := demoPast(now, 60*24*time.Hour, 1)
	s2, e2 := demoPast(now, 10*24*time.Hour, 2)
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
