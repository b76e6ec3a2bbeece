package identity_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"asnpro/internal/identity"
	"asnpro/internal/sqldb"
	"asnpro/internal/sqldb/sqldbtest"
	"asnpro/internal/testkit"
)

// TestSomeoneCanAlwaysManageUsers: an admin may not disable themselves,
// and the last enabled admin keeps the admin role and stays enabled; each
// refusal changes nothing and records nothing. With a second admin, the
// same changes are allowed.
func TestSomeoneCanAlwaysManageUsers(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		c := testkit.NewClock(time.Date(2026, 11, 28, 1, 0, 0, 0, time.UTC))
		s := newService(t, db, c)
		admin := mustAdd(t, s, "admin", identity.Admin)
		mustAdd(t, s, "budi", identity.Committee)
		asAdmin := identity.WithPrincipal(context.Background(), &identity.Principal{UserID: admin.ID, Username: "admin",
			Roles: []identity.Role{identity.Admin}})
		for _, tc := range []struct {
			name string
			run  func() error
			want error
		}{
			{"disable oneself", func() error { return s.DisableUser(asAdmin, "admin") }, identity.ErrDisableSelf},
			{"disable the last admin (command line)", func() error { return s.DisableUser(context.Background(), "ADMIN") },
				identity.ErrLastAdmin},
			{"the last admin drops admin", func() error { return s.SetRoles(asAdmin, "admin", []identity.Role{identity.Committee}) },
				identity.ErrLastAdmin},
		} {
			if err := tc.run(); !errors.Is(err, tc.want) {
				t.Errorf("%s: %v, want %v", tc.name, err, tc.want)
			}
		}
		if u, err := s.FindUserByUsername(asAdmin, "admin"); err != nil || u.Disabled || !u.HasRole(identity.Admin) {
			t.Fatalf("admin after refusals: %+v %v", u, err)
		}
		for _, action := range []string{"user.disable", "user.roles"} {
			if n := testkit.CountAudit(t, db, action); n != 0 {
				t.Fatalf("%s events after refusals: %d", action, n)
			}
		}
		// Another admin: the first may now lose the role, and be disabled by the second.
		if err := s.SetRoles(asAdmin, "budi", []identity.Role{identity.Admin, identity.Committee}); err != nil {
			t.Fatal(err)
		}
		if err := s.SetRoles(asAdmin, "admin", []identity.Role{identity.Auditor}); err != nil {
			t.Fatalf("drop admin with another admin: %v", err)
		}
		if err := s.SetRoles(asAdmin, "budi", []identity.Role{identity.Committee}); !errors.Is(err, identity.ErrLastAdmin) {
			t.Fatalf("budi is now the last admin: %v", err)
		}
		if err := s.SetRoles(asAdmin, "admin", []identity.Role{identity.Admin}); err != nil {
			t.Fatal(err)
		}
		if err := s.DisableUser(asAdmin, "budi"); err != nil {
			t.Fatalf("disable another admin: %v", err)
		}
	})
}

// TestFindUsers: the search matches part of the username, name or e-mail
// in any case, takes % and _ literally, and the role filter keeps the
// holders of a role; the total counts every match, not the page.
func TestFindUsers(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		s := newService(t, db, testkit.NewClock(time.Date(2026, 11, 28, 1, 0, 0, 0, time.UTC)))
		for _, n := range []identity.NewUser{
			{Username: "dedi.verif", Name: "Dedi Verifikator", Roles: []identity.Role{identity.Verifier}},
			{Username: "rina", Name: "Rina Panitia", Email: "rina@palangkaraya.go.id", Roles: []identity.Role{identity.Committee}},
			{Username: "sari_100", Name: "Sari 100%", Roles: []identity.Role{identity.Committee, identity.Verifier}},
		} {
			n.Password = "rahasia-123"
			if _, err := s.AddUser(ctx, n); err != nil {
				t.Fatal(err)
			}
		}
		for _, tc := range []struct {
			f     identity.UserFilter
			want  string
			total int
		}{
			{identity.UserFilter{}, "dedi.verif,rina,sari_100", 3},
			{identity.UserFilter{Q: "VERIF"}, "dedi.verif", 1},
			{identity.UserFilter{Q: "panitia"}, "rina", 1},
			{identity.UserFilter{Q: "@PALANGKARAYA"}, "rina", 1},
			{identity.UserFilter{Q: "%"}, "sari_100", 1},
			{identity.UserFilter{Q: "i_1"}, "sari_100", 1},
			{identity.UserFilter{Q: "a_i"}, "", 0},
			{identity.UserFilter{Role: identity.Verifier}, "dedi.verif,sari_100", 2},
			{identity.UserFilter{Role: identity.Committee, Q: "sari"}, "sari_100", 1},
			{identity.UserFilter{Role: identity.Admin}, "", 0},
			{identity.UserFilter{Role: identity.Verifier, Limit: 1, Offset: 1}, "sari_100", 2},
		} {
			if tc.f.Limit == 0 {
				tc.f.Limit = 50
			}
			us, total, err := s.FindUsers(ctx, tc.f)
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, u := range us {
				names = append(names, u.Username)
			}
			if got := strings.Join(names, ","); got != tc.want || total != tc.total {
				t.Errorf("%+v: %q (%d), want %q (%d)", tc.f, got, total, tc.want, tc.total)
			}
		}
	})
}
