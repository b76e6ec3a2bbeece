package recruitment_test

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"asnpro/internal/identity"
	"asnpro/internal/recruitment"
	"asnpro/internal/sqldb"
	"asnpro/internal/sqldb/sqldbtest"
	"asnpro/internal/testkit"
)

// TestFormationListFromMemory: the in-memory list filters like the rules
// say, and stays read-your-writes across two services (two instances) on one
// database — a formation added or an application submitted through one shows
// at once through the other, which already holds a copy.
func TestFormationListFromMemory(t *testing.T) {
	ctx := context.Background()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		start := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
		c := testkit.NewClock(start)
		ids, err := identity.New(db, identity.Config{Now: c.Now, HashSlots: 2})
		if err != nil {
			t.Fatal(err)
		}
		one, two := recruitment.New(db, ids, c.Now), recruitment.New(db, ids, c.Now)
		if err := one.UpsertEducationRefs(ctx, []recruitment.EducationRef{{Code: "S1-TI", Name: "S-1 Teknik Informatika", Level: "S1"},
			{Code: "D3-KEP", Name: "D-III Keperawatan", Level: "D3"}}); err != nil {
			t.Fatal(err)
		}
		p, err := one.CreatePeriod(ctx, recruitment.NewPeriod{Name: "Uji", Kind: recruitment.KindOther, ReferenceDate: "2026-12-01",
			Timeline: recruitment.Timeline{
				AnnounceAt:      start.Add(time.Hour),
				RegOpenAt:       start.Add(2 * time.Hour),
				RegCloseAt:      start.Add(240 * time.Hour),
				AdminAnnounceAt: start.Add(300 * time.Hour),
			}})
		if err != nil {
			t.Fatal(err)
		}
		add := func(s *recruitment.Service, code, position, unit, level, major string) *recruitment.Formation {
			t.Helper()
			var nf recruitment.NewFormation
			nf.Code, nf.Position, nf.Unit, nf.Quota = code, position, unit, 2
			nf.Education.Levels, nf.Education.Majors = []string{level}, []string{major}
			// Nothing required, so the test can submit without uploads.
			nf.Documents = []recruitment.DocumentRule{{Kind: "sertifikat", Formats: []string{"pdf"}, MaxBytes: 800 * recruitment.KB}}
			f, err := s.AddFormation(ctx, p.ID, nf)
			if err != nil {
				t.Fatal(err)
			}
			return f
		}
		add(one, "A-1", "Pranata Komputer", "Diskominfo", "S1", "S1-TI")
		add(one, "A-2", "Perawat", "Dinas Kesehatan", "D3", "D3-KEP")
		codes := func(s *recruitment.Service, f recruitment.FormationFilter) string {
			t.Helper()
			fs, total, err := s.FindFormations(ctx, p.ID, f, true)
			if err != nil {
				t.Fatal(err)
			}
			out := fmt.Sprint(total)
			for _, f := range fs {
				out += fmt.Sprintf(" %s:%d", f.Code, f.Submitted)
			}
			return out
		}
		if got := codes(two, recruitment.FormationFilter{Limit: 50}); got != "2 A-2:0 A-1:0" { // by unit, position, code
			t.Fatalf("two's first read: %s", got)
		}
		// One adds a formation; two, holding a copy, shows it at once.
		nurse := add(one, "A-3", "Perawat", "Dinas Kesehatan", "D3", "D3-KEP")
		if got := codes(two, recruitment.FormationFilter{Limit: 50}); got != "3 A-2:0 A-3:0 A-1:0" {
			t.Fatalf("after one added A-3, two reads %s", got)
		}
		for _, tc := range []struct {
			name string
			f    recruitment.FormationFilter
			want string
		}{
			{"q matches a major's name, any case", recruitment.FormationFilter{Q: "KEPERAWATAN", Limit: 50}, "2 A-2:0 A-3:0"},
			{"q matches the code", recruitment.FormationFilter{Q: "a-1", Limit: 50}, "1 A-1:0"},
			{"unit is exact", recruitment.FormationFilter{Unit: "Dinas Kesehatan", Limit: 50}, "2 A-2:0 A-3:0"},
			{"unit prefix is not a unit", recruitment.FormationFilter{Unit: "Dinas", Limit: 50}, "0"},
			{"level", recruitment.FormationFilter{Level: "S1", Limit: 50}, "1 A-1:0"},
			{"major by code", recruitment.FormationFilter{Major: "D3-KEP", Limit: 50}, "2 A-2:0 A-3:0"},
			{"major by name", recruitment.FormationFilter{Major: "s-1 teknik informatika", Limit: 50}, "1 A-1:0"},
			{"page: total counts every match", recruitment.FormationFilter{Limit: 1, Offset: 1}, "3 A-3:0"},
			{"offset past the end", recruitment.FormationFilter{Limit: 50, Offset: 9}, "3"},
			{"a q that is a LIKE pattern matches literally", recruitment.FormationFilter{Q: "%", Limit: 50}, "0"},
		} {
			if got := codes(two, tc.f); got != tc.want {
				t.Errorf("%s: got %q, want %q", tc.name, got, tc.want)
			}
		}
		// Two holds a copy of the draft period; publishing and an amendment
		// through one show through two at once.
		if _, err := two.FindPeriodByID(ctx, p.ID, false); err != recruitment.ErrPeriodNotFound {
			t.Fatalf("a draft is public: %v", err)
		}
		if _, err := one.PublishPeriod(ctx, p.ID); err != nil {
			t.Fatal(err)
		}
		if got, err := two.FindPeriodByID(ctx, p.ID, false); err != nil || got.PublishedAt == nil {
			t.Fatalf("published through one, two reads %v %v", got, err)
		}
		later := p.RegCloseAt.Add(24 * time.Hour)
		if _, err := one.Amend(ctx, p.ID, recruitment.NewAmendment{Note: "Perpanjangan pendaftaran", Changes: map[string]json.RawMessage{
			"registration_close_at": json.RawMessage(`"` + later.Format(time.RFC3339) + `"`)}}); err != nil {
			t.Fatal(err)
		}
		if got, err := two.FindPeriodByID(ctx, p.ID, false); err != nil || !got.RegCloseAt.Equal(later) {
			t.Fatalf("amended through one, two reads the close %v %v", got.RegCloseAt, err)
		}
		c.Set(start.Add(3 * time.Hour))
		a, err := one.RegisterApplicant(
			ctx,
			recruitment.NewApplicant{NIK: "6271035205980001", Name: "Siti", BirthPlace: "Palangka Raya", BirthDate: "1998-05-12",
				Gender: "F", Email: "siti@example.id", Phone: "081234567890", Password: "rahasia-123"},
			"192.0.2.1",
			"id",
		)
		if err != nil {
			t.Fatal(err)
		}
		app, err := one.CreateApplication(
			ctx,
			a.UserID,
			recruitment.NewApplication{FormationID: itoa(nurse.ID), Education: recruitment.Education{Level: "D3", Major: "D3-KEP"}},
			"id",
		)
		if err != nil {
			t.Fatal(err)
		}
		if got := codes(two, recruitment.FormationFilter{Unit: "Dinas Kesehatan", Limit: 50}); got != "2 A-2:0 A-3:0" {
			t.Fatalf("a draft is not counted: %s", got)
		}
		if _, err := one.SubmitApplication(ctx, a.UserID, app.ID, "id"); err != nil {
			t.Fatal(err)
		}
		if got := codes(two, recruitment.FormationFilter{Unit: "Dinas Kesehatan", Limit: 50}); got != "2 A-2:0 A-3:1" {
			t.Fatalf("the submission must show at once through the other instance: %s", got)
		}
		if units, err := two.Units(ctx, p.ID); err != nil || fmt.Sprint(units) != "[Dinas Kesehatan Diskominfo]" {
			t.Fatalf("units: %v %v", units, err)
		}
	})
}
