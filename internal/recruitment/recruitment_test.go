package recruitment_test

import (
	"context"
	"fmt"
	"strconv"
	"testing"
	"time"

	"asnpro/internal/apperr"
	"asnpro/internal/i18n"
	"asnpro/internal/identity"
	"asnpro/internal/recruitment"
	"asnpro/internal/recruitment/recruitmenttest"
	"asnpro/internal/sqldb"
	"asnpro/internal/sqldb/sqldbtest"
	"asnpro/internal/testkit"
)

func date(s string) time.Time { t, _ := time.Parse(time.DateOnly, s); return t }

func TestCheckEligibility(t *testing.T) {
	ipk300 := 300
	f := &recruitment.Formation{
		Levels: []string{"S1"},
		Majors: []recruitment.Major{{Code: "S1-TI", Name: "S-1 Teknik Informatika"}},
		MinIPK: &ipk300,
		AgeMin: 18,
		AgeMax: 35,
	}
	ref := date("2026-12-12")
	ipk := func(v float64) *float64 { return &v }
	cases := []struct {
		name  string
		ed    recruitment.Education
		birth string
		want  []string // failed requirements
	}{
		{"all fine, major by code", recruitment.Education{Level: "S1", Major: "S1-TI", IPK: ipk(3.5)}, "1998-05-12", nil},
		{"major by name, any case", recruitment.Education{Level: "S1", Major: "s-1 teknik informatika", IPK: ipk(3.5)}, "1998-05-12", nil},
		{"IPK exactly at the minimum", recruitment.Education{Level: "S1", Major: "S1-TI", IPK: ipk(3.00)}, "1998-05-12", nil},
		{"IPK just below", recruitment.Education{Level: "S1", Major: "S1-TI", IPK: ipk(2.99)}, "1998-05-12", []string{"ipk"}},
		{"IPK missing", recruitment.Education{Level: "S1", Major: "S1-TI"}, "1998-05-12", []string{"ipk"}},
		{"IPK 4.00, the highest", recruitment.Education{Level: "S1", Major: "S1-TI", IPK: ipk(4.00)}, "1998-05-12", nil},
		{"IPK above 4.00", recruitment.Education{Level: "S1", Major: "S1-TI", IPK: ipk(4.75)}, "1998-05-12", []string{"ipk"}},
		{"IPK 4.01", recruitment.Education{Level: "S1", Major: "S1-TI", IPK: ipk(4.01)}, "1998-05-12", []string{"ipk"}},
		{"IPK below 0", recruitment.Education{Level: "S1", Major: "S1-TI", IPK: ipk(-0.5)}, "1998-05-12", []string{"ipk"}},
		{"35 on the reference date", recruitment.Education{Level: "S1", Major: "S1-TI", IPK: ipk(3.5)}, "1990-12-13", nil},
		{
			"turns 36 on the reference date",
			recruitment.Education{Level: "S1", Major: "S1-TI", IPK: ipk(3.5)},
			"1990-12-12",
			[]string{"age"},
		},
		{"turns 18 on the reference date", recruitment.Education{Level: "S1", Major: "S1-TI", IPK: ipk(3.5)}, "2008-12-12", nil},
		{"17 on the reference date", recruitment.Education{Level: "S1", Major: "S1-TI", IPK: ipk(3.5)}, "2008-12-13", []string{"age"}},
		{
			"wrong level and major",
			recruitment.Education{Level: "D3", Major: "D3-TI", IPK: ipk(3.5)},
			"1998-05-12",
			[]string{"education", "education"},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, reasons := recruitment.CheckEligibility(f, tc.ed, date(tc.birth), ref, nil)
			if len(reasons) != len(tc.want) {
				t.Fatalf("reasons %+v, want %v", reasons, tc.want)
			}
			for i, r := range reasons {
				if r.Requirement != tc.want[i] || !i18n.Has(r.Msg.Key) {
					t.Fatalf("reason %d: %+v, want %s", i, r, tc.want[i])
				}
			}
		})
	}
	fd := *f
	fd.Category, fd.Proofs = "disabilitas", []string{"jenis_disabilitas"}
	_, reasons := recruitment.CheckEligibility(
		&fd,
		recruitment.Education{Level: "S1", Major: "S1-TI", IPK: ipk(3.5)},
		date("1998-05-12"),
		ref,
		map[string]string{},
	)
	if len(reasons) != 1 || reasons[0].Requirement != "category" {
		t.Fatalf("category without proof: %+v", reasons)
	}
	_, reasons = recruitment.CheckEligibility(
		&fd,
		recruitment.Education{Level: "S1", Major: "S1-TI", IPK: ipk(3.5)},
		date("1998-05-12"),
		ref,
		map[string]string{"jenis_disabilitas": "daksa"},
	)
	if len(reasons) != 0 {
		t.Fatalf("category with proof: %+v", reasons)
	}
}

// TestEligibilityReasonsByKey: each reason is a catalogue key whose numbers
// and dates follow the language (IPK 2,99 in Indonesian, 2.99 in English).
func TestEligibilityReasonsByKey(t *testing.T) {
	ipk300, ipk := 300, 2.99
	f := &recruitment.Formation{Levels: []string{"S1"}, Majors: []recruitment.Major{{Code: "S1-TI", Name: "S-1 Teknik Informatika"}},
		MinIPK: &ipk300, AgeMin: 18, AgeMax: 35}
	_, reasons := recruitment.CheckEligibility(
		f,
		recruitment.Education{Level: "D3", Major: "S1-TI", IPK: &ipk},
		date("1980-05-12"),
		date("2026-12-12"),
		nil,
	)
	want := []struct{ key, id, en string }{
		{
			"recruitment.reason.level",
			"Jenjang D3 tidak diterima formasi ini (diterima: S1)",
			"Level D3 is not accepted by this formation (accepted: S1)",
		},
		{"recruitment.reason.ipk_low", "IPK 2,99 di bawah syarat minimal 3,00", "IPK 2.99 is below the minimum 3.00"},
		{"recruitment.reason.age", "Usia pada tanggal acuan 12-12-2026 adalah 46 tahun; syarat 18–35 tahun",
			"Age on the reference date 2026-12-12 is 46; the requirement is 18–35"},
	}
	if len(reasons) != len(want) {
		t.Fatalf("reasons %+v", reasons)
	}
	for i, w := range want {
		r := reasons[i]
		if r.Msg.Key != w.key || r.Msg.In(i18n.ID) != w.id || r.Msg.In(i18n.EN) != w.en {
			t.Errorf("reason %d: %+v, want %+v", i, r, w)
		}
	}
}

func TestPhaseMovesForward(t *testing.T) {
	at := func(s string) time.Time { v, _ := time.Parse(time.RFC3339, s); return v }
	skd, skb, fin := at("2027-01-02T01:00:00Z"), at("2027-01-17T01:00:00Z"), at("2027-01-27T03:00:00Z")
	pub := at("2026-11-18T01:00:00Z")
	p := &recruitment.Period{TimeZone: "Asia/Jakarta", PublishedAt: &pub, Timeline: recruitment.Timeline{
		AnnounceAt: pub, RegOpenAt: at("2026-11-25T01:00:00Z"), RegCloseAt: at("2026-12-12T16:59:00Z"),
		AdminAnnounceAt: at("2026-12-19T03:00:00Z"),
		AppealDays:      3, SKDAt: &skd, SKBAt: &skb, FinalAt: &fin}}
	steps := []struct{ at, want string }{
		{"2026-11-20T00:00:00Z", "announcement"},
		{"2026-11-25T01:00:00Z", "registration"},
		{"2026-12-12T16:58:59Z", "registration"},
		{"2026-12-12T16:59:00Z", "verification"},
		{"2026-12-19T03:00:00Z", "appeal"},
		{"2026-12-22T16:59:58Z", "appeal"}, // 22 Dec 23:59:58 WIB: the third day
		{"2026-12-22T17:00:00Z", "administration"},
		{"2027-01-02T01:00:00Z", "skd"},
		{"2027-01-17T01:00:00Z", "skb"},
		{"2027-01-27T03:00:00Z", "final"},
	}
	for _, s := range steps {
		if got := p.Phase(at(s.at)); got != s.want {
			t.Errorf("at %s: %s, want %s", s.at, got, s.want)
		}
	}
	p.PublishedAt = nil
	if got := p.Phase(at("2026-12-01T00:00:00Z")); got != "draft" {
		t.Errorf("unpublished: %s", got)
	}
}

// TestNothingChangesAfterTheClose: with an injected clock, every applicant
// write is refused from the closing instant on, and a second before it
// still works.
func TestNothingChangesAfterTheClose(t *testing.T) {
	ctx := context.Background()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		start := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
		closeAt := start.Add(10 * 24 * time.Hour)
		fx := recruitmenttest.New(t, db, recruitmenttest.Options{Start: start, Kind: recruitment.KindOther,
			Timeline: recruitment.Timeline{AnnounceAt: start.Add(time.Hour), RegOpenAt: start.Add(2 * time.Hour), RegCloseAt: closeAt,
				AdminAnnounceAt: closeAt.Add(48 * time.Hour)},
			Documents: []recruitment.DocumentRule{
				{Kind: "ijazah", Formats: []string{"pdf"}, MaxBytes: 800 * recruitment.KB, Required: true},
			}})
		c, s, p, f := fx.Clock, fx.Rec, fx.Period, fx.Formation
		nf := recruitmenttest.NewFormation("F-2", f.Documents)
		c.Set(start.Add(3 * time.Hour))
		// Requirements are frozen once registration has opened.
		if _, err := s.AddFormation(ctx, p.ID, nf); apperr.CodeOf(err) != apperr.FailedPrecondition {
			t.Fatalf("formation after opening: %v", err)
		}
		a := fx.Apply("Siti")
		app := a.App
		c.Set(closeAt.Add(-time.Second))
		if _, err := s.SubmitApplication(ctx, a.UserID, app.ID, "id"); apperr.CodeOf(err) != apperr.Invalid {
			t.Fatalf("submit without the document a second before the close: %v, want invalid", err)
		}
		c.Set(closeAt)
		if _, err := s.SubmitApplication(ctx, a.UserID, app.ID, "id"); err != recruitment.ErrRegistrationClosed {
			t.Fatalf("submit at the close: %v", err)
		}
		if err := s.WithdrawApplication(ctx, a.UserID, app.ID); err != recruitment.ErrRegistrationClosed {
			t.Fatalf("withdraw at the close: %v", err)
		}
		if _, err := s.CreateApplication(ctx, a.UserID, recruitment.NewApplication{FormationID: itoa(f.ID),
			Education: recruitment.Education{Level: "S1", Major: "S1-TI"}}, "id"); err != recruitment.ErrRegistrationClosed {
			t.Fatalf("create at the close: %v", err)
		}
	})
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// TestCreateApplicationRules: who may create an application for which
// formation, in the order the answers take (one who is no applicant is
// refused before the formation is looked at; a draft period's formation is
// not found), and the registration number: the registration year, the
// period id in three digits and the application id in seven.
func TestCreateApplicationRules(t *testing.T) {
	ctx := context.Background()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		start := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
		c := testkit.NewClock(start)
		ids, err := identity.New(db, identity.Config{Now: c.Now, HashSlots: 2})
		if err != nil {
			t.Fatal(err)
		}
		s := recruitment.New(db, ids, c.Now)
		if err := s.UpsertEducationRefs(ctx, []recruitment.EducationRef{{Code: "S1-TI", Name: "S-1 Teknik Informatika",
			Level: "S1"}}); err != nil {
			t.Fatal(err)
		}
		closeAt := start.Add(10 * 24 * time.Hour)
		period := func(name string, publish bool) (*recruitment.Period, *recruitment.Formation) {
			p, err := s.CreatePeriod(ctx, recruitment.NewPeriod{Name: name, Kind: recruitment.KindOther, ReferenceDate: "2026-12-01",
				Timeline: recruitment.Timeline{
					AnnounceAt:      start.Add(time.Hour),
					RegOpenAt:       start.Add(2 * time.Hour),
					RegCloseAt:      closeAt,
					AdminAnnounceAt: closeAt.Add(48 * time.Hour),
				}})
			if err != nil {
				t.Fatal(err)
			}
			var nf recruitment.NewFormation
			nf.Code, nf.Position, nf.Unit, nf.Quota = "F-1", "Pranata Komputer", "Diskominfo", 1
			nf.Education.Levels, nf.Education.Majors = []string{"S1"}, []string{"S1-TI"}
			nf.Documents = []recruitment.DocumentRule{
				{Kind: "ijazah", Formats: []string{"pdf"}, MaxBytes: 800 * recruitment.KB, Required: true},
			}
			f, err := s.AddFormation(ctx, p.ID, nf)
			if err != nil {
				t.Fatal(err)
			}
			if publish {
				if p, err = s.PublishPeriod(ctx, p.ID); err != nil {
					t.Fatal(err)
				}
			}
			return p, f
		}
		open, f := period("Uji", true)
		_, draft := period("Uji draf", false)
		c.Set(start.Add(3 * time.Hour))
		a, err := s.RegisterApplicant(
			ctx,
			recruitment.NewApplicant{NIK: "6271035205980001", Name: "Siti", BirthPlace: "Palangka Raya", BirthDate: "1998-05-12",
				Gender: "F", Email: "siti@example.id", Phone: "081234567890", Password: "rahasia-panjang-123"},
			"192.0.2.1",
			"id",
		)
		if err != nil {
			t.Fatal(err)
		}
		staff, err := ids.AddUser(
			ctx,
			identity.NewUser{
				Username: "panitia-uji",
				Name:     "Panitia",
				Roles:    []identity.Role{identity.Committee},
				Password: "rahasia-panjang-456",
			},
		)
		if err != nil {
			t.Fatal(err)
		}
		good := recruitment.Education{Level: "S1", Major: "S1-TI"}
		for _, tc := range []struct {
			name      string
			user      int64
			formation string
			edu       recruitment.Education
			want      apperr.Code
		}{
			{"not an applicant, no such formation", staff.ID, "999999", good, apperr.Forbidden},
			{"not an applicant", staff.ID, itoa(f.ID), good, apperr.Forbidden},
			{"not a formation id", a.UserID, "x", good, apperr.Invalid},
			{"no such formation", a.UserID, "999999", good, apperr.NotFound},
			{"a draft period's formation", a.UserID, itoa(draft.ID), good, apperr.NotFound},
			{"not eligible", a.UserID, itoa(f.ID), recruitment.Education{Level: "D3", Major: "S1-TI"}, apperr.Invalid},
		} {
			if _, err := s.CreateApplication(ctx, tc.user, recruitment.NewApplication{FormationID: tc.formation, Education: tc.edu},
				"id"); apperr.CodeOf(
				err,
			) != tc.want {
				t.Errorf("%s: %v, want %s", tc.name, err, tc.want)
			}
		}
		app, err := s.CreateApplication(ctx, a.UserID, recruitment.NewApplication{FormationID: itoa(f.ID), Education: good}, "id")
		if err != nil {
			t.Fatal(err)
		}
		want := fmt.Sprintf("%d%03d%07d", open.RegOpenAt.In(open.Location()).Year(), open.ID%1000, app.ID)
		if app.RegistrationNumber != want {
			t.Errorf("registration number %q, want %q", app.RegistrationNumber, want)
		}
		var stored string
		if err := db.R.QueryRow(`SELECT registration_number FROM applications WHERE id = $1`, app.ID).Scan(&stored); err != nil ||
			stored != want {
			t.Errorf("stored registration number %q (%v), want %q", stored, err, want)
		}
		if _, err := s.CreateApplication(ctx, a.UserID, recruitment.NewApplication{FormationID: itoa(f.ID), Education: good},
			"id"); err != recruitment.ErrSecondApplication {
			t.Errorf("second application: %v, want ErrSecondApplication", err)
		}
	})
}
