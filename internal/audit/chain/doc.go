// Package chain defines asnpro's audit hash chain and its signed
// checkpoints (DESIGN §4) byte for byte, so that anyone holding an export
// (or the audit_events table) can recompute it with any language. This
// comment is the specification; the code follows it and its tests check the
// worked example below. The package imports only the standard library.
//
// # 1. Events and leaves
//
// Each sealed event has a position pos (1, 2, 3, … without gaps, in sealing
// order) and these fields, all text except pos:
//
//	at             when it happened
//	actor          acting user id in decimal, "" for none (system, anonymous)
//	role           role the actor acted in, "" for none
//	action         dotted verb, e.g. "user.create"
//	object_type    e.g. "application", "" for none
//	object_id      id in decimal (or other text), "" for none
//	data_sha256    hex SHA-256 of JCS(data), data being the event's JSON object
//	client_sha256  hex SHA-256 of the client address, "" when there is none
//
// The leaf of an event is
//
//	leaf = SHA-256( JCS( {"v":1, "pos":pos, "at":at, "actor":actor, "role":role,
//	                      "action":action, "object_type":object_type,
//	                      "object_id":object_id, "data_sha256":data_sha256,
//	                      "client_sha256":client_sha256} ) )
//
// where JCS is the JSON Canonicalization Scheme of RFC 8785. For this
// object JCS comes down to the following, and the bytes hashed are exactly:
//
//	{"action":A,"actor":A,"at":A,"client_sha256":A,"data_sha256":A,
//	 "object_id":A,"object_type":A,"pos":N,"role":A,"v":1}
//
// on one line with no white space anywhere, keys in exactly this (sorted)
// order, pos N in plain decimal without sign, leading zeros, fraction or
// exponent (pos never exceeds 2^53−1), and each A a JSON string written in
// UTF-8 with only these escapes: `"` as \", `\` as \\, U+0008 \b, U+0009
// \t, U+000A \n, U+000C \f, U+000D \r, and every other character below
// U+0020 as \u00xx with lower-case hex (e.g. \u001f). Nothing else is
// escaped: not "/", not "<", ">", "&", not U+007F, U+2028, U+2029, not any
// non-ASCII character. (Go's encoding/json escapes HTML characters and
// U+2028/U+2029 by default: its output is not JCS.) All strings must be
// valid UTF-8.
//
// "at" is the UTC time with exactly six fraction digits and "Z":
// 2026-11-28T03:46:24.000000Z. Times are truncated, not rounded, to the
// microsecond (the database stores microseconds). The export writes "at" in
// this same form, so a verifier hashes the text as it reads it.
//
// data_sha256 is the lower-case hex SHA-256 of the RFC 8785 form of the
// event's data, which is always a JSON object ({} when there is nothing to
// say: 44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a).
// For data the general JCS rules apply: members sorted by the UTF-16 code
// units of their names, numbers as ECMAScript writes the IEEE 754 double
// (1e+21, 1e-7, 0.000001, 4.5, -0 → 0), duplicate names, invalid UTF-8 and
// lone surrogate escapes refused; integers beyond 2^53 lose precision as
// they do in ECMAScript, so ids belong in strings. client_sha256 is the lower-case hex
// SHA-256 of the client address text exactly as stored (e.g. the UTF-8
// bytes of "203.0.113.7"), or "" when there is no client address.
//
// # 2. The chain
//
//	hash(0)   = 32 zero bytes                      (Genesis)
//	hash(pos) = SHA-256( hash(pos−1) || leaf(pos) ) over the 64 raw bytes
//
// prev_hash of the event at pos is hash(pos−1). The head of a chain of size
// n is hash(n). Hashes are written as 64 lower-case hex digits.
//
// # 3. Worked example
//
// Event 1: pos 1, at 2026-11-28 10:46:24.123456789 WIB (UTC+7), actor "1",
// role "admin", action "user.create", object "user" "2", data
// {"username":"panitia","roles":["committee"]}, client "203.0.113.7":
//
//	JCS(data)     {"roles":["committee"],"username":"panitia"}
//	data_sha256   0093cd3bd123f345b04f169dda7bff5b2c11434175d5bea60e1d75a8562be3de
//	client_sha256 fec52565aa0cf18f57d7cf5b3ac728503b8992d2d6f7d46da1d1201090902b02
//	leaf input    {"action":"user.create","actor":"1","at":"2026-11-28T03:46:24.123456Z",
//	              "client_sha256":"fec52565aa0cf18f57d7cf5b3ac728503b8992d2d6f7d46da1d1201090902b02",
//	              "data_sha256":"0093cd3bd123f345b04f169dda7bff5b2c11434175d5bea60e1d75a8562be3de",
//	              "object_id":"2","object_type":"user","pos":1,"role":"admin","v":1}
//	leaf          cca6e641e89cd50d85202395dd7c5fe00282ac0a748414d8f695d94887b791f7
//	hash          94d13177970dcf09d99d63db5cc8f4ae16106b03d0b03a6e28aec36563a7060c
//
// Event 2: pos 2, at 2026-11-28T03:47:00Z, no actor, role or client,
// action "login.fail", object type "user", no object id, data {}:
//
//	leaf input    {"action":"login.fail","actor":"","at":"2026-11-28T03:47:00.000000Z","client_sha256":"",
//	              "data_sha256":"44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a",
//	              "object_id":"","object_type":"user","pos":2,"role":"","v":1}
//	leaf          aa787c85e157f81d06744d882e502e1d687e5153ab7c900f2ed35fd062cdc78a
//	hash          890a8cf9675aa1f6372cee0e1ddfb8a0ba87cd52594c39d5e8f99f528b17a722
//
// (Each leaf input is one line, wrapped here after commas.)
// With shell tools: printf '%s' "$LEAF_INPUT" | sha256sum gives the leaf;
// (head -c 32 /dev/zero; printf %s "$LEAF" | xxd -r -p) | sha256sum gives
// hash(1).
//
// # 4. Export (asnpro audit export)
//
// JSON Lines, one sealed event per line in pos order, each line one object
// with exactly these members in this order (the order is for readability;
// readers must not depend on it):
//
//	{"seq":101,"pos":1,"at":"…","actor":"…","role":"…","action":"…","object_type":"…",
//	 "object_id":"…","data_sha256":"…","client_sha256":"…","prev_hash":"…","hash":"…"}
//
// seq is the event's row id (not hashed); the other members are the leaf
// fields plus the stored prev_hash and hash. The event's data and client
// address are left out — only their digests travel — so the export carries
// no personal data (UU 27/2022) and still verifies.
//
// # 5. Verification
//
// Read events in order, keeping size (0) and head (Genesis). For each event:
// its pos must be size+1 (else: larger = "gap", events removed; equal to
// size = "duplicate"; smaller = "reordered"; a gap whose missing pos shows up
// later is reported as "reordered"); its prev_hash must equal head
// ("prev_hash"); SHA-256(head || leaf) must equal its stored hash ("hash":
// the content was altered). Then size = pos and head = hash. The first
// failure is reported with the event's seq and pos (and line, for an
// export). Verifier does this incrementally; VerifyJSONL over an export.
//
// With a checkpoint (--since): the chain must reach pos = checkpoint size,
// and the hash there must equal the checkpoint head ("checkpoint": history
// up to there was rewritten, even if it was re-sealed consistently); a chain
// that ends earlier fails with "truncated".
//
// # 6. Checkpoints
//
// The instance signs, with Ed25519 (RFC 8032), these bytes:
//
//	asnpro-checkpoint v1\n<size>\n<head hex>\n<signed_at>\n
//
// size in decimal (the number of sealed events), head as 64 lower-case hex
// digits (Genesis for size 0), signed_at in RFC 3339 UTC to the whole second
// with "Z" (2026-11-28T03:46:24Z; the signing time is truncated to the
// second), each followed by one "\n" (0x0A). The checkpoint is published as
//
//	{"size":1234,"head":"<hex>","signed_at":"2026-11-28T03:46:24Z",
//	 "signature":"<base64 of the 64-byte signature>",
//	 "public_key":"<base64 of the raw 32-byte public key>"}
//
// in standard base64 with padding (RFC 4648 §4). A key's fingerprint is the
// lower-case hex SHA-256 of the raw 32 public-key bytes. A checkpoint's
// signature proves only that the holder of public_key signed it, so the
// Verifier also requires that the chain pinned that key: an event with
// object_type "audit_key", action "audit.key.pin" (the chain's first) or
// "audit.key.rotate", whose object_id is the key's fingerprint
// ("checkpoint_key" otherwise).
//
// # 7. Tags
//
// Each event asnpro writes also carries a tag, which needs the instance key
// and is not part of the chain (the leaf does not change, and a redacted
// export verifies without it):
//
//	K   = HKDF-SHA256(secret = the 32-byte Ed25519 seed, salt = none, info = "asnpro audit tag v1"), 32 bytes
//	tag = hex(HMAC-SHA256(K, the leaf object of §3 without "pos"))
//
// (TagKey, Entry.AppendTagged). Only the holder of the key file can check
// or make one; see package audit for how the sealer and verify use it.
//
// The signing key file is PEM, one "PRIVATE KEY" block holding the Ed25519
// private key as PKCS #8 (RFC 8410) — what `openssl genpkey -algorithm
// ed25519` writes. It must not be readable by group or others (mode 0600):
// LoadOrCreateKey refuses it otherwise, and creates new key files that way.
package chain
