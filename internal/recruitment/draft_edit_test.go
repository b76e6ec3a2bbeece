package recruitment_test

import (
	"context"
	"testing"
	"time"

	"asnpro/internal/apperr"
	"asnpro/internal/recruitment"
	"asnpro/internal/recruitment/recruitmenttest"
	"asnpro/internal/sqldb"
	"asnpro/internal/sqldb/sqldbtest"
	"asnpro/internal/testkit"
)

// TestDraftEdits: a draft period and its formations are edited in place
// (each edit recorded), judged by the rules of new ones; once published,
// every edit is refused (amendments take over) and nothing changes.
func TestDraftEdits(t *testing.T) {
	ctx := context.Background()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		fx := recruitmenttest.New(t, db, recruitmenttest.Options{Draft: true})
		s, p, f := fx.Rec, fx.Period, fx.Formation
		np := recruitment.NewPeriod{Name: "Seleksi Uji 2026 (ubah)", Kind: recruitment.KindPPPK, ReferenceDate: "2026-12-30",
			Timeline: p.Timeline}
		np.Timeline.SKDAt = new(p.AdminAnnounceAt.Add(30 * 24 * time.Hour))

		bad := np
		bad.Timeline.RegCloseAt = p.RegOpenAt.Add(-time.Minute)
		if _, err := s.UpdatePeriod(ctx, p.ID, bad); apperr.CodeOf(err) != apperr.Invalid ||
			apperr.As(err).FieldMsgs["timeline.registration_close_at"].Key != "recruitment.period.after" {
			t.Fatalf("a close before the opening: %v", err)
		}
		got, err := s.UpdatePeriod(ctx, p.ID, np)
		if err != nil || got.Name != np.Name || got.Kind != recruitment.KindPPPK || got.SKDAt == nil || !got.SKDAt.Equal(*np.Timeline.SKDAt) {
			t.Fatalf("update period: %v %+v", err, got)
		}
		if n := testkit.CountAudit(t, db, "period.update"); n != 1 {
			t.Fatalf("%d period.update events", n)
		}

		nf := recruitmenttest.NewFormation("UJI-002", nil)
		if _, err := s.AddFormation(ctx, p.ID, nf); err != nil {
			t.Fatal(err)
		}
		edit := recruitmenttest.NewFormation("UJI-001", nil)
		edit.Position, edit.Quota, edit.Education.Levels = "Pranata Komputer Ahli Muda", 4, []string{"S1", "S2"}
		taken := edit
		taken.Code = "UJI-002"
		if _, err := s.UpdateFormation(ctx, f.ID, taken); apperr.CodeOf(err) != apperr.Conflict {
			t.Fatalf("a code taken: %v", err)
		}
		unknown := edit
		unknown.Education.Majors = []string{"S9-XX"}
		if _, err := s.UpdateFormation(ctx, f.ID, unknown); apperr.As(err).FieldMsgs["education.majors"].Key != "recruitment.education.unknown" {
			t.Fatalf("an unknown major: %v", err)
		}
		ff, err := s.UpdateFormation(ctx, f.ID, edit)
		if err != nil || ff.Position != edit.Position || ff.Quota != 4 || len(ff.Levels) != 2 || len(ff.Majors) != 1 {
			t.Fatalf("update formation: %v %+v", err, ff)
		}
		if n := testkit.CountAudit(t, db, "formation.update"); n != 1 {
			t.Fatalf("%d formation.update events", n)
		}

		if _, err := s.PublishPeriod(ctx, p.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.UpdatePeriod(ctx, p.ID, np); err != recruitment.ErrPublished {
			t.Fatalf("update a published period: %v", err)
		}
		edit.Quota = 9
		if _, err := s.UpdateFormation(ctx, f.ID, edit); err != recruitment.ErrPublished {
			t.Fatalf("update a published formation: %v", err)
		}
		if now, _ := s.FindFormationByID(ctx, f.ID, true); now.Quota != 4 {
			t.Fatalf("quota %d after a refused update", now.Quota)
		}
	})
}
