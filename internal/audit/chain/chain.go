package chain

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"time"
	"unicode/utf8"
)

// Genesis is the hash before the first event: 32 zero bytes.
var Genesis [32]byte

// EmptyDataSHA256 is DataDigest of an empty data object: SHA-256 of "{}".
const EmptyDataSHA256 = "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"

// MaxPos is the largest pos a leaf can carry: the largest integer a JSON
// number (an IEEE 754 double) holds exactly, 2^53 − 1.
const MaxPos = 1<<53 - 1

// TimeLayout is the layout of "at": UTC, exactly six fraction digits, "Z".
const TimeLayout = "2006-01-02T15:04:05.000000Z"

// Entry is what the leaf of one sealed event covers (DESIGN §4).
type Entry struct {
	Pos        int64     // 1-based position in the chain
	At         time.Time // written in UTC to the microsecond, truncated
	Actor      string    // user id in decimal, "" for none
	Role       string
	Action     string
	ObjectType string
	ObjectID   string
	// DataSHA256 is DataDigest(data): 64 lower-case hex digits.
	DataSHA256 string
	// ClientSHA256 is ClientDigest(client): 64 lower-case hex digits, or ""
	// when there is no client address.
	ClientSHA256 string
}

// EntryError is why an Entry has no leaf.
type EntryError struct {
	Field  string // "pos", "at", "data_sha256", … (the leaf's key)
	Detail string
}

func (e *EntryError) Error() string { return "audit entry: " + e.Field + ": " + e.Detail }

// AppendCanonical appends the JCS text the leaf hashes:
//
//	{"action":…,"actor":…,"at":…,"client_sha256":…,"data_sha256":…,
//	 "object_id":…,"object_type":…,"pos":N,"role":…,"v":1}
//
// (one line, no spaces; the keys are listed in their sorted order). It is
// byte for byte what Canonicalize makes of the same object.
//
// Errors (*EntryError): pos outside 1…MaxPos; at outside the years
// 0000–9999; a string field that is not valid UTF-8; a digest that is not
// 64 lower-case hex digits (client_sha256 may also be "").
func (e Entry) AppendCanonical(dst []byte) ([]byte, error) {
	if err := e.check(); err != nil {
		return dst, err
	}
	return e.appendObject(dst, true), nil
}

// appendObject appends the leaf object, with or without "pos".
func (e Entry) appendObject(dst []byte, withPos bool) []byte {
	dst = append(dst, `{"action":`...)
	dst = appendString(dst, e.Action)
	dst = append(dst, `,"actor":`...)
	dst = appendString(dst, e.Actor)
	dst = append(dst, `,"at":"`...)
	dst = appendTime(dst, e.At)
	dst = append(dst, `","client_sha256":"`...)
	dst = append(dst, e.ClientSHA256...)
	dst = append(dst, `","data_sha256":"`...)
	dst = append(dst, e.DataSHA256...)
	dst = append(dst, `","object_id":`...)
	dst = appendString(dst, e.ObjectID)
	dst = append(dst, `,"object_type":`...)
	dst = appendString(dst, e.ObjectType)
	if withPos {
		dst = append(dst, `,"pos":`...)
		dst = appendUint(dst, uint64(e.Pos))
	}
	dst = append(dst, `,"role":`...)
	dst = appendString(dst, e.Role)
	return append(dst, `,"v":1}`...)
}

func (e Entry) check() error {
	if e.Pos < 1 || e.Pos > MaxPos {
		return &EntryError{Field: "pos", Detail: fmt.Sprintf("%d is outside 1…2^53−1", e.Pos)}
	}
	return e.checkFields()
}

// checkFields is check without pos.
func (e Entry) checkFields() error {
	if y := e.At.UTC().Year(); y < 0 || y > 9999 {
		return &EntryError{Field: "at", Detail: fmt.Sprintf("year %d cannot be written in RFC 3339", y)}
	}
	for _, f := range [...]struct{ name, v string }{
		{"action", e.Action}, {"actor", e.Actor}, {"object_id", e.ObjectID},
		{"object_type", e.ObjectType}, {"role", e.Role},
	} {
		if !utf8.ValidString(f.v) {
			return &EntryError{Field: f.name, Detail: "not valid UTF-8"}
		}
	}
	if !isHexDigest(e.DataSHA256) {
		return &EntryError{Field: "data_sha256", Detail: "must be 64 lower-case hex digits"}
	}
	if e.ClientSHA256 != "" && !isHexDigest(e.ClientSHA256) {
		return &EntryError{Field: "client_sha256", Detail: `must be 64 lower-case hex digits or ""`}
	}
	return nil
}

// Leaf returns SHA-256 of the entry's canonical JSON (AppendCanonical).
// Errors: those of AppendCanonical.
func (e Entry) Leaf() ([32]byte, error) {
	var buf [512]byte
	b, err := e.AppendCanonical(buf[:0])
	if err != nil {
		return [32]byte{}, err
	}
	return sha256.Sum256(b), nil
}

// Hash returns Link(prev, leaf): the event's hash after prev.
// Errors: those of AppendCanonical.
func (e Entry) Hash(prev [32]byte) ([32]byte, error) {
	leaf, err := e.Leaf()
	if err != nil {
		return [32]byte{}, err
	}
	return Link(prev, leaf), nil
}

// Link returns SHA-256(prev || leaf) over the 64 raw bytes.
func Link(prev, leaf [32]byte) [32]byte {
	var b [64]byte
	copy(b[:32], prev[:])
	copy(b[32:], leaf[:])
	return sha256.Sum256(b[:])
}

// DataDigest returns the hex SHA-256 of JCS(data). data must be a JSON
// object; empty input (or only white space) counts as {}.
//
// Errors: *JSONError from Canonicalize, or an error when data is valid JSON
// but not an object.
func DataDigest(data []byte) (string, error) {
	if len(bytes.TrimLeft(data, " \t\r\n")) == 0 {
		return EmptyDataSHA256, nil
	}
	c, err := Canonicalize(data)
	if err != nil {
		return "", err
	}
	if c[0] != '{' {
		return "", errors.New("audit data must be a JSON object")
	}
	sum := sha256.Sum256(c)
	return hex.EncodeToString(sum[:]), nil
}

// ClientDigest returns the hex SHA-256 of the client address text exactly
// as stored (no normalisation), or "" when there is no client.
func ClientDigest(client string) string {
	if client == "" {
		return ""
	}
	sum := sha256.Sum256([]byte(client))
	return hex.EncodeToString(sum[:])
}

// FormatTime writes t as the leaf's "at": UTC, truncated (not rounded) to
// the microsecond, exactly six fraction digits, "Z" — for example
// 2026-11-28T03:46:24.000000Z.
func FormatTime(t time.Time) string { return string(appendTime(nil, t)) }

// ParseTime reads an "at" written by FormatTime and nothing else: any other
// spelling of the same instant is refused, because the leaf hashes the text.
func ParseTime(s string) (time.Time, error) {
	t, err := time.Parse(TimeLayout, s)
	if err != nil || FormatTime(t) != s {
		return time.Time{}, fmt.Errorf("time %q is not in the form %s", s, TimeLayout)
	}
	return t, nil
}

// ParseHash reads 64 lower-case hex digits.
func ParseHash(s string) ([32]byte, error) {
	var h [32]byte
	if !isHexDigest(s) {
		return h, fmt.Errorf("%q is not 64 lower-case hex digits", truncate(s, 80))
	}
	hex.Decode(h[:], []byte(s))
	return h, nil
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

func isHexDigest(s string) bool {
	if len(s) != 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

// appendTime appends t in TimeLayout without going through time.Format.
func appendTime(dst []byte, t time.Time) []byte {
	t = t.UTC()
	y, mo, d := t.Date()
	h, mi, s := t.Clock()
	us := t.Nanosecond() / 1000
	dst = appendDigits(dst, y, 4)
	dst = append(dst, '-')
	dst = appendDigits(dst, int(mo), 2)
	dst = append(dst, '-')
	dst = appendDigits(dst, d, 2)
	dst = append(dst, 'T')
	dst = appendDigits(dst, h, 2)
	dst = append(dst, ':')
	dst = appendDigits(dst, mi, 2)
	dst = append(dst, ':')
	dst = appendDigits(dst, s, 2)
	dst = append(dst, '.')
	dst = appendDigits(dst, us, 6)
	return append(dst, 'Z')
}

// appendDigits appends the non-negative v zero-padded to width digits.
func appendDigits(dst []byte, v, width int) []byte {
	var b [8]byte
	for i := width - 1; i >= 0; i-- {
		b[i] = byte('0' + v%10)
		v /= 10
	}
	return append(dst, b[:width]...)
}

func appendUint(dst []byte, v uint64) []byte {
	var b [20]byte
	i := len(b)
	for {
		i--
		b[i] = byte('0' + v%10)
		v /= 10
		if v == 0 {
			break
		}
	}
	return append(dst, b[i:]...)
}
