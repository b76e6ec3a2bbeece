package identity_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"asnpro/internal/apperr"
	"asnpro/internal/identity"
	"asnpro/internal/sqldb"
	"asnpro/internal/sqldb/sqldbtest"
	"asnpro/internal/testkit"
)

func newService(t *testing.T, db *sqldb.DB, c *testkit.Clock) *identity.Service {
	t.Helper()
	s, err := identity.New(db, identity.Config{Now: c.Now, HashSlots: 2})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func mustAdd(t *testing.T, s *identity.Service, username string, roles ...identity.Role) *identity.User {
	t.Helper()
	u, err := s.AddUser(
		context.Background(),
		identity.NewUser{Username: username, Name: "Nama " + username, Roles: roles, Password: "rahasia-123"},
	)
	if err != nil {
		t.Fatalf("add %s: %v", username, err)
	}
	return u
}

func code(err error) apperr.Code {
	if err == nil {
		return ""
	}
	return apperr.CodeOf(err)
}

func TestWrongPasswordAndUnknownUserLookAlike(t *testing.T) {
	ctx := context.Background()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		c := testkit.NewClock(time.Date(2026, 11, 28, 1, 0, 0, 0, time.UTC))
		s := newService(t, db, c)
		mustAdd(t, s, "budi", identity.Committee)
		before := s.Hasher().Stats().Hashes
		_, errWrong := s.Login(ctx, "budi", "salah-sekali", "10.0.0.1", identity.KindToken)
		mid := s.Hasher().Stats().Hashes
		_, errUnknown := s.Login(ctx, "tidak-ada", "salah-sekali", "10.0.0.1", identity.KindToken)
		after := s.Hasher().Stats().Hashes
		if code(errWrong) != apperr.Unauthenticated || code(errUnknown) != apperr.Unauthenticated {
			t.Fatalf("codes %v / %v, want unauthenticated for both", code(errWrong), code(errUnknown))
		}
		if errWrong.Error() != errUnknown.Error() {
			t.Fatalf("messages differ: %q vs %q", errWrong, errUnknown)
		}
		// The same work either way: exactly one argon2id hash per attempt.
		if mid-before != 1 || after-mid != 1 {
			t.Fatalf("hashes per attempt: existing %d, unknown %d; want 1 and 1", mid-before, after-mid)
		}
		if n := testkit.CountAudit(t, db, "login.fail"); n != 2 {
			t.Fatalf("login.fail events = %d, want 2", n)
		}
	})
}

func TestLockAfterTenFailures(t *testing.T) {
	ctx := context.Background()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		for _, name := range []string{"budi", "hantu"} { // existing, unknown
			t.Run(name, func(t *testing.T) {
				c := testkit.NewClock(time.Date(2026, 11, 28, 1, 0, 0, 0, time.UTC))
				s := newService(t, db, c)
				if name == "budi" {
					mustAdd(t, s, "budi", identity.Committee)
				}
				client := "10.0.0." + name[:1]
				for i := 1; i <= 10; i++ {
					_, err := s.Login(ctx, name, "salah", client, identity.KindToken)
					if code(err) != apperr.Unauthenticated {
						t.Fatalf("attempt %d: %v, want unauthenticated", i, err)
					}
					c.Add(time.Second)
				}
				hashes := s.Hasher().Stats().Hashes
				_, err := s.Login(ctx, name, "salah", client, identity.KindToken)
				if code(err) != apperr.TooManyRequests {
					t.Fatalf("11th attempt: %v, want too_many_requests", err)
				}
				if ra := apperr.As(err).RetryAfter; ra < 50 || ra > 60 {
					t.Fatalf("Retry-After %d s, want about 60", ra)
				}
				if name == "budi" {
					// The right password during the lock is refused too, before it is checked.
					if _, err := s.Login(ctx, name, "rahasia-123", client, identity.KindToken); code(err) != apperr.TooManyRequests {
						t.Fatalf("right password during lock: %v, want too_many_requests", err)
					}
				}
				if got := s.Hasher().Stats().Hashes; got != hashes {
					t.Fatalf("%d passwords were hashed during the lock, want 0", got-hashes)
				}
				c.Add(61 * time.Second)
				if name == "budi" {
					if _, err := s.Login(ctx, name, "rahasia-123", client, identity.KindToken); err != nil {
						t.Fatalf("after the lock: %v", err)
					}
				}
				// A second lock lasts twice as long.
				for range 10 {
					_, _ = s.Login(ctx, name, "salah", client, identity.KindToken)
				}
				_, err = s.Login(ctx, name, "salah", client, identity.KindToken)
				if ra := apperr.As(err).RetryAfter; code(err) != apperr.TooManyRequests || ra < 110 || ra > 120 {
					t.Fatalf("second lock: %v (Retry-After %d), want about 120 s", err, ra)
				}
			})
		}
		// budi: the text typed and the account, twice; hantu: the text, twice.
		if n := testkit.CountAudit(t, db, "login.lock"); n != 6 {
			t.Fatalf("login.lock events = %d, want 6", n)
		}
	})
}

func TestLockDoublesUpToFifteenMinutes(t *testing.T) {
	ctx := context.Background()
	db := sqldbtest.Open(t, sqldb.SQLite)
	c := testkit.NewClock(time.Date(2026, 11, 28, 1, 0, 0, 0, time.UTC))
	s := newService(t, db, c)
	want := []int{60, 120, 240, 480, 900, 900}
	for i, w := range want {
		for range 10 {
			_, _ = s.Login(ctx, "siapa", "salah", "", identity.KindToken)
		}
		_, err := s.Login(ctx, "siapa", "salah", "", identity.KindToken)
		if ra := apperr.As(err).RetryAfter; ra != w {
			t.Fatalf("lock %d: Retry-After %d, want %d", i+1, ra, w)
		}
		c.Add(time.Duration(w)*time.Second + time.Second)
	}
}

func TestAddressLockAcrossUsernames(t *testing.T) {
	ctx := context.Background()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		c := testkit.NewClock(time.Date(2026, 11, 28, 1, 0, 0, 0, time.UTC))
		s := newService(t, db, c)
		mustAdd(t, s, "budi", identity.Committee)
		for i := range 50 {
			_, err := s.Login(ctx, "orang"+string(rune('a'+i%26))+string(rune('a'+i/26)), "salah", "192.0.2.7", identity.KindToken)
			if code(err) != apperr.Unauthenticated {
				t.Fatalf("attempt %d: %v", i, err)
			}
		}
		if _, err := s.Login(ctx, "budi", "rahasia-123", "192.0.2.7", identity.KindToken); code(err) != apperr.TooManyRequests {
			t.Fatalf("from the locked address: %v, want too_many_requests", err)
		}
		if _, err := s.Login(ctx, "budi", "rahasia-123", "192.0.2.8", identity.KindToken); err != nil {
			t.Fatalf("from another address: %v", err)
		}
	})
}

func TestSessionLifetimes(t *testing.T) {
	ctx := context.Background()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		c := testkit.NewClock(time.Date(2026, 11, 28, 1, 0, 0, 0, time.UTC))
		s := newService(t, db, c)
		mustAdd(t, s, "budi", identity.Committee, identity.Verifier)
		login := func(kind string) string {
			cred, err := s.Login(ctx, "budi", "rahasia-123", "", kind)
			if err != nil {
				t.Fatal(err)
			}
			return cred.Secret
		}
		auth := func(secret, kind string) error { _, err := s.Authenticate(ctx, secret, kind); return err }

		sess := login(identity.KindSession)
		p, err := s.Authenticate(ctx, sess, identity.KindSession)
		if err != nil || !p.Has(identity.Verifier) || p.Username != "budi" {
			t.Fatalf("fresh session: %v %+v", err, p)
		}
		if err := auth(sess, identity.KindToken); code(err) != apperr.Unauthenticated {
			t.Fatalf("a session cookie used as a bearer token: %v", err)
		}
		// Active use keeps a session alive; 30 minutes idle ends it.
		for range 10 {
			c.Add(20 * time.Minute)
			if err := auth(sess, identity.KindSession); err != nil {
				t.Fatalf("session in use after %v: %v", c.Now().Sub(time.Date(2026, 11, 28, 1, 0, 0, 0, time.UTC)), err)
			}
		}
		c.Add(31 * time.Minute)
		if err := auth(sess, identity.KindSession); code(err) != apperr.Unauthenticated {
			t.Fatalf("idle 31 min: %v, want unauthenticated", err)
		}
		// 12 hours end a session however busy it is.
		sess = login(identity.KindSession)
		for range 35 { // 11 h 40 min of steady use
			c.Add(20 * time.Minute)
			if err := auth(sess, identity.KindSession); err != nil {
				t.Fatalf("busy session: %v", err)
			}
		}
		c.Add(20 * time.Minute)
		if err := auth(sess, identity.KindSession); code(err) != apperr.Unauthenticated {
			t.Fatalf("after 12 h: %v, want unauthenticated", err)
		}
		// Tokens last 24 hours whether used or not.
		tok := login(identity.KindToken)
		c.Add(23*time.Hour + 59*time.Minute)
		if err := auth(tok, identity.KindToken); err != nil {
			t.Fatalf("token at 23:59: %v", err)
		}
		c.Add(2 * time.Minute)
		if err := auth(tok, identity.KindToken); code(err) != apperr.Unauthenticated {
			t.Fatalf("token after 24 h: %v, want unauthenticated", err)
		}
	})
}

func TestRevocationReachesOtherInstancesWithinCacheTTL(t *testing.T) {
	ctx := context.Background()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		c := testkit.NewClock(time.Date(2026, 11, 28, 1, 0, 0, 0, time.UTC))
		a, b := newService(t, db, c), newService(t, db, c) // two instances
		mustAdd(t, a, "budi", identity.Committee)
		cred, err := a.Login(ctx, "budi", "rahasia-123", "", identity.KindToken)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := b.Authenticate(ctx, cred.Secret, identity.KindToken); err != nil {
			t.Fatal(err)
		}
		if err := a.Revoke(ctx, cred.Secret); err != nil {
			t.Fatal(err)
		}
		if _, err := a.Authenticate(ctx, cred.Secret, identity.KindToken); code(err) != apperr.Unauthenticated {
			t.Fatalf("revoking instance: %v, want unauthenticated at once", err)
		}
		c.Add(identity.CacheTTL)
		if _, err := b.Authenticate(ctx, cred.Secret, identity.KindToken); code(err) != apperr.Unauthenticated {
			t.Fatalf("other instance after %v: %v, want unauthenticated", identity.CacheTTL, err)
		}
		if n := testkit.CountAudit(t, db, "token.revoke"); n != 1 {
			t.Fatalf("token.revoke events = %d, want 1", n)
		}
	})
}

func TestEveryChangeIsRecordedOnce(t *testing.T) {
	ctx := context.Background()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		c := testkit.NewClock(time.Date(2026, 11, 28, 1, 0, 0, 0, time.UTC))
		s := newService(t, db, c)
		mustAdd(t, s, "budi", identity.Committee)
		cred, err := s.Login(ctx, "budi", "rahasia-123", "", identity.KindToken)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.SetRoles(ctx, "budi", []identity.Role{identity.Verifier}); err != nil {
			t.Fatal(err)
		}
		if err := s.SetPassword(ctx, "budi", "baru-sekali-1"); err != nil {
			t.Fatal(err)
		}
		// Changing the password ended the token.
		if _, err := s.Authenticate(ctx, cred.Secret, identity.KindToken); code(err) != apperr.Unauthenticated {
			t.Fatalf("token after password change: %v", err)
		}
		if err := s.DisableUser(ctx, "budi"); err != nil {
			t.Fatal(err)
		}
		if err := s.DisableUser(ctx, "budi"); code(err) != apperr.Conflict {
			t.Fatalf("disable twice: %v, want conflict", err)
		}
		if _, err := s.Login(ctx, "budi", "baru-sekali-1", "", identity.KindToken); code(err) != apperr.Forbidden {
			t.Fatalf("disabled login: %v, want forbidden", err)
		}
		// Enabled again, the account signs in with its password; enabling
		// an enabled account is a conflict and records nothing.
		if err := s.EnableUser(ctx, "budi"); err != nil {
			t.Fatal(err)
		}
		if err := s.EnableUser(ctx, "budi"); code(err) != apperr.Conflict {
			t.Fatalf("enable twice: %v, want conflict", err)
		}
		if err := s.EnableUser(ctx, "nobody"); code(err) != apperr.NotFound {
			t.Fatalf("enable an unknown user: %v, want not_found", err)
		}
		if _, err := s.Login(ctx, "budi", "baru-sekali-1", "", identity.KindToken); err != nil {
			t.Fatalf("login after enabling: %v", err)
		}
		// A failed create (duplicate username) rolls back and leaves no event.
		if _, err := s.AddUser(ctx, identity.NewUser{Username: "BUDI", Name: "Lain", Roles: []identity.Role{identity.Employee},
			Password: "rahasia-123"}); code(
			err,
		) != apperr.Conflict {
			t.Fatalf("duplicate username: %v, want conflict", err)
		}
		for action, want := range map[string]int{"user.create": 1, "token.issue": 2, "user.roles": 1, "user.password": 1, "user.disable": 1,
			"user.enable": 1} {
			if n := testkit.CountAudit(t, db, action); n != want {
				t.Errorf("%s events = %d, want %d", action, n, want)
			}
		}
		var users int
		_ = db.R.QueryRowContext(ctx, `SELECT count(*) FROM users`).Scan(&users)
		if users != 1 {
			t.Fatalf("users = %d, want 1", users)
		}
	})
}

func TestBadNewUsers(t *testing.T) {
	ctx := context.Background()
	db := sqldbtest.Open(t, sqldb.SQLite)
	s := newService(t, db, testkit.NewClock(time.Now()))
	cases := []struct {
		name  string
		u     identity.NewUser
		field string
	}{
		{
			"short username",
			identity.NewUser{Username: "ab", Name: "A", Roles: []identity.Role{identity.Admin}, Password: "rahasia-123"},
			"username",
		},
		{
			"username with space",
			identity.NewUser{Username: "a b c", Name: "A", Roles: []identity.Role{identity.Admin}, Password: "rahasia-123"},
			"username",
		},
		{"no name", identity.NewUser{Username: "abc", Roles: []identity.Role{identity.Admin}, Password: "rahasia-123"}, "name"},
		{
			"bad email",
			identity.NewUser{Username: "abc", Name: "A", Email: "x@", Roles: []identity.Role{identity.Admin}, Password: "rahasia-123"},
			"email",
		},
		{"no role", identity.NewUser{Username: "abc", Name: "A", Password: "rahasia-123"}, "roles"},
		{"unknown role", identity.NewUser{Username: "abc", Name: "A", Roles: []identity.Role{"raja"}, Password: "rahasia-123"}, "roles"},
		{"short password", identity.NewUser{Username: "abc", Name: "A", Roles: []identity.Role{identity.Admin}, Password: "pendek"}, "password"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := s.AddUser(ctx, tc.u)
			ae := apperr.As(err)
			if ae.Code != apperr.Invalid || ae.FieldMsgs[tc.field].Key == "" {
				t.Fatalf("got %v (fields %v), want invalid with field %s", err, ae.FieldMsgs, tc.field)
			}
		})
	}
	if n, _ := s.CountUsers(ctx); n != 0 {
		t.Fatalf("%d users stored from bad input", n)
	}
}

func TestHasherLimitsConcurrency(t *testing.T) {
	h := identity.NewHasher(2, 50*time.Millisecond)
	var wg sync.WaitGroup
	var mu sync.Mutex
	busy := 0
	for range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := h.Hash(context.Background(), "rahasia-123"); err != nil {
				if code(err) != apperr.Unavailable {
					t.Errorf("err %v, want unavailable", err)
				}
				mu.Lock()
				busy++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if st := h.Stats(); st.Peak > 2 {
		t.Fatalf("%d hashes ran at once, limit 2", st.Peak)
	}
	if busy == 0 {
		t.Fatal("20 hashes through 2 slots with a 50 ms wait: expected some to be refused as busy")
	}
}
