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
