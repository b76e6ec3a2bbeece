package verification_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"asnpro/internal/apperr"
	"asnpro/internal/recruitment"
	"asnpro/internal/sqldb"
	"asnpro/internal/sqldb/sqldbtest"
	"asnpro/internal/verification"
)

// TestLookupApplicantRules: the helpdesk lookup needs a reason and the pact
// of the period the applicant applied in (a running period's pact when they
// have not applied), refuses a member with a declared conflict, and records
// who looked at whom and why.
func TestLookupApplicantRules(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		// A second running period, whose pact "ketua" signs (and not the first's).
		now := f.clock.Now()
		p2, err := f.rec.CreatePeriod(ctx,
			recruitment.NewPeriod{Name: "Seleksi PPPK Uji 2026", Kind: recruitment.KindPPPK, ReferenceDate: "2026-12-31",
				Timeline: recruitment.Timeline{AnnounceAt: now.Add(-48 * time.Hour), RegOpenAt: now.Add(-24 * time.Hour),
					RegCloseAt:      now.Add(10 * 24 * time.Hour),
					AdminAnnounceAt: now.Add(15 * 24 * time.Hour), AppealDays: 3}})
		if err != nil {
			t.Fatal(err)
		}
		nf := recruitment.NewFormation{Code: "UJI-101", Position: "Perawat", Unit: "RSUD", Quota: 1,
			Documents: []recruitment.DocumentRule{{Kind: "ijazah", Formats: []string{"pdf"}, MaxBytes: 100 * 1024, Required: true}}}
		nf.Education.Levels, nf.Education.Majors = []string{"S1"}, []string{"S1-TI"}
		if _, err := f.rec.AddFormation(ctx, p2.ID, nf); err != nil {
			t.Fatal(err)
		}
		if _, err := f.rec.PublishPeriod(ctx, p2.ID); err != nil {
			t.Fatal(err)
		}
		kctx, ketua := f.as("ketua", "committee")
		if _, err := f.svc.SignPact(kctx, ketua, p2.ID, true); err != nil {
			t.Fatal(err)
		}
		f.sign("anggota", "committee")
		actx, anggota := f.as("anggota", "committee")
		_, noPact := f.as("panver", "committee")

		a := f.submit("Siti Aminah") // applied in the first period
		nik := a.p.Username
		const why = "Pelamar datang ke loket, lupa akses e-mail"

		_, err = f.svc.LookupApplicant(actx, anggota, nik, "  ")
		wantCode(t, "no reason", err, apperr.Invalid)
		if apperr.As(err).LocalizedFields("id")["reason"] == "" {
			t.Fatalf("no reason: %v, want a message on reason", err)
		}
		_, err = f.svc.LookupApplicant(actx, anggota, nik, "a\u202Eb")
		wantCode(t, "hidden characters in the reason", err, apperr.Invalid)
		_, err = f.svc.LookupApplicant(actx, noPact, nik, why)
		wantCode(t, "no pact at all", err, apperr.Forbidden)
		_, err = f.svc.LookupApplicant(kctx, ketua, nik, why)
		wantCode(t, "pact of another period than the application's", err, apperr.Forbidden)
		if n := lookups(t, db); n != 0 {
			t.Fatalf("%d lookups recorded by refusals", n)
		}

		got, err := f.svc.LookupApplicant(actx, anggota, nik, why)
		if err != nil || got == nil || got.NIK != nik || got.Name != "Siti Aminah" {
			t.Fatalf("with the pact of the application's period: %+v, %v", got, err)
		}
		var actor, objType, objID, data string
		if err := db.R.QueryRowContext(ctx,
			`SELECT actor, object_type, object_id, data FROM audit_events
  WHERE action = 'applicant.lookup'`).Scan(&actor, &objType, &objID, &data); err != nil {
			t.Fatal(err)
		}
		if actor != anggota.IDString() || objType != "applicant" || objID != strconv.FormatInt(got.ID, 10) || data == "" ||
			!strings.Contains(data, "lupa akses e-mail") {
			t.Fatalf("event: actor %s %s/%s %s", actor, objType, objID, data)
		}

		// Someone who has not applied: any running period's pact will do.
		ap, err := f.rec.RegisterApplicant(
			ctx,
			recruitment.NewApplicant{
				NIK:        "6271031205980999",
				Name:       "Budi",
				BirthPlace: "Palangka Raya",
				BirthDate:  "1998-05-12",
				Gender:     "M",
				Email:      "budi999@example.id",
				Phone:      "081234567890",
				Password:   "kopi-tubruk-pagi",
			},
			"test",
			"id",
		)
		if err != nil {
			t.Fatal(err)
		}
		if got, err := f.svc.LookupApplicant(kctx, ketua, ap.NIK, why); err != nil || got == nil || got.ID != ap.ID {
			t.Fatalf("not applied, pact of a running period: %+v, %v", got, err)
		}
		// An unknown NIK: nothing, but the lookup is recorded.
		if got, err := f.svc.LookupApplicant(kctx, ketua, "6271031205980998", why); err != nil || got != nil {
			t.Fatalf("unknown NIK: %+v, %v", got, err)
		}
		if n := lookups(t, db); n != 3 {
			t.Fatalf("%d lookups recorded, want 3", n)
		}

		// Free text with hidden characters is refused on its field.
		_, err = f.svc.DeclareConflict(actx, anggota, f.period.ID,
			verification.NewConflict{ApplicationID: a.appID, Kind: "other", Note: "Tetangga \u202Eayas"})
		wantCode(t, "RTL override in a conflict note", err, apperr.Invalid)
		if apperr.As(err).FieldMsgs["note"].Key == "" {
			t.Fatalf("RTL override in a conflict note: %v, want a message on note", err)
		}
		// A declared conflict removes the declarer.
		if _, err := f.svc.DeclareConflict(actx, anggota, f.period.ID,
			verification.NewConflict{ApplicationID: a.appID, Kind: "family", Note: "Sepupu saya sendiri"}); err != nil {
			t.Fatal(err)
		}
		_, err = f.svc.LookupApplicant(actx, anggota, nik, why)
		wantCode(t, "after a declared conflict", err, apperr.Forbidden)
	})
}

func lookups(t *testing.T, db *sqldb.DB) int {
	t.Helper()
	var n int
	if err := db.R.QueryRow(`SELECT count(*) FROM audit_events WHERE action = 'applicant.lookup'`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
