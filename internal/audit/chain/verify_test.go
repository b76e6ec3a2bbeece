package chain

import (
	"bytes"
	"crypto/ed25519"
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"
)

// sealed returns n correctly sealed records (seq = 100 + pos).
func sealed(t testing.TB, n int) []Record {
	t.Helper()
	recs := make([]Record, n)
	head := Genesis
	base := time.Date(2026, 11, 28, 3, 0, 0, 0, time.UTC)
	for i := range recs {
		e := Entry{Pos: int64(i + 1), At: base.Add(time.Duration(i) * 1500 * time.Microsecond),
			Actor: fmt.Sprint(i % 7), Role: "committee", Action: "application.verify", ObjectType: "application",
			ObjectID: fmt.Sprint(1000 + i), DataSHA256: EmptyDataSHA256, ClientSHA256: ClientDigest("203.0.113.7")}
		if i%3 == 0 {
			e.Actor, e.Role, e.ClientSHA256 = "", "", ""
		}
		h, err := e.Hash(head)
		if err != nil {
			t.Fatal(err)
		}
		recs[i] = Record{Seq: int64(100 + i + 1), Entry: e, PrevHash: hex.EncodeToString(head[:]), Hash: hex.EncodeToString(h[:])}
		head = h
	}
	return recs
}

// reseal recomputes prev_hash and hash of every record from i on, as an
// insider rewriting history would.
func reseal(t *testing.T, recs []Record) {
	head := Genesis
	for i := range recs {
		h, err := recs[i].Entry.Hash(head)
		if err != nil {
			t.Fatal(err)
		}
		recs[i].PrevHash, recs[i].Hash = hex.EncodeToString(head[:]), hex.EncodeToString(h[:])
		head = h
	}
}

// sealedPinned is sealed with a first event that pins priv's public key,
// as every chain asnpro writes begins.
func sealedPinned(t *testing.T, priv ed25519.PrivateKey, n int) []Record {
	recs := sealed(t, n)
	recs[0].Action, recs[0].ObjectType, recs[0].ObjectID = ActionKeyPin, ObjectAuditKey, Fingerprint(priv.Public().(ed25519.PublicKey))
	reseal(t, recs)
	return recs
}

func run(v *Verifier, recs []Record) Result {
	for _, r := range recs {
		v.Add(r)
	}
	return v.Finish()
}

func TestVerifierIntact(t *testing.T) {
	recs := sealed(t, 10)
	res := run(NewVerifier(nil), recs)
	if !res.OK() || res.Size != 10 || res.HeadHex() != recs[9].Hash || res.Events != 10 {
		t.Fatalf("result %+v", res)
	}
	if res := run(NewVerifier(nil), nil); !res.OK() || res.Size != 0 || res.Head != Genesis {
		t.Fatalf("empty chain %+v", res)
	}
	// Resume from the state after pos 4.
	h4, _ := ParseHash(recs[3].Hash)
	if res := run(Resume(4, h4), recs[4:]); !res.OK() || res.Size != 10 {
		t.Fatalf("resume %+v", res.Failure)
	}
	if res := run(Resume(4, Genesis), recs[4:]); res.OK() || res.Failure.Code != FailPrevHash {
		t.Fatalf("resume from a wrong head: %+v", res.Failure)
	}
}

func TestVerifierFailures(t *testing.T) {
	tests := []struct {
		name     string
		edit     func([]Record) []Record
		code     string
		seq, pos int64
		verified int64
		en       string
	}{
		{name: "content altered", code: FailHash, seq: 104, pos: 4, verified: 3,
			edit: func(r []Record) []Record { r[3].Actor = "6"; return r }},
		{name: "timestamp altered by a microsecond", code: FailHash, seq: 105, pos: 5, verified: 4,
			edit: func(r []Record) []Record { r[4].At = r[4].At.Add(time.Microsecond); return r }},
		{name: "data digest altered", code: FailHash, seq: 101, pos: 1, verified: 0,
			edit: func(r []Record) []Record { r[0].DataSHA256 = ClientDigest("x"); return r }},
		{name: "stored hash altered", code: FailHash, seq: 106, pos: 6, verified: 5,
			edit: func(r []Record) []Record { r[5].Hash = r[4].Hash; return r }},
		{name: "event removed", code: FailGap, seq: 105, pos: 5, verified: 3,
			edit: func(r []Record) []Record { return append(r[:3:3], r[4:]...) },
			en:   "event seq 105 (pos 5) follows pos 3: the event(s) at pos 4 are missing (removed)"},
		{name: "two events removed", code: FailGap, seq: 106, pos: 6, verified: 3,
			edit: func(r []Record) []Record { return append(r[:3:3], r[5:]...) },
			en:   "event seq 106 (pos 6) follows pos 3: the event(s) at pos 4–5 are missing (removed)"},
		{name: "first event removed", code: FailGap, seq: 102, pos: 2, verified: 0,
			edit: func(r []Record) []Record { return r[1:] }},
		{name: "duplicate", code: FailDuplicate, seq: 103, pos: 3, verified: 3,
			edit: func(r []Record) []Record { return append(r[:3:3], r[2:]...) },
			en:   "event seq 103 (pos 3) repeats pos 3 (duplicate)"},
		{name: "swapped (reordered)", code: FailReordered, seq: 105, pos: 5, verified: 3,
			edit: func(r []Record) []Record { r[3], r[4] = r[4], r[3]; return r },
			en:   "event seq 105 (pos 5) comes after pos 3: the chain was reordered"},
		{name: "moved back", code: FailReordered, seq: 103, pos: 3, verified: 1,
			edit: func(r []Record) []Record { return append(append(r[:1:1], r[2:5]...), r[1]) }},
		{name: "prev_hash altered", code: FailPrevHash, seq: 107, pos: 7, verified: 6,
			edit: func(r []Record) []Record { r[6].PrevHash = r[0].Hash; return r }},
		{name: "hash not hex", code: FailMalformed, seq: 103, pos: 3, verified: 2,
			edit: func(r []Record) []Record { r[2].Hash = strings.ToUpper(r[2].Hash); return r }},
		{name: "entry not hashable", code: FailMalformed, seq: 102, pos: 2, verified: 1,
			edit: func(r []Record) []Record { r[1].ObjectID = "\xff"; return r }},
		{name: "renumbered after a removal, hashes kept", code: FailPrevHash, seq: 105, pos: 4, verified: 3,
			edit: func(r []Record) []Record {
				r = append(r[:3:3], r[4:]...)
				for i := 3; i < len(r); i++ {
					r[i].Pos--
				}
				return r
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			recs := tt.edit(sealed(t, 10))
			check := func(how string, res Result) {
				t.Helper()
				f := res.Failure
				if f == nil {
					t.Fatalf("%s: no failure", how)
				}
				if f.Code != tt.code || f.Seq != tt.seq || f.Pos != tt.pos || res.Size != tt.verified || f.Verified != tt.verified {
					t.Fatalf("%s: failure %s seq %d pos %d, size %d: %s", how, f.Code, f.Seq, f.Pos, res.Size, f.Message("en"))
				}
				if tt.en != "" && strings.Replace(f.Message("en"), fmt.Sprintf(", line %d)", f.Line), ")", 1) != tt.en {
					t.Errorf("%s: message %q, want %q", how, f.Message("en"), tt.en)
				}
				if f.Error() != f.Message("id") || f.Message("id") == f.Message("en") {
					t.Errorf("messages %q / %q", f.Message("id"), f.Message("en"))
				}
			}
			check("Verifier", run(NewVerifier(nil), recs))
			var buf bytes.Buffer
			enc := NewEncoder(&buf)
			for _, r := range recs {
				if err := enc.Encode(r); err != nil {
					if tt.code == FailMalformed {
						return // not exportable in the first place
					}
					t.Fatal(err)
				}
			}
			res, err := VerifyJSONL(&buf, nil)
			if err != nil {
				t.Fatal(err)
			}
			check("VerifyJSONL", res)
			if res.Failure.Line == 0 {
				t.Errorf("no line number")
			}
		})
	}
}

func TestVerifierAddMalformed(t *testing.T) {
	recs := sealed(t, 4)
	v := NewVerifier(nil)
	v.Add(recs[0])
	v.AddMalformed(recs[1].Seq, recs[1].Pos, "data is not a JSON object")
	v.Add(recs[2])
	res := v.Finish()
	if f := res.Failure; f == nil || f.Code != FailMalformed || f.Pos != 2 || res.Size != 1 || res.Events != 3 ||
		f.Message("en") != "event seq 102 (pos 2) cannot be read or hashed: data is not a JSON object" {
		t.Fatalf("%+v %v", res, res.Failure)
	}
}

func TestVerifierCheckpoint(t *testing.T) {
	_, priv, _ := ed25519.GenerateKey(nil)
	recs := sealedPinned(t, priv, 10)
	h5, _ := ParseHash(recs[4].Hash)
	cp := Sign(priv, 5, h5, time.Date(2026, 11, 28, 4, 0, 0, 0, time.UTC))

	res := run(NewVerifier(&cp), recs)
	if !res.OK() || !res.SinceOK || res.Size != 10 {
		t.Fatalf("intact: %+v", res.Failure)
	}
	// The checkpoint at the very end.
	h10, _ := ParseHash(recs[9].Hash)
	end := Sign(priv, 10, h10, time.Now())
	if res := run(NewVerifier(&end), recs); !res.OK() || !res.SinceOK {
		t.Fatalf("checkpoint at the end: %+v", res.Failure)
	}
	// Size 0 with the zero head is always extended.
	zero := Sign(priv, 0, Genesis, time.Now())
	if res := run(NewVerifier(&zero), recs); !res.OK() || !res.SinceOK {
		t.Fatalf("empty checkpoint: %+v", res.Failure)
	}
	bogus := Sign(priv, 0, h5, time.Now())
	if res := run(NewVerifier(&bogus), recs); res.OK() || res.Failure.Code != FailCheckpoint {
		t.Fatalf("size 0 with a head: %+v", res)
	}

	// An insider alters event 2 and re-seals the whole chain: internally
	// consistent, but it no longer passes through the checkpoint.
	rewritten := sealedPinned(t, priv, 10)
	rewritten[1].Action = "application.reject"
	reseal(t, rewritten)
	if res := run(NewVerifier(nil), rewritten); !res.OK() {
		t.Fatalf("the rewritten chain should be self-consistent: %v", res.Failure)
	}
	res = run(NewVerifier(&cp), rewritten)
	if f := res.Failure; f == nil || f.Code != FailCheckpoint || f.Pos != 5 || res.Size != 4 {
		t.Fatalf("rewritten: %+v %v", res, f)
	}
	if msg := res.Failure.Message("en"); !strings.Contains(msg, "history up to pos 5 was rewritten") {
		t.Errorf("message %q", msg)
	}

	// A chain cut back below the checkpoint.
	res = run(NewVerifier(&cp), recs[:3])
	if f := res.Failure; f == nil || f.Code != FailTruncated || res.Size != 3 {
		t.Fatalf("truncated: %+v", res)
	}
	if msg := res.Failure.Message("en"); msg != "the chain ends at pos 3 but the checkpoint covers 5 events: events were removed" {
		t.Errorf("message %q", msg)
	}
}

func encodeAll(t *testing.T, recs []Record) []byte {
	t.Helper()
	var buf bytes.Buffer
	enc := NewEncoder(&buf)
	for _, r := range recs {
		if err := enc.Encode(r); err != nil {
			t.Fatal(err)
		}
	}
	return buf.Bytes()
}

func TestExportRoundTrip(t *testing.T) {
	recs := sealed(t, 5)
	recs[2].ObjectID = "\"quoted\" <tag> & é 😀 \u2028 \x01"
	reseal(t, recs)
	out := encodeAll(t, recs)
	lines := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
	if len(lines) != 5 {
		t.Fatalf("%d lines", len(lines))
	}
	want := fmt.Sprintf(
		`{"seq":101,"pos":1,"at":"2026-11-28T03:00:00.000000Z","actor":"","role":"","action":"application.verify",`+
			`"object_type":"application","object_id":"1000","data_sha256":"%s","client_sha256":"","prev_hash":"%064d","hash":"%s"}`,
		EmptyDataSHA256,
		0,
		recs[0].Hash,
	)
	if lines[0] != want {
		t.Errorf("line 1\n got %s\nwant %s", lines[0], want)
	}
	for _, l := range lines {
		if strings.Contains(l, `"data"`) || strings.Contains(l, `"client"`) {
			t.Errorf("export leaks data/client: %s", l)
		}
	}
	dec := NewDecoder(bytes.NewReader(out))
	for i := 0; ; i++ {
		r, err := dec.Decode()
		if err == io.EOF {
			if i != 5 {
				t.Fatalf("%d records", i)
			}
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if !r.At.Equal(recs[i].At) {
			t.Fatalf("at %v", r.At)
		}
		r.At = recs[i].At
		if r != recs[i] {
			t.Fatalf("record %d\n got %+v\nwant %+v", i, r, recs[i])
		}
	}
	res, err := VerifyJSONL(bytes.NewReader(out), nil)
	if err != nil || !res.OK() || res.Size != 5 {
		t.Fatalf("VerifyJSONL %+v %v", res, err)
	}
	// CRLF, blank lines and no final newline are fine.
	crlf := strings.ReplaceAll(string(out), "\n", "\r\n\r\n")
	crlf = strings.TrimSuffix(crlf, "\r\n\r\n")
	if res, err := VerifyJSONL(strings.NewReader(crlf), nil); err != nil || !res.OK() || res.Size != 5 {
		t.Fatalf("CRLF: %+v %v", res.Failure, err)
	}
}

func TestExportMalformedLines(t *testing.T) {
	recs := sealed(t, 3)
	good := strings.Split(strings.TrimSuffix(string(encodeAll(t, recs)), "\n"), "\n")
	line2 := good[1]
	tests := []struct{ name, line string }{
		{"not JSON", "{"},
		{"array", "[]"},
		{"missing member", strings.Replace(line2, `"role":"committee",`, ``, 1)},
		{"unknown member", strings.Replace(line2, `{"seq"`, `{"data":{},"seq"`, 1)},
		{"duplicate member", strings.Replace(line2, `{"seq":102`, `{"seq":102,"seq":102`, 1)},
		{"pos not an integer", strings.Replace(line2, `"pos":2`, `"pos":2.5`, 1)},
		{"pos as string", strings.Replace(line2, `"pos":2`, `"pos":"2"`, 1)},
		{"at with offset", strings.Replace(line2, `.001500Z`, `.001500+00:00`, 1)},
		{"at in milliseconds", strings.Replace(line2, `.001500Z`, `.001Z`, 1)},
		{"invalid UTF-8", strings.Replace(line2, `"committee"`, "\"comm\xffittee\"", 1)},
		{"lone surrogate", strings.Replace(line2, `"committee"`, `"\ud800"`, 1)},
		{"two values", line2 + " {}"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := good[0] + "\n" + tt.line + "\n" + good[2] + "\n"
			res, err := VerifyJSONL(strings.NewReader(in), nil)
			if err != nil {
				t.Fatal(err)
			}
			f := res.Failure
			if f == nil || f.Code != FailMalformed || f.Line != 2 || res.Size != 1 {
				t.Fatalf("result %+v, failure %+v", res, f)
			}
			if !strings.Contains(f.Message("en"), "line 2") {
				t.Errorf("message %q", f.Message("en"))
			}
		})
	}
	// A line longer than MaxLineBytes.
	huge := good[0] + "\n" + `{"seq":1,"actor":"` + strings.Repeat("x", MaxLineBytes+10) + `"}` + "\n"
	res, err := VerifyJSONL(strings.NewReader(huge), nil)
	if err != nil || res.Failure == nil || res.Failure.Code != FailMalformed || res.Failure.Line != 2 {
		t.Fatalf("huge line: %+v %v", res.Failure, err)
	}
}

func TestVerifyJSONLCheckpoint(t *testing.T) {
	_, priv, _ := ed25519.GenerateKey(nil)
	recs := sealedPinned(t, priv, 6)
	out := encodeAll(t, recs)
	h4, _ := ParseHash(recs[3].Hash)
	cp := Sign(priv, 4, h4, time.Now())
	res, err := VerifyJSONL(bytes.NewReader(out), &cp)
	if err != nil || !res.OK() || !res.SinceOK {
		t.Fatalf("%+v %v", res.Failure, err)
	}
	forged := cp
	forged.Size = 3
	if _, err := VerifyJSONL(bytes.NewReader(out), &forged); err == nil {
		t.Fatal("a checkpoint with a bad signature was used")
	}
	var ce *CheckpointError
	if _, err := VerifyJSONL(bytes.NewReader(out), &forged); !errors.As(err, &ce) {
		t.Fatalf("error %T", err)
	}
}

type failingReader struct{ data []byte }

func (r *failingReader) Read(p []byte) (int, error) {
	if len(r.data) == 0 {
		return 0, errors.New("disk on fire")
	}
	n := copy(p, r.data)
	r.data = r.data[n:]
	return n, nil
}

func TestVerifyJSONLReadError(t *testing.T) {
	out := encodeAll(t, sealed(t, 2))
	if _, err := VerifyJSONL(&failingReader{out}, nil); err == nil || !strings.Contains(err.Error(), "disk on fire") {
		t.Fatalf("error %v", err)
	}
}

func TestEncodeRejectsInvalidUTF8(t *testing.T) {
	r := sealed(t, 1)[0]
	r.Actor = "\xff"
	if err := NewEncoder(io.Discard).Encode(r); err == nil {
		t.Fatal("invalid UTF-8 exported")
	}
}

func BenchmarkVerifyJSONL(b *testing.B) {
	recs := sealed(b, 10000)
	var buf bytes.Buffer
	enc := NewEncoder(&buf)
	for _, r := range recs {
		enc.Encode(r)
	}
	data := buf.Bytes()
	b.ResetTimer()
	for b.Loop() {
		res, err := VerifyJSONL(bytes.NewReader(data), nil)
		if err != nil || !res.OK() {
			b.Fatal(res.Failure, err)
		}
	}
	b.ReportMetric(float64(b.N)*10000/b.Elapsed().Seconds(), "events/s")
}

// TestCheckpointKeyMustBePinned: a checkpoint whose signature is valid but
// whose key the chain never pinned (nor rotated to) is refused, from the
// database's records and from an export alike; a rotation recorded in the
// chain makes the new key's checkpoints acceptable.
func TestCheckpointKeyMustBePinned(t *testing.T) {
	_, priv, _ := ed25519.GenerateKey(nil)
	_, other, _ := ed25519.GenerateKey(nil)
	recs := sealedPinned(t, priv, 6)
	h4, _ := ParseHash(recs[3].Hash)
	at := time.Date(2026, 11, 28, 4, 0, 0, 0, time.UTC)
	good, foreign := Sign(priv, 4, h4, at), Sign(other, 4, h4, at)
	if res := run(NewVerifier(&good), recs); !res.OK() || !res.Pinned(Fingerprint(priv.Public().(ed25519.PublicKey))) {
		t.Fatalf("the pinned key's checkpoint: %+v", res.Failure)
	}
	res := run(NewVerifier(&foreign), recs)
	if f := res.Failure; f == nil || f.Code != FailCheckpointKey || f.Key != Fingerprint(other.Public().(ed25519.PublicKey)) {
		t.Fatalf("foreign key: %+v", res.Failure)
	}
	if msg := res.Failure.Message("en"); !strings.Contains(msg, "never pinned") || !strings.Contains(msg, f16(other)) {
		t.Errorf("message %q", msg)
	}
	res, err := VerifyJSONL(bytes.NewReader(encodeAll(t, recs)), &foreign)
	if err != nil || res.Failure == nil || res.Failure.Code != FailCheckpointKey {
		t.Fatalf("export, foreign key: %+v %v", res.Failure, err)
	}
	// A chain without any pinned key accepts no checkpoint.
	unpinned := sealed(t, 6)
	u4, _ := ParseHash(unpinned[3].Hash)
	cpu := Sign(priv, 4, u4, at)
	if res := run(NewVerifier(&cpu), unpinned); res.Failure == nil || res.Failure.Code != FailCheckpointKey {
		t.Fatalf("no key pinned: %+v", res.Failure)
	}
	// After a recorded rotation to other, other's checkpoints are accepted.
	rotated := sealedPinned(t, priv, 6)
	rotated[2].Action, rotated[2].ObjectType, rotated[2].ObjectID = ActionKeyRotate, ObjectAuditKey, Fingerprint(
		other.Public().(ed25519.PublicKey),
	)
	reseal(t, rotated)
	h5, _ := ParseHash(rotated[4].Hash)
	after := Sign(other, 5, h5, at)
	if res := run(NewVerifier(&after), rotated); !res.OK() {
		t.Fatalf("rotated key: %+v", res.Failure)
	}
}

func f16(priv ed25519.PrivateKey) string {
	return Fingerprint(priv.Public().(ed25519.PublicKey))[:16]
}

// TestTag: the tag is HMAC-SHA256 under the HKDF-derived key over the leaf
// object without pos, so it does not depend on the position, changes with
// any field and with the key, and the leaf itself is unchanged.
func TestTag(t *testing.T) {
	_, priv, _ := ed25519.GenerateKey(nil)
	_, other, _ := ed25519.GenerateKey(nil)
	k := NewTagKey(priv)
	e := sealed(t, 1)[0].Entry
	tag, err := k.Tag(e)
	if err != nil || len(tag) != 64 {
		t.Fatalf("%q %v", tag, err)
	}
	b, _ := e.AppendTagged(nil)
	if bytes.Contains(b, []byte(`"pos"`)) || !bytes.HasSuffix(b, []byte(`"v":1}`)) {
		t.Fatalf("tagged text %s", b)
	}
	moved := e
	moved.Pos = 99
	if !k.Check(moved, tag) {
		t.Error("the tag depends on pos")
	}
	changed := e
	changed.ObjectID += "1"
	if k.Check(changed, tag) {
		t.Error("a changed event keeps its tag")
	}
	if NewTagKey(other).Check(e, tag) || k.Check(e, "") {
		t.Error("another key, or no tag, matches")
	}
	// The derivation, spelled out (docs/TRANSPARENCY.md).
	kb, _ := hkdfKey(priv)
	if want := hmacHex(kb, b); want != tag {
		t.Fatalf("tag %s, want %s", tag, want)
	}
}

func hkdfKey(priv ed25519.PrivateKey) ([]byte, error) {
	return hkdf.Key(sha256.New, priv.Seed(), nil, "asnpro audit tag v1", 32)
}

func hmacHex(key, msg []byte) string {
	m := hmac.New(sha256.New, key)
	m.Write(msg)
	return hex.EncodeToString(m.Sum(nil))
}
