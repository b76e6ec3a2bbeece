package chain

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"
)

// The worked example of doc.go, checked against hand-written canonical JSON.
func TestDocExample(t *testing.T) {
	data, err := DataDigest([]byte(`{"username":"panitia","roles":["committee"]}`))
	if err != nil {
		t.Fatal(err)
	}
	e1 := Entry{Pos: 1, At: time.Date(2026, 11, 28, 10, 46, 24, 123456789, time.FixedZone("WIB", 7*3600)),
		Actor: "1", Role: "admin", Action: "user.create", ObjectType: "user", ObjectID: "2",
		DataSHA256: data, ClientSHA256: ClientDigest("203.0.113.7")}
	e2 := Entry{Pos: 2, At: time.Date(2026, 11, 28, 3, 47, 0, 0, time.UTC),
		Action: "login.fail", ObjectType: "user", DataSHA256: EmptyDataSHA256}
	const (
		json1 = `{"action":"user.create","actor":"1","at":"2026-11-28T03:46:24.123456Z",` +
			`"client_sha256":"fec52565aa0cf18f57d7cf5b3ac728503b8992d2d6f7d46da1d1201090902b02",` +
			`"data_sha256":"0093cd3bd123f345b04f169dda7bff5b2c11434175d5bea60e1d75a8562be3de","object_id":"2","object_type":"user",` +
			`"pos":1,"role":"admin","v":1}`
		leaf1 = "cca6e641e89cd50d85202395dd7c5fe00282ac0a748414d8f695d94887b791f7"
		hash1 = "94d13177970dcf09d99d63db5cc8f4ae16106b03d0b03a6e28aec36563a7060c"
		json2 = `{"action":"login.fail","actor":"","at":"2026-11-28T03:47:00.000000Z","client_sha256":"",` +
			`"data_sha256":"44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a","object_id":"","object_type":"user",` +
			`"pos":2,"role":"","v":1}`
		leaf2 = "aa787c85e157f81d06744d882e502e1d687e5153ab7c900f2ed35fd062cdc78a"
		hash2 = "890a8cf9675aa1f6372cee0e1ddfb8a0ba87cd52594c39d5e8f99f528b17a722"
	)
	if sum := sha256.Sum256([]byte(`{"roles":["committee"],"username":"panitia"}`)); data != hex.EncodeToString(sum[:]) {
		t.Fatalf("data digest %s", data)
	}
	if s := sha256.Sum256([]byte("{}")); EmptyDataSHA256 != hex.EncodeToString(s[:]) {
		t.Fatal("EmptyDataSHA256")
	}
	prev := Genesis
	for _, c := range []struct {
		e                Entry
		json, leaf, hash string
	}{{e1, json1, leaf1, hash1}, {e2, json2, leaf2, hash2}} {
		b, err := c.e.AppendCanonical(nil)
		if err != nil || string(b) != c.json {
			t.Fatalf("canonical\n got %s %v\nwant %s", b, err, c.json)
		}
		leaf, _ := c.e.Leaf()
		if want := sha256.Sum256([]byte(c.json)); leaf != want || hex.EncodeToString(leaf[:]) != c.leaf {
			t.Fatalf("leaf %x", leaf)
		}
		// hash = SHA-256(prev || leaf), computed independently.
		h := sha256.New()
		h.Write(prev[:])
		h.Write(leaf[:])
		if got := Link(prev, leaf); hex.EncodeToString(got[:]) != c.hash || string(h.Sum(nil)) != string(got[:]) {
			t.Fatalf("hash %x", got)
		}
		got, _ := c.e.Hash(prev)
		prev = got
	}
}

// canonicalViaJCS builds the leaf object generically and canonicalises it.
func canonicalViaJCS(t *testing.T, e Entry) string {
	t.Helper()
	obj := map[string]any{"v": 1, "pos": e.Pos, "at": FormatTime(e.At), "actor": e.Actor, "role": e.Role,
		"action": e.Action, "object_type": e.ObjectType, "object_id": e.ObjectID,
		"data_sha256": e.DataSHA256, "client_sha256": e.ClientSHA256}
	raw, err := json.Marshal(obj) // escapes HTML and U+2028: Canonicalize must undo it
	if err != nil {
		t.Fatal(err)
	}
	c, err := Canonicalize(raw)
	if err != nil {
		t.Fatal(err)
	}
	return string(c)
}

func TestLeafMatchesCanonicalize(t *testing.T) {
	var ctl strings.Builder
	for c := 0; c < 0x20; c++ {
		ctl.WriteByte(byte(c))
	}
	strs := []string{"", "admin", `"quoted"`, `back\slash`, ctl.String(), "\x7f", "<script>&amp;</script>",
		"Palangka Raya — Kalimantan Tengah", "é ö € \u2028 \u2029 \ufeff 😀 \U0010FFFF \uffff", "tab\there\nnewline",
		"/slash/", "12345678901234567890"}
	at := time.Date(2026, 11, 28, 3, 46, 24, 999999999, time.UTC)
	for i, s := range strs {
		e := Entry{Pos: int64(i + 1), At: at, Actor: s, Role: s, Action: s, ObjectType: s, ObjectID: s,
			DataSHA256: EmptyDataSHA256, ClientSHA256: ClientDigest(s)}
		got, err := e.AppendCanonical(nil)
		if err != nil {
			t.Fatal(err)
		}
		if want := canonicalViaJCS(t, e); string(got) != want {
			t.Errorf("%q:\n got %s\nwant %s", s, got, want)
		}
	}
	for _, pos := range []int64{1, 9, 10, 999999, MaxPos} {
		e := Entry{Pos: pos, At: at, DataSHA256: EmptyDataSHA256}
		got, _ := e.AppendCanonical(nil)
		if want := canonicalViaJCS(t, e); string(got) != want {
			t.Errorf("pos %d:\n got %s\nwant %s", pos, got, want)
		}
	}
}

func FuzzLeafMatchesJCS(f *testing.F) {
	f.Add(int64(1), int64(1795837584123456789), "1", "admin", "user.create", "user", "2", "203.0.113.7")
	f.Add(int64(42), int64(0), "\"\\\x00\x1f", "é😀", "\u2028", "<&>", "", "")
	f.Fuzz(func(t *testing.T, pos, nanos int64, actor, role, action, otype, oid, client string) {
		e := Entry{Pos: pos, At: time.Unix(0, nanos), Actor: actor, Role: role, Action: action, ObjectType: otype,
			ObjectID: oid, DataSHA256: EmptyDataSHA256, ClientSHA256: ClientDigest(client)}
		got, err := e.AppendCanonical(nil)
		if err != nil {
			var ee *EntryError
			if !errors.As(err, &ee) {
				t.Fatalf("error %v", err)
			}
			return
		}
		if want := canonicalViaJCS(t, e); string(got) != want {
			t.Fatalf("\n got %s\nwant %s", got, want)
		}
	})
}

func TestEntryErrors(t *testing.T) {
	ok := Entry{Pos: 1, At: time.Unix(0, 0), DataSHA256: EmptyDataSHA256}
	tests := []struct {
		field string
		edit  func(*Entry)
	}{
		{"pos", func(e *Entry) { e.Pos = 0 }},
		{"pos", func(e *Entry) { e.Pos = -1 }},
		{"pos", func(e *Entry) { e.Pos = MaxPos + 1 }},
		{"at", func(e *Entry) { e.At = time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC) }},
		{"at", func(e *Entry) { e.At = time.Date(-1, 1, 1, 0, 0, 0, 0, time.UTC) }},
		{"actor", func(e *Entry) { e.Actor = "\xff" }},
		{"object_id", func(e *Entry) { e.ObjectID = "a\xc3" }},
		{"data_sha256", func(e *Entry) { e.DataSHA256 = "" }},
		{"data_sha256", func(e *Entry) { e.DataSHA256 = strings.ToUpper(EmptyDataSHA256) }},
		{"client_sha256", func(e *Entry) { e.ClientSHA256 = "abc" }},
	}
	if _, err := ok.Leaf(); err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		e := ok
		tt.edit(&e)
		_, err := e.Leaf()
		var ee *EntryError
		if !errors.As(err, &ee) || ee.Field != tt.field {
			t.Errorf("%s: error %v", tt.field, err)
		}
	}
}

func TestFormatTime(t *testing.T) {
	tests := []struct {
		t    time.Time
		want string
	}{
		{time.Date(2026, 11, 28, 3, 46, 24, 0, time.UTC), "2026-11-28T03:46:24.000000Z"},
		// Truncated, not rounded.
		{time.Date(2026, 11, 28, 3, 46, 24, 999999999, time.UTC), "2026-11-28T03:46:24.999999Z"},
		{time.Date(2026, 11, 28, 3, 46, 24, 1999, time.UTC), "2026-11-28T03:46:24.000001Z"},
		// Converted to UTC.
		{time.Date(2026, 11, 28, 6, 46, 24, 5000, time.FixedZone("WIB", 7*3600)), "2026-11-27T23:46:24.000005Z"},
		{time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC), "0001-01-01T00:00:00.000000Z"},
	}
	for _, tt := range tests {
		if got := FormatTime(tt.t); got != tt.want {
			t.Errorf("FormatTime(%v) = %s, want %s", tt.t, got, tt.want)
		}
		if got := tt.t.UTC().Truncate(time.Microsecond).Format(TimeLayout); got != tt.want {
			t.Errorf("layout disagrees: %s", got)
		}
		back, err := ParseTime(tt.want)
		if err != nil || !back.Equal(tt.t.Truncate(time.Microsecond)) {
			t.Errorf("ParseTime(%s) = %v, %v", tt.want, back, err)
		}
	}
	for _, bad := range []string{"2026-11-28T03:46:24Z", "2026-11-28T03:46:24.000Z", "2026-11-28T03:46:24.0000000Z",
		"2026-11-28T10:46:24.000000+07:00", "2026-11-28t03:46:24.000000z", "2026-11-28 03:46:24.000000Z", "2026-02-30T00:00:00.000000Z"} {
		if _, err := ParseTime(bad); err == nil {
			t.Errorf("ParseTime(%s) accepted", bad)
		}
	}
}

func TestDataDigest(t *testing.T) {
	for _, empty := range []string{"", " ", "{}", " { } ", "\n"} {
		if d, err := DataDigest([]byte(empty)); err != nil || d != EmptyDataSHA256 {
			t.Errorf("DataDigest(%q) = %s, %v", empty, d, err)
		}
	}
	a, _ := DataDigest([]byte(`{"b":[1.0,2],"a":"\u00e9<"}`))
	b, _ := DataDigest([]byte("{\"a\":\"é\\u003c\",\"b\":[1,2.00]}"))
	sum := sha256.Sum256([]byte(`{"a":"é<","b":[1,2]}`))
	if a != b || a != hex.EncodeToString(sum[:]) {
		t.Errorf("digests %s %s", a, b)
	}
	for _, bad := range []string{"[]", `"x"`, "1", "null", "{", `{"a":1,"a":2}`} {
		if _, err := DataDigest([]byte(bad)); err == nil {
			t.Errorf("DataDigest(%s) accepted", bad)
		}
	}
}

func TestClientDigest(t *testing.T) {
	if ClientDigest("") != "" {
		t.Error("empty client")
	}
	sum := sha256.Sum256([]byte("203.0.113.7"))
	if ClientDigest("203.0.113.7") != hex.EncodeToString(sum[:]) {
		t.Error("client digest")
	}
}

func TestParseHash(t *testing.T) {
	if h, err := ParseHash(EmptyDataSHA256); err != nil || hex.EncodeToString(h[:]) != EmptyDataSHA256 {
		t.Fatal(h, err)
	}
	for _, bad := range []string{"", "00", strings.ToUpper(EmptyDataSHA256), EmptyDataSHA256 + "0", "g" + EmptyDataSHA256[1:]} {
		if _, err := ParseHash(bad); err == nil {
			t.Errorf("ParseHash(%q) accepted", bad)
		}
	}
}

func BenchmarkLeafAndLink(b *testing.B) {
	e := Entry{Pos: 1, At: time.Date(2026, 11, 28, 3, 46, 24, 123456789, time.UTC), Actor: "1024", Role: "verifier",
		Action: "application.verify", ObjectType: "application", ObjectID: "123456",
		DataSHA256: EmptyDataSHA256, ClientSHA256: ClientDigest("203.0.113.7")}
	head := Genesis
	b.ReportAllocs()
	for b.Loop() {
		e.Pos++
		leaf, err := e.Leaf()
		if err != nil {
			b.Fatal(err)
		}
		head = Link(head, leaf)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "events/s")
}

func BenchmarkDataDigest(b *testing.B) {
	data := []byte(
		`{"formation_id":"17","decision":"MS","reasons":[{"requirement":"ijazah","note":"sesuai"}],"documents":["a1b2","c3d4"],"score":87.5}`,
	)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := DataDigest(data); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "digests/s")
}
