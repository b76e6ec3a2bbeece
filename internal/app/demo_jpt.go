package app

import (
	"context"
	"fmt"
	"time"

	"asnpro/internal/assess"
	"asnpro/internal/identity"
	"asnpro/internal/sqldb"
	"asnpro/internal/verification"
)

// demoJPTApplicants applied to this year's open selection of a senior
// executive (seleksi terbuka JPT Pratama); every one was announced MS.
var demoJPTApplicants = []demoApplicant{
	{nik: "6271031204760007", name: "Bambang Wicaksono", birth: "1976-04-12", gender: "M", formation: "JPT-2026-001", major: "S2-AN",
		decision: verification.MS},
	{nik: "6271036508790008", name: "Siti Rahmawati", birth: "1979-08-25", gender: "F", formation: "JPT-2026-001", major: "S2-TI",
		decision: verification.MS},
	{nik: "6271033001810009", name: "Hendrik Silalahi", birth: "1981-01-30", gender: "M", formation: "JPT-2026-001", major: "S2-MM",
		decision: verification.MS},
	{nik: "6271034706830010", name: "Lestiana Putri", birth: "1983-06-07", gender: "F", formation: "JPT-2026-001", major: "S2-AN",
		decision: verification.MS},
	{nik: "6271030211780011", name: "Yosef Ngabut", birth: "1978-11-02", gender: "M", formation: "JPT-2026-001", major: "S2-TI",
		decision: verification.MS},
}

// demoInterview is the JPT's structured interview: the same questions for
// every candidate, each dimension scored 1–5 against the behaviour its
// anchors describe; below 3 on integritas fails whatever the total.
var demoInterview = assess.NewInstrument{Kind: assess.KindInterview, Name: "Wawancara terstruktur", Assessors: 2,
	Dimensions: []assess.Dimension{
		{Name: "Komunikasi", Anchors: [assess.Levels]string{
			"Jawaban tidak runtut dan tidak menjawab pertanyaan",
			"Menjawab sebagian; gagasan sulit diikuti",
			"Menyampaikan gagasan dengan jelas untuk hal yang rutin",
			"Jelas, runtut dan menyesuaikan bahasa dengan pendengar",
			"Meyakinkan; menyederhanakan persoalan rumit dan memastikan dipahami"}},
		{Name: "Kepemimpinan", Anchors: [assess.Levels]string{
			"Tidak dapat memberi contoh memimpin orang lain",
			"Memimpin hanya bila ditunjuk, tanpa arah yang jelas",
			"Memberi arah dan membagi tugas dalam timnya",
			"Menggerakkan unit menuju sasaran dan mengembangkan bawahannya",
			"Membangun visi organisasi dan memimpin perubahan lintas perangkat daerah"}},
		{Name: "Integritas", Minimum: 3, Anchors: [assess.Levels]string{
			"Membenarkan pelanggaran aturan demi hasil",
			"Mengikuti aturan hanya bila diawasi",
			"Konsisten mengikuti aturan dan kode etik",
			"Menolak dan melaporkan penyimpangan walau berisiko bagi dirinya",
			"Membangun sistem yang mencegah penyimpangan dan menjadi teladan"}},
		{Name: "Kerja sama", Anchors: [assess.Levels]string{
			"Bekerja sendiri dan menghindari tim",
			"Bekerja sama bila diminta",
			"Aktif berbagi informasi dan membantu rekan",
			"Membangun kerja sama antarunit untuk sasaran bersama",
			"Membangun jejaring dengan instansi dan masyarakat di luar organisasi"}},
		{Name: "Orientasi pelayanan", Anchors: [assess.Levels]string{
			"Tidak melihat kebutuhan masyarakat sebagai tugasnya",
			"Melayani sebatas prosedur",
			"Menanggapi keluhan dan memperbaiki layanan yang ada",
			"Mengukur kepuasan dan memperbaiki layanan berdasarkan data",
			"Merancang layanan baru yang memudahkan masyarakat"}},
	}}

// seedDemoJPT tells this year's open selection of a senior executive:
// its period (registration closed a fortnight ago; one post, quota 1) is
// published; verifikator, panitia, penguji and penguji2 signed its pact;
// five applicants submitted mid-way through registration; verifikator
// found them all MS and panitia announced it; panitia defined the
// structured interview and drew its assessors (penguji and penguji2 for
// each), and nobody has scored yet.
func seedDemoJPT(ctx context.Context, d *demoEnv) error {
	var id int64
	err := d.db.Write(ctx, func(tx *sqldb.Tx) error {
		var err error
		id, err = d.rec.SeedDemoJPT(ctx, tx, d.now)
		return err
	})
	if err != nil {
		return fmt.Errorf("demo JPT period: %w", err)
	}
	per, err := d.rec.FindPeriodByID(ctx, id, true)
	if err != nil {
		return err
	}
	team := []struct {
		username string
		role     identity.Role
	}{{"verifikator", identity.Verifier}, {"panitia", identity.Committee}, {"penguji", identity.Assessor}, {"penguji2", identity.Assessor}}
	staff := map[string]*identity.Principal{}
	for _, m := range team {
		p, err := d.staff(ctx, m.username, m.role)
		if err != nil {
			return err
		}
		if _, err := d.ver.SignPact(acting(ctx, p), p, id, true); err != nil {
			return fmt.Errorf("demo JPT pact of %s: %w", m.username, err)
		}
		staff[m.username] = p
	}
	then := per.RegOpenAt.Add(per.RegCloseAt.Sub(per.RegOpenAt) / 2)
	rec := d.storyRecruitment(func() time.Time { return then })
	verifier, committee := staff["verifikator"], staff["panitia"]
	for _, a := range demoJPTApplicants {
		app, err := d.submitDemo(ctx, rec, per, a)
		if err != nil {
			return err
		}
		if _, err := d.ver.Decide(acting(ctx, verifier), verifier, app.ID, verification.NewDecision{Decision: a.decision}); err != nil {
			return fmt.Errorf("demo decision for %s: %w", a.name, err)
		}
	}
	if _, err := d.ver.PublishResults(acting(ctx, committee), committee, id, verification.StageAdministration); err != nil {
		return fmt.Errorf("demo JPT announcement: %w", err)
	}
	svc := assess.New(d.db, assess.Deps{Now: func() time.Time { return d.now }, Qualified: assess.QualifiedFunc(qualifiedIDs(d.ver))})
	in, err := svc.CreateInstrument(acting(ctx, committee), id, demoInterview)
	if err != nil {
		return fmt.Errorf("demo JPT interview: %w", err)
	}
	_, err = svc.Assign(acting(ctx, committee), in.ID)
	return err
}
