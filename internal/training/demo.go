package training

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"asnpro/internal/sqldb"
)

// DemoAccounts are the demo accounts the training demo uses.
type DemoAccounts struct {
	AdminUserID int64
	Trainer     string // a trainer account (username), made a trainer of the first institution
	Employee    string // an employee's account (username), whose supervisor has Supervisor's account
	Supervisor  string
}

// demoProgrammes are the demo's catalogue: the institution (0 or 1) and the programme.
var demoProgrammes = []struct {
	inst int
	p    NewProgramme
}{
	{0, NewProgramme{Title: "Pelayanan Publik Prima", Topic: TopicPublicService, JP: 20, Mode: ModeClassroom,
		Description:  "Standar pelayanan, pengelolaan pengaduan dan survei kepuasan masyarakat.",
		Competencies: []string{"pelayanan-publik", "komunikasi"}}},
	{0, NewProgramme{Title: "Literasi Digital untuk ASN", Topic: TopicIT, JP: 6, Mode: ModeOnline,
		Description: "Keamanan informasi, tanda tangan elektronik dan layanan SPBE.", Competencies: []string{"teknologi-informasi"}}},
	{1, NewProgramme{Title: "Integritas dan Antikorupsi", Topic: TopicEthics, JP: 5, Mode: ModeBlended,
		Description:  "Nilai dasar ASN BerAKHLAK, gratifikasi dan benturan kepentingan.",
		Competencies: []string{"integritas", "perekat-bangsa"}}},
	{1, NewProgramme{Title: "Kepemimpinan Pengawas", Topic: TopicLeadership, JP: 30, Mode: ModeClassroom,
		Description:  "Memimpin tim, mengambil keputusan dan mengelola perubahan di unit kerja.",
		Competencies: []string{"kepemimpinan", "pengambilan-keputusan", "kerja-sama", "mengelola-perubahan"}}},
	{1, NewProgramme{Title: "Manajemen Keuangan Daerah", Topic: TopicPublicManagement, JP: 16, Mode: ModeClassroom,
		Description:  "Perencanaan, penatausahaan dan pertanggungjawaban anggaran daerah.",
		Competencies: []string{"manajemen-keuangan", "orientasi-hasil"}}},
}

// demoCost is each programme's cost per participant, in rupiah.
var demoCost = []int64{1_500_000, 750_000, 500_000, 4_000_000, 2_000_000}

// SeedDemo tells the demo's training through the service, each step its
// own audited transaction, at now: two partner institutions with their
// agreements (the first with the trainer account), five programmes; two
// sessions this year (WIB) already over that the employee completed — so
// whatever day the demo starts, 1 January included, their dates are on or
// after 1 January and not after now —, a session of the trainer's
// institution running today with five participants, and sessions open
// for enrolment (one the employee has asked for, waiting for the
// supervisor; one already full, with a waitlist). Deterministic but for
// the certificates' codes (drawn from crypto/rand).
func (s *Service) SeedDemo(ctx context.Context, now time.Time, a DemoAccounts) error {
	d := &demoSeed{s: s, ctx: ctx, now: now, admin: Actor{UserID: a.AdminUserID, Admin: true}}
	d.institutions(a.Trainer)
	d.catalogue()
	d.past(a.Employee)
	d.running(a.Trainer)
	d.open(a.Employee)
	return d.err
}

// demoSeed carries the first error of the seeding's steps.
type demoSeed struct {
	s     *Service
	ctx   context.Context
	now   time.Time
	admin Actor
	insts []*Institution
	progs []*Programme
	err   error
}

func (d *demoSeed) fail(what string, err error) {
	if d.err == nil && err != nil {
		d.err = fmt.Errorf("training demo: %s: %w", what, err)
	}
}

func (d *demoSeed) institutions(trainer string) {
	year := d.now.In(wib).Year()
	for i, n := range []NewInstitution{
		{Name: "Lembaga Pelatihan Kalteng", Address: "Jl. Yos Sudarso No. 12, Palangka Raya", Contact: "diklat@lpkalteng.example"},
		{Name: "BPSDM Provinsi Kalimantan Tengah", Address: "Jl. Tjilik Riwut Km 5, Palangka Raya", Contact: "bpsdm@kalteng.example"},
	} {
		if d.err != nil {
			return
		}
		in, err := d.s.CreateInstitution(d.ctx, n)
		d.fail("institution", err)
		if err != nil {
			return
		}
		d.insts = append(d.insts, in)
		_, err = d.s.AddAgreement(d.ctx, in.ID, NewAgreement{Number: fmt.Sprintf("800/%03d/BKPSDM/%d", 11+i, year-1),
			StartsOn: fmt.Sprintf("%d-01-01", year-1), EndsOn: fmt.Sprintf("%d-12-31", year+1),
			Scope: "Pelatihan teknis, manajerial dan sosial kultural bagi ASN Pemerintah Kota Palangka Raya"})
		d.fail("agreement", err)
	}
	if d.err == nil {
		d.fail("trainer", d.s.LinkTrainer(d.ctx, d.insts[0].ID, trainer))
	}
}

func (d *demoSeed) catalogue() {
	for i, dp := range demoProgrammes {
		if d.err != nil {
			return
		}
		n := dp.p
		n.Competencies = append([]string(nil), dp.p.Competencies...) // the template stays untouched
		cost := demoCost[i]
		n.Cost = &cost
		if i == 3 { // Kepemimpinan Pengawas asks for Integritas dan Antikorupsi first
			n.Prerequisites = []int64{d.progs[2].ID}
		}
		p, err := d.s.CreateProgramme(d.ctx, d.insts[dp.inst].ID, n)
		d.fail("programme", err)
		d.progs = append(d.progs, p)
	}
}

// session schedules a session of programme i.
func (d *demoSeed) session(i int, start, end time.Time, capacity, meetings int, trainer int64, place string) *Session {
	if d.err != nil {
		return nil
	}
	n := NewSession{StartsAt: start, EndsAt: end, Capacity: capacity, Meetings: meetings, TrainerID: trainer, Place: place}
	if d.progs[i].Mode == ModeOnline {
		n.Place, n.OnlineURL = "", "https://meet.lpkalteng.example/literasi-digital"
	}
	ss, err := d.s.CreateSession(d.ctx, d.progs[i].ID, n)
	d.fail("session", err)
	return ss
}

// pastSpans are two spans this year (WIB) that have ended by now: within
// [1 January 00:00 WIB, now]. On the year's first minutes they shrink to
// fit; span 0 (the very first instant) still gives sessions of a minute
// that end at now.
func pastSpans(now time.Time) [2][2]time.Time {
	w := now.In(wib)
	start := time.Date(w.Year(), 1, 1, 0, 0, 0, 0, wib)
	span := now.Sub(start)
	at := func(f float64) time.Time { return start.Add(time.Duration(float64(span) * f)).Truncate(time.Second) }
	out := [2][2]time.Time{{at(0.2), at(0.4)}, {at(0.6), at(0.9)}}
	for i := range out {
		if !out[i][1].After(out[i][0]) {
			out[i] = [2]time.Time{now.Add(-time.Minute), now}
			if out[i][0].Before(start) {
				out[i][0] = start
			}
			if !out[i][1].After(out[i][0]) { // now is 1 January 00:00:00 exactly
				out[i][0] = now.Add(-time.Second)
			}
		}
	}
	return out
}

// past: the employee completed Integritas dan Antikorupsi and Literasi
// Digital this year (11 JP: still under the 20 a year), with others;
// feedback on the first.
func (d *demoSeed) past(employee string) {
	spans := pastSpans(d.now)
	nips := d.numbers(6)
	me := d.numberOf(employee)
	for k, prog := range []int{2, 1} {
		ss := d.session(prog, spans[k][0], spans[k][1], 30, 2, 0, "Aula BKPSDM Kota Palangka Raya")
		if d.err != nil {
			return
		}
		var seated []int64
		var scores []Scores
		for j, nip := range append([]string{me}, nips[3*k:3*k+3]...) {
			e, err := d.s.Nominate(d.ctx, ss.ID, d.admin, nip)
			d.fail("nominate", err)
			if err != nil {
				return
			}
			pre, post := 55+5*j, 88-7*j
			scores = append(scores, Scores{EnrolmentID: e.ID, Pre: &pre, Post: &post})
			if j != 3 { // the last missed the second meeting
				seated = append(seated, e.ID)
			}
		}
		d.fail("attendance", d.s.RecordAttendance(d.ctx, ss.ID, 1, d.admin, append(seated, scores[3].EnrolmentID)))
		d.fail("attendance", d.s.RecordAttendance(d.ctx, ss.ID, 2, d.admin, seated))
		d.fail("scores", d.s.RecordScores(d.ctx, ss.ID, d.admin, scores))
		if d.err != nil {
			return
		}
		_, err := d.s.CompleteSession(d.ctx, ss.ID, d.admin)
		d.fail("complete", err)
		if k == 0 && d.err == nil {
			d.fail("feedback", d.s.GiveFeedback(d.ctx, scores[0].EnrolmentID, d.userID(employee), 5,
				"Materi gratifikasi sangat relevan dengan pekerjaan sehari-hari."))
		}
	}
}

// running: Pelayanan Publik Prima by the trainer's institution, from
// yesterday to the day after tomorrow, four meetings, five participants,
// the first meeting's attendance recorded.
func (d *demoSeed) running(trainer string) {
	tid := d.userID(trainer)
	day := time.Date(d.now.In(wib).Year(), d.now.In(wib).Month(), d.now.In(wib).Day(), 8, 0, 0, 0, wib)
	ss := d.session(0, day.AddDate(0, 0, -1), day.AddDate(0, 0, 2).Add(8*time.Hour), 20, 4, tid, "Ruang Diklat Lembaga Pelatihan Kalteng")
	if d.err != nil {
		return
	}
	var ids []int64
	for _, nip := range d.numbers(12)[6:11] {
		e, err := d.s.Nominate(d.ctx, ss.ID, d.admin, nip)
		d.fail("nominate", err)
		if err != nil {
			return
		}
		ids = append(ids, e.ID)
	}
	d.fail("attendance", d.s.RecordAttendance(d.ctx, ss.ID, 1, Actor{UserID: tid}, ids[:4]))
}

// open: Kepemimpinan Pengawas in two weeks (the employee's to ask for),
// Manajemen Keuangan Daerah in a month (asked for, awaiting the
// supervisor), Literasi Digital in three weeks (full: three seats, one on
// the waitlist).
func (d *demoSeed) open(employee string) {
	day := time.Date(d.now.In(wib).Year(), d.now.In(wib).Month(), d.now.In(wib).Day(), 8, 0, 0, 0, wib)
	d.session(3, day.AddDate(0, 0, 14), day.AddDate(0, 0, 18).Add(8*time.Hour), 25, 5, 0, "Aula BPSDM Provinsi Kalimantan Tengah")
	fin := d.session(4, day.AddDate(0, 0, 30), day.AddDate(0, 0, 32).Add(8*time.Hour), 25, 3, 0, "Aula BPSDM Provinsi Kalimantan Tengah")
	full := d.session(1, day.AddDate(0, 0, 21), day.AddDate(0, 0, 22).Add(8*time.Hour), 3, 2, 0, "")
	if d.err != nil {
		return
	}
	_, err := d.s.RequestEnrolment(d.ctx, fin.ID, d.userID(employee))
	d.fail("request", err)
	for _, nip := range d.numbers(16)[12:16] {
		_, err := d.s.Nominate(d.ctx, full.ID, d.admin, nip)
		d.fail("nominate", err)
	}
}

// numbers are the NIPs of the first n employees with a NIP and no
// account, by id: the demo's participants besides the accounts.
func (d *demoSeed) numbers(n int) []string {
	var out []string
	if d.err != nil {
		return make([]string, n)
	}
	// Joins across parts: the workforce's employees.
	err := sqldb.RunQuery(d.ctx, d.s.db.R, `SELECT nip FROM employees WHERE nip IS NOT NULL AND user_id IS NULL AND status <> 'berhenti'
ORDER BY id LIMIT $1`, func(r *sql.Rows) error {
		var v string
		err := r.Scan(&v)
		out = append(out, v)
		return err
	}, n)
	d.fail("employees", err)
	if len(out) < n && d.err == nil {
		d.fail("employees", fmt.Errorf("%d employees, want %d", len(out), n))
	}
	for len(out) < n {
		out = append(out, "")
	}
	return out
}

// numberOf is the NIP (or NI PPPK) of the employee whose account is username.
func (d *demoSeed) numberOf(username string) string {
	var v string
	if d.err == nil {
		// Joins across parts: the workforce's employees and identity's users.
		d.fail("employee "+username, d.s.db.R.QueryRowContext(d.ctx, `SELECT COALESCE(e.nip, e.ni_pppk) FROM employees e
JOIN users u ON u.id = e.user_id WHERE u.username = $1`, username).Scan(&v))
	}
	return v
}

// userID is the id of the account username.
func (d *demoSeed) userID(username string) int64 {
	var id int64
	if d.err == nil {
		// Joins across parts: identity's users.
		d.fail("account "+username, d.s.db.R.QueryRowContext(d.ctx, `SELECT id FROM users WHERE username = $1`, username).Scan(&id))
	}
	return id
}
