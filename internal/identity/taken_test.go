package identity_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"asnpro/internal/identity"
	"asnpro/internal/sqldb"
	"asnpro/internal/sqldb/sqldbtest"
	"asnpro/internal/testkit"
)

// TestTakenLogins: usernames and e-mails of existing accounts are found
// whatever their case, across more keys than one query takes; others are
// not.
func TestTakenLogins(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s := newService(t, db, testkit.NewClock(time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)))
		if _, err := s.AddUser(ctx, identity.NewUser{Username: "Ketua", Name: "Ketua Panitia", Email: "Ketua@Example.id",
			Roles: []identity.Role{identity.Committee}, Password: "Kata-sandi-panjang-2026"}); err != nil {
			t.Fatal(err)
		}
		names, emails := []string{"KETUA"}, []string{"ketua@example.ID"}
		for i := 0; i < 600; i++ {
			names, emails = append(names, fmt.Sprintf("orang%d", i)), append(emails, fmt.Sprintf("orang%d@example.id", i))
		}
		var users, mails map[string]bool
		err := db.Write(ctx, func(tx *sqldb.Tx) error {
			var err error
			users, mails, err = s.TakenLogins(ctx, tx, names, emails)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if len(users) != 1 || !users["ketua"] || len(mails) != 1 || !mails["ketua@example.id"] {
			t.Fatalf("users %v, e-mails %v", users, mails)
		}
	})
}
