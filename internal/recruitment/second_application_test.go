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
