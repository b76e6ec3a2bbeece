package app

import (
	"context"
	"strings"
	"time"

	"asnpro/internal/exam"
	"asnpro/internal/identity"
)

// seedDemoExam: panitia made a practice bank holding the item template's
// examples (one TWK, one TIU, one TKP item) and the SKD 2024 blueprint,
// through the exam service.
func seedDemoExam(ctx context.Context, d *demoEnv) error {
	p, err := d.staff(ctx, "panitia", identity.Committee)
	if err != nil {
		return err
	}
	ctx = acting(ctx, p)
	s := exam.New(d.db, func() time.Time { return d.now })
	b, err := s.CreateBank(ctx, exam.NewBank{Name: "Latihan SKD", Purpose: exam.PurposePractice})
	if err != nil {
		return err
	}
	header, rows, err := exam.ReadItemFile(strings.NewReader(exam.ItemTemplate), "templat-soal.csv")
	if err != nil {
		return err
	}
	if _, err := s.ImportItems(ctx, b.ID, header, rows); err != nil {
		return err
	}
	_, err = s.CreateBlueprint(ctx, exam.SKD2024())
	return err
}
