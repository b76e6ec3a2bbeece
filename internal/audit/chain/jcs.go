package chain

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// JSONError is why Canonicalize refused its input: Code is one of the
// JSON* constants, Offset the byte offset in the input where the problem
// was found.
type JSONError struct {
	Code   string
	Offset int
	Detail string
}

// Codes of JSONError.
const (
	JSONSyntax       = "syntax"         // not JSON (RFC 8259)
	JSONInvalidUTF8  = "invalid_utf8"   // bytes that are not UTF-8
	JSONSurrogate    = "lone_surrogate" // a \uD800–\uDFFF escape without its pair
	JSONDuplicateKey = "duplicate_key"  // an object names a member twice
	JSONNumberRange  = "number_range"   // a number beyond IEEE 754 double (±Inf)
	JSONTooDeep      = "too_deep"       // nesting deeper than MaxDepth
)

// MaxDepth is how deeply Canonicalize lets objects and arrays nest. (Audit
// data nests a few levels; the bound keeps hostile input cheap.)
const MaxDepth = 1000

func (e *JSONError) Error() string {
	return fmt.Sprintf("jcs: %s at byte %d: %s", e.Code, e.Offset, e.Detail)
}

// Canonicalize returns the RFC 8785 (JCS) form of a JSON text: no white
// space; object members sorted by the UTF-16 code units of their names;
// strings with only the escapes RFC 8785 §3.2.2.2 requires (\" \\ \b \f \n
// \r \t and \u00xx in lower-case hex for the other control characters, no
// HTML escaping, everything else as UTF-8); numbers as ECMAScript's
// Number.prototype.toString writes the IEEE 754 double they denote;
// literals as they are.
//
// It refuses (*JSONError) what has no canonical form: syntax errors,
// invalid UTF-8, escaped lone surrogates, duplicate member names (compared
// after unescaping), and numbers that overflow a double (a number that
// underflows becomes 0, as in ECMAScript). Noncharacters such as U+FFFF are
// accepted and written as UTF-8. Leading and trailing white space around
// the value is allowed; a byte-order mark is not.
func Canonicalize(raw []byte) ([]byte, error) {
	if !utf8.Valid(raw) {
		off := 0
		for off < len(raw) {
			r, n := utf8.DecodeRune(raw[off:])
			if r == utf8.RuneError && n == 1 {
				break
			}
			off += n
		}
		return nil, &JSONError{Code: JSONInvalidUTF8, Offset: off, Detail: "input is not valid UTF-8"}
	}
	p := parser{in: raw}
	p.skipSpace()
	out, err := p.value(make([]byte, 0, len(raw)))
	if err != nil {
		return nil, err
	}
	p.skipSpace()
	if p.pos != len(raw) {
		return nil, p.syntax("data after the JSON value")
	}
	return out, nil
}

type parser struct {
	in    []byte
	pos   int
	depth int
}

type member struct {
	name       string
	start, end int // the member's canonical "name":value in the output
}

func (p *parser) syntax(detail string) error {
	return &JSONError{Code: JSONSyntax, Offset: p.pos, Detail: detail}
}

func (p *parser) skipSpace() {
	for p.pos < len(p.in) {
		switch p.in[p.pos] {
		case ' ', '\t', '\n', '\r':
			p.pos++
		default:
			return
		}
	}
}

// value appends the canonical form of the value at p.pos to dst.
func (p *parser) value(dst []byte) ([]byte, error) {
	if p.pos >= len(p.in) {
		return nil, p.syntax("unexpected end of input")
	}
	switch c := p.in[p.pos]; {
	case c == '{':
		return p.object(dst)
	case c == '[':
		return p.array(dst)
	case c == '"':
		s, err := p.str()
		if err != nil {
			return nil, err
		}
		return appendString(dst, s), nil
	case c == '-' || c >= '0' && c <= '9':
		return p.number(dst)
	case c == 't':
		return p.literal(dst, "true")
	case c == 'f':
		return p.literal(dst, "false")
	case c == 'n':
		return p.literal(dst, "null")
	}
	return nil, p.syntax("unexpected character")
}

func (p *parser) literal(dst []byte, lit string) ([]byte, error) {
	if len(p.in)-p.pos < len(lit) || string(p.in[p.pos:p.pos+len(lit)]) != lit {
		return nil, p.syntax("invalid literal")
	}
	p.pos += len(lit)
	return append(dst, lit...), nil
}

func (p *parser) enter() error {
	p.depth++
	if p.depth > MaxDepth {
		return &JSONError{Code: JSONTooDeep, Offset: p.pos, Detail: fmt.Sprintf("nesting deeper than %d", MaxDepth)}
	}
	return nil
}

func (p *parser) array(dst []byte) ([]byte, error) {
	if err := p.enter(); err != nil {
		return nil, err
	}
	p.pos++ // [
	dst = append(dst, '[')
	p.skipSpace()
	if p.pos < len(p.in) && p.in[p.pos] == ']' {
		p.pos++
		p.depth--
		return append(dst, ']'), nil
	}
	for first := true; ; first = false {
		if !first {
			dst = append(dst, ',')
		}
		p.skipSpace()
		var err error
		if dst, err = p.value(dst); err != nil {
			return nil, err
		}
		p.skipSpace()
		if p.pos >= len(p.in) {
			return nil, p.syntax("unterminated array")
		}
		switch p.in[p.pos] {
		case ',':
			p.pos++
		case ']':
			p.pos++
			p.depth--
			return append(dst, ']'), nil
		default:
			return nil, p.syntax("expected ',' or ']' in array")
		}
	}
}

func (p *parser) object(dst []byte) ([]byte, error) {
	if err := p.enter(); err != nil {
		return nil, err
	}
	open := p.pos
	p.pos++ // {
	p.skipSpace()
	if p.pos < len(p.in) && p.in[p.pos] == '}' {
		p.pos++
		p.depth--
		return append(dst, '{', '}'), nil
	}
	// Members are written as they are parsed; only when their names were
	// not already in order is the object's text rearranged.
	dst = append(dst, '{')
	base := len(dst)
	var members []member
	for {
		p.skipSpace()
		if p.pos >= len(p.in) || p.in[p.pos] != '"' {
			return nil, p.syntax("expected a member name")
		}
		name, err := p.str()
		if err != nil {
			return nil, err
		}
		p.skipSpace()
		if p.pos >= len(p.in) || p.in[p.pos] != ':' {
			return nil, p.syntax("expected ':' after a member name")
		}
		p.pos++
		p.skipSpace()
		if len(members) > 0 {
			dst = append(dst, ',')
		}
		start := len(dst)
		dst = appendString(dst, name)
		dst = append(dst, ':')
		if dst, err = p.value(dst); err != nil {
			return nil, err
		}
		members = append(members, member{name: name, start: start, end: len(dst)})
		p.skipSpace()
		if p.pos >= len(p.in) {
			return nil, p.syntax("unterminated object")
		}
		if c := p.in[p.pos]; c == ',' {
			p.pos++
			continue
		} else if c != '}' {
			return nil, p.syntax("expected ',' or '}' in object")
		}
		p.pos++
		break
	}
	sorted := true
	for i := 1; i < len(members) && sorted; i++ {
		sorted = compareUTF16(members[i-1].name, members[i].name) < 0
	}
	if !sorted {
		slices.SortStableFunc(members, func(a, b member) int { return compareUTF16(a.name, b.name) })
		for i := 1; i < len(members); i++ {
			if members[i].name == members[i-1].name {
				return nil, &JSONError{Code: JSONDuplicateKey, Offset: open,
					Detail: fmt.Sprintf("the object names %q twice", members[i].name)}
			}
		}
		text := slices.Clone(dst[base:])
		dst = dst[:base]
		for i, m := range members {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = append(dst, text[m.start-base:m.end-base]...)
		}
	}
	p.depth--
	return append(dst, '}'), nil
}

// str reads the string at p.pos (an opening quote) and returns its value.
// The input is already known to be valid UTF-8.
func (p *parser) str() (string, error) {
	p.pos++ // "
	start := p.pos
	// Fast path: no escapes.
	for p.pos < len(p.in) {
		c := p.in[p.pos]
		if c == '"' {
			s := string(p.in[start:p.pos])
			p.pos++
			return s, nil
		}
		if c == '\\' {
			break
		}
		if c < 0x20 {
			return "", p.syntax("control character in string")
		}
		p.pos++
	}
	buf := append([]byte(nil), p.in[start:p.pos]...)
	for p.pos < len(p.in) {
		c := p.in[p.pos]
		switch {
		case c == '"':
			p.pos++
			return string(buf), nil
		case c < 0x20:
			return "", p.syntax("control character in string")
		case c != '\\':
			buf = append(buf, c)
			p.pos++
			continue
		}
		// An escape.
		if p.pos+1 >= len(p.in) {
			break
		}
		esc := p.in[p.pos+1]
		p.pos += 2
		switch esc {
		case '"', '\\', '/':
			buf = append(buf, esc)
		case 'b':
			buf = append(buf, '\b')
		case 'f':
			buf = append(buf, '\f')
		case 'n':
			buf = append(buf, '\n')
		case 'r':
			buf = append(buf, '\r')
		case 't':
			buf = append(buf, '\t')
		case 'u':
			at := p.pos - 2
			r, ok := p.hex4()
			if !ok {
				return "", p.syntax("invalid \\u escape")
			}
			if utf16.IsSurrogate(r) {
				// A high surrogate must be followed by an escaped low one.
				var r2 rune = -1
				if r < 0xdc00 && p.pos+1 < len(p.in) && p.in[p.pos] == '\\' && p.in[p.pos+1] == 'u' {
					p.pos += 2
					if r2, ok = p.hex4(); !ok {
						return "", p.syntax("invalid \\u escape")
					}
				}
				if r2 < 0xdc00 || r2 > 0xdfff {
					return "", &JSONError{Code: JSONSurrogate, Offset: at, Detail: "unpaired UTF-16 surrogate escape"}
				}
				r = utf16.DecodeRune(r, r2)
			}
			buf = utf8.AppendRune(buf, r)
		default:
			p.pos -= 2
			return "", p.syntax("invalid escape")
		}
	}
	return "", p.syntax("unterminated string")
}

func (p *parser) hex4() (rune, bool) {
	if len(p.in)-p.pos < 4 {
		return 0, false
	}
	var r rune
	for _, c := range p.in[p.pos : p.pos+4] {
		switch {
		case c >= '0' && c <= '9':
			r = r<<4 | rune(c-'0')
		case c >= 'a' && c <= 'f':
			r = r<<4 | rune(c-'a'+10)
		case c >= 'A' && c <= 'F':
			r = r<<4 | rune(c-'A'+10)
		default:
			return 0, false
		}
	}
	p.pos += 4
	return r, true
}

func (p *parser) number(dst []byte) ([]byte, error) {
	start := p.pos
	digits := func() int {
		n := 0
		for p.pos < len(p.in) && p.in[p.pos] >= '0' && p.in[p.pos] <= '9' {
			p.pos++
			n++
		}
		return n
	}
	if p.in[p.pos] == '-' {
		p.pos++
	}
	switch {
	case p.pos < len(p.in) && p.in[p.pos] == '0':
		p.pos++
	case digits() == 0:
		return nil, p.syntax("invalid number")
	}
	if p.pos < len(p.in) && p.in[p.pos] == '.' {
		p.pos++
		if digits() == 0 {
			return nil, p.syntax("invalid number: no digits after '.'")
		}
	}
	if p.pos < len(p.in) && (p.in[p.pos] == 'e' || p.in[p.pos] == 'E') {
		p.pos++
		if p.pos < len(p.in) && (p.in[p.pos] == '+' || p.in[p.pos] == '-') {
			p.pos++
		}
		if digits() == 0 {
			return nil, p.syntax("invalid number: no digits in exponent")
		}
	}
	f, err := strconv.ParseFloat(string(p.in[start:p.pos]), 64)
	if err != nil && !errors.Is(err, strconv.ErrRange) {
		return nil, &JSONError{Code: JSONSyntax, Offset: start, Detail: err.Error()}
	}
	if math.IsInf(f, 0) {
		return nil, &JSONError{Code: JSONNumberRange, Offset: start, Detail: "number does not fit an IEEE 754 double"}
	}
	return AppendNumber(dst, f)
}

// AppendNumber appends f as ECMAScript's Number.prototype.toString writes
// it (RFC 8785 §3.2.2.3): the shortest decimal that reads back as f;
// without an exponent from 1e-6 up to but excluding 1e21, otherwise as
// d[.ddd]e±n; -0 as 0. NaN and ±Inf have no JSON form: they are an error.
func AppendNumber(dst []byte, f float64) ([]byte, error) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return nil, &JSONError{Code: JSONNumberRange, Detail: "NaN and Infinity are not JSON numbers"}
	}
	if f == 0 {
		return append(dst, '0'), nil
	}
	if f < 0 {
		dst = append(dst, '-')
		f = -f
	}
	// strconv's shortest form d.ddde±x gives the digits ECMAScript wants
	// (shortest round-trip, nearest to f); only the layout differs.
	var tmp [32]byte
	e := strconv.AppendFloat(tmp[:0], f, 'e', -1, 64)
	var digits []byte
	var exp int
	for i, c := range e {
		if c == 'e' {
			exp, _ = strconv.Atoi(string(e[i+1:]))
			break
		}
		if c != '.' {
			digits = append(digits, c)
		}
	}
	k := len(digits) // number of significant digits
	n := exp + 1     // f = 0.d1d2…dk × 10^n
	switch {
	case k <= n && n <= 21: // integer: digits then zeros
		dst = append(dst, digits...)
		for range n - k {
			dst = append(dst, '0')
		}
	case 0 < n && n <= 21: // point inside the digits
		dst = append(dst, digits[:n]...)
		dst = append(dst, '.')
		dst = append(dst, digits[n:]...)
	case -6 < n && n <= 0: // 0.000ddd
		dst = append(dst, '0', '.')
		for range -n {
			dst = append(dst, '0')
		}
		dst = append(dst, digits...)
	default: // exponent form
		dst = append(dst, digits[0])
		if k > 1 {
			dst = append(dst, '.')
			dst = append(dst, digits[1:]...)
		}
		dst = append(dst, 'e')
		if n-1 >= 0 {
			dst = append(dst, '+')
		}
		dst = strconv.AppendInt(dst, int64(n-1), 10)
	}
	return dst, nil
}

const hexDigits = "0123456789abcdef"

// appendString appends s as a JCS string. s must be valid UTF-8 (callers
// check); its bytes are copied except the ones RFC 8785 escapes.
func appendString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' {
			continue
		}
		dst = append(dst, s[start:i]...)
		switch c {
		case '"':
			dst = append(dst, '\\', '"')
		case '\\':
			dst = append(dst, '\\', '\\')
		case '\b':
			dst = append(dst, '\\', 'b')
		case '\t':
			dst = append(dst, '\\', 't')
		case '\n':
			dst = append(dst, '\\', 'n')
		case '\f':
			dst = append(dst, '\\', 'f')
		case '\r':
			dst = append(dst, '\\', 'r')
		default:
			dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
		}
		start = i + 1
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

// compareUTF16 orders strings by their UTF-16 code units, as RFC 8785
// §3.2.3 sorts member names. UTF-8 byte order is code point order, which
// agrees with UTF-16 order except between a supplementary character (whose
// first code unit is a surrogate, 0xD800–0xDBFF) and a BMP character at or
// above 0xE000.
func compareUTF16(a, b string) int {
	for a != "" && b != "" {
		ra, na := utf8.DecodeRuneInString(a)
		rb, nb := utf8.DecodeRuneInString(b)
		if ra != rb {
			ua, ub := firstUnit(ra), firstUnit(rb)
			if ua != ub {
				return cmpInt(ua, ub)
			}
			return cmpInt(ra, rb) // both supplementary with the same high surrogate
		}
		a, b = a[na:], b[nb:]
	}
	return cmpInt(len(a), len(b))
}

func firstUnit(r rune) rune {
	if r >= 0x10000 {
		hi, _ := utf16.EncodeRune(r)
		return hi
	}
	return r
}

func cmpInt[T int | rune](a, b T) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
