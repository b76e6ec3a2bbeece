package identity

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	_ "embed"
	"encoding/base64"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"

	"asnpro/internal/apperr"
)

// Argon2id parameters (OWASP): 19 MiB, 2 iterations, 1 lane, 16-byte salt,
// 32-byte key. Encoded in the PHC string format so they can change later
// without breaking stored hashes.
const (
	argonMemoryKiB = 19 * 1024
	argonTime      = 2
	argonThreads   = 1
	argonKeyLen    = 32
	argonSaltLen   = 16
)

// ErrBusy is returned when too many passwords are being hashed at once.
var ErrBusy = &apperr.Error{Code: apperr.Unavailable, Msg: apperr.M("identity.busy"), RetryAfter: 2}

// Hasher hashes and checks passwords with argon2id, at most `slots` at a
// time (each takes 19 MiB), so a flood of sign-ins cannot exhaust memory:
// a request that cannot get a slot within the wait is refused with ErrBusy.
type Hasher struct {
	slots chan struct{}
	wait  time.Duration

	inFlight, peak, hashes atomic.Int64 // for HasherStats
}

// HasherStats reports how many hashes were computed and the most that ran at once.
type HasherStats struct{ Hashes, Peak int64 }

// Stats returns the hasher's counters.
func (h *Hasher) Stats() HasherStats {
	return HasherStats{Hashes: h.hashes.Load(), Peak: h.peak.Load()}
}

// NewHasher returns a Hasher running at most slots hashes at once, each
// caller waiting at most wait for a slot.
func NewHasher(slots int, wait time.Duration) *Hasher {
	if slots < 1 {
		slots = 1
	}
	return &Hasher{slots: make(chan struct{}, slots), wait: wait}
}

func (h *Hasher) acquire(ctx context.Context) error {
	if err := h.wait4slot(ctx); err != nil {
		return err
	}
	n := h.inFlight.Add(1)
	for p := h.peak.Load(); n > p && !h.peak.CompareAndSwap(p, n); p = h.peak.Load() {
	}
	h.hashes.Add(1)
	return nil
}

func (h *Hasher) wait4slot(ctx context.Context) error {
	select {
	case h.slots <- struct{}{}:
		return nil
	default:
	}
	t := time.NewTimer(h.wait)
	defer t.Stop()
	select {
	case h.slots <- struct{}{}:
		return nil
	case <-t.C:
		return ErrBusy
	case <-ctx.Done():
		return ErrBusy
	}
}

func (h *Hasher) release() {
	h.inFlight.Add(-1)
	<-h.slots
}

// Hash returns the PHC-encoded argon2id hash of password.
func (h *Hasher) Hash(ctx context.Context, password string) (string, error) {
	if err := h.acquire(ctx); err != nil {
		return "", err
	}
	defer h.release()
	salt := make([]byte, argonSaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(password), salt, argonTime, argonMemoryKiB, argonThreads, argonKeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf(
		"$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version,
		argonMemoryKiB,
		argonTime,
		argonThreads,
		b64.EncodeToString(salt),
		b64.EncodeToString(key),
	), nil
}

// Verify reports whether password matches encoded. An empty or malformed
// encoded hash still costs one full hash, so timing does not tell whether
// an account exists.
func (h *Hasher) Verify(ctx context.Context, password, encoded string) (bool, error) {
	if err := h.acquire(ctx); err != nil {
		return false, err
	}
	defer h.release()
	p, ok := parsePHC(encoded)
	if !ok {
		p = phc{mem: argonMemoryKiB, t: argonTime, threads: argonThreads, salt: make([]byte, argonSaltLen), key: make([]byte, argonKeyLen)}
	}
	got := argon2.IDKey([]byte(password), p.salt, p.t, p.mem, p.threads, uint32(len(p.key)))
	return ok && subtle.ConstantTimeCompare(got, p.key) == 1, nil
}

type phc struct {
	mem, t    uint32
	threads   uint8
	salt, key []byte
}

func parsePHC(s string) (phc, bool) {
	var p phc
	parts := strings.Split(s, "$")
	if len(parts) != 6 || parts[1] != "argon2id" || parts[2] != fmt.Sprintf("v=%d", argon2.Version) {
		return p, false
	}
	var threads uint32
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.mem, &p.t, &threads); err != nil || threads == 0 || threads > 255 || p.t == 0 ||
		p.mem == 0 ||
		p.mem > 1<<20 {
		return p, false
	}
	p.threads = uint8(threads)
	var err error
	if p.salt, err = base64.RawStdEncoding.DecodeString(parts[4]); err != nil {
		return p, false
	}
	if p.key, err = base64.RawStdEncoding.DecodeString(parts[5]); err != nil || len(p.key) < 16 {
		return p, false
	}
	return p, true
}

// MinPassword and MaxPassword bound a new password's length in characters.
const (
	MinPassword = 10
	MaxPassword = 256
)

// The 10,000 most common passwords (see commonpw/README.md for the source).
//
//go:embed commonpw/10-million-password-list-top-10000.txt
var commonPasswordList string

var commonPasswords = sync.OnceValue(func() map[string]struct{} {
	m := make(map[string]struct{}, 10000)
	for line := range strings.Lines(commonPasswordList) {
		if w := strings.ToLower(strings.TrimSpace(line)); w != "" {
			m[w] = struct{}{}
		}
	}
	return m
})

// IsCommonPassword reports whether pw, ignoring case and surrounding
// spaces, is among the 10,000 most common passwords.
func IsCommonPassword(pw string) bool {
	_, ok := commonPasswords()[strings.ToLower(strings.TrimSpace(pw))]
	return ok
}

// passwordInvalid is the policy's refusal: the reason is the message and
// the password field's.
func passwordInvalid(key string, args ...any) *apperr.Error {
	m := apperr.M(key, args...)
	return &apperr.Error{Code: apperr.Invalid, Msg: m, FieldMsgs: map[string]apperr.Msg{"password": m}}
}

// CheckPasswordPolicy returns an invalid error (field password) when a new
// password breaks DESIGN §5: fewer than 10 or more than 256 characters,
// only whitespace, among the 10,000 most common passwords, or equal —
// ignoring case and surrounding spaces — to one of the account's own
// identifiers given in avoid (its username, NIK, e-mail).
func CheckPasswordPolicy(pw string, avoid ...string) error {
	n := utf8.RuneCountInString(pw)
	switch {
	case n < MinPassword:
		return passwordInvalid("identity.password_short", "min", MinPassword)
	case n > MaxPassword:
		return passwordInvalid("identity.password_long", "max", MaxPassword)
	case strings.TrimSpace(pw) == "":
		return passwordInvalid("identity.password_blank")
	case IsCommonPassword(pw):
		return passwordInvalid("identity.password_common")
	}
	t := strings.TrimSpace(pw)
	for _, a := range avoid {
		if a = strings.TrimSpace(a); a != "" && strings.EqualFold(t, a) {
			return passwordInvalid("identity.password_own")
		}
	}
	return nil
}

// GeneratePassword returns a new random password (20 characters of
// base64url, 120 bits), as `asnpro user add` and the admin's user page
// make when none is typed; it is shown once and never stored in clear.
func GeneratePassword() string {
	var b [15]byte
	_, _ = rand.Read(b[:])
	return base64.RawURLEncoding.EncodeToString(b[:])
}
