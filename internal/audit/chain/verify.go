package chain

import (
	"encoding/hex"
	"fmt"
)

// Record is one sealed event as stored in audit_events or exported: the
// entry the leaf covers, the event's seq (not hashed), and the chain
// columns as stored (hex text, checked by the Verifier).
type Record struct {
	Seq int64
	Entry
	PrevHash string
	Hash     string
}

// Failure codes: why a chain does not verify.
const (
	FailMalformed  = "malformed"  // a line or record that cannot be read or hashed
	FailGap        = "gap"        // pos skips ahead: events are missing
	FailDuplicate  = "duplicate"  // pos repeats the previous one
	FailReordered  = "reordered"  // pos goes back, or a missing pos turns up later
	FailPrevHash   = "prev_hash"  // stored prev_hash is not the previous event's hash
	FailHash       = "hash"       // recomputed hash differs from the stored one: content altered
	FailCheckpoint = "checkpoint" // the chain does not pass through the checkpoint's head
	FailTruncated  = "truncated"  // the chain is shorter than the checkpoint
	// FailCheckpointKey: the checkpoint is signed by a key the chain never
	// pinned (by audit.key.pin or audit.key.rotate): not this instance's.
	FailCheckpointKey = "checkpoint_key"
)

// Key events: the chain's first event pins the instance key, a rotation
// pins the next one; their object_id is the key's Fingerprint.
const (
	ActionKeyPin    = "audit.key.pin"
	ActionKeyRotate = "audit.key.rotate"
	ObjectAuditKey  = "audit_key"
)

// Failure names the first event at which a chain stops verifying. Error()
// is the Indonesian message; Message("en") the English one.
type Failure struct {
	Code string
	Seq  int64 // seq of the offending event (0 when unknown)
	Pos  int64 // pos it claims (0 when unknown)
	Line int   // 1-based line of a JSON Lines stream (0 otherwise)

	Verified int64  // events that verified before this failure (the last good pos)
	WantPos  int64  // the pos expected next (FailTruncated: the checkpoint's size)
	Want     string // FailPrevHash, FailHash, FailCheckpoint: the hash expected (hex)
	Got      string // …and the hash found (hex)
	Detail   string // FailMalformed: what is wrong
	Key      string // FailCheckpointKey: the fingerprint of the checkpoint's key
}

func (f *Failure) Error() string { return f.Message("id") }

// Message returns the failure in lang: "en" for English, anything else for
// Indonesian.
func (f *Failure) Message(lang string) string {
	en := lang == "en"
	var who string
	lineWord := "baris"
	if en {
		lineWord = "line"
	}
	switch {
	case (f.Seq != 0 || f.Pos != 0) && f.Line != 0:
		who = fmt.Sprintf("seq %d (pos %d, %s %d)", f.Seq, f.Pos, lineWord, f.Line)
	case f.Seq != 0 || f.Pos != 0:
		who = fmt.Sprintf("seq %d (pos %d)", f.Seq, f.Pos)
	case f.Line != 0:
		who = fmt.Sprintf("%s %d", lineWord, f.Line)
	}
	pick := func(id, e string) string {
		if en {
			return e
		}
		return id
	}
	switch f.Code {
	case FailMalformed:
		return pick("peristiwa "+who+" tidak dapat dibaca atau di-hash: "+f.Detail,
			"event "+who+" cannot be read or hashed: "+f.Detail)
	case FailGap:
		missing := fmt.Sprint(f.WantPos)
		if f.Pos-1 > f.WantPos {
			missing = fmt.Sprintf("%d–%d", f.WantPos, f.Pos-1)
		}
		return pick(fmt.Sprintf("peristiwa %s datang sesudah pos %d: peristiwa pos %s hilang (dihapus)", who, f.Verified, missing),
			fmt.Sprintf("event %s follows pos %d: the event(s) at pos %s are missing (removed)", who, f.Verified, missing))
	case FailDuplicate:
		return pick(fmt.Sprintf("peristiwa %s mengulang pos %d (ganda)", who, f.Pos),
			fmt.Sprintf("event %s repeats pos %d (duplicate)", who, f.Pos))
	case FailReordered:
		return pick(fmt.Sprintf("peristiwa %s datang sesudah pos %d: urutan rantai diubah", who, f.Verified),
			fmt.Sprintf("event %s comes after pos %d: the chain was reordered", who, f.Verified))
	case FailPrevHash:
		return pick(fmt.Sprintf("peristiwa %s: prev_hash tersimpan %s bukan hash peristiwa sebelumnya %s", who, f.Got, f.Want),
			fmt.Sprintf("event %s: its stored prev_hash %s is not the hash of the event before it, %s", who, f.Got, f.Want))
	case FailHash:
		return pick(fmt.Sprintf("isi peristiwa %s telah diubah: hash tersimpan %s, hash yang dihitung ulang %s", who, f.Got, f.Want),
			fmt.Sprintf("the content of event %s was altered: stored hash %s, recomputed hash %s", who, f.Got, f.Want))
	case FailCheckpoint:
		if f.Pos == 0 {
			return pick(fmt.Sprintf("checkpoint berukuran 0 harus ber-head nol semua; yang tercatat %s", f.Want),
				fmt.Sprintf("a checkpoint of size 0 must have the all-zero head; it has %s", f.Want))
		}
		return pick(
			fmt.Sprintf(
				"rantai tidak melanjutkan checkpoint: pada peristiwa %s head-nya %s, padahal checkpoint berukuran %d mencatat %s; "+
					"riwayat sampai pos %d telah ditulis ulang",
				who,
				f.Got,
				f.Pos,
				f.Want,
				f.Pos,
			),
			fmt.Sprintf(
				"the chain does not extend the checkpoint: at event %s the head is %s, but the checkpoint of size %d says %s; "+
					"history up to pos %d was rewritten",
				who,
				f.Got,
				f.Pos,
				f.Want,
				f.Pos,
			),
		)
	case FailCheckpointKey:
		return pick(
			fmt.Sprintf(
				"checkpoint ditandatangani kunci %s, yang tidak pernah disematkan rantai ini (audit.key.pin atau audit.key.rotate): "+
					"checkpoint ini bukan dari instansi ini",
				truncate(f.Key, 16),
			),
			fmt.Sprintf(
				"the checkpoint is signed by key %s, which this chain never pinned (audit.key.pin or audit.key.rotate): it is not "+
					"this instance's checkpoint",
				truncate(f.Key, 16),
			),
		)
	case FailTruncated:
		return pick(
			fmt.Sprintf("rantai berhenti pada pos %d, padahal checkpoint mencakup %d peristiwa: peristiwa telah dihapus", f.Verified, f.WantPos),
			fmt.Sprintf("the chain ends at pos %d but the checkpoint covers %d events: events were removed", f.Verified, f.WantPos),
		)
	}
	return pick("rantai tidak sah ("+f.Code+")", "invalid chain ("+f.Code+")")
}

// Result is the outcome of verifying a chain.
type Result struct {
	Events int64    // records read (up to the failure; after a gap, to the end)
	Size   int64    // events verified: the last good pos
	Head   [32]byte // hash of the event at Size (Genesis when Size is 0)
	// Since is the checkpoint the chain was checked against (nil when
	// none); SinceOK reports that the chain reached it with the same head.
	Since   *Checkpoint
	SinceOK bool
	Failure *Failure // the first bad event; nil when the chain is intact
	// Keys are the fingerprints of the keys the verified chain pinned, in
	// chain order: its first key and every rotation.
	Keys []string
}

// Pinned reports whether the chain pinned the key with fingerprint fp.
func (r Result) Pinned(fp string) bool {
	for _, k := range r.Keys {
		if k == fp {
			return true
		}
	}
	return false
}

// OK reports whether the chain verified (and extends Since, if set).
func (r Result) OK() bool { return r.Failure == nil }

// HeadHex returns Head as lower-case hex.
func (r Result) HeadHex() string { return hex.EncodeToString(r.Head[:]) }

// Verifier checks a chain fed to it one record at a time in pos order,
// from pos 1 (or from a trusted state, see Resume). It stops at the first
// failure, which it keeps.
type Verifier struct {
	size   int64
	head   [32]byte
	events int64
	since  *Checkpoint
	// sinceOK is set once the chain reached since.Size with since.Head.
	sinceOK bool
	fail    *Failure
	keys    []string // fingerprints pinned by the verified events
}

// NewVerifier returns a Verifier for a chain starting at pos 1. When since
// is not nil, the chain must also pass through it: the event at pos
// since.Size must hash to since.Head, and the chain must be at least that
// long (checked by Finish). NewVerifier does not check since's signature;
// VerifyJSONL does.
func NewVerifier(since *Checkpoint) *Verifier {
	v := &Verifier{since: since}
	if since != nil && since.Size == 0 {
		if since.Head != Genesis {
			v.fail = &Failure{Code: FailCheckpoint, WantPos: 1, Want: hex.EncodeToString(since.Head[:]), Got: hex.EncodeToString(Genesis[:])}
		} else {
			v.sinceOK = true
		}
	}
	return v
}

// Resume returns a Verifier that trusts that the chain's first size events
// end in head (for example a checkpoint already verified, or the sealer's
// own state) and checks the events from pos size+1 on.
func Resume(size int64, head [32]byte) *Verifier {
	return &Verifier{size: size, head: head}
}

// Size returns how many events have verified (the last good pos).
func (v *Verifier) Size() int64 { return v.size }

// Head returns the hash of the last verified event (Genesis before the first).
func (v *Verifier) Head() [32]byte { return v.head }

// Failure returns the first failure, or nil.
func (v *Verifier) Failure() *Failure { return v.fail }

// Add checks the next record. It returns the first *Failure of the chain
// — this record's, or an earlier one's — or nil. After a failure, Add only
// refines a FailGap into FailReordered when the missing pos turns up later.
func (v *Verifier) Add(rec Record) error { return v.add(rec, 0) }

func (v *Verifier) add(rec Record, line int) error {
	v.events++
	if v.fail != nil {
		if v.fail.Code == FailGap && rec.Pos >= v.fail.WantPos && rec.Pos < v.fail.Pos {
			v.fail.Code = FailReordered
		}
		return v.fail
	}
	f := Failure{Seq: rec.Seq, Pos: rec.Pos, Line: line, Verified: v.size, WantPos: v.size + 1}
	switch {
	case rec.Pos == v.size+1:
	case rec.Pos > v.size+1:
		f.Code = FailGap
	case rec.Pos == v.size:
		f.Code = FailDuplicate
	default:
		f.Code = FailReordered
	}
	if f.Code != "" {
		return v.failWith(f)
	}
	prev, err := ParseHash(rec.PrevHash)
	if err != nil {
		f.Code, f.Detail = FailMalformed, "prev_hash: "+err.Error()
		return v.failWith(f)
	}
	if prev != v.head {
		f.Code, f.Want, f.Got = FailPrevHash, hex.EncodeToString(v.head[:]), rec.PrevHash
		return v.failWith(f)
	}
	stored, err := ParseHash(rec.Hash)
	if err != nil {
		f.Code, f.Detail = FailMalformed, "hash: "+err.Error()
		return v.failWith(f)
	}
	h, err := rec.Entry.Hash(v.head)
	if err != nil {
		f.Code, f.Detail = FailMalformed, err.Error()
		return v.failWith(f)
	}
	if h != stored {
		f.Code, f.Want, f.Got = FailHash, hex.EncodeToString(h[:]), rec.Hash
		return v.failWith(f)
	}
	v.size, v.head = rec.Pos, h
	if rec.ObjectType == ObjectAuditKey && (rec.Action == ActionKeyPin || rec.Action == ActionKeyRotate) {
		v.keys = append(v.keys, rec.ObjectID)
	}
	if v.since != nil && !v.sinceOK && v.size == v.since.Size {
		if v.head != v.since.Head {
			// The event itself is consistent; the history up to it is not the
			// one the checkpoint signed.
			f.Code, f.Want, f.Got = FailCheckpoint, hex.EncodeToString(v.since.Head[:]), rec.Hash
			v.size, v.head = rec.Pos-1, prev
			return v.failWith(f)
		}
		v.sinceOK = true
	}
	return nil
}

// AddMalformed records that the event with this seq and pos could not be
// turned into a Record (for example its stored data is not a JSON object,
// so DataDigest failed): it counts as the chain's first failure
// (FailMalformed) unless one came before. It returns the first failure.
func (v *Verifier) AddMalformed(seq, pos int64, detail string) error {
	v.events++
	if v.fail != nil {
		return v.fail
	}
	return v.failWith(Failure{Code: FailMalformed, Seq: seq, Pos: pos, Verified: v.size, WantPos: v.size + 1, Detail: detail})
}

func (v *Verifier) failWith(f Failure) error {
	v.fail = &f
	return v.fail
}

// failLine records a failure that is not tied to a record (a line that
// could not be decoded).
func (v *Verifier) failLine(line int, detail string) {
	v.events++
	if v.fail == nil {
		v.fail = &Failure{Code: FailMalformed, Line: line, Verified: v.size, WantPos: v.size + 1, Detail: detail}
	}
}

// Finish ends the chain and returns the result. With a checkpoint, a chain
// that stopped before reaching it fails with FailTruncated, and a
// checkpoint signed by a key the chain never pinned (its first key or a
// recorded rotation) with FailCheckpointKey.
func (v *Verifier) Finish() Result {
	if v.fail == nil && v.since != nil && !v.sinceOK {
		v.fail = &Failure{Code: FailTruncated, Verified: v.size, WantPos: v.since.Size}
	}
	if v.fail == nil && v.since != nil {
		r := Result{Keys: v.keys}
		if fp := Fingerprint(v.since.PublicKey); !r.Pinned(fp) {
			v.fail = &Failure{Code: FailCheckpointKey, Verified: v.size, WantPos: v.size + 1, Key: fp}
		}
	}
	return Result{
		Keys:    v.keys,
		Events:  v.events,
		Size:    v.size,
		Head:    v.head,
		Since:   v.since,
		SinceOK: v.sinceOK,
		Failure: v.fail,
	}
}
