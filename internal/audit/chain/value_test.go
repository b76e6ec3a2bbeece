package chain

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

// slowJCS is the definition AppendValue must agree with.
func slowJCS(t *testing.T, v any) (string, bool) {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		return "", false
	}
	c, err := Canonicalize(b)
	if err != nil {
		t.Fatalf("Canonicalize(%s): %v", b, err)
	}
	return string(c), true
}

func TestAppendValue(t *testing.T) {
	type point struct{ X, Y int }
	cases := []struct {
		name string
		v    any
		ok   bool // AppendValue takes it (otherwise the caller falls back)
	}{
		{"empty object", map[string]any{}, true},
		{"nil", nil, true},
		{"bools", map[string]any{"t": true, "f": false}, true},
		{"unsorted keys", map[string]any{"b": 1, "a": 2, "c": map[string]any{"z": "", "y": nil}}, true},
		// U+E000 sorts after U+1F600 in UTF-16 (its first unit is a surrogate) but before it in UTF-8.
		{"utf16 key order", map[string]any{"\ue000": 1, "\U0001F600": 2, "a": 3}, true},
		{"escapes", map[string]any{"s": "q\"b\\n\n\t\x01\x1f<>&\u2028\u2029é😀"}, true},
		{"integers", map[string]any{"i": 42, "n": -7, "i8": int8(-8), "u16": uint16(65535), "i32": int32(-1 << 31),
			"u": uint(7), "u8": uint8(255), "u32": uint32(1 << 31), "i16": int16(-300)}, true},
		{"beyond 2^53", map[string]any{"big": int64(9007199254740993), "max": uint64(math.MaxUint64), "min": int64(math.MinInt64)}, true},
		{
			"floats",
			map[string]any{"a": 0.1, "b": 1e21, "c": 1e-7, "d": math.Copysign(0, -1), "e": 123456789.125, "f": 5e-324, "g": math.MaxFloat64},
			true,
		},
		{"arrays", map[string]any{"a": []any{1, "x", nil, []any{}}, "s": []string{"b", "a"}, "n": []int64{3, -1}}, true},
		{
			"nil containers",
			map[string]any{"m": map[string]any(nil), "ms": map[string]string(nil), "a": []any(nil), "s": []string(nil), "n": []int64(nil)},
			true,
		},
		{"string map", map[string]any{"m": map[string]string{"b": "2", "a": "1"}}, true},
		{"NaN", map[string]any{"x": math.NaN()}, false},
		{"Inf", map[string]any{"x": math.Inf(-1)}, false},
		{"float32", map[string]any{"x": float32(0.1)}, false},
		{"invalid utf8 value", map[string]any{"x": "a\xffb"}, false},
		{"invalid utf8 key", map[string]any{"a\xff": 1}, false},
		{"struct", map[string]any{"p": point{1, 2}}, false},
		{"time", map[string]any{"t": time.Date(2026, 11, 28, 1, 2, 3, 0, time.UTC)}, false},
		{"bytes", map[string]any{"b": []byte("x")}, false},
		{"raw message", map[string]any{"r": json.RawMessage(`{"b":1,"a":2}`)}, false},
		{"json number", map[string]any{"n": json.Number("1.50")}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, ok := AppendValue([]byte("prefix"), c.v)
			if ok != c.ok {
				t.Fatalf("ok = %v, want %v (got %s)", ok, c.ok, got)
			}
			if !ok {
				if string(got) != "prefix" {
					t.Fatalf("refused, but dst changed to %q", got)
				}
				return
			}
			want, marshals := slowJCS(t, c.v)
			if !marshals {
				t.Fatalf("AppendValue took a value encoding/json refuses: %s", got)
			}
			if string(got) != "prefix"+want {
				t.Errorf("AppendValue = %s\n want %s", strings.TrimPrefix(string(got), "prefix"), want)
			}
		})
	}
}

// TestAppendValueRandom compares AppendValue with json.Marshal and
// Canonicalize on random values of the types it takes.
func TestAppendValueRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	runes := []rune{'a', 'Z', '0', ' ', '"', '\\', '\n', 0x01, 0x1f, 0x7f, '<', '&', 'é', 0x2028, 0xe000, 0xfffd, 0xffff, 0x1f600, 0x10ffff}
	str := func() string {
		var b strings.Builder
		for range r.IntN(6) {
			b.WriteRune(runes[r.IntN(len(runes))])
		}
		return b.String()
	}
	var value func(depth int) any
	value = func(depth int) any {
		k := r.IntN(12)
		if depth > 4 && k >= 8 {
			k = r.IntN(8)
		}
		switch k {
		case 0:
			return nil
		case 1:
			return r.IntN(2) == 0
		case 2:
			return str()
		case 3:
			return r.Int64() >> r.IntN(64)
		case 4:
			return -r.IntN(1000)
		case 5:
			return math.Float64frombits(r.Uint64()&^(0x7ff<<52) | uint64(r.IntN(0x7ff))<<52) // finite
		case 6:
			return float64(r.IntN(1e6)) / 1000
		case 7:
			return r.Uint64()
		case 8:
			m := map[string]any{}
			for range r.IntN(5) {
				m[str()] = value(depth + 1)
			}
			return m
		case 9:
			a := make([]any, r.IntN(4))
			for i := range a {
				a[i] = value(depth + 1)
			}
			return a
		case 10:
			return []string{str(), str()}
		default:
			return map[string]string{str(): str(), str(): str()}
		}
	}
	for i := range 20000 {
		v := map[string]any{"v": value(0), str(): value(1)}
		got, ok := AppendValue(nil, v)
		if !ok {
			t.Fatalf("case %d: refused %#v", i, v)
		}
		want, _ := slowJCS(t, v)
		if string(got) != want {
			t.Fatalf("case %d: %#v\n got %s\nwant %s", i, v, got, want)
		}
	}
}

func BenchmarkAppendValue(b *testing.B) {
	v := map[string]any{"period_id": 12, "formation": "F-0012", "status": "submitted", "documents": []string{"ktp", "ijazah", "foto"}}
	b.Run("direct", func(b *testing.B) {
		var buf []byte
		for b.Loop() {
			buf, _ = AppendValue(buf[:0], v)
		}
	})
	b.Run("marshal+canonicalize", func(b *testing.B) {
		for b.Loop() {
			m, _ := json.Marshal(v)
			_, _ = Canonicalize(m)
		}
	})
}
