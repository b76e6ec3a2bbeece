package chain

import (
	"slices"
	"unicode/utf8"
)

// AppendValue appends to dst the JCS text of v: byte for byte what
// Canonicalize makes of json.Marshal(v), without the detour through a JSON
// text and a parse (an audited write pays for both on the writer's path).
//
// It knows the types audit data is built from: nil, bool, string, the
// integer types, float64, map[string]any, map[string]string, []any,
// []string and []int64 (nested freely, up to MaxDepth). For anything else —
// a struct, a json.Marshaler, float32 (encoding/json writes its 32-bit
// shortest form), a string or map key that is not valid UTF-8 (encoding/json
// writes U+FFFD per bad byte), NaN or ±Inf (an error there) — it returns ok
// false and dst as it was: use json.Marshal and Canonicalize instead.
func AppendValue(dst []byte, v any) (_ []byte, ok bool) {
	n := len(dst)
	out, ok := appendValue(dst, v, 0)
	if !ok {
		return dst[:n], false
	}
	return out, true
}

func appendValue(dst []byte, v any, depth int) ([]byte, bool) {
	switch x := v.(type) {
	case nil:
		return append(dst, "null"...), true
	case bool:
		if x {
			return append(dst, "true"...), true
		}
		return append(dst, "false"...), true
	case string:
		if !utf8.ValidString(x) {
			return dst, false
		}
		return appendString(dst, x), true
	case int:
		return appendFloat(dst, float64(x))
	case int8:
		return appendFloat(dst, float64(x))
	case int16:
		return appendFloat(dst, float64(x))
	case int32:
		return appendFloat(dst, float64(x))
	case int64:
		return appendFloat(dst, float64(x))
	case uint:
		return appendFloat(dst, float64(x))
	case uint8:
		return appendFloat(dst, float64(x))
	case uint16:
		return appendFloat(dst, float64(x))
	case uint32:
		return appendFloat(dst, float64(x))
	case uint64:
		return appendFloat(dst, float64(x))
	case float64:
		return appendFloat(dst, x)
	case map[string]any:
		if x == nil {
			return append(dst, "null"...), true
		}
		return appendObject(dst, x, depth, func(dst []byte, v any) ([]byte, bool) { return appendValue(dst, v, depth+1) })
	case map[string]string:
		if x == nil {
			return append(dst, "null"...), true
		}
		return appendObject(dst, x, depth, func(dst []byte, v string) ([]byte, bool) { return appendValue(dst, v, depth+1) })
	case []any:
		return appendArray(dst, x, depth)
	case []string:
		return appendArray(dst, x, depth)
	case []int64:
		return appendArray(dst, x, depth)
	}
	return dst, false
}

// appendFloat is a JSON number as Canonicalize writes it: encoding/json
// writes an integer's digits or a float64's shortest form, Canonicalize
// reads them back as the nearest double and writes that (so integers
// beyond 2^53 round, exactly as float64(x) does).
func appendFloat(dst []byte, f float64) ([]byte, bool) {
	out, err := AppendNumber(dst, f)
	if err != nil {
		return dst, false
	}
	return out, true
}

func appendObject[V any](dst []byte, m map[string]V, depth int, val func([]byte, V) ([]byte, bool)) ([]byte, bool) {
	if depth >= MaxDepth {
		return dst, false
	}
	var small [8]string
	keys := small[:0]
	for k := range m {
		if !utf8.ValidString(k) {
			return dst, false
		}
		keys = append(keys, k)
	}
	slices.SortFunc(keys, compareUTF16)
	dst = append(dst, '{')
	for i, k := range keys {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendString(dst, k)
		dst = append(dst, ':')
		var ok bool
		if dst, ok = val(dst, m[k]); !ok {
			return dst, false
		}
	}
	return append(dst, '}'), true
}

func appendArray[E any](dst []byte, s []E, depth int) ([]byte, bool) {
	if s == nil {
		return append(dst, "null"...), true
	}
	if depth >= MaxDepth {
		return dst, false
	}
	dst = append(dst, '[')
	for i, e := range s {
		if i > 0 {
			dst = append(dst, ',')
		}
		var ok bool
		if dst, ok = appendValue(dst, any(e), depth+1); !ok {
			return dst, false
		}
	}
	return append(dst, ']'), true
}
