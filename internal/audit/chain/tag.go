package chain

import (
	"crypto/ed25519"
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"hash"
	"sync"
)

// TagLabel is the HKDF info string that derives the tag key from the
// instance key (DESIGN §4).
const TagLabel = "asnpro audit tag v1"

// TagKey is the key of the events' authentication tags, derived from the
// instance's Ed25519 key:
//
//	K = HKDF-SHA256(secret = the key's 32-byte seed, salt = none, info = "asnpro audit tag v1"), 32 bytes
//
// The key file never enters the database, so neither does K: whoever can
// only write to the database cannot make a tag that matches.
type TagKey struct {
	fp   string // fingerprint of the Ed25519 public key it comes from
	pool sync.Pool
}

// NewTagKey derives the tag key of priv. It panics if priv is not an
// Ed25519 private key (a programming error).
func NewTagKey(priv ed25519.PrivateKey) *TagKey {
	k, err := hkdf.Key(sha256.New, priv.Seed(), nil, TagLabel, 32)
	if err != nil {
		panic("chain.NewTagKey: " + err.Error())
	}
	t := &TagKey{fp: Fingerprint(priv.Public().(ed25519.PublicKey))}
	t.pool.New = func() any { return hmac.New(sha256.New, k) }
	return t
}

// Fingerprint is the fingerprint of the public key the tag key comes from.
func (t *TagKey) Fingerprint() string { return t.fp }

// AppendTagged appends the JCS text a tag covers: the leaf object of
// AppendCanonical without "pos" —
//
//	{"action":…,"actor":…,"at":…,"client_sha256":…,"data_sha256":…,
//	 "object_id":…,"object_type":…,"role":…,"v":1}
//
// so the tag is known when the event is written, before it has a place in
// the chain. Errors: those of AppendCanonical, except for pos.
func (e Entry) AppendTagged(dst []byte) ([]byte, error) {
	if err := e.checkFields(); err != nil {
		return dst, err
	}
	return e.appendObject(dst, false), nil
}

// Tag returns HMAC-SHA256(K, AppendTagged(e)) in lower-case hex: the
// event's authentication tag (column tag of audit_events). Errors: those
// of AppendTagged.
func (t *TagKey) Tag(e Entry) (string, error) {
	var buf [512]byte
	b, err := e.AppendTagged(buf[:0])
	if err != nil {
		return "", err
	}
	h := t.pool.Get().(hash.Hash)
	h.Reset()
	h.Write(b)
	var sum [sha256.Size]byte
	h.Sum(sum[:0])
	t.pool.Put(h)
	return hex.EncodeToString(sum[:]), nil
}

// Check reports whether tag is e's tag under t (in constant time).
func (t *TagKey) Check(e Entry, tag string) bool {
	want, err := t.Tag(e)
	return err == nil && hmac.Equal([]byte(want), []byte(tag))
}
