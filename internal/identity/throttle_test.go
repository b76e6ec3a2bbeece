package identity_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"asnpro/internal/apperr"
	"asnpro/internal/identity"
	"asnpro/internal/sqldb"
	"asnpro/internal/sqldb/sqldbtest"
	"asnpro/internal/testkit"
)

// TestParallelGuessesCheckAtMostTen: 40 wrong guesses at once against one
// account check at most 10 passwords — the failure is counted before the
// hash — and the rest are refused with too_many_requests. Two services
// over one database stand for two instances.
func TestParallelGuessesCheckAtMostTen(t *testing.T) {
	ctx := context.Background()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		c := testkit.NewClock(time.Date(2026, 11, 28, 1, 0, 0, 0, time.UTC))
		a, err := identity.New(db, identity.Config{Now: c.Now, HashSlots: 8, HashWait: time.Minute})
		if err != nil {
			t.Fatal(err)
		}
		b, err := identity.New(db, identity.Config{Now: c.Now, HashSlots: 8, HashWait: time.Minute})
		if err != nil {
			t.Fatal(err)
		}
		mustAdd(t, a, "budi", identity.Committee)
		ha, hb := a.Hasher().Stats().Hashes, b.Hasher().Stats().Hashes
		var wg sync.WaitGroup
		var mu sync.Mutex
		codes := map[apperr.Code]int{}
		for i := range 40 {
			s := a
			if i%2 == 1 {
				s = b
			}
			wg.Go(func() {
				// Each guess from its own address, so only the account's limit applies.
				_, err := s.Login(
					ctx,
					"budi",
					"salah-tebak-"+string(rune('a'+i)),
					"198.51.100."+string(rune('0'+i%10)),
					identity.KindToken,
				)
				mu.Lock()
				codes[code(err)]++
				mu.Unlock()
			})
		}
		wg.Wait()
		checked := a.Hasher().Stats().Hashes - ha + b.Hasher().Stats().Hashes - hb
		if checked > 10 {
			t.Fatalf("%d passwords checked, want at most 10 (answers %v)", checked, codes)
		}
		if codes[apperr.Unauthenticated] > 10 || codes[apperr.TooManyRequests] < 30 ||
			codes[apperr.Unauthenticated]+codes[apperr.TooManyRequests] != 40 {
			t.Fatalf("answers %v, want at most 10 unauthenticated and the rest too_many_requests", codes)
		}
	})
}

// TestLockBelongsToTheAccount: an account locked through one of its names
// is locked through every other (NIK, e-mail, any case); an unknown name
// is locked by the text typed; a success forgives earlier failures.
func TestLockBelongsToTheAccount(t *testing.T) {
	ctx := context.Background()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		c := testkit.NewClock(time.Date(2026, 11, 28, 1, 0, 0, 0, time.UTC))
		s := newService(t, db, c)
		// Applicants sign in with the NIK (their username) or the e-mail.
		if _, err := s.AddUser(ctx, identity.NewUser{Username: "6271035205980001", Name: "Siti", Email: "siti@example.id",
			Roles: []identity.Role{identity.Applicant}, Password: "rahasia-123"}); err != nil {
			t.Fatal(err)
		}
		for i := range 10 {
			if _, err := s.Login(ctx, "6271035205980001", "salah", "", identity.KindToken); code(err) != apperr.Unauthenticated {
				t.Fatalf("attempt %d: %v", i+1, err)
			}
		}
		for _, other := range []string{"siti@example.id", "SITI@EXAMPLE.ID", " 6271035205980001 "} {
			if _, err := s.Login(ctx, other, "rahasia-123", "", identity.KindToken); code(err) != apperr.TooManyRequests {
				t.Fatalf("locked by NIK, then %q: %v, want too_many_requests", other, err)
			}
		}
		// An unknown name is locked by its text all the same.
		for range 10 {
			_, _ = s.Login(ctx, "tidak-ada@example.id", "salah", "", identity.KindToken)
		}
		if _, err := s.Login(ctx, "tidak-ada@example.id", "salah", "", identity.KindToken); code(err) != apperr.TooManyRequests {
			t.Fatalf("unknown name after 10 failures: %v, want too_many_requests", err)
		}
		// After the lock, 9 failures then a success: the account starts again.
		c.Add(61 * time.Second)
		for range 9 {
			_, _ = s.Login(ctx, "siti@example.id", "salah", "", identity.KindToken)
		}
		if _, err := s.Login(ctx, "siti@example.id", "rahasia-123", "", identity.KindToken); err != nil {
			t.Fatalf("right password after 9 failures: %v", err)
		}
		for i := range 9 {
			if _, err := s.Login(ctx, "6271035205980001", "salah", "", identity.KindToken); code(err) != apperr.Unauthenticated {
				t.Fatalf("failure %d after a success: %v, want unauthenticated (forgiven)", i+1, err)
			}
		}
		// Text that cannot be a name is refused before the database.
		if _, err := s.Login(ctx, "budi\x00", "salah", "", identity.KindToken); code(err) != apperr.Invalid ||
			apperr.As(err).FieldMsgs["username"].Key == "" {
			t.Fatalf("NUL in the username: %v, want invalid on username", err)
		}
	})
}

func TestPasswordRules(t *testing.T) {
	ctx := context.Background()
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		c := testkit.NewClock(time.Date(2026, 11, 28, 1, 0, 0, 0, time.UTC))
		s := newService(t, db, c)
		for _, tc := range []struct{ name, pw string }{
			{"short", "Rahasia1!"},
			{"whitespace only", "            "},
			{"common", "password123"},
			{"common, other case", "QwertyUiop"},
			{"common, spaces around", "  1234567890 "},
			{"the username", "Budi.Santoso"},
			{"the e-mail", "budi.santoso@example.id"},
		} {
			_, err := s.AddUser(
				ctx,
				identity.NewUser{
					Username: "budi.santoso",
					Name:     "Budi",
					Email:    "budi.santoso@example.id",
					Roles:    []identity.Role{identity.Committee},
					Password: tc.pw,
				},
			)
			if code(err) != apperr.Invalid || apperr.As(err).FieldMsgs["password"].Key == "" {
				t.Errorf("%s (%q): %v, want invalid on password", tc.name, tc.pw, err)
			}
		}
		if n, _ := s.CountUsers(ctx); n != 0 {
			t.Fatalf("%d users created by refused passwords", n)
		}
		mustAdd(t, s, "budi.santoso", identity.Committee)
		for _, pw := range []string{"BUDI.SANTOSO", "password123", "short"} {
			if err := s.SetPassword(ctx, "budi.santoso", pw); code(err) != apperr.Invalid ||
				apperr.As(err).FieldMsgs["password"].Key == "" {
				t.Errorf("SetPassword(%q): %v, want invalid on password", pw, err)
			}
		}
		if err := s.SetPassword(ctx, "budi.santoso", "kopi-tubruk-pagi"); err != nil {
			t.Fatal(err)
		}
		if !identity.IsCommonPassword("qwertyuiop") || !identity.IsCommonPassword("PASSWORD123") ||
			identity.IsCommonPassword("kopi-tubruk-pagi") {
			t.Fatal("common-password list not loaded as expected")
		}
		if err := identity.CheckPasswordPolicy(strings.Repeat("é", 10)); err != nil {
			t.Fatalf("ten accented letters: %v", err)
		}
	})
}
