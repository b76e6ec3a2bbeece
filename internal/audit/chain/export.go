package chain

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"
)

// The export format (asnpro audit export) is JSON Lines: one object per
// sealed event, in pos order, each line ending in "\n", with exactly these
// members in this order:
//
//	{"seq":N,"pos":N,"at":"…","actor":"…","role":"…","action":"…",
//	 "object_type":"…","object_id":"…","data_sha256":"…","client_sha256":"…",
//	 "prev_hash":"…","hash":"…"}
//
// seq and pos are JSON integers; "at" is in TimeLayout; the hashes and
// digests are lower-case hex. The event's data and client address are not
// exported, only their digests, so the file holds no personal data beyond
// what the actor/object ids reveal, and still verifies. Strings are written
// as JCS writes them (no HTML escaping).

// MaxLineBytes bounds one line of an export when decoding.
const MaxLineBytes = 1 << 20

// AppendRecord appends rec as one export line, newline included.
// Errors: *EntryError when a string is not valid UTF-8 or "at" is outside
// the years 0000–9999.
func AppendRecord(dst []byte, rec Record) ([]byte, error) {
	for _, f := range [...]struct{ name, v string }{
		{"actor", rec.Actor}, {"role", rec.Role}, {"action", rec.Action}, {"object_type", rec.ObjectType},
		{"object_id", rec.ObjectID}, {"data_sha256", rec.DataSHA256}, {"client_sha256", rec.ClientSHA256},
		{"prev_hash", rec.PrevHash}, {"hash", rec.Hash},
	} {
		if !utf8.ValidString(f.v) {
			return dst, &EntryError{Field: f.name, Detail: "not valid UTF-8"}
		}
	}
	if y := rec.At.UTC().Year(); y < 0 || y > 9999 {
		return dst, &EntryError{Field: "at", Detail: fmt.Sprintf("year %d cannot be written in RFC 3339", y)}
	}
	dst = append(dst, `{"seq":`...)
	dst = fmt.Appendf(dst, "%d", rec.Seq)
	dst = append(dst, `,"pos":`...)
	dst = fmt.Appendf(dst, "%d", rec.Pos)
	dst = append(dst, `,"at":"`...)
	dst = appendTime(dst, rec.At)
	dst = append(dst, `","actor":`...)
	dst = appendString(dst, rec.Actor)
	dst = append(dst, `,"role":`...)
	dst = appendString(dst, rec.Role)
	dst = append(dst, `,"action":`...)
	dst = appendString(dst, rec.Action)
	dst = append(dst, `,"object_type":`...)
	dst = appendString(dst, rec.ObjectType)
	dst = append(dst, `,"object_id":`...)
	dst = appendString(dst, rec.ObjectID)
	dst = append(dst, `,"data_sha256":`...)
	dst = appendString(dst, rec.DataSHA256)
	dst = append(dst, `,"client_sha256":`...)
	dst = appendString(dst, rec.ClientSHA256)
	dst = append(dst, `,"prev_hash":`...)
	dst = appendString(dst, rec.PrevHash)
	dst = append(dst, `,"hash":`...)
	dst = appendString(dst, rec.Hash)
	return append(dst, "}\n"...), nil
}

// Encoder writes export lines.
type Encoder struct {
	w   io.Writer
	buf []byte
}

// NewEncoder returns an Encoder writing to w (wrap w in a bufio.Writer for
// large exports).
func NewEncoder(w io.Writer) *Encoder { return &Encoder{w: w} }

// Encode writes rec as one line. Errors: those of AppendRecord, or w's.
func (e *Encoder) Encode(rec Record) error {
	var err error
	e.buf, err = AppendRecord(e.buf[:0], rec)
	if err != nil {
		return err
	}
	_, err = e.w.Write(e.buf)
	return err
}

// LineError is an export line that cannot be decoded.
type LineError struct {
	Line   int
	Detail string
}

func (e *LineError) Error() string { return fmt.Sprintf("export line %d: %s", e.Line, e.Detail) }

// Decoder reads export lines. Blank lines are skipped; "\r\n" endings are
// accepted.
type Decoder struct {
	r    *bufio.Reader
	line int
}

// NewDecoder returns a Decoder reading from r.
func NewDecoder(r io.Reader) *Decoder { return &Decoder{r: bufio.NewReaderSize(r, 64<<10)} }

// Line returns the number of the line read last (1-based).
func (d *Decoder) Line() int { return d.line }

// wireRecord is a line as JSON; pointers tell a missing member from an
// empty one.
type wireRecord struct {
	Seq          *int64  `json:"seq"`
	Pos          *int64  `json:"pos"`
	At           *string `json:"at"`
	Actor        *string `json:"actor"`
	Role         *string `json:"role"`
	Action       *string `json:"action"`
	ObjectType   *string `json:"object_type"`
	ObjectID     *string `json:"object_id"`
	DataSHA256   *string `json:"data_sha256"`
	ClientSHA256 *string `json:"client_sha256"`
	PrevHash     *string `json:"prev_hash"`
	Hash         *string `json:"hash"`
}

// Decode reads the next record. It returns io.EOF after the last one, a
// *LineError for a line that is not a valid record (not JSON, invalid
// UTF-8, a duplicate, unknown or missing member, a non-integer seq/pos, an
// "at" not in TimeLayout), or the reader's error. The hashes are returned as
// written: the Verifier checks them.
func (d *Decoder) Decode() (Record, error) {
	for {
		raw, err := d.readLine()
		if err != nil {
			return Record{}, err
		}
		raw = bytes.TrimRight(raw, "\r\n")
		if len(bytes.TrimSpace(raw)) == 0 {
			continue
		}
		return d.decodeLine(raw)
	}
}

func (d *Decoder) readLine() ([]byte, error) {
	var long []byte
	for {
		chunk, err := d.r.ReadSlice('\n')
		if err == nil || (err == io.EOF && (len(chunk) > 0 || long != nil)) {
			d.line++
			if long == nil {
				return chunk, nil
			}
			return append(long, chunk...), nil
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			if len(long)+len(chunk) > MaxLineBytes {
				d.line++
				return nil, &LineError{Line: d.line, Detail: fmt.Sprintf("longer than %d bytes", MaxLineBytes)}
			}
			long = append(long, chunk...)
			continue
		}
		return nil, err
	}
}

func (d *Decoder) decodeLine(raw []byte) (Record, error) {
	bad := func(format string, args ...any) (Record, error) {
		return Record{}, &LineError{Line: d.line, Detail: fmt.Sprintf(format, args...)}
	}
	// Canonicalize rejects what encoding/json would silently repair or
	// accept: invalid UTF-8, lone surrogates, duplicate members.
	if _, err := Canonicalize(raw); err != nil {
		return bad("%v", err)
	}
	var w wireRecord
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&w); err != nil {
		return bad("%v", err)
	}
	if dec.More() {
		return bad("more than one JSON value")
	}
	for _, m := range [...]struct {
		name    string
		present bool
	}{
		{"seq", w.Seq != nil}, {"pos", w.Pos != nil}, {"at", w.At != nil}, {"actor", w.Actor != nil},
		{"role", w.Role != nil}, {"action", w.Action != nil}, {"object_type", w.ObjectType != nil},
		{"object_id", w.ObjectID != nil}, {"data_sha256", w.DataSHA256 != nil},
		{"client_sha256", w.ClientSHA256 != nil}, {"prev_hash", w.PrevHash != nil}, {"hash", w.Hash != nil},
	} {
		if !m.present {
			return bad("member %q is missing", m.name)
		}
	}
	at, err := ParseTime(*w.At)
	if err != nil {
		return bad("at: %v", err)
	}
	return Record{
		Seq: *w.Seq,
		Entry: Entry{
			Pos:          *w.Pos,
			At:           at,
			Actor:        *w.Actor,
			Role:         *w.Role,
			Action:       *w.Action,
			ObjectType:   *w.ObjectType,
			ObjectID:     *w.ObjectID,
			DataSHA256:   *w.DataSHA256,
			ClientSHA256: *w.ClientSHA256,
		},
		PrevHash: *w.PrevHash,
		Hash:     *w.Hash,
	}, nil
}

// VerifyJSONL verifies an export read from r, from pos 1. When since is not
// nil, its signature is checked first (with the public key it carries — a
// caller that pins the instance's key compares since.PublicKey itself), and
// the chain must pass through it.
//
// The Result names the first bad event (Failure). The error is for what
// prevents verification: an invalid since (*CheckpointError) or a read
// error.
func VerifyJSONL(r io.Reader, since *Checkpoint) (Result, error) {
	if since != nil {
		if err := since.Verify(); err != nil {
			return Result{}, err
		}
	}
	v := NewVerifier(since)
	dec := NewDecoder(r)
	for {
		rec, err := dec.Decode()
		if err == io.EOF {
			break
		}
		var le *LineError
		if errors.As(err, &le) {
			v.failLine(le.Line, le.Detail)
			break
		}
		if err != nil {
			return v.Finish(), err
		}
		v.add(rec, dec.Line())
		// Read on after a gap only: a missing pos that turns up later shows
		// the chain was reordered rather than cut.
		if f := v.Failure(); f != nil && f.Code != FailGap {
			break
		}
	}
	return v.Finish(), nil
}
