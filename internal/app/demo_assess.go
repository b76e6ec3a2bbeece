package app

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strconv"
	"time"

	"asnpro/internal/assess"
	"asnpro/internal/audit"
	"asnpro/internal/identity"
	"asnpro/internal/recruitment"
	"asnpro/internal/sqldb"
	"asnpro/internal/verification"
)

// seedDemoAssessor adds, in tx, a second assessor (penguji2, Hendra
// Penguji) who signed last year's period's pact: an assessment needs two
// assessors per candidate.
func seedDemoAssessor(ctx context.Context, tx *sqldb.Tx, d *demoEnv) error {
	u, err := d.ids.InsertUser(ctx, tx, identity.NewUser{Username: "penguji2", Name: "Hendra Penguji",
		Roles: []identity.Role{identity.Assessor}, Demo: true}, d.passwordHash)
	if err != nil {
		return err
	}
	past, err := pastPeriod(ctx, d)
	if err != nil {
		return err
	}
	text, _ := verification.PactText(past.Name)
	sum := sha256.Sum256([]byte(text))
	now := sqldb.Now(d.now)
	if _, err := tx.ExecContext(ctx, `INSERT INTO integrity_pacts (period_id, user_id, roles, text_sha256, no_conflict, signed_at)
VALUES ($1, $2, 'assessor', $3, TRUE, $4)`, past.ID, u.ID, hex.EncodeToString(sum[:]), now); err != nil {
		return sqldb.Translate(err, "demo pact")
	}
	return audit.Record(ctx, tx, audit.Event{At: now, Action: "pact.sign", ObjectType: "period", ObjectID: strconv.FormatInt(past.ID, 10),
		Data: map[string]any{"user": strconv.FormatInt(u.ID, 10), "roles": []string{"assessor"}, "text_sha256": hex.EncodeToString(sum[:]),
			"no_conflict": true, "demo": true}})
}

// pastPeriod is the demo's closed period (last year's).
func pastPeriod(ctx context.Context, d *demoEnv) (*recruitment.Period, error) {
	periods, err := d.rec.FindPeriods(ctx, true)
	if err != nil {
		return nil, err
	}
	slices.SortFunc(periods, func(a, b *recruitment.Period) int { return a.RegOpenAt.Compare(b.RegOpenAt) })
	return periods[0], nil
}

// seedDemoAssessment tells last year's practical test (the SKB's
// additional test): panitia defined it and drew its assessors (penguji and
// penguji2 for each MS applicant); penguji scored Agus Santoso. A written
// paper, marked under codes, was drawn before it.
func seedDemoAssessment(ctx context.Context, d *demoEnv) error {
	past, err := pastPeriod(ctx, d)
	if err != nil {
		return err
	}
	committee, err := d.staff(ctx, "panitia", identity.Committee)
	if err != nil {
		return err
	}
	svc := assess.New(d.db, assess.Deps{Now: func() time.Time { return d.now }, Qualified: assess.QualifiedFunc(qualifiedIDs(d.ver))})
	// Written work, marked under codes; defined first, so that the
	// practical test is the newest.
	paperAnchors := [assess.Levels]string{"Tidak menjawab pertanyaan", "Menjawab sebagian tanpa dasar", "Menjawab dengan dasar yang lemah",
		"Menjawab runtut dengan dasar yang tepat", "Menjawab runtut, berdasar, dengan gagasan baru yang dapat dijalankan"}
	paper, err := svc.CreateInstrument(acting(ctx, committee), past.ID, assess.NewInstrument{Kind: assess.KindPaper,
		Name: "Tulisan: usulan perbaikan layanan", Assessors: 2, Dimensions: []assess.Dimension{
			{Name: "Analisis masalah", Minimum: 2, Anchors: paperAnchors}, {Name: "Kelayakan usulan", Anchors: paperAnchors}}})
	if err != nil {
		return err
	}
	if _, err := svc.Assign(acting(ctx, committee), paper.ID); err != nil {
		return err
	}
	anchors := [assess.Levels]string{"Tidak dapat menyelesaikan tugas", "Menyelesaikan sebagian dengan banyak kesalahan",
		"Menyelesaikan dengan beberapa kesalahan", "Menyelesaikan dengan benar", "Menyelesaikan dengan benar, rapi dan cepat"}
	in, err := svc.CreateInstrument(acting(ctx, committee), past.ID, assess.NewInstrument{Kind: assess.KindPractical,
		Name: "Tes praktik kerja", Assessors: 2, Dimensions: []assess.Dimension{
			{Name: "Ketepatan hasil", Minimum: 2, Anchors: anchors}, {Name: "Prosedur dan keselamatan kerja", Anchors: anchors}}})
	if err != nil {
		return err
	}
	if _, err := svc.Assign(acting(ctx, committee), in.ID); err != nil {
		return err
	}
	assessor, err := d.staff(ctx, "penguji", identity.Assessor)
	if err != nil {
		return err
	}
	list, err := svc.FindAssigned(ctx, assessor.UserID)
	if err != nil || len(list) == 0 {
		return err
	}
	return svc.Submit(acting(ctx, assessor), assessor.UserID, in.ID, list[0].ApplicationID, []int{4, 3})
}
