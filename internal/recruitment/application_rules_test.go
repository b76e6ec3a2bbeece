package recruitment_test

import (
	"errors"
	"strconv"
	"strings"
	"testing"

	"asnpro/internal/apperr"
	"asnpro/internal/i18n"
	"asnpro/internal/recruitment"
	"asnpro/internal/recruitment/recruitmenttest"
	"asnpro/internal/sqldb"
	"asnpro/internal/sqldb/sqldbtest"
)

// TestSecondApplicationFitsTheState: a second application in a period is
// refused (409) with words that fit the first one: a draft may be
// withdrawn to choose another formation, a submitted one may not.
func TestSecondApplicationFitsTheState(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		fx := recruitmenttest.New(t, db, recruitmenttest.Options{})
		ipk := 3.4
		again := recruitment.NewApplication{FormationID: strconv.FormatInt(fx.Formation.ID, 10),
			Education: recruitment.Education{Level: "S1", Major: "S1-TI", IPK: &ipk}}
		for _, c := range []struct {
			name     string
			who      *recruitmenttest.Applicant
			want     error
			say, not string
		}{
			{"draft", fx.Apply("Budi Santoso"), recruitment.ErrSecondApplication, "withdraw the draft", "already applied"},
			{"submitted", fx.Submit("Siti Aminah"), recruitment.ErrAlreadyApplied, "already applied", "withdraw"},
		} {
			_, err := fx.Rec.CreateApplication(t.Context(), c.who.UserID, again, "en")
			if !errors.Is(err, c.want) {
				t.Fatalf("%s: %v, want %v", c.name, err, c.want)
			}
			if msg := apperr.As(err).Localized(i18n.EN); !strings.Contains(msg, c.say) || strings.Contains(msg, c.not) {
				t.Errorf("%s: %q should say %q, not %q", c.name, msg, c.say, c.not)
			}
			if msg := apperr.As(err).Localized(i18n.ID); c.name == "submitted" && strings.Contains(msg, "draf") {
				t.Errorf("%s: %q speaks of a draft", c.name, msg)
			}
		}
	})
}

// TestDocumentMessagesNameDocuments: refusals that list documents name
// them in the reader's language, never by their stored codes.
func TestDocumentMessagesNameDocuments(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		fx := recruitmenttest.New(t, db, recruitmenttest.Options{Documents: []recruitment.DocumentRule{
			recruitment.DocumentPresets["pas_foto"], recruitment.DocumentPresets["ktp"]}})
		a := fx.Apply("Budi Santoso")
		_, err := fx.Rec.SubmitApplication(t.Context(), a.UserID, a.App.ID, "id")
		_, err2 := fx.Rec.PutDocument(t.Context(), a.UserID, a.App.ID, "transkrip", strings.NewReader("x"), "t.pdf")
		for _, c := range []struct {
			name string
			err  error
			lang string
			want []string
		}{
			{"submit", err, i18n.ID, []string{"Pas foto, KTP"}},
			{"submit", err, i18n.EN, []string{"Passport photo, Identity card (KTP)"}},
			{"not asked", err2, i18n.ID, []string{"Transkrip nilai", "Pas foto, KTP"}},
			{"not asked", err2, i18n.EN, []string{"Academic transcript", "Passport photo, Identity card (KTP)"}},
		} {
			ae := apperr.As(c.err)
			if ae == nil {
				t.Fatalf("%s: %v", c.name, c.err)
			}
			msg := ae.Localized(c.lang)
			for _, w := range c.want {
				if !strings.Contains(msg, w) {
					t.Errorf("%s/%s: %q lacks %q", c.name, c.lang, msg, w)
				}
			}
			if strings.Contains(msg, "pas_foto") || strings.Contains(msg, "ktp") || strings.Contains(msg, "transkrip") {
				t.Errorf("%s/%s: %q shows document codes", c.name, c.lang, msg)
			}
		}
	})
}

// TestIPKRange: an IPK is 0.00–4.00 (for SMA an average of 0–100); outside
// it, choosing a formation is refused with the reason beside the IPK, in
// both languages, whether or not the formation asks for a minimum.
func TestIPKRange(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		fx := recruitmenttest.New(t, db, recruitmenttest.Options{})
		for i, c := range []struct {
			ipk    float64
			ok     bool
			id, en string
		}{
			{4.75, false, "IPK harus antara 0,00 dan 4,00 (tertulis 4,75)", "The IPK must be between 0.00 and 4.00 (4.75 was entered)"},
			{4.01, false, "IPK harus antara 0,00 dan 4,00 (tertulis 4,01)", "The IPK must be between 0.00 and 4.00 (4.01 was entered)"},
			{-0.5, false, "IPK harus antara 0,00 dan 4,00 (tertulis -0,50)", "The IPK must be between 0.00 and 4.00 (-0.50 was entered)"},
			{4.00, true, "", ""},
			{0, true, "", ""},
		} {
			a, err := fx.Rec.RegisterApplicant(t.Context(), recruitment.NewApplicant{NIK: "62710312059855" + strconv.Itoa(10+i),
				Name: "Budi Santoso", BirthPlace: "Palangka Raya", BirthDate: "1998-05-12", Gender: "M",
				Email: "ipk" + strconv.Itoa(i) + "@example.id", Phone: "081234567890", Password: "rahasia-123"}, "test", "id")
			if err != nil {
				t.Fatal(err)
			}
			ipk := c.ipk
			_, err = fx.Rec.CreateApplication(t.Context(), a.UserID, recruitment.NewApplication{
				FormationID: strconv.FormatInt(fx.Formation.ID, 10),
				Education:   recruitment.Education{Level: "S1", Major: "S1-TI", IPK: &ipk}}, "id")
			if c.ok {
				if err != nil {
					t.Errorf("IPK %v: %v", c.ipk, err)
				}
				continue
			}
			ae := apperr.As(err)
			if ae == nil || ae.Code != apperr.Invalid {
				t.Fatalf("IPK %v: %v, want invalid", c.ipk, err)
			}
			if got := ae.LocalizedFields(i18n.ID)["ipk"]; got != c.id {
				t.Errorf("IPK %v (id): %q, want %q", c.ipk, got, c.id)
			}
			if got := ae.LocalizedFields(i18n.EN)["ipk"]; got != c.en {
				t.Errorf("IPK %v (en): %q, want %q", c.ipk, got, c.en)
			}
		}
	})
	if recruitment.IPKMax("S1") != 4 || recruitment.IPKMax("D3") != 4 || recruitment.IPKMax("SMA") != 100 {
		t.Errorf("IPKMax: S1 %v, D3 %v, SMA %v", recruitment.IPKMax("S1"), recruitment.IPKMax("D3"), recruitment.IPKMax("SMA"))
	}
}
